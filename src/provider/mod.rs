//! The services chatmedic covers, one module each, and the one list of them.
//!
//! A service's module holds everything that is true of that service alone: its hosts and the
//! path fragments that give each request its [`Role`](crate::catalog::Role), the endpoint a
//! chat turn goes to, its names and the other words that name it in a pasted message, its
//! status page, and how to read its own error bodies. Everything that works across services
//! (classifying a URL, reading a pasted text, the rules) reads these entries through
//! [`SERVICES`] and never names a service itself, so adding one is a module here and one line
//! in the list below (see `docs/adding-a-service.md`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cause::Cause;

/// Declares the services: their modules, the [`ServiceId`] enum (one variant each, its serde
/// name the module's `id`) and [`SERVICES`] in display order, from one list.
macro_rules! services {
    ($($(#[$doc:meta])* $variant:ident => $module:ident,)*) => {
        $(mod $module;)*

        /// A service chatmedic covers. The ids are stable: tests, reports and the UI use them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum ServiceId {
            $($(#[$doc])* $variant,)*
        }

        /// How many services there are.
        const COUNT: usize = [$(stringify!($variant)),*].len();

        impl ServiceId {
            /// Every service, in display order.
            pub const ALL: [ServiceId; COUNT] = [$(ServiceId::$variant),*];
        }

        /// The catalogue: every service's entry, in [`ServiceId::ALL`]'s order.
        pub static SERVICES: &[Service] = &[$($module::SERVICE),*];
    };
}

// New services go at the end: the order is the display order, and fuzz corpora pick a service
// by its index.
services! {
    /// ChatGPT (chatgpt.com).
    Chatgpt => chatgpt,
    /// Claude (claude.ai).
    Claude => claude,
    /// Gemini (gemini.google.com).
    Gemini => gemini,
    /// Microsoft Copilot (copilot.microsoft.com).
    Copilot => copilot,
    /// Perplexity (www.perplexity.ai).
    Perplexity => perplexity,
    /// The OpenAI API (api.openai.com).
    OpenaiApi => openai_api,
    /// The Anthropic API (api.anthropic.com).
    AnthropicApi => anthropic_api,
    /// The Gemini API (generativelanguage.googleapis.com: Google AI Studio keys; Vertex AI's
    /// aiplatform.googleapis.com).
    GeminiApi => gemini_api,
    /// Mistral's Le Chat (chat.mistral.ai).
    Mistral => mistral,
    /// Mistral's API, La Plateforme (api.mistral.ai).
    MistralApi => mistral_api,
    /// DeepSeek's chat (chat.deepseek.com).
    Deepseek => deepseek,
    /// The DeepSeek API (api.deepseek.com).
    DeepseekApi => deepseek_api,
}

pub use gemini::error_code as gemini_error_code;

impl ServiceId {
    /// The stable id string.
    pub fn id(self) -> &'static str {
        self.entry().id
    }

    /// The service's catalogue entry.
    pub fn entry(self) -> &'static Service {
        // `SERVICES` is in the enum's order (one macro writes both); a test checks it.
        &SERVICES[self as usize]
    }

    /// Parses a stable id string.
    pub fn from_id(id: &str) -> Option<ServiceId> {
        SERVICES.iter().find(|s| s.id == id).map(|s| s.service)
    }
}

/// How a status page publishes its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusFormat {
    /// Atlassian Statuspage `/api/v2/summary.json`.
    Atlassian,
    /// incident.io's widget API (`/proxy/<host>`).
    IncidentIo,
    /// No machine-readable feed a browser may read: a link for people only.
    LinkOnly,
}

/// A status page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusPage {
    /// The page people open.
    pub url: &'static str,
    /// The machine-readable feed, where there is one.
    pub api: Option<&'static str>,
    /// The feed's format.
    pub format: StatusFormat,
}

