//! Plans and data reports laid out as real NHS bodies publish them
//! (`tests/fixtures/plans/`, sources cited in `tests/fixtures/README.md`):
//! each is written as a workbook and linted through the binary. Every
//! labelled defect must be found on its row by its rule, and no other error
//! or warning may be raised. `wreslint inspect` of each is snapshotted, so a
//! change in how a layout is read shows in review.
//!
//! `WRESLINT_FIXTURE=slug cargo test --test real_layouts` runs one fixture.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a tool for people: it prints

mod common;

use std::path::PathBuf;

use common::findings::{lint_fixtures, run_json, Found};
use common::plan_fixture::{self, Fixture};
use serde_json::Value;

fn fixtures() -> Vec<(String, PathBuf)> {
    let only = std::env::var("WRESLINT_FIXTURE").ok();
    common::findings::fixture_files("tests/fixtures/plans")
        .into_iter()
        .filter(|(slug, _)| only.as_deref().is_none_or(|o| o == slug))
        .collect()
}

/// What one fixture got wrong, as lines for the failure message.
fn compare(fixture: &Fixture, found: &[Found]) -> (Vec<String>, usize, usize) {
    let mut problems = Vec::new();
    let mut hit = 0;
    for expected in &fixture.expect {
        if found.iter().any(|f| f.matches(expected)) {
            hit += 1;
        } else if let Some(gap) = &expected.gap {
            eprintln!("  known gap {} ({gap})", expected.rule);
        } else {
            problems.push(format!(
                "  missed   {} {}{} ({})",
                expected.rule,
                expected
                    .sheet
                    .as_deref()
                    .map(|s| format!("'{s}'!"))
                    .unwrap_or_default(),
                expected.row.map(|r| format!("row {r}")).unwrap_or_default(),
                expected.why.as_deref().unwrap_or("")
            ));
        }
    }
    let mut false_findings = 0;
    for f in found {
        let graded = f.severity == "error" || f.severity == "warning";
        if graded && !fixture.expect.iter().any(|e| f.matches(e)) {
            false_findings += 1;
            problems.push(format!(
                "  false    {} {} {} {}: {}",
                f.severity, f.code, f.name, f.cell, f.message
            ));
        }
    }
    (problems, hit, false_findings)
}

#[test]
fn real_layouts_are_read_as_their_authors_meant() {
    let fixtures = fixtures();
    assert!(!fixtures.is_empty(), "no fixtures in tests/fixtures/plans");
    let mut report = String::new();
    let (mut labelled, mut hits, mut raised, mut false_total) = (0, 0, 0, 0);
    let mut failing = Vec::new();
    for (slug, fixture, found) in lint_fixtures(&fixtures) {
        let (problems, hit, false_findings) = compare(&fixture, &found);
        labelled += fixture.expect.len();
        hits += hit;
        raised += found
            .iter()
            .filter(|f| f.severity == "error" || f.severity == "warning")
            .count();
        false_total += false_findings;
        report.push_str(&format!(
            "{slug}: {hit}/{} labelled defects found, {false_findings} false\n",
            fixture.expect.len()
        ));
        if !problems.is_empty() {
            failing.push(slug.clone());
            report.push_str(&problems.join("\n"));
            report.push('\n');
        }
    }
    eprintln!(
        "{report}\nall: {hits}/{labelled} labelled defects found; {false_total} of {raised} errors and warnings false"
    );
    assert!(
        failing.is_empty(),
        "fixtures read wrongly: {failing:?}\n{report}"
    );
}

/// `wreslint inspect --format json` of every fixture, as a snapshot: how
/// each table, column role, banner and period was read, and why.
#[test]
fn inspect_shows_how_each_real_layout_was_read() {
    let dir = tempfile::tempdir().unwrap();
    for (slug, path) in fixtures() {
        let fixture = plan_fixture::read(&path);
        let xlsx = dir.path().join(format!("{slug}.xlsx"));
        plan_fixture::write_xlsx(&fixture, &xlsx);
        let mut json = run_json(&["inspect", "--format", "json"], &[xlsx]);
        // The temporary path differs from run to run.
        json["path"] = Value::String(format!("{slug}.xlsx"));
        insta::assert_json_snapshot!(format!("inspect_{slug}"), json);
    }
}
