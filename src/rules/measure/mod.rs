//! Measure rules: every action has a measure, with a baseline and a numeric
//! target in the same unit that move the right way for its indicator; and
//! info notes on figures too small or too incomplete to trust.

pub mod action_missing_baseline;
pub mod action_missing_kpi;
pub mod action_missing_target;
pub mod baseline_target_unit_mismatch;
pub(crate) mod figures;
pub mod kpi_column_missing;
pub mod relative_likelihood_as_percent;
pub mod small_numbers;
pub mod target_deferred;
pub mod target_wrong_direction;
pub mod targets_not_monotone;
pub mod unknown_ethnicity_high;

use regex::Regex;

use crate::knowledge::Knowledge;
use crate::model::Action;

/// One case-insensitive pattern of the deferral phrases in `rules/wres.yaml`,
/// any whitespace between words.
pub(crate) fn deferral_pattern(knowledge: &Knowledge) -> Option<Regex> {
    let alternatives: Vec<String> = knowledge
        .deferred_target_phrases
        .iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            p.split_whitespace()
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect();
    if alternatives.is_empty() {
        return None;
    }
    Regex::new(&format!(r"(?i)\b(?:{})\b", alternatives.join("|"))).ok()
}

/// The action's KPI, baseline or target puts the target off until later.
pub(crate) fn is_deferred(pattern: Option<&Regex>, action: &Action) -> bool {
    let Some(pattern) = pattern else {
        return false;
    };
    action
        .kpi
        .iter()
        .chain(&action.baseline)
        .chain(&action.targets)
        .any(|f| pattern.is_match(&f.text))
}
