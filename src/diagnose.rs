//! Runs the rules, ranks findings, builds the report.
//!
//! The [`Context`] is computed once per diagnosis: which service each observation belongs to and
//! what role it plays, which observations are failures, and which failures are already over
//! because a later chat turn of the same service succeeded (the extension badges the current
//! state, not history). Rules only read the context and add to [`Findings`].

use std::collections::BTreeMap;

use crate::catalog::{self, Classified, Role, ServiceId};
use crate::cause::{Cause, FixId};
use crate::observation::{
    EnvironmentObservation, ExtensionsObservation, HttpObservation, NetErrorKind, Observation,
    StatusObservation,
};
use crate::redact::redact_url;
use crate::report::{Evidence, Finding, Fix, Params, Report, Verdict};

/// The most evidence lines a finding keeps.
const MAX_EVIDENCE: usize = 8;

/// What the rules read: the observations and what was derived from them once.
#[derive(Debug)]
pub struct Context<'a> {
    /// The observations, in input order.
    pub obs: &'a [Observation],
    /// Per observation: its service and role.
    pub class: Vec<Classified>,
    /// Per observation: whether it is a failure (of anything, essential or not).
    pub failed: Vec<bool>,
    /// Per observation: whether a later successful chat turn of its service makes it history.
    pub recovered: Vec<bool>,
    /// The service the diagnosis is about.
    pub service: Option<ServiceId>,
}

impl<'a> Context<'a> {
    /// Derives the context from the observations.
    pub fn new(obs: &'a [Observation]) -> Context<'a> {
        let class: Vec<Classified> = obs.iter().map(classify_observation).collect();
        let failed: Vec<bool> = obs.iter().map(is_failure).collect();
        let recovered = recovered(obs, &class, &failed);
        let service = main_service(obs, &class, &failed);
        Context {
            obs,
            class,
            failed,
            recovered,
            service,
        }
    }

    /// Whether observation `i` counts: not history.
    pub fn live(&self, i: usize) -> bool {
        !self.recovered[i]
    }

    /// Live HTTP observations with their index and class.
    pub fn http(&self) -> impl Iterator<Item = (usize, &'a HttpObservation, Classified)> + '_ {
        self.obs.iter().enumerate().filter_map(|(i, o)| match o {
            Observation::Http(h) if self.live(i) => Some((i, h, self.class[i])),
            _ => None,
        })
    }

    /// Live failed HTTP responses (status ≥ 400) on requests chat needs.
    pub fn http_failures(
        &self,
    ) -> impl Iterator<Item = (usize, &'a HttpObservation, Classified)> + '_ {
        self.http()
            .filter(|(_, h, c)| h.status >= 400 && c.role.essential())
    }

    /// Live network errors on requests chat needs, with their kind.
    pub fn net_errors(&self) -> impl Iterator<Item = (usize, NetErrorKind, Classified)> + '_ {
        self.obs.iter().enumerate().filter_map(|(i, o)| match o {
            Observation::NetError(n) if self.live(i) && self.class[i].role.essential() => {
                Some((i, n.error.kind, self.class[i]))
            }
            _ => None,
        })
    }

    /// The latest status page reading for `service`.
    pub fn status_for(&self, service: ServiceId) -> Option<(usize, &'a StatusObservation)> {
        self.obs
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, o)| match o {
                Observation::Status(s) if s.service == service => Some((i, s)),
                _ => None,
            })
    }

