//! The annotator: the only code that writes workbooks. It hands the author
//! back their own workbook with every finding on the cell it concerns.
//!
//! The copy carries, on each flagged cell, a note listing its findings
//! (severity, code, name, message, help) and a fill by the worst severity
//! ([`ERROR_FILL`], [`WARNING_FILL`], [`INFO_FILL`]); and two new sheets:
//! [`SUMMARY_SHEET`] (every finding with a link to its cell, counts per
//! family and severity) and [`COVERAGE_SHEET`] (indicators against actions).
//!
//! - **xlsx / xlsm** are patched, not rewritten: every part the annotation
//!   does not need to change is copied byte for byte (compressed bytes
//!   included), so charts, tables, VBA, validation, conditional formats,
//!   defined names and extensions survive. Only the flagged sheets are
//!   streamed and rewritten (a style on each flagged cell, the cells a
//!   finding names but the sheet lacks, a `<legacyDrawing>`), with
//!   `styles.xml`, the comments and VML parts, relationships, content types
//!   and the workbook part.
//! - **xls / xlsb / ods** cannot be patched as xlsx: a new xlsx is built
//!   (with umya-spreadsheet) carrying sheet names, values, merges, solid
//!   fills and visibility, and then patched like any xlsx. See
//!   `docs/annotate.md` for what such a copy does not carry.
//!
//! The input is never modified; [`write_atomically`] refuses to write over
//! it and replaces an existing output only with a complete one.

mod atomic;
mod comments;
mod flags;
mod package;
mod rebuild;
mod sheet;
mod styles;
mod summary_sheets;
mod vml;
mod xlsx;
mod xml;

use std::fmt;
use std::path::{Path, PathBuf};

pub use atomic::{output_path, replace_file, write_atomically};

use crate::diagnostic::Diagnostic;
use crate::knowledge::Knowledge;
use crate::model::Model;
use crate::workbook::{Format, Workbook};

pub use crate::workbook::{is_summary_sheet, COVERAGE_SHEET, SUMMARY_SHEET};
/// Fill (RGB) of a cell whose worst finding is an error: Excel's "Bad" red.
pub const ERROR_FILL: &str = "FFC7CE";
/// Fill of a cell whose worst finding is a warning: Excel's "Neutral" yellow.
pub const WARNING_FILL: &str = "FFEB9C";
/// Fill of a cell whose worst finding is info: a light blue.
pub const INFO_FILL: &str = "DDEBF7";
/// Fill of a covered indicator/action pair on the coverage sheet: Excel's "Good" green.
pub const COVERED_FILL: &str = "C6EFCE";
/// The first line of every note wreslint writes; a note that already holds
/// it (an annotated copy annotated again) has that part replaced, not repeated.
pub const NOTE_MARKER: &str = "[wreslint]";

/// What to annotate: the input as read, and what wreslint made of it.
#[derive(Clone, Copy)]
pub struct Annotation<'a> {
    /// The input file, for messages and the summary sheet.
    pub input_path: &'a Path,
    /// The input's bytes, exactly as linted.
    pub input: &'a [u8],
    pub workbook: &'a Workbook,
    pub model: &'a Model,
    pub knowledge: &'a Knowledge,
    pub diagnostics: &'a [Diagnostic],
    /// Shown on the summary sheet, e.g. `0.1.0`.
    pub tool_version: &'a str,
    /// The indicator figures and the pairing, when known: the coverage
    /// sheet shows each indicator's figure beside its actions.
    pub evidence: Option<&'a crate::evidence::Summary>,
}

/// An annotated copy, ready to be written.
#[derive(Clone, Debug)]
pub struct Annotated {
    /// The new workbook's bytes.
    pub bytes: Vec<u8>,
    /// Xlsm for a macro-enabled input (the copy keeps its macros and must
    /// keep the `.xlsm` extension), Xlsx for everything else.
    pub format: Format,
    /// How many cells were given a note (= cells with at least one finding).
    pub notes: usize,
    /// Things the user should know about the copy; one line each.
    pub warnings: Vec<AnnotateWarning>,
}

/// Something the copy could not carry or that changed by annotating.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AnnotateWarning {
    /// The workbook carries a digital signature (`_xmlsignatures/`).
    SignatureInvalidated,
    /// An xls/xlsb/ods input became a new xlsx holding values, not formulas,
    /// charts or formatting beyond solid fills.
    Rebuilt { from: Format },
    /// A flagged cell holds a threaded comment: Excel 365 shows the thread,
    /// not the note the findings were appended to.
    ThreadedComment { cell: String },
    /// Findings on sheets the copy has no worksheet for (a chart sheet, or a
    /// name the package does not list): they appear on the summary sheet only.
    NotOnACell { count: usize },
}

