//! Renders a report's texts in a language, from a text source passed in.
//!
//! `extension/_locales/<lang>/messages.json` is the one source of every string: the extension
//! reads it through `chrome.i18n`, the help page copies it, and `src/build.rs` compiles its
//! messages into this module as ready tables (no descriptions, nothing parsed at run time).
//! Rendering reads its texts through the [`Texts`] trait, so it does not care where they come
//! from: [`Compiled`] is the compiled-in engine table (every build but one), and the extension's
//! module, built without the `texts` feature and so without the table, is given a source that
//! asks the extension's JS for each text (it has the same files at hand). The UI strings are
//! compiled in only natively (for [`message`] and [`keys`]), so a wasm module carries just what
//! it renders. Messages name details as `{service}`, `{host}`, … (see
//! [`crate::report::Params::get`]); only this module fills them. Chrome's own `$name$`
//! placeholders are never used, so the browser shows the files' texts unchanged.
//!
//! Key scheme:
//! - `verdict_<verdict id>`: the headline.
//! - `cause_<id>_title`, `cause_<id>_explanation`; `fix_<id>_title`, `fix_<id>_steps` (steps
//!   separated by `\n`).
//! - `<key>_generic`: used when a placeholder of `<key>` has no value; it names none itself.
//! - `<key>_minutes`: used instead of `<key>` when the wait (`seconds`) is two minutes or more.
//! - `<key>_at` / `<key>_past`: used when a limit's reset time (`resetAt`, said as `{time}`) is
//!   known and the wait is not a short one: `_past` once the time has passed, which only a
//!   renderer given the time now can tell ([`render_at`]). `<key>_recorded` /
//!   `<key>_recorded_past` instead for a recorded report (a HAR): the time is said as recorded.
//! - `<key>_one`: used instead of `<key>` when `count` is 1 (English and German say "1 request").
//! - `<key>_unnamed`: used when `<key>` cannot be filled because the extension is not known.
//! - `note_<id>`: a note (something that broke nothing) on the report.
//! - `fix_<id>_steps_<blocker>`: steps for one blocker (`ublock`, `adblock`, …), used when the fix
//!   or its finding names that blocker.
//! - `label_*`, `format_*`, `summary_*`: the text output and the support summary.
//! - `evidence_<kind>…`: an evidence line (see [`crate::report::EvidenceKind`]), filled from the
//!   evidence's own parameters; `format_bytes`, `format_kb`, `format_mb`, `format_ms`,
//!   `format_s`, `format_min` give the units, [`number`] the language's decimal mark and grouping.

// In the extension's build (no compiled-in texts) the items these docs link to for the other
// builds (`Compiled`, `render`, `message`, …) do not exist; the links are right everywhere else.
#![cfg_attr(not(embedded_texts), allow(rustdoc::broken_intra_doc_links))]

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::report::{Evidence, EvidenceKind, Params, Report};

/// A language the texts exist in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// German.
    De,
    /// Japanese.
    Ja,
}

impl Lang {
    /// Every language, English (the reference) first.
    pub const ALL: &'static [Lang] = &[Lang::En, Lang::De, Lang::Ja];

    /// Parses `en`, `de-DE`, `ja_JP`, …; anything else is English.
    pub fn parse(tag: &str) -> Lang {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "de" => Lang::De,
            "ja" => Lang::Ja,
            _ => Lang::En,
        }
    }

    /// The language tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Ja => "ja",
        }
    }

    /// The language's row in the generated tables (their `LANGS` order is `Lang::ALL`'s).
    fn index(self) -> usize {
        match self {
            Lang::En => 0,
            Lang::De => 1,
            Lang::Ja => 2,
        }
    }
}

/// Where the renderer gets its texts: the message of a locale key in one language.
///
/// Rendering is pure; where the texts come from is the caller's choice, passed in to
/// [`render_with`] and [`render_text_with`]. Two sources exist: [`Compiled`], the locale files
/// compiled into the crate (the command line, the help page's module, the tests), and in the
/// extension's module the extension's own `_locales` files, asked through its JS at run time
/// (the wasm glue implements it), so the module does not carry a second copy of them.
pub trait Texts {
    /// The message of `key` in `lang` alone, placeholders unfilled; None when that language
    /// lacks it (the renderer then asks for English, then says the key itself).
    fn get(&self, key: &str, lang: Lang) -> Option<&str>;
}

/// A text of `key` in `lang`, else in English (the reference), from the source `t`.
fn lookup<'t>(t: &'t dyn Texts, lang: Lang, key: &str) -> Option<&'t str> {
    t.get(key, lang).or_else(|| t.get(key, Lang::En))
}

/// One generated table of texts: `keys` sorted (as a `BTreeMap<String, _>` orders them), and for
/// each language (by [`Lang::index`]) the text of each key, `None` where that language lacks it.
// Unused in a wasm build without the `texts` feature, which has no table.
#[cfg_attr(not(embedded_texts), allow(dead_code))]
struct Table {
    keys: &'static [&'static str],
    texts: [&'static [Option<&'static str>]; 3],
}

#[cfg_attr(not(embedded_texts), allow(dead_code))]
impl Table {
    /// The text of `key` in `lang` alone.
    fn get(&self, lang: Lang, key: &str) -> Option<&'static str> {
        let i = self.keys.binary_search(&key).ok()?;
        self.texts[lang.index()].get(i).copied().flatten()
    }
}

/// The texts the engine renders (keys `cause_*`, `fix_*`, `verdict_*`, `label_*`, `summary_*`,
/// `format_*`, `note_*`, `evidence_*`), generated by `src/build.rs`. In every build but a wasm
/// one without the `texts` feature (the extension's: `embedded_texts` is src/build.rs's word for
/// this).
#[cfg(embedded_texts)]
mod engine_texts {
    include!(concat!(env!("OUT_DIR"), "/engine_messages.rs"));
}

/// Every other key: the extension's and the help page's UI strings. Nothing in Rust renders them
/// (JS reads them through `chrome.i18n` or the copied files), so only the native build carries
/// them, for [`message`] and [`keys`] to answer for the whole file.
#[cfg(not(target_arch = "wasm32"))]
mod ui_texts {
    include!(concat!(env!("OUT_DIR"), "/ui_messages.rs"));
}

/// The engine's texts compiled in from `extension/_locales` (by `src/build.rs`): the text source
/// of every build but the extension's module (a wasm build without the `texts` feature, which
/// asks its JS instead; see [`Texts`]). It holds the engine's keys alone, so a report renders the
/// same natively as in the help page's module, which carries no other.
#[cfg(embedded_texts)]
#[derive(Debug, Clone, Copy, Default)]
pub struct Compiled;

