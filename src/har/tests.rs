//! Tests of the HAR reader: scanner, entry reader, observations, errors.

use super::*;
use crate::catalog::ServiceId;
use crate::observation::is_kept_header;

/// Decoding one end of a literal gives exactly that end of the whole decoded text, wherever
/// the cut falls (inside escapes, `\uXXXX`, multi-byte characters, backslash runs).
#[test]
fn a_decoded_end_is_the_end_of_the_whole_text() {
    let pieces = [
        "a",
        "\\n",
        "\\\"",
        "\\\\",
        "\\\\\\\"",
        "\\u00e9",
        "é",
        "日本",
        "\\/",
        "\\t",
        "x\\\\u0041",
        "data: {\\\"v\\\": 1}",
    ];
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    for round in 0..200 {
        let mut inner = String::new();
        let len = 50 + round * 7;
        while inner.len() < len {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            inner.push_str(pieces[(rng % pieces.len() as u64) as usize]);
        }
        let literal = format!("\"{inner}\"");
        let whole: String = serde_json::from_str(&literal).unwrap();
        for want in [1, 3, 10, 17, 40, 100] {
            for side in [Side::Head, Side::Tail] {
                let (part, all) = json_part(Raw(&literal), side, want).unwrap();
                assert!(all || part.len() >= want, "{literal} {want}");
                match side {
                    Side::Head => assert!(whole.starts_with(&*part), "{literal} {want}"),
                    Side::Tail => assert!(whole.ends_with(&*part), "{literal} {want}"),
                }
                if all {
                    assert_eq!(part, whole);
                }
            }
        }
    }
    // A lone surrogate fails as the whole text's decoding fails.
    let lone = format!("\"{}\\ud800{}\"", "a".repeat(500), "b".repeat(500));
    assert!(json_part(Raw(&lone), Side::Tail, 10).is_none());
}

/// A Chrome DevTools export (`Log.ts` layout, pretty-printed as Chrome writes it): a page,
/// a chat turn whose 200 SSE stream ends in an error event, a 429, a blocked telemetry
/// call, a 200 cut by an HTTP/2 error, a base64 500 and a request with cookies and secrets.
const CHROME: &str = r##"{
  "log": {
"version": "1.2",
"creator": { "name": "WebInspector", "version": "537.36" },
"pages": [
  { "startedDateTime": "2025-11-18T14:03:21.000Z", "id": "page_1", "title": "https://chatgpt.com/",
    "pageTimings": { "onContentLoad": 842.3, "onLoad": 1604.9 } }
],
"entries": [
  {
    "_initiator": { "type": "other" },
    "_priority": "VeryHigh",
    "_resourceType": "document",
    "cache": {},
    "connection": "443",
    "pageref": "page_1",
    "request": {
      "method": "GET",
      "url": "https://chatgpt.com/",
      "httpVersion": "h3",
      "headers": [
        { "name": "cookie", "value": "__Secure-next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..c2VjcmV0.dG9rZW4" },
        { "name": "authorization", "value": "Bearer sk-proj-abcdefghijklmnop" }
      ],
      "queryString": [],
      "cookies": [ { "name": "__Secure-next-auth.session-token", "value": "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..c2VjcmV0.dG9rZW4" } ],
      "headersSize": -1,
      "bodySize": 0
    },
    "response": {
      "status": 200,
      "statusText": "",
      "httpVersion": "h3",
      "headers": [
        { "name": "Content-Type", "value": "text/html; charset=utf-8" },
        { "name": "Set-Cookie", "value": "__cf_bm=kQ0xZ9w2.secret; path=/; HttpOnly" },
        { "name": "CF-RAY", "value": "8e1f2a3b4c5d6e7f-FRA" },
        { "name": "x-secret-internal", "value": "do-not-keep" }
      ],
      "cookies": [ { "name": "__cf_bm", "value": "kQ0xZ9w2.secret" } ],
      "content": { "size": 1200, "mimeType": "text/html", "text": "<html>fine</html>" },
      "redirectURL": "",
      "headersSize": -1,
      "bodySize": -1,
      "_transferSize": 4100,
      "_error": null
    },
    "serverIPAddress": "104.18.32.47",
    "startedDateTime": "2025-11-18T14:03:21.512Z",
    "time": 120.5,
    "timings": { "blocked": 1.2, "dns": -1, "ssl": -1, "connect": -1, "send": 0.1, "wait": 100, "receive": 19.2, "_blocked_queueing": 0.8 }
  },
  {
    "_initiator": { "type": "script", "stack": { "callFrames": [ { "functionName": "f", "scriptId": "1", "url": "https://cdn.oaistatic.com/a.js", "lineNumber": 1, "columnNumber": 2 } ] } },
    "_resourceType": "fetch",
    "request": {
      "method": "POST",
      "url": "https://chatgpt.com/backend-api/f/conversation",
      "headers": [ { "name": "Authorization", "value": "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl" } ],
      "cookies": [],
      "bodySize": 0,
      "postData": { "mimeType": "application/json", "text": "{\"action\":\"next\",\"messages\":[{\"content\":{\"parts\":[\"my private prompt \u00e9\"]}}]}" }
    },
    "response": {
      "status": 200,
      "statusText": "",
      "headers": [ { "name": "content-type", "value": "text/event-stream; charset=utf-8" }, { "name": "x-request-id", "value": "req-123" } ],
      "cookies": [],
      "content": { "size": 300, "mimeType": "text/event-stream", "text": "event: delta_encoding\ndata: \"v1\"\n\nevent: delta\ndata: {\"p\": \"\", \"o\": \"add\", \"v\": {\"message\": \"private reply\"}}\n\nevent: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n" },
      "_error": null
    },
    "startedDateTime": "2025-11-18T14:03:25.000Z",
    "time": 5000
  },
  {
    "_resourceType": "fetch",
    "request": { "method": "get", "url": "https://chatgpt.com/backend-api/conversation/limits", "headers": [] },
    "response": {
      "status": 429,
      "headers": [ { "name": "Retry-After", "value": "30" }, { "name": "x-ratelimit-remaining-requests", "value": "0" }, { "name": "cookie", "value": "nope" } ],
      "content": { "mimeType": "application/json", "text": "{\"detail\":\"Too many requests in 1 hour. Try again later.\"}" }
    },
    "startedDateTime": "2025-11-18T14:03:26.000Z",
    "time": 40
  },
  {
    "_resourceType": "ping",
    "request": { "method": "POST", "url": "https://ab.chatgpt.com/v1/rgstr", "headers": [] },
    "response": { "status": 0, "statusText": "", "headers": [], "content": { "size": 0, "mimeType": "x-unknown" }, "_error": "net::ERR_BLOCKED_BY_CLIENT" },
    "startedDateTime": "2025-11-18T14:03:27.000Z",
    "time": 1.5
  },
  {
    "_resourceType": "fetch",
    "request": { "method": "POST", "url": "https://claude.ai/api/organizations/o/chat_conversations/c/completion", "headers": [] },
    "response": { "status": 200, "headers": [ { "name": "content-type", "value": "text/event-stream" } ], "content": { "size": 812, "mimeType": "text/event-stream" }, "_error": "net::ERR_HTTP2_PROTOCOL_ERROR" },
    "startedDateTime": "2025-11-18T14:03:28.000Z",
    "time": 9000
  },
  {
    "_resourceType": "xhr",
    "request": { "method": "POST", "url": "https://api.anthropic.com/v1/messages", "headers": [] },
    "response": { "status": 500, "headers": [], "content": { "size": 66, "mimeType": "application/json", "encoding": "base64",
      "text": "eyJ0eXBlIjoiZXJyb3IiLCJlcnJvciI6eyJ0eXBlIjoiYXBpX2Vycm9yIiwibWVzc2FnZSI6IkludGVybmFsIHNlcnZlciBlcnJvciJ9fQ==" } },
    "startedDateTime": "2025-11-18T14:03:29.000Z",
    "time": 300
  }
]
  }
}"##;

