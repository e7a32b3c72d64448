//! A fast side pass over an xlsx sheet's XML for what calamine's value
//! stream does not carry: each cell's style id and the merged regions.
//!
//! calamine offers these only as further full passes over the sheet
//! (`next_style_id`, `merge_cells_by_sheet_name`), each as costly as
//! reading the values, merges included although they sit at the very end.
//! Here the part is inflated in chunks and only tags are looked at: text
//! is skipped to the next `<` (text cannot hold one), CDATA, comments and
//! processing instructions are skipped whole. Style ids are recorded by the
//! ordinal of their `<c>` element in `sheetData`, which is exactly the order
//! in which calamine yields cells; the caller checks both counts agree.
//!
//! Sheet parts are found as calamine finds them: `_rels/.rels` names the
//! workbook part, whose relationships name each sheet's part.

use std::collections::HashMap;
use std::io::{Read, Seek};

use quick_xml::events::Event;
use quick_xml::Reader;
use zip::ZipArchive;

use crate::workbook::Merge;

/// First read size; doubled whenever one construct outgrows the buffer,
/// so a huge CDATA section costs linear, not quadratic, time.
const CHUNK: usize = 256 * 1024;
/// Largest relationships or workbook part read to find sheet paths.
const MAX_INDEX_PART: u64 = 16 * 1024 * 1024;

/// Sheet name → zip entry name, or `None` when the package is laid out in
/// a way this lookup does not follow (the caller then asks calamine).
pub(crate) fn sheet_parts<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
) -> Option<HashMap<String, String>> {
    let names = EntryNames::new(zip);
    let package_rels = names.read(zip, "_rels/.rels")?;
    let document = relationships(&package_rels)
        .into_iter()
        .find(|r| r.kind.ends_with("/relationships/officeDocument"))?
        .target;
    let (dir, file) = document
        .rsplit_once('/')
        .map_or(("", document.as_str()), |(d, f)| (d, f));
    let dir = match dir.strip_prefix('/').unwrap_or(dir) {
        "" => String::new(),
        dir => format!("{dir}/"),
    };
    let rels = relationships(&names.read(zip, &format!("{dir}_rels/{file}.rels"))?);
    let workbook = names.read(zip, &format!("{dir}{file}"))?;
    let mut parts = HashMap::new();
    for (sheet, id) in sheet_ids(&workbook) {
        let Some(rel) = rels.iter().find(|r| r.id == id) else {
            continue;
        };
        let path = match rel.target.strip_prefix('/') {
            Some(absolute) => absolute.to_owned(),
            None => format!("{dir}{}", rel.target),
        };
        parts.insert(sheet, names.actual(&path)?.to_owned());
    }
    Some(parts)
}

/// Largest comments part read for cell notes.
const MAX_NOTES_PART: u64 = 64 * 1024 * 1024;

/// The notes (legacy comments) of a sheet part: `(row, col, text)`. Best
/// effort: a package whose notes cannot be followed simply has none.
pub(crate) fn sheet_notes<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    part: &str,
) -> Vec<(u32, u32, String)> {
    let names = EntryNames::new(zip);
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
    let Some(rels) = names.read(zip, &format!("{dir}/_rels/{file}.rels")) else {
        return Vec::new();
    };
    let mut notes = Vec::new();
    for rel in relationships(&rels)
        .into_iter()
        .filter(|r| r.kind.ends_with("/comments"))
    {
        let path = match rel.target.strip_prefix('/') {
            Some(absolute) => absolute.to_owned(),
            None => resolve(dir, &rel.target),
        };
        let Some(actual) = names.actual(&path).map(str::to_owned) else {
            continue;
        };
        let Ok(entry) = zip.by_name(&actual) else {
            continue;
        };
        let mut xml = Vec::new();
        if entry.take(MAX_NOTES_PART).read_to_end(&mut xml).is_err() {
            continue;
        }
        notes.extend(comments(&xml));
    }
    notes
}

