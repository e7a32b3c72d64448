//! A pack rule's documentation page, under the same headings as a built-in
//! rule's: what it does, why it matters, and an example taken from its own
//! self-test cases.

use super::message::Message;
use super::rule::{Case, PackField, PackRule, Scope};

/// A one-line summary from a message template: its text, placeholders kept.
pub fn summary_from(message: &Message) -> String {
    let text = message.to_string();
    let line = text.lines().next().unwrap_or_default().trim();
    line.trim_end_matches('.').to_owned()
}

/// "`owner` or `kpi`".
pub(super) fn fields(list: &[PackField]) -> String {
    let names: Vec<&str> = list.iter().map(|f| f.name()).collect();
    match names.as_slice() {
        [one] => format!("`{one}`"),
        [init @ .., last] => format!(
            "{} or `{last}`",
            init.iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        [] => String::new(),
    }
}

/// The cells a check reads, in words.
pub(super) fn scope(scope: &Scope) -> String {
    match scope {
        Scope::Fields(list) => format!("the {} field of each action", fields(list)),
        Scope::AnyField => "every field of each action".to_owned(),
        Scope::AnyCell => "every text cell of the workbook".to_owned(),
    }
}

/// A case's first sheet as a Markdown table.
fn table(case: &Case) -> String {
    let mut out = String::new();
    for (name, rows) in &case.sheets {
        if case.sheets.len() > 1 {
            out.push_str(&format!("Sheet `{name}`:\n\n"));
        }
        let width = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
        for (i, row) in rows.iter().enumerate() {
            let cells: Vec<String> = (0..width)
                .map(|c| {
                    row.get(c)
                        .map(|t| t.replace('|', "\\|").replace('\n', " "))
                        .unwrap_or_default()
                })
                .collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
            if i == 0 {
                out.push_str(&format!("|{}\n", "---|".repeat(width)));
            }
        }
        out.push('\n');
    }
    out
}

/// The page `wreslint explain` prints for a pack rule.
pub fn page(rule: &PackRule, pack: &str, description: Option<&str>, why: Option<&str>) -> String {
    let mut out = String::from("## What it does\n");
    out.push_str(description.map(str::trim).unwrap_or(&rule.check.describe()));
    if let Some(standard) = &rule.standard {
        out.push_str(&format!(" Only for {standard} workbooks."));
    }
    if let Some(sheets) = &rule.sheets {
        out.push_str(&format!(" Only on sheets named {}.", sheets.list()));
    }
    out.push_str(&format!(
        "\n\nDefined in rule pack `{pack}`; its message reads:\n\n> {}\n\n## Why is this bad?\n",
        rule.message
    ));
    out.push_str(
        why.map(str::trim)
            .unwrap_or("The pack's authors require it of every plan they review."),
    );
    out.push_str("\n\n## Example\n");
    let invalid = rule.cases.iter().find(|c| !c.valid);
    let valid = rule.cases.iter().find(|c| c.valid);
    match (invalid, valid) {
        (None, None) => out.push_str("The rule has no self-test cases.\n"),
        (invalid, valid) => {
            if let Some(case) = invalid {
                out.push_str("Reported:\n\n");
                out.push_str(&table(case));
            }
            if let Some(case) = valid {
                out.push_str("Not reported:\n\n");
                out.push_str(&table(case));
            }
        }
    }
    out.trim_end().to_owned() + "\n"
}
