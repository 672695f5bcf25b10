// The in-browser checks, run by the extension's popup ("Run checks") and by the help page and its
// widget (build.sh copies this file into dist/www/lib/shared/). It drives the wasm probes
// (src/web/probe.rs) and the status fetches (src/web/status.rs), hands each result to the caller
// as it arrives so the first rows show at once, and turns a check's results into the one sentence
// a row shows. No browser-extension API here: `cm` is the engine, `t(key, params)` a translator.
import "./facts.js";

/** The services in display order, with their names (not translated), from the engine's catalogue. */
export const SERVICES = globalThis.chatmedicFacts.services.map((s) => [s.id, s.name]);

/** The check rows, in display order. */
export const CHECKS = [
  "online",
  "reach",
  "websocket",
  "cookies",
  "storage",
  "thirdPartyCookies",
  "clock",
  "browserVersion",
  "adblock",
];

/** Time limits, in ms. */
export const LIMITS = {
  reach: 5000,
  websocket: 5000,
  clock: 4000,
  thirdPartyCookies: 4000,
  adblock: 3000,
  status: 6000,
};

/**
 * Runs the checks. `onResult(check, output)` is called once per check row with
 * `{results, observations}`. `service` limits the reach check to one service's hosts (the
 * widget, the popup); `skip` names checks not to run. `config.clockUrl` is the URL whose `Date`
 * header the clock is compared with (no clock check without one). Resolves to every observation
 * once all checks are done.
 */
export async function runChecks(cm, config, onResult, { service = null, probeBase = null, skip = [] } = {}) {
  const observations = [];
  const take = (check, output) => {
    observations.push(...output.observations);
    onResult(check, output);
  };
  const untested = (check, reason) => ({ results: [{ check, outcome: "untested", reason }], observations: [] });
  const safely = async (check, run) => {
    try {
      take(check, await run());
    } catch (e) {
      // A check that throws could not run here; it says so rather than failing the page.
      console.warn(`chatmedic: the ${check} check could not run`, e);
      take(check, untested(check, "unknown"));
    }
  };

  // The instant ones first: they are what shows within the first second.
  for (const [check, fn] of [
    ["online", "checkOnline"],
    ["cookies", "checkCookies"],
    ["storage", "checkStorage"],
    ["browserVersion", "checkBrowser"],
  ]) {
    if (!skip.includes(check)) await safely(check, async () => cm[fn]());
  }

  const slow = [];
  if (!skip.includes("reach")) {
    slow.push(
      safely("reach", () => {
        let targets = cm.reachTargets(probeBase || undefined);
        if (service) targets = targets.filter((t) => t.service === service);
        return cm.checkReach(targets, LIMITS.reach);
      }),
    );
  }
  if (!skip.includes("websocket"))
    slow.push(safely("websocket", () => cm.checkWebSocket(config.websocketUrl || undefined, LIMITS.websocket)));
  if (!skip.includes("clock") && config.clockUrl) {
    slow.push(safely("clock", () => cm.checkClock(new URL(config.clockUrl, location.href).href, LIMITS.clock)));
  }
  if (!skip.includes("thirdPartyCookies")) {
    slow.push(
      safely("thirdPartyCookies", () =>
        cm.checkThirdPartyCookies(config.thirdPartyOrigin || undefined, LIMITS.thirdPartyCookies),
      ),
    );
  }
  if (!skip.includes("adblock")) {
    const bait = config.baitUrl ? new URL(config.baitUrl, location.href).href : undefined;
    slow.push(safely("adblock", () => cm.checkAdblock(bait, LIMITS.adblock)));
  }
  await Promise.all(slow);
  return observations;
}

/**
 * Fetches every service's status (or one service's), calling `onStatus(result)` as each
 * arrives: `{service, name, pageUrl, state, observation}` with state `ok`, `unreachable` or
 * `link_only`.
 */
export async function runStatus(cm, onStatus, { service = null, statusBase = null } = {}) {
  const list = service ? SERVICES.filter(([id]) => id === service) : SERVICES;
  const observations = [];
  await Promise.all(
    list.map(async ([id]) => {
      let result;
      try {
        result = await cm.fetchStatus(id, statusBase || undefined, LIMITS.status);
      } catch (e) {
        console.warn(`chatmedic: status of ${id}`, e);
        result = { service: id, state: "unreachable", observation: null, pageUrl: null };
      }
      if (result.observation) observations.push(result.observation);
      onStatus(result);
    }),
  );
  return observations;
}

/** A check's outcome over its results: `problem` if any, `untested` if all, else `pass`. */
export function outcomeOf(results) {
  if (!results.length) return "pending";
  if (results.some((r) => r.outcome === "problem")) return "problem";
  if (results.every((r) => r.outcome === "untested")) return "untested";
  return "pass";
}

/** The placeholders a single result's sentence may use. */
export function sentenceParams(r) {
  const v = r.value ?? "";
  const seconds = v !== "" && !Number.isNaN(Number(v)) ? Math.abs(Number(v)) : v;
  return { ms: r.ms ?? "", value: v, code: v, seconds, browser: v };
}

/**
 * A check's results in one sentence (`web_check_<check>_<reason>`); the reach check names its
 * hosts by what went wrong with them, or says they all answered. `keys` replaces sentence keys
 * where a context words a result differently (`{web_check_reach_blocked: "popup_…"}`).
 */
export function checkSentence(t, check, results, keys = {}) {
  const key = (k) => keys[k] ?? k;
  if (check !== "reach") {
    const r = results[0];
    return r ? t(key(`web_check_${check}_${r.reason}`), sentenceParams(r)) : "";
  }
  const sentences = [];
  for (const reason of ["blocked", "timeout", "failed", "isolated", "offline", "unknown"]) {
    const hosts = results.filter((r) => r.reason === reason).map((r) => r.target);
    if (hosts.length) sentences.push(t(key(`web_check_reach_${reason}`), { hosts: hosts.join(", "), n: hosts.length }));
  }
  if (sentences.length) return sentences.join(" ");
  const times = results.map((r) => r.ms).filter((m) => typeof m === "number");
  const slowest = times.length ? Math.max(...times) : 0;
  // The popup checks one service (one host for an API): "The service host answered".
  return t.plural
    ? t.plural("web_check_reach_ok", results.length, { ms: slowest })
    : t("web_check_reach_ok", { n: results.length, ms: slowest });
}
