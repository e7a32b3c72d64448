//! Reading the data tables of one sheet, top to bottom.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use crate::knowledge::{normalise, Group, Knowledge, MeasureKind};
use crate::location::CellRef;
use crate::model::links::parse_link;
use crate::workbook::{Cell, Sheet};

use super::figure::{read, Figure, Reading};
use super::header::{read_header, year_in, Classifier, ColumnKind, HeaderColumn};
use super::{
    DataTable, GroupTable, Line, Role, StatedRatio, SurveyRow, SurveyTable, SurveyValue, TableKind,
};

mod profile;
mod transposed;

/// Blank rows a relative-likelihood line may stand below its table.
const RL_LOOKAHEAD: u32 = 2;

/// What a row label says the row holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LabelRole {
    RelativeLikelihood,
    Line(Role),
}

/// Every data table on a sheet.
pub(super) fn read_sheet(sheet: &Sheet, knowledge: &Knowledge) -> Vec<DataTable> {
    let roles = Roles::new(knowledge);
    let mut tables = Vec::new();
    let mut free_from = 0u32;
    // The indicators the last title outside a table named ("Indicator 2: …").
    let mut mentioned: Vec<u8> = Vec::new();
    // The last non-blank row seen outside a table, for a table's title.
    let mut previous: Option<(u32, &[Cell])> = None;
    for (row, cells) in sheet.rows() {
        if row < free_from {
            continue;
        }
        if text_cells(cells) >= 2 {
            let context = || Context::at(&mentioned, previous, sheet, row, knowledge);
            if let Some(columns) = read_header(sheet, row, cells, &roles.headers) {
                let (table, last) = read_by_columns(sheet, row, columns, &roles, &context());
                free_from = last + 1;
                // A White/BME header over prose or nothing is not a table of figures.
                let empty = matches!(&table, DataTable::Groups(t)
                    if t.lines.is_empty() && t.relative_likelihood.is_none() && t.uncalculated.is_empty());
                if !empty {
                    tables.push(table);
                }
                continue;
            }
            if let Some((table, last)) =
                transposed::read_transposed(sheet, row, cells, &roles, &context)
                    .or_else(|| profile::read_profile(sheet, row, cells, &roles, &context))
            {
                free_from = last + 1;
                tables.push(DataTable::Groups(table));
                continue;
            }
        }
        if let Some(numbers) = row_mention(cells, u32::MAX, knowledge) {
            mentioned = numbers;
        }
        if !is_blank(cells) {
            previous = Some((row, cells));
        }
    }
    tables
}

/// The indicators the first title-like cell of a row, left of `before_col`,
/// names.
fn row_mention(cells: &[Cell], before_col: u32, knowledge: &Knowledge) -> Option<Vec<u8>> {
    cells
        .iter()
        .take_while(|c| c.col < before_col)
        .find_map(|c| c.value.as_text().and_then(|t| mention(t, knowledge)))
}

/// Non-empty text cells of a row: a header needs at least two.
fn text_cells(cells: &[Cell]) -> usize {
    cells
        .iter()
        .filter(|c| c.value.as_text().is_some_and(|t| !t.trim().is_empty()))
        .count()
}

/// How many row labels [`Roles`] remembers.
const MAX_REMEMBERED_LABELS: usize = 4096;

/// Row-label roles and header kinds, remembered per text: band names,
/// table rows and headers repeat.
struct Roles<'k> {
    knowledge: &'k Knowledge,
    headers: Classifier<'k>,
    cache: RefCell<HashMap<String, Option<LabelRole>>>,
}

