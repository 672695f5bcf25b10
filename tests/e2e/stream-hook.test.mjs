// The page hook's stream watching, end to end in Chromium (dist/chrome): an error event inside a
// 200 reply is found at the stream's end however the page reads it (reader, TextDecoderStream,
// text()) and however big the chunks; a healthy reply reports nothing. Plus the tail keeping
// itself (page-hook.js's seen/fold/finish), run in Node on chunk patterns a browser does not
// produce on demand: one byte at a time, pings after the error, multi-byte text cut anywhere.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openPopup, ROOT, startChatAndChromium, stopChatAndChromium, swEval, tabId } from "./lib/chromium.mjs";
import { popupState, until } from "./lib/util.mjs";

let server;
let browser;

before(async () => ({ server, browser } = await startChatAndChromium()));
after(() => stopChatAndChromium(server, browser));

const ERROR_EVENT =
  'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n';
const filler = (bytes) => {
  const event = `data: {"v":"${"x".repeat(1000)}"}\n\n`;
  return event.repeat(Math.ceil(bytes / event.length));
};

async function storedObservations(tab) {
  return swEval(
    browser,
    async (t) => (await chrome.storage.session.get(`tab:${t}`))[`tab:${t}`]?.observations ?? [],
    tab,
  );
}

let pageCount = 0;
async function claudeTab() {
  const page = await browser.context.newPage();
  await page.goto(`https://claude.ai/?stream=${++pageCount}`);
  const tab = await until(() => tabId(browser, page.url()), { what: "the chat tab" });
  return { page, tab };
}

test("an error event inside a 200 reply: the hook reads it from the stream's end", { timeout: 90000 }, async () => {
  server.reset();
  server.state.chat["claude.ai"] = "stream-error";
  const { page, tab } = await claudeTab();
  const result = await page.evaluate(() => chat.send());
  assert.equal(result.streamError, true, JSON.stringify(result));
  const tails = await until(
    async () => {
      const found = (await storedObservations(tab)).filter((o) => o.streamTail);
      return found.length ? found : null;
    },
    { what: "an observation with the stream's tail" },
  );
  assert.match(tails[0].streamTail, /overloaded_error/);
  assert.equal(tails[0].status, 200);
  const popup = await openPopup(browser, tab);
  await until(async () => (await popupState(popup)).verdict !== "all_clear", { what: "a diagnosis" });
  await popup.close();
  await page.close();
});

test("a 4 MB reply ending in an error event, read three ways in big chunks; a healthy one says nothing", {
  timeout: 120000,
}, async () => {
  server.reset();
  const { page, tab } = await claudeTab();
  const big = filler(4_000_000);
  await page.route("**/test/routed/**", (route) =>
    route.fulfill({
      status: 200,
      headers: { "content-type": "text/event-stream" },
      body: route.request().url().includes("healthy") ? `${big}data: [DONE]\n\n` : big + ERROR_EVENT,
    }),
  );
  const read = await page.evaluate(async () => {
    const out = {};
    const byReader = async (url) => {
      const reader = (await fetch(url)).body.getReader();
      let n = 0;
      let chunks = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return { n, chunks };
        n += value.byteLength;
        chunks++;
      }
    };
    out.reader = await byReader("/test/routed/reader");
    const text = (await fetch("/test/routed/decoder")).body.pipeThrough(new TextDecoderStream()).getReader();
    let chars = 0;
    for (;;) {
      const { done, value } = await text.read();
      if (done) break;
      chars += value.length;
    }
    out.decoder = chars;
    out.text = (await (await fetch("/test/routed/text")).text()).length;
    out.healthy = await byReader("/test/routed/healthy");
    return out;
  });
  assert.equal(read.reader.n, big.length + ERROR_EVENT.length, "the page got every byte");
  assert.ok(read.reader.n / read.reader.chunks > 8192, `chunks bigger than the kept tail: ${JSON.stringify(read)}`);
  assert.equal(read.decoder, big.length + ERROR_EVENT.length);
  assert.equal(read.text, big.length + ERROR_EVENT.length);
  const byPath = await until(
    async () => {
      const tails = (await storedObservations(tab)).filter((o) => o.streamTail);
      const paths = new Set(tails.map((o) => new URL(o.url).pathname));
      return paths.size >= 3 ? tails : null;
    },
    { what: "three observations with the stream's tail" },
  );
  for (const way of ["reader", "decoder", "text"]) {
    const o = byPath.find((x) => x.url.endsWith(`/test/routed/${way}`));
    assert.ok(o, `read by ${way}: found`);
    assert.match(o.streamTail, /^event: error\ndata: .*overloaded_error/);
  }
  assert.ok(!byPath.some((o) => o.url.endsWith("/healthy")), "a healthy reply reports no tail");
  await page.close();
});

