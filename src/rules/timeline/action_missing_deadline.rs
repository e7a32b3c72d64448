use crate::diagnostic::Finding;
use crate::knowledge::Concept;
use crate::location::Location;
use crate::rules::timeline::{step_finding, timelines};
use crate::rules::{declare_rule, quote, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports an action with no timeline anywhere: no date in its date
    /// column, none in a KPI-and-timeline or measure column, and none in the
    /// action text itself. Only historical dates ("introduced August 2023")
    /// count as none. The finding points at the date cell when the plan has a
    /// date column, else at the measure cell, else at the action text. An
    /// action whose status or timescale says it is done ("Completed",
    /// "Achieved") needs none.
    ///
    /// Lettered sub-actions ("a. … b. …") are judged on their own when some
    /// of them carry their own dates and the action has no date outside
    /// them: a sub-action left without one is reported at its letter.
    ///
    /// ## Why is this bad?
    /// "Time-bound" is the SMART criterion committees challenge most: without
    /// a date nobody can say whether the action is late.
    ///
    /// ## Example
    /// | Activity/Work Piece | Expected date of completion |
    /// |---|---|
    /// | Refresh the recruitment training | *(empty)* |
    ///
    /// Use instead: `by 31.03.19`, `Q4 2018/19`, or `March 2019`.
    ///
    /// | Agreed actions | Lead |
    /// |---|---|
    /// | a. agree the content by 30.11.23; b. run the sessions | OD |
    ///
    /// Sub-action b has no date: give it one (`b. run the sessions by 31.03.24`).
    pub struct ActionMissingDeadline {
        code: "TL001",
        name: "action-missing-deadline",
        family: Timeline,
        severity: Error,
        summary: "Action has no deadline or timeline",
    }
}

impl Rule for ActionMissingDeadline {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for timeline in timelines(cx) {
            let (table, action) = (timeline.table, timeline.action);
            // A finished action ("Completed" in its timescale or status)
            // needs no deadline, nor do its steps.
            if timeline.source.is_none() && action.is_done() {
                continue;
            }
            if timeline.source.is_none() {
                let at = if table.has(Concept::Deadline) {
                    action.deadline.as_ref()
                } else {
                    action.kpi.as_ref()
                }
                // A block's shared field is not this action's cell, nor is
                // a measure on a line of its own below the action ("- Measure
                // : …" under a bullet): the finding stays on the action's rows.
                .filter(|f| !f.inherited)
                .filter(|f| (action.first_row..=action.last_row).contains(&f.cell().row));
                let cell = at.unwrap_or(&action.text).cell().clone();
                out.push(
                    Finding::new(
                        Location::Cell(cell),
                        format!("Action \"{}\" has no deadline", quote(&action.text.text)),
                    )
                    .help("Give a completion date, e.g. `by 31.03.2024` or `Q4 2023/24`"),
                );
                continue;
            }
            if timeline.names_a_date(true) {
                continue; // the action's own deadline covers its sub-actions
            }
            for (l, list) in timeline.lists.iter().enumerate() {
                for (s, step) in list.steps.iter().enumerate() {
                    if timeline.of_step(l, s).next().is_none() {
                        let message = format!(
                            "Sub-action {} of action \"{}\" has no deadline, though other sub-actions have their own",
                            step.letter,
                            quote(&action.text.text)
                        );
                        out.push(step_finding(list, s, message).help(format!(
                            "Give sub-action {} a completion date too, or give the whole action one",
                            step.letter
                        )));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{findings, numbered_plan};

    #[test]
    fn fires_when_no_cell_holds_a_date() {
        let plan = numbered_plan(&[
            &[
                "1",
                "Refresh the recruitment training",
                "Training refreshed",
                "Metric 2",
                "",
                "HR",
            ],
            &[
                "2",
                "Keep the policy introduced August 2017 under review",
                "Policy",
                "Metric 3",
                "",
                "HR",
            ],
        ]);
        insta::assert_snapshot!(findings(&ActionMissingDeadline, vec![plan]), @r#"
        action-missing-deadline  Plan!E3  Action "Refresh the recruitment training" has no deadline
        action-missing-deadline  Plan!E4  Action "Keep the policy introduced August 2017…" has no deadline
        "#);
    }

    #[test]
    fn a_measure_on_its_own_line_leaves_the_finding_on_the_action() {
        // A web page's bullets, each with its measure nested under it: the
        // missing deadline is the action's, on the action's row.
        let mut page = crate::fixture::SheetBuilder::new("Strategy");
        for line in [
            "Objective 1 : Increase the diversity of the workforce.",
            "- Strengthen career pathways for colleagues.",
            "- Measure : retention rate equal to or better than the Trust's",
        ] {
            page = page.row(&[line]);
        }
        insta::assert_snapshot!(findings(&ActionMissingDeadline, vec![page]), @r#"action-missing-deadline  Strategy!A2  Action "- Strengthen career pathways for…" has no deadline"#);
    }

    #[test]
    fn quiet_when_a_date_is_in_any_column() {
        let plan = numbered_plan(&[
            &[
                "1",
                "Refresh training",
                "Training",
                "Metric 2",
                "31.03.19",
                "HR",
            ],
            &[
                "2",
                "Refresh policy",
                "Policy live by Q4 2018/19",
                "Metric 3",
                "",
                "HR",
            ],
            &[
                "3",
                "Review panels by March 2019",
                "Report",
                "Metric 2",
                "",
                "HR",
            ],
            &[
                "4",
                "Network meetings",
                "Minutes",
                "Metric 2",
                "Quarterly",
                "HR",
            ],
        ]);
        assert_eq!(findings(&ActionMissingDeadline, vec![plan]), "");
    }

    #[test]
    fn quiet_when_the_timescale_says_the_action_is_done() {
        let plan = numbered_plan(&[
            &[
                "1",
                "Publish the equality scheme",
                "Scheme",
                "Metric 1",
                "Completed",
                "HR",
            ],
            &[
                "2",
                "Refresh training",
                "Training",
                "Metric 2",
                "Not completed",
                "HR",
            ],
        ]);
        insta::assert_snapshot!(findings(&ActionMissingDeadline, vec![plan]), @r#"action-missing-deadline  Plan!E4  Action "Refresh training" has no deadline"#);
    }

    #[test]
    fn fires_on_a_sub_action_without_a_date_among_dated_ones() {
        let plan = numbered_plan(&[&[
            "1",
            "Launch mentoring:\na. agree the scheme by 30.11.18;\nb. recruit mentors;\nc. pair them by 31.01.19",
            "Pairs in place",
            "Metric 7",
            "",
            "OD",
        ]]);
        insta::assert_snapshot!(findings(&ActionMissingDeadline, vec![plan]), @r#"action-missing-deadline  Plan!B3  Sub-action b of action "Launch mentoring:" has no deadline, though other sub-actions have their own  [b.]"#);
    }

    #[test]
    fn quiet_when_the_action_has_its_own_deadline_beside_dated_sub_actions() {
        let plan = numbered_plan(&[&[
            "1",
            "Launch mentoring:\na. agree the scheme by 30.11.18;\nb. recruit mentors",
            "Pairs in place",
            "Metric 7",
            "by 31.03.19",
            "OD",
        ]]);
        assert_eq!(findings(&ActionMissingDeadline, vec![plan]), "");
    }
}
