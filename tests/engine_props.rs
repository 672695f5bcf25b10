//! Properties of the engine that hold for any input: `explain` on arbitrary text and `diagnose`
//! on arbitrary observations never panic, in every language, and always give a well-formed
//! report (confidences in 0..=1, findings sorted, `all_clear` exactly when nothing was found).
#![cfg(not(target_arch = "wasm32"))]
// Tests may unwrap: a panic is the failure report.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use chatmedic::observation::{
    BrowserError, ComponentState, ComponentStatus, EnvironmentObservation, ExtensionInfo,
    ExtensionsObservation, HttpObservation, NetErrorObservation, Observation,
    PageMessageObservation, ProbeObservation, ProbeOutcome, StatusEvent, StatusIndicator,
    StatusObservation, StreamAbortObservation, WsCloseObservation,
};
use chatmedic::{Lang, Report, ServiceId, Verdict};
use proptest::prelude::*;
use proptest::sample::select;

const LANGS: [Lang; 3] = [Lang::En, Lang::De, Lang::Ja];

/// What every report must satisfy; returns the first violation.
fn check(report: &Report) -> Result<(), String> {
    for f in &report.findings {
        if !(f.confidence.is_finite() && (0.0..=1.0).contains(&f.confidence)) {
            return Err(format!("{} has confidence {}", f.cause, f.confidence));
        }
    }
    // Most likely first, except that a finding resting on circumstance alone (no failed action
    // of its own) and blaming another side than the first finding from a failed action comes
    // after every other.
    let lead_side = report
        .findings
        .iter()
        .find(|f| f.action.is_some())
        .map(|f| f.cause.side());
    let demoted = |f: &chatmedic::report::Finding| {
        lead_side.is_some_and(|side| f.action.is_none() && f.cause.side() != side)
    };
    if let Some(w) = report
        .findings
        .windows(2)
        .find(|w| (demoted(&w[0]), -w[0].confidence) > (demoted(&w[1]), -w[1].confidence))
    {
        return Err(format!(
            "not sorted: {} {} before {} {}",
            w[0].cause, w[0].confidence, w[1].cause, w[1].confidence
        ));
    }
    if !report.findings.is_empty() && report.findings.iter().all(|f| f.action.is_none()) {
        return Err("findings without any failed action".into());
    }
    if (report.verdict == Verdict::AllClear) != report.findings.is_empty() {
        return Err(format!(
            "verdict {} with {} findings",
            report.verdict.id(),
            report.findings.len()
        ));
    }
    serde_json::to_string(report).map_err(|e| format!("does not serialize: {e}"))?;
    Ok(())
}

/// URLs the catalogue knows in every role, plus odd ones.
fn url() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(vec![
            "https://chatgpt.com/backend-api/f/conversation",
            "https://chatgpt.com/backend-api/sentinel/chat-requirements/prepare",
            "https://chatgpt.com/api/auth/session",
            "https://chatgpt.com/",
            "https://cdn.oaistatic.com/assets/i5bamk05qmvsi6c3.js",
            "https://ab.chatgpt.com/v1/rgstr",
            "https://claude.ai/api/organizations/o/chat_conversations/c/completion",
            "https://claude.ai/api/bootstrap",
            "https://claude.ai/new",
            "https://statsig.anthropic.com/v1/rgstr",
            "https://gemini.google.com/_/BardChatUi/data/assistant.lamda.BardFrontendService/StreamGenerate?rt=c",
            "wss://copilot.microsoft.com/c/api/chat?api-version=2",
            "https://www.perplexity.ai/rest/sse/perplexity_ask",
            "https://api.openai.com/v1/chat/completions",
            "https://api.anthropic.com/v1/messages",
            "https://www.google-analytics.com/g/collect",
            "https://challenges.cloudflare.com/turnstile/v0/api.js",
        ])
        .prop_map(str::to_owned),
        1 => ".{0,80}",
        1 => "(https?|wss)://[a-zé.]{0,20}(:[0-9]{1,6})?/[ -~]{0,40}",
    ]
}

