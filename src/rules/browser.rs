//! Browser-side causes: blocking extensions, oversized cookies, stale data and code, cookies
//! off, a browser too old.

use crate::blockers::{self, BlockerKind};
use crate::catalog::{self, Role};
use crate::cause::{Cause, FixId};
use crate::context::{Context, Findings};
use crate::observation::{
    ExtensionInfo, ExtensionsObservation, NetErrorKind, Observation, ProbeOutcome,
};
use crate::report::{Fix, Params};

use super::{add, body_text, fix_params};
use crate::reading::{unsupported_browser, ErrorBody};

/// Runs the browser rules.
pub fn apply(ctx: &Context<'_>, out: &mut Findings) {
    blocked_requests(ctx, out);
    for (i, h, c) in ctx.http() {
        if h.status < 400 || !c.role.essential() {
            continue;
        }
        let body = body_text(h);
        let mut p = ctx.params_for(i);
        p.status = Some(h.status);
        let cookie_words = body.contains("request header or cookie too large")
            || body.contains("request header fields too large")
            || body.contains("cookie too large")
            || body.contains("headers too large");
        if h.status == 431 || h.status == 494 || (h.status == 400 && cookie_words) {
            add(ctx, out, Cause::OversizedCookies, 0.92, &[i], p, vec![]);
            continue;
        }
        // The main document's own 400, read with the error page's text the content script
        // sent (webRequest never sees a body): nginx's "Request Header Or Cookie Too Large".
        if h.status == 400 && h.body.is_none() && c.role == Role::Page {
            if let Some(j) = error_page_text(ctx, cookie_too_large) {
                add(ctx, out, Cause::OversizedCookies, 0.9, &[i, j], p, vec![]);
                continue;
            }
        }
        if matches!(h.status, 404 | 410) && is_versioned_asset(&h.url, c.role) {
            add(ctx, out, Cause::StaleAssets, 0.8, &[i], p, vec![]);
            continue;
        }
        let err = h.body.as_deref().and_then(ErrorBody::parse);
        // A web app rejecting its own request as malformed, with no error the rules know: the
        // page's stored state (cookies, local data) no longer matches what the server expects.
        if h.status == 400
            && !ctx.is_api(i)
            && matches!(c.role, Role::ChatTurn | Role::Auth)
            && err
                .as_ref()
                .is_none_or(|e| !known_bad_request(&e.haystack()))
            && !known_bad_request(&body)
            && super::body_reading(h).is_none()
        {
            add(ctx, out, Cause::StaleSiteData, 0.55, &[i], p, vec![]);
        }
    }
    environment(ctx, out);
}

/// Whether text says the request's headers or cookies were too large.
fn cookie_too_large(text: &str) -> bool {
    let t = text.to_lowercase();
    t.contains("cookie too large")
        || t.contains("header or cookie")
        || t.contains("header fields too large")
        || t.contains("headers too large")
}

/// The latest error text a page showed that `says` accepts.
fn error_page_text(ctx: &Context<'_>, says: impl Fn(&str) -> bool) -> Option<usize> {
    ctx.obs.iter().enumerate().rev().find_map(|(j, o)| match o {
        Observation::PageMessage(m) if ctx.in_action(j) && says(&m.text) => Some(j),
        _ => None,
    })
}

/// Whether a 400's text is one another rule explains (too large, quota, cookies).
fn known_bad_request(hay: &str) -> bool {
    [
        "too long",
        "too large",
        "context_length",
        "quota",
        "cookie",
        "maximum context",
        "file",
        "rate",
        "too many",
    ]
    .iter()
    .any(|w| hay.contains(w))
}

/// Whether a URL is a script or style with a content hash or version in its name.
fn is_versioned_asset(url: &str, role: Role) -> bool {
    let path = catalog::split_url(url).path;
    if !(role == Role::Asset || catalog::is_asset_path(path)) || !catalog::is_asset_path(path) {
        return false;
    }
    let file = path
        .split(['?', '#'])
        .next()
        .unwrap_or(path)
        .rsplit('/')
        .next()
        .unwrap_or("");
    // `app-3f9a1c2b.js`, `main.8d7e6f5a4b.js`, `_next/static/chunks/1234-abcdef.js`.
    file.split(['-', '.', '_']).any(|part| {
        part.len() >= 6
            && part.chars().all(|c| c.is_ascii_hexdigit())
            && part.chars().any(|c| c.is_ascii_digit())
    }) || path.contains("/_next/static/")
        || path.contains("/assets/")
}

