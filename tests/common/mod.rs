//! What the corpus tests share: the case folders under `tests/scenarios/`, their `expected.json`,
//! and a look for secret shapes that is independent of `chatmedic::redact`.
//!
//! Each integration test that says `mod common;` compiles its own copy and uses a part of it.
#![allow(dead_code)]
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

use chatmedic::Lang;
use serde::Deserialize;

/// The fewest cases the corpus may hold; an empty or gutted corpus must fail, not pass.
pub const MIN_CASES: usize = 60;

/// What a case expects. Unknown keys are an error, so a typo cannot silently drop a check.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Expected {
    pub description: String,
    pub verdict: String,
    pub top_cause: Option<String>,
    #[serde(default)]
    pub fixes: Vec<String>,
    #[serde(default)]
    pub absent_causes: Vec<String>,
    /// Fixes the top finding must not offer: ones that would contradict it ("wait a minute" for a
    /// limit that lasts hours, "while it is being fixed" when nothing is broken).
    #[serde(default)]
    pub absent_fixes: Vec<String>,
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub service: Option<String>,
    #[serde(default)]
    pub secrets: Vec<String>,
    /// Note ids (`telemetry_blocked`, `socket_recovered`, …) that must be among the report's notes.
    #[serde(default)]
    pub notes: Vec<String>,
    /// The failed action the top finding explains (`send`, `page_load`, `login`, `socket`,
    /// `page_error`, `check`).
    #[serde(default)]
    pub action: Option<String>,
    /// Part of a per-language accuracy set: a wrong verdict or top cause counts against the
    /// language's accuracy instead of failing the case on its own; every other check still holds.
    #[serde(default)]
    pub accuracy: bool,
    /// Also replayed in the browser with the extension (`tests/e2e/services.test.mjs`): the
    /// chat turn's recorded answer, served under the service's real host, must show the same
    /// top cause in the popup. Only observation cases of a chat app carry it.
    #[serde(default)]
    pub e2e: bool,
}

impl Expected {
    /// Reads a case folder's `expected.json`.
    pub fn read(dir: &Path) -> Result<Expected, String> {
        fs::read_to_string(dir.join("expected.json"))
            .map_err(|e| e.to_string())
            .and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string()))
    }
}

/// Which public entry point a case goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Har,
    Observations,
    Text,
}

impl Kind {
    pub const FILES: [(&'static str, Kind); 3] = [
        ("input.har", Kind::Har),
        ("observations.json", Kind::Observations),
        ("input.txt", Kind::Text),
    ];

    /// The case's one input file and its kind, when it has exactly one.
    pub fn input_of(dir: &Path) -> Option<(PathBuf, Kind)> {
        let inputs: Vec<(PathBuf, Kind)> = Kind::FILES
            .iter()
            .map(|(f, k)| (dir.join(f), *k))
            .filter(|(p, _)| p.exists())
            .collect();
        match inputs.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        }
    }
}

pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios")
}

/// Every case folder, sorted; `_`-folders (`_generator/`) hold tooling, not a case.
pub fn case_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(corpus_dir())
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_dir()
                        && !p
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('_'))
                })
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

/// A case folder's name.
pub fn case_name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub fn lang_of(tag: Option<&str>) -> Result<Lang, String> {
    match tag.unwrap_or("en") {
        "en" => Ok(Lang::En),
        "de" => Ok(Lang::De),
        "ja" => Ok(Lang::Ja),
        other => Err(format!("lang {other:?} is not en, de or ja")),
    }
}

/// One secret-shaped substring: the whole of it, and a short form safe to print in a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// What it looks like: `key`, `jwt`, `bearer` or `email`.
    pub kind: &'static str,
    /// The whole secret (for a bearer token, the token without `Bearer `).
    pub token: String,
    /// A prefix that does not give the secret away.
    pub display: String,
}

/// Substrings of `text` shaped like API keys, session keys, bearer tokens, JWTs or email
/// addresses. Vendor support addresses and the `allowed` strings (extension ids) are let through.
pub fn shapes(text: &str, allowed: &[&str]) -> Vec<Shape> {
    let token_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    for (i, _) in text.char_indices() {
        let rest = &text[i..];
        let run = |s: &str| s.chars().take_while(|c| token_char(*c)).count();
        // API keys and Claude session keys: `sk-…`, `sk-ant-…`, `sk-proj-…` with a long tail.
        if let Some(tail) = rest
            .strip_prefix("sk-")
            .filter(|_| i == 0 || !token_char(text[..i].chars().last().unwrap_or(' ')))
        {
            let n = run(tail);
            if n >= 20 {
                found.push(Shape {
                    kind: "key",
                    token: rest[..3 + n].to_owned(),
                    display: rest[..3 + n.min(12)].to_owned(),
                });
            }
        }
        // JWTs: base64url JSON header, a dot, base64url JSON payload (and the signature).
        if let Some(tail) = rest.strip_prefix("eyJ") {
            let head = run(tail);
            let after = &tail[head..];
            if head >= 8 && after.starts_with(".eyJ") && run(&after[1..]) >= 10 {
                let payload = run(&after[1..]);
                let mut end = 3 + head + 1 + payload;
                if let Some(sig) = rest[end..].strip_prefix('.') {
                    end += 1 + run(sig);
                }
                found.push(Shape {
                    kind: "jwt",
                    token: rest[..end].to_owned(),
                    display: rest[..12].to_owned(),
                });
            }
        }
        if rest
            .get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("bearer "))
        {
            let n = run(&rest[7..]);
            if n >= 16 {
                found.push(Shape {
                    kind: "bearer",
                    token: rest[7..7 + n].to_owned(),
                    display: rest[..7 + n.min(8)].to_owned(),
                });
            }
        }
        // Emails: a local part, `@`, a dotted domain.
        if bytes[i] == b'@' && i > 0 {
            let local = text[..i]
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_alphanumeric() || ".+_-".contains(*c))
                .count();
            let whole = format!(
                "{}{}",
                &text[i - local..i],
                rest.split(|c: char| !(c.is_ascii_alphanumeric() || ".-@".contains(c)))
                    .next()
                    .unwrap_or("")
            );
            let domain: String = rest[1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || ".-".contains(*c))
                .collect();
            let domain = domain.trim_end_matches('.');
            let vendor = [
                "openai.com",
                "anthropic.com",
                "google.com",
                "microsoft.com",
                "perplexity.ai",
            ]
            .iter()
            .any(|v| domain == *v || domain.ends_with(&format!(".{v}")));
            let whole = whole.trim_end_matches('.');
            if local > 0 && domain.contains('.') && !vendor && !allowed.contains(&whole) {
                found.push(Shape {
                    kind: "email",
                    token: whole.to_owned(),
                    display: format!("…@{domain}"),
                });
            }
        }
    }
    found
}

/// The printable forms of [`shapes`]: what a failure message may show.
pub fn secret_shapes(text: &str, allowed: &[&str]) -> Vec<String> {
    shapes(text, allowed)
        .into_iter()
        .map(|s| s.display)
        .collect()
}

pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}
