// End to end in Debian's Chromium with the built extension (dist/chrome) loaded: a fake chat
// service under the real host names fails in each of the ways users meet, and the popup must say
// what happened and offer the fix that acts.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { after, before, beforeEach, test } from "node:test";
import {
  badge,
  chatmedicWorker,
  DIST_CHROME,
  launchChromium,
  openPopup,
  startChatAndChromium,
  stopChatAndChromium,
  swEval,
  tabId,
  waitForVerdict,
} from "./lib/chromium.mjs";
import { STATUS_CLAUDE_INCIDENT } from "./lib/fake-chat.mjs";
import { assertNoLeaks, PLANTED } from "./lib/privacy.mjs";
import { BLOCKER, grantedCopy, PROXY, popupState, reportOf, shot, sleep, until } from "./lib/util.mjs";

let server;
let browser;

before(async () => ({ server, browser } = await startChatAndChromium()));
after(() => stopChatAndChromium(server, browser));

beforeEach(async () => {
  server.reset();
  // Status pages are cached briefly per service; each scenario starts without that cache.
  await swEval(browser, () => globalThis.chatmedicDebug.clearStatusCache());
});

let pageCount = 0;

/** Opens a chat page in a new tab under a URL of its own; returns {page, tab}. */
async function chatTab(b, url) {
  const page = await b.context.newPage();
  const own = new URL(url);
  own.searchParams.set("t", String(++pageCount));
  // A token in the page's own URL (an OAuth callback, a share link): planted (lib/privacy.mjs).
  own.searchParams.set("session_token", PLANTED.pageToken);
  await page.goto(own.href);
  const tab = await until(() => tabId(b, page.url()), { what: "the chat tab" });
  return { page, tab };
}

/** Closes pages, each within 5 s: a page closing while its tab reloads can keep Playwright
 * waiting for good; the browser's own close cleans up whatever is left. */
async function closeAll(...pages) {
  for (const p of pages) {
    let timer;
    await Promise.race([p?.close().catch(() => {}), new Promise((r) => (timer = setTimeout(r, 5000)))]);
    clearTimeout(timer);
  }
}

test("a healthy session: no badge, the popup says all is well", { timeout: 90000 }, async () => {
  const { page, tab } = await chatTab(browser, "https://chatgpt.com/");
  const result = await page.evaluate(() => chat.send());
  assert.equal(result.ok, true);
  await sleep(400);
  assert.equal((await badge(browser, tab)).text, "");
  const popup = await openPopup(browser, tab);
  const s = await popupState(popup);
  assert.equal(s.verdict, "all_clear");
  assert.match(s.headline, /Nothing is wrong: ChatGPT works/);
  assert.deepEqual(s.fixes, []);
  await shot(popup, "popup-all-clear");
  await closeAll(popup, page);
});

