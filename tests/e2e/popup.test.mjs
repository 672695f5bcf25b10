// The popup's "Run checks", the in-page notice, the containment of an engine failure, and the
// popup keeping the newest diagnosis while observations pour in: end to end in Debian's
// Chromium with dist/chrome loaded, against the fake chat service under the real host names.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, beforeEach, test } from "node:test";
import { pathToFileURL } from "node:url";
import { startServer } from "../www/server.mjs";
import {
  assertPopupFits,
  DIST_CHROME,
  openPopup,
  ROOT,
  startChatAndChromium,
  stopChatAndChromium,
  swEval,
  tabId,
  waitForVerdict,
} from "./lib/chromium.mjs";
import { popupState, shot, sleep, until } from "./lib/util.mjs";

let server;
let browser;

before(async () => ({ server, browser } = await startChatAndChromium()));
after(() => stopChatAndChromium(server, browser));

beforeEach(async () => {
  server.reset();
  await swEval(browser, () => globalThis.chatmedicDebug.clearStatusCache());
});

let pageCount = 0;

/** Opens a chat page in a new tab under a URL of its own; returns {page, tab}. */
async function chatTab(url) {
  const page = await browser.context.newPage();
  const own = new URL(url);
  own.searchParams.set("p", String(++pageCount));
  await page.goto(own.href);
  const tab = await until(() => tabId(browser, page.url()), { what: "the chat tab" });
  return { page, tab };
}

async function closeAll(...pages) {
  for (const p of pages) {
    let timer;
    await Promise.race([p?.close().catch(() => {}), new Promise((r) => (timer = setTimeout(r, 5000)))]);
    clearTimeout(timer);
  }
}

/** The check rows the popup shows: {check, outcome, text}. */
function checkRows(popup) {
  return popup.locator("#check-list li").evaluateAll((lis) =>
    lis.map((li) => ({
      check: li.dataset.check,
      outcome: li.dataset.outcome,
      text: li.querySelector(".check-text").textContent,
    })),
  );
}

/** What the background holds for a tab: observation kinds and sources, and the change counter. */
function stored(tab) {
  return swEval(
    browser,
    async (t) => {
      await globalThis.chatmedicDebug.flush();
      const st = globalThis.chatmedicDebug.tabs.get(t);
      return {
        seq: st.seq,
        observations: st.observations.map((o) => ({
          kind: o.kind,
          src: o._src ?? null,
          run: o._run ?? null,
          name: o.name ?? null,
        })),
      };
    },
    tab,
  );
}

/**
 * The toolbar popup, if one is open: Chrome opens it for `action.openPopup()`, as a target
 * Playwright does not list, so it is read through CDP. Returns what it shows, or null.
 */
async function actionPopup(page) {
  const cdp = await browser.context.newCDPSession(page);
  try {
    const url = `chrome-extension://${browser.extensionId}/popup/popup.html`;
    const { targetInfos } = await cdp.send("Target.getTargets");
    const target = targetInfos.find((t) => t.type === "page" && t.url === url);
    if (!target) return null;
    const { sessionId } = await cdp.send("Target.attachToTarget", { targetId: target.targetId, flatten: false });
    const evaluate = (expression) =>
      new Promise((resolve) => {
        const onMessage = (e) => {
          const m = JSON.parse(e.message);
          if (e.sessionId !== sessionId || m.id !== 1) return;
          cdp.off("Target.receivedMessageFromTarget", onMessage);
          resolve(m.result?.result?.value ?? null);
        };
        cdp.on("Target.receivedMessageFromTarget", onMessage);
        const message = { id: 1, method: "Runtime.evaluate", params: { expression, returnByValue: true } };
        cdp.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify(message) });
      });
    const shown = await evaluate(
      `({ verdict: document.getElementById("app").dataset.verdict, cause: document.getElementById("app").dataset.cause,
          headline: document.getElementById("headline").textContent })`,
    );
    if (shown?.verdict && shown.verdict !== "none") await evaluate("window.close()");
    return shown;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** axe's serious and critical findings on a popup page (axe injected through CDP: the page's
 *  CSP forbids injected scripts, Runtime.evaluate is not subject to it). */
