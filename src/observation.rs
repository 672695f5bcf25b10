//! What was observed: the engine's input, with browser strings parsed into enums at the edge.
//!
//! Observations arrive as JSON objects tagged by `kind` (camelCase fields, times in milliseconds
//! since the Unix epoch). Browser vocabulary (Chromium `net::ERR_*`, Firefox `NS_ERROR_*`, status
//! page values) is parsed once, on deserialization, into enums; unknown strings are kept verbatim
//! in an `Other` variant rather than dropped, and serialize back to what the browser said.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalog::ServiceId;

/// The longest body excerpt kept on an observation, in bytes (2 KiB: enough for any API error body).
pub const MAX_BODY_EXCERPT: usize = 2048;

/// The longest free text (messages, reasons, details) kept on an observation, in bytes.
pub const MAX_TEXT: usize = 4096;

/// The longest URL kept on an observation, in bytes.
pub const MAX_URL: usize = 2048;

/// One thing that was observed in the browser, the HAR file or the help page.
///
/// Serialized with its `kind` as a tag beside the fields; read by `Fields` (see there why not
/// by serde's tagged-enum derive).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Observation {
    /// A finished request with its status.
    Http(HttpObservation),
    /// A request that never got a response.
    NetError(NetErrorObservation),
    /// A streamed response that broke after it had started.
    StreamAbort(StreamAbortObservation),
    /// A WebSocket that closed (or never opened).
    WsClose(WsCloseObservation),
    /// An error text the chat page showed to the user.
    PageMessage(PageMessageObservation),
    /// The installed extensions.
    Extensions(ExtensionsObservation),
    /// A service's status page.
    Status(StatusObservation),
    /// Facts about the browser and its surroundings.
    Environment(EnvironmentObservation),
    /// The result of one help-page check.
    Probe(ProbeObservation),
}

impl Observation {
    /// When it happened (ms since the epoch), where known.
    pub fn time(&self) -> Option<f64> {
        match self {
            Observation::Http(o) => o.end.or(o.start),
            Observation::NetError(o) => o.time,
            Observation::StreamAbort(o) => o.time,
            Observation::WsClose(o) => o.time,
            Observation::PageMessage(o) => o.time,
            Observation::Extensions(o) => o.time,
            Observation::Status(o) => o.time,
            Observation::Environment(o) => o.time,
            Observation::Probe(o) => o.time,
        }
    }

    /// The URL the observation is about, where it has one.
    pub fn url(&self) -> Option<&str> {
        match self {
            Observation::Http(o) => Some(&o.url),
            Observation::NetError(o) => Some(&o.url),
            Observation::StreamAbort(o) => Some(&o.url),
            Observation::WsClose(o) => Some(&o.url),
            Observation::PageMessage(o) => o.url.as_deref(),
            Observation::Probe(o) => o.target.as_deref(),
            _ => None,
        }
    }

    /// Cuts every free-text field to its bound, so that a hostile or huge input cannot make the
    /// engine hold or print more than it needs. Idempotent.
    pub fn bound(&mut self) {
        match self {
            Observation::Http(o) => {
                truncate(&mut o.url, MAX_URL);
                truncate(&mut o.method, 16);
                if let Some(b) = o.body.as_mut() {
                    truncate(b, MAX_BODY_EXCERPT);
                }
                if let Some(b) = o.stream_tail.as_mut() {
                    truncate(b, MAX_BODY_EXCERPT);
                }
                o.headers
                    .retain(|k, _| k.len() <= crate::message::MAX_HEADER_NAME);
                for v in o.headers.values_mut() {
                    truncate(v, 512);
                }
            }
            Observation::NetError(o) => {
                truncate(&mut o.url, MAX_URL);
                truncate(&mut o.method, 16);
                o.error.bound();
            }
            Observation::StreamAbort(o) => {
                truncate(&mut o.url, MAX_URL);
                truncate(&mut o.error, MAX_TEXT);
            }
            Observation::WsClose(o) => {
                truncate(&mut o.url, MAX_URL);
                truncate(&mut o.reason, 256);
            }
            Observation::PageMessage(o) => {
                truncate(&mut o.text, MAX_TEXT);
                if let Some(u) = o.url.as_mut() {
                    truncate(u, MAX_URL);
                }
            }
            Observation::Extensions(o) => {
                o.extensions.truncate(1000);
                for e in &mut o.extensions {
                    truncate(&mut e.id, 128);
                    truncate(&mut e.name, 256);
                    e.permissions.truncate(200);
                    e.host_permissions.truncate(200);
                }
            }
            Observation::Status(o) => {
                o.components.truncate(200);
                o.incidents.truncate(50);
                o.maintenances.truncate(50);
                for i in o.incidents.iter_mut().chain(o.maintenances.iter_mut()) {
                    truncate(&mut i.name, 512);
                }
            }
            Observation::Environment(o) => {
                if let Some(ua) = o.user_agent.as_mut() {
                    truncate(ua, 512);
                }
            }
            Observation::Probe(o) => {
                truncate(&mut o.name, 64);
                if let Some(d) = o.detail.as_mut() {
                    truncate(d, MAX_TEXT);
                }
            }
        }
    }
}

