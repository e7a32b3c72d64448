//! Finding an action plan's header: the row (or two rows, under merged group
//! labels) whose cells name the plan's columns.

use std::collections::BTreeMap;

use crate::knowledge::{normalise, Concept, Knowledge};
use crate::location::CellRef;
use crate::workbook::{Cell, Sheet};

/// Header cells longer than this are prose, not headers.
const MAX_HEADER_CHARS: usize = 80;

/// A recognised column.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub concept: Concept,
    pub col: u32,
    pub header: CellRef,
    pub header_text: String,
}

/// One column of an indicator matrix.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixColumn {
    pub indicator: u8,
    pub col: u32,
    pub header: CellRef,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Header {
    pub first_row: u32,
    pub last_row: u32,
    /// Recognised columns, left to right; a concept may appear more than once.
    pub columns: Vec<Column>,
    pub matrix: Vec<MatrixColumn>,
}

impl Header {
    /// The leftmost column of a concept.
    pub fn column(&self, concept: Concept) -> Option<&Column> {
        self.columns.iter().find(|c| c.concept == concept)
    }
}

/// A row under a header whose every cell is itself a short header (a concept
/// or an indicator number): sub-headers under merged group labels.
fn is_sub_header_row(sheet: &Sheet, row: u32, knowledge: &Knowledge) -> bool {
    // Empty (often only coloured) cells under a merged label do not count.
    let texts: Vec<String> = sheet
        .row(row)
        .iter()
        .map(|cell| cell.text())
        .filter(|text| !text.trim().is_empty())
        .collect();
    !texts.is_empty()
        && texts.iter().all(|text| {
            text.chars().count() <= MAX_HEADER_CHARS
                && (knowledge.header_concept(text).is_some()
                    || matrix_number(text, knowledge).is_some())
        })
}

/// The concepts named by a row's cells, by column.
fn row_concepts(cells: &[Cell], knowledge: &Knowledge) -> BTreeMap<u32, Concept> {
    let mut concepts = BTreeMap::new();
    for cell in cells {
        if let Some(text) = cell.value.as_text() {
            if text.chars().count() <= MAX_HEADER_CHARS {
                if let Some(concept) = knowledge.header_concept(text) {
                    concepts.insert(cell.col, concept);
                }
            }
        }
    }
    concepts
}

/// Whether a row's concepts make it a plan header: an action column and at
/// least one other concept.
pub fn is_header_row(concepts: &BTreeMap<u32, Concept>) -> bool {
    let has_action = concepts.values().any(|c| *c == Concept::Action);
    let distinct: std::collections::BTreeSet<_> = concepts.values().collect();
    has_action && distinct.len() >= 2
}

/// Header rows of every action table on a sheet, top to bottom.
pub fn find_header_rows(sheet: &Sheet, knowledge: &Knowledge) -> Vec<u32> {
    sheet
        .rows()
        // A header names an action column and another: two text cells at least.
        .filter(|(_, cells)| {
            cells
                .iter()
                .filter(|c| c.value.as_text().is_some())
                .nth(1)
                .is_some()
        })
        .filter(|(_, cells)| is_header_row(&row_concepts(cells, knowledge)))
        .map(|(row, _)| row)
        .collect()
}

/// The header that starts at `row`: that row, plus the row below when it holds
/// sub-headers under merged group labels.
pub fn read_header(sheet: &Sheet, row: u32, knowledge: &Knowledge) -> Header {
    let two_level = is_sub_header_row(sheet, row + 1, knowledge);
    let last_row = if two_level { row + 1 } else { row };

    let mut columns: BTreeMap<u32, (String, CellRef)> = BTreeMap::new();
    for r in row..=last_row {
        for cell in sheet.row(r) {
            // Lower rows refine group labels above them.
            let text = cell.text();
            if !text.trim().is_empty() {
                columns.insert(cell.col, (text, sheet.cell_ref(r, cell.col)));
            }
        }
    }
    // Group labels merged across several columns apply to each of them.
    let mut group_labels: BTreeMap<u32, String> = BTreeMap::new();
    for merge in sheet
        .merges()
        .iter()
        .filter(|m| (row.saturating_sub(1)..=row).contains(&m.first_row))
    {
        if merge.last_col > merge.first_col {
            if let Some(cell) = sheet.cell(merge.first_row, merge.first_col) {
                for col in merge.first_col..=merge.last_col {
                    group_labels.insert(col, cell.text());
                }
            }
        }
    }
    if row > 0 {
        for cell in sheet.row(row - 1) {
            group_labels.entry(cell.col).or_insert_with(|| cell.text());
        }
    }

    let mut header = Header {
        first_row: row,
        last_row,
        ..Header::default()
    };
    let numbered: Vec<(u32, u8)> = columns
        .iter()
        .filter_map(|(col, (text, _))| matrix_number(text, knowledge).map(|n| (*col, n)))
        .collect();
    let matrix_group = numbered.iter().any(|(col, _)| {
        group_labels.get(col).is_some_and(|label| {
            let label = normalise(label);
            knowledge
                .indicator_words
                .iter()
                .any(|w| label.split(' ').any(|x| x == w))
        })
    });
    let is_matrix = numbered.len() >= 3 || (matrix_group && !numbered.is_empty());
    for (col, (text, at)) in columns {
        if is_matrix {
            if let Some((_, number)) = numbered.iter().find(|(c, _)| *c == col) {
                header.matrix.push(MatrixColumn {
                    indicator: *number,
                    col,
                    header: at,
                });
                continue;
            }
        }
        if text.chars().count() > MAX_HEADER_CHARS {
            continue;
        }
        if let Some(concept) = knowledge.header_concept(&text) {
            header.columns.push(Column {
                concept,
                col,
                header: at,
                header_text: text,
            });
        }
    }
    header
}

/// The indicator a matrix column header names: "3", "Indicator 3", "WRES 3".
fn matrix_number(text: &str, knowledge: &Knowledge) -> Option<u8> {
    let normalised = normalise(text);
    let number = match normalised.rsplit_once(' ') {
        Some((word, number)) if knowledge.indicator_words.iter().any(|w| *w == word) => number,
        Some(_) => return None,
        None => normalised.as_str(),
    };
    let number: u8 = number.parse().ok()?;
    (1..=knowledge.indicator_count)
        .contains(&number)
        .then_some(number)
}
