//! The machine formats on the draft sample: SARIF, GitHub annotations, JUnit
//! and concise all carry every finding, the tool and the rule-set version.

use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

fn output(format: &str) -> (String, usize) {
    let root = env!("CARGO_MANIFEST_DIR");
    let run = |format: &str| {
        let out = Command::cargo_bin("wreslint")
            .unwrap()
            .current_dir(root)
            .args(["check", "--format", format, "samples/draft-plan.xlsx"])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let json: Value = serde_json::from_str(&run("json")).unwrap();
    let count = json["files"][0]["diagnostics"].as_array().unwrap().len();
    (run(format), count)
}

#[test]
fn sarif_has_rules_results_and_cell_locations() {
    let (text, count) = output("sarif");
    let sarif: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "wreslint");
    assert!(driver["properties"]["rulesVersion"]
        .as_str()
        .unwrap()
        .contains('+'));
    let rules = driver["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), count);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        let location = &result["locations"][0];
        assert_eq!(
            location["physicalLocation"]["artifactLocation"]["uri"],
            "samples/draft-plan.xlsx"
        );
        assert!(location["logicalLocations"][0]["name"]
            .as_str()
            .unwrap()
            .contains("WRES Action Plan"));
    }
    assert!(rules.iter().all(|r| r["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## What it does")));
}

#[test]
fn github_annotations_one_per_finding() {
    let (text, count) = output("github");
    let annotations: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(annotations.len(), count);
    assert!(annotations
        .iter()
        .all(|l| l.contains("file=samples/draft-plan.xlsx,title=")));
    assert!(annotations
        .iter()
        .any(|l| l.starts_with("::error ") && l.contains("'WRES Action Plan'!E18")));
    assert!(text.lines().last().unwrap().contains("rules 0."));
}

#[test]
fn junit_is_well_formed_with_one_case_per_rule() {
    let (text, _) = output("junit");
    let mut reader = quick_xml::Reader::from_str(&text);
    let (mut cases, mut failures) = (0, 0);
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                match e.name().into_inner() {
                    "testcase" => cases += 1,
                    "failure" => failures += 1,
                    _ => {}
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    let rules = Command::cargo_bin("wreslint")
        .unwrap()
        .arg("rules")
        .output()
        .unwrap();
    // One line per rule below the header; packs' rules under their headings.
    let rule_count = String::from_utf8_lossy(&rules.stdout)
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty() && !l.starts_with("Rule pack "))
        .count();
    assert_eq!(cases, rule_count);
    assert!(failures > 0 && failures < cases);
    assert!(text.contains(&format!("failures=\"{failures}\"")));
}

#[test]
fn concise_one_line_per_finding_and_a_summary() {
    let (text, count) = output("concise");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), count + 1);
    assert!(lines[..count]
        .iter()
        .all(|l| l.starts_with("samples/draft-plan.xlsx:")));
    assert!(lines[count].starts_with("Found "));
}
