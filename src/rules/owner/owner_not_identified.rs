use crate::diagnostic::Finding;
use crate::knowledge::layout;
use crate::location::Location;
use crate::rules::{declare_rule, quote, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports an owner cell that names nobody: `N/A`, `-`, `—`, `Various`,
    /// `All`, `All staff`, `TBC`, `None` (the list is `unnamed_owners` in
    /// `rules/layout.yaml`). An empty owner cell is `action-missing-owner`.
    ///
    /// ## Why is this bad?
    /// An action owned by everyone is owned by no one: nobody is accountable
    /// for delivering it or for reporting its progress to committee.
    ///
    /// ## Example
    /// | Action | Leads |
    /// |---|---|
    /// | Monitor representation quarterly | N/A |
    ///
    /// Use instead: the role accountable, e.g. `Head of Workforce Information`.
    pub struct OwnerNotIdentified {
        code: "OW003",
        name: "owner-not-identified",
        family: Owner,
        severity: Warning,
        summary: "Owner cell names nobody (N/A, various, all, TBC)",
    }
}

impl Rule for OwnerNotIdentified {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let words = layout();
        for (_, action) in cx.model.actions() {
            let Some(owner) = &action.owner else {
                continue;
            };
            if owner.inherited || !words.is_unnamed_owner(&owner.text) {
                continue;
            }
            out.push(
                Finding::new(
                    Location::Cell(owner.cell().clone()),
                    format!(
                        "Action \"{}\" has no named owner: `{}`",
                        quote(&action.text.text),
                        owner.text.trim()
                    ),
                )
                .help("Name the role accountable for delivering this action"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{findings, numbered_plan};

    #[test]
    fn fires_on_owners_that_name_nobody() {
        let plan = numbered_plan(&[
            &["1", "Monitor data", "Report", "Metric 1", "31.03.19", "N/A"],
            &[
                "2",
                "Train panels",
                "Training",
                "Metric 2",
                "31.03.19",
                "Various",
            ],
            &["3", "Audit", "Audit", "Metric 2", "31.03.19", "TBC"],
        ]);
        insta::assert_snapshot!(findings(&OwnerNotIdentified, vec![plan]), @r#"
        owner-not-identified  Plan!F3  Action "Monitor data" has no named owner: `N/A`
        owner-not-identified  Plan!F4  Action "Train panels" has no named owner: `Various`
        owner-not-identified  Plan!F5  Action "Audit" has no named owner: `TBC`
        "#);
    }

    #[test]
    fn quiet_on_named_roles_and_empty_cells() {
        let plan = numbered_plan(&[
            &[
                "4",
                "Mentoring",
                "Pairs",
                "Metric 1",
                "31.03.19",
                "Head of OD",
            ],
            &[
                "5",
                "Network",
                "Minutes",
                "Metric 1",
                "31.03.19",
                "All managers",
            ],
            &["6", "Survey", "Report", "Metric 5", "31.03.19", ""],
        ]);
        assert_eq!(findings(&OwnerNotIdentified, vec![plan]), "");
    }
}