/// A Firefox DevTools export (`har-builder.js` layout): entries after pages, local-offset
/// times, failed requests as status 0 with no error string, `_securityState`, no
/// `_resourceType`, and a body left out with a comment.
const FIREFOX: &str = r##"{
  "log": {
"version": "1.2",
"creator": { "name": "Firefox", "version": "140.0" },
"browser": { "name": "Firefox", "version": "140.0" },
"pages": [ { "id": "page_1", "pageTimings": { "onContentLoad": -1, "onLoad": -1 }, "startedDateTime": "2025-11-18T15:03:20.000+01:00", "title": "https://claude.ai/" } ],
"entries": [
  {
    "startedDateTime": "2025-11-18T15:03:21.512+01:00",
    "request": { "bodySize": 0, "method": "GET", "url": "https://claude.ai/api/bootstrap", "httpVersion": "", "headers": [], "cookies": [], "queryString": [], "headersSize": 0 },
    "response": { "status": 0, "statusText": "", "httpVersion": "", "headers": [], "cookies": [], "content": { "mimeType": "", "size": -1 }, "redirectURL": "", "headersSize": -1, "bodySize": -1 },
    "cache": {},
    "timings": {},
    "time": 0,
    "_securityState": "broken",
    "pageref": "page_1"
  },
  {
    "startedDateTime": "2025-11-18T15:03:22.000+01:00",
    "request": { "bodySize": 0, "method": "GET", "url": "https://www.googletagmanager.com/gtag/js", "httpVersion": "", "headers": [], "cookies": [], "queryString": [], "headersSize": 0 },
    "response": { "status": 0, "statusText": "", "httpVersion": "", "headers": [], "cookies": [], "content": { "mimeType": "", "size": -1 }, "redirectURL": "", "headersSize": -1, "bodySize": -1 },
    "cache": {},
    "timings": { "blocked": 0, "dns": 0, "connect": 0, "ssl": 0, "send": 0, "wait": 0, "receive": 0 },
    "time": 0,
    "_securityState": "insecure",
    "pageref": "page_1"
  },
  {
    "startedDateTime": "2025-11-18T15:03:23.250+01:00",
    "request": { "bodySize": 33, "method": "POST", "url": "https://claude.ai/api/organizations/o/chat_conversations/c/completion", "httpVersion": "HTTP/2",
      "headers": [ { "name": "Cookie", "value": "sessionKey=sk-ant-sid01-secretsecret" } ], "cookies": [ { "name": "sessionKey", "value": "sk-ant-sid01-secretsecret" } ], "queryString": [], "headersSize": 700,
      "postData": { "mimeType": "application/json", "params": [], "text": "{\"prompt\":\"h\u00e9llo \ud83d\ude00 world\",\"x\":1}" } },
    "response": { "status": 503, "statusText": "Service Unavailable", "httpVersion": "HTTP/2",
      "headers": [ { "name": "server", "value": "cloudflare" }, { "name": "content-type", "value": "application/json" }, { "name": "set-cookie", "value": "__cf_bm=zzz" } ],
      "cookies": [], "content": { "mimeType": "application/json", "size": 90, "text": "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}" },
      "redirectURL": "", "headersSize": 300, "bodySize": 390 },
    "cache": {},
    "timings": { "blocked": 0, "dns": 0, "connect": 0, "ssl": 0, "send": 0, "wait": 210, "receive": 2 },
    "time": 212,
    "_securityState": "secure",
    "serverIPAddress": "160.79.104.10",
    "connection": "443",
    "pageref": "page_1"
  },
  {
    "startedDateTime": "2025-11-18T15:03:24.000+01:00",
    "request": { "bodySize": 0, "method": "GET", "url": "https://claude.ai/", "httpVersion": "HTTP/2", "headers": [], "cookies": [], "queryString": [], "headersSize": 0 },
    "response": { "status": 200, "statusText": "OK", "httpVersion": "HTTP/2", "headers": [ { "name": "Content-Type", "value": "text/html" } ], "cookies": [],
      "content": { "mimeType": "text/html", "size": 5000, "comment": "Response bodies are not included." }, "redirectURL": "", "headersSize": 300, "bodySize": 5300 },
    "cache": {},
    "timings": { "blocked": 0, "dns": 0, "connect": 0, "ssl": 0, "send": 0, "wait": 50, "receive": 1 },
    "time": 51,
    "_securityState": "secure",
    "pageref": "page_1"
  }
]
  }
}"##;

fn whole(input: &[u8]) -> Result<Vec<Observation>, HarError> {
    let mut a = HarAnalyzer::new();
    a.push(input)?;
    a.finish()
}

/// Feeds `input` in chunks of `size`, each scanned as it comes (no gathering), so that
/// every cut exercises the scanner's resumption.
fn chunked(input: &[u8], size: usize) -> Result<Vec<Observation>, HarError> {
    let mut a = HarAnalyzer::with_block(0);
    for c in input.chunks(size) {
        a.push(c)?;
    }
    a.finish()
}

/// The same with the default gathering.
fn gathered(input: &[u8], size: usize) -> Result<Vec<Observation>, HarError> {
    let mut a = HarAnalyzer::new();
    for c in input.chunks(size) {
        a.push(c)?;
    }
    a.finish()
}

fn err(input: &[u8]) -> String {
    match whole(input) {
        Ok(o) => panic!("expected an error, got {o:?}"),
        Err(e) => e.to_string(),
    }
}

fn http(o: &Observation) -> &HttpObservation {
    match o {
        Observation::Http(h) => h,
        other => panic!("expected http, got {other:?}"),
    }
}

fn net(o: &Observation) -> &NetErrorObservation {
    match o {
        Observation::NetError(n) => n,
        other => panic!("expected netError, got {other:?}"),
    }
}

