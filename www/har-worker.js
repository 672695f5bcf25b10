// The HAR worker: reads a dropped file with File.stream(), chunk by chunk, into the wasm
// HarAnalyzer (or the HarSanitizer), off the page's main thread, so the page stays responsive
// and memory stays bounded by what the analyzer keeps, never by the file.

import init, { HarAnalyzer, HarSanitizer } from './pkg/chatmedic.js';

const ready = init({ module_or_path: new URL('./pkg/chatmedic_bg.wasm', import.meta.url) });

// Progress is posted at most this often (ms): enough for a smooth bar, cheap for the page.
const PROGRESS_EVERY = 60;

// How much is read at a time. Two buffers take turns: the file is read into one while wasm
// works on the other, and no chunk is left behind for the garbage collector.
const CHUNK = 1 << 20;

/** Yields the file's bytes in chunks: into two reused buffers where the browser's File stream is
 *  a byte stream (BYOB reads), else as the stream hands them out. */
async function* chunks(file) {
  const stream = file.stream();
  let reader;
  try {
    reader = stream.getReader({ mode: 'byob' });
  } catch {
    reader = null;
  }
  if (!reader) {
    const plain = stream.getReader();
    let next = plain.read();
    for (;;) {
      const { done, value } = await next;
      if (done) return;
      next = plain.read();
      yield value;
    }
  }
  let spare = new ArrayBuffer(CHUNK);
  let next = reader.read(new Uint8Array(new ArrayBuffer(CHUNK)));
  for (;;) {
    const { done, value } = await next;
    if (done) return;
    // Ask for the next bytes before this chunk is used, into the other buffer.
    next = reader.read(new Uint8Array(spare));
    yield value;
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
      postMessage({ type: 'progress', kind, read, total: file.size, ...extra() });
    }
  }
  postMessage({ type: 'progress', kind, read, total: file.size, ...extra() });
  return inPush;
}

async function analyze(file, lang) {
  await ready;
  const started = performance.now();
  const analyzer = new HarAnalyzer();
  const pushMs = await stream(file, (chunk) => analyzer.push(chunk), () => ({ entries: analyzer.entriesSeen }), 'analyze');
  const t = performance.now();
  const entries = analyzer.entriesSeen;
  const report = analyzer.finish(lang);
  const wasmMs = pushMs + performance.now() - t;
  const wasm = await ready;
  postMessage({
    type: 'done',
    kind: 'analyze',
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
  await ready;
  const sanitizer = new HarSanitizer();
  const parts = [];
  await stream(
    file,
    (chunk) => {
      const out = sanitizer.push(chunk);
      if (out.byteLength) parts.push(out);
    },
    () => ({}),
    'sanitize',
  );
  const stats = sanitizer.stats();
  const tail = sanitizer.finish();
  if (tail.byteLength) parts.push(tail);
  const blob = new Blob(parts, { type: 'application/json' });
  postMessage({ type: 'done', kind: 'sanitize', blob, stats, wasmBytes: (await ready).memory.buffer.byteLength });
}

onmessage = async (event) => {
  const { type, file, lang } = event.data || {};
  try {
    if (type === 'warm') {
      await ready;
      postMessage({ type: 'ready' });
    } else if (type === 'analyze') await analyze(file, lang);
    else if (type === 'sanitize') await sanitize(file);
  } catch (e) {
    postMessage({ type: 'error', kind: type, message: String((e && e.message) || e) });
  }
};
