//! xlsb: cells streamed with calamine's cell reader, after the declared
//! dimensions are checked. calamine exposes no styles (beyond the date
//! detection it does itself) and no merged regions for xlsb, so `shown`,
//! `fill` and `merges` stay empty.

use std::io::Cursor;
use std::panic::{self, AssertUnwindSafe};

use calamine::{Reader, Xlsb, XlsbError};

use super::sheet::{check_used_area, is_blank, is_worksheet, mark_formulas, visibility};
use super::value::from_data_ref;
use super::{Limits, LoadError};
use crate::workbook::{Cell, Sheet, Workbook};

type Source<'a> = Cursor<&'a [u8]>;

const FORMAT: &str = "xlsb";

pub(crate) fn load(bytes: &[u8], limits: &Limits) -> Result<Workbook, LoadError> {
    let mut xlsb: Xlsb<Source<'_>> = Xlsb::new(Cursor::new(bytes)).map_err(error)?;
    let is_1904 = xlsb.has_1904_epoch();
    let metadata = xlsb.sheets_metadata().to_vec();
    let mut sheets = Vec::with_capacity(metadata.len());
    for meta in metadata.iter().filter(|m| is_worksheet(m.typ)) {
        let mut cells = read_values(&mut xlsb, &meta.name, is_1904, limits)?;
        read_formulas(&mut xlsb, &meta.name, &mut cells);
        check_used_area(&meta.name, &cells, limits)?;
        let mut sheet = Sheet::new(&meta.name, cells, Vec::new());
        sheet.visibility = visibility(meta.visible);
        sheets.push(sheet);
    }
    Ok(Workbook {
        sheets,
        ..Workbook::default()
    })
}

fn read_values(
    xlsb: &mut Xlsb<Source<'_>>,
    name: &str,
    is_1904: bool,
    limits: &Limits,
) -> Result<Vec<Cell>, LoadError> {
    let mut reader = xlsb.worksheet_cells_reader(name).map_err(error)?;
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(error)? {
        // calamine's `Cell` only lends its value: owned strings are copied.
        let value = from_data_ref(cell.get_value().clone(), is_1904);
        if is_blank(&value) {
            continue;
        }
        let (row, col) = cell.get_position();
        cells.push(Cell::new(row, col, value));
        limits.check_cell_count(cells.len() as u64)?;
    }
    Ok(cells)
}

/// Marks formula cells, best effort: calamine decodes every formula to
/// text to report it, and fails (or panics) on tokens it does not know, so
/// a failure here keeps the flags found so far instead of failing the
/// load. Formula cells whose cached value is an error are dropped by
/// calamine's value reader; they come back here as empty formula cells.
fn read_formulas(xlsb: &mut Xlsb<Source<'_>>, name: &str, cells: &mut Vec<Cell>) {
    let mut positions = Vec::new();
    let _ = panic::catch_unwind(AssertUnwindSafe(|| -> Result<(), XlsbError> {
        let mut reader = xlsb.worksheet_cells_reader(name)?;
        while let Some(formula) = reader.next_formula()? {
            if !formula.get_value().is_empty() {
                positions.push(formula.get_position());
            }
        }
        Ok(())
    }));
    mark_formulas(cells, &positions);
}

fn error(e: XlsbError) -> LoadError {
    match e {
        XlsbError::Password => LoadError::Encrypted,
        XlsbError::Ptg(_) | XlsbError::Etpg(_) | XlsbError::IfTab(_) | XlsbError::BErr(_) => {
            LoadError::unsupported(FORMAT, e)
        }
        e => LoadError::corrupt(FORMAT, e),
    }
}
