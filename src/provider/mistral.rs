//! Le Chat (chat.mistral.ai): Mistral AI's chat app; its API is `mistral_api`.
//!
//! The app is a Next.js page talking tRPC: `message.newChat` opens a conversation with the
//! first message, then `POST /api/chat` streams the reply; usage limits come from
//! `user.limits`, uploads go through `file.uploadFile`, product events through
//! `event.sendEventToDatalake`. Sign-in is Mistral's Ory host, `auth.mistral.ai`, which the
//! console and La Plateforme share. The status page (status.mistral.ai, run on Checkly)
//! publishes no machine-readable feed: `/api/v2/summary.json` is not there.

use super::{Service, ServiceId, StatusFormat, StatusPage, EMPTY};

/// The entry.
pub(super) const SERVICE: Service = Service {
    service: ServiceId::Mistral,
    id: "mistral",
    name: "Le Chat",
    hosts: &["chat.mistral.ai"],
    chat_paths: &["/api/chat"],
    send_step_paths: &["/api/trpc/message.newChat"],
    upload_paths: &["/api/trpc/file.uploadFile"],
    auth_paths: &["/api/auth/", "/login"],
    backend_paths: &["/api/trpc/user.limits"],
    auth_hosts: &["auth.mistral.ai"],
    telemetry_paths: &["/api/trpc/event.", "/cdn-cgi/rum"],
    shared_hosts: &["auth.mistral.ai"],
    status: STATUS,
    chat_url: "https://chat.mistral.ai/api/chat",
    names: &["le chat", "mistral", "ミストラル"],
    api_twin: Some(ServiceId::MistralApi),
    app_words: &["chat.mistral.ai", "le chat"],
    ..EMPTY
};

/// Mistral's status page, for Le Chat and the API alike.
pub(super) const STATUS: StatusPage = StatusPage {
    url: "https://status.mistral.ai",
    api: None,
    format: StatusFormat::LinkOnly,
};