/// Cuts `s` to at most `max` bytes on a character boundary.
pub fn truncate(s: &mut String, max: usize) {
    if s.len() > max {
        let mut cut = max;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
}

/// A finished request (`kind: "http"`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct HttpObservation {
    /// The request URL.
    pub url: String,
    /// The HTTP method, upper case.
    pub method: String,
    /// The HTTP status; 0 where the browser reported none.
    pub status: u16,
    /// Selected response headers, names lower case (see [`KEPT_HEADERS`]).
    pub headers: BTreeMap<String, String>,
    /// The start of the response body, for error responses (≤ 2 KiB, redacted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The end of a streamed (SSE) body, where errors inside a 200 stream show (≤ 2 KiB).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream_tail: Option<String>,
    /// The request body's size in bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_body_size: Option<u64>,
    /// What kind of resource it was, as the browser names it (`script`, `xmlhttprequest`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// When the request started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<f64>,
    /// When the response ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<f64>,
}

impl HttpObservation {
    /// A response header by its lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

/// The response headers the rules read; nothing else is kept from a HAR or from `webRequest`.
pub const KEPT_HEADERS: &[&str] = &[
    "retry-after",
    "content-type",
    "server",
    "cf-ray",
    "cf-mitigated",
    "cf-error-type",
    "x-request-id",
    "request-id",
    "location",
    "content-length",
    "date",
];

/// Header name prefixes the rules read (rate-limit families).
pub const KEPT_HEADER_PREFIXES: &[&str] = &["x-ratelimit-", "anthropic-ratelimit-"];

/// Whether a response header (any case) is one the rules read.
pub fn is_kept_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    KEPT_HEADERS.contains(&lower.as_str())
        || KEPT_HEADER_PREFIXES.iter().any(|p| lower.starts_with(p))
}

/// A request that never got a response (`kind: "netError"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetErrorObservation {
    /// The request URL.
    pub url: String,
    /// The HTTP method.
    #[serde(default)]
    pub method: String,
    /// The browser's error string, parsed.
    pub error: BrowserError,
    /// What kind of resource it was, as the browser names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// When it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<f64>,
}

/// A streamed response that broke after it had started (`kind: "streamAbort"`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StreamAbortObservation {
    /// The request URL.
    pub url: String,
    /// Bytes of the body received before it broke.
    pub bytes_received: u64,
    /// Milliseconds from the request's start to the break.
    pub ms_since_start: f64,
    /// The error text the read failed with (`TypeError: network error`, …).
    pub error: String,
    /// When it broke.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<f64>,
}

/// A WebSocket that closed (`kind: "wsClose"`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WsCloseObservation {
    /// The socket URL.
    pub url: String,
    /// The close code (1006 for most failures).
    pub code: u16,
    /// The close reason.
    pub reason: String,
    /// Whether the close handshake completed.
    pub was_clean: bool,
    /// Whether the socket ever opened.
    pub opened: bool,
    /// How long it was open, in ms.
    pub ms_open: f64,
    /// How long before the close the last message arrived, in ms; None when none came. A
    /// socket that was receiving when it dropped was carrying a reply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ms_since_message: Option<f64>,
    /// When it closed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<f64>,
}

/// An error text the chat page showed (`kind: "pageMessage"`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PageMessageObservation {
    /// The text, as shown.
    pub text: String,
    /// The page it was shown on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When it was shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<f64>,
}

