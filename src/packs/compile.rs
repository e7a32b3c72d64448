//! YAML node tree → validated pack rules. Every problem is collected with its
//! byte span; nothing runs until a pack compiles without one.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use regex::{Regex, RegexBuilder};

use crate::diagnostic::{Family, Severity};
use crate::problem::{yaml_problem, Problem};
use crate::rules::RuleMeta;

use super::docs;
use super::message::{Message, Var};
use super::node::{Node, Value};
use super::rule::{
    Case, Check, PackField, PackRule, Scope, SheetFilter, Spellings, Template, Test, TestKind,
    Values,
};

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

/// The checks; a rule has exactly one.
pub const CHECK_KEYS: &[(&str, &str)] = &[
    ("required", "A field must not be empty."),
    ("pattern", "A non-empty field must match a regex."),
    (
        "forbidden",
        "A regex must not match a field; each match is underlined.",
    ),
    (
        "one-of",
        "A non-empty field must be one of a list of values.",
    ),
    (
        "conditional",
        "When one field passes a test, another must pass a test too.",
    ),
    (
        "consistency",
        "Only one spelling of a term per workbook; the first one used wins.",
    ),
    (
        "template",
        "The workbook follows a template: sheets, columns in order, header text, no extra columns.",
    ),
];

/// Keys inside each check.
pub fn check_params(check: &str) -> &'static [(&'static str, &'static str)] {
    const FIELD: (&str, &str) = (
        "field",
        "A field, or a list of fields: item, indicator, action, owner, kpi, deadline, baseline, target, status.",
    );
    const FIELD_ANY: (&str, &str) = (
        "field",
        "A field or a list of fields; any-field for every field of every action, any-cell for every text cell of the workbook.",
    );
    const REGEX: (&str, &str) = ("regex", "A regular expression (Rust regex syntax).");
    match check {
        "required" => &[FIELD],
        "pattern" => &[FIELD, REGEX],
        "forbidden" => &[FIELD_ANY, REGEX],
        "one-of" => &[
            FIELD,
            ("values", "The allowed values."),
            (
                "case-sensitive",
                "Compare letter case too (default false); spaces around a value never count.",
            ),
        ],
        "conditional" => &[
            ("if", "The test that triggers the rule."),
            ("then", "The test the action must then pass."),
        ],
        "consistency" => &[
            FIELD_ANY,
            (
                "spellings",
                "The spellings of one term, matched as whole words ignoring case.",
            ),
        ],
        "template" => &[
            ("sheets", "Sheets the workbook must have."),
            (
                "columns",
                "Fields every action table must have a column for.",
            ),
            (
                "order",
                "Whether those columns must stand in the order listed (default true).",
            ),
            ("headers", "Exact header text per field, e.g. owner: Lead."),
            (
                "extra-columns",
                "Whether columns not listed in `columns` are allowed (default true).",
            ),
        ],
        _ => &[],
    }
}

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

/// Keys of a self-test case written as a mapping.
pub const CASE_KEYS: &[(&str, &str)] = &[
    ("sheet", "The sheet's name (default: Plan)."),
    ("rows", "The sheet's rows, each a list of cell texts."),
    (
        "sheets",
        "Several sheets: sheet name → rows (instead of sheet and rows).",
    ),
    (
        "at",
        "invalid cases only: the cells where findings must be (C4, 'Action Plan'!C4, a sheet name or workbook).",
    ),
];

/// The default sheet of a self-test case.
pub const CASE_SHEET: &str = "Plan";

/// Ids taken so far: built-in codes and names, and rules of packs compiled
/// before, each with where it comes from.
#[derive(Clone, Debug, Default)]
pub struct Taken {
    ids: BTreeMap<String, String>,
}

impl Taken {
    /// The built-in rules' codes and names, family names and `all`.
    pub fn builtin() -> Taken {
        let mut taken = Taken::default();
        for rule in crate::rules::BUILTIN {
            let meta = rule.meta();
            taken.insert(
                &meta.code,
                format!("the code of built-in rule {}", meta.name),
            );
            taken.insert(
                &meta.name,
                format!("the name of built-in rule {}", meta.code),
            );
        }
        for family in Family::ALL {
            taken.insert(family.as_str(), "a family name".to_owned());
        }
        taken.insert("all", "the selector for every rule".to_owned());
        taken
    }

