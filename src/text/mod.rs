//! Classifies a pasted or page-shown error message (en, de, ja and more) into observations and hints.
//!
//! Two readings of one text. [`classify`] says which causes its words point at: phrase tables per
//! language (verbatim service, SDK and API strings, the browsers' own error pages and Cloudflare's
//! pages in each language, and how people retell them), plus what a status code, a browser error
//! name or a WebSocket close code in it means. [`observations_from_text`] turns the structure in
//! the text (an HTTP status line, an API error JSON, `net::ERR_*` names, a close code, a cf-ray
//! id, a retry delay) into the observations the rules read, so a pasted message is diagnosed like
//! a recorded one.
//!
//! The text is normalized once (lower case, straight quotes, collapsed whitespace, full-width
//! ASCII folded, no spaces next to Japanese), and only a bounded head and tail of a huge paste is
//! read. Matching is plain substring search: the tables are a few hundred short phrases.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::catalog::{ServiceId, SERVICES};
use crate::cause::Cause;
use crate::observation::{
    is_kept_header, truncate, BrowserError, HttpObservation, NetErrorKind, NetErrorObservation,
    Observation, PageMessageObservation, WsCloseObservation, MAX_BODY_EXCERPT, MAX_TEXT,
};
use crate::report::Params;

/// What a piece of text says about a cause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextHint {
    /// The cause the text points at.
    pub cause: Cause,
    /// How strongly (0.0 to 1.0).
    pub confidence: f64,
    /// The service the text names or implies, if any.
    pub service: Option<ServiceId>,
    /// Details read from the text (status, code, seconds, …).
    pub params: Params,
}

/// Reads what a message says: the causes it points at, strongest first, one hint per cause.
pub fn classify(text: &str) -> Vec<TextHint> {
    Reading::new(text).hints()
}

/// Turns a pasted text into observations: always a `pageMessage` with the text (redacted and
/// bounded), plus what can be read from it structurally: an `http` observation when it carries
/// an HTTP status (with the API error JSON as body, `cf-ray` and `retry-after` headers), a
/// `netError` per browser error name, a `wsClose` for a WebSocket close code. Their URL is the
/// named service's chat endpoint ([`chat_url`]), or empty when no service is named.
pub fn observations_from_text(text: &str) -> Vec<Observation> {
    let r = Reading::new(text);
    let url = r.service.map_or("", chat_url);
    let method = if url.is_empty() { "" } else { "POST" };
    let mut out = vec![Observation::PageMessage(PageMessageObservation {
        text: page_text(text),
        ..Default::default()
    })];
    if let Some(status) = r.status {
        let body = match &r.json {
            Some(j) => Some(crate::redact::redact(&j.raw).into_owned()),
            // Without JSON the message itself is what the server said: the rules then read the
            // same words the page rule reads (a challenge page, "maintenance").
            None => Some(page_text(text)),
        };
        out.push(Observation::Http(HttpObservation {
            url: url.to_owned(),
            method: method.to_owned(),
            status,
            headers: r.headers.clone(),
            body,
            ..Default::default()
        }));
    }
    for (raw, kind) in &r.net_errors {
        out.push(Observation::NetError(NetErrorObservation {
            url: url.to_owned(),
            method: method.to_owned(),
            error: BrowserError {
                kind: *kind,
                raw: raw.clone(),
            },
            resource_type: None,
            time: None,
        }));
    }
    if let Some((code, opened)) = r.ws_close {
        out.push(Observation::WsClose(WsCloseObservation {
            url: r.service.map(ws_url).unwrap_or_default(),
            code,
            reason: String::new(),
            was_clean: false,
            opened,
            ms_open: 0.0,
            // A pasted close code is a drop the person saw break their chat.
            ms_since_message: opened.then_some(0.0),
            time: None,
        }));
    }
    for o in &mut out {
        o.bound();
    }
    out
}

/// The service a text names or implies (a host, a product name, a key prefix, a verbatim
/// message only one service shows, an error JSON's shape).
pub fn service_in_text(text: &str) -> Option<ServiceId> {
    let hay = normalize(window(text).as_ref());
    detect_service(&hay, text)
}

/// The endpoint that carries a chat turn for a service: what a pasted message's request was.
pub fn chat_url(service: ServiceId) -> &'static str {
    service.entry().chat_url
}

/// The WebSocket form of [`chat_url`] (Copilot chats over `wss://…/c/api/chat`).
fn ws_url(service: ServiceId) -> String {
    chat_url(service).replacen("https://", "wss://", 1)
}

/// The most of a paste that is read: a head and a tail (errors sit at the end of logs too).
const SCAN_HEAD: usize = 48 * 1024;
/// See [`SCAN_HEAD`].
const SCAN_TAIL: usize = 16 * 1024;

/// A bounded view of the text: whole when small, else its head and tail.
fn window(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= SCAN_HEAD + SCAN_TAIL {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut head = SCAN_HEAD;
    while !text.is_char_boundary(head) {
        head -= 1;
    }
    let mut tail = text.len() - SCAN_TAIL;
    while !text.is_char_boundary(tail) {
        tail += 1;
    }
    std::borrow::Cow::Owned(format!("{}\n…\n{}", &text[..head], &text[tail..]))
}

/// The page message's text: redacted, and when long, its head and tail within [`MAX_TEXT`].
fn page_text(text: &str) -> String {
    const TAIL: usize = 1024;
    let cut = |s: &str, from_end: bool, max: usize| -> String {
        if s.len() <= max {
            return s.to_owned();
        }
        let mut i = if from_end { s.len() - max } else { max };
        while !s.is_char_boundary(i) {
            i = if from_end { i + 1 } else { i - 1 };
        }
        if from_end {
            s[i..].to_owned()
        } else {
            s[..i].to_owned()
        }
    };
    let trimmed = text.trim();
    // Redact a little more than is kept, so no secret is cut in half before it is recognised.
    let mut out = if trimmed.len() <= MAX_TEXT {
        crate::redact::redact(trimmed).into_owned()
    } else {
        let head = crate::redact::redact(&cut(trimmed, false, MAX_TEXT)).into_owned();
        let tail = crate::redact::redact(&cut(trimmed, true, TAIL + 256)).into_owned();
        let head = cut(&head, false, MAX_TEXT - TAIL - 8);
        format!("{head}\n…\n{}", cut(&tail, true, TAIL))
    };
    truncate(&mut out, MAX_TEXT);
    out
}

/// Whether a character is Japanese (or Chinese) script, where words are not split by spaces.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF)
}

