//! Status pages (Atlassian Statuspage, incident.io) into `status` observations.
//!
//! Both feeds are read through typed serde structs that tolerate what real pages do: missing
//! members, `null` where a string is expected, numbers for strings, unknown status values,
//! entries of the wrong shape (skipped, not fatal). Only a body that is not JSON, or JSON that
//! is not the feed at all, is an error. Value sets: the Statuspage API's `indicator`, component
//! `status` and incident `status`/`impact` enums; incident.io's component `status`.

use serde::de::{DeserializeOwned, Deserializer};
use serde::Deserialize;
use serde_json::Value;

use crate::catalog::{ServiceId, StatusFormat};
use crate::observation::{
    truncate, ComponentState, ComponentStatus, StatusEvent, StatusIndicator, StatusObservation,
};

/// Why a status page's reply could not be read: each says what was there instead of a feed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatusError {
    /// The service's status page has no feed to read (see [`StatusFormat::LinkOnly`]).
    #[error("status page: {service} has no machine-readable status feed")]
    NoFeed {
        /// The service's name.
        service: &'static str,
    },
    /// The reply was empty.
    #[error("status page: empty response")]
    Empty,
    /// The reply was an HTML page.
    #[error("status page: got HTML, not JSON (a block page, a login page or a wrong URL)")]
    Html,
    /// The reply was not JSON.
    #[error("status page: not JSON (line {line}, column {column}): {problem}")]
    NotJson {
        /// The line where reading stopped (1-based).
        line: usize,
        /// The column of that line (1-based).
        column: usize,
        /// What serde found wrong.
        problem: String,
    },
    /// JSON, but not an Atlassian Statuspage summary.
    #[error(
        "status page: not an Atlassian Statuspage summary (no status, components or incidents)"
    )]
    NotStatuspage,
    /// A Statuspage summary of the wrong shape.
    #[error("status page: unreadable Statuspage summary: {0}")]
    BadStatuspage(String),
    /// JSON, but not an incident.io widget summary.
    #[error("status page: not an incident.io widget summary (no `summary` object)")]
    NotIncidentIo,
    /// An incident.io summary of the wrong shape.
    #[error("status page: unreadable incident.io summary: {0}")]
    BadIncidentIo(String),
}

/// How far ahead a scheduled maintenance counts as "soon": within this it is reported.
const SOON_MS: f64 = 24.0 * 3600.0 * 1000.0;

/// The most components, incidents and maintenances kept (a page can list hundreds).
const MAX_COMPONENTS: usize = 200;
/// See [`MAX_COMPONENTS`].
const MAX_EVENTS: usize = 50;

/// Reads a status feed in the given format. A body in the other supported format is read as
/// that (a front end may have fetched the other endpoint); a link-only page has no feed.
pub fn parse(
    format: StatusFormat,
    json: &str,
    service: ServiceId,
    time: Option<f64>,
) -> Result<StatusObservation, StatusError> {
    match format {
        StatusFormat::Atlassian => parse_atlassian(json, service, time)
            .or_else(|e| parse_incident_io(json, service, time).map_err(|_| e)),
        StatusFormat::IncidentIo => parse_incident_io(json, service, time)
            .or_else(|e| parse_atlassian(json, service, time).map_err(|_| e)),
        StatusFormat::LinkOnly => Err(StatusError::NoFeed {
            service: service.entry().name,
        }),
    }
}

/// The observation for a status page that could not be read (network, CORS, not JSON): it
/// says nothing about the service.
pub fn unreachable(service: ServiceId, time: Option<f64>) -> StatusObservation {
    StatusObservation {
        service,
        indicator: StatusIndicator::Unreachable,
        components: Vec::new(),
        incidents: Vec::new(),
        maintenances: Vec::new(),
        page_url: Some(service.entry().status.url.to_owned()),
        time,
    }
}

