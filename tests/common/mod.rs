//! Helpers for the annotator's tests: diagnostics for a workbook (the
//! built-in rules run here as the runner will; glue for tests only), an
//! independent reader of the annotated package (entries, sheets, notes),
//! and the round-trip checks every annotated output must pass.

#![allow(dead_code)]

pub mod findings;
pub mod fixtures;
pub mod plan_fixture;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use quick_xml::events::Event;
use quick_xml::Reader;
use wreslint::annotate::{
    annotate, AnnotateError, Annotated, Annotation, COVERAGE_SHEET, NOTE_MARKER, SUMMARY_SHEET,
};
use wreslint::diagnostic::{Diagnostic, Family, Severity};
use wreslint::knowledge::Knowledge;
use wreslint::load::{load_bytes, Limits};
use wreslint::location::{CellRef, Location};
use wreslint::model::{self, Model};
use wreslint::rules::{Context, BUILTIN};
use wreslint::workbook::{Value, Workbook};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn corpus_dir() -> PathBuf {
    repo().join("tests/corpus/third-party/calamine-tests")
}

/// Every built-in rule's findings as diagnostics at the default severity.
pub fn rule_diagnostics(workbook: &Workbook, model: &Model) -> Vec<Diagnostic> {
    let knowledge = Knowledge::wres();
    let cx = Context::new(workbook, model, knowledge);
    let mut out = Vec::new();
    for rule in BUILTIN {
        let meta = rule.meta();
        let mut findings = Vec::new();
        rule.check(&cx, &mut findings);
        for f in findings {
            let cell_text = f
                .location
                .anchor()
                .and_then(|c| workbook.cell(c))
                .map(|c| c.text().into());
            out.push(Diagnostic {
                subject: None,
                code: meta.code.to_string(),
                name: meta.name.to_string(),
                family: meta.family,
                severity: meta.default_severity,
                location: f.location,
                message: f.message,
                help: f.help,
                span: f.span,
                related: Vec::new(),
                cell_text,
            });
        }
    }
    out
}

pub fn diag(location: Location, severity: Severity, code: &str, message: &str) -> Diagnostic {
    Diagnostic {
        subject: None,
        code: code.to_owned(),
        name: "test-finding".to_owned(),
        family: Family::Template,
        severity,
        location,
        message: message.to_owned(),
        help: Some("Fix it.".to_owned()),
        span: None,
        related: Vec::new(),
        cell_text: None,
    }
}

/// Findings on cells chosen to exercise the writer: each sheet's first and
/// last cell, a position past the data, any cell that already has a note,
/// plus a sheet-level and a workbook-level finding. Messages start with
/// characters a spreadsheet would take for a formula.
pub fn synthetic(
    workbook: &Workbook,
    noted: &BTreeMap<String, BTreeMap<(u32, u32), String>>,
) -> Vec<Diagnostic> {
    let severities = [Severity::Error, Severity::Warning, Severity::Info];
    let mut out = vec![diag(
        Location::Workbook,
        Severity::Warning,
        "TP901",
        "=workbook-level finding",
    )];
    for (i, sheet) in workbook.sheets.iter().enumerate() {
        let name: &Arc<str> = &sheet.name;
        let mut cells: BTreeSet<(u32, u32)> = BTreeSet::new();
        if let Some(first) = sheet.cells().first() {
            cells.insert((first.row, first.col));
        }
        if let Some(last) = sheet.cells().last() {
            cells.insert((last.row, last.col));
            cells.insert(((last.row + 2).min(1_048_575), 1));
        } else {
            cells.insert((3, 2));
        }
        if let Some(noted) = noted.get(&**name) {
            cells.extend(noted.keys().take(3).copied());
        }
        for (k, (row, col)) in cells.iter().enumerate() {
            let severity = severities[(i + k) % 3];
            out.push(diag(
                Location::Cell(CellRef::new(name, *row, *col)),
                severity,
                "TP900",
                &format!("+finding {k} on {}", CellRef::new(name, *row, *col)),
            ));
        }
        // A second finding on the first cell: one note lists both.
        if let Some(&(row, col)) = cells.iter().next() {
            out.push(diag(
                Location::Cell(CellRef::new(name, row, col)),
                Severity::Info,
                "TP902",
                "@second finding on the same cell",
            ));
        }
        out.push(diag(
            Location::Sheet(Arc::clone(name)),
            Severity::Info,
            "TP903",
            "-sheet-level finding",
        ));
    }
    out
}

