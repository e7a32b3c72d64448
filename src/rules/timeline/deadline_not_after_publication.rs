use crate::diagnostic::Finding;
use crate::rules::timeline::{subject, timelines};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a deadline on or before the plan's publication date, from
    /// configuration (`publication_date`) or read from a "Publication date:"
    /// or "Published:" cell (see `docs/periods.md`). A deadline that is also
    /// before the plan period is left to `deadline-before-plan-period`, so
    /// one slip gets one finding. Quiet when no publication date is known.
    ///
    /// ## Why is this bad?
    /// An action due before the plan is even published is either already
    /// done (then say so, and report it as progress) or already late (then
    /// the plan should set a date it can still meet).
    ///
    /// ## Example
    /// In a plan published 31 October 2023:
    ///
    /// | Agreed actions | Deadline |
    /// |---|---|
    /// | Wellbeing conversations for all staff | Q2 2023/24 |
    ///
    /// Use instead: a date after publication, e.g. `Q3 2023/24`.
    pub struct DeadlineNotAfterPublication {
        code: "TL007",
        name: "deadline-not-after-publication",
        family: Timeline,
        severity: Warning,
        summary: "Deadline falls on or before the plan's publication date",
    }
}

impl Rule for DeadlineNotAfterPublication {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(publication) = &cx.model.publication else {
            return;
        };
        let published = publication.value;
        let origin = match &publication.from {
            Some(cell) => format!("read from {cell}"),
            None => "as configured".to_owned(),
        };
        for timeline in timelines(cx) {
            let period_start = timeline.period.map(|p| p.value.start);
            for found in &timeline.found {
                let Some(due) = found.judged_due() else {
                    continue;
                };
                let before_period = period_start.is_some_and(|start| due < start);
                if due > published || before_period {
                    continue;
                }
                out.push(
                    found
                        .finding(format!(
                            "{} is due on or before the plan's publication date ({published}): {}",
                            subject(timeline, found),
                            found.describe(&timeline.ctx)
                        ))
                        .help(format!(
                            "Set a date after publication ({published}, {origin}); if the work is already done, report it as done rather than planned"
                        )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::SheetBuilder;
    use crate::rules::test_support::findings;

    fn plan(published: &str, deadlines: &[&str]) -> SheetBuilder {
        let mut sheet = SheetBuilder::new("Plan")
            .row(&["WRES Action Plan 2023-24"])
            .row(&[published])
            .row(&["Action", "Lead", "Deadline"]);
        for deadline in deadlines {
            sheet = sheet.row(&["Run the campaign", "HR", deadline]);
        }
        sheet
    }

    #[test]
    fn fires_on_deadlines_on_or_before_publication() {
        let sheet = plan(
            "Publication date: 31 October 2023",
            &["Q2 2023/24", "by 31.10.23", "by 01.11.23"],
        );
        insta::assert_snapshot!(findings(&DeadlineNotAfterPublication, vec![sheet]), @r#"
        deadline-not-after-publication  Plan!C4  Action "Run the campaign" is due on or before the plan's publication date (31 October 2023): `Q2 2023/24` is July – September 2023, due 30 September 2023  [Q2 2023/24]
        deadline-not-after-publication  Plan!C5  Action "Run the campaign" is due on or before the plan's publication date (31 October 2023): `by 31.10.23` is 31 October 2023  [31.10.23]
        "#);
    }

    #[test]
    fn quiet_after_publication_before_the_period_or_without_a_date() {
        let sheet = plan(
            "Publication date: 31 October 2023",
            &["by 01.11.23", "Q4 2023/24", "by 31.03.23", "Ongoing"],
        );
        assert_eq!(findings(&DeadlineNotAfterPublication, vec![sheet]), "");
        let unpublished = plan("Approved by the board", &["Q2 2023/24"]);
        assert_eq!(
            findings(&DeadlineNotAfterPublication, vec![unpublished]),
            ""
        );
    }
}
