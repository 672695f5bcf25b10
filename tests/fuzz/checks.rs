//! What the fuzz targets run and assert, shared by the cargo-fuzz targets (tests/fuzz/) and the
//! regression test (tests/fuzz_regressions.rs), so a kept input is replayed through the same code.
//!
//! Each function takes the raw fuzz input, must not panic, and panics (the failure libFuzzer and
//! the test report) when an invariant breaks. Inputs are bytes; where a function needs more than
//! the bytes, a control prefix picks it, so that the seed files and libFuzzer's mutations steer it:
//!
//! - `har`, `sanitize`: byte 0 and byte 1 give two chunk sizes (`b0 + 1` and `b1 * 61 + 1`),
//!   used alternately to cut the rest; the rest is the file.
//! - `explain`: byte 0 picks the language (`b0 % 3`: en, de, ja); the rest is the text (UTF-8,
//!   invalid sequences replaced, as a paste would be).
//! - `message`: byte 0 picks the tab's page (a service's chat URL, or a foreign one); the rest is
//!   the message's JSON text.
//! - `status`: byte 0 picks the service (`b0 % 7`) and whether a time is known (bit 7); the rest
//!   is the status feed's body.
//! - `redact`: the whole input is the text.
// Each fuzz target uses one of these functions; the others are dead code in that binary.
#![allow(dead_code)]

use std::borrow::Cow;

use chatmedic::catalog::StatusFormat;
use chatmedic::har::{HarAnalyzer, HarError};
use chatmedic::message::{self, PAGE_KINDS};
use chatmedic::observation::{HttpObservation, Observation, StatusObservation};
use chatmedic::sanitize::HarSanitizer;
use chatmedic::{redact, status, text, Lang, Report, ServiceId, Verdict};

/// The pages a `message` input may claim to come from: each service's chat page, then pages no
/// service claims.
fn pages() -> Vec<&'static str> {
    let mut pages: Vec<&'static str> = ServiceId::ALL.iter().map(|&s| text::chat_url(s)).collect();
    pages.extend(["https://example.com/", ""]);
    pages
}

/// The page URL `message` inputs use for control byte `b`.
pub fn page_for(b: u8) -> &'static str {
    let pages = pages();
    pages[usize::from(b) % pages.len()]
}

/// The control byte `message` inputs use for a page showing `service`.
pub fn page_byte(service: ServiceId) -> u8 {
    ServiceId::ALL
        .iter()
        .position(|&s| s == service)
        .map_or(0, |i| i as u8)
}

/// Splits off a `har`/`sanitize` input's two chunk sizes.
fn chunk_sizes(input: &[u8]) -> ([usize; 2], &[u8]) {
    match input {
        [a, b, rest @ ..] => ([usize::from(*a) + 1, usize::from(*b) * 61 + 1], rest),
        _ => ([1, 64], input),
    }
}

/// `data` cut into pieces of the two sizes, alternately.
fn chunks(data: &[u8], sizes: [usize; 2]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut i = 0;
    while at < data.len() {
        let end = (at + sizes[i % 2]).min(data.len());
        out.push(&data[at..end]);
        at = end;
        i += 1;
    }
    out
}

fn lang_of(b: u8) -> Lang {
    Lang::ALL[usize::from(b) % Lang::ALL.len()]
}

/// What every report must satisfy (as tests/engine_props.rs checks): confidences in 0..=1,
/// findings strongest first, "all clear" exactly when nothing was found, and it serializes.
pub fn check_report(report: &Report, lang: Lang) {
    assert_eq!(report.lang, lang.tag(), "report in the wrong language");
    for f in &report.findings {
        assert!(
            f.confidence.is_finite() && (0.0..=1.0).contains(&f.confidence),
            "{} has confidence {}",
            f.cause,
            f.confidence
        );
    }
    for w in report.findings.windows(2) {
        assert!(
            w[0].confidence >= w[1].confidence,
            "findings not sorted: {} {} before {} {}",
            w[0].cause,
            w[0].confidence,
            w[1].cause,
            w[1].confidence
        );
    }
    assert_eq!(
        report.verdict == Verdict::AllClear,
        report.findings.is_empty(),
        "verdict {} with {} findings",
        report.verdict.id(),
        report.findings.len()
    );
    if let Err(e) = serde_json::to_string(report) {
        panic!("report does not serialize: {e}");
    }
}

