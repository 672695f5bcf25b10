// The user's options, kept in storage.local: which services to watch, whether to show the
// in-page notice, and the language (auto follows the browser).
import { ext } from "./ext.js";
import "./facts.js";

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

/** The language tag to render in: the option, else the browser's UI language (en, de, ja). */
export function resolveLang(option) {
  const tag = option && option !== "auto" ? option : ext.i18n.getUILanguage();
  const primary = String(tag).split(/[-_]/)[0].toLowerCase();
  return globalThis.chatmedicFacts.languages.includes(primary) ? primary : "en";
}
