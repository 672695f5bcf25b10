//! Claude (claude.ai): Anthropic's chat app; its API is `anthropic_api`.

use super::{Service, ServiceId, StatusFormat, StatusPage, EMPTY};

/// The entry.
pub(super) const SERVICE: Service = Service {
    service: ServiceId::Claude,
    id: "claude",
    name: "Claude",
    hosts: &["claude.ai"],
    chat_paths: &["/completion", "/retry_completion"],
    upload_paths: &["/upload", "/convert_document"],
    auth_paths: &["/api/auth/", "/api/bootstrap", "/api/account", "/login"],
    asset_hosts: &["assets.claude.ai", "assets-proxy.anthropic.com"],
    telemetry_hosts: &[
        "a-api.anthropic.com",
        "a-cdn.anthropic.com",
        "s-cdn.anthropic.com",
        "statsig.anthropic.com",
    ],
    telemetry_paths: &["/api/event_logging", "/sentry", "/cdn-cgi/rum"],
    status: StatusPage {
        url: "https://status.claude.com",
        api: Some("https://status.claude.com/api/v2/summary.json"),
        format: StatusFormat::Atlassian,
    },
    api: false,
    chat_url: "https://claude.ai/api/organizations/-/chat_conversations/-/completion",
    names: &["claude", "クロード", "anthropic"],
    signs: &[
        // The session cookie's value (`sessionKey=sk-ant-sid01-…`).
        ("sk-ant-sid", 3),
        // Its own messages.
        ("5-hour limit", 1),
        ("length limit for this chat", 1),
    ],
    api_twin: Some(ServiceId::AnthropicApi),
    app_words: &["claude.ai"],
    ..EMPTY
};
