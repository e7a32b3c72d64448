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

    fn concept(self) -> Concept {
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

    fn matches(self, concept: Concept) -> bool {
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
    fn of<'a>(self, action: &'a Action) -> impl Iterator<Item = &'a Field> + 'a {
        action
            .fields()
            .filter(move |(concept, _)| self.matches(*concept))
            .map(|(_, field)| field)
    }

    /// The column of this field in a table: its leftmost header cell and text.
    fn column(self, table: &ActionTable) -> Option<(u32, CellRef, String)> {
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
    fn passes(&self, field: &Field) -> bool {
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

/// A layout the workbook must follow.
#[derive(Clone, Debug, Default)]
pub struct Template {
    pub sheets: Vec<String>,
    pub columns: Vec<PackField>,
    pub order: bool,
    pub headers: Vec<(PackField, String)>,
    pub extra_columns: bool,
}

/// What a pack rule checks.
#[derive(Clone)]
pub enum Check {
    Required(Vec<PackField>),
    Pattern(Vec<PackField>, Regex),
    Forbidden(Scope, Regex),
    OneOf(Vec<PackField>, Values),
    Conditional { when: Test, then: Test },
    Consistency(Scope, Spellings),
    Template(Template),
}

/// The spellings of one term, matched as whole words ignoring case.
#[derive(Clone, Debug)]
pub struct Spellings {
    pub spellings: Vec<String>,
    /// One group per spelling, longest spelling first.
    pub regex: Regex,
    /// Capture group index → spelling index.
    pub groups: Vec<usize>,
}

impl Spellings {
    pub fn new(spellings: Vec<String>) -> Result<Spellings, regex::Error> {
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
    pub check: Check,
    pub cases: Vec<Case>,
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Check::Required(fields) => write!(f, "required {fields:?}"),
            Check::Pattern(fields, r) => write!(f, "pattern {fields:?} {}", r.as_str()),
            Check::Forbidden(scope, r) => write!(f, "forbidden {scope:?} {}", r.as_str()),
            Check::OneOf(fields, v) => write!(f, "one-of {fields:?} {:?}", v.values),
            Check::Conditional { when, then } => {
                write!(f, "conditional {:?} -> {:?}", when.field, then.field)
            }
            Check::Consistency(scope, s) => write!(f, "consistency {scope:?} {:?}", s.spellings),
            Check::Template(t) => write!(f, "template {t:?}"),
        }
    }
}

impl PackRule {
    /// The kind of check: `required`, `pattern`, … as written in the pack.
    pub fn kind(&self) -> &'static str {
        match &self.check {
            Check::Required(_) => "required",
            Check::Pattern(..) => "pattern",
            Check::Forbidden(..) => "forbidden",
            Check::OneOf(..) => "one-of",
            Check::Conditional { .. } => "conditional",
            Check::Consistency(..) => "consistency",
            Check::Template(_) => "template",
        }
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

    fn finding(&self, location: Location, vars: &Vars) -> Finding {
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
        match &self.check {
            Check::Required(fields) => run.required(fields),
            Check::Pattern(fields, regex) => run.pattern(fields, regex),
            Check::Forbidden(scope, regex) => run.forbidden(scope, regex),
            Check::OneOf(fields, values) => run.one_of(fields, values),
            Check::Conditional { when, then } => run.conditional(when, then),
            Check::Consistency(scope, spellings) => run.consistency(scope, spellings),
            Check::Template(template) => run.template(template),
        }
    }
}

/// A spelling found by `consistency`: (sheet position, row, column), the
/// cell, the span in it, which spelling, and the finding's placeholders.
type Occurrence = ((usize, u32, u32), CellRef, Range<usize>, usize, Vars);

/// One run of one rule over one workbook.
struct Run<'r, 'c, 'o> {
    rule: &'r PackRule,
    cx: &'r Context<'c>,
    out: &'o mut Vec<Finding>,
    /// Cells (and spans) already reported: a label carried down over
    /// several actions is reported once.
    seen: HashSet<(CellRef, Option<Range<usize>>)>,
}

/// Text as messages quote it: trimmed, its first line, cut short.
fn shorten(text: &str) -> String {
    crate::rules::quote(text.trim())
}

impl<'c> Run<'_, 'c, '_> {
    fn base_vars(&self) -> Vars {
        let mut vars = Vars::default();
        vars.set(Var::Standard, self.cx.knowledge.standard.as_str())
            .set(Var::ItemWord, self.cx.knowledge.item_word.as_str());
        vars
    }

    fn cell_vars(&self, cell: &CellRef) -> Vars {
        let mut vars = self.base_vars();
        vars.set(Var::Cell, cell.to_string())
            .set(Var::Sheet, cell.sheet.to_string());
        vars
    }

    /// Placeholders describing one field of one action.
    fn field_vars(
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

    fn push(&mut self, cell: CellRef, span: Option<Range<usize>>, vars: &Vars) {
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
    fn each_field(&self, scope: &Scope) -> Vec<(&'c ActionTable, &'c Action, Concept, &'c Field)> {
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

    fn required(&mut self, fields: &[PackField]) {
        for (table, action, concept, field) in self.each_field(&Scope::Fields(fields.to_vec())) {
            if field.is_blank() {
                let vars = self.field_vars(table, action, concept, field);
                self.push(field.cell().clone(), None, &vars);
            }
        }
    }

    fn pattern(&mut self, fields: &[PackField], regex: &Regex) {
        for (table, action, concept, field) in self.each_field(&Scope::Fields(fields.to_vec())) {
            if !field.is_blank() && !regex.is_match(&field.text) {
                let vars = self.field_vars(table, action, concept, field);
                self.push(field.cell().clone(), None, &vars);
            }
        }
    }

    fn one_of(&mut self, fields: &[PackField], values: &Values) {
        for (table, action, concept, field) in self.each_field(&Scope::Fields(fields.to_vec())) {
            if !field.is_blank() && !values.contains(&field.text) {
                let mut vars = self.field_vars(table, action, concept, field);
                vars.set(Var::Values, values.list());
                self.push(field.cell().clone(), None, &vars);
            }
        }
    }

    /// Every text cell of every sheet wreslint reads, in reading order.
    fn text_cells(&self) -> Vec<(CellRef, String)> {
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

    fn forbidden(&mut self, scope: &Scope, regex: &Regex) {
        if *scope == Scope::AnyCell {
            for (cell, text) in self.text_cells() {
                for m in regex.find_iter(&text).filter(|m| !m.is_empty()) {
                    let mut vars = self.cell_vars(&cell);
                    vars.set(Var::Value, shorten(&text))
                        .set(Var::Match, m.as_str());
                    self.push(cell.clone(), Some(m.range()), &vars);
                }
            }
            return;
        }
        for (table, action, concept, field) in self.each_field(scope) {
            for m in regex.find_iter(&field.text).filter(|m| !m.is_empty()) {
                let (cell, span) = field.locate(m.range());
                let mut vars = self.field_vars(table, action, concept, field);
                vars.set(Var::Match, m.as_str())
                    .set(Var::Cell, cell.to_string());
                self.push(cell, Some(span), &vars);
            }
        }
    }

    fn conditional(&mut self, when: &Test, then: &Test) {
        let model: &'c crate::model::Model = self.cx.model;
        for (table, action) in model.actions() {
            if !self.rule.looks_at(&table.sheet) {
                continue;
            }
            let Some(trigger) = when.field.of(action).find(|f| when.passes(f)) else {
                continue;
            };
            for field in then.field.of(action) {
                if then.passes(field) {
                    continue;
                }
                let concept = then.field.concept();
                let mut vars = self.field_vars(table, action, concept, field);
                vars.set(Var::IfField, when.field.label(self.cx.knowledge))
                    .set(Var::IfValue, shorten(&trigger.text));
                self.push(field.cell().clone(), None, &vars);
            }
        }
    }

    fn consistency(&mut self, scope: &Scope, spellings: &Spellings) {
        // Every occurrence: (sheet position, cell, span in cell, spelling, cell text, vars).
        let order: Vec<&str> = self.cx.workbook.sheets.iter().map(|s| &*s.name).collect();
        let position = |cell: &CellRef| {
            let sheet = order
                .iter()
                .position(|s| **s == *cell.sheet)
                .unwrap_or(usize::MAX);
            (sheet, cell.row, cell.col)
        };
        let mut found: Vec<Occurrence> = Vec::new();
        if *scope == Scope::AnyCell {
            for (cell, text) in self.text_cells() {
                for (spelling, range) in spellings.find(&text) {
                    let mut vars = self.cell_vars(&cell);
                    vars.set(Var::Value, shorten(&text))
                        .set(Var::Match, &text[range.clone()]);
                    found.push((position(&cell), cell.clone(), range, spelling, vars));
                }
            }
        } else {
            for (table, action, concept, field) in self.each_field(scope) {
                for (spelling, range) in spellings.find(&field.text) {
                    let matched = field.text[range.clone()].to_owned();
                    let (cell, span) = field.locate(range);
                    let mut vars = self.field_vars(table, action, concept, field);
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
        let first_text = self
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
            self.push(cell, Some(span), &vars);
        }
    }

    fn template(&mut self, template: &Template) {
        let knowledge = self.cx.knowledge;
        let workbook = self.cx.workbook;
        for name in &template.sheets {
            let present = workbook
                .sheets
                .iter()
                .any(|s| s.name.trim().eq_ignore_ascii_case(name.trim()));
            if !present {
                let mut vars = self.base_vars();
                vars.set(Var::Sheet, name.as_str()).set(
                    Var::Problem,
                    format!("the workbook has no sheet named `{name}`"),
                );
                self.out.push(self.rule.finding(Location::Workbook, &vars));
            }
        }
        let checks_tables =
            !template.columns.is_empty() || !template.headers.is_empty() || !template.extra_columns;
        if !checks_tables {
            return;
        }
        let tables: Vec<&ActionTable> = self
            .cx
            .model
            .action_tables
            .iter()
            .filter(|t| self.rule.looks_at(&t.sheet))
            .collect();
        if tables.is_empty() && !template.columns.is_empty() {
            let problem = match &self.rule.sheets {
                None => "the workbook has no action table (no header row names an action column)"
                    .to_owned(),
                Some(sheets) => format!(
                    "no sheet named {} has an action table (a header row naming an action column)",
                    sheets.list()
                ),
            };
            let mut vars = self.base_vars();
            vars.set(Var::Problem, problem);
            self.out.push(self.rule.finding(Location::Workbook, &vars));
            return;
        }
        for table in tables {
            let anchor = table
                .header
                .column(Concept::Action)
                .map(|c| Location::Cell(c.header.clone()))
                .unwrap_or_else(|| Location::Sheet(table.sheet.clone()));
            let table_vars = |problem: String| {
                let mut vars = self.base_vars();
                vars.set(Var::Sheet, table.sheet.to_string())
                    .set(Var::Problem, problem);
                if let Some(cell) = anchor.anchor() {
                    vars.set(Var::Cell, cell.to_string());
                }
                vars
            };
            let mut findings = Vec::new();
            // Required columns, then their order.
            let mut previous: Option<(PackField, u32, String)> = None;
            for field in &template.columns {
                match field.column(table) {
                    None => findings.push((
                        anchor.clone(),
                        table_vars(format!(
                            "the action table has no {} column",
                            field.label(knowledge)
                        )),
                    )),
                    Some((col, cell, text)) => {
                        let shown = column_name(*field, &text, knowledge);
                        if let Some((before, before_col, before_text)) = &previous {
                            if template.order && col < *before_col {
                                let mut vars = table_vars(format!(
                                    "the {shown} column comes before the {} column; the template puts it after",
                                    column_name(*before, before_text, knowledge)
                                ));
                                vars.set(Var::Cell, cell.to_string());
                                findings.push((Location::Cell(cell.clone()), vars));
                            }
                        }
                        previous = Some((*field, col, text));
                    }
                }
            }
            // Exact header text.
            for (field, expected) in &template.headers {
                if let Some((_, cell, text)) = field.column(table) {
                    if text.trim() != expected.trim() && !text.is_empty() {
                        let mut vars = table_vars(format!(
                            "the {} column is headed `{}`; the template says `{expected}`",
                            field.label(knowledge),
                            text.trim()
                        ));
                        vars.set(Var::Cell, cell.to_string())
                            .set(Var::Value, text.trim());
                        findings.push((Location::Cell(cell), vars));
                    }
                }
            }
            // Columns the template does not have.
            if !template.extra_columns {
                for (cell, text) in self.extra_columns(table, &template.columns) {
                    let mut vars =
                        table_vars(format!("the column `{text}` is not in the template"));
                    vars.set(Var::Cell, cell.to_string()).set(Var::Value, text);
                    findings.push((Location::Cell(cell), vars));
                }
            }
            for (location, vars) in findings {
                self.out.push(self.rule.finding(location, &vars));
            }
        }
    }

    /// Header cells of a table that hold a column the template does not list:
    /// per column, the lowest header row's text (a group label above
    /// sub-columns is not a column of its own).
    fn extra_columns(&self, table: &ActionTable, allowed: &[PackField]) -> Vec<(CellRef, String)> {
        let Some(sheet) = self.cx.workbook.sheet(&table.sheet) else {
            return Vec::new();
        };
        let mut by_col: std::collections::BTreeMap<u32, (CellRef, String)> = Default::default();
        for row in table.header.first_row..=table.header.last_row {
            for cell in sheet.row(row) {
                let text = cell.text();
                if !text.trim().is_empty() {
                    by_col.insert(
                        cell.col,
                        (sheet.cell_ref(row, cell.col), text.trim().to_owned()),
                    );
                }
            }
        }
        let permitted = |col: u32| {
            table
                .header
                .columns
                .iter()
                .any(|c| c.col == col && allowed.iter().any(|f| f.matches(c.concept)))
                || (allowed.contains(&PackField::Indicator)
                    && table.header.matrix.iter().any(|m| m.col == col))
        };
        by_col
            .into_iter()
            .filter(|(col, _)| !permitted(*col))
            .map(|(_, cell)| cell)
            .collect()
    }
}

/// "owner column `Lead`" style name of a template column.
fn column_name(field: PackField, header: &str, knowledge: &Knowledge) -> String {
    if header.trim().is_empty() {
        field.label(knowledge)
    } else {
        format!("{} (`{}`)", field.label(knowledge), header.trim())
    }
}
