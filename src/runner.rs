//! Runs the selected rules over one workbook and turns their findings into
//! diagnostics: the runner, not the rule, decides code, severity and order.

use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;

use crate::diagnostic::{clip, Diagnostic, Family, Finding, Related, Severity};
use crate::knowledge::Knowledge;
use crate::location::Location;
use crate::model::Model;
use crate::registry::RuleSet;
use crate::rules::Context;
use crate::workbook::Workbook;

/// The code of the diagnostic reported when a rule itself fails.
pub const INTERNAL_ERROR: &str = "internal-error";

/// Run every rule of `set` and return the diagnostics in a stable order:
/// sheet order, row, column, code, message. A rule that panics yields one
/// internal-error diagnostic and the other rules still run. At most the
/// default [`crate::load::Limits::max_findings`] findings of a rule are kept
/// per sheet; see [`run_with_cap`].
pub fn run(
    set: &RuleSet,
    workbook: &Workbook,
    model: &Model,
    knowledge: &Knowledge,
) -> Vec<Diagnostic> {
    let cap = crate::load::Limits::default().max_findings;
    run_with_cap(set, workbook, model, knowledge, cap)
}

/// Run the cross-checks of `set` (the evidence family) on one linted
/// workbook and the workbooks paired with it. Like [`run`]: a panicking
/// rule is one internal error; findings carry code and severity from the
/// set. Cell texts are not attached (the workbook is no longer held).
pub fn run_pair(set: &RuleSet, cx: &crate::evidence::Context<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (rule, severity) in set.rules() {
        let meta = rule.meta();
        let mut findings = match guarded(rule, |out| rule.check_pair(cx, out)) {
            Ok(findings) => findings,
            Err(failed) => {
                diagnostics.push(*failed);
                continue;
            }
        };
        one_per_place(&mut findings);
        for finding in findings {
            // The cell's text as the facts kept it (the workbook is gone).
            let cell_text: Option<Arc<str>> = finding
                .location
                .anchor()
                .and_then(|c| cx.this.texts.get(c))
                .map(Arc::clone);
            let span = finding
                .span
                .filter(|s| cell_text.as_ref().is_some_and(|t| s.end <= t.len()));
            diagnostics.push(Diagnostic {
                subject: finding.subject,
                code: meta.code.to_string(),
                name: meta.name.to_string(),
                family: meta.family,
                severity,
                location: finding.location,
                message: clip(finding.message, MAX_MESSAGE_BYTES),
                help: finding.help.map(|h| clip(h, MAX_MESSAGE_BYTES)),
                span,
                related: clip_related(finding.related),
                cell_text,
            });
        }
    }
    diagnostics
}

/// Related places with their messages cut like a finding's.
fn clip_related(related: Vec<Related>) -> Vec<Related> {
    related
        .into_iter()
        .map(|r| Related {
            message: clip(r.message, MAX_MESSAGE_BYTES),
            ..r
        })
        .collect()
}

/// Run one rule's check; a panic becomes one internal-error diagnostic
/// naming the rule, and the other rules still run.
fn guarded(
    rule: &dyn crate::rules::Rule,
    check: impl FnOnce(&mut Vec<Finding>),
) -> Result<Vec<Finding>, Box<Diagnostic>> {
    let mut findings = Vec::new();
    match panic::catch_unwind(AssertUnwindSafe(|| check(&mut findings))) {
        Ok(()) => Ok(findings),
        Err(payload) => {
            let meta = rule.meta();
            Err(Box::new(internal_error(
                Location::Workbook,
                format!(
                    "rule {} ({}) failed: {}",
                    meta.code,
                    meta.name,
                    panic_message(&*payload)
                ),
            )))
        }
    }
}

/// One finding of a rule per place (cell and span): a cell shared by
/// several actions (a block's "Timescale", an owner merged down over three
/// actions) is one cause, reported once, for the first action that met it.
/// Findings on a sheet or the workbook as a whole (one per indicator not
/// covered) are all kept.
fn one_per_place(findings: &mut Vec<Finding>) {
    let mut seen = std::collections::HashSet::new();
    findings.retain(|f| match &f.location {
        Location::Cell(_) | Location::Range { .. } => {
            seen.insert((f.location.clone(), f.span.clone()))
        }
        _ => true,
    });
}

pub use crate::diagnostic::MAX_CELL_TEXT_BYTES;
/// Longest message or help kept, in bytes: a built-in message quotes a few
/// words, a pack message may quote a whole cell.
pub const MAX_MESSAGE_BYTES: usize = 2 * 1024;

