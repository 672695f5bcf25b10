// The user's options as the background reads them: kept in memory until they change (they are
// checked for every observation), and the translator of the language they choose.
import { getOptions, loadUiI18n } from "../lib/options.js";

let optionsCache = null;

/** The options (a promise), read once and kept until `forgetOptions`. */
export function options() {
  optionsCache ??= getOptions();
  return optionsCache;
}

/** Drops the kept options: the next `options()` reads them again. */
export function forgetOptions() {
  optionsCache = null;
}

/** Whether the user watches `service` (an id; null is no service). */
export async function serviceEnabled(service) {
  if (!service) return false;
  const { disabledServices } = await options();
  return !disabledServices.includes(service);
}

/** The language to render in, its translator `t`, and the options. */
export async function uiText() {
  const opts = await options();
  const { lang, t } = await loadUiI18n(opts.lang);
  return { lang, t, opts };
}
