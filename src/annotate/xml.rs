//! Small XML helpers shared by the package patcher: escaping text the way
//! OOXML wants it, reading and rewriting attributes of a start tag while
//! keeping the others as written, cell references, part paths.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::BufRead;

use quick_xml::events::BytesStart;
use quick_xml::Reader;

use super::Fail;
use crate::location::column_letters;

/// Excel's grid: 1 048 576 rows × 16 384 columns.
pub(crate) const MAX_ROWS: u32 = 1_048_576;
pub(crate) const MAX_COLS: u32 = 16_384;
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

/// Is this relationship type `kind` in either dialect?
pub(crate) fn is_rel_type(rel_type: &str, kind: &str) -> bool {
    rel_type
        .rsplit_once('/')
        .is_some_and(|(base, last)| last == kind && base.ends_with("relationships"))
}

/// A reader that keeps text exactly as written and tolerates end-tag names
/// that do not match (the writer is not the judge of the input's XML).
pub(crate) fn reader<R: BufRead>(input: R) -> Reader<R> {
    let mut reader = Reader::from_reader(input);
    let config = reader.config_mut();
    config.trim_markup_names_in_closing_tags = false;
    config.check_end_names = false;
    config.expand_empty_elements = false;
    reader
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

/// The unescaped value of the attribute with this local name.
pub(crate) fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local).then(|| {
            quick_xml::escape::unescape(&a.value)
                .map(Cow::into_owned)
                .unwrap_or_else(|_| a.value.to_string())
        })
    })
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

/// `C5` → (4, 2), 0-based; `None` for anything else or outside the grid.
pub(crate) fn parse_a1(text: &str) -> Option<(u32, u32)> {
    let text = text.trim().trim_start_matches('$');
    let split = text.find(|c: char| !c.is_ascii_alphabetic())?;
    let (letters, digits) = text.split_at(split);
    let digits = digits.trim_start_matches('$');
    if letters.is_empty() || letters.len() > 3 || digits.is_empty() {
        return None;
    }
    let mut col: u32 = 0;
    for b in letters.bytes() {
        col = col * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1;
    }
    let row: u32 = digits.parse().ok()?;
    ((1..=MAX_ROWS).contains(&row) && (1..=MAX_COLS).contains(&col)).then(|| (row - 1, col - 1))
}

/// (4, 2) → `C5`.
pub(crate) fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row + 1)
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

/// A part name as the index keys it: forward slashes, no leading slash,
/// lower case (part names are case-insensitive in OPC).
pub(crate) fn part_key(name: &str) -> String {
    name.trim_start_matches(['/', '\\'])
        .replace('\\', "/")
        .to_ascii_lowercase()
}

/// The folder of a part, with a trailing slash (`xl/worksheets/`), or `""`.
pub(crate) fn folder(part: &str) -> &str {
    part.rfind('/').map_or("", |i| &part[..=i])
}

/// The `_rels` part of a part: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
pub(crate) fn rels_of(part: &str) -> String {
    let (dir, file) = match part.rfind('/') {
        Some(i) => (&part[..=i], &part[i + 1..]),
        None => ("", part),
    };
    format!("{dir}_rels/{file}.rels")
}

/// Resolves a relationship target against the source part's folder.
pub(crate) fn resolve(source_folder: &str, target: &str) -> String {
    let target = percent_decode(target.trim());
    let joined = if let Some(absolute) = target.strip_prefix('/') {
        absolute.to_owned()
    } else {
        format!("{source_folder}{target}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for segment in joined.split(['/', '\\']) {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// A target for `to`, relative to the folder `from_folder`.
pub(crate) fn relative(from_folder: &str, to: &str) -> String {
    let from: Vec<&str> = from_folder.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
        .count()
        .min(to_parts.len().saturating_sub(1));
    let mut out = "../".repeat(from.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
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
    fn a1_round_trips() {
        assert_eq!(parse_a1("C5"), Some((4, 2)));
        assert_eq!(parse_a1("$AB$10"), Some((9, 27)));
        assert_eq!(parse_a1("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_a1("XFE1"), None);
        assert_eq!(parse_a1("A0"), None);
        assert_eq!(parse_a1("5"), None);
        assert_eq!(a1(4, 2), "C5");
    }

    #[test]
    fn sheet_refs_are_always_quoted() {
        assert_eq!(sheet_ref("Q1", 0, 0), "'Q1'!A1");
        assert_eq!(sheet_ref("Bob's plan", 4, 2), "'Bob''s plan'!C5");
    }

    #[test]
    fn paths_resolve_and_relativise() {
        assert_eq!(
            resolve("xl/", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/worksheets/", "../comments1.xml"),
            "xl/comments1.xml"
        );
        assert_eq!(resolve("xl/", "/xl/styles.xml"), "xl/styles.xml");
        assert_eq!(resolve("", "sheet%201.xml"), "sheet 1.xml");
        assert_eq!(
            relative("xl/worksheets/", "xl/comments1.xml"),
            "../comments1.xml"
        );
        assert_eq!(
            relative("xl/worksheets/", "xl/drawings/vmlDrawing1.vml"),
            "../drawings/vmlDrawing1.vml"
        );
        assert_eq!(
            relative("xl/", "xl/worksheets/sheet3.xml"),
            "worksheets/sheet3.xml"
        );
        assert_eq!(relative("", "xl/comments1.xml"), "xl/comments1.xml");
        assert_eq!(rels_of("xl/workbook.xml"), "xl/_rels/workbook.xml.rels");
        assert_eq!(rels_of("sheet1.xml"), "_rels/sheet1.xml.rels");
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
