//! The scenario corpus: every folder under `tests/scenarios/` is one case, run through the public
//! API and checked against its `expected.json`; all mismatches are collected and reported at once.
//!
//! A case folder holds exactly one input (`input.har`, `observations.json` or `input.txt`) and
//! `expected.json`:
//! `{"description", "verdict", "topCause", "fixes", "absentCauses", "lang", "service", "secrets"}`.
//! `fixes` must all appear on the top finding, `absentCauses` must appear on no finding, and every
//! planted secret must occur in the input (or the check would prove nothing) but in neither the
//! JSON report nor its text rendering.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use chatmedic::observation::parse_observations;
use chatmedic::{Cause, Lang, Report, Verdict};
use serde::Deserialize;

/// The fewest cases the corpus may hold; an empty or gutted corpus must fail, not pass.
const MIN_CASES: usize = 60;

/// What a case expects. Unknown keys are an error, so a typo cannot silently drop a check.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Expected {
    description: String,
    verdict: String,
    top_cause: Option<String>,
    #[serde(default)]
    fixes: Vec<String>,
    #[serde(default)]
    absent_causes: Vec<String>,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    service: Option<String>,
    #[serde(default)]
    secrets: Vec<String>,
}

/// Which public entry point a case goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Har,
    Observations,
    Text,
}

impl Kind {
    const FILES: [(&'static str, Kind); 3] = [
        ("input.har", Kind::Har),
        ("observations.json", Kind::Observations),
        ("input.txt", Kind::Text),
    ];
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios")
}

fn case_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(corpus_dir())
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                // `_generator/` and any other `_`-folder hold tooling, not a case.
                .filter(|p| {
                    p.is_dir()
                        && !p
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('_'))
                })
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

fn lang_of(tag: Option<&str>) -> Result<Lang, String> {
    match tag.unwrap_or("en") {
        "en" => Ok(Lang::En),
        "de" => Ok(Lang::De),
        "ja" => Ok(Lang::Ja),
        other => Err(format!("lang {other:?} is not en, de or ja")),
    }
}

/// Runs one case; returns its kind, its report (when it ran) and every mismatch found.
fn run_case(dir: &Path) -> (Option<Kind>, Option<Report>, Vec<String>) {
    let mut errors = Vec::new();
    let expected: Expected = match fs::read_to_string(dir.join("expected.json"))
        .map_err(|e| e.to_string())
        .and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string()))
    {
        Ok(e) => e,
        Err(e) => return (None, None, vec![format!("expected.json: {e}")]),
    };
    if expected.description.trim().is_empty() {
        errors.push("expected.json: empty description".to_owned());
    }
    let inputs: Vec<(PathBuf, Kind)> = Kind::FILES
        .iter()
        .map(|(f, k)| (dir.join(f), *k))
        .filter(|(p, _)| p.exists())
        .collect();
    let (input, kind) = match inputs.as_slice() {
        [one] => one.clone(),
        _ => {
            errors.push(format!(
                "needs exactly one of input.har, observations.json, input.txt; found {}",
                inputs.len()
            ));
            return (None, None, errors);
        }
    };
    let lang = match lang_of(expected.lang.as_deref()) {
        Ok(l) => l,
        Err(e) => return (Some(kind), None, vec![e]),
    };
    let raw = match fs::read(&input) {
        Ok(b) => b,
        Err(e) => return (Some(kind), None, vec![format!("cannot read input: {e}")]),
    };

    let report = match kind {
        Kind::Har => match fs::File::open(&input) {
            Ok(f) => chatmedic::analyze_har(BufReader::new(f), lang).map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        },
        Kind::Observations => String::from_utf8(raw.clone())
            .map_err(|e| e.to_string())
            .and_then(|s| parse_observations(&s).map_err(|e| e.to_string()))
            .map(|obs| chatmedic::diagnose(&obs, lang)),
        Kind::Text => String::from_utf8(raw.clone())
            .map_err(|e| e.to_string())
            // The file ends with one newline for the editor's sake; the pasted text does not.
            .map(|s| chatmedic::explain(s.strip_suffix('\n').unwrap_or(&s), lang)),
    };
    let report = match report {
        Ok(r) => r,
        Err(e) => {
            errors.push(format!("the input was refused: {e}"));
            return (Some(kind), None, errors);
        }
    };
    check_report(&expected, lang, &raw, &report, &mut errors);
    (Some(kind), Some(report), errors)
}

