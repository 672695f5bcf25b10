// The user's options, kept in storage.local: which services to watch, whether to show the
// in-page notice, and the language (auto follows the browser).
import { ext } from "./ext.js";
import { loadI18n, pickLang } from "./i18n.js";

/** Options as a new install has them. */
export const DEFAULTS = Object.freeze({ disabledServices: [], notice: true, lang: "auto" });

/** The options, defaults filled in. */
export async function getOptions() {
  const { options } = await ext.storage.local.get("options");
  return { ...DEFAULTS, ...(options ?? {}) };
}

/** Saves a partial change. */
export async function setOptions(change) {
  const next = { ...(await getOptions()), ...change };
  await ext.storage.local.set({ options: next });
  return next;
}

/** The language to render in: the option, else (for "auto") the browser's UI language. */
export function resolveLang(option) {
  return pickLang(option, [ext.i18n.getUILanguage()]);
}

/** The strings of the language `option` chooses, from the extension's own _locales/. */
export function loadUiI18n(option) {
  return loadI18n(resolveLang(option), ext.runtime.getURL(""));
}