    /// The latest extension list.
    pub fn extensions(&self) -> Option<(usize, &'a ExtensionsObservation)> {
        self.obs
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, o)| match o {
                Observation::Extensions(e) => Some((i, e)),
                _ => None,
            })
    }

    /// Every environment reading, latest last.
    pub fn environments(&self) -> impl Iterator<Item = (usize, &'a EnvironmentObservation)> + '_ {
        self.obs.iter().enumerate().filter_map(|(i, o)| match o {
            Observation::Environment(e) => Some((i, e)),
            _ => None,
        })
    }

    /// Whether any live failure is on a request chat needs.
    pub fn any_live_failure(&self) -> bool {
        (0..self.obs.len())
            .any(|i| self.failed[i] && self.live(i) && self.class[i].role.essential())
    }

    /// The service of observation `i`, else the diagnosis's service.
    pub fn service_of(&self, i: usize) -> Option<ServiceId> {
        self.class.get(i).and_then(|c| c.service).or(self.service)
    }

    /// Whether the service of observation `i` is an API (programs, not a chat tab).
    pub fn is_api(&self, i: usize) -> bool {
        self.service_of(i).is_some_and(|s| s.entry().api)
    }

    /// Base parameters for a finding about observation `i`: service name and host.
    pub fn params_for(&self, i: usize) -> Params {
        let mut p = Params::default();
        if let Some(s) = self.service_of(i) {
            p.service = Some(s.entry().name.to_owned());
        }
        if let Some(url) = self.obs.get(i).and_then(Observation::url) {
            let host = catalog::split_url(url).host;
            if !host.is_empty() {
                p.host = Some(host.to_ascii_lowercase());
            }
        }
        p
    }
}

/// Classifies an observation's URL. An observation without a URL (a pasted text's synthetic
/// request) is taken as a chat turn: it is what the person was doing when it failed.
fn classify_observation(o: &Observation) -> Classified {
    match o {
        Observation::Status(s) => Classified {
            service: Some(s.service),
            role: Role::Backend,
        },
        Observation::Extensions(_) | Observation::Environment(_) => Classified {
            service: None,
            role: Role::Backend,
        },
        _ => match o.url() {
            Some(u) if !u.is_empty() => catalog::classify(u),
            _ => Classified {
                service: None,
                role: Role::ChatTurn,
            },
        },
    }
}

/// Whether an observation reports something that went wrong (benign aborts excluded).
fn is_failure(o: &Observation) -> bool {
    match o {
        Observation::Http(h) => h.status >= 400 || stream_has_error(h),
        Observation::NetError(n) => !matches!(
            n.error.kind,
            NetErrorKind::Aborted | NetErrorKind::FalseAlarm | NetErrorKind::BlockedByResponse
        ),
        Observation::StreamAbort(s) => !is_user_abort(&s.error),
        Observation::WsClose(w) => {
            !(w.was_clean && matches!(w.code, 1000 | 1001)) && w.code != 1000
        }
        Observation::PageMessage(_) => true,
        _ => false,
    }
}

/// Whether a stream-read error is the user's or the page's own abort (Stop button, navigation).
pub fn is_user_abort(error: &str) -> bool {
    let e = error.to_ascii_lowercase();
    e.contains("aborterror")
        || e.contains("user aborted")
        || e.contains("the operation was aborted")
        || e.contains("bodystreambuffer was aborted")
        || e.contains("signal is aborted")
}

/// Whether a 2xx streamed body carries an error event.
pub fn stream_has_error(h: &HttpObservation) -> bool {
    h.status < 400
        && h.stream_tail.as_deref().is_some_and(|t| {
            t.contains("event: error")
                || t.contains("\"type\":\"error\"")
                || t.contains("\"type\": \"error\"")
                || t.contains("exceeded_limit")
                || t.contains("\"error\":\"")
                || crate::rules::gemini_error_code(t).is_some()
        })
}

/// Whether observation `i` is a chat turn that worked.
fn is_chat_success(o: &Observation, c: Classified) -> bool {
    matches!(o, Observation::Http(h) if (200..300).contains(&h.status) && c.role == Role::ChatTurn && !stream_has_error(h))
}

