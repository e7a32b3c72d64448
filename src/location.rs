//! Where a finding is: one cell reference type, absolute and 0-based inside,
//! shown as `Actions!C12` outside.

use std::fmt;
use std::sync::Arc;

/// How a file's path is shown: with forward slashes, so outputs match on
/// every OS.
pub fn display_path(path: &std::path::Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
}

/// An absolute cell: sheet name, 0-based row and column.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellRef {
    pub sheet: Arc<str>,
    pub row: u32,
    pub col: u32,
}

impl CellRef {
    pub fn new(sheet: &Arc<str>, row: u32, col: u32) -> CellRef {
        CellRef {
            sheet: Arc::clone(sheet),
            row,
            col,
        }
    }

    /// The A1 address without the sheet, e.g. `C12`.
    pub fn a1(&self) -> String {
        format!("{}{}", column_letters(self.col), self.row + 1)
    }
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}!{}", quote_sheet(&self.sheet), self.a1())
    }
}

/// Where a finding points.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Location {
    /// The whole workbook (e.g. "no action plan found").
    Workbook,
    /// A whole sheet.
    Sheet(Arc<str>),
    /// One cell.
    Cell(CellRef),
    /// A rectangle of cells, `start` top-left, `end` bottom-right.
    Range { start: CellRef, end: CellRef },
}

impl Location {
    /// The cell a reporter anchors on: the cell, or a range's top-left.
    pub fn anchor(&self) -> Option<&CellRef> {
        match self {
            Location::Cell(cell) | Location::Range { start: cell, .. } => Some(cell),
            Location::Workbook | Location::Sheet(_) => None,
        }
    }

    pub fn sheet(&self) -> Option<&str> {
        match self {
            Location::Workbook => None,
            Location::Sheet(sheet) => Some(sheet),
            Location::Cell(cell) | Location::Range { start: cell, .. } => Some(&cell.sheet),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Workbook => f.write_str("workbook"),
            Location::Sheet(sheet) => f.write_str(&quote_sheet(sheet)),
            Location::Cell(cell) => cell.fmt(f),
            Location::Range { start, end } => write!(f, "{start}:{}", end.a1()),
        }
    }
}

/// Excel column letters for a 0-based column: 0 → A, 26 → AA.
pub fn column_letters(col: u32) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// A sheet name as Excel writes it in a reference: quoted when it holds
/// anything but letters, digits and underscores.
fn quote_sheet(name: &str) -> String {
    if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        name.to_owned()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(16_383), "XFD");
    }

    #[test]
    fn display_quotes_sheet_names_with_spaces() {
        let plain: Arc<str> = Arc::from("Actions");
        let spaced: Arc<str> = Arc::from("Action Plan");
        assert_eq!(CellRef::new(&plain, 11, 2).to_string(), "Actions!C12");
        assert_eq!(CellRef::new(&spaced, 0, 0).to_string(), "'Action Plan'!A1");
        let range = Location::Range {
            start: CellRef::new(&plain, 0, 0),
            end: CellRef::new(&plain, 2, 3),
        };
        assert_eq!(range.to_string(), "Actions!A1:D3");
    }
}
