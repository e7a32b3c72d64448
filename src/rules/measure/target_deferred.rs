use crate::diagnostic::Finding;
use crate::location::Location;
use crate::rules::{declare_rule, quote, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a KPI, baseline or target cell that puts the target off until
    /// later: "the Trust will set a target …", "target to be agreed",
    /// "target TBC". The phrases are data: `deferred_target_phrases` in
    /// `rules/wres.yaml`.
    ///
    /// ## Why is this bad?
    /// A plan is approved on its targets. A target promised for later is
    /// rarely set, and the action can never be shown to have fallen short.
    ///
    /// ## Example
    /// `The Trust will set a target number of attendees when the workshop
    /// dates are fixed.` Use instead: `40 BME colleagues attend by March 2019`.
    pub struct TargetDeferred {
        code: "ME009",
        name: "target-deferred",
        family: Measure,
        severity: Warning,
        summary: "Target is put off until later",
    }
}

impl Rule for TargetDeferred {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if cx.model.actions().next().is_none() {
            return;
        }
        let Some(pattern) = cx.knowledge.deferral() else {
            return;
        };
        for (_, action) in cx.model.actions() {
            let fields = action
                .kpi
                .iter()
                .chain(&action.baseline)
                .chain(&action.targets);
            for field in fields {
                let Some(found) = pattern.find(&field.text) else {
                    continue;
                };
                let (cell, span) = field.locate(found.range());
                out.push(
                    Finding::new(
                        Location::Cell(cell),
                        format!(
                            "Action \"{}\" puts its target off until later (\"{}\")",
                            quote(&action.text.text),
                            found
                                .as_str()
                                .split_whitespace()
                                .collect::<Vec<_>>()
                                .join(" ")
                        ),
                    )
                    .help("Set a numeric target now; it can be revised when the plan is reviewed")
                    .span(span),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::SheetBuilder;
    use crate::rules::test_support::{findings, numbered_plan};

    #[test]
    fn fires_on_a_target_set_later() {
        let plan = numbered_plan(&[&[
            "11",
            "Encourage attendance at careers workshops",
            "The Trust will set a target number of attendees when the dates are fixed.",
            "Metric 7",
            "31.01.19",
            "L&D",
        ]]);
        insta::assert_snapshot!(findings(&TargetDeferred, vec![plan]), @r#"target-deferred  Plan!C3  Action "Encourage attendance at careers…" puts its target off until later ("will set a target")  [will set a target]"#);
    }

    #[test]
    fn fires_in_a_target_column() {
        let plan = SheetBuilder::new("P")
            .row(&["Indicator", "Action", "Measure", "Baseline", "Target"])
            .row(&[
                "Indicator 2",
                "Audit panels",
                "Relative likelihood",
                "1.45",
                "Target  to be\nagreed in Q3",
            ]);
        insta::assert_snapshot!(findings(&TargetDeferred, vec![plan]), @r#"
        target-deferred  P!E2  Action "Audit panels" puts its target off until later ("Target to be agreed")  [Target  to be
        agreed]
        "#);
    }

    #[test]
    fn quiet_on_set_targets() {
        let plan = numbered_plan(&[&[
            "1",
            "Workshops",
            "40 colleagues attend; we will review the target after the first cohort",
            "Metric 7",
            "31.01.19",
            "L&D",
        ]]);
        assert_eq!(findings(&TargetDeferred, vec![plan]), "");
    }
}
