//! Each action's timeline: where its deadline is read from and the time
//! expressions found there, parsed once per model and shared by the rules.
//!
//! The deadline is read from the first source holding any time expression
//! other than a past or reference date: the date column, then the shared
//! KPI-and-timeline (or measure) column, then the action text and its
//! further action columns. Lettered sub-actions ("a. … b. …") that carry
//! their own dates are kept apart, in whichever of those fields they stand,
//! so that rules can judge each on its own.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::timeline::{self, PlanPeriod, TimeClass, TimeExpr};

use super::{sub_actions, Action, Field, Model, SubAction};

/// One time expression of an action's timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineExpr {
    /// The field it was read from: an index into [`Action::timeline_sources`].
    pub source: usize,
    pub expr: TimeExpr,
    /// The lettered sub-action whose text holds it: an index into
    /// [`ActionTimeline::lists`] and into that list's sub-actions.
    pub step: Option<(usize, usize)>,
}

/// The lettered sub-actions of one field, at least one of which carries its
/// own date.
#[derive(Clone, Debug, PartialEq)]
pub struct DatedSteps {
    /// The field: an index into [`Action::timeline_sources`].
    pub source: usize,
    pub steps: Vec<SubAction>,
}

/// What an action says about when it happens.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActionTimeline {
    /// The field the deadline is read from (an index into
    /// [`Action::timeline_sources`]), if any holds a time expression.
    pub source: Option<usize>,
    /// The timing expressions (past and reference dates left out) of the
    /// source, then those inside dated sub-actions of other fields, each
    /// field's in text order.
    pub found: Vec<TimelineExpr>,
    pub lists: Vec<DatedSteps>,
}

impl Action {
    /// Where the action's timeline may be read from, in order of preference:
    /// the date column, the KPI-and-timeline (or measure) column, the action
    /// text, then further action columns.
    pub fn timeline_sources(&self) -> Vec<&Field> {
        self.deadline
            .iter()
            // A block's shared measures date their outcome, not this action.
            .chain(self.kpi.iter().filter(|f| !f.inherited))
            .chain(std::iter::once(&self.text))
            .chain(self.details.iter())
            .collect()
    }

    /// Read the action's timeline; `ctx` supplies the period that resolves a
    /// missing year.
    pub fn timeline(&self, ctx: &timeline::Context) -> ActionTimeline {
        self.timeline_with(ctx, &mut Parsed::default())
    }

    /// [`Action::timeline`], reusing the parses of texts seen before.
    fn timeline_with<'a>(
        &'a self,
        ctx: &timeline::Context,
        parsed: &mut Parsed<'a>,
    ) -> ActionTimeline {
        let mut timeline = ActionTimeline::default();
        for (source, field) in self.timeline_sources().into_iter().enumerate() {
            let exprs: Vec<TimeExpr> = parsed
                .expressions(field, ctx)
                .into_iter()
                .filter(|e| e.class != TimeClass::Historical)
                .filter(|e| !is_status_marker(&field.text, e))
                .filter(|e| !is_citation(&field.text, e))
                .collect();
            let steps = if exprs.is_empty() {
                Vec::new()
            } else {
                sub_actions(&field.text)
            };
            let step_of = |expr: &TimeExpr| {
                steps
                    .iter()
                    .position(|s| s.body.start <= expr.span.start && expr.span.end <= s.body.end)
            };
            let dated_list = exprs.iter().any(|e| names_date(e) && step_of(e).is_some());
            let list = dated_list.then_some(timeline.lists.len());
            let is_source = timeline.source.is_none() && !exprs.is_empty();
            if is_source {
                timeline.source = Some(source);
            }
            for expr in exprs {
                let step = list.zip(step_of(&expr));
                // Outside the source, only sub-actions' own dates count.
                if is_source || step.is_some() {
                    timeline.found.push(TimelineExpr { source, expr, step });
                }
            }
            if dated_list {
                timeline.lists.push(DatedSteps { source, steps });
            }
        }
        // Kept for the whole lint, one per action: no growth slack.
        timeline.found.shrink_to_fit();
        timeline
    }
}

/// "(Ongoing)" or "(Continuing)" closing a line of an action's text, beside
/// "(New)" in the same plan: the action's status, not its timeline.
fn is_status_marker(text: &str, expr: &TimeExpr) -> bool {
    if !matches!(expr.class, TimeClass::OpenEnded) {
        return false;
    }
    let before = text[..expr.span.start].trim_end();
    let after = text[expr.span.end..].trim_start();
    let closes_line = after.strip_prefix(')').is_some_and(|rest| {
        rest.trim_start_matches([' ', '.', '\t']).is_empty() || rest.starts_with('\n')
    });
    before.ends_with('(') && closes_line
}

