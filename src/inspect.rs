//! `wreslint inspect`: how a workbook was read, as `sqlfluff parse` shows its
//! parse. Each action table with its header rows, each column's role and
//! why, banners, the plan period and publication date with their source
//! cells, and per action its indicator links, deadlines as parsed, owner and
//! measure; the data tables found. The first thing to run when a finding
//! looks wrong.

use serde::Serialize;

use crate::knowledge::Knowledge;
use crate::location::{column_letters, CellRef};
use crate::model::{data::DataTable, Action, ActionTable, Field, Inferred, Model};
use crate::timeline;

/// Texts longer than this are clipped in the report.
const CLIP: usize = 70;

#[derive(Debug, Serialize)]
pub struct Inspection {
    pub path: String,
    pub standard: String,
    pub plan_period: Option<Source>,
    pub publication_date: Option<Source>,
    pub action_tables: Vec<TableRead>,
    pub data_tables: Vec<DataRead>,
    pub summaries: Vec<SummaryRead>,
    /// What the cross-checks see: the year, each indicator's figures and
    /// the figures the plan quotes (absent when there are none).
    #[serde(skip_serializing_if = "EvidenceRead::is_empty")]
    pub evidence: EvidenceRead,
    /// The workbooks `check` would pair with this one, and why (absent
    /// when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pairing: Vec<crate::evidence::Paired>,
}

/// The evidence facts as read.
#[derive(Debug, Default, Serialize)]
pub struct EvidenceRead {
    pub year: Option<u16>,
    /// "indicator 2 relative likelihood 1.52 (2023) [C7]".
    pub figures: Vec<String>,
    /// "'Plan'!B4: indicator 2 relative likelihood 1.6 (2023), target".
    pub quotes: Vec<String>,
}

impl EvidenceRead {
    fn is_empty(&self) -> bool {
        self.figures.is_empty() && self.quotes.is_empty()
    }

    /// Read from a workbook's facts.
    pub fn of(facts: &crate::evidence::Facts) -> EvidenceRead {
        use crate::evidence::What;
        let what = |w: What| match w {
            What::RelativeLikelihood => "relative likelihood".to_owned(),
            What::Share => "BME share".to_owned(),
            What::Rate(g) => format!("{g:?} rate")
                .to_lowercase()
                .replace("focus", "BME")
                .replace("reference", "White"),
            What::Points => "difference".to_owned(),
            What::BoardShare => "BME share of the board".to_owned(),
        };
        let year = |y: Option<u16>| y.map(|y| format!(" ({y})")).unwrap_or_default();
        EvidenceRead {
            year: facts.year,
            figures: facts
                .figures
                .iter()
                .map(|f| {
                    format!(
                        "indicator {} {} {}{} [{}]{}",
                        f.indicator,
                        what(f.what),
                        f.display(),
                        year(f.year),
                        cell_name(&f.figure.cell),
                        if f.computed { " (worked out)" } else { "" }
                    )
                })
                .collect(),
            quotes: facts
                .actions
                .iter()
                .flat_map(|a| &a.quoted)
                .chain(&facts.banner_quotes)
                .map(|q| {
                    format!(
                        "{}: indicator {} {} {}{}{}",
                        cell_name(&q.cell),
                        q.indicator,
                        what(q.what),
                        q.display(),
                        year(q.year),
                        if q.target { ", target" } else { "" }
                    )
                })
                .collect(),
        }
    }
}

/// An indicator's figures read without counts.
#[derive(Debug, Serialize)]
pub struct SummaryRead {
    pub sheet: String,
    pub indicator: u8,
    pub title: String,
    /// "label: figure [cell] (group)".
    pub figures: Vec<String>,
}

