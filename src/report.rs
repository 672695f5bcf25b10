//! The report: the engine's output (verdict, findings with evidence and fixes, notes, support
//! summary), with the language-free parameters that let any front end re-render it in another
//! language.
//!
//! The rules fill ids, parameters, confidences and evidence; [`crate::render`] fills every text
//! field from the locale files. `params` on findings, fixes and notes is what makes a report
//! re-renderable (`render(report, lang)`) and lets the extension act on a fix (the origins to
//! clear, the extension to disable).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalog::ServiceId;
use crate::cause::{Cause, FixId, Side};

/// The overall answer: whose side the failure is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The service is at fault.
    NotYou,
    /// The browser is in the way.
    YourBrowser,
    /// The network is in the way.
    YourNetwork,
    /// The account, plan or request is the matter.
    YourAccount,
    /// Nothing failed.
    AllClear,
    /// Something failed and the evidence does not say why.
    Unclear,
}

impl Verdict {
    /// The verdict for a cause's side.
    pub fn for_side(side: Side) -> Verdict {
        match side {
            Side::Service => Verdict::NotYou,
            Side::Account => Verdict::YourAccount,
            Side::Browser => Verdict::YourBrowser,
            Side::Network => Verdict::YourNetwork,
            Side::Unknown => Verdict::Unclear,
        }
    }

    /// The stable id string.
    pub fn id(self) -> &'static str {
        match self {
            Verdict::NotYou => "not_you",
            Verdict::YourBrowser => "your_browser",
            Verdict::YourNetwork => "your_network",
            Verdict::YourAccount => "your_account",
            Verdict::AllClear => "all_clear",
            Verdict::Unclear => "unclear",
        }
    }
}

/// What the engine concluded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The service the failures were on, where one is known.
    pub service: Option<ServiceId>,
    /// The verdict.
    pub verdict: Verdict,
    /// The findings, most likely first. Empty when no chat action failed (`all_clear`).
    pub findings: Vec<Finding>,
    /// What looked odd but broke nothing (blocked trackers, a socket that dropped and came
    /// back): said for completeness, never a reason for a verdict.
    #[serde(default)]
    pub notes: Vec<Note>,
    /// A redacted plain-text summary for a support ticket.
    #[serde(default)]
    pub support_summary: String,
    /// The language the texts are in.
    #[serde(default = "default_lang")]
    pub lang: String,
    /// When the failure was observed (ms since the Unix epoch): the latest time among the
    /// findings' evidence, else among all observations; None when no observation had a time.
    /// The support summary shows it (rendering cannot read a clock: not on wasm32, and
    /// re-rendering must give the same text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<f64>,
    /// Whether the observations were recorded earlier (a HAR file) rather than seen live: a
    /// wait is then said as the recorded reset time, never counted from now.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub recorded: bool,
}

fn default_lang() -> String {
    "en".to_owned()
}

/// A chat action the user saw fail: what every finding explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// Sending a message: the conversation request, the steps right before it, its upload, its
    /// streamed reply (or the socket carrying the reply).
    Send,
    /// Loading the app: the main document and the scripts and styles it needs.
    PageLoad,
    /// Signing in or keeping the session.
    Login,
    /// The chat's WebSocket.
    Socket,
    /// An error the page showed (in the app, or the main document's own error page).
    PageError,
    /// A check of the browser or the connection (the help page's, the popup's) that failed in a
    /// way that stops chat.
    Check,
}

/// What a note says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteId {
    /// A blocker stopped tracking or telemetry requests; the chat does not need them.
    TelemetryBlocked,
    /// A request the chat does not need failed.
    SideRequestFailed,
    /// A WebSocket dropped once while idle; nothing was lost.
    SocketRecovered,
    /// The status page reports an incident, while nothing failed here.
    StatusIncident,
}

impl NoteId {
    /// Every note.
    pub const ALL: [NoteId; 4] = [
        NoteId::TelemetryBlocked,
        NoteId::SideRequestFailed,
        NoteId::SocketRecovered,
        NoteId::StatusIncident,
    ];

    /// The stable id string.
    pub fn id(self) -> &'static str {
        match self {
            NoteId::TelemetryBlocked => "telemetry_blocked",
            NoteId::SideRequestFailed => "side_request_failed",
            NoteId::SocketRecovered => "socket_recovered",
            NoteId::StatusIncident => "status_incident",
        }
    }
}

/// Something observed that did not break the chat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    /// What it says.
    pub note: NoteId,
    /// Language-free details the text is built from.
    #[serde(default, skip_serializing_if = "Params::is_empty")]
    pub params: Params,
    /// The text, rendered from the locale files.
    #[serde(default)]
    pub text: String,
}

