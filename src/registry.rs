//! The registry of rules and the selection of those to run: every rule
//! wreslint knows (built in, the built-in standards' packs, the user's
//! packs), the selectors `--select`, `--ignore`, configuration and
//! suppressions name them by, and the rule set a file is linted with.
//! Below `config`, `suppress` and the runner, which all name rules; above
//! `rules` and `packs`, whose rules it lists.

use std::ops::Deref;
use std::sync::Arc;

use crate::diagnostic::{Family, Severity};
use crate::rules::{Rule, BUILTIN};

/// A rule in a rule set: built in (static) or compiled from a pack at run time.
#[derive(Clone)]
pub enum RuleHandle {
    Builtin(&'static dyn Rule),
    Owned(Arc<dyn Rule>),
}

impl Deref for RuleHandle {
    type Target = dyn Rule;
    fn deref(&self) -> &(dyn Rule + 'static) {
        match self {
            RuleHandle::Builtin(rule) => *rule,
            RuleHandle::Owned(rule) => rule.as_ref(),
        }
    }
}

/// What a selector names: one rule (by code or name), a family, or all rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selector {
    All,
    Family(Family),
    Rule(String),
}

impl Selector {
    /// Parse `ALL`, a family (`timeline`), a code (`TL001`) or a name
    /// (`action-missing-deadline`); `None` when it names nothing in `rules`.
    pub fn parse(text: &str, rules: &[RuleHandle]) -> Option<Selector> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("all") {
            return Some(Selector::All);
        }
        if let Some(family) = Family::parse(&text.to_ascii_lowercase()) {
            return Some(Selector::Family(family));
        }
        rules
            .iter()
            .find(|r| r.meta().code.eq_ignore_ascii_case(text) || r.meta().name == text)
            .map(|r| Selector::Rule(r.meta().code.to_string()))
    }

    fn matches(&self, rule: &dyn Rule) -> bool {
        match self {
            Selector::All => true,
            Selector::Family(family) => rule.meta().family == *family,
            Selector::Rule(code) => rule.meta().code == code.as_str(),
        }
    }

    /// How specific the selector is: a rule beats a family beats ALL.
    fn rank(&self) -> u8 {
        match self {
            Selector::All => 0,
            Selector::Family(_) => 1,
            Selector::Rule(_) => 2,
        }
    }
}

/// Which rules run and at what severity.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Rules to run; empty means every rule.
    pub select: Vec<Selector>,
    /// Rules not to run; the more specific of `select` and `ignore` wins.
    pub ignore: Vec<Selector>,
    /// Severity per selector; the most specific wins.
    pub severity: Vec<(Selector, Severity)>,
}

/// The rules to run, each with its effective severity.
#[derive(Clone)]
pub struct RuleSet {
    rules: Vec<(RuleHandle, Severity)>,
}

/// Every rule wreslint knows: the built-ins, the built-in standards' pack
/// rules, then the given (user) pack rules.
pub fn all_rules(extra: &[Arc<dyn Rule>]) -> Vec<RuleHandle> {
    BUILTIN
        .iter()
        .map(|r| RuleHandle::Builtin(*r))
        .chain(crate::packs::builtin().into_iter().map(RuleHandle::Owned))
        .chain(extra.iter().map(|r| RuleHandle::Owned(r.clone())))
        .collect()
}

impl RuleSet {
    pub fn new(rules: Vec<RuleHandle>, selection: &Selection) -> RuleSet {
        let best = |selectors: &[Selector], rule: &dyn Rule| {
            selectors
                .iter()
                .filter(|s| s.matches(rule))
                .map(Selector::rank)
                .max()
        };
        let rules = rules
            .into_iter()
            .filter(|rule| {
                let selected = if selection.select.is_empty() {
                    Some(0)
                } else {
                    best(&selection.select, &**rule)
                };
                match (selected, best(&selection.ignore, &**rule)) {
                    (None, _) => false,
                    (Some(_), None) => true,
                    (Some(s), Some(i)) => s > i,
                }
            })
            .map(|rule| {
                let severity = selection
                    .severity
                    .iter()
                    .filter(|(s, _)| s.matches(&*rule))
                    .max_by_key(|(s, _)| s.rank())
                    .map(|(_, severity)| *severity)
                    .unwrap_or(rule.meta().default_severity);
                (rule, severity)
            })
            .collect();
        RuleSet { rules }
    }

    /// Every built-in rule at its default severity.
    pub fn builtin() -> RuleSet {
        RuleSet::new(all_rules(&[]), &Selection::default())
    }

    pub fn rules(&self) -> impl Iterator<Item = (&dyn Rule, Severity)> {
        self.rules.iter().map(|(r, s)| (&**r, *s))
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(set: &RuleSet) -> Vec<String> {
        set.rules()
            .map(|(r, _)| r.meta().code.to_string())
            .collect()
    }

    #[test]
    fn selectors_parse_codes_names_families_and_all() {
        let rules = all_rules(&[]);
        assert_eq!(Selector::parse("ALL", &rules), Some(Selector::All));
        assert_eq!(
            Selector::parse("owner", &rules),
            Some(Selector::Family(Family::Owner))
        );
        assert_eq!(
            Selector::parse("ow002", &rules),
            Some(Selector::Rule("OW002".into()))
        );
        assert_eq!(
            Selector::parse("action-missing-owner", &rules),
            Some(Selector::Rule("OW002".into()))
        );
        assert_eq!(Selector::parse("no-such-rule", &rules), None);
    }

    #[test]
    fn the_more_specific_selector_wins() {
        let rules = all_rules(&[]);
        let p = |t| Selector::parse(t, &rules).unwrap();
        let selection = Selection {
            select: vec![p("owner"), p("CV001")],
            ignore: vec![p("OW001"), p("coverage")],
            severity: vec![
                (p("ALL"), Severity::Info),
                (p("owner"), Severity::Error),
                (p("OW002"), Severity::Warning),
            ],
        };
        let set = RuleSet::new(rules, &selection);
        assert_eq!(codes(&set), ["CV001", "OW003", "OW002"]);
        let severities: Vec<Severity> = set.rules().map(|(_, s)| s).collect();
        assert_eq!(
            severities,
            [Severity::Info, Severity::Error, Severity::Warning]
        );
    }
}
