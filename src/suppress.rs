//! Suppressions: findings a team has decided to accept, each with a reason and
//! optionally an expiry date. They come from configuration (per path, rule and
//! optionally cell) or from the workbook itself (a sheet named `wreslint`
//! with the columns Rule | Cell | Reason | Expires). A suppression that
//! matches nothing is reported, so stale ones get cleaned up.
//!
//! Expiry never reads the clock: it is judged against `--today` when given,
//! else the workbook's publication date, else the start of its plan period.

use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::GlobSet;

use crate::date::Date;
use crate::diagnostic::{Diagnostic, Severity};
use crate::location::{CellRef, Location};
use crate::registry::{RuleHandle, Selector};
use crate::rules::{InvalidSuppression, RuleMeta, UnusedSuppression};
use crate::workbook::Workbook;

/// The name of the in-workbook suppression sheet (case-insensitive).
pub const SHEET_NAME: &str = "wreslint";

/// Where a suppression was written.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// A `suppress:` entry in a configuration file, with its YAML byte span.
    Config {
        path: PathBuf,
        span: Option<Range<usize>>,
    },
    /// A row of the workbook's `wreslint` sheet (the cell is its rule cell).
    Sheet(CellRef),
    /// A cell note `wreslint: ignore CODE -- reason` (the cell is the note's).
    Note(CellRef),
}

#[derive(Clone, Debug)]
pub struct Suppression {
    pub rule: Selector,
    /// Paths it applies to (configuration only; relative to the config file).
    pub paths: Option<GlobSet>,
    /// `C5` or `'Sheet'!C5`: only findings at that cell; `None` for any cell.
    pub cell: Option<String>,
    pub reason: String,
    pub expires: Option<Date>,
    pub origin: Origin,
}

impl Suppression {
    fn matches(&self, d: &Diagnostic, relative_path: &Path) -> bool {
        let rule = match &self.rule {
            Selector::All => true,
            Selector::Family(f) => d.family == *f,
            Selector::Rule(code) => d.code == *code,
        };
        let path = self
            .paths
            .as_ref()
            .is_none_or(|set| set.is_match(relative_path));
        let cell = self.cell.as_ref().is_none_or(|wanted| {
            let Some(at) = d.location.anchor() else {
                return wanted.eq_ignore_ascii_case(&d.location.to_string());
            };
            if wanted.contains('!') {
                wanted.eq_ignore_ascii_case(&at.to_string())
                    || wanted.eq_ignore_ascii_case(&format!("{}!{}", at.sheet, at.a1()))
            } else {
                wanted.eq_ignore_ascii_case(&at.a1())
            }
        });
        rule && path && cell
    }

    fn expired(&self, reference: Option<Date>) -> bool {
        matches!((self.expires, reference), (Some(expires), Some(now)) if now > expires)
    }
}

/// The rules whose diagnostics the suppression engine itself reports.
const UNUSED: &RuleMeta = &UnusedSuppression::META;
const INVALID: &RuleMeta = &InvalidSuppression::META;

fn engine_diagnostic(
    kind: &RuleMeta,
    severity: Severity,
    location: Location,
    message: String,
    help: &str,
) -> Diagnostic {
    Diagnostic {
        subject: None,
        code: kind.code.to_string(),
        name: kind.name.to_string(),
        family: kind.family,
        severity,
        location,
        message,
        help: Some(help.to_owned()),
        span: None,
        related: Vec::new(),
        cell_text: None,
    }
}

/// `wreslint: ignore OW002, TL001 -- reason [until 2024-03-31]` in a cell note.
static NOTE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)wreslint:\s*ignore\s+([^\n]*?)\s*(?:--\s*(.*?))?\s*(?:\(?until\s+(\S+?)\)?)?\s*$",
    )
    .expect("valid note regex")
});

