//! The help page's probes and status fetches, in a real page (headless Chromium and Firefox),
//! against local servers (`tests/www/probe-servers.mjs`, started by `./build.sh test` on the
//! ports below): reachability told apart (answer, reset, timeout), the WebSocket round trip,
//! the clock against a `Date` header, third-party cookies, the ad bait, status feeds in both
//! formats, and the sanitizer export.
#![cfg(target_arch = "wasm32")]
// A test fails by panicking; unwrap says where.
#![allow(clippy::unwrap_used)]

use chatmedic::web::probe::{
    check_adblock, check_browser, check_clock, check_cookies, check_online, check_reach,
    check_storage, check_third_party_cookies, check_websocket, is_loopback_base, reach_targets,
};
use chatmedic::web::sanitize::HarSanitizer;
use chatmedic::web::status::fetch_status;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// The page server (WebSocket echo, third-party cookie endpoints, the ad bait).
const PAGE: &str = match option_env!("CHATMEDIC_PROBE_PAGE") {
    Some(p) => p,
    None => "127.0.0.1:47811",
};

/// The fake services (status feeds, service hosts, a Date header).
const FAKE: &str = match option_env!("CHATMEDIC_PROBE_FAKE") {
    Some(p) => p,
    None => "127.0.0.1:47812",
};

fn fake() -> String {
    format!("http://{FAKE}")
}

/// `crossOriginIsolated` of the test page.
fn isolated() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("crossOriginIsolated"))
        .unwrap()
        .as_bool()
        .unwrap_or(false)
}

fn json_of(v: &JsValue) -> Value {
    let text: String = js_sys::JSON::stringify(v).unwrap().into();
    serde_json::from_str(&text).unwrap()
}

fn js(v: &Value) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).unwrap()
}

/// The single result of a one-row check.
fn only(out: &Value) -> &Value {
    let results = out["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{out}");
    &results[0]
}

#[wasm_bindgen_test]
fn instant_checks_pass_in_a_plain_browser() {
    for (name, out) in [
        ("online", check_online()),
        ("cookies", check_cookies()),
        ("storage", check_storage()),
        ("browserVersion", check_browser()),
    ] {
        let out = json_of(&out.unwrap());
        let r = only(&out);
        assert_eq!(r["check"], name);
        assert_eq!(r["outcome"], "pass", "{name}: {out}");
        assert!(
            !out["observations"].as_array().unwrap().is_empty(),
            "{name}: observations for the engine"
        );
    }
    let browser = json_of(&check_browser().unwrap());
    let env = &browser["observations"][0];
    assert_eq!(env["kind"], "environment");
    assert!(env["userAgent"].as_str().unwrap().contains("Mozilla"));
}

#[wasm_bindgen_test]
fn reach_targets_cover_every_service_and_accept_a_loopback_base_only() {
    let real = json_of(&reach_targets(None).unwrap());
    let hosts: Vec<&str> = real
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["host"].as_str().unwrap())
        .collect();
    for h in [
        "chatgpt.com",
        "claude.ai",
        "gemini.google.com",
        "copilot.microsoft.com",
        "api.openai.com",
        "api.anthropic.com",
        "chat.mistral.ai",
        "chat.deepseek.com",
        // The catalogue's host is the bare perplexity.ai; the app is served under www.
        "www.perplexity.ai",
    ] {
        assert!(hosts.contains(&h), "{h} in {hosts:?}");
    }
    assert!(!hosts.contains(&"perplexity.ai"), "{hosts:?}");
    assert!(real[0]["url"].as_str().unwrap().starts_with("https://"));
    let faked = json_of(&reach_targets(Some(fake())).unwrap());
    assert!(faked[0]["url"].as_str().unwrap().starts_with(&fake()));
    assert!(is_loopback_base("http://127.0.0.1:9"));
    assert!(is_loopback_base("http://localhost:9/x"));
    assert!(!is_loopback_base("https://status.example.com"));
    assert!(!is_loopback_base("http://127.0.0.1.evil.example/"));
}

