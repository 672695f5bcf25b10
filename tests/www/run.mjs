// The help page and the widget, end to end in headless Chromium (playwright-core, Debian's
// /usr/bin/chromium): checks in three languages, the status panel against fake status pages,
// reach failures told apart (a test-only blocking extension), offline, pasted messages, one
// answer at a time, the language switch keeping every section, a 100 MB HAR and its exact
// count, plurals and sizes per language, files that are not HARs, the sanitized HAR and what it
// counts, the page at 390×844 in three languages (no text box over another, nothing off the
// screen), the widget in an article, the extension bridge, and axe-core.
//
//   node tests/www/run.mjs [--root dist/www] [--filter NAME]
//
// Nothing leaves the machine: every status page and service host is a fake on loopback, and
// Chromium resolves no other host name (--host-resolver-rules). Screenshots go to
// target/www-screenshots/. Ends with cargo's "test result:" line, which build.sh counts.

import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";
import { CHROMIUM_BASE_ARGS, EXECUTABLE } from "../e2e/lib/chromium.mjs";
import { startFakeServices } from "./fake-services.mjs";
import { generateHar, scenario } from "./gen-har.mjs";
import { extensionId, startServer } from "./server.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "../..");
const require = createRequire(import.meta.url);

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const ROOT = path.resolve(REPO, arg("root", "dist/www"));
const FILTER = arg("filter", "");
const SHOTS = path.join(REPO, "target/www-screenshots");
const WORK = path.join(REPO, "target/www-test");

// The tests' Chromium; no host name resolves but loopback's.
const CHROMIUM_ARGS = [
  ...CHROMIUM_BASE_ARGS,
  "--disable-dev-shm-usage",
  "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
];

const tests = [];
function test(name, fn) {
  tests.push({ name, fn });
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

function eq(actual, expected, message) {
  if (actual !== expected)
    throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

const messages = Object.fromEntries(
  ["en", "de", "ja"].map((l) => [
    l,
    JSON.parse(fs.readFileSync(path.join(REPO, `extension/_locales/${l}/messages.json`), "utf8")),
  ]),
);
const t = (lang, key) => messages[lang][key].message;

let server;
let fake;
let browser;

/** A fresh browser context whose pages log errors to the test output. */
async function context(options = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1200, height: 900 }, ...options });
  ctx.on("page", watch);
  return ctx;
}

const pageErrors = [];
function watch(page) {
  page.on("pageerror", (e) => pageErrors.push(e.message));
}

/** Opens the help page against the fakes in `state` and waits for every check and status. */
async function openPage(ctx, { lang = "en", state = {}, config = {}, extra = "" } = {}) {
  fake.control(state);
  server.setConfig(config);
  const page = await ctx.newPage();
  const q = new URLSearchParams({ lang, statusBase: fake.base, probeBase: fake.base });
  await page.goto(`${server.url}?${q}${extra}`);
  await page.waitForSelector("body[data-checks=done][data-status=done]", { timeout: 30000 });
  await page.waitForFunction(() => document.querySelector("#summary")?.getAttribute("aria-busy") === "false");
  return page;
}

async function checkRows(page) {
  return page.$$eval("#check-list .check", (rows) =>
    rows.map((r) => ({
      check: r.dataset.check,
      outcome: r.dataset.outcome,
      text: r.querySelector(".check-text")?.textContent || "",
      hosts: [...r.querySelectorAll(".hosts li")].map((h) => ({ host: h.dataset.host, reason: h.dataset.reason })),
    })),
  );
}

async function statusItems(page) {
  return page.$$eval("#status-list .status-item", (items) =>
    Object.fromEntries(
      items.map((i) => [
        i.dataset.service,
        { state: i.dataset.state, text: i.textContent, links: [...i.querySelectorAll("a")].map((a) => a.href) },
      ]),
    ),
  );
}

async function summaryCauses(page) {
  return page.$$eval("#summary-report .finding", (fs) => fs.map((f) => f.dataset.cause));
}

/** Text of the page that looks like a locale key that was never filled in. */
async function untranslated(page) {
  return page.evaluate(() => {
    const text = document.body.innerText;
    return (text.match(/\b(web|cause|fix|verdict|label)_[a-z_]+[A-Za-z_]*/g) || []).slice(0, 5);
  });
}

function shot(page, name, fullPage = true) {
  fs.mkdirSync(SHOTS, { recursive: true });
  return page.screenshot({ path: path.join(SHOTS, name), fullPage });
}

const HEALTHY = { status: {}, reach: {} };

for (const lang of ["en", "de", "ja"]) {
  test(`checks_run_and_render_in_${lang}`, async () => {
    const ctx = await context({ locale: lang });
    const page = await openPage(ctx, { lang, state: HEALTHY });
    eq(await page.textContent("h1"), t(lang, "web_title"), "heading in the page language");
    eq(await page.getAttribute("html", "lang"), lang, "html lang");
    eq(await page.inputValue("#lang"), lang, "switcher shows the language");
    const rows = await checkRows(page);
    eq(rows.length, 9, "nine checks");
    for (const r of rows) {
      assert(["pass", "problem", "note", "untested"].includes(r.outcome), `${r.check} ended (${r.outcome})`);
      assert(r.text.trim().length > 5, `${r.check} has a sentence`);
    }
    // Headless Chromium blocks third-party cookies: a failed check that does not matter for
    // chat, so a note (blue "Note"), never a red "Problem" under "All clear".
    const tpc = await page.evaluate(() => window.chatmedic.checks.get("thirdPartyCookies").results[0]);
    if (tpc.outcome === "problem") {
      const row = rows.find((r) => r.check === "thirdPartyCookies");
      eq(row.outcome, "note", "third-party cookies blocked is a note");
      eq(
        await page.textContent("#check-list [data-check=thirdPartyCookies] .outcome"),
        t(lang, "web_outcome_note"),
        "labelled a note in the page language",
      );
    }
    eq(
      rows
        .filter((r) => r.outcome === "problem")
        .map((r) => r.check)
        .join(),
      "",
      "no problem row beside all clear",
    );
    const by = Object.fromEntries(rows.map((r) => [r.check, r]));
    for (const c of ["online", "reach", "websocket", "cookies", "storage", "clock", "browserVersion"]) {
      eq(by[c].outcome, "pass", `${c} passes on a healthy machine`);
    }
    eq(by.adblock.outcome, "pass", "no ad blocker in a bare browser");
    eq(
      by.reach.hosts.length,
      await page.evaluate(() => window.chatmedic.cm.reachTargets().length),
      "every service host tried",
    );
    assert(by.reach.hosts.length >= 10, "the hosts of every service");
    eq(
      by.websocket.text,
      t(lang, "web_check_websocket_ok").replace("{ms}", by.websocket.text.match(/\d+/)?.[0]),
      "websocket sentence",
    );
    eq(await page.getAttribute("body", "data-verdict"), "all_clear", "healthy: all clear");
    eq(
      await page.textContent("#summary-report .verdict"),
      t(lang, "verdict_all_clear"),
      "verdict in the page language",
    );
    eq((await untranslated(page)).join(), "", "no raw locale keys on the page");
    const first = await page.evaluate(() => window.chatmedic.timings.firstCheck);
    assert(first > 0 && first < 5000, `first check result after ${first} ms`);
    if (lang === "en") await shot(page, "help-page-checks.png");
    await ctx.close();
  });
}

test("language_follows_the_browser_and_the_switcher", async () => {
  const ctx = await context({ locale: "de-DE" });
  fake.control(HEALTHY);
  server.setConfig({});
  const page = await ctx.newPage();
  await page.goto(`${server.url}?statusBase=${fake.base}&probeBase=${fake.base}`);
  await page.waitForSelector("body[data-checks=done][data-status=done]", { timeout: 30000 });
  eq(await page.textContent("h1"), t("de", "web_title"), "German from navigator.languages");
  await page.fill("#paste-text", "Too many requests in 1 hour. Try again later.");
  await page.click("#paste-form button[type=submit]");
  await page.waitForSelector("#paste-report .finding");
  const deTitle = await page.textContent("#paste-report .finding h4");
  await page.selectOption("#lang", "ja");
  await page.waitForFunction((title) => document.querySelector("h1").textContent === title, t("ja", "web_title"));
  const jaTitle = await page.textContent("#paste-report .finding h4");
  assert(
    jaTitle !== deTitle && /[\u3040-\u30ff\u4e00-\u9faf]/.test(jaTitle),
    `report re-rendered in Japanese: ${jaTitle}`,
  );
  eq(await page.textContent("#summary-report .verdict"), t("ja", "verdict_all_clear"), "summary re-rendered");
  const stateLine = await page.textContent("#summary-state");
  assert(
    stateLine !== t("ja", "web_summary_running") && stateLine.endsWith("確認が終わりました。"),
    `the summary says the checks are done: ${stateLine}`,
  );
  await page.reload();
  await page.waitForSelector("body[data-checks=done]", { timeout: 30000 });
  eq(await page.inputValue("#lang"), "ja", "the choice is remembered");
  await ctx.close();
});

