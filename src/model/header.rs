//! Finding an action plan's header: the row (or two rows, under merged group
//! labels) whose cells name the plan's columns.

use std::collections::BTreeMap;

use crate::knowledge::{layout, normalise, Concept, Knowledge};
use crate::lex::{Lexed, Lexer};
use crate::location::CellRef;
use crate::workbook::{Cell, Sheet, Value};

use super::columns::{self, RoleSource};
use super::declared::SheetLayout;

/// Header cells longer than this are prose, not headers.
const MAX_HEADER_CHARS: usize = 80;

/// A heading names its concept only by a word in it ("WRES action") when it
/// is at most this many words; longer cells are text, not headings.
const MAX_WEAK_HEADING_WORDS: usize = 6;

/// A recognised column.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub concept: Concept,
    pub col: u32,
    pub header: CellRef,
    pub header_text: String,
    /// Why the column has its role: its heading, its content, or both.
    pub source: RoleSource,
}

/// What a heading cell says of its column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Heading {
    /// One of the standard's header synonyms ("Expected date of completion").
    pub synonym: Option<Concept>,
    /// A concept word in a short heading ("WRES action", "Lead officer").
    pub word: Option<Concept>,
    /// A second concept the heading's words name ("Timeframes/Progress"):
    /// the column's cells choose between the two.
    pub or: Option<Concept>,
    /// The heading names another standard ("WDES metric" under WRES): its
    /// column is no column of this standard's plan, whatever it holds.
    pub other_standard: bool,
    /// `synonym` is the role `layout:` declares for this heading.
    pub declared: bool,
}

impl Heading {
    /// What a heading says, from its tokens (see [`Heading::of`]).
    pub fn from_lexed(lexed: &Lexed) -> Heading {
        if lexed.chars as usize > MAX_HEADER_CHARS {
            return Heading::default();
        }
        let synonym = lexed.header_synonym();
        let mut words = Vec::new();
        let mut other_standard = false;
        let short = lexed.raw_words as usize <= 2 * MAX_WEAK_HEADING_WORDS;
        if synonym.is_none() && short && lexed.words() <= MAX_WEAK_HEADING_WORDS {
            other_standard = lexed.names_other_standard();
            if !other_standard {
                words = lexed.heading_concepts();
            }
        }
        Heading {
            synonym,
            word: words.first().copied(),
            or: words.get(1).copied(),
            other_standard,
            declared: false,
        }
    }

    /// What a heading says, reading its text afresh; the model reads
    /// headings through the lexer ([`Heading::lexed_in_sheet`]).
    pub fn of(text: &str, knowledge: &Knowledge) -> Heading {
        if text.chars().count() > MAX_HEADER_CHARS {
            return Heading::default();
        }
        let synonym = knowledge.header_concept(text);
        let mut words = Vec::new();
        let mut other_standard = false;
        // Counted on the raw text first: long cells (action texts) are never
        // normalised here.
        let short = text.split_whitespace().count() <= 2 * MAX_WEAK_HEADING_WORDS;
        if synonym.is_none() && short {
            let normalised = normalise(text);
            if normalised.split(' ').count() <= MAX_WEAK_HEADING_WORDS {
                other_standard = names_other_standard(&normalised, knowledge);
                if !other_standard {
                    words = layout().heading_concepts(&normalised);
                }
            }
        }
        Heading {
            synonym,
            word: words.first().copied(),
            or: words.get(1).copied(),
            other_standard,
            declared: false,
        }
    }

    /// [`Heading::of`], with the roles `layout:` declares for the sheet first.
    pub fn in_sheet(text: &str, knowledge: &Knowledge, declared: Option<&SheetLayout>) -> Heading {
        match declared.and_then(|d| d.role_of(text)) {
            Some(concept) => Heading {
                synonym: Some(concept),
                declared: true,
                ..Heading::default()
            },
            None => Heading::of(text, knowledge),
        }
    }

