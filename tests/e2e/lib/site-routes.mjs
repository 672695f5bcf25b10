// The fake sites' other endpoints (tests/e2e/pages/site.js calls them): session, models, file
// upload, the pre-send checks, the app bundles, and the telemetry each real site fires. They
// answer as the real ones do in shape (JSON, a script, 204), with CORS for the cross-origin ones,
// so that only what a blocker blocks fails. The chat endpoints themselves are fake-chat.mjs's.

/**
 * The hosts the fake sites' telemetry goes to: statsig and its proxies, Datadog's intake,
 * Segment's and Sift's proxies on anthropic.com, OpenAI's ads beacon. They are among the HOSTS
 * the browsers map to the fake server, so a request no blocker blocks succeeds, as on the real
 * sites.
 */
export const TELEMETRY_HOSTS = [
  "ab.chatgpt.com",
  "bzr.openai.com",
  "bzrcdn.openai.com",
  "featuregates.org",
  "statsigapi.net",
  "browser-intake-datadoghq.com",
  "statsig.anthropic.com",
  "a-cdn.anthropic.com",
  "a-api.anthropic.com",
  "s-cdn.anthropic.com",
];

/**
 * The hosts of the sites' app bundles and uploaded files (cross-origin to the page). Not
 * assets.claude.ai: the popup's checks test expects that one unreachable.
 */
export const ASSET_HOSTS = ["cdn.oaistatic.com", "files.oaiusercontent.com", "pplx-next-static-public.perplexity.ai"];

/** nginx's own 400 page for an oversized header (ngx_http_special_response.c, verbatim). */
export const COOKIE_TOO_LARGE =
  "<html>\r\n<head><title>400 Request Header Or Cookie Too Large</title></head>\r\n<body>\r\n" +
  "<center><h1>400 Bad Request</h1></center>\r\n<center>Request Header Or Cookie Too Large</center>\r\n" +
  "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

// JSON answers by host and path (exact, or a prefix ending in "/"). Bodies are small stand-ins
// of the real shapes; nothing reads them but the fake app.
const JSON_ROUTES = {
  "chatgpt.com": {
    "/api/auth/session": { user: { id: "user-1", name: "Test" }, expires: "2099-01-01T00:00:00Z", accessToken: "x" },
    "/backend-api/me": { object: "user", id: "user-1" },
    "/backend-api/models": { models: [{ slug: "gpt-5", title: "GPT-5" }] },
    "/backend-api/accounts/check/v4-2023-04-27": { accounts: { default: { account: { plan_type: "plus" } } } },
    "/backend-api/conversations": { items: [], total: 0, limit: 28, offset: 0 },
    "/backend-api/sentinel/chat-requirements/prepare": {
      persona: "chatgpt-paid",
      prepare_token: "p1",
      turnstile: { required: false },
    },
    "/backend-api/sentinel/chat-requirements/finalize": { token: "t1", expire_after: 540 },
    "/backend-api/sentinel/ping": {},
    "/backend-api/lat/r": {},
    "/backend-api/files": {
      file_id: "file-abc",
      upload_url: "https://files.oaiusercontent.com/file-abc?se=2099&sig=x",
      status: "success",
    },
    "/backend-api/files/file-abc/uploaded": { status: "success" },
    "/ces/v1/": {},
    "/ces/statsc/flush": {},
  },
  "claude.ai": {
    "/api/bootstrap": { account: { uuid: "acc1" } },
    "/api/account": { uuid: "acc1" },
    "/api/organizations": [{ uuid: "org1", name: "Personal" }],
    "/api/organizations/org1/chat_conversations": [],
    "/api/organizations/org1/upload": { file_uuid: "f1", file_name: "notes.txt" },
    "/api/convert_document": { file_name: "notes.txt", extracted_content: "notes" },
    "/api/event_logging/batch": {},
    "/sentry": {},
  },
  "www.perplexity.ai": {
    "/api/auth/session": { user: { id: "u1" }, expires: "2099-01-01T00:00:00Z" },
    "/rest/user/settings": { has_ai_profile: false },
    "/rest/thread/list_ask_threads": [],
    "/rest/event/analytics": {},
    "/rest/metrics/collect": {},
    "/rest/uploads/create_upload_url": { s3_bucket_url: "https://www.perplexity.ai/test/upload", fields: {} },
  },
};

function routeFor(host, path) {
  const routes = JSON_ROUTES[host];
  if (!routes) return undefined;
  if (Object.hasOwn(routes, path)) return routes[path];
  const prefix = Object.keys(routes).find((p) => p.endsWith("/") && path.startsWith(p));
  return prefix ? routes[prefix] : undefined;
}

// Cross-origin requests carry credentials on the real sites (statsig, Segment): the answer names
// the origin and allows them.
function cors(req) {
  const origin = req.headers.origin;
  return origin
    ? {
        "access-control-allow-origin": origin,
        "access-control-allow-credentials": "true",
        "access-control-allow-methods": "GET, POST, PUT, OPTIONS",
        "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "content-type",
      }
    : {};
}

/** Answers `req` when it is one of the fake sites' endpoints; returns whether it did. */
export function siteRoute(req, res, host, url) {
  const path = url.pathname;
  const crossOrigin = TELEMETRY_HOSTS.includes(host) || ASSET_HOSTS.includes(host);
  if (req.method === "OPTIONS" && crossOrigin) {
    res.writeHead(204, cors(req));
    res.end();
    return true;
  }
  // App bundles: scripts and styles from the service's CDN (or its own /_next/static/).
  if (/\.(m?js|css)$/.test(path) && (crossOrigin || path.startsWith("/_next/static/"))) {
    const css = path.endsWith(".css");
    res.writeHead(200, {
      "content-type": css ? "text/css" : "text/javascript",
      "cache-control": "no-store",
      ...cors(req),
    });
    res.end(css ? "/* app styles */\n" : "/* app bundle */\n");
    return true;
  }
  if (TELEMETRY_HOSTS.includes(host)) {
    req.resume();
    // Segment's settings are JSON; statsig's initialize answers JSON; the rest take events.
    res.writeHead(path.includes("/settings") || path.includes("/initialize") ? 200 : 202, {
      "content-type": "application/json",
      ...cors(req),
    });
    res.end(JSON.stringify({ success: true }));
    return true;
  }
  if (host === "files.oaiusercontent.com" && req.method === "PUT") {
    req.resume();
    req.on("end", () => {
      res.writeHead(201, cors(req));
      res.end();
    });
    return true;
  }
  if (host === "www.perplexity.ai" && path === "/test/upload") {
    req.resume();
    req.on("end", () => {
      res.writeHead(204);
      res.end();
    });
    return true;
  }
  const body = routeFor(host, path);
  if (body === undefined) return false;
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
  });
  return true;
}
