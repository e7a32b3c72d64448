//! `conditional`: when one field passes a test, another must pass a test too.

use serde_json::{json, Value};

use super::{Check, CheckKind};
use crate::packs::compile::Compiler;
use crate::packs::message::Var;
use crate::packs::node::Node;
use crate::packs::rule::{shorten, Run, Test, TestKind};

const NAME: &str = "conditional";

pub struct Conditional;

impl CheckKind for Conditional {
    fn name(&self) -> &'static str {
        NAME
    }
    fn doc(&self) -> &'static str {
        "When one field passes a test, another must pass a test too."
    }
    fn params(&self) -> &'static [(&'static str, &'static str)] {
        &[
            ("if", "The test that triggers the rule."),
            ("then", "The test the action must then pass."),
        ]
    }
    fn required(&self) -> &'static [&'static str] {
        &["if", "then"]
    }
    fn property(&self, key: &str) -> Option<Value> {
        matches!(key, "if" | "then").then(|| json!({ "$ref": "#/definitions/test" }))
    }
    fn vars(&self, base: &[Var]) -> Vec<Var> {
        [base, &[Var::IfField, Var::IfValue]].concat()
    }
    fn compile(&self, c: &mut Compiler<'_>, params: &Node) -> Option<Box<dyn Check>> {
        let mut test = |key: &str| match params.get(key) {
            Some(n) => c.test(n, key),
            None => {
                c.problem(format!("`conditional` needs `{key}:`"), params);
                None
            }
        };
        let when = test("if");
        let then = test("then");
        Some(Box::new(ConditionalCheck {
            when: when?,
            then: then?,
        }))
    }
}

struct ConditionalCheck {
    when: Test,
    then: Test,
}

impl std::fmt::Debug for ConditionalCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "conditional {:?} -> {:?}",
            self.when.field, self.then.field
        )
    }
}

impl Check for ConditionalCheck {
    fn kind(&self) -> &'static str {
        NAME
    }

    fn run(&self, run: &mut Run<'_, '_, '_>) {
        let ConditionalCheck { when, then } = self;
        let model: &crate::model::Model = run.cx.model;
        for (table, action) in model.actions() {
            if !run.rule.looks_at(&table.sheet) {
                continue;
            }
            let Some(trigger) = when.field.of(action).find(|f| when.passes(f)) else {
                continue;
            };
            for field in then.field.of(action) {
                if then.passes(field) {
                    continue;
                }
                let concept = then.field.concept();
                let mut vars = run.field_vars(table, action, concept, field);
                vars.set(Var::IfField, when.field.label(run.cx.knowledge))
                    .set(Var::IfValue, shorten(&trigger.text));
                run.push(field.cell().clone(), None, &vars);
            }
        }
    }

    fn describe(&self) -> String {
        let test = |t: &Test| match &t.kind {
            TestKind::Matches(r) => format!("`{}` matches `{}`", t.field.name(), r.as_str()),
            TestKind::OneOf(v) => format!("`{}` is {}", t.field.name(), v.list()),
            TestKind::Empty(true) => format!("`{}` is empty", t.field.name()),
            TestKind::Empty(false) => format!("`{}` is not empty", t.field.name()),
        };
        format!(
            "Reports each action where {}, unless {}.",
            test(&self.when),
            test(&self.then)
        )
    }
}
