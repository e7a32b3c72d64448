//! Message templates: text with `{placeholders}` filled in per finding.
//! `{{` and `}}` stand for literal braces.

use std::fmt;

/// A value a message can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Var {
    /// The start of the action's text.
    Action,
    /// The action's item number, if the plan numbers its actions.
    Item,
    /// The field the finding is about ("owner", "metric link").
    Field,
    /// The header text of that field's column.
    Column,
    /// The cell's text (trimmed, first line, cut short).
    Value,
    /// The cell, e.g. `Plan!C7`.
    Cell,
    /// The sheet's name.
    Sheet,
    /// The standard: WRES or WDES.
    Standard,
    /// What the standard calls its numbered items: indicator or metric.
    ItemWord,
    /// The text a regex or spelling matched.
    Match,
    /// The allowed values of a `one-of` check.
    Values,
    /// The field of a `conditional` check's `if`.
    IfField,
    /// The value of that field.
    IfValue,
    /// The spelling a workbook uses first (`consistency`).
    First,
    /// Where that first spelling is.
    FirstCell,
    /// What is wrong with the layout (`template`).
    Problem,
}

impl Var {
    pub const ALL: [Var; 16] = [
        Var::Action,
        Var::Item,
        Var::Field,
        Var::Column,
        Var::Value,
        Var::Cell,
        Var::Sheet,
        Var::Standard,
        Var::ItemWord,
        Var::Match,
        Var::Values,
        Var::IfField,
        Var::IfValue,
        Var::First,
        Var::FirstCell,
        Var::Problem,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Var::Action => "action",
            Var::Item => "item",
            Var::Field => "field",
            Var::Column => "column",
            Var::Value => "value",
            Var::Cell => "cell",
            Var::Sheet => "sheet",
            Var::Standard => "standard",
            Var::ItemWord => "item-word",
            Var::Match => "match",
            Var::Values => "values",
            Var::IfField => "if-field",
            Var::IfValue => "if-value",
            Var::First => "first",
            Var::FirstCell => "first-cell",
            Var::Problem => "problem",
        }
    }

    pub fn parse(name: &str) -> Option<Var> {
        Var::ALL.into_iter().find(|v| v.name() == name)
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Segment {
    Text(String),
    Var(Var),
}

/// A parsed message template.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    segments: Vec<Segment>,
}

/// A problem in a template: what, and the byte range in the template text.
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateError {
    pub message: String,
    pub range: std::ops::Range<usize>,
}

impl Message {
    /// Parse `text`, accepting only placeholders in `allowed`.
    pub fn parse(text: &str, allowed: &[Var]) -> Result<Message, Vec<TemplateError>> {
        let mut segments = Vec::new();
        let mut errors = Vec::new();
        let mut literal = String::new();
        let mut rest = text.char_indices().peekable();
        while let Some((i, c)) = rest.next() {
            match c {
                '{' if rest.peek().map(|(_, c)| *c) == Some('{') => {
                    rest.next();
                    literal.push('{');
                }
                '}' if rest.peek().map(|(_, c)| *c) == Some('}') => {
                    rest.next();
                    literal.push('}');
                }
                '{' => {
                    let Some(len) = text[i + 1..].find('}') else {
                        errors.push(TemplateError {
                            message: "`{` opens a placeholder that is never closed (write `{{` for a brace)".to_owned(),
                            range: i..text.len(),
                        });
                        break;
                    };
                    let name = &text[i + 1..i + 1 + len];
                    let range = i..i + len + 2;
                    match Var::parse(name.trim()) {
                        Some(var) if allowed.contains(&var) => {
                            if !literal.is_empty() {
                                segments.push(Segment::Text(std::mem::take(&mut literal)));
                            }
                            segments.push(Segment::Var(var));
                        }
                        found => {
                            let names: Vec<String> = allowed
                                .iter()
                                .map(|v| format!("{{{}}}", v.name()))
                                .collect();
                            let why = if found.is_some() {
                                "is not available in this rule"
                            } else {
                                "is not a placeholder"
                            };
                            errors.push(TemplateError {
                                message: format!(
                                    "`{{{name}}}` {why}; this rule can use {}",
                                    names.join(", ")
                                ),
                                range: range.clone(),
                            });
                        }
                    }
                    for _ in 0..name.chars().count() + 1 {
                        rest.next();
                    }
                }
                '}' => {
                    errors.push(TemplateError {
                        message: "`}` closes no placeholder (write `}}` for a brace)".to_owned(),
                        range: i..i + 1,
                    });
                }
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            segments.push(Segment::Text(literal));
        }
        if errors.is_empty() {
            Ok(Message { segments })
        } else {
            Err(errors)
        }
    }

    /// Fill in the placeholders; an unknown value becomes empty text.
    pub fn render(&self, vars: &Vars) -> String {
        let mut out = String::new();
        for segment in &self.segments {
            match segment {
                Segment::Text(text) => out.push_str(text),
                Segment::Var(var) => out.push_str(vars.get(*var)),
            }
        }
        out
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for segment in &self.segments {
            match segment {
                Segment::Text(text) => f.write_str(&text.replace('{', "{{").replace('}', "}}"))?,
                Segment::Var(var) => write!(f, "{{{}}}", var.name())?,
            }
        }
        Ok(())
    }
}

/// The values of one finding's placeholders.
#[derive(Clone, Debug, Default)]
pub struct Vars {
    values: Vec<(Var, String)>,
}

impl Vars {
    pub fn set(&mut self, var: Var, value: impl Into<String>) -> &mut Vars {
        let value = value.into();
        match self.values.iter_mut().find(|(v, _)| *v == var) {
            Some(slot) => slot.1 = value,
            None => self.values.push((var, value)),
        }
        self
    }

    pub fn get(&self, var: Var) -> &str {
        self.values
            .iter()
            .find(|(v, _)| *v == var)
            .map(|(_, value)| value.as_str())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_braces_escaped() {
        let message = Message::parse("Owner `{value}` of {{x}} {action}", &Var::ALL).unwrap();
        let mut vars = Vars::default();
        vars.set(Var::Value, "Dr Smith")
            .set(Var::Action, "Mentoring");
        assert_eq!(message.render(&vars), "Owner `Dr Smith` of {x} Mentoring");
        assert_eq!(message.to_string(), "Owner `{value}` of {{x}} {action}");
    }

    #[test]
    fn unknown_and_unavailable_placeholders_are_errors_with_ranges() {
        let text = "No {owner} for {action} at {match} {";
        let errors = Message::parse(text, &[Var::Action]).unwrap_err();
        let found: Vec<&str> = errors.iter().map(|e| &text[e.range.clone()]).collect();
        assert_eq!(found, ["{owner}", "{match}", "{"]);
        assert!(errors[0].message.contains("is not a placeholder"));
        assert!(errors[1].message.contains("not available"));
        assert!(errors[0].message.contains("{action}"));
    }
}
