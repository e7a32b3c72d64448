//! A pre-scan of an ods `content.xml`, run before calamine parses it.
//!
//! calamine expands repeated rows and columns into dense ranges (up to 100 M
//! cells of 32 bytes, plus as many formula strings) and repeated spaces into
//! text, all sized by attributes of the file. This walk measures the same
//! expansions against [`Limits`] first, counting positions exactly as
//! calamine does. On the way it picks up what calamine drops: merged
//! regions, which cells are errors (calamine gives their text, `#DIV/0!`,
//! as a plain string), and each cell's style, resolved by [`OdsStyles`].

use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read, Seek};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use zip::ZipArchive;

use super::ods_styles::OdsStyles;
use super::sheet::Look;
use super::{Limits, LoadError};
use crate::workbook::Merge;

const FORMAT: &str = "ods";
/// calamine's caps on positions within a table.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;
/// Runs of styled blank cells longer than this (in rows or columns) format
/// whole rows or columns; only shorter runs can be an indicator cell.
const MAX_BLANK_RUN: u64 = 16;
/// Error texts are short (`#DIV/0!`, `Err:502`); longer text is not kept.
const MAX_ERROR_TEXT: usize = 64;

/// What the pre-scan learnt.
#[derive(Default)]
pub(crate) struct Scan {
    /// Per named table, in document order.
    pub(crate) tables: Vec<TableScan>,
    /// The looks the tables' `styled` entries point into.
    pub(crate) looks: Vec<Look>,
}

#[derive(Default)]
pub(crate) struct TableScan {
    pub(crate) name: String,
    pub(crate) merges: Vec<Merge>,
    /// Error cells and the error text they show.
    pub(crate) errors: Vec<(u32, u32, String)>,
    /// Cells whose style has a look: `(row, col, index into looks)`.
    pub(crate) styled: Vec<(u32, u32, u32)>,
}

pub(crate) fn scan<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    limits: &Limits,
) -> Result<Scan, LoadError> {
    let styles = OdsStyles::from_styles_part(zip);
    // A missing part is calamine's to report, in its own words.
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(Scan::default());
    };
    let mut xml = Reader::from_reader(BufReader::new(content));
    xml.config_mut().check_end_names = false;
    let mut scanner = Scanner {
        limits,
        styles,
        tables: Vec::new(),
        table: None,
        spaces: 0,
    };
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml
            .read_event_into(&mut buf)
            .map_err(|e| LoadError::corrupt(FORMAT, e))?
        {
            Event::Start(e) => scanner.start(&e, &mut xml, false)?,
            Event::Empty(e) => scanner.start(&e, &mut xml, true)?,
            Event::End(e) => scanner.end(e.name().as_ref())?,
            Event::Eof => break,
            _ => (),
        }
    }
    if let Some(table) = scanner.table {
        // calamine reads a named table until its end tag and would wait
        // for it forever.
        let name = table.scan.map(|s| s.name).unwrap_or_default();
        return Err(LoadError::corrupt(
            FORMAT,
            format!("content.xml ends inside table '{name}'"),
        ));
    }
    Ok(Scan {
        tables: scanner.tables,
        looks: scanner.styles.into_looks(),
    })
}

struct Scanner<'l> {
    limits: &'l Limits,
    styles: OdsStyles,
    tables: Vec<TableScan>,
    table: Option<Table>,
    /// Spaces calamine will expand from `<text:s text:c="…">`.
    spaces: u64,
}

