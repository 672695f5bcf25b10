// The popup: the current tab's diagnosis, one plain sentence first, the fixes as buttons that
// act, the evidence on demand. All text comes from the report (rendered by the engine in the
// chosen language) or from _locales, and is set through textContent only.
import "../lib/protocol.js";
import { ext } from "../lib/ext.js";
import { getOptions, resolveLang } from "../lib/options.js";
import { loadMessages, translator, renderI18n, verdictKey } from "../lib/i18n.js";
import { runChecks, outcomeOf, checkSentence } from "../lib/checks.js";

const { MSG } = globalThis.chatmedicProtocol;
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

let t = (k) => k;
let tabId = null;
let state = null;
let countdownTimer = 0;
let renderedOnce = false;
// Replies to get-report can overlap (every change in the tab asks again): a reply is shown
// only if no reply to a later request has been shown, so an older diagnosis never replaces a
// newer one. The background answers the popup's requests in the order they came.
let requested = 0;
let shown = 0;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "dataset") Object.assign(node.dataset, v);
    else if (k in node) node[k] = v;
    else node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function setStatus(text) {
  $("action-status").textContent = text;
}

async function targetTab() {
  if (params.has("tab")) return Number(params.get("tab"));
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

async function load() {
  if (tabId === null) return render(null);
  const request = ++requested;
  const ask = () => ext.runtime.sendMessage({ type: MSG.UI_BG_GET_REPORT, tabId });
  let reply;
  try {
    reply = await ask();
  } catch {
    // The worker was stopped while it answered ("message port closed"): the next message starts
    // it again. Asked once more before saying anything failed.
    await new Promise((r) => setTimeout(r, 200));
    try {
      reply = await ask();
    } catch (e) {
      reply = { ok: false, error: String(e?.message ?? e) };
    }
  }
  if (request < shown) return;
  shown = request;
  if (reply && reply.ok === false) return renderFailure(reply.error);
  render(reply && reply.report ? reply : null);
}

/** chatmedic itself failed (its engine panicked, or the background could not answer). */
function renderFailure(error) {
  state = null;
  fixesKey = "";
  const app = $("app");
  app.dataset.verdict = "error";
  app.dataset.cause = "";
  $("verdict").dataset.verdict = "unclear";
  $("verdict-label").textContent = "";
  $("headline").textContent = t("popup_engine_failed");
  $("explanation").textContent = t("popup_engine_failed_detail");
  $("error-text").textContent = String(error ?? "");
  $("error-section").hidden = !error;
  $("retry-row").hidden = false;
  for (const id of ["fixes-section", "reenable-section", "evidence-section", "others-section", "checks-section"]) {
    $(id).hidden = true;
  }
  $("copy-report").hidden = true;
  app.setAttribute("aria-busy", "false");
}

function render(reply) {
  state = reply;
  $("error-section").hidden = true;
  $("retry-row").hidden = true;
  const app = $("app");
  const report = reply?.report;
  const top = report?.findings?.[0];
  const verdict = report?.verdict ?? "all_clear";
  app.dataset.verdict = verdict;
  app.dataset.cause = top?.cause ?? "";
  $("verdict").dataset.verdict = verdict;
  $("service").textContent = reply?.serviceName ?? "";

  if (!reply || (!reply.service && !reply.observations)) {
    $("verdict-label").textContent = "";
    $("headline").textContent = t("popup_not_chat");
    $("explanation").textContent = "";
    app.dataset.verdict = "none";
  } else if (verdict === "all_clear" || !top) {
    $("verdict-label").textContent = t("ui_verdict_all_clear");
    $("headline").textContent = t("popup_all_clear", { service: reply.serviceName ?? "" });
    $("explanation").textContent = t("popup_all_clear_detail");
  } else {
    $("verdict-label").textContent = t(verdictKey(verdict));
    $("headline").textContent = top.title;
    $("explanation").textContent = top.explanation;
  }

  renderFixes(reply, top);
  renderReEnable(reply);
  renderEvidence(top);
  renderOthers(report);
  renderNotes(report);
  renderChecksSection(reply);
  $("copy-report").hidden = !report || verdict === "all_clear";
  app.dataset.seq = String(reply?.seq ?? "");
  app.setAttribute("aria-busy", "false");
  if (!renderedOnce) {
    renderedOnce = true;
    // Time from the popup's navigation start to the diagnosis on screen (./build.sh bench).
    document.body.dataset.renderMs = performance.now().toFixed(1);
  }
}

function fixNeedsPermissions(action) {
  switch (action?.type) {
    case "clearSiteData":
      return ["browsingData", "cookies"];
    case "disableExtension":
    case "bisectExtensions":
      return ["management"];
    default:
      return null;
  }
}

let fixesKey = "";

function renderFixes(reply, top) {
  const list = $("fixes");
  // The background re-sends the report whenever something new comes in; when the fixes are the
  // same, the buttons stay as they are (a running countdown, the keyboard focus).
  const key = JSON.stringify([
    top?.cause,
    top?.fixes?.map((f) => [f.fix, f.title, f.action]),
    reply?.knowsExtensions,
    reply?.knowsProxy,
  ]);
  if (key === fixesKey) {
    if (reply?.bisect) renderBisect(reply.bisect);
    return;
  }
  fixesKey = key;
  list.replaceChildren();
  const fixes = top?.fixes ?? [];
  fixes.forEach((fix, i) => list.append(renderFix(reply, fix, i === 0)));
  // Blocked by an extension we cannot name yet: knowing the extensions needs `management`.
  if (top?.cause === "blocked_by_extension" && !reply.knowsExtensions && ext.permissions) {
    list.append(
      el(
        "li",
        { className: "fix", dataset: { fix: "find_extension" } },
        el("p", { className: "fix-title" }, t("popup_find_extension")),
        el("p", {}, t("popup_find_extension_hint")),
        el(
          "button",
          {
            type: "button",
            className: "act",
            onclick: () => {
              // Requested inside the click: Firefox accepts permission requests only there.
              ext.permissions.request({ permissions: ["management"] }).then((granted) => {
                if (!granted) setStatus(t("popup_permission_denied"));
                else load();
              });
            },
          },
          t("popup_find_extension_button"),
        ),
      ),
    );
  }
  // A proxy or VPN in the way: Chrome can tell which extension controls the proxy setting once
  // chatmedic may read that setting and the extension list.
  if (top?.cause === "proxy_or_vpn" && reply.flavor === "chrome" && !reply.knowsProxy && ext.permissions) {
    list.append(
      el(
        "li",
        { className: "fix", dataset: { fix: "find_proxy_extension" } },
        el("p", { className: "fix-title" }, t("popup_find_proxy")),
        el(
          "button",
          {
            type: "button",
            className: "act",
            onclick: () => {
              ext.permissions.request({ permissions: ["management", "proxy"] }).then((granted) => {
                if (!granted) setStatus(t("popup_permission_denied"));
                else load();
              });
            },
          },
          t("popup_find_extension_button"),
        ),
      ),
    );
  }
  $("fixes-section").hidden = list.childElementCount === 0;
  if (reply?.bisect) renderBisect(reply.bisect);
}

function steps(fix) {
  return el("ol", {}, ...fix.steps.map((s) => el("li", {}, s)));
}

// A fix the extension can carry out is a button; one it cannot is a disclosure with the steps
// (the first one open), so the popup stays short and every step is a click away.
function renderFix(reply, fix, first) {
  const item = el("li", { className: "fix", dataset: { fix: fix.fix } });
  const action = fix.action;
  const firefoxDisable = action?.type === "disableExtension" && !reply.canDisableExtensions;
  const noBisect = action?.type === "bisectExtensions" && !reply.canBisect;
  if (action && !firefoxDisable && !noBisect) {
    const label =
      action.type === "countdown" ? t("popup_countdown_start", { seconds: action.seconds }) : fix.title;
    const button = el("button", { type: "button", className: "act", dataset: { action: action.type } }, label);
    button.addEventListener("click", () => onAction(fix, button));
    item.append(button);
    return item;
  }
  const body = [];
  if (firefoxDisable || noBisect) body.push(el("p", {}, t("popup_firefox_steps")));
  if (fix.steps?.length) body.push(steps(fix));
  if (!body.length) {
    item.append(el("p", { className: "fix-title" }, fix.title));
    return item;
  }
  item.append(el("details", { open: first || firefoxDisable }, el("summary", { className: "fix-title" }, fix.title), ...body));
  return item;
}

function renderReEnable(reply) {
  const list = $("reenable");
  list.replaceChildren();
  for (const d of reply?.disabledByUs ?? []) {
    const button = el("button", { type: "button", dataset: { reenable: d.id } }, t("popup_re_enable", { extension: d.name }));
    button.addEventListener("click", async () => {
      button.disabled = true;
      const r = await ext.runtime.sendMessage({ type: MSG.UI_BG_RE_ENABLE, tabId, id: d.id });
      setStatus(r?.ok ? t("popup_done") : t("popup_failed", { error: r?.error ?? "" }));
      load();
    });
    list.append(el("li", {}, button));
  }
  $("reenable-section").hidden = list.childElementCount === 0;
}

function renderBisect(b) {
  const text =
    b.phase === "running"
      ? t("popup_bisect_running", { round: b.round + 1 })
      : b.phase === "found"
        ? t("popup_bisect_found", { extension: b.culprit?.name ?? "" })
        : b.phase === "not_found"
          ? t("popup_bisect_not_found")
          : t("popup_failed", { error: "bisect" });
  $("app").dataset.bisect = b.phase;
  setStatus(text);
  // The culprit found: turning it off is one more click (with the usual confirmation).
  const list = $("fixes");
  const existing = list.querySelector('li[data-fix="bisect_culprit"]');
  if (b.phase === "found" && b.culprit && state?.canDisableExtensions && !existing) {
    const fix = {
      fix: "bisect_culprit",
      title: t("popup_turn_off", { extension: b.culprit.name }),
      action: { type: "disableExtension", id: b.culprit.id, name: b.culprit.name },
    };
    list.prepend(renderFix(state, fix, true));
    $("fixes-section").hidden = false;
  }
}

function renderEvidence(top) {
  const list = $("evidence");
  list.replaceChildren(...(top?.evidence ?? []).map((e) => el("li", {}, e.summary)));
  $("evidence-section").hidden = list.childElementCount === 0;
}

// What looked odd but broke nothing (a blocked tracker, a socket that dropped once): said under
// the verdict, never as a finding.
function renderNotes(report) {
  const notes = report?.notes ?? [];
  $("notes").replaceChildren(...notes.map((n) => el("li", { dataset: { note: n.note } }, n.text)));
  $("notes-section").hidden = notes.length === 0;
}

function renderOthers(report) {
  const rest = report?.findings?.slice(1) ?? [];
  $("others").replaceChildren(...rest.map((f) => el("li", { dataset: { cause: f.cause } }, f.title)));
  $("others-section").hidden = rest.length === 0;
}

// "Run checks": the in-browser checks (lib/checks.js, the help page's) for this tab's service,
// run here in the popup with the wasm probes, each row shown as it comes in; what they observe
// goes to the background, which adds it to the tab's diagnosis. The checks the popup cannot run
// meaningfully are skipped: the WebSocket check needs an echo endpoint the services do not have
// (the page hook sees the chat's own sockets), third-party cookies need a second test site, and
// the ad-block bait means nothing in an extension page, which other extensions do not filter.
const POPUP_CHECKS = ["online", "reach", "clock", "cookies", "storage", "browserVersion"];
const SKIP = ["websocket", "thirdPartyCookies", "adblock"];
const GLYPH = { pass: "✓", problem: "!", untested: "–", pending: "…" };
// Other extensions never see an extension's own requests: a host that failed at once from the
// popup was refused before the network (DNS filter, policy, security software), not by an
// extension as the page's sentence says, and the engine is told so too (a reach failure whose
// detail says "blocked" would read as an extension blocking the service).
const SENTENCE_KEYS = { web_check_reach_blocked: "popup_check_reach_blocked" };
function asSeenFromPopup(o) {
  if (o.kind !== "probe" || o.name !== "reach" || typeof o.detail !== "string") return o;
  return { ...o, detail: o.detail.replace(/^blocked in the browser/, "refused before the network") };
}
let checks = null;

function renderChecksSection(reply) {
  const service = reply?.service;
  $("checks-section").hidden = !service;
  if (!service) return;
  $("checks-intro").textContent = t("popup_checks_intro", { service: reply.serviceName ?? "" });
}

function checkName(check) {
  return check === "reach" ? t("popup_check_reach", { service: checks?.serviceName ?? "" }) : t(`web_check_${check}`);
}

function renderCheckRows() {
  const rows = POPUP_CHECKS.map((check) => {
    const results = checks.results.get(check)?.results ?? [];
    const outcome = checks.results.has(check) ? outcomeOf(results) : "pending";
    const sentence = checks.results.has(check) ? checkSentence(t, check, results, SENTENCE_KEYS) : t("web_check_pending");
    return el(
      "li",
      { className: "check", dataset: { check, outcome } },
      el("span", { className: `glyph ${outcome}`, "aria-hidden": "true" }, GLYPH[outcome]),
      el(
        "p",
        { className: "check-text" },
        el("span", { className: "check-name" }, `${checkName(check)}: `),
        el("span", { className: `outcome ${outcome}` }, `${t(`web_outcome_${outcome}`)}. `),
        el("span", { className: "sentence" }, sentence),
      ),
    );
  });
  $("check-list").replaceChildren(...rows);
}

async function runChecksNow() {
  const service = state?.service;
  if (!service || tabId === null || checks?.running) return;
  const button = $("run-checks");
  const list = $("check-list");
  const run = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  checks = { run, running: true, results: new Map(), serviceName: state.serviceName ?? "" };
  // aria-disabled, not disabled: a disabled button would drop the keyboard focus to the page.
  button.setAttribute("aria-disabled", "true");
  list.setAttribute("aria-busy", "true");
  $("app").dataset.checks = "running";
  const progress = () => {
    $("checks-status").textContent = t("popup_checks_running", { done: checks.results.size, total: POPUP_CHECKS.length });
  };
  progress();
  renderCheckRows();
  const sent = [];
  const take = (check, output) => {
    if (checks?.run !== run) return;
    checks.results.set(check, output);
    renderCheckRows();
    progress();
    // Each check's observations go as they come, so a popup closed half-way loses nothing.
    if (output.observations.length) {
      const observations = output.observations.map(asSeenFromPopup);
      sent.push(ext.runtime.sendMessage({ type: MSG.UI_BG_CHECKED, tabId, run, observations }).catch(() => undefined));
    }
  };
  try {
    // Loaded on the first click: opening the popup does not wait for the wasm module.
    const { engine } = await import("../lib/engine.js");
    const w = await engine;
    const targets = w.reachTargets().filter((x) => x.service === service);
    await runChecks(w, { clockUrl: targets[0]?.url ?? null }, take, { service, skip: SKIP });
  } catch (e) {
    // The engine could not load here: every check not yet done could not be tested.
    console.warn("chatmedic: checks", e);
    for (const check of POPUP_CHECKS) {
      if (!checks.results.has(check)) take(check, { results: [{ check, outcome: "untested", reason: "unknown" }], observations: [] });
    }
  }
  await Promise.all(sent);
  const problems = POPUP_CHECKS.filter((c) => outcomeOf(checks.results.get(c)?.results ?? []) === "problem").length;
  $("checks-status").textContent = problems ? t.plural("popup_checks_done_problems", problems) : t("popup_checks_done_ok");
  checks.running = false;
  list.setAttribute("aria-busy", "false");
  $("app").dataset.checks = "done";
  button.textContent = t("popup_checks_rerun");
  button.removeAttribute("aria-disabled");
}

/** Shows the confirmation dialog; on OK asks for `permissions` inside that click. */
function confirmThen(title, body, okLabel, permissions) {
  const dialog = $("confirm");
  $("confirm-title").textContent = title;
  $("confirm-body").textContent = body;
  $("confirm-ok").textContent = okLabel;
  return new Promise((resolve) => {
    const ok = $("confirm-ok");
    const onOk = (event) => {
      event.preventDefault();
      const granted = permissions ? ext.permissions.request({ permissions }) : Promise.resolve(true);
      dialog.close("ok");
      resolve({ confirmed: true, granted });
    };
    ok.addEventListener("click", onOk, { once: true });
    dialog.addEventListener(
      "close",
      () => {
        ok.removeEventListener("click", onOk);
        if (dialog.returnValue !== "ok") resolve({ confirmed: false });
      },
      { once: true },
    );
    dialog.returnValue = "";
    dialog.showModal();
  });
}

async function send(action) {
  setStatus(t("popup_working"));
  const r = await ext.runtime.sendMessage({ type: MSG.UI_BG_ACT, tabId, action });
  setStatus(r?.ok ? t("popup_done") : t("popup_failed", { error: r?.error ?? "" }));
  $("app").dataset.lastAction = `${action.type}:${r?.ok ? "ok" : "failed"}`;
  return r;
}

function onAction(fix, button) {
  const action = fix.action;
  const permissions = fixNeedsPermissions(action);
  switch (action.type) {
    case "copySupportReport":
      copyReport();
      return;
    case "countdown":
      countdown(action.seconds, button);
      return;
    case "clearSiteData": {
      // Asked inside the click (Firefox requires it); already granted resolves at once.
      ext.permissions.request({ permissions }).then(async (granted) => {
        if (!granted) return setStatus(t("popup_permission_denied"));
        await send(action);
      });
      return;
    }
    case "disableExtension":
      confirmThen(
        t("popup_confirm_disable_title", { extension: action.name }),
        t("popup_confirm_disable_body", { extension: action.name }),
        t("popup_confirm_disable"),
        permissions,
      ).then(async ({ confirmed, granted }) => {
        if (!confirmed) return;
        if (!(await granted)) return setStatus(t("popup_permission_denied"));
        await send(action);
        load();
      });
      return;
    case "bisectExtensions":
      confirmThen(t("popup_bisect_title"), t("popup_bisect_body"), t("popup_bisect_start"), permissions).then(
        async ({ confirmed, granted }) => {
          if (!confirmed) return;
          if (!(await granted)) return setStatus(t("popup_permission_denied"));
          await send(action);
          load();
        },
      );
      return;
    default:
      send(action);
  }
}

function countdown(seconds, button) {
  clearInterval(countdownTimer);
  let left = Math.max(0, Math.round(seconds));
  button.disabled = true;
  setStatus(t.plural("popup_countdown_announce", left, { seconds: left }));
  const tick = () => {
    button.textContent = t("popup_countdown", { seconds: left });
    button.dataset.left = String(left);
    if (left <= 0) {
      clearInterval(countdownTimer);
      button.disabled = false;
      button.textContent = t("popup_retry_now");
      setStatus(t("popup_retry_ready"));
      button.onclick = () => send({ type: "hardReload" });
      return;
    }
    left--;
  };
  tick();
  countdownTimer = setInterval(tick, 1000);
}

async function copyReport() {
  const text = state?.report?.supportSummary ?? "";
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    // Older engines, or no focus: the selection route.
    const area = el("textarea", { value: text, readOnly: true });
    document.body.append(area);
    area.select();
    ok = document.execCommand("copy");
    area.remove();
  }
  document.body.dataset.copied = ok ? "true" : "false";
  setStatus(ok ? t("popup_copied") : t("popup_copy_failed"));
}

async function main() {
  const opts = await getOptions();
  const lang = resolveLang(opts.lang);
  document.documentElement.lang = lang;
  const [messages, id] = await Promise.all([loadMessages(lang), targetTab()]);
  t = translator(messages, lang);
  renderI18n(document, t);
  tabId = id;
  $("copy-report").addEventListener("click", copyReport);
  $("run-checks").addEventListener("click", runChecksNow);
  $("retry").addEventListener("click", () => load());
  $("open-options").addEventListener("click", () => ext.runtime.openOptionsPage());
  ext.runtime.onMessage.addListener((m) => {
    if (m && m.type === MSG.BG_UI_REPORT_CHANGED && m.tabId === tabId) load();
  });
  await load();
}

main();
