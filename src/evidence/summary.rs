//! What a report shows of the evidence: per indicator this year's figure,
//! last year's, the range that counts as not adverse, the direction of
//! change and the actions linked; and which files were paired and why.

use std::path::PathBuf;

use serde::Serialize;

/// The evidence view of one linted file, for reports.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    /// The workbook holds an action plan (its own actions are counted).
    pub has_plan: bool,
    /// The workbook holds indicator figures of its own.
    pub has_data: bool,
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

/// The report's view of one linted file and the files paired with it.
pub fn build(cx: &super::Context<'_>, pairing: Vec<Paired>) -> Summary {
    let shown = |side: super::Side<'_>, headline: &super::Headline<'_>| -> ShownFigure {
        let figure = headline.figure();
        let text = headline.display(", ");
        ShownFigure {
            text,
            value: figure.figure.shown,
            year: headline.year().or(side.facts.year),
            file: side.file.map(std::path::Path::to_path_buf),
            cell: figure.figure.cell.to_string(),
        }
    };
    let indicators = (1..=cx.knowledge.indicator_count)
        .map(|indicator| {
            let name = cx
                .knowledge
                .indicator(indicator)
                .map(|i| i.aliases.first().cloned().unwrap_or_else(|| i.name.clone()))
                .unwrap_or_default();
            let now = cx
                .data
                .and_then(|d| d.facts.headline(indicator).map(|h| (d, h)));
            let before = now.and_then(|(_, h)| cx.previous_figures(indicator, &h));
            let higher = cx.higher_is_better(indicator);
            IndicatorRow {
                indicator,
                name,
                current: now.map(|(d, h)| shown(d, &h)),
                previous: before.map(|(d, h)| shown(d, &h)),
                fair: cx
                    .thresholds
                    .fair(now.map(|(_, h)| h.figure().what), higher),
                adverse: now.and_then(|(_, h)| cx.is_adverse(indicator, &h)),
                change: match (before, now) {
                    (Some((_, b)), Some((_, n))) => {
                        cx.thresholds.change(&b, &n, higher).map(|(c, _)| c)
                    }
                    _ => None,
                },
                actions: cx.this.actions_for(indicator).count(),
            }
        })
        .collect();
    Summary {
        has_plan: cx.this.is_plan(),
        has_data: cx.this.is_data(),
        pairing,
        indicators,
    }
}
