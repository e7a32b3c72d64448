use crate::diagnostic::Finding;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

use super::same_action;

declare_rule! {
    /// ## What it does
    /// Given last year's plan, reports each of its actions whose status or
    /// RAG did not say it was complete and that does not reappear in this
    /// year's plan (compared by the words of its first line).
    ///
    /// ## Why is this bad?
    /// An unfinished action that silently disappears is lost; a committee
    /// will want to know whether it was finished, replaced or dropped.
    ///
    /// ## Example
    /// Last year's "Introduce diverse interview panels for band 8a+" was
    /// Amber; this year's plan has nothing like it.
    pub struct UnfinishedActionDropped {
        code: "EV007",
        name: "unfinished-action-dropped",
        family: Evidence,
        severity: Info,
        summary: "An unfinished action of last year's plan does not reappear",
    }
}

impl Rule for UnfinishedActionDropped {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, _: &Context<'_>, _: &mut Vec<Finding>) {}

    fn check_pair(&self, cx: &crate::evidence::Context<'_>, out: &mut Vec<Finding>) {
        let Some(previous) = cx.previous_plan else {
            return;
        };
        if !cx.this.is_plan() {
            return;
        }
        for old in previous
            .facts
            .actions
            .iter()
            .filter(|a| a.has_status && !a.done)
        {
            if cx
                .this
                .actions
                .iter()
                .any(|a| same_action(&a.name, &old.name))
            {
                continue;
            }
            out.push(
                Finding::new(
                    cx.plan_location(),
                    format!(
                        "Last year's action \"{}\" was not complete and does not reappear in this plan",
                        old.name
                    ),
                )
                .help("Carry it over, or record that it was finished, replaced or dropped")
                .related(previous.related(&old.cell, "last year's action")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::evidence::What;
    use crate::rules::evidence::test_support::*;

    fn amber(name: &str) -> crate::evidence::ActionFacts {
        let mut a = action(name, &[5], vec![]);
        a.has_status = true;
        a
    }

    #[test]
    fn fires_on_an_unfinished_action_that_vanished() {
        let last = plan(
            2022,
            vec![amber("Introduce diverse interview panels for band 8a")],
        );
        let this = plan(
            2023,
            vec![action("Launch a reverse mentoring scheme", &[5], vec![])],
        );
        assert_eq!(
            run(&UnfinishedActionDropped, &this, None, None, Some(&last)).len(),
            1
        );
    }

    #[test]
    fn quiet_when_carried_over_or_done() {
        let last = plan(
            2022,
            vec![amber("Introduce diverse interview panels for band 8a")],
        );
        let this = plan(
            2023,
            vec![action(
                "Introduce diverse interview panels for band 8a and above",
                &[5],
                vec![],
            )],
        );
        assert!(run(&UnfinishedActionDropped, &this, None, None, Some(&last)).is_empty());
        let mut done = amber("Introduce diverse interview panels");
        done.done = true;
        let last = plan(2022, vec![done]);
        let this = plan(2023, vec![]);
        assert!(run(&UnfinishedActionDropped, &this, None, None, Some(&last)).is_empty());
    }
}
