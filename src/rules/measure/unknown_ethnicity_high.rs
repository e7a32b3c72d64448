use crate::diagnostic::Finding;
use crate::knowledge::Group;
use crate::location::Location;
use crate::model::data::fmt_decimal;
use crate::rules::arithmetic::count_text;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Notes a total, workforce or applicant line of a data table in which
    /// the share of Unknown ethnicity ("Not stated", "Prefer not to say",
    /// "Null") is above `unknown_share` in `rules/wres.yaml` (10% by
    /// default). An info note.
    ///
    /// ## Why is this bad?
    /// Every WRES figure compares White with BME staff and leaves Unknown
    /// out. When many records are Unknown, a gap can open or close just by
    /// who chose to record their ethnicity; improving data completeness is
    /// then an action in its own right.
    ///
    /// ## Example
    /// A workforce of 3910 with 512 Unknown (13.1%): add an action to raise
    /// ethnicity recording in ESR.
    ///
    /// For WDES the same note speaks of unknown disability status (the
    /// `characteristic` of the groups in `rules/wdes.yaml`).
    pub struct UnknownEthnicityHigh {
        code: "ME011",
        name: "unknown-ethnicity-high",
        family: Measure,
        severity: Info,
        summary: "Many records have unknown ethnicity",
    }
}

impl Rule for UnknownEthnicityHigh {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let limit = cx.knowledge.data.unknown_share;
        for table in cx.model.group_tables() {
            for line in table.lines.iter().filter(|l| l.role.is_population()) {
                let (Some(cell), Some(unknown), Some(total)) = (
                    line.value(Group::Unknown),
                    line.count(Group::Unknown),
                    line.total(),
                ) else {
                    continue;
                };
                if total > 0.0 && unknown / total > limit {
                    let characteristic = cx
                        .knowledge
                        .groups
                        .as_ref()
                        .map_or("group", |g| g.characteristic.as_str());
                    out.push(
                        Finding::new(
                            Location::Cell(cell.cell.clone()),
                            format!(
                                "{}: {} of {} ({}%) have unknown {characteristic}, above {}%",
                                line.name(),
                                count_text(unknown),
                                count_text(total),
                                fmt_decimal(100.0 * unknown / total, 1),
                                fmt_decimal(100.0 * limit, 0)
                            ),
                        )
                        .help(format!(
                            "Treat {} gaps here with care, and plan to improve {characteristic} recording",
                            cx.knowledge.standard
                        )),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::arithmetic::fixtures::{table, GROUP_HEADER};
    use crate::rules::test_support::{findings, messages_in};

    fn workforce(unknown: &str, total: &str) -> crate::fixture::SheetBuilder {
        table(
            "Ind4",
            "Indicator 4",
            &[
                GROUP_HEADER,
                &["Workforce (headcount)", total, "2919", "844", unknown],
                &[
                    "Accessing non-mandatory training and CPD",
                    "1530",
                    "1160",
                    "318",
                    "52",
                ],
            ],
        )
    }

    #[test]
    fn fires_above_the_threshold() {
        insta::assert_snapshot!(findings(&UnknownEthnicityHigh, vec![workforce("512", "4275")]), @"unknown-ethnicity-high  Ind4!E4  Workforce (headcount): 512 of 4275 (12.0%) have unknown ethnicity, above 10%");
    }

    #[test]
    fn fires_for_wdes_in_its_words() {
        let sheet = table(
            "Metric 3",
            "Metric 3: capability",
            &[
                &["", "Total", "Disabled", "Non-disabled", "Unknown"],
                &["Workforce (headcount)", "3910", "200", "3039", "671"],
            ],
        );
        insta::assert_snapshot!(
            messages_in(crate::knowledge::Knowledge::wdes(), &UnknownEthnicityHigh, vec![sheet]),
            @"Workforce (headcount): 671 of 3910 (17.2%) have unknown disability status, above 10% | Treat WDES gaps here with care, and plan to improve disability status recording"
        );
    }

    #[test]
    fn quiet_below_it() {
        assert_eq!(
            findings(&UnknownEthnicityHigh, vec![workforce("147", "3910")]),
            ""
        );
    }
}