/// Reads an Atlassian Statuspage `/api/v2/summary.json` (also `/api/v2/status.json`, which has
/// the indicator only).
pub fn parse_atlassian(
    json: &str,
    service: ServiceId,
    time: Option<f64>,
) -> Result<StatusObservation, StatusError> {
    let value = parse_json(json)?;
    let has = |k: &str| value.get(k).is_some();
    if !value.is_object() || !(has("status") || has("components") || has("incidents")) {
        return Err(StatusError::NotStatuspage);
    }
    let summary: AtlSummary =
        serde_json::from_value(value).map_err(|e| StatusError::BadStatuspage(e.to_string()))?;

    let components: Vec<ComponentStatus> = summary
        .components
        .iter()
        // A group's state is its children's; listing both would count one outage twice.
        .filter(|c| !c.group)
        .filter_map(|c| {
            let status = component_state(&c.status)?;
            (status != ComponentState::Operational).then(|| ComponentStatus {
                name: bounded(&c.name),
                status,
            })
        })
        .take(MAX_COMPONENTS)
        .collect();

    let incidents: Vec<StatusEvent> = summary
        .incidents
        .iter()
        .filter(|i| !matches!(i.status.as_str(), "resolved" | "postmortem" | "completed"))
        .map(|i| StatusEvent {
            name: bounded(&i.name),
            status: i.status.clone(),
            impact: i.impact.clone(),
            url: link(&i.shortlink),
        })
        .take(MAX_EVENTS)
        .collect();

    let mut maintenances: Vec<(bool, StatusEvent)> = summary
        .scheduled_maintenances
        .iter()
        .filter_map(|m| {
            let now = matches!(m.status.as_str(), "in_progress" | "verifying");
            let soon = m.status == "scheduled" && starts_soon(&m.scheduled_for, time);
            (now || soon).then(|| {
                (
                    now,
                    StatusEvent {
                        name: bounded(&m.name),
                        status: m.status.clone(),
                        impact: m.impact.clone(),
                        url: link(&m.shortlink),
                    },
                )
            })
        })
        .collect();
    // Under way first: the rules name the first one.
    maintenances.sort_by_key(|(now, _)| !*now);
    let maintenances: Vec<StatusEvent> = maintenances
        .into_iter()
        .map(|(_, m)| m)
        .take(MAX_EVENTS)
        .collect();

    let stated = match summary.status.indicator.as_str() {
        "none" => Some(StatusIndicator::None),
        "minor" => Some(StatusIndicator::Minor),
        "major" => Some(StatusIndicator::Major),
        "critical" => Some(StatusIndicator::Critical),
        "maintenance" => Some(StatusIndicator::Maintenance),
        _ => None,
    };
    let derived = worst(
        components
            .iter()
            .map(|c| state_severity(c.status))
            .chain(incidents.iter().map(|i| impact_severity(&i.impact))),
    );
    let maintenance_now = maintenances
        .iter()
        .any(|m| matches!(m.status.as_str(), "in_progress" | "verifying"))
        || components
            .iter()
            .any(|c| c.status == ComponentState::UnderMaintenance);
    let indicator = combine(stated, derived, maintenance_now);

    Ok(StatusObservation {
        service,
        indicator,
        components,
        incidents,
        maintenances,
        page_url: Some(service.entry().status.url.to_owned()),
        time,
    })
}

