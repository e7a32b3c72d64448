//! Annotating an xlsx/xlsm by patching its package: parts the annotation
//! does not touch are copied raw (compressed bytes and all); the few it
//! must change are rewritten; the new ones are added.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{BufReader, Cursor, Read, Write};

use quick_xml::events::Event;
use quick_xml::Writer;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::comments::{self, Ids, Note};
use super::flags::{self, note_text, SheetFlags};
use super::report::{self, write_worksheet};
use super::sheet;
use super::styles::Styles;
use super::xml::{
    attr, bound_prefix, escape, folder, is_rel_type, part_key, prefix_of, qualified, reader,
    relative, rels_of, resolve, xml_fail, Dialect,
};
use super::{AnnotateWarning, Annotated, Annotation, Fail, COVERAGE_SHEET, SUMMARY_SHEET};
use crate::diagnostic::Diagnostic;
use crate::workbook::Format;

/// Largest part read whole into memory (every part but worksheets, which
/// are streamed). The loader's limits have already bounded the package.
const MAX_PART_BYTES: u64 = 512 * 1024 * 1024;
const CT_WORKSHEET: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
const CT_COMMENTS: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml";
const CT_STYLES: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml";
const CT_VML: &str = "application/vnd.openxmlformats-officedocument.vmlDrawing";
const PACKAGE_RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// The input package: entries by index, and by case-insensitive name.
struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    names: Vec<String>,
    index: HashMap<String, usize>,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8]) -> Result<Package<'a>, Fail> {
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

    fn has(&self, part: &str) -> bool {
        self.index.contains_key(&part_key(part))
    }

    fn read(&mut self, part: &str) -> Result<Option<Vec<u8>>, Fail> {
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
    fn fresh(&self, dir: &str, stem: &str, ext: &str, taken: &HashSet<String>) -> String {
        (1..)
            .map(|n| format!("{dir}{stem}{n}{ext}"))
            .find(|name| !self.has(name) && !taken.contains(&part_key(name)))
            .expect("an unused name")
    }
}

/// One relationship of a `.rels` part.
#[derive(Clone, Debug)]
struct Rel {
    id: String,
    kind: String,
    /// Resolved part name (for internal targets).
    target: String,
    external: bool,
}

