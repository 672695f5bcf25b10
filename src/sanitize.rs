//! A streaming HAR → HAR rewriter: the copy of a HAR file that is safe to send to support.
//!
//! The input is read in chunks of any size and never held whole: a [`HarSanitizer`] tokenizes
//! the JSON as it arrives and writes compact JSON out, holding at most one string (bounded) and
//! one header-like `{name, value}` pair at a time. What it removes:
//!
//! - cookies: every `cookies` array becomes `[]`; `Cookie` and `Set-Cookie` header values go;
//! - credentials: `Authorization`, API-key, CSRF, session and token headers (by name);
//! - query values in URLs and `queryString`, except a short list of harmless ones;
//! - request bodies (`postData.text` and `postData.params` values): they carry the prompt;
//! - response bodies: removed on success; an error body (status ≥ 400) keeps its first 2 KiB
//!   with prompt-carrying JSON fields removed; a streamed reply keeps only its error events
//!   (so the copy still shows what went wrong, not what was said);
//! - WebSocket frames (`_webSocketMessages`) and page titles (a conversation's title);
//! - in every other string: whatever [`crate::redact::redact`] removes (API keys, JWT
//!   signatures, emails, bearer tokens), and long values (over 64 KiB).
//!
//! Diagnosing the sanitized copy gives the same causes as the original: everything the HAR
//! reader keeps (statuses, the allow-listed headers, error bodies, error events) survives.

use std::io::{Read, Write};

use serde::Serialize;

use crate::catalog::{classify, Role};
use crate::json_strings::StringEnd;

/// What replaces a removed value.
const REMOVED: &str = "[redacted]";

/// What replaces a removed query value inside a URL (keeps the URL parseable).
const REMOVED_IN_URL: &str = "REDACTED";

/// The longest string kept anywhere; longer ones are replaced whole.
const MAX_STRING: usize = 64 * 1024;

/// The longest value kept in a header, query or form pair.
const MAX_PAIR_VALUE: usize = 8 * 1024;

/// How much of a response body is read at its start (error bodies).
const BODY_HEAD: usize = 4 * 1024;

/// How much of an error body is kept (the HAR reader's excerpt is 2 KiB too).
const ERROR_BODY_KEPT: usize = 2 * 1024;

/// How much of a response body is read at its end (a streamed reply's error events).
const BODY_TAIL: usize = 16 * 1024;

/// The longest error line kept from a streamed reply.
const MAX_EVENT_LINE: usize = 1024;

/// How deep the JSON may nest before it is refused (a HAR is about 8 deep).
const MAX_DEPTH: usize = 256;

/// Why a HAR could not be sanitized; its `Display` is the one line a person reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SanitizeError {
    /// Nothing but white space.
    #[error("the file is empty, not a HAR")]
    Empty,
    /// The JSON is malformed at byte `at`.
    #[error("not a HAR (invalid JSON at byte {at}): {problem}")]
    InvalidJson {
        /// The byte offset where reading stopped.
        at: u64,
        /// What was found wrong there.
        problem: String,
    },
    /// The file ends inside the JSON.
    #[error("the HAR ends early, at byte {at} (the file is cut short)")]
    CutShort {
        /// The file's length.
        at: u64,
    },
    /// The HAR could not be read (a file error; the message is the system's).
    #[error("cannot read the HAR: {0}")]
    Read(String),
    /// The sanitized copy could not be written.
    #[error("cannot write: {0}")]
    Write(String),
}

impl SanitizeError {
    /// What the file's owner faces, for the help page's wording.
    pub fn problem(&self) -> crate::FileProblem {
        use crate::FileProblem as P;
        match self {
            SanitizeError::Empty => P::Empty,
            SanitizeError::InvalidJson { .. } => P::Damaged,
            SanitizeError::CutShort { .. } => P::Cut,
            SanitizeError::Read(_) | SanitizeError::Write(_) => P::Unreadable,
        }
    }
}

/// What the sanitizer removed, for the page to show ("12 cookies, 3 bodies …").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SanitizeStats {
    /// Bytes read.
    pub bytes_in: u64,
    /// Bytes written.
    pub bytes_out: u64,
    /// HAR entries seen.
    pub entries: u64,
    /// Cookie lists emptied that held at least one cookie (an empty list removes nothing).
    pub cookie_lists: u64,
    /// Cookies removed from those lists.
    pub cookies: u64,
    /// Header values removed (cookies, credentials, tokens); an empty value is not counted.
    pub headers: u64,
    /// Query values removed (in `queryString` and in URLs).
    pub query_values: u64,
    /// Request bodies removed (an empty body is not counted).
    pub request_bodies: u64,
    /// Response bodies removed or cut to their error part (an error body kept whole, with
    /// nothing taken out of it, is not counted).
    pub response_bodies: u64,
    /// Other strings changed by redaction or removed for length.
    pub strings: u64,
}

/// The member keys the rewriter acts on; every other key is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    None,
    Entries,
    Pages,
    Request,
    Response,
    Headers,
    Cookies,
    QueryString,
    PostData,
    Params,
    Content,
    Text,
    Url,
    RedirectUrl,
    Title,
    Status,
    MimeType,
    WsMessages,
    Other,
}

impl Key {
    fn of(name: &[u8]) -> Key {
        match name {
            b"entries" => Key::Entries,
            b"pages" => Key::Pages,
            b"request" => Key::Request,
            b"response" => Key::Response,
            b"headers" => Key::Headers,
            b"cookies" => Key::Cookies,
            b"queryString" => Key::QueryString,
            b"postData" => Key::PostData,
            b"params" => Key::Params,
            b"content" => Key::Content,
            b"text" => Key::Text,
            b"url" => Key::Url,
            b"redirectURL" => Key::RedirectUrl,
            b"title" => Key::Title,
            b"status" => Key::Status,
            b"mimeType" => Key::MimeType,
            b"_webSocketMessages" => Key::WsMessages,
            _ => Key::Other,
        }
    }
}

/// Which kind of `{name, value}` pair a collected object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PairKind {
    RequestHeader,
    ResponseHeader,
    Query,
    Param,
}

/// A member value of a collected pair object.
#[derive(Debug, Clone, PartialEq)]
enum Scalar {
    /// A decoded string; `true` when it was longer than kept.
    Str(String, bool),
    /// A number, `true`, `false` or `null`, verbatim.
    Raw(String),
    /// A nested object or array (unexpected in a pair): dropped.
    Nested,
}

/// One open object or array.
#[derive(Debug)]
struct Frame {
    array: bool,
    /// The key this container sits under in its parent (`None` for array elements and the top).
    key: Key,
    /// For objects: the member being read.
    member: Key,
    /// The member's raw name, while collecting a pair.
    member_name: String,
    /// Whether output needs a comma before the next item.
    comma: bool,
    /// Set when this object is a `{name, value}` pair being collected.
    pair: Option<(PairKind, Vec<(String, Scalar)>)>,
}

impl Frame {
    fn new(array: bool, key: Key) -> Frame {
        Frame {
            array,
            key,
            member: Key::None,
            member_name: String::new(),
            comma: false,
            pair: None,
        }
    }
}

/// What to do with a string value when it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StrUse {
    /// An object key.
    Key,
    /// Redact and write (URLs get their query values removed).
    Generic,
    /// A request or redirect URL.
    Url,
    /// `content.text`.
    Body,
    /// `content.mimeType`: write, and remember.
    Mime,
    /// A member of a collected pair.
    Pair,
}

/// The tokenizer's position in the grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Value,
    FirstKeyOrEnd,
    Key,
    Colon,
    Next,
    Str,
    Literal,
    End,
}

/// A JSON string escape being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Esc {
    None,
    Backslash,
    Unicode(u8, u32),
}

/// Decoded string bytes, bounded: the head, and (for bodies) a ring of the tail.
#[derive(Debug, Default)]
struct Capture {
    head: Vec<u8>,
    head_max: usize,
    tail: Vec<u8>,
    tail_max: usize,
    tail_pos: usize,
    total: u64,
}

impl Capture {
    fn reset(&mut self, head_max: usize, tail_max: usize) {
        self.head.clear();
        self.tail.clear();
        self.head_max = head_max;
        self.tail_max = tail_max;
        self.tail_pos = 0;
        self.total = 0;
    }

