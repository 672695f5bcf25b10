//! Classifies a pasted or page-shown error message (en, de, ja and more) into observations and hints.
//!
//! Two readings of one text. [`classify`] says which causes its words point at: phrase tables per
//! language (verbatim service strings from chat-failures.md §2–§4, browser interstitials, and how
//! people retell them), plus what a status code, a browser error name or a WebSocket close code in
//! it means. [`observations_from_text`] turns the structure in the text (an HTTP status line, an
//! API error JSON, `net::ERR_*` names, a close code, a cf-ray id, a retry delay) into the
//! observations the rules read, so a pasted message is diagnosed like a recorded one.
//!
//! The text is normalized once (lower case, straight quotes, collapsed whitespace, full-width
//! ASCII folded, no spaces next to Japanese), and only a bounded head and tail of a huge paste is
//! read. Matching is plain substring search: the tables are a few hundred short phrases.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::catalog::ServiceId;
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
    let url = r.service.map(chat_url).unwrap_or("");
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
    match service {
        ServiceId::Chatgpt => "https://chatgpt.com/backend-api/f/conversation",
        ServiceId::Claude => "https://claude.ai/api/organizations/-/chat_conversations/-/completion",
        ServiceId::Gemini => "https://gemini.google.com/_/BardChatUi/data/assistant.lamda.BardFrontendService/StreamGenerate",
        ServiceId::Copilot => "https://copilot.microsoft.com/c/api/chat",
        ServiceId::Perplexity => "https://www.perplexity.ai/rest/sse/perplexity_ask",
        ServiceId::OpenaiApi => "https://api.openai.com/v1/chat/completions",
        ServiceId::AnthropicApi => "https://api.anthropic.com/v1/messages",
    }
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

