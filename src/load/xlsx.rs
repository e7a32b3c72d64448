//! xlsx and xlsm: calamine opens the package (password check, styles with
//! theme colours resolved, sheet list and visibility, the 1904 flag), and
//! each sheet is read in one pass by our own reader ([`xlsx_sheet`]).
//!
//! calamine's streaming methods each yield only part of what a cell
//! carries (values, style ids, formula flags, merged regions) and each is
//! a full inflate and parse of the sheet, so reading a sheet with calamine
//! alone costs three such passes. The single pass is a port of calamine's
//! own cell reader and gives exactly its cells; where it cannot follow a
//! package or a sheet (odd layout, malformed XML, anything calamine would
//! reject), that sheet is read with calamine's passes instead, which stay
//! here as the reference the single pass is tested against.

use std::io::{Cursor, Read};

use calamine::{FillPattern, Reader, Style, Xlsx, XlsxCellReader, XlsxError};
use zip::ZipArchive;

use super::numfmt;
use super::sheet::{
    check_used_area, is_blank, is_worksheet, merge, rgb_hex, visibility, Finder, Look,
};
use super::value::from_data_ref;
use super::xlsx_parts::{self, CellFormat, Package};
use super::xlsx_sheet::{self, Context, Failure, SharedStrings};
use super::{Limits, LoadError};
use crate::workbook::{Cell, Format, Note, Sheet, Shown, UnreadSheet, Workbook};

type Source<'a> = Cursor<&'a [u8]>;

/// One workbook part's looks, indexed by calamine's style id.
type Looks = Vec<Option<Look>>;

/// `single_pass: false` reads every sheet with calamine's passes.
pub(crate) fn load(
    bytes: &[u8],
    zip: &mut ZipArchive<Source<'_>>,
    format: Format,
    limits: &Limits,
    single_pass: bool,
) -> Result<Workbook, LoadError> {
    load_with(bytes, zip, format, limits, single_pass).map(|(workbook, _)| workbook)
}

/// What the single pass reads sheets against, once per workbook.
struct SinglePass {
    strings: SharedStrings,
    formats: Vec<CellFormat>,
}

/// Also returns how many sheets the single pass read (for the tests).
fn load_with(
    bytes: &[u8],
    zip: &mut ZipArchive<Source<'_>>,
    format: Format,
    limits: &Limits,
    single_pass: bool,
) -> Result<(Workbook, usize), LoadError> {
    // calamine refuses a workbook with an XLM macro sheet: read the others
    // from a copy in which that sheet is a dialog sheet, and say which
    // sheets were not read.
    if let Some((macro_sheets, patched)) = xlsx_parts::retype_macro_sheets(zip) {
        let mut copy = ZipArchive::new(Cursor::new(patched.as_slice()))
            .map_err(|e| LoadError::corrupt(format.name(), e))?;
        let (mut workbook, followed) = load_with(&patched, &mut copy, format, limits, single_pass)?;
        workbook
            .unread
            .extend(macro_sheets.into_iter().map(|name| UnreadSheet {
                name,
                why: "it is an Excel 4.0 (XLM) macro sheet".to_owned(),
            }));
        return Ok((workbook, followed));
    }
    let fail = |e: XlsxError| error(format, e);
    check_shared_string_count(zip, format)?;
    let mut xlsx: Xlsx<Source<'_>> = Xlsx::new(Cursor::new(bytes)).map_err(fail)?;
    let is_1904 = xlsx.has_1904_epoch();
    let metadata = xlsx.sheets_metadata().to_vec();
    let package = Package::read(zip, &metadata);
    let mut looks = None;
    // Prepared on the first sheet; `None` inside when the workbook cannot
    // be followed.
    let mut prepared: Option<Option<SinglePass>> = None;
    let mut followed = 0;
    let mut sheets = Vec::with_capacity(metadata.len());
    for meta in metadata.iter().filter(|m| is_worksheet(m.typ)) {
        let part = package.as_ref().and_then(|p| p.sheet_part(&meta.name));
        let mut read = None;
        if let (true, Some(package), Some(part)) = (single_pass, &package, part) {
            if prepared.is_none() {
                prepared = prepare(&mut xlsx, zip, package, &meta.name, &mut looks);
            }
            if let (Some(Some(pass)), Some(looks)) = (&prepared, &looks) {
                let context = Context {
                    strings: &pass.strings,
                    formats: &pass.formats,
                    looks,
                    is_1904,
                };
                match xlsx_sheet::read_sheet(zip, part, &context, limits) {
                    Ok((cells, merges)) => {
                        check_used_area(&meta.name, &cells, limits)?;
                        read = Some(Sheet::new(&meta.name, cells, merges));
                        followed += 1;
                    }
                    Err(Failure::Limit(e)) => return Err(e),
                    Err(Failure::Bail) => (),
                }
            }
        }
        let mut sheet = match read {
            Some(sheet) => sheet,
            None => match read_sheet(&mut xlsx, &meta.name, is_1904, &mut looks, limits)
                .map_err(|e| e.into_load_error(format))?
            {
                Some(sheet) => sheet,
                None => continue,
            },
        };
        sheet.visibility = visibility(meta.visible);
        if let (Some(package), Some(part)) = (&package, part) {
            sheet.notes = xlsx_parts::sheet_notes(zip, package, part)
                .into_iter()
                .map(|(row, col, text)| Note { row, col, text })
                .collect();
        }
        sheets.push(sheet);
    }
    Ok((
        Workbook {
            sheets,
            ..Workbook::default()
        },
        followed,
    ))
}