#[cfg(embedded_texts)]
impl Texts for Compiled {
    fn get(&self, key: &str, lang: Lang) -> Option<&str> {
        engine_texts::TABLE.get(lang, key)
    }
}

/// The tables this build carries; a key is in at most one of them.
#[cfg(not(target_arch = "wasm32"))]
static TABLES: [&Table; 2] = [&engine_texts::TABLE, &ui_texts::TABLE];
#[cfg(all(target_arch = "wasm32", embedded_texts))]
static TABLES: [&Table; 1] = [&engine_texts::TABLE];

/// The message `key` in `lang`, or in English when `lang` lacks it; None when neither has it.
/// Placeholders are left as they are (see [`fill`]). A wasm build has only the engine's keys (see
/// the module docs); a native build has every key of the files.
#[cfg(embedded_texts)]
pub fn message(lang: Lang, key: &str) -> Option<&'static str> {
    let one = |l: Lang| TABLES.iter().find_map(|t| t.get(l, key));
    one(lang).or_else(|| one(Lang::En))
}

/// Every key the locale file of `lang` has, in sorted order (in a wasm build: every engine key).
#[cfg(embedded_texts)]
pub fn keys(lang: Lang) -> impl Iterator<Item = &'static str> {
    let mut all: Vec<&'static str> = TABLES
        .iter()
        .flat_map(|t| {
            t.keys
                .iter()
                .zip(t.texts[lang.index()])
                .filter_map(|(key, text)| text.map(|_| *key))
        })
        .collect();
    all.sort_unstable();
    all.into_iter()
}