/// English: the services' own strings (chat-failures.md §2–§4), API error types and codes,
/// browser and Cloudflare pages, and how people say it.
const EN: &[Phrase] = &[
    // Service side.
    ("major outage", ServiceOutage, 80),
    ("full outage", ServiceOutage, 80),
    ("partial outage", ServiceOutage, 70),
    ("is experiencing a major outage", ServiceOutage, 85),
    ("service disruption", ServiceOutage, 70),
    ("temporary service disruption", ServiceOutage, 80),
    ("elevated error rates", ServiceOutage, 70),
    ("elevated errors", ServiceOutage, 70),
    ("outage", ServiceOutage, 60),
    ("is currently down", ServiceOutage, 70),
    ("is down for everyone", ServiceOutage, 80),
    ("will return soon", ServiceOutage, 75),
    ("degraded performance", ServiceOutage, 60),
    ("scheduled maintenance", ServiceMaintenance, 85),
    ("under maintenance", ServiceMaintenance, 85),
    ("down for maintenance", ServiceMaintenance, 85),
    ("undergoing maintenance", ServiceMaintenance, 85),
    ("maintenance in progress", ServiceMaintenance, 85),
    ("planned maintenance", ServiceMaintenance, 80),
    ("performing maintenance", ServiceMaintenance, 80),
    ("maintenance mode", ServiceMaintenance, 80),
    ("maintenance", ServiceMaintenance, 55),
    ("overloaded", ServerOverloaded, 85),
    ("overloaded_error", ServerOverloaded, 92),
    ("overloadederror", ServerOverloaded, 90),
    ("server_is_overloaded", ServerOverloaded, 92),
    ("service_unavailable_error", ServerOverloaded, 85),
    ("temporarily overloaded", ServerOverloaded, 90),
    (
        "currently overloaded with other requests",
        ServerOverloaded,
        92,
    ),
    ("at capacity", ServerOverloaded, 85),
    (
        "due to unexpected capacity constraints",
        ServerOverloaded,
        92,
    ),
    ("capacity constraints", ServerOverloaded, 85),
    ("experiencing high demand", ServerOverloaded, 80),
    ("high demand", ServerOverloaded, 70),
    ("heavy load", ServerOverloaded, 70),
    ("servers are busy", ServerOverloaded, 75),
    ("server is busy", ServerOverloaded, 75),
    ("service unavailable", ServerOverloaded, 65),
    ("service temporarily unavailable", ServerOverloaded, 70),
    ("internal server error", ServerError, 80),
    ("internal_server_error", ServerError, 80),
    ("internalservererror", ServerError, 80),
    ("api_error", ServerError, 70),
    (
        "the server had an error while processing your request",
        ServerError,
        88,
    ),
    ("server had an error", ServerError, 80),
    ("something seems to have gone wrong", ServerError, 70),
    ("maybe try me again in a little bit", ServerError, 70),
    ("server error", ServerError, 65),
    (
        "having a hard time fulfilling your request",
        ServerError,
        55,
    ),
    ("bad gateway", GatewayError, 80),
    ("gateway time-out", GatewayError, 80),
    ("gateway timeout", GatewayError, 80),
    ("a timeout occurred", GatewayError, 80),
    ("web server is down", GatewayError, 80),
    ("web server is returning an unknown error", GatewayError, 80),
    ("web server returned an unknown error", GatewayError, 80),
    ("origin is unreachable", GatewayError, 80),
    ("upstream connect error", GatewayError, 75),
    ("upstream request timeout", GatewayError, 75),
    ("no healthy upstream", GatewayError, 75),
    (
        "something went wrong while generating",
        ResponseInterrupted,
        80,
    ),
    ("error generating a response", ResponseInterrupted, 60),
    ("response was interrupted", ResponseInterrupted, 85),
    ("error in message stream", ResponseInterrupted, 70),
    ("error in body stream", ResponseInterrupted, 75),
    ("error in input stream", ResponseInterrupted, 75),
    ("bodystreambuffer was aborted", ResponseInterrupted, 40),
    ("stream disconnected", ResponseInterrupted, 60),
    ("response stopped", ResponseInterrupted, 55),
    ("network error", ResponseInterrupted, 50),
    // Account and limits.
    ("too many requests", RateLimited, 85),
    ("too many requests in 1 hour", RateLimited, 90),
    ("rate limit", RateLimited, 85),
    ("rate limit reached", RateLimited, 90),
    ("rate limited", RateLimited, 88),
    ("rate-limited", RateLimited, 88),
    ("rate_limit_error", RateLimited, 92),
    ("rate_limit_exceeded", RateLimited, 92),
    ("ratelimiterror", RateLimited, 88),
    ("rate exceeded", RateLimited, 85),
    ("slow_down", RateLimited, 80),
    ("requests too quickly", RateLimited, 85),
    ("messages too quickly", RateLimited, 85),
    ("too many concurrent requests", RateLimited, 85),
    ("only one message at a time", RateLimited, 75),
    ("acceleration limit", RateLimited, 80),
    ("error 1015", RateLimited, 85),
    ("error code: 1015", RateLimited, 85),
    ("ip temporarily blocked", RateLimited, 80),
    ("ip_temporarily_blocked", RateLimited, 80),
    ("resource_exhausted", RateLimited, 75),
    ("you exceeded your current quota", QuotaExhausted, 95),
    ("exceeded your current quota", QuotaExhausted, 95),
    ("insufficient_quota", QuotaExhausted, 95),
    ("credit balance is too low", QuotaExhausted, 95),
    ("credit_balance_exhausted", QuotaExhausted, 95),
    ("spend_limit_exceeded", QuotaExhausted, 92),
    ("usage_limit_exceeded", QuotaExhausted, 92),
    ("billing_hard_limit_reached", QuotaExhausted, 95),
    ("billing hard limit", QuotaExhausted, 90),
    ("quota exceeded", QuotaExhausted, 90),
    ("exceeded_limit", QuotaExhausted, 90),
    ("usage limit", QuotaExhausted, 80),
    ("usage cap", QuotaExhausted, 85),
    ("5-hour limit reached", QuotaExhausted, 95),
    ("5 hour limit reached", QuotaExhausted, 95),
    ("5-hour limit", QuotaExhausted, 85),
    ("approaching 5-hour limit", QuotaExhausted, 40),
    ("weekly limit", QuotaExhausted, 85),
    ("message limit reached", QuotaExhausted, 90),
    ("limit reached", QuotaExhausted, 75),
    ("reached your limit", QuotaExhausted, 90),
    ("hit your limit", QuotaExhausted, 90),
    ("reached our limit of messages", QuotaExhausted, 90),
    ("out of free messages", QuotaExhausted, 90),
    ("insufficient credits", QuotaExhausted, 85),
    ("out of credits", QuotaExhausted, 85),
    ("quota", QuotaExhausted, 60),
    ("your session has expired", SessionExpired, 90),
    ("session has expired", SessionExpired, 90),
    ("session expired", SessionExpired, 88),
    ("log in again", SessionExpired, 75),
    ("login again", SessionExpired, 75),
    ("sign in again", SessionExpired, 75),
    ("token has expired", SessionExpired, 80),
    ("token_expired", SessionExpired, 85),
    ("invalid session", SessionExpired, 80),
    ("you have been logged out", SessionExpired, 80),
    ("logged out", SessionExpired, 60),
    ("unauthorized", SessionExpired, 50),
    ("incorrect api key provided", InvalidApiKey, 95),
    ("invalid api key", InvalidApiKey, 95),
    ("invalid_api_key", InvalidApiKey, 95),
    ("invalid x-api-key", InvalidApiKey, 95),
    ("api key not valid", InvalidApiKey, 95),
    ("api_key_invalid", InvalidApiKey, 95),
    ("no api key provided", InvalidApiKey, 90),
    ("didn't provide an api key", InvalidApiKey, 90),
    ("api key expired", InvalidApiKey, 90),
    ("authentication_error", InvalidApiKey, 80),
    ("authenticationerror", InvalidApiKey, 80),
    ("permission_error", AccessForbidden, 85),
    ("permissiondeniederror", AccessForbidden, 80),
    ("don't have permission", AccessForbidden, 80),
    ("do not have permission", AccessForbidden, 80),
    ("does not have permission", AccessForbidden, 80),
    ("do not have access", AccessForbidden, 65),
    ("does not have access", AccessForbidden, 65),
    ("must be a member of an organization", AccessForbidden, 85),
    ("ip not authorized", AccessForbidden, 85),
    ("account has been deactivated", AccessForbidden, 85),
    ("account_deactivated", AccessForbidden, 85),
    ("account suspended", AccessForbidden, 85),
    ("account has been suspended", AccessForbidden, 85),
    ("organization has been disabled", AccessForbidden, 85),
    ("access denied", AccessForbidden, 50),
    ("forbidden", AccessForbidden, 45),
    (
        "country, region, or territory not supported",
        RegionUnsupported,
        95,
    ),
    ("unsupported_country", RegionUnsupported, 95),
    (
        "not currently supported in your country",
        RegionUnsupported,
        95,
    ),
    ("not supported in your country", RegionUnsupported, 95),
    ("not available in your country", RegionUnsupported, 95),
    ("unavailable in your country", RegionUnsupported, 90),
    ("not available in your region", RegionUnsupported, 90),
    ("not supported in your region", RegionUnsupported, 90),
    ("region not supported", RegionUnsupported, 90),
    ("location is not supported", RegionUnsupported, 90),
    ("list of supported countries", RegionUnsupported, 85),
    ("unable to load site", RegionUnsupported, 55),
    ("error 1009", RegionUnsupported, 85),
    ("unusual activity", BotChallenge, 90),
    ("suspicious activity", BotChallenge, 80),
    ("just a moment...", BotChallenge, 85),
    ("checking your browser", BotChallenge, 90),
    (
        "checking if the site connection is secure",
        BotChallenge,
        90,
    ),
    ("verify you are human", BotChallenge, 90),
    ("verifying you are human", BotChallenge, 90),
    ("please stand by", BotChallenge, 70),
    ("attention required", BotChallenge, 70),
    (
        "enable javascript and cookies to continue",
        BotChallenge,
        85,
    ),
    ("you have been blocked", BotChallenge, 85),
    ("banned your ip address", BotChallenge, 85),
    ("error 1020", BotChallenge, 88),
    ("error code: 1020", BotChallenge, 88),
    ("error 1010", BotChallenge, 85),
    ("cf_chl", BotChallenge, 85),
    ("challenge-platform", BotChallenge, 85),
    ("cf-turnstile", BotChallenge, 80),
    ("captcha", BotChallenge, 75),
    ("are you a robot", BotChallenge, 85),
    ("request is not allowed", BotChallenge, 60),
    ("prompt is too long", PromptTooLarge, 95),
    ("prompt too long", PromptTooLarge, 90),
    ("exceed the length limit for this chat", PromptTooLarge, 95),
    ("length limit for this chat", PromptTooLarge, 90),
    ("maximum context length", PromptTooLarge, 95),
    ("context_length_exceeded", PromptTooLarge, 95),
    ("context window", PromptTooLarge, 70),
    ("message is too long", PromptTooLarge, 90),
    ("message too long", PromptTooLarge, 85),
    ("submitted was too long", PromptTooLarge, 92),
    ("input is too long", PromptTooLarge, 90),
    ("conversation is too long", PromptTooLarge, 85),
    ("reached its maximum length", PromptTooLarge, 90),
    ("maximum length for this conversation", PromptTooLarge, 90),
    ("conversation has reached its limit", PromptTooLarge, 80),
    ("reduce the length of the messages", PromptTooLarge, 92),
    ("too many tokens", PromptTooLarge, 85),
    ("string_above_max_length", PromptTooLarge, 90),
    ("request_too_large", PromptTooLarge, 90),
    ("request too large", PromptTooLarge, 85),
    ("payload too large", PromptTooLarge, 85),
    ("request entity too large", PromptTooLarge, 85),
    ("attach fewer or smaller files", PromptTooLarge, 85),
    ("file is too large", PromptTooLarge, 70),
    ("file too large", PromptTooLarge, 70),
    ("file expired", FileExpired, 85),
    ("file has expired", FileExpired, 90),
    ("uploaded has expired", FileExpired, 90),
    ("uploaded have expired", FileExpired, 90),
    ("files have expired", FileExpired, 90),
    ("file is no longer available", FileExpired, 85),
    ("attachment has expired", FileExpired, 85),
    ("upload expired", FileExpired, 85),
    ("code interpreter session expired", FileExpired, 85),
    ("file could not be found", FileExpired, 60),
    ("file not found", FileExpired, 55),
    // The browser.
    ("blocked_by_client", BlockedByExtension, 90),
    ("blocked by client", BlockedByExtension, 80),
    ("blocked by an extension", BlockedByExtension, 85),
    ("extension is blocking", BlockedByExtension, 80),
    ("unblock challenges.cloudflare.com", BlockedByExtension, 90),
    ("disable your ad blocker", BlockedByExtension, 80),
    ("ad blocker", BlockedByExtension, 60),
    ("adblock", BlockedByExtension, 60),
    ("ublock", BlockedByExtension, 50),
    ("request header or cookie too large", OversizedCookies, 95),
    ("cookie too large", OversizedCookies, 90),
    ("cookies too large", OversizedCookies, 90),
    ("request header fields too large", OversizedCookies, 90),
    ("header too large", OversizedCookies, 85),
    ("headers too large", OversizedCookies, 85),
    ("exceeds server limit", OversizedCookies, 60),
    ("conversation not found", StaleSiteData, 55),
    ("unable to load conversation", StaleSiteData, 55),
    ("unable to load history", StaleSiteData, 50),
    ("quotaexceedederror", StaleSiteData, 70),
    ("the quota has been exceeded", StaleSiteData, 60),
    ("clear your cache and cookies", StaleSiteData, 50),
    ("clear your browser cache", StaleSiteData, 50),
    ("chunkloaderror", StaleAssets, 90),
    ("loading chunk", StaleAssets, 85),
    ("loading css chunk", StaleAssets, 85),
    (
        "failed to fetch dynamically imported module",
        StaleAssets,
        90,
    ),
    ("error loading dynamically imported module", StaleAssets, 90),
    ("importing a module script failed", StaleAssets, 85),
    ("failed to load module script", StaleAssets, 80),
    ("a new version is available", StaleAssets, 60),
    ("new version available", StaleAssets, 60),
    ("a client-side exception has occurred", StaleAssets, 50),
    ("please enable cookies", CookiesDisabled, 70),
    ("enable cookies", CookiesDisabled, 65),
    ("cookies are disabled", CookiesDisabled, 90),
    ("cookies disabled", CookiesDisabled, 85),
    ("cookies must be enabled", CookiesDisabled, 85),
    ("cookies are blocked", CookiesDisabled, 80),
    ("turn on cookies", CookiesDisabled, 75),
    ("requires cookies", CookiesDisabled, 70),
    ("third-party cookies", CookiesDisabled, 60),
    ("access to storage is not allowed", CookiesDisabled, 70),
    ("unsupported browser", BrowserUnsupported, 85),
    ("browser is not supported", BrowserUnsupported, 85),
    ("browser isn't supported", BrowserUnsupported, 85),
    ("browser not supported", BrowserUnsupported, 85),
    ("update your browser", BrowserUnsupported, 75),
    ("upgrade your browser", BrowserUnsupported, 75),
    ("browser is out of date", BrowserUnsupported, 80),
    ("outdated browser", BrowserUnsupported, 80),
    ("use a supported browser", BrowserUnsupported, 80),
    ("your browser doesn't support", BrowserUnsupported, 70),
    // The network.
    ("you're offline", Offline, 90),
    ("you are offline", Offline, 90),
    ("no internet", Offline, 85),
    ("not connected to the internet", Offline, 90),
    ("internet connection appears to be offline", Offline, 90),
    ("offline", Offline, 60),
    ("dns_probe", DnsFailure, 88),
    ("server ip address could not be found", DnsFailure, 90),
    ("ip address could not be found", DnsFailure, 85),
    ("dns address could not be found", DnsFailure, 85),
    ("having trouble finding that site", DnsFailure, 90),
    ("could not resolve host", DnsFailure, 85),
    ("name not resolved", DnsFailure, 85),
    ("getaddrinfo enotfound", DnsFailure, 85),
    ("nxdomain", DnsFailure, 85),
    ("dns lookup failed", DnsFailure, 80),
    ("dns error", DnsFailure, 80),
    ("server not found", DnsFailure, 70),
    ("proxy server is refusing connections", ProxyOrVpn, 90),
    ("something wrong with the proxy server", ProxyOrVpn, 90),
    ("unable to connect to the proxy", ProxyOrVpn, 85),
    ("proxy connection failed", ProxyOrVpn, 85),
    ("tunnel connection failed", ProxyOrVpn, 85),
    ("proxy error", ProxyOrVpn, 75),
    ("check the proxy and the firewall", ProxyOrVpn, 60),
    ("using a vpn, try turning it off", ProxyOrVpn, 60),
    ("your connection is not private", TlsInterception, 85),
    ("connection is not private", TlsInterception, 85),
    ("potential security risk ahead", TlsInterception, 85),
    ("potential security issue", TlsInterception, 80),
    ("sec_error_unknown_issuer", TlsInterception, 90),
    ("mozilla_pkix_error_mitm_detected", TlsInterception, 95),
    ("certificate is not trusted", TlsInterception, 80),
    (
        "self signed certificate in certificate chain",
        TlsInterception,
        85,
    ),
    ("self-signed certificate", TlsInterception, 75),
    (
        "unable to get local issuer certificate",
        TlsInterception,
        85,
    ),
    ("certificate verify failed", TlsInterception, 75),
    ("secure connection failed", TlsInterception, 55),
    ("your clock is behind", ClockSkew, 95),
    ("your clock is ahead", ClockSkew, 95),
    ("clock is behind", ClockSkew, 90),
    ("clock is ahead", ClockSkew, 90),
    ("computer's date and time", ClockSkew, 80),
    ("sec_error_expired_certificate", ClockSkew, 80),
    ("not_yet_valid_certificate", ClockSkew, 85),
    ("certificate has expired", ClockSkew, 60),
    ("system clock", ClockSkew, 60),
    ("a network error occurred", NetworkUnstable, 65),
    ("network error", NetworkUnstable, 60),
    (
        "networkerror when attempting to fetch resource",
        NetworkUnstable,
        70,
    ),
    ("failed to fetch", NetworkUnstable, 60),
    ("load failed", NetworkUnstable, 55),
    ("network connection was lost", NetworkUnstable, 80),
    ("connection was reset", NetworkUnstable, 80),
    ("connection reset", NetworkUnstable, 75),
    ("network changed", NetworkUnstable, 80),
    ("network_changed", NetworkUnstable, 80),
    ("connection timed out", NetworkUnstable, 55),
    ("took too long to respond", NetworkUnstable, 60),
    ("timed out", NetworkUnstable, 45),
    ("timeout", NetworkUnstable, 40),
    ("econnreset", NetworkUnstable, 75),
    ("socket hang up", NetworkUnstable, 70),
    ("apiconnectionerror", NetworkUnstable, 65),
    ("connection error", NetworkUnstable, 55),
    ("connection lost", NetworkUnstable, 70),
    ("lost connection", NetworkUnstable, 70),
    ("unstable connection", NetworkUnstable, 75),
    ("refused to connect", NetworkUnstable, 55),
    ("this site can't be reached", NetworkUnstable, 45),
    ("unable to connect", NetworkUnstable, 45),
    ("check your internet connection", NetworkUnstable, 45),
    ("check your network connection", NetworkUnstable, 40),
    (
        "an error occurred while connecting to the websocket",
        WebsocketBlocked,
        75,
    ),
    ("websocket connection failed", WebsocketBlocked, 75),
    ("websocket connection to", WebsocketBlocked, 60),
    (
        "can't establish a connection to the server at wss",
        WebsocketBlocked,
        80,
    ),
    ("websocket error", WebsocketBlocked, 65),
    ("websocket is closed", WebsocketBlocked, 60),
    ("blocked_by_administrator", BlockedByNetworkPolicy, 90),
    ("blocked by your administrator", BlockedByNetworkPolicy, 90),
    ("blocked by your organization", BlockedByNetworkPolicy, 90),
    ("blocked by your organisation", BlockedByNetworkPolicy, 90),
    ("your organization has blocked", BlockedByNetworkPolicy, 90),
    ("administrator has blocked", BlockedByNetworkPolicy, 85),
    ("blocked by your network", BlockedByNetworkPolicy, 85),
    ("blocked by your school", BlockedByNetworkPolicy, 85),
    ("access to this site is blocked", BlockedByNetworkPolicy, 80),
    ("web page blocked", BlockedByNetworkPolicy, 75),
    ("website blocked", BlockedByNetworkPolicy, 70),
    ("site blocked", BlockedByNetworkPolicy, 70),
    ("content filter", BlockedByNetworkPolicy, 65),
    ("web filter", BlockedByNetworkPolicy, 65),
    ("fortiguard", BlockedByNetworkPolicy, 80),
    ("zscaler", BlockedByNetworkPolicy, 65),
    ("securly", BlockedByNetworkPolicy, 75),
    ("goguardian", BlockedByNetworkPolicy, 75),
    // Nothing specific: say so, weakly.
    ("something went wrong", Unknown, 30),
    ("an error occurred", Unknown, 25),
    ("there was an error", Unknown, 25),
    ("unexpected error", Unknown, 30),
    ("try again later", Unknown, 25),
];