/// A shape of error body (or pasted error text) that tells whose API wrote it.
#[derive(Debug, Clone, Copy)]
pub struct ErrorShape {
    /// Whether a text carries the shape.
    pub matches: fn(&str) -> bool,
    /// Whether the shape names the service on its own (Anthropic's `{"type":"error",…}`), or
    /// only beside the name of the app the API serves (Google's error JSON is every Google
    /// API's).
    pub alone: bool,
}

/// What a service's own error envelope says, in the words the rules read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorFields {
    /// The error's type, where the envelope names one.
    pub kind: Option<String>,
    /// The error's code, as text.
    pub code: Option<String>,
    /// The error's message.
    pub message: Option<String>,
}

/// One service's entry. Paths are matched as fragments of the path and query; hosts match
/// themselves and their subdomains; a host pattern may carry a path prefix
/// (`play.google.com/log`). The telemetry lists follow what the filter lists uBlock Origin Lite
/// enables by default block on these sites (EasyPrivacy, uBlock filters), so a request a real
/// blocker stops is never one the chat needs (`tests/e2e/real-blocker.test.mjs` checks it).
#[derive(Debug)]
pub struct Service {
    /// Which service.
    pub service: ServiceId,
    /// The stable id (the [`ServiceId`]'s serde name).
    pub id: &'static str,
    /// The product's name, as users know it (not translated).
    pub name: &'static str,
    /// The hosts of the app and its backend (exact or parent domains): evidence of the service.
    pub hosts: &'static [&'static str],
    /// Path fragments that mark a chat turn (the send and its streamed reply).
    pub chat_paths: &'static [&'static str],
    /// Path fragments of the steps right before a send.
    pub send_step_paths: &'static [&'static str],
    /// Path fragments of file uploads.
    pub upload_paths: &'static [&'static str],
    /// Path fragments that mark session and login calls.
    pub auth_paths: &'static [&'static str],
    /// Path fragments of backend calls the app needs; any other backend path is supporting.
    pub backend_paths: &'static [&'static str],
    /// Extra hosts for session and login.
    pub auth_hosts: &'static [&'static str],
    /// Hosts the app needs for scripts and styles.
    pub asset_hosts: &'static [&'static str],
    /// Hosts that take file uploads.
    pub upload_hosts: &'static [&'static str],
    /// Hosts (or host-name fragments) of the sockets that carry replies, on other domains than
    /// the service's own (ChatGPT's Azure Web PubSub socket, handed out by
    /// `/backend-api/register-websocket`).
    pub reply_hosts: &'static [&'static str],
    /// Hosts (or host/path prefixes) that only collect telemetry.
    pub telemetry_hosts: &'static [&'static str],
    /// Path fragments that are telemetry on the service's own, auth and asset hosts.
    pub telemetry_paths: &'static [&'static str],
    /// Of the hosts above, those other products share (Google's and Microsoft's sign-in and
    /// static hosts): a request there belongs to the service only when something else shows
    /// the service is in use; alone, it names no service.
    pub shared_hosts: &'static [&'static str],
    /// The status page.
    pub status: StatusPage,
    /// Whether this is an API used by programs rather than a chat app in a tab.
    pub api: bool,
    /// The endpoint that carries a chat turn: what a pasted message's request was.
    pub chat_url: &'static str,
    /// The names people call it by, lower case, as they are written in English, German and
    /// Japanese ("claude", "クロード"): a name is a word of its own in a text.
    pub names: &'static [&'static str],
    /// Other signs of it in a text, lower case, each with how sure it is on the scale of
    /// [`Sign`]: its hosts are added as sure signs without being listed here.
    pub signs: &'static [Sign],
    /// The module prefixes of its SDKs' exceptions (`openai.` in `openai.RateLimitError`).
    pub sdk_modules: &'static [&'static str],
    /// The shape of its error JSON, where only it writes that shape.
    pub error_shape: Option<ErrorShape>,
    /// For a chat app: the API programs use for its models. Its name beside an API error
    /// ("Claude Code: API Error: 529") is that API.
    pub api_twin: Option<ServiceId>,
    /// For a chat app with an API twin: words that keep a text the app's even beside an API
    /// error (its own host).
    pub app_words: &'static [&'static str],
    /// Reads its own error envelope where the shared reader (`{"error":{…}}`, a top-level
    /// `type`/`code`/`message`/`detail`) would miss what it says; None when it has no envelope
    /// of its own. It must answer None for JSON that is not its envelope: every service's
    /// reader is asked.
    pub error_fields: Option<fn(&Value) -> Option<ErrorFields>>,
    /// Its own error strings (an error's type, code or message, lower case) and the cause each
    /// means, for those the shared rules and phrase tables would misread or miss: the rules read
    /// them in its error bodies, the text reader in a pasted message.
    pub error_causes: &'static [(&'static str, Cause)],
}

