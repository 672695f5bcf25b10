//! Runs the rules, ranks findings, builds the report.
//!
//! A diagnosis starts from a failure the user saw: a chat action that failed (a send, a page
//! load, a login, the chat's socket, an error the page showed, a failed check). [`run`] derives
//! the [`Context`] once (`crate::context`), lets every rule (`crate::rules`) read the failed
//! actions and add to [`Findings`], then ranks them; with no failed action the report is
//! `all_clear`, and what looked odd but broke nothing (a blocked tracker, a socket that dropped
//! once) becomes a [`Note`]. A finding whose evidence includes the failed request itself
//! outranks one resting on circumstance (a status page, the extension list) unless both blame
//! the same side.
//!
//! Layering (each module imports only those below it; `docs/architecture.md` draws it):
//! `diagnose` → `rules` → `context` → `text` → `reading`, with the data types (`observation`,
//! `report`, `cause`, `catalog`) at the bottom.

use std::collections::BTreeMap;

use crate::catalog::ServiceId;
// The context's types and failure facts, re-exported where callers have always found them.
use crate::cause::{Cause, FixId};
use crate::context::is_drop;
pub use crate::context::{
    cut, failed_action, is_failure, is_user_abort, stream_has_error, summarize, tail_has_error,
    Context, Findings,
};
use crate::observation::{NetErrorKind, Observation, StatusIndicator};
use crate::report::{Finding, Fix, Note, NoteId, Params, Report, Verdict};

/// Diagnoses observations into a language-free report (texts empty; see `render`).
pub fn run(obs: &[Observation]) -> Report {
    run_counted(obs, &BTreeMap::new())
}

/// [`run`] for observations a reader thinned, with the healthy requests it left out counted
/// per service (see [`Context::counted`]).
pub fn run_counted(obs: &[Observation], counted: &BTreeMap<ServiceId, usize>) -> Report {
    let ctx = Context::counted(obs, counted);
    let mut f = Findings::default();
    if ctx.any_live_failure() {
        crate::rules::run_all(&ctx, &mut f);
        // Nothing explains the failed action from its own evidence: say so ("unclear"), with
        // whatever circumstance suggests ranked below.
        let explained = f.list.iter().any(|finding| {
            finding
                .evidence
                .iter()
                .any(|e| ctx.in_action(e.observation))
        });
        if !explained {
            let evidence: Vec<usize> = (0..obs.len()).filter(|&i| ctx.in_action(i)).collect();
            let fixes =
                crate::rules::default_fixes(&ctx, Cause::Unknown, evidence.first().copied());
            let params = evidence
                .first()
                .map(|&i| ctx.params_for(i))
                .unwrap_or_default();
            f.add(&ctx, Cause::Unknown, 0.3, &evidence, params, fixes);
        }
    }
    let mut findings = f.list;
    for finding in &mut findings {
        dedup_fixes(&mut finding.fixes);
        crate::rules::settle_fixes(&mut finding.fixes);
        finding.primary = crate::report::primary_fixes(finding);
        finding.action = finding
            .evidence
            .iter()
            .find_map(|e| ctx.action.get(e.observation).copied().flatten());
    }
    rank(&mut findings);
    let verdict = match findings.first() {
        None => Verdict::AllClear,
        Some(top) => Verdict::for_side(top.cause.side()),
    };
    let notes = notes(&ctx, &findings);
    let time = report_time(obs, &findings);
    Report {
        service: ctx.service,
        verdict,
        findings,
        notes,
        support_summary: String::new(),
        lang: "en".into(),
        time,
        recorded: false,
    }
}

/// Orders findings most likely first, with one exception: a finding that rests on circumstance
/// alone (no evidence from a failed action: a status page, the extension list, the browser's
/// settings) never outranks one resting on the failed request's own evidence, unless it blames
/// the same side (an outage on the status page does explain the 500 better than "server error").
fn rank(findings: &mut [Finding]) {
    // Most likely first; equal confidence keeps rule order (stable sort).
    findings.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
    let Some(side) = findings
        .iter()
        .find(|f| f.action.is_some())
        .map(|f| f.cause.side())
    else {
        return;
    };
    findings.sort_by_key(|f| f.action.is_none() && f.cause.side() != side);
}