/// A bare year citing a source inside brackets, after the source's name:
/// "(NHSE, 2022; NHS Digital 2023)", "(Kline 2014)". Each part of the
/// bracket is a short name then a year: a reference, not a deadline.
fn is_citation(text: &str, expr: &TimeExpr) -> bool {
    if !matches!(expr.class, TimeClass::YearOnly) {
        return false;
    }
    let Some(open) = text[..expr.span.start].rfind('(') else {
        return false;
    };
    let Some(close) = text[expr.span.end..].find(')').map(|i| expr.span.end + i) else {
        return false;
    };
    let inside = &text[open + 1..close];
    if inside.contains(['(', '\n']) {
        return false;
    }
    inside.split(';').all(|part| {
        let part = part.trim();
        let Some((name, year)) = part.rsplit_once([' ', ',']) else {
            return false;
        };
        let name = name.trim_end_matches([',', ' ']);
        let words = name.split_whitespace().count();
        year.len() == 4
            && year.bytes().all(|b| b.is_ascii_digit())
            && (1..=4).contains(&words)
            && name.starts_with(|c: char| c.is_uppercase())
    })
}

/// Texts already parsed, with one period: a KPI or deadline written the
/// same way down a table ("Q4 2023/24") is parsed once.
#[derive(Default)]
struct Parsed<'a> {
    period: Option<PlanPeriod>,
    texts: HashMap<&'a str, Vec<TimeExpr>>,
}

impl<'a> Parsed<'a> {
    /// [`expressions`] of the field.
    fn expressions(&mut self, field: &'a Field, ctx: &timeline::Context) -> Vec<TimeExpr> {
        if !field.dates.is_empty() {
            return expressions(field, ctx);
        }
        if self.period != ctx.period {
            self.texts.clear();
            self.period = ctx.period;
        }
        self.texts
            .entry(field.text.as_str())
            .or_insert_with(|| timeline::parse(&field.text, ctx))
            .clone()
    }
}

/// The time expressions of a field: its date-typed cells, else its text.
pub fn expressions(field: &Field, ctx: &timeline::Context) -> Vec<TimeExpr> {
    if field.dates.is_empty() {
        timeline::parse(&field.text, ctx)
    } else {
        field
            .dates
            .iter()
            .map(|d| timeline::from_date_cell(*d))
            .collect()
    }
}

/// Whether an expression names a date (resolved or not), rather than only
/// recurring or open-ended wording or a past date.
pub fn names_date(expr: &TimeExpr) -> bool {
    expr.class.is_dated() && expr.class != TimeClass::Historical
}

/// The timelines of a model's actions, computed on first use with the
/// periods then in force.
#[derive(Clone, Default)]
pub(super) struct TimelineCache(OnceLock<(Vec<Option<PlanPeriod>>, Vec<ActionTimeline>)>);

impl std::fmt::Debug for TimelineCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TimelineCache")
    }
}

impl Model {
    /// Every action's timeline, in the order of [`Model::actions`], each read
    /// with its table's period ([`Model::period_of`]). Parsed once and
    /// shared; recomputed (not cached) if the periods changed since.
    pub fn timelines(&self) -> std::borrow::Cow<'_, [ActionTimeline]> {
        let key: Vec<Option<PlanPeriod>> = self
            .action_tables
            .iter()
            .map(|t| self.period_of(t).map(|p| p.value))
            .collect();
        let compute = || -> Vec<ActionTimeline> {
            let mut parsed = Parsed::default();
            self.actions()
                .map(|(table, action)| {
                    let ctx = timeline::Context {
                        period: self.period_of(table).map(|p| p.value),
                    };
                    action.timeline_with(&ctx, &mut parsed)
                })
                .collect()
        };
        let (cached_key, cached) = self.timelines.0.get_or_init(|| (key.clone(), compute()));
        if *cached_key == key {
            std::borrow::Cow::Borrowed(cached)
        } else {
            std::borrow::Cow::Owned(compute())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{workbook, SheetBuilder};
    use crate::knowledge::Knowledge;
    use crate::model::{build, Inferred};

    #[test]
    fn years_citing_a_source_are_not_deadlines() {
        let ctx = timeline::Context::default();
        let kept = |text: &str| -> Vec<String> {
            timeline::parse(text, &ctx)
                .into_iter()
                .filter(|e| !is_citation(text, e))
                .map(|e| text[e.span.clone()].to_owned())
                .collect()
        };
        assert_eq!(
            kept("Review the BAF by ethnicity (NHSE, 2022; NHS Digital 2023). December 2023"),
            ["December 2023"]
        );
        assert_eq!(kept("Refresh the policy (2024)"), ["2024"]);
        assert_eq!(kept("Run the survey (by 2025)"), ["2025"]);
    }

    #[test]
    fn timelines_follow_the_period_in_force() {
        let sheet = SheetBuilder::new("Plan")
            .row(&["Action", "Lead", "Deadline"])
            .row(&["Board session", "HR", "by March"]);
        let mut model = build(&workbook(vec![sheet]), Knowledge::wres());
        let due = |m: &Model| m.timelines()[0].found[0].expr.due;
        assert_eq!(due(&model), None);
        model.period = Some(Inferred {
            value: PlanPeriod::financial_year(2023),
            from: None,
            text: "2023/24".into(),
        });
        assert_eq!(due(&model).unwrap().to_string(), "31 March 2024");
        // A fresh model with the period set before first use caches it.
        let mut fresh = model.clone();
        fresh.timelines = TimelineCache::default();
        assert!(matches!(fresh.timelines(), std::borrow::Cow::Borrowed(_)));
        assert_eq!(due(&fresh).unwrap().to_string(), "31 March 2024");
    }
}
