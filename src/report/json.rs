//! Machine-readable output, described in `docs/json-output.md`. The shape is
//! versioned by `schema_version`; fields are only ever added.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Family, Severity};
use crate::lint::{FileOutcome, Status};
use crate::location::Location;
use crate::registry::RuleHandle;
use crate::report::{display_path, Summary, ToolInfo};
use crate::workbook::Format;

pub const SCHEMA_VERSION: u32 = 2;

#[derive(Serialize)]
struct Output<'a> {
    schema_version: u32,
    tool: &'a ToolInfo,
    files: Vec<File<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct File<'a> {
    path: String,
    sha256: Option<&'a str>,
    format: Option<Format>,
    status: Status,
    error: Option<&'a str>,
    diagnostics: Vec<Item<'a>>,
    /// The pairing and indicator table, when the file was paired (schema 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<&'a crate::evidence::Summary>,
}

#[derive(Serialize)]
struct Item<'a> {
    code: &'a str,
    name: &'a str,
    family: Family,
    severity: Severity,
    location: Place,
    message: &'a str,
    help: Option<&'a str>,
    /// Byte span of the offending text within `cell_text`.
    span: Option<Span>,
    cell_text: Option<&'a str>,
    /// The rule pack that defines the rule (`null` for a built-in rule).
    pack: Option<&'a str>,
    /// Other places the finding points at, possibly in another workbook (schema 2).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<RelatedItem<'a>>,
}

#[derive(Serialize)]
struct RelatedItem<'a> {
    /// The other workbook, or `null` for this one.
    file: Option<String>,
    location: Place,
    message: &'a str,
}

#[derive(Serialize)]
struct Span {
    start: usize,
    end: usize,
}

/// Where, in every form a consumer may want: `Sheet!C5` text, and 1-based row
/// and column numbers.
#[derive(Serialize)]
struct Place {
    /// `workbook`, `sheet`, `cell` or `range`.
    kind: &'static str,
    sheet: Option<String>,
    /// `C5` (or `C5:E9` for a range).
    cell: Option<String>,
    row: Option<u32>,
    column: Option<u32>,
    /// `'Action Plan'!C5`, as shown to people.
    text: String,
}

fn place(location: &Location) -> Place {
    let text = location.to_string();
    match location {
        Location::Workbook => Place {
            kind: "workbook",
            sheet: None,
            cell: None,
            row: None,
            column: None,
            text,
        },
        Location::Sheet(sheet) => Place {
            kind: "sheet",
            sheet: Some(sheet.to_string()),
            cell: None,
            row: None,
            column: None,
            text,
        },
        Location::Cell(c) => Place {
            kind: "cell",
            sheet: Some(c.sheet.to_string()),
            cell: Some(c.a1()),
            row: Some(c.row + 1),
            column: Some(c.col + 1),
            text,
        },
        Location::Range { start, end } => Place {
            kind: "range",
            sheet: Some(start.sheet.to_string()),
            cell: Some(format!("{}:{}", start.a1(), end.a1())),
            row: Some(start.row + 1),
            column: Some(start.col + 1),
            text,
        },
    }
}

fn item<'a>(d: &'a Diagnostic, pack: Option<&'a str>) -> Item<'a> {
    Item {
        code: &d.code,
        name: &d.name,
        family: d.family,
        severity: d.severity,
        location: place(&d.location),
        message: &d.message,
        help: d.help.as_deref(),
        span: d.span.as_ref().map(|s| Span {
            start: s.start,
            end: s.end,
        }),
        cell_text: d.cell_text.as_deref(),
        pack,
        related: d
            .related
            .iter()
            .map(|r| RelatedItem {
                file: r.file.as_deref().map(display_path),
                location: place(&r.location),
                message: &r.message,
            })
            .collect(),
    }
}

pub fn render(files: &[FileOutcome], tool: &ToolInfo, rules: &[RuleHandle]) -> String {
    let pack_of = |code: &str| {
        rules
            .iter()
            .find(|r| r.meta().code == code)
            .and_then(|r| r.pack())
    };
    let output = Output {
        schema_version: SCHEMA_VERSION,
        tool,
        files: files
            .iter()
            .map(|f| File {
                path: display_path(&f.path),
                sha256: f.sha256.as_deref(),
                format: f.format,
                status: f.status,
                error: f.error.as_deref(),
                diagnostics: f
                    .diagnostics
                    .iter()
                    .map(|d| item(d, pack_of(&d.code)))
                    .collect(),
                evidence: f.evidence.as_deref().filter(|e| !e.pairing.is_empty()),
            })
            .collect(),
        summary: Summary::of(files),
    };
    let mut text =
        serde_json::to_string_pretty(&output).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
