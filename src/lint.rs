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
use crate::diagnostic::{Diagnostic, Severity, Subject};
use crate::knowledge::Knowledge;
use crate::load::{self, Limits, LoadError};
use crate::location::Location;
use crate::model::{self, Inferred, Model};
use crate::registry::{RuleHandle, RuleSet};
use crate::runner;
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
pub struct FileOutcome {
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
    /// The indicator table and the pairing, for reports that show them;
    /// `None` when the file could not be read.
    pub evidence: Option<std::sync::Arc<crate::evidence::Summary>>,
    /// What the workbook says about each indicator, for pairing and the
    /// cross-checks; `None` when the file could not be read.
    pub facts: Option<std::sync::Arc<crate::evidence::Facts>>,
    /// Suppressions written in the workbook, applied to its cross-check
    /// findings too.
    pub workbook_suppressions: Vec<Suppression>,
}

impl FileOutcome {
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
/// worker thread kept for the calling thread; when the budget is spent the
/// file is reported as too slow, that worker is left to finish on its own,
/// and the next file gets a new one.
pub fn lint_file(path: &Path, settings: &Settings<'_>) -> (FileOutcome, Option<Linted>) {
    match settings.limits.time_per_file {
        Some(budget) => lint_file_within(path, settings, budget),
        None => lint_file_here(path, settings),
    }
}

/// A worker thread's stack: as large as the main thread's, so that a file
/// does not get less room for being budgeted.
const WORKER_STACK_BYTES: usize = 8 * 1024 * 1024;

type Job = Box<dyn FnOnce() + Send>;

/// A long-lived thread that lints files for one calling thread, so that a
/// time budget can be kept. It is kept from file to file: a thread started
/// per file began each file with a cold heap, and paid ~5 ms per file in
/// page faults (more than the whole lint of a 50-action plan).
struct Worker {
    jobs: mpsc::Sender<Job>,
}

impl Worker {
    fn start() -> Option<Worker> {
        let (jobs, queue) = mpsc::channel::<Job>();
        thread::Builder::new()
            .name("wreslint-file".into())
            .stack_size(WORKER_STACK_BYTES)
            // Ends when its `Worker` is dropped and its last job is done.
            .spawn(move || queue.into_iter().for_each(|job| job()))
            .ok()?;
        Some(Worker { jobs })
    }
}

thread_local! {
    /// This thread's worker, if one is started and not given up on.
    static WORKER: std::cell::RefCell<Option<Worker>> = const { std::cell::RefCell::new(None) };
}

/// Run a job on this thread's worker (starting one if needed); `false` if
/// no worker could be started.
fn on_worker(job: Job) -> bool {
    WORKER.with(|slot| {
        let mut slot = slot.borrow_mut();
        let mut job = Some(job);
        // A worker whose queue is gone is replaced, once.
        for _ in 0..2 {
            if slot.is_none() {
                *slot = Worker::start();
            }
            let Some(worker) = slot.as_ref() else {
                return false;
            };
            match worker.jobs.send(job.take().expect("the job is sent once")) {
                Ok(()) => return true,
                Err(mpsc::SendError(returned)) => {
                    job = Some(returned);
                    *slot = None;
                }
            }
        }
        false
    })
}

/// Give up on this thread's worker: it is still busy with a file whose
/// budget ran out, and finishes on its own; the next file gets a new one.
fn abandon_worker() {
    WORKER.with(|slot| slot.borrow_mut().take());
}

fn lint_file_within(
    path: &Path,
    settings: &Settings<'_>,
    budget: Duration,
) -> (FileOutcome, Option<Linted>) {
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
    let job: Job = Box::new(move || {
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
    if !on_worker(job) {
        return lint_file_here(path, settings);
    }
    let mut report = FileOutcome::new(path);
    match receive.recv_timeout(budget) {
        Ok(outcome) => return outcome,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            abandon_worker();
            report.status = Status::Error;
            report.error = Some(format!(
                "too slow: still not linted after the time budget of {} per file (--timeout-per-file)",
                seconds(budget)
            ));
        }
        // Panics are caught inside the worker, so this is not expected.
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            abandon_worker();
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

impl FileOutcome {
    fn new(path: &Path) -> FileOutcome {
        FileOutcome {
            path: path.to_path_buf(),
            sha256: None,
            format: None,
            status: Status::Linted,
            error: None,
            diagnostics: Vec::new(),
            checked: Vec::new(),
            suppressed: 0,
            config_suppressions_used: Vec::new(),
            evidence: None,
            facts: None,
            workbook_suppressions: Vec::new(),
        }
    }
}

fn lint_file_here(path: &Path, settings: &Settings<'_>) -> (FileOutcome, Option<Linted>) {
    let mut report = FileOutcome::new(path);
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

fn lint_inner(path: &Path, settings: &Settings<'_>, report: &mut FileOutcome) -> Option<Linted> {
    let (bytes, workbook) = match load::load_path(path, &settings.limits) {
        Ok(loaded) => loaded,
        Err(error) => {
            report.status = Status::Error;
            report.error = Some(error.to_string());
            // Hash what could be read, but never re-read a file a guard refused.
            let readable = !matches!(
                error,
                LoadError::TooLarge { .. }
                    | LoadError::IsADirectory
                    | LoadError::NotAFile(_)
                    | LoadError::Io(_)
            );
            if let Some(bytes) = readable.then(|| std::fs::read(path).ok()).flatten() {
                report.sha256 = Some(sha256_hex(&bytes));
                report.format = load::sniff(&bytes).ok();
            }
            return None;
        }
    };
    report.sha256 = Some(sha256_hex(&bytes));
    report.format = workbook.format;
    let knowledge = settings
        .knowledge
        .unwrap_or_else(|| crate::standard::detect(&workbook));
    let mut model = model::build_with(&workbook, knowledge, &settings.config.layout);
    apply_overrides(&mut model, settings.config);
    let set = RuleSet::new(
        settings.rules.to_vec(),
        &settings.config.selection_for(path),
    );
    let mut diagnostics = runner::run_with_cap(
        &set,
        &workbook,
        &model,
        knowledge,
        settings.limits.max_findings,
    );
    let mut facts = crate::evidence::facts::of(&model, knowledge, &workbook);
    if !settings.no_suppressions {
        let reference = settings
            .today
            .or(model.publication.as_ref().map(|p| p.value))
            .or(model.period.as_ref().map(|p| p.value.start));
        let config_count = settings.config.suppressions.len();
        let (in_workbook, mut problems) = suppress::from_workbook(&workbook, settings.rules);
        report.workbook_suppressions = in_workbook.clone();
        facts.reference = reference;
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
    report.facts = Some(std::sync::Arc::new(facts));
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

/// Read a linted file again for its annotation, after the cross-checks:
/// the workbook and the model as `lint_file` built them; `None` when it
/// can no longer be read.
pub fn reload(path: &Path, settings: &Settings<'_>) -> Option<Linted> {
    let (bytes, workbook) = load::load_path(path, &settings.limits).ok()?;
    let knowledge = settings
        .knowledge
        .unwrap_or_else(|| crate::standard::detect(&workbook));
    let mut model = model::build_with(&workbook, knowledge, &settings.config.layout);
    apply_overrides(&mut model, settings.config);
    Some(Linted {
        bytes,
        workbook,
        model,
    })
}

/// Add the cross-checks (the evidence family) of one linted file against
/// the files paired with it: run under the file's rule selection and
/// severities, filtered by its suppressions (configuration and workbook),
/// and sorted in with its other findings.
pub fn cross_check(
    report: &mut FileOutcome,
    cx: &crate::evidence::Context<'_>,
    config: &Config,
    rules: &[RuleHandle],
    no_suppressions: bool,
) {
    let set = RuleSet::new(rules.to_vec(), &config.selection_for(&report.path));
    let mut found = runner::run_pair(&set, cx);
    if found.is_empty() {
        return;
    }
    if !no_suppressions {
        let all: Vec<Suppression> = config
            .suppressions
            .iter()
            .cloned()
            .chain(report.workbook_suppressions.iter().cloned())
            .collect();
        let applied = suppress::apply(
            &mut found,
            &all,
            &config.relative(&report.path),
            cx.this.reference,
        );
        report.suppressed += applied.suppressed;
        for (total, used) in report
            .config_suppressions_used
            .iter_mut()
            .zip(&applied.used)
        {
            *total += used;
        }
    }
    // An adverse indicator with no action (EV001) says more than "no
    // action" (CV002) about the same indicator: one cause, one finding.
    let superseded: Vec<Subject> = found
        .iter()
        .filter(|d| d.code == "EV001")
        .filter_map(|d| d.subject)
        .collect();
    report
        .diagnostics
        .retain(|d| !(d.code == "CV002" && d.subject.is_some_and(|s| superseded.contains(&s))));
    report.diagnostics.extend(found);
    runner::sort_in_sheet_order(&mut report.diagnostics, cx.this.sheets.iter().map(|s| &**s));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The thread a job ran on, through this thread's worker.
    fn worker_thread() -> thread::ThreadId {
        let (send, receive) = mpsc::channel();
        assert!(on_worker(Box::new(move || {
            send.send(thread::current().id()).unwrap();
        })));
        receive.recv().unwrap()
    }

    #[test]
    fn files_share_one_worker_until_it_is_given_up() {
        let first = worker_thread();
        assert_ne!(first, thread::current().id());
        assert_eq!(worker_thread(), first, "the worker is kept between files");
        abandon_worker();
        let next = worker_thread();
        assert_ne!(next, first, "an abandoned worker is replaced");
        assert_eq!(worker_thread(), next);
    }

    #[test]
    fn a_busy_abandoned_worker_does_not_hold_up_the_next_file() {
        let (release, wait) = mpsc::channel::<()>();
        assert!(on_worker(Box::new(move || {
            let _ = wait.recv();
        })));
        abandon_worker();
        // The stuck worker still waits, yet the next job runs: were it queued
        // behind the stuck one, no answer would ever come.
        let (send, receive) = mpsc::channel();
        assert!(on_worker(Box::new(move || send.send(()).unwrap())));
        receive
            .recv_timeout(Duration::from_secs(60))
            .expect("the next job is not queued behind the abandoned one");
        release.send(()).unwrap();
    }
}