/// What looked odd but broke nothing, as notes: blocked trackers, failed side requests, one
/// idle socket drop, an incident on the status page while nothing failed here.
fn notes(ctx: &Context<'_>, findings: &[Finding]) -> Vec<Note> {
    let mut notes = Vec::new();
    // A later successful send does not make these history: they never mattered to the chat,
    // and they go on happening beside it.
    let side: Vec<usize> = (0..ctx.obs.len())
        .filter(|&i| {
            let history = ctx.recovered[i] && ctx.class[i].role.essential();
            ctx.failed[i]
                && !history
                && !ctx.in_action(i)
                && !ctx.drops.contains(&i)
                && matches!(
                    ctx.obs[i],
                    Observation::Http(_) | Observation::NetError(_) | Observation::StreamAbort(_)
                )
        })
        .collect();
    let blocked_kind = |i: &usize| match &ctx.obs[*i] {
        Observation::NetError(n) => Some(n.error.kind).filter(|k| {
            matches!(
                k,
                NetErrorKind::BlockedByClient | NetErrorKind::BlockedByTrackingProtection
            )
        }),
        _ => None,
    };
    let (blocked, other): (Vec<usize>, Vec<usize>) =
        side.iter().partition(|i| blocked_kind(i).is_some());
    let tab_host = |first: usize| {
        ctx.service
            .map(|s| s.entry().hosts[0].to_owned())
            .or_else(|| ctx.params_for(first).host)
    };
    if let Some(&first) = blocked.first() {
        let mut p = Params {
            count: Some(blocked.len() as u64),
            host: tab_host(first),
            service: ctx.service.map(|s| s.entry().name.to_owned()),
            ..Params::default()
        };
        if blocked
            .iter()
            .all(|i| blocked_kind(i) == Some(NetErrorKind::BlockedByTrackingProtection))
        {
            p.blocker = Some("firefox_tracking_protection".into());
        } else if let Some(named) = crate::rules::named_blocker(ctx) {
            p.extension = Some(named.name);
            p.extension_id = Some(named.id);
            p.blocker = named.blocker;
        }
        notes.push(Note {
            note: NoteId::TelemetryBlocked,
            params: p,
            text: String::new(),
        });
    }
    let other: Vec<usize> = other
        .into_iter()
        .filter(|&i| ctx.class[i].service.is_some())
        .collect();
    if let Some(&first) = other.first() {
        notes.push(Note {
            note: NoteId::SideRequestFailed,
            params: Params {
                count: Some(other.len() as u64),
                host: tab_host(first),
                service: ctx.service.map(|s| s.entry().name.to_owned()),
                ..Params::default()
            },
            text: String::new(),
        });
    }
    // One socket drop that broke nothing (whether or not a later send has worked since, which
    // is the recovery the note speaks of); two or more are `network_unstable`.
    let idle_drops: Vec<usize> = (0..ctx.obs.len())
        .filter(|&i| {
            ctx.failed[i]
                && matches!(ctx.obs[i], Observation::WsClose(_))
                && is_drop(&ctx.obs[i], ctx.class[i])
        })
        .collect();
    if ctx.drops.len() < 2 {
        if let [only] = idle_drops.as_slice() {
            let mut p = ctx.params_for(*only);
            p.count = Some(1);
            notes.push(Note {
                note: NoteId::SocketRecovered,
                params: p,
                text: String::new(),
            });
        }
    }
    let outage_found = findings
        .iter()
        .any(|f| matches!(f.cause, Cause::ServiceOutage | Cause::ServiceMaintenance));
    if !outage_found {
        let status = ctx.service.and_then(|s| ctx.status_for(s)).or_else(|| {
            ctx.obs.iter().enumerate().rev().find_map(|(i, o)| match o {
                Observation::Status(s) => Some((i, s)),
                _ => None,
            })
        });
        if let Some((_, s)) = status {
            let troubled = matches!(
                s.indicator,
                StatusIndicator::Minor
                    | StatusIndicator::Major
                    | StatusIndicator::Critical
                    | StatusIndicator::Maintenance
            ) || !s.incidents.is_empty();
            if troubled {
                notes.push(Note {
                    note: NoteId::StatusIncident,
                    params: Params {
                        service: Some(s.service.entry().name.to_owned()),
                        incident: s
                            .incidents
                            .first()
                            .or(s.maintenances.first())
                            .map(|i| cut(&i.name, 160)),
                        url: s
                            .page_url
                            .clone()
                            .or_else(|| Some(s.service.entry().status.url.to_owned())),
                        ..Params::default()
                    },
                    text: String::new(),
                });
            }
        }
    }
    notes
}

