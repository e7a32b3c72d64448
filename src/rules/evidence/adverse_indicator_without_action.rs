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
            let shown = match headline {
                crate::evidence::Headline::Rates { focus, reference } => format!(
                    "BME {} against White {}",
                    focus.display(),
                    reference.display()
                ),
                _ => figure.display(),
            };
            let label = cx.knowledge.item_label(indicator);
            let fair = cx
                .thresholds
                .fair(Some(figure.what), cx.higher_is_better(indicator));
            out.push(
                Finding::new(
                    cx.plan_location(),
                    format!(
                        "{} is adverse in the data ({shown}{}; not adverse: {fair}) and no action is linked to it",
                        capitalise(&label),
                        year_note(headline.year()),
                    ),
                )
                .help(format!("Add an action linked to {label} that answers this figure"))
                .related(data.related(&figure.figure.cell, format!("the data give {shown}"))),
            );
        }
    }
}
