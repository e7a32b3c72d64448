//! The held-out set (`tests/fixtures/heldout/`, see `docs/heldout.md`): real
//! published plans the reader was never tuned on, labelled from the plans
//! alone before wreslint was run on them. Each is written as a workbook and
//! linted through the binary, and the test reports, per fixture and in total,
//! how many labelled defects were found and how many errors and warnings were
//! raised that no label accounts for.
//!
//! It does not require perfection. It is a ratchet on the totals recorded in
//! `tests/fixtures/heldout/measured.yaml`: it fails if fewer labelled defects
//! are found or more false findings are raised than recorded, and says so when
//! reading got better, so the record can be raised.
//!
//! `cargo test --test heldout_layouts -- --nocapture` prints every miss and
//! every false finding with its message. `WRESLINT_UPDATE_HELDOUT=1` rewrites
//! the record, but only when no total got worse (or when labels were added or
//! removed, which changes what the totals mean).
#![allow(clippy::print_stdout, clippy::print_stderr)] // a tool for people: it prints

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use common::findings::{lint_fixtures, Found};
use common::plan_fixture::{Expected, Fixture};
use serde::{Deserialize, Serialize};

const RECORD: &str = "tests/fixtures/heldout/measured.yaml";

fn fixtures() -> Vec<(String, PathBuf)> {
    common::findings::fixture_files("tests/fixtures/heldout")
}

/// The figures of one fixture, or of the whole set.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
struct Figures {
    /// Labelled defects (`expect:` entries).
    labelled: usize,
    /// Labelled defects found on their row by their rule.
    found: usize,
    /// Errors and warnings raised.
    raised: usize,
    /// Errors and warnings that match no label.
    false_findings: usize,
}

impl Figures {
    fn add(&mut self, other: Figures) {
        self.labelled += other.labelled;
        self.found += other.found;
        self.raised += other.raised;
        self.false_findings += other.false_findings;
    }

    fn recall(&self) -> String {
        percent(self.found, self.labelled)
    }

    /// 1 - false/raised: the share of raised errors and warnings a reviewer
    /// would also raise.
    fn precision(&self) -> String {
        percent(self.raised - self.false_findings, self.raised)
    }
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "n/a".to_owned()
    } else {
        format!("{:.0}%", 100.0 * part as f64 / whole as f64)
    }
}

/// `tests/fixtures/heldout/measured.yaml`.
#[derive(Debug, Deserialize, Serialize)]
struct Record {
    /// The commit the figures were measured at.
    measured_at: String,
    totals: Figures,
    fixtures: BTreeMap<String, Figures>,
}

/// Figures for one fixture, and its misses and false findings as lines.
fn compare(fixture: &Fixture, found: &[Found]) -> (Figures, Vec<String>) {
    let mut lines = Vec::new();
    // Labels of what the retrieval cut off count on neither side.
    let (artefacts, labels): (Vec<&Expected>, Vec<&Expected>) =
        fixture.expect.iter().partition(|e| e.unretrieved.is_some());
    let mut figures = Figures {
        labelled: labels.len(),
        ..Figures::default()
    };
    for expected in labels {
        if found.iter().any(|f| f.matches(expected)) {
            figures.found += 1;
        } else {
            lines.push(format!(
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
    for f in found.iter().filter(|f| f.graded()) {
        if artefacts.iter().any(|e| f.matches(e)) {
            continue;
        }
        figures.raised += 1;
        if !fixture.expect.iter().any(|e| f.matches(e)) {
            figures.false_findings += 1;
            lines.push(format!(
                "  false    {} {} {} {}{}: {}",
                f.severity,
                f.code,
                f.name,
                f.row.map(|r| format!("row {r} ")).unwrap_or_default(),
                f.cell,
                f.message
            ));
        }
    }
    (figures, lines)
}

fn read_record(path: &Path) -> Option<Record> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn write_record(path: &Path, record: &Record) {
    let mut text = String::from(
        "# Figures of the held-out set (tests/heldout_layouts.rs, docs/heldout.md).\n\
         # The test fails if `found` falls or `false` rises against these totals.\n\
         # Raise them (WRESLINT_UPDATE_HELDOUT=1) when reading gets better; never\n\
         # lower them to make a change pass.\n",
    );
    text.push_str(&serde_saphyr::to_string(record).unwrap());
    std::fs::write(path, text).unwrap();
}

#[test]
fn held_out_plans_are_read_no_worse_than_recorded() {
    let fixtures = fixtures();
    assert!(
        !fixtures.is_empty(),
        "no fixtures in tests/fixtures/heldout"
    );
    let mut report = String::new();
    let mut totals = Figures::default();
    let mut per_fixture = BTreeMap::new();
    for (slug, fixture, found) in lint_fixtures(&fixtures) {
        let (figures, lines) = compare(&fixture, &found);
        writeln!(
            report,
            "{slug}: {}/{} labelled found, {} of {} errors and warnings false",
            figures.found, figures.labelled, figures.false_findings, figures.raised
        )
        .unwrap();
        for line in lines {
            writeln!(report, "{line}").unwrap();
        }
        totals.add(figures);
        per_fixture.insert(slug.clone(), figures);
    }
    writeln!(
        report,
        "\nall: {}/{} labelled found (recall {}); {} of {} errors and warnings false (precision {})",
        totals.found,
        totals.labelled,
        totals.recall(),
        totals.false_findings,
        totals.raised,
        totals.precision()
    )
    .unwrap();
    eprintln!("{report}");

    let record_path = common::repo().join(RECORD);
    let recorded = read_record(&record_path);
    let update = std::env::var_os("WRESLINT_UPDATE_HELDOUT").is_some();
    let measured = Record {
        measured_at: recorded
            .as_ref()
            .map(|r| r.measured_at.clone())
            .unwrap_or_default(),
        totals,
        fixtures: per_fixture,
    };
    let Some(recorded) = recorded else {
        if update {
            write_record(&record_path, &measured);
            return;
        }
        panic!("{RECORD} is missing: run with WRESLINT_UPDATE_HELDOUT=1 to record these figures");
    };
    let was = recorded.totals;
    let same_labels = was.labelled == totals.labelled;
    let worse = totals.found < was.found || totals.false_findings > was.false_findings;
    let better = totals.found > was.found || totals.false_findings < was.false_findings;
    if update && (!worse || !same_labels) {
        write_record(&record_path, &measured);
        eprintln!("updated {RECORD}");
        return;
    }
    assert!(
        same_labels,
        "the held-out labels changed ({} recorded, {} now): record the new figures with \
         WRESLINT_UPDATE_HELDOUT=1 and say why in the commit\n{report}",
        was.labelled, totals.labelled
    );
    assert!(
        !worse,
        "reading of the held-out plans got worse: found {} (recorded {}), false {} (recorded {})\n{report}",
        totals.found, was.found, totals.false_findings, was.false_findings
    );
    if better {
        eprintln!(
            "reading of the held-out plans got better (found {} > {} or false {} < {}): \
             raise the record with WRESLINT_UPDATE_HELDOUT=1",
            totals.found, was.found, totals.false_findings, was.false_findings
        );
    }
}