/// Reads incident.io's status widget API (`/proxy/<host>`): `{"summary":{…}}` with
/// `components`, `affected_components`, `ongoing_incidents`, `scheduled_maintenances`.
pub fn parse_incident_io(
    json: &str,
    service: ServiceId,
    time: Option<f64>,
) -> Result<StatusObservation, StatusError> {
    let value = parse_json(json)?;
    let Some(summary) = value.get("summary").filter(|s| s.is_object()) else {
        return Err(StatusError::NotIncidentIo);
    };
    let summary: IoSummary = serde_json::from_value(summary.clone())
        .map_err(|e| StatusError::BadIncidentIo(e.to_string()))?;

    let name_of = |id: &str| -> String {
        summary
            .components
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.name.clone())
            .or_else(|| summary.structure.name_of(id))
            .unwrap_or_else(|| id.to_owned())
    };
    let mut components: Vec<ComponentStatus> = Vec::new();
    for a in &summary.affected_components {
        let Some(status) = component_state(&a.status) else {
            continue;
        };
        let name = bounded(&name_of(&a.component_id));
        if status != ComponentState::Operational && !components.iter().any(|c| c.name == name) {
            components.push(ComponentStatus { name, status });
        }
        if components.len() >= MAX_COMPONENTS {
            break;
        }
    }

    let base = summary.public_url.trim_end_matches('/').to_owned();
    // A URL built from the feed's `public_url` is checked and bounded like a given one: the
    // page could name any scheme (`javascript:`) and any length (found by tests/fuzz).
    let event_url = |url: &str, id: &str, kind: &str| -> Option<String> {
        link(url).or_else(|| {
            (!base.is_empty() && !id.is_empty())
                .then(|| format!("{base}/{kind}/{id}"))
                .and_then(|u| link(&u))
        })
    };
    let incidents: Vec<StatusEvent> = summary
        .ongoing_incidents
        .iter()
        .filter(|i| !matches!(i.status.as_str(), "resolved" | "closed"))
        .map(|i| StatusEvent {
            name: bounded(&i.name),
            status: i.status.clone(),
            impact: i.impact().to_owned(),
            url: event_url(&i.url, &i.id, "incidents"),
        })
        .take(MAX_EVENTS)
        .collect();
    // An ongoing incident's own affected components count too (a page may list them only there).
    for i in &summary.ongoing_incidents {
        for a in &i.affected_components {
            let (Some(status), false) = (component_state(&a.status), a.component_id.is_empty())
            else {
                continue;
            };
            let name = bounded(&name_of(&a.component_id));
            if status != ComponentState::Operational
                && components.len() < MAX_COMPONENTS
                && !components.iter().any(|c| c.name == name)
            {
                components.push(ComponentStatus { name, status });
            }
        }
    }

    let mut maintenances: Vec<(bool, StatusEvent)> = summary
        .scheduled_maintenances
        .iter()
        .filter_map(|m| {
            let now = matches!(m.status.as_str(), "maintenance_in_progress" | "in_progress");
            let soon = matches!(m.status.as_str(), "maintenance_scheduled" | "scheduled")
                && starts_soon(&m.starts_at, time);
            (now || soon).then(|| {
                (
                    now,
                    StatusEvent {
                        name: bounded(&m.name),
                        status: m.status.clone(),
                        impact: "maintenance".into(),
                        url: event_url(&m.url, &m.id, "incidents"),
                    },
                )
            })
        })
        .collect();
    maintenances.sort_by_key(|(now, _)| !*now);
    let maintenance_now = maintenances.iter().any(|(now, _)| *now)
        || components
            .iter()
            .any(|c| c.status == ComponentState::UnderMaintenance);
    let maintenances: Vec<StatusEvent> = maintenances
        .into_iter()
        .map(|(_, m)| m)
        .take(MAX_EVENTS)
        .collect();

    let derived = worst(
        components
            .iter()
            .map(|c| state_severity(c.status))
            .chain(incidents.iter().map(|i| impact_severity(&i.impact))),
    );
    // incident.io has no overall indicator: an ongoing incident is at least minor.
    let derived = if incidents.is_empty() {
        derived
    } else {
        derived.max(1)
    };
    let indicator = combine(None, derived, maintenance_now);

    Ok(StatusObservation {
        service,
        indicator,
        components,
        incidents,
        maintenances,
        page_url: Some(service.entry().status.url.to_owned()),
        time,
    })
}

/// Parses JSON or says, in one line, why not.
fn parse_json(json: &str) -> Result<Value, StatusError> {
    let t = json.trim_start();
    if t.is_empty() {
        return Err(StatusError::Empty);
    }
    if t.starts_with('<') {
        return Err(StatusError::Html);
    }
    serde_json::from_str(json).map_err(|e| StatusError::NotJson {
        line: e.line(),
        column: e.column(),
        problem: e.to_string(),
    })
}

/// A component state from either vocabulary; unknown values are skipped, not guessed.
fn component_state(s: &str) -> Option<ComponentState> {
    Some(match s {
        "operational" => ComponentState::Operational,
        "degraded_performance" | "degraded" => ComponentState::DegradedPerformance,
        "partial_outage" => ComponentState::PartialOutage,
        "major_outage" | "full_outage" => ComponentState::MajorOutage,
        "under_maintenance" | "maintenance" => ComponentState::UnderMaintenance,
        _ => return None,
    })
}

/// Severity on the indicator's scale: 0 none, 1 minor, 2 major, 3 critical.
fn state_severity(s: ComponentState) -> u8 {
    match s {
        ComponentState::Operational | ComponentState::UnderMaintenance => 0,
        ComponentState::DegradedPerformance | ComponentState::PartialOutage => 1,
        ComponentState::MajorOutage => 2,
    }
}

/// An incident's impact on the same scale (Atlassian `impact`, incident.io worst impact).
fn impact_severity(impact: &str) -> u8 {
    match impact {
        "critical" => 3,
        "major" | "major_outage" | "full_outage" => 2,
        "minor" | "degraded_performance" | "partial_outage" => 1,
        _ => 0,
    }
}

/// The worst severity of several, 0 when there are none.
fn worst(sev: impl Iterator<Item = u8>) -> u8 {
    sev.max().unwrap_or(0)
}

