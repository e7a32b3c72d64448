//! Data tables: the WRES blocks of a data workbook (WRES.md §2), found by
//! their header and row-label text on any sheet, at any position, several per
//! sheet. Every figure keeps its cell; numbers stored as text are read, and
//! each figure knows the precision it shows.
//!
//! Two shapes cover the standard's blocks:
//! - a [`GroupTable`]: lines (bands, counts, likelihoods, board rows) by
//!   group (White, BME, Unknown, Total), with share and difference columns
//!   and the relative-likelihood line under it (indicators 1-4 and 9). A
//!   table written the other way round, groups as rows, is read into the
//!   same shape;
//! - a [`SurveyTable`]: percentages by survey year and group (indicators 5-8).

mod figure;
mod header;
pub mod summary;
mod table;

pub use figure::{
    fmt_decimal, judge, numbers_in_text, parse_number_text, read, round_half_up, truncate, Figure,
    Reading, Source, TextNumber, Verdict,
};
pub use header::{year_in, ColumnKind, HeaderColumn};
pub use summary::{SummaryFigure, SummaryTable};

use std::sync::Arc;

use crate::knowledge::{Group, Knowledge};
use crate::location::CellRef;
use crate::workbook::{Visibility, Workbook};

/// One WRES block of a data workbook.
#[derive(Clone, Debug, PartialEq)]
pub enum DataTable {
    Groups(GroupTable),
    Survey(SurveyTable),
}

impl DataTable {
    pub fn sheet(&self) -> &Arc<str> {
        match self {
            DataTable::Groups(t) => &t.sheet,
            DataTable::Survey(t) => &t.sheet,
        }
    }

    /// Formula cells in the table whose result was never saved.
    pub fn uncalculated(&self) -> &[CellRef] {
        match self {
            DataTable::Groups(t) => &t.uncalculated,
            DataTable::Survey(t) => &t.uncalculated,
        }
    }
}

/// What a group table reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKind {
    /// Head counts by pay band with a total (indicator 1).
    Bands,
    /// Counts, likelihoods and a relative likelihood (indicators 2-4).
    Likelihood,
    /// Board rows against the workforce (indicator 9).
    Board,
    /// Anything else by group (e.g. the overall workforce).
    Other,
}

/// What one line of a group table holds, from its label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Band,
    Total,
    Workforce,
    /// The counts on top of a likelihood ("Appointed from shortlisting"), for
    /// the indicator whose words name it.
    Numerator(u8),
    /// The counts under a likelihood ("Shortlisted applicants").
    Denominator(u8),
    /// Numerator ÷ denominator per group.
    Likelihood,
    BoardVoting,
    Executive,
    NonExecutive,
    Other,
}

impl Role {
    /// A head count that other figures divide by.
    pub fn is_population(self) -> bool {
        matches!(
            self,
            Role::Total | Role::Workforce | Role::Denominator(_) | Role::BoardVoting
        )
    }

    /// A line of head counts (not likelihoods).
    pub fn is_counts(self) -> bool {
        !matches!(self, Role::Likelihood)
    }

    pub fn is_board(self) -> bool {
        matches!(
            self,
            Role::BoardVoting | Role::Executive | Role::NonExecutive
        )
    }
}

/// One line of a group table: a row, or a column of a table written with
/// groups as rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub label: String,
    pub label_cell: Option<CellRef>,
    pub role: Role,
    /// Figures by [`Group::index`].
    pub values: [Option<Figure>; 4],
    /// Share columns ("% BME"): the stated shares, in group order. Boxed
    /// and sparse (most tables state one share), since a long table keeps
    /// a `Line` per row for the whole lint.
    pub shares: Box<[(Group, Figure)]>,
    /// A difference column (indicator 9, percentage points); rare, so boxed.
    pub difference: Option<Box<Figure>>,
}

impl Line {
    pub fn value(&self, group: Group) -> Option<&Figure> {
        self.values[group.index()].as_ref()
    }

    /// The stated shares, with their groups.
    pub fn shares(&self) -> impl Iterator<Item = (Group, &Figure)> {
        Group::ALL
            .into_iter()
            .filter_map(|g| self.share(g).map(|f| (g, f)))
    }

    /// A group's stated share.
    pub fn share(&self, group: Group) -> Option<&Figure> {
        self.shares
            .iter()
            .find(|(g, _)| *g == group)
            .map(|(_, f)| f)
    }

    /// A group's count, when it is a whole non-negative number.
    pub fn count(&self, group: Group) -> Option<f64> {
        self.value(group).and_then(Figure::count)
    }

