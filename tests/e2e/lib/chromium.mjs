// Debian's Chromium with the built extension loaded, every service host mapped to the fake
// server on loopback and every other name unresolvable: nothing leaves this machine.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { HOSTS, startFakeChat } from "./fake-chat.mjs";
import { collect } from "./privacy.mjs";

export const ROOT = resolve(new URL("../../..", import.meta.url).pathname);
export const DIST_CHROME = join(ROOT, "dist", "chrome");
export const EXECUTABLE = process.env.CHROMIUM ?? "/usr/bin/chromium";
/** What every headless Chromium of the tests starts with: root in a container (no sandbox), and
 *  nothing phones home (the network is closed). */
export const CHROMIUM_BASE_ARGS = Object.freeze([
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
]);

/**
 * Launches Chromium with `extensions` (unpacked directories) against the fake server. What
 * chatmedic writes in it is recorded for the privacy check (lib/privacy.mjs). `profile` reuses a
 * user-data directory (a browser relaunched on the same profile); the caller then removes it.
 */
export async function launchChromium({
  port,
  extensions = [DIST_CHROME],
  colorScheme = "light",
  watchStorage = true,
  profile: reuse,
} = {}) {
  const profile = reuse ?? mkdtempSync(join(tmpdir(), "chatmedic-chromium-"));
  const rules = [...HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`), "MAP * ~NOTFOUND", "EXCLUDE 127.0.0.1"].join(", ");
  const args = [
    ...CHROMIUM_BASE_ARGS,
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,InterestFeedContentSuggestions",
    "--ignore-certificate-errors",
    `--host-resolver-rules=${rules}`,
  ];
  if (extensions.length) {
    args.push(`--disable-extensions-except=${extensions.join(",")}`, `--load-extension=${extensions.join(",")}`);
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: EXECUTABLE,
    headless: true,
    args,
    ignoreHTTPSErrors: true,
    viewport: { width: 1000, height: 700 },
    colorScheme,
    timeout: 60000,
  });
  const browser = { context, profile };
  // The privacy check (lib/privacy.mjs): what chatmedic writes in this browser is recorded.
  browser.privacy = collect(context);
  if (extensions.includes(DIST_CHROME)) {
    browser.sw = await chatmedicWorker(context);
    browser.extensionId = new URL(browser.sw.url()).host;
  }
  // `watchStorage: false` leaves out the storage watcher (a measurement that must see nothing else).
  if (watchStorage) await browser.privacy.start(extensions);
  // Closing is bounded: a browser that does not close in time is killed with its profile gone.
  browser.close = async () => {
    await browser.privacy.finish().catch(() => {});
    let timer;
    await Promise.race([context.close().catch(() => {}), new Promise((r) => (timer = setTimeout(r, 15000)))]);
    clearTimeout(timer);
    if (!reuse) rmSync(profile, { recursive: true, force: true });
  };
  return browser;
}

/** chatmedic's service worker (waiting for it to start when it is not running). */
export async function chatmedicWorker(context, timeout = 15000) {
  const isOurs = (w) => w.url().endsWith("/background.js");
  return (
    context.serviceWorkers().find(isOurs) ??
    (await context.waitForEvent("serviceworker", { predicate: isOurs, timeout }))
  );
}

/**
 * Evaluates `fn(arg)` in chatmedic's service worker. Playwright's worker.evaluate has no time
 * limit and a worker Chrome replaced never answers: each try is bounded and fetches the worker
 * anew.
 */
export async function swEval(browser, fn, arg, timeout = 5000) {
  let last;
  for (let attempt = 0; attempt < 4; attempt++) {
    const sw = await chatmedicWorker(browser.context);
    let timer;
    const result = await Promise.race([
      sw.evaluate(fn, arg).then(
        (value) => ({ value }),
        (error) => ({ error }),
      ),
      new Promise((r) => (timer = setTimeout(() => r({ error: new Error("no answer") }), timeout))),
    ]);
    clearTimeout(timer);
    if (!("error" in result)) return result.value;
    last = result.error;
  }
  throw new Error(`the service worker did not answer: ${last?.message ?? last}`);
}

/** The id of the tab showing exactly `url` (tests give each chat page a unique URL). */
export async function tabId(browser, url) {
  return swEval(browser, async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? null, url);
}

/** Opens the popup for `tab` in a page of its own and waits until it shows a diagnosis. */
export async function openPopup(browser, tab, { colorScheme } = {}) {
  const page = await browser.context.newPage();
  if (colorScheme) await page.emulateMedia({ colorScheme });
  await page.setViewportSize(POPUP_SIZE);
  await page.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?tab=${tab}`);
  await page.waitForSelector('#app[aria-busy="false"]');
  await assertPopupFits(page);
  return page;
}

