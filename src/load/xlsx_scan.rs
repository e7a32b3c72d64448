//! The formula cells and merged regions of an xlsx sheet part, found with
//! `memchr` instead of two more calamine passes (docs/upstream.md, items 1
//! and 2: calamine yields neither in the pass that gives values and style
//! ids). This is not a cell reader: calamine reads every value; the scan
//! only says which `<c>` holds an `<f>` and what `<mergeCell>` refs say.
//!
//! It answers only what it is sure calamine would read the same way, and
//! `None` otherwise (comments, CDATA, namespace prefixes, a cell without
//! an `r`, a reference or shared-formula attribute calamine might reject,
//! an entity in a formula calamine might not know, UTF-16): the sheet is
//! then read with calamine's own passes.

use memchr::memmem::{self, Finder, FinderRev};

use crate::ooxml::parse_a1;
use crate::workbook::Merge;

/// What the scan found.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Scan {
    /// Positions of the cells holding a formula, in document order.
    pub(crate) formulas: Vec<(u32, u32)>,
    pub(crate) merges: Vec<Merge>,
}

pub(crate) fn scan(xml: &[u8]) -> Option<Scan> {
    // UTF-16 (calamine decodes it; byte patterns would miss everything).
    if xml.starts_with(&[0xFF, 0xFE])
        || xml.starts_with(&[0xFE, 0xFF])
        || xml.get(..4)?.contains(&0)
    {
        return None;
    }
    // Comments and CDATA hide markup from calamine, not from a byte search;
    // a prefixed `f` or `mergeCell` would be missed by one.
    if memmem::find(xml, b"<!").is_some() || memmem::find(xml, b":mergeCell").is_some() {
        return None;
    }
    let mut out = Scan::default();
    if let Some(data) = sheet_data(xml)? {
        if memmem::find(data, b":f").is_some() {
            return None;
        }
        // Built once: a data sheet has a formula on every row.
        let finders = Finders {
            cell: FinderRev::new(b"<c"),
            cell_end: Finder::new(b"</c>"),
            value: Finder::new(b"<v"),
            formula_end: Finder::new(b"</f>"),
        };
        for at in memmem::find_iter(data, b"<f") {
            match data.get(at + 2)? {
                b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n' => {}
                // `<family>` in rich text, say.
                _ => continue,
            }
            check_formula(&data[at..], &finders)?;
            out.formulas.push(cell_of(&data[..at], &finders)?);
        }
        // A cell with two `<f>`s is one formula cell.
        out.formulas.dedup();
    }
    // calamine reads the first `<mergeCells>` only.
    if let Some(start) = memmem::find(xml, b"<mergeCells") {
        let rest = &xml[start..];
        let end = match tag(rest)?.ends_with(b"/") {
            true => 0,
            // calamine fails on a list that never ends.
            false => memmem::find(rest, b"</mergeCells>")?,
        };
        for at in memmem::find_iter(&rest[..end], b"<mergeCell") {
            match rest.get(at + 10)? {
                b'/' | b'>' | b' ' | b'\t' | b'\r' | b'\n' => {}
                _ => continue,
            }
            let tag = tag(&rest[at..])?;
            let Some(reference) = attribute(tag, b"ref")? else {
                continue;
            };
            let (first_row, first_col, last_row, last_col) = range(reference)?;
            out.merges.push(Merge {
                first_row: first_row.min(last_row),
                first_col: first_col.min(last_col),
                last_row: first_row.max(last_row),
                last_col: first_col.max(last_col),
            });
        }
    }
    Some(out)
}

struct Finders {
    cell: FinderRev<'static>,
    cell_end: Finder<'static>,
    value: Finder<'static>,
    formula_end: Finder<'static>,
}

