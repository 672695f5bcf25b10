// Hostile pages: a chat page (tests/e2e/pages/hostile.html) that floods, forges relay messages
// (wrong shapes and types, huge, deeply nested, prototype-polluting), plants markup and
// diagnosis-like text, redefines fetch, WebSocket, EventSource, Response and ReadableStream
// after the hook and freezes their prototypes, and a script that does so before the hook. None
// of it may break the page (its own requests return what the server sent), crash the
// background (a real failure afterwards is diagnosed right), or put planted text in the popup
// as a diagnosis (page text is only ever text, and never the verdict sentence).

import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import vm from "node:vm";
import {
  badge,
  DIST_CHROME,
  launchChromium,
  openPopup,
  ROOT,
  startChatAndChromium,
  stopChatAndChromium,
  swEval,
  tabId,
} from "./lib/chromium.mjs";
import { popupState, sleep, until } from "./lib/util.mjs";

let server;
let browser;
let bareResult;

before(async () => ({ server, browser } = await startChatAndChromium()));
after(() => stopChatAndChromium(server, browser));

let pageCount = 0;
async function hostilePage(b, { init } = {}) {
  const page = await b.context.newPage();
  if (init) await page.addInitScript(init);
  await page.goto(`https://chatgpt.com/hostile?t=${++pageCount}`);
  const tab = b.extensionId ? await until(() => tabId(b, page.url()), { what: "the tab" }) : null;
  return { page, tab };
}

const observations = (b, tab) => swEval(b, (t) => globalThis.chatmedicDebug.tabs.get(t)?.observations ?? [], tab);

/** The page's own requests in a browser without chatmedic: what they must return with it. */
async function bare() {
  if (bareResult) return bareResult;
  const b = await launchChromium({ port: server.port, extensions: [] });
  try {
    const { page } = await hostilePage(b);
    bareResult = await page.evaluate(() => hostile.own());
  } finally {
    await b.close();
  }
  // Sanity: the requests did what the server does.
  assert.deepEqual(bareResult.json.body, { hello: "world", n: [1, 2, 3] });
  assert.equal(bareResult.error.status, 429);
  assert.match(bareResult.sse, /\[DONE\]/);
  assert.equal(bareResult.sseText, bareResult.sse);
  assert.equal(bareResult.sseIterated, bareResult.sse);
  assert.deepEqual(bareResult.ws.got, ["hello"]);
  assert.ok(bareResult.es.includes("[DONE]") && bareResult.es.length >= 3, JSON.stringify(bareResult.es));
  return bareResult;
}

/** The real failure after an attack: a chat turn answered 500, diagnosed as the service's. */
async function realFailureDiagnosed(b, page, tab, { clear = false } = {}) {
  server.state.chat["chatgpt.com"] = "error500";
  const popup = await openPopup(b, tab);
  try {
    if (clear) {
      await popup.evaluate((t) => chrome.runtime.sendMessage({ type: "ui-bg/clear", tabId: t }), tab);
    }
    const status = await page.evaluate(() =>
      fetch("/backend-api/f/conversation", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      }).then((r) => r.status),
    );
    assert.equal(status, 500);
    await until(async () => (await popupState(popup)).cause === "server_error", {
      timeout: 15000,
      what: "the real failure's diagnosis",
    });
    const s = await popupState(popup);
    assert.equal(s.verdict, "not_you");
    assert.match(s.headline, /ChatGPT/);
    await assertNothingPlanted(b, popup, tab);
    return s;
  } finally {
    server.state.chat["chatgpt.com"] = "ok";
    await popup.close();
  }
}

const VERDICT_LABELS = JSON.parse(readFileSync(join(ROOT, "extension/_locales/en/messages.json"), "utf8"));
const LABELS = Object.entries(VERDICT_LABELS)
  .filter(([k]) => k.startsWith("ui_verdict_"))
  .map(([, v]) => v.message);

