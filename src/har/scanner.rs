//! The block scanner: cuts `log.entries` into one byte slice per entry as chunks arrive.

use super::*;

/// Where the scanner is, outside strings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum Phase {
    /// Before the root `{`: whitespace and a UTF-8 byte-order mark may come first.
    #[default]
    Start,
    /// Inside the root object.
    Body,
    /// After the root object: only whitespace may follow.
    End,
}

/// The keys the scanner looks for, at depth 1 (`log`) and depth 2 (`entries`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum Key {
    #[default]
    Other,
    Log,
    Entries,
}

/// The `log.entries` element being cut, if any.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum Elem {
    /// Between elements.
    #[default]
    None,
    /// An object (or array): ends when the depth comes back to the array's.
    Container,
    /// A string: ends at its closing quote.
    Str,
    /// A number or literal: ends at the next whitespace, `,` or `]`.
    Scalar,
}

impl HarAnalyzer {
    /// Scans one chunk, cutting and parsing every entry that ends in it.
    pub(super) fn scan(&mut self, chunk: &[u8]) -> Result<(), HarError> {
        let base = self.scanned;
        let n = chunk.len();
        // Where the current entry starts in this chunk, when it starts in this chunk.
        let mut local_start: Option<usize> = None;
        let mut i = 0usize;
        while let Some(&b) = chunk.get(i) {
            if self.in_str {
                if self.esc {
                    self.esc = false;
                    self.capture(&[b]);
                    i += 1;
                    continue;
                }
                let rest = chunk.get(i..).unwrap_or_default();
                match find_quote_or_backslash(rest) {
                    None => {
                        self.capture(rest);
                        i = n;
                    }
                    Some(k) => {
                        self.capture(rest.get(..k).unwrap_or_default());
                        i += k;
                        if chunk.get(i) == Some(&b'\\') {
                            self.esc = true;
                            self.capture(b"\\");
                        } else {
                            self.in_str = false;
                            self.last = b'"';
                            if self.capturing {
                                self.capturing = false;
                                self.end_key();
                            }
                            if self.elem == Elem::Str && self.stack.len() == 3 {
                                self.end_entry(chunk, local_start, i + 1)?;
                                local_start = None;
                            }
                        }
                        i += 1;
                    }
                }
                continue;
            }
            let pos = base + i as u64;
            match self.phase {
                Phase::Body => {}
                Phase::Start => {
                    self.start_byte(b, pos)?;
                    i += 1;
                    continue;
                }
                Phase::End => {
                    if !is_ws(b) {
                        return Err(HarError::Malformed(Malformed::TrailingData {
                            at: pos,
                            found: b,
                        }));
                    }
                    i += 1;
                    continue;
                }
            }
            if self.elem == Elem::Scalar && (is_ws(b) || matches!(b, b',' | b']' | b'}')) {
                self.end_entry(chunk, local_start, i)?;
                local_start = None;
            }
            match b {
                b' ' | b'\n' | b'\r' | b'\t' => {}
                b'"' => {
                    let is_key =
                        self.stack.last() == Some(&b'{') && matches!(self.last, b'{' | b',');
                    if is_key {
                        if matches!(self.stack.len(), 1 | 2) {
                            self.capturing = true;
                            self.key.clear();
                        }
                    } else if self.value_start(b, pos)? {
                        local_start = Some(i);
                    }
                    self.in_str = true;
                }
                b'{' | b'[' => {
                    if self.value_start(b, pos)? {
                        if b == b'{' {
                            if let Some(len) =
                                self.entry_in_place(chunk.get(i..).unwrap_or_default())
                            {
                                // serde found the entry's end: skip the scan of its inside.
                                i += len;
                                continue;
                            }
                        }
                        local_start = Some(i);
                    }
                    let depth = self.stack.len();
                    if depth >= MAX_DEPTH {
                        return Err(HarError::TooDeep {
                            at: pos,
                            max: MAX_DEPTH,
                        });
                    }
                    if depth == 1 && b == b'{' && self.key1 == Key::Log {
                        self.log_open = true;
                        self.key2 = Key::Other;
                    }
                    if depth == 2 && b == b'[' && self.log_open && self.key2 == Key::Entries {
                        self.entries_open = true;
                        self.found_entries = true;
                    }
                    self.stack.push(b);
                    self.last = b;
                }
                b'}' | b']' => {
                    let want = if b == b'}' { b'{' } else { b'[' };
                    match self.stack.pop() {
                        Some(open) if open == want => {}
                        Some(open) => {
                            let expected = if open == b'{' { b'}' } else { b']' };
                            return Err(HarError::Malformed(Malformed::Mismatched {
                                at: pos,
                                found: b,
                                expected,
                            }));
                        }
                        None => {
                            return Err(HarError::Malformed(Malformed::Unmatched {
                                at: pos,
                                found: b,
                            }))
                        }
                    }
                    self.last = b;
                    match self.stack.len() {
                        0 => self.phase = Phase::End,
                        1 => self.log_open = false,
                        2 => self.entries_open = false,
                        3 if self.entries_open && self.elem == Elem::Container => {
                            self.end_entry(chunk, local_start, i + 1)?;
                            local_start = None;
                        }
                        _ => {}
                    }
                }
                b',' | b':' => {
                    if self.entries_open && self.stack.len() == 3 && b == b':' {
                        return Err(HarError::Malformed(Malformed::ColonInEntries { at: pos }));
                    }
                    self.last = b;
                }
                _ => {
                    if self.last != b'a' {
                        if self.value_start(b, pos)? {
                            local_start = Some(i);
                        }
                        self.last = b'a';
                    }
                }
            }
            i += 1;
        }
        // The entry goes on in the next chunk: keep what this chunk holds of it.
        if self.elem != Elem::None {
            let part = chunk.get(local_start.unwrap_or(0)..).unwrap_or_default();
            if self.buf.len() + part.len() > MAX_ENTRY {
                return Err(HarError::EntryTooLarge {
                    index: self.entries,
                    at: self.elem_start,
                    max_mib: MAX_ENTRY >> 20,
                });
            }
            self.buf.extend_from_slice(part);
        }
        self.scanned += n as u64;
        Ok(())
    }

