//! The extension's intake: what the browser reported about a tab (a finished request, a failed
//! one, a message the page hook or the page-message watcher sent) becomes a stored observation in
//! one engine call, and joins the tab's list in the same call.
//!
//! Every decision is made here, once: where the URL belongs (service and endpoint role), whether
//! the event is worth keeping, what of the URL is kept (redacted), which headers are kept and how
//! long, every field's bound, whether it is a failure of the chat (`action`), a failure the chat
//! does not need (`side`) or none, how a page's report of a response merges with the browser's
//! record of the same response, and which observations the tab keeps when it has too many. The
//! background passes the browser's objects in and stores what comes out.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalog::{self, Role, ServiceId};
use crate::diagnose;
use crate::message::{self, MessageError, PageForward, MAX_TAB_OBSERVATIONS};
use crate::observation::{
    is_kept_header, truncate, HttpObservation, NetErrorObservation, Observation, MAX_URL,
};
pub use crate::observation::{Source, Stored};

/// The most response headers kept of one response (the rate-limit families are open-ended), as
/// many as a page may report.
pub const MAX_HEADERS: usize = crate::message::MAX_PAGE_HEADERS;

/// The longest header value kept, in bytes.
pub const MAX_HEADER_VALUE: usize = 512;

/// The longest browser error string kept, in bytes.
pub const MAX_ERROR: usize = 256;

/// The most bytes a tab's observations take (as [`stored_size`] counts them); the oldest go
/// first. With the background's 24 tabs, 6 MiB in all.
pub const MAX_TAB_BYTES: usize = 256 * 1024;

/// How far back (in observations) a page's report of a response looks for the browser's record
/// of the same response, and the other way round.
pub const MERGE_WINDOW: usize = 40;

/// How far apart (ms) the two reports of one response may be.
const MERGE_MS: f64 = 30_000.0;

/// What the browser reported, as the background received it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RawEvent {
    /// `webRequest.onCompleted`'s details.
    Completed(CompletedRequest),
    /// `webRequest.onErrorOccurred`'s details.
    Failed(FailedRequest),
    /// A content script's `cs-bg/observed` message (from the page hook or the watcher).
    Page(PageForward),
}

/// The fields of `webRequest.onCompleted`'s details that are read.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CompletedRequest {
    /// The request URL.
    pub url: String,
    /// The method.
    pub method: String,
    /// The HTTP status.
    pub status_code: u16,
    /// The response headers.
    pub response_headers: Vec<RawHeader>,
    /// The resource type (`xmlhttprequest`, `main_frame`, …).
    #[serde(rename = "type")]
    pub resource_type: Option<String>,
    /// When it completed (ms since the epoch).
    pub time_stamp: Option<f64>,
}

/// One response header as `webRequest` gives it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RawHeader {
    /// The name, any case.
    pub name: String,
    /// The value (absent for binary values).
    pub value: Option<String>,
}

/// The fields of `webRequest.onErrorOccurred`'s details that are read.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FailedRequest {
    /// The request URL.
    pub url: String,
    /// The method.
    pub method: String,
    /// The browser's error string (`net::ERR_BLOCKED_BY_CLIENT`, `NS_ERROR_…`).
    pub error: String,
    /// The resource type.
    #[serde(rename = "type")]
    pub resource_type: Option<String>,
    /// When it failed.
    pub time_stamp: Option<f64>,
}

/// What the background knows about the tab the event is about.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TabContext {
    /// The tab's URL (a page message is checked against its service).
    pub tab_url: String,
    /// The services the user turned off in the options (their ids): nothing of them is kept.
    pub disabled_services: Vec<String>,
    /// When the request started, where `onBeforeRequest` saw it.
    pub start: Option<f64>,
    /// Now (ms since the epoch): when a page's report arrived.
    pub now: Option<f64>,
}

/// What an observation is as a failure (see [`diagnose::failed_action`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    /// It alone shows a failed chat action: the status page and the extension list are worth
    /// reading.
    Action,
    /// It failed, but the chat does not need it (blocked telemetry): the extension list may name
    /// the blocker in a note.
    Side,
    /// Not a failure.
    None,
}

impl Failure {
    /// The failure an observation is.
    pub fn of(o: &Observation) -> Failure {
        if diagnose::failed_action(o) {
            Failure::Action
        } else if diagnose::is_failure(o) {
            Failure::Side
        } else {
            Failure::None
        }
    }
}

/// The outcome of one event.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Intake {
    /// What to add to the tab's list; none when the event is not worth keeping or was refused.
    pub observation: Option<Stored>,
    /// The service the event's URL (a page message: the tab's) belongs to.
    pub service: Option<ServiceId>,
    /// The URL's endpoint role.
    pub role: Role,
    /// What the observation is as a failure.
    pub failure: Failure,
    /// Why a page message was refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
}