/// A sign that a text is about a service: (lower-case pattern, priority). Priorities: 4 a host,
/// 3 a key prefix or a name that can only be this service ("claude code"), 2 a product name, 1
/// a message only this service shows. The highest priority wins, then the earliest mention.
pub type Sign = (&'static str, u8);

/// The defaults for the fields most services leave empty, to spread into an entry.
pub const EMPTY: Service = Service {
    service: ServiceId::Chatgpt,
    id: "",
    name: "",
    hosts: &[],
    chat_paths: &[],
    send_step_paths: &[],
    upload_paths: &[],
    auth_paths: &[],
    backend_paths: &[],
    auth_hosts: &[],
    asset_hosts: &[],
    upload_hosts: &[],
    reply_hosts: &[],
    telemetry_hosts: &[],
    telemetry_paths: &[],
    shared_hosts: &[],
    status: StatusPage {
        url: "",
        api: None,
        format: StatusFormat::LinkOnly,
    },
    api: false,
    chat_url: "",
    names: &[],
    signs: &[],
    sdk_modules: &[],
    error_shape: None,
    api_twin: None,
    app_words: &[],
    error_fields: None,
    error_causes: &[],
};

/// Reads what a service's own error envelope says, asking each service's reader in turn.
pub fn error_fields(v: &Value) -> Option<ErrorFields> {
    SERVICES
        .iter()
        .filter_map(|s| s.error_fields)
        .find_map(|read| read(v))
}

/// A text with its whitespace removed, bounded: what the error-shape tests read.
pub fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .take(64 * 1024)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_service_has_its_entry_in_order() {
        assert_eq!(SERVICES.len(), ServiceId::ALL.len());
        for (i, s) in ServiceId::ALL.into_iter().enumerate() {
            assert_eq!(SERVICES[i].service, s, "{s:?} out of order");
            assert_eq!(s.entry().service, s);
            assert_eq!(ServiceId::from_id(s.id()), Some(s));
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.id()), "the id is the serde name");
        }
    }

    #[test]
    fn entries_are_complete_and_lower_case() {
        for s in SERVICES {
            assert!(!s.name.is_empty() && !s.hosts.is_empty(), "{}", s.id);
            assert!(!s.chat_paths.is_empty(), "{}: no chat turn", s.id);
            assert!(s.chat_url.starts_with("https://"), "{}", s.id);
            assert!(s.status.url.starts_with("https://"), "{}", s.id);
            assert_eq!(
                s.status.api.is_some(),
                s.status.format != StatusFormat::LinkOnly,
                "{}: a feed has a format, a link has none",
                s.id
            );
            for n in s.names.iter().chain(s.signs.iter().map(|(p, _)| p)) {
                assert_eq!(n.to_lowercase(), *n, "{}: signs are lower case", s.id);
            }
            for (_, prio) in s.signs {
                assert!((1..=4).contains(prio), "{}", s.id);
            }
            if let Some(twin) = s.api_twin {
                assert!(
                    !s.api && twin.entry().api,
                    "{}: an app's twin is an API",
                    s.id
                );
            }
        }
    }
}
