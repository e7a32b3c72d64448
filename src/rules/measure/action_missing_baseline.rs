use crate::diagnostic::Finding;
use crate::location::Location;
use crate::rules::{declare_rule, quote, Context, Rule, RuleMeta};

use super::figures::field_figure;

declare_rule! {
    /// ## What it does
    /// In a plan with a baseline column ("Baseline", "Current position"),
    /// reports an action whose baseline cell holds no figure — empty, or
    /// words without a number. Placeholders such as "TBC" are left to
    /// `placeholder-text`.
    ///
    /// ## Why is this bad?
    /// Without a starting figure, no one can tell whether the target is
    /// ambitious or whether the action moved anything.
    ///
    /// ## Example
    /// | Measure of success | Baseline | Target |
    /// |---|---|---|
    /// | BME staff experiencing harassment from staff | *(empty)* | 23.0% |
    ///
    /// Use instead: the latest staff survey figure, e.g. `26.1%`.
    pub struct ActionMissingBaseline {
        code: "ME003",
        name: "action-missing-baseline",
        family: Measure,
        severity: Warning,
        summary: "Action has no baseline figure",
    }
}

impl Rule for ActionMissingBaseline {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (_, action) in cx.model.actions() {
            let Some(baseline) = &action.baseline else {
                continue;
            };
            if cx.knowledge.is_placeholder(&baseline.text) || field_figure(cx, baseline).is_some() {
                continue;
            }
            let what = if baseline.is_blank() {
                "no baseline"
            } else {
                "no baseline figure"
            };
            out.push(
                Finding::new(
                    Location::Cell(baseline.cell().clone()),
                    format!("Action \"{}\" has {what}", quote(&action.text.text)),
                )
                .help("State the current figure the target is measured from"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::SheetBuilder;
    use crate::rules::test_support::findings;

    fn plan(baseline: &str) -> SheetBuilder {
        SheetBuilder::new("P")
            .row(&[
                "Indicator",
                "Action",
                "Measure",
                "Baseline (2022/23)",
                "Target (2023/24)",
            ])
            .row(&[
                "Indicator 6",
                "Train FTSU champions",
                "BME staff bullied by staff",
                baseline,
                "23.0%",
            ])
    }

    #[test]
    fn fires_on_empty_and_wordy_baselines() {
        insta::assert_snapshot!(findings(&ActionMissingBaseline, vec![plan("")]), @r#"action-missing-baseline  P!D2  Action "Train FTSU champions" has no baseline"#);
        insta::assert_snapshot!(findings(&ActionMissingBaseline, vec![plan("Survey results")]), @r#"action-missing-baseline  P!D2  Action "Train FTSU champions" has no baseline figure"#);
    }

    #[test]
    fn quiet_on_figures_placeholders_and_plans_without_the_column() {
        for baseline in ["26.1%", "0.261", "26.1% (2022 survey)", "TBC"] {
            assert_eq!(
                findings(&ActionMissingBaseline, vec![plan(baseline)]),
                "",
                "{baseline}"
            );
        }
        let no_column = SheetBuilder::new("P")
            .row(&["Indicator", "Action", "Measure"])
            .row(&["Indicator 6", "Train FTSU champions", ""]);
        assert_eq!(findings(&ActionMissingBaseline, vec![no_column]), "");
    }
}