#[test]
fn chrome_export() {
    let obs = whole(CHROME.as_bytes()).unwrap();
    assert_eq!(obs.len(), 7, "{obs:#?}");

    let page = http(&obs[0]);
    assert_eq!(page.url, "https://chatgpt.com/");
    assert_eq!(page.status, 200);
    assert_eq!(page.resource_type.as_deref(), Some("document"));
    assert_eq!(page.start, Some(1_763_474_601_512.0));
    assert_eq!(page.end, Some(1_763_474_601_632.5));
    assert_eq!(page.request_body_size, Some(0));
    assert_eq!(
        page.headers.keys().collect::<Vec<_>>(),
        ["cf-ray", "content-type"]
    );
    assert_eq!(page.body, None, "a 200 keeps no body");
    assert_eq!(page.stream_tail, None, "a page is no stream");

    let turn = http(&obs[1]);
    assert_eq!(turn.method, "POST");
    assert_eq!(turn.header("x-request-id"), Some("req-123"));
    let tail = turn.stream_tail.as_deref().unwrap();
    assert!(tail.contains("event: error"), "{tail}");
    assert!(tail.ends_with("\"Overloaded\"}}\n\n"), "{tail}");
    // bodySize 0 but a posted body: its decoded UTF-8 length counts (é is 2 bytes).
    let posted =
        "{\"action\":\"next\",\"messages\":[{\"content\":{\"parts\":[\"my private prompt é\"]}}]}";
    assert_eq!(turn.request_body_size, Some(posted.len() as u64));

    let limited = http(&obs[2]);
    assert_eq!(limited.status, 429);
    assert_eq!(limited.method, "GET", "methods are upper-cased");
    assert_eq!(limited.header("retry-after"), Some("30"));
    assert_eq!(limited.header("x-ratelimit-remaining-requests"), Some("0"));
    assert_eq!(limited.header("cookie"), None);
    assert_eq!(
        limited.body.as_deref(),
        Some("{\"detail\":\"Too many requests in 1 hour. Try again later.\"}")
    );

    let blocked = net(&obs[3]);
    assert_eq!(blocked.url, "https://ab.chatgpt.com/v1/rgstr");
    assert_eq!(blocked.error.kind, NetErrorKind::BlockedByClient);
    assert_eq!(blocked.error.raw, "net::ERR_BLOCKED_BY_CLIENT");
    assert_eq!(blocked.resource_type.as_deref(), Some("ping"));
    assert_eq!(blocked.time, Some(1_763_474_607_001.5));

    let cut = http(&obs[4]);
    assert_eq!(cut.status, 200);
    match &obs[5] {
        Observation::StreamAbort(s) => {
            assert_eq!(s.url, cut.url);
            assert_eq!(s.error, "net::ERR_HTTP2_PROTOCOL_ERROR");
            assert_eq!(s.bytes_received, 812);
            assert_eq!(s.ms_since_start, 9000.0);
        }
        other => panic!("expected a stream abort, got {other:?}"),
    }

    let api = http(&obs[6]);
    assert_eq!(api.status, 500);
    assert_eq!(
        api.body.as_deref(),
        Some(r#"{"type":"error","error":{"type":"api_error","message":"Internal server error"}}"#),
        "base64 bodies are decoded"
    );
}

#[test]
fn firefox_export() {
    let obs = whole(FIREFOX.as_bytes()).unwrap();
    assert_eq!(obs.len(), 4, "{obs:#?}");

    let tls = net(&obs[0]);
    assert_eq!(tls.url, "https://claude.ai/api/bootstrap");
    assert_eq!(tls.error.kind, NetErrorKind::CertificateInvalid);
    assert_eq!(tls.error.raw, FIREFOX_TLS_FAILED);
    assert_eq!(tls.resource_type, None, "Firefox names no resource type");
    // 15:03:21.512+01:00 is 14:03:21.512Z.
    assert_eq!(tls.time, Some(1_763_474_601_512.0));

    let gone = net(&obs[1]);
    assert_eq!(gone.error.kind, NetErrorKind::Other);
    assert_eq!(gone.error.raw, NO_RESPONSE);

    let busy = http(&obs[2]);
    assert_eq!(busy.status, 503);
    assert_eq!(busy.header("server"), Some("cloudflare"));
    assert_eq!(busy.header("set-cookie"), None);
    assert!(busy.body.as_deref().unwrap().contains("overloaded_error"));
    assert_eq!(busy.stream_tail, None, "no tail on an error status");
    assert_eq!(busy.start, Some(1_763_474_603_250.0));
    assert_eq!(busy.end, Some(1_763_474_603_462.0));
    // bodySize 33 counts UTF-16 units; the decoded UTF-8 length is larger and wins.
    let posted = "{\"prompt\":\"héllo 😀 world\",\"x\":1}";
    assert_eq!(busy.request_body_size, Some(posted.len() as u64));

    let page = http(&obs[3]);
    assert_eq!(page.body, None);
    assert_eq!(page.header("content-type"), Some("text/html"));
}

#[test]
fn every_small_split_gives_the_same_observations() {
    for har in [CHROME, FIREFOX] {
        let expected = whole(har.as_bytes()).unwrap();
        for size in 1..=7 {
            assert_eq!(
                chunked(har.as_bytes(), size).unwrap(),
                expected,
                "size {size}"
            );
            assert_eq!(
                gathered(har.as_bytes(), size).unwrap(),
                expected,
                "size {size}"
            );
        }
    }
}

#[test]
fn random_splits_give_the_same_observations() {
    // A fixed xorshift: the same "random" cuts every run.
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for har in [CHROME, FIREFOX] {
        let bytes = har.as_bytes();
        let expected = whole(bytes).unwrap();
        for _ in 0..200 {
            let mut a = HarAnalyzer::with_block(0);
            let mut at = 0;
            while at < bytes.len() {
                let len = 1 + (next() % 300) as usize;
                let end = (at + len).min(bytes.len());
                a.push(&bytes[at..end]).unwrap();
                at = end;
            }
            assert_eq!(a.bytes_seen(), bytes.len() as u64);
            assert_eq!(a.finish().unwrap(), expected);
        }
    }
}

/// A HAR of `n` small entries, a few megabytes for large `n`.
fn many_entries(n: usize) -> String {
    let entry = r#"{"request":{"method":"GET","url":"https://chatgpt.com/backend-api/me"},"response":{"status":200,"headers":[{"name":"server","value":"cloudflare"}],"content":{"text":"padding padding padding padding padding padding padding padding"}}}"#;
    let mut har = String::from(r#"{"log":{"entries":["#);
    for k in 0..n {
        if k > 0 {
            har.push(',');
        }
        har.push_str(entry);
    }
    har.push_str("]}}");
    har
}

#[test]
fn progress_counts_bytes_and_entries() {
    let har = many_entries(30_000);
    let bytes = har.as_bytes();
    assert!(bytes.len() > 3 * BLOCK);
    let mut a = HarAnalyzer::new();
    let mut last = 0;
    for (k, c) in bytes.chunks(64 << 10).enumerate() {
        a.push(c).unwrap();
        assert_eq!(
            a.bytes_seen(),
            (bytes.len().min((k + 1) * (64 << 10))) as u64
        );
        assert!(a.entries_seen() >= last, "entries only grow");
        last = a.entries_seen();
    }
    assert!(
        last > 20_000,
        "read a block at a time, not at the end: {last}"
    );
    assert_eq!(a.finish().unwrap().len(), 30_000);
}

#[test]
fn block_sized_and_small_chunks_agree_across_blocks() {
    let har = many_entries(12_000);
    let bytes = har.as_bytes();
    let expected = whole(bytes).unwrap();
    for size in [BLOCK - 1, BLOCK, BLOCK + 7, 100_003] {
        assert_eq!(gathered(bytes, size).unwrap(), expected, "{size}");
        assert_eq!(chunked(bytes, size).unwrap(), expected, "{size}");
    }
    // Mixed: small chunks then a big one then small ones.
    let mut a = HarAnalyzer::new();
    a.push(&bytes[..1000]).unwrap();
    a.push(&bytes[1000..1000 + 2 * BLOCK]).unwrap();
    for c in bytes[1000 + 2 * BLOCK..].chunks(333) {
        a.push(c).unwrap();
    }
    assert_eq!(a.finish().unwrap(), expected);
}

#[test]
fn entries_may_come_before_the_other_keys() {
    let har = r#"{"log":{"entries":[{"request":{"method":"GET","url":"https://chatgpt.com/"},"response":{"status":204}}],
        "pages":[{"id":"p","title":"[{\"entries\":[1]}]"}],"creator":{"name":"x","entries":[1,2]}},"entries":"not this"}"#;
    let obs = whole(har.as_bytes()).unwrap();
    assert_eq!(obs.len(), 1);
    assert_eq!(http(&obs[0]).status, 204);
}

#[test]
fn an_escaped_key_still_names_entries() {
    let har = r#"{"\u006cog":{"entri\u0065s":[{"request":{"url":"https://x.test/"},"response":{"status":301}}]}}"#;
    let obs = whole(har.as_bytes()).unwrap();
    assert_eq!(http(&obs[0]).status, 301);
    assert_eq!(
        http(&obs[0]).method,
        "",
        "a missing method is empty, not an error"
    );
}

#[test]
fn a_byte_order_mark_and_empty_entries_are_fine() {
    let mut har = vec![0xEF, 0xBB, 0xBF];
    har.extend_from_slice(b"\n{ \"log\": { \"entries\": [ ] } }\n");
    assert_eq!(whole(&har).unwrap(), vec![]);
    assert_eq!(chunked(&har, 1).unwrap(), vec![]);
}

