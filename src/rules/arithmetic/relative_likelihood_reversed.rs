use crate::diagnostic::Finding;
use crate::location::Location;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

use super::{recompute, Kind, Outcome};

declare_rule! {
    /// ## What it does
    /// Recomputes a relative likelihood from the counts in its table, in the
    /// direction WRES defines it — indicators 2 and 4 White ÷ BME, indicator
    /// 3 BME ÷ White (the `ratio` of each indicator in `rules/wres.yaml`;
    /// for WDES, metric 2 non-disabled ÷ Disabled and metric 3 Disabled ÷
    /// non-disabled, from `rules/wdes.yaml`) — and reports a stated figure
    /// that is the reciprocal instead.
    ///
    /// ## Why is this bad?
    /// The reciprocal reads the opposite way: 0.70 for indicator 2 says White
    /// applicants are *less* likely to be appointed, when the counts say they
    /// are 1.43 times *more* likely. Comparisons with last year and with
    /// other trusts become meaningless.
    ///
    /// ## Example
    /// Shortlisted 1240 White and 620 BME, appointed 338 and 118: the
    /// relative likelihood is (338/1240)/(118/620) = `1.43`, not 0.70.
    pub struct RelativeLikelihoodReversed {
        code: "AR007",
        name: "relative-likelihood-reversed",
        family: Arithmetic,
        severity: Error,
        summary: "Relative likelihood is stated in the reverse direction",
    }
}

impl Rule for RelativeLikelihoodReversed {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for r in recompute(cx.model, cx.knowledge, &[Kind::RelativeLikelihood]) {
            if r.kind == Kind::RelativeLikelihood && r.outcome == Outcome::Reversed {
                let direction = r.direction().unwrap_or_else(|| "as defined".to_owned());
                let mut parts: Vec<&str> = direction.split(" ÷ ").collect();
                parts.reverse();
                let reversed = parts.join(" ÷ ");
                out.push(
                    Finding::new(
                        Location::Cell(r.figure.cell.clone()),
                        format!(
                            "{} states {}, the reciprocal ({reversed}) of {} = {} ({direction})",
                            r.what(),
                            r.figure.display(),
                            r.formula(),
                            r.expected()
                        ),
                    )
                    .help(format!(
                        "{} defines this ratio as {direction}: state {}",
                        cx.knowledge.standard,
                        r.expected()
                    )),
                );
            }
        }
        // Summaries with no counts: against the two rates printed.
        for r in super::summary::summary_ratios(cx.model, cx.knowledge) {
            if r.judged == super::summary::Judged::Reversed {
                out.push(
                    Finding::new(
                        Location::Cell(r.stated.cell.clone()),
                        format!(
                            "Relative likelihood {} is the reciprocal of {} ({}) from the rates printed, {:.2}",
                            r.stated.display(),
                            r.direction,
                            cx.knowledge.item_label(r.table.indicator),
                            r.expected
                        ),
                    )
                    .help(format!(
                        "{} defines this ratio as {}: state {:.2}",
                        cx.knowledge.standard, r.direction, r.expected
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::arithmetic::fixtures::{shortlisting, table, GROUP_HEADER};
    use crate::rules::test_support::{findings, messages_in};

    #[test]
    fn fires_on_the_reciprocal() {
        // (300/1000)/(60/400) = 2.00; 0.50 is BME ÷ White.
        insta::assert_snapshot!(findings(&RelativeLikelihoodReversed, vec![shortlisting("0.50")]), @"relative-likelihood-reversed  Ind2!B7  Relative likelihood states 0.50, the reciprocal (BME ÷ White) of (300/1000)/(60/400) = 2.00 (White ÷ BME)");
    }

    #[test]
    fn fires_for_indicator_3_defined_bme_over_white() {
        // BME ÷ White = (7/844)/(14/2919) = 1.73; stated 0.58 is White ÷ BME.
        let sheet = table(
            "Ind3",
            "Indicator 3: disciplinary",
            &[
                GROUP_HEADER,
                &["Workforce (headcount)", "3910", "2919", "844", "147"],
                &[
                    "Entering the formal disciplinary process",
                    "21",
                    "14",
                    "7",
                    "0",
                ],
            ],
        )
        .blank_row()
        .row(&[
            "Relative likelihood of BME staff entering the formal disciplinary process",
            "0.58",
        ]);
        insta::assert_snapshot!(findings(&RelativeLikelihoodReversed, vec![sheet]), @"relative-likelihood-reversed  Ind3!B7  Relative likelihood states 0.58, the reciprocal (White ÷ BME) of (7/844)/(14/2919) = 1.73 (BME ÷ White)");
    }

    /// WDES metric 2 is non-disabled ÷ Disabled (rules/wdes.yaml): the WRES
    /// direction, Disabled ÷ non-disabled, is the reciprocal.
    fn wdes_shortlisting(rl: &str) -> crate::fixture::SheetBuilder {
        table(
            "Metric 2",
            "Metric 2: appointment from shortlisting",
            &[
                &["", "Total", "Disabled", "Non-disabled", "Unknown"],
                &["Shortlisted applicants", "1898", "210", "1560", "128"],
                &["Appointed from shortlisting", "465", "38", "392", "35"],
            ],
        )
        .blank_row()
        .row(&["Relative likelihood", rl])
    }

    #[test]
    fn fires_for_wdes_metric_2_in_its_words() {
        let wdes = crate::knowledge::Knowledge::wdes();
        insta::assert_snapshot!(
            messages_in(wdes, &RelativeLikelihoodReversed, vec![wdes_shortlisting("0.72")]),
            @"Relative likelihood states 0.72, the reciprocal (Disabled ÷ Non-disabled) of (392/1560)/(38/210) = 1.39 (Non-disabled ÷ Disabled) | WDES defines this ratio as Non-disabled ÷ Disabled: state 1.39"
        );
        assert_eq!(
            messages_in(
                wdes,
                &RelativeLikelihoodReversed,
                vec![wdes_shortlisting("1.39")]
            ),
            ""
        );
    }

    #[test]
    fn quiet_on_the_defined_direction_and_on_a_typo() {
        assert_eq!(
            findings(&RelativeLikelihoodReversed, vec![shortlisting("2.00")]),
            ""
        );
        assert_eq!(
            findings(&RelativeLikelihoodReversed, vec![shortlisting("2.10")]),
            ""
        );
    }
}
