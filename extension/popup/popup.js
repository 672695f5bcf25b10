// The popup: the current tab's diagnosis, one plain sentence first, the fixes as buttons that
// act, the evidence on demand. All text comes from the report (rendered by the engine in the
// chosen language) or from _locales, and is set through textContent only.
import "../lib/facts.js";
import { checkSentence, outcomeOf, runChecks } from "../lib/checks.js";
import { ext } from "../lib/ext.js";
import { permissionsFor, splitFixes, withClock } from "../lib/fixes.js";
import { verdictKey } from "../lib/i18n.js";
import { getOptions, loadUiI18n } from "../lib/options.js";

const { MSG } = globalThis.chatmedicProtocol;
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

// The strings of the chosen language (lib/i18n.js); keys until they are loaded.
let t = (k) => k;
let plural = (k) => k;
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
  render(reply?.report ? reply : null);
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
  for (const id of [
    "fixes-section",
    "bisect-section",
    "reenable-section",
    "evidence-section",
    "others-section",
    "checks-section",
  ]) {
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
  const b = reply?.bisect;
  const found = b?.phase === "found" && b.tabId === tabId && b.culprit ? b.culprit : null;

  if (!reply || (!reply.service && !reply.observations)) {
    $("verdict-label").textContent = "";
    $("headline").textContent = t("popup_not_chat");
    $("explanation").textContent = "";
    app.dataset.verdict = "none";
  } else if (found) {
    // The bisect's answer is the newest thing known: the headline, the verdict and the first
    // fix all say it (never "All clear" beside "Turn off X").
    app.dataset.verdict = "your_browser";
    app.dataset.cause = "blocked_by_extension";
    $("verdict").dataset.verdict = "your_browser";
    $("verdict-label").textContent = t(verdictKey("your_browser"));
    $("headline").textContent = t("popup_bisect_found_title", {
      extension: found.name,
      service: reply.serviceName ?? "",
    });
    $("explanation").textContent = t("popup_bisect_found_detail", { extension: found.name });
  } else if (verdict === "all_clear" || !top) {
    $("verdict-label").textContent = t("ui_verdict_all_clear");
    $("headline").textContent = t("popup_all_clear", { service: reply.serviceName ?? "" });
    $("explanation").textContent = t("popup_all_clear_detail");
  } else {
    $("verdict-label").textContent = t(verdictKey(verdict));
    $("headline").textContent = top.title;
    $("explanation").textContent = top.explanation;
  }

  renderFixes(reply, found ? foundTop(found, top) : top);
  renderBisect(reply);
  renderFixState(reply);
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

// Permission requests this popup is waiting on: while one is open, the background's record of
// it is this popup's to settle, not a refusal left by a closed popup.
let asking = 0;

/**
 * Asks for `permissions` (call it inside the click: Firefox accepts permission requests only
 * there) for the fix `action`, telling the background first: Firefox may close the popup while
 * its prompt is up, and the background then carries the fix out on a grant, or the next popup
 * says it was refused. Resolves to whether they were granted.
 */
function ask(permissions, action) {
  const answer = ext.permissions.request({ permissions }).then(Boolean, () => false);
  // A fix carries its action; "find the extension" buttons their purpose.
  const about = typeof action === "string" ? { purpose: action } : { action };
  const tell = (state) =>
    ext.runtime.sendMessage({ type: MSG.UI_BG_PERMISSION, tabId, ...about, answer: state }).catch(() => {});
  asking++;
  tell("asked");
  return answer.then(async (granted) => {
    asking--;
    await tell(granted ? "granted" : "refused");
    return granted;
  });
}

/** What a refused permission meant for the fix `action` (or purpose): nothing was changed, and what was not. */
function refusedText(action) {
  const service = state?.serviceName ?? "";
  if (action === "find_extension") return t("popup_refused_find", { service });
  if (action === "find_proxy") return t("popup_refused_proxy");
  switch (action?.type) {
    case "clearSiteData":
      return t(action.cache ? "popup_refused_clear_cache" : "popup_refused_clear_cookies", { service });
    case "disableExtension":
      return t("popup_refused_disable", { extension: action.name ?? "" });
    case "bisectExtensions":
      return t("popup_refused_bisect");
    default:
      return t("popup_permission_denied");
  }
}

/** Says a refusal, and shows the fix's own steps for doing it by hand where it has some. */
function showRefused(action) {
  setStatus(refusedText(action));
  $("app").dataset.lastAction = `${typeof action === "string" ? action : action?.type}:refused`;
  const item = [...$("fixes").children].find((li) => li.querySelector(`button[data-action="${action?.type}"]`));
  const fix = item && shownFixes.get(item);
  if (fix?.steps?.length && !item.querySelector("ol")) item.append(steps(fix));
}

/** The hosts a clearing touches, for its confirmation. */
function hostsOf(action) {
  return (action.origins ?? []).map((o) => o.replace(/^https:\/\//, "")).join(", ");
}

let fixesKey = "";
// The fix each list item shows (its steps are offered when a permission is refused).
const shownFixes = new WeakMap();

function renderFixes(reply, top) {
  const list = $("fixes");
  // The background re-sends the report whenever something new comes in; when the fixes are the
  // same, the buttons stay as they are (a running countdown, the keyboard focus).
  const running = reply?.bisect?.phase === "running" && reply.bisect.tabId === tabId;
  const key = JSON.stringify([
    top?.cause,
    top?.fixes?.map((f) => [f.fix, f.title, f.action]),
    reply?.knowsExtensions,
    reply?.knowsProxy,
    running,
  ]);
  if (key === fixesKey) return;
  fixesKey = key;
  list.replaceChildren();
  // The best fixes first (the engine says how many); the rest behind "More ways to fix this".
  // A wait for a reset time is said in the reader's zone, against the reader's clock.
  const lang = document.documentElement.lang || "en";
  const clock = (fix) => withClock(fix, top, t, lang, { recorded: !!reply?.report?.recorded });
  const show = (fix, first) => {
    const shown = clock(fix);
    const item = renderFix(reply, shown, first);
    shownFixes.set(item, shown);
    return item;
  };
  const { first, more } = splitFixes(top);
  for (const [i, fix] of first.entries()) list.append(show(fix, i === 0));
  if (more.length) {
    list.append(
      el(
        "li",
        { className: "fix more-fixes" },
        el(
          "details",
          {},
          el("summary", { className: "fix-title" }, t("label_more_fixes")),
          el("ul", { className: "fix-list" }, ...more.map((fix) => show(fix, false))),
        ),
      ),
    );
  }
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
              ask(["management"], "find_extension").then((granted) =>
                granted ? load() : showRefused("find_extension"),
              );
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
              ask(["management", "proxy"], "find_proxy").then((granted) =>
                granted ? load() : showRefused("find_proxy"),
              );
            },
          },
          t("popup_find_extension_button"),
        ),
      ),
    );
  }
  // While a bisect runs, its section is the one thing to act on (Cancel); no fix starts
  // meanwhile.
  $("fixes").hidden = running;
  $("fixes-heading").hidden = running;
  $("fixes-section").hidden = list.childElementCount === 0 && !running;
}

