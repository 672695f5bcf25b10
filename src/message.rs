//! The extension's message protocol, defined once: every message the page hook, the content
//! scripts, the background and the popup exchange, and the checks a page-sent message must pass.
//!
//! Types are named by direction, `"<from>-<to>/<verb>"` (Dark Reader's habit): `page` is the
//! MAIN-world hook (page-controlled: anything from it may be forged), `cs` the ISOLATED content
//! scripts, `bg` the background, `ui` the popup and options pages, `web` the help page.
//! The JavaScript gets the type strings and limits from the module the build generates from
//! these definitions (`src/facts.rs`, `lib/facts.js`); `tests/protocol.rs` round-trips every
//! message through it.

use serde::{Deserialize, Serialize};

use crate::catalog::{self, ServiceId};
use crate::observation::{Observation, MAX_BODY_EXCERPT, MAX_TEXT, MAX_URL};
use crate::report::{Action, Report, Verdict};

/// The `source` field of a message the page hook posts with `window.postMessage`; the relay
/// ignores every other window message.
pub const PAGE_SOURCE: &str = "chatmedic-page";

/// The type of [`Message::PageObserved`], the one message the page hook posts.
pub const PAGE_OBSERVED_TYPE: &str = "page-cs/observed";

/// The largest page message the relay accepts, in bytes of its JSON.
pub const MAX_PAGE_MESSAGE_BYTES: usize = 16 * 1024;

/// How many page messages per second the relay forwards in the long run (token bucket rate).
pub const PAGE_RATE_PER_SECOND: u32 = 20;

/// How many page messages the relay forwards in a burst (token bucket size).
pub const PAGE_BURST: u32 = 40;

/// The most observations the background keeps per tab; older ones are dropped first.
pub const MAX_TAB_OBSERVATIONS: usize = 200;

/// The longest stream error text a page may report, in bytes.
pub const MAX_PAGE_STREAM_ERROR: usize = 512;

/// The longest WebSocket close reason a page may report, in bytes (the protocol allows 123).
pub const MAX_PAGE_CLOSE_REASON: usize = 256;

/// The most response headers a page may report for one response.
pub const MAX_PAGE_HEADERS: usize = 32;

/// The longest response header name a page may report.
pub const MAX_HEADER_NAME: usize = 64;

/// The event the page hook dispatches on the window, synchronously at `document_start`, to hand
/// its `MessageChannel` port to the relay.
pub const HOOK_READY_EVENT: &str = "chatmedic-hook-ready";

/// The event the relay dispatches when it runs after the hook, asking it to offer its port again.
pub const RELAY_READY_EVENT: &str = "chatmedic-relay-ready";

