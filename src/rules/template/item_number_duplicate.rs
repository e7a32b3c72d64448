use std::collections::HashMap;

use crate::diagnostic::Finding;
use crate::location::Location;
use crate::rules::template::numbered_items;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports an item number used a second time in the same action table, at
    /// the second use.
    ///
    /// ## Why is this bad?
    /// Committee papers and progress reports refer to actions by number; two
    /// items with one number make those references ambiguous.
    ///
    /// ## Example
    /// | Item | Activity/Work Piece |
    /// |---|---|
    /// | 9 | Staff survey focus groups |
    /// | 9 | Reverse mentoring |
    ///
    /// Use instead: number the second item 10 and renumber those after it.
    pub struct ItemNumberDuplicate {
        code: "TP002",
        name: "item-number-duplicate",
        family: Template,
        severity: Warning,
        summary: "Two items share a number",
    }
}

impl Rule for ItemNumberDuplicate {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for table in &cx.model.action_tables {
            let mut first = HashMap::new();
            for (number, field) in numbered_items(table) {
                match first.get(&number) {
                    None => {
                        first.insert(number, field.cell().clone());
                    }
                    Some(earlier) => out.push(
                        Finding::new(
                            Location::Cell(field.cell().clone()),
                            format!(
                                "Item {number} is numbered twice (first at {})",
                                crate::location::Location::Cell(earlier.clone())
                            ),
                        )
                        .help("Give each action its own number"),
                    ),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{findings, numbered_plan};

    #[test]
    fn fires_on_the_second_use() {
        let plan = numbered_plan(&[
            &["8", "Act", "KPI", "Metric 1", "31.03.19", "HR"],
            &["9", "Act", "KPI", "Metric 1", "31.03.19", "HR"],
            &["9", "Act", "KPI", "Metric 1", "31.03.19", "HR"],
        ]);
        insta::assert_snapshot!(findings(&ItemNumberDuplicate, vec![plan]), @"item-number-duplicate  Plan!A5  Item 9 is numbered twice (first at Plan!A4)");
    }

    #[test]
    fn quiet_on_distinct_numbers_and_unnumbered_rows() {
        let plan = numbered_plan(&[
            &["1", "Act", "KPI", "Metric 1", "31.03.19", "HR"],
            &["2", "Act", "KPI", "Metric 1", "31.03.19", "HR"],
        ]);
        assert_eq!(findings(&ItemNumberDuplicate, vec![plan]), "");
    }
}