impl Scanner<'_> {
    fn start<B: BufRead>(
        &mut self,
        e: &BytesStart<'_>,
        xml: &mut Reader<B>,
        empty: bool,
    ) -> Result<(), LoadError> {
        let Some(table) = &mut self.table else {
            if e.name().as_ref() == "table:table" {
                self.table = Some(Table::new(e));
                if empty {
                    self.end("table:table")?;
                }
            } else {
                // Automatic styles precede the body in content.xml.
                self.styles.start(e, empty);
            }
            return Ok(());
        };
        match e.name().as_ref() {
            "table:table-column" => table.add_columns(e, &mut self.styles),
            "table:table-row" => {
                table.start_row(e, &mut self.styles);
                if empty {
                    table.end_row(self.limits)?;
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let error_at = table.cell(e, &mut self.styles);
                // The content is consumed here, so nothing inside a cell can
                // be mistaken for table structure.
                let text = if empty {
                    String::new()
                } else {
                    self.cell_content(e, xml)?
                };
                if let (Some((row, col)), Some(scan)) =
                    (error_at, self.table.as_mut().and_then(|t| t.scan.as_mut()))
                {
                    scan.errors.push((row, col, text));
                }
            }
            _ => (),
        }
        Ok(())
    }

    fn end(&mut self, name: &str) -> Result<(), LoadError> {
        let Some(table) = &mut self.table else {
            self.styles.end(name);
            return Ok(());
        };
        match name {
            "table:table-row" => table.end_row(self.limits)?,
            "table:table" => {
                if let Some(table) = self.table.take() {
                    self.tables.extend(table.finish(self.limits)?);
                }
            }
            _ => (),
        }
        Ok(())
    }

    /// Reads a cell's content up to its end tag: the shown text (kept for
    /// error cells) and the space runs calamine will expand.
    fn cell_content<B: BufRead>(
        &mut self,
        cell: &BytesStart<'_>,
        xml: &mut Reader<B>,
    ) -> Result<String, LoadError> {
        let mut text = String::new();
        let mut buf = Vec::new();
        let mut depth = 0usize;
        loop {
            buf.clear();
            match xml
                .read_event_into(&mut buf)
                .map_err(|e| LoadError::corrupt(FORMAT, e))?
            {
                Event::Start(e) if e.name() == cell.name() => depth += 1,
                Event::End(e) if e.name() == cell.name() => {
                    if depth == 0 {
                        return Ok(text);
                    }
                    depth -= 1;
                }
                Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "text:s" => {
                    self.add_spaces(
                        attr(&e, "text:c")
                            .and_then(|c| c.trim().parse().ok())
                            .unwrap_or(1),
                    )?;
                }
                Event::Text(t) if text.len() < MAX_ERROR_TEXT => text.push_str(&t.xml10_content()),
                Event::Eof => {
                    return Err(LoadError::corrupt(FORMAT, "content.xml ends inside a cell"))
                }
                _ => (),
            }
        }
    }

    fn add_spaces(&mut self, count: u64) -> Result<(), LoadError> {
        self.spaces = self.spaces.saturating_add(count);
        if self.spaces > self.limits.max_decompressed_bytes {
            return Err(LoadError::TooLarge {
                guard: "text expanded from repeated spaces in bytes",
                value: self.spaces,
                limit: self.limits.max_decompressed_bytes,
            });
        }
        Ok(())
    }
}

/// The table being walked.
struct Table {
    /// `None` for unnamed tables, which calamine ignores.
    scan: Option<TableScan>,
    row: u64,
    /// The current row, between its start and end tags.
    current: Option<Row>,
    /// Look of the default cell style of each column run: `(first column, look)`.
    column_looks: Vec<(u64, Option<u32>)>,
    next_column: u64,
    /// Cells calamine buffers before densifying: each row up to its last
    /// non-empty cell.
    buffered: u64,
    /// First row with content, end of the last (repeats included), and
    /// the columns holding content.
    first_row: Option<u64>,
    end_row: u64,
    first_col: u64,
    end_col: u64,
}

struct Row {
    repeats: u64,
    col: u64,
    /// Just past the last non-empty cell.
    end: u64,
    /// Look of the row's default cell style.
    default_look: Option<u32>,
    /// Runs of cells with a look, repeated with the row at its end.
    styled: Vec<Run>,
}

struct Run {
    col: u64,
    repeats: u64,
    look: u32,
    blank: bool,
}

impl Table {
    fn new(e: &BytesStart<'_>) -> Table {
        let name = attr(e, "table:name").map(|n| unescape(&n));
        Table {
            scan: name.map(|name| TableScan {
                name,
                ..TableScan::default()
            }),
            row: 0,
            current: None,
            column_looks: Vec::new(),
            next_column: 0,
            buffered: 0,
            first_row: None,
            end_row: 0,
            first_col: u64::MAX,
            end_col: 0,
        }
    }

    fn add_columns(&mut self, e: &BytesStart<'_>, styles: &mut OdsStyles) {
        let repeats = number(e, "table:number-columns-repeated").clamp(1, MAX_COLUMNS);
        if self.next_column < MAX_COLUMNS {
            let look = style_look(e, "table:default-cell-style-name", styles);
            self.column_looks.push((self.next_column, look));
        }
        self.next_column = self.next_column.saturating_add(repeats);
    }

    fn column_look(&self, col: u64) -> Option<u32> {
        let at = self
            .column_looks
            .partition_point(|(first, _)| *first <= col);
        self.column_looks.get(at.checked_sub(1)?)?.1
    }

    fn start_row(&mut self, e: &BytesStart<'_>, styles: &mut OdsStyles) {
        // calamine caps a table's rows at Excel's maximum.
        let repeats =
            number(e, "table:number-rows-repeated").min(MAX_ROWS.saturating_sub(self.row));
        self.current = Some(Row {
            repeats,
            col: 0,
            end: 0,
            default_look: style_look(e, "table:default-cell-style-name", styles),
            styled: Vec::new(),
        });
    }