/// Whether `name` is a header name as a page may report it: 1 to [`MAX_HEADER_NAME`] characters
/// of lower-case ASCII letters, digits and `-` (what `Headers` gives, lower case, for every
/// header the engine keeps). The relay checks the same rule, by the pattern
/// [`page_header_name_pattern`].
pub fn is_page_header_name(name: &str) -> bool {
    (1..=MAX_HEADER_NAME).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// [`is_page_header_name`] as a JavaScript regular expression source, for the relay and the hook.
pub fn page_header_name_pattern() -> String {
    format!("^[a-z0-9-]{{1,{MAX_HEADER_NAME}}}$")
}

/// The observation kinds a page may report. Everything else (extensions, status, environment,
/// probes) only the background itself observes.
pub const PAGE_KINDS: &[&str] = &["http", "streamAbort", "wsClose", "pageMessage"];

/// Every message, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Message {
    /// The page hook saw something (a stream that broke, a socket that closed, an error body).
    #[serde(rename = "page-cs/observed")]
    PageObserved {
        /// Always [`PAGE_SOURCE`].
        source: String,
        /// What it saw.
        observation: Observation,
    },
    /// A content script forwards an observation (from the hook or the page-message watcher).
    #[serde(rename = "cs-bg/observed")]
    ContentObserved {
        /// What was seen.
        observation: Observation,
    },
    /// The background asks the content script to show the in-page notice.
    #[serde(rename = "bg-cs/show-notice")]
    ShowNotice {
        /// The verdict.
        verdict: Verdict,
        /// The verdict in words ("It's not you").
        label: String,
        /// The one-line diagnosis.
        title: String,
        /// The "details" button's label.
        details: String,
        /// The dismiss button's accessible label.
        dismiss: String,
    },
    /// The background asks the content script to hide the notice (chat works again).
    #[serde(rename = "bg-cs/hide-notice")]
    HideNotice,
    /// The background shows the task line on the page: what chatmedic is doing in the tab and
    /// what it needs from the user (the bisect's "send your message again now").
    #[serde(rename = "bg-cs/show-task")]
    ShowTask {
        /// "chatmedic", or what the task is.
        label: String,
        /// The line itself.
        text: String,
        /// What the task waits for, if anything.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        wait: Option<BisectWait>,
    },
    /// The background removes the task line.
    #[serde(rename = "bg-cs/hide-task")]
    HideTask,
    /// The notice's "details" link: open the diagnosis.
    #[serde(rename = "cs-bg/open-details")]
    OpenDetails,
    /// The popup asks for a tab's diagnosis; the reply is a [`TabReport`].
    #[serde(rename = "ui-bg/get-report")]
    GetReport {
        /// The tab.
        #[serde(rename = "tabId")]
        tab_id: i64,
    },
    /// The popup asks to forget a tab's observations.
    #[serde(rename = "ui-bg/clear")]
    Clear {
        /// The tab.
        #[serde(rename = "tabId")]
        tab_id: i64,
    },
    /// The popup asks the background to carry out a fix; the reply is an [`ActResult`].
    #[serde(rename = "ui-bg/act")]
    Act {
        /// The chat tab the fix is for.
        #[serde(rename = "tabId")]
        tab_id: i64,
        /// What to do.
        action: Action,
    },
    /// The popup asks to turn back on an extension chatmedic turned off.
    #[serde(rename = "ui-bg/re-enable")]
    ReEnable {
        /// The chat tab.
        #[serde(rename = "tabId")]
        tab_id: i64,
        /// The extension's id.
        id: String,
    },
    /// The popup's "run checks" results for a tab: probe and environment observations, which
    /// replace those of an earlier run. The reply is an [`ActResult`].
    #[serde(rename = "ui-bg/checked")]
    Checked {
        /// The chat tab the checks were run for.
        #[serde(rename = "tabId")]
        tab_id: i64,
        /// Which run they belong to (the popup's id for one click of "run checks").
        run: String,
        /// What the checks observed (only `probe` and `environment` are taken).
        observations: Vec<Observation>,
    },
    /// The popup asked the user for the permissions a fix needs (`asked`, sent before the answer:
    /// Firefox may close the popup while its prompt is up), or heard the answer (`granted`,
    /// `refused`). The reply is an [`ActResult`].
    #[serde(rename = "ui-bg/permission")]
    Permission {
        /// The chat tab the fix is for.
        #[serde(rename = "tabId")]
        tab_id: i64,
        /// The fix the user confirmed, when the permission is for a fix.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        action: Option<Action>,
        /// What the permission is for otherwise (naming the extension behind a failure).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        purpose: Option<PermissionPurpose>,
        /// Where the request stands.
        answer: PermissionAnswer,
    },
    /// The popup's Cancel: the running bisect stops and everything it turned off is turned
    /// back on at once. The reply is an [`ActResult`].
    #[serde(rename = "ui-bg/cancel-bisect")]
    CancelBisect {
        /// The chat tab the popup is for.
        #[serde(rename = "tabId")]
        tab_id: i64,
    },
    /// The user has read a finished bisect's note; it is not shown again.
    #[serde(rename = "ui-bg/dismiss-bisect")]
    DismissBisect {
        /// The chat tab the popup is for.
        #[serde(rename = "tabId")]
        tab_id: i64,
    },
    /// The background tells open popups that a tab's diagnosis changed.
    #[serde(rename = "bg-ui/report-changed")]
    ReportChanged {
        /// The tab.
        #[serde(rename = "tabId")]
        tab_id: i64,
    },
    /// The help page (allow-listed origin) asks for the reports of the open chat tabs.
    #[serde(rename = "web-bg/get-reports")]
    GetReports,
}

