//! The two sheets wreslint adds: the summary of findings and the indicator
//! coverage. Built as a plain grid here, written as worksheet XML (text
//! always as inline strings, never as formulas) by [`worksheet_xml`].

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::xml::{cell_text, escape, sheet_ref, Dialect};
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

/// Rows produced on demand, each passed to the sink in order: a table as
/// long as the plan (one row per action) is never held in memory whole.
pub(crate) type RowSource<'a> = Box<dyn Fn(&mut dyn FnMut(Vec<GridCell>)) + 'a>;

/// A generated sheet.
#[derive(Default)]
pub(crate) struct Grid<'a> {
    /// Row by row from the top; each row's cells left to right.
    pub rows: Vec<Vec<GridCell>>,
    /// Rows after `rows`, produced when written (twice: cells, then links).
    pub more: Option<RowSource<'a>>,
    /// Column widths in characters, from column A.
    pub widths: Vec<f64>,
    /// An autofilter over a header row: (row, first col, last col, last row).
    pub filter: Option<(u32, u32, u32, u32)>,
}

impl Grid<'_> {
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
pub(crate) fn summary<'a>(a: &Annotation<'a>, has_sheet: &dyn Fn(&str) -> bool) -> Grid<'a> {
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

fn counts(grid: &mut Grid<'_>, a: &Annotation<'_>, diagnostics: &[&Diagnostic]) {
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
pub(crate) fn coverage<'a>(
    a: &Annotation<'a>,
    has_sheet: &'a (dyn Fn(&str) -> bool + 'a),
) -> Grid<'a> {
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
    // The data's figures beside the coverage, when the plan was paired (or
    // holds its own figures): what each indicator's actions answer.
    let figures = a
        .evidence
        .map(|e| &e.indicators)
        .filter(|rows| rows.iter().any(|r| r.current.is_some()));
    if figures.is_some() {
        for (col, header) in ["Data this year", "Judged", "Last year", "Figure from"]
            .iter()
            .enumerate()
        {
            grid.text(0, 3 + col as u32, header, Look::Header);
        }
        for (i, width) in [24.0, 14.0, 24.0, 40.0].into_iter().enumerate() {
            if let Some(w) = grid.widths.get_mut(3 + i) {
                *w = w.max(width);
            }
        }
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
        if let Some(line) = figures
            .as_ref()
            .and_then(|rows| rows.iter().find(|r| r.indicator == n))
        {
            data_figure(&mut grid, row, line);
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
    let model = a.model;
    grid.more = Some(Box::new(move |sink: &mut dyn FnMut(Vec<GridCell>)| {
        for (_, action) in model.actions() {
            let mut cells = Vec::with_capacity(4);
            let mut put = |col, content, look, link| {
                cells.push(GridCell {
                    col,
                    content,
                    look,
                    link,
                })
            };
            if let Some(item) = action.item.as_ref().filter(|f| !f.is_blank()) {
                put(0, Content::Text(item.text.clone()), Look::Plain, None);
            }
            let text = action.text.text.lines().next().unwrap_or("").trim();
            put(1, Content::Text(text.to_owned()), Look::Plain, None);
            let at = action.text.cell();
            let link = has_sheet(&at.sheet).then(|| sheet_ref(&at.sheet, at.row, at.col));
            let look = if link.is_some() {
                Look::Link
            } else {
                Look::Plain
            };
            put(2, Content::Text(at.to_string()), look, link);
            for n in 1..=count {
                if action.links.covers(n) {
                    put(
                        2 + u32::from(n),
                        Content::Text("✓".to_owned()),
                        Look::Covered,
                        None,
                    );
                }
            }
            sink(cells);
        }
    }));
    grid.filter = Some((top, 0, 2 + u32::from(count), top + actions.len() as u32));
    grid
}

/// One indicator's data figure on the coverage sheet: this year's, whether
/// it is adverse (in words, with the colour), last year's, and its cell.
fn data_figure(grid: &mut Grid<'_>, row: u32, line: &crate::evidence::IndicatorRow) {
    let Some(now) = &line.current else { return };
    let year =
        |f: &crate::evidence::ShownFigure| f.year.map(|y| format!(" ({y})")).unwrap_or_default();
    grid.text(row, 3, &format!("{}{}", now.text, year(now)), Look::Plain);
    match line.adverse {
        Some(true) => grid.text(row, 4, "adverse", Look::Uncovered),
        Some(false) => grid.text(row, 4, "not adverse", Look::Covered),
        None => {}
    }
    if let Some(before) = &line.previous {
        let change = line
            .change
            .map(|c| format!(", {}", c.as_str()))
            .unwrap_or_default();
        grid.text(
            row,
            5,
            &format!("{}{}{change}", before.text, year(before)),
            Look::Plain,
        );
    }
    let from = match &now.file {
        Some(file) => format!("{}: {}", crate::location::display_path(file), now.cell),
        None => now.cell.clone(),
    };
    grid.text(row, 6, &from, Look::Plain);
}

/// Writes a generated grid as a worksheet part, in the package's dialect.
/// `style` gives the cell style index of each look.
pub(crate) fn write_worksheet<W: Write>(
    out: &mut W,
    grid: &Grid<'_>,
    dialect: Dialect,
    style: &dyn Fn(Look) -> u32,
) -> io::Result<()> {
    write!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{}" xmlns:r="{}">"#,
        dialect.main_ns(),
        dialect.rel_ns()
    )?;
    out.write_all(
        br#"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>"#,
    )?;
    if !grid.widths.is_empty() {
        out.write_all(b"<cols>")?;
        for (i, width) in grid.widths.iter().enumerate() {
            write!(
                out,
                r#"<col min="{n}" max="{n}" width="{width}" customWidth="1"/>"#,
                n = i + 1
            )?;
        }
        out.write_all(b"</cols>")?;
    }
    out.write_all(b"<sheetData>")?;
    // Links are kept (cell, target) until the cells are written: the
    // hyperlinks list comes after the sheet data.
    let mut result = Ok(());
    let mut links: Vec<(u32, u32, String)> = Vec::new();
    each_row(grid, &mut |r, cells| {
        if result.is_ok() && !cells.is_empty() {
            result = write_row(out, r, cells, style);
            for cell in cells {
                if let Some(target) = &cell.link {
                    links.push((r, cell.col, target.clone()));
                }
            }
        }
    });
    result?;
    out.write_all(b"</sheetData>")?;
    if let Some((row, first, last, last_row)) = grid.filter {
        write!(
            out,
            r#"<autoFilter ref="{}:{}"/>"#,
            A1(row, first),
            A1(last_row, last)
        )?;
    }
    if !links.is_empty() {
        out.write_all(b"<hyperlinks>")?;
        for (r, c, target) in &links {
            write!(
                out,
                r#"<hyperlink ref="{}" location="{}"/>"#,
                A1(*r, *c),
                escape(target)
            )?;
        }
        out.write_all(b"</hyperlinks>")?;
    }
    out.write_all(
        br#"<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>"#,
    )
}