async function axeProblems(popup) {
  const axe = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  const cdp = await browser.context.newCDPSession(popup);
  await cdp.send("Runtime.evaluate", { expression: axe });
  await cdp.detach();
  const violations = await popup.evaluate(async () =>
    (await axe.run(document, { resultTypes: ["violations"] })).violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
    })),
  );
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** Runs the checks from the keyboard (focus the button, Enter) and waits for them to end. */
async function runChecksInPopup(popup) {
  const button = popup.locator("#run-checks");
  await button.waitFor();
  await button.focus();
  await popup.keyboard.press("Enter");
  await popup.waitForSelector('#app[data-checks="done"]', { timeout: 20000 });
}

// Runs in a child process: a panic inside a future traps in a microtask nobody awaits, which
// Node reports as an uncaught exception (a browser only logs it); the child counts those.
const GUARD_SCRIPT = `
import { readFileSync } from "node:fs";
const [pkg, guard] = process.argv.slice(1);
const uncaught = [];
process.on("uncaughtException", (e) => uncaught.push(e instanceof WebAssembly.RuntimeError ? "RuntimeError" : e.message));
console.error = () => {};
const glue = await import(pkg + "/chatmedic.js");
glue.initSync({ module: readFileSync(pkg + "/chatmedic_bg.wasm") });
const { guardEngine, EngineError } = await import(guard);
const out = { failures: [] };
const w = guardEngine(glue, { onFailure: (e) => out.failures.push(e.message) });
const attempt = (f) => { try { return { value: f() }; } catch (e) { return { name: e.name, engine: e instanceof EngineError, panic: e.panic, message: e.message }; } };
out.first = w.diagnose([], "en").verdict;
out.panic = attempt(() => w.selfTestPanic());
out.classify = w.classifyUrl("https://claude.ai/api/organizations/o/chat_conversations/c/completion").service;
out.cause = w.diagnose([{ kind: "http", url: "https://claude.ai/api/organizations/o/chat_conversations/c/completion", method: "POST", status: 529, headers: {}, start: 1, end: 2 }], "de").findings[0].cause;
out.badInput = attempt(() => w.diagnose(5));
const pending = w.checkClock("http://127.0.0.1:9/", 3000).then(() => "settled", (e) => e.name);
out.later = await w.selfTestPanicLater().then(() => ({ resolved: true }), (e) => ({ name: e.name, engine: e instanceof EngineError, message: e.message }));
out.pending = await pending;
out.explain = w.diagnose([{ kind: "pageMessage", text: "Too many requests in 1 hour. Try again later.", url: "https://claude.ai/chat/x", time: 5 }], "en").findings[0].cause;
out.count = w.failures;
out.lastPanic = w.lastPanic()?.message;
await new Promise((r) => setTimeout(r, 100));
out.uncaught = uncaught;
console.log(JSON.stringify(out));
`;

test("the engine guard in Node: a panic is an EngineError, pending calls settle, the next call works", async () => {
  const stdout = execFileSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      GUARD_SCRIPT,
      join(DIST_CHROME, "pkg"),
      pathToFileURL(join(ROOT, "extension", "lib", "guard.js")).href,
    ],
    { encoding: "utf8", timeout: 60000 },
  );
  const out = JSON.parse(stdout.trim().split("\n").at(-1));
  assert.equal(out.first, "all_clear");
  assert.equal(out.panic.name, "EngineError");
  assert.equal(out.panic.engine, true);
  assert.equal(out.panic.panic, true);
  assert.match(out.panic.message, /^chatmedic panicked: panicked at .*: chatmedic self-test panic \(deliberate\)$/);
  // The next calls run in a fresh instance, and answer right.
  assert.equal(out.classify, "claude");
  assert.equal(out.cause, "server_overloaded");
  // Bad input is the caller's error, not the engine's: passed on as it is.
  assert.equal(out.badInput.engine, false);
  assert.match(out.badInput.message, /expected an array/);
  // An async export that panics, while another async call is pending in the same instance:
  // both settle with the engine's error, none is left hanging.
  assert.equal(out.later.name, "EngineError");
  assert.match(out.later.message, /self-test panic/);
  assert.equal(out.pending, "EngineError");
  assert.equal(out.explain, "rate_limited");
  assert.equal(out.count, 2);
  assert.equal(out.failures.length, 2);
  assert.match(out.lastPanic, /^chatmedic panicked: .*self-test panic/);
  // What escapes to the event loop is the dead instance's trap and its stale callbacks, refused.
  for (const u of out.uncaught) assert.match(u, /^RuntimeError$|previous WASM instance/);
});

