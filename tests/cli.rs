//! The `chatmedic` binary, run as a user runs it: subcommands, JSON output, stdin, exit codes and
//! the one-line error contract.
#![cfg(not(target_arch = "wasm32"))]
// Tests may unwrap: a panic is the failure report.
#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use chatmedic::Report;

const BIN: &str = env!("CARGO_BIN_EXE_chatmedic");

/// A scenario HAR that every engine version must diagnose as a failure (two 500s on ChatGPT).
const FAILING_HAR: &str = "tests/scenarios/har_chatgpt_500_server_error/input.har";
/// A scenario observations file.
const OBSERVATIONS: &str = "tests/scenarios/obs_chatgpt_outage_status_major/observations.json";
const OVERLOADED: &str =
    r#"API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // The binary may stop reading early on bad input; a broken pipe here is fine.
    let _ = stdin.write_all(input);
    drop(stdin);
    child.wait_with_output().expect("the binary finishes")
}

/// A file under the target directory, unique per call, removed by the caller's `Temp`.
struct Temp(PathBuf);

impl Temp {
    fn with(bytes: &[u8]) -> Temp {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let path = dir.join(format!(
            "cli-{}-{}.input",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::write(&path, bytes).expect("temp file written");
        Temp(path)
    }

    fn arg(&self) -> &str {
        self.0.to_str().expect("temp path is UTF-8")
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

fn report(o: &Output) -> Report {
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(o));
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not a report ({e}): {}", stdout(o)))
}

/// Exit 2, nothing on stdout, exactly one line `chatmedic: …` on stderr, no panic.
fn assert_input_error(o: &Output, what: &str) {
    let err = stderr(o);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{what}: status {:?}, stderr {err:?}",
        o.status
    );
    assert!(o.stdout.is_empty(), "{what}: stdout {:?}", stdout(o));
    assert!(err.starts_with("chatmedic: "), "{what}: stderr {err:?}");
    assert!(
        err.ends_with('\n') && err.matches('\n').count() == 1,
        "{what}: not one line: {err:?}"
    );
    assert!(
        err.trim_end().len() > "chatmedic: ".len(),
        "{what}: says nothing"
    );
    assert!(!err.contains("panicked"), "{what}: {err:?}");
}

#[test]
fn analyze_prints_a_text_report() {
    let o = run(&["analyze", repo(FAILING_HAR).to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    assert!(o.stderr.is_empty(), "stderr: {}", stderr(&o));
    let text = stdout(&o);
    assert!(!text.trim().is_empty());
    assert!(
        !text.trim_start().starts_with('{'),
        "text output looks like JSON: {text}"
    );
}

#[test]
fn analyze_json_is_the_report() {
    let o = run(&["analyze", repo(FAILING_HAR).to_str().unwrap(), "--json"]);
    let value: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON on stdout");
    for key in ["service", "verdict", "findings", "supportSummary", "lang"] {
        assert!(value.get(key).is_some(), "no {key} in {value}");
    }
    let r = report(&o);
    assert_eq!(r.verdict, chatmedic::Verdict::NotYou);
    assert!(!r.findings.is_empty());
    assert_eq!(r.lang, "en");
}

#[test]
fn analyze_reads_stdin() {
    let har = std::fs::read(repo(FAILING_HAR)).unwrap();
    let from_stdin = run_stdin(&["analyze", "-", "--json"], &har);
    let from_file = run(&["analyze", repo(FAILING_HAR).to_str().unwrap(), "--json"]);
    assert_eq!(report(&from_stdin), report(&from_file));
}

#[test]
fn analyze_renders_in_the_language_asked() {
    let en = report(&run(&[
        "analyze",
        repo(FAILING_HAR).to_str().unwrap(),
        "--json",
    ]));
    let de = report(&run(&[
        "analyze",
        repo(FAILING_HAR).to_str().unwrap(),
        "--json",
        "--lang",
        "de",
    ]));
    assert_eq!(de.lang, "de");
    assert_eq!(en.findings.len(), de.findings.len());
    assert_eq!(en.findings[0].cause, de.findings[0].cause);
    assert_ne!(
        en.findings[0].title, de.findings[0].title,
        "German title is the English one"
    );
}

#[test]
fn explain_text_and_json() {
    let o = run(&["explain", OVERLOADED]);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    assert!(!stdout(&o).trim().is_empty());

    let r = report(&run(&["explain", OVERLOADED, "--json", "--lang", "ja"]));
    assert_eq!(r.lang, "ja");
    assert_eq!(r.findings[0].cause, chatmedic::Cause::ServerOverloaded);
}

#[test]
fn explain_reads_stdin() {
    let r = report(&run_stdin(
        &["explain", "-", "--json"],
        OVERLOADED.as_bytes(),
    ));
    assert_eq!(r.findings[0].cause, chatmedic::Cause::ServerOverloaded);
}

#[test]
fn diagnose_reads_observations() {
    let r = report(&run(&[
        "diagnose",
        repo(OBSERVATIONS).to_str().unwrap(),
        "--json",
    ]));
    assert_eq!(r.verdict, chatmedic::Verdict::NotYou);
    let json = std::fs::read(repo(OBSERVATIONS)).unwrap();
    let again = report(&run_stdin(&["diagnose", "-", "--json"], &json));
    assert_eq!(r, again);

    let healthy = Temp::with(br#"[{"kind":"http","url":"https://chatgpt.com/backend-api/f/conversation","method":"POST","status":200}]"#);
    let r = report(&run(&["diagnose", healthy.arg(), "--json"]));
    assert_eq!(r.verdict, chatmedic::Verdict::AllClear);
    assert!(r.findings.is_empty());
}

#[test]
fn missing_file_is_an_input_error() {
    let o = run(&["analyze", "/nonexistent/chatmedic/no-such.har"]);
    assert_input_error(&o, "missing HAR");
    assert!(stderr(&o).contains("no-such.har"), "{}", stderr(&o));
    assert_input_error(
        &run(&["diagnose", "/nonexistent/chatmedic/obs.json"]),
        "missing observations",
    );
    assert_input_error(
        &run(&["analyze", env!("CARGO_MANIFEST_DIR")]),
        "a directory",
    );
}

#[test]
fn empty_input_is_an_input_error() {
    let empty = Temp::with(b"");
    assert_input_error(&run(&["analyze", empty.arg()]), "empty HAR");
    assert_input_error(&run_stdin(&["analyze", "-"], b""), "empty stdin HAR");
    assert_input_error(&run(&["diagnose", empty.arg()]), "empty observations");
}

#[test]
fn not_json_is_an_input_error() {
    let text = Temp::with(b"this is not a HAR file\nsecond line\n");
    assert_input_error(&run(&["analyze", text.arg()]), "text as HAR");
    assert_input_error(&run(&["diagnose", text.arg()]), "text as observations");
    let object = Temp::with(br#"{"kind":"http"}"#);
    assert_input_error(&run(&["diagnose", object.arg()]), "an object, not an array");
    let bad = Temp::with(br#"[{"kind":"nope"}]"#);
    assert_input_error(&run(&["diagnose", bad.arg()]), "an unknown kind");
    let not_har = Temp::with(br#"{"hello":"world"}"#);
    assert_input_error(&run(&["analyze", not_har.arg()]), "JSON that is not a HAR");
}

#[test]
fn truncated_har_is_an_input_error() {
    let har = std::fs::read(repo(FAILING_HAR)).unwrap();
    for cut in [har.len() / 2, har.len() - 3, 40] {
        let t = Temp::with(&har[..cut]);
        assert_input_error(&run(&["analyze", t.arg()]), &format!("HAR cut at {cut}"));
    }
}

#[test]
fn binary_garbage_is_an_input_error() {
    let mut bytes: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
    bytes.splice(0..0, *b"\x89PNG\r\n\x1a\n");
    let t = Temp::with(&bytes);
    assert_input_error(&run(&["analyze", t.arg()]), "binary HAR");
    assert_input_error(&run(&["diagnose", t.arg()]), "binary observations");
    assert_input_error(&run_stdin(&["analyze", "-"], &bytes), "binary on stdin");
}

#[test]
fn bad_language_is_a_usage_error() {
    let o = run(&["explain", "x", "--lang", "fr"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(!stderr(&o).contains("panicked"));
    let o = run(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn closed_stdout_does_not_panic() {
    // `chatmedic explain x | head -1`: the reader goes away before the report is written.
    for args in [
        vec!["explain", OVERLOADED],
        vec!["explain", OVERLOADED, "--json"],
    ] {
        let mut child = Command::new(BIN)
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        drop(child.stdout.take());
        let mut err = String::new();
        child
            .stderr
            .take()
            .expect("stderr is piped")
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(status.code(), Some(0), "{args:?}: {err}");
    }
}

#[test]
fn help_and_version_succeed() {
    let o = run(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    for sub in ["analyze", "explain", "diagnose"] {
        assert!(stdout(&o).contains(sub), "help lacks {sub}");
    }
    assert_eq!(run(&["--version"]).status.code(), Some(0));
}
