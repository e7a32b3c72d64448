//! Compiling packs and running their rules: each check on small workbooks,
//! one line per finding; compile errors with their places; the built-in
//! packs' self-tests.

use super::*;
use crate::fixture::{workbook, SheetBuilder};
use crate::knowledge::Knowledge;
use crate::model;
use crate::rules::Context;

/// Compile a pack of rules (the text under `rules:`).
fn pack(rules: &str) -> Pack {
    let text = format!("rules:\n{rules}");
    compile_text(&text, Path::new("test.yaml"), &mut taken())
        .unwrap_or_else(|e| panic!("{e}: {:#?}", e.problems))
}

/// The problems of a pack that does not compile: (message, text underlined).
fn problems(text: &str) -> Vec<(String, String)> {
    let err = compile_text(text, Path::new("test.yaml"), &mut taken()).unwrap_err();
    err.problems
        .iter()
        .map(|p| {
            let at = p
                .span
                .clone()
                .and_then(|s| text.get(s))
                .unwrap_or("?")
                .to_owned();
            (p.message.clone(), at)
        })
        .collect()
}

/// Run every rule of a pack on a workbook: `id  location  message  [span]`.
fn run_on(pack: &Pack, knowledge: &Knowledge, sheets: Vec<SheetBuilder>) -> String {
    let workbook = workbook(sheets);
    let model = model::build(&workbook, knowledge);
    let cx = Context::new(&workbook, &model, knowledge);
    let mut lines = Vec::new();
    for rule in &pack.rules {
        let mut out = Vec::new();
        rule.check(&cx, &mut out);
        for f in out {
            let mut line = format!("{}  {}  {}", rule.meta.name, f.location, f.message);
            if let (Some(span), Some(cell)) =
                (&f.span, f.location.anchor().and_then(|c| workbook.cell(c)))
            {
                line.push_str(&format!("  [{}]", &cell.text()[span.clone()]));
            }
            lines.push(line);
        }
    }
    lines.join("\n")
}

fn run(pack: &Pack, sheets: Vec<SheetBuilder>) -> String {
    run_on(pack, Knowledge::wres(), sheets)
}

fn plan() -> SheetBuilder {
    SheetBuilder::new("Plan")
        .row(&["Ref", "WRES Indicator", "Action", "Lead", "KPI", "RAG"])
        .row(&[
            "1",
            "Indicator 1",
            "Mentoring where possible",
            "Dr Okafor",
            "20 BME mentees",
            "Green",
        ])
        .row(&["2", "Indicator 2", "Panel audit", "", "", "on track"])
        .row(&[
            "3",
            "Indicator 5",
            "Listening events",
            "Head of OD",
            "Events held; BAME staff attend",
            "Complete",
        ])
}

#[test]
fn builtin_packs_compile_and_their_self_tests_pass() {
    let packs = builtin_packs();
    assert!(packs.iter().map(|p| p.rules.len()).sum::<usize>() >= 2);
    for pack in packs {
        for result in selftest::run(pack) {
            assert!(result.passed(), "{}: {result:?}", pack.path.display());
        }
        for rule in &pack.rules {
            assert!(
                rule.cases.iter().any(|c| c.valid) && rule.cases.iter().any(|c| !c.valid),
                "{} needs valid and invalid cases",
                rule.meta.name
            );
        }
    }
}

#[test]
fn builtin_pack_rules_are_in_the_registry_and_documented() {
    let rules = crate::registry::all_rules(&[]);
    let rule = rules
        .iter()
        .find(|r| r.meta().name == "race-group-in-wdes-measure")
        .expect("registered");
    for heading in ["## What it does", "## Why is this bad?", "## Example"] {
        assert!(rule.meta().docs.contains(heading), "{heading}");
    }
    assert!(crate::registry::Selector::parse("race-group-in-wdes-measure", &rules).is_some());
}

