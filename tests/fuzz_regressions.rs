//! Replays the kept fuzz inputs: every file under tests/fuzz/regressions/<target>/ runs through
//! the same check its fuzz target runs (tests/fuzz/checks.rs), which panics on a crash or a broken
//! invariant. A target whose directory is empty fails: a corpus test that reads nothing proves
//! nothing.
#![cfg(not(target_arch = "wasm32"))]

#[path = "fuzz/checks.rs"]
mod checks;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

/// An input the fuzzer would call a timeout (`-timeout=1`), with room for a debug build.
const SLOW: Duration = Duration::from_secs(10);

fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/regressions")
        .join(target);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    assert!(
        !paths.is_empty(),
        "no regression inputs in {}",
        dir.display()
    );
    let mut failures = Vec::new();
    for path in &paths {
        let bytes = std::fs::read(path).unwrap();
        let start = Instant::now();
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| check(&bytes))) {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            failures.push(format!("{}: {why}", path.display()));
        } else if start.elapsed() > SLOW {
            failures.push(format!("{}: took {:?}", path.display(), start.elapsed()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn har() {
    replay("har", checks::har);
}

#[test]
fn explain() {
    replay("explain", checks::explain);
}

#[test]
fn message() {
    replay("message", checks::message);
}

#[test]
fn status() {
    replay("status", checks::status);
}

#[test]
fn sanitize() {
    replay("sanitize", checks::sanitize);
}

#[test]
fn redact() {
    replay("redact", checks::redact);
}
