//! Arithmetic rules: every WRES figure recomputed from the counts the
//! workbook itself gives (WRES.md §1.1 formulas, §1.2 rounding, §2 checks).
//!
//! [`recompute`] lists every stated share, likelihood, relative likelihood
//! and difference with its exact result and how it compares; each rule picks
//! the outcomes it reports, so a figure is judged once and the same way.

pub mod figure_truncated;
pub mod formula_without_value;
pub mod group_sum_mismatch;
pub mod numerator_exceeds_denominator;
pub mod percentage_difference_mismatch;
pub mod relative_likelihood_mismatch;
pub mod relative_likelihood_reversed;
pub mod scale_error;
pub mod share_mismatch;
pub mod trend_years_not_ascending;
pub mod workforce_inconsistent;

use crate::knowledge::{Group, Knowledge};
use crate::model::data::{fmt_decimal, judge, ColumnKind, Figure, GroupTable, Line, Role, TableKind, Verdict};
use crate::model::Model;

/// What kind of figure was recomputed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A group's share of a line's total ("% BME").
    Share,
    /// Numerator ÷ denominator for one group (indicators 2-4).
    Likelihood,
    RelativeLikelihood,
    /// Percentage points (indicator 9).
    Difference,
}

/// How a stated figure compares with its recomputed value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Agrees,
    /// Cut off, not rounded, at the shown precision.
    Truncated,
    Differs,
    /// A share or likelihood off by a factor of 100, or above 100 %.
    Scaled(Scale),
    /// A relative likelihood equal to the reciprocal of the defined one.
    Reversed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scale {
    /// Stored 100 times too large (17.1 where 0.171 is meant under a `%` format).
    TooLarge,
    /// Stored 100 times too small.
    TooSmall,
    /// Above 100 % and no factor of 100 explains it.
    AboveHundred,
}

/// One stated figure and its recomputed value.
#[derive(Clone, Debug)]
pub(crate) struct Recomputed<'a> {
    pub figure: &'a Figure,
    pub kind: Kind,
    /// The exact result, in the unit the figure shows (percent for a `%`
    /// figure or a column of percentage numbers).
    pub exact: f64,
    /// How it was computed from the counts: "96/376".
    pub formula: String,
    /// What the figure is, for messages: "Band 3 % BME".
    pub what: String,
    /// For a relative likelihood: which way it is defined ("White ÷ BME").
    pub direction: Option<String>,
    pub outcome: Outcome,
}

impl Recomputed<'_> {
    /// The exact result at the figure's shown precision: "25.5%".
    pub fn expected(&self) -> String {
        self.figure.display_like(self.exact)
    }

    /// The exact result with two more places, to show why it rounds as it does.
    pub fn precise(&self) -> String {
        let mut text = fmt_decimal(self.exact, self.figure.decimals.saturating_add(2));
        if self.figure.percent {
            text.push('%');
        }
        text
    }

    /// "Band 3 % BME states 24.5%; 96/376 = 25.5%".
    pub fn statement(&self) -> String {
        format!(
            "{} states {}; {} = {}",
            self.what,
            self.figure.display(),
            self.formula,
            self.expected()
        )
    }
}

/// A count as a formula shows it: "376", never "376.0" or "2,686".
pub(crate) fn count_text(n: f64) -> String {
    crate::workbook::format_number(n)
}

/// How plain (not `%`) numbers in a column state shares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Convention {
    /// 0.171 for 17.1 %.
    Fraction,
    /// 17.1 for 17.1 %.
    Points,
}

/// The convention most plain figures of a column follow.
fn convention<'a>(figures: impl Iterator<Item = &'a Figure>) -> Convention {
    let (mut fractions, mut points) = (0, 0);
    for figure in figures.filter(|f| !f.percent && f.shown != 0.0) {
        if figure.shown.abs() <= 1.0 {
            fractions += 1;
        } else {
            points += 1;
        }
    }
    if points > fractions {
        Convention::Points
    } else {
        Convention::Fraction
    }
}

