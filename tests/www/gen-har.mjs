// Writes a large Chrome-layout HAR for the page tests and the benchmark: healthy filler traffic
// (scripts and JSON with bodies, to a host no service owns) up to a size, then the entries of a
// scenario HAR (tests/scenarios/<case>/input.har), whose diagnosis the whole file must keep.
//
//   node tests/www/gen-har.mjs OUT.har [MB] [scenario]

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const SCENARIOS = path.resolve(HERE, "../scenarios");

function header(name, value) {
  return { name, value };
}

/** One healthy filler entry of about `bodyBytes` body. */
function filler(i, bodyBytes) {
  const script = i % 3 !== 0;
  const url = script
    ? `https://static.help-desk.example/assets/chunk-${(i * 2654435761) % 4294967296}.js`
    : `https://static.help-desk.example/api/items?page=${i}`;
  const unit = script
    ? `function f${i}(a,b){return a.map(function(x){return x*b+${i}})}\n`
    : `{"id":${i},"name":"item ${i}","tags":["a","b","c"],"score":${(i % 97) / 7}},`;
  const text = script
    ? unit.repeat(Math.ceil(bodyBytes / unit.length))
    : `[${unit.repeat(Math.ceil(bodyBytes / unit.length))}{}]`;
  const started = new Date(Date.UTC(2026, 0, 5, 9, 0, 0) + i * 37).toISOString();
  return {
    _initiator: { type: "parser", url: "https://static.help-desk.example/" },
    _priority: "High",
    _resourceType: script ? "script" : "fetch",
    cache: {},
    connection: "443",
    pageref: "page_1",
    request: {
      method: "GET",
      url,
      httpVersion: "h2",
      headers: [
        header(":authority", "static.help-desk.example"),
        header(":method", "GET"),
        header(":path", new URL(url).pathname),
        header(":scheme", "https"),
        header("accept", "*/*"),
        header("accept-encoding", "gzip, deflate, br, zstd"),
        header("accept-language", "en-US,en;q=0.9"),
        header(
          "user-agent",
          "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
        ),
      ],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: 200,
      statusText: "",
      httpVersion: "h2",
      headers: [
        header("content-type", script ? "text/javascript; charset=utf-8" : "application/json"),
        header("cache-control", "public, max-age=31536000, immutable"),
        header("server", "nginx"),
        header("date", "Mon, 05 Jan 2026 09:00:00 GMT"),
      ],
      cookies: [],
      content: { size: text.length, mimeType: script ? "text/javascript" : "application/json", text },
      redirectURL: "",
      headersSize: -1,
      bodySize: -1,
      _transferSize: Math.round(text.length / 4),
      _error: null,
    },
    serverIPAddress: "203.0.113.10",
    startedDateTime: started,
    time: 12.5 + (i % 40),
    timings: {
      blocked: 1.2,
      dns: -1,
      ssl: -1,
      connect: -1,
      send: 0.1,
      wait: 10.1,
      receive: 1.1,
      _blocked_queueing: 0.6,
    },
  };
}

/**
 * Writes `file`: filler up to about `bytes`, then `tail` (parsed HAR entries). Resolves to
 * { bytes, entries }.
 */
export function generateHar(file, { bytes = 100e6, tail = [], bodyBytes = 8192 } = {}) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, "w");
  let written = 0;
  let entries = 0;
  const write = (s) => {
    written += fs.writeSync(fd, s);
  };
  const indent = (json) => json.replace(/\n/g, "\n    ");
  write('{\n  "log": {\n    "version": "1.2",\n    "creator": {"name": "WebInspector", "version": "537.36"},\n');
  write(
    '    "pages": [{"startedDateTime": "2026-01-05T09:00:00.000Z", "id": "page_1", "title": "Help desk", "pageTimings": {}}],\n',
  );
  write('    "entries": [\n');
  let first = true;
  const budget = bytes - tail.reduce((n, e) => n + JSON.stringify(e, null, 2).length, 0) - 200;
  for (let i = 0; written < budget; i++) {
    write((first ? "    " : ",\n    ") + indent(JSON.stringify(filler(i, bodyBytes), null, 2)));
    first = false;
    entries++;
  }
  for (const e of tail) {
    write((first ? "    " : ",\n    ") + indent(JSON.stringify(e, null, 2)));
    first = false;
    entries++;
  }
  write("\n    ]\n  }\n}\n");
  fs.closeSync(fd);
  return { bytes: written, entries };
}

/** A scenario's entries and expectations. */
export function scenario(name) {
  const dir = path.join(SCENARIOS, name);
  const har = JSON.parse(fs.readFileSync(path.join(dir, "input.har"), "utf8"));
  const expected = JSON.parse(fs.readFileSync(path.join(dir, "expected.json"), "utf8"));
  return { entries: har.log.entries, expected };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const out = process.argv[2];
  if (!out) {
    console.error("usage: node tests/www/gen-har.mjs OUT.har [MB] [scenario]");
    process.exit(2);
  }
  const mb = Number(process.argv[3] || 100);
  const tail = process.argv[4] ? scenario(process.argv[4]).entries : [];
  const r = generateHar(out, { bytes: mb * 1e6, tail });
  console.log(`${out}: ${(r.bytes / 1e6).toFixed(1)} MB, ${r.entries} entries`);
}