test("status_panel_both_formats_operational_incident_maintenance_unreachable", async () => {
  const ctx = await context();
  const page = await openPage(ctx, {
    state: {
      status: {
        chatgpt: "incident",
        openai_api: "major",
        claude: "operational",
        anthropic_api: "maintenance",
        perplexity: "unreachable",
      },
    },
  });
  const s = await statusItems(page);
  // incident.io (ChatGPT, OpenAI API) and Atlassian (Claude, Anthropic API, Perplexity).
  assert(["minor", "major"].includes(s.chatgpt.state), `chatgpt incident shown (${s.chatgpt.state})`);
  assert(s.chatgpt.text.includes("Elevated error rates for ChatGPT"), "incident title shown");
  const note = await page.textContent("#summary-report [data-note=service-trouble]");
  assert(
    note.includes("ChatGPT") && note.includes("Anthropic API") && !note.includes("Claude,"),
    `summary names the troubled services: ${note}`,
  );
  assert(s.chatgpt.links.includes("https://status.openai.com/incidents/inc-1"), "incident link");
  assert(["major", "critical"].includes(s.openai_api.state), `openai_api outage shown (${s.openai_api.state})`);
  eq(s.claude.state, "none", "claude operational");
  assert(s.claude.text.includes(t("en", "web_status_none")), "operational label");
  eq(s.anthropic_api.state, "maintenance", "maintenance");
  assert(s.anthropic_api.text.includes("Scheduled database maintenance"), "maintenance title");
  eq(s.perplexity.state, "unreachable", "unreachable is not operational");
  assert(s.perplexity.text.includes(t("en", "web_status_unreachable")), "unreachable label");
  assert(!s.perplexity.text.includes(t("en", "web_status_none")), "unreachable never says operational");
  eq(s.gemini.state, "link_only", "Gemini has no feed");
  assert(
    s.gemini.links.some((l) => l.startsWith("https://www.google.com/appsstatus")),
    "Gemini status link",
  );
  await shot(page, "help-page-status.png");
  // A feed that answers with an error page is unreachable too.
  fake.control({ status: { claude: "broken", chatgpt: "unreachable" } });
  await page.click("#rerun");
  await page.waitForSelector("body[data-status=done][data-checks=done]", { timeout: 30000 });
  const again = await statusItems(page);
  eq(again.claude.state, "unreachable", "an HTML 502 is unreachable");
  eq(again.chatgpt.state, "unreachable", "a dropped connection is unreachable");
  await ctx.close();
});

test("reach_tells_blocked_from_timeout_from_failed_and_adblock_heuristic", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chatmedic-prof-"));
  const ext = path.join(HERE, "blocker-extension");
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: EXECUTABLE,
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${ext}`, `--load-extension=${ext}`],
  });
  ctx.on("page", watch);
  try {
    const page = await openPage(ctx, {
      state: { status: { chatgpt: "major" }, reach: { "gemini.google.com": "timeout", "www.gstatic.com": "reset" } },
    });
    const rows = await checkRows(page);
    console.log(
      "    reach:",
      JSON.stringify(
        await page.evaluate(() => window.chatmedic.checks.get("reach").results.map((r) => [r.target, r.reason, r.ms])),
      ),
    );
    const reach = rows.find((r) => r.check === "reach");
    const reason = Object.fromEntries(reach.hosts.map((h) => [h.host, h.reason]));
    eq(reason["claude.ai"], "blocked", "the extension-blocked host");
    eq(reason["gemini.google.com"], "timeout", "the silent host");
    eq(reason["www.gstatic.com"], "failed", "the host that resets");
    eq(reason["chatgpt.com"], "ok", "a healthy host");
    eq(reach.outcome, "problem", "reach is a problem");
    assert(
      reach.text.includes("claude.ai") && reach.text.includes("gemini.google.com"),
      "the sentence names the hosts",
    );
    const adblock = rows.find((r) => r.check === "adblock");
    eq(adblock.outcome, "problem", "the bait is caught");
    eq(adblock.text, t("en", "web_check_adblock_detected"), "labelled a heuristic");
    const causes = await summaryCauses(page);
    assert(causes.includes("blocked_by_extension"), `summary blames an extension: ${causes}`);
    await shot(page, "help-page-problems.png");
  } finally {
    await ctx.close();
  }
});

test("websocket_that_never_opens_and_clock_skew", async () => {
  const ctx = await context();
  // A port nothing listens on: the socket closes (1006) before it opens.
  const closed = await new Promise((resolve) => {
    const s = require("node:net").createServer();
    s.listen(0, "127.0.0.1", () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
  const page = await openPage(ctx, {
    config: { websocketUrl: `ws://127.0.0.1:${closed}/ws-echo`, clockUrl: `${fake.base}/date?skew=900` },
  });
  const by = Object.fromEntries((await checkRows(page)).map((r) => [r.check, r]));
  eq(by.websocket.outcome, "problem", "websocket problem");
  assert(by.websocket.text.includes("1006"), `close code shown: ${by.websocket.text}`);
  eq(by.clock.outcome, "problem", "clock problem");
  // 900 s off, as far as a page can tell: the server's Date has whole seconds and the request's
  // round trip (seconds under load) lies between the two clock readings.
  const shown = Number(/(\d+) seconds/.exec(by.clock.text)?.[1]);
  assert(Math.abs(shown - 900) <= 5, `offset shown: ${by.clock.text}`);
  const causes = await summaryCauses(page);
  assert(causes.includes("clock_skew"), `clock skew diagnosed: ${causes}`);
  assert(causes.includes("websocket_blocked"), `websocket diagnosed: ${causes}`);
  await ctx.close();
});

const PASTES = [
  ["de", "Zu viele Anfragen in einer Stunde. Bitte versuche es später noch einmal.", "rate_limited"],
  ["de", "Deine Sitzung ist abgelaufen. Bitte melde dich erneut an.", "session_expired"],
  ["ja", "現在サーバーが混み合っています。しばらくしてから再度お試しください。", "server_overloaded"],
  ["ja", "ネットワークエラーが発生しました。接続を確認してください。", null],
  [
    "en",
    'Error 429: {"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","code":"insufficient_quota"}}',
    "quota_exhausted",
  ],
];

test("pasted_messages_in_de_and_ja", async () => {
  const ctx = await context();
  for (const [lang, text, cause] of PASTES) {
    const page = await openPage(ctx, { lang });
    await page.fill("#paste-text", text);
    await page.click("#paste-form button[type=submit]");
    await page.waitForSelector("#paste-report .report");
    const verdict = await page.textContent("#paste-report .verdict");
    const verdictId = await page.getAttribute("#paste-report .report", "data-verdict");
    eq(verdict, t(lang, `verdict_${verdictId}`), `${lang}: verdict in the page language`);
    const causes = await page.$$eval("#paste-report .finding", (f) => f.map((x) => x.dataset.cause));
    if (cause) eq(causes[0], cause, `${lang}: ${text}`);
    else assert(causes.length > 0, `${lang}: something found in ${text}`);
    if (lang !== "en") {
      const title = await page.textContent("#paste-report .finding h4");
      const english = messages.en[`cause_${causes[0]}_title`]?.message || "";
      assert(title && title !== english.replace(/\{\w+\}/g, ""), `${lang}: title translated (${title})`);
    }
    eq((await untranslated(page)).join(), "", "no raw keys");
    await page.close();
  }
  // An empty paste says what to do.
  const page = await openPage(ctx, { lang: "de" });
  await page.click("#paste-form button[type=submit]");
  eq(await page.textContent("#paste-note"), t("de", "web_paste_empty"), "empty paste");
  await ctx.close();
});