    fn push(&mut self, bytes: &[u8]) {
        self.total += bytes.len() as u64;
        let room = self.head_max.saturating_sub(self.head.len());
        let (to_head, rest) = bytes.split_at(room.min(bytes.len()));
        self.head.extend_from_slice(to_head);
        if self.tail_max == 0 {
            return;
        }
        // The tail ring sees every byte past the head.
        let rest = if rest.len() > self.tail_max {
            &rest[rest.len() - self.tail_max..]
        } else {
            rest
        };
        // Fill the ring, then overwrite it from `tail_pos` on, a slice at a time.
        let fill = (self.tail_max - self.tail.len()).min(rest.len());
        self.tail.extend_from_slice(&rest[..fill]);
        let mut rest = &rest[fill..];
        while !rest.is_empty() {
            let n = (self.tail_max - self.tail_pos).min(rest.len());
            self.tail[self.tail_pos..self.tail_pos + n].copy_from_slice(&rest[..n]);
            self.tail_pos = (self.tail_pos + n) % self.tail_max;
            rest = &rest[n..];
        }
    }

    fn overflowed(&self) -> bool {
        self.total > self.head.len() as u64
    }

    fn head_str(&self) -> String {
        String::from_utf8_lossy(&self.head).into_owned()
    }

    /// The last bytes of the string (head included when the string was short).
    fn tail_str(&self) -> String {
        if !self.overflowed() {
            return self.head_str();
        }
        let mut bytes = Vec::with_capacity(self.tail.len());
        if self.tail.len() < self.tail_max {
            bytes.extend_from_slice(&self.tail);
        } else {
            bytes.extend_from_slice(&self.tail[self.tail_pos..]);
            bytes.extend_from_slice(&self.tail[..self.tail_pos]);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// The facts about the current entry that decide what happens to its body.
#[derive(Debug, Default, Clone)]
struct EntryFacts {
    status: Option<u16>,
    mime: String,
    chat_turn: bool,
}

/// A streaming HAR sanitizer: [`push`](HarSanitizer::push) chunks in, sanitized JSON out.
#[derive(Debug)]
pub struct HarSanitizer {
    state: State,
    stack: Vec<Frame>,
    offset: u64,
    // The string being read.
    str_use: StrUse,
    esc: Esc,
    high_surrogate: Option<u32>,
    cap: Capture,
    // A value being skipped (its replacement already written): nesting depth, and string state.
    skipping: bool,
    skip_depth: u32,
    skip_in_str: bool,
    skip_escape: bool,
    // What the skipped value's removal counts as, once its content shows whether it held
    // anything: the stats only count what was removed.
    skip_count: SkipCount,
    // A literal being read.
    literal: Vec<u8>,
    literal_start: u64,
    entry: EntryFacts,
    stats: SanitizeStats,
    // Output not yet handed out: it waits while a body's fate depends on a status not yet read
    // (keys may come in any order), at most the rest of one response object.
    buf: Vec<u8>,
    hold: Option<usize>,
    pending: Option<(Capture, usize)>,
}

impl Default for HarSanitizer {
    fn default() -> Self {
        HarSanitizer::new()
    }
}

impl HarSanitizer {
    /// A sanitizer at the start of a file.
    pub fn new() -> HarSanitizer {
        HarSanitizer {
            state: State::Value,
            stack: Vec::new(),
            offset: 0,
            str_use: StrUse::Generic,
            esc: Esc::None,
            high_surrogate: None,
            cap: Capture::default(),
            skipping: false,
            skip_depth: 0,
            skip_in_str: false,
            skip_escape: false,
            skip_count: SkipCount::Nothing,
            literal: Vec::new(),
            literal_start: 0,
            entry: EntryFacts::default(),
            stats: SanitizeStats::default(),
            buf: Vec::new(),
            hold: None,
            pending: None,
        }
    }

    /// What was removed so far.
    pub fn stats(&self) -> SanitizeStats {
        self.stats
    }

    /// Reads the next chunk and appends the sanitized output it completes to `out`.
    pub fn push(&mut self, chunk: &[u8], out: &mut Vec<u8>) -> Result<(), SanitizeError> {
        let mut buf = std::mem::take(&mut self.buf);
        let result = self.run(chunk, &mut buf);
        self.buf = buf;
        self.flush(out);
        result
    }

    /// Hands out the output that no pending body waits on.
    fn flush(&mut self, out: &mut Vec<u8>) {
        let ready = self.hold.unwrap_or(self.buf.len());
        out.extend_from_slice(&self.buf[..ready]);
        self.stats.bytes_out += ready as u64;
        self.buf.drain(..ready);
        if self.hold.is_some() {
            self.hold = Some(0);
        }
    }

    /// Ends the input: fails if the JSON is not complete.
    pub fn finish(mut self, out: &mut Vec<u8>) -> Result<SanitizeStats, SanitizeError> {
        if self.state == State::Literal {
            let mut buf = std::mem::take(&mut self.buf);
            self.end_literal(&mut buf)?;
            self.buf = buf;
        }
        self.flush(out);
        match self.state {
            State::End => Ok(self.stats),
            State::Value if self.stack.is_empty() => Err(SanitizeError::Empty),
            _ => Err(SanitizeError::CutShort { at: self.offset }),
        }
    }

    fn error(&self, what: &str) -> SanitizeError {
        SanitizeError::InvalidJson {
            at: self.offset,
            problem: what.to_owned(),
        }
    }

    fn run(&mut self, chunk: &[u8], out: &mut Vec<u8>) -> Result<(), SanitizeError> {
        self.stats.bytes_in += chunk.len() as u64;
        let mut i = 0;
        while i < chunk.len() {
            if self.skipping {
                i += self.skip(&chunk[i..], out)?;
                continue;
            }
            match self.state {
                State::Str => {
                    i += self.string_bytes(&chunk[i..], out)?;
                    continue;
                }
                State::Literal => {
                    let b = chunk[i];
                    if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n') {
                        self.end_literal(out)?;
                        continue; // the delimiter is read in the new state
                    }
                    if self.literal.len() >= 64 {
                        return Err(self.error("a number or literal is too long"));
                    }
                    self.literal.push(b);
                    self.offset += 1;
                    i += 1;
                    continue;
                }
                _ => {}
            }
            let b = chunk[i];
            if matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
                self.offset += 1;
                i += 1;
                continue;
            }
            match self.state {
                State::Value => self.begin_value(b, out)?,
                State::FirstKeyOrEnd | State::Key => {
                    if b == b'"' {
                        self.begin_string(StrUse::Key);
                    } else if b == b'}' && self.state == State::FirstKeyOrEnd {
                        self.close(b'}', out)?;
                    } else {
                        return Err(self.error(&format!("expected a key, found {}", show(b))));
                    }
                }
                State::Colon => {
                    if b != b':' {
                        return Err(self.error(&format!("expected ':', found {}", show(b))));
                    }
                    self.state = State::Value;
                }
                State::Next => {
                    let array = self.stack.last().is_some_and(|f| f.array);
                    match b {
                        b',' => self.state = if array { State::Value } else { State::Key },
                        b']' if array => self.close(b']', out)?,
                        b'}' if !array => self.close(b'}', out)?,
                        _ => {
                            return Err(self.error(&format!(
                                "expected ',' or the end of the {}, found {}",
                                if array { "array" } else { "object" },
                                show(b)
                            )))
                        }
                    }
                }
                State::End => {
                    return Err(
                        self.error(&format!("more data after the end of the HAR: {}", show(b)))
                    )
                }
                State::Str | State::Literal => {}
            }
            self.offset += 1;
            i += 1;
        }
        Ok(())
    }

    /// Whether the innermost container is a pair being collected.
    fn collecting(&self) -> bool {
        self.stack.last().is_some_and(|f| f.pair.is_some())
    }

    /// Writes the comma that precedes a new item of the innermost container, if one is due.
    fn item_prefix(&mut self, out: &mut Vec<u8>) {
        if let Some(f) = self.stack.last_mut() {
            if f.comma {
                out.push(b',');
            }
            f.comma = true;
        }
    }

    /// The frame `n` levels above the innermost (0 is the innermost).
    fn frame(&self, n: usize) -> Option<&Frame> {
        self.stack.len().checked_sub(n + 1).map(|i| &self.stack[i])
    }

    /// The key the value about to start sits under, and its container's key.
    fn slot(&self) -> (Key, Key) {
        match self.stack.last() {
            Some(f) if f.array => (Key::None, f.key),
            Some(f) => (f.member, f.key),
            None => (Key::None, Key::None),
        }
    }

    /// Whether the innermost frame is an element of the `entries` array.
    fn in_entry(&self) -> bool {
        self.stack
            .last()
            .is_some_and(|f| !f.array && f.key == Key::None)
            && self
                .frame(1)
                .is_some_and(|f| f.array && f.key == Key::Entries)
    }

    fn begin_value(&mut self, b: u8, out: &mut Vec<u8>) -> Result<(), SanitizeError> {
        if self.stack.is_empty() && b != b'{' {
            return Err(self.error(&format!(
                "a HAR is a JSON object, this starts with {}",
                show(b)
            )));
        }
        let (member, container) = self.slot();
        let collecting = self.collecting();
        // Values replaced whole: written now, then read without output.
        let replacement: Option<&str> = if collecting {
            None
        } else {
            match (member, container) {
                (Key::Cookies, Key::Request | Key::Response) => {
                    self.skip_count = SkipCount::Cookies { any: false };
                    Some("[]")
                }
                (Key::WsMessages, _) if self.in_entry() => Some("[]"),
                (Key::Text, Key::PostData) => {
                    self.skip_count = SkipCount::RequestBody;
                    Some("\"[removed by chatmedic: request body]\"")
                }
                _ => None,
            }
        };
        if let Some(text) = replacement {
            out.extend_from_slice(text.as_bytes());
            self.skipping = true;
            self.skip_depth = 0;
            self.skip_in_str = false;
            self.skip_escape = false;
            // Re-read this byte in skip mode.
            return self.skip_first(b);
        }
        if collecting {
            // A nested value inside a pair: record it as dropped and skip it.
            match b {
                b'"' => {
                    self.begin_string(StrUse::Pair);
                    return Ok(());
                }
                b'{' | b'[' => {
                    self.record_pair_member(Scalar::Nested);
                    self.skipping = true;
                    self.skip_depth = 0;
                    self.skip_in_str = false;
                    self.skip_escape = false;
                    return self.skip_first(b);
                }
                _ => {
                    self.literal.clear();
                    self.literal.push(b);
                    self.literal_start = self.offset;
                    self.state = State::Literal;
                    return Ok(());
                }
            }
        }
        match b {
            b'{' | b'[' => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err(self.error("nested too deeply"));
                }
                let array = b == b'[';
                // An element of a headers / queryString / params array is collected whole.
                let pair = if !array && member == Key::None {
                    let grand = self.frame(1).map(|f| f.key).unwrap_or(Key::None);
                    match (container, grand) {
                        (Key::Headers, Key::Request) => Some(PairKind::RequestHeader),
                        (Key::Headers, Key::Response) => Some(PairKind::ResponseHeader),
                        (Key::QueryString, Key::Request) => Some(PairKind::Query),
                        (Key::Params, Key::PostData) => Some(PairKind::Param),
                        _ => None,
                    }
                } else {
                    None
                };
                let in_array = self.stack.last().is_some_and(|f| f.array);
                if pair.is_none() {
                    if in_array {
                        self.item_prefix(out);
                    }
                    out.push(b);
                }
                if !array && member == Key::None && container == Key::Entries {
                    self.entry = EntryFacts::default();
                    self.stats.entries += 1;
                }
                if !array && member == Key::Content {
                    self.entry.mime.clear();
                }
                let mut frame = Frame::new(array, if in_array { Key::None } else { member });
                frame.pair = pair.map(|k| (k, Vec::new()));
                self.stack.push(frame);
                self.state = if array {
                    State::Value
                } else {
                    State::FirstKeyOrEnd
                };
                Ok(())
            }
            b']' if self.stack.last().is_some_and(|f| f.array && !f.comma) => self.close(b']', out),
            b'"' => {
                let use_ = match (member, container) {
                    (Key::Url, Key::Request) | (Key::RedirectUrl, Key::Response) => StrUse::Url,
                    (Key::Text, Key::Content) => StrUse::Body,
                    (Key::MimeType, Key::Content) => StrUse::Mime,
                    _ => StrUse::Generic,
                };
                self.begin_string(use_);
                Ok(())
            }
            b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => {
                self.literal.clear();
                self.literal.push(b);
                self.literal_start = self.offset;
                self.state = State::Literal;
                Ok(())
            }
            _ => Err(self.error(&format!("expected a value, found {}", show(b)))),
        }
    }

    fn begin_string(&mut self, use_: StrUse) {
        self.str_use = use_;
        self.esc = Esc::None;
        self.high_surrogate = None;
        let (head, tail) = match use_ {
            StrUse::Key => (256, 0),
            StrUse::Body => (BODY_HEAD, BODY_TAIL),
            StrUse::Pair => (MAX_PAIR_VALUE, 0),
            _ => (MAX_STRING, 0),
        };
        self.cap.reset(head, tail);
        self.state = State::Str;
    }

    /// Reads string bytes; returns how many were consumed (the closing quote included).
    fn string_bytes(&mut self, bytes: &[u8], out: &mut Vec<u8>) -> Result<usize, SanitizeError> {
        let mut i = 0;
        while i < bytes.len() {
            match self.esc {
                Esc::None => {
                    // The fast path: a run of plain bytes.
                    let run = bytes[i..]
                        .iter()
                        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                        .unwrap_or(bytes.len() - i);
                    if run > 0 {
                        self.flush_surrogate();
                        self.cap.push(&bytes[i..i + run]);
                        i += run;
                        self.offset += run as u64;
                        continue;
                    }
                    let b = bytes[i];
                    i += 1;
                    self.offset += 1;
                    match b {
                        b'"' => {
                            self.flush_surrogate();
                            self.end_string(out)?;
                            return Ok(i);
                        }
                        b'\\' => self.esc = Esc::Backslash,
                        _ => return Err(self.error("a control character inside a string")),
                    }
                }
                Esc::Backslash => {
                    let b = bytes[i];
                    i += 1;
                    self.offset += 1;
                    let decoded = match b {
                        b'"' => b'"',
                        b'\\' => b'\\',
                        b'/' => b'/',
                        b'b' => 0x08,
                        b'f' => 0x0c,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'u' => {
                            self.esc = Esc::Unicode(0, 0);
                            continue;
                        }
                        _ => return Err(self.error("an invalid escape in a string")),
                    };
                    self.flush_surrogate();
                    self.cap.push(&[decoded]);
                    self.esc = Esc::None;
                }
                Esc::Unicode(n, acc) => {
                    let b = bytes[i];
                    i += 1;
                    self.offset += 1;
                    let digit = (b as char)
                        .to_digit(16)
                        .ok_or_else(|| self.error("an invalid \\u escape in a string"))?;
                    let acc = acc * 16 + digit;
                    if n < 3 {
                        self.esc = Esc::Unicode(n + 1, acc);
                        continue;
                    }
                    self.esc = Esc::None;
                    self.unicode(acc);
                }
            }
        }
        Ok(i)
    }

    /// Adds a `\uXXXX` code unit, pairing surrogates.
    fn unicode(&mut self, unit: u32) {
        if (0xD800..0xDC00).contains(&unit) {
            self.flush_surrogate();
            self.high_surrogate = Some(unit);
            return;
        }
        let c = if (0xDC00..0xE000).contains(&unit) {
            match self.high_surrogate.take() {
                Some(high) => char::from_u32(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00)),
                None => None,
            }
        } else {
            self.flush_surrogate();
            char::from_u32(unit)
        };
        let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
        let mut buf = [0u8; 4];
        self.cap.push(c.encode_utf8(&mut buf).as_bytes());
    }

    /// A lone high surrogate becomes U+FFFD.
    fn flush_surrogate(&mut self) {
        if self.high_surrogate.take().is_some() {
            let mut buf = [0u8; 4];
            self.cap
                .push(char::REPLACEMENT_CHARACTER.encode_utf8(&mut buf).as_bytes());
        }
    }

    fn end_string(&mut self, out: &mut Vec<u8>) -> Result<(), SanitizeError> {
        match self.str_use {
            StrUse::Key => {
                let name = self.cap.head_str();
                let key = Key::of(name.as_bytes());
                let collecting = self.collecting();
                if !collecting {
                    self.item_prefix(out);
                    write_json_str(out, &name);
                    out.push(b':');
                }
                if let Some(f) = self.stack.last_mut() {
                    f.member = key;
                    if collecting {
                        f.member_name = name;
                    }
                }
                self.state = State::Colon;
                return Ok(());
            }
            StrUse::Pair => {
                let value = Scalar::Str(self.cap.head_str(), self.cap.overflowed());
                self.record_pair_member(value);
            }
            StrUse::Generic => {
                let text = if self.cap.overflowed() {
                    self.stats.strings += 1;
                    "[removed by chatmedic: long value]".to_owned()
                } else {
                    let raw = self.cap.head_str();
                    let (member, container) = self.slot();
                    let clean = if member == Key::Title && container == Key::None {
                        // A page's title is a conversation's title: prompt text.
                        let in_pages = self
                            .frame(1)
                            .is_some_and(|f| f.array && f.key == Key::Pages);
                        if in_pages {
                            REMOVED.to_owned()
                        } else {
                            clean_text(&raw)
                        }
                    } else {
                        clean_text(&raw)
                    };
                    if clean != raw {
                        self.stats.strings += 1;
                    }
                    clean
                };
                self.write_scalar_prefix(out);
                write_json_str(out, &text);
            }
            StrUse::Url => {
                let text = if self.cap.overflowed() {
                    self.stats.strings += 1;
                    "[removed by chatmedic: long URL]".to_owned()
                } else {
                    let raw = self.cap.head_str();
                    if self.slot() == (Key::Url, Key::Request) {
                        self.entry.chat_turn = classify(&raw).role == Role::ChatTurn;
                    }
                    let (clean, removed) = clean_url(&raw);
                    self.stats.query_values += removed;
                    clean
                };
                self.write_scalar_prefix(out);
                write_json_str(out, &text);
            }
            StrUse::Mime => {
                let raw = self.cap.head_str();
                self.entry.mime = raw.to_ascii_lowercase();
                self.write_scalar_prefix(out);
                write_json_str(out, &clean_text(&raw));
            }
            StrUse::Body => {
                self.write_scalar_prefix(out);
                let response_at = self.stack.len().checked_sub(2);
                let in_response = response_at
                    .and_then(|i| self.stack.get(i))
                    .is_some_and(|f| f.key == Key::Response);
                match response_at {
                    Some(at) if in_response && self.entry.status.is_none() => {
                        // The status comes later in this response: wait for it.
                        self.hold = Some(out.len());
                        self.pending = Some((std::mem::take(&mut self.cap), at));
                    }
                    _ => {
                        let cap = std::mem::take(&mut self.cap);
                        let text = self.body_text(&cap);
                        write_json_str(out, &text);
                    }
                }
            }
        }
        self.state = State::Next;
        Ok(())
    }

    /// Writes the comma before a scalar when it is an array element (object members had theirs
    /// written with the key).
    fn write_scalar_prefix(&mut self, out: &mut Vec<u8>) {
        if self.stack.last().is_some_and(|f| f.array) {
            self.item_prefix(out);
        }
    }

    /// What a response body becomes.
    fn body_text(&mut self, cap: &Capture) -> String {
        let total = cap.total;
        if total == 0 {
            return String::new();
        }
        let removed = format!("[removed by chatmedic: {total} bytes]");
        let head = cap.head_str();
        let status = self.entry.status.unwrap_or(0);
        if status >= 400 && !looks_binary(&head) {
            let (mut kept, mut changed) = clean_body(&head);
            if kept.len() > ERROR_BODY_KEPT || cap.overflowed() {
                crate::observation::truncate(&mut kept, ERROR_BODY_KEPT);
                kept.push_str(" [cut by chatmedic]");
                changed = true;
            }
            // An error body kept whole removed nothing.
            if changed {
                self.stats.response_bodies += 1;
            }
            return kept;
        }
        self.stats.response_bodies += 1;
        if looks_binary(&head) {
            return removed;
        }
        let streamed = self.entry.mime.contains("event-stream")
            || self.entry.chat_turn
            || head.starts_with(")]}'");
        if streamed {
            let events = error_events(&cap.tail_str());
            if !events.is_empty() {
                return format!("{removed}\n{events}");
            }
        }
        removed
    }

    /// Writes a body that waited for its status into its place in the output.
    fn settle_body(&mut self, out: &mut Vec<u8>) {
        let (Some((cap, _)), Some(at)) = (self.pending.take(), self.hold.take()) else {
            return;
        };
        let text = self.body_text(&cap);
        let mut json = Vec::with_capacity(text.len() + 2);
        write_json_str(&mut json, &text);
        let at = at.min(out.len());
        out.splice(at..at, json);
    }

    fn record_pair_member(&mut self, value: Scalar) {
        if let Some(f) = self.stack.last_mut() {
            let name = std::mem::take(&mut f.member_name);
            if let Some((_, members)) = f.pair.as_mut() {
                members.push((name, value));
            }
        }
        self.state = State::Next;
    }

    fn end_literal(&mut self, out: &mut Vec<u8>) -> Result<(), SanitizeError> {
        let text = String::from_utf8_lossy(&self.literal).into_owned();
        let valid = matches!(text.as_str(), "true" | "false" | "null")
            || serde_json::from_str::<serde_json::Number>(&text).is_ok();
        if !valid {
            self.offset = self.literal_start;
            return Err(self.error(&format!("not a JSON value: {}", cut_chars(&text, 20))));
        }
        if self.collecting() {
            self.record_pair_member(Scalar::Raw(text));
            return Ok(());
        }
        let is_status = self.slot() == (Key::Status, Key::Response);
        if is_status {
            self.entry.status = text.parse::<f64>().ok().map(|s| s as u16);
        }
        self.write_scalar_prefix(out);
        out.extend_from_slice(text.as_bytes());
        if is_status {
            self.settle_body(out);
        }
        self.state = if self.stack.is_empty() {
            State::End
        } else {
            State::Next
        };
        Ok(())
    }

    fn close(&mut self, b: u8, out: &mut Vec<u8>) -> Result<(), SanitizeError> {
        let Some(frame) = self.stack.pop() else {
            return Err(self.error("a closing bracket with nothing open"));
        };
        if self
            .pending
            .as_ref()
            .is_some_and(|(_, at)| *at == self.stack.len())
        {
            // The response ends without a status: its body is treated as a success's.
            self.settle_body(out);
        }
        if let Some((kind, members)) = frame.pair {
            let rewritten = rewrite_pair(kind, members, &mut self.stats);
            self.item_prefix(out);
            out.extend_from_slice(rewritten.as_bytes());
        } else {
            out.push(b);
        }
        self.state = if self.stack.is_empty() {
            State::End
        } else {
            State::Next
        };
        Ok(())
    }

    /// Starts skipping a value whose first byte is `b` (the replacement is written).
    fn skip_first(&mut self, b: u8) -> Result<(), SanitizeError> {
        match b {
            b'{' | b'[' => self.skip_depth = 1,
            b'"' => self.skip_in_str = true,
            _ => {
                // A scalar literal: skip to its delimiter.
                self.skip_depth = 0;
                self.skip_in_str = false;
                self.literal.clear();
                self.literal.push(b);
                self.skipping = true;
                return Ok(());
            }
        }
        Ok(())
    }

    /// Consumes a skipped value's bytes; returns how many were consumed.
    fn skip(&mut self, bytes: &[u8], _out: &mut Vec<u8>) -> Result<usize, SanitizeError> {
        let mut i = 0;
        while i < bytes.len() {
            if self.skip_in_str {
                if self.skip_escape {
                    self.skip_escape = false;
                    i += 1;
                    continue;
                }
                // The closing quote, 64 bytes at a time past escapes (a removed body is
                // mostly escapes); the state carries into the next chunk.
                let mut search = StringEnd::new(false);
                let end = search.find(&bytes[i..]);
                // A skipped request body counts once it shows a character: `""` removed nothing.
                if self.skip_depth == 0
                    && self.skip_count == SkipCount::RequestBody
                    && end != Some(0)
                {
                    self.stats.request_bodies += 1;
                    self.skip_count = SkipCount::Nothing;
                }
                match end {
                    None => {
                        self.skip_escape = search.escaped();
                        i = bytes.len();
                    }
                    Some(p) => {
                        i += p + 1;
                        self.skip_in_str = false;
                        if self.skip_depth == 0 {
                            self.offset += i as u64;
                            self.end_skip();
                            return Ok(i);
                        }
                    }
                }
                continue;
            }
            if self.skip_depth == 0 {
                // A skipped literal: ends at a delimiter, which is not consumed.
                let b = bytes[i];
                if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n') {
                    self.offset += i as u64;
                    self.end_skip();
                    return Ok(i);
                }
                i += 1;
                continue;
            }
            match bytes[i] {
                b'"' => self.skip_in_str = true,
                b'{' | b'[' => {
                    // Each object directly inside a cookie list is one cookie removed.
                    if self.skip_depth == 1 && bytes[i] == b'{' {
                        if let SkipCount::Cookies { any } = &mut self.skip_count {
                            self.stats.cookies += 1;
                            if !*any {
                                *any = true;
                                self.stats.cookie_lists += 1;
                            }
                        }
                    }
                    self.skip_depth += 1;
                }
                b'}' | b']' => {
                    self.skip_depth -= 1;
                    if self.skip_depth == 0 {
                        i += 1;
                        self.offset += i as u64;
                        self.end_skip();
                        return Ok(i);
                    }
                }
                _ => {}
            }
            i += 1;
        }
        self.offset += i as u64;
        Ok(i)
    }

    fn end_skip(&mut self) {
        self.skipping = false;
        self.skip_count = SkipCount::Nothing;
        self.state = State::Next;
    }
}