/// Judge a stated share or likelihood against the exact fraction `ratio`.
fn judge_share(figure: &Figure, ratio: f64, convention: Convention) -> (f64, Outcome) {
    let in_points = figure.percent || convention == Convention::Points;
    let exact = if in_points { ratio * 100.0 } else { ratio };
    let outcome = match figure.judge(exact) {
        Verdict::Agrees => Outcome::Agrees,
        Verdict::Truncated => Outcome::Truncated,
        Verdict::Differs => {
            let (shown, decimals) = (figure.shown, figure.decimals);
            let limit = if in_points { 100.0 } else { 1.0 };
            // Scaled back, the figure keeps the precision it was typed with:
            // 17.1 under a `0.0%` format shows 1710.0%, and 0.171 in a column
            // of percentage numbers is 17.1 to one place.
            if judge(shown / 100.0, decimals, exact) == Verdict::Agrees {
                Outcome::Scaled(Scale::TooLarge)
            } else if exact != 0.0
                && judge(shown * 100.0, decimals.saturating_sub(2), exact) == Verdict::Agrees
            {
                Outcome::Scaled(Scale::TooSmall)
            } else if shown > limit * (1.0 + 1e-9) {
                Outcome::Scaled(Scale::AboveHundred)
            } else {
                Outcome::Differs
            }
        }
    };
    (exact, outcome)
}

/// The denominator of a share of a line: its total, or White + BME when
/// Unknown is left out of shares.
fn share_denominator(line: &Line, knowledge: &Knowledge) -> Option<(f64, String)> {
    if knowledge.data.share_includes_unknown {
        line.total().map(|t| (t, count_text(t)))
    } else {
        let (w, b) = (line.count(Group::White)?, line.count(Group::Bme)?);
        Some((w + b, format!("({} + {})", count_text(w), count_text(b))))
    }
}

/// Every recomputable figure of the model, judged.
pub(crate) fn recompute<'a>(model: &'a Model, knowledge: &Knowledge) -> Vec<Recomputed<'a>> {
    let mut out = Vec::new();
    let fallback_workforce = workforce_of(model, 1);
    for table in model.group_tables() {
        shares(table, knowledge, &mut out);
        likelihoods(table, &mut out);
        relative_likelihood(table, knowledge, &mut out);
        differences(table, fallback_workforce, &mut out);
    }
    out
}

fn shares<'a>(table: &'a GroupTable, knowledge: &Knowledge, out: &mut Vec<Recomputed<'a>>) {
    for group in Group::ALL {
        let column: Vec<(&Line, &Figure)> = table
            .lines
            .iter()
            .flat_map(|l| l.shares.iter().filter(|(g, _)| *g == group).map(move |(_, f)| (l, f)))
            .collect();
        if column.is_empty() {
            continue;
        }
        let header = table
            .header
            .iter()
            .find(|h| h.kind == ColumnKind::Share(group))
            .map_or_else(|| format!("% {}", group.label()), |h| h.text.clone());
        let convention = convention(column.iter().map(|(_, f)| *f));
        for (line, figure) in column {
            if !line.role.is_counts() {
                continue;
            }
            let Some(numerator) = line.count(group) else {
                continue;
            };
            let Some((denominator, den_text)) = share_denominator(line, knowledge) else {
                continue;
            };
            if denominator <= 0.0 {
                continue;
            }
            let (exact, outcome) = judge_share(figure, numerator / denominator, convention);
            out.push(Recomputed {
                figure,
                kind: Kind::Share,
                exact,
                formula: format!("{}/{den_text}", count_text(numerator)),
                what: format!("{} {header}", line.name()),
                direction: None,
                outcome,
            });
        }
    }
}

fn likelihoods<'a>(table: &'a GroupTable, out: &mut Vec<Recomputed<'a>>) {
    let Some((numerator, denominator)) = table.likelihood_parts() else {
        return;
    };
    for line in table.lines_with(Role::Likelihood) {
        let convention = convention(line.values.iter().flatten());
        for group in Group::ALL {
            let (Some(figure), Some(num), Some(den)) = (
                line.value(group),
                numerator.count(group),
                denominator.count(group),
            ) else {
                continue;
            };
            if den <= 0.0 {
                continue;
            }
            let (exact, outcome) = judge_share(figure, num / den, convention);
            out.push(Recomputed {
                figure,
                kind: Kind::Likelihood,
                exact,
                formula: format!("{}/{}", count_text(num), count_text(den)),
                what: format!("{} ({})", line.name(), group.label()),
                direction: None,
                outcome,
            });
        }
    }
}

