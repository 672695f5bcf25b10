//! The "download sanitized HAR" export: [`crate::sanitize::HarSanitizer`] fed chunk by chunk
//! from `File.stream()`, each call handing back the sanitized bytes it completed.

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsError, JsValue};

use super::convert::{file_error, to_js};

/// Rewrites a HAR, streaming, into a copy safe to send to support (cookies, credentials,
/// tokens, keys, emails, prompt and reply text removed).
#[wasm_bindgen(js_name = HarSanitizer)]
#[derive(Debug, Default)]
pub struct HarSanitizer {
    inner: crate::sanitize::HarSanitizer,
}

#[wasm_bindgen(js_class = HarSanitizer)]
impl HarSanitizer {
    /// A sanitizer at the start of a file.
    #[wasm_bindgen(constructor)]
    pub fn new() -> HarSanitizer {
        HarSanitizer::default()
    }

    /// Reads the next chunk; returns the sanitized bytes it completed (possibly none). Throws an
    /// `Error` naming the byte offset when the input is not a HAR, its `code` the page's
    /// [`crate::FileProblem`] id.
    #[wasm_bindgen(js_name = push)]
    pub fn push(&mut self, chunk: &[u8]) -> Result<Vec<u8>, JsValue> {
        let mut out = Vec::with_capacity(chunk.len() / 2);
        self.inner.push(chunk, &mut out).map_err(file_error)?;
        Ok(out)
    }

    /// Ends the input; returns the last sanitized bytes. Throws when the file was cut short.
    /// Consumes the sanitizer.
    #[wasm_bindgen(js_name = finish)]
    pub fn finish(self) -> Result<Vec<u8>, JsValue> {
        let mut out = Vec::new();
        self.inner.finish(&mut out).map_err(file_error)?;
        Ok(out)
    }

    /// What was removed so far (`bytesIn`, `bytesOut`, `entries`, `cookieLists`, `cookies`, `headers`,
    /// `queryValues`, `requestBodies`, `responseBodies`, `strings`).
    #[wasm_bindgen(js_name = stats)]
    pub fn stats(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.stats())
    }
}
