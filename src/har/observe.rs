//! From a read entry to observations: what is kept, what is counted, the body excerpts.

use super::*;

/// Turns one parsed entry into observations: `http` when a status came back (plus a
/// `streamAbort` when Chrome saw a 2xx body break), `netError` when none did.
///
/// For a report ([`Keep::Report`]), a healthy request (a status below 400, no cut body, no
/// stream tail kept) is one no rule reads beyond its URL, status and times: the rules look at
/// error statuses, network errors, stream tails and cuts, and at healthy chat turns only for
/// their times (a later success makes a failure history) and at any request of a service to
/// count it. So a healthy request to a host outside the catalogue (no service, `Optional`) is
/// counted and left out, and other healthy requests keep only URL, status and times.
pub(super) fn observe(e: Entry<'_>, out: &mut Sink) {
    let start = e.started.as_str().and_then(crate::time::rfc3339_ms);
    let took = e.time.as_f64().filter(|t| *t >= 0.0);
    let end = start.zip(took).map(|(s, t)| s + t);
    let url = head(&e.request.url, MAX_URL);
    let status = e
        .response
        .status
        .as_f64()
        .filter(|s| (1.0..1000.0).contains(s))
        .map_or(0, |s| s as u16);
    let error = e
        .response
        .error
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let resource_type = || {
        e.resource_type
            .as_str()
            .filter(|s| !s.is_empty())
            .map(|s| bounded(s, 64))
    };
    let method = || {
        let mut method = bounded(e.request.method.as_str().unwrap_or(""), 16);
        method.make_ascii_uppercase();
        method
    };

    if status == 0 {
        let raw = match error {
            Some(err) => err,
            None if e.security_state.as_str() == Some("broken") => FIREFOX_TLS_FAILED,
            None => NO_RESPONSE,
        };
        let mut o = Observation::NetError(NetErrorObservation {
            url: url.to_owned(),
            method: method(),
            error: BrowserError::from(raw),
            resource_type: resource_type(),
            time: end.or(start),
        });
        o.bound();
        out.push(o);
        return;
    }

    let headers = e.response.headers;
    let content = e.response.content;
    let text = content.as_ref().and_then(|c| c.text);
    let ok = (200..300).contains(&status);
    // Chrome marks a 2xx whose body broke mid-way with the network error that broke it.
    let abort = error.filter(|err| ok && breaks_stream(NetErrorKind::parse(err)));
    // Errors hide inside 200 streams: keep the end of a streamed body or a chat turn's reply.
    let mut class: Option<Classified> = None;
    let wants_tail = ok
        && text.is_some()
        && (content
            .as_ref()
            .and_then(|c| c.mime_type.as_str())
            .is_some_and(|mime| contains_ci(mime, "text/event-stream"))
            || headers.says_event_stream()
            || class.get_or_insert_with(|| catalog::classify(url)).role == Role::ChatTurn);
    let base64 = || {
        content
            .as_ref()
            .and_then(|c| c.encoding.as_str())
            .is_some_and(|enc| enc.eq_ignore_ascii_case("base64"))
    };
    let stream_tail = if wants_tail {
        text.and_then(|t| excerpt(t, base64(), Side::Tail))
    } else {
        None
    };

    if out.keep == Keep::Report && status < 400 && abort.is_none() && stream_tail.is_none() {
        let class = class.unwrap_or_else(|| catalog::classify(url));
        if class.service.is_none() && !class.role.essential() {
            out.leave_out(end.or(start));
        } else {
            out.push(Observation::Http(HttpObservation {
                url: url.to_owned(),
                status,
                start,
                end,
                ..HttpObservation::default()
            }));
        }
        return;
    }

    let body = if status >= 400 {
        text.and_then(|t| excerpt(t, base64(), Side::Head))
    } else {
        None
    };
    let request_body_size = request_body_size(&e.request);
    let abort = abort.map(|err| {
        let bytes = content
            .as_ref()
            .and_then(|c| c.size.as_f64())
            .filter(|s| *s >= 0.0)
            .map_or(0, |s| s as u64);
        Observation::StreamAbort(StreamAbortObservation {
            url: url.to_owned(),
            bytes_received: bytes,
            ms_since_start: took.unwrap_or(0.0),
            error: err.to_owned(),
            time: end.or(start),
        })
    });

    let mut o = Observation::Http(HttpObservation {
        url: url.to_owned(),
        method: method(),
        status,
        headers: headers.into_map(),
        body,
        stream_tail,
        request_body_size,
        resource_type: resource_type(),
        start,
        end,
    });
    o.bound();
    out.push(o);
    if let Some(mut a) = abort {
        a.bound();
        out.push(a);
    }
}

