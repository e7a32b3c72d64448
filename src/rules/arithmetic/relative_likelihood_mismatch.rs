use crate::diagnostic::Finding;
use crate::location::Location;
use crate::model::data::fmt_decimal;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

use super::{recompute, Kind, Outcome};

declare_rule! {
    /// ## What it does
    /// Recomputes a relative likelihood from the counts in its table and
    /// reports a stated figure that matches neither the defined direction nor
    /// its reciprocal, at the precision the cell shows (half a unit in the
    /// last place is tolerated).
    ///
    /// ## Why is this bad?
    /// The relative likelihood is the headline of indicators 2-4. A figure
    /// that does not follow from the counts is a typo or a stale formula, and
    /// the action plan's baseline inherits it.
    ///
    /// ## Example
    /// Workforce 2919 White and 848 BME, entering the process 14 and 7:
    /// (7/848)/(14/2919) = `1.72`, not 1.27.
    pub struct RelativeLikelihoodMismatch {
        code: "AR006",
        name: "relative-likelihood-mismatch",
        family: Arithmetic,
        severity: Error,
        summary: "Relative likelihood does not follow from its counts",
    }
}

impl Rule for RelativeLikelihoodMismatch {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for r in recompute(cx.model, cx.knowledge, &[Kind::RelativeLikelihood]) {
            if r.kind == Kind::RelativeLikelihood && r.outcome == Outcome::Differs {
                let reciprocal = if r.figure.percent {
                    10_000.0 / r.exact
                } else {
                    1.0 / r.exact
                };
                out.push(
                    Finding::new(
                        Location::Cell(r.figure.cell.clone()),
                        format!(
                            "{} ({}; reciprocal {})",
                            r.statement(),
                            r.direction().unwrap_or_else(|| "as defined".to_owned()),
                            fmt_decimal(reciprocal, r.figure.decimals)
                        ),
                    )
                    .help(format!(
                        "State {}, or correct the counts it comes from",
                        r.expected()
                    )),
                );
            }
        }
        // Summaries with no counts: against the two rates printed.
        for r in super::summary::summary_ratios(cx.model, cx.knowledge) {
            if r.judged == super::summary::Judged::Differs {
                out.push(
                    Finding::new(
                        Location::Cell(r.stated.cell.clone()),
                        format!(
                            "Relative likelihood {} does not follow from the rates printed for {}: {} ({}) is {:.2}",
                            r.stated.display(),
                            cx.knowledge.item_label(r.table.indicator),
                            r.direction,
                            if r.direction.starts_with(cx.knowledge.group_label(crate::knowledge::Group::Reference)) {
                                format!("{} ÷ {}", r.reference.display(), r.focus.display())
                            } else {
                                format!("{} ÷ {}", r.focus.display(), r.reference.display())
                            },
                            r.expected
                        ),
                    )
                    .help("Correct the ratio or the rates: the ratio is one rate divided by the other"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::arithmetic::fixtures::shortlisting;
    use crate::rules::test_support::findings;

    #[test]
    fn fires_on_a_figure_matching_neither_direction() {
        // The brief's example: (300/1000)/(60/400) = 2.00, stated 2.10.
        insta::assert_snapshot!(findings(&RelativeLikelihoodMismatch, vec![shortlisting("2.10")]), @"relative-likelihood-mismatch  Ind2!B7  Relative likelihood states 2.10; (300/1000)/(60/400) = 2.00 (White ÷ BME; reciprocal 0.50)");
    }

    #[test]
    fn fires_on_a_ratio_stored_as_text() {
        insta::assert_snapshot!(findings(&RelativeLikelihoodMismatch, vec![shortlisting("1.5")]), @"relative-likelihood-mismatch  Ind2!B7  Relative likelihood states 1.5; (300/1000)/(60/400) = 2.0 (White ÷ BME; reciprocal 0.5)");
    }

    #[test]
    fn quiet_at_any_shown_precision_and_on_the_reciprocal() {
        // The reciprocal is another rule's.
        for stated in ["2.00", "2", "2.0", "0.50"] {
            assert_eq!(
                findings(&RelativeLikelihoodMismatch, vec![shortlisting(stated)]),
                "",
                "{stated}"
            );
        }
    }
}
