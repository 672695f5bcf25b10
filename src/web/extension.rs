//! Exports only the extension needs: the intake of what the browser reports (one call per event,
//! and one to add it to its tab), classifying and redacting URLs, the failure test, and the
//! catalogue in JS shape.

use serde::Serialize;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsError, JsValue};

use super::convert::{from_js, to_js};
use crate::catalog::{self, Role};
use crate::intake::{RawEvent, Stored, TabContext};

/// A URL's place in the catalogue, as `classifyUrl` returns it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UrlClass {
    service: Option<&'static str>,
    role: Role,
    essential: bool,
}

/// One call per thing the browser reported about a tab (`crate::intake::intake`): `event` is
/// `{completed: details}` or `{failed: details}` (webRequest's `onCompleted` and
/// `onErrorOccurred` details) or `{page: message}` (a content script's `cs-bg/observed`
/// message), `tab` is `{tabUrl, disabledServices, start, now}`. Returns `{observation, service,
/// role, failure, refused}`: `observation` is what to add to the tab (placed with [`place_on_tab`]), null
/// when the event is not kept or was refused (`refused` says why). A malformed argument throws.
#[wasm_bindgen(js_name = intake)]
pub fn intake(event: JsValue, tab: JsValue) -> Result<JsValue, JsError> {
    let event: RawEvent = from_js(event, "event")?;
    let tab: TabContext = from_js(tab, "tab")?;
    to_js(&crate::intake::intake(event, &tab))
}

/// Where `observation` (as [`intake`] returned it) goes in its tab's list
/// (`crate::intake::place`): `recent` is the list's last 40 observations, `sizes` the stored size
/// of each observation in the list (the background's `sizeOf`, the same measure as
/// `crate::intake::stored_size`). Returns `{replace, observation, drop}`:
/// replace `recent[replace]` with `observation` (a merge) or append it when `replace` is null,
/// then drop the `drop` oldest. Bounded work whatever the list's length.
#[wasm_bindgen(js_name = placeOnTab)]
pub fn place_on_tab(
    recent: JsValue,
    sizes: Vec<f64>,
    observation: JsValue,
) -> Result<JsValue, JsError> {
    let recent: Vec<Stored> = from_js(recent, "recent")?;
    let new: Stored = from_js(observation, "observation")?;
    let sizes: Vec<usize> = sizes.iter().map(|&s| s.max(0.0) as usize).collect();
    to_js(&crate::intake::place(&recent, &sizes, new))
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

/// The catalogue: `{hostPatterns, services: [{id, name, hosts, origins, statusUrl, statusApi,
/// statusFormat, api}]}`, as `chatmedic catalog --json` prints it.
#[wasm_bindgen(js_name = catalog)]
pub fn catalog_info() -> Result<JsValue, JsError> {
    to_js(&catalog::export())
}