/// Whether a network error on a response that had already started means its body was cut
/// (as opposed to the user's stop button, a navigation or a blocked response).
pub(super) fn breaks_stream(kind: NetErrorKind) -> bool {
    use NetErrorKind::*;
    matches!(
        kind,
        IncompleteChunkedEncoding
            | Http2ProtocolError
            | QuicProtocolError
            | ConnectionReset
            | ConnectionClosed
            | NetworkChanged
            | TimedOut
            | EmptyResponse
            | InternetDisconnected
    )
}

/// The request body's size: `bodySize`, or the decoded length of `postData.text` when that is
/// larger (Firefox counts UTF-16 units; some tools write 0 or -1). The text itself is never
/// copied out.
pub(super) fn request_body_size(r: &Request<'_>) -> Option<u64> {
    let declared = r.body_size.as_f64().filter(|s| *s >= 0.0).map(|s| s as u64);
    let posted = r
        .post_data
        .as_ref()
        .and_then(|p| p.text)
        .and_then(|t| json_str_len(t.0));
    match (declared, posted) {
        (Some(d), Some(p)) => Some(d.max(p)),
        (d, p) => d.or(p),
    }
}

/// The UTF-8 length of a JSON string literal once decoded, without decoding it.
pub(super) fn json_str_len(raw: &str) -> Option<u64> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let b = inner.as_bytes();
    let mut len = 0u64;
    let mut i = 0usize;
    while let Some(&c) = b.get(i) {
        if c != b'\\' {
            len += 1;
            i += 1;
            continue;
        }
        match b.get(i + 1) {
            Some(b'u') => {
                let cp = hex4(b.get(i + 2..i + 6)?)?;
                i += 6;
                if (0xD800..0xDC00).contains(&cp) {
                    // A surrogate pair is one 4-byte character; a lone one decodes to U+FFFD.
                    if b.get(i) == Some(&b'\\') && b.get(i + 1) == Some(&b'u') {
                        if let Some(lo) = b.get(i + 2..i + 6).and_then(hex4) {
                            if (0xDC00..0xE000).contains(&lo) {
                                i += 6;
                                len += 4;
                                continue;
                            }
                        }
                    }
                    len += 3;
                } else {
                    len += match cp {
                        0..=0x7F => 1,
                        0x80..=0x7FF => 2,
                        _ => 3,
                    };
                }
            }
            Some(_) => {
                len += 1;
                i += 2;
            }
            None => return None,
        }
    }
    Some(len)
}

pub(super) fn hex4(h: &[u8]) -> Option<u32> {
    let s = std::str::from_utf8(h).ok()?;
    u32::from_str_radix(s, 16).ok()
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Head,
    Tail,
}