/// The indicator: the page's own, raised to what its components and incidents show; a
/// maintenance under way when nothing is worse than minor.
fn combine(stated: Option<StatusIndicator>, derived: u8, maintenance_now: bool) -> StatusIndicator {
    let stated_sev = match stated {
        Some(StatusIndicator::Minor) => 1,
        Some(StatusIndicator::Major) => 2,
        Some(StatusIndicator::Critical) => 3,
        _ => 0,
    };
    let sev = stated_sev.max(derived);
    if sev < 2 && (maintenance_now || stated == Some(StatusIndicator::Maintenance)) {
        return StatusIndicator::Maintenance;
    }
    match sev {
        0 => StatusIndicator::None,
        1 => StatusIndicator::Minor,
        2 => StatusIndicator::Major,
        _ => StatusIndicator::Critical,
    }
}

/// Whether a maintenance starting at `at` (RFC 3339) starts within [`SOON_MS`] of `now`. Without
/// a clock or a start, an announced maintenance is reported (better a note than silence).
fn starts_soon(at: &str, now: Option<f64>) -> bool {
    match (crate::time::rfc3339_ms(at), now) {
        (Some(at), Some(now)) => at - now <= SOON_MS,
        _ => true,
    }
}

/// A link worth keeping: http(s) only, bounded.
fn link(url: &str) -> Option<String> {
    let u = url.trim();
    (u.starts_with("https://") || u.starts_with("http://")).then(|| bounded(u))
}

/// A name or URL from a third-party page, cut to a sane length.
fn bounded(s: &str) -> String {
    let mut s = s.trim().to_owned();
    truncate(&mut s, 512);
    s
}

/// A string member that may be missing, `null`, a number or a bool.
fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => s,
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    })
}

/// A list member that may be missing or `null`; entries of the wrong shape are skipped.
fn lenient_vec<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|v| serde_json::from_value(v).ok())
            .collect(),
        _ => Vec::new(),
    })
}

/// A bool member that may be missing or `null`.
fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(matches!(Value::deserialize(d)?, Value::Bool(true)))
}

/// An object member that may be missing, `null` or of the wrong shape.
fn lenient_obj<'de, D: Deserializer<'de>, T: DeserializeOwned + Default>(
    d: D,
) -> Result<T, D::Error> {
    Ok(serde_json::from_value(Value::deserialize(d)?).unwrap_or_default())
}

/// Statuspage `summary.json`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AtlSummary {
    #[serde(deserialize_with = "lenient_obj")]
    status: AtlStatus,
    #[serde(deserialize_with = "lenient_vec")]
    components: Vec<AtlComponent>,
    #[serde(deserialize_with = "lenient_vec")]
    incidents: Vec<AtlEvent>,
    #[serde(deserialize_with = "lenient_vec")]
    scheduled_maintenances: Vec<AtlEvent>,
}

/// Statuspage `status`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AtlStatus {
    #[serde(deserialize_with = "lenient_string")]
    indicator: String,
}

/// A Statuspage component.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AtlComponent {
    #[serde(deserialize_with = "lenient_string")]
    name: String,
    #[serde(deserialize_with = "lenient_string")]
    status: String,
    #[serde(deserialize_with = "lenient_bool")]
    group: bool,
}

/// A Statuspage incident or scheduled maintenance.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AtlEvent {
    #[serde(deserialize_with = "lenient_string")]
    name: String,
    #[serde(deserialize_with = "lenient_string")]
    status: String,
    #[serde(deserialize_with = "lenient_string")]
    impact: String,
    #[serde(deserialize_with = "lenient_string")]
    shortlink: String,
    #[serde(deserialize_with = "lenient_string")]
    scheduled_for: String,
}

/// incident.io's widget `summary`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct IoSummary {
    #[serde(deserialize_with = "lenient_string")]
    public_url: String,
    #[serde(deserialize_with = "lenient_vec")]
    components: Vec<IoComponent>,
    #[serde(deserialize_with = "lenient_vec")]
    affected_components: Vec<IoAffected>,
    #[serde(deserialize_with = "lenient_vec")]
    ongoing_incidents: Vec<IoIncident>,
    #[serde(deserialize_with = "lenient_vec")]
    scheduled_maintenances: Vec<IoMaintenance>,
    #[serde(deserialize_with = "lenient_obj")]
    structure: IoStructure,
}

/// An incident.io component.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct IoComponent {
    #[serde(deserialize_with = "lenient_string")]
    id: String,
    #[serde(deserialize_with = "lenient_string")]
    name: String,
}