impl Intake {
    fn skip(service: Option<ServiceId>, role: Role) -> Intake {
        Intake {
            observation: None,
            service,
            role,
            failure: Failure::None,
            refused: None,
        }
    }

    fn keep(
        observation: Observation,
        source: Source,
        service: Option<ServiceId>,
        role: Role,
    ) -> Intake {
        Intake {
            failure: Failure::of(&observation),
            observation: Some(Stored {
                observation,
                source: Some(source),
                run: None,
            }),
            service,
            role,
            refused: None,
        }
    }
}

/// A URL as it is stored: redacted, then bounded.
fn stored_url(url: &str) -> String {
    let mut url = crate::redact::redact_url(url);
    truncate(&mut url, MAX_URL);
    url
}

/// Reads one event for a tab (see the module's documentation).
pub fn intake(event: RawEvent, tab: &TabContext) -> Intake {
    let enabled = |service: Option<ServiceId>| {
        service.is_some_and(|s| !tab.disabled_services.iter().any(|d| d == s.id()))
    };
    match event {
        RawEvent::Completed(d) => {
            let c = catalog::classify(&d.url);
            let failed = d.status_code >= 400;
            // Successes matter only for chat turns (they clear earlier failures); failures always.
            if (!failed && c.role != Role::ChatTurn) || !enabled(c.service) {
                return Intake::skip(c.service, c.role);
            }
            let mut headers = BTreeMap::new();
            for h in &d.response_headers {
                if headers.len() >= MAX_HEADERS {
                    break;
                }
                let (true, Some(value)) = (is_kept_header(&h.name), &h.value) else {
                    continue;
                };
                let mut value = value.clone();
                truncate(&mut value, MAX_HEADER_VALUE);
                headers.insert(h.name.to_ascii_lowercase(), value);
            }
            let mut o = Observation::Http(HttpObservation {
                url: stored_url(&d.url),
                method: d.method,
                status: d.status_code,
                headers,
                resource_type: d.resource_type,
                start: tab.start.or(d.time_stamp),
                end: d.time_stamp,
                ..Default::default()
            });
            o.bound();
            Intake::keep(o, Source::WebRequest, c.service, c.role)
        }
        RawEvent::Failed(d) => {
            let c = catalog::classify(&d.url);
            // A cancelled optional request (analytics the page gave up on) is noise.
            let aborted = d.error.ends_with("ABORTED") || d.error.contains("NS_BINDING_ABORTED");
            if !enabled(c.service) || (!c.role.essential() && aborted) {
                return Intake::skip(c.service, c.role);
            }
            let mut error = d.error;
            truncate(&mut error, MAX_ERROR);
            let mut o = Observation::NetError(NetErrorObservation {
                url: stored_url(&d.url),
                method: d.method,
                error: error.as_str().into(),
                resource_type: d.resource_type,
                time: d.time_stamp,
            });
            o.bound();
            Intake::keep(o, Source::WebRequest, c.service, c.role)
        }
        RawEvent::Page(message) => {
            let page = catalog::classify(&tab.tab_url);
            let refuse = |e: MessageError| Intake {
                refused: Some(e.to_string()),
                ..Intake::skip(page.service, page.role)
            };
            let admitted = message
                .into_observation()
                .and_then(|o| message::admit_page_observation(o, &tab.tab_url));
            let mut o = match admitted {
                Ok(o) => o,
                Err(e) => return refuse(e),
            };
            if !enabled(page.service) {
                return Intake {
                    refused: Some("service not watched".to_owned()),
                    ..Intake::skip(page.service, page.role)
                };
            }
            let role = o.url().map_or(page.role, |u| catalog::classify(u).role);
            if let Observation::Http(h) = &mut o {
                // Http observations carry start and end, not time; the hook reports just after
                // the end. Only the headers the rules read, as from webRequest.
                h.end = tab.now;
                h.headers.retain(|name, _| is_kept_header(name));
            }
            Intake::keep(o, Source::Page, page.service, role)
        }
    }
}

/// The bytes a stored observation takes in `storage.session`, from above: its JSON's length and
/// 64 for each value in it (object keys at every depth), the browser's own overhead per entry.
pub fn stored_size(s: &Stored) -> usize {
    fn entries(v: &serde_json::Value) -> usize {
        match v {
            serde_json::Value::Object(m) => m.values().map(|v| 1 + entries(v)).sum(),
            serde_json::Value::Array(a) => a.iter().map(|v| 1 + entries(v)).sum(),
            _ => 0,
        }
    }
    match serde_json::to_value(s) {
        Ok(v) => v.to_string().len() + 64 * entries(&v),
        // Not reachable for these types (string keys, finite or null numbers); counted as full.
        Err(_) => MAX_TAB_BYTES,
    }
}

