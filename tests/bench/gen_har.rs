//! Writes a seeded, realistic HAR for the HAR benchmark.
//!
//! `cargo run --release --example gen_har -- PATH [SIZE_MB] [SEED] [SHAPE]` (defaults: 150 MB,
//! seed 1, shape `mixed`). Shapes:
//! - `mixed`: a ChatGPT session exported from Chrome (pretty-printed with two-space indents): a
//!   page, scripts and styles with bodies, backend JSON calls, base64 images, telemetry pings
//!   (some blocked by an ad blocker), short streamed chat turns with their prompts. Most bytes
//!   are on hosts outside the chat services.
//! - `chat-chrome` and `chat-firefox`: what a long chat session looks like, in Chrome's and
//!   Firefox's HAR layouts (Firefox: no `_resourceType`, `_initiator`, `_error`, start times with
//!   a local offset). Most bytes are the chat services' own entries: streamed conversation
//!   replies of 50–500 KB (ChatGPT's delta-encoded SSE and Claude's `completion` events), long
//!   conversation-list JSON, a few file uploads sent as base64 JSON.
//!
//! Every shape ends in a run of failed chat turns (a 200 stream ending in an error event, then
//! Cloudflare 502s), so the report has something to find. The same arguments give the same
//! bytes.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use serde_json::{json, Value};

/// 2025-11-18T14:00:00Z, where the session starts.
const T0_MS: i64 = 1_763_474_400_000;

/// A xorshift64* generator: small, seeded, the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }

    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi.saturating_sub(lo))
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }

    fn token(&mut self, len: usize) -> String {
        const ALPHA: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        (0..len).map(|_| *self.pick(ALPHA) as char).collect()
    }

    fn hex(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from_digit(self.below(16) as u32, 16).unwrap_or('0'))
            .collect()
    }
}

/// Text for bodies: code- and prose-like, with quotes, backslashes and newlines so the HAR has
/// the escapes real exports have. Bodies are slices of it.
fn corpus(rng: &mut Rng) -> String {
    const WORDS: &[&str] = &[
        "function",
        "return",
        "const",
        "let",
        "if",
        "else",
        "=>",
        "{",
        "}",
        "(",
        ")",
        ";",
        "\"use strict\"",
        "window",
        "document",
        "fetch(\"/backend-api/\")",
        "'\\n'",
        "null",
        "undefined",
        "this",
        "the",
        "model",
        "conversation",
        "message",
        "stream",
        "token",
        "async",
        "await",
        "Promise",
        "JSON.parse(e)",
        "0x1f",
        "\\\\",
        "\"\\u00e9\"",
        "<div>",
        "</div>",
        "class=\"flex\"",
        "color:#fff;",
        "margin:0",
        "@media",
        "\t",
        "\n",
        "\r\n",
        "lorem",
        "ipsum",
        "dolor",
        "sit",
        "amet",
        "consectetur",
        "adipiscing",
        "elit",
    ];
    let mut s = String::with_capacity(1 << 20);
    while s.len() < 1 << 20 {
        let word: &&str = rng.pick(WORDS);
        s.push_str(word);
        s.push(' ');
    }
    s
}