/// A zip entry as read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub data: Vec<u8>,
    pub crc: u32,
    pub compressed: u64,
}

pub fn entries(bytes: &[u8]) -> BTreeMap<String, Entry> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).expect("zip entry");
        let name = file.name().expect("entry name").into_owned();
        let mut data = Vec::new();
        file.read_to_end(&mut data).expect("entry inflates");
        let entry = Entry {
            data,
            crc: file.crc32(),
            compressed: file.compressed_size(),
        };
        out.insert(name, entry);
    }
    out
}

fn attr(e: &quick_xml::events::BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| quick_xml::escape::unescape(&a.value).unwrap().into_owned())
}

fn norm(name: &str) -> String {
    name.trim_start_matches('/')
        .replace('\\', "/")
        .to_ascii_lowercase()
}

fn get<'a>(entries: &'a BTreeMap<String, Entry>, part: &str) -> Option<&'a Entry> {
    let key = norm(part);
    entries.iter().find(|(n, _)| norm(n) == key).map(|(_, e)| e)
}

fn resolve(folder: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_owned(),
        None => format!("{folder}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for s in joined.split('/') {
        match s {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn rels_of(part: &str) -> String {
    match part.rfind('/') {
        Some(i) => format!("{}_rels/{}.rels", &part[..=i], &part[i + 1..]),
        None => format!("_rels/{part}.rels"),
    }
}

/// (id, type's last word, resolved target) of a part's relationships.
pub fn rels(entries: &BTreeMap<String, Entry>, part: &str) -> Vec<(String, String, String)> {
    let Some(entry) = get(entries, &rels_of(part)) else {
        return Vec::new();
    };
    let folder = part.rfind('/').map_or("", |i| &part[..=i]);
    let mut r = Reader::from_reader(&entry.data[..]);
    let mut out = Vec::new();
    loop {
        match r.read_event().expect("rels XML") {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let kind = attr(&e, "Type").unwrap_or_default();
                let kind = kind.rsplit('/').next().unwrap_or("").to_owned();
                let target = attr(&e, "Target").unwrap_or_default();
                out.push((
                    attr(&e, "Id").unwrap_or_default(),
                    kind,
                    resolve(folder, &target),
                ));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The workbook part's sheets: name and worksheet part (None for others).
pub fn sheets(entries: &BTreeMap<String, Entry>) -> (String, Vec<(String, Option<String>)>) {
    let workbook = rels(entries, "")
        .into_iter()
        .find(|(_, kind, _)| kind == "officeDocument")
        .map(|(_, _, t)| t)
        .unwrap_or_else(|| "xl/workbook.xml".to_owned());
    let wb_rels = rels(entries, &workbook);
    let data = &get(entries, &workbook).expect("workbook part").data;
    let mut r = Reader::from_reader(&data[..]);
    let mut out = Vec::new();
    loop {
        match r.read_event().expect("workbook XML") {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                let name = attr(&e, "name").unwrap_or_default();
                let id = attr(&e, "id");
                let part = wb_rels
                    .iter()
                    .find(|(rid, kind, _)| Some(rid) == id.as_ref() && kind == "worksheet")
                    .map(|(_, _, t)| t.clone());
                out.push((name, part));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (workbook, out)
}

fn parse_a1(text: &str) -> (u32, u32) {
    let split = text
        .find(|c: char| c.is_ascii_digit())
        .expect("a cell reference");
    let col = text[..split].bytes().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row: u32 = text[split..].parse().expect("a row number");
    (row - 1, col - 1)
}

/// Every note of every worksheet: sheet name → cell → text.
pub fn notes(bytes: &[u8]) -> BTreeMap<String, BTreeMap<(u32, u32), String>> {
    let entries = entries(bytes);
    let (_, sheets) = sheets(&entries);
    let mut out = BTreeMap::new();
    for (name, part) in sheets {
        let Some(part) = part else { continue };
        let mut cells = BTreeMap::new();
        for (_, kind, target) in rels(&entries, &part) {
            if kind != "comments" {
                continue;
            }
            let data = &get(&entries, &target).expect("comments part").data;
            let mut r = Reader::from_reader(&data[..]);
            let mut current: Option<((u32, u32), String)> = None;
            let mut in_t = false;
            loop {
                match r.read_event().expect("comments XML") {
                    Event::Start(e) if e.local_name().as_ref() == "comment" => {
                        current = Some((parse_a1(&attr(&e, "ref").unwrap()), String::new()));
                    }
                    Event::Start(e) if e.local_name().as_ref() == "t" => in_t = true,
                    Event::End(e) if e.local_name().as_ref() == "t" => in_t = false,
                    Event::Text(t) if in_t => {
                        if let Some((_, text)) = current.as_mut() {
                            text.push_str(&t.xml10_content());
                        }
                    }
                    Event::GeneralRef(g) if in_t => {
                        if let Some((_, text)) = current.as_mut() {
                            match g.resolve_char_ref().ok().flatten() {
                                Some(c) => text.push(c),
                                None => text.push_str(
                                    &quick_xml::escape::unescape(&format!("&{};", &*g)).unwrap(),
                                ),
                            }
                        }
                    }
                    Event::End(e) if e.local_name().as_ref() == "comment" => {
                        if let Some((at, text)) = current.take() {
                            assert!(
                                cells.insert(at, text).is_none(),
                                "{name}: two notes on one cell"
                            );
                        }
                    }
                    Event::Eof => break,
                    _ => {}
                }
            }
        }
        out.insert(name, cells);
    }
    out
}

/// Flagged cells (anchors of findings) by sheet.
pub fn flagged(diagnostics: &[Diagnostic]) -> BTreeMap<String, BTreeSet<(u32, u32)>> {
    let mut out: BTreeMap<String, BTreeSet<(u32, u32)>> = BTreeMap::new();
    for d in diagnostics {
        if let Some(at) = d.location.anchor() {
            out.entry(at.sheet.to_string())
                .or_default()
                .insert((at.row, at.col));
        }
    }
    out
}

pub fn run_annotate(
    path: &Path,
    input: &[u8],
    workbook: &Workbook,
    model: &Model,
    diagnostics: &[Diagnostic],
) -> Result<Annotated, AnnotateError> {
    annotate(&Annotation {
        input_path: path,
        input,
        workbook,
        model,
        knowledge: Knowledge::wres(),
        diagnostics,
        tool_version: "0.1.0-test",
        evidence: None,
    })
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || (x.is_nan() && y.is_nan()),
        _ => a == b,
    }
}

/// The round-trip checks of an annotated xlsx/xlsm copy of a package:
/// every original cell reads back with the same value and type, new cells
/// are blank flagged cells, every flagged cell has exactly one note (notes
/// there before kept), and every part that needs no change is identical.
/// Returns how many parts were carried over unchanged.
pub fn check_patched(
    label: &str,
    input: &[u8],
    diagnostics: &[Diagnostic],
    out: &Annotated,
) -> usize {
    let before = load_bytes(input, &Limits::default()).expect("the input loads");
    let after = load_bytes(&out.bytes, &Limits::default())
        .unwrap_or_else(|e| panic!("{label}: the annotated copy does not load: {e}"));
    check_cells(label, &before, &after, diagnostics, true);
    let in_entries = entries(input);
    let out_entries = entries(&out.bytes);
    let (_, in_sheets) = sheets(&in_entries);
    let (workbook_part, out_sheets) = sheets(&out_entries);

    // Sheets: all kept in order, then ours.
    let in_names: Vec<&String> = in_sheets.iter().map(|(n, _)| n).collect();
    let out_names: Vec<&String> = out_sheets.iter().map(|(n, _)| n).collect();
    assert_eq!(
        &out_names[..in_names.len()],
        &in_names[..],
        "{label}: sheets changed"
    );
    for ours in [SUMMARY_SHEET, COVERAGE_SHEET] {
        assert_eq!(
            out_names.iter().filter(|n| ***n == ours).count(),
            1,
            "{label}: {ours} missing or repeated"
        );
    }

    // Notes.
    let flagged = flagged(diagnostics);
    let notes_before = notes(input);
    let notes_after = notes(&out.bytes);
    let mut flagged_count = 0;
    for (sheet, part) in &in_sheets {
        let Some(_) = part else { continue };
        if sheet == SUMMARY_SHEET || sheet == COVERAGE_SHEET {
            continue;
        }
        let old = notes_before.get(sheet).cloned().unwrap_or_default();
        let new = notes_after.get(sheet).cloned().unwrap_or_default();
        let cells = flagged.get(sheet).cloned().unwrap_or_default();
        flagged_count += cells.len();
        let expected: BTreeSet<(u32, u32)> =
            old.keys().copied().chain(cells.iter().copied()).collect();
        let got: BTreeSet<(u32, u32)> = new.keys().copied().collect();
        assert_eq!(got, expected, "{label}: notes on {sheet}");
        for (at, text) in &new {
            let ours = text.matches(NOTE_MARKER).count();
            assert_eq!(
                ours,
                usize::from(cells.contains(at)),
                "{label}: {sheet} {at:?}: {text:?}"
            );
            if let Some(old_text) = old.get(at) {
                let kept = old_text.split(NOTE_MARKER).next().unwrap_or("").trim_end();
                assert!(
                    text.starts_with(kept),
                    "{label}: {sheet} {at:?} lost its note: {old_text:?} → {text:?}"
                );
            }
        }
    }
    assert_eq!(out.notes, flagged_count, "{label}: notes reported");

    // Parts: only those the annotation must touch differ.
    let mut may_change: BTreeSet<String> = [
        "[content_types].xml".to_owned(),
        norm(&workbook_part),
        norm(&rels_of(&workbook_part)),
    ]
    .into();
    for (_, kind, target) in rels(&out_entries, &workbook_part) {
        if kind == "styles" {
            may_change.insert(norm(&target));
        }
    }
    for (sheet, part) in &out_sheets {
        let Some(part) = part else { continue };
        let ours = sheet == SUMMARY_SHEET || sheet == COVERAGE_SHEET;
        if ours || flagged.contains_key(sheet) {
            may_change.insert(norm(part));
            may_change.insert(norm(&rels_of(part)));
            for (_, kind, target) in rels(&out_entries, part) {
                if kind == "comments" || kind == "vmlDrawing" {
                    may_change.insert(norm(&target));
                }
            }
        }
    }
    let mut unchanged = 0;
    for (name, entry) in &in_entries {
        let got = out_entries
            .get(name)
            .unwrap_or_else(|| panic!("{label}: part {name} was dropped"));
        if may_change.contains(&norm(name)) {
            continue;
        }
        assert!(got == entry, "{label}: part {name} changed");
        unchanged += 1;
    }
    unchanged
}

/// Every cell of `before` is in `after` with the same value and type (and
/// formula flag, with `formulas`); cells only in `after` are empty and flagged.
pub fn check_cells(
    label: &str,
    before: &Workbook,
    after: &Workbook,
    diagnostics: &[Diagnostic],
    formulas: bool,
) {
    let flagged = flagged(diagnostics);
    for sheet in &before.sheets {
        // wreslint's own sheets from an earlier run are replaced.
        if wreslint::annotate::is_summary_sheet(&sheet.name) {
            continue;
        }
        let Some(copy) = after.sheet(&sheet.name) else {
            panic!("{label}: sheet {} is missing from the copy", sheet.name);
        };
        for cell in sheet.cells() {
            // A rebuilt copy carries values: a formula without a cached
            // value has none to carry.
            if !formulas && cell.value == Value::Empty && cell.fill.is_none() {
                continue;
            }
            let got = copy.cell(cell.row, cell.col).unwrap_or_else(|| {
                panic!("{label}: {}!{:?} lost", sheet.name, (cell.row, cell.col))
            });
            assert!(
                same_value(&cell.value, &got.value) && (!formulas || cell.formula == got.formula),
                "{label}: {}!{:?} was {:?} (formula {}), now {:?} (formula {})",
                sheet.name,
                (cell.row, cell.col),
                cell.value,
                cell.formula,
                got.value,
                got.formula
            );
        }
        let cells = flagged.get(&*sheet.name).cloned().unwrap_or_default();
        for got in copy.cells() {
            if sheet.cell(got.row, got.col).is_none() {
                assert!(
                    got.value == Value::Empty && cells.contains(&(got.row, got.col)),
                    "{label}: {}!{:?} appeared: {:?}",
                    sheet.name,
                    (got.row, got.col),
                    got.value
                );
            }
        }
    }
}

pub fn sha(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(bytes))
}

pub fn build_model(workbook: &Workbook) -> Model {
    model::build(workbook, Knowledge::wres())
}
