use crate::diagnostic::Finding;
use crate::rules::{capitalise, declare_rule, Context, Rule, RuleMeta};

use super::year_note;

declare_rule! {
    /// ## What it does
    /// With the plan's data at hand (the same workbook, `--data`, `pairs:`
    /// or the same folder and year), reports each indicator whose figure is
    /// adverse and that no action of the plan is linked to. Adverse means: a
    /// relative likelihood outside the non-adverse range (0.80-1.25 by
    /// default) for WRES 2-4; BME staff worse off than White by more than
    /// the survey margin (3 points) for WRES 5-8; a board less diverse than
    /// the workforce for WRES 9. The thresholds are under `evidence:` in
    /// `.wreslint.yaml`.
    ///
    /// ## Why is this bad?
    /// The plan exists to answer what the data show. An adverse indicator
    /// with no action is the first question a committee asks.
    ///
    /// ## Example
    /// The data give a relative likelihood of 1.52 for shortlisting to
    /// appointment (indicator 2) and no action of the plan links to
    /// indicator 2. The finding quotes 1.52 and names its cell.
    pub struct AdverseIndicatorWithoutAction {
        code: "EV001",
        name: "adverse-indicator-without-action",
        family: Evidence,
        severity: Warning,
        summary: "The data show an adverse indicator that no action answers",
    }
}

impl Rule for AdverseIndicatorWithoutAction {
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
            let Some(headline) = data.facts.headline(indicator) else {
                continue;
            };
            if cx.is_adverse(indicator, &headline) != Some(true)
                || cx.this.actions_for(indicator).next().is_some()
            {
                continue;
            }
            let figure = headline.figure();
            let shown = headline.display(" against ");
            let worse = cx
                .previous_figures(indicator, &headline)
                .filter(|(_, before)| {
                    matches!(
                        cx.thresholds
                            .change(before, &headline, cx.higher_is_better(indicator)),
                        Some((crate::evidence::Change::Worse, _))
                    )
                })
                .map(|(_, before)| {
                    format!(
                        ", worse than {}{}",
                        before.display(" against "),
                        year_note(before.year())
                    )
                })
                .unwrap_or_default();
            let label = cx.knowledge.item_label(indicator);
            let fair = cx
                .thresholds
                .fair(Some(figure.what), cx.higher_is_better(indicator));
            out.push(
                Finding::new(
                    // In a workbook holding both, on the figure itself.
                    if data.file.is_none() {
                        crate::location::Location::Cell(figure.figure.cell.clone())
                    } else {
                        cx.plan_location()
                    },
                    format!(
                        "{} is adverse in the data ({shown}{}{worse}; not adverse: {fair}) and no action is linked to it",
                        capitalise(&label),
                        year_note(headline.year()),
                    ),
                )
                .help(format!("Add an action linked to {label} that answers this figure"))
                .related(data.related(&figure.figure.cell, format!("the data give {shown}")))
                .about(crate::diagnostic::Subject::Indicator(indicator)),
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
    fn fires_on_an_adverse_ratio_with_no_action() {
        let data = data(
            2023,
            vec![figure(2, What::RelativeLikelihood, 1.52, 2, None)],
        );
        let plan = plan(2023, vec![action("Mentoring", &[3], vec![])]);
        let found = run(
            &AdverseIndicatorWithoutAction,
            &plan,
            Some(&data),
            None,
            None,
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("1.52"), "{}", found[0].message);
        assert_eq!(
            found[0].related[0].file.as_deref(),
            Some(std::path::Path::new("data.xlsx"))
        );
    }

    #[test]
    fn quiet_when_answered_or_not_adverse() {
        let data = data(
            2023,
            vec![
                figure(2, What::RelativeLikelihood, 1.52, 2, None),
                figure(3, What::RelativeLikelihood, 1.10, 2, None),
            ],
        );
        let plan = plan(2023, vec![action("Mentoring", &[2], vec![])]);
        assert!(run(
            &AdverseIndicatorWithoutAction,
            &plan,
            Some(&data),
            None,
            None
        )
        .is_empty());
        // Survey: BME 2 points worse is inside the default margin.
        let data = super::super::test_support::data(2023, rates(5, 26.0, 24.0, 2023).to_vec());
        assert!(run(
            &AdverseIndicatorWithoutAction,
            &plan,
            Some(&data),
            None,
            None
        )
        .is_empty());
    }
}
