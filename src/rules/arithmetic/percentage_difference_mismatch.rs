use crate::diagnostic::Finding;
use crate::location::Location;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

use super::{recompute, Kind, Outcome};

declare_rule! {
    /// ## What it does
    /// Recomputes indicator 9 for each board line — voting membership,
    /// executive, non-executive — as a difference in percentage points:
    /// 100 × BME board ÷ all board − 100 × BME workforce ÷ all workforce,
    /// the workforce from the same table (or indicator 1's), and reports a
    /// stated difference that disagrees at the precision shown.
    ///
    /// ## Why is this bad?
    /// Indicator 9 says how far the board is from representing the staff it
    /// leads. A wrong sign or swapped digits changes the story the board
    /// tells about itself.
    ///
    /// ## Example
    /// A non-executive board of 7 with 1 BME member, a workforce of 3910 with
    /// 844 BME: 100 × 1/7 − 100 × 844/3910 = `−7.3` percentage points, not −3.7.
    pub struct PercentageDifferenceMismatch {
        code: "AR008",
        name: "percentage-difference-mismatch",
        family: Arithmetic,
        severity: Error,
        summary: "Board difference in percentage points does not follow from its counts",
    }
}

impl Rule for PercentageDifferenceMismatch {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for r in recompute(cx.model, cx.knowledge, &[Kind::Difference]) {
            if r.kind == Kind::Difference && r.outcome == Outcome::Differs {
                out.push(
                    Finding::new(Location::Cell(r.figure.cell.clone()), r.statement())
                        .help(format!("State {} percentage points", r.expected())),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::arithmetic::fixtures::{bands, table};
    use crate::rules::test_support::findings;

    fn board(non_executive: &str) -> crate::fixture::SheetBuilder {
        table(
            "Ind9",
            "Indicator 9: board voting membership",
            &[
                &[
                    "Group",
                    "White",
                    "BME",
                    "Unknown",
                    "Total",
                    "% BME",
                    "Difference (percentage points)",
                ],
                &["Overall workforce", "2919", "844", "147", "3910", "21.6%"],
                &["Executive", "5", "1", "0", "6", "16.7%", "-4.9"],
                &["Non-executive", "6", "1", "0", "7", "14.3%", non_executive],
            ],
        )
    }

    #[test]
    fn fires_on_swapped_digits() {
        insta::assert_snapshot!(findings(&PercentageDifferenceMismatch, vec![board("-3.7")]), @"percentage-difference-mismatch  Ind9!G6  Non-executive difference states −3.7; 100 × 1/7 − 100 × 844/3910 = −7.3");
    }

    #[test]
    fn fires_with_the_workforce_from_indicator_1() {
        // No workforce line in the board table: indicator 1's overall line counts.
        let workforce = bands(&[]).row(&["All staff", "2919", "844", "147", "3910"]);
        let board = table(
            "Ind9",
            "Indicator 9",
            &[
                &["Group", "White", "BME", "Unknown", "Total", "Difference"],
                &["Board voting membership", "11", "2", "0", "13", "6.2"],
            ],
        );
        insta::assert_snapshot!(findings(&PercentageDifferenceMismatch, vec![workforce, board]), @"percentage-difference-mismatch  Ind9!F4  Board voting membership difference states 6.2; 100 × 2/13 − 100 × 844/3910 = −6.2");
    }

    #[test]
    fn quiet_on_correct_differences_in_any_unit_sign() {
        // "−7.3" with a typographic minus, and "-7.3%" (points written with %).
        assert_eq!(
            findings(&PercentageDifferenceMismatch, vec![board("−7.3")]),
            ""
        );
        assert_eq!(
            findings(&PercentageDifferenceMismatch, vec![board("-7.3%")]),
            ""
        );
    }
}