/// Suppressions written as cell notes; malformed ones are reported at their cell.
fn from_notes(
    workbook: &Workbook,
    rules: &[RuleHandle],
    found: &mut Vec<Suppression>,
    problems: &mut Vec<Diagnostic>,
) {
    for sheet in &workbook.sheets {
        for note in &sheet.notes {
            for line in note.text.lines() {
                let Some(caps) = NOTE.captures(line) else {
                    continue;
                };
                let at = sheet.cell_ref(note.row, note.col);
                let invalid = |message: String| {
                    engine_diagnostic(
                        INVALID,
                        Severity::Warning,
                        Location::Cell(at.clone()),
                        message,
                        "Write the note as `wreslint: ignore CODE -- reason`, optionally ending `until YYYY-MM-DD`",
                    )
                };
                let codes = caps.get(1).map_or("", |m| m.as_str());
                let reason = caps.get(2).map_or("", |m| m.as_str()).trim();
                let expires = match caps.get(3) {
                    None => None,
                    Some(m) => match Date::parse_iso(m.as_str()) {
                        Some(d) => Some(d),
                        None => {
                            problems.push(invalid(format!(
                                "Suppression note has an expiry that is not a date: `{}`",
                                m.as_str()
                            )));
                            continue;
                        }
                    },
                };
                if reason.is_empty() {
                    problems.push(invalid(format!(
                        "Suppression note for `{codes}` gives no reason after `--`"
                    )));
                    continue;
                }
                for code in codes.split([',', ' ']).filter(|c| !c.is_empty()) {
                    match Selector::parse(code, rules) {
                        Some(rule) => found.push(Suppression {
                            rule,
                            paths: None,
                            cell: Some(at.to_string()),
                            reason: reason.to_owned(),
                            expires,
                            origin: Origin::Note(at.clone()),
                        }),
                        None => problems
                            .push(invalid(format!("Suppression note names no rule: `{code}`"))),
                    }
                }
            }
        }
    }
}

/// Read the workbook's own suppressions: cell notes `wreslint: ignore CODE --
/// reason`, and the rows under a header row of a sheet named `wreslint`.
/// Entries without a known rule or a reason are reported.
pub fn from_workbook(
    workbook: &Workbook,
    rules: &[RuleHandle],
) -> (Vec<Suppression>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    from_notes(workbook, rules, &mut found, &mut problems);
    let Some(sheet) = workbook
        .sheets
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(SHEET_NAME))
    else {
        return (found, problems);
    };
    for (row, cells) in sheet.rows() {
        let text = |col: u32| {
            cells
                .iter()
                .find(|c| c.col == col)
                .map(|c| c.text().trim().to_owned())
                .unwrap_or_default()
        };
        let (rule, cell, reason, expires) = (text(0), text(1), text(2), text(3));
        if rule.is_empty() || rule.eq_ignore_ascii_case("rule") {
            continue; // blank row or the header
        }
        let at = sheet.cell_ref(row, 0);
        let invalid = |message: String| {
            engine_diagnostic(
                INVALID,
                Severity::Warning,
                Location::Cell(at.clone()),
                message,
                "Write the rule code or name in column A, the cell in B (or leave it empty), the reason in C and an optional YYYY-MM-DD expiry in D",
            )
        };
        let Some(selector) = Selector::parse(&rule, rules) else {
            problems.push(invalid(format!("Suppression names no rule: `{rule}`")));
            continue;
        };
        if reason.is_empty() {
            problems.push(invalid(format!("Suppression of `{rule}` gives no reason")));
            continue;
        }
        let expires = if expires.is_empty() {
            None
        } else {
            match Date::parse_iso(&expires) {
                Some(d) => Some(d),
                None => {
                    problems.push(invalid(format!(
                        "Suppression of `{rule}` has an expiry that is not a date: `{expires}`"
                    )));
                    continue;
                }
            }
        };
        found.push(Suppression {
            rule: selector,
            paths: None,
            cell: (!cell.is_empty()).then_some(cell),
            reason,
            expires,
            origin: Origin::Sheet(at),
        });
    }
    (found, problems)
}

/// The outcome of applying suppressions to one file's diagnostics.
#[derive(Debug, Default)]
pub struct Applied {
    /// How many diagnostics each suppression (by index) removed.
    pub used: Vec<usize>,
    pub suppressed: usize,
}

