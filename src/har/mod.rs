//! A streaming HAR 1.2 reader: fed in chunks, it keeps only what the rules need.
//!
//! The file is never held whole. A small resumable scanner tracks string and escape state and
//! nesting depth as chunks arrive (a chunk may end anywhere: inside a UTF-8 character, an escape
//! or a key), finds `log.entries` wherever it sits among `log`'s keys, and cuts the array into one
//! byte slice per entry. Each entry is read into borrowed structs that declare only the fields a
//! rule reads: by a small reader of its own when the entry is plainly shaped (it checks the JSON
//! as strictly as serde_json outside body texts, whose strings it only searches for their end,
//! and is several times faster; see `reader.rs` and `strings.rs`), else by serde_json, whose
//! reading and error messages are then the result. Response bodies
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
//! of healthy requests it keeps a count per service and the latest chat-turn success per
//! service and URL, so its memory follows the failures in a file rather than its size or its
//! number of chat turns, and its report is the one the full list gives.
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

mod model;
mod observe;
mod reader;
mod scanner;
// The string-end search is shared with the sanitizer, which is built without the HAR reader.
use crate::json_strings as strings;
#[cfg(test)]
mod tests;

use model::*;
use observe::*;
use scanner::*;

/// Why a HAR could not be read: what went wrong and where (byte offsets count from the file's
/// first byte). `Display` gives the one line the command line prints and the page shows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HarError {
    /// Nothing but whitespace.
    #[error("empty input")]
    Empty,
    /// The first byte is not the root object's `{`; `hint` says what the file looks like.
    #[error("not a HAR file: expected '{{' at byte {at} (found {}){}", describe(*.found), .hint.map_or("", NotHarHint::says))]
    NotAnObject {
        /// Where the unexpected byte is.
        at: u64,
        /// The byte found there.
        found: u8,
        /// What the file seems to be instead, when its first byte says.
        hint: Option<NotHarHint>,
    },
    /// The JSON ended at the end of the root object, with no `log.entries` array in it.
    #[error("no log.entries array found")]
    NoEntries,
    /// `log.entries` is there but is not an array.
    #[error("log.entries at byte {at} is not an array (found {})", describe(*.found))]
    EntriesNotArray {
        /// Where its value starts.
        at: u64,
        /// That value's first byte.
        found: u8,
    },
    /// Containers nested deeper than the scanner follows.
    #[error("not a HAR file: nested deeper than {max} levels at byte {at}")]
    TooDeep {
        /// Where the container that went too deep opens.
        at: u64,
        /// The deepest nesting followed.
        max: usize,
    },
    /// The file ends before the root object closes.
    #[error("HAR ends early at byte {at} ({inside})")]
    Truncated {
        /// The file's length.
        at: u64,
        /// Where the scanner was when the bytes ran out.
        inside: Inside,
    },
    /// Malformed JSON outside the entries: a bracket that does not match, a misplaced `:` or a
    /// missing `,`, or bytes after the root object.
    #[error("{0}")]
    Malformed(Malformed),
    /// One entry is larger than the reader gathers.
    #[error("entry {index} at byte {at} is larger than {max_mib} MiB")]
    EntryTooLarge {
        /// Its index in `log.entries`.
        index: u64,
        /// Where it starts.
        at: u64,
        /// The largest entry gathered, in MiB.
        max_mib: usize,
    },
    /// One entry is not valid JSON (`byte` is where its JSON breaks) or lacks a field every
    /// HAR entry has (`byte` is None). `what` is serde_json's description with any quoted
    /// input value removed (it may be a cookie or a prompt).
    #[error("entry {index} at byte {at}: {what}{}", .byte.map(|b| format!(" (byte {b})")).unwrap_or_default())]
    Entry {
        /// Its index in `log.entries`.
        index: u64,
        /// Where it starts.
        at: u64,
        /// What is wrong with it.
        what: String,
        /// Where the JSON breaks, for a syntax error.
        byte: Option<u64>,
    },
    /// The file could not be read (an I/O or decompression error).
    #[error("cannot read the HAR at byte {at}: {message}")]
    Read {
        /// How many bytes had been read.
        at: u64,
        /// The system's description.
        message: String,
    },
}

