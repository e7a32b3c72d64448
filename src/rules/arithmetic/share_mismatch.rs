use crate::diagnostic::Finding;
use crate::location::Location;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

use super::{recompute, Kind, Outcome};

declare_rule! {
    /// ## What it does
    /// Recomputes every share ("% BME" of a band: BME ÷ all staff in the
    /// band, Unknown included) and every likelihood (appointed ÷ shortlisted,
    /// entering ÷ headcount, accessing ÷ headcount, per group) from the counts
    /// in the same table, and reports a stated figure that differs by more
    /// than half a unit in the last place the cell shows. Numbers stored as
    /// text ("24.5%") are read like numbers. A figure that is the result cut
    /// off rather than rounded is `figure-truncated`; one off by a factor of
    /// 100 is `scale-error`.
    ///
    /// ## Why is this bad?
    /// A share that does not follow from the counts beside it is a typo or a
    /// stale formula, and readers cannot tell which of the two figures to
    /// believe.
    ///
    /// ## Example
    /// | Band | White | BME | Unknown | Total | % BME |
    /// |---|---|---|---|---|---|
    /// | Band 3 | 265 | 96 | 15 | 376 | 24.5% |
    ///
    /// 96/376 = 25.5%: state `25.5%`, or fix the counts.
    pub struct ShareMismatch {
        code: "AR003",
        name: "share-mismatch",
        family: Arithmetic,
        severity: Error,
        summary: "Share or likelihood does not follow from its counts",
    }
}

impl Rule for ShareMismatch {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for r in recompute(cx.model, cx.knowledge, &[Kind::Share, Kind::Likelihood]) {
            if matches!(r.kind, Kind::Share | Kind::Likelihood) && r.outcome == Outcome::Differs {
                out.push(
                    Finding::new(Location::Cell(r.figure.cell.clone()), r.statement()).help(
                        format!(
                            "State {}, or correct the counts it comes from",
                            r.expected()
                        ),
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::arithmetic::fixtures::{bands, shortlisting};
    use crate::rules::test_support::findings;

    #[test]
    fn fires_on_a_wrong_share_stored_as_text() {
        // 96/376 = 25.53%: "24.5%" is wrong; 25.5% and 25.6% (half a unit) pass.
        let sheet = bands(&[
            &["Band 3", "265", "96", "15", "376", "24.5%"],
            &["Band 4", "265", "96", "15", "376", "25.5%"],
            &["Band 5", "140", "38", "8", "186", "20.4%"],
        ]);
        insta::assert_snapshot!(findings(&ShareMismatch, vec![sheet]), @"share-mismatch  Ind1!F4  Band 3 % BME states 24.5%; 96/376 = 25.5%");
    }

    #[test]
    fn fires_on_a_wrong_likelihood() {
        let sheet = shortlisting("2.00").cell(5, 2, crate::workbook::Value::Text("31.0%".into()));
        insta::assert_snapshot!(findings(&ShareMismatch, vec![sheet]), @"share-mismatch  Ind2!C6  Likelihood of appointment (White) states 31.0%; 300/1000 = 30.0%");
    }

    #[test]
    fn fires_on_a_formatted_number_and_a_plain_fraction() {
        // 58/263 = 0.2205…: 0.25 (shown 25.0%) and 0.3 (plain) are wrong.
        let sheet = bands(&[
            &["Band 2", "196", "58", "9", "263"],
            &["Band 6", "196", "58", "9", "263", "0.3"],
        ])
        .formatted(3, 5, 0.25, 1, true);
        insta::assert_snapshot!(findings(&ShareMismatch, vec![sheet]), @r"
        share-mismatch  Ind1!F4  Band 2 % BME states 25.0%; 58/263 = 22.1%
        share-mismatch  Ind1!F5  Band 6 % BME states 0.3; 58/263 = 0.2
        ");
    }

    #[test]
    fn quiet_on_correct_rounded_and_full_precision_shares() {
        let sheet = bands(&[
            &["Band 2", "196", "58", "9", "263", "22.1%"],
            &["Band 3", "241", "52", "11", "304", "17.1"],
            &["Band 4", "168", "31", "7", "206", "15.0"],
        ])
        .formatted(5, 5, 31.0 / 206.0, 1, true);
        assert_eq!(findings(&ShareMismatch, vec![sheet]), "");
        assert_eq!(findings(&ShareMismatch, vec![shortlisting("2.00")]), "");
    }
}
