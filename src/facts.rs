//! The facts the extension's and the help page's JavaScript use, generated from the crate at
//! build time (`chatmedic facts`, which build.sh writes to `lib/facts.js` in each build), so
//! that no JavaScript file keeps a copy of them: the services (ids, names, hosts, chat and status
//! URLs), the endpoint roles, the languages, the message types, the page kinds, the limits, and
//! the fix and cause ids.
//!
//! The module is a classic script that sets two frozen globals, `chatmedicFacts` and (its message
//! part, by the names the content scripts use) `chatmedicProtocol`: content scripts load it by
//! the manifest's list, modules by `import "../lib/facts.js"`.
//!
//! The MAIN-world page hook cannot load it (it runs in the page's world and leaves no global
//! there), so the build writes the few facts it needs into the hook itself ([`hook_script`],
//! `chatmedic facts --hook`): its source holds one marker, [`HOOK_MARKER`], where the shipped
//! file holds the JSON of [`HookFacts`].

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
    MAX_PAGE_HEADERS: usize,
    MAX_HEADER_NAME: usize,
    /// [`message::is_page_header_name`] as a regular expression source.
    HEADER_NAME_PATTERN: String,
    HOOK_READY_EVENT: &'static str,
    RELAY_READY_EVENT: &'static str,
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
            MAX_PAGE_HEADERS: message::MAX_PAGE_HEADERS,
            MAX_HEADER_NAME: message::MAX_HEADER_NAME,
            HEADER_NAME_PATTERN: message::page_header_name_pattern(),
            HOOK_READY_EVENT: message::HOOK_READY_EVENT,
            RELAY_READY_EVENT: message::RELAY_READY_EVENT,
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

/// The marker expression in the page hook's source that the build replaces with the JSON of
/// [`HookFacts`] (`const FACTS = /* chatmedic:hook-facts */ null;`).
pub const HOOK_MARKER: &str = "/* chatmedic:hook-facts */ null";

/// The facts the MAIN-world page hook uses, written into it by [`hook_script`]: what it posts
/// (source, type), how it finds the relay (the two event names), which response headers it keeps
/// (the engine's names and prefixes) and the limits it cuts to, the ones the relay and the
/// engine check, so that nothing the hook sends is refused for a limit of its own.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HookFacts {
    /// [`message::PAGE_SOURCE`].
    pub source: &'static str,
    /// The type of [`Message::PageObserved`].
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// [`message::HOOK_READY_EVENT`].
    pub hook_ready: &'static str,
    /// [`message::RELAY_READY_EVENT`].
    pub relay_ready: &'static str,
    /// [`observation::KEPT_HEADERS`].
    pub kept_headers: &'static [&'static str],
    /// [`observation::KEPT_HEADER_PREFIXES`].
    pub kept_header_prefixes: &'static [&'static str],
    /// [`message::page_header_name_pattern`].
    pub header_name_pattern: String,
    /// [`message::MAX_PAGE_HEADERS`].
    pub max_headers: usize,
    /// [`intake::MAX_HEADER_VALUE`].
    pub max_header_value: usize,
    /// [`observation::MAX_URL`].
    pub max_url: usize,
    /// [`observation::MAX_BODY_EXCERPT`].
    pub max_body_excerpt: usize,
    /// [`message::MAX_PAGE_STREAM_ERROR`].
    pub max_stream_error: usize,
    /// [`message::MAX_PAGE_CLOSE_REASON`].
    pub max_close_reason: usize,
}

impl HookFacts {
    /// The crate's values.
    pub fn new() -> Self {
        HookFacts {
            source: message::PAGE_SOURCE,
            kind: message::PAGE_OBSERVED_TYPE,
            hook_ready: message::HOOK_READY_EVENT,
            relay_ready: message::RELAY_READY_EVENT,
            kept_headers: observation::KEPT_HEADERS,
            kept_header_prefixes: observation::KEPT_HEADER_PREFIXES,
            header_name_pattern: message::page_header_name_pattern(),
            max_headers: message::MAX_PAGE_HEADERS,
            max_header_value: intake::MAX_HEADER_VALUE,
            max_url: observation::MAX_URL,
            max_body_excerpt: observation::MAX_BODY_EXCERPT,
            max_stream_error: message::MAX_PAGE_STREAM_ERROR,
            max_close_reason: message::MAX_PAGE_CLOSE_REASON,
        }
    }
}

impl Default for HookFacts {
    fn default() -> Self {
        Self::new()
    }
}

/// Why [`hook_script`] could not write the facts into a hook.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HookError {
    /// The source has no marker.
    #[error("the page hook has no `{HOOK_MARKER}` marker")]
    NoMarker,
    /// The source has the marker more than once.
    #[error("the page hook has the `{HOOK_MARKER}` marker {0} times, not once")]
    ManyMarkers(usize),
}

/// The page hook as it ships: `source` with its one [`HOOK_MARKER`] replaced by the JSON of
/// [`HookFacts`].
pub fn hook_script(source: &str) -> Result<String, HookError> {
    match source.matches(HOOK_MARKER).count() {
        0 => Err(HookError::NoMarker),
        1 => {
            let json = serde_json::to_string(&HookFacts::new()).unwrap_or_else(|_| "{}".to_owned());
            Ok(source.replacen(HOOK_MARKER, &json, 1))
        }
        n => Err(HookError::ManyMarkers(n)),
    }
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

    #[test]
    fn the_hook_gets_the_facts_in_place_of_its_one_marker() {
        let source = format!("const FACTS = {HOOK_MARKER};\nrun(FACTS);\n");
        let built = hook_script(&source).unwrap();
        let json = built
            .strip_prefix("const FACTS = ")
            .and_then(|s| s.strip_suffix(";\nrun(FACTS);\n"))
            .unwrap();
        let facts: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(facts, serde_json::to_value(HookFacts::new()).unwrap());
        assert_eq!(facts["type"], "page-cs/observed");
        assert_eq!(hook_script("const FACTS = null;"), Err(HookError::NoMarker));
        assert_eq!(
            hook_script(&format!("{HOOK_MARKER}{HOOK_MARKER}")),
            Err(HookError::ManyMarkers(2))
        );
        assert!(!HookError::NoMarker.to_string().contains('\n'));
    }

    #[test]
    fn the_hooks_type_is_the_page_message() {
        assert!(Message::TYPES.contains(&HookFacts::new().kind));
        assert_eq!(HookFacts::new().kind, message::PAGE_OBSERVED_TYPE);
    }
}
