//! Which cells get a note and a fill: diagnostics grouped by the cell they
//! anchor on, and the text of each note.

use std::collections::BTreeMap;

use super::xml::{MAX_COLS, MAX_ROWS};
use super::NOTE_MARKER;
use crate::diagnostic::{Diagnostic, Severity};

/// The findings on one cell.
#[derive(Debug)]
pub(crate) struct Flagged<'a> {
    pub worst: Severity,
    /// Worst first, then by code and message.
    pub diagnostics: Vec<&'a Diagnostic>,
}

/// Flagged cells of one sheet by (row, col), 0-based, in row-major order.
pub(crate) type SheetFlags<'a> = BTreeMap<(u32, u32), Flagged<'a>>;

/// Cell-anchored diagnostics grouped by sheet name, then cell. Workbook- and
/// sheet-level findings have no cell and appear on the summary sheet only.
pub(crate) fn group(diagnostics: &[Diagnostic]) -> BTreeMap<String, SheetFlags<'_>> {
    let mut sheets: BTreeMap<String, SheetFlags<'_>> = BTreeMap::new();
    for d in diagnostics {
        let Some(at) = d.location.anchor() else {
            continue;
        };
        if at.row >= MAX_ROWS || at.col >= MAX_COLS {
            continue;
        }
        let cell = sheets
            .entry(at.sheet.to_string())
            .or_default()
            .entry((at.row, at.col))
            .or_insert_with(|| Flagged {
                worst: d.severity,
                diagnostics: Vec::new(),
            });
        cell.worst = cell.worst.max(d.severity);
        cell.diagnostics.push(d);
    }
    for cell in sheets.values_mut().flat_map(|s| s.values_mut()) {
        cell.diagnostics.sort_by(|a, b| {
            (b.severity, &a.code, &a.message).cmp(&(a.severity, &b.code, &b.message))
        });
        cell.diagnostics
            .dedup_by(|a, b| (&a.code, &a.message, &a.help) == (&b.code, &b.message, &b.help));
    }
    sheets
}

/// Longest note written; Excel keeps 32 767 characters but a note box that
/// long helps nobody, and the summary sheet lists everything anyway.
const MAX_NOTE_CHARS: usize = 4_000;

/// A note: its bold first line (starting with [`NOTE_MARKER`]) and the body.
pub(crate) fn note_text(cell: &Flagged<'_>) -> (String, String) {
    let n = cell.diagnostics.len();
    let head = format!("{NOTE_MARKER} {n} finding{}", if n == 1 { "" } else { "s" });
    let mut body = String::new();
    for d in &cell.diagnostics {
        body.push('\n');
        body.push_str(&format!(
            "{} {} {}: {}",
            d.severity, d.code, d.name, d.message
        ));
        if let Some(help) = &d.help {
            body.push_str("\nHelp: ");
            body.push_str(help);
        }
    }
    if body.chars().count() > MAX_NOTE_CHARS {
        body = body.chars().take(MAX_NOTE_CHARS).collect::<String>();
        body.push_str(&format!("…\n(see the {} sheet)", super::SUMMARY_SHEET));
    }
    (head, body)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::diagnostic::Family;
    use crate::location::{CellRef, Location};

    fn diag(code: &str, severity: Severity, row: u32, col: u32) -> Diagnostic {
        let sheet: Arc<str> = Arc::from("Plan");
        Diagnostic {
            subject: None,
            code: code.to_owned(),
            name: format!("rule-{code}"),
            family: Family::Owner,
            severity,
            location: Location::Cell(CellRef::new(&sheet, row, col)),
            message: format!("message {code}"),
            help: Some("do this".to_owned()),
            span: None,
            related: Vec::new(),
            cell_text: None,
        }
    }

    #[test]
    fn findings_group_by_cell_worst_first() {
        let diags = vec![
            diag("OW002", Severity::Info, 4, 2),
            diag("CV001", Severity::Error, 4, 2),
            diag("TP001", Severity::Warning, 7, 0),
            Diagnostic {
                subject: None,
                location: Location::Workbook,
                ..diag("CV002", Severity::Warning, 0, 0)
            },
        ];
        let groups = group(&diags);
        let plan = &groups["Plan"];
        assert_eq!(plan.len(), 2);
        let c5 = &plan[&(4, 2)];
        assert_eq!(c5.worst, Severity::Error);
        let codes: Vec<_> = c5.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["CV001", "OW002"]);
        let (head, body) = note_text(c5);
        assert_eq!(head, "[wreslint] 2 findings");
        assert_eq!(
            body,
            "\nerror CV001 rule-CV001: message CV001\nHelp: do this\ninfo OW002 rule-OW002: message OW002\nHelp: do this"
        );
    }
}
