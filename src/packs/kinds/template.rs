//! `template`: the workbook follows a template: sheets, columns in order,
//! header text, no extra columns.

use serde_json::{json, Value};

use super::{Check, CheckKind};
use crate::knowledge::{Concept, Knowledge};
use crate::location::{CellRef, Location};
use crate::model::ActionTable;
use crate::packs::compile::Compiler;
use crate::packs::docs::fields;
use crate::packs::message::Var;
use crate::packs::node::Node;
use crate::packs::rule::{PackField, Run};

const NAME: &str = "template";

pub struct Template;

impl CheckKind for Template {
    fn name(&self) -> &'static str {
        NAME
    }
    fn doc(&self) -> &'static str {
        "The workbook follows a template: sheets, columns in order, header text, no extra columns."
    }
    fn params(&self) -> &'static [(&'static str, &'static str)] {
        &[
            ("sheets", "Sheets the workbook must have."),
            (
                "columns",
                "Fields every action table must have a column for.",
            ),
            (
                "order",
                "Whether those columns must stand in the order listed (default true).",
            ),
            ("headers", "Exact header text per field, e.g. owner: Lead."),
            (
                "extra-columns",
                "Whether columns not listed in `columns` are allowed (default true).",
            ),
        ]
    }
    fn property(&self, key: &str) -> Option<Value> {
        let field = || json!({ "enum": crate::packs::schema::field_names(false) });
        Some(match key {
            "order" | "extra-columns" => json!({ "type": "boolean" }),
            "columns" => json!({ "type": "array", "items": field(), "uniqueItems": true }),
            "headers" => json!({
                "type": "object",
                "propertyNames": field(),
                "additionalProperties": { "type": "string" }
            }),
            _ => return None,
        })
    }
    fn vars(&self, _base: &[Var]) -> Vec<Var> {
        // Findings are about the workbook or a table, not one action's field.
        vec![
            Var::Problem,
            Var::Sheet,
            Var::Cell,
            Var::Standard,
            Var::ItemWord,
        ]
    }
    fn compile(&self, c: &mut Compiler<'_>, params: &Node) -> Option<Box<dyn Check>> {
        Some(Box::new(TemplateCheck(compile_layout(c, params)?)))
    }
}

/// The layout the workbook must follow.
#[derive(Clone, Debug, Default)]
struct Layout {
    sheets: Vec<String>,
    columns: Vec<PackField>,
    order: bool,
    headers: Vec<(PackField, String)>,
    extra_columns: bool,
}

fn compile_layout(c: &mut Compiler<'_>, params: &Node) -> Option<Layout> {
    let mut template = Layout {
        order: true,
        extra_columns: true,
        ..Layout::default()
    };
    let mut ok = true;
    if let Some(node) = params.get("sheets") {
        match c.texts(node, "sheets") {
            Some(names) => template.sheets = names.into_iter().map(|(t, _)| t).collect(),
            None => ok = false,
        }
    }
    if let Some(node) = params.get("columns") {
        match c.texts(node, "columns") {
            Some(names) => {
                for (name, at) in names {
                    match PackField::parse(&name) {
                        Some(f) if template.columns.contains(&f) => {
                            c.problem(format!("`{name}` is listed twice"), &at);
                            ok = false;
                        }
                        Some(f) => template.columns.push(f),
                        None => {
                            c.unknown_field(&name, &at, false);
                            ok = false;
                        }
                    }
                }
            }
            None => ok = false,
        }
    }
    if let Some(node) = params.get("order") {
        match c.flag(node, "order") {
            Some(b) => template.order = b,
            None => ok = false,
        }
    }
    if let Some(node) = params.get("extra-columns") {
        match c.flag(node, "extra-columns") {
            Some(b) => template.extra_columns = b,
            None => ok = false,
        }
        if !template.extra_columns && template.columns.is_empty() {
            c.problem(
                "`extra-columns: false` needs `columns:`, the columns allowed".to_owned(),
                node,
            );
            ok = false;
        }
    }
    if let Some(node) = params.get("headers") {
        match node.as_map() {
            Some(entries) => {
                for (key, value) in entries {
                    let field = c.one_field(key, "headers");
                    let text = c.text(value, "headers");
                    match (field, text) {
                        (Some(f), Some(t)) => template.headers.push((f, t)),
                        _ => ok = false,
                    }
                }
            }
            None => {
                c.problem(
                    format!(
                        "`headers` should map fields to header text (owner: Lead), not {}",
                        node.kind()
                    ),
                    node,
                );
                ok = false;
            }
        }
    }
    let empty =
        template.sheets.is_empty() && template.columns.is_empty() && template.headers.is_empty();
    if ok && empty {
        c.problem(
            "`template` checks nothing: give `sheets`, `columns` or `headers`".to_owned(),
            params,
        );
        ok = false;
    }
    ok.then_some(template)
}

