//! YAML node tree → validated pack rules. Every problem is collected with its
//! byte span; nothing runs until a pack compiles without one.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostic::{Family, Severity};
use crate::problem::{yaml_problem, Problem};
use crate::rules::RuleMeta;

mod cases;
mod names;
mod read;

use names::is_kebab;
pub use names::Taken;
use read::span;

use super::docs;
use super::kinds::{Check, CheckKind, KINDS};
use super::message::{Message, Var};
use super::node::{Node, Value};
use super::rule::PackRule;

/// Keys of a pack file.
pub const PACK_KEYS: &[(&str, &str)] = &[
    ("pack", "The pack's name (default: the file name)."),
    ("description", "What the pack is for."),
    (
        "standard",
        "Apply the pack's rules only to workbooks of this standard (wres or wdes).",
    ),
    ("rules", "The rules."),
];

/// Keys of a rule, besides its check.
pub const RULE_KEYS: &[(&str, &str)] = &[
    (
        "id",
        "Kebab-case name naming the problem; also the rule's code in reports.",
    ),
    (
        "code",
        "A short code for reports, capital letters then three digits (RIV001); default: the id.",
    ),
    (
        "family",
        "timeline, measure, owner, coverage, arithmetic or template.",
    ),
    ("severity", "error, warning (default) or info."),
    (
        "sheets",
        "Only look at tables and cells on these sheets: names or patterns (* any characters, ? one), letter case ignored.",
    ),
    (
        "message",
        "One line, present tense, with {placeholders}; see docs/packs.md.",
    ),
    (
        "help",
        "What to do about it, imperative; placeholders allowed.",
    ),
    (
        "summary",
        "One line for `wreslint rules` (default: from the message).",
    ),
    (
        "description",
        "What the rule reports, for `wreslint explain`.",
    ),
    ("why", "Why the problem matters, for `wreslint explain`."),
    (
        "valid",
        "Self-test cases on which the rule must report nothing.",
    ),
    (
        "invalid",
        "Self-test cases on which the rule must report something.",
    ),
];

pub use super::kinds::CHECK_KEYS;

/// Keys of a `conditional` test.
pub const TEST_KEYS: &[(&str, &str)] = &[
    ("field", "One field."),
    (
        "matches",
        "The field is not empty and the regex matches it.",
    ),
    (
        "one-of",
        "The field is one of these values (ignoring case).",
    ),
    ("empty", "true: the field is empty; false: it is not."),
];

pub use cases::{CASE_KEYS, CASE_SHEET};

/// A compiled pack.
#[derive(Clone, Debug)]
pub struct Pack {
    pub name: String,
    /// The file it came from, as given.
    pub path: std::path::PathBuf,
    pub rules: Vec<Arc<PackRule>>,
}

impl Pack {
    /// The pack's rules as registry entries.
    pub fn rules(&self) -> Vec<Arc<dyn crate::rules::Rule>> {
        self.rules
            .iter()
            .map(|r| r.clone() as Arc<dyn crate::rules::Rule>)
            .collect()
    }
}

/// What kind of file is compiled.
#[derive(Clone, Copy, Debug)]
pub enum Kind<'k> {
    /// A user's pack: only pack keys are allowed at the top.
    User,
    /// A built-in standard file (rules/wdes.yaml): the standard's knowledge
    /// is read elsewhere; only its `rules:` are compiled here, and they apply
    /// only to workbooks of that standard.
    Standard(&'k str),
}

/// Compile one pack's text; `taken` holds the ids already in use and gains this pack's.
pub fn compile(
    text: &str,
    file_name: &str,
    kind: Kind<'_>,
    taken: &mut Taken,
) -> Result<Pack, Vec<Problem>> {
    let root = super::node::parse(text).map_err(|e| vec![yaml_problem(&e)])?;
    let mut c = Compiler {
        text,
        problems: Vec::new(),
    };
    let stem = std::path::Path::new(file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| file_name.to_owned());
    let mut pack = Pack {
        name: stem,
        path: file_name.into(),
        rules: Vec::new(),
    };
    let mut standard = None;
    let rules = match (&root.value, kind) {
        (Value::Null, _) => None,
        (Value::Map(_), Kind::Standard(name)) => {
            standard = Some(name.to_owned());
            root.get("rules")
        }
        (Value::Map(_), Kind::User) => {
            c.keys(&root, PACK_KEYS, "a pack");
            if let Some(name) = root.get("pack").and_then(|n| c.text(n, "pack")) {
                pack.name = name;
            }
            if let Some(d) = root.get("description") {
                c.text(d, "description");
            }
            if let Some(node) = root.get("standard") {
                if let Some(name) = c.text(node, "standard") {
                    match crate::standard::by_name(&name) {
                        Some(knowledge) => standard = Some(knowledge.standard.clone()),
                        None => c.problem(
                            format!(
                                "`{name}` is not a standard wreslint knows ({})",
                                crate::standard::names().join(", ")
                            ),
                            node,
                        ),
                    }
                }
            }
            if root.get("rules").is_none() {
                c.problem("a pack needs `rules:`, a list of rules".to_owned(), &root);
            }
            root.get("rules")
        }
        _ => {
            c.problem(
                format!("a pack is a mapping with `rules:`, not {}", root.kind()),
                &root,
            );
            None
        }
    };
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    if let Some(rules) = rules {
        match rules.as_seq() {
            Some(items) => {
                for item in items {
                    let builtin = matches!(kind, Kind::Standard(_));
                    if let Some(rule) = c.rule(
                        item,
                        standard.as_deref(),
                        builtin,
                        taken,
                        &mut ids,
                        &pack.name,
                    ) {
                        pack.rules.push(Arc::new(rule));
                    }
                }
            }
            None if rules.value == Value::Null => {}
            None => c.problem(
                format!("`rules` should be a list of rules, not {}", rules.kind()),
                rules,
            ),
        }
    }
    // Reported in the order they stand in the file.
    c.problems
        .sort_by_key(|p| p.span.as_ref().map_or(usize::MAX, |s| s.start));
    if c.problems.is_empty() {
        for rule in &pack.rules {
            let owner = format!("a rule of pack {}", pack.name);
            taken.insert(&rule.meta.code, owner.clone());
            taken.insert(&rule.meta.name, owner);
        }
        Ok(pack)
    } else {
        Err(c.problems)
    }
}

