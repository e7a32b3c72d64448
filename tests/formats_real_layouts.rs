//! The same real plan, saved as xlsx, ods or xls, reads the same: every
//! fixture of `tests/fixtures/plans/` and `tests/fixtures/heldout/` is built
//! into xlsx, converted to ods and to xls by LibreOffice headless (as an
//! author who drafts in Calc, or a trust still on Excel 97-2003, saves it),
//! and each copy must raise the same findings, on the same cells, at the
//! same severity, with the same messages. The three loaders differ (calamine's
//! readers plus our own pre-scans); the model and rules must not see it.
//!
//! Needs `soffice` (Debian: `libreoffice-calc-nogui`). When it is missing
//! the test FAILS; set `WRESLINT_NO_SOFFICE=1` to skip it on purpose.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a tool for people: it prints

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::findings::{fixture_files, run_json, Found};

fn find_soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["soffice", "libreoffice"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Every workbook of `from` converted to `filter`'s format into `to`, with a
/// private profile so that parallel runs do not collide.
fn convert(soffice: &Path, profile: &Path, from: &[PathBuf], filter: &str, to: &Path) {
    let run = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            filter,
            "--outdir",
        ])
        .arg(to)
        .args(from)
        .output()
        .expect("soffice runs");
    assert!(
        run.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Each workbook of `dir` (by file stem): its status and its findings as
/// `code severity cell: message`, sorted.
fn findings(dir: &Path) -> BTreeMap<String, (String, Vec<String>)> {
    let json = run_json(
        &[
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--no-pair",
        ],
        &[dir],
    );
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| {
            let path = Path::new(file["path"].as_str().unwrap());
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let mut found: Vec<String> = file["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(Found::from_json)
                .map(|f| format!("{} {} {}: {}", f.code, f.severity, f.cell, f.message))
                .collect();
            found.sort();
            (stem, (file["status"].as_str().unwrap().to_owned(), found))
        })
        .collect()
}

#[test]
fn a_real_plan_reads_the_same_from_xlsx_ods_and_xls() {
    let Some(soffice) = find_soffice() else {
        if std::env::var_os("WRESLINT_NO_SOFFICE").is_some() {
            eprintln!("skipped on purpose: WRESLINT_NO_SOFFICE is set");
            return;
        }
        panic!("soffice not found (install libreoffice-calc-nogui, or set WRESLINT_NO_SOFFICE=1)");
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = |name: &str| {
        let dir = tmp.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    };
    let (xlsx, ods, xls) = (dir("xlsx"), dir("ods"), dir("xls"));
    let mut built = Vec::new();
    for set in ["tests/fixtures/plans", "tests/fixtures/heldout"] {
        for (slug, path) in fixture_files(set) {
            let fixture = common::plan_fixture::read(&path);
            let out = xlsx.join(format!("{slug}.xlsx"));
            common::plan_fixture::write_xlsx(&fixture, &out);
            built.push(out);
        }
    }
    assert!(built.len() >= 60, "only {} fixtures", built.len());
    let profile = tmp.path().join("profile");
    convert(&soffice, &profile, &built, "ods", &ods);
    convert(&soffice, &profile, &built, "xls:MS Excel 97", &xls);

    let reference = findings(&xlsx);
    assert_eq!(reference.len(), built.len());
    let raised: usize = reference.values().map(|(_, found)| found.len()).sum();
    let mut differences = Vec::new();
    for (format, dir) in [("ods", &ods), ("xls", &xls)] {
        let copies = findings(dir);
        for (stem, (status, found)) in &reference {
            match copies.get(stem) {
                None => differences.push(format!("{stem}.{format}: not converted")),
                Some(copy) if copy != &(status.clone(), found.clone()) => {
                    let only = |a: &[String], b: &[String]| -> Vec<String> {
                        a.iter().filter(|f| !b.contains(f)).cloned().collect()
                    };
                    differences.push(format!(
                        "{stem}.{format} ({} against xlsx {status}): only in xlsx {:?}; only in {format} {:?}",
                        copy.0,
                        only(found, &copy.1),
                        only(&copy.1, found)
                    ));
                }
                Some(_) => {}
            }
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
    println!(
        "{} real layouts, {raised} findings: the same from xlsx, ods and xls",
        built.len()
    );
}