    /// The line's label for messages: "Band 6", or the cell when unlabelled.
    pub fn name(&self) -> String {
        if self.label.trim().is_empty() {
            "Unlabelled row".to_owned()
        } else {
            short(&self.label)
        }
    }

    /// The total of the line: the stated Total, or the sum of the groups
    /// when every group is there.
    pub fn total(&self) -> Option<f64> {
        self.count(Group::Total).or_else(|| {
            Some(
                self.count(Group::Reference)?
                    + self.count(Group::Focus)?
                    + self.count(Group::Unknown)?,
            )
        })
    }
}

/// The first line of a label, at most 40 characters (cut at a word).
fn short(text: &str) -> String {
    cut_at_word(text.lines().next().unwrap_or_default().trim(), 40)
}

/// A line of at most `max` characters, cut at a word with an ellipsis.
pub(crate) fn cut_at_word(line: &str, max: usize) -> String {
    if line.chars().count() <= max {
        return line.to_owned();
    }
    let cut: String = line.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

/// A table of figures by ethnic group.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupTable {
    pub sheet: Arc<str>,
    pub indicator: Option<u8>,
    pub kind: TableKind,
    /// The text just above the header ("Clinical staff"), if any.
    pub title: Option<String>,
    /// The header cells of the group columns (or group rows), left to right.
    pub header: Vec<HeaderColumn>,
    /// Groups are rows and lines are columns.
    pub transposed: bool,
    pub lines: Vec<Line>,
    /// The relative likelihood stated on a line under (or in) the table.
    pub relative_likelihood: Option<StatedRatio>,
    pub uncalculated: Vec<CellRef>,
}

/// A relative likelihood as stated, with its label.
#[derive(Clone, Debug, PartialEq)]
pub struct StatedRatio {
    pub label: String,
    pub label_cell: CellRef,
    pub figure: Figure,
}

impl GroupTable {
    /// The first cell of the table's header, for table-level findings.
    pub fn anchor(&self) -> Option<&CellRef> {
        self.header.first().map(|c| &c.cell)
    }

    pub fn lines_with(&self, role: Role) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(move |l| l.role == role)
    }

    /// The workforce line, if the table has one.
    pub fn workforce(&self) -> Option<&Line> {
        self.lines_with(Role::Workforce).next()
    }

    /// The numerator and denominator lines of a likelihood table.
    pub fn likelihood_parts(&self) -> Option<(&Line, &Line)> {
        let numerator = self
            .lines
            .iter()
            .find(|l| matches!(l.role, Role::Numerator(_)))?;
        let denominator = self
            .lines
            .iter()
            .find(|l| matches!(l.role, Role::Denominator(_)))
            .or_else(|| self.workforce())?;
        Some((numerator, denominator))
    }
}

/// Staff survey results by year and group.
#[derive(Clone, Debug, PartialEq)]
pub struct SurveyTable {
    pub sheet: Arc<str>,
    pub title: Option<String>,
    /// The years in reading order (left to right, or top to bottom), one
    /// mark per run of the same year, with the cell that states it.
    pub years: Vec<(u16, CellRef)>,
    pub rows: Vec<SurveyRow>,
    pub uncalculated: Vec<CellRef>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SurveyRow {
    pub indicator: Option<u8>,
    pub label: String,
    pub label_cell: Option<CellRef>,
    pub values: Vec<SurveyValue>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SurveyValue {
    pub year: Option<u16>,
    pub group: Group,
    /// A count of responses, not a percentage.
    pub responses: bool,
    pub figure: Figure,
}

impl crate::model::Model {
    /// Every table of figures by group (indicators 1-4 and 9).
    pub fn group_tables(&self) -> impl Iterator<Item = &GroupTable> {
        self.data_tables.iter().filter_map(|t| match t {
            DataTable::Groups(table) => Some(table),
            DataTable::Survey(_) => None,
        })
    }

    /// Every staff survey table (indicators 5-8).
    pub fn survey_tables(&self) -> impl Iterator<Item = &SurveyTable> {
        self.data_tables.iter().filter_map(|t| match t {
            DataTable::Survey(table) => Some(table),
            DataTable::Groups(_) => None,
        })
    }
}

/// Find every data table of a workbook.
pub fn find_tables(workbook: &Workbook, knowledge: &Knowledge) -> Vec<DataTable> {
    let mut tables = Vec::new();
    for sheet in &workbook.sheets {
        if sheet.visibility == Visibility::VeryHidden {
            continue;
        }
        tables.extend(table::read_sheet(sheet, knowledge));
    }
    tables
}

#[cfg(test)]
mod tests;
