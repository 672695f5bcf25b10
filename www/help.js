// The help page: runs the checks and the status fetches, explains pasted messages, analyses a
// dropped HAR in a worker, and (with consent) shows what the chatmedic extension saw.
//
// One answer at a time: each input (the checks, a pasted message, a HAR file, the extension's
// tabs) gives an answer, and the newest input's answer is the page's headline, whole; the
// earlier ones fold under it, each saying what it came from and when. Every text the page
// writes after load is kept as a function of the page's state (`say`), so a language switch
// re-renders it in the new language instead of leaving a stale or reset line behind.

import { CHECKS, runChecks, runStatus, SERVICES } from "./lib/checks.js";
import { el } from "./lib/dom.js";
import { engine } from "./lib/engine.js";
import { renderReport, saveBlob } from "./lib/report-view.js";
import { languageChoices, loadI18n, pickLang } from "./lib/shared/i18n.js";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const BASE = new URL("./", import.meta.url);

const state = {
  cm: null,
  i18n: null,
  config: null,
  checks: new Map(), // check -> {results, observations}
  statuses: new Map(), // service -> fetchStatus result
  reports: new Map(), // container id -> {report, source, name}
  answers: new Map(), // answer id (checks, message, har, extension-N) -> {container, source, at}
  openEarlier: new Set(), // the earlier answers the visitor unfolded
  offline: false, // whether the last run of the checks found the browser offline
  checksDone: false,
  statusDone: false,
  worker: null, // the HAR worker, warm or in use
  workerUsed: false, // whether it has had a file (each file gets a worker of its own)
  workerJob: null, // what it is doing for the visitor: "analyze", "sanitize" or null
  harFile: null,
  timings: {},
};
// The benchmark and the tests read these.
window.chatmedic = state;

function storedLang() {
  try {
    return localStorage.getItem("chatmedic.lang");
  } catch {
    return null;
  }
}

function storeLang(lang) {
  try {
    localStorage.setItem("chatmedic.lang", lang);
  } catch {
    // storage blocked: the choice lasts for this visit only
  }
}

async function loadConfig() {
  const defaults = {
    websocketUrl: null,
    thirdPartyOrigin: null,
    clockUrl: "./config.json",
    baitUrl: null,
    extensionIds: [],
  };
  try {
    const r = await fetch(new URL("config.json", BASE), { cache: "no-store" });
    if (r.ok) return { ...defaults, ...(await r.json()) };
  } catch {
    // no config: the defaults test what a static page can
  }
  return defaults;
}

/** A test-only override (status or probe base URL): honoured on loopback addresses only. */
function override(name) {
  const v = params.get(name);
  return v && state.cm.isLoopbackBase(v) ? v.replace(/\/+$/, "") : null;
}

async function main() {
  $("needs-js").hidden = true;
  const lang = pickLang(params.get("lang") || storedLang());
  // The texts never fail to load (a file that cannot be read is empty: English, then the keys).
  const texts = loadI18n(lang, BASE);
  let cm;
  try {
    [cm, state.i18n, state.config] = await Promise.all([engine(), texts, loadConfig()]);
  } catch (e) {
    // The engine could not load (offline, or a download cut short): said in the visitor's
    // language where the page's checks would be.
    console.warn("chatmedic: the engine could not load", e);
    const i18n = await texts;
    document.documentElement.lang = i18n.lang;
    $("needs-js").hidden = false;
    $("needs-js").textContent = i18n.t("web_start_failed");
    document.body.dataset.start = "failed";
    return;
  }
  state.cm = cm;
  state.timings.engineReady = performance.now();
  $("lang").append(...languageChoices().map(({ code, name }) => el("option", { value: code, lang: code, text: name })));
  setLang(lang, false);
  wirePaste();
  wireHar();
  wireExtension();
  $("lang").addEventListener("change", (e) => switchLang(e.target.value));
  $("rerun").addEventListener("click", () => start());
  // The connection came back or went away: what the checks said no longer holds.
  window.addEventListener("online", () => start());
  window.addEventListener("offline", () => start());
  start();
}

