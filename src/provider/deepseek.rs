//! DeepSeek's chat (chat.deepseek.com); its API is `deepseek_api`.
//!
//! The app creates a session (`chat_session/create`), asks for a proof-of-work challenge
//! (`chat/create_pow_challenge`) that it solves before every send, then streams the reply from
//! `chat/completion`. Its JSON answers share one envelope, `{"code":0,"msg":"","data":
//! {"biz_code":0,"biz_msg":"","biz_data":…}}`: a refusal is a non-zero `code` with its `msg`
//! (`{"code":40003,"msg":"INVALID_TOKEN"}`) or a non-zero `biz_code` with its `biz_msg`.
//! When it is out of capacity the app says "The server is busy. Please try again later."
//! The status page (status.deepseek.com) moved from Statuspage to Flashduty, whose feed sits
//! behind a per-page id and refuses clients that are not a browser: a link only.

use serde_json::Value;

use super::{ErrorFields, Service, ServiceId, StatusFormat, StatusPage, EMPTY};

/// The entry.
pub(super) const SERVICE: Service = Service {
    service: ServiceId::Deepseek,
    id: "deepseek",
    name: "DeepSeek",
    hosts: &["chat.deepseek.com"],
    chat_paths: &["/api/v0/chat/completion"],
    send_step_paths: &[
        "/api/v0/chat/create_pow_challenge",
        "/api/v0/chat_session/create",
    ],
    upload_paths: &["/api/v0/file/upload_file"],
    auth_paths: &["/api/v0/users/"],
    telemetry_paths: &["/cdn-cgi/rum"],
    status: STATUS,
    chat_url: "https://chat.deepseek.com/api/v0/chat/completion",
    names: &["deepseek", "ディープシーク"],
    signs: &[
        // Its own messages.
        ("the server is busy. please try again later", 1),
        ("deepseek's search service is busy", 1),
    ],
    api_twin: Some(ServiceId::DeepseekApi),
    app_words: &["chat.deepseek.com"],
    error_fields: Some(envelope),
    ..EMPTY
};

/// DeepSeek's status page, for the app and the API alike.
pub(super) const STATUS: StatusPage = StatusPage {
    url: "https://status.deepseek.com",
    api: None,
    format: StatusFormat::LinkOnly,
};

/// Reads the `{"code":…,"msg":…,"data":{"biz_code":…,"biz_msg":…}}` envelope: the refusal in
/// it, or None for any other JSON (and for an envelope that reports success).
fn envelope(v: &Value) -> Option<ErrorFields> {
    let code = v.get("code")?.as_i64()?;
    let msg = v.get("msg")?.as_str()?;
    let text = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    if code != 0 {
        return Some(ErrorFields {
            kind: None,
            code: Some(code.to_string()),
            message: text(msg),
        });
    }
    let data = v.get("data")?;
    let biz = data.get("biz_code")?.as_i64()?;
    (biz != 0).then(|| ErrorFields {
        kind: None,
        code: Some(biz.to_string()),
        message: data.get("biz_msg").and_then(Value::as_str).and_then(text),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_envelope_and_nothing_else() {
        let v = |s: &str| serde_json::from_str::<Value>(s).unwrap();
        assert_eq!(
            envelope(&v(r#"{"code":40003,"msg":"INVALID_TOKEN","data":null}"#)),
            Some(ErrorFields {
                kind: None,
                code: Some("40003".into()),
                message: Some("INVALID_TOKEN".into()),
            })
        );
        let busy = envelope(&v(
            r#"{"code":0,"msg":"","data":{"biz_code":3,"biz_msg":"Server busy","biz_data":null}}"#,
        ))
        .unwrap();
        assert_eq!(busy.message.as_deref(), Some("Server busy"));
        assert_eq!(
            envelope(&v(r#"{"code":0,"msg":"","data":{"biz_code":0,"biz_msg":"","biz_data":{}}}"#)),
            None
        );
        assert_eq!(envelope(&v(r#"{"error":{"code":500,"message":"x"}}"#)), None);
    }
}