/// Reads what the single pass needs from the workbook's parts: calamine's
/// styles (through a cell reader of sheet `name`, the only way calamine
/// gives them), their date classification, and the shared strings. `None`
/// in the outer option when calamine cannot open that sheet (the next
/// sheet tries again); `None` inside when the workbook cannot be followed.
fn prepare(
    xlsx: &mut Xlsx<Source<'_>>,
    zip: &mut ZipArchive<Source<'_>>,
    package: &Package,
    name: &str,
    looks: &mut Option<Looks>,
) -> Option<Option<SinglePass>> {
    let reader = xlsx.worksheet_cells_reader(name).ok()?;
    let styles = reader.styles();
    looks.get_or_insert_with(|| style_looks(styles));
    let formats = xlsx_parts::cell_formats(zip, package, styles);
    drop(reader);
    let strings = match zip.by_name(&package.workbook_part("sharedStrings.xml")) {
        Ok(mut entry) => {
            let size = entry.size();
            SharedStrings::read(&mut entry, size).ok()
        }
        Err(zip::result::ZipError::FileNotFound) => Some(SharedStrings::default()),
        Err(_) => None,
    };
    Some(
        formats
            .zip(strings)
            .map(|(formats, strings)| SinglePass { strings, formats }),
    )
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
    use std::io::Write;
    use std::path::{Path, PathBuf};

    use proptest::prelude::*;
    use zip::write::SimpleFileOptions;
    use zip::ZipWriter;

    use super::*;

    /// A workbook loaded with and without the single pass, as the public
    /// loader runs it (zip guards, panics contained): the workbook's full
    /// debug text or the error's, and how many sheets the single pass read.
    fn load_both(bytes: &[u8]) -> Option<[(Result<String, String>, usize); 2]> {
        let format = match crate::load::sniff(bytes) {
            Ok(format @ (Format::Xlsx | Format::Xlsm)) => format,
            _ => return None,
        };
        let load = |single_pass| {
            let limits = Limits::default();
            let mut followed = 0;
            let result = ZipArchive::new(Cursor::new(bytes))
                .map_err(|e| LoadError::corrupt("zip", e))
                .and_then(|mut zip| {
                    limits.check_zip(&zip)?;
                    crate::load::contain_panics(format, || {
                        let (workbook, count) =
                            load_with(bytes, &mut zip, format, &limits, single_pass)?;
                        followed = count;
                        Ok(workbook)
                    })
                });
            let text = result
                .map(|workbook| format!("{workbook:#?}"))
                .map_err(|e| e.to_string());
            (text, followed)
        };
        Some([load(true), load(false)])
    }

    /// Asserts both ways agree; returns the sheets loaded and how many of
    /// them the single pass read.
    fn assert_agree(name: &str, bytes: &[u8]) -> Option<(usize, usize)> {
        let [(fast, followed), (reference, _)] = load_both(bytes)?;
        if fast != reference {
            let (fast, reference) = (fast.unwrap_or_else(|e| e), reference.unwrap_or_else(|e| e));
            let line = fast
                .lines()
                .zip(reference.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let around = |text: &str| {
                text.lines()
                    .skip(line.saturating_sub(8))
                    .take(12)
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            panic!(
                "{name}: single pass and calamine differ at line {line}:\n--- single pass\n{}\n--- calamine\n{}",
                around(&fast),
                around(&reference)
            );
        }
        let sheets = reference.map_or(0, |text| text.matches("Sheet {").count());
        Some((sheets, followed))
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

    /// Every xlsx and xlsm of the robustness corpus, the samples, the fuzz
    /// seeds and the test fixtures: the single pass gives the workbook (or
    /// the error) calamine's passes give, and reads every sheet calamine
    /// can read.
    #[test]
    fn single_pass_agrees_with_calamine() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["tests/corpus", "samples", "fuzz/seeds"] {
            spreadsheets(&root.join(dir), &mut files);
        }
        files.sort();
        let mut workbooks: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|path| (path.display().to_string(), std::fs::read(path).unwrap()))
            .collect();
        let macros =
            std::fs::read(root.join("tests/corpus/third-party/calamine-tests/vba.xlsm")).unwrap();
        let mut vba = Vec::new();
        ZipArchive::new(Cursor::new(&macros[..]))
            .unwrap()
            .by_name("xl/vbaProject.bin")
            .unwrap()
            .read_to_end(&mut vba)
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let vba_path = dir.path().join("vbaProject.bin");
        std::fs::write(&vba_path, vba).unwrap();
        let fixtures = [
            ("fixtures::rich", super::super::test_fixtures::rich(None)),
            (
                "fixtures::rich with macros",
                super::super::test_fixtures::rich(Some(&vba_path)),
            ),
        ];
        workbooks.extend(fixtures.map(|(name, bytes)| (name.to_owned(), bytes)));
        let (mut compared, mut sheets, mut followed) = (0, 0, 0);
        let mut missed = Vec::new();
        for (name, bytes) in &workbooks {
            let Some((loaded, read)) = assert_agree(name, bytes) else {
                continue;
            };
            compared += 1;
            sheets += loaded;
            followed += read;
            if read < loaded {
                missed.push(format!("{name}: {read} of {loaded}"));
            }
        }
        eprintln!("{compared} workbooks, {sheets} sheets, {followed} read in one pass");
        assert!(compared > 70, "only {compared} xlsx files compared");
        assert!(sheets > 100, "only {sheets} sheets loaded");
        assert_eq!(followed, sheets, "sheets not read in one pass: {missed:#?}");
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
    fn tricky_cells_agree_and_are_read_in_one_pass() {
        let data = concat!(
            r#"<row r="1"><c r="A1" s="1"><v>45382</v></c><c r="B1" s="2"><v>1.25</v></c><c r="C1" s="3"><v>0.256</v></c>"#,
            r#"<c r="D1" s="3"/><c r="E1" t="s"><v>1</v></c><c r="F1" t="s"><v>2</v></c><c r="G1" t="str"><f>A1</f><v>a&amp;b&#10;_x000D_</v></c>"#,
            r#"<c r="H1" t="inlineStr"><is><r><t xml:space="preserve"> rich </t></r><rPh><t>ph</t></rPh><t><![CDATA[<x>]]></t></is></c>"#,
            r#"<c r="I1" t="e"><v>#DIV/0!</v></c><c r="J1" t="b"><v>1</v></c><c r="K1" t="d"><v>2024-03-31T00:00:00</v></c>"#,
            r#"<c r="L1"><v></v></c><c r="M1"><v>text</v></c><c r="N1" s="9"><v>5</v></c></row>"#,
            r#"<row><c><v>1</v></c><c/><c><f t="shared" ref="C2:C3" si="0">A2</f><v>2</v></c></row>"#,
            r#"<row r="3"><c r="C3"><f t="shared" si="0"/></c></row>"#,
        );
        for date1904 in [false, true] {
            let bytes = package(data, date1904);
            assert_eq!(assert_agree("tricky", &bytes), Some((2, 2)));
        }
    }

    #[test]
    fn what_calamine_rejects_is_left_to_calamine() {
        for data in [
            r#"<row r="1"><c r="A1" t="s"><v>3</v></c></row>"#,
            r#"<row r="1"><c r="A1" t="e"><v>#WHAT?</v></c></row>"#,
            r#"<row r="1"><c r="A1"><x/></c></row>"#,
            // Two cells at one place: calamine's passes combine them as
            // only they do.
            r#"<row r="1"><c r="A1"><v>1</v></c><c r="A1" s="3"/></row>"#,
            r#"<row r="1"><c r="A1"><v>x &amp y</v></c></row>"#,
            r#"<row r="1"><c r="A1" t="b"><v>2</v></c></row>"#,
        ] {
            let bytes = package(data, false);
            let [(fast, followed), (reference, _)] = load_both(&bytes).unwrap();
            assert_eq!(fast, reference, "{data}");
            assert!(followed < 2, "{data}");
        }
    }

    /// Pieces of sheet XML, valid and not, that calamine reads in its own
    /// particular ways.
    fn piece() -> impl Strategy<Value = String> {
        let text = prop::sample::select(vec![
            "1",
            "1.5",
            "-2e3",
            " 7",
            "",
            "0",
            "1",
            "2",
            "3",
            "true",
            "abc",
            "#N/A",
            "#BAD!",
            "2024-03-31",
            "a&amp;b",
            "_x000D_",
            "x&#13;\r\ny",
            "<![CDATA[c]]>",
            "<!--n-->4",
            "&bogus;",
            "45382",
            "nan",
            "inf",
            "1e400",
        ]);
        let t = prop::sample::select(vec![
            "",
            r#" t="n""#,
            r#" t="s""#,
            r#" t="b""#,
            r#" t="e""#,
            r#" t="str""#,
            r#" t="d""#,
            r#" t="inlineStr""#,
            r#" t="x""#,
        ]);
        let s = prop::sample::select(vec![
            "",
            r#" s="1""#,
            r#" s="2""#,
            r#" s="3""#,
            r#" s="0""#,
            r#" s="x""#,
            r#" s="99""#,
        ]);
        // Mostly cells in order, as every writer puts them.
        let r = prop_oneof![
            12 => Just(""),
            1 => Just(r#" r="B2""#),
            1 => Just(r#" r="C1""#),
            1 => Just(r#" r="AA10""#),
            1 => Just(r#" r="A0""#),
        ];
        let child = (text.clone(), 0..16u8).prop_map(|(text, kind)| match kind {
            0..=5 => format!("<v>{text}</v>"),
            6 => "<v/>".to_owned(),
            7 | 8 => format!("<f>{text}</f>"),
            9 => r#"<f t="shared" si="1"/>"#.to_owned(),
            10 | 11 => format!(
                "<is><r><t>{text}</t></r><rPh><t>p</t></rPh><t xml:space='preserve'> {text} </t></is>"
            ),
            12..=14 => format!("<x:v xmlns:x='m'>{text}</x:v>"),
            _ => "<extLst/>".to_owned(),
        });
        prop_oneof![
            4 => (r, s, t, prop::collection::vec(child, 0..3))
                .prop_map(|(r, s, t, children)| format!("<c{r}{s}{t}>{}</c>", children.concat())),
            1 => Just("<c/>".to_owned()),
            1 => Just("</row><row>".to_owned()),
            1 => Just(r#"</row><row r="7">"#.to_owned()),
            1 => text.prop_map(|text| text.to_owned()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any mix of those pieces: the single pass gives what calamine's
        /// passes give, error for error.
        #[test]
        fn any_sheet_agrees(pieces in prop::collection::vec(piece(), 0..12), date1904 in any::<bool>()) {
            let data = format!("<row>{}</row>", pieces.concat());
            let bytes = package(&data, date1904);
            let [(fast, _), (reference, _)] = load_both(&bytes).unwrap();
            prop_assert_eq!(fast, reference, "{}", data);
        }
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
