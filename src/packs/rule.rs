//! A compiled pack rule and how each kind of check runs over the plan model.

use std::collections::HashSet;
use std::ops::Range;

use regex::Regex;

use crate::diagnostic::Finding;
use crate::knowledge::{Concept, Knowledge};
use crate::location::{CellRef, Location};
use crate::model::{Action, ActionTable, Field};
use crate::rules::{Context, Rule, RuleMeta};
use crate::workbook::Visibility;

use super::kinds::Check;
use super::message::{Message, Var, Vars};

/// A field of an action that a pack rule can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PackField {
    Item,
    Indicator,
    Action,
    Owner,
    Kpi,
    Deadline,
    Baseline,
    Target,
    Status,
}

impl PackField {
    pub const ALL: [PackField; 9] = [
        PackField::Item,
        PackField::Indicator,
        PackField::Action,
        PackField::Owner,
        PackField::Kpi,
        PackField::Deadline,
        PackField::Baseline,
        PackField::Target,
        PackField::Status,
    ];

    pub fn name(self) -> &'static str {
        match self {
            PackField::Item => "item",
            PackField::Indicator => "indicator",
            PackField::Action => "action",
            PackField::Owner => "owner",
            PackField::Kpi => "kpi",
            PackField::Deadline => "deadline",
            PackField::Baseline => "baseline",
            PackField::Target => "target",
            PackField::Status => "status",
        }
    }

    pub fn parse(name: &str) -> Option<PackField> {
        PackField::ALL.into_iter().find(|f| f.name() == name)
    }

    pub(in crate::packs) fn concept(self) -> Concept {
        match self {
            PackField::Item => Concept::Item,
            PackField::Indicator => Concept::Indicator,
            PackField::Action => Concept::Action,
            PackField::Owner => Concept::Owner,
            PackField::Kpi => Concept::Kpi,
            PackField::Deadline => Concept::Deadline,
            PackField::Baseline => Concept::Baseline,
            PackField::Target => Concept::Target,
            PackField::Status => Concept::Status,
        }
    }

    pub(in crate::packs) fn matches(self, concept: Concept) -> bool {
        concept == self.concept() || (self == PackField::Kpi && concept == Concept::KpiTimeline)
    }

    /// The field as messages name it, in the standard's words.
    pub fn label(self, knowledge: &Knowledge) -> String {
        match self {
            PackField::Indicator => format!("{} link", knowledge.item_word),
            PackField::Kpi => "KPI".to_owned(),
            PackField::Action => "action".to_owned(),
            other => other.concept().label().to_owned(),
        }
    }

    /// Every field of this kind in an action.
    pub(in crate::packs) fn of<'a>(
        self,
        action: &'a Action,
    ) -> impl Iterator<Item = &'a Field> + 'a {
        action
            .fields()
            .filter(move |(concept, _)| self.matches(*concept))
            .map(|(_, field)| field)
    }

    /// The column of this field in a table: its leftmost header cell and text.
    pub(in crate::packs) fn column(self, table: &ActionTable) -> Option<(u32, CellRef, String)> {
        let column = table
            .header
            .columns
            .iter()
            .find(|c| self.matches(c.concept))
            .map(|c| (c.col, c.header.clone(), c.header_text.clone()));
        if column.is_some() || self != PackField::Indicator {
            return column;
        }
        let first = table.header.matrix.iter().min_by_key(|m| m.col)?;
        Some((first.col, first.header.clone(), String::new()))
    }
}

/// Which cells a check reads.
#[derive(Clone, Debug, PartialEq)]
pub enum Scope {
    /// These fields of every action.
    Fields(Vec<PackField>),
    /// Every field of every action.
    AnyField,
    /// Every text cell of every sheet.
    AnyCell,
}

impl Scope {
    fn includes(&self, concept: Concept) -> bool {
        match self {
            Scope::Fields(fields) => fields.iter().any(|f| f.matches(concept)),
            Scope::AnyField | Scope::AnyCell => true,
        }
    }
}

/// A test on one field, used by `conditional`.
#[derive(Clone, Debug)]
pub struct Test {
    pub field: PackField,
    pub kind: TestKind,
}

#[derive(Clone, Debug)]
pub enum TestKind {
    Matches(Regex),
    OneOf(Values),
    Empty(bool),
}