#[wasm_bindgen_test]
async fn reach_tells_an_answer_from_a_reset_from_a_timeout() {
    let targets = json!([
        {"service": "chatgpt", "host": "chatgpt.com", "url": format!("{}/reach/ok.chatgpt.com/favicon.ico", fake())},
        {"service": "claude", "host": "claude.ai", "url": format!("{}/reach/reset.claude.ai/favicon.ico", fake())},
        {"service": "gemini", "host": "gemini.google.com", "url": format!("{}/reach/timeout.gemini.google.com/favicon.ico", fake())},
    ]);
    let out = json_of(&check_reach(js(&targets), 1500).await.unwrap());
    let reasons: Vec<&str> = out["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reason"].as_str().unwrap())
        .collect();
    // The test runner's page is cross-origin isolated (COEP): there a failure cannot be told
    // from a refused answer, and the check says so instead of blaming the network.
    let failed = if isolated() { "isolated" } else { "failed" };
    assert_eq!(reasons, ["ok", failed, "timeout"], "{out}");
    let ms = out["results"][2]["ms"].as_f64().unwrap();
    assert!(
        (1400.0..5000.0).contains(&ms),
        "the timeout took its time limit: {ms}"
    );
    // The observations name the real hosts, so the engine knows the services.
    let obs = out["observations"].as_array().unwrap();
    assert_eq!(obs[1]["kind"], "probe");
    assert_eq!(obs[1]["name"], "reach");
    assert_eq!(obs[1]["target"], "https://claude.ai/");
    assert_eq!(
        obs[1]["outcome"],
        if isolated() { "untested" } else { "problem" }
    );
    assert_eq!(obs[0]["outcome"], "pass");
}

#[wasm_bindgen_test]
async fn websocket_round_trip_and_a_socket_that_never_opens() {
    let ok = json_of(
        &check_websocket(Some(format!("ws://{PAGE}/ws-echo")), 4000)
            .await
            .unwrap(),
    );
    assert_eq!(only(&ok)["outcome"], "pass", "{ok}");
    assert_eq!(only(&ok)["reason"], "ok");
    // The server refuses the upgrade on any other path: the socket closes before it opens.
    let refused = json_of(
        &check_websocket(Some(format!("ws://{PAGE}/no-such-socket")), 4000)
            .await
            .unwrap(),
    );
    assert_eq!(only(&refused)["outcome"], "problem", "{refused}");
    assert_eq!(only(&refused)["reason"], "never_opened");
    assert_eq!(only(&refused)["value"], "1006");
    let none = json_of(&check_websocket(None, 1000).await.unwrap());
    assert_eq!(only(&none)["outcome"], "untested");
    assert_eq!(only(&none)["reason"], "no_endpoint");
}

#[wasm_bindgen_test]
async fn clock_against_a_date_header() {
    let right = json_of(
        &check_clock(format!("{}/date?skew=0", fake()), 3000)
            .await
            .unwrap(),
    );
    assert_eq!(only(&right)["outcome"], "pass", "{right}");
    let off: i64 = only(&right)["value"].as_str().unwrap().parse().unwrap();
    assert!(off.abs() <= 2, "offset {off}");
    let env = &right["observations"][0];
    assert_eq!(env["kind"], "environment");
    assert!(env["clockOffsetMs"].as_f64().unwrap().abs() < 2000.0);

    let skewed = json_of(
        &check_clock(format!("{}/date?skew=-900", fake()), 3000)
            .await
            .unwrap(),
    );
    assert_eq!(only(&skewed)["outcome"], "problem", "{skewed}");
    assert_eq!(only(&skewed)["reason"], "skewed");
    let off: i64 = only(&skewed)["value"].as_str().unwrap().parse().unwrap();
    assert!(
        (895..=905).contains(&off),
        "the local clock is 900 s ahead of that server: {off}"
    );

    let down = json_of(
        &check_clock("http://127.0.0.1:9/".into(), 2000)
            .await
            .unwrap(),
    );
    assert_eq!(only(&down)["outcome"], "untested", "{down}");
}

#[wasm_bindgen_test]
async fn third_party_cookies_are_judged_from_another_site() {
    // The test page is on 127.0.0.1; localhost is another site.
    let port = PAGE.rsplit(':').next().unwrap();
    let out = json_of(
        &check_third_party_cookies(Some(format!("http://localhost:{port}")), 3000)
            .await
            .unwrap(),
    );
    let r = only(&out);
    assert!(
        ["pass", "problem"].contains(&r["outcome"].as_str().unwrap()),
        "{out}"
    );
    assert!(
        ["ok", "blocked"].contains(&r["reason"].as_str().unwrap()),
        "{out}"
    );
    let none = json_of(&check_third_party_cookies(None, 1000).await.unwrap());
    assert_eq!(only(&none)["reason"], "no_origin");
    let down = json_of(
        &check_third_party_cookies(Some("http://127.0.0.1:9".into()), 2000)
            .await
            .unwrap(),
    );
    assert_eq!(only(&down)["outcome"], "untested", "{down}");
}

