//! The help page's in-browser checks: each runs under a time limit and ends in pass, problem or
//! "could not test here", and comes back twice: as results for the page to show (a check name,
//! an outcome, a reason code the page turns into one sentence) and as `probe` / `environment`
//! observations for the engine.
//!
//! Requests go through gloo-net's global `fetch`; sockets, cookies, storage and the bait element
//! through web-sys. Whatever a check cannot do in this context (no `document` in a worker, a
//! policy that forbids the request) is "could not test here", never a problem.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_net::http::Request;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::{wasm_bindgen, Closure};
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCache, RequestCredentials, RequestMode};

use super::convert::{from_js, to_js};
use crate::catalog::{ServiceId, SERVICES};
use crate::cause::Cause;
use crate::observation::{EnvironmentObservation, Observation, ProbeObservation, ProbeOutcome};

/// A failure faster than this, while other hosts answer over the network, happened before any
/// packet left: the browser or an extension refused the request. A refused connection or a DNS
/// error costs at least one round trip.
const BLOCKED_MAX_MS: f64 = 15.0;

/// How much faster than the fastest answer a failure must be to count as blocked.
const BLOCKED_RATIO: f64 = 3.0;

/// The message the WebSocket check sends and expects back.
const WS_PING: &str = "chatmedic-ping";

#[wasm_bindgen]
extern "C" {
    /// The global `setTimeout` (window or worker alike, as gloo-net binds `fetch`).
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: i32) -> JsValue;
}

/// One check's result, for the page to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckResult {
    /// The check (`online`, `cookies`, `storage`, `browserVersion`, `reach`, `websocket`,
    /// `clock`, `thirdPartyCookies`, `adblock`), as the probe observation names it.
    pub check: String,
    /// Pass, problem, or could not test here.
    pub outcome: ProbeOutcome,
    /// Why, as a code: the page shows the sentence `check_<check>_<reason>`.
    pub reason: String,
    /// How long it took, in ms, where that means something.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ms: Option<f64>,
    /// The host or URL it tested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// The service the host belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<ServiceId>,
    /// A value to show with the sentence (a browser version, a clock offset in seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// What a check returns to JS: results to show, observations for `diagnose`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckOutput {
    /// The results, one per row (the reach check has one per host).
    pub results: Vec<CheckResult>,
    /// The observations the engine reads.
    pub observations: Vec<Observation>,
}

impl CheckOutput {
    fn one(result: CheckResult, detail: Option<String>) -> CheckOutput {
        let mut out = CheckOutput::default();
        out.push(result, detail);
        out
    }

    /// Adds a result and the probe observation it implies.
    fn push(&mut self, result: CheckResult, detail: Option<String>) {
        self.observations.push(Observation::Probe(ProbeObservation {
            name: result.check.clone(),
            outcome: result.outcome,
            detail,
            target: result.target.clone(),
            time: Some(js_sys::Date::now()),
        }));
        self.results.push(result);
    }

    fn environment(&mut self, env: EnvironmentObservation) {
        self.observations
            .push(Observation::Environment(EnvironmentObservation {
                time: Some(js_sys::Date::now()),
                ..env
            }));
    }
}

fn result(check: &str, outcome: ProbeOutcome, reason: &str) -> CheckResult {
    CheckResult {
        check: check.to_owned(),
        outcome,
        reason: reason.to_owned(),
        ms: None,
        target: None,
        service: None,
        value: None,
    }
}

/// `performance.now()` where there is one, else the wall clock.
fn now_ms() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// Resolves after `ms` milliseconds.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        set_timeout(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}

/// An `AbortSignal` that fires after `ms`.
fn timeout_signal(ms: u32) -> Option<web_sys::AbortSignal> {
    let controller = web_sys::AbortController::new().ok()?;
    let signal = controller.signal();
    let abort = Closure::once_into_js(move || controller.abort());
    set_timeout(abort.unchecked_ref(), ms.min(i32::MAX as u32) as i32);
    Some(signal)
}

/// Whether the engine finds `cause` in these observations: the checks judge by the engine's
/// own thresholds (supported browser versions, tolerated clock offset), kept in one place.
fn engine_finds(observations: &[Observation], cause: Cause) -> bool {
    crate::diagnose::run(observations)
        .findings
        .iter()
        .any(|f| f.cause == cause)
}

