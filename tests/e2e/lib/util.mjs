// Helpers shared by the e2e tests: waiting, the "granted" copy of the extension, screenshots.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DIST_CHROME, ROOT } from "./chromium.mjs";

export const SHOTS = join(ROOT, "target", "e2e-screenshots");
/**
 * A copy of a test-only extension under target/: Chromium writes its indexed rule sets
 * (_metadata/) into an unpacked extension's folder, which must not happen in the source tree.
 */
function fixture(name) {
  const dir = join(ROOT, "target", "e2e", "fixtures", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(ROOT, "tests", "e2e", "fixtures", name), dir, { recursive: true });
  return dir;
}

export const BLOCKER = fixture("blocker");
export const BYSTANDER = fixture("bystander");
export const PROXY = fixture("proxy");

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value or `timeout` ms pass; returns the last value. */
export async function until(fn, { timeout = 10000, interval = 100, what = "condition" } = {}) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await sleep(interval);
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

/**
 * A copy of dist/chrome whose optional permissions (management, browsingData, cookies) are
 * granted at install. Headless Chromium shows the permission prompt and nothing can click it;
 * with the permission already granted, permissions.request() resolves true at once and the
 * popup runs the same code as after the user's "Allow". Everything else is the built extension.
 */
export function grantedCopy(source = DIST_CHROME, extra = []) {
  const dir = join(ROOT, "target", "e2e", "chrome-granted");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(source, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
  const grant = ["management", "browsingData", "cookies", ...extra];
  manifest.permissions = [...new Set([...manifest.permissions, ...grant])];
  manifest.optional_permissions = manifest.optional_permissions.filter((p) => !grant.includes(p));
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  return dir;
}

/** Saves a screenshot of `page` as target/e2e-screenshots/<name>.png. */
export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** What the popup shows: verdict, top cause, headline, fixes (ids and action types). */
export async function popupState(popup) {
  return popup.evaluate(() => {
    const app = document.getElementById("app");
    return {
      verdict: app.dataset.verdict,
      cause: app.dataset.cause,
      label: document.getElementById("verdict-label").textContent,
      headline: document.getElementById("headline").textContent,
      explanation: document.getElementById("explanation").textContent,
      // Every fix in order; `firstFixes` are shown at once, `moreFixes` under "More ways to fix this".
      fixes: [...document.querySelectorAll("#fixes li.fix[data-fix]")].map((li) => li.dataset.fix),
      firstFixes: [...document.querySelectorAll("#fixes > li.fix[data-fix]")].map((li) => li.dataset.fix),
      moreFixes: [...document.querySelectorAll("#fixes .more-fixes li.fix[data-fix]")].map((li) => li.dataset.fix),
      actions: [...document.querySelectorAll("#fixes button.act")].map((b) => b.dataset.action ?? "permission"),
      evidence: [...document.querySelectorAll("#evidence li")].map((li) => li.textContent),
      text: app.innerText,
    };
  });
}

/**
 * The report the background has for `tab`, asked from an extension page (`ui` is the popup or
 * any page of chatmedic's): `{report, service, observations, …}` as the popup receives it.
 */
export async function reportOf(ui, tab) {
  return ui.evaluate((tabId) => chrome.runtime.sendMessage({ type: "ui-bg/get-report", tabId }), tab);
}