/// [`run`], keeping at most `cap` findings of each rule on each sheet (and
/// on the workbook as a whole): the first `cap` in sheet, row and column
/// order, then one finding at the sheet, under the rule's code and
/// severity, saying how many more there were. So the memory and the output
/// of a run are bounded by the number of rules and sheets, not by what a
/// million-row workbook can provoke.
pub fn run_with_cap(
    set: &RuleSet,
    workbook: &Workbook,
    model: &Model,
    knowledge: &Knowledge,
    cap: usize,
) -> Vec<Diagnostic> {
    let cx = Context::new(workbook, model, knowledge);
    let mut diagnostics = Vec::new();
    // Every finding on a cell shares one copy of its (clipped) text.
    let mut texts: HashMap<crate::location::CellRef, Arc<str>> = HashMap::new();
    for (rule, severity) in set.rules() {
        let meta = rule.meta();
        let mut findings = match guarded(rule, |out| rule.check(&cx, out)) {
            Ok(findings) => findings,
            Err(failed) => {
                diagnostics.push(*failed);
                continue;
            }
        };
        one_per_place(&mut findings);
        let (findings, dropped) = cap_per_sheet(findings, cap, workbook);
        let (code, name): (Arc<str>, Arc<str>) = (Arc::from(&*meta.code), Arc::from(&*meta.name));
        let diagnostic = |location: Location, message: String, help: Option<String>| Diagnostic {
            subject: None,
            code: code.to_string(),
            name: name.to_string(),
            family: meta.family,
            severity,
            location,
            message: clip(message, MAX_MESSAGE_BYTES),
            help: help.map(|h| clip(h, MAX_MESSAGE_BYTES)),
            span: None,
            related: Vec::new(),
            cell_text: None,
        };
        for finding in findings {
            let cell_text = finding.location.anchor().and_then(|c| {
                if let Some(text) = texts.get(c) {
                    return Some(Arc::clone(text));
                }
                let text: Arc<str> = Arc::from(clip(workbook.cell(c)?.text(), MAX_CELL_TEXT_BYTES));
                texts.insert(c.clone(), Arc::clone(&text));
                Some(text)
            });
            // A span past the end of a clipped text is dropped.
            let span = finding
                .span
                .filter(|s| cell_text.as_ref().is_some_and(|t| s.end <= t.len()));
            let related = clip_related(finding.related);
            diagnostics.push(Diagnostic {
                subject: finding.subject,
                span,
                related,
                cell_text,
                ..diagnostic(finding.location, finding.message, finding.help)
            });
        }
        for (location, count) in dropped {
            let place = match &location {
                Location::Workbook => "the workbook".to_owned(),
                other => format!("{other}"),
            };
            diagnostics.push(diagnostic(
                location,
                format!(
                    "… and {} more of {} on {place}",
                    thousands(count),
                    meta.code
                ),
                Some(format!(
                    "Only the first {} findings of a rule on a sheet are reported (limits: max_findings); fix those first, or raise the limit with --config",
                    thousands(cap)
                )),
            ));
        }
    }
    sort(&mut diagnostics, workbook);
    diagnostics.dedup();
    diagnostics
}

/// Keeps the first `cap` findings on each sheet (and on the workbook), in
/// sheet, row and column order; returns what was kept and, per sheet, how
/// many were left out.
fn cap_per_sheet(
    mut findings: Vec<Finding>,
    cap: usize,
    workbook: &Workbook,
) -> (Vec<Finding>, Vec<(Location, usize)>) {
    let mut counts: HashMap<Option<&str>, usize> = HashMap::new();
    for f in &findings {
        *counts.entry(f.location.sheet()).or_default() += 1;
    }
    if counts.values().all(|&n| n <= cap) {
        return (findings, Vec::new());
    }
    let order: HashMap<&str, usize> = workbook
        .sheets
        .iter()
        .enumerate()
        .map(|(i, s)| (&*s.name, i))
        .collect();
    let key = |f: &Finding| {
        let sheet = f
            .location
            .sheet()
            .map_or(0, |s| 1 + order.get(s).copied().unwrap_or(usize::MAX - 1));
        let (row, col) = f
            .location
            .anchor()
            .map_or((0, 0), |c| (c.row + 1, c.col + 1));
        (sheet, row, col)
    };
    findings.sort_by_key(key);
    let mut kept: HashMap<Option<Arc<str>>, usize> = HashMap::new();
    let mut dropped: Vec<(Location, usize)> = Vec::new();
    findings.retain(|f| {
        let sheet: Option<Arc<str>> = match &f.location {
            Location::Workbook => None,
            Location::Sheet(s) => Some(Arc::clone(s)),
            Location::Cell(c) | Location::Range { start: c, .. } => Some(Arc::clone(&c.sheet)),
        };
        let n = kept.entry(sheet.clone()).or_default();
        *n += 1;
        if *n <= cap {
            return true;
        }
        let location = sheet.map_or(Location::Workbook, Location::Sheet);
        match dropped.last_mut() {
            Some((at, count)) if *at == location => *count += 1,
            _ => dropped.push((location, 1)),
        }
        false
    });
    findings.shrink_to_fit();
    (findings, dropped)
}