fn parse_rels(bytes: &[u8], source_folder: &str, part: &str) -> Result<Vec<Rel>, Fail> {
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
fn fresh_rel_id(rels: &[Rel], taken: &[String]) -> String {
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
fn add_rels(
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
struct SheetEntry {
    name: String,
    sheet_id: u32,
    /// The worksheet part, if the sheet is a worksheet.
    part: Option<String>,
}

struct WorkbookInfo {
    dialect: Dialect,
    sheets: Vec<SheetEntry>,
}

/// A `<sheet>` of the workbook part: name, relationship id, sheetId.
type RawSheet = (String, String, u32);

fn parse_workbook(bytes: &[u8], part: &str) -> Result<(Dialect, Vec<RawSheet>), Fail> {
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

/// What one flagged sheet needs.
struct SheetJob<'d> {
    sheet: String,
    part: String,
    flags: &'d SheetFlags<'d>,
    rels_part: String,
    rels: Vec<Rel>,
    /// rId for a `<legacyDrawing>` the rewrite may insert.
    legacy_id: String,
    /// The comments part it has, or the one it gets (with a new rId).
    comments: String,
    comments_new_id: Option<String>,
}

/// Annotates an xlsx/xlsm package. `diagnostics` point at the package's
/// own sheet names.
pub(crate) fn annotate(
    a: &Annotation<'_>,
    input: &[u8],
    diagnostics: &[Diagnostic],
) -> Result<Annotated, Fail> {
    let a = Annotation {
        input,
        diagnostics,
        ..*a
    };
    let mut pkg = Package::open(input)?;
    let mut warnings = Vec::new();
    if pkg.index.keys().any(|k| k.starts_with("_xmlsignatures/")) {
        warnings.push(AnnotateWarning::SignatureInvalidated);
    }
    let format = if crate::load::sniff(input).ok() == Some(Format::Xlsm) {
        Format::Xlsm
    } else {
        Format::Xlsx
    };

    // Content types, the main part and its relationships.
    let ct_part = "[Content_Types].xml";
    let content_types = pkg
        .read(ct_part)?
        .ok_or_else(|| Fail::Corrupt("the package has no [Content_Types].xml".into()))?;
    let root_rels = pkg.read("_rels/.rels")?.unwrap_or_default();
    let workbook_part = parse_rels(&root_rels, "", "_rels/.rels")?
        .into_iter()
        .find(|r| is_rel_type(&r.kind, "officeDocument") && !r.external)
        .map(|r| r.target)
        .filter(|t| pkg.has(t))
        .unwrap_or_else(|| "xl/workbook.xml".to_owned());
    let workbook_xml = pkg.read(&workbook_part)?.ok_or_else(|| {
        Fail::Corrupt(format!(
            "the package has no workbook part ({workbook_part})"
        ))
    })?;
    let wb_folder = folder(&workbook_part).to_owned();
    let wb_rels_part = rels_of(&workbook_part);
    let wb_rels_bytes = pkg.read(&wb_rels_part)?;
    let wb_rels = match &wb_rels_bytes {
        Some(b) => parse_rels(b, &wb_folder, &wb_rels_part)?,
        None => Vec::new(),
    };
    let (dialect, raw_sheets) = parse_workbook(&workbook_xml, &workbook_part)?;
    let info = WorkbookInfo {
        dialect,
        sheets: raw_sheets
            .into_iter()
            .map(|(name, rel_id, sheet_id)| {
                let part = wb_rels
                    .iter()
                    .find(|r| r.id == rel_id && is_rel_type(&r.kind, "worksheet") && !r.external)
                    .map(|r| r.target.clone())
                    .filter(|t| pkg.has(t));
                SheetEntry {
                    name,
                    sheet_id,
                    part,
                }
            })
            .collect(),
    };
    let main_ns = info.dialect.main_ns();
    let has_sheet = |name: &str| {
        info.sheets
            .iter()
            .any(|s| s.name == name && s.part.is_some())
    };

    // Parts chosen in this run, so two new parts never get one name.
    let mut taken: HashSet<String> = HashSet::new();
    let mut wb_new_rels: Vec<(String, String, String)> = Vec::new();
    let mut new_overrides: Vec<(String, &str)> = Vec::new();
    let mut rel_ids_taken: Vec<String> = Vec::new();

    // Styles: the workbook's, or a new part.
    let styles_part = wb_rels
        .iter()
        .find(|r| is_rel_type(&r.kind, "styles") && !r.external)
        .map(|r| r.target.clone())
        .filter(|t| pkg.has(t));
    let styles_part = match styles_part {
        Some(p) => p,
        None => {
            // calamine looks for `xl/styles.xml` by name, not by relationship.
            let plain = format!("{wb_folder}styles.xml");
            let part = if pkg.has(&plain) {
                pkg.fresh(&wb_folder, "styles", ".xml", &taken)
            } else {
                plain
            };
            taken.insert(part_key(&part));
            let id = fresh_rel_id(&wb_rels, &rel_ids_taken);
            rel_ids_taken.push(id.clone());
            wb_new_rels.push((
                id,
                info.dialect.rel_type("styles"),
                relative(&wb_folder, &part),
            ));
            new_overrides.push((part.clone(), CT_STYLES));
            part
        }
    };
    let mut styles = Styles::parse(pkg.read(&styles_part)?, &styles_part)?;

    // The two report sheets: reuse ours from an earlier run, else add.
    let mut report_parts: Vec<(String, String)> = Vec::new();
    let mut new_sheet_tags: Vec<(String, u32, String)> = Vec::new();
    let mut next_sheet_id = info.sheets.iter().map(|s| s.sheet_id).max().unwrap_or(0) + 1;
    for name in [SUMMARY_SHEET, COVERAGE_SHEET] {
        let existing = info
            .sheets
            .iter()
            .find(|s| s.name == name)
            .and_then(|s| s.part.clone());
        let part = match existing {
            Some(part) => part,
            None => {
                let part = pkg.fresh(&format!("{wb_folder}worksheets/"), "sheet", ".xml", &taken);
                taken.insert(part_key(&part));
                let id = fresh_rel_id(&wb_rels, &rel_ids_taken);
                rel_ids_taken.push(id.clone());
                wb_new_rels.push((
                    id.clone(),
                    info.dialect.rel_type("worksheet"),
                    relative(&wb_folder, &part),
                ));
                new_overrides.push((part.clone(), CT_WORKSHEET));
                new_sheet_tags.push((name.to_owned(), next_sheet_id, id));
                next_sheet_id += 1;
                part
            }
        };
        report_parts.push((name.to_owned(), part));
    }

    // Flagged sheets.
    let groups = flags::group(a.diagnostics);
    let mut jobs: Vec<SheetJob<'_>> = Vec::new();
    let mut not_placed = 0usize;
    for (sheet_name, cells) in &groups {
        let entry = info.sheets.iter().find(|s| &s.name == sheet_name);
        let part = entry.and_then(|s| s.part.clone());
        let ours = sheet_name == SUMMARY_SHEET || sheet_name == COVERAGE_SHEET;
        let Some(part) = part.filter(|_| !ours) else {
            not_placed += cells.values().map(|c| c.diagnostics.len()).sum::<usize>();
            continue;
        };
        let rels_part = rels_of(&part);
        let rels = match pkg.read(&rels_part)? {
            Some(bytes) => parse_rels(&bytes, folder(&part), &rels_part)?,
            None => Vec::new(),
        };
        let mut ids_here: Vec<String> = Vec::new();
        let legacy_id = fresh_rel_id(&rels, &ids_here);
        ids_here.push(legacy_id.clone());
        let existing_comments = rels
            .iter()
            .find(|r| is_rel_type(&r.kind, "comments") && !r.external && pkg.has(&r.target))
            .map(|r| r.target.clone());
        let (comments, comments_new_id) = match existing_comments {
            Some(c) => (c, None),
            None => {
                let c = pkg.fresh(&wb_folder, "comments", ".xml", &taken);
                taken.insert(part_key(&c));
                new_overrides.push((c.clone(), CT_COMMENTS));
                let id = fresh_rel_id(&rels, &ids_here);
                (c, Some(id))
            }
        };
        jobs.push(SheetJob {
            sheet: sheet_name.clone(),
            part,
            flags: cells,
            rels_part,
            rels,
            legacy_id,
            comments,
            comments_new_id,
        });
    }
    if not_placed > 0 {
        warnings.push(AnnotateWarning::NotOnACell { count: not_placed });
    }

    // Shape ids: above every id any VML part of the package uses.
    let mut max_id = 0u32;
    let vml_names: Vec<String> = pkg
        .names
        .iter()
        .filter(|n| n.to_ascii_lowercase().ends_with(".vml"))
        .cloned()
        .collect();
    for name in &vml_names {
        if let Some(bytes) = pkg.read(name)? {
            max_id = max_id.max(comments::vml_used_ids(&bytes));
        }
    }
    let mut next_block = max_id / 1024 + 1;

    // Parts written after the sheets (or copied raw at the end).
    let mut deferred: BTreeSet<String> = BTreeSet::new();
    deferred.insert(part_key(&styles_part));
    for job in &jobs {
        deferred.insert(part_key(&job.rels_part));
        deferred.insert(part_key(&job.comments));
        for r in job
            .rels
            .iter()
            .filter(|r| is_rel_type(&r.kind, "vmlDrawing"))
        {
            deferred.insert(part_key(&r.target));
        }
    }
    for (_, part) in &report_parts {
        deferred.insert(part_key(part));
    }
    let job_by_part: HashMap<String, usize> = jobs
        .iter()
        .enumerate()
        .map(|(i, j)| (part_key(&j.part), i))
        .collect();

    // The rewritten small parts.
    let new_vml_needed = !jobs.is_empty();
    let content_types = patch_content_types(&content_types, &new_overrides, new_vml_needed)?;
    let workbook_xml = if new_sheet_tags.is_empty() {
        None
    } else {
        Some(add_sheets(
            &workbook_xml,
            &workbook_part,
            &new_sheet_tags,
            info.dialect,
        )?)
    };
    let wb_rels_new = if wb_new_rels.is_empty() {
        None
    } else {
        Some(add_rels(
            wb_rels_bytes.as_deref(),
            &wb_rels_part,
            &wb_new_rels,
        )?)
    };

    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(input.len() + 64 * 1024)));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    let sheet_options = options.compression_level(Some(SHEET_LEVEL));
    let mut written: HashSet<String> = HashSet::new();
    let mut outcomes: Vec<Option<sheet::Outcome>> = (0..jobs.len()).map(|_| None).collect();
    let put = |out: &mut ZipWriter<Cursor<Vec<u8>>>,
               written: &mut HashSet<String>,
               name: &str,
               bytes: &[u8]|
     -> Result<(), Fail> {
        if !written.insert(part_key(name)) {
            return Err(Fail::Unsupported(format!(
                "{name} would be written twice (a part shared by two sheets)"
            )));
        }
        out.start_file(name, options)?;
        out.write_all(bytes)?;
        Ok(())
    };

    for i in 0..pkg.names.len() {
        let name = pkg.names[i].clone();
        let key = part_key(&name);
        if key == part_key(ct_part) {
            put(&mut out, &mut written, &name, &content_types)?;
        } else if key == part_key(&workbook_part) && workbook_xml.is_some() {
            put(
                &mut out,
                &mut written,
                &name,
                workbook_xml.as_deref().unwrap_or_default(),
            )?;
        } else if key == part_key(&wb_rels_part) && wb_rels_new.is_some() {
            put(
                &mut out,
                &mut written,
                &name,
                wb_rels_new.as_deref().unwrap_or_default(),
            )?;
        } else if let Some(&j) = job_by_part.get(&key) {
            let job = &jobs[j];
            if !written.insert(key) {
                continue;
            }
            out.start_file(name.as_str(), sheet_options)?;
            let entry = pkg.zip.by_index(i)?;
            let mut sink = std::io::BufWriter::with_capacity(256 * 1024, &mut out);
            let outcome = sheet::rewrite(
                BufReader::with_capacity(256 * 1024, entry),
                &mut sink,
                job.flags,
                &mut styles,
                &name,
                info.dialect.rel_ns(),
                &job.legacy_id,
            )?;
            sink.flush()?;
            drop(sink);
            outcomes[j] = Some(outcome);
        } else if deferred.contains(&key) {
            continue;
        } else {
            if !written.insert(key) {
                continue;
            }
            let entry = pkg.zip.by_index_raw(i)?;
            out.raw_copy_file(entry)?;
        }
    }

    // Notes: comments and VML per sheet, then the sheet's relationships.
    let mut notes_total = 0usize;
    let mut modified: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (job, outcome) in jobs.iter().zip(&outcomes) {
        let Some(outcome) = outcome else {
            return Err(Fail::Corrupt(format!(
                "{} is listed but missing from the package",
                job.part
            )));
        };
        let notes: Vec<Note> = job
            .flags
            .iter()
            .map(|(&(row, col), f)| {
                let (head, body) = note_text(f);
                Note {
                    row,
                    col,
                    head,
                    body,
                }
            })
            .collect();
        notes_total += notes.len();
        let mut new_rels: Vec<(String, String, String)> = Vec::new();
        let sheet_folder = folder(&job.part).to_owned();
        // Comments.
        let (comments_bytes, had_comment) = match &job.comments_new_id {
            None => {
                let existing = pkg.read(&job.comments)?.unwrap_or_default();
                let patched = comments::patch_part(&existing, &notes, &job.comments)?;
                for (row, col) in &patched.threaded {
                    warnings.push(AnnotateWarning::ThreadedComment {
                        cell: super::xml::sheet_ref(&job.sheet, *row, *col),
                    });
                }
                (patched.bytes, patched.had_comment)
            }
            Some(id) => {
                new_rels.push((
                    id.clone(),
                    info.dialect.rel_type("comments"),
                    relative(&sheet_folder, &job.comments),
                ));
                (comments::new_part(&notes, main_ns), BTreeSet::new())
            }
        };
        modified.insert(job.comments.clone(), comments_bytes);
        // VML: the sheet's legacy drawing, or a new one.
        let vml_existing = outcome
            .existing_legacy
            .as_ref()
            .and_then(|id| job.rels.iter().find(|r| &r.id == id && !r.external))
            .map(|r| r.target.clone())
            .filter(|t| pkg.has(t));
        let existing_bytes = match &vml_existing {
            Some(p) => pkg.read(p)?,
            None => None,
        };
        let mut alloc = |count: usize| {
            let ids = Ids {
                first: next_block * 1024 + 1,
                count: count as u32,
            };
            next_block = (ids.first + ids.count.max(1) - 1) / 1024 + 1;
            ids
        };
        match (vml_existing, existing_bytes) {
            (Some(path), Some(bytes)) => {
                // Cells with a comment (or a stray note shape) have their box.
                let shaped = comments::vml_note_cells(&bytes);
                let need: Vec<&Note> = notes
                    .iter()
                    .filter(|n| !had_comment.contains(&(n.row, n.col)))
                    .filter(|n| !shaped.contains(&(n.row, n.col)))
                    .collect();
                let vml = comments::append_vml(&bytes, &need, alloc(need.len()), &path)?;
                modified.insert(path, vml);
            }
            _ => {
                let path = pkg.fresh(
                    &format!("{wb_folder}drawings/"),
                    "vmlDrawing",
                    ".vml",
                    &taken,
                );
                taken.insert(part_key(&path));
                // The sheet's <legacyDrawing> names this id: the one inserted,
                // or an existing one whose relationship is missing.
                let id = outcome
                    .existing_legacy
                    .clone()
                    .unwrap_or_else(|| job.legacy_id.clone());
                if job.rels.iter().any(|r| r.id == id) {
                    return Err(Fail::Unsupported(format!(
                        "{}: its legacy drawing {id} is not a VML part",
                        job.part
                    )));
                }
                new_rels.push((
                    id,
                    info.dialect.rel_type("vmlDrawing"),
                    relative(&sheet_folder, &path),
                ));
                // A sheet without a drawing shows no box for any note yet.
                let all: Vec<&Note> = notes.iter().collect();
                modified.insert(path, comments::new_vml(&all, alloc(all.len())));
            }
        }
        if !new_rels.is_empty() {
            let existing = pkg.read(&job.rels_part)?;
            modified.insert(
                job.rels_part.clone(),
                add_rels(existing.as_deref(), &job.rels_part, &new_rels)?,
            );
        }
    }
    modified.insert(styles_part.clone(), styles.finish(main_ns)?);
    // The report sheets are streamed into the package last.
    for (_, part) in &report_parts {
        written.insert(part_key(part));
    }

    // Deferred parts in package order, then new ones.
    for i in 0..pkg.names.len() {
        let name = pkg.names[i].clone();
        let key = part_key(&name);
        if !deferred.contains(&key) || written.contains(&key) {
            continue;
        }
        let new = modified
            .iter()
            .find(|(p, _)| part_key(p) == key)
            .map(|(p, _)| p.clone());
        match new.and_then(|p| modified.remove(&p)) {
            Some(bytes) => put(&mut out, &mut written, &name, &bytes)?,
            None => {
                written.insert(key);
                out.raw_copy_file(pkg.zip.by_index_raw(i)?)?;
            }
        }
    }
    for (name, bytes) in &modified {
        put(&mut out, &mut written, name, bytes)?;
    }
    let look = |l| styles.look(l);
    for (name, part) in &report_parts {
        let grid = if name == SUMMARY_SHEET {
            report::summary(&a, &has_sheet)
        } else {
            report::coverage(&a, &has_sheet)
        };
        // An existing part (ours, from an earlier run) keeps its name.
        let entry_name = pkg
            .index
            .get(&part_key(part))
            .map_or_else(|| part.clone(), |&i| pkg.names[i].clone());
        out.start_file(entry_name.as_str(), sheet_options)?;
        let mut sink = std::io::BufWriter::with_capacity(256 * 1024, &mut out);
        write_worksheet(&mut sink, &grid, info.dialect, &look)?;
        sink.flush()?;
    }
    let bytes = out.finish()?.into_inner();
    Ok(Annotated {
        bytes,
        format,
        notes: notes_total,
        warnings,
    })
}

/// Deflate level for rewritten worksheets: they can be tens of megabytes,
/// and level 6 costs twice the time of level 3 for a few percent of size.
const SHEET_LEVEL: i64 = 3;

/// `[Content_Types].xml` with overrides for new parts, and the `vml`
/// default when VML drawings are added and none is declared.
fn patch_content_types(
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
fn add_sheets(
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