/** Waits until the popup's verdict is `verdict` (the popup reloads on report changes). */
export async function waitForVerdict(popup, verdict, timeout = 10000) {
  await popup.waitForSelector(`#app[data-verdict="${verdict}"]`, { timeout });
  await assertPopupFits(popup);
}

/** Chrome's popup is at most 800×600; chatmedic's is 380 wide. */
export const POPUP_SIZE = Object.freeze({ width: 380, height: 600 });

/**
 * Asserts that the verdict label, the headline and the first fix's title (its button or its
 * summary) lie inside Chrome's largest popup without scrolling, and that nothing is wider than
 * the popup. Boxes are measured in page coordinates, as they are with the popup scrolled to the
 * top. Called whenever a test opens a popup or sees a verdict, so every scenario the suite
 * drives is checked.
 */
export async function assertPopupFits(popup) {
  const m = await popup.evaluate(() => {
    const shown = (el) => el && el.getClientRects().length > 0 && !el.closest("[hidden]");
    const box = (el) => {
      if (!shown(el)) return null;
      const r = el.getBoundingClientRect();
      return { top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left + scrollX, right: r.right + scrollX };
    };
    const fix = document.querySelector("#fixes > li");
    const fixTitle = fix && (fix.querySelector("button.act, summary, .fix-title") ?? fix);
    const app = document.getElementById("app");
    return {
      verdict: app.dataset.verdict,
      cause: app.dataset.cause,
      lang: document.documentElement.lang,
      label: box(document.getElementById("verdict-label")),
      headline: box(document.getElementById("headline")),
      fix: box(fixTitle),
      fixText: fixTitle?.textContent ?? "",
      width: document.documentElement.scrollWidth,
      height: document.documentElement.scrollHeight,
    };
  });
  const where = `popup (${m.lang}, verdict ${m.verdict}, cause ${m.cause || "none"}, ${m.height} px tall)`;
  for (const [name, b] of [
    ["verdict label", m.label],
    ["headline", m.headline],
    [`first fix "${m.fixText}"`, m.fix],
  ]) {
    if (!b) continue;
    if (b.bottom > POPUP_SIZE.height + 0.5 || b.top < -0.5) {
      throw new Error(
        `${where}: the ${name} is at ${Math.round(b.top)}–${Math.round(b.bottom)} px, outside the first ${POPUP_SIZE.height} px`,
      );
    }
  }
  if (!m.headline) throw new Error(`${where}: no headline shown`);
  if (m.width > POPUP_SIZE.width) throw new Error(`${where}: ${m.width} px wide, more than ${POPUP_SIZE.width}`);
  return m;
}

/** The badge text and colour of a tab. */
export async function badge(browser, tab) {
  return swEval(
    browser,
    async (tabId) => ({
      text: await chrome.action.getBadgeText({ tabId }),
      color: await chrome.action.getBadgeBackgroundColor({ tabId }),
      title: await chrome.action.getTitle({ tabId }),
    }),
    tab,
  );
}

/**
 * The fake chat service and a Chromium with the extension loaded, as most test files use them
 * for all their tests: `before(async () => ({ server, browser } = await startChatAndChromium()))`.
 */
export async function startChatAndChromium() {
  const server = await startFakeChat();
  const browser = await launchChromium({ port: server.port });
  return { server, browser };
}

/** Closes what `startChatAndChromium` started (either may be missing if it failed part way). */
export async function stopChatAndChromium(server, browser) {
  // Whatever a timed-out test left open must not keep the test file's process alive.
  setTimeout(() => process.exit(), 20000).unref();
  await browser?.close();
  await server?.close();
}
