//! The WebAssembly face of the engine: the exports the extension, the help page and the
//! wasm-bindgen tests call. The only module that names wasm-bindgen, js-sys, web-sys or
//! serde-wasm-bindgen; it converts and forwards, the engine itself stays pure Rust.
//!
//! A panic across this boundary leaves the wasm instance unusable for the page, so nothing here
//! unwraps: bad input from JS becomes a thrown `Error` whose message names what was wrong.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod api;
mod convert;
mod extension;
pub mod probe;
pub mod sanitize;
pub mod status;

use wasm_bindgen::prelude::wasm_bindgen;

pub use api::{diagnose, explain, render, render_text, HarAnalyzer};
pub use extension::{catalog_info, check_page_observation, classify_url, is_kept_header};

/// Runs once when the module is instantiated: routes Rust panic messages to the console, so a
/// bug that slips past the checks above is visible instead of a bare `unreachable` trap.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("chatmedic panicked: {info}").into());
    }));
}
