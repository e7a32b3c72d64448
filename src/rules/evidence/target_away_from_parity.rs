use crate::diagnostic::Finding;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

use super::{what_name, year_note};

declare_rule! {
    /// ## What it does
    /// Reports a target of the plan that lies on the wrong side of the
    /// paired data's current figure: a relative likelihood further from
    /// 1.00 than today's, or a survey figure worse than today's.
    ///
    /// ## Why is this bad?
    /// Reaching such a target would mean the gap grew. Usually the target
    /// was copied from an older plan, or the ratio was inverted.
    ///
    /// ## Example
    /// Target: relative likelihood of 1.60; the data give 1.35.
    pub struct TargetAwayFromParity {
        code: "EV004",
        name: "target-away-from-parity",
        family: Evidence,
        severity: Warning,
        summary: "A target of the plan that moves away from parity from the data's figure",
    }
}

impl Rule for TargetAwayFromParity {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, _: &Context<'_>, _: &mut Vec<Finding>) {}

    fn check_pair(&self, cx: &crate::evidence::Context<'_>, out: &mut Vec<Finding>) {
        let Some(data) = cx.data else { return };
        for (quoted, verdict, figure) in super::judged_targets(cx) {
            if verdict != super::TargetVerdict::AwayFromParity {
                continue;
            }
            out.push(super::on_quote(
                data,
                quoted,
                figure,
                format!(
                    "Target {} for the {} of {} is worse than the data's current {}{}: a better figure is closer to 1.00 than {}",
                    quoted.display(),
                    what_name(quoted.what, cx),
                    cx.knowledge.item_label(quoted.indicator),
                    figure.display(),
                    year_note(figure.year),
                    figure.display(),
                ),
                "Check the target against this year's data and the direction of the ratio",
            ));
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
    fn fires_on_a_target_further_from_parity() {
        let data = data(
            2023,
            vec![figure(2, What::RelativeLikelihood, 1.35, 2, None)],
        );
        let plan = plan(
            2023,
            vec![action(
                "A",
                &[2],
                vec![quote(2, What::RelativeLikelihood, 1.60, 2, true)],
            )],
        );
        assert_eq!(
            run(&TargetAwayFromParity, &plan, Some(&data), None, None).len(),
            1
        );
    }

    #[test]
    fn quiet_on_a_target_toward_parity() {
        let data = data(
            2023,
            vec![figure(2, What::RelativeLikelihood, 1.35, 2, None)],
        );
        let plan = plan(
            2023,
            vec![action(
                "A",
                &[2],
                vec![quote(2, What::RelativeLikelihood, 1.20, 2, true)],
            )],
        );
        assert!(run(&TargetAwayFromParity, &plan, Some(&data), None, None).is_empty());
    }
}