/// Whether the response at `i` broke after it started (a HAR marks such a 2xx with the error
/// that cut it; the extension sends a `streamAbort`): then it was no success.
fn broke_later(obs: &[Observation], i: usize) -> bool {
    let Observation::Http(h) = &obs[i] else {
        return false;
    };
    let start = h.start.unwrap_or(f64::NEG_INFINITY);
    obs.iter().enumerate().any(|(j, o)| match o {
        Observation::StreamAbort(s) if s.url == h.url && j != i => {
            s.time.map_or(j > i, |t| t >= start) && !is_user_abort(&s.error)
        }
        _ => false,
    })
}

/// Marks failures followed by a successful chat turn of the same service as history.
fn recovered(obs: &[Observation], class: &[Classified], failed: &[bool]) -> Vec<bool> {
    let mut out = vec![false; obs.len()];
    // The last success per service: (index, time).
    let mut last_ok: BTreeMap<Option<ServiceId>, (usize, Option<f64>)> = BTreeMap::new();
    for (i, o) in obs.iter().enumerate() {
        if is_chat_success(o, class[i]) && !broke_later(obs, i) {
            let t = match o {
                Observation::Http(h) => h.start.or(h.end),
                _ => None,
            };
            last_ok.insert(class[i].service, (i, t));
        }
    }
    for (i, o) in obs.iter().enumerate() {
        if !failed[i] {
            continue;
        }
        // A page message names no service: any success after it ends it.
        let candidates: Vec<(usize, Option<f64>)> = match (o, class[i].service) {
            (Observation::PageMessage(_), _) | (_, None) => last_ok.values().copied().collect(),
            (_, s) => last_ok.get(&s).copied().into_iter().collect(),
        };
        let t = o.time();
        out[i] = candidates.iter().any(|&(ok_i, ok_t)| match (t, ok_t) {
            (Some(t), Some(ok_t)) => ok_t > t,
            _ => ok_i > i,
        });
    }
    out
}

/// The service most failures are on; else the one most requests are on.
fn main_service(obs: &[Observation], class: &[Classified], failed: &[bool]) -> Option<ServiceId> {
    let mut fail_count: BTreeMap<ServiceId, usize> = BTreeMap::new();
    let mut all_count: BTreeMap<ServiceId, usize> = BTreeMap::new();
    for (i, c) in class.iter().enumerate() {
        if let Some(s) = c.service {
            if matches!(
                obs[i],
                Observation::Extensions(_) | Observation::Environment(_)
            ) {
                continue;
            }
            *all_count.entry(s).or_default() += 1;
            if failed[i] && c.role.essential() {
                *fail_count.entry(s).or_default() += 1;
            }
        }
    }
    let pick = |m: &BTreeMap<ServiceId, usize>| {
        m.iter()
            .max_by_key(|(s, n)| (**n, std::cmp::Reverse(**s)))
            .map(|(s, _)| *s)
    };
    pick(&fail_count).or_else(|| pick(&all_count)).or_else(|| {
        obs.iter().find_map(|o| match o {
            Observation::PageMessage(p) => crate::text::classify(&p.text)
                .into_iter()
                .find_map(|h| h.service),
            _ => None,
        })
    })
}

/// The findings the rules add; the same cause added twice is merged.
#[derive(Debug, Default)]
pub struct Findings {
    /// The findings so far.
    pub list: Vec<Finding>,
}