/// Lower case, straight quotes and dashes, one space for any run of whitespace and none next
/// to Japanese, full-width ASCII folded, `…` as `...`. Phrases in the tables are written in this
/// form (a test checks).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut last: Option<char> = None;
    for c in text.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' | '`' => {
                '\''
            }
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
            | '\u{00BB}' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' => continue,
            c => c,
        };
        if c.is_whitespace() {
            pending_space = last.is_some();
            continue;
        }
        if pending_space {
            pending_space = false;
            if !(is_cjk(c) || last.is_some_and(is_cjk)) {
                out.push(' ');
            }
        }
        if c == '\u{2026}' {
            out.push_str("...");
        } else {
            out.extend(c.to_lowercase());
        }
        last = Some(c);
    }
    out
}

/// One phrase: normalized text, the cause it points at, how strongly (a confidence in percent:
/// one byte where an `f64` takes eight, and `85 / 100` is exactly the `f64` `0.85`).
type Phrase = (&'static str, Cause, u8);

use Cause::*;

mod de;
mod en;
mod ja;

use de::DE;
use en::EN;
use ja::JA;

/// Every phrase table, for matching.
const TABLES: &[&[Phrase]] = &[EN, DE, JA];

/// How sure a service's own error string is of its cause, in percent: as sure as the phrase
/// tables' verbatim service strings.
const SERVICE_STRING: u8 = 85;

/// A phrase that matched, with where (its first occurrences).
struct Hit {
    cause: Cause,
    confidence: f64,
    len: usize,
    ranges: Vec<(usize, usize)>,
}

/// Where a hint came from: a weaker source gives way to a stronger one on the same side.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    /// The text's words.
    Phrase,
    /// A status code alone.
    Status,
    /// A browser error name or close code.
    Code,
}

/// Everything read from one text, once.
struct Reading {
    /// The normalized window.
    hay: String,
    service: Option<ServiceId>,
    status: Option<u16>,
    json: Option<Json>,
    headers: std::collections::BTreeMap<String, String>,
    seconds: Option<u64>,
    net_errors: Vec<(String, NetErrorKind)>,
    ws_close: Option<(u16, bool)>,
}

/// An API error JSON object found in the text.
struct Json {
    /// Its text, as pasted.
    raw: String,
    /// `error.code`, `error.type` or the top-level `type`/`code` (not `"error"`).
    code: Option<String>,
    /// A numeric `status` member (Cloudflare's JSON errors).
    status: Option<u16>,
    /// A numeric `retry_after` member.
    retry_after: Option<u64>,
}

impl Reading {
    fn new(text: &str) -> Reading {
        let original = window(text);
        let hay = normalize(&original);
        let json = find_json(&original);
        let status = find_status(&hay).or_else(|| json.as_ref().and_then(|j| j.status));
        let service = detect_service(&hay, &original);
        let mut headers = header_lines(&original);
        if !headers.contains_key("cf-ray") {
            if let Some(ray) = find_cf_ray(&original) {
                headers.insert("cf-ray".into(), ray);
            }
        }
        let seconds = retry_seconds(&hay).or_else(|| json.as_ref().and_then(|j| j.retry_after));
        if let Some(s) = seconds {
            headers
                .entry("retry-after".into())
                .or_insert_with(|| s.to_string());
        }
        let net_errors = find_net_errors(&hay);
        let ws_close = find_ws_close(&hay);
        Reading {
            hay,
            service,
            status,
            json,
            headers,
            seconds,
            net_errors,
            ws_close,
        }
    }

    /// The hints, merged by cause, weaker readings dropped, strongest first.
    fn hints(&self) -> Vec<TextHint> {
        let mut found: Vec<(Cause, f64, Source, Option<String>)> = Vec::new();
        for hit in phrase_hits(&self.hay) {
            found.push((hit.cause, hit.confidence, Source::Phrase, None));
        }
        if let Some((cause, conf)) = self.status.and_then(status_cause) {
            found.push((cause, conf, Source::Status, None));
        }
        for (raw, kind) in &self.net_errors {
            if let Some((cause, conf)) = net_error_cause(*kind) {
                found.push((cause, conf, Source::Code, Some(raw.clone())));
            }
        }
        if let Some((code, opened)) = self.ws_close {
            if let Some((cause, conf)) = ws_cause(code, opened) {
                found.push((cause, conf, Source::Code, Some(code.to_string())));
            }
        }
        let api = self.service.is_some_and(|s| s.entry().api);
        if api {
            // An API has no login session: its 401s and "unauthorized" are about the key.
            for f in &mut found {
                if f.0 == SessionExpired {
                    f.0 = InvalidApiKey;
                }
            }
        }
        // A status code alone gives way to words that say more about the same side
        // ("403" + "Just a moment" is a challenge; "503" + "maintenance" is maintenance).
        let strong_words: Vec<(Cause, f64)> = found
            .iter()
            .filter(|f| f.2 != Source::Status && f.1 >= 0.7)
            .map(|f| (f.0, f.1))
            .collect();
        found.retain(|f| {
            f.2 != Source::Status
                || !strong_words
                    .iter()
                    .any(|(c, _)| *c != f.0 && c.side() == f.0.side())
        });
        // One hint per cause: the strongest reading, its code if it came from one.
        let mut merged: Vec<(Cause, f64, Option<String>)> = Vec::new();
        for (cause, conf, _, code) in found {
            match merged.iter_mut().find(|m| m.0 == cause) {
                Some(m) => {
                    if conf > m.1 {
                        m.1 = conf;
                    }
                    if m.2.is_none() {
                        m.2 = code;
                    }
                }
                None => merged.push((cause, conf, code)),
            }
        }
        let strongest = |c: Cause| merged.iter().find(|m| m.0 == c).map_or(0.0, |m| m.1);
        // Readings that a more specific one explains away.
        let drop: Vec<Cause> = {
            let mut d = Vec::new();
            if strongest(QuotaExhausted) >= 0.8 {
                d.push(RateLimited);
            }
            if strongest(BotChallenge) >= 0.8 {
                d.extend([AccessForbidden, SessionExpired, CookiesDisabled]);
            }
            if strongest(RegionUnsupported) >= 0.8 {
                d.push(AccessForbidden);
            }
            if strongest(InvalidApiKey) >= 0.8 {
                d.push(SessionExpired);
            }
            // "Temporarily unavailable" beside a maintenance notice is the maintenance.
            if strongest(ServiceMaintenance) >= 0.7 && strongest(ServerOverloaded) < 0.7 {
                d.push(ServerOverloaded);
            }
            // Weak instability words are an error page's generic heading ("This site can't be
            // reached") or its advice ("check your network connection"): beside a specific
            // reading they are no evidence of their own.
            let unstable = strongest(NetworkUnstable);
            if unstable > 0.0
                && unstable < 0.5
                && merged
                    .iter()
                    .any(|m| !matches!(m.0, NetworkUnstable | Unknown) && m.1 >= 0.7)
            {
                d.push(NetworkUnstable);
            }
            if merged.iter().any(|m| m.0 != Unknown && m.1 >= 0.45) {
                d.push(Unknown);
            }
            d
        };
        merged.retain(|m| !drop.contains(&m.0));
        merged.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let json_code = self.json.as_ref().and_then(|j| j.code.clone());
        merged
            .into_iter()
            .map(|(cause, confidence, code)| TextHint {
                cause,
                confidence,
                service: self.service,
                params: Params {
                    status: self.status,
                    code: code.or_else(|| json_code.clone()),
                    seconds: self.seconds,
                    ..Params::default()
                },
            })
            .collect()
    }
}

/// The phrases found, without those that only occur inside a longer phrase that also matched
/// ("network error" inside "a network error occurred").
fn phrase_hits(hay: &str) -> Vec<Hit> {
    let mut hits: Vec<Hit> = Vec::new();
    // The services' own error strings, whatever the language around them.
    let own = SERVICES
        .iter()
        .flat_map(|s| s.error_causes)
        .map(|&(pat, cause)| (pat, cause, SERVICE_STRING));
    let tables = TABLES.iter().flat_map(|t| t.iter().copied());
    for (pat, cause, percent) in tables.chain(own) {
        {
            if !hay.contains(pat) {
                continue;
            }
            let ranges: Vec<(usize, usize)> = hay
                .match_indices(pat)
                .take(16)
                .map(|(i, _)| (i, i + pat.len()))
                .collect();
            hits.push(Hit {
                cause,
                confidence: f64::from(percent) / 100.0,
                len: pat.len(),
                ranges,
            });
        }
    }
    let shadowed: Vec<bool> = hits
        .iter()
        .map(|h| {
            h.ranges.iter().all(|&(s, e)| {
                hits.iter()
                    .any(|o| o.len > h.len && o.ranges.iter().any(|&(os, oe)| os <= s && e <= oe))
            })
        })
        .collect();
    hits.into_iter()
        .zip(shadowed)
        .filter(|(_, s)| !s)
        .map(|(h, _)| h)
        .collect()
}

/// What an HTTP status says on its own.
fn status_cause(status: u16) -> Option<(Cause, f64)> {
    Some(match status {
        401 => (SessionExpired, 0.7),
        402 => (QuotaExhausted, 0.75),
        403 => (AccessForbidden, 0.5),
        408 => (NetworkUnstable, 0.5),
        413 => (PromptTooLarge, 0.85),
        429 => (RateLimited, 0.85),
        431 => (OversizedCookies, 0.9),
        451 => (RegionUnsupported, 0.7),
        500 => (ServerError, 0.75),
        501 | 505..=511 => (ServerError, 0.6),
        502 | 504 => (GatewayError, 0.75),
        503 => (ServerOverloaded, 0.65),
        // Cloudflare's own errors: the origin behind it failed.
        520..=527 | 530 => (GatewayError, 0.8),
        529 => (ServerOverloaded, 0.9),
        _ => return None,
    })
}

/// What a browser error name says.
fn net_error_cause(kind: NetErrorKind) -> Option<(Cause, f64)> {
    use NetErrorKind as K;
    Some(match kind {
        K::BlockedByClient => (BlockedByExtension, 0.85),
        K::BlockedByTrackingProtection => (BlockedByExtension, 0.5),
        K::BlockedByAdministrator => (BlockedByNetworkPolicy, 0.85),
        K::NameNotResolved => (DnsFailure, 0.85),
        K::InternetDisconnected => (Offline, 0.9),
        K::NetworkChanged => (NetworkUnstable, 0.8),
        K::ConnectionReset => (NetworkUnstable, 0.7),
        K::TimedOut | K::ConnectionClosed | K::QuicProtocolError => (NetworkUnstable, 0.6),
        K::ConnectionRefused | K::EmptyResponse => (NetworkUnstable, 0.55),
        K::ProxyFailed => (ProxyOrVpn, 0.85),
        K::CertificateInvalid => (TlsInterception, 0.8),
        K::CertificateDateInvalid => (ClockSkew, 0.85),
        K::TlsFailed => (TlsInterception, 0.55),
        K::Http2ProtocolError => (ResponseInterrupted, 0.6),
        K::IncompleteChunkedEncoding => (ResponseInterrupted, 0.7),
        K::Aborted | K::BlockedByResponse | K::FalseAlarm | K::Other => return None,
    })
}

/// What a WebSocket close code says (RFC 6455 and the IANA close-code registry).
fn ws_cause(code: u16, opened: bool) -> Option<(Cause, f64)> {
    Some(match code {
        1006 if opened => (NetworkUnstable, 0.5),
        1006 | 1015 => (WebsocketBlocked, 0.55),
        1008 => (SessionExpired, 0.5),
        1009 => (PromptTooLarge, 0.6),
        1011 | 1012 => (ServerError, 0.55),
        1013 => (ServerOverloaded, 0.6),
        1014 => (GatewayError, 0.55),
        _ => return None,
    })
}

/// Words right before a number that make it an HTTP status.
const STATUS_BEFORE: &[&str] = &[
    "http",
    "http/1.0",
    "http/1.1",
    "http/2",
    "http/3",
    "error",
    "code",
    "status",
    "fehler",
    "returned",
    "responded with",
    "response",
    "エラー",
    "コード",
    "ステータス",
];

/// Words right after a number that make it an HTTP status.
const STATUS_AFTER: &[&str] = &[
    "{",
    "too many requests",
    "internal server error",
    "bad gateway",
    "service unavailable",
    "service temporarily unavailable",
    "gateway time",
    "forbidden",
    "unauthorized",
    "payment required",
    "not found",
    "bad request",
    "request timeout",
    "payload too large",
    "request entity too large",
    "request header",
    "unavailable for legal reasons",
    "a timeout occurred",
    "web server",
    "connection timed out",
    "origin is unreachable",
    "ssl handshake failed",
    "invalid ssl certificate",
    "overloaded",
    "error",
    "fehler",
    "エラー",
];

/// The first HTTP error status (400–599) the text states.
fn find_status(hay: &str) -> Option<u16> {
    let b = hay.as_bytes();
    let trimmed = hay.trim();
    if trimmed.len() == 3 {
        if let Ok(n) = trimmed.parse::<u16>() {
            if (400..600).contains(&n) {
                return Some(n);
            }
        }
    }
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i - start != 3 {
            continue;
        }
        if start > 0
            && (b[start - 1].is_ascii_alphanumeric() || matches!(b[start - 1], b'.' | b'_' | b','))
        {
            continue;
        }
        if let Some(&next) = b.get(i) {
            if next.is_ascii_alphanumeric()
                || next == b'_'
                || (matches!(next, b'.' | b',') && b.get(i + 1).is_some_and(u8::is_ascii_digit))
            {
                continue;
            }
        }
        let Ok(n) = hay[start..i].parse::<u16>() else {
            continue;
        };
        if !(400..600).contains(&n) {
            continue;
        }
        let before =
            hay[..start].trim_end_matches([' ', ':', '#', '"', '\'', '=', '(', '[', '-', '>']);
        let after = hay[i..].trim_start_matches([' ', '-', ':', '(', '"']);
        // A text that starts with the number ("403 Unusual activity…") states a status.
        if before.is_empty()
            || STATUS_BEFORE.iter().any(|k| before.ends_with(k))
            || STATUS_AFTER.iter().any(|k| after.starts_with(k))
        {
            return Some(n);
        }
    }
    None
}

/// Browser error names: Chromium `net::ERR_*`, Firefox `NS_ERROR_*`/`NS_BINDING_*`, NSS codes
/// and Chrome's `DNS_PROBE_*` page codes; known ones, at most eight, each once.
fn find_net_errors(hay: &str) -> Vec<(String, NetErrorKind)> {
    const PREFIXES: &[&str] = &[
        "err_",
        "ns_error_",
        "ns_binding_",
        "sec_error_",
        "ssl_error_",
        "mozilla_pkix_error_",
        "dns_probe_",
    ];
    let b = hay.as_bytes();
    let mut out: Vec<(String, NetErrorKind)> = Vec::new();
    for prefix in PREFIXES {
        for (i, _) in hay.match_indices(prefix) {
            if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') {
                continue;
            }
            let mut e = i + prefix.len();
            while e < b.len() && (b[e].is_ascii_alphanumeric() || b[e] == b'_') {
                e += 1;
            }
            if e - i < prefix.len() + 3 {
                continue;
            }
            let name = hay[i..e].to_ascii_uppercase();
            let (raw, kind) = if *prefix == "dns_probe_" {
                // Chrome's DNS probe found no network at all: offline, not a name lookup.
                let kind = if name.contains("NO_INTERNET") {
                    NetErrorKind::InternetDisconnected
                } else {
                    NetErrorKind::NameNotResolved
                };
                (name, kind)
            } else if *prefix == "err_" {
                let raw = format!("net::{name}");
                let kind = NetErrorKind::parse(&raw);
                (raw, kind)
            } else {
                let kind = NetErrorKind::parse(&name);
                (name, kind)
            };
            if kind != NetErrorKind::Other && !out.iter().any(|(r, _)| *r == raw) {
                out.push((raw, kind));
            }
            if out.len() >= 8 {
                return out;
            }
        }
    }
    out
}

/// A WebSocket close code (1001–1015) the text states, and whether the socket had opened
/// (a close says it had; "failed", "while connecting" say it never did).
fn find_ws_close(hay: &str) -> Option<(u16, bool)> {
    let b = hay.as_bytes();
    let websocket = hay.contains("websocket") || hay.contains("wss://") || hay.contains("ws://");
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i - start != 4
            || (start > 0 && b[start - 1].is_ascii_alphanumeric())
            || b.get(i).is_some_and(u8::is_ascii_alphanumeric)
        {
            continue;
        }
        let Ok(code) = hay[start..i].parse::<u16>() else {
            continue;
        };
        if !(1001..=1015).contains(&code) {
            continue;
        }
        let before = hay[..start].trim_end_matches([' ', ':', '=', '"', '(']);
        // Cloudflare's "Error 1015" is a rate limit, not a close code.
        if before.ends_with("error") || before.ends_with("error code") {
            continue;
        }
        let coded = before.ends_with("code")
            || before.ends_with("close")
            || before.ends_with("closed")
            || before.ends_with("コード");
        if coded || (websocket && before.ends_with("with")) {
            let never = [
                "failed",
                "while connecting",
                "can't establish",
                "could not connect",
                "unable to connect",
                "fehlgeschlagen",
                "失敗",
            ]
            .iter()
            .any(|w| hay.contains(w));
            return Some((code, !never));
        }
    }
    None
}

/// Response headers the rules read, where the text has them as `name: value` lines (copied
/// from DevTools).
fn header_lines(text: &str) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    for line in text.lines().take(400) {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let name = name.trim();
        if name.is_empty() || name.len() > 64 || name.contains(' ') || !is_kept_header(name) {
            continue;
        }
        let mut value = value.trim().to_owned();
        truncate(&mut value, 256);
        if !value.is_empty() && out.len() < 32 {
            out.insert(name.to_ascii_lowercase(), value);
        }
    }
    out
}

/// A cf-ray id: 16 hex digits with a colo suffix (`8830f9abcda18283-TPE`, the suffix ChatGPT's
/// errors carry), or after "Ray ID" / `ray_id` on Cloudflare's pages and JSON.
fn find_cf_ray(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let lower = text.to_ascii_lowercase();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_hexdigit() || (i > 0 && b[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_hexdigit() {
            i += 1;
        }
        if i - start != 16
            || b.get(i)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        {
            continue;
        }
        let hex = &text[start..i];
        if !hex.bytes().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let colo = b.get(i) == Some(&b'-')
            && b.get(i + 1..i + 4)
                .is_some_and(|c| c.iter().all(u8::is_ascii_alphabetic))
            && !b.get(i + 4).is_some_and(u8::is_ascii_alphanumeric);
        if colo {
            return Some(text[start..i + 4].to_owned());
        }
        let mut from = start.saturating_sub(16);
        while !lower.is_char_boundary(from) {
            from += 1;
        }
        let ctx = &lower[from..start];
        if ctx.contains("ray id") || ctx.contains("ray_id") || ctx.contains("cf-ray") {
            return Some(hex.to_owned());
        }
    }
    None
}

/// How long the text says to wait: "retry after 30 seconds", "try again in 20s", `retry-after:
/// 30`, "30秒後", "in 30 Sekunden erneut". Capped at a day.
fn retry_seconds(hay: &str) -> Option<u64> {
    for key in [
        "retry-after",
        "retry_after",
        "retry after",
        "try again in",
        "retry in",
        "wait",
    ] {
        for (i, _) in hay.match_indices(key) {
            let rest = hay[i + key.len()..].trim_start_matches([' ', ':', '"', '=']);
            if let Some(s) = number_with_unit(rest, key.starts_with("retry")) {
                return Some(s);
            }
        }
    }
    if hay.contains("erneut") || hay.contains("versuch") {
        for (i, _) in hay.match_indices("in ") {
            if let Some(s) = number_with_unit(&hay[i + 3..], false) {
                return Some(s);
            }
        }
    }
    for (i, c) in hay.char_indices() {
        if c.is_ascii_digit() && (i == 0 || !hay.as_bytes()[i - 1].is_ascii_digit()) {
            let rest = &hay[i..];
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let unit = &rest[digits..];
            let n: Option<u64> = rest[..digits].parse().ok();
            let mult = if unit.starts_with("秒後") || unit.starts_with("秒待") {
                1
            } else if unit.starts_with("分後") || unit.starts_with("分待") {
                60
            } else if unit.starts_with("時間後") || unit.starts_with("時間待") {
                3600
            } else {
                continue;
            };
            if let Some(n) = n {
                return Some(n.saturating_mul(mult).min(86_400));
            }
        }
    }
    None
}