/** Puts `file` into the page as a dropped file, through a real drop event on the drop zone. */
async function dropFile(page, file) {
  await page.evaluate(() => {
    const input = document.createElement("input");
    input.type = "file";
    input.id = "test-drop-source";
    input.hidden = true;
    document.body.append(input);
  });
  await page.setInputFiles("#test-drop-source", file);
  await page.evaluate(() => {
    const src = document.getElementById("test-drop-source");
    const dt = new DataTransfer();
    dt.items.add(src.files[0]);
    src.remove();
    const drop = document.getElementById("drop");
    drop.dispatchEvent(new DragEvent("dragenter", { dataTransfer: dt, bubbles: true, cancelable: true }));
    drop.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
}

/** Waits for the HAR error box and checks its code and its sentence in `lang` naming `name`. */
async function expectHarError(page, lang, code, name) {
  await page.waitForSelector("body[data-har=error]", { timeout: 20000 });
  eq(await page.getAttribute("#har-error", "data-code"), code, `${lang}: ${name} is ${code}`);
  eq(
    await page.textContent("#har-error p"),
    t(lang, `web_har_error_${code}`).replace("{name}", name),
    `${lang}: ${name} said in words`,
  );
}

/** The 100 MB HAR (kept between runs) and how many entries it holds. */
function bigHar() {
  const file = path.join(WORK, "big-100mb.har");
  const stamp = path.join(WORK, "big-100mb.json");
  const gen = fs.statSync(path.join(HERE, "gen-har.mjs")).mtimeMs;
  let made = null;
  try {
    made = JSON.parse(fs.readFileSync(stamp, "utf8"));
  } catch {
    // not made yet, or by an older run
  }
  if (!fs.existsSync(file) || !made || made.gen !== gen) {
    fs.mkdirSync(WORK, { recursive: true });
    const { entries } = generateHar(file, {
      bytes: 100 * 1024 * 1024,
      tail: scenario("har_anthropic_api_529_overloaded").entries,
    });
    made = { gen, entries };
    fs.writeFileSync(stamp, JSON.stringify(made));
  }
  return { file, entries: made.entries };
}

test("har_100mb_dropped_streams_with_progress_and_the_page_stays_responsive", async () => {
  const { file, entries } = bigHar();
  const size = fs.statSync(file).size;
  assert(size >= 100 * 1024 * 1024, `the HAR is 100 MB (${size})`);
  const ctx = await context();
  const page = await openPage(ctx);
  await page.evaluate(() => {
    window.__progress = [];
    new MutationObserver(() => window.__progress.push(Number(document.body.dataset.harPercent))).observe(
      document.body,
      {
        attributes: true,
        attributeFilter: ["data-har-percent"],
      },
    );
    // Main-thread heartbeat: the longest gap between 20 ms ticks while the file is read.
    window.__maxGap = 0;
    let last = performance.now();
    window.__beat = setInterval(() => {
      const now = performance.now();
      window.__maxGap = Math.max(window.__maxGap, now - last);
      last = now;
    }, 20);
  });
  const started = Date.now();
  await dropFile(page, file);
  // The drop sets "reading" at once; a loaded machine may poll only after the worker is done.
  await page.waitForSelector("body[data-har=reading], body[data-har=done]");
  // Typing while the file is read: the page answers at once.
  const typed = Date.now();
  await page.fill("#paste-text", "typing while the HAR is read");
  const typing = Date.now() - typed;
  await page.waitForSelector("body[data-har=done]", { timeout: 120000 });
  const total = Date.now() - started;
  const { progress, maxGap } = await page.evaluate(() => {
    clearInterval(window.__beat);
    return { progress: window.__progress, maxGap: window.__maxGap };
  });
  assert(
    progress.some((p) => p > 0 && p < 100),
    `progress shown between 0 and 100: ${progress.join(",")}`,
  );
  assert(maxGap < 400, `main thread blocked for ${Math.round(maxGap)} ms`);
  assert(typing < 1500, `typing took ${typing} ms`);
  const causes = await page.$$eval("#har-report .finding", (f) => f.map((x) => x.dataset.cause));
  eq(causes[0], "server_overloaded", "the planted 529 is found under 100 MB of traffic");
  eq(await page.getAttribute("#har-report .report", "data-verdict"), "not_you", "verdict");
  const text = await page.textContent("#har-progress-text");
  // The count shown is the file's, read after the last byte (not a progress figure).
  eq(await page.getAttribute("body", "data-har-entries"), String(entries), "every entry counted");
  assert(
    text.startsWith(`Read ${entries.toLocaleString("en")} requests (`) && !text.includes("{"),
    `done line: ${text}`,
  );
  assert(await page.isVisible("#har-sanitize-button"), "sanitize offered");
  console.log(
    `    100 MB HAR: ${total} ms in the page, longest main-thread gap ${Math.round(maxGap)} ms, ${progress.length} progress steps`,
  );
  await shot(page, "help-page-har.png");
  await ctx.close();
});

test("malformed_har_gets_one_clear_line", async () => {
  const ctx = await context();
  const page = await openPage(ctx);
  const file = path.join(WORK, "cut.har");
  fs.mkdirSync(WORK, { recursive: true });
  fs.writeFileSync(file, '{"log":{"version":"1.2","entries":[{"request":{"method":"GET","url":"https://chatgpt.com/"');
  await dropFile(page, file);
  await expectHarError(page, "en", "cut", "cut.har");
  await ctx.close();
});

/** A HAR with every kind of secret planted, from scenarios plus one entry of our own. */
function secretsHar() {
  const names = [
    "har_anthropic_api_529_overloaded",
    "har_chatgpt_431_cookies",
    "har_openai_api_401_invalid_key",
    "har_claude_sse_overloaded_error",
    "har_chatgpt_token_expired_401",
  ].filter((n) => fs.existsSync(path.join(REPO, "tests/scenarios", n)));
  const secrets = new Set();
  const entries = [];
  for (const n of names) {
    const s = scenario(n);
    entries.push(...s.entries);
    for (const x of s.expected.secrets || []) secrets.add(x);
  }
  const planted = {
    email: "kim.tanaka@example.net",
    key: "sk-proj-T3stOnlyPlantedKey0123456789abcdefABCDEF",
    jwt: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJraW0ifQ.c2lnbmF0dXJlLXBsYW50ZWQtc2VjcmV0",
    cookie: "planted-session-cookie-value-42",
    prompt: "Please summarise the quarterly numbers for Project Nightingale",
    reply: "Project Nightingale revenue grew",
  };
  entries.unshift({
    startedDateTime: "2026-01-05T09:00:00.000Z",
    time: 80,
    request: {
      method: "POST",
      url: `https://chatgpt.com/backend-api/f/conversation?token=${planted.key}`,
      httpVersion: "h2",
      headers: [
        { name: "authorization", value: `Bearer ${planted.jwt}` },
        { name: "cookie", value: `__Secure-next-auth.session-token=${planted.cookie}` },
        { name: "content-type", value: "application/json" },
      ],
      queryString: [{ name: "token", value: planted.key }],
      cookies: [{ name: "__Secure-next-auth.session-token", value: planted.cookie }],
      postData: {
        mimeType: "application/json",
        text: JSON.stringify({ messages: [{ content: { parts: [planted.prompt] } }], user: planted.email }),
      },
      headersSize: -1,
      bodySize: 120,
    },
    response: {
      status: 200,
      statusText: "",
      httpVersion: "h2",
      headers: [
        { name: "set-cookie", value: `__cf_bm=${planted.cookie}; path=/` },
        { name: "content-type", value: "text/event-stream" },
      ],
      cookies: [{ name: "__cf_bm", value: planted.cookie }],
      content: {
        size: 100,
        mimeType: "text/event-stream",
        text: `data: {"message":{"content":{"parts":["${planted.reply}"]},"author":"${planted.email}"}}\n\ndata: [DONE]\n`,
      },
      redirectURL: "",
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 1, wait: 70, receive: 9 },
  });
  for (const v of Object.values(planted)) secrets.add(v);
  const file = path.join(WORK, "secrets.har");
  fs.mkdirSync(WORK, { recursive: true });
  fs.writeFileSync(
    file,
    JSON.stringify(
      { log: { version: "1.2", creator: { name: "WebInspector", version: "537.36" }, pages: [], entries } },
      null,
      2,
    ),
  );
  return { file, secrets: [...secrets] };
}

test("sanitized_har_download_has_none_of_the_planted_secrets", async () => {
  const { file, secrets } = secretsHar();
  const original = fs.readFileSync(file, "utf8");
  for (const s of secrets) assert(original.includes(s), `planted: ${s}`);
  const ctx = await context({ acceptDownloads: true });
  const page = await openPage(ctx);
  await dropFile(page, file);
  await page.waitForSelector("body[data-har=done]", { timeout: 30000 });
  const before = await page.$$eval("#har-report .finding", (f) => f.map((x) => x.dataset.cause));
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#har-sanitize-button")]);
  eq(download.suggestedFilename(), "secrets.sanitized.har", "file name");
  const copy = fs.readFileSync(await download.path(), "utf8");
  JSON.parse(copy);
  for (const s of secrets) assert(!copy.includes(s), `secret survived: ${s}`);
  await page.waitForSelector("body[data-sanitize=done]");
  assert(/\d/.test(await page.textContent("#har-sanitize-note")), "what was removed is counted");
  // The copy still tells support the same story.
  const copyFile = path.join(WORK, "secrets.sanitized.har");
  fs.writeFileSync(copyFile, copy);
  await dropFile(page, copyFile);
  await page.waitForSelector("body[data-har=done]", { timeout: 30000 });
  const after = await page.$$eval("#har-report .finding", (f) => f.map((x) => x.dataset.cause));
  eq(after[0], before[0], "same top cause from the sanitized copy");
  await ctx.close();
});

/** A HAR entry as Chrome writes it, small: a GET of `url` that got `status`. */
function harEntry(url, status = 200, extra = {}) {
  return {
    startedDateTime: "2026-01-05T09:00:00.000Z",
    time: 42,
    request: {
      method: "GET",
      url,
      httpVersion: "h2",
      headers: [{ name: "accept", value: "*/*" }],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status,
      statusText: "",
      httpVersion: "h2",
      headers: [{ name: "content-type", value: "application/json" }],
      cookies: [],
      content: { size: 0, mimeType: "application/json", text: "" },
      redirectURL: "",
      headersSize: -1,
      bodySize: -1,
      _error: null,
    },
    cache: {},
    timings: { send: 1, wait: 40, receive: 1 },
    ...extra,
  };
}

function writeHar(name, entries) {
  fs.mkdirSync(WORK, { recursive: true });
  const file = path.join(WORK, name);
  fs.writeFileSync(
    file,
    JSON.stringify(
      { log: { version: "1.2", creator: { name: "WebInspector", version: "537.36" }, pages: [], entries } },
      null,
      2,
    ),
  );
  return file;
}

async function answers(page) {
  return page.evaluate(() => ({
    current: [...document.querySelectorAll("#answer-current > .answer")].map((a) => a.dataset.answer),
    headlines: document.querySelectorAll("#answer-current .verdict").length,
    earlier: [...document.querySelectorAll("#earlier-list > details.fold")].map((d) => ({
      id: d.dataset.answer,
      open: d.open,
      line: d.querySelector("summary").textContent,
    })),
    earlierHidden: document.getElementById("earlier").hidden,
  }));
}

test("one_answer_at_a_time_the_newest_input_gives_the_headline", async () => {
  const ctx = await context();
  const page = await openPage(ctx, { lang: "en" });
  let a = await answers(page);
  eq(a.current.join(), "checks", "the checks give the first answer");
  eq(a.headlines, 1, "one headline");
  eq(a.earlier.length, 0, "nothing earlier yet");
  assert(a.earlierHidden, 'no "Earlier answers" heading without earlier answers');

  await page.fill("#paste-text", "Too many requests in 1 hour. Try again later.");
  await page.click("#paste-form button[type=submit]");
  await page.waitForSelector("body[data-answer=message]");
  a = await answers(page);
  eq(a.current.join(), "message", "the pasted message is the headline");
  eq(a.headlines, 1, "still one headline");
  eq(a.earlier.map((e) => e.id).join(), "checks", "the checks fold under it");
  assert(
    a.earlier[0].line.startsWith(t("en", "web_report_from_checks")),
    `the fold says where it came from: ${a.earlier[0].line}`,
  );
  assert(a.earlier[0].line.includes(t("en", "verdict_all_clear")), `and its verdict: ${a.earlier[0].line}`);
  assert(!a.earlier[0].open, "folded");
  eq(
    await page.textContent("#paste-note"),
    `${t("en", "web_paste_answered")} ${t("en", "web_answer_see")}`,
    "the paste box points up to the answer",
  );
  // The answer is brought into view (scrolled smoothly).
  await page.waitForFunction(
    () => Math.abs(document.getElementById("summary").getBoundingClientRect().top) < 80,
    null,
    { timeout: 5000 },
  );

  const har = writeHar("one-500.har", [
    harEntry("https://chatgpt.com/backend-api/me"),
    harEntry("https://chatgpt.com/backend-api/f/conversation", 500),
  ]);
  await dropFile(page, har);
  await page.waitForSelector("body[data-har=done]", { timeout: 30000 });
  a = await answers(page);
  eq(a.current.join(), "har", "the HAR file is the headline");
  eq(a.earlier.map((e) => e.id).join(), "message,checks", "newest first under it");
  assert(a.earlier[0].line.startsWith(t("en", "web_report_from_text")), `the message's fold: ${a.earlier[0].line}`);
  // Unfolding an earlier answer shows it whole.
  await page.click("#earlier-list details[data-answer=checks] summary");
  eq(await page.isVisible("#summary-report .verdict"), true, "the checks answer unfolds");
  await page.click("#rerun");
  await page.waitForSelector("body[data-answer=checks]");
  await page.waitForSelector("body[data-checks=done]", { timeout: 30000 });
  a = await answers(page);
  eq(a.current.join(), "checks", "checks run again: their answer is the newest");
  eq(a.earlier.map((e) => e.id).join(), "har,message", "the others fold, newest first");
  eq(a.headlines, 1, "one headline");
  // An emptied paste takes its answer away.
  await page.fill("#paste-text", "");
  await page.click("#paste-form button[type=submit]");
  a = await answers(page);
  eq(a.earlier.map((e) => e.id).join(), "har", "the emptied paste has no answer");
  await ctx.close();
});

test("a_har_says_its_recorded_reset_time_and_fixes_beyond_three_fold", async () => {
  const ctx = await context();
  const page = await openPage(ctx, { lang: "en" });
  // Claude's 5-hour cap, recorded in November 2025: the reset time as the HAR recorded it, in
  // UTC, and already past now; never "try again in N minutes" counted from the recording.
  await dropFile(page, path.join(REPO, "tests/scenarios/har_ff_claude_429_exceeded_limit/input.har"));
  await page.waitForSelector("body[data-har=done]", { timeout: 30000 });
  const cap = page.locator(".finding[data-cause=rate_limited]").first();
  eq(
    await cap.locator("li[data-fix=retry_after] .fix-title").first().textContent(),
    "The HAR says the limit reset at 19:00 UTC on 18 Nov: try again now",
    "the recorded reset time",
  );
  eq(
    await cap.locator("li[data-fix=wait_and_retry], li[data-fix=check_billing]").count(),
    0,
    "no fix that contradicts a cap",
  );
  // A 500 has five fixes: three at once, two folded under "More ways to fix this".
  await dropFile(page, writeHar("fold-500.har", [harEntry("https://chatgpt.com/backend-api/f/conversation", 500)]));
  await page.waitForFunction(() => document.querySelector(".finding[data-cause=server_error]"), null, {
    timeout: 30000,
  });
  const top = page.locator(".finding[data-cause=server_error]").first();
  eq(await top.locator(":scope > ol.fixes > li").count(), 3, "three fixes at once");
  const more = top.locator(":scope > details.more-fixes");
  eq(await more.locator(":scope > summary").textContent(), t("en", "label_more_fixes"), "the fold is labelled");
  eq(await more.getAttribute("open"), null, "folded at first");
  eq(await more.locator("li[data-fix]").count(), 2, "the other two behind it");
  await ctx.close();
});

test("offline_is_said_as_offline_and_the_checks_run_again_when_it_is_back", async () => {
  const ctx = await context();
  const page = await openPage(ctx, { lang: "en" });
  await ctx.setOffline(true);
  // The page notices ('offline' event) and runs the checks again.
  await page.waitForFunction(
    () => document.querySelector("#check-list [data-check=online]")?.dataset.outcome === "problem",
    null,
    { timeout: 20000 },
  );
  await page.waitForSelector("body[data-checks=done][data-status=done]", { timeout: 30000 });
  await page.waitForFunction(() => document.querySelector("#summary")?.getAttribute("aria-busy") === "false");
  const rows = Object.fromEntries((await checkRows(page)).map((r) => [r.check, r]));
  eq(rows.online.text, t("en", "web_check_online_offline"), "the online row says offline");
  assert(rows.online.text.startsWith("You are offline"), rows.online.text);
  eq(rows.reach.text, t("en", "web_check_reach_offline"), "the hosts were not tried");
  for (const c of ["websocket", "clock", "thirdPartyCookies", "adblock"]) {
    eq(rows[c].outcome, "untested", `${c} not run offline`);
    eq(rows[c].text, t("en", "web_check_not_tried_offline"), `${c} says why`);
  }
  const sentences =
    Object.values(rows)
      .map((r) => r.text)
      .join(" ") + (await page.textContent("#status-list"));
  assert(
    !/dropping|unstable|firewall|proxy|blocked|fail/i.test(sentences),
    `nothing but offline in the rows: ${sentences}`,
  );
  const s = await statusItems(page);
  for (const [id, item] of Object.entries(s)) eq(item.state, "offline", `${id} status not fetched offline`);
  eq(await page.textContent("#summary-state"), t("en", "web_summary_done_offline"), "the summary line says offline");
  const summary = await page.evaluate(() => ({
    verdict: document.querySelector("#summary-report .report").dataset.verdict,
    causes: [...document.querySelectorAll("#summary-report .finding")].map(
      (f) => `${f.dataset.cause}: ${f.querySelector("h4").textContent}`,
    ),
    observations: [...window.chatmedic.checks.values()]
      .flatMap((o) => o.observations)
      .map((o) => ({ kind: o.kind, name: o.name, outcome: o.outcome, online: o.online })),
  }));
  console.log(`    offline summary: ${summary.verdict} [${summary.causes.join(" | ")}]`);
  console.log(`    offline observations: ${JSON.stringify(summary.observations)}`);
  // Back online: the checks run again by themselves.
  await ctx.setOffline(false);
  await page.waitForFunction(
    () => document.querySelector("#check-list [data-check=online]")?.dataset.outcome === "pass",
    null,
    { timeout: 20000 },
  );
  await page.waitForSelector("body[data-checks=done][data-status=done]", { timeout: 30000 });
  eq((await checkRows(page)).find((r) => r.check === "reach").outcome, "pass", "the hosts answer again");
  await ctx.close();
});

test("a_har_reader_that_cannot_load_says_so_and_the_next_file_is_read", async () => {
  // The page warms its HAR worker while the visitor reads; a visitor who goes offline by then
  // (seen in CI: the offline test's page went offline as the warm worker fetched its wasm) must
  // get no error for a file never dropped, and a file dropped while the reader cannot load is
  // not blamed for it.
  const ctx = await context();
  let wasmRequests = 0;
  let refused = 0;
  // The page's own engine loads; every later load of the wasm (the workers') fails as offline.
  await ctx.route("**/pkg/chatmedic_bg.wasm", (route) => {
    wasmRequests++;
    if (wasmRequests === 1) return route.continue();
    refused++;
    return route.abort("internetdisconnected");
  });
  const page = await openPage(ctx, { lang: "de" });
  await page.waitForFunction(() => window.chatmedic.workerUsed === false && window.chatmedic.worker === null, null, {
    timeout: 20000,
  });
  assert(refused >= 1, "the warm worker asked for the wasm and was refused");
  eq(await page.getAttribute("body", "data-har"), null, "no HAR state from a warm-up that failed");
  assert(await page.isHidden("#har-error"), "no HAR error for a file never dropped");
  const har = writeHar("reader-offline.har", [harEntry("https://chatgpt.com/backend-api/f/conversation", 500)]);
  await dropFile(page, har);
  // The reader, not the file.
  await expectHarError(page, "de", "engine", "reader-offline.har");
  eq(await page.locator("#har-error li").count(), 0, "no advice to save the file again");
  // Offline for real: the new worker cannot load either; same answer.
  await ctx.unroute("**/pkg/chatmedic_bg.wasm");
  await ctx.setOffline(true);
  await page.waitForFunction(() => !navigator.onLine);
  await dropFile(page, har);
  await expectHarError(page, "de", "engine", "reader-offline.har");
  // Back online, the same file is read.
  await ctx.setOffline(false);
  await dropFile(page, har);
  await page.waitForSelector("body[data-har=done]", { timeout: 30000 });
  assert(await page.locator("#har-report .finding[data-cause=server_error]").count(), "the file's 500 found");
  await ctx.close();
});

test("a_file_dropped_while_the_warm_reader_fails_to_load_is_answered", async () => {
  // The race of the test above: the file reaches the warm worker before it finds that its wasm
  // cannot load. The page must answer the file, not end the worker that owes the answer.
  const ctx = await context();
  let wasmRequests = 0;
  let held = null;
  await ctx.route("**/pkg/chatmedic_bg.wasm", (route) => {
    wasmRequests++;
    if (wasmRequests === 1) return route.continue();
    if (!held) {
      held = route;
      return undefined;
    }
    return route.abort("internetdisconnected");
  });
  const page = await openPage(ctx, { lang: "ja" });
  await page.waitForFunction(() => window.chatmedic.worker !== null && !window.chatmedic.workerUsed, null, {
    timeout: 20000,
  });
  const deadline = Date.now() + 20000;
  while (!held && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert(held, "the warm worker asked for the wasm");
  const har = writeHar("reader-race.har", [harEntry("https://claude.ai/api/append_message", 500)]);
  await dropFile(page, har);
  eq(await page.getAttribute("body", "data-har"), "reading", "the file went to the warm worker");
  await held.abort("internetdisconnected");
  await expectHarError(page, "ja", "engine", "reader-race.har");
  await ctx.unroute("**/pkg/chatmedic_bg.wasm");
  await dropFile(page, har);
  await page.waitForSelector("body[data-har=done]", { timeout: 30000 });
  await ctx.close();
});

test("a_page_or_widget_whose_engine_cannot_load_says_so_in_the_readers_language", async () => {
  // The page's own wasm download fails (the connection dropped while the page loaded): one
  // sentence in the visitor's language where the checks would be, no uncaught error.
  const ctx = await context();
  await ctx.route("**/pkg/chatmedic_bg.wasm", (route) => route.abort("internetdisconnected"));
  const page = await ctx.newPage();
  await page.goto(`${server.url}?lang=de`);
  await page.waitForSelector("body[data-start=failed]", { timeout: 20000 });
  eq(await page.textContent("#needs-js"), t("de", "web_start_failed"), "said in German");
  assert(await page.isVisible("#needs-js"), "shown");
  eq(await page.getAttribute("html", "lang"), "de", "the page's language");
  // The widget in an article: the same sentence inside its box.
  const article = await ctx.newPage();
  await article.goto(`${server.url}embed-example.html`);
  await article.waitForSelector("chatmedic-check[data-state=error]", { timeout: 20000 });
  const said = await article.evaluate(() => document.querySelector("chatmedic-check").shadowRoot.textContent);
  const lang = await article.evaluate(() => document.querySelector("chatmedic-check").getAttribute("lang") || "en");
  eq(said, t(lang, "web_start_failed"), "the widget says it in its language");
  await ctx.close();
});

test("a_network_that_reaches_no_chat_host_says_so_by_name", async () => {
  const ctx = await context();
  fake.control({});
  server.setConfig({});
  const probe = await ctx.newPage();
  await probe.goto(`${server.url}?lang=de&statusBase=${fake.base}&probeBase=${fake.base}`);
  await probe.waitForSelector("body[data-checks=done]", { timeout: 30000 });
  const hosts = await probe.evaluate(() => window.chatmedic.cm.reachTargets().map((x) => x.host));
  await probe.close();
  const page = await openPage(ctx, {
    lang: "en",
    state: { reach: Object.fromEntries(hosts.map((h) => [h, "reset"])) },
  });
  const reach = (await checkRows(page)).find((r) => r.check === "reach");
  eq(reach.outcome, "problem", "reach is a problem");
  assert(
    reach.hosts.every((h) => h.reason === "failed"),
    `every host failed: ${JSON.stringify(reach.hosts)}`,
  );
  assert(
    /^chatgpt\.com, .* cannot be reached from this network\. /.test(reach.text),
    `named, as unreachable from this network: ${reach.text}`,
  );
  assert(!/dropping/i.test(await page.textContent("#check-list")), 'never "keeps dropping"');
  const summary = await page.evaluate(() =>
    [...document.querySelectorAll("#summary-report .finding")].map(
      (f) => `${f.dataset.cause}: ${f.querySelector("h4").textContent}`,
    ),
  );
  console.log(`    no host reachable, summary: [${summary.join(" | ")}]`);
  await ctx.close();
});

test("language_switch_keeps_every_section", async () => {
  const ctx = await context({ acceptDownloads: true });
  const page = await openPage(ctx, { lang: "en" });
  await page.fill("#paste-text", "Too many requests in 1 hour. Try again later.");
  await page.click("#paste-form button[type=submit]");
  const har = writeHar("two-cookies.har", [
    harEntry("https://chatgpt.com/backend-api/me", 200, {}),
    {
      ...harEntry("https://chatgpt.com/backend-api/f/conversation", 500),
      request: {
        ...harEntry("x").request,
        url: "https://chatgpt.com/backend-api/f/conversation",
        cookies: [
          { name: "a", value: "planted-1" },
          { name: "b", value: "planted-2" },
        ],
      },
    },
  ]);
  await dropFile(page, har);
  await page.waitForSelector("body[data-har=done]", { timeout: 30000 });
  await Promise.all([page.waitForEvent("download"), page.click("#har-sanitize-button")]);
  await page.waitForSelector("body[data-sanitize=done]");
  const before = await answers(page);
  for (const lang of ["de", "ja", "en"]) {
    await page.selectOption("#lang", lang);
    await page.waitForFunction((title) => document.querySelector("h1").textContent === title, t(lang, "web_title"));
    const seen = await page.evaluate(() => ({
      state: document.getElementById("summary-state").textContent,
      paste: document.getElementById("paste-note").textContent,
      har: document.getElementById("har-progress-text").textContent,
      sanitize: document.getElementById("har-sanitize-note").textContent,
      checks: document.querySelectorAll("#check-list .check:not([data-outcome=pending])").length,
      statuses: document.querySelectorAll("#status-list .status-item:not([data-state=loading])").length,
      services: globalThis.chatmedicFacts.services.length,
      verdicts: [...document.querySelectorAll("#summary .report")].map((r) => r.querySelector(".verdict").textContent),
    }));
    const after = await answers(page);
    eq(after.current.join(), before.current.join(), `${lang}: the same headline`);
    eq(
      after.earlier.map((e) => e.id).join(),
      before.earlier.map((e) => e.id).join(),
      `${lang}: the same earlier answers`,
    );
    for (const e of after.earlier) assert(/\d/.test(e.line) && !e.line.includes("{"), `${lang}: fold line ${e.line}`);
    assert(
      seen.state !== t(lang, "web_summary_running") && seen.state.length > 5,
      `${lang}: the checks stay done: ${seen.state}`,
    );
    eq(seen.checks, 9, `${lang}: every check row keeps its result`);
    eq(seen.statuses, seen.services, `${lang}: every service's status keeps its state`);
    eq(seen.paste, `${t(lang, "web_paste_answered")} ${t(lang, "web_answer_see")}`, `${lang}: the paste note`);
    const doneOther = t(lang, "web_har_done_other");
    assert(
      seen.har.startsWith(doneOther.slice(0, doneOther.indexOf("{")) || "2"),
      `${lang}: the HAR line: ${seen.har}`,
    );
    assert(seen.har.includes("2") && !seen.har.includes("{"), `${lang}: the HAR line keeps its count: ${seen.har}`);
    assert(
      seen.sanitize.startsWith(t(lang, "web_har_sanitized").split("{")[0]),
      `${lang}: the sanitize note: ${seen.sanitize}`,
    );
    for (const v of seen.verdicts)
      assert(
        Object.keys(messages[lang]).some((k) => k.startsWith("verdict_") && messages[lang][k].message === v),
        `${lang}: verdict ${v}`,
      );
    eq((await untranslated(page)).join(), "", `${lang}: no raw keys`);
  }
  await ctx.close();
});

// What the page says about a HAR's size and count, by the language's rules: the forms for one
// and for several, decimal separators and units from Intl.
const HAR_WORDS = {
  en: {
    one: /^Read 1 request \(\d+(\.\d)? kB\) in (\d+ ms|\d+(\.\d)? sec)\. See the answer$/,
    two: /^Read 2 requests \(/,
  },
  de: { one: /^1 Anfrage \(\d+(,\d)? kB\) in (\d+ ms|\d+(,\d)? Sek\.) gelesen\. Zur Antwort$/, two: /^2 Anfragen \(/ },
  ja: {
    one: /^1件のリクエスト（\d+(\.\d)? KB）を(\d+ ?(ms|ミリ秒)|\d+(\.\d)? 秒)で読み込みました。 結果を見る$/,
    two: /^2件のリクエスト（/,
  },
};

test("har_count_plurals_and_sizes_follow_the_language", async () => {
  const ctx = await context();
  const one = writeHar("one.har", [harEntry("https://chatgpt.com/backend-api/f/conversation", 500)]);
  const two = writeHar("two.har", [
    harEntry("https://chatgpt.com/backend-api/me"),
    harEntry("https://chatgpt.com/backend-api/f/conversation", 500),
  ]);
  for (const lang of ["en", "de", "ja"]) {
    const page = await openPage(ctx, { lang });
    await dropFile(page, one);
    await page.waitForSelector("body[data-har=done]", { timeout: 30000 });
    const oneText = await page.textContent("#har-progress-text");
    assert(HAR_WORDS[lang].one.test(oneText), `${lang}, one request: ${oneText}`);
    await dropFile(page, two);
    await page.waitForFunction(
      () => document.body.dataset.harEntries === "2" && document.body.dataset.har === "done",
      null,
      { timeout: 30000 },
    );
    const twoText = await page.textContent("#har-progress-text");
    assert(HAR_WORDS[lang].two.test(twoText), `${lang}, two requests: ${twoText}`);
    await page.close();
  }
  // A size in megabytes, with the German decimal comma.
  const big = path.join(WORK, "big-1.5mb.har");
  const { entries } = generateHar(big, { bytes: 1.5e6, tail: scenario("har_anthropic_api_529_overloaded").entries });
  const page = await openPage(ctx, { lang: "de" });
  await dropFile(page, big);
  await page.waitForSelector("body[data-har=done]", { timeout: 30000 });
  const text = await page.textContent("#har-progress-text");
  eq(await page.getAttribute("body", "data-har-entries"), String(entries), "the final count");
  assert(text.startsWith(`${entries.toLocaleString("de")} Anfragen (1,5 MB) in `), `de, megabytes: ${text}`);
  await ctx.close();
});

test("a_file_that_is_not_a_har_says_so_with_how_to_save_one", async () => {
  const ctx = await context();
  fs.mkdirSync(WORK, { recursive: true });
  const files = {
    "notes.txt": ["this is a text file, not a HAR", "not_har"],
    "page.html": ["<!doctype html><html><body>Hello</body></html>", "not_har"],
    "config.json": ['{"name": "something", "version": 2}', "not_har"],
    "empty.har": ["", "empty"],
    "cut.har": ['{"log":{"version":"1.2","entries":[{"request":{"method":"GET","url":"https://chatgpt.com/"', "cut"],
    "broken.har": ['{"log":{"version":"1.2","entries":[{"request":{"method":"GET" "url":"x"}}]}}', "damaged"],
  };
  for (const lang of ["en", "de", "ja"]) {
    const page = await openPage(ctx, { lang });
    for (const [name, [content, code]] of Object.entries(files)) {
      const file = path.join(WORK, name);
      fs.writeFileSync(file, content);
      await dropFile(page, file);
      await page.waitForFunction(
        (n) =>
          document.body.dataset.har === "error" &&
          document.getElementById("har-error").dataset.code &&
          document.getElementById("har-error").textContent.includes(n),
        name,
        { timeout: 20000 },
      );
      eq(await page.getAttribute("#har-error", "data-code"), code, `${lang}: ${name}`);
      eq(
        await page.textContent("#har-error p"),
        t(lang, `web_har_error_${code}`).replace("{name}", name),
        `${lang}: ${name} said in words`,
      );
      const steps = await page.$$eval("#har-error li", (li) => li.map((x) => x.textContent));
      eq(
        steps.join("\n"),
        [t(lang, "web_har_how_chrome"), t(lang, "web_har_how_firefox")].join("\n"),
        `${lang}: how to save a HAR`,
      );
      const shown = await page.textContent("#har-error");
      assert(
        !/byte|expected|found|JSON/.test(shown.replace(/JSON-?/g, "")) && !/expected '\{'/.test(shown),
        `${lang}: no parser message: ${shown}`,
      );
      assert(!(await page.isVisible("#har-progress")), `${lang}: no progress line left`);
      eq(await page.getAttribute("body", "data-answer"), "checks", `${lang}: no answer from a file that is not a HAR`);
    }
    if (lang === "en") {
      eq(
        t("en", "web_har_how_chrome").slice(0, 44),
        "Chrome or Edge: DevTools (F12) → Network → m",
        "the Chrome menu path",
      );
    }
    await page.close();
  }
  await ctx.close();
});

test("sanitizer_counts_only_what_it_removed", async () => {
  const ctx = await context({ acceptDownloads: true });
  const page = await openPage(ctx, { lang: "en" });
  // A HAR with no cookies, credentials, bodies or query values: nothing to remove.
  const clean = writeHar("no-cookies.har", [
    harEntry("https://chatgpt.com/backend-api/me"),
    harEntry("https://example.net/app.js"),
  ]);
  await dropFile(page, clean);
  await page.waitForSelector("body[data-har=done]", { timeout: 30000 });
  await Promise.all([page.waitForEvent("download"), page.click("#har-sanitize-button")]);
  await page.waitForSelector("body[data-sanitize=done]");
  eq(
    await page.textContent("#har-sanitize-note"),
    t("en", "web_har_sanitized_nothing"),
    "nothing removed, nothing counted",
  );
  // Three cookies in two lists and one empty list; one credential header.
  const entry = harEntry("https://chatgpt.com/backend-api/f/conversation", 500);
  entry.request.cookies = [
    { name: "a", value: "planted-1" },
    { name: "b", value: "planted-2" },
  ];
  entry.request.headers.push({ name: "authorization", value: "Bearer planted-token-value-0123456789" });
  entry.response.cookies = [{ name: "c", value: "planted-3" }];
  await dropFile(page, writeHar("three-cookies.har", [entry, harEntry("https://chatgpt.com/backend-api/me")]));
  await page.waitForSelector("body[data-har=done]", { timeout: 30000 });
  await Promise.all([page.waitForEvent("download"), page.click("#har-sanitize-button")]);
  await page.waitForFunction(
    () =>
      document.body.dataset.sanitize === "done" &&
      document.getElementById("har-sanitize-note").textContent.includes("cookie"),
  );
  eq(
    await page.textContent("#har-sanitize-note"),
    "Saved. Removed: 3 cookies and 1 header value.",
    "counted by kind, in the plural forms",
  );
  await page.selectOption("#lang", "de");
  await page.waitForFunction(() => document.documentElement.lang === "de");
  eq(await page.textContent("#har-sanitize-note"), "Gespeichert. Entfernt: 3 Cookies und 1 Header-Wert.", "in German");
  await ctx.close();
});

/** In the page: every text box (one per line of each text node) that overlaps another, and
 *  everything wider than the viewport or outside its card. */
function layoutProblems() {
  const vw = document.documentElement.clientWidth;
  const problems = [];
  const name = (el) =>
    `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className && typeof el.className === "string" ? `.${el.className.split(" ")[0]}` : ""}`;
  const away = (el) => el.closest(".visually-hidden, .skip, [hidden], #answers-store, script, style, select, option");
  if (document.documentElement.scrollWidth > vw + 1)
    problems.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${vw} px viewport`);
  for (const el of document.body.querySelectorAll("*")) {
    if (away(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width && r.height && (r.right > vw + 1 || r.left < -1))
      problems.push(`${name(el)} runs off the screen (${Math.round(r.left)}…${Math.round(r.right)} px)`);
  }
  const boxes = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || away(el) || getComputedStyle(el).visibility === "hidden") continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const card = el.closest(".card, .top, .foot");
    const bounds = card ? card.getBoundingClientRect() : null;
    for (const r of range.getClientRects()) {
      if (r.width < 1 || r.height < 1) continue;
      boxes.push({ r, node, text: node.textContent.trim().slice(0, 40), el });
      if (bounds && (r.right > bounds.right + 1 || r.left < bounds.left - 1))
        problems.push(`"${node.textContent.trim().slice(0, 40)}" runs out of its ${name(card)}`);
    }
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (a.node === b.node) continue;
      const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      if (w > 1.5 && h > 1.5) problems.push(`"${a.text}" (${name(a.el)}) overlaps "${b.text}" (${name(b.el)})`);
    }
  }
  return { problems: [...new Set(problems)].slice(0, 12), boxes: boxes.length };
}

test("phone_390x844_nothing_overlaps_or_runs_off_the_screen_in_en_de_ja", async () => {
  const ctx = await context({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  });
  // Failures with long host names, status incidents, a pasted error and an analysed HAR: the
  // page with the most it can show at once.
  const state = {
    status: { chatgpt: "incident", anthropic_api: "maintenance", perplexity: "unreachable" },
    reach: { "gemini.google.com": "timeout", "www.gstatic.com": "reset" },
  };
  const har = writeHar("phone.har", scenario("har_chatgpt_431_cookies").entries);
  for (const lang of ["en", "de", "ja"]) {
    const page = await openPage(ctx, { lang, state });
    await page.fill("#paste-text", PASTES.find(([l]) => l === lang)?.[1] || PASTES[0][1]);
    await page.click("#paste-form button[type=submit]");
    await dropFile(page, har);
    await page.waitForSelector("body[data-har=done]", { timeout: 30000 });
    await Promise.all([page.waitForEvent("download").catch(() => null), page.click("#har-sanitize-button")]);
    await page.waitForSelector("body[data-sanitize=done]");
    // Everything unfolded: the earlier answers, the evidence, the HAR how-to.
    await page.evaluate(() => {
      for (const d of document.querySelectorAll("details")) d.open = true;
    });
    const { problems, boxes } = await page.evaluate(layoutProblems);
    assert(boxes > 150, `${lang}: the page has text to check (${boxes} boxes)`);
    await shot(page, `help-page-phone-${lang}.png`);
    eq(problems.join("\n"), "", `${lang} at 390×844`);
    await page.close();
  }
  await ctx.close();
});

/** Substrings shaped like a key, JWT, bearer token or email address (vendor addresses pass). */
function secretShapes(text) {
  const found = [];
  for (const m of text.matchAll(/(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,}/g)) found.push(m[0].slice(0, 12));
  for (const m of text.matchAll(/eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{10,}/g)) found.push(m[0].slice(0, 12));
  for (const m of text.matchAll(/bearer [A-Za-z0-9_.-]{16,}/gi)) found.push(m[0].slice(0, 15));
  for (const m of text.matchAll(/[A-Za-z0-9.+_-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g)) {
    if (!/(^|\.)(openai\.com|anthropic\.com|google\.com|microsoft\.com|perplexity\.ai)$/i.test(m[1]))
      found.push(`…@${m[1]}`);
  }
  return found;
}

// The privacy check of the page: everything it writes for a person to keep or send
// (each report's JSON download and copied support text, the sanitized HAR, the one-line error
// for a broken HAR) and everything it logs holds none of the secrets planted in its inputs.
test("reports_copies_errors_and_console_hold_none_of_the_planted_secrets", async () => {
  const { file, secrets } = secretsHar();
  const paste = [
    `curl https://api.openai.com/v1/chat/completions -H 'Authorization: Bearer ${secrets.find((s) => s.startsWith("sk-proj-"))}'`,
    `-H 'Cookie: __Secure-next-auth.session-token=${secrets.find((s) => s.startsWith("planted-session"))}'`,
    `-d '{"messages":[{"content":"${secrets.find((s) => s.startsWith("Please summarise"))}"}],"user":"kim.tanaka@example.net"}'`,
    '{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","code":"invalid_api_key"}}',
  ].join("\n");
  for (const s of [secrets.find((x) => x.startsWith("sk-proj-")), "kim.tanaka@example.net"])
    assert(paste.includes(s), "planted in the paste");
  const ctx = await context({ acceptDownloads: true });
  const written = [];
  ctx.on("console", (m) => written.push({ what: `console (${m.type()})`, text: m.text() }));
  // What the page hands the clipboard, as it hands it.
  await ctx.addInitScript(() => {
    window.__copied = [];
    // Frames of other origins the checks open may have no clipboard.
    if (!navigator.clipboard) return;
    const write = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = (text) => {
      window.__copied.push(String(text));
      return write(text).catch(() => undefined);
    };
  });
  await ctx.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(server.url).origin });
  const page = await openPage(ctx);
  // Nothing a person drops or pastes is sent anywhere: no request with a body, none off the
  // page's origin, from here on (the checks and status fetches are done).
  const sent = [];
  ctx.on("request", (r) => sent.push({ url: r.url(), method: r.method(), body: r.postData() }));

  async function keep(container) {
    // An earlier answer is folded: unfold it, as a person would to use its buttons.
    await page.evaluate((sel) => {
      const fold = document.querySelector(sel).closest("details");
      if (fold) fold.open = true;
    }, container);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click(`${container} button[data-action=download]`),
    ]);
    written.push({ what: `${container} JSON download`, text: fs.readFileSync(await download.path(), "utf8") });
    const before = await page.evaluate(() => window.__copied.length);
    await page.click(`${container} button[data-action=copy]`);
    await page.waitForFunction((n) => window.__copied.length > n, before);
    written.push({ what: `${container} copied support text`, text: await page.evaluate(() => window.__copied.at(-1)) });
  }

  // A HAR full of secrets: its report, and the sanitized copy.
  await dropFile(page, file);
  await page.waitForSelector("body[data-har=done]", { timeout: 30000 });
  await keep("#har-report");
  const [copy] = await Promise.all([page.waitForEvent("download"), page.click("#har-sanitize-button")]);
  written.push({ what: "sanitized HAR", text: fs.readFileSync(await copy.path(), "utf8") });
  written.push({ what: "HAR progress line", text: await page.textContent("#har-progress-text") });
  written.push({ what: "sanitize note", text: await page.textContent("#har-sanitize-note") });

  // A pasted curl with a key, a cookie, a prompt and an address.
  await page.fill("#paste-text", paste);
  await page.click("#paste-form button[type=submit]");
  await page.waitForSelector("#paste-report .finding");
  await keep("#paste-report");
  await keep("#summary-report");
  // The page's own text (the paste box cleared: what a person typed there is theirs).
  await page.fill("#paste-text", "");
  written.push({ what: "page text", text: await page.evaluate(() => document.body.innerText) });

  // A broken HAR whose entry is a secret: the one-line error names the fault, not the value.
  const broken = path.join(WORK, "secret-entry.har");
  fs.writeFileSync(
    broken,
    JSON.stringify({ log: { version: "1.2", entries: [secrets.find((s) => s.startsWith("Please summarise"))] } }),
  );
  await dropFile(page, broken);
  await page.waitForSelector("body[data-har=error]", { timeout: 20000 });
  written.push({ what: "HAR error line", text: await page.textContent("#har-error") });
  written.push({ what: "page text after the broken HAR", text: await page.evaluate(() => document.body.innerText) });
  await ctx.close();

  const origin = new URL(server.url).origin;
  const away = sent.filter(
    (r) =>
      r.body ||
      !["GET", "HEAD"].includes(r.method) ||
      !(r.url.startsWith(origin) || r.url.startsWith("blob:") || r.url.startsWith("data:")),
  );
  eq(away.map((r) => `${r.method} ${r.url}`).join("\n"), "", "requests that carry or send something away");
  assert(sent.length > 0, "the page was watched (the worker and the HAR reads made requests)");
  const leaks = [];
  for (const w of written) {
    for (const s of secrets)
      if (w.text.includes(s) || w.text.includes(encodeURIComponent(s)))
        leaks.push(`${w.what} holds ${s.slice(0, 14)}…`);
    for (const shape of secretShapes(w.text)) leaks.push(`${w.what} holds something shaped like a secret: ${shape}`);
  }
  const kinds = new Set(written.map((w) => w.what.split(" (")[0]));
  assert(
    kinds.has("#har-report JSON download") &&
      kinds.has("#paste-report copied support text") &&
      kinds.has("sanitized HAR"),
    "every output was read",
  );
  assert(
    written.filter((w) => w.what.includes("copied")).every((w) => w.text.length > 20),
    "the copies hold the support text",
  );
  eq(leaks.join("\n"), "", "secrets in what the page wrote");
  console.log(
    `    privacy: ${written.length} outputs scanned (${written.filter((w) => w.what.startsWith("console")).length} console messages), ${secrets.length} planted secrets, none found; ${sent.length} requests, none away`,
  );
});

