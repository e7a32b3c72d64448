//! The annotator end to end: annotated copies of the samples, of generated
//! workbooks carrying charts, tables, VBA and notes, and of every xlsx/xlsm
//! of calamine's test corpus must read back cell for cell, carry one note
//! per flagged cell, and keep every part they need not change.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a tool for people: it prints

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use common::fixtures;
use common::*;
use wreslint::annotate::{
    output_path, write_atomically, AnnotateError, AnnotateWarning, COVERAGE_SHEET, ERROR_FILL,
    INFO_FILL, SUMMARY_SHEET, WARNING_FILL,
};
use wreslint::diagnostic::{Diagnostic, Severity};
use wreslint::load::{load_bytes, load_path, Limits, LoadError};
use wreslint::workbook::{Format, Value, Workbook};

fn samples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(repo().join("samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .collect();
    files.sort();
    files
}

fn fill_of(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => ERROR_FILL,
        Severity::Warning => WARNING_FILL,
        Severity::Info => INFO_FILL,
    }
}

/// Each flagged cell of the copy shows the fill of its worst finding.
fn check_fills(label: &str, copy: &Workbook, diagnostics: &[Diagnostic]) {
    let mut worst: BTreeMap<(String, u32, u32), Severity> = BTreeMap::new();
    for d in diagnostics {
        if let Some(at) = d.location.anchor() {
            let e = worst
                .entry((at.sheet.to_string(), at.row, at.col))
                .or_insert(d.severity);
            *e = (*e).max(d.severity);
        }
    }
    for ((sheet, row, col), severity) in worst {
        let Some(sheet_data) = copy.sheet(&sheet) else {
            continue;
        };
        let cell = sheet_data
            .cell(row, col)
            .unwrap_or_else(|| panic!("{label}: flagged {sheet}!{row},{col} missing"));
        assert_eq!(
            cell.fill.as_deref(),
            Some(fill_of(severity)),
            "{label}: fill of {sheet}!{row},{col}"
        );
    }
}

#[test]
fn samples_round_trip_and_reannotate_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    for path in samples() {
        let label = path.file_name().unwrap().to_string_lossy().into_owned();
        let hash_before = sha(&fs::read(&path).unwrap());
        let (input, workbook) = load_path(&path, &Limits::default()).unwrap();
        let model = build_model(&workbook);
        let mut diagnostics = rule_diagnostics(&workbook, &model);
        diagnostics.extend(synthetic(&workbook, &notes(&input)));
        let out = run_annotate(&path, &input, &workbook, &model, &diagnostics).unwrap();
        assert_eq!(out.format, Format::Xlsx);
        assert!(out.warnings.is_empty(), "{label}: {:?}", out.warnings);
        let unchanged = check_patched(&label, &input, &diagnostics, &out);
        assert!(unchanged >= 3, "{label}: only {unchanged} parts kept");
        let copy = load_bytes(&out.bytes, &Limits::default()).unwrap();
        check_fills(&label, &copy, &diagnostics);

        let target = output_path(&path, out.format, Some(dir.path()));
        write_atomically(&out.bytes, &target, &path).unwrap();
        assert_eq!(fs::read(&target).unwrap(), out.bytes);
        assert_eq!(
            sha(&fs::read(&path).unwrap()),
            hash_before,
            "{label}: input changed"
        );

        // Linting the copy finds no plan on wreslint's own sheets.
        let copy_model = build_model(&copy);
        assert!(
            copy_model
                .action_tables
                .iter()
                .all(|t| &*t.sheet != SUMMARY_SHEET && &*t.sheet != COVERAGE_SHEET),
            "{label}: the copy's report sheets read as a plan"
        );
        // Annotating the copy again replaces wreslint's notes and sheets.
        let again = run_annotate(&target, &out.bytes, &copy, &copy_model, &diagnostics).unwrap();
        check_patched(
            &format!("{label} (again)"),
            &out.bytes,
            &diagnostics,
            &again,
        );
        let sheet_count =
            |bytes: &[u8]| load_bytes(bytes, &Limits::default()).unwrap().sheets.len();
        assert_eq!(
            sheet_count(&again.bytes),
            sheet_count(&out.bytes),
            "{label}: sheets added twice"
        );

        // The same input gives the same bytes.
        let twice = run_annotate(&path, &input, &workbook, &model, &diagnostics).unwrap();
        assert!(
            twice.bytes == out.bytes,
            "{label}: output not deterministic"
        );
    }
}

