//! xlsx and xlsm: cells are streamed with calamine's cell reader, never
//! through `worksheet_range`, which allocates the whole used rectangle.
//!
//! calamine's streaming methods each yield only part of what a cell
//! carries, and each is a full pass over the sheet's XML. So calamine reads
//! values and formula flags, and a light side pass ([`xlsx_scan`]) reads
//! style ids and merged regions. When the side pass cannot follow the
//! package, calamine's own (slower) passes are used instead.

use std::io::{Cursor, Read};

use calamine::{FillPattern, Reader, Style, Xlsx, XlsxCellReader, XlsxError};
use zip::ZipArchive;

use super::numfmt;
use super::sheet::{
    check_used_area, is_blank, is_worksheet, merge, rgb_hex, visibility, Finder, Look,
};
use super::value::from_data_ref;
use super::xlsx_scan::{self, SheetScan};
use super::{Limits, LoadError};
use crate::workbook::{Cell, Format, Note, Sheet, Shown, Workbook};

type Source<'a> = Cursor<&'a [u8]>;

/// Most cells reserved before reading (4 M cells, ~290 MiB); a sheet with
/// more grows its vector as it goes.
const MAX_RESERVED_CELLS: u64 = 4 * 1024 * 1024;

/// One workbook part's looks, indexed by calamine's style id.
type Looks = Vec<Option<Look>>;

pub(crate) fn load(
    bytes: &[u8],
    zip: &mut ZipArchive<Source<'_>>,
    format: Format,
    limits: &Limits,
) -> Result<Workbook, LoadError> {
    load_with(bytes, zip, format, limits, true)
}

/// `side_pass: false` is calamine's passes only, kept for the tests that
/// check the side pass agrees with them.
fn load_with(
    bytes: &[u8],
    zip: &mut ZipArchive<Source<'_>>,
    format: Format,
    limits: &Limits,
    side_pass: bool,
) -> Result<Workbook, LoadError> {
    let fail = |e: XlsxError| error(format, e);
    check_shared_string_count(zip, format)?;
    let parts = if side_pass {
        xlsx_scan::sheet_parts(zip)
    } else {
        None
    };
    let mut xlsx: Xlsx<Source<'_>> = Xlsx::new(Cursor::new(bytes)).map_err(fail)?;
    let is_1904 = xlsx.has_1904_epoch();
    let metadata = xlsx.sheets_metadata().to_vec();
    let mut looks = None;
    let mut sheets = Vec::with_capacity(metadata.len());
    for meta in metadata.iter().filter(|m| is_worksheet(m.typ)) {
        let side = parts
            .as_ref()
            .and_then(|p| p.get(&meta.name))
            .and_then(|part| xlsx_scan::scan_sheet(zip, part));
        let Some(mut sheet) = read_sheet(&mut xlsx, &meta.name, is_1904, &mut looks, side, limits)
            .map_err(|e| e.into_load_error(format))?
        else {
            continue;
        };
        sheet.visibility = visibility(meta.visible);
        if let Some(part) = parts.as_ref().and_then(|p| p.get(&meta.name)) {
            sheet.notes = xlsx_scan::sheet_notes(zip, part)
                .into_iter()
                .map(|(row, col, text)| Note { row, col, text })
                .collect();
        }
        sheets.push(sheet);
    }
    Ok(Workbook { sheets })
}

/// Errors inside a sheet: calamine's, or a guard's.
enum SheetError {
    Calamine(XlsxError),
    Load(LoadError),
}

impl SheetError {
    fn into_load_error(self, format: Format) -> LoadError {
        match self {
            SheetError::Calamine(e) => error(format, e),
            SheetError::Load(e) => e,
        }
    }
}

impl From<XlsxError> for SheetError {
    fn from(e: XlsxError) -> SheetError {
        SheetError::Calamine(e)
    }
}

impl From<LoadError> for SheetError {
    fn from(e: LoadError) -> SheetError {
        SheetError::Load(e)
    }
}