impl Test {
    pub(in crate::packs) fn passes(&self, field: &Field) -> bool {
        match &self.kind {
            TestKind::Matches(regex) => !field.is_blank() && regex.is_match(&field.text),
            TestKind::OneOf(values) => values.contains(&field.text),
            TestKind::Empty(empty) => field.is_blank() == *empty,
        }
    }
}

/// Allowed values of a `one-of` check.
#[derive(Clone, Debug)]
pub struct Values {
    pub values: Vec<String>,
    pub case_sensitive: bool,
}

impl Values {
    pub fn contains(&self, text: &str) -> bool {
        let text = text.trim();
        self.values.iter().any(|v| {
            if self.case_sensitive {
                v.trim() == text
            } else {
                v.trim().to_lowercase() == text.to_lowercase()
            }
        })
    }

    /// "Red, Amber or Green".
    pub fn list(&self) -> String {
        match self.values.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} or {last}", init.join(", ")),
        }
    }
}

/// The sheets a rule looks at (`sheets:`): names, or simple patterns in
/// which `*` stands for any characters and `?` for one; letter case and
/// surrounding spaces are ignored.
#[derive(Clone, Debug)]
pub struct SheetFilter {
    /// As written in the pack.
    pub patterns: Vec<String>,
    regex: Regex,
}

impl SheetFilter {
    pub fn new(patterns: Vec<String>) -> Result<SheetFilter, regex::Error> {
        let alternatives: Vec<String> = patterns
            .iter()
            .map(|pattern| {
                pattern
                    .trim()
                    .chars()
                    .map(|c| match c {
                        '*' => ".*".to_owned(),
                        '?' => ".".to_owned(),
                        other => regex::escape(other.encode_utf8(&mut [0; 4])),
                    })
                    .collect::<String>()
            })
            .collect();
        let regex = Regex::new(&format!("(?is)^(?:{})$", alternatives.join("|")))?;
        Ok(SheetFilter { patterns, regex })
    }

    /// Whether a sheet of this name is one the rule looks at.
    pub fn matches(&self, sheet: &str) -> bool {
        self.regex.is_match(sheet.trim())
    }

    /// "`Action Plan*` or `Progress`".
    pub fn list(&self) -> String {
        let quoted: Vec<String> = self.patterns.iter().map(|p| format!("`{p}`")).collect();
        match quoted.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} or {last}", init.join(", ")),
        }
    }
}

/// A self-test case of a rule: a small workbook and what the rule should say.
#[derive(Clone, Debug)]
pub struct Case {
    /// `true` for `valid:` (no finding), `false` for `invalid:` (at least one).
    pub valid: bool,
    /// 1-based position in its list, for reports.
    pub index: usize,
    /// 1-based line in the pack file.
    pub line: usize,
    /// Sheets by name, each a list of rows of cell texts.
    pub sheets: Vec<(String, Vec<Vec<String>>)>,
    /// Where the findings must be (`C4`, `Plan!C4`, a sheet name or `workbook`).
    pub at: Option<Vec<String>>,
}

/// A rule compiled from a pack.
#[derive(Debug)]
pub struct PackRule {
    pub meta: RuleMeta,
    /// The pack that defines the rule, by name.
    pub pack: String,
    /// The `code:` given in the pack; without one the rule's code is its id.
    pub code: Option<String>,
    /// Only for workbooks of this standard (`WDES`), if set.
    pub standard: Option<String>,
    /// Only tables and cells on these sheets, if set.
    pub sheets: Option<SheetFilter>,
    pub message: Message,
    pub help: Option<Message>,
    pub check: Box<dyn Check>,
    pub cases: Vec<Case>,
}

impl PackRule {
    /// The kind of check: `required`, `pattern`, … as written in the pack.
    pub fn kind(&self) -> &'static str {
        self.check.kind()
    }

    /// Whether the rule looks at a sheet of this name.
    pub fn looks_at(&self, sheet: &str) -> bool {
        self.sheets.as_ref().is_none_or(|f| f.matches(sheet))
    }

    /// Whether the rule applies to workbooks of this standard.
    pub fn applies_to(&self, knowledge: &Knowledge) -> bool {
        self.standard
            .as_ref()
            .is_none_or(|s| s.eq_ignore_ascii_case(&knowledge.standard))
    }

    pub(in crate::packs) fn finding(&self, location: Location, vars: &Vars) -> Finding {
        let mut finding = Finding::new(location, self.message.render(vars));
        if let Some(help) = &self.help {
            finding = finding.help(help.render(vars));
        }
        finding
    }
}

