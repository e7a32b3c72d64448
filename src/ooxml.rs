//! The OOXML package as both the loader (cell notes) and the annotator read
//! it: zip entries by part name, relationships, the workbook part's sheets,
//! part paths and A1 references. One copy, so that the file the loader read
//! and the file the annotator patches are found the same way.
//!
//! Part names are case-insensitive in OPC and some writers use backslashes;
//! [`part_key`] is the one normal form every lookup goes through.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use zip::ZipArchive;

use crate::location::column_letters;

/// Excel's grid: 1 048 576 rows × 16 384 columns.
pub(crate) const MAX_ROWS: u32 = 1_048_576;
pub(crate) const MAX_COLS: u32 = 16_384;

/// What went wrong reading a part.
#[derive(Debug)]
pub(crate) enum PartError {
    /// The zip or the part's XML is damaged: the message names the part.
    Corrupt(String),
    /// The part is larger than the caller reads.
    TooLarge { part: String, size: u64 },
}

/// A package's entries by index, and by [`part_key`].
pub(crate) struct Package<'a> {
    pub(crate) zip: ZipArchive<Cursor<&'a [u8]>>,
    pub(crate) names: Vec<String>,
    pub(crate) index: HashMap<String, usize>,
}

impl<'a> Package<'a> {
    pub(crate) fn open(bytes: &'a [u8]) -> Result<Package<'a>, PartError> {
        let zip = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| PartError::Corrupt(format!("zip package: {e}")))?;
        Package::of(zip)
    }

