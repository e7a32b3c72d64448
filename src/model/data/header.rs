//! Recognising the header of a data table: which columns hold which group,
//! share, difference or survey year.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::knowledge::{normalise, Group, Knowledge};
use crate::location::CellRef;
use crate::workbook::{Cell, Sheet};

/// Most header texts a [`Classifier`] remembers.
const MAX_REMEMBERED_HEADERS: usize = 4096;

/// Header cells longer than this are prose, not headers.
const MAX_HEADER_CHARS: usize = 60;

/// What a column (or, in a table with groups as rows, a row) holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// The group's figures (counts, likelihoods or survey percentages).
    Group(Group),
    /// The group's share of the line's total ("% BME").
    Share(Group),
    /// A difference in percentage points (indicator 9).
    Difference,
    /// Survey response counts of the group.
    Responses(Group),
}

#[derive(Clone, Debug, PartialEq)]
pub struct HeaderColumn {
    pub col: u32,
    pub cell: CellRef,
    pub text: String,
    pub kind: ColumnKind,
    /// A survey year named in the header ("2023 BME") or above it.
    pub year: Option<u16>,
}

/// The first year (1990-2100) written as four digits standing alone in
/// `text`, as in "2023 BME" or "2022/23".
pub fn year_in(text: &str) -> Option<u16> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let before_ok =
                start == 0 || !bytes[start - 1].is_ascii_alphanumeric() && bytes[start - 1] != b'.';
            let after_ok =
                i == bytes.len() || !bytes[i].is_ascii_alphanumeric() && bytes[i] != b'.';
            if i - start == 4 && before_ok && after_ok {
                if let Ok(year) = text[start..i].parse::<u16>() {
                    if (1990..=2100).contains(&year) {
                        return Some(year);
                    }
                }
            }
        } else {
            i += 1;
        }
    }
    None
}

/// What a header names: the column's kind and the survey year it names.
pub type HeaderKind = (ColumnKind, Option<u16>);

/// What one header text names, if it is a data header.
pub fn classify(text: &str, knowledge: &Knowledge) -> Option<HeaderKind> {
    let data = &knowledge.data;
    if text.chars().count() > MAX_HEADER_CHARS || text.trim().is_empty() {
        return None;
    }
    let normalised = normalise(text);
    let year = year_in(text);
    if data.is_difference(&normalised) {
        return Some((ColumnKind::Difference, year));
    }
    if let Some(group) = data.group_within_normalised(&normalised) {
        if data.is_responses(&normalised) {
            return Some((ColumnKind::Responses(group), year));
        }
        if year.is_some() {
            return Some((ColumnKind::Group(group), year));
        }
        if data.is_share(text, &normalised) {
            return Some((ColumnKind::Share(group), None));
        }
    } else {
        return None;
    }
    data.group_normalised(&normalised)
        .map(|g| (ColumnKind::Group(g), year))
}

/// What a header text names: [`classify`], remembered per text, since the
/// same headers ("White", "BME", "% BME") head table after table.
pub struct Classifier<'k> {
    knowledge: &'k Knowledge,
    cache: RefCell<HashMap<String, Option<HeaderKind>>>,
}

impl<'k> Classifier<'k> {
    pub fn new(knowledge: &'k Knowledge) -> Classifier<'k> {
        Classifier {
            knowledge,
            cache: RefCell::new(HashMap::new()),
        }
    }

    pub fn classify(&self, text: &str) -> Option<HeaderKind> {
        if let Some(known) = self.cache.borrow().get(text) {
            return *known;
        }
        let kind = classify(text, self.knowledge);
        let mut cache = self.cache.borrow_mut();
        // Every row of a table is checked for a repeated header, so a table
        // of unique labels would otherwise keep a copy of each.
        if cache.len() < MAX_REMEMBERED_HEADERS {
            cache.insert(text.to_owned(), kind);
        }
        kind
    }
}

/// The group columns of a row (its `cells`), when it is a data header: it
/// names a White and a BME column. Years for repeated groups are read from
/// the row above (a year merged over its groups).
pub fn read_header(
    sheet: &Sheet,
    row: u32,
    cells: &[Cell],
    classifier: &Classifier<'_>,
) -> Option<Vec<HeaderColumn>> {
    let mut columns: Vec<HeaderColumn> = Vec::new();
    for cell in cells {
        let Some(text) = cell.value.as_text() else {
            continue;
        };
        if let Some((kind, year)) = classifier.classify(text) {
            columns.push(HeaderColumn {
                col: cell.col,
                cell: sheet.cell_ref(row, cell.col),
                text: text.trim().to_owned(),
                kind,
                year,
            });
        }
    }
    let has = |group| columns.iter().any(|c| c.kind == ColumnKind::Group(group));
    if !(has(Group::Reference) && has(Group::Focus)) {
        return None;
    }
    let repeated = columns.iter().enumerate().any(|(i, c)| {
        columns[..i]
            .iter()
            .any(|d| d.kind == c.kind && d.year == c.year)
    });
    if repeated && row > 0 {
        years_from_above(sheet, row - 1, &mut columns);
    }
    // Keep the first of any column that still repeats a group and year.
    let mut kept: Vec<HeaderColumn> = Vec::with_capacity(columns.len());
    for column in columns {
        if !kept
            .iter()
            .any(|k| k.kind == column.kind && k.year == column.year)
        {
            kept.push(column);
        }
    }
    Some(kept)
}

/// Give each column the year written above it: in the cell above, in a
/// merged region over it, or in the nearest year cell to its left.
fn years_from_above(sheet: &Sheet, above: u32, columns: &mut [HeaderColumn]) {
    let marks: Vec<(u32, u16)> = sheet
        .row(above)
        .iter()
        .filter_map(|c| year_in(&c.text()).map(|y| (c.col, y)))
        .collect();
    if marks.is_empty() {
        return;
    }
    for column in columns.iter_mut().filter(|c| c.year.is_none()) {
        let merged = sheet
            .merge_at(above, column.col)
            .and_then(|m| sheet.cell(m.first_row, m.first_col))
            .and_then(|c| year_in(&c.text()));
        column.year = merged.or_else(|| {
            marks
                .iter()
                .rev()
                .find(|(col, _)| *col <= column.col)
                .map(|(_, y)| *y)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_texts() {
        let k = Knowledge::wres();
        let cases: [(&str, Option<HeaderKind>); 10] = [
            ("White", Some((ColumnKind::Group(Group::Reference), None))),
            ("BAME", Some((ColumnKind::Group(Group::Focus), None))),
            ("% BME", Some((ColumnKind::Share(Group::Focus), None))),
            ("BME %", Some((ColumnKind::Share(Group::Focus), None))),
            (
                "Not stated",
                Some((ColumnKind::Group(Group::Unknown), None)),
            ),
            (
                "2022 White",
                Some((ColumnKind::Group(Group::Reference), Some(2022))),
            ),
            (
                "BME 2023 responses",
                Some((ColumnKind::Responses(Group::Focus), Some(2023))),
            ),
            (
                "Difference (percentage points)",
                Some((ColumnKind::Difference, None)),
            ),
            ("Band", None),
            ("Survey question", None),
        ];
        for (text, expected) in cases {
            assert_eq!(classify(text, k), expected, "{text}");
        }
    }

    #[test]
    fn years() {
        assert_eq!(year_in("2022 White"), Some(2022));
        assert_eq!(year_in("2022/23"), Some(2022));
        assert_eq!(year_in("Band 8a"), None);
        assert_eq!(year_in("12024"), None);
        assert_eq!(year_in("1.2024"), None);
    }
}
