//! Names in a pack: rule ids and codes (well formed and not taken) and the
//! sheet names of `sheets:`.

use std::collections::BTreeMap;

use super::Compiler;
use crate::diagnostic::Family;
use crate::packs::node::Node;
use crate::packs::rule::SheetFilter;

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

    pub(super) fn owner(&self, id: &str) -> Option<&str> {
        self.ids.get(&id.to_ascii_lowercase()).map(String::as_str)
    }
}

pub(super) fn is_kebab(id: &str) -> bool {
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
    /// Check a rule's `code:` (or its absence): well formed, and unique
    /// among every id and code in use, ignoring case. A user pack's codes
    /// keep clear of the built-in families' prefixes, so that a future
    /// built-in rule cannot take them; a standard's own pack (rules/wdes.yaml)
    /// must give each rule a code with its family's prefix, like a built-in.
    pub(super) fn code(
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
    pub(super) fn sheet_filter(&mut self, node: &Node) -> Option<SheetFilter> {
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
}
