//! ods: pre-scanned by [`ods_scan`] (limits, merges, error
//! cells, styles), then read whole by calamine, which parses every sheet
//! when it opens the file.

use std::io::{Cursor, Read};

use calamine::{Ods, OdsError, Reader};
use zip::ZipArchive;

use super::ods_scan::{self, Scan, TableScan};
use super::sheet::{
    apply_looks, formula_positions, is_worksheet, mark_formulas, take_cells, visibility, Finder,
};
use super::{Limits, LoadError};
use crate::workbook::{Cell, Sheet, Value, Workbook};

type Source<'a> = Cursor<&'a [u8]>;

const FORMAT: &str = "ods";

pub(crate) fn load(
    bytes: &[u8],
    zip: &mut ZipArchive<Source<'_>>,
    limits: &Limits,
) -> Result<Workbook, LoadError> {
    // Encrypted parts would read as garbage XML in the pre-scan.
    if is_encrypted(zip) {
        return Err(LoadError::Encrypted);
    }
    let scan = ods_scan::scan(zip, limits)?;
    let mut ods: Ods<Source<'_>> = Ods::new(Cursor::new(bytes)).map_err(error)?;
    let metadata = ods.sheets_metadata().to_vec();
    let mut sheets = Vec::with_capacity(metadata.len());
    for meta in metadata.iter().filter(|m| is_worksheet(m.typ)) {
        // ods dates are ISO strings, so the epoch never matters.
        let mut cells = take_cells(ods.worksheet_range(&meta.name).map_err(error)?, false);
        mark_formulas(
            &mut cells,
            &formula_positions(&ods.worksheet_formula(&meta.name).map_err(error)?),
        );
        let table = scan.tables.iter().find(|t| t.name == meta.name);
        if let Some(table) = table {
            mark_errors(&mut cells, table);
            apply_styles(&mut cells, table, &scan);
        }
        limits.check_cell_count(cells.len() as u64)?;
        let merges = table.map(|t| t.merges.clone()).unwrap_or_default();
        let mut sheet = Sheet::new(&meta.name, cells, merges);
        sheet.visibility = visibility(meta.visible);
        sheets.push(sheet);
    }
    Ok(Workbook {
        sheets,
        ..Workbook::default()
    })
}

/// Error cells reach calamine as their text (`#DIV/0!`, `Err:502`); only
/// the cells the file marks as errors become errors, so a typed `#N/A`
/// stays text.
fn mark_errors(cells: &mut Vec<Cell>, table: &TableScan) {
    let mut finder = Finder::new(cells);
    let mut missing = Vec::new();
    for (row, col, text) in &table.errors {
        let shown = text.trim();
        match finder.find(cells, *row, *col) {
            Some(cell) => {
                let text = if shown.is_empty() {
                    cell.value.to_text()
                } else {
                    shown.to_owned()
                };
                cell.value = Value::Error(text.into());
            }
            None if !shown.is_empty() => {
                missing.push(Cell::new(*row, *col, Value::Error(shown.into())))
            }
            None => (),
        }
    }
    cells.append(&mut missing);
}

fn apply_styles(cells: &mut Vec<Cell>, table: &TableScan, scan: &Scan) {
    let looks = table
        .styled
        .iter()
        .filter_map(|&(row, col, look)| Some((row, col, scan.looks.get(look as usize)?)));
    apply_looks(cells, looks);
}

/// How much of the manifest is searched for encryption data.
const MANIFEST_PREFIX: u64 = 1024 * 1024;

/// An encrypted ods lists encryption data for its parts in the manifest.
fn is_encrypted(zip: &mut ZipArchive<Source<'_>>) -> bool {
    let Ok(manifest) = zip.by_name("META-INF/manifest.xml") else {
        return false;
    };
    let mut text = Vec::new();
    let _ = manifest.take(MANIFEST_PREFIX).read_to_end(&mut text);
    text.windows(b"encryption-data".len())
        .any(|w| w == b"encryption-data")
}

fn error(e: OdsError) -> LoadError {
    match e {
        OdsError::Password => LoadError::Encrypted,
        e => LoadError::corrupt(FORMAT, e),
    }
}
