use crate::diagnostic::Finding;
use crate::location::Location;
use crate::rules::{declare_rule, quote, Context, Rule, RuleMeta};

use super::figures::{is_relative_likelihood, measure_figures};

declare_rule! {
    /// ## What it does
    /// Reports an action whose baseline and target cells state their figures
    /// in different units: one a percentage (a `%` format or sign), the other
    /// a plain number. Relative-likelihood measures are left to
    /// `relative-likelihood-as-percent`.
    ///
    /// ## Why is this bad?
    /// A baseline of 28.4% and a target of 25 cannot be compared: is the
    /// target 25% or 0.25 of something? Readers and progress reports will
    /// guess differently.
    ///
    /// ## Example
    /// | Measure of success | Baseline | Target |
    /// |---|---|---|
    /// | BME staff bullied by patients (survey) | 28.4% | 25 |
    ///
    /// Use instead: `25.0%`.
    pub struct BaselineTargetUnitMismatch {
        code: "ME005",
        name: "baseline-target-unit-mismatch",
        family: Measure,
        severity: Warning,
        summary: "Baseline and target are in different units",
    }
}

impl Rule for BaselineTargetUnitMismatch {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        // A baseline and target shared by a block's actions are one pair.
        let mut seen = std::collections::HashSet::new();
        for (_, action) in cx.model.actions() {
            let kpi = action.kpi.as_ref().map_or("", |k| k.text.as_str());
            if is_relative_likelihood(kpi, &cx.lexer) {
                continue;
            }
            let figures = measure_figures(cx, action);
            if figures.from_text {
                continue; // "from 27.5 to 25.0%" states the unit once
            }
            let Some(baseline) = figures.baseline else {
                continue;
            };
            for target in figures
                .targets
                .iter()
                .filter(|t| t.percent != baseline.percent)
            {
                if !seen.insert((
                    baseline.cell.clone(),
                    target.cell.clone(),
                    target.span.clone(),
                )) {
                    continue;
                }
                let unit = |percent: bool| {
                    if percent {
                        "a percentage"
                    } else {
                        "a plain number"
                    }
                };
                let mut finding = Finding::new(
                    Location::Cell(target.cell.clone()),
                    format!(
                        "Action \"{}\": the baseline {} is {}, the target {} is {}",
                        quote(&action.text.text),
                        baseline.display(),
                        unit(baseline.percent),
                        target.display(),
                        unit(target.percent)
                    ),
                )
                .help("State the baseline and the target in the same unit");
                if let Some(span) = &target.span {
                    finding = finding.span(span.clone());
                }
                out.push(finding);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::SheetBuilder;
    use crate::rules::test_support::findings;

    fn plan(measure: &str, baseline: &str, target: &str) -> SheetBuilder {
        SheetBuilder::new("P")
            .row(&["Indicator", "Action", "Measure", "Baseline", "Target"])
            .row(&[
                "Indicator 5",
                "Zero tolerance campaign",
                measure,
                baseline,
                target,
            ])
    }

    #[test]
    fn fires_on_a_percentage_baseline_and_a_plain_target() {
        let sheet = plan("BME staff harassed by patients", "28.4%", "25");
        insta::assert_snapshot!(findings(&BaselineTargetUnitMismatch, vec![sheet]), @r#"baseline-target-unit-mismatch  P!E2  Action "Zero tolerance campaign": the baseline 28.4% is a percentage, the target 25 is a plain number"#);
    }

    #[test]
    fn fires_on_formatted_cells() {
        let sheet = plan("Staff trained", "", "")
            .formatted(1, 3, 0.62, 1, true)
            .number(1, 4, 90.0);
        insta::assert_snapshot!(findings(&BaselineTargetUnitMismatch, vec![sheet]), @r#"baseline-target-unit-mismatch  P!E2  Action "Zero tolerance campaign": the baseline 62.0% is a percentage, the target 90 is a plain number"#);
    }

    #[test]
    fn quiet_on_matching_units_and_relative_likelihoods() {
        assert_eq!(
            findings(
                &BaselineTargetUnitMismatch,
                vec![plan("Harassment", "28.4%", "25.0%")]
            ),
            ""
        );
        assert_eq!(
            findings(
                &BaselineTargetUnitMismatch,
                vec![plan("Mentees", "6", "26")]
            ),
            ""
        );
        let rl = plan("Relative likelihood of appointment", "1.45", "125%");
        assert_eq!(findings(&BaselineTargetUnitMismatch, vec![rl]), "");
    }
}