impl<'k> Roles<'k> {
    fn new(knowledge: &'k Knowledge) -> Roles<'k> {
        Roles {
            knowledge,
            headers: Classifier::new(knowledge),
            cache: RefCell::new(HashMap::new()),
        }
    }

    fn of(&self, label: &str) -> Option<LabelRole> {
        if let Some(role) = self.cache.borrow().get(label) {
            return *role;
        }
        let role = label_role(label, self.knowledge);
        let mut cache = self.cache.borrow_mut();
        // Real tables repeat a few hundred labels; a table of unique labels
        // would otherwise keep a copy of every one.
        if cache.len() < MAX_REMEMBERED_LABELS {
            cache.insert(label.to_owned(), role);
        }
        role
    }
}

/// The indicators a title names, when it starts with an indicator word.
fn mention(text: &str, knowledge: &Knowledge) -> Option<Vec<u8>> {
    let first = text
        .trim_start()
        .split(|c: char| !c.is_alphanumeric())
        .next()?;
    let is_word = knowledge
        .indicator_words
        .iter()
        .any(|w| w != "wres" && w.eq_ignore_ascii_case(first));
    // A title names a number ("Indicator 2: …"); a bare "Indicator" header
    // does not, and is not worth parsing.
    if !is_word || !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let links = parse_link(text, knowledge);
    (!links.numbers.is_empty()).then_some(links.numbers)
}

/// What the text above a table says about it.
struct Context {
    /// The indicators the nearest title above names.
    indicators: Vec<u8>,
    /// The text-only row just above the header ("Clinical staff").
    title: Option<String>,
}

impl Context {
    fn at(
        mentioned: &[u8],
        previous: Option<(u32, &[Cell])>,
        sheet: &Sheet,
        header_row: u32,
        knowledge: &Knowledge,
    ) -> Context {
        let mut indicators = mentioned.to_vec();
        if indicators.is_empty() {
            // "Indicator 9" as a sheet name.
            indicators = mention(&sheet.name, knowledge).unwrap_or_default();
        }
        // The nearest non-blank row above, within two rows, when it holds
        // one text cell.
        let title = previous
            .filter(|(row, _)| row + 2 >= header_row)
            .and_then(|(_, cells)| {
                let mut used = cells.iter().filter(|c| !c.value.is_empty());
                match (used.next(), used.next()) {
                    (Some(cell), None) => cell.value.as_text().map(|t| t.trim().to_owned()),
                    _ => None,
                }
            });
        Context { indicators, title }
    }

