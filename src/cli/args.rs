//! The command line's arguments: every subcommand's clap structs, in one
//! place (as ruff's `args.rs`). Each subcommand's file turns them into work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(name = "wreslint", version, about = "Lint NHS WRES action plans and data workbooks", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint workbooks (files, or directories walked for xlsx/xlsm/xlsb/xls/ods).
    Check(Box<CheckArgs>),
    /// Watch folders and re-lint each workbook when it is saved.
    Watch(Box<CheckArgs>),
    /// List every rule: code, name, family, default severity, summary.
    Rules {
        /// Also list the rules of this rule pack (repeatable).
        #[arg(long, value_name = "FILE")]
        pack: Vec<PathBuf>,
    },
    /// Print a rule's full documentation.
    Explain {
        /// A rule code (TL001) or name (action-missing-deadline).
        rule: String,
        /// Also look in this rule pack (repeatable).
        #[arg(long, value_name = "FILE")]
        pack: Vec<PathBuf>,
    },
    /// Run the self-tests (`valid:` / `invalid:` cases) of rule packs.
    TestRules {
        /// Rule packs to test (default: the built-in packs and those named
        /// in the `.wreslint.yaml` of the current directory or above).
        packs: Vec<PathBuf>,
    },
    /// Write a commented starter `.wreslint.yaml` in the current directory.
    Init {
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Show how a workbook was read: tables, column roles and why, banners,
    /// plan period, and each action's links, deadlines, owner and measure.
    Inspect(InspectArgs),
    /// Show configuration.
    Config {
        /// Print the effective configuration for this workbook.
        #[arg(long, value_name = "FILE")]
        show: PathBuf,
        #[arg(long)]
        config: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Each finding drawn with its cell's text (default).
    Human,
    /// One line per finding.
    Concise,
    /// Machine-readable JSON (docs/json-output.md).
    Json,
    /// SARIF 2.1.0 for code-scanning tools.
    Sarif,
    /// GitHub Actions annotations.
    Github,
    /// JUnit XML: one test case per workbook and rule.
    Junit,
    /// One self-contained HTML page for people (docs/html-report.md).
    Html,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to lint.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Use this configuration file instead of discovering `.wreslint.yaml`.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Only run these rules (codes, names, families or ALL; comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not run these rules (codes, names or families; comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// The period the plans cover, e.g. 2023/24 (overrides the workbook and configuration).
    #[arg(long, value_name = "PERIOD")]
    pub plan_period: Option<String>,
    /// The publication date, YYYY-MM-DD (overrides the workbook and configuration).
    #[arg(long, value_name = "DATE")]
    pub publication_date: Option<String>,
    /// Exit 1 when a finding at or above this severity is reported.
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<String>,
    /// Print the number of findings per rule after the report.
    #[arg(long)]
    pub statistics: bool,
    /// Number of files linted in parallel (default: one per core; at most
    /// the number of files, twice the cores, or 64).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Ignore every suppression, in configuration and in workbooks.
    #[arg(long)]
    pub no_suppressions: bool,
    /// The date suppression expiry is judged against, YYYY-MM-DD (default: the
    /// workbook's publication date, else the start of its plan period).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// Report only findings not accepted in FILE (written by --write-accepted).
    #[arg(long, value_name = "FILE", alias = "baseline")]
    pub accepted: Option<PathBuf>,
    /// Write an annotated copy of each workbook beside it (`<name>.wreslint.xlsx`):
    /// notes and colours on flagged cells, a summary sheet and a coverage sheet.
    #[arg(long)]
    pub annotate: bool,
    /// Write the annotated copies into DIR instead (implies --annotate).
    #[arg(long, value_name = "DIR")]
    pub annotate_dir: Option<PathBuf>,
    /// Accept today's findings: write them to FILE, and exit 0.
    #[arg(long, value_name = "FILE", alias = "write-baseline")]
    pub write_accepted: Option<PathBuf>,
    /// Colours in human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Also run the rules of this rule pack (repeatable; see docs/packs.md).
    #[arg(long, value_name = "FILE")]
    pub pack: Vec<PathBuf>,
    /// Let a discovered `.wreslint.yaml` name rule packs under DIR too
    /// (repeatable); by default it may name only packs in its own folder
    /// tree (docs/security.md).
    #[arg(long, value_name = "DIR")]
    pub allow_pack_dir: Vec<PathBuf>,
    /// The standard the workbooks follow: wres, wdes, or auto (read it from
    /// each workbook's wording; the default unless the configuration says).
    #[arg(long, value_name = "STANDARD")]
    pub standard: Option<String>,
    /// Report a file as too slow when it takes longer than this to lint, and
    /// go on with the others (default 60; 0: no budget).
    #[arg(long, value_name = "SECONDS")]
    pub timeout_per_file: Option<f64>,
    /// This year's data workbook for the plans checked: their figures,
    /// coverage and targets are checked against it (the evidence rules).
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// Last year's data or plan (repeatable; told apart by content): for
    /// the year-on-year checks. Read for their figures only, not reported.
    #[arg(long, value_name = "FILE")]
    pub previous: Vec<PathBuf>,
    /// Every plan should be paired with its data: say so (EV008) when one is not.
    #[arg(long, conflicts_with = "no_pair")]
    pub pair: bool,
    /// Do not pair files of the same folder by year (named pairs still count).
    #[arg(long)]
    pub no_pair: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InspectFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The workbook to read.
    pub file: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    pub format: InspectFormat,
    /// Use this configuration instead of `.wreslint.yaml` discovery.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The period the plan covers, as `check --plan-period` takes it.
    #[arg(long, value_name = "PERIOD")]
    pub plan_period: Option<String>,
    /// wres, wdes, or auto (from the workbook's wording).
    #[arg(long)]
    pub standard: Option<String>,
    /// Show the pairing `check --data FILE` would make.
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// Last year's data or plan, as `check --previous` takes it (repeatable).
    #[arg(long, value_name = "FILE")]
    pub previous: Vec<PathBuf>,
    /// Do not look for pairs among the workbooks of the file's folder.
    #[arg(long)]
    pub no_pair: bool,
}
