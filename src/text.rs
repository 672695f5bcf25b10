//! Classifies a pasted or page-shown error message (en, de, ja and more) into observations and hints.

use serde::{Deserialize, Serialize};

use crate::catalog::ServiceId;
use crate::cause::Cause;
use crate::observation::Observation;
use crate::report::Params;

/// What a piece of text says about a cause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextHint {
    /// The cause the text points at.
    pub cause: Cause,
    /// How strongly (0.0 to 1.0).
    pub confidence: f64,
    /// The service the text names or implies, if any.
    pub service: Option<ServiceId>,
    /// Details read from the text (status, code, seconds, …).
    pub params: Params,
}

/// Reads what a message says: the causes it points at, strongest first.
pub fn classify(text: &str) -> Vec<TextHint> {
    let _ = text;
    Vec::new()
}

/// Turns a pasted text into observations: always a `pageMessage` with the text, plus what can be
/// read from it structurally (HTTP status lines, browser error names, API error JSON).
pub fn observations_from_text(text: &str) -> Vec<Observation> {
    vec![Observation::PageMessage(
        crate::observation::PageMessageObservation {
            text: text.to_owned(),
            ..Default::default()
        },
    )]
}