function setLang(lang, persist) {
  document.documentElement.lang = lang;
  $("lang").value = lang;
  state.i18n.apply(document);
  if (persist) storeLang(lang);
}

async function switchLang(lang) {
  state.i18n = await loadI18n(lang, BASE);
  setLang(lang, true);
  renderChecks();
  renderStatuses();
  for (const [id, entry] of state.reports) {
    entry.report = state.cm.render(entry.report, lang);
    showReport(id, entry);
  }
  const summary = state.reports.get("summary-report");
  if (summary) serviceTroubleNote(summary.report);
  layoutAnswers();
  for (const [node, render] of live) if (node.isConnected) write(node, render());
}

// Texts the page writes after load, each kept with the function that writes it.
const live = new Map();

function write(node, content) {
  if (typeof content === "string") node.textContent = content;
  else node.replaceChildren(...content);
}

/** Shows `render()` (a string, or an array of nodes) in `node`, now and after each language
 *  switch; `null` clears it for good. */
function say(node, render) {
  if (render === null) {
    live.delete(node);
    node.replaceChildren();
    return;
  }
  live.set(node, render);
  write(node, render());
}

// Answers.

/** Records the answer of input `id`, given at time `at` (default now): the newest input's
 *  answer is the headline. */
function answerNow(id, source, at = Date.now()) {
  const wrapper = document.querySelector(`#summary .answer[data-answer="${id}"]`);
  state.answers.set(id, { wrapper, source, at, seq: ++answerSeq });
  layoutAnswers();
}
let answerSeq = 0;

/** Drops input `id`'s answer (a paste that was emptied, a HAR being replaced). */
function dropAnswer(id) {
  const a = state.answers.get(id);
  if (!a) return;
  state.answers.delete(id);
  $("answers-store").append(a.wrapper);
  layoutAnswers();
}

/** Puts the newest answer in the headline slot and folds the others under it, newest first,
 *  each under a line saying where it came from, when, and its verdict. */
function layoutAnswers() {
  const { i18n } = state;
  const order = [...state.answers.entries()].sort((a, b) => b[1].at - a[1].at || b[1].seq - a[1].seq);
  const [first, ...rest] = order;
  const current = $("answer-current");
  if (first) {
    first[1].wrapper.dataset.place = "current";
    if (current.firstElementChild !== first[1].wrapper) current.replaceChildren(first[1].wrapper);
    document.body.dataset.answer = first[0];
  } else {
    current.replaceChildren();
    delete document.body.dataset.answer;
  }
  const folds = rest.map(([id, a]) => {
    const details = el("details", { class: "fold", "data-answer": id });
    details.open = state.openEarlier.has(id);
    details.addEventListener("toggle", () => (details.open ? state.openEarlier.add(id) : state.openEarlier.delete(id)));
    const verdict = a.wrapper.querySelector(".report")?.dataset.verdict;
    const summary = el("summary");
    summary.append(
      el("span", {
        class: "fold-source",
        text: i18n.t("web_answer_earlier_line", { source: i18n.t(a.source), time: i18n.time(a.at) }),
      }),
    );
    if (verdict) summary.append(el("span", { class: `fold-verdict ${verdict}`, text: i18n.t(`verdict_${verdict}`) }));
    a.wrapper.dataset.place = "earlier";
    details.append(summary, a.wrapper);
    return details;
  });
  $("earlier-list").replaceChildren(...folds);
  $("earlier").hidden = folds.length === 0;
}

/** Brings the headline answer into view, for an answer the visitor asked for further down. */
function showAnswer() {
  $("summary").scrollIntoView({
    block: "start",
    behavior: matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth",
  });
  $("summary-h").focus({ preventScroll: true });
}

