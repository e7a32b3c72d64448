//! A real spreadsheet application opens every annotated output: each copy
//! (samples, generated workbooks, calamine's corpus, xls/xlsb/ods rebuilds)
//! is converted by LibreOffice headless, and the converted file must still
//! have every sheet and every note.
//!
//! Needs `soffice` (Debian: `libreoffice-calc-nogui`). When it is missing
//! the test FAILS; set `WRESLINT_NO_SOFFICE=1` to skip it on purpose.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a tool for people: it prints

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use wreslint::annotate::{output_path, COVERAGE_SHEET, NOTE_MARKER, SUMMARY_SHEET};
use wreslint::load::{load_bytes, load_path, Limits};

/// Cells with a note, and those whose note is wreslint's.
type NoteCells = (BTreeSet<(u32, u32)>, BTreeSet<(u32, u32)>);

/// What a converted copy must still hold.
struct Expected {
    label: String,
    /// The workbook annotated (for a second opinion when LibreOffice cannot
    /// open the copy: can it open the input?).
    input: PathBuf,
    sheets: Vec<String>,
    /// Sheet → cells with a note, and those whose note is wreslint's.
    notes: BTreeMap<String, NoteCells>,
}

fn find_soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["soffice", "libreoffice"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// Annotates one workbook into `dir`, recording what must survive.
fn produce(path: &Path, input: &[u8], synthetic_only: bool, dir: &Path, out: &mut Vec<Expected>) {
    let label = path.file_name().unwrap().to_string_lossy().into_owned();
    let Ok(workbook) = load_bytes(input, &Limits::default()) else {
        return;
    };
    let model = build_model(&workbook);
    let is_package = input.starts_with(b"PK")
        && wreslint::load::sniff(input).is_ok_and(|f| {
            matches!(
                f,
                wreslint::workbook::Format::Xlsx | wreslint::workbook::Format::Xlsm
            )
        });
    let before_notes = if is_package {
        notes(input)
    } else {
        BTreeMap::new()
    };
    let mut diagnostics = synthetic(&workbook, &before_notes);
    if !synthetic_only {
        diagnostics.extend(rule_diagnostics(&workbook, &model));
    }
    let Ok(annotated) = run_annotate(path, input, &workbook, &model, &diagnostics) else {
        return;
    };
    // Distinct names: `date.xls` and `date.xlsx` both become `date.wreslint.xlsx`.
    let stem = label.replace('.', "_");
    let target = output_path(Path::new(&stem), annotated.format, Some(dir));
    fs::write(&target, &annotated.bytes).unwrap();
    let after = notes(&annotated.bytes);
    let flagged = flagged(&diagnostics);
    let mut expected_notes = BTreeMap::new();
    for (sheet, cells) in &after {
        if sheet == SUMMARY_SHEET || sheet == COVERAGE_SHEET {
            continue;
        }
        let all: BTreeSet<(u32, u32)> = cells.keys().copied().collect();
        let ours = flagged.get(sheet).cloned().unwrap_or_default();
        assert!(
            ours.is_subset(&all),
            "{label}: a flagged cell has no note before conversion"
        );
        expected_notes.insert(sheet.clone(), (all, ours));
    }
    let copy = load_bytes(&annotated.bytes, &Limits::default()).unwrap();
    let original = dir.join("inputs").join(format!(
        "{stem}.{}",
        path.extension().unwrap_or_default().to_string_lossy()
    ));
    fs::create_dir_all(original.parent().unwrap()).unwrap();
    fs::write(&original, input).unwrap();
    out.push(Expected {
        input: original,
        label: target.file_name().unwrap().to_string_lossy().into_owned(),
        sheets: copy.sheets.iter().map(|s| s.name.to_string()).collect(),
        notes: expected_notes,
    });
}

#[test]
fn libreoffice_opens_every_annotated_output() {
    if std::env::var("WRESLINT_NO_SOFFICE").as_deref() == Ok("1") {
        println!("WRESLINT_NO_SOFFICE=1: the LibreOffice check of annotated copies is skipped on purpose");
        return;
    }
    let Some(soffice) = find_soffice() else {
        panic!(
            "soffice (LibreOffice) is not installed, so annotated copies cannot be checked in a real \
             spreadsheet application. Install it (Debian: apt-get install libreoffice-calc-nogui) or \
             set WRESLINT_NO_SOFFICE=1 to skip this test explicitly."
        );
    };
    let tmp = tempfile::tempdir().unwrap();
    let input_dir = tmp.path().join("annotated");
    let output_dir = tmp.path().join("converted");
    fs::create_dir_all(&input_dir).unwrap();
    let mut expected = Vec::new();

    for entry in fs::read_dir(repo().join("samples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "xlsx") {
            let (input, _) = load_path(&path, &Limits::default()).unwrap();
            produce(&path, &input, false, &input_dir, &mut expected);
        }
    }
    let vba = {
        use std::io::Read;
        let bytes = fs::read(corpus_dir().join("vba.xlsm")).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).unwrap();
        let mut out = Vec::new();
        zip.by_name("xl/vbaProject.bin")
            .unwrap()
            .read_to_end(&mut out)
            .unwrap();
        out
    };
    let vba_path = tmp.path().join("vbaProject.bin");
    fs::write(&vba_path, vba).unwrap();
    produce(
        Path::new("rich.xlsx"),
        &fixtures::rich(None),
        false,
        &input_dir,
        &mut expected,
    );
    produce(
        Path::new("rich.xlsm"),
        &fixtures::rich(Some(&vba_path)),
        false,
        &input_dir,
        &mut expected,
    );
    let mut corpus: Vec<PathBuf> = fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    corpus.sort();
    for path in corpus {
        let input = fs::read(&path).unwrap();
        produce(&path, &input, true, &input_dir, &mut expected);
    }
    assert!(
        expected.len() > 100,
        "only {} outputs produced",
        expected.len()
    );

    let files: Vec<PathBuf> = expected.iter().map(|e| input_dir.join(&e.label)).collect();
    convert(&soffice, tmp.path(), &files, &output_dir);
    let converted = |e: &Expected| {
        let stem = e.label.rsplit_once('.').unwrap().0;
        output_dir.join(format!("{stem}.xlsx"))
    };
    // Copies LibreOffice could not open: does it open their inputs?
    let unopened: Vec<&Expected> = expected
        .iter()
        .filter(|e| !converted(e).is_file())
        .collect();
    let inputs_dir = tmp.path().join("inputs-converted");
    let inputs: Vec<PathBuf> = unopened.iter().map(|e| e.input.clone()).collect();
    if !inputs.is_empty() {
        convert(&soffice, tmp.path(), &inputs, &inputs_dir);
    }

    let mut problems = Vec::new();
    let mut checked = 0;
    for e in &expected {
        let Ok(bytes) = fs::read(converted(e)) else {
            let stem = e.input.file_stem().unwrap().to_string_lossy().into_owned();
            if inputs_dir.join(format!("{stem}.xlsx")).is_file() {
                problems.push(format!(
                    "{}: LibreOffice could not open it, but opens its input",
                    e.label
                ));
            } else {
                println!(
                    "{}: LibreOffice cannot open the input either; not counted",
                    e.label
                );
            }
            continue;
        };
        checked += 1;
        let copy = match load_bytes(&bytes, &Limits::default()) {
            Ok(copy) => copy,
            Err(err) => {
                problems.push(format!(
                    "{}: the converted file does not load: {err}",
                    e.label
                ));
                continue;
            }
        };
        let sheets: Vec<String> = copy.sheets.iter().map(|s| s.name.to_string()).collect();
        for sheet in &e.sheets {
            // LibreOffice renames an xlsx sheet called `sheet1` (any case but
            // its own `Sheet1`) to `sheet1 -1` on import, whoever wrote it.
            let renamed = format!("{sheet} -1");
            let kept =
                sheets.contains(sheet) || (lo_default_name(sheet) && sheets.contains(&renamed));
            if !kept {
                problems.push(format!("{}: sheet {sheet} lost", e.label));
            }
        }
        let after = notes(&bytes);
        for (sheet, (all, ours)) in &e.notes {
            let got = after
                .get(sheet)
                .or_else(|| {
                    after
                        .get(&format!("{sheet} -1"))
                        .filter(|_| lo_default_name(sheet))
                })
                .cloned()
                .unwrap_or_default();
            let cells: BTreeSet<(u32, u32)> = got.keys().copied().collect();
            if &cells != all {
                problems.push(format!(
                    "{}: notes on {sheet}: expected {all:?}, got {cells:?}",
                    e.label
                ));
                continue;
            }
            for at in ours {
                if !got[at].contains(NOTE_MARKER) {
                    problems.push(format!(
                        "{}: {sheet} {at:?}: note lost its findings: {:?}",
                        e.label, got[at]
                    ));
                }
            }
        }
    }
    println!(
        "{checked} of {} annotated copies converted by LibreOffice and checked",
        expected.len()
    );
    assert!(checked + 5 >= expected.len(), "too few copies checked");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// `sheet1`, `SHEET2`…: LibreOffice's default sheet name in another case.
fn lo_default_name(name: &str) -> bool {
    name.len() > 5
        && name[..5].eq_ignore_ascii_case("sheet")
        && name[5..].bytes().all(|b| b.is_ascii_digit())
        && !name.starts_with("Sheet")
}

/// Converts files to xlsx with LibreOffice headless, into `out`, with a
/// private profile so that parallel runs do not collide.
fn convert(soffice: &Path, tmp: &Path, files: &[PathBuf], out: &Path) {
    let profile = format!("file://{}", tmp.join("profile").display());
    let run = Command::new(soffice)
        .arg(format!("-env:UserInstallation={profile}"))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
        ])
        .arg(out)
        .args(files)
        .output()
        .expect("soffice runs");
    assert!(
        run.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
}
