//! Lint one workbook file: read it, build its model, run the rules. Every
//! failure becomes part of the file's report, never a crash of the batch.

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Severity};
use crate::knowledge::Knowledge;
use crate::load::{self, Limits, LoadError};
use crate::location::Location;
use crate::model::{self, Inferred, Model};
use crate::runner::{self, RuleHandle, RuleSet};
use crate::suppress::{self, Suppression};
use crate::workbook::{Format, Workbook};

/// What happened to one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Read and checked; its diagnostics are complete.
    Linted,
    /// Could not be read (encrypted, corrupt, not a spreadsheet, too large…).
    Error,
    /// wreslint itself failed on this file (a bug).
    InternalError,
}

/// The outcome for one file.
#[derive(Clone, Debug)]
pub struct FileReport {
    /// The path as the user gave it or as found in a directory walk.
    pub path: PathBuf,
    /// SHA-256 of the bytes linted (hex), when the file could be read.
    pub sha256: Option<String>,
    pub format: Option<Format>,
    pub status: Status,
    /// One line saying why the file could not be linted.
    pub error: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// The rules that ran on this file, as (code, name), for per-rule reports.
    pub checked: Vec<(String, String)>,
    /// How many findings suppressions removed.
    pub suppressed: usize,
    /// For each of the configuration's suppressions, how many findings it removed here.
    pub config_suppressions_used: Vec<usize>,
}

impl FileReport {
    /// The worst severity among the diagnostics.
    pub fn worst(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|d| d.severity).max()
    }
}

/// A file that was read and linted, kept for the annotator.
pub struct Linted {
    pub bytes: Vec<u8>,
    pub workbook: Workbook,
    pub model: Model,
}

/// Everything that decides how one file is linted.
pub struct Settings<'a> {
    pub config: &'a Config,
    pub rules: &'a [RuleHandle],
    /// The standard's knowledge; `None` picks it per workbook from its
    /// wording (WRES unless the workbook names WDES more often).
    pub knowledge: Option<&'a Knowledge>,
    pub limits: Limits,
    /// Ignore every suppression (governance checks).
    pub no_suppressions: bool,
    /// The date suppression expiry is judged against (`--today`); without it,
    /// the workbook's publication date or the start of its plan period.
    pub today: Option<Date>,
}

/// Lint one file. The workbook and model come back too when the file was
/// read, so the caller can annotate it.
pub fn lint_file(path: &Path, settings: &Settings<'_>) -> (FileReport, Option<Linted>) {
    let mut report = FileReport {
        path: path.to_path_buf(),
        sha256: None,
        format: None,
        status: Status::Linted,
        error: None,
        diagnostics: Vec::new(),
        checked: Vec::new(),
        suppressed: 0,
        config_suppressions_used: Vec::new(),
    };
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| lint_inner(path, settings, &mut report)));
    match outcome {
        Ok(linted) => (report, linted),
        Err(payload) => {
            report.status = Status::InternalError;
            let message = format!(
                "wreslint failed on this file: {}",
                runner::panic_message(&*payload)
            );
            report.error = Some(message.clone());
            report.diagnostics = vec![runner::internal_error(Location::Workbook, message)];
            (report, None)
        }
    }
}

fn lint_inner(path: &Path, settings: &Settings<'_>, report: &mut FileReport) -> Option<Linted> {
    let (bytes, workbook) = match load::load_path(path, &settings.limits) {
        Ok(loaded) => loaded,
        Err(error) => {
            report.status = Status::Error;
            report.error = Some(error.to_string());
            // Hash what could be read, but never re-read a file a guard refused.
            let readable = !matches!(
                error,
                LoadError::TooLarge { .. } | LoadError::IsADirectory | LoadError::Io(_)
            );
            if let Some(bytes) = readable.then(|| std::fs::read(path).ok()).flatten() {
                report.sha256 = Some(sha256_hex(&bytes));
                report.format = load::sniff(&bytes).ok();
            }
            return None;
        }
    };
    report.sha256 = Some(sha256_hex(&bytes));
    report.format = load::sniff(&bytes).ok();
    let knowledge = settings
        .knowledge
        .unwrap_or_else(|| crate::standard::detect(&workbook));
    let mut model = model::build(&workbook, knowledge);
    apply_overrides(&mut model, settings.config);
    let set = RuleSet::new(
        settings.rules.to_vec(),
        &settings.config.selection_for(path),
    );
    let mut diagnostics = runner::run(&set, &workbook, &model, knowledge);
    if !settings.no_suppressions {
        let reference = settings
            .today
            .or(model.publication.as_ref().map(|p| p.value))
            .or(model.period.as_ref().map(|p| p.value.start));
        let config_count = settings.config.suppressions.len();
        let (in_workbook, mut problems) = suppress::from_workbook(&workbook, settings.rules);
        let all: Vec<Suppression> = settings
            .config
            .suppressions
            .iter()
            .cloned()
            .chain(in_workbook)
            .collect();
        let applied = suppress::apply(
            &mut diagnostics,
            &all,
            settings.config.relative(path),
            reference,
        );
        report.suppressed = applied.suppressed;
        report.config_suppressions_used = applied.used[..config_count].to_vec();
        problems.extend(suppress::unused_in_workbook(&all, &applied, reference));
        // The engine's own reports obey selection and severity like any rule's.
        for mut problem in problems {
            if let Some((_, severity)) = set
                .rules()
                .find(|(r, _)| r.meta().code == problem.code.as_str())
            {
                problem.severity = severity;
                diagnostics.push(problem);
            }
        }
        runner::sort(&mut diagnostics, &workbook);
    }
    report.diagnostics = diagnostics;
    report.checked = set
        .rules()
        .map(|(r, _)| (r.meta().code.to_string(), r.meta().name.to_string()))
        .collect();
    Some(Linted {
        bytes,
        workbook,
        model,
    })
}

/// Configuration beats what the workbook says.
pub fn apply_overrides(model: &mut Model, config: &Config) {
    if let Some(period) = config.plan_period {
        model.period = Some(Inferred {
            value: period,
            from: None,
            text: period.label(),
        });
    }
    if let Some(date) = config.publication_date {
        model.publication = Some(Inferred {
            value: date,
            from: None,
            text: date.to_string(),
        });
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
