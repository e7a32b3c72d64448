use crate::diagnostic::Finding;
use crate::location::Location;
use crate::rules::{declare_rule, quote, Context, Rule, RuleMeta};

use super::figures::field_figure;

declare_rule! {
    /// ## What it does
    /// In a plan with target columns ("Target", "Future position"), reports an
    /// action none of whose target cells holds a number. A target put off
    /// until later is `target-deferred`; a placeholder such as "TBC" is
    /// `placeholder-text`.
    ///
    /// ## Why is this bad?
    /// "Improve" or "reduce" without a figure cannot be missed, so it cannot
    /// be met either: the committee has nothing to hold the action to.
    ///
    /// ## Example
    /// | Measure of success | Baseline | Target |
    /// |---|---|---|
    /// | Relative likelihood of appointment | 1.45 | Reduce |
    ///
    /// Use instead: `1.25`.
    pub struct ActionMissingTarget {
        code: "ME004",
        name: "action-missing-target",
        family: Measure,
        severity: Warning,
        summary: "Action has no numeric target",
    }
}

impl Rule for ActionMissingTarget {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if cx.model.actions().next().is_none() {
            return;
        }
        let deferral = cx.knowledge.deferral();
        for (_, action) in cx.model.actions() {
            let Some(first) = action.targets.first() else {
                continue;
            };
            let any_figure = action.targets.iter().any(|t| field_figure(cx, t).is_some());
            let excused = action
                .targets
                .iter()
                .any(|t| cx.knowledge.is_placeholder(&t.text))
                || super::is_deferred(deferral, action);
            if any_figure || excused {
                continue;
            }
            let what = if action.targets.iter().all(|t| t.is_blank()) {
                "no target"
            } else {
                "a target with no figure"
            };
            out.push(
                Finding::new(
                    Location::Cell(first.cell().clone()),
                    format!("Action \"{}\" has {what}", quote(&action.text.text)),
                )
                .help("State the figure the action should reach, and by when"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::SheetBuilder;
    use crate::rules::test_support::findings;

    fn plan(target: &str) -> SheetBuilder {
        SheetBuilder::new("P")
            .row(&["Indicator", "Action", "Measure", "Baseline", "Target"])
            .row(&[
                "Indicator 2",
                "Anonymise shortlisting",
                "Relative likelihood",
                "1.45",
                target,
            ])
    }

    #[test]
    fn fires_on_empty_and_wordy_targets() {
        insta::assert_snapshot!(findings(&ActionMissingTarget, vec![plan("")]), @r#"action-missing-target  P!E2  Action "Anonymise shortlisting" has no target"#);
        insta::assert_snapshot!(findings(&ActionMissingTarget, vec![plan("Reduce")]), @r#"action-missing-target  P!E2  Action "Anonymise shortlisting" has a target with no figure"#);
    }

    #[test]
    fn quiet_on_figures_deferrals_placeholders_and_plans_without_the_column() {
        for target in ["1.25", "Below 1.25 by 2025", "TBC", "Target to be agreed"] {
            assert_eq!(
                findings(&ActionMissingTarget, vec![plan(target)]),
                "",
                "{target}"
            );
        }
        let no_column = SheetBuilder::new("P")
            .row(&["Indicator", "Action", "Measure"])
            .row(&["Indicator 2", "Anonymise shortlisting", "Fewer gaps"]);
        assert_eq!(findings(&ActionMissingTarget, vec![no_column]), "");
    }
}