/// What removing a skipped value counts as in [`SanitizeStats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SkipCount {
    /// Nothing (WebSocket frames, a nested value in a pair).
    Nothing,
    /// A `cookies` array: each object in it is a cookie; `any` once the first was counted.
    Cookies { any: bool },
    /// `postData.text`: counted when the string is not empty.
    RequestBody,
}

/// Writes `s` as a JSON string.
fn write_json_str(out: &mut Vec<u8>, s: &str) {
    // serde_json escapes exactly what JSON requires; writing to a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

/// A byte for an error message.
fn show(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("'{}'", b as char)
    } else {
        format!("byte 0x{b:02x}")
    }
}

fn cut_chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Header names whose values are credentials or identify the user.
const SECRET_HEADERS: &[&str] = &[
    "cookie",
    "set-cookie",
    "set-cookie2",
    "authorization",
    "proxy-authorization",
    "x-api-key",
    "api-key",
    "x-goog-api-key",
    "x-client-data",
    "x-goog-authuser",
    "openai-organization",
    "openai-project",
    "oai-device-id",
    "x-forwarded-for",
    "x-real-ip",
    "x-user-email",
];

/// Fragments that mark a header or parameter name as a credential.
const SECRET_NAME_PARTS: &[&str] = &[
    "token",
    "auth",
    "key",
    "secret",
    "session",
    "cookie",
    "csrf",
    "xsrf",
    "signature",
    "password",
    "passwd",
    "credential",
    "bearer",
    "jwt",
    "device-id",
    "email",
];