/// A value and where it was read.
#[derive(Debug, Serialize)]
pub struct Source {
    pub value: String,
    /// The cell, or `null` for a sheet name or configuration.
    pub cell: Option<String>,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct TableRead {
    pub sheet: String,
    /// `table` (a header row over rows) or `blocks` (labelled fields down a
    /// column).
    pub layout: &'static str,
    pub header_rows: String,
    pub columns: Vec<ColumnRead>,
    pub indicator_matrix: Vec<String>,
    pub banners: Vec<Source>,
    pub in_cell: Vec<&'static str>,
    /// The table's own period, when it differs from the plan's.
    pub period: Option<Source>,
    pub actions: Vec<ActionRead>,
}

#[derive(Debug, Serialize)]
pub struct ColumnRead {
    pub column: String,
    pub heading: String,
    pub role: &'static str,
    pub why: String,
}

#[derive(Debug, Serialize)]
pub struct ActionRead {
    pub rows: String,
    pub item: Option<String>,
    pub text: String,
    /// The indicators it links to: numbers, `all`, and anything invalid.
    pub links: String,
    /// Where the link was read: a column, a banner, a matrix.
    pub linked_by: Option<String>,
    pub deadlines: Vec<String>,
    pub owner: Option<String>,
    pub measure: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct DataRead {
    pub sheet: String,
    pub kind: String,
    pub indicator: Option<u8>,
    pub at: Option<String>,
    pub lines: usize,
}

/// One line of a workbook's text, clipped, with control characters shown
/// visibly (text from a workbook never acts on the terminal).
fn clip(text: &str) -> String {
    let line = text.trim().replace('\n', " / ");
    let line = crate::report::text::visible(&line).into_owned();
    if line.chars().count() <= CLIP {
        return line;
    }
    let cut: String = line.chars().take(CLIP).collect();
    format!("{cut}…")
}

/// A cell reference, its sheet name made safe to print.
fn cell_name(cell: &CellRef) -> String {
    clip(&cell.to_string())
}

fn source<T>(inferred: &Inferred<T>, value: String) -> Source {
    Source {
        value,
        cell: inferred.from.as_ref().map(cell_name),
        text: clip(&inferred.text),
    }
}

fn field_text(field: Option<&Field>) -> Option<String> {
    field.filter(|f| !f.is_blank()).map(|f| {
        let shared = if f.inherited { " (shared)" } else { "" };
        format!("{}{shared} [{}]", clip(&f.text), f.cell().a1())
    })
}

fn links(action: &Action, knowledge: &Knowledge) -> String {
    let mut parts = Vec::new();
    if action.links.all {
        parts.push("all".to_owned());
    }
    parts.extend(
        action
            .links
            .numbers
            .iter()
            .map(|n| knowledge.item_label(*n)),
    );
    if let Some(field) = &action.indicator {
        for invalid in &action.links.invalid {
            let text = field.text.get(invalid.span.clone()).unwrap_or_default();
            parts.push(format!("invalid `{}`", clip(text)));
        }
    }
    if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join(", ")
    }
}

fn linked_by(table: &ActionTable, action: &Action) -> Option<String> {
    if !action.matrix_marks.is_empty() {
        return Some("indicator matrix".to_owned());
    }
    let field = action.indicator.as_ref().filter(|f| !f.is_blank())?;
    let by_cell = table
        .banners
        .iter()
        .any(|b| b.cell.as_ref() == Some(field.cell()));
    let by_name = table
        .banners
        .iter()
        .any(|b| b.cell.is_none() && b.text == field.text);
    Some(if by_cell {
        format!("banner {}", field.cell().a1())
    } else if by_name {
        "sheet name".to_owned()
    } else if field.inherited {
        format!("label carried down from {}", field.cell().a1())
    } else {
        format!("column {}", column_letters(field.cell().col))
    })
}

fn deadlines(model: &Model, table: &ActionTable, action: &Action) -> Vec<String> {
    let ctx = timeline::Context {
        period: model.period_of(table).map(|p| p.value),
    };
    let read = action.timeline(&ctx);
    let sources = action.timeline_sources();
    read.found
        .iter()
        .map(|found| {
            let field = sources[found.source];
            let text = found.expr.text(&field.text);
            let text = if text.is_empty() { "(date cell)" } else { text };
            let due = found
                .expr
                .due
                .map(|d| format!(", due {d}"))
                .unwrap_or_default();
            let issue = found
                .expr
                .issue
                .map(|i| format!(", {}", i.code()))
                .unwrap_or_default();
            format!(
                "`{text}` [{}]: {}{due}{issue}",
                field.cell().a1(),
                found.expr.class.label()
            )
        })
        .collect()
}

fn table_read(model: &Model, table: &ActionTable, knowledge: &Knowledge) -> TableRead {
    let header = &table.header;
    let blocks = header
        .columns
        .iter()
        .any(|c| c.source == crate::model::RoleSource::FieldLabel);
    TableRead {
        sheet: clip(&table.sheet),
        layout: if blocks { "blocks" } else { "table" },
        header_rows: if header.first_row == header.last_row {
            format!("{}", header.first_row + 1)
        } else {
            format!("{}-{}", header.first_row + 1, header.last_row + 1)
        },
        columns: header
            .columns
            .iter()
            .map(|c| ColumnRead {
                column: column_letters(c.col),
                heading: clip(&c.header_text),
                role: c.concept.label(),
                why: c.source.describe(),
            })
            .collect(),
        indicator_matrix: header
            .matrix
            .iter()
            .map(|m| {
                format!(
                    "{}: {}",
                    column_letters(m.col),
                    knowledge.item_label(m.indicator)
                )
            })
            .collect(),
        banners: table
            .banners
            .iter()
            .map(|b| Source {
                value: clip(&b.text),
                cell: b.cell.as_ref().map(cell_name),
                text: if b.cell.is_some() {
                    "banner row".into()
                } else {
                    "sheet name".into()
                },
            })
            .collect(),
        in_cell: table.in_cell.iter().map(|c| c.label()).collect(),
        period: table.period.as_ref().map(|p| source(p, p.value.label())),
        actions: table
            .actions
            .iter()
            .map(|action| ActionRead {
                rows: if action.first_row == action.last_row {
                    format!("{}", action.first_row + 1)
                } else {
                    format!("{}-{}", action.first_row + 1, action.last_row + 1)
                },
                item: action
                    .item
                    .as_ref()
                    .filter(|f| !f.is_blank())
                    .map(|f| clip(&f.text)),
                text: clip(&action.text.text),
                links: links(action, knowledge),
                linked_by: linked_by(table, action),
                deadlines: deadlines(model, table, action),
                owner: field_text(action.owner.as_ref()),
                measure: field_text(action.kpi.as_ref())
                    .or_else(|| field_text(action.targets.first())),
            })
            .collect(),
    }
}

fn data_read(table: &DataTable) -> DataRead {
    match table {
        DataTable::Groups(t) => DataRead {
            sheet: clip(&t.sheet),
            kind: format!("{:?}", t.kind),
            indicator: t.indicator,
            at: t.anchor().map(cell_name),
            lines: t.lines.len(),
        },
        DataTable::Survey(t) => DataRead {
            sheet: clip(&t.sheet),
            kind: "survey".to_owned(),
            indicator: t.rows.iter().find_map(|r| r.indicator),
            at: t.years.first().map(|(_, c)| cell_name(c)),
            lines: t.rows.len(),
        },
    }
}

/// What wreslint read of a workbook.
pub fn inspect(
    path: &str,
    model: &Model,
    knowledge: &Knowledge,
    facts: &crate::evidence::Facts,
) -> Inspection {
    Inspection {
        evidence: EvidenceRead::of(facts),
        pairing: Vec::new(),
        path: path.to_owned(),
        standard: knowledge.standard.clone(),
        plan_period: model.period.as_ref().map(|p| source(p, p.value.label())),
        publication_date: model
            .publication
            .as_ref()
            .map(|p| source(p, p.value.to_string())),
        action_tables: model
            .action_tables
            .iter()
            .map(|t| table_read(model, t, knowledge))
            .collect(),
        data_tables: model.data_tables.iter().map(data_read).collect(),
        summaries: model
            .summaries
            .iter()
            .map(|t| SummaryRead {
                sheet: clip(&t.sheet),
                indicator: t.indicator,
                title: clip(&t.title),
                figures: t
                    .figures
                    .iter()
                    .map(|f| {
                        let group = f
                            .group
                            .map(|g| format!(" ({})", knowledge.group_label(g)))
                            .unwrap_or_default();
                        format!(
                            "{}: {} [{}]{group}",
                            clip(&f.label),
                            f.figure.display(),
                            f.figure.cell.a1()
                        )
                    })
                    .collect(),
            })
            .collect(),
    }
}

impl Inspection {
    /// The report as text for a terminal.
    pub fn to_text(&self) -> String {
        let mut out = format!("{} ({})\n", self.path, self.standard);
        let src = |s: &Option<Source>, what: &str| match s {
            Some(s) => format!(
                "{what}: {} (from {}: `{}`)\n",
                s.value,
                s.cell
                    .as_deref()
                    .unwrap_or("the sheet name or configuration"),
                s.text
            ),
            None => format!("{what}: unknown (set it in .wreslint.yaml)\n"),
        };
        out.push_str(&src(&self.plan_period, "plan period"));
        out.push_str(&src(&self.publication_date, "publication date"));
        if self.action_tables.is_empty() {
            out.push_str("no action table found\n");
        }
        for table in &self.action_tables {
            out.push_str(&format!(
                "\naction table on '{}' ({}), header row {}\n",
                table.sheet, table.layout, table.header_rows
            ));
            for c in &table.columns {
                out.push_str(&format!(
                    "  {:<3} {:<16} {:?} ({})\n",
                    c.column, c.role, c.heading, c.why
                ));
            }
            if !table.indicator_matrix.is_empty() {
                out.push_str(&format!(
                    "  indicator matrix: {}\n",
                    table.indicator_matrix.join(", ")
                ));
            }
            for b in &table.banners {
                out.push_str(&format!(
                    "  banner {}: {}\n",
                    b.cell.as_deref().unwrap_or("(sheet name)"),
                    b.value
                ));
            }
            for c in &table.in_cell {
                out.push_str(&format!("  {c}: written inside the action cells\n"));
            }
            if let Some(p) = &table.period {
                out.push_str(&format!("  own period: {} (`{}`)\n", p.value, p.text));
            }
            for a in &table.actions {
                out.push_str(&format!(
                    "  row {}{}: {}\n    links: {}{}\n",
                    a.rows,
                    a.item
                        .as_ref()
                        .map(|i| format!(" [{i}]"))
                        .unwrap_or_default(),
                    a.text,
                    a.links,
                    a.linked_by
                        .as_ref()
                        .map(|l| format!(" (by {l})"))
                        .unwrap_or_default()
                ));
                if a.deadlines.is_empty() {
                    out.push_str("    deadline: none found\n");
                }
                for d in &a.deadlines {
                    out.push_str(&format!("    deadline: {d}\n"));
                }
                out.push_str(&format!(
                    "    owner: {}\n    measure: {}\n",
                    a.owner.as_deref().unwrap_or("none"),
                    a.measure.as_deref().unwrap_or("none")
                ));
            }
        }
        for d in &self.data_tables {
            out.push_str(&format!(
                "\ndata table on '{}': {}{} at {}, {} lines\n",
                d.sheet,
                d.kind,
                d.indicator
                    .map(|i| format!(" (indicator {i})"))
                    .unwrap_or_default(),
                d.at.as_deref().unwrap_or("?"),
                d.lines
            ));
        }
        for t in &self.summaries {
            out.push_str(&format!(
                "\nsummary on '{}' for indicator {} ({})\n",
                t.sheet, t.indicator, t.title
            ));
            for f in &t.figures {
                out.push_str(&format!("  {f}\n"));
            }
        }
        if !self.pairing.is_empty() {
            out.push_str("\npaired with:\n");
            for p in &self.pairing {
                out.push_str(&format!(
                    "  {}: {} ({})\n",
                    p.role.as_str(),
                    crate::report::text::visible(&crate::location::display_path(&p.path)),
                    p.reason
                ));
            }
        }
        if !self.evidence.is_empty() {
            out.push_str(&format!(
                "\nfor the cross-checks (year {}):\n",
                self.evidence
                    .year
                    .map_or("unknown".to_owned(), |y| y.to_string())
            ));
            for f in &self.evidence.figures {
                out.push_str(&format!("  figure: {f}\n"));
            }
            for q in &self.evidence.quotes {
                out.push_str(&format!("  quoted: {q}\n"));
            }
        }
        out
    }
}
