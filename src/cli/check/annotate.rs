//! `check --annotate`: write each workbook's annotated copy within what is
//! left of its time budget.

use std::path::Path;

use crate::lint::{self, FileOutcome};
use crate::report;

/// [`annotate_file`] within what is left of the file's time budget: on a
/// thread of its own, given up on (and told not to write) when the budget
/// runs out, as linting is.
pub(super) fn annotate_within(
    file: &Path,
    linted: lint::Linted,
    knowledge: &crate::knowledge::Knowledge,
    report: &FileOutcome,
    dir: Option<&Path>,
    left: Option<std::time::Duration>,
) -> (Vec<String>, bool) {
    use std::sync::atomic::{AtomicU8, Ordering};
    use std::sync::{mpsc, Arc};
    let Some(left) = left else {
        return annotate_file(file, &linted, knowledge, report, dir, None);
    };
    let shown = report::display_path(file);
    let out_of_time = || {
        (
            vec![format!(
                "wreslint: {shown}: no annotated copy: the time budget of {} s per file \
                 (--timeout-per-file) ran out while annotating",
                left.as_secs_f64()
            )],
            true,
        )
    };
    if left.is_zero() {
        return out_of_time();
    }
    // The thread may outlive this call, so it owns what it reads. The
    // built-in knowledge is static; only another one is copied.
    let knowledge: std::borrow::Cow<'static, crate::knowledge::Knowledge> = [
        crate::knowledge::Knowledge::wres(),
        crate::knowledge::Knowledge::wdes(),
    ]
    .into_iter()
    .find(|builtin| std::ptr::eq(knowledge, *builtin))
    .map_or_else(
        || std::borrow::Cow::Owned(knowledge.clone()),
        std::borrow::Cow::Borrowed,
    );
    let (owned_file, owned_report) = (file.to_path_buf(), report.clone());
    let owned_dir = dir.map(Path::to_path_buf);
    // Who decides first: the worker about to write its copy (WRITING), or
    // this thread when the budget runs out (CANCELLED). One atomic step
    // each, so a copy is never written after its file was reported out of
    // time (a flag checked, then set, left that window open).
    let state = Arc::new(AtomicU8::new(RUNNING));
    let cancel = Arc::clone(&state);
    let (send, receive) = mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new()
        .name("wreslint-annotate".into())
        .stack_size(8 * 1024 * 1024)
        .spawn(move || {
            let outcome = annotate_file(
                &owned_file,
                &linted,
                &knowledge,
                &owned_report,
                owned_dir.as_deref(),
                Some(&cancel),
            );
            let _ = send.send(outcome);
        });
    if let Err(e) = spawned {
        return (
            vec![format!(
                "wreslint: {shown}: no annotated copy: cannot start a thread: {e}"
            )],
            true,
        );
    }
    match receive.recv_timeout(left) {
        Ok(outcome) => outcome,
        Err(_) => {
            if state
                .compare_exchange(RUNNING, CANCELLED, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
            {
                out_of_time()
            } else {
                // The copy is being written: its outcome is the file's.
                receive.recv().unwrap_or_else(|_| out_of_time())
            }
        }
    }
}

/// The states of an annotation under a time budget.
const RUNNING: u8 = 0;
const CANCELLED: u8 = 1;
const WRITING: u8 = 2;