/// `dir` joined with a relative target that may climb with `..`.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for piece in target.split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// The `<comment ref="B3">…<t>text</t>…</comment>` entries of a comments part.
fn comments(xml: &[u8]) -> Vec<(u32, u32, String)> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut current: Option<((u32, u32), String)> = None;
    let mut in_text = false;
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "comment" => {
                let at = e
                    .attributes()
                    .with_checks(false)
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "ref")
                    .and_then(|a| cell_ref(&a.value));
                current = at.map(|at| (at, String::new()));
            }
            Ok(Event::Start(e)) if e.local_name().as_ref() == "t" => in_text = true,
            Ok(Event::End(e)) if e.local_name().as_ref() == "t" => in_text = false,
            Ok(Event::Text(t)) if in_text => {
                if let Some((_, text)) = current.as_mut() {
                    text.push_str(&super::ods_scan::unescape(&t));
                }
            }
            Ok(Event::GeneralRef(r)) if in_text => {
                if let Some((_, text)) = current.as_mut() {
                    let name: &str = &r;
                    text.push_str(&super::ods_scan::unescape(&format!("&{name};")));
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "comment" => {
                if let Some(((row, col), text)) = current.take() {
                    out.push((row, col, text));
                }
            }
            Ok(Event::Eof) | Err(_) => return out,
            _ => (),
        }
    }
}

/// What the side pass found in one sheet.
#[derive(Default)]
pub(crate) struct SheetScan {
    /// Number of `<c>` elements in `sheetData`.
    pub(crate) cells: u64,
    /// `(ordinal of the <c>, style id)` of the cells with a non-zero style.
    pub(crate) styled: Vec<(u64, usize)>,
    pub(crate) merges: Vec<Merge>,
}

pub(crate) fn scan_sheet<R: Read + Seek>(zip: &mut ZipArchive<R>, part: &str) -> Option<SheetScan> {
    let mut entry = zip.by_name(part).ok()?;
    let mut scan = SheetScan::default();
    let mut state = State::Before;
    let mut buf = Vec::with_capacity(CHUNK);
    loop {
        let filled = buf.len();
        buf.resize(filled + CHUNK.max(filled), 0);
        let read = entry.read(&mut buf[filled..]).ok()?;
        buf.truncate(filled + read);
        let consumed = each_tag(&buf, |tag| state.visit(&tag, &mut scan));
        if read == 0 {
            return Some(scan);
        }
        buf.drain(..consumed);
    }
}

#[derive(Clone, Copy, PartialEq)]
/// Where the pass is relative to `sheetData`.
enum State {
    Before,
    Inside,
    After,
}

impl State {
    fn visit(&mut self, tag: &Tag<'_>, scan: &mut SheetScan) {
        match (tag.end, local_name(tag.name), *self) {
            (false, b"sheetData", State::Before) => {
                *self = if tag.empty {
                    State::After
                } else {
                    State::Inside
                };
            }
            (true, b"sheetData", State::Inside) => *self = State::After,
            (false, b"c", State::Inside) => {
                // As calamine: a style id that is not a number is id 0.
                let style = attribute(tag.attributes, b"s")
                    .and_then(|s| std::str::from_utf8(s).ok()?.parse().ok());
                if let Some(style) = style.filter(|&s| s > 0) {
                    scan.styled.push((scan.cells, style));
                }
                scan.cells += 1;
            }
            (false, b"mergeCell", _) => {
                if let Some(merge) = attribute(tag.attributes, b"ref").and_then(merge_ref) {
                    scan.merges.push(merge);
                }
            }
            _ => (),
        }
    }
}

/// A start, empty or end tag.
struct Tag<'a> {
    name: &'a [u8],
    attributes: &'a [u8],
    end: bool,
    empty: bool,
}

/// Calls `visit` for every complete tag in `buf`; returns where the first
/// incomplete construct starts (all of `buf` if none).
fn each_tag(buf: &[u8], mut visit: impl FnMut(Tag<'_>)) -> usize {
    let mut at = 0;
    while let Some(offset) = buf[at..].iter().position(|&b| b == b'<') {
        at += offset;
        let rest = &buf[at..];
        let skip = |open: &[u8], close: &[u8]| {
            rest.starts_with(open)
                .then(|| find(rest, close).map(|e| e + close.len()))
        };
        let len = skip(b"<![CDATA[", b"]]>")
            .or_else(|| skip(b"<!--", b"-->"))
            .or_else(|| skip(b"<?", b"?>"))
            .unwrap_or_else(|| tag_len(rest));
        let Some(len) = len else { return at };
        if !rest.starts_with(b"<!") && !rest.starts_with(b"<?") {
            visit(tag(&rest[..len]));
        }
        at += len;
    }
    buf.len()
}

/// Length of the tag at the start of `rest`, up to its `>` (outside quotes).
fn tag_len(rest: &[u8]) -> Option<usize> {
    let mut quote = None;
    for (i, &b) in rest.iter().enumerate().skip(1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return Some(i + 1),
            _ => (),
        }
    }
    None
}

