//! The binary end to end: the samples against their manifest, a JSON
//! snapshot, exit codes, configuration errors, and inputs left untouched.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde::Deserialize;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn wreslint() -> Command {
    let mut cmd = Command::cargo_bin("wreslint").expect("binary built");
    cmd.current_dir(root()).env_remove("NO_COLOR");
    cmd
}

fn run_json(args: &[&str]) -> (Value, i32) {
    let out = wreslint()
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (json, out.status.code().expect("exited normally"))
}

/// A scratch folder holding the draft sample as `plan.xlsx` and, when given,
/// a `.wreslint.yaml` with this text.
fn draft_in_scratch(config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("samples/draft-plan.xlsx"),
        dir.path().join("plan.xlsx"),
    )
    .unwrap();
    if let Some(text) = config {
        std::fs::write(dir.path().join(".wreslint.yaml"), text).unwrap();
    }
    dir
}

#[derive(Deserialize)]
struct Expected {
    rule: String,
    cell: Option<String>,
    sheet: Option<String>,
    contains: Option<String>,
    /// Reported only with this rule pack (tests/packs.rs checks those).
    pack: Option<String>,
}

/// The rules the binary knows, by name (rule packs' rules stand under a
/// "Rule pack …:" heading).
fn rule_names() -> BTreeSet<String> {
    let out = wreslint().arg("rules").output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with("Rule pack "))
        .filter_map(|l| l.split_whitespace().nth(1).map(str::to_owned))
        .collect()
}

