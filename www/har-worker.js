// The HAR worker: reads a dropped file with File.stream(), chunk by chunk, into the wasm
// HarAnalyzer (or the HarSanitizer), off the page's main thread, so the page stays responsive
// and memory stays bounded by what the analyzer keeps, never by the file.

import { guardEngine } from "./lib/shared/guard.js";
import init, * as glue from "./pkg/chatmedic.js";

const ready = init({ module_or_path: new URL("./pkg/chatmedic_bg.wasm", import.meta.url) });
// Every call behind the panic guard (lib/shared/guard.js): a bug in the engine ends the file's
// analysis with a clear message, and the next file gets a fresh instance.
const engine = ready.then(() => guardEngine(glue));
// The engine may fail to load (the page warms this worker while the visitor reads, and the
// visitor may be offline by then): that is said to the page by each message below, so the
// rejection is handled here and never reaches the page as an uncaught error.
const loaded = engine.then(
  () => true,
  () => false,
);

// Progress is posted at most this often (ms): enough for a smooth bar, cheap for the page.
const PROGRESS_EVERY = 60;

// How much is read at a time: every chunk but the last is exactly this long, the block the
// reader is fastest with. The wasm reader scans each chunk as it comes (it gathers nothing), so
// its entry count after the last chunk is the file's. Two buffers take turns: the file is read
// into one while wasm works on the other, and no chunk is left behind for the garbage collector.
const CHUNK = 4 << 20;

/** Fills `buffer` from a BYOB reader, read after read (a byte stream hands out what it has,
 *  often less than asked); resolves to the filled part, shorter only at the end of the file. */
async function fill(reader, buffer) {
  let offset = 0;
  while (offset < buffer.byteLength) {
    const { done, value } = await reader.read(new Uint8Array(buffer, offset));
    // The buffer moves into each read and comes back in its result (the old one is detached).
    if (value) buffer = value.buffer;
    if (done) break;
    offset += value.byteLength;
  }
  return new Uint8Array(buffer, 0, offset);
}

/** Yields the file's bytes in chunks of CHUNK bytes (the last may be shorter): read straight
 *  into two reused buffers where the browser's File stream is a byte stream (BYOB reads), else
 *  copied from what the stream hands out. */
async function* chunks(file) {
  const stream = file.stream();
  let reader;
  try {
    reader = stream.getReader({ mode: "byob" });
  } catch {
    reader = null;
  }
  if (!reader) {
    const plain = stream.getReader();
    let block = new Uint8Array(CHUNK);
    let used = 0;
    for (;;) {
      const { done, value } = await plain.read();
      if (done) break;
      for (let at = 0; at < value.byteLength; ) {
        const take = Math.min(CHUNK - used, value.byteLength - at);
        block.set(value.subarray(at, at + take), used);
        used += take;
        at += take;
        if (used === CHUNK) {
          yield block;
          block = new Uint8Array(CHUNK);
          used = 0;
        }
      }
    }
    if (used) yield block.subarray(0, used);
    return;
  }
  let spare = new ArrayBuffer(CHUNK);
  let next = fill(reader, new ArrayBuffer(CHUNK));
  for (;;) {
    const value = await next;
    if (!value.byteLength) return;
    const last = value.byteLength < CHUNK;
    // Ask for the next bytes before this chunk is used, into the other buffer.
    if (!last) next = fill(reader, spare);
    yield value;
    if (last) return;
    spare = value.buffer;
  }
}

/** Feeds every chunk of `file` to `push`, posting progress; `extra()` adds fields to it.
 *  Resolves to the time spent inside `push` (the wasm side), in ms. */
async function stream(file, push, extra, kind) {
  let read = 0;
  let last = 0;
  let inPush = 0;
  for await (const chunk of chunks(file)) {
    const t = performance.now();
    push(chunk);
    inPush += performance.now() - t;
    read += chunk.byteLength;
    const now = performance.now();
    if (now - last >= PROGRESS_EVERY) {
      last = now;
      postMessage({ type: "progress", kind, read, total: file.size, ...extra() });
    }
  }
  postMessage({ type: "progress", kind, read, total: file.size, ...extra() });
  return inPush;
}

/** The first byte of `file` that is not white space or a byte-order mark (-1: none in its
 *  first kilobytes). */
async function firstByte(file) {
  const head = new Uint8Array(await file.slice(0, 4096).arrayBuffer());
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && [0x20, 0x0a, 0x0d, 0x09].includes(head[i])) i++;
  return i < head.length ? head[i] : -1;
}

/**
 * Why a file could not be read, as the code the page words in the reader's language
 * (`web_har_error_<code>`): the engine's errors carry it as `code` (`FileProblem` in src/lib.rs:
 * `empty`, `not_har`, `cut`, `too_large`, `damaged`, `unreadable`); anything else (the browser
 * could not read the file, the engine stopped) is `unreadable`. A file that does not start with
 * `{` is `not_har` whichever reader stopped on it (the sanitizer reads JSON, not HARs). The
 * engine's message is never shown: it may quote a byte of the file.
 */
