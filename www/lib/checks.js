// Runs the in-browser checks (Rust, src/web/probe.rs) and the status fetches (src/web/status.rs)
// and hands each result to the caller as it arrives, so the first rows show at once.

/** The services in display order, with their names (not translated). */
export const SERVICES = [
  ['chatgpt', 'ChatGPT'],
  ['claude', 'Claude'],
  ['gemini', 'Gemini'],
  ['copilot', 'Microsoft Copilot'],
  ['perplexity', 'Perplexity'],
  ['openai_api', 'OpenAI API'],
  ['anthropic_api', 'Anthropic API'],
];

/** The check rows, in display order. */
export const CHECKS = ['online', 'reach', 'websocket', 'cookies', 'storage', 'thirdPartyCookies', 'clock', 'browserVersion', 'adblock'];

/** Time limits, in ms. */
export const LIMITS = { reach: 5000, websocket: 5000, clock: 4000, thirdPartyCookies: 4000, adblock: 3000, status: 6000 };

/**
 * Runs the checks. `onResult(check, output)` is called once per check row with
 * `{results, observations}`. `only` limits the reach check to one service (the widget).
 * Resolves to every observation once all checks are done.
 */
export async function runChecks(cm, config, onResult, { service = null, probeBase = null, skip = [] } = {}) {
  const observations = [];
  const take = (check, output) => {
    observations.push(...output.observations);
    onResult(check, output);
  };
  const untested = (check, reason) => ({ results: [{ check, outcome: 'untested', reason }], observations: [] });
  const safely = async (check, run) => {
    try {
      take(check, await run());
    } catch (e) {
      // A check that throws could not run here; it says so rather than failing the page.
      console.warn(`chatmedic: the ${check} check could not run`, e);
      take(check, untested(check, 'unknown'));
    }
  };

  // The instant ones first: they are what shows within the first second.
  for (const [check, fn] of [
    ['online', cm.checkOnline],
    ['cookies', cm.checkCookies],
    ['storage', cm.checkStorage],
    ['browserVersion', cm.checkBrowser],
  ]) {
    if (!skip.includes(check)) await safely(check, async () => fn());
  }

  let targets = cm.reachTargets(probeBase || undefined);
  if (service) targets = targets.filter((t) => t.service === service);
  const slow = [safely('reach', () => cm.checkReach(targets, LIMITS.reach))];
  if (!skip.includes('websocket')) slow.push(safely('websocket', () => cm.checkWebSocket(config.websocketUrl || undefined, LIMITS.websocket)));
  if (!skip.includes('clock') && config.clockUrl) {
    slow.push(safely('clock', () => cm.checkClock(new URL(config.clockUrl, location.href).href, LIMITS.clock)));
  }
  if (!skip.includes('thirdPartyCookies')) {
    slow.push(safely('thirdPartyCookies', () => cm.checkThirdPartyCookies(config.thirdPartyOrigin || undefined, LIMITS.thirdPartyCookies)));
  }
  if (!skip.includes('adblock')) {
    const bait = config.baitUrl ? new URL(config.baitUrl, location.href).href : undefined;
    slow.push(safely('adblock', () => cm.checkAdblock(bait, LIMITS.adblock)));
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
        result = { service: id, state: 'unreachable', observation: null, pageUrl: null };
      }
      if (result.observation) observations.push(result.observation);
      onStatus(result);
    }),
  );
  return observations;
}