/// The latest time among the findings' evidence, else among all observations.
fn report_time(obs: &[Observation], findings: &[Finding]) -> Option<f64> {
    fn latest<'a>(it: impl Iterator<Item = &'a Observation>) -> Option<f64> {
        it.filter_map(Observation::time)
            .filter(|t| t.is_finite())
            .reduce(f64::max)
    }
    let evidence = findings
        .iter()
        .flat_map(|f| &f.evidence)
        .filter_map(|e| obs.get(e.observation));
    latest(evidence).or_else(|| latest(obs.iter()))
}

/// Keeps the first of each fix id.
fn dedup_fixes(fixes: &mut Vec<Fix>) {
    let mut seen: Vec<FixId> = Vec::new();
    fixes.retain(|f| {
        if seen.contains(&f.fix) {
            false
        } else {
            seen.push(f.fix);
            true
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::ServiceId;
    use crate::observation::parse_observations;
    use crate::report::ActionKind;

    fn diag(json: &str) -> Report {
        run(&parse_observations(json).expect("valid observations"))
    }

    fn top(r: &Report) -> Option<Cause> {
        r.findings.first().map(|f| f.cause)
    }

    #[test]
    fn healthy_session_is_all_clear() {
        let r = diag(
            r#"[{"kind":"http","url":"https://chatgpt.com/backend-api/f/conversation","method":"POST","status":200},
                {"kind":"netError","url":"https://ab.chatgpt.com/v1/rgstr","error":"net::ERR_BLOCKED_BY_CLIENT"},
                {"kind":"netError","url":"https://www.google-analytics.com/g/collect","error":"net::ERR_BLOCKED_BY_CLIENT"},
                {"kind":"netError","url":"https://chatgpt.com/backend-api/f/conversation","error":"net::ERR_ABORTED"}]"#,
        );
        assert_eq!(r.verdict, Verdict::AllClear);
        assert!(r.findings.is_empty(), "{:?}", r.findings);
    }

    #[test]
    fn later_success_clears_an_old_failure() {
        let r = diag(
            r#"[{"kind":"http","url":"https://claude.ai/api/organizations/o/chat_conversations/c/completion","method":"POST","status":529,"start":1000},
                {"kind":"http","url":"https://claude.ai/api/organizations/o/chat_conversations/c/completion","method":"POST","status":200,"start":2000}]"#,
        );
        assert_eq!(r.verdict, Verdict::AllClear);
        let r = diag(
            r#"[{"kind":"http","url":"https://claude.ai/api/organizations/o/chat_conversations/c/completion","method":"POST","status":200,"start":1000},
                {"kind":"http","url":"https://claude.ai/api/organizations/o/chat_conversations/c/completion","method":"POST","status":529,"start":2000}]"#,
        );
        assert_eq!(top(&r), Some(Cause::ServerOverloaded));
        assert_eq!(r.verdict, Verdict::NotYou);
        assert_eq!(r.service, Some(ServiceId::Claude));
    }

    #[test]
    fn quota_is_not_a_rate_limit() {
        let r = diag(
            r#"[{"kind":"http","url":"https://api.openai.com/v1/chat/completions","method":"POST","status":429,
                 "body":"{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}"}]"#,
        );
        assert_eq!(top(&r), Some(Cause::QuotaExhausted));
        assert!(!r.findings.iter().any(|f| f.cause == Cause::RateLimited));
        let r = diag(
            r#"[{"kind":"http","url":"https://api.openai.com/v1/chat/completions","method":"POST","status":429,
                 "headers":{"retry-after":"20"},
                 "body":"{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}"}]"#,
        );
        assert_eq!(top(&r), Some(Cause::RateLimited));
        let f = &r.findings[0];
        assert_eq!(f.fixes[0].fix, FixId::RetryAfter);
        assert_eq!(f.fixes[0].params.seconds, Some(20));
    }

    #[test]
    fn challenge_is_not_a_permission_error() {
        let r = diag(
            r#"[{"kind":"http","url":"https://chatgpt.com/backend-api/f/conversation","method":"POST","status":403,
                 "headers":{"cf-mitigated":"challenge","server":"cloudflare"},"body":"<!DOCTYPE html><html><head><title>Just a moment...</title>"}]"#,
        );
        assert_eq!(top(&r), Some(Cause::BotChallenge));
        let r = diag(
            r#"[{"kind":"http","url":"https://api.anthropic.com/v1/messages","method":"POST","status":403,
                 "body":"{\"type\":\"error\",\"error\":{\"type\":\"permission_error\",\"message\":\"Your API key does not have permission to use the specified resource.\"}}"}]"#,
        );
        assert_eq!(top(&r), Some(Cause::AccessForbidden));
    }

    // Renders from the compiled-in texts, which the extension's wasm build lacks.
    #[cfg(embedded_texts)]
    #[test]
    fn errors_inside_a_200_stream() {
        let r = diag(
            r#"[{"kind":"http","url":"https://api.anthropic.com/v1/messages","method":"POST","status":200,
                 "streamTail":"event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n"}]"#,
        );
        assert_eq!(top(&r), Some(Cause::ServerOverloaded));
        let r = diag(
            r#"[{"kind":"http","url":"https://claude.ai/api/organizations/o/chat_conversations/c/completion","method":"POST","status":200,"end":1765850000000,
                 "streamTail":"data: {\"type\":\"message_limit\",\"message_limit\":{\"type\":\"exceeded_limit\",\"resetsAt\":1765864800}}\n\n"}]"#,
        );
        // Claude's 5-hour cap is a limit that resets at `resetsAt`, not billing: one fix, the
        // wait until then, and no "wait a minute", billing page or other assistant.
        assert_eq!(top(&r), Some(Cause::RateLimited));
        let f = &r.findings[0];
        assert_eq!(f.fixes[0].params.seconds, Some(14_800));
        assert_eq!(f.fixes[0].params.reset_at, Some(1_765_864_800_000.0));
        let ids: Vec<FixId> = f.fixes.iter().map(|x| x.fix).collect();
        assert_eq!(ids, [FixId::RetryAfter]);
        assert_eq!(f.fixes[0].action, None, "no countdown for hours");
        let mut r = r.clone();
        crate::render::render(&mut r, crate::Lang::En);
        assert_eq!(
            r.findings[0].fixes[0].title,
            "Try again after 06:00 UTC on 16 Dec"
        );
        crate::render::render_at(&mut r, crate::Lang::En, Some(1_765_864_800_001.0));
        assert_eq!(
            r.findings[0].fixes[0].title,
            "Your limit has reset: try again now"
        );
        // Gemini's daily limit (code 1037): a limit that resets, said without a minute's wait.
        let r = diag(
            r#"[{"kind":"http","url":"https://gemini.google.com/_/BardChatUi/data/assistant.lamda.BardFrontendService/StreamGenerate","method":"POST","status":200,
                 "streamTail":")]}'\n[[\"wrb.fr\",null,null,null,null,[3,null,[[\"type.googleapis.com/assistant.boq.bard.application.BardErrorInfo\",[1037]]]]]]"}]"#,
        );
        assert_eq!(top(&r), Some(Cause::RateLimited));
        let ids: Vec<FixId> = r.findings[0].fixes.iter().map(|x| x.fix).collect();
        assert_eq!(ids, [FixId::RetryAfter]);
    }

    #[test]
    fn an_hourly_limit_is_tried_again_within_the_hour() {
        let r = diag(
            r#"[{"kind":"http","url":"https://chatgpt.com/backend-api/f/conversation","method":"POST","status":429,
                 "body":"{\"detail\":\"Too many requests in 1 hour. Try again later.\"}"}]"#,
        );
        assert_eq!(top(&r), Some(Cause::RateLimited));
        let ids: Vec<FixId> = r.findings[0].fixes.iter().map(|x| x.fix).collect();
        assert_eq!(ids[0], FixId::RetryWithinHour);
        assert!(!ids.contains(&FixId::WaitAndRetry), "{ids:?}");
        assert!(!ids.contains(&FixId::TryAlternativeService), "{ids:?}");
        // The service's own reset time beats the page's "in 1 hour" (the same 429 and its toast).
        let r = diag(
            r#"[{"kind":"http","url":"https://claude.ai/api/organizations/o/chat_conversations/c/completion","method":"POST","status":429,"end":1765850000000,
                 "body":"{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"{\\\"type\\\": \\\"exceeded_limit\\\", \\\"resetsAt\\\": 1765864800}\"}}"},
                {"kind":"pageMessage","text":"Too many requests in 1 hour. Try again later.","at":1765850000100}]"#,
        );
        let f = &r.findings[0];
        assert_eq!(f.cause, Cause::RateLimited);
        let ids: Vec<FixId> = f.fixes.iter().map(|x| x.fix).collect();
        assert_eq!(ids[0], FixId::RetryAfter, "{ids:?}");
        assert_eq!(f.fixes[0].params.reset_at, Some(1_765_864_800_000.0));
        assert!(!ids.contains(&FixId::RetryWithinHour), "{ids:?}");
        assert!(!ids.contains(&FixId::WaitAndRetry), "{ids:?}");
        // A plain per-minute limit keeps "wait a minute".
        let r = diag(
            r#"[{"kind":"http","url":"https://chatgpt.com/backend-api/f/conversation","method":"POST","status":429,
                 "body":"{\"detail\":\"Too many requests. Slow down.\"}"}]"#,
        );
        assert_eq!(r.findings[0].fixes[0].fix, FixId::WaitAndRetry);
    }

    #[test]
    fn billing_is_never_told_to_wait() {
        let r = diag(
            r#"[{"kind":"http","url":"https://api.openai.com/v1/chat/completions","method":"POST","status":429,
                 "body":"{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}"}]"#,
        );
        let f = &r.findings[0];
        assert_eq!(f.cause, Cause::QuotaExhausted);
        assert!(f.fixes.iter().all(|x| !matches!(
            x.fix,
            FixId::WaitAndRetry | FixId::RetryAfter | FixId::TryAlternativeService
        )));
        assert_eq!(f.primary, f.fixes.len().min(3));
    }

    #[test]
    fn blocked_by_a_named_extension() {
        let r = diag(
            r#"[{"kind":"netError","url":"https://chatgpt.com/backend-api/sentinel/chat-requirements","method":"POST","error":"net::ERR_BLOCKED_BY_CLIENT"},
                {"kind":"extensions","extensions":[
                   {"id":"cjpalhdlnbpafiamejdnhcphjbkeiagm","name":"uBlock Origin","enabled":true,"type":"extension","permissions":["webRequest","webRequestBlocking"],"hostPermissions":["<all_urls>"]},
                   {"id":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","name":"Dark Mode","enabled":true,"type":"extension","permissions":["storage"],"hostPermissions":[]}]}]"#,
        );
        assert_eq!(top(&r), Some(Cause::BlockedByExtension));
        assert_eq!(r.verdict, Verdict::YourBrowser);
        let f = &r.findings[0];
        assert_eq!(f.params.extension.as_deref(), Some("uBlock Origin"));
        assert!(f.fixes.iter().any(|x| x.fix == FixId::DisableExtension
            && matches!(&x.action, Some(crate::report::Action::DisableExtension { id, .. }) if id == "cjpalhdlnbpafiamejdnhcphjbkeiagm")));
    }

    #[test]
    fn unexplained_failure_is_unknown() {
        let r = diag(
            r#"[{"kind":"http","url":"https://chatgpt.com/backend-api/f/conversation","method":"POST","status":418}]"#,
        );
        assert_eq!(top(&r), Some(Cause::Unknown));
        assert_eq!(r.verdict, Verdict::Unclear);
    }

    #[test]
    fn status_page_outage_with_local_failures() {
        let r = diag(
            r#"[{"kind":"http","url":"https://chatgpt.com/backend-api/f/conversation","method":"POST","status":500},
                {"kind":"status","service":"chatgpt","indicator":"major","incidents":[{"name":"Elevated errors","status":"investigating","impact":"major"}]}]"#,
        );
        assert_eq!(top(&r), Some(Cause::ServiceOutage));
        assert_eq!(
            r.findings[0].params.incident.as_deref(),
            Some("Elevated errors")
        );
        assert_eq!(r.findings[0].fixes[0].fix, FixId::CheckStatusPage);
    }

    /// uBlock Origin Lite as `chrome.management` lists it (its declarativeNetRequest
    /// permissions), and a bystander.
    const UBOL: &str = r#"{"kind":"extensions","extensions":[
        {"id":"ddkjiahejlhfcafbddmgiahcphecmpfh","name":"uBlock Origin Lite","enabled":true,"type":"extension","permissions":["declarativeNetRequest","scripting"],"hostPermissions":["<all_urls>"]},
        {"id":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","name":"Dark Mode","enabled":true,"type":"extension","permissions":["storage"],"hostPermissions":[]}]}"#;

    /// What EasyPrivacy blocks on chatgpt.com while the chat works (the real lists' rules:
    /// `||chatgpt.com/backend-api/sentinel/ping`, `/ces/v1/[a-z]`, `||bzr.openai.com^`).
    const CHATGPT_TELEMETRY_BLOCKED: &str = r#"
        {"kind":"netError","url":"https://chatgpt.com/backend-api/sentinel/ping","method":"POST","error":"net::ERR_BLOCKED_BY_CLIENT","time":1000},
        {"kind":"netError","url":"https://chatgpt.com/ces/v1/t","method":"POST","error":"net::ERR_BLOCKED_BY_CLIENT","time":1100},
        {"kind":"netError","url":"https://chatgpt.com/ces/v1/p","method":"POST","error":"net::ERR_BLOCKED_BY_CLIENT","time":1200}"#;

    fn with_telemetry(rest: &str) -> String {
        format!("[{CHATGPT_TELEMETRY_BLOCKED}, {UBOL}, {rest}]")
    }

    // Renders from the compiled-in texts, which the extension's wasm build lacks.
    #[cfg(embedded_texts)]
    #[test]
    fn blocked_telemetry_is_a_note_on_an_all_clear_report() {
        let r = diag(&with_telemetry(
            r#"{"kind":"http","url":"https://chatgpt.com/backend-api/f/conversation","method":"POST","status":200,"start":1500,"end":3000}"#,
        ));
        assert_eq!(r.verdict, Verdict::AllClear);
        assert!(r.findings.is_empty(), "{:?}", r.findings);
        let note = &r.notes[0];
        assert_eq!(note.note, NoteId::TelemetryBlocked);
        assert_eq!(note.params.count, Some(3));
        assert_eq!(note.params.extension.as_deref(), Some("uBlock Origin Lite"));
        assert_eq!(note.params.host.as_deref(), Some("chatgpt.com"));
        let mut r = r;
        crate::render::render(&mut r, crate::Lang::En);
        assert_eq!(
            r.notes[0].text,
            "uBlock Origin Lite blocks 3 tracking requests on chatgpt.com; that does not affect the chat."
        );
        // Nothing else (no chat request at all yet): still all clear.
        let r = diag(&format!("[{CHATGPT_TELEMETRY_BLOCKED}]"));
        assert_eq!(r.verdict, Verdict::AllClear);
        assert_eq!(r.notes[0].params.extension, None);
    }

    #[test]
    fn the_failed_send_is_explained_by_its_own_evidence_not_by_blocked_telemetry() {
        let r = diag(&with_telemetry(
            r#"{"kind":"http","url":"https://chatgpt.com/backend-api/f/conversation","method":"POST","status":500,"start":1500,"end":1600}"#,
        ));
        assert_eq!(top(&r), Some(Cause::ServerError));
        assert_eq!(r.verdict, Verdict::NotYou);
        assert_eq!(r.findings[0].action, Some(ActionKind::Send));
        assert!(!r
            .findings
            .iter()
            .any(|f| f.cause == Cause::BlockedByExtension));
        assert_eq!(r.notes[0].note, NoteId::TelemetryBlocked);

        let r = diag(&with_telemetry(
            r#"{"kind":"http","url":"https://chatgpt.com/backend-api/f/conversation","method":"POST","status":200,"start":1500,"end":1600},
               {"kind":"streamAbort","url":"https://chatgpt.com/backend-api/f/conversation","bytesReceived":5000,"msSinceStart":900,"error":"TypeError: network error","time":1700}"#,
        ));
        assert_eq!(top(&r), Some(Cause::ResponseInterrupted));
        assert!(!r
            .findings
            .iter()
            .any(|f| f.cause == Cause::BlockedByExtension));
    }

    #[test]
    fn a_blocked_send_names_the_blocker_first() {
        let r = diag(&with_telemetry(
            r#"{"kind":"netError","url":"https://chatgpt.com/backend-api/f/conversation","method":"POST","error":"net::ERR_BLOCKED_BY_CLIENT","time":1500}"#,
        ));
        assert_eq!(top(&r), Some(Cause::BlockedByExtension));
        let f = &r.findings[0];
        assert_eq!(f.action, Some(ActionKind::Send));
        assert_eq!(f.params.extension.as_deref(), Some("uBlock Origin Lite"));
        let fixes: Vec<FixId> = f.fixes.iter().map(|x| x.fix).collect();
        assert_eq!(
            &fixes[..2],
            &[FixId::AllowlistSiteInBlocker, FixId::DisableExtension]
        );
        // A step of the same send, blocked, is as fatal.
        let r = diag(&with_telemetry(
            r#"{"kind":"netError","url":"https://chatgpt.com/backend-api/sentinel/chat-requirements/prepare","method":"POST","error":"net::ERR_BLOCKED_BY_CLIENT","time":1500}"#,
        ));
        assert_eq!(top(&r), Some(Cause::BlockedByExtension));
    }

    #[test]
    fn an_unknown_side_request_breaks_nothing() {
        let r = diag(
            r#"[{"kind":"http","url":"https://chatgpt.com/backend-api/gizmos/bootstrap","method":"GET","status":500},
                {"kind":"netError","url":"https://chatgpt.com/backend-api/some/new/thing","error":"net::ERR_BLOCKED_BY_CLIENT"}]"#,
        );
        assert_eq!(r.verdict, Verdict::AllClear);
        let ids: Vec<NoteId> = r.notes.iter().map(|n| n.note).collect();
        assert_eq!(ids, [NoteId::TelemetryBlocked, NoteId::SideRequestFailed]);
    }

    #[test]
    fn the_main_frames_own_error_page_is_read() {
        let r = diag(
            r#"[{"kind":"http","url":"https://chatgpt.com/","method":"GET","status":400,"resourceType":"main_frame","start":1000,"end":1050},
                {"kind":"pageMessage","text":"400 Bad Request Request Header Or Cookie Too Large nginx","url":"https://chatgpt.com/","time":1200}]"#,
        );
        assert_eq!(top(&r), Some(Cause::OversizedCookies));
        assert_eq!(r.findings[0].action, Some(ActionKind::PageLoad));
        assert_eq!(r.findings[0].fixes[0].fix, FixId::ClearSiteCookies);
        // The browser's own error page: the main frame never got a response.
        let r = diag(
            r#"[{"kind":"netError","url":"https://claude.ai/new","method":"GET","error":"net::ERR_NAME_NOT_RESOLVED","resourceType":"main_frame"}]"#,
        );
        assert_eq!(top(&r), Some(Cause::DnsFailure));
    }

    #[test]
    fn websockets_in_proportion() {
        let ws = |extra: &str, t: u32| {
            format!(
                r#"{{"kind":"wsClose","url":"wss://copilot.microsoft.com/c/api/chat?api-version=2","code":1006,"reason":"","wasClean":false,"opened":true,"msOpen":60000,"time":{t}{extra}}}"#
            )
        };
        // One idle drop the page recovers from: a note.
        let r = diag(&format!("[{}]", ws("", 1000)));
        assert_eq!(r.verdict, Verdict::AllClear);
        assert_eq!(r.notes[0].note, NoteId::SocketRecovered);
        // A drop while the reply was arriving cut that reply.
        let r = diag(&format!("[{}]", ws(r#","msSinceMessage":120"#, 1000)));
        assert_eq!(top(&r), Some(Cause::ResponseInterrupted));
        assert_eq!(r.findings[0].action, Some(ActionKind::Send));
        // Repeated drops: the connection keeps dropping.
        let r = diag(&format!(
            "[{}, {}, {}]",
            ws("", 1000),
            ws("", 9000),
            ws("", 20000)
        ));
        assert_eq!(top(&r), Some(Cause::NetworkUnstable));
        assert_eq!(r.verdict, Verdict::YourNetwork);
    }

    #[test]
    fn a_status_incident_alone_is_a_note() {
        let r = diag(
            r#"[{"kind":"http","url":"https://chatgpt.com/backend-api/f/conversation","method":"POST","status":200},
                {"kind":"status","service":"chatgpt","indicator":"major","incidents":[{"name":"Elevated errors","status":"investigating","impact":"major"}]}]"#,
        );
        assert_eq!(r.verdict, Verdict::AllClear);
        assert_eq!(r.notes[0].note, NoteId::StatusIncident);
        assert_eq!(
            r.notes[0].params.incident.as_deref(),
            Some("Elevated errors")
        );
    }

    #[test]
    fn circumstance_does_not_outrank_the_failed_requests_own_evidence() {
        // The 429 says what happened; an outage elsewhere on the status page does not.
        let r = diag(
            r#"[{"kind":"http","url":"https://chatgpt.com/backend-api/f/conversation","method":"POST","status":429,"headers":{"retry-after":"30"}},
                {"kind":"status","service":"chatgpt","indicator":"major","incidents":[{"name":"Elevated errors","status":"investigating","impact":"major"}]}]"#,
        );
        assert_eq!(top(&r), Some(Cause::RateLimited));
        assert!(r
            .findings
            .iter()
            .any(|f| f.cause == Cause::ServiceOutage && f.action.is_none()));
    }

    #[test]
    fn shared_hosts_name_no_service_alone() {
        let r = diag(
            r#"[{"kind":"netError","url":"https://accounts.google.com/ListAccounts","error":"net::ERR_INTERNET_DISCONNECTED"},
                {"kind":"netError","url":"https://www.gstatic.com/og/_/js/k=og.qtm.js","error":"net::ERR_INTERNET_DISCONNECTED"},
                {"kind":"netError","url":"https://www.google.com/complete/search?q=x","error":"net::ERR_INTERNET_DISCONNECTED"}]"#,
        );
        assert_eq!(r.service, None);
        assert!(r.findings.is_empty(), "{:?}", r.findings);
        // With Gemini itself in the session, its sign-in host is Gemini's again.
        let r = diag(
            r#"[{"kind":"http","url":"https://gemini.google.com/app","method":"GET","status":200},
                {"kind":"http","url":"https://accounts.google.com/RotateCookies","method":"POST","status":401}]"#,
        );
        assert_eq!(r.service, Some(ServiceId::Gemini));
        assert_eq!(top(&r), Some(Cause::SessionExpired));
    }

    #[test]
    fn a_check_that_finds_what_stops_chat_is_a_failed_action() {
        // The help page's and the popup's clock and browser checks report an environment.
        let r = diag(r#"[{"kind":"environment","clockOffsetMs":900000}]"#);
        assert_eq!(top(&r), Some(Cause::ClockSkew));
        assert_eq!(r.findings[0].action, Some(ActionKind::Check));
        let r = diag(
            r#"[{"kind":"environment","userAgent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0.0.0 Safari/537.36"}]"#,
        );
        assert_eq!(top(&r), Some(Cause::BrowserUnsupported));
        let r = diag(r#"[{"kind":"environment","clockOffsetMs":2000,"online":true}]"#);
        assert_eq!(r.verdict, Verdict::AllClear);
    }

    #[test]
    fn failed_action_is_the_one_failure_test() {
        let o = |json: &str| parse_observations(&format!("[{json}]")).unwrap().remove(0);
        assert!(failed_action(&o(
            r#"{"kind":"http","url":"https://chatgpt.com/backend-api/f/conversation","method":"POST","status":500}"#
        )));
        assert!(!failed_action(&o(
            r#"{"kind":"netError","url":"https://chatgpt.com/backend-api/sentinel/ping","error":"net::ERR_BLOCKED_BY_CLIENT"}"#
        )));
        assert!(is_failure(&o(
            r#"{"kind":"netError","url":"https://chatgpt.com/backend-api/sentinel/ping","error":"net::ERR_BLOCKED_BY_CLIENT"}"#
        )));
        assert!(!failed_action(&o(
            r#"{"kind":"http","url":"https://chatgpt.com/backend-api/f/conversation","method":"POST","status":200}"#
        )));
        assert!(failed_action(&o(
            r#"{"kind":"pageMessage","text":"Something went wrong"}"#
        )));
    }
}
