//! The scenario corpus: every folder under `tests/scenarios/` is one case, run through the public
//! API and checked against its `expected.json`; all mismatches are collected and reported at once.
//!
//! A case folder holds exactly one input (`input.har`, `observations.json` or `input.txt`) and
//! `expected.json`:
//! `{"description", "verdict", "topCause", "fixes", "absentCauses", "absentFixes", "lang",
//! "service", "secrets", "notes", "action", "accuracy", "e2e"}`.
//! `fixes` must all appear on the top finding and `absentFixes` not at all on it,
//! `absentCauses` must appear on no finding, `notes`
//! must all be among the report's notes, `action` is the failed action the top finding explains,
//! and every planted secret must occur in the input (or the check would prove nothing) but in
//! neither the JSON report nor its text rendering.
//!
//! Notes and actions are read from the report's JSON, the form the extension, the help page and
//! the CLI hand on, so the check holds the serialized contract rather than a Rust field name.
//!
//! Cases marked `"accuracy": true` are scored instead: their verdict, top cause and excluded causes
//! count towards the accuracy of their message language (`txt_<lang>_*`), which must be at least
//! 90 % for English, German and Japanese, with at least 40 German and 40 Japanese messages.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use chatmedic::observation::parse_observations;
use chatmedic::report::NoteId;
use chatmedic::{Cause, Lang, Report, Verdict};

use common::{case_dirs, contains, lang_of, secret_shapes, Expected, Kind, MIN_CASES};

/// What one case came to: its kind, its report (when it ran), every mismatch that fails it, and
/// for an accuracy case the wrong answers that count against its language instead.
struct Outcome {
    kind: Option<Kind>,
    errors: Vec<String>,
    misses: Vec<String>,
}

impl Outcome {
    fn failed(kind: Option<Kind>, errors: Vec<String>) -> Outcome {
        Outcome {
            kind,
            errors,
            misses: Vec::new(),
        }
    }
}

/// Runs one case and checks its report.
fn run_case(dir: &Path) -> Outcome {
    let mut errors = Vec::new();
    let expected: Expected = match fs::read_to_string(dir.join("expected.json"))
        .map_err(|e| e.to_string())
        .and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string()))
    {
        Ok(e) => e,
        Err(e) => return Outcome::failed(None, vec![format!("expected.json: {e}")]),
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
            return Outcome::failed(None, errors);
        }
    };
    let lang = match lang_of(expected.lang.as_deref()) {
        Ok(l) => l,
        Err(e) => return Outcome::failed(Some(kind), vec![e]),
    };
    let raw = match fs::read(&input) {
        Ok(b) => b,
        Err(e) => return Outcome::failed(Some(kind), vec![format!("cannot read input: {e}")]),
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
            return Outcome::failed(Some(kind), errors);
        }
    };
    let mut misses = Vec::new();
    check_report(&expected, lang, &raw, &report, &mut errors, &mut misses);
    Outcome {
        kind: Some(kind),
        errors,
        misses,
    }
}