test("run checks on a healthy tab: every row passes, each result is added to the diagnosis, still all clear", {
  timeout: 90000,
}, async () => {
  const { page, tab } = await chatTab("https://chatgpt.com/");
  assert.equal((await page.evaluate(() => chat.send())).ok, true);
  const popup = await openPopup(browser, tab);
  await waitForVerdict(popup, "all_clear");
  const before_ = await stored(tab);
  // Keyboard and screen reader: a named button, a live status line, a labelled list.
  assert.equal(await popup.locator("#run-checks").textContent(), "Run checks");
  assert.equal(await popup.locator("#checks-status").getAttribute("aria-live"), "polite");
  assert.match(await popup.locator("#checks-intro").textContent(), /ChatGPT/);
  await runChecksInPopup(popup);
  const rows = await checkRows(popup);
  assert.deepEqual(
    rows.map((r) => r.check),
    ["online", "reach", "clock", "cookies", "storage", "browserVersion"],
  );
  for (const r of rows) assert.equal(r.outcome, "pass", JSON.stringify(r));
  const reach = rows.find((r) => r.check === "reach");
  assert.match(reach.text, /^Reaching ChatGPT: Pass\. All 2 service hosts answered/);
  assert.match(rows.find((r) => r.check === "clock").text, /Your clock is right/);
  assert.equal(await popup.locator("#checks-status").textContent(), "Checks done: no problem found in this browser.");
  assert.equal(await popup.locator("#run-checks").textContent(), "Run checks again");
  assert.ok(
    server.state.requests.includes("GET cdn.oaistatic.com/favicon.ico"),
    "the reach check tried the service's asset host",
  );

  // The background took them in: probe and environment observations of this run.
  const after_ = await until(
    async () => {
      const s = await stored(tab);
      return s.observations.some((o) => o.src === "checks" && o.name === "reach") ? s : null;
    },
    { what: "the check results in the background" },
  );
  assert.ok(after_.seq > before_.seq);
  const checked = after_.observations.filter((o) => o.src === "checks");
  assert.ok(
    checked.every((o) => ["probe", "environment"].includes(o.kind)),
    JSON.stringify(checked),
  );
  assert.equal(new Set(checked.map((o) => o.run)).size, 1, "one run");
  await until(async () => Number(await popup.locator("#app").getAttribute("data-seq")) >= after_.seq, {
    what: "the popup to show the diagnosis with the checks",
  });
  assert.equal((await popupState(popup)).verdict, "all_clear");

  // A second run replaces the first one's results rather than piling up.
  await runChecksInPopup(popup);
  const again = await until(
    async () => {
      const s = await stored(tab);
      const runs = new Set(s.observations.filter((o) => o.src === "checks").map((o) => o.run));
      return runs.size === 1 && !runs.has(checked[0].run) ? s : null;
    },
    { what: "the second run to replace the first" },
  );
  assert.equal(again.observations.filter((o) => o.src === "checks").length, checked.length);
  await shot(popup, "popup-checks-healthy");
  await closeAll(popup, page);
});

