//! Gemini (gemini.google.com): Google's chat app; its API is `gemini_api`.

use super::{Service, ServiceId, StatusFormat, StatusPage, EMPTY};

/// The entry.
pub(super) const SERVICE: Service = Service {
    service: ServiceId::Gemini,
    id: "gemini",
    name: "Gemini",
    hosts: &["gemini.google.com"],
    chat_paths: &["StreamGenerate"],
    auth_paths: &["RotateCookies", "/ServiceLogin"],
    auth_hosts: &["accounts.google.com"],
    asset_hosts: &["www.gstatic.com", "fonts.gstatic.com"],
    upload_hosts: &["content-push.googleapis.com"],
    telemetry_hosts: &["play.google.com/log"],
    telemetry_paths: &["/log?", "/gen_204", "/jserror", "/cspreport"],
    shared_hosts: &[
        "accounts.google.com",
        "www.gstatic.com",
        "fonts.gstatic.com",
        "content-push.googleapis.com",
        "play.google.com",
    ],
    status: StatusPage {
        url: "https://www.google.com/appsstatus/dashboard/",
        api: None,
        format: StatusFormat::LinkOnly,
    },
    api: false,
    chat_url: "https://gemini.google.com/_/BardChatUi/data/assistant.lamda.BardFrontendService/StreamGenerate",
    names: &["gemini", "ジェミニ", "bard"],
    api_twin: Some(ServiceId::GeminiApi),
    app_words: &["gemini.google.com"],
    ..EMPTY
};

/// The error code in a Gemini `StreamGenerate` reply, if it carries one (1013, 1037, 1060, …).
///
/// The code sits deep in the envelope (`part[5][2][0][1][0]`, as open-source Gemini clients read
/// it); rather than walk a format that drifts, look for the known codes in the `[[...,[CODE]]`
/// shape Gemini's replies use.
pub fn error_code(tail: &str) -> Option<u16> {
    if !tail.contains("wrb.fr") && !tail.starts_with(")]}'") {
        return None;
    }
    for code in [1013u16, 1037, 1050, 1052, 1060] {
        let c = code.to_string();
        for pat in [format!("[{c}]"), format!("[{c},"), format!(",{c}]")] {
            if tail.contains(&pat) {
                return Some(code);
            }
        }
    }
    None
}
