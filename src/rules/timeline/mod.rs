//! The timeline family: each action's deadlines, read by the timeline parser
//! and judged against the plan period and publication date (never today's
//! date, so a run is reproducible).
//!
//! [`timelines`] gives every action's [`Timeline`]: where its deadline is read
//! from, and the expressions found there (parsed once per model, see
//! [`crate::model::Model::timelines`]). Rules share it and differ only in
//! what they judge.

pub mod action_missing_deadline;
pub mod deadline_after_national_deadline;
pub mod deadline_after_plan_period;
pub mod deadline_ambiguous;
pub mod deadline_before_plan_period;
pub mod deadline_malformed;
pub mod deadline_not_after_publication;
pub mod deadline_only_recurring;
pub mod national;
pub mod national_deadline_misquoted;
pub mod plan_period_doubtful;
pub mod step_before_prerequisite;

use std::borrow::Cow;
use std::ops::Range;

use crate::date::Date;
use crate::diagnostic::Finding;
use crate::location::Location;
pub(crate) use crate::model::{expressions, names_date};
use crate::model::{Action, ActionTable, Field, Inferred, SubAction};
use crate::rules::Context;
use crate::timeline::{self, PlanPeriod, TimeClass, TimeExpr};

/// One time expression of an action and where it was read: borrowed from
/// the model's parse (owned only when the model's cache was filled under
/// other periods, or for an expression a rule reads itself).
#[derive(Clone, Debug)]
pub(crate) struct Found<'a> {
    pub field: &'a Field,
    pub expr: Cow<'a, TimeExpr>,
    /// The lettered sub-action whose text holds it: an index into
    /// [`Timeline::lists`] and into that list's sub-actions.
    pub step: Option<(usize, usize)>,
}

impl Found<'_> {
    /// How the expression was read, for messages ("read `by March` as 31
    /// March 2024 from the plan period 2023/24").
    pub fn describe(&self, ctx: &timeline::Context) -> String {
        match self.expr.due {
            Some(due) if self.expr.span.is_empty() => format!("the cell holds the date {due}"),
            _ => self.expr.describe(&self.field.text, ctx),
        }
    }

    /// The expression's text with a leading cue (`by March`), or "(date
    /// cell)" for a date-typed cell.
    pub fn quote(&self) -> String {
        let text = &self.field.text;
        if self.expr.span.is_empty() {
            return "(date cell)".to_owned();
        }
        let start = self
            .expr
            .cue
            .as_ref()
            .filter(|c| c.span.end <= self.expr.span.start)
            .map_or(self.expr.span.start, |c| c.span.start);
        text.get(start..self.expr.span.end)
            .unwrap_or_default()
            .to_owned()
    }

    /// A finding on the cell holding the expression, its text underlined.
    pub fn finding(&self, message: String) -> Finding {
        if self.expr.span.is_empty() {
            return Finding::new(Location::Cell(self.field.cell().clone()), message);
        }
        let (cell, span) = self.field.locate(self.expr.span.clone());
        Finding::new(Location::Cell(cell), message).span(span)
    }

    /// A completion date that can be judged against a period: resolved, not
    /// historical, malformed or a hedge ("may carry over into 2024/25").
    pub fn judged_due(&self) -> Option<Date> {
        // A due date that rests on an assumption deadline-ambiguous reports
        // ("First quarter 2020": calendar or financial year?) is not judged
        // again against the period: one finding for one cause.
        let assumed = matches!(
            self.expr.issue,
            Some(timeline::Issue::CalendarYearQuarter | timeline::Issue::TwoDigitYearMonth)
        );
        let judged = self.expr.is_deadline()
            && self.expr.class != TimeClass::Malformed
            && !self.expr.is_hedged()
            && !assumed;
        judged.then_some(self.expr.due).flatten()
    }
}

/// Lettered sub-actions of one field, of which at least one carries its own date.
#[derive(Clone, Debug)]
pub(crate) struct StepList<'a> {
    pub field: &'a Field,
    pub steps: Cow<'a, [SubAction]>,
}