#[test]
fn errors_say_what_and_where() {
    assert_eq!(err(b""), "empty input");
    assert_eq!(err(b" \n\t "), "empty input");
    assert_eq!(
        err(b"\x89PNG\r\n"),
        "not a HAR file: expected '{' at byte 0 (found 0x89)"
    );
    assert!(err(b"  [1,2]").starts_with("not a HAR file: expected '{' at byte 2 (found '[')"));
    assert!(err(b"\x1f\x8b\x08").contains("gzip"));

    let cut = &CHROME.as_bytes()[..CHROME.find("\"ping\"").unwrap()];
    assert_eq!(
        err(cut),
        format!("HAR ends early at byte {} (inside entry 3)", cut.len())
    );
    assert_eq!(
        err(br#"{"log":{"entries":[{"request":{"url":"u"},"response":{}},"#),
        "HAR ends early at byte 57 (inside log.entries, after entry 0)"
    );
    assert_eq!(
        err(br#"{"log":{"version":"1.2""#),
        "HAR ends early at byte 23 (inside log)"
    );

    let missing = br#"{"log":{"entries":[{"request":{"url":"u"},"response":{}}, {"response":{"status":200}}]}}"#;
    assert_eq!(err(missing), "entry 1 at byte 58: missing field `request`");
    let bad_inside = br#"{"log":{"entries":[{"request":{"url":"u"},"response":{"status":200,}}]}}"#;
    let msg = err(bad_inside);
    assert!(msg.starts_with("entry 0 at byte 19: "), "{msg}");
    assert!(msg.ends_with("(byte 67)"), "{msg}");

    assert_eq!(
        err(br#"{"log":{"pages":[]},"entries":[]}"#),
        "no log.entries array found"
    );
    assert_eq!(
        err(br#"{"log":{"entries":null}}"#),
        "log.entries at byte 18 is not an array (found 'n')"
    );
    assert_eq!(
        err(br#"{"log":{"entries":[]}} x"#),
        "unexpected data after the end of the HAR at byte 23 (found 'x')"
    );
    assert_eq!(
        err(br#"{"log":{"entries":[}}"#),
        "not valid JSON: found '}' at byte 19 where ']' was expected"
    );
    assert!(err(br#"{"log":{"entries":[7]}}"#).starts_with("entry 0 at byte 19: invalid type"));
    assert_eq!(
        err(br#"{"log":{"entries":[{"request":{"url":"u"},"response":{}} {}]}}"#),
        "not valid JSON: expected ',' or ']' at byte 57 in log.entries (found '{')"
    );
}

#[test]
fn each_error_names_what_the_owner_of_the_file_faces() {
    use crate::FileProblem as P;
    let problem = |input: &[u8]| whole(input).expect_err("an error").problem();
    assert_eq!(problem(b" \n "), P::Empty);
    assert_eq!(problem(b"<!doctype html><html></html>"), P::NotHar);
    assert_eq!(problem(b"\x1f\x8b\x08"), P::NotHar);
    assert_eq!(problem(br#"{"name":"something","version":2}"#), P::NotHar);
    assert_eq!(problem(br#"{"log":{"entries":null}}"#), P::NotHar);
    assert_eq!(problem(&[b'['; 2000]), P::NotHar);
    assert_eq!(problem(&b"{\"a\":".repeat(2000)), P::NotHar);
    assert_eq!(problem(&CHROME.as_bytes()[..CHROME.len() / 2]), P::Cut);
    assert_eq!(problem(br#"{"log":{"entries":[}}"#), P::Damaged);
    assert_eq!(problem(br#"{"log":{"entries":[7]}}"#), P::Damaged);
    assert_eq!(problem(br#"{"log":{"entries":[]}} x"#), P::Damaged);
    // An entry over the reader's bound (1 GiB: not made here).
    let too_large = HarError::EntryTooLarge {
        index: 0,
        at: 19,
        max_mib: 1024,
    };
    assert_eq!(too_large.problem(), P::TooLarge);
    // Each id is a text key of the help page (`web_har_error_<id>`).
    let ids: Vec<&str> = P::ALL.iter().map(|p| p.id()).collect();
    assert_eq!(
        ids,
        [
            "empty",
            "not_har",
            "cut",
            "too_large",
            "damaged",
            "unreadable"
        ]
    );
}

#[test]
fn an_error_is_kept() {
    let mut a = HarAnalyzer::new();
    let first = a.push(b"<html>").unwrap_err();
    assert_eq!(a.push(b"{}").unwrap_err(), first);
    assert_eq!(a.finish().unwrap_err(), first);
}

#[test]
fn a_stream_error_after_a_long_reply_stays_in_the_tail() {
    let mut text = String::from("data: {\"type\":\"message_start\"}\n\n");
    for i in 0..2000 {
        text.push_str(&format!(
            "event: content_block_delta\ndata: {{\"delta\":{{\"text\":\"word {i} \"}}}}\n\n"
        ));
    }
    text.push_str("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n");
    let har = format!(
        r#"{{"log":{{"entries":[{{"request":{{"method":"POST","url":"https://api.anthropic.com/v1/messages"}},
        "response":{{"status":200,"headers":[{{"name":"Content-Type","value":"text/event-stream"}}],
        "content":{{"mimeType":"text/event-stream","text":{}}}}}}}]}}}}"#,
        serde_json::to_string(&text).unwrap()
    );
    let obs = chunked(har.as_bytes(), 4096).unwrap();
    assert_eq!(obs, whole(har.as_bytes()).unwrap());
    let h = http(&obs[0]);
    let tail = h.stream_tail.as_deref().unwrap();
    assert!(tail.len() <= MAX_BODY_EXCERPT);
    assert!(tail.len() > MAX_BODY_EXCERPT - 8);
    assert!(tail.contains("event: error") && tail.contains("overloaded_error"));
    assert!(!tail.contains("message_start"), "only the end is kept");
    assert_eq!(h.body, None);
}

#[test]
fn a_plain_2xx_keeps_no_text() {
    let har = r#"{"log":{"entries":[{"request":{"method":"GET","url":"https://chatgpt.com/backend-api/me"},
        "response":{"status":200,"content":{"mimeType":"application/json","text":"{\"email\":\"a@b.c\"}"}}}]}}"#;
    let h = whole(har.as_bytes()).unwrap();
    assert_eq!(http(&h[0]).body, None);
    assert_eq!(http(&h[0]).stream_tail, None);
}

#[test]
fn error_bodies_are_cut_to_two_kib() {
    let body = "é".repeat(5000);
    let har = format!(
        r#"{{"log":{{"entries":[{{"request":{{"url":"https://chatgpt.com/x"}},"response":{{"status":502,"content":{{"text":"{body}"}}}}}}]}}}}"#
    );
    let h = whole(har.as_bytes()).unwrap();
    let b = http(&h[0]).body.as_deref().unwrap();
    assert_eq!(b.len(), MAX_BODY_EXCERPT);
    assert!(b.chars().all(|c| c == 'é'));
}

#[test]
fn no_cookie_or_unlisted_header_or_request_body_survives() {
    for har in [CHROME, FIREFOX] {
        let obs = whole(har.as_bytes()).unwrap();
        for o in &obs {
            if let Observation::Http(h) = o {
                for name in h.headers.keys() {
                    assert!(is_kept_header(name), "{name}");
                    assert_eq!(name, &name.to_ascii_lowercase());
                }
            }
        }
        let out = serde_json::to_string(&obs).unwrap().to_ascii_lowercase();
        for banned in [
            "cookie",
            "authorization",
            "session-token",
            "sessionkey",
            "sk-proj",
            "sk-ant",
            "bearer",
            "__cf_bm",
            "do-not-keep",
            "private prompt",
            "héllo",
        ] {
            assert!(!out.contains(banned), "{banned} leaked: {out}");
        }
    }
}

#[test]
fn location_headers_lose_their_query() {
    let har = r#"{"log":{"entries":[{"request":{"url":"https://chatgpt.com/auth"},"response":{"status":302,
        "headers":[{"name":"Location","value":"https://auth.openai.com/callback?code=secret-code#frag"}]}}]}}"#;
    let h = whole(har.as_bytes()).unwrap();
    let location = http(&h[0]).header("location").unwrap();
    assert!(
        location.starts_with("https://auth.openai.com/callback"),
        "{location}"
    );
    assert!(
        !location.contains("secret-code") && !location.contains("frag"),
        "{location}"
    );
}

#[test]
fn repeated_headers_are_joined() {
    let har = r#"{"log":{"entries":[{"request":{"url":"https://x.test/"},"response":{"status":429,
        "headers":[{"name":"Server","value":"a"},{"name":"server","value":"b"}]}}]}}"#;
    let h = whole(har.as_bytes()).unwrap();
    assert_eq!(http(&h[0]).header("server"), Some("a, b"));
}

