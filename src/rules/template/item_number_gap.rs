use crate::diagnostic::Finding;
use crate::location::Location;
use crate::rules::template::numbered_items;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports an item number that skips one or more numbers after the highest
    /// item so far (1, 2, 3, 4, 6), at the item after the gap.
    ///
    /// ## Why is this bad?
    /// A missing number usually means an action was deleted, or lost when rows
    /// were moved, and cross-references ("see item 5") now point at nothing.
    ///
    /// ## Example
    /// | Item | Activity/Work Piece |
    /// |---|---|
    /// | 4 | Positive action workshops |
    /// | 6 | Analyse recruitment data |
    ///
    /// Use instead: renumber the items, or restore the missing action.
    pub struct ItemNumberGap {
        code: "TP001",
        name: "item-number-gap",
        family: Template,
        severity: Warning,
        summary: "Item numbers skip a number",
    }
}

impl Rule for ItemNumberGap {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for table in &cx.model.action_tables {
            let mut highest: Option<u32> = None;
            for (number, field) in numbered_items(table) {
                if let Some(before) = highest {
                    if number > before + 1 {
                        let missing = if number == before + 2 {
                            format!("item {} is missing", before + 1)
                        } else {
                            format!("items {}–{} are missing", before + 1, number - 1)
                        };
                        out.push(
                            Finding::new(
                                Location::Cell(field.cell().clone()),
                                format!("Item {number} follows item {before}: {missing}"),
                            )
                            .help("Renumber the items, or restore the missing action"),
                        );
                    }
                }
                highest = Some(highest.map_or(number, |h| h.max(number)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{findings, numbered_plan};

    fn plan(items: &[&str]) -> crate::fixture::SheetBuilder {
        let rows: Vec<[&str; 6]> = items
            .iter()
            .map(|i| [*i, "Act", "KPI", "Metric 1", "31.03.19", "HR"])
            .collect();
        let rows: Vec<&[&str]> = rows.iter().map(|r| &r[..]).collect();
        numbered_plan(&rows)
    }

    #[test]
    fn fires_after_a_skipped_number() {
        insta::assert_snapshot!(findings(&ItemNumberGap, vec![plan(&["1", "2", "4", "7"])]), @r"
        item-number-gap  Plan!A5  Item 4 follows item 2: item 3 is missing
        item-number-gap  Plan!A6  Item 7 follows item 4: items 5–6 are missing
        ");
    }

    #[test]
    fn quiet_on_runs_duplicates_and_dotted_items() {
        assert_eq!(
            findings(
                &ItemNumberGap,
                vec![plan(&["1", "2.", "2", "3", "3.1", "4"])]
            ),
            ""
        );
    }
}
