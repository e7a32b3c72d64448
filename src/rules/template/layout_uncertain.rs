use crate::diagnostic::Finding;
use crate::location::column_letters;
use crate::model::RoleSource;
use crate::rules::{declare_rule, table_location, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Says once per action table, as information, when wreslint had to
    /// infer part of the table's layout: a column given its role by what
    /// its cells hold, or by a word in a heading the cells could not
    /// confirm, or a plan written as labelled blocks rather than a table.
    /// The message lists what was read; `wreslint inspect` shows it in
    /// full. Declaring the template under `layout:` in `.wreslint.yaml`
    /// makes the read certain and silences this note.
    ///
    /// ## Why is this bad?
    /// It is not: it is the one place where wreslint says "this is how I
    /// read your plan" instead of raising a finding on every row when a
    /// guess is wrong. If the read is right, ignore it (or turn the rule
    /// off); if it is wrong, declare the layout.
    ///
    /// ## Example
    /// A table headed `Ref | WRES action | Who | By` reads `Who` as the
    /// owner (its cells are role titles) and `By` as the deadline (its
    /// cells are dates). Declare them:
    ///
    /// ```yaml
    /// layout:
    ///   - columns: { Who: owner, By: deadline }
    /// ```
    pub struct LayoutUncertain {
        code: "TP008",
        name: "layout-uncertain",
        family: Template,
        severity: Info,
        summary: "Part of an action table's layout was inferred, not read from known headings",
    }
}

impl Rule for LayoutUncertain {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for table in &cx.model.action_tables {
            let inferred: Vec<String> = table
                .header
                .columns
                .iter()
                .filter(|c| {
                    matches!(
                        c.source,
                        RoleSource::Content { .. }
                            | RoleSource::HeadingWord { agree: None }
                            | RoleSource::FieldLabel
                            | RoleSource::PeriodHeading { .. }
                    )
                })
                .map(|c| {
                    format!(
                        "{} `{}` as {} ({})",
                        column_letters(c.col),
                        c.header_text.trim().chars().take(40).collect::<String>(),
                        c.concept.label(),
                        c.source.describe()
                    )
                })
                .collect();
            if inferred.is_empty() {
                continue;
            }
            out.push(
                Finding::new(
                    table_location(table),
                    format!("Read the plan on this sheet with {}", inferred.join("; ")),
                )
                .help("Check the read with `wreslint inspect`; if it is wrong, declare the columns under `layout:` in .wreslint.yaml"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::SheetBuilder;
    use crate::rules::test_support::findings;

    #[test]
    fn fires_once_for_a_table_typed_by_its_content() {
        let sheet = SheetBuilder::new("Plan")
            .row(&["Ref", "WRES action", "Person", "Timescale"])
            .row(&["1", "Mentoring scheme", "Director of People", "March 2024"])
            .row(&["2", "Panel audit", "Head of Resourcing", "Q3 2023/24"])
            .row(&["3", "Board session", "Chair", "June 2024"]);
        insta::assert_snapshot!(findings(&LayoutUncertain, vec![sheet]), @"layout-uncertain  Plan!B1  Read the plan on this sheet with B `WRES action` as action (a word in the heading); C `Person` as owner (content: 100% of 3 cells)");
    }

    #[test]
    fn quiet_when_every_heading_is_known() {
        let sheet = SheetBuilder::new("Plan")
            .row(&["Ref", "Action", "Lead", "Deadline"])
            .row(&["1", "Mentoring scheme", "Director of People", "March 2024"]);
        assert_eq!(findings(&LayoutUncertain, vec![sheet]), "");
    }
}
