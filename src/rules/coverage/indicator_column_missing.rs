use crate::diagnostic::Finding;
use crate::knowledge::Concept;
use crate::location::Location;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports an action table that has neither an indicator-link column
    /// (headed e.g. "WRES Indicators", "Link to WRES Metric") nor an indicator
    /// matrix (one column per indicator 1-9). A table with no action under
    /// its header is not reported.
    ///
    /// ## Why is this bad?
    /// Without a link from each action to the indicators it serves, nobody can
    /// check that the plan addresses every indicator.
    ///
    /// ## Example
    /// A plan headed `Action | Lead | Deadline`. Add a column `WRES Indicator`
    /// and name the indicators each action serves.
    pub struct IndicatorColumnMissing {
        code: "CV004",
        name: "indicator-column-missing",
        family: Coverage,
        severity: Error,
        summary: "Action table has no indicator-link column or indicator matrix",
    }
}

impl Rule for IndicatorColumnMissing {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for table in crate::rules::tables_with_actions(cx) {
            if table.has(Concept::Indicator) {
                continue;
            }
            let header = table
                .header
                .column(Concept::Action)
                .map(|c| c.header.clone());
            let location = header
                .map(Location::Cell)
                .unwrap_or_else(|| Location::Sheet(table.sheet.clone()));
            let word = &cx.knowledge.item_word;
            out.push(
                Finding::new(
                    location,
                    format!("Action table has no column linking actions to {word}s"),
                )
                .help(format!(
                    "Add a column headed `{} {word}` naming the {word}s each action serves",
                    cx.knowledge.standard
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::SheetBuilder;
    use crate::rules::test_support::{findings, numbered_plan};

    #[test]
    fn fires_in_the_standards_own_words() {
        let plan = || {
            SheetBuilder::new("P")
                .row(&["Action", "Lead", "Deadline"])
                .row(&["Mentoring", "OD", "March 2025"])
        };
        let knowledge = crate::knowledge::Knowledge::wdes();
        let rule = &IndicatorColumnMissing;
        let lines = crate::rules::test_support::findings_in(knowledge, rule, vec![plan()]);
        insta::assert_snapshot!(lines, @"indicator-column-missing  P!A1  Action table has no column linking actions to metrics");
        let workbook = crate::fixture::workbook(vec![plan()]);
        let model = crate::model::build(&workbook, knowledge);
        let mut out = Vec::new();
        rule.check(&Context::new(&workbook, &model, knowledge), &mut out);
        assert_eq!(
            out[0].help.as_deref(),
            Some("Add a column headed `WDES metric` naming the metrics each action serves")
        );
    }

    #[test]
    fn fires_on_table_without_links() {
        let plan = SheetBuilder::new("P")
            .row(&["Action", "Lead", "Deadline"])
            .row(&["Mentoring", "OD", "March 2024"]);
        insta::assert_snapshot!(findings(&IndicatorColumnMissing, vec![plan]), @"indicator-column-missing  P!A1  Action table has no column linking actions to indicators");
    }

    #[test]
    fn quiet_with_link_column() {
        let plan = numbered_plan(&[&[
            "1",
            "Share the data",
            "Pack",
            "All Metric",
            "31.12.18",
            "HR",
        ]]);
        assert_eq!(findings(&IndicatorColumnMissing, vec![plan]), "");
    }
}
