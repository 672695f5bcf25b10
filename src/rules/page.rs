//! What the chat page showed, and help-page heuristics: read through the text classifier.

use crate::cause::Cause;
use crate::context::{Context, Findings};
use crate::observation::{Observation, ProbeOutcome};

use super::{add, fixes_for};

/// A page message's hint counts for a little less than the request it describes would.
const PAGE_WEIGHT: f64 = 0.9;

/// Runs the page rules.
pub fn apply(ctx: &Context<'_>, out: &mut Findings) {
    for (i, o) in ctx.obs.iter().enumerate() {
        if !ctx.in_action(i) {
            continue;
        }
        let Observation::PageMessage(m) = o else {
            continue;
        };
        for hint in crate::text::classify(&m.text) {
            let service = hint.service.or_else(|| ctx.service_of(i));
            let mut params = hint.params.clone();
            if params.service.is_none() {
                params.service = service.map(|s| s.entry().name.to_owned());
            }
            let mut fixes = fixes_for(hint.cause, service);
            if hint.cause == Cause::RateLimited {
                let hay = m.text.to_lowercase();
                if let Some(wait) = super::wait_fix(&hay, service, params.seconds, None) {
                    fixes.insert(0, wait);
                }
            }
            out.add(
                ctx,
                hint.cause,
                hint.confidence * PAGE_WEIGHT,
                &[i],
                params,
                fixes,
            );
        }
    }
    // The help page's ad-block bait (a heuristic): it names an ad blocker as a suspect only
    // when something chat needs also failed.
    let bait = ctx.obs.iter().enumerate().find(|(_, o)| {
        matches!(o, Observation::Probe(p) if p.name == "adblock" && p.outcome == ProbeOutcome::Problem)
    });
    if let Some((i, _)) = bait {
        if ctx.any_live_failure() && !out.has(Cause::BlockedByExtension) {
            add(
                ctx,
                out,
                Cause::BlockedByExtension,
                0.45,
                &[i],
                ctx.params_for(i),
                vec![],
            );
        }
    }
}
