use crate::diagnostic::Finding;
use crate::rules::timeline::{subject, timelines};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::timeline::{Issue, TimeClass};

declare_rule! {
    /// ## What it does
    /// Reports a deadline that cannot be a date as written: a 3-digit year
    /// (`31.10.018`), a day that does not exist (`31.02.2024`, `29.02.2023`),
    /// or a range that ends before it starts (`2023/22`, `Q4/Q1 2023/24`).
    /// The message says how wreslint read it, where it could.
    ///
    /// ## Why is this bad?
    /// A typo in a deadline leaves the action without a date anyone can hold
    /// it to, and published plans with broken dates look careless.
    ///
    /// ## Example
    /// | Activity | Expected date of completion |
    /// |---|---|
    /// | Reverse mentoring for board members | Mentoring pairs in place by 31.10.018 |
    ///
    /// Use instead: `by 31.10.2018`.
    pub struct DeadlineMalformed {
        code: "TL003",
        name: "deadline-malformed",
        family: Timeline,
        severity: Warning,
        summary: "Deadline is not a valid date as written",
    }
}

impl Rule for DeadlineMalformed {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for timeline in timelines(cx) {
            for found in &timeline.found {
                let issue = found.expr.issue;
                let malformed = found.expr.class == TimeClass::Malformed
                    || matches!(
                        issue,
                        Some(Issue::ThreeDigitYear | Issue::InvalidDate | Issue::ReversedRange)
                    );
                if !malformed {
                    continue;
                }
                let help = match (issue, found.expr.due) {
                    (Some(Issue::ThreeDigitYear), Some(due)) => format!(
                        "Write the year with 4 digits, e.g. `{:02}.{:02}.{}`",
                        due.day, due.month, due.year
                    ),
                    (Some(Issue::ThreeDigitYear), None) => {
                        "Write the year with 2 or 4 digits, e.g. `31.03.2024`".to_owned()
                    }
                    (Some(Issue::InvalidDate), _) => {
                        "Check the day and the month: this day does not exist in the calendar"
                            .to_owned()
                    }
                    (Some(Issue::ReversedRange), _) => {
                        "Put the earlier end of the range first, e.g. `2023/24` or `Q3/Q4 2023/24`"
                            .to_owned()
                    }
                    _ => "Write the date as day, month and year, e.g. `31.03.2024`".to_owned(),
                };
                out.push(
                    found
                        .finding(format!(
                            "{} has a malformed deadline: {}",
                            subject(timeline, found),
                            found.describe(&timeline.ctx)
                        ))
                        .help(help),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{findings, numbered_plan};

    #[test]
    fn fires_on_three_digit_years_invalid_days_and_reversed_ranges() {
        let plan = numbered_plan(&[
            &[
                "1",
                "Reverse mentoring",
                "Pairs",
                "Metric 7",
                "Mentoring pairs in place by 31.10.018\nEvaluation by 31.01.19",
                "HR",
            ],
            &[
                "2",
                "Audit panels",
                "Audit",
                "Metric 2",
                "by 31.02.2019",
                "HR",
            ],
            &["3", "Review policy", "Policy", "Metric 3", "2019/18", "HR"],
        ]);
        insta::assert_snapshot!(findings(&DeadlineMalformed, vec![plan]), @r#"
        deadline-malformed  Plan!E3  Action "Reverse mentoring" has a malformed deadline: `by 31.10.018` has a 3-digit year; read as 31 October 2018  [31.10.018]
        deadline-malformed  Plan!E4  Action "Audit panels" has a malformed deadline: `by 31.02.2019` is not a date in the calendar  [31.02.2019]
        deadline-malformed  Plan!E5  Action "Review policy" has a malformed deadline: `2019/18` ends before it starts  [2019/18]
        "#);
    }

    #[test]
    fn quiet_on_well_formed_dates_and_malformed_dates_outside_the_timeline() {
        let plan = numbered_plan(&[
            &[
                "1",
                "Reverse mentoring",
                "Pairs",
                "Metric 7",
                "by 31.10.2018",
                "HR",
            ],
            // The date column holds the deadline; the action text is not read.
            &[
                "2",
                "Audit panels set up 31.02.2017",
                "Audit",
                "Metric 2",
                "Q3 2018/19",
                "HR",
            ],
            &[
                "3",
                "Review policy",
                "Policy",
                "Metric 3",
                "29.02.2020",
                "HR",
            ],
        ]);
        assert_eq!(findings(&DeadlineMalformed, vec![plan]), "");
    }
}
