//! A workbook as wreslint sees it after loading: sheets of sparse cells, each
//! with its absolute position, shown precision, merges and visibility. The loader
//! fills it from calamine; everything after the loader reads only this.

use std::sync::Arc;

use crate::date::Date;
use crate::location::CellRef;

/// The container format, detected from content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Xlsx,
    Xlsm,
    Xlsb,
    Xls,
    Ods,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsm => "xlsm",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Workbook {
    pub sheets: Vec<Sheet>,
    /// The format the loader read, so later stages need not sniff the
    /// bytes again; `None` for a workbook built in memory.
    pub format: Option<Format>,
    /// Sheets the workbook lists but the loader could not read, while the
    /// others were: `sheet-not-read` reports each.
    pub unread: Vec<UnreadSheet>,
}

/// A sheet left out of the workbook, and why (one clause: "it is an Excel
/// 4.0 (XLM) macro sheet").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnreadSheet {
    pub name: String,
    pub why: String,
}

impl Workbook {
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| &*s.name == name)
    }

    /// The cell at an absolute reference, if it holds anything.
    pub fn cell(&self, at: &CellRef) -> Option<&Cell> {
        self.sheet(&at.sheet)?.cell(at.row, at.col)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Visibility {
    #[default]
    Visible,
    Hidden,
    VeryHidden,
}

/// One sheet. Cells are sparse and kept sorted by (row, col).
#[derive(Clone, Debug)]
pub struct Sheet {
    pub name: Arc<str>,
    pub visibility: Visibility,
    cells: Vec<Cell>,
    /// Each row that has cells, and where its cells start in `cells`: a
    /// lookup searches this short, cache-friendly list and then one row,
    /// rather than every cell of the sheet.
    row_starts: Vec<(u32, usize)>,
    /// For a sheet whose rows are mostly used (nearly every real one): for
    /// each row from the first, its index in `row_starts` (`u32::MAX` for
    /// none), so a lookup costs no search. Empty for a sparse sheet, which
    /// searches `row_starts` instead.
    row_slots: Vec<u32>,
    /// Sorted by first row.
    merges: Vec<Merge>,
    /// `merge_reach[i]`: the furthest last row of `merges[..=i]`, so a
    /// lookup stops as soon as no earlier region can reach down to its row.
    merge_reach: Vec<u32>,
    /// Cell notes (comments), where the format's reader provides them (xlsx, xlsm).
    pub notes: Vec<Note>,
}

/// A note (comment) attached to a cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub row: u32,
    pub col: u32,
    pub text: String,
}

impl Sheet {
    /// A sheet from cells in any order; later duplicates of a position win.
    pub fn new(name: &str, mut cells: Vec<Cell>, mut merges: Vec<Merge>) -> Sheet {
        cells.sort_by_key(|c| (c.row, c.col));
        cells.dedup_by(|later, earlier| {
            let same = (later.row, later.col) == (earlier.row, earlier.col);
            if same {
                std::mem::swap(later, earlier);
            }
            same
        });
        let row_starts: Vec<(u32, usize)> = cells
            .chunk_by(|a, b| a.row == b.row)
            .scan(0, |start, row| {
                let entry = (row[0].row, *start);
                *start += row.len();
                Some(entry)
            })
            .collect();
        let row_slots = row_slots(&row_starts);
        merges.sort_by_key(|m| (m.first_row, m.first_col));
        let merge_reach = merges
            .iter()
            .scan(0, |reach, m| {
                *reach = m.last_row.max(*reach);
                Some(*reach)
            })
            .collect();
        Sheet {
            name: Arc::from(name),
            visibility: Visibility::Visible,
            cells,
            row_starts,
            row_slots,
            merges,
            merge_reach,
            notes: Vec::new(),
        }
    }

    /// The merged regions, top to bottom.
    pub fn merges(&self) -> &[Merge] {
        &self.merges
    }