/// Where a new observation goes in a tab's list, as [`place`] decides it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Placement {
    /// The index (in the `recent` slice [`place`] was given) of the record it merged into, which
    /// `observation` replaces; none when it is appended.
    pub replace: Option<usize>,
    /// What to store: the new observation, or the merged record.
    pub observation: Stored,
    /// How many of the oldest observations then go.
    pub drop: usize,
}

/// Decides where `new` goes in a tab's list without the whole list: `recent` is its last
/// observations (at most [`MERGE_WINDOW`] are looked at), `sizes` the [`stored_size`] of every
/// observation in it, oldest first. A page's report of a response merges into the browser's
/// record of it (or the other way round, whichever came first: the browser's status and
/// headers, the page's body and stream tail); anything else is appended; then the oldest go
/// until at most [`MAX_TAB_OBSERVATIONS`] taking at most [`MAX_TAB_BYTES`] remain.
pub fn place(recent: &[Stored], sizes: &[usize], new: Stored) -> Placement {
    let first = recent.len().saturating_sub(MERGE_WINDOW);
    let (replace, observation) = match merge_http(&recent[first..], &new) {
        Some((i, merged)) => (Some(first + i), merged),
        None => (None, new),
    };
    let mut sizes = sizes.to_vec();
    let size = stored_size(&observation);
    match replace {
        // `recent` is the end of the list, so its index i is the list's len - recent.len() + i.
        Some(i) => {
            if let Some(s) = (sizes.len() + i)
                .checked_sub(recent.len())
                .and_then(|at| sizes.get_mut(at))
            {
                *s = size;
            }
        }
        None => sizes.push(size),
    }
    let mut drop = sizes.len().saturating_sub(MAX_TAB_OBSERVATIONS);
    let mut bytes = 0;
    for i in (drop..sizes.len()).rev() {
        bytes += sizes[i];
        if bytes > MAX_TAB_BYTES {
            drop = i + 1;
            break;
        }
    }
    Placement {
        replace,
        observation,
        drop,
    }
}

/// Adds `new` to a tab's whole `list`, as [`place`] decides.
pub fn add_to_tab(list: &mut Vec<Stored>, new: Stored) {
    let sizes: Vec<usize> = list.iter().map(stored_size).collect();
    let p = place(list, &sizes, new);
    match p.replace {
        Some(i) => list[i] = p.observation,
        None => list.push(p.observation),
    }
    list.drain(..p.drop);
}