#[test]
fn the_draft_plan_copy_has_its_findings_on_the_expected_cells() {
    let path = repo().join("samples/draft-plan.xlsx");
    let (input, workbook) = load_path(&path, &Limits::default()).unwrap();
    let model = build_model(&workbook);
    let diagnostics = rule_diagnostics(&workbook, &model);
    assert!(
        diagnostics.len() >= 5,
        "the draft plan should have findings"
    );
    let out = run_annotate(&path, &input, &workbook, &model, &diagnostics).unwrap();
    let notes = notes(&out.bytes);
    for d in &diagnostics {
        let Some(at) = d.location.anchor() else {
            continue;
        };
        let text = &notes[&*at.sheet][&(at.row, at.col)];
        assert!(
            text.contains(&format!(
                "{} {} {}: {}",
                d.severity, d.code, d.name, d.message
            )),
            "{} not in the note on {at}: {text}",
            d.code
        );
        if let Some(help) = &d.help {
            assert!(text.contains(help.as_str()));
        }
    }
    // The summary lists each finding with a link to its cell.
    let copy = load_bytes(&out.bytes, &Limits::default()).unwrap();
    let summary = copy.sheet(SUMMARY_SHEET).unwrap();
    let codes: Vec<String> = (1..=diagnostics.len() as u32)
        .map(|r| summary.cell(r, 1).map(|c| c.text()).unwrap_or_default())
        .collect();
    let mut expected: Vec<String> = diagnostics.iter().map(|d| d.code.clone()).collect();
    let mut got = codes.clone();
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
    let sheet_xml = String::from_utf8(
        entries(&out.bytes)
            .into_iter()
            .find(|(_, e)| {
                String::from_utf8_lossy(&e.data).contains("<c r=\"A1\" s=")
                    && String::from_utf8_lossy(&e.data).contains("Severity")
            })
            .map(|(_, e)| e.data)
            .expect("the summary part"),
    )
    .unwrap();
    let first = diagnostics
        .iter()
        .find_map(|d| d.location.anchor())
        .unwrap();
    assert!(
        sheet_xml.contains(&format!("location=\"'{}'!{}\"", first.sheet, first.a1())),
        "{sheet_xml}"
    );
}