/// Write one workbook's annotated copy; one line per outcome for stderr, and
/// whether it failed. Nothing is written once `state` says CANCELLED.
fn annotate_file(
    file: &Path,
    linted: &lint::Linted,
    knowledge: &crate::knowledge::Knowledge,
    report: &FileOutcome,
    dir: Option<&Path>,
    state: Option<&std::sync::atomic::AtomicU8>,
) -> (Vec<String>, bool) {
    use crate::annotate;
    let shown = report::display_path(file);
    if let Some(dir) = dir {
        if let Err(e) = std::fs::create_dir_all(dir) {
            return (
                vec![format!(
                    "wreslint: {shown}: cannot create {}: {e}",
                    dir.display()
                )],
                true,
            );
        }
    }
    let annotation = annotate::Annotation {
        input_path: file,
        input: &linted.bytes,
        workbook: &linted.workbook,
        model: &linted.model,
        knowledge,
        diagnostics: &report.diagnostics,
        tool_version: env!("CARGO_PKG_VERSION"),
        evidence: report.evidence.as_deref(),
    };
    let annotated = match annotate::annotate(&annotation) {
        Ok(a) => a,
        Err(e) => return (vec![format!("wreslint: {e}")], true),
    };
    let out = annotate::output_path(file, annotated.format, dir);
    let mut notices: Vec<String> = annotated
        .warnings
        .iter()
        .map(|w| format!("wreslint: {shown}: warning: {w}"))
        .collect();
    let ordering = std::sync::atomic::Ordering::SeqCst;
    if state.is_some_and(|s| {
        s.compare_exchange(RUNNING, WRITING, ordering, ordering)
            .is_err()
    }) {
        // The caller has already said the budget ran out.
        return (Vec::new(), true);
    }
    match annotate::write_atomically(&annotated.bytes, &out, file) {
        Ok(()) => {
            notices.push(format!(
                "wreslint: {shown}: annotated copy written to {} ({} notes)",
                report::display_path(&out),
                annotated.notes
            ));
            (notices, false)
        }
        Err(e) => {
            notices.push(format!("wreslint: {e}"));
            (notices, true)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::lint::Settings;
    use crate::load::Limits;
    use crate::registry::all_rules;

    /// Issue 19: the per-file time budget covers annotating too. A budget
    /// spent while annotating gives one line, and no copy is written, even
    /// when the abandoned work finishes later.
    #[test]
    fn annotating_past_the_time_budget_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("plan.xlsx");
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/draft-plan.xlsx"),
            &input,
        )
        .unwrap();
        let config = Config::defaults();
        let rules = all_rules(&[]);
        let settings = Settings {
            config: &config,
            rules: &rules,
            knowledge: None,
            limits: Limits {
                time_per_file: None,
                ..Limits::default()
            },
            no_suppressions: false,
            today: None,
        };
        let lint = || lint::lint_file(&input, &settings);
        let copy = dir.path().join("plan.wreslint.xlsx");
        // A budget of 1 ns runs out before the copy is ready, unless this
        // thread is kept off the processor for the whole annotation (a
        // loaded machine): then the copy is written and said to be. Either
        // way the report and the disk agree; the first is what is tested,
        // so a few tries are allowed to see it.
        let mut cancelled = false;
        for _ in 0..5 {
            let (report, linted) = lint();
            let knowledge = crate::standard::detect(&linted.as_ref().unwrap().workbook);
            let (notices, failed) = annotate_within(
                &input,
                linted.unwrap(),
                knowledge,
                &report,
                None,
                Some(std::time::Duration::from_nanos(1)),
            );
            assert_eq!(notices.len(), 1, "{notices:?}");
            std::thread::sleep(std::time::Duration::from_secs(1));
            if failed {
                assert!(notices[0].contains("time budget"), "{notices:?}");
                assert!(!copy.exists(), "the abandoned annotation wrote its copy");
                cancelled = true;
                break;
            }
            assert!(notices[0].contains("annotated copy written"), "{notices:?}");
            assert!(copy.exists(), "{notices:?}");
            std::fs::remove_file(&copy).unwrap();
        }
        assert!(cancelled, "a 1 ns budget never ran out in five tries");
        let (_, linted) = lint();
        let knowledge = crate::standard::detect(&linted.as_ref().unwrap().workbook);
        // With the budget left, the copy is written.
        let (report, linted) = lint();
        let (notices, failed) = annotate_within(
            &input,
            linted.unwrap(),
            knowledge,
            &report,
            None,
            Some(std::time::Duration::from_secs(60)),
        );
        assert!(!failed, "{notices:?}");
        assert!(copy.is_file());
    }
}
