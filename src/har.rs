//! A streaming HAR 1.2 reader: fed in chunks, it keeps only what the rules need.
//!
//! The file is never held whole. A small resumable scanner tracks string and escape state and
//! nesting depth as chunks arrive (a chunk may end anywhere: inside a UTF-8 character, an escape
//! or a key), finds `log.entries` wherever it sits among `log`'s keys, and cuts the array into one
//! byte slice per entry. Each entry is read into borrowed structs that declare only the fields a
//! rule reads: by a small reader of its own when the entry is plainly shaped (it checks the JSON
//! as strictly as serde_json and is several times faster on header-heavy files; see `mod fast`),
//! else by serde_json, whose reading and error messages are then the result. Response bodies
//! stay raw and are decoded only for error responses and streamed chat replies. An entry that
//! lies whole inside the bytes at hand is read in place and the reader's end of value is the
//! cut, so the scanner never walks its body; one that spans chunks is scanned and gathered in a
//! reused buffer. Memory is bounded by the largest entry plus one block, not by the file
//! (`docs/speed.md`).
//!
//! Each entry gives an `http` observation when a status came back (with a `streamAbort` beside
//! it when Chrome saw a 2xx body break), or a `netError` when none did. Kept: allow-listed
//! response headers, the first 2 KiB of an error body and the last 2 KiB of a streamed chat
//! reply (both redacted), the request body's size. Never kept: request headers, cookies,
//! request bodies, any other response text. A reader made for a report
//! ([`HarAnalyzer::for_report`], what the help page and `chatmedic analyze` use) keeps less:
//! healthy requests no rule reads are counted, not kept, so its memory follows the failures in
//! a file rather than its size, and its report is the one the full list gives.
//!
//! Shapes read (both checked against the exporters' source):
//! - Chrome DevTools (`front_end/models/har/Log.ts`): a failed request has `response.status` 0
//!   and `response._error` set to the network error (`net::ERR_BLOCKED_BY_CLIENT`); `_error` can
//!   also sit on a 200 whose body broke mid-stream. `_resourceType` names the resource kind.
//! - Firefox DevTools (`devtools/client/netmonitor/src/har/har-builder.js`): a failed or blocked
//!   request has `status` 0, empty headers and no error string at all; the one hint is
//!   `_securityState: "broken"`, which Firefox sets when the TLS handshake failed with an NSS error
//!   (`network-helper.js` `parseSecurityInfo`). There is no `_resourceType` and no
//!   `_blockedReason`. Start times carry a local offset (`2015-05-29T16:10:30.424+02:00`).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::marker::PhantomData;

use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::catalog::{self, Classified, Role};
use crate::observation::{
    truncate, BrowserError, HttpObservation, NetErrorKind, NetErrorObservation, Observation,
    StreamAbortObservation, KEPT_HEADERS, KEPT_HEADER_PREFIXES, MAX_BODY_EXCERPT, MAX_URL,
};
use crate::redact;
use crate::render::Lang;
use crate::report::Report;

/// Why a HAR could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct HarError {
    /// One line saying what is wrong and where.
    pub message: String,
}

impl HarError {
    fn new(message: impl Into<String>) -> HarError {
        HarError {
            message: message.into(),
        }
    }
}

/// The error string given to a Firefox entry with status 0 and `_securityState: "broken"`.
/// Firefox's HAR carries no error code; this wording parses as a certificate failure, the usual
/// reason (TLS interception, a captive portal), and says where it came from.
pub const FIREFOX_TLS_FAILED: &str =
    "secure connection failed (certificate or TLS error; Firefox HAR _securityState \"broken\")";

/// The error string given to an entry with status 0 and no error recorded (Firefox exports all
/// failed and blocked requests this way). It parses as [`NetErrorKind::Other`].
pub const NO_RESPONSE: &str = "no response (HAR status 0, no error recorded)";

/// Inside `log.entries`, chunks smaller than this are gathered before they are scanned: an entry
/// is parsed in place only when it lies whole inside what is scanned, and small chunks (a
/// browser's `File.stream()` gives 64 KiB) would split many entries, costing about 40% more work
/// (callgrind, 64 KiB chunks against whole blocks).
const BLOCK: usize = 1 << 20;

/// What [`read_into`] reads at a time: an entry that spans two reads is scanned byte by byte and
/// gathered before it is parsed, and chat replies of hundreds of KiB spanned a 1 MiB read one
/// time in three (profiled: a fifth of the time of a chat-heavy HAR).
const READ_BLOCK: usize = 4 << 20;

/// Deepest nesting the scanner follows; serde_json stops at 128 inside an entry anyway.
const MAX_DEPTH: usize = 1024;

/// Largest single entry gathered across chunks: beyond this the file is not one a browser wrote.
const MAX_ENTRY: usize = 1 << 30;

/// A gathering buffer above this size is released once its entry is parsed, so one huge entry
/// does not pin its memory for the rest of the file.
const KEEP_BUFFER: usize = 16 << 20;

