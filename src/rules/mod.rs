//! The rules. One rule per file, its docs beside it; every built-in rule is
//! listed once, in [`BUILTIN`]. A rule says *what* and *where*: the runner
//! attaches code and severity and applies selection and suppression.

use std::borrow::Cow;

use crate::diagnostic::{Family, Finding, Severity};
use crate::knowledge::{Concept, Knowledge};
use crate::location::Location;
use crate::model::{Action, Field, Model};
use crate::workbook::Workbook;

mod arithmetic;
mod coverage;
mod evidence;
mod measure;
mod owner;
mod template;
mod timeline;

pub(crate) use template::invalid_suppression::InvalidSuppression;
pub(crate) use template::unused_suppression::UnusedSuppression;

/// A rule's identity and documentation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleMeta {
    /// Stable short code, e.g. `OW002`.
    pub code: Cow<'static, str>,
    /// Stable kebab-case name naming the problem, e.g. `action-missing-owner`.
    pub name: Cow<'static, str>,
    pub family: Family,
    pub default_severity: Severity,
    /// One line: what the rule reports.
    pub summary: Cow<'static, str>,
    /// Markdown with the headings "What it does", "Why is this bad?", "Example".
    pub docs: Cow<'static, str>,
}

/// What a rule sees: the workbook's cells, the model built from them and the
/// standard's knowledge. Nothing else: no files, no clock, no configuration.
pub struct Context<'a> {
    pub workbook: &'a Workbook,
    pub model: &'a Model,
    pub knowledge: &'a Knowledge,
    /// The texts' tokens, each distinct text lexed once for every rule,
    /// and not again when the model lexed it.
    pub lexer: crate::lex::Lexer<'a>,
    /// Every action's timeline as the timeline rules read it: built by the
    /// first that asks, shared by the dozen others.
    timelines: std::sync::OnceLock<Vec<timeline::Timeline<'a>>>,
    /// Whether the plan period is in doubt, judged once for the three
    /// rules that ask.
    period_doubt: std::sync::OnceLock<Option<timeline::PeriodDoubt<'a>>>,
}

impl<'a> Context<'a> {
    pub fn new(workbook: &'a Workbook, model: &'a Model, knowledge: &'a Knowledge) -> Context<'a> {
        Context {
            workbook,
            model,
            knowledge,
            lexer: crate::lex::Lexer::continuing(knowledge, model.lexed()),
            timelines: std::sync::OnceLock::new(),
            period_doubt: std::sync::OnceLock::new(),
        }
    }
}

pub trait Rule: Send + Sync {
    fn meta(&self) -> &RuleMeta;
    /// Append what the rule finds; the order of findings does not matter.
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>);
    /// The evidence family's check: the linted workbook against the ones
    /// paired with it. Other rules have none.
    fn check_pair(&self, _cx: &crate::evidence::Context<'_>, _out: &mut Vec<Finding>) {}
    /// The rule pack that defines the rule, by name; `None` for a built-in rule.
    fn pack(&self) -> Option<&str> {
        None
    }
}

/// Declare a built-in rule: a unit struct with its [`RuleMeta`], whose docs
/// are the struct's doc comment (clippy's trick).
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $rule:ident {
            code: $code:literal,
            name: $name:literal,
            family: $family:ident,
            severity: $severity:ident,
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $rule;

        impl $rule {
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                code: ::std::borrow::Cow::Borrowed($code),
                name: ::std::borrow::Cow::Borrowed($name),
                family: $crate::diagnostic::Family::$family,
                default_severity: $crate::diagnostic::Severity::$severity,
                summary: ::std::borrow::Cow::Borrowed($summary),
                docs: ::std::borrow::Cow::Borrowed(concat!($($doc, "\n"),*)),
            };
        }
    };
}
pub(crate) use declare_rule;

