use crate::diagnostic::Finding;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

use super::{agrees, candidates, what_name, year_note};

declare_rule! {
    /// ## What it does
    /// Compares each figure the plan quotes from its data (a baseline such
    /// as "relative likelihood of 1.6 in 2023", "14.9% of our workforce",
    /// "BME staff: 27.0%") with the data workbook's figure for the same
    /// indicator and year, at the precision printed (the coarser of the
    /// two, half a unit of tolerance). A quote that matches any year's
    /// figure when it names no year is taken as matching.
    ///
    /// Only quotes whose indicator can be told (the action's link, or words
    /// such as "shortlisting") are compared.
    ///
    /// ## Why is this bad?
    /// A baseline that is not the published figure makes the plan's targets
    /// meaningless, and is what an auditor checks first.
    ///
    /// ## Example
    /// The plan says "relative likelihood of 1.6 (2023)"; the data give
    /// 1.52 for 2023: both cells are named. A quote of 0.66 against 1.52 is
    /// reported as the reciprocal.
    pub struct QuotedFigureMismatch {
        code: "EV002",
        name: "quoted-figure-mismatch",
        family: Evidence,
        severity: Warning,
        summary: "A figure the plan quotes differs from the data",
    }
}

impl Rule for QuotedFigureMismatch {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, _: &Context<'_>, _: &mut Vec<Finding>) {}

    fn check_pair(&self, cx: &crate::evidence::Context<'_>, out: &mut Vec<Finding>) {
        let Some(data) = cx.data else { return };
        let quotes = cx
            .this
            .actions
            .iter()
            .flat_map(|a| &a.quoted)
            .chain(&cx.this.banner_quotes)
            .filter(|q| !q.target);
        for quoted in quotes {
            let found = candidates(cx, quoted);
            if found.is_empty() || found.iter().any(|f| agrees(quoted, f)) {
                continue;
            }
            // Compare with the latest of the figures it could mean.
            let figure = found
                .iter()
                .max_by_key(|f| (!f.trend, f.year.unwrap_or(0)))
                .expect("not empty");
            let reciprocal = quoted.what == crate::evidence::What::RelativeLikelihood
                && quoted.shown > 0.0
                && super::same_as_printed(
                    (1.0 / quoted.shown, quoted.decimals),
                    (figure.figure.shown, figure.figure.decimals),
                );
            let label = cx.knowledge.item_label(quoted.indicator);
            let note = if reciprocal {
                " (the reciprocal: the ratio is quoted the wrong way round)"
            } else {
                ""
            };
            out.push(super::on_quote(
                data,
                quoted,
                figure,
                format!(
                    "The plan quotes {} for the {} of {label}{}, but the data give {}{}{note}",
                    quoted.display(),
                    what_name(quoted.what, cx),
                    year_note(quoted.year),
                    figure.display(),
                    year_note(figure.year),
                ),
                "Quote the published figure, or say which other figure this is",
            ));
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
    fn fires_on_a_misquoted_baseline_and_names_a_reciprocal() {
        let data = data(
            2023,
            vec![figure(2, What::RelativeLikelihood, 1.52, 2, None)],
        );
        let plan = plan(
            2023,
            vec![action(
                "A",
                &[2],
                vec![quote(2, What::RelativeLikelihood, 1.6, 1, false)],
            )],
        );
        let found = run(&QuotedFigureMismatch, &plan, Some(&data), None, None);
        assert_eq!(found.len(), 1, "{found:?}");
        let plan = super::super::test_support::plan(
            2023,
            vec![action(
                "A",
                &[2],
                vec![quote(2, What::RelativeLikelihood, 0.66, 2, false)],
            )],
        );
        let found = run(&QuotedFigureMismatch, &plan, Some(&data), None, None);
        assert!(
            found[0].message.contains("reciprocal"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn quiet_at_the_precision_printed_and_for_other_years() {
        let data = data(
            2023,
            vec![figure(2, What::RelativeLikelihood, 1.52, 2, None)],
        );
        let plan = plan(
            2023,
            vec![action(
                "A",
                &[2],
                vec![quote(2, What::RelativeLikelihood, 1.5, 1, false)],
            )],
        );
        assert!(run(&QuotedFigureMismatch, &plan, Some(&data), None, None).is_empty());
        let mut other = quote(2, What::RelativeLikelihood, 1.9, 1, false);
        other.year = Some(2021);
        let plan = super::super::test_support::plan(2023, vec![action("A", &[2], vec![other])]);
        assert!(run(&QuotedFigureMismatch, &plan, Some(&data), None, None).is_empty());
    }
}
