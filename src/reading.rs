//! Readers of the raw strings an observation carries: a JSON error body whichever API wrote
//! it, the error code in a Gemini stream, a user agent's browser and version, a clock offset,
//! `retry-after` and rate-limit reset durations.
//!
//! Pure functions of their input, below everything that draws conclusions: the context, the
//! rules, the text classifier and the sanitizer read through them (see `docs/architecture.md`).

use serde_json::Value;

/// A clock further off than this breaks TLS and signed tokens (five minutes is the usual
/// tolerance of token checks).
const CLOCK_SKEW_MS: f64 = 5.0 * 60.0 * 1000.0;

/// Whether a clock this far off (ms) breaks TLS and signed tokens.
pub fn clock_skewed(offset_ms: f64) -> bool {
    offset_ms.abs() > CLOCK_SKEW_MS
}

/// The oldest major versions the chat apps still support (their help pages ask for the last
/// two years of releases; older engines miss APIs the apps use).
const MIN_VERSIONS: &[(&str, u32)] = &[
    ("Chrome", 109),
    ("Edge", 109),
    ("Opera", 95),
    ("Firefox", 115),
    ("Safari", 16),
];

/// The browser and version a user agent names, when the chat apps no longer support it.
pub fn unsupported_browser(ua: &str) -> Option<(&'static str, u32)> {
    let (browser, version) = browser_version(ua)?;
    MIN_VERSIONS
        .iter()
        .any(|(b, min)| *b == browser && version < *min)
        .then_some((browser, version))
}

/// What a JSON error body says, whichever API wrote it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ErrorBody {
    /// `error.type` (OpenAI, Anthropic), or the top-level `type` when it is not `"error"`.
    pub kind: Option<String>,
    /// `error.code` (OpenAI).
    pub code: Option<String>,
    /// `error.message`, `detail`, `message` or `title`.
    pub message: Option<String>,
}

impl ErrorBody {
    /// Reads an error body excerpt (which may be cut short). None when it is not JSON-ish.
    pub fn parse(body: &str) -> Option<ErrorBody> {
        let t = body.trim_start();
        if !t.starts_with('{') {
            return None;
        }
        if let Ok(v) = serde_json::from_str::<Value>(t) {
            return Some(Self::from_value(&v));
        }
        // A cut excerpt: read the first few `"key":"value"` pairs by hand.
        Some(ErrorBody {
            kind: scan_field(t, "type"),
            code: scan_field(t, "code"),
            message: scan_field(t, "message").or_else(|| scan_field(t, "detail")),
        })
    }

    fn from_value(v: &Value) -> ErrorBody {
        // A service's own envelope first (`Service::error_fields`).
        if let Some(f) = crate::provider::error_fields(v) {
            return ErrorBody {
                kind: f.kind,
                code: f.code,
                message: f.message,
            };
        }
        let s = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
        let err = v.get("error");
        match err {
            Some(e) if e.is_object() => ErrorBody {
                kind: s(e.get("type")),
                code: e.get("code").and_then(|c| {
                    c.as_str()
                        .map(str::to_owned)
                        .or_else(|| c.as_i64().map(|n| n.to_string()))
                }),
                message: s(e.get("message")),
            },
            Some(Value::String(m)) => ErrorBody {
                kind: None,
                code: None,
                message: Some(m.clone()),
            },
            _ => ErrorBody {
                kind: s(v.get("type")).filter(|t| t != "error"),
                code: s(v.get("code")),
                message: s(v.get("detail"))
                    .or_else(|| {
                        v.get("detail")
                            .and_then(|d| d.get("message"))
                            .and_then(Value::as_str)
                            .map(str::to_owned)
                    })
                    .or_else(|| s(v.get("message")))
                    .or_else(|| s(v.get("title"))),
            },
        }
    }

    /// Type, code and message lower-cased and joined, for matching.
    pub fn haystack(&self) -> String {
        [&self.kind, &self.code, &self.message]
            .iter()
            .filter_map(|x| x.as_deref())
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    }
}

/// Reads `"key":"value"` from JSON text without parsing it (for excerpts cut mid-way): the first
/// value that is not the envelope's `"error"`. A value cut by the excerpt's end is kept as is.
fn scan_field(t: &str, key: &str) -> Option<String> {
    let pat = format!("\"{key}\"");
    t.match_indices(&pat).find_map(|(i, _)| {
        let rest = t[i + pat.len()..].trim_start().strip_prefix(':')?;
        let rest = rest.trim_start().strip_prefix('"')?;
        let value = &rest[..rest.find('"').unwrap_or(rest.len())];
        (value != "error" && !value.is_empty()).then(|| value.to_owned())
    })
}

/// Gemini's own reading of its replies' error codes (`src/provider/gemini.rs`).
pub use crate::provider::gemini_error_code;

/// The browser and its major version from a user agent string (`("Chrome", 120)`).
pub fn browser_version(ua: &str) -> Option<(&'static str, u32)> {
    let major = |marker: &str| -> Option<u32> {
        let i = ua.find(marker)? + marker.len();
        let digits: String = ua[i..].chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    };
    // Order matters: Edge and Opera also say Chrome; Chrome also says Safari.
    if let Some(v) = major("Edg/") {
        return Some(("Edge", v));
    }
    if let Some(v) = major("OPR/") {
        return Some(("Opera", v));
    }
    if let Some(v) = major("Firefox/") {
        return Some(("Firefox", v));
    }
    if let Some(v) = major("Chrome/") {
        return Some(("Chrome", v));
    }
    if ua.contains("Safari/") {
        if let Some(v) = major("Version/") {
            return Some(("Safari", v));
        }
    }
    None
}

/// Parses a `retry-after` value: seconds, or an HTTP date relative to `now_ms`.
pub fn retry_after_seconds(value: &str, now_ms: Option<f64>) -> Option<u64> {
    let v = value.trim();
    if let Some(n) = crate::decimal::parse_f64(v) {
        return (n.is_finite() && n >= 0.0).then(|| n.ceil().min(86_400.0) as u64);
    }
    let at = crate::time::http_date_ms(v)?;
    let now = now_ms?;
    Some(((at - now) / 1000.0).max(0.0).ceil().min(86_400.0) as u64)
}

/// Parses a duration like OpenAI's `x-ratelimit-reset-*` (`6s`, `1m30s`, `250ms`, `2h`).
pub fn duration_seconds(value: &str) -> Option<u64> {
    let mut total = 0.0;
    let mut num = String::new();
    let mut chars = value.trim().chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() || c == '.' {
            num.push(c);
            continue;
        }
        let n: f64 = crate::decimal::parse_f64(&num)?;
        num.clear();
        let unit = match c {
            'h' => 3600.0,
            'm' if chars.peek() == Some(&'s') => {
                chars.next();
                0.001
            }
            'm' => 60.0,
            's' => 1.0,
            _ => return None,
        };
        total += n * unit;
        any = true;
    }
    if !num.is_empty() {
        total += crate::decimal::parse_f64(&num)?;
        any = true;
    }
    (any && total.is_finite()).then(|| total.ceil().min(86_400.0) as u64)
}
