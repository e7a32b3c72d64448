use crate::diagnostic::Finding;
use crate::knowledge::{layout, normalise};
use crate::location::Location;
use crate::rules::{declare_rule, quote, Context, Rule, RuleMeta};
use crate::timeline;

declare_rule! {
    /// ## What it does
    /// Reports a KPI or measure that gives no way to tell whether the action
    /// worked: no figure (dates aside), no metric it names ("number of",
    /// "rate", "representation") and no deliverable that either happens or
    /// does not ("published", "in place", "audited"). The words are
    /// `observable_words` in `rules/layout.yaml`. A measure with figures in
    /// its baseline or target columns is measured; an action whose target is
    /// put off ("the Trust will set a target") is `target-deferred`.
    ///
    /// ## Why is this bad?
    /// "Improve staff experience" or "Greater awareness" is a hope, not a
    /// measure: a direction with no size and nothing to observe cannot be
    /// reported against, so the committee cannot tell success from failure.
    ///
    /// ## Example
    /// | Action | Measure of success |
    /// |---|---|
    /// | Cultural awareness sessions | Greater awareness of cultural differences |
    ///
    /// Use instead: `80% of managers attend by March 2024; staff survey
    /// indicator 8 for BME staff falls from 9% to 7%`.
    pub struct MeasureNotMeasurable {
        code: "ME012",
        name: "measure-not-measurable",
        family: Measure,
        severity: Warning,
        summary: "KPI or measure has no figure and nothing observable",
    }
}

/// The text with its time expressions (dates, periods) removed: a year is
/// no figure of the measure.
fn without_dates(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for expr in timeline::parse(text, &timeline::Context::default()) {
        if expr.span.start >= at {
            out.push_str(&text[at..expr.span.start]);
            out.push(' ');
            at = expr.span.end;
        }
    }
    out.push_str(&text[at..]);
    out
}

impl Rule for MeasureNotMeasurable {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let words = layout();
        let deferral = cx.knowledge.deferral();
        for (_, action) in cx.model.actions() {
            let Some(kpi) = &action.kpi else {
                continue;
            };
            if kpi.inherited || kpi.is_blank() || cx.knowledge.is_placeholder(&kpi.text) {
                continue;
            }
            // Figures in the baseline or target columns measure it.
            let figures_beside = action
                .baseline
                .iter()
                .chain(&action.targets)
                .any(|f| !f.is_blank() && f.text.chars().any(|c| c.is_ascii_digit()));
            if figures_beside || super::is_deferred(deferral, action) {
                continue;
            }
            let text = without_dates(&kpi.text);
            if text.chars().any(|c| c.is_ascii_digit() || c == '%') {
                continue;
            }
            if words.names_observable(&normalise(&text)) {
                continue;
            }
            out.push(
                Finding::new(
                    Location::Cell(kpi.cell().clone()),
                    format!(
                        "The measure of action \"{}\" names no figure and nothing that can be observed: `{}`",
                        quote(&action.text.text),
                        quote(&kpi.text)
                    ),
                )
                .help("State what will be counted and the figure to reach, e.g. `share of band 8a+ posts from 9% to 12% by March 2025`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{findings, numbered_plan};

    #[test]
    fn fires_on_hopes_with_nothing_to_observe() {
        let plan = numbered_plan(&[
            &[
                "1",
                "Awareness sessions",
                "Greater awareness of cultural differences",
                "Metric 1",
                "31.03.19",
                "HR",
            ],
            &[
                "2",
                "Culture work",
                "Improve staff experience by March 2019",
                "Metric 5",
                "31.03.19",
                "HR",
            ],
        ]);
        insta::assert_snapshot!(findings(&MeasureNotMeasurable, vec![plan]), @r#"
        measure-not-measurable  Plan!C3  The measure of action "Awareness sessions" names no figure and nothing that can be observed: `Greater awareness of cultural…`
        measure-not-measurable  Plan!C4  The measure of action "Culture work" names no figure and nothing that can be observed: `Improve staff experience by March 2019`
        "#);
    }

    #[test]
    fn quiet_on_figures_metrics_deliverables_and_empty_cells() {
        let plan = numbered_plan(&[
            &[
                "3",
                "Mentoring",
                "20 pairs matched",
                "Metric 1",
                "31.03.19",
                "HR",
            ],
            &[
                "4",
                "Panels",
                "Number of panels with a BME member",
                "Metric 2",
                "31.03.19",
                "HR",
            ],
            &[
                "5",
                "Policy",
                "Policy approved by the Board",
                "Metric 3",
                "31.03.19",
                "HR",
            ],
            &["6", "Data", "", "Metric 1", "31.03.19", "HR"],
            &[
                "7",
                "Pledge",
                "The Trust will set a target",
                "Metric 1",
                "31.03.19",
                "HR",
            ],
        ]);
        assert_eq!(findings(&MeasureNotMeasurable, vec![plan]), "");
    }
}