/// Whether the page is cross-origin isolated (COEP `require-corp`): there, a no-cors response
/// without a `Cross-Origin-Resource-Policy` header fails like a network error, so a failure
/// says nothing about the network.
fn cross_origin_isolated() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("crossOriginIsolated"))
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

fn navigator() -> Option<web_sys::Navigator> {
    web_sys::window().map(|w| w.navigator())
}

/// `navigator.onLine`.
#[wasm_bindgen(js_name = checkOnline)]
pub fn check_online() -> Result<JsValue, JsError> {
    let online = navigator().map(|n| n.on_line());
    let mut out = match online {
        Some(true) => CheckOutput::one(result("online", ProbeOutcome::Pass, "ok"), None),
        Some(false) => CheckOutput::one(
            result("online", ProbeOutcome::Problem, "offline"),
            Some("navigator.onLine is false".into()),
        ),
        None => CheckOutput::one(result("online", ProbeOutcome::Untested, "unknown"), None),
    };
    out.environment(EnvironmentObservation {
        online,
        connection_type: connection_type(),
        ..Default::default()
    });
    to_js(&out)
}

/// `navigator.connection.effectiveType`, where the browser has it (Chromium).
fn connection_type() -> Option<String> {
    let nav = navigator()?;
    let conn = js_sys::Reflect::get(&nav, &JsValue::from_str("connection")).ok()?;
    if conn.is_undefined() {
        return None;
    }
    js_sys::Reflect::get(&conn, &JsValue::from_str("effectiveType"))
        .ok()?
        .as_string()
}

/// Cookies: `navigator.cookieEnabled`, then a first-party cookie written and read back.
#[wasm_bindgen(js_name = checkCookies)]
pub fn check_cookies() -> Result<JsValue, JsError> {
    // web-sys has no binding for `navigator.cookieEnabled`.
    let enabled = navigator()
        .and_then(|n| js_sys::Reflect::get(&n, &JsValue::from_str("cookieEnabled")).ok())
        .and_then(|v| v.as_bool());
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok());
    let works = match (&doc, enabled) {
        (Some(doc), Some(true)) => {
            let name = "chatmedic_check";
            let set = doc
                .set_cookie(&format!("{name}=1; Path=/; Max-Age=60; SameSite=Lax"))
                .is_ok();
            let read = doc
                .cookie()
                .map(|c| c.split(';').any(|p| p.trim() == format!("{name}=1")))
                .unwrap_or(false);
            let _ = doc.set_cookie(&format!("{name}=; Path=/; Max-Age=0"));
            Some(set && read)
        }
        (_, Some(false)) => Some(false),
        _ => None,
    };
    let mut out = match works {
        Some(true) => CheckOutput::one(result("cookies", ProbeOutcome::Pass, "ok"), None),
        Some(false) => CheckOutput::one(
            result("cookies", ProbeOutcome::Problem, "disabled"),
            Some("cookies are disabled in this browser".into()),
        ),
        None => CheckOutput::one(result("cookies", ProbeOutcome::Untested, "unknown"), None),
    };
    if works.is_some() {
        out.environment(EnvironmentObservation {
            cookies_enabled: works,
            ..Default::default()
        });
    }
    to_js(&out)
}

/// Storage: `localStorage` written, read and removed.
#[wasm_bindgen(js_name = checkStorage)]
pub fn check_storage() -> Result<JsValue, JsError> {
    let works = web_sys::window().map(|w| match w.local_storage() {
        Ok(Some(s)) => {
            let key = "chatmedic_check";
            let ok = s.set_item(key, "1").is_ok()
                && s.get_item(key).ok().flatten().as_deref() == Some("1");
            let _ = s.remove_item(key);
            ok
        }
        _ => false,
    });
    let mut out = match works {
        Some(true) => CheckOutput::one(result("storage", ProbeOutcome::Pass, "ok"), None),
        Some(false) => CheckOutput::one(
            result("storage", ProbeOutcome::Problem, "blocked"),
            Some("localStorage is not available".into()),
        ),
        None => CheckOutput::one(result("storage", ProbeOutcome::Untested, "unknown"), None),
    };
    if works.is_some() {
        out.environment(EnvironmentObservation {
            storage_available: works,
            ..Default::default()
        });
    }
    to_js(&out)
}

