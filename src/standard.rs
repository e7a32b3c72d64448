//! Which standard a workbook is written for: WRES or WDES. The choice decides
//! the knowledge its model is built with (header words, the numbered items and
//! what messages call them) and which standard-only pack rules run.

use std::sync::OnceLock;

use memchr::memmem::Finder;

use crate::knowledge::{normalise, Knowledge};
use crate::workbook::{Visibility, Workbook};

/// Every standard wreslint knows, the default (WRES) first.
pub fn builtin() -> [&'static Knowledge; 2] {
    [Knowledge::wres(), Knowledge::wdes()]
}

/// The standards' names in lower case, for messages: `wres`, `wdes`.
pub fn names() -> Vec<String> {
    builtin()
        .iter()
        .map(|k| k.standard.to_ascii_lowercase())
        .collect()
}

/// A standard by name, ignoring case.
pub fn by_name(name: &str) -> Option<&'static Knowledge> {
    builtin()
        .into_iter()
        .find(|k| k.standard.eq_ignore_ascii_case(name.trim()))
}

/// The standard a workbook's wording names most often (counting cells that
/// hold one of its `detect` phrases as whole words); WRES on a tie.
pub fn detect(workbook: &Workbook) -> &'static Knowledge {
    let standards = builtin();
    let phrases = detect_phrases();
    let mut counts = vec![0usize; standards.len()];
    let sheets = || {
        workbook
            .sheets
            .iter()
            .filter(|s| s.visibility != Visibility::VeryHidden)
    };
    let texts = sheets()
        .map(|s| &*s.name)
        .chain(sheets().flat_map(|s| s.cells().iter().filter_map(|c| c.value.as_text())));
    let mut padded = String::new();
    for text in texts {
        padded.clear();
        padded.push(' ');
        padded.push_str(&normalise(text));
        padded.push(' ');
        for (count, finders) in counts.iter_mut().zip(phrases) {
            if finders.iter().any(|f| f.find(padded.as_bytes()).is_some()) {
                *count += 1;
            }
        }
    }
    // No standard named more often (a data table that never names one):
    // the groups its cells name decide ("Disabled" | "Not disabled" rows).
    if counts.iter().all(|c| *c == counts[0]) {
        counts = standards
            .iter()
            .map(|k| {
                sheets()
                    .flat_map(|s| s.cells().iter().filter_map(|c| c.value.as_text()))
                    .filter(|t| t.len() <= MAX_GROUP_LABEL)
                    .filter(|t| {
                        matches!(
                            k.data.group(t),
                            Some(
                                crate::knowledge::Group::Focus | crate::knowledge::Group::Reference
                            )
                        )
                    })
                    .count()
            })
            .collect();
    }
    let best = counts
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))
        .map(|(i, _)| i)
        .unwrap_or(0);
    standards[best]
}

/// Longest cell read as a group's label when the wording names no standard.
const MAX_GROUP_LABEL: usize = 40;

/// Each standard's `detect` phrases, normalised and padded with spaces so
/// that they match whole words: built once.
fn detect_phrases() -> &'static [Vec<Finder<'static>>] {
    static PHRASES: OnceLock<Vec<Vec<Finder<'static>>>> = OnceLock::new();
    PHRASES.get_or_init(|| {
        builtin()
            .iter()
            .map(|k| {
                k.detect
                    .iter()
                    .map(|p| Finder::new(format!(" {} ", normalise(p)).as_bytes()).into_owned())
                    .collect()
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{workbook, SheetBuilder};

    #[test]
    fn both_standards_load_and_differ_in_their_words() {
        let wdes = by_name("wdes").unwrap();
        assert_eq!(wdes.standard, "WDES");
        assert_eq!(wdes.item_word, "metric");
        assert_eq!(wdes.indicator_count, 10);
        assert_eq!(wdes.indicators.len(), 10);
        let groups = wdes.groups.as_ref().unwrap();
        assert_eq!(groups.focus.label, "Disabled");
        assert_eq!(groups.reference.label, "Non-disabled");
        use crate::knowledge::Ratio;
        let ratio = |n: u8| {
            wdes.indicator(n)
                .and_then(|i| i.measure.as_ref())
                .and_then(|m| m.ratio)
        };
        assert_eq!(ratio(2), Some(Ratio::ReferenceOverFocus));
        assert_eq!(ratio(3), Some(Ratio::FocusOverReference));
        assert_eq!(
            wdes.indicator(10)
                .and_then(|i| i.measure.as_ref())
                .map(|m| m.kind),
            Some(crate::knowledge::MeasureKind::PercentagePoints)
        );
        assert_eq!(by_name(" WRES ").unwrap().indicator_count, 9);
        assert!(by_name("race").is_none());
        assert_eq!(names(), ["wres", "wdes"]);
    }

    #[test]
    fn the_wording_decides_the_standard() {
        let wdes = SheetBuilder::new("Plan")
            .row(&["Workforce Disability Equality Standard action plan 2024/25"])
            .row(&["WDES Metric", "Action"])
            .row(&["Metric 10", "Board development"]);
        assert_eq!(detect(&workbook(vec![wdes])).standard, "WDES");
        let mixed = SheetBuilder::new("WRES plan")
            .row(&["WRES action plan"])
            .row(&["WRES Indicator", "Action"])
            .row(&["Indicator 1", "Align with the WDES plan"]);
        assert_eq!(detect(&workbook(vec![mixed])).standard, "WRES");
        let silent = SheetBuilder::new("Plan").row(&["Action", "Lead"]);
        assert_eq!(detect(&workbook(vec![silent])).standard, "WRES");
        // "metric 10" counts only as whole words.
        let metric_100 = SheetBuilder::new("P").row(&["Metric 100"]);
        assert_eq!(detect(&workbook(vec![metric_100])).standard, "WRES");
        // A table that names no standard: its group rows decide (NHS
        // Resolution's Table 20, tests/fixtures/data/nhsresolution-wdes-2021-22.yaml).
        let groups = SheetBuilder::new("Table 20")
            .row(&["Application category", "% Shortlisted 2021/22"])
            .row(&["Disabled", "24.4"])
            .row(&["Not disabled", "26.9"])
            .row(&["Not disclosed", "31.1"]);
        assert_eq!(detect(&workbook(vec![groups])).standard, "WDES");
        let race = SheetBuilder::new("Table 1")
            .row(&["Ethnicity", "Staff"])
            .row(&["White", "900"])
            .row(&["BME", "100"]);
        assert_eq!(detect(&workbook(vec![race])).standard, "WRES");
    }
}
