//! The rules: one file per family of causes; each reads the context and adds findings.
//!
//! Every rule attaches the fixes of [`default_fixes`] for its cause, so a cause gets the same
//! ordered fixes whichever observation revealed it; rules put specific fixes (a named
//! extension, a retry-after countdown) in front.

mod account;
mod browser;
mod network;
mod page;
mod request;
mod service;

pub use browser::{named_blocker, NamedBlocker};
// Re-exported for the callers that read them as rules' helpers (the sanitizer, the page's
// checks); they live in `crate::reading`, below the context, so the context can use them too.
pub use crate::reading::{
    browser_version, clock_skewed, duration_seconds, gemini_error_code, retry_after_seconds,
    unsupported_browser, ErrorBody,
};

use crate::catalog::ServiceId;
use crate::cause::{Cause, FixId};
use crate::context::{Context, Findings};
use crate::report::{Fix, Params};

/// Runs every rule family over the context.
pub fn run_all(ctx: &Context<'_>, out: &mut Findings) {
    service::apply(ctx, out);
    account::apply(ctx, out);
    request::apply(ctx, out);
    browser::apply(ctx, out);
    network::apply(ctx, out);
    page::apply(ctx, out);
    own_strings(ctx, out);
}

/// A service's own error strings (`Service::error_causes`) in an error response of an essential
/// request of that service: they say what the shared rules cannot know ("Insufficient Balance"
/// is DeepSeek's prepaid balance run out; Mistral's "service tier capacity exceeded" is Mistral
/// out of capacity, not the caller too fast).
fn own_strings(ctx: &Context<'_>, out: &mut Findings) {
    for (i, h, c) in ctx.http() {
        let Some(service) = c.service else {
            continue;
        };
        let own = service.entry().error_causes;
        if h.status < 400 || !c.role.essential() || own.is_empty() {
            continue;
        }
        let hay = haystack(h);
        if let Some(&(_, cause)) = own.iter().find(|(pat, _)| hay.contains(pat)) {
            let mut p = ctx.params_for(i);
            p.status = Some(h.status);
            add(ctx, out, cause, 0.92, &[i], p, vec![]);
        }
    }
}

/// The fixes for a cause, most useful first, with parameters from the context (observation `at`
/// names the service when known).
pub fn default_fixes(ctx: &Context<'_>, cause: Cause, at: Option<usize>) -> Vec<Fix> {
    fixes_for(cause, at.and_then(|i| ctx.service_of(i)).or(ctx.service))
}

/// The fixes for a cause on a service, most useful first.
pub fn fixes_for(cause: Cause, service: Option<ServiceId>) -> Vec<Fix> {
    use FixId::*;
    let api = service.is_some_and(|s| s.entry().api);
    let ids: &[FixId] = match cause {
        Cause::ServiceOutage | Cause::ServiceMaintenance => {
            &[CheckStatusPage, WaitAndRetry, TryAlternativeService]
        }
        Cause::ServerOverloaded if api => &[UseBackoff, CheckStatusPage, WaitAndRetry],
        Cause::ServerOverloaded => &[WaitAndRetry, CheckStatusPage, TryAlternativeService],
        Cause::ServerError if api => &[UseBackoff, CheckStatusPage, ContactSupport],
        Cause::ServerError => &[
            Regenerate,
            WaitAndRetry,
            CheckStatusPage,
            NewChat,
            ContactSupport,
        ],
        Cause::GatewayError if api => &[UseBackoff, CheckStatusPage],
        Cause::GatewayError => &[WaitAndRetry, Regenerate, CheckStatusPage],
        Cause::ResponseInterrupted => &[Regenerate, WaitAndRetry, SwitchNetwork, CheckStatusPage],
        Cause::RateLimited if api => &[UseBackoff, WaitAndRetry, CheckBilling],
        // Nothing is broken: no "use another assistant while this one is being fixed".
        Cause::RateLimited => &[WaitAndRetry, DisableVpn],
        // Paid credit and billing: waiting does not bring credit back.
        Cause::QuotaExhausted if api => &[CheckBilling, CheckApiKey],
        Cause::QuotaExhausted => &[CheckBilling, ContactSupport],
        Cause::SessionExpired => &[Relogin, ClearSiteCookies, HardReload],
        Cause::InvalidApiKey => &[CheckApiKey, CheckBilling],
        Cause::AccessForbidden if api => &[CheckApiKey, ContactSupport],
        Cause::AccessForbidden => &[Relogin, ContactSupport],
        Cause::RegionUnsupported => &[DisableVpn, ContactSupport],
        Cause::BotChallenge => &[HardReload, DisableVpn, PrivateWindow, ClearSiteCookies],
        Cause::BlockedByExtension => &[AllowlistSiteInBlocker, DisableExtension, PrivateWindow],
        Cause::OversizedCookies => &[ClearSiteCookies, Relogin],
        Cause::StaleSiteData => &[ClearSiteCookies, ClearSiteCache, HardReload, PrivateWindow],
        Cause::StaleAssets => &[HardReload, ClearSiteCache],
        Cause::CookiesDisabled => &[EnableCookies, PrivateWindow],
        Cause::BrowserUnsupported => &[UpdateBrowser, SwitchBrowser],
        Cause::Offline => &[SwitchNetwork, RestartRouter, WaitAndRetry],
        Cause::DnsFailure => &[RestartRouter, SwitchNetwork, DisableVpn],
        Cause::ProxyOrVpn => &[DisableVpn, SwitchNetwork],
        Cause::TlsInterception => &[DisableHttpsScanning, SwitchNetwork, DisableVpn],
        Cause::ClockSkew => &[FixSystemClock],
        Cause::NetworkUnstable => &[SwitchNetwork, DisableVpn, RestartRouter, Regenerate],
        Cause::WebsocketBlocked => &[DisableVpn, SwitchNetwork, PrivateWindow],
        Cause::BlockedByNetworkPolicy => &[SwitchNetwork, DisableVpn, ContactSupport],
        Cause::PromptTooLarge => &[ShortenPrompt, NewChat],
        Cause::FileExpired => &[NewChat, Regenerate],
        Cause::Unknown => &[
            HardReload,
            WaitAndRetry,
            CheckStatusPage,
            PrivateWindow,
            ContactSupport,
        ],
    };
    ids.iter()
        .map(|&id| Fix::new(id, fix_params(id, service)))
        .collect()
}

