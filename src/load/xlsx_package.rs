//! What the xlsx loader reads around calamine: a guard that must run before
//! calamine allocates, the workaround for XLM macro sheets calamine refuses,
//! the sheets' parts (for the formula and merge scan) and cell notes, which
//! calamine does not read. The package is found as the annotator finds it
//! (`crate::ooxml`).

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};

use quick_xml::events::Event;
use zip::ZipArchive;

use super::LoadError;
use crate::ooxml::{self, folder, parse_rels, rels_of, Package, Rel};
use crate::workbook::Format;

type Zip<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// Largest relationships, workbook or comments part read.
const MAX_PART: u64 = 64 * 1024 * 1024;
/// How much of a shared-strings part is searched for its `<sst>` tag.
const SST_HEAD_BYTES: u64 = 4096;
/// The shortest shared string entry, `<si/>`.
const MIN_SHARED_STRING_BYTES: u64 = 5;

/// calamine reserves room for `uniqueCount` strings before reading any; a
/// count the part cannot hold is a lie that could ask for gigabytes.
pub(crate) fn check_shared_string_count(
    zip: &mut Zip<'_>,
    format: Format,
) -> Result<(), LoadError> {
    let is_sst = |name: &[u8]| {
        name.rsplit(|&b| b == b'/' || b == b'\\')
            .next()
            .is_some_and(|file| file.eq_ignore_ascii_case(b"sharedStrings.xml"))
    };
    for index in 0..zip.len() {
        // The central directory names the part; only that part is opened.
        if !zip.by_index_data(index).is_ok_and(|e| is_sst(e.name_raw())) {
            continue;
        }
        let Ok(entry) = zip.by_index(index) else {
            continue;
        };
        let size = entry.size();
        let mut head = Vec::new();
        // An unreadable part is left for calamine to report.
        if entry.take(SST_HEAD_BYTES).read_to_end(&mut head).is_err() {
            continue;
        }
        if let Some(count) = attribute_number(&head, b"uniqueCount=") {
            if count > size / MIN_SHARED_STRING_BYTES + 16 {
                let cause = format!(
                    "shared strings part declares {count} strings but is only {size} bytes"
                );
                return Err(LoadError::corrupt(format.name(), cause));
            }
        }
    }
    Ok(())
}

/// The number in `name="123"` (or single quotes) within `xml`.
fn attribute_number(xml: &[u8], name: &[u8]) -> Option<u64> {
    let at = xml.windows(name.len()).position(|w| w == name)? + name.len();
    let rest = xml.get(at + 1..)?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()
}

/// The workbook part, its relationships part and their relationships.
fn workbook_rels(package: &mut Package<'_>) -> Option<(String, String, Vec<Rel>)> {
    let workbook = package.workbook_part(MAX_PART).ok()?;
    let rels_part = rels_of(&workbook);
    let bytes = package.read(&rels_part, MAX_PART).ok()??;
    let rels = parse_rels(&bytes, folder(&workbook), &rels_part).ok()?;
    Some((workbook, rels_part, rels))
}

/// The sheets of the workbook part: name and the relationship it names.
fn workbook_sheets<'r>(
    package: &mut Package<'_>,
    workbook: &str,
    rels: &'r [Rel],
) -> Option<Vec<(String, Option<&'r Rel>)>> {
    let xml = package.read(workbook, MAX_PART).ok()??;
    // The dialect does not matter here.
    let (_, sheets) = ooxml::parse_workbook(&xml, workbook, "").ok()?;
    Some(
        sheets
            .into_iter()
            .map(|(name, id, _)| (name, rels.iter().find(|r| r.id == id)))
            .collect(),
    )
}

/// Relationship types of Excel 4.0 (XLM) macro sheets, which calamine
/// 0.38 does not know: it refuses the whole workbook for one of them.
fn is_macro_sheet(kind: &str) -> bool {
    kind.ends_with("/xlMacrosheet") || kind.ends_with("/xlIntlMacrosheet")
}

/// For a package whose workbook lists XLM macro sheets: their names, and a
/// copy of the package in which their relationships say `dialogsheet`
/// (which calamine lists and the loader skips), every other entry copied
/// raw. `None` when there is none, or the package cannot be followed.
pub(crate) fn retype_macro_sheets(zip: &Zip<'_>) -> Option<(Vec<String>, Vec<u8>)> {
    let mut package = Package::of(zip.clone()).ok()?;
    let (workbook, rels_part, rels) = workbook_rels(&mut package)?;
    if !rels.iter().any(|r| is_macro_sheet(&r.kind)) {
        return None;
    }
    let macro_names = workbook_sheets(&mut package, &workbook, &rels)?
        .into_iter()
        .filter(|(_, rel)| rel.is_some_and(|r| is_macro_sheet(&r.kind)))
        .map(|(name, _)| name)
        .collect();
    let rels_index = *package.index.get(&ooxml::part_key(&rels_part))?;
    let text = String::from_utf8(package.read(&rels_part, MAX_PART).ok()??).ok()?;
    let mut patched = text;
    for kind in ["xlMacrosheet", "xlIntlMacrosheet"] {
        for quote in ['"', '\''] {
            patched = patched.replace(&format!("/{kind}{quote}"), &format!("/dialogsheet{quote}"));
        }
    }
    let zip = &mut package.zip;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..zip.len() {
        if index == rels_index {
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            out.start_file(package.names[index].as_str(), options)
                .ok()?;
            out.write_all(patched.as_bytes()).ok()?;
        } else {
            out.raw_copy_file(zip.by_index_raw(index).ok()?).ok()?;
        }
    }
    Some((macro_names, out.finish().ok()?.into_inner()))
}