impl Message {
    /// Every type string, in declaration order (the generated `lib/facts.js` carries them).
    pub const TYPES: &'static [&'static str] = &[
        "page-cs/observed",
        "cs-bg/observed",
        "bg-cs/show-notice",
        "bg-cs/hide-notice",
        "bg-cs/show-task",
        "bg-cs/hide-task",
        "cs-bg/open-details",
        "ui-bg/get-report",
        "ui-bg/clear",
        "ui-bg/act",
        "ui-bg/re-enable",
        "ui-bg/checked",
        "ui-bg/permission",
        "ui-bg/cancel-bisect",
        "ui-bg/dismiss-bisect",
        "bg-ui/report-changed",
        "web-bg/get-reports",
    ];

    /// This message's type string.
    pub fn type_name(&self) -> &'static str {
        match self {
            Message::PageObserved { .. } => PAGE_OBSERVED_TYPE,
            Message::ContentObserved { .. } => "cs-bg/observed",
            Message::ShowNotice { .. } => "bg-cs/show-notice",
            Message::HideNotice => "bg-cs/hide-notice",
            Message::ShowTask { .. } => "bg-cs/show-task",
            Message::HideTask => "bg-cs/hide-task",
            Message::OpenDetails => "cs-bg/open-details",
            Message::GetReport { .. } => "ui-bg/get-report",
            Message::Clear { .. } => "ui-bg/clear",
            Message::Act { .. } => "ui-bg/act",
            Message::ReEnable { .. } => "ui-bg/re-enable",
            Message::Checked { .. } => "ui-bg/checked",
            Message::Permission { .. } => "ui-bg/permission",
            Message::CancelBisect { .. } => "ui-bg/cancel-bisect",
            Message::DismissBisect { .. } => "ui-bg/dismiss-bisect",
            Message::ReportChanged { .. } => "bg-ui/report-changed",
            Message::GetReports => "web-bg/get-reports",
        }
    }
}

/// The reply to `ui-bg/get-report`: a tab's diagnosis and what the popup needs around it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TabReport {
    /// The tab.
    pub tab_id: i64,
    /// The service the tab is on, where it is a chat tab.
    pub service: Option<ServiceId>,
    /// The service's display name.
    #[serde(default)]
    pub service_name: Option<String>,
    /// The diagnosis.
    pub report: Report,
    /// The tab's change counter when the diagnosis was made: it grows with every change, so a
    /// newer diagnosis has a larger one (the popup shows it as `data-seq`).
    #[serde(default)]
    pub seq: u64,
    /// How many observations it rests on.
    pub observations: usize,
    /// Extensions chatmedic turned off for this tab, which the popup offers to turn back on.
    #[serde(default)]
    pub disabled_by_us: Vec<DisabledExtension>,
    /// This tab's bisect, under way or finished, or one from any tab that was interrupted (its
    /// extensions turned back on when chatmedic or the browser restarted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bisect: Option<BisectState>,
    /// What a bisect of the top finding's suspects would turn off and how many reloads it
    /// takes, for its confirmation (Chrome, with `management` granted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bisect_plan: Option<BisectPlan>,
    /// A permission request for a fix of this tab that the user has not answered in a popup
    /// still open to hear it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_fix: Option<PendingFix>,
    /// The outcome of a fix carried out while no popup was open (a permission granted after
    /// Firefox closed the popup), handed over once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix_outcome: Option<FixOutcome>,
    /// `chrome` or `firefox`.
    pub flavor: String,
    /// Whether this browser lets chatmedic turn other extensions off (Chrome yes, Firefox no).
    pub can_disable_extensions: bool,
    /// Whether the automatic bisect is available (Chrome).
    pub can_bisect: bool,
    /// Whether the `management` permission is granted (the extension list is known).
    pub knows_extensions: bool,
    /// Whether `management` and `proxy` are granted (Chrome: who controls the proxy is known).
    #[serde(default)]
    pub knows_proxy: bool,
}