test("the popup fits Chrome's 600 px in every language, and its evidence is in that language", {
  timeout: 180000,
}, async () => {
  // The failures the fake services stage, each on the service whose shape it copies.
  const cases = [
    ["chatgpt.com", "https://chatgpt.com/c/fit", "error500"],
    ["chatgpt.com", "https://chatgpt.com/c/fit", "ratelimit"],
    ["chatgpt.com", "https://chatgpt.com/c/fit", "challenge"],
    ["chatgpt.com", "https://chatgpt.com/c/fit", "cut"],
    ["claude.ai", "https://claude.ai/chat/fit", "overloaded"],
    ["claude.ai", "https://claude.ai/chat/fit", "stream-error"],
  ];
  // What the evidence said in English before it was rendered from the locale files.
  const english = /page showed|extensions? installed|status page|cut off after|closed with code|Check “/;
  try {
    for (const lang of ["en", "de", "ja"]) {
      await swEval(
        browser,
        (l) => chrome.storage.local.set({ options: { disabledServices: [], notice: false, lang: l } }),
        lang,
      );
      for (const [host, url, mode] of cases) {
        server.state.chat[host] = mode;
        const { page, tab } = await chatTab(url);
        await page.evaluate(() => chat.send().catch(() => null));
        const popup = await openPopup(browser, tab);
        await popup.waitForFunction(
          () => !["all_clear", "none"].includes(document.getElementById("app").dataset.verdict),
          null,
          { timeout: 10000 },
        );
        await sleep(300);
        const m = await assertPopupFits(popup);
        assert.equal(m.lang, lang);
        assert.ok(m.fix, `${lang} ${mode}: a first fix is shown`);
        const s = await popupState(popup);
        if (lang !== "en") {
          for (const line of s.evidence) assert.doesNotMatch(line, english, `${lang} ${mode}: evidence "${line}"`);
        }
        if (lang === "de" && mode === "challenge") await shot(popup, "popup-fit-de-challenge");
        await closeAll(popup, page);
        server.state.chat[host] = "ok";
      }
    }
  } finally {
    await swEval(browser, () => chrome.storage.local.remove("options"));
  }
});

test("run checks on a failing tab: the row names the unreachable host and the diagnosis takes it in", {
  timeout: 90000,
}, async () => {
  // Claude overloaded; its asset host does not resolve on this machine (only the app's does).
  server.state.chat["claude.ai"] = "overloaded";
  const { page, tab } = await chatTab("https://claude.ai/chat/checks");
  assert.equal((await page.evaluate(() => chat.send())).status, 529);
  const popup = await openPopup(browser, tab);
  await waitForVerdict(popup, "not_you");
  const before_ = await popupState(popup);
  assert.equal(before_.cause, "server_overloaded");
  const othersBefore = await popup.locator("#others li").evaluateAll((lis) => lis.map((li) => li.dataset.cause));
  assert.ok(!othersBefore.includes("blocked_by_network_policy"));

  // Progress shows while it runs: every status line the popup announces, and the rows' states.
  await popup.evaluate(() => {
    window.progress = [];
    const status = document.getElementById("checks-status");
    new MutationObserver(() => {
      const pending = document.querySelectorAll('#check-list li[data-outcome="pending"]').length;
      const button = document.getElementById("run-checks");
      window.progress.push({
        text: status.textContent,
        pending,
        disabled: button.getAttribute("aria-disabled") === "true",
        focused: document.activeElement === button,
      });
    }).observe(status, { childList: true, characterData: true, subtree: true });
  });
  const button = popup.locator("#run-checks");
  await button.focus();
  await popup.keyboard.press("Enter");
  await popup.waitForSelector('#app[data-checks="done"]', { timeout: 20000 });
  const progress = await popup.evaluate(() => window.progress);
  assert.deepEqual(
    progress[0],
    { text: "Running checks: 0 of 6 done…", pending: 6, disabled: true, focused: true },
    JSON.stringify(progress),
  );
  const running = progress.filter((p) => p.text.startsWith("Running checks:"));
  assert.ok(running.length >= 6, JSON.stringify(progress));
  assert.ok(
    running.every((p) => p.disabled),
    "one run at a time",
  );
  assert.match(progress.at(-1).text, /^Checks done/);
  assert.ok(
    progress.every((p) => p.focused),
    "the keyboard focus stays on the button",
  );

  const rows = await checkRows(popup);
  const reach = rows.find((r) => r.check === "reach");
  assert.equal(reach.outcome, "problem", JSON.stringify(rows));
  // The name fails at once here (unresolvable): refused before the network, not by an extension.
  assert.match(
    reach.text,
    /^Reaching Claude: Problem\. (The connection to assets\.claude\.ai (failed|was refused at once)|assets\.claude\.ai cannot be reached from this network)/,
  );
  assert.doesNotMatch(reach.text, /claude\.ai,|extension/);
  for (const r of rows.filter((x) => x.check !== "reach")) assert.equal(r.outcome, "pass", JSON.stringify(r));
  assert.match(await popup.locator("#checks-status").textContent(), /^Checks done: 1 of them found a problem/);

  // The diagnosis updates: still Claude's overload first, and now the blocked host as well.
  await until(
    async () =>
      (await popup.locator("#others li").evaluateAll((lis) => lis.map((li) => li.dataset.cause))).includes(
        "blocked_by_network_policy",
      ),
    { what: "the diagnosis to take in the failed check" },
  );
  const s = await popupState(popup);
  assert.equal(s.verdict, "not_you");
  assert.equal(s.cause, "server_overloaded");
  // Other extensions cannot block the popup's own requests: no extension is blamed for it.
  const others = await popup.locator("#others li").evaluateAll((lis) => lis.map((li) => li.dataset.cause));
  assert.ok(!others.includes("blocked_by_extension"), JSON.stringify(others));
  await shot(popup, "popup-checks");
  for (const colorScheme of ["light", "dark"]) {
    await popup.emulateMedia({ colorScheme });
    assert.deepEqual(await axeProblems(popup), [], `${colorScheme}: the checks as shown`);
  }
  await closeAll(popup, page);
});

