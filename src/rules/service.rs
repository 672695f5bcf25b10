//! Service-side causes: outages, maintenance, overload, server and gateway errors, cut streams.

use crate::catalog::Role;
use crate::cause::Cause;
use crate::context::{is_user_abort, Context, Findings};
use crate::observation::{
    ComponentState, HttpObservation, NetErrorKind, Observation, StatusIndicator,
};
use crate::report::{ActionKind, Params};

use super::{add, haystack};

/// Runs the service-side rules.
pub fn apply(ctx: &Context<'_>, out: &mut Findings) {
    for (i, h, c) in ctx.http() {
        if h.status >= 400 && !c.role.essential() {
            continue;
        }
        if let Some((cause, conf)) = classify_status(h) {
            let mut p = ctx.params_for(i);
            p.status = Some(h.status);
            // A failure on the chat turn itself is the surest sign; on side calls, less so.
            let conf = if c.role == Role::ChatTurn {
                conf
            } else {
                conf - 0.1
            };
            add(ctx, out, cause, conf, &[i], p, vec![]);
        }
        if h.status < 400 {
            if let Some((cause, conf)) = classify_stream_error(h) {
                add(ctx, out, cause, conf, &[i], ctx.params_for(i), vec![]);
            }
        }
    }
    for (i, o) in ctx.obs.iter().enumerate() {
        if !ctx.in_action(i) {
            continue;
        }
        match o {
            Observation::StreamAbort(s) if !is_user_abort(&s.error) => {
                let mut p = ctx.params_for(i);
                p.code = Some(crate::context::cut(&s.error, 60));
                add(ctx, out, Cause::ResponseInterrupted, 0.7, &[i], p, vec![]);
            }
            Observation::NetError(n)
                if ctx.class[i].role == Role::ChatTurn
                    && matches!(
                        n.error.kind,
                        NetErrorKind::IncompleteChunkedEncoding | NetErrorKind::Http2ProtocolError
                    ) =>
            {
                let mut p = ctx.params_for(i);
                p.code = Some(n.error.raw.clone());
                add(ctx, out, Cause::ResponseInterrupted, 0.7, &[i], p, vec![]);
            }
            Observation::WsClose(w) if w.opened && matches!(w.code, 1011 | 1012 | 1014) => {
                let mut p = ctx.params_for(i);
                p.code = Some(w.code.to_string());
                let cause = if w.code == 1014 {
                    Cause::GatewayError
                } else {
                    Cause::ServerError
                };
                add(ctx, out, cause, 0.65, &[i], p, vec![]);
            }
            // The chat's socket dropped while the reply was arriving: the reply is cut.
            Observation::WsClose(w) if ctx.action[i] == Some(ActionKind::Send) => {
                let mut p = ctx.params_for(i);
                p.code = Some(w.code.to_string());
                add(ctx, out, Cause::ResponseInterrupted, 0.7, &[i], p, vec![]);
            }
            Observation::WsClose(w) if w.code == 1013 => {
                let mut p = ctx.params_for(i);
                p.code = Some(w.code.to_string());
                add(ctx, out, Cause::ServerOverloaded, 0.75, &[i], p, vec![]);
            }
            _ => {}
        }
    }
    status_pages(ctx, out);
}

/// What an HTTP error status (with its body and headers) says about the service.
fn classify_status(h: &HttpObservation) -> Option<(Cause, f64)> {
    let hay = haystack(h);
    let overload_words = ["overloaded", "server_is_overloaded", "capacity", "overload"];
    let says_overload = overload_words.iter().any(|w| hay.contains(w));
    match h.status {
        529 => Some((Cause::ServerOverloaded, 0.9)),
        503 if says_overload => Some((Cause::ServerOverloaded, 0.85)),
        503 if hay.contains("maintenance") => Some((Cause::ServiceMaintenance, 0.75)),
        503 => Some((Cause::ServerOverloaded, 0.65)),
        500 if says_overload => Some((Cause::ServerOverloaded, 0.8)),
        500 | 501 | 505..=511 => Some((Cause::ServerError, 0.75)),
        502 | 504 => Some((Cause::GatewayError, 0.75)),
        // Cloudflare's own errors (520–527, 530): the origin behind it failed.
        520..=524 | 525 | 526 | 527 | 530 => Some((Cause::GatewayError, 0.8)),
        _ => None,
    }
}