/// The content of `<sheetData>`: `Some(None)` for an empty one; `None` if
/// there is none (a prefixed one, say).
fn sheet_data(xml: &[u8]) -> Option<Option<&[u8]>> {
    let start = memmem::find(xml, b"<sheetData")?;
    let open = tag(&xml[start..])?;
    if open.ends_with(b"/") {
        return Some(None);
    }
    let from = start + open.len() + 2;
    let end = memmem::find(&xml[from..], b"</sheetData>")?;
    Some(Some(&xml[from..from + end]))
}

/// The text of the tag starting at `xml[0]` (`<`), without `<` and `>`.
fn tag(xml: &[u8]) -> Option<&[u8]> {
    let end = memchr::memchr(b'>', xml)?;
    xml.get(1..end)
}

/// The position of the cell whose start tag is the last `<c` before the end
/// of `before`.
fn cell_of(before: &[u8], finders: &Finders) -> Option<(u32, u32)> {
    let mut end = before.len();
    loop {
        let at = finders.cell.rfind(&before[..end])?;
        if let Some(b' ' | b'\t' | b'\r' | b'\n') = before.get(at + 2) {
            let tag = tag(&before[at..])?;
            let inside = &before[at..];
            // An `<f>` outside a cell is not a formula to calamine; a `<v>`
            // before the `<f>` is read into the value, which the
            // values-and-styles pass would then overwrite.
            if tag.ends_with(b"/")
                || finders.cell_end.find(inside).is_some()
                || finders.value.find(inside).is_some()
            {
                return None;
            }
            return cell(attribute(tag, b"r")??);
        }
        if before.get(at + 2) == Some(&b'>') {
            // A cell without `r`: its position is calamine's to count.
            return None;
        }
        end = at;
    }
}

/// Checks that calamine's formula reader accepts this `<f>` as it is: a
/// shared formula with a numeric `si` and, if any, a plain `ref`; no
/// entity but XML's own five in its text.
fn check_formula(xml: &[u8], finders: &Finders) -> Option<()> {
    let tag = tag(xml)?;
    let shared = attribute(tag, b"t")?.is_some_and(|t| t == b"shared");
    if shared {
        let si = attribute(tag, b"si")??;
        if si.is_empty() || si.len() > 18 || !si.iter().all(u8::is_ascii_digit) {
            return None;
        }
        if let Some(reference) = attribute(tag, b"ref")? {
            range(reference)?;
        }
    }
    if tag.ends_with(b"/") {
        return Some(());
    }
    let body = &xml[tag.len() + 2..];
    let text = &body[..finders.formula_end.find(body)?];
    for at in memchr::memchr_iter(b'&', text) {
        let known = [&b"amp;"[..], b"lt;", b"gt;", b"quot;", b"apos;"]
            .iter()
            .any(|name| text[at + 1..].starts_with(name));
        if !known {
            return None;
        }
    }
    Some(())
}

/// The raw value of an attribute of a tag: `Some(None)` when absent, `None`
/// when the tag is not plain `name="value"` pairs (or repeats the name,
/// or escapes the value).
fn attribute<'a>(tag: &'a [u8], name: &[u8]) -> Option<Option<&'a [u8]>> {
    let mut rest = tag;
    // The element name.
    let name_end = rest
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'/')
        .unwrap_or(rest.len());
    rest = &rest[name_end..];
    let mut found = None;
    loop {
        rest = trim_start(rest);
        if rest.is_empty() || rest == b"/" {
            return Some(found);
        }
        let eq = memchr::memchr(b'=', rest)?;
        let key = trim_end(&rest[..eq]);
        let after = trim_start(&rest[eq + 1..]);
        let quote = *after.first()?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let close = memchr::memchr(quote, &after[1..])?;
        let value = &after[1..1 + close];
        if key == name {
            if found.is_some() || value.contains(&b'&') {
                return None;
            }
            found = Some(value);
        }
        rest = &after[close + 2..];
    }
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &bytes[skip..]
}

fn trim_end(bytes: &[u8]) -> &[u8] {
    let keep = bytes.len()
        - bytes
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    &bytes[..keep]
}

