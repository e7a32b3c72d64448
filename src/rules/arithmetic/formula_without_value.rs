use crate::diagnostic::Finding;
use crate::location::Location;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a formula cell in a data table, or in an action's baseline or
    /// target, whose result was never saved in the file, so wreslint (and any
    /// reader that does not recalculate) cannot check it. Other formula cells
    /// are judged by their saved result like any number.
    ///
    /// ## Why is this bad?
    /// Files written by scripts and some export tools store formulas without
    /// results. Viewers that do not calculate — previews, mail clients,
    /// screen readers, the published PDF pipeline — show an empty cell.
    ///
    /// ## Example
    /// `=SUM(E5:E18)` in a Total cell with no cached value: open the workbook
    /// in a spreadsheet program, let it calculate, and save it.
    pub struct FormulaWithoutValue {
        code: "AR011",
        name: "formula-without-value",
        family: Arithmetic,
        severity: Warning,
        summary: "Formula has no saved result to check",
    }
}

impl Rule for FormulaWithoutValue {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let mut cells: Vec<_> = cx
            .model
            .data_tables
            .iter()
            .flat_map(|t| t.uncalculated().iter().cloned())
            .collect();
        for (_, action) in cx.model.actions() {
            for field in action.baseline.iter().chain(&action.targets) {
                for part in &field.parts {
                    if cx
                        .workbook
                        .cell(&part.cell)
                        .is_some_and(|c| c.formula && c.value.is_empty())
                    {
                        cells.push(part.cell.clone());
                    }
                }
            }
        }
        for cell in cells {
            out.push(
                Finding::new(
                    Location::Cell(cell),
                    "Formula has no saved result, so its figure cannot be checked",
                )
                .help(
                    "Open the workbook in a spreadsheet program, let it recalculate, and save it",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::arithmetic::fixtures::bands;
    use crate::rules::test_support::findings;
    use crate::workbook::Value;

    #[test]
    fn fires_on_a_total_formula_without_a_cached_value() {
        let sheet = bands(&[
            &["Band 2", "196", "58", "9", "263"],
            &["Band 3", "241", "52", "11", "304"],
            &["Total", "437", "110", "20"],
        ])
        .formula(5, 4, Value::Empty);
        insta::assert_snapshot!(findings(&FormulaWithoutValue, vec![sheet]), @"formula-without-value  Ind1!E6  Formula has no saved result, so its figure cannot be checked");
    }

    #[test]
    fn quiet_on_formulas_with_cached_values() {
        let sheet =
            bands(&[&["Band 2", "196", "58", "9", "263"]]).formula(3, 4, Value::Number(263.0));
        assert_eq!(findings(&FormulaWithoutValue, vec![sheet]), "");
    }
}