/** A note with a link up to the answer (under the paste box and the HAR progress line). */
function toAnswer(text) {
  const link = el("a", { href: "#summary-h", class: "to-answer", text: state.i18n.t("web_answer_see") });
  link.addEventListener("click", (e) => {
    e.preventDefault();
    showAnswer();
  });
  return [document.createTextNode(`${text} `), link];
}

// The checks that need the network: with the browser offline they are not run (each would only
// fail, and say something misleading such as a blocked WebSocket); their rows say why.
const NEEDS_NETWORK = ["websocket", "clock", "thirdPartyCookies", "adblock"];

let running = null;
let again = false;

/** Runs (or re-runs) every check and status fetch; a call while they run runs them once more
 *  afterwards. */
async function start() {
  if (running) {
    again = true;
    return running;
  }
  running = run().finally(() => {
    running = null;
    if (again) {
      again = false;
      start();
    }
  });
  return running;
}

async function run() {
  state.checks.clear();
  state.statuses.clear();
  state.checksDone = state.statusDone = false;
  state.offline = navigator.onLine === false;
  document.body.dataset.checks = "running";
  document.body.dataset.status = "running";
  $("summary").setAttribute("aria-busy", "true");
  say($("summary-state"), () => state.i18n.t("web_summary_running"));
  $("rerun").disabled = true;
  answerNow("checks", "web_report_from_checks");
  const skip = state.offline ? NEEDS_NETWORK : [];
  for (const check of skip) {
    state.checks.set(check, { results: [{ check, outcome: "untested", reason: "offline" }], observations: [] });
  }
  renderChecks();
  renderStatuses();
  const started = performance.now();
  const checks = runChecks(
    state.cm,
    state.config,
    (check, output) => {
      if (state.timings.firstCheck === undefined) {
        state.timings.firstCheck = performance.now();
        performance.mark("chatmedic:first-check");
      }
      state.checks.set(check, output);
      renderChecks();
      scheduleSummary();
    },
    { probeBase: override("probeBase"), skip },
  ).then(() => {
    state.checksDone = true;
    document.body.dataset.checks = "done";
  });
  // Offline, no status page can be fetched: each says so instead of "unreachable".
  const statuses = state.offline
    ? Promise.resolve().then(() => {
        for (const [service] of SERVICES)
          state.statuses.set(service, { service, state: "offline", observation: null, pageUrl: null });
        renderStatuses();
        state.statusDone = true;
        document.body.dataset.status = "done";
      })
    : runStatus(
        state.cm,
        (result) => {
          state.statuses.set(result.service, result);
          renderStatuses();
          scheduleSummary();
        },
        { statusBase: override("statusBase") },
      ).then(() => {
        state.statusDone = true;
        document.body.dataset.status = "done";
      });
  await Promise.all([checks, statuses]);
  state.timings.allDone = performance.now();
  $("rerun").disabled = false;
  clearTimeout(summaryTimer);
  updateSummary();
  $("summary").setAttribute("aria-busy", "false");
  const seconds = (performance.now() - started) / 1000;
  const offline = state.offline;
  say($("summary-state"), () =>
    offline
      ? state.i18n.t("web_summary_done_offline")
      : state.i18n.t("web_summary_done", { seconds: state.i18n.seconds(seconds) }),
  );
  // While the visitor reads (warmWorker itself skips it offline).
  (window.requestIdleCallback || setTimeout)(() => warmWorker());
}

let summaryTimer = 0;
function scheduleSummary() {
  clearTimeout(summaryTimer);
  summaryTimer = setTimeout(updateSummary, 80);
}