/** The popup shows no planted text as a diagnosis, and page text only as text. */
async function assertNothingPlanted(b, popup, tab) {
  const seen = await popup.evaluate(() => {
    const text = (id) => document.getElementById(id).textContent;
    return {
      label: text("verdict-label"),
      headline: text("headline"),
      explanation: text("explanation"),
      fixes: [...document.querySelectorAll("#fixes .fix-title, #fixes button")].map((e) => e.textContent),
      images: [...document.images].map((i) => i.getAttribute("src")),
      planted: document.querySelectorAll("#planted-img, #planted-b, [onerror], body script, #app script, #app b")
        .length,
      pwned: window.__pwned ?? null,
      // Every evidence and other-cause line is a plain text node.
      markupInLists: [...document.querySelectorAll("#evidence li, #others li")].filter((li) => li.children.length > 0)
        .length,
      evidence: [...document.querySelectorAll("#evidence li")].map((li) => li.textContent),
    };
  });
  for (const field of ["label", "headline", "explanation"]) {
    assert.doesNotMatch(seen[field], /PLANTED|evil\.example|<|TRAPPED/, `${field}: ${seen[field]}`);
  }
  for (const f of seen.fixes) assert.doesNotMatch(f, /PLANTED|evil\.example/, f);
  assert.ok(LABELS.includes(seen.label), `the verdict label is one of ours: ${seen.label}`);
  assert.deepEqual(seen.images, ["../icons/icon-32.png"]);
  assert.equal(seen.planted, 0, "no planted element");
  assert.equal(seen.pwned, null, "no planted script ran");
  assert.equal(seen.markupInLists, 0);
  const t = await badge(b, tab);
  assert.doesNotMatch(t.title, /PLANTED|evil\.example/, t.title);
  return seen;
}

test("a page cannot get hold of the hook's port, even by asking the hook to offer it again", {
  timeout: 90000,
}, async () => {
  const { page, tab } = await hostilePage(browser);
  // The page's first script listened for the hook's offer and sent relay-ready twice.
  assert.equal(await page.evaluate(() => hostile.ports.length), 0, "the port went to the relay only");
  // The hook still reports to chatmedic: the error body it read arrives merged into webRequest's record.
  await page.evaluate(() => fetch("/test/error-json").then((r) => r.text()));
  const merged = await until(async () => (await observations(browser, tab)).find((o) => o.body), {
    what: "the hook's report",
  });
  assert.equal(merged._src, "merged");
  assert.match(merged.body, /rate_limit_error/);
  await page.close();
});

test("forged, huge, nested and polluting messages and floods reach nothing; the page stays responsive; a real failure is still diagnosed", {
  timeout: 150000,
}, async () => {
  const { page, tab } = await hostilePage(browser);
  const t0 = Date.now();
  const sent = await page.evaluate(() => hostile.forge(20000));
  assert.ok(sent.window >= 20000 && sent.port > 0 && sent.events > 0, JSON.stringify(sent));
  // The page stayed its own: its timers fire on time and its requests work.
  assert.ok((await page.evaluate(() => hostile.lag())) < 500, "the page's event loop is free");
  assert.ok(Date.now() - t0 < 30000);
  await sleep(1000);
  const stored = await observations(browser, tab);
  assert.deepEqual(stored, [], "nothing a page posted was recorded");
  // The worker is alive and unpolluted.
  const worker = await swEval(browser, () => ({
    polluted: {}.polluted ?? null,
    stats: globalThis.chatmedicDebug.stats(),
  }));
  assert.equal(worker.polluted, null);
  assert.equal(worker.stats.backlog, 0);
  const result = await page.evaluate(() => hostile.own());
  assert.deepEqual(result, await bare(), "the page's own requests return what the server sent");
  await realFailureDiagnosed(browser, page, tab, { clear: true });
  await page.close();
});