/// Every defect in samples/expected.yaml is reported at its cell, and nothing
/// else at warning or error level, for every rule the registry has.
#[test]
fn samples_report_exactly_their_manifest() {
    let manifest: std::collections::BTreeMap<String, Vec<Expected>> = serde_saphyr::from_str(
        &std::fs::read_to_string(root().join("samples/expected.yaml")).unwrap(),
    )
    .unwrap();
    let names = rule_names();
    let (json, code) = run_json(&["samples"]);
    assert_eq!(code, 1, "samples with defects exit 1");
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), manifest.len(), "one report per sample");
    let mut problems = Vec::new();
    for file in files {
        let path = file["path"].as_str().unwrap();
        let name = Path::new(path).file_name().unwrap().to_str().unwrap();
        assert_eq!(file["status"], "linted", "{path}");
        let expected = &manifest[name];
        let mut reported: Vec<(String, String, String)> = file["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] != "info")
            .map(|d| {
                (
                    d["name"].as_str().unwrap().to_owned(),
                    d["location"]["text"].as_str().unwrap().to_owned(),
                    d["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        for e in expected
            .iter()
            .filter(|e| e.pack.is_none() && names.contains(&e.rule))
        {
            let hit = reported.iter().position(|(rule, at, message)| {
                rule == &e.rule
                    && match (&e.cell, &e.sheet) {
                        (Some(cell), _) => at == cell,
                        (None, Some(sheet)) => {
                            (at == sheet || at == &format!("'{sheet}'"))
                                && e.contains
                                    .as_ref()
                                    .is_none_or(|c| message.contains(c.as_str()))
                        }
                        (None, None) => false,
                    }
            });
            match hit {
                Some(i) => {
                    reported.remove(i);
                }
                None => problems.push(format!(
                    "{name}: missing {} at {:?}{:?}",
                    e.rule, e.cell, e.sheet
                )),
            }
        }
        for (rule, at, message) in reported {
            problems.push(format!("{name}: unexpected {rule} at {at}: {message}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn json_output_snapshot_for_the_draft_plan() {
    let (mut json, _) = run_json(&["samples/draft-plan.xlsx"]);
    // The rule-set version changes with every rule; its shape is checked here.
    let version = json["tool"]["rules_version"].take();
    assert!(version
        .as_str()
        .unwrap()
        .starts_with(env!("CARGO_PKG_VERSION")));
    json["tool"]["version"].take();
    insta::assert_json_snapshot!("draft_plan_json", json);
}

#[test]
fn clean_plan_exits_zero_and_says_so() {
    let out = wreslint()
        .args(["check", "samples/clean-plan.xlsx"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("No problems found in 1 file"), "{stdout}");
}

#[test]
fn unreadable_and_missing_files_give_one_line_and_exit_two() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.xlsx");
    std::fs::write(&empty, b"").unwrap();
    let text = dir.path().join("notes.xlsx");
    std::fs::write(&text, b"just some text, not a workbook").unwrap();
    let out = wreslint()
        .args(["check", "--format", "concise"])
        .arg(&empty)
        .arg(&text)
        .arg(dir.path().join("missing.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout
            .lines()
            .any(|l| l.contains("empty.xlsx") && l.contains("empty file")),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.contains("notes.xlsx") && l.contains("not a spreadsheet")),
        "{stdout}"
    );
    assert!(
        stderr.contains("missing.xlsx: no such file or directory"),
        "{stderr}"
    );
}

#[test]
fn configuration_errors_point_into_the_yaml_and_exit_two() {
    let dir = draft_in_scratch(Some(
        "select: [ALL]\nseverity:\n  OW002: loud\nselcet: []\n",
    ));
    let out = wreslint()
        .current_dir(dir.path())
        .args(["check", "plan.xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(".wreslint.yaml"), "{stderr}");
    assert!(stderr.contains("selcet"), "{stderr}");
}

#[test]
fn configuration_selects_rules_and_sets_severity() {
    let dir = draft_in_scratch(Some("select: [template]\nignore: [placeholder-text]\nseverity:\n  TP001: info\nfail_on: error\n"));
    let out = wreslint()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "plan.xlsx"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "only info and warnings, fail_on error"
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: BTreeSet<(String, String)> = json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        found.contains(&("TP001".into(), "info".into())),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .all(|(code, _)| code.starts_with("TP") && code != "TP005"),
        "{found:?}"
    );
}

#[test]
fn inputs_are_byte_identical_after_a_check() {
    // Every file under samples/, folders included.
    let mut before: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut folders = vec![root().join("samples")];
    while let Some(folder) = folders.pop() {
        for path in std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().path())
        {
            if path.is_dir() {
                folders.push(path);
            } else {
                before.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    assert!(before
        .iter()
        .any(|(p, _)| p.ends_with("template/drifted-plan.xlsx")));
    let _ = wreslint().args(["check", "samples"]).output().unwrap();
    for (path, bytes) in before {
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "{} changed",
            path.display()
        );
    }
}

#[test]
fn rules_and_explain_document_every_rule() {
    let names = rule_names();
    assert!(names.len() >= 14);
    for name in &names {
        let out = wreslint().args(["explain", name]).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let page = String::from_utf8_lossy(&out.stdout);
        assert!(
            page.contains("## What it does") && page.contains(name.as_str()),
            "{page}"
        );
    }
    let out = wreslint()
        .args(["explain", "no-such-rule"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

fn codes_at(json: &Value) -> Vec<String> {
    json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["code"].as_str().unwrap(),
                d["location"]["text"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn config_suppressions_need_a_reason_apply_and_report_when_unused() {
    let dir = draft_in_scratch(None);
    let config = dir.path().join(".wreslint.yaml");
    std::fs::write(&config, "suppress:\n  - rule: OW002\n    cell: G11\n").unwrap();
    let out = wreslint()
        .current_dir(dir.path())
        .args(["check", "plan.xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a `reason`"));

    std::fs::write(
        &config,
        "suppress:\n  - rule: action-missing-owner\n    cell: G11\n    reason: Post being recruited to\n\
         \x20 - rule: TL001\n    cell: A1\n    reason: Stale\n",
    )
    .unwrap();
    let json_run = |extra: &[&str]| {
        let out = wreslint()
            .current_dir(dir.path())
            .args(["check", "--format", "json", "plan.xlsx"])
            .args(extra)
            .output()
            .unwrap();
        (
            serde_json::from_slice::<Value>(&out.stdout).unwrap(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (json, stderr) = json_run(&[]);
    let codes = codes_at(&json);
    assert!(
        !codes.contains(&"OW002 'WRES Action Plan'!G11".to_owned()),
        "{codes:?}"
    );
    assert!(
        stderr.contains("suppression #2 of TL001 matched no finding"),
        "{stderr}"
    );
    let (json, _) = json_run(&["--no-suppressions"]);
    assert!(codes_at(&json).contains(&"OW002 'WRES Action Plan'!G11".to_owned()));
}

#[test]
fn accepted_findings_are_not_reported_again_and_new_ones_are() {
    // The flags were --write-baseline and --baseline: both names work.
    for (write, read) in [
        ("--write-accepted", "--accepted"),
        ("--write-baseline", "--baseline"),
    ] {
        accepts_todays_findings(write, read);
    }
}

fn accepts_todays_findings(write: &str, read: &str) {
    let dir = tempfile::tempdir().unwrap();
    let accepted = dir.path().join("accepted.json");
    let out = wreslint()
        .args(["check", "samples/draft-plan.xlsx", write])
        .arg(&accepted)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{write}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = wreslint()
        .args([
            "check",
            "--format",
            "json",
            "samples/draft-plan.xlsx",
            "samples/matrix-plan.xlsx",
            read,
        ])
        .arg(&accepted)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["files"][0]["diagnostics"].as_array().unwrap().len(),
        0,
        "draft findings accepted"
    );
    assert_eq!(
        json["files"][1]["diagnostics"].as_array().unwrap().len(),
        1,
        "the matrix plan's finding is new"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn cell_notes_suppress_with_a_reason_and_malformed_notes_are_reported() {
    use rust_xlsxwriter::{Note, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Plan").unwrap();
    let rows: [[&str; 6]; 3] = [
        [
            "Item",
            "Activity",
            "Outcomes to be achieved",
            "Link to WRES Metric",
            "Expected date of completion",
            "Responsible for action",
        ],
        [
            "1",
            "Publish the data pack",
            "Pack issued",
            "All",
            "31.12.18",
            "",
        ],
        [
            "2",
            "Run listening events",
            "Report",
            "Metric 7",
            "31.03.19",
            "",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    let accepted =
        Note::new("wreslint: ignore OW002 -- Post being recruited to").set_author("EDI lead");
    sheet.insert_note(1, 5, &accepted).unwrap();
    let no_reason = Note::new("wreslint: ignore OW002").set_author("EDI lead");
    sheet.insert_note(2, 5, &no_reason).unwrap();
    book.save(&path).unwrap();

    let out = wreslint()
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes = codes_at(&json);
    assert!(!codes.contains(&"OW002 Plan!F2".to_owned()), "{codes:?}");
    assert!(codes.contains(&"OW002 Plan!F3".to_owned()), "{codes:?}");
    assert!(codes.contains(&"TP901 Plan!F3".to_owned()), "{codes:?}");
}

#[test]
fn config_show_names_the_period_and_where_it_came_from() {
    let out = wreslint()
        .args(["config", "--show", "samples/draft-plan.xlsx"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("plan_period: 2018/19 (read from 'WRES Action Plan'!A1"),
        "{text}"
    );
    assert!(
        text.contains("publication_date: 30 September 2018"),
        "{text}"
    );
    let dir = draft_in_scratch(Some("plan_period: 2019/20\nignore: [owner]\n"));
    let out = wreslint()
        .current_dir(dir.path())
        .args(["config", "--show", "plan.xlsx"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("plan_period: 2019/20 (set by configuration"),
        "{text}"
    );
    assert!(!text.contains("OW002"), "{text}");
}

#[test]
fn annotate_dir_writes_copies_and_leaves_inputs_alone() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("plan.xlsx");
    std::fs::copy(root().join("samples/draft-plan.xlsx"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let out_dir = dir.path().join("annotated/nested");
    let out = wreslint()
        .args(["check", "--format", "concise", "--annotate-dir"])
        .arg(&out_dir)
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("annotated copy written to"), "{stderr}");
    let copy = out_dir.join("plan.wreslint.xlsx");
    let (_, workbook) =
        wreslint::load::load_path(&copy, &wreslint::load::Limits::default()).unwrap();
    assert!(
        workbook.sheets.len() >= 3,
        "summary and coverage sheets added"
    );
    assert_eq!(std::fs::read(&input).unwrap(), before, "input untouched");
}

/// An output folder that cannot be written (here a path under a plain file,
/// which fails even for root) gives one line naming the workbook and exit 2.
#[test]
fn annotating_into_an_unwritable_folder_fails_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, b"x").unwrap();
    let out = wreslint()
        .args(["check", "--format", "concise", "--annotate-dir"])
        .arg(blocker.join("out"))
        .arg(root().join("samples/clean-plan.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr
        .lines()
        .find(|l| l.contains("clean-plan"))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(line.contains("cannot create"), "{line}");
}

/// `exclude:` leaves walked files out (each configuration read once per run).
#[test]
fn excluded_paths_are_not_walked() {
    let dir = draft_in_scratch(Some("exclude: ['archive/**']\n"));
    std::fs::create_dir(dir.path().join("archive")).unwrap();
    std::fs::copy(
        root().join("samples/draft-plan.xlsx"),
        dir.path().join("archive/old.xlsx"),
    )
    .unwrap();
    let out = wreslint()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["plan.xlsx"]);
}

/// `inspect` shows a sample's read as text, and an unreadable file gets one
/// line and exit 2.
#[test]
fn inspect_shows_the_read_and_refuses_what_it_cannot_read() {
    let out = wreslint()
        .args(["inspect", "samples/clean-plan.xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "plan period: 2023/24",
        "action table on 'Action Plan'",
        "(heading)",
        "links: indicator",
        "deadline: `",
    ] {
        assert!(text.contains(expected), "{expected:?} not in\n{text}");
    }
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("notes.xlsx");
    std::fs::write(&bad, b"not a workbook").unwrap();
    let out = wreslint().arg("inspect").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("notes.xlsx"), "{stderr}");
}