#[test]
fn fast_header_check_matches_the_allowlist() {
    for name in [
        "Retry-After",
        "content-type",
        "CF-Ray",
        "x-ratelimit-limit-requests",
        "X-RateLimit-Reset",
        "anthropic-ratelimit-tokens-remaining",
        "set-cookie",
        "cookie",
        "authorization",
        "x-ratelimit",
        "x-",
        "",
        "content-typ",
        "é-ratelimit-",
    ] {
        assert_eq!(is_kept(name), is_kept_header(name), "{name}");
    }
}

#[test]
fn chrome_aborts_and_blocked_responses_are_no_stream_cuts() {
    let har = r#"{"log":{"entries":[
        {"request":{"url":"https://chatgpt.com/backend-api/f/conversation"},"response":{"status":200,"_error":"net::ERR_ABORTED"}},
        {"request":{"url":"https://chatgpt.com/a.js"},"response":{"status":200,"_error":"net::ERR_BLOCKED_BY_ORB"}}]}}"#;
    let obs = whole(har.as_bytes()).unwrap();
    assert_eq!(obs.len(), 2);
    assert!(obs.iter().all(|o| matches!(o, Observation::Http(_))));
}

#[test]
fn the_synthetic_error_strings_parse_as_intended() {
    assert_eq!(
        NetErrorKind::parse(FIREFOX_TLS_FAILED),
        NetErrorKind::CertificateInvalid
    );
    assert_eq!(NetErrorKind::parse(NO_RESPONSE), NetErrorKind::Other);
}

#[test]
fn lenient_fields_do_not_fail_the_file() {
    let har = r#"{"log":{"entries":[{"startedDateTime":0,"time":null,"_resourceType":["x"],
        "request":{"method":"GET","url":"https://x.test/","bodySize":"12"},
        "response":{"status":"404","headers":null,"content":{"text":17,"size":"n/a"}}}]}}"#;
    let h = whole(har.as_bytes()).unwrap();
    let h = http(&h[0]);
    assert_eq!(h.status, 404);
    assert_eq!(h.start, None);
    assert_eq!(h.request_body_size, Some(12));
    assert_eq!(h.body, None);
    assert_eq!(h.resource_type, None);
}

