//! Small workbooks written as text, for tests and benchmarks: one `&str` per
//! cell, `""` for an empty one. Numbers stay text unless added with
//! [`SheetBuilder::number`].

use crate::workbook::{Cell, Merge, Sheet, Shown, Value, Workbook};

#[derive(Debug)]
pub struct SheetBuilder {
    name: String,
    cells: Vec<Cell>,
    merges: Vec<Merge>,
    next_row: u32,
}

impl SheetBuilder {
    pub fn new(name: &str) -> SheetBuilder {
        SheetBuilder {
            name: name.to_owned(),
            cells: Vec::new(),
            merges: Vec::new(),
            next_row: 0,
        }
    }

    /// The next row, its cells from column A.
    pub fn row(mut self, texts: &[&str]) -> SheetBuilder {
        let row = self.next_row;
        for (col, text) in texts.iter().enumerate() {
            if !text.is_empty() {
                self.cells
                    .push(Cell::new(row, col as u32, Value::Text((*text).into())));
            }
        }
        self.next_row += 1;
        self
    }

    pub fn blank_row(mut self) -> SheetBuilder {
        self.next_row += 1;
        self
    }

    /// A cell anywhere, replacing what was there.
    pub fn cell(mut self, row: u32, col: u32, value: Value) -> SheetBuilder {
        self.cells.retain(|c| (c.row, c.col) != (row, col));
        self.cells.push(Cell::new(row, col, value));
        self
    }

    pub fn number(self, row: u32, col: u32, n: f64) -> SheetBuilder {
        self.cell(row, col, Value::Number(n))
    }

    /// A number cell shown with `decimals` places, as a percentage if `percent`.
    pub fn formatted(
        self,
        row: u32,
        col: u32,
        n: f64,
        decimals: u8,
        percent: bool,
    ) -> SheetBuilder {
        let mut sheet = self.number(row, col, n);
        if let Some(cell) = sheet
            .cells
            .iter_mut()
            .find(|c| (c.row, c.col) == (row, col))
        {
            cell.shown = Some(Shown { decimals, percent });
        }
        sheet
    }

    /// A formula cell with its cached value (`Value::Empty` for none).
    pub fn formula(mut self, row: u32, col: u32, cached: Value) -> SheetBuilder {
        self = self.cell(row, col, cached);
        if let Some(cell) = self.cells.iter_mut().find(|c| (c.row, c.col) == (row, col)) {
            cell.formula = true;
        }
        self
    }

    /// A solid fill on a (possibly empty) cell.
    pub fn fill(mut self, row: u32, col: u32, rgb: &str) -> SheetBuilder {
        match self.cells.iter_mut().find(|c| (c.row, c.col) == (row, col)) {
            Some(cell) => cell.fill = Some(rgb.into()),
            None => {
                let mut cell = Cell::new(row, col, Value::Empty);
                cell.fill = Some(rgb.into());
                self.cells.push(cell);
            }
        }
        self
    }

    /// Merge rows and columns, inclusive and 0-based.
    pub fn merge(
        mut self,
        first_row: u32,
        first_col: u32,
        last_row: u32,
        last_col: u32,
    ) -> SheetBuilder {
        self.merges.push(Merge {
            first_row,
            first_col,
            last_row,
            last_col,
        });
        self
    }

    pub fn build(self) -> Sheet {
        Sheet::new(&self.name, self.cells, self.merges)
    }
}

/// A workbook of the given sheets.
pub fn workbook(sheets: Vec<SheetBuilder>) -> Workbook {
    Workbook {
        sheets: sheets.into_iter().map(SheetBuilder::build).collect(),
        ..Workbook::default()
    }
}