#[wasm_bindgen_test]
async fn ad_bait_finds_no_blocker_in_a_plain_browser() {
    let out = json_of(
        &check_adblock(
            Some(format!(
                "http://{PAGE}/bait/pagead/adsbygoogle.js?ad_slot=1"
            )),
            3000,
        )
        .await
        .unwrap(),
    );
    let r = only(&out);
    assert_eq!(r["outcome"], "pass", "{out}");
    assert_eq!(r["reason"], "none");
    let detail = out["observations"][0]["detail"].as_str().unwrap();
    assert!(
        detail.starts_with("heuristic"),
        "labelled a heuristic: {detail}"
    );
}

#[wasm_bindgen_test]
async fn status_feeds_in_both_formats_and_unreachable_ones() {
    let base = |state: &str| Some(format!("{}/s/{state}", fake()));
    let chatgpt = json_of(
        &fetch_status("chatgpt", base("incident"), 3000)
            .await
            .unwrap(),
    );
    assert_eq!(chatgpt["state"], "ok", "{chatgpt}");
    let o = &chatgpt["observation"];
    assert_eq!(o["kind"], "status");
    assert_ne!(o["indicator"], "none", "incident.io incident: {o}");
    assert!(o["incidents"][0]["name"]
        .as_str()
        .unwrap()
        .contains("ChatGPT"));

    let claude = json_of(
        &fetch_status("claude", base("operational"), 3000)
            .await
            .unwrap(),
    );
    assert_eq!(claude["observation"]["indicator"], "none", "{claude}");
    let maint = json_of(
        &fetch_status("anthropic_api", base("maintenance"), 3000)
            .await
            .unwrap(),
    );
    assert_eq!(maint["observation"]["indicator"], "maintenance", "{maint}");

    for state in ["unreachable", "broken"] {
        let down = json_of(&fetch_status("perplexity", base(state), 3000).await.unwrap());
        assert_eq!(down["state"], "unreachable", "{state}: {down}");
        assert_eq!(
            down["observation"]["indicator"], "unreachable",
            "{state}: never operational"
        );
    }
    let gemini = json_of(
        &fetch_status("gemini", base("operational"), 3000)
            .await
            .unwrap(),
    );
    assert_eq!(gemini["state"], "link_only");
    assert!(gemini["pageUrl"].as_str().unwrap().starts_with("https://"));
    assert!(
        fetch_status("nope", None, 1000).await.is_err(),
        "an unknown service"
    );
}

#[wasm_bindgen_test]
fn sanitizer_export_streams_a_clean_copy() {
    let har = json!({"log": {"entries": [{
        "request": {"method": "POST", "url": "https://claude.ai/api/x/completion?key=abc",
            "headers": [{"name": "Cookie", "value": "sessionKey=sk-ant-sid01-secret"}],
            "postData": {"text": "{\"prompt\":\"my secret plan\"}"}},
        "response": {"status": 429, "headers": [{"name": "retry-after", "value": "20"}],
            "content": {"text": "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\"}}"}}}]}})
    .to_string();
    let mut s = HarSanitizer::new();
    let mut out = Vec::new();
    for chunk in har.as_bytes().chunks(9) {
        out.extend(s.push(chunk).unwrap());
    }
    let stats = json_of(&s.stats().unwrap());
    out.extend(s.finish().unwrap());
    let text = String::from_utf8(out).unwrap();
    assert!(
        !text.contains("sk-ant-sid01-secret") && !text.contains("my secret plan"),
        "{text}"
    );
    assert!(
        text.contains("rate_limit_error") && text.contains("\"20\""),
        "{text}"
    );
    serde_json::from_str::<Value>(&text).unwrap();
    assert_eq!(stats["entries"], 1);
    assert!(HarSanitizer::new().push(b"[1]").is_err());
}