/// The installed extensions (`kind: "extensions"`), chatmedic itself excluded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ExtensionsObservation {
    /// The extensions.
    pub extensions: Vec<ExtensionInfo>,
    /// When they were listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<f64>,
}

/// One installed extension, as `management.getAll` describes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ExtensionInfo {
    /// The extension id (Chrome Web Store id or Firefox add-on id).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Whether it is enabled.
    pub enabled: bool,
    /// `extension`, `theme`, `hosted_app`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// API permissions.
    pub permissions: Vec<String>,
    /// Host permissions.
    pub host_permissions: Vec<String>,
    /// `normal`, `admin`, `development`, `sideload`, `other`.
    pub install_type: String,
}

/// A service's status page (`kind: "status"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusObservation {
    /// The service the page is for.
    pub service: ServiceId,
    /// The overall indicator.
    pub indicator: StatusIndicator,
    /// Components that are not operational.
    #[serde(default)]
    pub components: Vec<ComponentStatus>,
    /// Active incidents.
    #[serde(default)]
    pub incidents: Vec<StatusEvent>,
    /// Active or upcoming maintenances.
    #[serde(default)]
    pub maintenances: Vec<StatusEvent>,
    /// The status page's human URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_url: Option<String>,
    /// When it was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<f64>,
}

/// A status page's overall state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusIndicator {
    /// All systems operational.
    None,
    /// Minor degradation.
    Minor,
    /// Major outage.
    Major,
    /// Critical outage.
    Critical,
    /// Maintenance under way.
    Maintenance,
    /// The status page could not be read: this says nothing about the service.
    Unreachable,
}

/// One component's state on a status page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComponentStatus {
    /// The component's name.
    pub name: String,
    /// Its state.
    pub status: ComponentState,
}

/// A component's state, in Atlassian and incident.io vocabulary alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentState {
    /// Working.
    Operational,
    /// Slow or erroring sometimes.
    DegradedPerformance,
    /// Partly down.
    PartialOutage,
    /// Down (`major_outage` and incident.io's `full_outage`).
    #[serde(alias = "full_outage")]
    MajorOutage,
    /// Under maintenance.
    UnderMaintenance,
}

/// An incident or maintenance on a status page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatusEvent {
    /// Its title.
    pub name: String,
    /// Its state (`investigating`, `in_progress`, …).
    pub status: String,
    /// Its impact (`minor`, `major`, `critical`, …).
    pub impact: String,
    /// A link to it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Facts about the browser and its surroundings (`kind: "environment"`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EnvironmentObservation {
    /// `navigator.onLine`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub online: Option<bool>,
    /// The user agent string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// `navigator.cookieEnabled`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cookies_enabled: Option<bool>,
    /// Whether `localStorage` works.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_available: Option<bool>,
    /// Local clock minus a server's `Date`, in ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clock_offset_ms: Option<f64>,
    /// `proxy.settings` level of control (`controlled_by_other_extensions`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy_control: Option<String>,
    /// The extension that controls the proxy setting, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy_extension: Option<String>,
    /// `navigator.connection.effectiveType` or `type`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection_type: Option<String>,
    /// When it was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<f64>,
}

/// The result of one help-page check (`kind: "probe"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProbeObservation {
    /// The check's name (`online`, `reach`, `websocket`, `cookies`, `thirdPartyCookies`,
    /// `clock`, `browserVersion`, `adblock`).
    pub name: String,
    /// Its outcome.
    pub outcome: ProbeOutcome,
    /// What it found, in a few words (an error name, a time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The URL it tested, where it tested one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// When it ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<f64>,
}

/// A check's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProbeOutcome {
    /// Nothing wrong.
    Pass,
    /// Something wrong.
    Problem,
    /// Could not be tested here.
    Untested,
}