#[test]
fn generated_workbooks_keep_charts_tables_validation_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixtures::rich(None);
    let path = dir.path().join("rich.xlsx");
    fs::write(&path, &input).unwrap();
    let workbook = load_bytes(&input, &Limits::default()).unwrap();
    let model = build_model(&workbook);
    assert_eq!(model.actions().count(), 5, "the fixture reads as a plan");
    let mut diagnostics = rule_diagnostics(&workbook, &model);
    assert!(
        diagnostics
            .iter()
            .any(|d| d.location.anchor().is_some_and(|a| a.a1() == "D4")),
        "the missing lead in D4 is found: {diagnostics:#?}"
    );
    diagnostics.extend(synthetic(&workbook, &notes(&input)));
    // A finding on the chart sheet has no cell to mark.
    diagnostics.push(diag(
        wreslint::location::Location::Cell(wreslint::location::CellRef::new(
            &std::sync::Arc::from("Chart1"),
            0,
            0,
        )),
        Severity::Info,
        "TP904",
        "on a chart sheet",
    ));
    let out = run_annotate(&path, &input, &workbook, &model, &diagnostics).unwrap();
    assert!(
        out.warnings
            .contains(&AnnotateWarning::NotOnACell { count: 1 }),
        "{:?}",
        out.warnings
    );
    check_patched("rich.xlsx", &input, &diagnostics, &out);

    let before = entries(&input);
    let after = entries(&out.bytes);
    for part in [
        "xl/charts/chart1.xml",
        "xl/charts/chart2.xml",
        "xl/tables/table1.xml",
        "xl/chartsheets/sheet1.xml",
        "xl/drawings/drawing1.xml",
        "xl/theme/theme1.xml",
        "xl/sharedStrings.xml",
    ] {
        assert!(before.contains_key(part), "the fixture has {part}");
        assert_eq!(before[part], after[part], "{part} changed");
    }
    let plan = String::from_utf8(after["xl/worksheets/sheet1.xml"].data.clone()).unwrap();
    for kept in [
        "<dataValidations",
        "<conditionalFormatting",
        "x14:sparklineGroups",
        "<pane ",
    ] {
        assert!(plan.contains(kept), "{kept} lost from the plan sheet");
    }
    assert!(plan.contains("<legacyDrawing r:id="));
    let data = String::from_utf8(after["xl/worksheets/sheet2.xml"].data.clone()).unwrap();
    assert!(data.contains("<tableParts") && data.contains("<hyperlinks>"));
    let workbook_xml = String::from_utf8(after["xl/workbook.xml"].data.clone()).unwrap();
    assert!(workbook_xml.contains("<definedName name=\"Quarters\">"));
    assert!(workbook_xml.contains("state=\"hidden\""));

    // The author's note on D4 is kept, the findings after it.
    let notes = notes(&out.bytes);
    let d4 = &notes[fixtures::PLAN][&(3, 3)];
    assert!(
        d4.starts_with("Ann:") || d4.starts_with("Who owns this?"),
        "{d4}"
    );
    assert!(
        d4.contains("Who owns this? & <why>") && d4.contains("[wreslint]"),
        "{d4}"
    );

    // Text copied from the workbook stays text: `=Review …` on the coverage sheet.
    let copy = load_bytes(&out.bytes, &Limits::default()).unwrap();
    let coverage = copy.sheet(COVERAGE_SHEET).unwrap();
    let review = coverage
        .cells()
        .iter()
        .find(|c| c.text() == "=Review appraisal uptake")
        .expect("the action text on the coverage sheet");
    assert!(!review.formula);
    let summary = copy.sheet(SUMMARY_SHEET).unwrap();
    for text in [
        "=workbook-level finding",
        "-sheet-level finding",
        "@second finding on the same cell",
    ] {
        let cell = summary
            .cells()
            .iter()
            .find(|c| c.text() == text)
            .unwrap_or_else(|| panic!("{text} on the summary"));
        assert!(!cell.formula && matches!(cell.value, Value::Text(_)));
    }
    // Uncovered indicators (5-8) are marked on the coverage sheet.
    let uncovered: Vec<u32> = (1..=9)
        .filter(|r| {
            coverage
                .cell(*r, 2)
                .is_some_and(|c| c.text() == "not covered")
        })
        .collect();
    assert_eq!(uncovered, [5, 6, 7, 8]);
    for r in &uncovered {
        assert_eq!(
            coverage.cell(*r, 2).unwrap().fill.as_deref(),
            Some(ERROR_FILL)
        );
    }
}

#[test]
fn a_macro_workbook_stays_macro_enabled() {
    let dir = tempfile::tempdir().unwrap();
    let vba = extract(&corpus_dir().join("vba.xlsm"), "xl/vbaProject.bin");
    let vba_path = dir.path().join("vbaProject.bin");
    fs::write(&vba_path, &vba).unwrap();
    let input = fixtures::rich(Some(&vba_path));
    let path = dir.path().join("macro.xlsm");
    fs::write(&path, &input).unwrap();
    let workbook = load_bytes(&input, &Limits::default()).unwrap();
    let model = build_model(&workbook);
    let mut diagnostics = rule_diagnostics(&workbook, &model);
    diagnostics.extend(synthetic(&workbook, &notes(&input)));
    let out = run_annotate(&path, &input, &workbook, &model, &diagnostics).unwrap();
    assert_eq!(out.format, Format::Xlsm);
    assert_eq!(wreslint::load::sniff(&out.bytes).unwrap(), Format::Xlsm);
    let target = output_path(&path, out.format, None);
    assert_eq!(target.file_name().unwrap(), "macro.wreslint.xlsm");
    check_patched("macro.xlsm", &input, &diagnostics, &out);
    let after = entries(&out.bytes);
    assert_eq!(
        after["xl/vbaProject.bin"],
        entries(&input)["xl/vbaProject.bin"]
    );
    let ct = String::from_utf8(after["[Content_Types].xml"].data.clone()).unwrap();
    assert!(ct.contains("application/vnd.ms-excel.sheet.macroEnabled.main+xml"));
}

