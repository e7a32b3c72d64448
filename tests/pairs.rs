//! Plan and data together, on real published pairs (tests/fixtures/pairs,
//! sources in tests/fixtures/README.md): each pair is built into workbooks
//! and checked with `--data`; a copy with written-in defects must raise
//! them, the pair as published must raise no cross-check warning, and the
//! cross-workbook location must reach JSON and SARIF.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a tool for people: it prints

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

fn wreslint() -> Command {
    Command::cargo_bin("wreslint").expect("the wreslint binary is built")
}

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
    let output = wreslint()
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
fn sarif_carries_the_data_cell_as_a_related_location() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, data) = build("kmpt-2021-defects", dir.path());
    let output = wreslint()
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
    let output = wreslint()
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
    let human = wreslint()
        .args(["check", "--color", "never", "--data"])
        .arg(&data)
        .arg(&plan)
        .output()
        .unwrap();
    let human = String::from_utf8_lossy(&human.stdout);
    assert!(human.contains("'Indicator 1'!F13"), "{human}");
    // Alone in its folder with --pair, a plan that states no figure of its
    // own (Newcastle's states only a target) says it found no data.
    let alone = tempfile::tempdir().unwrap();
    let (newcastle, _) = build("newcastle-2023", alone.path());
    let only = alone.path().join("plan.xlsx");
    std::fs::rename(&newcastle, &only).unwrap();
    std::fs::remove_file(alone.path().join("newcastle-2023-data.xlsx")).unwrap();
    let output = wreslint()
        .args(["check", "--format", "concise", "--pair"])
        .arg(&only)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("EV008"));
}

/// What a pair's expect.yaml says (the fields this harness reads).
#[derive(serde::Deserialize)]
struct PairExpect {
    files: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    expect: Vec<common::plan_fixture::Expected>,
}

/// Every pair in tests/fixtures/pairs: each labelled evidence finding
/// (`adverse-indicator-without-action`, `quoted-figure-mismatch` …) is
/// raised on its sheet (and row, for a finding on a cell), unless marked
/// `gap:`; no unlabelled evidence warning is raised. Printed as a tally.
#[test]
fn every_pair_raises_its_labelled_cross_checks_and_no_other() {
    let root = common::repo().join("tests/fixtures/pairs");
    let dir = tempfile::tempdir().unwrap();
    let rules = wreslint::registry::all_rules(&[]);
    let evidence_rule = |name: &str| {
        rules
            .iter()
            .find(|r| r.meta().name == name || r.meta().code == name)
            .filter(|r| r.meta().family == wreslint::diagnostic::Family::Evidence)
            .map(|r| r.meta().code.to_string())
    };
    let (mut found, mut labelled, mut gaps) = (0, 0, 0);
    let (mut missed, mut false_findings) = (Vec::new(), Vec::new());
    let mut pairs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    pairs.sort();
    for pair in pairs {
        let name = pair.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(pair.join("expect.yaml")).unwrap();
        let spec: PairExpect =
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{name}/expect.yaml: {e}"));
        let out = |file: &str| {
            let path = dir.path().join(format!("{name}-{file}.xlsx"));
            let fixture = common::plan_fixture::read(&pair.join(&spec.files[file]));
            common::plan_fixture::write_xlsx(&fixture, &path);
            path
        };
        let mut command = wreslint();
        command.args(["check", "--format", "json", "--no-pair"]);
        if spec.files.contains_key("both") {
            command.arg(out("both"));
        } else {
            command.arg("--data").arg(out("data")).arg(out("plan"));
        }
        // Last year's workbook, when the pair names one (another pair's file).
        if spec.files.contains_key("previous_data") {
            command.arg("--previous").arg(out("previous_data"));
        }
        let report: Value = serde_json::from_slice(&command.output().unwrap().stdout).unwrap();
        let mut raised: Vec<&Value> = evidence(&report)
            .into_iter()
            .filter(|d| d["severity"] != "info")
            .collect();
        for expected in &spec.expect {
            let Some(code) = evidence_rule(&expected.rule) else {
                continue;
            };
            labelled += 1;
            let at = raised.iter().position(|d| {
                d["code"] == code.as_str()
                    && expected
                        .sheet
                        .as_deref()
                        .is_none_or(|s| d["location"]["sheet"] == s)
                    && (d["location"]["row"].is_null()
                        || expected.row.is_none_or(|r| d["location"]["row"] == r))
            });
            match (at, &expected.gap) {
                (Some(i), _) => {
                    found += 1;
                    raised.remove(i);
                }
                (None, Some(gap)) => {
                    gaps += 1;
                    println!("gap {name}: {} — {gap}", expected.rule);
                }
                (None, None) => missed.push(format!(
                    "{name}: {} not raised ({})",
                    expected.rule,
                    expected.why.as_deref().unwrap_or("")
                )),
            }
        }
        false_findings.extend(
            raised
                .into_iter()
                .map(|d| format!("{name}: {}", d["message"])),
        );
    }
    println!("pairs: {found}/{labelled} labelled cross-check findings raised, {gaps} known gaps");
    assert!(
        missed.is_empty(),
        "labelled cross-check findings not raised: {missed:#?}"
    );
    assert!(
        false_findings.is_empty(),
        "unlabelled cross-check findings: {false_findings:#?}"
    );
}

