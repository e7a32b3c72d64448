//! Data tables and reports laid out as real NHS bodies publish them
//! (`tests/fixtures/data/`, sources cited in `tests/fixtures/README.md`):
//! each is written as a workbook, checked and inspected through the binary.
//! Every labelled finding must be raised on its row, no other error or
//! warning may be raised (a false arithmetic error on a real workbook is the
//! worst thing a linter can do), and every headline figure the fixture
//! lists must be read, with its value and cell, by `wreslint inspect`.
//!
//! `cargo test --test real_data_layouts -- --nocapture` prints the figures;
//! `WRESLINT_FIXTURE=slug` runs one fixture.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a tool for people: it prints

mod common;

use std::path::PathBuf;

use common::findings::{run_json, Found};
use common::plan_fixture::{self, Fixture, HeadlineFigure};

fn fixtures() -> Vec<(String, PathBuf)> {
    let only = std::env::var("WRESLINT_FIXTURE").ok();
    common::findings::fixture_files("tests/fixtures/data")
        .into_iter()
        .filter(|(slug, _)| only.as_deref().is_none_or(|o| o == slug))
        .collect()
}

/// Whether an evidence line ("indicator 2 relative likelihood 1.28 (2022)
/// ['WDES metrics'!E3]") is the headline figure.
fn reads(line: &str, figure: &HeadlineFigure) -> bool {
    let head = format!(
        "indicator {} {} {}",
        figure.indicator, figure.what, figure.value
    );
    let value_ends = line
        .strip_prefix(&head)
        .is_some_and(|rest| rest.starts_with([' ', '[']) || rest.is_empty());
    let cell = line
        .rsplit_once('[')
        .and_then(|(_, c)| c.split_once(']'))
        .map(|(c, _)| c)
        .unwrap_or_default();
    let bare = cell.rsplit_once('!').map_or(cell, |(_, c)| c);
    value_ends && (cell == figure.cell || bare == figure.cell)
}

/// Counts over all fixtures.
#[derive(Default)]
struct Totals {
    labelled: usize,
    found: usize,
    raised: usize,
    false_findings: usize,
    figures: usize,
    figures_read: usize,
    figures_gap: usize,
}

#[test]
fn real_data_layouts_raise_no_false_errors_and_read_their_figures() {
    let fixtures = fixtures();
    assert!(!fixtures.is_empty(), "no fixtures in tests/fixtures/data");
    let dir = tempfile::tempdir().unwrap();
    let mut totals = Totals::default();
    let mut report = String::new();
    let mut failing = Vec::new();
    for (slug, path) in &fixtures {
        let fixture: Fixture = plan_fixture::read(path);
        let xlsx = dir.path().join(format!("{slug}.xlsx"));
        plan_fixture::write_xlsx(&fixture, &xlsx);

        let check = run_json(
            &["check", "--format", "json", "--fail-on", "never"],
            &[&xlsx],
        );
        let file = &check["files"][0];
        assert_eq!(file["status"], "linted", "{slug}: {file}");
        let found: Vec<Found> = file["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(Found::from_json)
            .collect();
        let mut problems = Vec::new();
        let mut hit = 0;
        for expected in &fixture.expect {
            if found.iter().any(|f| f.matches(expected)) {
                hit += 1;
            } else if let Some(gap) = &expected.gap {
                problems.push(format!("  known gap {} ({gap})", expected.rule));
            } else {
                failing.push(slug.clone());
                problems.push(format!(
                    "  MISSED   {} row {:?} ({})",
                    expected.rule,
                    expected.row,
                    expected.why.as_deref().unwrap_or("")
                ));
            }
        }
        let mut false_findings = 0;
        for f in found.iter().filter(|f| f.graded()) {
            if !fixture.expect.iter().any(|e| f.matches(e)) {
                false_findings += 1;
                let known = fixture.known_false.iter().find(|k| f.matches(k));
                if known.is_none() {
                    failing.push(slug.clone());
                }
                problems.push(format!(
                    "  {} {} {} {} {}: {}",
                    if known.is_some() {
                        "false (known)"
                    } else {
                        "FALSE   "
                    },
                    f.severity,
                    f.code,
                    f.name,
                    f.cell,
                    f.message
                ));
            }
        }

        let inspect = run_json(&["inspect", "--format", "json"], &[&xlsx]);
        let standard = inspect["standard"].as_str().unwrap_or_default();
        if !standard.eq_ignore_ascii_case(&fixture.source.standard) {
            failing.push(slug.clone());
            problems.push(format!(
                "  MISREAD  read as {standard}, not {}",
                fixture.source.standard
            ));
        }
        let lines: Vec<String> = inspect["evidence"]["figures"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let mut read = 0;
        let mut gaps = 0;
        for figure in &fixture.figures {
            let what = format!(
                "indicator {} {} {} [{}]",
                figure.indicator, figure.what, figure.value, figure.cell
            );
            if lines.iter().any(|l| reads(l, figure)) {
                read += 1;
                problems.push(format!("  read     {what}"));
            } else if let Some(gap) = &figure.gap {
                gaps += 1;
                problems.push(format!("  gap      {what} ({gap})"));
            } else {
                failing.push(slug.clone());
                problems.push(format!("  MISREAD  {what}"));
            }
        }
        for line in &lines {
            if !fixture.figures.iter().any(|f| reads(line, f)) {
                problems.push(format!("  also     {line}"));
            }
        }

        totals.labelled += fixture.expect.len();
        totals.found += hit;
        totals.raised += found.iter().filter(|f| f.graded()).count();
        totals.false_findings += false_findings;
        totals.figures += fixture.figures.len();
        totals.figures_read += read;
        totals.figures_gap += gaps;
        report.push_str(&format!(
            "{slug}: {hit}/{} labelled found, {false_findings} false, {read}/{} figures read\n",
            fixture.expect.len(),
            fixture.figures.len()
        ));
        report.push_str(&problems.join("\n"));
        report.push('\n');
    }
    failing.dedup();
    println!(
        "{report}\nall: {}/{} labelled found; {} of {} errors and warnings false; \
         {}/{} headline figures read ({} known gaps)",
        totals.found,
        totals.labelled,
        totals.false_findings,
        totals.raised,
        totals.figures_read,
        totals.figures,
        totals.figures_gap
    );
    assert!(
        failing.is_empty(),
        "data fixtures read wrongly: {failing:?}\n{report}"
    );
}
