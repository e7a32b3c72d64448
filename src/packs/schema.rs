//! The JSON Schema of a rule pack, for editor completion and checking
//! (`# yaml-language-server: $schema=…/docs/pack.schema.json`). Built from
//! the same key tables the compiler checks keys against, so the two cannot
//! drift; `docs/pack.schema.json` is this output, checked by a test.

use serde_json::{json, Map, Value};

use super::compile::{CASE_KEYS, PACK_KEYS, RULE_KEYS, TEST_KEYS};
use super::kinds::{by_name, CHECK_KEYS, KINDS};
use super::rule::PackField;
use crate::diagnostic::Family;

/// The names `field:` takes; with `any`, also any-field and any-cell.
pub(super) fn field_names(any: bool) -> Vec<&'static str> {
    let mut names: Vec<&str> = PackField::ALL.iter().map(|f| f.name()).collect();
    if any {
        names.extend(["any-field", "any-cell"]);
    }
    names
}

/// One item, or a non-empty list of them.
pub(super) fn one_or_many(item: Value) -> Value {
    json!({ "oneOf": [item.clone(), { "type": "array", "items": item, "minItems": 1 }] })
}

fn regex() -> Value {
    json!({ "type": "string", "minLength": 1 })
}

/// The schema of one key in one context; `None` for a key the schema does
/// not know (a test keeps that from happening). A check's own settings are
/// its kind's (`kinds/`); the keys several share are here.
fn property(context: &str, key: &str) -> Option<Value> {
    if let Some(schema) = by_name(context).and_then(|kind| kind.property(key)) {
        return Some(schema);
    }
    let field = || json!({ "enum": field_names(false) });
    Some(match (context, key) {
        ("pack", "pack" | "description") => json!({ "type": "string" }),
        ("pack", "standard") => json!({ "enum": crate::standard::names() }),
        ("pack", "rules") => json!({ "type": "array", "items": { "$ref": "#/definitions/rule" } }),
        ("rule", "id") => json!({ "type": "string", "pattern": "^[a-z][a-z0-9]*(-[a-z0-9]+)*$" }),
        ("rule", "code") => json!({ "type": "string", "pattern": "^[A-Z]{2,6}[0-9]{3}$" }),
        ("rule", "sheets") => one_or_many(json!({
            "type": ["string", "number"],
            "minLength": 1,
            "pattern": "^[^:\\\\/\\[\\]]+$"
        })),
        ("rule", "family") => {
            json!({ "enum": Family::ALL.iter().map(|f| f.as_str()).collect::<Vec<_>>() })
        }
        ("rule", "severity") => json!({ "enum": ["error", "warning", "info"] }),
        ("rule", "message" | "help" | "summary" | "description" | "why") => {
            json!({ "type": "string", "minLength": 1 })
        }
        ("rule", "valid" | "invalid") => {
            json!({ "type": "array", "items": { "$ref": "#/definitions/case" } })
        }
        ("rule", check) if by_name(check).is_some() => {
            json!({ "$ref": format!("#/definitions/{check}") })
        }
        (_, "field") if context != "test" => one_or_many(field()),
        ("test", "field") => field(),
        (_, "regex" | "matches") => regex(),
        (_, "values" | "one-of" | "sheets" | "at") if context != "case" || key == "at" => {
            one_or_many(json!({ "type": ["string", "number"] }))
        }
        ("test", "empty") => json!({ "type": "boolean" }),
        ("case", "sheet") => json!({ "type": "string" }),
        ("case", "rows") => json!({ "$ref": "#/definitions/rows" }),
        ("case", "sheets") => json!({
            "type": "object",
            "additionalProperties": { "$ref": "#/definitions/rows" }
        }),
        _ => return None,
    })
}

fn object(context: &str, keys: &[(&str, &str)], required: &[&str]) -> Value {
    let mut properties = Map::new();
    for (key, doc) in keys {
        let mut schema = property(context, key).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut schema {
            map.insert("description".into(), json!(doc));
        }
        properties.insert((*key).to_owned(), schema);
    }
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false
    })
}

/// Every (context, key) the schema describes, for the consistency test.
pub fn contexts() -> Vec<(&'static str, &'static [(&'static str, &'static str)])> {
    let mut out: Vec<(&str, &[(&str, &str)])> = vec![
        ("pack", PACK_KEYS),
        ("rule", RULE_KEYS),
        ("rule", CHECK_KEYS.as_slice()),
    ];
    for kind in KINDS {
        out.push((kind.name(), kind.params()));
    }
    out.push(("test", TEST_KEYS));
    out.push(("case", CASE_KEYS));
    out
}

/// Whether the schema knows a key in a context.
pub fn describes(context: &str, key: &str) -> bool {
    property(context, key).is_some()
}

/// The JSON Schema of a rule pack.
pub fn schema() -> Value {
    let mut definitions = Map::new();
    let mut rule = object(
        "rule",
        &RULE_KEYS
            .iter()
            .chain(CHECK_KEYS.iter())
            .copied()
            .collect::<Vec<_>>(),
        &["id", "family", "message"],
    );
    rule["oneOf"] = Value::Array(
        CHECK_KEYS
            .iter()
            .map(|(k, _)| json!({ "required": [k] }))
            .collect(),
    );
    definitions.insert("rule".into(), rule);
    for kind in KINDS {
        definitions.insert(
            kind.name().into(),
            object(kind.name(), kind.params(), kind.required()),
        );
    }
    let mut test = object("test", TEST_KEYS, &["field"]);
    test["oneOf"] = json!([
        { "required": ["matches"] },
        { "required": ["one-of"] },
        { "required": ["empty"] }
    ]);
    definitions.insert("test".into(), test);
    let case_object = object("case", CASE_KEYS, &[]);
    definitions.insert(
        "case".into(),
        json!({ "oneOf": [ { "$ref": "#/definitions/rows" }, case_object ] }),
    );
    definitions.insert(
        "rows".into(),
        json!({
            "type": "array",
            "items": {
                "type": ["array", "null"],
                "items": { "type": ["string", "number", "boolean", "null"] }
            }
        }),
    );
    let mut root = object("pack", PACK_KEYS, &["rules"]);
    let root_map = root.as_object_mut().expect("an object");
    let mut out = Map::new();
    out.insert(
        "$schema".into(),
        json!("http://json-schema.org/draft-07/schema#"),
    );
    out.insert(
        "$id".into(),
        json!("https://wreslint.invalid/pack.schema.json"),
    );
    out.insert("title".into(), json!("wreslint rule pack"));
    out.insert(
        "description".into(),
        json!("Rules for WRES/WDES action plans, written in YAML (docs/packs.md)."),
    );
    out.append(root_map);
    out.insert("definitions".into(), Value::Object(definitions));
    Value::Object(out)
}

/// The schema as committed in `docs/pack.schema.json`.
pub fn text() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).expect("a JSON value serialises");
    text.push('\n');
    text
}