/// Splits a complete tag `<…>` into name and attributes.
fn tag(raw: &[u8]) -> Tag<'_> {
    let end = raw.get(1) == Some(&b'/');
    let inner = &raw[if end { 2 } else { 1 }..raw.len() - 1];
    let empty = inner.last() == Some(&b'/');
    let inner = if empty {
        &inner[..inner.len() - 1]
    } else {
        inner
    };
    let name_len = inner
        .iter()
        .position(|b| b.is_ascii_whitespace())
        .unwrap_or(inner.len());
    Tag {
        name: &inner[..name_len],
        attributes: &inner[name_len..],
        end,
        empty,
    }
}

fn local_name(name: &[u8]) -> &[u8] {
    name.rsplit(|&b| b == b':').next().unwrap_or(name)
}

/// The raw value of an unprefixed attribute.
fn attribute<'a>(mut attributes: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    loop {
        let start = attributes.iter().position(|b| !b.is_ascii_whitespace())?;
        attributes = &attributes[start..];
        let eq = attributes.iter().position(|&b| b == b'=')?;
        let key = attributes[..eq].trim_ascii_end();
        let after = attributes[eq + 1..].trim_ascii_start();
        let quote = *after.first()?;
        let value_len = after[1..].iter().position(|&b| b == quote)?;
        if key == name {
            return Some(&after[1..1 + value_len]);
        }
        attributes = &after[value_len + 2..];
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `A1:C3` (or `B2`) as a merge, as calamine's `get_dimension` reads it.
fn merge_ref(reference: &[u8]) -> Option<Merge> {
    let text = std::str::from_utf8(reference).ok()?;
    let mut corners = text.split(':').map(cell_ref);
    let first = corners.next()??;
    let last = match corners.next() {
        Some(corner) => corner?,
        None => first,
    };
    if corners.next().is_some() {
        return None;
    }
    Some(Merge {
        first_row: first.0.min(last.0),
        first_col: first.1.min(last.1),
        last_row: first.0.max(last.0),
        last_col: first.1.max(last.1),
    })
}

