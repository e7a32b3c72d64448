//! Runs the selected rules over one workbook and turns their findings into
//! diagnostics: the runner, not the rule, decides code, severity and order.

use std::collections::HashMap;
use std::ops::Deref;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Family, Finding, Severity};
use crate::knowledge::Knowledge;
use crate::location::Location;
use crate::model::Model;
use crate::rules::{Context, Rule, BUILTIN};
use crate::workbook::Workbook;

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

/// The code of the diagnostic reported when a rule itself fails.
pub const INTERNAL_ERROR: &str = "internal-error";

/// Run every rule of `set` and return the diagnostics in a stable order:
/// sheet order, row, column, code, message. A rule that panics yields one
/// internal-error diagnostic and the other rules still run.
pub fn run(
    set: &RuleSet,
    workbook: &Workbook,
    model: &Model,
    knowledge: &Knowledge,
) -> Vec<Diagnostic> {
    let cx = Context::new(workbook, model, knowledge);
    let mut diagnostics = Vec::new();
    for (rule, severity) in set.rules() {
        let mut findings: Vec<Finding> = Vec::new();
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| rule.check(&cx, &mut findings)));
        let meta = rule.meta();
        if let Err(payload) = outcome {
            diagnostics.push(internal_error(
                Location::Workbook,
                format!(
                    "rule {} ({}) failed: {}",
                    meta.code,
                    meta.name,
                    panic_message(&*payload)
                ),
            ));
            continue;
        }
        for finding in findings {
            let cell_text = finding
                .location
                .anchor()
                .and_then(|c| workbook.cell(c))
                .map(|c| c.text());
            diagnostics.push(Diagnostic {
                code: meta.code.to_string(),
                name: meta.name.to_string(),
                family: meta.family,
                severity,
                location: finding.location,
                message: finding.message,
                help: finding.help,
                span: finding.span,
                cell_text,
            });
        }
    }
    sort(&mut diagnostics, workbook);
    diagnostics.dedup();
    diagnostics
}

/// An internal-error diagnostic: wreslint itself failed, not the workbook.
pub fn internal_error(location: Location, message: String) -> Diagnostic {
    Diagnostic {
        code: INTERNAL_ERROR.to_owned(),
        name: INTERNAL_ERROR.to_owned(),
        family: Family::Template,
        severity: Severity::Error,
        location,
        message: format!(
            "{message} (this is a bug in wreslint: please report it with the workbook if you can)"
        ),
        help: None,
        span: None,
        cell_text: None,
    }
}

/// The text of a panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_owned()
    }
}

/// Workbook-level first, then by sheet position in the workbook, row, column.
pub fn sort(diagnostics: &mut [Diagnostic], workbook: &Workbook) {
    let order: HashMap<&str, usize> = workbook
        .sheets
        .iter()
        .enumerate()
        .map(|(i, s)| (&*s.name, i))
        .collect();
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            let (sheet, row, col) = match &d.location {
                Location::Workbook => (0, 0, 0),
                Location::Sheet(name) => (
                    1 + order.get(&**name).copied().unwrap_or(usize::MAX - 1),
                    0,
                    0,
                ),
                Location::Cell(c) | Location::Range { start: c, .. } => (
                    1 + order.get(&*c.sheet).copied().unwrap_or(usize::MAX - 1),
                    c.row + 1,
                    c.col + 1,
                ),
            };
            (sheet, row, col)
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.code.cmp(&b.code))
            .then_with(|| a.message.cmp(&b.message))
            .then_with(|| {
                a.span
                    .as_ref()
                    .map(|s| s.start)
                    .cmp(&b.span.as_ref().map(|s| s.start))
            })
    });
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

    #[test]
    fn a_panicking_rule_becomes_an_internal_error() {
        use std::borrow::Cow;
        static META: crate::rules::RuleMeta = crate::rules::RuleMeta {
            code: Cow::Borrowed("TP999"),
            name: Cow::Borrowed("boom"),
            family: Family::Template,
            default_severity: Severity::Error,
            summary: Cow::Borrowed("Always panics"),
            docs: Cow::Borrowed(""),
        };
        struct Boom;
        impl Rule for Boom {
            fn meta(&self) -> &crate::rules::RuleMeta {
                &META
            }
            fn check(&self, _: &Context<'_>, _: &mut Vec<Finding>) {
                panic!("boom")
            }
        }
        let set = RuleSet::new(
            vec![RuleHandle::Owned(Arc::new(Boom))],
            &Selection::default(),
        );
        let workbook = Workbook::default();
        let model = Model::default();
        let out = run(&set, &workbook, &model, Knowledge::wres());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].code, INTERNAL_ERROR);
        assert!(out[0].message.contains("boom"), "{}", out[0].message);
    }
}
