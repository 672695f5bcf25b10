//! Account and limit causes: rate limits, quotas, sessions, keys, permissions, regions, bot checks.

use crate::catalog::Role;
use crate::cause::{Cause, FixId};
use crate::context::{Context, Findings};
use crate::observation::HttpObservation;
use crate::report::{Fix, Params};

use super::{add, fix_params, haystack};
use crate::reading::{duration_seconds, retry_after_seconds};

/// Markers of a Cloudflare challenge or block page (its titles, scripts and form ids).
const CHALLENGE_MARKERS: &[&str] = &[
    // Cloudflare's access-denied page (error 1020, a firewall rule): its title; "Error" and
    // "1020" sit in separate elements, so the number alone is not found as one phrase.
    "used cloudflare to restrict access",
    "<title>just a moment",
    "_cf_chl_opt",
    "/cdn-cgi/challenge-platform/",
    "attention required! | cloudflare",
    "checking your browser",
    "please stand by",
    "cf-turnstile",
];

/// Billing and quota codes that a 429 may carry (OpenAI error codes guide).
const QUOTA_CODES: &[&str] = &[
    "insufficient_quota",
    "credit_balance_exhausted",
    "organization_spend_limit_exceeded",
    "project_spend_limit_exceeded",
    "organization_usage_limit_exceeded",
    "billing_hard_limit_reached",
    "exceeded your current quota",
    "credit balance is too low",
    "usage_limit_exceeded",
];

/// Runs the account rules.
pub fn apply(ctx: &Context<'_>, out: &mut Findings) {
    for (i, h, c) in ctx.http() {
        if h.status >= 400 && !c.role.essential() {
            continue;
        }
        let hay = haystack(h);
        let mut p = ctx.params_for(i);
        if h.status >= 400 {
            p.status = Some(h.status);
        }
        let api = ctx.is_api(i);
        let challenge = h
            .header("cf-mitigated")
            .is_some_and(|v| v.eq_ignore_ascii_case("challenge"))
            || CHALLENGE_MARKERS.iter().any(|m| hay.contains(m));
        let reading = matches!(h.status, 401 | 403)
            .then(|| super::body_reading(h))
            .flatten();
        match h.status {
            403 | 429 | 503 if challenge => {
                add(ctx, out, Cause::BotChallenge, 0.9, &[i], p, vec![]);
            }
            403 if hay.contains("unusual activity")
                || hay.contains("error 1020")
                || h.header("cf-error-type") == Some("1020") =>
            {
                add(ctx, out, Cause::BotChallenge, 0.85, &[i], p, vec![]);
            }
            403 if super::network::is_block_page(h) => {}
            403 | 451 if region_words(&hay) => {
                add(ctx, out, Cause::RegionUnsupported, 0.9, &[i], p, vec![]);
            }
            429 | 402 | 403 | 400 if QUOTA_CODES.iter().any(|q| hay.contains(q)) => {
                add(ctx, out, Cause::QuotaExhausted, 0.9, &[i], p, vec![]);
            }
            // Claude's usage cap (`exceeded_limit`): a limit that resets, not billing.
            429 | 403 | 400 if hay.contains("exceeded_limit") => {
                let (fix, p) = limit_wait(ctx, i, h, &hay, p);
                out.add(ctx, Cause::RateLimited, 0.9, &[i], p, fix);
            }
            429 => {
                let seconds = retry_seconds(h);
                p.seconds = seconds;
                p.reset_at = reset_instant(h, seconds);
                let first: Vec<Fix> = super::wait_fix(&hay, ctx.service_of(i), seconds, p.reset_at)
                    .into_iter()
                    .collect();
                let conf = if hay.contains("rate") || hay.contains("too many") || seconds.is_some()
                {
                    0.88
                } else {
                    0.8
                };
                add(ctx, out, Cause::RateLimited, conf, &[i], p, first);
            }
            401 | 403 if reading.is_some() => {
                if let Some(hint) = &reading {
                    add(
                        ctx,
                        out,
                        hint.cause,
                        hint.confidence * 0.95,
                        &[i],
                        p,
                        vec![],
                    );
                }
            }
            401 if api || hay.contains("invalid_api_key") || hay.contains("incorrect api key") => {
                add(ctx, out, Cause::InvalidApiKey, 0.9, &[i], p, vec![]);
            }
            401 => {
                add(ctx, out, Cause::SessionExpired, 0.85, &[i], p, vec![]);
            }
            403 if hay.contains("permission_error")
                || hay.contains("permission")
                || hay.contains("not allowed") =>
            {
                add(ctx, out, Cause::AccessForbidden, 0.85, &[i], p, vec![]);
            }
            403 if api => {
                add(ctx, out, Cause::AccessForbidden, 0.7, &[i], p, vec![]);
            }
            403 if matches!(
                c.role,
                Role::ChatTurn | Role::SendStep | Role::Auth | Role::Backend
            ) =>
            {
                // A web app's 403 without a challenge: most often a session the server no
                // longer accepts (Claude's web app answers a bad session with 403).
                add(ctx, out, Cause::SessionExpired, 0.6, &[i], p, vec![]);
            }
            _ => {}
        }
        if h.status < 400 {
            stream_errors(ctx, out, i, h);
        }
    }
}

/// Whether text says the service is not offered in the user's country.
fn region_words(hay: &str) -> bool {
    [
        "unsupported_country",
        "country, region, or territory not supported",
        "not available in your country",
        "not currently supported in your country",
        "not supported in your country",
        "unsupported_region",
        "region not supported",
    ]
    .iter()
    .any(|w| hay.contains(w))
}