/// An action's timeline ([`crate::model::ActionTimeline`]) with the fields
/// it was read from, its table and the period it is judged against.
#[derive(Clone, Debug)]
pub(crate) struct Timeline<'a> {
    pub table: &'a ActionTable,
    pub action: &'a Action,
    /// The period the action is judged against: its table's own, else the plan's.
    pub period: Option<&'a Inferred<PlanPeriod>>,
    /// The parser's context (the period, to resolve a missing year).
    pub ctx: timeline::Context,
    /// The field the deadline is read from, if any holds one.
    pub source: Option<&'a Field>,
    /// The timing expressions (past and reference dates left out) of the
    /// source, then those inside dated sub-actions of other fields.
    pub found: Vec<Found<'a>>,
    pub lists: Vec<StepList<'a>>,
}

impl Timeline<'_> {
    /// Whether any expression (anywhere in the timeline, or only outside
    /// sub-actions) names a date, even one that could not be resolved.
    pub fn names_a_date(&self, outside_steps_only: bool) -> bool {
        self.found
            .iter()
            .filter(|f| !outside_steps_only || f.step.is_none())
            .any(|f| names_date(&f.expr))
    }

    /// The expressions of one sub-action.
    pub fn of_step(&self, list: usize, step: usize) -> impl Iterator<Item = &Found<'_>> {
        self.found
            .iter()
            .filter(move |f| f.step == Some((list, step)))
    }
}

/// Every action's timeline, in model order.
pub(crate) fn timelines<'c, 'a>(cx: &'c Context<'a>) -> &'c [Timeline<'a>] {
    cx.timelines.get_or_init(|| read_timelines(cx.model))
}

/// Views of the model's timelines ([`crate::model::Model::timelines`], the
/// one parse and cache): the rules add the fields, table and period, and
/// copy no expression.
fn read_timelines(model: &crate::model::Model) -> Vec<Timeline<'_>> {
    match model.timelines() {
        Cow::Borrowed(read) => views(model, read, Cow::Borrowed, Cow::Borrowed),
        Cow::Owned(read) => views(
            model,
            &read,
            |e| Cow::Owned(e.clone()),
            |s| Cow::Owned(s.to_vec()),
        ),
    }
}