/// A component's state in an incident.io summary or incident.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct IoAffected {
    #[serde(deserialize_with = "lenient_string")]
    component_id: String,
    #[serde(deserialize_with = "lenient_string")]
    status: String,
}

/// An ongoing incident.io incident.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct IoIncident {
    #[serde(deserialize_with = "lenient_string")]
    id: String,
    #[serde(deserialize_with = "lenient_string")]
    name: String,
    #[serde(deserialize_with = "lenient_string")]
    status: String,
    #[serde(deserialize_with = "lenient_string")]
    current_worst_impact: String,
    #[serde(deserialize_with = "lenient_string")]
    impact: String,
    #[serde(deserialize_with = "lenient_string")]
    url: String,
    #[serde(deserialize_with = "lenient_vec")]
    affected_components: Vec<IoAffected>,
}

impl IoIncident {
    /// The worst impact, whichever member the page used.
    fn impact(&self) -> &str {
        if self.current_worst_impact.is_empty() {
            &self.impact
        } else {
            &self.current_worst_impact
        }
    }
}

/// A scheduled or running incident.io maintenance.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct IoMaintenance {
    #[serde(deserialize_with = "lenient_string")]
    id: String,
    #[serde(deserialize_with = "lenient_string")]
    name: String,
    #[serde(deserialize_with = "lenient_string")]
    status: String,
    #[serde(deserialize_with = "lenient_string")]
    starts_at: String,
    #[serde(deserialize_with = "lenient_string")]
    url: String,
}

/// incident.io's page structure: groups of components, or components, with their names.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct IoStructure {
    #[serde(deserialize_with = "lenient_vec")]
    items: Vec<Value>,
}