/// The browser's version against what the services support (the engine's table decides).
#[wasm_bindgen(js_name = checkBrowser)]
pub fn check_browser() -> Result<JsValue, JsError> {
    let ua = navigator().and_then(|n| n.user_agent().ok());
    to_js(&browser_output(ua))
}

fn browser_output(ua: Option<String>) -> CheckOutput {
    let Some(ua) = ua else {
        return CheckOutput::one(
            result("browserVersion", ProbeOutcome::Untested, "unknown"),
            None,
        );
    };
    let env = EnvironmentObservation {
        user_agent: Some(ua.clone()),
        ..Default::default()
    };
    let version = crate::rules::browser_version(&ua);
    let mut r = match version {
        None => result("browserVersion", ProbeOutcome::Untested, "unknown"),
        Some(_)
            if engine_finds(
                &[Observation::Environment(env.clone())],
                Cause::BrowserUnsupported,
            ) =>
        {
            result("browserVersion", ProbeOutcome::Problem, "old")
        }
        Some(_) => result("browserVersion", ProbeOutcome::Pass, "ok"),
    };
    r.value = version.map(|(b, v)| format!("{b} {v}"));
    // The environment carries the user agent; the probe only says what was judged, so the
    // engine does not count the same old browser twice.
    let mut out = CheckOutput::default();
    out.environment(env);
    out.results.push(r);
    out
}

/// A host to reach: the service and the URL the page fetches (a test may point it at a fake).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReachTarget {
    /// The service the host belongs to.
    pub service: ServiceId,
    /// The host as the service uses it (`chatgpt.com`).
    pub host: String,
    /// The URL the page fetches.
    pub url: String,
}

/// The hosts the reach check tries: each service's own host and its essential asset hosts.
/// With `base` (tests only), every URL is `<base>/reach/<host>/favicon.ico` instead.
#[wasm_bindgen(js_name = reachTargets)]
pub fn reach_targets(base: Option<String>) -> Result<JsValue, JsError> {
    to_js(&targets(base.as_deref()))
}

/// The host of a chat URL (`https://host/path`).
fn chat_url_host(url: &str) -> Option<&str> {
    url.split_once("://")?.1.split(['/', ':', '?']).next()
}

fn targets(base: Option<&str>) -> Vec<ReachTarget> {
    let mut out: Vec<ReachTarget> = Vec::new();
    for s in SERVICES {
        let hosts = s.hosts.iter().take(1).chain(s.asset_hosts.iter().take(1));
        for (n, h) in hosts.enumerate() {
            let host = h.split('/').next().unwrap_or(h);
            // The app's host as its chat URL names it: a catalogue host may be a bare parent
            // domain (perplexity.ai) that the app is served under (www.perplexity.ai).
            let fetch_host = match chat_url_host(s.chat_url) {
                Some(chat) if n == 0 && chat.ends_with(&format!(".{host}")) => chat.to_owned(),
                _ => host.to_owned(),
            };
            if out.iter().any(|t| t.host == fetch_host) {
                continue;
            }
            let url = match base {
                Some(b) => format!("{}/reach/{fetch_host}/favicon.ico", b.trim_end_matches('/')),
                None => format!("https://{fetch_host}/favicon.ico"),
            };
            out.push(ReachTarget {
                service: s.service,
                host: fetch_host,
                url,
            });
        }
    }
    out
}

/// How one fetch ended.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Reached {
    Ok(f64),
    Failed(f64),
    TimedOut(f64),
}

async fn fetch_once(url: &str, timeout_ms: u32) -> Reached {
    let signal = timeout_signal(timeout_ms);
    let start = now_ms();
    let sent = Request::get(url)
        .mode(RequestMode::NoCors)
        .cache(RequestCache::NoStore)
        .credentials(RequestCredentials::Omit)
        .abort_signal(signal.as_ref())
        .send()
        .await;
    let ms = now_ms() - start;
    match sent {
        Ok(_) => Reached::Ok(ms),
        Err(_) if signal.as_ref().is_some_and(|s| s.aborted()) => Reached::TimedOut(ms),
        Err(_) => Reached::Failed(ms),
    }
}