fn read_sheet(
    xlsx: &mut Xlsx<Source<'_>>,
    name: &str,
    is_1904: bool,
    looks: &mut Option<Looks>,
    side: Option<SheetScan>,
    limits: &Limits,
) -> Result<Option<Sheet>, SheetError> {
    let mut reader = match xlsx.worksheet_cells_reader(name) {
        Ok(reader) => reader,
        // A chart or dialog sheet not flagged as such in the workbook part.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let looks = looks.get_or_insert_with(|| style_looks(reader.styles()));
    let styled = side.as_ref().map_or(&[][..], |s| &s.styled[..]);
    // The side pass counted the `<c>` elements: room for them up front saves
    // the copies (and the doubled peak) of a growing vector. Capped, since
    // empty `<c/>` elements are counted but not kept.
    let expected = side
        .as_ref()
        .map_or(0, |s| s.cells.min(limits.max_cells).min(MAX_RESERVED_CELLS));
    let (mut cells, yielded) = read_values(
        &mut reader,
        is_1904,
        styled,
        looks,
        limits,
        expected as usize,
    )?;
    drop(reader);
    if side.as_ref().is_none_or(|s| s.cells != yielded) {
        // The side pass saw other cells than calamine: its styles cannot be
        // trusted, so calamine's style pass decides.
        strip_looks(&mut cells);
        if looks.iter().any(Option::is_some) {
            let mut reader = xlsx.worksheet_cells_reader(name)?;
            apply_styles(&mut reader, looks, &mut cells, limits)?;
        }
    }
    check_used_area(name, &cells, limits)?;
    let merges = match side {
        Some(side) => side.merges,
        None => xlsx
            .merge_cells_by_sheet_name(name)?
            .iter()
            .map(merge)
            .collect(),
    };
    Ok(Some(Sheet::new(name, cells, merges)))
}

/// Values and formula flags, with the looks of the side pass's style ids
/// matched by cell ordinal. The formula-metadata variant is used because it
/// neither expands shared formulas nor sizes a table by their `si` index
/// (which the file controls). Returns the cells and how many calamine saw.
fn read_values(
    reader: &mut XlsxCellReader<'_, Source<'_>>,
    is_1904: bool,
    styled: &[(u64, usize)],
    looks: &Looks,
    limits: &Limits,
    expected: usize,
) -> Result<(Vec<Cell>, u64), SheetError> {
    let mut cells = Vec::with_capacity(expected);
    let mut styled = styled.iter().peekable();
    let mut ordinal = 0;
    while let Some(record) = reader.next_cell_with_formula_metadata()? {
        let look = styled
            .next_if(|(at, _)| *at == ordinal)
            .and_then(|&(_, id)| looks.get(id)?.as_ref());
        ordinal += 1;
        let formula = record.formula.is_some();
        let value = from_data_ref(record.value, is_1904);
        let (row, col) = record.pos;
        let cell = if formula || !is_blank(&value) {
            let mut cell = Cell {
                row,
                col,
                value,
                shown: None,
                formula,
                fill: None,
            };
            if let Some(look) = look {
                look.apply_to(&mut cell);
            }
            cell
        } else {
            match look.and_then(|look| look.blank_cell(row, col)) {
                Some(cell) => cell,
                None => continue,
            }
        };
        cells.push(cell);
        limits.check_cell_count(cells.len() as u64)?;
    }
    Ok((cells, ordinal))
}

/// Undoes looks applied from an untrusted side pass.
fn strip_looks(cells: &mut Vec<Cell>) {
    cells.retain(|cell| cell.formula || !is_blank(&cell.value));
    for cell in cells {
        cell.shown = None;
        cell.fill = None;
    }
}

/// Fallback: styles of styled cells, attached to the cells of pass 1; blank
/// cells are added when coloured.
fn apply_styles(
    reader: &mut XlsxCellReader<'_, Source<'_>>,
    looks: &Looks,
    cells: &mut Vec<Cell>,
    limits: &Limits,
) -> Result<(), SheetError> {
    let mut finder = Finder::new(cells);
    let mut blanks = Vec::new();
    while let Some((row, col, id)) = reader.next_style_id()? {
        let Some(Some(look)) = looks.get(id) else {
            continue;
        };
        match finder.find(cells, row, col) {
            Some(cell) => look.apply_to(cell),
            None => blanks.extend(look.blank_cell(row, col)),
        }
    }
    limits.check_cell_count((cells.len() + blanks.len()) as u64)?;
    cells.append(&mut blanks);
    Ok(())
}

fn style_looks(styles: &[Style]) -> Looks {
    // Excel reserves the first fill for "none" whatever the file says; a
    // few writers put a real fill there. A fill equal to the default
    // style's is the sheet's plain background, not a colour that means
    // anything.
    let background = styles.first().and_then(style_fill);
    styles
        .iter()
        .map(|style| {
            let fill = style_fill(style).filter(|fill| Some(fill) != background.as_ref());
            Look::new(style_shown(style), fill)
        })
        .collect()
}

fn style_shown(style: &Style) -> Option<Shown> {
    let format = style.number_format.as_ref()?;
    // calamine names unknown built-in ids (locale currency formats) General.
    let code = match format.format_id {
        Some(id) if id != 0 && format.format_code == "General" => numfmt::builtin_code(id)?,
        _ => &format.format_code,
    };
    numfmt::shown(code)
}

fn style_fill(style: &Style) -> Option<String> {
    let fill = style
        .fill
        .as_ref()
        .filter(|f| f.pattern == FillPattern::Solid)?;
    let color = fill.foreground_color.or(fill.background_color)?;
    Some(rgb_hex(color.red, color.green, color.blue))
}

fn error(format: Format, e: XlsxError) -> LoadError {
    match e {
        XlsxError::Password => LoadError::Encrypted,
        e => LoadError::corrupt(format.name(), e),
    }
}

/// How much of a shared-strings part is searched for its `<sst>` tag.
const SST_HEAD_BYTES: u64 = 4096;
/// The shortest shared string entry, `<si/>`.
const MIN_SHARED_STRING_BYTES: u64 = 5;

/// calamine reserves room for `uniqueCount` strings before reading any; a
/// count the part cannot hold is a lie that could ask for gigabytes.
fn check_shared_string_count(
    zip: &mut ZipArchive<Source<'_>>,
    format: Format,
) -> Result<(), LoadError> {
    let is_sst = |name: &[u8]| {
        name.rsplit(|&b| b == b'/' || b == b'\\')
            .next()
            .is_some_and(|file| file.eq_ignore_ascii_case(b"sharedStrings.xml"))
    };
    for index in 0..zip.len() {
        // The central directory names the part; only that part is opened.
        if !zip.by_index_data(index).is_ok_and(|e| is_sst(e.name_raw())) {
            continue;
        }
        let Ok(entry) = zip.by_index(index) else {
            continue;
        };
        let size = entry.size();
        let mut head = Vec::new();
        // An unreadable part is left for calamine to report.
        if entry.take(SST_HEAD_BYTES).read_to_end(&mut head).is_err() {
            continue;
        }
        if let Some(count) = attribute_number(&head, b"uniqueCount=") {
            if count > size / MIN_SHARED_STRING_BYTES + 16 {
                let cause = format!(
                    "shared strings part declares {count} strings but is only {size} bytes"
                );
                return Err(LoadError::corrupt(format.name(), cause));
            }
        }
    }
    Ok(())
}

/// The number in `name="123"` (or single quotes) within `xml`.
fn attribute_number(xml: &[u8], name: &[u8]) -> Option<u64> {
    let at = xml.windows(name.len()).position(|w| w == name)? + name.len();
    let rest = xml.get(at + 1..)?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The side pass must find exactly what calamine's own passes find.
    #[test]
    fn side_pass_agrees_with_calamine_on_the_corpus() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/corpus/third-party/calamine-tests");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return;
        };
        let (mut compared, mut followed) = (0, 0);
        for path in entries.flatten().map(|e| e.path()) {
            let bytes = std::fs::read(&path).unwrap();
            let load = |side_pass| {
                let mut zip = ZipArchive::new(Cursor::new(&bytes[..])).ok()?;
                let format = match crate::load::sniff(&bytes) {
                    Ok(f @ (Format::Xlsx | Format::Xlsm)) => f,
                    _ => return None,
                };
                load_with(&bytes, &mut zip, format, &Limits::default(), side_pass).ok()
            };
            let (Some(fast), Some(slow)) = (load(true), load(false)) else {
                continue;
            };
            let mut zip = ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
            let parts = xlsx_scan::sheet_parts(&mut zip).unwrap_or_default();
            if fast.sheets.iter().all(|s| parts.contains_key(&*s.name)) {
                followed += 1;
            }
            assert_eq!(fast.sheets.len(), slow.sheets.len(), "{}", path.display());
            for (a, b) in fast.sheets.iter().zip(&slow.sheets) {
                assert_eq!(a.cells(), b.cells(), "{} {}", path.display(), a.name);
                let mut merges = (a.merges().to_vec(), b.merges().to_vec());
                merges.0.sort_by_key(|m| (m.first_row, m.first_col));
                merges.1.sort_by_key(|m| (m.first_row, m.first_col));
                assert_eq!(merges.0, merges.1, "{} {}", path.display(), a.name);
            }
            compared += 1;
        }
        assert!(compared > 50, "only {compared} xlsx files compared");
        assert_eq!(
            followed, compared,
            "the side pass could not find every sheet part"
        );
    }

    #[test]
    fn unique_count_attribute() {
        assert_eq!(
            attribute_number(b"<sst count=\"3\" uniqueCount=\"2\">", b"uniqueCount="),
            Some(2)
        );
        assert_eq!(
            attribute_number(b"<sst uniqueCount='99999999999'>", b"uniqueCount="),
            Some(99_999_999_999)
        );
        assert_eq!(
            attribute_number(b"<sst count=\"3\">", b"uniqueCount="),
            None
        );
    }
}