/// The relative likelihood from the counts: the ratio, its formula and the
/// direction in words.
pub(crate) fn ratio_from_counts(
    table: &GroupTable,
    knowledge: &Knowledge,
) -> Option<(f64, String, String)> {
    let (numerator, denominator) = table.likelihood_parts()?;
    let ratio = knowledge.measure(table.indicator?)?.ratio?;
    let (top, bottom) = ratio.groups();
    let part = |group: Group| -> Option<(f64, String)> {
        let (num, den) = (numerator.count(group)?, denominator.count(group)?);
        (den > 0.0).then(|| (num / den, format!("{}/{}", count_text(num), count_text(den))))
    };
    let ((a, a_text), (b, b_text)) = (part(top)?, part(bottom)?);
    (a > 0.0 && b > 0.0).then(|| {
        (
            a / b,
            format!("({a_text})/({b_text})"),
            format!("{} ÷ {}", top.label(), bottom.label()),
        )
    })
}

fn relative_likelihood<'a>(
    table: &'a GroupTable,
    knowledge: &Knowledge,
    out: &mut Vec<Recomputed<'a>>,
) {
    let Some(stated) = &table.relative_likelihood else {
        return;
    };
    let Some((ratio, formula, direction)) = ratio_from_counts(table, knowledge) else {
        return;
    };
    let figure = &stated.figure;
    let exact = if figure.percent { ratio * 100.0 } else { ratio };
    let outcome = match figure.judge_value(ratio) {
        Verdict::Agrees => Outcome::Agrees,
        Verdict::Truncated => Outcome::Truncated,
        Verdict::Differs => match figure.judge_value(1.0 / ratio) {
            Verdict::Agrees | Verdict::Truncated => Outcome::Reversed,
            Verdict::Differs => Outcome::Differs,
        },
    };
    out.push(Recomputed {
        figure,
        kind: Kind::RelativeLikelihood,
        exact,
        formula,
        what: "Relative likelihood".to_owned(),
        direction: Some(direction),
        outcome,
    });
}

fn differences<'a>(
    table: &'a GroupTable,
    fallback_workforce: Option<&'a Line>,
    out: &mut Vec<Recomputed<'a>>,
) {
    if table.kind != TableKind::Board {
        return;
    }
    let Some(workforce) = table.workforce().or(fallback_workforce) else {
        return;
    };
    let (Some(wb), Some(wt)) = (workforce.count(Group::Bme), workforce.total()) else {
        return;
    };
    for line in table.lines.iter().filter(|l| l.role.is_board()) {
        let (Some(figure), Some(b), Some(t)) = (&line.difference, line.count(Group::Bme), line.total())
        else {
            continue;
        };
        if t <= 0.0 || wt <= 0.0 {
            continue;
        }
        let exact = 100.0 * b / t - 100.0 * wb / wt;
        let outcome = match figure.judge(exact) {
            Verdict::Agrees => Outcome::Agrees,
            Verdict::Truncated => Outcome::Truncated,
            Verdict::Differs => Outcome::Differs,
        };
        out.push(Recomputed {
            figure,
            kind: Kind::Difference,
            exact,
            formula: format!(
                "100 × {}/{} − 100 × {}/{}",
                count_text(b),
                count_text(t),
                count_text(wb),
                count_text(wt)
            ),
            what: format!("{} difference", line.name()),
            direction: None,
            outcome,
        });
    }
}

/// The workforce line an indicator's tables state (indicators 1, 3, 4, 9).
pub(crate) fn workforce_of(model: &Model, indicator: u8) -> Option<&Line> {
    model
        .group_tables()
        .filter(|t| t.indicator == Some(indicator))
        .find_map(GroupTable::workforce)
}

#[cfg(test)]
pub(crate) mod fixtures;