/// What a failed request's browser error string means, whichever browser said it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NetErrorKind {
    /// The user, the page or a navigation aborted it: normal.
    Aborted,
    /// An extension (ad blocker, privacy tool) blocked it.
    BlockedByClient,
    /// An enterprise policy blocked it.
    BlockedByAdministrator,
    /// Firefox's tracking protection blocked it.
    BlockedByTrackingProtection,
    /// The response was blocked by a header rule (CORP, XFO): a page matter.
    BlockedByResponse,
    /// The host name did not resolve.
    NameNotResolved,
    /// The machine is offline.
    InternetDisconnected,
    /// The network changed under the request (Wi-Fi, VPN switch).
    NetworkChanged,
    /// The connection timed out.
    TimedOut,
    /// The connection was refused.
    ConnectionRefused,
    /// The connection was reset (middlebox, firewall, DPI).
    ConnectionReset,
    /// The connection was closed with nothing received.
    ConnectionClosed,
    /// The server sent nothing.
    EmptyResponse,
    /// A proxy could not be reached or refused the tunnel.
    ProxyFailed,
    /// The certificate was not trusted (interception or captive portal).
    CertificateInvalid,
    /// The certificate's dates did not fit the clock.
    CertificateDateInvalid,
    /// The TLS handshake failed.
    TlsFailed,
    /// HTTP/2 framing broke.
    Http2ProtocolError,
    /// QUIC broke (UDP/443 interference).
    QuicProtocolError,
    /// A chunked body was cut short.
    IncompleteChunkedEncoding,
    /// Firefox's parsed-script cache reports a false error: ignore.
    FalseAlarm,
    /// A string this version does not know.
    Other,
}

