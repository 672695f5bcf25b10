// A tab's report: what the engine is given (the tab's observations plus the status page, the
// extension list and the environment when a chat action failed), when it runs (shortly after
// news, at most every DIAGNOSE_INTERVAL_MS under a flood), how long a report is reused, and
// what a new report updates (badge, notice, open popups).

import { engine } from "../lib/engine.js";
import { ext } from "../lib/ext.js";
import "../lib/facts.js";
import { setBadge, updateNotice } from "./badge.js";
import { environmentObservation, extensionsObservation, forgetExtensions } from "./environment.js";
import { enqueue } from "./queue.js";
import { uiText } from "./settings.js";
import { statusObservations } from "./status.js";
import { loadTab, tabs } from "./tabs.js";

const { MSG } = globalThis.chatmedicProtocol;
const DIAGNOSE_DELAY_MS = 40;
const DIAGNOSE_INTERVAL_MS = 250;
const timers = new Map();
const lastDiagnosed = new Map();

/** The engine's failure test for one observation ("action", "side" or "none"); see `failureOf`. */
export function failureOf(w) {
  return (o) => {
    try {
      return w.failureOf(o);
    } catch {
      // Stored observations were checked on the way in; one the engine cannot read is no failure.
      return "none";
    }
  };
}

/** The observations the engine sees for a tab: the buffer plus status, extensions, environment. */
async function observationsFor(st, since = 0) {
  const list = since
    ? st.observations.filter((o) => (o.end ?? o.time ?? o.start ?? 0) >= since)
    : st.observations.slice();
  // What counts as a failure is the engine's to say. A failed chat action brings the status
  // page, the extension list and the environment; a failure the chat does not need (a blocked
  // tracker) only the extension list, so the note can name the blocker.
  const failures = new Set(list.map(failureOf(await engine)));
  if (failures.has("action") || failures.has("side")) {
    const extensions = await extensionsObservation();
    if (failures.has("action")) list.push(...(await statusObservations(st.service)));
    if (extensions && !since) list.push(extensions);
    if (failures.has("action")) list.push(await environmentObservation(extensions));
  }
  return list;
}

// Set by chatmedicDebug.failDiagnoses (the e2e tests): the diagnoses of that tab run the
// engine's deliberate panic instead, as a bug that this tab's observations trigger would.
let debugFailTab = null;

/** Makes every diagnosis of `tabId` fail as an engine panic would (null: none). */
export function failDiagnoses(tabId) {
  debugFailTab = tabId;
  for (const st of tabs.values()) st.report = null;
}

async function diagnoseTab(st, lang) {
  const w = await engine;
  if (debugFailTab === st.tabId) w.selfTestPanic();
  return w.diagnose(await observationsFor(st), lang);
}

/**
 * Diagnoses `tabId` DIAGNOSE_DELAY_MS after its first news, and under a flood at most once
 * every DIAGNOSE_INTERVAL_MS: each diagnosis tells open popups, which then ask again.
 */
export function scheduleDiagnose(tabId) {
  if (timers.has(tabId)) return;
  const wait = DIAGNOSE_INTERVAL_MS - (Date.now() - (lastDiagnosed.get(tabId) ?? 0));
  timers.set(
    tabId,
    setTimeout(
      () => {
        timers.delete(tabId);
        lastDiagnosed.set(tabId, Date.now());
        enqueue(() => refresh(tabId));
      },
      Math.max(DIAGNOSE_DELAY_MS, wait),
    ),
  );
}

/** The number of diagnoses scheduled and not yet run. */
export function pendingDiagnoses() {
  return timers.size;
}

/** Drops what is scheduled for a tab whose state is forgotten. */
export function forget(tabId) {
  clearTimeout(timers.get(tabId));
  timers.delete(tabId);
  lastDiagnosed.delete(tabId);
}

/** Marks the report of tab state `st` out of date and diagnoses it again. */
export function invalidate(st) {
  st.report = null;
  scheduleDiagnose(st.tabId);
}

/**
 * Makes every report again (options and permissions change what a diagnosis can say: language,
 * notice, the extension list).
 */
export function invalidateAll() {
  enqueue(async () => {
    forgetExtensions();
    for (const st of tabs.values()) {
      st.report = null;
      st.noticeKey = "";
      scheduleDiagnose(st.tabId);
    }
  });
}

/** The report of tab state `st`: the last one while nothing changed (for 5 s), else a new one. */
export async function currentReport(st) {
  if (st.report && st.reportSeq === st.seq && st.reportAt > Date.now() - 5000) return st.report;
  const { lang } = await uiText();
  st.report = await diagnoseTab(st, lang);
  st.reportSeq = st.seq;
  st.reportAt = Date.now();
  return st.report;
}

/** Diagnoses `tabId` and updates its badge, its notice and open popups. */
export async function refresh(tabId) {
  const st = await loadTab(tabId);
  const report = await currentReport(st);
  const { t, opts } = await uiText();
  await setBadge(tabId, report, t);
  await updateNotice(st, report, t, opts);
  notifyPopups(tabId);
}

/** Sets the badge of `tabId` again (Chrome resets it when the tab navigates). */
export async function refreshBadge(tabId, url) {
  const st = await loadTab(tabId);
  if (!st.observations.length) return;
  if (url && !st.url) st.url = url;
  const { t } = await uiText();
  await setBadge(tabId, await currentReport(st), t);
}

/** Tells open popups that the state of `tabId` changed (they ask again). */
export function notifyPopups(tabId) {
  ext.runtime.sendMessage({ type: MSG.BG_UI_REPORT_CHANGED, tabId }).catch(() => {});
}
