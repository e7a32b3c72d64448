//! What a report shows of the evidence: per indicator this year's figure,
//! last year's, the range that counts as not adverse, the direction of
//! change and the actions linked; and which files were paired and why.

use std::path::PathBuf;

use serde::Serialize;

/// The evidence view of one linted file, for reports.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    /// The files paired with this one, and why; empty when none.
    pub pairing: Vec<Paired>,
    /// One row per indicator of the standard (1-9 for WRES), in order.
    pub indicators: Vec<IndicatorRow>,
}

/// A file paired with the linted one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Paired {
    pub role: PairRole,
    /// The path as the user gave it or as found in a directory walk; the
    /// linted file itself when one workbook holds both plan and data.
    pub path: PathBuf,
    /// Why they were paired: "same workbook", "--data", "pairs: in
    /// .wreslint.yaml", "same folder and year (2023)".
    pub reason: String,
}

/// What a paired file is to the linted one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PairRole {
    /// This year's data for this plan.
    Data,
    /// The plan that this year's data belong to.
    Plan,
    /// Last year's data.
    PreviousData,
    /// Last year's plan.
    PreviousPlan,
}

impl PairRole {
    pub fn as_str(self) -> &'static str {
        match self {
            PairRole::Data => "data",
            PairRole::Plan => "plan",
            PairRole::PreviousData => "previous data",
            PairRole::PreviousPlan => "previous plan",
        }
    }
}

/// One indicator's line in the report's indicator table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndicatorRow {
    pub indicator: u8,
    /// The short name ("Shortlisting to appointment").
    pub name: String,
    /// This year's figure, when the data give one.
    pub current: Option<ShownFigure>,
    /// Last year's figure, when known.
    pub previous: Option<ShownFigure>,
    /// The range that counts as not adverse, in words ("0.80 to 1.25";
    /// "BME at most 3.0 points worse than White").
    pub fair: String,
    /// Whether this year's figure is adverse; `None` without a figure.
    pub adverse: Option<bool>,
    /// How the figure moved since last year; `None` without both.
    pub change: Option<Change>,
    /// Actions of the plan linked to the indicator (directly or by "All").
    pub actions: usize,
}

/// A figure as printed, with where it stands.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ShownFigure {
    /// As a reader would write it: "1.52", "BME 27.0%, White 24.1%", "-8.3 points".
    pub text: String,
    /// The number judged: the ratio, the gap in points, the share.
    pub value: f64,
    /// The year the figure is for, when the workbook says.
    pub year: Option<u16>,
    /// The workbook, as the user named it; `None` for the linted file.
    pub file: Option<PathBuf>,
    /// The cell, as `'Sheet'!C7`.
    pub cell: String,
}

/// Which way an indicator moved, judged against parity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    Better,
    Worse,
    Same,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Better => "better",
            Change::Worse => "worse",
            Change::Same => "same",
        }
    }
}
