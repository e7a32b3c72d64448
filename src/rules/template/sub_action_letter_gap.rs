use crate::diagnostic::Finding;
use crate::location::Location;
use crate::rules::template::lettered_fields;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a lettered sub-action that skips a letter ("a. … b. … d. …"),
    /// underlining the letter after the gap.
    ///
    /// ## Why is this bad?
    /// A skipped letter usually means a step was deleted or lost in editing,
    /// and progress reports that refer to "step c" point at nothing.
    ///
    /// ## Example
    /// ```text
    /// a. Advertise the workshops
    /// b. Book facilitators
    /// d. Review the evaluation
    /// ```
    ///
    /// Use instead: reletter the steps, or restore step c.
    pub struct SubActionLetterGap {
        code: "TP003",
        name: "sub-action-letter-gap",
        family: Template,
        severity: Warning,
        summary: "Lettered sub-actions skip a letter",
    }
}

impl Rule for SubActionLetterGap {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (field, subs) in lettered_fields(cx) {
            let mut highest = 'a';
            for sub in subs.iter().skip(1) {
                let expected = char::from(highest as u8 + 1);
                if sub.letter > expected {
                    let (cell, span) = field.locate(sub.marker.clone());
                    out.push(
                        Finding::new(
                            Location::Cell(cell),
                            format!(
                                "Sub-action {} follows {highest}: {expected} is missing",
                                sub.letter
                            ),
                        )
                        .span(span)
                        .help("Reletter the sub-actions, or restore the missing step"),
                    );
                }
                highest = highest.max(sub.letter);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{findings, numbered_plan};

    #[test]
    fn fires_on_a_skipped_letter() {
        let plan = numbered_plan(&[&[
            "1",
            "a. Advertise\nb. Book venues\nd. Review",
            "KPI",
            "Metric 1",
            "31.03.19",
            "HR",
        ]]);
        insta::assert_snapshot!(findings(&SubActionLetterGap, vec![plan]), @"sub-action-letter-gap  Plan!B3  Sub-action d follows b: c is missing  [d.]");
    }

    #[test]
    fn quiet_on_runs_and_prose() {
        let plan = numbered_plan(&[
            &[
                "1",
                "a. Advertise\nb. Book venues\nc. Review",
                "KPI",
                "Metric 1",
                "31.03.19",
                "HR",
            ],
            &[
                "2",
                "Run sessions, e.g. for managers",
                "KPI",
                "Metric 1",
                "31.03.19",
                "HR",
            ],
        ]);
        assert_eq!(findings(&SubActionLetterGap, vec![plan]), "");
    }
}