// page-hook.js's tail keeping, taken out of the file as it ships (between its RING constant
// and failed()) and run with what it captures from the page's globals.
function tailKeeper() {
  const src = readFileSync(join(ROOT, "extension", "content", "page-hook.js"), "utf8");
  const start = src.indexOf("  const RING = 16;");
  const end = src.indexOf("  function failed(info, error)");
  const regex = src.match(/const ERROR_EVENT =\s*(\/.*\/m);/);
  assert.ok(start > 0 && end > start && regex, "page-hook.js still has RING, failed() and ERROR_EVENT");
  const posted = [];
  const make = new Function(
    "post",
    `const { apply } = Reflect;
     const getter = (p, n) => Object.getOwnPropertyDescriptor(p, n)?.get;
     const isView = ArrayBuffer.isView, ArrayBufferCtor = ArrayBuffer, Uint8ArrayCtor = Uint8Array;
     const typedLength = getter(Object.getPrototypeOf(Uint8Array.prototype), "byteLength");
     const TextDecoderCtor = TextDecoder, decode = TextDecoder.prototype.decode;
     const stringSlice = String.prototype.slice, stringSplit = String.prototype.split;
     const reTest = RegExp.prototype.test, max = Math.max, FunctionCall = Function.prototype.call;
     const cut = (s, n) => s.slice(0, n), now = () => 0, TAIL = 8192, EXCERPT = 2048;
     const ERROR_EVENT = ${regex[1]};
     ${src.slice(start, end)}
     return { seen, finish };`,
  );
  const { seen, finish } = make((o) => posted.push(o));
  return (chunks, beforeEnd = () => {}) => {
    posted.length = 0;
    const info = {
      url: "https://claude.ai/x",
      status: 200,
      headers: {},
      bytes: 0,
      done: false,
      ring: Array(16).fill(null),
      sizes: Array(16).fill(0),
      count: 0,
      live: 0,
      kept: 0,
    };
    let mostKept = 0;
    for (const c of chunks) {
      seen(info, c);
      const kept = info.ring.filter((x) => x !== null).reduce((a, x) => a + (x.length ?? x.byteLength), 0);
      assert.equal(kept, info.kept, "the kept count is what the ring holds");
      mostKept = Math.max(mostKept, kept);
    }
    beforeEnd();
    finish(info);
    return { found: posted.length === 1, tail: posted[0]?.streamTail ?? "", mostKept, bytes: info.bytes };
  };
}

test("the kept tail: found where it is in the last 8 KiB, bounded whatever the chunks", () => {
  const run = tailKeeper();
  const enc = (s) => new TextEncoder().encode(s);
  const ping = () => enc("event: ping\ndata: {}\n\n");
  const cases = [
    ["one big chunk, then the error a byte at a time", [enc(filler(1e6)), ...[...ERROR_EVENT].map(enc)], true],
    [
      "the error split across two big chunks",
      [enc(filler(5e5) + ERROR_EVENT.slice(0, 10)), enc(ERROR_EVENT.slice(10) + filler(100))],
      true,
    ],
    ["40 pings after the error", [enc(filler(3e5)), enc(ERROR_EVENT), ...Array.from({ length: 40 }, ping)], true],
    ["the error then 9 KB more (out of the tail)", [enc(ERROR_EVENT), enc(filler(9000))], false],
    [
      "the error then 400 pings (9 KB, out of the tail)",
      [enc(ERROR_EVENT), ...Array.from({ length: 400 }, ping)],
      false,
    ],
    [
      "token-sized multi-byte chunks, then the error",
      [...Array.from({ length: 500 }, () => enc('data: {"t":"日本"}\n\n')), enc(ERROR_EVENT)],
      true,
    ],
    ["strings (a TextDecoderStream)", [filler(1e5) + ERROR_EVENT.slice(0, 5), ERROR_EVENT.slice(5)], true],
    [
      "strings and bytes mixed",
      ["data: a\n\n", enc(filler(20000)), ERROR_EVENT.slice(0, 20), enc(ERROR_EVENT.slice(20))],
      true,
    ],
    ["a view into a bigger buffer", [enc(filler(1e5) + ERROR_EVENT).subarray(3)], true],
    ["a healthy reply", Array.from({ length: 50 }, () => enc(filler(65536))), false],
    ["reply text that quotes an error (escaped)", [enc('data: {"v":"say \\"error\\": {x}"}\n\n')], false],
  ];
  for (const [name, chunks, expected] of cases) {
    const r = run(chunks);
    assert.equal(r.found, expected, name);
    if (expected) assert.match(r.tail, /^event: error\ndata: .*overloaded_error/, name);
    const biggest = Math.max(...chunks.map((c) => c.length ?? c.byteLength));
    // Kept: under the tail plus one chunk, plus what a fold leaves (at most the tail again).
    assert.ok(r.mostKept <= 2 * 8192 + biggest, `${name}: kept ${r.mostKept}`);
    assert.equal(
      r.bytes,
      chunks.reduce((a, c) => a + (c.length ?? c.byteLength), 0),
      `${name}: bytes counted`,
    );
  }
  // A page that hands a chunk's buffer to a worker after reading it: the rest is still read.
  const gone = enc(filler(1e5));
  const r = run([gone, enc(ERROR_EVENT)], () => structuredClone(gone.buffer, { transfer: [gone.buffer] }));
  assert.equal(gone.byteLength, 0, "the buffer was transferred");
  assert.equal(r.found, true, "found with a transferred chunk in the tail");
});
