//! chatmedic: tells why an AI chat failed in the browser, and the one fix that applies.
//!
//! The engine is pure Rust: observations of what happened (requests, browser errors, streams,
//! WebSockets, extensions, status pages) go in, a ranked [`Report`] of causes and fixes comes out.
//! The same code runs natively (the `chatmedic` command line) and as WebAssembly (the extension
//! and the help page; see `src/web/`, the only place that touches browser APIs).
//!
//! ```
//! let report = chatmedic::explain("API Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", chatmedic::Lang::En);
//! assert_eq!(report.findings[0].cause, chatmedic::Cause::ServerOverloaded);
//! ```

// A panic across the wasm boundary breaks the page: library code returns errors instead. Tests
// may unwrap.
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod blockers;
pub mod catalog;
pub mod cause;
mod decimal;
pub mod diagnose;
pub mod engine_keys;
pub mod facts;
pub mod har;
pub mod intake;
pub mod message;
pub mod observation;
pub mod redact;
pub mod render;
pub mod report;
pub mod rules;
pub mod sanitize;
pub mod status;
pub mod text;
pub mod time;

#[cfg(target_arch = "wasm32")]
pub mod web;

#[doc(inline)]
pub use catalog::ServiceId;
#[doc(inline)]
pub use cause::{Cause, FixId, Side};
#[doc(inline)]
pub use har::{HarAnalyzer, HarError};
#[doc(inline)]
pub use observation::Observation;
#[doc(inline)]
pub use render::Lang;
#[doc(inline)]
pub use report::{Report, Verdict};

/// The crate's one error type.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input was not what it should be; the message says what and where.
    #[error("{0}")]
    Input(String),
    /// A HAR file could not be read.
    #[error(transparent)]
    Har(#[from] HarError),
}

/// Diagnoses a set of observations and renders the report in `lang`.
pub fn diagnose(observations: &[Observation], lang: Lang) -> Report {
    let mut report = diagnose::run(observations);
    render::render(&mut report, lang);
    report
}

/// Explains a pasted error message (any language the catalogue knows) as a report in `lang`.
pub fn explain(text: &str, lang: Lang) -> Report {
    diagnose(&text::observations_from_text(text), lang)
}

/// Reads a whole HAR from a reader, streaming, and returns its report in `lang`.
pub fn analyze_har<R: std::io::Read>(reader: R, lang: Lang) -> Result<Report, Error> {
    Ok(har::analyze(reader, lang)?)
}