    /// Tries to read the entry that starts at `bytes[0]` straight from the chunk, letting
    /// serde find where it ends: most entries lie whole inside a chunk, and this spares the
    /// scanner a pass over their bodies. Returns the entry's length when that worked. When it
    /// did not (the entry runs past the chunk, or is broken), nothing is kept and the scanner
    /// cuts the entry as usual, so results and error messages never depend on the chunking.
    pub(super) fn entry_in_place(&mut self, bytes: &[u8]) -> Option<usize> {
        let (entry, len) = match reader::entry_or_end(bytes) {
            Ok(read) => read,
            // The entry goes on past this chunk: serde would only walk to the same end.
            Err(true) => return None,
            Err(false) => {
                let mut stream =
                    serde_json::Deserializer::from_slice(bytes).into_iter::<Entry<'_>>();
                let entry = stream.next()?.ok()?;
                (entry, stream.byte_offset())
            }
        };
        observe(entry, &mut self.out);
        self.elem = Elem::None;
        self.entries += 1;
        self.last = b'}';
        Some(len)
    }

    /// Handles a byte before the root object.
    pub(super) fn start_byte(&mut self, b: u8, pos: u64) -> Result<(), HarError> {
        match (b, pos) {
            (b' ' | b'\n' | b'\r' | b'\t', _) => Ok(()),
            // A UTF-8 byte-order mark, as Windows tools write.
            (0xEF, 0) | (0xBB, 1) | (0xBF, 2) => Ok(()),
            (b'{', _) => {
                self.phase = Phase::Body;
                self.stack.push(b'{');
                self.last = b'{';
                Ok(())
            }
            _ => {
                let hint = match b {
                    0x1f => Some(NotHarHint::Gzip),
                    0xFF | 0xFE => Some(NotHarHint::Utf16),
                    b'[' => Some(NotHarHint::Array),
                    _ => None,
                };
                Err(HarError::NotAnObject {
                    at: pos,
                    found: b,
                    hint,
                })
            }
        }
    }

    /// Called where a value (not a key) begins at the current depth. Starts an entry when the
    /// value is an element of `log.entries` (returns true), and rejects a `log.entries` that is
    /// not an array.
    pub(super) fn value_start(&mut self, b: u8, pos: u64) -> Result<bool, HarError> {
        match self.stack.len() {
            3 if self.entries_open => {
                if self.elem != Elem::None || !matches!(self.last, b'[' | b',') {
                    return Err(HarError::Malformed(Malformed::MissingComma {
                        at: pos,
                        found: b,
                    }));
                }
                self.elem = match b {
                    b'{' | b'[' => Elem::Container,
                    b'"' => Elem::Str,
                    _ => Elem::Scalar,
                };
                self.elem_start = pos;
                Ok(true)
            }
            2 if self.log_open && self.key2 == Key::Entries && b != b'[' => {
                Err(HarError::EntriesNotArray { at: pos, found: b })
            }
            _ => Ok(false),
        }
    }

    /// Appends string bytes to the key being captured.
    pub(super) fn capture(&mut self, bytes: &[u8]) {
        // Keys longer than this are none of the ones looked for.
        if self.capturing && self.key.len() <= 64 {
            self.key.extend_from_slice(bytes);
        }
    }

