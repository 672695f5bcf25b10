// What the engine sees besides a tab's observations when a chat action failed: the installed
// extensions (once `management` is granted) and the environment (online, user agent, who
// controls the proxy setting).
import { ext } from "../lib/ext.js";
import * as quirks from "../lib/quirks.js";

let extensionsCache = { at: 0, value: null };

/** Drops the kept extension list (an extension was turned on or off, a permission changed). */
export function forgetExtensions() {
  extensionsCache = { at: 0, value: null };
}

/** The `extensions` observation, or null without the `management` permission. */
export async function extensionsObservation() {
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

/** The `environment` observation; `extensions` (or null) names a proxy-controlling extension. */
export async function environmentObservation(extensions) {
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
