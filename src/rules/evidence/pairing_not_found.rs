use crate::diagnostic::Finding;
use crate::location::Location;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// When pairing was asked for (`--pair`, or the plan is named under
    /// `pairs:` in `.wreslint.yaml`) and no data workbook could be paired
    /// with the plan, says so once.
    ///
    /// ## Why is this bad?
    /// Without its data the plan's figures and coverage cannot be checked
    /// against the evidence; silence would look like a clean result.
    ///
    /// ## Example
    /// `wreslint check --pair plans/` where a plan has no data workbook of
    /// the same year beside it.
    pub struct PairingNotFound {
        code: "EV008",
        name: "pairing-not-found",
        family: Evidence,
        severity: Info,
        summary: "Pairing was asked for and no data workbook was found for the plan",
    }
}

impl Rule for PairingNotFound {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, _: &Context<'_>, _: &mut Vec<Finding>) {}

    fn check_pair(&self, cx: &crate::evidence::Context<'_>, out: &mut Vec<Finding>) {
        if cx.unpaired && cx.data.is_none() && cx.this.is_plan() {
            out.push(
                Finding::new(
                    Location::Workbook,
                    "No data workbook was found to pair with this plan: its figures and coverage were not checked against the data",
                )
                .help("Name it with --data FILE, or under pairs: in .wreslint.yaml, or put it beside the plan with the same year in its title"),
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
    fn fires_when_asked_and_no_data() {
        let this = plan(2023, vec![action("A", &[1], vec![])]);
        assert_eq!(run(&PairingNotFound, &this, None, None, None).len(), 1);
    }

    #[test]
    fn quiet_when_paired() {
        let this = plan(2023, vec![action("A", &[1], vec![])]);
        let data = data(2023, vec![]);
        assert!(run(&PairingNotFound, &this, Some(&data), None, None).is_empty());
    }
}
