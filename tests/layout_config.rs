//! `layout:` in `.wreslint.yaml`: a governance team declares its template's
//! headings when the reading cannot know them, and `inspect` shows the
//! declared roles as such.

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use rust_xlsxwriter::Workbook;
use serde_json::Value;

/// A plan whose headings name nothing wreslint knows ("What", "By", "Area").
fn write_template_plan(path: &Path) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Plan 2023").unwrap();
    let rows: [[&str; 6]; 4] = [
        ["No.", "What", "Who", "By", "Evidence", "Area"],
        [
            "1",
            "Run a reverse mentoring scheme",
            "Director of People",
            "31/03/2024",
            "20 pairs",
            "Indicator 1",
        ],
        [
            "2",
            "Audit shortlisting panels",
            "Head of Resourcing",
            "31/12/2023",
            "All panels audited",
            "Indicator 2",
        ],
        [
            "3",
            "Publish disciplinary data by group",
            "Head of ER",
            "30/09/2023",
            "Report published",
            "Indicator 3",
        ],
    ];
    sheet
        .write_string(0, 0, "Riverside WRES action plan 2023/24")
        .unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 2, c as u16, *text).unwrap();
        }
    }
    book.save(path).unwrap();
}

fn run(args: &[&str], dir: &Path) -> Value {
    let out = Command::cargo_bin("wreslint")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[test]
fn a_declared_layout_is_read_and_shown_as_declared() {
    let dir = tempfile::tempdir().unwrap();
    write_template_plan(&dir.path().join("plan.xlsx"));

    // Undeclared, the headings name no plan: nothing is read as actions.
    let read = run(&["inspect", "--format", "json", "plan.xlsx"], dir.path());
    assert_eq!(read["action_tables"].as_array().unwrap().len(), 0, "{read}");

    std::fs::write(
        dir.path().join(".wreslint.yaml"),
        "layout:\n  - sheets: 'Plan*'\n    header_row: 3\n    columns:\n      What: action\n      By: deadline\n      Evidence: kpi\n      Area: indicator\n",
    )
    .unwrap();
    let read = run(&["inspect", "--format", "json", "plan.xlsx"], dir.path());
    let table = &read["action_tables"][0];
    assert_eq!(table["actions"].as_array().unwrap().len(), 3, "{read}");
    let why: Vec<(&str, &str)> = table["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["heading"].as_str().unwrap(), c["why"].as_str().unwrap()))
        .collect();
    assert!(
        why.contains(&("What", "configuration (layout:)")),
        "{why:?}"
    );
    assert!(why.contains(&("By", "configuration (layout:)")), "{why:?}");

    let check = run(
        &[
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "plan.xlsx",
        ],
        dir.path(),
    );
    let codes: Vec<&str> = check["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    for code in ["TL001", "CV004", "OW001", "ME001", "CV001"] {
        assert!(!codes.contains(&code), "{code} in {codes:?}");
    }
    // The plan still has gaps the declared layout lets wreslint see.
    assert!(codes.contains(&"CV002"), "{codes:?}");
}

#[test]
fn a_declared_heading_with_an_unknown_role_is_located() {
    let dir = tempfile::tempdir().unwrap();
    write_template_plan(&dir.path().join("plan.xlsx"));
    std::fs::write(
        dir.path().join(".wreslint.yaml"),
        "layout:\n  - columns:\n      What: actoin\n",
    )
    .unwrap();
    let out = Command::cargo_bin("wreslint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "plan.xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`actoin` is not a column role"), "{stderr}");
    assert!(stderr.contains(".wreslint.yaml:3:"), "{stderr}");
}
