//! `pattern`: a non-empty field must match a regex.

use regex::Regex;

use super::{Check, CheckKind, FIELD, REGEX};
use crate::packs::compile::Compiler;
use crate::packs::docs::fields;
use crate::packs::node::Node;
use crate::packs::rule::{PackField, Run, Scope};

const NAME: &str = "pattern";

pub struct Pattern;

impl CheckKind for Pattern {
    fn name(&self) -> &'static str {
        NAME
    }
    fn doc(&self) -> &'static str {
        "A non-empty field must match a regex."
    }
    fn params(&self) -> &'static [(&'static str, &'static str)] {
        &[FIELD, REGEX]
    }
    fn required(&self) -> &'static [&'static str] {
        &["field", "regex"]
    }
    fn compile(&self, c: &mut Compiler<'_>, params: &Node) -> Option<Box<dyn Check>> {
        let fields = c.fields(params, NAME);
        let regex = c.required_regex(params, NAME);
        Some(Box::new(PatternCheck(fields?, regex?)))
    }
}

struct PatternCheck(Vec<PackField>, Regex);

impl std::fmt::Debug for PatternCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "pattern {:?} {}", self.0, self.1.as_str())
    }
}

impl Check for PatternCheck {
    fn kind(&self) -> &'static str {
        NAME
    }

    fn run(&self, run: &mut Run<'_, '_, '_>) {
        let PatternCheck(fields, regex) = self;
        for (table, action, concept, field) in run.each_field(&Scope::Fields(fields.clone())) {
            if !field.is_blank() && !regex.is_match(&field.text) {
                let vars = run.field_vars(table, action, concept, field);
                run.push(field.cell().clone(), None, &vars);
            }
        }
    }

    fn describe(&self) -> String {
        format!(
            "Reports each action whose {} is not empty and does not match `{}`.",
            fields(&self.0),
            self.1.as_str()
        )
    }
}
