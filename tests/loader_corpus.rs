//! The loader against calamine's own test files: odd, broken and hostile
//! workbooks. Every file must load or fail with a one-line error; none may
//! panic, abort or hang.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a tool for people: it prints

use std::path::{Path, PathBuf};

use wreslint::date::Date;
use wreslint::load::{load_path, sniff, Limits, LoadError};
use wreslint::workbook::{Sheet, Shown, Value, Visibility, Workbook};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/third-party/calamine-tests")
}

fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("corpus folder")
        .map(|entry| entry.expect("corpus entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

fn outcome(result: &Result<(Vec<u8>, Workbook), LoadError>) -> String {
    match result {
        Ok((_, workbook)) => {
            let cells: usize = workbook.sheets.iter().map(|s| s.cells().len()).sum();
            format!("ok: {} sheets, {cells} cells", workbook.sheets.len())
        }
        Err(e) => format!("error: {e}"),
    }
}

#[test]
fn every_corpus_file_loads_or_fails_on_one_line() {
    let files = corpus_files();
    assert!(
        files.len() > 100,
        "corpus not found at {}",
        corpus_dir().display()
    );
    let mut loaded = 0;
    for path in &files {
        let result = load_path(path, &Limits::default());
        let line = outcome(&result);
        if let Err(e) = &result {
            let message = e.to_string();
            assert!(
                !message.contains('\n') && !message.is_empty(),
                "{}: {message:?}",
                path.display()
            );
        } else {
            loaded += 1;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        println!("{name:<45} {line}");
    }
    println!("{loaded} of {} files loaded", files.len());
}

fn load(name: &str) -> Workbook {
    match load_path(&corpus_dir().join(name), &Limits::default()) {
        Ok((_, workbook)) => workbook,
        Err(e) => panic!("{name}: {e}"),
    }
}

fn load_err(name: &str) -> LoadError {
    match load_path(&corpus_dir().join(name), &Limits::default()) {
        Ok(_) => panic!("{name} loaded"),
        Err(e) => e,
    }
}

fn merges(sheet: &Sheet) -> Vec<(u32, u32, u32, u32)> {
    let mut merges: Vec<_> = sheet
        .merges()
        .iter()
        .map(|m| (m.first_row, m.first_col, m.last_row, m.last_col))
        .collect();
    merges.sort_unstable();
    merges
}

fn date(year: i32, month: u8, day: u8) -> Value {
    Value::Date(Date::new(year, month, day).expect("valid date"))
}

#[test]
fn encrypted_workbooks_say_so() {
    for name in [
        "pass_protected.xlsx",
        "pass_protected.xlsb",
        "pass_protected.ods",
        "issue_385.xls",
    ] {
        assert!(matches!(load_err(name), LoadError::Encrypted), "{name}");
    }
    assert_eq!(
        sniff(&std::fs::read(corpus_dir().join("pass_protected.xlsx")).unwrap())
            .err()
            .map(|e| e.to_string()),
        Some("encrypted workbook (password protected): wreslint cannot read it".to_owned())
    );
}

#[test]
fn hostile_files_end_in_clean_errors() {
    // calamine allocates by declared sizes in these; they must not abort.
    for name in ["OOM_alloc.xls", "OOM_alloc2.xls"] {
        let workbook = load(name);
        assert!(!workbook.sheets.is_empty(), "{name}");
    }
    assert!(matches!(
        load_err("OOM_alloc3.xls"),
        LoadError::Corrupt { .. }
    ));
    let dos = load_err("issue_594_dos.ods");
    assert_eq!(
        dos.to_string(),
        format!(
            "sheet 'Sheet1' declares 1048576 × 16384 cells, more than the limit of {}",
            Limits::default().max_cells
        )
    );
    assert!(matches!(
        load_err("too_small.xls"),
        LoadError::NotASpreadsheet
    ));
}

#[test]
fn sniffing_follows_content_not_extension() {
    for path in corpus_files() {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let Ok(format) = sniff(&std::fs::read(&path).unwrap()) else {
            continue;
        };
        let extension = name.rsplit('.').next().unwrap_or_default();
        assert_eq!(format.name(), extension, "{name}");
    }
}

#[test]
fn merged_regions_in_every_format() {
    let xlsx = load("merge_cells.xlsx");
    assert_eq!(
        merges(&xlsx.sheets[0]),
        vec![(0, 0, 0, 1), (1, 0, 3, 0), (1, 1, 3, 3)]
    );
    let sheet = &xlsx.sheets[0];
    assert_eq!(
        sheet.shown_cell(2, 2).map(|c| c.text()),
        Some("Chunk Merged".to_owned())
    );

    let xls = load("merged_range.xls");
    let sheet2 = xls.sheet("Sheet2").expect("Sheet2");
    assert_eq!(
        merges(sheet2),
        vec![
            (0, 0, 3, 0),
            (0, 1, 1, 1),
            (0, 2, 1, 3),
            (0, 4, 1, 4),
            (0, 5, 3, 7),
            (2, 2, 3, 3)
        ]
    );
    let xlsx = load("merged_range.xlsx");
    assert_eq!(
        merges(xlsx.sheet("Sheet2").expect("Sheet2")),
        merges(sheet2)
    );

    let ods = load("merged_cells.ods");
    assert_eq!(merges(&ods.sheets[0]), vec![(1, 0, 2, 0)]);
}

#[test]
fn dates_in_both_epochs_and_formats() {
    for name in [
        "date.xlsx",
        "date_1904.xlsx",
        "date.xls",
        "date_1904.xls",
        "date.xlsb",
        "date_1904.xlsb",
    ] {
        let sheet = &load(name).sheets[0];
        assert_eq!(
            sheet.cell(0, 0).map(|c| &c.value),
            Some(&date(2021, 1, 1)),
            "{name}"
        );
        assert_eq!(
            sheet.cell(1, 0).map(|c| &c.value),
            Some(&date(2021, 1, 2)),
            "{name}"
        );
        // A duration ([hh]:mm:ss) stays a number of days.
        assert!(
            matches!(sheet.cell(2, 0).map(|c| &c.value), Some(Value::Number(n)) if (n - 10.632).abs() < 1e-3),
            "{name}"
        );
    }
    let ods = &load("date.ods").sheets[0];
    assert_eq!(ods.cell(0, 0).map(|c| &c.value), Some(&date(2021, 1, 1)));
    assert!(
        matches!(ods.cell(2, 0).map(|c| &c.value), Some(Value::Number(n)) if (n - 0.4237).abs() < 1e-3)
    );
}

#[test]
fn xls_styles_come_from_the_pre_scan() {
    // Checked against xlrd's reading of the same file.
    let sheet = &load("optional_records.xls").sheets[0];
    let m10 = sheet.cell(9, 12).expect("M10");
    assert_eq!(
        m10.shown,
        Some(Shown {
            decimals: 2,
            percent: false
        })
    );
    assert_eq!(m10.fill.as_deref(), Some("339966"));
    assert_eq!(
        sheet.cell(7, 13).and_then(|c| c.fill.as_deref()),
        Some("FF0000")
    );
    let sheet = &load("malformed_format.xls").sheets[0];
    // A customised palette slot (22 is C0C0C0 by default).
    assert_eq!(
        sheet.cell(1, 3).and_then(|c| c.fill.as_deref()),
        Some("BFBFBF")
    );
}

#[test]
fn xlsx_fills_and_formats() {
    let sheet = &load("issue_174.xlsx").sheets[0];
    assert_eq!(
        sheet.cell(0, 0).and_then(|c| c.fill.as_deref()),
        Some("FFFF00")
    );
    assert_eq!(
        sheet.cell(0, 1).and_then(|c| c.fill.as_deref()),
        Some("FF0000")
    );
    // A fill in the reserved first slot is the plain background.
    let sheet = &load("inlineStr_with_value.xlsx").sheets[0];
    assert_eq!(
        sheet.cell(0, 2).map(|c| (&c.value, c.fill.as_deref())),
        Some((&Value::Empty, Some("C0C0C0")))
    );
    assert_eq!(sheet.cell(1, 0).and_then(|c| c.fill.as_deref()), None);
    let issue5 = load("issues.xlsx");
    let cell = issue5
        .sheet("issue5")
        .and_then(|s| s.cell(0, 0))
        .expect("issue5!A1");
    assert_eq!(
        cell.shown,
        Some(Shown {
            decimals: 0,
            percent: false
        })
    );
}

#[test]
fn formulas_errors_and_visibility() {
    let errors = &load("errors.xlsx").sheets[0];
    let values: Vec<_> = errors
        .cells()
        .iter()
        .map(|c| (c.value.to_text(), c.formula))
        .collect();
    assert_eq!(values[0], ("#DIV/0!".to_owned(), true));
    assert!(errors
        .cells()
        .iter()
        .all(|c| matches!(c.value, Value::Error(_))));
    let xlsb = &load("issue_182.xlsb").sheets[0];
    assert!(xlsb.cells().iter().all(|c| c.formula));
    let xls = &load("xls_formula.xls").sheets[0];
    assert_eq!(xls.cells().iter().filter(|c| c.formula).count(), 3);

    for name in ["any_sheets.xlsx", "any_sheets.xls", "any_sheets.xlsb"] {
        let workbook = load(name);
        let sheets: Vec<_> = workbook
            .sheets
            .iter()
            .map(|s| (&*s.name, s.visibility))
            .collect();
        // The chart sheet is skipped.
        assert_eq!(
            sheets,
            vec![
                ("Visible", Visibility::Visible),
                ("Hidden", Visibility::Hidden),
                ("VeryHidden", Visibility::VeryHidden)
            ],
            "{name}"
        );
    }
}
