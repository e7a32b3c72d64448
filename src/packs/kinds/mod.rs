//! The kinds of check a pack rule can have (`required:`, `pattern:`, …),
//! one file each. A kind owns its settings (keys and their documentation),
//! how they compile, how the compiled check runs, how it is described on the
//! rule's page, and the schema of its own settings.
//!
//! To add a kind: write `kinds/<kind>.rs` with a unit struct implementing
//! [`CheckKind`] and a compiled check implementing [`Check`], and add it to
//! [`KINDS`]. The compiler, the schema (`docs/pack.schema.json`: regenerate
//! it with `WRESLINT_UPDATE_DOCS=1 cargo test --test packs`) and the rule
//! pages read the list.

mod conditional;
mod consistency;
mod forbidden;
mod one_of;
mod pattern;
mod required;
mod template;

use std::fmt;
use std::sync::LazyLock;

use serde_json::Value;

use super::compile::Compiler;
use super::message::Var;
use super::node::Node;
use super::rule::Run;

/// Every kind of check, in the order the documentation lists them.
pub static KINDS: &[&dyn CheckKind] = &[
    &required::Required,
    &pattern::Pattern,
    &forbidden::Forbidden,
    &one_of::OneOf,
    &conditional::Conditional,
    &consistency::Consistency,
    &template::Template,
];

/// The keys naming a check in a rule, with their documentation: a rule has
/// exactly one.
pub static CHECK_KEYS: LazyLock<Vec<(&'static str, &'static str)>> =
    LazyLock::new(|| KINDS.iter().map(|k| (k.name(), k.doc())).collect());

/// The kind a rule's key names.
pub fn by_name(name: &str) -> Option<&'static dyn CheckKind> {
    KINDS.iter().copied().find(|k| k.name() == name)
}

/// A kind of check, as a rule names it.
pub trait CheckKind: Sync {
    /// The key naming the check in a rule: `pattern`.
    fn name(&self) -> &'static str;
    /// One line on what it checks, for the schema and the docs.
    fn doc(&self) -> &'static str;
    /// Its settings, with their documentation.
    fn params(&self) -> &'static [(&'static str, &'static str)];
    /// The settings the schema marks required.
    fn required(&self) -> &'static [&'static str] {
        &[]
    }
    /// The schema of a setting only this kind reads this way; `None` takes
    /// the shared one (`field`, `regex`, lists of values: see `schema.rs`).
    fn property(&self, _key: &str) -> Option<Value> {
        None
    }
    /// The placeholders its messages may use: `base` (those of an action's
    /// field, or of any cell for `field: any-cell`) and its own.
    fn vars(&self, base: &[Var]) -> Vec<Var> {
        base.to_vec()
    }
    /// Compile its settings (already checked for unknown keys); every
    /// problem goes to the compiler.
    fn compile(&self, c: &mut Compiler<'_>, params: &Node) -> Option<Box<dyn Check>>;
}

/// A compiled check of a pack rule.
pub trait Check: Send + Sync + fmt::Debug {
    /// Its kind's name: `pattern`.
    fn kind(&self) -> &'static str;
    /// Report what it finds in the run's workbook.
    fn run(&self, run: &mut Run<'_, '_, '_>);
    /// What it does, in words, for the rule's documentation page.
    fn describe(&self) -> String;
}

/// `field:` of a check that reads named fields of actions.
pub(super) const FIELD: (&str, &str) = (
    "field",
    "A field, or a list of fields: item, indicator, action, owner, kpi, deadline, baseline, target, status.",
);
/// `field:` of a check that may also read every field or every cell.
pub(super) const FIELD_ANY: (&str, &str) = (
    "field",
    "A field or a list of fields; any-field for every field of every action, any-cell for every text cell of the workbook.",
);
/// `regex:`.
pub(super) const REGEX: (&str, &str) = ("regex", "A regular expression (Rust regex syntax).");
