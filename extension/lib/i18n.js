// Strings come from _locales only. Elements carry data-i18n="key" (text), data-i18n-label
// (aria-label) or data-i18n-title; they are filled through textContent and setAttribute, never
// innerHTML (uBO's safeTextToDOM habit). The language can differ from the browser's (options),
// so messages.json is read directly rather than through i18n.getMessage.
import { ext } from "./ext.js";

const cache = new Map();

/** Loads the messages of `lang` (falling back to en for missing keys). */
export async function loadMessages(lang) {
  if (!cache.has(lang)) {
    cache.set(
      lang,
      (async () => {
        const read = async (l) => {
          try {
            const res = await fetch(ext.runtime.getURL(`_locales/${l}/messages.json`));
            return res.ok ? await res.json() : {};
          } catch {
            return {};
          }
        };
        const [base, own] = await Promise.all([read("en"), lang === "en" ? {} : read(lang)]);
        return { ...base, ...own };
      })(),
    );
  }
  return cache.get(lang);
}

/** A translator for loaded messages: t(key, {name: value}) fills {name} placeholders. */
export function translator(messages) {
  return (key, params = {}) => {
    const entry = messages[key];
    const text = entry && typeof entry.message === "string" ? entry.message : key;
    return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
  };
}

/** Fills every data-i18n* element under `root`. */
export function renderI18n(root, t) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-label]"))
    el.setAttribute("aria-label", t(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll("[data-i18n-title]"))
    el.setAttribute("title", t(el.dataset.i18nTitle));
}

/** The locale key of a verdict's short label ("Not you", "Your browser", …). */
export function verdictKey(verdict) {
  return VERDICT_KEYS[verdict] ?? "ui_verdict_unclear";
}

const VERDICT_KEYS = Object.freeze({
  not_you: "ui_verdict_not_you",
  your_browser: "ui_verdict_your_browser",
  your_network: "ui_verdict_your_network",
  your_account: "ui_verdict_your_account",
  unclear: "ui_verdict_unclear",
  all_clear: "ui_verdict_all_clear",
});