fn check_report(
    expected: &Expected,
    lang: Lang,
    raw: &[u8],
    report: &Report,
    errors: &mut Vec<String>,
    misses: &mut Vec<String>,
) {
    let causes: Vec<&str> = report.findings.iter().map(|f| f.cause.id()).collect();
    let top = report.findings.first();

    // The answer: verdict, top cause and the causes that must not appear. An accuracy case's
    // answer is scored (its wrong parts go to `misses`), every other case's is required.
    let mut wrong: Vec<String> = Vec::new();
    if report.verdict.id() != expected.verdict {
        wrong.push(format!(
            "verdict {} (expected {}); findings {causes:?}",
            report.verdict.id(),
            expected.verdict
        ));
    }
    match (&expected.top_cause, top) {
        (None, None) => {}
        (None, Some(f)) => wrong.push(format!(
            "expected no finding, got {causes:?} (top {})",
            f.cause
        )),
        (Some(want), None) => wrong.push(format!("top cause {want} expected, got no finding")),
        (Some(want), Some(f)) => {
            if Cause::from_id(want).is_none() {
                errors.push(format!("expected.json names unknown cause {want}"));
            } else if f.cause.id() != want {
                wrong.push(format!(
                    "top cause {} ({:.2}), expected {want}; findings {causes:?}",
                    f.cause, f.confidence
                ));
            }
        }
    }
    for absent in &expected.absent_causes {
        if Cause::from_id(absent).is_none() {
            errors.push(format!("expected.json names unknown cause {absent}"));
        } else if causes.contains(&absent.as_str()) {
            wrong.push(format!(
                "cause {absent} must not appear; findings {causes:?}"
            ));
        }
    }
    if expected.accuracy {
        misses.extend(wrong);
    } else {
        errors.extend(wrong);
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
        for unwanted in &expected.absent_fixes {
            if chatmedic::FixId::from_id(unwanted).is_none() {
                errors.push(format!("expected.json names unknown fix {unwanted}"));
            } else if have.contains(&unwanted.as_str()) {
                errors.push(format!("top finding offers fix {unwanted}; has {have:?}"));
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
    match serde_json::to_value(report) {
        Ok(value) => check_notes_and_actions(expected, &value, errors),
        Err(e) => errors.push(format!("report does not serialize: {e}")),
    }

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
    // `disable_extension` fix (or a note naming the blocker) must name; they come from the
    // extension list, not from the user.
    let extension_ids: Vec<&str> = report
        .findings
        .iter()
        .flat_map(|f| std::iter::once(&f.params).chain(f.fixes.iter().map(|x| &x.params)))
        .chain(report.notes.iter().map(|n| &n.params))
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

/// The failed actions a finding can explain, as the report JSON names them.
const ACTIONS: [&str; 6] = [
    "send",
    "page_load",
    "login",
    "socket",
    "page_error",
    "check",
];

/// Every report has a `notes` array of rendered notes and a finding's action is a known one; the
/// case's expected notes are present and its top finding explains the expected action.
fn check_notes_and_actions(
    expected: &Expected,
    report: &serde_json::Value,
    errors: &mut Vec<String>,
) {
    // The notes a report can carry about what looked odd but broke nothing.
    let known: Vec<&str> = NoteId::ALL.iter().map(|n| n.id()).collect();
    let mut ids: Vec<&str> = Vec::new();
    match report.get("notes").and_then(|n| n.as_array()) {
        None => errors.push("report JSON has no `notes` array".to_owned()),
        Some(notes) => {
            for note in notes {
                let id = note.get("note").and_then(|i| i.as_str()).unwrap_or("");
                let text = note.get("text").and_then(|t| t.as_str()).unwrap_or("");
                if !known.contains(&id) {
                    errors.push(format!("note with unknown id {id:?}"));
                }
                if text.trim().is_empty() {
                    errors.push(format!("note {id:?} has no rendered text"));
                }
                ids.push(id);
            }
        }
    }
    for want in &expected.notes {
        if !known.contains(&want.as_str()) {
            errors.push(format!("expected.json names unknown note {want}"));
        } else if !ids.contains(&want.as_str()) {
            errors.push(format!("note {want} missing; notes {ids:?}"));
        }
    }
    let findings = report
        .get("findings")
        .and_then(|f| f.as_array())
        .map(Vec::as_slice)
        .unwrap_or_default();
    let action_of =
        |f: &serde_json::Value| f.get("action").and_then(|a| a.as_str()).map(str::to_owned);
    for f in findings {
        let cause = f.get("cause").and_then(|c| c.as_str()).unwrap_or("?");
        // A finding on circumstantial evidence alone (a status page, the extension list) may
        // name no action: it explains the report's failed actions as a whole.
        if let Some(a) = action_of(f).filter(|a| !ACTIONS.contains(&a.as_str())) {
            errors.push(format!("finding {cause} has unknown action {a:?}"));
        }
    }
    if let Some(want) = &expected.action {
        if !ACTIONS.contains(&want.as_str()) {
            errors.push(format!("expected.json names unknown action {want}"));
        } else {
            match findings.first().map(action_of) {
                None => errors.push(format!("action {want} expected, got no finding")),
                Some(got) if got.as_deref() != Some(want.as_str()) => errors.push(format!(
                    "top finding explains action {got:?}, expected {want}"
                )),
                Some(_) => {}
            }
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

/// The fewest explain cases per message language: English, and German and Japanese each.
const MIN_TXT_EN: usize = 6;
/// See [`MIN_TXT_EN`].
const MIN_TXT_OTHER: usize = 40;
/// The share of each language's explain cases that must be answered right (verdict, top cause,
/// no excluded cause).
const MIN_ACCURACY: f64 = 0.9;

/// The language a pasted message is in, from its case name (`txt_de_…`).
fn message_lang(name: &str) -> Option<&str> {
    let rest = name.strip_prefix("txt_")?;
    let (lang, _) = rest.split_once('_')?;
    Some(lang)
}

#[test]
fn scenario_corpus() {
    let dirs = case_dirs();
    let mut failures: Vec<String> = Vec::new();
    let mut by_kind: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut by_lang: BTreeMap<String, usize> = BTreeMap::new();
    let mut tops: BTreeMap<String, usize> = BTreeMap::new();
    // Per message language (the `txt_<lang>_` prefix): (explain cases, answered right).
    let mut accuracy: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut missed: Vec<String> = Vec::new();

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
        let outcome = run_case(dir);
        if let Some(k) = outcome.kind {
            *by_kind.entry(k).or_default() += 1;
        }
        if let Some(lang) = message_lang(&name) {
            let entry = accuracy.entry(lang.to_owned()).or_default();
            entry.0 += 1;
            // A case that failed outright is not a right answer either.
            if outcome.misses.is_empty() && outcome.errors.is_empty() {
                entry.1 += 1;
            }
        }
        missed.extend(outcome.misses.iter().map(|e| format!("{name}: {e}")));
        failures.extend(outcome.errors.into_iter().map(|e| format!("{name}: {e}")));
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
    for (lang, n) in [
        ("en", MIN_TXT_EN),
        ("de", MIN_TXT_OTHER),
        ("ja", MIN_TXT_OTHER),
    ] {
        let txt = ends(&dirs, &format!("txt_{lang}_"));
        if txt < n {
            failures.push(format!(
                "only {txt} explain cases named txt_{lang}_* (at least {n})"
            ));
        }
        let (total, right) = accuracy.get(lang).copied().unwrap_or((0, 0));
        // An empty set is no evidence of accuracy: it fails above and here.
        let share = if total == 0 {
            0.0
        } else {
            right as f64 / total as f64
        };
        eprintln!(
            "explain accuracy {lang}: {right}/{total} = {:.1} %",
            share * 100.0
        );
        if share < MIN_ACCURACY {
            failures.push(format!(
                "explain accuracy for {lang} messages is {:.1} % ({right}/{total}), under {:.0} %",
                share * 100.0,
                MIN_ACCURACY * 100.0
            ));
        }
    }
    for m in &missed {
        eprintln!("accuracy miss: {m}");
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
                match serde_json::from_str::<Expected>(&s) {
                    Err(e) => problems.push(format!("{name}: expected.json: {e}")),
                    // The browser replays an e2e case's chat turn on its service's host.
                    Ok(e)
                        if e.e2e
                            && (e.service.is_none() || !dir.join("observations.json").exists()) =>
                    {
                        problems.push(format!(
                            "{name}: an e2e case is an observation case of a service"
                        ))
                    }
                    Ok(_) => {}
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