/// How much of a body is redacted before the excerpt is cut to 2 KiB: a secret that straddles
/// the cut is then still seen whole by the redactor. The window grows while redaction leaves
/// less than [`EXCERPT_MARGIN`] beyond the excerpt (long secrets shrank it).
const EXCERPT_WINDOW: usize = 4 << 10;

/// How much redacted text must lie beyond the 2 KiB cut for the cut to be safe.
const EXCERPT_MARGIN: usize = 1 << 10;

/// The longest header value kept (the same bound as [`Observation::bound`]).
const MAX_HEADER_VALUE: usize = 512;

/// Where the scanner is, outside strings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Phase {
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
enum Key {
    #[default]
    Other,
    Log,
    Entries,
}

/// The `log.entries` element being cut, if any.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Elem {
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

/// What a reader keeps of each entry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Keep {
    /// Every entry's observations, whole: what [`HarAnalyzer::finish`] returns.
    #[default]
    All,
    /// What a diagnosis can use (see [`HarAnalyzer::for_report`]).
    Report,
}

/// The observations read so far, and the count and latest time of those left out.
#[derive(Debug, Default)]
struct Sink {
    keep: Keep,
    observations: Vec<Observation>,
    /// One pair per run of left-out observations: the position in `observations` of the next
    /// kept one, and how many were left out before it in all. Maps a kept observation back to
    /// its index in the whole file's list.
    gaps: Vec<(usize, usize)>,
    /// How many observations were left out.
    left_out: usize,
    /// The latest time among the left-out observations.
    latest: Option<f64>,
}

impl Sink {
    fn push(&mut self, o: Observation) {
        self.observations.push(o);
    }

    /// Counts an observation that is left out, with its time ([`Observation::time`]).
    fn leave_out(&mut self, time: Option<f64>) {
        self.left_out += 1;
        let at = self.observations.len();
        match self.gaps.last_mut() {
            Some(gap) if gap.0 == at => gap.1 = self.left_out,
            _ => self.gaps.push((at, self.left_out)),
        }
        if let Some(t) = time.filter(|t| t.is_finite()) {
            self.latest = Some(self.latest.map_or(t, |l| l.max(t)));
        }
    }

    /// The index observation `k` of the kept ones has in the whole file's list.
    fn original_index(&self, k: usize) -> usize {
        let run = self.gaps.partition_point(|g| g.0 <= k);
        k + run
            .checked_sub(1)
            .map_or(0, |r| self.gaps.get(r).map_or(0, |g| g.1))
    }

    /// Diagnoses the kept observations into the report the whole list would give: left-out
    /// observations are ones no rule reads (see [`observe`]), so only their places in the list
    /// (evidence indices) and their times (the report's time when no evidence has one) are
    /// put back.
    fn report(self, lang: Lang) -> Report {
        let mut report = crate::diagnose::run(&self.observations);
        if self.left_out > 0 {
            let evidence_time = report
                .findings
                .iter()
                .flat_map(|f| &f.evidence)
                .filter_map(|e| self.observations.get(e.observation))
                .filter_map(Observation::time)
                .filter(|t| t.is_finite())
                .reduce(f64::max);
            if evidence_time.is_none() {
                report.time = report.time.into_iter().chain(self.latest).reduce(f64::max);
            }
            for e in report
                .findings
                .iter_mut()
                .flat_map(|f| f.evidence.iter_mut())
            {
                e.observation = self.original_index(e.observation);
            }
        }
        report.recorded = true;
        crate::render::render(&mut report, lang);
        report
    }
}

/// A HAR reader fed in chunks.
///
/// ```
/// let har = br#"{"log":{"version":"1.2","entries":[{"startedDateTime":"2025-01-01T00:00:00Z",
///   "time":12,"request":{"method":"GET","url":"https://chatgpt.com/"},
///   "response":{"status":502,"headers":[{"name":"Server","value":"cloudflare"}]}}]}}"#;
/// let mut reader = chatmedic::HarAnalyzer::new();
/// for chunk in har.chunks(7) {
///     reader.push(chunk).unwrap();
/// }
/// assert_eq!(reader.bytes_seen(), har.len() as u64);
/// let observations = reader.finish().unwrap();
/// assert_eq!(observations.len(), 1);
/// ```
#[derive(Debug, Default)]
pub struct HarAnalyzer {
    /// What the entries read so far gave.
    out: Sink,
    /// Bytes fed so far.
    seen: u64,
    /// Bytes scanned so far: the absolute offset of the next scanned byte.
    scanned: u64,
    /// Small chunks gathered until there is a block to scan.
    pending: Vec<u8>,
    /// The block size when not the default [`BLOCK`].
    block: Option<usize>,
    /// Entries parsed so far; the next entry's index (`log.entries[n]`).
    entries: u64,
    /// The first error met; every later call repeats it.
    failed: Option<HarError>,
    phase: Phase,
    /// Open containers, `{` or `[`, outermost first.
    stack: Vec<u8>,
    in_str: bool,
    esc: bool,
    /// The last structural byte outside strings (`b'"'` after a string, `b'a'` after a scalar):
    /// tells a key from a value and a fresh array element from a continuation.
    last: u8,
    /// Whether the open string is a key at depth 1 or 2, being captured into `key`.
    capturing: bool,
    key: Vec<u8>,
    /// The last key read in the root object and in the object at depth 2.
    key1: Key,
    key2: Key,
    /// Whether the scanner is inside the `log` object, and inside its `entries` array.
    log_open: bool,
    entries_open: bool,
    found_entries: bool,
    elem: Elem,
    /// The absolute offset where the current entry starts.
    elem_start: u64,
    /// The part of the current entry that came in earlier chunks.
    buf: Vec<u8>,
}

