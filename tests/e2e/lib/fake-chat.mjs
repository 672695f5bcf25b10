// A fake chat service and fake status pages on loopback, answering under the real host names
// (the browsers map those names to this server). One HTTPS server routes by Host; the test sets
// `server.state` to choose how each service's chat endpoint behaves. Also a minimal WebSocket
// server (RFC 6455 handshake and frames, enough for echo, binary, close and a dropped socket).

import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:https";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeCertificate } from "./certs.mjs";
import { PLANTED } from "./privacy.mjs";
import { ASSET_HOSTS, COOKIE_TOO_LARGE, siteRoute, TELEMETRY_HOSTS } from "./site-routes.mjs";

export { ASSET_HOSTS, TELEMETRY_HOSTS };

const HERE = dirname(fileURLToPath(import.meta.url));
const PAGES = join(HERE, "..", "pages");

/**
 * The chat services of the catalogue the extension was built from (`chatmedic catalog --json`,
 * written by build.sh beside dist/): their ids, names, hosts and chat endpoints. A service added
 * to the catalogue is served here under its real host without a line of this file changing.
 */
const CATALOG_FILE = join(HERE, "..", "..", "..", "target", "extension", "catalog.json");
export const CATALOG_CHATS = existsSync(CATALOG_FILE)
  ? JSON.parse(readFileSync(CATALOG_FILE, "utf8"))
      .services.filter((s) => !s.api)
      .map((s) => ({ id: s.id, name: s.name, chatUrl: new URL(s.chatUrl) }))
  : [];

/**
 * Every host the tests reach: the chat apps, their asset and file hosts, the status pages, and
 * the neighbours of ChatGPT's hosts under the same registrable domains (a ChatGPT subdomain, the
 * OpenAI platform and its sign-in host), whose cookies "clear ChatGPT's cookies" must leave alone.
 */
export const HOSTS = [
  "chatgpt.com",
  "claude.ai",
  "copilot.microsoft.com",
  "gemini.google.com",
  "www.perplexity.ai",
  ...ASSET_HOSTS,
  "status.openai.com",
  "status.claude.com",
  ...TELEMETRY_HOSTS,
  "chat.openai.com",
  "platform.openai.com",
  "auth.openai.com",
];
for (const s of CATALOG_CHATS) if (!HOSTS.includes(s.chatUrl.hostname)) HOSTS.push(s.chatUrl.hostname);

/** Each app's chat endpoint, as its page calls it. */
export const CHAT_PATHS = {
  "chatgpt.com": "/backend-api/f/conversation",
  "claude.ai": "/api/organizations/org1/chat_conversations/conv1/completion",
  "www.perplexity.ai": "/rest/sse/perplexity_ask",
};

export const STATUS_OPERATIONAL = {
  page: { id: "p1", name: "Claude", url: "https://status.claude.com" },
  components: [{ id: "c1", name: "claude.ai", status: "operational" }],
  incidents: [],
  scheduled_maintenances: [],
  status: { indicator: "none", description: "All Systems Operational" },
};

export const STATUS_CLAUDE_INCIDENT = {
  page: { id: "p1", name: "Claude", url: "https://status.claude.com" },
  components: [{ id: "c1", name: "claude.ai", status: "major_outage" }],
  incidents: [
    {
      id: "inc1",
      name: "Elevated errors on claude.ai",
      status: "investigating",
      impact: "major",
      shortlink: "https://stspg.io/x",
      components: [{ id: "c1", name: "claude.ai", status: "major_outage" }],
    },
  ],
  scheduled_maintenances: [],
  status: { indicator: "major", description: "Partial System Outage" },
};

export const STATUS_OPENAI_OPERATIONAL = {
  summary: {
    id: "page-1",
    name: "OpenAI",
    public_url: "https://status.openai.com",
    components: [{ id: "cmp-1", name: "ChatGPT", status_page_id: "page-1" }],
    affected_components: [],
    ongoing_incidents: [],
    scheduled_maintenances: [],
  },
};

/** The default behaviour: every chat works, every status page says operational. */
export function defaultState() {
  return {
    chat: { "chatgpt.com": "ok", "claude.ai": "ok", "www.perplexity.ai": "ok" },
    ws: "echo",
    // Which page "/" serves: the small test chat (chat.html), or a fake of the real site with
    // its composer bottom-centre or bottom-right (site-centre.html, site-right.html).
    site: "chat",
    // How every document answers: "ok", or "cookies400" (nginx's 400 page once the Cookie
    // header is over 4 KiB, as a front end with a small header buffer answers).
    pages: "ok",
    status: { claude: STATUS_OPERATIONAL, openai: STATUS_OPENAI_OPERATIONAL },
    sseBytes: 0,
    requests: [],
    // Recorded answers by host: `{path, status, headers, body}` answers a POST to `path` (a
    // scenario's failed chat turn, replayed under the service's real host).
    replies: {},
  };
}

