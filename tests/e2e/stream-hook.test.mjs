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

// page-hook.js's tail keeping, taken out of the file as it ships (dist/chrome, with the facts
// the build wrote in): its facts, its cut(), and the code between its RING constant and
// failed(), run with what it captures from the page's globals.
function tailKeeper() {
  const src = readFileSync(join(ROOT, "dist", "chrome", "content", "page-hook.js"), "utf8");
  const facts = src.indexOf("  const FACTS = {");
  const factsEnd = src.indexOf("  const HEADER_NAME =");
  const cutAt = src.indexOf("  function cut(s, n) {");
  const cutEnd = src.indexOf("\n  }\n", cutAt) + 5;
  const start = src.indexOf("  const RING = 16;");
  const end = src.indexOf("  function failed(info, error)");
  const regex = src.match(/const ERROR_EVENT =\s*(\/.*\/m);/);
  assert.ok(
    facts > 0 && factsEnd > facts && cutAt > 0 && cutEnd > cutAt && start > 0 && end > start && regex,
    "the built page-hook.js has its facts, cut(), RING, failed() and ERROR_EVENT",
  );
  const posted = [];
  const make = new Function(
    "post",
    `const { apply } = Reflect;
     const getter = (p, n) => Object.getOwnPropertyDescriptor(p, n)?.get;
     const isView = ArrayBuffer.isView, ArrayBufferCtor = ArrayBuffer, Uint8ArrayCtor = Uint8Array;
     const typedLength = getter(Object.getPrototypeOf(Uint8Array.prototype), "byteLength");
     const TextDecoderCtor = TextDecoder, decode = TextDecoder.prototype.decode;
     const stringSlice = String.prototype.slice, stringSplit = String.prototype.split;
     const charCodeAt = String.prototype.charCodeAt;
     const reTest = RegExp.prototype.test, max = Math.max, FunctionCall = Function.prototype.call;
     const now = () => 0, TAIL = 8192;
     ${src.slice(facts, factsEnd)}
     ${src.slice(cutAt, cutEnd)}
     const ERROR_EVENT = ${regex[1]};
     ${src.slice(start, end)}
     return { seen, finish, cut, EXCERPT };`,
  );
  const { seen, finish, cut, EXCERPT } = make((o) => posted.push(o));
  const run = (chunks, beforeEnd = () => {}) => {
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
  return Object.assign(run, { cut, EXCERPT });
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

test("the hook cuts to the engine's limits in UTF-8 bytes, as the engine counts them", () => {
  const { cut, EXCERPT } = tailKeeper();
  const bytes = (s) => Buffer.byteLength(s, "utf8");
  assert.equal(EXCERPT, 2048, "the built hook has the engine's body excerpt");
  for (const [name, text] of [
    ["ASCII", "x".repeat(5000)],
    ["Japanese (3 bytes a character)", "日本語のエラー".repeat(400)],
    ["Latin-1 (2 bytes)", "é".repeat(3000)],
    ["emoji (surrogate pairs, 4 bytes)", "a😀".repeat(1000)],
  ]) {
    const out = cut(text, EXCERPT);
    assert.ok(text.startsWith(out), `${name}: a prefix`);
    assert.ok(bytes(out) <= EXCERPT, `${name}: ${bytes(out)} bytes`);
    // As much as fits: one more character would not.
    const next = text.slice(out.length, out.length + (text.codePointAt(out.length) > 0xffff ? 2 : 1));
    assert.ok(bytes(out) + bytes(next) > EXCERPT, `${name}: cut short at ${bytes(out)}`);
    assert.ok(!/[\ud800-\udbff]$/.test(out), `${name}: no half pair`);
  }
  assert.equal(cut("short", EXCERPT), "short");
  // A Japanese error event at a stream's end: its excerpt passes the engine's byte bound.
  const event = `event: error\ndata: {"type":"error","error":{"message":"${"過負荷です".repeat(300)}"}}\n\n`;
  const r = tailKeeper()([new TextEncoder().encode(event)]);
  assert.equal(r.found, true);
  assert.ok(bytes(r.tail) <= EXCERPT && r.tail.length > 600, `${bytes(r.tail)} bytes`);
});

// A rate-limited reply the page reads: the hook reports its reset headers, the ones the engine
// keeps (names and prefix families from the crate), so the wait is known from the page's side.
// Headers as the APIs document them: Anthropic's `anthropic-ratelimit-requests-*` (reset as RFC
// 3339), OpenAI's `x-ratelimit-*-requests` (reset as a duration); each on its own chat's site.
test("a 429 the page reads: the hook reports its rate-limit reset headers, which reach the engine", {
  timeout: 120000,
}, async () => {
  server.reset();
  const longName = `x-ratelimit-${"a".repeat(60)}`;
  const cases = [
    {
      site: "claude.ai",
      headers: {
        "content-type": "application/json",
        "anthropic-ratelimit-requests-limit": "50",
        "anthropic-ratelimit-requests-remaining": "0",
        "anthropic-ratelimit-requests-reset": new Date(Date.now() + 40_000).toISOString().replace(/\.\d+Z$/, "Z"),
        "request-id": "req_011CRateLimited",
        "x-internal-trace": "not-kept",
      },
      body: '{"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit."}}',
      reset: "anthropic-ratelimit-requests-reset",
    },
    {
      site: "chatgpt.com",
      headers: {
        "content-type": "application/json",
        "x-ratelimit-limit-requests": "60",
        "x-ratelimit-remaining-requests": "0",
        "x-ratelimit-reset-requests": "20s",
        "x-request-id": "req_ratelimited",
        "x-internal-trace": "not-kept",
        [longName]: "1",
      },
      body: '{"error":{"message":"Rate limit reached for requests","type":"requests","code":"rate_limit_exceeded"}}',
      reset: "x-ratelimit-reset-requests",
    },
  ];
  for (const c of cases) {
    const page = await browser.context.newPage();
    await page.route("**/test/limited", (route) => route.fulfill({ status: 429, headers: c.headers, body: c.body }));
    await page.goto(`https://${c.site}/?limited=${++pageCount}`);
    const tab = await until(() => tabId(browser, page.url()), { what: `the ${c.site} tab` });
    // What the relay sends the background for this tab: the page observation path alone
    // (webRequest's report of the same response never passes here).
    await swEval(
      browser,
      (t) => {
        globalThis.relayed = [];
        chrome.runtime.onMessage.addListener((m, sender) => {
          if (sender.tab?.id === t && m?.type === "cs-bg/observed") globalThis.relayed.push(m.observation);
        });
      },
      tab,
    );
    const status = await page.evaluate(async () => (await fetch("/test/limited", { method: "POST" })).status);
    assert.equal(status, 429);
    const relayed = await until(
      async () => {
        const seen = await swEval(browser, () => globalThis.relayed);
        return seen.find((o) => o.kind === "http" && o.status === 429) ?? null;
      },
      { what: `the hook's report of the ${c.site} 429` },
    );
    assert.match(relayed.body, /rate.limit/i, c.site);
    for (const [name, value] of Object.entries(c.headers)) {
      if (name === "x-internal-trace" || name === longName) continue;
      assert.equal(relayed.headers[name], value, `${c.site}: ${name} from the hook`);
    }
    assert.equal(relayed.headers["x-internal-trace"], undefined, "a header the engine does not keep stays out");
    assert.equal(relayed.headers[longName], undefined, "a name the relay would refuse stays out");
    // The engine took it: stored with the page's body and the reset header, and read as a limit.
    const stored = await until(
      async () =>
        (await storedObservations(tab)).find((o) => o.status === 429 && o.body && o.headers?.[c.reset]) ?? null,
      { what: `the stored ${c.site} 429` },
    );
    assert.equal(stored.headers[c.reset], c.headers[c.reset]);
    const popup = await openPopup(browser, tab);
    await until(async () => (await popupState(popup)).cause === "rate_limited", { what: `${c.site}: rate_limited` });
    await popup.close();
    await page.close();
  }
});