fn extract(zip_path: &Path, part: &str) -> Vec<u8> {
    let bytes = fs::read(zip_path).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
    let mut out = Vec::new();
    zip.by_name(part).unwrap().read_to_end(&mut out).unwrap();
    out
}

/// A copy of a package with extra parts appended.
fn with_parts(input: &[u8], extra: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(input)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        out.raw_copy_file(zip.by_index_raw(i).unwrap()).unwrap();
    }
    for (name, data) in extra {
        out.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_signed_workbook_is_annotated_with_a_warning() {
    let path = repo().join("samples/draft-plan.xlsx");
    let plain = fs::read(&path).unwrap();
    let input = with_parts(
        &plain,
        &[
            ("_xmlsignatures/origin.sigs", b""),
            (
                "_xmlsignatures/sig1.xml",
                b"<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"/>",
            ),
        ],
    );
    let workbook = load_bytes(&input, &Limits::default()).unwrap();
    let model = build_model(&workbook);
    let diagnostics = rule_diagnostics(&workbook, &model);
    let out = run_annotate(&path, &input, &workbook, &model, &diagnostics).unwrap();
    assert_eq!(out.warnings, [AnnotateWarning::SignatureInvalidated]);
    assert!(out.warnings[0]
        .to_string()
        .contains("signature will no longer verify"));
    check_patched("signed", &input, &diagnostics, &out);
}

#[test]
fn an_encrypted_workbook_is_refused_with_a_clear_message() {
    for name in ["pass_protected.xlsx", "pass_protected.xlsb"] {
        let path = corpus_dir().join(name);
        assert!(matches!(
            load_path(&path, &Limits::default()),
            Err(LoadError::Encrypted)
        ));
        let input = fs::read(&path).unwrap();
        let empty = Workbook::default();
        let model = build_model(&empty);
        let err = run_annotate(&path, &input, &empty, &model, &[]).unwrap_err();
        assert!(matches!(err, AnnotateError::Encrypted { .. }), "{err}");
        let message = err.to_string();
        assert!(
            message.contains(name)
                && message.contains("encrypted")
                && message.contains("lint only"),
            "{message}"
        );
        assert!(!message.contains('\n'));
    }
}

#[test]
fn writing_into_a_read_only_place_fails_on_one_line() {
    let path = repo().join("samples/clean-plan.xlsx");
    // /proc refuses new files even to root, so this holds in any container.
    let out = Path::new("/proc/clean-plan.wreslint.xlsx");
    let err = write_atomically(b"PK", out, &path).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, AnnotateError::Write { .. }), "{message}");
    assert!(
        message.starts_with("/proc/clean-plan.wreslint.xlsx: cannot write"),
        "{message}"
    );
    assert!(!message.contains('\n'));
    assert!(!out.exists());
}

