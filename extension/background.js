// The background: Chrome's service worker, Firefox's background script (one ES module for both).
// It is the only writer of state. It turns webRequest events and what the content scripts saw
// into observations, keeps them per tab in bounded buffers in storage.session (the worker can be
// stopped at any time and must lose nothing), runs the wasm engine, badges the icon, shows the
// in-page notice, and carries out the fixes the popup asks for.
//
// "Listeners must be registered synchronously at the top level, otherwise they won't be called in
// time when the service worker wakes up" (Ruffle's background.ts): every addListener below runs
// before the first await; the work they start waits for the engine through one queue.
import "./lib/protocol.js";
import { ext, flavor } from "./lib/ext.js";
import { engine } from "./lib/engine.js";
import * as quirks from "./lib/quirks.js";
import { getOptions, resolveLang } from "./lib/options.js";
import { loadMessages, translator, verdictKey } from "./lib/i18n.js";
import * as fixes from "./background/fixes.js";
import * as bisect from "./background/bisect.js";

const { MSG, LIMITS } = globalThis.chatmedicProtocol;
const HOST_PATTERNS = ext.runtime.getManifest().host_permissions ?? [];
const UI_PREFIX = ext.runtime.getURL("");
const STATUS_TTL_MS = 2 * 60 * 1000;
const STATUS_TIMEOUT_MS = 5000;
const DIAGNOSE_DELAY_MS = 40;
const BADGE_COLORS = {
  not_you: "#b3261e",
  your_browser: "#7b1fa2",
  your_network: "#0b57d0",
  your_account: "#b06000",
  unclear: "#5f6368",
};

// One queue for everything that touches tab state: jobs run one at a time in the order they
// came, after the engine is ready, and a failing job never stops the next. It is bounded: a
// page failing faster than the worker takes it in (10,000 failures a minute on a slow machine)
// must not pile work up in memory, so past MAX_BACKLOG waiting jobs a new observation
// ("drop" lane) is dropped and counted; the tab's buffer keeps only the newest anyway. The
// popup's question ("first" lane) goes ahead of waiting observations, so a flood never keeps
// it waiting. Tab lifecycle jobs are never dropped and keep their order.
const MAX_BACKLOG = 1000;
const backlog = [];
const ahead = [];
let draining = false;
const loadStats = { dropped: 0, maxBacklog: 0, jobs: 0 };

function enqueue(work, lane = "normal") {
  if (lane === "drop" && backlog.length >= MAX_BACKLOG) {
    loadStats.dropped++;
    return Promise.resolve(undefined);
  }
  const done = new Promise((resolve, reject) => {
    (lane === "first" ? ahead : backlog).push({ work, resolve, reject });
  });
  // Callers that do not wait for the job must not see an unhandled rejection (it is logged).
  done.catch(() => {});
  if (backlog.length > loadStats.maxBacklog) loadStats.maxBacklog = backlog.length;
  if (!draining) drain();
  return done;
}

async function drain() {
  draining = true;
  try {
    await engine;
  } catch {
    // Each job meets the engine's failure itself.
  }
  while (ahead.length || backlog.length) {
    const job = ahead.length ? ahead.shift() : backlog.shift();
    loadStats.jobs++;
    try {
      job.resolve(await job.work());
    } catch (e) {
      console.warn("chatmedic:", e);
      job.reject(e);
    }
  }
  draining = false;
}

// Request start times, for `start` on http observations (a later success clears a failure by
// comparing its start with the failure's time). Bounded: entries are removed on completion.
const started = new Map();

// Only the kinds of request a chat turn can be need a start (the engine reads it for chat turns
// alone): the pages' scripts, styles, images and fonts, most of what the services' hosts serve,
// do not wake the worker here.
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

ext.runtime.onMessage.addListener(onMessage);
ext.runtime.onMessageExternal?.addListener(onExternalMessage);

ext.tabs.onRemoved.addListener((tabId) => {
  enqueue(() => forgetTab(tabId));
});

