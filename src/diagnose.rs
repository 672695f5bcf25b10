//! Runs the rules, ranks findings, builds the report.
//!
//! A diagnosis starts from a failure the user saw: a chat action that failed (a send, a page
//! load, a login, the chat's socket, an error the page showed, a failed check). The
//! [`Context`] is computed once per diagnosis: which service each observation belongs to and
//! what role it plays, which observations are failures, which failures are already over because
//! a later chat turn of the same service succeeded (the extension badges the current state, not
//! history), and which failures are part of a failed action. Rules read only the failed actions
//! and add to [`Findings`]; with no failed action the report is `all_clear`, and what looked odd
//! but broke nothing (a blocked tracker, a socket that dropped once) becomes a [`Note`].
//! A finding whose evidence includes the failed request itself outranks one resting on
//! circumstance (a status page, the extension list) unless both blame the same side.

use std::collections::BTreeMap;

use crate::catalog::{self, Classified, Role, ServiceId};
use crate::cause::{Cause, FixId};
use crate::observation::{
    EnvironmentObservation, ExtensionsObservation, HttpObservation, NetErrorKind, Observation,
    ProbeOutcome, StatusIndicator, StatusObservation, WsCloseObservation,
};
use crate::redact::redact_url;
use crate::report::{
    ActionKind, Evidence, EvidenceKind, Finding, Fix, Note, NoteId, Params, Report, Verdict,
};

/// The most evidence lines a finding keeps.
const MAX_EVIDENCE: usize = 8;

/// A socket that received a message this recently before it dropped was carrying a reply.
const REPLY_IN_FLIGHT_MS: f64 = 3000.0;

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
    /// Per observation: the failed chat action it is part of, if any (live failures only).
    pub action: Vec<Option<ActionKind>>,
    /// WebSocket drops of idle chat sockets and connection-level errors: two or more in one
    /// diagnosis are an unstable connection; one alone broke nothing it could show.
    pub drops: Vec<usize>,
    /// The service the diagnosis is about.
    pub service: Option<ServiceId>,
}