/** The engine's diagnosis of everything the checks and status pages observed. */
function updateSummary() {
  const observations = [];
  const owner = []; // the check each observation came from (null: a status page)
  for (const [check, out] of state.checks) {
    observations.push(...out.observations);
    owner.push(...out.observations.map(() => check));
  }
  for (const s of state.statuses.values()) if (s.observation) observations.push(s.observation);
  const report = state.cm.diagnose(observations, state.i18n.lang);
  // The checks the diagnosis rests on: their failures are problems, the others' notes.
  state.cited = new Set(
    report.findings.flatMap((f) => (f.evidence || []).map((e) => owner[e.observation]).filter(Boolean)),
  );
  const entry = { report, source: "web_report_from_checks", name: "checks" };
  state.reports.set("summary-report", entry);
  showReport("summary-report", entry);
  document.body.dataset.verdict = report.verdict;
  serviceTroubleNote(report);
  renderChecks();
  layoutAnswers();
}

/** Nothing failed here, yet a status page reports trouble: say so under the verdict. */
function serviceTroubleNote(report) {
  if (report.verdict !== "all_clear") return;
  const troubled = SERVICES.filter(([id]) => {
    const o = state.statuses.get(id)?.observation;
    return o && ["minor", "major", "critical", "maintenance"].includes(o.indicator);
  }).map(([, name]) => name);
  if (!troubled.length) return;
  const verdict = $("summary-report").querySelector(".verdict");
  verdict?.after(
    el("p", {
      class: "trouble",
      "data-note": "service-trouble",
      text: state.i18n.t("web_summary_service_trouble", { services: troubled.join(", ") }),
    }),
  );
}

function showReport(id, entry) {
  renderReport($(id), entry.report, state.i18n, { source: entry.source, engine: state.cm, name: entry.name });
}

// Checks.

const GLYPH = { pass: "✓", problem: "!", note: "i", untested: "–", pending: "…" };

// Checks whose failure does not stop a chat by itself, with the causes their failure points
// to: third-party cookies (only some sign-ins through Microsoft or Google need them) and the
// ad-block heuristic (a blocker matters only if it blocks what a chat needs). Their failure is a
// note, unless the diagnosis rests on it or names the cause it points to.
const SOFT = new Map([
  ["thirdPartyCookies", []],
  ["adblock", ["blocked_by_extension"]],
]);

/** Whether the checks' diagnosis makes a failed soft check matter. */
function matters(check) {
  const entry = state.reports.get("summary-report");
  const causes = entry ? entry.report.findings.map((f) => f.cause) : [];
  return state.cited?.has(check) || SOFT.get(check).some((c) => causes.includes(c));
}

function outcomeOf(check, results) {
  if (!results.length) return "pending";
  if (results.some((r) => r.outcome === "problem")) {
    return SOFT.has(check) && !matters(check) ? "note" : "problem";
  }
  if (results.every((r) => r.outcome === "untested")) return "untested";
  return "pass";
}

function sentenceParams(r) {
  const v = r.value ?? "";
  const seconds = v !== "" && !Number.isNaN(Number(v)) ? Math.abs(Number(v)) : v;
  return { ms: r.ms ?? "", value: v, code: v, seconds, browser: v };
}

/** A check row's sentence: one per result reason; a check skipped while offline says so. */
function checkText(check, results) {
  const { i18n } = state;
  if (check === "reach") return reachSentence(results);
  const r = results[0];
  if (r.reason === "offline" && NEEDS_NETWORK.includes(check)) return i18n.t("web_check_not_tried_offline");
  return i18n.t(`web_check_${check}_${r.reason}`, sentenceParams(r));
}

