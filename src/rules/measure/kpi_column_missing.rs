use crate::diagnostic::Finding;
use crate::knowledge::Concept;
use crate::rules::{declare_rule, table_location, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports an action table with neither a KPI or measure column (headed
    /// e.g. "Measure of success", "KPI", "How will we measure success?") nor
    /// a target column. A table with no action under its header is not
    /// reported.
    ///
    /// ## Why is this bad?
    /// An action with no measure cannot be shown to have worked: the
    /// committee sees activity, not progress on the indicator it serves.
    ///
    /// ## Example
    /// A plan headed `Action | Lead | Deadline`: add a `Measure of success`
    /// column stating, for each action, the figure that will show it worked.
    pub struct KpiColumnMissing {
        code: "ME001",
        name: "kpi-column-missing",
        family: Measure,
        severity: Warning,
        summary: "Action table has no KPI or measure column",
    }
}

impl Rule for KpiColumnMissing {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        // A target column (or list) measures the actions too.
        for table in crate::rules::tables_with_actions(cx)
            .filter(|t| !t.has(Concept::Kpi) && !t.has(Concept::Target))
        {
            let location = table_location(table);
            out.push(
                Finding::new(location, "Action table has no KPI or measure column")
                    .help("Add a column headed `Measure of success` stating how each action will be measured"),
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
    fn fires_without_kpi_column() {
        let plan = SheetBuilder::new("P")
            .row(&["WRES Indicator", "Action", "Lead"])
            .row(&["1", "Mentoring", "HR"]);
        insta::assert_snapshot!(findings(&KpiColumnMissing, vec![plan]), @"kpi-column-missing  P!B1  Action table has no KPI or measure column");
    }

    #[test]
    fn quiet_with_kpi_column() {
        let plan = numbered_plan(&[&["1", "Data pack", "Pack", "All", "31.12.18", ""]]);
        assert_eq!(findings(&KpiColumnMissing, vec![plan]), "");
    }
}
