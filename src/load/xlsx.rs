//! xlsx and xlsm, read by calamine: it opens the package (password check,
//! shared strings, styles with theme colours resolved, sheet list and
//! visibility, the 1904 flag) and reads each sheet's cells, style ids and
//! merged regions. What calamine does not read is read here: the decimals
//! a number format shows and solid fills (from calamine's own styles), and
//! cell notes (`xlsx_package.rs`), after the guards that must run before
//! calamine allocates.
//!
//! calamine 0.38 yields a cell's value, style id and formula flag from no
//! single method, nor merged regions from the pass that reads the cells
//! (docs/upstream.md). A sheet is read in one of its passes, values with
//! style ids, and the formula cells and merged regions are found by a byte
//! scan of the sheet part (`xlsx_scan.rs`): measured, two more calamine
//! passes cost more than that scan (docs/performance.md). Where the scan or
//! the join is not certain, calamine's own passes read the sheet: values
//! with formula flags, style ids (only when some style shows decimals or a
//! fill), merged regions.

use std::io::Cursor;

use calamine::{FillPattern, Reader, Style, Xlsx, XlsxCellReader, XlsxError};
use zip::ZipArchive;

use super::numfmt;
use super::sheet::{
    check_used_area, is_blank, is_worksheet, merge, rgb_hex, visibility, Finder, Look,
};
use super::value::from_data_ref;
use super::xlsx_package::{self, SheetParts};
use super::xlsx_scan::{self, Scan};
use super::{Limits, LoadError};
use crate::workbook::{Cell, Format, Note, Sheet, Shown, UnreadSheet, Workbook};

type Source<'a> = Cursor<&'a [u8]>;

/// One workbook part's looks, indexed by calamine's style id.
type Looks = Vec<Option<Look>>;

/// `once: false` reads every sheet with calamine's three passes.
pub(crate) fn load(
    bytes: &[u8],
    zip: &mut ZipArchive<Source<'_>>,
    format: Format,
    limits: &Limits,
    once: bool,
) -> Result<Workbook, LoadError> {
    load_with(bytes, zip, format, limits, once).map(|(workbook, _)| workbook)
}

/// `once: false` reads every sheet with calamine's passes (the reference
/// the tests hold the one pass to). Also returns how many sheets were read
/// in one pass.
fn load_with(
    bytes: &[u8],
    zip: &mut ZipArchive<Source<'_>>,
    format: Format,
    limits: &Limits,
    once: bool,
) -> Result<(Workbook, usize), LoadError> {
    let fail = |e: XlsxError| error(format, e);
    xlsx_package::check_shared_string_count(zip, format)?;
    let mut xlsx: Xlsx<Source<'_>> = match Xlsx::new(Cursor::new(bytes)) {
        Ok(xlsx) => xlsx,
        // calamine refuses a workbook with an XLM macro sheet: read the
        // others from a copy in which that sheet is a dialog sheet, and say
        // which sheets were not read.
        Err(
            e @ XlsxError::Unrecognized {
                typ: "sheet:type", ..
            },
        ) => {
            let Some((macro_sheets, patched)) = xlsx_package::retype_macro_sheets(zip) else {
                return Err(fail(e));
            };
            let mut copy = ZipArchive::new(Cursor::new(patched.as_slice()))
                .map_err(|e| LoadError::corrupt(format.name(), e))?;
            let (mut workbook, read_once) = load_with(&patched, &mut copy, format, limits, once)?;
            workbook
                .unread
                .extend(macro_sheets.into_iter().map(|name| UnreadSheet {
                    name,
                    why: "it is an Excel 4.0 (XLM) macro sheet".to_owned(),
                }));
            return Ok((workbook, read_once));
        }
        Err(e) => return Err(fail(e)),
    };
    let is_1904 = xlsx.has_1904_epoch();
    let metadata = xlsx.sheets_metadata().to_vec();
    let mut parts = SheetParts::read(zip, &metadata);
    let mut looks = None;
    let mut sheets = Vec::with_capacity(metadata.len());
    let mut read_once = 0;
    for meta in metadata.iter().filter(|m| is_worksheet(m.typ)) {
        let scan = match once {
            true => parts.xml(&meta.name, limits.max_decompressed_bytes),
            false => None,
        };
        let scan = scan.and_then(|xml| xlsx_scan::scan(&xml));
        let one_pass = scan.and_then(|scan| {
            read_sheet_once(&mut xlsx, &meta.name, is_1904, &mut looks, scan, limits)
        });
        let read = match one_pass {
            Some(sheet) => {
                read_once += 1;
                Some(sheet)
            }
            None => read_sheet(&mut xlsx, &meta.name, is_1904, &mut looks, limits)
                .map_err(|e| e.into_load_error(format))?,
        };
        let Some(mut sheet) = read else {
            continue;
        };
        sheet.visibility = visibility(meta.visible);
        sheet.notes = parts
            .notes(&meta.name)
            .into_iter()
            .map(|(row, col, text)| Note { row, col, text })
            .collect();
        sheets.push(sheet);
    }
    let workbook = Workbook {
        sheets,
        ..Workbook::default()
    };
    Ok((workbook, read_once))
}

