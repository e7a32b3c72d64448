//! The timeline parser: candidates → chosen expressions → context passes.
//!
//! 1. [`scan`](super::scan) finds every date shape and phrase, overlapping.
//! 2. [`select`] keeps, left to right, the longest candidate at each place.
//! 3. Each choice is resolved against the plan period.
//! 4. Passes over the short list of expressions read the words around them:
//!    cue words (`by`, `during`), ranges (`April 2023 – March 2024`), history
//!    (`introduced August 2023`), references (`WRES Data 2018`) and starts
//!    (`from 01.04.18`).
//!
//! Every step is linear in the text: a fixed set of linear-time regexes, a
//! sort of runs that are already sorted, and look-arounds of bounded width.

use std::ops::Range;

use super::grammar::{window_start, Grammar};
use super::resolve::Reading;
use super::scan::{scan, Candidate};
use super::{Context, Cue, CueKind, Issue, TimeClass, TimeExpr};

/// Every time expression in `text`, in text order, with the built-in
/// vocabulary. Spans never overlap.
pub fn parse(text: &str, ctx: &Context) -> Vec<TimeExpr> {
    parse_with(Grammar::builtin(), text, ctx)
}

/// [`parse`] with any grammar; public as [`Grammar::parse`].
pub(super) fn parse_with(g: &Grammar, text: &str, ctx: &Context) -> Vec<TimeExpr> {
    let mut exprs: Vec<Draft> = select(scan(g, text))
        .into_iter()
        .map(|c| c.resolve(ctx))
        .collect();
    attach_cues(g, text, &mut exprs);
    let mut exprs = join_ranges(text, exprs);
    mark_historical(g, text, &mut exprs);
    mark_references(g, text, &mut exprs);
    open_from_starts(&mut exprs);
    exprs.into_iter().map(|d| d.expr).collect()
}

/// A chosen candidate, with the first date inside it if it is an
/// open-ended phrase (`from 01.04.18 onwards`).
struct Chosen {
    span: Range<usize>,
    reading: Reading,
    inner: Option<Reading>,
}

impl Chosen {
    fn resolve(self, ctx: &Context) -> Draft {
        let range = self.reading.is_range();
        let resolved = self.reading.resolve(ctx);
        let inner = self.inner.map(|r| r.resolve(ctx));
        Draft {
            expr: TimeExpr {
                span: self.span,
                class: resolved.class,
                start: resolved.start.or(inner.and_then(|r| r.start)),
                due: resolved.due,
                issue: resolved.issue.or(inner.and_then(|r| r.issue)),
                cue: None,
            },
            range,
        }
    }
}

/// An expression being built.
struct Draft {
    expr: TimeExpr,
    /// Runs from one point to another (`April 2023 – March 2024`, `Q3/Q4`).
    range: bool,
}

impl Draft {
    fn is_dated(&self) -> bool {
        self.expr.class.is_dated() && self.expr.class != TimeClass::Historical
    }

    fn cue_kind(&self) -> Option<CueKind> {
        self.expr.cue.as_ref().map(|c| c.kind)
    }

    /// Where the expression and its cue word begin.
    fn cued_start(&self) -> usize {
        self.expr.cue.as_ref().map_or(self.expr.span.start, |c| {
            c.span.start.min(self.expr.span.start)
        })
    }

    fn make_historical(&mut self, cue: Option<Cue>) {
        self.expr.class = TimeClass::Historical;
        self.expr.cue = cue;
    }
}

/// Left to right, the longest candidate at each place (ties by rank);
/// candidates overlapping a chosen one are dropped.
fn select(mut candidates: Vec<Candidate>) -> Vec<Chosen> {
    // Each pattern yields its matches in order, so this sorts a few runs.
    candidates.sort_by(|a, b| {
        (a.span.start, b.span.end, a.rank).cmp(&(b.span.start, a.span.end, b.rank))
    });
    let mut chosen: Vec<Chosen> = Vec::new();
    for c in candidates {
        match chosen.last_mut() {
            Some(last) if c.span.start < last.span.end => {
                let inside = c.span.end <= last.span.end;
                if last.reading == Reading::OpenEnded
                    && last.inner.is_none()
                    && inside
                    && c.reading.is_dated()
                {
                    last.inner = Some(c.reading);
                }
            }
            _ => chosen.push(Chosen {
                span: c.span,
                reading: c.reading,
                inner: None,
            }),
        }
    }
    chosen
}

