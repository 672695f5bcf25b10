// The user's options as the background reads them: kept in memory until they change (they are
// checked for every observation), and the translator of the language they choose.
import { getOptions, resolveLang } from "../lib/options.js";
import { loadMessages, translator } from "../lib/i18n.js";

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
  const lang = resolveLang(opts.lang);
  return { lang, t: translator(await loadMessages(lang), lang), opts };
}
