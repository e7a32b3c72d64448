//! Small XML helpers of the package patcher: escaping text the way OOXML
//! wants it, rewriting attributes of a start tag while keeping the others
//! as written. Part paths, relationships and cell references are the
//! loader's too, in `crate::ooxml`, re-exported here.

use std::borrow::Cow;
use std::fmt::Write as _;

use quick_xml::events::BytesStart;

use super::Fail;

pub(crate) use crate::ooxml::{
    a1, attr, folder, is_rel_type, parse_a1, part_key, reader, relative, rels_of, MAX_COLS,
    MAX_ROWS,
};

/// Excel keeps at most this many characters in a cell.
pub(crate) const MAX_CELL_CHARS: usize = 32_767;

/// The two dialects of SpreadsheetML: namespaces and relationship types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    Transitional,
    Strict,
}

impl Dialect {
    pub(crate) fn main_ns(self) -> &'static str {
        match self {
            Dialect::Transitional => "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            Dialect::Strict => "http://purl.oclc.org/ooxml/spreadsheetml/main",
        }
    }

    /// The namespace of `r:id` attributes.
    pub(crate) fn rel_ns(self) -> &'static str {
        match self {
            Dialect::Transitional => {
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
            }
            Dialect::Strict => "http://purl.oclc.org/ooxml/officeDocument/relationships",
        }
    }

    /// A relationship type such as `worksheet` or `comments`.
    pub(crate) fn rel_type(self, kind: &str) -> String {
        format!("{}/{kind}", self.rel_ns())
    }
}

/// Escapes text for element content or an attribute value. Characters XML
/// 1.0 cannot carry become OOXML's `_xHHHH_`, and a literal `_xHHHH_` in the
/// text is protected as `_x005F_xHHHH_` so that Excel shows it unchanged.
pub(crate) fn escape(text: &str) -> Cow<'_, str> {
    let needs = text
        .chars()
        .any(|c| matches!(c, '&' | '<' | '>' | '"' | '_') || !is_xml_char(c) || c == '\r');
    if !needs {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("_x000D_"),
            '_' if is_ooxml_escape(&bytes[i..]) => out.push_str("_x005F_"),
            c if !is_xml_char(c) => {
                let _ = write!(out, "_x{:04X}_", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Text for a writer that escapes `&<>"` itself (umya-spreadsheet, for the
/// rebuilt copy of xls, xlsb and ods inputs): only OOXML's own escapes,
/// `_xHHHH_` for what XML 1.0 cannot carry (and CR, which a parser would
/// turn into LF) and `_x005F_` before a literal `_xHHHH_`.
pub(crate) fn ooxml_text(text: &str) -> Cow<'_, str> {
    let needs = text
        .chars()
        .any(|c| c == '_' || !is_xml_char(c) || c == '\r');
    if !needs {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        match c {
            '\r' => out.push_str("_x000D_"),
            '_' if is_ooxml_escape(&bytes[i..]) => out.push_str("_x005F_"),
            c if !is_xml_char(c) => {
                let _ = write!(out, "_x{:04X}_", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `_xHHHH_` at the start of `bytes`.
fn is_ooxml_escape(bytes: &[u8]) -> bool {
    bytes.len() >= 7
        && bytes[0] == b'_'
        && bytes[1] == b'x'
        && bytes[2..6].iter().all(u8::is_ascii_hexdigit)
        && bytes[6] == b'_'
}

/// The prefix (without colon) of an element name, `""` for none.
pub(crate) fn prefix_of(name: &str) -> &str {
    name.split_once(':').map_or("", |(p, _)| p)
}

/// `p:local`, or `local` when `prefix` is empty.
pub(crate) fn qualified(prefix: &str, local: &str) -> String {
    if prefix.is_empty() {
        local.to_owned()
    } else {
        format!("{prefix}:{local}")
    }
}

/// The prefix a start tag binds to `namespace` (`xmlns:p="namespace"`).
pub(crate) fn bound_prefix(e: &BytesStart<'_>, namespace: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.as_ref();
        let prefix = key.strip_prefix("xmlns:")?;
        (a.value == namespace).then(|| prefix.to_owned())
    })
}

/// The content of a start tag (name and attributes, without `<` `>`) with
/// some attributes replaced, added (`Some`) or removed (`None`); the others
/// are kept exactly as written. `value`s are already escaped.
pub(crate) fn with_attrs(e: &BytesStart<'_>, changes: &[(&str, Option<&str>)]) -> String {
    let name = e.name();
    let mut out = String::with_capacity(e.len() + 32);
    out.push_str(name.as_ref());
    let mut done = vec![false; changes.len()];
    for a in e.attributes().with_checks(false).flatten() {
        let key = a.key.as_ref();
        match changes.iter().position(|(k, _)| *k == key) {
            Some(i) => {
                done[i] = true;
                if let Some(value) = changes[i].1 {
                    push_attr(&mut out, key, value);
                }
            }
            None => push_attr(&mut out, key, &a.value),
        }
    }
    for (i, (key, value)) in changes.iter().enumerate() {
        if let (false, Some(value)) = (done[i], value) {
            push_attr(&mut out, key, value);
        }
    }
    out
}

/// ` key="value"` with a raw (escaped) value; single quotes when the raw
/// value holds a double quote (it came from a single-quoted attribute).
fn push_attr(out: &mut String, key: &str, raw: &str) {
    let quote = if raw.contains('"') { '\'' } else { '"' };
    let _ = write!(out, " {key}={quote}{raw}{quote}");
}

/// A reference to a cell on a sheet, the sheet name always quoted: valid
/// whatever the name looks like (`Q1`, `TRUE`, `R2C3` all need quotes).
pub(crate) fn sheet_ref(sheet: &str, row: u32, col: u32) -> String {
    format!("'{}'!{}", sheet.replace('\'', "''"), a1(row, col))
}

/// Cuts text to Excel's cell limit, at a character boundary.
pub(crate) fn cell_text(text: &str) -> Cow<'_, str> {
    if text.len() <= MAX_CELL_CHARS {
        return Cow::Borrowed(text);
    }
    let cut: String = text.chars().take(MAX_CELL_CHARS - 1).collect();
    Cow::Owned(format!("{cut}…"))
}

/// Turns a quick-xml error into a failure naming the part.
pub(crate) fn xml_fail(part: &str, e: impl std::fmt::Display) -> Fail {
    Fail::Corrupt(format!("{part} is not well-formed XML: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_keeps_formulas_as_text_and_protects_ooxml_escapes() {
        assert_eq!(escape("=SUM(A1)"), "=SUM(A1)");
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(escape("x\u{1}y"), "x_x0001_y");
        assert_eq!(escape("_x000D_"), "_x005F_x000D_");
        assert_eq!(escape("a_b"), "a_b");
    }

    #[test]
    fn sheet_refs_are_always_quoted() {
        assert_eq!(sheet_ref("Q1", 0, 0), "'Q1'!A1");
        assert_eq!(sheet_ref("Bob's plan", 4, 2), "'Bob''s plan'!C5");
    }

    #[test]
    fn attributes_are_rewritten_in_place() {
        let e = BytesStart::from_content(r#"c r="B2" s="3" t='s'"#, 1);
        assert_eq!(
            with_attrs(&e, &[("s", Some("9"))]),
            r#"c r="B2" s="9" t="s""#
        );
        assert_eq!(
            with_attrs(&e, &[("s", None), ("x", Some("1"))]),
            r#"c r="B2" t="s" x="1""#
        );
        assert_eq!(attr(&e, "r").as_deref(), Some("B2"));
    }
}
