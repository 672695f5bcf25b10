//! Property tests for the streaming HAR reader: no input and no chunking makes it panic, and
//! how the bytes are cut never changes what it reads.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use chatmedic::har::{read_observations, HarAnalyzer, HarError};
use chatmedic::Observation;
use proptest::prelude::*;

/// A small HAR in Chrome's layout with the cases the reader treats specially: escapes and
/// multi-byte characters in keys and values, an SSE chat turn, an error body in base64, a
/// failed request, and `log` keys on both sides of `entries`.
const HAR: &str = r##"{
  "log": {
    "version": "1.2",
    "creator": { "name": "WebInspector", "version": "537.36" },
    "pages": [ { "id": "page_1", "title": "ünïcødé \"title\" \\ [{" } ],
    "entries": [
      {
        "_resourceType": "fetch",
        "request": { "method": "POST", "url": "https://chatgpt.com/backend-api/f/conversation", "headers": [ { "name": "cookie", "value": "a=b" } ],
          "bodySize": 0, "postData": { "mimeType": "application/json", "text": "{\"p\":\"h\u00e9 \ud83d\ude00\"}" } },
        "response": { "status": 200, "headers": [ { "name": "Content-Type", "value": "text/event-stream" }, { "name": "x-request-id", "value": "r-1" } ],
          "content": { "size": 90, "mimeType": "text/event-stream", "text": "event: delta\ndata: {\"v\":\"日本語\"}\n\nevent: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}\n\n" } },
        "startedDateTime": "2025-11-18T14:03:25.000Z",
        "time": 5000
      },
      {
        "_resourceType": "xhr",
        "request": { "method": "GET", "url": "https://api.anthropic.com/v1/models" },
        "response": { "status": 529, "headers": [ { "name": "retry-after", "value": "5" } ],
          "content": { "encoding": "base64", "text": "eyJ0eXBlIjoiZXJyb3IiLCJlcnJvciI6eyJ0eXBlIjoib3ZlcmxvYWRlZF9lcnJvciJ9fQ==" } },
        "startedDateTime": "2025-11-18T14:03:26.000+01:00",
        "time": 12.5
      },
      {
        "_resourceType": "script",
        "request": { "method": "GET", "url": "https://cdn.oaistatic.com/assets/app.js" },
        "response": { "status": 0, "headers": [], "content": { "size": 0 }, "_error": "net::ERR_BLOCKED_BY_CLIENT" },
        "startedDateTime": "2025-11-18T14:03:27.000Z",
        "time": 1
      }
    ],
    "comment": "entries [ ] { } \" \\"
  }
}
"##;

fn whole(bytes: &[u8]) -> Result<Vec<Observation>, HarError> {
    let mut a = HarAnalyzer::new();
    a.push(bytes)?;
    a.finish()
}

/// Feeds `bytes` cut at the given points (taken modulo the length, in any order), each piece
/// scanned as it comes: small inputs would otherwise be gathered into one block and the
/// scanner's resumption would go untested.
fn cut_at(bytes: &[u8], cuts: &[usize]) -> Result<Vec<Observation>, HarError> {
    feed(HarAnalyzer::with_block(0), bytes, cuts)
}

/// The same with the default reader, which gathers small chunks inside `log.entries`.
fn gathered_at(bytes: &[u8], cuts: &[usize]) -> Result<Vec<Observation>, HarError> {
    feed(HarAnalyzer::new(), bytes, cuts)
}

fn feed(mut a: HarAnalyzer, bytes: &[u8], cuts: &[usize]) -> Result<Vec<Observation>, HarError> {
    let mut points: Vec<usize> = cuts
        .iter()
        .map(|c| if bytes.is_empty() { 0 } else { c % bytes.len() })
        .collect();
    points.push(0);
    points.push(bytes.len());
    points.sort_unstable();
    points.dedup();
    for w in points.windows(2) {
        a.push(&bytes[w[0]..w[1]])?;
    }
    assert_eq!(a.bytes_seen(), bytes.len() as u64);
    a.finish()
}

