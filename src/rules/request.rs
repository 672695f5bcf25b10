//! Causes in the request itself: a prompt too large, an uploaded file that expired.

use crate::cause::Cause;
use crate::context::{Context, Findings};

use super::{add, haystack};

/// Words that say the prompt or its context is too long.
const TOO_LARGE: &[&str] = &[
    "context_length_exceeded",
    "maximum context length",
    "request_too_large",
    "prompt is too long",
    "string_above_max_length",
    "too many tokens",
    "exceed the length limit",
    "message is too long",
    "input is too long",
    "payload too large",
];

/// Runs the request rules.
pub fn apply(ctx: &Context<'_>, out: &mut Findings) {
    for (i, h, c) in ctx.http() {
        if !c.role.essential() {
            continue;
        }
        let hay = haystack(h);
        let mut p = ctx.params_for(i);
        match h.status {
            413 => {
                p.status = Some(413);
                add(ctx, out, Cause::PromptTooLarge, 0.9, &[i], p, vec![]);
            }
            400 | 422 if TOO_LARGE.iter().any(|w| hay.contains(w)) => {
                p.status = Some(h.status);
                add(ctx, out, Cause::PromptTooLarge, 0.88, &[i], p, vec![]);
            }
            200..=299 if h.stream_tail.is_some() && TOO_LARGE.iter().any(|w| hay.contains(w)) => {
                add(ctx, out, Cause::PromptTooLarge, 0.8, &[i], p, vec![]);
            }
            400 | 404 | 410 if is_file_url(&h.url) || file_gone(&hay) => {
                p.status = Some(h.status);
                add(
                    ctx,
                    out,
                    Cause::FileExpired,
                    if file_gone(&hay) { 0.85 } else { 0.7 },
                    &[i],
                    p,
                    vec![],
                );
            }
            _ => {}
        }
    }
}

/// Whether a URL fetches or references an uploaded file.
fn is_file_url(url: &str) -> bool {
    // Each service's upload hosts and paths are its own (`src/provider/`).
    crate::catalog::classify(url).role == crate::catalog::Role::Upload
}

/// Whether text says an uploaded file is gone.
fn file_gone(hay: &str) -> bool {
    [
        "file has expired",
        "file expired",
        "file_expired",
        "file not found",
        "file_not_found",
        "no such file",
        "upload has expired",
        "attachment has expired",
    ]
    .iter()
    .any(|w| hay.contains(w))
}