impl Rule for PackRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn pack(&self) -> Option<&str> {
        Some(&self.pack)
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if !self.applies_to(cx.knowledge) {
            return;
        }
        let mut run = Run {
            rule: self,
            cx,
            out,
            seen: HashSet::new(),
        };
        self.check.run(&mut run);
    }
}

/// One run of one rule over one workbook: what each kind of check reads
/// and the findings it pushes.
pub struct Run<'r, 'c, 'o> {
    pub(in crate::packs) rule: &'r PackRule,
    pub(in crate::packs) cx: &'r Context<'c>,
    pub(in crate::packs) out: &'o mut Vec<Finding>,
    /// Cells (and spans) already reported: a label carried down over
    /// several actions is reported once.
    seen: HashSet<(CellRef, Option<Range<usize>>)>,
}

/// Text as messages quote it: trimmed, its first line, cut short.
pub(in crate::packs) fn shorten(text: &str) -> String {
    crate::rules::quote(text.trim())
}

impl<'c> Run<'_, 'c, '_> {
    pub(in crate::packs) fn base_vars(&self) -> Vars {
        let mut vars = Vars::default();
        vars.set(Var::Standard, self.cx.knowledge.standard.as_str())
            .set(Var::ItemWord, self.cx.knowledge.item_word.as_str());
        vars
    }

    pub(in crate::packs) fn cell_vars(&self, cell: &CellRef) -> Vars {
        let mut vars = self.base_vars();
        vars.set(Var::Cell, cell.to_string())
            .set(Var::Sheet, cell.sheet.to_string());
        vars
    }

    /// Placeholders describing one field of one action.
    pub(in crate::packs) fn field_vars(
        &self,
        table: &ActionTable,
        action: &Action,
        concept: Concept,
        field: &Field,
    ) -> Vars {
        let mut vars = self.cell_vars(field.cell());
        let column = table
            .header
            .columns
            .iter()
            .find(|c| c.col == field.cell().col)
            .map(|c| c.header_text.trim().to_owned())
            .unwrap_or_default();
        let label = PackField::ALL
            .into_iter()
            .find(|f| f.matches(concept))
            .map(|f| f.label(self.cx.knowledge))
            .unwrap_or_default();
        vars.set(Var::Action, shorten(&action.text.text))
            .set(
                Var::Item,
                action
                    .item
                    .as_ref()
                    .map(|f| f.text.trim().to_owned())
                    .unwrap_or_default(),
            )
            .set(Var::Field, label)
            .set(Var::Column, column)
            .set(Var::Value, shorten(&field.text));
        vars
    }

    pub(in crate::packs) fn push(
        &mut self,
        cell: CellRef,
        span: Option<Range<usize>>,
        vars: &Vars,
    ) {
        if !self.seen.insert((cell.clone(), span.clone())) {
            return;
        }
        let mut finding = self.rule.finding(Location::Cell(cell), vars);
        if let Some(span) = span.filter(|s| !s.is_empty()) {
            finding = finding.span(span);
        }
        self.out.push(finding);
    }

    /// Each field in scope of each action, with its table and concept.
    pub(in crate::packs) fn each_field(
        &self,
        scope: &Scope,
    ) -> Vec<(&'c ActionTable, &'c Action, Concept, &'c Field)> {
        let model: &'c crate::model::Model = self.cx.model;
        let rule = self.rule;
        model
            .actions()
            .filter(|(table, _)| rule.looks_at(&table.sheet))
            .flat_map(|(table, action)| {
                action
                    .fields()
                    .filter(|(concept, _)| scope.includes(*concept))
                    .map(move |(concept, field)| (table, action, concept, field))
            })
            .collect()
    }

    /// Every text cell of every sheet wreslint reads, in reading order.
    pub(in crate::packs) fn text_cells(&self) -> Vec<(CellRef, String)> {
        self.cx
            .workbook
            .sheets
            .iter()
            .filter(|s| s.visibility != Visibility::VeryHidden && self.rule.looks_at(&s.name))
            .flat_map(|sheet| {
                sheet
                    .cells()
                    .iter()
                    .filter_map(|cell| {
                        let text = cell.value.as_text()?;
                        Some((sheet.cell_ref(cell.row, cell.col), text.to_owned()))
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }
}