/// The cue word just before each dated expression, not reaching back into
/// the expression before it.
fn attach_cues(g: &Grammar, text: &str, exprs: &mut [Draft]) {
    let mut floor = 0;
    for d in exprs.iter_mut() {
        if d.is_dated() {
            d.expr.cue = g.cue_before(text, d.expr.span.start, floor);
            // "Throughout 2019", "across 2024": the work spans the whole
            // year, so the year is a closed span ending on 31 December, not
            // a vague point in it.
            let spans_year = d.expr.cue.as_ref().is_some_and(|c| {
                let word = text.get(c.span.clone()).unwrap_or("").trim().to_lowercase();
                matches!(word.as_str(), "throughout" | "across" | "over")
            });
            if spans_year && d.expr.issue == Some(Issue::YearOnly) {
                d.expr.issue = None;
            }
        }
        floor = d.expr.span.end;
    }
}

/// Joins `X – Y`, `X to Y`, `between X and Y` into one range, and
/// `X onwards` into an open-ended expression starting at X.
fn join_ranges(text: &str, exprs: Vec<Draft>) -> Vec<Draft> {
    let mut out: Vec<Draft> = Vec::with_capacity(exprs.len());
    for d in exprs {
        if let Some(prev) = out.last_mut() {
            if let Some(joined) = join(text, prev, &d) {
                *prev = joined;
                continue;
            }
        }
        out.push(d);
    }
    out
}

fn join(text: &str, a: &Draft, b: &Draft) -> Option<Draft> {
    if !a.is_dated() || a.range {
        return None;
    }
    let gap = text.get(a.expr.span.end..b.expr.span.start)?.trim();
    // Connectors are short; anything longer is not a range.
    if gap.len() > 16 {
        return None;
    }
    let gap = gap.to_lowercase();
    let span = a.expr.span.start..b.expr.span.end;
    if b.expr.class == TimeClass::OpenEnded
        && gap.is_empty()
        && b.expr.text(text).eq_ignore_ascii_case("onwards")
    {
        let expr = TimeExpr {
            span,
            class: TimeClass::OpenEnded,
            due: None,
            ..a.expr.clone()
        };
        return Some(Draft { expr, range: true });
    }
    let between = ends_with_word(text, a.cued_start(), "between");
    let connector = matches!(
        gap.as_str(),
        "-" | "–" | "—" | "to" | "until" | "till" | "through"
    ) || (between && gap == "and");
    if !b.is_dated() || !connector {
        return None;
    }
    let (start, due) = (a.expr.start, b.expr.due);
    let reversed = start.zip(due).is_some_and(|(s, d)| s > d);
    let expr = TimeExpr {
        span,
        class: if reversed {
            TimeClass::Malformed
        } else {
            join_class(a.expr.class, b.expr.class)
        },
        start: if reversed { None } else { start },
        due: if reversed { None } else { due },
        issue: if reversed {
            Some(Issue::ReversedRange)
        } else {
            a.expr.issue.or(b.expr.issue)
        },
        cue: a.expr.cue.clone(),
    };
    Some(Draft { expr, range: true })
}

/// Whether `word` (ASCII) ends the text before `at`, ignoring case and
/// trailing whitespace; looks at a bounded window so joins stay linear.
fn ends_with_word(text: &str, at: usize, word: &str) -> bool {
    let lo = window_start(text, at, word.len() + 8, 0);
    let before = text.get(lo..at).unwrap_or("").trim_end();
    let Some(start) = before.len().checked_sub(word.len()) else {
        return false;
    };
    let boundary = before
        .get(..start)
        .is_some_and(|b| !b.chars().next_back().is_some_and(char::is_alphanumeric));
    boundary
        && before
            .get(start..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(word))
}

/// The class of a range from an `a` to a `b`.
fn join_class(a: TimeClass, b: TimeClass) -> TimeClass {
    use TimeClass::*;
    match (a, b) {
        (Malformed, _) | (_, Malformed) => Malformed,
        (QuarterFy | QuarterRange, QuarterFy | QuarterRange) => QuarterRange,
        // The later end sets the due date, so its shape names the range.
        (_, b) => b,
    }
}

/// A date after a past-tense trigger (`introduced August 2023`) is history,
/// unless it has a deadline cue (`to be commenced by September 2018`).
fn mark_historical(g: &Grammar, text: &str, exprs: &mut [Draft]) {
    for i in 0..exprs.len() {
        let (before, rest) = exprs.split_at_mut(i);
        let Some(d) = rest.first_mut() else { break };
        if !d.is_dated() || d.cue_kind() == Some(CueKind::Deadline) {
            continue;
        }
        let at = d.cued_start();
        let prev = before.last();
        // "introduced in 2021 and 2022": a list continues the history.
        if let Some(p) = prev.filter(|p| p.expr.class == TimeClass::Historical) {
            if is_list_gap(text.get(p.expr.span.end..at).unwrap_or("")) {
                d.make_historical(p.expr.cue.clone());
                continue;
            }
        }
        let floor = prev.map_or(0, |p| p.expr.span.end);
        let lo = g.trigger_window(text, at, floor);
        // Search up to the expression itself: a trigger may end with the
        // cue word ("deferred from 2022-23").
        let Some(trigger) = g.last_trigger(text, lo, d.expr.span.start) else {
            continue;
        };
        if !g.gap_breaks_history(text.get(trigger.end..at.max(trigger.end)).unwrap_or("")) {
            d.make_historical(Some(Cue {
                kind: CueKind::Historical,
                span: trigger,
            }));
        }
    }
}

