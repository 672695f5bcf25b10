//! chatmedic: tells why an AI chat failed in the browser, and the one fix that applies.
//!
//! The engine is pure Rust: observations of what happened (requests, browser errors, streams,
//! WebSockets, extensions, status pages) go in, a ranked [`Report`] of causes and fixes comes out.
//! The same code runs natively (the `chatmedic` command line) and as WebAssembly (the extension
//! and the help page; see `src/web/`, the only place that touches browser APIs). The core never
//! imports that glue: where it needs something only a front end has, the front end passes it in
//! (the texts a report is rendered from: [`render::Texts`]). `docs/architecture.md` draws the
//! modules' layers and the paths through them.
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
pub mod context;
mod decimal;
pub mod diagnose;
pub mod engine_keys;
pub mod facts;
// The HAR reader renders its reports from the compiled-in texts, which the extension's module
// (no `har` feature) neither carries nor needs.
#[cfg(any(not(target_arch = "wasm32"), feature = "har"))]
pub mod har;
pub mod intake;
mod json_strings;
pub mod message;
pub mod observation;
pub mod provider;
pub mod reading;
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
#[cfg(any(not(target_arch = "wasm32"), feature = "har"))]
#[doc(inline)]
pub use har::{HarAnalyzer, HarError};
#[doc(inline)]
pub use observation::Observation;
#[doc(inline)]
pub use render::Lang;
#[doc(inline)]
pub use report::{Report, Verdict};

/// The crate's one error type: what went wrong, by kind; its `Display` is the one line a user
/// reads (the command line prints it after `chatmedic: `, the wasm exports throw it as an
/// `Error`'s message).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Observations given as JSON could not be read.
    #[error(transparent)]
    Observations(#[from] observation::ObservationsError),
    /// A status page's reply could not be read.
    #[error(transparent)]
    StatusPage(#[from] status::StatusError),
    /// A message a page sent was refused.
    #[error(transparent)]
    PageMessage(#[from] message::MessageError),
    /// A value handed to a wasm export is not of the shape it takes: `what` names the value
    /// (`report`, `observation 3`), `problem` says what is wrong with it.
    #[error("{what}: {problem}")]
    Value {
        /// The value, as the export's documentation names it.
        what: String,
        /// What is wrong with it.
        problem: String,
    },
    /// A HAR the sanitizer (`crate::sanitize::sanitize`) could not read or write.
    #[error(transparent)]
    Sanitize(#[from] sanitize::SanitizeError),
    /// A HAR file could not be read.
    #[cfg(any(not(target_arch = "wasm32"), feature = "har"))]
    #[error(transparent)]
    Har(#[from] HarError),
}

/// Why a file could not be read, in the terms of what its owner can do about it: the help page
/// words each as `web_har_error_<id>` (the byte offsets and details of `HarError` and
/// [`sanitize::SanitizeError`] are for the command line's one line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileProblem {
    /// Nothing in it.
    Empty,
    /// Another kind of file (text, HTML, other JSON, gzip, UTF-16).
    NotHar,
    /// A HAR cut short (a download or copy that ended early).
    Cut,
    /// One request larger than the reader takes.
    TooLarge,
    /// A HAR whose JSON is broken somewhere.
    Damaged,
    /// The bytes could not be read at all.
    Unreadable,
}

impl FileProblem {
    /// Every problem, in declaration order.
    pub const ALL: [FileProblem; 6] = [
        FileProblem::Empty,
        FileProblem::NotHar,
        FileProblem::Cut,
        FileProblem::TooLarge,
        FileProblem::Damaged,
        FileProblem::Unreadable,
    ];

    /// The stable id (`not_har`); the page's text key is `web_har_error_<id>`.
    pub fn id(self) -> &'static str {
        match self {
            FileProblem::Empty => "empty",
            FileProblem::NotHar => "not_har",
            FileProblem::Cut => "cut",
            FileProblem::TooLarge => "too_large",
            FileProblem::Damaged => "damaged",
            FileProblem::Unreadable => "unreadable",
        }
    }
}

impl Error {
    /// For a file the HAR reader or the sanitizer refused, what its owner faces; None for the
    /// other errors.
    pub fn file_problem(&self) -> Option<FileProblem> {
        match self {
            #[cfg(any(not(target_arch = "wasm32"), feature = "har"))]
            Error::Har(e) => Some(e.problem()),
            Error::Sanitize(e) => Some(e.problem()),
            _ => None,
        }
    }
}

/// Diagnoses a set of observations and renders the report in `lang`, from the compiled-in texts.
#[cfg(embedded_texts)]
pub fn diagnose(observations: &[Observation], lang: Lang) -> Report {
    diagnose_with(&render::Compiled, observations, lang)
}

/// Diagnoses a set of observations and renders the report in `lang` from the texts `texts`.
pub fn diagnose_with(
    texts: &dyn render::Texts,
    observations: &[Observation],
    lang: Lang,
) -> Report {
    let mut report = diagnose::run(observations);
    render::render_with(texts, &mut report, lang, None);
    report
}

/// Explains a pasted error message (any language the catalogue knows) as a report in `lang`,
/// from the compiled-in texts.
#[cfg(embedded_texts)]
pub fn explain(text: &str, lang: Lang) -> Report {
    explain_with(&render::Compiled, text, lang)
}

/// Explains a pasted error message as a report in `lang` from the texts `texts`.
pub fn explain_with(texts: &dyn render::Texts, text: &str, lang: Lang) -> Report {
    diagnose_with(texts, &text::observations_from_text(text), lang)
}

/// Reads a whole HAR from a reader, streaming, and returns its report in `lang`.
#[cfg(any(not(target_arch = "wasm32"), feature = "har"))]
pub fn analyze_har<R: std::io::Read>(reader: R, lang: Lang) -> Result<Report, Error> {
    Ok(har::analyze(reader, lang)?)
}