    /// The codes and names of these rules (built-in and packs), family
    /// names and `all`.
    pub fn of<'r>(rules: impl IntoIterator<Item = &'r dyn crate::rules::Rule>) -> Taken {
        let mut taken = Taken::builtin();
        for rule in rules {
            let meta = rule.meta();
            if meta.code == meta.name {
                taken.insert(
                    &meta.code,
                    "the id of a pack rule already loaded".to_owned(),
                );
            } else {
                taken.insert(&meta.code, format!("the code of rule {}", meta.name));
                taken.insert(&meta.name, format!("the name of rule {}", meta.code));
            }
        }
        taken
    }

    pub fn insert(&mut self, id: &str, owner: String) {
        self.ids.entry(id.to_ascii_lowercase()).or_insert(owner);
    }

    fn owner(&self, id: &str) -> Option<&str> {
        self.ids.get(&id.to_ascii_lowercase()).map(String::as_str)
    }
}

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

struct Compiler<'t> {
    text: &'t str,
    problems: Vec<Problem>,
}

fn span(node: &Node) -> Option<Range<usize>> {
    let start = node.span.start;
    Some(start..node.span.end.max(start + 1))
}

/// The placeholders a check's messages may use: those of an action's field,
/// or of any cell (`field: any-cell`), plus the check's own.
fn vars_for(check: &str, params: &Node) -> Vec<Var> {
    use Var::*;
    const FIELD_VARS: &[Var] = &[
        Action, Item, Field, Column, Value, Cell, Sheet, Standard, ItemWord,
    ];
    const CELL_VARS: &[Var] = &[Value, Cell, Sheet, Standard, ItemWord];
    let any_cell = params.get("field").and_then(Node::as_str) == Some("any-cell");
    let base = if any_cell { CELL_VARS } else { FIELD_VARS };
    let more: &[Var] = match check {
        "forbidden" => &[Match],
        "one-of" => &[Values],
        "conditional" => &[IfField, IfValue],
        "consistency" => &[Match, First, FirstCell],
        "template" => return vec![Problem, Sheet, Cell, Standard, ItemWord],
        _ => &[],
    };
    base.iter().chain(more).copied().collect()
}

/// Up to two edits apart: the likely intended key.
fn suggest<'k>(word: &str, candidates: impl Iterator<Item = &'k str>) -> Option<&'k str> {
    fn distance(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut prev = row[0];
            row[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let cur = row[j + 1];
                row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
                prev = cur;
            }
        }
        row[b.len()]
    }
    candidates
        .map(|c| (distance(word, c), c))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn is_kebab(id: &str) -> bool {
    id.split('-').all(|w| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    }) && id.starts_with(|c: char| c.is_ascii_lowercase())
}

/// Capital letters (two to six) then three digits: `RIV001`.
fn is_code(code: &str) -> bool {
    let letters = code.chars().take_while(|c| c.is_ascii_uppercase()).count();
    let digits = &code[letters..];
    (2..=6).contains(&letters) && digits.len() == 3 && digits.chars().all(|c| c.is_ascii_digit())
}

/// Characters Excel does not allow in a sheet name.
const NOT_IN_SHEET_NAMES: &[char] = &[':', '\\', '/', '[', ']'];

/// The longest sheet name Excel allows.
const SHEET_NAME_MAX: usize = 31;

