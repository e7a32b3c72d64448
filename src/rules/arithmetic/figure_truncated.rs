use crate::diagnostic::Finding;
use crate::location::Location;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

use super::{recompute, Outcome};

declare_rule! {
    /// ## What it does
    /// Reports a share, likelihood, relative likelihood or difference that
    /// equals its recomputed value cut off at the places the cell shows,
    /// where rounding gives a different figure (58/263 = 22.05…% stated as
    /// 22.0% instead of 22.1%). Rounding is half-up to the shown precision
    /// (WRES.md §1.2).
    ///
    /// ## Why is this bad?
    /// Truncation biases every figure downward, and the published table no
    /// longer agrees with anyone who recomputes it. It is usually a `TRUNC`
    /// or `ROUNDDOWN` formula, or digits typed from a longer figure.
    ///
    /// ## Example
    /// | Band | White | BME | Unknown | Total | % BME |
    /// |---|---|---|---|---|---|
    /// | Band 2 | 196 | 58 | 9 | 263 | 22.0% |
    ///
    /// 58/263 = 22.05%, which rounds to `22.1%`.
    pub struct FigureTruncated {
        code: "AR004",
        name: "figure-truncated",
        family: Arithmetic,
        severity: Warning,
        summary: "Figure is cut off instead of rounded",
    }
}

impl Rule for FigureTruncated {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for r in recompute(cx.model, cx.knowledge, &super::ALL_KINDS) {
            if r.outcome == Outcome::Truncated {
                out.push(
                    Finding::new(
                        Location::Cell(r.figure.cell.clone()),
                        format!(
                            "{} states {}; {} = {}, which rounds to {}: the figure is cut off, not rounded",
                            r.what(),
                            r.figure.display(),
                            r.formula(),
                            r.precise(),
                            r.expected()
                        ),
                    )
                    .help(format!("Round half-up: state {}", r.expected())),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::arithmetic::fixtures::{bands, shortlisting, table};
    use crate::rules::test_support::findings;

    #[test]
    fn fires_on_a_share_cut_off_instead_of_rounded() {
        let sheet = bands(&[&["Band 2", "196", "58", "9", "263"]]).formatted(3, 5, 0.220, 1, true);
        insta::assert_snapshot!(findings(&FigureTruncated, vec![sheet]), @"figure-truncated  Ind1!F4  Band 2 % BME states 22.0%; 58/263 = 22.053%, which rounds to 22.1%: the figure is cut off, not rounded");
    }

    #[test]
    fn fires_on_a_truncated_relative_likelihood_and_difference() {
        // (300/1000)/(61/400) = 1.967…: 1.96 is cut off, 1.97 rounded.
        let text = |t: &str| crate::workbook::Value::Text(t.into());
        let rl = shortlisting("1.96")
            .cell(4, 1, text("371"))
            .cell(4, 3, text("61"))
            .cell(5, 1, text("25.6%"))
            .cell(5, 3, text("15.3%"));
        let board = table(
            "Ind9",
            "Indicator 9: board",
            &[
                &[
                    "Group",
                    "White",
                    "BME",
                    "Unknown",
                    "Total",
                    "Difference (percentage points)",
                ],
                &["Overall workforce", "2919", "844", "147", "3910"],
                &["Non-executive", "5", "2", "0", "7", "6.9"],
            ],
        );
        // 100 × 2/7 − 21.586 = 6.985…: 6.9 is cut off.
        insta::assert_snapshot!(findings(&FigureTruncated, vec![rl, board]), @r"
        figure-truncated  Ind2!B7  Relative likelihood states 1.96; (300/1000)/(61/400) = 1.9672, which rounds to 1.97: the figure is cut off, not rounded
        figure-truncated  Ind9!F5  Non-executive difference states 6.9; 100 × 2/7 − 100 × 844/3910 = 6.986, which rounds to 7.0: the figure is cut off, not rounded
        ");
    }

    #[test]
    fn quiet_on_rounded_figures() {
        let sheet = bands(&[&["Band 2", "196", "58", "9", "263", "22.1%"]]);
        assert_eq!(
            findings(&FigureTruncated, vec![sheet, shortlisting("2.00")]),
            ""
        );
    }
}