impl NetErrorKind {
    /// Parses a browser error string: Chromium `net::ERR_*` (with or without the prefix),
    /// Firefox `NS_ERROR_*`/`NS_BINDING_*`, and Firefox's localized NSS certificate texts.
    pub fn parse(raw: &str) -> NetErrorKind {
        use NetErrorKind::*;
        let s = raw.trim();
        let s = s.strip_prefix("net::").unwrap_or(s);
        let upper = s.to_ascii_uppercase();
        match upper.as_str() {
            "ERR_ABORTED" | "NS_BINDING_ABORTED" | "NS_ERROR_ABORT_BY_USER" => return Aborted,
            "ERR_BLOCKED_BY_CLIENT" | "NS_ERROR_ABORT" | "ERR_BLOCKED_BY_EXTENSION" => {
                return BlockedByClient
            }
            "ERR_BLOCKED_BY_ADMINISTRATOR" | "NS_ERROR_BLOCKED_BY_POLICY" => {
                return BlockedByAdministrator
            }
            "NS_ERROR_TRACKING_URI"
            | "NS_ERROR_FINGERPRINTING"
            | "NS_ERROR_CRYPTOMINING_URI"
            | "NS_ERROR_SOCIALTRACKING_URI"
            | "NS_ERROR_EMAILTRACKING_URI" => return BlockedByTrackingProtection,
            "NS_ERROR_MALWARE_URI"
            | "NS_ERROR_PHISHING_URI"
            | "NS_ERROR_UNWANTED_URI"
            | "NS_ERROR_BLOCKED_URI"
            | "NS_ERROR_HARMFUL_URI" => return BlockedByAdministrator,
            "ERR_BLOCKED_BY_RESPONSE" | "ERR_BLOCKED_BY_ORB" | "ERR_BLOCKED_BY_CSP" => {
                return BlockedByResponse
            }
            "ERR_NAME_NOT_RESOLVED"
            | "ERR_NAME_RESOLUTION_FAILED"
            | "ERR_DNS_TIMED_OUT"
            | "ERR_DNS_SERVER_FAILED"
            | "ERR_DNS_MALFORMED_RESPONSE"
            | "NS_ERROR_UNKNOWN_HOST" => return NameNotResolved,
            "ERR_INTERNET_DISCONNECTED" | "NS_ERROR_OFFLINE" | "NS_ERROR_NET_ON_RESOLVED" => {
                return InternetDisconnected
            }
            "ERR_NETWORK_CHANGED" | "ERR_ADDRESS_UNREACHABLE" | "ERR_NETWORK_IO_SUSPENDED" => {
                return NetworkChanged
            }
            "ERR_TIMED_OUT" | "ERR_CONNECTION_TIMED_OUT" | "NS_ERROR_NET_TIMEOUT" => {
                return TimedOut
            }
            "ERR_CONNECTION_REFUSED" | "NS_ERROR_CONNECTION_REFUSED" => return ConnectionRefused,
            "ERR_CONNECTION_RESET" | "ERR_CONNECTION_ABORTED" | "NS_ERROR_NET_RESET" => {
                return ConnectionReset
            }
            "ERR_CONNECTION_CLOSED" | "ERR_CONNECTION_FAILED" | "NS_ERROR_NET_INTERRUPT" => {
                return ConnectionClosed
            }
            "ERR_EMPTY_RESPONSE" | "NS_ERROR_NET_EMPTY_RESPONSE" => return EmptyResponse,
            "ERR_PROXY_CONNECTION_FAILED"
            | "ERR_TUNNEL_CONNECTION_FAILED"
            | "ERR_PROXY_AUTH_UNSUPPORTED"
            | "ERR_PROXY_CERTIFICATE_INVALID"
            | "ERR_MANDATORY_PROXY_CONFIGURATION_FAILED"
            | "NS_ERROR_PROXY_CONNECTION_REFUSED"
            | "NS_ERROR_UNKNOWN_PROXY_HOST"
            | "NS_ERROR_PROXY_AUTHENTICATION_FAILED"
            | "NS_ERROR_PROXY_BAD_GATEWAY"
            | "NS_ERROR_PROXY_GATEWAY_TIMEOUT" => return ProxyFailed,
            "ERR_CERT_AUTHORITY_INVALID"
            | "ERR_CERT_COMMON_NAME_INVALID"
            | "ERR_CERT_INVALID"
            | "ERR_CERT_WEAK_SIGNATURE_ALGORITHM"
            | "ERR_CERTIFICATE_TRANSPARENCY_REQUIRED"
            | "ERR_CERT_SYMANTEC_LEGACY"
            | "ERR_CERT_KNOWN_INTERCEPTION_BLOCKED"
            | "ERR_SSL_PINNED_KEY_NOT_IN_CERT_CHAIN" => return CertificateInvalid,
            "ERR_CERT_DATE_INVALID" => return CertificateDateInvalid,
            "ERR_SSL_PROTOCOL_ERROR"
            | "ERR_SSL_VERSION_OR_CIPHER_MISMATCH"
            | "ERR_BAD_SSL_CLIENT_AUTH_CERT"
            | "ERR_SSL_BAD_RECORD_MAC_ALERT"
            | "NS_ERROR_NET_INADEQUATE_SECURITY" => return TlsFailed,
            "ERR_HTTP2_PROTOCOL_ERROR"
            | "ERR_HTTP2_PING_FAILED"
            | "ERR_HTTP2_SERVER_REFUSED_STREAM"
            | "ERR_HTTP2_STREAM_ERROR" => return Http2ProtocolError,
            "ERR_QUIC_PROTOCOL_ERROR" | "ERR_QUIC_HANDSHAKE_FAILED" => return QuicProtocolError,
            "ERR_INCOMPLETE_CHUNKED_ENCODING"
            | "ERR_CONTENT_LENGTH_MISMATCH"
            | "NS_ERROR_NET_PARTIAL_TRANSFER" => return IncompleteChunkedEncoding,
            "NS_ERROR_PARSED_DATA_CACHED" => return FalseAlarm,
            _ => {}
        }
        // Chromium's DNS errors sit in the 800 range and all start ERR_DNS_.
        // Chrome's error page names DNS failures DNS_PROBE_FINISHED_NXDOMAIN and the like.
        if upper.starts_with("ERR_DNS_") || upper.starts_with("DNS_PROBE_") {
            return NameNotResolved;
        }
        if upper.starts_with("ERR_CERT_") {
            return CertificateInvalid;
        }
        if upper.starts_with("ERR_SSL_") {
            return TlsFailed;
        }
        if upper.starts_with("ERR_PROXY_") {
            return ProxyFailed;
        }
        // Firefox gives NSS's localized message, not a code, for certificate errors; the codes
        // still appear in some builds' texts (SEC_ERROR_UNKNOWN_ISSUER, MOZILLA_PKIX_ERROR_*).
        let lower = s.to_ascii_lowercase();
        if lower.contains("sec_error_expired")
            || lower.contains("not_yet_valid")
            || lower.contains("certificate has expired")
            || lower.contains("certificate is not yet valid")
        {
            return CertificateDateInvalid;
        }
        if lower.contains("sec_error_")
            || lower.contains("mozilla_pkix_error")
            || lower.contains("certificate")
            || lower.contains("issuer")
        {
            return CertificateInvalid;
        }
        if lower.contains("ssl_error_") {
            return TlsFailed;
        }
        Other
    }
}