/// A sheet read in one pass of calamine's (values and style ids), with the
/// formula cells and merged regions of the scan. `None` when the pass meets
/// anything the scan cannot be joined to with certainty (cells out of
/// order, a formula cell the pass did not yield, an error, a guard): the
/// sheet is then read by calamine's passes, which give the same cells, or
/// the error and its message.
fn read_sheet_once(
    xlsx: &mut Xlsx<Source<'_>>,
    name: &str,
    is_1904: bool,
    looks: &mut Option<Looks>,
    scan: Scan,
    limits: &Limits,
) -> Option<Sheet> {
    let mut reader = xlsx.worksheet_cells_reader(name).ok()?;
    let looks = looks.get_or_insert_with(|| style_looks(reader.styles()));
    let mut formulas = scan.formulas.into_iter().peekable();
    let mut cells = Vec::new();
    let mut last = None;
    while let Some((cell, style)) = reader.next_cell_with_style_id().ok()? {
        let (row, col) = cell.get_position();
        // Strictly in order, so each position is one cell and the scan's
        // formulas (in document order too) join by position.
        if last.is_some_and(|last| last >= (row, col)) {
            return None;
        }
        last = Some((row, col));
        let formula = formulas.next_if_eq(&(row, col)).is_some();
        let value = from_data_ref(cell.get_value().clone(), is_1904);
        // Style 0 is the default, which `next_style_id` never yields.
        let look = looks
            .get(style)
            .filter(|_| style != 0)
            .and_then(Option::as_ref);
        if !formula && is_blank(&value) {
            cells.extend(look.and_then(|look| look.blank_cell(row, col)));
        } else {
            let mut cell = Cell {
                formula,
                ..Cell::new(row, col, value)
            };
            if let Some(look) = look {
                look.apply_to(&mut cell);
            }
            cells.push(cell);
        }
        if cells.len() as u64 > limits.max_cells {
            return None;
        }
    }
    if formulas.next().is_some() {
        return None;
    }
    Some(Sheet::new(name, cells, scan.merges))
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

/// A sheet read with calamine's passes: values and formula flags, then
/// style ids, then merged regions.
fn read_sheet(
    xlsx: &mut Xlsx<Source<'_>>,
    name: &str,
    is_1904: bool,
    looks: &mut Option<Looks>,
    limits: &Limits,
) -> Result<Option<Sheet>, SheetError> {
    let mut reader = match xlsx.worksheet_cells_reader(name) {
        Ok(reader) => reader,
        // A chart or dialog sheet not flagged as such in the workbook part.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let looks = looks.get_or_insert_with(|| style_looks(reader.styles()));
    let mut cells = read_values(&mut reader, is_1904, limits)?;
    drop(reader);
    if looks.iter().any(Option::is_some) {
        let mut reader = xlsx.worksheet_cells_reader(name)?;
        apply_styles(&mut reader, looks, &mut cells, limits)?;
    }
    check_used_area(name, &cells, limits)?;
    let merges = xlsx
        .merge_cells_by_sheet_name(name)?
        .iter()
        .map(merge)
        .collect();
    Ok(Some(Sheet::new(name, cells, merges)))
}

/// Values and formula flags. The formula-metadata variant is used because
/// it neither expands shared formulas nor sizes a table by their `si` index
/// (which the file controls).
fn read_values(
    reader: &mut XlsxCellReader<'_, Source<'_>>,
    is_1904: bool,
    limits: &Limits,
) -> Result<Vec<Cell>, SheetError> {
    let mut cells = Vec::new();
    while let Some(record) = reader.next_cell_with_formula_metadata()? {
        let formula = record.formula.is_some();
        let value = from_data_ref(record.value, is_1904);
        if !formula && is_blank(&value) {
            continue;
        }
        let (row, col) = record.pos;
        cells.push(Cell {
            row,
            col,
            value,
            shown: None,
            formula,
            fill: None,
        });
        limits.check_cell_count(cells.len() as u64)?;
    }
    Ok(cells)
}

/// Styles of styled cells, attached to the cells of the values pass;
/// blank cells are added when coloured.
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

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::path::{Path, PathBuf};

    use zip::write::SimpleFileOptions;
    use zip::ZipWriter;

    use super::*;
    use calamine::{Color, Fill, NumberFormat};

    /// A workbook loaded both ways, as the public loader runs it (zip
    /// guards, panics contained): its debug text or the error's, and how
    /// many sheets the one pass read.
    fn load_both(bytes: &[u8]) -> Option<[(Result<String, String>, usize); 2]> {
        let format = match crate::load::sniff(bytes) {
            Ok(format @ (Format::Xlsx | Format::Xlsm)) => format,
            _ => return None,
        };
        let load = |once| {
            let limits = Limits::default();
            let mut read_once = 0;
            let result = ZipArchive::new(Cursor::new(bytes))
                .map_err(|e| LoadError::corrupt("zip", e))
                .and_then(|mut zip| {
                    limits.check_zip(&zip)?;
                    crate::load::contain_panics(format, || {
                        let (workbook, count) = load_with(bytes, &mut zip, format, &limits, once)?;
                        read_once = count;
                        Ok(workbook)
                    })
                });
            let text = result
                .map(|workbook| format!("{workbook:#?}"))
                .map_err(|e| e.to_string());
            (text, read_once)
        };
        Some([load(true), load(false)])
    }

    fn spreadsheets(dir: &Path, out: &mut Vec<PathBuf>) {
        let entries =
            std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{} not found: {e}", dir.display()));
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                spreadsheets(&path, out);
            } else if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
            {
                out.push(path);
            }
        }
    }

    /// Every xlsx and xlsm of the robustness corpus, the samples and the
    /// fuzz seeds: the one pass (calamine's values and style ids, the scan's
    /// formulas and merges) gives the workbook, or the error, calamine's
    /// passes give; and it reads nearly every sheet itself.
    #[test]
    fn one_pass_agrees_with_calamines_passes() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["tests/corpus", "samples", "fuzz/seeds"] {
            spreadsheets(&root.join(dir), &mut files);
        }
        files.sort();
        let (mut compared, mut sheets, mut once) = (0, 0, 0);
        for path in &files {
            let Some([(fast, read_once), (reference, _)]) =
                load_both(&std::fs::read(path).unwrap())
            else {
                continue;
            };
            assert_eq!(fast, reference, "{}", path.display());
            compared += 1;
            sheets += reference.map_or(0, |text| text.matches("Sheet {").count());
            once += read_once;
        }
        eprintln!("{compared} workbooks, {sheets} sheets, {once} read in one pass");
        assert!(compared > 70, "only {compared} xlsx files compared");
        assert!(
            once * 10 >= sheets * 9,
            "only {once} of {sheets} sheets read in one pass"
        );
    }

    fn style(code: Option<(u32, &str)>, fill: Option<(u8, u8, u8)>) -> Style {
        let mut style = Style::default();
        style.number_format = code.map(|(id, code)| {
            let mut format = NumberFormat::default();
            format.format_code = code.to_owned();
            format.format_id = Some(id);
            format
        });
        style.fill = fill.map(|(red, green, blue)| {
            let mut fill = Fill::default();
            fill.pattern = FillPattern::Solid;
            fill.foreground_color = Some(Color::rgb(red, green, blue));
            fill
        });
        style
    }

    /// A one-sheet package around `sheet_data`, with number formats (style
    /// 1 a date, 2 a duration, 3 a percentage with a fill) and three shared
    /// strings.
    fn package(sheet_data: &str, date1904: bool) -> Vec<u8> {
        let rels_ns = "http://schemas.openxmlformats.org/package/2006/relationships";
        let office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        let epoch = if date1904 {
            r#"<workbookPr date1904="1"/>"#
        } else {
            ""
        };
        let parts = [
            (
                "[Content_Types].xml".to_owned(),
                r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#
                    .to_owned(),
            ),
            (
                "_rels/.rels".to_owned(),
                format!(
                    r#"<Relationships xmlns="{rels_ns}"><Relationship Id="rId1" Type="{office}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
                ),
            ),
            (
                "xl/workbook.xml".to_owned(),
                format!(
                    r#"<workbook xmlns="{main}" xmlns:r="{office}">{epoch}<sheets><sheet name="S" sheetId="1" r:id="rId1"/><sheet name="Hidden" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>"#
                ),
            ),
            (
                "xl/_rels/workbook.xml.rels".to_owned(),
                format!(
                    r#"<Relationships xmlns="{rels_ns}"><Relationship Id="rId1" Type="{office}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{office}/worksheet" Target="worksheets/sheet2.xml"/></Relationships>"#
                ),
            ),
            (
                "xl/styles.xml".to_owned(),
                format!(
                    r#"<styleSheet xmlns="{main}"><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="[h]:mm"/></numFmts>
                <fonts count="1"><font><sz val="11"/></font></fonts>
                <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFF0000"/></patternFill></fill></fills>
                <borders count="1"><border/></borders>
                <cellXfs count="4"><xf numFmtId="0" fillId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="10" fillId="2"/></cellXfs></styleSheet>"#
                ),
            ),
            (
                "xl/sharedStrings.xml".to_owned(),
                format!(
                    r#"<sst xmlns="{main}" count="3" uniqueCount="3"><si><t>zero</t></si><si><r><t>o</t></r><r><t xml:space="preserve">ne </t></r></si><si><t>two_x000D_</t></si></sst>"#
                ),
            ),
            (
                "xl/worksheets/sheet1.xml".to_owned(),
                format!(
                    r#"<worksheet xmlns="{main}"><sheetData>{sheet_data}</sheetData><mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells></worksheet>"#
                ),
            ),
            (
                "xl/worksheets/sheet2.xml".to_owned(),
                format!(
                    r#"<worksheet xmlns="{main}"><dimension ref="A1"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#
                ),
            ),
        ];
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in parts {
            writer
                .start_file(name, SimpleFileOptions::default())
                .unwrap();
            writer.write_all(text.as_bytes()).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn formulas_merges_and_fills_in_one_pass() {
        let data = concat!(
            r#"<row r="1"><c r="A1" s="1"><v>45382</v></c><c r="B1" s="2"><v>1.25</v></c><c r="C1" s="3"><v>0.256</v></c>"#,
            r#"<c r="D1" s="3"/><c r="E1" t="s"><v>1</v></c><c r="G1" t="str"><f>A1&amp;B1</f><v>a&amp;b</v></c>"#,
            r#"<c r="H1" t="inlineStr"><is><r><rPr><family val="2"/></rPr><t xml:space="preserve"> rich </t></r></is></c>"#,
            r#"<c r="I1" t="e"><v>#DIV/0!</v></c><c r="J1" t="b"><v>1</v></c><c r="N1" s="9"><v>5</v></c></row>"#,
            r#"<row r="2"><c r="C2" s="3"><f t="shared" ref="C2:C3" si="0">A2</f><v>2</v></c><c r="D2"><f>1/0</f></c></row>"#,
            r#"<row r="3"><c r="C3"><f t="shared" si="0"/></c></row>"#,
        );
        for date1904 in [false, true] {
            let [(fast, once), (reference, _)] = load_both(&package(data, date1904)).unwrap();
            assert_eq!(fast, reference);
            assert_eq!(once, 2);
            let text = fast.unwrap();
            assert_eq!(text.matches("formula: true").count(), 4, "{text}");
        }
    }

    #[test]
    fn what_the_scan_cannot_vouch_for_is_read_by_calamines_passes() {
        for data in [
            // Cells without `r`, out of order, or twice at one place.
            r#"<row><c><v>1</v></c><c/><c><f>A1</f><v>2</v></c></row>"#,
            r#"<row r="1"><c r="B1"><v>1</v></c><c r="A1"><f>1</f></c></row>"#,
            r#"<row r="1"><c r="A1"><v>1</v></c><c r="A1" s="3"/></row>"#,
            r#"<row r="1"><c r="A1"><f t="shared" si="x"/></c></row>"#,
            r#"<row r="1"><c r="A1"><f>&bogus;</f></c></row>"#,
            r#"<row r="1"><c r="A1" t="s"><v>3</v></c></row>"#,
            r#"<row r="1"><c r="A1"><v>1</v><f>2</f></c></row>"#,
        ] {
            let [(fast, once), (reference, _)] = load_both(&package(data, false)).unwrap();
            assert_eq!(fast, reference, "{data}");
            assert!(once < 2, "{data}");
        }
    }

    #[test]
    fn looks_from_calamine_styles() {
        let looks = style_looks(&[
            style(None, None),
            style(Some((10, "0.00%")), None),
            style(None, Some((255, 0, 0))),
            style(Some((2, "General")), None),
        ]);
        assert_eq!(looks[0], None);
        assert!(looks[1].as_ref().is_some_and(|l| l.shown.is_some()));
        assert_eq!(
            looks[2].as_ref().and_then(|l| l.fill.as_deref()),
            Some("FF0000")
        );
        // An unknown built-in id calamine names General: its code is ours.
        assert!(looks[3].as_ref().is_some_and(|l| l.shown.is_some()));
    }
}
