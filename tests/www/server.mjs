// The help page's local server: serves dist/www, a WebSocket echo endpoint (/ws-echo) for the
// WebSocket check, the second-site endpoints of the third-party cookie check (/3pc/*), and a
// config.json that points the page's checks at them. `./build.sh serve` runs it; the Playwright
// tests and the benchmark start it in-process through startServer().
//
//   node tests/www/server.mjs [--root dist/www] [--port 8080] [--host 127.0.0.1]
//
// Plain Node, no dependencies: the WebSocket handshake and frames are done by hand (RFC 6455,
// text frames up to 64 KiB: all the check needs).

import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".har": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

// What the page may load and connect to: itself, the services' status pages and hosts (https),
// WebSockets, and loopback (the tests' fake servers).
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' https: wss: ws: http://127.0.0.1:* http://localhost:*",
  "frame-ancestors 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/** The other loopback name: 127.0.0.1 and localhost are different sites to a browser. */
function otherSite(hostHeader) {
  const [host, port] = (hostHeader || "127.0.0.1").split(":");
  const other = host === "localhost" ? "127.0.0.1" : "localhost";
  return port ? `${other}:${port}` : other;
}

/**
 * The id Chrome gives an unpacked extension in `dir`: from its manifest's `key` when it has one,
 * else from its absolute path; sha256, first 32 hex digits written with the letters a–p.
 */
export function extensionId(dir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
  const source = manifest.key ? Buffer.from(manifest.key, "base64") : Buffer.from(path.resolve(dir));
  const hex = crypto.createHash("sha256").update(source).digest("hex").slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join("");
}

/** The extensions the page may ask (with consent): the built dist/chrome next to the page's
 *  root, and any in CHATMEDIC_EXTENSION_IDS (comma-separated). */
function extensionIds(root) {
  const ids = (process.env.CHATMEDIC_EXTENSION_IDS || "").split(",").filter((id) => /^[a-p]{32}$/.test(id));
  const chrome = path.resolve(root, "../chrome");
  if (fs.existsSync(path.join(chrome, "manifest.json"))) {
    try {
      ids.push(extensionId(chrome));
    } catch {
      // an unreadable manifest: no bridge to it
    }
  }
  return ids;
}

function config(req, root) {
  const host = req.headers.host || "127.0.0.1";
  return {
    websocketUrl: `ws://${host}/ws-echo`,
    thirdPartyOrigin: `http://${otherSite(host)}`,
    clockUrl: "./config.json",
    baitUrl: "./bait/pagead/adsbygoogle.js?ad_slot=1&format=banner",
    extensionIds: extensionIds(root),
  };
}

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store", ...headers });
  res.end(body);
}

/** Serves a file under root; refuses paths that climb out of it. */
function serveStatic(root, req, res) {
  const url = new URL(req.url, "http://x");
  let rel = decodeURIComponent(url.pathname);
  if (rel.endsWith("/")) rel += "index.html";
  const file = path.resolve(root, `.${rel}`);
  if (!file.startsWith(path.resolve(root) + path.sep)) {
    send(res, 403, "text/plain", "forbidden");
    return;
  }
  fs.stat(file, (err, st) => {
    if (err || !st.isFile()) {
      send(res, 404, "text/plain; charset=utf-8", "not found");
      return;
    }
    const type = TYPES[path.extname(file)] || "application/octet-stream";
    const headers = { "content-type": type, "content-length": st.size, "cache-control": "no-cache" };
    if (type.startsWith("text/html")) headers["content-security-policy"] = CSP;
    // The widget is embedded from other sites: its module, wasm, strings and style load
    // cross-origin (also into cross-origin isolated pages).
    else {
      headers["access-control-allow-origin"] = "*";
      headers["cross-origin-resource-policy"] = "cross-origin";
    }
    res.writeHead(200, headers);
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    fs.createReadStream(file).pipe(res);
  });
}

/** The third-party cookie check's second site: sets a cookie, then says whether it came back. */
function thirdParty(req, res) {
  const origin = req.headers.origin;
  const cors = origin
    ? { "access-control-allow-origin": origin, "access-control-allow-credentials": "true", vary: "origin" }
    : {};
  const url = new URL(req.url, "http://x");
  const nonce = (url.searchParams.get("n") || "").replace(/[^0-9]/g, "").slice(0, 20);
  if (url.pathname === "/3pc/set") {
    send(res, 200, "application/json", '{"set":true}', {
      ...cors,
      "set-cookie": `chatmedic_3pc=${nonce}; Path=/3pc; Max-Age=60; SameSite=None; Secure`,
    });
    return;
  }
  const cookies = (req.headers.cookie || "").split(";").map((c) => c.trim());
  const seen = nonce !== "" && cookies.includes(`chatmedic_3pc=${nonce}`);
  send(res, 200, "application/json", JSON.stringify({ cookie: seen }), cors);
}

