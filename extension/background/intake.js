// Intake: turns what the browser and the content scripts report into observations and adds
// them to their tab's buffer. webRequest's completed and failed requests on the services'
// hosts, the page hook's reports (through the relay; checked again by the engine), the popup's
// check results and the tab's navigations. The engine decides what each becomes (one call per
// event) and how it joins the tab's buffer (merged with the other report of the same response,
// bounded oldest first); this module only moves them.

import { engine } from "../lib/engine.js";
import { ext } from "../lib/ext.js";
import "../lib/facts.js";
import { scheduleDiagnose } from "./diagnosis.js";
import { enqueue } from "./queue.js";
import { options } from "./settings.js";
import { maybeFetchStatus } from "./status.js";
import { loadTab, MAX_URL, persist, sizeOf, tabs } from "./tabs.js";

const HOST_PATTERNS = ext.runtime.getManifest().host_permissions ?? [];

// Request start times, for `start` on http observations (a later success clears a failure by
// comparing its start with the failure's time). Bounded: entries are removed on completion.
const started = new Map();

/** The number of requests whose start is kept (bounded; for the load tests). */
export function startedCount() {
  return started.size;
}

/**
 * Registers the webRequest listeners. Called synchronously at the worker's top level, so the
 * listeners are there when an event wakes the worker.
 */
export function listen() {
  // Only the kinds of request a chat turn can be need a start (the engine reads it for chat
  // turns alone): the pages' scripts, styles, images and fonts, most of what the services'
  // hosts serve, do not wake the worker here.
  ext.webRequest.onBeforeRequest.addListener(
    (d) => {
      if (d.tabId < 0) return;
      if (started.size > 2000) started.clear();
      started.set(d.requestId, d.timeStamp);
    },
    { urls: HOST_PATTERNS, types: ["xmlhttprequest", "websocket", "other"] },
  );

  ext.webRequest.onCompleted.addListener(
    (d) => {
      if (d.tabId < 0) return;
      const start = started.get(d.requestId);
      started.delete(d.requestId);
      enqueue(() => ingestCompleted(d, start), "drop");
    },
    { urls: HOST_PATTERNS },
    ["responseHeaders"],
  );

  ext.webRequest.onErrorOccurred.addListener(
    (d) => {
      if (d.tabId < 0) return;
      started.delete(d.requestId);
      enqueue(() => ingestError(d), "drop");
    },
    { urls: HOST_PATTERNS },
  );
}

/** A tab's URL changed: a new service (or none) starts a new buffer. */
export async function onNavigated(tabId, url) {
  const w = await engine;
  const service = w.classifyUrl(url).service;
  const st = await loadTab(tabId);
  // A tab that never showed a chat: nothing to keep.
  if (!service && !st.service && !st.observations.length) {
    tabs.delete(tabId);
    return;
  }
  // Another site (or a non-chat page): what was seen before is about something else.
  if (service !== st.service && st.observations.length) {
    st.observations = [];
    st.seq++;
    st.report = null;
  }
  // An overlong URL (a page can pushState megabytes) is kept as its origin.
  st.url = url.length > MAX_URL ? `${new URL(url).origin}/` : url;
  st.service = service;
  st.touched = Date.now();
  persist(st);
  scheduleDiagnose(tabId);
}

/**
 * Hands one browser event to the engine (`{completed: details}`, `{failed: details}` or
 * `{page: message}`), which decides everything about it: where its URL belongs, whether it is
 * kept, what of it is stored (redacted, bounded, the headers the rules read) and whether it is a
 * failure. What it keeps joins the tab's buffer. Returns the engine's answer.
 */
async function take(tabId, event, context = {}) {
  const w = await engine;
  const { disabledServices } = await options();
  const outcome = w.intake(event, { ...context, disabledServices, now: Date.now() });
  if (outcome.observation) await addObservation(tabId, outcome.observation, outcome.failure);
  return outcome;
}

function ingestCompleted(d, start) {
  return take(d.tabId, { completed: d }, { start });
}

function ingestError(d) {
  return take(d.tabId, { failed: d });
}

/**
 * Adds a stored observation to the buffer of `tabId` (the engine merges a page's report with
 * webRequest's record of the same response and drops the oldest past the tab's bounds),
 * persists and diagnoses. `failure` is the engine's answer for it (`action`, `side`, `none`).
 */
export async function addObservation(tabId, observation, failure) {
  const w = await engine;
  const st = await loadTab(tabId);
  const list = st.observations;
  // The engine places it from the list's end and every entry's size: bounded work per event.
  const recent = list.slice(-40);
  const place = w.placeOnTab(recent, list.map(sizeOf), observation);
  if (place.replace == null) list.push(place.observation);
  else list[list.length - recent.length + place.replace] = place.observation;
  if (place.drop) list.splice(0, place.drop);
  st.touched = Date.now();
  st.seq++;
  st.report = null;
  if (!st.service) st.service = w.classifyUrl(observation.url ?? st.url ?? "").service;
  // Not awaited: writes are coalesced, and the next observation need not wait for this one's.
  persist(st);
  // Only a failed chat action is worth the status page.
  if (st.service && failure === "action") maybeFetchStatus(st.service);
  scheduleDiagnose(tabId);
}

/** What the page hook of `sender.tab` reported (through the relay); the reply says if it was kept. */
export async function onContentObserved(message, sender) {
  const tab = sender.tab;
  const st = await loadTab(tab.id);
  if (!st.url) st.url = tab.url;
  // The engine's one gate: kind, the URL's service against the tab's, bounds, redaction.
  let outcome;
  try {
    outcome = await take(tab.id, { page: message }, { tabUrl: tab.url ?? "" });
  } catch (e) {
    return { ok: false, error: String(e?.message ?? e) };
  }
  return outcome.observation ? { ok: true } : { ok: false, error: outcome.refused ?? "not kept" };
}

// The popup's "run checks": probe and environment observations for a chat tab. They replace
// those of an earlier run (a new run says how things are now) and are bounded like the rest.
const CHECK_KINDS = ["probe", "environment"];
const MAX_CHECK_OBSERVATIONS = 64;

/** The popup's check results for a tab (replacing those of an earlier run). */
export async function onChecked(message) {
  const tabId = Number(message.tabId);
  const list = Array.isArray(message.observations) ? message.observations : null;
  if (!Number.isInteger(tabId) || tabId < 0) throw new Error("no such tab");
  if (!list || list.length > MAX_CHECK_OBSERVATIONS) throw new Error("not a list of check results");
  const run = String(message.run ?? "").slice(0, 64);
  const st = await loadTab(tabId);
  const earlier = st.observations.filter((o) => o._src === "checks" && o._run !== run);
  if (earlier.length) {
    st.observations = st.observations.filter((o) => !earlier.includes(o));
    st.seq++;
    st.report = null;
    persist(st);
    scheduleDiagnose(tabId);
  }
  const w = await engine;
  for (const o of list) {
    if (!o || typeof o !== "object" || !CHECK_KINDS.includes(o.kind)) continue;
    const stored = { ...o, _src: "checks", _run: run };
    await addObservation(tabId, stored, w.failureOf(stored));
  }
  return { ok: true };
}