/** The finding the popup shows once the bisect found the culprit: turning it off comes first. */
function foundTop(culprit, top) {
  const rest =
    top?.cause === "blocked_by_extension"
      ? (top.fixes ?? []).filter((f) => !["bisectExtensions", "disableExtension"].includes(f.action?.type))
      : [];
  const first = {
    fix: "bisect_culprit",
    title: t("popup_turn_off", { extension: culprit.name }),
    action: { type: "disableExtension", id: culprit.id, name: culprit.name },
  };
  return {
    cause: "blocked_by_extension",
    fixes: [first, ...rest],
    evidence: top?.cause === "blocked_by_extension" ? top.evidence : [],
  };
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
    // The button says what it does: the bisect finds the extension, it turns nothing off for good.
    const label =
      action.type === "countdown"
        ? t("popup_countdown_start", { seconds: action.seconds })
        : action.type === "bisectExtensions"
          ? t("popup_bisect_button")
          : fix.title;
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
  item.append(
    el("details", { open: first || firefoxDisable }, el("summary", { className: "fix-title" }, fix.title), ...body),
  );
  return item;
}

function renderReEnable(reply) {
  const list = $("reenable");
  list.replaceChildren();
  for (const d of reply?.disabledByUs ?? []) {
    const button = el(
      "button",
      { type: "button", dataset: { reenable: d.id } },
      t("popup_re_enable", { extension: d.name }),
    );
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

// The bisect's own section: the round of how many and what is off now while it runs (with
// Cancel, and "send your message again now" when the page does not resend it by itself), what
// it concluded once it ends (with OK to put the note away).
const BISECT_DONE_KEYS = {
  found: "popup_bisect_found",
  not_found: "popup_bisect_not_found",
  not_reproduced: "popup_bisect_not_reproduced",
  no_attempt: "popup_bisect_no_attempt",
  cancelled: "popup_bisect_cancelled",
  interrupted: "popup_bisect_interrupted",
  failed: "popup_bisect_failed",
};
const BISECT_WAIT_KEYS = {
  reload: "popup_bisect_reloading",
  page: "popup_bisect_waiting_page",
  user: "popup_bisect_repeat",
};

function renderBisect(reply) {
  const b = reply?.bisect;
  const app = $("app");
  app.dataset.bisect = b?.phase ?? "";
  app.dataset.bisectWait = b?.waiting ?? "";
  $("bisect-section").hidden = !b;
  if (!b) return;
  const names = (list) => (list ?? []).map((e) => e.name).join(", ");
  const service = reply.serviceName ?? "";
  const running = b.phase === "running";
  let text;
  let detail = "";
  if (running) {
    text = t("popup_bisect_round", { round: b.round, rounds: b.rounds });
    detail = b.off?.length ? t("popup_bisect_off_now", { extensions: names(b.off) }) : t("popup_bisect_all_on");
  } else {
    text = t(BISECT_DONE_KEYS[b.phase] ?? "popup_bisect_failed", {
      extension: b.culprit?.name ?? "",
      extensions: names(b.extensions),
      round: b.round,
      error: b.error ?? "",
    });
  }
  $("bisect-text").textContent = text;
  $("bisect-detail").textContent = detail;
  $("bisect-detail").hidden = !detail;
  const wait = running && b.waiting ? t(BISECT_WAIT_KEYS[b.waiting], { service }) : "";
  $("bisect-wait").textContent = wait;
  $("bisect-wait").hidden = !wait;
  $("bisect-wait").dataset.wait = running ? (b.waiting ?? "") : "";
  $("bisect-cancel").hidden = !running;
  $("bisect-dismiss").hidden = running;
}

/** A permission request a closed popup left unanswered, or a fix done while none was open. */
function renderFixState(reply) {
  const pending = reply?.pendingFix;
  if (pending && !asking && !pending.granted) {
    // Nobody granted it: refused, or the prompt closed with the popup. Said once.
    showRefused(pending.action ?? pending.purpose);
    const about = pending.action ? { action: pending.action } : { purpose: pending.purpose };
    ext.runtime.sendMessage({ type: MSG.UI_BG_PERMISSION, tabId, ...about, answer: "refused" }).catch(() => {});
  }
  const outcome = reply?.fixOutcome;
  if (outcome) {
    const action = outcome.action ?? {};
    if (outcome.outcome !== "done") setStatus(t("popup_failed", { error: outcome.error ?? "" }));
    else if (action.type === "clearSiteData")
      setStatus(t("popup_cleared", { service: reply.serviceName ?? "", hosts: hostsOf(action) }));
    else setStatus(t("popup_done"));
    $("app").dataset.lastAction = `${action.type}:${outcome.outcome === "done" ? "ok" : "failed"}`;
  }
}

async function bisectMessage(type) {
  await ext.runtime.sendMessage({ type, tabId }).catch(() => {});
  load();
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
    const sentence = checks.results.has(check)
      ? checkSentence(t, check, results, SENTENCE_KEYS)
      : t("web_check_pending");
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
    $("checks-status").textContent = t("popup_checks_running", {
      done: checks.results.size,
      total: POPUP_CHECKS.length,
    });
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
      if (!checks.results.has(check))
        take(check, { results: [{ check, outcome: "untested", reason: "unknown" }], observations: [] });
    }
  }
  await Promise.all(sent);
  const problems = POPUP_CHECKS.filter((c) => outcomeOf(checks.results.get(c)?.results ?? []) === "problem").length;
  $("checks-status").textContent = problems
    ? plural("popup_checks_done_problems", problems)
    : t("popup_checks_done_ok");
  checks.running = false;
  list.setAttribute("aria-busy", "false");
  $("app").dataset.checks = "done";
  button.textContent = t("popup_checks_rerun");
  button.removeAttribute("aria-disabled");
}