/// The first (or last) ≤ 2 KiB of a response body, decoded and redacted.
///
/// Only the end that is kept is decoded: a chat reply streams hundreds of KiB of SSE whose every
/// line holds escapes, and unescaping all of it to keep its last 2 KiB cost a third of the time
/// of a chat-heavy HAR (profiled).
pub(super) fn excerpt(raw: Raw<'_>, base64: bool, side: Side) -> Option<String> {
    // Redact a window wider than the excerpt, then cut: a secret that straddles the cut is
    // then still removed whole rather than left half-visible.
    let mut width = EXCERPT_WINDOW;
    let mut whole_text: Option<String> = None;
    loop {
        let (decoded, whole) = match &whole_text {
            Some(t) => (Cow::Borrowed(t.as_str()), true),
            None if base64 => {
                let text = json_string(raw)?;
                let text = match decode_base64(&text) {
                    Some(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                    None => text.into_owned(),
                };
                whole_text = Some(text);
                continue;
            }
            None => json_part(raw, side, width)?,
        };
        if decoded.trim().is_empty() {
            if whole {
                return None;
            }
            // Only blanks at this end: whether there is text at all is the whole body's call.
            whole_text = Some(json_string(raw)?.into_owned());
            continue;
        }
        let window = match side {
            Side::Head => head(&decoded, width),
            Side::Tail => tail(&decoded, width),
        };
        let clean = redact::redact(window);
        if (whole && window.len() == decoded.len())
            || clean.len() >= MAX_BODY_EXCERPT + EXCERPT_MARGIN
        {
            let cut = match side {
                Side::Head => head(&clean, MAX_BODY_EXCERPT),
                Side::Tail => tail(&clean, MAX_BODY_EXCERPT),
            };
            return Some(cut.to_owned());
        }
        width *= 4;
    }
}

/// At least `want` bytes of a JSON string literal's decoded text from the `side` end (all of it
/// when it is shorter), and whether that is the whole text. The literal is cut between escapes
/// and characters and only that part is unescaped: its text is then exactly the end of the
/// whole decoded text. A literal with a `\uD800`–`\uDFFF` escape is decoded whole, so a lone
/// surrogate anywhere fails as serde_json fails on it.
pub(super) fn json_part(raw: Raw<'_>, side: Side, want: usize) -> Option<(Cow<'_, str>, bool)> {
    let inner = raw.0.strip_prefix('"')?.strip_suffix('"')?;
    let b = inner.as_bytes();
    let mut span = want.saturating_mul(2).max(64);
    if span >= b.len() || has_surrogate_escape(b) {
        return json_string(raw).map(|t| (t, true));
    }
    loop {
        if span >= b.len() {
            return json_string(raw).map(|t| (t, true));
        }
        let part = match side {
            Side::Head => inner.get(..head_cut(b, span))?,
            Side::Tail => inner.get(tail_cut(b, b.len() - span)..)?,
        };
        let text = if memchr::memchr(b'\\', part.as_bytes()).is_some() {
            Cow::Owned(serde_json::from_str::<String>(&format!("\"{part}\"")).ok()?)
        } else {
            Cow::Borrowed(part)
        };
        if text.len() >= want {
            return Some((text, false));
        }
        span = span.saturating_mul(2);
    }
}

/// Whether the backslash at `i` starts an escape (an odd run of backslashes ends there).
pub(super) fn is_escape_start(b: &[u8], i: usize) -> bool {
    let run = b
        .get(..=i)
        .map_or(0, |s| s.iter().rev().take_while(|&&c| c == b'\\').count());
    run % 2 == 1
}

/// The escape that `p` lies inside (after its backslash, before its end): its start and end.
pub(super) fn escape_around(b: &[u8], p: usize) -> Option<(usize, usize)> {
    for d in 1..=5 {
        let e = p.checked_sub(d)?;
        if b.get(e) == Some(&b'\\') && is_escape_start(b, e) {
            let end = e + if b.get(e + 1) == Some(&b'u') { 6 } else { 2 };
            return (end > p).then_some((e, end));
        }
    }
    None
}

/// The largest cut ≤ `p` that splits no escape and no UTF-8 character.
pub(super) fn head_cut(b: &[u8], mut p: usize) -> usize {
    while p > 0 && b.get(p).is_some_and(|&c| c & 0xC0 == 0x80) {
        p -= 1;
    }
    escape_around(b, p).map_or(p, |(start, _)| start)
}

/// The smallest cut ≥ `p` that splits no escape and no UTF-8 character.
pub(super) fn tail_cut(b: &[u8], mut p: usize) -> usize {
    while b.get(p).is_some_and(|&c| c & 0xC0 == 0x80) {
        p += 1;
    }
    escape_around(b, p).map_or(p, |(_, end)| end)
}

/// Whether a string literal's inside holds a `\uD800`–`\uDFFF` escape (half of a pair, or a
/// lone one).
pub(super) fn has_surrogate_escape(b: &[u8]) -> bool {
    memchr::memmem::find_iter(b, b"\\u").any(|i| {
        matches!(b.get(i + 2), Some(b'd' | b'D'))
            && matches!(b.get(i + 3), Some(b'8' | b'9' | b'a'..=b'f' | b'A'..=b'F'))
            && is_escape_start(b, i)
    })
}

/// A JSON string literal's text, borrowed when it has no escapes.
pub(super) fn json_string(raw: Raw<'_>) -> Option<Cow<'_, str>> {
    let s = raw.0;
    let inner = s.strip_prefix('"')?.strip_suffix('"')?;
    // serde_json checked the literal when it read the entry: without a backslash, its inside is
    // the text.
    if memchr::memchr(b'\\', inner.as_bytes()).is_none() {
        return Some(Cow::Borrowed(inner));
    }
    serde_json::from_str::<String>(s).ok().map(Cow::Owned)
}

/// The first ≤ `max` bytes of `s`, cut on a character boundary.
pub(super) fn head(s: &str, max: usize) -> &str {
    let mut cut = max.min(s.len());
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    s.get(..cut).unwrap_or_default()
}

/// The last ≤ `max` bytes of `s`, cut on a character boundary.
pub(super) fn tail(s: &str, max: usize) -> &str {
    let mut cut = s.len().saturating_sub(max);
    while !s.is_char_boundary(cut) {
        cut += 1;
    }
    s.get(cut..).unwrap_or_default()
}

/// `s` cut to `max` bytes, owned.
pub(super) fn bounded(s: &str, max: usize) -> String {
    head(s, max).to_owned()
}

pub(super) fn contains_ci(hay: &str, needle: &str) -> bool {
    contains_ci_bytes(hay.as_bytes(), needle.as_bytes())
}

pub(super) fn contains_ci_bytes(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// Decodes standard or URL-safe base64, skipping whitespace and padding; None when `s` holds
/// anything else (the text is then shown as it is).
pub(super) fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3 + 3);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for &c in s.as_bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' | b' ' | b'\n' | b'\r' | b'\t' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}