/// Every built-in rule, in code order.
pub static BUILTIN: &[&dyn Rule] = &[
    &arithmetic::group_sum_mismatch::GroupSumMismatch,
    &arithmetic::numerator_exceeds_denominator::NumeratorExceedsDenominator,
    &arithmetic::share_mismatch::ShareMismatch,
    &arithmetic::figure_truncated::FigureTruncated,
    &arithmetic::scale_error::ScaleError,
    &arithmetic::relative_likelihood_mismatch::RelativeLikelihoodMismatch,
    &arithmetic::relative_likelihood_reversed::RelativeLikelihoodReversed,
    &arithmetic::percentage_difference_mismatch::PercentageDifferenceMismatch,
    &arithmetic::workforce_inconsistent::WorkforceInconsistent,
    &arithmetic::trend_years_not_ascending::TrendYearsNotAscending,
    &arithmetic::formula_without_value::FormulaWithoutValue,
    &coverage::action_missing_indicator::ActionMissingIndicator,
    &coverage::indicator_not_covered::IndicatorNotCovered,
    &coverage::invalid_indicator_reference::InvalidIndicatorReference,
    &coverage::indicator_column_missing::IndicatorColumnMissing,
    &measure::kpi_column_missing::KpiColumnMissing,
    &measure::action_missing_kpi::ActionMissingKpi,
    &measure::action_missing_baseline::ActionMissingBaseline,
    &measure::action_missing_target::ActionMissingTarget,
    &measure::baseline_target_unit_mismatch::BaselineTargetUnitMismatch,
    &measure::relative_likelihood_as_percent::RelativeLikelihoodAsPercent,
    &measure::target_wrong_direction::TargetWrongDirection,
    &measure::targets_not_monotone::TargetsNotMonotone,
    &measure::target_deferred::TargetDeferred,
    &measure::small_numbers::SmallNumbers,
    &measure::unknown_ethnicity_high::UnknownEthnicityHigh,
    &measure::measure_not_measurable::MeasureNotMeasurable,
    &owner::owner_column_missing::OwnerColumnMissing,
    &owner::owner_not_identified::OwnerNotIdentified,
    &owner::action_missing_owner::ActionMissingOwner,
    &template::item_number_gap::ItemNumberGap,
    &template::item_number_duplicate::ItemNumberDuplicate,
    &template::sub_action_letter_gap::SubActionLetterGap,
    &template::sub_action_letter_duplicate::SubActionLetterDuplicate,
    &template::placeholder_text::PlaceholderText,
    &template::cell_text_too_long::CellTextTooLong,
    &template::sheet_not_read::SheetNotRead,
    &template::layout_uncertain::LayoutUncertain,
    &timeline::action_missing_deadline::ActionMissingDeadline,
    &timeline::deadline_only_recurring::DeadlineOnlyRecurring,
    &timeline::deadline_malformed::DeadlineMalformed,
    &timeline::deadline_ambiguous::DeadlineAmbiguous,
    &timeline::deadline_before_plan_period::DeadlineBeforePlanPeriod,
    &timeline::deadline_after_plan_period::DeadlineAfterPlanPeriod,
    &timeline::deadline_not_after_publication::DeadlineNotAfterPublication,
    &timeline::step_before_prerequisite::StepBeforePrerequisite,
    &timeline::national_deadline_misquoted::NationalDeadlineMisquoted,
    &timeline::deadline_after_national_deadline::DeadlineAfterNationalDeadline,
    &timeline::plan_period_doubtful::PlanPeriodDoubtful,
    &evidence::adverse_indicator_without_action::AdverseIndicatorWithoutAction,
    &evidence::quoted_figure_mismatch::QuotedFigureMismatch,
    &evidence::target_already_met::TargetAlreadyMet,
    &evidence::target_away_from_parity::TargetAwayFromParity,
    &evidence::indicator_worsened_without_action::IndicatorWorsenedWithoutAction,
    &evidence::figure_restated::FigureRestated,
    &evidence::unfinished_action_dropped::UnfinishedActionDropped,
    &evidence::pairing_not_found::PairingNotFound,
    &template::unused_suppression::UnusedSuppression,
    &template::invalid_suppression::InvalidSuppression,
];

/// "indicator 8" → "Indicator 8", for messages that start with a word from data.
pub(crate) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Each action whose field (chosen by `field`) is blank, with that field.
/// Placeholders such as "TBC" are not blank: `placeholder-text` reports them.
pub(crate) fn blank_fields<'a>(
    cx: &'a Context<'_>,
    field: fn(&Action) -> Option<&Field>,
) -> impl Iterator<Item = (&'a Action, &'a Field)> {
    cx.model
        .actions()
        .filter_map(move |(_, action)| field(action).filter(|f| f.is_blank()).map(|f| (action, f)))
}

