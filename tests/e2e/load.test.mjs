// Load, the short version of `./build.sh load`: one minute of a chat page failing 10,000 times a
// minute must leave the background's memory, storage.session and the tab's buffer within their
// bounds and the popup quick to show the diagnosis; the buffer evicts oldest first, by count and
// by bytes; and tabs opened and closed leave nothing behind, with at most MAX_TABS kept.

import assert from "node:assert/strict";
import { after, test } from "node:test";
import { launchChromium, swEval, tabId } from "./lib/chromium.mjs";
import { startFakeChat } from "./lib/fake-chat.mjs";
import { runLoad, table } from "./lib/load.mjs";
import { sleep, until } from "./lib/util.mjs";

after(() => {
  // Whatever a timed-out test left open must not keep this file's process alive.
  setTimeout(() => process.exit(), 20000).unref();
});

const MiB = 1024 * 1024;

test("one minute at 10,000 failures a minute: memory, storage and buffer stay bounded, the popup answers", {
  timeout: 240000,
}, async () => {
  const r = await runLoad({ minutes: 1, perMinute: 10000, sampleSeconds: 10, popupSeconds: 15 });
  console.log(`\n${table(r)}\n`);
  const L = r.after.stats.limits;
  // A real load ran (the rate a busy two-core machine reaches varies; the table says it).
  assert.ok(r.failures >= 2000, `only ${r.failures} failures`);
  // The buffer: full, never over its bound, and holding the newest (the page numbers its
  // requests; anything older than the last few hundred must be gone).
  assert.equal(r.buffer.max, L.MAX_TAB_OBSERVATIONS);
  assert.equal(r.after.buffer, L.MAX_TAB_OBSERVATIONS);
  assert.equal(r.stored, L.MAX_TAB_OBSERVATIONS, "storage.session holds the same buffer");
  assert.ok(
    r.numbers.length > 0 && r.numbers.every(Number.isFinite),
    `numbered requests in the buffer: ${r.numbers.slice(0, 5)}`,
  );
  assert.ok(Math.max(...r.numbers) >= r.issued - 100, `newest kept: ${Math.max(...r.numbers)} of ${r.issued}`);
  assert.ok(
    Math.min(...r.numbers) >= r.issued - 2 * L.MAX_TAB_OBSERVATIONS,
    `oldest kept: ${Math.min(...r.numbers)} of ${r.issued}`,
  );
  // storage.session: one tab's state, within its byte budget (plus the status page cache).
  assert.ok(r.storageBytes.max <= L.MAX_TAB_BYTES + 64 * 1024, `storage.session ${r.storageBytes.max} bytes`);
  // The queue never held more than its bound; the worker's live heap stays small and flat.
  assert.ok(r.backlogMax <= L.MAX_BACKLOG, `backlog ${r.backlogMax}`);
  assert.ok(r.heapLive.max < 24 * MiB, `live heap ${r.heapLive.max}`);
  assert.ok(
    r.heapAfter.live < r.heapBefore.live + 8 * MiB,
    `heap after ${r.heapAfter.live}, before ${r.heapBefore.live}`,
  );
  // The popup, opened during the load, showed the diagnosis every time, and soon.
  assert.deepEqual(r.popupErrors, []);
  assert.ok(r.popupCount >= 2, `popup opened ${r.popupCount} times`);
  assert.ok(r.popupLoad.max < 5000, `popup under load: ${r.popupLoad.max} ms`);
});

test("a tab's buffer evicts oldest first, by count and by bytes", { timeout: 120000 }, async () => {
  const server = await startFakeChat();
  const b = await launchChromium({ port: server.port });
  try {
    const page = await b.context.newPage();
    await page.goto("https://chatgpt.com/hostile-load?run=evict");
    const tab = await until(() => tabId(b, page.url()), { what: "the tab" });
    const result = await swEval(
      b,
      async (t) => {
        const dbg = globalThis.chatmedicDebug;
        const now = Date.now();
        const small = Array.from({ length: 1000 }, (_, n) => ({
          kind: "netError",
          url: `https://chatgpt.com/backend-api/x?n=${n}`,
          method: "GET",
          error: "net::ERR_CONNECTION_RESET",
          time: now + n,
        }));
        await dbg.ingestMany(t, small);
        const byCount = dbg.tabs.get(t).observations.map((o) => Number(new URL(o.url).searchParams.get("n")));
        // Big ones: ~4 KiB each, so the byte budget binds before the count does.
        const big = Array.from({ length: 300 }, (_, n) => ({
          kind: "pageMessage",
          text: `Error ${n}: ${"something went wrong ".repeat(200)}`.slice(0, 4000),
          url: "https://chatgpt.com/hostile-load",
          time: now + 2000 + n,
        }));
        await dbg.ingestMany(t, big);
        await dbg.flush();
        const list = dbg.tabs.get(t).observations;
        const stored = (await chrome.storage.session.get(`tab:${t}`))[`tab:${t}`].observations;
        return {
          byCount,
          byBytes: list.map((o) => Number(/^Error (\d+)/.exec(o.text)?.[1] ?? -1)),
          // The background's count of the buffer's bytes, and Chrome's of what it stored.
          bytes: dbg.stats().bytes,
          storageBytes: await chrome.storage.session.getBytesInUse(`tab:${t}`),
          // (storage.session hands objects back with their keys sorted: compare the contents.)
          storedSame:
            stored.length === list.length && stored.every((o, i) => o.text === list[i].text && o.time === list[i].time),
          limits: dbg.stats().limits,
        };
      },
      tab,
      120000,
    );
    const L = result.limits;
    assert.deepEqual(
      result.byCount,
      Array.from({ length: L.MAX_TAB_OBSERVATIONS }, (_, i) => 1000 - L.MAX_TAB_OBSERVATIONS + i),
    );
    const n = result.byBytes.length;
    assert.ok(n > 10 && n < L.MAX_TAB_OBSERVATIONS, `kept ${n} big ones`);
    assert.deepEqual(
      result.byBytes,
      Array.from({ length: n }, (_, i) => 300 - n + i),
      "the newest, in order",
    );
    assert.ok(result.bytes <= L.MAX_TAB_BYTES, `${result.bytes} bytes`);
    assert.ok(result.bytes > L.MAX_TAB_BYTES - 8 * 1024, "the budget is used, not emptied");
    // The background counts from above: Chrome's own count of the stored tab is no larger
    // (plus the tab's few other fields).
    assert.ok(result.storageBytes <= L.MAX_TAB_BYTES + 4096, `storage.session counts ${result.storageBytes}`);
    assert.ok(result.storedSame, "storage.session holds what memory holds");
  } finally {
    await b.close();
    await server.close();
  }
});