/** Points every <chatmedic-check> on the page at the fakes before the widget starts. */
async function widgetOverrides(ctx) {
  await ctx.addInitScript((base) => {
    new MutationObserver(() => {
      for (const el of document.querySelectorAll("chatmedic-check:not([status-base])")) {
        el.setAttribute("status-base", base);
        el.setAttribute("probe-base", base);
      }
    }).observe(document, { childList: true, subtree: true });
  }, fake.base);
}

test("widget_renders_in_a_shadow_dom_inside_the_example_article", async () => {
  const ctx = await context();
  await widgetOverrides(ctx);
  fake.control({ status: { chatgpt: "incident" } });
  const page = await ctx.newPage();
  await page.goto(`${server.url}embed-example.html`);
  await page.waitForSelector("chatmedic-check[data-state=done]", { timeout: 30000 });
  const w = await page.evaluate(() => {
    const host = document.querySelector("chatmedic-check");
    const root = host.shadowRoot;
    return {
      inArticle: !!host.closest("article"),
      shadow: !!root,
      leaked: document.querySelectorAll(".verdict, .box").length,
      heading: root.querySelector("h2")?.textContent,
      verdict: root.querySelector(".verdict")?.textContent,
      status: root.querySelector(".status")?.textContent,
      rows: root.querySelectorAll("li").length,
      link: root.querySelector("a")?.href,
      articleFont: getComputedStyle(document.querySelector("article h1 ~ p")).fontFamily,
    };
  });
  assert(w.inArticle && w.shadow, "inside the article, in a shadow root");
  eq(w.leaked, 0, "nothing rendered into the host page");
  eq(w.heading, t("en", "web_widget_title").replace("{service}", "ChatGPT"), "heading");
  assert(w.status.includes("Elevated error rates for ChatGPT"), `status with incident: ${w.status}`);
  eq(w.verdict, t("en", "verdict_not_you"), "an incident and nothing failing here: not you");
  assert(w.rows >= 5, `check rows: ${w.rows}`);
  assert(w.link.includes("index.html?service=chatgpt"), "links to the full page");
  assert(w.articleFont.includes("Georgia"), `the article keeps its own style: ${w.articleFont}`);
  await shot(page, "widget-in-article.png");
  // The language attribute switches the widget.
  await page.evaluate(() => document.querySelector("chatmedic-check").setAttribute("lang", "de"));
  await page.waitForFunction(
    (h) => document.querySelector("chatmedic-check").shadowRoot.querySelector("h2")?.textContent === h,
    t("de", "web_widget_title").replace("{service}", "ChatGPT"),
  );
  await ctx.close();
});

