// The fixes the popup asks for, carried out by the background: reload, open a link, clear a
// service's cookies (host by host) and site data, turn an extension off and back on; and the
// permission requests still waiting for the user's answer. Firefox may close the popup while its
// permission prompt is up, so the popup tells the background what it asked for before the
// answer comes: a grant that arrives with no popup left carries the fix out here, a refusal is
// said the next time the popup opens.

import { engine } from "../lib/engine.js";
import { ext } from "../lib/ext.js";
import { permissionsFor } from "../lib/fixes.js";
import * as quirks from "../lib/quirks.js";

const PENDING_KEY = "pendingFix";
const OUTCOME_KEY = "fixOutcome";
// A permission request older than this is forgotten (the popup that asked is long gone).
const PENDING_TTL_MS = 10 * 60 * 1000;
// A grant that arrives while the popup is still open is carried out by the popup's own request;
// the background waits this long for it before acting on its own.
const GRANT_GRACE_MS = 1500;

let deps = null;

/**
 * Wires the module to the background: `onExtensionsChanged()` drops cached extension lists,
 * `notify(tabId)` tells open popups the tab's state changed, `bisect` is the bisect module
 * (started by the `bisectExtensions` action; told when its culprit is turned off).
 */
export function configureFixes(d) {
  deps = d;
}

/** Carries out a fix for the chat tab `tabId`; the reply is an ActResult. */
export async function act(tabId, action) {
  await takePending(tabId);
  switch (action?.type) {
    case "hardReload":
      await ext.tabs.reload(tabId, { bypassCache: true });
      return { ok: true };
    case "openUrl": {
      const url = new URL(action.url);
      if (url.protocol !== "https:") throw new Error("only https links are opened");
      await ext.tabs.create({ url: url.href });
      return { ok: true };
    }
    case "clearSiteData": {
      const cleared = await clearSiteData(action.origins, action.cache === true);
      await ext.tabs.reload(tabId, { bypassCache: true }).catch(() => {});
      return { ok: true, cleared };
    }
    case "disableExtension":
      await setExtensionEnabled(tabId, action.id, action.name, false);
      await ext.tabs.reload(tabId).catch(() => {});
      return { ok: true };
    case "bisectExtensions":
      if (!quirks.canBisect) throw new Error("not supported in this browser");
      return deps.bisect.start(tabId, action.ids);
    default:
      throw new Error(`unknown action ${action?.type}`);
  }
}

/** The host names of `origins` (`https://host` only), each one a catalogued service's host. */
async function serviceHosts(origins) {
  const w = await engine;
  const hosts = [];
  for (const o of Array.isArray(origins) ? origins : []) {
    if (typeof o !== "string" || !/^https:\/\/[a-z0-9.-]+$/i.test(o)) continue;
    // Only a chat service's own hosts: the popup never asks for another site's data.
    if (!w.classifyUrl(`${o}/`).service) continue;
    hosts.push(new URL(o).hostname.toLowerCase());
  }
  if (!hosts.length) throw new Error("no origins");
  return [...new Set(hosts)];
}

/** Whether a cookie's domain is one of `hosts` or below one (never a parent domain). */
function ownCookie(cookie, hosts) {
  const domain = cookie.domain.replace(/^\./, "").toLowerCase();
  return hosts.some((h) => domain === h || domain.endsWith(`.${h}`));
}

/**
 * Clears the cookies of `origins`' hosts (and their subdomains) through the cookies API, host by
 * host, and with `cache` their cache and stored data through browsingData. Chrome's
 * browsingData clears cookies "for the whole registrable domain" of an origin: clearing
 * chatgpt.com's that way is harmless, but chat.openai.com's would take platform.openai.com's
 * and auth.openai.com's too and sign the user out of them. Returns how many cookies went.
 */
export async function clearSiteData(origins, cache) {
  const hosts = await serviceHosts(origins);
  let cleared = 0;
  for (const host of hosts) {
    // `domain` matches the host and its subdomains; a parent domain's cookies are not listed.
    const cookies = await ext.cookies.getAll({ domain: host, ...quirks.cookieQueryExtras });
    for (const c of cookies) {
      if (!ownCookie(c, hosts)) continue;
      const domain = c.domain.replace(/^\./, "");
      const details = { url: `${c.secure ? "https" : "http"}://${domain}${c.path}`, name: c.name, storeId: c.storeId };
      if (c.partitionKey) details.partitionKey = c.partitionKey;
      if (c.firstPartyDomain !== undefined) details.firstPartyDomain = c.firstPartyDomain;
      if (await ext.cookies.remove(details).catch(() => null)) cleared++;
    }
  }
  if (cache) {
    // Per origin (Chrome) or exact host (Firefox); cookies are not among the types.
    await ext.browsingData.remove(quirks.removalScope(hosts.map((h) => `https://${h}`)), quirks.storageTypes());
  }
  return cleared;
}

