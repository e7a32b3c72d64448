//! Helpers for rule unit tests: run one rule on a small workbook and render
//! its findings one per line, for readable snapshots.

use super::{Context, Finding, Rule};
use crate::fixture::SheetBuilder;
use crate::knowledge::Knowledge;
use crate::model;
use crate::workbook::Workbook;

/// The workbook built from `sheets` and what `rule` finds in it.
fn run(
    knowledge: &Knowledge,
    rule: &dyn Rule,
    sheets: Vec<SheetBuilder>,
) -> (Workbook, Vec<Finding>) {
    let workbook = crate::fixture::workbook(sheets);
    let model = model::build(&workbook, knowledge);
    let cx = Context::new(&workbook, &model, knowledge);
    let mut out = Vec::new();
    rule.check(&cx, &mut out);
    (workbook, out)
}

/// `name  location  message` per finding, sorted; underlined spans in `[…]`.
pub fn findings(rule: &dyn Rule, sheets: Vec<SheetBuilder>) -> String {
    findings_in(Knowledge::wres(), rule, sheets)
}

/// [`findings`] with a given standard's knowledge (WDES).
pub fn findings_in(knowledge: &Knowledge, rule: &dyn Rule, sheets: Vec<SheetBuilder>) -> String {
    let (workbook, out) = run(knowledge, rule, sheets);
    let mut lines: Vec<String> = out
        .iter()
        .map(|f| {
            let mut line = format!("{}  {}  {}", rule.meta().name, f.location, f.message);
            if let (Some(span), Some(cell)) =
                (&f.span, f.location.anchor().and_then(|c| workbook.cell(c)))
            {
                let text = cell.text();
                if let Some(part) = text.get(span.clone()) {
                    line.push_str(&format!("  [{part}]"));
                }
            }
            line
        })
        .collect();
    lines.sort();
    lines.join("\n")
}

/// Each finding's message and help, `message | help`, sorted: for checking
/// that a rule speaks in the standard's words.
pub fn messages_in(knowledge: &Knowledge, rule: &dyn Rule, sheets: Vec<SheetBuilder>) -> String {
    let (_, out) = run(knowledge, rule, sheets);
    let mut lines: Vec<String> = out
        .iter()
        .map(|f| format!("{} | {}", f.message, f.help.as_deref().unwrap_or_default()))
        .collect();
    lines.sort();
    lines.join("\n")
}

/// The 2018-19 numbered-items layout with the given action rows under its header.
pub fn numbered_plan(rows: &[&[&str]]) -> SheetBuilder {
    let mut sheet = SheetBuilder::new("Plan")
        .row(&["WRES Action Plan 2018 – 2019"])
        .row(&[
            "Item",
            "Activity/Work Piece",
            "Outcomes to be achieved",
            "Link to WRES Metric",
            "Expected date of completion",
            "Responsible for action",
        ]);
    for row in rows {
        sheet = sheet.row(row);
    }
    sheet
}