/// The record of the same response from the other source among `recent`, merged with `new`:
/// its index and the merged record.
fn merge_http(recent: &[Stored], new: &Stored) -> Option<(usize, Stored)> {
    let Observation::Http(o) = &new.observation else {
        return None;
    };
    let from_page = new.source == Some(Source::Page);
    let at = |h: &HttpObservation| h.end.or(h.start).unwrap_or(0.0);
    for (i, p) in recent.iter().enumerate().rev() {
        let Observation::Http(h) = &p.observation else {
            continue;
        };
        if h.url != o.url
            || h.status != o.status
            || (p.source == Some(Source::Page)) == from_page
            || (at(h) - at(o)).abs() > MERGE_MS
        {
            continue;
        }
        let (browser, page) = if from_page { (h, o) } else { (o, h) };
        let mut merged = browser.clone();
        for (k, v) in &page.headers {
            merged.headers.entry(k.clone()).or_insert_with(|| v.clone());
        }
        if page.body.is_some() {
            merged.body.clone_from(&page.body);
        }
        if page.stream_tail.is_some() {
            merged.stream_tail.clone_from(&page.stream_tail);
        }
        let merged = Stored {
            observation: Observation::Http(merged),
            source: Some(Source::Merged),
            run: None,
        };
        return Some((i, merged));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn completed(url: &str, status: u16, headers: &[(&str, &str)]) -> RawEvent {
        RawEvent::Completed(CompletedRequest {
            url: url.to_owned(),
            method: "POST".to_owned(),
            status_code: status,
            response_headers: headers
                .iter()
                .map(|(n, v)| RawHeader {
                    name: (*n).to_owned(),
                    value: Some((*v).to_owned()),
                })
                .collect(),
            resource_type: Some("xmlhttprequest".to_owned()),
            time_stamp: Some(1_700_000_000_000.0),
        })
    }

    const TURN: &str = "https://claude.ai/api/organizations/o/chat_conversations/c/completion";

    #[test]
    fn a_failed_turn_is_kept_redacted_with_the_read_headers_only() {
        let tab = TabContext {
            tab_url: "https://claude.ai/chat/c".to_owned(),
            ..Default::default()
        };
        let url = format!("{TURN}?token=secret");
        let long = "x".repeat(900);
        let i = intake(
            completed(
                &url,
                529,
                &[
                    ("Retry-After", "30"),
                    ("Set-Cookie", "s=1"),
                    ("x-ratelimit-reset", &long),
                ],
            ),
            &tab,
        );
        assert_eq!(i.service, Some(ServiceId::Claude));
        assert_eq!(i.role, Role::ChatTurn);
        assert_eq!(i.failure, Failure::Action);
        let Some(Stored {
            observation: Observation::Http(h),
            source,
            ..
        }) = i.observation
        else {
            panic!("not kept");
        };
        assert_eq!(source, Some(Source::WebRequest));
        assert!(!h.url.contains("secret"), "{}", h.url);
        assert_eq!(h.header("retry-after"), Some("30"));
        assert_eq!(h.header("set-cookie"), None);
        assert_eq!(
            h.header("x-ratelimit-reset").map(str::len),
            Some(MAX_HEADER_VALUE)
        );
    }

    #[test]
    fn successes_off_the_turn_and_disabled_services_are_skipped() {
        let tab = TabContext::default();
        let i = intake(completed("https://claude.ai/api/account", 200, &[]), &tab);
        assert_eq!(i.observation, None);
        assert_eq!(i.failure, Failure::None);
        assert!(intake(completed(TURN, 200, &[]), &tab)
            .observation
            .is_some());
        let off = TabContext {
            disabled_services: vec!["claude".to_owned()],
            ..Default::default()
        };
        assert_eq!(intake(completed(TURN, 500, &[]), &off).observation, None);
        let aborted = RawEvent::Failed(FailedRequest {
            url: "https://www.google-analytics.com/g/collect".to_owned(),
            error: "net::ERR_ABORTED".to_owned(),
            ..Default::default()
        });
        assert_eq!(intake(aborted, &tab).observation, None);
    }

    #[test]
    fn page_messages_pass_the_one_gate_and_merge_with_the_browsers_record() {
        let tab = TabContext {
            tab_url: "https://claude.ai/chat/c".to_owned(),
            now: Some(1_700_000_000_500.0),
            ..Default::default()
        };
        let json = format!(
            r#"{{"type":"cs-bg/observed","observation":{{"kind":"http","url":"{TURN}","method":"POST","status":529,"headers":{{"x-made-up":"1","retry-after":"9"}},"body":"{{\"type\":\"error\",\"error\":{{\"type\":\"overloaded_error\"}}}}"}}}}"#
        );
        let page = intake(RawEvent::Page(serde_json::from_str(&json).unwrap()), &tab);
        assert_eq!(page.refused, None);
        let stored = page.observation.unwrap();
        let Observation::Http(h) = &stored.observation else {
            panic!()
        };
        assert_eq!(h.header("x-made-up"), None);
        assert_eq!(h.end, tab.now);
        let browser = intake(completed(TURN, 529, &[("cf-ray", "abc")]), &tab)
            .observation
            .unwrap();
        let mut list = vec![browser];
        add_to_tab(&mut list, stored);
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].source, Some(Source::Merged));
        let Observation::Http(m) = &list[0].observation else {
            panic!()
        };
        assert_eq!(m.header("cf-ray"), Some("abc"));
        assert_eq!(m.header("retry-after"), Some("9"));
        assert!(m.body.as_deref().is_some_and(|b| b.contains("overloaded")));

        let foreign = r#"{"type":"cs-bg/observed","observation":{"kind":"wsClose","url":"wss://chatgpt.com/ws","code":1006}}"#;
        let refused = intake(RawEvent::Page(serde_json::from_str(foreign).unwrap()), &tab);
        assert_eq!(refused.observation, None);
        assert!(refused.refused.is_some());
    }

    #[test]
    fn a_tab_keeps_the_newest_within_its_bounds() {
        let tab = TabContext::default();
        let mut list = Vec::new();
        for i in 0..(MAX_TAB_OBSERVATIONS + 50) {
            let url = format!("{TURN}?n={i}");
            add_to_tab(
                &mut list,
                intake(completed(&url, 500, &[]), &tab).observation.unwrap(),
            );
        }
        assert_eq!(list.len(), MAX_TAB_OBSERVATIONS);
        let big = "y".repeat(2000);
        for _ in 0..200 {
            let o = Stored {
                observation: Observation::PageMessage(crate::observation::PageMessageObservation {
                    text: big.clone(),
                    ..Default::default()
                }),
                source: Some(Source::Page),
                run: None,
            };
            add_to_tab(&mut list, o);
        }
        assert!(list.iter().map(stored_size).sum::<usize>() <= MAX_TAB_BYTES);
        assert!(list.len() < MAX_TAB_OBSERVATIONS);
    }
}
