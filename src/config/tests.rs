//! Tests of reading a configuration.

use super::*;
use crate::registry::all_rules;

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(text, Path::new("/repo/.wreslint.yaml"), &all_rules(&[]))
}

#[test]
fn reads_selection_severity_period_and_paths() {
    let config = parse(
        "select: [ALL]\nignore: [TP005]\nseverity:\n  owner: error\nplan_period: 2023/24\n\
         publication_date: 2023-10-31\nexclude: ['archive/**']\nper_file_ignores:\n  'drafts/*.xlsx': [timeline]\nfail_on: error\n",
    )
    .unwrap();
    assert_eq!(config.plan_period.unwrap().label(), "2023/24");
    assert_eq!(
        config.publication_date.unwrap().to_string(),
        "31 October 2023"
    );
    assert_eq!(config.fail_on, Some(Severity::Error));
    assert!(config.excludes(Path::new("/repo/archive/2019/plan.xlsx")));
    assert!(!config.excludes(Path::new("/repo/plan.xlsx")));
    let selection = config.selection_for(Path::new("/repo/drafts/plan.xlsx"));
    assert_eq!(selection.ignore.len(), 2);
    assert_eq!(
        config
            .selection_for(Path::new("/repo/final/plan.xlsx"))
            .ignore
            .len(),
        1
    );
}

#[test]
fn limits_override_the_defaults_and_bad_ones_are_located() {
    use crate::load::Limits;
    let config = parse(
        "limits:\n  max_file_size: 500 MiB\n  max_cells: 40_000_000\n  max_decompressed_size: 4GB\n  \
         max_compression_ratio: 300\n  timeout_per_file: 0\n  max_findings: 5_000\n",
    )
    .unwrap();
    assert_eq!(
        config.limits,
        Limits {
            max_file_bytes: 500 * 1024 * 1024,
            max_cells: 40_000_000,
            max_decompressed_bytes: 4 * 1024 * 1024 * 1024,
            max_compression_ratio: 300.0,
            time_per_file: None,
            max_findings: 5_000,
        }
    );
    let partial = parse("limits:\n  timeout_per_file: 2.5\n").unwrap();
    assert_eq!(
        partial.limits,
        Limits {
            time_per_file: Some(std::time::Duration::from_millis(2500)),
            ..Limits::default()
        }
    );
    assert_eq!(parse("").unwrap().limits, Limits::default());
    let text = "limits:\n  max_cells: many\n  max_compression_ratio: 0.5\n";
    let e = parse(text).unwrap_err();
    let messages: Vec<(&str, &str)> = e
        .problems
        .iter()
        .map(|p| (p.message.as_str(), &text[p.span.clone().unwrap()]))
        .collect();
    assert_eq!(
        messages,
        [
            ("`many` is not a number of cells", "many"),
            ("`0.5` is not a ratio of at least 1", "0.5"),
        ]
    );
    assert!(parse("limits:\n  max_rows: 5\n").is_err());
}

#[test]
fn every_problem_is_reported_with_its_position() {
    let text = "select: [TL001, nonsense]\nseverity:\n  OW002: loud\nplan_period: soon\n";
    let err = parse(text).unwrap_err();
    let found: Vec<(String, &str)> = err
        .problems
        .iter()
        .map(|p| {
            (
                p.message.clone(),
                p.span.clone().map(|s| &text[s]).unwrap_or("?"),
            )
        })
        .collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found[0].0.contains("`nonsense`") && found[0].1 == "nonsense",
        "{found:?}"
    );
    assert!(
        found[1].0.contains("`loud`") && found[1].1 == "loud",
        "{found:?}"
    );
    assert!(
        found[2].0.contains("`soon`") && found[2].1 == "soon",
        "{found:?}"
    );
}

#[test]
fn unknown_keys_are_errors_with_a_position() {
    let text = "select: [ALL]\nselcet: [TL001]\n";
    let err = parse(text).unwrap_err();
    assert_eq!(err.problems.len(), 1);
    assert!(
        err.problems[0].message.contains("selcet"),
        "{}",
        err.problems[0].message
    );
    let span = err.problems[0].span.clone().expect("a position");
    assert!(text[span.start..].starts_with("selcet"), "{:?}", span);
}

#[test]
fn the_starter_file_is_valid() {
    parse(STARTER).unwrap();
}
