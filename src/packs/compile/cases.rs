//! Self-test cases of a pack rule (`valid:` and `invalid:`): small
//! workbooks written as rows, with where the findings must be.

use super::Compiler;
use crate::packs::node::{Node, Value};
use crate::packs::rule::Case;

/// Keys of a self-test case written as a mapping.
pub const CASE_KEYS: &[(&str, &str)] = &[
    ("sheet", "The sheet's name (default: Plan)."),
    ("rows", "The sheet's rows, each a list of cell texts."),
    (
        "sheets",
        "Several sheets: sheet name → rows (instead of sheet and rows).",
    ),
    (
        "at",
        "invalid cases only: the cells where findings must be (C4, 'Action Plan'!C4, a sheet name or workbook).",
    ),
];

/// The default sheet of a self-test case.
pub const CASE_SHEET: &str = "Plan";

impl Compiler<'_> {
    fn rows(&mut self, node: &Node) -> Option<Vec<Vec<String>>> {
        let Some(rows) = node.as_seq() else {
            self.problem(
                format!(
                    "rows should be a list of rows, each a list of cells, not {}",
                    node.kind()
                ),
                node,
            );
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for row in rows {
            match &row.value {
                Value::Seq(cells) => {
                    let mut texts = Vec::new();
                    for cell in cells {
                        match (&cell.value, cell.as_text()) {
                            (Value::Null, _) => texts.push(String::new()),
                            (_, Some(t)) => texts.push(t),
                            _ => {
                                self.problem(
                                    format!("a cell is text or a number, not {}", cell.kind()),
                                    cell,
                                );
                                ok = false;
                            }
                        }
                    }
                    out.push(texts);
                }
                Value::Null => out.push(Vec::new()),
                _ => {
                    self.problem(format!("a row is a list of cells, not {}", row.kind()), row);
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    pub(super) fn case(
        &mut self,
        node: &Node,
        valid: bool,
        index: usize,
        key: &str,
    ) -> Option<Case> {
        let line = self.text[..node.span.start.min(self.text.len())]
            .matches('\n')
            .count()
            + 1;
        let mut case = Case {
            valid,
            index,
            line,
            sheets: Vec::new(),
            at: None,
        };
        match &node.value {
            Value::Seq(_) => {
                case.sheets.push((CASE_SHEET.to_owned(), self.rows(node)?));
            }
            Value::Map(_) => {
                self.keys(node, CASE_KEYS, &format!("a `{key}` case"));
                match (node.get("rows"), node.get("sheets")) {
                    (Some(rows), None) => {
                        let name = match node.get("sheet") {
                            Some(n) => self.text(n, "sheet")?,
                            None => CASE_SHEET.to_owned(),
                        };
                        case.sheets.push((name, self.rows(rows)?));
                    }
                    (None, Some(sheets)) => {
                        let Some(entries) = sheets.as_map() else {
                            self.problem(
                                format!("`sheets` maps sheet names to rows, not {}", sheets.kind()),
                                sheets,
                            );
                            return None;
                        };
                        for (name, rows) in entries {
                            let name = self.text(name, "sheets")?;
                            case.sheets.push((name, self.rows(rows)?));
                        }
                        if let Some(n) = node.get("sheet") {
                            self.problem(
                                "`sheet` goes with `rows`, not with `sheets`".to_owned(),
                                n,
                            );
                            return None;
                        }
                    }
                    (Some(_), Some(sheets)) => {
                        self.problem("give `rows` or `sheets`, not both".to_owned(), sheets);
                        return None;
                    }
                    (None, None) => {
                        self.problem("a case needs `rows:` (or `sheets:`)".to_owned(), node);
                        return None;
                    }
                }
                if let Some(at) = node.get("at") {
                    if valid {
                        self.problem(
                            "`at` belongs to invalid cases: a valid case has no findings"
                                .to_owned(),
                            at,
                        );
                        return None;
                    }
                    case.at = Some(self.texts(at, "at")?.into_iter().map(|(t, _)| t).collect());
                }
            }
            _ => {
                self.problem(
                    format!(
                        "a case is a list of rows or a mapping with `rows:`, not {}",
                        node.kind()
                    ),
                    node,
                );
                return None;
            }
        }
        Some(case)
    }
}