/// A browser's error string, parsed once; serializes back to what the browser said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserError {
    /// What it means.
    pub kind: NetErrorKind,
    /// What the browser said, verbatim (bounded).
    pub raw: String,
}

impl BrowserError {
    /// Cuts the raw string to a sane length.
    fn bound(&mut self) {
        truncate(&mut self.raw, 256);
    }
}

impl FromStr for BrowserError {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(BrowserError {
            kind: NetErrorKind::parse(s),
            raw: s.to_owned(),
        })
    }
}

impl From<&str> for BrowserError {
    fn from(s: &str) -> Self {
        BrowserError {
            kind: NetErrorKind::parse(s),
            raw: s.to_owned(),
        }
    }
}

impl fmt::Display for BrowserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl Serialize for BrowserError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for BrowserError {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Ok(BrowserError::from(raw.as_str()))
    }
}

/// Why observations given as JSON could not be read. serde's own words say what is wrong, with
/// any quoted input value taken out (it may be a secret).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ObservationsError {
    /// The text is not a JSON array of objects.
    #[error("observations: not a JSON array of objects (line {line}, column {column}): {problem}")]
    NotAnArray {
        /// The line of the text where reading stopped (1-based).
        line: usize,
        /// The column of that line (1-based).
        column: usize,
        /// What serde found wrong.
        problem: String,
    },
    /// Entry `index` of the array is not an observation.
    #[error("observation {index}: {problem}")]
    NotAnObservation {
        /// The entry's index in the array (0-based).
        index: usize,
        /// What serde found wrong.
        problem: String,
    },
}

/// Where a stored observation came from: the extension's merge pairs a page's report of a
/// response with the browser's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Source {
    /// `webRequest`.
    WebRequest,
    /// The page hook or the page-message watcher.
    Page,
    /// Both, for one response.
    Merged,
    /// The popup's "run checks".
    Checks,
}

/// An observation as the extension stores it for a tab: the observation's own fields, and where
/// it came from beside them (`_src`, `_run`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stored {
    /// What was observed.
    #[serde(flatten)]
    pub observation: Observation,
    /// Where it came from.
    #[serde(rename = "_src", skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// The "run checks" click it belongs to.
    #[serde(rename = "_run", skip_serializing_if = "Option::is_none")]
    pub run: Option<String>,
}

/// Every field of every kind of observation (and of a stored one), read in one pass; the `kind`
/// then says which of them make the observation. Serde's derive for a tagged enum would buffer
/// every object into a generic tree first and read each kind from that, code which was a sixth
/// of the extension's wasm module. A field another kind has is ignored, as an unknown one is.
#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Fields {
    kind: Option<String>,
    url: Option<String>,
    method: Option<String>,
    status: Option<u16>,
    headers: Option<BTreeMap<String, String>>,
    body: Option<String>,
    stream_tail: Option<String>,
    request_body_size: Option<u64>,
    resource_type: Option<String>,
    start: Option<f64>,
    end: Option<f64>,
    time: Option<f64>,
    error: Option<String>,
    bytes_received: Option<u64>,
    ms_since_start: Option<f64>,
    code: Option<u16>,
    reason: Option<String>,
    was_clean: Option<bool>,
    opened: Option<bool>,
    ms_open: Option<f64>,
    ms_since_message: Option<f64>,
    text: Option<String>,
    extensions: Option<Vec<ExtensionInfo>>,
    service: Option<ServiceId>,
    indicator: Option<StatusIndicator>,
    components: Option<Vec<ComponentStatus>>,
    incidents: Option<Vec<StatusEvent>>,
    maintenances: Option<Vec<StatusEvent>>,
    page_url: Option<String>,
    online: Option<bool>,
    user_agent: Option<String>,
    cookies_enabled: Option<bool>,
    storage_available: Option<bool>,
    clock_offset_ms: Option<f64>,
    proxy_control: Option<String>,
    proxy_extension: Option<String>,
    connection_type: Option<String>,
    name: Option<String>,
    outcome: Option<ProbeOutcome>,
    detail: Option<String>,
    target: Option<String>,
    #[serde(rename = "_src")]
    src: Option<Source>,
    #[serde(rename = "_run")]
    run: Option<String>,
}