test("planted markup and diagnosis-like text never become the diagnosis, and show only as text", {
  timeout: 150000,
}, async () => {
  const { page, tab } = await hostilePage(browser);
  const planted = await page.evaluate(() => hostile.plant());
  assert.equal(planted.closed.code, 4000);
  await page.evaluate(() => hostile.toastFlood(3000));
  assert.ok((await page.evaluate(() => hostile.lag())) < 500, "the page's event loop is free");
  // What was planted reached chatmedic as text (the watcher and the hook are meant to read it).
  const stored = await until(
    async () => {
      const list = await observations(browser, tab);
      return list.some((o) => o.kind === "pageMessage" && /PLANTED/.test(o.text)) &&
        list.some((o) => o.kind === "wsClose")
        ? list
        : null;
    },
    { what: "the planted text to arrive" },
  );
  // The relay's rate limit held (a burst of 40, then 20 a second) against 3,000 toasts.
  assert.ok(stored.filter((o) => o.kind === "pageMessage").length <= 40 + 20 * 10, `${stored.length} stored`);
  // Only kinds a page may report, and only headers the rules read.
  for (const o of stored) {
    assert.ok(["pageMessage", "wsClose", "http", "netError", "streamAbort"].includes(o.kind), o.kind);
    assert.equal(Object.hasOwn(o, "polluted"), false);
  }
  const popup = await openPopup(browser, tab);
  await sleep(500);
  const seen = await assertNothingPlanted(browser, popup, tab);
  // The planted lines may be quoted as evidence, as text: open the evidence and look.
  if (await popup.locator("#evidence-section").isVisible()) {
    await popup.click("#evidence-section summary");
    const again = await assertNothingPlanted(browser, popup, tab);
    // Quoted inside the evidence line the locale files write ("The page showed: “…”").
    for (const line of again.evidence.filter((e) => /PLANTED/.test(e)))
      assert.match(line, /^The page showed: “|WebSocket/, line);
  }
  assert.ok(seen.label);
  await popup.close();
  await realFailureDiagnosed(browser, page, tab);
  await page.close();
});

test("APIs redefined after the hook and their prototypes frozen: the page's requests return what the server sent, chatmedic still sees failures", {
  timeout: 150000,
}, async () => {
  const expected = await bare();
  const { page, tab } = await hostilePage(browser);
  await page.evaluate(() => hostile.redefine());
  const result = await page.evaluate(() => hostile.own());
  assert.deepEqual(result, expected);
  // The traps on Object.prototype were never touched by chatmedic's messages.
  assert.equal(await page.evaluate(() => window.__trapped ?? null), null);
  // The hook read the 429's body under the frozen prototypes and reported it.
  const merged = await until(async () => (await observations(browser, tab)).find((o) => o.body), {
    what: "the hook's report",
  });
  assert.match(merged.body, /rate_limit_error/);
  await realFailureDiagnosed(browser, page, tab, { clear: true });
  await page.close();
});

// A script that runs before the hook (another extension's MAIN-world script, a debugger's init
// script; a page itself cannot): it locks fetch and WebSocket and freezes the prototypes the
// hook patches, and records every error the page would see.
function lockBeforeHook() {
  window.__errors = [];
  addEventListener("error", (e) => window.__errors.push(String(e.message)));
  addEventListener("unhandledrejection", (e) => window.__errors.push(String(e.reason)));
  const nativeFetch = window.fetch;
  Object.defineProperty(window, "fetch", {
    value: function fetch(...args) {
      return nativeFetch.apply(this, args);
    },
    writable: false,
    configurable: false,
  });
  const NativeWS = window.WebSocket;
  Object.defineProperty(window, "WebSocket", {
    value: class WebSocket extends NativeWS {},
    writable: false,
    configurable: false,
  });
  for (const proto of [
    Response.prototype,
    ReadableStream.prototype,
    ReadableStreamDefaultReader.prototype,
    Object.getPrototypeOf(new ReadableStream().values()),
    WebSocket.prototype,
    EventSource.prototype,
    Function.prototype,
  ]) {
    Object.freeze(proto);
  }
}

