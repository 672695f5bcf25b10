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

/// The locale variables `--lang` defaults from: cleared for every run, so a test's language is
/// its own choice and not the machine's.
const LOCALE_VARS: [&str; 3] = ["LC_ALL", "LC_MESSAGES", "LANG"];

fn run(args: &[&str]) -> Output {
    run_env(args, &[])
}

/// Runs with the locale variables cleared, then `vars` set.
fn run_env(args: &[&str], vars: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    for v in LOCALE_VARS {
        cmd.env_remove(v);
    }
    cmd.envs(vars.iter().copied())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut cmd = Command::new(BIN);
    for v in LOCALE_VARS {
        cmd.env_remove(v);
    }
    let mut child = cmd
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

/// A directory under the target directory, unique per call, removed with what it holds.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "cli-dir-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).expect("temp dir created");
        TempDir(dir)
    }

    /// Writes `bytes` to `name` (folders made as needed) and returns its path.
    fn put(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.0.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_owned()
    }

    fn arg(&self) -> &str {
        self.0.to_str().expect("temp path is UTF-8")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// A zip archive of `(name, bytes)` members, deflated as support tools write them.
fn zip(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in members {
        w.start_file(*name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The `--jsonl` lines: `(file, verdict or None, error or None)` each.
fn jsonl(o: &Output) -> Vec<(String, Option<String>, Option<String>)> {
    stdout(o)
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("not one JSON object per line ({e}): {line}"));
            let obj = v.as_object().expect("each line is an object");
            let file = obj["file"].as_str().expect("file is a string").to_owned();
            let report = obj.get("report").map(|r| {
                let r: Report = serde_json::from_value(r.clone()).expect("report is a Report");
                r.verdict.id().to_owned()
            });
            let error = obj.get("error").map(|e| e.as_str().unwrap().to_owned());
            assert!(
                report.is_some() != error.is_some(),
                "a report or an error: {line}"
            );
            (file, report, error)
        })
        .collect()
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
    let empty = TempDir::new();
    let o = run(&["analyze", empty.arg()]);
    assert_input_error(&o, "a directory without HARs");
    assert!(stderr(&o).contains("no .har"), "{}", stderr(&o));
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

/// The failing scenario's diagnosis, as one file gives it.
fn failing_report() -> Report {
    report(&run(&[
        "analyze",
        repo(FAILING_HAR).to_str().unwrap(),
        "--json",
    ]))
}

#[test]
fn gzip_and_zip_hars_read_like_the_plain_file() {
    let har = std::fs::read(repo(FAILING_HAR)).unwrap();
    let dir = TempDir::new();
    let gz = dir.put("ticket.har.gz", &gzip(&har));
    // A gzip file read by its bytes, whatever its name says.
    let renamed = dir.put("ticket-gz.har", &gzip(&har));
    let zipped = dir.put("ticket.zip", &zip(&[("export/session.har", &har)]));
    let want = failing_report();
    for file in [&gz, &renamed, &zipped] {
        assert_eq!(report(&run(&["analyze", file, "--json"])), want, "{file}");
    }
}

#[test]
fn many_files_one_report_per_line_and_a_bad_file_does_not_stop_the_others() {
    let har = std::fs::read(repo(FAILING_HAR)).unwrap();
    let dir = TempDir::new();
    let good = dir.put("a.har", &har);
    let bad = dir.put("b.har", b"{\"log\": {\"entries\": [ {\"oops\"");
    let missing = format!("{}/nope.har", dir.arg());
    let gz = dir.put("c.har.gz", &gzip(&har));
    let o = run(&["analyze", &good, &bad, &missing, &gz, "--jsonl"]);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let lines = jsonl(&o);
    let files: Vec<&str> = lines.iter().map(|l| l.0.as_str()).collect();
    // In the order given, whatever order the cores finished in.
    assert_eq!(files, [&good, &bad, &missing, &gz]);
    assert_eq!(lines[0].1.as_deref(), Some("not_you"));
    assert_eq!(lines[3].1.as_deref(), Some("not_you"));
    for l in &lines[1..3] {
        let err = l.2.as_deref().unwrap();
        assert!(err.contains(&l.0), "the error names its file: {err}");
    }
    // Each bad file is also one line on stderr.
    assert_eq!(stderr(&o).lines().count(), 2, "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"));
}

#[test]
fn a_directory_is_searched_recursively_with_archives() {
    let har = std::fs::read(repo(FAILING_HAR)).unwrap();
    let dir = TempDir::new();
    dir.put("one.har", &har);
    dir.put("deep/er/two.har.gz", &gzip(&har));
    dir.put(
        "deep/tickets.zip",
        &zip(&[
            ("t1.har", &har),
            ("notes.txt", b"not a HAR"),
            ("__MACOSX/._t1.har", b"resource fork"),
            ("t2.har", b"garbage"),
        ]),
    );
    dir.put("readme.txt", b"not a HAR either");
    let o = run(&["analyze", dir.arg(), "--jsonl"]);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let lines = jsonl(&o);
    let names: Vec<String> = lines
        .iter()
        .map(|l| l.0.strip_prefix(dir.arg()).unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        [
            "/deep/er/two.har.gz",
            "/deep/tickets.zip:t1.har",
            "/deep/tickets.zip:t2.har",
            "/one.har"
        ]
    );
    let verdicts: Vec<Option<&str>> = lines.iter().map(|l| l.1.as_deref()).collect();
    assert_eq!(
        verdicts,
        [Some("not_you"), Some("not_you"), None, Some("not_you")]
    );
}

#[test]
fn many_files_as_text_end_with_a_table_of_verdicts_and_causes() {
    let har = std::fs::read(repo(FAILING_HAR)).unwrap();
    let healthy =
        std::fs::read(repo("tests/scenarios/har_chatgpt_healthy_chrome/input.har")).unwrap();
    let dir = TempDir::new();
    dir.put("a.har", &har);
    dir.put("b.har", &har);
    dir.put("c.har", &healthy);
    dir.put("d.har", b"not json");
    let o = run(&["analyze", dir.arg()]);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let text = stdout(&o);
    for name in ["a.har", "b.har", "c.har", "d.har"] {
        assert!(
            text.contains(&format!("/{name}\n")),
            "{name} has its section: {text}"
        );
    }
    let cause = failing_report().findings[0].cause.id();
    let table = text.rsplit_once("\n==\n").expect("a table at the end").1;
    let rows: Vec<Vec<&str>> = table
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows[0], ["#", "Verdict", "Findings"], "{table}");
    assert_eq!(rows[1].first(), Some(&"2"), "{table}");
    assert_eq!(rows[1].get(1), Some(&"not_you"), "{table}");
    assert_eq!(rows[1].last(), Some(&cause), "{table}");
    assert!(
        rows.contains(&vec!["1", "all_clear", "·", "All", "clear", "-"]),
        "{table}"
    );
    assert!(rows.contains(&vec!["1", "unreadable", "-"]), "{table}");
    assert_eq!(rows.last().unwrap(), &vec!["4"], "{table}");
    // stderr is no terminal here: no progress bar, only the bad file's line.
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
}