impl Findings {
    /// Adds (or strengthens) a finding. A second sighting of a cause raises its confidence a
    /// little, merges evidence and parameters, and appends fixes not yet listed.
    pub fn add(
        &mut self,
        ctx: &Context<'_>,
        cause: Cause,
        confidence: f64,
        evidence: &[usize],
        params: Params,
        fixes: Vec<Fix>,
    ) {
        let confidence = confidence.clamp(0.0, 0.99);
        let ev: Vec<Evidence> = evidence
            .iter()
            .filter(|&&i| i < ctx.obs.len())
            .map(|&i| Evidence {
                observation: i,
                summary: summarize(&ctx.obs[i]),
            })
            .collect();
        if let Some(f) = self.list.iter_mut().find(|f| f.cause == cause) {
            let (hi, lo) = if confidence > f.confidence {
                (confidence, f.confidence)
            } else {
                (f.confidence, confidence)
            };
            f.confidence = (hi + lo * 0.1).min(0.99);
            for e in ev {
                push_evidence(&mut f.evidence, e);
            }
            merge_params(&mut f.params, params);
            for fix in fixes {
                if let Some(existing) = f.fixes.iter_mut().find(|x| x.fix == fix.fix) {
                    if existing.action.is_none() && fix.action.is_some() {
                        *existing = fix;
                    }
                } else {
                    f.fixes.push(fix);
                }
            }
            return;
        }
        let mut kept = Vec::new();
        for e in ev {
            push_evidence(&mut kept, e);
        }
        let ev = kept;
        self.list.push(Finding {
            cause,
            confidence,
            params,
            title: String::new(),
            explanation: String::new(),
            evidence: ev,
            fixes,
        });
    }

    /// Whether a cause has been found.
    pub fn has(&self, cause: Cause) -> bool {
        self.list.iter().any(|f| f.cause == cause)
    }
}

/// Adds an evidence line unless the list is full or says the same already (a request retried
/// five times is one line, not five).
fn push_evidence(list: &mut Vec<Evidence>, e: Evidence) {
    if list.len() < MAX_EVIDENCE
        && !list
            .iter()
            .any(|x| x.observation == e.observation || x.summary == e.summary)
    {
        list.push(e);
    }
}

/// Fills the unset fields of `into` from `from`.
fn merge_params(into: &mut Params, from: Params) {
    macro_rules! fill {
        ($($f:ident),*) => { $( if into.$f.is_none() { into.$f = from.$f; } )* };
    }
    fill!(
        service,
        host,
        status,
        code,
        seconds,
        url,
        incident,
        extension_id,
        extension,
        blocker,
        offset_seconds
    );
    if into.origins.is_empty() {
        into.origins = from.origins;
    }
    if into.suspects.is_empty() {
        into.suspects = from.suspects;
    }
}

/// A technical, redacted one-line summary of an observation for evidence lists. Never quotes
/// bodies or stream text (they may hold conversation text); page messages are cut short.
pub fn summarize(o: &Observation) -> String {
    fn short(url: &str) -> String {
        let u = redact_url(url);
        let u = u
            .strip_prefix("https://")
            .or_else(|| u.strip_prefix("wss://"))
            .unwrap_or(&u)
            .to_owned();
        cut(&u, 120)
    }
    match o {
        Observation::Http(h) => {
            let mut s = if h.url.is_empty() {
                format!("HTTP {}", h.status)
            } else {
                format!("{} {} → {}", method(&h.method), short(&h.url), h.status)
            };
            for k in [
                "cf-mitigated",
                "retry-after",
                "server",
                "cf-ray",
                "request-id",
                "x-request-id",
            ] {
                if let Some(v) = h.header(k) {
                    s.push_str(&format!(" · {k}: {}", cut(v, 40)));
                }
            }
            if let Some(t) = body_error_type(h) {
                s.push_str(&format!(" · error: {t}"));
            }
            s
        }
        Observation::NetError(n) => {
            if n.url.is_empty() {
                n.error.raw.clone()
            } else {
                format!(
                    "{} {} ✕ {}",
                    method(&n.method),
                    short(&n.url),
                    cut(&n.error.raw, 60)
                )
            }
        }
        Observation::StreamAbort(s) => format!(
            "stream {} cut after {} bytes, {} ms: {}",
            short(&s.url),
            s.bytes_received,
            s.ms_since_start.max(0.0).round(),
            cut(&crate::redact::redact(&s.error), 60)
        ),
        Observation::WsClose(w) => format!(
            "WebSocket {} closed {}{}{}",
            short(&w.url),
            w.code,
            if w.opened { "" } else { " (never opened)" },
            if w.was_clean { "" } else { ", not clean" }
        ),
        Observation::PageMessage(p) => {
            format!(
                "page showed: “{}”",
                cut(&crate::redact::redact(&p.text), 160)
            )
        }
        Observation::Extensions(e) => {
            let on = e.extensions.iter().filter(|x| x.enabled).count();
            format!(
                "{} extensions installed, {} enabled",
                e.extensions.len(),
                on
            )
        }
        Observation::Status(s) => {
            let mut t = format!("status page {}: {:?}", s.service.id(), s.indicator).to_lowercase();
            if let Some(i) = s.incidents.first().or(s.maintenances.first()) {
                t.push_str(&format!(" · {}", cut(&i.name, 100)));
            }
            t
        }
        Observation::Environment(e) => {
            let mut parts = Vec::new();
            if let Some(on) = e.online {
                parts.push(format!("online: {on}"));
            }
            if let Some(c) = e.cookies_enabled {
                parts.push(format!("cookies: {c}"));
            }
            if let Some(off) = e.clock_offset_ms {
                parts.push(format!("clock offset: {} s", (off / 1000.0).round()));
            }
            if let Some(p) = &e.proxy_control {
                parts.push(format!("proxy: {}", cut(p, 40)));
            }
            if let Some(ua) = &e.user_agent {
                parts.push(format!(
                    "browser: {}",
                    crate::rules::browser_version(ua)
                        .map(|(b, v)| format!("{b} {v}"))
                        .unwrap_or_else(|| "unknown".into())
                ));
            }
            format!("environment: {}", parts.join(", "))
        }
        Observation::Probe(p) => format!(
            "check {}: {:?}{}",
            cut(&p.name, 32),
            p.outcome,
            p.detail
                .as_deref()
                .map(|d| format!(" ({})", cut(&crate::redact::redact(d), 80)))
                .unwrap_or_default()
        )
        .to_lowercase(),
    }
}

