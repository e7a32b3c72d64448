use crate::diagnostic::Finding;
use crate::knowledge::Better;
use crate::location::Location;
use crate::rules::{declare_rule, quote, Context, Rule, RuleMeta};

use super::figures::{measure_figures, measured_indicator, pairs_in_text, Stated};

declare_rule! {
    /// ## What it does
    /// For an action whose KPI measures an indicator's own figure — it links
    /// to the indicator and uses its words ("relative likelihood",
    /// "harassment", "equal opportunities", "board" …) — checks that the
    /// target moves from the baseline the way the indicator improves:
    /// indicators 5, 6 and 8 down, 7 up, relative likelihoods (2-4) toward
    /// 1.00, indicator 9 toward 0. Baseline and targets come from the plan's
    /// columns, or from "from X to Y" in the KPI. The directions are data
    /// (`better` in `rules/wres.yaml`).
    ///
    /// ## Why is this bad?
    /// A target that moves the wrong way commits the trust to making things
    /// worse — usually a ratio read upside down, or a survey question whose
    /// good answer is "yes" treated like one whose good answer is "no".
    ///
    /// ## Example
    /// Indicator 4, relative likelihood of White staff accessing training:
    /// baseline 0.85, target 0.80 moves away from parity. Use instead: `0.95`.
    pub struct TargetWrongDirection {
        code: "ME007",
        name: "target-wrong-direction",
        family: Measure,
        severity: Warning,
        summary: "Target moves the indicator the wrong way",
    }
}

impl Rule for TargetWrongDirection {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (_, action) in cx.model.actions() {
            let Some((indicator, _, better)) = measured_indicator(action, &cx.lexer) else {
                continue;
            };
            let figures = measure_figures(cx, action);
            let mut pairs: Vec<(Stated, Stated)> = Vec::new();
            if figures.from_text {
                pairs = action.kpi.as_ref().map(pairs_in_text).unwrap_or_default();
            } else if let (Some(baseline), Some(target)) =
                (figures.baseline, figures.targets.first())
            {
                if baseline.percent == target.percent {
                    pairs.push((baseline, target.clone()));
                }
            }
            for (from, to) in pairs {
                // In text the unit may be written once ("from 27.5 to 25.0%").
                let (a, b) = if figures.from_text {
                    (from.shown, to.shown)
                } else {
                    (from.value(), to.value())
                };
                if better.is_wrong_way(a, b) != Some(true) {
                    continue;
                }
                let label = cx.knowledge.item_label(indicator);
                let (target, baseline) = (to.display(), from.display());
                let why = match better {
                    Better::Lower => format!("is above the baseline {baseline}, but {label} improves downward"),
                    Better::Higher => format!("is below the baseline {baseline}, but {label} improves upward"),
                    Better::Parity => format!("is further from 1.00 than the baseline {baseline}, but {label} improves toward parity"),
                    Better::Zero => format!("is further from 0 than the baseline {baseline}, but {label} improves toward 0"),
                    Better::Representative | Better::None => continue,
                };
                let mut finding = Finding::new(
                    Location::Cell(to.cell.clone()),
                    format!(
                        "Action \"{}\": the target {target} {why}",
                        quote(&action.text.text)
                    ),
                )
                .help(format!("Set a target {} {baseline}", better.describe()));
                if let Some(span) = &to.span {
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

    fn plan(indicator: &str, measure: &str, baseline: &str, target: &str) -> SheetBuilder {
        SheetBuilder::new("P")
            .row(&["Indicator", "Action", "Measure", "Baseline", "Target"])
            .row(&[indicator, "Do something", measure, baseline, target])
    }

    #[test]
    fn fires_on_each_kind_of_wrong_way() {
        let cases = [
            plan(
                "Indicator 4",
                "Relative likelihood of accessing CPD",
                "0.85",
                "0.80",
            ),
            plan(
                "Indicator 5",
                "BME staff experiencing harassment from patients",
                "28.4%",
                "30.0%",
            ),
            plan(
                "Indicator 7",
                "Believing in equal opportunities for career progression",
                "44.0%",
                "40.0%",
            ),
            plan(
                "Indicator 9",
                "Board difference (percentage points)",
                "-6.0",
                "-10.5",
            ),
        ];
        let found: Vec<String> = cases
            .into_iter()
            .map(|p| findings(&TargetWrongDirection, vec![p]))
            .collect();
        insta::assert_snapshot!(found.join("\n"), @r#"
        target-wrong-direction  P!E2  Action "Do something": the target 0.80 is further from 1.00 than the baseline 0.85, but indicator 4 improves toward parity
        target-wrong-direction  P!E2  Action "Do something": the target 30.0% is above the baseline 28.4%, but indicator 5 improves downward
        target-wrong-direction  P!E2  Action "Do something": the target 40.0% is below the baseline 44.0%, but indicator 7 improves upward
        target-wrong-direction  P!E2  Action "Do something": the target −10.5 is further from 0 than the baseline −6.0, but indicator 9 improves toward 0
        "#);
    }

    #[test]
    fn fires_on_a_reversed_pair_in_kpi_text() {
        let sheet = SheetBuilder::new("P")
            .row(&["Indicator", "Action", "KPI"])
            .row(&["Metric 3", "Case reviews", "Relative likelihood of entering the formal disciplinary process rises from 1.25 to 1.55"]);
        insta::assert_snapshot!(findings(&TargetWrongDirection, vec![sheet]), @r#"target-wrong-direction  P!C2  Action "Case reviews": the target 1.55 is further from 1.00 than the baseline 1.25, but indicator 3 improves toward parity  [1.55]"#);
    }

    #[test]
    fn quiet_on_the_right_way_and_on_measures_of_other_things() {
        assert_eq!(
            findings(
                &TargetWrongDirection,
                vec![plan("Indicator 2", "Relative likelihood", "1.45", "1.25")]
            ),
            ""
        );
        assert_eq!(
            findings(
                &TargetWrongDirection,
                vec![plan("Indicator 4", "Relative likelihood", "0.80", "1.05")]
            ),
            ""
        );
        // Indicator 5's action measures follow-up of incidents, which should rise.
        assert_eq!(
            findings(
                &TargetWrongDirection,
                vec![plan("Indicator 5", "Incidents followed up", "40%", "85%")]
            ),
            ""
        );
        // Indicator 1 has no single direction.
        assert_eq!(
            findings(
                &TargetWrongDirection,
                vec![plan("Indicator 1", "BME share at 8a+", "9.5%", "12.0%")]
            ),
            ""
        );
    }
}