/// Reachability and timing of each target, in parallel, each under `timeoutMs`. A failure is
/// told apart as far as a page can: a timeout; "blocked" when it failed before any round trip
/// could have happened while other hosts answered; else a failed connection (refused, reset,
/// DNS: a page cannot tell these apart).
#[wasm_bindgen(js_name = checkReach)]
pub async fn check_reach(targets: JsValue, timeout_ms: u32) -> Result<JsValue, JsError> {
    let targets: Vec<ReachTarget> = from_js(targets, "reach targets")?;
    let offline = navigator().is_some_and(|n| !n.on_line());
    let promises = js_sys::Array::new();
    for t in &targets {
        let url = t.url.clone();
        promises.push(&wasm_bindgen_futures::future_to_promise(async move {
            let r = fetch_once(&url, timeout_ms).await;
            let (kind, ms) = match r {
                Reached::Ok(ms) => (0, ms),
                Reached::Failed(ms) => (1, ms),
                Reached::TimedOut(ms) => (2, ms),
            };
            Ok(js_sys::Array::of2(&JsValue::from(kind), &JsValue::from(ms)).into())
        }));
    }
    let all = JsFuture::from(js_sys::Promise::all(&promises))
        .await
        .map_err(|_| JsError::new("reach check: a fetch failed to settle"))?;
    let mut raw: Vec<Reached> = js_sys::Array::from(&all)
        .iter()
        .map(|pair| {
            let pair = js_sys::Array::from(&pair);
            let ms = pair.get(1).as_f64().unwrap_or(0.0);
            match pair.get(0).as_f64().unwrap_or(1.0) as u8 {
                0 => Reached::Ok(ms),
                2 => Reached::TimedOut(ms),
                _ => Reached::Failed(ms),
            }
        })
        .collect();
    // A failure's time is judged again once the page is quiet: during the first burst every
    // request waits behind the others (and the page's own loading), which hides how fast a
    // blocked request really fails. One at a time, a block fails in a few ms; a refused or
    // reset connection still costs its round trip.
    for (t, r) in targets.iter().zip(raw.iter_mut()) {
        if let Reached::Failed(_) = r {
            if let Reached::Failed(ms) = fetch_once(&t.url, timeout_ms).await {
                *r = Reached::Failed(ms);
            }
        }
    }
    to_js(&reach_output(
        &targets,
        &raw,
        offline,
        cross_origin_isolated(),
    ))
}

fn reach_output(
    targets: &[ReachTarget],
    raw: &[Reached],
    offline: bool,
    isolated: bool,
) -> CheckOutput {
    let fastest_ok = raw
        .iter()
        .filter_map(|r| match r {
            Reached::Ok(ms) => Some(*ms),
            _ => None,
        })
        .reduce(f64::min);
    let mut out = CheckOutput::default();
    for (t, r) in targets.iter().zip(raw) {
        let (outcome, reason, detail, ms) = match *r {
            _ if offline => (ProbeOutcome::Untested, "offline", None, None),
            Reached::Ok(ms) => (
                ProbeOutcome::Pass,
                "ok",
                Some(format!("answered in {} ms", whole_ms(ms))),
                Some(ms),
            ),
            Reached::TimedOut(ms) => (
                ProbeOutcome::Problem,
                "timeout",
                Some(format!("timed out after {} ms", whole_ms(ms))),
                Some(ms),
            ),
            Reached::Failed(ms)
                if ms < BLOCKED_MAX_MS && fastest_ok.is_some_and(|ok| ms * BLOCKED_RATIO <= ok) =>
            {
                (
                    ProbeOutcome::Problem,
                    "blocked",
                    Some(format!("blocked in the browser ({} ms)", whole_ms(ms))),
                    Some(ms),
                )
            }
            Reached::Failed(ms) if isolated => (
                ProbeOutcome::Untested,
                "isolated",
                Some(format!(
                    "failed after {} ms in a cross-origin isolated page",
                    whole_ms(ms)
                )),
                Some(ms),
            ),
            Reached::Failed(ms) => (
                ProbeOutcome::Problem,
                "failed",
                Some(format!("connection failed after {} ms", whole_ms(ms))),
                Some(ms),
            ),
        };
        // The observation names the service's real URL, so the engine attributes it.
        let real = format!("https://{}/", t.host);
        out.observations.push(Observation::Probe(ProbeObservation {
            name: "reach".into(),
            outcome,
            detail,
            target: Some(real.clone()),
            time: Some(js_sys::Date::now()),
        }));
        out.results.push(CheckResult {
            check: "reach".into(),
            outcome,
            reason: reason.into(),
            ms: ms.map(f64::round),
            target: Some(t.host.clone()),
            service: Some(t.service),
            value: None,
        });
    }
    out
}

