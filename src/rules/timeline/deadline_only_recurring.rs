use crate::diagnostic::Finding;
use crate::rules::timeline::{names_date, subject, timelines, Found, Timeline};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports an action whose timeline is only recurring or open-ended
    /// wording ("Quarterly", "Ongoing", "As and when vacancies arise") with no
    /// date by which anything is complete. A lettered sub-action is judged on
    /// its own when other sub-actions carry dates and the action has none of
    /// its own.
    ///
    /// ## Why is this bad?
    /// Work that happens "ongoing" or "quarterly" never becomes late, so the
    /// committee cannot tell whether it is on track. A SMART action says when
    /// it starts to deliver or when the first review is due.
    ///
    /// ## Example
    /// | Activity | Expected date of completion |
    /// |---|---|
    /// | Report disciplinary cases by ethnicity to the committee | Ongoing |
    ///
    /// Use instead: `First report by 31.12.18, then quarterly`.
    pub struct DeadlineOnlyRecurring {
        code: "TL002",
        name: "deadline-only-recurring",
        family: Timeline,
        severity: Warning,
        summary: "Timeline is only recurring or open-ended, with no completion date",
    }
}

impl Rule for DeadlineOnlyRecurring {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for timeline in timelines(cx) {
            if timeline.found.is_empty() {
                continue; // no timeline at all: action-missing-deadline
            }
            if !timeline.names_a_date(false) {
                out.push(finding(timeline, &timeline.found[0]));
                continue;
            }
            if timeline.names_a_date(true) {
                continue;
            }
            for (l, list) in timeline.lists.iter().enumerate() {
                for s in 0..list.steps.len() {
                    let found: Vec<&Found> = timeline.of_step(l, s).collect();
                    if let Some(first) = found.first() {
                        if !found.iter().any(|f| names_date(&f.expr)) {
                            out.push(finding(timeline, first));
                        }
                    }
                }
            }
        }
    }
}

fn finding(timeline: &Timeline<'_>, found: &Found<'_>) -> Finding {
    let example = match timeline.period {
        Some(period) => format!("`first review by {}`", period.value.end),
        None => "`first review by 31 March 2024`".to_owned(),
    };
    found
        .finding(format!(
            "{} has no completion date: {}",
            subject(timeline, found),
            found.describe(&timeline.ctx)
        ))
        .help(format!(
            "Add the date by which the work is done or first delivered, e.g. {example}, and keep the recurring wording for what follows"
        ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{findings, numbered_plan};

    #[test]
    fn fires_on_ongoing_or_recurring_wording_alone() {
        let plan = numbered_plan(&[
            &[
                "1",
                "Report cases to the committee",
                "Report",
                "Metric 3",
                "Ongoing",
                "HR",
            ],
            &[
                "2",
                "Network meetings",
                "Minutes",
                "Metric 7",
                "Quarterly, as and when needed",
                "HR",
            ],
            &[
                "3",
                "Career clinics:\na. set up the clinics by 30.11.18;\nb. hold them monthly",
                "Attendance",
                "Metric 7",
                "",
                "OD",
            ],
        ]);
        insta::assert_snapshot!(findings(&DeadlineOnlyRecurring, vec![plan]), @r#"
        deadline-only-recurring  Plan!B5  Sub-action b of action "Career clinics:" has no completion date: `monthly` is recurring and sets no completion date  [monthly]
        deadline-only-recurring  Plan!E3  Action "Report cases to the committee" has no completion date: `Ongoing` is open-ended and sets no completion date  [Ongoing]
        deadline-only-recurring  Plan!E4  Action "Network meetings" has no completion date: `Quarterly` is recurring and sets no completion date  [Quarterly]
        "#);
    }

    #[test]
    fn quiet_when_a_completion_date_stands_beside_the_recurring_wording() {
        let plan = numbered_plan(&[
            &[
                "1",
                "Report cases to the committee",
                "Report",
                "Metric 3",
                "First report by 31.12.18, then quarterly",
                "HR",
            ],
            &[
                "2",
                "Career clinics:\na. set up by 30.11.18;\nb. hold them monthly",
                "Attendance",
                "Metric 7",
                "by 31.03.19",
                "OD",
            ],
            &["3", "Refresh policy", "Policy", "Metric 3", "", "HR"],
            &[
                "4",
                "Refresh training",
                "Training",
                "Metric 4",
                "by March",
                "HR",
            ],
        ]);
        assert_eq!(findings(&DeadlineOnlyRecurring, vec![plan]), "");
    }
}