function renderChecks() {
  const { i18n } = state;
  const list = $("check-list");
  const rows = [];
  for (const check of CHECKS) {
    const out = state.checks.get(check);
    const results = out ? out.results : [];
    const outcome = outcomeOf(check, results);
    const li = el("li", { class: "check", "data-check": check, "data-outcome": outcome });
    li.append(el("span", { class: `badge ${outcome}`, "aria-hidden": "true", text: GLYPH[outcome] }));
    const title = el("div", { class: "check-title" });
    title.append(el("span", { text: i18n.t(`web_check_${check}`) }));
    title.append(el("span", { class: `outcome ${outcome}`, text: i18n.t(`web_outcome_${outcome}`) }));
    li.append(title);
    if (!out) {
      li.append(el("p", { class: "check-text muted", text: i18n.t("web_check_pending") }));
    } else if (check === "reach") {
      li.append(el("p", { class: "check-text", text: checkText(check, results) }));
      const hosts = el("ul", { class: "hosts", "aria-label": i18n.t("web_check_reach_hosts") });
      for (const r of results) {
        const line = el("li", { "data-host": r.target, "data-reason": r.reason });
        line.append(el("span", { class: "host", text: r.target }));
        line.append(el("span", { class: r.outcome, text: i18n.t(`web_reach_${r.reason}`, { ms: r.ms ?? "" }) }));
        hosts.append(line);
      }
      li.append(hosts);
    } else {
      li.append(el("p", { class: "check-text", "data-reason": results[0].reason, text: checkText(check, results) }));
    }
    rows.push(li);
  }
  list.replaceChildren(...rows);
}

/** The reach check in words: one sentence per kind of failure, naming its hosts. */
function reachSentence(results) {
  const { i18n } = state;
  const sentences = [];
  for (const reason of ["blocked", "timeout", "failed", "isolated", "offline", "unknown"]) {
    const hosts = results.filter((r) => r.reason === reason).map((r) => r.target);
    if (hosts.length)
      sentences.push(i18n.plural(`web_check_reach_${reason}`, hosts.length, { hosts: i18n.list(hosts) }));
  }
  if (sentences.length) return sentences.join(" ");
  const times = results.map((r) => r.ms).filter((m) => typeof m === "number");
  const slowest = times.length ? Math.max(...times) : 0;
  return i18n.plural("web_check_reach_ok", results.length, { ms: i18n.number(slowest) });
}

// Status.

function statusClass(s) {
  if (!s) return "loading";
  if (s.state === "offline") return "offline";
  if (s.state === "link_only") return "link_only";
  if (s.state === "unreachable" || !s.observation) return "unreachable";
  return s.observation.indicator;
}

function renderStatuses() {
  const { i18n } = state;
  const focus = params.get("service");
  const items = [];
  for (const [id, name] of SERVICES) {
    const s = state.statuses.get(id);
    const cls = statusClass(s);
    const li = el("li", { class: `status-item${focus === id ? " focus" : ""}`, "data-service": id, "data-state": cls });
    li.append(el("span", { class: `light ${cls}`, "aria-hidden": "true" }));
    const head = el("div", { class: "status-head" });
    head.append(el("span", { class: "status-name", text: name }));
    head.append(el("span", { class: `status-label ${cls}`, text: i18n.t(`web_status_${cls}`) }));
    li.append(head);
    const o = s?.observation;
    if (o) {
      const events = el("ul", { class: "status-events" });
      for (const inc of o.incidents || []) events.append(eventItem("web_status_incident", inc));
      for (const m of o.maintenances || []) events.append(eventItem("web_status_maintenance_item", m));
      const down = (o.components || []).filter((c) => c.status !== "operational").map((c) => c.name);
      if (down.length)
        events.append(el("li", { text: i18n.t("web_status_components", { components: down.join(", ") }) }));
      if (events.childElementCount) li.append(events);
    }
    const pageUrl = o?.pageUrl || s?.pageUrl;
    if (pageUrl && /^https?:\/\//.test(pageUrl)) {
      li.append(
        el("a", {
          class: "status-link",
          href: pageUrl,
          target: "_blank",
          rel: "noopener noreferrer",
          text: i18n.t("web_status_open"),
        }),
      );
    }
    items.push(li);
  }
  $("status-list").replaceChildren(...items);
}

function eventItem(kindKey, e) {
  const li = el("li");
  li.append(el("strong", { text: `${state.i18n.t(kindKey)}: ` }));
  if (e.url && /^https?:\/\//.test(e.url)) {
    li.append(el("a", { href: e.url, target: "_blank", rel: "noopener noreferrer", text: e.name }));
  } else {
    li.append(e.name);
  }
  return li;
}

// Paste.