test("extension_bridge_asks_consent_then_shows_what_the_extension_saw", async () => {
  const ext = path.join(HERE, "bridge-extension");
  const id = extensionId(ext);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chatmedic-prof-"));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: EXECUTABLE,
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${ext}`, `--load-extension=${ext}`],
  });
  ctx.on("page", watch);
  try {
    const page = await openPage(ctx, { lang: "de", config: { extensionIds: [id] } });
    assert(await page.isVisible("#extension"), "the offer is shown");
    eq(await page.$$eval("[data-answer^=extension] .report", (r) => r.length), 0, "nothing before consent");
    await page.click("#ext-consent");
    await page.waitForSelector("[data-answer^=extension] .finding", { timeout: 10000 });
    eq(await page.getAttribute("body", "data-answer"), "extension-0", "the extension report is the headline");
    eq(
      await page.getAttribute("#answer-current [data-answer^=extension] .finding", "data-cause"),
      "oversized_cookies",
      "the extension report",
    );
    const title = await page.textContent("#answer-current [data-answer^=extension] .finding h4");
    assert(title.length > 3 && title.includes("Claude"), `rendered in German by the engine: ${title}`);
  } finally {
    await ctx.close();
  }
  // A browser without the extension: no offer.
  const ctx2 = await context();
  const page2 = await openPage(ctx2);
  assert(!(await page2.isVisible("#extension")), "no offer when no extension answers this origin");
  await ctx2.close();
});

async function axe(page, context) {
  await page.evaluate(fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
  const result = await page.evaluate(
    (ctx) => window.axe.run(ctx || document, { resultTypes: ["violations"] }),
    context,
  );
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join("; ")}`,
    );
}

