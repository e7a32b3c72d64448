//! What an evidence rule sees: the facts of the linted workbook and of the
//! workbooks paired with it. Nothing else: no files, no clock.

use std::path::Path;

use crate::diagnostic::Related;
use crate::knowledge::{Better, Knowledge};
use crate::location::{CellRef, Location};

use super::facts::{Facts, Headline};
use super::thresholds::Thresholds;

/// A paired workbook's facts and where they came from.
#[derive(Clone, Copy, Debug)]
pub struct Side<'a> {
    pub facts: &'a Facts,
    /// The paired file, or `None` when it is the linted workbook itself.
    pub file: Option<&'a Path>,
}

impl Side<'_> {
    /// A related location in this side's workbook.
    pub fn related(&self, cell: &CellRef, message: impl Into<String>) -> Related {
        Related {
            file: self.file.map(Path::to_path_buf),
            location: Location::Cell(cell.clone()),
            message: message.into(),
        }
    }
}

pub struct Context<'a> {
    /// The linted workbook.
    pub this: &'a Facts,
    /// This year's data for it (itself when one workbook holds both).
    pub data: Option<Side<'a>>,
    /// Last year's data.
    pub previous_data: Option<Side<'a>>,
    /// Last year's plan.
    pub previous_plan: Option<Side<'a>>,
    pub knowledge: &'a Knowledge,
    pub thresholds: &'a Thresholds,
    /// Pairing was asked for (`--pair`, `pairs:`) and no data were found.
    pub unpaired: bool,
}

impl<'a> Context<'a> {
    /// Whether a higher figure is better for an indicator (WRES 7).
    pub fn higher_is_better(&self, indicator: u8) -> bool {
        self.better(indicator) == Some(Better::Higher)
    }

    pub fn better(&self, indicator: u8) -> Option<Better> {
        self.knowledge
            .indicator(indicator)
            .and_then(|i| i.measure.as_ref())
            .map(|m| m.better)
    }

    /// Whether an indicator's headline is adverse.
    pub fn is_adverse(&self, indicator: u8, headline: &Headline<'_>) -> Option<bool> {
        self.thresholds
            .is_adverse(headline, self.higher_is_better(indicator))
    }

    /// Last year's headline of an indicator: from last year's data
    /// workbook, else from this year's data when it also gives the year
    /// before (a trend table, or "down from 24.7% in 2021" in a plan's prose).
    pub fn previous_figures(
        &self,
        indicator: u8,
        now: &Headline<'a>,
    ) -> Option<(Side<'a>, Headline<'a>)> {
        if let Some(previous) = self.previous_data {
            return previous.facts.headline(indicator).map(|h| (previous, h));
        }
        let data = self.data?;
        let year = now.year().or(data.facts.year)?.checked_sub(1)?;
        data.facts
            .headline_in(indicator, Some(year))
            .map(|h| (data, h))
    }

    /// Where plan-level findings go: the plan's first table's sheet.
    pub fn plan_location(&self) -> Location {
        self.this
            .plan_sheet
            .clone()
            .map_or(Location::Workbook, Location::Sheet)
    }
}
