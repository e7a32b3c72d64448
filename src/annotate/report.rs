//! The two sheets wreslint adds: the summary of findings and the indicator
//! coverage. Built as a plain grid here, written as worksheet XML (text
//! always as inline strings, never as formulas) by [`worksheet_xml`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::xml::{a1, cell_text, escape, sheet_ref, Dialect};
use super::Annotation;
use crate::diagnostic::{Diagnostic, Family, Severity};
use crate::location::Location;

/// How a generated cell looks; each maps to one added cell style.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Look {
    Plain,
    Header,
    Link,
    Severity(Severity),
    Covered,
    Uncovered,
}

impl Look {
    /// Every look but `Plain` (which is the workbook's default style).
    pub(crate) const ADDED: [Look; 7] = [
        Look::Header,
        Look::Link,
        Look::Severity(Severity::Error),
        Look::Severity(Severity::Warning),
        Look::Severity(Severity::Info),
        Look::Covered,
        Look::Uncovered,
    ];
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Content {
    Text(String),
    Number(f64),
}

#[derive(Clone, Debug)]
pub(crate) struct GridCell {
    pub col: u32,
    pub content: Content,
    pub look: Look,
    /// An internal hyperlink target such as `'Plan'!C5`.
    pub link: Option<String>,
}

/// A generated sheet.
#[derive(Clone, Debug, Default)]
pub(crate) struct Grid {
    /// Row by row from the top; each row's cells left to right.
    pub rows: Vec<Vec<GridCell>>,
    /// Column widths in characters, from column A.
    pub widths: Vec<f64>,
    /// An autofilter over a header row: (row, first col, last col, last row).
    pub filter: Option<(u32, u32, u32, u32)>,
}

impl Grid {
    fn put(&mut self, row: u32, col: u32, content: Content, look: Look, link: Option<String>) {
        let row = row as usize;
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        self.rows[row].push(GridCell {
            col,
            content,
            look,
            link,
        });
    }

    fn text(&mut self, row: u32, col: u32, text: &str, look: Look) {
        self.put(row, col, Content::Text(text.to_owned()), look, None);
    }

