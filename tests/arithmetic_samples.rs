//! The arithmetic and measure rules on the sample workbooks report exactly
//! the entries `samples/expected.yaml` lists for their families, at warning
//! and error level, and nothing else at those levels.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use wreslint::diagnostic::{Family, Severity};
use wreslint::load::{load_path, Limits};
use wreslint::location::Location;
use wreslint::rules::{Context, BUILTIN};

#[derive(Debug, Deserialize)]
struct Entry {
    rule: String,
    #[serde(default)]
    cell: Option<String>,
    #[serde(default)]
    sheet: Option<String>,
    #[serde(default)]
    contains: Option<String>,
}

fn expected() -> BTreeMap<String, Vec<Entry>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/expected.yaml");
    let text = std::fs::read_to_string(path).expect("samples/expected.yaml");
    serde_saphyr::from_str(&text).expect("expected.yaml parses")
}

const FAMILIES: [Family; 2] = [Family::Arithmetic, Family::Measure];

/// `rule  location` for every warning or error of the two families.
fn lint(name: &str) -> Vec<(String, String, String)> {
    // The manifest names workbooks by file name; some stand in a folder.
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let path = [samples.join(name), samples.join("template").join(name)]
        .into_iter()
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("no sample {name}"));
    let (_, workbook) = load_path(&path, &Limits::default()).expect("sample loads");
    // The standard the workbook's wording names, as the linter picks it.
    let knowledge = wreslint::standard::detect(&workbook);
    let model = wreslint::model::build(&workbook, knowledge);
    let cx = Context::new(&workbook, &model, knowledge);
    let mut found = Vec::new();
    for rule in BUILTIN {
        let meta = rule.meta();
        if !FAMILIES.contains(&meta.family) || meta.default_severity < Severity::Warning {
            continue;
        }
        let mut out = Vec::new();
        rule.check(&cx, &mut out);
        for finding in out {
            found.push((
                meta.name.to_string(),
                finding.location.clone(),
                finding.message,
            ));
        }
    }
    let mut lines: Vec<(String, String, String)> = found
        .into_iter()
        .map(|(rule, location, message)| {
            let place = match &location {
                Location::Cell(_) | Location::Range { .. } => location.to_string(),
                other => other.sheet().unwrap_or("workbook").to_owned(),
            };
            (rule, place, message)
        })
        .collect();
    lines.sort();
    lines
}

fn family_of(rule: &str) -> Option<Family> {
    BUILTIN
        .iter()
        .map(|r| r.meta())
        .find(|m| m.name == rule)
        .map(|m| m.family)
}

#[test]
fn samples_report_exactly_the_expected_arithmetic_and_measure_findings() {
    let manifest = expected();
    let mut checked = 0;
    for (name, entries) in &manifest {
        let mut want: Vec<&Entry> = entries
            .iter()
            .filter(|e| family_of(&e.rule).is_some_and(|f| FAMILIES.contains(&f)))
            .collect();
        let mut got = lint(name);
        checked += 1;
        // Match each expected entry to one finding.
        want.retain(|entry| {
            let at = got.iter().position(|(rule, place, message)| {
                rule == &entry.rule
                    && match (&entry.cell, &entry.sheet) {
                        (Some(cell), _) => place == cell,
                        (None, Some(sheet)) => {
                            place == sheet
                                && entry.contains.as_ref().is_none_or(|c| message.contains(c))
                        }
                        (None, None) => false,
                    }
            });
            match at {
                Some(i) => {
                    got.remove(i);
                    false
                }
                None => true,
            }
        });
        let missing: Vec<String> = want
            .iter()
            .map(|e| format!("{} {:?}{:?}", e.rule, e.cell, e.sheet))
            .collect();
        assert!(missing.is_empty(), "{name}: not reported: {missing:#?}");
        assert!(got.is_empty(), "{name}: not expected: {got:#?}");
    }
    assert_eq!(checked, manifest.len());
    assert!(checked >= 5, "the manifest lists the samples");
}

#[test]
fn every_fault_of_the_data_samples_names_an_arithmetic_rule() {
    let manifest = expected();
    let faults = &manifest["wres-data-faults.xlsx"];
    assert!(faults.len() >= 10, "the faults sample lists its faults");
    for entry in faults {
        assert_eq!(
            family_of(&entry.rule),
            Some(Family::Arithmetic),
            "{} is not an arithmetic rule of the registry",
            entry.rule
        );
    }
    assert!(manifest["wres-data.xlsx"].is_empty());
}
