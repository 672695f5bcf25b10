//! The DeepSeek API (api.deepseek.com): OpenAI-compatible `/chat/completions`, an
//! Anthropic-compatible `/anthropic/v1/messages`, FIM under `/beta`.
//!
//! Its errors are OpenAI's shape (`{"error":{"message":"Insufficient Balance","type":
//! "unknown_error","param":null,"code":"invalid_request_error"}}`), which the shared reader
//! reads; its published codes are 400, 401, 402 Insufficient Balance, 422, 429, 500 and
//! 503 Server Overloaded. "Insufficient Balance" is its own: a prepaid balance that has run
//! out, which waiting does not bring back.

use super::{Service, ServiceId, EMPTY};
use crate::cause::Cause;

/// The entry.
pub(super) const SERVICE: Service = Service {
    service: ServiceId::DeepseekApi,
    id: "deepseek_api",
    name: "DeepSeek API",
    hosts: &["api.deepseek.com"],
    chat_paths: &[
        "/chat/completions",
        "/beta/completions",
        "/anthropic/v1/messages",
    ],
    status: super::deepseek::STATUS,
    api: true,
    chat_url: "https://api.deepseek.com/chat/completions",
    signs: &[
        ("platform.deepseek.com", 4),
        ("deepseek api", 3),
        ("deepseekexception", 3),
        ("insufficient balance", 1),
    ],
    error_causes: &[("insufficient balance", Cause::QuotaExhausted)],
    ..EMPTY
};
