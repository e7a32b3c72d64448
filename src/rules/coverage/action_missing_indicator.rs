use crate::diagnostic::Finding;
use crate::location::{CellRef, Location};
use crate::rules::{capitalise, declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports an action that is linked to no indicator: its link cell is
    /// empty (and no banner above it names one), or holds only a theme in a
    /// column of themes with their indicators ("Leadership (Metric 1 and
    /// 9)"), or, in an indicator matrix, no indicator column is marked or
    /// coloured. A link cell that names no valid indicator ("Separate WRES
    /// Analysis") is reported once, by `invalid-indicator-reference`, not
    /// again here; one naming only the other standard's items ("WDES 4" in a
    /// joint plan) is that standard's action and is not reported.
    ///
    /// ## Why is this bad?
    /// A WRES action plan exists to close the gaps the indicators measure. An
    /// action tied to no indicator cannot be traced to the gap it should close,
    /// and committees cannot tell whether every indicator is addressed.
    ///
    /// ## Example
    /// | Item | Activity | Link to WRES Metric |
    /// |---|---|---|
    /// | 14 | Produce a WRES analysis for bank staff | |
    ///
    /// Use instead: `Metric 1` (or whichever indicators the action serves), or
    /// `All` for an action that serves every indicator.
    pub struct ActionMissingIndicator {
        code: "CV001",
        name: "action-missing-indicator",
        family: Coverage,
        severity: Error,
        summary: "Action is linked to no valid WRES indicator",
    }
}

impl Rule for ActionMissingIndicator {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (table, action) in cx.model.actions() {
            // An action of the other standard in a joint plan ("WDES 4").
            if action.links.is_linked() || action.links.other || !cx_has_links(table) {
                continue;
            }
            // A link cell naming no valid indicator is reported once, by
            // invalid-indicator-reference, not again on each action under it.
            if !action.links.invalid.is_empty() {
                continue;
            }
            let word = &cx.knowledge.item_word;
            let (location, detail) = match &action.indicator {
                // Non-blank link cells name an indicator or an invalid one.
                Some(field) if field.text.trim().is_empty() => {
                    (field.cell().clone(), "its link cell is empty".to_owned())
                }
                // A theme in a column of themes with their indicators.
                Some(field) => (
                    field.cell().clone(),
                    format!("its link cell names no {word}, only a theme"),
                ),
                // A matrix row: point at its first indicator column.
                None => (
                    table
                        .header
                        .matrix
                        .iter()
                        .map(|m| m.col)
                        .min()
                        .map(|col| CellRef::new(&table.sheet, action.first_row, col))
                        .unwrap_or_else(|| action.text.cell().clone()),
                    format!("no {word} column is marked on its row"),
                ),
            };
            out.push(
                Finding::new(
                    Location::Cell(location),
                    format!("Action is linked to no {word}: {detail}"),
                )
                .help(format!(
                    "Name the {word}s this action serves (e.g. `{} 1 & 7`), or `All`",
                    capitalise(word)
                )),
            );
        }
    }
}

/// Tables without any link column are reported once by `indicator-column-missing`.
fn cx_has_links(table: &crate::model::ActionTable) -> bool {
    table.has(crate::knowledge::Concept::Indicator)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::SheetBuilder;
    use crate::rules::test_support::{findings, numbered_plan};

    #[test]
    fn fires_on_empty_links_and_leaves_invalid_ones_to_their_rule() {
        let plan = numbered_plan(&[
            &[
                "1",
                "Share the data",
                "Pack issued",
                "Metric 1",
                "31.12.18",
                "HR",
            ],
            &[
                "2",
                "Bank staff analysis",
                "Report",
                "Separate WRES Analysis",
                "31.03.19",
                "HR",
            ],
            &[
                "3",
                "Cultural ambassadors",
                "All cases",
                "",
                "31.03.19",
                "HR",
            ],
        ]);
        insta::assert_snapshot!(findings(&ActionMissingIndicator, vec![plan]), @"action-missing-indicator  Plan!D5  Action is linked to no indicator: its link cell is empty");
    }

    #[test]
    fn fires_on_unmarked_matrix_row() {
        let plan = SheetBuilder::new("M")
            .row(&["No.", "Action", "Lead", "1", "2", "3"])
            .row(&["1", "Mentoring", "OD", "✓", "", ""])
            .row(&["2", "Panels", "HR", "", "", ""]);
        insta::assert_snapshot!(findings(&ActionMissingIndicator, vec![plan]), @"action-missing-indicator  M!D3  Action is linked to no indicator: no indicator column is marked on its row");
    }

    #[test]
    fn quiet_when_linked_or_all() {
        let plan = numbered_plan(&[
            &[
                "1",
                "Share the data",
                "Pack issued",
                "All Metric",
                "31.12.18",
                "HR",
            ],
            &[
                "2",
                "Mentoring",
                "Mentors report",
                "Metric 1, 2 & 7",
                "31.10.18",
                "HR",
            ],
        ]);
        assert_eq!(findings(&ActionMissingIndicator, vec![plan]), "");
    }
}
