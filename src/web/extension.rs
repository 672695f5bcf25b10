//! Exports only the extension needs: checking page-sent messages, classifying request URLs,
//! the catalogue in JS shape, and reading status pages (the background's helpers).

use serde::Serialize;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsError, JsValue};

use super::convert::{from_js, input_error, to_js};
use crate::catalog::{self, Role, ServiceId};
use crate::intake::{Failure, RawEvent, Stored, TabContext};

/// A URL's place in the catalogue, as `classifyUrl` returns it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UrlClass {
    service: Option<&'static str>,
    role: Role,
    essential: bool,
}

/// What [`intake`] returns: the event's outcome and, when it added an observation, the tab's
/// new list.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct IntakeResult {
    /// Whether an observation was added (merged or appended).
    added: bool,
    /// The service the event is about.
    service: Option<ServiceId>,
    /// Its URL's endpoint role.
    role: Role,
    /// What it is as a failure.
    failure: Failure,
    /// Why a page message was refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    refused: Option<String>,
    /// The tab's observations with this one added, oldest first, within the tab's bounds; absent
    /// when nothing was added.
    #[serde(skip_serializing_if = "Option::is_none")]
    observations: Option<Vec<Stored>>,
}

/// One call per thing the browser reported about a tab (`crate::intake`): `event` is
/// `{completed: details}` or `{failed: details}` (webRequest's `onCompleted` and
/// `onErrorOccurred` details) or `{page: message}` (a content script's `cs-bg/observed`
/// message), `tab` is `{tabUrl, disabledServices, start, now}`, `observations` the tab's stored
/// list. Returns `{added, service, role, failure, refused, observations}`: the list is read and
/// returned only when the event added something. A malformed argument throws.
#[wasm_bindgen(js_name = intake)]
pub fn intake(event: JsValue, tab: JsValue, observations: JsValue) -> Result<JsValue, JsError> {
    let event: RawEvent = from_js(event, "event")?;
    let tab: TabContext = from_js(tab, "tab")?;
    let outcome = crate::intake::intake(event, &tab);
    let observations = match outcome.observation {
        Some(new) => {
            let mut list: Vec<Stored> = if observations.is_undefined() || observations.is_null() {
                Vec::new()
            } else {
                from_js(observations, "observations")?
            };
            crate::intake::add_to_tab(&mut list, new);
            Some(list)
        }
        None => None,
    };
    to_js(&IntakeResult {
        added: observations.is_some(),
        service: outcome.service,
        role: outcome.role,
        failure: outcome.failure,
        refused: outcome.refused,
        observations,
    })
}

/// Checks an observation a content script forwarded from a page (the JSON text of a
/// `cs-bg/observed` message) for the tab at `pageUrl`; returns the bounded observation or
/// throws an `Error` saying why it was refused (see `message::check_page_observation`).
#[wasm_bindgen(js_name = checkPageObservation)]
pub fn check_page_observation(json: &str, page_url: &str) -> Result<JsValue, JsError> {
    let observation = crate::message::decode_page_observation(json, page_url)
        .map_err(|e| input_error(&e.to_string()))?;
    to_js(&observation)
}

/// Where a request URL belongs: `{service, role, essential}` (`service` is null for URLs no
/// service claims).
#[wasm_bindgen(js_name = classifyUrl)]
pub fn classify_url(url: &str) -> Result<JsValue, JsError> {
    let c = catalog::classify(url);
    to_js(&UrlClass {
        service: c.service.map(|s| s.id()),
        role: c.role,
        essential: c.role.essential(),
    })
}

/// What an observation (a JS object in one of the observation shapes) is as a failure:
/// `"action"` when it alone shows a failed chat action (the background then reads the status
/// page and the extension list), `"side"` when it failed but the chat does not need it
/// (blocked telemetry: the extension list names the blocker in a note), `"none"` otherwise.
/// The engine's test, so the extension keeps no copy of it. A malformed object throws.
#[wasm_bindgen(js_name = failureOf)]
pub fn failure_of(observation: JsValue) -> Result<String, JsError> {
    let o: crate::observation::Observation = super::convert::from_js(observation, "observation")?;
    Ok(if crate::diagnose::failed_action(&o) {
        "action"
    } else if crate::diagnose::is_failure(&o) {
        "side"
    } else {
        "none"
    }
    .to_owned())
}

/// A URL safe to store: user info and fragment dropped, query values replaced (see
/// `redact::redact_url`). The background keeps request and tab URLs only in this form.
#[wasm_bindgen(js_name = redactUrl)]
pub fn redact_url(url: &str) -> String {
    crate::redact::redact_url(url)
}

/// Whether a response header (any case) is one the rules read; nothing else is kept.
#[wasm_bindgen(js_name = isKeptHeader)]
pub fn is_kept_header(name: &str) -> bool {
    crate::observation::is_kept_header(name)
}

/// The catalogue: `{hostPatterns, services: [{id, name, hosts, origins, statusUrl, statusApi,
/// statusFormat, api}]}`, as `chatmedic catalog --json` prints it.
#[wasm_bindgen(js_name = catalog)]
pub fn catalog_info() -> Result<JsValue, JsError> {
    to_js(&catalog::export())
}