    fn number(&mut self, row: u32, col: u32, n: f64, look: Look) {
        self.put(row, col, Content::Number(n), look, None);
    }
}

/// Where a finding points, for the summary: text, and the link target when
/// the sheet is one the copy has.
fn place(d: &Diagnostic, has_sheet: &dyn Fn(&str) -> bool) -> (String, Option<String>) {
    match &d.location {
        Location::Workbook => ("workbook".to_owned(), None),
        Location::Sheet(sheet) => {
            let link = has_sheet(sheet).then(|| sheet_ref(sheet, 0, 0));
            (d.location.to_string(), link)
        }
        Location::Cell(at) | Location::Range { start: at, .. } => {
            let link = has_sheet(&at.sheet).then(|| sheet_ref(&at.sheet, at.row, at.col));
            (d.location.to_string(), link)
        }
    }
}

/// Sort key: workbook-level first, then by sheet order, row, column.
fn order_key(d: &Diagnostic, sheet_order: &BTreeMap<&str, usize>) -> (u8, usize, u32, u32) {
    match &d.location {
        Location::Workbook => (0, 0, 0, 0),
        Location::Sheet(s) => (
            1,
            sheet_order.get(&**s).copied().unwrap_or(usize::MAX),
            0,
            0,
        ),
        Location::Cell(at) | Location::Range { start: at, .. } => (
            2,
            sheet_order.get(&*at.sheet).copied().unwrap_or(usize::MAX),
            at.row,
            at.col,
        ),
    }
}

const SUMMARY_HEADERS: [&str; 7] = [
    "Severity", "Code", "Name", "Family", "Location", "Message", "Help",
];
/// Where the counts block starts (column J), clear of the findings table so
/// that sorting or filtering the table leaves it alone.
const COUNTS_COL: u32 = 8;

/// The summary sheet: every finding, then counts per family and severity.
pub(crate) fn summary(a: &Annotation<'_>, has_sheet: &dyn Fn(&str) -> bool) -> Grid {
    let mut grid = Grid {
        widths: vec![
            10.0, 8.0, 30.0, 12.0, 28.0, 80.0, 60.0, 3.0, 14.0, 9.0, 9.0, 9.0, 9.0,
        ],
        ..Grid::default()
    };
    for (col, header) in SUMMARY_HEADERS.iter().enumerate() {
        grid.text(0, col as u32, header, Look::Header);
    }
    let sheet_order: BTreeMap<&str, usize> = a
        .workbook
        .sheets
        .iter()
        .enumerate()
        .map(|(i, s)| (&*s.name, i))
        .collect();
    let mut diagnostics: Vec<&Diagnostic> = a.diagnostics.iter().collect();
    diagnostics.sort_by(|x, y| {
        (order_key(x, &sheet_order), y.severity, &x.code, &x.message).cmp(&(
            order_key(y, &sheet_order),
            x.severity,
            &y.code,
            &y.message,
        ))
    });
    for (i, d) in diagnostics.iter().enumerate() {
        let row = i as u32 + 1;
        grid.text(row, 0, d.severity.as_str(), Look::Severity(d.severity));
        grid.text(row, 1, &d.code, Look::Plain);
        grid.text(row, 2, &d.name, Look::Plain);
        grid.text(row, 3, d.family.as_str(), Look::Plain);
        let (text, link) = place(d, has_sheet);
        let look = if link.is_some() {
            Look::Link
        } else {
            Look::Plain
        };
        grid.put(row, 4, Content::Text(text), look, link);
        grid.text(row, 5, &d.message, Look::Plain);
        if let Some(help) = &d.help {
            grid.text(row, 6, help, Look::Plain);
        }
    }
    if diagnostics.is_empty() {
        grid.text(1, 0, "No findings.", Look::Plain);
    } else {
        grid.filter = Some((0, 0, 6, diagnostics.len() as u32));
    }
    counts(&mut grid, a, &diagnostics);
    grid
}

fn counts(grid: &mut Grid, a: &Annotation<'_>, diagnostics: &[&Diagnostic]) {
    let severities = [Severity::Error, Severity::Warning, Severity::Info];
    let c = COUNTS_COL;
    grid.text(0, c, "Family", Look::Header);
    for (i, s) in severities.iter().enumerate() {
        grid.text(0, c + 1 + i as u32, s.as_str(), Look::Severity(*s));
    }
    grid.text(0, c + 4, "total", Look::Header);
    let count = |family: Option<Family>, severity: Option<Severity>| {
        diagnostics
            .iter()
            .filter(|d| family.is_none_or(|f| d.family == f))
            .filter(|d| severity.is_none_or(|s| d.severity == s))
            .count() as f64
    };
    let mut row = 1;
    for family in Family::ALL {
        grid.text(row, c, family.as_str(), Look::Plain);
        for (i, s) in severities.iter().enumerate() {
            grid.number(
                row,
                c + 1 + i as u32,
                count(Some(family), Some(*s)),
                Look::Plain,
            );
        }
        grid.number(row, c + 4, count(Some(family), None), Look::Plain);
        row += 1;
    }
    grid.text(row, c, "total", Look::Header);
    for (i, s) in severities.iter().enumerate() {
        grid.number(row, c + 1 + i as u32, count(None, Some(*s)), Look::Header);
    }
    grid.number(row, c + 4, count(None, None), Look::Header);
    row += 2;
    let on_cells = diagnostics
        .iter()
        .filter(|d| d.location.anchor().is_some())
        .count() as f64;
    grid.text(row, c, "on cells", Look::Plain);
    grid.number(row, c + 1, on_cells, Look::Plain);
    grid.text(row + 1, c, "sheet/workbook", Look::Plain);
    grid.number(
        row + 1,
        c + 1,
        diagnostics.len() as f64 - on_cells,
        Look::Plain,
    );
    row += 3;
    let file = a
        .input_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| a.input_path.display().to_string());
    grid.text(row, c, "file", Look::Plain);
    grid.text(row, c + 1, &file, Look::Plain);
    grid.text(row + 1, c, "wreslint", Look::Plain);
    grid.text(row + 1, c + 1, a.tool_version, Look::Plain);
}

