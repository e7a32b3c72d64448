//! `one-of`: a non-empty field must be one of a list of values.

use serde_json::{json, Value};

use super::{Check, CheckKind, FIELD};
use crate::packs::compile::Compiler;
use crate::packs::docs::fields;
use crate::packs::message::Var;
use crate::packs::node::Node;
use crate::packs::rule::{PackField, Run, Scope, Values};

const NAME: &str = "one-of";

pub struct OneOf;

impl CheckKind for OneOf {
    fn name(&self) -> &'static str {
        NAME
    }
    fn doc(&self) -> &'static str {
        "A non-empty field must be one of a list of values."
    }
    fn params(&self) -> &'static [(&'static str, &'static str)] {
        &[
            FIELD,
            ("values", "The allowed values."),
            (
                "case-sensitive",
                "Compare letter case too (default false); spaces around a value never count.",
            ),
        ]
    }
    fn required(&self) -> &'static [&'static str] {
        &["field", "values"]
    }
    fn property(&self, key: &str) -> Option<Value> {
        (key == "case-sensitive").then(|| json!({ "type": "boolean" }))
    }
    fn vars(&self, base: &[Var]) -> Vec<Var> {
        [base, &[Var::Values]].concat()
    }
    fn compile(&self, c: &mut Compiler<'_>, params: &Node) -> Option<Box<dyn Check>> {
        let fields = c.fields(params, NAME);
        let values = c.values(params, params.get("values"), "values");
        Some(Box::new(OneOfCheck(fields?, values?)))
    }
}

struct OneOfCheck(Vec<PackField>, Values);

impl std::fmt::Debug for OneOfCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "one-of {:?} {:?}", self.0, self.1.values)
    }
}

impl Check for OneOfCheck {
    fn kind(&self) -> &'static str {
        NAME
    }

    fn run(&self, run: &mut Run<'_, '_, '_>) {
        let OneOfCheck(fields, values) = self;
        for (table, action, concept, field) in run.each_field(&Scope::Fields(fields.clone())) {
            if !field.is_blank() && !values.contains(&field.text) {
                let mut vars = run.field_vars(table, action, concept, field);
                vars.set(Var::Values, values.list());
                run.push(field.cell().clone(), None, &vars);
            }
        }
    }

    fn describe(&self) -> String {
        let OneOfCheck(list, values) = self;
        format!(
            "Reports each action whose {} is not empty and is not {}{}.",
            fields(list),
            values.list(),
            if values.case_sensitive {
                ""
            } else {
                " (letter case ignored)"
            }
        )
    }
}
