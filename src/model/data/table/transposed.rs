//! Tables written with groups as rows and measures as columns.

use std::sync::Arc;

use crate::knowledge::{normalise, Group};
use crate::workbook::{Cell, Sheet};

use super::{
    finish, is_blank, relative_likelihood_below, rl_line, row_label, Context, LabelRole, Roles,
};
use crate::model::data::figure::{read, Reading};
use crate::model::data::header::{ColumnKind, HeaderColumn};
use crate::model::data::{DataTable, GroupTable, Line, Role, TableKind};

/// A table written with groups as rows: a header row of measures
/// ("Shortlisted", "Appointed", "Likelihood") over rows labelled White, BME,
/// Unknown, Total. Read into lines, one per measure column.
pub(super) fn read_transposed(
    sheet: &Sheet,
    header_row: u32,
    header_cells: &[Cell],
    roles: &Roles<'_>,
    context: &dyn Fn() -> Context,
) -> Option<(GroupTable, u32)> {
    let knowledge = roles.knowledge;
    let mut measures: Vec<(u32, String, Role)> = Vec::new();
    for cell in header_cells {
        let Some(text) = cell.value.as_text() else {
            continue;
        };
        if text.chars().count() > 60 || roles.headers.classify(text).is_some() {
            continue;
        }
        if let Some(LabelRole::Line(mut role)) = roles.of(text) {
            // A column headed as a percentage ("% Appointed from
            // shortlisting") holds each group's rate, never its counts.
            if knowledge.data.is_share(text, &normalise(text)) {
                match role {
                    Role::Numerator(_) | Role::Likelihood => role = Role::Likelihood,
                    _ => continue,
                }
            }
            if matches!(
                role,
                Role::Numerator(_) | Role::Denominator(_) | Role::Workforce | Role::Likelihood
            ) {
                measures.push((cell.col, text.trim().to_owned(), role));
            }
        }
    }
    let has_numerator = measures
        .iter()
        .any(|(_, _, r)| matches!(r, Role::Numerator(_)));
    let has_denominator = measures
        .iter()
        .any(|(_, _, r)| matches!(r, Role::Denominator(_) | Role::Workforce));
    if !(has_numerator && has_denominator) {
        return None;
    }
    let first_col = measures.iter().map(|(c, _, _)| *c).min()?;

    let mut header = Vec::new();
    let mut lines: Vec<Line> = measures
        .iter()
        .map(|(col, text, role)| Line {
            label: text.clone(),
            label_cell: Some(sheet.cell_ref(header_row, *col)),
            role: *role,
            values: Default::default(),
            shares: Default::default(),
            difference: None,
        })
        .collect();
    let mut uncalculated = Vec::new();
    let mut relative_likelihood = None;
    let mut last = header_row;
    let mut row = header_row + 1;
    loop {
        let cells = sheet.row(row);
        if is_blank(cells) {
            break;
        }
        let (label, label_cell) = row_label(sheet, cells, first_col);
        let Some(label_cell) = label_cell else { break };
        if let Some(stated) = rl_line(sheet, row, cells, roles) {
            relative_likelihood.get_or_insert(stated);
            last = row;
            row += 1;
            continue;
        }
        let Some(group) = knowledge.data.group(&label) else {
            break;
        };
        last = row;
        header.push(HeaderColumn {
            col: label_cell.col,
            cell: label_cell,
            text: label,
            kind: ColumnKind::Group(group),
            year: None,
        });
        for (line, (col, _, _)) in lines.iter_mut().zip(&measures) {
            match read(sheet.cell_ref(row, *col), sheet.cell(row, *col)) {
                Reading::Figure(f) => line.values[group.index()] = Some(f),
                Reading::Uncalculated(at) => uncalculated.push(at),
                Reading::Nothing => {}
            }
        }
        row += 1;
    }
    let groups: Vec<Group> = header
        .iter()
        .filter_map(|h| match h.kind {
            ColumnKind::Group(g) => Some(g),
            _ => None,
        })
        .collect();
    if !(groups.contains(&Group::Reference) && groups.contains(&Group::Focus)) {
        return None;
    }
    if relative_likelihood.is_none() {
        if let Some((stated, at)) = relative_likelihood_below(sheet, row, roles) {
            relative_likelihood = Some(stated);
            last = at;
        }
    }
    lines.retain(|l| l.values.iter().any(Option::is_some));
    let context = context();
    let table = GroupTable {
        sheet: Arc::clone(&sheet.name),
        indicator: None,
        kind: TableKind::Likelihood,
        title: context.title.clone(),
        header,
        transposed: true,
        lines,
        relative_likelihood,
        uncalculated,
    };
    match finish(table, &context, knowledge) {
        DataTable::Groups(table) => Some((table, last)),
        DataTable::Survey(_) => None,
    }
}