/// Reads `20s`, `6ms`, `1m30s`, `30 seconds`, `2 Minuten`, and a bare `30` where the keyword
/// makes a bare number seconds (`retry-after: 30`).
fn number_with_unit(rest: &str, bare_is_seconds: bool) -> Option<u64> {
    let compact: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | 'h' | 'm' | 's'))
        .collect();
    let compact = compact.trim_end_matches('.');
    if !compact.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let digits = compact
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(compact.len());
    let n: f64 = crate::decimal::parse_f64(&compact[..digits])?;
    if digits < compact.len() && !rest[compact.len()..].starts_with(|c: char| c.is_alphabetic()) {
        // A compact duration: 20s, 6ms, 1m30s, 2h.
        return crate::reading::duration_seconds(compact);
    }
    worded(n, rest[digits..].trim_start()).or_else(|| {
        (bare_is_seconds && n.is_finite() && n >= 0.0).then(|| (n.ceil() as u64).min(86_400))
    })
}

/// A number and a unit word (en, de, ja) as whole seconds. Longer words first: "Stunden" is not
/// seconds, "ms" is not minutes.
fn worded(n: f64, unit: &str) -> Option<u64> {
    const UNITS: &[(&str, f64)] = &[
        ("ms", 0.001),
        ("millisecond", 0.001),
        ("stunde", 3600.0),
        ("時間", 3600.0),
        ("hour", 3600.0),
        ("h", 3600.0),
        ("sekunde", 1.0),
        ("second", 1.0),
        ("sec", 1.0),
        ("s", 1.0),
        ("秒", 1.0),
        ("minute", 60.0),
        ("min", 60.0),
        ("m", 60.0),
        ("分", 60.0),
    ];
    let mult = UNITS.iter().find(|(u, _)| unit.starts_with(u))?.1;
    let s = (n * mult).ceil();
    (s.is_finite() && s >= 0.0).then(|| (s as u64).min(86_400))
}