function sse(res, events, { cut = false, extraHeaders = {} } = {}) {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    ...extraHeaders,
  });
  let i = 0;
  const next = () => {
    if (i < events.length) {
      res.write(events[i++]);
      setTimeout(next, 15);
    } else if (cut) {
      // The connection dies mid-reply: no terminating chunk, as a dropped link looks.
      res.socket.destroy();
    } else {
      res.end();
    }
  };
  next();
}

// The reply carries planted conversation text (lib/privacy.mjs): it must never be kept.
const REPLY = [
  'event: delta\ndata: {"v":"Hello"}\n\n',
  `event: delta\ndata: {"v":" there, ${PLANTED.reply} this is a reply"}\n\n`,
  'event: delta\ndata: {"v":" in three parts."}\n\n',
  "data: [DONE]\n\n",
];

function chat(req, res, host, state) {
  const mode = state.chat[host] ?? "ok";
  const cookieBytes = (req.headers.cookie ?? "").length;
  switch (mode) {
    case "ok":
      return sse(res, REPLY);
    case "error500":
      res.writeHead(500, {
        "content-type": "application/json",
        server: "cloudflare",
        "cf-ray": "8f00aa11bb22cc33-FRA",
      });
      // Services name the account in some errors: a planted address the excerpt must lose.
      return res.end(JSON.stringify({ detail: "Internal Server Error", account: PLANTED.errorEmail }));
    case "overloaded":
      res.writeHead(529, { "content-type": "application/json", "request-id": "req_011CTest" });
      return res.end(JSON.stringify({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } }));
    case "ratelimit":
      res.writeHead(429, { "content-type": "application/json", "retry-after": "30" });
      return res.end(JSON.stringify({ detail: "Too many requests in 1 hour. Try again later." }));
    case "ratelimit-reset": {
      // An API-style rate limit with its reset headers, as Anthropic documents them: every
      // `anthropic-ratelimit-requests-*` header, reset as RFC 3339, 40 seconds from now.
      const reset = new Date(Date.now() + 40_000).toISOString().replace(/\.\d+Z$/, "Z");
      res.writeHead(429, {
        "content-type": "application/json",
        "anthropic-ratelimit-requests-limit": "50",
        "anthropic-ratelimit-requests-remaining": "0",
        "anthropic-ratelimit-requests-reset": reset,
        "request-id": "req_011CRateLimited",
      });
      return res.end(
        JSON.stringify({
          type: "error",
          error: { type: "rate_limit_error", message: "Number of requests has exceeded your rate limit." },
        }),
      );
    }
    case "usage-cap": {
      // Claude's five-hour usage cap as claude.ai answers it: a 429 whose message is the
      // `exceeded_limit` JSON with `resetsAt` (Unix seconds), here three hours from now.
      const resetsAt = Math.floor(Date.now() / 1000) + 3 * 3600;
      const message = JSON.stringify({
        type: "exceeded_limit",
        resetsAt,
        remaining: null,
        perModelLimit: false,
        representativeClaim: "five_hour",
      });
      res.writeHead(429, { "content-type": "application/json", "request-id": "req_011CCap" });
      return res.end(JSON.stringify({ type: "error", error: { type: "rate_limit_error", message } }));
    }
    case "challenge":
      res.writeHead(403, {
        "content-type": "text/html; charset=UTF-8",
        server: "cloudflare",
        "cf-mitigated": "challenge",
        "cf-ray": "8f00aa11bb22cc34-FRA",
      });
      return res.end(
        "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Enable JavaScript and cookies to continue</body></html>",
      );
    case "cookies431":
      if (cookieBytes > 4096) {
        res.writeHead(431, { "content-type": "text/html", server: "cloudflare" });
        return res.end(
          "<html><head><title>431 Request Header Fields Too Large</title></head><body><center><h1>431 Request Header Fields Too Large</h1></center><center>Request Header Or Cookie Too Large</center></body></html>",
        );
      }
      return sse(res, REPLY);
    case "cut":
      return sse(res, REPLY.slice(0, 2), { cut: true });
    case "stream-error":
      return sse(res, [
        REPLY[0],
        'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
      ]);
    default:
      res.writeHead(500);
      return res.end(`unknown mode ${mode}`);
  }
}