impl HarAnalyzer {
    /// A new reader, at the start of a file.
    pub fn new() -> HarAnalyzer {
        HarAnalyzer::default()
    }

    /// A new reader that, inside `log.entries`, gathers chunks smaller than `bytes` before
    /// scanning them (the default is 1 MiB: entries that lie whole inside a block are parsed in
    /// place, the fastest path). 0 scans every chunk as it comes, for the least memory.
    pub fn with_block(bytes: usize) -> HarAnalyzer {
        HarAnalyzer {
            block: Some(bytes),
            ..HarAnalyzer::default()
        }
    }

    /// The same reader, keeping only what a diagnosis can use; read its result with
    /// [`finish_report`](Self::finish_report). Healthy requests to hosts outside the catalogue
    /// (most of a large HAR: CDNs, analytics, the help desk's own pages) are counted, not kept,
    /// and other healthy requests keep only their URL, status and times, so memory grows with
    /// the failures, not with the file. The report is the one the whole list gives.
    pub fn for_report(mut self) -> HarAnalyzer {
        self.out.keep = Keep::Report;
        self
    }

    /// Feeds the next chunk; a chunk may end anywhere. Fails, and keeps failing, once the bytes
    /// cannot be a HAR; the error says what and at which byte. Inside `log.entries` small chunks
    /// are gathered into blocks first, so an error there may surface up to a block later (or at
    /// [`finish`](Self::finish)).
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), HarError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        self.seen += bytes.len() as u64;
        // Only entries gain from whole blocks; before them, scanning at once lets a file that
        // is no HAR fail on its first chunk.
        let block = self.block.unwrap_or(BLOCK);
        let gather = !self.pending.is_empty() || (self.entries_open && bytes.len() < block);
        let result = if gather {
            self.gather(bytes, block)
        } else {
            self.scan(bytes)
        };
        self.keep(result)
    }

    /// Adds small chunks to the block being gathered and scans each block as it fills. Blocks
    /// are filled exactly, so their buffer is allocated once and never grows: a buffer that
    /// grew between the caller's chunk allocations would scatter them (in wasm, chunks of
    /// varied sizes then left linear memory at three times the block).
    fn gather(&mut self, mut bytes: &[u8], block: usize) -> Result<(), HarError> {
        // (A block beyond any sensible size grows as it fills instead.)
        if self.pending.capacity() < block && block <= KEEP_BUFFER {
            self.pending.reserve_exact(block - self.pending.len());
        }
        while !bytes.is_empty() {
            let take = block.saturating_sub(self.pending.len()).min(bytes.len());
            let (head, rest) = bytes.split_at(take);
            self.pending.extend_from_slice(head);
            bytes = rest;
            if self.pending.len() < block {
                break;
            }
            self.flush()?;
            if bytes.len() >= block {
                return self.scan(bytes);
            }
        }
        Ok(())
    }

    /// Scans the gathered small chunks.
    fn flush(&mut self) -> Result<(), HarError> {
        let block = std::mem::take(&mut self.pending);
        let result = self.scan(&block);
        self.pending = block;
        self.pending.clear();
        result
    }

    /// Remembers the first error, so that every later call repeats it.
    fn keep(&mut self, result: Result<(), HarError>) -> Result<(), HarError> {
        if let Err(e) = &result {
            self.failed = Some(e.clone());
            // Nothing more will be read: let the memory go now.
            self.buf = Vec::new();
            self.pending = Vec::new();
            self.out = Sink {
                keep: self.out.keep,
                ..Sink::default()
            };
        }
        result
    }

    /// The bytes fed so far (for a progress bar: the input's size is the caller's to know).
    pub fn bytes_seen(&self) -> u64 {
        self.seen
    }

    /// The `log.entries` elements read so far. Small chunks are read a megabyte at a time, so
    /// this lags the bytes fed by up to that much.
    pub fn entries_seen(&self) -> u64 {
        self.entries
    }

    /// Ends the input and returns the observations, one or two per entry, in file order (with
    /// [`for_report`](Self::for_report): the ones it kept).
    pub fn finish(self) -> Result<Vec<Observation>, HarError> {
        self.end().map(|out| out.observations)
    }

    /// Ends the input and returns its diagnosis, rendered in `lang`: the report that
    /// [`crate::diagnose()`] gives for what [`finish`](Self::finish) returns without
    /// [`for_report`](Self::for_report).
    pub fn finish_report(self, lang: Lang) -> Result<Report, HarError> {
        self.end().map(|out| out.report(lang))
    }

    /// Ends the input: what was read, or why the file is not a HAR.
    fn end(mut self) -> Result<Sink, HarError> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        self.flush()?;
        match self.phase {
            Phase::Start => Err(HarError::new("empty input")),
            Phase::Body => {
                let inside = if self.elem != Elem::None {
                    format!("inside entry {}", self.entries)
                } else if self.entries_open && self.entries == 0 {
                    "inside log.entries, before the first entry".to_owned()
                } else if self.entries_open {
                    format!("inside log.entries, after entry {}", self.entries - 1)
                } else if self.log_open {
                    "inside log".to_owned()
                } else {
                    "inside the HAR object".to_owned()
                };
                Err(HarError::new(format!(
                    "HAR ends early at byte {} ({inside})",
                    self.scanned
                )))
            }
            Phase::End if !self.found_entries => Err(HarError::new("no log.entries array found")),
            Phase::End => Ok(self.out),
        }
    }

    /// Scans one chunk, cutting and parsing every entry that ends in it.
    fn scan(&mut self, chunk: &[u8]) -> Result<(), HarError> {
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
                        return Err(HarError::new(format!(
                            "unexpected data after the end of the HAR at byte {pos} (found {})",
                            describe(b)
                        )));
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
                        return Err(HarError::new(format!(
                            "not a HAR file: nested deeper than {MAX_DEPTH} levels at byte {pos}"
                        )));
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
                            let close = if open == b'{' { '}' } else { ']' };
                            return Err(HarError::new(format!(
                                "not valid JSON: found '{}' at byte {pos} where '{close}' was expected",
                                b as char
                            )));
                        }
                        None => {
                            return Err(HarError::new(format!(
                                "not valid JSON: unmatched '{}' at byte {pos}",
                                b as char
                            )))
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
                        return Err(HarError::new(format!(
                            "not valid JSON: ':' at byte {pos} inside log.entries"
                        )));
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
                return Err(HarError::new(format!(
                    "entry {} at byte {} is larger than {} MiB",
                    self.entries,
                    self.elem_start,
                    MAX_ENTRY >> 20
                )));
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
    fn entry_in_place(&mut self, bytes: &[u8]) -> Option<usize> {
        let (entry, len) = match fast::entry_or_end(bytes) {
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
    fn start_byte(&mut self, b: u8, pos: u64) -> Result<(), HarError> {
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
                    0x1f => "; it looks gzip-compressed: decompress it first",
                    0xFF | 0xFE => "; it looks like UTF-16 text: save it as UTF-8",
                    b'[' => "; a HAR is an object with a \"log\" key",
                    _ => "",
                };
                Err(HarError::new(format!(
                    "not a HAR file: expected '{{' at byte {pos} (found {}){hint}",
                    describe(b)
                )))
            }
        }
    }

    /// Called where a value (not a key) begins at the current depth. Starts an entry when the
    /// value is an element of `log.entries` (returns true), and rejects a `log.entries` that is
    /// not an array.
    fn value_start(&mut self, b: u8, pos: u64) -> Result<bool, HarError> {
        match self.stack.len() {
            3 if self.entries_open => {
                if self.elem != Elem::None || !matches!(self.last, b'[' | b',') {
                    return Err(HarError::new(format!(
                        "not valid JSON: expected ',' or ']' at byte {pos} in log.entries (found {})",
                        describe(b)
                    )));
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
                Err(HarError::new(format!(
                    "log.entries at byte {pos} is not an array (found {})",
                    describe(b)
                )))
            }
            _ => Ok(false),
        }
    }

    /// Appends string bytes to the key being captured.
    fn capture(&mut self, bytes: &[u8]) {
        // Keys longer than this are none of the ones looked for.
        if self.capturing && self.key.len() <= 64 {
            self.key.extend_from_slice(bytes);
        }
    }

    /// Records which key (at depth 1 or 2) was just read.
    fn end_key(&mut self) {
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
    fn end_entry(
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
                    return Err(HarError::new(format!(
                        "entry {index} at byte {start} is larger than {} MiB",
                        MAX_ENTRY >> 20
                    )));
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

/// Reads a whole HAR from a reader, in chunks, and returns its observations.
pub fn read_observations<R: Read>(reader: R) -> Result<Vec<Observation>, HarError> {
    read_into(HarAnalyzer::new(), reader)?.finish()
}

/// Reads a whole HAR from a reader, in chunks, and returns its diagnosis in `lang`: the report
/// [`crate::diagnose()`] gives for [`read_observations`], with the memory of
/// [`HarAnalyzer::for_report`].
pub fn analyze<R: Read>(reader: R, lang: Lang) -> Result<Report, HarError> {
    read_into(HarAnalyzer::new().for_report(), reader)?.finish_report(lang)
}

/// Feeds everything `reader` holds to `a`.
fn read_into<R: Read>(mut a: HarAnalyzer, mut reader: R) -> Result<HarAnalyzer, HarError> {
    // Whole blocks go straight to the scanner, with no copy. A reader that gives less at a time
    // (a decompressor, a pipe) fills the block first.
    let mut buf = vec![0u8; READ_BLOCK];
    loop {
        let mut n = 0;
        while n < buf.len() {
            match reader.read(buf.get_mut(n..).unwrap_or_default()) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Err(HarError::new(format!(
                        "cannot read the HAR at byte {}: {e}",
                        a.bytes_seen() + n as u64
                    )))
                }
            }
        }
        if n == 0 {
            break;
        }
        a.push(buf.get(..n).unwrap_or_default())?;
        if n < buf.len() {
            break;
        }
    }
    Ok(a)
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t')
}

/// A byte as an error message shows it: `'['` when printable, `0x89` when not.
fn describe(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("'{}'", b as char)
    } else {
        format!("0x{b:02x}")
    }
}

