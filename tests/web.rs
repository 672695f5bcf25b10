//! The wasm exports, called with real JS values in a headless browser (`./build.sh test`).
#![cfg(target_arch = "wasm32")]
// A test fails by panicking; unwrap says where.
#![allow(clippy::unwrap_used)]

use chatmedic::web::{diagnose, explain, render, render_text, HarAnalyzer};
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Parses JSON into a JS value, as a page would hand it over.
fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

/// A JS value as serde_json, through `JSON.stringify`: what survives is what a message between
/// extension contexts would carry (an ES `Map` would come out as `{}`).
fn json(value: &JsValue) -> serde_json::Value {
    let text: String = js_sys::JSON::stringify(value).unwrap().into();
    serde_json::from_str(&text).unwrap()
}

/// The message of a thrown JS error.
fn message(error: JsError) -> String {
    let error: js_sys::Error = JsValue::from(error).dyn_into().unwrap();
    error.message().into()
}

const OVERLOADED: &str = r#"[{
    "kind": "http",
    "url": "https://api.anthropic.com/v1/messages",
    "method": "POST",
    "status": 529,
    "headers": {"content-type": "application/json"},
    "body": "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
    "start": 1700000000000,
    "end": 1700000000450
}]"#;

#[wasm_bindgen_test]
fn diagnose_names_server_overloaded_for_529() {
    let report = json(&diagnose(js(OVERLOADED), None).unwrap());
    assert_eq!(
        report["findings"][0]["cause"], "server_overloaded",
        "{report}"
    );
    assert_eq!(report["verdict"], "not_you", "{report}");
    assert_eq!(report["lang"], "en");
    assert!(report["findings"][0]["title"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));
}

#[wasm_bindgen_test]
fn diagnose_returns_plain_objects() {
    let report = diagnose(js(OVERLOADED), None).unwrap();
    // A plain object, not an ES Map: JSON.stringify keeps its fields.
    assert!(!report.is_instance_of::<js_sys::Map>());
    let findings = js_sys::Reflect::get(&report, &"findings".into()).unwrap();
    assert!(js_sys::Array::is_array(&findings));
}

#[wasm_bindgen_test]
fn explain_answers_in_german() {
    let text = r#"API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#;
    let en = json(&explain(text, None).unwrap());
    let de = json(&explain(text, Some("de-DE".into())).unwrap());
    assert_eq!(de["lang"], "de");
    assert_eq!(de["findings"][0]["cause"], "server_overloaded", "{de}");
    assert_eq!(de["findings"][0]["cause"], en["findings"][0]["cause"]);
    assert_ne!(de["findings"][0]["title"], en["findings"][0]["title"]);
}

#[wasm_bindgen_test]
fn render_to_japanese_changes_titles_and_keeps_ids() {
    let en = diagnose(js(OVERLOADED), Some("en".into())).unwrap();
    let ja = json(&render(en.clone(), Some("ja".into())).unwrap());
    let en = json(&en);
    assert_eq!(ja["lang"], "ja");
    assert_eq!(ja["findings"][0]["cause"], en["findings"][0]["cause"]);
    assert_eq!(ja["verdict"], en["verdict"]);
    let (en_title, ja_title) = (&en["findings"][0]["title"], &ja["findings"][0]["title"]);
    assert_ne!(en_title, ja_title);
    assert!(
        ja_title.as_str().is_some_and(|t| !t.is_ascii()),
        "not Japanese: {ja_title}"
    );
}

#[wasm_bindgen_test]
fn render_text_is_plain_text_in_the_language() {
    let report = diagnose(js(OVERLOADED), None).unwrap();
    let en = render_text(report.clone(), None).unwrap();
    let de = render_text(report, Some("de".into())).unwrap();
    assert!(!en.trim().is_empty());
    assert_ne!(en, de);
}

/// A small HAR with one failed chat turn (529 from the API) among healthy requests.
const HAR: &str = r#"{"log": {"version": "1.2", "creator": {"name": "test", "version": "1"},
  "entries": [
    {"startedDateTime": "2026-11-23T10:00:00.000Z", "time": 120,
     "request": {"method": "GET", "url": "https://claude.ai/api/organizations", "headers": []},
     "response": {"status": 200, "statusText": "OK", "headers": [],
                  "content": {"size": 2, "mimeType": "application/json", "text": "[]"}}},
    {"startedDateTime": "2026-11-23T10:00:01.000Z", "time": 450,
     "request": {"method": "POST", "url": "https://api.anthropic.com/v1/messages", "headers": []},
     "response": {"status": 529, "statusText": "", "headers": [{"name": "content-type", "value": "application/json"}],
                  "content": {"size": 75, "mimeType": "application/json",
                              "text": "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"}}}
  ]}}"#;

#[wasm_bindgen_test]
fn har_analyzer_reads_chunks() {
    let mut analyzer = HarAnalyzer::new();
    // Uneven chunks that cut through strings, numbers and UTF-8 alike.
    for chunk in HAR.as_bytes().chunks(37) {
        analyzer.push(chunk).unwrap();
    }
    assert_eq!(analyzer.bytes_seen(), HAR.len() as f64);
    let report = json(&analyzer.finish(Some("en".into())).unwrap());
    assert_eq!(
        report["findings"][0]["cause"], "server_overloaded",
        "{report}"
    );
}

/// A HAR of `n` healthy entries, for progress counts.
fn many_entries(n: usize) -> String {
    let entry = r#"{"startedDateTime": "2026-11-23T10:00:00.000Z", "time": 80,
     "request": {"method": "GET", "url": "https://chatgpt.com/backend-api/me", "headers": []},
     "response": {"status": 200, "statusText": "OK", "headers": [],
                  "content": {"size": 2, "mimeType": "application/json", "text": "{}"}}}"#;
    let entries = vec![entry; n].join(",");
    format!(
        r#"{{"log": {{"version": "1.2", "creator": {{"name": "test", "version": "1"}}, "entries": [{entries}]}}}}"#
    )
}