// A big SSE reply for the transparency and hook-cost measurements: `n` bytes in 64 KiB events.
function bigStream(res, n, type = "text/event-stream") {
  res.writeHead(200, { "content-type": type, "cache-control": "no-cache" });
  const payload = `data: ${"x".repeat(65536 - 8)}\n\n`;
  let left = n;
  const pump = () => {
    while (left > 0) {
      const chunk = left >= payload.length ? payload : payload.slice(0, left);
      left -= chunk.length;
      if (!res.write(chunk)) return res.once("drain", pump);
    }
    res.end();
  };
  pump();
}

/** The session cookies a signed-in user of `host` carries (HttpOnly, like the real ones). */
function sessionCookies(host) {
  const attrs = "Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=3600";
  const session =
    host === "claude.ai"
      ? `sessionKey=${PLANTED.claudeSessionKey}`
      : `__Secure-next-auth.session-token=${PLANTED.sessionCookie}`;
  return [`${session}; ${attrs}`, `cf_clearance=${PLANTED.clearanceCookie}; ${attrs}`];
}

function page(res, file, headers = {}) {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...headers });
  res.end(readFileSync(join(PAGES, file)));
}

function handle(req, res, state) {
  const host = (req.headers.host ?? "").split(":")[0];
  const url = new URL(req.url, `https://${host}`);
  state.requests.push(`${req.method} ${host}${url.pathname}`);
  if (state.requests.length > 500) state.requests.splice(0, 250);

  if (state.pages === "cookies400" && (req.headers.cookie ?? "").length > 4096) {
    res.writeHead(400, { "content-type": "text/html", server: "nginx" });
    return res.end(COOKIE_TOO_LARGE);
  }

  if (host === "status.claude.com" && url.pathname === "/api/v2/summary.json") {
    res.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" });
    return res.end(JSON.stringify(state.status.claude));
  }
  if (host === "status.openai.com" && url.pathname.startsWith("/proxy/")) {
    res.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" });
    return res.end(JSON.stringify(state.status.openai));
  }
  const reply = state.replies[host];
  if (reply && url.pathname === reply.path && req.method === "POST") {
    req.resume();
    return req.on("end", () => {
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body ?? "");
    });
  }
  if (url.pathname === CHAT_PATHS[host] && req.method === "POST") {
    req.resume();
    return req.on("end", () => chat(req, res, host, state));
  }
  if (url.pathname === "/test/big-stream") {
    const type = url.searchParams.get("type") === "octet" ? "application/octet-stream" : "text/event-stream";
    return bigStream(res, Number(url.searchParams.get("bytes") ?? 1e6), type);
  }
  if (url.pathname === "/test/json") {
    res.writeHead(200, { "content-type": "application/json", "x-test": "yes" });
    return res.end(JSON.stringify({ hello: "world", n: [1, 2, 3] }));
  }
  if (url.pathname === "/test/error-json") {
    res.writeHead(429, { "content-type": "application/json", "retry-after": "7" });
    return res.end(JSON.stringify({ error: { type: "rate_limit_error", message: "slow down" } }));
  }
  if (url.pathname === "/test/sse") return sse(res, REPLY);
  if (url.pathname === "/test/slow-sse") {
    res.writeHead(200, { "content-type": "text/event-stream" });
    let n = 0;
    const timer = setInterval(() => {
      if (res.destroyed || n++ > 200) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write(`data: tick ${n}\n\n`);
    }, 20);
    res.on("close", () => clearInterval(timer));
    return;
  }
  if (url.pathname === "/app.js") {
    res.writeHead(200, { "content-type": "text/javascript", "cache-control": "no-store" });
    // The app sends the planted secrets (lib/privacy.mjs) the way a user's session would.
    // Its chat endpoint too, where the catalogue names the host's and app.js does not.
    const chatPath = CATALOG_CHATS.find((s) => s.chatUrl.hostname === host)?.chatUrl.pathname ?? null;
    return res.end(
      `const PLANTED = ${JSON.stringify(PLANTED)};\nconst CATALOG_CHAT_PATH = ${JSON.stringify(chatPath)};\n${readFileSync(join(PAGES, "app.js"))}`,
    );
  }
  if (url.pathname === "/site.js") {
    res.writeHead(200, { "content-type": "text/javascript", "cache-control": "no-store" });
    return res.end(readFileSync(join(PAGES, "site.js")));
  }
  if (url.pathname === "/transparency") return page(res, "transparency.html");
  if (url.pathname === "/bench") return page(res, "bench.html");
  if (url.pathname === "/forge") return page(res, "forge.html");
  // The hostile-page and load tests' pages (tests/e2e/pages/hostile*.html).
  if (/^\/hostile(-[a-z]+)?$/.test(url.pathname)) return page(res, `${url.pathname.slice(1)}.html`);
  if (url.pathname === "/favicon.ico") {
    res.writeHead(204);
    return res.end();
  }
  if (siteRoute(req, res, host, url)) return;
  if (
    url.pathname === "/" ||
    url.pathname.startsWith("/c/") ||
    url.pathname.startsWith("/chat") ||
    url.pathname.startsWith("/search/")
  ) {
    // The 431 scenario: the site has piled up cookies (set here, sent with every request).
    const cookies =
      state.chat[host] === "cookies431" && url.searchParams.has("fill")
        ? Array.from({ length: 6 }, (_, i) => `big${i}=${"c".repeat(1000)}; Path=/; Secure; SameSite=Lax; Max-Age=3600`)
        : [];
    // A signed-in session: secret cookies on every chat page (lib/privacy.mjs).
    cookies.push(...sessionCookies(host));
    const file = state.site === "chat" ? "chat.html" : `site-${state.site}.html`;
    return page(res, file, { "set-cookie": cookies });
  }
  res.writeHead(404, { "content-type": "text/plain" });
  res.end("not found");
}

