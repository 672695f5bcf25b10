// chatmedic next to a real ad blocker: uBlock Origin Lite's default rulesets (lib/ubol.mjs, built
// at test time) loaded in Chromium beside chatmedic, on fakes of ChatGPT, Claude and Perplexity
// that fire what the real sites fire (pages/site.js). What the real lists block must be what the
// chat does not need, and chatmedic must blame the blocker only when the chat's own request was
// blocked. The test fails, never skips, when the rulesets are missing.

import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { badge, chatmedicWorker, launchChromium, openPopup, swEval, tabId, waitForVerdict } from "./lib/chromium.mjs";
import { startFakeChat } from "./lib/fake-chat.mjs";
import { addRegexRules, buildUbolBlocker, DEFAULT_RULESETS, OWN_RULE_IDS, UBOL_NAME } from "./lib/ubol.mjs";
import { grantedCopy, popupState, reportOf, shot, sleep, until } from "./lib/util.mjs";

const BLOCKED = "net::ERR_BLOCKED_BY_CLIENT";

/**
 * The fake sites, with what the real lists are known to block on each (the rulesets' own rules
 * for these hosts; see pages/site.js): the test checks the lists did block them, so that "every
 * blocked request is non-essential" is never true of an empty set.
 */
const SITES = [
  {
    name: "ChatGPT",
    url: "https://chatgpt.com/",
    chat: "https://chatgpt.com/backend-api/f/conversation",
    knownBlocked: [
      /^https:\/\/chatgpt\.com\/backend-api\/sentinel\/ping/,
      /^https:\/\/chatgpt\.com\/ces\/v1\/[a-z]$/,
      /^https:\/\/bzr\.openai\.com\//,
      /^https:\/\/featuregates\.org\//,
      /^https:\/\/browser-intake-datadoghq\.com\//,
    ],
    needed: [
      "https://chatgpt.com/backend-api/f/conversation",
      "https://chatgpt.com/backend-api/sentinel/chat-requirements/prepare",
      "https://chatgpt.com/api/auth/session",
      "https://chatgpt.com/backend-api/me",
      "https://chatgpt.com/backend-api/models",
      "https://chatgpt.com/backend-api/files",
      "https://files.oaiusercontent.com/file-abc",
      "https://cdn.oaistatic.com/assets/root-3f8a1c.js",
      "https://cdn.oaistatic.com/assets/root-7c1d2e.css",
    ],
  },
  {
    name: "Claude",
    url: "https://claude.ai/chat/conv1",
    chat: "https://claude.ai/api/organizations/org1/chat_conversations/conv1/completion",
    knownBlocked: [
      /^https:\/\/claude\.ai\/sentry\?/,
      /^https:\/\/s-cdn\.anthropic\.com\/s\.js$/,
      /^https:\/\/statsig\.anthropic\.com\//,
    ],
    needed: [
      "https://claude.ai/api/organizations/org1/chat_conversations/conv1/completion",
      "https://claude.ai/api/organizations/org1/upload",
      "https://claude.ai/api/bootstrap",
      "https://claude.ai/_next/static/chunks/main-app-2b1c.js",
    ],
  },
  {
    name: "Perplexity",
    url: "https://www.perplexity.ai/search/new",
    chat: "https://www.perplexity.ai/rest/sse/perplexity_ask",
    knownBlocked: [
      /^https:\/\/www\.perplexity\.ai\/rest\/event\/analytics$/,
      /^https:\/\/www\.perplexity\.ai\/rest\/metrics\/collect$/,
    ],
    needed: [
      "https://www.perplexity.ai/rest/sse/perplexity_ask",
      "https://www.perplexity.ai/api/auth/session",
      "https://www.perplexity.ai/rest/uploads/create_upload_url",
      "https://pplx-next-static-public.perplexity.ai/_spa/assets/platform-core-5d1e.js",
    ],
  },
];

