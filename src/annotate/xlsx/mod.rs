//! Annotating an xlsx/xlsm, in phases: read the workbook part and its
//! relationships; choose the parts to add (styles, the two summary sheets,
//! comments per flagged sheet); stream the package, rewriting the flagged
//! worksheets and copying the rest raw; write the notes (comments and VML)
//! of each flagged sheet; then the deferred parts and the summary sheets.
//! The package helpers are in `package.rs`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{BufReader, Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::flags::{self, SheetFlags};
use super::package::{
    add_rels, add_sheets, fresh_rel_id, parse_rels, parse_workbook, patch_content_types, Package,
    Rel, SheetEntry, WorkbookInfo, CT_COMMENTS, CT_STYLES, CT_WORKSHEET, MAX_PART_BYTES,
    SHEET_LEVEL,
};
use super::sheet;
use super::styles::Styles;
use super::summary_sheets::{self, write_worksheet};
use super::vml;
use super::xml::{folder, is_rel_type, part_key, relative, rels_of};
use super::{AnnotateWarning, Annotated, Annotation, Fail, COVERAGE_SHEET, SUMMARY_SHEET};
use crate::diagnostic::Diagnostic;
use crate::workbook::Format;

mod notes;

use notes::write_notes;

const CONTENT_TYPES: &str = "[Content_Types].xml";

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
    // A copy rebuilt from xls, xlsb or ods is xlsx.
    let loaded = a.workbook.format.or_else(|| crate::load::sniff(input).ok());
    let format = if loaded == Some(Format::Xlsm) {
        Format::Xlsm
    } else {
        Format::Xlsx
    };

    let main = Main::read(&mut pkg)?;
    let mut new = NewParts::default();
    let styles_part = new.styles(&pkg, &main);
    let mut styles = Styles::parse(pkg.read(&styles_part, MAX_PART_BYTES)?, &styles_part)?;
    let summary_parts = new.summary_sheets(&pkg, &main);
    let groups = flags::group(a.diagnostics);
    let (jobs, not_placed) = new.sheet_jobs(&mut pkg, &main, &groups)?;
    if not_placed > 0 {
        warnings.push(AnnotateWarning::NotOnACell { count: not_placed });
    }
    let mut next_block = first_free_shape_block(&mut pkg)?;
    let deferred = deferred_parts(&styles_part, &jobs, &summary_parts);
    let small = SmallParts::rewrite(&main, &new, !jobs.is_empty())?;

    let mut out = Out::new(input.len());
    let outcomes = stream(
        &mut pkg,
        &mut out,
        &main,
        &small,
        &jobs,
        &deferred,
        &mut styles,
    )?;
    let notes = write_notes(
        &mut pkg,
        &main,
        &mut new.taken,
        &jobs,
        &outcomes,
        &mut next_block,
        &mut warnings,
    )?;
    let mut modified = notes.modified;
    modified.insert(
        styles_part.clone(),
        styles.finish(main.info.dialect.main_ns())?,
    );
    // The summary sheets are streamed into the package last.
    for (_, part) in &summary_parts {
        out.written.insert(part_key(part));
    }
    write_deferred(&mut pkg, &mut out, &deferred, modified)?;
    write_summary_sheets(&pkg, &mut out, &a, &main, &summary_parts, &styles)?;
    Ok(Annotated {
        bytes: out.zip.finish()?.into_inner(),
        format,
        notes: notes.count,
        warnings,
    })
}

/// The package's content types, its workbook part with its relationships,
/// and the sheets the workbook lists.
struct Main {
    content_types: Vec<u8>,
    workbook_part: String,
    workbook_xml: Vec<u8>,
    /// The workbook part's folder: `xl/`.
    folder: String,
    rels_part: String,
    rels_bytes: Option<Vec<u8>>,
    rels: Vec<Rel>,
    info: WorkbookInfo,
}

