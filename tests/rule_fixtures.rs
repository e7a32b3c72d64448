//! Small workbooks written for one rule family each, linted through the
//! binary, with the JSON findings snapshotted: every rule that fires here is
//! shown exactly as a consumer of `--format json` sees it.

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use rust_xlsxwriter::Workbook;
use serde_json::Value;

/// Write rows of text to a one-sheet workbook.
fn write_plan(path: &Path, sheet: &str, rows: &[&[&str]]) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name(sheet).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                ws.write_string(r as u32, c as u16, *text).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

/// The diagnostics of one file as JSON, without the parts that vary by path.
fn findings(path: &Path, select: &str) -> Value {
    let out = Command::cargo_bin("wreslint")
        .unwrap()
        .args(["check", "--format", "json", "--select", select])
        .arg(path)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = &json["files"][0];
    assert_eq!(file["status"], "linted", "{file}");
    file["diagnostics"].clone()
}

#[test]
fn timeline_rules_on_a_2023_24_plan() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("timeline.xlsx");
    write_plan(
        &path,
        "Action Plan",
        &[
            &["WRES Action Plan 2023-24"],
            &["Publication date: 31 October 2023"],
            &[],
            &[
                "Ref",
                "Action",
                "Lead",
                "Deadline",
                "Measure of success",
                "WRES indicator",
            ],
            &[
                "1",
                "Staff network meetings",
                "Network chair",
                "Quarterly",
                "Minutes",
                "Indicator 5",
            ],
            &[
                "2",
                "Mentoring pairs in place",
                "Head of OD",
                "31.10.023",
                "20 pairs",
                "Indicator 1",
            ],
            &[
                "3",
                "Review the appraisal policy",
                "Head of HR",
                "by March",
                "Policy approved",
                "Indicator 4",
            ],
            &[
                "4",
                "Publish the 2023 data",
                "EDI lead",
                "by 31.01.2023",
                "Report published",
                "Indicator 1",
            ],
            &[
                "5",
                "Board development session",
                "Chair",
                "by June 2025",
                "Session held",
                "Indicator 9",
            ],
            &[
                "6",
                "Refresh panel training",
                "Head of Recruitment",
                "by 30.09.23",
                "All panellists trained",
                "Indicator 2",
            ],
            &[
                "7",
                "Single approval route for training",
                "Head of L&D",
                "Meet budget holders by 30.01.24\nNew route in place by 31.12.23",
                "Route in use",
                "Indicator 4",
            ],
            &[
                "8",
                "HIA 2: talent management plan (national deadline: June 2023)",
                "Director of People",
                "by 31 March 2024",
                "Plan approved",
                "Indicator 1",
            ],
            &[
                "9",
                "Bullying and harassment review",
                "Head of Wellbeing",
                "",
                "Fewer cases",
                "Indicator 6",
            ],
            &[
                "10",
                "Reverse mentoring for executives",
                "Chief Executive",
                "Q4 2023/24",
                "Six pairs",
                "Indicator 7, 8",
            ],
            &[
                "11",
                "HIA 1: board members' EDI objectives assessed at appraisal",
                "Chair",
                "by 30 September 2025",
                "Objectives in every appraisal",
                "Indicator 9",
            ],
        ],
    );
    let found = findings(&path, "timeline");
    let codes: std::collections::BTreeSet<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (1..=10).map(|n| format!("TL{n:03}")).collect();
    assert!(
        expected.iter().all(|c| codes.contains(c.as_str())),
        "every timeline rule fires: {codes:?}"
    );
    insta::assert_json_snapshot!("timeline_fixture", found);
}