/**
 * Requests the real lists block that the catalogue nevertheless counts as needed by the chat,
 * each with the reason it is right to. None so far: every one of them is telemetry.
 */
const EXCEPTIONS = [];

let server;
let browser;
let blocker;
let ubolWorker;
let regex;

before(async () => {
  server = await startFakeChat();
  // Throws (and so fails every test here) when the rulesets are not there.
  blocker = buildUbolBlocker();
  browser = await launchChromium({ port: server.port, extensions: [grantedCopy(), blocker.dir] });
  browser.sw = await chatmedicWorker(browser.context);
  browser.extensionId = new URL(browser.sw.url()).host;
  const isUbol = (w) => w.url().endsWith("/worker.js");
  ubolWorker =
    browser.context.serviceWorkers().find(isUbol) ??
    (await browser.context.waitForEvent("serviceworker", { predicate: isUbol, timeout: 15000 }));
  // Chromium indexes the rulesets at install: wait until every one is enabled.
  const want = blocker.rulesets.map((r) => r.id).sort();
  await until(
    async () =>
      JSON.stringify((await ubolWorker.evaluate(() => chrome.declarativeNetRequest.getEnabledRulesets())).sort()) ===
      JSON.stringify(want),
    {
      timeout: 30000,
      what: "uBO Lite's rulesets to be enabled",
    },
  );
  regex = await addRegexRules(ubolWorker, blocker.regexRules);
});

after(async () => {
  setTimeout(() => process.exit(), 20000).unref();
  await browser?.close();
  await server?.close();
  blocker?.remove();
});

beforeEach(async () => {
  server.reset();
  server.state.site = "centre";
  await swEval(browser, () => globalThis.chatmedicDebug.clearStatusCache());
});

let pageCount = 0;

/** Opens `url` in a new tab, recording every request the blocker blocked; waits for the load. */
async function siteTab(url) {
  const page = await browser.context.newPage();
  const blocked = [];
  page.on("requestfailed", (r) => {
    if (r.failure()?.errorText === BLOCKED) blocked.push({ url: r.url(), method: r.method(), type: r.resourceType() });
  });
  const own = new URL(url);
  own.searchParams.set("t", String(++pageCount));
  await page.goto(own.href);
  await page.waitForFunction(() => window.site);
  await page.evaluate(() => site.ready);
  const tab = await until(() => tabId(browser, page.url()), { what: "the chat tab" });
  return { page, tab, blocked };
}

/** classifyUrl of each URL, as chatmedic's worker answers it. */
function classify(urls) {
  return swEval(
    browser,
    async (list) => {
      const engine = await globalThis.chatmedicDebug.engine;
      return list.map((u) => engine.classifyUrl(u));
    },
    urls,
  );
}

async function closeAll(...pages) {
  for (const p of pages) {
    let timer;
    await Promise.race([p?.close().catch(() => {}), new Promise((r) => (timer = setTimeout(r, 5000)))]);
    clearTimeout(timer);
  }
}

test("the blocker is uBO Lite's six default rulesets, all enabled, and their regex rules", async (t) => {
  const ids = blocker.rulesets.map((r) => r.id);
  for (const name of DEFAULT_RULESETS) assert.ok(ids.includes(name), `${name} is loaded`);
  const total = blocker.rulesets.reduce((n, r) => n + r.rules, 0);
  assert.ok(total > 10000, `${total} rules`);
  const available = await ubolWorker.evaluate(() => chrome.declarativeNetRequest.getAvailableStaticRuleCount());
  assert.ok(available >= 0, `Chromium took them all (${available} static rules left)`);
  // The regex rules: Chromium refuses some (its regex engine's memory limit), as it does for
  // uBO Lite itself; the rest are in force.
  t.diagnostic(`regex rules: ${JSON.stringify({ ...regex, of: blocker.regexRules.length })}`);
  assert.ok(regex.added > 0, JSON.stringify(regex));
  assert.equal(regex.added + regex.refused, blocker.regexRules.length);
});

