//! Pieces shared by the format readers to turn calamine's sheets into
//! wreslint's: positions, styles, merges and visibility.

use calamine::{Data, Dimensions, Range, SheetType, SheetVisible};

use super::value::from_data;
use super::{Limits, LoadError};
use crate::workbook::{Cell, Merge, Shown, Value, Visibility};

/// What a cell style contributes: decimals shown and a solid fill colour.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Look {
    pub(crate) shown: Option<Shown>,
    /// RGB hex, `FF0000`.
    pub(crate) fill: Option<Box<str>>,
}

impl Look {
    /// `None` when the style changes nothing wreslint reads, so callers
    /// can skip the cells that use it.
    pub(crate) fn new(shown: Option<Shown>, fill: Option<String>) -> Option<Look> {
        let fill = fill.map(String::into_boxed_str);
        (shown.is_some() || fill.is_some()).then_some(Look { shown, fill })
    }

    pub(crate) fn apply_to(&self, cell: &mut Cell) {
        cell.shown = self.shown;
        cell.fill.clone_from(&self.fill);
    }

    /// A cell without a value is kept only when it is coloured: plans mark
    /// indicators (RAG ratings, done/not done) with a fill alone.
    pub(crate) fn blank_cell(&self, row: u32, col: u32) -> Option<Cell> {
        self.fill.as_ref()?;
        let mut cell = Cell::new(row, col, Value::Empty);
        self.apply_to(&mut cell);
        Some(cell)
    }
}

/// `RRGGBB` from red, green and blue.
pub(crate) fn rgb_hex(red: u8, green: u8, blue: u8) -> String {
    format!("{red:02X}{green:02X}{blue:02X}")
}

/// Finds cells by position. Cells arrive in reading order, row-major in
/// every real file, so each lookup first tries the cells right after the
/// previous hit before a binary search; cells out of order are sorted
/// first (stably, so duplicates keep their order for `Sheet::new`).
pub(crate) struct Finder {
    next: usize,
}

impl Finder {
    pub(crate) fn new(cells: &mut [Cell]) -> Finder {
        if !cells
            .windows(2)
            .all(|w| (w[0].row, w[0].col) <= (w[1].row, w[1].col))
        {
            cells.sort_by_key(|c| (c.row, c.col));
        }
        Finder { next: 0 }
    }

    pub(crate) fn find<'c>(
        &mut self,
        cells: &'c mut [Cell],
        row: u32,
        col: u32,
    ) -> Option<&'c mut Cell> {
        let key = (row, col);
        let near = cells
            .get(self.next..)
            .unwrap_or_default()
            .iter()
            .take(2)
            .position(|c| (c.row, c.col) == key);
        let at = match near {
            Some(offset) => self.next + offset,
            None => cells.binary_search_by_key(&key, |c| (c.row, c.col)).ok()?,
        };
        self.next = at + 1;
        Some(&mut cells[at])
    }
}

/// The non-empty cells of a dense calamine range (xls, ods), moved out of
/// it rather than cloned. `Range::get` and row indices are relative to
/// `Range::start`; positions are made absolute here. Rows are measured from
/// the data itself: calamine can build an ods range whose last row is
/// short, and indexing it by its declared width would panic.
pub(crate) fn take_cells(mut range: Range<Data>, is_1904: bool) -> Vec<Cell> {
    let Some((first_row, first_col)) = range.start() else {
        return Vec::new();
    };
    let row_lengths: Vec<usize> = range.rows().map(<[Data]>::len).collect();
    let mut cells = Vec::new();
    for ((offset, len), row) in row_lengths.into_iter().enumerate().zip(first_row..) {
        for (index, col) in (0..len).zip(first_col..) {
            let data = &mut range[(offset, index)];
            if *data == Data::Empty {
                continue;
            }
            let value = from_data(std::mem::take(data), is_1904);
            if !is_blank(&value) {
                cells.push(Cell::new(row, col, value));
            }
        }
    }
    cells
}

/// Absolute positions of the formulas in calamine's (relative) formula range.
pub(crate) fn formula_positions(range: &Range<String>) -> Vec<(u32, u32)> {
    let Some((first_row, first_col)) = range.start() else {
        return Vec::new();
    };
    range
        .used_cells()
        .filter(|(_, _, formula)| !formula.is_empty())
        .map(|(row, col, _)| (first_row + row as u32, first_col + col as u32))
        .collect()
}

