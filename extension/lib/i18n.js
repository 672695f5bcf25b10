// Strings from the extension's _locales (the one source of every string), for the extension's
// pages, its background and the engine's texts, and for the help page and the widget (build.sh
// copies this file to the page's lib/shared/). It uses no extension API: the caller says where
// _locales/ is.
//
// Elements carry data-i18n="key" (their text) and data-i18n-attr="attr:key;attr:key" (aria-label,
// title, placeholder, …); both are filled through textContent and setAttribute, never innerHTML
// (uBO's safeTextToDOM habit). The language can differ from the browser's (the options, the
// page's ?lang=), so messages.json is read directly rather than through chrome.i18n.getMessage.
// Counts pick their form by the language's plural rules (Intl.PluralRules): a message that
// depends on a count has one key per plural category the languages use, `<key>_one` and
// `<key>_other` (Japanese has only `other`; its `_one` repeats it, since every locale file has
// the same keys). Numbers, sizes, durations, lists and clock times are formatted by Intl.

import "./facts.js";

/** The languages of the locale files, English (the fallback of every key) first (the crate's
 * `render::Lang::ALL`, through the generated facts). */
export const LANGS = globalThis.chatmedicFacts.languages;

/** Each language of LANGS with its name in itself ("Deutsch", "日本語"), for a language picker. */
export function languageChoices() {
  return LANGS.map((code) => ({ code, name: new Intl.DisplayNames([code], { type: "language" }).of(code) }));
}

/**
 * The language to show: `explicit` if it is one of LANGS (by its primary subtag: "de-AT" is
 * "de"; "auto" is none), else the first of `preferred` that is, else English.
 */
export function pickLang(explicit, preferred = globalThis.navigator?.languages ?? []) {
  for (const tag of [explicit, ...preferred]) {
    const primary = String(tag || "")
      .toLowerCase()
      .split(/[-_]/)[0];
    if (LANGS.includes(primary)) return primary;
  }
  return "en";
}

const files = new Map();

/**
 * The messages.json of `lang` under `base` (the URL of the directory that holds _locales/),
 * read once per context; an empty object when it cannot be read (the texts then fall back to
 * English, then to their keys).
 */
export function loadLocale(base, lang) {
  const url = new URL(`_locales/${lang}/messages.json`, base).href;
  if (!files.has(url)) {
    files.set(
      url,
      fetch(url)
        .then((res) => {
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          return res.json();
        })
        .catch((e) => {
          console.warn(`chatmedic: cannot read the ${lang} texts:`, e);
          return {};
        }),
    );
  }
  return files.get(url);
}

const loaded = new Map();

/** The strings of `lang` under `base` (see loadLocale), English filling in missing keys. */
export function loadI18n(lang, base) {
  const key = `${new URL(base).href}|${lang}`;
  if (!loaded.has(key)) {
    loaded.set(
      key,
      Promise.all([loadLocale(base, lang), lang === "en" ? null : loadLocale(base, "en")]).then(
        ([own, en]) => new I18n(lang, { ...en, ...own }),
      ),
    );
  }
  return loaded.get(key);
}

// The placeholders that carry counts and amounts: a number there is written in the language's
// format ("1,234" / "1.234"). Ids that happen to be numbers (a status or close code) are not.
const AMOUNTS = new Set(["n", "count", "seconds", "minutes", "ms", "done", "total", "round"]);

/**
 * One language's strings. `t` and `plural` may be called detached (`const { t } = i18n`).
 */
export class I18n {
  /** `messages` is a messages.json object (`{ key: { message } }`). */
  constructor(lang, messages) {
    this.lang = lang;
    this.messages = messages;
    this.amounts = new Intl.NumberFormat(lang);
    this.rules = new Intl.PluralRules(lang);
    this.t = this.t.bind(this);
    this.plural = this.plural.bind(this);
  }

  /**
   * The string for `key` with its `{name}` placeholders filled from `params` (amounts in this
   * language's number format); the key itself if it is missing.
   */
  t(key, params = {}) {
    const entry = this.messages[key];
    const text = entry && typeof entry.message === "string" ? entry.message : key;
    return text.replace(/\{(\w+)\}/g, (m, name) => {
      if (!Object.hasOwn(params, name)) return m;
      const v = params[name];
      return typeof v === "number" && AMOUNTS.has(name) && Number.isFinite(v) ? this.amounts.format(v) : String(v);
    });
  }

  /** Whether a key exists. */
  has(key) {
    return Object.hasOwn(this.messages, key);
  }

  /**
   * The message for count `n`: `<key>_<category>` by this language's plural rules, else
   * `<key>_other`, else `<key>` (a message whose words do not change with the count); `{n}` is
   * the count in this language's format.
   */
  plural(key, n, params = {}) {
    const k = [`${key}_${this.rules.select(n)}`, `${key}_other`].find((c) => this.has(c)) ?? key;
    return this.t(k, { n, ...params });
  }

  /** Fills every [data-i18n] element's text and [data-i18n-attr] element's attributes under `root`. */
  apply(root) {
    for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = this.t(el.dataset.i18n);
    for (const el of root.querySelectorAll("[data-i18n-attr]")) {
      for (const pair of el.dataset.i18nAttr.split(";")) {
        const [attr, key] = pair.split(":");
        if (attr && key) el.setAttribute(attr.trim(), this.t(key.trim()));
      }
    }
  }

  /** A number in this language's format, with `digits` decimals. */
  number(n, digits = 0) {
    return new Intl.NumberFormat(this.lang, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
  }

  /**
   * A file size: kilobytes below a megabyte, else megabytes, in this language's units ("1.2 MB",
   * "1,2 MB", "850 kB"). Decimal units, as browsers' download lists show them.
   */
  size(bytes) {
    const mb = bytes / 1e6;
    const [value, unit] = mb >= 1 ? [mb, "megabyte"] : [Math.max(bytes / 1e3, bytes ? 0.1 : 0), "kilobyte"];
    return new Intl.NumberFormat(this.lang, {
      style: "unit",
      unit,
      unitDisplay: "short",
      maximumFractionDigits: value < 10 ? 1 : 0,
    }).format(value);
  }

  /**
   * A duration given in seconds: milliseconds below one second, else seconds with one decimal
   * ("40 ms", "2.4 sec", "2,4 Sek.", "2.4 秒").
   */
  seconds(s) {
    const [value, unit, digits] = s < 1 ? [Math.round(s * 1000), "millisecond", 0] : [s, "second", 1];
    return new Intl.NumberFormat(this.lang, {
      style: "unit",
      unit,
      unitDisplay: "short",
      maximumFractionDigits: digits,
    }).format(value);
  }

  /** Items joined as this language joins a list ("a, b and c", "a, b und c", "a、b、c"). */
  list(items) {
    return new Intl.ListFormat(this.lang, { style: "long", type: "conjunction" }).format(items);
  }

  /** A clock time of day (hours and minutes) in the reader's time zone ("4:05 PM", "16:05"). */
  time(ms) {
    return new Intl.DateTimeFormat(this.lang, { timeStyle: "short" }).format(new Date(ms));
  }
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
