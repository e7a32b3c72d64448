use crate::diagnostic::Finding;
use crate::rules::timeline::national::{date_list, hia_label, referenced_by, NationalDeadlines};
use crate::rules::timeline::{expressions, timelines, Found};
use crate::rules::{declare_rule, quote, Context, Rule, RuleMeta};
use crate::timeline::TimeClass;

declare_rule! {
    /// ## What it does
    /// Reports an action that names a high impact action of NHS England's EDI
    /// improvement plan ("HIA 2", "High Impact Action 2") and quotes a
    /// national deadline ("national deadline: June 2023") that is not one of
    /// the deadlines set nationally for it. The national deadlines are data
    /// in `rules/high-impact-actions.yaml` (WRES.md §3.1).
    ///
    /// ## Why is this bad?
    /// A plan that misquotes the national timetable misleads the board about
    /// what the trust must deliver and when; the national dates are the ones
    /// NHS England will ask about.
    ///
    /// ## Example
    /// | Agreed actions | Deadline |
    /// |---|---|
    /// | HIA 2: talent management plan (national deadline: June 2023) | by 30 June 2024 |
    ///
    /// Use instead: `(national deadline: June 2024)`.
    pub struct NationalDeadlineMisquoted {
        code: "TL009",
        name: "national-deadline-misquoted",
        family: Timeline,
        severity: Warning,
        summary: "Quoted national deadline of a high impact action differs from the national one",
    }
}

impl Rule for NationalDeadlineMisquoted {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let table = NationalDeadlines::builtin();
        for timeline in timelines(cx) {
            let action = timeline.action;
            let numbers = referenced_by(action);
            if numbers.is_empty() {
                continue;
            }
            let mut national: Vec<_> = numbers
                .iter()
                .filter_map(|n| table.action(*n))
                .flat_map(|hia| hia.deadlines.iter().map(|d| d.due))
                .collect();
            national.sort();
            national.dedup();
            for (_, field) in action.fields() {
                for expr in expressions(field, &timeline.ctx) {
                    let Some(due) = expr.due else { continue };
                    if expr.class == TimeClass::Historical || national.contains(&due) {
                        continue;
                    }
                    let at = expr.span.start;
                    if expr.span.is_empty() || !table.quoted_as_national(&field.text, at) {
                        continue;
                    }
                    let found = Found {
                        field,
                        expr: std::borrow::Cow::Owned(expr),
                        step: None,
                    };
                    let hias = hia_label(&numbers);
                    out.push(
                        found
                            .finding(format!(
                                "Action \"{}\" quotes a national deadline that {hias} does not have: {}; the national deadlines are {}",
                                quote(&action.text.text),
                                found.describe(&timeline.ctx),
                                date_list(&national, "and")
                            ))
                            .help(format!(
                                "Quote the deadline NHS England set for {hias} in the EDI improvement plan (June 2023): {}",
                                date_list(&national, "or")
                            )),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::SheetBuilder;
    use crate::rules::test_support::findings;

    fn plan(rows: &[&[&str]]) -> SheetBuilder {
        let mut sheet = SheetBuilder::new("Plan")
            .row(&["EDI Action Plan 2023/24"])
            .row(&["Agreed actions", "Lead", "Deadline"]);
        for row in rows {
            sheet = sheet.row(row);
        }
        sheet
    }

    #[test]
    fn fires_on_a_national_deadline_the_hia_does_not_have() {
        let sheet = plan(&[
            &[
                "HIA 2: talent management plan (national deadline: June 2023)",
                "Director of People",
                "by 30 June 2024",
            ],
            &[
                "High Impact Action 1: board EDI objectives",
                "Chair",
                "by 31.03.24 (NHS England deadline is by 30 September 2024)",
            ],
        ]);
        insta::assert_snapshot!(findings(&NationalDeadlineMisquoted, vec![sheet]), @r#"
        national-deadline-misquoted  Plan!A3  Action "HIA 2: talent management plan (national…" quotes a national deadline that HIA 2 does not have: `deadline: June 2023` is June 2023 (due 30 June 2023); the national deadlines are 30 June 2024, 31 October 2024 and 30 June 2025  [June 2023]
        national-deadline-misquoted  Plan!C4  Action "High Impact Action 1: board EDI…" quotes a national deadline that HIA 1 does not have: `by 30 September 2024` is 30 September 2024; the national deadlines are 31 March 2024 and 31 March 2025  [30 September 2024]
        "#);
    }

    #[test]
    fn quiet_on_correct_quotes_local_dates_and_actions_without_an_hia() {
        let sheet = plan(&[
            &[
                "HIA 2: talent management plan (national deadline: June 2024)",
                "Director of People",
                "by 31 May 2024",
            ],
            &[
                "HIA 6: review disciplinary processes",
                "Head of ER",
                "Q4 2023/24 (national deadline March 2024)",
            ],
            &[
                "Refresh the talent plan (national deadline: June 2023)",
                "OD",
                "by 31.03.24",
            ],
        ]);
        assert_eq!(findings(&NationalDeadlineMisquoted, vec![sheet]), "");
    }
}
