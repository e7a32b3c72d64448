use crate::diagnostic::Finding;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

use super::{what_name, year_note};

declare_rule! {
    /// ## What it does
    /// Reports a target of the plan ("reduce the relative likelihood to
    /// 1.25", "BME staff reporting harassment below 25%") that the paired
    /// data already meet: the current figure is at the target or better.
    ///
    /// ## Why is this bad?
    /// A target already met measures nothing: the action can be "achieved"
    /// without any change. Either the target was set before the latest
    /// data, or it was set too low.
    ///
    /// ## Example
    /// Target: relative likelihood of 1.25; the data give 1.10.
    pub struct TargetAlreadyMet {
        code: "EV003",
        name: "target-already-met",
        family: Evidence,
        severity: Warning,
        summary: "A target of the plan that the data already meet",
    }
}

impl Rule for TargetAlreadyMet {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, _: &Context<'_>, _: &mut Vec<Finding>) {}

    fn check_pair(&self, cx: &crate::evidence::Context<'_>, out: &mut Vec<Finding>) {
        let Some(data) = cx.data else { return };
        for (quoted, verdict, figure) in super::judged_targets(cx) {
            if verdict != super::TargetVerdict::AlreadyMet {
                continue;
            }
            out.push(super::on_quote(
                data,
                quoted,
                figure,
                format!(
                    "Target {} for the {} of {} is already met: the data give {}{}",
                    quoted.display(),
                    what_name(quoted.what, cx),
                    cx.knowledge.item_label(quoted.indicator),
                    figure.display(),
                    year_note(figure.year),
                ),
                "Set a target beyond the current figure, or say why holding it is the aim",
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
    fn fires_when_the_data_already_meet_the_target() {
        let data = data(
            2023,
            vec![figure(3, What::RelativeLikelihood, 1.10, 2, None)],
        );
        let plan = plan(
            2023,
            vec![action(
                "A",
                &[3],
                vec![quote(3, What::RelativeLikelihood, 1.25, 2, true)],
            )],
        );
        assert_eq!(
            run(&TargetAlreadyMet, &plan, Some(&data), None, None).len(),
            1
        );
    }

    #[test]
    fn quiet_when_the_target_is_ahead() {
        let data = data(
            2023,
            vec![figure(3, What::RelativeLikelihood, 1.60, 2, None)],
        );
        let plan = plan(
            2023,
            vec![action(
                "A",
                &[3],
                vec![quote(3, What::RelativeLikelihood, 1.25, 2, true)],
            )],
        );
        assert!(run(&TargetAlreadyMet, &plan, Some(&data), None, None).is_empty());
    }
}