/// One cause the engine found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// The cause id.
    pub cause: Cause,
    /// The failed action it explains; None when its evidence is circumstantial only (a status
    /// page, the extension list), which then explains the report's failed actions as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<ActionKind>,
    /// How sure the engine is, 0.0 to 1.0.
    pub confidence: f64,
    /// Language-free details the texts are built from.
    #[serde(default, skip_serializing_if = "Params::is_empty")]
    pub params: Params,
    /// A one-line title.
    #[serde(default)]
    pub title: String,
    /// What happened, in a sentence or two.
    #[serde(default)]
    pub explanation: String,
    /// The observations that support it.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// What to do, most useful first.
    #[serde(default)]
    pub fixes: Vec<Fix>,
    /// How many of `fixes` every front end shows at first (the best and at most two more); the
    /// rest go behind "More ways to fix this".
    #[serde(default)]
    pub primary: usize,
}

/// An observation a finding rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    /// The observation's index in the input.
    pub observation: usize,
    /// What kind of line it is: the text comes from the `evidence_<kind>` locale keys. A
    /// report from an older version has none: its `summary` is kept as it is.
    #[serde(default)]
    pub kind: EvidenceKind,
    /// Language-free details the line is filled from (redacted, bounded).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
    /// The line in the report's language (`POST chatgpt.com/backend-api/f/conversation → 500`,
    /// `Die Seite zeigte: „…“`); filled by [`crate::render`].
    #[serde(default)]
    pub summary: String,
}

/// The kinds of evidence line. A request line (`POST chatgpt.com/… → 500`) is technical and the
/// same in every language; the others are sentences rendered from the locale files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// A request and its status or browser error, verbatim (`line`).
    #[default]
    Request,
    /// A streamed reply cut short (`url`, `bytes`, `ms`, `error`).
    StreamCut,
    /// A WebSocket closed (`url`, `code`; `opened`, `clean` as `true`/`false`).
    SocketClosed,
    /// A message the page showed (`text`).
    PageShowed,
    /// The extension list (`count`, `enabled`).
    Extensions,
    /// A status page's state (`service`, `indicator`, optionally `incident`).
    StatusPage,
    /// The browser's settings (any of `online`, `jar_allowed` (cookies allowed: a key named after cookies would read as a secret), `clock_seconds`, `proxy`,
    /// `browser`).
    Environment,
    /// A check's result (`check`, `outcome`, optionally `detail`).
    Check,
}

impl EvidenceKind {
    /// The stable id (`page_showed`), as serde writes it.
    pub fn id(self) -> &'static str {
        match self {
            EvidenceKind::Request => "request",
            EvidenceKind::StreamCut => "stream_cut",
            EvidenceKind::SocketClosed => "socket_closed",
            EvidenceKind::PageShowed => "page_showed",
            EvidenceKind::Extensions => "extensions",
            EvidenceKind::StatusPage => "status_page",
            EvidenceKind::Environment => "environment",
            EvidenceKind::Check => "check",
        }
    }
}

/// One thing to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fix {
    /// The fix id.
    pub fix: FixId,
    /// Language-free details (seconds, origins, extension).
    #[serde(default, skip_serializing_if = "Params::is_empty")]
    pub params: Params,
    /// A short title (a button label).
    #[serde(default)]
    pub title: String,
    /// The steps, for a person to follow.
    #[serde(default)]
    pub steps: Vec<String>,
    /// What the extension can do on a click, where it can.
    pub action: Option<Action>,
}

impl Fix {
    /// A fix with its action derived from its id and parameters.
    pub fn new(fix: FixId, params: Params) -> Fix {
        let action = Action::for_fix(fix, &params);
        Fix {
            fix,
            params,
            title: String::new(),
            steps: Vec::new(),
            action,
        }
    }
}

/// Language-free details a finding's or a fix's text is built from. Every field is optional;
/// the locale strings name them as `{service}`, `{host}`, `{status}`, …
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Params {
    /// The service's display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// A host involved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// An HTTP status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// A code (WebSocket close code, service error code, browser error name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Seconds to wait.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds: Option<u64>,
    /// A URL (status page, incident).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// An incident's or maintenance's title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incident: Option<String>,
    /// An extension's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension_id: Option<String>,
    /// An extension's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    /// The kind of blocker, for per-blocker steps (`ublock`, `adblock`, `ghostery`, `brave`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocker: Option<String>,
    /// Origins whose site data a fix clears.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub origins: Vec<String>,
    /// Extension ids a bisect may toggle.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suspects: Vec<String>,
    /// A clock offset, in whole seconds (signed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset_seconds: Option<i64>,
    /// How many (requests, drops): texts pick their `_one` form for 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// When a limit resets (ms since the Unix epoch), as the service said it. Texts say it as a
    /// clock time (`{time}`): the front ends in the reader's zone, relative to their own now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reset_at: Option<f64>,
}

