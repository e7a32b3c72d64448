//! A workbook as wreslint sees it after loading: sheets of sparse cells, each
//! with its absolute position, shown precision, merges and visibility. The loader
//! fills it from calamine; everything after the loader reads only this.

use std::sync::Arc;

use crate::date::Date;
use crate::location::CellRef;

/// The container format, detected from content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Xlsx,
    Xlsm,
    Xlsb,
    Xls,
    Ods,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsm => "xlsm",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Workbook {
    pub sheets: Vec<Sheet>,
}

impl Workbook {
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| &*s.name == name)
    }

    /// The cell at an absolute reference, if it holds anything.
    pub fn cell(&self, at: &CellRef) -> Option<&Cell> {
        self.sheet(&at.sheet)?.cell(at.row, at.col)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Visibility {
    #[default]
    Visible,
    Hidden,
    VeryHidden,
}

/// One sheet. Cells are sparse and kept sorted by (row, col).
#[derive(Clone, Debug)]
pub struct Sheet {
    pub name: Arc<str>,
    pub visibility: Visibility,
    cells: Vec<Cell>,
    pub merges: Vec<Merge>,
    /// Cell notes (comments), where the format's reader provides them (xlsx, xlsm).
    pub notes: Vec<Note>,
}

/// A note (comment) attached to a cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub row: u32,
    pub col: u32,
    pub text: String,
}

impl Sheet {
    /// A sheet from cells in any order; later duplicates of a position win.
    pub fn new(name: &str, mut cells: Vec<Cell>, merges: Vec<Merge>) -> Sheet {
        cells.sort_by_key(|c| (c.row, c.col));
        cells.dedup_by(|later, earlier| {
            let same = (later.row, later.col) == (earlier.row, earlier.col);
            if same {
                std::mem::swap(later, earlier);
            }
            same
        });
        Sheet {
            name: Arc::from(name),
            visibility: Visibility::Visible,
            cells,
            merges,
            notes: Vec::new(),
        }
    }

    pub fn cells(&self) -> &[Cell] {
        &self.cells
    }

    pub fn cell(&self, row: u32, col: u32) -> Option<&Cell> {
        self.cells
            .binary_search_by_key(&(row, col), |c| (c.row, c.col))
            .ok()
            .map(|i| &self.cells[i])
    }

    /// The non-empty cells of one row, left to right.
    pub fn row(&self, row: u32) -> &[Cell] {
        let start = self.cells.partition_point(|c| c.row < row);
        let end = start + self.cells[start..].partition_point(|c| c.row == row);
        &self.cells[start..end]
    }

    /// The non-empty cells of each row that has any, top to bottom.
    pub fn rows(&self) -> impl Iterator<Item = (u32, &[Cell])> {
        self.cells
            .chunk_by(|a, b| a.row == b.row)
            .map(|row| (row[0].row, row))
    }

    /// The merged region covering a position, if any.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<&Merge> {
        self.merges.iter().find(|m| m.contains(row, col))
    }

    /// The cell whose value shows at a position: the cell itself, or the
    /// top-left cell of the merged region covering it.
    pub fn shown_cell(&self, row: u32, col: u32) -> Option<&Cell> {
        match self.merge_at(row, col) {
            Some(m) => self.cell(m.first_row, m.first_col),
            None => self.cell(row, col),
        }
    }

    pub fn cell_ref(&self, row: u32, col: u32) -> CellRef {
        CellRef::new(&self.name, row, col)
    }

    pub fn last_row(&self) -> Option<u32> {
        self.cells.last().map(|c| c.row)
    }
}

/// A merged region, inclusive bounds, 0-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

impl Merge {
    pub fn contains(&self, row: u32, col: u32) -> bool {
        (self.first_row..=self.last_row).contains(&row)
            && (self.first_col..=self.last_col).contains(&col)
    }
}

/// One non-empty cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub row: u32,
    pub col: u32,
    pub value: Value,
    /// How the number format shows a number, when the format is known.
    pub shown: Option<Shown>,
    /// The cell holds a formula; `value` is its cached result (`Empty` if none).
    pub formula: bool,
    /// A solid fill colour as RGB hex (`FF0000`), where the reader gives it.
    pub fill: Option<String>,
}

impl Cell {
    pub fn new(row: u32, col: u32, value: Value) -> Cell {
        Cell {
            row,
            col,
            value,
            shown: None,
            formula: false,
            fill: None,
        }
    }

    /// The cell's text as a person reads it: text as is, numbers plainly.
    pub fn text(&self) -> String {
        self.value.to_text()
    }
}

/// How a number format shows a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shown {
    /// Digits after the decimal point.
    pub decimals: u8,
    /// The format multiplies by 100 and appends `%`.
    pub percent: bool,
}

/// A cell value, normalised across formats.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date (date-typed cell, or an ISO date string from ods).
    Date(Date),
    /// An error cell such as `#DIV/0!`.
    Error(String),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    pub fn to_text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(t) => t.clone(),
            Value::Number(n) => format_number(*n),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            Value::Date(d) => d.to_string(),
            Value::Error(e) => e.clone(),
        }
    }
}

/// A number as a person would type it: no trailing `.0` on whole numbers.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}
