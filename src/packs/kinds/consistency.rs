//! `consistency`: only one spelling of a term per workbook; the first one
//! used wins.

use std::ops::Range;

use regex::Regex;
use serde_json::{json, Value};

use super::{Check, CheckKind, FIELD_ANY};
use crate::location::CellRef;
use crate::packs::compile::Compiler;
use crate::packs::docs::scope;
use crate::packs::message::{Var, Vars};
use crate::packs::node::Node;
use crate::packs::rule::{shorten, Run, Scope};
use crate::packs::schema::{field_names, one_or_many};

const NAME: &str = "consistency";

pub struct Consistency;

impl CheckKind for Consistency {
    fn name(&self) -> &'static str {
        NAME
    }
    fn doc(&self) -> &'static str {
        "Only one spelling of a term per workbook; the first one used wins."
    }
    fn params(&self) -> &'static [(&'static str, &'static str)] {
        &[
            FIELD_ANY,
            (
                "spellings",
                "The spellings of one term, matched as whole words ignoring case.",
            ),
        ]
    }
    fn required(&self) -> &'static [&'static str] {
        &["field", "spellings"]
    }
    fn property(&self, key: &str) -> Option<Value> {
        match key {
            "field" => Some(one_or_many(json!({ "enum": field_names(true) }))),
            "spellings" => Some(one_or_many(json!({ "type": ["string", "number"] }))),
            _ => None,
        }
    }
    fn vars(&self, base: &[Var]) -> Vec<Var> {
        [base, &[Var::Match, Var::First, Var::FirstCell]].concat()
    }
    fn compile(&self, c: &mut Compiler<'_>, params: &Node) -> Option<Box<dyn Check>> {
        let scope = c.scope(params, NAME, true);
        let spellings = match params.get("spellings") {
            Some(n) => spellings(c, n),
            None => {
                c.problem("`consistency` needs `spellings:`".to_owned(), params);
                None
            }
        };
        Some(Box::new(ConsistencyCheck(scope?, spellings?)))
    }
}

fn spellings(c: &mut Compiler<'_>, node: &Node) -> Option<Spellings> {
    let list = c.texts(node, "spellings")?;
    let words: Vec<String> = list.iter().map(|(t, _)| t.trim().to_owned()).collect();
    if words.len() < 2 || words.iter().any(String::is_empty) {
        c.problem(
            "`spellings` needs at least two non-empty spellings".to_owned(),
            node,
        );
        return None;
    }
    match Spellings::new(words) {
        Ok(s) => Some(s),
        Err(e) => {
            c.problem(format!("these spellings cannot be matched: {e}"), node);
            None
        }
    }
}

/// The spellings of one term, matched as whole words ignoring case.
#[derive(Clone, Debug)]
struct Spellings {
    spellings: Vec<String>,
    /// One group per spelling, longest spelling first.
    regex: Regex,
    /// Capture group index → spelling index.
    groups: Vec<usize>,
}

impl Spellings {
    fn new(spellings: Vec<String>) -> Result<Spellings, regex::Error> {
        let mut order: Vec<usize> = (0..spellings.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(spellings[i].chars().count()));
        let alternatives: Vec<String> = order
            .iter()
            .map(|&i| {
                let words: Vec<String> =
                    spellings[i].split_whitespace().map(regex::escape).collect();
                format!("({})", words.join(r"\s+"))
            })
            .collect();
        let regex = Regex::new(&format!(r"(?i)\b(?:{})\b", alternatives.join("|")))?;
        Ok(Spellings {
            spellings,
            regex,
            groups: order,
        })
    }

    /// Each spelling found in `text`: (spelling index, byte range).
    fn find(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        self.regex
            .captures_iter(text)
            .filter_map(|caps| {
                let (group, m) = caps
                    .iter()
                    .enumerate()
                    .skip(1)
                    .find_map(|(i, m)| m.map(|m| (i, m)))?;
                Some((self.groups[group - 1], m.range()))
            })
            .collect()
    }
}

struct ConsistencyCheck(Scope, Spellings);

impl std::fmt::Debug for ConsistencyCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "consistency {:?} {:?}", self.0, self.1.spellings)
    }
}

/// A spelling found: (sheet position, row, column), the cell, the span in
/// it, which spelling, and the finding's placeholders.
type Occurrence = ((usize, u32, u32), CellRef, Range<usize>, usize, Vars);

impl Check for ConsistencyCheck {
    fn kind(&self) -> &'static str {
        NAME
    }

    fn run(&self, run: &mut Run<'_, '_, '_>) {
        let ConsistencyCheck(scope, spellings) = self;
        // Every occurrence: (sheet position, cell, span in cell, spelling, cell text, vars).
        let order: Vec<&str> = run.cx.workbook.sheets.iter().map(|s| &*s.name).collect();
        let position = |cell: &CellRef| {
            let sheet = order
                .iter()
                .position(|s| **s == *cell.sheet)
                .unwrap_or(usize::MAX);
            (sheet, cell.row, cell.col)
        };
        let mut found: Vec<Occurrence> = Vec::new();
        if *scope == Scope::AnyCell {
            for (cell, text) in run.text_cells() {
                for (spelling, range) in spellings.find(&text) {
                    let mut vars = run.cell_vars(&cell);
                    vars.set(Var::Value, shorten(&text))
                        .set(Var::Match, &text[range.clone()]);
                    found.push((position(&cell), cell.clone(), range, spelling, vars));
                }
            }
        } else {
            for (table, action, concept, field) in run.each_field(scope) {
                for (spelling, range) in spellings.find(&field.text) {
                    let matched = field.text[range.clone()].to_owned();
                    let (cell, span) = field.locate(range);
                    let mut vars = run.field_vars(table, action, concept, field);
                    vars.set(Var::Match, matched)
                        .set(Var::Cell, cell.to_string());
                    found.push((position(&cell), cell, span, spelling, vars));
                }
            }
        }
        found.sort_by_key(|a| (a.0, a.2.start));
        let Some((_, first_cell, first_span, first, _)) = found.first().cloned() else {
            return;
        };
        let first_text = run
            .cx
            .workbook
            .cell(&first_cell)
            .and_then(|c| c.value.as_text().map(str::to_owned))
            .and_then(|t| t.get(first_span).map(str::to_owned))
            .unwrap_or_else(|| spellings.spellings[first].clone());
        for (_, cell, span, spelling, mut vars) in found {
            if spelling == first {
                continue;
            }
            vars.set(Var::First, first_text.as_str())
                .set(Var::FirstCell, first_cell.to_string());
            run.push(cell, Some(span), &vars);
        }
    }

    fn describe(&self) -> String {
        format!(
            "Reports every spelling of one term other than the first one the workbook uses, in {}. The spellings: {}.",
            scope(&self.0),
            self.1
                .spellings
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}
