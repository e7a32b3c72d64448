use crate::diagnostic::Finding;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a row of the workbook's `wreslint` suppression sheet that
    /// suppressed nothing: no finding of its rule at its cell, or its expiry
    /// date has passed. The suppression engine reports it after every other
    /// rule has run (unused suppressions in configuration are reported on
    /// stderr, naming the file).
    ///
    /// ## Why is this bad?
    /// A stale suppression hides nothing today but will silently hide a new
    /// problem that appears at the same cell tomorrow.
    ///
    /// ## Example
    /// | Rule | Cell | Reason | Expires |
    /// |---|---|---|---|
    /// | OW002 | G11 | Post being recruited to | 2024-03-31 |
    ///
    /// once G11 names an owner. Use instead: delete the row.
    pub struct UnusedSuppression {
        code: "TP900",
        name: "unused-suppression",
        family: Template,
        severity: Warning,
        summary: "Suppression matches no finding",
    }
}

impl Rule for UnusedSuppression {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    /// Reported by [`crate::suppress`], which alone knows what was suppressed.
    fn check(&self, _: &Context<'_>, _: &mut Vec<Finding>) {}
}

#[cfg(test)]
mod tests {
    use crate::fixture::{workbook, SheetBuilder};
    use crate::registry::all_rules;
    use crate::suppress::{apply, from_workbook, unused_in_workbook};

    fn unused(rows: &[&[&str]]) -> Vec<String> {
        let mut sheet = SheetBuilder::new("wreslint").row(&["Rule", "Cell", "Reason", "Expires"]);
        for row in rows {
            sheet = sheet.row(row);
        }
        let book = workbook(vec![sheet]);
        let (sups, _) = from_workbook(&book, &all_rules(&[]));
        let applied = apply(&mut Vec::new(), &sups, std::path::Path::new("x.xlsx"), None);
        unused_in_workbook(&sups, &applied, None)
            .iter()
            .map(|d| format!("{} {} {}", d.name, d.location, d.message))
            .collect()
    }

    #[test]
    fn fires_when_nothing_matches() {
        assert_eq!(
            unused(&[&["OW002", "G11", "Post being recruited to", ""]]),
            ["unused-suppression wreslint!A2 Suppression matches no finding"]
        );
    }

    #[test]
    fn quiet_without_a_suppression_sheet() {
        assert!(unused(&[]).is_empty());
    }
}
