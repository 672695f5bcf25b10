//! Renders a report's texts in a language, from the locale files compiled into the crate.
//!
//! `extension/_locales/<lang>/messages.json` is the one source of every string: the extension
//! reads it through `chrome.i18n`, the help page copies it, and this module compiles it in with
//! `include_str!`. Messages name details as `{service}`, `{host}`, … (see
//! [`crate::report::Params::get`]); only this module fills them. Chrome's own `$name$`
//! placeholders are never used, so the browser shows the files' texts unchanged.
//!
//! Key scheme:
//! - `verdict_<verdict id>`: the headline.
//! - `cause_<id>_title`, `cause_<id>_explanation`; `fix_<id>_title`, `fix_<id>_steps` (steps
//!   separated by `\n`).
//! - `<key>_generic`: used when a placeholder of `<key>` has no value; it names none itself.
//! - `<key>_minutes`: used instead of `<key>` when the wait (`seconds`) is two minutes or more.
//! - `fix_<id>_steps_<blocker>`: steps for one blocker (`ublock`, `adblock`, …), used when the fix
//!   or its finding names that blocker.
//! - `label_*`, `format_*`, `summary_*`: the text output and the support summary.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::report::{Params, Report};

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

    /// The locale file's text, as compiled in.
    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../extension/_locales/en/messages.json"),
            Lang::De => include_str!("../extension/_locales/de/messages.json"),
            Lang::Ja => include_str!("../extension/_locales/ja/messages.json"),
        }
    }
}

/// One entry of a Chrome `messages.json`; `description` is for translators only.
#[derive(Deserialize)]
struct Entry {
    message: String,
}

/// The messages of `lang`, parsed on first use. A file that does not parse gives an empty table
/// (every text then falls back to English, then to its key) rather than a panic; the locale
/// tests make sure that never ships.
fn table(lang: Lang) -> &'static BTreeMap<String, String> {
    static TABLES: [OnceLock<BTreeMap<String, String>>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let slot = match lang {
        Lang::En => &TABLES[0],
        Lang::De => &TABLES[1],
        Lang::Ja => &TABLES[2],
    };
    slot.get_or_init(|| {
        serde_json::from_str::<BTreeMap<String, Entry>>(lang.source())
            .map(|m| m.into_iter().map(|(k, e)| (k, e.message)).collect())
            .unwrap_or_default()
    })
}

/// The message `key` in `lang`, or in English when `lang` lacks it; None when neither has it.
/// Placeholders are left as they are (see [`fill`]).
pub fn message(lang: Lang, key: &str) -> Option<&'static str> {
    table(lang)
        .get(key)
        .or_else(|| table(Lang::En).get(key))
        .map(String::as_str)
}

/// Every key the locale file of `lang` has, in sorted order.
pub fn keys(lang: Lang) -> impl Iterator<Item = &'static str> {
    table(lang).keys().map(String::as_str)
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

/// Renders `base` with the parameters: a blocker's variant (when `per_blocker`), the minutes
/// variant for long waits, the message itself, then its `_generic` form, whichever is first to
/// exist with every placeholder filled. The key itself when none does (a broken locale file).
fn render_key(lang: Lang, base: &str, view: &View<'_>, per_blocker: bool) -> String {
    let mut candidates: Vec<String> = Vec::with_capacity(4);
    if per_blocker {
        if let Some(b) = view.get("blocker") {
            if !b.is_empty() && b.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_') {
                candidates.push(format!("{base}_{b}"));
            }
        }
    }
    let long_wait = view
        .0
        .iter()
        .find_map(|p| p.seconds)
        .is_some_and(|s| s >= 120);
    if long_wait {
        candidates.push(format!("{base}_minutes"));
    }
    candidates.push(base.to_owned());
    candidates.push(format!("{base}_generic"));
    candidates
        .iter()
        .filter_map(|key| message(lang, key))
        .find_map(|m| fill(m, |name| view.get(name)))
        .unwrap_or_else(|| base.to_owned())
}

/// A message without parameters, or its key when no locale has it.
fn text(lang: Lang, key: &str) -> &str {
    message(lang, key).unwrap_or(key)
}

/// A confidence as a whole percentage in the language's format (`85%`, `85 %`).
fn percent(lang: Lang, confidence: f64) -> String {
    let n = (confidence.clamp(0.0, 1.0) * 100.0).round() as u32;
    let format = text(lang, "format_percent");
    fill(format, |name| (name == "percent").then(|| n.to_string()))
        .unwrap_or_else(|| format!("{n}%"))
}

/// Fills every text field of a report in `lang`, from its ids and parameters alone: rendering
/// again, in any language, replaces everything, so the result depends only on the last `lang`.
pub fn render(report: &mut Report, lang: Lang) {
    for finding in &mut report.findings {
        let cause = finding.cause.id();
        let own = View(&[&finding.params]);
        finding.title = render_key(lang, &format!("cause_{cause}_title"), &own, false);
        finding.explanation = render_key(lang, &format!("cause_{cause}_explanation"), &own, false);
        for fix in &mut finding.fixes {
            let id = fix.fix.id();
            let view = View(&[&fix.params, &finding.params]);
            fix.title = render_key(lang, &format!("fix_{id}_title"), &view, false);
            fix.steps = render_key(lang, &format!("fix_{id}_steps"), &view, true)
                .split('\n')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
        }
    }
    report.lang = lang.tag().to_owned();
    report.support_summary = support_summary(report, lang);
}

