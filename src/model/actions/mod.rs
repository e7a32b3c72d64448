//! The actions of a plan and the tables that hold them; reading a table's
//! rows, with the layouts real plans use (an indicator label merged or left
//! blank down its actions, continuation rows split off by a page break,
//! repeated headers, section label rows, indicator matrices), is in
//! [`read`].

use crate::knowledge::Concept;
use crate::location::CellRef;

use super::field::Field;
use super::header::Header;
use super::links::Links;

mod read;

pub use read::read_table;

/// One action of a plan (a row, plus its continuation rows).
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    pub first_row: u32,
    pub last_row: u32,
    pub item: Option<Field>,
    /// The link cell, when the plan has an indicator column.
    pub indicator: Option<Field>,
    pub text: Field,
    /// Further action-like columns ("Key actions" beside "Activity/Work Piece").
    pub details: Vec<Field>,
    pub owner: Option<Field>,
    pub kpi: Option<Field>,
    /// The KPI column also holds the timeline ("KPIs and Timelines").
    pub kpi_has_timeline: bool,
    pub deadline: Option<Field>,
    pub baseline: Option<Field>,
    pub targets: Vec<Field>,
    pub status: Option<Field>,
    /// Matrix cells that mark an indicator.
    pub matrix_marks: Vec<(u8, CellRef)>,
    pub links: Links,
}

/// Words of a status or timescale cell that say the work is done.
const DONE_WORDS: [&str; 6] = [
    "complete",
    "completed",
    "achieved",
    "done",
    "closed",
    "blue",
];

/// Whether a status or timescale cell says the work is done ("Completed",
/// "Achieved", "Blue"), and not only in part ("Not completed", "Partially
/// achieved").
pub fn says_done(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| DONE_WORDS.contains(&w))
        && !lower.contains("not ")
        && !lower.contains("partially")
}

impl Action {
    /// Whether its status, or its timescale in place of a date, says it is
    /// done: a finished action needs no deadline.
    pub fn is_done(&self) -> bool {
        self.status
            .iter()
            .chain(&self.deadline)
            .any(|f| says_done(&f.text))
    }

    /// An action of only its text (a block layout fills the rest).
    pub fn with_text(text: Field) -> Action {
        let row = text.cell().row;
        Action {
            first_row: row,
            last_row: row,
            item: None,
            indicator: None,
            text,
            details: Vec::new(),
            owner: None,
            kpi: None,
            kpi_has_timeline: false,
            deadline: None,
            baseline: None,
            targets: Vec::new(),
            status: None,
            matrix_marks: Vec::new(),
            links: Links::default(),
        }
    }

    /// Every field of the action with its concept, for rules that scan them all.
    pub fn fields(&self) -> impl Iterator<Item = (Concept, &Field)> {
        let kpi_concept = if self.kpi_has_timeline {
            Concept::KpiTimeline
        } else {
            Concept::Kpi
        };
        [
            (Concept::Item, self.item.as_ref()),
            (Concept::Indicator, self.indicator.as_ref()),
            (Concept::Action, Some(&self.text)),
            (Concept::Owner, self.owner.as_ref()),
            (kpi_concept, self.kpi.as_ref()),
            (Concept::Deadline, self.deadline.as_ref()),
            (Concept::Baseline, self.baseline.as_ref()),
            (Concept::Status, self.status.as_ref()),
        ]
        .into_iter()
        .filter_map(|(concept, field)| field.map(|f| (concept, f)))
        .chain(self.details.iter().map(|f| (Concept::Action, f)))
        .chain(self.targets.iter().map(|f| (Concept::Target, f)))
    }
}

/// An action plan table: its header and actions.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionTable {
    pub sheet: std::sync::Arc<str>,
    pub header: Header,
    pub actions: Vec<Action>,
    /// The table's own plan period, when its sheet states one different from
    /// the workbook's (a progress sheet for a later year). Rules judge the
    /// table's actions against it first; see [`super::Model::period_of`].
    pub period: Option<super::Inferred<crate::timeline::PlanPeriod>>,
    /// Rows (or the sheet's name or title) that name the indicator of the
    /// actions below them: "Metric 3: Disciplinary" spanning the table.
    pub banners: Vec<Banner>,
    /// Concepts written inside the action cells under a label, for want of a
    /// column ("LEAD: Strategic OD HR" on the last line of an action).
    pub in_cell: Vec<Concept>,
}

/// A banner: where it was read, and its text.
#[derive(Clone, Debug, PartialEq)]
pub struct Banner {
    /// The cell, or `None` for a sheet's name.
    pub cell: Option<CellRef>,
    pub text: String,
}

impl ActionTable {
    pub fn has(&self, concept: Concept) -> bool {
        self.header.column(concept).is_some()
            || (concept == Concept::Kpi && self.header.column(Concept::KpiTimeline).is_some())
            || (concept == Concept::Indicator
                && (!self.header.matrix.is_empty() || !self.banners.is_empty()))
            || self.in_cell.contains(&concept)
    }
}

#[cfg(test)]
mod done_tests {
    use super::says_done;

    #[test]
    fn done_means_done_and_not_in_part() {
        for text in [
            "Completed",
            "complete",
            "Achieved - March 2019",
            "BLUE",
            "Done",
        ] {
            assert!(says_done(text), "{text}");
        }
        for text in [
            "Not completed",
            "Partially achieved",
            "Ongoing",
            "In progress",
            "",
        ] {
            assert!(!says_done(text), "{text}");
        }
    }
}