/// `C12` → `(11, 2)`.
fn cell_ref(text: &str) -> Option<(u32, u32)> {
    let digits = text.find(|c: char| c.is_ascii_digit())?;
    let (letters, number) = text.split_at(digits);
    let mut col: u32 = 0;
    for b in letters.bytes() {
        let digit = u32::from(b.to_ascii_uppercase().checked_sub(b'A')?) + 1;
        if digit > 26 {
            return None;
        }
        col = col.checked_mul(26)?.checked_add(digit)?;
    }
    let row: u32 = number.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

/// Zip entry names, looked up as calamine does: case-insensitively, with
/// backslashes read as slashes.
struct EntryNames(HashMap<String, String>);

impl EntryNames {
    fn new<R: Read + Seek>(zip: &ZipArchive<R>) -> EntryNames {
        let names = zip
            .file_names()
            .filter_map(Result::ok)
            .map(|name| {
                (
                    name.replace('\\', "/").to_ascii_lowercase(),
                    name.into_owned(),
                )
            })
            .collect();
        EntryNames(names)
    }

    fn actual(&self, path: &str) -> Option<&str> {
        self.0.get(&path.to_ascii_lowercase()).map(String::as_str)
    }

    fn read<R: Read + Seek>(&self, zip: &mut ZipArchive<R>, path: &str) -> Option<Vec<u8>> {
        let entry = zip.by_name(self.actual(path)?).ok()?;
        let mut bytes = Vec::new();
        entry.take(MAX_INDEX_PART).read_to_end(&mut bytes).ok()?;
        Some(bytes)
    }
}

struct Relationship {
    id: String,
    kind: String,
    target: String,
}

fn relationships(xml: &[u8]) -> Vec<Relationship> {
    let mut out = Vec::new();
    each_element(xml, "Relationship", |attr| {
        out.push(Relationship {
            id: attr("Id").unwrap_or_default(),
            kind: attr("Type").unwrap_or_default(),
            target: attr("Target").unwrap_or_default(),
        });
    });
    out
}

/// `(sheet name, relationship id)` of each `<sheet>` of the workbook part.
fn sheet_ids(xml: &[u8]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    each_element(xml, "sheet", |attr| {
        if let (Some(name), Some(id)) = (attr("name"), attr("id")) {
            out.push((name, id));
        }
    });
    out
}

/// Calls `visit` for each element with this local name, giving it a lookup
/// of unescaped attribute values by local name.
fn each_element(xml: &[u8], local: &str, mut visit: impl FnMut(&dyn Fn(&str) -> Option<String>)) {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == local => {
                let attributes: Vec<(String, String)> = e
                    .attributes()
                    .with_checks(false)
                    .flatten()
                    .map(|a| {
                        let key = a.key.as_ref();
                        let key = key.rsplit(':').next().unwrap_or(key).to_owned();
                        (key, super::ods_scan::unescape(&a.value))
                    })
                    .collect();
                visit(&|name| {
                    attributes
                        .iter()
                        .find(|(k, _)| k == name)
                        .map(|(_, v)| v.clone())
                });
            }
            Ok(Event::Eof) | Err(_) => return,
            _ => (),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(xml: &[u8]) -> SheetScan {
        let mut scan = SheetScan::default();
        let mut state = State::Before;
        // Feed in tiny pieces to exercise the carry-over.
        let mut buf = Vec::new();
        for piece in xml.chunks(7) {
            buf.extend_from_slice(piece);
            let consumed = each_tag(&buf, |tag| state.visit(&tag, &mut scan));
            buf.drain(..consumed);
        }
        scan
    }

    #[test]
    fn counts_cells_and_styles_in_stream_order() {
        let xml = br#"<?xml version="1.0"?><x:worksheet><x:dimension ref="A1"/><x:sheetData>
            <x:row r="1"><x:c r="A1" s="3" t="s"><x:v>0</x:v></x:c><x:c r="B1"/><x:c s='2'/></x:row>
            <x:row><x:c t="inlineStr"><x:is><x:t><![CDATA[<c s="9"> & <mergeCell ref="A1:B2"/>]]></x:t></x:is></x:c>
            <!-- <c s="7"/> --><x:c s="0"><x:f>A1&gt;2</x:f></x:c></x:row>
            </x:sheetData><x:mergeCells count="2"><x:mergeCell ref="A1:B2"/><x:mergeCell ref="C3"/></x:mergeCells></x:worksheet>"#;
        let scan = scan(xml);
        assert_eq!(scan.cells, 5);
        assert_eq!(scan.styled, vec![(0, 3), (2, 2)]);
        assert_eq!(
            scan.merges,
            vec![
                Merge {
                    first_row: 0,
                    first_col: 0,
                    last_row: 1,
                    last_col: 1
                },
                Merge {
                    first_row: 2,
                    first_col: 2,
                    last_row: 2,
                    last_col: 2
                },
            ]
        );
    }

    #[test]
    fn quoted_angle_brackets_do_not_end_tags() {
        let scan = scan(br#"<sheetData><c r="A1" s="4" x=">"/><c s="5"/></sheetData>"#);
        assert_eq!(scan.styled, vec![(0, 4), (1, 5)]);
    }

    #[test]
    fn notes_text_and_relative_targets() {
        let xml = br#"<comments><authors><author>A</author></authors><commentList>
            <comment ref="F2" authorId="0"><text><r><rPr><b/></rPr><t>EDI lead:</t></r><r><t xml:space="preserve">
wreslint: ignore OW002 -- Post &amp; role</t></r></text></comment><comment ref="B1"><text><t>x</t></text></comment>
            </commentList></comments>"#;
        assert_eq!(
            comments(xml),
            vec![
                (
                    1,
                    5,
                    "EDI lead:\nwreslint: ignore OW002 -- Post & role".to_owned()
                ),
                (0, 1, "x".to_owned())
            ]
        );
        assert_eq!(
            resolve("xl/worksheets", "../comments1.xml"),
            "xl/comments1.xml"
        );
    }

    #[test]
    fn cell_references() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("xfd1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell_ref("A0"), None);
        assert_eq!(cell_ref("1"), None);
        assert_eq!(
            merge_ref(b"B3:A1"),
            Some(Merge {
                first_row: 0,
                first_col: 0,
                last_row: 2,
                last_col: 1
            })
        );
        assert_eq!(merge_ref(b"A1:B2:C3"), None);
    }
}
