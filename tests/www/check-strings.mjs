// Checks that every string the help page and the widget name exists in every locale file
// (build_www runs this): static data-i18n keys, and the keys the scripts build from the check,
// reason and state names the wasm side returns.
//
//   node tests/www/check-strings.mjs [www] [extension/_locales]

import fs from "node:fs";
import path from "node:path";

const www = process.argv[2] || "www";
const locales = process.argv[3] || "extension/_locales";
const langs = ["en", "de", "ja"];
const messages = Object.fromEntries(
  langs.map((l) => [l, JSON.parse(fs.readFileSync(path.join(locales, l, "messages.json"), "utf8"))]),
);

const keys = new Set();
const files = fs
  .readdirSync(www, { recursive: true })
  .map(String)
  .filter((f) => /\.(html|js)$/.test(f));
for (const f of files) {
  const text = fs.readFileSync(path.join(www, f), "utf8");
  for (const m of text.matchAll(/data-i18n="([a-zA-Z_]+)"/g)) keys.add(m[1]);
  for (const m of text.matchAll(/data-i18n-attr="([^"]+)"/g))
    for (const pair of m[1].split(";")) keys.add(pair.split(":")[1]);
  for (const m of text.matchAll(/\b(?:t|plural)\((['"])([a-zA-Z_]+)\1/g)) keys.add(m[2]);
  for (const m of text.matchAll(/source: (['"])([a-zA-Z_]+)\1/g)) keys.add(m[2]);
}
// Keys built at run time from the values src/web/probe.rs and status.rs return.
const reasons = {
  online: ["ok", "offline", "unknown"],
  reach: ["ok", "blocked", "timeout", "failed", "isolated", "offline", "unknown"],
  websocket: ["ok", "never_opened", "dropped", "timeout", "no_echo", "no_endpoint", "not_allowed", "unknown"],
  cookies: ["ok", "disabled", "unknown"],
  storage: ["ok", "blocked", "unknown"],
  thirdPartyCookies: ["ok", "blocked", "no_origin", "failed", "unknown"],
  clock: ["ok", "skewed", "no_date", "failed", "unknown"],
  browserVersion: ["ok", "old", "unknown"],
  adblock: ["none", "detected", "unknown"],
};
for (const [check, rs] of Object.entries(reasons)) {
  keys.add(`web_check_${check}`);
  for (const r of rs) keys.add(check === "reach" ? `web_reach_${r}` : `web_check_${check}_${r}`);
  if (check === "reach") for (const r of rs.filter((x) => x !== "ok")) keys.add(`web_check_reach_${r}`);
}
for (const o of ["pass", "problem", "untested", "pending"]) keys.add(`web_outcome_${o}`);
for (const s of ["none", "minor", "major", "critical", "maintenance", "unreachable", "link_only", "loading", "offline"])
  keys.add(`web_status_${s}`);
for (const o of ["note"]) keys.add(`web_outcome_${o}`);
for (const code of ["not_har", "empty", "cut", "damaged", "too_large", "unreadable"]) keys.add(`web_har_error_${code}`);
for (const part of ["cookies", "headers", "bodies", "values"]) keys.add(`web_har_removed_${part}`);
for (const v of ["not_you", "your_browser", "your_network", "your_account", "all_clear", "unclear"])
  keys.add(`verdict_${v}`);

// A key is there when it is, or when its plural forms are (extension/lib/i18n.js `plural`): `<key>_other`
// and one key per plural category the language uses.
const present = (l, k) =>
  Boolean(messages[l][k]) ||
  (Boolean(messages[l][`${k}_other`]) &&
    new Intl.PluralRules(l).resolvedOptions().pluralCategories.every((c) => messages[l][`${k}_${c}`]));
const missing = [];
for (const k of keys) for (const l of langs) if (!present(l, k)) missing.push(`${l}: ${k}`);
if (missing.length) {
  console.error(`www strings missing from ${locales}:\n  ${missing.join("\n  ")}`);
  process.exit(1);
}
console.log(`www: ${keys.size} strings present in ${langs.join(", ")}`);