/// The observation kinds, as `kind` names them.
pub const KINDS: &[&str] = &[
    "http",
    "netError",
    "streamAbort",
    "wsClose",
    "pageMessage",
    "extensions",
    "status",
    "environment",
    "probe",
];

impl Fields {
    /// The observation the fields make, or what is missing or unknown.
    fn observation(self) -> Result<Observation, String> {
        fn need<T>(v: Option<T>, field: &str) -> Result<T, String> {
            v.ok_or_else(|| format!("missing field `{field}`"))
        }
        let kind = need(self.kind, "kind")?;
        Ok(match kind.as_str() {
            "http" => Observation::Http(HttpObservation {
                url: self.url.unwrap_or_default(),
                method: self.method.unwrap_or_default(),
                status: self.status.unwrap_or_default(),
                headers: self.headers.unwrap_or_default(),
                body: self.body,
                stream_tail: self.stream_tail,
                request_body_size: self.request_body_size,
                resource_type: self.resource_type,
                start: self.start,
                end: self.end,
            }),
            "netError" => Observation::NetError(NetErrorObservation {
                url: need(self.url, "url")?,
                method: self.method.unwrap_or_default(),
                error: BrowserError::from(need(self.error, "error")?.as_str()),
                resource_type: self.resource_type,
                time: self.time,
            }),
            "streamAbort" => Observation::StreamAbort(StreamAbortObservation {
                url: self.url.unwrap_or_default(),
                bytes_received: self.bytes_received.unwrap_or_default(),
                ms_since_start: self.ms_since_start.unwrap_or_default(),
                error: self.error.unwrap_or_default(),
                time: self.time,
            }),
            "wsClose" => Observation::WsClose(WsCloseObservation {
                url: self.url.unwrap_or_default(),
                code: self.code.unwrap_or_default(),
                reason: self.reason.unwrap_or_default(),
                was_clean: self.was_clean.unwrap_or_default(),
                opened: self.opened.unwrap_or_default(),
                ms_open: self.ms_open.unwrap_or_default(),
                ms_since_message: self.ms_since_message,
                time: self.time,
            }),
            "pageMessage" => Observation::PageMessage(PageMessageObservation {
                text: self.text.unwrap_or_default(),
                url: self.url,
                time: self.time,
            }),
            "extensions" => Observation::Extensions(ExtensionsObservation {
                extensions: self.extensions.unwrap_or_default(),
                time: self.time,
            }),
            "status" => Observation::Status(StatusObservation {
                service: need(self.service, "service")?,
                indicator: need(self.indicator, "indicator")?,
                components: self.components.unwrap_or_default(),
                incidents: self.incidents.unwrap_or_default(),
                maintenances: self.maintenances.unwrap_or_default(),
                page_url: self.page_url,
                time: self.time,
            }),
            "environment" => Observation::Environment(EnvironmentObservation {
                online: self.online,
                user_agent: self.user_agent,
                cookies_enabled: self.cookies_enabled,
                storage_available: self.storage_available,
                clock_offset_ms: self.clock_offset_ms,
                proxy_control: self.proxy_control,
                proxy_extension: self.proxy_extension,
                connection_type: self.connection_type,
                time: self.time,
            }),
            "probe" => Observation::Probe(ProbeObservation {
                name: need(self.name, "name")?,
                outcome: need(self.outcome, "outcome")?,
                detail: self.detail,
                target: self.target,
                time: self.time,
            }),
            other => {
                return Err(format!(
                    "unknown variant `{other}`, expected one of {}",
                    KINDS.join(", ")
                ))
            }
        })
    }
}

impl<'de> Deserialize<'de> for Observation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Fields::deserialize(d)?
            .observation()
            .map_err(serde::de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Stored {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut fields = Fields::deserialize(d)?;
        let (source, run) = (fields.src.take(), fields.run.take());
        Ok(Stored {
            observation: fields.observation().map_err(serde::de::Error::custom)?,
            source,
            run,
        })
    }
}