/// An extension chatmedic turned off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DisabledExtension {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// Where an extension bisect stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BisectPhase {
    /// Under way.
    Running,
    /// One extension found: with it off the failed request went through.
    Found,
    /// With each suspect off in turn the request was still blocked.
    NotFound,
    /// With everything on, the request went through: nothing to find.
    NotReproduced,
    /// A round saw no new attempt at the failed request: nothing concluded.
    NoAttempt,
    /// Cancelled by the user; everything is back on.
    Cancelled,
    /// Its worker stopped or the browser closed mid-round; everything was turned back on.
    Interrupted,
    /// An error stopped it; everything is back on.
    Failed,
}

/// What a bisect round is waiting for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BisectWait {
    /// The chat tab to reload.
    Reload,
    /// The page to make the failed request again by itself.
    Page,
    /// The user to repeat what failed ("send your message again now").
    User,
}

/// An extension bisect, as the popup shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BisectState {
    /// Where it stands.
    pub phase: BisectPhase,
    /// The chat tab it is for.
    pub tab_id: i64,
    /// Every extension it tests (each was on when it started, and is on when it ends).
    #[serde(default)]
    pub extensions: Vec<DisabledExtension>,
    /// The ids still suspected.
    pub suspects: Vec<String>,
    /// The current round, from 1 (the first turns nothing off).
    pub round: u32,
    /// The most rounds it takes (each one reload of the chat tab).
    #[serde(default)]
    pub rounds: u32,
    /// What is turned off right now.
    #[serde(default)]
    pub off: Vec<DisabledExtension>,
    /// What the current round is waiting for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting: Option<BisectWait>,
    /// The culprit, once found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub culprit: Option<DisabledExtension>,
    /// What stopped it, when it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What a bisect would do, for its confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BisectPlan {
    /// The extensions it may turn off (for a moment each).
    pub extensions: Vec<DisabledExtension>,
    /// The most reloads of the chat tab it takes.
    pub reloads: u32,
}

/// Where a permission request for a fix stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PermissionAnswer {
    /// Asked; no answer yet.
    Asked,
    /// Granted (the fix follows).
    Granted,
    /// Refused (nothing is done).
    Refused,
}

/// A permission asked for to learn more rather than to act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PermissionPurpose {
    /// `management`, to name the extension that blocks the chat.
    FindExtension,
    /// `management` and `proxy`, to name the extension that controls the proxy.
    FindProxy,
}

/// A permission request for a fix, not yet answered where a popup could hear it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingFix {
    /// The fix the user confirmed, when it is for a fix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
    /// What it is for otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<PermissionPurpose>,
    /// The permissions it needs.
    pub permissions: Vec<String>,
    /// Whether they are granted now.
    pub granted: bool,
}

/// The outcome of a fix carried out while no popup was open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FixOutcome {
    /// The fix.
    pub action: Action,
    /// `done` or `failed`.
    pub outcome: String,
    /// Why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// How many cookies went, for a clearing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cleared: Option<u32>,
}

/// The reply to `ui-bg/act` and `ui-bg/re-enable`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActResult {
    /// Whether it was done.
    pub ok: bool,
    /// Why not, in a few words (an API error, or `busy`: a bisect is already running), when it
    /// was not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// How many cookies a clearing removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cleared: Option<u32>,
}