    pub fn cells(&self) -> &[Cell] {
        &self.cells
    }

    pub fn cell(&self, row: u32, col: u32) -> Option<&Cell> {
        let cells = self.row(row);
        cells
            .binary_search_by_key(&col, |c| c.col)
            .ok()
            .map(|i| &cells[i])
    }

    /// The non-empty cells of one row, left to right.
    pub fn row(&self, row: u32) -> &[Cell] {
        let i = if self.row_slots.is_empty() {
            match self.row_starts.binary_search_by_key(&row, |r| r.0) {
                Ok(i) => i,
                Err(_) => return &[],
            }
        } else {
            let first = self.row_starts[0].0;
            match row
                .checked_sub(first)
                .and_then(|offset| self.row_slots.get(offset as usize))
            {
                Some(&slot) if slot != u32::MAX => slot as usize,
                _ => return &[],
            }
        };
        let start = self.row_starts[i].1;
        let end = self
            .row_starts
            .get(i + 1)
            .map_or(self.cells.len(), |next| next.1);
        &self.cells[start..end]
    }

    /// How many rows below `row` have cells.
    pub fn rows_below(&self, row: u32) -> usize {
        self.row_starts.len() - self.row_starts.partition_point(|r| r.0 <= row)
    }

    /// The non-empty cells of each row that has any, top to bottom.
    pub fn rows(&self) -> impl Iterator<Item = (u32, &[Cell])> {
        self.cells
            .chunk_by(|a, b| a.row == b.row)
            .map(|row| (row[0].row, row))
    }

    /// The merged region covering a position, if any.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<&Merge> {
        // Plans merge many labels down over their actions: a scan of every
        // region for every cell looked up made reading a plan quadratic.
        let starting_above = self.merges.partition_point(|m| m.first_row <= row);
        (0..starting_above)
            .rev()
            .take_while(|&i| self.merge_reach[i] >= row)
            .map(|i| &self.merges[i])
            .find(|m| m.contains(row, col))
    }

    /// The cell whose value shows at a position: the cell itself, or the
    /// top-left cell of the merged region covering it.
    pub fn shown_cell(&self, row: u32, col: u32) -> Option<&Cell> {
        match self.merge_at(row, col) {
            Some(m) => self.cell(m.first_row, m.first_col),
            None => self.cell(row, col),
        }
    }

    pub fn cell_ref(&self, row: u32, col: u32) -> CellRef {
        CellRef::new(&self.name, row, col)
    }

    pub fn last_row(&self) -> Option<u32> {
        self.cells.last().map(|c| c.row)
    }
}

/// [`Sheet::row_slots`] of a sheet's row starts: kept only while it costs
/// no more than a few bytes for each row that has cells.
fn row_slots(row_starts: &[(u32, usize)]) -> Vec<u32> {
    let (Some(first), Some(last)) = (row_starts.first(), row_starts.last()) else {
        return Vec::new();
    };
    let span = (last.0 - first.0) as usize + 1;
    if span > 2 * row_starts.len() + 64 || row_starts.len() >= u32::MAX as usize {
        return Vec::new();
    }
    let mut slots = vec![u32::MAX; span];
    for (i, &(row, _)) in row_starts.iter().enumerate() {
        slots[(row - first.0) as usize] = i as u32;
    }
    slots
}

/// A merged region, inclusive bounds, 0-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

impl Merge {
    pub fn contains(&self, row: u32, col: u32) -> bool {
        (self.first_row..=self.last_row).contains(&row)
            && (self.first_col..=self.last_col).contains(&col)
    }
}

/// One non-empty cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub row: u32,
    pub col: u32,
    pub value: Value,
    /// How the number format shows a number, when the format is known.
    pub shown: Option<Shown>,
    /// The cell holds a formula; `value` is its cached result (`Empty` if none).
    pub formula: bool,
    /// A solid fill colour as RGB hex (`FF0000`), where the reader gives it.
    pub fill: Option<Box<str>>,
}

