use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = wreslint::cli::Cli::parse();
    // Panics are caught (per rule, per file, and here as a last resort) and
    // reported as one line; the default hook would spray backtrace notes over
    // the report.
    panic::set_hook(Box::new(|_| {}));
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| wreslint::cli::run(cli))).unwrap_or_else(
        |payload| wreslint::cli::Outcome {
            stdout: String::new(),
            stderr: format!(
                "wreslint: internal error: {} (this is a bug in wreslint; please report it)\n",
                wreslint::runner::panic_message(&*payload)
            ),
            code: wreslint::cli::EXIT_TROUBLE,
        },
    );
    let _ = std::io::stdout().write_all(outcome.stdout.as_bytes());
    let _ = std::io::stderr().write_all(outcome.stderr.as_bytes());
    ExitCode::from(u8::try_from(outcome.code).unwrap_or(2))
}