/// Why a page-sent message was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MessageError {
    /// Not valid JSON or not the shape of any message.
    #[error("malformed message: {0}")]
    Malformed(String),
    /// Larger than [`MAX_PAGE_MESSAGE_BYTES`].
    #[error("message too large: {0} bytes")]
    TooLarge(usize),
    /// A kind a page may not report.
    #[error("observation kind not accepted from a page: {0}")]
    KindNotAllowed(&'static str),
    /// About a URL outside the tab's service.
    #[error("observation is not about this tab's service")]
    ForeignUrl,
    /// A field out of its bounds.
    #[error("field out of bounds: {0}")]
    OutOfBounds(&'static str),
}

/// The kind tag of an observation, as its JSON names it.
pub fn kind_of(o: &Observation) -> &'static str {
    match o {
        Observation::Http(_) => "http",
        Observation::NetError(_) => "netError",
        Observation::StreamAbort(_) => "streamAbort",
        Observation::WsClose(_) => "wsClose",
        Observation::PageMessage(_) => "pageMessage",
        Observation::Extensions(_) => "extensions",
        Observation::Status(_) => "status",
        Observation::Environment(_) => "environment",
        Observation::Probe(_) => "probe",
    }
}

/// Checks an observation a page (hook or watcher) sent from a tab showing `page_url`: only the
/// kinds in [`PAGE_KINDS`], about the tab's own service, within bounds (every bound
/// [`Observation::bound`] keeps, and the field ranges below). Oversized text is an error, not
/// cut, because an honest hook never sends it. [`decode_page_observation`] returns only what
/// this accepts.
pub fn check_page_observation(o: &Observation, page_url: &str) -> Result<(), MessageError> {
    let kind = kind_of(o);
    if !PAGE_KINDS.contains(&kind) {
        return Err(MessageError::KindNotAllowed(kind));
    }
    let page_service = catalog::service_of(page_url);
    if page_service.is_none() {
        return Err(MessageError::ForeignUrl);
    }
    if let Some(url) = o.url() {
        if url.len() > MAX_URL || !(url.is_empty() || is_serialized_url(url)) {
            return Err(MessageError::OutOfBounds("url"));
        }
        // A page may report its own service's requests (and its APIs' sibling hosts), nothing else.
        if !url.is_empty() && catalog::service_of(url) != page_service {
            return Err(MessageError::ForeignUrl);
        }
    }
    if let Some(t) = o.time() {
        if !t.is_finite() || t < 0.0 {
            return Err(MessageError::OutOfBounds("time"));
        }
    }
    let out_of_bounds = match o {
        Observation::Http(h) => {
            if !(100..=599).contains(&h.status) {
                Some("status")
            } else if h.body.as_ref().is_some_and(|b| b.len() > MAX_BODY_EXCERPT)
                || h.stream_tail
                    .as_ref()
                    .is_some_and(|b| b.len() > MAX_BODY_EXCERPT)
            {
                Some("body")
            } else if h.headers.len() > MAX_PAGE_HEADERS
                || !h.headers.keys().all(|k| is_page_header_name(k))
            {
                Some("headers")
            } else {
                None
            }
        }
        Observation::StreamAbort(s)
            if s.error.len() > MAX_PAGE_STREAM_ERROR
                || !s.ms_since_start.is_finite()
                || s.ms_since_start < 0.0 =>
        {
            Some("streamAbort")
        }
        Observation::WsClose(w)
            if !(1000..=4999).contains(&w.code)
                || w.reason.len() > MAX_PAGE_CLOSE_REASON
                || !w.ms_open.is_finite()
                || w.ms_since_message
                    .is_some_and(|m| !m.is_finite() || m < 0.0) =>
        {
            Some("wsClose")
        }
        Observation::PageMessage(p) if p.text.trim().is_empty() || p.text.len() > MAX_TEXT => {
            Some("text")
        }
        _ => None,
    };
    if let Some(field) = out_of_bounds {
        return Err(MessageError::OutOfBounds(field));
    }
    // Within every bound `Observation::bound` keeps: an honest hook sends nothing it would cut.
    let mut bounded = o.clone();
    bounded.bound();
    if bounded != *o {
        return Err(MessageError::OutOfBounds(kind));
    }
    Ok(())
}

