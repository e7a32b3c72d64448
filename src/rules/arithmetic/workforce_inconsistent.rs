use crate::diagnostic::Finding;
use crate::knowledge::{Group, MeasureKind};
use crate::location::Location;
use crate::model::data::Line;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

use super::{count_text, workforce_of};

declare_rule! {
    /// ## What it does
    /// Compares the workforce head counts stated for indicators 1, 3, 4 and
    /// 9 — each group and the total — and reports a figure that differs from
    /// the first of them stated (indicator 1's overall workforce, else 9, 4,
    /// 3; for WDES metrics 1, 10 and 3).
    ///
    /// ## Why is this bad?
    /// The indicators describe one workforce at 31 March. Two different
    /// counts mean one table was built from another extract or edited by
    /// hand, and the likelihoods that divide by it disagree with the rest of
    /// the report. (Where indicator 3 uses a rolling average on purpose, say
    /// so in the table and suppress this rule there.)
    ///
    /// ## Example
    /// Indicator 1's overall workforce has 844 BME staff; the indicator 3
    /// table divides by 848.
    pub struct WorkforceInconsistent {
        code: "AR009",
        name: "workforce-inconsistent",
        family: Arithmetic,
        severity: Warning,
        summary: "Workforce head count differs between indicators",
    }
}

impl Rule for WorkforceInconsistent {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        // The share indicator's workforce is the reference, then the board's,
        // then the relative likelihoods' (WRES: 1, 9, 4, 3).
        let rank = |kind| match kind {
            MeasureKind::Share => Some(0),
            MeasureKind::PercentagePoints => Some(1),
            MeasureKind::RelativeLikelihood => Some(2),
            _ => None,
        };
        let mut order: Vec<(u8, u8)> = cx
            .knowledge
            .indicators
            .iter()
            .filter_map(|i| Some((rank(i.measure.as_ref()?.kind)?, i.number)))
            .collect();
        order.sort_by_key(|(rank, number)| (*rank, std::cmp::Reverse(*number)));
        let stated: Vec<(u8, &Line)> = order
            .iter()
            .filter_map(|(_, n)| workforce_of(cx.model, *n).map(|line| (*n, line)))
            .collect();
        let Some(((reference_indicator, reference), others)) = stated.split_first() else {
            return;
        };
        for (indicator, line) in others {
            for group in Group::ALL {
                let (Some(figure), Some(count), Some(expected), Some(source)) = (
                    line.value(group),
                    line.count(group),
                    reference.count(group),
                    reference.value(group),
                ) else {
                    continue;
                };
                if count != expected {
                    out.push(
                        Finding::new(
                            Location::Cell(figure.cell.clone()),
                            format!(
                                "{} workforce for {} is {}, but {} for {} ({})",
                                cx.knowledge.group_label(group),
                                cx.knowledge.item_label(*indicator),
                                count_text(count),
                                count_text(expected),
                                cx.knowledge.item_label(*reference_indicator),
                                source.cell
                            ),
                        )
                        .help(format!(
                            "Use the same 31 March headcount in every {}",
                            cx.knowledge.item_word
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
    use crate::rules::arithmetic::fixtures::{bands, table, GROUP_HEADER};
    use crate::rules::test_support::{findings, messages_in};

    fn disciplinary(bme: &str) -> crate::fixture::SheetBuilder {
        table(
            "Ind3",
            "Indicator 3: disciplinary",
            &[
                GROUP_HEADER,
                &["Workforce (headcount)", "3910", "2919", bme, "147"],
                &[
                    "Entering the formal disciplinary process",
                    "21",
                    "14",
                    "7",
                    "0",
                ],
            ],
        )
    }

    fn overall() -> crate::fixture::SheetBuilder {
        bands(&[]).row(&["All staff", "2919", "844", "147", "3910", "21.6%"])
    }

    #[test]
    fn fires_when_indicator_3_disagrees_with_indicator_1() {
        insta::assert_snapshot!(findings(&WorkforceInconsistent, vec![overall(), disciplinary("848")]), @"workforce-inconsistent  Ind3!D4  BME workforce for indicator 3 is 848, but 844 for indicator 1 (Ind1!C4)");
    }

    #[test]
    fn fires_for_wdes_metrics_in_their_words() {
        let metric_1 = table(
            "Metric 1",
            "Metric 1: staff by band cluster",
            &[
                &["Cluster", "Disabled", "Non-disabled", "Unknown", "Total"],
                &["All staff", "200", "3439", "271", "3910"],
            ],
        );
        let metric_3 = table(
            "Metric 3",
            "Metric 3: capability",
            &[
                &["", "Total", "Disabled", "Non-disabled", "Unknown"],
                &["Workforce (headcount)", "3910", "204", "3439", "271"],
                &[
                    "Entering the formal capability process",
                    "22",
                    "3",
                    "18",
                    "1",
                ],
            ],
        );
        insta::assert_snapshot!(
            messages_in(crate::knowledge::Knowledge::wdes(), &WorkforceInconsistent, vec![metric_1, metric_3]),
            @"Disabled workforce for metric 3 is 204, but 200 for metric 1 ('Metric 1'!B4) | Use the same 31 March headcount in every metric"
        );
    }

    #[test]
    fn quiet_when_the_workforce_agrees_or_stands_alone() {
        assert_eq!(
            findings(&WorkforceInconsistent, vec![overall(), disciplinary("844")]),
            ""
        );
        assert_eq!(
            findings(&WorkforceInconsistent, vec![disciplinary("848")]),
            ""
        );
    }
}
