use crate::diagnostic::Finding;
use crate::rules::timeline::{in_doubt, period_doubt, period_origin, subject, timelines};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a deadline that falls before the plan period starts: a
    /// `by 31.03.18` in a 2018/19 plan. The period is the table's own (a
    /// progress sheet's), else the plan's, from configuration or read from
    /// the workbook's title (see `docs/periods.md`); never today's date. The
    /// rule stays quiet when no period is known, and leaves malformed dates
    /// and hedges ("may carry over into …") to other rules.
    ///
    /// ## Why is this bad?
    /// A plan cannot commit to something already overdue when it starts.
    /// Usually the year is a typo, or a line was copied from last year's plan.
    ///
    /// ## Example
    /// In `WRES Action Plan 2018 – 2019`:
    ///
    /// | Activity | Expected date of completion |
    /// |---|---|
    /// | Single approval route for CPD funding | New approval route in place by 31.03.18 |
    ///
    /// Use instead: `by 31.03.19`.
    pub struct DeadlineBeforePlanPeriod {
        code: "TL005",
        name: "deadline-before-plan-period",
        family: Timeline,
        severity: Warning,
        summary: "Deadline falls before the plan period starts",
    }
}

impl Rule for DeadlineBeforePlanPeriod {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        // The plan is reported once by plan-period-doubtful instead.
        let doubt = period_doubt(cx);
        for timeline in timelines(cx) {
            let Some(period) = timeline.period else {
                continue;
            };
            if in_doubt(doubt, timeline) {
                continue;
            }
            for found in &timeline.found {
                if found
                    .judged_due()
                    .is_none_or(|due| due >= period.value.start)
                {
                    continue;
                }
                out.push(
                    found
                        .finding(format!(
                            "{} is due before the plan period {} starts: {}",
                            subject(timeline, found),
                            period.value.label(),
                            found.describe(&timeline.ctx)
                        ))
                        .help(format!(
                            "Check the year: {} starts on {}. If the period is wrong, set `plan_period` in the configuration",
                            period_origin(period),
                            period.value.start
                        )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::fixture::SheetBuilder;
    use crate::rules::test_support::{findings, numbered_plan};
    use crate::workbook::Value;

    #[test]
    fn fires_on_a_deadline_before_the_period_starts() {
        let plan = numbered_plan(&[
            &[
                "1",
                "Single approval route",
                "Route in use",
                "Metric 4",
                "Meeting by 30.11.18\nNew approval route in place by 31.03.18",
                "HR",
            ],
            &[
                "2",
                "Refresh training",
                "Training",
                "Metric 4",
                "Q4 2017/18",
                "HR",
            ],
            &["3", "Audit panels", "Audit", "Metric 2", "", "HR"],
            // Most deadlines inside the period: the period is not in doubt.
            &["4", "Mentoring", "Pairs", "Metric 1", "30.09.18", "HR"],
            &["5", "Board session", "Held", "Metric 9", "31.12.18", "HR"],
            &["6", "Data pack", "Issued", "Metric 1", "31.01.19", "HR"],
        ])
        .cell(4, 4, Value::Date(Date::new(2018, 2, 28).unwrap()));
        insta::assert_snapshot!(findings(&DeadlineBeforePlanPeriod, vec![plan]), @r#"
        deadline-before-plan-period  Plan!E3  Action "Single approval route" is due before the plan period 2018/19 starts: `by 31.03.18` is 31 March 2018  [31.03.18]
        deadline-before-plan-period  Plan!E4  Action "Refresh training" is due before the plan period 2018/19 starts: `Q4 2017/18` is January – March 2018, due 31 March 2018  [Q4 2017/18]
        deadline-before-plan-period  Plan!E5  Action "Audit panels" is due before the plan period 2018/19 starts: the cell holds the date 28 February 2018
        "#);
    }

    #[test]
    fn quiet_when_the_period_itself_is_in_doubt() {
        // Four of five deadlines after 2018/19: plan-period-doubtful reports
        // the period once, and no deadline is judged against it.
        let plan = numbered_plan(&[
            &["1", "A", "K", "Metric 1", "31.05.19", "HR"],
            &["2", "B", "K", "Metric 1", "30.06.19", "HR"],
            &["3", "C", "K", "Metric 1", "31.07.19", "HR"],
            &["4", "D", "K", "Metric 1", "31.10.19", "HR"],
            &["5", "E", "K", "Metric 1", "31.12.17", "HR"],
        ]);
        assert_eq!(findings(&DeadlineBeforePlanPeriod, vec![plan]), "");
    }

    #[test]
    fn fires_against_a_progress_sheet_s_own_period() {
        let plan = numbered_plan(&[&["1", "Audit", "Report", "Metric 2", "31.03.19", "HR"]]);
        let progress = SheetBuilder::new("Progress")
            .row(&["Progress report 2019/20"])
            .row(&["Action", "Lead", "Deadline"])
            .row(&["Audit panels again", "HR", "by 31.12.18"]);
        insta::assert_snapshot!(findings(&DeadlineBeforePlanPeriod, vec![plan, progress]), @r#"deadline-before-plan-period  Progress!C3  Action "Audit panels again" is due before the plan period 2019/20 starts: `by 31.12.18` is 31 December 2018  [31.12.18]"#);
    }

    #[test]
    fn quiet_inside_the_period_without_a_period_and_on_past_dates() {
        let plan = numbered_plan(&[
            &[
                "1",
                "Audit panels",
                "Report",
                "Metric 2",
                "by 01.04.18",
                "HR",
            ],
            &[
                "2",
                "Keep the scheme introduced March 2017",
                "Scheme",
                "Metric 7",
                "",
                "HR",
            ],
            &["3", "Review", "Report", "Metric 2", "31.10.018", "HR"],
        ]);
        assert_eq!(findings(&DeadlineBeforePlanPeriod, vec![plan]), "");
        let untitled = SheetBuilder::new("Plan")
            .row(&["Action", "Lead", "Deadline"])
            .row(&["Audit panels", "HR", "by 31.03.18"]);
        assert_eq!(findings(&DeadlineBeforePlanPeriod, vec![untitled]), "");
    }
}