fn check_report(
    expected: &Expected,
    lang: Lang,
    raw: &[u8],
    report: &Report,
    errors: &mut Vec<String>,
) {
    let causes: Vec<&str> = report.findings.iter().map(|f| f.cause.id()).collect();
    let top = report.findings.first();

    if report.verdict.id() != expected.verdict {
        errors.push(format!(
            "verdict {} (expected {}); findings {causes:?}",
            report.verdict.id(),
            expected.verdict
        ));
    }
    match (&expected.top_cause, top) {
        (None, None) => {}
        (None, Some(f)) => errors.push(format!(
            "expected no finding, got {causes:?} (top {})",
            f.cause
        )),
        (Some(want), None) => errors.push(format!("top cause {want} expected, got no finding")),
        (Some(want), Some(f)) => {
            if Cause::from_id(want).is_none() {
                errors.push(format!("expected.json names unknown cause {want}"));
            } else if f.cause.id() != want {
                errors.push(format!(
                    "top cause {} ({:.2}), expected {want}; findings {causes:?}",
                    f.cause, f.confidence
                ));
            }
        }
    }
    if let Some(f) = top {
        let have: Vec<&str> = f.fixes.iter().map(|x| x.fix.id()).collect();
        for want in &expected.fixes {
            if chatmedic::FixId::from_id(want).is_none() {
                errors.push(format!("expected.json names unknown fix {want}"));
            } else if !have.contains(&want.as_str()) {
                errors.push(format!("top finding lacks fix {want}; has {have:?}"));
            }
        }
        if f.title.trim().is_empty() || f.explanation.trim().is_empty() {
            errors.push(format!(
                "top finding {} has no rendered title or explanation",
                f.cause
            ));
        }
        for fix in &f.fixes {
            if fix.title.trim().is_empty() {
                errors.push(format!(
                    "fix {} on the top finding has no rendered title",
                    fix.fix
                ));
            }
        }
        if lang != Lang::En {
            // The same report in English must read differently, or nothing was translated.
            let mut english = report.clone();
            chatmedic::render::render(&mut english, Lang::En);
            if english.findings.first().map(|e| &e.title) == Some(&f.title) {
                errors.push(format!(
                    "top finding title is not translated to {}: {:?}",
                    lang.tag(),
                    f.title
                ));
            }
        }
    } else if !expected.fixes.is_empty() {
        errors.push("fixes expected but there is no finding".to_owned());
    }
    for absent in &expected.absent_causes {
        if Cause::from_id(absent).is_none() {
            errors.push(format!("expected.json names unknown cause {absent}"));
        } else if causes.contains(&absent.as_str()) {
            errors.push(format!(
                "cause {absent} must not appear; findings {causes:?}"
            ));
        }
    }
    if let Some(service) = &expected.service {
        let got = report.service.map(|s| s.id());
        if got != Some(service.as_str()) {
            errors.push(format!("service {got:?}, expected {service}"));
        }
    }
    if report.lang != lang.tag() {
        errors.push(format!(
            "report.lang {:?}, expected {}",
            report.lang,
            lang.tag()
        ));
    }
    check_invariants(report, errors);

    // Secrets: each must be in the input, or its absence from the output proves nothing.
    let json = match serde_json::to_string_pretty(report) {
        Ok(j) => j,
        Err(e) => {
            errors.push(format!("report does not serialize: {e}"));
            return;
        }
    };
    let text = chatmedic::render::render_text(report);
    // Firefox add-on ids look like addresses (`uBlock0@raymondhill.net`) but are what a
    // `disable_extension` fix must name; they come from the extension list, not from the user.
    let extension_ids: Vec<&str> = report
        .findings
        .iter()
        .flat_map(|f| std::iter::once(&f.params).chain(f.fixes.iter().map(|x| &x.params)))
        .flat_map(|p| p.extension_id.iter().chain(p.suspects.iter()))
        .map(String::as_str)
        .collect();
    let masked = extension_ids
        .iter()
        .fold(json.clone(), |j, id| j.replace(id, "EXTENSION-ID"));
    if !chatmedic::redact::is_clean(&masked) {
        let redacted = chatmedic::redact::redact(&masked);
        let first = masked
            .lines()
            .zip(redacted.lines())
            .find(|(a, b)| a != b)
            .map(|(a, _)| a.trim().to_owned())
            .unwrap_or_default();
        errors.push(format!(
            "serialized report is not clean (redact::is_clean): {first:?}"
        ));
    }
    // The runner's own look for secret shapes, independent of `redact`: a bug shared by the
    // redactor and its own checker would otherwise go unseen.
    for shape in secret_shapes(&json, &extension_ids) {
        errors.push(format!(
            "JSON report holds something shaped like a secret: {shape:?}"
        ));
    }
    for secret in &expected.secrets {
        if !contains(raw, secret.as_bytes()) {
            errors.push(format!(
                "planted secret {secret:?} does not occur in the input"
            ));
        }
        if json.contains(secret.as_str()) {
            errors.push(format!("secret {secret:?} leaks into the JSON report"));
        }
        if text.contains(secret.as_str()) {
            errors.push(format!("secret {secret:?} leaks into the text rendering"));
        }
    }
}