test("the in-page notice: next to the chat's error, Details opens the diagnosis, dismissed stays dismissed, off means off", {
  timeout: 90000,
}, async () => {
  server.state.chat["chatgpt.com"] = "error500";
  const { page, tab } = await chatTab("https://chatgpt.com/c/notice");
  assert.equal((await page.evaluate(() => chat.send())).status, 500);
  const notice = page.locator('[data-chatmedic="notice"]');
  await notice.waitFor({ state: "attached", timeout: 10000 });
  assert.equal(await notice.getAttribute("data-verdict"), "not_you");
  // Placed under the chat's own error toast, not in the corner.
  await until(async () => (await notice.getAttribute("data-placed")) === "error", {
    what: "the notice next to the error",
  });

  // Keyboard: from the chat's Send button, Tab reaches "Details" (inside the closed shadow root,
  // so the host has the focus as far as the page can tell); Enter opens the diagnosis.
  await page.focus("#send");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.chatmedic), "notice");
  // Chrome opens the toolbar popup on the chat tab; where it cannot, the diagnosis opens in a
  // tab of its own (popup.html?tab=…).
  await page.keyboard.press("Enter");
  const shown = await until(
    async () => {
      const tabPage = browser.context.pages().find((p) => p.url().endsWith(`/popup/popup.html?tab=${tab}`));
      if (tabPage) {
        await waitForVerdict(tabPage, "not_you");
        const s = await popupState(tabPage);
        await closeAll(tabPage);
        return { ...s, where: "tab" };
      }
      const popup = await actionPopup(page);
      return popup?.verdict === "not_you" ? { ...popup, where: "toolbar popup" } : null;
    },
    { what: "the diagnosis opened from Details" },
  );
  assert.equal(shown.cause, "server_error", JSON.stringify(shown));

  // Escape in the notice dismisses it.
  await page.bringToFront();
  await page.focus("#send");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Escape");
  await notice.waitFor({ state: "detached", timeout: 5000 });
  // The same failure again, and the background told to send every notice anew (an option
  // changed): it stays dismissed.
  assert.equal((await page.evaluate(() => chat.send())).status, 500);
  await swEval(browser, () =>
    chrome.storage.local.set({ options: { disabledServices: [], notice: true, lang: "en" } }),
  );
  await sleep(1200);
  assert.equal(await notice.count(), 0, "a dismissed failure stays dismissed");
  // Chat works again, then fails again: a new failure, and the notice comes back for it.
  server.state.chat["chatgpt.com"] = "ok";
  assert.equal((await page.evaluate(() => chat.send())).ok, true);
  await until(
    async () => await swEval(browser, async (t) => (await chrome.action.getBadgeText({ tabId: t })) === "", tab),
    { what: "the badge to clear" },
  );
  server.state.chat["chatgpt.com"] = "error500";
  assert.equal((await page.evaluate(() => chat.send())).status, 500);
  await notice.waitFor({ state: "attached", timeout: 10000 });
  assert.equal(await notice.getAttribute("data-verdict"), "not_you");

  // Off in the options: it goes, and a new failure shows none.
  await swEval(browser, () =>
    chrome.storage.local.set({ options: { disabledServices: [], notice: false, lang: "auto" } }),
  );
  await notice.waitFor({ state: "detached", timeout: 10000 });
  server.state.chat["chatgpt.com"] = "error500";
  assert.equal((await page.evaluate(() => chat.send())).status, 500);
  await until(
    async () => await swEval(browser, async (t) => (await chrome.action.getBadgeText({ tabId: t })) === "!", tab),
    { what: "the failure" },
  );
  await sleep(800);
  assert.equal(await notice.count(), 0, "no in-page notice when it is off");
  await swEval(browser, () => chrome.storage.local.remove("options"));
  await closeAll(page);
});