#[test]
fn xls_xlsb_and_ods_inputs_become_new_xlsx_copies() {
    let mut done = 0;
    let mut lines = Vec::new();
    let mut files: Vec<PathBuf> = fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x == "xls" || x == "xlsb" || x == "ods")
        })
        .collect();
    files.sort();
    for path in files {
        let label = path.file_name().unwrap().to_string_lossy().into_owned();
        let Ok((input, workbook)) = load_path(&path, &Limits::default()) else {
            continue;
        };
        let model = build_model(&workbook);
        let diagnostics = synthetic(&workbook, &BTreeMap::new());
        let out = match run_annotate(&path, &input, &workbook, &model, &diagnostics) {
            Ok(out) => out,
            Err(e) => {
                let message = e.to_string();
                assert!(
                    !message.contains('\n') && message.contains(&label),
                    "{message}"
                );
                lines.push(format!("{label:<40} refused: {message}"));
                continue;
            }
        };
        assert_eq!(out.format, Format::Xlsx, "{label}");
        assert!(
            matches!(out.warnings[0], AnnotateWarning::Rebuilt { .. }),
            "{label}"
        );
        let copy = load_bytes(&out.bytes, &Limits::default())
            .unwrap_or_else(|e| panic!("{label}: the copy does not load: {e}"));
        // Sheet names that Excel accepts are kept; compare those sheets.
        let renamed: Vec<_> = workbook
            .sheets
            .iter()
            .filter(|s| copy.sheet(&s.name).is_none())
            .map(|s| s.name.to_string())
            .collect();
        let kept = Workbook {
            sheets: workbook
                .sheets
                .iter()
                .filter(|s| copy.sheet(&s.name).is_some())
                .cloned()
                .collect(),
            ..Workbook::default()
        };
        check_cells(&label, &kept, &copy, &diagnostics, false);
        check_fills(&label, &copy, &diagnostics);
        let flagged = flagged(&diagnostics);
        let notes = notes(&out.bytes);
        for sheet in &kept.sheets {
            let want = flagged.get(&*sheet.name).cloned().unwrap_or_default();
            let got: std::collections::BTreeSet<_> = notes
                .get(&*sheet.name)
                .map(|n| n.keys().copied().collect())
                .unwrap_or_default();
            assert_eq!(got, want, "{label}: notes on {}", sheet.name);
        }
        assert!(copy.sheet(SUMMARY_SHEET).is_some() && copy.sheet(COVERAGE_SHEET).is_some());
        lines.push(format!(
            "{label:<40} ok: {} sheets, {} notes, renamed {renamed:?}",
            kept.sheets.len(),
            out.notes
        ));
        done += 1;
    }
    println!("{}", lines.join("\n"));
    assert!(done >= 20, "only {done} xls/xlsb/ods files annotated");
}

/// Every xlsx/xlsm of calamine's corpus: annotated with the full checks,
/// or refused with a one-line message; never a panic or a broken file.
#[test]
fn every_corpus_package_is_annotated_or_refused() {
    let mut files: Vec<PathBuf> = fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xlsx" || x == "xlsm"))
        .collect();
    files.sort();
    assert!(
        files.len() > 60,
        "corpus not found at {}",
        corpus_dir().display()
    );
    let (mut annotated, mut refused) = (0, 0);
    let mut lines = Vec::new();
    for path in &files {
        let label = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = fs::read(path).unwrap();
        let hash = sha(&bytes);
        let loaded = load_bytes(&bytes, &Limits::default());
        let workbook = loaded.as_ref().cloned().unwrap_or_default();
        let model = build_model(&workbook);
        let input_notes = std::panic::catch_unwind(|| notes(&bytes)).unwrap_or_default();
        let diagnostics = if loaded.is_ok() {
            synthetic(&workbook, &input_notes)
        } else {
            Vec::new()
        };
        let result = run_annotate(path, &bytes, &workbook, &model, &diagnostics);
        assert_eq!(sha(&bytes), hash);
        match (result, loaded) {
            (Ok(out), Ok(_)) => {
                let kept = check_patched(&label, &bytes, &diagnostics, &out);
                let copy = load_bytes(&out.bytes, &Limits::default()).unwrap();
                check_fills(&label, &copy, &diagnostics);
                lines.push(format!(
                    "{label:<45} ok: {} notes, {kept} parts kept, {:?}",
                    out.notes, out.warnings
                ));
                annotated += 1;
            }
            (Ok(out), Err(load_error)) => {
                // Nothing to lint, but what is written must still be a package.
                let _ = entries(&out.bytes);
                lines.push(format!(
                    "{label:<45} written although it does not load ({load_error})"
                ));
            }
            (Err(e), _) => {
                let message = e.to_string();
                assert!(
                    !message.contains('\n') && message.contains(&label),
                    "{message}"
                );
                lines.push(format!("{label:<45} refused: {message}"));
                refused += 1;
            }
        }
    }
    println!("{}", lines.join("\n"));
    println!(
        "{annotated} annotated, {refused} refused of {}",
        files.len()
    );
    assert!(annotated >= 55, "only {annotated} annotated");
}