/// Whether `url` has the form a browser gives a page (`Response.url`, `WebSocket.url`,
/// `location.href`: a serialized URL): an `http`, `https`, `ws` or `wss` scheme, a host, and
/// printable ASCII only (the URL serializer percent-encodes everything else and writes hosts in
/// punycode). Whatever else a page sends was made up, and reading a service out of it (the host
/// after a `://` anywhere) would let redaction, which reads it differently, change the answer.
fn is_serialized_url(url: &str) -> bool {
    let rest = ["https://", "http://", "wss://", "ws://"]
        .iter()
        .find_map(|scheme| url.strip_prefix(scheme));
    rest.is_some_and(|rest| !rest.starts_with(['/', '?', '#']) && !rest.is_empty())
        && url.bytes().all(|b| b.is_ascii_graphic())
}

/// The fields of [`Message::ContentObserved`] and [`Message::PageObserved`], all a forwarded
/// page message is read for. Decoding into [`Message`] itself would accept and refuse the same
/// messages (only the wording of some refusals differs) but bring the derive code of every other
/// message, and of [`Action`], into the extension's wasm module, which reads no other message.
#[derive(Debug, Clone, Deserialize)]
pub struct PageForward {
    #[serde(rename = "type")]
    kind: String,
    /// Any value: a `cs-bg/observed` message's other fields are ignored, as [`Message`] does;
    /// only a string equal to [`PAGE_SOURCE`] marks the hook's own message.
    #[serde(default)]
    source: AnyString,
    observation: Option<Observation>,
}

impl PageForward {
    /// The observation it carries, if it is a message that may carry one from a page (not yet
    /// checked: see [`admit_page_observation`]).
    pub fn into_observation(self) -> Result<Observation, MessageError> {
        let from_hook = self.source.0.as_deref() == Some(PAGE_SOURCE);
        match (self.kind.as_str(), self.observation) {
            ("cs-bg/observed", Some(observation)) => Ok(observation),
            ("page-cs/observed", Some(observation)) if from_hook => Ok(observation),
            ("cs-bg/observed" | "page-cs/observed", None) => Err(MessageError::Malformed(
                "missing field `observation`".into(),
            )),
            (other, _) => Err(MessageError::Malformed(format!("unexpected type {other}"))),
        }
    }
}

/// A field read for its string value alone: any other value (a number, an object) reads as none.
#[derive(Debug, Clone, Default)]
struct AnyString(Option<String>);

