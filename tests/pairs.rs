//! Plan and data together, on real published pairs (tests/fixtures/pairs,
//! sources in tests/fixtures/README.md): each pair is built into workbooks
//! and checked with `--data`; a copy with written-in defects must raise
//! them, the pair as published must raise no cross-check warning, and the
//! cross-workbook location must reach JSON and SARIF.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

fn build(pair: &str, dir: &Path) -> (PathBuf, PathBuf) {
    let source = common::repo().join("tests/fixtures/pairs").join(pair);
    let out = |name: &str| {
        let path = dir.join(format!("{pair}-{name}.xlsx"));
        let fixture = common::plan_fixture::read(&source.join(format!("{name}.yaml")));
        common::plan_fixture::write_xlsx(&fixture, &path);
        path
    };
    (out("plan"), out("data"))
}

fn check_json(plan: &Path, data: &Path) -> Value {
    let output = Command::cargo_bin("wreslint")
        .unwrap()
        .args(["check", "--format", "json", "--data"])
        .arg(data)
        .arg(plan)
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).expect("JSON output")
}

fn evidence(report: &Value) -> Vec<&Value> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .filter(|d| d["family"] == "evidence")
        .collect()
}

#[test]
fn a_misquoted_baseline_is_found_with_both_cells() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, data) = build("kmpt-2021-defects", dir.path());
    let report = check_json(&plan, &data);
    assert_eq!(report["schema_version"], 2);
    let found = evidence(&report);
    let mismatch: Vec<_> = found
        .iter()
        .filter(|d| d["name"] == "quoted-figure-mismatch")
        .collect();
    assert_eq!(mismatch.len(), 1, "{found:#?}");
    let d = mismatch[0];
    assert_eq!(d["location"]["text"], "Information!A7");
    assert!(d["message"].as_str().unwrap().contains("24.2%"));
    let related = &d["related"][0];
    assert!(related["file"]
        .as_str()
        .unwrap()
        .ends_with("kmpt-2021-defects-data.xlsx"));
    assert_eq!(related["location"]["text"], "'Indicator 1'!F13");
    // The plan's file carries the pairing and the indicator table.
    let plan_file = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("plan.xlsx"))
        .unwrap();
    assert_eq!(plan_file["evidence"]["pairing"][0]["reason"], "--data");
    assert_eq!(
        plan_file["evidence"]["indicators"][0]["current"]["text"],
        "24.7%"
    );
}

#[test]
fn the_pair_as_published_raises_no_cross_check_warning() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, data) = build("kmpt-2021", dir.path());
    let report = check_json(&plan, &data);
    let found = evidence(&report);
    assert!(
        found.iter().all(|d| d["severity"] == "info"),
        "unexpected cross-check findings: {found:#?}"
    );
}

#[test]
fn sarif_carries_the_data_cell_as_a_related_location() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, data) = build("kmpt-2021-defects", dir.path());
    let output = Command::cargo_bin("wreslint")
        .unwrap()
        .args(["check", "--format", "sarif", "--data"])
        .arg(&data)
        .arg(&plan)
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "EV002")
        .expect("an EV002 result");
    let related = &result["relatedLocations"][0];
    assert!(related["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap()
        .ends_with("data.xlsx"));
    assert_eq!(related["logicalLocations"][0]["name"], "'Indicator 1'!F13");
}

#[test]
fn human_output_names_both_cells_and_pair_asks_when_nothing_pairs() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, data) = build("kmpt-2021-defects", dir.path());
    let output = Command::cargo_bin("wreslint")
        .unwrap()
        .args(["check", "--format", "concise", "--data"])
        .arg(&data)
        .arg(&plan)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text
        .lines()
        .find(|l| l.contains("EV002"))
        .expect("an EV002 line");
    assert!(line.contains("Information!A7"), "{line}");
    let human = Command::cargo_bin("wreslint")
        .unwrap()
        .args(["check", "--color", "never", "--data"])
        .arg(&data)
        .arg(&plan)
        .output()
        .unwrap();
    let human = String::from_utf8_lossy(&human.stdout);
    assert!(human.contains("'Indicator 1'!F13"), "{human}");
    // Alone in its folder with --pair: the plan says it found no data.
    let alone = tempfile::tempdir().unwrap();
    let only = alone.path().join("plan.xlsx");
    std::fs::copy(&plan, &only).unwrap();
    let output = Command::cargo_bin("wreslint")
        .unwrap()
        .args(["check", "--format", "concise", "--pair"])
        .arg(&only)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("EV008"));
}
