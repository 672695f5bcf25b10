//! The OpenAI API (api.openai.com), used by programs and SDKs.

use super::{ErrorShape, Service, ServiceId, StatusFormat, StatusPage, EMPTY};

/// The entry.
pub(super) const SERVICE: Service = Service {
    service: ServiceId::OpenaiApi,
    id: "openai_api",
    name: "OpenAI API",
    hosts: &["api.openai.com"],
    chat_paths: &[
        "/v1/chat/completions",
        "/v1/responses",
        "/v1/completions",
        "/v1/realtime",
    ],
    upload_paths: &["/v1/files", "/v1/uploads"],
    status: StatusPage {
        url: "https://status.openai.com",
        api: Some("https://status.openai.com/proxy/status.openai.com"),
        format: StatusFormat::IncidentIo,
    },
    api: true,
    chat_url: "https://api.openai.com/v1/chat/completions",
    signs: &[
        ("platform.openai.com", 4),
        ("sk-proj-", 3),
        ("chatgpt api", 3),
        ("openai api", 3),
        // Its own messages and codes.
        ("exceeded your current quota", 1),
        ("incorrect api key provided", 1),
        ("insufficient_quota", 1),
        ("country, region, or territory not supported", 1),
        // The SDKs' rate-limit message: "Rate limit reached for gpt-4o in organization org-… on
        // tokens per min (TPM)".
        ("in organization org-", 1),
        ("on requests per min (rpm)", 1),
        ("on tokens per min (tpm)", 1),
    ],
    sdk_modules: &["openai."],
    error_shape: Some(ErrorShape {
        matches: openai_shape,
        alone: true,
    }),
    ..EMPTY
};

/// OpenAI's `{"error":{"message":…,"param":…}}`.
fn openai_shape(text: &str) -> bool {
    let compact = super::compact(text);
    compact.contains("{\"error\":{\"message\":") && compact.contains("\"param\":")
}
