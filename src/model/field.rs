//! A field of an action: the text of one cell, or of several cells when a
//! page break split the action over continuation rows.

use std::ops::Range;

use crate::date::Date;
use crate::location::CellRef;
use crate::workbook::{Cell, Value};

/// One cell's share of a field's text.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    pub cell: CellRef,
    /// Byte offset of this cell's text within [`Field::text`].
    pub offset: usize,
    /// Byte offset in the cell's own text where this part starts: non-zero
    /// when a label before the value was left out ("Lead: " in "Lead: HR").
    pub skip: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The cells' texts joined by a newline.
    pub text: String,
    /// Never empty: an empty field still has the cell it was read from.
    pub parts: Vec<Part>,
    /// Dates of date-typed cells in this field.
    pub dates: Vec<Date>,
    /// The value was carried down from a label above (merged or left blank).
    pub inherited: bool,
}

impl Field {
    /// A field of one cell (`cell` may be `None` for an empty position).
    pub fn from_cell(at: CellRef, cell: Option<&Cell>) -> Field {
        let mut field = Field {
            text: String::new(),
            // Most fields are one cell: a growing vector would reserve four
            // parts, and a plan has ten fields per action.
            parts: Vec::with_capacity(1),
            dates: Vec::new(),
            inherited: false,
        };
        field.push(at, cell);
        field
    }

    /// Append a continuation cell; empty cells add nothing.
    pub fn push(&mut self, at: CellRef, cell: Option<&Cell>) {
        // A text cell's text is borrowed, not copied twice.
        let owned;
        let text = match cell {
            Some(Cell {
                value: Value::Text(text),
                ..
            }) => &**text,
            Some(cell) => {
                owned = cell.text();
                owned.as_str()
            }
            None => "",
        };
        let text = text.trim_end();
        if self.parts.is_empty() {
            self.parts.push(Part {
                cell: at,
                offset: 0,
                skip: 0,
            });
            self.text.push_str(text);
        } else if !text.is_empty() {
            if !self.text.is_empty() {
                self.text.push('\n');
            }
            self.parts.push(Part {
                cell: at,
                offset: self.text.len(),
                skip: 0,
            });
            self.text.push_str(text);
        }
        if let Some(Value::Date(date)) = cell.map(|c| &c.value) {
            self.dates.push(*date);
        }
    }

    /// A field of the part of a cell's text after `skip` bytes (the value
    /// after a label in "Lead: HR Business Partner").
    pub fn after_label(at: CellRef, cell: &Cell, skip: usize) -> Field {
        let text = cell.text();
        let value = text.get(skip..).unwrap_or_default().trim_end();
        Field {
            text: value.to_owned(),
            parts: vec![Part {
                cell: at,
                offset: 0,
                skip,
            }],
            dates: Vec::new(),
            inherited: false,
        }
    }

    /// Append another field's text and cells (list items gathered under one
    /// label), a newline between.
    pub fn append(&mut self, other: &Field) {
        if other.text.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        let base = self.text.len();
        self.text.push_str(&other.text);
        self.parts.extend(other.parts.iter().map(|p| Part {
            cell: p.cell.clone(),
            offset: base + p.offset,
            skip: p.skip,
        }));
        self.dates.extend(other.dates.iter().copied());
    }

    /// The cell the field starts in.
    pub fn cell(&self) -> &CellRef {
        &self.parts[0].cell
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty() && self.dates.is_empty()
    }

    /// The cell holding a byte span of [`Field::text`], and the span within that cell's text.
    pub fn locate(&self, span: Range<usize>) -> (CellRef, Range<usize>) {
        let part = self
            .parts
            .iter()
            .rev()
            .find(|p| p.offset <= span.start)
            .unwrap_or(&self.parts[0]);
        let start = span.start - part.offset + part.skip;
        (part.cell.clone(), start..start + span.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn continuation_parts_map_spans_back_to_their_cells() {
        let sheet: Arc<str> = Arc::from("Plan");
        let first = Cell::new(4, 1, Value::Text("Run workshops".into()));
        let second = Cell::new(5, 1, Value::Text("for managers".into()));
        let mut field = Field::from_cell(CellRef::new(&sheet, 4, 1), Some(&first));
        field.push(CellRef::new(&sheet, 5, 1), None);
        field.push(CellRef::new(&sheet, 5, 1), Some(&second));
        assert_eq!(field.text, "Run workshops\nfor managers");
        let (cell, span) = field.locate(18..26);
        assert_eq!(cell.to_string(), "Plan!B6");
        assert_eq!(&"for managers"[span], "managers");
    }
}
