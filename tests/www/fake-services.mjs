// Stand-ins for everything the help page reaches off its own origin, on loopback: the services'
// status APIs (Atlassian Statuspage and incident.io shapes) and the services' hosts for the reach
// check. The page is pointed here with ?statusBase=…&probeBase=… (loopback only).
//
//   GET /<service>/api/v2/summary.json        Atlassian summary (claude, anthropic_api, perplexity)
//   GET /<service>/proxy/status.openai.com    incident.io widget API (chatgpt, openai_api)
//   GET /s/<state>/<service>/…                 the same, in the state the URL names
//   GET /reach/<host>/favicon.ico             a service host: answers after `delayMs`
//   GET /date?skew=S                          a Date header S seconds off (clock check)
//   POST /_control {status:{svc:state}, reach:{host:behaviour}, delayMs}
//
// Status states: operational | minor | incident | major | maintenance | unreachable (the socket
// is destroyed) | broken (an HTML error page, not JSON). Reach behaviours: ok | timeout (never
// answers) | reset (accepts, then resets after `delayMs`, as a refused or cut connection does
// over a real network); a host named ok.*, timeout.* or reset.* behaves as its name says.

import http from "node:http";

const ATLASSIAN = new Set(["claude", "anthropic_api", "perplexity"]);
const INCIDENT_IO = new Set(["chatgpt", "openai_api"]);

const NAMES = {
  chatgpt: "ChatGPT",
  openai_api: "API",
  claude: "claude.ai",
  anthropic_api: "Claude API",
  perplexity: "Perplexity",
};

function atlassian(service, state) {
  const component = { id: "cmp1", name: NAMES[service], status: "operational", group: false };
  const body = {
    page: { id: "g13x0v2qtlpv", name: "Status", url: "https://status.example", time_zone: "Etc/UTC" },
    components: [component, { id: "cmp2", name: "Console", status: "operational", group: false }],
    incidents: [],
    scheduled_maintenances: [],
    status: { indicator: "none", description: "All Systems Operational" },
  };
  const incident = (impact, status) => ({
    id: "inc1",
    name: `Elevated errors on ${NAMES[service]}`,
    status,
    impact,
    shortlink: "https://stspg.io/inc1",
    incident_updates: [{ id: "u1", status, body: "We are currently investigating this issue." }],
    components: [{ id: "cmp1", name: NAMES[service], status: component.status }],
  });
  if (state === "minor" || state === "incident") {
    component.status = "degraded_performance";
    body.status = { indicator: "minor", description: "Partially Degraded Service" };
    body.incidents.push(incident("minor", "investigating"));
  } else if (state === "major") {
    component.status = "major_outage";
    body.status = { indicator: "critical", description: "Major System Outage" };
    body.incidents.push(incident("critical", "identified"));
  } else if (state === "maintenance") {
    component.status = "under_maintenance";
    body.status = { indicator: "maintenance", description: "System Under Maintenance" };
    body.scheduled_maintenances.push({
      id: "m1",
      name: "Scheduled database maintenance",
      status: "in_progress",
      impact: "maintenance",
      shortlink: "https://stspg.io/m1",
      components: [{ id: "cmp1", name: NAMES[service], status: "under_maintenance" }],
    });
  }
  return body;
}

function incidentIo(service, state) {
  const summary = {
    id: "page-1",
    name: "OpenAI",
    public_url: "https://status.openai.com",
    components: [
      { id: "cmp-1", name: NAMES[service], status_page_id: "page-1" },
      { id: "cmp-2", name: "Login", status_page_id: "page-1" },
    ],
    affected_components: [],
    ongoing_incidents: [],
    scheduled_maintenances: [],
    structure: { items: [{ component: { component_id: "cmp-1", name: NAMES[service] } }] },
  };
  const incident = (impact, status) => ({
    id: "inc-1",
    name: `Elevated error rates for ${NAMES[service]}`,
    status,
    current_worst_impact: impact,
    url: "https://status.openai.com/incidents/inc-1",
    affected_components: [{ component_id: "cmp-1", status: impact }],
  });
  if (state === "minor" || state === "incident") {
    summary.affected_components.push({ component_id: "cmp-1", status: "partial_outage" });
    summary.ongoing_incidents.push(incident("partial_outage", "investigating"));
  } else if (state === "major") {
    summary.affected_components.push({ component_id: "cmp-1", status: "full_outage" });
    summary.ongoing_incidents.push(incident("full_outage", "identified"));
  } else if (state === "maintenance") {
    summary.affected_components.push({ component_id: "cmp-1", status: "under_maintenance" });
    summary.scheduled_maintenances.push({
      id: "m-1",
      name: "Scheduled maintenance",
      status: "maintenance_in_progress",
      url: "https://status.openai.com/incidents/m-1",
      affected_components: [{ component_id: "cmp-1", status: "under_maintenance" }],
    });
  }
  return { summary };
}

