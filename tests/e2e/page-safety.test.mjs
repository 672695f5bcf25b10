// The hooks must be invisible and the relay must hold against the page: a test page records
// what it can notice about fetch, WebSocket and EventSource with chatmedic loaded and without
// any extension, and the two records must match; forged messages from a page must reach
// nothing, and a page flooding fake error toasts must be bounded.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchChromium, openPopup, swEval, tabId } from "./lib/chromium.mjs";
import { startFakeChat } from "./lib/fake-chat.mjs";
import { popupState, sleep, until } from "./lib/util.mjs";

let server;

before(async () => {
  server = await startFakeChat();
});

after(async () => {
  // Whatever a timed-out test left open must not keep this file's process alive.
  setTimeout(() => process.exit(), 20000).unref();
  await server?.close();
});

async function runChecks(extensions) {
  const b = await launchChromium({ port: server.port, extensions });
  try {
    const page = await b.context.newPage();
    await page.goto("https://chatgpt.com/transparency");
    const result = await page.evaluate(() => runChecks());
    let stored = null;
    if (extensions === undefined) {
      const tab = await tabId(b, page.url());
      stored = await until(
        () =>
          swEval(
            b,
            async (t) => {
              const st = (await chrome.storage.session.get(`tab:${t}`))[`tab:${t}`];
              return st?.observations.some((o) => o.body) ? st.observations : null;
            },
            tab,
          ),
        { what: "the hook's report of the error body" },
      );
    }
    return { result, stored };
  } finally {
    await b.close();
  }
}

test("the page sees the same fetch, WebSocket and EventSource with and without the hooks", {
  timeout: 120000,
}, async () => {
  const bare = await runChecks([]);
  const hooked = await runChecks(undefined);
  // The hooks were there (they read the 429 body through a copy and reported it) ...
  const report = hooked.stored.find((o) => o.body);
  assert.equal(report.status, 429);
  assert.match(report.body, /rate_limit_error/);
  // ... and nothing the page can look at differs.
  assert.deepEqual(hooked.result, bare.result);
  // Sanity: the checks saw real behaviour, not empty results.
  assert.equal(bare.result.big, 1000000);
  assert.deepEqual(bare.result.ws.consts, [0, 1, 2, 3]);
  assert.ok(
    bare.result.wsEcho.includes("msg:hello") && bare.result.wsEcho.includes("msg:bin:1,2,3"),
    bare.result.wsEcho,
  );
  assert.equal(bare.result.abortMidStream[0], "AbortError");
  assert.match(bare.result.fetch.str, /\[native code\]/);
});

test("forged messages from a page are rejected without harm", { timeout: 120000 }, async () => {
  const b = await launchChromium({ port: server.port });
  try {
    const page = await b.context.newPage();
    await page.goto("https://chatgpt.com/forge");
    const tab = await until(() => tabId(b, page.url()), { what: "the tab" });
    const forged = {
      source: "chatmedic-page",
      type: "page-cs/observed",
      observation: {
        kind: "http",
        url: "https://chatgpt.com/backend-api/f/conversation",
        method: "POST",
        status: 500,
        headers: {},
        time: Date.now(),
      },
    };
    const t0 = Date.now();
    await page.evaluate((msg) => {
      // Well-formed, wrong shapes, huge, a flood, and a handshake of the page's own.
      window.postMessage(msg, "*");
      window.postMessage({ ...msg, observation: { kind: "extensions", extensions: [] } }, "*");
      window.postMessage({ ...msg, observation: "nonsense" }, "*");
      window.postMessage({ ...msg, observation: { ...msg.observation, body: "x".repeat(10_000_000) } }, "*");
      for (let i = 0; i < 5000; i++) window.postMessage(msg, "*");
      const channel = new MessageChannel();
      window.dispatchEvent(
        new MessageEvent("chatmedic-hook-ready", { data: "chatmedic-page", ports: [channel.port2] }),
      );
      for (let i = 0; i < 100; i++) channel.port1.postMessage(msg);
      document.dispatchEvent(new CustomEvent("chatmedic-relay-ready"));
    }, forged);
    await sleep(1500);
    const stored = await swEval(
      b,
      async (t) => (await chrome.storage.session.get(`tab:${t}`))[`tab:${t}`]?.observations ?? [],
      tab,
    );
    assert.deepEqual(stored, [], "nothing a page posted was recorded");
    // The page stayed responsive and chatmedic still works for it.
    assert.ok(Date.now() - t0 < 10000);
    server.state.chat["chatgpt.com"] = "error500";
    assert.equal(
      await page.evaluate(() => fetch("/backend-api/f/conversation", { method: "POST" }).then((r) => r.status)),
      500,
    );
    const popup = await openPopup(b, tab);
    await until(async () => (await popupState(popup)).verdict === "not_you", { what: "the real failure" });
  } finally {
    server.reset();
    await b.close();
  }
});

test("a page flooding fake error toasts is rate-limited and bounded", { timeout: 120000 }, async () => {
  const b = await launchChromium({ port: server.port });
  try {
    const page = await b.context.newPage();
    await page.goto("https://chatgpt.com/forge?flood");
    const tab = await until(() => tabId(b, page.url()), { what: "the tab" });
    await page.evaluate(() => {
      for (let i = 0; i < 2000; i++) {
        const d = document.createElement("div");
        d.setAttribute("role", "alert");
        d.textContent = `Error ${i}: something went wrong`;
        document.body.append(d);
      }
    });
    await sleep(2000);
    const stored = await swEval(
      b,
      async (t) => (await chrome.storage.session.get(`tab:${t}`))[`tab:${t}`]?.observations ?? [],
      tab,
    );
    assert.ok(stored.length > 0, "some toasts were seen");
    // Burst of 40 plus 20 per second, and never more than the buffer's 200.
    assert.ok(stored.length <= 40 + 20 * 3, `rate-limited: ${stored.length}`);
    assert.ok(stored.every((o) => o.kind === "pageMessage"));
  } finally {
    await b.close();
  }
});
