//! The Gemini API (Google AI Studio's generativelanguage.googleapis.com, Vertex AI's aiplatform.googleapis.com).

use serde_json::Value;

use super::{ErrorShape, Service, ServiceId, StatusFormat, StatusPage, EMPTY};

/// The entry.
pub(super) const SERVICE: Service = Service {
    service: ServiceId::GeminiApi,
    id: "gemini_api",
    name: "Gemini API",
    // Vertex AI's regional hosts (`us-central1-aiplatform.googleapis.com`) are not
    // subdomains of its global one; the text classifier still reads them as the Gemini API.
    hosts: &[
        "generativelanguage.googleapis.com",
        "aiplatform.googleapis.com",
    ],
    chat_paths: &[
        ":generateContent",
        ":streamGenerateContent",
        "BidiGenerateContent",
        "/openai/chat/completions",
    ],
    upload_paths: &["/upload/v1beta/files", "/upload/v1/files"],
    // Google publishes no machine-readable feed for AI Studio's status page.
    status: StatusPage {
        url: "https://aistudio.google.com/status",
        api: None,
        format: StatusFormat::LinkOnly,
    },
    api: true,
    chat_url: "https://generativelanguage.googleapis.com/v1beta/models/gemini:generateContent",
    signs: &[
        ("gemini api", 3),
        ("gemini-api", 3),
        // Its SDKs.
        ("google.generativeai", 3),
        ("google.genai", 3),
        ("google-genai", 3),
        ("@google/genai", 3),
        ("@google/generative-ai", 3),
        ("googlegenerativeai", 3),
        ("vertex ai", 3),
        ("vertexai", 3),
        // Messages only the Gemini API writes.
        ("user location is not supported", 1),
        ("api key not valid. please pass a valid api key", 1),
    ],
    // Google's error JSON is every Google API's: it says "Gemini API" only beside Gemini's name.
    error_shape: Some(ErrorShape {
        matches: google_shape,
        alone: false,
    }),
    ..EMPTY
};

/// Google's API error JSON: `{"error":{"code":400,"message":…,"status":"FAILED_PRECONDITION"}}`
/// (a numeric `code` and an upper-case canonical `status`).
fn google_shape(text: &str) -> bool {
    let Some(v) = crate::text::first_json(text) else {
        return false;
    };
    let Some(err) = v.get("error") else {
        return false;
    };
    err.get("code").is_some_and(Value::is_u64)
        && err.get("status").and_then(Value::as_str).is_some_and(|s| {
            !s.is_empty() && s.bytes().all(|b| b.is_ascii_uppercase() || b == b'_')
        })
}