/// A paired plan's annotated copy shows, on its coverage sheet, the data's
/// figure beside each indicator, judged, with the cell it came from.
#[test]
fn the_annotated_copy_shows_the_data_figure_beside_each_indicator() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, data) = build("kmpt-2021-defects", dir.path());
    let before = std::fs::read(&plan).unwrap();
    let out = dir.path().join("annotated");
    let status = wreslint()
        .args(["check", "--format", "concise", "--annotate-dir"])
        .arg(&out)
        .arg("--data")
        .arg(&data)
        .arg(&plan)
        .output()
        .unwrap();
    let copy = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("plan"))
        .unwrap_or_else(|| {
            panic!(
                "no annotated plan: {}",
                String::from_utf8_lossy(&status.stderr)
            )
        });
    let (_, workbook) =
        wreslint::load::load_path(&copy, &wreslint::load::Limits::default()).unwrap();
    let coverage = workbook
        .sheets
        .iter()
        .find(|s| &*s.name == wreslint::workbook::COVERAGE_SHEET)
        .expect("a coverage sheet");
    let row: Vec<String> = coverage
        .rows()
        .find(|(r, _)| *r == 1)
        .map(|(_, cells)| cells.iter().map(|c| c.text()).collect())
        .unwrap();
    assert!(row.iter().any(|t| t.starts_with("24.7%")), "{row:?}");
    assert!(
        row.iter().any(|t| t.ends_with("'Indicator 1'!F13")),
        "{row:?}"
    );
    // The input is never touched: the annotated copy is re-read from the
    // plan after the cross-checks, not written over it.
    assert_eq!(std::fs::read(&plan).unwrap(), before);
}

/// The national WRES reporting template (numbered questions, "- answer"
/// lines) is a data page, not a plan: no plan finding on it, and its
/// workforce share is read as indicator 1's figure.
#[test]
fn the_national_reporting_template_is_not_read_as_a_plan() {
    let dir = tempfile::tempdir().unwrap();
    let (_, data) = build("newcastle-2023", dir.path());
    let output = wreslint()
        .args(["check", "--format", "json"])
        .arg(&data)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<&Value> = report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    assert!(found.is_empty(), "{found:#?}");
    let inspect = wreslint().arg("inspect").arg(&data).output().unwrap();
    let text = String::from_utf8_lossy(&inspect.stdout);
    assert!(text.contains("no action table found"), "{text}");
    assert!(text.contains("indicator 1 BME share 14.61%"), "{text}");
}

