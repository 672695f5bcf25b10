// Strings from the extension's _locales (the one source of every string), applied through
// data-i18n attributes and textContent only, never innerHTML. Counts pick their form by the
// language's plural rules (Intl.PluralRules): a message that depends on a count has one key per
// plural category the languages use, `<key>_one` and `<key>_other` (Japanese has only `other`;
// its `_one` repeats it, since every locale file has the same keys). Numbers, sizes, durations,
// lists and clock times are formatted by Intl for the language.

import './shared/facts.js';

/** The languages, from the engine (generated into lib/shared/facts.js at build time). */
export const LANGS = globalThis.chatmedicFacts.languages;

/** The language to show: an explicit choice, else the browser's first supported language. */
export function pickLang(explicit, preferred = navigator.languages || [navigator.language]) {
  for (const tag of [explicit, ...preferred]) {
    const primary = String(tag || '').toLowerCase().split(/[-_]/)[0];
    if (LANGS.includes(primary)) return primary;
  }
  return 'en';
}

const cache = new Map();

async function load(base, lang) {
  const key = `${base}|${lang}`;
  if (!cache.has(key)) {
    cache.set(
      key,
      fetch(new URL(`_locales/${lang}/messages.json`, base))
        .then((r) => (r.ok ? r.json() : {}))
        .catch(() => ({})),
    );
  }
  return cache.get(key);
}

/** A language's strings, falling back to English key by key. */
export async function loadI18n(lang, base) {
  const [own, en] = await Promise.all([load(base, lang), lang === 'en' ? null : load(base, 'en')]);
  return new I18n(lang, own, en || {});
}

export class I18n {
  constructor(lang, messages, fallback) {
    this.lang = lang;
    this.messages = messages;
    this.fallback = fallback;
  }

  /** The string for `key` with `{name}` placeholders filled; the key itself if it is missing. */
  t(key, params = {}) {
    const entry = this.messages[key] || this.fallback[key];
    const text = entry ? entry.message : key;
    return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
  }

  /** Whether a key exists. */
  has(key) {
    return key in this.messages || key in this.fallback;
  }

  /** Fills every [data-i18n] element's text and [data-i18n-attr] attributes under `root`. */
  apply(root) {
    for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = this.t(el.dataset.i18n);
    for (const el of root.querySelectorAll('[data-i18n-attr]')) {
      for (const pair of el.dataset.i18nAttr.split(';')) {
        const [attr, key] = pair.split(':');
        if (attr && key) el.setAttribute(attr.trim(), this.t(key.trim()));
      }
    }
  }

  /** A number in this language's format. */
  number(n, digits = 0) {
    return new Intl.NumberFormat(this.lang, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
  }

  /** The message for count `n`: `<key>_<category>` by this language's plural rules, else
   *  `<key>_other`, else `<key>` (a message whose words do not change with the count);
   *  `{n}` is the count in this language's format. */
  plural(key, n, params = {}) {
    const category = new Intl.PluralRules(this.lang).select(n);
    const k = [`${key}_${category}`, `${key}_other`].find((c) => this.has(c)) || key;
    return this.t(k, { n: this.number(n), ...params });
  }

  /** A file size: kilobytes below a megabyte, else megabytes, in this language's units
   *  ("1.2 MB", "1,2 MB", "850 kB"). Decimal units, as browsers' download lists show them. */
  size(bytes) {
    const mb = bytes / 1e6;
    const [value, unit] = mb >= 1 ? [mb, 'megabyte'] : [Math.max(bytes / 1e3, bytes ? 0.1 : 0), 'kilobyte'];
    return new Intl.NumberFormat(this.lang, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
  }

  /** A duration given in seconds: milliseconds below one second, else seconds with one
   *  decimal ("40 ms", "2.4 sec", "2,4 Sek.", "2.4 秒"). */
  seconds(s) {
    const [value, unit, digits] = s < 1 ? [Math.round(s * 1000), 'millisecond', 0] : [s, 'second', 1];
    return new Intl.NumberFormat(this.lang, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: digits }).format(value);
  }

  /** Items joined as this language joins a list ("a, b and c", "a, b und c", "a、b、c"). */
  list(items) {
    return new Intl.ListFormat(this.lang, { style: 'long', type: 'conjunction' }).format(items);
  }

  /** A clock time of day (hours and minutes) in the reader's time zone ("4:05 PM", "16:05"). */
  time(ms) {
    return new Intl.DateTimeFormat(this.lang, { timeStyle: 'short' }).format(new Date(ms));
  }
}

/** Creates an element with text (never HTML) and attributes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}