/// The WebSocket check: opens `url` (an echo endpoint), sends a ping, waits for it back.
/// Without a URL the page has no endpoint to test against: could not test here.
#[wasm_bindgen(js_name = checkWebSocket)]
pub async fn check_websocket(url: Option<String>, timeout_ms: u32) -> Result<JsValue, JsError> {
    let Some(url) = url.filter(|u| !u.is_empty()) else {
        return to_js(&CheckOutput::one(
            result("websocket", ProbeOutcome::Untested, "no_endpoint"),
            None,
        ));
    };
    let outcome = ws_round_trip(&url, timeout_ms).await;
    let mut r = result("websocket", ProbeOutcome::Pass, "ok");
    r.target = Some(url.clone());
    let detail = match outcome {
        WsEnd::Echoed(ms) => {
            r.ms = Some(ms.round());
            format!("echoed in {} ms", whole_ms(ms))
        }
        WsEnd::NeverOpened(code) => {
            r.outcome = ProbeOutcome::Problem;
            r.reason = "never_opened".into();
            r.value = Some(code.to_string());
            format!("closed with {code} before it opened")
        }
        WsEnd::Dropped(code) => {
            r.outcome = ProbeOutcome::Problem;
            r.reason = "dropped".into();
            r.value = Some(code.to_string());
            format!("opened, then closed with {code}")
        }
        WsEnd::TimedOut(opened) => {
            r.outcome = ProbeOutcome::Problem;
            r.reason = if opened { "no_echo" } else { "timeout" }.into();
            format!("no answer in {timeout_ms} ms")
        }
        WsEnd::Refused(why) => {
            r.outcome = ProbeOutcome::Untested;
            r.reason = "not_allowed".into();
            why
        }
    };
    let mut out = CheckOutput::default();
    out.push(r, Some(detail));
    to_js(&out)
}

/// How a WebSocket round trip ended.
#[derive(Debug, Clone, PartialEq)]
enum WsEnd {
    Echoed(f64),
    NeverOpened(u16),
    Dropped(u16),
    TimedOut(bool),
    /// The constructor threw (a bad URL, a mixed-content or policy refusal).
    Refused(String),
}

async fn ws_round_trip(url: &str, timeout_ms: u32) -> WsEnd {
    let ws = match web_sys::WebSocket::new(url) {
        Ok(ws) => ws,
        Err(e) => {
            let why = e
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.name()))
                .unwrap_or_else(|| "error".into());
            return WsEnd::Refused(why);
        }
    };
    let start = now_ms();
    let state: Rc<RefCell<Option<WsEnd>>> = Rc::new(RefCell::new(None));
    let opened = Rc::new(RefCell::new(false));

    let on_open = {
        let ws = ws.clone();
        let opened = opened.clone();
        Closure::<dyn FnMut()>::new(move || {
            *opened.borrow_mut() = true;
            let _ = ws.send_with_str(WS_PING);
        })
    };
    let on_message = {
        let state = state.clone();
        let ws = ws.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if e.data().as_string().as_deref() == Some(WS_PING) && state.borrow().is_none() {
                *state.borrow_mut() = Some(WsEnd::Echoed(now_ms() - start));
                let _ = ws.close_with_code(1000);
            }
        })
    };
    let on_close = {
        let state = state.clone();
        let opened = opened.clone();
        Closure::<dyn FnMut(web_sys::CloseEvent)>::new(move |e: web_sys::CloseEvent| {
            if state.borrow().is_none() {
                let code = e.code();
                *state.borrow_mut() = Some(if *opened.borrow() {
                    WsEnd::Dropped(code)
                } else {
                    WsEnd::NeverOpened(code)
                });
            }
        })
    };
    ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));

    // Poll the shared state: simple, and the closures stay alive until we are done.
    let deadline = start + f64::from(timeout_ms);
    let end = loop {
        if let Some(end) = state.borrow().clone() {
            break end;
        }
        if now_ms() >= deadline {
            break WsEnd::TimedOut(*opened.borrow());
        }
        sleep(10).await;
    };
    ws.set_onopen(None);
    ws.set_onmessage(None);
    ws.set_onclose(None);
    if ws.ready_state() < web_sys::WebSocket::CLOSING {
        let _ = ws.close();
    }
    end
}

