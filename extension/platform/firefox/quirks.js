// Firefox's side of the browser differences (what each browser lets an extension do). The build
// copies this file to lib/quirks.js in dist/firefox; platform/chrome/quirks.js has the same
// exports.
import { ext } from "./ext.js";

/**
 * Firefox's management.setEnabled "will return an error if used to enable or disable other
 * types of web extension" than themes (MDN): the popup shows steps instead.
 */
export const canDisableExtensions = false;

/** Without setEnabled there is no automatic bisect either. */
export const canBisect = false;

/**
 * Firefox's browsingData takes `hostnames`: exact host names, no scheme, no subdomains
 * (MDN RemovalOptions). Cookies are cleared through the cookies API instead.
 */
export function removalScope(origins) {
  return { hostnames: origins.map((o) => new URL(o).hostname) };
}

/**
 * The data types "clear cache and site data" removes besides the cookies. Firefox ignores
 * `hostnames` for the cache (it would clear every site's cache), so the cache is left alone;
 * local storage, IndexedDB and service workers honour it.
 */
export function storageTypes() {
  return { localStorage: true, indexedDB: true, serviceWorkers: true };
}

/** Under dFPI cookies are partitioned; an empty partitionKey asks for every partition. */
export const cookieQueryExtras = { partitionKey: {} };

/** Firefox: the proxy setting's controller is not looked up (Chrome only). */
export async function proxyControl() {
  return null;
}

/** Opens the diagnosis for a tab: the popup where Firefox allows it, else a tab. */
export async function openDetails(tabId) {
  try {
    await ext.action.openPopup();
  } catch {
    await ext.tabs.create({ url: ext.runtime.getURL(`popup/popup.html?tab=${tabId}`) });
  }
}
