//! `wreslint rules` and `wreslint explain`: the rule list and a rule's page.

use super::Outcome;
use crate::registry::RuleHandle;
use crate::report;

/// `wreslint rules`: the built-in rules, then each rule pack's under a
/// heading naming the pack. A pack rule without a `code:` shows `-` in the
/// code column: it is selected, reported and explained by its id.
pub(super) fn list_rules(packs: &[crate::packs::Pack]) -> String {
    fn row(code: &str, m: &crate::rules::RuleMeta) -> String {
        format!(
            "{code:<9} {:<36} {:<11} {:<9} {}\n",
            m.name,
            m.family.as_str(),
            m.default_severity.as_str(),
            m.summary
        )
    }
    let mut out = format!(
        "{:<9} {:<36} {:<11} {:<9} SUMMARY\n",
        "CODE", "NAME", "FAMILY", "SEVERITY"
    );
    for rule in crate::rules::BUILTIN {
        let m = rule.meta();
        out.push_str(&row(&m.code, m));
    }
    let builtin = crate::packs::builtin_packs();
    for (pack, built_in) in builtin
        .iter()
        .map(|p| (p, true))
        .chain(packs.iter().map(|p| (p, false)))
        .filter(|(p, built_in)| !(*built_in && p.rules.is_empty()))
    {
        let mut about = if built_in {
            vec!["built in".to_owned()]
        } else {
            vec![report::display_path(&pack.path)]
        };
        if let Some(standard) = pack.rules.first().and_then(|r| r.standard.as_deref()) {
            about.push(format!("{standard} workbooks only"));
        }
        out.push_str(&format!(
            "\nRule pack {} ({}):\n",
            pack.name,
            about.join(", ")
        ));
        for rule in &pack.rules {
            out.push_str(&row(rule.code.as_deref().unwrap_or("-"), &rule.meta));
        }
    }
    out
}

pub(super) fn explain(which: &str, rules: &[RuleHandle]) -> Outcome {
    match rules
        .iter()
        .find(|r| r.meta().code.eq_ignore_ascii_case(which) || r.meta().name == which)
    {
        Some(rule) => Outcome {
            stdout: rule_page(&**rule),
            ..Outcome::default()
        },
        None => Outcome::error(format!(
            "wreslint: no rule is called `{which}` (run `wreslint rules` for the list)"
        )),
    }
}

/// A rule's documentation page, as printed by `explain` and written to docs/rules/.
pub fn rule_page(rule: &dyn crate::rules::Rule) -> String {
    let m = rule.meta();
    // A pack rule without a code is known by its id alone.
    let title = if m.code == m.name {
        m.name.to_string()
    } else {
        format!("{} ({})", m.name, m.code)
    };
    format!(
        "# {title}\n\nFamily: {} · Default severity: {}\n\n{}.\n\n{}",
        m.family,
        m.default_severity,
        m.summary,
        m.docs
            .trim_start()
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    )
}