#[test]
fn json_string_lengths() {
    for s in [
        "",
        "plain",
        "é and \"quotes\"\n\t",
        "😀 pair",
        "\u{7ff}\u{800}\u{ffff}",
    ] {
        let raw = serde_json::to_string(s).unwrap();
        assert_eq!(json_str_len(&raw), Some(s.len() as u64), "{s}");
    }
    assert_eq!(json_str_len(r#""\ud83d\ude00""#), Some(4));
    assert_eq!(json_str_len(r#""\u00e9""#), Some(2));
    assert_eq!(
        json_str_len(r#""\ud83d""#),
        Some(3),
        "a lone surrogate is U+FFFD"
    );
    assert_eq!(json_str_len("17"), None);
}

#[test]
fn base64() {
    assert_eq!(decode_base64("aGVsbG8=").unwrap(), b"hello");
    assert_eq!(decode_base64("aGVs\nbG8").unwrap(), b"hello");
    assert_eq!(decode_base64("_-8").unwrap(), [0xFF, 0xEF]);
    assert_eq!(decode_base64("not base64!"), None);
}

#[test]
fn quote_search_finds_the_first() {
    let mut s = vec![b'a'; 40];
    assert_eq!(find_quote_or_backslash(&s), None);
    for at in [0, 7, 8, 15, 39] {
        s[at] = b'"';
        assert_eq!(find_quote_or_backslash(&s), Some(at));
        s[at] = b'\\';
        assert_eq!(find_quote_or_backslash(&s), Some(at));
        s[at] = b'a';
    }
    // Bytes that differ from '"' or '\' by one bit are not hits.
    let near = [b'#', b'!', b'\x02', b']', b'|', 0xA2, 0xDC];
    assert_eq!(find_quote_or_backslash(&near), None);
}

#[test]
fn a_large_entry_spanning_chunks_is_gathered_then_released() {
    let big = "x".repeat(3 << 20);
    let har = format!(
        r#"{{"log":{{"entries":[{{"request":{{"url":"https://x.test/"}},"response":{{"status":200,"content":{{"text":"{big}"}}}}}},{{"request":{{"url":"https://y.test/"}},"response":{{"status":201}}}}]}}}}"#
    );
    let mut a = HarAnalyzer::new();
    for c in har.as_bytes().chunks(64 << 10) {
        a.push(c).unwrap();
    }
    a.flush().unwrap();
    assert!(a.buf.is_empty());
    assert!(a.buf.capacity() <= KEEP_BUFFER);
    let obs = a.finish().unwrap();
    assert_eq!(obs.len(), 2);
}

/// The report a reader that keeps everything gives, and the one [`HarAnalyzer::for_report`]
/// gives, fed in chunks of `size` (0: whole).
fn both_reports(bytes: &[u8], size: usize, lang: Lang) -> (Report, Report) {
    // A HAR's report is a recorded one, whichever reader made it.
    let mut full = crate::diagnose(&whole(bytes).unwrap(), lang);
    full.recorded = true;
    crate::render::render(&mut full, lang);
    let mut a = HarAnalyzer::with_block(if size == 0 { BLOCK } else { 0 }).for_report();
    for c in bytes.chunks(if size == 0 { bytes.len().max(1) } else { size }) {
        a.push(c).unwrap();
    }
    (full, a.finish_report(lang).unwrap())
}

#[test]
fn a_report_reader_gives_the_same_report() {
    for har in [CHROME, FIREFOX] {
        for size in [0, 1, 7, 300] {
            let (full, lean) = both_reports(har.as_bytes(), size, Lang::En);
            assert_eq!(lean, full, "size {size}");
        }
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path().join("input.har");
        if let Ok(bytes) = std::fs::read(&path) {
            for lang in [Lang::En, Lang::Ja] {
                let (full, lean) = both_reports(&bytes, 0, lang);
                assert_eq!(lean, full, "{}", path.display());
            }
            let lean = analyze(&bytes[..], Lang::De).unwrap();
            let mut full = crate::diagnose(&read_observations(&bytes[..]).unwrap(), Lang::De);
            full.recorded = true;
            crate::render::render(&mut full, Lang::De);
            assert_eq!(lean, full, "{}", path.display());
            seen += 1;
        }
    }
    assert!(seen > 10, "{seen} scenario HARs");
}

/// Entries of every kind the report reader treats apart: healthy requests outside the
/// catalogue (left out) with and without times, the catalogue's healthy requests (cut to
/// URL, status and times), chat turns that worked or failed, streams with errors in them on
/// any host, cut bodies, network errors and odd statuses on any host.
const KINDS: &[&str] = &[
    r#"{"startedDateTime":"2025-11-18T14:00:%S.000Z","time":5,"request":{"method":"GET","url":"https://cdn.example.net/app-%N.js"},"response":{"status":200,"headers":[{"name":"Content-Type","value":"text/javascript"},{"name":"Server","value":"nginx"}],"content":{"mimeType":"text/javascript","text":"x()"}}}"#,
    r#"{"request":{"method":"GET","url":"https://cdn.example.net/no-time-%N"},"response":{"status":304,"headers":[]}}"#,
    r#"{"startedDateTime":"2025-11-18T14:00:%S.000Z","time":2,"request":{"method":"GET","url":"https://other.example.org/api/%N"},"response":{"status":204}}"#,
    r#"{"startedDateTime":"2025-11-18T14:00:%S.000Z","request":{"method":"GET","url":"https://events.example.org/sse"},"response":{"status":200,"headers":[{"name":"content-type","value":"text/event-stream"}],"content":{"text":"event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}\n\n"}}}"#,
    r#"{"startedDateTime":"2025-11-18T14:00:%S.000Z","request":{"method":"GET","url":"https://events.example.org/sse2"},"response":{"status":200,"headers":[{"name":"Content-Type","value":"text/plain"},{"name":"content-type","value":"text/event-stream"}],"content":{"text":"data: {\"error\":\"rate_limit_error\"}\n\n"}}}"#,
    r#"{"startedDateTime":"2025-11-18T14:00:%S.000Z","request":{"method":"GET","url":"https://cdn.example.net/missing-%N.js"},"response":{"status":404,"content":{"text":"not found"}}}"#,
    r#"{"request":{"method":"GET","url":"https://proxy.example.net/"},"response":{"status":407,"headers":[]}}"#,
    r#"{"startedDateTime":"2025-11-18T14:00:%S.000Z","request":{"method":"POST","url":"https://ads.example.com/track"},"response":{"status":0,"_error":"net::ERR_BLOCKED_BY_CLIENT"}}"#,
    r#"{"startedDateTime":"2025-11-18T14:00:%S.000Z","time":9,"request":{"method":"GET","url":"https://video.example.com/live"},"response":{"status":200,"content":{"size":10},"_error":"net::ERR_CONNECTION_RESET"}}"#,
    r#"{"startedDateTime":"2025-11-18T14:00:%S.000Z","time":900,"request":{"method":"POST","url":"https://chatgpt.com/backend-api/f/conversation"},"response":{"status":200,"headers":[{"name":"content-type","value":"text/event-stream"}],"content":{"mimeType":"text/event-stream","text":"data: {\"message\":\"fine\"}\n\ndata: [DONE]\n\n"}}}"#,
    r#"{"startedDateTime":"2025-11-18T14:00:%S.000Z","time":900,"request":{"method":"POST","url":"https://chatgpt.com/backend-api/f/conversation"},"response":{"status":200,"content":{}}}"#,
    r#"{"startedDateTime":"2025-11-18T14:00:%S.000Z","request":{"method":"POST","url":"https://claude.ai/api/organizations/o/chat_conversations/c/completion"},"response":{"status":529,"headers":[{"name":"server","value":"cloudflare"}],"content":{"text":"{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}"}}}"#,
    r#"{"request":{"method":"POST","url":"https://chatgpt.com/backend-api/f/conversation"},"response":{"status":500,"content":{"text":"{\"detail\":\"oops\"}"}}}"#,
    r#"{"startedDateTime":"2025-11-18T14:00:%S.000Z","request":{"method":"GET","url":"https://chatgpt.com/backend-api/me"},"response":{"status":429,"headers":[{"name":"Retry-After","value":"%S"}]}}"#,
    r#"{"startedDateTime":"2025-11-18T14:00:%S.000Z","time":3,"request":{"method":"GET","url":"https://cdn.oaistatic.com/assets/app-%N.js"},"response":{"status":200,"headers":[{"name":"content-type","value":"text/javascript"}],"content":{"text":"x"}}}"#,
    r#"{"startedDateTime":"2025-11-18T14:00:%S.000Z","request":{"method":"POST","url":"https://ab.chatgpt.com/v1/rgstr"},"response":{"status":0,"_error":"net::ERR_BLOCKED_BY_CLIENT"}}"#,
    r#"{"startedDateTime":"2025-11-18T14:00:%S.000Z","request":{"method":"GET","url":"https://ab.chatgpt.com/v1/initialize"},"response":{"status":200}}"#,
    r#"{"startedDateTime":"2025-11-18T14:00:%S.000Z","request":{"method":"GET","url":"https://challenges.cloudflare.com/turnstile/v0/api.js"},"response":{"status":200}}"#,
    r#"{"startedDateTime":"2025-11-18T14:00:%S.000Z","request":{"method":"GET","url":"https://chatgpt.com/auth/login"},"response":{"status":302,"headers":[{"name":"Location","value":"https://auth.openai.com/x?code=1"}]}}"#,
    r#"{"startedDateTime":"2025-11-18T14:00:%S.000Z","request":{"method":"POST","url":"https://api.anthropic.com/v1/messages"},"response":{"status":200,"headers":[{"name":"content-type","value":"text/event-stream"}],"content":{"text":"event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}\n\n"}}}"#,
    r#"{"startedDateTime":"2025-11-18T14:00:%S.000Z","request":{"method":"GET","url":"https://claude.ai/api/bootstrap"},"response":{"status":0,"_error":"net::ERR_CONNECTION_RESET"}}"#,
    r#"{"startedDateTime":"2025-11-18T14:00:%S.000Z","time":1,"request":{"method":"GET","url":"https://www.google-analytics.com/g/collect"},"response":{"status":200}}"#,
    r#"{"startedDateTime":"2025-11-18T14:00:%S.000Z","request":{"method":"POST","url":"https://api.openai.com/v1/chat/completions"},"response":{"status":429,"headers":[{"name":"x-ratelimit-limit-requests","value":"60"},{"name":"x-ratelimit-remaining-requests","value":"0"},{"name":"x-ratelimit-reset-requests","value":"%Ss"},{"name":"Server","value":"cloudflare"},{"name":"date","value":"Tue, 18 Nov 2025 14:00:00 GMT"},{"name":"server","value":"envoy"},{"name":"CF-RAY","value":"abc-FRA"},{"name":"set-cookie","value":"x=1"}],"content":{"text":"{\"error\":{\"message\":\"Rate limit reached\",\"code\":\"rate_limit_exceeded\"}}"}}}"#,
];

#[test]
fn a_report_reader_gives_the_same_report_for_any_mix() {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut left_out = 0;
    for round in 0..600 {
        let n = (next() % 24) as usize;
        let mut har = String::from(r#"{"log":{"entries":["#);
        for k in 0..n {
            if k > 0 {
                har.push(',');
            }
            // Mostly the left-out kind, as in a real file; times in random order.
            let kind = if next() % 3 == 0 {
                (next() % KINDS.len() as u64) as usize
            } else {
                (next() % 3) as usize
            };
            let entry = KINDS[kind]
                .replace("%S", &format!("{:02}", next() % 60))
                .replace("%N", &k.to_string());
            har.push_str(&entry);
        }
        har.push_str("]}}");
        let size = [0, 5, 64][round % 3];
        let (full, lean) = both_reports(har.as_bytes(), size, Lang::En);
        assert_eq!(lean, full, "{har}");
        let mut a = HarAnalyzer::new().for_report();
        a.push(har.as_bytes()).unwrap();
        left_out += a.out.left_out;
    }
    assert!(left_out > 1000, "the mix leaves entries out: {left_out}");
}

#[test]
fn a_report_reader_keeps_little() {
    let har = many_entries(2_000).replace(
        "https://chatgpt.com/backend-api/me",
        "https://cdn.example.net/x",
    );
    let mut a = HarAnalyzer::new().for_report();
    a.push(har.as_bytes()).unwrap();
    assert_eq!(a.out.observations.len(), 0);
    assert_eq!(a.out.left_out, 2_000);
    assert!(a.out.counted.is_empty());
    let report = a.finish_report(Lang::En).unwrap();
    assert!(report.findings.is_empty());
    // The catalogue's healthy requests are counted for their service, not kept.
    let har = many_entries(3);
    let mut a = HarAnalyzer::new().for_report();
    a.push(har.as_bytes()).unwrap();
    assert_eq!(
        a.out.counted.get(&ServiceId::Chatgpt).copied(),
        Some(3),
        "{:?}",
        a.out.counted
    );
    assert!(a.finish().unwrap().is_empty());
}

/// Chat turns that worked: only the latest per service and URL is kept, cut to URL, status
/// and times, however many there were; the others are counted for their service.
#[test]
fn a_report_reader_keeps_the_latest_success_per_url() {
    let turn = |url: &str, t: u32| {
        format!(
            r#"{{"startedDateTime":"2025-01-01T00:00:{:02}.000Z","time":5,"request":{{"method":"POST","url":"{url}"}},"response":{{"status":200,"headers":[{{"name":"content-type","value":"text/event-stream"}}],"content":{{"mimeType":"text/event-stream","text":"data: {{\"message\": \"hi {t}\"}}\n\ndata: [DONE]\n\n"}}}}}}"#,
            t % 60
        )
    };
    let chat = "https://chatgpt.com/backend-api/conversation";
    let claude = |k: u32| {
        format!("https://claude.ai/api/organizations/o/chat_conversations/c{k}/completion")
    };
    let mut entries: Vec<String> = (0..500).map(|t| turn(chat, t)).collect();
    entries.extend((0..40).map(|t| turn(&claude(t), t)));
    let har = format!(
        r#"{{"log":{{"version":"1.2","entries":[{}]}}}}"#,
        entries.join(",")
    );
    let mut a = HarAnalyzer::new().for_report();
    a.push(har.as_bytes()).unwrap();
    let kept: Vec<&str> = a
        .out
        .observations
        .iter()
        .filter_map(Observation::url)
        .collect();
    let mut want = vec![chat.to_owned()];
    want.extend((32..40).map(claude));
    assert_eq!(kept, want);
    assert_eq!(a.out.orig, [499, 532, 533, 534, 535, 536, 537, 538, 539]);
    assert_eq!(a.out.counted.get(&ServiceId::Chatgpt), Some(&499));
    assert_eq!(a.out.counted.get(&ServiceId::Claude), Some(&32));
    assert!(matches!(&a.out.observations[0], Observation::Http(h) if h.stream_tail.is_none()));
}

#[test]
fn left_out_observations_keep_their_places() {
    let mut s = Sink::default();
    s.leave_out(Some(5.0));
    s.leave_out(None);
    s.push(Observation::Http(HttpObservation::default()));
    s.push(Observation::Http(HttpObservation::default()));
    s.leave_out(Some(f64::NAN));
    s.leave_out(Some(3.0));
    s.leave_out(Some(9.0));
    s.push(Observation::Http(HttpObservation::default()));
    assert_eq!(s.orig, [2, 3, 7]);
    assert_eq!(s.latest, Some(9.0));
}

#[test]
fn many_kept_headers_keep_their_order() {
    let mut h = KeptHeaders::default();
    for (name, value) in [
        ("Server", "a"),
        ("x-ratelimit-limit-requests", "60"),
        ("cookie", "no"),
        ("server", "b"),
        ("date", "d"),
        ("x-ratelimit-remaining-requests", "0"),
        ("SERVER", "c"),
    ] {
        h.add(Cow::Borrowed(name), Cow::Borrowed(value));
    }
    assert_eq!(h.iter().count(), 6);
    let map = h.into_map();
    assert_eq!(map.get("server").map(String::as_str), Some("a, b, c"));
    assert_eq!(map.len(), 4, "{map:?}");
}

#[test]
fn the_event_stream_check_matches_the_kept_header() {
    let long = "x".repeat(MAX_HEADER_VALUE - 20);
    let cases: Vec<Vec<(&str, String)>> = vec![
        vec![],
        vec![("Content-Type", "text/event-stream".into())],
        vec![("content-type", "TEXT/EVENT-STREAM; charset=utf-8".into())],
        vec![
            ("content-type", "text/plain".into()),
            ("Content-Type", "text/event-stream".into()),
        ],
        vec![("content-type", format!("{long}text/event-stream"))],
        vec![("content-type", format!("{long}text/event-st"))],
        vec![
            ("content-type", long.clone()),
            ("content-type", "text/event-stream".into()),
        ],
        vec![
            ("content-type", "x".repeat(MAX_HEADER_VALUE - 19)),
            ("content-type", "text/event-stream".into()),
        ],
        vec![
            ("content-type", "é".repeat(300)),
            ("content-type", "text/event-stream".into()),
        ],
        vec![
            ("content-type", "a".into()),
            (
                "content-type",
                format!("{}text/event-stream", "b".repeat(490)),
            ),
        ],
        vec![
            ("content-type", "a".into()),
            (
                "content-type",
                format!("{}text/event-stream", "b".repeat(491)),
            ),
        ],
    ];
    for case in cases {
        let mut h = KeptHeaders::default();
        for (name, value) in &case {
            h.add(Cow::Borrowed(name), Cow::Owned(value.clone()));
        }
        let lazy = h.says_event_stream();
        let map = h.into_map();
        let eager = map
            .get("content-type")
            .is_some_and(|c| contains_ci(c, "text/event-stream"));
        assert_eq!(lazy, eager, "{case:?}");
    }
}

/// Observations from an entry read by serde, with its length; None when serde fails.
fn by_serde(bytes: &[u8]) -> Option<(Vec<Observation>, usize)> {
    let mut stream = serde_json::Deserializer::from_slice(bytes).into_iter::<Entry<'_>>();
    let entry = stream.next()?.ok()?;
    let mut out = Sink::default();
    observe(entry, &mut out);
    Some((out.observations, stream.byte_offset()))
}

/// Whether serde_json's error on `bytes` lies inside the string of `content.text` or
/// `postData.text` (as the fast reader found them).
fn serde_error_in_body(bytes: &[u8]) -> bool {
    let Err(e) = serde_json::from_slice::<Entry<'_>>(bytes) else {
        return false;
    };
    let at = offset_of(bytes, e.line(), e.column()) as usize;
    let Some((entry, _)) = reader::entry(bytes) else {
        return false;
    };
    let base = bytes.as_ptr() as usize;
    let texts = [
        entry.response.content.as_ref().and_then(|c| c.text),
        entry.request.post_data.as_ref().and_then(|p| p.text),
    ];
    texts.into_iter().flatten().any(|Raw(t)| {
        let start = t.as_ptr() as usize - base;
        t.starts_with('"') && (start..start + t.len()).contains(&at)
    })
}

/// Observations from an entry the fast reader read, with its length; None when it gave up.
fn by_fast(bytes: &[u8]) -> Option<(Vec<Observation>, usize)> {
    let (entry, len) = reader::entry(bytes)?;
    let mut out = Sink::default();
    observe(entry, &mut out);
    Some((out.observations, len))
}

/// The entries of the test HARs and of [`KINDS`], as bytes.
fn sample_entries() -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    for har in [CHROME, FIREFOX] {
        let v: serde_json::Value = serde_json::from_str(har).unwrap();
        for e in v["log"]["entries"].as_array().unwrap() {
            out.push(serde_json::to_vec_pretty(e).unwrap());
            out.push(serde_json::to_vec(e).unwrap());
        }
    }
    for k in KINDS {
        out.push(k.replace("%S", "07").replace("%N", "1").into_bytes());
    }
    out
}

#[test]
fn the_fast_reader_reads_what_serde_reads() {
    let mut accepted = 0;
    for e in sample_entries() {
        let fast = by_fast(&e);
        assert!(fast.is_some(), "{}", String::from_utf8_lossy(&e));
        assert_eq!(fast, by_serde(&e));
        accepted += 1;
        // Followed by more bytes, as inside a block.
        let mut more = e.clone();
        more.extend_from_slice(b",\n    {\"next\": 1}");
        assert_eq!(by_fast(&more), by_serde(&more));
    }
    assert!(accepted > 20);
    // Shapes it leaves to serde, which reads or refuses them itself.
    for tricky in [
        r#"{"request":{"url":"u"},"response":{},"time":1,"time":2}"#,
        r#"{"request":{"url":"u","url":"v"},"response":{}}"#,
        r#"{"request":{"url":"u"},"response":{"headers":[{"name":"a","name":"b"}]}}"#,
        r#"{"requ\u0065st":{"url":"u"},"response":{}}"#,
        r#"{"request":["GET","https://x.test/"],"response":{}}"#,
        r#"{"request":{"url":"u"},"response":{"headers":{"Server":"x"}}}"#,
        r#"{"request":{"url":"u"},"response":{"headers":[["server","x"]]}}"#,
        r#"{"request":{"url":"\ud800"},"response":{}}"#,
        r#"{"request":{"url":"u"},"response":{"status":1e400}}"#,
        r#"{"request":{"url":"u"},"response":{},"x":"\ud800"}"#,
        r#"{"request":{"url":"u"},"response":{},"x":{"\ud800":1}}"#,
        r#"{"request":{"url":"u"},"response":{},"x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"#,
        r#"{"request":{"url":7},"response":{}}"#,
        r#"{"request":{"url":"u"}}"#,
        r#"{"request":{"url":"u"},"response":{"content":"x"}}"#,
        r#"{"request":{"url":"u","postData":[1]},"response":{}}"#,
        r#"{"request":{"url":"u"},"response":{"status":01}}"#,
        r#"{"request":{"url":"u"},"response":{},"x":01}"#,
        r#"{"request":{"url":"u"},"response":{},"x":[-]}"#,
        r#"{"request":{"url":"u"},"response":{},"x":1.}"#,
        r#"{"request":{"url":"u"},"response":{},"x":1e+}"#,
        r#"{"request":{"url":"u"},"response":{},"x":.5}"#,
        r#"{"request":{"url":"u"},"response":{},"x":+1}"#,
        r#"{"request":{"url":"u"},"response":{},"x":nul}"#,
        r#"{"request":{"url":"u"},"response":{},"x":{"a" 1}}"#,
        r#"{"request":{"url":"u"},"response":{},"x":{1:1}}"#,
        r#"{"request":{"url":"u"},"response":{"status":-}}"#,
        r#"{"request":{"url":"u"},"response":{},}"#,
        r#"{"request":{"url":"u"},"response":{"x":[1,]}}"#,
        r#"{"request":{"url":"u"},"response":{"x":"a\x"}}"#,
        r#"{"request":{"url":"u"},"response":{"x":"\u12"}}"#,
        r#"{"request":{"url":"u"},"response":{"x":tru}}"#,
        "{\"request\":{\"url\":\"u\"},\"response\":{\"x\":\"\u{1}\"}}",
    ] {
        let fast = by_fast(tricky.as_bytes());
        assert!(
            fast.is_none() || fast == by_serde(tricky.as_bytes()),
            "{tricky}"
        );
    }
    let mut bad = br#"{"request":{"url":"u"},"response":{},"x":"#.to_vec();
    bad.extend_from_slice(b"\"\xff\"}");
    assert_eq!(by_fast(&bad), None, "invalid UTF-8 is left to serde");
    assert!(by_serde(&bad).is_some(), "which skips it unread");
}

#[test]
fn the_fast_reader_never_reads_what_serde_reads_otherwise() {
    // Mutants of real entries: bytes replaced, inserted and removed, drawn from JSON's
    // alphabet. Whatever the fast reader accepts, serde must read the same way.
    let alphabet: &[&[u8]] = &[
        b"\"",
        b"\\",
        b"{",
        b"}",
        b"[",
        b"]",
        b",",
        b":",
        b" ",
        b"\n",
        b"u",
        b"0",
        b"-",
        b"e",
        b".",
        b"1",
        b"\x01",
        b"\xc3\xa9",
        b"\xff",
        b"n",
        b"t",
        b"\\u00e9",
        b"\\ud83d",
        b"\"name\"",
        b"\"url\"",
        b"\"status\"",
        b"\"text\"",
        b"null",
        b"\"time\":1,",
    ];
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let samples = sample_entries();
    let (mut accepted, mut total) = (0, 0);
    for _ in 0..40_000 {
        let mut m = samples[(next() % samples.len() as u64) as usize].clone();
        for _ in 0..1 + next() % 3 {
            let at = 1 + (next() % (m.len() as u64 - 1)) as usize;
            let piece = alphabet[(next() % alphabet.len() as u64) as usize];
            match next() % 3 {
                0 => {
                    m.splice(at..at + 1, piece.iter().copied());
                }
                1 => {
                    m.splice(at..at, piece.iter().copied());
                }
                _ => {
                    m.remove(at);
                }
            }
        }
        let fast = by_fast(&m);
        if fast.is_some() {
            accepted += 1;
            match by_serde(&m) {
                Some(serde) => assert_eq!(fast, Some(serde), "{}", String::from_utf8_lossy(&m)),
                // The one thing read more leniently: the inside of a body text, which is only
                // searched for its end (a control character, a bad escape).
                None => assert!(
                    serde_error_in_body(&m),
                    "fast accepted what serde rejects outside a body: {}",
                    String::from_utf8_lossy(&m)
                ),
            }
        }
        total += 1;
    }
    assert!(accepted > total / 10, "{accepted} of {total}");
}

/// Inside a body text (`content.text`, `postData.text`) only the string's end is searched:
/// a raw control character or a bad escape there is not an error, and the rest of the entry
/// is read as before, however the file is cut. Outside bodies, and for the structure, the
/// reader stays as strict as serde_json: the same damage in a URL or a header is an error
/// naming its byte, and a body whose string never ends leaves the file cut short.
#[test]
fn only_body_texts_are_read_leniently() {
    let entry = |url: &str, body: &str, header: &str| {
        format!(
            r#"{{"log":{{"entries":[{{"request":{{"method":"POST","url":"{url}","postData":{{"text":"{body}"}}}},"response":{{"status":502,"headers":[{{"name":"Server","value":"{header}"}}],"content":{{"mimeType":"text/plain","text":"ok {body}"}}}}}}]}}}}"#
        )
    };
    for body in ["a\u{1}b", "bad \\x escape", "tab\there"] {
        let har = entry(
            "https://chatgpt.com/backend-api/conversation",
            body,
            "cloudflare",
        );
        let read = whole(har.as_bytes()).unwrap();
        assert_eq!(read.len(), 1, "{har}");
        assert_eq!(http(&read[0]).status, 502);
        for size in [1, 7, 64] {
            assert_eq!(
                chunked(har.as_bytes(), size).unwrap(),
                read,
                "{har} in {size}s"
            );
        }
        let in_url = entry(&format!("https://chatgpt.com/{body}"), "x", "cloudflare");
        assert!(
            err(in_url.as_bytes()).starts_with("entry 0 at byte 19: "),
            "{in_url}"
        );
        let in_header = entry("https://chatgpt.com/", "x", body);
        assert!(err(in_header.as_bytes()).contains("(byte "), "{in_header}");
    }
    let open = br#"{"log":{"entries":[{"request":{"url":"u"},"response":{"status":200,"content":{"text":"never ends"#;
    assert!(
        err(open).starts_with("HAR ends early at byte "),
        "{}",
        err(open)
    );
}