    fn single(&self) -> Option<u8> {
        match self.indicators.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }
}

/// What a row label says, from the standard's vocabulary.
fn label_role(label: &str, knowledge: &Knowledge) -> Option<LabelRole> {
    let text = normalise(label);
    if text.is_empty() {
        return None;
    }
    let rows = &knowledge.data.rows;
    if rows.relative_likelihood.start(&text) {
        return Some(LabelRole::RelativeLikelihood);
    }
    if rows.likelihood.found_in(&text) {
        return Some(LabelRole::Line(Role::Likelihood));
    }
    if rows.board_voting.start(&text) {
        return Some(LabelRole::Line(Role::BoardVoting));
    }
    if rows.non_executive.start(&text) {
        return Some(LabelRole::Line(Role::NonExecutive));
    }
    if rows.executive.start(&text) {
        return Some(LabelRole::Line(Role::Executive));
    }
    let likelihood_measures = || {
        knowledge.indicators.iter().filter_map(|i| {
            i.measure
                .as_ref()
                .filter(|m| m.kind == MeasureKind::RelativeLikelihood)
                .map(|m| (i.number, m))
        })
    };
    if let Some((number, _)) = likelihood_measures().find(|(_, m)| m.numerator.found_in(&text)) {
        return Some(LabelRole::Line(Role::Numerator(number)));
    }
    if rows.total.start(&text) {
        return Some(LabelRole::Line(Role::Total));
    }
    if rows.workforce.found_in(&text) {
        return Some(LabelRole::Line(Role::Workforce));
    }
    if let Some((number, _)) = likelihood_measures().find(|(_, m)| m.denominator.found_in(&text)) {
        return Some(LabelRole::Line(Role::Denominator(number)));
    }
    if rows.bands.start(&text) {
        return Some(LabelRole::Line(Role::Band));
    }
    Some(LabelRole::Line(Role::Other))
}

fn is_blank(cells: &[Cell]) -> bool {
    cells.iter().all(|c| c.value.is_empty() && !c.formula)
}

/// The cell of a row's cells in a column.
fn cell_in(cells: &[Cell], col: u32) -> Option<&Cell> {
    cells
        .binary_search_by_key(&col, |c| c.col)
        .ok()
        .map(|i| &cells[i])
}

/// The label of a row: its text cells left of `before_col`, and the first of them.
fn row_label(sheet: &Sheet, cells: &[Cell], before_col: u32) -> (String, Option<CellRef>) {
    let mut label = String::new();
    let mut first = None;
    for cell in cells.iter().take_while(|c| c.col < before_col) {
        if let Some(text) = cell.value.as_text() {
            let text = text.trim();
            if !text.is_empty() {
                if !label.is_empty() {
                    label.push(' ');
                }
                label.push_str(text);
                first.get_or_insert_with(|| sheet.cell_ref(cell.row, cell.col));
            }
        }
    }
    (label, first)
}

/// The first figure on a row right of `col`.
fn first_figure_after(sheet: &Sheet, cells: &[Cell], col: u32) -> Option<Figure> {
    cells.iter().filter(|c| c.col > col).find_map(|c| {
        match read(sheet.cell_ref(c.row, c.col), Some(c)) {
            Reading::Figure(f) => Some(f),
            _ => None,
        }
    })
}

/// A relative-likelihood line at `row`: its label and stated figure.
/// A relative-likelihood line standing a blank row or two under a table
/// that ended before `row`, and the row it stands on: the first non-blank
/// row within reach, if it is one.
fn relative_likelihood_below(
    sheet: &Sheet,
    row: u32,
    roles: &Roles<'_>,
) -> Option<(StatedRatio, u32)> {
    let ahead = (row + 1..=row + RL_LOOKAHEAD).find(|&r| !is_blank(sheet.row(r)))?;
    rl_line(sheet, ahead, sheet.row(ahead), roles).map(|stated| (stated, ahead))
}

fn rl_line(sheet: &Sheet, row: u32, cells: &[Cell], roles: &Roles<'_>) -> Option<StatedRatio> {
    let label_cell = cells
        .iter()
        .find(|c| c.value.as_text().is_some_and(|t| !t.trim().is_empty()))?;
    let label = label_cell.text();
    if roles.of(&label) != Some(LabelRole::RelativeLikelihood) {
        return None;
    }
    let figure = first_figure_after(sheet, cells, label_cell.col)?;
    Some(StatedRatio {
        label: label.trim().to_owned(),
        label_cell: sheet.cell_ref(row, label_cell.col),
        figure,
    })
}

/// A table whose columns are groups: lines are rows.
fn read_by_columns(
    sheet: &Sheet,
    header_row: u32,
    columns: Vec<HeaderColumn>,
    roles: &Roles<'_>,
    context: &Context,
) -> (DataTable, u32) {
    let knowledge = roles.knowledge;
    let first_col = columns.iter().map(|c| c.col).min().unwrap_or(0);
    let survey = columns.iter().filter(|c| c.year.is_some()).count() >= 2;
    // At most one line per row below the header: reserved up front (and
    // shrunk to fit at the end), so a long table never holds its lines
    // twice while a growing vector moves them.
    let mut lines = Vec::with_capacity(if survey {
        0
    } else {
        sheet.rows_below(header_row)
    });
    let mut survey_rows = Vec::new();
    let mut uncalculated = Vec::new();
    let mut relative_likelihood = None;
    let mut last = header_row;

    let mut row = header_row + 1;
    loop {
        let cells = sheet.row(row);
        if is_blank(cells)
            || (text_cells(cells) >= 2 && read_header(sheet, row, cells, &roles.headers).is_some())
        {
            break;
        }
        last = row;
        let (label, label_cell) = row_label(sheet, cells, first_col);
        let role = roles.of(&label);
        if role == Some(LabelRole::RelativeLikelihood) && !survey {
            if let Some(cell) = &label_cell {
                if let Some(figure) = first_figure_after(sheet, cells, cell.col) {
                    relative_likelihood.get_or_insert(StatedRatio {
                        label: label.clone(),
                        label_cell: cell.clone(),
                        figure,
                    });
                }
            }
            row += 1;
            continue;
        }
        let mut values: [Option<Figure>; 4] = Default::default();
        let mut shares: [Option<Figure>; 4] = Default::default();
        let mut difference = None;
        let mut survey_values = Vec::with_capacity(if survey { columns.len() } else { 0 });
        for column in &columns {
            let at = sheet.cell_ref(row, column.col);
            let figure = match read(at, cell_in(cells, column.col)) {
                Reading::Figure(f) => f,
                Reading::Uncalculated(at) => {
                    uncalculated.push(at);
                    continue;
                }
                Reading::Nothing => continue,
            };
            if survey {
                let (group, responses) = match column.kind {
                    ColumnKind::Group(g) => (g, false),
                    ColumnKind::Responses(g) => (g, true),
                    ColumnKind::Share(_) | ColumnKind::Difference => continue,
                };
                survey_values.push(SurveyValue {
                    year: column.year,
                    group,
                    responses,
                    figure,
                });
                continue;
            }
            match column.kind {
                ColumnKind::Group(g) => values[g.index()] = Some(figure),
                ColumnKind::Share(g) => shares[g.index()] = Some(figure),
                ColumnKind::Difference => difference = Some(Box::new(figure)),
                ColumnKind::Responses(_) => {}
            }
        }
        if survey {
            if !survey_values.is_empty() {
                survey_rows.push(SurveyRow {
                    indicator: row_mention(cells, first_col, knowledge)
                        .and_then(|n| (n.len() == 1).then(|| n[0])),
                    label,
                    label_cell,
                    values: survey_values,
                });
            }
        } else if values.iter().chain(&shares).any(Option::is_some) || difference.is_some() {
            let role = match role {
                Some(LabelRole::Line(role)) => role,
                _ => Role::Other,
            };
            lines.push(Line {
                label,
                label_cell,
                role,
                values,
                shares: Group::ALL
                    .into_iter()
                    .filter_map(|g| shares[g.index()].take().map(|f| (g, f)))
                    .collect::<Vec<_>>()
                    .into_boxed_slice(),
                difference,
            });
        }
        row += 1;
    }

    // A relative-likelihood line standing a blank row or two under the table.
    if relative_likelihood.is_none() && !survey {
        if let Some((stated, at)) = relative_likelihood_below(sheet, row, roles) {
            relative_likelihood = Some(stated);
            last = at;
        }
    }

    if survey {
        let years = year_marks(
            columns
                .iter()
                .filter_map(|c| c.year.map(|y| (y, c.cell.clone()))),
        );
        let mut rows = survey_rows;
        if let Some(indicator) = context.single() {
            for survey_row in rows.iter_mut().filter(|r| r.indicator.is_none()) {
                survey_row.indicator = Some(indicator);
            }
        }
        let table = SurveyTable {
            sheet: Arc::clone(&sheet.name),
            title: context.title.clone(),
            years,
            rows,
            uncalculated,
        };
        return (DataTable::Survey(table), last);
    }

    // Kept for the whole lint: a large table's growth slack is megabytes.
    lines.shrink_to_fit();
    let table = GroupTable {
        sheet: Arc::clone(&sheet.name),
        indicator: None,
        kind: TableKind::Other,
        title: context.title.clone(),
        header: columns,
        transposed: false,
        lines,
        relative_likelihood,
        uncalculated,
    };
    (finish(table, context, knowledge), last)
}

/// Settle a group table's kind and indicator; a table whose lines are all
/// years is a survey trend written down the page.
fn finish(mut table: GroupTable, context: &Context, knowledge: &Knowledge) -> DataTable {
    let has = |f: &dyn Fn(Role) -> bool| table.lines.iter().any(|l| f(l.role));
    let numerator_of = table.lines.iter().find_map(|l| match l.role {
        Role::Numerator(n) => Some(n),
        _ => None,
    });
    let denominator_of = table.lines.iter().find_map(|l| match l.role {
        Role::Denominator(n) => Some(n),
        _ => None,
    });
    table.kind = if numerator_of.is_some()
        || has(&|r| r == Role::Likelihood)
        || table.relative_likelihood.is_some()
    {
        TableKind::Likelihood
    } else if has(&Role::is_board) {
        TableKind::Board
    } else if has(&|r| r == Role::Band) {
        TableKind::Bands
    } else {
        TableKind::Other
    };
    table.indicator = match table.kind {
        TableKind::Likelihood => numerator_of.or(denominator_of).or_else(|| {
            context.single().filter(|n| {
                knowledge
                    .measure(*n)
                    .is_some_and(|m| m.kind == MeasureKind::RelativeLikelihood)
            })
        }),
        TableKind::Bands => knowledge.indicator_of(MeasureKind::Share),
        TableKind::Board => knowledge.indicator_of(MeasureKind::PercentagePoints),
        TableKind::Other => context.single(),
    };

    let years: Vec<Option<u16>> = table
        .lines
        .iter()
        .map(|l| {
            let short = l.label.chars().count() <= 12;
            short.then(|| year_in(&l.label)).flatten()
        })
        .collect();
    if table.kind == TableKind::Other && years.len() >= 2 && years.iter().all(Option::is_some) {
        return DataTable::Survey(survey_down(table, context));
    }
    DataTable::Groups(table)
}

/// A trend written down the page: one row per survey year, groups as columns.
fn survey_down(table: GroupTable, context: &Context) -> SurveyTable {
    let mut values = Vec::new();
    let mut marks = Vec::new();
    for line in &table.lines {
        let year = year_in(&line.label);
        if let (Some(year), Some(cell)) = (year, &line.label_cell) {
            marks.push((year, cell.clone()));
        }
        for group in Group::ALL {
            if let Some(figure) = line.value(group) {
                values.push(SurveyValue {
                    year,
                    group,
                    responses: false,
                    figure: figure.clone(),
                });
            }
        }
    }
    SurveyTable {
        sheet: table.sheet,
        title: table.title.clone(),
        years: year_marks(marks.into_iter()),
        rows: vec![SurveyRow {
            indicator: context.single(),
            label: table.title.unwrap_or_default(),
            label_cell: None,
            values,
        }],
        uncalculated: table.uncalculated,
    }
}

/// One mark per run of the same year, in reading order.
fn year_marks(years: impl Iterator<Item = (u16, CellRef)>) -> Vec<(u16, CellRef)> {
    let mut marks: Vec<(u16, CellRef)> = Vec::new();
    for (year, cell) in years {
        if marks.last().is_none_or(|(last, _)| *last != year) {
            marks.push((year, cell));
        }
    }
    marks
}