struct TemplateCheck(Layout);

impl std::fmt::Debug for TemplateCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "template {:?}", self.0)
    }
}

impl Check for TemplateCheck {
    fn kind(&self) -> &'static str {
        NAME
    }

    fn run(&self, run: &mut Run<'_, '_, '_>) {
        let template = &self.0;
        let knowledge = run.cx.knowledge;
        let workbook = run.cx.workbook;
        for name in &template.sheets {
            let present = workbook
                .sheets
                .iter()
                .any(|s| s.name.trim().eq_ignore_ascii_case(name.trim()));
            if !present {
                let mut vars = run.base_vars();
                vars.set(Var::Sheet, name.as_str()).set(
                    Var::Problem,
                    format!("the workbook has no sheet named `{name}`"),
                );
                run.out.push(run.rule.finding(Location::Workbook, &vars));
            }
        }
        let checks_tables =
            !template.columns.is_empty() || !template.headers.is_empty() || !template.extra_columns;
        if !checks_tables {
            return;
        }
        let tables: Vec<&ActionTable> = run
            .cx
            .model
            .action_tables
            .iter()
            .filter(|t| run.rule.looks_at(&t.sheet))
            .collect();
        if tables.is_empty() && !template.columns.is_empty() {
            let problem = match &run.rule.sheets {
                None => "the workbook has no action table (no header row names an action column)"
                    .to_owned(),
                Some(sheets) => format!(
                    "no sheet named {} has an action table (a header row naming an action column)",
                    sheets.list()
                ),
            };
            let mut vars = run.base_vars();
            vars.set(Var::Problem, problem);
            run.out.push(run.rule.finding(Location::Workbook, &vars));
            return;
        }
        for table in tables {
            let anchor = table
                .header
                .column(Concept::Action)
                .map(|c| Location::Cell(c.header.clone()))
                .unwrap_or_else(|| Location::Sheet(table.sheet.clone()));
            let table_vars = |problem: String| {
                let mut vars = run.base_vars();
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
                for (cell, text) in extra_columns(run, table, &template.columns) {
                    let mut vars =
                        table_vars(format!("the column `{text}` is not in the template"));
                    vars.set(Var::Cell, cell.to_string()).set(Var::Value, text);
                    findings.push((Location::Cell(cell), vars));
                }
            }
            for (location, vars) in findings {
                run.out.push(run.rule.finding(location, &vars));
            }
        }
    }

    fn describe(&self) -> String {
        let t = &self.0;
        let mut parts = Vec::new();
        if !t.sheets.is_empty() {
            parts.push(format!(
                "the sheets {}",
                t.sheets
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !t.columns.is_empty() {
            parts.push(format!(
                "action tables with the columns {}{}",
                fields(&t.columns),
                if t.order { ", in that order" } else { "" }
            ));
        }
        if !t.headers.is_empty() {
            parts.push(format!(
                "the header text {}",
                t.headers
                    .iter()
                    .map(|(f, h)| format!("`{h}` for {}", f.name()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !t.extra_columns {
            parts.push("no other columns".to_owned());
        }
        format!(
            "Reports where the workbook departs from its template: {}.",
            parts.join("; ")
        )
    }
}

/// Header cells of a table that hold a column the template does not list:
/// per column, the lowest header row's text (a group label above
/// sub-columns is not a column of its own).
fn extra_columns(
    run: &Run<'_, '_, '_>,
    table: &ActionTable,
    allowed: &[PackField],
) -> Vec<(CellRef, String)> {
    let Some(sheet) = run.cx.workbook.sheet(&table.sheet) else {
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

/// "owner column `Lead`" style name of a template column.
fn column_name(field: PackField, header: &str, knowledge: &Knowledge) -> String {
    if header.trim().is_empty() {
        field.label(knowledge)
    } else {
        format!("{} (`{}`)", field.label(knowledge), header.trim())
    }
}