/// The placeholder names a message uses (`{service}` gives `service`), in order of appearance.
/// A brace not followed by letters and `}` is not a placeholder.
pub fn placeholders(message: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = message;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if close > 0 && after[..close].chars().all(|c| c.is_ascii_alphabetic()) => {
                out.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

/// Fills every `{name}` of `message` from `value`; None when a placeholder has no value.
pub fn fill(message: &str, value: impl Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::with_capacity(message.len() + 32);
    let mut rest = message;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if close > 0 && after[..close].chars().all(|c| c.is_ascii_alphabetic()) => {
                out.push_str(&rest[..open]);
                out.push_str(&value(&after[..close])?);
                rest = &after[close + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Some(out)
}

/// The parameters a text is filled from: a fix's own first, then its finding's (a default fix
/// carries only the service, while the finding knows the extension or the blocker).
struct View<'a>(&'a [&'a Params]);

impl View<'_> {
    fn get(&self, name: &str) -> Option<String> {
        self.0.iter().find_map(|p| p.get(name))
    }
}

/// When a report is rendered: the time now, where the caller knows it (rendering cannot read a
/// clock), and whether its observations were recorded earlier (a HAR).
#[derive(Clone, Copy, Default)]
struct Moment {
    now: Option<f64>,
    recorded: bool,
}

impl Moment {
    /// The value of `name` for a text in `lang`: `{time}` is a reset time said in UTC (a front
    /// end that knows the reader's zone re-says it); a recorded report's waits in seconds were
    /// counted from when it was recorded, so they are not said at all.
    fn value(self, t: &dyn Texts, lang: Lang, view: &View<'_>, name: &str) -> Option<String> {
        match name {
            "time" => view
                .0
                .iter()
                .find_map(|p| p.reset_at)
                .and_then(|ms| utc_clock(t, lang, ms)),
            "seconds" | "minutes" if self.recorded => None,
            _ => view.get(name),
        }
    }
}

/// A reset time as the language says a UTC clock time with its day (`16:46 UTC on 22 Nov`), in
/// the words of the texts `t`.
pub fn utc_clock(t: &dyn Texts, lang: Lang, ms: f64) -> Option<String> {
    let iso = format_time(ms)?;
    // `YYYY-MM-DD HH:MM:SS UTC`
    let month: usize = iso.get(5..7)?.parse().ok()?;
    let day: u32 = iso.get(8..10)?.parse().ok()?;
    let clock = iso.get(11..16)?;
    let months: Vec<&str> = text(t, lang, "format_months").split(' ').collect();
    let month_name = months.get(month - 1).copied().unwrap_or("");
    fill(text(t, lang, "format_utc_time"), |n| match n {
        "clock" => Some(clock.to_owned()),
        "day" => Some(day.to_string()),
        "month" => Some(month_name.to_owned()),
        _ => None,
    })
}

/// Renders `base` with the parameters: the first message to exist with every placeholder
/// filled, trying each stem in turn (a blocker's variant when `per_blocker`, the key itself,
/// then its `_unnamed` form for when the extension is not known), and for each stem its
/// singular (`_one`, for a count of 1) and long-wait (`_minutes`) forms before the plain one;
/// then the `_generic` form, which names nothing. The key itself when none exists (a broken
/// locale file).
fn render_key(
    t: &dyn Texts,
    lang: Lang,
    base: &str,
    view: &View<'_>,
    per_blocker: bool,
    moment: Moment,
) -> String {
    let mut stems: Vec<String> = Vec::with_capacity(3);
    if per_blocker {
        if let Some(b) = view.get("blocker") {
            if !b.is_empty() && b.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_') {
                stems.push(format!("{base}_{b}"));
            }
        }
    }
    stems.push(base.to_owned());
    stems.push(format!("{base}_unnamed"));
    // "1 request" reads differently from "2 requests" in English and German; Japanese has one
    // form, so its `_one` texts say the same as the plain ones.
    let one = view
        .0
        .iter()
        .find_map(|p| p.count)
        .is_some_and(|n| plural_one(lang, n));
    let seconds = view.0.iter().find_map(|p| p.seconds);
    let long_wait = seconds.is_some_and(|s| s >= crate::report::LONG_WAIT_SECONDS);
    // A reset time is said as a clock time unless the wait is a short one seen live (a
    // countdown in seconds says it better).
    let reset = view
        .0
        .iter()
        .find_map(|p| p.reset_at)
        .filter(|_| moment.recorded || seconds.is_none() || long_wait);
    let past = match (reset, moment.now) {
        (Some(at), Some(now)) => at <= now,
        _ => false,
    };
    let mut candidates: Vec<String> = Vec::with_capacity(stems.len() * 5 + 1);
    for stem in stems {
        if reset.is_some() {
            let kind = if moment.recorded { "_recorded" } else { "" };
            if past {
                candidates.push(format!("{stem}{kind}_past"));
            }
            candidates.push(if moment.recorded {
                format!("{stem}_recorded")
            } else {
                format!("{stem}_at")
            });
        }
        if one {
            candidates.push(format!("{stem}_one"));
        }
        if long_wait {
            candidates.push(format!("{stem}_minutes"));
        }
        candidates.push(stem);
    }
    candidates.push(format!("{base}_generic"));
    candidates
        .iter()
        .filter_map(|key| lookup(t, lang, key))
        .find_map(|m| fill(m, |name| moment.value(t, lang, view, name)))
        .unwrap_or_else(|| base.to_owned())
}

/// A message without parameters, or its key when no locale has it.
fn text<'a>(t: &'a dyn Texts, lang: Lang, key: &'a str) -> &'a str {
    lookup(t, lang, key).unwrap_or(key)
}

/// A confidence as a whole percentage in the language's format (`85%`, `85 %`).
fn percent(t: &dyn Texts, lang: Lang, confidence: f64) -> String {
    let n = (confidence.clamp(0.0, 1.0) * 100.0).round() as u32;
    let format = text(t, lang, "format_percent");
    fill(format, |name| (name == "percent").then(|| n.to_string()))
        .unwrap_or_else(|| format!("{n}%"))
}

/// Whether `n` takes the singular (`_one`) form in `lang`: English and German say "1 request",
/// "2 requests" (and "0 requests"); Japanese has no grammatical number.
pub fn plural_one(lang: Lang, n: u64) -> bool {
    match lang {
        Lang::En | Lang::De => n == 1,
        Lang::Ja => false,
    }
}

/// A number with `decimals` fraction digits in the language's format: `1,234.5` in English and
/// Japanese, `1.234,5` in German.
pub fn number(lang: Lang, x: f64, decimals: usize) -> String {
    let (group, mark) = match lang {
        Lang::De => ('.', ','),
        Lang::En | Lang::Ja => (',', '.'),
    };
    let x = if x.is_finite() { x } else { 0.0 };
    // Rounded in integers rather than by `format!("{:.*}")`: float formatting would bring
    // core's float printing (about 14 KB) into the extension's module for this one use. Sizes
    // and durations are far below 2^53, where the integers are exact.
    let decimals = decimals.min(6);
    let scale = 10u64.pow(decimals as u32);
    let scaled = (x.abs() * scale as f64).round().min(u64::MAX as f64) as u64;
    let int = (scaled / scale).to_string();
    let frac = match decimals {
        0 => String::new(),
        d => format!("{:0d$}", scaled % scale),
    };
    let mut out = String::with_capacity(int.len() + frac.len() + 4);
    if x < 0.0 && scaled != 0 {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(mark);
        out.push_str(&frac);
    }
    out
}

/// A unit text (`format_kb`: `{n} kB`) filled with a number.
fn unit(t: &dyn Texts, lang: Lang, key: &str, n: String) -> String {
    let format = text(t, lang, key);
    fill(format, |name| (name == "n").then(|| n.clone())).unwrap_or(n)
}

/// A size in bytes for people: `512 B`, `1.5 kB`, `2.3 MB` (decimal units, as browsers show
/// downloads), in the language's number format and the unit texts of `t`.
pub fn format_bytes(t: &dyn Texts, lang: Lang, bytes: u64) -> String {
    let b = bytes as f64;
    if bytes < 1000 {
        unit(t, lang, "format_bytes", number(lang, b, 0))
    } else if bytes < 1_000_000 {
        unit(t, lang, "format_kb", number(lang, b / 1e3, 1))
    } else {
        unit(t, lang, "format_mb", number(lang, b / 1e6, 1))
    }
}

/// A duration in ms for people: `850 ms`, `4.2 s`, `42 s`, `3 min`, in the language's number format
/// and the unit texts of `t`.
pub fn format_duration(t: &dyn Texts, lang: Lang, ms: u64) -> String {
    if ms < 1000 {
        unit(t, lang, "format_ms", number(lang, ms as f64, 0))
    } else if ms < 10_000 {
        unit(t, lang, "format_s", number(lang, ms as f64 / 1e3, 1))
    } else if ms < 60_000 {
        unit(
            t,
            lang,
            "format_s",
            number(lang, (ms as f64 / 1e3).round(), 0),
        )
    } else {
        unit(
            t,
            lang,
            "format_min",
            number(lang, (ms as f64 / 6e4).round(), 0),
        )
    }
}

/// An evidence line in `lang`, from its kind and parameters. A request line is technical and
/// stays as it is; a line whose texts are missing falls back to its parameters, never to
/// nothing.
fn evidence_line(t: &dyn Texts, lang: Lang, e: &Evidence) -> String {
    let p = |k: &str| e.params.get(k).cloned();
    let num = |k: &str| e.params.get(k).and_then(|v| v.parse::<u64>().ok());
    let flag = |k: &str| e.params.get(k).map(|v| v == "true");
    let filled = |key: &str, extra: &dyn Fn(&str) -> Option<String>| {
        lookup(t, lang, key).and_then(|m| fill(m, |name| extra(name).or_else(|| p(name))))
    };
    let none = |_: &str| None;
    let line = match e.kind {
        EvidenceKind::Request => p("line"),
        EvidenceKind::StreamCut => filled("evidence_stream_cut", &|name| match name {
            "size" => num("bytes").map(|b| format_bytes(t, lang, b)),
            "duration" => num("ms").map(|m| format_duration(t, lang, m)),
            _ => None,
        }),
        EvidenceKind::SocketClosed => {
            let key = match (flag("opened"), flag("clean")) {
                (Some(false), _) => "evidence_socket_never_opened",
                (_, Some(false)) => "evidence_socket_closed_unclean",
                _ => "evidence_socket_closed",
            };
            filled(key, &none)
        }
        EvidenceKind::PageShowed => filled("evidence_page_showed", &none),
        EvidenceKind::Extensions => {
            let count = num("count").unwrap_or(0);
            let key = if plural_one(lang, count) {
                "evidence_extensions_one"
            } else {
                "evidence_extensions"
            };
            filled(key, &none)
        }
        EvidenceKind::StatusPage => {
            let indicator = p("indicator").unwrap_or_default();
            let key = if indicator.bytes().all(|b| b.is_ascii_lowercase()) {
                format!("evidence_status_{indicator}")
            } else {
                String::new()
            };
            filled(&key, &none).map(|l| match p("incident") {
                Some(i) => format!("{l} · {i}"),
                None => l,
            })
        }
        EvidenceKind::Environment => {
            let mut parts: Vec<String> = Vec::new();
            let mut part = |key: &str| {
                if let Some(t) = filled(key, &|name| match name {
                    "duration" => e
                        .params
                        .get("clock_seconds")
                        .and_then(|v| v.parse::<i64>().ok())
                        .map(|s| format_duration(t, lang, s.unsigned_abs().saturating_mul(1000))),
                    _ => None,
                }) {
                    parts.push(t);
                }
            };
            match flag("online") {
                Some(true) => part("evidence_env_online"),
                Some(false) => part("evidence_env_offline"),
                None => {}
            }
            match flag("jar_allowed") {
                Some(true) => part("evidence_env_cookies_on"),
                Some(false) => part("evidence_env_cookies_off"),
                None => {}
            }
            if e.params.contains_key("clock_seconds") {
                part("evidence_env_clock");
            }
            if e.params.contains_key("proxy") {
                part("evidence_env_proxy");
            }
            if e.params.contains_key("browser") {
                part("evidence_env_browser");
            }
            // A space follows the separator, except in Japanese (`、` takes none).
            let mut sep = text(t, lang, "evidence_separator").to_owned();
            if lang != Lang::Ja {
                sep.push(' ');
            }
            let joined = parts.join(&sep);
            filled("evidence_environment", &|name| {
                (name == "parts").then(|| joined.clone())
            })
        }
        EvidenceKind::Check => {
            let outcome = p("outcome").unwrap_or_default();
            let key = match outcome.as_str() {
                "pass" | "problem" | "untested" => format!("evidence_check_{outcome}"),
                _ => String::new(),
            };
            filled(&key, &none).map(|l| match p("detail") {
                Some(d) => format!("{l} ({d})"),
                None => l,
            })
        }
    };
    // A line from an older report, with its text and no parameters, stays as it was written.
    if e.params.is_empty() && !e.summary.is_empty() {
        return line.unwrap_or_else(|| e.summary.clone());
    }
    line.unwrap_or_else(|| {
        let mut v: Vec<String> = e.params.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        v.insert(0, e.kind.id().to_owned());
        v.join(" · ")
    })
}

/// Fills every text field of a report in `lang` from the compiled-in texts ([`Compiled`]); see
/// [`render_with`].
#[cfg(embedded_texts)]
pub fn render(report: &mut Report, lang: Lang) {
    render_with(&Compiled, report, lang, None);
}

/// [`render`], knowing the time now (ms since the Unix epoch); see [`render_with`].
#[cfg(embedded_texts)]
pub fn render_at(report: &mut Report, lang: Lang, now: Option<f64>) {
    render_with(&Compiled, report, lang, now);
}

/// Fills every text field of a report in `lang` from the texts `t`, from its ids and parameters
/// alone: rendering again, in any language, replaces everything, so the result depends only on
/// the last `lang`. With `now` (ms since the Unix epoch), a reset time already past is said so;
/// without, reset times are said in UTC with no "already past". Front ends that know the clock
/// (the command line) pass it; the result depends only on the report, `t`, `lang` and `now`.
pub fn render_with(t: &dyn Texts, report: &mut Report, lang: Lang, now: Option<f64>) {
    let moment = Moment {
        now: now.filter(|n| n.is_finite()),
        recorded: report.recorded,
    };
    for finding in &mut report.findings {
        let cause = finding.cause.id();
        let own = View(&[&finding.params]);
        finding.title = render_key(
            t,
            lang,
            &format!("cause_{cause}_title"),
            &own,
            false,
            moment,
        );
        finding.explanation = render_key(
            t,
            lang,
            &format!("cause_{cause}_explanation"),
            &own,
            false,
            moment,
        );
        if finding.primary == 0 {
            finding.primary = crate::report::primary_fixes(finding);
        }
        for e in &mut finding.evidence {
            e.summary = evidence_line(t, lang, e);
        }
        for fix in &mut finding.fixes {
            let id = fix.fix.id();
            let view = View(&[&fix.params, &finding.params]);
            fix.title = render_key(t, lang, &format!("fix_{id}_title"), &view, false, moment);
            fix.steps = render_key(t, lang, &format!("fix_{id}_steps"), &view, true, moment)
                .split('\n')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
        }
    }
    for note in &mut report.notes {
        let view = View(&[&note.params]);
        note.text = render_key(
            t,
            lang,
            &format!("note_{}", note.note.id()),
            &view,
            true,
            moment,
        );
    }
    report.lang = lang.tag().to_owned();
    report.support_summary = support_summary(t, report, lang);
}

/// The plain-text summary for a support ticket: ids (language-free, for the support team) next to
/// the rendered titles, the technical evidence, and the time; redacted as a whole at the end.
fn support_summary(t: &dyn Texts, report: &Report, lang: Lang) -> String {
    let mut s = String::new();
    // `write!` into a String cannot fail; the results are ignored for that reason.
    let _ = writeln!(s, "{}", text(t, lang, "summary_title"));
    let _ = writeln!(s, "{}", text(t, lang, "summary_intro"));
    let service = match report.service {
        Some(id) => format!("{} ({})", id.entry().name, id.id()),
        None => text(t, lang, "label_service_unknown").to_owned(),
    };
    let _ = writeln!(s, "{}: {service}", text(t, lang, "label_service"));
    if let Some(time) = report.time.and_then(format_time) {
        let _ = writeln!(s, "{}: {time}", text(t, lang, "label_time"));
    }
    let verdict = report.verdict.id();
    let _ = writeln!(
        s,
        "{}: {verdict} · {}",
        text(t, lang, "label_verdict"),
        text(t, lang, &format!("verdict_{verdict}"))
    );
    if report.findings.is_empty() {
        let _ = writeln!(
            s,
            "{}: {}",
            text(t, lang, "label_findings"),
            text(t, lang, "label_no_findings")
        );
    } else {
        let _ = writeln!(s, "{}:", text(t, lang, "label_findings"));
    }
    if !report.notes.is_empty() {
        let ids: Vec<&str> = report.notes.iter().map(|n| n.note.id()).collect();
        let _ = writeln!(s, "{}: {}", text(t, lang, "label_notes"), ids.join(", "));
    }
    for (n, f) in report.findings.iter().enumerate() {
        let _ = writeln!(
            s,
            "{}. {} · {} · {}",
            n + 1,
            f.cause.id(),
            percent(t, lang, f.confidence),
            f.title
        );
        for e in &f.evidence {
            let _ = writeln!(s, "   - {}", e.summary);
        }
        if !f.fixes.is_empty() {
            let ids: Vec<&str> = f.fixes.iter().map(|x| x.fix.id()).collect();
            let _ = writeln!(
                s,
                "   {}: {}",
                text(t, lang, "label_fix_ids"),
                ids.join(", ")
            );
        }
    }
    crate::redact::redact(s.trim_end()).into_owned()
}

/// A time in ms since the Unix epoch as `YYYY-MM-DD HH:MM:SS UTC` (the same in every language:
/// support teams read it). None for times outside years 1970 to 9999.
pub fn format_time(ms: f64) -> Option<String> {
    if !ms.is_finite() || !(0.0..253_402_300_800_000.0).contains(&ms) {
        return None;
    }
    let secs = (ms / 1000.0).floor() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's days-to-civil: proleptic Gregorian calendar from 1970-01-01.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Some(format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    ))
}

/// The report as the command line prints it: the verdict headline, then each finding (title,
/// confidence, explanation, evidence, fixes with numbered steps), then the support summary.
/// Uses the texts already rendered (see [`render_with`]) in the report's language, and the
/// compiled-in texts ([`Compiled`]) for its labels; see [`render_text_with`].
#[cfg(embedded_texts)]
pub fn render_text(report: &Report) -> String {
    render_text_with(&Compiled, report)
}

/// [`render_text`] with its labels from the texts `t`.
pub fn render_text_with(t: &dyn Texts, report: &Report) -> String {
    let lang = Lang::parse(&report.lang);
    let mut s = String::new();
    // `write!` into a String cannot fail; the results are ignored for that reason.
    let _ = writeln!(
        s,
        "{}",
        text(t, lang, &format!("verdict_{}", report.verdict.id()))
    );
    if report.findings.is_empty() {
        let _ = writeln!(s, "\n{}", text(t, lang, "label_no_findings"));
    }
    for (n, f) in report.findings.iter().enumerate() {
        let _ = writeln!(s, "\n{}. {}", n + 1, f.title);
        let _ = writeln!(
            s,
            "   {}: {}",
            text(t, lang, "label_confidence"),
            percent(t, lang, f.confidence)
        );
        if !f.explanation.is_empty() {
            let _ = writeln!(s, "   {}", f.explanation);
        }
        if !f.evidence.is_empty() {
            let _ = writeln!(s, "   {}:", text(t, lang, "label_evidence"));
            for e in &f.evidence {
                let _ = writeln!(s, "     - {}", e.summary);
            }
        }
        if !f.fixes.is_empty() {
            let _ = writeln!(s, "   {}:", text(t, lang, "label_fixes"));
            let shown = match f.primary {
                0 => crate::report::primary_fixes(f),
                n => n.min(f.fixes.len()),
            };
            for fix in &f.fixes[..shown] {
                let _ = writeln!(s, "   * {}", fix.title);
                for (i, step) in fix.steps.iter().enumerate() {
                    let _ = writeln!(s, "       {}. {step}", i + 1);
                }
            }
            // The rest, as every front end keeps them: titles only, behind their own heading.
            if shown < f.fixes.len() {
                let _ = writeln!(s, "   {}:", text(t, lang, "label_more_fixes"));
                for fix in &f.fixes[shown..] {
                    let _ = writeln!(s, "   - {}", fix.title);
                }
            }
        }
    }
    if !report.notes.is_empty() {
        let _ = writeln!(s, "\n{}:", text(t, lang, "label_notes"));
        for note in &report.notes {
            let _ = writeln!(s, "   - {}", note.text);
        }
    }
    if !report.support_summary.is_empty() {
        let _ = writeln!(s, "\n{}:", text(t, lang, "label_support_summary"));
        let _ = writeln!(s, "{}", report.support_summary);
    }
    s
}

// The tests render from the compiled-in texts, which the extension's wasm build lacks.
#[cfg(all(test, embedded_texts))]
mod tests {
    use super::*;
    use crate::cause::{Cause, FixId};
    use crate::report::{Evidence, Finding, Fix, Verdict};

    fn full_params() -> Params {
        Params {
            service: Some("ChatGPT".into()),
            host: Some("chatgpt.com".into()),
            status: Some(503),
            code: Some("1060".into()),
            seconds: Some(42),
            url: Some("https://status.openai.com".into()),
            incident: Some("Elevated errors".into()),
            extension_id: Some("cjpalhdlnbpafiamejdnhcphjbkeiagm".into()),
            extension: Some("uBlock Origin".into()),
            blocker: Some("ublock".into()),
            origins: vec!["https://chatgpt.com".into()],
            suspects: vec![],
            offset_seconds: Some(-300),
            count: Some(3),
            reset_at: Some(1_763_830_000_000.0),
        }
    }

    /// A report with every cause, each carrying every fix, with `params` everywhere.
    fn everything(params: &Params) -> Report {
        Report {
            service: Some(crate::ServiceId::Chatgpt),
            verdict: Verdict::NotYou,
            findings: Cause::ALL
                .iter()
                .map(|&cause| Finding {
                    cause,
                    action: Some(crate::report::ActionKind::Send),
                    confidence: 0.8,
                    params: params.clone(),
                    title: String::new(),
                    explanation: String::new(),
                    evidence: vec![Evidence {
                        observation: 0,
                        kind: EvidenceKind::Request,
                        params: [(
                            "line".to_owned(),
                            "POST chatgpt.com/backend-api/f/conversation → 503".to_owned(),
                        )]
                        .into(),
                        summary: "POST chatgpt.com/backend-api/f/conversation → 503".into(),
                    }],
                    fixes: FixId::ALL
                        .iter()
                        .map(|&id| Fix::new(id, params.clone()))
                        .collect(),
                    primary: 0,
                })
                .collect(),
            notes: crate::report::NoteId::ALL
                .iter()
                .map(|&note| crate::report::Note {
                    note,
                    params: params.clone(),
                    text: String::new(),
                })
                .collect(),
            support_summary: String::new(),
            lang: String::new(),
            time: Some(1_758_606_131_000.0),
            recorded: false,
        }
    }

    fn all_texts(r: &Report) -> Vec<&str> {
        let mut out = vec![r.support_summary.as_str()];
        for f in &r.findings {
            out.push(&f.title);
            out.push(&f.explanation);
            for x in &f.fixes {
                out.push(&x.title);
                out.extend(x.steps.iter().map(String::as_str));
            }
        }
        out.extend(r.notes.iter().map(|n| n.text.as_str()));
        out
    }

    /// A text source of a few fixed messages, as the extension's `_locales` source is one the
    /// crate does not own.
    struct Few(&'static [(Lang, &'static str, &'static str)]);

    impl Texts for Few {
        fn get(&self, key: &str, lang: Lang) -> Option<&str> {
            self.0
                .iter()
                .find(|(l, k, _)| *l == lang && *k == key)
                .map(|(_, _, text)| *text)
        }
    }

    #[test]
    fn renders_from_the_text_source_passed_in() {
        let texts = Few(&[
            (Lang::De, "verdict_all_clear", "Alles gut (Quelle)"),
            (Lang::En, "summary_title", "Summary (source)"),
            (Lang::De, "label_service", "Dienst (Quelle)"),
        ]);
        let mut r = crate::diagnose::run(&[]);
        render_with(&texts, &mut r, Lang::De, None);
        // German where the source has it, English where it lacks German, the key where it has
        // neither: never the compiled-in texts.
        assert!(r.support_summary.starts_with("Summary (source)\n"));
        assert!(r
            .support_summary
            .contains("Dienst (Quelle): label_service_unknown"));
        assert!(r.support_summary.contains("all_clear · Alles gut (Quelle)"));
        let text = render_text_with(&texts, &r);
        assert!(text.starts_with("Alles gut (Quelle)\n"), "{text}");
        assert!(text.contains("label_no_findings"));
        assert_eq!(r.lang, "de");
    }

    #[test]
    fn every_text_is_filled_with_full_and_with_no_params() {
        let long_wait = Params {
            seconds: Some(14_800),
            ..full_params()
        };
        for params in [full_params(), long_wait, Params::default()] {
            for &lang in Lang::ALL {
                let mut r = everything(&params);
                render(&mut r, lang);
                for t in all_texts(&r) {
                    assert!(!t.is_empty(), "{lang:?}: empty text");
                    assert!(!t.contains('{'), "{lang:?}: placeholder left in {t:?}");
                    assert!(
                        !t.starts_with("cause_") && !t.starts_with("fix_"),
                        "{lang:?}: a key instead of a text: {t:?}"
                    );
                }
                for f in &r.findings {
                    assert!(f.fixes.iter().all(|x| !x.steps.is_empty()));
                }
            }
        }
    }

    #[test]
    fn titles_use_params_when_all_are_there_and_generic_otherwise() {
        let mut r = everything(&full_params());
        render(&mut r, Lang::En);
        let blocked = r
            .findings
            .iter()
            .find(|f| f.cause == Cause::BlockedByExtension)
            .map(|f| f.title.clone());
        assert_eq!(
            blocked.as_deref(),
            Some("uBlock Origin is blocking chatgpt.com")
        );
        // Only the host: the title needs the extension too, so the generic one is used.
        let mut r = everything(&Params {
            host: Some("chatgpt.com".into()),
            ..Params::default()
        });
        render(&mut r, Lang::En);
        let f = &r.findings[Cause::ALL
            .iter()
            .position(|&c| c == Cause::BlockedByExtension)
            .unwrap_or(0)];
        assert_eq!(f.title, "An extension is blocking the chat");
    }

    #[test]
    fn long_waits_are_in_minutes_and_blockers_get_their_steps() {
        let mut r = everything(&Params {
            seconds: Some(14_800),
            blocker: Some("ublock".into()),
            ..Params::default()
        });
        render(&mut r, Lang::En);
        let fixes = &r.findings[0].fixes;
        let retry = fixes.iter().find(|x| x.fix == FixId::RetryAfter);
        assert_eq!(
            retry.map(|x| x.title.as_str()),
            Some("Try again in 247 minutes")
        );
        let allow = fixes
            .iter()
            .find(|x| x.fix == FixId::AllowlistSiteInBlocker)
            .map(|x| x.steps.join(" "))
            .unwrap_or_default();
        assert!(allow.contains("power button"), "{allow}");
        // An unknown blocker falls back to the generic steps.
        let mut r = everything(&Params {
            blocker: Some("some_new_blocker".into()),
            ..Params::default()
        });
        render(&mut r, Lang::En);
        let allow = r.findings[0]
            .fixes
            .iter()
            .find(|x| x.fix == FixId::AllowlistSiteInBlocker)
            .map(|x| x.steps.join(" "))
            .unwrap_or_default();
        assert!(allow.contains("the blocker's icon"), "{allow}");
        assert!(!allow.contains("uBlock"), "{allow}");
    }

    #[test]
    fn reset_times_are_clock_times_past_ones_say_so_and_recorded_ones_say_the_har() {
        // 22 Nov 2025, 16:46 UTC.
        let at = 1_763_829_960_000.0;
        let wait = |lang, recorded, now: Option<f64>, seconds| {
            let mut r = everything(&Params {
                seconds,
                reset_at: Some(at),
                ..Params::default()
            });
            r.findings.truncate(1);
            r.findings[0].fixes = vec![Fix::new(FixId::RetryAfter, Params::default())];
            r.recorded = recorded;
            render_at(&mut r, lang, now);
            r.findings[0].fixes[0].title.clone()
        };
        let before = Some(at - 3_600_000.0);
        let after = Some(at + 1.0);
        assert_eq!(
            wait(Lang::En, false, None, Some(18_000)),
            "Try again after 16:46 UTC on 22 Nov"
        );
        assert_eq!(
            wait(Lang::En, false, before, Some(18_000)),
            "Try again after 16:46 UTC on 22 Nov"
        );
        assert_eq!(
            wait(Lang::En, false, after, None),
            "Your limit has reset: try again now"
        );
        assert_eq!(
            wait(Lang::De, false, None, None),
            "Nach 16:46 UTC am 22. Nov. erneut versuchen"
        );
        assert_eq!(
            wait(Lang::Ja, false, None, None),
            "11月22日 16:46 UTC以降に再試行"
        );
        // A short wait seen live stays a countdown in seconds.
        assert_eq!(wait(Lang::En, false, None, Some(30)), "Try again in 30 s");
        // A HAR: the recorded time, never a count from when it was recorded.
        assert_eq!(
            wait(Lang::En, true, None, Some(30)),
            "The HAR says the limit resets at 16:46 UTC on 22 Nov"
        );
        assert_eq!(
            wait(Lang::En, true, after, Some(30_000)),
            "The HAR says the limit reset at 16:46 UTC on 22 Nov: try again now"
        );
        // A HAR's wait without a reset time is not said in seconds from the recording.
        let mut r = everything(&Params {
            seconds: Some(30_000),
            ..Params::default()
        });
        r.recorded = true;
        render(&mut r, Lang::En);
        let retry = r.findings[0]
            .fixes
            .iter()
            .find(|x| x.fix == FixId::RetryAfter)
            .map(|x| x.title.clone());
        assert_eq!(
            retry.as_deref(),
            Some("Wait as long as asked, then try again")
        );
    }

    #[test]
    fn text_output_folds_fixes_beyond_the_primary_ones() {
        let mut r = everything(&full_params());
        r.findings.truncate(1);
        r.findings[0].fixes.truncate(5);
        r.findings[0].primary = 0;
        render(&mut r, Lang::De);
        assert_eq!(r.findings[0].primary, 3);
        let t = render_text(&r);
        assert_eq!(t.matches("\n   * ").count(), 3, "{t}");
        assert!(t.contains("\n   Weitere Lösungen:\n"), "{t}");
        let titles: Vec<&str> = r.findings[0].fixes[3..]
            .iter()
            .map(|f| f.title.as_str())
            .collect();
        for title in titles {
            assert!(t.contains(&format!("\n   - {title}\n")), "{t}");
        }
    }

    #[test]
    fn a_fix_borrows_missing_params_from_its_finding() {
        let finding_params = Params {
            extension: Some("AdGuard".into()),
            blocker: Some("adguard".into()),
            ..Params::default()
        };
        let mut r = everything(&finding_params);
        for f in &mut r.findings {
            f.fixes = vec![Fix::new(
                FixId::AllowlistSiteInBlocker,
                Params {
                    service: Some("Claude".into()),
                    ..Params::default()
                },
            )];
        }
        render(&mut r, Lang::En);
        let fix = &r.findings[0].fixes[0];
        assert_eq!(fix.title, "Allow Claude in AdGuard");
        assert!(fix.steps.iter().any(|s| s.contains("AdGuard icon")));
    }

    #[test]
    fn rendering_is_idempotent_and_only_the_last_language_counts() {
        let mut once = everything(&full_params());
        render(&mut once, Lang::En);
        let mut twice = once.clone();
        render(&mut twice, Lang::En);
        assert_eq!(once, twice);
        let mut via_de = everything(&full_params());
        render(&mut via_de, Lang::De);
        assert_ne!(via_de.findings[0].title, once.findings[0].title);
        assert_eq!(via_de.lang, "de");
        render(&mut via_de, Lang::En);
        assert_eq!(via_de, once);
    }

    #[test]
    fn languages_differ_and_japanese_is_polite() {
        let mut r = everything(&Params::default());
        render(&mut r, Lang::Ja);
        // Every sentence ends in a polite form (です/ます and their past and negative forms).
        for f in &r.findings {
            for sentence in f.explanation.split_terminator('。') {
                assert!(
                    ["です", "でした", "ます", "ました", "ません", "ください"]
                        .iter()
                        .any(|end| sentence.ends_with(end)),
                    "{sentence}"
                );
            }
        }
        assert_eq!(r.lang, "ja");
        assert_eq!(
            message(Lang::De, "verdict_all_clear"),
            Some("Alles in Ordnung: Nichts ist fehlgeschlagen.")
        );
    }

    #[test]
    fn support_summary_names_ids_time_and_evidence() {
        let mut r = everything(&full_params());
        r.findings.truncate(2);
        render(&mut r, Lang::De);
        let s = &r.support_summary;
        assert!(s.starts_with("chatmedic-Zusammenfassung"), "{s}");
        assert!(s.contains("Dienst: ChatGPT (chatgpt)"), "{s}");
        assert!(s.contains("2025-09-23 05:42:11 UTC"), "{s}");
        assert!(s.contains("not_you"), "{s}");
        assert!(s.contains("1. service_outage · 80 % · "), "{s}");
        assert!(s.contains("   - POST chatgpt.com/backend-api/f/conversation → 503"));
        assert!(s.contains("wait_and_retry"), "{s}");
        let mut clear = Report {
            findings: vec![],
            verdict: Verdict::AllClear,
            service: None,
            time: None,
            ..r
        };
        render(&mut clear, Lang::En);
        assert!(clear
            .support_summary
            .contains("Findings: Nothing failed in what was checked."));
        assert!(clear.support_summary.contains("Service: not identified"));
        assert!(!clear.support_summary.contains("Time:"));
    }

    #[test]
    fn text_output_has_headline_findings_steps_and_summary() {
        let mut r = everything(&full_params());
        r.findings.truncate(1);
        render(&mut r, Lang::En);
        let t = render_text(&r);
        assert!(t.starts_with("It's not you: the service is having problems.\n"));
        assert!(t.contains("\n1. ChatGPT is having an outage\n"), "{t}");
        assert!(t.contains("   Confidence: 80%\n"), "{t}");
        assert!(t.contains("     - POST chatgpt.com/backend-api/f/conversation → 503\n"));
        assert!(t.contains("   * Check ChatGPT's status page\n"), "{t}");
        assert!(
            t.contains("       1. Open https://status.openai.com.\n"),
            "{t}"
        );
        assert!(
            t.contains("\nSupport summary:\nchatmedic support summary\n"),
            "{t}"
        );
        let mut clear = Report {
            findings: vec![],
            verdict: Verdict::AllClear,
            ..r
        };
        render(&mut clear, Lang::Ja);
        let t = render_text(&clear);
        assert!(t.starts_with("問題はありません。"), "{t}");
        assert!(t.contains("失敗したものはありませんでした"), "{t}");
    }

    /// Evidence lines for one observation of each kind, rendered in `lang`.
    fn evidence_lines(lang: Lang, extensions: usize) -> Vec<String> {
        use crate::observation::*;
        let ext = ExtensionInfo {
            id: "x".into(),
            name: "Blocker".into(),
            enabled: true,
            ..Default::default()
        };
        let status: Observation =
            serde_json::from_str(r#"{"kind":"status","service":"claude","indicator":"major"}"#)
                .unwrap();
        let obs = [
            Observation::PageMessage(PageMessageObservation {
                text: "Something went wrong".into(),
                ..Default::default()
            }),
            Observation::Extensions(ExtensionsObservation {
                extensions: vec![ext; extensions],
                time: None,
            }),
            Observation::StreamAbort(StreamAbortObservation {
                url: "https://chatgpt.com/backend-api/f/conversation".into(),
                bytes_received: 1536,
                ms_since_start: 4200.0,
                error: "net::ERR_HTTP2_PROTOCOL_ERROR".into(),
                time: None,
            }),
            Observation::WsClose(WsCloseObservation {
                url: "wss://copilot.microsoft.com/c/api/chat".into(),
                code: 1006,
                opened: true,
                ..Default::default()
            }),
            status,
            Observation::Environment(EnvironmentObservation {
                online: Some(false),
                cookies_enabled: Some(true),
                clock_offset_ms: Some(-42_000.0),
                ..Default::default()
            }),
            Observation::Probe(ProbeObservation {
                name: "websocket".into(),
                outcome: ProbeOutcome::Problem,
                detail: None,
                target: None,
                time: None,
            }),
        ];
        obs.iter()
            .enumerate()
            .map(|(i, o)| {
                let (kind, params) = crate::diagnose::summarize(o);
                evidence_line(
                    &Compiled,
                    lang,
                    &Evidence {
                        observation: i,
                        kind,
                        params,
                        summary: String::new(),
                    },
                )
            })
            .collect()
    }

    #[test]
    fn evidence_is_in_the_readers_language_with_its_plurals_and_units() {
        let en = evidence_lines(Lang::En, 1);
        assert_eq!(en[0], "The page showed: “Something went wrong”");
        assert_eq!(en[1], "1 extension installed, 1 turned on");
        assert_eq!(
            evidence_lines(Lang::En, 2)[1],
            "2 extensions installed, 2 turned on"
        );
        assert_eq!(
            evidence_lines(Lang::En, 0)[1],
            "0 extensions installed, 0 turned on"
        );
        assert_eq!(
            en[2],
            "Reply stream chatgpt.com/backend-api/f/conversation cut off after 1.5 kB and 4.2 s: net::ERR_HTTP2_PROTOCOL_ERROR"
        );
        assert_eq!(
            en[3],
            "WebSocket copilot.microsoft.com/c/api/chat closed with code 1006, not cleanly"
        );
        assert_eq!(en[4], "Status page of Claude: major outage");
        assert_eq!(en[5], "Browser: offline, cookies on, clock off by 42 s");
        assert_eq!(en[6], "Check “websocket”: found a problem");

        let de = evidence_lines(Lang::De, 1);
        assert_eq!(de[0], "Die Seite zeigte: „Something went wrong“");
        assert_eq!(de[1], "1 Erweiterung installiert, 1 aktiviert");
        assert_eq!(
            evidence_lines(Lang::De, 3)[1],
            "3 Erweiterungen installiert, 3 aktiviert"
        );
        assert!(de[2].contains("1,5 kB und 4,2 s"), "{}", de[2]);
        assert_eq!(de[4], "Statusseite von Claude: größerer Ausfall");

        let ja = evidence_lines(Lang::Ja, 1);
        assert_eq!(ja[0], "ページの表示:「Something went wrong」");
        assert_eq!(ja[1], "拡張機能 1 個がインストール済み（有効 1 個）");
        assert!(ja[2].contains("1.5 KB・4.2 秒"), "{}", ja[2]);
        assert_eq!(
            ja[5],
            "ブラウザの状態: オフライン、Cookie 有効、時計のずれ 42 秒"
        );

        // No English sentence is left in German or Japanese lines.
        for lines in [&de, &ja] {
            for l in lines.iter() {
                for english in [
                    "page showed",
                    "extensions installed",
                    "extension installed",
                    "status page",
                    "cut off after",
                    "closed with code",
                    "online:",
                    "check ",
                ] {
                    assert!(!l.to_lowercase().contains(english), "{l}");
                }
            }
        }
    }

    #[test]
    fn an_older_reports_evidence_keeps_its_line() {
        let e: Evidence =
            serde_json::from_str(r#"{"observation":0,"summary":"GET claude.ai/api → 431"}"#)
                .unwrap();
        assert_eq!(e.kind, EvidenceKind::Request);
        assert_eq!(
            evidence_line(&Compiled, Lang::De, &e),
            "GET claude.ai/api → 431"
        );
    }

    #[test]
    fn numbers_sizes_and_durations_follow_the_language() {
        assert_eq!(number(Lang::En, 1234567.26, 1), "1,234,567.3");
        assert_eq!(number(Lang::De, 1234567.26, 1), "1.234.567,3");
        assert_eq!(number(Lang::Ja, 999.0, 0), "999");
        assert_eq!(number(Lang::De, -0.04, 1), "0,0");
        assert_eq!(number(Lang::En, -1500.0, 0), "-1,500");
        assert_eq!(format_bytes(&Compiled, Lang::En, 999), "999 B");
        assert_eq!(format_bytes(&Compiled, Lang::De, 2_345_678), "2,3 MB");
        assert_eq!(format_duration(&Compiled, Lang::En, 850), "850 ms");
        assert_eq!(format_duration(&Compiled, Lang::De, 61_000), "1 Min.");
        assert_eq!(format_duration(&Compiled, Lang::Ja, 12_300), "12 秒");
        assert_eq!(format_duration(&Compiled, Lang::Ja, 2_340), "2.3 秒");
        assert!(plural_one(Lang::En, 1) && !plural_one(Lang::En, 0) && !plural_one(Lang::En, 2));
        assert!(plural_one(Lang::De, 1) && !plural_one(Lang::Ja, 1));
    }

    #[test]
    fn placeholders_and_fill() {
        assert_eq!(placeholders("{a} x {bc} {} {1} {d"), vec!["a", "bc"]);
        assert_eq!(
            fill("{a}-{b} {} {x y}", |n| Some(n.to_uppercase())).as_deref(),
            Some("A-B {} {x y}")
        );
        assert_eq!(fill("{a}{missing}", |n| (n == "a").then(String::new)), None);
    }

    #[test]
    fn times_are_utc_calendar_dates() {
        assert_eq!(format_time(0.0).as_deref(), Some("1970-01-01 00:00:00 UTC"));
        assert_eq!(
            format_time(951_825_600_000.0).as_deref(),
            Some("2000-02-29 12:00:00 UTC")
        );
        assert_eq!(
            format_time(1_758_606_131_999.0).as_deref(),
            Some("2025-09-23 05:42:11 UTC")
        );
        assert_eq!(format_time(-1.0), None);
        assert_eq!(format_time(f64::NAN), None);
    }

    #[test]
    fn unknown_keys_and_languages_fall_back() {
        assert_eq!(message(Lang::Ja, "no_such_key"), None);
        assert_eq!(text(&Compiled, Lang::Ja, "no_such_key"), "no_such_key");
        assert_eq!(Lang::parse("de-AT"), Lang::De);
        assert_eq!(Lang::parse("ja_JP"), Lang::Ja);
        assert_eq!(Lang::parse("fr"), Lang::En);
        assert!(keys(Lang::En).any(|k| k == "extName"));
    }

    // The UI table exists only natively.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn generated_tables_are_in_lang_order_sorted_and_split_by_prefix() {
        let tags: Vec<&str> = Lang::ALL.iter().map(|l| l.tag()).collect();
        assert_eq!(engine_texts::LANGS, tags.as_slice());
        assert_eq!(ui_texts::LANGS, tags.as_slice());
        for (table, want_engine) in [(&engine_texts::TABLE, true), (&ui_texts::TABLE, false)] {
            assert!(table.keys.windows(2).all(|w| w[0] < w[1]), "unsorted keys");
            assert!(table
                .keys
                .iter()
                .all(|k| crate::engine_keys::is_engine_key(k) == want_engine));
            for texts in table.texts {
                assert_eq!(texts.len(), table.keys.len());
            }
        }
        assert!(engine_texts::TABLE.keys.len() > 150);
        // The engine's lookup finds engine keys only; `message` finds both.
        assert_eq!(Compiled.get("extName", Lang::De), None);
        assert!(message(Lang::De, "extName").is_some());
        assert_eq!(
            Compiled.get("verdict_all_clear", Lang::De),
            message(Lang::De, "verdict_all_clear")
        );
    }
}