/** Accepts a WebSocket on /ws-echo and echoes text frames back. */
function upgrade(req, socket) {
  const key = req.headers["sec-websocket-key"];
  if (new URL(req.url, "http://x").pathname !== "/ws-echo" || !key) {
    socket.end("HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n");
    return;
  }
  const accept = crypto.createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
  socket.write(
    "HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\n" +
      `sec-websocket-accept: ${accept}\r\n\r\n`,
  );
  let buf = Buffer.alloc(0);
  socket.on("data", (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      if (buf.length < 2) return;
      const opcode = buf[0] & 0x0f;
      let len = buf[1] & 0x7f;
      let at = 2;
      if (len === 126) {
        if (buf.length < 4) return;
        len = buf.readUInt16BE(2);
        at = 4;
      } else if (len === 127) {
        socket.destroy(); // frames this large are not part of the check
        return;
      }
      const masked = (buf[1] & 0x80) !== 0;
      const need = at + (masked ? 4 : 0) + len;
      if (buf.length < need) return;
      const mask = masked ? buf.subarray(at, at + 4) : null;
      const payload = Buffer.from(buf.subarray(at + (masked ? 4 : 0), need));
      if (mask) for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
      buf = buf.subarray(need);
      if (opcode === 0x8) {
        // Close: answer with the same code, then end.
        socket.end(frame(0x8, payload.subarray(0, 2)));
        return;
      }
      if (opcode === 0x9) socket.write(frame(0xa, payload));
      else if (opcode === 0x1 || opcode === 0x2) socket.write(frame(opcode, payload));
    }
  });
  socket.on("error", () => socket.destroy());
}

function frame(opcode, payload) {
  const head =
    payload.length < 126
      ? Buffer.from([0x80 | opcode, payload.length])
      : Buffer.from([0x80 | opcode, 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([head, payload]);
}

/**
 * Starts the server. `root` is the built page (dist/www); `port` 0 picks a free port;
 * `mounts` serves more directories under URL prefixes (`{'/bench/': dir}`).
 * Resolves to { server, port, url, setConfig(override), close() }.
 */
export function startServer({ root, port = 0, host = "127.0.0.1", mounts = {} } = {}) {
  // Tests replace parts of config.json (setConfig) to point a check somewhere else.
  let configOverride = {};
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url, "http://x").pathname;
    if (pathname === "/config.json") {
      send(res, 200, "application/json", JSON.stringify({ ...config(req, root), ...configOverride }), {
        "access-control-allow-origin": "*",
        "access-control-expose-headers": "date",
      });
      return;
    }
    if (pathname.startsWith("/3pc/")) {
      thirdParty(req, res);
      return;
    }
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (pathname.startsWith(prefix)) {
        req.url = req.url.slice(prefix.length - 1);
        serveStatic(dir, req, res);
        return;
      }
    }
    serveStatic(root, req, res);
  });
  server.on("upgrade", upgrade);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      resolve({
        server,
        port: actual,
        url: `http://${host}:${actual}/`,
        setConfig(override = {}) {
          configOverride = override;
        },
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(arg("root", "dist/www"));
  if (!fs.existsSync(path.join(root, "index.html"))) {
    console.error(`server.mjs: ${root}/index.html not found: build the page first (./build.sh)`);
    process.exit(1);
  }
  const explicit = arg("port", process.env.PORT || "");
  const port = Number(explicit || "8080");
  const host = arg("host", "127.0.0.1");
  const fail = (e) => {
    console.error(`server.mjs: cannot listen on ${host}:${port}: ${e.message}`);
    process.exit(1);
  };
  // 8080 taken and no port asked for: any free port will do.
  const { url } = await startServer({ root, port, host }).catch((e) =>
    !explicit && e.code === "EADDRINUSE" ? startServer({ root, port: 0, host }).catch(fail) : fail(e),
  );
  console.log(`chatmedic help page: ${url}`);
  console.log(`  widget example:    ${url}embed-example.html`);
  console.log("  (Ctrl-C to stop)");
}
