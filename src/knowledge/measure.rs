//! How a standard's figures are calculated and judged, and the groups it
//! compares: read from the `measure:` entries of its indicators (metrics) and
//! its `groups:` section, for the arithmetic rules.
//!
//! The vocabulary is standard-neutral: a relative likelihood is written as
//! `reference_over_focus` (WRES indicator 2: White ÷ BME; WDES metric 2:
//! non-disabled ÷ Disabled) or `focus_over_reference` (WRES 3: BME ÷ White;
//! WDES 3: Disabled ÷ non-disabled), and the groups' names come from the data.

use super::phrases::Phrases;
use serde::Deserialize;

/// What kind of figure an indicator (metric) is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    /// A share of a head count (WRES 1, WDES 1).
    Share,
    /// A ratio of two likelihoods (WRES 2-4, WDES 2-3).
    RelativeLikelihood,
    /// A staff survey percentage per group (WRES 5-8, WDES 4-8).
    SurveyPercent,
    /// A score on a scale, per group (WDES 9a: engagement, 0-10).
    Score,
    /// A difference in percentage points (WRES 9, WDES 10).
    PercentagePoints,
    /// Narrative only, nothing to recompute (WDES 9b).
    Narrative,
}

/// Which way an indicator's figure should move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    Lower,
    Higher,
    /// Toward 1.00 (a relative likelihood).
    Parity,
    /// Toward 0 (a difference).
    Zero,
    /// Close to the overall share: no single direction.
    Representative,
    /// No direction (narrative).
    None,
}

/// Which group's likelihood is on top of a relative likelihood.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ratio {
    /// Reference group ÷ focus group: WRES 2 and 4, WDES 2.
    ReferenceOverFocus,
    /// Focus group ÷ reference group: WRES 3, WDES 3.
    FocusOverReference,
}

/// How an indicator's figure is calculated and judged.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorMeasure {
    pub kind: MeasureKind,
    pub better: Better,
    #[serde(default)]
    pub ratio: Option<Ratio>,
    /// Row labels of the numerator counts ("Appointed from shortlisting").
    #[serde(default)]
    pub numerator: Phrases,
    /// Row labels of the denominator counts ("Shortlisted applicants").
    #[serde(default)]
    pub denominator: Phrases,
    /// The formula in words, for docs and messages.
    pub formula: String,
    /// Words in a KPI or table that name this figure.
    #[serde(default)]
    pub words: Phrases,
    /// Reported for the focus group only (WDES 8: reasonable adjustments).
    #[serde(default)]
    pub focus_only: bool,
    /// Words that mark a KPI as another figure of the indicator, with its
    /// own direction (WDES 4b, reporting harassment: higher is better); the
    /// direction checks leave such a KPI alone.
    #[serde(default)]
    pub not_words: Phrases,
}

/// One group a standard compares.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupDef {
    /// As messages name it: "Disabled".
    pub label: String,
    /// Column headers and row labels that mean this group.
    pub words: Phrases,
}

/// The groups of a standard: the focus group whose gap the plan closes, the
/// reference group it is compared with, and those not recorded.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Groups {
    /// What the groups differ by, in messages: "ethnicity", "disability
    /// status" ("512 of 4275 have unknown ethnicity").
    pub characteristic: String,
    pub focus: GroupDef,
    pub reference: GroupDef,
    pub unknown: GroupDef,
}
