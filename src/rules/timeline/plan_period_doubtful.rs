use crate::diagnostic::Finding;
use crate::location::Location;
use crate::rules::timeline::period_doubt;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports, once, a plan period read from the workbook (its title, a
    /// header, a sheet name) when more than half of the plan's dated
    /// deadlines (at least four) fall after it ends. (Deadlines before it
    /// starts are stale actions, each reported by
    /// `deadline-before-plan-period`.) The deadlines are then not
    /// judged against that period one by one (`deadline-before-plan-period`
    /// and `deadline-after-plan-period` stay quiet for them): the period, not
    /// each deadline, is what is probably wrong. A period set by
    /// configuration is never doubted.
    ///
    /// ## Why is this bad?
    /// Either the title names the wrong year (a template carried over, a
    /// title naming two years such as `2022-2023` for a plan that runs to
    /// October 2023), or most of the plan's actions are due outside the year
    /// it reports on. Both need a person to decide; a warning on every row
    /// would bury the one question under dozens of findings.
    ///
    /// ## Example
    /// `WRES Action Plan 2022-2023` (read as 2022/23, April 2022 - March
    /// 2023) whose 25 deadlines run from April to October 2023. Correct the
    /// title, or state the period: `plan_period: 2023/24` in
    /// `.wreslint.yaml`, or `--plan-period`.
    pub struct PlanPeriodDoubtful {
        code: "TL011",
        name: "plan-period-doubtful",
        family: Timeline,
        severity: Warning,
        summary: "Most deadlines fall outside the plan period read from the workbook",
    }
}

impl Rule for PlanPeriodDoubtful {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(doubt) = period_doubt(cx) else {
            return;
        };
        let period = doubt.period;
        let location = match &period.from {
            Some(cell) => Location::Cell(cell.clone()),
            None => match cx.model.action_tables.first() {
                Some(table) => Location::Sheet(table.sheet.clone()),
                None => Location::Workbook,
            },
        };
        out.push(
            Finding::new(
                location,
                format!(
                    "{} of {} deadlines fall after the plan period {} ({} to {}) read from `{}`; they run from {} to {}: is the period right?",
                    doubt.outside,
                    doubt.total,
                    period.value.label(),
                    period.value.start,
                    period.value.end,
                    period.text.trim(),
                    doubt.earliest,
                    doubt.latest
                ),
            )
            .help("Correct the title, or state the period: `plan_period: 2023/24` in .wreslint.yaml, or `--plan-period`; then each deadline is judged against it"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::SheetBuilder;
    use crate::rules::test_support::findings;

    fn plan(title: &str, dates: &[&str]) -> SheetBuilder {
        let mut sheet = SheetBuilder::new("Plan").row(&[title]).row(&[
            "Item",
            "Action",
            "Lead",
            "Deadline",
            "WRES indicator",
            "KPI",
        ]);
        for (i, date) in dates.iter().enumerate() {
            let item = (i + 1).to_string();
            sheet = sheet.row(&[
                &item,
                "Run a workshop",
                "HR",
                date,
                "Indicator 1",
                "10 staff",
            ]);
        }
        sheet
    }

    #[test]
    fn fires_once_when_most_deadlines_fall_outside() {
        let sheet = plan(
            "WRES Action Plan 2022-2023",
            &[
                "April 2023",
                "June 2023",
                "October 2023",
                "October 2023",
                "March 2023",
            ],
        );
        insta::assert_snapshot!(findings(&PlanPeriodDoubtful, vec![sheet]), @"plan-period-doubtful  Plan!A1  4 of 5 deadlines fall after the plan period 2022/23 (1 April 2022 to 31 March 2023) read from `WRES Action Plan 2022-2023`; they run from 31 March 2023 to 31 October 2023: is the period right?");
    }

    #[test]
    fn quiet_when_most_deadlines_fall_inside_or_are_few() {
        let inside = plan(
            "WRES Action Plan 2023-24",
            &["June 2023", "October 2023", "March 2024", "June 2024"],
        );
        assert_eq!(findings(&PlanPeriodDoubtful, vec![inside]), "");
        let few = plan("WRES Action Plan 2022-2023", &["June 2023", "October 2023"]);
        assert_eq!(findings(&PlanPeriodDoubtful, vec![few]), "");
    }
}
