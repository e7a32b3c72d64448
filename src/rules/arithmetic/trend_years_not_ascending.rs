use crate::diagnostic::Finding;
use crate::location::Location;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a trend table (staff survey results by year, indicators 5-8)
    /// whose years do not ascend by one, left to right or top to bottom: a
    /// year out of order, repeated after another, or skipped. The finding
    /// points at the first year that breaks the order.
    ///
    /// ## Why is this bad?
    /// Readers take the rightmost (or last) column to be the latest year. A
    /// year out of order makes a worsening look like an improvement.
    ///
    /// ## Example
    /// Headers `2022 White | 2022 BME | 2021 White | 2021 BME | 2023 White |
    /// 2023 BME`: put 2021 first.
    pub struct TrendYearsNotAscending {
        code: "AR010",
        name: "trend-years-not-ascending",
        family: Arithmetic,
        severity: Warning,
        summary: "Trend years are out of order or skip a year",
    }
}

impl Rule for TrendYearsNotAscending {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for table in cx.model.survey_tables() {
            let Some((previous, (year, cell))) = table
                .years
                .windows(2)
                .map(|w| (w[0].0, &w[1]))
                .find(|(previous, (year, _))| *year != previous + 1)
            else {
                continue;
            };
            let message = if *year > previous {
                format!(
                    "Year {year} follows {previous}: the trend skips {}",
                    previous + 1
                )
            } else {
                let order: Vec<String> = table.years.iter().map(|(y, _)| y.to_string()).collect();
                format!(
                    "Year {year} follows {previous}: the years run {}",
                    order.join(", ")
                )
            };
            out.push(
                Finding::new(Location::Cell(cell.clone()), message)
                    .help("Order the years from oldest to latest, one column (or row) per year"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::arithmetic::fixtures::table;
    use crate::rules::test_support::findings;

    fn survey(header: &[&str]) -> crate::fixture::SheetBuilder {
        let mut row = vec!["Indicator 5"];
        row.extend(std::iter::repeat_n("25.0%", header.len() - 1));
        table("Survey", "Staff survey", &[header, &row])
    }

    #[test]
    fn fires_on_years_out_of_order() {
        let sheet = survey(&[
            "Indicator",
            "2022 White",
            "2022 BME",
            "2021 White",
            "2021 BME",
            "2023 White",
            "2023 BME",
        ]);
        insta::assert_snapshot!(findings(&TrendYearsNotAscending, vec![sheet]), @"trend-years-not-ascending  Survey!D3  Year 2021 follows 2022: the years run 2022, 2021, 2023");
    }

    #[test]
    fn fires_on_a_skipped_year_down_the_page() {
        let sheet = table(
            "Ind7",
            "Indicator 7: equal opportunities",
            &[
                &["Year", "White", "BME"],
                &["2021", "58.2%", "41.3%"],
                &["2023", "59.1%", "46.2%"],
            ],
        );
        insta::assert_snapshot!(findings(&TrendYearsNotAscending, vec![sheet]), @"trend-years-not-ascending  Ind7!A5  Year 2023 follows 2021: the trend skips 2022");
    }

    #[test]
    fn quiet_on_ascending_years_in_two_level_headers() {
        // Years merged over their White and BME columns.
        let sheet = table("Survey", "Staff survey", &[&["", "2021", "", "2022", ""]])
            .row(&["Indicator", "White", "BME", "White", "BME"])
            .row(&["Indicator 5", "24.1%", "29.8%", "23.5%", "28.4%"])
            .merge(2, 1, 2, 2)
            .merge(2, 3, 2, 4);
        assert_eq!(findings(&TrendYearsNotAscending, vec![sheet]), "");
        let ascending = survey(&[
            "Indicator",
            "2021 White",
            "2021 BME",
            "2022 White",
            "2022 BME",
        ]);
        assert_eq!(findings(&TrendYearsNotAscending, vec![ascending]), "");
    }
}
