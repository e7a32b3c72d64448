//! Rule packs end to end: a broken pack's errors (each at its line and
//! column), a user pack with every kind of rule firing and staying quiet,
//! pack rules in `check` like built-in ones, packs named in `.wreslint.yaml`,
//! `test-rules`, the WDES sample read as WDES, and the pack JSON Schema.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

#[path = "../examples/gen_samples.rs"]
#[allow(dead_code)]
mod gen_samples;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn wreslint(args: &[&str]) -> Output {
    Command::cargo_bin("wreslint")
        .expect("binary built")
        .current_dir(root())
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .unwrap()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

/// (code, severity, location, message) of each diagnostic of the first file.
fn diagnostics(json: &Value) -> Vec<(String, String, String, String)> {
    json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["severity"].as_str().unwrap().to_owned(),
                d["location"]["text"].as_str().unwrap().to_owned(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_broken_pack_reports_every_error_at_its_line_and_column_before_linting() {
    let out = wreslint(&[
        "check",
        "--pack",
        "tests/packs/broken.yaml",
        "samples/clean-plan.xlsx",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no workbook is linted");
    let stderr = String::from_utf8(out.stderr).unwrap();
    let positions: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix(",-["))
        .collect();
    assert_eq!(positions.len(), 22, "{stderr}");
    insta::assert_snapshot!("broken_pack_errors", stderr);
}

#[test]
fn a_yaml_syntax_error_is_one_error_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("bad.yaml");
    std::fs::write(&pack, "rules:\n  - id: x\n    message: [unclosed\n").unwrap();
    let out = wreslint(&["test-rules", pack.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.yaml:"), "{stderr}");
    assert_eq!(stderr.matches("  x ").count(), 1, "{stderr}");
}

#[test]
fn the_house_rules_pack_self_tests_pass_and_cover_every_kind_of_rule() {
    let pack = wreslint::packs::load(
        &root().join("tests/packs/house-rules.yaml"),
        &mut wreslint::packs::taken(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let results = wreslint::packs::selftest::run(&pack);
    let failed: Vec<String> = results
        .iter()
        .filter(|r| !r.passed())
        .map(|r| format!("{} {}: {:?}", r.rule, r.label(), r.failure))
        .collect();
    assert!(failed.is_empty(), "{failed:#?}");
    // Every kind of check, each with a case where it fires and one where it is quiet.
    let mut covered = BTreeSet::new();
    for rule in &pack.rules {
        assert!(
            rule.cases.iter().any(|c| c.valid),
            "{} valid",
            rule.meta.name
        );
        assert!(
            rule.cases.iter().any(|c| !c.valid),
            "{} invalid",
            rule.meta.name
        );
        covered.insert(rule.kind());
    }
    let kinds = [
        "required",
        "pattern",
        "forbidden",
        "one-of",
        "conditional",
        "consistency",
        "template",
    ];
    assert_eq!(covered, kinds.into_iter().collect());
}

#[test]
fn test_rules_reports_a_failing_case_with_its_line_and_exits_one() {
    let text = std::fs::read_to_string(root().join("tests/packs/house-rules.yaml")).unwrap();
    // The person-named-as-owner case expects a finding where there is none.
    let broken = text.replacen("at: [B2]", "at: [A2]", 1);
    assert_ne!(broken, text);
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("house.yaml");
    std::fs::write(&pack, &broken).unwrap();
    let out = wreslint(&["test-rules", pack.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let line = broken.lines().position(|l| l.contains("at: [A2]")).unwrap();
    // The case starts two lines above its `at:`.
    let case_line = line - 2;
    assert!(
        stdout.contains(&format!(
            "person-named-as-owner invalid case 1 (line {case_line}): no finding at A2; unexpected 'Plan'!B2"
        ))
        || stdout.contains(&format!(
            "person-named-as-owner invalid case 1 (line {case_line}): no finding at A2; unexpected Plan!B2"
        )),
        "{stdout}"
    );
    assert!(stdout.contains("17 passed, 1 failed"), "{stdout}");
}

#[test]
fn test_rules_without_arguments_runs_the_built_in_packs() {
    let out = wreslint(&["test-rules"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("rules/wdes.yaml: 2 rules"), "{stdout}");
    assert!(stdout.contains(" 0 failed."), "{stdout}");
}

#[test]
fn pack_rules_run_select_and_report_like_built_in_rules() {
    let out = wreslint(&[
        "check",
        "--format",
        "json",
        "--pack",
        "tests/packs/house-rules.yaml",
        "--select",
        "owner,vague-wording,deadline-without-year",
        "samples/draft-plan.xlsx",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let json = json(&out);
    let found = diagnostics(&json);
    let codes: BTreeSet<&str> = found.iter().map(|d| d.0.as_str()).collect();
    // Selected by its id, deadline-without-year reports under its code
    // RH001. The owner family brings in the pack's person-named-as-owner
    // (quiet here, and without a code: its id is its code) beside the
    // built-in OW rules; vague-wording is not selected away.
    assert!(codes.contains("RH001"), "{codes:?}");
    assert!(!codes.contains("deadline-without-year"), "{codes:?}");
    assert!(codes
        .iter()
        .all(|c| c.starts_with("OW")
            || ["RH001", "vague-wording", "person-named-as-owner"].contains(c)));
    let ambiguous = found
        .iter()
        .find(|d| d.0 == "RH001" && d.2 == "'WRES Action Plan'!E21")
        .expect("`by March` has no year");
    assert_eq!(ambiguous.1, "error");
    assert_eq!(
        ambiguous.3,
        "The deadline `by March` of action 15 names no year"
    );
    let rule = json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "RH001")
        .unwrap();
    assert_eq!(rule["name"], "deadline-without-year");
    assert_eq!(rule["family"], "timeline");
    // Which pack a finding comes from, for the governance team reading the
    // report; built-in rules belong to none.
    assert_eq!(rule["pack"], "riverside-house-rules");
    let built_in = json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"].as_str().is_some_and(|c| c.starts_with("OW")))
        .expect("a built-in owner finding");
    assert_eq!(built_in["pack"], Value::Null);
    // Selected by its code, the same rule.
    let out = wreslint(&[
        "check",
        "--format",
        "json",
        "--pack",
        "tests/packs/house-rules.yaml",
        "--select",
        "rh001",
        "samples/draft-plan.xlsx",
    ]);
    let by_code = diagnostics(&self::json(&out));
    assert_eq!(by_code.len(), 2, "{by_code:?}");
    assert!(by_code.iter().all(|d| d.0 == "RH001"));
}

#[test]
fn a_forbidden_match_is_underlined_in_the_human_report() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack.yaml");
    std::fs::write(
        &pack,
        "rules:\n  - id: ethnic-minority-wording\n    family: template\n    message: \"Write `BME`, not `{match}`\"\n    forbidden:\n      field: any-cell\n      regex: '(?i)ethnic minority'\n",
    )
    .unwrap();
    let out = wreslint(&[
        "check",
        "--pack",
        pack.to_str().unwrap(),
        "--select",
        "ethnic-minority-wording",
        "samples/clean-plan.xlsx",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("ethnic-minority-wording"), "{stdout}");
    // The underline sits under the matched words only.
    let lines: Vec<&str> = stdout.lines().collect();
    let source = lines
        .iter()
        .position(|l| l.contains("from an ethnic minority"))
        .unwrap_or_else(|| panic!("{stdout}"));
    let text = lines[source];
    let underline = lines[source + 1];
    let start = text.find("ethnic minority").unwrap();
    assert_eq!(underline.find('^'), Some(start), "{text}\n{underline}");
    assert_eq!(underline.matches('^').count(), "ethnic minority".len());
}

#[test]
fn packs_named_in_the_configuration_are_relative_to_it_and_selectable() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("packs")).unwrap();
    std::fs::copy(
        root().join("tests/packs/house-rules.yaml"),
        dir.path().join("packs/house.yaml"),
    )
    .unwrap();
    std::fs::copy(
        root().join("samples/draft-plan.xlsx"),
        dir.path().join("plan.xlsx"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join(".wreslint.yaml"),
        "packs: [packs/house.yaml]\nselect: [deadline-without-year, riverside-template]\nseverity:\n  riverside-template: info\nfail_on: error\n",
    )
    .unwrap();
    let out = Command::cargo_bin("wreslint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "plan.xlsx"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = diagnostics(&json(&out));
    let by_code = |code: &str| found.iter().filter(|d| d.0 == code).collect::<Vec<_>>();
    assert_eq!(by_code("RH001").len(), 2, "{found:?}");
    let template = by_code("riverside-template");
    assert!(!template.is_empty() && template.iter().all(|d| d.1 == "info"));
    assert_eq!(found.len(), 2 + template.len(), "{found:?}");

    // `test-rules` in that directory runs the configured pack too.
    let out = Command::cargo_bin("wreslint")
        .unwrap()
        .current_dir(dir.path())
        .args(["test-rules"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("packs/house.yaml: 9 rules, 18 cases: all pass"),
        "{stdout}"
    );
}

#[test]
fn a_broken_pack_in_the_configuration_shows_both_files_and_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("house.yaml"),
        "rules:\n  - id: x-rule\n    family: owner\n    message: \"{nope}\"\n    required: { field: owner }\n",
    )
    .unwrap();
    std::fs::copy(
        root().join("samples/draft-plan.xlsx"),
        dir.path().join("plan.xlsx"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join(".wreslint.yaml"),
        "packs: [house.yaml]\nselect: [x-rule]\n",
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
    assert!(stderr.contains(".wreslint.yaml:1:"), "{stderr}");
    assert!(stderr.contains("does not compile"), "{stderr}");
    assert!(stderr.contains("house.yaml:4:"), "{stderr}");
    assert!(stderr.contains("`{nope}` is not a placeholder"), "{stderr}");
}

#[test]
fn the_wdes_sample_is_read_as_wdes_and_speaks_of_metrics() {
    let out = wreslint(&["check", "--format", "json", "samples/wdes-plan.xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let found = diagnostics(&report);
    let messages: Vec<String> = report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| [d["message"].as_str(), d["help"].as_str()])
        .flatten()
        .map(str::to_owned)
        .collect();
    assert!(!messages.is_empty());
    for text in &messages {
        assert!(
            !text.contains("WRES") && !text.to_lowercase().contains("indicator"),
            "WRES wording in a WDES message: {text}"
        );
    }
    // Coverage of metrics 1-10: only metric 10 lacks an action.
    let uncovered: Vec<&str> = found
        .iter()
        .filter(|d| d.0 == "CV002")
        .map(|d| d.3.as_str())
        .collect();
    assert_eq!(uncovered.len(), 1, "{found:?}");
    assert!(
        uncovered[0].starts_with("Metric 10 (Board voting membership"),
        "{uncovered:?}"
    );
    assert!(found
        .iter()
        .any(|d| d.0 == "ME101" && d.2 == "'WDES Action Plan'!F11"));

    // Forced to WRES, the same plan has no indicator column and nine indicators.
    let out = wreslint(&[
        "check",
        "--format",
        "json",
        "--standard",
        "wres",
        "samples/wdes-plan.xlsx",
    ]);
    let found = diagnostics(&json(&out));
    assert!(found.iter().any(|d| d.0 == "CV004"), "{found:?}");
    assert!(!found.iter().any(|d| d.0 == "ME101"));
    assert!(!found.iter().any(|d| d.3.contains("Metric 10")));

    // A WRES sample never gets the WDES pack's findings, even with --standard wdes absent.
    let out = wreslint(&["check", "--format", "json", "samples/clean-plan.xlsx"]);
    assert_eq!(out.status.code(), Some(0));
}

/// (code, name, severity, location, message, help) of each diagnostic of one file.
type Row = (String, String, String, String, String, String);

fn rows_of(file: &Value) -> Vec<Row> {
    file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let text = |key: &str| d[key].as_str().unwrap_or_default().to_owned();
            (
                text("code"),
                text("name"),
                text("severity"),
                d["location"]["text"].as_str().unwrap().to_owned(),
                text("message"),
                text("help"),
            )
        })
        .collect()
}

/// WRES wording that must not appear in what wreslint says about a WDES workbook.
fn wres_words(text: &str) -> Vec<&'static str> {
    let lower = text.to_lowercase();
    let mut found = Vec::new();
    for word in ["WRES", "BME", "White"] {
        if text.contains(word) {
            found.push(word);
        }
    }
    for word in ["ethnic", "indicator"] {
        if lower.contains(word) {
            found.push(word);
        }
    }
    found
}

/// The WDES plan and the WDES data workbook linted together: the plan's
/// coverage of metrics 1-10 and the data workbook's relative likelihoods,
/// each in the direction rules/wdes.yaml defines, all in WDES words.
#[test]
fn the_wdes_plan_and_data_workbook_are_checked_together_in_wdes_words() {
    let out = wreslint(&[
        "check",
        "--format",
        "json",
        "samples/wdes-plan.xlsx",
        "samples/wdes-data.xlsx",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    let file = |name: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("no report for {name}"))
    };
    let plan = rows_of(file("wdes-plan.xlsx"));
    let data = rows_of(file("wdes-data.xlsx"));

    // Nothing either file is told speaks of WRES, except the rule whose
    // message quotes the race wording it found in the plan.
    for row in plan.iter().chain(&data) {
        if row.1 == "race-group-in-wdes-measure" {
            assert!(row.4.contains("`BME`"), "{row:?}");
            continue;
        }
        for text in [&row.4, &row.5] {
            let words = wres_words(text);
            assert!(words.is_empty(), "WRES wording {words:?} in {row:?}");
        }
    }

    // The plan: coverage is of metrics 1-10, and only metric 10 has no action.
    let uncovered: Vec<&Row> = plan
        .iter()
        .filter(|r| r.1 == "indicator-not-covered")
        .collect();
    assert_eq!(uncovered.len(), 1, "{plan:#?}");
    assert!(
        uncovered[0]
            .4
            .starts_with("Metric 10 (Board voting membership"),
        "{uncovered:?}"
    );
    assert!(plan.iter().all(|r| r.3.starts_with("'WDES Action Plan'")));

    // The data workbook: each injected defect, in WDES terms.
    let at = |name: &str, cell: &str| {
        data.iter()
            .find(|r| r.1 == name && r.3 == cell)
            .unwrap_or_else(|| panic!("no {name} at {cell}: {data:#?}"))
    };
    // Metric 2 is non-disabled ÷ Disabled: 0.72 is the WRES way round.
    let reversed = at("relative-likelihood-reversed", "'Metrics 2-3'!B7");
    assert_eq!(
        reversed.4,
        "Relative likelihood states 0.72, the reciprocal (Disabled ÷ Non-disabled) of \
         (392/1560)/(38/210) = 1.39 (Non-disabled ÷ Disabled)"
    );
    assert_eq!(
        reversed.5,
        "WDES defines this ratio as Non-disabled ÷ Disabled: state 1.39"
    );
    // Metric 3 is Disabled ÷ non-disabled: 2.78 is neither 2.87 nor 0.35.
    let mismatch = at("relative-likelihood-mismatch", "'Metrics 2-3'!B14");
    assert!(
        mismatch
            .4
            .contains("(3/200)/(18/3439) = 2.87 (Disabled ÷ Non-disabled"),
        "{mismatch:?}"
    );
    at("group-sum-mismatch", "'Metric 1'!E14");
    at("group-sum-mismatch", "'Metric 1'!E20");
    // Nothing else at warning or error level.
    let loud: Vec<&Row> = data.iter().filter(|r| r.2 != "info").collect();
    assert_eq!(loud.len(), 4, "{loud:#?}");
    // The metric 3 relative likelihood rests on 3 Disabled staff: a note.
    assert!(data
        .iter()
        .any(|r| r.1 == "small-numbers" && r.3 == "'Metrics 2-3'!B14" && r.2 == "info"));
}

/// The same WDES data workbook with every figure right: read as WDES, every
/// table found (so the checks above are not vacuous), and nothing reported
/// at warning or error level.
#[test]
fn the_correct_wdes_data_workbook_is_read_fully_and_passes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wdes-data-correct.xlsx");
    gen_samples::wdes_data(&path, gen_samples::Faults::None).unwrap();

    let (_, workbook) =
        wreslint::load::load_path(&path, &wreslint::load::Limits::default()).unwrap();
    let knowledge = wreslint::standard::detect(&workbook);
    assert_eq!(knowledge.standard, "WDES");
    let model = wreslint::model::build(&workbook, knowledge);
    let tables: Vec<_> = model.group_tables().collect();
    let of = |n: u8| tables.iter().filter(|t| t.indicator == Some(n)).count();
    // Metric 1: non-clinical, clinical and the overall workforce.
    assert_eq!(of(1), 3, "{tables:#?}");
    for metric in [2, 3] {
        let table = tables
            .iter()
            .find(|t| t.indicator == Some(metric))
            .unwrap_or_else(|| panic!("no metric {metric} table"));
        assert!(table.relative_likelihood.is_some(), "metric {metric}");
        assert!(table.likelihood_parts().is_some(), "metric {metric}");
    }
    assert_eq!(of(10), 1);
    let surveys: Vec<_> = model.survey_tables().collect();
    let metrics: BTreeSet<u8> = surveys
        .iter()
        .flat_map(|t| t.rows.iter().filter_map(|r| r.indicator))
        .collect();
    assert_eq!(
        metrics,
        [4, 5, 6, 7, 8, 9].into_iter().collect(),
        "{surveys:#?}"
    );

    let out = wreslint(&["check", "--format", "json", path.to_str().unwrap()]);
    let report = json(&out);
    let loud: Vec<Row> = rows_of(&report["files"][0])
        .into_iter()
        .filter(|r| r.2 != "info")
        .collect();
    assert!(loud.is_empty(), "{loud:#?}");
    assert_eq!(out.status.code(), Some(0));
}

/// An entry of samples/expected.yaml.
#[derive(serde::Deserialize)]
struct Expected {
    rule: String,
    cell: Option<String>,
    pack: Option<String>,
}

/// The governance template sample: the plan that keeps the template gets no
/// finding from the pack at any level, and the drifted plan gets exactly the
/// manifest's findings (pack and built-in) at warning and error level.
#[test]
fn the_template_samples_report_exactly_their_manifest_with_the_pack() {
    let manifest: std::collections::BTreeMap<String, Vec<Expected>> = serde_saphyr::from_str(
        &std::fs::read_to_string(root().join("samples/expected.yaml")).unwrap(),
    )
    .unwrap();
    let pack = "samples/template/riverside-template.yaml";
    let out = wreslint(&[
        "check",
        "--format",
        "json",
        "--pack",
        pack,
        "samples/template",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let files = report["files"].as_array().unwrap();
    let names: Vec<&str> = files
        .iter()
        .map(|f| f["path"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert_eq!(names, ["conforming-plan.xlsx", "drifted-plan.xlsx"]);
    let pack_rules: BTreeSet<String> = {
        let compiled =
            wreslint::packs::load(&root().join(pack), &mut wreslint::packs::taken()).unwrap();
        compiled
            .rules
            .iter()
            .map(|r| r.meta.name.to_string())
            .collect()
    };
    assert_eq!(pack_rules.len(), 3);
    let mut pack_findings = 0;
    for (file, name) in files.iter().zip(&names) {
        let rows = rows_of(file);
        let expected = &manifest[*name];
        for e in expected {
            if let Some(p) = &e.pack {
                assert_eq!(format!("samples/{p}"), pack, "{name}: {}", e.rule);
                assert!(pack_rules.contains(&e.rule), "{}", e.rule);
            }
        }
        let mut reported: Vec<(String, String)> = rows
            .iter()
            .filter(|r| r.2 != "info")
            .map(|r| (r.1.clone(), r.3.clone()))
            .collect();
        reported.sort();
        let mut wanted: Vec<(String, String)> = expected
            .iter()
            .map(|e| (e.rule.clone(), e.cell.clone().expect("a cell")))
            .collect();
        wanted.sort();
        assert_eq!(reported, wanted, "{name}");
        pack_findings += rows.iter().filter(|r| pack_rules.contains(&r.1)).count();
        if *name == "conforming-plan.xlsx" {
            assert!(rows.iter().all(|r| !pack_rules.contains(&r.1)), "{rows:#?}");
        }
    }
    assert_eq!(pack_findings, 3);
    // Codes in reports, ids in the manifest: the drifted RAG cell under RPC003.
    let drifted = rows_of(&files[1]);
    let rag = drifted
        .iter()
        .find(|r| r.1 == "rag-status-not-allowed")
        .unwrap();
    assert_eq!(rag.0, "RPC003");
    assert_eq!(
        rag.4,
        "RAG status `On track` is not one of Red, Amber, Green or Blue"
    );
}

/// A pack rule's code, or its id when it has none, is the same in the
/// `rules` listing, `explain`, JSON and SARIF.
#[test]
fn pack_rules_are_listed_explained_and_reported_by_code_or_id() {
    let out = wreslint(&["rules", "--pack", "tests/packs/house-rules.yaml"]);
    assert_eq!(out.status.code(), Some(0));
    let listing = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = listing.lines().collect();
    let header = lines[0];
    let summary_at = header.find("SUMMARY").unwrap();
    let row = |name: &str| {
        *lines
            .iter()
            .find(|l| l.split_whitespace().nth(1) == Some(name))
            .unwrap_or_else(|| panic!("{name} not listed:\n{listing}"))
    };
    // Built-in rules first; each pack's rules under a heading naming it.
    let heading = lines
        .iter()
        .position(|l| *l == "Rule pack riverside-house-rules (tests/packs/house-rules.yaml):")
        .unwrap_or_else(|| panic!("{listing}"));
    let builtin_heading = lines
        .iter()
        .position(|l| *l == "Rule pack wdes (built in, WDES workbooks only):")
        .unwrap_or_else(|| panic!("{listing}"));
    let position = |name: &str| lines.iter().position(|l| *l == row(name)).unwrap();
    assert!(position("action-missing-owner") < builtin_heading);
    assert!(builtin_heading < position("race-group-in-wdes-measure"));
    assert!(heading < position("vague-wording"));
    assert!(row("race-group-in-wdes-measure").starts_with("ME101 "));
    assert!(row("deadline-without-year").starts_with("RH001 "));
    // Without a code, a `-`: the id is not repeated.
    let vague = row("vague-wording");
    assert!(vague.starts_with("- "), "{vague}");
    assert_eq!(vague.matches("vague-wording").count(), 1);
    // Every column lines up, whatever the code's length.
    let at = |column: &str| header.find(column).unwrap();
    for (name, family, severity) in [
        ("action-missing-owner", "owner", "warning"),
        ("deadline-without-year", "timeline", "error"),
        ("vague-wording", "measure", "warning"),
        ("one-term-for-ethnic-minority-staff", "template", "info"),
    ] {
        let line = row(name);
        assert_eq!(&line[at("NAME")..at("NAME") + name.len()], name, "{line}");
        assert!(
            line[at("FAMILY")..].starts_with(&format!("{family} ")),
            "{line}"
        );
        assert!(
            line[at("SEVERITY")..].starts_with(&format!("{severity} ")),
            "{line}"
        );
        assert!(line[..summary_at].ends_with(' ') && !line[summary_at..].starts_with(' '));
    }

    // `explain` finds a pack rule by code or id, and titles it by both, or
    // by its id alone.
    for (which, title) in [
        ("RH001", "# deadline-without-year (RH001)\n"),
        ("deadline-without-year", "# deadline-without-year (RH001)\n"),
        ("vague-wording", "# vague-wording\n"),
        ("ME101", "# race-group-in-wdes-measure (ME101)\n"),
    ] {
        let out = wreslint(&["explain", which, "--pack", "tests/packs/house-rules.yaml"]);
        let page = String::from_utf8_lossy(&out.stdout);
        assert!(page.starts_with(title), "{which}: {page}");
        assert!(page.contains("## What it does"), "{page}");
    }

    // SARIF: the rule's id is its code (or its id), with its pack.
    let out = wreslint(&[
        "check",
        "--format",
        "sarif",
        "--pack",
        "tests/packs/house-rules.yaml",
        "--select",
        "RH001,vague-wording",
        "samples/draft-plan.xlsx",
    ]);
    let sarif = json(&out);
    let run = &sarif["runs"][0];
    let descriptor = |id: &str| {
        run["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("no descriptor {id}"))
            .clone()
    };
    let rh001 = descriptor("RH001");
    assert_eq!(rh001["name"], "deadline-without-year");
    assert_eq!(rh001["properties"]["pack"], "riverside-house-rules");
    assert_eq!(descriptor("vague-wording")["name"], "vague-wording");
    assert!(descriptor("OW002")["properties"]["pack"].is_null());
    let ids: BTreeSet<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["RH001"].into_iter().collect());
}

#[test]
fn an_unknown_standard_is_refused() {
    let out = wreslint(&["check", "--standard", "race", "samples/clean-plan.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`race` is not a standard"));
}

/// docs/pack.schema.json is generated; regenerate with
/// `WRESLINT_UPDATE_DOCS=1 cargo test --test packs`.
#[test]
fn the_pack_schema_is_current_and_describes_every_key() {
    for (context, keys) in wreslint::packs::schema::contexts() {
        for (key, _) in keys {
            assert!(
                wreslint::packs::schema::describes(context, key),
                "the schema does not describe `{key}` in {context}"
            );
        }
    }
    let path = root().join("docs/pack.schema.json");
    let text = wreslint::packs::schema::text();
    if std::env::var_os("WRESLINT_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "docs/pack.schema.json is stale: run `WRESLINT_UPDATE_DOCS=1 cargo test --test packs`"
    );
    // The committed schema is valid JSON naming every check.
    let schema: Value = serde_json::from_str(&committed).unwrap();
    for check in [
        "required",
        "pattern",
        "forbidden",
        "one-of",
        "conditional",
        "consistency",
        "template",
    ] {
        assert!(schema["definitions"][check].is_object(), "{check}");
    }
}

/// Every pack shipped as an example compiles and passes its self-tests.
#[test]
fn example_packs_in_the_docs_compile() {
    let docs = std::fs::read_to_string(root().join("docs/packs.md")).unwrap();
    let mut blocks = 0;
    for block in docs.split("```yaml\n").skip(1) {
        let yaml = block.split("```").next().unwrap();
        if !yaml.contains("rules:") {
            continue;
        }
        blocks += 1;
        let pack = wreslint::packs::compile_text(
            yaml,
            Path::new("docs/packs.md"),
            &mut wreslint::packs::taken(),
        )
        .unwrap_or_else(|e| panic!("{e}\n{yaml}"));
        let results = wreslint::packs::selftest::run(&pack);
        assert!(results.iter().all(|r| r.passed()), "{results:?}");
    }
    assert!(blocks >= 2, "docs/packs.md shows whole packs");
}

/// Found by `cargo fuzz run pack_compiler`: every problem's span must lie
/// inside the pack text, on character boundaries, or rendering it fails.
#[test]
fn problem_spans_stay_inside_the_text() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz-pack-span.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let error =
        wreslint::packs::compile_text(&text, &path, &mut wreslint::packs::taken()).unwrap_err();
    for problem in &error.problems {
        if let Some(span) = &problem.span {
            assert!(
                span.end <= text.len()
                    && text.is_char_boundary(span.start)
                    && text.is_char_boundary(span.end),
                "{span:?} of {} bytes: {}",
                text.len(),
                problem.message
            );
        }
    }
}
