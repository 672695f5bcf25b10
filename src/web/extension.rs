//! Exports only the extension needs: checking page-sent messages, classifying request URLs,
//! the catalogue in JS shape, and reading status pages (the background's helpers).

use serde::Serialize;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsError, JsValue};

use super::convert::{to_js, to_js_error};
use crate::catalog::{self, Role};

/// A URL's place in the catalogue, as `classifyUrl` returns it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UrlClass {
    service: Option<&'static str>,
    role: Role,
    essential: bool,
}

/// Checks an observation a content script forwarded from a page (the JSON text of a
/// `cs-bg/observed` message) for the tab at `pageUrl`; returns the bounded observation or
/// throws an `Error` saying why it was refused (see `message::check_page_observation`).
#[wasm_bindgen(js_name = checkPageObservation)]
pub fn check_page_observation(json: &str, page_url: &str) -> Result<JsValue, JsError> {
    let observation = crate::message::decode_page_observation(json, page_url)
        .map_err(|e| to_js_error(e.into()))?;
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