/// Account errors inside a 2xx stream: Claude's `message_limit`, Anthropic's rate-limit events,
/// Gemini's usage codes, ChatGPT's in-stream "unusual activity".
fn stream_errors(ctx: &Context<'_>, out: &mut Findings, i: usize, h: &HttpObservation) {
    let Some(tail) = h.stream_tail.as_deref() else {
        return;
    };
    let lower = tail.to_lowercase();
    let mut p = ctx.params_for(i);
    if lower.contains("\"exceeded_limit\"") {
        // Claude's 5-hour usage cap: a limit that resets at `resetsAt`, not billing.
        let (fixes, p) = limit_wait(ctx, i, h, &lower, p);
        out.add(ctx, Cause::RateLimited, 0.9, &[i], p, fixes);
        return;
    }
    if lower.contains("rate_limit_error") {
        add(ctx, out, Cause::RateLimited, 0.85, &[i], p, vec![]);
        return;
    }
    if lower.contains("unusual activity") {
        add(ctx, out, Cause::BotChallenge, 0.8, &[i], p, vec![]);
        return;
    }
    match super::gemini_error_code(tail) {
        Some(1037) => {
            // Gemini's daily usage limit: it resets; Gemini's reply names no time.
            p.code = Some("1037".into());
            let fixes = vec![Fix::new(
                FixId::RetryAfter,
                fix_params(FixId::RetryAfter, ctx.service_of(i)),
            )];
            out.add(ctx, Cause::RateLimited, 0.85, &[i], p, fixes);
        }
        Some(1060) if region_words(&lower) => {
            p.code = Some("1060".into());
            add(ctx, out, Cause::RegionUnsupported, 0.85, &[i], p, vec![]);
        }
        Some(1060) => {
            // IP_TEMPORARILY_BLOCKED: Gemini throttles the address, often a shared VPN exit.
            p.code = Some("1060".into());
            add(ctx, out, Cause::RateLimited, 0.8, &[i], p, vec![]);
        }
        _ => {}
    }
}

/// A consumer usage cap's finding parameters and its one fix: wait until the reset time it names
/// (Claude's `resetsAt`), else as long as asked. Nothing else helps: the cap is per account, so
/// no "wait a minute", no billing page, no other network.
fn limit_wait(
    ctx: &Context<'_>,
    i: usize,
    h: &HttpObservation,
    hay: &str,
    mut p: Params,
) -> (Vec<Fix>, Params) {
    let text = format!(
        "{}\n{}",
        h.body.as_deref().unwrap_or(""),
        h.stream_tail.as_deref().unwrap_or("")
    );
    p.reset_at = resets_at(&text);
    p.seconds = p.reset_at.and_then(|at| {
        h.end
            .or(h.start)
            .map(|now| ((at - now) / 1000.0).max(0.0).ceil() as u64)
    });
    let fix = super::wait_fix(hay, ctx.service_of(i), p.seconds, p.reset_at).unwrap_or_else(|| {
        Fix::new(
            FixId::RetryAfter,
            fix_params(FixId::RetryAfter, ctx.service_of(i)),
        )
    });
    (vec![fix], p)
}

/// When a rate limit resets, as an instant (epoch ms): the wait counted from the response's own
/// time; None when the response has no time (a pasted message).
fn reset_instant(h: &HttpObservation, seconds: Option<u64>) -> Option<f64> {
    let at = h.end.or(h.start)?;
    seconds.map(|s| at + s as f64 * 1000.0)
}

/// Claude's `resetsAt` / `resets_at` (unix seconds) in a `message_limit` event or a 429's
/// message (where it is JSON inside a JSON string: `\"resetsAt\": 1763492400`), in epoch ms.
fn resets_at(tail: &str) -> Option<f64> {
    for key in ["resetsAt", "resets_at"] {
        if let Some(i) = tail.rfind(key) {
            let rest = tail[i + key.len()..].trim_start_matches(|c: char| {
                c == '\\' || c == '"' || c == ':' || c.is_whitespace()
            });
            let num: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            if let Some(n) = crate::decimal::parse_f64(&num).filter(|n| *n > 0.0) {
                return Some(n * 1000.0);
            }
        }
    }
    None
}

/// How long to wait, from `retry-after`, OpenAI's and Anthropic's rate-limit headers.
fn retry_seconds(h: &HttpObservation) -> Option<u64> {
    let now = h.end.or(h.start);
    if let Some(s) = h
        .header("retry-after")
        .and_then(|v| retry_after_seconds(v, now))
    {
        return Some(s);
    }
    let mut best: Option<u64> = None;
    for (k, v) in &h.headers {
        let s = if k.starts_with("x-ratelimit-reset") {
            duration_seconds(v)
        } else if k.starts_with("anthropic-ratelimit-") && k.ends_with("-reset") {
            match (crate::time::rfc3339_ms(v), now) {
                (Some(at), Some(now)) => Some(((at - now) / 1000.0).max(0.0).ceil() as u64),
                _ => None,
            }
        } else {
            None
        };
        // Only a limit that is exhausted matters; without "remaining" take the longest reset.
        if let Some(s) = s {
            let remaining_key = k.replace("-reset", "-remaining");
            let exhausted = h.header(&remaining_key).is_none_or(|r| r.trim() == "0");
            if exhausted {
                best = Some(best.map_or(s, |b| b.max(s)));
            }
        }
    }
    best
}
