//! The loader on workbooks built here: by rust_xlsxwriter, or part by part
//! when a case needs XML no writer produces (a formula without a cached
//! value, a lying count, a bomb).

use std::io::{Cursor, Write};

use rust_xlsxwriter::{Color, ExcelDateTime, Format as XlsxFormat, Workbook as XlsxWorkbook};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use wreslint::date::Date;
use wreslint::load::{load_bytes, load_path, sniff, Limits, LoadError};
use wreslint::workbook::{Format, Shown, Value, Workbook};

fn load(bytes: &[u8]) -> Workbook {
    load_bytes(bytes, &Limits::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn zip_parts(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, text) in parts {
        writer.start_file(*name, options).unwrap();
        writer.write_all(text.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

const XLSX_NS: &str = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#;

/// A one-sheet xlsx ("Plan") with the given `sheetData` content.
fn xlsx_with(sheet_data: &str, extra: &[(&str, &str)]) -> Vec<u8> {
    let rels_ns = r#"xmlns="http://schemas.openxmlformats.org/package/2006/relationships""#;
    let office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let package_rels = format!(
        r#"<Relationships {rels_ns}><Relationship Id="rId1" Type="{office}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    );
    let workbook = format!(
        r#"<workbook {XLSX_NS} xmlns:r="{office}"><sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let workbook_rels = format!(
        r#"<Relationships {rels_ns}><Relationship Id="rId1" Type="{office}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
    );
    let sheet = format!(r#"<worksheet {XLSX_NS}><sheetData>{sheet_data}</sheetData></worksheet>"#);
    let mut parts = vec![
        (
            "[Content_Types].xml",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
        ),
        ("_rels/.rels", package_rels.as_str()),
        ("xl/workbook.xml", workbook.as_str()),
        ("xl/_rels/workbook.xml.rels", workbook_rels.as_str()),
        ("xl/worksheets/sheet1.xml", sheet.as_str()),
    ];
    parts.extend_from_slice(extra);
    zip_parts(&parts)
}

/// A one-sheet ods ("Plan") with the given automatic styles and rows.
fn ods_with(styles: &str, rows: &str) -> Vec<u8> {
    let content = format!(
        r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.2"><office:automatic-styles>{styles}</office:automatic-styles><office:body><office:spreadsheet><table:table table:name="Plan">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_parts(&[
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", &content),
    ])
}

#[test]
fn xlsx_positions_formats_fills_formulas_and_merges() {
    let mut workbook = XlsxWorkbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Actions").unwrap();
    // The used range starts at C5: positions must stay absolute.
    sheet.write_string(4, 2, "Action").unwrap();
    sheet
        .write_number_with_format(5, 2, 0.256, &XlsxFormat::new().set_num_format("0.00%"))
        .unwrap();
    sheet
        .write_number_with_format(5, 3, 12.34, &XlsxFormat::new().set_num_format("0.0"))
        .unwrap();
    sheet
        .write_number_with_format(5, 4, 1234.0, &XlsxFormat::new().set_num_format("#,##0"))
        .unwrap();
    sheet.write_number(5, 5, 7.0).unwrap();
    sheet
        .write_blank(
            6,
            2,
            &XlsxFormat::new().set_background_color(Color::RGB(0x00B050)),
        )
        .unwrap();
    sheet
        .write_string_with_format(
            6,
            3,
            "Red",
            &XlsxFormat::new().set_background_color(Color::RGB(0xFF0000)),
        )
        .unwrap();
    sheet.write_formula(6, 4, "=C6*2").unwrap();
    sheet
        .merge_range(7, 2, 7, 4, "Merged", &XlsxFormat::new())
        .unwrap();
    let day = ExcelDateTime::from_ymd(2024, 3, 31).unwrap();
    sheet
        .write_datetime_with_format(8, 2, &day, &XlsxFormat::new().set_num_format("dd/mm/yyyy"))
        .unwrap();
    let bytes = workbook.save_to_buffer().unwrap();

    let loaded = load(&bytes);
    let sheet = loaded.sheet("Actions").expect("sheet");
    assert_eq!((sheet.cells()[0].row, sheet.cells()[0].col), (4, 2));
    assert_eq!(
        sheet.cell(4, 2).map(|c| c.text()),
        Some("Action".to_owned())
    );
    let shown = |row, col| sheet.cell(row, col).and_then(|c| c.shown);
    assert_eq!(
        shown(5, 2),
        Some(Shown {
            decimals: 2,
            percent: true
        })
    );
    assert_eq!(
        shown(5, 3),
        Some(Shown {
            decimals: 1,
            percent: false
        })
    );
    assert_eq!(
        shown(5, 4),
        Some(Shown {
            decimals: 0,
            percent: false
        })
    );
    assert_eq!(shown(5, 5), None);
    let green = sheet.cell(6, 2).expect("coloured blank cell is kept");
    assert_eq!(
        (&green.value, green.fill.as_deref()),
        (&Value::Empty, Some("00B050"))
    );
    assert_eq!(
        sheet.cell(6, 3).and_then(|c| c.fill.as_deref()),
        Some("FF0000")
    );
    assert!(sheet.cell(6, 4).is_some_and(|c| c.formula));
    assert_eq!(sheet.merges().len(), 1);
    assert_eq!(
        sheet.shown_cell(7, 4).map(|c| c.text()),
        Some("Merged".to_owned())
    );
    assert_eq!(
        sheet.cell(8, 2).map(|c| &c.value),
        Some(&Value::Date(Date::new(2024, 3, 31).unwrap()))
    );
}

/// A sparse xlsx sheet is judged by the cells it has (issue 19): two
/// cells at the corners of the grid are two cells, never a dense grid.
#[test]
fn a_cell_in_the_last_corner_is_read_not_allocated() {
    let mut workbook = XlsxWorkbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_number(0, 0, 1.0).unwrap();
    sheet.write_number(1_048_575, 16_383, 2.0).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    assert!(bytes.len() < 10_000);
    let loaded = load_bytes(&bytes, &Limits::default()).unwrap();
    let sheet = &loaded.sheets[0];
    assert_eq!(sheet.cells().len(), 2);
    assert_eq!(
        sheet.cell(1_048_575, 16_383).map(|c| &c.value),
        Some(&Value::Number(2.0))
    );
}

#[test]
fn xlsx_cells_calamine_reads_oddly() {
    let bytes = xlsx_with(
        concat!(
            r#"<row r="1"><c r="A1"><v>2</v></c><c r="B1"><f>A1*2</f></c><c r="C1" t="e"><v>#REF!</v></c>"#,
            r#"<c r="D1" t="inlineStr"><is><t>inline</t></is></c>"#,
            // A shared formula index the file controls must not size anything.
            r#"<c r="E1"><f t="shared" ref="E1:E2" si="4000000000">A1</f><v>2</v></c></row>"#,
            // Cells without references follow on from the previous one.
            r#"<row><c><v>10</v></c><c><v>11</v></c></row>"#,
        ),
        &[],
    );
    let loaded = load(&bytes);
    let sheet = &loaded.sheets[0];
    let uncached = sheet.cell(0, 1).expect("formula without cached value");
    assert_eq!((&uncached.value, uncached.formula), (&Value::Empty, true));
    assert_eq!(
        sheet.cell(0, 2).map(|c| &c.value),
        Some(&Value::Error("#REF!".into()))
    );
    assert_eq!(
        sheet.cell(0, 3).map(|c| c.text()),
        Some("inline".to_owned())
    );
    assert!(sheet.cell(0, 4).is_some_and(|c| c.formula));
    assert_eq!(
        sheet.cell(1, 1).map(|c| &c.value),
        Some(&Value::Number(11.0))
    );
}

#[test]
fn a_shared_string_count_the_part_cannot_hold_is_corrupt() {
    let sst = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="900000000"><si><t>a</t></si></sst>"#;
    let bytes = xlsx_with(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#,
        &[("xl/sharedStrings.xml", sst)],
    );
    let err = load_bytes(&bytes, &Limits::default()).unwrap_err();
    assert!(
        matches!(err, LoadError::Corrupt { format: "xlsx", .. }),
        "{err}"
    );
}

#[test]
fn zip_bombs_are_stopped_from_the_central_directory() {
    let sheet = format!(
        r#"<row r="1"><c r="A1"><v>1</v></c></row>{}"#,
        " ".repeat(4 * 1024 * 1024)
    );
    let bytes = xlsx_with(&sheet, &[]);
    let err = load_bytes(&bytes, &Limits::default()).unwrap_err();
    assert!(
        matches!(
            err,
            LoadError::TooLarge {
                guard: "compression ratio of a zip entry",
                ..
            }
        ),
        "{err}"
    );
    let tight = Limits {
        max_decompressed_bytes: 1024 * 1024,
        max_compression_ratio: f64::INFINITY,
        ..Limits::default()
    };
    let err = load_bytes(&bytes, &tight).unwrap_err();
    assert!(
        matches!(
            err,
            LoadError::TooLarge {
                guard: "decompressed size in bytes",
                ..
            }
        ),
        "{err}"
    );
    let small = Limits {
        max_file_bytes: 100,
        ..Limits::default()
    };
    assert!(matches!(
        load_bytes(&bytes, &small),
        Err(LoadError::TooLarge {
            guard: "file size in bytes",
            ..
        })
    ));
}

#[test]
fn ods_errors_merges_styles_and_repeats() {
    let styles = concat!(
        r#"<number:percentage-style style:name="P1"><number:number number:decimal-places="1" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>"#,
        r#"<style:style style:name="ce1" style:family="table-cell" style:data-style-name="P1"/>"#,
        r##"<style:style style:name="ce2" style:family="table-cell"><style:table-cell-properties fo:background-color="#ff0000"/></style:style>"##,
    );
    let rows = concat!(
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Indicator</text:p></table:table-cell>"#,
        r#"<table:table-cell table:style-name="ce1" office:value-type="percentage" office:value="0.25"/>"#,
        r#"<table:table-cell office:value-type="string"><text:p>#N/A</text:p></table:table-cell>"#,
        r#"<table:table-cell table:formula="of:=1/0" office:value-type="string" office:string-value="" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell></table:table-row>"#,
        r#"<table:table-row><table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="1" office:value-type="string"><text:p>Merged</text:p></table:table-cell><table:covered-table-cell/>"#,
        r#"<table:table-cell table:style-name="ce2"/></table:table-row>"#,
        r#"<table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="date" office:date-value="2024-03-31"/></table:table-row>"#,
    );
    let bytes = ods_with(styles, rows);
    assert_eq!(sniff(&bytes).ok(), Some(Format::Ods));
    let loaded = load(&bytes);
    let sheet = &loaded.sheets[0];
    assert_eq!(
        sheet.cell(0, 1).and_then(|c| c.shown),
        Some(Shown {
            decimals: 1,
            percent: true
        })
    );
    // Typed text that looks like an error stays text; a real error is one.
    assert_eq!(
        sheet.cell(0, 2).map(|c| &c.value),
        Some(&Value::Text("#N/A".into()))
    );
    let error = sheet.cell(0, 3).expect("error cell");
    assert_eq!(
        (&error.value, error.formula),
        (&Value::Error("#DIV/0!".into()), true)
    );
    assert_eq!(sheet.merges().len(), 1);
    assert_eq!(
        sheet.shown_cell(1, 1).map(|c| c.text()),
        Some("Merged".to_owned())
    );
    let red = sheet.cell(1, 2).expect("coloured blank cell");
    assert_eq!(
        (&red.value, red.fill.as_deref()),
        (&Value::Empty, Some("FF0000"))
    );
    let day = Value::Date(Date::new(2024, 3, 31).unwrap());
    assert_eq!(sheet.cell(3, 0).map(|c| &c.value), Some(&day));
}

#[test]
fn ods_expansions_are_measured_before_calamine_runs() {
    let grid = r#"<table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"/></table:table-row>"#;
    let err = load_bytes(&ods_with("", grid), &Limits::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "sheet 'Plan' declares 100000 × 1000 cells, more than the limit of {}",
            Limits::default().max_cells
        )
    );
    let spaces = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="4000000000"/>b</text:p></table:table-cell></table:table-row>"#;
    let err = load_bytes(&ods_with("", spaces), &Limits::default()).unwrap_err();
    assert!(
        matches!(
            err,
            LoadError::TooLarge {
                guard: "text expanded from repeated spaces in bytes",
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn sniffing_by_content() {
    assert!(matches!(sniff(b""), Err(LoadError::Empty)));
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    assert!(matches!(sniff(&noise), Err(LoadError::NotASpreadsheet)));
    let docx = zip_parts(&[
        ("[Content_Types].xml", "<Types/>"),
        ("word/document.xml", "<w:document/>"),
    ]);
    assert!(matches!(sniff(&docx), Err(LoadError::NotASpreadsheet)));
    let truncated = &xlsx_with("", &[])[..200];
    assert!(matches!(sniff(truncated), Err(LoadError::Corrupt { .. })));
    assert_eq!(sniff(&xlsx_with("", &[])).ok(), Some(Format::Xlsx));
    let text = "not a spreadsheet (no xlsx/xlsm/xlsb/xls/ods signature)";
    assert_eq!(LoadError::NotASpreadsheet.to_string(), text);
}

#[test]
fn paths_upper_case_extensions_directories_and_missing_files() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/third-party/calamine-tests");
    let original = std::fs::read(corpus.join("date.xlsx")).unwrap();
    let upper = dir.path().join("PLAN.XLSX");
    std::fs::write(&upper, &original).unwrap();
    let (bytes, workbook) = load_path(&upper, &Limits::default()).unwrap();
    assert_eq!(bytes, original);
    assert_eq!(workbook.sheets[0].cells().len(), 6);
    // An xls saved with an xlsx name is still an xls.
    let misnamed = dir.path().join("plan.xlsx");
    std::fs::write(&misnamed, std::fs::read(corpus.join("date.xls")).unwrap()).unwrap();
    assert!(load_path(&misnamed, &Limits::default()).is_ok());

    assert!(matches!(
        load_path(dir.path(), &Limits::default()),
        Err(LoadError::IsADirectory)
    ));
    assert_eq!(LoadError::IsADirectory.to_string(), "is a directory");
    let missing = load_path(&dir.path().join("missing.xlsx"), &Limits::default()).unwrap_err();
    assert!(
        matches!(missing, LoadError::Io(_))
            && missing.to_string().starts_with("cannot read the file: ")
    );
    let empty = dir.path().join("empty.xlsx");
    std::fs::write(&empty, b"").unwrap();
    assert_eq!(
        load_path(&empty, &Limits::default())
            .unwrap_err()
            .to_string(),
        "empty file (0 bytes)"
    );
}

#[test]
fn an_ods_cut_off_inside_a_table_is_corrupt_not_a_hang() {
    let bytes = ods_with(
        "",
        r#"<table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#,
    );
    // Rebuild the package with content.xml cut after the first row.
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
    let mut content = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("content.xml").unwrap(), &mut content).unwrap();
    let cut = &content[..content.find("</table:table-row>").unwrap() + "</table:table-row>".len()];
    let mut parts = Vec::new();
    for name in ["mimetype", "META-INF/manifest.xml"] {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        parts.push((name, text));
    }
    parts.push(("content.xml", cut.to_owned()));
    let parts: Vec<(&str, &str)> = parts.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let err = load_bytes(&zip_parts(&parts), &Limits::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "corrupt ods: content.xml ends inside table 'Plan'"
    );
}