/// The wait a limit's own words call for, in front of the cause's fixes: until the time the
/// service gave (`seconds` from the observation, `reset_at` as an instant), within the hour for
/// an hourly limit, as long as asked for a limit measured in hours or days; None for a plain
/// "slow down", which "wait a minute" answers. `hay` is the limit's text, lower-cased.
pub(crate) fn wait_fix(
    hay: &str,
    service: Option<ServiceId>,
    seconds: Option<u64>,
    reset_at: Option<f64>,
) -> Option<Fix> {
    let base = fix_params(FixId::RetryAfter, service);
    if seconds.is_some() || reset_at.is_some() {
        return Some(Fix::new(
            FixId::RetryAfter,
            Params {
                seconds,
                reset_at,
                ..base
            },
        ));
    }
    if HOURLY.iter().any(|w| hay.contains(w)) {
        return Some(Fix::new(
            FixId::RetryWithinHour,
            fix_params(FixId::RetryWithinHour, service),
        ));
    }
    LONG_LIMIT
        .iter()
        .any(|w| hay.contains(w))
        .then(|| Fix::new(FixId::RetryAfter, base))
}

/// Words of a limit per hour (ChatGPT's "Too many requests in 1 hour", its model caps' "limit of
/// messages per hour"), in English, German and Japanese.
const HOURLY: &[&str] = &[
    "in 1 hour",
    "in one hour",
    "per hour",
    "an hour",
    "hourly",
    "pro stunde",
    "in 1 stunde",
    "in einer stunde",
    "stündlich",
    "1時間",
    "１時間",
];

/// Words of a limit that lasts longer than a minute or two: a usage cap measured in hours, days
/// or weeks, or one that names its reset.
const LONG_LIMIT: &[&str] = &[
    "hour",
    "daily",
    "per day",
    "a day",
    "tomorrow",
    "week",
    "reset",
    "usage limit",
    "usage cap",
    "message limit",
    "limit of messages",
    "exceeded_limit",
    "stunde",
    "täglich",
    "pro tag",
    "woche",
    "zurückgesetzt",
    "nutzungslimit",
    "nachrichtenlimit",
    "時間",
    "1日",
    "明日",
    "週",
    "リセット",
    "上限",
];

/// Settles a finding's fixes once its evidence is all in: a wait the evidence names (a reset
/// time, an hourly limit) replaces the generic "wait a minute", which would contradict it; and a
/// reset time the service gave beats "within the hour" read from the page's words.
pub(crate) fn settle_fixes(fixes: &mut Vec<Fix>) {
    if fixes
        .iter()
        .any(|f| matches!(f.fix, FixId::RetryAfter | FixId::RetryWithinHour))
    {
        fixes.retain(|f| f.fix != FixId::WaitAndRetry);
    }
    let timed = fixes.iter().any(|f| {
        f.fix == FixId::RetryAfter && (f.params.seconds.is_some() || f.params.reset_at.is_some())
    });
    if timed {
        fixes.retain(|f| f.fix != FixId::RetryWithinHour);
    }
}