/// Compiles one pack file; each kind of check compiles its settings with
/// the helpers here (`kinds/`).
pub struct Compiler<'t> {
    text: &'t str,
    problems: Vec<Problem>,
}

/// The placeholders a check's messages may use: those of an action's field,
/// or of any cell (`field: any-cell`), plus the check's own.
fn vars_for(kind: &dyn CheckKind, params: &Node) -> Vec<Var> {
    use Var::*;
    const FIELD_VARS: &[Var] = &[
        Action, Item, Field, Column, Value, Cell, Sheet, Standard, ItemWord,
    ];
    const CELL_VARS: &[Var] = &[Value, Cell, Sheet, Standard, ItemWord];
    let any_cell = params.get("field").and_then(Node::as_str) == Some("any-cell");
    kind.vars(if any_cell { CELL_VARS } else { FIELD_VARS })
}

impl Compiler<'_> {
    /// The rule's check.
    fn check(&mut self, kind: &dyn CheckKind, params: &Node) -> Option<Box<dyn Check>> {
        let name = kind.name();
        if params.as_map().is_none() {
            self.problem(
                format!(
                    "`{name}` should be a mapping of its settings, not {}",
                    params.kind()
                ),
                params,
            );
            return None;
        }
        self.keys(params, kind.params(), &format!("`{name}`"));
        kind.compile(self, params)
    }

    /// A message template; an unknown placeholder is underlined where it stands.
    fn message(&mut self, node: &Node, key: &str, vars: &[Var]) -> Option<Message> {
        let text = self.text(node, key)?;
        if text.trim().is_empty() {
            self.problem(format!("`{key}` is empty"), node);
            return None;
        }
        match Message::parse(&text, vars) {
            Ok(m) => Some(m),
            Err(errors) => {
                let source = self.text.get(node.span.clone()).unwrap_or_default();
                for error in errors {
                    let wanted = &text[error.range.clone()];
                    // The placeholder as written in the YAML, when it can be found there.
                    let span = source
                        .find(wanted)
                        .map(|at| node.span.start + at..node.span.start + at + wanted.len())
                        .or_else(|| span(node));
                    self.problems.push(Problem {
                        message: format!("in `{key}`: {}", error.message),
                        span,
                    });
                }
                None
            }
        }
    }

    fn rule(
        &mut self,
        node: &Node,
        standard: Option<&str>,
        builtin: bool,
        taken: &mut Taken,
        ids: &mut BTreeMap<String, usize>,
        pack: &str,
    ) -> Option<PackRule> {
        if node.as_map().is_none() {
            self.problem(
                format!(
                    "a rule is a mapping with `id:`, `family:`, `message:` and a check, not {}",
                    node.kind()
                ),
                node,
            );
            return None;
        }
        let before = self.problems.len();
        self.keys_with(node, RULE_KEYS, &CHECK_KEYS, "a rule");
        let text = self.text;
        let line = |at: usize| text[..at.min(text.len())].matches('\n').count() + 1;

        let id = match node.get("id") {
            Some(n) => self.text(n, "id").map(|id| (id, n.clone())),
            None => {
                self.problem("a rule needs `id:`".to_owned(), node);
                None
            }
        };
        if let Some((id, at)) = &id {
            if !is_kebab(id) {
                self.problem(format!("rule id `{id}` should be kebab-case: lower-case words and digits joined by hyphens"), at);
            } else if let Some(first) = ids.get(id) {
                self.problem(
                    format!("rule id `{id}` is used twice in this pack (first on line {first})"),
                    at,
                );
            } else if let Some(owner) = taken.owner(id) {
                self.problem(
                    format!("rule id `{id}` is already taken: it is {owner}"),
                    at,
                );
            } else {
                ids.insert(id.clone(), line(at.span.start));
            }
        }
        let code = match node.get("code") {
            Some(n) => self.text(n, "code").map(|code| Some((code, n.clone()))),
            None => Some(None),
        };
        let family = match node.get("family") {
            Some(n) => self
                .text(n, "family")
                .and_then(|f| match Family::parse(&f) {
                    Some(family) => Some(family),
                    None => {
                        let names: Vec<&str> = Family::ALL.iter().map(|f| f.as_str()).collect();
                        self.problem(format!("`{f}` is not a family ({})", names.join(", ")), n);
                        None
                    }
                }),
            None => {
                self.problem("a rule needs `family:`".to_owned(), node);
                None
            }
        };
        let severity = match node.get("severity") {
            Some(n) => self
                .text(n, "severity")
                .and_then(|s| match Severity::parse(&s) {
                    Some(severity) => Some(severity),
                    None => {
                        self.problem(format!("`{s}` is not a severity (error, warning, info)"), n);
                        None
                    }
                }),
            None => Some(Severity::Warning),
        };
        if let (Some(code), Some(family)) = (&code, family) {
            self.code(code.as_ref(), family, builtin, taken, ids, node);
        }
        let sheets = match node.get("sheets") {
            Some(n) => self.sheet_filter(n).map(Some),
            None => Some(None),
        };
        let checks: Vec<(&dyn CheckKind, &Node)> = KINDS
            .iter()
            .filter_map(|k| node.get(k.name()).map(|n| (*k, n)))
            .collect();
        let (check, vars) = match checks.as_slice() {
            [(kind, params)] => (self.check(*kind, params), Some(vars_for(*kind, params))),
            [] => {
                let names: Vec<&str> = CHECK_KEYS.iter().map(|(k, _)| *k).collect();
                self.problem(
                    format!("a rule needs a check: one of {}", names.join(", ")),
                    node,
                );
                (None, None)
            }
            [_, (second, _), ..] => {
                let at = node.as_map().and_then(|m| {
                    m.iter()
                        .find(|(k, _)| k.as_str() == Some(second.name()))
                        .map(|(k, _)| k.clone())
                });
                let names: Vec<&str> = checks.iter().map(|(k, _)| k.name()).collect();
                self.problem(
                    format!(
                        "a rule has one check, this one has {}: split it into several rules",
                        names.join(" and ")
                    ),
                    at.as_ref().unwrap_or(node),
                );
                (None, None)
            }
        };
        let message = match (node.get("message"), &vars) {
            (Some(n), Some(vars)) => self.message(n, "message", vars),
            (Some(n), None) => {
                self.text(n, "message");
                None
            }
            (None, _) => {
                self.problem("a rule needs `message:`".to_owned(), node);
                None
            }
        };
        let help = match (node.get("help"), &vars) {
            (Some(n), Some(vars)) => self.message(n, "help", vars).map(Some),
            (Some(n), None) => self.text(n, "help").map(|_| None),
            (None, _) => Some(None),
        };
        let mut texts = BTreeMap::new();
        for key in ["summary", "description", "why"] {
            if let Some(n) = node.get(key) {
                if let Some(t) = self.text(n, key) {
                    texts.insert(key, t);
                }
            }
        }
        let mut cases = Vec::new();
        for (key, valid) in [("valid", true), ("invalid", false)] {
            if let Some(list) = node.get(key) {
                match list.as_seq() {
                    Some(items) => {
                        for (i, item) in items.iter().enumerate() {
                            if let Some(case) = self.case(item, valid, i + 1, key) {
                                cases.push(case);
                            }
                        }
                    }
                    None => self.problem(
                        format!("`{key}` should be a list of cases, not {}", list.kind()),
                        list,
                    ),
                }
            }
        }
        if self.problems.len() > before {
            return None;
        }
        let (id, _) = id?;
        let check = check?;
        let message = message?;
        let family = family?;
        let summary = texts
            .remove("summary")
            .unwrap_or_else(|| docs::summary_from(&message));
        let code = code?.map(|(code, _)| code);
        let mut rule = PackRule {
            meta: RuleMeta {
                code: Cow::Owned(code.clone().unwrap_or_else(|| id.clone())),
                name: Cow::Owned(id),
                family,
                default_severity: severity?,
                summary: Cow::Owned(summary),
                docs: Cow::Borrowed(""),
            },
            pack: pack.to_owned(),
            code,
            standard: standard.map(str::to_owned),
            sheets: sheets?,
            message,
            help: help?,
            check,
            cases,
        };
        rule.meta.docs = Cow::Owned(docs::page(
            &rule,
            pack,
            texts.get("description").map(String::as_str),
            texts.get("why").map(String::as_str),
        ));
        Some(rule)
    }
}
