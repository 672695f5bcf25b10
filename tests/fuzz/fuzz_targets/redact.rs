//! Fuzz target `redact`: runs [`checks::redact`] on every input (see tests/fuzz/checks.rs for the
//! input layout and the invariants it asserts).
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::redact(data));