fn secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_HEADERS.contains(&lower.as_str()) || SECRET_NAME_PARTS.iter().any(|p| lower.contains(p))
}

/// Query parameter names whose values are harmless and help support (versions, locales).
const SAFE_QUERY: &[&str] = &[
    "bl",
    "_reqid",
    "rt",
    "hl",
    "api-version",
    "version",
    "v",
    "format",
    "lang",
    "locale",
    "model",
    "stream",
    "limit",
    "offset",
    "order",
    "is_archived",
    "source",
];

/// Whether a query value may stay: a harmless name with a short value, or a number/boolean.
fn keep_query_value(name: &str, value: &str) -> bool {
    if secret_name(name) {
        return false;
    }
    let lower = name.to_ascii_lowercase();
    if SAFE_QUERY.contains(&lower.as_str()) && value.len() <= 64 {
        return true;
    }
    value.is_empty()
        || (value.len() <= 20 && value.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
        || matches!(value, "true" | "false")
}

/// A URL with its query values removed (harmless ones excepted), its fragment and user info
/// dropped, and the rest redacted. Returns the URL and how many values it removed.
pub fn clean_url(url: &str) -> (String, u64) {
    let without_fragment = url.split('#').next().unwrap_or(url);
    let (base, query) = match without_fragment.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (without_fragment, None),
    };
    // user:password@host
    let base = match base.find("://") {
        Some(s) => {
            let rest = &base[s + 3..];
            let auth_end = rest.find('/').unwrap_or(rest.len());
            match rest[..auth_end].rfind('@') {
                Some(at) => format!("{}{}", &base[..s + 3], &rest[at + 1..]),
                None => base.to_owned(),
            }
        }
        None => base.to_owned(),
    };
    let mut out = redact(&base).into_owned();
    let mut removed = 0;
    if let Some(q) = query {
        out.push('?');
        for (n, pair) in q.split('&').enumerate() {
            if n > 0 {
                out.push('&');
            }
            match pair.split_once('=') {
                Some((name, value)) => {
                    out.push_str(&redact(name));
                    out.push('=');
                    if keep_query_value(&percent_decode(name), &percent_decode(value)) {
                        out.push_str(value);
                    } else {
                        out.push_str(REMOVED_IN_URL);
                        removed += 1;
                    }
                }
                None => out.push_str(&redact(pair)),
            }
        }
    }
    (out, removed)
}