/// The parameters a fix needs from the service alone.
pub fn fix_params(id: FixId, service: Option<ServiceId>) -> Params {
    let mut p = Params::default();
    if let Some(s) = service {
        p.service = Some(s.entry().name.to_owned());
        match id {
            FixId::CheckStatusPage => p.url = Some(s.entry().status.url.to_owned()),
            FixId::ClearSiteCookies | FixId::ClearSiteCache => {
                p.origins = crate::catalog::origins(s)
            }
            _ => {}
        }
    }
    p
}

/// Adds a finding with the cause's default fixes, after any `first` fixes.
pub(crate) fn add(
    ctx: &Context<'_>,
    out: &mut Findings,
    cause: Cause,
    confidence: f64,
    evidence: &[usize],
    params: Params,
    first: Vec<Fix>,
) {
    let mut fixes = first;
    fixes.extend(default_fixes(ctx, cause, evidence.first().copied()));
    out.add(ctx, cause, confidence, evidence, params, fixes);
}

/// Everything an error response says, lower-cased, for matching: the JSON error's type, code
/// and message, then the body excerpt and stream tail.
pub(crate) fn haystack(h: &crate::observation::HttpObservation) -> String {
    let err = h
        .body
        .as_deref()
        .and_then(ErrorBody::parse)
        .unwrap_or_default();
    format!("{} {}", err.haystack(), body_text(h))
}

/// What an error body says in words, read by the text classifier (English, German, Japanese):
/// its strongest account- or request-side reading, when strong. The status rules' own word
/// lists are English; a localized "invalid API key" or region refusal must not fall to their
/// generic guesses (a 401 read as an expired session).
pub(crate) fn body_reading(
    h: &crate::observation::HttpObservation,
) -> Option<crate::text::TextHint> {
    let body = h.body.as_deref()?;
    let err = ErrorBody::parse(body);
    let text = err
        .as_ref()
        .and_then(|e| e.message.clone())
        .unwrap_or_else(|| body.to_owned());
    crate::text::classify(&text)
        .into_iter()
        .find(|hint| hint.confidence >= 0.8 && hint.cause.side() == crate::cause::Side::Account)
}

/// Lower-cased body text of an HTTP observation (body excerpt and stream tail).
pub(crate) fn body_text(h: &crate::observation::HttpObservation) -> String {
    let mut s = String::new();
    if let Some(b) = &h.body {
        s.push_str(b);
    }
    if let Some(t) = &h.stream_tail {
        s.push('\n');
        s.push_str(t);
    }
    s.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies() {
        let b = ErrorBody::parse(r#"{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#).unwrap();
        assert_eq!(b.kind.as_deref(), Some("insufficient_quota"));
        let b = ErrorBody::parse(r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"}"#).unwrap();
        assert_eq!(b.kind.as_deref(), Some("overloaded_error"));
        let b = ErrorBody::parse(r#"{"detail":"Too many requests in 1 hour. Try again later."}"#)
            .unwrap();
        assert!(b.haystack().contains("too many requests"));
        let b = ErrorBody::parse(r#"{"type":"error","error":{"type":"rate_limit_err"#).unwrap();
        assert_eq!(b.kind.as_deref(), Some("rate_limit_err"));
        assert!(ErrorBody::parse("<html>").is_none());
    }

    #[test]
    fn times_and_durations() {
        assert_eq!(duration_seconds("6s"), Some(6));
        assert_eq!(duration_seconds("1m30s"), Some(90));
        assert_eq!(duration_seconds("250ms"), Some(1));
        assert_eq!(duration_seconds("x"), None);
        assert_eq!(retry_after_seconds("30", None), Some(30));
        assert_eq!(
            retry_after_seconds("Thu, 01 Jan 1970 00:01:00 GMT", Some(30_000.0)),
            Some(30)
        );
    }

    #[test]
    fn user_agents() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
        assert_eq!(browser_version(chrome), Some(("Chrome", 120)));
        assert_eq!(
            browser_version(
                "Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0"
            ),
            Some(("Firefox", 115))
        );
        assert_eq!(
            browser_version("Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.6 Safari/605.1.15"),
            Some(("Safari", 15))
        );
    }

    #[test]
    fn gemini_codes() {
        assert_eq!(
            gemini_error_code(
                r#")]}'
[["wrb.fr",null,null,null,null,[3,null,[["type.googleapis.com/assistant.boq.bard.application.BardErrorInfo",[1037]]]]]]"#
            ),
            Some(1037)
        );
        assert_eq!(gemini_error_code("data: [1037]"), None);
    }
}