#[test]
fn exit_2_only_when_no_file_could_be_read() {
    let dir = TempDir::new();
    let a = dir.put("a.har", b"");
    let b = dir.put("b.har.gz", b"\x1f\x8b\x08 not really gzip");
    let c = dir.put("c.zip", b"PK\x03\x04 not really a zip");
    let o = run(&["analyze", &a, &b, &c, "--jsonl"]);
    assert_eq!(o.status.code(), Some(2), "stderr: {}", stderr(&o));
    let lines = jsonl(&o);
    assert_eq!(lines.len(), 3);
    assert!(lines.iter().all(|l| l.2.is_some()));
    let err = stderr(&o);
    assert!(
        err.lines()
            .last()
            .unwrap()
            .starts_with("chatmedic: none of the 3 files"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    // A damaged archive named alone keeps the single-file contract.
    assert_input_error(&run(&["analyze", &b]), "damaged gzip");
    assert_input_error(&run(&["analyze", &c]), "damaged zip");
}

#[test]
fn stdin_is_read_once() {
    let o = run_stdin(&["analyze", "-", "-"], b"{}");
    assert_input_error(&o, "stdin twice");
}

#[test]
fn lang_defaults_to_the_locale_when_it_is_german_or_japanese() {
    let lang = |vars: &[(&str, &str)], extra: &[&str]| {
        let mut args = vec!["explain", OVERLOADED, "--json"];
        args.extend_from_slice(extra);
        report(&run_env(&args, vars)).lang
    };
    assert_eq!(lang(&[], &[]), "en");
    assert_eq!(lang(&[("LANG", "de_DE.UTF-8")], &[]), "de");
    assert_eq!(lang(&[("LANG", "ja_JP.UTF-8")], &[]), "ja");
    // POSIX order: LC_ALL, then LC_MESSAGES, then LANG; an empty one does not count.
    assert_eq!(
        lang(&[("LC_ALL", "ja_JP.UTF-8"), ("LANG", "de_DE.UTF-8")], &[]),
        "ja"
    );
    assert_eq!(
        lang(&[("LC_MESSAGES", "de_AT"), ("LANG", "ja_JP.UTF-8")], &[]),
        "de"
    );
    assert_eq!(
        lang(
            &[
                ("LC_ALL", ""),
                ("LC_MESSAGES", "C"),
                ("LANG", "de_DE.UTF-8")
            ],
            &[]
        ),
        "en"
    );
    assert_eq!(lang(&[("LANG", "fr_FR.UTF-8")], &[]), "en");
    // --lang wins over the locale.
    assert_eq!(lang(&[("LANG", "de_DE.UTF-8")], &["--lang", "en"]), "en");
    // Text output too.
    let o = run_env(&["explain", OVERLOADED], &[("LANG", "de_DE.UTF-8")]);
    assert!(stdout(&o).contains("Was Sie tun können:"), "{}", stdout(&o));
}

#[test]
fn text_output_shows_three_fixes_and_the_rest_behind_more_ways() {
    let r = report(&run(&["analyze", FAILING_HAR, "--json"]));
    let top = &r.findings[0];
    assert!(top.fixes.len() > 3, "{:?}", top.fixes);
    assert_eq!(top.primary, 3);
    for (lang, more) in [
        ("en", "   More ways to fix this:\n"),
        ("de", "   Weitere Lösungen:\n"),
        ("ja", "   その他の解決方法:\n"),
    ] {
        let text = stdout(&run(&["analyze", FAILING_HAR, "--lang", lang]));
        let first = text.split("\n2. ").next().unwrap_or(&text);
        assert_eq!(first.matches("\n   * ").count(), 3, "{lang}: {first}");
        assert!(first.contains(more), "{lang}: {first}");
        let rest = &first[first.find(more).unwrap()..];
        let rest = rest.split("\n\n").next().unwrap_or(rest);
        assert_eq!(
            rest.matches("\n   - ").count(),
            top.fixes.len() - 3,
            "{lang}: {rest}"
        );
    }
}

/// Claude's 5-hour usage cap, as claude.ai streams it (a `message_limit` event of type
/// `exceeded_limit` with `resetsAt` in Unix seconds), seen at `end` (ms).
fn claude_cap(end: u64, resets_at: u64) -> String {
    format!(
        r#"[{{"kind":"http","url":"https://claude.ai/api/organizations/o/chat_conversations/c/completion","method":"POST","status":200,"end":{end},
            "streamTail":"data: {{\"type\":\"message_limit\",\"message_limit\":{{\"type\":\"exceeded_limit\",\"resetsAt\":{resets_at}}}}}\n\n"}}]"#
    )
}