/// What holds for every report, whatever the input.
fn check_invariants(report: &Report, errors: &mut Vec<String>) {
    for f in &report.findings {
        if !(0.0..=1.0).contains(&f.confidence) {
            errors.push(format!(
                "{} has confidence {} outside 0..=1",
                f.cause, f.confidence
            ));
        }
    }
    if report
        .findings
        .windows(2)
        .any(|w| w[0].confidence < w[1].confidence)
    {
        errors.push("findings are not sorted by confidence".to_owned());
    }
    if (report.verdict == Verdict::AllClear) != report.findings.is_empty() {
        errors.push(format!(
            "verdict {} with {} findings",
            report.verdict.id(),
            report.findings.len()
        ));
    }
}

/// Substrings of `text` shaped like API keys, session keys, bearer tokens, JWTs or email
/// addresses. Vendor support addresses and the `allowed` strings (extension ids) are let through.
fn secret_shapes(text: &str, allowed: &[&str]) -> Vec<String> {
    let token_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    for (i, _) in text.char_indices() {
        let rest = &text[i..];
        let run = |s: &str| s.chars().take_while(|c| token_char(*c)).count();
        // API keys and Claude session keys: `sk-…`, `sk-ant-…`, `sk-proj-…` with a long tail.
        if let Some(tail) = rest
            .strip_prefix("sk-")
            .filter(|_| i == 0 || !token_char(text[..i].chars().last().unwrap_or(' ')))
        {
            let n = run(tail);
            if n >= 20 {
                found.push(rest[..3 + n.min(12)].to_owned());
            }
        }
        // JWTs: base64url JSON header, a dot, base64url JSON payload.
        if let Some(tail) = rest.strip_prefix("eyJ") {
            let head = run(tail);
            let after = &tail[head..];
            if head >= 8 && after.starts_with(".eyJ") && run(&after[1..]) >= 10 {
                found.push(rest[..12].to_owned());
            }
        }
        if rest
            .get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("bearer "))
        {
            let n = run(&rest[7..]);
            if n >= 16 {
                found.push(rest[..7 + n.min(8)].to_owned());
            }
        }
        // Emails: a local part, `@`, a dotted domain.
        if bytes[i] == b'@' && i > 0 {
            let local = text[..i]
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_alphanumeric() || ".+_-".contains(*c))
                .count();
            let whole = format!(
                "{}{}",
                &text[i - local..i],
                rest.split(|c: char| !(c.is_ascii_alphanumeric() || ".-@".contains(c)))
                    .next()
                    .unwrap_or("")
            );
            let domain: String = rest[1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || ".-".contains(*c))
                .collect();
            let domain = domain.trim_end_matches('.');
            let vendor = [
                "openai.com",
                "anthropic.com",
                "google.com",
                "microsoft.com",
                "perplexity.ai",
            ]
            .iter()
            .any(|v| domain == *v || domain.ends_with(&format!(".{v}")));
            let whole = whole.trim_end_matches('.');
            if local > 0 && domain.contains('.') && !vendor && !allowed.contains(&whole) {
                found.push(format!("…@{domain}"));
            }
        }
    }
    found
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn scenario_corpus() {
    let dirs = case_dirs();
    let mut failures: Vec<String> = Vec::new();
    let mut by_kind: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut by_lang: BTreeMap<String, usize> = BTreeMap::new();
    let mut tops: BTreeMap<String, usize> = BTreeMap::new();

    for dir in &dirs {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The expected top cause counts for coverage whether or not the engine agrees today:
        // coverage is a property of the corpus, correctness of the engine.
        if let Ok(e) = fs::read_to_string(dir.join("expected.json"))
            .map_err(|e| e.to_string())
            .and_then(|s| serde_json::from_str::<Expected>(&s).map_err(|e| e.to_string()))
        {
            if let Some(t) = &e.top_cause {
                *tops.entry(t.clone()).or_default() += 1;
            }
            *by_lang
                .entry(e.lang.clone().unwrap_or_else(|| "en".to_owned()))
                .or_default() += 1;
        }
        let (kind, _, errors) = run_case(dir);
        if let Some(k) = kind {
            *by_kind.entry(k).or_default() += 1;
        }
        failures.extend(errors.into_iter().map(|e| format!("{name}: {e}")));
    }

    if dirs.len() < MIN_CASES {
        failures.push(format!(
            "only {} cases under tests/scenarios (at least {MIN_CASES})",
            dirs.len()
        ));
    }
    let missing: Vec<&str> = Cause::ALL
        .iter()
        .filter(|c| **c != Cause::Unknown && !tops.contains_key(c.id()))
        .map(|c| c.id())
        .collect();
    if !missing.is_empty() {
        failures.push(format!("no case has these causes as topCause: {missing:?}"));
    }
    if tops.get("unknown").copied().unwrap_or(0) > 1 {
        failures.push("more than one case expects `unknown`: name the cause instead".to_owned());
    }
    let ends = |dirs: &[PathBuf], prefix: &str| {
        dirs.iter()
            .filter(|d| {
                d.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
            })
            .count()
    };
    for (lang, n) in [("en", 6), ("de", 6), ("ja", 6)] {
        let txt = ends(&dirs, &format!("txt_{lang}_"));
        if txt < n {
            failures.push(format!(
                "only {txt} explain cases named txt_{lang}_* (at least {n})"
            ));
        }
    }

    eprintln!(
        "scenarios: {} cases; by kind {by_kind:?}; by render language {by_lang:?}; {} causes covered",
        dirs.len(),
        tops.len()
    );
    assert!(
        failures.is_empty(),
        "{} scenario mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn secret_shapes_are_recognised() {
    // The shape check must be able to fail, or the corpus's privacy assertion proves nothing.
    assert!(!secret_shapes("key sk-ant-api03-Vb9kQ2mX7pL4nR1tW8yZ5cF3hJ6d here", &[]).is_empty());
    assert!(!secret_shapes("Authorization: Bearer abcdefghijklmnopqrstuvwxyz", &[]).is_empty());
    assert!(!secret_shapes(
        "t=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig",
        &[]
    )
    .is_empty());
    assert!(!secret_shapes("mail dana.meier@example.org now", &[]).is_empty());
    assert!(secret_shapes(
        "write to support@openai.com; keys start with sk-; use a bearer token",
        &[]
    )
    .is_empty());
    assert!(secret_shapes(
        "POST chatgpt.com/backend-api/f/conversation → 500 (cf-ray 9a…-FRA)",
        &[]
    )
    .is_empty());
}

#[test]
fn every_case_folder_is_well_formed() {
    // Separate from the engine's answers: a malformed case is the corpus's fault.
    let mut problems = Vec::new();
    let mut names = BTreeSet::new();
    for dir in case_dirs() {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        names.insert(name.clone());
        let inputs = Kind::FILES
            .iter()
            .filter(|(f, _)| dir.join(f).exists())
            .count();
        if inputs != 1 {
            problems.push(format!("{name}: {inputs} inputs"));
        }
        match fs::read_to_string(dir.join("expected.json")) {
            Ok(s) => {
                if let Err(e) = serde_json::from_str::<Expected>(&s) {
                    problems.push(format!("{name}: expected.json: {e}"));
                }
            }
            Err(e) => problems.push(format!("{name}: expected.json: {e}")),
        }
    }
    assert!(
        names.len() >= MIN_CASES,
        "only {} case folders",
        names.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
