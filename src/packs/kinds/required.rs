//! `required`: a field must not be empty.

use super::{Check, CheckKind, FIELD};
use crate::packs::compile::Compiler;
use crate::packs::docs::fields;
use crate::packs::node::Node;
use crate::packs::rule::{PackField, Run, Scope};

const NAME: &str = "required";

pub struct Required;

impl CheckKind for Required {
    fn name(&self) -> &'static str {
        NAME
    }
    fn doc(&self) -> &'static str {
        "A field must not be empty."
    }
    fn params(&self) -> &'static [(&'static str, &'static str)] {
        &[FIELD]
    }
    fn required(&self) -> &'static [&'static str] {
        &["field"]
    }
    fn compile(&self, c: &mut Compiler<'_>, params: &Node) -> Option<Box<dyn Check>> {
        Some(Box::new(RequiredCheck(c.fields(params, NAME)?)))
    }
}

struct RequiredCheck(Vec<PackField>);

impl std::fmt::Debug for RequiredCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "required {:?}", self.0)
    }
}

impl Check for RequiredCheck {
    fn kind(&self) -> &'static str {
        NAME
    }

    fn run(&self, run: &mut Run<'_, '_, '_>) {
        for (table, action, concept, field) in run.each_field(&Scope::Fields(self.0.clone())) {
            if field.is_blank() {
                let vars = run.field_vars(table, action, concept, field);
                run.push(field.cell().clone(), None, &vars);
            }
        }
    }

    fn describe(&self) -> String {
        format!("Reports each action whose {} is empty.", fields(&self.0))
    }
}