function wirePaste() {
  $("paste-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("paste-text").value.trim();
    const note = $("paste-note");
    if (!text) {
      say(note, () => state.i18n.t("web_paste_empty"));
      $("paste-report").replaceChildren();
      state.reports.delete("paste-report");
      dropAnswer("message");
      return;
    }
    const report = state.cm.explain(text, state.i18n.lang);
    const entry = { report, source: "web_report_from_text", name: "message" };
    state.reports.set("paste-report", entry);
    showReport("paste-report", entry);
    answerNow("message", "web_report_from_text");
    say(note, () => toAnswer(state.i18n.t("web_paste_answered")));
    showAnswer();
  });
}

// HAR.

function newWorker() {
  if (state.worker) state.worker.terminate();
  const worker = new Worker(new URL("./har-worker.js", import.meta.url), { type: "module" });
  state.worker = worker;
  state.workerUsed = false;
  state.workerJob = null;
  worker.onmessage = onWorker;
  worker.onerror = (e) => {
    // Said in the page below: not an uncaught error of the page.
    e.preventDefault();
    console.warn("chatmedic: the HAR worker failed", e.message);
    const job = state.worker === worker ? state.workerJob : null;
    dropWorker(worker);
    // A worker that could not even load while the device is offline says nothing of the file.
    if (job) workerFailed(job, navigator.onLine ? "unreadable" : "engine");
  };
  return worker;
}

/** Ends `worker` if it is the current one: the next file gets a new one. */
function dropWorker(worker) {
  if (state.worker !== worker) return;
  worker.terminate();
  state.worker = null;
  state.workerJob = null;
}

/** Starts the HAR worker (module and wasm compiled) while the visitor reads, so a dropped file
 *  is read at once. */
function warmWorker() {
  if (state.worker || !navigator.onLine) return;
  newWorker().postMessage({ type: "warm" });
}

/** The warm worker for a new file, or a fresh one: wasm memory never shrinks, so each file
 *  gets a worker of its own. */
function freshWorker() {
  if (state.worker && !state.workerUsed) {
    state.workerUsed = true;
    return state.worker;
  }
  const w = newWorker();
  state.workerUsed = true;
  return w;
}

function wireHar() {
  const drop = $("drop");
  const input = $("har-file");
  input.addEventListener("change", () => {
    if (input.files?.[0]) startHar(input.files[0]);
  });
  $("har-choose").addEventListener("click", () => input.click());
  drop.addEventListener("click", (e) => {
    if (e.target === drop) input.click();
  });
  for (const type of ["dragenter", "dragover"]) {
    drop.addEventListener(type, (e) => {
      e.preventDefault();
      drop.classList.add("over");
    });
  }
  for (const type of ["dragleave", "drop"]) drop.addEventListener(type, () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    const file = e.dataTransfer?.files?.[0];
    if (file) startHar(file);
  });
  $("har-cancel").addEventListener("click", () => {
    if (state.worker) dropWorker(state.worker);
    document.body.dataset.har = "cancelled";
    say($("har-progress-text"), () => state.i18n.t("web_har_cancelled"));
    $("har-cancel").hidden = true;
  });
  $("har-sanitize-button").addEventListener("click", () => {
    if (!state.harFile) return;
    const worker = state.worker || freshWorker();
    state.workerJob = "sanitize";
    $("har-sanitize-button").disabled = true;
    document.body.dataset.sanitize = "running";
    worker.postMessage({ type: "sanitize", file: state.harFile });
  });
}

function startHar(file) {
  state.harFile = file;
  state.harDone = null;
  state.reports.delete("har-report");
  $("har-report").replaceChildren();
  dropAnswer("har");
  state.harAt = Date.now();
  $("har-error").hidden = true;
  say($("har-error"), null);
  $("har-sanitize").hidden = true;
  say($("har-sanitize-note"), null);
  $("har-progress").hidden = false;
  $("har-cancel").hidden = false;
  $("har-bar").value = 0;
  harProgress({ read: 0, total: file.size, entries: 0 });
  document.body.dataset.har = "reading";
  freshWorker().postMessage({ type: "analyze", file, lang: state.i18n.lang });
  state.workerJob = "analyze";
}