/// The clock check: the local clock against the `Date` header of `url` (the page's own server,
/// or one that exposes `Date` to this origin).
#[wasm_bindgen(js_name = checkClock)]
pub async fn check_clock(url: String, timeout_ms: u32) -> Result<JsValue, JsError> {
    let signal = timeout_signal(timeout_ms);
    let before = js_sys::Date::now();
    let sent = Request::get(&url)
        .cache(RequestCache::NoStore)
        .abort_signal(signal.as_ref())
        .send()
        .await;
    let after = js_sys::Date::now();
    let date = match &sent {
        Ok(resp) => resp.headers().get("date"),
        Err(_) => None,
    };
    let Some(server) = date
        .map(|d| js_sys::Date::parse(&d))
        .filter(|t| t.is_finite())
    else {
        let reason = if sent.is_ok() { "no_date" } else { "failed" };
        return to_js(&CheckOutput::one(
            result("clock", ProbeOutcome::Untested, reason),
            None,
        ));
    };
    to_js(&clock_output(before, after, server))
}

fn clock_output(before: f64, after: f64, server: f64) -> CheckOutput {
    // `Date` has whole seconds: the server's time was somewhere in [server, server + 1 s).
    let offset = (before + after) / 2.0 - (server + 500.0);
    let env = EnvironmentObservation {
        clock_offset_ms: Some(offset.round()),
        ..Default::default()
    };
    let skewed = engine_finds(&[Observation::Environment(env.clone())], Cause::ClockSkew);
    let mut r = if skewed {
        result("clock", ProbeOutcome::Problem, "skewed")
    } else {
        result("clock", ProbeOutcome::Pass, "ok")
    };
    r.value = Some(format!("{}", (offset / 1000.0).round() as i64));
    let mut out = CheckOutput::default();
    // The environment carries the offset; the engine reads it there.
    out.environment(env);
    out.results.push(r);
    out
}

/// The third-party cookie check: a cookie set by `origin` (another site that serves
/// `/3pc/set` and `/3pc/check`) in a cross-site request, then looked for in a second one.
#[wasm_bindgen(js_name = checkThirdPartyCookies)]
pub async fn check_third_party_cookies(
    origin: Option<String>,
    timeout_ms: u32,
) -> Result<JsValue, JsError> {
    let Some(origin) = origin.filter(|o| !o.is_empty()) else {
        return to_js(&CheckOutput::one(
            result("thirdPartyCookies", ProbeOutcome::Untested, "no_origin"),
            None,
        ));
    };
    let base = origin.trim_end_matches('/');
    let nonce = format!("{}", (js_sys::Math::random() * 1e12) as u64);
    let get = |path: String| {
        let signal = timeout_signal(timeout_ms);
        async move {
            let resp = Request::get(&path)
                .credentials(RequestCredentials::Include)
                .cache(RequestCache::NoStore)
                .abort_signal(signal.as_ref())
                .send()
                .await
                .ok()?;
            resp.text().await.ok()
        }
    };
    let set = get(format!("{base}/3pc/set?n={nonce}")).await;
    let check = match set {
        Some(_) => get(format!("{base}/3pc/check?n={nonce}")).await,
        None => None,
    };
    let seen = check.and_then(|body| {
        serde_json::from_str::<serde_json::Value>(&body)
            .ok()?
            .get("cookie")?
            .as_bool()
    });
    let (outcome, reason, detail) = match seen {
        Some(true) => (ProbeOutcome::Pass, "ok", "third-party cookies allowed"),
        Some(false) => (
            ProbeOutcome::Problem,
            "blocked",
            "third-party cookies blocked",
        ),
        None => (
            ProbeOutcome::Untested,
            "failed",
            "the test site did not answer",
        ),
    };
    let mut r = result("thirdPartyCookies", outcome, reason);
    r.target = Some(base.to_owned());
    to_js(&CheckOutput::one(r, Some(detail.into())))
}