impl<'a> Context<'a> {
    /// Derives the context from the observations.
    pub fn new(obs: &'a [Observation]) -> Context<'a> {
        Context::counted(obs, &BTreeMap::new())
    }

    /// [`Context::new`] for observations a reader thinned: `counted` holds, per service, the
    /// healthy requests it left out (read only to tell which service the diagnosis is about).
    pub fn counted(obs: &'a [Observation], counted: &BTreeMap<ServiceId, usize>) -> Context<'a> {
        let mut class: Vec<Classified> = obs.iter().map(classify_observation).collect();
        let failed: Vec<bool> = obs.iter().map(is_failure).collect();
        let service = main_service(obs, &class, &failed, counted);
        // A shared host (Google's sign-in, a CDN) belongs to the service only when the service
        // is in use; otherwise it is someone else's request, which the chat does not need.
        for c in &mut class {
            if c.shared && c.service != service {
                c.service = None;
                c.role = Role::Supporting;
            }
        }
        let recovered = recovered(obs, &class, &failed);
        let mut action: Vec<Option<ActionKind>> = obs
            .iter()
            .enumerate()
            .map(|(i, o)| {
                if failed[i] && !recovered[i] {
                    action_of(o, class[i])
                } else {
                    None
                }
            })
            .collect();
        let drops: Vec<usize> = (0..obs.len())
            .filter(|&i| failed[i] && !recovered[i] && is_drop(&obs[i], class[i]))
            .collect();
        if drops.len() >= 2 {
            // Repeated drops: the connection itself is the failure the user meets.
            for &i in &drops {
                action[i].get_or_insert(ActionKind::Socket);
            }
        }
        Context {
            obs,
            class,
            failed,
            recovered,
            action,
            drops,
            service,
        }
    }

    /// Whether observation `i` counts: not history.
    pub fn live(&self, i: usize) -> bool {
        !self.recovered[i]
    }

    /// Whether observation `i` is part of a failed chat action.
    pub fn in_action(&self, i: usize) -> bool {
        self.action.get(i).is_some_and(Option::is_some)
    }

    /// HTTP responses that are part of a failed action (an error status, or an error inside
    /// a 2xx stream, on a request the chat needs), with their index and class.
    pub fn http(&self) -> impl Iterator<Item = (usize, &'a HttpObservation, Classified)> + '_ {
        self.obs.iter().enumerate().filter_map(|(i, o)| match o {
            Observation::Http(h) if self.in_action(i) => Some((i, h, self.class[i])),
            _ => None,
        })
    }

    /// Network errors that are part of a failed action, with their kind.
    pub fn net_errors(&self) -> impl Iterator<Item = (usize, NetErrorKind, Classified)> + '_ {
        self.obs.iter().enumerate().filter_map(|(i, o)| match o {
            Observation::NetError(n) if self.in_action(i) => Some((i, n.error.kind, self.class[i])),
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

    /// Whether any chat action failed: without one there is nothing to diagnose.
    pub fn any_live_failure(&self) -> bool {
        self.action.iter().any(Option::is_some)
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
            shared: false,
        },
        Observation::Extensions(_) | Observation::Environment(_) | Observation::Probe(_) => {
            Classified {
                service: None,
                role: Role::Backend,
                shared: false,
            }
        }
        _ => match o.url() {
            Some(u) if !u.is_empty() => catalog::classify(u),
            _ => Classified {
                service: None,
                role: Role::ChatTurn,
                shared: false,
            },
        },
    }
}

/// Whether an observation reports something that went wrong (benign aborts excluded), on any
/// request: whether it broke the chat is [`failed_action`]'s question.
pub fn is_failure(o: &Observation) -> bool {
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
        Observation::Probe(p) => p.outcome == ProbeOutcome::Problem,
        // What a check of the browser found that stops chat: offline, cookies off, a clock
        // too far off for TLS and sign-in, a browser the apps no longer support.
        Observation::Environment(e) => {
            e.online == Some(false)
                || e.cookies_enabled == Some(false)
                || e.clock_offset_ms.is_some_and(crate::rules::clock_skewed)
                || e.user_agent
                    .as_deref()
                    .and_then(crate::rules::unsupported_browser)
                    .is_some()
        }
        _ => false,
    }
}

/// The chat action a failed observation is part of, from the role of its request; None for a
/// failure the chat does not feel (telemetry, a supporting request, an idle socket's drop).
fn action_of(o: &Observation, c: Classified) -> Option<ActionKind> {
    let by_role = |resource_type: Option<&str>| {
        // The document the user was on (webRequest says `main_frame`, a HAR `document`): its
        // failure is one they saw, whichever site it is.
        if matches!(resource_type, Some("main_frame" | "document")) {
            return Some(ActionKind::PageLoad);
        }
        match c.role {
            Role::ChatTurn | Role::SendStep | Role::Upload => Some(ActionKind::Send),
            Role::Auth => Some(ActionKind::Login),
            Role::Backend if c.service.is_some_and(|s| s.entry().api) => Some(ActionKind::Send),
            Role::Page | Role::Asset | Role::Challenge | Role::Backend => {
                Some(ActionKind::PageLoad)
            }
            Role::Supporting | Role::Telemetry => None,
        }
    };
    match o {
        Observation::Http(h) => by_role(h.resource_type.as_deref()),
        Observation::NetError(n) => by_role(n.resource_type.as_deref()),
        // A stream the chat reads is the reply; any other stream is the app's business.
        Observation::StreamAbort(_) => {
            matches!(c.role, Role::ChatTurn | Role::SendStep).then_some(ActionKind::Send)
        }
        Observation::WsClose(w) if c.role.essential() => ws_action(w),
        Observation::WsClose(_) => None,
        Observation::PageMessage(_) => Some(ActionKind::PageError),
        Observation::Probe(p) => matches!(
            p.name.as_str(),
            "online" | "reach" | "websocket" | "clock" | "cookies" | "storage" | "browserVersion"
        )
        .then_some(ActionKind::Check),
        Observation::Environment(_) => Some(ActionKind::Check),
        Observation::Extensions(_) | Observation::Status(_) => None,
    }
}

/// What a chat socket's abnormal close did: a socket that never opened, or that the server
/// closed with an error, failed the chat; one that dropped while a reply was arriving cut the
/// send; one that dropped while idle broke nothing by itself (see [`is_drop`]).
fn ws_action(w: &WsCloseObservation) -> Option<ActionKind> {
    if !w.opened {
        return Some(ActionKind::Socket);
    }
    if matches!(w.code, 1008 | 1009 | 1011 | 1012 | 1013 | 1014) {
        return Some(ActionKind::Socket);
    }
    w.ms_since_message
        .is_some_and(|m| m <= REPLY_IN_FLIGHT_MS)
        .then_some(ActionKind::Send)
}

/// Whether a failure is a dropped connection: a chat socket that dropped while idle, or a
/// connection-level error (reset, closed, timed out, network changed) on a request the chat
/// needs or in a stream it reads. One alone is what any connection does now and then.
fn is_drop(o: &Observation, c: Classified) -> bool {
    let connection_error = |k: NetErrorKind| {
        matches!(
            k,
            NetErrorKind::ConnectionReset
                | NetErrorKind::ConnectionClosed
                | NetErrorKind::TimedOut
                | NetErrorKind::NetworkChanged
                | NetErrorKind::EmptyResponse
                | NetErrorKind::QuicProtocolError
        )
    };
    match o {
        Observation::WsClose(w) => c.role.essential() && w.opened && ws_action(w).is_none(),
        Observation::NetError(n) => c.role.essential() && connection_error(n.error.kind),
        Observation::StreamAbort(s) => {
            matches!(c.role, Role::ChatTurn | Role::SendStep)
                && connection_error(NetErrorKind::parse(&s.error))
        }
        _ => false,
    }
}

/// Whether an observation on its own shows a failed chat action: the extension asks this of
/// each observation (to know when to read the status page and the extension list), so the
/// test is made here, once.
pub fn failed_action(o: &Observation) -> bool {
    is_failure(o) && action_of(o, classify_observation(o)).is_some()
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
    h.status < 400 && h.stream_tail.as_deref().is_some_and(tail_has_error)
}

/// Whether the end of a streamed body holds an error event (the HAR reader asks this of a
/// healthy reply's end before it decides to keep nothing of it).
pub fn tail_has_error(t: &str) -> bool {
    t.contains("event: error")
        || t.contains("\"type\":\"error\"")
        || t.contains("\"type\": \"error\"")
        || t.contains("exceeded_limit")
        || t.contains("\"error\":\"")
        || crate::rules::gemini_error_code(t).is_some()
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
fn main_service(
    obs: &[Observation],
    class: &[Classified],
    failed: &[bool],
    counted: &BTreeMap<ServiceId, usize>,
) -> Option<ServiceId> {
    let mut fail_count: BTreeMap<ServiceId, usize> = BTreeMap::new();
    let mut all_count: BTreeMap<ServiceId, usize> = BTreeMap::new();
    for (s, n) in counted {
        *all_count.entry(*s).or_default() += n;
    }
    for (i, c) in class.iter().enumerate() {
        if let Some(s) = c.service {
            // A shared host names no service on its own (see `catalog::Service::shared_hosts`).
            if c.shared {
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
            .map(|&i| {
                let (kind, params) = summarize(&ctx.obs[i]);
                Evidence {
                    observation: i,
                    kind,
                    params,
                    summary: String::new(),
                }
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
            action: None,
            confidence,
            params,
            title: String::new(),
            explanation: String::new(),
            evidence: ev,
            fixes,
            primary: 0,
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
            .any(|x| x.observation == e.observation || (x.kind == e.kind && x.params == e.params))
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

/// What an evidence line about an observation says, as data: its kind and its redacted,
/// bounded details; [`crate::render`] turns them into a line in the reader's language. Never
/// quotes bodies or stream text (they may hold conversation text); page messages are cut short.
pub fn summarize(o: &Observation) -> (EvidenceKind, BTreeMap<String, String>) {
    fn short(url: &str) -> String {
        let u = redact_url(url);
        let u = u
            .strip_prefix("https://")
            .or_else(|| u.strip_prefix("wss://"))
            .unwrap_or(&u)
            .to_owned();
        cut(&u, 120)
    }
    let mut p: BTreeMap<String, String> = BTreeMap::new();
    let mut set = |k: &str, v: String| {
        p.insert(k.to_owned(), v);
    };
    let kind = match o {
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
            set("line", s);
            EvidenceKind::Request
        }
        Observation::NetError(n) => {
            set(
                "line",
                if n.url.is_empty() {
                    cut(&n.error.raw, 60)
                } else {
                    format!(
                        "{} {} ✕ {}",
                        method(&n.method),
                        short(&n.url),
                        cut(&n.error.raw, 60)
                    )
                },
            );
            EvidenceKind::Request
        }
        Observation::StreamAbort(s) => {
            set("url", short(&s.url));
            set("bytes", s.bytes_received.to_string());
            set(
                "ms",
                format!("{}", s.ms_since_start.max(0.0).round() as u64),
            );
            set("error", cut(&crate::redact::redact(&s.error), 60));
            EvidenceKind::StreamCut
        }
        Observation::WsClose(w) => {
            set("url", short(&w.url));
            set("code", w.code.to_string());
            set("opened", w.opened.to_string());
            set("clean", w.was_clean.to_string());
            EvidenceKind::SocketClosed
        }
        Observation::PageMessage(m) => {
            set("text", cut(&crate::redact::redact(&m.text), 160));
            EvidenceKind::PageShowed
        }
        Observation::Extensions(e) => {
            set("count", e.extensions.len().to_string());
            let on = e.extensions.iter().filter(|x| x.enabled).count();
            set("enabled", on.to_string());
            EvidenceKind::Extensions
        }
        Observation::Status(st) => {
            set("service", st.service.entry().name.to_owned());
            set("indicator", indicator_id(st.indicator).to_owned());
            if let Some(i) = st.incidents.first().or(st.maintenances.first()) {
                set("incident", cut(&crate::redact::redact(&i.name), 100));
            }
            EvidenceKind::StatusPage
        }
        Observation::Environment(e) => {
            if let Some(on) = e.online {
                set("online", on.to_string());
            }
            if let Some(c) = e.cookies_enabled {
                set("jar_allowed", c.to_string());
            }
            if let Some(off) = e.clock_offset_ms {
                set(
                    "clock_seconds",
                    format!("{}", (off / 1000.0).round() as i64),
                );
            }
            if let Some(proxy) = &e.proxy_control {
                set("proxy", cut(proxy, 40));
            }
            if let Some(ua) = &e.user_agent {
                if let Some((b, v)) = crate::rules::browser_version(ua) {
                    set("browser", format!("{b} {v}"));
                }
            }
            EvidenceKind::Environment
        }
        Observation::Probe(pr) => {
            set("check", cut(&pr.name, 32));
            set(
                "outcome",
                match pr.outcome {
                    ProbeOutcome::Pass => "pass",
                    ProbeOutcome::Problem => "problem",
                    ProbeOutcome::Untested => "untested",
                }
                .to_owned(),
            );
            if let Some(d) = &pr.detail {
                set("detail", cut(&crate::redact::redact(d), 80));
            }
            EvidenceKind::Check
        }
    };
    (kind, p)
}

/// A status indicator's stable id, as the observation's JSON writes it.
fn indicator_id(i: StatusIndicator) -> &'static str {
    match i {
        StatusIndicator::None => "none",
        StatusIndicator::Minor => "minor",
        StatusIndicator::Major => "major",
        StatusIndicator::Critical => "critical",
        StatusIndicator::Maintenance => "maintenance",
        StatusIndicator::Unreachable => "unreachable",
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
