use crate::diagnostic::Finding;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a row of the workbook's `wreslint` suppression sheet that
    /// cannot be used: it names no known rule, gives no reason, or has an
    /// expiry that is not a `YYYY-MM-DD` date. The row suppresses nothing.
    ///
    /// ## Why is this bad?
    /// Every accepted finding needs a reason a reviewer can check; a row with
    /// a typo in its rule would otherwise look like it works.
    ///
    /// ## Example
    /// | Rule | Cell | Reason | Expires |
    /// |---|---|---|---|
    /// | OW002 | G11 | | |
    ///
    /// Use instead: say why the finding is accepted in the Reason column.
    pub struct InvalidSuppression {
        code: "TP901",
        name: "invalid-suppression",
        family: Template,
        severity: Warning,
        summary: "Suppression row names no rule or gives no reason",
    }
}

impl Rule for InvalidSuppression {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    /// Reported by [`crate::suppress`] when it reads the suppression sheet.
    fn check(&self, _: &Context<'_>, _: &mut Vec<Finding>) {}
}

#[cfg(test)]
mod tests {
    use crate::fixture::{workbook, SheetBuilder};
    use crate::registry::all_rules;
    use crate::suppress::from_workbook;

    fn problems(row: &[&str]) -> Vec<String> {
        let book = workbook(vec![SheetBuilder::new("wreslint")
            .row(&["Rule", "Cell", "Reason", "Expires"])
            .row(row)]);
        from_workbook(&book, &all_rules(&[]))
            .1
            .iter()
            .map(|d| format!("{} {}", d.name, d.message))
            .collect()
    }

    #[test]
    fn fires_on_missing_reason_unknown_rule_and_bad_expiry() {
        assert_eq!(
            problems(&["OW002", "G11", "", ""]),
            ["invalid-suppression Suppression of `OW002` gives no reason"]
        );
        assert_eq!(
            problems(&["OW999", "", "x", ""]),
            ["invalid-suppression Suppression names no rule: `OW999`"]
        );
        assert_eq!(
            problems(&["OW002", "", "x", "March"]),
            ["invalid-suppression Suppression of `OW002` has an expiry that is not a date: `March`"]
        );
    }

    #[test]
    fn quiet_on_a_complete_row() {
        assert!(problems(&["action-missing-owner", "G11", "Vacant post", "2024-03-31"]).is_empty());
    }
}