fn key_of(k: &[u8]) -> Key {
    match k {
        b"log" => Key::Log,
        b"entries" => Key::Entries,
        _ => Key::Other,
    }
}

/// The index of the first `"` or `\` in `s`. Bodies are most of a HAR's bytes, so this runs
/// eight bytes at a time (SWAR; no `unsafe`, and it compiles the same for wasm32).
fn find_quote_or_backslash(s: &[u8]) -> Option<usize> {
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
fn read_entry(bytes: &[u8], index: u64, start: u64, out: &mut Sink) -> Result<(), HarError> {
    if let Some((entry, len)) = fast::entry(bytes) {
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
fn entry_error(e: &serde_json::Error, bytes: &[u8], index: u64, start: u64) -> HarError {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    // serde quotes the offending value, which may be a cookie or a prompt.
    let what = crate::redact::without_input_values(full.strip_suffix(&suffix).unwrap_or(&full));
    let at = match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            format!(" (byte {})", start + offset_of(bytes, e.line(), e.column()))
        }
        _ => String::new(),
    };
    HarError::new(format!("entry {index} at byte {start}: {what}{at}"))
}

/// The byte offset of serde_json's 1-based line and column within `bytes`.
fn offset_of(bytes: &[u8], line: usize, column: usize) -> u64 {
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

/// One `log.entries` element: only the fields a rule reads are declared; serde skips the rest
/// (timings, cookies, request headers, initiators) without building them.
#[derive(Deserialize)]
struct Entry<'a> {
    #[serde(borrow, rename = "startedDateTime", default)]
    started: Loose<'a>,
    #[serde(borrow, default)]
    time: Loose<'a>,
    #[serde(borrow)]
    request: Request<'a>,
    #[serde(borrow)]
    response: Response<'a>,
    /// Chrome: `xhr`, `fetch`, `script`, `document`, `websocket`, …
    #[serde(borrow, rename = "_resourceType", default)]
    resource_type: Loose<'a>,
    /// Firefox: `secure`, `insecure`, `weak`, or `broken` when the TLS handshake failed.
    #[serde(borrow, rename = "_securityState", default)]
    security_state: Loose<'a>,
}

#[derive(Deserialize)]
struct Request<'a> {
    #[serde(borrow, default)]
    method: Loose<'a>,
    #[serde(borrow)]
    url: Cow<'a, str>,
    #[serde(borrow, rename = "bodySize", default)]
    body_size: Loose<'a>,
    #[serde(borrow, rename = "postData", default)]
    post_data: Option<PostData<'a>>,
}