    /// [`Heading::in_sheet`], from the lexer's tokens.
    pub fn lexed_in_sheet(text: &str, lexer: &Lexer, declared: Option<&SheetLayout>) -> Heading {
        match declared.and_then(|d| d.role_of(text)) {
            Some(concept) => Heading {
                synonym: Some(concept),
                declared: true,
                ..Heading::default()
            },
            None if too_long(text) => Heading::default(),
            None => Heading::from_lexed(&lexer.lex(text)),
        }
    }

    pub fn concept(&self) -> Option<Concept> {
        self.synonym.or(self.word)
    }
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

/// "WDES metric" read under WRES: a heading of the other standard names no
/// column of this one (the plan is probably read with the wrong standard).
fn names_other_standard(normalised: &str, knowledge: &Knowledge) -> bool {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(crate::standard::names);
    names
        .iter()
        .filter(|name| !name.eq_ignore_ascii_case(&knowledge.standard))
        .any(|name| normalised.split(' ').any(|w| w == name))
}

/// A row under a header whose every cell is itself a short header (a concept
/// or an indicator number): sub-headers under merged group labels.
fn is_sub_header_row(
    sheet: &Sheet,
    row: u32,
    lexer: &Lexer,
    declared: Option<&SheetLayout>,
) -> bool {
    // Empty (often only coloured) cells under a merged label do not count.
    let texts: Vec<String> = sheet
        .row(row)
        .iter()
        .map(|cell| cell.text())
        .filter(|text| !text.trim().is_empty())
        .collect();
    // A banner naming an indicator alone on its row ("Indicator 2 –
    // Appointment from shortlisting", merged across the table) starts the
    // indicator's actions; it is no sub-heading.
    let banner =
        texts.len() == 1 && super::links::banner_links(&texts[0], lexer.knowledge()).is_some();
    !texts.is_empty()
        && !banner
        && texts.iter().all(|text| {
            if too_long(text) {
                return false;
            }
            let lexed = lexer.lex(text);
            let heading = Heading::lexed_in_sheet(text, lexer, declared);
            // A word alone names a sub-header only in a short cell that is
            // no date: "Lead: HR, by March 2020" is a plan row.
            let short_heading = heading.word.is_some() && lexed.words() <= 4 && !looks_dated(text);
            lexed.chars as usize <= MAX_HEADER_CHARS
                && (heading.synonym.is_some()
                    || short_heading
                    || lexed.indicator_number().is_some())
        })
}

/// Whether a row is an action plan's header: it names an action column
/// and at least one other concept. By the standard's synonyms alone, as
/// before; or, with headings that name a concept only by a word in them
/// ("WRES action", "Lead officer", "Date for completion"), when at least
/// two thirds of its text cells are headings and none of its cells is a
/// figure or a date (a plan row such as "Develop an action plan | HR lead |
/// March 2024" is not a header).
pub fn is_header(cells: &[Cell], lexer: &Lexer, declared: Option<&SheetLayout>) -> bool {
    let mut synonyms: Vec<Concept> = Vec::new();
    let mut any: Vec<Concept> = Vec::new();
    let mut texts = 0;
    let mut named = 0;
    let mut unnamed: Vec<&str> = Vec::new();
    let mut figures = false;
    for cell in cells {
        match &cell.value {
            Value::Text(text) if !text.trim().is_empty() => {
                texts += 1;
                let heading = Heading::lexed_in_sheet(text, lexer, declared);
                if let Some(c) = heading.synonym {
                    synonyms.push(c);
                }
                if let Some(c) = heading.concept() {
                    any.push(c);
                    named += 1;
                } else if indicator_number(text, lexer).is_some() {
                    named += 1;
                } else {
                    unnamed.push(text);
                }
            }
            Value::Number(_) | Value::Date(_) => figures = true,
            _ => {}
        }
    }
    if texts < 2 {
        return false;
    }
    let names_plan = |concepts: &[Concept]| {
        let distinct: std::collections::BTreeSet<_> = concepts.iter().collect();
        concepts.contains(&Concept::Action) && distinct.len() >= 2
    };
    if names_plan(&synonyms) {
        return true;
    }
    // Dates are looked for last, and only in rows that would otherwise
    // pass: parsing every plan row's short cells cost more than the rest.
    !figures
        && 3 * named >= 2 * texts
        && names_plan(&any)
        && !unnamed.iter().any(|t| looks_dated(t))
}

/// A short text that reads as a date or timeline ("March 2024", "Q3 23/24").
fn looks_dated(text: &str) -> bool {
    text.len() <= 40
        && !crate::timeline::parse(text, &crate::timeline::Context::default()).is_empty()
}

/// The concepts a header row's headings name, left to right: a header
/// repeated after a page break names the same ones.
pub fn heading_concepts(
    sheet: &Sheet,
    row: u32,
    lexer: &Lexer,
    declared: Option<&SheetLayout>,
) -> Vec<Concept> {
    sheet
        .row(row)
        .iter()
        .filter_map(|c| c.value.as_text())
        .filter_map(|t| Heading::lexed_in_sheet(t, lexer, declared).concept())
        .collect()
}

/// Header rows of every action table on a sheet, top to bottom.
pub fn find_header_rows(sheet: &Sheet, lexer: &Lexer, declared: Option<&SheetLayout>) -> Vec<u32> {
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
        .filter(|(_, cells)| is_header(cells, lexer, declared))
        .map(|(row, _)| row)
        .collect()
}

/// The header that starts at `row`: that row, plus the row below when it holds
/// sub-headers under merged group labels.
/// Column roles come from the headings and from what the cells below them,
/// up to `end_row`, hold (see [`columns::assign`]).
pub fn read_header(
    sheet: &Sheet,
    row: u32,
    end_row: Option<u32>,
    lexer: &Lexer,
    declared: Option<&SheetLayout>,
) -> Header {
    let knowledge = lexer.knowledge();
    let two_level = is_sub_header_row(sheet, row + 1, lexer, declared);
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
        .filter_map(|(col, (text, _))| indicator_number(text, lexer).map(|n| (*col, n)))
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
    let mut candidates = Vec::new();
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
        let heading = Heading::lexed_in_sheet(&text, lexer, declared);
        candidates.push(columns::Candidate {
            col,
            header: at,
            text,
            heading,
        });
    }
    // A column with no heading at all between headed ones ("Action |
    // Responsible | (blank) | 1 … 9" over dates): its cells decide.
    let headed: Vec<u32> = candidates
        .iter()
        .map(|c| c.col)
        .chain(header.matrix.iter().map(|m| m.col))
        .collect();
    if let (Some(&first), Some(&last)) = (headed.iter().min(), headed.iter().max()) {
        for col in first..last {
            let merged = sheet.merge_at(last_row, col).is_some();
            if !headed.contains(&col) && !merged {
                candidates.push(columns::Candidate {
                    col,
                    header: sheet.cell_ref(last_row, col),
                    text: String::new(),
                    heading: Heading::default(),
                });
            }
        }
    }
    header.columns = columns::assign(sheet, last_row, end_row, candidates, knowledge);
    header
}

/// More characters than a heading has: prose, which the header readers
/// neither lex nor keep (bytes are compared first: most cells are short).
fn too_long(text: &str) -> bool {
    text.len() > MAX_HEADER_CHARS && text.chars().count() > MAX_HEADER_CHARS
}

/// The indicator a matrix column header names: "3", "Indicator 3", "WRES 3".
/// A long text (prose, never a heading) is not lexed, and only its first
/// words are normalised.
fn indicator_number(text: &str, lexer: &Lexer) -> Option<u8> {
    if too_long(text) {
        lexer.lexicon().indicator_number_of(text)
    } else {
        lexer.lex(text).indicator_number()
    }
}

/// The indicator a matrix column header names: "3", "Indicator 3", "WRES 3".
/// The reader before the lexer, kept to check the lexer agrees with it.
#[cfg(test)]
pub(crate) fn matrix_number(text: &str, knowledge: &Knowledge) -> Option<u8> {
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