/// Requests an extension (or Firefox's tracking protection) blocked, named where the
/// extension list allows.
fn blocked_requests(ctx: &Context<'_>, out: &mut Findings) {
    let mut blocked: Vec<usize> = Vec::new();
    let mut etp: Vec<usize> = Vec::new();
    for (i, kind, _) in ctx.net_errors() {
        match kind {
            NetErrorKind::BlockedByClient => blocked.push(i),
            NetErrorKind::BlockedByTrackingProtection => etp.push(i),
            _ => {}
        }
    }
    // A help-page check that found a service host blocked by the browser.
    for (i, o) in ctx.obs.iter().enumerate() {
        if let Observation::Probe(p) = o {
            if p.name == "reach"
                && p.outcome == ProbeOutcome::Problem
                && p.detail.as_deref().is_some_and(|d| d.contains("blocked"))
            {
                blocked.push(i);
            }
        }
    }
    if !etp.is_empty() {
        let mut p = ctx.params_for(etp[0]);
        p.blocker = Some("firefox_tracking_protection".into());
        let allow = Fix::new(
            FixId::AllowlistSiteInBlocker,
            Params {
                blocker: p.blocker.clone(),
                ..fix_params(FixId::AllowlistSiteInBlocker, ctx.service_of(etp[0]))
            },
        );
        add(
            ctx,
            out,
            Cause::BlockedByExtension,
            0.85,
            &etp,
            p,
            vec![allow],
        );
    }
    if blocked.is_empty() {
        return;
    }
    let first_i = blocked[0];
    let mut p = ctx.params_for(first_i);
    let mut evidence = blocked.clone();
    let mut first: Vec<Fix> = Vec::new();
    let from_probe = matches!(ctx.obs[first_i], Observation::Probe(_));
    let mut confidence = if from_probe { 0.6 } else { 0.9 };
    if let Some((ei, list)) = ctx.extensions() {
        let suspects = suspects(list);
        evidence.push(ei);
        match suspects.as_slice() {
            [] => {
                // Nothing installed blocks requests: a browser's built-in blocker (Brave
                // Shields, Opera's) or a DNS-level one may; the named fixes still apply.
                confidence -= 0.1;
            }
            [(e, s), rest @ ..] => {
                p.extension = Some(e.name.clone());
                p.extension_id = Some(e.id.clone());
                if let Some(k) = s.known {
                    p.blocker = Some(k.key.to_owned());
                }
                if clear_winner(s, rest) {
                    first.push(Fix::new(
                        FixId::AllowlistSiteInBlocker,
                        Params {
                            blocker: p.blocker.clone(),
                            extension: p.extension.clone(),
                            ..fix_params(FixId::AllowlistSiteInBlocker, ctx.service_of(first_i))
                        },
                    ));
                    first.push(Fix::new(
                        FixId::DisableExtension,
                        Params {
                            extension: p.extension.clone(),
                            extension_id: p.extension_id.clone(),
                            ..Params::default()
                        },
                    ));
                } else {
                    // Several could be it: let the extension find out which (bisect).
                    p.extension = None;
                    p.extension_id = None;
                    p.suspects = suspects.iter().map(|(e, _)| e.id.clone()).collect();
                    first.push(Fix::new(
                        FixId::DisableExtension,
                        Params {
                            suspects: p.suspects.clone(),
                            ..Params::default()
                        },
                    ));
                }
            }
        }
    }
    add(
        ctx,
        out,
        Cause::BlockedByExtension,
        confidence,
        &evidence,
        p,
        first,
    );
}

/// The enabled extensions that can block requests (VPN and proxy extensions aside), most
/// likely first.
fn suspects(list: &ExtensionsObservation) -> Vec<(&ExtensionInfo, blockers::Suspicion)> {
    let mut out: Vec<(&ExtensionInfo, blockers::Suspicion)> = list
        .extensions
        .iter()
        .filter(|e| e.enabled)
        .map(|e| (e, blockers::suspicion(e)))
        .filter(|(_, s)| s.score > 0.2 && s.kind != Some(BlockerKind::VpnProxy))
        .collect();
    out.sort_by(|a, b| b.1.score.total_cmp(&a.1.score));
    out
}

/// Whether the most likely suspect stands clearly above the next.
fn clear_winner(top: &blockers::Suspicion, rest: &[(&ExtensionInfo, blockers::Suspicion)]) -> bool {
    rest.first()
        .is_none_or(|(_, next)| next.score < top.score - 0.25)
}

/// A blocking extension named by the extension list.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedBlocker {
    /// Its name.
    pub name: String,
    /// Its id.
    pub id: String,
    /// The kind of blocker, where it is a known one (`ublock`, …).
    pub blocker: Option<String>,
}

/// The one installed extension that most likely blocks requests, when the extension list
/// shows one clearly (notes name it: "uBlock Origin Lite blocks 3 tracking requests").
pub fn named_blocker(ctx: &Context<'_>) -> Option<NamedBlocker> {
    let (_, list) = ctx.extensions()?;
    let suspects = suspects(list);
    let ((e, s), rest) = suspects.split_first()?;
    clear_winner(s, rest).then(|| NamedBlocker {
        name: e.name.clone(),
        id: e.id.clone(),
        blocker: s.known.map(|k| k.key.to_owned()),
    })
}

/// Causes read from the environment and the help page's checks.
fn environment(ctx: &Context<'_>, out: &mut Findings) {
    for (i, e) in ctx.environments() {
        if e.cookies_enabled == Some(false) {
            add(
                ctx,
                out,
                Cause::CookiesDisabled,
                0.9,
                &[i],
                ctx.params_for(i),
                vec![],
            );
        }
        if let Some((browser, version)) = e.user_agent.as_deref().and_then(unsupported_browser) {
            let p = Params {
                code: Some(format!("{browser} {version}")),
                ..ctx.params_for(i)
            };
            add(ctx, out, Cause::BrowserUnsupported, 0.75, &[i], p, vec![]);
        }
    }
    for (i, o) in ctx.obs.iter().enumerate() {
        let Observation::Probe(p) = o else { continue };
        if p.outcome != ProbeOutcome::Problem {
            continue;
        }
        let params = Params {
            code: p.detail.clone().map(|d| crate::context::cut(&d, 60)),
            ..ctx.params_for(i)
        };
        match p.name.as_str() {
            "cookies" => add(ctx, out, Cause::CookiesDisabled, 0.85, &[i], params, vec![]),
            "storage" => add(ctx, out, Cause::CookiesDisabled, 0.7, &[i], params, vec![]),
            "browserVersion" => add(
                ctx,
                out,
                Cause::BrowserUnsupported,
                0.8,
                &[i],
                params,
                vec![],
            ),
            _ => {}
        }
    }
}