    /// A cell of the current row; returns its position if it is an error.
    fn cell(&mut self, e: &BytesStart<'_>, styles: &mut OdsStyles) -> Option<(u32, u32)> {
        let row = self.current.as_ref()?;
        let col = row.col;
        // calamine caps a row's columns at Excel's maximum.
        let repeats =
            number(e, "table:number-columns-repeated").min(MAX_COLUMNS.saturating_sub(col));
        let blank = !has_value(e);
        // A cell's own style wins over its row's, which wins over its column's.
        let look = match attr(e, "table:style-name") {
            Some(_) => style_look(e, "table:style-name", styles),
            None => row.default_look.or_else(|| self.column_look(col)),
        };
        let row = self.current.as_mut()?;
        row.col = col + repeats;
        if !blank {
            row.end = row.col;
            self.first_col = self.first_col.min(col);
        }
        if let Some(look) = look.filter(|_| repeats > 0) {
            row.styled.push(Run {
                col,
                repeats,
                look,
                blank,
            });
        }
        let (row32, col32) = (u32::try_from(self.row).ok()?, u32::try_from(col).ok()?);
        let scan = self.scan.as_mut()?;
        let (span_cols, span_rows) = (
            number(e, "table:number-columns-spanned"),
            number(e, "table:number-rows-spanned"),
        );
        if span_cols > 1 || span_rows > 1 {
            let last =
                |first: u32, span: u64, max: u64| (u64::from(first) + span - 1).min(max - 1) as u32;
            scan.merges.push(Merge {
                first_row: row32,
                first_col: col32,
                last_row: last(row32, span_rows, MAX_ROWS),
                last_col: last(col32, span_cols, MAX_COLUMNS),
            });
        }
        let is_error = attr(e, "calcext:value-type").is_some_and(|t| t == "error");
        is_error.then_some((row32, col32))
    }

    fn end_row(&mut self, limits: &Limits) -> Result<(), LoadError> {
        let Some(row) = self.current.take() else {
            return Ok(());
        };
        if row.end > 0 {
            self.buffered = self.buffered.saturating_add(row.end);
            limits.check_cell_count(self.buffered)?;
            self.first_row.get_or_insert(self.row);
            self.end_row = self.row + row.repeats;
            self.end_col = self.end_col.max(row.end);
            // Checked as rows come, before their cells are expanded below.
            self.check_extent(limits)?;
        }
        if let Some(scan) = &mut self.scan {
            add_styled(scan, &row, self.row, limits)?;
        }
        self.row += row.repeats;
        Ok(())
    }

    /// Checks the dense range calamine will build for this table so far.
    fn check_extent(&self, limits: &Limits) -> Result<(), LoadError> {
        let (Some(scan), Some(first_row)) = (&self.scan, self.first_row) else {
            return Ok(());
        };
        let cols = self
            .end_col
            .saturating_sub(self.first_col.min(self.end_col));
        limits.check_extent(&scan.name, self.end_row - first_row, cols)
    }

    /// The scan of a named table, once the whole table has been checked.
    fn finish(self, limits: &Limits) -> Result<Option<TableScan>, LoadError> {
        self.check_extent(limits)?;
        Ok(self.scan)
    }
}

/// Expands a row's styled runs over its repeats: cells with values always
/// (calamine repeats them too), blank ones only in short runs.
fn add_styled(
    scan: &mut TableScan,
    row: &Row,
    first_row: u64,
    limits: &Limits,
) -> Result<(), LoadError> {
    for run in &row.styled {
        if run.blank && (run.repeats > MAX_BLANK_RUN || row.repeats > MAX_BLANK_RUN) {
            continue;
        }
        let (rows, cols) = (row.repeats, run.repeats);
        limits.check_cell_count(
            (scan.styled.len() as u64).saturating_add(rows.saturating_mul(cols)),
        )?;
        for r in first_row..first_row + rows {
            for c in run.col..run.col + cols {
                if let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) {
                    scan.styled.push((r, c, run.look));
                }
            }
        }
    }
    Ok(())
}

/// The look of the style an attribute names, if any; names are unescaped
/// only when they need it, so the common case allocates nothing.
fn style_look(e: &BytesStart<'_>, name: &str, styles: &mut OdsStyles) -> Option<u32> {
    let style = attr(e, name)?;
    if style.contains('&') {
        styles.look_of(&unescape(&style))
    } else {
        styles.look_of(&style)
    }
}

/// Whether calamine reads a value (or a formula) for this cell.
fn has_value(e: &BytesStart<'_>) -> bool {
    e.attributes()
        .with_checks(false)
        .flatten()
        .any(|a| match a.key.as_ref() {
            "office:value"
            | "office:string-value"
            | "office:date-value"
            | "office:time-value"
            | "office:boolean-value"
            | "table:formula" => true,
            "office:value-type" => a.value == "string",
            _ => false,
        })
}

/// An attribute's raw value.
pub(crate) fn attr<'e>(e: &'e BytesStart<'_>, name: &str) -> Option<Cow<'e, str>> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value)
}

/// A repeat or span count; 1 when absent or malformed (calamine then
/// reports the malformed one itself).
fn number(e: &BytesStart<'_>, name: &str) -> u64 {
    attr(e, name)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1)
}

pub(crate) fn unescape(value: &str) -> String {
    quick_xml::escape::unescape(value).map_or_else(|_| value.to_owned(), Cow::into_owned)
}