/// Flags formula cells; a formula without a cached value becomes an empty
/// formula cell, so rules still see that something is computed there.
pub(crate) fn mark_formulas(cells: &mut Vec<Cell>, positions: &[(u32, u32)]) {
    let mut finder = Finder::new(cells);
    let mut uncached = Vec::new();
    for &(row, col) in positions {
        match finder.find(cells, row, col) {
            Some(cell) => cell.formula = true,
            None => uncached.push(Cell {
                formula: true,
                ..Cell::new(row, col, Value::Empty)
            }),
        }
    }
    cells.append(&mut uncached);
}

/// Attaches looks to the cells at their positions; a blank position gets a
/// cell of its own when its look is a fill.
pub(crate) fn apply_looks<'l>(
    cells: &mut Vec<Cell>,
    styled: impl IntoIterator<Item = (u32, u32, &'l Look)>,
) {
    let mut finder = Finder::new(cells);
    let mut blanks = Vec::new();
    for (row, col, look) in styled {
        match finder.find(cells, row, col) {
            Some(cell) => look.apply_to(cell),
            None => blanks.extend(look.blank_cell(row, col)),
        }
    }
    cells.append(&mut blanks);
}

/// A value not worth a sparse cell: nothing, or the empty string.
pub(crate) fn is_blank(value: &Value) -> bool {
    match value {
        Value::Empty => true,
        Value::Text(text) => text.is_empty(),
        _ => false,
    }
}

/// A merged region from calamine's inclusive dimensions, corners ordered.
pub(crate) fn merge(d: &Dimensions) -> Merge {
    Merge {
        first_row: d.start.0.min(d.end.0),
        first_col: d.start.1.min(d.end.1),
        last_row: d.start.0.max(d.end.0),
        last_col: d.start.1.max(d.end.1),
    }
}

/// Checks a streamed sheet (xlsx, xlsb) by the cells it has, not by the
/// rectangle they span: the cells are kept sparse from here on (rows are
/// found through the cells present, never walked from first to last), so
/// a sheet with one cell at A1 and one at XFD1048576 costs two cells. The
/// `<dimension>` an xlsx declares is not used either: some writers declare
/// the whole grid for a few cells. (xls and ods are different: calamine
/// builds their sheets as dense rectangles, so their extent is checked
/// before it does, in `biff.rs` and `ods_scan.rs`.)
pub(crate) fn check_used_area(
    _sheet: &str,
    cells: &[Cell],
    limits: &Limits,
) -> Result<(), LoadError> {
    limits.check_cell_count(cells.len() as u64)
}

pub(crate) fn visibility(visible: SheetVisible) -> Visibility {
    match visible {
        SheetVisible::Visible => Visibility::Visible,
        SheetVisible::Hidden => Visibility::Hidden,
        SheetVisible::VeryHidden => Visibility::VeryHidden,
    }
}

/// Chart, dialog and macro sheets hold no cells a plan can use; they are
/// skipped rather than treated as errors.
pub(crate) fn is_worksheet(typ: SheetType) -> bool {
    typ == SheetType::WorkSheet
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(positions: &[(u32, u32)]) -> Vec<Cell> {
        positions
            .iter()
            .map(|&(r, c)| Cell::new(r, c, Value::Number(1.0)))
            .collect()
    }

    #[test]
    fn finder_follows_reading_order_and_falls_back() {
        let mut v = cells(&[(0, 0), (0, 3), (2, 1), (5, 5)]);
        let mut finder = Finder::new(&mut v);
        assert!(finder.find(&mut v, 0, 3).is_some());
        assert!(finder.find(&mut v, 2, 1).is_some());
        assert!(finder.find(&mut v, 0, 0).is_some());
        assert!(finder.find(&mut v, 4, 4).is_none());
        let mut unsorted = cells(&[(3, 0), (1, 0)]);
        let mut finder = Finder::new(&mut unsorted);
        assert!(finder.find(&mut unsorted, 1, 0).is_some());
        assert!(finder.find(&mut unsorted, 3, 0).is_some());
    }

    #[test]
    fn merges_are_ordered() {
        let d = Dimensions::new((3, 4), (1, 2));
        assert_eq!(
            merge(&d),
            Merge {
                first_row: 1,
                first_col: 2,
                last_row: 3,
                last_col: 4
            }
        );
    }

    /// Issue 19: a sparse sheet was refused as if its rectangle were full.
    #[test]
    fn a_streamed_sheet_is_judged_by_its_cells_not_their_rectangle() {
        let limits = Limits {
            max_cells: 2,
            ..Limits::default()
        };
        let corners = cells(&[(0, 0), (1_048_575, 16_383)]);
        assert!(check_used_area("S", &corners, &limits).is_ok());
        let err = check_used_area("S", &cells(&[(0, 0), (0, 1), (0, 2)]), &limits).unwrap_err();
        assert_eq!(
            err.to_string(),
            "too large: number of cells in a sheet is 3, more than the limit of 2"
        );
    }
}