/// The coverage sheet: per indicator, how many actions cover it (uncovered
/// highlighted); below, the matrix of actions against indicators.
pub(crate) fn coverage(a: &Annotation<'_>, has_sheet: &dyn Fn(&str) -> bool) -> Grid {
    let knowledge = a.knowledge;
    let count = knowledge.indicator_count;
    let mut grid = Grid {
        widths: vec![8.0, 60.0, 22.0],
        ..Grid::default()
    };
    grid.widths.extend((0..count).map(|_| 5.0));
    // Headers avoid the words wreslint reads as plan columns ("indicator",
    // "action", "item", …), so linting an annotated copy finds no plan here.
    for (col, header) in ["Coverage of", "Name of indicator", "Covered by"]
        .iter()
        .enumerate()
    {
        grid.text(0, col as u32, header, Look::Header);
    }
    let actions: Vec<_> = a.model.actions().map(|(_, action)| action).collect();
    let mut uncovered = Vec::new();
    for n in 1..=count {
        let row = u32::from(n);
        let covering = actions.iter().filter(|x| x.links.covers(n)).count();
        let name = knowledge
            .indicator(n)
            .map(|i| i.name.as_str())
            .unwrap_or("");
        grid.number(row, 0, f64::from(n), Look::Plain);
        grid.text(row, 1, name, Look::Plain);
        if covering == 0 {
            uncovered.push(n);
            grid.text(row, 2, "not covered", Look::Uncovered);
        } else {
            let text = format!("{covering} of {}", actions.len());
            grid.text(row, 2, &text, Look::Covered);
        }
    }
    let top = u32::from(count) + 2;
    if actions.is_empty() {
        grid.text(
            top,
            0,
            "No action table was found in this workbook.",
            Look::Plain,
        );
        return grid;
    }
    grid.text(top, 0, "Plan's ref", Look::Header);
    grid.text(top, 1, "Text of the plan's entry", Look::Header);
    grid.text(top, 2, "Cell", Look::Header);
    for n in 1..=count {
        let look = if uncovered.contains(&n) {
            Look::Uncovered
        } else {
            Look::Header
        };
        grid.number(top, 2 + u32::from(n), f64::from(n), look);
    }
    for (i, action) in actions.iter().enumerate() {
        let row = top + 1 + i as u32;
        if let Some(item) = action.item.as_ref().filter(|f| !f.is_blank()) {
            grid.text(row, 0, &item.text, Look::Plain);
        }
        let text = action.text.text.lines().next().unwrap_or("").trim();
        grid.text(row, 1, text, Look::Plain);
        let at = action.text.cell();
        let link = has_sheet(&at.sheet).then(|| sheet_ref(&at.sheet, at.row, at.col));
        let look = if link.is_some() {
            Look::Link
        } else {
            Look::Plain
        };
        grid.put(row, 2, Content::Text(at.to_string()), look, link);
        for n in 1..=count {
            if action.links.covers(n) {
                grid.text(row, 2 + u32::from(n), "✓", Look::Covered);
            }
        }
    }
    grid.filter = Some((top, 0, 2 + u32::from(count), top + actions.len() as u32));
    grid
}

/// A generated grid as a worksheet part, in the package's dialect. `style`
/// gives the cell style index of each look.
pub(crate) fn worksheet_xml(grid: &Grid, dialect: Dialect, style: &dyn Fn(Look) -> u32) -> Vec<u8> {
    let mut out = String::with_capacity(256 + grid.rows.len() * 400);
    let _ = write!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{}" xmlns:r="{}">"#,
        dialect.main_ns(),
        dialect.rel_ns()
    );
    let last_col = grid
        .rows
        .iter()
        .flat_map(|r| r.iter().map(|c| c.col))
        .max()
        .unwrap_or(0);
    let last_row = grid.rows.len().saturating_sub(1) as u32;
    let _ = write!(out, r#"<dimension ref="A1:{}"/>"#, a1(last_row, last_col));
    out.push_str(
        r#"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#,
    );
    out.push_str(r#"<sheetFormatPr defaultRowHeight="15"/>"#);
    if !grid.widths.is_empty() {
        out.push_str("<cols>");
        for (i, width) in grid.widths.iter().enumerate() {
            let _ = write!(
                out,
                r#"<col min="{n}" max="{n}" width="{width}" customWidth="1"/>"#,
                n = i + 1
            );
        }
        out.push_str("</cols>");
    }
    out.push_str("<sheetData>");
    let mut links = Vec::new();
    for (r, cells) in grid.rows.iter().enumerate() {
        if cells.is_empty() {
            continue;
        }
        let _ = write!(out, r#"<row r="{}">"#, r + 1);
        let mut cells: Vec<&GridCell> = cells.iter().collect();
        cells.sort_by_key(|c| c.col);
        for cell in cells {
            let at = a1(r as u32, cell.col);
            let s = match cell.look {
                Look::Plain => String::new(),
                look => format!(r#" s="{}""#, style(look)),
            };
            match &cell.content {
                Content::Text(text) => {
                    let _ = write!(
                        out,
                        r#"<c r="{at}"{s} t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
                        escape(&cell_text(text))
                    );
                }
                Content::Number(n) => {
                    let _ = write!(out, r#"<c r="{at}"{s}><v>{n}</v></c>"#);
                }
            }
            if let Some(link) = &cell.link {
                links.push((at, link.clone()));
            }
        }
        out.push_str("</row>");
    }
    out.push_str("</sheetData>");
    if let Some((row, first, last, last_row)) = grid.filter {
        let _ = write!(
            out,
            r#"<autoFilter ref="{}:{}"/>"#,
            a1(row, first),
            a1(last_row, last)
        );
    }
    if !links.is_empty() {
        out.push_str("<hyperlinks>");
        for (at, target) in &links {
            let _ = write!(
                out,
                r#"<hyperlink ref="{at}" location="{}" display="{}"/>"#,
                escape(target),
                escape(target)
            );
        }
        out.push_str("</hyperlinks>");
    }
    out.push_str(
        r#"<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#,
    );
    out.push_str("</worksheet>");
    out.into_bytes()
}