function harProgress(m) {
  const { name } = state.harFile;
  say($("har-progress-text"), () =>
    state.i18n.plural("web_har_reading", m.entries, {
      name,
      read: state.i18n.size(m.read),
      total: state.i18n.size(m.total),
    }),
  );
}

function onWorker(e) {
  const m = e.data;
  // A replaced worker's last words are not about the file on the page.
  if (e.target !== state.worker) return;
  if (m.type === "unavailable") {
    // The warm-up found that the engine cannot load. A worker that has a file already answers
    // for it next (an `engine` error); one that has none just goes.
    if (!state.workerJob) dropWorker(e.target);
    return;
  }
  if (m.type === "done" || m.type === "error") state.workerJob = null;
  if (m.type === "error" && m.code === "engine") dropWorker(e.target);
  if (m.type === "progress" && m.kind === "analyze") {
    const percent = m.total ? (100 * m.read) / m.total : 0;
    $("har-bar").value = percent;
    harProgress(m);
    document.body.dataset.harPercent = String(Math.round(percent));
  } else if (m.type === "progress" && m.kind === "sanitize") {
    const percent = m.total ? Math.round((100 * m.read) / m.total) : 0;
    say($("har-sanitize-note"), () => state.i18n.t("web_har_sanitizing", { percent: state.i18n.number(percent) }));
  } else if (m.type === "done" && m.kind === "analyze") {
    $("har-bar").value = 100;
    $("har-cancel").hidden = true;
    state.harDone = m;
    document.body.dataset.harEntries = String(m.entries);
    say($("har-progress-text"), () =>
      toAnswer(
        state.i18n.plural("web_har_done", m.entries, {
          size: state.i18n.size(m.size),
          seconds: state.i18n.seconds(m.ms / 1000),
        }),
      ),
    );
    const entry = { report: m.report, source: "web_report_from_har", name: "har" };
    state.reports.set("har-report", entry);
    showReport("har-report", entry);
    answerNow("har", "web_report_from_har", state.harAt);
    $("har-sanitize").hidden = false;
    $("har-sanitize-button").disabled = false;
    document.body.dataset.har = "done";
    if (document.body.dataset.answer === "har") showAnswer();
  } else if (m.type === "done" && m.kind === "sanitize") {
    const name = `${state.harFile.name.replace(/\.har$/i, "")}.sanitized.har`;
    saveBlob(m.blob, name);
    $("har-sanitize-button").disabled = false;
    const s = m.stats;
    say($("har-sanitize-note"), () => sanitizedText(s));
    document.body.dataset.sanitize = "done";
  } else if (m.type === "error") {
    workerFailed(m.kind, m.code);
  }
}

/** The HAR worker's `job` ("analyze" or "sanitize") ended without a result, for `code`. */
function workerFailed(job, code) {
  if (job === "sanitize") {
    $("har-sanitize-button").disabled = false;
    say($("har-sanitize-note"), () => state.i18n.t(`web_har_error_${code}`, { name: state.harFile.name }));
    document.body.dataset.sanitize = "error";
  } else {
    harError(code);
  }
}

/** What the sanitized copy lost, counted by kind, in this language's plural forms; only the
 *  kinds that were there. */
function sanitizedText(s) {
  const { i18n } = state;
  const parts = [
    ["cookies", s.cookies],
    ["headers", s.headers],
    ["bodies", s.requestBodies + s.responseBodies],
    ["values", s.queryValues + s.strings],
  ]
    .filter(([, n]) => n > 0)
    .map(([part, n]) => i18n.plural(`web_har_removed_${part}`, n));
  return parts.length
    ? i18n.t("web_har_sanitized", { removed: i18n.list(parts) })
    : i18n.t("web_har_sanitized_nothing");
}

