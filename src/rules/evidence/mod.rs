//! The evidence family: a plan against the data it answers, and a year
//! against the last. These rules see [`crate::evidence::Context`] (the
//! facts of the linted workbook and of the workbooks paired with it); their
//! per-workbook `check` finds nothing.

pub mod adverse_indicator_without_action;
pub mod figure_restated;
pub mod indicator_worsened_without_action;
pub mod pairing_not_found;
pub mod quoted_figure_mismatch;
pub mod target_already_met;
pub mod target_away_from_parity;
pub mod unfinished_action_dropped;

use crate::evidence::{Context, DataFigure, Quoted, What};
use crate::model::data::round_half_up;

/// Whether a quoted figure and a data figure agree at the precision
/// printed: the coarser of the two, tolerating half a unit there.
pub(crate) fn agrees(quoted: &Quoted, data: &DataFigure) -> bool {
    let decimals = quoted.decimals.min(data.figure.decimals);
    let a = round_half_up(quoted.shown, decimals);
    let b = round_half_up(data.figure.shown, decimals);
    (a - b).abs() <= 0.5 * 10f64.powi(-i32::from(decimals)) + 1e-9
}

/// The data figures a quoted figure is to be compared with: the same
/// indicator and measure, of the year it names (or of every year when it
/// names none).
pub(crate) fn candidates<'a>(cx: &'a Context<'_>, quoted: &'a Quoted) -> Vec<&'a DataFigure> {
    let Some(data) = cx.data else {
        return Vec::new();
    };
    data.facts
        .figures_of(quoted.indicator, quoted.what)
        .filter(|f| match quoted.year {
            // A quote with no year is of the plan's year: compared only with
            // the data of that year (or when either year is unknown).
            None => match (f.year.or(data.facts.year), cx.this.year) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            },
            Some(year) => f.year.or(data.facts.year) == Some(year),
        })
        .collect()
}

/// "relative likelihood", "BME share of the workforce", "BME rate".
pub(crate) fn what_name(what: What, cx: &Context<'_>) -> String {
    let groups = cx.knowledge.groups.as_ref();
    let label = |focus: bool| {
        groups
            .map(|g| {
                if focus {
                    g.focus.label.clone()
                } else {
                    g.reference.label.clone()
                }
            })
            .unwrap_or_else(|| if focus { "BME".into() } else { "White".into() })
    };
    match what {
        What::RelativeLikelihood => "relative likelihood".into(),
        What::Share => format!("{} share of the workforce", label(true)),
        What::Rate(crate::knowledge::Group::Reference) => format!("{} figure", label(false)),
        What::Rate(_) => format!("{} figure", label(true)),
        What::Points => "board difference".into(),
    }
}

/// A year for messages: " (2023)" or nothing.
pub(crate) fn year_note(year: Option<u16>) -> String {
    year.map(|y| format!(" ({y})")).unwrap_or_default()
}

/// Action names compared across years: lower-case words of three letters
/// or more, and whether two names are the same action (most words shared).
pub(crate) fn same_action(a: &str, b: &str) -> bool {
    let words = |s: &str| -> std::collections::BTreeSet<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= 3)
            .map(str::to_lowercase)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let shared = a.intersection(&b).count() as f64;
    shared / (a.len().min(b.len()) as f64) >= 0.7
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_action_reworded_a_little() {
        assert!(same_action(
            "Deliver reverse mentoring for senior leaders",
            "Deliver reverse mentoring for all senior leaders (year 2)"
        ));
        assert!(!same_action(
            "Deliver reverse mentoring",
            "Review disciplinary cases"
        ));
    }
}
