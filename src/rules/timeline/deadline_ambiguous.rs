use crate::diagnostic::Finding;
use crate::rules::timeline::{subject, timelines, Found};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::timeline::{fy_label, Issue};

declare_rule! {
    /// ## What it does
    /// Reports a deadline that needs an assumption to be read: a month or
    /// quarter without a year (`by March`, `Q2`), a day and month without a
    /// year (`30.09`), a month with a 2-digit number (`Dec 18`: December 2018
    /// or 18 December?), only a year (`in early 2019`), or a quarter given
    /// with a calendar year (`Q4 2023`). A missing year is taken from the
    /// plan period; the message says what was assumed.
    ///
    /// ## Why is this bad?
    /// Readers fill the gap differently: "by March" in a plan read in April
    /// could mean last March or next. A deadline nobody can pin down is not
    /// time-bound.
    ///
    /// ## Example
    /// | Activity | Expected date of completion |
    /// |---|---|
    /// | Board development session on race equality | by March |
    ///
    /// Use instead: `by 31 March 2019`.
    pub struct DeadlineAmbiguous {
        code: "TL004",
        name: "deadline-ambiguous",
        family: Timeline,
        severity: Warning,
        summary: "Deadline is ambiguous: no year, a 2-digit year after a month, or only a year",
    }
}

impl Rule for DeadlineAmbiguous {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for timeline in timelines(cx) {
            for found in &timeline.found {
                let Some(help) = found.expr.issue.and_then(|issue| help(found, issue)) else {
                    continue;
                };
                out.push(
                    found
                        .finding(format!(
                            "{} has an ambiguous deadline: {}",
                            subject(timeline, found),
                            found.describe(&timeline.ctx)
                        ))
                        .help(help),
                );
            }
        }
    }
}

/// How to remove the ambiguity, or `None` for issues this rule leaves to others.
fn help(found: &Found<'_>, issue: Issue) -> Option<String> {
    let due = found.expr.due;
    Some(match issue {
        Issue::MissingYear { .. } | Issue::DayMonthNoYear { .. } => match due {
            Some(due) => format!("Write the year, e.g. `{due}`, if that is what is meant"),
            None => {
                "Write the year, e.g. `31 March 2024`; no plan period is known to assume it from"
                    .to_owned()
            }
        },
        Issue::TwoDigitYearMonth => {
            let text = found.expr.text(&found.field.text);
            let number = text
                .rsplit(|c: char| !c.is_ascii_digit())
                .next()
                .unwrap_or_default();
            match due {
                Some(due) => format!(
                    "Write the year in full (`{month} {year}`), or a full date such as `{number} {month} {year}` if a day was meant",
                    month = due.month_name(),
                    year = due.year
                ),
                None => "Write the month and the year in full, e.g. `December 2018`".to_owned(),
            }
        }
        Issue::YearOnly => match due {
            Some(due) => format!(
                "Name the month or quarter within {}, e.g. `by {due}` or a quarter such as `Q2 {}`",
                due.year,
                fy_label(due.year)
            ),
            None => "Name the month or quarter, e.g. `by 31 March 2024`".to_owned(),
        },
        Issue::CalendarYearQuarter => match found.expr.start {
            Some(start) => {
                let fy = if start.month >= 4 {
                    start.year
                } else {
                    start.year - 1
                };
                format!(
                    "Give the quarter's financial year, e.g. `{}`, since quarters run April to March",
                    quarter_in_fy(found.expr.text(&found.field.text), &fy_label(fy))
                )
            }
            None => "Give the quarter's financial year, e.g. `Q4 2023/24`".to_owned(),
        },
        Issue::ThreeDigitYear | Issue::InvalidDate | Issue::ReversedRange => return None,
    })
}

/// `Q4 2023` → `Q4 2023/24`: the text with its year replaced by the financial year.
fn quarter_in_fy(text: &str, fy: &str) -> String {
    let year_digits = text.len() - text.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if year_digits == 4 {
        format!("{}{fy}", &text[..text.len() - 4])
    } else {
        format!("{text} {fy}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{findings, numbered_plan};

    #[test]
    fn fires_on_missing_and_two_digit_years_and_says_what_was_assumed() {
        let plan = numbered_plan(&[
            &[
                "1",
                "Board session",
                "Objectives",
                "Metric 7",
                "by March",
                "HR",
            ],
            &[
                "2",
                "Recruitment training",
                "Trained chairs",
                "Metric 2",
                "Content agreed by Dec 18\nDelivered by 31.03.19",
                "HR",
            ],
            &["3", "Staff comms", "Comms", "All", "Q2 by 30.09", "HR"],
            &[
                "4",
                "Extend the project",
                "Report",
                "Metric 1",
                "in early 2019",
                "HR",
            ],
            &["5", "Audit panels", "Audit", "Metric 2", "Q4 2018", "HR"],
        ]);
        insta::assert_snapshot!(findings(&DeadlineAmbiguous, vec![plan]), @r#"
        deadline-ambiguous  Plan!E3  Action "Board session" has an ambiguous deadline: read `by March` as 31 March 2019 from the plan period 2018/19  [March]
        deadline-ambiguous  Plan!E4  Action "Recruitment training" has an ambiguous deadline: read `by Dec 18` as December 2018 (due 31 December 2018); it could also mean 18 December  [Dec 18]
        deadline-ambiguous  Plan!E5  Action "Staff comms" has an ambiguous deadline: read `Q2` from the plan period 2018/19 as July – September 2018, due 30 September 2018  [Q2]
        deadline-ambiguous  Plan!E5  Action "Staff comms" has an ambiguous deadline: read `by 30.09` as 30 September 2018 from the plan period 2018/19  [30.09]
        deadline-ambiguous  Plan!E6  Action "Extend the project" has an ambiguous deadline: `2019` names only a year; read as due 31 December 2019  [2019]
        deadline-ambiguous  Plan!E7  Action "Audit panels" has an ambiguous deadline: `Q4 2018` gives a calendar year, not a financial year: read in 2018/19 as January – March 2019, due 31 March 2019  [Q4 2018]
        "#);
    }

    #[test]
    fn fires_without_a_plan_period_and_says_none_is_known() {
        let plan = crate::fixture::SheetBuilder::new("Plan")
            .row(&["Action", "Lead", "Deadline"])
            .row(&["Board session", "HR", "by March"]);
        insta::assert_snapshot!(findings(&DeadlineAmbiguous, vec![plan]), @r#"deadline-ambiguous  Plan!C2  Action "Board session" has an ambiguous deadline: `by March` has no year, and no plan period is known to supply one  [March]"#);
    }

    #[test]
    fn quiet_on_full_dates_and_on_past_dates() {
        let plan = numbered_plan(&[
            &[
                "1",
                "Board session",
                "Objectives",
                "Metric 7",
                "by 31 March 2019",
                "HR",
            ],
            &[
                "2",
                "Recruitment training",
                "Chairs",
                "Metric 2",
                "Q3 2018/19",
                "HR",
            ],
            &[
                "3",
                "Keep the policy introduced in 2017 under review",
                "Policy",
                "Metric 3",
                "December 2018",
                "HR",
            ],
        ]);
        assert_eq!(findings(&DeadlineAmbiguous, vec![plan]), "");
    }

    #[test]
    fn quarters_get_their_financial_year() {
        assert_eq!(quarter_in_fy("Q4 2023", "2023/24"), "Q4 2023/24");
        assert_eq!(quarter_in_fy("Q4", "2023/24"), "Q4 2023/24");
    }
}