fn text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(vec![
            r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
            r#"{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}"#,
            r#"{"error":{"type":"requests","code":"rate_limit_exceeded"}}"#,
            r#"{"detail":"Too many requests in 1 hour. Try again later."}"#,
            "<title>Just a moment...</title>",
            "400 Request Header Or Cookie Too Large",
            "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\"}}\n\n",
            r#"{"type":"error","error":{"type":"rate_limit_error","message":"{\"type\": \"exceeded_limit\", \"resetsAt\": 1}"}}"#,
            "Error 524: A timeout occurred",
            "",
        ])
        .prop_map(str::to_owned),
        2 => proptest::string::string_regex(&format!(".{{0,{max}}}")).unwrap(),
    ]
}

fn headers() -> impl Strategy<Value = BTreeMap<String, String>> {
    let name = select(vec![
        "retry-after",
        "content-type",
        "server",
        "cf-ray",
        "cf-mitigated",
        "x-ratelimit-remaining-requests",
        "anthropic-ratelimit-requests-reset",
        "date",
        "location",
    ])
    .prop_map(str::to_owned);
    let value = prop_oneof![
        select(vec![
            "20",
            "-1",
            "0",
            "challenge",
            "cloudflare",
            "text/html",
            "99999999999999999999",
            "Tue, 18 Nov 2025 14:03:21 GMT",
            "1.5"
        ])
        .prop_map(str::to_owned),
        ".{0,30}",
    ];
    proptest::collection::btree_map(name, value, 0..5)
}

fn time() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        Just(None),
        (1.7e12f64..1.8e12).prop_map(Some),
        select(vec![0.0, -1.0, f64::MAX, f64::MIN_POSITIVE]).prop_map(Some),
    ]
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        3 => select(vec![0u16, 200, 204, 301, 400, 401, 403, 404, 408, 413, 429, 431, 500, 502, 503, 504, 520, 524, 529]),
        1 => any::<u16>(),
    ]
}

fn browser_error() -> impl Strategy<Value = BrowserError> {
    prop_oneof![
        3 => select(vec![
            "net::ERR_ABORTED", "net::ERR_BLOCKED_BY_CLIENT", "net::ERR_NAME_NOT_RESOLVED",
            "net::ERR_INTERNET_DISCONNECTED", "net::ERR_CERT_AUTHORITY_INVALID",
            "net::ERR_CERT_DATE_INVALID", "net::ERR_PROXY_CONNECTION_FAILED",
            "net::ERR_CONNECTION_RESET", "net::ERR_NETWORK_CHANGED", "net::ERR_BLOCKED_BY_ADMINISTRATOR",
            "net::ERR_INCOMPLETE_CHUNKED_ENCODING", "net::ERR_QUIC_PROTOCOL_ERROR", "net::ERR_FAILED",
            "NS_ERROR_ABORT", "NS_BINDING_ABORTED", "NS_ERROR_OFFLINE", "NS_ERROR_UNKNOWN_HOST",
            "NS_ERROR_TRACKING_URI", "NS_ERROR_PARSED_DATA_CACHED", "NS_ERROR_NET_RESET",
            "Peer’s Certificate issuer is not recognized.",
        ])
        .prop_map(BrowserError::from),
        1 => ".{0,40}".prop_map(|s| BrowserError::from(s.as_str())),
    ]
}

fn service() -> impl Strategy<Value = ServiceId> {
    select(ServiceId::ALL.to_vec())
}

fn status_event() -> impl Strategy<Value = StatusEvent> {
    (
        ".{0,40}",
        select(vec![
            "investigating",
            "in_progress",
            "scheduled",
            "resolved",
            "",
        ]),
        select(vec![
            "none",
            "minor",
            "major",
            "critical",
            "maintenance",
            "",
        ]),
        proptest::option::of(url()),
    )
        .prop_map(|(name, status, impact, url)| StatusEvent {
            name,
            status: status.to_owned(),
            impact: impact.to_owned(),
            url,
        })
}