    /// Records which key (at depth 1 or 2) was just read.
    pub(super) fn end_key(&mut self) {
        let key = if self.key.len() > 64 {
            Key::Other
        } else if self.key.contains(&b'\\') {
            // An escaped key (`"\u006cog"`) is still the key it spells.
            let mut quoted = Vec::with_capacity(self.key.len() + 2);
            quoted.push(b'"');
            quoted.extend_from_slice(&self.key);
            quoted.push(b'"');
            match serde_json::from_slice::<String>(&quoted) {
                Ok(s) => key_of(s.as_bytes()),
                Err(_) => Key::Other,
            }
        } else {
            key_of(&self.key)
        };
        match self.stack.len() {
            1 => self.key1 = key,
            2 => self.key2 = key,
            _ => {}
        }
    }

    /// The current entry ends before `end` in `chunk`: parse it and keep its observations.
    pub(super) fn end_entry(
        &mut self,
        chunk: &[u8],
        local_start: Option<usize>,
        end: usize,
    ) -> Result<(), HarError> {
        let index = self.entries;
        let start = self.elem_start;
        let result = match local_start {
            Some(s) => {
                let bytes = chunk.get(s..end).unwrap_or_default();
                read_entry(bytes, index, start, &mut self.out)
            }
            None => {
                let part = chunk.get(..end).unwrap_or_default();
                if self.buf.len() + part.len() > MAX_ENTRY {
                    return Err(HarError::EntryTooLarge {
                        index,
                        at: start,
                        max_mib: MAX_ENTRY >> 20,
                    });
                }
                self.buf.extend_from_slice(part);
                read_entry(&self.buf, index, start, &mut self.out)
            }
        };
        self.buf.clear();
        if self.buf.capacity() > KEEP_BUFFER {
            self.buf = Vec::new();
        }
        self.elem = Elem::None;
        self.entries += 1;
        result
    }
}

pub(super) fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t')
}

/// A byte as an error message shows it: `'['` when printable, `0x89` when not.
pub(super) fn describe(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("'{}'", b as char)
    } else {
        format!("0x{b:02x}")
    }
}

pub(super) fn key_of(k: &[u8]) -> Key {
    match k {
        b"log" => Key::Log,
        b"entries" => Key::Entries,
        _ => Key::Other,
    }
}

/// The index of the first `"` or `\` in `s`. Bodies are most of a HAR's bytes, so this runs
/// eight bytes at a time (SWAR; no `unsafe`, and it compiles the same for wasm32).
pub(super) fn find_quote_or_backslash(s: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    const QUOTES: u64 = ONES * b'"' as u64;
    const SLASHES: u64 = ONES * b'\\' as u64;
    let mut words = s.chunks_exact(8);
    let mut at = 0usize;
    for w in words.by_ref() {
        let mut word = [0u8; 8];
        word.copy_from_slice(w);
        let v = u64::from_le_bytes(word);
        let q = v ^ QUOTES;
        let b = v ^ SLASHES;
        // A byte of `x` is zero exactly where the lowest flagged high bit sits.
        let hits = (q.wrapping_sub(ONES) & !q | b.wrapping_sub(ONES) & !b) & HIGHS;
        if hits != 0 {
            return Some(at + (hits.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&c| c == b'"' || c == b'\\')
        .map(|k| at + k)
}

/// Parses one entry's bytes and appends its observations.
pub(super) fn read_entry(
    bytes: &[u8],
    index: u64,
    start: u64,
    out: &mut Sink,
) -> Result<(), HarError> {
    if let Some((entry, len)) = reader::entry(bytes) {
        if len == bytes.len() {
            observe(entry, out);
            return Ok(());
        }
    }
    match serde_json::from_slice::<Entry<'_>>(bytes) {
        Ok(entry) => {
            observe(entry, out);
            Ok(())
        }
        Err(e) => Err(entry_error(&e, bytes, index, start)),
    }
}

/// `entry 12 at byte 34567: missing field `request``, with the exact byte for syntax errors.
pub(super) fn entry_error(e: &serde_json::Error, bytes: &[u8], index: u64, start: u64) -> HarError {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    // serde quotes the offending value, which may be a cookie or a prompt.
    let what = crate::redact::without_input_values(full.strip_suffix(&suffix).unwrap_or(&full));
    let byte = match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            Some(start + offset_of(bytes, e.line(), e.column()))
        }
        _ => None,
    };
    HarError::Entry {
        index,
        at: start,
        what,
        byte,
    }
}

/// The byte offset of serde_json's 1-based line and column within `bytes`.
pub(super) fn offset_of(bytes: &[u8], line: usize, column: usize) -> u64 {
    let mut line_start = 0usize;
    let mut lines = 1usize;
    for (k, &c) in bytes.iter().enumerate() {
        if lines >= line {
            break;
        }
        if c == b'\n' {
            lines += 1;
            line_start = k + 1;
        }
    }
    (line_start + column.saturating_sub(1)).min(bytes.len()) as u64
}