/// An observation already within the bounds [`Observation::bound`] sets: bounding it again
/// changes nothing.
fn assert_bounded(o: &Observation, what: &str) {
    let mut b = o.clone();
    b.bound();
    assert!(
        &b == o,
        "{what}: {} observation not within its bounds",
        message::kind_of(o)
    );
}

/// Reads a HAR from `chunks` with `reader`.
fn read_har<'a>(
    mut reader: HarAnalyzer,
    chunks: impl IntoIterator<Item = &'a [u8]>,
    len: usize,
) -> Result<Vec<Observation>, HarError> {
    for c in chunks {
        reader.push(c)?;
    }
    assert_eq!(reader.bytes_seen(), len as u64, "bytes_seen");
    reader.finish()
}

/// The HAR reader: whole, cut into chunks and scanned as they come, and cut into chunks gathered
/// into small blocks, it reads the same (an error may be worded differently, or found later, but
/// a file either reads or not however it is cut); what it reads is bounded and diagnoses sanely.
pub fn har(input: &[u8]) {
    let (sizes, data) = chunk_sizes(input);
    let pieces = chunks(data, sizes);
    let whole = read_har(HarAnalyzer::new(), [data], data.len());
    let cut = read_har(
        HarAnalyzer::with_block(0),
        pieces.iter().copied(),
        data.len(),
    );
    let gathered = read_har(
        HarAnalyzer::with_block(sizes[1]),
        pieces.iter().copied(),
        data.len(),
    );
    for (how, other) in [("cut", &cut), ("gathered", &gathered)] {
        match (&whole, other) {
            (Ok(a), Ok(b)) => assert!(a == b, "{how} in {sizes:?} reads differently"),
            (Err(_), Err(_)) => {}
            (a, b) => panic!(
                "whole: {:?}; {how} in {sizes:?}: {:?}",
                a.as_ref().map(Vec::len),
                b.as_ref().map(Vec::len)
            ),
        }
    }
    if let Ok(observations) = whole {
        for o in &observations {
            assert_bounded(o, "har");
        }
        let lang = lang_of(input.first().copied().unwrap_or(0));
        check_report(&chatmedic::diagnose(&observations, lang), lang);
    }
}

/// `explain` on any text, in any language, gives a sane report; the hints' confidences are in
/// 0..=1 and the observations read from the text are bounded.
pub fn explain(input: &[u8]) {
    let (lang, bytes) = match input {
        [b, rest @ ..] => (lang_of(*b), rest),
        [] => (Lang::En, input),
    };
    let text = String::from_utf8_lossy(bytes);
    check_report(&chatmedic::explain(&text, lang), lang);
    for hint in text::classify(&text) {
        assert!(
            hint.confidence.is_finite() && (0.0..=1.0).contains(&hint.confidence),
            "hint {} has confidence {}",
            hint.cause,
            hint.confidence
        );
    }
    for o in text::observations_from_text(&text) {
        assert_bounded(&o, "explain");
    }
}

/// The background's check of a page-sent message (`message::decode_page_observation`, the text
/// form of the gate the extension's `intake` export passes page messages through): whatever it
/// accepts is a page kind,
/// about the tab's own service, passes the check again, is bounded, and diagnoses sanely.
pub fn message(input: &[u8]) {
    let (page, bytes) = match input {
        [b, rest @ ..] => (page_for(*b), rest),
        [] => (page_for(0), input),
    };
    let json = String::from_utf8_lossy(bytes);
    let Ok(observation) = message::decode_page_observation(&json, page) else {
        return;
    };
    let kind = message::kind_of(&observation);
    assert!(
        PAGE_KINDS.contains(&kind),
        "accepted kind {kind} from a page"
    );
    assert!(
        chatmedic::catalog::service_of(page).is_some(),
        "accepted an observation from {page:?}, a page no service claims"
    );
    if let Err(e) = message::check_page_observation(&observation, page) {
        panic!("accepted, then refused once bounded: {e}");
    }
    assert_bounded(&observation, "message");
    check_report(
        &chatmedic::diagnose(std::slice::from_ref(&observation), Lang::En),
        Lang::En,
    );
}