fn observation() -> impl Strategy<Value = Observation> {
    let http = (
        url(),
        select(vec!["GET", "POST", "", "PATCH"]),
        status(),
        headers(),
        proptest::option::of(text(300)),
        proptest::option::of(text(300)),
        proptest::option::of(any::<u64>()),
        proptest::option::of(select(vec![
            "xmlhttprequest",
            "script",
            "main_frame",
            "websocket",
        ])),
        time(),
        time(),
    )
        .prop_map(
            |(url, method, status, headers, body, stream_tail, size, rt, start, end)| {
                Observation::Http(HttpObservation {
                    url,
                    method: method.to_owned(),
                    status,
                    headers,
                    body,
                    stream_tail,
                    request_body_size: size,
                    resource_type: rt.map(str::to_owned),
                    start,
                    end,
                })
            },
        );
    let net = (
        url(),
        browser_error(),
        proptest::option::of(select(vec!["script", "xmlhttprequest", "main_frame"])),
        time(),
    )
        .prop_map(|(url, error, rt, time)| {
            Observation::NetError(NetErrorObservation {
                url,
                method: "POST".to_owned(),
                error,
                resource_type: rt.map(str::to_owned),
                time,
            })
        });
    let abort = (url(), any::<u64>(), any::<f64>(), text(60), time()).prop_map(
        |(url, bytes_received, ms_since_start, error, time)| {
            Observation::StreamAbort(StreamAbortObservation {
                url,
                bytes_received,
                ms_since_start,
                error,
                time,
            })
        },
    );
    let ws = (
        url(),
        prop_oneof![
            select(vec![1000u16, 1001, 1006, 1008, 1011, 1013, 4000]),
            any::<u16>()
        ],
        ".{0,20}",
        any::<bool>(),
        any::<bool>(),
        any::<f64>(),
        proptest::option::of(any::<f64>()),
        time(),
    )
        .prop_map(
            |(url, code, reason, was_clean, opened, ms_open, ms_since_message, time)| {
                Observation::WsClose(WsCloseObservation {
                    url,
                    code,
                    reason,
                    was_clean,
                    opened,
                    ms_open,
                    ms_since_message,
                    time,
                })
            },
        );
    let page = (text(400), proptest::option::of(url()), time()).prop_map(|(text, url, time)| {
        Observation::PageMessage(PageMessageObservation { text, url, time })
    });
    let ext = proptest::collection::vec(
        (
            ".{0,32}",
            ".{0,40}",
            any::<bool>(),
            proptest::collection::vec(
                select(vec![
                    "webRequest",
                    "declarativeNetRequest",
                    "proxy",
                    "management",
                    "cookies",
                ])
                .prop_map(str::to_owned),
                0..4,
            ),
            proptest::collection::vec(
                select(vec!["<all_urls>", "https://*/*", "*://chatgpt.com/*"])
                    .prop_map(str::to_owned),
                0..3,
            ),
        )
            .prop_map(
                |(id, name, enabled, permissions, host_permissions)| ExtensionInfo {
                    id,
                    name,
                    enabled,
                    kind: "extension".to_owned(),
                    permissions,
                    host_permissions,
                    install_type: "normal".to_owned(),
                },
            ),
        0..6,
    )
    .prop_map(|extensions| {
        Observation::Extensions(ExtensionsObservation {
            extensions,
            time: None,
        })
    });
    let status_obs = (
        service(),
        select(vec![
            StatusIndicator::None,
            StatusIndicator::Minor,
            StatusIndicator::Major,
            StatusIndicator::Critical,
            StatusIndicator::Maintenance,
            StatusIndicator::Unreachable,
        ]),
        proptest::collection::vec(
            (
                ".{0,20}",
                select(vec![
                    ComponentState::Operational,
                    ComponentState::DegradedPerformance,
                    ComponentState::PartialOutage,
                    ComponentState::MajorOutage,
                    ComponentState::UnderMaintenance,
                ]),
            )
                .prop_map(|(name, status)| ComponentStatus { name, status }),
            0..3,
        ),
        proptest::collection::vec(status_event(), 0..2),
        proptest::collection::vec(status_event(), 0..2),
        proptest::option::of(url()),
        time(),
    )
        .prop_map(
            |(service, indicator, components, incidents, maintenances, page_url, time)| {
                Observation::Status(StatusObservation {
                    service,
                    indicator,
                    components,
                    incidents,
                    maintenances,
                    page_url,
                    time,
                })
            },
        );
    let env = (
        proptest::option::of(any::<bool>()),
        proptest::option::of(".{0,120}"),
        proptest::option::of(any::<bool>()),
        proptest::option::of(any::<bool>()),
        proptest::option::of(prop_oneof![any::<f64>(), -1e7f64..1e7]),
        proptest::option::of(
            select(vec![
                "controlled_by_other_extensions",
                "controllable_by_this_extension",
                "not_controllable",
            ])
            .prop_map(str::to_owned),
        ),
        time(),
    )
        .prop_map(
            |(
                online,
                user_agent,
                cookies_enabled,
                storage_available,
                clock_offset_ms,
                proxy_control,
                time,
            )| {
                Observation::Environment(EnvironmentObservation {
                    online,
                    user_agent,
                    cookies_enabled,
                    storage_available,
                    clock_offset_ms,
                    proxy_control,
                    proxy_extension: None,
                    connection_type: None,
                    time,
                })
            },
        );
    let probe = (
        prop_oneof![
            select(vec![
                "online",
                "reach",
                "websocket",
                "cookies",
                "thirdPartyCookies",
                "clock",
                "browserVersion",
                "adblock",
                "storage"
            ])
            .prop_map(str::to_owned),
            ".{0,16}"
        ],
        select(vec![
            ProbeOutcome::Pass,
            ProbeOutcome::Problem,
            ProbeOutcome::Untested,
        ]),
        proptest::option::of(".{0,40}"),
        proptest::option::of(url()),
        time(),
    )
        .prop_map(|(name, outcome, detail, target, time)| {
            Observation::Probe(ProbeObservation {
                name,
                outcome,
                detail,
                target,
                time,
            })
        });
    prop_oneof![4 => http, 3 => net, 1 => abort, 1 => ws, 1 => page, 1 => ext, 1 => status_obs, 1 => env, 1 => probe]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn explain_any_text(text in ".{0,600}", lang in select(LANGS.to_vec())) {
        let report = chatmedic::explain(&text, lang);
        prop_assert_eq!(report.lang.as_str(), lang.tag());
        if let Err(e) = check(&report) { prop_assert!(false, "{}", e); }
    }

    #[test]
    fn explain_any_bytes_as_text(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let text = String::from_utf8_lossy(&bytes);
        for lang in LANGS {
            if let Err(e) = check(&chatmedic::explain(&text, lang)) { prop_assert!(false, "{}", e); }
        }
    }

    #[test]
    fn diagnose_any_observations(obs in proptest::collection::vec(observation(), 0..24)) {
        for lang in LANGS {
            let report = chatmedic::diagnose(&obs, lang);
            if let Err(e) = check(&report) { prop_assert!(false, "{}", e); }
        }
    }

    #[test]
    fn bounded_observations_diagnose_the_same(mut obs in proptest::collection::vec(observation(), 0..12)) {
        // What parse_observations does to every input: bounding must keep the engine sound.
        for o in &mut obs { o.bound(); }
        if let Err(e) = check(&chatmedic::diagnose(&obs, Lang::En)) { prop_assert!(false, "{}", e); }
    }
}

