//! Network-side causes: offline, DNS, proxies and VPNs, TLS interception, clock skew, unstable
//! connections, blocked WebSockets, network policies.

use crate::catalog::Role;
use crate::cause::{Cause, FixId};
use crate::context::{Context, Findings};
use crate::observation::{HttpObservation, NetErrorKind, Observation, ProbeOutcome};
use crate::report::{Fix, Params};

use super::{add, body_text};
use crate::reading::clock_skewed;

/// Runs the network rules.
pub fn apply(ctx: &Context<'_>, out: &mut Findings) {
    let mut refused: Vec<usize> = Vec::new();
    for (i, kind, c) in ctx.net_errors() {
        let mut p = ctx.params_for(i);
        if let Observation::NetError(n) = &ctx.obs[i] {
            p.code = Some(n.error.raw.clone());
        }
        match kind {
            NetErrorKind::InternetDisconnected => {
                add(ctx, out, Cause::Offline, 0.92, &[i], p, vec![])
            }
            NetErrorKind::NameNotResolved => {
                add(ctx, out, Cause::DnsFailure, 0.85, &[i], p, vec![])
            }
            NetErrorKind::ProxyFailed => {
                let first = proxy_extension_fix(ctx);
                add(ctx, out, Cause::ProxyOrVpn, 0.9, &[i], p, first);
            }
            NetErrorKind::CertificateInvalid => {
                add(ctx, out, Cause::TlsInterception, 0.85, &[i], p, vec![])
            }
            NetErrorKind::TlsFailed => add(ctx, out, Cause::TlsInterception, 0.6, &[i], p, vec![]),
            NetErrorKind::CertificateDateInvalid => {
                add(ctx, out, Cause::ClockSkew, 0.8, &[i], p, vec![])
            }
            NetErrorKind::BlockedByAdministrator => add(
                ctx,
                out,
                Cause::BlockedByNetworkPolicy,
                0.88,
                &[i],
                p,
                vec![],
            ),
            NetErrorKind::ConnectionRefused => refused.push(i),
            // One dropped connection on the send cut that send; repeated drops are read below.
            _ if ctx.drops.len() < 2
                && ctx.drops.contains(&i)
                && matches!(c.role, Role::ChatTurn | Role::SendStep) =>
            {
                add(ctx, out, Cause::ResponseInterrupted, 0.6, &[i], p, vec![])
            }
            _ => {}
        }
    }
    if !refused.is_empty() {
        // A big service does not refuse connections: something on the way (firewall, filter,
        // a dead proxy) does.
        let p = ctx.params_for(refused[0]);
        add(
            ctx,
            out,
            Cause::BlockedByNetworkPolicy,
            0.6,
            &refused,
            p,
            vec![],
        );
    }
    // A reply cut because the device went offline.
    for (i, o) in ctx.obs.iter().enumerate() {
        if let Observation::StreamAbort(s) = o {
            if ctx.in_action(i)
                && NetErrorKind::parse(&s.error) == NetErrorKind::InternetDisconnected
            {
                add(
                    ctx,
                    out,
                    Cause::Offline,
                    0.85,
                    &[i],
                    ctx.params_for(i),
                    vec![],
                );
            }
        }
    }
    websockets(ctx, out);
    // Dropped connections (idle sockets, resets, timeouts): one is what any connection does
    // now and then; two or more in one diagnosis are a connection that keeps dropping.
    if ctx.drops.len() >= 2 {
        let n = ctx.drops.len() as f64;
        let p = ctx.params_for(ctx.drops[0]);
        let first = proxy_extension_fix(ctx);
        add(
            ctx,
            out,
            Cause::NetworkUnstable,
            (0.55 + 0.08 * (n - 1.0)).min(0.85),
            &ctx.drops,
            p,
            first,
        );
    }
    for (i, h, c) in ctx.http() {
        if h.status >= 400 && c.role.essential() && is_block_page(h) {
            let mut p = ctx.params_for(i);
            p.status = Some(h.status);
            add(
                ctx,
                out,
                Cause::BlockedByNetworkPolicy,
                0.82,
                &[i],
                p,
                vec![],
            );
        }
        if h.status == 407 {
            let p = ctx.params_for(i);
            add(ctx, out, Cause::ProxyOrVpn, 0.85, &[i], p, vec![]);
        }
    }
    environment(ctx, out);
}

/// Whether an error page comes from a filter on the way (a company, school or ISP proxy), not
/// from the service: block-page words, and no Cloudflare in front.
pub fn is_block_page(h: &HttpObservation) -> bool {
    let body = body_text(h);
    let server = h.header("server").unwrap_or("").to_ascii_lowercase();
    if server.contains("cloudflare") || h.header("cf-ray").is_some() {
        return false;
    }
    let filter = [
        "fortiguard",
        "fortinet",
        "zscaler",
        "websense",
        "forcepoint",
        "sophos",
        "barracuda",
        "palo alto",
        "blue coat",
        "bluecoat",
        "symantec web",
        "cisco umbrella",
        "opendns",
        "netsweeper",
        "lightspeed",
        "securly",
        "goguardian",
        "content filter",
        "web filter",
        "web page blocked",
        "site blocked",
        "access to this site is blocked",
        "blocked by your organization",
        "blocked by your network",
        "category:",
        "url category",
    ];
    filter
        .iter()
        .any(|w| body.contains(w) || server.contains(w))
}

