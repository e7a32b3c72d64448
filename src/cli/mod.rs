//! The command line: parse arguments, run, and say what to print and which
//! exit code to use. `main.rs` only prints what this returns.
//!
//! One file per subcommand ([`check`], `rules`/`explain`, `init`, `config`,
//! `test-rules`, `inspect`); their arguments are all in `args.rs`.

mod args;
mod check;
mod config;
mod init;
mod inspect;
mod rules;
mod test_rules;

use std::path::{Path, PathBuf};

use crate::registry::all_rules;
use crate::report::human;

pub use args::{CheckArgs, Cli, ColorChoice, Command, InspectArgs, InspectFormat, OutputFormat};
pub use check::{check, clamp_jobs, MAX_JOBS};
pub use rules::rule_page;

/// Exit codes: 0 clean, 1 findings at or above the fail level, 2 something
/// could not be checked (bad arguments or configuration, unreadable files,
/// an internal error).
pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_TROUBLE: i32 = 2;

/// What the binary should do: text for stdout and stderr, and an exit code.
#[derive(Debug, Default)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Outcome {
    fn error(message: impl Into<String>) -> Outcome {
        let mut stderr = message.into();
        if !stderr.ends_with('\n') {
            stderr.push('\n');
        }
        Outcome {
            stdout: String::new(),
            stderr,
            code: EXIT_TROUBLE,
        }
    }
}

/// `--standard`: a standard's knowledge, or `None` for auto (detect it).
fn standard_arg(
    arg: Option<&str>,
) -> Result<Option<&'static crate::knowledge::Knowledge>, Outcome> {
    match arg.map(str::trim) {
        None | Some("auto") => Ok(None),
        Some(name) => crate::standard::by_name(name).map(Some).ok_or_else(|| {
            Outcome::error(format!(
                "wreslint: `{name}` is not a standard ({} or auto)",
                crate::standard::names().join(", ")
            ))
        }),
    }
}

/// `--plan-period`.
fn period_arg(text: &str) -> Result<crate::timeline::PlanPeriod, Outcome> {
    crate::config::parse_period(text).ok_or_else(|| {
        Outcome::error(format!(
            "wreslint: `{text}` is not a plan period (write e.g. 2023/24)"
        ))
    })
}

/// Callbacks the binary may give: progress of a batch as (files done, total).
#[derive(Default)]
pub struct Hooks<'a> {
    pub progress: Option<&'a (dyn Fn(usize, usize) + Sync)>,
}

pub fn run(cli: Cli) -> Outcome {
    run_with(cli, &Hooks::default())
}

pub fn run_with(cli: Cli, hooks: &Hooks<'_>) -> Outcome {
    let rules = all_rules(&[]);
    match cli.command {
        Command::Check(args) => check(*args, &rules, hooks),
        Command::Watch(args) => check(*args, &rules, hooks),
        Command::Rules { pack } => match compile_packs(&pack, human::Style::plain()) {
            Ok(packs) => Outcome {
                stdout: rules::list_rules(&packs),
                ..Outcome::default()
            },
            Err(outcome) => outcome,
        },
        Command::Explain { rule, pack } => match compile_packs(&pack, human::Style::plain()) {
            Ok(packs) => rules::explain(&rule, &all_rules(&crate::packs::rules_of(&packs))),
            Err(outcome) => outcome,
        },
        Command::TestRules { packs } => test_rules::test_rules(&packs, &rules),
        Command::Init { force } => init::init(Path::new(crate::config::FILE_NAME), force),
        Command::Config { show, config } => config::show_config(&show, config.as_deref(), &rules),
        Command::Inspect(args) => inspect::inspect(&args, &rules),
    }
}

/// Compile the rule packs given on the command line: every error of every
/// pack, rendered, before any workbook is read.
fn compile_packs(
    paths: &[PathBuf],
    style: human::Style,
) -> Result<Vec<crate::packs::Pack>, Outcome> {
    crate::packs::load_all(paths, &mut crate::packs::taken()).map_err(|errors| Outcome {
        stdout: String::new(),
        stderr: errors
            .iter()
            .map(|e| human::render_problems(&[e.located()], style))
            .collect(),
        code: EXIT_TROUBLE,
    })
}