ext.tabs.onUpdated.addListener((tabId, change, tab) => {
  // Without the "tabs" permission a URL is visible only on the services' hosts, so leaving for
  // another site is not seen here; a later chat success clears what is stale. (A URL hidden
  // while loading is no sign of leaving: a failed navigation's error page hides it too.)
  if (change.url) enqueue(() => onNavigated(tabId, change.url));
  // Chrome resets a tab's badge when it navigates: set it again once the page is there.
  if (change.status === "complete") enqueue(() => refreshBadge(tabId, tab.url));
});

// Options and permissions change what a diagnosis can say (language, notice, the extension
// list): every report is made again.
function invalidateAll() {
  enqueue(async () => {
    extensionsCache = { at: 0, value: null };
    for (const st of tabs.values()) {
      st.report = null;
      st.noticeKey = "";
      scheduleDiagnose(st.tabId);
    }
  });
}

ext.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && changes.options) {
    optionsCache = null;
    invalidateAll();
  }
});
ext.permissions.onAdded.addListener(invalidateAll);
ext.permissions.onRemoved.addListener(invalidateAll);
// A permission granted while the popup that asked is gone (Firefox closes it for the prompt).
ext.permissions.onAdded.addListener(() => {
  fixes.onPermissionsAdded().catch((e) => console.warn("chatmedic: pending fix", e));
});

// A bisect whose worker is gone (stopped mid-round, or the browser closed) is undone at once:
// at browser start (this listener also wakes the worker then) and at every worker start.
ext.runtime.onStartup.addListener(() => {
  bisect.recover("browser").catch((e) => console.warn("chatmedic: bisect recovery", e));
});
bisect.recover("worker").catch((e) => console.warn("chatmedic: bisect recovery", e));

// Tab state: memory first, storage.session behind it. Bounded: at most MAX_TABS tabs are kept
// (the least recently active go first; closed tabs go at once), each with at most
// MAX_TAB_OBSERVATIONS observations in at most MAX_TAB_BYTES as storage.session counts bytes
// (oldest first). So tab state stays under MAX_TABS × MAX_TAB_BYTES = 6 MiB, in storage.session
// and in memory, however hard a page floods or however many tabs come and go; Chrome's
// storage.session quota is 10 MiB.
const MAX_TABS = 24;
const MAX_TAB_BYTES = 256 * 1024;
const MAX_URL = 2048;
const tabs = new Map();
const loading = new Map();

function emptyTab(tabId) {
  return { tabId, url: "", service: null, observations: [], seq: 0, touched: 0 };
}

