//! The OOXML package an xlsx/xlsm annotation patches: its zip entries by
//! name, relationships, the workbook part's sheets, and the small parts
//! (content types, workbook, relationships) rewritten when parts are added.
//! Parts the annotation does not touch are copied raw (compressed bytes and
//! all); the phases of the annotation are in `xlsx.rs`.

use std::collections::HashSet;

use quick_xml::events::Event;
use quick_xml::Writer;

use super::xml::{
    attr, bound_prefix, escape, part_key, prefix_of, qualified, reader, xml_fail, Dialect,
};
use super::Fail;

/// Largest part read whole into memory (every part but worksheets, which
/// are streamed). The loader's limits have already bounded the package.
pub(super) const MAX_PART_BYTES: u64 = 512 * 1024 * 1024;
pub(super) const CT_WORKSHEET: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
pub(super) const CT_COMMENTS: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml";
pub(super) const CT_STYLES: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml";
const CT_VML: &str = "application/vnd.openxmlformats-officedocument.vmlDrawing";
const PACKAGE_RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

pub(super) use crate::ooxml::{parse_rels, Package, RawSheet, Rel};

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

/// The sheets of a workbook part, and its dialect.
pub(super) fn parse_workbook(bytes: &[u8], part: &str) -> Result<(Dialect, Vec<RawSheet>), Fail> {
    let (strict, sheets) = crate::ooxml::parse_workbook(bytes, part, Dialect::Strict.main_ns())?;
    let dialect = if strict {
        Dialect::Strict
    } else {
        Dialect::Transitional
    };
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