impl IoStructure {
    /// A component's name from the structure (`{group:{components:[…]}}` or `{component:{…}}`).
    fn name_of(&self, id: &str) -> Option<String> {
        let named = |c: &Value| {
            let cid = c.get("component_id").or_else(|| c.get("id"))?.as_str()?;
            (cid == id)
                .then(|| c.get("name").and_then(Value::as_str).map(str::to_owned))
                .flatten()
        };
        self.items.iter().find_map(|item| {
            item.get("component").and_then(named).or_else(|| {
                item.get("group")
                    .and_then(|g| g.get("components"))
                    .and_then(Value::as_array)
                    .and_then(|cs| cs.iter().find_map(named))
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// status.claude.com's `/api/v2/summary.json` during a minor incident, verbatim.
    const CLAUDE_MINOR: &str = r#"{"page":{"id":"g13x0v2qtlpv","name":"Claude","url":"https://status.claude.com","time_zone":"Etc/UTC","updated_at":"2026-09-23T05:42:11.123Z"},
 "components":[{"id":"abc","name":"claude.ai","status":"degraded_performance","created_at":"…","updated_at":"…","position":1,
   "description":null,"showcase":true,"start_date":null,"group_id":null,"page_id":"g13x0v2qtlpv","group":false,"only_show_if_degraded":false}],
 "incidents":[{"id":"inc1","name":"Elevated errors on claude.ai","status":"investigating","impact":"minor","created_at":"…","updated_at":"…",
   "monitoring_at":null,"resolved_at":null,"shortlink":"https://stspg.io/x","started_at":"…","page_id":"g13x0v2qtlpv",
   "incident_updates":[{"id":"u1","status":"investigating","body":"We are currently investigating this issue.","created_at":"…","display_at":"…"}],
   "components":[{"id":"abc","name":"claude.ai","status":"degraded_performance"}]}],
 "scheduled_maintenances":[],
 "status":{"indicator":"minor","description":"Partially Degraded Service"}}"#;

    /// OpenAI Codex's test mock of the incident.io widget feed, verbatim.
    const CODEX_MOCK: &str = r#"{"summary":{"components":[{"id":"cmp-1","name":"Codex","status_page_id":"page-1"}],
              "affected_components":[{"component_id":"cmp-1","status":"major_outage"}]}}"#;

    const OPERATIONAL: &str = r#"{"page":{"id":"p","name":"Perplexity","url":"https://status.perplexity.com"},
      "components":[{"id":"a","name":"API","status":"operational","group":false},{"id":"b","name":"Web","status":"operational","group_id":null}],
      "incidents":[],"scheduled_maintenances":[],"status":{"indicator":"none","description":"All Systems Operational"}}"#;

    /// 2026-09-23T12:00:00Z in ms.
    const NOON: f64 = 1_790_164_800_000.0;

    #[test]
    fn atlassian_incident_from_the_reference() {
        let s = parse_atlassian(CLAUDE_MINOR, ServiceId::Claude, Some(NOON)).unwrap();
        assert_eq!(s.service, ServiceId::Claude);
        assert_eq!(s.indicator, StatusIndicator::Minor);
        assert_eq!(
            s.components,
            vec![ComponentStatus {
                name: "claude.ai".into(),
                status: ComponentState::DegradedPerformance
            }]
        );
        assert_eq!(s.incidents.len(), 1);
        assert_eq!(s.incidents[0].name, "Elevated errors on claude.ai");
        assert_eq!(s.incidents[0].status, "investigating");
        assert_eq!(s.incidents[0].impact, "minor");
        assert_eq!(s.incidents[0].url.as_deref(), Some("https://stspg.io/x"));
        assert!(s.maintenances.is_empty());
        assert_eq!(s.page_url.as_deref(), Some("https://status.claude.com"));
        assert_eq!(s.time, Some(NOON));
    }

    #[test]
    fn atlassian_operational() {
        let s = parse_atlassian(OPERATIONAL, ServiceId::Perplexity, None).unwrap();
        assert_eq!(s.indicator, StatusIndicator::None);
        assert!(s.components.is_empty() && s.incidents.is_empty() && s.maintenances.is_empty());
        assert_eq!(s.page_url.as_deref(), Some("https://status.perplexity.com"));
        // status.json has the indicator only.
        let s = parse_atlassian(
            r#"{"page":{},"status":{"indicator":"major","description":"Partial System Outage"}}"#,
            ServiceId::AnthropicApi,
            None,
        )
        .unwrap();
        assert_eq!(s.indicator, StatusIndicator::Major);
    }

    #[test]
    fn atlassian_major_outage_groups_and_resolved_incidents() {
        let json = r#"{"components":[
            {"id":"g","name":"Claude apps","status":"major_outage","group":true},
            {"id":"c1","name":"claude.ai","status":"major_outage","group_id":"g"},
            {"id":"c2","name":"Console","status":"operational","group_id":"g"},
            {"id":"c3","name":"Claude API","status":"partial_outage"},
            {"id":"c4","name":"Odd","status":"something_new"},
            "not an object"],
          "incidents":[
            {"name":"claude.ai unavailable","status":"identified","impact":"critical","shortlink":"https://stspg.io/y"},
            {"name":"Old one","status":"resolved","impact":"minor"},
            {"name":null,"status":"monitoring","impact":null,"shortlink":null}],
          "status":{"indicator":"minor"}}"#;
        let s = parse_atlassian(json, ServiceId::Claude, None).unwrap();
        // The page says minor; a critical incident and a major outage say more.
        assert_eq!(s.indicator, StatusIndicator::Critical);
        let names: Vec<&str> = s.components.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["claude.ai", "Claude API"]);
        assert_eq!(s.components[0].status, ComponentState::MajorOutage);
        assert_eq!(s.incidents.len(), 2);
        assert_eq!(s.incidents[1].name, "");
        assert_eq!(s.incidents[1].url, None);
    }

    #[test]
    fn atlassian_maintenance_now_and_soon() {
        let json = r#"{"components":[{"name":"API","status":"under_maintenance"}],"incidents":[],
          "scheduled_maintenances":[
            {"name":"Database upgrade next month","status":"scheduled","impact":"maintenance","scheduled_for":"2026-10-23T00:00:00Z"},
            {"name":"Upgrade tonight","status":"scheduled","impact":"maintenance","scheduled_for":"2026-09-23T22:00:00Z","shortlink":"https://stspg.io/m2"},
            {"name":"Network maintenance","status":"in_progress","impact":"maintenance","scheduled_for":"2026-09-23T11:00:00Z","shortlink":"https://stspg.io/m"},
            {"name":"Done","status":"completed","impact":"maintenance"}],
          "status":{"indicator":"maintenance","description":"Service Under Maintenance"}}"#;
        let s = parse_atlassian(json, ServiceId::AnthropicApi, Some(NOON)).unwrap();
        assert_eq!(s.indicator, StatusIndicator::Maintenance);
        let names: Vec<&str> = s.maintenances.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["Network maintenance", "Upgrade tonight"]);
        assert_eq!(s.maintenances[0].url.as_deref(), Some("https://stspg.io/m"));
        assert_eq!(s.components[0].status, ComponentState::UnderMaintenance);
        // A maintenance during a major outage does not hide the outage.
        let json = r#"{"components":[{"name":"API","status":"major_outage"}],
          "scheduled_maintenances":[{"name":"M","status":"in_progress"}],"status":{"indicator":"major"}}"#;
        let s = parse_atlassian(json, ServiceId::AnthropicApi, None).unwrap();
        assert_eq!(s.indicator, StatusIndicator::Major);
    }

    #[test]
    fn incident_io_codex_mock() {
        let s = parse_incident_io(CODEX_MOCK, ServiceId::OpenaiApi, None).unwrap();
        assert_eq!(s.indicator, StatusIndicator::Major);
        assert_eq!(
            s.components,
            vec![ComponentStatus {
                name: "Codex".into(),
                status: ComponentState::MajorOutage
            }]
        );
        assert_eq!(s.page_url.as_deref(), Some("https://status.openai.com"));
    }

    #[test]
    fn incident_io_full_shape() {
        let json = r#"{"summary":{"id":"01H","name":"OpenAI","public_url":"https://status.openai.com/",
          "components":[{"id":"c-chat","name":"ChatGPT"},{"id":"c-api","name":"Chat Completions"}],
          "affected_components":[{"component_id":"c-chat","status":"full_outage"},{"component_id":"c-api","status":"degraded_performance"},{"component_id":"c-x","status":"partial_outage"}],
          "ongoing_incidents":[{"id":"01JINC","name":"Elevated error rates in ChatGPT","status":"identified","current_worst_impact":"full_outage",
             "affected_components":[{"component_id":"c-voice","status":"partial_outage"}]}],
          "scheduled_maintenances":[{"id":"01JM","name":"Planned database work","status":"maintenance_scheduled","starts_at":"2026-09-24T02:00:00Z"}],
          "structure":{"items":[{"group":{"id":"g","name":"Apps","components":[{"component_id":"c-voice","name":"Voice mode"}]}},{"component":{"component_id":"c-x","name":"Sora"}}]}}}"#;
        let s = parse_incident_io(json, ServiceId::Chatgpt, Some(NOON)).unwrap();
        assert_eq!(s.indicator, StatusIndicator::Major);
        let names: Vec<(&str, ComponentState)> = s
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.status))
            .collect();
        assert_eq!(
            names,
            [
                ("ChatGPT", ComponentState::MajorOutage),
                ("Chat Completions", ComponentState::DegradedPerformance),
                ("Sora", ComponentState::PartialOutage),
                ("Voice mode", ComponentState::PartialOutage),
            ]
        );
        assert_eq!(s.incidents[0].name, "Elevated error rates in ChatGPT");
        assert_eq!(s.incidents[0].impact, "full_outage");
        assert_eq!(
            s.incidents[0].url.as_deref(),
            Some("https://status.openai.com/incidents/01JINC")
        );
        assert_eq!(s.maintenances.len(), 1, "starts within a day");
        assert_eq!(s.maintenances[0].status, "maintenance_scheduled");
    }

    #[test]
    fn incident_io_operational_minor_and_maintenance() {
        let s = parse_incident_io(
            r#"{"summary":{"components":[{"id":"a","name":"API"}],"affected_components":[],"ongoing_incidents":[],"scheduled_maintenances":[]}}"#,
            ServiceId::OpenaiApi,
            None,
        )
        .unwrap();
        assert_eq!(s.indicator, StatusIndicator::None);
        let s = parse_incident_io(
            r#"{"summary":{"ongoing_incidents":[{"name":"Slow responses","status":"investigating"}]}}"#,
            ServiceId::OpenaiApi,
            None,
        )
        .unwrap();
        assert_eq!(
            s.indicator,
            StatusIndicator::Minor,
            "an ongoing incident is news"
        );
        let s = parse_incident_io(
            r#"{"summary":{"scheduled_maintenances":[{"name":"Upgrade","status":"maintenance_in_progress"}],"affected_components":null}}"#,
            ServiceId::OpenaiApi,
            None,
        )
        .unwrap();
        assert_eq!(s.indicator, StatusIndicator::Maintenance);
        assert_eq!(s.maintenances[0].status, "maintenance_in_progress");
    }

    #[test]
    fn the_rules_read_what_is_parsed() {
        use crate::observation::{HttpObservation, Observation};
        let s = parse(
            StatusFormat::IncidentIo,
            CODEX_MOCK,
            ServiceId::Chatgpt,
            None,
        )
        .unwrap();
        let obs = [
            Observation::Http(HttpObservation {
                url: "https://chatgpt.com/backend-api/f/conversation".into(),
                method: "POST".into(),
                status: 502,
                ..Default::default()
            }),
            Observation::Status(s),
        ];
        let r = crate::diagnose::run(&obs);
        assert_eq!(r.findings[0].cause, crate::Cause::ServiceOutage);
    }

    #[test]
    fn parse_dispatches_and_falls_back() {
        let s = parse(
            StatusFormat::Atlassian,
            CLAUDE_MINOR,
            ServiceId::Claude,
            None,
        )
        .unwrap();
        assert_eq!(s.indicator, StatusIndicator::Minor);
        // The other feed's body is still read.
        let s = parse(
            StatusFormat::Atlassian,
            CODEX_MOCK,
            ServiceId::OpenaiApi,
            None,
        )
        .unwrap();
        assert_eq!(s.indicator, StatusIndicator::Major);
        let s = parse(
            StatusFormat::IncidentIo,
            OPERATIONAL,
            ServiceId::Perplexity,
            None,
        )
        .unwrap();
        assert_eq!(s.indicator, StatusIndicator::None);
        let e = parse(StatusFormat::LinkOnly, "{}", ServiceId::Gemini, None).unwrap_err();
        assert_eq!(e, StatusError::NoFeed { service: "Gemini" });
        assert!(e.to_string().starts_with("status page: Gemini"), "{e}");
    }

    #[test]
    fn garbage_is_a_clear_error() {
        for (input, says) in [
            ("", "empty"),
            ("   ", "empty"),
            ("<!DOCTYPE html><title>Just a moment...</title>", "HTML"),
            ("{\"status\":", "not JSON"),
            ("\u{0}\u{1}binary", "not JSON"),
            ("[1,2,3]", "not an"),
            ("42", "not an"),
            ("{\"hello\":\"world\"}", "not an"),
        ] {
            for f in [StatusFormat::Atlassian, StatusFormat::IncidentIo] {
                let e = parse(f, input, ServiceId::Claude, None)
                    .unwrap_err()
                    .to_string();
                assert!(e.starts_with("status page: "), "{input:?}: {e}");
                assert!(e.contains(says), "{input:?}: {e}");
            }
        }
        // The kind of each refusal, for callers that act on it rather than print it.
        assert_eq!(
            parse_atlassian("", ServiceId::Claude, None),
            Err(StatusError::Empty)
        );
        assert_eq!(
            parse_incident_io("<html>", ServiceId::Claude, None),
            Err(StatusError::Html)
        );
        assert_eq!(
            parse_atlassian("[1]", ServiceId::Claude, None),
            Err(StatusError::NotStatuspage)
        );
        assert_eq!(
            parse_incident_io("{}", ServiceId::Claude, None),
            Err(StatusError::NotIncidentIo)
        );
        assert!(matches!(
            parse_atlassian("{\"status\":", ServiceId::Claude, None),
            Err(StatusError::NotJson { line: 1, .. })
        ));
        // Shapes that are wrong inside but recognisable are read, not refused.
        let s = parse_atlassian(
            r#"{"status":"oops","components":{"a":1},"incidents":[42,{"name":7,"status":"investigating","impact":"major"}]}"#,
            ServiceId::Claude,
            None,
        )
        .unwrap();
        assert_eq!(s.indicator, StatusIndicator::Major);
        assert_eq!(s.incidents[0].name, "7");
        let s = parse_incident_io(r#"{"summary":{"components":"x","affected_components":[{"component_id":5,"status":"full_outage"}]}}"#, ServiceId::OpenaiApi, None).unwrap();
        assert_eq!(s.components[0].name, "5");
        assert_eq!(s.indicator, StatusIndicator::Major);
    }

    #[test]
    fn unreachable_says_nothing_about_the_service() {
        let s = unreachable(ServiceId::Chatgpt, Some(1.0));
        assert_eq!(s.indicator, StatusIndicator::Unreachable);
        assert_eq!(s.page_url.as_deref(), Some("https://status.openai.com"));
        assert!(s.components.is_empty());
        let r = crate::diagnose::run(&[crate::Observation::Status(s)]);
        assert!(r.findings.is_empty());
    }

    #[test]
    fn long_names_are_bounded() {
        let long = "x".repeat(10_000);
        let json = format!(
            r#"{{"incidents":[{{"name":"{long}","status":"investigating","impact":"minor"}}]}}"#
        );
        let s = parse_atlassian(&json, ServiceId::Claude, None).unwrap();
        assert!(s.incidents[0].name.len() <= 512);
    }
}