for (const site of SITES) {
  test(`${site.name} with uBO Lite: what the lists block is non-essential, a healthy chat is all clear, no badge, no notice`, {
    timeout: 90000,
  }, async (t) => {
    const { page, tab, blocked } = await siteTab(site.url);
    const sent = await page.evaluate(() => site.send());
    assert.equal(sent.ok, true, `the chat works with the lists on: ${JSON.stringify(sent)}`);
    assert.equal(await page.evaluate(() => site.upload()), true, "a file upload works with the lists on");
    await sleep(300);
    t.diagnostic(`blocked: ${JSON.stringify(blocked.map((b) => `${b.method} ${b.url}`))}`);

    // The lists did block what the real site fires (so the check below is about something).
    for (const re of site.knownBlocked) {
      assert.ok(
        blocked.some((b) => re.test(b.url)),
        `uBO Lite's lists block ${re} (blocked: ${blocked.map((b) => b.url).join(", ")})`,
      );
    }
    // Every blocked request is one the chat does not need, by the catalogue's own word.
    const urls = [...new Set(blocked.map((b) => b.url))];
    const classes = await classify(urls);
    const wrong = urls
      .map((url, i) => ({ url, ...classes[i] }))
      .filter((c) => c.essential !== false && !EXCEPTIONS.some((e) => e.re.test(c.url)));
    assert.deepEqual(wrong, [], "blocked by the real lists yet counted as needed for chat");
    // And the catalogue is not simply calling everything non-essential: what the chat needs is
    // essential, and the lists left it alone.
    const needed = await classify(site.needed);
    for (const [i, url] of site.needed.entries()) {
      assert.equal(needed[i].essential, true, `${url}: ${JSON.stringify(needed[i])}`);
    }
    assert.equal((await classify([site.chat]))[0].role, "chat_turn");
    for (const url of site.needed) assert.ok(!blocked.some((b) => b.url.startsWith(url)), `${url} was not blocked`);

    // chatmedic says nothing is wrong: no badge, no in-page notice, all clear with a note.
    await swEval(browser, () => globalThis.chatmedicDebug.flush());
    const popup = await openPopup(browser, tab);
    await waitForVerdict(popup, "all_clear");
    const { report } = await reportOf(popup, tab);
    assert.equal(report.verdict, "all_clear", JSON.stringify(report));
    assert.deepEqual(report.findings, []);
    assert.ok(Array.isArray(report.notes), "the report has notes");
    const note = report.notes.find((n) => n.note === "telemetry_blocked");
    assert.ok(note, `a note says tracking requests are blocked: ${JSON.stringify(report.notes)}`);
    assert.ok(note.params.count >= 1, JSON.stringify(note));
    assert.equal(note.params.extension, UBOL_NAME, `the note names the blocker: ${JSON.stringify(note)}`);
    assert.ok(note.text.includes(UBOL_NAME), `the note's text names it: ${note.text}`);
    assert.equal((await badge(browser, tab)).text, "");
    assert.equal(await page.locator('[data-chatmedic="notice"]').count(), 0, "no in-page notice");
    const s = await popupState(popup);
    assert.ok(s.text.includes(note.text), `the popup shows the note: ${s.text}`);
    await shot(popup, `popup-ubol-${site.name.toLowerCase()}-healthy`);
    await closeAll(popup, page);
  });
}

for (const site of SITES) {
  test(`${site.name} with uBO Lite: a 500 on send is not you (server_error), not the blocker`, {
    timeout: 90000,
  }, async () => {
    server.state.chat[new URL(site.url).hostname] = "error500";
    const { page, tab, blocked } = await siteTab(site.url);
    assert.ok(blocked.length > 0, "the lists blocked telemetry on this page");
    assert.equal((await page.evaluate(() => site.send())).status, 500);
    const popup = await openPopup(browser, tab);
    await waitForVerdict(popup, "not_you");
    const s = await popupState(popup);
    assert.equal(s.cause, "server_error", s.headline);
    const { report } = await reportOf(popup, tab);
    assert.equal(report.findings[0].cause, "server_error");
    assert.equal(report.findings[0].action, "send");
    assert.ok(
      !report.findings.some((f) => f.cause === "blocked_by_extension"),
      `the blocker is not blamed: ${JSON.stringify(report.findings.map((f) => f.cause))}`,
    );
    await until(async () => (await badge(browser, tab)).text === "!", { what: "the badge" });
    await closeAll(popup, page);
  });
}

