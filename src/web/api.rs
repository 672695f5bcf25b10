//! The functions and the class exported to JavaScript (camelCase names, see each `js_name`).

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsError, JsValue};

#[cfg(feature = "har")]
use super::convert::file_error;
use super::convert::{from_js, input_error, parse_lang, to_js};
use crate::intake::Stored;
use crate::render::Texts;
#[cfg(feature = "page")]
use crate::report::Report;

/// The text source this module renders from: its own compiled-in texts (the help page's module),
/// else the extension's `_locales` files, asked through its JS (`super::texts`).
#[cfg(feature = "texts")]
fn texts() -> &'static dyn Texts {
    &crate::render::Compiled
}

/// See the other `texts`.
#[cfg(not(feature = "texts"))]
fn texts() -> &'static dyn Texts {
    &super::texts::Locales
}

/// Diagnoses an array of observation objects (the shapes of `crate::observation`) and returns the report,
/// rendered in `lang` (`en` when absent). A malformed entry throws an `Error` naming its index.
#[wasm_bindgen(js_name = diagnose)]
pub fn diagnose(observations: JsValue, lang: Option<String>) -> Result<JsValue, JsError> {
    let array: js_sys::Array = observations
        .dyn_into()
        .map_err(|_| input_error("observations", "expected an array of observation objects"))?;
    let mut parsed = Vec::with_capacity(array.length() as usize);
    for (i, value) in array.iter().enumerate() {
        // Read as the tab stores it (`intake::Stored`): one deserializer for both exports.
        let stored: Stored = from_js(value, &format!("observation {i}"))?;
        let mut observation = stored.observation;
        observation.bound();
        parsed.push(observation);
    }
    to_js(&crate::diagnose_with(texts(), &parsed, parse_lang(lang)))
}

#[cfg(feature = "page")]
/// Explains a pasted error message as a report in `lang` (`en` when absent).
#[wasm_bindgen(js_name = explain)]
pub fn explain(text: &str, lang: Option<String>) -> Result<JsValue, JsError> {
    to_js(&crate::explain_with(texts(), text, parse_lang(lang)))
}

#[cfg(feature = "page")]
/// Re-renders a report (as `diagnose` returned it) in another language; ids and parameters are
/// kept, every text is replaced.
#[wasm_bindgen(js_name = render)]
pub fn render(report: JsValue, lang: Option<String>) -> Result<JsValue, JsError> {
    let mut report: Report = from_js(report, "report")?;
    crate::render::render_with(texts(), &mut report, parse_lang(lang), None);
    to_js(&report)
}

#[cfg(feature = "page")]
/// A report as plain text in `lang`, for the clipboard or a support ticket.
#[wasm_bindgen(js_name = renderText)]
pub fn render_text(report: JsValue, lang: Option<String>) -> Result<String, JsError> {
    let mut report: Report = from_js(report, "report")?;
    crate::render::render_with(texts(), &mut report, parse_lang(lang), None);
    Ok(crate::render::render_text_with(texts(), &report))
}

/// Reads a HAR file fed in chunks (from `File.stream()`), never holding the whole file, and
/// diagnoses what it held. The help page's export (feature `har`): the extension reads no HAR.
#[cfg(feature = "har")]
#[wasm_bindgen(js_name = HarAnalyzer)]
#[derive(Debug)]
pub struct HarAnalyzer {
    inner: crate::har::HarAnalyzer,
}

#[cfg(feature = "har")]
impl Default for HarAnalyzer {
    fn default() -> HarAnalyzer {
        HarAnalyzer::new()
    }
}

#[cfg(feature = "har")]
#[wasm_bindgen(js_class = HarAnalyzer)]
impl HarAnalyzer {
    /// A reader at the start of a file. It keeps only what the diagnosis can use
    /// (`har::HarAnalyzer::for_report`), so its memory grows with the failures, not the file.
    /// It scans each chunk as it comes (no gathering of small chunks), so that after the last
    /// `push` the entry count is final; the page's worker feeds it whole megabytes, the size
    /// the reader is fastest with.
    #[wasm_bindgen(constructor)]
    pub fn new() -> HarAnalyzer {
        HarAnalyzer {
            inner: crate::har::HarAnalyzer::with_block(0).for_report(),
        }
    }

    /// Feeds the next chunk of the file's bytes; throws if the bytes cannot be a HAR.
    #[wasm_bindgen(js_name = push)]
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        self.inner.push(chunk).map_err(file_error)
    }

    /// The bytes fed so far (a JS number: exact up to 2^53 bytes).
    #[wasm_bindgen(getter, js_name = bytesSeen)]
    pub fn bytes_seen(&self) -> f64 {
        self.inner.bytes_seen() as f64
    }

    /// The HAR entries read so far; after the last `push`, the file's count (the page shows it
    /// as the final one).
    #[wasm_bindgen(getter, js_name = entriesSeen)]
    pub fn entries_seen(&self) -> f64 {
        self.inner.entries_seen() as f64
    }

    /// Ends the input and returns the report in `lang` (`en` when absent). Consumes the reader:
    /// calling anything on it afterwards throws.
    #[wasm_bindgen(js_name = finish)]
    pub fn finish(self, lang: Option<String>) -> Result<JsValue, JsValue> {
        let report = self
            .inner
            .finish_report(parse_lang(lang))
            .map_err(file_error)?;
        Ok(to_js(&report)?)
    }
}