/// Bytes drawn mostly from JSON's structural alphabet and the keys the scanner looks for, so
/// that random inputs reach deep into the scanner rather than failing at byte 0.
fn jsonish() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(&b"{"[..]),
        Just(&b"}"[..]),
        Just(&b"["[..]),
        Just(&b"]"[..]),
        Just(&b"\""[..]),
        Just(&b"\\"[..]),
        Just(&b":"[..]),
        Just(&b","[..]),
        Just(&b" "[..]),
        Just(&b"\"log\":"[..]),
        Just(&b"\"entries\":"[..]),
        Just(&b"\"request\":{\"url\":\"u\"}"[..]),
        Just(&b"\"response\":{\"status\":500}"[..]),
        Just(&b"\"text\":\"x\""[..]),
        Just(&b"\\u00e9"[..]),
        Just(&b"null"[..]),
        Just(&b"12"[..]),
        Just("é".as_bytes()),
        Just(&b"\xff"[..]),
    ];
    (prop::collection::vec(piece, 0..60), prop::bool::ANY).prop_map(|(pieces, prefix)| {
        let mut v: Vec<u8> = if prefix {
            b"{\"log\":{\"entries\":[".to_vec()
        } else {
            Vec::new()
        };
        for p in pieces {
            v.extend_from_slice(p);
        }
        v
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        cuts in prop::collection::vec(any::<usize>(), 0..16),
    ) {
        let one = whole(&bytes);
        let many = cut_at(&bytes, &cuts);
        // Cutting may move an error's wording only if both fail; a success must not depend on it.
        prop_assert_eq!(one.is_ok(), many.is_ok());
        if let (Ok(a), Ok(b)) = (one, many) {
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn jsonish_bytes_never_panic_and_cuts_agree(
        bytes in jsonish(),
        cuts in prop::collection::vec(any::<usize>(), 0..16),
    ) {
        prop_assert_eq!(whole(&bytes), cut_at(&bytes, &cuts));
        prop_assert_eq!(whole(&bytes), gathered_at(&bytes, &cuts));
    }

    #[test]
    fn any_chunking_of_a_valid_har_reads_the_same(
        cuts in prop::collection::vec(any::<usize>(), 0..64),
    ) {
        let expected = whole(HAR.as_bytes()).unwrap();
        prop_assert_eq!(cut_at(HAR.as_bytes(), &cuts).unwrap(), expected.clone());
        prop_assert_eq!(gathered_at(HAR.as_bytes(), &cuts).unwrap(), expected);
    }

    #[test]
    fn a_damaged_har_never_panics(
        edits in prop::collection::vec((any::<usize>(), any::<u8>()), 1..8),
        cuts in prop::collection::vec(any::<usize>(), 0..8),
    ) {
        let mut bytes = HAR.as_bytes().to_vec();
        for (at, b) in edits {
            let n = bytes.len();
            bytes[at % n] = b;
        }
        prop_assert_eq!(whole(&bytes), cut_at(&bytes, &cuts));
    }
}

#[test]
fn the_valid_har_reads() {
    let obs = whole(HAR.as_bytes()).unwrap();
    assert_eq!(obs.len(), 3);
    let json = serde_json::to_string(&obs).unwrap();
    assert!(json.contains("overloaded_error"), "{json}");
    assert!(!json.contains("a=b"), "cookies never survive: {json}");
}

#[test]
fn every_prefix_is_an_error_or_a_result() {
    let bytes = HAR.as_bytes();
    let full = whole(bytes).unwrap();
    let mut ok = 0;
    for end in 0..=bytes.len() {
        // Whole and byte-by-byte: neither may panic, and both must agree.
        let a = whole(&bytes[..end]);
        let b = cut_at(&bytes[..end], &(0..end).collect::<Vec<_>>());
        assert_eq!(a, b, "prefix of {end} bytes");
        if let Ok(o) = a {
            assert_eq!(
                o, full,
                "only the whole file (and its trailing newline) reads"
            );
            ok += 1;
        }
    }
    // The file ends in "}\n": with and without the newline it reads.
    assert_eq!(ok, 2);
}

/// The scenario corpus's HARs are real-shaped exports: each must read, and read the same in
/// small and odd chunks as through `read_observations`.
#[test]
fn scenario_hars_read_the_same_however_cut() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path().join("input.har");
        if !path.exists() {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let expected =
            read_observations(&bytes[..]).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!expected.is_empty(), "{}", path.display());
        for size in [1, 3, 4096] {
            let cuts: Vec<usize> = (size..bytes.len()).step_by(size).collect();
            assert_eq!(
                cut_at(&bytes, &cuts).unwrap(),
                expected,
                "{} in chunks of {size}",
                path.display()
            );
        }
        seen += 1;
    }
    assert!(seen > 0, "no scenario HARs under {}", dir.display());
}