impl Main {
    fn read(pkg: &mut Package<'_>) -> Result<Main, Fail> {
        let content_types = pkg
            .read(CONTENT_TYPES, MAX_PART_BYTES)?
            .ok_or_else(|| Fail::Corrupt("the package has no [Content_Types].xml".into()))?;
        let workbook_part = pkg.workbook_part(MAX_PART_BYTES)?;
        let workbook_xml = pkg.read(&workbook_part, MAX_PART_BYTES)?.ok_or_else(|| {
            Fail::Corrupt(format!(
                "the package has no workbook part ({workbook_part})"
            ))
        })?;
        let folder = folder(&workbook_part).to_owned();
        let rels_part = rels_of(&workbook_part);
        let rels_bytes = pkg.read(&rels_part, MAX_PART_BYTES)?;
        let rels = match &rels_bytes {
            Some(b) => parse_rels(b, &folder, &rels_part)?,
            None => Vec::new(),
        };
        let (dialect, raw_sheets) = parse_workbook(&workbook_xml, &workbook_part)?;
        let info = WorkbookInfo {
            dialect,
            sheets: raw_sheets
                .into_iter()
                .map(|(name, rel_id, sheet_id)| {
                    let part = rels
                        .iter()
                        .find(|r| {
                            r.id == rel_id && is_rel_type(&r.kind, "worksheet") && !r.external
                        })
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
        Ok(Main {
            content_types,
            workbook_part,
            workbook_xml,
            folder,
            rels_part,
            rels_bytes,
            rels,
            info,
        })
    }

    /// Whether the workbook has a worksheet of this name (report links).
    fn has_sheet(&self, name: &str) -> bool {
        self.info
            .sheets
            .iter()
            .any(|s| s.name == name && s.part.is_some())
    }
}

/// Parts and relationships chosen in this run, so two new parts never get
/// one name.
#[derive(Default)]
struct NewParts {
    taken: HashSet<String>,
    /// The workbook's new relationships: (id, type, target).
    workbook_rels: Vec<(String, String, String)>,
    overrides: Vec<(String, &'static str)>,
    rel_ids_taken: Vec<String>,
    /// New `<sheet>`s of the workbook: (name, sheetId, relationship id).
    sheet_tags: Vec<(String, u32, String)>,
}

impl NewParts {
    /// A new relationship of the workbook part to `part`.
    fn relate(&mut self, main: &Main, kind: &str, part: &str) -> String {
        let id = fresh_rel_id(&main.rels, &self.rel_ids_taken);
        self.rel_ids_taken.push(id.clone());
        self.workbook_rels.push((
            id.clone(),
            main.info.dialect.rel_type(kind),
            relative(&main.folder, part),
        ));
        id
    }

    /// The styles part: the workbook's, or a new one.
    fn styles(&mut self, pkg: &Package<'_>, main: &Main) -> String {
        let existing = main
            .rels
            .iter()
            .find(|r| is_rel_type(&r.kind, "styles") && !r.external)
            .map(|r| r.target.clone())
            .filter(|t| pkg.has(t));
        if let Some(part) = existing {
            return part;
        }
        // calamine looks for `xl/styles.xml` by name, not by relationship.
        let plain = format!("{}styles.xml", main.folder);
        let part = if pkg.has(&plain) {
            pkg.fresh(&main.folder, "styles", ".xml", &self.taken)
        } else {
            plain
        };
        self.taken.insert(part_key(&part));
        self.relate(main, "styles", &part);
        self.overrides.push((part.clone(), CT_STYLES));
        part
    }

    /// The two summary sheets' parts: ours from an earlier run, else new ones.
    fn summary_sheets(&mut self, pkg: &Package<'_>, main: &Main) -> Vec<(String, String)> {
        let mut parts = Vec::new();
        let mut next_sheet_id = main
            .info
            .sheets
            .iter()
            .map(|s| s.sheet_id)
            .max()
            .unwrap_or(0)
            + 1;
        for name in [SUMMARY_SHEET, COVERAGE_SHEET] {
            let existing = main
                .info
                .sheets
                .iter()
                .find(|s| s.name == name)
                .and_then(|s| s.part.clone());
            let part = match existing {
                Some(part) => part,
                None => {
                    let folder = format!("{}worksheets/", main.folder);
                    let part = pkg.fresh(&folder, "sheet", ".xml", &self.taken);
                    self.taken.insert(part_key(&part));
                    let id = self.relate(main, "worksheet", &part);
                    self.overrides.push((part.clone(), CT_WORKSHEET));
                    self.sheet_tags.push((name.to_owned(), next_sheet_id, id));
                    next_sheet_id += 1;
                    part
                }
            };
            parts.push((name.to_owned(), part));
        }
        parts
    }

    /// What each flagged sheet needs, and how many findings are on sheets
    /// the copy cannot mark.
    fn sheet_jobs<'d>(
        &mut self,
        pkg: &mut Package<'_>,
        main: &Main,
        groups: &'d BTreeMap<String, SheetFlags<'d>>,
    ) -> Result<(Vec<SheetJob<'d>>, usize), Fail> {
        let mut jobs = Vec::new();
        let mut not_placed = 0usize;
        for (sheet_name, cells) in groups {
            let entry = main.info.sheets.iter().find(|s| &s.name == sheet_name);
            let part = entry.and_then(|s| s.part.clone());
            let ours = sheet_name == SUMMARY_SHEET || sheet_name == COVERAGE_SHEET;
            let Some(part) = part.filter(|_| !ours) else {
                not_placed += cells.values().map(|c| c.diagnostics.len()).sum::<usize>();
                continue;
            };
            let rels_part = rels_of(&part);
            let rels = match pkg.read(&rels_part, MAX_PART_BYTES)? {
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
                    let c = pkg.fresh(&main.folder, "comments", ".xml", &self.taken);
                    self.taken.insert(part_key(&c));
                    self.overrides.push((c.clone(), CT_COMMENTS));
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
        Ok((jobs, not_placed))
    }
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

/// The first block of VML shape ids above every id any VML part of the
/// package uses.
fn first_free_shape_block(pkg: &mut Package<'_>) -> Result<u32, Fail> {
    let mut max_id = 0u32;
    let vml_names: Vec<String> = pkg
        .names
        .iter()
        .filter(|n| n.to_ascii_lowercase().ends_with(".vml"))
        .cloned()
        .collect();
    for name in &vml_names {
        if let Some(bytes) = pkg.read(name, MAX_PART_BYTES)? {
            max_id = max_id.max(vml::used_ids(&bytes));
        }
    }
    Ok(max_id / 1024 + 1)
}

/// Parts written after the sheets (or copied raw at the end).
fn deferred_parts(
    styles_part: &str,
    jobs: &[SheetJob<'_>],
    summary_parts: &[(String, String)],
) -> BTreeSet<String> {
    let mut deferred: BTreeSet<String> = BTreeSet::new();
    deferred.insert(part_key(styles_part));
    for job in jobs {
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
    for (_, part) in summary_parts {
        deferred.insert(part_key(part));
    }
    deferred
}

/// The small parts rewritten whole: content types, and the workbook part
/// and its relationships when sheets are added.
struct SmallParts {
    content_types: Vec<u8>,
    workbook_xml: Option<Vec<u8>>,
    workbook_rels: Option<Vec<u8>>,
}

impl SmallParts {
    fn rewrite(main: &Main, new: &NewParts, vml: bool) -> Result<SmallParts, Fail> {
        let content_types = patch_content_types(&main.content_types, &new.overrides, vml)?;
        let workbook_xml = if new.sheet_tags.is_empty() {
            None
        } else {
            Some(add_sheets(
                &main.workbook_xml,
                &main.workbook_part,
                &new.sheet_tags,
                main.info.dialect,
            )?)
        };
        let workbook_rels = if new.workbook_rels.is_empty() {
            None
        } else {
            Some(add_rels(
                main.rels_bytes.as_deref(),
                &main.rels_part,
                &new.workbook_rels,
            )?)
        };
        Ok(SmallParts {
            content_types,
            workbook_xml,
            workbook_rels,
        })
    }
}

/// The output package, and the parts already in it.
struct Out {
    zip: ZipWriter<Cursor<Vec<u8>>>,
    written: HashSet<String>,
    options: SimpleFileOptions,
    sheet_options: SimpleFileOptions,
}

impl Out {
    fn new(input_len: usize) -> Out {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(DateTime::default());
        Out {
            zip: ZipWriter::new(Cursor::new(Vec::with_capacity(input_len + 64 * 1024))),
            written: HashSet::new(),
            options,
            sheet_options: options.compression_level(Some(SHEET_LEVEL)),
        }
    }

    /// Write a whole part; a part written twice is refused.
    fn put(&mut self, name: &str, bytes: &[u8]) -> Result<(), Fail> {
        if !self.written.insert(part_key(name)) {
            return Err(Fail::Unsupported(format!(
                "{name} would be written twice (a part shared by two sheets)"
            )));
        }
        self.zip.start_file(name, self.options)?;
        self.zip.write_all(bytes)?;
        Ok(())
    }
}

/// Every part in package order: the small parts rewritten, the flagged
/// worksheets streamed through the rewrite, deferred parts left for later,
/// the rest copied raw. Returns each job's rewrite outcome.
fn stream(
    pkg: &mut Package<'_>,
    out: &mut Out,
    main: &Main,
    small: &SmallParts,
    jobs: &[SheetJob<'_>],
    deferred: &BTreeSet<String>,
    styles: &mut Styles,
) -> Result<Vec<Option<sheet::Outcome>>, Fail> {
    let job_by_part: HashMap<String, usize> = jobs
        .iter()
        .enumerate()
        .map(|(i, j)| (part_key(&j.part), i))
        .collect();
    let mut outcomes: Vec<Option<sheet::Outcome>> = (0..jobs.len()).map(|_| None).collect();
    for i in 0..pkg.names.len() {
        let name = pkg.names[i].clone();
        let key = part_key(&name);
        if key == part_key(CONTENT_TYPES) {
            out.put(&name, &small.content_types)?;
        } else if let (true, Some(xml)) =
            (key == part_key(&main.workbook_part), &small.workbook_xml)
        {
            out.put(&name, xml)?;
        } else if let (true, Some(rels)) = (key == part_key(&main.rels_part), &small.workbook_rels)
        {
            out.put(&name, rels)?;
        } else if let Some(&j) = job_by_part.get(&key) {
            let job = &jobs[j];
            if !out.written.insert(key) {
                continue;
            }
            out.zip.start_file(name.as_str(), out.sheet_options)?;
            let entry = pkg.zip.by_index(i)?;
            let mut sink = std::io::BufWriter::with_capacity(256 * 1024, &mut out.zip);
            let outcome = sheet::rewrite(
                BufReader::with_capacity(256 * 1024, entry),
                &mut sink,
                job.flags,
                styles,
                &name,
                main.info.dialect.rel_ns(),
                &job.legacy_id,
            )?;
            sink.flush()?;
            drop(sink);
            outcomes[j] = Some(outcome);
        } else if deferred.contains(&key) {
            continue;
        } else {
            if !out.written.insert(key) {
                continue;
            }
            let entry = pkg.zip.by_index_raw(i)?;
            out.zip.raw_copy_file(entry)?;
        }
    }
    Ok(outcomes)
}

/// Deferred parts in package order (rewritten, or copied raw when nothing
/// changed them), then the new parts.
fn write_deferred(
    pkg: &mut Package<'_>,
    out: &mut Out,
    deferred: &BTreeSet<String>,
    mut modified: BTreeMap<String, Vec<u8>>,
) -> Result<(), Fail> {
    for i in 0..pkg.names.len() {
        let name = pkg.names[i].clone();
        let key = part_key(&name);
        if !deferred.contains(&key) || out.written.contains(&key) {
            continue;
        }
        let new = modified
            .iter()
            .find(|(p, _)| part_key(p) == key)
            .map(|(p, _)| p.clone());
        match new.and_then(|p| modified.remove(&p)) {
            Some(bytes) => out.put(&name, &bytes)?,
            None => {
                out.written.insert(key);
                out.zip.raw_copy_file(pkg.zip.by_index_raw(i)?)?;
            }
        }
    }
    for (name, bytes) in &modified {
        out.put(name, bytes)?;
    }
    Ok(())
}

/// The summary and coverage sheets, streamed in last.
fn write_summary_sheets(
    pkg: &Package<'_>,
    out: &mut Out,
    a: &Annotation<'_>,
    main: &Main,
    summary_parts: &[(String, String)],
    styles: &Styles,
) -> Result<(), Fail> {
    let has_sheet = |name: &str| main.has_sheet(name);
    let look = |l| styles.look(l);
    for (name, part) in summary_parts {
        let grid = if name == SUMMARY_SHEET {
            summary_sheets::summary(a, &has_sheet)
        } else {
            summary_sheets::coverage(a, &has_sheet)
        };
        // An existing part (ours, from an earlier run) keeps its name.
        let entry_name = pkg
            .index
            .get(&part_key(part))
            .map_or_else(|| part.clone(), |&i| pkg.names[i].clone());
        out.zip.start_file(entry_name.as_str(), out.sheet_options)?;
        let mut sink = std::io::BufWriter::with_capacity(256 * 1024, &mut out.zip);
        write_worksheet(&mut sink, &grid, main.info.dialect, &look)?;
        sink.flush()?;
    }
    Ok(())
}
