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
pub(crate) mod summary;
pub mod trend_years_not_ascending;
pub mod workforce_inconsistent;

use crate::knowledge::{Group, Knowledge, MeasureKind};
use crate::model::data::{
    fmt_decimal, judge, ColumnKind, Figure, GroupTable, Line, Role, TableKind, Verdict,
};
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

/// One stated figure and its recomputed value. The texts for messages are
/// built only for the figures a rule reports.
#[derive(Clone, Debug)]
pub(crate) struct Recomputed<'a> {
    pub figure: &'a Figure,
    knowledge: &'a Knowledge,
    pub kind: Kind,
    /// The exact result, in the unit the figure shows (percent for a `%`
    /// figure or a column of percentage numbers).
    pub exact: f64,
    pub outcome: Outcome,
    from: From<'a>,
}

/// What a figure was recomputed from.
#[derive(Clone, Debug)]
enum From<'a> {
    /// `numerator / denominator`; the denominator written as White + BME
    /// when Unknown is left out of shares.
    Share {
        line: &'a Line,
        header: &'a str,
        numerator: f64,
        denominator: Denominator,
    },
    Likelihood {
        line: &'a Line,
        group: Group,
        numerator: f64,
        denominator: f64,
    },
    /// (top numerator / top denominator) / (bottom numerator / bottom denominator).
    Ratio {
        groups: (Group, Group),
        top: (f64, f64),
        bottom: (f64, f64),
    },
    /// 100 × board BME / board total − 100 × workforce BME / workforce total.
    Difference {
        line: &'a Line,
        board: (f64, f64),
        workforce: (f64, f64),
    },
}

#[derive(Clone, Copy, Debug)]
enum Denominator {
    Total(f64),
    WhitePlusBme(f64, f64),
}

impl Denominator {
    fn value(self) -> f64 {
        match self {
            Denominator::Total(t) => t,
            Denominator::WhitePlusBme(w, b) => w + b,
        }
    }
}

impl Recomputed<'_> {
    /// How it was computed from the counts: "96/376".
    pub fn formula(&self) -> String {
        match &self.from {
            From::Share {
                numerator,
                denominator,
                ..
            } => {
                let den = match denominator {
                    Denominator::Total(t) => count_text(*t),
                    Denominator::WhitePlusBme(w, b) => {
                        format!("({} + {})", count_text(*w), count_text(*b))
                    }
                };
                format!("{}/{den}", count_text(*numerator))
            }
            From::Likelihood {
                numerator,
                denominator,
                ..
            } => format!("{}/{}", count_text(*numerator), count_text(*denominator)),
            From::Ratio { top, bottom, .. } => format!(
                "({}/{})/({}/{})",
                count_text(top.0),
                count_text(top.1),
                count_text(bottom.0),
                count_text(bottom.1)
            ),
            From::Difference {
                board, workforce, ..
            } => format!(
                "100 × {}/{} − 100 × {}/{}",
                count_text(board.0),
                count_text(board.1),
                count_text(workforce.0),
                count_text(workforce.1)
            ),
        }
    }

    /// What the figure is, for messages: "Band 3 % BME".
    pub fn what(&self) -> String {
        match &self.from {
            From::Share { line, header, .. } => format!("{} {header}", line.name()),
            From::Likelihood { line, group, .. } => {
                format!("{} ({})", line.name(), self.knowledge.group_label(*group))
            }
            From::Ratio { .. } => "Relative likelihood".to_owned(),
            From::Difference { line, .. } => format!("{} difference", line.name()),
        }
    }

    /// For a relative likelihood: which way it is defined ("White ÷ BME").
    pub fn direction(&self) -> Option<String> {
        match &self.from {
            From::Ratio { groups, .. } => Some(format!(
                "{} ÷ {}",
                self.knowledge.group_label(groups.0),
                self.knowledge.group_label(groups.1)
            )),
            _ => None,
        }
    }

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
            self.what(),
            self.figure.display(),
            self.formula(),
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
fn share_denominator(line: &Line, knowledge: &Knowledge) -> Option<Denominator> {
    if knowledge.data.share_includes_unknown {
        line.total().map(Denominator::Total)
    } else {
        Some(Denominator::WhitePlusBme(
            line.count(Group::Reference)?,
            line.count(Group::Focus)?,
        ))
    }
}

/// Every recomputable figure of the given kinds that does not agree with its
/// counts (agreeing figures are judged and dropped, so a rule sees only what
/// it might report).
pub(crate) fn recompute<'a>(
    model: &'a Model,
    knowledge: &'a Knowledge,
    kinds: &[Kind],
) -> Vec<Recomputed<'a>> {
    let mut out = Vec::new();
    let fallback_workforce = knowledge
        .indicator_of(MeasureKind::Share)
        .and_then(|n| workforce_of(model, n));
    for table in model.group_tables() {
        if kinds.contains(&Kind::Share) {
            shares(table, knowledge, &mut out);
        }
        if kinds.contains(&Kind::Likelihood) {
            likelihoods(table, knowledge, &mut out);
        }
        if kinds.contains(&Kind::RelativeLikelihood) {
            relative_likelihood(table, knowledge, &mut out);
        }
        if kinds.contains(&Kind::Difference) {
            differences(table, knowledge, fallback_workforce, &mut out);
        }
    }
    out.retain(|r| r.outcome != Outcome::Agrees);
    out
}

