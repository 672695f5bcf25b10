//! Real HAR files recorded by other people with other tools (Chrome, Firefox, Safari, Charles,
//! Insomnia, WebPageTest, Browsertime, Firebug, mitmproxy), none of them an AI chat: the CLI must
//! read each without blaming anything or claiming a chat service, and refuse the broken ones with
//! exit 2 and one line.
//!
//! The files live outside the repository, in `../shared/corpus/real-har/` (read at run time,
//! never copied in); its `expected.json` names each file's source and what is acceptable:
//! `"no_crash_no_blame"` (exit 0, verdict `all_clear` or `unclear`, no service),
//! `"reject"` (exit 2, one line on stderr), `"clean_error_or_no_blame"` (either of those), or
//! `{"causes": [...], "verdicts": [...]}` (exit 0, a listed verdict, every finding's cause
//! listed, no service). A missing or gutted corpus fails the test.
#![cfg(not(target_arch = "wasm32"))]
// Tests may unwrap: a panic is the failure report.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_chatmedic");

/// The corpus holds 25 files; fewer means it was not fetched or was cut down.
const MIN_FILES: usize = 25;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real-har")
}

fn analyze(file: &Path) -> Output {
    Command::new(BIN)
        .arg("analyze")
        .arg(file)
        .arg("--json")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

/// Exit 2, nothing on stdout, one `chatmedic: …` line on stderr.
fn refused(o: &Output) -> Result<(), String> {
    let err = String::from_utf8_lossy(&o.stderr);
    if o.status.code() != Some(2) {
        return Err(format!(
            "exit {:?} (expected 2); stderr {err:?}",
            o.status.code()
        ));
    }
    if !o.stdout.is_empty() {
        return Err("refused but wrote to stdout".to_owned());
    }
    if !(err.starts_with("chatmedic: ") && err.ends_with('\n') && err.matches('\n').count() == 1)
        || err.trim_end().len() <= "chatmedic: ".len()
        || err.contains("panicked")
    {
        return Err(format!("not one clear line: {err:?}"));
    }
    Ok(())
}

/// Exit 0 with a JSON report; returns it.
fn reported(o: &Output) -> Result<Value, String> {
    if o.status.code() != Some(0) {
        return Err(format!(
            "exit {:?}; stderr {:?}",
            o.status.code(),
            String::from_utf8_lossy(&o.stderr)
        ));
    }
    serde_json::from_slice(&o.stdout).map_err(|e| format!("stdout is not a JSON report: {e}"))
}

/// The report blames nothing it may not: a verdict from `verdicts`, every finding's cause from
/// `causes` (any cause when `None`), and no chat service claimed.
fn no_blame(report: &Value, verdicts: &[&str], causes: Option<&[&str]>) -> Result<(), String> {
    let verdict = report.get("verdict").and_then(Value::as_str).unwrap_or("");
    let found: Vec<&str> = report
        .get("findings")
        .and_then(Value::as_array)
        .map(|f| {
            f.iter()
                .map(|f| f.get("cause").and_then(Value::as_str).unwrap_or("?"))
                .collect()
        })
        .unwrap_or_default();
    let mut problems = Vec::new();
    if !verdicts.contains(&verdict) {
        problems.push(format!("verdict {verdict:?} (allowed {verdicts:?})"));
    }
    if let Some(causes) = causes {
        for bad in found.iter().filter(|c| !causes.contains(c)) {
            problems.push(format!("finding {bad} (allowed {causes:?})"));
        }
    }
    match report.get("service") {
        None | Some(Value::Null) => {}
        Some(s) => problems.push(format!("claims service {s} for a file that is no AI chat")),
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}; findings {found:?}", problems.join("; ")))
    }
}

fn strings(v: Option<&Value>) -> Vec<&str> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn check(file: &Path, expect: &Value) -> Result<(), String> {
    let o = analyze(file);
    const CALM: [&str; 2] = ["all_clear", "unclear"];
    match expect {
        Value::String(s) if s == "no_crash_no_blame" => no_blame(&reported(&o)?, &CALM, None),
        Value::String(s) if s == "reject" => refused(&o),
        Value::String(s) if s == "clean_error_or_no_blame" => {
            if o.status.code() == Some(2) {
                refused(&o)
            } else {
                no_blame(&reported(&o)?, &CALM, None)
            }
        }
        Value::Object(m) => {
            let verdicts = strings(m.get("verdicts"));
            let causes = strings(m.get("causes"));
            if verdicts.is_empty() {
                return Err(format!("expected.json: no verdicts in {expect}"));
            }
            no_blame(&reported(&o)?, &verdicts, Some(&causes))
        }
        other => Err(format!("expected.json: unknown expectation {other}")),
    }
}

#[test]
fn real_hars_get_no_blame_and_no_service() {
    let dir = corpus();
    let listed: Value = fs::read_to_string(dir.join("expected.json"))
        .map_err(|e| e.to_string())
        .and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string()))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join("expected.json").display()));
    let listed = listed.as_object().expect("expected.json is an object");
    let on_disk: BTreeSet<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".har"))
        .collect();

    let mut failures = Vec::new();
    if on_disk.len() < MIN_FILES {
        failures.push(format!(
            "only {} HAR files in {} (at least {MIN_FILES})",
            on_disk.len(),
            dir.display()
        ));
    }
    for name in &on_disk {
        if !listed.contains_key(name) {
            failures.push(format!("{name}: not in expected.json"));
        }
    }
    for (name, entry) in listed {
        if !on_disk.contains(name) {
            failures.push(format!("{name}: listed but missing"));
            continue;
        }
        let Some(expect) = entry.get("expect") else {
            failures.push(format!("{name}: no expect in expected.json"));
            continue;
        };
        if let Err(e) = check(&dir.join(name), expect) {
            failures.push(format!("{name}: {e}"));
        }
    }
    eprintln!("real HARs: {} files", on_disk.len());
    assert!(
        failures.is_empty(),
        "{} real-HAR mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
