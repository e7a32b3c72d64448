use crate::diagnostic::Finding;
use crate::knowledge::Concept;
use crate::location::Location;
use crate::rules::{declare_rule, quote, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a cell of an action that holds only a placeholder ("TBC",
    /// "TBA", "to be confirmed", "?", a lone "·" or "-"). The list is data:
    /// `placeholders` in `rules/wres.yaml`. Item numbers and status cells are
    /// not checked (a "-" status is common and harmless). An owner that is a
    /// placeholder is `owner-not-identified`, and a deadline that is one is
    /// `action-missing-deadline`: one finding for one cause.
    ///
    /// ## Why is this bad?
    /// A placeholder fills the cell, so the plan looks complete, but the
    /// measure or text it stands for was never decided.
    ///
    /// ## Example
    /// | Activity/Work Piece | Outcomes to be achieved |
    /// |---|---|
    /// | Reverse mentoring for executives | TBC |
    ///
    /// Use instead: agree the outcome before the plan goes to committee.
    pub struct PlaceholderText {
        code: "TP005",
        name: "placeholder-text",
        family: Template,
        severity: Warning,
        summary: "Cell holds only a placeholder such as TBC",
    }
}

impl Rule for PlaceholderText {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (_, action) in cx.model.actions() {
            for (concept, field) in action.fields() {
                // An owner or deadline that is only a placeholder is reported
                // by owner-not-identified and action-missing-deadline: one
                // finding for one cause.
                if matches!(
                    concept,
                    Concept::Item | Concept::Status | Concept::Owner | Concept::Deadline
                ) || !cx.knowledge.is_placeholder(&field.text)
                {
                    continue;
                }
                let what = match concept {
                    Concept::Action => "action text".to_owned(),
                    // "indicator link" or "metric link", in the standard's word.
                    Concept::Indicator => format!("{} link", cx.knowledge.item_word),
                    _ => concept.label().to_owned(),
                };
                out.push(
                    Finding::new(
                        Location::Cell(field.cell().clone()),
                        format!(
                            "The {what} is only the placeholder \"{}\"",
                            field.text.trim()
                        ),
                    )
                    .help(format!(
                        "Replace it with the agreed {what} for \"{}\"",
                        quote(&action.text.text)
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{findings, numbered_plan};

    #[test]
    fn fires_on_placeholder_outcome_and_leaves_owners_to_their_rule() {
        let plan = numbered_plan(&[
            &[
                "1",
                "Reverse mentoring",
                "TBC",
                "Metric 1",
                "31.03.19",
                "HR",
            ],
            &[
                "2",
                "Focus groups",
                "Report",
                "Metric 5",
                "31.03.19",
                "to be confirmed",
            ],
        ]);
        insta::assert_snapshot!(findings(&PlaceholderText, vec![plan]), @r#"
        placeholder-text  Plan!C3  The KPI / measure is only the placeholder "TBC"
        "#);
    }

    #[test]
    fn fires_on_a_placeholder_link_in_the_standards_words() {
        let plan = crate::fixture::SheetBuilder::new("Plan")
            .row(&["WDES Metric", "Action", "Lead"])
            .row(&["TBC", "Guaranteed interviews", "Head of Recruitment"]);
        let knowledge = crate::knowledge::Knowledge::wdes();
        insta::assert_snapshot!(
            crate::rules::test_support::findings_in(knowledge, &PlaceholderText, vec![plan]),
            @r#"placeholder-text  Plan!A2  The metric link is only the placeholder "TBC""#
        );
    }

    #[test]
    fn quiet_when_placeholder_words_are_part_of_a_sentence() {
        let plan = numbered_plan(&[&[
            "1",
            "Reverse mentoring",
            "Dates TBC by March",
            "Metric 1",
            "31.03.19",
            "HR",
        ]]);
        assert_eq!(findings(&PlaceholderText, vec![plan]), "");
    }
}
