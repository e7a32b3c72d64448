//! The OOXML package an xlsx/xlsm annotation patches: its zip entries by
//! name, relationships, the workbook part's sheets, and the small parts
//! (content types, workbook, relationships) rewritten when parts are added.
//! Parts the annotation does not touch are copied raw (compressed bytes and
//! all); the phases of the annotation are in `xlsx.rs`.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Writer;
use zip::ZipArchive;

use super::xml::{
    attr, bound_prefix, escape, part_key, prefix_of, qualified, reader, resolve, xml_fail, Dialect,
};
use super::Fail;

/// Largest part read whole into memory (every part but worksheets, which
/// are streamed). The loader's limits have already bounded the package.
const MAX_PART_BYTES: u64 = 512 * 1024 * 1024;
pub(super) const CT_WORKSHEET: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
pub(super) const CT_COMMENTS: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml";
pub(super) const CT_STYLES: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml";
const CT_VML: &str = "application/vnd.openxmlformats-officedocument.vmlDrawing";
const PACKAGE_RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// The input package: entries by index, and by case-insensitive name.
pub(super) struct Package<'a> {
    pub(super) zip: ZipArchive<Cursor<&'a [u8]>>,
    pub(super) names: Vec<String>,
    pub(super) index: HashMap<String, usize>,
}

