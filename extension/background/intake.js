// Intake: turns what the browser and the content scripts report into observations and adds
// them to their tab's buffer. webRequest's completed and failed requests on the services'
// hosts, the page hook's reports (through the relay; checked again by the engine), the popup's
// check results and the tab's navigations. An http observation from the page and webRequest's
// record of the same response are merged into one; the buffer is bounded (oldest first).
import { ext } from "../lib/ext.js";
import { engine } from "../lib/engine.js";
import "../lib/protocol.js";
import { enqueue } from "./queue.js";
import { MAX_TAB_BYTES, MAX_URL, loadTab, persist, sizeOf, tabs } from "./tabs.js";
import { serviceEnabled } from "./settings.js";
import { maybeFetchStatus } from "./status.js";
import { failureOf, scheduleDiagnose } from "./diagnosis.js";

const { LIMITS } = globalThis.chatmedicProtocol;
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

async function ingestCompleted(d, start) {
  const w = await engine;
  const c = w.classifyUrl(d.url);
  const failed = d.statusCode >= 400;
  // Successes matter only for chat turns (they clear earlier failures); failures always.
  if (!failed && c.role !== "chat_turn") return;
  if (!(await serviceEnabled(c.service))) return;
  const headers = {};
  let kept = 0;
  for (const h of d.responseHeaders ?? []) {
    const name = h.name.toLowerCase();
    // At most 32, as from a page: the rate-limit families are open-ended.
    if (kept < 32 && w.isKeptHeader(name) && typeof h.value === "string") {
      headers[name] = h.value.slice(0, 512);
      kept++;
    }
  }
  const observation = {
    kind: "http",
    // Stored: a token in the query must not be (the page's own reports are redacted alike).
    url: w.redactUrl(d.url).slice(0, 2048),
    method: d.method,
    status: d.statusCode,
    headers,
    resourceType: d.type,
    start: start ?? d.timeStamp,
    end: d.timeStamp,
    _src: "webRequest",
  };
  await addObservation(d.tabId, observation);
}

async function ingestError(d) {
  const w = await engine;
  const c = w.classifyUrl(d.url);
  if (!(await serviceEnabled(c.service))) return;
  // A cancelled optional request (analytics the page gave up on) is noise.
  if (!c.essential && /ABORTED$|NS_BINDING_ABORTED/.test(d.error)) return;
  await addObservation(d.tabId, {
    kind: "netError",
    url: w.redactUrl(d.url).slice(0, 2048),
    method: d.method,
    error: String(d.error).slice(0, 256),
    resourceType: d.type,
    time: d.timeStamp,
  });
}

// Merges what the page hook read (an error body, a stream's error tail) into webRequest's
// record of the same response, whichever of the two arrived first.
function mergeHttp(list, o) {
  const fromPage = o._src === "page";
  for (let i = list.length - 1; i >= 0 && i >= list.length - 40; i--) {
    const p = list[i];
    if (p.kind !== "http" || p.url !== o.url || p.status !== o.status) continue;
    if ((p._src === "page") === fromPage) continue;
    const pt = p.end ?? p.time ?? 0;
    const ot = o.end ?? o.time ?? 0;
    if (Math.abs(pt - ot) > 30_000) continue;
    const [wr, page] = fromPage ? [p, o] : [o, p];
    const merged = {
      ...wr,
      headers: { ...(page.headers ?? {}), ...(wr.headers ?? {}) },
      _src: "merged",
    };
    if (page.body) merged.body = page.body;
    if (page.streamTail) merged.streamTail = page.streamTail;
    delete merged.time;
    list[i] = merged;
    return true;
  }
  return false;
}

/** Adds `observation` to the buffer of `tabId` (merged, bounded), persists and diagnoses. */
export async function addObservation(tabId, observation) {
  const st = await loadTab(tabId);
  const list = st.observations;
  if (!(observation.kind === "http" && mergeHttp(list, observation))) list.push(observation);
  // Oldest first: the newest MAX_TAB_OBSERVATIONS that fit in MAX_TAB_BYTES stay.
  let drop = Math.max(0, list.length - LIMITS.MAX_TAB_OBSERVATIONS);
  for (let i = list.length - 1, bytes = 0; i >= drop; i--) {
    bytes += sizeOf(list[i]);
    if (bytes > MAX_TAB_BYTES) drop = i + 1;
  }
  if (drop) list.splice(0, drop);
  st.touched = Date.now();
  st.seq++;
  st.report = null;
  if (!st.service) {
    const w = await engine;
    st.service = w.classifyUrl(observation.url ?? st.url ?? "").service;
  }
  // Not awaited: writes are coalesced, and the next observation need not wait for this one's.
  persist(st);
  // The engine says what counts as a failure: only a failed chat action is worth the status page.
  if (st.service && failureOf(await engine)(observation) === "action") maybeFetchStatus(st.service);
  scheduleDiagnose(tabId);
}

/** What the page hook of `sender.tab` reported (through the relay); the reply says if it was kept. */
export async function onContentObserved(message, sender) {
  const w = await engine;
  const tab = sender.tab;
  // Checked again in Rust: kind, service of the URL against the tab's, bounds.
  let observation;
  try {
    observation = w.checkPageObservation(JSON.stringify(message), tab.url ?? "");
  } catch (e) {
    return { ok: false, error: String(e?.message ?? e) };
  }
  const service = w.classifyUrl(tab.url ?? "").service;
  if (!(await serviceEnabled(service))) return { ok: false, error: "service not watched" };
  if (observation.kind === "http") {
    // Http observations carry start/end, not time; the hook's report comes just after the end.
    observation.end = Date.now();
    observation._src = "page";
    // Only the headers the rules read, as from webRequest: a page adds no names of its own.
    const headers = {};
    for (const [name, value] of Object.entries(observation.headers ?? {})) {
      if (w.isKeptHeader(name)) headers[name.toLowerCase()] = value;
    }
    observation.headers = headers;
  }
  const st = await loadTab(tab.id);
  if (!st.url) st.url = tab.url;
  await addObservation(tab.id, observation);
  return { ok: true };
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
  for (const o of list) {
    if (!o || typeof o !== "object" || !CHECK_KINDS.includes(o.kind)) continue;
    await addObservation(tabId, { ...o, _src: "checks", _run: run });
  }
  return { ok: true };
}