/// Every kind of recomputed figure.
pub(crate) const ALL_KINDS: [Kind; 4] = [
    Kind::Share,
    Kind::Likelihood,
    Kind::RelativeLikelihood,
    Kind::Difference,
];

fn shares<'a>(table: &'a GroupTable, knowledge: &'a Knowledge, out: &mut Vec<Recomputed<'a>>) {
    let groups = table.header.iter().filter_map(|h| match h.kind {
        ColumnKind::Share(group) => Some(group),
        _ => None,
    });
    for group in groups {
        let column = || {
            table
                .lines
                .iter()
                .filter_map(move |l| l.share(group).map(|f| (l, f)))
        };
        if column().next().is_none() {
            continue;
        }
        let header = table
            .header
            .iter()
            .find(|h| h.kind == ColumnKind::Share(group))
            .map_or("share", |h| h.text.as_str());
        let convention = convention(column().map(|(_, f)| f));
        for (line, figure) in column() {
            if !line.role.is_counts() {
                continue;
            }
            let Some(numerator) = line.count(group) else {
                continue;
            };
            let Some(denominator) = share_denominator(line, knowledge) else {
                continue;
            };
            if denominator.value() <= 0.0 {
                continue;
            }
            let (exact, outcome) = judge_share(figure, numerator / denominator.value(), convention);
            if outcome == Outcome::Agrees {
                continue;
            }
            out.push(Recomputed {
                figure,
                knowledge,
                kind: Kind::Share,
                exact,
                outcome,
                from: From::Share {
                    line,
                    header,
                    numerator,
                    denominator,
                },
            });
        }
    }
}

fn likelihoods<'a>(table: &'a GroupTable, knowledge: &'a Knowledge, out: &mut Vec<Recomputed<'a>>) {
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
            if outcome == Outcome::Agrees {
                continue;
            }
            out.push(Recomputed {
                figure,
                knowledge,
                kind: Kind::Likelihood,
                exact,
                outcome,
                from: From::Likelihood {
                    line,
                    group,
                    numerator: num,
                    denominator: den,
                },
            });
        }
    }
}

/// The relative likelihood from the counts, in the direction the table's
/// indicator defines: (top group, bottom group) and their (numerator,
/// denominator) counts.
fn ratio_from_counts(table: &GroupTable, knowledge: &Knowledge) -> Option<From<'static>> {
    let (numerator, denominator) = table.likelihood_parts()?;
    let ratio = knowledge.measure(table.indicator?)?.ratio?;
    let (top, bottom) = ratio.groups();
    let part = |group: Group| -> Option<(f64, f64)> {
        let (num, den) = (numerator.count(group)?, denominator.count(group)?);
        (num > 0.0 && den > 0.0).then_some((num, den))
    };
    Some(From::Ratio {
        groups: (top, bottom),
        top: part(top)?,
        bottom: part(bottom)?,
    })
}

fn relative_likelihood<'a>(
    table: &'a GroupTable,
    knowledge: &'a Knowledge,
    out: &mut Vec<Recomputed<'a>>,
) {
    let Some(stated) = &table.relative_likelihood else {
        return;
    };
    let Some(from) = ratio_from_counts(table, knowledge) else {
        return;
    };
    let From::Ratio { top, bottom, .. } = from else {
        return;
    };
    let ratio = (top.0 / top.1) / (bottom.0 / bottom.1);
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
        knowledge,
        kind: Kind::RelativeLikelihood,
        exact,
        outcome,
        from,
    });
}

fn differences<'a>(
    table: &'a GroupTable,
    knowledge: &'a Knowledge,
    fallback_workforce: Option<&'a Line>,
    out: &mut Vec<Recomputed<'a>>,
) {
    if table.kind != TableKind::Board {
        return;
    }
    let Some(workforce) = table.workforce().or(fallback_workforce) else {
        return;
    };
    let (Some(wb), Some(wt)) = (workforce.count(Group::Focus), workforce.total()) else {
        return;
    };
    for line in table.lines.iter().filter(|l| l.role.is_board()) {
        let (Some(figure), Some(b), Some(t)) =
            (&line.difference, line.count(Group::Focus), line.total())
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
            knowledge,
            kind: Kind::Difference,
            exact,
            outcome,
            from: From::Difference {
                line,
                board: (b, t),
                workforce: (wb, wt),
            },
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