async function loadTab(tabId) {
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
function sizeOf(o) {
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
const writing = new Map();
function persist(st) {
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

async function forgetTab(tabId) {
  tabs.delete(tabId);
  clearTimeout(timers.get(tabId));
  timers.delete(tabId);
  lastDiagnosed.delete(tabId);
  await ext.storage.session.remove(`tab:${tabId}`);
}

// Once per worker start: state left by tabs that closed while no worker could hear it goes,
// and what remains is loaded, so that MAX_TABS counts every tab kept in storage.session.
enqueue(async () => {
  const all = await ext.storage.session.get(null);
  const open = new Set((await ext.tabs.query({})).map((t) => t.id));
  const stale = Object.keys(all).filter((k) => /^(tab|bisect):/.test(k) && !open.has(Number(k.split(":")[1])));
  if (stale.length) await ext.storage.session.remove(stale);
  for (const key of Object.keys(all)) {
    if (key.startsWith("tab:") && !stale.includes(key)) await loadTab(Number(key.slice(4)));
  }
});

async function onNavigated(tabId, url) {
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

// The options, read once and kept until they change (checked for every observation).
let optionsCache = null;
function options() {
  optionsCache ??= getOptions();
  return optionsCache;
}

async function serviceEnabled(service) {
  if (!service) return false;
  const { disabledServices } = await options();
  return !disabledServices.includes(service);
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

async function addObservation(tabId, observation) {
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

async function onContentObserved(message, sender) {
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
async function onChecked(message) {
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

// Status pages: fetched only after a failure, cached briefly (storage.session, so a restarted
// worker does not fetch again), and never for a service whose feed is a link only.
const statusInFlight = new Map();
const statusCheckedAt = new Map();
function maybeFetchStatus(serviceId) {
  if (statusInFlight.has(serviceId)) return statusInFlight.get(serviceId);
  // A worker that just fetched need not even look at the cache.
  if (Date.now() - (statusCheckedAt.get(serviceId) ?? 0) < STATUS_TTL_MS) return undefined;
  statusCheckedAt.set(serviceId, Date.now());
  const p = fetchStatus(serviceId).finally(() => statusInFlight.delete(serviceId));
  statusInFlight.set(serviceId, p);
  return p;
}

async function fetchStatus(serviceId) {
  const w = await engine;
  const service = w.catalog().services.find((s) => s.id === serviceId);
  if (!service?.statusApi || service.statusFormat === "link_only") return;
  const key = `status:${serviceId}`;
  const cached = (await ext.storage.session.get(key))[key];
  if (cached && Date.now() - cached.fetchedAt < STATUS_TTL_MS) return;
  // The engine fetches (the global fetch: it works in a worker) and reads the feed; a page it
  // cannot read comes back as "unreachable", which says nothing about the service.
  let observation;
  try {
    observation = (await w.fetchStatus(serviceId, undefined, STATUS_TIMEOUT_MS)).observation;
  } catch {
    observation = null;
  }
  observation ??= { kind: "status", service: serviceId, indicator: "unreachable", time: Date.now() };
  await ext.storage.session.set({ [key]: { fetchedAt: Date.now(), observation } });
  enqueue(async () => {
    for (const st of tabs.values()) {
      if (st.service !== serviceId && !statusServiceOf(st, serviceId)) continue;
      st.report = null;
      scheduleDiagnose(st.tabId);
    }
  });
}

// The APIs share their status page with the apps (OpenAI API with ChatGPT's page, …).
function statusServiceOf(st, serviceId) {
  return st.observations.some((o) => o.kind === "status" && o.service === serviceId);
}

async function statusObservations(serviceId) {
  if (!serviceId) return [];
  const key = `status:${serviceId}`;
  const cached = (await ext.storage.session.get(key))[key];
  return cached?.observation ? [cached.observation] : [];
}

// Installed extensions, once `management` is granted; and who controls the proxy setting.
let extensionsCache = { at: 0, value: null };
async function extensionsObservation() {
  if (!ext.management?.getAll) return null;
  if (!(await ext.permissions.contains({ permissions: ["management"] }))) return null;
  if (Date.now() - extensionsCache.at < 3000) return extensionsCache.value;
  const self = ext.runtime.id;
  const all = await ext.management.getAll();
  const value = {
    kind: "extensions",
    extensions: all
      .filter((e) => e.id !== self && e.type === "extension")
      .map((e) => ({
        id: e.id,
        name: e.name,
        enabled: e.enabled,
        type: e.type,
        permissions: e.permissions ?? [],
        hostPermissions: e.hostPermissions ?? [],
        installType: e.installType ?? "normal",
      })),
    time: Date.now(),
  };
  extensionsCache = { at: Date.now(), value };
  return value;
}

async function environmentObservation(extensions) {
  const env = { kind: "environment", online: navigator.onLine, userAgent: navigator.userAgent, time: Date.now() };
  const control = await quirks.proxyControl();
  if (control) {
    env.proxyControl = control;
    if (control === "controlled_by_other_extensions" && extensions) {
      // The engine names it from the extension list by id.
      const proxies = extensions.extensions.filter((e) => e.enabled && e.permissions.includes("proxy"));
      if (proxies.length === 1) env.proxyExtension = proxies[0].id;
    }
  }
  return env;
}

async function uiText() {
  const opts = await options();
  const lang = resolveLang(opts.lang);
  return { lang, t: translator(await loadMessages(lang), lang), opts };
}

/** The engine's failure test for one observation ("action", "side" or "none"); see `failureOf`. */
function failureOf(w) {
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

async function diagnoseTab(st, lang) {
  const w = await engine;
  if (debugFailTab === st.tabId) w.selfTestPanic();
  return w.diagnose(await observationsFor(st), lang);
}

// A tab is diagnosed DIAGNOSE_DELAY_MS after its first news, and under a flood at most once
// every DIAGNOSE_INTERVAL_MS: each diagnosis tells open popups, which then ask again.
const DIAGNOSE_INTERVAL_MS = 250;
const timers = new Map();
const lastDiagnosed = new Map();
function scheduleDiagnose(tabId) {
  if (timers.has(tabId)) return;
  const wait = DIAGNOSE_INTERVAL_MS - (Date.now() - (lastDiagnosed.get(tabId) ?? 0));
  timers.set(
    tabId,
    setTimeout(() => {
      timers.delete(tabId);
      lastDiagnosed.set(tabId, Date.now());
      enqueue(() => refresh(tabId));
    }, Math.max(DIAGNOSE_DELAY_MS, wait)),
  );
}

async function currentReport(st) {
  if (st.report && st.reportSeq === st.seq && st.reportAt > Date.now() - 5000) return st.report;
  const { lang } = await uiText();
  st.report = await diagnoseTab(st, lang);
  st.reportSeq = st.seq;
  st.reportAt = Date.now();
  return st.report;
}

async function refresh(tabId) {
  const st = await loadTab(tabId);
  const report = await currentReport(st);
  const { t, opts } = await uiText();
  await setBadge(tabId, report, t);
  await updateNotice(st, report, t, opts);
  ext.runtime.sendMessage({ type: MSG.BG_UI_REPORT_CHANGED, tabId }).catch(() => {});
}

async function refreshBadge(tabId, url) {
  const st = await loadTab(tabId);
  if (!st.observations.length) return;
  if (url && !st.url) st.url = url;
  const { t } = await uiText();
  await setBadge(tabId, await currentReport(st), t);
}

async function setBadge(tabId, report, t) {
  try {
    if (report.verdict === "all_clear") {
      await ext.action.setBadgeText({ tabId, text: "" });
      await ext.action.setTitle({ tabId, title: t("extName") });
      return;
    }
    const top = report.findings[0];
    await ext.action.setBadgeText({ tabId, text: "!" });
    await ext.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLORS[report.verdict] ?? BADGE_COLORS.unclear });
    ext.action.setBadgeTextColor?.({ tabId, color: "#ffffff" });
    const title = `${t(verdictKey(report.verdict))}: ${top?.title ?? ""}`;
    await ext.action.setTitle({ tabId, title });
  } catch {
    // The tab is gone.
  }
}

async function updateNotice(st, report, t, opts) {
  const failing = report.verdict !== "all_clear" && report.findings.length > 0;
  const key = failing ? `${report.verdict}|${report.findings[0].cause}|${report.lang}` : "";
  if (key === st.noticeKey) return;
  st.noticeKey = key;
  try {
    if (failing && opts.notice) {
      await ext.tabs.sendMessage(st.tabId, {
        type: MSG.BG_CS_SHOW_NOTICE,
        verdict: report.verdict,
        label: t(verdictKey(report.verdict)),
        title: report.findings[0].title,
        details: t("notice_details"),
        dismiss: t("notice_dismiss"),
      });
    } else {
      await ext.tabs.sendMessage(st.tabId, { type: MSG.BG_CS_HIDE_NOTICE });
    }
  } catch {
    // No content script in that tab (not a chat page, or still loading).
  }
}

async function tabReport(tabId) {
  const st = await loadTab(tabId);
  let url = st.url;
  try {
    url = (await ext.tabs.get(tabId)).url ?? url;
  } catch {
    // The popup may ask about a tab that is gone.
  }
  const w = await engine;
  const service = w.classifyUrl(url ?? "").service ?? st.service;
  if (!st.url && url) st.url = url;
  const report = await currentReport(st);
  const { disabledByUs = [] } = await ext.storage.local.get("disabledByUs");
  const bisectState = await bisect.stateFor(tabId);
  const serviceName = w.catalog().services.find((s) => s.id === service)?.name ?? null;
  return {
    tabId,
    service,
    serviceName,
    report,
    seq: st.seq,
    observations: st.observations.length,
    disabledByUs: disabledByUs.filter((d) => d.tabId === tabId).map(({ id, name }) => ({ id, name })),
    bisect: bisectState ?? undefined,
    bisectPlan: await bisectPlan(report),
    ...(await fixes.fixState(tabId)),
    flavor,
    canDisableExtensions: quirks.canDisableExtensions,
    canBisect: quirks.canBisect,
    knowsExtensions: await ext.permissions.contains({ permissions: ["management"] }),
    knowsProxy: flavor === "chrome" && (await ext.permissions.contains({ permissions: ["management", "proxy"] })),
  };
}

// The fixes (background/fixes.js) and the extension bisect (background/bisect.js).
fixes.configureFixes({
  bisect,
  notify: notifyPopups,
  onExtensionsChanged: () => (extensionsCache = { at: 0, value: null }),
});
bisect.configureBisect({
  targets: blockedTargets,
  text: async (tabId) => {
    const { t } = await uiText();
    const st = await loadTab(tabId);
    const w = await engine;
    return { t, service: w.catalog().services.find((s) => s.id === st.service)?.name ?? "" };
  },
  notify: notifyPopups,
  onExtensionsChanged: () => (extensionsCache = { at: 0, value: null }),
});

function notifyPopups(tabId) {
  ext.runtime.sendMessage({ type: MSG.BG_UI_REPORT_CHANGED, tabId }).catch(() => {});
}

/** The requests (host and path) an extension blocked in the tab: what a bisect reproduces. */
async function blockedTargets(tabId) {
  const st = await loadTab(tabId);
  const keys = st.observations
    .filter((o) => o.kind === "netError" && /BLOCKED_BY_CLIENT/.test(o.error ?? ""))
    .map((o) => bisect.requestKey(o.url))
    .filter(Boolean);
  return [...new Set(keys)].slice(0, 8);
}

/** What a bisect of the top finding's suspects would turn off, and how many reloads it takes. */
async function bisectPlan(report) {
  const action = report?.findings?.[0]?.fixes?.find((f) => f.action?.type === "bisectExtensions")?.action;
  if (!action || !quirks.canBisect) return undefined;
  if (!(await ext.permissions.contains({ permissions: ["management"] }))) return undefined;
  const extensions = await bisect.candidates(action.ids);
  return extensions.length ? { extensions, reloads: bisect.plannedRounds(extensions.length) } : undefined;
}

function senderKind(sender) {
  if (sender.id !== ext.runtime.id) return "foreign";
  if (sender.url && sender.url.startsWith(UI_PREFIX) && !sender.tab?.url?.startsWith("http")) return "ui";
  if (sender.tab && sender.tab.id >= 0) return "content";
  if (sender.url && sender.url.startsWith(UI_PREFIX)) return "ui";
  return "foreign";
}

// The listener is a plain function returning true for an asynchronous reply (MDN: "Do not
// prepend async"); unknown types and wrong senders get no reply.
function onMessage(message, sender, sendResponse) {
  if (!message || typeof message !== "object" || typeof message.type !== "string") return false;
  const kind = senderKind(sender);
  let work;
  switch (message.type) {
    case MSG.CS_BG_OBSERVED:
      if (kind !== "content") return false;
      work = enqueue(() => onContentObserved(message, sender), "drop");
      break;
    case MSG.CS_BG_OPEN_DETAILS:
      if (kind !== "content") return false;
      work = quirks.openDetails(sender.tab.id).then(() => ({ ok: true }));
      break;
    case MSG.UI_BG_GET_REPORT:
      if (kind !== "ui") return false;
      if (!Number.isInteger(message.tabId) || message.tabId < 0) {
        sendResponse({ ok: false, error: "no such tab" });
        return false;
      }
      work = enqueue(() => tabReport(message.tabId), "first");
      break;
    case MSG.UI_BG_CLEAR:
      if (kind !== "ui") return false;
      work = enqueue(async () => {
        await forgetTab(Number(message.tabId));
        scheduleDiagnose(Number(message.tabId));
        return { ok: true };
      });
      break;
    case MSG.UI_BG_ACT:
      if (kind !== "ui") return false;
      work = fixes.act(Number(message.tabId), message.action);
      break;
    case MSG.UI_BG_PERMISSION:
      if (kind !== "ui") return false;
      work = fixes.onPermissionMessage(message);
      break;
    case MSG.UI_BG_CANCEL_BISECT:
      if (kind !== "ui") return false;
      work = bisect.cancel();
      break;
    case MSG.UI_BG_DISMISS_BISECT:
      if (kind !== "ui") return false;
      work = bisect.dismiss();
      break;
    case MSG.UI_BG_CHECKED:
      if (kind !== "ui") return false;
      work = enqueue(() => onChecked(message));
      break;
    case MSG.UI_BG_RE_ENABLE:
      if (kind !== "ui") return false;
      work = fixes.reEnable(Number(message.tabId), message.id);
      break;
    default:
      return false;
  }
  work.then(sendResponse, (e) => sendResponse({ ok: false, error: String(e?.message ?? e) }));
  return true;
}

// The help page (an origin allow-listed in externally_connectable) may ask, with its user's
// consent, for the diagnoses of the open chat tabs: redacted reports, nothing raw.
function onExternalMessage(message, sender, sendResponse) {
  if (!message || message.type !== MSG.WEB_BG_GET_REPORTS) return false;
  // Web pages only: Firefox delivers any other extension's messages here too.
  if (sender.id !== undefined && sender.id !== ext.runtime.id) return false;
  enqueue(async () => {
    const out = [];
    // Every tab with observations, also those a restarted worker has not looked at yet.
    const stored = Object.keys(await ext.storage.session.get(null)).filter((k) => k.startsWith("tab:"));
    for (const key of stored) await loadTab(Number(key.slice(4)));
    for (const st of tabs.values()) {
      if (!st.service || !st.observations.length) continue;
      const report = await currentReport(st);
      out.push({ service: st.service, report });
    }
    return { reports: out };
  }).then(sendResponse, () => sendResponse({ reports: [] }));
  return true;
}

// For the e2e tests and `./build.sh bench` (reachable only from the extension's own contexts).
globalThis.chatmedicDebug = {
  engine,
  tabs,
  /** Shortens the bisect's waits (tests/e2e/fixes.test.mjs). */
  bisectTimings: (overrides) => bisect.setTimings(overrides),
  /** Makes every diagnosis of `tabId` fail as an engine panic would (null: none). */
  failDiagnoses(tabId) {
    debugFailTab = tabId;
    for (const st of tabs.values()) st.report = null;
  },
  async ingestMany(tabId, observations) {
    const t0 = performance.now();
    for (const o of observations) await enqueue(() => addObservation(tabId, o));
    const st = await loadTab(tabId);
    await enqueue(() => refresh(tabId));
    await writing.get(`tab:${tabId}`)?.promise;
    return { ms: performance.now() - t0, kept: st.observations.length, verdict: st.report?.verdict };
  },
  async clearStatusCache() {
    statusCheckedAt.clear();
    const all = await ext.storage.session.get(null);
    await ext.storage.session.remove(Object.keys(all).filter((k) => k.startsWith("status:")));
  },
  async flush() {
    await enqueue(() => undefined);
    await Promise.all([...writing.values()].map((w) => w.promise));
  },
  /** Hands `message` to the content-observation path as if the relay of `tab` had sent it. */
  observeFromPage(tab, message) {
    return enqueue(() => onContentObserved(message, { tab }), "drop");
  },
  /** The bounds, and how the queue and the tab state stand against them (tests/e2e/load). */
  stats() {
    let observations = 0;
    let bytes = 0;
    for (const st of tabs.values()) {
      observations += st.observations.length;
      for (const o of st.observations) bytes += sizeOf(o);
    }
    return {
      limits: { MAX_BACKLOG, MAX_TABS, MAX_TAB_BYTES, MAX_TAB_OBSERVATIONS: LIMITS.MAX_TAB_OBSERVATIONS },
      ...loadStats,
      backlog: backlog.length,
      tabs: tabs.size,
      observations,
      bytes,
      timers: timers.size,
      writing: writing.size,
      started: started.size,
    };
  },
};
