use crate::diagnostic::Finding;
use crate::evidence::{Change, Headline};
use crate::rules::{capitalise, declare_rule, Context, Rule, RuleMeta};

use super::{same_action, year_note};

declare_rule! {
    /// ## What it does
    /// Given last year's data (`--previous`, `pairs:`, or the same folder),
    /// reports an indicator whose figure worsened beyond a margin (a
    /// relative likelihood 0.10 further from 1.00, a gap 3 points wider, by
    /// default; `evidence:` in `.wreslint.yaml`) and for which this year's
    /// plan has no new action: none linked to it at all, or, given last
    /// year's plan too, only actions that were already there.
    ///
    /// ## Why is this bad?
    /// Doing the same again after a year in which the figure got worse is
    /// the pattern a committee should challenge.
    ///
    /// ## Example
    /// Indicator 3 went from 1.20 to 1.45; the plan's only indicator-3
    /// action is last year's, unchanged.
    pub struct IndicatorWorsenedWithoutAction {
        code: "EV005",
        name: "indicator-worsened-without-action",
        family: Evidence,
        severity: Warning,
        summary: "An indicator worsened since last year and the plan has no new action for it",
    }
}

impl Rule for IndicatorWorsenedWithoutAction {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, _: &Context<'_>, _: &mut Vec<Finding>) {}

    fn check_pair(&self, cx: &crate::evidence::Context<'_>, out: &mut Vec<Finding>) {
        let Some(data) = cx.data else { return };
        if !cx.this.is_plan() {
            return;
        }
        for indicator in 1..=cx.knowledge.indicator_count {
            let Some(now) = data.facts.headline(indicator) else {
                continue;
            };
            let Some((previous, before)) = cx.previous_figures(indicator, &now) else {
                continue;
            };
            let Some((Change::Worse, _)) =
                cx.thresholds
                    .change(&before, &now, cx.higher_is_better(indicator))
            else {
                continue;
            };
            let new_actions = cx.this.actions_for(indicator).filter(|a| {
                cx.previous_plan.is_none_or(|p| {
                    !p.facts
                        .actions
                        .iter()
                        .any(|old| same_action(&old.name, &a.name))
                })
            });
            if new_actions.count() > 0 {
                continue;
            }
            // No action at all for an adverse figure is EV001's finding,
            // which names the change too: one cause, one finding.
            if cx.this.actions_for(indicator).next().is_none()
                && cx.is_adverse(indicator, &now) == Some(true)
            {
                continue;
            }
            let shown = |h: &Headline<'_>| h.display(" against ");
            let label = cx.knowledge.item_label(indicator);
            out.push(
                Finding::new(
                    cx.plan_location(),
                    format!(
                        "{} worsened from {}{} to {}{} and the plan has no new action for it",
                        capitalise(&label),
                        shown(&before),
                        year_note(before.year().or(previous.facts.year)),
                        shown(&now),
                        year_note(now.year().or(data.facts.year)),
                    ),
                )
                .help(format!(
                    "Add an action for {label} that does something different from last year"
                ))
                .related(data.related(
                    &now.figure().figure.cell,
                    format!("this year: {}", shown(&now)),
                ))
                .related(previous.related(
                    &before.figure().figure.cell,
                    format!("last year: {}", shown(&before)),
                )),
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

    #[test]
    fn fires_when_worse_and_only_last_years_action_remains() {
        let now = data(
            2023,
            vec![figure(3, What::RelativeLikelihood, 1.45, 2, None)],
        );
        let before = data(
            2022,
            vec![figure(3, What::RelativeLikelihood, 1.20, 2, None)],
        );
        let last_plan = plan(
            2022,
            vec![action("Review every disciplinary case", &[3], vec![])],
        );
        let this = plan(
            2023,
            vec![action("Review every disciplinary case", &[3], vec![])],
        );
        let found = run(
            &IndicatorWorsenedWithoutAction,
            &this,
            Some(&now),
            Some(&before),
            Some(&last_plan),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].related.len(), 2);
    }

    #[test]
    fn quiet_with_a_new_action_or_within_the_margin() {
        let now = data(
            2023,
            vec![figure(3, What::RelativeLikelihood, 1.45, 2, None)],
        );
        let before = data(
            2022,
            vec![figure(3, What::RelativeLikelihood, 1.20, 2, None)],
        );
        let last_plan = plan(
            2022,
            vec![action("Review every disciplinary case", &[3], vec![])],
        );
        let this = plan(
            2023,
            vec![action(
                "Train investigating officers in just culture",
                &[3],
                vec![],
            )],
        );
        assert!(run(
            &IndicatorWorsenedWithoutAction,
            &this,
            Some(&now),
            Some(&before),
            Some(&last_plan)
        )
        .is_empty());
        let close = data(
            2022,
            vec![figure(3, What::RelativeLikelihood, 1.40, 2, None)],
        );
        let bare = plan(2023, vec![]);
        assert!(run(
            &IndicatorWorsenedWithoutAction,
            &bare,
            Some(&now),
            Some(&close),
            None
        )
        .is_empty());
    }
}
