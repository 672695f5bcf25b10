//! ChatGPT (chatgpt.com): the OpenAI chat app; its API is `openai_api`.

use super::{Service, ServiceId, StatusFormat, StatusPage, EMPTY};

/// The entry.
pub(super) const SERVICE: Service = Service {
    service: ServiceId::Chatgpt,
    id: "chatgpt",
    name: "ChatGPT",
    hosts: &["chatgpt.com", "chat.openai.com"],
    chat_paths: &[
        "/backend-api/f/conversation",
        "/backend-api/conversation",
        "/backend-anon/f/conversation",
        "/backend-anon/conversation",
    ],
    send_step_paths: &[
        "/backend-api/sentinel/chat-requirements",
        "/backend-anon/sentinel/chat-requirements",
        "/backend-api/register-websocket",
    ],
    upload_paths: &["/backend-api/files"],
    auth_paths: &["/api/auth/", "/backend-api/me", "/backend-anon/me"],
    backend_paths: &["/backend-api/models", "/backend-api/accounts/check"],
    auth_hosts: &["auth.openai.com", "auth0.openai.com"],
    asset_hosts: &["cdn.oaistatic.com", "oaistatic.com"],
    upload_hosts: &["files.oaiusercontent.com"],
    reply_hosts: &["chatgpt-async-webps"],
    telemetry_hosts: &["ab.chatgpt.com", "bzr.openai.com", "bzrcdn.openai.com"],
    telemetry_paths: &[
        "/backend-api/sentinel/ping",
        "/backend-api/lat/",
        "/backend-api/beacons/",
        "/ces/",
        "/v1/rgstr",
        "/v1/initialize",
        "/v1/sdk_exception",
        "/messenger/",
        "/awe/api/",
        "/cdn-cgi/rum",
        "sentry_key=",
    ],
    shared_hosts: &["auth.openai.com", "auth0.openai.com"],
    status: StatusPage {
        url: "https://status.openai.com",
        api: Some("https://status.openai.com/proxy/status.openai.com"),
        format: StatusFormat::IncidentIo,
    },
    api: false,
    chat_url: "https://chatgpt.com/backend-api/f/conversation",
    names: &["chatgpt", "openai"],
    signs: &[
        ("help.openai.com", 4),
        ("oaistatic.com", 4),
        // Its own messages.
        ("too many requests in 1 hour", 1),
        ("unusual activity has been detected from your device", 1),
        ("something seems to have gone wrong", 1),
        ("something went wrong while generating the response", 1),
    ],
    api_twin: Some(ServiceId::OpenaiApi),
    // "ChatGPT" written out stays the app even beside API words ("OpenAI's ChatGPT: error code").
    app_words: &["chatgpt"],
    ..EMPTY
};