test("a script before the hook that locks the APIs and freezes their prototypes: the page works and sees no error; failures are still diagnosed", {
  timeout: 150000,
}, async () => {
  const expected = await bare();
  const { page, tab } = await hostilePage(browser, { init: lockBeforeHook });
  const result = await page.evaluate(() => hostile.own());
  assert.deepEqual(result, expected);
  assert.deepEqual(
    await page.evaluate(() => window.__errors),
    [],
    "nothing of chatmedic's reached the page's error handlers",
  );
  await realFailureDiagnosed(browser, page, tab, { clear: true });
  await page.close();
});

test("the background refuses hostile messages as if from a relay, stays unpolluted and keeps working", {
  timeout: 90000,
}, async () => {
  const { page, tab } = await hostilePage(browser);
  const url = page.url();
  const out = await swEval(
    browser,
    async ([t, u]) => {
      const dbg = globalThis.chatmedicDebug;
      const tab = { id: t, url: u };
      const msg = (observation) => ({ type: "cs-bg/observed", observation });
      let deep = { kind: "pageMessage", text: "PLANTED deep error" };
      for (let i = 0; i < 100000; i++) deep = { kind: "pageMessage", text: "x", inner: deep };
      const cases = {
        deep: msg(deep),
        deepArray: msg({
          kind: "pageMessage",
          text: "PLANTED error",
          extra: JSON.parse("[".repeat(5000) + "]".repeat(5000)),
        }),
        huge: msg({ kind: "pageMessage", text: `PLANTED error ${"x".repeat(1_000_000)}` }),
        hugeHeaders: msg({
          kind: "http",
          url: "https://chatgpt.com/x",
          status: 500,
          headers: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`h${i}`, "v"])),
        }),
        proto: JSON.parse(
          '{"type":"cs-bg/observed","observation":{"kind":"pageMessage","text":"PLANTED proto error","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}}',
        ),
        // Header names the relay refuses (`__proto__`: not the header-name rule) the engine
        // refuses too; names that pass the rule but are not kept are dropped.
        protoHeaders: JSON.parse(
          '{"type":"cs-bg/observed","observation":{"kind":"http","url":"https://chatgpt.com/backend-api/x","status":503,"headers":{"__proto__":"x","constructor":"y","x-planted":"PLANTED","retry-after":"5"},"time":1}}',
        ),
        plantedHeaders: JSON.parse(
          '{"type":"cs-bg/observed","observation":{"kind":"http","url":"https://chatgpt.com/backend-api/x","status":503,"headers":{"constructor":"y","x-planted":"PLANTED","retry-after":"5"},"time":1}}',
        ),
        wrongKind: msg({ kind: "status", service: "chatgpt", indicator: "major" }),
        extensions: msg({ kind: "extensions", extensions: [{ id: "x", name: "PLANTED", enabled: true }] }),
        foreign: msg({ kind: "http", url: "https://claude.ai/api/x", status: 500, headers: {} }),
        wrongTypes: msg({
          kind: "wsClose",
          url: "wss://chatgpt.com/ws",
          code: "1006",
          reason: 5,
          wasClean: "no",
          opened: 1,
          msOpen: -1,
        }),
        nan: msg({
          kind: "streamAbort",
          url: "https://chatgpt.com/x",
          bytesReceived: -1,
          msSinceStart: Infinity,
          error: "e",
        }),
        notObject: msg("PLANTED"),
        wrongType: { type: "ui-bg/act", tabId: t, action: { type: "openUrl", url: "https://evil.example" } },
        empty: {},
      };
      const replies = {};
      for (const [name, m] of Object.entries(cases)) {
        try {
          replies[name] = await dbg.observeFromPage(tab, m);
        } catch (e) {
          replies[name] = { threw: String(e).slice(0, 200) };
        }
      }
      await dbg.flush();
      return {
        replies,
        stored: dbg.tabs.get(t)?.observations ?? [],
        polluted: {}.polluted ?? Object.prototype.polluted ?? null,
        stats: dbg.stats(),
      };
    },
    [tab, url],
    60000,
  );
  // Only the well-formed ones were taken (the __proto__ keys were plain data, and are gone). The
  // engine reads the message as an object, field by field: a field no observation has (`inner`
  // nested 100,000 deep, `extra` 5,000 arrays deep) is never walked, and the observation around
  // it is taken without it.
  const accepted = Object.entries(out.replies)
    .filter(([, r]) => r?.ok)
    .map(([k]) => k)
    .sort();
  assert.deepEqual(accepted, ["deep", "deepArray", "plantedHeaders", "proto"], JSON.stringify(out.replies));
  assert.equal(out.replies.protoHeaders.error, "field out of bounds: headers");
  for (const [name, r] of Object.entries(out.replies)) assert.ok(!r?.threw, `${name}: ${r?.threw}`);
  assert.equal(out.polluted, null);
  const http = out.stored.find((o) => o.kind === "http");
  assert.deepEqual(Object.keys(http.headers), ["retry-after"], "a page adds no header names of its own");
  assert.ok(
    out.stored.every((o) => !Object.hasOwn(o, "polluted") && !Object.hasOwn(o, "inner") && !Object.hasOwn(o, "extra")),
  );
  assert.ok(
    out.stored.some((o) => o.text === "x"),
    "the deep message's own text was taken",
  );
  await realFailureDiagnosed(browser, page, tab, { clear: true });
  await page.close();
});