test("an engine panic in the worker: an error with its message, and the next diagnosis works", {
  timeout: 90000,
}, async () => {
  const result = await swEval(browser, async () => {
    const w = await globalThis.chatmedicDebug.engine;
    const before_ = w.failures;
    const out = {};
    try {
      w.selfTestPanic();
      out.threw = false;
    } catch (e) {
      Object.assign(out, { threw: true, name: e.name, message: e.message, panic: e.panic });
    }
    out.later = await w.selfTestPanicLater().then(
      () => "resolved",
      (e) => e.name,
    );
    out.verdict = w.diagnose([], "en").verdict;
    out.failures = w.failures - before_;
    return out;
  });
  assert.equal(result.threw, true);
  assert.equal(result.name, "EngineError");
  assert.equal(result.panic, true);
  assert.match(result.message, /^chatmedic panicked: panicked at .*: chatmedic self-test panic \(deliberate\)$/);
  assert.equal(result.later, "EngineError");
  assert.equal(result.verdict, "all_clear", "the restarted engine answers");
  assert.equal(result.failures, 2);

  // The extension keeps working: a failure after the panics is diagnosed as usual.
  server.state.chat["chatgpt.com"] = "error500";
  const { page, tab } = await chatTab("https://chatgpt.com/c/after-panic");
  assert.equal((await page.evaluate(() => chat.send())).status, 500);
  const popup = await openPopup(browser, tab);
  await waitForVerdict(popup, "not_you");
  assert.equal((await popupState(popup)).cause, "server_error");
  await closeAll(popup, page);
});

test("the engine fails while diagnosing: the popup says chatmedic could not diagnose this, and Try again recovers", {
  timeout: 90000,
}, async () => {
  server.state.chat["chatgpt.com"] = "error500";
  const { page, tab } = await chatTab("https://chatgpt.com/c/engine-fails");
  assert.equal((await page.evaluate(() => chat.send())).status, 500);
  await until(
    async () => await swEval(browser, async (t) => (await chrome.action.getBadgeText({ tabId: t })) === "!", tab),
    { what: "the failure" },
  );
  await swEval(
    browser,
    async (t) => {
      await globalThis.chatmedicDebug.flush();
      globalThis.chatmedicDebug.failDiagnoses(t);
    },
    tab,
  );
  const popup = await openPopup(browser, tab);
  await waitForVerdict(popup, "error");
  const s = await popupState(popup);
  assert.equal(s.headline, "chatmedic could not diagnose this");
  assert.match(s.explanation, /restarted itself/);
  assert.equal(await popup.locator("#error-section").isHidden(), false);
  await popup.click("#error-section summary");
  assert.match(await popup.locator("#error-text").textContent(), /chatmedic panicked: .*self-test panic/);
  assert.equal(await popup.locator("#verdict").getAttribute("aria-live"), "polite");
  await shot(popup, "popup-could-not-diagnose");
  assert.deepEqual(await axeProblems(popup), [], "the could-not-diagnose state");
  // Meanwhile the extension keeps working for other tabs: the engine restarted after the panic.
  const other = await chatTab("https://chatgpt.com/c/engine-fails-elsewhere");
  assert.equal((await other.page.evaluate(() => chat.send())).status, 500);
  const otherPopup = await openPopup(browser, other.tab);
  await waitForVerdict(otherPopup, "not_you");
  await closeAll(otherPopup, other.page);
  // Try again (keyboard), the bug out of the way: the restarted engine diagnoses.
  await swEval(browser, () => globalThis.chatmedicDebug.failDiagnoses(null));
  await popup.locator("#retry").focus();
  await popup.keyboard.press("Enter");
  await waitForVerdict(popup, "not_you");
  assert.equal((await popupState(popup)).cause, "server_error");
  assert.equal(await popup.locator("#error-section").isHidden(), true);
  assert.equal(await popup.locator("#retry-row").isHidden(), true);
  await closeAll(popup, page);
});