fn slice(corpus: &str, rng: &mut Rng, len: usize) -> String {
    let len = len.min(corpus.len());
    let start = rng.below((corpus.len() - len) as u64) as usize;
    // The corpus is ASCII, so every index is a character boundary.
    corpus.get(start..start + len).unwrap_or("").to_owned()
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for k in 0..4 {
            if k <= c.len() {
                out.push(T[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `2025-11-18T14:03:21.512Z` for a time in ms since the epoch.
fn iso(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        ms.rem_euclid(1000)
    )
}

fn header(name: &str, value: impl Into<String>) -> Value {
    json!({ "name": name, "value": value.into() })
}

/// What one generated request is.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Script,
    Style,
    Backend,
    Image,
    Ping,
    ChatTurn,
}

struct Gen {
    rng: Rng,
    /// Firefox's layout instead of Chrome's.
    firefox: bool,
    /// The chat-heavy mix instead of the mixed one.
    chat: bool,
    corpus: String,
    cookie: String,
    now: i64,
    conn: u64,
}

impl Gen {
    fn request_headers(&mut self, method: &str, host: &str, path: &str) -> Vec<Value> {
        vec![
            header(":authority", host),
            header(":method", method),
            header(":path", path),
            header(":scheme", "https"),
            header("accept", "*/*"),
            header("accept-encoding", "gzip, deflate, br, zstd"),
            header("accept-language", "en-US,en;q=0.9"),
            header("cookie", self.cookie.clone()),
            header("oai-device-id", format!("{}-{}", self.rng.hex(8), self.rng.hex(12))),
            header("priority", "u=1, i"),
            header("referer", "https://chatgpt.com/"),
            header("sec-ch-ua", "\"Chromium\";v=\"156\", \"Not?A_Brand\";v=\"24\""),
            header("sec-ch-ua-mobile", "?0"),
            header("sec-ch-ua-platform", "\"Linux\""),
            header("sec-fetch-dest", "empty"),
            header("sec-fetch-mode", "cors"),
            header("sec-fetch-site", "same-origin"),
            header(
                "user-agent",
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
            ),
        ]
    }

    fn response_headers(&mut self, status: u16, mime: &str, len: usize) -> Vec<Value> {
        let mut h = vec![
            header("alt-svc", "h3=\":443\"; ma=86400"),
            header("cf-cache-status", "DYNAMIC"),
            header("cf-ray", format!("{}-FRA", self.rng.hex(16))),
            header("content-encoding", "br"),
            header("content-length", len.to_string()),
            header("content-type", mime),
            header("date", "Tue, 18 Nov 2025 14:03:21 GMT"),
            header("server", "cloudflare"),
            header(
                "strict-transport-security",
                "max-age=31536000; includeSubDomains; preload",
            ),
            header("vary", "Accept-Encoding"),
            header("x-content-type-options", "nosniff"),
            header(
                "x-request-id",
                format!("{}-{}", self.rng.hex(8), self.rng.hex(4)),
            ),
        ];
        if status != 304 && self.rng.chance(20) {
            h.push(header(
                "set-cookie",
                format!("__cf_bm={}; path=/; expires=Tue, 18-Nov-25 14:33:21 GMT; domain=.chatgpt.com; HttpOnly; Secure; SameSite=None", self.rng.token(120)),
            ));
        }
        h
    }

    #[allow(clippy::too_many_arguments)]
    fn entry(
        &mut self,
        kind: Kind,
        method: &str,
        url: &str,
        status: u16,
        mime: &str,
        text: Option<(String, bool)>,
        post: Option<String>,
        error: Option<&str>,
    ) -> Value {
        let (host, path) = url
            .strip_prefix("https://")
            .and_then(|r| r.split_once('/'))
            .map(|(h, p)| (h.to_owned(), format!("/{p}")))
            .unwrap_or_default();
        let resource_type = match kind {
            Kind::Script => "script",
            Kind::Style => "stylesheet",
            Kind::Backend => "fetch",
            Kind::Image => "image",
            Kind::Ping => "ping",
            Kind::ChatTurn => "fetch",
        };
        let size = text.as_ref().map_or(0, |(t, _)| t.len());
        let blocked = self.rng.range(1, 40) as f64 + 0.123;
        let wait = self
            .rng
            .range(20, if kind == Kind::ChatTurn { 900 } else { 250 }) as f64;
        let receive = if kind == Kind::ChatTurn {
            self.rng.range(2000, 20_000) as f64
        } else {
            self.rng.range(1, 60) as f64
        };
        let time = blocked + wait + receive + 0.5;
        let started = iso(self.now);
        self.now += self.rng.range(5, 400) as i64;
        self.conn += u64::from(self.rng.chance(10));
        let mut request = json!({
            "method": method,
            "url": url,
            "httpVersion": "h3",
            "headers": self.request_headers(method, &host, &path),
            "queryString": [],
            "cookies": [
                { "name": "__Secure-next-auth.session-token", "value": self.cookie.get(..300).unwrap_or(""), "path": "/", "domain": ".chatgpt.com", "expires": "2026-02-16T14:03:21.000Z", "httpOnly": true, "secure": true, "sameSite": "Lax" },
                { "name": "oai-did", "value": format!("{}-{}", self.rng.hex(8), self.rng.hex(12)), "path": "/", "domain": ".chatgpt.com", "expires": "2026-11-18T14:03:21.000Z", "httpOnly": false, "secure": false }
            ],
            "headersSize": -1,
            "bodySize": post.as_ref().map_or(0, String::len),
        });
        if let (Some(p), Some(obj)) = (post, request.as_object_mut()) {
            obj.insert(
                "postData".into(),
                json!({ "mimeType": "application/json", "text": p }),
            );
        }
        let mut content = json!({ "size": size, "mimeType": mime });
        if let (Some((t, b64)), Some(obj)) = (text, content.as_object_mut()) {
            obj.insert("text".into(), Value::String(t));
            if b64 {
                obj.insert("encoding".into(), Value::String("base64".into()));
            }
        }
        let response_headers = if status == 0 {
            vec![]
        } else {
            self.response_headers(status, mime, size)
        };
        if self.firefox {
            return self.firefox_entry(request, status, response_headers, content, started, time);
        }
        json!({
            "_connectionId": self.conn.to_string(),
            "_initiator": {
                "type": "script",
                "stack": { "callFrames": [
                    { "functionName": "fetchWithRetry", "scriptId": "42", "url": "https://cdn.oaistatic.com/assets/app-8f3a2c.js", "lineNumber": 0, "columnNumber": self.rng.below(200_000) },
                    { "functionName": "", "scriptId": "42", "url": "https://cdn.oaistatic.com/assets/app-8f3a2c.js", "lineNumber": 0, "columnNumber": self.rng.below(200_000) }
                ] }
            },
            "_priority": "High",
            "_resourceType": resource_type,
            "cache": {},
            "connection": "443",
            "pageref": "page_1",
            "request": request,
            "response": {
                "status": status,
                "statusText": "",
                "httpVersion": if status == 0 { "" } else { "h3" },
                "headers": response_headers,
                "cookies": [],
                "content": content,
                "redirectURL": "",
                "headersSize": -1,
                "bodySize": -1,
                "_transferSize": size / 3 + 300,
                "_error": error,
            },
            "serverIPAddress": "104.18.32.47",
            "startedDateTime": started,
            "time": time,
            "timings": {
                "blocked": blocked, "dns": -1, "ssl": -1, "connect": -1, "send": 0.25,
                "wait": wait, "receive": receive, "_blocked_queueing": 0.8, "_workerStart": -1,
                "_workerReady": -1, "_workerFetchStart": -1, "_workerRespondWithSettled": -1
            }
        })
    }

    /// The same request in Firefox's layout (`har-builder.js`): no Chrome-only fields, a start
    /// time with the local offset, status 0 with no error for a failed request.
    fn firefox_entry(
        &mut self,
        request: Value,
        status: u16,
        headers: Vec<Value>,
        content: Value,
        started: String,
        time: f64,
    ) -> Value {
        // Firefox writes local time with its offset: 14:03:21.512Z becomes 15:03:21.512+01:00.
        let started = started
            .get(11..13)
            .and_then(|h| h.parse::<u32>().ok())
            .map(|h| {
                format!(
                    "{}{:02}{}+01:00",
                    started.get(..11).unwrap_or(""),
                    (h + 1) % 24,
                    started.get(13..started.len() - 1).unwrap_or("")
                )
            })
            .unwrap_or(started);
        json!({
            "pageref": "page_1",
            "startedDateTime": started,
            "request": request,
            "response": {
                "status": status,
                "statusText": if status == 0 { "" } else { "OK" },
                "httpVersion": "HTTP/2",
                "headers": headers,
                "cookies": [],
                "content": content,
                "redirectURL": "",
                "headersSize": 412,
                "bodySize": -1
            },
            "cache": {},
            "timings": {
                "blocked": 0, "dns": 0, "connect": 0, "ssl": 0, "send": 0,
                "wait": (time * 0.3).round(), "receive": (time * 0.7).round()
            },
            "time": time.round(),
            "_securityState": "secure",
            "serverIPAddress": "104.18.32.47",
            "connection": "443"
        })
    }

    /// A Claude `completion` stream of about `len` bytes.
    fn claude_sse(&mut self, len: usize) -> String {
        let mut s = format!(
            "event: message_start\ndata: {{\"type\":\"message_start\",\"message\":{{\"id\":\"chatcompl_{}\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[]}}}}\n\n",
            self.rng.token(24)
        );
        while s.len() < len {
            let words =
                slice(&self.corpus, &mut self.rng, 60).replace(['"', '\\', '\n', '\r', '\t'], " ");
            s.push_str(&format!(
                "event: content_block_delta\ndata: {{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{{\"type\":\"text_delta\",\"text\":\"{words}\"}}}}\n\n"
            ));
        }
        s.push_str("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        s
    }

    /// One request of the chat-heavy mix.
    fn chat_entry(&mut self) -> Value {
        match self.rng.below(100) {
            // Streamed replies, ChatGPT's and Claude's.
            0..=39 => {
                let len = self.rng.range(50_000, 500_000) as usize;
                let body = self.sse(len, false);
                let post = Some(self.prompt());
                self.entry(
                    Kind::ChatTurn,
                    "POST",
                    "https://chatgpt.com/backend-api/f/conversation",
                    200,
                    "text/event-stream",
                    Some((body, false)),
                    post,
                    None,
                )
            }
            40..=59 => {
                let len = self.rng.range(50_000, 500_000) as usize;
                let body = self.claude_sse(len);
                let post = Some(self.prompt());
                let url = format!(
                    "https://claude.ai/api/organizations/{}/chat_conversations/{}/completion",
                    self.rng.hex(32),
                    self.rng.hex(32)
                );
                self.entry(
                    Kind::ChatTurn,
                    "POST",
                    &url,
                    200,
                    "text/event-stream; charset=utf-8",
                    Some((body, false)),
                    post,
                    None,
                )
            }
            // The conversation list, long JSON with every title and its ids.
            60..=71 => {
                let n = self.rng.range(200, 2_000);
                let items: Vec<Value> = (0..n)
                    .map(|_| {
                        let len = self.rng.range(20, 120) as usize;
                        json!({
                            "id": self.rng.hex(32),
                            "title": slice(&self.corpus, &mut self.rng, len),
                            "create_time": "2025-11-18T13:12:40.511Z",
                            "update_time": "2025-11-18T13:59:02.108Z",
                            "mapping": null, "current_node": null, "conversation_template_id": null,
                            "gizmo_id": null, "is_archived": false, "is_starred": null,
                            "workspace_id": null, "snippet": null
                        })
                    })
                    .collect();
                let body =
                    json!({ "items": items, "total": n, "limit": n, "offset": 0 }).to_string();
                self.entry(
                    Kind::Backend,
                    "GET",
                    "https://chatgpt.com/backend-api/conversations?offset=0&limit=2000&order=updated",
                    200,
                    "application/json",
                    Some((body, false)),
                    None,
                    None,
                )
            }
            // A file sent with the prompt, as base64 in a JSON body.
            72..=73 => {
                let n = self.rng.range(300_000, 2_000_000) as usize;
                let bytes: Vec<u8> = (0..n).map(|_| self.rng.next() as u8).collect();
                let post = json!({
                    "file_name": format!("scan-{}.png", self.rng.hex(6)),
                    "mime_type": "image/png",
                    "data": base64(&bytes)
                })
                .to_string();
                let url = format!(
                    "https://claude.ai/api/organizations/{}/upload",
                    self.rng.hex(32)
                );
                let reply = format!(
                    "{{\"file_uuid\":\"{}\",\"file_kind\":\"image\",\"success\":true}}",
                    self.rng.hex(32)
                );
                self.entry(
                    Kind::Backend,
                    "POST",
                    &url,
                    200,
                    "application/json",
                    Some((reply, false)),
                    Some(post),
                    None,
                )
            }
            _ => self.random_entry(),
        }
    }

    fn sse(&mut self, len: usize, error: bool) -> String {
        let mut s = String::from("event: delta_encoding\ndata: \"v1\"\n\n");
        s.push_str(&format!(
            "data: {{\"type\": \"resume_conversation_token\", \"token\": \"{}\"}}\n\n",
            self.rng.token(180)
        ));
        while s.len() < len {
            let words =
                slice(&self.corpus, &mut self.rng, 40).replace(['"', '\\', '\n', '\r', '\t'], " ");
            s.push_str(&format!(
                "event: delta\ndata: {{\"p\": \"/message/content/parts/0\", \"o\": \"append\", \"v\": \"{words}\"}}\n\n"
            ));
        }
        if error {
            s.push_str("event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"server_error\", \"message\": \"Something went wrong while generating the response.\"}}\n\n");
        } else {
            s.push_str("data: [DONE]\n\n");
        }
        s
    }

    fn prompt(&mut self) -> String {
        let len = self.rng.range(200, 2000) as usize;
        let text = slice(&self.corpus, &mut self.rng, len);
        json!({
            "action": "next",
            "messages": [ { "id": self.rng.hex(32), "author": { "role": "user" }, "content": { "content_type": "text", "parts": [ text ] } } ],
            "model": "auto",
            "supports_buffering": true,
            "supported_encodings": ["v1"]
        })
        .to_string()
    }

    fn random_entry(&mut self) -> Value {
        let roll = self.rng.below(100);
        let kind = match roll {
            0..=29 => Kind::Script,
            30..=44 => Kind::Style,
            45..=69 => Kind::Backend,
            70..=81 => Kind::Image,
            82..=92 => Kind::Ping,
            _ => Kind::ChatTurn,
        };
        match kind {
            Kind::Script | Kind::Style => {
                let (ext, mime) = if kind == Kind::Script {
                    ("js", "application/javascript")
                } else {
                    ("css", "text/css")
                };
                let url = format!(
                    "https://cdn.oaistatic.com/assets/{}.{ext}",
                    self.rng.hex(12)
                );
                let status = if self.rng.chance(10) { 304 } else { 200 };
                let body = (status == 200 && self.rng.chance(60)).then(|| {
                    let len = self.rng.range(2_000, 60_000) as usize;
                    (slice(&self.corpus, &mut self.rng, len), false)
                });
                self.entry(kind, "GET", &url, status, mime, body, None, None)
            }
            Kind::Backend => {
                let path = *self.rng.pick(&[
                    "backend-api/me",
                    "backend-api/conversations?offset=0&limit=28",
                    "backend-api/models",
                    "backend-api/accounts/check/v4-2023-04-27",
                    "backend-api/settings/user",
                    "backend-api/gizmos/bootstrap",
                ]);
                let url = format!("https://chatgpt.com/{path}");
                let len = self.rng.range(300, 8_000) as usize;
                let words = slice(&self.corpus, &mut self.rng, len);
                let body =
                    json!({ "items": [ { "id": self.rng.hex(32), "title": words } ], "total": 1 })
                        .to_string();
                self.entry(
                    kind,
                    "GET",
                    &url,
                    200,
                    "application/json",
                    Some((body, false)),
                    None,
                    None,
                )
            }
            Kind::Image => {
                let url = format!("https://cdn.oaistatic.com/assets/{}.webp", self.rng.hex(12));
                let body = self.rng.chance(60).then(|| {
                    let n = self.rng.range(1_000, 30_000) as usize;
                    let bytes: Vec<u8> = (0..n).map(|_| self.rng.next() as u8).collect();
                    (base64(&bytes), true)
                });
                self.entry(kind, "GET", &url, 200, "image/webp", body, None, None)
            }
            Kind::Ping => {
                let url = *self.rng.pick(&[
                    "https://ab.chatgpt.com/v1/rgstr",
                    "https://www.googletagmanager.com/gtag/js?id=G-9SHBSK2D9J",
                    "https://chatgpt.com/ces/v1/t",
                    "https://browser-intake-datadoghq.com/api/v2/rum",
                ]);
                let post = Some(format!(
                    "{{\"events\":[{{\"e\":\"{}\"}}]}}",
                    self.rng.token(200)
                ));
                if self.rng.chance(30) {
                    self.entry(
                        kind,
                        "POST",
                        url,
                        0,
                        "x-unknown",
                        None,
                        post,
                        Some("net::ERR_BLOCKED_BY_CLIENT"),
                    )
                } else {
                    self.entry(kind, "POST", url, 204, "text/plain", None, post, None)
                }
            }
            Kind::ChatTurn => self.chat_turn(200, false),
        }
    }

    fn chat_turn(&mut self, status: u16, stream_error: bool) -> Value {
        let url = "https://chatgpt.com/backend-api/f/conversation";
        let post = Some(self.prompt());
        if status == 502 {
            let html = format!(
                "<!DOCTYPE html>\n<html><head><title>chatgpt.com | 502: Bad gateway</title></head><body><div id=\"cf-error-details\"><h1>Bad gateway</h1><span>Error code 502</span><p>Cloudflare Ray ID: <strong>{}</strong></p></div></body></html>",
                self.rng.hex(16)
            );
            return self.entry(
                Kind::ChatTurn,
                "POST",
                url,
                502,
                "text/html",
                Some((html, false)),
                post,
                None,
            );
        }
        let len = self.rng.range(5_000, 40_000) as usize;
        let body = self.sse(len, stream_error);
        self.entry(
            Kind::ChatTurn,
            "POST",
            url,
            status,
            "text/event-stream",
            Some((body, false)),
            post,
            None,
        )
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: gen_har PATH [SIZE_MB] [SEED] [mixed|chat-chrome|chat-firefox]")?;
    let size_mb: u64 = match args.next() {
        Some(s) => s.parse().map_err(|e| format!("SIZE_MB {s:?}: {e}"))?,
        None => 150,
    };
    let seed: u64 = match args.next() {
        Some(s) => s.parse().map_err(|e| format!("SEED {s:?}: {e}"))?,
        None => 1,
    };
    let (chat, firefox) = match args.next().as_deref() {
        None | Some("mixed") => (false, false),
        Some("chat-chrome") => (true, false),
        Some("chat-firefox") => (true, true),
        Some(other) => return Err(format!("unknown shape {other:?}")),
    };
    let target = size_mb * 1_000_000;
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let corpus = corpus(&mut rng);
    let cookie = format!(
        "__Secure-next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..{}; oai-did={}; cf_clearance={}; __cf_bm={}",
        rng.token(1800),
        rng.hex(32),
        rng.token(300),
        rng.token(120)
    );
    let mut g = Gen {
        rng,
        firefox,
        chat,
        corpus,
        cookie,
        now: T0_MS,
        conn: 48_000,
    };
    let file = File::create(&path).map_err(|e| format!("{path}: {e}"))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let head = format!(
        "{{\n  \"log\": {{\n    \"version\": \"1.2\",\n    \"creator\": {{\n      \"name\": \"{}\",\n      \"version\": \"{}\"\n    }},\n    \"pages\": [\n      {{\n        \"startedDateTime\": \"{}\",\n        \"id\": \"page_1\",\n        \"title\": \"https://chatgpt.com/\",\n        \"pageTimings\": {{\n          \"onContentLoad\": 842.317,\n          \"onLoad\": 1604.92\n        }}\n      }}\n    ],\n    \"entries\": [",
        if firefox { "Firefox" } else { "WebInspector" },
        if firefox { "146.0" } else { "537.36" },
        iso(T0_MS)
    );
    let io = |e: std::io::Error| format!("{path}: {e}");
    out.write_all(head.as_bytes()).map_err(io)?;
    let mut written = head.len() as u64;
    let mut entries = 0u64;
    // The failures that end the session (generated last, so their times are the latest): after
    // them no chat turn works again. Room is left for them below the target size.
    let mut failures = 4u32;
    let room = 400_000u64;
    let mut buf = Vec::with_capacity(1 << 20);
    loop {
        let entry = if written + room < target {
            if g.chat {
                g.chat_entry()
            } else {
                g.random_entry()
            }
        } else if failures == 4 {
            failures -= 1;
            g.chat_turn(200, true)
        } else if failures > 0 {
            failures -= 1;
            g.chat_turn(502, false)
        } else {
            break;
        };
        buf.clear();
        let fmt = serde_json::ser::PrettyFormatter::with_indent(b"  ");
        let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
        serde::Serialize::serialize(&entry, &mut ser).map_err(|e| e.to_string())?;
        let sep: &[u8] = if entries == 0 { b"\n" } else { b",\n" };
        out.write_all(sep).map_err(io)?;
        written += sep.len() as u64;
        // Entries sit six spaces deep, as Chrome's JSON.stringify(…, null, 2) puts them.
        for (k, line) in buf.split(|&b| b == b'\n').enumerate() {
            if k > 0 {
                out.write_all(b"\n").map_err(io)?;
            }
            out.write_all(b"      ").map_err(io)?;
            out.write_all(line).map_err(io)?;
            written += line.len() as u64 + 7;
        }
        entries += 1;
    }
    out.write_all(b"\n    ]\n  }\n}").map_err(io)?;
    out.flush().map_err(io)?;
    eprintln!(
        "gen_har: wrote {path}: {:.1} MB, {entries} entries, seed {seed}",
        (written + 12) as f64 / 1e6
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_har: {e}");
            ExitCode::FAILURE
        }
    }
}