/// German: how the services and browsers say it in German, and how people retell it.
const DE: &[Phrase] = &[
    ("großflächige störung", ServiceOutage, 80),
    ("dienststörung", ServiceOutage, 70),
    ("störung", ServiceOutage, 55),
    ("ausfall", ServiceOutage, 60),
    ("ausgefallen", ServiceOutage, 60),
    ("ist down", ServiceOutage, 60),
    ("geplante wartung", ServiceMaintenance, 85),
    ("wartungsarbeiten", ServiceMaintenance, 80),
    ("wartungsmodus", ServiceMaintenance, 80),
    ("wartung", ServiceMaintenance, 60),
    ("überlastet", ServerOverloaded, 85),
    ("ueberlastet", ServerOverloaded, 85),
    ("überlastung", ServerOverloaded, 75),
    ("hohe auslastung", ServerOverloaded, 75),
    ("hohe nachfrage", ServerOverloaded, 75),
    ("kapazitätsengpässe", ServerOverloaded, 85),
    ("kapazitätsgrenze", ServerOverloaded, 75),
    ("ausgelastet", ServerOverloaded, 75),
    ("dienst nicht verfügbar", ServerOverloaded, 65),
    (
        "dienst ist vorübergehend nicht verfügbar",
        ServerOverloaded,
        70,
    ),
    ("interner serverfehler", ServerError, 80),
    ("serverfehler", ServerError, 70),
    ("interner fehler", ServerError, 60),
    ("fehlerhaftes gateway", GatewayError, 80),
    ("ungültiges gateway", GatewayError, 80),
    ("gateway-zeitüberschreitung", GatewayError, 80),
    ("zeitüberschreitung des gateways", GatewayError, 80),
    ("antwort wurde unterbrochen", ResponseInterrupted, 85),
    ("generieren der antwort", ResponseInterrupted, 75),
    ("generierung der antwort", ResponseInterrupted, 75),
    ("erstellen der antwort", ResponseInterrupted, 70),
    ("unterbrochen", ResponseInterrupted, 55),
    ("zu viele anfragen", RateLimited, 85),
    ("zu viele nachrichten in kurzer zeit", RateLimited, 85),
    ("ratenbegrenzung", RateLimited, 85),
    ("anfragelimit", RateLimited, 80),
    ("zu schnell", RateLimited, 60),
    ("kontingent überschritten", QuotaExhausted, 92),
    ("kontingent", QuotaExhausted, 75),
    ("guthaben ist zu niedrig", QuotaExhausted, 92),
    ("guthaben aufgebraucht", QuotaExhausted, 90),
    ("nutzungslimit", QuotaExhausted, 85),
    ("nachrichtenlimit", QuotaExhausted, 85),
    ("5-stunden-limit", QuotaExhausted, 90),
    ("limit erreicht", QuotaExhausted, 80),
    ("limit überschritten", QuotaExhausted, 75),
    ("sitzung abgelaufen", SessionExpired, 90),
    ("sitzung ist abgelaufen", SessionExpired, 90),
    ("anmeldung abgelaufen", SessionExpired, 85),
    ("erneut anmelden", SessionExpired, 75),
    ("melde dich erneut an", SessionExpired, 75),
    ("melden sie sich erneut an", SessionExpired, 75),
    ("neu anmelden", SessionExpired, 75),
    ("wieder anmelden", SessionExpired, 70),
    ("abgemeldet", SessionExpired, 60),
    ("nicht angemeldet", SessionExpired, 60),
    ("ungültiger api-schlüssel", InvalidApiKey, 95),
    ("api-schlüssel ist ungültig", InvalidApiKey, 95),
    ("ungültiger api-key", InvalidApiKey, 95),
    ("api-key ist ungültig", InvalidApiKey, 95),
    ("falscher api-schlüssel", InvalidApiKey, 90),
    ("keine berechtigung", AccessForbidden, 80),
    ("konto wurde gesperrt", AccessForbidden, 85),
    ("konto gesperrt", AccessForbidden, 85),
    ("konto wurde deaktiviert", AccessForbidden, 85),
    ("zugriff verweigert", AccessForbidden, 50),
    ("land nicht verfügbar", RegionUnsupported, 90),
    ("region nicht verfügbar", RegionUnsupported, 90),
    ("land nicht unterstützt", RegionUnsupported, 90),
    ("region nicht unterstützt", RegionUnsupported, 90),
    ("in deinem land nicht", RegionUnsupported, 85),
    ("in ihrem land nicht", RegionUnsupported, 85),
    ("ungewöhnliche aktivität", BotChallenge, 90),
    ("verdächtige aktivität", BotChallenge, 80),
    ("dass sie ein mensch sind", BotChallenge, 90),
    ("dass du ein mensch bist", BotChallenge, 90),
    ("browser wird überprüft", BotChallenge, 85),
    ("überprüfung ihres browsers", BotChallenge, 85),
    ("sie wurden blockiert", BotChallenge, 80),
    ("nachricht ist zu lang", PromptTooLarge, 90),
    ("nachricht zu lang", PromptTooLarge, 85),
    ("prompt ist zu lang", PromptTooLarge, 90),
    ("eingabe ist zu lang", PromptTooLarge, 90),
    ("text ist zu lang", PromptTooLarge, 85),
    ("längenbegrenzung", PromptTooLarge, 85),
    ("längenlimit", PromptTooLarge, 85),
    ("maximale kontextlänge", PromptTooLarge, 95),
    ("zu viele tokens", PromptTooLarge, 85),
    ("datei ist zu groß", PromptTooLarge, 70),
    ("datei ist abgelaufen", FileExpired, 90),
    ("datei abgelaufen", FileExpired, 85),
    ("datei ist nicht mehr verfügbar", FileExpired, 85),
    ("datei nicht gefunden", FileExpired, 55),
    ("durch eine erweiterung blockiert", BlockedByExtension, 85),
    ("von einer erweiterung blockiert", BlockedByExtension, 85),
    ("erweiterung blockiert", BlockedByExtension, 80),
    ("werbeblocker", BlockedByExtension, 60),
    ("adblocker", BlockedByExtension, 60),
    ("cookie zu groß", OversizedCookies, 90),
    ("cookie zu gross", OversizedCookies, 90),
    ("cookies zu groß", OversizedCookies, 90),
    ("header zu groß", OversizedCookies, 85),
    ("unterhaltung nicht gefunden", StaleSiteData, 55),
    ("konversation nicht gefunden", StaleSiteData, 55),
    ("chat nicht gefunden", StaleSiteData, 50),
    ("cache und cookies löschen", StaleSiteData, 50),
    ("browserdaten löschen", StaleSiteData, 50),
    ("neue version verfügbar", StaleAssets, 60),
    ("neue version ist verfügbar", StaleAssets, 60),
    ("aktivieren sie cookies", CookiesDisabled, 75),
    ("aktiviere cookies", CookiesDisabled, 75),
    ("cookies aktivieren", CookiesDisabled, 75),
    ("cookies sind deaktiviert", CookiesDisabled, 90),
    ("cookies deaktiviert", CookiesDisabled, 85),
    ("cookies blockiert", CookiesDisabled, 80),
    ("browser wird nicht unterstützt", BrowserUnsupported, 85),
    ("nicht unterstützter browser", BrowserUnsupported, 85),
    ("aktualisiere deinen browser", BrowserUnsupported, 75),
    ("aktualisieren sie ihren browser", BrowserUnsupported, 75),
    ("browser ist veraltet", BrowserUnsupported, 80),
    ("veralteter browser", BrowserUnsupported, 80),
    ("keine internetverbindung", Offline, 90),
    ("du bist offline", Offline, 90),
    ("sie sind offline", Offline, 90),
    ("nicht mit dem internet verbunden", Offline, 90),
    ("ip-adresse des servers", DnsFailure, 85),
    ("dns-fehler", DnsFailure, 80),
    ("server nicht gefunden", DnsFailure, 70),
    ("proxyserver verweigert", ProxyOrVpn, 90),
    ("proxy-server verweigert", ProxyOrVpn, 90),
    ("problem mit dem proxyserver", ProxyOrVpn, 85),
    ("proxyfehler", ProxyOrVpn, 75),
    ("proxy-fehler", ProxyOrVpn, 75),
    ("proxy- und firewall", ProxyOrVpn, 60),
    ("dies ist keine sichere verbindung", TlsInterception, 85),
    ("keine sichere verbindung", TlsInterception, 80),
    ("potenzielles sicherheitsrisiko", TlsInterception, 85),
    ("zertifikat ist nicht vertrauenswürdig", TlsInterception, 80),
    ("ihre uhr geht nach", ClockSkew, 95),
    ("ihre uhr geht vor", ClockSkew, 95),
    ("deine uhr geht nach", ClockSkew, 95),
    ("deine uhr geht vor", ClockSkew, 95),
    ("uhr geht nach", ClockSkew, 90),
    ("uhr geht vor", ClockSkew, 90),
    ("datum und uhrzeit", ClockSkew, 60),
    ("systemuhr", ClockSkew, 60),
    ("systemzeit", ClockSkew, 60),
    ("netzwerkfehler", NetworkUnstable, 60),
    ("verbindung wurde zurückgesetzt", NetworkUnstable, 80),
    ("verbindung wurde unterbrochen", NetworkUnstable, 70),
    ("verbindung unterbrochen", NetworkUnstable, 70),
    ("netzwerk hat sich geändert", NetworkUnstable, 80),
    ("netzwerkänderung", NetworkUnstable, 80),
    ("verbindungsfehler", NetworkUnstable, 60),
    ("verbindung fehlgeschlagen", NetworkUnstable, 50),
    ("zeitüberschreitung", NetworkUnstable, 50),
    ("instabile verbindung", NetworkUnstable, 75),
    ("website ist nicht erreichbar", NetworkUnstable, 45),
    ("websocket-verbindung fehlgeschlagen", WebsocketBlocked, 75),
    ("verbindung zum websocket", WebsocketBlocked, 70),
    ("websocket-fehler", WebsocketBlocked, 65),
    (
        "von ihrem administrator blockiert",
        BlockedByNetworkPolicy,
        90,
    ),
    ("vom administrator blockiert", BlockedByNetworkPolicy, 90),
    (
        "von deiner organisation blockiert",
        BlockedByNetworkPolicy,
        90,
    ),
    (
        "von ihrer organisation blockiert",
        BlockedByNetworkPolicy,
        90,
    ),
    ("vom netzwerk blockiert", BlockedByNetworkPolicy, 85),
    ("website gesperrt", BlockedByNetworkPolicy, 70),
    ("seite ist gesperrt", BlockedByNetworkPolicy, 70),
    ("etwas ist schiefgelaufen", Unknown, 30),
    ("etwas ist schief gelaufen", Unknown, 30),
    ("fehler ist aufgetreten", Unknown, 25),
    ("unerwarteter fehler", Unknown, 30),
    ("später erneut", Unknown, 25),
];

