// How a finding's fixes are shown, the same in the popup and on the help page: the engine decides
// how many come first (`finding.primary`), the rest fold under "More ways to fix this"; and a
// limit's reset time (`params.resetAt`, ms since the epoch) is said as a clock time in the
// reader's time zone and against the reader's clock, which only the page knows (the engine
// renders it in UTC, the same whenever and wherever it runs).
// No imports: the help page loads this file as it is (lib/shared/).

/** From how many seconds a wait is said as a clock time (the engine's LONG_WAIT_SECONDS). */
const LONG_WAIT_SECONDS = 120;
/** The engine's PRIMARY_FIXES, for a report saved before it carried `primary`. */
const PRIMARY_FIXES = 3;

/**
 * The fixes to show at first and the ones behind "More ways to fix this".
 * @returns {{ first: object[], more: object[] }}
 */
export function splitFixes(finding) {
  const fixes = finding?.fixes ?? [];
  const n = finding?.primary > 0 ? Math.min(finding.primary, fixes.length) : Math.min(PRIMARY_FIXES, fixes.length);
  return { first: fixes.slice(0, n), more: fixes.slice(n) };
}

/**
 * `fix` with its title and steps said against the reader's clock when it waits for a reset
 * time; `fix` itself otherwise. `t(key, params)` reads the locale files (a missing key comes back
 * as the key); `lang` is the report's language; `recorded` says the report is a HAR's, whose time
 * is said in UTC as recorded.
 */
export function withClock(fix, finding, t, lang, { now = Date.now(), recorded = false } = {}) {
  const param = (name) => fix?.params?.[name] ?? finding?.params?.[name];
  const resetAt = param("resetAt");
  const seconds = param("seconds");
  if (typeof resetAt !== "number" || !Number.isFinite(resetAt)) return fix;
  // A short wait seen live stays a countdown in seconds.
  if (!recorded && typeof seconds === "number" && seconds < LONG_WAIT_SECONDS) return fix;
  const past = resetAt <= now;
  const form = recorded ? (past ? "_recorded_past" : "_recorded") : past ? "_past" : "_at";
  const titleKey = `fix_${fix.fix}_title${form}`;
  const stepsKey = `fix_${fix.fix}_steps${form}`;
  if (t(titleKey) === titleKey || t(stepsKey) === stepsKey) return fix;
  const time = recorded ? utcClock(resetAt, t) : localClock(resetAt, lang, now);
  const params = { ...(finding?.params ?? {}), ...(fix.params ?? {}), time };
  const steps = t(stepsKey, params)
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean);
  return { ...fix, title: t(titleKey, params), steps };
}

/**
 * A time in the reader's zone and conventions ("15:00", "3:00 PM"), with the day when it is not
 * today ("8 Dec, 15:00").
 */
export function localClock(ms, lang, now = Date.now()) {
  const nav = globalThis.navigator?.language;
  // The reader's regional conventions when they speak the report's language (en-GB: 24 h).
  const locale = nav?.toLowerCase().startsWith(lang) ? nav : lang;
  const sameDay = new Date(ms).toDateString() === new Date(now).toDateString();
  const opts = sameDay
    ? { hour: "2-digit", minute: "2-digit" }
    : { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" };
  try {
    return new Intl.DateTimeFormat(locale, opts).format(new Date(ms));
  } catch {
    return new Intl.DateTimeFormat(lang, opts).format(new Date(ms));
  }
}

/** A time in UTC as the engine says it (format_utc_time, format_months). */
export function utcClock(ms, t) {
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, "0");
  const months = t("format_months").split(" ");
  return t("format_utc_time", {
    clock: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
    day: d.getUTCDate(),
    month: months[d.getUTCMonth()] ?? "",
  });
}

/**
 * The optional permissions a fix's action needs, or null when it needs none: the popup asks for
 * them on the click (a user gesture), the background checks them before it acts.
 */
export function permissionsFor(action) {
  switch (action?.type) {
    case "clearSiteData":
      return action.cache === true ? ["cookies", "browsingData"] : ["cookies"];
    case "disableExtension":
    case "bisectExtensions":
      return ["management"];
    default:
      return null;
  }
}
