//! The fast entry reader.
//!
//! An entry read without serde, when it is plainly shaped: serde_json's general machinery costs
//! more than half the time of a large HAR, and most entries are the same few shapes.
//!
//! The reader walks the entry once, checking it is JSON at least as strictly as serde_json does
//! (it accepts less: escaped keys, non-objects where the typed structs also take arrays, deep
//! nesting, invalid UTF-8 even in strings serde would skip unread), and notes where the fields
//! [`Entry`] declares lie. Those few values are then read exactly as serde reads them (serde
//! itself reads numbers and escaped strings). Anything it is unsure of gives `None`, and serde
//! reads the entry instead: the result, and every error message, is then serde's.

use std::borrow::Cow;

use super::{Content, Entry, KeptHeaders, Loose, PostData, Raw, Request, Response};

/// Nesting deeper than this is left to serde (whose limit is 128).
const MAX_NESTING: u32 = 100;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Reads the entry that starts at `bytes[0]` (a `{`); returns it and its length.
pub(super) fn entry(bytes: &[u8]) -> Option<(Entry<'_>, usize)> {
    entry_or_end(bytes).ok()
}

/// [`entry`], or why not: `Err(true)` when the bytes ended first (the entry may go on past
/// them; no JSON reader can tell more from these bytes), `Err(false)` when the reader is
/// unsure of what it read.
pub(super) fn entry_or_end(bytes: &[u8]) -> Result<(Entry<'_>, usize), bool> {
    let mut c = Cursor { b: bytes, i: 0 };
    match c.entry() {
        Some(e) => Ok((e, c.i)),
        // Every read fails within a few bytes of where the input ends (a literal, a `\u`
        // escape, an 8-byte word), never further back.
        None => Err(c.i + 8 >= bytes.len()),
    }
}

/// The high bit of each byte of `v` that equals `c`, exactly (no flag from a neighbour's
/// borrow, unlike the shorter test).
fn eq_mask(v: u64, c: u8) -> u64 {
    let t = v ^ (ONES * u64::from(c));
    !(((t & !HIGHS) + !HIGHS) | t) & HIGHS
}

/// The high bit of each byte of `v` below 0x20 (a control character), exactly.
fn control_mask(v: u64) -> u64 {
    !(((v & !HIGHS) + ONES * 0x60) | v) & HIGHS
}

/// The length of the escape whose backslash is at `b[k]`; None for an escape serde_json
/// rejects.
#[inline(always)]
fn escape_len(b: &[u8], k: usize) -> Option<usize> {
    match *b.get(k + 1)? {
        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Some(2),
        b'u' => b
            .get(k + 2..k + 6)?
            .iter()
            .all(u8::is_ascii_hexdigit)
            .then_some(6),
        _ => None,
    }
}

/// A value's bytes, from its first byte to just after its last.
type Span = (usize, usize);