impl<'a> Package<'a> {
    pub(super) fn open(bytes: &'a [u8]) -> Result<Package<'a>, Fail> {
        let zip = ZipArchive::new(Cursor::new(bytes))?;
        let mut names = Vec::with_capacity(zip.len());
        let mut index = HashMap::new();
        for i in 0..zip.len() {
            let name = match zip.name_for_index(i) {
                Some(Ok(name)) => name.into_owned(),
                _ => return Err(Fail::Corrupt(format!("zip entry {i} has no readable name"))),
            };
            index.entry(part_key(&name)).or_insert(i);
            names.push(name);
        }
        Ok(Package { zip, names, index })
    }

    pub(super) fn has(&self, part: &str) -> bool {
        self.index.contains_key(&part_key(part))
    }

    pub(super) fn read(&mut self, part: &str) -> Result<Option<Vec<u8>>, Fail> {
        let Some(&i) = self.index.get(&part_key(part)) else {
            return Ok(None);
        };
        let damaged = |e: &dyn std::fmt::Display| Fail::Corrupt(format!("{part}: {e}"));
        let entry = self.zip.by_index(i).map_err(|e| damaged(&e))?;
        if entry.size() > MAX_PART_BYTES {
            return Err(Fail::Unsupported(format!(
                "{part} is {} bytes, more than the annotator reads",
                entry.size()
            )));
        }
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        entry
            .take(MAX_PART_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| damaged(&e))?;
        Ok(Some(bytes))
    }

    /// A part name not yet used: `{dir}{stem}{n}{ext}` for the smallest n ≥ 1.
    pub(super) fn fresh(
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
}

/// One relationship of a `.rels` part.
#[derive(Clone, Debug)]
pub(super) struct Rel {
    pub(super) id: String,
    pub(super) kind: String,
    /// Resolved part name (for internal targets).
    pub(super) target: String,
    pub(super) external: bool,
}

pub(super) fn parse_rels(bytes: &[u8], source_folder: &str, part: &str) -> Result<Vec<Rel>, Fail> {
    let mut r = reader(bytes);
    let mut buf = Vec::new();
    let mut rels = Vec::new();
    loop {
        match r.read_event_into(&mut buf).map_err(|e| xml_fail(part, e))? {
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

/// A relationship id not used in `rels` nor in `taken`.
pub(super) fn fresh_rel_id(rels: &[Rel], taken: &[String]) -> String {
    (1..)
        .map(|n| format!("rId{n}"))
        .find(|id| !rels.iter().any(|r| &r.id == id) && !taken.contains(id))
        .expect("an unused id")
}

/// Inserts raw XML before the end tag of the root element (or, with
/// `child`, before the end tag of that child of the root, expanding an
/// empty `<child/>`). The rest is copied event by event.
fn insert_before_end(
    bytes: &[u8],
    part: &str,
    child: Option<&str>,
    insert: &dyn Fn(&str) -> String,
) -> Result<Vec<u8>, Fail> {
    let mut r = reader(bytes);
    let mut w = Writer::new(Vec::with_capacity(bytes.len() + 512));
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let mut prefix = String::new();
    let mut done = false;
    let fail = |e: std::io::Error| Fail::Corrupt(format!("writing {part}: {e}"));
    loop {
        let event = r.read_event_into(&mut buf).map_err(|e| xml_fail(part, e))?;
        match &event {
            Event::Start(e) => {
                if depth == 0 {
                    prefix = prefix_of(e.name().as_ref()).to_owned();
                }
                depth += 1;
                w.write_event(event.borrow()).map_err(fail)?;
            }
            Event::Empty(e) if !done && depth == 1 && Some(e.local_name().as_ref()) == child => {
                let name = e.name().as_ref().to_owned();
                let text = format!("<{}>{}</{name}>", &**e, insert(&prefix));
                w.get_mut().extend_from_slice(text.as_bytes());
                done = true;
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                let here = match child {
                    Some(c) => depth == 1 && e.local_name().as_ref() == c,
                    None => depth == 0,
                };
                if here && !done {
                    w.get_mut().extend_from_slice(insert(&prefix).as_bytes());
                    done = true;
                }
                w.write_event(event.borrow()).map_err(fail)?;
            }
            Event::Eof => break,
            _ => w.write_event(event.borrow()).map_err(fail)?,
        }
        buf.clear();
    }
    if !done {
        return Err(Fail::Unsupported(format!(
            "{part} has no {} element",
            child.unwrap_or("root")
        )));
    }
    Ok(w.into_inner())
}

/// Appends relationships to a `.rels` part (or makes a new one).
pub(super) fn add_rels(
    existing: Option<&[u8]>,
    part: &str,
    new: &[(String, String, String)],
) -> Result<Vec<u8>, Fail> {
    let items = |p: &str| {
        new.iter()
            .map(|(id, kind, target)| {
                format!(
                    r#"<{} Id="{}" Type="{}" Target="{}"/>"#,
                    qualified(p, "Relationship"),
                    escape(id),
                    escape(kind),
                    escape(target)
                )
            })
            .collect::<String>()
    };
    match existing {
        Some(bytes) => insert_before_end(bytes, part, None, &items),
        None => Ok(format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE_RELS_NS}">{}</Relationships>"#,
            items("")
        )
        .into_bytes()),
    }
}

/// One sheet of the workbook part.
#[derive(Clone, Debug)]
pub(super) struct SheetEntry {
    pub(super) name: String,
    pub(super) sheet_id: u32,
    /// The worksheet part, if the sheet is a worksheet.
    pub(super) part: Option<String>,
}

pub(super) struct WorkbookInfo {
    pub(super) dialect: Dialect,
    pub(super) sheets: Vec<SheetEntry>,
}

/// A `<sheet>` of the workbook part: name, relationship id, sheetId.
pub(super) type RawSheet = (String, String, u32);

pub(super) fn parse_workbook(bytes: &[u8], part: &str) -> Result<(Dialect, Vec<RawSheet>), Fail> {
    let mut r = reader(bytes);
    let mut buf = Vec::new();
    let mut dialect = Dialect::Transitional;
    let mut sheets = Vec::new();
    let mut depth = 0usize;
    loop {
        let event = r.read_event_into(&mut buf).map_err(|e| xml_fail(part, e))?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                if depth == 0 {
                    let strict = e.attributes().flatten().any(|a| {
                        a.key.as_ref().starts_with("xmlns") && a.value == Dialect::Strict.main_ns()
                    });
                    if strict {
                        dialect = Dialect::Strict;
                    }
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
    Ok((dialect, sheets))
}

/// Deflate level for rewritten worksheets: they can be tens of megabytes,
/// and level 6 costs twice the time of level 3 for a few percent of size.
pub(super) const SHEET_LEVEL: i64 = 3;

/// `[Content_Types].xml` with overrides for new parts, and the `vml`
/// default when VML drawings are added and none is declared.
pub(super) fn patch_content_types(
    bytes: &[u8],
    overrides: &[(String, &str)],
    vml: bool,
) -> Result<Vec<u8>, Fail> {
    let part = "[Content_Types].xml";
    let mut has_vml = false;
    let mut declared: HashSet<String> = HashSet::new();
    let mut r = reader(bytes);
    let mut buf = Vec::new();
    loop {
        match r.read_event_into(&mut buf).map_err(|e| xml_fail(part, e))? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "Default" => {
                    has_vml |= attr(&e, "Extension").is_some_and(|x| x.eq_ignore_ascii_case("vml"));
                }
                "Override" => {
                    if let Some(name) = attr(&e, "PartName") {
                        declared.insert(part_key(&name));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let overrides: Vec<&(String, &str)> = overrides
        .iter()
        .filter(|(p, _)| !declared.contains(&part_key(p)))
        .collect();
    if overrides.is_empty() && (has_vml || !vml) {
        return Ok(bytes.to_vec());
    }
    insert_before_end(bytes, part, None, &|p| {
        let mut text = String::new();
        if vml && !has_vml {
            text.push_str(&format!(
                r#"<{} Extension="vml" ContentType="{CT_VML}"/>"#,
                qualified(p, "Default")
            ));
        }
        for (name, ct) in &overrides {
            text.push_str(&format!(
                r#"<{} PartName="/{}" ContentType="{ct}"/>"#,
                qualified(p, "Override"),
                escape(name)
            ));
        }
        text
    })
}

/// The workbook part with `<sheet>` elements appended to `<sheets>`.
pub(super) fn add_sheets(
    bytes: &[u8],
    part: &str,
    sheets: &[(String, u32, String)],
    dialect: Dialect,
) -> Result<Vec<u8>, Fail> {
    // The prefix the root binds to the relationships namespace, if any.
    let mut r = reader(bytes);
    let mut buf = Vec::new();
    let mut rel_prefix = None;
    loop {
        match r.read_event_into(&mut buf).map_err(|e| xml_fail(part, e))? {
            Event::Start(e) | Event::Empty(e) => {
                rel_prefix = bound_prefix(&e, dialect.rel_ns());
                break;
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    insert_before_end(bytes, part, Some("sheets"), &|p| {
        sheets
            .iter()
            .map(|(name, id, rel)| {
                let rid = match &rel_prefix {
                    Some(rp) => format!(r#"{rp}:id="{rel}""#),
                    None => format!(r#"xmlns:r="{}" r:id="{rel}""#, dialect.rel_ns()),
                };
                format!(
                    r#"<{} name="{}" sheetId="{id}" {rid}/>"#,
                    qualified(p, "sheet"),
                    escape(name)
                )
            })
            .collect()
    })
}
