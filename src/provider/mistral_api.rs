//! Mistral's API, La Plateforme (api.mistral.ai, and codestral.mistral.ai for Codestral keys).
//!
//! Its errors are a flat object the shared reader already reads (`type`, `code`, `message`):
//! `{"object":"error","message":"Rate limit exceeded","type":"rate_limited","param":null,
//! "code":"1300"}` on a 429; the gateway in front answers `{"message":"Requests rate limit
//! exceeded"}` or `{"detail":"Unauthorized"}`. What is its own is the `"object":"error"` that
//! names it, and "Service tier capacity exceeded for this model", a 429 that is Mistral being
//! out of capacity for the key's tier, not the caller going too fast.

use super::{ErrorShape, Service, ServiceId, EMPTY};
use crate::cause::Cause;

/// The entry.
pub(super) const SERVICE: Service = Service {
    service: ServiceId::MistralApi,
    id: "mistral_api",
    name: "Mistral API",
    hosts: &["api.mistral.ai", "codestral.mistral.ai"],
    chat_paths: &[
        "/v1/chat/completions",
        "/v1/fim/completions",
        "/v1/agents/completions",
        "/v1/conversations",
    ],
    upload_paths: &["/v1/files"],
    status: super::mistral::STATUS,
    api: true,
    chat_url: "https://api.mistral.ai/v1/chat/completions",
    signs: &[
        ("console.mistral.ai", 4),
        ("mistral api", 3),
        ("mistralai", 3),
        ("la plateforme", 3),
        ("service tier capacity exceeded", 1),
    ],
    error_shape: Some(ErrorShape {
        matches: mistral_shape,
        alone: true,
    }),
    error_causes: &[("service tier capacity exceeded", Cause::ServerOverloaded)],
    ..EMPTY
};

/// Mistral's `{"object":"error",…}`.
fn mistral_shape(text: &str) -> bool {
    super::compact(text).contains("\"object\":\"error\"")
}