/// A place in an entry's bytes. Every method reads one piece of JSON at the cursor and
/// returns None where serde_json might judge differently.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn word(&self) -> Option<u64> {
        let w: [u8; 8] = self.b.get(self.i..self.i + 8)?.try_into().ok()?;
        Some(u64::from_le_bytes(w))
    }

    /// Skips JSON whitespace; indentation eight spaces at a time.
    fn ws(&mut self) {
        loop {
            match self.peek() {
                Some(b' ') => {
                    // The run of spaces, up to eight at a time.
                    let run = self.word().map_or(1, |v| {
                        ((v ^ (ONES * u64::from(b' '))).trailing_zeros() / 8) as usize
                    });
                    self.i += run.max(1);
                }
                Some(b'\n' | b'\r' | b'\t') => self.i += 1,
                _ => return,
            }
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.i += 1)
    }

    /// A string at the cursor: its span (quotes included) and whether it holds an escape.
    /// Fails on what serde_json fails on (a control character, a bad escape) and on invalid
    /// UTF-8 (serde_json lets that pass in a string it skips; serde decides then).
    ///
    /// Bodies are most of a HAR's bytes, and a streamed reply's body has an escape every few
    /// bytes (`\"` around each SSE line's JSON keys, `\n` between lines): the string is read
    /// eight bytes at a time with an exact mask of the bytes that matter, and every hit in
    /// a word is handled without leaving it.
    fn string(&mut self) -> Option<(Span, bool)> {
        let start = self.i;
        self.eat(b'"')?;
        let b = self.b;
        let mut i = self.i;
        let mut escaped = false;
        let mut ascii = true;
        loop {
            let Some(w) = b.get(i..i + 8) else {
                // The last few bytes, one at a time.
                let c = *b.get(i)?;
                match c {
                    b'"' => {
                        i += 1;
                        break;
                    }
                    b'\\' => {
                        escaped = true;
                        i += escape_len(b, i)?;
                    }
                    0..=0x1F => return None,
                    0x80.. => {
                        ascii = false;
                        i += 1;
                    }
                    _ => i += 1,
                }
                continue;
            };
            let mut word = [0u8; 8];
            word.copy_from_slice(w);
            let v = u64::from_le_bytes(word);
            // Most words of a body hold nothing that matters (base64, scripts): a cheaper
            // test, whose only false flags sit above a true one, passes over them.
            let q = v ^ (ONES * u64::from(b'"'));
            let s = v ^ (ONES * u64::from(b'\\'));
            let any = ((q.wrapping_sub(ONES) & !q)
                | (s.wrapping_sub(ONES) & !s)
                | (v.wrapping_sub(ONES * 0x20) & !v)
                | (v & if ascii { HIGHS } else { 0 }))
                & HIGHS;
            if any == 0 {
                i += 8;
                continue;
            }
            let mut hits = eq_mask(v, b'"') | eq_mask(v, b'\\') | control_mask(v);
            if ascii {
                hits |= v & HIGHS;
            }
            // Where the next word starts: past this one, or past an escape that runs on.
            let mut next = i + 8;
            let mut done = false;
            while hits != 0 {
                let k = i + (hits.trailing_zeros() / 8) as usize;
                match b.get(k).copied()? {
                    b'"' => {
                        next = k + 1;
                        done = true;
                        break;
                    }
                    b'\\' => {
                        escaped = true;
                        let after = k + escape_len(b, k)?;
                        if after >= i + 8 {
                            next = after;
                            break;
                        }
                        // Drop the hits the escape covers (its `\"`, `\\`).
                        hits &= !0u64 << ((after - i) * 8);
                    }
                    0x80.. => {
                        // From here the whole string is checked as UTF-8 at its end.
                        ascii = false;
                        hits &= !(v & HIGHS);
                    }
                    _ => return None,
                }
            }
            i = next;
            if done {
                break;
            }
        }
        self.i = i;
        if !ascii {
            std::str::from_utf8(self.b.get(start + 1..self.i - 1)?).ok()?;
        }
        Some(((start, self.i), escaped))
    }

    /// A number, to JSON's grammar (serde_json's, which rejects a leading zero before
    /// digits).
    fn number(&mut self) -> Option<()> {
        let digits = |c: &mut Self| {
            let from = c.i;
            while c.peek().is_some_and(|d| d.is_ascii_digit()) {
                c.i += 1;
            }
            c.i > from
        };
        if self.peek()? == b'-' {
            self.i += 1;
        }
        if self.peek()? == b'0' {
            self.i += 1;
            if self.peek().is_some_and(|d| d.is_ascii_digit()) {
                return None;
            }
        } else if !digits(self) {
            return None;
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !digits(self) {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return None;
            }
        }
        Some(())
    }

    /// Any value, checked and skipped; its span.
    fn value(&mut self, depth: u32) -> Option<Span> {
        let start = self.i;
        match self.peek()? {
            b'"' => {
                self.string()?;
            }
            b'{' => self.object(depth, |c, _| c.value(depth + 1).map(|_| 0))?,
            b'[' => self.array(depth, |c| c.value(depth + 1).map(|_| ()))?,
            b't' => self.literal(b"true")?,
            b'f' => self.literal(b"false")?,
            b'n' => self.literal(b"null")?,
            _ => self.number()?,
        }
        Some((start, self.i))
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        (self.b.get(self.i..self.i + word.len())? == word).then(|| self.i += word.len())
    }

    /// Walks an object: `field` reads the value of each key (unescaped keys only) and
    /// returns the key's bit if it is a declared one, else 0; a declared key seen twice
    /// gives up.
    fn object(
        &mut self,
        depth: u32,
        mut field: impl FnMut(&mut Self, &'a [u8]) -> Option<u32>,
    ) -> Option<()> {
        if depth >= MAX_NESTING {
            return None;
        }
        self.eat(b'{')?;
        self.ws();
        if self.eat(b'}').is_some() {
            return Some(());
        }
        // The bits of the declared keys seen so far.
        let mut seen = 0u32;
        loop {
            let ((s, e), escaped) = self.string()?;
            if escaped {
                return None;
            }
            let key = self.b.get(s + 1..e - 1)?;
            self.ws();
            self.eat(b':')?;
            self.ws();
            let bit = field(self, key)?;
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            self.ws();
            match self.peek()? {
                b',' => {
                    self.i += 1;
                    self.ws();
                }
                b'}' => {
                    self.i += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn array(&mut self, depth: u32, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        if depth >= MAX_NESTING {
            return None;
        }
        self.eat(b'[')?;
        self.ws();
        if self.eat(b']').is_some() {
            return Some(());
        }
        loop {
            item(self)?;
            self.ws();
            match self.peek()? {
                b',' => {
                    self.i += 1;
                    self.ws();
                }
                b']' => {
                    self.i += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// The value at the cursor as serde reads a [`Loose`] field.
    fn loose(&mut self, depth: u32) -> Option<Loose<'a>> {
        if self.peek()? == b'"' {
            let ((s, e), escaped) = self.string()?;
            let raw = self.b.get(s..e)?;
            return if escaped {
                serde_json::from_slice(raw).ok()
            } else {
                let inner = raw.get(1..raw.len() - 1)?;
                Some(Loose::Str(Cow::Borrowed(std::str::from_utf8(inner).ok()?)))
            };
        }
        let (s, e) = self.value(depth)?;
        let raw = self.b.get(s..e)?;
        match raw.first()? {
            b'{' | b'[' | b't' | b'f' | b'n' => Some(Loose::Other),
            // A plain count, as serde reads it (`visit_u64`, then `as f64`).
            b'0'..=b'9' if raw.len() <= 15 && raw.iter().all(u8::is_ascii_digit) => {
                let n = raw.iter().fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'));
                Some(Loose::Num(n as f64))
            }
            _ => serde_json::from_slice(raw).ok(),
        }
    }

    /// The value at the cursor as serde reads an `Option<Raw>` field.
    fn raw(&mut self, depth: u32) -> Option<Option<Raw<'a>>> {
        let (s, e) = self.value(depth)?;
        let raw = self.b.get(s..e)?;
        if raw == b"null" {
            return Some(None);
        }
        Some(Some(Raw(std::str::from_utf8(raw).ok()?)))
    }

    /// Whether the value at the cursor is `null` (consumed if so).
    fn null(&mut self) -> bool {
        self.literal(b"null").is_some()
    }

    fn entry(&mut self) -> Option<Entry<'a>> {
        let mut started = Loose::Other;
        let mut time = Loose::Other;
        let mut request = None;
        let mut response = None;
        let mut resource_type = Loose::Other;
        let mut security_state = Loose::Other;
        self.object(0, |c, key| {
            Some(match key {
                b"startedDateTime" => {
                    started = c.loose(1)?;
                    1
                }
                b"time" => {
                    time = c.loose(1)?;
                    2
                }
                b"request" => {
                    request = Some(c.request()?);
                    4
                }
                b"response" => {
                    response = Some(c.response()?);
                    8
                }
                b"_resourceType" => {
                    resource_type = c.loose(1)?;
                    16
                }
                b"_securityState" => {
                    security_state = c.loose(1)?;
                    32
                }
                _ => c.value(1).map(|_| 0)?,
            })
        })?;
        Some(Entry {
            started,
            time,
            request: request?,
            response: response?,
            resource_type,
            security_state,
        })
    }

    fn request(&mut self) -> Option<Request<'a>> {
        let mut method = Loose::Other;
        let mut url = None;
        let mut body_size = Loose::Other;
        let mut post_data = None;
        self.object(1, |c, key| {
            Some(match key {
                b"method" => {
                    method = c.loose(2)?;
                    1
                }
                b"url" => match c.loose(2)? {
                    Loose::Str(s) => {
                        url = Some(s);
                        2
                    }
                    _ => return None,
                },
                b"bodySize" => {
                    body_size = c.loose(2)?;
                    4
                }
                b"postData" => {
                    post_data = if c.null() {
                        None
                    } else {
                        let mut text = None;
                        c.object(2, |c, key| match key {
                            b"text" => {
                                text = c.raw(3)?;
                                Some(1)
                            }
                            _ => c.value(3).map(|_| 0),
                        })?;
                        Some(PostData { text })
                    };
                    8
                }
                _ => c.value(2).map(|_| 0)?,
            })
        })?;
        Some(Request {
            method,
            url: url?,
            body_size,
            post_data,
        })
    }

    fn response(&mut self) -> Option<Response<'a>> {
        let mut status = Loose::Other;
        let mut headers = KeptHeaders::default();
        let mut content = None;
        let mut error = Loose::Other;
        self.object(1, |c, key| {
            Some(match key {
                b"status" => {
                    status = c.loose(2)?;
                    1
                }
                b"headers" => {
                    if !c.null() {
                        c.array(2, |c| {
                            let mut name = Loose::Other;
                            let mut value = Loose::Other;
                            c.object(3, |c, key| {
                                Some(match key {
                                    b"name" => {
                                        name = c.loose(4)?;
                                        1
                                    }
                                    b"value" => {
                                        value = c.loose(4)?;
                                        2
                                    }
                                    _ => c.value(4).map(|_| 0)?,
                                })
                            })?;
                            if let (Some(n), Some(v)) = (
                                std::mem::take(&mut name).into_str(),
                                std::mem::take(&mut value).into_str(),
                            ) {
                                headers.add(n, v);
                            }
                            Some(())
                        })?;
                    }
                    2
                }
                b"content" => {
                    content = if c.null() { None } else { Some(c.content()?) };
                    4
                }
                b"_error" => {
                    error = c.loose(2)?;
                    8
                }
                _ => c.value(2).map(|_| 0)?,
            })
        })?;
        Some(Response {
            status,
            headers,
            content,
            error,
        })
    }

    fn content(&mut self) -> Option<Content<'a>> {
        let mut size = Loose::Other;
        let mut mime_type = Loose::Other;
        let mut text = None;
        let mut encoding = Loose::Other;
        self.object(2, |c, key| {
            Some(match key {
                b"size" => {
                    size = c.loose(3)?;
                    1
                }
                b"mimeType" => {
                    mime_type = c.loose(3)?;
                    2
                }
                b"text" => {
                    text = c.raw(3)?;
                    4
                }
                b"encoding" => {
                    encoding = c.loose(3)?;
                    8
                }
                _ => c.value(3).map(|_| 0)?,
            })
        })?;
        Some(Content {
            size,
            mime_type,
            text,
            encoding,
        })
    }
}