/// An error carried inside a 2xx stream: Anthropic's `event: error`, ChatGPT's in-stream
/// `"error"`, Gemini's error codes. Account-side stream errors are read in `account.rs`.
fn classify_stream_error(h: &HttpObservation) -> Option<(Cause, f64)> {
    let tail = h.stream_tail.as_deref()?.to_lowercase();
    if tail.contains("overloaded_error") || tail.contains("\"overloaded\"") {
        return Some((Cause::ServerOverloaded, 0.85));
    }
    if tail.contains("api_error") || tail.contains("internal server error") {
        return Some((Cause::ServerError, 0.75));
    }
    if let Some(1013) = super::gemini_error_code(&tail) {
        return Some((Cause::ServerError, 0.6));
    }
    if tail.contains("something went wrong while generating")
        || tail.contains("an error occurred while processing")
        || (tail.contains("event: error") && !account_words(&tail))
    {
        return Some((Cause::ServerError, 0.6));
    }
    None
}

/// Whether a stream error names an account matter (read by the account rules instead).
fn account_words(tail: &str) -> bool {
    [
        "rate_limit",
        "exceeded_limit",
        "quota",
        "permission",
        "authentication",
        "unusual activity",
        "invalid_request",
        "too_long",
        "too large",
    ]
    .iter()
    .any(|w| tail.contains(w))
}

/// Outages and maintenance from status pages, weighed by whether anything failed here.
fn status_pages(ctx: &Context<'_>, out: &mut Findings) {
    let Some(service) = ctx.service else {
        return;
    };
    let Some((i, s)) = ctx.status_for(service) else {
        return;
    };
    let failing = ctx.any_live_failure();
    let service_side = out
        .list
        .iter()
        .any(|f| f.cause.side() == crate::cause::Side::Service);
    let mut p = Params {
        service: Some(service.entry().name.to_owned()),
        url: s
            .page_url
            .clone()
            .or_else(|| Some(service.entry().status.url.to_owned())),
        ..Params::default()
    };
    let maintenance_now = s.indicator == StatusIndicator::Maintenance
        || s.maintenances.iter().any(|m| {
            matches!(
                m.status.as_str(),
                "in_progress" | "verifying" | "maintenance_in_progress"
            )
        })
        || s.components
            .iter()
            .any(|c| c.status == ComponentState::UnderMaintenance);
    if maintenance_now {
        if let Some(m) = s.maintenances.first() {
            p.incident = Some(m.name.clone());
        }
        let conf = if failing { 0.85 } else { 0.5 };
        add(ctx, out, Cause::ServiceMaintenance, conf, &[i], p, vec![]);
        return;
    }
    let worst =
        s.components
            .iter()
            .map(|c| c.status)
            .fold(None, |acc: Option<ComponentState>, st| match (acc, st) {
                (Some(ComponentState::MajorOutage), _) | (_, ComponentState::MajorOutage) => {
                    Some(ComponentState::MajorOutage)
                }
                (Some(ComponentState::PartialOutage), _) | (_, ComponentState::PartialOutage) => {
                    Some(ComponentState::PartialOutage)
                }
                (_, st) => Some(st),
            });
    if let Some(inc) = s.incidents.first() {
        p.incident = Some(inc.name.clone());
    }
    let conf = match (s.indicator, failing, service_side) {
        (StatusIndicator::Major | StatusIndicator::Critical, true, _) => 0.92,
        (StatusIndicator::Major | StatusIndicator::Critical, false, _) => 0.6,
        (StatusIndicator::Minor, true, true) => 0.85,
        (StatusIndicator::Minor, true, false) => 0.45,
        (StatusIndicator::Minor, false, _) => return,
        _ => match worst {
            Some(ComponentState::MajorOutage) if failing => 0.85,
            Some(ComponentState::PartialOutage) if failing && service_side => 0.8,
            _ if !s.incidents.is_empty() && failing && service_side => 0.8,
            _ => return,
        },
    };
    add(ctx, out, Cause::ServiceOutage, conf, &[i], p, vec![]);
}