/// The request body: only its length is read, never its text.
#[derive(Deserialize)]
struct PostData<'a> {
    #[serde(borrow, default)]
    text: Option<Raw<'a>>,
}

#[derive(Deserialize)]
struct Response<'a> {
    #[serde(borrow, default)]
    status: Loose<'a>,
    #[serde(borrow, default)]
    headers: KeptHeaders<'a>,
    #[serde(borrow, default)]
    content: Option<Content<'a>>,
    /// Chrome: the network error (`net::ERR_…`), or null.
    #[serde(borrow, rename = "_error", default)]
    error: Loose<'a>,
}

#[derive(Deserialize)]
struct Content<'a> {
    #[serde(borrow, default)]
    size: Loose<'a>,
    #[serde(borrow, rename = "mimeType", default)]
    mime_type: Loose<'a>,
    /// Kept raw: decoded only for error bodies and streamed chat replies.
    #[serde(borrow, default)]
    text: Option<Raw<'a>>,
    #[serde(borrow, default)]
    encoding: Loose<'a>,
}

/// A JSON value's text as it stands in the entry: a body stays undecoded until it is needed.
#[derive(Debug, Clone, Copy)]
struct Raw<'a>(&'a str);

impl<'de: 'a, 'a> Deserialize<'de> for Raw<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <&'a RawValue>::deserialize(d).map(|r| Raw(r.get()))
    }
}

