//! Microsoft Copilot (copilot.microsoft.com), which chats over a WebSocket.

use super::{Service, ServiceId, StatusFormat, StatusPage, EMPTY};

/// The entry.
pub(super) const SERVICE: Service = Service {
    service: ServiceId::Copilot,
    id: "copilot",
    name: "Microsoft Copilot",
    hosts: &["copilot.microsoft.com"],
    chat_paths: &["/c/api/chat", "/c/api/conversations", "/c/api/start"],
    upload_paths: &["/c/api/attachments"],
    auth_paths: &["/c/api/user", "/c/api/auth"],
    auth_hosts: &["login.microsoftonline.com", "login.live.com"],
    asset_hosts: &["copilot.microsoft.com/static"],
    telemetry_hosts: &["browser.events.data.microsoft.com", "bat.bing.com"],
    telemetry_paths: &["/c/api/telemetry", "/cdn-cgi/rum"],
    shared_hosts: &["login.microsoftonline.com", "login.live.com"],
    status: StatusPage {
        url: "https://status.cloud.microsoft",
        api: None,
        format: StatusFormat::LinkOnly,
    },
    api: false,
    chat_url: "https://copilot.microsoft.com/c/api/chat",
    names: &["copilot", "コパイロット", "bing chat"],
    ..EMPTY
};