test("500 on send: it's not you, the badge says so, the in-page notice appears, the status page opens", {
  timeout: 90000,
}, async () => {
  server.state.chat["chatgpt.com"] = "error500";
  const { page, tab } = await chatTab(browser, "https://chatgpt.com/");
  assert.equal((await page.evaluate(() => chat.send())).status, 500);
  const b = await until(async () => ((await badge(browser, tab)).text === "!" ? badge(browser, tab) : null), {
    what: "the badge",
  });
  assert.deepEqual(b.color, [179, 38, 30, 255], "service side is red");
  assert.match(b.title, /^It's not you: /);
  const popup = await openPopup(browser, tab);
  const s = await popupState(popup);
  assert.equal(s.verdict, "not_you");
  assert.equal(s.cause, "server_error");
  assert.equal(s.label, "It's not you");
  assert.match(s.headline, /ChatGPT/);
  assert.match(s.headline, /500/);
  assert.ok(s.actions.includes("openUrl"), "the status page opens from a button");
  // Evidence on demand: closed until asked for.
  assert.equal(await popup.locator("#evidence-section").getAttribute("open"), null);
  await popup.click("#evidence-section summary");
  assert.ok(
    s.evidence.some((e) => /500/.test(e)),
    JSON.stringify(s.evidence),
  );
  await shot(popup, "popup-500");

  // The in-page notice (its content is in a closed shadow root, out of the page's reach).
  const notice = page.locator('[data-chatmedic="notice"]');
  await notice.waitFor({ state: "attached", timeout: 5000 });
  assert.equal(await notice.getAttribute("data-verdict"), "not_you");
  assert.equal(await page.evaluate(() => document.querySelector('[data-chatmedic="notice"]').shadowRoot), null);
  // "Check the status page" opens it in a new tab.
  const opened = browser.context.waitForEvent("page");
  await popup.click('#fixes button[data-action="openUrl"]');
  const statusPage = await opened;
  assert.match(statusPage.url(), /^https:\/\/status\.openai\.com/);
  await closeAll(statusPage, popup, page);
});

test("529 overload with an incident on the status page: not you, and the incident is named", {
  timeout: 90000,
}, async () => {
  server.state.chat["claude.ai"] = "overloaded";
  server.state.status.claude = STATUS_CLAUDE_INCIDENT;
  const { page, tab } = await chatTab(browser, "https://claude.ai/chat/conv1");
  assert.equal((await page.evaluate(() => chat.send())).status, 529);
  const popup = await openPopup(browser, tab);
  // The status page is fetched after the failure; the popup updates when it is in.
  await until(async () => (await popupState(popup)).cause === "service_outage", { what: "the status page's verdict" });
  const s = await popupState(popup);
  assert.equal(s.verdict, "not_you");
  assert.equal(s.label, "It's not you");
  assert.match(s.headline, /Claude/);
  assert.match(s.explanation, /Elevated errors on claude\.ai/);
  const others = await popup.locator("#others li").evaluateAll((lis) => lis.map((li) => li.dataset.cause));
  assert.ok(others.includes("server_overloaded"), `the 529 itself: ${others}`);
  assert.ok(server.state.requests.includes("GET status.claude.com/api/v2/summary.json"), "fetched after the failure");
  await closeAll(popup, page);
});

test("529 overload with an operational status page: 'It's not you: Claude is overloaded'", {
  timeout: 90000,
}, async () => {
  server.state.chat["claude.ai"] = "overloaded";
  const { page, tab } = await chatTab(browser, "https://claude.ai/chat/conv2");
  assert.equal((await page.evaluate(() => chat.send())).status, 529);
  const popup = await openPopup(browser, tab);
  await waitForVerdict(popup, "not_you");
  await until(() => server.state.requests.includes("GET status.claude.com/api/v2/summary.json"), {
    what: "the status fetch",
  });
  await sleep(300);
  const s = await popupState(popup);
  assert.equal(s.cause, "server_overloaded");
  assert.match(s.headline, /Claude is overloaded/);
  await closeAll(popup, page);
});

test("a healthy session never fetches a status page", { timeout: 90000 }, async () => {
  const { page } = await chatTab(browser, "https://claude.ai/chat/healthy");
  assert.equal((await page.evaluate(() => chat.send())).ok, true);
  await sleep(500);
  assert.ok(!server.state.requests.some((r) => r.includes("status.")), server.state.requests.join(" "));
  await closeAll(page);
});

test("429 with retry-after: a countdown button that counts down from 30", { timeout: 90000 }, async () => {
  server.state.chat["chatgpt.com"] = "ratelimit";
  const { page, tab } = await chatTab(browser, "https://chatgpt.com/");
  assert.equal((await page.evaluate(() => chat.send())).status, 429);
  const popup = await openPopup(browser, tab);
  await waitForVerdict(popup, "your_account");
  const s = await popupState(popup);
  assert.equal(s.cause, "rate_limited");
  assert.ok(s.actions.includes("countdown"), JSON.stringify(s.actions));
  const button = popup.locator('button[data-action="countdown"]');
  assert.match(await button.textContent(), /30/);
  // Keyboard: the button is reachable and Enter starts it.
  await button.focus();
  await popup.keyboard.press("Enter");
  await until(async () => Number(await button.getAttribute("data-left")) <= 29, { what: "the countdown" });
  assert.equal(await button.isDisabled(), true);
  assert.match(await popup.locator("#action-status").textContent(), /Waiting 30 seconds/);
  await closeAll(popup, page);
});

test("Claude's 5-hour cap: the reset time as a local clock time, and no fix that contradicts it", {
  timeout: 90000,
}, async () => {
  server.state.chat["claude.ai"] = "usage-cap";
  const { page, tab } = await chatTab(browser, "https://claude.ai/chat/cap");
  assert.equal((await page.evaluate(() => chat.send())).status, 429);
  const popup = await openPopup(browser, tab);
  await waitForVerdict(popup, "your_account");
  const s = await popupState(popup);
  assert.equal(s.cause, "rate_limited");
  assert.equal(s.fixes[0], "retry_after", JSON.stringify(s.fixes));
  for (const contradicting of ["wait_and_retry", "retry_within_hour", "check_billing", "try_alternative_service"]) {
    assert.ok(!s.fixes.includes(contradicting), JSON.stringify(s.fixes));
  }
  // Said in the reader's zone by the popup (not the engine's UTC), three hours ahead.
  const title = await popup.locator('#fixes li[data-fix="retry_after"] .fix-title').first().textContent();
  const expected = await popup.evaluate(() => {
    const at = new Date(Date.now() + 3 * 3600 * 1000);
    return new Intl.DateTimeFormat(navigator.language, { hour: "2-digit", minute: "2-digit" })
      .formatToParts(at)
      .find((p) => p.type === "hour").value;
  });
  assert.match(title, /^Try again after /, title);
  assert.ok(title.includes(expected) && !title.includes("UTC"), `${title} (hour ${expected})`);
  assert.doesNotMatch(s.text, /Wait a minute|being fixed|billing/, s.text);
  assert.equal(s.actions.includes("countdown"), false, "no countdown for hours");
  await closeAll(popup, page);
});

test("a finding shows its three best fixes; the rest are behind More ways to fix this", {
  timeout: 90000,
}, async () => {
  server.state.chat["chatgpt.com"] = "error500";
  const { page, tab } = await chatTab(browser, "https://chatgpt.com/c/more-fixes");
  assert.equal((await page.evaluate(() => chat.send())).status, 500);
  const popup = await openPopup(browser, tab);
  await waitForVerdict(popup, "not_you");
  const s = await popupState(popup);
  assert.equal(s.firstFixes.length, 3, JSON.stringify(s));
  assert.ok(s.moreFixes.length >= 1, JSON.stringify(s));
  assert.deepEqual(s.fixes, [...s.firstFixes, ...s.moreFixes]);
  const more = popup.locator("#fixes .more-fixes > details");
  const summary = more.locator(":scope > summary");
  assert.equal(await summary.textContent(), "More ways to fix this");
  assert.equal(await more.getAttribute("open"), null, "folded at first");
  assert.equal(await popup.locator(`#fixes .more-fixes li[data-fix="${s.moreFixes[0]}"]`).isVisible(), false);
  await summary.click();
  assert.equal(await popup.locator(`#fixes .more-fixes li[data-fix="${s.moreFixes[0]}"]`).isVisible(), true);
  await closeAll(popup, page);
});

test("403 Cloudflare challenge: a bot check, not an outage", { timeout: 90000 }, async () => {
  server.state.chat["chatgpt.com"] = "challenge";
  const { page, tab } = await chatTab(browser, "https://chatgpt.com/");
  assert.equal((await page.evaluate(() => chat.send())).status, 403);
  const popup = await openPopup(browser, tab);
  await waitForVerdict(popup, "your_account");
  const s = await popupState(popup);
  assert.equal(s.cause, "bot_challenge");
  assert.ok(s.actions.includes("hardReload"), JSON.stringify(s.actions));
  // "Reload" reloads the chat tab.
  await page.evaluate(() => (window.beforeReload = true));
  const reloaded = page.waitForNavigation();
  await popup.click('#fixes button[data-action="hardReload"]');
  await reloaded;
  assert.equal(await page.evaluate(() => window.beforeReload ?? false), false);
  await closeAll(popup, page);
});

test("SSE reply cut mid-stream: the hook sees the broken stream", { timeout: 90000 }, async () => {
  server.state.chat["chatgpt.com"] = "cut";
  const { page, tab } = await chatTab(browser, "https://chatgpt.com/");
  const result = await page.evaluate(() => chat.send());
  assert.equal(result.ok, false);
  const popup = await openPopup(browser, tab);
  await until(async () => (await popupState(popup)).verdict !== "all_clear", { what: "a diagnosis" });
  const s = await popupState(popup);
  assert.ok(["response_interrupted", "network_unstable"].includes(s.cause), `${s.cause}: ${s.headline}`);
  // The buffer reaches storage.session in coalesced writes (at most 4 a second per tab), so
  // the popup can show the diagnosis a moment before the write lands.
  const storedKinds = () =>
    swEval(
      browser,
      async (t) => (await chrome.storage.session.get(`tab:${t}`))[`tab:${t}`]?.observations.map((o) => o.kind) ?? [],
      tab,
    );
  await until(async () => (await storedKinds()).includes("streamAbort"), { what: "the stored streamAbort" }).catch(
    () => {},
  );
  const stored = await storedKinds();
  assert.ok(stored.includes("streamAbort"), `the hook reported the cut stream: ${stored}`);
  await closeAll(popup, page);
});

/** The wsClose observations stored for `tab` (the hook's reports, as the background kept them). */
async function storedSocketCloses(tab) {
  await swEval(browser, () => globalThis.chatmedicDebug.flush());
  return swEval(
    browser,
    async (t) =>
      (await chrome.storage.session.get(`tab:${t}`))[`tab:${t}`]?.observations.filter((o) => o.kind === "wsClose") ??
      [],
    tab,
  );
}

test("one idle WebSocket dropped with 1006, then a new one works: all clear, with a note", {
  timeout: 90000,
}, async () => {
  server.state.ws = "drop";
  const { page, tab } = await chatTab(browser, "https://copilot.microsoft.com/chats/1");
  assert.equal((await page.evaluate(() => chat.socket())).code, 1006);
  server.state.ws = "echo";
  assert.equal((await page.evaluate(() => chat.echo())).ok, true, "the page's new socket works");
  const closes = await until(
    async () => {
      const c = await storedSocketCloses(tab);
      return c.length ? c : null;
    },
    { what: "the stored wsClose" },
  );
  assert.equal(closes[0].code, 1006);
  assert.equal(closes[0].msSinceMessage, undefined, "no message came in: the socket was idle");
  const popup = await openPopup(browser, tab);
  await waitForVerdict(popup, "all_clear");
  const { report } = await reportOf(popup, tab);
  assert.deepEqual(report.findings, [], JSON.stringify(report.findings));
  assert.ok(
    report.notes.some((n) => n.note === "socket_recovered"),
    `a note says the socket dropped once: ${JSON.stringify(report.notes)}`,
  );
  assert.equal((await badge(browser, tab)).text, "");
  assert.equal(await page.locator('[data-chatmedic="notice"]').count(), 0, "no in-page notice");
  await closeAll(popup, page);
});

test("a WebSocket dropped while the reply streams in: response_interrupted, the close code in the evidence", {
  timeout: 90000,
}, async () => {
  server.state.ws = "stream-drop";
  const { page, tab } = await chatTab(browser, "https://copilot.microsoft.com/chats/2");
  assert.equal((await page.evaluate(() => chat.socket())).code, 1006);
  const closes = await until(
    async () => {
      const c = await storedSocketCloses(tab);
      return c.length ? c : null;
    },
    { what: "the stored wsClose" },
  );
  assert.ok(
    closes[0].msSinceMessage >= 0 && closes[0].msSinceMessage < 1000,
    `a message came just before: ${JSON.stringify(closes[0])}`,
  );
  assert.ok(closes[0].msSinceMessage <= closes[0].msOpen);
  const popup = await openPopup(browser, tab);
  await until(async () => (await popupState(popup)).verdict !== "all_clear", { what: "a diagnosis" });
  const s = await popupState(popup);
  assert.equal(s.cause, "response_interrupted", `${s.cause}: ${s.headline}`);
  await popup.click("#evidence-section summary");
  assert.ok(
    (await popupState(popup)).evidence.some((e) => /1006/.test(e)),
    "evidence names the close code",
  );
  await closeAll(popup, page);
});

test("WebSockets dropping again and again: your connection keeps dropping (network_unstable)", {
  timeout: 90000,
}, async () => {
  server.state.ws = "drop";
  const { page, tab } = await chatTab(browser, "https://copilot.microsoft.com/chats/3");
  for (let i = 0; i < 3; i++) assert.equal((await page.evaluate(() => chat.socket())).code, 1006);
  const popup = await openPopup(browser, tab);
  await until(async () => (await popupState(popup)).verdict !== "all_clear", { what: "a diagnosis" });
  const s = await popupState(popup);
  assert.equal(s.verdict, "your_network");
  assert.equal(s.cause, "network_unstable", s.headline);
  await closeAll(popup, page);
});

test("offline: your network, the device is offline", { timeout: 90000 }, async () => {
  const { page, tab } = await chatTab(browser, "https://chatgpt.com/");
  await browser.context.setOffline(true);
  try {
    assert.equal((await page.evaluate(() => chat.send())).ok, false);
  } finally {
    await browser.context.setOffline(false);
  }
  const popup = await openPopup(browser, tab);
  await waitForVerdict(popup, "your_network");
  const s = await popupState(popup);
  assert.equal(s.cause, "offline");
  // The badge is set by the background's own (throttled) diagnosis, which may land a moment
  // after the popup's.
  const blue = [11, 87, 208, 255];
  await until(async () => (await badge(browser, tab)).color.join() === blue.join(), { what: "a blue badge" }).catch(
    () => {},
  );
  assert.deepEqual((await badge(browser, tab)).color, blue, "network side is blue");
  await closeAll(popup, page);
});

test("a later success clears the failure and the badge", { timeout: 90000 }, async () => {
  server.state.chat["chatgpt.com"] = "error500";
  const { page, tab } = await chatTab(browser, "https://chatgpt.com/");
  await page.evaluate(() => chat.send());
  await until(async () => (await badge(browser, tab)).text === "!", { what: "the badge" });
  await page.locator('[data-chatmedic="notice"]').waitFor({ state: "attached", timeout: 5000 });
  server.state.chat["chatgpt.com"] = "ok";
  assert.equal((await page.evaluate(() => chat.send())).ok, true);
  await until(async () => (await badge(browser, tab)).text === "", { what: "the badge to clear" });
  const popup = await openPopup(browser, tab);
  assert.equal((await popupState(popup)).verdict, "all_clear");
  await page.locator('[data-chatmedic="notice"]').waitFor({ state: "detached", timeout: 5000 });
  await closeAll(popup, page);
});

test("the service worker stopped and restarted: the same diagnosis", { timeout: 90000 }, async () => {
  server.state.chat["chatgpt.com"] = "error500";
  const { page, tab } = await chatTab(browser, "https://chatgpt.com/");
  await page.evaluate(() => chat.send());
  let popup = await openPopup(browser, tab);
  await waitForVerdict(popup, "not_you");
  const before_ = await popupState(popup);
  await popup.close();
  const sw = await chatmedicWorker(browser.context);
  await sw.evaluate(async () => {
    await globalThis.chatmedicDebug.flush();
    globalThis.restartMarker = "old worker";
  });
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send("ServiceWorker.enable");
  await cdp.send("ServiceWorker.stopAllWorkers");
  await cdp.detach();
  await sleep(500);
  popup = await openPopup(browser, tab);
  await waitForVerdict(popup, "not_you");
  const after_ = await popupState(popup);
  assert.equal(after_.cause, before_.cause);
  assert.equal(after_.headline, before_.headline);
  assert.equal(
    await swEval(browser, () => globalThis.restartMarker ?? "new worker"),
    "new worker",
    "the worker did restart",
  );
  await closeAll(popup, page);
});

test("a permission refused: the popup closed on Chrome's prompt is followed by one that says what did not happen", {
  timeout: 90000,
}, async () => {
  // chatmedic without `management` (its prompt in Chrome: "Manage your apps, extensions, and
  // themes"), beside an extension that blocks the chat.
  const b = await launchChromium({ port: server.port, extensions: [DIST_CHROME, BLOCKER] });
  try {
    const page = await b.context.newPage();
    await page.goto("https://chatgpt.com/c/refused");
    await until(async () => (await page.evaluate(() => chat.send())).ok === false, { what: "the blocker's rules" });
    const tab = await until(() => tabId(b, page.url()), { what: "the chat tab" });
    let popup = await openPopup(b, tab);
    await waitForVerdict(popup, "your_browser");
    await popup.click('#fixes li[data-fix="find_extension"] button');
    await sleep(500);
    // The prompt is up (headless: nobody answers it). The user closes the popup (Firefox closes
    // it itself for its prompt): the next popup says it was not allowed and nothing changed.
    await popup.close();
    popup = await openPopup(b, tab);
    await until(
      async () => (await popup.locator("#app").getAttribute("data-last-action")) === "find_extension:refused",
      {
        what: "the refusal to be said",
      },
    );
    assert.equal(
      await popup.locator("#action-status").textContent(),
      "chatmedic was not allowed to see your extensions, so it cannot name the one that blocks ChatGPT. Nothing was changed.",
    );
    assert.doesNotMatch(await popup.locator("#app").innerText(), /Test Blocker/);
    // Said once.
    await popup.reload();
    await popup.waitForSelector('#app[aria-busy="false"]');
    await sleep(300);
    assert.equal(await popup.locator("#action-status").textContent(), "");
    await closeAll(popup, page);
  } finally {
    await b.close();
  }
});

test("431: the support report copies and holds none of the site's cookies", { timeout: 90000 }, async () => {
  server.state.chat["chatgpt.com"] = "cookies431";
  const { page, tab } = await chatTab(browser, "https://chatgpt.com/?fill=1");
  assert.equal((await page.evaluate(() => chat.send())).status, 431);
  const popup = await openPopup(browser, tab);
  await waitForVerdict(popup, "your_browser");
  assert.equal((await popupState(popup)).cause, "oversized_cookies");
  // The support report copies, and holds none of the site's cookies.
  await popup.click("#copy-report");
  await until(async () => (await popup.locator("body").getAttribute("data-copied")) === "true", { what: "the copy" });
  const copied = await popup.evaluate(
    async (t) => (await chrome.runtime.sendMessage({ type: "ui-bg/get-report", tabId: t })).report.supportSummary,
    tab,
  );
  assert.match(copied, /431/);
  assert.ok(!copied.includes("cccccccccc") && !/big\d=/.test(copied), "no cookie in the report");
  await closeAll(popup, page);
});

test("431 oversized cookies: 'clear cookies' clears them and the next request succeeds", {
  timeout: 90000,
}, async () => {
  const granted = await launchChromium({ port: server.port, extensions: [grantedCopy()] });
  try {
    granted.sw = await chatmedicWorker(granted.context);
    granted.extensionId = new URL(granted.sw.url()).host;
    server.state.chat["chatgpt.com"] = "cookies431";
    const { page, tab } = await chatTab(granted, "https://chatgpt.com/?fill=1");
    // Reloads must not fill the cookies again: continue on a page that does not set them.
    await page.goto("https://chatgpt.com/c/after-fill");
    const tabNow = await until(() => tabId(granted, page.url()), { what: "the chat tab" });
    assert.equal(tabNow, tab);
    assert.equal((await page.evaluate(() => chat.send())).status, 431);
    const popup = await openPopup(granted, tab);
    await waitForVerdict(popup, "your_browser");
    const s = await popupState(popup);
    assert.equal(s.cause, "oversized_cookies");
    assert.match(s.headline, /cookie/i);
    const navigated = page.waitForNavigation();
    await popup.click('#fixes button[data-action="clearSiteData"]');
    await popup.waitForSelector("dialog#confirm[open]");
    await popup.click("#confirm-ok");
    await navigated;
    await until(async () => (await popup.locator("#app").getAttribute("data-last-action")) === "clearSiteData:ok", {
      what: "done",
    });
    const left = (await granted.context.cookies("https://chatgpt.com/")).filter((c) => c.name.startsWith("big"));
    assert.equal(left.length, 0, "the site's cookies are gone");
    await page.waitForFunction(() => window.chat);
    assert.equal((await page.evaluate(() => chat.send())).ok, true, "the next request succeeds");
    await waitForVerdict(popup, "all_clear");
    await closeAll(popup, page);
  } finally {
    await granted.close();
  }
});

test("ERR_BLOCKED_BY_CLIENT from a blocking extension: named, disabled on a click, chat works", {
  timeout: 90000,
}, async () => {
  const dir = grantedCopy();
  const b = await launchChromium({ port: server.port, extensions: [dir, BLOCKER], colorScheme: "dark" });
  try {
    b.sw = await chatmedicWorker(b.context);
    b.extensionId = new URL(b.sw.url()).host;
    const { page, tab } = await chatTab(b, "https://chatgpt.com/");
    // The blocker's rules load after the browser starts: wait until they block.
    await until(async () => (await page.evaluate(() => chat.send())).ok === false, { what: "the blocker's rules" });
    const popup = await openPopup(b, tab, { colorScheme: "dark" });
    await waitForVerdict(popup, "your_browser");
    const s = await popupState(popup);
    assert.equal(s.cause, "blocked_by_extension");
    assert.match(s.text, /Test Blocker/, "the popup names the blocking extension");
    await shot(popup, "popup-blocked-by-extension-dark");
    await popup.click('#fixes button[data-action="disableExtension"]');
    await popup.waitForSelector("dialog#confirm[open]");
    assert.match(await popup.locator("#confirm-title").textContent(), /Test Blocker/);
    const navigated = page.waitForNavigation();
    await popup.click("#confirm-ok");
    await navigated;
    await until(async () => (await popup.locator("#app").getAttribute("data-last-action")) === "disableExtension:ok", {
      what: "the extension to be disabled",
    });
    const blocker = await swEval(b, async () =>
      (await chrome.management.getAll()).find((e) => e.name === "Test Blocker"),
    );
    assert.equal(blocker.enabled, false);
    await page.waitForFunction(() => window.chat);
    assert.equal((await page.evaluate(() => chat.send())).ok, true, "chat works");
    await waitForVerdict(popup, "all_clear");
    // "Turn it back on" afterwards.
    const back = popup.locator("#reenable button");
    await back.waitFor();
    assert.match(await back.textContent(), /Test Blocker/);
    await back.click();
    await until(
      async () =>
        swEval(b, async () => (await chrome.management.getAll()).find((e) => e.name === "Test Blocker").enabled),
      {
        what: "the blocker to be back on",
      },
    );
    await closeAll(popup, page);
  } finally {
    await b.close();
  }
});

test("a proxy extension whose server is down: the proxy is blamed and the extension named", {
  timeout: 90000,
}, async () => {
  const b = await launchChromium({ port: server.port, extensions: [grantedCopy(undefined, ["proxy"]), PROXY] });
  try {
    b.sw = await chatmedicWorker(b.context);
    b.extensionId = new URL(b.sw.url()).host;
    const page = await b.context.newPage();
    const url = "https://chatgpt.com/c/behind-proxy";
    // Every request now goes to a proxy that is not there: the page itself cannot load.
    await until(
      async () =>
        (
          await page.goto(url).then(
            () => "loaded",
            (e) => String(e),
          )
        ).includes("ERR_PROXY_CONNECTION_FAILED"),
      {
        what: "the proxy extension to take over",
      },
    );
    const tab = await until(
      () =>
        swEval(
          b,
          async (u) => (await chrome.tabs.query({})).find((t) => t.url === u || t.pendingUrl === u)?.id ?? null,
          url,
        ),
      {
        what: "the tab",
      },
    );
    // The user opens the popup after the failure: wait until the background has it.
    await until(
      () =>
        swEval(
          b,
          async (t) => {
            const st = (await chrome.storage.session.get(`tab:${t}`))[`tab:${t}`];
            return st?.observations.some((o) => /PROXY/.test(o.error ?? "")) ?? false;
          },
          tab,
        ),
      { what: "the recorded proxy failure" },
    );
    await sleep(300);
    const popup = await openPopup(b, tab);
    let s;
    await until(
      async () => {
        s = await popupState(popup);
        return s.cause === "proxy_or_vpn";
      },
      { what: "the proxy diagnosis" },
    ).catch((e) => {
      throw new Error(`${e.message}: ${JSON.stringify(s)}`);
    });
    assert.equal(s.verdict, "your_network");
    assert.match(s.text, /Test Proxy/, "the extension controlling the proxy is named");
    assert.ok(s.actions.includes("disableExtension"), JSON.stringify(s.actions));
    await closeAll(popup, page);
  } finally {
    await b.close();
  }
});

test("the help page (an allow-listed local origin) can ask for the tabs' reports", { timeout: 90000 }, async () => {
  server.state.chat["chatgpt.com"] = "error500";
  const { page, tab } = await chatTab(browser, "https://chatgpt.com/c/bridge");
  await page.evaluate(() => chat.send());
  await until(async () => (await badge(browser, tab)).text === "!", { what: "the failure" });
  const help = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<!doctype html><title>help</title><p>help page</p>");
  });
  await new Promise((r) => help.listen(0, "127.0.0.1", r));
  const helpPage = await browser.context.newPage();
  try {
    await helpPage.goto(`http://127.0.0.1:${help.address().port}/`);
    const reply = await helpPage.evaluate(
      (id) => new Promise((resolve) => chrome.runtime.sendMessage(id, { type: "web-bg/get-reports" }, resolve)),
      browser.extensionId,
    );
    const mine = reply.reports.find((r) => r.report.findings.some((f) => f.cause === "server_error"));
    assert.ok(mine, JSON.stringify(reply).slice(0, 300));
    assert.equal(mine.service, "chatgpt");
    assert.equal(mine.report.verdict, "not_you");
    // Anything else gets no answer.
    const other = await helpPage.evaluate(
      (id) =>
        new Promise((resolve) =>
          chrome.runtime.sendMessage(id, { type: "ui-bg/get-report", tabId: 1 }, (r) => resolve(r ?? "no reply")),
        ),
      browser.extensionId,
    );
    assert.equal(other, "no reply");
  } finally {
    await closeAll(helpPage, page);
    // Chromium may hold a preconnected socket that never carries a request; close() alone
    // would wait for it to time out.
    await new Promise((r) => {
      help.close(r);
      help.closeAllConnections();
    });
  }
});