/// The ad-block heuristic: a bait element with ad class names (hidden by cosmetic filters) and
/// a bait request to an ad-like path (blocked by network filters). Labelled a heuristic:
/// blockers that skip baits go unseen, and finding one does not make it the cause.
#[wasm_bindgen(js_name = checkAdblock)]
pub async fn check_adblock(bait_url: Option<String>, timeout_ms: u32) -> Result<JsValue, JsError> {
    let doc = web_sys::window().and_then(|w| w.document());
    let bait = doc.as_ref().and_then(|d| {
        let el = d.create_element("div").ok()?;
        el.set_class_name("adsbox ad-banner pub_300x250 pub_728x90 text-ad textAd banner-ads");
        // Through the CSSOM, not a `style` attribute: a page's CSP may forbid inline styles.
        let style = el.dyn_ref::<web_sys::HtmlElement>()?.style();
        for (name, value) in [
            ("position", "absolute"),
            ("left", "-9999px"),
            ("top", "-9999px"),
            ("width", "300px"),
            ("height", "250px"),
        ] {
            style.set_property(name, value).ok()?;
        }
        el.set_attribute("aria-hidden", "true").ok()?;
        el.set_text_content(Some("\u{a0}"));
        d.body()?.append_child(&el).ok()?;
        Some(el)
    });
    // Cosmetic filters apply asynchronously (a style sheet or a mutation observer).
    sleep(150).await;
    let hidden = bait.as_ref().map(|el| {
        let html: Option<&web_sys::HtmlElement> = el.dyn_ref();
        let collapsed = html.is_some_and(|h| h.offset_height() == 0 || h.offset_parent().is_none());
        let styled = web_sys::window()
            .and_then(|w| w.get_computed_style(el).ok().flatten())
            .is_some_and(|s| {
                s.get_property_value("display").ok().as_deref() == Some("none")
                    || s.get_property_value("visibility").ok().as_deref() == Some("hidden")
            });
        collapsed || styled
    });
    if let Some(el) = &bait {
        el.remove();
    }
    let request_blocked = match bait_url.filter(|u| !u.is_empty()) {
        Some(url) => match fetch_once(&url, timeout_ms).await {
            Reached::Ok(_) => Some(false),
            // In a cross-origin isolated page the bait fails without any blocker.
            Reached::Failed(_) if cross_origin_isolated() => None,
            Reached::Failed(_) => Some(true),
            Reached::TimedOut(_) => None,
        },
        None => None,
    };
    let (outcome, reason, detail) = match (hidden, request_blocked) {
        (Some(true), Some(true)) => (
            ProbeOutcome::Problem,
            "detected",
            "heuristic: bait element hidden and bait request blocked",
        ),
        (Some(true), _) => (
            ProbeOutcome::Problem,
            "detected",
            "heuristic: bait element hidden",
        ),
        (_, Some(true)) => (
            ProbeOutcome::Problem,
            "detected",
            "heuristic: bait request blocked",
        ),
        (Some(false), Some(false)) | (Some(false), None) | (None, Some(false)) => {
            (ProbeOutcome::Pass, "none", "heuristic: no ad blocker seen")
        }
        (None, None) => (
            ProbeOutcome::Untested,
            "unknown",
            "heuristic: no bait could run",
        ),
    };
    to_js(&CheckOutput::one(
        result("adblock", outcome, reason),
        Some(detail.into()),
    ))
}

/// Whether an override base URL (tests only) is a loopback one: a page must not be pointed at
/// another site's fake status or fake hosts by a link someone sent.
#[wasm_bindgen(js_name = isLoopbackBase)]
pub fn is_loopback_base(base: &str) -> bool {
    let parts = crate::catalog::split_url(base);
    matches!(parts.scheme, "http" | "https" | "ws" | "wss")
        && (parts.host == "127.0.0.1" || parts.host == "localhost" || parts.host == "::1")
}

/// Milliseconds as a whole number for a detail line: integer formatting, so the module carries no
/// float printing (a few KiB of the extension's size budget).
fn whole_ms(ms: f64) -> u64 {
    if ms.is_finite() && ms > 0.0 {
        ms.round() as u64
    } else {
        0
    }
}
