//! The locale files (`extension/_locales/<lang>/messages.json`): complete, aligned, and valid for
//! both Chrome's `chrome.i18n` and chatmedic's own renderer.
//! Native only: it reads the locale files, and compares them with the compiled-in texts.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chatmedic::engine_keys::is_engine_key;
use chatmedic::render::{self, placeholders, Lang};
use chatmedic::report::Params;
use chatmedic::{Cause, FileProblem, FixId, Verdict};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

/// The blockers that have their own allowlist steps (the keys of `src/blockers.rs`).
const BLOCKERS: &[&str] = &[
    "ublock",
    "adblock",
    "adblockplus",
    "adguard",
    "ghostery",
    "privacybadger",
    "brave",
    "noscript",
];

/// A JSON object's members in file order, duplicates kept (a map would hide them).
struct Members(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Members;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Members, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = m.next_entry::<String, Value>()? {
                    out.push(entry);
                }
                Ok(Members(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// A locale file as it is on disk: key → message.
struct Locale {
    lang: Lang,
    members: Vec<(String, Value)>,
    messages: BTreeMap<String, String>,
}

fn load(lang: Lang) -> Locale {
    let path = format!(
        "{}/extension/_locales/{}/messages.json",
        env!("CARGO_MANIFEST_DIR"),
        lang.tag()
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let Members(members) =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: not valid JSON: {e}"));
    let messages = members
        .iter()
        .map(|(k, v)| {
            let m = v
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or_else(|| panic!("{path}: {k} has no string \"message\""));
            (k.clone(), m.to_owned())
        })
        .collect();
    Locale {
        lang,
        members,
        messages,
    }
}

fn all() -> Vec<Locale> {
    Lang::ALL.iter().map(|&l| load(l)).collect()
}

/// Every verdict; the match makes a new variant a compile error here until it is listed.
fn verdicts() -> Vec<Verdict> {
    use Verdict::*;
    let all = [
        NotYou,
        YourBrowser,
        YourNetwork,
        YourAccount,
        AllClear,
        Unclear,
    ];
    for v in all {
        match v {
            NotYou | YourBrowser | YourNetwork | YourAccount | AllClear | Unclear => {}
        }
    }
    all.to_vec()
}

/// The keys the renderer and the extension need, whatever else the files hold.
fn required_keys() -> Vec<String> {
    let mut keys: Vec<String> = [
        "extName",
        "extDescription",
        "label_verdict",
        "label_service",
        "label_service_unknown",
        "label_time",
        "label_findings",
        "label_no_findings",
        "label_confidence",
        "label_evidence",
        "label_fixes",
        "label_fix_ids",
        "label_support_summary",
        "format_percent",
        "summary_title",
        "summary_intro",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    keys.extend(verdicts().iter().map(|v| format!("verdict_{}", v.id())));
    for c in Cause::ALL {
        for part in ["title", "title_generic", "explanation"] {
            keys.push(format!("cause_{}_{part}", c.id()));
        }
    }
    for f in FixId::ALL {
        for part in ["title", "title_generic", "steps"] {
            keys.push(format!("fix_{}_{part}", f.id()));
        }
    }
    for b in BLOCKERS {
        keys.push(format!("fix_allowlist_site_in_blocker_steps_{b}"));
    }
    // The help page words a file it cannot read by the engine's problem id.
    keys.extend(
        FileProblem::ALL
            .iter()
            .map(|p| format!("web_har_error_{}", p.id())),
    );
    keys
}

/// Params with every field set: the names a message may use are those that get a value.
fn known_placeholder(name: &str) -> bool {
    let p = Params {
        service: Some("s".into()),
        host: Some("h".into()),
        status: Some(500),
        code: Some("c".into()),
        seconds: Some(1),
        url: Some("u".into()),
        incident: Some("i".into()),
        extension_id: Some("e".into()),
        extension: Some("e".into()),
        blocker: Some("b".into()),
        origins: vec!["o".into()],
        suspects: vec!["x".into()],
        offset_seconds: Some(1),
        count: Some(2),
        reset_at: Some(1.0),
    };
    // `{time}` is `resetAt` said as a clock time, which depends on the language: the renderer
    // fills it, not `Params::get`.
    p.get(name).is_some() || (name == "time" && p.reset_at.is_some())
}

fn sorted_placeholders(m: &str) -> Vec<&str> {
    let mut p = placeholders(m);
    p.sort_unstable();
    p
}

#[test]
fn every_locale_has_exactly_the_keys_of_english() {
    let locales = all();
    let en: BTreeSet<&String> = locales[0].messages.keys().collect();
    assert!(en.len() > 150, "only {} keys in en", en.len());
    for l in &locales[1..] {
        let other: BTreeSet<&String> = l.messages.keys().collect();
        let missing: Vec<_> = en.difference(&other).collect();
        let extra: Vec<_> = other.difference(&en).collect();
        assert!(missing.is_empty(), "{:?} lacks {missing:?}", l.lang);
        assert!(
            extra.is_empty(),
            "{:?} has keys en lacks: {extra:?}",
            l.lang
        );
    }
}

#[test]
fn every_cause_fix_verdict_and_label_has_its_keys() {
    for l in all() {
        let missing: Vec<String> = required_keys()
            .into_iter()
            .filter(|k| !l.messages.contains_key(k))
            .collect();
        assert!(missing.is_empty(), "{:?} lacks {missing:?}", l.lang);
    }
}

#[test]
fn keys_are_chrome_safe_and_unique() {
    for l in all() {
        let mut seen = BTreeSet::new();
        for (k, v) in &l.members {
            assert!(
                !k.is_empty() && k.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_'),
                "{:?}: bad key {k:?}",
                l.lang
            );
            // Chrome looks keys up case-insensitively: two that differ in case collide.
            assert!(
                seen.insert(k.to_ascii_lowercase()),
                "{:?}: duplicate key {k:?}",
                l.lang
            );
            let obj = v
                .as_object()
                .unwrap_or_else(|| panic!("{:?}: {k} is not an object", l.lang));
            for field in obj.keys() {
                assert!(
                    field == "message" || field == "description",
                    "{:?}: {k} has field {field:?} (Chrome placeholders are not used)",
                    l.lang
                );
            }
        }
    }
}

#[test]
fn messages_are_non_empty_trimmed_and_free_of_dollar_signs() {
    for l in all() {
        for (k, m) in &l.messages {
            assert!(!m.trim().is_empty(), "{:?}: {k} is empty", l.lang);
            assert_eq!(m.trim(), m, "{:?}: {k} has outer whitespace", l.lang);
            // `$name$` is a placeholder to chrome.i18n, and `$$` an escape: neither may appear.
            assert!(!m.contains('$'), "{:?}: {k} contains '$'", l.lang);
            if !k.contains("_steps") {
                assert!(!m.contains('\n'), "{:?}: {k} has a line break", l.lang);
            }
        }
    }
}

/// Evidence lines and unit formats: filled by the renderer from an evidence's own parameters
/// (see `EvidenceKind`) and formatted numbers, not from `Params`.
fn is_unit_or_evidence_key(k: &str) -> bool {
    k.starts_with("evidence_")
        || [
            "format_bytes",
            "format_kb",
            "format_mb",
            "format_ms",
            "format_s",
            "format_min",
        ]
        .contains(&k)
}

/// The placeholders evidence lines and unit formats may use.
const EVIDENCE_PLACEHOLDERS: &[&str] = &[
    "url", "size", "duration", "error", "code", "text", "count", "enabled", "service", "parts",
    "proxy", "browser", "check", "n",
];

#[test]
fn placeholders_are_known_and_the_same_in_every_language() {
    let locales = all();
    for (k, m) in &locales[0].messages {
        let en = sorted_placeholders(m);
        for name in &en {
            // UI strings (popup, page) fill their own placeholders in JS; the engine's strings
            // may only name what `Params` carries.
            let ok = !is_engine_key(k)
                || known_placeholder(name)
                || (k == "format_percent" && *name == "percent")
                || (k == "format_utc_time" && ["clock", "day", "month"].contains(name))
                || (is_unit_or_evidence_key(k) && EVIDENCE_PLACEHOLDERS.contains(name));
            assert!(ok, "en: {k} uses unknown placeholder {{{name}}}");
        }
        for l in &locales[1..] {
            let other = sorted_placeholders(&l.messages[k]);
            assert_eq!(
                en, other,
                "{:?}: {k} has other placeholders than en",
                l.lang
            );
        }
        // Anything brace-like that is not a placeholder would be shown as is.
        let stray = m.matches('{').count() != placeholders(m).len();
        assert!(!stray, "en: {k} has a stray brace");
    }
}

#[test]
fn every_message_with_placeholders_has_a_generic_form_without() {
    let locales = all();
    let en = &locales[0].messages;
    for (k, m) in en {
        // Formats, evidence lines and units are filled from their own parameters, which are
        // always there: they have no generic form.
        if k.starts_with("format_")
            || is_unit_or_evidence_key(k)
            || !is_engine_key(k)
            || placeholders(m).is_empty()
        {
            continue;
        }
        // `<key>_minutes`, `<key>_one`, `<key>_unnamed` and the reset-time forms (`_at`, `_past`,
        // `_recorded`, `_recorded_past`) fall back to `<key>`, which has its own generic form.
        let mut base = k.as_str();
        for suffix in ["_minutes", "_one", "_unnamed", "_past", "_recorded", "_at"] {
            base = base.strip_suffix(suffix).unwrap_or(base);
        }
        let generic = format!("{base}_generic");
        let g = en
            .get(&generic)
            .unwrap_or_else(|| panic!("{k} has placeholders but no {generic}"));
        assert!(placeholders(g).is_empty(), "{generic} has placeholders");
    }
    // The engine's fallbacks (the UI's `_one`/`_other` plural pairs are chosen in JS).
    for k in en.keys().filter(|k| is_engine_key(k)) {
        for suffix in ["_generic", "_minutes", "_one", "_unnamed"] {
            if let Some(base) = k.strip_suffix(suffix) {
                assert!(en.contains_key(base), "{k} without {base}");
            }
        }
    }
}

#[test]
fn steps_are_several_plain_lines() {
    for l in all() {
        for (k, m) in &l.messages {
            if !k.starts_with("fix_") || !k.contains("_steps") {
                continue;
            }
            let lines: Vec<&str> = m.split('\n').collect();
            assert!(lines.len() >= 2, "{:?}: {k} has one step", l.lang);
            for line in lines {
                assert!(
                    !line.is_empty() && line.trim() == line,
                    "{:?}: {k} has a blank or padded step",
                    l.lang
                );
            }
        }
    }
}

#[test]
fn explanations_are_one_to_three_sentences() {
    let locales = all();
    for (k, m) in &locales[0].messages {
        if !k.contains("_explanation") {
            continue;
        }
        let sentences = m
            .split_inclusive(['.', '!', '?'])
            .filter(|s| !s.trim().is_empty())
            .count();
        assert!((1..=3).contains(&sentences), "{k}: {sentences} sentences");
    }
    for (k, m) in &locales[2].messages {
        if k.contains("_explanation") {
            let n = m.matches('。').count();
            assert!((1..=3).contains(&n), "ja {k}: {n} sentences");
        }
    }
}

/// A sentence without the quotes and parentheses after its verb (`…中です：「{incident}」`).
fn strip_trailing_asides(sentence: &str) -> &str {
    let mut s = sentence;
    loop {
        s = s.trim_end_matches(['：', ' ']);
        let open = if s.ends_with('」') {
            s.rfind('「')
        } else if s.ends_with('）') {
            s.rfind('（')
        } else {
            None
        };
        match open {
            Some(i) => s = &s[..i],
            None => return s,
        }
    }
}

#[test]
fn japanese_sentences_are_polite() {
    let ja = load(Lang::Ja);
    for (k, m) in &ja.messages {
        let full_sentences = k.starts_with("verdict_")
            || k.contains("_explanation")
            || k.contains("_steps")
            || k == "summary_intro"
            || k == "label_no_findings";
        if !full_sentences {
            continue;
        }
        for sentence in m.split(['。', '\n']) {
            let core = strip_trailing_asides(sentence);
            if core.is_empty() {
                continue;
            }
            let polite = ["です", "でした", "ます", "ました", "ません", "ください"]
                .iter()
                .any(|end| core.ends_with(end));
            assert!(polite, "ja {k}: not polite: {sentence:?}");
        }
    }
}

#[test]
fn german_addresses_the_reader_as_sie() {
    let de = load(Lang::De);
    for (k, m) in &de.messages {
        for word in m.split(|c: char| !c.is_alphabetic()) {
            let w = word.to_lowercase();
            assert!(
                !matches!(
                    w.as_str(),
                    "du" | "dich" | "dir" | "dein" | "deine" | "deinen" | "deiner"
                ),
                "de {k}: informal {word:?}"
            );
        }
    }
}

#[test]
fn translations_are_not_english_left_over() {
    let locales = all();
    // Units read the same in German as in English (`1,5 kB`: the number is what differs).
    let same_everywhere = [
        "extName",
        "format_percent",
        "format_bytes",
        "format_kb",
        "format_mb",
        "format_ms",
        "format_s",
    ];
    for l in &locales[1..] {
        for (k, m) in &l.messages {
            // A single word may rightly be the same ("Details", "Firefox").
            if same_everywhere.contains(&k.as_str()) || !m.trim().contains(char::is_whitespace) {
                continue;
            }
            assert_ne!(
                m, &locales[0].messages[k],
                "{:?}: {k} is the English text",
                l.lang
            );
        }
    }
}

#[test]
fn store_listing_fits_chrome_limits() {
    for l in all() {
        // Chrome Web Store limits: name 75 characters, description 132.
        assert!(l.messages["extName"].chars().count() <= 75);
        let d = l.messages["extDescription"].chars().count();
        assert!(d <= 132, "{:?}: description is {d} characters", l.lang);
    }
}

#[test]
fn the_crate_compiles_in_the_same_messages() {
    for l in all() {
        let compiled: Vec<&str> = render::keys(l.lang).collect();
        let on_disk: Vec<&str> = l.messages.keys().map(String::as_str).collect();
        assert_eq!(compiled, on_disk, "{:?}", l.lang);
        for (k, m) in &l.messages {
            assert_eq!(
                render::message(l.lang, k),
                Some(m.as_str()),
                "{:?}: {k}",
                l.lang
            );
        }
    }
}