/// The API error JSON object in a text: the first object that looks like an error (OpenAI's
/// `{"error":{…}}`, Anthropic's `{"type":"error",…}`, ChatGPT's `{"detail":…}`, Cloudflare's
/// `{"title":…,"status":…}`). At most 32 tries, each within 16 KiB.
fn find_json(text: &str) -> Option<Json> {
    const WINDOW: usize = 16 * 1024;
    let mut skip_to = 0;
    for (tries, (i, _)) in text.match_indices('{').enumerate() {
        if tries >= 32 {
            break;
        }
        if i < skip_to {
            continue;
        }
        let mut end = (i + WINDOW).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut stream = serde_json::Deserializer::from_str(&text[i..end]).into_iter::<Value>();
        let Some(Ok(v)) = stream.next() else {
            continue;
        };
        let stop = i + stream.byte_offset();
        let errorish = v.is_object()
            && (["error", "detail", "title", "message", "status"]
                .iter()
                .any(|k| v.get(k).is_some())
                || v.get("type").and_then(Value::as_str) == Some("error"));
        if errorish {
            return Some(json_of(&text[i..stop], &v));
        }
        // Objects nested in one that is not an error are not looked at one by one.
        skip_to = stop;
    }
    None
}

/// What the rules and hints need from an error JSON.
fn json_of(raw: &str, v: &Value) -> Json {
    let s = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let err = v.get("error").filter(|e| e.is_object());
    let code = err
        .and_then(|e| s(e.get("code")).or_else(|| s(e.get("type"))))
        .or_else(|| s(v.get("code")))
        .or_else(|| s(v.get("type")).filter(|t| t != "error"));
    let num = |k: &str| {
        v.get(k).and_then(|x| {
            x.as_u64()
                .or_else(|| x.as_str().and_then(|t| t.trim().parse().ok()))
        })
    };
    let mut raw = raw.to_owned();
    truncate(&mut raw, MAX_BODY_EXCERPT * 2);
    Json {
        raw,
        code: code.filter(|c| c.len() <= 64),
        status: num("status")
            .and_then(|n| u16::try_from(n).ok())
            .filter(|n| (400..600).contains(n)),
        retry_after: num("retry_after").map(|n| n.min(86_400)),
    }
}

/// Where a service is named: a host or key prefix (sure), a product name, a verbatim message
/// only one service shows, an error JSON's shape (a guess). The signs are each service's own
/// (`src/provider/`): its hosts, names, signs, SDK modules and error shape.
fn detect_service(hay: &str, original: &str) -> Option<ServiceId> {
    let b = hay.as_bytes();
    // (priority, position, service): higher priority wins, then the earliest mention.
    let mut best: Option<(u8, usize, ServiceId)> = None;
    let mut consider = |prio: u8, pos: usize, service: ServiceId| {
        let better = match best {
            None => true,
            Some((p, at, _)) => prio > p || (prio == p && pos < at),
        };
        if better {
            best = Some((prio, pos, service));
        }
    };
    for s in SERVICES {
        // The SDKs' exception classes (`openai.RateLimitError`, `anthropic.APIStatusError`)
        // name the API as surely as a key prefix does.
        for module in s.sdk_modules {
            let pos = hay.match_indices(module).map(|(i, _)| i).find(|&i| {
                (i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'.')
                    && SDK_ERRORS
                        .iter()
                        .any(|e| hay[i + module.len()..].starts_with(e))
            });
            if let Some(pos) = pos {
                consider(3, pos, s.service);
            }
        }
        let hosts = s.hosts.iter().map(|h| (*h, 4));
        let names = s.names.iter().map(|n| (*n, 2));
        for (pat, prio) in hosts.chain(names).chain(s.signs.iter().copied()) {
            // Names are words: "bard" is not in "bombard", "openai" may follow "api.".
            let pos = hay
                .match_indices(pat)
                .map(|(i, _)| i)
                .find(|&i| prio != 2 || i == 0 || !b[i - 1].is_ascii_alphanumeric());
            if let Some(pos) = pos {
                consider(prio, pos, s.service);
            }
        }
    }
    match best {
        // An app's name with an API error in it is the app's API (Claude Code, SDK
        // tracebacks, Google's error JSON beside "Gemini"), unless its own words are there too.
        Some((2, _, app)) => {
            let entry = app.entry();
            let api = entry.api_twin.filter(|twin| {
                (api_words(hay)
                    || twin
                        .entry()
                        .error_shape
                        .is_some_and(|shape| (shape.matches)(original)))
                    && !entry.app_words.iter().any(|w| hay.contains(w))
            });
            Some(api.unwrap_or(app))
        }
        Some((_, _, s)) => Some(s),
        // No name at all: the shape of an error JSON may still tell whose API wrote it.
        None => SERVICES
            .iter()
            .find(|s| {
                s.error_shape
                    .is_some_and(|shape| shape.alone && (shape.matches)(original))
            })
            .map(|s| s.service),
    }
}