#[wasm_bindgen_test]
fn har_analyzer_reports_progress() {
    // Several MiB, so that the reader scans entries before the end (it may gather small chunks).
    let n = 12_000;
    let har = many_entries(n);
    let mut analyzer = HarAnalyzer::new();
    let mut last = 0.0;
    for chunk in har.as_bytes().chunks(64 * 1024) {
        analyzer.push(chunk).unwrap();
        let seen = analyzer.entries_seen();
        assert!(seen >= last, "entriesSeen went back: {last} -> {seen}");
        last = seen;
    }
    assert!(last > 0.0 && last <= n as f64, "entriesSeen {last} of {n}");
    assert_eq!(analyzer.bytes_seen(), har.len() as f64);
    let report = json(&analyzer.finish(None).unwrap());
    assert_eq!(report["verdict"], "all_clear", "{report}");
}

#[wasm_bindgen_test]
fn har_analyzer_rejects_what_is_not_a_har() {
    let mut analyzer = HarAnalyzer::new();
    let pushed = analyzer.push(b"<html>not a har</html>");
    let finished = match pushed {
        Err(e) => Err(e),
        Ok(()) => analyzer.finish(None).map(|_| ()),
    };
    let error: js_sys::Error = finished
        .expect_err("a non-HAR must be an error")
        .dyn_into()
        .unwrap();
    assert!(String::from(error.message()).starts_with("not a HAR file"));
    // The page words it by this code, never by the message.
    let code = js_sys::Reflect::get(&error, &JsValue::from_str("code")).unwrap();
    assert_eq!(code.as_string().as_deref(), Some("not_har"));
}

#[wasm_bindgen_test]
fn diagnose_rejects_non_array() {
    let error = diagnose(js(r#"{"kind": "http"}"#), None).unwrap_err();
    assert!(message(error).contains("array"));
}

#[wasm_bindgen_test]
fn diagnose_names_the_bad_entry() {
    let input = js(
        r#"[{"kind": "http", "url": "https://chatgpt.com/", "method": "GET", "status": 200},
                       {"kind": "noSuchKind"}]"#,
    );
    let text = message(diagnose(input, None).unwrap_err());
    assert!(text.contains("observation 1"), "{text}");
}

#[wasm_bindgen_test]
fn diagnose_rejects_wrong_field_types() {
    let input = js(
        r#"[{"kind": "http", "url": "https://chatgpt.com/", "method": "GET", "status": "five hundred"}]"#,
    );
    let text = message(diagnose(input, None).unwrap_err());
    assert!(text.contains("observation 0"), "{text}");
}

#[wasm_bindgen_test]
fn render_rejects_a_non_report() {
    assert!(render(js(r#"{"findings": 3}"#), None).is_err());
    assert!(render_text(JsValue::UNDEFINED, None).is_err());
}

#[wasm_bindgen_test]
fn empty_observations_are_all_clear() {
    let report = json(&diagnose(js("[]"), None).unwrap());
    assert_eq!(report["verdict"], "all_clear", "{report}");
    assert_eq!(report["findings"].as_array().map(Vec::len), Some(0));
}

#[wasm_bindgen_test]
fn secrets_do_not_reach_the_report() {
    let key = "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
    let input = serde_json::json!([{
        "kind": "http",
        "url": "https://api.anthropic.com/v1/messages",
        "method": "POST",
        "status": 401,
        "body": format!("{{\"type\":\"error\",\"error\":{{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key {key}\"}}}}"),
    }])
    .to_string();
    let report = diagnose(js(&input), None).unwrap();
    let text = js_sys::JSON::stringify(&report).unwrap();
    assert!(!String::from(text).contains(key));
    assert!(!render_text(report, None).unwrap().contains(key));
}

// Panic containment (src/web/panic.rs). A panic cannot be caught here: it would end the very
// instance these tests run in, and the guard would swap it out under the test runner. The trap,
// the restart and the reuse are tested where the instance can be replaced: in Node
// (tests/e2e/popup.test.mjs, "the engine guard in Node") and in the extension's worker. What
// the panic message says is tested here.
#[wasm_bindgen_test]
fn a_panic_message_keeps_the_place_and_drops_what_it_quoted() {
    use chatmedic::web::panic::{describe, SELF_TEST_MESSAGE};
    let raw =
        "panicked at src/text.rs:10:5:\nbyte index 5 is not a char boundary; it is inside 'é' \
               (bytes 4..6) of `my prompt about sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789`";
    let said = describe(raw);
    assert!(
        said.starts_with("panicked at src/text.rs:10:5: byte index 5"),
        "{said}"
    );
    assert!(
        !said.contains("my prompt") && !said.contains("sk-ant-"),
        "{said}"
    );
    assert!(!said.contains('\n'));
    // A secret outside quotes is redacted; a long message is cut.
    let said = describe("token sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789 rejected");
    assert!(!said.contains("AbCdEfGhIjKlMnOp"), "{said}");
    let said = describe(&"the engine ran out of patience ".repeat(200));
    assert!(said.len() <= 404 && said.ends_with('…'), "{}", said.len());
    assert_eq!(
        describe(&format!(
            "panicked at src/web/panic.rs:1:1:\n{SELF_TEST_MESSAGE}"
        )),
        format!("panicked at src/web/panic.rs:1:1: {SELF_TEST_MESSAGE}")
    );
}
