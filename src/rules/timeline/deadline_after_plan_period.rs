use crate::diagnostic::Finding;
use crate::rules::timeline::{in_doubt, period_doubt, period_origin, subject, timelines};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a deadline that falls after the plan period ends: `Q2 2025/26`
    /// in a 2023/24 plan. The period is the table's own (a progress sheet's),
    /// else the plan's, from configuration or read from the workbook's title
    /// (see `docs/periods.md`); never today's date. The rule stays quiet when
    /// no period is known. A hedge ("Q4 2023/24, however this may carry over
    /// into 2024/25") is not a deadline and is not reported.
    ///
    /// ## Why is this bad?
    /// The plan will be reported on, and replaced, before the action is due:
    /// nobody will check it. Work that runs longer needs a milestone inside
    /// the period, or belongs in a multi-year plan.
    ///
    /// ## Example
    /// In `WRES Action Plan 2023-24`:
    ///
    /// | Agreed actions | Deadline |
    /// |---|---|
    /// | Launch the talent programme | by June 2025 |
    ///
    /// Use instead: a milestone inside the year, e.g. `first cohort by 31 March 2024`.
    pub struct DeadlineAfterPlanPeriod {
        code: "TL006",
        name: "deadline-after-plan-period",
        family: Timeline,
        severity: Warning,
        summary: "Deadline falls after the plan period ends",
    }
}

impl Rule for DeadlineAfterPlanPeriod {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        // Reported once by plan-period-doubtful instead.
        let doubt = period_doubt(cx);
        for timeline in timelines(cx) {
            let Some(period) = timeline.period else {
                continue;
            };
            if in_doubt(doubt, timeline) {
                continue;
            }
            for found in &timeline.found {
                if found.judged_due().is_none_or(|due| due <= period.value.end) {
                    continue;
                }
                out.push(
                    found
                        .finding(format!(
                            "{} is due after the plan period {} ends: {}",
                            subject(timeline, found),
                            period.value.label(),
                            found.describe(&timeline.ctx)
                        ))
                        .help(format!(
                            "Set a milestone inside {}, which ends on {}, or move the action to the next plan. If the period is wrong, set `plan_period` in the configuration",
                            period_origin(period),
                            period.value.end
                        )),
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
    fn fires_on_a_deadline_after_the_period_ends() {
        let plan = numbered_plan(&[
            &[
                "1",
                "Talent programme",
                "Cohort",
                "Metric 1",
                "by June 2019",
                "OD",
            ],
            &[
                "2",
                "Pay gap review",
                "Report",
                "Metric 1",
                "Q1 2019/20",
                "HR",
            ],
        ]);
        insta::assert_snapshot!(findings(&DeadlineAfterPlanPeriod, vec![plan]), @r#"
        deadline-after-plan-period  Plan!E3  Action "Talent programme" is due after the plan period 2018/19 ends: `by June 2019` is June 2019 (due 30 June 2019)  [June 2019]
        deadline-after-plan-period  Plan!E4  Action "Pay gap review" is due after the plan period 2018/19 ends: `Q1 2019/20` is April – June 2019, due 30 June 2019  [Q1 2019/20]
        "#);
    }

    #[test]
    fn quiet_on_the_last_day_on_hedges_and_without_a_period() {
        let plan = numbered_plan(&[
            &[
                "1",
                "Talent programme",
                "Cohort",
                "Metric 1",
                "by 31 March 2019",
                "OD",
            ],
            &[
                "2",
                "New case system",
                "System live",
                "Metric 3",
                "Q4 2018/19, however this may carry over into 2019/20",
                "HR",
            ],
            &["3", "Review", "Report", "Metric 2", "2018/19", "HR"],
        ]);
        assert_eq!(findings(&DeadlineAfterPlanPeriod, vec![plan]), "");
        let untitled = SheetBuilder::new("Plan")
            .row(&["Action", "Lead", "Deadline"])
            .row(&["Audit panels", "HR", "by 31.03.30"]);
        assert_eq!(findings(&DeadlineAfterPlanPeriod, vec![untitled]), "");
    }
}