/// Japanese: how the services and browsers say it in Japanese, and how people retell it.
const JA: &[Phrase] = &[
    ("大規模障害", ServiceOutage, 80),
    ("障害が発生", ServiceOutage, 70),
    ("サービス障害", ServiceOutage, 70),
    ("システム障害", ServiceOutage, 70),
    ("ダウンしています", ServiceOutage, 60),
    ("サービスが停止", ServiceOutage, 60),
    ("定期メンテナンス", ServiceMaintenance, 85),
    ("計画メンテナンス", ServiceMaintenance, 85),
    ("メンテナンス中", ServiceMaintenance, 85),
    ("メンテナンス", ServiceMaintenance, 60),
    ("過負荷", ServerOverloaded, 85),
    ("混雑しています", ServerOverloaded, 80),
    ("混み合って", ServerOverloaded, 75),
    ("混雑", ServerOverloaded, 75),
    ("アクセスが集中", ServerOverloaded, 80),
    ("容量の制約", ServerOverloaded, 85),
    ("需要が高", ServerOverloaded, 70),
    ("サービスを利用できません", ServerOverloaded, 60),
    ("内部サーバーエラー", ServerError, 80),
    ("サーバーエラー", ServerError, 70),
    ("サーバーで問題が発生", ServerError, 65),
    ("不正なゲートウェイ", GatewayError, 80),
    ("ゲートウェイタイムアウト", GatewayError, 80),
    ("応答が中断されました", ResponseInterrupted, 85),
    ("回答が中断されました", ResponseInterrupted, 85),
    ("生成中にエラー", ResponseInterrupted, 75),
    ("生成中に問題", ResponseInterrupted, 75),
    ("中断されました", ResponseInterrupted, 55),
    ("リクエストが多すぎます", RateLimited, 85),
    ("リクエスト数が多すぎます", RateLimited, 85),
    ("リクエストが多すぎ", RateLimited, 80),
    ("レート制限", RateLimited, 85),
    ("送信が速すぎ", RateLimited, 75),
    ("上限に達しました", QuotaExhausted, 85),
    ("上限に達", QuotaExhausted, 80),
    ("利用上限", QuotaExhausted, 85),
    ("使用量の上限", QuotaExhausted, 85),
    ("メッセージの上限", QuotaExhausted, 85),
    ("5時間の上限", QuotaExhausted, 90),
    ("5時間の制限", QuotaExhausted, 90),
    ("クォータ", QuotaExhausted, 75),
    ("割り当てを超え", QuotaExhausted, 85),
    ("クレジット残高が不足", QuotaExhausted, 92),
    ("セッションの有効期限が切れ", SessionExpired, 90),
    ("セッションが切れ", SessionExpired, 85),
    ("セッションがタイムアウト", SessionExpired, 85),
    ("再ログイン", SessionExpired, 75),
    ("もう一度ログイン", SessionExpired, 75),
    ("ログインし直", SessionExpired, 75),
    ("ログアウトされました", SessionExpired, 70),
    ("apiキーが無効", InvalidApiKey, 95),
    ("無効なapiキー", InvalidApiKey, 95),
    ("apiキーが正しくありません", InvalidApiKey, 95),
    ("権限がありません", AccessForbidden, 80),
    ("アクセス権がありません", AccessForbidden, 80),
    ("アカウントが停止", AccessForbidden, 85),
    ("アカウントが無効", AccessForbidden, 80),
    ("アクセスが拒否されました", AccessForbidden, 50),
    ("お住まいの国", RegionUnsupported, 85),
    ("お住まいの地域", RegionUnsupported, 85),
    ("国ではサポートされていません", RegionUnsupported, 95),
    ("地域ではサポートされていません", RegionUnsupported, 95),
    ("国では利用できません", RegionUnsupported, 90),
    ("地域では利用できません", RegionUnsupported, 90),
    ("対応していない国", RegionUnsupported, 85),
    ("異常なアクティビティ", BotChallenge, 90),
    ("通常と異なるアクティビティ", BotChallenge, 90),
    ("不審なアクティビティ", BotChallenge, 85),
    ("人間であることを確認", BotChallenge, 90),
    ("ロボットではない", BotChallenge, 80),
    ("メッセージが長すぎます", PromptTooLarge, 90),
    ("入力が長すぎ", PromptTooLarge, 90),
    ("このチャットの長さ制限", PromptTooLarge, 95),
    ("長さの制限", PromptTooLarge, 80),
    ("文字数の上限", PromptTooLarge, 85),
    ("文字数の上限に達", PromptTooLarge, 90),
    ("コンテキスト長", PromptTooLarge, 85),
    ("トークン数が多すぎ", PromptTooLarge, 85),
    ("長すぎます", PromptTooLarge, 70),
    ("ファイルが大きすぎ", PromptTooLarge, 70),
    ("ファイルの有効期限が切れ", FileExpired, 90),
    ("ファイルは利用できなくなりました", FileExpired, 85),
    ("ファイルが利用できません", FileExpired, 70),
    ("ファイルが見つかりません", FileExpired, 55),
    ("拡張機能によってブロック", BlockedByExtension, 85),
    ("拡張機能がブロック", BlockedByExtension, 85),
    ("広告ブロック", BlockedByExtension, 60),
    ("cookieが大きすぎ", OversizedCookies, 90),
    ("クッキーが大きすぎ", OversizedCookies, 90),
    ("ヘッダーが大きすぎ", OversizedCookies, 85),
    ("会話が見つかりません", StaleSiteData, 55),
    ("キャッシュをクリア", StaleSiteData, 50),
    ("キャッシュを削除", StaleSiteData, 50),
    ("新しいバージョンが利用可能", StaleAssets, 60),
    ("新しいバージョンがあります", StaleAssets, 60),
    ("cookieを有効に", CookiesDisabled, 80),
    ("クッキーを有効に", CookiesDisabled, 80),
    ("cookieが無効", CookiesDisabled, 85),
    ("クッキーが無効", CookiesDisabled, 85),
    ("cookieがブロック", CookiesDisabled, 80),
    ("サポートされていないブラウザ", BrowserUnsupported, 85),
    ("ブラウザはサポートされていません", BrowserUnsupported, 85),
    ("ブラウザを更新", BrowserUnsupported, 75),
    ("ブラウザをアップデート", BrowserUnsupported, 75),
    ("ブラウザが古い", BrowserUnsupported, 75),
    ("オフラインです", Offline, 90),
    ("インターネットに接続されていません", Offline, 90),
    ("インターネット接続がありません", Offline, 90),
    ("インターネットに接続できません", Offline, 75),
    ("オフライン", Offline, 70),
    ("ipアドレスが見つかりません", DnsFailure, 85),
    ("dnsエラー", DnsFailure, 80),
    ("サーバーが見つかりません", DnsFailure, 70),
    ("プロキシサーバーに接続できません", ProxyOrVpn, 90),
    ("プロキシサーバーへの接続を拒否", ProxyOrVpn, 90),
    ("プロキシに接続できません", ProxyOrVpn, 85),
    ("プロキシエラー", ProxyOrVpn, 75),
    ("プロキシ", ProxyOrVpn, 50),
    ("プライバシーが保護されません", TlsInterception, 85),
    ("潜在的なセキュリティリスク", TlsInterception, 85),
    ("証明書が信頼されていません", TlsInterception, 80),
    ("安全な接続ができませんでした", TlsInterception, 55),
    ("時計が遅れています", ClockSkew, 95),
    ("時計が進んでいます", ClockSkew, 95),
    ("日付と時刻", ClockSkew, 60),
    ("システム時計", ClockSkew, 60),
    ("ネットワークエラー", NetworkUnstable, 60),
    ("接続がリセットされました", NetworkUnstable, 80),
    ("接続が切断されました", NetworkUnstable, 70),
    ("接続がタイムアウト", NetworkUnstable, 60),
    ("ネットワークが変更されました", NetworkUnstable, 80),
    ("接続が不安定", NetworkUnstable, 75),
    ("通信エラー", NetworkUnstable, 60),
    ("接続エラー", NetworkUnstable, 55),
    ("タイムアウト", NetworkUnstable, 45),
    ("このサイトにアクセスできません", NetworkUnstable, 45),
    ("websocket接続に失敗", WebsocketBlocked, 75),
    ("websocketへの接続", WebsocketBlocked, 60),
    ("websocketエラー", WebsocketBlocked, 65),
    ("管理者によってブロック", BlockedByNetworkPolicy, 90),
    ("組織によってブロック", BlockedByNetworkPolicy, 90),
    ("管理者がブロック", BlockedByNetworkPolicy, 85),
    (
        "このサイトはブロックされています",
        BlockedByNetworkPolicy,
        75,
    ),
    ("問題が発生しました", Unknown, 30),
    ("エラーが発生しました", Unknown, 25),
    ("予期しないエラー", Unknown, 30),
    ("もう一度お試しください", Unknown, 25),
];

