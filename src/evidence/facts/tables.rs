//! Figures read from the data tables the model found: shares, relative
//! likelihoods (stated, else computed from the table's counts) and the
//! board's difference from the workforce, each with its indicator and year.

use crate::knowledge::{Group, Knowledge, MeasureKind};
use crate::location::CellRef;
use crate::model::data::{year_in, Figure, GroupTable, Role, TableKind};
use crate::model::Model;

use super::{DataFigure, What};

pub(super) fn read_figures(model: &Model, knowledge: &Knowledge, out: &mut Vec<DataFigure>) {
    for table in model.group_tables() {
        let year = table
            .title
            .as_deref()
            .and_then(year_in)
            .or_else(|| year_in(&table.sheet));
        let Some(indicator) = table.indicator else {
            continue;
        };
        match table.kind {
            TableKind::Likelihood => likelihood(table, indicator, year, knowledge, out),
            TableKind::Bands | TableKind::Other if indicator == 1 => share(table, year, out),
            TableKind::Board => board(table, indicator, year, out),
            _ => {}
        }
    }
    for table in model.survey_tables() {
        for row in &table.rows {
            let Some(indicator) = row.indicator else {
                continue;
            };
            for value in row.values.iter().filter(|v| !v.responses) {
                if matches!(value.group, Group::Focus | Group::Reference) && value.figure.percent {
                    out.push(DataFigure {
                        indicator,
                        year: value.year,
                        what: What::Rate(value.group),
                        figure: value.figure.clone(),
                        computed: false,
                        trend: false,
                    });
                }
            }
        }
    }
    for summary in &model.summaries {
        let kind = knowledge
            .indicator(summary.indicator)
            .and_then(|i| i.measure.as_ref())
            .map(|m| m.kind);
        let year = year_in(&summary.title);
        for figure in &summary.figures {
            let what = match (kind, figure.group, figure.figure.percent) {
                (Some(MeasureKind::RelativeLikelihood), None, false)
                    if (0.05..20.0).contains(&figure.figure.shown) =>
                {
                    What::RelativeLikelihood
                }
                (
                    Some(MeasureKind::SurveyPercent),
                    Some(g @ (Group::Focus | Group::Reference)),
                    true,
                ) => What::Rate(g),
                (Some(MeasureKind::Share), Some(Group::Focus), true) => What::Share,
                _ => continue,
            };
            out.push(DataFigure {
                indicator: summary.indicator,
                year: year_in(&figure.label).or(year),
                what,
                figure: figure.figure.clone(),
                computed: false,
                trend: false,
            });
        }
    }
}

/// Indicators 2-4: the stated relative likelihood, else the one the counts give.
fn likelihood(
    table: &GroupTable,
    indicator: u8,
    year: Option<u16>,
    knowledge: &Knowledge,
    out: &mut Vec<DataFigure>,
) {
    if let Some(stated) = &table.relative_likelihood {
        out.push(DataFigure {
            indicator,
            year,
            what: What::RelativeLikelihood,
            figure: stated.figure.clone(),
            computed: false,
            trend: false,
        });
        return;
    }
    let Some(ratio) = knowledge
        .indicator(indicator)
        .and_then(|i| i.measure.as_ref())
        .and_then(|m| m.ratio)
    else {
        return;
    };
    let Some((numerator, denominator)) = table.likelihood_parts() else {
        return;
    };
    let rate = |g: Group| -> Option<f64> {
        let d = denominator.count(g)?;
        (d > 0.0)
            .then(|| numerator.count(g).map(|n| n / d))
            .flatten()
    };
    let (top, bottom) = ratio.groups();
    let (Some(top), Some(bottom)) = (rate(top), rate(bottom)) else {
        return;
    };
    if bottom <= 0.0 {
        return;
    }
    let Some(cell) = numerator.value(Group::Reference).map(|f| f.cell.clone()) else {
        return;
    };
    out.push(DataFigure {
        indicator,
        year,
        what: What::RelativeLikelihood,
        figure: computed(cell, top / bottom, 2, false),
        computed: true,
        trend: false,
    });
}

/// Indicator 1: the focus group's share of the whole workforce.
fn share(table: &GroupTable, year: Option<u16>, out: &mut Vec<DataFigure>) {
    // The overall line: a workforce line, else the table's total.
    // A table of one line ("All staff") is the overall line too.
    let only = (table.kind == TableKind::Other && table.lines.len() == 1).then(|| &table.lines[0]);
    let Some(line) = table
        .workforce()
        .or_else(|| table.lines_with(Role::Total).next())
        .or(only)
    else {
        return;
    };
    if out
        .iter()
        .any(|f| f.indicator == 1 && f.what == What::Share)
    {
        return;
    }
    if let Some(stated) = line.share(Group::Focus) {
        out.push(DataFigure {
            indicator: 1,
            year,
            what: What::Share,
            figure: stated.clone(),
            computed: false,
            trend: false,
        });
        return;
    }
    let (Some(focus), Some(total)) = (line.count(Group::Focus), line.total()) else {
        return;
    };
    let Some(cell) = line.value(Group::Focus).map(|f| f.cell.clone()) else {
        return;
    };
    if total > 0.0 {
        out.push(DataFigure {
            indicator: 1,
            year,
            what: What::Share,
            figure: computed(cell, 100.0 * focus / total, 1, true),
            computed: true,
            trend: false,
        });
    }
}

/// Indicator 9: the voting board's difference from the workforce, in points.
fn board(table: &GroupTable, indicator: u8, year: Option<u16>, out: &mut Vec<DataFigure>) {
    let Some(voting) = table.lines_with(Role::BoardVoting).next() else {
        return;
    };
    if let Some(stated) = voting.difference.as_deref() {
        out.push(DataFigure {
            indicator,
            year,
            what: What::Points,
            figure: stated.clone(),
            computed: false,
            trend: false,
        });
        return;
    }
    let share = |line: &crate::model::data::Line| -> Option<f64> {
        let total = line.total()?;
        (total > 0.0).then(|| line.count(Group::Focus).map(|f| 100.0 * f / total))?
    };
    let (Some(board), Some(workforce)) = (share(voting), table.workforce().and_then(share)) else {
        return;
    };
    let Some(cell) = voting.value(Group::Focus).map(|f| f.cell.clone()) else {
        return;
    };
    out.push(DataFigure {
        indicator,
        year,
        what: What::Points,
        figure: computed(cell, board - workforce, 1, false),
        computed: true,
        trend: false,
    });
}

fn computed(cell: CellRef, value: f64, decimals: u8, percent: bool) -> Figure {
    Figure {
        cell,
        shown: crate::model::data::round_half_up(value, decimals),
        decimals,
        percent,
        source: crate::model::data::Source::Number,
    }
}