/// `text` cut to at most `max` bytes on a character boundary, with `…`.
/// 1047990 → "1,047,990".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An internal-error diagnostic: wreslint itself failed, not the workbook.
pub fn internal_error(location: Location, message: String) -> Diagnostic {
    Diagnostic {
        subject: None,
        code: INTERNAL_ERROR.to_owned(),
        name: INTERNAL_ERROR.to_owned(),
        family: Family::Template,
        severity: Severity::Error,
        location,
        message: format!(
            "{message} (this is a bug in wreslint: please report it with the workbook if you can)"
        ),
        help: None,
        span: None,
        related: Vec::new(),
        cell_text: None,
    }
}

/// The text of a panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_owned()
    }
}

/// Workbook-level first, then by sheet position in the workbook, row, column.
pub fn sort(diagnostics: &mut [Diagnostic], workbook: &Workbook) {
    sort_in_sheet_order(diagnostics, workbook.sheets.iter().map(|s| &*s.name));
}

/// [`sort`], given the workbook's sheet names in order.
pub fn sort_in_sheet_order<'s>(
    diagnostics: &mut [Diagnostic],
    sheets: impl Iterator<Item = &'s str>,
) {
    let order: HashMap<&str, usize> = sheets.enumerate().map(|(i, s)| (s, i)).collect();
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            let (sheet, row, col) = match &d.location {
                Location::Workbook => (0, 0, 0),
                Location::Sheet(name) => (
                    1 + order.get(&**name).copied().unwrap_or(usize::MAX - 1),
                    0,
                    0,
                ),
                Location::Cell(c) | Location::Range { start: c, .. } => (
                    1 + order.get(&*c.sheet).copied().unwrap_or(usize::MAX - 1),
                    c.row + 1,
                    c.col + 1,
                ),
            };
            (sheet, row, col)
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.code.cmp(&b.code))
            .then_with(|| a.message.cmp(&b.message))
            .then_with(|| {
                a.span
                    .as_ref()
                    .map(|s| s.start)
                    .cmp(&b.span.as_ref().map(|s| s.start))
            })
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::{RuleHandle, Selection};
    use crate::rules::Rule;

    /// A rule that reports every cell of every sheet, `times` times each.
    struct EveryCell {
        times: usize,
    }

    static EVERY_CELL: crate::rules::RuleMeta = crate::rules::RuleMeta {
        code: std::borrow::Cow::Borrowed("TP998"),
        name: std::borrow::Cow::Borrowed("every-cell"),
        family: Family::Template,
        default_severity: Severity::Warning,
        summary: std::borrow::Cow::Borrowed("Reports every cell"),
        docs: std::borrow::Cow::Borrowed(""),
    };

    impl Rule for EveryCell {
        fn meta(&self) -> &crate::rules::RuleMeta {
            &EVERY_CELL
        }
        fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
            for sheet in &cx.workbook.sheets {
                for cell in sheet.cells().iter().rev() {
                    for i in 0..self.times {
                        out.push(
                            Finding::new(
                                Location::Cell(crate::location::CellRef::new(
                                    &sheet.name,
                                    cell.row,
                                    cell.col,
                                )),
                                format!("finding {i}"),
                            )
                            // Distinct places: one finding per place is kept.
                            .span(i..i + 1),
                        );
                    }
                }
            }
        }
    }

    fn run_every_cell(workbook: &Workbook, times: usize, cap: usize) -> Vec<Diagnostic> {
        let set = RuleSet::new(
            vec![RuleHandle::Owned(Arc::new(EveryCell { times }))],
            &Selection::default(),
        );
        run_with_cap(&set, workbook, &Model::default(), Knowledge::wres(), cap)
    }

    /// Issue 19: a million-row workbook drew two million findings.
    #[test]
    fn findings_are_capped_per_rule_and_sheet_with_a_summary() {
        use crate::fixture::{workbook, SheetBuilder};
        let mut big = SheetBuilder::new("Action Plan");
        for row in 0..2_500 {
            big = big.number(row, 0, 1.0);
        }
        let small = SheetBuilder::new("Notes").row(&["a", "b"]);
        let wb = workbook(vec![big, small]);
        let out = run_every_cell(&wb, 1, 1_000);
        let on = |sheet: &str| {
            out.iter()
                .filter(|d| d.location.sheet() == Some(sheet))
                .collect::<Vec<_>>()
        };
        let plan = on("Action Plan");
        assert_eq!(plan.len(), 1_001);
        // The first thousand in row order are kept, the summary comes first.
        assert_eq!(plan[0].location.to_string(), "'Action Plan'");
        assert_eq!(
            plan[0].message,
            "… and 1,500 more of TP998 on 'Action Plan'"
        );
        assert_eq!(plan[0].severity, Severity::Warning);
        assert_eq!(plan[1].location.to_string(), "'Action Plan'!A1");
        assert_eq!(plan[1_000].location.to_string(), "'Action Plan'!A1000");
        assert_eq!(on("Notes").len(), 2);
        assert_eq!(run_every_cell(&wb, 1, usize::MAX).len(), 2_502);
    }

    /// Issue 19: a 10 MB cell was copied into each of its thousand findings.
    #[test]
    fn one_finding_of_a_rule_per_cell_and_span() {
        use crate::fixture::{workbook, SheetBuilder};
        let wb = workbook(vec![SheetBuilder::new("Plan").row(&["a"])]);
        let set = RuleSet::new(
            vec![RuleHandle::Owned(Arc::new(SamePlace))],
            &Selection::default(),
        );
        let out = run_with_cap(&set, &wb, &Model::default(), Knowledge::wres(), 1_000);
        let messages: Vec<&str> = out.iter().map(|d| d.message.as_str()).collect();
        // Two actions sharing one cell: once; a sheet-wide finding: every one.
        assert_eq!(messages, ["sheet 1", "sheet 2", "first action"]);
    }

    struct SamePlace;
    static SAME_PLACE: crate::rules::RuleMeta = crate::rules::RuleMeta {
        code: std::borrow::Cow::Borrowed("TP997"),
        name: std::borrow::Cow::Borrowed("same-place"),
        family: Family::Template,
        default_severity: Severity::Warning,
        summary: std::borrow::Cow::Borrowed("test"),
        docs: std::borrow::Cow::Borrowed(""),
    };
    impl Rule for SamePlace {
        fn meta(&self) -> &crate::rules::RuleMeta {
            &SAME_PLACE
        }
        fn check(&self, _: &Context<'_>, out: &mut Vec<Finding>) {
            let cell = || Location::Cell(crate::location::CellRef::new(&Arc::from("Plan"), 0, 0));
            out.push(Finding::new(cell(), "first action"));
            out.push(Finding::new(cell(), "second action"));
            out.push(Finding::new(Location::Sheet(Arc::from("Plan")), "sheet 1"));
            out.push(Finding::new(Location::Sheet(Arc::from("Plan")), "sheet 2"));
        }
    }

    #[test]
    fn findings_on_one_cell_share_one_clipped_text() {
        use crate::fixture::{workbook, SheetBuilder};
        let huge = "x".repeat(10 * 1024 * 1024);
        let wb = workbook(vec![SheetBuilder::new("Plan").row(&[&huge])]);
        let out = run_every_cell(&wb, 500, 1_000);
        assert_eq!(out.len(), 500);
        let first = out[0].cell_text.clone().unwrap();
        assert!(first.len() <= MAX_CELL_TEXT_BYTES + '…'.len_utf8());
        assert!(first.ends_with('…'));
        for d in &out {
            assert!(Arc::ptr_eq(d.cell_text.as_ref().unwrap(), &first));
            assert!(d.span.as_ref().is_some_and(|s| s.len() == 1));
        }
        assert_eq!(thousands(1_047_990), "1,047,990");
        assert_eq!(thousands(999), "999");
        assert_eq!(clip("ééé".into(), 3), "é…");
    }

    #[test]
    fn a_panicking_rule_becomes_an_internal_error() {
        use std::borrow::Cow;
        static META: crate::rules::RuleMeta = crate::rules::RuleMeta {
            code: Cow::Borrowed("TP999"),
            name: Cow::Borrowed("boom"),
            family: Family::Template,
            default_severity: Severity::Error,
            summary: Cow::Borrowed("Always panics"),
            docs: Cow::Borrowed(""),
        };
        struct Boom;
        impl Rule for Boom {
            fn meta(&self) -> &crate::rules::RuleMeta {
                &META
            }
            fn check(&self, _: &Context<'_>, _: &mut Vec<Finding>) {
                panic!("boom")
            }
        }
        let set = RuleSet::new(
            vec![RuleHandle::Owned(Arc::new(Boom))],
            &Selection::default(),
        );
        let workbook = Workbook::default();
        let model = Model::default();
        let out = run(&set, &workbook, &model, Knowledge::wres());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].code, INTERNAL_ERROR);
        assert!(out[0].message.contains("boom"), "{}", out[0].message);
    }
}
