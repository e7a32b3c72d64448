//! Measure rules: every action has a measure, with a baseline and a numeric
//! target in the same unit that move the right way for its indicator; and
//! info notes on figures too small or too incomplete to trust.

pub mod action_missing_baseline;
pub mod action_missing_kpi;
pub mod action_missing_target;
pub mod baseline_target_unit_mismatch;
pub(crate) mod figures;
pub mod kpi_column_missing;
pub mod measure_not_measurable;
pub mod relative_likelihood_as_percent;
pub mod small_numbers;
pub mod target_deferred;
pub mod target_wrong_direction;
pub mod targets_not_monotone;
pub mod unknown_ethnicity_high;

use regex::Regex;

use crate::model::Action;

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