/// A scalar read leniently: exporters disagree on types (a status as a string, `time: null`),
/// and a field of the wrong type should not cost the whole file.
#[derive(Debug, Default)]
enum Loose<'a> {
    Str(Cow<'a, str>),
    Num(f64),
    #[default]
    Other,
}

impl<'a> Loose<'a> {
    fn as_str(&self) -> Option<&str> {
        match self {
            Loose::Str(s) => Some(s),
            _ => None,
        }
    }

    fn into_str(self) -> Option<Cow<'a, str>> {
        match self {
            Loose::Str(s) => Some(s),
            _ => None,
        }
    }

    fn as_f64(&self) -> Option<f64> {
        let v = match self {
            Loose::Num(v) => *v,
            Loose::Str(s) => s.trim().parse().ok()?,
            Loose::Other => return None,
        };
        v.is_finite().then_some(v)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Loose<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Loose<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Loose<'a>, E> {
                Ok(Loose::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Loose<'a>, E> {
                Ok(Loose::Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Loose<'a>, E> {
                Ok(Loose::Str(Cow::Owned(v)))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Loose<'a>, E> {
                Ok(Loose::Num(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Loose<'a>, E> {
                Ok(Loose::Num(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Loose<'a>, E> {
                Ok(Loose::Num(v as f64))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Loose<'a>, E> {
                Ok(Loose::Other)
            }
            fn visit_unit<E>(self) -> Result<Loose<'a>, E> {
                Ok(Loose::Other)
            }
            fn visit_none<E>(self) -> Result<Loose<'a>, E> {
                Ok(Loose::Other)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Loose<'a>, D2::Error> {
                Loose::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Loose<'a>, A::Error> {
                while s.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Loose::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Loose<'a>, A::Error> {
                while m.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Loose::Other)
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// Response headers, filtered while they are read: only names [`is_kept`] passes are kept, as
/// borrowed from the entry's bytes, in file order. Request headers and cookies are not declared
/// at all, so they are skipped unread. [`KeptHeaders::into_map`] copies them out for an
/// observation; an entry left out never copies them.
///
/// The first few stay inline: an entry usually keeps two or three (`content-type`, `server`,
/// `date`), and an allocation per entry showed in profiles.
#[derive(Debug, Default)]
struct KeptHeaders<'a> {
    inline: [(Cow<'a, str>, Cow<'a, str>); 4],
    len: usize,
    more: Vec<(Cow<'a, str>, Cow<'a, str>)>,
}

impl<'a> KeptHeaders<'a> {
    fn add(&mut self, name: Cow<'a, str>, value: Cow<'a, str>) {
        if !is_kept(&name) {
            return;
        }
        match self.inline.get_mut(self.len) {
            Some(slot) => *slot = (name, value),
            None => self.more.push((name, value)),
        }
        self.len += 1;
    }

    fn iter(&self) -> impl Iterator<Item = &(Cow<'a, str>, Cow<'a, str>)> {
        let n = self.len.min(self.inline.len());
        self.inline.iter().take(n).chain(&self.more)
    }

    /// The headers as an observation holds them: names lower-cased, repeated names joined with
    /// `, `, values cut to [`MAX_HEADER_VALUE`], a `location`'s query and fragment removed.
    fn into_map(self) -> BTreeMap<String, String> {
        let mut map: BTreeMap<String, String> = BTreeMap::new();
        let n = self.len.min(self.inline.len());
        for (name, value) in self.inline.into_iter().take(n).chain(self.more) {
            let mut value = if name.eq_ignore_ascii_case("location") {
                // A redirect target can carry a one-time code or token in its query.
                redact::redact_url(&value)
            } else {
                value.into_owned()
            };
            truncate(&mut value, MAX_HEADER_VALUE);
            let slot = map.entry(name.to_ascii_lowercase()).or_default();
            if !slot.is_empty() {
                slot.push_str(", ");
            }
            slot.push_str(&value);
            truncate(slot, MAX_HEADER_VALUE);
        }
        map
    }

    /// Whether the `content-type` that [`into_map`](Self::into_map) would give names
    /// `text/event-stream`, without building it. Each value is cut to [`MAX_HEADER_VALUE`],
    /// repeats are joined with `, ` and the whole is cut to [`MAX_HEADER_VALUE`] again: the
    /// needle holds no `, `, so it matches inside one value, and it survives the last cut when
    /// it ends within the first [`MAX_HEADER_VALUE`] bytes of the join (it is ASCII, so its end
    /// is a character boundary).
    fn says_event_stream(&self) -> bool {
        const NEEDLE: &[u8] = b"text/event-stream";
        let mut at = 0usize;
        let mut first = true;
        for (name, value) in self.iter() {
            if !name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            if !first {
                at += 2;
            }
            first = false;
            let Some(room) = MAX_HEADER_VALUE.checked_sub(at) else {
                return false;
            };
            let piece = head(value, MAX_HEADER_VALUE).as_bytes();
            if contains_ci_bytes(piece.get(..room).unwrap_or(piece), NEEDLE) {
                return true;
            }
            at += piece.len();
        }
        false
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for KeptHeaders<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Header<'a> {
            #[serde(borrow, default)]
            name: Loose<'a>,
            #[serde(borrow, default)]
            value: Loose<'a>,
        }
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = KeptHeaders<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of {name, value} headers")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<KeptHeaders<'a>, A::Error> {
                let mut out = KeptHeaders::default();
                while let Some(h) = s.next_element::<Header<'a>>()? {
                    if let (Some(name), Some(value)) = (h.name.into_str(), h.value.into_str()) {
                        out.add(name, value);
                    }
                }
                Ok(out)
            }
            // Some tools write headers as an object of name → value.
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<KeptHeaders<'a>, A::Error> {
                let mut out = KeptHeaders::default();
                while let Some((name, value)) = m.next_entry::<Loose<'a>, Loose<'a>>()? {
                    if let (Some(name), Some(value)) = (name.into_str(), value.into_str()) {
                        out.add(name, value);
                    }
                }
                Ok(out)
            }
            fn visit_unit<E>(self) -> Result<KeptHeaders<'a>, E> {
                Ok(KeptHeaders::default())
            }
            fn visit_none<E>(self) -> Result<KeptHeaders<'a>, E> {
                Ok(KeptHeaders::default())
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// The first letters, either case, of the kept header names and prefixes.
static KEPT_FIRST_LETTERS: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < KEPT_HEADERS.len() + KEPT_HEADER_PREFIXES.len() {
        let name = if i < KEPT_HEADERS.len() {
            KEPT_HEADERS[i]
        } else {
            KEPT_HEADER_PREFIXES[i - KEPT_HEADERS.len()]
        };
        let first = name.as_bytes()[0];
        table[first.to_ascii_lowercase() as usize] = true;
        table[first.to_ascii_uppercase() as usize] = true;
        i += 1;
    }
    table
};