test("tabs opened and closed leave nothing in storage.session, and at most MAX_TABS are kept", {
  timeout: 300000,
}, async () => {
  const server = await startFakeChat();
  server.state.chat["chatgpt.com"] = "error500";
  const b = await launchChromium({ port: server.port });
  const storedTabs = () =>
    swEval(b, async () => Object.keys(await chrome.storage.session.get(null)).filter((k) => /^(tab|bisect):/.test(k)));
  try {
    const { MAX_TABS } = (await swEval(b, () => globalThis.chatmedicDebug.stats())).limits;
    // MAX_TABS + 6 chat tabs open at once, each with a failure.
    const pages = [];
    const ids = [];
    for (let i = 0; i < MAX_TABS + 6; i++) {
      const page = await b.context.newPage();
      await page.goto(`https://chatgpt.com/hostile-load?run=tabs&i=${i}`);
      ids.push(await until(() => tabId(b, page.url()), { what: `tab ${i}` }));
      await page.evaluate(() => window.load.once());
      pages.push(page);
    }
    await until(
      async () =>
        (await swEval(b, (t) => globalThis.chatmedicDebug.tabs.get(t)?.observations.length ?? 0, ids.at(-1))) > 0,
      {
        what: "the last tab's failure",
      },
    );
    await swEval(b, () => globalThis.chatmedicDebug.flush(), undefined, 30000);
    const kept = await storedTabs();
    assert.ok(kept.length <= MAX_TABS, `${kept.length} tabs kept`);
    // The least recently active went: the newest tabs are all there.
    for (const id of ids.slice(-MAX_TABS + 2)) assert.ok(kept.includes(`tab:${id}`), `tab ${id} kept`);
    assert.ok(!kept.includes(`tab:${ids[0]}`), "the oldest went");
    assert.ok((await swEval(b, () => globalThis.chatmedicDebug.stats().tabs)) <= MAX_TABS);

    // Closed: their state goes; and again for tabs that come and go one after another.
    for (const page of pages) await page.close();
    for (let i = 0; i < 10; i++) {
      const page = await b.context.newPage();
      await page.goto(`https://chatgpt.com/hostile-load?run=churn&i=${i}`);
      await until(() => tabId(b, page.url()), { what: "the churn tab" });
      await page.evaluate(() => window.load.once());
      await sleep(100);
      await page.close();
    }
    await until(async () => (await storedTabs()).length === 0, { timeout: 15000, what: "closed tabs' state to go" });
    const stats = await swEval(b, () => globalThis.chatmedicDebug.stats());
    // In memory: nothing of the chat tabs (the one blank page left may have an empty entry).
    assert.ok(stats.tabs <= b.context.pages().length, `${stats.tabs} tabs in memory`);
    assert.equal(stats.observations, 0);

    // State a worker never heard about closing (written while it was not looking) is swept when
    // the worker starts again.
    await swEval(b, () =>
      chrome.storage.session.set({
        "tab:987654": { tabId: 987654, observations: [{ kind: "pageMessage", text: "stale" }] },
      }),
    );
    const cdpPage = await b.context.newPage();
    const cdp = await b.context.newCDPSession(cdpPage);
    await cdp.send("ServiceWorker.enable");
    await cdp.send("ServiceWorker.stopAllWorkers");
    await cdp.detach();
    await sleep(500);
    await cdpPage.goto("https://chatgpt.com/hostile-load?run=wake");
    await until(async () => !(await storedTabs()).includes("tab:987654"), { timeout: 20000, what: "the sweep" });
  } finally {
    await b.close();
    await server.close();
  }
});