test("axe_finds_no_serious_or_critical_violation", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const c = await context({ bypassCSP: true, colorScheme });
    await widgetOverrides(c);
    const page = await openPage(c, {
      state: { status: { chatgpt: "incident", perplexity: "unreachable", anthropic_api: "maintenance" } },
    });
    await page.fill(
      "#paste-text",
      'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
    );
    await page.click("#paste-form button[type=submit]");
    await page.waitForSelector("#paste-report .finding");
    await page.click("#paste-report details summary");
    const problems = await axe(page);
    eq(problems.join("\n"), "", `axe on the help page (${colorScheme})`);
    const w = await c.newPage();
    await w.goto(`${server.url}embed-example.html`);
    await w.waitForSelector("chatmedic-check[data-state=done]", { timeout: 30000 });
    const wp = await axe(w);
    eq(wp.join("\n"), "", `axe on the widget example (${colorScheme})`);
    await c.close();
  }
});

async function main() {
  if (!fs.existsSync(path.join(ROOT, "index.html")) || !fs.existsSync(path.join(ROOT, "pkg/chatmedic_bg.wasm"))) {
    console.error(`tests/www: ${ROOT} has no built page (run ./build.sh first)`);
    process.exit(2);
  }
  server = await startServer({ root: ROOT });
  fake = await startFakeServices();
  browser = await chromium.launch({ executablePath: EXECUTABLE, headless: true, args: CHROMIUM_ARGS });
  let passed = 0;
  let failed = 0;
  const started = Date.now();
  for (const { name, fn } of tests) {
    if (FILTER && !name.includes(FILTER)) continue;
    const t0 = Date.now();
    pageErrors.length = 0;
    try {
      await fn();
      if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join(" | ")}`);
      passed++;
      console.log(`test www::${name} ... ok (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(
        `test www::${name} ... FAILED (${Date.now() - t0} ms)\n    ${String(e.stack || e)
          .split("\n")
          .slice(0, 4)
          .join("\n    ")}`,
      );
    }
  }
  await browser.close();
  await server.close();
  await fake.close();
  const secs = ((Date.now() - started) / 1000).toFixed(2);
  console.log(
    `\ntest result: ${failed ? "FAILED" : "ok"}. ${passed} passed; ${failed} failed; 0 ignored; 0 measured; 0 filtered out; finished in ${secs}s`,
  );
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
