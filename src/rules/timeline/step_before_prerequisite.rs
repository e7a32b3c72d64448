use std::ptr;

use crate::diagnostic::Finding;
use crate::rules::timeline::{subject, timelines, Found};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::timeline::{CueKind, TimeClass};

declare_rule! {
    /// ## What it does
    /// Reports a step due before a step written ahead of it in the same cell:
    /// "Meeting with budget holders by 30.11.18 / New route in place by
    /// 31.10.18". Steps are the deadlines of one cell, in reading order: a
    /// day, month or quarter after a deadline word ("by", "no later than"),
    /// or any dated lettered sub-action ("a. … b. …"). Dates merely listed
    /// ("charter signed – September 2023; policy review – Q4 2023/24; safe
    /// space – Q3 2023/24") are independent items, not steps, and are not
    /// compared. A date inside an earlier range is not out of order:
    /// in "Q3/Q4 2023/24, first report by 31 December 2023" the report falls
    /// within the quarters. A date outside the plan period is left to the
    /// period rules, so one slip gets one finding.
    ///
    /// ## Why is this bad?
    /// Plans list steps in the order they depend on each other; a later step
    /// due first cannot wait for its prerequisite. Usually one of the two
    /// dates is a typo.
    ///
    /// ## Example
    /// | Activity | Expected date of completion |
    /// |---|---|
    /// | Single approval route | Meet budget holders by 30.11.18; new route in place by 31.10.18 |
    ///
    /// Use instead: `…; new route in place by 31.01.19`.
    pub struct StepBeforePrerequisite {
        code: "TL008",
        name: "step-before-prerequisite",
        family: Timeline,
        severity: Warning,
        summary: "A later step in a cell is due before an earlier one",
    }
}

impl Rule for StepBeforePrerequisite {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for timeline in timelines(cx) {
            let period = timeline.period.map(|p| p.value);
            let in_period = |found: &Found| {
                period.is_none_or(|p| found.judged_due().is_some_and(|d| p.contains(d)))
            };
            let steps: Vec<&Found> = timeline
                .found
                .iter()
                .filter(|f| is_step(f) && in_period(f))
                .collect();
            for (j, later) in steps.iter().enumerate() {
                let Some(due) = later.judged_due() else {
                    continue;
                };
                let earlier = steps[..j].iter().rev().find(|e| {
                    ptr::eq(e.field, later.field)
                        && in_sequence(e, later)
                        && e.expr.start.or(e.expr.due).is_some_and(|start| start > due)
                });
                let Some(earlier) = earlier else { continue };
                let earlier_due = earlier
                    .judged_due()
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                out.push(
                    later
                        .finding(format!(
                            "{} has a step due before the step written ahead of it: {}, but `{}` comes first and is due {earlier_due}",
                            subject(timeline, later),
                            later.describe(&timeline.ctx),
                            earlier.quote()
                        ))
                        .help("Check both dates: a later step usually waits for the earlier one. Correct the date, or put the steps in the order they happen"),
                );
            }
        }
    }
}

/// Two dates are steps of one sequence when both follow a deadline word
/// ("by 30.11.18 … by 31.10.18") or they stand in different sub-actions of
/// one lettered list.
fn in_sequence(earlier: &Found<'_>, later: &Found<'_>) -> bool {
    let cued = |f: &Found| {
        f.expr
            .cue
            .as_ref()
            .is_some_and(|c| c.kind == CueKind::Deadline)
    };
    let lettered = match (earlier.step, later.step) {
        (Some((list_a, step_a)), Some((list_b, step_b))) => list_a == list_b && step_a != step_b,
        _ => false,
    };
    lettered || (cued(earlier) && cued(later))
}

/// A dated step: a day, month or quarter that is a deadline (not a year,
/// a start date, a hedge or a malformed date).
fn is_step(found: &Found<'_>) -> bool {
    let class_ok = matches!(
        found.expr.class,
        TimeClass::FullDate | TimeClass::MonthYear | TimeClass::QuarterFy | TimeClass::QuarterRange
    );
    let from = found
        .expr
        .cue
        .as_ref()
        .is_some_and(|c| c.kind == CueKind::From);
    class_ok && !from && !found.expr.span.is_empty() && found.judged_due().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{findings, numbered_plan};

    #[test]
    fn fires_on_a_later_line_due_first() {
        let plan = numbered_plan(&[
            &[
                "1",
                "Single approval route",
                "Route in use",
                "Metric 4",
                "Meet budget holders by 30.11.18\nNew route in place by 31.10.18",
                "HR",
            ],
            &[
                "2",
                "Mentoring:\na. recruit mentors in Jan 2019;\nb. brief them – Dec 2018",
                "Pairs",
                "Metric 7",
                "",
                "OD",
            ],
        ]);
        insta::assert_snapshot!(findings(&StepBeforePrerequisite, vec![plan]), @r#"
        step-before-prerequisite  Plan!B4  Sub-action b of action "Mentoring:" has a step due before the step written ahead of it: `Dec 2018` is December 2018 (due 31 December 2018), but `in Jan 2019` comes first and is due 31 January 2019  [Dec 2018]
        step-before-prerequisite  Plan!E3  Action "Single approval route" has a step due before the step written ahead of it: `by 31.10.18` is 31 October 2018, but `by 30.11.18` comes first and is due 30 November 2018  [31.10.18]
        "#);
    }

    #[test]
    fn quiet_in_order_inside_a_range_across_cells_and_outside_the_period() {
        let plan = numbered_plan(&[
            &[
                "1",
                "Data pack",
                "Pack",
                "All",
                "Data pack issued by 31.10.18\nComments collected by 31.12.18",
                "HR",
            ],
            &[
                "2",
                "Case system",
                "System live",
                "Metric 3",
                "Q3/Q4 2018/19, first report by 31 December 2018",
                "HR",
            ],
            // The second date is before the period: deadline-before-plan-period reports it.
            &[
                "3",
                "Approval route",
                "Route",
                "Metric 4",
                "Meeting by 30.11.18\nRoute in place by 31.03.18",
                "HR",
            ],
            &[
                "4",
                "Review by March 2019",
                "Report",
                "Metric 2",
                "by 31.12.18",
                "HR",
            ],
        ]);
        assert_eq!(findings(&StepBeforePrerequisite, vec![plan]), "");
    }
}
