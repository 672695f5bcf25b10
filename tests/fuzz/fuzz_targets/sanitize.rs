//! Fuzz target `sanitize`: runs [`checks::sanitize`] on every input (see tests/fuzz/checks.rs for the
//! input layout and the invariants it asserts).
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::sanitize(data));