/// Decodes `%XX` and `+` (enough to judge a query value; invalid sequences stay as they are).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(v) => {
                        out.push(v);
                        i += 3;
                    }
                    Err(_) => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether a string is too short and plain to hold anything [`crate::redact::redact`] removes:
/// at most 24 bytes of letters, digits and `._/-` (no space, `:`, `=`, `@`, quote or non-ASCII).
/// Every secret redact knows needs more: a separator (`name=value`, `Cookie: …`, `Bearer …`), an
/// `@`, or a run of 32 characters (tokens) or more (keys, JWTs). Most strings in a HAR are such
/// short words (`GET`, `h2`, `fetch`, `application/json`), and skipping them keeps the sanitizer
/// fast.
fn plain_word(s: &str) -> bool {
    s.len() <= 24
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'/' | b'-'))
}

/// [`crate::redact::redact`], skipping strings that cannot hold a secret.
fn redact(s: &str) -> std::borrow::Cow<'_, str> {
    if plain_word(s) {
        std::borrow::Cow::Borrowed(s)
    } else {
        crate::redact::redact(s)
    }
}

/// A free-text value with secrets removed: URLs lose their query values, everything goes
/// through [`crate::redact::redact`].
fn clean_text(s: &str) -> String {
    let t = s.trim_start();
    if ["http://", "https://", "ws://", "wss://"]
        .iter()
        .any(|p| t.starts_with(p))
        && !t.contains(char::is_whitespace)
    {
        return clean_url(s).0;
    }
    redact(s).into_owned()
}

/// JSON fields that carry what a person wrote or was answered: removed from kept bodies.
const PROMPT_FIELDS: &[&str] = &[
    "content",
    "text",
    "parts",
    "prompt",
    "messages",
    "input",
    "query",
    "completion",
    "output",
    "title",
    "answer",
    "attachments",
    "files",
    "system",
    "instructions",
    "delta",
    "choices",
    "email",
    "name",
    "user",
];

/// Removes prompt-carrying fields (at any depth) from a JSON value.
fn scrub_json(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, val) in map.iter_mut() {
                let lower = k.to_ascii_lowercase();
                // `error.type`, `error.code`, `error.message` stay: they are the diagnosis.
                let prompt = PROMPT_FIELDS.contains(&lower.as_str()) && !val.is_null();
                if prompt || (secret_name(&lower) && val.is_string()) {
                    *val = serde_json::Value::String(REMOVED.to_owned());
                } else {
                    scrub_json(val);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(scrub_json),
        serde_json::Value::String(s) => {
            let clean = clean_text(s);
            if clean != *s {
                *s = clean;
            }
        }
        _ => {}
    }
}

/// An error body to keep: JSON loses its prompt fields, anything else is redacted.
fn clean_body(head: &str) -> (String, bool) {
    if let Ok(mut v) = serde_json::from_str::<serde_json::Value>(head.trim()) {
        let before = v.clone();
        scrub_json(&mut v);
        let changed = v != before;
        return (serde_json::to_string(&v).unwrap_or_default(), changed);
    }
    match redact(head) {
        std::borrow::Cow::Borrowed(same) => (same.to_owned(), false),
        std::borrow::Cow::Owned(clean) => (clean, true),
    }
}