/** Shows the confirmation dialog; on OK asks for `permissions` (for `action`) inside that click. */
function confirmThen(title, body, okLabel, permissions, action) {
  const dialog = $("confirm");
  $("confirm-title").textContent = title;
  $("confirm-body").textContent = body;
  $("confirm-ok").textContent = okLabel;
  return new Promise((resolve) => {
    const ok = $("confirm-ok");
    const onOk = (event) => {
      event.preventDefault();
      const granted = permissions ? ask(permissions, action) : Promise.resolve(true);
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
  let r;
  try {
    r = await ext.runtime.sendMessage({ type: MSG.UI_BG_ACT, tabId, action });
  } catch (e) {
    r = { ok: false, error: String(e?.message ?? e) };
  }
  if (action.type === "bisectExtensions") {
    // Its progress is shown in its own section; "Done." would be said before anything was done.
    setStatus(r?.ok ? "" : r?.error === "busy" ? t("popup_bisect_busy") : t("popup_failed", { error: r?.error ?? "" }));
  } else if (action.type === "clearSiteData" && r?.ok) {
    setStatus(t("popup_cleared", { service: state?.serviceName ?? "", hosts: hostsOf(action) }));
  } else {
    setStatus(r?.ok ? t("popup_done") : t("popup_failed", { error: r?.error ?? "" }));
  }
  $("app").dataset.lastAction = `${action.type}:${r?.ok ? "ok" : "failed"}`;
  return r;
}

/** Confirms (when `confirm` gives the dialog's texts), asks for the permissions, then acts. */
function confirmAndSend(action, confirm) {
  const permissions = permissionsFor(action);
  const proceed = async (granted) => {
    if (!(await granted)) return showRefused(action);
    await send(action);
    load();
  };
  if (!confirm) {
    // Asked inside the click (Firefox requires it); already granted resolves at once.
    proceed(permissions ? ask(permissions, action) : true);
    return;
  }
  confirmThen(confirm.title, confirm.body, confirm.ok, permissions, action).then(({ confirmed, granted }) => {
    if (confirmed) proceed(granted);
  });
}

function onAction(fix, button) {
  const action = fix.action;
  const service = state?.serviceName ?? "";
  switch (action.type) {
    case "copySupportReport":
      copyReport();
      return;
    case "countdown":
      countdown(action.seconds, button);
      return;
    case "clearSiteData":
      // Clearing a site's cookies signs the user out of it: said, and asked, first.
      confirmAndSend(action, {
        title: t("popup_confirm_clear_title", { service }),
        body: t(action.cache ? "popup_confirm_clear_cache_body" : "popup_confirm_clear_body", {
          service,
          hosts: hostsOf(action),
        }),
        ok: t(action.cache ? "popup_confirm_clear_cache" : "popup_confirm_clear"),
      });
      return;
    case "disableExtension":
      confirmAndSend(action, {
        title: t("popup_confirm_disable_title", { extension: action.name }),
        body: t("popup_confirm_disable_body", { extension: action.name }),
        ok: t("popup_confirm_disable"),
      });
      return;
    case "bisectExtensions": {
      const plan = state?.bisectPlan;
      const names = (plan?.extensions ?? []).map((e) => e.name).join(", ");
      confirmAndSend(action, {
        title: t("popup_bisect_title", { service }),
        body: t("popup_bisect_body", { extensions: names, reloads: plan?.reloads ?? "" }),
        ok: t("popup_bisect_start"),
      });
      return;
    }
    default:
      send(action);
  }
}

function countdown(seconds, button) {
  clearInterval(countdownTimer);
  let left = Math.max(0, Math.round(seconds));
  button.disabled = true;
  setStatus(plural("popup_countdown_announce", left, { seconds: left }));
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
  const [i18n, id] = await Promise.all([loadUiI18n(opts.lang), targetTab()]);
  document.documentElement.lang = i18n.lang;
  ({ t, plural } = i18n);
  i18n.apply(document);
  tabId = id;
  $("copy-report").addEventListener("click", copyReport);
  $("run-checks").addEventListener("click", runChecksNow);
  $("retry").addEventListener("click", () => load());
  $("open-options").addEventListener("click", () => ext.runtime.openOptionsPage());
  $("bisect-cancel").addEventListener("click", () => bisectMessage(MSG.UI_BG_CANCEL_BISECT));
  $("bisect-dismiss").addEventListener("click", () => bisectMessage(MSG.UI_BG_DISMISS_BISECT));
  ext.runtime.onMessage.addListener((m) => {
    if (m && m.type === MSG.BG_UI_REPORT_CHANGED && m.tabId === tabId) load();
  });
  await load();
}

main();
