//! `check`'s lint phase: every file linted in parallel (and annotated, unless
//! it may be paired), then the annotations that waited for the cross-checks.

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::pairing::Pairs;
use super::{annotate, clamp_jobs, Options};
use crate::cli::{CheckArgs, Hooks};
use crate::config::Config;
use crate::lint::{self, FileOutcome, Settings};
use crate::load::Limits;
use crate::registry::{all_rules, RuleHandle};
use crate::report;
use crate::rules::Rule;

/// The rules of the run: every rule known with the command line's packs,
/// and those packs' rules, to which a file's configuration adds its own.
pub(super) struct FileRules<'a> {
    pub(super) rules: &'a [RuleHandle],
    pub(super) pack_rules: &'a [Arc<dyn Rule>],
}

impl FileRules<'_> {
    /// The rules a file with this configuration is linted with.
    pub(super) fn of(&self, config: &Config) -> Vec<RuleHandle> {
        if config.packs.is_empty() {
            self.rules.to_vec()
        } else {
            let mut extra = self.pack_rules.to_vec();
            extra.extend(config.pack_rules());
            all_rules(&extra)
        }
    }
}

/// How one file is linted: its configuration and rules, and the standard
/// (`None`: from its wording) and limits, the command line's over the
/// configuration's.
fn settings<'a>(
    args: &CheckArgs,
    options: &Options<'_>,
    config: &'a Config,
    rules: &'a [RuleHandle],
) -> Settings<'a> {
    Settings {
        config,
        rules,
        knowledge: options.standard.or(config.standard),
        limits: match options.timeout {
            Some(time_per_file) => Limits {
                time_per_file,
                ..config.limits
            },
            None => config.limits,
        },
        no_suppressions: args.no_suppressions,
        today: options.today,
    }
}

/// Every file's report, with what annotating said and whether it failed.
pub(super) struct Linted {
    pub(super) reports: Vec<FileOutcome>,
    pub(super) annotate_notices: String,
    pub(super) annotate_failed: bool,
    /// Files whose annotation waits for the cross-checks.
    deferred: Vec<usize>,
}

impl Linted {
    fn notice(&mut self, notices: Vec<String>, failed: bool) {
        for notice in notices {
            // Names of files and sheets come from the drive: shown, not sent.
            self.annotate_notices
                .push_str(&report::text::visible(&notice));
            self.annotate_notices.push('\n');
        }
        self.annotate_failed |= failed;
    }
}

/// Lint (and annotate) the files in parallel, in the order given.
pub(super) fn lint_all(
    args: &CheckArgs,
    options: &Options<'_>,
    rules: &FileRules<'_>,
    jobs: &[(PathBuf, Config)],
    pairs: &Pairs,
    hooks: &Hooks<'_>,
) -> Linted {
    let done = std::sync::atomic::AtomicUsize::new(0);
    let total = jobs.len();
    let lint_one = |job: &(PathBuf, Config)| -> (FileOutcome, Vec<String>, bool, bool) {
        let report = lint_one(args, options, rules, pairs, job);
        if let Some(progress) = hooks.progress {
            progress(
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                total,
            );
        }
        report
    };
    let results: Vec<(FileOutcome, Vec<String>, bool, bool)> =
        match args.jobs.map(|n| clamp_jobs(n, total)) {
            Some(1) => jobs.iter().map(lint_one).collect(),
            Some(n) => match rayon::ThreadPoolBuilder::new().num_threads(n).build() {
                Ok(pool) => pool.install(|| jobs.par_iter().map(lint_one).collect()),
                Err(_) => jobs.iter().map(lint_one).collect(),
            },
            None => jobs.par_iter().map(lint_one).collect(),
        };

    let mut linted = Linted {
        reports: Vec::with_capacity(results.len()),
        annotate_notices: String::new(),
        annotate_failed: false,
        deferred: Vec::new(),
    };
    for (i, (report, notices, failed, later)) in results.into_iter().enumerate() {
        linted.reports.push(report);
        linted.notice(notices, failed);
        if later {
            linted.deferred.push(i);
        }
    }
    linted
}

/// One file: its report (less the accepted findings), the annotation's
/// notices, whether annotating failed, and whether its annotation waits
/// for the cross-checks.
fn lint_one(
    args: &CheckArgs,
    options: &Options<'_>,
    rules: &FileRules<'_>,
    pairs: &Pairs,
    (file, config): &(PathBuf, Config),
) -> (FileOutcome, Vec<String>, bool, bool) {
    let annotating = args.annotate || args.annotate_dir.is_some();
    let file_rules = rules.of(config);
    let settings = settings(args, options, config, &file_rules);
    let started = std::time::Instant::now();
    let (mut report, linted) = lint::lint_file(file, &settings);
    // Accepted findings are keyed with the file name, so they can be
    // applied file by file.
    if let Some(accepted) = &options.accepted {
        accepted.filter(std::slice::from_mut(&mut report));
    }
    // A file that may be paired is annotated after the cross-checks, so its
    // copy carries them: read again then (bounded memory on large runs).
    let deferred = annotating && linted.is_some() && pairs.may_pair(file, report.facts.as_deref());
    let (notices, failed) = match linted {
        Some(linted) if annotating && !deferred => {
            let knowledge = settings
                .knowledge
                .unwrap_or_else(|| crate::standard::detect(&linted.workbook));
            // The file's time budget covers its annotation too.
            let left = settings
                .limits
                .time_per_file
                .map(|budget| budget.saturating_sub(started.elapsed()));
            annotate::annotate_within(
                file,
                linted,
                knowledge,
                &report,
                args.annotate_dir.as_deref(),
                left,
            )
        }
        _ => (Vec::new(), false),
    };
    (report, notices, failed, deferred)
}

/// The annotations that waited for the cross-checks: each file read again
/// and annotated with its final report (not those read for figures only).
pub(super) fn annotate_deferred(
    args: &CheckArgs,
    options: &Options<'_>,
    rules: &FileRules<'_>,
    jobs: &[(PathBuf, Config)],
    pairs: &Pairs,
    linted: &mut Linted,
) {
    let deferred = std::mem::take(&mut linted.deferred);
    for i in deferred.into_iter().filter(|i| !pairs.is_hidden(*i)) {
        let (file, config) = &jobs[i];
        let file_rules = rules.of(config);
        let settings = settings(args, options, config, &file_rules);
        let Some(reloaded) = lint::reload(file, &settings) else {
            linted.notice(
                vec![format!(
                    "wreslint: {}: no annotated copy: the file could not be read again",
                    report::display_path(file)
                )],
                true,
            );
            continue;
        };
        let knowledge = settings
            .knowledge
            .unwrap_or_else(|| crate::standard::detect(&reloaded.workbook));
        let (notices, failed) = annotate::annotate_within(
            file,
            reloaded,
            knowledge,
            &linted.reports[i],
            args.annotate_dir.as_deref(),
            settings.limits.time_per_file,
        );
        linted.notice(notices, failed);
    }
}
