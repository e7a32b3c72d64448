//! The `wreslint` command: parses the arguments, runs the library and
//! writes its output. Printing belongs here, not in the library.
#![forbid(unsafe_code)]
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod watch;

use std::io::{IsTerminal, Write};
use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;

use clap::Parser;
use wreslint::cli::{Cli, Command, Hooks, Outcome, EXIT_TROUBLE};

/// A progress bar on a terminal for batches big enough to wait for; never in
/// pipes or CI logs.
fn progress_bar() -> Option<indicatif::ProgressBar> {
    let interactive = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    interactive.then(|| {
        let bar = indicatif::ProgressBar::hidden();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} workbooks {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Panics are caught (per rule, per file, and here as a last resort) and
    // reported as one line; the default hook would spray backtrace notes over
    // the report.
    panic::set_hook(Box::new(|_| {}));
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        if let Command::Watch(args) = cli.command {
            return Outcome {
                code: watch::run(*args),
                ..Outcome::default()
            };
        }
        let bar = progress_bar();
        let progress = |done: usize, total: usize| {
            if let Some(bar) = &bar {
                if total >= 20 && bar.is_hidden() {
                    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                }
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            }
        };
        let outcome = wreslint::cli::run_with(
            cli,
            &Hooks {
                progress: Some(&progress),
            },
        );
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        outcome
    }))
    .unwrap_or_else(|payload| Outcome {
        stdout: String::new(),
        stderr: format!(
            "wreslint: internal error: {} (this is a bug in wreslint; please report it)\n",
            wreslint::runner::panic_message(&*payload)
        ),
        code: EXIT_TROUBLE,
    });
    let _ = std::io::stdout().write_all(outcome.stdout.as_bytes());
    let _ = std::io::stderr().write_all(outcome.stderr.as_bytes());
    ExitCode::from(u8::try_from(outcome.code).unwrap_or(2))
}
