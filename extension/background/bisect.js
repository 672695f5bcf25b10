// The extension bisect (Chrome): finds which of the suspected extensions blocks the chat by
// turning half of them off, reproducing the failed request, and keeping the half that holds the
// culprit, round after round; then turns everything back on.
//
// It must never leave the user's extensions off. Before it turns anything off it writes what it
// will turn back on to storage.local, so that a worker that stops mid-round (Chrome stops idle
// workers; the browser may be closed) is undone by the next one: at worker start, at browser
// start and when a popup opens, a bisect whose worker is gone has everything it turned off
// turned back on, and the popup says so. One bisect at a time; Cancel restores everything at
// once.
//
// Each round reproduces the failed request rather than merely reloading: after the reload the
// bisect waits for the page to make that request again; a page that does not (ChatGPT does not
// resend a message) gets the popup asking the user to repeat it, and the bisect waits for that.
// A round that sees no attempt concludes nothing.

import { engine } from "../lib/engine.js";
import { ext } from "../lib/ext.js";
import "../lib/facts.js";

const { MSG } = globalThis.chatmedicProtocol;

const KEY = "bisect";
const timing = {
  // How long a reload may take before the round goes on anyway.
  loadTimeoutMs: 15000,
  // How long the page gets to make the failed request again by itself after loading.
  pageWaitMs: 5000,
  // How long the user gets to repeat what failed once asked to.
  userWaitMs: 120000,
};
// After an attempt is seen, how long to wait for the rest of it (a redirect, the error event).
const SETTLE_MS = 400;
const POLL_MS = 250;
// An extension API call at least this often keeps Chrome from stopping the worker while it
// waits for the user.
const KEEPALIVE_MS = 20000;
// A finished bisect's note is kept this long (an interrupted one until the user has seen it).
const KEEP_FINISHED_MS = 60 * 60 * 1000;

/** The phases a bisect can end in (besides `running`). */
export const FINISHED = ["found", "not_found", "not_reproduced", "no_attempt", "cancelled", "interrupted", "failed"];

let deps = null;
let job = null;
let starting = false;
// Every change to the extensions' on/off state goes through this chain, in order: a Cancel that
// comes while a round is turning extensions off runs after it, and the round, seeing the
// cancellation, turns nothing off afterwards.
let chain = Promise.resolve();
function serial(fn) {
  const p = chain.then(fn);
  chain = p.catch(() => {});
  return p;
}

class Cancelled extends Error {}

/**
 * Wires the module to the background: `targets(tabId)` names the requests (host and path) that
 * were blocked in the tab; `notify(tabId)` tells open popups; `onExtensionsChanged()` drops
 * cached extension lists; `text()` resolves to the translator of the chosen language and the
 * tab's service name (`{ t, service }` for a tab id).
 */
export function configureBisect(d) {
  deps = d;
}

// The requests the bisect's tab finished or failed, while a bisect runs (listeners added for
// the bisect only: a worker that restarts undoes its bisect and needs none).
const HOST_PATTERNS = ext.runtime.getManifest().host_permissions ?? [];
let requests = [];
function onCompleted(d) {
  if (job && d.tabId === job.tabId) requests.push({ url: d.url, status: d.statusCode, time: d.timeStamp });
}
function onErrorOccurred(d) {
  if (job && d.tabId === job.tabId) requests.push({ url: d.url, error: String(d.error), time: d.timeStamp });
}
function listen(tabId) {
  requests = [];
  const filter = { urls: HOST_PATTERNS, tabId };
  ext.webRequest.onCompleted.addListener(onCompleted, filter);
  ext.webRequest.onErrorOccurred.addListener(onErrorOccurred, filter);
}
function unlisten() {
  ext.webRequest.onCompleted.removeListener(onCompleted);
  ext.webRequest.onErrorOccurred.removeListener(onErrorOccurred);
  requests = [];
}