test("the help page: an engine panic is said on the page, and the page keeps working", { timeout: 90000 }, async () => {
  const www = await startServer({ root: join(ROOT, "dist", "www") });
  const page = await browser.context.newPage();
  try {
    await page.goto(`${www.url}index.html?lang=en`);
    await page.waitForSelector('body[data-checks="done"]', { timeout: 30000 });
    // The page's own engine (the loader's module instance) panics.
    const result = await page.evaluate(async () => {
      const cm = await (await import("/lib/engine.js")).engine();
      try {
        cm.selfTestPanic();
        return { threw: false };
      } catch (e) {
        return { threw: true, name: e.name, message: e.message, verdict: cm.diagnose([], "en").verdict };
      }
    });
    assert.equal(result.threw, true);
    assert.equal(result.name, "EngineError");
    assert.equal(result.verdict, "all_clear", "the restarted engine answers");
    const alert = page.locator("[data-chatmedic-engine-error]");
    await alert.waitFor({ timeout: 5000 });
    assert.equal(await alert.getAttribute("role"), "alert");
    assert.match(
      await alert.textContent(),
      /^Something went wrong inside chatmedic \(chatmedic panicked: panicked at .*self-test panic \(deliberate\)\)\. It has restarted itself: try again\.$/,
    );
    // The page keeps working: a pasted error message is explained.
    await page.fill("#paste-text", "Too many requests in 1 hour. Try again later.");
    await page.click('#paste-form button[type="submit"]');
    await page.waitForSelector('#paste-report li.finding[data-cause="rate_limited"]', { timeout: 5000 });
  } finally {
    await closeAll(page);
    await www.close();
  }
});

test("popup open while observations pour in: it ends on the newest diagnosis and never goes back to an older one", {
  timeout: 90000,
}, async () => {
  const { page, tab } = await chatTab("https://chatgpt.com/c/race");
  assert.equal((await page.evaluate(() => chat.send())).ok, true);
  const popup = await openPopup(browser, tab);
  await waitForVerdict(popup, "all_clear");
  // Record every diagnosis the popup shows, in order.
  await popup.evaluate(() => {
    const app = document.getElementById("app");
    window.shownSeqs = [Number(app.dataset.seq)];
    new MutationObserver(() => window.shownSeqs.push(Number(app.dataset.seq))).observe(app, {
      attributes: true,
      attributeFilter: ["data-seq"],
    });
  });
  const url = "https://chatgpt.com/backend-api/f/conversation";
  const turn = (status, i) => ({
    kind: "http",
    url,
    method: "POST",
    status,
    headers: { "content-type": "application/json" },
    start: Date.now() + i,
    end: Date.now() + i + 5,
  });
  // Failures and successes in quick bursts, the way a flaky chat produces them; it ends failing.
  for (let i = 0; i < 12; i++) {
    const burst = Array.from({ length: 5 }, (_, j) => turn(i % 2 === 0 || j < 4 ? 500 : 200, i * 10 + j));
    if (i === 11) burst.push(turn(500, i * 10 + 9));
    await swEval(
      browser,
      ([t, obs]) => {
        // Not awaited: the next burst comes while this one is being taken in.
        globalThis.chatmedicDebug.ingestMany(t, obs);
      },
      [tab, burst],
    );
    await sleep(60);
  }
  const final = await until(
    async () => {
      const s = await stored(tab);
      const shownSeq = Number(await popup.locator("#app").getAttribute("data-seq"));
      return shownSeq === s.seq ? s : null;
    },
    { timeout: 15000, what: "the popup to show the newest diagnosis" },
  );
  const bgVerdict = await swEval(browser, (t) => globalThis.chatmedicDebug.tabs.get(t).report?.verdict ?? null, tab);
  const shownSeqs = await popup.evaluate(() => window.shownSeqs);
  assert.ok(shownSeqs.length > 2, `the popup followed the changes: ${shownSeqs}`);
  for (let i = 1; i < shownSeqs.length; i++)
    assert.ok(shownSeqs[i] >= shownSeqs[i - 1], `never an older diagnosis after a newer one: ${shownSeqs}`);
  assert.equal(shownSeqs.at(-1), final.seq);
  assert.equal((await popupState(popup)).verdict, "not_you");
  if (bgVerdict) assert.equal(bgVerdict, "not_you");
  await closeAll(popup, page);
});