impl Cell {
    pub fn new(row: u32, col: u32, value: Value) -> Cell {
        Cell {
            row,
            col,
            value,
            shown: None,
            formula: false,
            fill: None,
        }
    }

    /// The cell's text as a person reads it: text as is, numbers plainly.
    pub fn text(&self) -> String {
        self.value.to_text()
    }
}

/// How a number format shows a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shown {
    /// Digits after the decimal point.
    pub decimals: u8,
    /// The format multiplies by 100 and appends `%`.
    pub percent: bool,
}

/// A cell value, normalised across formats.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Empty,
    Text(Box<str>),
    Number(f64),
    Bool(bool),
    /// A date (date-typed cell, or an ISO date string from ods).
    Date(Date),
    /// An error cell such as `#DIV/0!`.
    Error(Box<str>),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    pub fn to_text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(t) => t.to_string(),
            Value::Number(n) => format_number(*n),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            Value::Date(d) => d.to_string(),
            Value::Error(e) => e.to_string(),
        }
    }
}

/// The sheet an annotated copy adds, listing every finding.
pub const SUMMARY_SHEET: &str = "wreslint summary";
/// The sheet an annotated copy adds, of indicators against actions.
pub const COVERAGE_SHEET: &str = "wreslint coverage";

/// Is this one of the sheets wreslint adds to an annotated copy? They hold
/// no plan (the model skips them), and a copy annotated again has them
/// replaced.
pub fn is_summary_sheet(name: &str) -> bool {
    name == SUMMARY_SHEET || name == COVERAGE_SHEET
}

/// A number as a person would type it: no trailing `.0` on whole numbers.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text_cell(row: u32, col: u32) -> Cell {
        Cell {
            row,
            col,
            value: Value::Text(format!("{row},{col}").into()),
            shown: None,
            formula: false,
            fill: None,
        }
    }

    proptest! {
        /// The row index and the merge index answer exactly as a scan of
        /// every cell and every region would.
        #[test]
        fn indexed_lookups_agree_with_scans(
            positions in proptest::collection::vec((0u32..40, 0u32..8), 0..120),
            regions in proptest::collection::vec((0u32..40, 0u32..8, 0u32..12, 0u32..3), 0..12),
            // Rows far apart: a sparse sheet, searched rather than slotted.
            spread in prop_oneof![Just(1u32), Just(1000u32)],
        ) {
            let cells: Vec<Cell> = positions.iter().map(|&(r, c)| text_cell(r * spread, c)).collect();
            let merges: Vec<Merge> = regions
                .iter()
                .map(|&(r, c, h, w)| Merge { first_row: r * spread, first_col: c, last_row: (r + h) * spread, last_col: c + w })
                .collect();
            let sheet = Sheet::new("S", cells, merges.clone());
            for row in (0..45).flat_map(|r| [r * spread, r * spread + 1]) {
                let below = sheet.cells().iter().filter(|c| c.row > row).map(|c| c.row).collect::<std::collections::BTreeSet<_>>();
                prop_assert_eq!(sheet.rows_below(row), below.len());
                let scanned: Vec<&Cell> = sheet.cells().iter().filter(|c| c.row == row).collect();
                let indexed: Vec<&Cell> = sheet.row(row).iter().collect();
                prop_assert_eq!(scanned, indexed);
                for col in 0..12 {
                    let scanned = sheet.cells().iter().find(|c| (c.row, c.col) == (row, col));
                    prop_assert_eq!(sheet.cell(row, col), scanned);
                    let covering = merges.iter().any(|m| m.contains(row, col));
                    let found = sheet.merge_at(row, col);
                    prop_assert_eq!(found.is_some(), covering);
                    prop_assert!(found.is_none_or(|m| m.contains(row, col)));
                }
            }
        }
    }
}
