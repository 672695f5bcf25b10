// The one place that decides between `browser` (Firefox) and `chrome`, and names the flavour.
// Both expose promise-returning MV3 APIs under these names.
export const ext = globalThis.browser ?? globalThis.chrome;

/** "firefox" or "chrome", from the extension's own URL scheme (uBO's way). */
export const flavor = ext.runtime.getURL("").startsWith("moz-extension:") ? "firefox" : "chrome";

/**
 * Sends a runtime message and never throws: the receiver may be a popup that is closed or a
 * service worker that is being started ("The extension's service worker can be evicted at any
 * time", uBO).
 */
export async function sendMessage(message) {
  try {
    return await ext.runtime.sendMessage(message);
  } catch {
    return undefined;
  }
}
