//! The one place values cross between serde and JS, and errors become JS `Error`s.
//!
//! Everything goes out through `Serializer::json_compatible()`: maps become plain objects, not
//! ES `Map`s, because extension messages must be JSON-serializable (Chrome messaging docs).

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
pub(crate) fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        // serde-wasm-bindgen's errors are JS `Error`s whose text starts "Error: ".
        let text = e.to_string();
        let text = text.strip_prefix("Error: ").unwrap_or(&text);
        input_error(&format!("{what}: {text}"))
    })
}

/// A crate error as a JS `Error` carrying its message.
pub(crate) fn to_js_error(error: crate::Error) -> JsError {
    JsError::new(&error.to_string())
}

/// An input error (bad shape from JS) as a JS `Error`, worded like the core's input errors.
pub(crate) fn input_error(message: &str) -> JsError {
    to_js_error(crate::Error::Input(message.to_owned()))
}

/// The language a JS caller asked for; absent means English.
pub(crate) fn parse_lang(tag: Option<String>) -> Lang {
    tag.as_deref().map(Lang::parse).unwrap_or_default()
}