/// A cell reference written without allocating: `A1(4, 2)` shows `C5`.
struct A1(u32, u32);

impl std::fmt::Display for A1 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut letters = [0u8; 4];
        let mut n = self.1 + 1;
        let mut i = letters.len();
        while n > 0 && i > 0 {
            i -= 1;
            letters[i] = b'A' + ((n - 1) % 26) as u8;
            n = (n - 1) / 26;
        }
        f.write_str(std::str::from_utf8(&letters[i..]).unwrap_or("A"))?;
        write!(f, "{}", self.0 + 1)
    }
}

/// Every row of a grid with its 0-based number: the stored ones, then the
/// produced ones.
fn each_row(grid: &Grid<'_>, f: &mut dyn FnMut(u32, &[GridCell])) {
    for (r, cells) in grid.rows.iter().enumerate() {
        f(r as u32, cells);
    }
    if let Some(more) = &grid.more {
        let mut r = grid.rows.len() as u32;
        more(&mut |cells: Vec<GridCell>| {
            f(r, &cells);
            r += 1;
        });
    }
}

fn write_row<W: Write>(
    out: &mut W,
    r: u32,
    cells: &[GridCell],
    style: &dyn Fn(Look) -> u32,
) -> io::Result<()> {
    write!(out, r#"<row r="{}">"#, r + 1)?;
    let mut cells: Vec<&GridCell> = cells.iter().collect();
    cells.sort_by_key(|c| c.col);
    for cell in cells {
        write!(out, r#"<c r="{}""#, A1(r, cell.col))?;
        if cell.look != Look::Plain {
            write!(out, r#" s="{}""#, style(cell.look))?;
        }
        match &cell.content {
            Content::Text(text) => {
                let text = cell_text(text);
                // Spaces at the ends or a line break need xml:space to survive.
                let keep = text.starts_with(char::is_whitespace)
                    || text.ends_with(char::is_whitespace)
                    || text.contains('\n');
                let space = if keep { r#" xml:space="preserve""# } else { "" };
                write!(
                    out,
                    r#" t="inlineStr"><is><t{space}>{}</t></is></c>"#,
                    escape(&text)
                )?
            }
            Content::Number(n) => write!(out, r#"><v>{n}</v></c>"#)?,
        }
    }
    out.write_all(b"</row>")
}

/// A generated grid as a worksheet part, in memory (for tests).
#[cfg(test)]
pub(crate) fn worksheet_xml(
    grid: &Grid<'_>,
    dialect: Dialect,
    style: &dyn Fn(Look) -> u32,
) -> Vec<u8> {
    let mut out = Vec::new();
    write_worksheet(&mut out, grid, dialect, style).expect("writing to memory");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::xml::a1;

    #[test]
    fn cell_references_match_the_allocating_form() {
        for (r, c) in [
            (0, 0),
            (4, 2),
            (9, 25),
            (0, 26),
            (1_048_575, 16_383),
            (99, 701),
            (7, 702),
        ] {
            assert_eq!(A1(r, c).to_string(), a1(r, c));
        }
    }

    #[test]
    fn grids_write_text_as_inline_strings_and_links_after_the_data() {
        let mut grid = Grid::default();
        grid.text(0, 0, "=SUM(A1)", Look::Header);
        grid.put(
            1,
            1,
            Content::Text(" x\n".into()),
            Look::Link,
            Some("'A b'!C5".into()),
        );
        grid.number(1, 0, 2.5, Look::Plain);
        let xml = String::from_utf8(worksheet_xml(&grid, Dialect::Transitional, &|_| 7)).unwrap();
        assert!(
            xml.contains(
                r#"<row r="1"><c r="A1" s="7" t="inlineStr"><is><t>=SUM(A1)</t></is></c></row>"#
            ),
            "{xml}"
        );
        assert!(xml.contains(r#"<row r="2"><c r="A2"><v>2.5</v></c><c r="B2" s="7" t="inlineStr"><is><t xml:space="preserve"> x"#), "{xml}");
        assert!(
            xml.contains(
                r#"</sheetData><hyperlinks><hyperlink ref="B2" location="'A b'!C5"/></hyperlinks>"#
            ),
            "{xml}"
        );
        assert!(!xml.contains("<f>"));
    }
}
