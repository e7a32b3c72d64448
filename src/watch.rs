//! `wreslint watch DIR…`: lint everything once, then re-lint each workbook
//! when it is saved. Binary-only: it prints as it goes.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};
use wreslint::cli::{self, CheckArgs, Hooks};
use wreslint::registry::all_rules;

/// Quiet time after the last event before re-linting: saves come as bursts.
const DEBOUNCE: Duration = Duration::from_millis(500);

fn print(outcome: &cli::Outcome) {
    let _ = std::io::stdout().write_all(outcome.stdout.as_bytes());
    let _ = std::io::stderr().write_all(outcome.stderr.as_bytes());
    let _ = std::io::stdout().flush();
}

/// A file is ready when its size holds still (Excel and sync tools write in steps).
fn settled(path: &PathBuf) -> bool {
    let size = |p: &PathBuf| std::fs::metadata(p).ok().map(|m| m.len());
    let first = size(path);
    std::thread::sleep(Duration::from_millis(200));
    first.is_some() && first == size(path)
}

pub fn run(args: CheckArgs) -> i32 {
    let rules = all_rules(&[]);
    let paths = args.paths.clone();
    let relint = |files: Vec<PathBuf>| {
        let mut once = CheckArgs {
            paths: files,
            ..args.clone()
        };
        once.write_accepted = None;
        cli::check(once, &rules, &Hooks::default())
    };
    print(&relint(paths.clone()));

    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("wreslint: cannot watch for changes: {e}");
            return cli::EXIT_TROUBLE;
        }
    };
    for path in &paths {
        if let Err(e) = watcher.watch(path, RecursiveMode::Recursive) {
            eprintln!("wreslint: cannot watch {}: {e}", path.display());
            return cli::EXIT_TROUBLE;
        }
    }
    eprintln!(
        "wreslint: watching {} for saved workbooks (Ctrl-C to stop)",
        paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    loop {
        let Ok(first) = rx.recv() else {
            return cli::EXIT_CLEAN;
        };
        let mut changed = BTreeSet::new();
        let mut take = |event: notify::Result<notify::Event>| {
            if let Ok(event) = event {
                if matches!(
                    event.kind,
                    notify::EventKind::Create(_) | notify::EventKind::Modify(_)
                ) {
                    for path in event.paths {
                        let name = path
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        if wreslint::walk::is_candidate(&name) {
                            changed.insert(path);
                        }
                    }
                }
            }
        };
        take(first);
        while let Ok(event) = rx.recv_timeout(DEBOUNCE) {
            take(event);
        }
        let ready: Vec<PathBuf> = changed
            .into_iter()
            .filter(|p| p.is_file() && settled(p))
            .collect();
        if !ready.is_empty() {
            print(&relint(ready));
        }
    }
}
