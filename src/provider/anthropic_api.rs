//! The Anthropic API (api.anthropic.com), used by programs, SDKs and Claude Code.

use super::{ErrorShape, Service, ServiceId, StatusFormat, StatusPage, EMPTY};

/// The entry.
pub(super) const SERVICE: Service = Service {
    service: ServiceId::AnthropicApi,
    id: "anthropic_api",
    name: "Anthropic API",
    hosts: &["api.anthropic.com"],
    chat_paths: &["/v1/messages", "/v1/complete"],
    upload_paths: &["/v1/files"],
    status: StatusPage {
        url: "https://status.claude.com",
        api: Some("https://status.claude.com/api/v2/summary.json"),
        format: StatusFormat::Atlassian,
    },
    api: true,
    chat_url: "https://api.anthropic.com/v1/messages",
    signs: &[
        ("sk-ant-api", 3),
        ("sk-ant-admin", 3),
        ("anthropic api", 3),
        ("claude api", 3),
        ("claude code", 3),
        // Its own messages and types.
        ("credit balance is too low", 1),
        ("overloaded_error", 1),
        ("invalid x-api-key", 1),
    ],
    sdk_modules: &["anthropic."],
    error_shape: Some(ErrorShape {
        matches: anthropic_shape,
        alone: true,
    }),
    ..EMPTY
};

/// Anthropic's `{"type":"error","error":{"type":…}}`, or its `req_…` request ids.
fn anthropic_shape(text: &str) -> bool {
    let compact = super::compact(text);
    compact.contains("\"type\":\"error\",\"error\":{\"type\":")
        || compact.contains("request_id\":\"req_")
}