/// Reads a JSON array of observations, bounding every field. Errors name the entry at fault.
pub fn parse_observations(json: &str) -> Result<Vec<Observation>, ObservationsError> {
    let values: Vec<serde_json::Value> =
        serde_json::from_str(json).map_err(|e| ObservationsError::NotAnArray {
            line: e.line(),
            column: e.column(),
            problem: crate::redact::without_input_values(&e.to_string()),
        })?;
    values
        .into_iter()
        .enumerate()
        .map(|(index, v)| {
            let mut o: Observation = serde_json::from_value(v).map_err(|e| {
                // serde quotes the offending value, which may be a secret.
                ObservationsError::NotAnObservation {
                    index,
                    problem: crate::redact::without_input_values(&e.to_string()),
                }
            })?;
            o.bound();
            Ok(o)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chromium_and_firefox_names_meet() {
        assert_eq!(
            NetErrorKind::parse("net::ERR_BLOCKED_BY_CLIENT"),
            NetErrorKind::parse("NS_ERROR_ABORT")
        );
        assert_eq!(
            NetErrorKind::parse("net::ERR_NAME_NOT_RESOLVED"),
            NetErrorKind::parse("NS_ERROR_UNKNOWN_HOST")
        );
        assert_eq!(
            NetErrorKind::parse("net::ERR_INTERNET_DISCONNECTED"),
            NetErrorKind::parse("NS_ERROR_OFFLINE")
        );
        assert_eq!(
            NetErrorKind::parse("net::ERR_ABORTED"),
            NetErrorKind::parse("NS_BINDING_ABORTED")
        );
        assert_eq!(
            NetErrorKind::parse("net::ERR_PROXY_CONNECTION_FAILED"),
            NetErrorKind::parse("NS_ERROR_PROXY_CONNECTION_REFUSED")
        );
        assert_eq!(
            NetErrorKind::parse("net::ERR_CERT_AUTHORITY_INVALID"),
            NetErrorKind::parse("Peer’s Certificate issuer is not recognized.")
        );
        assert_eq!(
            NetErrorKind::parse("net::ERR_DNS_NO_MATCHING_SUPPORTED_ALPN"),
            NetErrorKind::NameNotResolved
        );
    }

    #[test]
    fn unknown_strings_are_kept() {
        let e: BrowserError = serde_json::from_str("\"net::ERR_SOMETHING_NEW\"").unwrap();
        assert_eq!(e.kind, NetErrorKind::Other);
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            "\"net::ERR_SOMETHING_NEW\""
        );
    }

    #[test]
    fn observations_round_trip() {
        let json = r#"[{"kind":"http","url":"https://chatgpt.com/backend-api/f/conversation","method":"POST","status":500,"headers":{"server":"cloudflare"}},
            {"kind":"netError","url":"https://cdn.oaistatic.com/a.js","error":"net::ERR_BLOCKED_BY_CLIENT"},
            {"kind":"wsClose","url":"wss://copilot.microsoft.com/c/api/chat","code":1006,"opened":false},
            {"kind":"status","service":"claude","indicator":"major","components":[{"name":"claude.ai","status":"full_outage"}]}]"#;
        let obs = parse_observations(json).unwrap();
        assert_eq!(obs.len(), 4);
        let back = serde_json::to_string(&obs).unwrap();
        let again = parse_observations(&back).unwrap();
        assert_eq!(obs, again);
    }

    #[test]
    fn bad_observation_names_its_index() {
        let err = parse_observations(r#"[{"kind":"http","url":"x"},{"kind":"nope"}]"#).unwrap_err();
        assert!(
            matches!(err, ObservationsError::NotAnObservation { index: 1, .. }),
            "{err:?}"
        );
        assert!(err.to_string().starts_with("observation 1: "), "{err}");
        let err = parse_observations("{\"kind\":\"http\"}").unwrap_err();
        assert!(
            matches!(err, ObservationsError::NotAnArray { line: 1, .. }),
            "{err:?}"
        );
        assert!(
            err.to_string()
                .starts_with("observations: not a JSON array"),
            "{err}"
        );
    }

    #[test]
    fn bound_cuts_on_char_boundary() {
        let mut o = Observation::PageMessage(PageMessageObservation {
            text: "é".repeat(MAX_TEXT),
            ..Default::default()
        });
        o.bound();
        if let Observation::PageMessage(p) = o {
            assert!(p.text.len() <= MAX_TEXT);
        }
    }
}