/** Starts the fake services. Resolves to { port, base, control(obj), requests, close() }. */
export function startFakeServices({ port = 0 } = {}) {
  const state = { status: {}, reach: {}, delayMs: 40, statusDelayMs: 0 };
  const requests = [];
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    requests.push(url.pathname);
    const cors = {
      // Real hosts are fetched no-cors; a cross-origin isolated page (the wasm-bindgen test
      // runner's) only accepts such answers with this header.
      "cross-origin-resource-policy": "cross-origin",
      "access-control-allow-origin": "*",
      "access-control-allow-headers": "content-type",
      "cache-control": "no-store",
    };
    if (req.method === "OPTIONS") {
      res.writeHead(204, { ...cors, "access-control-allow-methods": "GET, POST" });
      res.end();
      return;
    }
    if (url.pathname === "/_control" && req.method === "POST") {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        Object.assign(state, JSON.parse(body || "{}"));
        res.writeHead(200, cors);
        res.end("{}");
      });
      return;
    }
    if (url.pathname === "/date") {
      // A server clock `skew` seconds off, for the clock check.
      const skew = Number(url.searchParams.get("skew") || 0);
      res.writeHead(200, {
        ...cors,
        date: new Date(Date.now() + skew * 1000).toUTCString(),
        "access-control-expose-headers": "date",
        "content-type": "text/plain",
      });
      res.end("ok");
      return;
    }
    const reach = url.pathname.match(/^\/reach\/([^/]+)\//);
    if (reach) {
      // A host named for its behaviour (timeout.example) needs no /_control call.
      const named = reach[1].match(/^(ok|timeout|reset)\./);
      const behaviour = state.reach[reach[1]] || (named ? named[1] : "ok");
      if (behaviour === "timeout") return; // never answers: the page's time limit ends it
      setTimeout(() => {
        if (behaviour === "reset") {
          req.socket.resetAndDestroy();
          return;
        }
        res.writeHead(404, { "content-type": "text/plain", ...cors });
        res.end("not found");
      }, state.delayMs);
      return;
    }
    // /s/<state>/<service>/… sets the state in the URL (for tests that run side by side).
    const m = url.pathname.match(
      /^(?:\/s\/([a-z]+))?\/([a-z_]+)\/(api\/v2\/summary\.json|proxy\/status\.openai\.com)$/,
    );
    if (!m) {
      res.writeHead(404, cors);
      res.end();
      return;
    }
    const service = m[2];
    const s = m[1] || state.status[service] || "operational";
    setTimeout(() => {
      if (s === "unreachable") {
        req.socket.destroy();
        return;
      }
      if (s === "broken") {
        res.writeHead(502, { "content-type": "text/html", ...cors });
        res.end("<html><body>502 Bad Gateway</body></html>");
        return;
      }
      let body;
      if (ATLASSIAN.has(service) && m[3].startsWith("api/")) body = atlassian(service, s);
      else if (INCIDENT_IO.has(service) && m[3].startsWith("proxy/")) body = incidentIo(service, s);
      else {
        res.writeHead(404, cors);
        res.end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json", ...cors });
      res.end(JSON.stringify(body));
    }, state.statusDelayMs);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const actual = server.address().port;
      resolve({
        port: actual,
        base: `http://127.0.0.1:${actual}`,
        requests,
        control(update) {
          state.status = {};
          state.reach = {};
          state.delayMs = 40;
          state.statusDelayMs = 0;
          Object.assign(state, update);
        },
        close: () =>
          new Promise((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}