/// A cell reference in the plain form every writer uses (`AB12`, capitals,
/// no `$`, inside the grid), which calamine reads the same way.
fn cell(reference: &[u8]) -> Option<(u32, u32)> {
    let letters = reference
        .iter()
        .take_while(|b| b.is_ascii_uppercase())
        .count();
    let digits = &reference[letters..];
    if letters == 0 || digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    parse_a1(std::str::from_utf8(reference).ok()?)
}

/// `A1:B2` or `A1`, as rows and columns.
fn range(reference: &[u8]) -> Option<(u32, u32, u32, u32)> {
    let mut parts = reference.split(|&b| b == b':');
    let first = cell(parts.next()?)?;
    let last = match parts.next() {
        Some(part) => cell(part)?,
        None => first,
    };
    if parts.next().is_some() {
        return None;
    }
    Some((first.0, first.1, last.0, last.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(data: &str, tail: &str) -> Vec<u8> {
        format!(r#"<?xml version="1.0"?><worksheet xmlns="m"><sheetData>{data}</sheetData>{tail}</worksheet>"#)
            .into_bytes()
    }

    #[test]
    fn formulas_and_merges() {
        let xml = sheet(
            concat!(
                r#"<row r="1"><c r="A1"><f>B1&amp;C1</f><v>x</v></c><c r="B1" t="inlineStr"><is><r><rPr><family val="2"/></rPr><t>t</t></r></is></c></row>"#,
                r#"<row r="2"><c r="C2" s="1"><f t="shared" ref="C2:C3" si="0">A2</f></c><c r="C3"><f t="shared" si="0"/></c></row>"#,
            ),
            r#"<mergeCells count="2"><mergeCell ref="A1:B2"/><mergeCell ref="D4"/></mergeCells><conditionalFormatting><cfRule><formula>1</formula></cfRule></conditionalFormatting>"#,
        );
        let found = scan(&xml).unwrap();
        assert_eq!(found.formulas, vec![(0, 0), (1, 2), (2, 2)]);
        assert_eq!(
            found.merges,
            vec![
                Merge {
                    first_row: 0,
                    first_col: 0,
                    last_row: 1,
                    last_col: 1
                },
                Merge {
                    first_row: 3,
                    first_col: 3,
                    last_row: 3,
                    last_col: 3
                }
            ]
        );
        assert_eq!(scan(&sheet("", "")), Some(Scan::default()));
        let empty = br#"<worksheet><sheetData/></worksheet>"#;
        assert_eq!(scan(empty), Some(Scan::default()));
    }

    #[test]
    fn what_calamine_might_read_otherwise_is_left_to_it() {
        for (data, tail) in [
            (r#"<row><c><f>1</f></c></row>"#, ""),
            (r#"<row><c r="A1"><v>1</v><f>1</f></c></row>"#, ""),
            (r#"<row><c r="$A$1"><f>1</f></c></row>"#, ""),
            (r#"<row><c r="a1"><f>1</f></c></row>"#, ""),
            (r#"<row><c r="A1"><f t="shared" si="x"/></c></row>"#, ""),
            (
                r#"<row><c r="A1"><f t="shared" ref="A1:" si="0">1</f></c></row>"#,
                "",
            ),
            (r#"<row><c r="A1"><f>&bogus;</f></c></row>"#, ""),
            (r#"<row><c r="A1"><x:f xmlns:x="m">1</x:f></c></row>"#, ""),
            (r#"<row><c r="A1"><!-- <f>1</f> --></c></row>"#, ""),
            ("", r#"<mergeCells><mergeCell ref="A1:B"/></mergeCells>"#),
            ("", r#"<mergeCells><x:mergeCell ref="A1:B2"/></mergeCells>"#),
            ("", r#"<mergeCells><mergeCell ref="A1:B2"/>"#),
        ] {
            assert_eq!(scan(&sheet(data, tail)), None, "{data}{tail}");
        }
        assert_eq!(scan(br#"<x:worksheet><x:sheetData/></x:worksheet>"#), None);
    }
}