/// Each sheet's part in the package, found as the annotator finds it: for
/// the formula and merge scan (`xlsx_scan.rs`) and for the notes. Empty when
/// the workbook part does not list calamine's sheets in calamine's order
/// (calamine's passes then read every sheet, without notes).
pub(crate) struct SheetParts<'a> {
    package: Option<Package<'a>>,
    /// Part by sheet name.
    parts: HashMap<String, String>,
}

impl<'a> SheetParts<'a> {
    pub(crate) fn read(zip: &Zip<'a>, listed: &[calamine::Sheet]) -> SheetParts<'a> {
        Self::find(zip, listed).unwrap_or(SheetParts {
            package: None,
            parts: HashMap::new(),
        })
    }

    fn find(zip: &Zip<'a>, listed: &[calamine::Sheet]) -> Option<SheetParts<'a>> {
        let mut package = Package::of(zip.clone()).ok()?;
        let (workbook, _, rels) = workbook_rels(&mut package)?;
        let sheets = workbook_sheets(&mut package, &workbook, &rels)?;
        let names = sheets.iter().map(|(name, _)| name.as_str());
        if !names.eq(listed.iter().map(|sheet| sheet.name.as_str())) {
            return None;
        }
        let mut parts = HashMap::new();
        for (name, rel) in sheets {
            if let Some(rel) = rel.filter(|r| !r.external && package.has(&r.target)) {
                // The first sheet of a name, as calamine looks it up.
                parts.entry(name).or_insert_with(|| rel.target.clone());
            }
        }
        Some(SheetParts {
            package: Some(package),
            parts,
        })
    }

    /// A sheet's XML, up to `max` bytes.
    pub(crate) fn xml(&mut self, sheet: &str, max: u64) -> Option<Vec<u8>> {
        let (Some(package), Some(part)) = (self.package.as_mut(), self.parts.get(sheet)) else {
            return None;
        };
        package.read(part, max).ok()?
    }

    /// The notes (legacy comments) of a sheet: `(row, col, text)`. Best
    /// effort: notes that cannot be followed are none.
    pub(crate) fn notes(&mut self, sheet: &str) -> Vec<(u32, u32, String)> {
        let (Some(package), Some(part)) = (self.package.as_mut(), self.parts.get(sheet)) else {
            return Vec::new();
        };
        let rels_part = rels_of(part);
        let Ok(Some(bytes)) = package.read(&rels_part, MAX_PART) else {
            return Vec::new();
        };
        let Ok(rels) = parse_rels(&bytes, folder(part), &rels_part) else {
            return Vec::new();
        };
        let mut notes = Vec::new();
        for rel in rels
            .iter()
            .filter(|r| !r.external && r.kind.ends_with("/comments"))
        {
            if let Ok(Some(xml)) = package.read(&rel.target, MAX_PART) {
                notes.extend(comments(&xml));
            }
        }
        notes
    }
}

/// The `<comment ref="B3">…<t>text</t>…</comment>` entries of a comments part.
fn comments(xml: &[u8]) -> Vec<(u32, u32, String)> {
    let mut reader = quick_xml::Reader::from_reader(xml);
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
                    .and_then(|a| ooxml::parse_a1(&a.value));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_text() {
        let xml = br#"<comments><authors><author>A</author></authors><commentList>
            <comment ref="F2" authorId="0"><text><r><rPr><b/></rPr><t>EDI lead:</t></r><r><t xml:space="preserve">
wreslint: ignore OW002 -- Post &amp; role</t></r></text></comment><comment ref="B1"><text><t>x</t></text></comment>
            <comment ref="A0"><text><t>nowhere</t></text></comment></commentList></comments>"#;
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
    }

    #[test]
    fn unique_count_attribute() {
        assert_eq!(
            attribute_number(b"<sst count=\"3\" uniqueCount=\"2\">", b"uniqueCount="),
            Some(2)
        );
        assert_eq!(
            attribute_number(b"<sst uniqueCount='99999999999'>", b"uniqueCount="),
            Some(99_999_999_999)
        );
        assert_eq!(
            attribute_number(b"<sst count=\"3\">", b"uniqueCount="),
            None
        );
    }
}
