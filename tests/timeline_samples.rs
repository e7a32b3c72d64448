//! The timeline rules on the sample workbooks report exactly the timeline
//! defects `samples/expected.yaml` lists, at their cells, and nothing on the
//! clean and matrix plans.

use std::path::Path;

use wreslint::diagnostic::Family;
use wreslint::knowledge::Knowledge;
use wreslint::load::{load_path, Limits};
use wreslint::model;
use wreslint::rules::{Context, BUILTIN};

/// `rule-name  Sheet!A1` for every timeline finding on a sample, sorted.
fn timeline_findings(sample: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(sample);
    let (_, workbook) =
        load_path(&path, &Limits::default()).unwrap_or_else(|e| panic!("{sample} loads: {e}"));
    let knowledge = Knowledge::wres();
    let model = model::build(&workbook, knowledge);
    let cx = Context::new(&workbook, &model, knowledge);
    let mut lines = Vec::new();
    for rule in BUILTIN
        .iter()
        .filter(|r| r.meta().family == Family::Timeline)
    {
        let mut out = Vec::new();
        rule.check(&cx, &mut out);
        lines.extend(
            out.iter()
                .map(|f| format!("{}  {}", rule.meta().name, f.location)),
        );
    }
    lines.sort();
    lines
}

#[test]
fn draft_plan_reports_exactly_its_timeline_defects() {
    assert_eq!(
        timeline_findings("draft-plan.xlsx"),
        [
            "action-missing-deadline  'WRES Action Plan'!E18",
            "deadline-ambiguous  'WRES Action Plan'!E21",
            "deadline-ambiguous  'WRES Action Plan'!E24",
            "deadline-before-plan-period  'WRES Action Plan'!E22",
            "deadline-malformed  'WRES Action Plan'!E7",
            "deadline-only-recurring  'WRES Action Plan'!E23",
        ]
    );
}

#[test]
fn clean_and_matrix_plans_have_no_timeline_finding() {
    assert_eq!(timeline_findings("clean-plan.xlsx"), Vec::<String>::new());
    assert_eq!(timeline_findings("matrix-plan.xlsx"), Vec::<String>::new());
}

#[test]
fn periods_and_publication_dates_are_read_from_the_samples() {
    let cases = [
        (
            "clean-plan.xlsx",
            "2023/24",
            "'Action Plan'!A1",
            "31 October 2023",
            "'Action Plan'!A3",
        ),
        (
            "draft-plan.xlsx",
            "2018/19",
            "'WRES Action Plan'!A1",
            "30 September 2018",
            "'WRES Action Plan'!A2",
        ),
        (
            "matrix-plan.xlsx",
            "2024/25",
            "Plan!A1",
            "30 September 2024",
            "Plan!A2",
        ),
    ];
    for (sample, period, period_cell, published, published_cell) in cases {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(sample);
        let (_, workbook) = load_path(&path, &Limits::default()).expect("sample loads");
        let model = model::build(&workbook, Knowledge::wres());
        let inferred = model.period.expect("a plan period");
        assert_eq!(inferred.value.label(), period, "{sample}");
        assert_eq!(inferred.from.unwrap().to_string(), period_cell, "{sample}");
        let publication = model.publication.expect("a publication date");
        assert_eq!(publication.value.to_string(), published, "{sample}");
        assert_eq!(
            publication.from.unwrap().to_string(),
            published_cell,
            "{sample}"
        );
        assert!(model.action_tables.iter().all(|t| t.period.is_none()));
    }
}