impl<'de> Deserialize<'de> for AnyString {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = AnyString;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any value")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<AnyString, E> {
                Ok(AnyString(Some(v.to_owned())))
            }
            fn visit_bool<E>(self, _: bool) -> Result<AnyString, E> {
                Ok(AnyString(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<AnyString, E> {
                Ok(AnyString(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<AnyString, E> {
                Ok(AnyString(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<AnyString, E> {
                Ok(AnyString(None))
            }
            fn visit_unit<E>(self) -> Result<AnyString, E> {
                Ok(AnyString(None))
            }
            fn visit_none<E>(self) -> Result<AnyString, E> {
                Ok(AnyString(None))
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<AnyString, D::Error> {
                d.deserialize_any(Visit)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<AnyString, A::Error> {
                while a.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(AnyString(None))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<AnyString, A::Error> {
                while a
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(AnyString(None))
            }
        }
        d.deserialize_any(Visit)
    }
}

/// Decodes a message a content script forwarded from a page (`cs-bg/observed`, as JSON text)
/// and checks it: the observation it carries, bounded, or why it was refused. The extension
/// hands the message over as an object (`crate::intake`); this reads it from text, for the
/// fuzz target and the tests, through the same gate.
pub fn decode_page_observation(json: &str, page_url: &str) -> Result<Observation, MessageError> {
    if json.len() > MAX_PAGE_MESSAGE_BYTES {
        return Err(MessageError::TooLarge(json.len()));
    }
    let message: PageForward =
        serde_json::from_str(json).map_err(|e| MessageError::Malformed(e.to_string()))?;
    admit_page_observation(message.into_observation()?, page_url)
}

/// The one gate a page-sent observation passes on its way to the tab's store: refused unless
/// [`check_page_observation`] accepts it as sent, then redacted (the background stores it: a
/// token in a URL, an address in an error body go first), then returned only if the check
/// accepts the redacted form too. So whatever this returns passes the check, by construction:
/// redaction can lengthen a value (`[email]` for `a@b.co`) past its bound or change a URL, and
/// then the observation is refused rather than stored unchecked.
pub fn admit_page_observation(
    mut observation: Observation,
    page_url: &str,
) -> Result<Observation, MessageError> {
    check_page_observation(&observation, page_url)?;
    crate::redact::redact_observation(&mut observation);
    check_page_observation(&observation, page_url)?;
    Ok(observation)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "https://claude.ai/chat/abc";

    #[test]
    fn accepts_a_hooks_stream_abort() {
        let json = r#"{"type":"cs-bg/observed","observation":{"kind":"streamAbort","url":"https://claude.ai/api/organizations/o/chat_conversations/c/completion","bytesReceived":1200,"msSinceStart":800,"error":"TypeError: network error","time":1700000000000}}"#;
        let o = decode_page_observation(json, PAGE).unwrap();
        assert!(matches!(o, Observation::StreamAbort(_)));
    }

    #[test]
    fn refuses_kinds_only_the_background_observes() {
        let json = r#"{"type":"cs-bg/observed","observation":{"kind":"status","service":"claude","indicator":"major"}}"#;
        assert_eq!(
            decode_page_observation(json, PAGE),
            Err(MessageError::KindNotAllowed("status"))
        );
        let json =
            r#"{"type":"cs-bg/observed","observation":{"kind":"extensions","extensions":[]}}"#;
        assert!(matches!(
            decode_page_observation(json, PAGE),
            Err(MessageError::KindNotAllowed("extensions"))
        ));
    }

    #[test]
    fn refuses_other_services_and_foreign_pages() {
        let json = r#"{"type":"cs-bg/observed","observation":{"kind":"wsClose","url":"wss://chatgpt.com/ws","code":1006}}"#;
        assert_eq!(
            decode_page_observation(json, PAGE),
            Err(MessageError::ForeignUrl)
        );
        let json =
            r#"{"type":"cs-bg/observed","observation":{"kind":"pageMessage","text":"Error"}}"#;
        assert_eq!(
            decode_page_observation(json, "https://example.com/"),
            Err(MessageError::ForeignUrl)
        );
    }

    #[test]
    fn takes_the_hooks_own_message_and_refuses_other_sources_and_types() {
        let obs = r#"{"kind":"wsClose","url":"wss://claude.ai/ws","code":1006}"#;
        let hook = format!(
            r#"{{"type":"page-cs/observed","source":"{PAGE_SOURCE}","observation":{obs}}}"#
        );
        assert!(decode_page_observation(&hook, PAGE).is_ok());
        // A content script's message ignores fields it does not have, whatever their type.
        let cs = format!(r#"{{"type":"cs-bg/observed","source":5,"observation":{obs}}}"#);
        assert!(decode_page_observation(&cs, PAGE).is_ok());
        for json in [
            format!(r#"{{"type":"page-cs/observed","source":"evil","observation":{obs}}}"#),
            format!(r#"{{"type":"page-cs/observed","observation":{obs}}}"#),
            r#"{"type":"cs-bg/observed"}"#.to_owned(),
            format!(r#"{{"type":"ui-bg/checked","observation":{obs}}}"#),
            format!(r#"{{"observation":{obs}}}"#),
        ] {
            assert!(
                matches!(
                    decode_page_observation(&json, PAGE),
                    Err(MessageError::Malformed(_))
                ),
                "{json}"
            );
        }
    }

    #[test]
    fn refuses_malformed_huge_and_out_of_bounds() {
        assert!(matches!(
            decode_page_observation("not json", PAGE),
            Err(MessageError::Malformed(_))
        ));
        assert!(matches!(
            decode_page_observation(r#"{"type":"ui-bg/clear","tabId":1}"#, PAGE),
            Err(MessageError::Malformed(_))
        ));
        let huge = format!(
            r#"{{"type":"cs-bg/observed","observation":{{"kind":"pageMessage","text":"{}"}}}}"#,
            "x".repeat(MAX_PAGE_MESSAGE_BYTES)
        );
        assert!(matches!(
            decode_page_observation(&huge, PAGE),
            Err(MessageError::TooLarge(_))
        ));
        let json = r#"{"type":"cs-bg/observed","observation":{"kind":"wsClose","url":"wss://claude.ai/ws","code":70000}}"#;
        assert!(matches!(
            decode_page_observation(json, PAGE),
            Err(MessageError::Malformed(_))
        ));
        let json = r#"{"type":"cs-bg/observed","observation":{"kind":"wsClose","url":"wss://claude.ai/ws","code":1}}"#;
        assert_eq!(
            decode_page_observation(json, PAGE),
            Err(MessageError::OutOfBounds("wsClose"))
        );
        let json = r#"{"type":"cs-bg/observed","observation":{"kind":"pageMessage","text":"   "}}"#;
        assert_eq!(
            decode_page_observation(json, PAGE),
            Err(MessageError::OutOfBounds("text"))
        );
    }

    #[test]
    fn header_names_follow_the_relays_rule() {
        let api = "https://api.anthropic.com/v1/messages";
        let with = |name: &str| {
            Observation::Http(crate::observation::HttpObservation {
                url: api.to_owned(),
                status: 429,
                headers: [(name.to_owned(), "30".to_owned())].into(),
                ..Default::default()
            })
        };
        for name in [
            "retry-after",
            "anthropic-ratelimit-requests-reset",
            "x-ratelimit-reset-tokens",
        ] {
            assert!(is_page_header_name(name), "{name}");
            assert!(admit_page_observation(with(name), api).is_ok(), "{name}");
        }
        let long = "x".repeat(MAX_HEADER_NAME + 1);
        for name in [
            "",
            "Retry-After",
            "x_ratelimit",
            "retry after",
            "r\u{e9}",
            long.as_str(),
        ] {
            assert!(!is_page_header_name(name), "{name}");
            assert_eq!(
                admit_page_observation(with(name), api),
                Err(MessageError::OutOfBounds("headers")),
                "{name}"
            );
        }
        assert!(is_page_header_name(&"x".repeat(MAX_HEADER_NAME)));
        assert_eq!(page_header_name_pattern(), "^[a-z0-9-]{1,64}$");
    }

    #[test]
    fn refuses_urls_no_browser_serializes() {
        let api = "https://api.anthropic.com/v1/messages";
        for url in [
            "ht\u{FFFD}tps://api.anthropic.com/v1/messages",
            "https://api.anthropic.com/v1/mess ages",
            "https:///api.anthropic.com",
            "ftp://api.anthropic.com/v1/messages",
            "api.anthropic.com/v1/messages",
        ] {
            let o = Observation::Http(crate::observation::HttpObservation {
                url: url.to_owned(),
                method: "POST".to_owned(),
                status: 401,
                ..Default::default()
            });
            assert_eq!(
                admit_page_observation(o, api),
                Err(MessageError::OutOfBounds("url")),
                "{url}"
            );
        }
        let json = r#"{"type":"cs-bg/observed","observation":{"kind":"http","url":"https://api.anthropic.com/v1/messages?key=sk-ant-api03-abc","method":"POST","status":401}}"#;
        let o = decode_page_observation(json, api).unwrap();
        assert_eq!(
            o.url(),
            Some("https://api.anthropic.com/v1/messages?key=[redacted]")
        );
        assert_eq!(check_page_observation(&o, api), Ok(()));
    }

    #[test]
    fn type_names_match_serde() {
        let samples = [
            Message::HideNotice,
            Message::OpenDetails,
            Message::GetReports,
            Message::GetReport { tab_id: 3 },
            Message::ReportChanged { tab_id: 3 },
        ];
        for m in samples {
            let v = serde_json::to_value(&m).unwrap();
            assert_eq!(v["type"], m.type_name());
            assert!(Message::TYPES.contains(&m.type_name()));
        }
    }
}