// WebSocket: the handshake, then echo text and binary frames, answer close; `state.ws` "drop"
// destroys the socket after the handshake (the browser reports 1006), "stream-drop" does so in
// the middle of a stream of server events, "refuse" answers 403.
function frame(opcode, payload) {
  const len = payload.length;
  const head =
    len < 126
      ? Buffer.from([0x80 | opcode, len])
      : len < 65536
        ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 255])
        : null;
  if (!head) {
    const h = Buffer.alloc(10);
    h[0] = 0x80 | opcode;
    h[1] = 127;
    h.writeBigUInt64BE(BigInt(len), 2);
    return Buffer.concat([h, payload]);
  }
  return Buffer.concat([head, payload]);
}

function upgrade(req, socket, state) {
  const key = req.headers["sec-websocket-key"];
  if (!key || state.ws === "refuse") {
    socket.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
    return;
  }
  const accept = createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
  socket.write(
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  if (state.ws === "drop") {
    setTimeout(() => socket.destroy(), 100);
    return;
  }
  if (state.ws === "stream-drop") {
    // A reply in progress, then the link dies: server events every 20 ms, as Copilot streams
    // `appendText`, and no close frame after the fifth.
    let n = 0;
    const timer = setInterval(() => {
      if (socket.destroyed) return clearInterval(timer);
      if (n++ === 5) {
        clearInterval(timer);
        return socket.destroy();
      }
      socket.write(frame(0x1, Buffer.from(JSON.stringify({ event: "appendText", text: `part ${n}` }))));
    }, 20);
    socket.on("error", () => {});
    return;
  }
  let buf = Buffer.alloc(0);
  socket.on("data", (data) => {
    buf = Buffer.concat([buf, data]);
    while (buf.length >= 2) {
      const opcode = buf[0] & 0x0f;
      let len = buf[1] & 0x7f;
      let off = 2;
      if (len === 126) {
        if (buf.length < 4) return;
        len = buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (buf.length < 10) return;
        len = Number(buf.readBigUInt64BE(2));
        off = 10;
      }
      const masked = buf[1] & 0x80;
      const maskOff = off;
      if (masked) off += 4;
      if (buf.length < off + len) return;
      const payload = Buffer.from(buf.subarray(off, off + len));
      if (masked) for (let i = 0; i < len; i++) payload[i] ^= buf[maskOff + (i % 4)];
      buf = buf.subarray(off + len);
      if (opcode === 0x8) {
        socket.end(frame(0x8, payload.subarray(0, 2).length ? payload : Buffer.from([0x03, 0xe8])));
        return;
      }
      if (opcode === 0x9) socket.write(frame(0xa, payload));
      else if (opcode === 0x1 || opcode === 0x2) socket.write(frame(opcode, payload));
    }
  });
  socket.on("error", () => {});
}

/** Starts the server on `port` (0 for any) and returns {port, state, close, certificate}. */
export async function startFakeChat({ port = 0, certificate = makeCertificate(HOSTS) } = {}) {
  const server = createServer({ key: certificate.key, cert: certificate.cert });
  const handle_ = { state: defaultState(), certificate };
  server.on("request", (req, res) => {
    try {
      handle(req, res, handle_.state);
    } catch (e) {
      res.writeHead(500);
      res.end(String(e));
    }
  });
  server.on("upgrade", (req, socket) => upgrade(req, socket, handle_.state));
  server.on("tlsClientError", () => {});
  const sockets = new Set();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  handle_.port = server.address().port;
  handle_.reset = () => {
    handle_.state = defaultState();
  };
  handle_.close = () =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(resolve);
    });
  return handle_;
}
