//! The sanitizer against every HAR scenario: the copy keeps no planted secret, is valid JSON,
//! and still gives the same diagnosis as the original (what support needs survives).
//! Native only: it reads the scenario files.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::Path;

use chatmedic::sanitize::{sanitize, HarSanitizer};
use chatmedic::Lang;

fn har_scenarios() -> Vec<(String, Vec<u8>, serde_json::Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut out = Vec::new();
    for dir in fs::read_dir(&root).expect("tests/scenarios") {
        let dir = dir.expect("entry").path();
        let har = dir.join("input.har");
        if !har.is_file() {
            continue;
        }
        let expected: serde_json::Value =
            serde_json::from_slice(&fs::read(dir.join("expected.json")).expect("expected.json"))
                .expect("expected.json is JSON");
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push((name, fs::read(&har).expect("input.har"), expected));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn sanitized_scenarios_keep_no_secret_and_the_same_diagnosis() {
    let cases = har_scenarios();
    assert!(cases.len() >= 20, "too few HAR scenarios: {}", cases.len());
    let mut with_secrets = 0;
    for (name, input, expected) in &cases {
        let mut out = Vec::new();
        let stats = sanitize(&input[..], &mut out).unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = String::from_utf8(out.clone()).expect("UTF-8");
        serde_json::from_str::<serde_json::Value>(&text)
            .unwrap_or_else(|e| panic!("{name}: sanitized copy is not JSON: {e}"));
        assert!(stats.entries > 0, "{name}: no entries seen");
        if let Some(secrets) = expected["secrets"].as_array() {
            for s in secrets.iter().filter_map(|s| s.as_str()) {
                with_secrets += 1;
                assert!(!text.contains(s), "{name}: secret {s:?} survived");
            }
        }
        let before = chatmedic::analyze_har(&input[..], Lang::En)
            .unwrap_or_else(|e| panic!("{name}: original: {e}"));
        let after = chatmedic::analyze_har(&out[..], Lang::En)
            .unwrap_or_else(|e| panic!("{name}: sanitized: {e}"));
        assert_eq!(before.verdict, after.verdict, "{name}: verdict changed");
        assert_eq!(
            before.findings.first().map(|f| f.cause),
            after.findings.first().map(|f| f.cause),
            "{name}: top cause changed"
        );
    }
    assert!(with_secrets > 0, "no scenario plants a secret");
}

#[test]
fn chunking_does_not_change_the_copy() {
    for (name, input, _) in har_scenarios().into_iter().take(8) {
        let mut whole = Vec::new();
        sanitize(&input[..], &mut whole).expect("sanitizes");
        for size in [1usize, 7, 4096] {
            let mut s = HarSanitizer::new();
            let mut out = Vec::new();
            for chunk in input.chunks(size) {
                s.push(chunk, &mut out).expect("push");
            }
            s.finish(&mut out).expect("finish");
            assert_eq!(out, whole, "{name}: chunks of {size}");
        }
    }
}

#[test]
fn each_refusal_names_what_the_owner_of_the_file_faces() {
    use chatmedic::FileProblem as P;
    let problem = |input: &[u8]| {
        let mut s = HarSanitizer::new();
        let mut out = Vec::new();
        s.push(input, &mut out)
            .and_then(|()| s.finish(&mut out))
            .expect_err("refused")
            .problem()
    };
    assert_eq!(problem(b"  \n"), P::Empty);
    assert_eq!(problem(br#"{"log":{"entries":["#), P::Cut);
    assert_eq!(problem(br#"{"log":{"entries":[}}"#), P::Damaged);
    assert_eq!(problem(b"hello"), P::Damaged);
}
