// Chrome's side of the browser differences (what each browser lets an extension do). The build
// copies this file to lib/quirks.js in dist/chrome; platform/firefox/quirks.js has the same
// exports.
import { ext } from "./ext.js";

/** Chrome lets an extension with `management` turn others off (after the user confirms). */
export const canDisableExtensions = true;

/** Chrome can reload the chat tab to bisect extensions automatically. */
export const canBisect = true;

/**
 * The removal options for a site's stored data: Chrome's browsingData takes `origins` (cache and
 * storage per origin; its cookies would go for the whole registrable domain, which is why
 * cookies are cleared through the cookies API instead).
 */
export function removalScope(origins) {
  return { origins };
}

/** The data types "clear cache and site data" removes besides the cookies. */
export function storageTypes() {
  return {
    cache: true,
    cacheStorage: true,
    localStorage: true,
    indexedDB: true,
    serviceWorkers: true,
    fileSystems: true,
  };
}

/** Options for cookies.getAll that reach partitioned cookies too (Chrome: none needed). */
export const cookieQueryExtras = {};

/** Who controls the proxy setting, where the `proxy` permission was granted. */
export async function proxyControl() {
  if (!ext.proxy?.settings) return null;
  try {
    const { levelOfControl } = await ext.proxy.settings.get({});
    return levelOfControl;
  } catch {
    return null;
  }
}

/** Opens the diagnosis for a tab: the toolbar popup when Chrome allows it, else a tab. */
export async function openDetails(tabId) {
  try {
    await ext.action.openPopup();
  } catch {
    await ext.tabs.create({ url: ext.runtime.getURL(`popup/popup.html?tab=${tabId}`) });
  }
}
