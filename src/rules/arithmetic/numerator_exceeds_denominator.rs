use crate::diagnostic::Finding;
use crate::knowledge::Group;
use crate::location::Location;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

use super::count_text;

declare_rule! {
    /// ## What it does
    /// In the tables of indicators 2-4, reports a group whose numerator
    /// exceeds its denominator: more appointed than shortlisted, more staff
    /// entering the disciplinary process or accessing training than the
    /// group's headcount.
    ///
    /// ## Why is this bad?
    /// A likelihood above 100% is impossible; one of the two counts is
    /// wrong, and the likelihood and relative likelihood built on them too.
    ///
    /// ## Example
    /// | | Total | White | BME | Unknown |
    /// |---|---|---|---|---|
    /// | Shortlisted applicants | 1898 | 1240 | 620 | 38 |
    /// | Appointed from shortlisting | 496 | 338 | 118 | 39 |
    ///
    /// 39 Unknown-ethnicity applicants appointed of 38 shortlisted.
    pub struct NumeratorExceedsDenominator {
        code: "AR002",
        name: "numerator-exceeds-denominator",
        family: Arithmetic,
        severity: Error,
        summary: "More counted in a numerator than in its denominator",
    }
}

impl Rule for NumeratorExceedsDenominator {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for table in cx.model.group_tables() {
            let Some((numerator, denominator)) = table.likelihood_parts() else {
                continue;
            };
            for group in Group::ALL {
                let (Some(cell), Some(num), Some(den)) = (
                    numerator.value(group),
                    numerator.count(group),
                    denominator.count(group),
                ) else {
                    continue;
                };
                if num > den {
                    out.push(
                        Finding::new(
                            Location::Cell(cell.cell.clone()),
                            format!(
                                "{}: {} {} exceeds {} {}",
                                cx.knowledge.group_label(group),
                                numerator.name(),
                                count_text(num),
                                denominator.name(),
                                count_text(den)
                            ),
                        )
                        .help("A numerator counts some of the denominator's people: correct one of the two"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::arithmetic::fixtures::{shortlisting, table, GROUP_HEADER};
    use crate::rules::test_support::findings;
    use crate::workbook::Value;

    #[test]
    fn fires_when_more_are_appointed_than_shortlisted() {
        let sheet = shortlisting("2.00")
            .cell(4, 4, Value::Text("51".into()))
            .cell(4, 1, Value::Text("411".into()));
        insta::assert_snapshot!(findings(&NumeratorExceedsDenominator, vec![sheet]), @"numerator-exceeds-denominator  Ind2!E5  Unknown: Appointed from shortlisting 51 exceeds Shortlisted applicants 50");
    }

    #[test]
    fn fires_in_a_table_with_groups_as_rows() {
        let sheet = table(
            "Ind4",
            "Indicator 4",
            &[
                &[
                    "Ethnicity",
                    "Workforce (headcount)",
                    "Accessing non-mandatory training and CPD",
                ],
                &["White", "2919", "1160"],
                &["BME", "300", "318"],
            ],
        );
        insta::assert_snapshot!(findings(&NumeratorExceedsDenominator, vec![sheet]), @"numerator-exceeds-denominator  Ind4!C5  BME: Accessing non-mandatory training and CPD 318 exceeds Workforce (headcount) 300");
    }

    #[test]
    fn quiet_when_numerators_fit() {
        let sheet = table(
            "Ind3",
            "Indicator 3",
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
        );
        assert_eq!(
            findings(
                &NumeratorExceedsDenominator,
                vec![sheet, shortlisting("2.00")]
            ),
            ""
        );
    }
}
