//! Status pages fetched in the browser: each service's status API from the catalogue, read with
//! gloo-net's global `fetch` under a time limit and parsed by [`crate::status::parse`]. A page
//! that cannot be reached (or answers with something that is not its feed) becomes
//! [`crate::status::unreachable`]: "we could not tell", never "operational".

use gloo_net::http::Request;
use serde::Serialize;
use wasm_bindgen::prelude::{wasm_bindgen, Closure};
use wasm_bindgen::{JsCast, JsError, JsValue};
use web_sys::RequestCache;

use super::convert::to_js;
use crate::catalog::{split_url, ServiceId, StatusFormat};
use crate::observation::Observation;

#[wasm_bindgen]
extern "C" {
    /// The global `setTimeout`.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: i32) -> JsValue;
}

/// What `fetchStatus` returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusResult {
    /// The service.
    pub service: ServiceId,
    /// `ok` (the feed was read), `unreachable` (it could not be), `link_only` (no feed exists).
    pub state: &'static str,
    /// The status page people open.
    pub page_url: String,
    /// The `status` observation (absent for link-only pages).
    pub observation: Option<Observation>,
    /// Why the feed could not be read, in a few words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The URL a service's feed is fetched from: the catalogue's, or with `base` (tests only,
/// loopback) `<base>/<service id><path of the catalogue's URL>`.
fn feed_url(service: ServiceId, api: &str, base: Option<&str>) -> String {
    match base {
        Some(b) => format!(
            "{}/{}{}",
            b.trim_end_matches('/'),
            service.id(),
            split_url(api).path
        ),
        None => api.to_owned(),
    }
}

/// Fetches and reads one service's status page within `timeoutMs`.
#[wasm_bindgen(js_name = fetchStatus)]
pub async fn fetch_status(
    service: &str,
    base: Option<String>,
    timeout_ms: u32,
) -> Result<JsValue, JsError> {
    let id = ServiceId::from_id(service)
        .ok_or_else(|| JsError::new(&format!("fetchStatus: unknown service {service:?}")))?;
    let base = base.filter(|b| super::probe::is_loopback_base(b));
    to_js(&status_of(id, base.as_deref(), timeout_ms).await)
}

async fn status_of(service: ServiceId, base: Option<&str>, timeout_ms: u32) -> StatusResult {
    let page = service.entry().status;
    let (Some(api), false) = (page.api, page.format == StatusFormat::LinkOnly) else {
        return StatusResult {
            service,
            state: "link_only",
            page_url: page.url.to_owned(),
            observation: None,
            error: None,
        };
    };
    let now = js_sys::Date::now();
    let url = feed_url(service, api, base);
    let read = fetch_text(&url, timeout_ms).await.and_then(|body| {
        crate::status::parse(page.format, &body, service, Some(now)).map_err(|e| e.to_string())
    });
    match read {
        Ok(mut o) => {
            if o.page_url.is_none() {
                o.page_url = Some(page.url.to_owned());
            }
            StatusResult {
                service,
                state: "ok",
                page_url: page.url.to_owned(),
                observation: Some(Observation::Status(o)),
                error: None,
            }
        }
        Err(error) => {
            let mut o = crate::status::unreachable(service, Some(now));
            o.page_url = Some(page.url.to_owned());
            StatusResult {
                service,
                state: "unreachable",
                page_url: page.url.to_owned(),
                observation: Some(Observation::Status(o)),
                error: Some(error),
            }
        }
    }
}

/// The body of a successful GET, or why there is none.
async fn fetch_text(url: &str, timeout_ms: u32) -> Result<String, String> {
    let controller = web_sys::AbortController::new().map_err(|_| "no AbortController")?;
    let signal = controller.signal();
    let abort = Closure::once_into_js(move || controller.abort());
    set_timeout(
        abort.unchecked_ref(),
        timeout_ms.min(i32::MAX as u32) as i32,
    );
    let resp = Request::get(url)
        .cache(RequestCache::NoStore)
        .abort_signal(Some(&signal))
        .send()
        .await
        .map_err(|_| {
            if signal.aborted() {
                format!("no answer within {timeout_ms} ms")
            } else {
                "the request failed".to_owned()
            }
        })?;
    if !resp.ok() {
        return Err(format!("HTTP {}", resp.status()));
    }
    resp.text()
        .await
        .map_err(|_| "the body could not be read".to_owned())
}
