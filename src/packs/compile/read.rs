//! The readers every part of a pack is compiled with: texts, flags, lists,
//! regexes, fields and values, each reporting its own problems with their
//! spans. The kinds of check (`kinds/`) compile their settings with these.

use std::ops::Range;

use regex::{Regex, RegexBuilder};

use super::{Compiler, TEST_KEYS};
use crate::packs::node::{Node, Value};
use crate::packs::rule::{PackField, Scope, Test, TestKind, Values};
use crate::problem::Problem;

pub(super) fn span(node: &Node) -> Option<Range<usize>> {
    let start = node.span.start;
    Some(start..node.span.end.max(start + 1))
}

/// Up to two edits apart: the likely intended key.
pub(super) fn suggest<'k>(
    word: &str,
    candidates: impl Iterator<Item = &'k str>,
) -> Option<&'k str> {
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

impl Compiler<'_> {
    pub(in crate::packs) fn problem(&mut self, message: String, node: &Node) {
        self.problems.push(Problem {
            message,
            span: span(node),
        });
    }

    /// Check a mapping's keys against `allowed` (plus `extra`), reporting
    /// unknown and repeated keys.
    pub(super) fn keys_with(
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

    pub(super) fn keys(&mut self, node: &Node, allowed: &[(&str, &str)], what: &str) {
        self.keys_with(node, allowed, &[], what);
    }

    /// A text value (numbers and booleans are taken as written).
    pub(in crate::packs) fn text(&mut self, node: &Node, key: &str) -> Option<String> {
        match node.as_text() {
            Some(text) => Some(text),
            None => {
                self.problem(format!("`{key}` should be text, not {}", node.kind()), node);
                None
            }
        }
    }

    pub(in crate::packs) fn flag(&mut self, node: &Node, key: &str) -> Option<bool> {
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
    pub(in crate::packs) fn texts(
        &mut self,
        node: &Node,
        key: &str,
    ) -> Option<Vec<(String, Node)>> {
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

    pub(in crate::packs) fn regex(&mut self, node: &Node, key: &str) -> Option<Regex> {
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
    pub(in crate::packs) fn scope(
        &mut self,
        params: &Node,
        check: &str,
        any: bool,
    ) -> Option<Scope> {
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

    pub(in crate::packs) fn unknown_field(&mut self, name: &str, at: &Node, any: bool) {
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

    pub(in crate::packs) fn fields(
        &mut self,
        params: &Node,
        check: &str,
    ) -> Option<Vec<PackField>> {
        match self.scope(params, check, false)? {
            Scope::Fields(fields) => Some(fields),
            _ => None,
        }
    }

    pub(in crate::packs) fn one_field(&mut self, node: &Node, key: &str) -> Option<PackField> {
        let name = self.text(node, key)?;
        match PackField::parse(&name) {
            Some(f) => Some(f),
            None => {
                self.unknown_field(&name, node, false);
                None
            }
        }
    }

    pub(in crate::packs) fn values(
        &mut self,
        params: &Node,
        node: Option<&Node>,
        key: &str,
    ) -> Option<Values> {
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

    pub(in crate::packs) fn test(&mut self, node: &Node, key: &str) -> Option<Test> {
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

    pub(in crate::packs) fn required_regex(&mut self, params: &Node, check: &str) -> Option<Regex> {
        match params.get("regex") {
            Some(n) => self.regex(n, "regex"),
            None => {
                self.problem(format!("`{check}` needs `regex:`"), params);
                None
            }
        }
    }
}
