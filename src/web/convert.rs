//! The one place values cross between serde and JS, and errors become JS `Error`s.
//!
//! Values cross as JS values made by serde-wasm-bindgen, with its JSON-compatible serializer:
//! plain objects and arrays (never ES `Map`s), numbers, strings, booleans and `null`, which is
//! what `chrome.runtime` messaging and `storage` carry unchanged (both copy by the JSON rules in
//! Chrome). No JSON text is written or parsed on either side: a report reaches the background as
//! an object, and a stored observation comes back as one.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsError, JsValue};

use crate::render::Lang;

/// Serializes `value` as a plain, JSON-compatible JS value.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("cannot convert the result to JS: {e}")))
}

/// Deserializes a JS value; `what` names it in the error ("report", "observation 3").
/// `undefined` reads as `null` (an absent optional field), and a value of the wrong type is an
/// input error naming what was expected.
pub(crate) fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| input_error(what, &e.to_string()))
}

/// A crate error as a JS `Error` carrying its message.
pub(crate) fn to_js_error(error: crate::Error) -> JsError {
    JsError::new(&error.to_string())
}

/// A file the HAR reader or the sanitizer could not read, as a JS `Error` whose message is the
/// crate's one line and whose `code` is the [`crate::FileProblem`] id the page words it by (the
/// page never reads the message: it may quote a byte of the file).
#[cfg(any(feature = "har", feature = "sanitize"))]
pub(crate) fn file_error(error: impl Into<crate::Error>) -> JsValue {
    let error = error.into();
    let e = js_sys::Error::new(&error.to_string());
    if let Some(problem) = error.file_problem() {
        // An own data property of a fresh Error: setting it cannot fail.
        let _ = js_sys::Reflect::set(
            &e,
            &JsValue::from_str("code"),
            &JsValue::from_str(problem.id()),
        );
    }
    e.into()
}

/// A value from JS of the wrong shape as a JS `Error`: `what` names it, `problem` says how.
pub(crate) fn input_error(what: &str, problem: &str) -> JsError {
    to_js_error(crate::Error::Value {
        what: what.to_owned(),
        problem: problem.to_owned(),
    })
}

/// The language a JS caller asked for; absent means English.
pub(crate) fn parse_lang(tag: Option<String>) -> Lang {
    tag.as_deref().map(Lang::parse).unwrap_or_default()
}