/// Whether a text has the words of an API error (a key, a `/v1/` path, an error JSON's
/// members, a traceback).
fn api_words(hay: &str) -> bool {
    [
        "api error",
        "api key",
        "api_key",
        "x-api-key",
        "/v1/",
        "\"type\":\"error\"",
        "\"type\": \"error\"",
        "invalid_request_error",
        "authentication_error",
        "request_id",
        "anthropic-version",
        "traceback",
        "sdk",
        "error code:",
        "'type': 'error'",
        "\"param\":",
        "'param':",
        "insufficient_quota",
        "rate_limit_error",
        "overloaded_error",
        "invalid_api_key",
        "rate_limit_exceeded",
    ]
    .iter()
    .any(|w| hay.contains(w))
}

/// The exception classes the OpenAI and Anthropic SDKs raise, lower case (`RateLimitError`).
const SDK_ERRORS: &[&str] = &[
    "apierror",
    "apistatuserror",
    "apiconnectionerror",
    "apitimeouterror",
    "apiresponsevalidationerror",
    "ratelimiterror",
    "authenticationerror",
    "permissiondeniederror",
    "badrequesterror",
    "notfounderror",
    "conflicterror",
    "unprocessableentityerror",
    "internalservererror",
];

/// The first JSON object in a text that looks like an API error, parsed (see [`find_json`]).
pub(crate) fn first_json(text: &str) -> Option<Value> {
    serde_json::from_str(&find_json(text)?.raw).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn top(text: &str) -> Option<Cause> {
        classify(text).first().map(|h| h.cause)
    }

    #[test]
    fn phrases_are_written_normalized_and_cover_every_cause_in_each_language() {
        for table in TABLES {
            for (p, _, conf) in *table {
                assert_eq!(normalize(p), *p, "phrase not in normalized form: {p:?}");
                assert!(*conf > 0 && *conf < 100, "{p}");
            }
        }
        for (name, table) in [("en", EN), ("de", DE), ("ja", JA)] {
            for cause in Cause::ALL {
                assert!(
                    table.iter().any(|(_, c, _)| c == cause),
                    "{name} has no phrase for {cause}"
                );
            }
            let mut seen = std::collections::BTreeSet::new();
            for (p, c, _) in table {
                assert!(seen.insert((*p, *c)), "{name}: duplicate phrase {p:?}");
            }
        }
    }

    #[test]
    fn normalization() {
        assert_eq!(
            normalize("Claude\u{2019}s  response\n\twas   “interrupted”…"),
            "claude's response was \"interrupted\"..."
        );
        assert_eq!(normalize("ＨＴＴＰ　４２９"), "http 429");
        assert_eq!(
            normalize("サーバーの IP アドレス が 見つかりません"),
            "サーバーのipアドレスが見つかりません"
        );
        assert_eq!(normalize("  Über  "), "über");
    }

    /// Each case: the text and the cause it must put first.
    const CASES: &[(&str, Cause)] = &[
        // English: verbatim service strings.
        ("Something went wrong while generating the response. If this issue persists please contact us through our help center at help.openai.com.", ResponseInterrupted),
        ("Too many requests in 1 hour. Try again later.", RateLimited),
        ("Unusual activity has been detected from your device. Try again later. (8830f9abcda18283-TPE)", BotChallenge),
        ("Our systems have detected unusual activity from your system. Please try again later.", BotChallenge),
        ("Hmm...something seems to have gone wrong. Maybe try me again in a little bit.", ServerError),
        ("Claude’s response was interrupted. Please check your network connection or contact support if the issue persists.", ResponseInterrupted),
        ("5-hour limit reached - resets 3pm", RateLimited),
        ("Your message will exceed the length limit for this chat. Try attaching fewer or smaller files or starting a new conversation.", PromptTooLarge),
        ("Due to unexpected capacity constraints, Claude is unable to respond to your message. Please try again soon.", ServerOverloaded),
        ("Rate exceeded.", RateLimited),
        ("Overloaded", ServerOverloaded),
        ("You exceeded your current quota, please check your plan and billing details.", QuotaExhausted),
        ("Incorrect API key provided: sk-abc***xyz. You can find your API key at https://platform.openai.com/account/api-keys.", InvalidApiKey),
        ("Country, region, or territory not supported", RegionUnsupported),
        ("Gemini is not currently supported in your country/region.", RegionUnsupported),
        ("<title>Just a moment...</title>", BotChallenge),
        ("400 Bad Request: Request Header Or Cookie Too Large", OversizedCookies),
        ("TypeError: NetworkError when attempting to fetch resource.", NetworkUnstable),
        ("TypeError: Failed to fetch", NetworkUnstable),
        ("An error occurred while connecting to the websocket.", WebsocketBlocked),
        ("Error in message stream", ResponseInterrupted),
        ("Conversation not found", StaleSiteData),
        ("ChunkLoadError: Loading chunk 123 failed.", StaleAssets),
        ("Please enable cookies to use this site", CookiesDisabled),
        ("Your session has expired. Please log in again.", SessionExpired),
        ("GET https://cdn.oaistatic.com/assets/app.js net::ERR_BLOCKED_BY_CLIENT", BlockedByExtension),
        ("Your connection is not private. Attackers might be trying to steal your information. NET::ERR_CERT_AUTHORITY_INVALID", TlsInterception),
        ("Your clock is behind. NET::ERR_CERT_DATE_INVALID", ClockSkew),
        ("DNS_PROBE_FINISHED_NXDOMAIN", DnsFailure),
        ("ERR_PROXY_CONNECTION_FAILED", ProxyOrVpn),
        ("You're offline. Check your connection.", Offline),
        ("The file you uploaded has expired. Please upload it again.", FileExpired),
        ("This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.", PromptTooLarge),
        ("Error 1020 Access denied", BotChallenge),
        ("This site has been blocked by your organization", BlockedByNetworkPolicy),
        ("502 Bad Gateway", GatewayError),
        ("504 Gateway Time-out", GatewayError),
        ("Internal Server Error", ServerError),
        ("503 Service Unavailable - the site is under scheduled maintenance", ServiceMaintenance),
        ("ChatGPT is experiencing a major outage", ServiceOutage),
        ("Your browser is not supported. Please update your browser.", BrowserUnsupported),
        ("Error 524: A timeout occurred", GatewayError),
        // Fragments.
        ("too many requests", RateLimited),
        ("unusual activity", BotChallenge),
        ("exceeded your current quota", QuotaExhausted),
        ("context_length_exceeded", PromptTooLarge),
        ("HTTP 429", RateLimited),
        ("431", OversizedCookies),
        ("status code 529", ServerOverloaded),
        ("ws closed with close code 1006 while connecting, failed", WebsocketBlocked),
        // German.
        ("Etwas ist schiefgelaufen. Bitte versuche es später erneut.", Unknown),
        ("Zu viele Anfragen. Bitte warte kurz.", RateLimited),
        ("Netzwerkfehler", NetworkUnstable),
        ("Deine Sitzung ist abgelaufen. Bitte melde dich erneut an.", SessionExpired),
        ("Sitzung abgelaufen", SessionExpired),
        ("Interner Serverfehler", ServerError),
        ("Claude ist derzeit überlastet", ServerOverloaded),
        ("Die Antwort wurde unterbrochen", ResponseInterrupted),
        ("Du hast dein Nutzungslimit erreicht", RateLimited),
        ("Deine Nachricht ist zu lang", PromptTooLarge),
        ("ChatGPT ist in deinem Land nicht verfügbar", RegionUnsupported),
        ("Ungewöhnliche Aktivität auf deinem Gerät festgestellt", BotChallenge),
        ("Keine Internetverbindung", Offline),
        ("Ihre Uhr geht nach", ClockSkew),
        ("Dies ist keine sichere Verbindung", TlsInterception),
        ("Der Proxyserver verweigert die Verbindung", ProxyOrVpn),
        ("Geplante Wartungsarbeiten", ServiceMaintenance),
        ("Bitte aktivieren Sie Cookies", CookiesDisabled),
        ("Die Datei ist abgelaufen", FileExpired),
        ("Von Ihrem Administrator blockiert", BlockedByNetworkPolicy),
        ("Die Verbindung wurde zurückgesetzt", NetworkUnstable),
        ("Fehler 429", RateLimited),
        ("500-Fehler bei ChatGPT", ServerError),
        // Japanese.
        ("問題が発生しました", Unknown),
        ("ネットワークエラー", NetworkUnstable),
        ("リクエストが多すぎます。しばらくしてからもう一度お試しください。", RateLimited),
        ("現在混雑しています", ServerOverloaded),
        ("上限に達しました", RateLimited),
        ("セッションの有効期限が切れました。再度ログインしてください。", SessionExpired),
        ("内部サーバーエラー", ServerError),
        ("応答が中断されました", ResponseInterrupted),
        ("メッセージが長すぎます", PromptTooLarge),
        ("お住まいの国ではご利用いただけません", RegionUnsupported),
        ("異常なアクティビティが検出されました", BotChallenge),
        ("インターネットに接続されていません", Offline),
        ("時計が遅れています", ClockSkew),
        ("この接続ではプライバシーが保護されません", TlsInterception),
        ("プロキシ サーバーに接続できません", ProxyOrVpn),
        ("メンテナンス中です", ServiceMaintenance),
        ("ファイルの有効期限が切れています", FileExpired),
        ("サーバーの IP アドレスが見つかりませんでした", DnsFailure),
        ("エラーコード 429", RateLimited),
        ("ChatGPTで500エラー", ServerError),
        ("拡張機能によってブロックされました", BlockedByExtension),
        // Worded differently from the first tuned phrases: the browsers' own pages, HTTP status
        // texts and how people say it.
        ("We're experiencing technical difficulties, some functions may be unavailable", ServiceOutage),
        ("Land, Region oder Gebiet wird nicht unterstützt", RegionUnsupported),
        ("Die Anfrage ist zu lang.", PromptTooLarge),
        ("Der Server hat als Gateway oder Proxy keine rechtzeitige Antwort vom Upstream-Server erhalten.", GatewayError),
        ("Fehler: Server nicht gefunden", DnsFailure),
        ("Die DNS-Adresse des Servers von chatgpt.com wurde nicht gefunden.", DnsFailure),
        ("Nur einen Moment…", BotChallenge),
        ("Fehler: Netzwerk-Zeitüberschreitung. Könnte der Server überlastet oder vorübergehend ausgefallen sein?", NetworkUnstable),
        ("APIキーが正しくないか、空です。", InvalidApiKey),
        ("サーバーで一時的な問題が発生しました。", ServerError),
        ("リクエストが大きすぎます", PromptTooLarge),
        ("お使いのデバイスから異常な操作が検出されました。", BotChallenge),
        ("サーバーが見つかりませんでした", DnsFailure),
        ("プロキシーサーバーへの接続を拒否されました", ProxyOrVpn),
        ("以下のアクションを完了して、あなたが人間であることを確認してください。", BotChallenge),
        ("1時間あたりのリクエスト数の上限に達しました", RateLimited),
        ("ゲートウェイまたはプロキシーとして動作しているサーバーが、上流サーバーから時間内にレスポンスを受け取れませんでした。", GatewayError),
        ("Dieser Dienst ist in deinem Land leider nicht verfügbar.", RegionUnsupported),
        ("Die Verbindung zum Server wurde unterbrochen.", NetworkUnstable),
        ("Ihre Verbindung ist nicht privat", TlsInterception),
        ("Kein Zugriff auf das Internet", Offline),
        ("Wegen Wartung vorübergehend nicht verfügbar.", ServiceMaintenance),
        ("広告ブロッカーを無効にしてください。", BlockedByExtension),
        ("メンテナンスのため一時的に利用できません。", ServiceMaintenance),
        ("アカウントの利用が停止されました。", AccessForbidden),
        ("DNS_PROBE_FINISHED_NO_INTERNET", Offline),
    ];

    #[test]
    fn table_of_messages() {
        assert!(CASES.len() >= 40);
        let mut failures = Vec::new();
        for (text, want) in CASES {
            let got = classify(text);
            if got.first().map(|h| h.cause) != Some(*want) {
                failures.push(format!(
                    "{text:?}: want {want}, got {:?}",
                    got.iter()
                        .map(|h| (h.cause, h.confidence))
                        .collect::<Vec<_>>()
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn a_reading_needs_words_of_its_own() {
        // One cause named, one hint: nothing rides along on another cause's words.
        for (text, want) in [
            ("User location is not supported", RegionUnsupported),
            ("Diese Website ist nicht erreichbar\nDie Server-IP-Adresse von claude.ai wurde nicht gefunden.", DnsFailure),
            ("このサイトにアクセスできません\nプロキシ サーバーに問題がある、またはアドレスが正しくありません。", ProxyOrVpn),
            ("Claude’s response was interrupted. Please check your network connection or contact support if the issue persists.", ResponseInterrupted),
            ("504 ゲートウェイまたはプロキシーとして動作しているサーバーが、上流サーバーから時間内にレスポンスを受け取れませんでした。", GatewayError),
            ("DNS_PROBE_FINISHED_NO_INTERNET", Offline),
            ("メンテナンスのため一時的に利用できません。", ServiceMaintenance),
            ("アドレスが見つかりません\nファイアーウォールやプロキシでネットワークが保護されている場合、その設定に問題があると正常に表示できなくなることがあります。", DnsFailure),
        ] {
            let h = classify(text);
            assert_eq!(
                h.iter().map(|x| x.cause).collect::<Vec<_>>(),
                vec![want],
                "{text}"
            );
        }
        // The same through the rules: a Gemini API error's 400 is not the web app's stale data.
        for text in [
            "User location is not supported for the API use.",
            "Error 400: User location is not supported",
            r#"google.genai.errors.ClientError: 400 FAILED_PRECONDITION. {"error": {"code": 400, "message": "User location is not supported for the API use.", "status": "FAILED_PRECONDITION"}}"#,
            r#"Gemini: {"error": {"code": 400, "message": "User location is not supported for the API use.", "status": "FAILED_PRECONDITION"}}"#,
        ] {
            let r = crate::diagnose::run(&observations_from_text(text));
            assert_eq!(
                r.findings.iter().map(|f| f.cause).collect::<Vec<_>>(),
                vec![RegionUnsupported],
                "{text}"
            );
        }
    }

    #[test]
    fn gemini_api_errors_are_not_the_gemini_app() {
        for text in [
            r#"Gemini: {"error": {"code": 429, "message": "Resource has been exhausted (e.g. check quota).", "status": "RESOURCE_EXHAUSTED"}}"#,
            "POST https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent 503",
            "google.genai.errors.ServerError: 503 UNAVAILABLE. The model is overloaded.",
            "Gemini API error: API key not valid. Please pass a valid API key.",
        ] {
            assert_eq!(service_in_text(text), Some(ServiceId::GeminiApi), "{text}");
            let obs = observations_from_text(text);
            if let Some(h) = http(&obs) {
                assert_eq!(h.url, chat_url(ServiceId::GeminiApi), "{text}");
            }
        }
        let c = crate::catalog::classify(chat_url(ServiceId::GeminiApi));
        assert_eq!(c.service, Some(ServiceId::GeminiApi));
        assert_eq!(c.role, crate::catalog::Role::ChatTurn);
        // The error JSON of the Gemini API, named, is the API's, and is read as what it says.
        let t = r#"Gemini API: {"error": {"code": 429, "message": "You exceeded your current quota, please check your plan and billing details.", "status": "RESOURCE_EXHAUSTED"}}"#;
        let r = crate::diagnose::run(&observations_from_text(t));
        assert_eq!(r.service, Some(ServiceId::GeminiApi));
        // Google's error JSON alone is any Google API's: it names no service.
        assert_eq!(
            service_in_text(
                r#"{"error": {"code": 503, "message": "The service is currently unavailable.", "status": "UNAVAILABLE"}}"#
            ),
            None
        );
        // The app's own words stay the app's.
        assert_eq!(
            service_in_text("Gemini is not currently supported in your country/region."),
            Some(ServiceId::Gemini)
        );
        assert_eq!(
            service_in_text("gemini.google.com: Something went wrong (13)"),
            Some(ServiceId::Gemini)
        );
    }

    #[test]
    fn generic_text_is_weak_and_garbage_says_nothing() {
        let h = classify("Something went wrong");
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].cause, Unknown);
        assert!(h[0].confidence <= 0.3);
        for garbage in [
            "",
            "   ",
            "hello world",
            "asdfghjkl qwertz 12345",
            "🙂🙂🙂",
            "{not json",
            "the weather is nice today",
        ] {
            assert!(
                classify(garbage).is_empty(),
                "{garbage:?}: {:?}",
                classify(garbage)
            );
            assert_eq!(observations_from_text(garbage).len(), 1, "{garbage:?}");
        }
    }

    #[test]
    fn hints_are_deduplicated_and_sorted() {
        let h = classify(
            "Too many requests. Too many requests in 1 hour. Rate limit reached. HTTP 429",
        );
        assert_eq!(h.iter().filter(|x| x.cause == RateLimited).count(), 1);
        assert_eq!(h[0].cause, RateLimited);
        assert_eq!(h[0].params.status, Some(429));
        for w in h.windows(2) {
            assert!(w[0].confidence >= w[1].confidence);
        }
    }

    #[test]
    fn quota_429_is_not_a_rate_limit() {
        let t = r#"Error code: 429 - {"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#;
        let h = classify(t);
        assert_eq!(h[0].cause, QuotaExhausted);
        assert!(!h.iter().any(|x| x.cause == RateLimited), "{h:?}");
        assert_eq!(h[0].params.code.as_deref(), Some("insufficient_quota"));
        assert_eq!(h[0].service, Some(ServiceId::OpenaiApi));
        let r = crate::diagnose::run(&observations_from_text(t));
        assert_eq!(r.findings[0].cause, QuotaExhausted);
        assert!(!r.findings.iter().any(|f| f.cause == RateLimited));
    }

    #[test]
    fn challenge_403_is_not_a_permission_error() {
        let h = classify("403 Forbidden <title>Just a moment...</title> cf_chl_opt");
        assert_eq!(h[0].cause, BotChallenge);
        assert!(!h.iter().any(|x| x.cause == AccessForbidden), "{h:?}");
        let t = r#"API Error: 403 {"type":"error","error":{"type":"permission_error","message":"Your API key does not have permission to use the specified resource."}}"#;
        let h = classify(t);
        assert_eq!(h[0].cause, AccessForbidden);
        assert_eq!(h[0].service, Some(ServiceId::AnthropicApi));
        let r = crate::diagnose::run(&observations_from_text(t));
        assert_eq!(r.findings[0].cause, AccessForbidden);
    }

    #[test]
    fn api_unauthorized_is_the_key() {
        let h =
            classify("openai.AuthenticationError: Error code: 401 - Unauthorized (api.openai.com)");
        assert_eq!(h[0].cause, InvalidApiKey);
        let h = classify("claude.ai: 401 Unauthorized");
        assert_eq!(h[0].cause, SessionExpired);
    }

    #[test]
    fn services_are_detected() {
        use ServiceId as S;
        for (text, want) in [
            ("ChatGPT says something went wrong", Some(S::Chatgpt)),
            ("see help.openai.com", Some(S::Chatgpt)),
            ("Claude’s response was interrupted", Some(S::Claude)),
            ("on claude.ai the page is blank", Some(S::Claude)),
            ("Gemini is not currently supported in your country", Some(S::Gemini)),
            ("Microsoft Copilot won't answer", Some(S::Copilot)),
            ("Perplexity keeps spinning", Some(S::Perplexity)),
            ("POST https://api.openai.com/v1/chat/completions 429", Some(S::OpenaiApi)),
            ("curl https://api.anthropic.com/v1/messages -H 'x-api-key: sk-ant-api03-…'", Some(S::AnthropicApi)),
            ("Claude Code: API Error: 529 overloaded", Some(S::AnthropicApi)),
            ("anthropic.APIStatusError: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}", Some(S::AnthropicApi)),
            ("API Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", Some(S::AnthropicApi)),
            ("sessionKey=sk-ant-sid01-[key]", Some(S::Claude)),
            ("Too many requests in 1 hour. Try again later.", Some(S::Chatgpt)),
            // The SDKs' own messages (openai-python, openai-node, anthropic-sdk-python) and
            // curl's output are the APIs', never the chat apps'.
            ("openai.RateLimitError: Error code: 429 - {'error': {'message': 'You exceeded your current quota, please check your plan and billing details.', 'type': 'insufficient_quota', 'param': None, 'code': 'insufficient_quota'}}", Some(S::OpenaiApi)),
            ("openai.APIConnectionError: Connection error.", Some(S::OpenaiApi)),
            ("openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: sk-abc***. You can find your API key at https://platform.openai.com/account/api-keys.', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}", Some(S::OpenaiApi)),
            ("RateLimitError: 429 Rate limit reached for gpt-4o in organization org-abc on tokens per min (TPM): Limit 30000, Used 29000, Requested 1500.", Some(S::OpenaiApi)),
            ("OpenAI error: 500 The server had an error while processing your request. Sorry about that! Error code: 500", Some(S::OpenaiApi)),
            (r#"{"error": {"message": "Incorrect API key provided: sk-abc.", "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}"#, Some(S::OpenaiApi)),
            ("anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'Number of request tokens has exceeded your per-minute rate limit'}}", Some(S::AnthropicApi)),
            ("anthropic.APIStatusError: Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}", Some(S::AnthropicApi)),
            ("Anthropic: Error code: 400 - {'type': 'error', 'error': {'type': 'invalid_request_error', 'message': 'Your credit balance is too low to access the Anthropic API.'}}", Some(S::AnthropicApi)),
            (r#"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#, Some(S::AnthropicApi)),
            // The apps' own words stay the apps'.
            ("auth.openai.com says: Oops, an error occurred", Some(S::Chatgpt)),
            ("OpenAI's ChatGPT is at capacity right now", Some(S::Chatgpt)),
            ("Le Chat says: Too many messages, try again later", Some(S::Mistral)),
            ("chat.mistral.ai keeps spinning", Some(S::Mistral)),
            ("ミストラルが応答しません", Some(S::Mistral)),
            (r#"API error occurred: Status 429 Body: {"object":"error","message":"Rate limit exceeded","type":"rate_limited","param":null,"code":"1300"}"#, Some(S::MistralApi)),
            ("Mistral: API error occurred: Status 401 {\"detail\":\"Unauthorized\"}", Some(S::MistralApi)),
            ("POST https://api.mistral.ai/v1/chat/completions 503", Some(S::MistralApi)),
            ("DeepSeek: The server is busy. Please try again later.", Some(S::Deepseek)),
            ("The server is busy. Please try again later.", Some(S::Deepseek)),
            ("ディープシークが使えない", Some(S::Deepseek)),
            (r#"litellm.BadRequestError: DeepseekException - {"error":{"message":"Insufficient Balance","type":"unknown_error","param":null,"code":"invalid_request_error"}}"#, Some(S::DeepseekApi)),
            ("curl https://api.deepseek.com/chat/completions: 402 Insufficient Balance", Some(S::DeepseekApi)),
            ("the standard bombardment", None),
            ("Internal Server Error", None),
        ] {
            assert_eq!(service_in_text(text), want, "{text}");
        }
        for s in ServiceId::ALL {
            let c = crate::catalog::classify(chat_url(s));
            assert_eq!(c.service, Some(s), "{s:?}");
            assert_eq!(c.role, crate::catalog::Role::ChatTurn, "{s:?}");
            let w = crate::catalog::classify(&ws_url(s));
            assert_eq!(w.role, crate::catalog::Role::ChatTurn, "{s:?}");
        }
    }

    fn http(obs: &[Observation]) -> Option<&HttpObservation> {
        obs.iter().find_map(|o| match o {
            Observation::Http(h) => Some(h),
            _ => None,
        })
    }

    #[test]
    fn anthropic_api_error_becomes_a_request() {
        let t = r#"API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CZAZLPuVRisJc8oe4zrKo"}"#;
        let obs = observations_from_text(t);
        assert!(matches!(&obs[0], Observation::PageMessage(p) if p.text == t));
        let h = http(&obs).expect("an http observation");
        assert_eq!(h.status, 529);
        assert_eq!(h.url, "https://api.anthropic.com/v1/messages");
        assert_eq!(h.method, "POST");
        let body = h.body.as_deref().unwrap_or_default();
        assert!(
            body.starts_with(r#"{"type":"error""#) && body.ends_with('}'),
            "{body}"
        );
        assert!(body.contains("req_011CZAZLPuVRisJc8oe4zrKo"));
        let r = crate::diagnose::run(&obs);
        assert_eq!(r.findings[0].cause, ServerOverloaded);
        assert_eq!(r.service, Some(ServiceId::AnthropicApi));
    }

    #[test]
    fn status_shapes() {
        for (text, want) in [
            ("HTTP 429", Some(429)),
            ("HTTP/1.1 503 Service Unavailable", Some(503)),
            ("429 Too Many Requests", Some(429)),
            ("Error 524", Some(524)),
            ("status code 503", Some(503)),
            ("Request failed with status code 502", Some(502)),
            ("(status: 429)", Some(429)),
            (
                r#"403{"error":{"code":"error","message":"Unusual activity","type":"403 Forbidden"}}"#,
                Some(403),
            ),
            ("Statuscode 500", Some(500)),
            ("ステータスコード 503", Some(503)),
            ("500エラー", Some(500)),
            ("429", Some(429)),
            ("localhost:443 refused", None),
            ("I waited 450 seconds", None),
            ("version 4.503.1", None),
            ("error 1020", None),
            ("HTTP 200 OK", None),
        ] {
            assert_eq!(find_status(&normalize(text)), want, "{text}");
        }
        let cf = r#"{"title":"Error 524: A timeout occurred","status":524,"ray_id":"a0f8717e1ca6634a","retryable":true,"retry_after":120}"#;
        let obs = observations_from_text(cf);
        let h = http(&obs).expect("http");
        assert_eq!(h.status, 524);
        assert_eq!(h.header("retry-after"), Some("120"));
        assert_eq!(h.header("cf-ray"), Some("a0f8717e1ca6634a"));
        assert_eq!(h.url, "");
    }

    #[test]
    fn cf_ray_retry_and_header_lines() {
        let obs = observations_from_text(
            "ChatGPT returned 403: Unusual activity has been detected from your device. Try again later. (8830f9abcda18283-TPE)",
        );
        let h = http(&obs).expect("http");
        assert_eq!(h.header("cf-ray"), Some("8830f9abcda18283-TPE"));
        assert_eq!(h.url, "https://chatgpt.com/backend-api/f/conversation");
        let r = crate::diagnose::run(&obs);
        assert_eq!(r.findings[0].cause, BotChallenge);
        for (text, secs) in [
            ("429 Too Many Requests. Please retry after 30 seconds.", 30),
            (
                "Error code: 429 - Rate limit reached for gpt-4o. Please try again in 20s.",
                20,
            ),
            ("HTTP 429: Rate limit reached. Please try again in 6ms.", 1),
            (
                "HTTP 429: Rate limit reached. Please try again in 1m30s.",
                90,
            ),
            (
                "HTTP/1.1 429 Too Many Requests\nretry-after: 45\nx-ratelimit-reset-requests: 6s",
                45,
            ),
            ("エラー 429: 30秒後に再試行してください", 30),
            (
                "エラー 429: 送信が頻繁すぎます。30 秒待ってから再試行してください。",
                30,
            ),
            ("Fehler 429: Bitte versuche es in 2 Minuten erneut", 120),
        ] {
            let obs = observations_from_text(text);
            let h = http(&obs).unwrap_or_else(|| panic!("no http for {text}"));
            assert_eq!(
                h.header("retry-after"),
                Some(secs.to_string().as_str()),
                "{text}"
            );
            assert_eq!(classify(text)[0].params.seconds, Some(secs), "{text}");
        }
        let obs = observations_from_text("HTTP/1.1 429 Too Many Requests\nretry-after: 45\nx-ratelimit-reset-requests: 6s\nset-cookie: a=b");
        let h = http(&obs).expect("http");
        assert_eq!(h.header("x-ratelimit-reset-requests"), Some("6s"));
        assert_eq!(h.header("set-cookie"), None);
    }

    #[test]
    fn browser_errors_and_close_codes() {
        let obs = observations_from_text(
            "Failed to load resource: net::ERR_BLOCKED_BY_CLIENT chatgpt.com\nGET … NS_ERROR_UNKNOWN_HOST\nnet::ERR_BLOCKED_BY_CLIENT again\nERR_MSG_TOO_BIG",
        );
        let errs: Vec<&NetErrorObservation> = obs
            .iter()
            .filter_map(|o| match o {
                Observation::NetError(n) => Some(n),
                _ => None,
            })
            .collect();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert_eq!(errs[0].error.raw, "net::ERR_BLOCKED_BY_CLIENT");
        assert_eq!(errs[0].error.kind, NetErrorKind::BlockedByClient);
        assert_eq!(
            errs[0].url,
            "https://chatgpt.com/backend-api/f/conversation"
        );
        assert_eq!(errs[1].error.kind, NetErrorKind::NameNotResolved);
        let obs = observations_from_text("DNS_PROBE_FINISHED_NXDOMAIN");
        assert!(obs.iter().any(|o| matches!(o, Observation::NetError(n) if n.error.kind == NetErrorKind::NameNotResolved)));
        let obs = observations_from_text("NET::ERR_CERT_DATE_INVALID");
        assert!(obs.iter().any(|o| matches!(o, Observation::NetError(n) if n.error.raw == "net::ERR_CERT_DATE_INVALID" && n.error.kind == NetErrorKind::CertificateDateInvalid)));
        let obs = observations_from_text("Copilot: WebSocket connection failed, close code 1006");
        let ws = obs.iter().find_map(|o| match o {
            Observation::WsClose(w) => Some(w),
            _ => None,
        });
        let ws = ws.expect("a wsClose");
        assert_eq!(ws.code, 1006);
        assert!(!ws.opened);
        assert_eq!(ws.url, "wss://copilot.microsoft.com/c/api/chat");
        let r = crate::diagnose::run(&obs);
        assert_eq!(r.findings[0].cause, WebsocketBlocked);
        let obs = observations_from_text("socket closed, code: 1006");
        assert!(obs
            .iter()
            .any(|o| matches!(o, Observation::WsClose(w) if w.code == 1006 && w.opened)));
        // Cloudflare's error 1015 is not a close code.
        assert!(
            !observations_from_text("Error 1015 You are being rate limited")
                .iter()
                .any(|o| matches!(o, Observation::WsClose(_)))
        );
        assert_eq!(
            top("Error 1015 You are being rate limited"),
            Some(RateLimited)
        );
    }

    #[test]
    fn multibyte_text_around_ids_does_not_panic() {
        for t in [
            "日本語日本語 8830f9abcda18283 ray",
            "éééééééé8830f9abcda18283",
            "エラー４２９：３０秒後",
            "\u{FF11}\u{FF10}\u{FF10}\u{FF16} コード",
            "Ä429Ä",
        ] {
            let _ = observations_from_text(t);
            let _ = classify(t);
        }
        assert_eq!(
            find_cf_ray("日本語日本語 ray id 8830f9abcda18283").as_deref(),
            Some("8830f9abcda18283")
        );
        assert_eq!(top("エラー４２９：３０秒後"), Some(RateLimited));
    }

    #[test]
    fn page_message_is_redacted_and_bounded() {
        let key = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCDEF";
        let obs = observations_from_text(&format!(
            "Incorrect API key provided: {key} for alice@example.com"
        ));
        let Observation::PageMessage(p) = &obs[0] else {
            panic!("first is the page message");
        };
        assert!(
            !p.text.contains("abcdefghijklmnop") && !p.text.contains("alice@"),
            "{}",
            p.text
        );
        assert_eq!(top(&p.text), Some(InvalidApiKey));
        assert_eq!(service_in_text(&p.text), Some(ServiceId::OpenaiApi));
    }

    #[test]
    fn huge_input_is_bounded() {
        let mut big = String::from("HTTP 429 Too Many Requests ");
        while big.len() < 1 << 20 {
            big.push_str("lorem ipsum dolor sit amet {\"a\": [1,2,3]} 日本語のテキスト ");
        }
        big.push_str(" Your session has expired");
        let start = std::time::Instant::now();
        let hints = classify(&big);
        let obs = observations_from_text(&big);
        assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
        assert!(hints.iter().any(|h| h.cause == RateLimited));
        assert!(
            hints.iter().any(|h| h.cause == SessionExpired),
            "the tail is read"
        );
        for o in &obs {
            let json = serde_json::to_string(o).unwrap_or_default();
            assert!(json.len() <= MAX_TEXT + 4096, "{} bytes", json.len());
        }
        let Observation::PageMessage(p) = &obs[0] else {
            panic!("first is the page message");
        };
        assert!(p.text.len() <= MAX_TEXT);
        assert!(p.text.ends_with("Your session has expired"));
        // Pathological JSON-ish input stays fast too.
        let braces = "{\"a\":".repeat(200_000);
        let start = std::time::Instant::now();
        let _ = observations_from_text(&braces);
        assert!(start.elapsed().as_secs() < 10);
    }
}