/// Whether a body start looks like binary or base64 rather than text.
fn looks_binary(head: &str) -> bool {
    let sample: Vec<char> = head.chars().take(512).collect();
    if sample.is_empty() {
        return false;
    }
    let replacement = sample.iter().filter(|&&c| c == '\u{FFFD}').count();
    if replacement * 10 > sample.len() {
        return true;
    }
    // Long runs of base64 without a space, a brace or punctuation are an encoded body.
    sample.len() >= 256
        && sample
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
}

/// The error events of a streamed reply's tail, one per line, with prompt fields removed: SSE
/// `event: error` lines and `data:` lines whose JSON says error or exceeded limit, and Gemini's
/// error-code frames.
fn error_events(tail: &str) -> String {
    let mut kept: Vec<String> = Vec::new();
    for line in tail.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if t == "event: error" || t == "event:error" {
            kept.push("event: error".to_owned());
            continue;
        }
        let payload = t.strip_prefix("data:").map(str::trim).unwrap_or(t);
        if let Ok(mut v) = serde_json::from_str::<serde_json::Value>(payload) {
            let is_error = match &v {
                serde_json::Value::Object(m) => {
                    m.get("error").is_some_and(|e| !e.is_null())
                        || m.get("type").and_then(|t| t.as_str()) == Some("error")
                        || payload.contains("exceeded_limit")
                }
                serde_json::Value::Array(_) => {
                    payload.contains("wrb.fr") && crate::rules::gemini_error_code(payload).is_some()
                }
                _ => false,
            };
            if !is_error {
                continue;
            }
            let gemini = matches!(v, serde_json::Value::Array(_));
            if !gemini {
                scrub_json(&mut v);
            }
            let mut s = if gemini {
                gemini_error_frame(payload)
            } else {
                serde_json::to_string(&v).unwrap_or_default()
            };
            crate::observation::truncate(&mut s, MAX_EVENT_LINE);
            let prefix = if t.starts_with("data:") { "data: " } else { "" };
            kept.push(format!("{prefix}{s}"));
        }
    }
    kept.join("\n")
}

/// A Gemini error frame reduced to the code the rules read (the frame may also carry text).
fn gemini_error_frame(payload: &str) -> String {
    match crate::rules::gemini_error_code(payload) {
        Some(code) => format!("[[\"wrb.fr\",null,null,null,null,[{code}]]]"),
        None => String::new(),
    }
}

/// Rewrites a collected `{name, value}` object and returns its JSON.
fn rewrite_pair(
    kind: PairKind,
    members: Vec<(String, Scalar)>,
    stats: &mut SanitizeStats,
) -> String {
    let name = members
        .iter()
        .find_map(|(k, v)| match (k.as_str(), v) {
            ("name", Scalar::Str(s, _)) => Some(s.clone()),
            _ => None,
        })
        .unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    let mut out = Vec::with_capacity(64);
    out.push(b'{');
    let mut first = true;
    for (key, value) in members {
        let text: Option<String> = match (key.as_str(), value) {
            (_, Scalar::Nested) => None,
            ("name", Scalar::Str(s, long)) => Some(if long {
                REMOVED.to_owned()
            } else {
                redact(&s).into_owned()
            }),
            ("value", Scalar::Str(s, long)) => Some(pair_value(kind, &lower, &s, long, stats)),
            ("fileName", Scalar::Str(_, _)) => Some(REMOVED.to_owned()),
            (_, Scalar::Str(s, long)) => Some(if long {
                REMOVED.to_owned()
            } else {
                clean_text(&s)
            }),
            (_, Scalar::Raw(r)) => {
                if !first {
                    out.push(b',');
                }
                first = false;
                write_json_str(&mut out, &key);
                out.push(b':');
                out.extend_from_slice(r.as_bytes());
                continue;
            }
        };
        if let Some(text) = text {
            if !first {
                out.push(b',');
            }
            first = false;
            write_json_str(&mut out, &key);
            out.push(b':');
            write_json_str(&mut out, &text);
        }
    }
    out.push(b'}');
    String::from_utf8_lossy(&out).into_owned()
}

/// The value a header, query or form pair keeps.
fn pair_value(
    kind: PairKind,
    name: &str,
    value: &str,
    long: bool,
    stats: &mut SanitizeStats,
) -> String {
    // An empty value holds nothing to remove, and counts as nothing removed.
    if value.is_empty() && !long {
        return String::new();
    }
    match kind {
        PairKind::RequestHeader | PairKind::ResponseHeader => {
            let kept = crate::observation::is_kept_header(name);
            if SECRET_HEADERS.contains(&name) || (!kept && secret_name(name)) {
                stats.headers += 1;
                return REMOVED.to_owned();
            }
            if long {
                stats.headers += 1;
                return REMOVED.to_owned();
            }
            // HTTP/2's `:path` carries the query string as the URL does.
            if matches!(
                name,
                "referer" | "origin" | "location" | "content-location" | ":path"
            ) {
                let (clean, removed) = clean_url(value);
                stats.query_values += removed;
                return clean;
            }
            clean_text(value)
        }
        PairKind::Query => {
            let decoded = value;
            if !long && keep_query_value(name, decoded) {
                decoded.to_owned()
            } else {
                stats.query_values += 1;
                REMOVED.to_owned()
            }
        }
        PairKind::Param => {
            stats.request_bodies += 1;
            REMOVED.to_owned()
        }
    }
}