impl HarError {
    /// What the file's owner faces, for the help page's wording.
    pub fn problem(&self) -> crate::FileProblem {
        use crate::FileProblem as P;
        match self {
            HarError::Empty => P::Empty,
            HarError::NotAnObject { .. }
            | HarError::NoEntries
            | HarError::EntriesNotArray { .. }
            | HarError::TooDeep { .. } => P::NotHar,
            HarError::Truncated { .. } => P::Cut,
            HarError::EntryTooLarge { .. } => P::TooLarge,
            HarError::Malformed(_) | HarError::Entry { .. } => P::Damaged,
            HarError::Read { .. } => P::Unreadable,
        }
    }
}

/// What a file that is not a HAR looks like, from its first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotHarHint {
    /// A gzip stream (`0x1f`).
    Gzip,
    /// UTF-16 text (a byte-order mark `0xFF` or `0xFE`).
    Utf16,
    /// A JSON array.
    Array,
}

impl NotHarHint {
    fn says(self) -> &'static str {
        match self {
            NotHarHint::Gzip => "; it looks gzip-compressed: decompress it first",
            NotHarHint::Utf16 => "; it looks like UTF-16 text: save it as UTF-8",
            NotHarHint::Array => "; a HAR is an object with a \"log\" key",
        }
    }
}

/// Where the scanner was when a file ended early.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Inside {
    /// Inside entry `n` of `log.entries`.
    #[error("inside entry {0}")]
    Entry(u64),
    /// Inside `log.entries`, before its first entry.
    #[error("inside log.entries, before the first entry")]
    EntriesStart,
    /// Inside `log.entries`, after entry `n`.
    #[error("inside log.entries, after entry {0}")]
    EntriesAfter(u64),
    /// Inside `log`, outside its entries.
    #[error("inside log")]
    Log,
    /// Inside the root object, outside `log`.
    #[error("inside the HAR object")]
    Root,
}

/// Malformed JSON the scanner found outside the entries it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Malformed {
    /// A closing bracket that does not match the open one.
    #[error("not valid JSON: found '{}' at byte {at} where '{}' was expected", *.found as char, *.expected as char)]
    Mismatched {
        /// Where it is.
        at: u64,
        /// The bracket found.
        found: u8,
        /// The bracket that would close the open container.
        expected: u8,
    },
    /// A closing bracket with nothing open.
    #[error("not valid JSON: unmatched '{}' at byte {at}", *.found as char)]
    Unmatched {
        /// Where it is.
        at: u64,
        /// The bracket found.
        found: u8,
    },
    /// A `:` between elements of `log.entries`.
    #[error("not valid JSON: ':' at byte {at} inside log.entries")]
    ColonInEntries {
        /// Where it is.
        at: u64,
    },
    /// An element of `log.entries` that does not follow a `,` or the `[`.
    #[error("not valid JSON: expected ',' or ']' at byte {at} in log.entries (found {})", describe(*.found))]
    MissingComma {
        /// Where the element starts.
        at: u64,
        /// Its first byte.
        found: u8,
    },
    /// Something other than whitespace after the root object.
    #[error("unexpected data after the end of the HAR at byte {at} (found {})", describe(*.found))]
    TrailingData {
        /// Where it starts.
        at: u64,
        /// Its first byte.
        found: u8,
    },
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
/// What a reader keeps of each entry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Keep {
    /// Every entry's observations, whole: what [`HarAnalyzer::finish`] returns.
    #[default]
    All,
    /// What a diagnosis can use (see [`HarAnalyzer::for_report`]).
    Report,
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
    /// [`finish_report`](Self::finish_report). Healthy requests are not kept: they are counted
    /// per service, and of the chat turns that worked the latest per service and URL is kept
    /// (URL, status and times; at most 8 per service), so memory grows with the failures, not
    /// with the file or its chat turns. The report is the one the whole list gives.
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
            Phase::Start => Err(HarError::Empty),
            Phase::Body => {
                let inside = if self.elem != Elem::None {
                    Inside::Entry(self.entries)
                } else if self.entries_open && self.entries == 0 {
                    Inside::EntriesStart
                } else if self.entries_open {
                    Inside::EntriesAfter(self.entries - 1)
                } else if self.log_open {
                    Inside::Log
                } else {
                    Inside::Root
                };
                Err(HarError::Truncated {
                    at: self.scanned,
                    inside,
                })
            }
            Phase::End if !self.found_entries => Err(HarError::NoEntries),
            Phase::End => Ok(self.out),
        }
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
                    return Err(HarError::Read {
                        at: a.bytes_seen() + n as u64,
                        message: e.to_string(),
                    })
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
