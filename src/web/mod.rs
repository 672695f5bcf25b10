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
pub mod panic;
pub mod probe;
#[cfg(feature = "sanitize")]
pub mod sanitize;
pub mod status;
#[cfg(not(feature = "texts"))]
pub(crate) mod texts;

use wasm_bindgen::prelude::wasm_bindgen;

pub use api::diagnose;
#[cfg(feature = "har")]
pub use api::HarAnalyzer;
#[cfg(feature = "page")]
pub use api::{explain, render, render_text};
pub use extension::{catalog_info, classify_url, intake, place_on_tab};
pub use panic::{on_panic, reset_engine, self_test_panic, self_test_panic_later};

/// Runs when an instance starts (the first one and each one that replaces an instance a panic
/// ended): installs the hook that reports a panic to JS and schedules the replacement
/// (`panic.rs`), so a bug that slips past the checks above is an error with a message, not a
/// bare `unreachable` trap that leaves the extension without an engine.
#[wasm_bindgen(start)]
pub fn start() {
    panic::install_hook();
}
