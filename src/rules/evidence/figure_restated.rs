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
            if super::same_as_printed(
                (figure.figure.shown, figure.figure.decimals),
                (old.figure.shown, old.figure.decimals),
            ) {
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

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::evidence::What;
    use crate::rules::evidence::test_support::*;

    #[test]
    fn fires_on_an_earlier_years_figure_that_changed() {
        let this = data(
            2021,
            vec![
                figure(1, What::Share, 21.0, 1, Some(2020)),
                figure(1, What::Share, 24.7, 1, Some(2021)),
            ],
        );
        let before = data(2020, vec![figure(1, What::Share, 22.0, 0, None)]);
        let found = run(&FigureRestated, &this, None, Some(&before), None);
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn quiet_when_the_figure_stands() {
        let this = data(2021, vec![figure(1, What::Share, 22.0, 1, Some(2020))]);
        let before = data(2020, vec![figure(1, What::Share, 22.0, 0, None)]);
        assert!(run(&FigureRestated, &this, None, Some(&before), None).is_empty());
    }
}