/// A package with one part replaced (or removed, with `None`).
fn with_part(input: &[u8], part: &str, data: Option<&[u8]>) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(input)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let file = zip.by_index_raw(i).unwrap();
        if file.name().unwrap() != part {
            out.raw_copy_file(file).unwrap();
        }
    }
    if let Some(data) = data {
        out.start_file(part, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn damaged_packages_are_refused_on_one_line_never_half_written() {
    let path = repo().join("samples/draft-plan.xlsx");
    let original = fs::read(&path).unwrap();
    let workbook = load_bytes(&original, &Limits::default()).unwrap();
    let model = build_model(&workbook);
    let diagnostics = rule_diagnostics(&workbook, &model);
    let sheet = entries(&original)["xl/worksheets/sheet1.xml"].data.clone();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "truncated sheet",
            with_part(
                &original,
                "xl/worksheets/sheet1.xml",
                Some(&sheet[..sheet.len() / 2]),
            ),
        ),
        (
            "sheet without sheetData",
            with_part(
                &original,
                "xl/worksheets/sheet1.xml",
                Some(b"<worksheet xmlns=\"m\"/>"),
            ),
        ),
        (
            "styles not XML",
            with_part(
                &original,
                "xl/styles.xml",
                Some(b"<styleSheet><fonts count=\"1\"><font></styleSheet"),
            ),
        ),
        (
            "no content types",
            with_part(&original, "[Content_Types].xml", None),
        ),
        (
            "no workbook part",
            with_part(&original, "xl/workbook.xml", None),
        ),
        (
            "not UTF-8",
            with_part(&original, "xl/workbook.xml", Some(b"<workbook \xff\xfe/>")),
        ),
        ("cut in half", original[..original.len() / 2].to_vec()),
        ("not a workbook", b"hello".to_vec()),
    ];
    for (label, input) in cases {
        match run_annotate(&path, &input, &workbook, &model, &diagnostics) {
            Err(e) => {
                let message = e.to_string();
                assert!(
                    message.starts_with(&path.display().to_string()),
                    "{label}: {message}"
                );
                assert!(!message.contains('\n'), "{label}: {message}");
            }
            Ok(out) => panic!(
                "{label}: annotated a damaged package ({} bytes)",
                out.bytes.len()
            ),
        }
    }
}

#[test]
fn a_threaded_comment_on_a_flagged_cell_is_warned_about() {
    let input = fixtures::rich(None);
    let comments = String::from_utf8(entries(&input)["xl/comments1.xml"].data.clone()).unwrap();
    assert!(comments.contains("Who owns this?"));
    let threaded = comments.replace(
        "Who owns this? &amp; &lt;why&gt;",
        "[Threaded comment]\n\nYour version of Excel allows you to read this threaded comment. Comment: Who owns this?",
    );
    assert_ne!(threaded, comments);
    let input = with_part(&input, "xl/comments1.xml", Some(threaded.as_bytes()));
    let workbook = load_bytes(&input, &Limits::default()).unwrap();
    let model = build_model(&workbook);
    let diagnostics = rule_diagnostics(&workbook, &model);
    let out = run_annotate(
        Path::new("threaded.xlsx"),
        &input,
        &workbook,
        &model,
        &diagnostics,
    )
    .unwrap();
    assert!(
        out.warnings.contains(&AnnotateWarning::ThreadedComment {
            cell: "'Action Plan'!D4".into()
        }),
        "{:?}",
        out.warnings
    );
    check_patched("threaded", &input, &diagnostics, &out);
}