/// `inspect` shows the pairing `check` would make, and why; GitHub and
/// JUnit output name the data cell too.
#[test]
fn inspect_shows_the_pairing_and_every_format_names_the_data_cell() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, data) = build("kmpt-2021-defects", dir.path());
    let output = wreslint()
        .args(["inspect", "--format", "json", "--data"])
        .arg(&data)
        .arg(&plan)
        .output()
        .unwrap();
    let read: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(read["pairing"][0]["role"], "data");
    assert_eq!(read["pairing"][0]["reason"], "--data");
    // In a folder of its own, the same year's data is found by folder.
    let folder = tempfile::tempdir().unwrap();
    let (plan2, _) = build("kmpt-2021-defects", folder.path());
    let output = wreslint().arg("inspect").arg(&plan2).output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("paired with:"), "{text}");
    for format in ["github", "junit"] {
        let output = wreslint()
            .args(["check", "--format", format, "--data"])
            .arg(&data)
            .arg(&plan)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            text.contains("EV002") || text.contains("quoted-figure-mismatch"),
            "{format}: {text}"
        );
        assert!(
            text.contains("F13"),
            "{format} does not name the data cell: {text}"
        );
    }
}

/// On the real KMPT 2021 pair, every figure of the plan that its data can
/// answer (expect.yaml `quoted` entries with a data cell in this pair) is
/// read, and none is reported as a mismatch where the published figures
/// agree.
#[test]
fn every_answerable_quote_of_a_real_pair_is_read() {
    #[derive(serde::Deserialize)]
    struct Quote {
        sheet: String,
        row: u32,
        data: Option<serde_json::Value>,
    }
    #[derive(serde::Deserialize)]
    struct Spec {
        #[serde(default)]
        quoted: Vec<Quote>,
    }
    let dir = tempfile::tempdir().unwrap();
    for pair in ["kmpt-2021", "newcastle-2023"] {
        let text = std::fs::read_to_string(
            common::repo()
                .join("tests/fixtures/pairs")
                .join(pair)
                .join("expect.yaml"),
        )
        .unwrap();
        let spec: Spec = serde_saphyr::from_str(&text).unwrap();
        let (plan, data) = build(pair, dir.path());
        let output = wreslint()
            .args(["inspect", "--format", "json", "--data"])
            .arg(&data)
            .arg(&plan)
            .output()
            .unwrap();
        let read: Value = serde_json::from_slice(&output.stdout).unwrap();
        let quotes: Vec<String> = read["evidence"]["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q.as_str().unwrap().to_owned())
            .collect();
        for quote in spec.quoted.iter().filter(|q| {
            q.data
                .as_ref()
                .and_then(|d| d["file"].as_str())
                .is_some_and(|f| f == "data.yaml")
        }) {
            let sheet = if quote.sheet.contains(' ') {
                format!("'{}'", quote.sheet)
            } else {
                quote.sheet.clone()
            };
            let at = format!("{sheet}!A{}:", quote.row);
            assert!(
                quotes.iter().any(|q| q.starts_with(&at)),
                "{pair}: the quote at {at} is not read; read: {quotes:#?}"
            );
        }
    }
}

/// One cause, one finding: an adverse indicator with no action
/// (adverse-indicator-without-action, EV001) stands for "indicator not
/// covered" (CV002) on the same indicator, and only on that one; with EV001
/// not selected, CV002 is reported as before.
#[test]
fn an_adverse_indicator_without_action_supersedes_not_covered() {
    let dir = tempfile::tempdir().unwrap();
    let both = dir.path().join("kmpt-2020-both.xlsx");
    let fixture = common::plan_fixture::read(
        &common::repo().join("tests/fixtures/pairs/kmpt-2020/both.yaml"),
    );
    common::plan_fixture::write_xlsx(&fixture, &both);
    let coverage = |extra: &[&str]| -> Vec<String> {
        let args: Vec<&str> = ["check", "--format", "json"]
            .into_iter()
            .chain(extra.iter().copied())
            .collect();
        let json = common::findings::run_json(&args, &[&both]);
        json["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "CV002" || d["code"] == "EV001")
            .map(|d| {
                let message = d["message"].as_str().unwrap();
                format!("{} {}", d["code"].as_str().unwrap(), &message[..11])
            })
            .collect()
    };
    assert_eq!(
        coverage(&[]),
        ["CV002 Indicator 2", "EV001 Indicator 9"],
        "EV001 on indicator 9 stands for its CV002; indicator 2's CV002 stays"
    );
    assert_eq!(
        coverage(&["--ignore", "EV001"]),
        ["CV002 Indicator 2", "CV002 Indicator 9"]
    );
}
