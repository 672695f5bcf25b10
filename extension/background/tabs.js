// The tab store: each chat tab's state (its URL, service, observations and a sequence number
// that changes with them), in memory first with storage.session behind it, so that a worker
// stopped at any time loses nothing.
//
// Bounded: at most MAX_TABS tabs are kept (the least recently active go first; closed tabs go at
// once), each with at most MAX_TAB_OBSERVATIONS observations in at most MAX_TAB_BYTES as
// storage.session counts bytes (oldest first; see intake.js). So tab state stays under
// MAX_TABS × MAX_TAB_BYTES = 6 MiB, in storage.session and in memory, however hard a page floods
// or however many tabs come and go; Chrome's storage.session quota is 10 MiB.
import { ext } from "../lib/ext.js";
import "../lib/facts.js";
import { engine } from "../lib/engine.js";

export const MAX_TABS = 24;
export const MAX_TAB_BYTES = globalThis.chatmedicFacts.limits.MAX_TAB_BYTES;
export const MAX_URL = globalThis.chatmedicFacts.limits.MAX_URL;

/** The tabs in memory, by tab id. */
export const tabs = new Map();
const loading = new Map();
const forgetHooks = [];

function emptyTab(tabId) {
  return { tabId, url: "", service: null, observations: [], seq: 0, touched: 0 };
}

/** The state of `tabId`: from memory, else from storage.session, else empty. */
export async function loadTab(tabId) {
  if (tabs.has(tabId)) return tabs.get(tabId);
  if (!loading.has(tabId)) {
    const key = `tab:${tabId}`;
    loading.set(
      tabId,
      ext.storage.session
        .get(key)
        .catch(() => ({}))
        .then((got) => {
          const st = { ...emptyTab(tabId), ...(got[key] ?? {}) };
          st.report = null;
          st.noticeKey = "";
          tabs.set(tabId, st);
          loading.delete(tabId);
          trimTabs(tabId);
          return st;
        }),
    );
  }
  return loading.get(tabId);
}

// Past MAX_TABS, the least recently active tabs' state goes (never `keep`'s).
function trimTabs(keep) {
  if (tabs.size <= MAX_TABS) return;
  const oldest = [...tabs.values()].filter((st) => st.tabId !== keep).sort((a, b) => a.touched - b.touched);
  for (const st of oldest.slice(0, tabs.size - MAX_TABS)) forgetTab(st.tabId).catch(() => {});
}

// An observation's size as storage.session counts it, from above: its JSON in UTF-8 and 64
// bytes for each key and array element (Chrome counts a string as its UTF-8 bytes and 32 to 64
// bytes for each value it holds). Computed once per object (merges make new objects).
const sizes = new WeakMap();
const utf8 = new TextEncoder();
function entries(v) {
  if (v === null || typeof v !== "object") return 0;
  let n = 0;
  for (const k in v) n += 1 + entries(v[k]);
  return n;
}

/**
 * The bytes `o` takes in storage.session, from above: its JSON's length and 64 per value in it,
 * the measure the engine's tab bound uses (`intake::stored_size`), cached per object.
 */
export function sizeOf(o) {
  let n = sizes.get(o);
  if (n === undefined) {
    n = utf8.encode(JSON.stringify(o)).length + 64 * entries(o);
    sizes.set(o, n);
  }
  return n;
}

// Writes are coalesced per tab: one in flight, at most one more queued, and under a flood one
// every PERSIST_INTERVAL_MS (each write is the whole buffer; writing it for every observation
// halved the rate a page could fail at). A first write goes at once. Each write takes the tab's
// state as it is then; a tab forgotten meanwhile (closed, evicted) is removed, never written
// back.
const PERSIST_INTERVAL_MS = 250;

/** The writes in flight, by storage key (each `{ dirty, promise }`). */
export const writing = new Map();

/** Writes the tab's state to storage.session (coalesced; see above). */
export function persist(st) {
  const tabId = st.tabId;
  const key = `tab:${tabId}`;
  const slot = writing.get(key);
  if (slot) {
    slot.dirty = true;
    return slot.promise;
  }
  const entry = { dirty: false, promise: null };
  const write = async () => {
    do {
      entry.dirty = false;
      const cur = tabs.get(tabId);
      if (!cur) break;
      const { url, service, observations, seq, touched } = cur;
      // The tab's URL can carry a token (an OAuth callback, a share link): stored redacted.
      const stored = url ? (await engine).redactUrl(url).slice(0, MAX_URL) : url;
      await ext.storage.session.set({ [key]: { tabId, url: stored, service, observations, seq, touched } });
      if (entry.dirty) await new Promise((r) => setTimeout(r, PERSIST_INTERVAL_MS));
    } while (entry.dirty);
    writing.delete(key);
    if (!tabs.has(tabId)) await ext.storage.session.remove([key]);
  };
  entry.promise = write().catch((e) => {
    writing.delete(key);
    console.warn("chatmedic: storage.session", e);
  });
  writing.set(key, entry);
  return entry.promise;
}

/** Calls `fn(tabId)` whenever a tab's state is forgotten (to drop what else is kept for it). */
export function onForget(fn) {
  forgetHooks.push(fn);
}

/** Drops the state of `tabId`, in memory and in storage.session. */
export async function forgetTab(tabId) {
  tabs.delete(tabId);
  for (const fn of forgetHooks) fn(tabId);
  await ext.storage.session.remove(`tab:${tabId}`);
}

/**
 * Once per worker start: state left by tabs that closed while no worker could hear it goes,
 * and what remains is loaded, so that MAX_TABS counts every tab kept in storage.session.
 */
export async function loadAtStart() {
  const all = await ext.storage.session.get(null);
  const open = new Set((await ext.tabs.query({})).map((t) => t.id));
  const stale = Object.keys(all).filter((k) => /^(tab|bisect):/.test(k) && !open.has(Number(k.split(":")[1])));
  if (stale.length) await ext.storage.session.remove(stale);
  for (const key of Object.keys(all)) {
    if (key.startsWith("tab:") && !stale.includes(key)) await loadTab(Number(key.slice(4)));
  }
}

/** Loads every tab kept in storage.session (those a restarted worker has not looked at yet). */
export async function loadAll() {
  const stored = Object.keys(await ext.storage.session.get(null)).filter((k) => k.startsWith("tab:"));
  for (const key of stored) await loadTab(Number(key.slice(4)));
}