#[test]
fn a_reset_time_is_a_clock_time_and_a_past_one_says_so() {
    // Far in the future: the reset time in UTC, said as UTC, and nothing about a minute's wait.
    let future = Temp::with(claude_cap(4_102_444_000_000, 4_102_444_800).as_bytes());
    for (lang, want) in [
        ("en", "Try again after 00:00 UTC on 1 Jan"),
        ("de", "Nach 00:00 UTC am 1. Jan. erneut versuchen"),
        ("ja", "1月1日 00:00 UTC以降に再試行"),
    ] {
        let text = stdout(&run(&["diagnose", future.arg(), "--lang", lang]));
        assert!(text.contains(want), "{lang}: {text}");
        assert!(!text.contains("Wait a minute"), "{lang}: {text}");
        assert!(!text.contains("Eine Minute warten"), "{lang}: {text}");
    }
    let r = report(&run(&["diagnose", future.arg(), "--json"]));
    assert_eq!(r.findings[0].cause, chatmedic::Cause::RateLimited);
    assert_eq!(
        r.findings[0].fixes[0].params.reset_at,
        Some(4_102_444_800_000.0)
    );
    // Already past when the command runs: said so, not "try again in N minutes".
    let past = Temp::with(claude_cap(1_763_474_400_000, 1_763_492_400).as_bytes());
    let text = stdout(&run(&["diagnose", past.arg()]));
    assert!(
        text.contains("* Your limit has reset: try again now"),
        "{text}"
    );
    assert!(text.contains("19:00 UTC on 18 Nov"), "{text}");
}

#[test]
fn a_har_says_the_recorded_reset_time() {
    // A HAR recorded when Claude's cap was reached: the time is the recorded one, never a
    // countdown from when the file was recorded.
    let har = "tests/scenarios/har_ff_claude_429_exceeded_limit/input.har";
    let text = stdout(&run(&["analyze", har]));
    assert!(
        text.contains("* The HAR says the limit reset at 19:00 UTC on 18 Nov: try again now"),
        "{text}"
    );
    assert!(!text.contains("minutes"), "{text}");
}

#[test]
fn facts_hook_writes_the_facts_into_the_hook_or_says_in_one_line_why_not() {
    let source = repo("extension/content/page-hook.js");
    let o = run(&["facts", "--hook", source.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let built = stdout(&o);
    assert!(!built.contains(chatmedic::facts::HOOK_MARKER));
    assert!(built.contains(&format!(
        "{};",
        serde_json::to_string(&chatmedic::facts::HookFacts::new()).unwrap()
    )));
    let none = Temp::with(b"const FACTS = null;\n");
    assert_input_error(&run(&["facts", "--hook", none.arg()]), "no marker");
    assert!(stderr(&run(&["facts", "--hook", none.arg()])).contains("marker"));
    let two = Temp::with(
        format!(
            "const A = {m};\nconst B = {m};\n",
            m = chatmedic::facts::HOOK_MARKER
        )
        .as_bytes(),
    );
    let o = run(&["facts", "--hook", two.arg()]);
    assert_input_error(&o, "two markers");
    assert!(stderr(&o).contains("2 times"), "{}", stderr(&o));
    assert_input_error(
        &run(&["facts", "--hook", "no/such/hook.js"]),
        "missing file",
    );
}
