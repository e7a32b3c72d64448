//! The notes of each flagged sheet: its comments part, its VML drawing
//! (a box per note) and the relationships to the parts it gains.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::{Main, SheetJob};
use crate::annotate::comments::{self, Note};
use crate::annotate::flags::note_text;
use crate::annotate::package::{add_rels, Package, MAX_PART_BYTES};
use crate::annotate::sheet;
use crate::annotate::vml::{self, Ids};
use crate::annotate::xml::{folder, part_key, relative};
use crate::annotate::{AnnotateWarning, Fail};

/// The parts the notes changed or added, by name, and how many notes.
pub(super) struct Notes {
    pub(super) modified: BTreeMap<String, Vec<u8>>,
    pub(super) count: usize,
}

/// Each flagged sheet's notes: its comments part, its VML drawing (boxes
/// for the notes) and, for parts it gains, its relationships.
pub(super) fn write_notes(
    pkg: &mut Package<'_>,
    main: &Main,
    taken: &mut HashSet<String>,
    jobs: &[SheetJob<'_>],
    outcomes: &[Option<sheet::Outcome>],
    next_block: &mut u32,
    warnings: &mut Vec<AnnotateWarning>,
) -> Result<Notes, Fail> {
    let dialect = main.info.dialect;
    let mut count = 0usize;
    let mut modified: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (job, outcome) in jobs.iter().zip(outcomes) {
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
        count += notes.len();
        let mut new_rels: Vec<(String, String, String)> = Vec::new();
        let sheet_folder = folder(&job.part).to_owned();
        // Comments.
        let (comments_bytes, had_comment) = match &job.comments_new_id {
            None => {
                let existing = pkg.read(&job.comments, MAX_PART_BYTES)?.unwrap_or_default();
                let patched = comments::patch_part(&existing, &notes, &job.comments)?;
                for (row, col) in &patched.threaded {
                    warnings.push(AnnotateWarning::ThreadedComment {
                        cell: crate::annotate::xml::sheet_ref(&job.sheet, *row, *col),
                    });
                }
                (patched.bytes, patched.had_comment)
            }
            Some(id) => {
                new_rels.push((
                    id.clone(),
                    dialect.rel_type("comments"),
                    relative(&sheet_folder, &job.comments),
                ));
                (
                    comments::new_part(&notes, dialect.main_ns()),
                    BTreeSet::new(),
                )
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
            Some(p) => pkg.read(p, MAX_PART_BYTES)?,
            None => None,
        };
        let mut alloc = |count: usize| {
            let ids = Ids {
                first: *next_block * 1024 + 1,
                count: count as u32,
            };
            *next_block = (ids.first + ids.count.max(1) - 1) / 1024 + 1;
            ids
        };
        match (vml_existing, existing_bytes) {
            (Some(path), Some(bytes)) => {
                // Cells with a comment (or a stray note shape) have their box.
                let shaped = vml::note_cells(&bytes);
                let need: Vec<&Note> = notes
                    .iter()
                    .filter(|n| !had_comment.contains(&(n.row, n.col)))
                    .filter(|n| !shaped.contains(&(n.row, n.col)))
                    .collect();
                let vml = vml::append(&bytes, &need, alloc(need.len()), &path)?;
                modified.insert(path, vml);
            }
            _ => {
                let path = pkg.fresh(
                    &format!("{}drawings/", main.folder),
                    "vmlDrawing",
                    ".vml",
                    taken,
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
                    dialect.rel_type("vmlDrawing"),
                    relative(&sheet_folder, &path),
                ));
                // A sheet without a drawing shows no box for any note yet.
                let all: Vec<&Note> = notes.iter().collect();
                modified.insert(path, vml::new_drawing(&all, alloc(all.len())));
            }
        }
        if !new_rels.is_empty() {
            let existing = pkg.read(&job.rels_part, MAX_PART_BYTES)?;
            modified.insert(
                job.rels_part.clone(),
                add_rels(existing.as_deref(), &job.rels_part, &new_rels)?,
            );
        }
    }
    Ok(Notes { modified, count })
}