test("the relay forwards only well-formed observations, as copies of their known fields, rate-limited (relay.js in a sandbox)", () => {
  const sent = [];
  const listeners = {};
  let clock = 0;
  const window = {
    addEventListener: (type, fn) => (listeners[type] = fn),
    removeEventListener: (type) => delete listeners[type],
    dispatchEvent: () => true,
  };
  const context = vm.createContext({
    window,
    performance: { now: () => clock },
    Event: class {
      constructor(type) {
        this.type = type;
      }
    },
    chrome: {
      runtime: {
        sendMessage: (m) => {
          sent.push(m);
          return Promise.resolve();
        },
      },
    },
  });
  // The generated facts (message types, limits) as the manifest loads them before the relay.
  vm.runInContext(readFileSync(join(DIST_CHROME, "lib/facts.js"), "utf8"), context);
  vm.runInContext(readFileSync(join(ROOT, "extension/content/relay.js"), "utf8"), context);
  // The hook's offer: the relay takes the port and says so by cancelling the event.
  const port = { postMessage() {} };
  let cancelled = false;
  listeners["chatmedic-hook-ready"]({ ports: [port], preventDefault: () => (cancelled = true) });
  assert.ok(cancelled, "the relay tells the hook the port is taken");
  assert.equal(listeners["chatmedic-hook-ready"], undefined, "no second port is taken");
  const post = (observation) => {
    clock += 1000; // a full bucket for each: only the checks decide
    port.onmessage({ data: { source: "chatmedic-page", type: "page-cs/observed", observation } });
  };
  // A socket close that is fine until one field is changed below.
  const socket = {
    kind: "wsClose",
    url: "wss://chatgpt.com/",
    code: 1006,
    reason: "",
    wasClean: false,
    opened: true,
    msOpen: 10,
  };
  const bad = [
    null,
    "x",
    [],
    { kind: "status", service: "chatgpt" },
    { kind: "extensions", extensions: [] },
    { kind: "pageMessage", text: "   " },
    { kind: "pageMessage", text: "x".repeat(5000) },
    { kind: "pageMessage", text: 5 },
    { kind: "pageMessage", text: "an error", time: -1 },
    { kind: "http", url: "https://chatgpt.com/x", status: "500" },
    { kind: "http", url: "https://chatgpt.com/x", status: 500, headers: { a: 1 } },
    // A null prototype and an own key named "__proto__": two different things, on purpose.
    // biome-ignore lint/suspicious/noDuplicateObjectKeys: the literal __proto__ sets the prototype, the computed one is a key
    { kind: "http", url: "https://chatgpt.com/x", status: 500, headers: { __proto__: null, ["__proto__"]: "x" } },
    { kind: "http", url: "https://chatgpt.com/x", status: 500, headers: { "X-Upper": "x" } },
    {
      kind: "http",
      url: "https://chatgpt.com/x",
      status: 500,
      headers: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`h${i}`, "v"])),
    },
    { ...socket, wasClean: "no" },
    // The time since the last message: a finite number, at most the time the socket was open.
    { ...socket, msSinceMessage: 11 },
    { ...socket, msSinceMessage: -1 },
    { ...socket, msSinceMessage: "5" },
    { ...socket, msOpen: Infinity, msSinceMessage: Infinity },
    { kind: "streamAbort", url: "https://chatgpt.com/", bytesReceived: NaN, msSinceStart: 1, error: "e" },
    // Valid fields, too big as a whole.
    {
      kind: "http",
      url: "https://chatgpt.com/x",
      status: 500,
      headers: Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`h${i}`, "v".repeat(512)])),
    },
  ];
  for (const o of bad) post(o);
  assert.equal(sent.length, 0, JSON.stringify(sent).slice(0, 300));
  // Well-formed at the top, with extra keys, nesting and "__proto__": forwarded as a new object
  // of the kind's own fields, nothing else.
  let deep = { kind: "pageMessage", text: "deep error" };
  for (let i = 0; i < 10000; i++) deep = { kind: "pageMessage", text: "an error", inner: deep };
  post(
    JSON.parse(
      '{"kind":"pageMessage","text":"proto error","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}',
    ),
  );
  post(deep);
  post({
    kind: "http",
    url: "https://chatgpt.com/x",
    status: 500,
    headers: { "retry-after": "5", constructor: "y" },
    extra: { a: [1] },
  });
  // A well-formed one passes as it is (the relay is given a copy: the expectation stays as written).
  const socketClosed = {
    kind: "wsClose",
    url: "wss://chatgpt.com/",
    code: 1006,
    reason: "",
    wasClean: false,
    opened: true,
    msOpen: 900,
    msSinceMessage: 20,
    time: 5,
  };
  post({ ...socketClosed });
  assert.equal(sent.length, 4);
  assert.deepEqual(JSON.parse(JSON.stringify(sent.map((m) => m.observation))), [
    { kind: "pageMessage", text: "proto error" },
    { kind: "pageMessage", text: "an error" },
    { kind: "http", url: "https://chatgpt.com/x", status: 500, headers: { "retry-after": "5", constructor: "y" } },
    socketClosed,
  ]);
  assert.ok(sent.every((m) => m.type === "cs-bg/observed" && Object.keys(m).length === 2));
  assert.equal(Object.getPrototypeOf(sent[0].observation), vm.runInContext("Object.prototype", context));
  assert.equal({}.polluted, undefined);
  assert.equal(vm.runInContext("({}).polluted", context), undefined);
  // Messages without the hook's source and type are not looked at.
  port.onmessage({ data: { kind: "pageMessage", text: "an error" } });
  port.onmessage({ data: null });
  port.onmessage({ data: "chatmedic-page" });
  assert.equal(sent.length, 4);
  // The token bucket: a burst of 40 at one instant, then 20 a second.
  clock += 10_000;
  sent.length = 0;
  const burst = (n) => {
    for (let i = 0; i < n; i++)
      port.onmessage({
        data: {
          source: "chatmedic-page",
          type: "page-cs/observed",
          observation: { kind: "pageMessage", text: `error ${i}` },
        },
      });
  };
  burst(1000);
  assert.equal(sent.length, 40);
  clock += 1000;
  burst(1000);
  assert.equal(sent.length, 60);
});

test("extension code never writes markup from strings (innerHTML and kin)", () => {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(js|mjs|html)$/.test(name)) files.push(p);
    }
  };
  walk(join(ROOT, "extension"));
  assert.ok(files.some((f) => f.endsWith("popup.js")) && files.some((f) => f.endsWith("notice.js")));
  const sinks =
    /\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write|createContextualFragment|\bsrcdoc\b|\beval\(|new Function\(|DOMParser/;
  const offenders = files.filter((f) => sinks.test(readFileSync(f, "utf8")));
  assert.deepEqual(offenders, []);
});
