// The page benchmark (driven by tests/www/bench.mjs): the same File, in the same page, read two
// ways: the help page's route (File.stream() chunks into the wasm HarAnalyzer in a Web Worker)
// and the JavaScript route (file.text() then JSON.parse), interleaved, best of N; plus the
// sanitizer's route.

const WORKER = new URL("/har-worker.js", location.href);

function gc() {
  if (typeof window.gc === "function") window.gc();
}

function heap() {
  return performance.memory ? performance.memory.usedJSHeapSize : NaN;
}

/** A fresh worker (a fresh wasm instance, so its memory is one run's), started and warmed as
 *  the help page does while the visitor reads. */
function warmWorker() {
  return new Promise((resolve) => {
    const w = new Worker(WORKER, { type: "module" });
    w.onmessage = (e) => {
      if (e.data.type === "ready") resolve(w);
    };
    w.postMessage({ type: "warm" });
  });
}

/** One run on a warm worker, which it ends. */
function inWorker(w, file, type) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    w.onmessage = (e) => {
      const m = e.data;
      if (m.type === "done") {
        const ms = performance.now() - t0;
        w.terminate();
        resolve({
          ms,
          wasmMs: m.wasmMs,
          wasmBytes: m.wasmBytes,
          top: m.report ? m.report.findings[0]?.cause : null,
          entries: m.entries,
        });
      } else if (m.type === "error") {
        w.terminate();
        reject(new Error(m.message));
      }
    };
    w.postMessage({ type, file, lang: "en" });
  });
}

/** file.text() + JSON.parse, with the heap it took while both were alive. */
async function jsonParse(file) {
  gc();
  await new Promise((r) => setTimeout(r, 50));
  const before = heap();
  const t0 = performance.now();
  const text = await file.text();
  const obj = JSON.parse(text);
  const ms = performance.now() - t0;
  const peak = heap() - before;
  // Both stay referenced until the heap is read (else V8 may free the string early).
  const entries = obj.log.entries.length + (text.length > 0 ? 0 : 1);
  return { ms, heapBytes: peak, entries };
}

/** The floor: File.stream() read through, nothing done with the bytes. */
async function readOnly(file) {
  const t0 = performance.now();
  const reader = file.stream().getReader();
  let chunks = 0;
  for (;;) {
    const { done } = await reader.read();
    if (done) break;
    chunks++;
  }
  return { ms: performance.now() - t0, chunks };
}

/** Worker start-up alone (module fetch, wasm compile and instantiate). */
async function workerStartup() {
  const t0 = performance.now();
  const w = await warmWorker();
  const ms = performance.now() - t0;
  w.terminate();
  return ms;
}

let warm = null;

/** One measured run of `kind` (read | wasm | json | sanitize | startup) on the chosen file. */
window.runOnce = async (kind) => {
  const file = document.getElementById("file").files[0];
  if (kind === "read") return readOnly(file);
  if (kind === "warm") {
    warm = await warmWorker();
    return {};
  }
  if (kind === "wasm" || kind === "sanitize") {
    const w = warm || (await warmWorker());
    warm = null;
    return inWorker(w, file, kind === "wasm" ? "analyze" : "sanitize");
  }
  if (kind === "startup") return { ms: await workerStartup() };
  return jsonParse(file);
};

/** Collects garbage (the bench runs Chromium with --js-flags=--expose-gc). */
window.collect = async () => {
  gc();
  await new Promise((r) => setTimeout(r, 100));
  gc();
};
