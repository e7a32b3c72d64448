use crate::diagnostic::Finding;
use crate::location::Location;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

use super::{what_name, year_note};

declare_rule! {
    /// ## What it does
    /// Given last year's data workbook, reports a figure that this year's
    /// workbook gives for an earlier year (a trend table's previous
    /// column) that differs from what last year's workbook published for
    /// that year, at the precision printed.
    ///
    /// ## Why is this bad?
    /// A restated figure may be a correction, but then the report should
    /// say so; unexplained, it changes the trend the plan answers.
    ///
    /// ## Example
    /// This year's trend table gives 21.0% BME staff for 2020; last year's
    /// workbook published 22.0%.
    pub struct FigureRestated {
        code: "EV006",
        name: "figure-restated",
        family: Evidence,
        severity: Warning,
        summary: "A figure for an earlier year differs from what that year's workbook published",
    }
}

impl Rule for FigureRestated {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, _: &Context<'_>, _: &mut Vec<Finding>) {}

    fn check_pair(&self, cx: &crate::evidence::Context<'_>, out: &mut Vec<Finding>) {
        let Some(previous) = cx.previous_data else {
            return;
        };
        for figure in &cx.this.figures {
            let Some(year) = figure.year else { continue };
            if Some(year) == cx.this.year && previous.facts.year != Some(year) {
                continue;
            }
            let published: Vec<_> = previous
                .facts
                .figures_of(figure.indicator, figure.what)
                .filter(|f| f.year.or(previous.facts.year) == Some(year))
                .collect();
            let Some(old) = published.first() else {
                continue;
            };
            let decimals = figure.figure.decimals.min(old.figure.decimals);
            let (a, b) = (
                crate::model::data::round_half_up(figure.figure.shown, decimals),
                crate::model::data::round_half_up(old.figure.shown, decimals),
            );
            if (a - b).abs() <= 0.5 * 10f64.powi(-i32::from(decimals)) + 1e-9 {
                continue;
            }
            out.push(
                Finding::new(
                    Location::Cell(figure.figure.cell.clone()),
                    format!(
                        "The {} of {}{} is {} here, but last year's workbook published {}",
                        what_name(figure.what, cx),
                        cx.knowledge.item_label(figure.indicator),
                        year_note(Some(year)),
                        figure.display(),
                        old.display(),
                    ),
                )
                .help("If the figure was corrected, say so beside it; otherwise use the published figure")
                .related(previous.related(&old.figure.cell, format!("published: {}", old.display()))),
            );
        }
    }
}