#[test]
fn explain_huge_and_multibyte_text() {
    let samples = [
        "あ".repeat(400_000),
        "é€😀\u{200d}\u{0301}".repeat(100_000),
        format!("{}API Error: 529 overloaded_error", "x".repeat(2_000_000)),
        "\u{0}".repeat(100_000),
        "\n".repeat(500_000),
        "{\"error\":".repeat(50_000),
    ];
    for text in &samples {
        for lang in LANGS {
            let report = chatmedic::explain(text, lang);
            check(&report).unwrap();
        }
    }
}

#[test]
fn diagnose_many_observations() {
    // A long session: thousands of mixed observations must neither panic nor break the shape.
    let mut obs = Vec::new();
    for i in 0..5_000u32 {
        let t = Some(1.76e12 + f64::from(i) * 1000.0);
        obs.push(match i % 4 {
            0 => Observation::Http(HttpObservation {
                url: "https://chatgpt.com/backend-api/f/conversation".to_owned(),
                method: "POST".to_owned(),
                status: [200, 500, 429, 403][(i / 4 % 4) as usize],
                end: t,
                ..Default::default()
            }),
            1 => Observation::NetError(NetErrorObservation {
                url: "https://ab.chatgpt.com/v1/rgstr".to_owned(),
                method: "POST".to_owned(),
                error: BrowserError::from("net::ERR_BLOCKED_BY_CLIENT"),
                resource_type: None,
                time: t,
            }),
            2 => Observation::WsClose(WsCloseObservation {
                url: "wss://copilot.microsoft.com/c/api/chat".to_owned(),
                code: 1006,
                time: t,
                ..Default::default()
            }),
            _ => Observation::PageMessage(PageMessageObservation {
                text: "Something went wrong".to_owned(),
                url: None,
                time: t,
            }),
        });
    }
    for lang in LANGS {
        check(&chatmedic::diagnose(&obs, lang)).unwrap();
    }
}