/// Sanitizes a whole HAR from a reader into a writer, streaming, in 64 KiB chunks.
pub fn sanitize<R: Read, W: Write>(
    mut reader: R,
    mut writer: W,
) -> Result<SanitizeStats, crate::Error> {
    let mut s = HarSanitizer::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut out = Vec::with_capacity(1 << 16);
    loop {
        let n = reader
            .read(&mut buf)
            .map_err(|e| SanitizeError::Read(e.to_string()))?;
        if n == 0 {
            break;
        }
        s.push(&buf[..n], &mut out)?;
        writer
            .write_all(&out)
            .map_err(|e| SanitizeError::Write(e.to_string()))?;
        out.clear();
    }
    let stats = s.finish(&mut out)?;
    writer
        .write_all(&out)
        .map_err(|e| SanitizeError::Write(e.to_string()))?;
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Chrome-shaped HAR with a secret planted in every place one can hide.
    fn planted() -> String {
        let long_reply = "The assistant reply about my-secret-project. ".repeat(2000);
        serde_json::json!({
          "log": {
            "version": "1.2",
            "creator": {"name": "WebInspector", "version": "537.36"},
            "pages": [{"id": "page_1", "title": "Plan for my-secret-project - ChatGPT", "startedDateTime": "2026-01-01T00:00:00Z"}],
            "entries": [
              {
                "startedDateTime": "2026-01-01T00:00:01Z",
                "time": 120.5,
                "request": {
                  "method": "POST",
                  "url": "https://chatgpt.com/backend-api/f/conversation?access_token=tok-in-url-123&v=2#frag-secret",
                  "httpVersion": "HTTP/2",
                  "headers": [
                    {"name": "Authorization", "value": "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXNlY3JldA"},
                    {"name": "Cookie", "value": "__Secure-next-auth.session-token=cookie-secret-abc"},
                    {"name": "openai-sentinel-chat-requirements-token", "value": "sentinel-secret-xyz"},
                    {"name": "Referer", "value": "https://chatgpt.com/c/123?code=oauth-code-secret"},
                    {"name": "accept", "value": "text/event-stream"}
                  ],
                  "cookies": [{"name": "__Secure-next-auth.session-token", "value": "cookie-secret-abc"}],
                  "queryString": [{"name": "access_token", "value": "tok-in-url-123"}, {"name": "v", "value": "2"}],
                  "postData": {"mimeType": "application/json", "text": "{\"messages\":[{\"content\":{\"parts\":[\"my prompt about my-secret-project\"]}}]}"},
                  "headersSize": -1, "bodySize": 90
                },
                "response": {
                  "status": 200, "statusText": "OK", "httpVersion": "HTTP/2",
                  "headers": [
                    {"name": "set-cookie", "value": "__cf_bm=cf-cookie-secret; path=/"},
                    {"name": "content-type", "value": "text/event-stream"},
                    {"name": "cf-ray", "value": "8f1e2d3c4b5a6978-FRA"},
                    {"name": "x-ratelimit-remaining-tokens", "value": "4000"}
                  ],
                  "cookies": [{"name": "__cf_bm", "value": "cf-cookie-secret"}],
                  "content": {"size": 9, "mimeType": "text/event-stream",
                     "text": format!("data: {{\"message\":{{\"content\":{{\"parts\":[\"{long_reply}\"]}}}},\"error\":null}}\n\ndata: {{\"error\":\"Something went wrong\",\"message\":{{\"content\":\"partial reply my-secret-project\"}}}}\n\ndata: [DONE]\n")},
                  "redirectURL": "", "headersSize": -1, "bodySize": -1
                },
                "cache": {}, "timings": {"send": 1, "wait": 100, "receive": 19.5},
                "_webSocketMessages": [{"type": "send", "time": 1.0, "opcode": 1, "data": "ws prompt my-secret-project"}]
              },
              {
                "startedDateTime": "2026-01-01T00:00:02Z", "time": 50,
                "request": {"method": "POST", "url": "https://api.anthropic.com/v1/messages", "httpVersion": "HTTP/2",
                  "headers": [{"name": "x-api-key", "value": "sk-ant-api03-planted-key-value"}],
                  "cookies": [], "queryString": [],
                  "postData": {"mimeType": "application/x-www-form-urlencoded", "params": [{"name": "prompt", "value": "form prompt my-secret-project"}]},
                  "headersSize": -1, "bodySize": 10},
                "response": {"status": 529, "statusText": "", "httpVersion": "HTTP/2",
                  "headers": [{"name": "retry-after", "value": "30"}], "cookies": [],
                  "content": {"size": 80, "mimeType": "application/json",
                     "text": "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},\"prompt\":\"echoed my-secret-project\"}"},
                  "redirectURL": "", "headersSize": -1, "bodySize": -1},
                "cache": {}, "timings": {"send": 1, "wait": 40, "receive": 9}
              }
            ]
          }
        })
        .to_string()
    }

    fn run_chunked(input: &[u8], chunk: usize) -> Result<(String, SanitizeStats), SanitizeError> {
        let mut s = HarSanitizer::new();
        let mut out = Vec::new();
        for c in input.chunks(chunk.max(1)) {
            s.push(c, &mut out)?;
        }
        let stats = s.finish(&mut out)?;
        Ok((String::from_utf8(out).expect("utf-8 output"), stats))
    }

    #[test]
    fn planted_secrets_are_gone_and_the_rest_stays() {
        let input = planted();
        let (out, stats) = run_chunked(input.as_bytes(), 1 << 16).expect("sanitizes");
        for secret in [
            "tok-in-url-123",
            "frag-secret",
            "c2lnbmF0dXJlLXNlY3JldA",
            "cookie-secret-abc",
            "sentinel-secret-xyz",
            "oauth-code-secret",
            "cf-cookie-secret",
            "my-secret-project",
            "sk-ant-api03-planted-key-value",
        ] {
            assert!(!out.contains(secret), "{secret} leaked:\n{out}");
        }
        let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON out");
        let e0 = &v["log"]["entries"][0];
        assert_eq!(e0["request"]["method"], "POST");
        assert_eq!(
            e0["request"]["url"],
            "https://chatgpt.com/backend-api/f/conversation?access_token=REDACTED&v=2"
        );
        assert_eq!(e0["request"]["cookies"], serde_json::json!([]));
        assert_eq!(e0["response"]["status"], 200);
        assert_eq!(
            e0["response"]["headers"][2]["value"],
            "8f1e2d3c4b5a6978-FRA"
        );
        assert_eq!(e0["response"]["headers"][3]["value"], "4000");
        assert_eq!(e0["request"]["headers"][4]["value"], "text/event-stream");
        assert_eq!(e0["request"]["queryString"][1]["value"], "2");
        assert_eq!(e0["timings"]["receive"], 19.5);
        assert_eq!(e0["_webSocketMessages"], serde_json::json!([]));
        // The stream keeps its error event, not its reply.
        let body = e0["response"]["content"]["text"].as_str().expect("text");
        assert!(body.contains("Something went wrong"), "{body}");
        assert!(!body.contains("\"error\":null"), "{body}");
        let e1 = &v["log"]["entries"][1];
        let err = e1["response"]["content"]["text"].as_str().expect("text");
        assert!(err.contains("overloaded_error"), "{err}");
        assert_eq!(e1["response"]["headers"][0]["value"], "30");
        assert_eq!(stats.entries, 2);
        // Two of the four lists are empty: only the two that held a cookie count.
        assert_eq!(stats.cookie_lists, 2);
        assert_eq!(stats.cookies, 2);
        assert!(stats.headers >= 5, "{stats:?}");
        assert_eq!(stats.bytes_in, input.len() as u64);
        assert_eq!(stats.bytes_out, out.len() as u64);
    }

    #[test]
    fn only_what_was_removed_is_counted() {
        // A HAR without cookies, credentials, bodies or query values (the shape DevTools
        // writes for plain GETs): nothing is removed, so nothing is counted.
        let clean = r#"{"log":{"version":"1.2","entries":[
            {"request":{"method":"GET","url":"https://example.test/a","headers":[{"name":"accept","value":"*/*"},{"name":"cookie","value":""}],"cookies":[],"queryString":[],"postData":{"mimeType":"text/plain","text":""}},
             "response":{"status":404,"headers":[],"cookies":[],"content":{"size":9,"mimeType":"text/plain","text":"Not Found"}}},
            {"request":{"method":"GET","url":"https://example.test/b","headers":[],"cookies":[],"queryString":[]},
             "response":{"status":204,"headers":[],"cookies":[],"content":{"size":0,"text":""}}}
        ]}}"#;
        for chunk in [1, 3, 64, 1 << 16] {
            let (_, stats) = run_chunked(clean.as_bytes(), chunk).expect("sanitizes");
            assert_eq!(stats.entries, 2);
            let removed = SanitizeStats {
                bytes_in: 0,
                bytes_out: 0,
                entries: 0,
                ..stats
            };
            assert_eq!(
                removed,
                SanitizeStats::default(),
                "chunk {chunk}: {stats:?}"
            );
        }
        // Two cookies in one list, one in another, an empty list, a body, a key.
        let dirty = r#"{"log":{"entries":[
            {"request":{"method":"POST","url":"https://x.test/","headers":[{"name":"authorization","value":"Bearer abcdefghijklmnopqrstuvwxyz"}],
              "cookies":[{"name":"a","value":"1"},{"name":"b","value":"2"}],"postData":{"text":"\"hi\""}},
             "response":{"status":200,"cookies":[{"name":"c","value":"3"}],"content":{"text":"ok"}}},
            {"request":{"method":"GET","url":"https://x.test/","cookies":[]},"response":{"status":200,"cookies":[]}}
        ]}}"#;
        for chunk in [1, 2, 5, 1 << 16] {
            let (_, stats) = run_chunked(dirty.as_bytes(), chunk).expect("sanitizes");
            assert_eq!(stats.cookie_lists, 2, "chunk {chunk}");
            assert_eq!(stats.cookies, 3, "chunk {chunk}");
            assert_eq!(stats.headers, 1, "chunk {chunk}");
            assert_eq!(stats.request_bodies, 1, "chunk {chunk}");
            assert_eq!(stats.response_bodies, 1, "chunk {chunk}");
        }
    }

    #[test]
    fn chunk_boundaries_do_not_matter() {
        let input = planted();
        let (whole, _) = run_chunked(input.as_bytes(), input.len()).expect("whole");
        for chunk in [1, 2, 3, 7, 64, 1000] {
            let (out, _) = run_chunked(input.as_bytes(), chunk).expect("chunked");
            assert_eq!(out, whole, "chunk size {chunk}");
        }
    }

    #[test]
    fn escapes_are_decoded_before_judging() {
        // \u0073k- spells "sk-"; an escaped quote inside a skipped body must not end it early.
        let input = r#"{"log":{"entries":[{"request":{"method":"GET","url":"https://x.test/?q=1","headers":[{"name":"Au\u0074horization","value":"Basic dXNlcjpwYXNz"}],"cookies":[{"name":"a\"]}","value":"b"}]},"response":{"status":200,"content":{"text":"he said \"hi\" \\ and \ud83d\ude00 left"}}}]}}"#;
        let (out, _) = run_chunked(input.as_bytes(), 5).expect("sanitizes");
        assert!(!out.contains("dXNlcjpwYXNz"), "{out}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(
            v["log"]["entries"][0]["request"]["cookies"],
            serde_json::json!([])
        );
        assert!(v["log"]["entries"][0]["response"]["content"]["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("[removed by chatmedic")));
    }

    #[test]
    fn firefox_shape_and_error_bodies() {
        let input = serde_json::json!({"log": {"version": "1.2", "creator": {"name": "Firefox", "version": "128.0"},
          "entries": [{"pageref": "page_1", "startedDateTime": "2026", "request": {"bodySize": 0, "method": "GET",
            "url": "https://claude.ai/api/organizations/abc/chat_conversations", "httpVersion": "HTTP/2",
            "headers": [{"name": "Cookie", "value": "sessionKey=sk-ant-sid01-secretvalue"}],
            "cookies": [{"name": "sessionKey", "value": "sk-ant-sid01-secretvalue"}], "queryString": [], "headersSize": 100},
           "response": {"status": 403, "statusText": "Forbidden", "httpVersion": "HTTP/2",
            "headers": [{"name": "cf-mitigated", "value": "challenge"}, {"name": "server", "value": "cloudflare"}],
            "cookies": [], "content": {"mimeType": "text/html", "size": 30, "text": "<html><title>Just a moment...</title></html>"},
            "redirectURL": "", "headersSize": 10, "bodySize": 30}, "cache": {}, "timings": {"blocked": -1, "wait": 5}, "time": 5}]}})
        .to_string();
        let (out, _) = run_chunked(input.as_bytes(), 13).expect("sanitizes");
        assert!(!out.contains("secretvalue"), "{out}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        let r = &v["log"]["entries"][0]["response"];
        assert_eq!(r["headers"][0]["value"], "challenge");
        assert!(r["content"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("Just a moment")));
    }

    #[test]
    fn long_bodies_are_bounded_and_binary_removed() {
        let big = "server error, ".repeat(200_000);
        let input = format!(
            r#"{{"log":{{"entries":[{{"request":{{"url":"https://a.test/"}},"response":{{"status":500,"content":{{"text":"{big}"}}}}}},{{"response":{{"status":200,"content":{{"mimeType":"image/png","text":"{}","encoding":"base64"}}}}}}]}}}}"#,
            "QUJD".repeat(1000)
        );
        let (out, stats) = run_chunked(input.as_bytes(), 1 << 16).expect("sanitizes");
        assert!(out.len() < 4000, "{}", out.len());
        assert!(out.contains("[cut by chatmedic]"));
        assert!(!out.contains("QUJDQUJD"));
        assert_eq!(stats.response_bodies, 2);
    }

    #[test]
    fn malformed_input_gets_one_clear_line() {
        let cases: [(&[u8], &str); 5] = [
            (b"", "empty"),
            (b"[1,2]", "JSON object"),
            (b"{\"log\":{\"entries\":[", "ends early"),
            (b"{\"log\": nope}", "byte 8"),
            (b"{\"a\":1} x", "after the end"),
        ];
        for (input, want) in cases {
            let err = run_chunked(input, 3).expect_err("must fail");
            let message = err.to_string();
            assert!(message.contains(want), "{:?}: {}", input, message);
            assert!(!message.contains('\n'));
        }
    }

    #[test]
    fn free_text_secrets_go_through_redact() {
        let input = serde_json::json!({"log": {"comment": "sent by dana.meier@example.org", "entries": [{
            "request": {"method": "GET", "url": "https://api.openai.com/v1/models"},
            "response": {"status": 401, "content": {"mimeType": "application/json",
                "text": "{\"error\":{\"message\":\"Incorrect API key provided: sk-proj-AbCdEf0123456789AbCdEf0123456789 for dana.meier@example.org\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"}},
            "_initiator": {"url": "https://chatgpt.com/c/x?session=abc123def456"}}]}})
        .to_string();
        let (out, _) = run_chunked(input.as_bytes(), 11).expect("sanitizes");
        assert!(!out.contains("dana.meier"), "{out}");
        assert!(!out.contains("AbCdEf0123456789AbCdEf0123456789"), "{out}");
        assert!(!out.contains("abc123def456"), "{out}");
        assert!(out.contains("invalid_api_key"), "{out}");
    }

    #[test]
    fn the_plain_word_shortcut_never_skips_a_secret() {
        for secret in [
            "Bearer abc123def",
            "token=abc",
            "a@b.co",
            "session: x1y2z3",
            "sk-proj-AbCdEf0123456789AbCdEf0123456789",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXNlY3JldA",
            "ghp_AbCdEf0123456789AbCdEf0123456789abcd",
        ] {
            assert!(!plain_word(secret), "{secret}");
        }
        for word in [
            "GET",
            "h2",
            "application/json",
            "page_1",
            "203.0.113.10",
            "HTTP/2",
        ] {
            assert!(plain_word(word), "{word}");
            assert_eq!(
                crate::redact::redact(word),
                word,
                "redact leaves {word} alone"
            );
        }
    }

    #[test]
    fn urls_keep_harmless_values_only() {
        let (url, n) = clean_url("https://user:pw@gemini.google.com/_/x/StreamGenerate?bl=boq_123&f.sid=-123456789012&_reqid=42&rt=c&q=hello+world#x");
        assert_eq!(
            url,
            "https://gemini.google.com/_/x/StreamGenerate?bl=boq_123&f.sid=REDACTED&_reqid=42&rt=c&q=REDACTED"
        );
        assert_eq!(n, 2);
    }

    #[test]
    fn gemini_error_frames_are_kept_as_codes() {
        let body =
            ")]}'\n\n120\n[[\"wrb.fr\",null,null,null,null,[1037],\"my secret prompt text\"]]\n";
        let input = serde_json::json!({"log": {"entries": [{"request": {"url": "https://gemini.google.com/_/BardChatUi/data/assistant.lamda.BardFrontendService/StreamGenerate?bl=x"},
            "response": {"status": 200, "content": {"mimeType": "application/json", "text": body}}}]}})
        .to_string();
        let (out, _) = run_chunked(input.as_bytes(), 17).expect("sanitizes");
        assert!(!out.contains("secret prompt"), "{out}");
        assert!(out.contains("[1037]"), "{out}");
    }

    #[test]
    fn the_reader_api_streams() {
        let input = planted();
        let mut out = Vec::new();
        let stats = sanitize(input.as_bytes(), &mut out).expect("sanitizes");
        assert_eq!(stats.bytes_out, out.len() as u64);
        assert!(sanitize(&b"{\"log\""[..], &mut Vec::new()).is_err());
    }

    // proptest is a native dev-dependency only.
    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        fn json_value() -> impl Strategy<Value = serde_json::Value> {
            let leaf = prop_oneof![
                Just(serde_json::Value::Null),
                any::<bool>().prop_map(serde_json::Value::Bool),
                any::<i32>().prop_map(|n| serde_json::json!(n)),
                "[ -~\\u{e9}\\u{1F600}\"\\\\]{0,20}".prop_map(serde_json::Value::String),
            ];
            leaf.prop_recursive(4, 32, 6, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::Array),
                    prop::collection::vec(
                        (
                            prop_oneof![
                                Just("headers".to_owned()),
                                Just("cookies".to_owned()),
                                Just("text".to_owned()),
                                Just("status".to_owned()),
                                Just("url".to_owned()),
                                Just("name".to_owned()),
                                Just("value".to_owned()),
                                "[a-z]{1,6}"
                            ],
                            inner
                        ),
                        0..5
                    )
                    .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
                ]
            })
        }

        proptest! {
            #[test]
            fn any_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400), chunk in 1usize..50) {
                let _ = run_chunked(&bytes, chunk);
            }

            #[test]
            fn any_json_gives_valid_json_whatever_the_chunks(v in json_value(), chunk in 1usize..40) {
                let har = serde_json::json!({"log": {"entries": [{"request": v.clone(), "response": v}]}}).to_string();
                let (out, _) = run_chunked(har.as_bytes(), chunk).expect("valid JSON is sanitized");
                prop_assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok(), "{}", out);
                let (whole, _) = run_chunked(har.as_bytes(), har.len()).expect("whole");
                prop_assert_eq!(out, whole);
            }
        }
    }
}
