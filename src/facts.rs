//! The facts the extension's and the help page's JavaScript use, generated from the crate at
//! build time (`chatmedic facts`, which build.sh writes to `lib/facts.js` in each build), so
//! that no JavaScript file keeps a copy of them: the services (ids, names, hosts, chat and status
//! URLs), the endpoint roles, the languages, the message types, the page kinds, the limits, and
//! the fix and cause ids.
//!
//! The module is a classic script that sets two frozen globals, `chatmedicFacts` and (its message
//! part, by the names the content scripts use) `chatmedicProtocol`: content scripts load it by
//! the manifest's list, modules by `import "../lib/facts.js"`.

use serde::Serialize;

use crate::catalog::{self, Role};
use crate::cause::{Cause, FixId};
use crate::intake;
use crate::message::{self, Message};
use crate::observation;
use crate::render::Lang;

/// One service as JavaScript sees it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Service {
    id: &'static str,
    name: &'static str,
    hosts: &'static [&'static str],
    origins: Vec<String>,
    chat_url: &'static str,
    status_url: &'static str,
    status_api: Option<&'static str>,
    status_format: catalog::StatusFormat,
    api: bool,
}

/// The limits, by the names JavaScript uses.
#[derive(Serialize)]
#[allow(non_snake_case)]
struct Limits {
    PAGE_SOURCE: &'static str,
    MAX_PAGE_MESSAGE_BYTES: usize,
    PAGE_RATE_PER_SECOND: u32,
    PAGE_BURST: u32,
    MAX_TAB_OBSERVATIONS: usize,
    MAX_TAB_BYTES: usize,
    MAX_URL: usize,
    MAX_BODY_EXCERPT: usize,
    MAX_TEXT: usize,
    MAX_HEADERS: usize,
    MAX_HEADER_VALUE: usize,
    MAX_PAGE_STREAM_ERROR: usize,
    MAX_PAGE_CLOSE_REASON: usize,
}

/// Everything [`js_module`] carries.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Facts {
    services: Vec<Service>,
    host_patterns: Vec<String>,
    roles: Vec<&'static str>,
    languages: Vec<&'static str>,
    /// Message type strings by constant name (`CS_BG_OBSERVED: "cs-bg/observed"`).
    messages: serde_json::Map<String, serde_json::Value>,
    page_kinds: &'static [&'static str],
    observation_kinds: &'static [&'static str],
    limits: Limits,
    fixes: Vec<&'static str>,
    causes: Vec<&'static str>,
}

/// The constant name of a message type: `cs-bg/observed` → `CS_BG_OBSERVED`.
pub fn message_constant(kind: &str) -> String {
    kind.chars()
        .map(|c| match c {
            '-' | '/' => '_',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

fn facts() -> Facts {
    let catalog = catalog::export();
    Facts {
        services: catalog
            .services
            .into_iter()
            .map(|s| Service {
                id: s.id,
                name: s.name,
                hosts: s.hosts,
                origins: s.origins,
                chat_url: s.chat_url,
                status_url: s.status_url,
                status_api: s.status_api,
                status_format: s.status_format,
                api: s.api,
            })
            .collect(),
        host_patterns: catalog.host_patterns,
        roles: Role::ALL.iter().map(|r| r.id()).collect(),
        languages: Lang::ALL.iter().map(|l| l.tag()).collect(),
        messages: Message::TYPES
            .iter()
            .map(|t| (message_constant(t), serde_json::Value::from(*t)))
            .collect(),
        page_kinds: message::PAGE_KINDS,
        observation_kinds: observation::KINDS,
        limits: Limits {
            PAGE_SOURCE: message::PAGE_SOURCE,
            MAX_PAGE_MESSAGE_BYTES: message::MAX_PAGE_MESSAGE_BYTES,
            PAGE_RATE_PER_SECOND: message::PAGE_RATE_PER_SECOND,
            PAGE_BURST: message::PAGE_BURST,
            MAX_TAB_OBSERVATIONS: message::MAX_TAB_OBSERVATIONS,
            MAX_TAB_BYTES: intake::MAX_TAB_BYTES,
            MAX_URL: observation::MAX_URL,
            MAX_BODY_EXCERPT: observation::MAX_BODY_EXCERPT,
            MAX_TEXT: observation::MAX_TEXT,
            MAX_HEADERS: intake::MAX_HEADERS,
            MAX_HEADER_VALUE: intake::MAX_HEADER_VALUE,
            MAX_PAGE_STREAM_ERROR: message::MAX_PAGE_STREAM_ERROR,
            MAX_PAGE_CLOSE_REASON: message::MAX_PAGE_CLOSE_REASON,
        },
        fixes: FixId::ALL.iter().map(|f| f.id()).collect(),
        causes: Cause::ALL.iter().map(|c| c.id()).collect(),
    }
}

/// The facts as a JavaScript classic script (see the module's documentation).
pub fn js_module() -> String {
    let json = serde_json::to_string_pretty(&facts()).unwrap_or_else(|_| "{}".to_owned());
    format!(
        "// Generated at build time by `chatmedic facts` from the Rust crate; do not edit.\n\
         (function (root) {{\n\
         \x20 \"use strict\";\n\
         \x20 const freeze = (v) => {{\n\
         \x20   if (v && typeof v === \"object\") for (const k of Object.keys(v)) freeze(v[k]);\n\
         \x20   return Object.freeze(v);\n\
         \x20 }};\n\
         \x20 const facts = freeze({json});\n\
         \x20 root.chatmedicFacts = facts;\n\
         \x20 root.chatmedicProtocol = Object.freeze({{ MSG: facts.messages, LIMITS: facts.limits, PAGE_KINDS: facts.pageKinds }});\n\
         }})(globalThis);\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_module_carries_every_service_language_and_message() {
        let js = js_module();
        for s in crate::catalog::ServiceId::ALL {
            assert!(
                js.contains(&format!("\"id\": \"{}\"", s.id())),
                "{}",
                s.id()
            );
        }
        for l in Lang::ALL {
            assert!(js.contains(&format!("\"{}\"", l.tag())));
        }
        for t in Message::TYPES {
            assert!(js.contains(&format!("\"{}\": \"{t}\"", message_constant(t))));
        }
        assert_eq!(message_constant("ui-bg/get-report"), "UI_BG_GET_REPORT");
    }
}
