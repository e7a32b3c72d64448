use crate::diagnostic::Finding;
use crate::knowledge::{Group, Knowledge};
use crate::location::Location;
use crate::model::data::{Figure, GroupTable, Role};
use crate::rules::arithmetic::count_text;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Notes a figure that rests on very small numbers: a share, likelihood,
    /// relative likelihood or board difference whose White or BME numerator
    /// is under 5, and a survey result from fewer than 11 respondents in a
    /// group. The thresholds are data (`small_numerator`,
    /// `small_survey_group` in `rules/wres.yaml`). An info note, never an
    /// error.
    ///
    /// ## Why is this bad?
    /// With 2 BME members of a band, one appointment or one leaver swings the
    /// share by tens of points. Such figures should be read with care and
    /// not set targets on their own; small survey groups may also identify
    /// individuals.
    ///
    /// ## Example
    /// A board of 7 with 1 BME member: the indicator 9 difference moves by
    /// 14 points with one appointment. Say so beside the figure.
    pub struct SmallNumbers {
        code: "ME010",
        name: "small-numbers",
        family: Measure,
        severity: Info,
        summary: "Figure rests on very small numbers",
    }
}

impl Rule for SmallNumbers {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let limit = cx.knowledge.data.small_numerator;
        for table in cx.model.group_tables() {
            shares_and_differences(table, limit, cx.knowledge, out);
            likelihoods(table, limit, cx.knowledge, out);
        }
        let survey_limit = cx.knowledge.data.small_survey_group;
        for table in cx.model.survey_tables() {
            for row in &table.rows {
                for value in row.values.iter().filter(|v| v.responses) {
                    if value.figure.value() < survey_limit {
                        out.push(note(
                            &value.figure,
                            format!(
                                "{} survey result rests on {} respondents (fewer than {})",
                                cx.knowledge.group_label(value.group),
                                value.figure.display(),
                                count_text(survey_limit)
                            ),
                        ));
                    }
                }
            }
        }
    }
}

fn note(figure: &Figure, message: String) -> Finding {
    Finding::new(Location::Cell(figure.cell.clone()), message)
        .help("Read this figure with care and say so beside it; do not set a target on it alone")
}

fn shares_and_differences(
    table: &GroupTable,
    limit: f64,
    knowledge: &Knowledge,
    out: &mut Vec<Finding>,
) {
    for line in table.lines.iter().filter(|l| l.role.is_counts()) {
        if let (Some(difference), Some(count)) = (&line.difference, line.count(Group::Focus)) {
            if count < limit {
                out.push(note(
                    difference,
                    format!(
                        "{}: the difference {} rests on {} {} member{} (fewer than {})",
                        line.name(),
                        difference.display(),
                        count_text(count),
                        knowledge.group_label(Group::Focus),
                        if count == 1.0 { "" } else { "s" },
                        count_text(limit)
                    ),
                ));
            }
            continue; // its share rests on the same count
        }
        for (group, share) in line.shares() {
            if let Some(count) = line.count(group).filter(|c| *c < limit) {
                let of = line
                    .total()
                    .map_or(String::new(), |t| format!(" of {}", count_text(t)));
                out.push(note(
                    share,
                    format!(
                        "{}: the {} share {} rests on {}{of} (fewer than {})",
                        line.name(),
                        knowledge.group_label(group),
                        share.display(),
                        count_text(count),
                        count_text(limit)
                    ),
                ));
            }
        }
    }
}

fn likelihoods(table: &GroupTable, limit: f64, knowledge: &Knowledge, out: &mut Vec<Finding>) {
    let Some((numerator, _)) = table.likelihood_parts() else {
        return;
    };
    let small: Vec<(Group, f64)> = [Group::Reference, Group::Focus]
        .into_iter()
        .filter_map(|g| numerator.count(g).filter(|c| *c < limit).map(|c| (g, c)))
        .collect();
    if small.is_empty() {
        return;
    }
    let what: Vec<String> = small
        .iter()
        .map(|(g, c)| format!("{} {}", count_text(*c), knowledge.group_label(*g)))
        .collect();
    for line in table.lines_with(Role::Likelihood) {
        for (group, count) in &small {
            if let Some(figure) = line.value(*group) {
                out.push(note(
                    figure,
                    format!(
                        "{} ({}) rests on {} (fewer than {})",
                        line.name(),
                        knowledge.group_label(*group),
                        count_text(*count),
                        count_text(limit)
                    ),
                ));
            }
        }
    }
    if let Some(rl) = &table.relative_likelihood {
        out.push(note(
            &rl.figure,
            format!(
                "The relative likelihood rests on {} in \"{}\" (fewer than {})",
                what.join(" and "),
                numerator.name(),
                count_text(limit)
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::arithmetic::fixtures::{bands, table, GROUP_HEADER};
    use crate::rules::test_support::findings;

    #[test]
    fn fires_on_small_numerators_and_small_survey_groups() {
        let board = table(
            "Ind9",
            "Indicator 9",
            &[
                &[
                    "Group",
                    "White",
                    "BME",
                    "Unknown",
                    "Total",
                    "% BME",
                    "Difference",
                ],
                &["Overall workforce", "2919", "844", "147", "3910", "21.6%"],
                &["Non-executive", "6", "1", "0", "7", "14.3%", "-7.3"],
            ],
        );
        let band = bands(&[
            &["Band 8d", "7", "1", "0", "8", "12.5%"],
            &["Band 5", "112", "21", "5", "138", "15.2%"],
        ]);
        let disciplinary = table(
            "Ind3",
            "Indicator 3",
            &[
                GROUP_HEADER,
                &["Workforce", "3910", "2919", "844", "147"],
                &[
                    "Entering the formal disciplinary process",
                    "17",
                    "14",
                    "3",
                    "0",
                ],
                &["Relative likelihood", "0.74"],
            ],
        );
        let survey = table(
            "Survey",
            "Staff survey",
            &[
                &["Indicator", "2023 White", "2023 BME", "2023 BME responses"],
                &["Indicator 8", "5.4%", "9.1%", "9"],
            ],
        );
        insta::assert_snapshot!(findings(&SmallNumbers, vec![band, disciplinary, survey, board]), @r#"
        small-numbers  Ind1!F4  Band 8d: the BME share 12.5% rests on 1 of 8 (fewer than 5)
        small-numbers  Ind3!B6  The relative likelihood rests on 3 BME in "Entering the formal disciplinary process" (fewer than 5)
        small-numbers  Ind9!G5  Non-executive: the difference −7.3 rests on 1 BME member (fewer than 5)
        small-numbers  Survey!D4  BME survey result rests on 9 respondents (fewer than 11)
        "#);
    }

    #[test]
    fn quiet_on_large_numbers() {
        let band = bands(&[&["Band 5", "112", "21", "5", "138", "15.2%"]]);
        assert_eq!(findings(&SmallNumbers, vec![band]), "");
    }
}