    /// A package around an archive already opened (the loader's).
    pub(crate) fn of(zip: ZipArchive<Cursor<&'a [u8]>>) -> Result<Package<'a>, PartError> {
        let mut names = Vec::with_capacity(zip.len());
        let mut index = HashMap::new();
        for i in 0..zip.len() {
            let name = match zip.name_for_index(i) {
                Some(Ok(name)) => name.into_owned(),
                _ => {
                    return Err(PartError::Corrupt(format!(
                        "zip entry {i} has no readable name"
                    )))
                }
            };
            index.entry(part_key(&name)).or_insert(i);
            names.push(name);
        }
        Ok(Package { zip, names, index })
    }

    pub(crate) fn has(&self, part: &str) -> bool {
        self.index.contains_key(&part_key(part))
    }

    /// A whole part, `None` if the package has no such part.
    pub(crate) fn read(&mut self, part: &str, max: u64) -> Result<Option<Vec<u8>>, PartError> {
        let Some(&i) = self.index.get(&part_key(part)) else {
            return Ok(None);
        };
        let damaged = |e: &dyn std::fmt::Display| PartError::Corrupt(format!("{part}: {e}"));
        let entry = self.zip.by_index(i).map_err(|e| damaged(&e))?;
        if entry.size() > max {
            return Err(PartError::TooLarge {
                part: part.to_owned(),
                size: entry.size(),
            });
        }
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        entry
            .take(max + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| damaged(&e))?;
        Ok(Some(bytes))
    }

    /// A part name not yet used: `{dir}{stem}{n}{ext}` for the smallest n ≥ 1.
    pub(crate) fn fresh(
        &self,
        dir: &str,
        stem: &str,
        ext: &str,
        taken: &HashSet<String>,
    ) -> String {
        (1..)
            .map(|n| format!("{dir}{stem}{n}{ext}"))
            .find(|name| !self.has(name) && !taken.contains(&part_key(name)))
            .expect("an unused name")
    }

    /// The workbook part the package relationships name (the first
    /// internal `officeDocument` that exists), else `xl/workbook.xml`.
    pub(crate) fn workbook_part(&mut self, max: u64) -> Result<String, PartError> {
        let root_rels = self.read("_rels/.rels", max)?.unwrap_or_default();
        Ok(parse_rels(&root_rels, "", "_rels/.rels")?
            .into_iter()
            .find(|r| is_rel_type(&r.kind, "officeDocument") && !r.external)
            .map(|r| r.target)
            .filter(|t| self.has(t))
            .unwrap_or_else(|| "xl/workbook.xml".to_owned()))
    }
}

/// One relationship of a `.rels` part.
#[derive(Clone, Debug)]
pub(crate) struct Rel {
    pub(crate) id: String,
    pub(crate) kind: String,
    /// Resolved part name (for internal targets).
    pub(crate) target: String,
    pub(crate) external: bool,
}

/// The relationships of a `.rels` part (`part`, for messages) whose source
/// is in `source_folder`.
pub(crate) fn parse_rels(
    bytes: &[u8],
    source_folder: &str,
    part: &str,
) -> Result<Vec<Rel>, PartError> {
    let mut r = reader(bytes);
    let mut buf = Vec::new();
    let mut rels = Vec::new();
    loop {
        match r
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(part, e))?
        {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let external = attr(&e, "TargetMode").is_some_and(|m| m == "External");
                let target = attr(&e, "Target").unwrap_or_default();
                rels.push(Rel {
                    id: attr(&e, "Id").unwrap_or_default(),
                    kind: attr(&e, "Type").unwrap_or_default(),
                    target: if external {
                        target
                    } else {
                        resolve(source_folder, &target)
                    },
                    external,
                });
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(rels)
}

/// A `<sheet>` of the workbook part: name, relationship id, sheetId.
pub(crate) type RawSheet = (String, String, u32);

/// The sheets of a workbook part, and whether its root binds the Strict
/// dialect's main namespace (`strict_ns`).
pub(crate) fn parse_workbook(
    bytes: &[u8],
    part: &str,
    strict_ns: &str,
) -> Result<(bool, Vec<RawSheet>), PartError> {
    let mut r = reader(bytes);
    let mut buf = Vec::new();
    let mut strict = false;
    let mut sheets = Vec::new();
    let mut depth = 0usize;
    loop {
        let event = r
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(part, e))?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                if depth == 0 {
                    strict |= e
                        .attributes()
                        .flatten()
                        .any(|a| a.key.as_ref().starts_with("xmlns") && a.value == strict_ns);
                }
                if e.local_name().as_ref() == "sheet" && depth == 2 {
                    let rel_id = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == "id" && a.key.prefix().is_some())
                        .map(|a| a.value.to_string())
                        .unwrap_or_default();
                    let sheet_id = attr(e, "sheetId").and_then(|v| v.parse().ok()).unwrap_or(0);
                    sheets.push((attr(e, "name").unwrap_or_default(), rel_id, sheet_id));
                }
                if let Event::Start(_) = event {
                    depth += 1;
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok((strict, sheets))
}

fn xml_error(part: &str, e: impl std::fmt::Display) -> PartError {
    PartError::Corrupt(format!("{part} is not well-formed XML: {e}"))
}

/// A reader that keeps text exactly as written and tolerates end-tag names
/// that do not match (neither reader is the judge of the input's XML).
pub(crate) fn reader<R: BufRead>(input: R) -> Reader<R> {
    let mut reader = Reader::from_reader(input);
    let config = reader.config_mut();
    config.trim_markup_names_in_closing_tags = false;
    config.check_end_names = false;
    config.expand_empty_elements = false;
    reader
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

/// Is this relationship type `kind` in either dialect?
pub(crate) fn is_rel_type(rel_type: &str, kind: &str) -> bool {
    rel_type
        .rsplit_once('/')
        .is_some_and(|(base, last)| last == kind && base.ends_with("relationships"))
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn attributes_unescape() {
        let e = BytesStart::from_content(r#"c r="B2" t='a&amp;b'"#, 1);
        assert_eq!(attr(&e, "r").as_deref(), Some("B2"));
        assert_eq!(attr(&e, "t").as_deref(), Some("a&b"));
    }
}