fn method(m: &str) -> &str {
    if m.is_empty() {
        "GET"
    } else {
        m
    }
}

/// Cuts a string to `max` characters, marking the cut.
pub fn cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// The `error.type`/`error.code` of a JSON error body, where it has one (for evidence lines).
fn body_error_type(h: &HttpObservation) -> Option<String> {
    let b = crate::rules::ErrorBody::parse(h.body.as_deref()?)?;
    b.code.or(b.kind).map(|s| cut(&s, 40))
}

/// Diagnoses observations into a language-free report (texts empty; see `render`).
pub fn run(obs: &[Observation]) -> Report {
    let ctx = Context::new(obs);
    let mut f = Findings::default();
    crate::rules::run_all(&ctx, &mut f);
    if f.list.is_empty() && ctx.any_live_failure() {
        let evidence: Vec<usize> = (0..obs.len())
            .filter(|&i| ctx.failed[i] && ctx.live(i) && ctx.class[i].role.essential())
            .collect();
        let fixes = crate::rules::default_fixes(&ctx, Cause::Unknown, evidence.first().copied());
        let params = evidence
            .first()
            .map(|&i| ctx.params_for(i))
            .unwrap_or_default();
        f.add(&ctx, Cause::Unknown, 0.3, &evidence, params, fixes);
    }
    let mut findings = f.list;
    for finding in &mut findings {
        dedup_fixes(&mut finding.fixes);
    }
    // Most likely first; equal confidence keeps rule order (stable sort).
    findings.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
    let verdict = match findings.first() {
        None => Verdict::AllClear,
        Some(top) => Verdict::for_side(top.cause.side()),
    };
    let time = report_time(obs, &findings);
    Report {
        service: ctx.service,
        verdict,
        findings,
        support_summary: String::new(),
        lang: "en".into(),
        time,
    }
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
    use crate::observation::parse_observations;

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
        assert_eq!(top(&r), Some(Cause::QuotaExhausted));
        assert_eq!(r.findings[0].fixes[0].params.seconds, Some(14_800));
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
}