async function errorCode(file, error) {
  if (file.size === 0) return "empty";
  let first;
  try {
    first = await firstByte(file);
  } catch {
    return "unreadable";
  }
  if (first === -1 && file.size <= 4096) return "empty";
  if (first !== -1 && first !== 0x7b /* { */) return "not_har";
  return typeof error?.code === "string" ? error.code : "unreadable";
}

async function analyze(file, lang) {
  const { HarAnalyzer } = await engine;
  const started = performance.now();
  const analyzer = new HarAnalyzer();
  const pushMs = await stream(
    file,
    (chunk) => analyzer.push(chunk),
    () => ({ entries: analyzer.entriesSeen }),
    "analyze",
  );
  const t = performance.now();
  // Every byte has been scanned: this is the file's count, not a progress figure.
  const entries = analyzer.entriesSeen;
  const report = analyzer.finish(lang);
  const wasmMs = pushMs + performance.now() - t;
  const wasm = await ready;
  postMessage({
    type: "done",
    kind: "analyze",
    report,
    entries,
    ms: performance.now() - started,
    wasmMs,
    size: file.size,
    // Linear memory never shrinks: this is the peak the analysis needed in this worker.
    wasmBytes: wasm.memory.buffer.byteLength,
  });
}

async function sanitize(file) {
  const { HarSanitizer } = await engine;
  const sanitizer = new HarSanitizer();
  const parts = [];
  await stream(
    file,
    (chunk) => {
      const out = sanitizer.push(chunk);
      if (out.byteLength) parts.push(out);
    },
    () => ({}),
    "sanitize",
  );
  const stats = sanitizer.stats();
  const tail = sanitizer.finish();
  if (tail.byteLength) parts.push(tail);
  const blob = new Blob(parts, { type: "application/json" });
  postMessage({ type: "done", kind: "sanitize", blob, stats, wasmBytes: (await ready).memory.buffer.byteLength });
}

// The size of the made-up HAR read while the worker warms up.
const WARM_UP_BYTES = 384 << 10;

/** Reads a small made-up HAR (in Chrome's layout: healthy requests, an error among them), so
 *  that the browser has compiled the reader's hot code with its optimizing tier before the
 *  visitor's file comes: a fresh worker runs wasm in its baseline tier at first, which in
 *  Chromium made the first file's analysis up to twice as slow. Runs while the visitor reads. */
function warmUp({ HarAnalyzer }) {
  const entry = (i) =>
    JSON.stringify(
      {
        _initiator: { type: "script" },
        _resourceType: i % 2 ? "script" : "fetch",
        cache: {},
        request: {
          method: "GET",
          url: i % 7 ? `https://static.example.net/assets/${i}.js` : "https://chatgpt.com/backend-api/me",
          httpVersion: "h2",
          headers: [
            { name: "accept", value: "*/*" },
            { name: "user-agent", value: "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0 Safari/537.36" },
          ],
          queryString: [],
          cookies: [],
          headersSize: -1,
          bodySize: 0,
        },
        response: {
          status: i % 13 ? 200 : 503,
          statusText: "",
          httpVersion: "h2",
          headers: [
            { name: "content-type", value: "text/javascript" },
            { name: "server", value: "nginx" },
            { name: "date", value: "Mon, 05 Jan 2026 09:00:00 GMT" },
            { name: "cache-control", value: "max-age=60" },
          ],
          cookies: [],
          content: {
            size: 40,
            mimeType: "text/javascript",
            text: "function f(a) { return a * 2; }\n".repeat(1 + (i % 5)),
          },
          redirectURL: "",
          headersSize: -1,
          bodySize: -1,
          _error: null,
        },
        startedDateTime: new Date(Date.UTC(2026, 0, 5) + i * 40).toISOString(),
        time: 12.5 + (i % 40),
        timings: { blocked: 1.2, dns: -1, ssl: -1, connect: -1, send: 0.1, wait: 10.1, receive: 1.1 },
      },
      null,
      2,
    );
  const parts = ['{"log": {"version": "1.2", "entries": ['];
  for (let i = 0, size = 0; size < WARM_UP_BYTES; i++) {
    const e = (i ? "," : "") + entry(i);
    parts.push(e);
    size += e.length;
  }
  parts.push("]}}");
  const bytes = new TextEncoder().encode(parts.join(""));
  const analyzer = new HarAnalyzer();
  for (let at = 0; at < bytes.length; at += 64 << 10) analyzer.push(bytes.subarray(at, at + (64 << 10)));
  analyzer.finish("en");
}

self.onmessage = async (event) => {
  const { type, file, lang } = event.data || {};
  if (!(await loaded)) {
    // Not the file's fault: the page discards this worker and the next file gets a new one.
    postMessage(type === "warm" ? { type: "unavailable" } : { type: "error", kind: type, code: "engine" });
    return;
  }
  try {
    if (type === "warm") {
      const cm = await engine;
      try {
        warmUp(cm);
      } catch {
        // Only a head start: the visitor's file is read all the same.
      }
      postMessage({ type: "ready" });
    } else if (type === "analyze") await analyze(file, lang);
    else if (type === "sanitize") await sanitize(file);
  } catch (e) {
    // The reader's own line is not passed on: it may quote the file (a value it could not read).
    postMessage({ type: "error", kind: type, code: file ? await errorCode(file, e) : "unreadable" });
  }
};