/// The fix that turns off the extension controlling the proxy setting, where one does.
fn proxy_extension_fix(ctx: &Context<'_>) -> Vec<Fix> {
    for (_, e) in ctx.environments() {
        if e.proxy_control.as_deref() == Some("controlled_by_other_extensions") {
            if let Some(id) = &e.proxy_extension {
                let name = ctx
                    .extensions()
                    .and_then(|(_, l)| l.extensions.iter().find(|x| &x.id == id))
                    .map(|x| x.name.clone())
                    .unwrap_or_else(|| id.clone());
                return vec![Fix::new(
                    FixId::DisableExtension,
                    Params {
                        extension_id: Some(id.clone()),
                        extension: Some(name),
                        ..Params::default()
                    },
                )];
            }
        }
    }
    Vec::new()
}

/// The chat's WebSockets that failed it: never opened (blocked on the way), or refused by the
/// server's policy or size limit. Drops are read with the other dropped connections.
fn websockets(ctx: &Context<'_>, out: &mut Findings) {
    for (i, o) in ctx.obs.iter().enumerate() {
        if !ctx.in_action(i) {
            continue;
        }
        match o {
            Observation::WsClose(w) if !w.opened && matches!(w.code, 1006 | 1015 | 1002 | 0) => {
                let mut p = ctx.params_for(i);
                p.code = Some(w.code.to_string());
                add(ctx, out, Cause::WebsocketBlocked, 0.78, &[i], p, vec![]);
            }
            Observation::WsClose(w) if w.code == 1008 => {
                // Policy violation: the server refused the socket, usually its auth.
                let mut p = ctx.params_for(i);
                p.code = Some("1008".into());
                add(ctx, out, Cause::SessionExpired, 0.6, &[i], p, vec![]);
            }
            Observation::WsClose(w) if w.code == 1009 => {
                let mut p = ctx.params_for(i);
                p.code = Some("1009".into());
                add(ctx, out, Cause::PromptTooLarge, 0.7, &[i], p, vec![]);
            }
            _ => {}
        }
    }
}

/// Causes read from the environment and the help page's checks.
fn environment(ctx: &Context<'_>, out: &mut Findings) {
    for (i, e) in ctx.environments() {
        if e.online == Some(false) {
            add(
                ctx,
                out,
                Cause::Offline,
                0.92,
                &[i],
                ctx.params_for(i),
                vec![],
            );
        }
        if let Some(off) = e.clock_offset_ms {
            if clock_skewed(off) {
                let p = Params {
                    offset_seconds: Some((off / 1000.0).round() as i64),
                    ..ctx.params_for(i)
                };
                add(ctx, out, Cause::ClockSkew, 0.85, &[i], p, vec![]);
            }
        }
        if e.proxy_control.as_deref() == Some("controlled_by_other_extensions")
            && ctx.any_live_failure()
        {
            let first = proxy_extension_fix(ctx);
            let p = Params {
                extension: first.first().and_then(|f| f.params.extension.clone()),
                extension_id: first.first().and_then(|f| f.params.extension_id.clone()),
                ..ctx.params_for(i)
            };
            add(ctx, out, Cause::ProxyOrVpn, 0.5, &[i], p, first);
        }
    }
    let mut reach_failures: Vec<usize> = Vec::new();
    for (i, o) in ctx.obs.iter().enumerate() {
        let Observation::Probe(pr) = o else { continue };
        if pr.outcome != ProbeOutcome::Problem {
            continue;
        }
        let detail = pr.detail.as_deref().unwrap_or("").to_ascii_lowercase();
        let mut p = ctx.params_for(i);
        if !detail.is_empty() {
            p.code = Some(crate::context::cut(&detail, 60));
        }
        match pr.name.as_str() {
            "online" => add(ctx, out, Cause::Offline, 0.88, &[i], p, vec![]),
            "websocket" => add(ctx, out, Cause::WebsocketBlocked, 0.75, &[i], p, vec![]),
            "clock" => add(ctx, out, Cause::ClockSkew, 0.8, &[i], p, vec![]),
            "reach"
                if detail.contains("dns")
                    || NetErrorKind::parse(pr.detail.as_deref().unwrap_or(""))
                        == NetErrorKind::NameNotResolved =>
            {
                add(ctx, out, Cause::DnsFailure, 0.6, &[i], p, vec![])
            }
            "reach" if detail.contains("blocked") => {}
            "reach" => reach_failures.push(i),
            _ => {}
        }
    }
    if !reach_failures.is_empty() {
        let p = ctx.params_for(reach_failures[0]);
        let passed = |name: &str| {
            ctx.obs.iter().any(|o| {
                matches!(o, Observation::Probe(pr) if pr.name == name && pr.outcome == ProbeOutcome::Pass)
            })
        };
        let cause = if passed("reach") || passed("online") {
            // Some hosts reachable (or the browser online), the services not: a filter on the
            // way, not the line.
            Cause::BlockedByNetworkPolicy
        } else {
            // Nothing reachable: this device is not online.
            Cause::Offline
        };
        add(ctx, out, cause, 0.55, &reach_failures, p, vec![]);
    }
}