fn views<'a, 'r>(
    model: &'a crate::model::Model,
    read: &'r [crate::model::ActionTimeline],
    expr: impl Fn(&'r TimeExpr) -> Cow<'a, TimeExpr>,
    steps: impl Fn(&'r [SubAction]) -> Cow<'a, [SubAction]>,
) -> Vec<Timeline<'a>> {
    model
        .actions()
        .zip(read.iter())
        .map(|((table, action), read)| {
            let period = model.period_of(table);
            let sources = action.timeline_sources();
            Timeline {
                table,
                action,
                period,
                ctx: timeline::Context {
                    period: period.map(|p| p.value),
                },
                source: read.source.map(|i| sources[i]),
                found: read
                    .found
                    .iter()
                    .map(|f| Found {
                        field: sources[f.source],
                        expr: expr(&f.expr),
                        step: f.step,
                    })
                    .collect(),
                lists: read
                    .lists
                    .iter()
                    .map(|l| StepList {
                        field: sources[l.source],
                        steps: steps(&l.steps),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// "the plan period 2018/19 (read from 'Plan'!A1)", for help texts.
/// Deadlines judged against a period read from the workbook, when more
/// than half of at least [`DOUBT_MIN`] fall after its end: the period was
/// probably misread (a title naming two years, a template's old title).
/// Then `plan-period-doubtful` reports it once, and the deadlines are not
/// judged against it one by one.
pub(crate) struct PeriodDoubt<'a> {
    pub period: &'a Inferred<PlanPeriod>,
    pub outside: usize,
    pub total: usize,
    pub earliest: Date,
    pub latest: Date,
}

/// Fewer dated deadlines than this say too little to doubt a period.
const DOUBT_MIN: usize = 4;

pub(crate) fn period_doubt<'c, 'a>(cx: &'c Context<'a>) -> Option<&'c PeriodDoubt<'a>> {
    cx.period_doubt.get_or_init(|| judge_period(cx)).as_ref()
}

fn judge_period<'a>(cx: &Context<'a>) -> Option<PeriodDoubt<'a>> {
    let period = cx.model.period.as_ref()?;
    if period.from.is_none() && !period.text.starts_with("sheet name") {
        return None; // configured: the user has said
    }
    let dues: Vec<Date> = timelines(cx)
        .iter()
        .filter(|t| t.period.is_some_and(|p| std::ptr::eq(p, period)))
        .flat_map(|t| t.found.iter().filter_map(Found::judged_due))
        .collect();
    // Deadlines after the period's end point at a misread period (a title
    // naming two years, last year's title left on this year's plan).
    // Deadlines before its start are stale actions carried over: each is
    // worth its own warning, and they do not make the period doubtful.
    let outside = dues.iter().filter(|d| **d > period.value.end).count();
    let total = dues.len();
    (total >= DOUBT_MIN && 2 * outside > total).then(|| PeriodDoubt {
        period,
        outside,
        total,
        earliest: dues.iter().copied().min().unwrap_or(period.value.start),
        latest: dues.iter().copied().max().unwrap_or(period.value.end),
    })
}

/// Whether a timeline is judged against a period in doubt (see
/// [`period_doubt`]): its deadlines are then not reported one by one.
pub(crate) fn in_doubt(doubt: Option<&PeriodDoubt<'_>>, timeline: &Timeline<'_>) -> bool {
    doubt.is_some_and(|d| timeline.period.is_some_and(|p| std::ptr::eq(p, d.period)))
}

pub(crate) fn period_origin(period: &Inferred<PlanPeriod>) -> String {
    let label = period.value.label();
    match &period.from {
        Some(cell) => format!("the plan period {label} (read from {cell})"),
        None if period.text.starts_with("sheet name") => {
            format!("the plan period {label} (read from the {})", period.text)
        }
        None => format!("the plan period {label} (as configured)"),
    }
}

/// The byte span of a sub-action's marker within its field, for findings
/// about a sub-action as a whole.
pub(crate) fn step_finding(list: &StepList<'_>, step: usize, message: String) -> Finding {
    let marker: Range<usize> = list.steps[step].marker.clone();
    let (cell, span) = list.field.locate(marker);
    Finding::new(Location::Cell(cell), message).span(span)
}

/// "Action \"Review the…\"" or "Sub-action b of action \"Review the…\"".
pub(crate) fn subject(timeline: &Timeline<'_>, found: &Found<'_>) -> String {
    let action = crate::rules::quote(&timeline.action.text.text);
    match found.step {
        Some((list, step)) => format!(
            "Sub-action {} of action \"{action}\"",
            timeline.lists[list].steps[step].letter
        ),
        None => format!("Action \"{action}\""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::fixture::{workbook, SheetBuilder};
    use crate::knowledge::Knowledge;
    use crate::model;
    use crate::rules::test_support::numbered_plan;
    use crate::workbook::Value;

    /// Per action: the source cell and each expression as `text@step`.
    fn outline(sheets: Vec<SheetBuilder>) -> Vec<String> {
        let workbook = workbook(sheets);
        let model = model::build(&workbook, Knowledge::wres());
        let cx = Context::new(&workbook, &model, Knowledge::wres());
        timelines(&cx)
            .iter()
            .map(|t| {
                let source = t.source.map(|f| f.cell().to_string()).unwrap_or_default();
                let found: Vec<String> = t
                    .found
                    .iter()
                    .map(|f| {
                        let step = f
                            .step
                            .map(|(l, s)| format!("@{}", t.lists[l].steps[s].letter))
                            .unwrap_or_default();
                        format!("{}{step}", f.expr.text(&f.field.text))
                    })
                    .collect();
                format!("{source}: {}", found.join(", "))
            })
            .collect()
    }

    #[test]
    fn the_date_column_comes_first_then_the_measure_then_the_text() {
        let plan = numbered_plan(&[
            &[
                "1",
                "Review panels by June 2018",
                "Report by May 2018",
                "1",
                "31.03.19",
                "HR",
            ],
            &[
                "2",
                "Review panels by June 2018",
                "Report by May 2018",
                "1",
                "",
                "HR",
            ],
            &["3", "Review panels by June 2018", "Report", "1", "", "HR"],
            &["4", "Review panels", "Report", "1", "introduced 2017", "HR"],
        ]);
        assert_eq!(
            outline(vec![plan]),
            [
                "Plan!E3: 31.03.19",
                "Plan!C4: May 2018",
                "Plan!B5: June 2018",
                ": "
            ]
        );
    }

    #[test]
    fn dated_sub_actions_are_read_wherever_they_stand() {
        let plan = numbered_plan(&[
            &[
                "1",
                "Launch the programme:\na. agree content by 30.11.18;\nb. open applications by 31.01.19;\nc. start the cohort",
                "Cohort started",
                "1",
                "by 31.03.19",
                "OD",
            ],
            &[
                "2",
                "a. Advertise the workshops\nb. Book venues",
                "Workshops held",
                "1",
                "Q3 2018/19",
                "OD",
            ],
        ]);
        assert_eq!(
            outline(vec![plan]),
            [
                "Plan!E3: 31.03.19, 30.11.18@a, 31.01.19@b",
                "Plan!E4: Q3 2018/19"
            ]
        );
    }

    /// Every timeline rule's findings, with their help, one per line.
    fn all_findings(sheets: Vec<SheetBuilder>) -> String {
        let workbook = workbook(sheets);
        let model = model::build(&workbook, Knowledge::wres());
        let cx = Context::new(&workbook, &model, Knowledge::wres());
        let mut lines = Vec::new();
        for rule in crate::rules::BUILTIN
            .iter()
            .filter(|r| r.meta().family == crate::diagnostic::Family::Timeline)
        {
            let mut out = Vec::new();
            rule.check(&cx, &mut out);
            for f in out {
                lines.push(format!(
                    "{}  {}\n  help: {}",
                    rule.meta().name,
                    f.location,
                    f.help.unwrap_or_default()
                ));
            }
        }
        lines.sort();
        lines.join("\n")
    }

    fn plan_2023_24(rows: &[&[&str]]) -> SheetBuilder {
        let mut sheet = SheetBuilder::new("Action Plan")
            .row(&["Workforce Race Equality Standard Action Plan 2023-24"])
            .row(&["Publication date: 31 October 2023"])
            .row(&["WRES Indicator", "Agreed actions", "Lead", "Deadline"]);
        for row in rows {
            sheet = sheet.row(row);
        }
        sheet
    }

    /// Deadlines in every clear form, all inside 2023/24 and after publication.
    fn clear_plan() -> SheetBuilder {
        plan_2023_24(&[
            &["Indicator 1", "Interview panels include a BME member", "HR", ""],
            &["Indicator 1", "Launch the development programme", "OD", "by 31 March 2024"],
            &["Indicator 2", "Audit shortlisting outcomes", "HR", "Q3 2023/24"],
            &["Indicator 3", "Pre-formal checklist", "ER", "31.01.24"],
            &["Indicator 3", "Recruit Cultural Ambassadors", "ER", "March 2024"],
            &["Indicator 4", "Track CPD funding by ethnicity", "L&D", "Q3/Q4 2023/24"],
            &["Indicator 5", "Zero-tolerance campaign", "H&S", "during Q4 2023/24"],
            &[
                "Indicator 5",
                "Keep the reporting route introduced in August 2023 under review",
                "Risk",
                "First review by 30.11.23, then quarterly",
            ],
            &[
                "Indicator 6",
                "Speak-up training:\na. agree content by 30 November 2023;\nb. train champions by 31 January 2024;\nc. publish a summary by 31 March 2024",
                "FTSU",
                "by 31 March 2024",
            ],
            &[
                "Indicator 7",
                "New case management system",
                "HR",
                "Q4 2023/24, however this may carry over into 2024/25",
            ],
            &[
                "Indicator 9",
                "HIA 1: board members' EDI objectives assessed at appraisal (national deadline: March 2024)",
                "Chair",
                "by the end of February 2024",
            ],
        ])
        .cell(3, 3, Value::Date(Date::new(2024, 1, 31).unwrap()))
    }

    #[test]
    fn quiet_on_a_plan_whose_deadlines_are_all_clear_and_inside_its_period() {
        let sources = outline(vec![clear_plan()]);
        assert_eq!(sources.len(), 11);
        assert!(
            sources.iter().all(|s| s.starts_with("'Action Plan'!D")),
            "{sources:?}"
        );
        assert_eq!(all_findings(vec![clear_plan()]), "");
    }

    #[test]
    fn each_finding_says_how_to_fix_it() {
        let sheet = plan_2023_24(&[
            &["Indicator 1", "Interview panels", "HR", ""],
            &["Indicator 1", "Network meetings", "OD", "Ongoing"],
            &["Indicator 2", "Audit shortlisting", "HR", "by 31.02.2024"],
            &["Indicator 3", "Checklist", "ER", "by March"],
            &["Indicator 3", "Ambassadors", "ER", "by 31.03.23"],
            &["Indicator 4", "CPD funding", "L&D", "Q1 2024/25"],
            &["Indicator 5", "Campaign", "H&S", "Q2 2023/24"],
            &[
                "Indicator 6",
                "Training",
                "FTSU",
                "Content by 31.01.24\nSessions by 30.11.23",
            ],
            &[
                "Indicator 7",
                "HIA 2 talent plan (national deadline: June 2023)",
                "OD",
                "by 31.03.24",
            ],
            &[
                "Indicator 7",
                "HIA 5 pre-arrival information for international recruits",
                "OD",
                "by 30.04.24",
            ],
        ]);
        insta::assert_snapshot!(all_findings(vec![sheet]), @r#"
        action-missing-deadline  'Action Plan'!D4
          help: Give a completion date, e.g. `by 31.03.2024` or `Q4 2023/24`
        deadline-after-national-deadline  'Action Plan'!D13
          help: Bring the deadline forward to 31 March 2024 or earlier, as NHS England's EDI improvement plan sets for HIA 5, or record why the trust will be later
        deadline-after-plan-period  'Action Plan'!D13
          help: Set a milestone inside the plan period 2023/24 (read from 'Action Plan'!A1), which ends on 31 March 2024, or move the action to the next plan. If the period is wrong, set `plan_period` in the configuration
        deadline-after-plan-period  'Action Plan'!D9
          help: Set a milestone inside the plan period 2023/24 (read from 'Action Plan'!A1), which ends on 31 March 2024, or move the action to the next plan. If the period is wrong, set `plan_period` in the configuration
        deadline-ambiguous  'Action Plan'!D7
          help: Write the year, e.g. `31 March 2024`, if that is what is meant
        deadline-before-plan-period  'Action Plan'!D8
          help: Check the year: the plan period 2023/24 (read from 'Action Plan'!A1) starts on 1 April 2023. If the period is wrong, set `plan_period` in the configuration
        deadline-malformed  'Action Plan'!D6
          help: Check the day and the month: this day does not exist in the calendar
        deadline-not-after-publication  'Action Plan'!D10
          help: Set a date after publication (31 October 2023, read from 'Action Plan'!A2); if the work is already done, report it as done rather than planned
        deadline-only-recurring  'Action Plan'!D5
          help: Add the date by which the work is done or first delivered, e.g. `first review by 31 March 2024`, and keep the recurring wording for what follows
        national-deadline-misquoted  'Action Plan'!B12
          help: Quote the deadline NHS England set for HIA 2 in the EDI improvement plan (June 2023): 30 June 2024, 31 October 2024 or 30 June 2025
        step-before-prerequisite  'Action Plan'!D11
          help: Check both dates: a later step usually waits for the earlier one. Correct the date, or put the steps in the order they happen
        "#);
    }
}
