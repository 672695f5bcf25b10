//! The one place values cross between serde and JS, and errors become JS `Error`s.
//!
//! Values cross as JSON text: `serde_json` on the Rust side, the engine's own `JSON.parse` and
//! `JSON.stringify` on the JS side. Everything that goes out is therefore plain JSON (objects,
//! not ES `Map`s), as extension messages must be (Chrome messaging docs), and every type is
//! (de)serialized by the one serde_json code the engine already carries for page messages and
//! status feeds: a second, JS-value serde format (serde-wasm-bindgen) would duplicate the derive
//! code of every type crossing the boundary, about a fifth of the extension's module.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsError, JsValue};

use crate::render::Lang;

/// Serializes `value` as a plain, JSON-compatible JS value.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let text = serde_json::to_string(value)
        .map_err(|e| JsError::new(&format!("cannot convert the result to JS: {e}")))?;
    js_sys::JSON::parse(&text)
        .map_err(|_| JsError::new("cannot convert the result to JS: JSON.parse failed"))
}

/// Deserializes a JS value; `what` names it in the error ("report", "observation 3"). `undefined`
/// reads as `null`; a value JSON cannot hold (a BigInt, a cycle) is an input error.
pub(crate) fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsError> {
    let text = match js_sys::JSON::stringify(&value) {
        // `JSON.stringify` gives `undefined` (no string) for `undefined`, functions and symbols.
        Ok(json) => json.as_string().unwrap_or_else(|| "null".to_owned()),
        Err(_) => return Err(input_error(what, "not a JSON value")),
    };
    serde_json::from_str(&text).map_err(|e| {
        // The position in text the caller never saw would only confuse; the message is enough.
        let message = e.to_string();
        let position = format!(" at line {} column {}", e.line(), e.column());
        let message = message.strip_suffix(&position).unwrap_or(&message);
        input_error(what, message)
    })
}

/// A crate error as a JS `Error` carrying its message.
pub(crate) fn to_js_error(error: crate::Error) -> JsError {
    JsError::new(&error.to_string())
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
