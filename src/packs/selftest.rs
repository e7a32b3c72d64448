//! Running a pack's `valid:` / `invalid:` cases: each case becomes a small
//! workbook in memory, is read into a model like any file, and the rule runs
//! on it.

use crate::fixture::SheetBuilder;
use crate::knowledge::Knowledge;
use crate::location::Location;
use crate::model;
use crate::rules::{Context, Rule};
use crate::workbook::Workbook;

use super::compile::{Pack, CASE_SHEET};
use super::rule::{Case, PackRule};

/// The outcome of one case.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseResult {
    pub rule: String,
    pub valid: bool,
    pub index: usize,
    pub line: usize,
    /// Why the case failed; `None` when it passed.
    pub failure: Option<String>,
}

impl CaseResult {
    pub fn passed(&self) -> bool {
        self.failure.is_none()
    }

    /// `valid case 2 (line 31)`.
    pub fn label(&self) -> String {
        format!(
            "{} case {} (line {})",
            if self.valid { "valid" } else { "invalid" },
            self.index,
            self.line
        )
    }
}

/// The workbook a case describes.
pub fn workbook(case: &Case) -> Workbook {
    let sheets = case
        .sheets
        .iter()
        .map(|(name, rows)| {
            rows.iter().fold(SheetBuilder::new(name), |sheet, row| {
                let cells: Vec<&str> = row.iter().map(String::as_str).collect();
                sheet.row(&cells)
            })
        })
        .collect();
    crate::fixture::workbook(sheets)
}

/// The knowledge a rule's cases are read with: its standard's, else WRES.
fn knowledge_for(rule: &PackRule) -> &'static Knowledge {
    rule.standard
        .as_deref()
        .and_then(crate::standard::by_name)
        .unwrap_or_else(Knowledge::wres)
}

/// How a finding's place is written in `at:`: `C4` on the default sheet,
/// else `Sheet!C4`; a sheet by its name; the workbook as `workbook`.
fn place(location: &Location, single_sheet: Option<&str>) -> Vec<String> {
    match location {
        Location::Workbook => vec!["workbook".to_owned()],
        Location::Sheet(name) => vec![name.to_string()],
        Location::Cell(cell) | Location::Range { start: cell, .. } => {
            let mut names = vec![cell.to_string(), format!("{}!{}", cell.sheet, cell.a1())];
            if single_sheet == Some(&*cell.sheet) {
                names.push(cell.a1());
            }
            names
        }
    }
}

/// Run one case of a rule.
pub fn run_case(rule: &PackRule, case: &Case) -> CaseResult {
    let workbook = workbook(case);
    let knowledge = knowledge_for(rule);
    let model = model::build(&workbook, knowledge);
    let cx = Context::new(&workbook, &model, knowledge);
    let mut findings = Vec::new();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rule.check(&cx, &mut findings)
    }));
    let single = (case.sheets.len() == 1).then(|| case.sheets[0].0.as_str());
    let failure = if outcome.is_err() {
        Some("the rule failed on this case (a bug in wreslint)".to_owned())
    } else if case.valid {
        (!findings.is_empty()).then(|| {
            let list: Vec<String> = findings
                .iter()
                .map(|f| format!("{}: {}", f.location, f.message))
                .collect();
            format!("expected no finding, got {}", list.join("; "))
        })
    } else if findings.is_empty() {
        Some("expected a finding, got none".to_owned())
    } else if let Some(at) = &case.at {
        let mut missing: Vec<&String> = Vec::new();
        let mut unused: Vec<bool> = vec![true; findings.len()];
        for wanted in at {
            let hit = findings.iter().enumerate().position(|(i, f)| {
                unused[i]
                    && place(&f.location, single)
                        .iter()
                        .any(|p| p.eq_ignore_ascii_case(wanted.trim()))
            });
            match hit {
                Some(i) => unused[i] = false,
                None => missing.push(wanted),
            }
        }
        let extra: Vec<String> = findings
            .iter()
            .zip(&unused)
            .filter(|(_, u)| **u)
            .map(|(f, _)| format!("{}: {}", f.location, f.message))
            .collect();
        (!missing.is_empty() || !extra.is_empty()).then(|| {
            let mut parts = Vec::new();
            if !missing.is_empty() {
                let names: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
                parts.push(format!("no finding at {}", names.join(", ")));
            }
            if !extra.is_empty() {
                parts.push(format!("unexpected {}", extra.join("; ")));
            }
            parts.join("; ")
        })
    } else {
        None
    };
    CaseResult {
        rule: rule.meta.name.to_string(),
        valid: case.valid,
        index: case.index,
        line: case.line,
        failure,
    }
}

/// Run every case of every rule of a pack, in order.
pub fn run(pack: &Pack) -> Vec<CaseResult> {
    pack.rules
        .iter()
        .flat_map(|rule| rule.cases.iter().map(move |case| run_case(rule, case)))
        .collect()
}

/// The default sheet name of a case written as a bare list of rows.
pub const DEFAULT_SHEET: &str = CASE_SHEET;

/// A plain-text report of self-test results: one line per failing case and
/// a closing count. Returns the text and whether every case passed.
pub fn report(results: &[(&Pack, Vec<CaseResult>)]) -> (String, bool) {
    let mut out = String::new();
    let (mut rules, mut cases, mut failed, mut untested) = (0, 0, 0, Vec::new());
    for (pack, list) in results {
        let path = crate::location::display_path(&pack.path);
        rules += pack.rules.len();
        cases += list.len();
        for rule in &pack.rules {
            if rule.cases.is_empty() {
                untested.push(format!("{path}: {}", rule.meta.name));
            }
        }
        let failures: Vec<&CaseResult> = list.iter().filter(|r| !r.passed()).collect();
        failed += failures.len();
        if failures.is_empty() {
            out.push_str(&format!(
                "{path}: {} rules, {} cases: all pass\n",
                pack.rules.len(),
                list.len()
            ));
        }
        for f in failures {
            out.push_str(&format!(
                "{path}:{}: {} {}: {}\n",
                f.line,
                f.rule,
                f.label(),
                f.failure.as_deref().unwrap_or_default()
            ));
        }
    }
    for name in &untested {
        out.push_str(&format!("{name}: no self-test cases\n"));
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    out.push_str(&format!(
        "Tested {} and {}: {} passed, {} failed.\n",
        plural(rules, "rule"),
        plural(cases, "case"),
        cases - failed,
        failed
    ));
    (out, failed == 0)
}
