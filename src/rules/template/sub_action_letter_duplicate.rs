use crate::diagnostic::Finding;
use crate::location::Location;
use crate::rules::template::lettered_fields;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a lettered sub-action that repeats an earlier letter in the same
    /// cell ("a. … b. … b. …"), underlining the repeat.
    ///
    /// ## Why is this bad?
    /// Two steps with one letter cannot be told apart in progress updates,
    /// and the repeat often hides a step that was meant to be separate.
    ///
    /// ## Example
    /// ```text
    /// a. Agree the format
    /// b. Hold the events
    /// b. Summarise the feedback
    /// ```
    ///
    /// Use instead: letter the last step c.
    pub struct SubActionLetterDuplicate {
        code: "TP004",
        name: "sub-action-letter-duplicate",
        family: Template,
        severity: Warning,
        summary: "Two lettered sub-actions share a letter",
    }
}

impl Rule for SubActionLetterDuplicate {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (field, subs) in lettered_fields(cx) {
            for (i, sub) in subs.iter().enumerate() {
                if subs[..i].iter().any(|earlier| earlier.letter == sub.letter) {
                    let (cell, span) = field.locate(sub.marker.clone());
                    out.push(
                        Finding::new(
                            Location::Cell(cell),
                            format!("Sub-action {} is lettered twice", sub.letter),
                        )
                        .span(span)
                        .help("Give each step its own letter, in order"),
                    );
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
    fn fires_on_a_repeated_letter() {
        let plan = numbered_plan(&[&[
            "1",
            "a. Agree\nb. Hold events\nb. Summarise",
            "KPI",
            "Metric 1",
            "31.03.19",
            "HR",
        ]]);
        insta::assert_snapshot!(findings(&SubActionLetterDuplicate, vec![plan]), @"sub-action-letter-duplicate  Plan!B3  Sub-action b is lettered twice  [b.]");
    }

    #[test]
    fn quiet_on_distinct_letters() {
        let plan = numbered_plan(&[&[
            "1",
            "a. Agree\nb. Hold events\nc. Summarise",
            "KPI",
            "Metric 1",
            "31.03.19",
            "HR",
        ]]);
        assert_eq!(findings(&SubActionLetterDuplicate, vec![plan]), "");
    }
}