/** A request's host and path: what identifies "the same request" across reloads. */
export function requestKey(url) {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.pathname}`;
  } catch {
    return "";
  }
}

/**
 * Whether the failed request was made again since `since`, and whether it was blocked again
 * (by a client-side block, which is what an extension's block looks like). Without named
 * targets, any chat turn counts.
 */
async function attempts(since, targets) {
  const w = await engine;
  const hits = requests.filter(
    (r) =>
      r.time >= since &&
      (targets.length ? targets.includes(requestKey(r.url)) : w.classifyUrl(r.url).role === "chat_turn"),
  );
  if (!hits.length) return { attempted: false };
  return { attempted: true, blocked: hits.some((r) => /BLOCKED_BY_CLIENT/.test(r.error ?? "")) };
}

/** For the e2e tests: shorter waits (a test cannot wait two minutes for a user who never comes). */
export function setTimings(overrides) {
  for (const k of Object.keys(timing)) if (Number.isFinite(overrides?.[k])) timing[k] = overrides[k];
  return { ...timing };
}

const load = async () => (await ext.storage.local.get(KEY))[KEY] ?? null;
const save = (state) => ext.storage.local.set({ [KEY]: state });

/** The most rounds a bisect of `n` suspects takes, the first (nothing off) included. */
export function plannedRounds(n) {
  return 1 + remainingRounds(n, false);
}

function remainingRounds(n, confirmed) {
  if (n <= 1) return confirmed ? 0 : 1;
  // Halving to one suspect, then (at worst) a round with that one alone off to confirm it.
  return Math.ceil(Math.log2(n)) + 1;
}

/** The extensions a bisect of `ids` would turn off: those on now that may be turned off. */
export async function candidates(ids) {
  const all = await ext.management.getAll();
  const on = new Map(
    all
      .filter((e) => e.enabled && e.type === "extension" && e.id !== ext.runtime.id && e.mayDisable !== false)
      .map((e) => [e.id, e]),
  );
  return (Array.isArray(ids) ? ids : [])
    .filter((id) => typeof id === "string" && on.has(id))
    .map((id) => ({ id, name: on.get(id).name }));
}

/** Starts a bisect over `ids` for the chat tab `tabId`; refused while one is running. */
export async function start(tabId, ids) {
  // Checked and set before the first await: two clicks (or two popups) start one bisect.
  if (starting || job) return { ok: false, error: "busy" };
  starting = true;
  try {
    await recover("start");
    const extensions = await candidates(ids);
    if (!extensions.length) throw new Error("none of these extensions is on");
    const targets = await deps.targets(tabId);
    const state = {
      phase: "running",
      tabId,
      extensions,
      suspects: extensions.map((e) => e.id),
      round: 0,
      rounds: plannedRounds(extensions.length),
      off: [],
      waiting: null,
      culprit: null,
      userRepeats: false,
      targets,
      startedAt: Date.now(),
      endedAt: null,
    };
    job = { tabId, state, cancelled: false, wake: null };
    listen(tabId);
    await save(state);
  } catch (e) {
    job = null;
    unlisten();
    throw e;
  } finally {
    starting = false;
  }
  deps.notify(tabId);
  run(job);
  return { ok: true };
}

async function run(j) {
  const s = j.state;
  let phase = "failed";
  let error;
  try {
    // Round 1, nothing off: the failure must come back before anything is turned off for it.
    const first = await round(j, []);
    if (first === null) phase = "no_attempt";
    else if (!first) phase = "not_reproduced";
    else {
      let suspects = s.suspects;
      let confirmed = false;
      while (suspects.length > 1) {
        const half = suspects.slice(0, Math.ceil(suspects.length / 2));
        const blocked = await round(j, half);
        if (blocked === null) break;
        // Unblocked with `half` off: the culprit is in it. Still blocked: it is in the rest.
        suspects = blocked ? suspects.slice(half.length) : half;
        confirmed = !blocked && half.length === 1;
        s.suspects = suspects;
        s.rounds = s.round + remainingRounds(suspects.length, confirmed);
      }
      if (suspects.length > 1) phase = "no_attempt";
      else if (confirmed) phase = "found";
      else {
        const blocked = await round(j, suspects);
        phase = blocked === null ? "no_attempt" : blocked ? "not_found" : "found";
      }
      if (phase === "found") s.culprit = s.extensions.find((e) => e.id === suspects[0]) ?? null;
    }
  } catch (e) {
    if (e instanceof Cancelled || j.cancelled) return;
    console.warn("chatmedic: bisect", e);
    error = String(e?.message ?? e).slice(0, 200);
  }
  await finish(j, phase, error);
}

/**
 * One round: `off` turned off (written down first), the tab reloaded, the failed request waited
 * for. True: still blocked; false: it went through; null: no attempt was seen.
 */
async function round(j, off) {
  const s = j.state;
  const tabId = j.tabId;
  await serial(async () => {
    if (j.cancelled) throw new Cancelled();
    s.round++;
    s.off = s.extensions.filter((e) => off.includes(e.id));
    s.waiting = "reload";
    await save(s);
    await setAll(off, false);
  });
  deps.notify(tabId);
  try {
    const since = Date.now();
    await reload(j);
    s.waiting = "page";
    await save(s);
    deps.notify(tabId);
    await tellPage(j);
    // A page seen not to resend the request by itself: the user is asked at once.
    let seen = s.userRepeats ? null : await waitForAttempt(j, since, timing.pageWaitMs);
    if (!seen) {
      s.waiting = "user";
      s.userRepeats = true;
      await save(s);
      deps.notify(tabId);
      await tellPage(j);
      seen = await waitForAttempt(j, since, timing.userWaitMs);
    }
    return seen ? seen.blocked : null;
  } finally {
    await serial(async () => {
      if (j.cancelled) return;
      await setAll(off, true);
      s.off = [];
      s.waiting = null;
      await save(s);
    });
  }
}

async function setAll(ids, enabled) {
  await Promise.all(
    ids.map((id) => ext.management.setEnabled(id, enabled).catch((e) => console.warn("chatmedic: setEnabled", e))),
  );
  deps.onExtensionsChanged();
}

/**
 * Shows the round on the chat page (the toolbar popup closes as soon as the user clicks into
 * the page, so "send your message again now" must be there too), or removes it.
 */
async function tellPage(j) {
  const s = j.state;
  try {
    if (s.phase !== "running" || j.cancelled) {
      await ext.tabs.sendMessage(j.tabId, { type: MSG.BG_CS_HIDE_TASK });
      return;
    }
    const { t, service } = await deps.text(j.tabId);
    const round = t("popup_bisect_round", { round: s.round, rounds: s.rounds });
    const wait =
      s.waiting === "user"
        ? t("popup_bisect_repeat", { service })
        : t(s.off.length ? "popup_bisect_page_testing" : "popup_bisect_all_on");
    await ext.tabs.sendMessage(j.tabId, {
      type: MSG.BG_CS_SHOW_TASK,
      label: t("popup_bisect_heading"),
      text: `${round}. ${wait}`,
      wait: s.waiting ?? undefined,
    });
  } catch {
    // The page is loading (its content script is not there yet) or gone.
  }
}

/** Reloads the tab and waits until it has loaded (or `timing.loadTimeoutMs`). */
async function reload(j) {
  await new Promise((resolve, reject) => {
    let timer;
    const done = (e) => {
      ext.tabs.onUpdated.removeListener(listener);
      clearTimeout(timer);
      j.wake = null;
      if (e) reject(e);
      else resolve();
    };
    const listener = (id, change) => {
      if (id === j.tabId && change.status === "complete") done();
    };
    timer = setTimeout(() => done(), timing.loadTimeoutMs);
    j.wake = () => done(new Cancelled());
    ext.tabs.onUpdated.addListener(listener);
    ext.tabs
      .reload(j.tabId, { bypassCache: true })
      .catch((e) => done(new Error(`the chat tab is gone: ${e?.message ?? e}`)));
  });
  if (j.cancelled) throw new Cancelled();
}

/** Polls for an attempt at the failed request since `since`, for at most `ms`. */
async function waitForAttempt(j, since, ms) {
  const end = Date.now() + ms;
  let lastPing = Date.now();
  while (Date.now() < end) {
    if (j.cancelled) throw new Cancelled();
    const seen = await attempts(since, j.state.targets);
    if (seen.attempted) {
      await sleep(j, SETTLE_MS);
      return attempts(since, j.state.targets);
    }
    if (Date.now() - lastPing > KEEPALIVE_MS) {
      lastPing = Date.now();
      await ext.runtime.getPlatformInfo().catch(() => {});
    }
    await sleep(j, POLL_MS);
  }
  return null;
}

function sleep(j, ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    j.wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });
}

async function finish(j, phase, error) {
  const s = j.state;
  await serial(async () => {
    if (j.cancelled) return;
    // Whatever happened, everything under test is on again.
    await enableAll(s.extensions);
    Object.assign(s, { phase, off: [], waiting: null, endedAt: Date.now() });
    if (error) s.error = error;
    await save(s);
  });
  if (job === j) {
    job = null;
    unlisten();
  }
  // The page as it is with every extension on again.
  await ext.tabs.reload(j.tabId).catch(() => {});
  deps.notify(j.tabId);
}

/** Turns on every extension in `extensions` that is off now. */
async function enableAll(extensions) {
  const ids = new Set(extensions.map((e) => e.id));
  const all = await ext.management.getAll().catch(() => []);
  const off = all.filter((e) => ids.has(e.id) && !e.enabled).map((e) => e.id);
  await setAll(off, true);
}

/** Cancel: everything the bisect turned off is turned back on at once. */
export async function cancel() {
  const j = job;
  if (!j) {
    // No bisect in this worker: one left by a stopped worker is undone.
    await recover("cancel");
    return { ok: true };
  }
  j.cancelled = true;
  j.wake?.();
  await serial(async () => {
    await enableAll(j.state.extensions);
    Object.assign(j.state, { phase: "cancelled", off: [], waiting: null, endedAt: Date.now() });
    await save(j.state);
  });
  if (job === j) {
    job = null;
    unlisten();
  }
  await ext.tabs.reload(j.tabId).catch(() => {});
  deps.notify(j.tabId);
  return { ok: true };
}

/**
 * A bisect left running by a worker that is gone (stopped, or the browser closed) is undone:
 * every extension it was testing is turned back on and it ends as `interrupted`. Called at
 * worker start, browser start, popup open and before a new bisect.
 */
export async function recover(reason) {
  if (job) return false;
  const s = await load();
  if (s?.phase !== "running") return false;
  await serial(async () => {
    if (job) return;
    await enableAll(s.extensions ?? []);
    Object.assign(s, { phase: "interrupted", off: [], waiting: null, endedAt: Date.now(), restoredAt: reason });
    await save(s);
  });
  deps.notify(s.tabId);
  return true;
}

/** The culprit was turned off by the user: the "found" note has been acted on. */
export async function culpritHandled(id) {
  const s = await load();
  if (s?.phase === "found" && s.culprit?.id === id) await ext.storage.local.remove(KEY);
}

/** The user has read the note of a finished bisect. */
export async function dismiss() {
  const s = await load();
  if (s && s.phase !== "running") await ext.storage.local.remove(KEY);
  return { ok: true };
}

/**
 * What the popup of `tabId` shows: the bisect of this tab, running or finished; and from any
 * tab, one that was interrupted (its extensions were turned back on when the browser or
 * chatmedic restarted, and the user should hear of it, whichever tab they look at).
 */
export async function stateFor(tabId) {
  await recover("popup");
  const s = await load();
  if (!s) return null;
  if (s.phase !== "running" && s.phase !== "interrupted" && Date.now() - (s.endedAt ?? 0) > KEEP_FINISHED_MS) {
    await ext.storage.local.remove(KEY);
    return null;
  }
  if (s.tabId !== tabId && s.phase !== "interrupted") return null;
  const { phase, round, rounds, off, waiting, culprit, extensions, suspects, error } = s;
  return {
    phase,
    round,
    rounds,
    off,
    waiting,
    culprit: culprit ?? undefined,
    extensions,
    suspects,
    error,
    tabId: s.tabId,
  };
}
