//! Lint one workbook file: read it, build its model, run the rules. Every
//! failure becomes part of the file's report, never a crash of the batch.

use std::borrow::Cow;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

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
///
/// With a time budget (`settings.limits.time_per_file`), the work runs on a
/// thread of its own; when the budget is spent the file is reported as too
/// slow and the caller moves on while that thread is left to finish.
pub fn lint_file(path: &Path, settings: &Settings<'_>) -> (FileReport, Option<Linted>) {
    match settings.limits.time_per_file {
        Some(budget) => lint_file_within(path, settings, budget),
        None => lint_file_here(path, settings),
    }
}

/// A worker thread's stack: as large as the main thread's, so that a file
/// does not get less room for being budgeted.
const WORKER_STACK_BYTES: usize = 8 * 1024 * 1024;

fn lint_file_within(
    path: &Path,
    settings: &Settings<'_>,
    budget: Duration,
) -> (FileReport, Option<Linted>) {
    // The worker may outlive this call, so it owns what it reads.
    let owned_path = path.to_path_buf();
    let config = settings.config.clone();
    let rules = settings.rules.to_vec();
    // The built-in knowledge is static; only another one is copied.
    let knowledge: Option<Cow<'static, Knowledge>> = settings.knowledge.map(|k| {
        [Knowledge::wres(), Knowledge::wdes()]
            .into_iter()
            .find(|builtin| std::ptr::eq(k, *builtin))
            .map_or_else(|| Cow::Owned(k.clone()), Cow::Borrowed)
    });
    let (limits, no_suppressions, today) =
        (settings.limits, settings.no_suppressions, settings.today);
    let (send, receive) = mpsc::sync_channel(1);
    let spawned = thread::Builder::new()
        .name("wreslint-file".into())
        .stack_size(WORKER_STACK_BYTES)
        .spawn(move || {
            let settings = Settings {
                config: &config,
                rules: &rules,
                knowledge: knowledge.as_deref(),
                limits,
                no_suppressions,
                today,
            };
            // Nobody listens any more when the budget ran out.
            let _ = send.send(lint_file_here(&owned_path, &settings));
        });
    if spawned.is_err() {
        return lint_file_here(path, settings);
    }
    let mut report = FileReport::new(path);
    match receive.recv_timeout(budget) {
        Ok(outcome) => return outcome,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            report.status = Status::Error;
            report.error = Some(format!(
                "too slow: still not linted after the time budget of {} per file (--timeout-per-file)",
                seconds(budget)
            ));
        }
        // Panics are caught inside the worker, so this is not expected.
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let message = "wreslint failed on this file: its worker thread stopped".to_owned();
            report.status = Status::InternalError;
            report.error = Some(message.clone());
            report.diagnostics = vec![runner::internal_error(Location::Workbook, message)];
        }
    }
    (report, None)
}

/// A duration as people write it: `60 s`, `0.5 s`.
fn seconds(duration: Duration) -> String {
    format!("{} s", duration.as_secs_f64())
}

impl FileReport {
    fn new(path: &Path) -> FileReport {
        FileReport {
            path: path.to_path_buf(),
            sha256: None,
            format: None,
            status: Status::Linted,
            error: None,
            diagnostics: Vec::new(),
            checked: Vec::new(),
            suppressed: 0,
            config_suppressions_used: Vec::new(),
        }
    }
}

fn lint_file_here(path: &Path, settings: &Settings<'_>) -> (FileReport, Option<Linted>) {
    let mut report = FileReport::new(path);
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
            &settings.config.relative(path),
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