/// Every phrase table, for matching.
const TABLES: &[&[Phrase]] = &[EN, DE, JA];

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
    for table in TABLES {
        for &(pat, cause, percent) in *table {
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
        // Cloudflare's own errors: the origin behind it failed (chat-failures.md §4).
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

/// What a WebSocket close code says (chat-failures.md §6.3).
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
                (name, NetErrorKind::NameNotResolved)
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
            let mult = if unit.starts_with("秒後") {
                1
            } else if unit.starts_with("分後") {
                60
            } else if unit.starts_with("時間後") {
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
        return crate::rules::duration_seconds(compact);
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
/// only one service shows, an error JSON's shape (a guess).
fn detect_service(hay: &str, original: &str) -> Option<ServiceId> {
    use ServiceId as S;
    // (pattern, service, priority): higher priority wins, then the earliest mention.
    const SIGNS: &[(&str, S, u8)] = &[
        ("api.anthropic.com", S::AnthropicApi, 4),
        ("api.openai.com", S::OpenaiApi, 4),
        ("platform.openai.com", S::OpenaiApi, 4),
        ("chatgpt.com", S::Chatgpt, 4),
        ("chat.openai.com", S::Chatgpt, 4),
        ("help.openai.com", S::Chatgpt, 4),
        ("oaistatic.com", S::Chatgpt, 4),
        ("claude.ai", S::Claude, 4),
        ("gemini.google.com", S::Gemini, 4),
        ("copilot.microsoft.com", S::Copilot, 4),
        ("perplexity.ai", S::Perplexity, 4),
        ("sk-ant-api", S::AnthropicApi, 3),
        ("sk-ant-admin", S::AnthropicApi, 3),
        ("sk-ant-sid", S::Claude, 3),
        ("sk-proj-", S::OpenaiApi, 3),
        ("chatgpt api", S::OpenaiApi, 3),
        ("openai api", S::OpenaiApi, 3),
        ("anthropic api", S::AnthropicApi, 3),
        ("claude api", S::AnthropicApi, 3),
        ("claude code", S::AnthropicApi, 3),
        ("chatgpt", S::Chatgpt, 2),
        ("claude", S::Claude, 2),
        ("クロード", S::Claude, 2),
        ("gemini", S::Gemini, 2),
        ("ジェミニ", S::Gemini, 2),
        ("bard", S::Gemini, 2),
        ("copilot", S::Copilot, 2),
        ("コパイロット", S::Copilot, 2),
        ("bing chat", S::Copilot, 2),
        ("perplexity", S::Perplexity, 2),
        ("anthropic", S::Claude, 2),
        ("openai", S::Chatgpt, 2),
        ("too many requests in 1 hour", S::Chatgpt, 1),
        (
            "unusual activity has been detected from your device",
            S::Chatgpt,
            1,
        ),
        ("something seems to have gone wrong", S::Chatgpt, 1),
        (
            "something went wrong while generating the response",
            S::Chatgpt,
            1,
        ),
        ("5-hour limit", S::Claude, 1),
        ("length limit for this chat", S::Claude, 1),
        ("exceeded your current quota", S::OpenaiApi, 1),
        ("incorrect api key provided", S::OpenaiApi, 1),
        ("insufficient_quota", S::OpenaiApi, 1),
        (
            "country, region, or territory not supported",
            S::OpenaiApi,
            1,
        ),
        ("credit balance is too low", S::AnthropicApi, 1),
        ("overloaded_error", S::AnthropicApi, 1),
        ("invalid x-api-key", S::AnthropicApi, 1),
    ];
    let b = hay.as_bytes();
    let mut best: Option<(u8, usize, S)> = None;
    for &(pat, service, prio) in SIGNS {
        let Some(pos) = hay.match_indices(pat).map(|(i, _)| i).find(|&i| {
            // Names are words: "bard" is not in "bombard", "openai" may follow "api.".
            prio != 2 || i == 0 || !b[i - 1].is_ascii_alphanumeric()
        }) else {
            continue;
        };
        let better = match best {
            None => true,
            Some((p, at, _)) => prio > p || (prio == p && pos < at),
        };
        if better {
            best = Some((prio, pos, service));
        }
    }
    let found = best.map(|(_, _, s)| s);
    // An app's name with an API error in it is the app's API (Claude Code, SDK tracebacks).
    let apiish = [
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
    ]
    .iter()
    .any(|w| hay.contains(w));
    match (found, best.map(|b| b.0)) {
        (Some(S::Claude), Some(2)) if apiish && !hay.contains("claude.ai") => Some(S::AnthropicApi),
        (Some(S::Chatgpt), Some(2)) if apiish && !hay.contains("chatgpt") => Some(S::OpenaiApi),
        (Some(s), _) => Some(s),
        // No name at all: the shape of an error JSON still tells whose API wrote it.
        (None, _) => json_shape_service(original),
    }
}

/// Anthropic's `{"type":"error","error":{"type":…}}` and OpenAI's `{"error":{…,"param":…}}`.
fn json_shape_service(text: &str) -> Option<ServiceId> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(64 * 1024)
        .collect();
    if compact.contains("\"type\":\"error\",\"error\":{\"type\":")
        || compact.contains("request_id\":\"req_")
    {
        return Some(ServiceId::AnthropicApi);
    }
    if compact.contains("{\"error\":{\"message\":") && compact.contains("\"param\":") {
        return Some(ServiceId::OpenaiApi);
    }
    None
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
        ("5-hour limit reached - resets 3pm", QuotaExhausted),
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
        ("Du hast dein Nutzungslimit erreicht", QuotaExhausted),
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
        ("上限に達しました", QuotaExhausted),
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