test("the popup passes axe (no serious or critical issue) in light and dark, and the fixes are buttons", {
  timeout: 90000,
}, async () => {
  const axe = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  server.state.chat["chatgpt.com"] = "ratelimit";
  const { page, tab } = await chatTab(browser, "https://chatgpt.com/c/a11y");
  await page.evaluate(() => chat.send());
  for (const colorScheme of ["light", "dark"]) {
    const popup = await openPopup(browser, tab, { colorScheme });
    await waitForVerdict(popup, "your_account");
    // Runtime.evaluate is not subject to the extension page's CSP, which forbids injected code.
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
    const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(bad, [], `${colorScheme}: ${JSON.stringify(violations)}`);
    // The verdict is announced; every action is a named button reachable with Tab.
    assert.equal(await popup.locator("#verdict").getAttribute("aria-live"), "polite");
    const names = await popup.locator("#fixes button").evaluateAll((bs) => bs.map((b) => b.textContent.trim()));
    assert.ok(names.length > 0 && names.every((n) => n.length > 0), JSON.stringify(names));
    await popup.keyboard.press("Tab");
    const focused = await popup.evaluate(() => document.activeElement?.tagName);
    assert.ok(["BUTTON", "SUMMARY"].includes(focused), focused);
    await popup.close();
  }
  await closeAll(page);
});