/// A year or financial year naming a data set or document (`WRES Data
/// 2018`, `the 2017 & 2018 action plans`) is a reference, not a deadline.
fn mark_references(g: &Grammar, text: &str, exprs: &mut [Draft]) {
    let mut floor = 0;
    for d in exprs.iter_mut() {
        // "BME staff: 27.3% in 2023", "RL 1.52 (2023)": the year a figure is
        // for, not a deadline.
        let year_like = matches!(d.expr.class, TimeClass::YearOnly | TimeClass::YearSpan);
        let figure_cue = d
            .expr
            .cue
            .as_ref()
            .is_none_or(|c| matches!(c.kind, CueKind::During));
        if year_like && figure_cue {
            let from = d
                .expr
                .cue
                .as_ref()
                .map_or(d.expr.span.start, |c| c.span.start);
            let before = text[floor.min(from)..from].trim_end_matches([' ', '(', ',']);
            if ends_with_figure(before) {
                let span = before.len()..before.len();
                d.make_historical(Some(Cue {
                    kind: CueKind::Reference,
                    span: floor.min(from) + span.start..floor.min(from) + span.end,
                }));
                floor = d.expr.span.end;
                continue;
            }
        }
        if is_plain_year(d) {
            let label = g
                .reference_after(text, d.expr.span.end)
                .or_else(|| g.reference_before(text, d.expr.span.start, floor));
            if let Some(span) = label {
                d.make_historical(Some(Cue {
                    kind: CueKind::Reference,
                    span,
                }));
            }
        }
        floor = d.expr.span.end;
    }
    // A list shares its label: forward for "Data 2017 & 2018", backward for
    // "2017 & 2018 action plans".
    for i in 1..exprs.len() {
        spread_reference(text, exprs, i - 1, i);
    }
    for i in (1..exprs.len()).rev() {
        spread_reference(text, exprs, i, i - 1);
    }
}

/// Whether a text ends with a figure: "27.3%", "24 %", "1.52".
fn ends_with_figure(text: &str) -> bool {
    let text = text.trim_end();
    fn digits(s: &str) -> (usize, &str) {
        let head = s.trim_end_matches(|c: char| c.is_ascii_digit());
        (s.len() - head.len(), head)
    }
    if let Some(rest) = text.strip_suffix('%') {
        return digits(rest.trim_end()).0 > 0;
    }
    // A decimal: digits, a point, digits (not a date's "31.10.").
    let (n, head) = digits(text);
    n > 0
        && head.ends_with('.')
        && digits(&head[..head.len() - 1]).0 > 0
        && !digits(&head[..head.len() - 1]).1.ends_with('.')
}

/// Copies a reference label from `exprs[from]` to its list neighbour `exprs[to]`.
fn spread_reference(text: &str, exprs: &mut [Draft], from: usize, to: usize) {
    let (Some(source), Some(target)) = (exprs.get(from), exprs.get(to)) else {
        return;
    };
    let is_reference = source.cue_kind() == Some(CueKind::Reference);
    let (lo, hi) = if from < to { (from, to) } else { (to, from) };
    let gap = text
        .get(exprs[lo].expr.span.end..exprs[hi].expr.span.start)
        .unwrap_or("");
    if is_reference && is_plain_year(target) && is_list_gap(gap) {
        let cue = source.expr.cue.clone();
        exprs[to].make_historical(cue);
    }
}

/// A year or financial year with no cue word: what a label can name.
fn is_plain_year(d: &Draft) -> bool {
    matches!(d.expr.class, TimeClass::YearOnly | TimeClass::YearSpan) && d.expr.cue.is_none()
}

/// Whether text between two expressions only lists them: `and`, `or`, `&`, `,`, `/`.
fn is_list_gap(gap: &str) -> bool {
    gap.split(|c: char| c.is_whitespace() || ",&/".contains(c))
        .filter(|w| !w.is_empty())
        .all(|w| w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("or"))
}

/// `from 01.04.18` gives only a start: the work is open-ended from then on.
fn open_from_starts(exprs: &mut [Draft]) {
    for d in exprs.iter_mut() {
        let Some(cue) = d.expr.cue.as_ref().filter(|c| c.kind == CueKind::From) else {
            continue;
        };
        if d.is_dated() && !d.range {
            d.expr.span = cue.span.start..d.expr.span.end;
            d.expr.class = TimeClass::OpenEnded;
            d.expr.due = None;
        }
    }
}