/// The plain-text summary for a support ticket: ids (language-free, for the support team) next to
/// the rendered titles, the technical evidence, and the time; redacted as a whole at the end.
fn support_summary(report: &Report, lang: Lang) -> String {
    let mut s = String::new();
    // `write!` into a String cannot fail; the results are ignored for that reason.
    let _ = writeln!(s, "{}", text(lang, "summary_title"));
    let _ = writeln!(s, "{}", text(lang, "summary_intro"));
    let service = match report.service {
        Some(id) => format!("{} ({})", id.entry().name, id.id()),
        None => text(lang, "label_service_unknown").to_owned(),
    };
    let _ = writeln!(s, "{}: {service}", text(lang, "label_service"));
    if let Some(t) = report.time.and_then(format_time) {
        let _ = writeln!(s, "{}: {t}", text(lang, "label_time"));
    }
    let verdict = report.verdict.id();
    let _ = writeln!(
        s,
        "{}: {verdict} · {}",
        text(lang, "label_verdict"),
        text(lang, &format!("verdict_{verdict}"))
    );
    if report.findings.is_empty() {
        let _ = writeln!(
            s,
            "{}: {}",
            text(lang, "label_findings"),
            text(lang, "label_no_findings")
        );
    } else {
        let _ = writeln!(s, "{}:", text(lang, "label_findings"));
    }
    for (n, f) in report.findings.iter().enumerate() {
        let _ = writeln!(
            s,
            "{}. {} · {} · {}",
            n + 1,
            f.cause.id(),
            percent(lang, f.confidence),
            f.title
        );
        for e in &f.evidence {
            let _ = writeln!(s, "   - {}", e.summary);
        }
        if !f.fixes.is_empty() {
            let ids: Vec<&str> = f.fixes.iter().map(|x| x.fix.id()).collect();
            let _ = writeln!(s, "   {}: {}", text(lang, "label_fix_ids"), ids.join(", "));
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
/// Uses the texts already rendered (see [`render`]) in the report's language.
pub fn render_text(report: &Report) -> String {
    let lang = Lang::parse(&report.lang);
    let mut s = String::new();
    // `write!` into a String cannot fail; the results are ignored for that reason.
    let _ = writeln!(
        s,
        "{}",
        text(lang, &format!("verdict_{}", report.verdict.id()))
    );
    if report.findings.is_empty() {
        let _ = writeln!(s, "\n{}", text(lang, "label_no_findings"));
    }
    for (n, f) in report.findings.iter().enumerate() {
        let _ = writeln!(s, "\n{}. {}", n + 1, f.title);
        let _ = writeln!(
            s,
            "   {}: {}",
            text(lang, "label_confidence"),
            percent(lang, f.confidence)
        );
        if !f.explanation.is_empty() {
            let _ = writeln!(s, "   {}", f.explanation);
        }
        if !f.evidence.is_empty() {
            let _ = writeln!(s, "   {}:", text(lang, "label_evidence"));
            for e in &f.evidence {
                let _ = writeln!(s, "     - {}", e.summary);
            }
        }
        if !f.fixes.is_empty() {
            let _ = writeln!(s, "   {}:", text(lang, "label_fixes"));
            for fix in &f.fixes {
                let _ = writeln!(s, "   * {}", fix.title);
                for (i, step) in fix.steps.iter().enumerate() {
                    let _ = writeln!(s, "       {}. {step}", i + 1);
                }
            }
        }
    }
    if !report.support_summary.is_empty() {
        let _ = writeln!(s, "\n{}:", text(lang, "label_support_summary"));
        let _ = writeln!(s, "{}", report.support_summary);
    }
    s
}

#[cfg(test)]
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
                    confidence: 0.8,
                    params: params.clone(),
                    title: String::new(),
                    explanation: String::new(),
                    evidence: vec![Evidence {
                        observation: 0,
                        summary: "POST chatgpt.com/backend-api/f/conversation → 503".into(),
                    }],
                    fixes: FixId::ALL
                        .iter()
                        .map(|&id| Fix::new(id, params.clone()))
                        .collect(),
                })
                .collect(),
            support_summary: String::new(),
            lang: String::new(),
            time: Some(1_758_606_131_000.0),
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
        out
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
        assert_eq!(text(Lang::Ja, "no_such_key"), "no_such_key");
        assert_eq!(Lang::parse("de-AT"), Lang::De);
        assert_eq!(Lang::parse("ja_JP"), Lang::Ja);
        assert_eq!(Lang::parse("fr"), Lang::En);
        assert!(keys(Lang::En).any(|k| k == "extName"));
    }
}
