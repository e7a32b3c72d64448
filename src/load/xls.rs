//! xls (BIFF5/BIFF8): pre-scanned by [`biff`], then read whole
//! by calamine, which parses every sheet when it opens the file. Styles
//! (decimals shown, fills) come from the pre-scan: calamine keeps only its
//! own date detection from them.

use std::io::Cursor;

use calamine::{Reader, Xls, XlsError};

use super::biff::{self, Scan};
use super::cfb::Cfb;
use super::sheet::{
    apply_looks, formula_positions, is_worksheet, mark_formulas, merge, take_cells, visibility,
};
use super::{Limits, LoadError};
use crate::workbook::{Cell, Sheet, Workbook};

type Source<'a> = Cursor<&'a [u8]>;

const FORMAT: &str = "xls";

pub(crate) fn load(bytes: &[u8], cfb: &Cfb<'_>, limits: &Limits) -> Result<Workbook, LoadError> {
    let stream = cfb
        .stream("Workbook")
        .or_else(|_| cfb.stream("Book"))
        .map_err(|e| LoadError::corrupt(FORMAT, e))?;
    let scan = biff::scan(&stream, limits)?;
    drop(stream);
    let mut xls: Xls<Source<'_>> = Xls::new(Cursor::new(bytes)).map_err(error)?;
    let is_1904 = xls.has_1904_epoch();
    let metadata = xls.sheets_metadata().to_vec();
    // Styles are matched to sheets by position; if the pre-scan saw the
    // sheet list differently, no styles rather than the wrong ones.
    let scan = (scan.sheets.len() == metadata.len()).then_some(scan);
    let mut sheets = Vec::with_capacity(metadata.len());
    for (index, meta) in metadata
        .iter()
        .enumerate()
        .filter(|(_, m)| is_worksheet(m.typ))
    {
        let mut cells = take_cells(xls.worksheet_range(&meta.name).map_err(error)?, is_1904);
        let formulas = xls.worksheet_formula(&meta.name).map_err(error)?;
        mark_formulas(&mut cells, &formula_positions(&formulas));
        if let Some(scan) = &scan {
            apply_styles(&mut cells, scan, index);
        }
        limits.check_cell_count(cells.len() as u64)?;
        let merges = xls
            .merge_cells_by_sheet_name(&meta.name)
            .map_err(error)?
            .iter()
            .map(merge)
            .collect();
        let mut sheet = Sheet::new(&meta.name, cells, merges);
        sheet.visibility = visibility(meta.visible);
        sheets.push(sheet);
    }
    Ok(Workbook {
        sheets,
        ..Workbook::default()
    })
}

fn apply_styles(cells: &mut Vec<Cell>, scan: &Scan, sheet: usize) {
    let Some(styled) = scan.sheets.get(sheet) else {
        return;
    };
    let looks = styled.styled.iter().filter_map(|s| {
        let look = scan.xf_looks.get(usize::from(s.xf))?.as_ref()?;
        Some((s.row, s.col, look))
    });
    apply_looks(cells, looks);
}

fn error(e: XlsError) -> LoadError {
    match e {
        XlsError::Password => LoadError::Encrypted,
        e => LoadError::corrupt(FORMAT, e),
    }
}
