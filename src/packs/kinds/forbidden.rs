//! `forbidden`: a regex must not match a field (or any cell); each match is
//! underlined.

use regex::Regex;
use serde_json::{json, Value};

use super::{Check, CheckKind, FIELD_ANY, REGEX};
use crate::packs::compile::Compiler;
use crate::packs::docs::scope;
use crate::packs::message::Var;
use crate::packs::node::Node;
use crate::packs::rule::{shorten, Run, Scope};
use crate::packs::schema::{field_names, one_or_many};

const NAME: &str = "forbidden";

pub struct Forbidden;

impl CheckKind for Forbidden {
    fn name(&self) -> &'static str {
        NAME
    }
    fn doc(&self) -> &'static str {
        "A regex must not match a field; each match is underlined."
    }
    fn params(&self) -> &'static [(&'static str, &'static str)] {
        &[FIELD_ANY, REGEX]
    }
    fn required(&self) -> &'static [&'static str] {
        &["field", "regex"]
    }
    fn property(&self, key: &str) -> Option<Value> {
        (key == "field").then(|| one_or_many(json!({ "enum": field_names(true) })))
    }
    fn vars(&self, base: &[Var]) -> Vec<Var> {
        [base, &[Var::Match]].concat()
    }
    fn compile(&self, c: &mut Compiler<'_>, params: &Node) -> Option<Box<dyn Check>> {
        let scope = c.scope(params, NAME, true);
        let regex = c.required_regex(params, NAME);
        Some(Box::new(ForbiddenCheck(scope?, regex?)))
    }
}

struct ForbiddenCheck(Scope, Regex);

impl std::fmt::Debug for ForbiddenCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "forbidden {:?} {}", self.0, self.1.as_str())
    }
}

impl Check for ForbiddenCheck {
    fn kind(&self) -> &'static str {
        NAME
    }

    fn run(&self, run: &mut Run<'_, '_, '_>) {
        let ForbiddenCheck(scope, regex) = self;
        if *scope == Scope::AnyCell {
            for (cell, text) in run.text_cells() {
                for m in regex.find_iter(&text).filter(|m| !m.is_empty()) {
                    let mut vars = run.cell_vars(&cell);
                    vars.set(Var::Value, shorten(&text))
                        .set(Var::Match, m.as_str());
                    run.push(cell.clone(), Some(m.range()), &vars);
                }
            }
            return;
        }
        for (table, action, concept, field) in run.each_field(scope) {
            for m in regex.find_iter(&field.text).filter(|m| !m.is_empty()) {
                let (cell, span) = field.locate(m.range());
                let mut vars = run.field_vars(table, action, concept, field);
                vars.set(Var::Match, m.as_str())
                    .set(Var::Cell, cell.to_string());
                run.push(cell, Some(span), &vars);
            }
        }
    }

    fn describe(&self) -> String {
        format!(
            "Reports each match of `{}` in {}, underlining the matched text.",
            self.1.as_str(),
            scope(&self.0)
        )
    }
}