/// Remove suppressed diagnostics. Suppressions past their expiry (judged
/// against `reference`) no longer apply.
pub fn apply(
    diagnostics: &mut Vec<Diagnostic>,
    suppressions: &[Suppression],
    relative_path: &Path,
    reference: Option<Date>,
) -> Applied {
    let mut applied = Applied {
        used: vec![0; suppressions.len()],
        suppressed: 0,
    };
    diagnostics.retain(|d| {
        let hit = suppressions
            .iter()
            .enumerate()
            .find(|(_, s)| !s.expired(reference) && s.matches(d, relative_path));
        match hit {
            Some((i, _)) => {
                applied.used[i] += 1;
                applied.suppressed += 1;
                false
            }
            None => true,
        }
    });
    applied
}

/// Unused in-workbook suppressions, reported at their row of the sheet.
pub fn unused_in_workbook(
    suppressions: &[Suppression],
    applied: &Applied,
    reference: Option<Date>,
) -> Vec<Diagnostic> {
    suppressions
        .iter()
        .zip(&applied.used)
        .filter(|(_, used)| **used == 0)
        .filter_map(|(s, _)| match &s.origin {
            Origin::Sheet(at) | Origin::Note(at) => Some(engine_diagnostic(
                UNUSED,
                Severity::Warning,
                Location::Cell(at.clone()),
                if s.expired(reference) {
                    format!(
                        "Suppression expired on {}",
                        s.expires.map(|d| d.to_string()).unwrap_or_default()
                    )
                } else {
                    "Suppression matches no finding".to_owned()
                },
                "Delete the row, or correct its rule and cell",
            )),
            Origin::Config { .. } => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{workbook, SheetBuilder};
    use crate::registry::all_rules;

    fn diagnostic(code: &str, cell: &str) -> Diagnostic {
        let sheet: std::sync::Arc<str> = "Plan".into();
        let col = u32::from(cell.as_bytes()[0] - b'A');
        let row: u32 = cell[1..].parse::<u32>().unwrap() - 1;
        Diagnostic {
            subject: None,
            code: code.into(),
            name: code.into(),
            family: crate::diagnostic::Family::Owner,
            severity: Severity::Warning,
            location: Location::Cell(CellRef::new(&sheet, row, col)),
            message: String::new(),
            help: None,
            span: None,
            related: Vec::new(),
            cell_text: None,
        }
    }

    #[test]
    fn sheet_rows_suppress_by_rule_and_cell_until_expiry() {
        let book = workbook(vec![
            SheetBuilder::new("Plan").row(&["x"]),
            SheetBuilder::new("wreslint")
                .row(&["Rule", "Cell", "Reason", "Expires"])
                .row(&["OW002", "Plan!F4", "Owner agreed at committee", ""])
                .row(&["action-missing-owner", "F9", "Vacant post", "2024-03-31"])
                .row(&["OW002", "", "", ""])
                .row(&["nonsense", "", "Because", ""]),
        ]);
        let (sups, problems) = from_workbook(&book, &all_rules(&[]));
        assert_eq!(sups.len(), 2);
        let problems: Vec<String> = problems
            .iter()
            .map(|p| format!("{} {}", p.location, p.message))
            .collect();
        assert_eq!(
            problems,
            [
                "wreslint!A4 Suppression of `OW002` gives no reason",
                "wreslint!A5 Suppression names no rule: `nonsense`"
            ]
        );

        let mut diags = vec![
            diagnostic("OW002", "F4"),
            diagnostic("OW002", "F9"),
            diagnostic("OW002", "F5"),
        ];
        let before_expiry = Date::new(2024, 3, 1);
        let applied = apply(&mut diags, &sups, Path::new("plan.xlsx"), before_expiry);
        assert_eq!(applied.used, [1, 1]);
        assert_eq!(diags.len(), 1);

        let mut diags = vec![diagnostic("OW002", "F9")];
        let after_expiry = Date::new(2024, 4, 1);
        let applied = apply(&mut diags, &sups, Path::new("plan.xlsx"), after_expiry);
        assert_eq!(diags.len(), 1, "expired suppressions no longer apply");
        let unused = unused_in_workbook(&sups, &applied, after_expiry);
        let unused: Vec<String> = unused
            .iter()
            .map(|u| format!("{} {}", u.location, u.message))
            .collect();
        assert_eq!(
            unused,
            [
                "wreslint!A2 Suppression matches no finding",
                "wreslint!A3 Suppression expired on 31 March 2024"
            ]
        );
    }
}
