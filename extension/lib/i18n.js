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

// The placeholders that carry counts and amounts: a number there is written in the language's
// format ("1,234" / "1.234"). Ids that happen to be numbers (a status or close code) are not.
const AMOUNTS = new Set(["n", "count", "seconds", "minutes", "ms", "done", "total", "round"]);

/**
 * A translator for loaded messages: t(key, {name: value}) fills {name} placeholders, amounts in
 * `lang`'s number format. t.plural(key, n, params) picks `<key>_<category>` by the language's
 * plural rules (Intl.PluralRules: "1 second", "2 seconds"; Japanese has one form), else
 * `<key>_other`, else `<key>`, with `{n}` set to the count.
 */
export function translator(messages, lang = "en") {
  const numbers = new Intl.NumberFormat(lang);
  const rules = new Intl.PluralRules(lang);
  const t = (key, params = {}) => {
    const entry = messages[key];
    const text = entry && typeof entry.message === "string" ? entry.message : key;
    return text.replace(/\{(\w+)\}/g, (m, name) => {
      if (!(name in params)) return m;
      const v = params[name];
      return typeof v === "number" && AMOUNTS.has(name) && Number.isFinite(v) ? numbers.format(v) : String(v);
    });
  };
  t.plural = (key, n, params = {}) => {
    const k = [`${key}_${rules.select(n)}`, `${key}_other`].find((c) => c in messages) ?? key;
    return t(k, { n, ...params });
  };
  t.number = (n) => numbers.format(n);
  return t;
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