/** Turns another extension off or on, remembering what chatmedic turned off (to offer it back). */
export async function setExtensionEnabled(tabId, id, name, enabled) {
  if (!quirks.canDisableExtensions) throw new Error("this browser does not let extensions do that");
  if (typeof id !== "string" || !id) throw new Error("no extension");
  if (id === ext.runtime.id) throw new Error("refusing to turn chatmedic itself off");
  await ext.management.setEnabled(id, enabled);
  deps.onExtensionsChanged();
  const { disabledByUs = [] } = await ext.storage.local.get("disabledByUs");
  const rest = disabledByUs.filter((d) => d.id !== id);
  if (!enabled) rest.push({ id, name: String(name ?? id).slice(0, 200), tabId });
  await ext.storage.local.set({ disabledByUs: rest });
  // The bisect's answer has been acted on: its "found" note would now contradict the popup.
  if (!enabled) await deps.bisect.culpritHandled(id);
}

/** Turns back on an extension chatmedic turned off, and reloads the chat tab. */
export async function reEnable(tabId, id) {
  const { disabledByUs = [] } = await ext.storage.local.get("disabledByUs");
  const entry = disabledByUs.find((d) => d.id === id);
  if (!entry) throw new Error("chatmedic did not turn that extension off");
  await setExtensionEnabled(tabId, entry.id, entry.name, true);
  await ext.tabs.reload(tabId).catch(() => {});
  return { ok: true };
}

// Permission requests: the popup's "asked" comes before the user answers; "refused" (the popup
// heard the refusal itself) forgets it; `act` takes it when the fix is carried out.

// Buttons that ask for a permission to learn more, not to act: granted, the diagnosis is made
// again (permissions.onAdded); refused, the next popup says so.
const PURPOSES = { find_extension: ["management"], find_proxy: ["management", "proxy"] };

/** The popup's `ui-bg/permission` message. */
export async function onPermissionMessage(message) {
  const tabId = Number(message.tabId);
  if (!Number.isInteger(tabId) || tabId < 0) throw new Error("no such tab");
  const purpose = Object.hasOwn(PURPOSES, message.purpose) ? message.purpose : undefined;
  const permissions = purpose ? PURPOSES[purpose] : permissionsFor(message.action);
  if (!permissions) throw new Error("that fix needs no permission");
  if (message.answer === "asked") {
    const about = purpose ? { purpose } : { action: message.action };
    await ext.storage.session.set({ [PENDING_KEY]: { tabId, ...about, permissions, at: Date.now() } });
  } else if (message.answer === "refused" || message.answer === "granted") {
    // Granted: the popup carries the fix out itself (its `act` follows).
    await takePending(tabId);
  } else {
    throw new Error("unknown answer");
  }
  return { ok: true };
}

async function takePending(tabId) {
  const pending = (await ext.storage.session.get(PENDING_KEY))[PENDING_KEY];
  if (!pending || (tabId !== undefined && pending.tabId !== tabId)) return null;
  await ext.storage.session.remove(PENDING_KEY);
  return pending;
}

/**
 * permissions.onAdded: the user granted what a popup asked for. If that popup is gone (Firefox
 * closes it for the prompt) and nothing took the request within GRANT_GRACE_MS, the fix the
 * user confirmed is carried out here, and its outcome kept for the next popup.
 */
export async function onPermissionsAdded() {
  await new Promise((r) => setTimeout(r, GRANT_GRACE_MS));
  const pending = (await ext.storage.session.get(PENDING_KEY))[PENDING_KEY];
  if (!pending || Date.now() - pending.at > PENDING_TTL_MS) return;
  if (!(await ext.permissions.contains({ permissions: pending.permissions }))) return;
  await takePending(pending.tabId);
  // Granted to learn more: the diagnosis is made again anyway (permissions.onAdded).
  if (!pending.action) return;
  let outcome;
  try {
    const r = await act(pending.tabId, pending.action);
    outcome = {
      tabId: pending.tabId,
      action: pending.action,
      outcome: r?.ok ? "done" : "failed",
      error: r?.error,
      cleared: r?.cleared,
    };
  } catch (e) {
    outcome = {
      tabId: pending.tabId,
      action: pending.action,
      outcome: "failed",
      error: String(e?.message ?? e).slice(0, 200),
    };
  }
  await ext.storage.session.set({ [OUTCOME_KEY]: outcome });
  deps.notify(pending.tabId);
}

/**
 * For the popup of `tabId`: the permission request still unanswered (with whether its
 * permissions are granted now), and the outcome of a fix carried out while no popup was open
 * (handed over once).
 */
export async function fixState(tabId) {
  const got = await ext.storage.session.get([PENDING_KEY, OUTCOME_KEY]);
  let pending = got[PENDING_KEY];
  if (pending && Date.now() - pending.at > PENDING_TTL_MS) {
    await ext.storage.session.remove(PENDING_KEY);
    pending = null;
  }
  const out = {};
  if (pending?.tabId === tabId) {
    out.pendingFix = {
      action: pending.action,
      purpose: pending.purpose,
      permissions: pending.permissions,
      granted: await ext.permissions.contains({ permissions: pending.permissions }),
    };
  }
  const outcome = got[OUTCOME_KEY];
  if (outcome?.tabId === tabId) {
    await ext.storage.session.remove(OUTCOME_KEY);
    out.fixOutcome = {
      action: outcome.action,
      outcome: outcome.outcome,
      error: outcome.error,
      cleared: outcome.cleared,
    };
  }
  return out;
}