/// Where to report an action table that lacks a column of `concept`: its
/// action header cell (or its sheet).
pub(crate) fn tables_without(cx: &Context<'_>, concept: Concept) -> Vec<Location> {
    tables_with_actions(cx)
        .filter(|table| !table.has(concept))
        .map(table_location)
        .collect()
}

/// The action tables that hold at least one action: a header with nothing
/// under it (a blank template, a table cut off) gives a reviewer nothing to
/// act on, so the table-level rules say nothing of it, as coverage does not.
pub(crate) fn tables_with_actions<'a>(
    cx: &'a Context<'_>,
) -> impl Iterator<Item = &'a crate::model::ActionTable> + 'a {
    cx.model
        .action_tables
        .iter()
        .filter(|table| !table.actions.is_empty())
}

/// Where a table-level finding goes: the action header cell (or the sheet).
pub(crate) fn table_location(table: &crate::model::ActionTable) -> Location {
    match table.header.column(Concept::Action) {
        Some(column) => Location::Cell(column.header.clone()),
        None => Location::Sheet(table.sheet.clone()),
    }
}

/// A short quote of an action for messages: its first words.
pub(crate) fn quote(text: &str) -> String {
    const MAX: usize = 40;
    let line = text.lines().next().unwrap_or_default().trim();
    if line.chars().count() <= MAX {
        return line.to_owned();
    }
    let cut: String = line.chars().take(MAX).collect();
    let cut = cut.rsplit_once(' ').map(|(head, _)| head).unwrap_or(&cut);
    format!("{cut}…")
}

/// A built-in rule by code or name.
pub fn find(code_or_name: &str) -> Option<&'static dyn Rule> {
    BUILTIN.iter().copied().find(|r| {
        let meta = r.meta();
        meta.code.eq_ignore_ascii_case(code_or_name) || meta.name == code_or_name
    })
}

#[cfg(test)]
pub(crate) mod test_support;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for rule in BUILTIN {
            let meta = rule.meta();
            assert!(
                codes.insert(meta.code.clone()),
                "duplicate code {}",
                meta.code
            );
            assert!(
                names.insert(meta.name.clone()),
                "duplicate name {}",
                meta.name
            );
            let prefix = meta.family.code_prefix();
            assert!(
                meta.code.len() == 5
                    && meta.code.starts_with(prefix)
                    && meta.code[2..].chars().all(|c| c.is_ascii_digit()),
                "{} should be {prefix} and three digits",
                meta.code
            );
            assert!(
                meta.name.split('-').all(|w| !w.is_empty()
                    && w.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
                "{} is not kebab-case",
                meta.name
            );
        }
    }

    #[test]
    fn every_rule_is_documented_under_the_fixed_headings() {
        for rule in BUILTIN {
            let meta = rule.meta();
            for heading in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(
                    meta.docs.contains(heading),
                    "{} lacks `{heading}`",
                    meta.name
                );
            }
            assert!(
                !meta.summary.is_empty() && !meta.summary.ends_with('.'),
                "{} summary",
                meta.name
            );
        }
    }

    /// Each rule's file carries its own tests: at least one where it fires and
    /// one where it stays quiet (checked by reading the sources).
    #[test]
    fn every_rule_file_has_firing_and_quiet_tests() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        let mut sources = Vec::new();
        for family in std::fs::read_dir(&root).unwrap() {
            let family = family.unwrap().path();
            if family.is_dir() {
                for file in std::fs::read_dir(&family).unwrap() {
                    let file = file.unwrap().path();
                    sources.push(std::fs::read_to_string(&file).unwrap());
                }
            }
        }
        for rule in BUILTIN {
            let meta = rule.meta();
            let needle = format!("name: \"{}\"", meta.name);
            let source = sources.iter().find(|s| s.contains(&needle));
            let source = source.unwrap_or_else(|| panic!("no source file declares {}", meta.name));
            assert!(
                source.contains("fn fires"),
                "{} has no `fires…` test",
                meta.name
            );
            assert!(
                source.contains("fn quiet"),
                "{} has no `quiet…` test",
                meta.name
            );
        }
    }
}
