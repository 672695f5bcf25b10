//! Runs the rules, ranks findings, builds the report.

use crate::observation::Observation;
use crate::report::{Finding, Report, Verdict};

/// What the rules read: the observations and what was derived from them once.
#[derive(Debug)]
pub struct Context<'a> {
    /// The observations, in input order.
    pub obs: &'a [Observation],
}

/// The findings the rules add.
#[derive(Debug, Default)]
pub struct Findings {
    /// The findings so far.
    pub list: Vec<Finding>,
}

/// Diagnoses observations into a language-free report (texts empty; see `render`).
pub fn run(obs: &[Observation]) -> Report {
    let ctx = Context { obs };
    let mut f = Findings::default();
    crate::rules::run_all(&ctx, &mut f);
    Report {
        service: None,
        verdict: Verdict::AllClear,
        findings: f.list,
        support_summary: String::new(),
        lang: "en".into(),
    }
}