impl Compiler<'_> {
    fn problem(&mut self, message: String, node: &Node) {
        self.problems.push(Problem {
            message,
            span: span(node),
        });
    }

    /// Check a mapping's keys against `allowed` (plus `extra`), reporting
    /// unknown and repeated keys.
    fn keys_with(
        &mut self,
        node: &Node,
        allowed: &[(&str, &str)],
        extra: &[(&str, &str)],
        what: &str,
    ) {
        let Some(entries) = node.as_map() else { return };
        let mut seen: Vec<&str> = Vec::new();
        for (key, _) in entries {
            let Some(name) = key.as_text() else {
                self.problem(format!("keys of {what} are words, not {}", key.kind()), key);
                continue;
            };
            let known = allowed.iter().chain(extra).any(|(k, _)| *k == name);
            if !known {
                let hint = suggest(&name, allowed.iter().chain(extra).map(|(k, _)| *k))
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_else(|| {
                        let all: Vec<&str> = allowed.iter().chain(extra).map(|(k, _)| *k).collect();
                        format!("; expected one of {}", all.join(", "))
                    });
                self.problem(format!("unknown key `{name}` in {what}{hint}"), key);
            } else if seen.contains(&name.as_str()) {
                self.problem(format!("`{name}` is written twice in {what}"), key);
            }
            if let Some(k) = allowed.iter().chain(extra).find(|(k, _)| *k == name) {
                seen.push(k.0);
            }
        }
    }

    fn keys(&mut self, node: &Node, allowed: &[(&str, &str)], what: &str) {
        self.keys_with(node, allowed, &[], what);
    }

    /// A text value (numbers and booleans are taken as written).
    fn text(&mut self, node: &Node, key: &str) -> Option<String> {
        match node.as_text() {
            Some(text) => Some(text),
            None => {
                self.problem(format!("`{key}` should be text, not {}", node.kind()), node);
                None
            }
        }
    }

    fn flag(&mut self, node: &Node, key: &str) -> Option<bool> {
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.problem(
                    format!("`{key}` should be true or false, not {}", node.kind()),
                    node,
                );
                None
            }
        }
    }

    /// A list of texts; a single text counts as a list of one.
    fn texts(&mut self, node: &Node, key: &str) -> Option<Vec<(String, Node)>> {
        match &node.value {
            Value::Seq(items) => {
                let mut out = Vec::new();
                let mut ok = true;
                for item in items {
                    match self.text(item, key) {
                        Some(t) => out.push((t, item.clone())),
                        None => ok = false,
                    }
                }
                ok.then_some(out)
            }
            _ => self.text(node, key).map(|t| vec![(t, node.clone())]),
        }
    }

    fn regex(&mut self, node: &Node, key: &str) -> Option<Regex> {
        let pattern = self.text(node, key)?;
        match RegexBuilder::new(&pattern).size_limit(1 << 20).build() {
            Ok(regex) => Some(regex),
            Err(e) => {
                let detail = e.to_string();
                let detail = detail
                    .lines()
                    .rev()
                    .find(|l| l.trim_start().starts_with("error:"))
                    .map(|l| {
                        l.trim_start()
                            .trim_start_matches("error:")
                            .trim()
                            .to_owned()
                    })
                    .unwrap_or_else(|| detail.lines().last().unwrap_or("invalid").to_owned());
                self.problem(format!("`{pattern}` is not a valid regex: {detail}"), node);
                None
            }
        }
    }

    /// `field:` of a check: names of fields, possibly any-field / any-cell.
    fn scope(&mut self, params: &Node, check: &str, any: bool) -> Option<Scope> {
        let Some(node) = params.get("field") else {
            self.problem(format!("`{check}` needs `field:`"), params);
            return None;
        };
        let names = self.texts(node, "field")?;
        let mut fields = Vec::new();
        let mut special = None;
        let mut ok = true;
        for (name, at) in &names {
            match (name.as_str(), PackField::parse(name)) {
                (_, Some(field)) => fields.push(field),
                ("any-field", _) if any => special = Some(Scope::AnyField),
                ("any-cell", _) if any => special = Some(Scope::AnyCell),
                ("any-field" | "any-cell", _) => {
                    self.problem(
                        format!("`{name}` is not allowed in `{check}`; name the fields"),
                        at,
                    );
                    ok = false;
                }
                _ => {
                    self.unknown_field(name, at, any);
                    ok = false;
                }
            }
        }
        if !ok {
            return None;
        }
        match special {
            Some(scope) if names.len() == 1 => Some(scope),
            Some(_) => {
                self.problem(
                    "`any-field` and `any-cell` stand alone, not in a list".to_owned(),
                    node,
                );
                None
            }
            None if fields.is_empty() => {
                self.problem("`field` names no field".to_owned(), node);
                None
            }
            None => Some(Scope::Fields(fields)),
        }
    }

    fn unknown_field(&mut self, name: &str, at: &Node, any: bool) {
        let names: Vec<&str> = PackField::ALL
            .iter()
            .map(|f| f.name())
            .chain(if any {
                vec!["any-field", "any-cell"]
            } else {
                vec![]
            })
            .collect();
        let hint = suggest(name, names.iter().copied())
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_else(|| format!("; fields are {}", names.join(", ")));
        self.problem(format!("`{name}` is not a field{hint}"), at);
    }

    fn fields(&mut self, params: &Node, check: &str) -> Option<Vec<PackField>> {
        match self.scope(params, check, false)? {
            Scope::Fields(fields) => Some(fields),
            _ => None,
        }
    }

    fn one_field(&mut self, node: &Node, key: &str) -> Option<PackField> {
        let name = self.text(node, key)?;
        match PackField::parse(&name) {
            Some(f) => Some(f),
            None => {
                self.unknown_field(&name, node, false);
                None
            }
        }
    }

    fn values(&mut self, params: &Node, node: Option<&Node>, key: &str) -> Option<Values> {
        let Some(node) = node else {
            self.problem(
                format!("`one-of` needs `{key}:`, the allowed values"),
                params,
            );
            return None;
        };
        let values: Vec<String> = self.texts(node, key)?.into_iter().map(|(t, _)| t).collect();
        if values.is_empty() {
            self.problem(format!("`{key}` lists no value"), node);
            return None;
        }
        let case_sensitive = match params.get("case-sensitive") {
            Some(n) => self.flag(n, "case-sensitive")?,
            None => false,
        };
        Some(Values {
            values,
            case_sensitive,
        })
    }

    fn test(&mut self, node: &Node, key: &str) -> Option<Test> {
        if node.as_map().is_none() {
            self.problem(
                format!(
                    "`{key}` should be a mapping with `field:` and a test, not {}",
                    node.kind()
                ),
                node,
            );
            return None;
        }
        self.keys(node, TEST_KEYS, &format!("`{key}`"));
        let field = match node.get("field") {
            Some(f) => self.one_field(f, "field"),
            None => {
                self.problem(format!("`{key}` needs `field:`"), node);
                None
            }
        };
        let tests: Vec<&str> = ["matches", "one-of", "empty"]
            .into_iter()
            .filter(|t| node.get(t).is_some())
            .collect();
        let kind = match tests.as_slice() {
            ["matches"] => node
                .get("matches")
                .and_then(|n| self.regex(n, "matches"))
                .map(TestKind::Matches),
            ["one-of"] => {
                let n = node.get("one-of");
                self.values(node, n, "one-of").map(TestKind::OneOf)
            }
            ["empty"] => node
                .get("empty")
                .and_then(|n| self.flag(n, "empty"))
                .map(TestKind::Empty),
            [] => {
                self.problem(
                    format!("`{key}` needs a test: `matches`, `one-of` or `empty`"),
                    node,
                );
                None
            }
            _ => {
                self.problem(
                    format!(
                        "`{key}` has {} tests; give one of `matches`, `one-of` or `empty`",
                        tests.len()
                    ),
                    node,
                );
                None
            }
        };
        Some(Test {
            field: field?,
            kind: kind?,
        })
    }

    fn template(&mut self, params: &Node) -> Option<Template> {
        let mut template = Template {
            order: true,
            extra_columns: true,
            ..Template::default()
        };
        let mut ok = true;
        if let Some(node) = params.get("sheets") {
            match self.texts(node, "sheets") {
                Some(names) => template.sheets = names.into_iter().map(|(t, _)| t).collect(),
                None => ok = false,
            }
        }
        if let Some(node) = params.get("columns") {
            match self.texts(node, "columns") {
                Some(names) => {
                    for (name, at) in names {
                        match PackField::parse(&name) {
                            Some(f) if template.columns.contains(&f) => {
                                self.problem(format!("`{name}` is listed twice"), &at);
                                ok = false;
                            }
                            Some(f) => template.columns.push(f),
                            None => {
                                self.unknown_field(&name, &at, false);
                                ok = false;
                            }
                        }
                    }
                }
                None => ok = false,
            }
        }
        if let Some(node) = params.get("order") {
            match self.flag(node, "order") {
                Some(b) => template.order = b,
                None => ok = false,
            }
        }
        if let Some(node) = params.get("extra-columns") {
            match self.flag(node, "extra-columns") {
                Some(b) => template.extra_columns = b,
                None => ok = false,
            }
            if !template.extra_columns && template.columns.is_empty() {
                self.problem(
                    "`extra-columns: false` needs `columns:`, the columns allowed".to_owned(),
                    node,
                );
                ok = false;
            }
        }
        if let Some(node) = params.get("headers") {
            match node.as_map() {
                Some(entries) => {
                    for (key, value) in entries {
                        let field = self.one_field(key, "headers");
                        let text = self.text(value, "headers");
                        match (field, text) {
                            (Some(f), Some(t)) => template.headers.push((f, t)),
                            _ => ok = false,
                        }
                    }
                }
                None => {
                    self.problem(
                        format!(
                            "`headers` should map fields to header text (owner: Lead), not {}",
                            node.kind()
                        ),
                        node,
                    );
                    ok = false;
                }
            }
        }
        let empty = template.sheets.is_empty()
            && template.columns.is_empty()
            && template.headers.is_empty();
        if ok && empty {
            self.problem(
                "`template` checks nothing: give `sheets`, `columns` or `headers`".to_owned(),
                params,
            );
            ok = false;
        }
        ok.then_some(template)
    }

    /// The rule's check.
    fn check(&mut self, name: &str, params: &Node) -> Option<Check> {
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
        self.keys(params, check_params(name), &format!("`{name}`"));
        match name {
            "required" => Some(Check::Required(self.fields(params, name)?)),
            "pattern" => {
                let fields = self.fields(params, name);
                let regex = self.required_regex(params, name);
                Some(Check::Pattern(fields?, regex?))
            }
            "forbidden" => {
                let scope = self.scope(params, name, true);
                let regex = self.required_regex(params, name);
                Some(Check::Forbidden(scope?, regex?))
            }
            "one-of" => {
                let fields = self.fields(params, name);
                let values = self.values(params, params.get("values"), "values");
                Some(Check::OneOf(fields?, values?))
            }
            "conditional" => {
                let mut test = |key: &str| match params.get(key) {
                    Some(n) => self.test(n, key),
                    None => {
                        self.problem(format!("`conditional` needs `{key}:`"), params);
                        None
                    }
                };
                let when = test("if");
                let then = test("then");
                Some(Check::Conditional {
                    when: when?,
                    then: then?,
                })
            }
            "consistency" => {
                let scope = self.scope(params, name, true);
                let spellings = match params.get("spellings") {
                    Some(n) => self.spellings(n),
                    None => {
                        self.problem("`consistency` needs `spellings:`".to_owned(), params);
                        None
                    }
                };
                Some(Check::Consistency(scope?, spellings?))
            }
            "template" => Some(Check::Template(self.template(params)?)),
            _ => None,
        }
    }

    fn spellings(&mut self, node: &Node) -> Option<Spellings> {
        let list = self.texts(node, "spellings")?;
        let words: Vec<String> = list.iter().map(|(t, _)| t.trim().to_owned()).collect();
        if words.len() < 2 || words.iter().any(String::is_empty) {
            self.problem(
                "`spellings` needs at least two non-empty spellings".to_owned(),
                node,
            );
            return None;
        }
        match Spellings::new(words) {
            Ok(s) => Some(s),
            Err(e) => {
                self.problem(format!("these spellings cannot be matched: {e}"), node);
                None
            }
        }
    }

    fn required_regex(&mut self, params: &Node, check: &str) -> Option<Regex> {
        match params.get("regex") {
            Some(n) => self.regex(n, "regex"),
            None => {
                self.problem(format!("`{check}` needs `regex:`"), params);
                None
            }
        }
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
        self.keys_with(node, RULE_KEYS, CHECK_KEYS, "a rule");
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
        let checks: Vec<(&str, &Node)> = CHECK_KEYS
            .iter()
            .filter_map(|(k, _)| node.get(k).map(|n| (*k, n)))
            .collect();
        let (check, vars) = match checks.as_slice() {
            [(name, params)] => (self.check(name, params), Some(vars_for(name, params))),
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
                        .find(|(k, _)| k.as_str() == Some(second))
                        .map(|(k, _)| k.clone())
                });
                let names: Vec<&str> = checks.iter().map(|(k, _)| *k).collect();
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

    /// Check a rule's `code:` (or its absence): well formed, and unique
    /// among every id and code in use, ignoring case. A user pack's codes
    /// keep clear of the built-in families' prefixes, so that a future
    /// built-in rule cannot take them; a standard's own pack (rules/wdes.yaml)
    /// must give each rule a code with its family's prefix, like a built-in.
    fn code(
        &mut self,
        code: Option<&(String, Node)>,
        family: Family,
        builtin: bool,
        taken: &Taken,
        ids: &mut BTreeMap<String, usize>,
        rule: &Node,
    ) {
        let prefix = family.code_prefix();
        let Some((code, at)) = code else {
            if builtin {
                self.problem(
                    format!("a rule of a standard's pack needs `code:`, {prefix} and three digits"),
                    rule,
                );
            }
            return;
        };
        let letters: String = code.chars().take_while(char::is_ascii_uppercase).collect();
        if !is_code(code) {
            self.problem(
                format!("code `{code}` should be two to six capital letters then three digits, e.g. RIV001"),
                at,
            );
        } else if builtin && letters != prefix {
            self.problem(
                format!(
                    "code `{code}` should start with {prefix}, the prefix of {} rules",
                    family.as_str()
                ),
                at,
            );
        } else if !builtin && Family::ALL.iter().any(|f| f.code_prefix() == letters) {
            self.problem(
                format!(
                    "code `{code}` starts with {letters}, the prefix of built-in rules; choose other letters, e.g. the pack's initials"
                ),
                at,
            );
        } else if let Some(first) = ids.get(&code.to_ascii_lowercase()) {
            self.problem(
                format!("code `{code}` is used twice in this pack (first on line {first})"),
                at,
            );
        } else if let Some(owner) = taken.owner(code) {
            self.problem(format!("code `{code}` is already taken: it is {owner}"), at);
        } else {
            let line = self.text[..at.span.start.min(self.text.len())]
                .matches('\n')
                .count()
                + 1;
            ids.insert(code.to_ascii_lowercase(), line);
        }
    }

    /// `sheets:` of a rule: sheet names or patterns.
    fn sheet_filter(&mut self, node: &Node) -> Option<SheetFilter> {
        let names = self.texts(node, "sheets")?;
        if names.is_empty() {
            self.problem(
                "`sheets` lists no sheet; leave it out to look at every sheet".to_owned(),
                node,
            );
            return None;
        }
        let mut ok = true;
        let mut seen: Vec<String> = Vec::new();
        for (name, at) in &names {
            let trimmed = name.trim();
            let wildcard = trimmed.contains(['*', '?']);
            if trimmed.is_empty() {
                self.problem("a sheet name is empty".to_owned(), at);
                ok = false;
            } else if let Some(c) = trimmed.chars().find(|c| NOT_IN_SHEET_NAMES.contains(c)) {
                self.problem(
                    format!("`{trimmed}` matches no sheet: a sheet name cannot contain `{c}`"),
                    at,
                );
                ok = false;
            } else if !wildcard && trimmed.chars().count() > SHEET_NAME_MAX {
                self.problem(
                    format!(
                        "`{trimmed}` matches no sheet: a sheet name has at most {SHEET_NAME_MAX} characters"
                    ),
                    at,
                );
                ok = false;
            } else if seen.contains(&trimmed.to_lowercase()) {
                self.problem(format!("`{trimmed}` is listed twice"), at);
                ok = false;
            } else {
                seen.push(trimmed.to_lowercase());
            }
        }
        if !ok {
            return None;
        }
        let patterns = names
            .into_iter()
            .map(|(t, _)| t.trim().to_owned())
            .collect();
        match SheetFilter::new(patterns) {
            Ok(filter) => Some(filter),
            Err(e) => {
                self.problem(format!("these sheet names cannot be matched: {e}"), node);
                None
            }
        }
    }

    fn rows(&mut self, node: &Node) -> Option<Vec<Vec<String>>> {
        let Some(rows) = node.as_seq() else {
            self.problem(
                format!(
                    "rows should be a list of rows, each a list of cells, not {}",
                    node.kind()
                ),
                node,
            );
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for row in rows {
            match &row.value {
                Value::Seq(cells) => {
                    let mut texts = Vec::new();
                    for cell in cells {
                        match (&cell.value, cell.as_text()) {
                            (Value::Null, _) => texts.push(String::new()),
                            (_, Some(t)) => texts.push(t),
                            _ => {
                                self.problem(
                                    format!("a cell is text or a number, not {}", cell.kind()),
                                    cell,
                                );
                                ok = false;
                            }
                        }
                    }
                    out.push(texts);
                }
                Value::Null => out.push(Vec::new()),
                _ => {
                    self.problem(format!("a row is a list of cells, not {}", row.kind()), row);
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    fn case(&mut self, node: &Node, valid: bool, index: usize, key: &str) -> Option<Case> {
        let line = self.text[..node.span.start.min(self.text.len())]
            .matches('\n')
            .count()
            + 1;
        let mut case = Case {
            valid,
            index,
            line,
            sheets: Vec::new(),
            at: None,
        };
        match &node.value {
            Value::Seq(_) => {
                case.sheets.push((CASE_SHEET.to_owned(), self.rows(node)?));
            }
            Value::Map(_) => {
                self.keys(node, CASE_KEYS, &format!("a `{key}` case"));
                match (node.get("rows"), node.get("sheets")) {
                    (Some(rows), None) => {
                        let name = match node.get("sheet") {
                            Some(n) => self.text(n, "sheet")?,
                            None => CASE_SHEET.to_owned(),
                        };
                        case.sheets.push((name, self.rows(rows)?));
                    }
                    (None, Some(sheets)) => {
                        let Some(entries) = sheets.as_map() else {
                            self.problem(
                                format!("`sheets` maps sheet names to rows, not {}", sheets.kind()),
                                sheets,
                            );
                            return None;
                        };
                        for (name, rows) in entries {
                            let name = self.text(name, "sheets")?;
                            case.sheets.push((name, self.rows(rows)?));
                        }
                        if let Some(n) = node.get("sheet") {
                            self.problem(
                                "`sheet` goes with `rows`, not with `sheets`".to_owned(),
                                n,
                            );
                            return None;
                        }
                    }
                    (Some(_), Some(sheets)) => {
                        self.problem("give `rows` or `sheets`, not both".to_owned(), sheets);
                        return None;
                    }
                    (None, None) => {
                        self.problem("a case needs `rows:` (or `sheets:`)".to_owned(), node);
                        return None;
                    }
                }
                if let Some(at) = node.get("at") {
                    if valid {
                        self.problem(
                            "`at` belongs to invalid cases: a valid case has no findings"
                                .to_owned(),
                            at,
                        );
                        return None;
                    }
                    case.at = Some(self.texts(at, "at")?.into_iter().map(|(t, _)| t).collect());
                }
            }
            _ => {
                self.problem(
                    format!(
                        "a case is a list of rows or a mapping with `rows:`, not {}",
                        node.kind()
                    ),
                    node,
                );
                return None;
            }
        }
        Some(case)
    }
}
