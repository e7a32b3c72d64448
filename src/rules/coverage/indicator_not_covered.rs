use crate::diagnostic::Finding;
use crate::knowledge::Concept;
use crate::location::Location;
use crate::rules::{capitalise, declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports each indicator (1-9 for WRES) that no action of the plan is
    /// linked to, directly or through `All`.
    ///
    /// ## Why is this bad?
    /// Every indicator measures a gap the trust must act on. An indicator with
    /// no action looks ignored, even when the gap is small; a plan should say
    /// so explicitly ("no action required because …") as an action linked to it.
    ///
    /// ## Example
    /// A plan whose actions link to metrics 1-7 only: indicators 8
    /// (discrimination) and 9 (board representation) are reported.
    pub struct IndicatorNotCovered {
        code: "CV002",
        name: "indicator-not-covered",
        family: Coverage,
        severity: Warning,
        summary: "Indicator has no action in the plan",
    }
}

impl Rule for IndicatorNotCovered {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(first) = cx
            .model
            .action_tables
            .iter()
            .find(|t| !t.actions.is_empty())
        else {
            return;
        };
        // A plan that links no action to any indicator has one finding for
        // that (indicator-column-missing), not one per indicator.
        if !cx
            .model
            .action_tables
            .iter()
            .any(|t| t.has(Concept::Indicator))
        {
            return;
        }
        let knowledge = cx.knowledge;
        for number in 1..=knowledge.indicator_count {
            if cx
                .model
                .actions()
                .any(|(_, action)| action.links.covers(number))
            {
                continue;
            }
            let name = knowledge
                .indicator(number)
                .map(|i| format!(" ({})", i.name))
                .unwrap_or_default();
            let label = knowledge.item_label(number);
            out.push(
                Finding::new(
                    Location::Sheet(first.sheet.clone()),
                    format!("{}{name} has no action", capitalise(&label)),
                )
                .help(format!(
                    "Add an action linked to {label}, or an entry explaining why none is needed"
                ))
                .about(crate::diagnostic::Subject::Indicator(number)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{findings, numbered_plan};

    #[test]
    fn fires_for_each_uncovered_indicator() {
        let plan = numbered_plan(&[
            &[
                "1",
                "Mentoring",
                "Report",
                "Metric 1, 2 & 7",
                "31.10.18",
                "HR",
            ],
            &[
                "2",
                "Ambassadors",
                "Cases",
                "Metric 3 & 4",
                "31.03.19",
                "HR",
            ],
            &[
                "3",
                "Zero tolerance",
                "Survey",
                "Metric 5 & 6",
                "31.03.19",
                "HR",
            ],
        ]);
        insta::assert_snapshot!(findings(&IndicatorNotCovered, vec![plan]), @r"
        indicator-not-covered  Plan  Indicator 8 (Staff personally experiencing discrimination at work from a manager, team leader or colleague) has no action
        indicator-not-covered  Plan  Indicator 9 (Board voting membership compared with the overall workforce) has no action
        ");
    }

    #[test]
    fn quiet_when_all_covers_everything() {
        let plan = numbered_plan(&[&["1", "Data pack", "Pack", "All Metric", "31.12.18", "HR"]]);
        assert_eq!(findings(&IndicatorNotCovered, vec![plan]), "");
    }
}