/** A file that could not be read: what is wrong with it, in words, and (unless it was only
 *  cut short or too large) how to save a HAR file in Chrome and Firefox. */
function harError(code) {
  $("har-cancel").hidden = true;
  $("har-bar").value = 0;
  $("har-progress").hidden = true;
  say($("har-progress-text"), null);
  const box = $("har-error");
  box.dataset.code = code;
  const name = state.harFile ? state.harFile.name : "";
  say(box, () => {
    const nodes = [el("p", { text: state.i18n.t(`web_har_error_${code}`, { name }) })];
    // How to save a HAR again helps only where the file is at fault.
    if (code !== "too_large" && code !== "engine") {
      const how = el("ul", { class: "how-steps" });
      for (const key of ["web_har_how_chrome", "web_har_how_firefox"])
        how.append(el("li", { text: state.i18n.t(key) }));
      nodes.push(how);
    }
    return nodes;
  });
  box.hidden = false;
  document.body.dataset.har = "error";
}

// The extension bridge: Chrome's externally_connectable lets an allow-listed page message the
// extension. Nothing is asked until the person says yes.

function extensionRuntime() {
  const rt = globalThis.chrome?.runtime;
  return rt && typeof rt.sendMessage === "function" ? rt : null;
}

function wireExtension() {
  const ids = state.config.extensionIds || [];
  if (!ids.length || !extensionRuntime()) return;
  $("extension").hidden = false;
  $("ext-consent").addEventListener("click", async () => {
    $("ext-consent").disabled = true;
    const at = Date.now();
    const reports = await askExtension(ids);
    $("ext-consent").disabled = false;
    for (const id of [...state.answers.keys()].filter((k) => k.startsWith("extension-"))) {
      state.answers.get(id).wrapper.remove();
      state.answers.delete(id);
      state.reports.delete(`ext-report-${id.slice("extension-".length)}`);
    }
    layoutAnswers();
    const note = $("ext-note");
    if (reports === null) {
      say(note, () => state.i18n.t("web_ext_none"));
      return;
    }
    if (!reports.length) {
      say(note, () => state.i18n.t("web_ext_empty"));
      return;
    }
    let shown = 0;
    reports.forEach((tab, i) => {
      let report;
      try {
        // The engine re-renders it in the page's language; a report it cannot read is skipped.
        report = state.cm.render(tab.report, state.i18n.lang);
      } catch (e) {
        console.warn("chatmedic: a report from the extension could not be read", e);
        return;
      }
      const id = `ext-report-${i}`;
      $("summary").append(el("div", { class: "answer", "data-answer": `extension-${i}` }, el("div", { id })));
      const entry = { report, source: "web_report_from_extension", name: `extension-${i}` };
      state.reports.set(id, entry);
      showReport(id, entry);
      // The first tab's report is the headline; the others fold under it, in the extension's order.
      answerNow(`extension-${i}`, "web_report_from_extension", at - i);
      shown++;
    });
    say(note, () => toAnswer(state.i18n.plural("web_ext_shown", shown)));
    if (shown) showAnswer();
  });
}

/** The tab reports of the first extension that answers; null when none does. */
async function askExtension(ids) {
  const rt = extensionRuntime();
  for (const id of ids) {
    const reply = await new Promise((resolve) => {
      try {
        rt.sendMessage(id, { type: "web-bg/get-reports" }, (r) => {
          // Reading lastError marks it handled; a missing extension is not an error here.
          resolve(globalThis.chrome.runtime.lastError ? undefined : r);
        });
      } catch {
        resolve(undefined);
      }
      setTimeout(() => resolve(undefined), 3000);
    });
    if (reply === undefined) continue;
    const list = Array.isArray(reply) ? reply : reply && Array.isArray(reply.reports) ? reply.reports : [];
    return list.filter((t) => t?.report && Array.isArray(t.report.findings));
  }
  return null;
}

main();