test("options: the language, the in-page notice and the services to watch", { timeout: 90000 }, async () => {
  const options = await browser.context.newPage();
  try {
    await options.goto(`chrome-extension://${browser.extensionId}/options/options.html`);
    await options.waitForSelector("#services input");
    // One per service of the catalogue the extension was built from.
    const catalog = JSON.parse(readFileSync(new URL("../../target/extension/catalog.json", import.meta.url), "utf8"));
    assert.equal(await options.locator("#services input").count(), catalog.services.length);
    await options.selectOption("#lang", "de");
    await options.waitForFunction(() => document.documentElement.lang === "de");
    assert.equal(await options.locator("h1").textContent(), "chatmedic-Einstellungen");
    await options.locator("#notice").uncheck();
    await until(
      async () =>
        (await swEval(browser, async () => (await chrome.storage.local.get("options")).options?.notice)) === false,
      {
        what: "the notice option",
      },
    );

    server.state.chat["chatgpt.com"] = "error500";
    const { page, tab } = await chatTab(browser, "https://chatgpt.com/c/options-de");
    await page.evaluate(() => chat.send());
    const popup = await openPopup(browser, tab);
    await waitForVerdict(popup, "not_you");
    const s = await popupState(popup);
    assert.equal(s.label, "Es liegt nicht an Ihnen");
    assert.match(s.headline, /ChatGPT/);
    assert.equal(await popup.locator("#fixes-heading").textContent(), "Was Sie tun können");
    await sleep(500);
    assert.equal(await page.locator('[data-chatmedic="notice"]').count(), 0, "no in-page notice when it is off");
    await closeAll(popup, page);

    // ChatGPT no longer watched: its failures are not recorded.
    await options.locator("#svc-chatgpt").uncheck();
    await until(
      async () =>
        (
          await swEval(browser, async () => (await chrome.storage.local.get("options")).options?.disabledServices ?? [])
        ).includes("chatgpt"),
      {
        what: "the services option",
      },
    );
    const other = await chatTab(browser, "https://chatgpt.com/c/unwatched");
    await other.page.evaluate(() => chat.send());
    await sleep(500);
    assert.equal((await badge(browser, other.tab)).text, "");
    await closeAll(other.page);
  } finally {
    await swEval(browser, () => chrome.storage.local.remove("options"));
    await options.close();
  }
});

// Last: everything chatmedic wrote in this file's browsers (console, storage as it was written,
// the copied support report) holds none of the planted secrets (lib/privacy.mjs).
test("privacy: nothing chatmedic wrote holds a planted secret", { timeout: 60000 }, async (t) => {
  await browser.privacy.finish();
  const seen = assertNoLeaks({ minStorage: 20 });
  t.diagnostic(JSON.stringify(seen));
  // The 431 test copies the support report: the copy was seen and scanned.
  assert.ok(seen.records.clipboard >= 1, "the copied support report was seen");
});
