use crate::diagnostic::Finding;
use crate::knowledge::Better;
use crate::location::Location;
use crate::rules::{declare_rule, quote, Context, Rule, RuleMeta};

use super::figures::{measure_figures, measured_indicator, Stated};

declare_rule! {
    /// ## What it does
    /// For an action with several target columns ("Target 2024/25", "Target
    /// 2025/26" …), checks that baseline and targets move one way only. For
    /// an indicator measured toward a point (a relative likelihood toward
    /// 1.00, indicator 9 toward 0) the distance to that point must shrink or
    /// hold; otherwise the figures must not turn back.
    ///
    /// ## Why is this bad?
    /// A target sequence that goes up and then down plans for a year of
    /// getting worse, or carries a typo that the year-end report will
    /// inherit.
    ///
    /// ## Example
    /// | Baseline | Target 2024/25 | Target 2025/26 | Target 2026/27 |
    /// |---|---|---|---|
    /// | 28.4% | 26.0% | 27.0% | 24.0% |
    ///
    /// The 2025/26 target turns back up: use a figure between 26.0% and 24.0%.
    pub struct TargetsNotMonotone {
        code: "ME008",
        name: "targets-not-monotone",
        family: Measure,
        severity: Warning,
        summary: "Sequence of targets turns back",
    }
}

impl Rule for TargetsNotMonotone {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (_, action) in cx.model.actions() {
            let figures = measure_figures(cx, action);
            if figures.from_text || figures.targets.len() < 2 {
                continue;
            }
            let better = measured_indicator(action, &cx.lexer).map(|(_, _, b)| b);
            let sequence: Vec<&Stated> = figures.baseline.iter().chain(&figures.targets).collect();
            if sequence.windows(2).any(|w| w[0].percent != w[1].percent) {
                continue; // units differ: another rule's finding
            }
            let position = |s: &Stated| match better {
                Some(Better::Parity) => (s.value() - 1.0).abs(),
                Some(Better::Zero) => s.value().abs(),
                _ => s.value(),
            };
            let mut direction = 0.0f64;
            for pair in sequence.windows(2) {
                let step = position(pair[1]) - position(pair[0]);
                if step.abs() < 1e-12 {
                    continue;
                }
                if direction != 0.0 && step.signum() != direction {
                    let mut finding = Finding::new(
                        Location::Cell(pair[1].cell.clone()),
                        format!(
                            "Action \"{}\": the target {} turns back after {}",
                            quote(&action.text.text),
                            pair[1].display(),
                            pair[0].display()
                        ),
                    )
                    .help("Set targets that move one way, year after year");
                    if let Some(span) = &pair[1].span {
                        finding = finding.span(span.clone());
                    }
                    out.push(finding);
                    break;
                }
                direction = step.signum();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::SheetBuilder;
    use crate::rules::test_support::findings;

    fn plan(indicator: &str, measure: &str, figures: [&str; 4]) -> SheetBuilder {
        SheetBuilder::new("P")
            .row(&[
                "Indicator",
                "Action",
                "Measure",
                "Baseline",
                "Target 2024/25",
                "Target 2025/26",
                "Target 2026/27",
            ])
            .row(&[
                indicator, "Campaign", measure, figures[0], figures[1], figures[2], figures[3],
            ])
    }

    #[test]
    fn fires_when_a_target_turns_back() {
        let sheet = plan(
            "Indicator 5",
            "Harassment from patients",
            ["28.4%", "26.0%", "27.0%", "24.0%"],
        );
        insta::assert_snapshot!(findings(&TargetsNotMonotone, vec![sheet]), @r#"targets-not-monotone  P!F2  Action "Campaign": the target 27.0% turns back after 26.0%"#);
    }

    #[test]
    fn fires_on_a_ratio_moving_back_away_from_parity() {
        let sheet = plan(
            "Indicator 2",
            "Relative likelihood",
            ["1.45", "1.30", "1.35", "1.20"],
        );
        insta::assert_snapshot!(findings(&TargetsNotMonotone, vec![sheet]), @r#"targets-not-monotone  P!F2  Action "Campaign": the target 1.35 turns back after 1.30"#);
    }

    #[test]
    fn quiet_on_steady_sequences_and_parity_crossings() {
        let steady = plan(
            "Indicator 7",
            "Equal opportunities",
            ["44.0%", "46.0%", "48.0%", "50.0%"],
        );
        // 0.80 → 0.95 → 1.05 → 1.00 closes on 1.00 all the way.
        let crossing = plan(
            "Indicator 4",
            "Relative likelihood",
            ["0.80", "0.95", "1.05", "1.00"],
        );
        assert_eq!(findings(&TargetsNotMonotone, vec![steady, crossing]), "");
    }
}
