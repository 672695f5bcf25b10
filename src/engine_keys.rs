//! Which locale keys are the engine's texts: one list, read by `src/build.rs` (to split the
//! generated tables), by `crate::render` and by the locale tests.

/// The key prefixes of the texts the engine renders from ids and parameters; every other key
/// is a UI string of the extension or the help page.
pub const ENGINE_PREFIXES: [&str; 8] = [
    "cause_",
    "fix_",
    "verdict_",
    "label_",
    "summary_",
    "format_",
    "note_",
    "evidence_",
];

/// Whether a locale key is one of the engine's texts.
pub fn is_engine_key(key: &str) -> bool {
    ENGINE_PREFIXES.iter().any(|p| key.starts_with(p))
}
