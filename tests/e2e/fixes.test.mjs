// Fixes that lose nothing they do not name, and an extension bisect that never leaves the user's
// extensions off: end to end in Debian's Chromium with the built extension (a copy whose
// optional permissions are granted at install, so nothing waits on a prompt nobody can click)
// and the test extensions (tests/e2e/fixtures: a blocker of ChatGPT's chat endpoint and a
// look-alike that blocks nothing chat needs), against the fake chat service.

import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, test } from "node:test";
import { chatmedicWorker, launchChromium, openPopup, ROOT, swEval, tabId, waitForVerdict } from "./lib/chromium.mjs";
import { startFakeChat } from "./lib/fake-chat.mjs";
import { BLOCKER, BYSTANDER, grantedCopy, popupState, shot, sleep, until } from "./lib/util.mjs";

let server;

before(async () => {
  server = await startFakeChat();
});

after(async () => {
  setTimeout(() => process.exit(), 20000).unref();
  await server?.close();
});

beforeEach(() => server.reset());

/** A second look-alike (another name, another id): four ordinary extensions in all. */
function lookAlike(name) {
  const dir = join(ROOT, "target", "e2e", "fixtures", name.toLowerCase().replace(/\W+/g, "-"));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(BYSTANDER, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
  manifest.name = name;
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  return dir;
}
const HELPER = lookAlike("Test Page Helper");
const READER = lookAlike("Test Reader Mode");

async function closeAll(...pages) {
  for (const p of pages) {
    let timer;
    await Promise.race([p?.close().catch(() => {}), new Promise((r) => (timer = setTimeout(r, 5000)))]);
    clearTimeout(timer);
  }
}

/** Chromium with chatmedic (permissions granted) and `extensions`. */
async function launch(extensions = [], options = {}) {
  const b = await launchChromium({ port: server.port, extensions: [grantedCopy(), ...extensions], ...options });
  b.sw = await chatmedicWorker(b.context);
  b.extensionId = new URL(b.sw.url()).host;
  return b;
}

/** The test extensions' on/off state, by name. */
function testExtensions(b) {
  return swEval(b, async () =>
    Object.fromEntries(
      (await chrome.management.getAll()).filter((e) => e.name.startsWith("Test ")).map((e) => [e.name, e.enabled]),
    ),
  );
}

const allOn = (states) => Object.values(states).every(Boolean);

/** A chat tab on ChatGPT whose chat request the blocker blocks; `autosend` resends it on load. */
async function blockedTab(b, name, { autosend = false } = {}) {
  const page = await b.context.newPage();
  await page.goto(`https://chatgpt.com/c/warm-${name}`);
  // The blocker's rules load after the browser starts: wait until they block.
  await until(async () => (await page.evaluate(() => chat.send())).ok === false, { what: "the blocker's rules" });
  const url = `https://chatgpt.com/c/${name}${autosend ? "?autosend=1" : ""}`;
  await page.goto(url);
  const tab = await until(() => tabId(b, page.url()), { what: "the chat tab" });
  if (!autosend) await page.evaluate(() => chat.send());
  return { page, tab };
}

/** Opens the popup for `tab` and starts the bisect through its button and confirmation. */
async function startBisect(b, tab) {
  const popup = await openPopup(b, tab);
  await waitForVerdict(popup, "your_browser");
  const button = popup.locator('#fixes button[data-action="bisectExtensions"]');
  await button.waitFor();
  await popup.waitForFunction(() => document.body.dataset.renderMs);
  await button.click();
  await popup.waitForSelector("dialog#confirm[open]");
  const dialog = {
    title: await popup.locator("#confirm-title").textContent(),
    body: await popup.locator("#confirm-body").textContent(),
  };
  const label = await button.textContent();
  await popup.click("#confirm-ok");
  await popup.waitForSelector('#app[data-bisect="running"]');
  return { popup, dialog, label };
}

const bisectOf = (popup) =>
  popup.evaluate(() => ({
    phase: document.getElementById("app").dataset.bisect,
    wait: document.getElementById("app").dataset.bisectWait,
    text: document.getElementById("bisect-text").textContent,
    detail: document.getElementById("bisect-detail").textContent,
    prompt: document.getElementById("bisect-wait").textContent,
    status: document.getElementById("action-status").textContent,
  }));

/** Waits until the bisect (as the popup shows it) satisfies `ok`. */
async function bisectUntil(popup, ok, what, timeout = 30000) {
  let last;
  await until(
    async () => {
      last = await bisectOf(popup);
      return ok(last);
    },
    { timeout, interval: 200, what },
  ).catch((e) => {
    throw new Error(`${e.message}: ${JSON.stringify(last)}`);
  });
  return last;
}

/**
 * Plays the user through the rounds of a bisect on a page that does not resend (sending again
 * when asked) until a round has extensions off and waits for the user.
 */
async function toRoundWithOff(popup, page) {
  await popup.waitForSelector('#app[data-bisect="running"]');
  for (let i = 0; i < 6; i++) {
    const s = await bisectUntil(popup, (x) => x.phase !== "running" || x.wait === "user", "the request to repeat");
    if (s.phase !== "running") throw new Error(`the bisect ended: ${JSON.stringify(s)}`);
    if (/Turned off now/.test(s.detail)) return s;
    await page.waitForFunction(() => window.chat);
    await page.evaluate(() => chat.send());
    await bisectUntil(popup, (x) => x.phase !== "running" || x.text !== s.text, "the next round");
  }
  throw new Error("no round turned anything off");
}

test("clearing ChatGPT's cookies takes its own hosts' cookies only, after saying it signs you out", {
  timeout: 120000,
}, async () => {
  const b = await launch();
  try {
    server.state.chat["chatgpt.com"] = "cookies431";
    const page = await b.context.newPage();
    await page.goto("https://chatgpt.com/?fill=1");
    await page.goto("https://chatgpt.com/c/clear-own");
    const tab = await until(() => tabId(b, page.url()), { what: "the chat tab" });
    // A signed-in user's cookies on the service, on its neighbours under the same registrable
    // domains, and on other sites.
    const cookie = (name, where) => ({
      name,
      value: "v",
      ...where,
      ...(where.url ? {} : { path: "/" }),
      secure: true,
      sameSite: "Lax",
      expires: Math.round(Date.now() / 1000) + 3600,
    });
    await b.context.addCookies([
      cookie("own_host", { url: "https://chatgpt.com/" }),
      cookie("own_domain", { domain: ".chatgpt.com" }),
      cookie("own_sub", { url: "https://ab.chatgpt.com/" }),
      cookie("own_legacy", { url: "https://chat.openai.com/" }),
      cookie("platform_session", { url: "https://platform.openai.com/" }),
      cookie("auth_session", { url: "https://auth.openai.com/" }),
      cookie("openai_wide", { domain: ".openai.com" }),
      cookie("claude_session", { url: "https://claude.ai/" }),
      cookie("gemini_pref", { url: "https://gemini.google.com/" }),
    ]);
    assert.equal((await page.evaluate(() => chat.send())).status, 431);
    const popup = await openPopup(b, tab);
    await waitForVerdict(popup, "your_browser");
    assert.equal((await popupState(popup)).cause, "oversized_cookies");
    await popup.click('#fixes button[data-action="clearSiteData"]');
    // It signs the user out: said, with the hosts it touches, and asked first.
    await popup.waitForSelector("dialog#confirm[open]");
    assert.equal(await popup.locator("#confirm-title").textContent(), "Clear ChatGPT's cookies?");
    const body = await popup.locator("#confirm-body").textContent();
    assert.match(body, /signs you out of ChatGPT/);
    assert.match(body, /chatgpt\.com, chat\.openai\.com/);
    assert.doesNotMatch(body, /auth\.openai\.com|platform/);
    await shot(popup, "popup-confirm-clear-cookies");
    const navigated = page.waitForNavigation();
    await popup.click("#confirm-ok");
    await navigated;
    await until(async () => (await popup.locator("#app").getAttribute("data-last-action")) === "clearSiteData:ok", {
      what: "the clearing",
    });
    assert.match(
      await popup.locator("#action-status").textContent(),
      /Cleared the cookies of chatgpt\.com, chat\.openai\.com/,
    );
    // (The reloaded chat page signs the user in again: its session cookies are new ones.)
    const left = (await b.context.cookies()).map((c) => c.name);
    const planted = [
      "own_host",
      "own_domain",
      "own_sub",
      "own_legacy",
      "platform_session",
      "auth_session",
      "openai_wide",
      "claude_session",
      "gemini_pref",
    ];
    assert.deepEqual(
      left.filter((n) => planted.includes(n)).sort(),
      ["auth_session", "claude_session", "gemini_pref", "openai_wide", "platform_session"].sort(),
      "exactly the service's own hosts' cookies went",
    );
    assert.deepEqual(
      left.filter((n) => n.startsWith("big")),
      [],
      "the 431's big cookies went with them",
    );
    await page.waitForFunction(() => window.chat);
    assert.equal((await page.evaluate(() => chat.send())).ok, true, "the next request succeeds");
    await closeAll(popup, page);
  } finally {
    await b.close();
  }
});

test("'clear cookies' on a bot-check page asks first; Cancel signs nobody out", { timeout: 90000 }, async () => {
  const b = await launch();
  try {
    server.state.chat["chatgpt.com"] = "challenge";
    const page = await b.context.newPage();
    await page.goto("https://chatgpt.com/c/bot-check");
    const tab = await until(() => tabId(b, page.url()), { what: "the chat tab" });
    assert.equal((await page.evaluate(() => chat.send())).status, 403);
    const popup = await openPopup(b, tab);
    await waitForVerdict(popup, "your_account");
    assert.equal((await popupState(popup)).cause, "bot_challenge");
    const before_ = (await b.context.cookies("https://chatgpt.com/")).map((c) => c.name).sort();
    assert.ok(before_.includes("__Secure-next-auth.session-token"), "signed in");
    // On a bot check, clearing cookies is no first fix: it sits under "More ways to fix this".
    await popup.click("#fixes .more-fixes summary");
    await popup.click('#fixes button[data-action="clearSiteData"]');
    await popup.waitForSelector("dialog#confirm[open]");
    assert.match(await popup.locator("#confirm-body").textContent(), /signs you out/);
    assert.equal(await popup.locator("#confirm-ok").textContent(), "Clear cookies and sign out");
    await popup.click("#confirm-cancel");
    await sleep(500);
    assert.deepEqual(
      (await b.context.cookies("https://chatgpt.com/")).map((c) => c.name).sort(),
      before_,
      "nothing was cleared",
    );
    assert.equal(await popup.locator("#app").getAttribute("data-last-action"), null);
    await closeAll(popup, page);
  } finally {
    await b.close();
  }
});

test("the bisect, on a page that resends by itself: names what it turns off, shows its rounds, finds the blocker, and the popup agrees with itself", {
  timeout: 150000,
}, async () => {
  const b = await launch([BLOCKER, BYSTANDER, HELPER, READER]);
  try {
    const { page, tab } = await blockedTab(b, "resends", { autosend: true });
    const { popup, dialog, label } = await startBisect(b, tab);
    assert.equal(label, "Find the blocking extension", "the button says what it does");
    assert.equal(dialog.title, "Find the extension that blocks ChatGPT?");
    for (const name of ["Test Blocker", "Test Bystander", "Test Page Helper", "Test Reader Mode"])
      assert.match(dialog.body, new RegExp(name));
    assert.match(dialog.body, /up to 4 reloads/);
    // Progress: the round of how many, and what is off now; never "Done." before it ends.
    const seen = new Set();
    const done = await bisectUntil(
      popup,
      (s) => {
        if (s.phase === "running") {
          seen.add(`${s.text}|${s.detail}`);
          assert.notEqual(s.status, "Done.");
        }
        return s.phase && s.phase !== "running";
      },
      "the bisect to end",
      120000,
    );
    assert.equal(done.phase, "found", JSON.stringify(done));
    const rounds = [...seen].join("\n");
    assert.match(rounds, /Round 1 of 4\|Nothing is turned off/);
    assert.match(rounds, /Round 2 of \d\|Turned off now: Test /, rounds);
    assert.ok(allOn(await testExtensions(b)), "everything is back on");
    // The answer is the headline, and the first fix acts on it.
    const s = await popupState(popup);
    assert.equal(s.verdict, "your_browser");
    assert.equal(s.headline, "Test Blocker is blocking ChatGPT");
    assert.equal(s.fixes[0], "bisect_culprit");
    assert.equal(await popup.locator("#fixes li").first().locator("button").textContent(), "Turn off Test Blocker");
    assert.doesNotMatch(s.text, /All clear|Nothing is wrong/);
    await shot(popup, "popup-bisect-found");
    // Turned off from there: the note that said "everything is back on" goes with it.
    await popup.click('#fixes li[data-fix="bisect_culprit"] button');
    await popup.waitForSelector("dialog#confirm[open]");
    await popup.click("#confirm-ok");
    await until(async () => (await testExtensions(b))["Test Blocker"] === false, { what: "the blocker off" });
    await until(async () => (await bisectOf(popup)).phase === "", { what: "the bisect note to go" });
    await until(async () => (await popup.locator("#reenable button").count()) === 1, {
      what: "the turn-back-on button",
    });
    assert.doesNotMatch(await popup.locator("#app").innerText(), /back on\./);
    await closeAll(popup, page);
  } finally {
    await b.close();
  }
});

test("the bisect on a page that does not resend: it asks the user to send again and waits for it; no attempt concludes nothing", {
  timeout: 150000,
}, async () => {
  const b = await launch([BLOCKER, BYSTANDER]);
  try {
    const { page, tab } = await blockedTab(b, "no-resend");
    await swEval(b, () => globalThis.chatmedicDebug.bisectTimings({ pageWaitMs: 1500, userWaitMs: 60000 }));
    const { popup } = await startBisect(b, tab);
    // Each round: reloaded, nothing resent, the user asked; the user sends, the round ends.
    for (let i = 0; i < 6; i++) {
      const s = await bisectUntil(
        popup,
        (x) => x.phase !== "running" || x.wait === "user",
        "the request to repeat",
        30000,
      );
      if (s.phase !== "running") break;
      assert.equal(s.prompt, "Send your message again now in the ChatGPT tab: chatmedic is waiting for it.");
      // The popup closes when the user clicks into the page: the request is on the page too.
      await page.locator('[data-chatmedic="task"][data-wait="user"]').waitFor({ state: "attached", timeout: 5000 });
      await page.waitForFunction(() => window.chat);
      const round = s.text;
      await page.evaluate(() => chat.send());
      await bisectUntil(popup, (x) => x.phase !== "running" || x.text !== round, "the next round");
    }
    assert.equal((await bisectOf(popup)).phase, "found");
    assert.equal((await popupState(popup)).headline, "Test Blocker is blocking ChatGPT");
    // The page is reloaded once everything is on again: no task line is left on it.
    await page.waitForFunction(() => window.chat);
    await until(async () => (await page.locator('[data-chatmedic="task"]').count()) === 0, {
      what: "the task line to go",
    });
    assert.ok(allOn(await testExtensions(b)));

    // Again, and this time nobody sends: the round that saw no attempt concludes nothing.
    await popup.click("#bisect-dismiss");
    await swEval(b, () => globalThis.chatmedicDebug.bisectTimings({ pageWaitMs: 1000, userWaitMs: 2500 }));
    await until(async () => (await bisectOf(popup)).phase === "", { what: "the note to go" });
    await page.waitForFunction(() => window.chat);
    await page.evaluate(() => chat.send());
    await waitForVerdict(popup, "your_browser");
    await popup.click('#fixes button[data-action="bisectExtensions"]');
    await popup.waitForSelector("dialog#confirm[open]");
    await popup.click("#confirm-ok");
    await popup.waitForSelector('#app[data-bisect="running"]');
    const s = await bisectUntil(popup, (x) => x.phase && x.phase !== "running", "the bisect to give up", 60000);
    assert.equal(s.phase, "no_attempt");
    assert.match(s.text, /saw no new attempt to send/);
    assert.doesNotMatch(s.text, /No single extension/);
    assert.ok(allOn(await testExtensions(b)));
    await closeAll(popup, page);
  } finally {
    await b.close();
  }
});

test("one bisect at a time, Cancel restores everything at once, a stopped worker's bisect is undone", {
  timeout: 150000,
}, async () => {
  const b = await launch([BLOCKER, BYSTANDER, HELPER, READER]);
  try {
    const { page, tab } = await blockedTab(b, "cancel");
    await swEval(b, () => globalThis.chatmedicDebug.bisectTimings({ pageWaitMs: 500, userWaitMs: 60000 }));
    let popup = await openPopup(b, tab);
    await waitForVerdict(popup, "your_browser");
    // Two starts at once (two clicks, two popups): one bisect.
    const ids = await popup.evaluate(() => [...document.querySelectorAll("#fixes button")].length);
    assert.ok(ids > 0);
    const replies = await popup.evaluate(async (t) => {
      const r = await chrome.runtime.sendMessage({ type: "ui-bg/get-report", tabId: t });
      const action = r.report.findings[0].fixes.find((f) => f.action?.type === "bisectExtensions").action;
      return Promise.all([1, 2].map(() => chrome.runtime.sendMessage({ type: "ui-bg/act", tabId: t, action })));
    }, tab);
    assert.deepEqual(replies.map((r) => r.ok).sort(), [false, true], JSON.stringify(replies));
    assert.equal(replies.find((r) => !r.ok).error, "busy");
    // Round 2 turns something off; the user is asked to send again.
    let s = await toRoundWithOff(popup, page);
    const offNow = Object.entries(await testExtensions(b))
      .filter(([, on]) => !on)
      .map(([n]) => n);
    assert.ok(offNow.length >= 1, "something is off");
    for (const name of offNow) assert.match(s.detail, new RegExp(name));
    assert.equal(await popup.locator("#fixes-heading").isVisible(), false, "no fix starts while it runs");
    await popup.click("#bisect-cancel");
    s = await bisectUntil(popup, (x) => x.phase === "cancelled", "the cancellation");
    assert.ok(allOn(await testExtensions(b)), "Cancel turned everything back on");
    assert.match(s.text, /Cancelled/);
    await sleep(1500);
    assert.ok(allOn(await testExtensions(b)), "and nothing is turned off afterwards");
    await closeAll(popup);

    // Again; the worker stops mid-round (Chrome stops idle workers): the next one undoes it.
    popup = await openPopup(b, tab);
    await popup.click("#bisect-dismiss");
    await until(async () => (await bisectOf(popup)).phase === "", { what: "the note to go" });
    await waitForVerdict(popup, "your_browser");
    await popup.click('#fixes button[data-action="bisectExtensions"]');
    await popup.waitForSelector("dialog#confirm[open]");
    await popup.click("#confirm-ok");
    await popup.waitForSelector('#app[data-bisect="running"]');
    await toRoundWithOff(popup, page);
    assert.ok(!allOn(await testExtensions(b)));
    await closeAll(popup);
    const cdp = await b.context.newCDPSession(page);
    await cdp.send("ServiceWorker.enable");
    await cdp.send("ServiceWorker.stopAllWorkers");
    await cdp.detach();
    await sleep(500);
    popup = await openPopup(b, tab);
    s = await bisectUntil(popup, (x) => x.phase === "interrupted", "the interrupted bisect to be undone");
    assert.match(s.text, /interrupted.*back on/);
    assert.ok(allOn(await testExtensions(b)), "every extension is on again");
    await closeAll(popup, page);
  } finally {
    await b.close();
  }
});

test("the browser closed mid-bisect: relaunched on the same profile, every extension is on again and the popup says so", {
  timeout: 150000,
}, async () => {
  const profile = mkdtempSync(join(tmpdir(), "chatmedic-relaunch-"));
  const extensions = [BLOCKER, BYSTANDER, HELPER, READER];
  try {
    let b = await launch(extensions, { profile });
    let before_;
    try {
      before_ = await testExtensions(b);
      assert.ok(allOn(before_));
      const { page, tab } = await blockedTab(b, "relaunch");
      await swEval(b, () => globalThis.chatmedicDebug.bisectTimings({ pageWaitMs: 500, userWaitMs: 60000 }));
      const { popup } = await startBisect(b, tab);
      await toRoundWithOff(popup, page);
      assert.ok(!allOn(await testExtensions(b)), "something is off when the browser closes");
      const stored = await swEval(b, async () => (await chrome.storage.local.get("bisect")).bisect);
      assert.equal(stored.phase, "running");
      assert.ok(stored.off.length >= 1, "what it turned off is written down first");
    } finally {
      await b.close();
    }
    b = await launch(extensions, { profile });
    try {
      await until(async () => allOn(await testExtensions(b)), { timeout: 15000, what: "every extension on again" });
      assert.deepEqual(await testExtensions(b), before_);
      const page = await b.context.newPage();
      await page.goto("https://chatgpt.com/c/after-relaunch");
      const tab = await until(() => tabId(b, page.url()), { what: "a chat tab" });
      const popup = await openPopup(b, tab);
      const s = await bisectUntil(popup, (x) => x.phase === "interrupted", "the popup to say so");
      assert.match(s.text, /Test Blocker/);
      await shot(popup, "popup-bisect-interrupted");
      await popup.click("#bisect-dismiss");
      await until(async () => (await bisectOf(popup)).phase === "", { what: "the note to go" });
      await closeAll(popup, page);
    } finally {
      await b.close();
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});
