use crate::diagnostic::Finding;
use crate::location::Location;
use crate::rules::{blank_fields, declare_rule, quote, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports an action whose KPI / measure cell is empty, in a plan that has
    /// such a column (including a shared "KPIs and Timelines" column).
    ///
    /// ## Why is this bad?
    /// An action without a measure cannot be shown to have worked; the
    /// committee has nothing to hold the owner to.
    ///
    /// ## Example
    /// | Activity | Outcomes to be achieved |
    /// |---|---|
    /// | Deliver two cultural awareness sessions for managers | *(empty)* |
    ///
    /// Use instead: `80% of middle managers attend by March 2019; post-session
    /// confidence score up from 3.1 to 4.0`.
    pub struct ActionMissingKpi {
        code: "ME002",
        name: "action-missing-kpi",
        family: Measure,
        severity: Warning,
        summary: "Action has no KPI or measure",
    }
}

impl Rule for ActionMissingKpi {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (action, kpi) in blank_fields(cx, |a| a.kpi.as_ref()) {
            out.push(
                Finding::new(
                    Location::Cell(kpi.cell().clone()),
                    format!(
                        "Action \"{}\" has no KPI or measure",
                        quote(&action.text.text)
                    ),
                )
                .help("State how success will be measured: a baseline and a numeric target"),
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
    fn fires_on_empty_kpi_cells() {
        let plan = numbered_plan(&[
            &["1", "Data pack", "Pack issued", "All", "31.12.18", "HR"],
            &[
                "2",
                "Cultural awareness sessions",
                "",
                "All",
                "31.03.19",
                "HR",
            ],
        ]);
        let shared = SheetBuilder::new("Rows")
            .row(&["WRES Indicators", "Agreed Actions", "KPIs and Timelines"])
            .row(&["Indicator 2", "Refresh appraisal", ""]);
        insta::assert_snapshot!(findings(&ActionMissingKpi, vec![plan, shared]), @r#"
        action-missing-kpi  Plan!C4  Action "Cultural awareness sessions" has no KPI or measure
        action-missing-kpi  Rows!C2  Action "Refresh appraisal" has no KPI or measure
        "#);
    }

    #[test]
    fn quiet_when_measured() {
        let plan = numbered_plan(&[&[
            "1",
            "Data pack",
            "Pack issued to 40 managers",
            "All",
            "31.12.18",
            "HR",
        ]]);
        assert_eq!(findings(&ActionMissingKpi, vec![plan]), "");
    }
}
