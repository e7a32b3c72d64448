//! A YAML document as a tree of nodes, each with its byte span in the text.
//!
//! Packs are read in two steps: serde-saphyr parses the YAML into this tree
//! (only YAML syntax can fail here), then the compiler walks it, checking keys
//! and values itself, so that it can report *every* problem with its position
//! instead of stopping at the first, as `deny_unknown_fields` would.

use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// One YAML value with where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    /// Byte span in the YAML text (empty when unknown).
    pub span: Range<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Keys in document order; a key written twice is kept twice.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// What kind of value this is, for messages: "a list", "a number".
    pub fn kind(&self) -> &'static str {
        match &self.value {
            Value::Null => "nothing",
            Value::Bool(_) => "true/false",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The node as text: strings, and numbers and booleans as written.
    pub fn as_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(n) => Some(n.to_string()),
            Value::Float(x) => Some(x.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The value under `key` in a mapping (the first, if written twice).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }
}

/// Parse YAML text into a node tree.
pub fn parse(text: &str) -> Result<Node, serde_saphyr::Error> {
    if text.trim().is_empty() {
        return Ok(Node {
            value: Value::Null,
            span: 0..0,
        });
    }
    let spanned: Spanned<RawValue> = serde_saphyr::from_str(text)?;
    Ok(Node::from(spanned))
}

/// What serde sees; turned into [`Node`] with spans afterwards.
#[derive(Debug)]
enum RawValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<RawValue>>),
    Map(Vec<(Spanned<RawValue>, Spanned<RawValue>)>),
}

fn span_of<T>(spanned: &Spanned<T>) -> Range<usize> {
    let span = spanned.referenced.span();
    match (span.byte_offset(), span.byte_len()) {
        (Some(start), Some(len)) => start as usize..(start + len) as usize,
        (Some(start), None) => start as usize..start as usize,
        _ => 0..0,
    }
}

impl From<Spanned<RawValue>> for Node {
    fn from(spanned: Spanned<RawValue>) -> Node {
        let span = span_of(&spanned);
        let value = match spanned.value {
            RawValue::Null => Value::Null,
            RawValue::Bool(b) => Value::Bool(b),
            RawValue::Int(n) => Value::Int(n),
            RawValue::Float(x) => Value::Float(x),
            RawValue::Str(s) => Value::Str(s),
            RawValue::Seq(items) => Value::Seq(items.into_iter().map(Node::from).collect()),
            RawValue::Map(entries) => Value::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| (Node::from(k), Node::from(v)))
                    .collect(),
            ),
        };
        Node { value, span }
    }
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawValue, E> {
        Ok(RawValue::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawValue, E> {
        Ok(RawValue::Int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawValue, E> {
        Ok(i64::try_from(v)
            .map(RawValue::Int)
            .unwrap_or(RawValue::Float(v as f64)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawValue, E> {
        Ok(RawValue::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawValue, E> {
        Ok(RawValue::Str(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<RawValue, E> {
        Ok(RawValue::Str(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawValue, D::Error> {
        RawValue::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawValue::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawValue, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(RawValue::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at<'t>(text: &'t str, node: &Node) -> &'t str {
        &text[node.span.clone()]
    }

    #[test]
    fn every_node_knows_its_span() {
        let text =
            "rules:\n  - id: owner-is-a-role\n    values: [Red, 'Amber', 3]\n    flag: true\n";
        let root = parse(text).unwrap();
        let rules = root.get("rules").unwrap().as_seq().unwrap();
        let rule = &rules[0];
        let id = rule.get("id").unwrap();
        assert_eq!(id.as_str(), Some("owner-is-a-role"));
        assert_eq!(at(text, id), "owner-is-a-role");
        let key = &rule.as_map().unwrap()[0].0;
        assert_eq!(at(text, key), "id");
        let values = rule.get("values").unwrap().as_seq().unwrap();
        assert_eq!(at(text, &values[0]), "Red");
        assert!(at(text, &values[1]).contains("Amber"));
        assert_eq!(values[2].value, Value::Int(3));
        assert_eq!(rule.get("flag").unwrap().value, Value::Bool(true));
    }
}
