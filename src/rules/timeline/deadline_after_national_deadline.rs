use crate::diagnostic::Finding;
use crate::rules::timeline::national::{hia_label, referenced_by, NationalDeadlines};
use crate::rules::timeline::{subject, timelines};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports an action that names a high impact action of NHS England's EDI
    /// improvement plan ("HIA 1", "High Impact Action 1") and sets itself a
    /// deadline later than the latest deadline set nationally for it. The
    /// national deadlines are data in `rules/high-impact-actions.yaml`
    /// (WRES.md §3.1). Dates quoted as the national deadline are left to
    /// `national-deadline-misquoted`.
    ///
    /// ## Why is this bad?
    /// The national deadlines are what NHS England will check the trust
    /// against; a local plan that aims later has already accepted missing
    /// them, usually without saying so.
    ///
    /// ## Example
    /// | Agreed actions | Deadline |
    /// |---|---|
    /// | HIA 1: board members' EDI objectives assessed at appraisal | by 30 September 2025 |
    ///
    /// Use instead: `by 31 March 2024`, or record why the trust will be later.
    pub struct DeadlineAfterNationalDeadline {
        code: "TL010",
        name: "deadline-after-national-deadline",
        family: Timeline,
        severity: Warning,
        summary: "Local deadline for a high impact action is later than the national one",
    }
}

impl Rule for DeadlineAfterNationalDeadline {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let table = NationalDeadlines::builtin();
        for timeline in timelines(cx) {
            let numbers = referenced_by(timeline.action);
            let latest = numbers
                .iter()
                .filter_map(|n| table.action(*n).and_then(|hia| hia.latest()))
                .max();
            let Some(latest) = latest else { continue };
            for found in &timeline.found {
                if found.judged_due().is_none_or(|due| due <= latest) {
                    continue;
                }
                let at = found.expr.span.start;
                if !found.expr.span.is_empty() && table.quoted_as_national(&found.field.text, at) {
                    continue;
                }
                let hias = hia_label(&numbers);
                out.push(
                    found
                        .finding(format!(
                            "{} is due after the national deadline for {hias} ({latest}): {}",
                            subject(timeline, found),
                            found.describe(&timeline.ctx)
                        ))
                        .help(format!(
                            "Bring the deadline forward to {latest} or earlier, as NHS England's EDI improvement plan sets for {hias}, or record why the trust will be later"
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

    fn plan(rows: &[&[&str]]) -> SheetBuilder {
        let mut sheet = SheetBuilder::new("Plan")
            .row(&["EDI Action Plan 2023/24 – 2025/26"])
            .row(&["Agreed actions", "Lead", "Deadline"]);
        for row in rows {
            sheet = sheet.row(row);
        }
        sheet
    }

    #[test]
    fn fires_on_a_local_deadline_later_than_the_national_one() {
        let sheet = plan(&[
            &[
                "HIA 1: board members' EDI objectives assessed at appraisal",
                "Chair",
                "by 30 September 2025",
            ],
            &[
                "Wellbeing conversations (HIA4)",
                "Head of Wellbeing",
                "Q4 2025/26",
            ],
        ]);
        insta::assert_snapshot!(findings(&DeadlineAfterNationalDeadline, vec![sheet]), @r#"
        deadline-after-national-deadline  Plan!C3  Action "HIA 1: board members' EDI objectives…" is due after the national deadline for HIA 1 (31 March 2025): `by 30 September 2025` is 30 September 2025  [30 September 2025]
        deadline-after-national-deadline  Plan!C4  Action "Wellbeing conversations (HIA4)" is due after the national deadline for HIA 4 (30 April 2025): `Q4 2025/26` is January – March 2026, due 31 March 2026  [Q4 2025/26]
        "#);
    }

    #[test]
    fn quiet_on_time_on_quoted_national_dates_and_without_an_hia() {
        let sheet = plan(&[
            &["HIA 1: board EDI objectives", "Chair", "by 31 March 2024"],
            &[
                "HIA 2: talent plan",
                "OD",
                "by 30 April 2024 (national deadline: June 2025)",
            ],
            &["Board EDI objectives", "Chair", "by 30 September 2025"],
        ]);
        assert_eq!(findings(&DeadlineAfterNationalDeadline, vec![sheet]), "");
    }
}
