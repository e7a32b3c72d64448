//! What a rule finds and what the runner makes of it.

use std::fmt;
use std::ops::Range;

use serde::Serialize;

use crate::location::Location;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text.to_ascii_lowercase().as_str() {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The rule families; these exact words appear in JSON output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    Timeline,
    Measure,
    Owner,
    Coverage,
    Arithmetic,
    Template,
    /// A plan against its data, and a year against the last.
    Evidence,
}

impl Family {
    pub const ALL: [Family; 7] = [
        Family::Timeline,
        Family::Measure,
        Family::Owner,
        Family::Coverage,
        Family::Arithmetic,
        Family::Template,
        Family::Evidence,
    ];

    /// The code prefix of the family's built-in rules (`OW` for owner);
    /// user packs may not use them.
    pub fn code_prefix(self) -> &'static str {
        match self {
            Family::Timeline => "TL",
            Family::Measure => "ME",
            Family::Owner => "OW",
            Family::Coverage => "CV",
            Family::Arithmetic => "AR",
            Family::Template => "TP",
            Family::Evidence => "EV",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Family::Timeline => "timeline",
            Family::Measure => "measure",
            Family::Owner => "owner",
            Family::Coverage => "coverage",
            Family::Arithmetic => "arithmetic",
            Family::Template => "template",
            Family::Evidence => "evidence",
        }
    }

    pub fn parse(text: &str) -> Option<Family> {
        Family::ALL.into_iter().find(|f| f.as_str() == text)
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a finding is about as a whole, when it is one thing the standard
/// names: lets one finding stand for another on the same subject (an
/// adverse indicator with no action says more than "no action").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    /// An indicator (a WDES metric) by its number.
    Indicator(u8),
}

/// What a rule reports: where and what, never its own code or severity.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub location: Location,
    /// What the finding is about, when it is about one indicator as a whole.
    pub subject: Option<Subject>,
    pub message: String,
    pub help: Option<String>,
    /// The offending part of the cell's text, as a byte span, to underline.
    pub span: Option<Range<usize>>,
    /// Other places the finding points at (the data workbook's cell that a
    /// figure quoted in the plan should match).
    pub related: Vec<Related>,
}

/// Another place a finding points at, possibly in another workbook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// The other workbook as the user named it, or `None` for this one.
    pub file: Option<std::path::PathBuf>,
    pub location: Location,
    /// What is there ("the data give 1.52").
    pub message: String,
}

impl Related {
    /// `file` then the location, as people read it: `data.xlsx: 'Ind 2'!C7`.
    pub fn place(&self) -> String {
        match &self.file {
            Some(file) => format!("{}: {}", file.display(), self.location),
            None => self.location.to_string(),
        }
    }
}

impl Finding {
    pub fn new(location: Location, message: impl Into<String>) -> Finding {
        Finding {
            location,
            subject: None,
            message: message.into(),
            help: None,
            span: None,
            related: Vec::new(),
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    pub fn span(mut self, span: Range<usize>) -> Finding {
        self.span = Some(span);
        self
    }

    pub fn related(mut self, related: Related) -> Finding {
        self.related.push(related);
        self
    }

    /// What the finding is about as a whole.
    pub fn about(mut self, subject: Subject) -> Finding {
        self.subject = Some(subject);
        self
    }
}

/// A finding as reported: the runner attached the rule's identity, the
/// effective severity and the text of the cell it points at.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// What it is about, as the rule said (not shown: for the runner).
    pub subject: Option<Subject>,
    pub code: String,
    pub name: String,
    pub family: Family,
    pub severity: Severity,
    pub location: Location,
    pub message: String,
    pub help: Option<String>,
    pub span: Option<Range<usize>>,
    /// Other places the finding points at, in this workbook or another.
    pub related: Vec<Related>,
    /// The text of the cell at `location`, for reporters that show it:
    /// shared by every finding on the cell, and cut at
    /// [`crate::runner::MAX_CELL_TEXT_BYTES`].
    pub cell_text: Option<std::sync::Arc<str>>,
}

/// A text cut at `max` bytes (on a character boundary), with an ellipsis.
pub fn clip(mut text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text.push('…');
    text.shrink_to_fit();
    text
}

/// Longest cell text a diagnostic carries, in bytes: Excel's own limit of
/// 32,767 characters fits whole in most scripts; a longer (hostile) cell is
/// cut here, and `cell-text-too-long` reports it.
pub const MAX_CELL_TEXT_BYTES: usize = 32 * 1024;

/// A cell's text as diagnostics carry it: cut at [`MAX_CELL_TEXT_BYTES`].
pub fn clip_cell_text(text: String) -> String {
    clip(text, MAX_CELL_TEXT_BYTES)
}
