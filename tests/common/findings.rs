//! The fixture harnesses' view of a lint (`tests/real_layouts.rs`,
//! `tests/real_data_layouts.rs`, `tests/heldout_layouts.rs`): wreslint run
//! as a user runs it, and each finding as they compare it with the labels.

#![allow(dead_code)]

use std::ffi::OsStr;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

use super::plan_fixture::Expected;

/// `wreslint ARGS PATHS`, its standard output read as JSON.
pub fn run_json<P: AsRef<OsStr>>(args: &[&str], paths: &[P]) -> Value {
    let out = std::process::Command::cargo_bin("wreslint")
        .unwrap()
        .args(args)
        .args(paths)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: not JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// A finding as the harnesses compare it.
#[derive(Debug)]
pub struct Found {
    pub code: String,
    pub name: String,
    pub severity: String,
    pub sheet: Option<String>,
    pub row: Option<u32>,
    pub cell: String,
    pub message: String,
}

impl Found {
    pub fn from_json(d: &Value) -> Found {
        let location = &d["location"];
        Found {
            code: d["code"].as_str().unwrap().to_owned(),
            name: d["name"].as_str().unwrap().to_owned(),
            severity: d["severity"].as_str().unwrap().to_owned(),
            sheet: location["sheet"].as_str().map(str::to_owned),
            row: location["row"].as_u64().map(|r| r as u32),
            cell: location["text"].as_str().unwrap_or("workbook").to_owned(),
            message: d["message"].as_str().unwrap_or_default().to_owned(),
        }
    }

    /// An error or a warning: what the harnesses count as raised.
    pub fn graded(&self) -> bool {
        self.severity == "error" || self.severity == "warning"
    }

    /// Whether it is the labelled finding: the rule by code or name, and the
    /// sheet and row when the label gives them.
    pub fn matches(&self, expected: &Expected) -> bool {
        (expected.rule == self.code || expected.rule == self.name)
            && expected
                .sheet
                .as_ref()
                .is_none_or(|s| self.sheet.as_ref() == Some(s))
            && expected.row.is_none_or(|r| self.row == Some(r))
    }
}

/// The fixtures of a folder under the repository (`tests/fixtures/plans`),
/// as (slug, path), sorted; `measured.yaml` (the held-out record) is none.
pub fn fixture_files(dir: &str) -> Vec<(String, std::path::PathBuf)> {
    let mut out: Vec<(String, std::path::PathBuf)> = std::fs::read_dir(super::repo().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .filter(|p| p.file_stem().is_some_and(|s| s != "measured"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    out.sort();
    out
}

/// Each fixture built into a workbook and all of them checked in one run,
/// as a user would: (slug, fixture, its findings).
pub fn lint_fixtures(
    fixtures: &[(String, std::path::PathBuf)],
) -> Vec<(String, super::plan_fixture::Fixture, Vec<Found>)> {
    let dir = tempfile::tempdir().unwrap();
    let mut books = Vec::new();
    let mut paths = Vec::new();
    for (slug, path) in fixtures {
        let fixture = super::plan_fixture::read(path);
        let xlsx = dir.path().join(format!("{slug}.xlsx"));
        super::plan_fixture::write_xlsx(&fixture, &xlsx);
        paths.push(xlsx);
        books.push((slug.clone(), fixture));
    }
    let json = run_json(&["check", "--format", "json", "--fail-on", "never"], &paths);
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), books.len());
    books
        .into_iter()
        .zip(files)
        .map(|((slug, fixture), file)| {
            assert_eq!(file["status"], "linted", "{slug}: {file}");
            let found = file["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(Found::from_json)
                .collect();
            (slug, fixture, found)
        })
        .collect()
}