/// [`crate::observation::is_kept_header`] without allocating: it runs for every response
/// header in the file.
fn is_kept(name: &str) -> bool {
    // Most names are rejected on their first letter.
    if !name
        .as_bytes()
        .first()
        .is_some_and(|&b| KEPT_FIRST_LETTERS[usize::from(b)])
    {
        return false;
    }
    KEPT_HEADERS.iter().any(|k| name.eq_ignore_ascii_case(k))
        || KEPT_HEADER_PREFIXES.iter().any(|p| {
            name.get(..p.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(p))
        })
}

/// Turns one parsed entry into observations: `http` when a status came back (plus a
/// `streamAbort` when Chrome saw a 2xx body break), `netError` when none did.
///
/// For a report ([`Keep::Report`]), a healthy request (a status below 400, no cut body, no
/// stream tail kept) is one no rule reads beyond its URL, status and times: the rules look at
/// error statuses, network errors, stream tails and cuts, and at healthy chat turns only for
/// their times (a later success makes a failure history) and at any request of a service to
/// count it. So a healthy request to a host outside the catalogue (no service, `Optional`) is
/// counted and left out, and other healthy requests keep only URL, status and times.
fn observe(e: Entry<'_>, out: &mut Sink) {
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
fn breaks_stream(kind: NetErrorKind) -> bool {
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
fn request_body_size(r: &Request<'_>) -> Option<u64> {
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
fn json_str_len(raw: &str) -> Option<u64> {
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

fn hex4(h: &[u8]) -> Option<u32> {
    let s = std::str::from_utf8(h).ok()?;
    u32::from_str_radix(s, 16).ok()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Head,
    Tail,
}

/// The first (or last) ≤ 2 KiB of a response body, decoded and redacted.
///
/// Only the end that is kept is decoded: a chat reply streams hundreds of KiB of SSE whose every
/// line holds escapes, and unescaping all of it to keep its last 2 KiB cost a third of the time
/// of a chat-heavy HAR (profiled).
fn excerpt(raw: Raw<'_>, base64: bool, side: Side) -> Option<String> {
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
fn json_part(raw: Raw<'_>, side: Side, want: usize) -> Option<(Cow<'_, str>, bool)> {
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
fn is_escape_start(b: &[u8], i: usize) -> bool {
    let run = b
        .get(..=i)
        .map_or(0, |s| s.iter().rev().take_while(|&&c| c == b'\\').count());
    run % 2 == 1
}

/// The escape that `p` lies inside (after its backslash, before its end): its start and end.
fn escape_around(b: &[u8], p: usize) -> Option<(usize, usize)> {
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
fn head_cut(b: &[u8], mut p: usize) -> usize {
    while p > 0 && b.get(p).is_some_and(|&c| c & 0xC0 == 0x80) {
        p -= 1;
    }
    escape_around(b, p).map_or(p, |(start, _)| start)
}

/// The smallest cut ≥ `p` that splits no escape and no UTF-8 character.
fn tail_cut(b: &[u8], mut p: usize) -> usize {
    while b.get(p).is_some_and(|&c| c & 0xC0 == 0x80) {
        p += 1;
    }
    escape_around(b, p).map_or(p, |(_, end)| end)
}

/// Whether a string literal's inside holds a `\uD800`–`\uDFFF` escape (half of a pair, or a
/// lone one).
fn has_surrogate_escape(b: &[u8]) -> bool {
    memchr::memmem::find_iter(b, b"\\u").any(|i| {
        matches!(b.get(i + 2), Some(b'd' | b'D'))
            && matches!(b.get(i + 3), Some(b'8' | b'9' | b'a'..=b'f' | b'A'..=b'F'))
            && is_escape_start(b, i)
    })
}

/// A JSON string literal's text, borrowed when it has no escapes.
fn json_string(raw: Raw<'_>) -> Option<Cow<'_, str>> {
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
fn head(s: &str, max: usize) -> &str {
    let mut cut = max.min(s.len());
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    s.get(..cut).unwrap_or_default()
}

/// The last ≤ `max` bytes of `s`, cut on a character boundary.
fn tail(s: &str, max: usize) -> &str {
    let mut cut = s.len().saturating_sub(max);
    while !s.is_char_boundary(cut) {
        cut += 1;
    }
    s.get(cut..).unwrap_or_default()
}

/// `s` cut to `max` bytes, owned.
fn bounded(s: &str, max: usize) -> String {
    head(s, max).to_owned()
}

fn contains_ci(hay: &str, needle: &str) -> bool {
    contains_ci_bytes(hay.as_bytes(), needle.as_bytes())
}

fn contains_ci_bytes(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// Decodes standard or URL-safe base64, skipping whitespace and padding; None when `s` holds
/// anything else (the text is then shown as it is).
fn decode_base64(s: &str) -> Option<Vec<u8>> {
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

/// An entry read without serde, when it is plainly shaped: serde_json's general machinery costs
/// more than half the time of a large HAR, and most entries are the same few shapes.
///
/// The reader walks the entry once, checking it is JSON at least as strictly as serde_json does
/// (it accepts less: escaped keys, non-objects where the typed structs also take arrays, deep
/// nesting, invalid UTF-8 even in strings serde would skip unread), and notes where the fields
/// [`Entry`] declares lie. Those few values are then read exactly as serde reads them (serde
/// itself reads numbers and escaped strings). Anything it is unsure of gives `None`, and serde
/// reads the entry instead: the result, and every error message, is then serde's.
mod fast {
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

        fn array(
            &mut self,
            depth: u32,
            mut item: impl FnMut(&mut Self) -> Option<()>,
        ) -> Option<()> {
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
}

#[cfg(test)]
mod tests {
    use super::*;
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
            Err(e) => e.message,
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
        let posted = "{\"action\":\"next\",\"messages\":[{\"content\":{\"parts\":[\"my private prompt é\"]}}]}";
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
            Some(
                r#"{"type":"error","error":{"type":"api_error","message":"Internal server error"}}"#
            ),
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
        let bad_inside =
            br#"{"log":{"entries":[{"request":{"url":"u"},"response":{"status":200,}}]}}"#;
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
        assert_eq!(a.out.gaps, vec![(0, 2_000)]);
        let report = a.finish_report(Lang::En).unwrap();
        assert!(report.findings.is_empty());
        // The catalogue's healthy requests stay, cut to URL, status and times.
        let har = many_entries(3);
        let mut a = HarAnalyzer::new().for_report();
        a.push(har.as_bytes()).unwrap();
        let obs = a.finish().unwrap();
        assert_eq!(obs.len(), 3);
        assert_eq!(
            obs[0],
            Observation::Http(HttpObservation {
                url: "https://chatgpt.com/backend-api/me".into(),
                status: 200,
                ..HttpObservation::default()
            })
        );
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
        assert_eq!(s.gaps, vec![(0, 2), (2, 5)]);
        assert_eq!(
            (0..3).map(|k| s.original_index(k)).collect::<Vec<_>>(),
            [2, 3, 7]
        );
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

    /// Observations from an entry the fast reader read, with its length; None when it gave up.
    fn by_fast(bytes: &[u8]) -> Option<(Vec<Observation>, usize)> {
        let (entry, len) = fast::entry(bytes)?;
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
                assert_eq!(fast, by_serde(&m), "{}", String::from_utf8_lossy(&m));
            }
            total += 1;
        }
        assert!(accepted > total / 10, "{accepted} of {total}");
    }
}