test("ChatGPT with uBO Lite: a reply stream cut mid-way is response_interrupted, not the blocker", {
  timeout: 90000,
}, async () => {
  server.state.chat["chatgpt.com"] = "cut";
  const { page, tab } = await siteTab("https://chatgpt.com/");
  const sent = await page.evaluate(() => site.send());
  assert.equal(sent.ok, false);
  const popup = await openPopup(browser, tab);
  await until(async () => (await popupState(popup)).verdict !== "all_clear", { what: "a diagnosis" });
  const { report } = await reportOf(popup, tab);
  assert.equal(report.findings[0].cause, "response_interrupted", JSON.stringify(report.findings));
  assert.ok(
    !report.findings.some((f) => f.cause === "blocked_by_extension"),
    JSON.stringify(report.findings.map((f) => f.cause)),
  );
  await closeAll(popup, page);
});

// Last: it changes the blocker (a dynamic rule, then the blocker turned off).
test("one more rule blocking the conversation request: uBO Lite named first with its fixes; turned off from the popup, the next send works", {
  timeout: 120000,
}, async () => {
  await ubolWorker.evaluate(
    (id) =>
      chrome.declarativeNetRequest.updateDynamicRules({
        addRules: [
          {
            id,
            priority: 1,
            action: { type: "block" },
            condition: { urlFilter: "||chatgpt.com/backend-api/f/conversation", resourceTypes: ["xmlhttprequest"] },
          },
        ],
      }),
    OWN_RULE_IDS,
  );
  const { page, tab, blocked } = await siteTab("https://chatgpt.com/");
  const sent = await page.evaluate(() => site.send());
  assert.equal(sent.ok, false);
  await until(() => blocked.some((b) => b.url.startsWith("https://chatgpt.com/backend-api/f/conversation")), {
    what: "the blocked conversation request",
  });
  const popup = await openPopup(browser, tab);
  await waitForVerdict(popup, "your_browser");
  const s = await popupState(popup);
  assert.equal(s.cause, "blocked_by_extension");
  assert.ok(s.text.includes(UBOL_NAME), `the popup names the blocker: ${s.text}`);
  assert.ok(s.fixes.includes("disable_extension"), JSON.stringify(s.fixes));
  assert.ok(s.fixes.includes("allowlist_site_in_blocker"), JSON.stringify(s.fixes));
  const { report } = await reportOf(popup, tab);
  assert.equal(report.findings[0].cause, "blocked_by_extension");
  assert.equal(report.findings[0].action, "send");
  await shot(popup, "popup-ubol-blocks-conversation");

  await popup.click('#fixes button[data-action="disableExtension"]');
  await popup.waitForSelector("dialog#confirm[open]");
  const navigated = page.waitForNavigation();
  await popup.click("#confirm-ok");
  await navigated;
  await until(async () => (await popup.locator("#app").getAttribute("data-last-action")) === "disableExtension:ok", {
    what: "the blocker to be turned off",
  });
  const ubol = await swEval(
    browser,
    async (name) => (await chrome.management.getAll()).find((e) => e.name === name),
    UBOL_NAME,
  );
  assert.equal(ubol.enabled, false);
  await page.waitForFunction(() => window.site);
  await page.evaluate(() => site.ready);
  assert.equal((await page.evaluate(() => site.send())).ok, true, "the next send works");
  await waitForVerdict(popup, "all_clear");
  await closeAll(popup, page);
});
