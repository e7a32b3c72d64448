//! Workforce profiles written with groups as rows: counts and shares typed by
//! their cells.

use std::sync::Arc;

use crate::knowledge::{normalise, Group, MeasureKind};
use crate::location::CellRef;
use crate::workbook::{Cell, Sheet};

use super::{Context, LabelRole, Roles};
use crate::model::data::figure::{read, Figure, Reading};
use crate::model::data::header::{ColumnKind, HeaderColumn};
use crate::model::data::{GroupTable, Line, Role, TableKind};

/// What a column of a profile holds, from its cells (and its heading).
#[derive(Clone, Copy, PartialEq)]
enum ProfileColumn {
    Counts,
    Shares,
}

/// A workforce profile written with groups as rows ("Ethnicity | Number of
/// colleagues | % of workforce" over BME, White, Not declared): each column
/// typed by what its cells hold, whole numbers as the groups' counts and
/// percentages under a share heading as their shares. Read as one
/// workforce line (indicator 1's overall figure). A column holding
/// anything else, or a second column of counts or shares (years,
/// measures), makes it something other than a profile: not read.
pub(super) fn read_profile(
    sheet: &Sheet,
    header_row: u32,
    header_cells: &[Cell],
    roles: &Roles<'_>,
    context: &dyn Fn() -> Context,
) -> Option<(GroupTable, u32)> {
    let knowledge = roles.knowledge;
    let (first, headings) = header_cells.split_first()?;
    let label_col = first.col;
    if headings.is_empty() || headings.len() > 4 {
        return None;
    }
    let texts: Vec<&str> = headings
        .iter()
        .map(|c| c.value.as_text().map(str::trim).filter(|t| !t.is_empty()))
        .collect::<Option<_>>()?;
    // Headings that name a group, or a likelihood's parts ("Shortlisted",
    // "% Appointed"), head another kind of table.
    let measure = |t: &str| {
        matches!(
            roles.of(t),
            Some(
                LabelRole::RelativeLikelihood
                    | LabelRole::Line(Role::Numerator(_) | Role::Denominator(_) | Role::Likelihood)
            )
        )
    };
    if texts
        .iter()
        .any(|t| t.chars().count() > 60 || roles.headers.classify(t).is_some() || measure(t))
    {
        return None;
    }
    // The rows below whose label names a group, each group once.
    let mut rows: Vec<(u32, Group, CellRef, String)> = Vec::new();
    let mut row = header_row + 1;
    loop {
        let cells = sheet.row(row);
        let Some(label) = cells.first().filter(|c| c.col == label_col) else {
            break;
        };
        let Some(group) = label.value.as_text().and_then(|t| knowledge.data.group(t)) else {
            break;
        };
        if rows.iter().any(|r| r.1 == group) {
            return None;
        }
        rows.push((row, group, sheet.cell_ref(row, label_col), label.text()));
        row += 1;
    }
    let has = |g: Group| rows.iter().any(|r| r.1 == g);
    if !(has(Group::Reference) && has(Group::Focus)) {
        return None;
    }
    let mut counts: Option<(&Cell, Vec<Option<Figure>>)> = None;
    let mut shares: Option<(&Cell, Vec<Option<Figure>>)> = None;
    let mut uncalculated = Vec::new();
    for (heading, text) in headings.iter().zip(&texts) {
        let figures: Vec<Option<Figure>> = rows
            .iter()
            .map(|(r, ..)| {
                match read(sheet.cell_ref(*r, heading.col), sheet.cell(*r, heading.col)) {
                    Reading::Figure(f) => Some(f),
                    Reading::Uncalculated(at) => {
                        uncalculated.push(at);
                        None
                    }
                    Reading::Nothing => None,
                }
            })
            .collect();
        let present: Vec<&Figure> = figures.iter().flatten().collect();
        if present.len() < 2 {
            continue;
        }
        let share_heading = knowledge.data.is_share(text, &normalise(text));
        let kind = if share_heading && present.iter().all(|f| f.percent) {
            ProfileColumn::Shares
        } else if !share_heading && present.iter().all(|f| f.count().is_some()) {
            ProfileColumn::Counts
        } else {
            return None;
        };
        let slot = match kind {
            ProfileColumn::Counts => &mut counts,
            ProfileColumn::Shares => &mut shares,
        };
        if slot.replace((heading, figures)).is_some() {
            return None;
        }
    }
    let named_by = counts.as_ref().or(shares.as_ref())?.0;
    let mut values: [Option<Figure>; 4] = Default::default();
    if let Some((_, figures)) = &counts {
        for ((_, group, ..), figure) in rows.iter().zip(figures) {
            values[group.index()] = figure.clone();
        }
    }
    let line_shares: Vec<(Group, Figure)> = shares
        .as_ref()
        .map(|(_, figures)| {
            rows.iter()
                .zip(figures)
                .filter_map(|((_, group, ..), f)| f.clone().map(|f| (*group, f)))
                .collect()
        })
        .unwrap_or_default();
    let line = Line {
        label: named_by.text().trim().to_owned(),
        label_cell: Some(sheet.cell_ref(header_row, named_by.col)),
        role: Role::Workforce,
        values,
        shares: line_shares.into_boxed_slice(),
        difference: None,
    };
    // The group rows, then the share column once per group it states (the
    // share checks find a table's shares through its header).
    let mut header: Vec<HeaderColumn> = rows
        .iter()
        .map(|(_, group, cell, text)| HeaderColumn {
            col: label_col,
            cell: cell.clone(),
            text: text.trim().to_owned(),
            kind: ColumnKind::Group(*group),
            year: None,
        })
        .collect();
    if let Some((heading, _)) = &shares {
        header.extend(line.shares().map(|(group, _)| HeaderColumn {
            col: heading.col,
            cell: sheet.cell_ref(header_row, heading.col),
            text: heading.text().trim().to_owned(),
            kind: ColumnKind::Share(group),
            year: None,
        }));
    }
    let last = rows.last().map_or(header_row, |r| r.0);
    let table = GroupTable {
        sheet: Arc::clone(&sheet.name),
        indicator: knowledge.indicator_of(MeasureKind::Share),
        kind: TableKind::Other,
        title: context().title,
        header,
        transposed: true,
        lines: vec![line],
        relative_likelihood: None,
        uncalculated,
    };
    Some((table, last))
}
