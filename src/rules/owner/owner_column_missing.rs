use crate::diagnostic::Finding;
use crate::knowledge::Concept;
use crate::rules::{declare_rule, tables_without, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports an action table with no owner column (headed e.g. "Lead",
    /// "Responsible for action", "Accountable People / Team", "Owner"). A
    /// table with no action under its header is not reported.
    ///
    /// ## Why is this bad?
    /// An action nobody owns is an action nobody delivers. Committees ask
    /// "who is accountable?" first.
    ///
    /// ## Example
    /// A plan headed `Action | Deadline | KPI`: add a `Lead` column naming the
    /// role accountable for each action.
    pub struct OwnerColumnMissing {
        code: "OW001",
        name: "owner-column-missing",
        family: Owner,
        severity: Warning,
        summary: "Action table has no owner column",
    }
}

impl Rule for OwnerColumnMissing {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for location in tables_without(cx, Concept::Owner) {
            out.push(
                Finding::new(location, "Action table has no owner column")
                    .help("Add a column headed `Lead` naming the role accountable for each action"),
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
    fn fires_without_owner_column() {
        let plan = SheetBuilder::new("P")
            .row(&["WRES Indicator", "Action", "Deadline"])
            .row(&["1", "Mentoring", "March 2024"]);
        insta::assert_snapshot!(findings(&OwnerColumnMissing, vec![plan]), @"owner-column-missing  P!B1  Action table has no owner column");
    }

    #[test]
    fn quiet_on_a_header_with_no_action_under_it() {
        // A blank template, or a table the page cut off after its header.
        let plan = SheetBuilder::new("P").row(&["WRES Indicator", "Action", "Deadline"]);
        assert_eq!(findings(&OwnerColumnMissing, vec![plan]), "");
    }

    #[test]
    fn quiet_with_owner_column() {
        let plan = numbered_plan(&[&["1", "Data pack", "Pack", "All", "31.12.18", ""]]);
        assert_eq!(findings(&OwnerColumnMissing, vec![plan]), "");
    }
}
