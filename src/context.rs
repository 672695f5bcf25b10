//! What the rules read and where they write: the [`Context`] derived once per diagnosis from
//! the observations, the [`Findings`] the rules add to, and the failure facts both the
//! engine and the extension ask about one observation ([`is_failure`], [`failed_action`]).
//!
//! The [`Context`] says which service each observation belongs to and what role it plays,
//! which observations are failures, which failures are already over because a later chat turn
//! of the same service succeeded (the extension badges the current state, not history), and
//! which failures are part of a failed chat action. It sits below the rules and the diagnosis
//! (see `docs/architecture.md`): `crate::rules` read it, `crate::diagnose` builds it, runs the
//! rules and ranks what they found.

use std::collections::BTreeMap;

use crate::catalog::{self, Classified, Role, ServiceId};
use crate::cause::Cause;
use crate::observation::{
    EnvironmentObservation, ExtensionsObservation, HttpObservation, NetErrorKind, Observation,
    ProbeOutcome, StatusIndicator, StatusObservation, WsCloseObservation,
};
use crate::reading::{
    browser_version, clock_skewed, gemini_error_code, unsupported_browser, ErrorBody,
};
use crate::redact::redact_url;
use crate::report::{ActionKind, Evidence, EvidenceKind, Finding, Fix, Params};

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
                || e.clock_offset_ms.is_some_and(clock_skewed)
                || e.user_agent
                    .as_deref()
                    .and_then(unsupported_browser)
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
pub(crate) fn is_drop(o: &Observation, c: Classified) -> bool {
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
        || gemini_error_code(t).is_some()
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
                if let Some((b, v)) = browser_version(ua) {
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
    let b = ErrorBody::parse(h.body.as_deref()?)?;
    b.code.or(b.kind).map(|s| cut(&s, 40))
}
