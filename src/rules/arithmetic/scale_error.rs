use crate::diagnostic::Finding;
use crate::location::Location;
use crate::model::data::{fmt_decimal, Figure};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

use super::{recompute, Outcome, Recomputed, Scale};

declare_rule! {
    /// ## What it does
    /// Reports a share, likelihood or survey percentage on the wrong scale:
    /// a figure that is its recomputed value times (or divided by) 100 — 17.1
    /// stored under a `%` format, so the cell shows 1710.0% — or any
    /// percentage above 100%.
    ///
    /// ## Why is this bad?
    /// A percentage is 0-100%. A share stored ×100 shows as nonsense in the
    /// workbook, and any chart or total built on it is wrong by the same
    /// factor.
    ///
    /// ## Example
    /// | Band | White | BME | Unknown | Total | % BME |
    /// |---|---|---|---|---|---|
    /// | Band 3 | 241 | 52 | 11 | 304 | 1710.0% |
    ///
    /// Store `0.171` under the `0.0%` format (it shows 17.1%).
    pub struct ScaleError {
        code: "AR005",
        name: "scale-error",
        family: Arithmetic,
        severity: Error,
        summary: "Percentage is on the wrong scale (times 100, or above 100%)",
    }
}

impl Rule for ScaleError {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for r in recompute(
            cx.model,
            cx.knowledge,
            &[super::Kind::Share, super::Kind::Likelihood],
        ) {
            if let Outcome::Scaled(scale) = r.outcome {
                out.push(scaled(&r, scale));
            }
        }
        for table in cx.model.survey_tables() {
            let percents: Vec<&Figure> = table
                .rows
                .iter()
                .flat_map(|r| r.values.iter().filter(|v| !v.responses).map(|v| &v.figure))
                .collect();
            let plain_points = percents
                .iter()
                .filter(|f| !f.percent && f.shown.abs() > 1.0)
                .count();
            let plain_fractions = percents
                .iter()
                .filter(|f| !f.percent && f.shown != 0.0 && f.shown.abs() <= 1.0)
                .count();
            for figure in percents {
                let limit = if figure.percent || plain_points > plain_fractions {
                    100.0
                } else {
                    1.0
                };
                if figure.shown > limit * (1.0 + 1e-9) || figure.shown < 0.0 {
                    out.push(
                        Finding::new(
                            Location::Cell(figure.cell.clone()),
                            format!("Survey result {} is outside 0-100%", figure.display()),
                        )
                        .help("Store a survey percentage as a fraction under a % format (0.284 shows as 28.4%)"),
                    );
                }
            }
        }
    }
}

fn scaled(r: &Recomputed<'_>, scale: Scale) -> Finding {
    let stated = r.figure.display();
    let message = match scale {
        Scale::TooLarge => format!(
            "{} shows {stated}, 100 times {} = {}: the share is stored 100 times too large",
            r.what(),
            r.formula(),
            r.expected()
        ),
        Scale::TooSmall => format!(
            "{} shows {stated}, a hundredth of {} = {}: the share is stored 100 times too small",
            r.what(),
            r.formula(),
            fmt_decimal(r.exact, r.figure.decimals.saturating_sub(2))
        ),
        Scale::AboveHundred => format!(
            "{} shows {stated}, above 100%; {} = {}",
            r.what(),
            r.formula(),
            r.expected()
        ),
    };
    let help = if r.figure.percent {
        format!(
            "Store the fraction ({}) under the % format, so the cell shows {}",
            fmt_decimal(r.exact / 100.0, r.figure.decimals.saturating_add(2)),
            r.expected()
        )
    } else {
        let decimals = match scale {
            Scale::TooSmall => r.figure.decimals.saturating_sub(2),
            _ => r.figure.decimals,
        };
        format!(
            "State {} like the rest of the column",
            fmt_decimal(r.exact, decimals)
        )
    };
    Finding::new(Location::Cell(r.figure.cell.clone()), message).help(help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::arithmetic::fixtures::{bands, table};
    use crate::rules::test_support::findings;

    #[test]
    fn fires_on_a_share_stored_times_a_hundred() {
        // 52/304 = 17.1%, stored as 17.1 under a 0.0% format (shows 1710.0%).
        let sheet = bands(&[&["Band 3", "241", "52", "11", "304"]]).formatted(3, 5, 17.1, 1, true);
        insta::assert_snapshot!(findings(&ScaleError, vec![sheet]), @"scale-error  Ind1!F4  Band 3 % BME shows 1,710.0%, 100 times 52/304 = 17.1%: the share is stored 100 times too large");
    }

    #[test]
    fn fires_on_a_fraction_among_percentage_numbers_and_a_share_above_100() {
        let sheet = bands(&[
            &["Band 2", "196", "58", "9", "263", "22.1"],
            &["Band 3", "241", "52", "11", "304", "0.171"],
            &["Band 4", "168", "31", "7", "206", "15.0"],
            &["Band 5", "112", "21", "5", "138", "152%"],
        ]);
        insta::assert_snapshot!(findings(&ScaleError, vec![sheet]), @r"
        scale-error  Ind1!F5  Band 3 % BME shows 0.171, a hundredth of 52/304 = 17.1: the share is stored 100 times too small
        scale-error  Ind1!F7  Band 5 % BME shows 152%, above 100%; 21/138 = 15%
        ");
    }

    #[test]
    fn fires_on_a_survey_result_above_100_percent() {
        let survey = table(
            "Survey",
            "Indicators 5 to 8",
            &[&[
                "Indicator",
                "2022 White",
                "2022 BME",
                "2023 White",
                "2023 BME",
            ]],
        )
        .row(&["Indicator 5"])
        .formatted(3, 1, 0.235, 1, true)
        .formatted(3, 2, 28.4, 1, true)
        .formatted(3, 3, 0.229, 1, true)
        .formatted(3, 4, 0.271, 1, true);
        insta::assert_snapshot!(findings(&ScaleError, vec![survey]), @"scale-error  Survey!C4  Survey result 2,840.0% is outside 0-100%");
    }

    #[test]
    fn quiet_on_shares_in_range() {
        let sheet = bands(&[
            &["Band 2", "196", "58", "9", "263", "22.1"],
            &["Band 3", "241", "52", "11", "304", "17.1"],
        ])
        .formatted(3, 5, 0.221, 1, true);
        assert_eq!(findings(&ScaleError, vec![sheet]), "");
    }
}