impl fmt::Display for AnnotateWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnnotateWarning::SignatureInvalidated => f.write_str(
                "the workbook is digitally signed; the annotated copy's signature will no longer verify",
            ),
            AnnotateWarning::Rebuilt { from } => write!(
                f,
                "{} input: the annotated copy is a new xlsx with the values, notes and fills, \
                 but no formulas, charts or other formatting (see docs/annotate.md)",
                from.name()
            ),
            AnnotateWarning::ThreadedComment { cell } => write!(
                f,
                "{cell} has a threaded comment: Excel shows the thread, so read its findings on the `{SUMMARY_SHEET}` sheet"
            ),
            AnnotateWarning::NotOnACell { count } => write!(
                f,
                "{count} finding(s) point at sheets the copy cannot mark; they are listed on the `{SUMMARY_SHEET}` sheet"
            ),
        }
    }
}

/// Why no annotated copy was made. Displays as one line naming the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AnnotateError {
    /// A password-protected workbook: it can be neither read nor annotated.
    #[error("{}: encrypted workbook (password protected): annotating is not possible, lint only; remove the password to get an annotated copy", .file.display())]
    Encrypted { file: PathBuf },
    /// The package uses something the annotator does not handle.
    #[error("{}: cannot annotate: {cause}", .file.display())]
    Unsupported { file: PathBuf, cause: String },
    /// The package is damaged in a way the annotator cannot work around.
    #[error("{}: cannot annotate, the workbook is damaged: {cause}", .file.display())]
    Corrupt { file: PathBuf, cause: String },
    /// The output path names the input (same path, link or hard link).
    #[error("{}: refusing to write the annotated copy over the input workbook", .file.display())]
    SameAsInput { file: PathBuf },
    /// The output could not be written (read-only folder, disk full, …).
    #[error("{}: cannot write the annotated copy: {cause}", .file.display())]
    Write { file: PathBuf, cause: String },
}

/// An internal failure, before it is tied to a file.
#[derive(Debug)]
pub(crate) enum Fail {
    Encrypted,
    Unsupported(String),
    Corrupt(String),
}

impl Fail {
    fn for_file(self, file: &Path) -> AnnotateError {
        let file = file.to_path_buf();
        match self {
            Fail::Encrypted => AnnotateError::Encrypted { file },
            Fail::Unsupported(cause) => AnnotateError::Unsupported {
                file,
                cause: one_line(&cause),
            },
            Fail::Corrupt(cause) => AnnotateError::Corrupt {
                file,
                cause: one_line(&cause),
            },
        }
    }
}

impl From<zip::result::ZipError> for Fail {
    fn from(e: zip::result::ZipError) -> Fail {
        Fail::Corrupt(format!("zip package: {e}"))
    }
}

impl From<crate::ooxml::PartError> for Fail {
    fn from(e: crate::ooxml::PartError) -> Fail {
        match e {
            crate::ooxml::PartError::Corrupt(cause) => Fail::Corrupt(cause),
            crate::ooxml::PartError::TooLarge { part, size } => Fail::Unsupported(format!(
                "{part} is {size} bytes, more than the annotator reads"
            )),
        }
    }
}

impl From<std::io::Error> for Fail {
    fn from(e: std::io::Error) -> Fail {
        Fail::Corrupt(format!("reading the package: {e}"))
    }
}

/// Builds the annotated copy of a workbook. Never panics on bad input: a
/// package the annotator cannot follow is refused with a one-line error.
pub fn annotate(a: &Annotation<'_>) -> Result<Annotated, AnnotateError> {
    // The loader's format; a workbook built in memory is sniffed.
    let format = match a.workbook.format {
        Some(format) => format,
        None => crate::load::sniff(a.input).map_err(|e| match e {
            crate::load::LoadError::Encrypted => Fail::Encrypted.for_file(a.input_path),
            other => Fail::Unsupported(other.to_string()).for_file(a.input_path),
        })?,
    };
    // A bug met on a strange package must cost this file, not the run.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match format {
        Format::Xlsx | Format::Xlsm => xlsx::annotate(a, a.input, a.diagnostics),
        Format::Xls | Format::Xlsb | Format::Ods => rebuild::annotate(a, format),
    }))
    .unwrap_or_else(|_| {
        Err(Fail::Unsupported(
            "the annotator crashed on this workbook".into(),
        ))
    });
    result.map_err(|fail| fail.for_file(a.input_path))
}

fn one_line(text: &str) -> String {
    let mut out: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if out.chars().count() > 200 {
        out = out.chars().take(200).collect::<String>() + "…";
    }
    out
}
