//! The message protocol is defined once, in `src/message.rs`; the extension's JavaScript reads it
//! from the module the build generates from the crate (`chatmedic facts`, `lib/facts.js`). These
//! tests run that module in Node and hold it to the Rust definitions (type strings, limits, the
//! kinds a page may report), check that the page hook, which cannot load it, keeps no copy and
//! gets the same facts written in by the build (`chatmedic facts --hook`), and round-trip every
//! message through both sides.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use chatmedic::facts::{hook_script, HookFacts, HOOK_MARKER};
use chatmedic::message::{
    is_page_header_name, ActResult, BisectPhase, BisectPlan, BisectState, BisectWait,
    DisabledExtension, FixOutcome, Message, PendingFix, PermissionAnswer, PermissionPurpose,
    TabReport, HOOK_READY_EVENT, MAX_HEADER_NAME, MAX_PAGE_HEADERS, MAX_PAGE_MESSAGE_BYTES,
    MAX_TAB_OBSERVATIONS, PAGE_BURST, PAGE_KINDS, PAGE_RATE_PER_SECOND, PAGE_SOURCE,
    RELAY_READY_EVENT,
};
use chatmedic::observation::{
    Observation, PageMessageObservation, ProbeObservation, ProbeOutcome, KEPT_HEADERS,
    KEPT_HEADER_PREFIXES,
};
use chatmedic::report::Action;
use chatmedic::Verdict;

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// Runs `script` in Node after the generated facts module (`chatmedic facts`, what the build
/// writes to `lib/facts.js`), with `input` on stdin; returns stdout.
fn node_with_facts(script: &str, input: &str) -> String {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let program = format!(
        "{}\nconst input = require('node:fs').readFileSync(0, 'utf8');\n{script}",
        chatmedic::facts::js_module()
    );
    let mut child = Command::new("node")
        .args(["-e", &program])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node (the build needs it) runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write to node");
    let out = child.wait_with_output().expect("node ends");
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn js_type_strings_and_limits_are_the_rust_ones() {
    let out = node_with_facts(
        "process.stdout.write(JSON.stringify(globalThis.chatmedicProtocol));",
        "",
    );
    let js: serde_json::Value = serde_json::from_str(&out).unwrap();
    let js_types: BTreeSet<String> = js["MSG"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    let rust_types: BTreeSet<String> = Message::TYPES.iter().map(|s| s.to_string()).collect();
    assert_eq!(js_types, rust_types);
    // Named by direction, "<from>-<to>/<verb>".
    for t in Message::TYPES {
        let (route, verb) = t.split_once('/').expect("a slash");
        let (from, to) = route.split_once('-').expect("a dash");
        for part in [from, to] {
            assert!(["page", "cs", "bg", "ui", "web"].contains(&part), "{t}");
        }
        assert!(!verb.is_empty() && verb.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
    }
    let limits = &js["LIMITS"];
    assert_eq!(limits["PAGE_SOURCE"], PAGE_SOURCE);
    assert_eq!(limits["MAX_PAGE_MESSAGE_BYTES"], MAX_PAGE_MESSAGE_BYTES);
    assert_eq!(limits["PAGE_RATE_PER_SECOND"], PAGE_RATE_PER_SECOND);
    assert_eq!(limits["PAGE_BURST"], PAGE_BURST);
    assert_eq!(limits["MAX_TAB_OBSERVATIONS"], MAX_TAB_OBSERVATIONS);
    assert_eq!(js["PAGE_KINDS"], serde_json::json!(PAGE_KINDS));
}

/// The code of a JavaScript file without its comments (lines that start with `//`, `/*` or `*`).
fn js_code(source: &str) -> String {
    source
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            !(t.starts_with("//") || t.starts_with('*') || t.starts_with("/*"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_page_hook_names_the_same_source_and_type() {
    // The MAIN-world hook cannot load lib/facts.js (it would leave a global in the page): the
    // build writes its facts into it (`chatmedic facts --hook`). Its source keeps no copy.
    let source = read("extension/content/page-hook.js");
    let code = js_code(&source);
    let facts = HookFacts::new();
    let mut copies = vec![
        format!("\"{}\"", facts.source),
        format!("\"{}\"", facts.kind),
        format!("\"{}\"", facts.hook_ready),
        format!("\"{}\"", facts.relay_ready),
        facts.header_name_pattern.clone(),
    ];
    for n in [
        facts.max_url,
        facts.max_body_excerpt,
        facts.max_header_value,
        facts.max_stream_error,
        facts.max_close_reason,
        facts.max_headers,
        MAX_HEADER_NAME,
        // The values the hook once kept itself.
        256,
        300,
    ] {
        copies.push(format!("{n}"));
    }
    // Any header name the engine keeps, other than the content type the hook reads itself.
    for name in facts.kept_headers.iter().chain(facts.kept_header_prefixes) {
        if *name != "content-type" {
            copies.push(format!("\"{name}\""));
        }
    }
    let found: Vec<&String> = copies
        .iter()
        .filter(|c| code.contains(c.as_str()))
        .collect();
    assert!(found.is_empty(), "page-hook.js keeps copies of {found:?}");
    for kind in PAGE_KINDS.iter().filter(|k| **k != "pageMessage") {
        assert!(code.contains(&format!("kind: \"{kind}\"")), "{kind}");
    }

    // The hook as it ships holds the facts' values, and parses.
    let built = hook_script(&source).expect("the hook has its marker once");
    assert!(!built.contains(HOOK_MARKER));
    let json = serde_json::to_string(&facts).unwrap();
    assert!(built.contains(&format!("const FACTS = {json};")), "{json}");
    for value in [
        PAGE_SOURCE,
        "page-cs/observed",
        HOOK_READY_EVENT,
        RELAY_READY_EVENT,
    ] {
        assert!(built.contains(&format!("\"{value}\"")), "{value}");
    }
    for name in KEPT_HEADERS.iter().chain(KEPT_HEADER_PREFIXES) {
        assert!(built.contains(&format!("\"{name}\"")), "{name}");
    }
    let dir = std::env::temp_dir().join(format!("chatmedic-hook-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("page-hook.js");
    fs::write(&file, &built).unwrap();
    let check = std::process::Command::new("node")
        .arg("--check")
        .arg(&file)
        .output()
        .expect("node (the build needs it) runs");
    let _ = fs::remove_dir_all(&dir);
    assert!(
        check.status.success(),
        "the built hook does not parse: {}",
        String::from_utf8_lossy(&check.stderr)
    );

    // The relay reads the event names from the facts too.
    let relay = js_code(&read("extension/content/relay.js"));
    for copy in [
        format!("\"{HOOK_READY_EVENT}\""),
        format!("\"{RELAY_READY_EVENT}\""),
        format!("{{1,{MAX_HEADER_NAME}}}"),
    ] {
        assert!(!relay.contains(&copy), "relay.js keeps {copy}");
    }
}

#[test]
fn the_hook_and_the_relay_get_the_same_event_names_and_header_rule() {
    let out = node_with_facts(
        "const L = globalThis.chatmedicProtocol.LIMITS;\n\
         const re = new RegExp(L.HEADER_NAME_PATTERN);\n\
         const names = JSON.parse(input);\n\
         process.stdout.write(JSON.stringify({ hook: L.HOOK_READY_EVENT, relay: L.RELAY_READY_EVENT, \
         max: L.MAX_PAGE_HEADERS, ok: names.map((n) => re.test(n)) }));",
        &serde_json::to_string(&header_names()).unwrap(),
    );
    let js: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(js["hook"], HOOK_READY_EVENT);
    assert_eq!(js["relay"], RELAY_READY_EVENT);
    assert_eq!(js["max"], MAX_PAGE_HEADERS);
    assert_eq!(HookFacts::new().hook_ready, HOOK_READY_EVENT);
    assert_eq!(HookFacts::new().relay_ready, RELAY_READY_EVENT);
    // The relay's pattern and the engine's gate agree on every name.
    let rust: Vec<bool> = header_names()
        .iter()
        .map(|n| is_page_header_name(n))
        .collect();
    assert_eq!(js["ok"], serde_json::json!(rust));
    assert!(rust.contains(&true) && rust.contains(&false));
}

/// Header names on both sides of the rule: kept ones, and what a forged message might carry.
fn header_names() -> Vec<String> {
    let mut names: Vec<String> = KEPT_HEADERS.iter().map(|s| s.to_string()).collect();
    names.extend(
        [
            "anthropic-ratelimit-requests-reset",
            "x-ratelimit-reset-tokens",
            "",
            "Retry-After",
            "x_ratelimit_reset",
            "retry after",
            "__proto__",
            "r\u{e9}",
            "retry-after\n",
        ]
        .map(str::to_owned),
    );
    names.push("x".repeat(MAX_HEADER_NAME));
    names.push("x".repeat(MAX_HEADER_NAME + 1));
    names
}

#[test]
fn every_message_round_trips() {
    let messages = vec![
        Message::PageObserved {
            source: PAGE_SOURCE.to_owned(),
            observation: Observation::PageMessage(PageMessageObservation {
                text: "Something went wrong".to_owned(),
                ..Default::default()
            }),
        },
        Message::ContentObserved {
            observation: Observation::PageMessage(PageMessageObservation {
                text: "A network error occurred".to_owned(),
                ..Default::default()
            }),
        },
        Message::ShowNotice {
            verdict: Verdict::NotYou,
            label: "It's not you".to_owned(),
            title: "Claude is overloaded".to_owned(),
            details: "Details".to_owned(),
            dismiss: "Dismiss".to_owned(),
        },
        Message::HideNotice,
        Message::ShowTask {
            label: "chatmedic".to_owned(),
            text: "Send your message again now.".to_owned(),
            wait: Some(BisectWait::User),
        },
        Message::HideTask,
        Message::OpenDetails,
        Message::GetReport { tab_id: 7 },
        Message::Clear { tab_id: 7 },
        Message::Act {
            tab_id: 7,
            action: Action::ClearSiteData {
                origins: vec!["https://chatgpt.com".to_owned()],
                cache: false,
            },
        },
        Message::ReEnable {
            tab_id: 7,
            id: "abc".to_owned(),
        },
        Message::Checked {
            tab_id: 7,
            run: "r1".to_owned(),
            observations: vec![Observation::Probe(ProbeObservation {
                name: "reach".to_owned(),
                outcome: ProbeOutcome::Pass,
                detail: Some("answered in 12 ms".to_owned()),
                target: Some("https://chatgpt.com/".to_owned()),
                time: Some(1_700_000_000_000.0),
            })],
        },
        Message::Permission {
            tab_id: 7,
            action: Some(Action::ClearSiteData {
                origins: vec!["https://chatgpt.com".to_owned()],
                cache: false,
            }),
            purpose: None,
            answer: PermissionAnswer::Asked,
        },
        Message::CancelBisect { tab_id: 7 },
        Message::DismissBisect { tab_id: 7 },
        Message::ReportChanged { tab_id: 7 },
        Message::GetReports,
    ];
    let mut seen = BTreeSet::new();
    for m in &messages {
        let json = serde_json::to_string(m).unwrap();
        let back: Message = serde_json::from_str(&json).unwrap();
        assert_eq!(&back, m, "{json}");
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["type"], m.type_name());
        seen.insert(m.type_name());
    }
    assert_eq!(seen.len(), Message::TYPES.len(), "a sample of every type");
    // Through the JavaScript side: each message, as Rust writes it, is decoded there, its type
    // checked against the generated constants, and built again from the constant's name and its
    // fields (as the background and the popup build theirs); Rust reads back the same message.
    let lines: Vec<String> = messages
        .iter()
        .map(|m| serde_json::to_string(m).unwrap())
        .collect();
    let out = node_with_facts(
        r#"
        const { MSG } = globalThis.chatmedicProtocol;
        const byType = new Map(Object.entries(MSG).map(([name, type]) => [type, name]));
        const out = [];
        for (const line of input.split("\n").filter(Boolean)) {
          const { type, ...fields } = JSON.parse(line);
          const name = byType.get(type);
          if (!name) throw new Error(`unknown message type ${type}`);
          out.push(JSON.stringify({ type: MSG[name], ...fields }));
        }
        process.stdout.write(out.join("\n"));
        "#,
        &lines.join("\n"),
    );
    let rebuilt: Vec<Message> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    assert_eq!(rebuilt, messages);
    // "Find the extension" asks for `management` to learn, not to act: a purpose, no action.
    let find: Message = serde_json::from_str(
        r#"{"type":"ui-bg/permission","tabId":3,"purpose":"find_extension","answer":"refused"}"#,
    )
    .unwrap();
    assert_eq!(
        find,
        Message::Permission {
            tab_id: 3,
            action: None,
            purpose: Some(PermissionPurpose::FindExtension),
            answer: PermissionAnswer::Refused,
        }
    );
    // The popup and the background speak camelCase: `tabId`, as the JS sends it.
    let act: Message = serde_json::from_str(
        r#"{"type":"ui-bg/act","tabId":3,"action":{"type":"disableExtension","id":"x","name":"X"}}"#,
    )
    .unwrap();
    assert!(matches!(
        act,
        Message::Act {
            tab_id: 3,
            action: Action::DisableExtension { .. }
        }
    ));
}

#[test]
fn replies_have_the_shape_the_popup_reads() {
    let reply = TabReport {
        tab_id: 3,
        service: Some(chatmedic::ServiceId::Chatgpt),
        service_name: Some("ChatGPT".to_owned()),
        report: chatmedic::diagnose::run(&[]),
        seq: 4,
        observations: 0,
        disabled_by_us: vec![DisabledExtension {
            id: "x".to_owned(),
            name: "X".to_owned(),
        }],
        bisect: Some(BisectState {
            phase: BisectPhase::Running,
            tab_id: 3,
            extensions: vec![DisabledExtension {
                id: "x".to_owned(),
                name: "X".to_owned(),
            }],
            suspects: vec!["x".to_owned()],
            round: 2,
            rounds: 3,
            off: vec![],
            waiting: Some(BisectWait::User),
            culprit: None,
            error: None,
        }),
        bisect_plan: Some(BisectPlan {
            extensions: vec![],
            reloads: 3,
        }),
        pending_fix: Some(PendingFix {
            action: Some(Action::DisableExtension {
                id: "x".to_owned(),
                name: "X".to_owned(),
            }),
            purpose: None,
            permissions: vec!["management".to_owned()],
            granted: false,
        }),
        fix_outcome: Some(FixOutcome {
            action: Action::HardReload,
            outcome: "done".to_owned(),
            error: None,
            cleared: None,
        }),
        flavor: "chrome".to_owned(),
        can_disable_extensions: true,
        can_bisect: true,
        knows_extensions: false,
        knows_proxy: false,
    };
    let v = serde_json::to_value(&reply).unwrap();
    for key in [
        "tabId",
        "serviceName",
        "seq",
        "report",
        "disabledByUs",
        "bisect",
        "canDisableExtensions",
        "canBisect",
        "knowsExtensions",
        "knowsProxy",
        "bisectPlan",
        "pendingFix",
        "fixOutcome",
    ] {
        assert!(v.get(key).is_some(), "{key}");
    }
    assert_eq!(v["bisect"]["phase"], "running");
    assert_eq!(v["bisect"]["waiting"], "user");
    assert_eq!(v["bisect"]["tabId"], 3);
    // The popup reads these names from the reply (extension/popup/popup.js).
    let popup = read("extension/popup/popup.js");
    for key in [
        "serviceName",
        "seq",
        "disabledByUs",
        "canDisableExtensions",
        "canBisect",
        "knowsExtensions",
        "bisectPlan",
        "pendingFix",
        "fixOutcome",
    ] {
        assert!(popup.contains(key), "popup.js reads {key}");
    }
    // Every phase and wait the background writes (extension/background/bisect.js) parses.
    let bisect = read("extension/background/bisect.js");
    for phase in [
        "found",
        "not_found",
        "not_reproduced",
        "no_attempt",
        "cancelled",
        "interrupted",
        "failed",
    ] {
        assert!(bisect.contains(&format!("\"{phase}\"")), "{phase}");
        let parsed: BisectPhase = serde_json::from_value(serde_json::json!(phase)).unwrap();
        assert_ne!(parsed, BisectPhase::Running);
    }
    for wait in ["reload", "page", "user"] {
        assert!(bisect.contains(&format!("waiting = \"{wait}\"")), "{wait}");
        let _: BisectWait = serde_json::from_value(serde_json::json!(wait)).unwrap();
    }
    let ack = serde_json::to_value(ActResult {
        ok: false,
        error: Some("no".to_owned()),
        cleared: None,
    })
    .unwrap();
    assert_eq!(ack, serde_json::json!({"ok": false, "error": "no"}));
}
