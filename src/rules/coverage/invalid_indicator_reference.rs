use std::collections::HashSet;

use crate::diagnostic::Finding;
use crate::location::Location;
use crate::model::InvalidReason;
use crate::rules::{capitalise, declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports text in an indicator-link cell that names no WRES indicator:
    /// a phrase such as "Separate WRES Analysis", a number outside 1-9, or a
    /// label cut off mid-word ("Indicato Equal opportu").
    ///
    /// ## Why is this bad?
    /// Coverage is read from these cells. A reference that names no indicator
    /// leaves the action untraceable, and a truncated label usually means text
    /// was lost when the plan was copied between documents.
    ///
    /// ## Example
    /// `Link to WRES Metric: Separate WRES Analysis`; use the indicator
    /// numbers the work serves, e.g. `Metric 1 & 2`.
    pub struct InvalidIndicatorReference {
        code: "CV003",
        name: "invalid-indicator-reference",
        family: Coverage,
        severity: Error,
        summary: "Indicator-link cell names no valid indicator",
    }
}

impl Rule for InvalidIndicatorReference {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let word = &cx.knowledge.item_word;
        let count = cx.knowledge.indicator_count;
        // A label merged or carried down over several actions is reported once.
        let mut seen = HashSet::new();
        for (_, action) in cx.model.actions() {
            let Some(field) = &action.indicator else {
                continue;
            };
            for invalid in &action.links.invalid {
                let (cell, span) = field.locate(invalid.span.clone());
                if !seen.insert((cell.clone(), span.clone())) {
                    continue;
                }
                let text = field.text.get(invalid.span.clone()).unwrap_or_default();
                let (message, help) = match &invalid.reason {
                    InvalidReason::NoIndicator => (
                        format!("`{text}` does not name any {word}"),
                        format!("Name {word} numbers 1-{count} or `All`"),
                    ),
                    InvalidReason::Truncated { word: cut, full } => (
                        format!("`{text}` looks truncated (`{cut}` for `{full}`)"),
                        "Restore the full label from the source document".to_owned(),
                    ),
                    InvalidReason::OutOfRange(n) => (
                        format!(
                            "{} {n} does not exist; {} has {word}s 1-{count}",
                            capitalise(word),
                            cx.knowledge.standard
                        ),
                        format!("Use {word} numbers 1-{count}"),
                    ),
                };
                out.push(
                    Finding::new(Location::Cell(cell), message)
                        .help(help)
                        .span(span),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::SheetBuilder;
    use crate::rules::test_support::{findings, numbered_plan};

    #[test]
    fn fires_on_phrases_numbers_and_truncation() {
        let plan = numbered_plan(&[
            &[
                "1",
                "Bank analysis",
                "Report",
                "Separate WRES Analysis",
                "31.03.19",
                "HR",
            ],
            &["2", "Pay gap", "Report", "Metric 10", "31.03.19", "HR"],
        ]);
        let merged = SheetBuilder::new("Rows")
            .row(&["WRES Indicators", "Agreed Actions", "KPIs and Timelines"])
            .row(&[
                "Indicato Equal opportu",
                "Extend pay gap reporting",
                "Q3 2023/24",
            ])
            .row(&["", "Devise a training programme", "Q4 2023/24"])
            .merge(1, 0, 2, 0);
        insta::assert_snapshot!(findings(&InvalidIndicatorReference, vec![plan, merged]), @r"
        invalid-indicator-reference  Plan!D3  `Separate WRES Analysis` does not name any indicator  [Separate WRES Analysis]
        invalid-indicator-reference  Plan!D4  Indicator 10 does not exist; WRES has indicators 1-9  [10]
        invalid-indicator-reference  Rows!A2  `Indicato Equal opportu` looks truncated (`Indicato` for `indicator`)  [Indicato Equal opportu]
        ");
    }

    #[test]
    fn quiet_on_valid_references() {
        let plan = numbered_plan(&[&[
            "1",
            "Mentoring",
            "Report",
            "Metric 1, 2 & 7",
            "31.10.18",
            "HR",
        ]]);
        assert_eq!(findings(&InvalidIndicatorReference, vec![plan]), "");
    }
}
