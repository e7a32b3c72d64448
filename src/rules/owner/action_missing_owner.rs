use crate::diagnostic::Finding;
use crate::location::Location;
use crate::rules::{blank_fields, declare_rule, quote, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports an action whose owner cell is empty, in a plan that has an owner
    /// column. (A placeholder such as "TBC" is reported by `placeholder-text`.)
    ///
    /// ## Why is this bad?
    /// An action without an accountable lead tends not to happen, and the
    /// committee cannot ask anyone about its progress.
    ///
    /// ## Example
    /// | Item | Activity | Responsible for action |
    /// |---|---|---|
    /// | 10 | Develop a new approach to reporting abuse | *(empty)* |
    ///
    /// Use instead: name the accountable role, e.g. `Head of Staff Experience`.
    pub struct ActionMissingOwner {
        code: "OW002",
        name: "action-missing-owner",
        family: Owner,
        severity: Warning,
        summary: "Action has no owner",
    }
}

impl Rule for ActionMissingOwner {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (action, owner) in blank_fields(cx, |a| a.owner.as_ref()) {
            out.push(
                Finding::new(
                    Location::Cell(owner.cell().clone()),
                    format!("Action \"{}\" has no owner", quote(&action.text.text)),
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
    fn fires_on_empty_owner_cell() {
        let plan = numbered_plan(&[
            &["1", "Data pack", "Pack", "All", "31.12.18", "HR"],
            &[
                "2",
                "Develop a new approach to improve the reporting of abuse by patients",
                "Survey",
                "Metric 5",
                "31.03.19",
                "",
            ],
        ]);
        insta::assert_snapshot!(findings(&ActionMissingOwner, vec![plan]), @r#"action-missing-owner  Plan!F4  Action "Develop a new approach to improve the…" has no owner"#);
    }

    #[test]
    fn quiet_on_placeholders_and_filled_owners() {
        let plan = numbered_plan(&[
            &["1", "Data pack", "Pack", "All", "31.12.18", "HR"],
            &[
                "2",
                "Workshops",
                "Attendance",
                "Metric 1",
                "31.03.19",
                "TBC",
            ],
        ]);
        assert_eq!(findings(&ActionMissingOwner, vec![plan]), "");
    }
}