impl Params {
    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        *self == Params::default()
    }

    /// The value a `{name}` placeholder stands for.
    pub fn get(&self, name: &str) -> Option<String> {
        match name {
            "service" => self.service.clone(),
            "host" => self.host.clone(),
            "status" => self.status.map(|s| s.to_string()),
            "code" => self.code.clone(),
            "seconds" => self.seconds.map(|s| s.to_string()),
            "minutes" => self.seconds.map(|s| s.div_ceil(60).to_string()),
            "url" => self.url.clone(),
            "incident" => self.incident.clone(),
            "extension" => self.extension.clone(),
            "extensionId" => self.extension_id.clone(),
            "blocker" => self.blocker.clone(),
            "origins" => (!self.origins.is_empty()).then(|| self.origins.join(", ")),
            "offset" => self.offset_seconds.map(|s| s.unsigned_abs().to_string()),
            "count" => self.count.map(|n| n.to_string()),
            _ => None,
        }
    }
}

/// From how many seconds a wait is long: said in minutes or as a clock time, with no countdown.
pub const LONG_WAIT_SECONDS: u64 = 120;

/// How many fixes a finding shows at first: its best and at most two more.
pub const PRIMARY_FIXES: usize = 3;

/// How many of a finding's fixes to show at first: the best and at most two more (for `unknown`,
/// its three most useful, which its list puts first).
pub fn primary_fixes(finding: &Finding) -> usize {
    finding.fixes.len().min(PRIMARY_FIXES)
}

/// Something the extension can do on a click. Tagged by `type` for the JS side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Action {
    /// Reload the chat tab bypassing the cache.
    HardReload,
    /// Open a URL in a new tab.
    #[serde(rename_all = "camelCase")]
    OpenUrl {
        /// The URL.
        url: String,
    },
    /// Clear cookies (and, with `cache`, cache and site data) for the origins, then reload.
    #[serde(rename_all = "camelCase")]
    ClearSiteData {
        /// The origins.
        origins: Vec<String>,
        /// Whether to clear cache and storage too.
        cache: bool,
    },
    /// Disable an extension (Chrome; Firefox shows steps instead).
    #[serde(rename_all = "camelCase")]
    DisableExtension {
        /// The extension's id.
        id: String,
        /// Its name, for the confirmation.
        name: String,
    },
    /// Find which of the suspects breaks chat by disabling halves (Chrome).
    #[serde(rename_all = "camelCase")]
    BisectExtensions {
        /// The extension ids to try.
        ids: Vec<String>,
    },
    /// Count down, then retry.
    #[serde(rename_all = "camelCase")]
    Countdown {
        /// Seconds to wait.
        seconds: u64,
    },
    /// Copy the redacted support report.
    CopySupportReport,
}

impl Action {
    /// The action a fix carries, if the extension can perform it.
    pub fn for_fix(fix: FixId, p: &Params) -> Option<Action> {
        match fix {
            FixId::HardReload => Some(Action::HardReload),
            FixId::CheckStatusPage => p.url.clone().map(|url| Action::OpenUrl { url }),
            FixId::ClearSiteCookies if !p.origins.is_empty() => Some(Action::ClearSiteData {
                origins: p.origins.clone(),
                cache: false,
            }),
            FixId::ClearSiteCache if !p.origins.is_empty() => Some(Action::ClearSiteData {
                origins: p.origins.clone(),
                cache: true,
            }),
            FixId::DisableExtension => match (&p.extension_id, &p.extension) {
                (Some(id), name) => Some(Action::DisableExtension {
                    id: id.clone(),
                    name: name.clone().unwrap_or_else(|| id.clone()),
                }),
                (None, _) if p.suspects.len() > 1 => Some(Action::BisectExtensions {
                    ids: p.suspects.clone(),
                }),
                _ => None,
            },
            // A countdown only for a short wait; a long one is said as a clock time.
            FixId::RetryAfter => p
                .seconds
                .filter(|&s| s < LONG_WAIT_SECONDS)
                .map(|seconds| Action::Countdown { seconds }),
            FixId::ContactSupport => Some(Action::CopySupportReport),
            _ => None,
        }
    }
}