#[test]
fn required_fires_on_empty_fields_and_is_quiet_on_filled_ones() {
    let p = pack(
        "  - id: owner-required\n    family: owner\n    message: \"Action {item} (\\\"{action}\\\") has no {field} under `{column}`\"\n    required: { field: [owner, kpi] }\n",
    );
    insta::assert_snapshot!(run(&p, vec![plan()]), @r#"
    owner-required  Plan!D3  Action 2 ("Panel audit") has no owner under `Lead`
    owner-required  Plan!E3  Action 2 ("Panel audit") has no KPI under `KPI`
    "#);
}

#[test]
fn pattern_fires_on_non_matching_values_only() {
    let p = pack(
        "  - id: kpi-without-number\n    family: measure\n    message: \"KPI `{value}` has no number\"\n    pattern: { field: kpi, regex: '\\d' }\n",
    );
    insta::assert_snapshot!(run(&p, vec![plan()]), @"kpi-without-number  Plan!E4  KPI `Events held; BAME staff attend` has no number");
}

#[test]
fn forbidden_underlines_each_match_even_in_a_continuation_row() {
    let p = pack(
        "  - id: vague\n    family: measure\n    message: \"`{match}` in the {field} of {cell}\"\n    forbidden: { field: action, regex: '(?i)where possible' }\n",
    );
    let sheet = SheetBuilder::new("Plan")
        .row(&["Item", "Action", "Lead"])
        .row(&["1", "Run mentoring", "OD"])
        .row(&["", "and coaching where possible", ""])
        .row(&["2", "Where possible, audit panels", "HR"]);
    insta::assert_snapshot!(run(&p, vec![sheet]), @r"
    vague  Plan!B3  `where possible` in the action of Plan!B3  [where possible]
    vague  Plan!B4  `Where possible` in the action of Plan!B4  [Where possible]
    ");
}

#[test]
fn forbidden_on_any_cell_reads_every_sheet() {
    let p = pack(
        "  - id: no-tbc\n    family: template\n    message: \"`{match}` on {sheet}\"\n    forbidden: { field: any-cell, regex: '\\bTBC\\b' }\n",
    );
    let data = SheetBuilder::new("Data").row(&["Total", "TBC"]);
    insta::assert_snapshot!(run(&p, vec![plan(), data]), @"no-tbc  Data!B1  `TBC` on Data  [TBC]");
}

#[test]
fn one_of_ignores_case_and_spaces_unless_told() {
    let rule = |sensitive: bool| {
        pack(&format!(
            "  - id: rag\n    family: template\n    message: \"`{{value}}` is not {{values}}\"\n    one-of: {{ field: status, values: [Red, Amber, Green, Complete], case-sensitive: {sensitive} }}\n"
        ))
    };
    insta::assert_snapshot!(run(&rule(false), vec![plan()]), @"rag  Plan!F3  `on track` is not Red, Amber, Green or Complete");
    let lower = SheetBuilder::new("Plan")
        .row(&["Action", "RAG"])
        .row(&["Mentoring", "green"]);
    assert_eq!(run(&rule(false), vec![lower]), "");
    let lower = SheetBuilder::new("Plan")
        .row(&["Action", "RAG"])
        .row(&["Mentoring", "green"]);
    assert_eq!(
        run(&rule(true), vec![lower]),
        "rag  Plan!B2  `green` is not Red, Amber, Green or Complete"
    );
}

#[test]
fn conditional_fires_only_when_triggered() {
    let p = pack(
        "  - id: complete-needs-owner\n    family: owner\n    message: \"{if-field} `{if-value}` but {field} `{value}`\"\n    conditional:\n      if: { field: status, one-of: [complete, Green] }\n      then: { field: owner, matches: '^Head of' }\n",
    );
    insta::assert_snapshot!(run(&p, vec![plan()]), @"complete-needs-owner  Plan!D2  status `Green` but owner `Dr Okafor`");
}

#[test]
fn consistency_keeps_the_first_spelling_in_reading_order() {
    let p = pack(
        "  - id: one-term\n    family: template\n    message: \"`{match}`, not `{first}` ({first-cell})\"\n    consistency: { field: any-cell, spellings: [BME, BAME, ethnic minority] }\n",
    );
    let notes = SheetBuilder::new("Notes").row(&["Ethnic  minority staff network"]);
    insta::assert_snapshot!(run(&p, vec![notes, plan()]), @r"
    one-term  Plan!E2  `BME`, not `Ethnic  minority` (Notes!A1)  [BME]
    one-term  Plan!E4  `BAME`, not `Ethnic  minority` (Notes!A1)  [BAME]
    ");
    assert_eq!(
        run(&p, vec![SheetBuilder::new("P").row(&["BME", "bme"])]),
        ""
    );
}

#[test]
fn template_reports_each_departure_and_reads_two_level_headers() {
    let p = pack(
        "  - id: house-template\n    family: template\n    message: \"{problem}\"\n    template:\n      sheets: [Action Plan, Progress]\n      columns: [indicator, action, owner, deadline, kpi]\n      headers: { owner: Lead }\n      extra-columns: false\n",
    );
    // "Delivery" is a group label over Lead and Deadline, not a column.
    let sheet = SheetBuilder::new("Action Plan")
        .row(&[
            "WRES Indicator",
            "Agreed actions",
            "Delivery",
            "",
            "Measure of success",
            "Notes",
        ])
        .row(&["", "", "Owner", "Deadline", "", ""])
        .row(&[
            "Indicator 1",
            "Mentoring",
            "OD",
            "March 2025",
            "20 mentees",
            "",
        ])
        .merge(0, 0, 1, 0)
        .merge(0, 1, 1, 1)
        .merge(0, 2, 0, 3)
        .merge(0, 4, 1, 4)
        .merge(0, 5, 1, 5);
    insta::assert_snapshot!(run(&p, vec![sheet]), @r"
    house-template  workbook  the workbook has no sheet named `Progress`
    house-template  'Action Plan'!C2  the owner column is headed `Owner`; the template says `Lead`
    house-template  'Action Plan'!F1  the column `Notes` is not in the template
    ");
    let swapped = SheetBuilder::new("Action Plan")
        .row(&["Action", "WRES Indicator", "Lead", "Deadline"])
        .row(&["Mentoring", "Indicator 1", "OD", "March 2025"]);
    insta::assert_snapshot!(run(&p, vec![swapped]), @r"
    house-template  workbook  the workbook has no sheet named `Progress`
    house-template  'Action Plan'!A1  the action (`Action`) column comes before the indicator link (`WRES Indicator`) column; the template puts it after
    house-template  'Action Plan'!A1  the action table has no KPI column
    ");
}

#[test]
fn standard_only_rules_are_quiet_on_the_other_standard() {
    let text = "standard: wdes\nrules:\n  - id: no-bme-kpi\n    family: measure\n    message: \"{standard} {item-word}: `{match}`\"\n    forbidden: { field: kpi, regex: 'BME' }\n";
    let p = compile_text(text, Path::new("t.yaml"), &mut taken()).unwrap();
    assert_eq!(run(&p, vec![plan()]), "");
    let wdes_plan = SheetBuilder::new("Plan")
        .row(&["WDES Metric", "Action", "KPI"])
        .row(&["Metric 5", "Mentoring", "BME staff: 45%"]);
    insta::assert_snapshot!(run_on(&p, Knowledge::wdes(), vec![wdes_plan]), @"no-bme-kpi  Plan!C2  WDES metric: `BME`  [BME]");
}

#[test]
fn every_problem_is_collected_with_its_place() {
    let text = "\
pack: p
rules:
  - id: a-rule
    family: owner
    message: \"{owner}\"
    required: { field: owner }
    valid: [[[Action, Lead]]]
    invalid:
      - { rows: [[Action]], at: B2, extra: 1 }
  - id: a-rule
    family: owner
    message: m
    forbidden: { field: [owner, any-cell], regex: x }
  - family: owner
    message: m
    conditional: { if: { field: owner }, then: { field: kpi, empty: maybe, matches: x } }
";
    insta::assert_debug_snapshot!(problems(text), @r#"
    [
        (
            "in `message`: `{owner}` is not a placeholder; this rule can use {action}, {item}, {field}, {column}, {value}, {cell}, {sheet}, {standard}, {item-word}",
            "{owner}",
        ),
        (
            "unknown key `extra` in a `invalid` case; expected one of sheet, rows, sheets, at",
            "extra",
        ),
        (
            "rule id `a-rule` is used twice in this pack (first on line 3)",
            "a-rule",
        ),
        (
            "`any-field` and `any-cell` stand alone, not in a list",
            "[",
        ),
        (
            "a rule needs `id:`",
            "f",
        ),
        (
            "`if` needs a test: `matches`, `one-of` or `empty`",
            "{",
        ),
        (
            "`then` has 2 tests; give one of `matches`, `one-of` or `empty`",
            "{",
        ),
    ]
    "#);
}

#[test]
fn ids_are_unique_across_packs_and_against_built_in_rules() {
    let mut taken = taken();
    let one = "rules:\n  - id: shared-id\n    family: owner\n    message: m\n    required: { field: owner }\n";
    compile_text(one, Path::new("one.yaml"), &mut taken).unwrap();
    let err = compile_text(one, Path::new("two.yaml"), &mut taken).unwrap_err();
    assert!(
        err.problems[0]
            .message
            .contains("already taken: it is a rule of pack one"),
        "{:?}",
        err.problems
    );
    for id in [
        "ow002",
        "indicator-not-covered",
        "owner",
        "all",
        "race-group-in-wdes-measure",
    ] {
        let text = one.replace("shared-id", id);
        let err = compile_text(&text, Path::new("x.yaml"), &mut crate::packs::taken()).unwrap_err();
        assert!(
            err.problems[0].message.contains("already taken"),
            "{id}: {:?}",
            err.problems
        );
    }
}

#[test]
fn empty_and_non_mapping_packs_are_explained() {
    // Not a mapping: refused without quoting it (issue 19: it may be any
    // file a hostile configuration names).
    let list = problems("- id: x\n");
    assert_eq!(list.len(), 1);
    assert!(list[0].0.contains("not a YAML mapping"), "{list:?}");
    assert_eq!(list[0].1, "?");
    assert_eq!(
        problems("pack: x\n")[0].0,
        "a pack needs `rules:`, a list of rules"
    );
    let empty = compile_text("", Path::new("e.yaml"), &mut taken()).unwrap();
    assert!(empty.rules.is_empty());
}

#[test]
fn self_test_failures_say_what_went_wrong() {
    let p = pack(
        "  - id: owner-required\n    family: owner\n    message: m\n    required: { field: owner }\n    valid:\n      - [[Action, Lead], [Mentoring, \"\"]]\n    invalid:\n      - [[Action, Lead], [Mentoring, OD]]\n      - rows: [[Action, Lead], [Mentoring, \"\"]]\n        at: [C2]\n",
    );
    let results = selftest::run(&p);
    let failures: Vec<(String, String)> = results
        .iter()
        .map(|r| (r.label(), r.failure.clone().unwrap_or_default()))
        .collect();
    insta::assert_debug_snapshot!(failures, @r#"
    [
        (
            "valid case 1 (line 7)",
            "expected no finding, got Plan!B2: m",
        ),
        (
            "invalid case 1 (line 9)",
            "expected a finding, got none",
        ),
        (
            "invalid case 2 (line 10)",
            "no finding at C2; unexpected Plan!B2: m",
        ),
    ]
    "#);
}

#[test]
fn sheets_limit_every_kind_of_check_to_the_sheets_named() {
    // Names and patterns, letter case and surrounding spaces ignored.
    let p = pack(
        "  - id: owner-required\n    family: owner\n    sheets: [' action plan* ', Progress]\n    message: \"{sheet}: no {field}\"\n    required: { field: owner }\n  - id: no-tbc\n    family: template\n    sheets: Notes\n    message: \"`{match}` on {sheet}\"\n    forbidden: { field: any-cell, regex: '\\bTBC\\b' }\n  - id: one-term\n    family: template\n    sheets: ['Action Plan ????']\n    message: \"`{match}`, not `{first}` ({first-cell})\"\n    consistency: { field: any-cell, spellings: [BME, BAME] }\n  - id: house-template\n    family: template\n    sheets: ['Action Plan*']\n    message: \"{problem}\"\n    template: { columns: [action, owner, status] }\n",
    );
    let sheet = |name: &str, term: &str| {
        SheetBuilder::new(name)
            .row(&["Action", "Lead", "KPI"])
            .row(&["Mentoring", "", &format!("20 {term} mentees")])
            .row(&["Panel audit", "TBC", "Audit done"])
    };
    // The first BME on any sheet is in "Old plan", which the consistency
    // rule does not read: "Action Plan 2024" sets the spelling.
    insta::assert_snapshot!(
        run(&p, vec![sheet("Old plan", "BME"), sheet("ACTION PLAN 2024", "BAME"), sheet("Action Plan 2025", "BME"), sheet("Notes", "BME")]),
        @r"
    owner-required  'ACTION PLAN 2024'!B2  ACTION PLAN 2024: no owner
    owner-required  'Action Plan 2025'!B2  Action Plan 2025: no owner
    no-tbc  Notes!B3  `TBC` on Notes  [TBC]
    one-term  'Action Plan 2025'!C2  `BME`, not `BAME` ('ACTION PLAN 2024'!C2)  [BME]
    house-template  'ACTION PLAN 2024'!A1  the action table has no status column
    house-template  'Action Plan 2025'!A1  the action table has no status column
    "
    );
    // No table on the sheets named: the template says so, the others are quiet.
    insta::assert_snapshot!(run(&p, vec![sheet("Old plan", "BME")]), @"house-template  workbook  no sheet named `Action Plan*` has an action table (a header row naming an action column)");
    let rule = &p.rules[0];
    assert!(
        rule.looks_at("Progress") && rule.looks_at("action plan") && !rule.looks_at("Progress Q1")
    );
    assert!(
        rule.meta
            .docs
            .contains("Only on sheets named `action plan*` or `Progress`."),
        "{}",
        rule.meta.docs
    );
}

#[test]
fn sheets_and_codes_are_checked_when_compiled() {
    let text = "\
rules:
  - id: a-rule
    code: ow900
    family: owner
    sheets: []
    message: m
    required: { field: owner }
  - id: b-rule
    code: OW900
    family: owner
    sheets: [Plan, ' plan ', 'Q1: progress', '', 'A sheet name longer than thirty-one']
    message: m
    required: { field: owner }
  - id: c-rule
    code: RIV001
    family: owner
    sheets: ['A pattern longer than thirty-one characters*']
    message: m
    required: { field: owner }
  - id: d-rule
    code: riv001
    family: owner
    message: m
    required: { field: owner }
  - id: e-rule
    code: RIV001
    family: owner
    message: m
    required: { field: owner }
";
    insta::assert_debug_snapshot!(problems(text), @r#"
    [
        (
            "code `ow900` should be two to six capital letters then three digits, e.g. RIV001",
            "ow900",
        ),
        (
            "`sheets` lists no sheet; leave it out to look at every sheet",
            "[",
        ),
        (
            "code `OW900` starts with OW, the prefix of built-in rules; choose other letters, e.g. the pack's initials",
            "OW900",
        ),
        (
            "`plan` is listed twice",
            "' plan '",
        ),
        (
            "`Q1: progress` matches no sheet: a sheet name cannot contain `:`",
            "'Q1: progress'",
        ),
        (
            "a sheet name is empty",
            "''",
        ),
        (
            "`A sheet name longer than thirty-one` matches no sheet: a sheet name has at most 31 characters",
            "'A sheet name longer than thirty-one'",
        ),
        (
            "code `riv001` should be two to six capital letters then three digits, e.g. RIV001",
            "riv001",
        ),
        (
            "code `RIV001` is used twice in this pack (first on line 15)",
            "RIV001",
        ),
    ]
    "#);
}

#[test]
fn codes_are_unique_across_packs_and_stand_for_the_rule_everywhere() {
    let mut taken = taken();
    let one = "rules:\n  - id: first-rule\n    code: RIV001\n    family: owner\n    message: m\n    required: { field: owner }\n";
    let first = compile_text(one, Path::new("one.yaml"), &mut taken).unwrap();
    let rule = &first.rules[0];
    assert_eq!(
        (&*rule.meta.code, &*rule.meta.name),
        ("RIV001", "first-rule")
    );
    assert_eq!(rule.code.as_deref(), Some("RIV001"));
    assert_eq!(crate::rules::Rule::pack(&**rule), Some("one"));
    // Another pack may use neither the code nor the id, in any letter case.
    for (id, code) in [("other-rule", "RIV001"), ("first-rule", "RIV002")] {
        let text = one.replace("first-rule", id).replace("RIV001", code);
        let err = compile_text(&text, Path::new("two.yaml"), &mut taken.clone()).unwrap_err();
        assert!(
            err.problems[0]
                .message
                .contains("already taken: it is a rule of pack one"),
            "{:?}",
            err.problems
        );
    }
    // Nor may a rule's id be a code already in use.
    let text = one
        .replace("first-rule", "riv001")
        .replace("    code: RIV001\n", "");
    let err = compile_text(&text, Path::new("three.yaml"), &mut taken.clone()).unwrap_err();
    assert!(
        err.problems[0].message.contains("already taken"),
        "{:?}",
        err.problems
    );
    // Selected by code or id, in any case for the code.
    let rules = crate::registry::all_rules(&first.rules());
    for text in ["RIV001", "riv001", "first-rule"] {
        assert_eq!(
            crate::registry::Selector::parse(text, &rules),
            Some(crate::registry::Selector::Rule("RIV001".to_owned())),
            "{text}"
        );
    }
    // The built-in packs' rules have codes of their family, like built-in rules.
    for pack in builtin_packs() {
        for rule in &pack.rules {
            let prefix = rule.meta.family.code_prefix();
            assert!(
                rule.meta.code.starts_with(prefix) && rule.meta.code.len() == 5,
                "{}",
                rule.meta.code
            );
        }
    }
}

#[test]
fn a_standards_pack_rule_needs_a_code_with_its_familys_prefix() {
    let text = "rules:\n  - id: no-code\n    family: owner\n    message: m\n    required: { field: owner }\n  - id: wrong-prefix\n    code: TL150\n    family: owner\n    message: m\n    required: { field: owner }\n  - id: right-prefix\n    code: OW150\n    family: owner\n    message: m\n    required: { field: owner }\n";
    let problems = compile(
        text,
        "rules/x.yaml",
        Kind::Standard("WDES"),
        &mut Taken::builtin(),
    )
    .unwrap_err();
    let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "a rule of a standard's pack needs `code:`, OW and three digits",
            "code `TL150` should start with OW, the prefix of owner rules",
        ]
    );
}