/// The status-page parsers, both formats and through `status::parse`: `parse` gives what the
/// named format's parser gives, else what the other's gives; what they read is about the given
/// service, bounded, and diagnoses sanely beside a failed chat request.
pub fn status(input: &[u8]) {
    let (ctl, bytes) = match input {
        [b, rest @ ..] => (*b, rest),
        [] => (0, input),
    };
    let service = ServiceId::ALL[usize::from(ctl & 0x7f) % ServiceId::ALL.len()];
    let time = (ctl & 0x80 == 0).then_some(1.763e12);
    let body = String::from_utf8_lossy(bytes);
    let atlassian = status::parse_atlassian(&body, service, time).ok();
    let incident_io = status::parse_incident_io(&body, service, time).ok();
    let as_atlassian = status::parse(StatusFormat::Atlassian, &body, service, time).ok();
    let as_incident_io = status::parse(StatusFormat::IncidentIo, &body, service, time).ok();
    assert!(
        as_atlassian == atlassian.clone().or(incident_io.clone()),
        "parse(Atlassian) is neither parser's reading"
    );
    assert!(
        as_incident_io == incident_io.clone().or(atlassian.clone()),
        "parse(IncidentIo) is neither parser's reading"
    );
    for s in [atlassian, incident_io].into_iter().flatten() {
        check_status(&s, service);
        let observations = [
            Observation::Http(HttpObservation {
                url: text::chat_url(service).to_owned(),
                method: "POST".to_owned(),
                status: 503,
                ..Default::default()
            }),
            Observation::Status(s),
        ];
        check_report(&chatmedic::diagnose(&observations, Lang::En), Lang::En);
    }
}

fn check_status(s: &StatusObservation, service: ServiceId) {
    assert_eq!(s.service, service, "status for the wrong service");
    assert!(
        s.components.len() <= 200,
        "{} components",
        s.components.len()
    );
    assert!(s.incidents.len() <= 50, "{} incidents", s.incidents.len());
    assert!(
        s.maintenances.len() <= 50,
        "{} maintenances",
        s.maintenances.len()
    );
    for c in &s.components {
        assert!(
            c.name.len() <= 512,
            "component name of {} bytes",
            c.name.len()
        );
    }
    for e in s.incidents.iter().chain(&s.maintenances) {
        assert!(e.name.len() <= 512, "event name of {} bytes", e.name.len());
        if let Some(url) = &e.url {
            assert!(url.len() <= 512, "event URL of {} bytes", url.len());
            assert!(url.starts_with("http"), "event URL {url:?}");
        }
    }
    assert_bounded(&Observation::Status(s.clone()), "status");
}

/// Sanitizes `chunks` into one output.
fn sanitize_chunks<'a>(
    chunks: impl IntoIterator<Item = &'a [u8]>,
) -> Result<Vec<u8>, chatmedic::sanitize::SanitizeError> {
    let mut s = HarSanitizer::new();
    let mut out = Vec::new();
    for c in chunks {
        s.push(c, &mut out)?;
    }
    s.finish(&mut out)?;
    Ok(out)
}

/// The HAR sanitizer: whole and cut into chunks it writes the same copy (or fails both ways),
/// and when the input was valid JSON so is the copy.
pub fn sanitize(input: &[u8]) {
    let (sizes, data) = chunk_sizes(input);
    let whole = sanitize_chunks([data]);
    let cut = sanitize_chunks(chunks(data, sizes));
    match (&whole, &cut) {
        (Ok(a), Ok(b)) => assert!(a == b, "the copy depends on the chunks {sizes:?}"),
        (Err(_), Err(_)) => {}
        (a, b) => panic!(
            "whole: {:?}; in chunks {sizes:?}: {:?}",
            a.as_ref().map(Vec::len),
            b.as_ref().map(Vec::len)
        ),
    }
    if let Ok(out) = whole {
        if serde_json::from_slice::<serde::de::IgnoredAny>(data).is_ok() {
            if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&out) {
                panic!(
                    "valid JSON in, invalid JSON out ({e}): {:?}",
                    String::from_utf8_lossy(&out)
                );
            }
        }
    }
}

/// Redaction: its result is a fixed point (redacting it again changes nothing, so it is
/// "clean"), and `redact_url` does not panic.
pub fn redact(input: &[u8]) {
    let text = String::from_utf8_lossy(input);
    let once = redact::redact(&text);
    let twice = redact::redact(&once);
    assert!(
        matches!(twice, Cow::Borrowed(_)) && twice == once,
        "redaction is not a fixed point: {once:?} -> {twice:?}"
    );
    assert!(redact::is_clean(&once));
    let _ = redact::redact_url(&text);
}
