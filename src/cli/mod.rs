//! The command line: parse arguments, run, and say what to print and which
//! exit code to use. `main.rs` only prints what this returns.

mod inspect;
mod pairing;

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::config::{self, Config, ConfigError};
use crate::diagnostic::Severity;
use crate::lint::{self, FileReport, Settings, Status};
use crate::load::Limits;
use crate::report::{self, human, Summary, ToolInfo};
use crate::runner::{all_rules, RuleHandle};
use crate::walk;

/// Exit codes: 0 clean, 1 findings at or above the fail level, 2 something
/// could not be checked (bad arguments or configuration, unreadable files,
/// an internal error).
pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_TROUBLE: i32 = 2;

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
    Inspect(inspect::InspectArgs),
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

#[derive(Clone, Debug, clap::Args)]
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
    /// Report only findings not in this baseline (written by --write-baseline).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write an annotated copy of each workbook beside it (`<name>.wreslint.xlsx`):
    /// notes and colours on flagged cells, a summary sheet and a coverage sheet.
    #[arg(long)]
    pub annotate: bool,
    /// Write the annotated copies into DIR instead (implies --annotate).
    #[arg(long, value_name = "DIR")]
    pub annotate_dir: Option<PathBuf>,
    /// Write today's findings to FILE as a baseline, and exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
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
    config::parse_period(text).ok_or_else(|| {
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
                stdout: list_rules(&packs),
                ..Outcome::default()
            },
            Err(outcome) => outcome,
        },
        Command::Explain { rule, pack } => match compile_packs(&pack, human::Style::plain()) {
            Ok(packs) => explain(&rule, &all_rules(&crate::packs::rules_of(&packs))),
            Err(outcome) => outcome,
        },
        Command::TestRules { packs } => test_rules(&packs, &rules),
        Command::Init { force } => init(Path::new(config::FILE_NAME), force),
        Command::Config { show, config } => show_config(&show, config.as_deref(), &rules),
        Command::Inspect(args) => inspect::inspect(&args, &rules),
    }
}

/// `wreslint rules`: the built-in rules, then each rule pack's under a
/// heading naming the pack. A pack rule without a `code:` shows `-` in the
/// code column: it is selected, reported and explained by its id.
fn list_rules(packs: &[crate::packs::Pack]) -> String {
    fn row(code: &str, m: &crate::rules::RuleMeta) -> String {
        format!(
            "{code:<9} {:<36} {:<11} {:<9} {}\n",
            m.name,
            m.family.as_str(),
            m.default_severity.as_str(),
            m.summary
        )
    }
    let mut out = format!(
        "{:<9} {:<36} {:<11} {:<9} SUMMARY\n",
        "CODE", "NAME", "FAMILY", "SEVERITY"
    );
    for rule in crate::rules::BUILTIN {
        let m = rule.meta();
        out.push_str(&row(&m.code, m));
    }
    let builtin = crate::packs::builtin_packs();
    for (pack, built_in) in builtin
        .iter()
        .map(|p| (p, true))
        .chain(packs.iter().map(|p| (p, false)))
        .filter(|(p, built_in)| !(*built_in && p.rules.is_empty()))
    {
        let mut about = if built_in {
            vec!["built in".to_owned()]
        } else {
            vec![report::display_path(&pack.path)]
        };
        if let Some(standard) = pack.rules.first().and_then(|r| r.standard.as_deref()) {
            about.push(format!("{standard} workbooks only"));
        }
        out.push_str(&format!(
            "\nRule pack {} ({}):\n",
            pack.name,
            about.join(", ")
        ));
        for rule in &pack.rules {
            out.push_str(&row(rule.code.as_deref().unwrap_or("-"), &rule.meta));
        }
    }
    out
}

fn explain(which: &str, rules: &[RuleHandle]) -> Outcome {
    match rules
        .iter()
        .find(|r| r.meta().code.eq_ignore_ascii_case(which) || r.meta().name == which)
    {
        Some(rule) => Outcome {
            stdout: rule_page(&**rule),
            ..Outcome::default()
        },
        None => Outcome::error(format!(
            "wreslint: no rule is called `{which}` (run `wreslint rules` for the list)"
        )),
    }
}

/// A rule's documentation page, as printed by `explain` and written to docs/rules/.
pub fn rule_page(rule: &dyn crate::rules::Rule) -> String {
    let m = rule.meta();
    // A pack rule without a code is known by its id alone.
    let title = if m.code == m.name {
        m.name.to_string()
    } else {
        format!("{} ({})", m.name, m.code)
    };
    format!(
        "# {title}\n\nFamily: {} · Default severity: {}\n\n{}.\n\n{}",
        m.family,
        m.default_severity,
        m.summary,
        m.docs
            .trim_start()
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    )
}

fn init(path: &Path, force: bool) -> Outcome {
    if path.exists() && !force {
        return Outcome::error(format!(
            "wreslint: {} already exists (use --force to replace it)",
            path.display()
        ));
    }
    match std::fs::write(path, config::STARTER) {
        Ok(()) => Outcome {
            stdout: format!("Wrote {}\n", path.display()),
            ..Outcome::default()
        },
        Err(e) => Outcome::error(format!("wreslint: cannot write {}: {e}", path.display())),
    }
}

fn show_config(file: &Path, explicit: Option<&Path>, rules: &[RuleHandle]) -> Outcome {
    let found = explicit
        .map(Path::to_path_buf)
        .or_else(|| config::discover(file));
    let trust = match explicit {
        Some(_) => config::Trust::Explicit,
        None => config::Trust::Discovered { allowed: &[] },
    };
    let config = match &found {
        Some(path) => match Config::load_with(path, rules, trust) {
            Ok(c) => c,
            Err(e) => return Outcome::error(human::render_config_error(&e, human::Style::plain())),
        },
        None => Config::defaults(),
    };
    let set =
        crate::runner::RuleSet::new(all_rules(&config.pack_rules()), &config.selection_for(file));
    // What the workbook itself says, when it can be read.
    let model = crate::load::load_path(file, &Limits::default())
        .ok()
        .map(|(_, workbook)| {
            let mut model = crate::model::build_with(
                &workbook,
                config
                    .standard
                    .unwrap_or_else(|| crate::standard::detect(&workbook)),
                &config.layout,
            );
            lint::apply_overrides(&mut model, &config);
            model
        });
    let source = |from: &Option<crate::location::CellRef>, text: &str| match from {
        Some(cell) => format!("read from {cell}: `{text}`"),
        None if text.starts_with("sheet name") => format!("from the {text}"),
        None => "set by configuration or the command line".to_owned(),
    };
    let period = match model.as_ref().and_then(|m| m.period.as_ref()) {
        Some(p) => format!("{} ({})", p.value.label(), source(&p.from, &p.text)),
        None => "(unknown: set plan_period)".into(),
    };
    let publication = match model.as_ref().and_then(|m| m.publication.as_ref()) {
        Some(p) => format!("{} ({})", p.value, source(&p.from, &p.text)),
        None => "(unknown: set publication_date)".into(),
    };
    let mut out = format!(
        "file: {}\nconfig: {}\nplan_period: {period}\npublication_date: {publication}\nfail_on: {}\nexcluded: {}\nrules:\n",
        file.display(),
        found.map(|p| p.display().to_string()).unwrap_or_else(|| "(none: built-in defaults)".into()),
        config.fail_on.map(|s| s.to_string()).unwrap_or_else(|| "never".into()),
        config.excludes(file),
    );
    out.push_str(&format!(
        "standard: {}\npacks: [{}]\n",
        config
            .standard
            .map(|k| k.standard.to_ascii_lowercase())
            .unwrap_or_else(|| "auto (from each workbook's wording)".into()),
        config
            .packs
            .iter()
            .map(|p| report::display_path(&p.path))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    out = out.replacen("\nrules:\n", "\n", 1);
    out.push_str("rules:\n");
    for (rule, severity) in set.rules() {
        let m = rule.meta();
        if m.code == m.name {
            out.push_str(&format!("  - {} ({severity})\n", m.name));
        } else {
            out.push_str(&format!("  - {} {} ({severity})\n", m.code, m.name));
        }
    }
    Outcome {
        stdout: out,
        ..Outcome::default()
    }
}

/// The configuration for each file, loaded once per config file.
struct Configs<'a> {
    explicit: Option<Config>,
    found: HashMap<PathBuf, Config>,
    defaults: Config,
    rules: &'a [RuleHandle],
    cli: CliOverrides,
    /// Where discovered configurations may name packs besides their own tree.
    allowed_pack_dirs: Vec<PathBuf>,
}

#[derive(Default)]
struct CliOverrides {
    select: Vec<crate::runner::Selector>,
    ignore: Vec<crate::runner::Selector>,
    plan_period: Option<crate::timeline::PlanPeriod>,
    publication_date: Option<crate::date::Date>,
    fail_on: Option<Option<Severity>>,
}

impl Configs<'_> {
    /// The file's configuration as written: explicit, or discovered and read
    /// once per configuration file.
    fn written_for(&mut self, file: &Path) -> Result<&Config, ConfigError> {
        if let Some(explicit) = &self.explicit {
            return Ok(explicit);
        }
        let Some(path) = config::discover(file) else {
            return Ok(&self.defaults);
        };
        if !self.found.contains_key(&path) {
            let trust = config::Trust::Discovered {
                allowed: &self.allowed_pack_dirs,
            };
            let loaded = Config::load_with(&path, self.rules, trust)?;
            self.found.insert(path.clone(), loaded);
        }
        Ok(&self.found[&path])
    }

    /// The file's configuration with the command line's overrides applied.
    fn for_file(&mut self, file: &Path) -> Result<Config, ConfigError> {
        let mut config = self.written_for(file)?.clone();
        if !self.cli.select.is_empty() {
            config.selection.select = self.cli.select.clone();
        }
        config
            .selection
            .ignore
            .extend(self.cli.ignore.iter().cloned());
        if let Some(p) = self.cli.plan_period {
            config.plan_period = Some(p);
        }
        if let Some(d) = self.cli.publication_date {
            config.publication_date = Some(d);
        }
        if let Some(f) = self.cli.fail_on {
            config.fail_on = f;
        }
        Ok(config)
    }
}

fn parse_fail_on(text: &str) -> Option<Option<Severity>> {
    if text == "never" {
        Some(None)
    } else {
        Severity::parse(text).map(Some)
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
            .map(|e| human::render_pack_error(e, style))
            .collect(),
        code: EXIT_TROUBLE,
    })
}

/// `wreslint test-rules`: run packs' self-tests; exit 1 when a case fails,
/// 2 when a pack does not compile.
fn test_rules(paths: &[PathBuf], rules: &[RuleHandle]) -> Outcome {
    let style = human::Style::plain();
    let packs: Vec<crate::packs::Pack> = if paths.is_empty() {
        let mut packs: Vec<crate::packs::Pack> = crate::packs::builtin_packs()
            .iter()
            .filter(|p| !p.rules.is_empty())
            .cloned()
            .collect();
        if let Some(path) = config::discover(Path::new(".")) {
            let trust = config::Trust::Discovered { allowed: &[] };
            match Config::load_with(&path, rules, trust) {
                Ok(config) => packs.extend(config.packs),
                Err(e) => return Outcome::error(human::render_config_error(&e, style)),
            }
        }
        packs
    } else {
        match compile_packs(paths, style) {
            Ok(packs) => packs,
            Err(outcome) => return outcome,
        }
    };
    let results: Vec<_> = packs
        .iter()
        .map(|pack| (pack, crate::packs::selftest::run(pack)))
        .collect();
    let (stdout, passed) = crate::packs::selftest::report(&results);
    Outcome {
        stdout,
        stderr: String::new(),
        code: if passed { EXIT_CLEAN } else { EXIT_FINDINGS },
    }
}

pub fn check(args: CheckArgs, rules: &[RuleHandle], hooks: &Hooks<'_>) -> Outcome {
    let packs = match compile_packs(&args.pack, human_style(args.color)) {
        Ok(packs) => packs,
        Err(outcome) => return outcome,
    };
    let pack_rules = crate::packs::rules_of(&packs);
    let with_packs = all_rules(&pack_rules);
    let rules = if packs.is_empty() { rules } else { &with_packs };
    let standard = match standard_arg(args.standard.as_deref()) {
        Ok(standard) => standard,
        Err(outcome) => return outcome,
    };
    let mut cli = CliOverrides::default();
    for (list, out) in [
        (&args.select, &mut cli.select),
        (&args.ignore, &mut cli.ignore),
    ] {
        for item in list {
            match crate::runner::Selector::parse(item, rules) {
                Some(s) => out.push(s),
                None => {
                    return Outcome::error(format!(
                        "wreslint: `{item}` is not a rule code, rule name, family or ALL (run `wreslint rules`)"
                    ))
                }
            }
        }
    }
    if let Some(text) = &args.plan_period {
        match period_arg(text) {
            Ok(p) => cli.plan_period = Some(p),
            Err(outcome) => return outcome,
        }
    }
    if let Some(text) = &args.publication_date {
        match crate::date::Date::parse_iso(text) {
            Some(d) => cli.publication_date = Some(d),
            None => {
                return Outcome::error(format!(
                    "wreslint: `{text}` is not a date (write YYYY-MM-DD)"
                ))
            }
        }
    }
    if let Some(text) = &args.fail_on {
        match parse_fail_on(text) {
            Some(f) => cli.fail_on = Some(f),
            None => {
                return Outcome::error(format!(
                    "wreslint: `{text}` is not error, warning, info or never"
                ))
            }
        }
    }
    let today = match &args.today {
        Some(text) => match crate::date::Date::parse_iso(text) {
            Some(d) => Some(d),
            None => {
                return Outcome::error(format!(
                    "wreslint: `{text}` is not a date (write YYYY-MM-DD)"
                ))
            }
        },
        None => None,
    };
    // `--timeout-per-file` overrides the configuration's `limits:`.
    let timeout: Option<Option<std::time::Duration>> = match args.timeout_per_file {
        None => None,
        Some(0.0) => Some(None),
        Some(s) => match std::time::Duration::try_from_secs_f64(s) {
            Ok(d) => Some(Some(d)),
            Err(_) => {
                return Outcome::error(format!(
                    "wreslint: `{s}` is not a number of seconds for --timeout-per-file"
                ))
            }
        },
    };
    let baseline = match &args.baseline {
        Some(path) => match crate::baseline::Baseline::load(path) {
            Ok(b) => Some(b),
            Err(e) => return Outcome::error(format!("wreslint: {e}")),
        },
        None => None,
    };
    let style = human_style(args.color);
    let explicit = match &args.config {
        Some(path) => match Config::load(path, rules) {
            Ok(c) => Some(c),
            Err(e) => return Outcome::error(human::render_config_error(&e, style)),
        },
        None => None,
    };
    let mut configs = Configs {
        explicit,
        found: HashMap::new(),
        defaults: Config::defaults(),
        rules,
        cli,
        allowed_pack_dirs: args.allow_pack_dir.clone(),
    };

    // Walk, leaving out what each file's configuration excludes.
    let mut config_errors = Vec::new();
    let (files, walk_errors) = {
        // Each configuration is read once; a broken one is reported below.
        let configs = std::cell::RefCell::new(&mut configs);
        let excluded = |path: &Path| {
            configs
                .borrow_mut()
                .written_for(path)
                .is_ok_and(|c| c.excludes(path))
        };
        walk::collect(&args.paths, &excluded)
    };
    let mut jobs = Vec::new();
    for file in files {
        match configs.for_file(&file) {
            Ok(config) => jobs.push((file, config)),
            Err(e) => config_errors.push(e),
        }
    }
    if !config_errors.is_empty() {
        let mut stderr = String::new();
        let mut seen = std::collections::HashSet::new();
        for e in config_errors.iter().filter(|e| seen.insert(e.path.clone())) {
            stderr.push_str(&human::render_config_error(e, style));
        }
        return Outcome {
            stdout: String::new(),
            stderr,
            code: EXIT_TROUBLE,
        };
    }

    // Files named for pairing (--data, --previous, pairs:) are linted too.
    let request = pairing::request(&args, &jobs);
    let listed: Vec<PathBuf> = jobs.iter().map(|(p, _)| p.clone()).collect();
    let mut hidden = Vec::new();
    for (path, shown) in pairing::extra_files(&request, &listed) {
        match configs.for_file(&path) {
            Ok(config) => {
                if !shown {
                    hidden.push(jobs.len());
                }
                jobs.push((path, config));
            }
            Err(e) => {
                return Outcome {
                    stdout: String::new(),
                    stderr: human::render_config_error(&e, style),
                    code: EXIT_TROUBLE,
                }
            }
        }
    }
    // A file that may be paired is annotated after the cross-checks, so its
    // copy carries them: read again then (bounded memory on large runs).
    let folders: HashMap<&Path, usize> = jobs.iter().fold(HashMap::new(), |mut m, (p, _)| {
        *m.entry(p.parent().unwrap_or(Path::new(""))).or_default() += 1;
        m
    });
    let named_pairs =
        request.data.is_some() || !request.previous.is_empty() || !request.pairs.is_empty();
    let may_pair = |file: &Path, facts: Option<&crate::evidence::Facts>| {
        let Some(facts) = facts else { return false };
        (facts.is_plan() || facts.is_data())
            && (named_pairs
                || (facts.is_plan() && facts.is_data())
                || (request.by_folder
                    && folders
                        .get(file.parent().unwrap_or(Path::new("")))
                        .is_some_and(|&n| n > 1)))
    };
    let rules_of = |config: &Config| -> Vec<RuleHandle> {
        if config.packs.is_empty() {
            rules.to_vec()
        } else {
            let mut extra = pack_rules.clone();
            extra.extend(config.pack_rules());
            all_rules(&extra)
        }
    };
    let settings_for = |config: &Config| -> (Option<&'static crate::knowledge::Knowledge>, Limits) {
        (
            standard.or(config.standard),
            match timeout {
                Some(time_per_file) => Limits {
                    time_per_file,
                    ..config.limits
                },
                None => config.limits,
            },
        )
    };

    let annotating = args.annotate || args.annotate_dir.is_some();
    let lint_one = |(file, config): &(PathBuf, Config)| -> (FileReport, Vec<String>, bool, bool) {
        let file_rules = rules_of(config);
        let (knowledge, limits) = settings_for(config);
        let settings = Settings {
            config,
            rules: &file_rules,
            knowledge,
            limits,
            no_suppressions: args.no_suppressions,
            today,
        };
        let started = std::time::Instant::now();
        let (mut report, linted) = lint::lint_file(file, &settings);
        // A baseline's keys carry the file name, so it can be applied file by file.
        if let Some(baseline) = &baseline {
            baseline.filter(std::slice::from_mut(&mut report));
        }
        let deferred = annotating && linted.is_some() && may_pair(file, report.facts.as_deref());
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
                annotate_within(
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
    };
    let done = std::sync::atomic::AtomicUsize::new(0);
    let total = jobs.len();
    let lint_one = |job: &(PathBuf, Config)| -> (FileReport, Vec<String>, bool, bool) {
        let report = lint_one(job);
        if let Some(progress) = hooks.progress {
            progress(
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                total,
            );
        }
        report
    };
    let results: Vec<(FileReport, Vec<String>, bool, bool)> =
        match args.jobs.map(|n| clamp_jobs(n, total)) {
            Some(1) => jobs.iter().map(lint_one).collect(),
            Some(n) => match rayon::ThreadPoolBuilder::new().num_threads(n).build() {
                Ok(pool) => pool.install(|| jobs.par_iter().map(lint_one).collect()),
                Err(_) => jobs.iter().map(lint_one).collect(),
            },
            None => jobs.par_iter().map(lint_one).collect(),
        };

    let mut reports = Vec::with_capacity(results.len());
    let mut annotate_notices = String::new();
    let mut annotate_failed = false;
    let mut deferred = Vec::new();
    let mut notice = |notices: Vec<String>, failed: bool| {
        for notice in notices {
            // Names of files and sheets come from the drive: shown, not sent.
            annotate_notices.push_str(&report::text::visible(&notice));
            annotate_notices.push('\n');
        }
        annotate_failed |= failed;
    };
    for (i, (report, notices, failed, later)) in results.into_iter().enumerate() {
        reports.push(report);
        notice(notices, failed);
        if later {
            deferred.push(i);
        }
    }
    pairing::cross_check(
        &mut reports,
        &jobs,
        &request,
        standard,
        &rules_of,
        args.no_suppressions,
    );
    for i in deferred.into_iter().filter(|i| !hidden.contains(i)) {
        let (file, config) = &jobs[i];
        let file_rules = rules_of(config);
        let (knowledge, limits) = settings_for(config);
        let settings = Settings {
            config,
            rules: &file_rules,
            knowledge,
            limits,
            no_suppressions: args.no_suppressions,
            today,
        };
        let Some(linted) = lint::reload(file, &settings) else {
            notice(
                vec![format!(
                    "wreslint: {}: no annotated copy: the file could not be read again",
                    report::display_path(file)
                )],
                true,
            );
            continue;
        };
        let knowledge = knowledge.unwrap_or_else(|| crate::standard::detect(&linted.workbook));
        let (notices, failed) = annotate_within(
            file,
            linted,
            knowledge,
            &reports[i],
            args.annotate_dir.as_deref(),
            limits.time_per_file,
        );
        notice(notices, failed);
    }
    // Last year's files were read for their figures, not to be reported.
    for i in hidden.into_iter().rev() {
        reports.remove(i);
        jobs.remove(i);
    }
    if let Some(path) = &args.write_baseline {
        let baseline = crate::baseline::Baseline::from_reports(&reports);
        return match baseline.save(path) {
            Ok(()) => Outcome {
                stdout: format!(
                    "Wrote {} findings to the baseline {}\n",
                    baseline.len(),
                    path.display()
                ),
                ..Outcome::default()
            },
            Err(e) => Outcome::error(format!("wreslint: {e}")),
        };
    }
    let mut stderr = annotate_notices;
    stderr.push_str(&unused_config_suppressions(&reports, &jobs));

    let tool = ToolInfo::new(rules);
    let mut stdout = match args.format {
        OutputFormat::Human => human::render(&reports, style),
        OutputFormat::Concise => report::concise::render(&reports),
        OutputFormat::Json => report::json::render(&reports, &tool, rules),
        OutputFormat::Sarif => report::sarif::render(&reports, &tool, rules),
        OutputFormat::Github => report::github::render(&reports, &tool),
        OutputFormat::Junit => report::junit::render(&reports, &tool),
        OutputFormat::Html => report::html::render(&reports, &tool),
    };
    let summary = Summary::of(&reports);
    // The HTML page has its own table of findings by rule.
    if args.statistics && args.format != OutputFormat::Html {
        stdout.push_str(&summary.statistics(rules));
    }
    for e in &walk_errors {
        stderr.push_str(&format!(
            "wreslint: {}\n",
            report::text::visible(&e.to_string())
        ));
    }
    if reports.is_empty() && walk_errors.is_empty() {
        stderr.push_str(
            "wreslint: no workbooks found (looked for .xlsx, .xlsm, .xlsb, .xls and .ods files)\n",
        );
    }
    let failing = reports.iter().zip(&jobs).any(|(report, (_, config))| {
        config
            .fail_on
            .is_some_and(|level| report.worst().is_some_and(|worst| worst >= level))
    });
    let trouble = annotate_failed
        || !walk_errors.is_empty()
        || reports.iter().any(|r| r.status != Status::Linted);
    let code = if trouble {
        EXIT_TROUBLE
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    };
    Outcome {
        stdout,
        stderr,
        code,
    }
}

/// Most files linted at once: each may hold a workbook as large as the
/// guards allow, so more threads than cores only adds memory.
pub const MAX_JOBS: usize = 64;

/// `--jobs N` as run: at least 1, no more than the files to lint, twice the
/// cores, or [`MAX_JOBS`]. (`--jobs 10000` on one file took 34 s to start
/// its threads; on 500 files it exhausted the process.)
pub fn clamp_jobs(requested: usize, files: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    requested.min(files).min(cores * 2).clamp(1, MAX_JOBS)
}

fn human_style(choice: ColorChoice) -> human::Style {
    let terminal = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && !no_color,
    };
    human::Style {
        color,
        unicode: terminal || color,
        width: 100,
    }
}

/// Configuration suppressions that matched nothing in any linted file.
fn unused_config_suppressions(reports: &[FileReport], jobs: &[(PathBuf, Config)]) -> String {
    let mut used: HashMap<(PathBuf, usize), (usize, &crate::suppress::Suppression)> =
        HashMap::new();
    for (report, (_, config)) in reports.iter().zip(jobs) {
        let Some(path) = &config.path else { continue };
        for (i, s) in config.suppressions.iter().enumerate() {
            let entry = used.entry((path.clone(), i)).or_insert((0, s));
            entry.0 += report.config_suppressions_used.get(i).copied().unwrap_or(0);
        }
    }
    let mut unused: Vec<String> = used
        .into_iter()
        .filter(|(_, (count, _))| *count == 0)
        .map(|((path, i), (_, s))| {
            let rule = match &s.rule {
                crate::runner::Selector::All => "ALL".to_owned(),
                crate::runner::Selector::Family(f) => f.to_string(),
                crate::runner::Selector::Rule(code) => code.clone(),
            };
            format!(
                "{}: suppression #{} of {} matched no finding; remove it\n",
                report::text::visible(&path.display().to_string()),
                i + 1,
                report::text::visible(&rule)
            )
        })
        .collect();
    unused.sort();
    unused.concat()
}

/// [`annotate_file`] within what is left of the file's time budget: on a
/// thread of its own, given up on (and told not to write) when the budget
/// runs out, as linting is.
fn annotate_within(
    file: &Path,
    linted: lint::Linted,
    knowledge: &crate::knowledge::Knowledge,
    report: &FileReport,
    dir: Option<&Path>,
    left: Option<std::time::Duration>,
) -> (Vec<String>, bool) {
    use std::sync::atomic::{AtomicBool, Ordering};
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
    let cancelled = Arc::new(AtomicBool::new(false));
    let cancel = Arc::clone(&cancelled);
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
            cancelled.store(true, Ordering::SeqCst);
            out_of_time()
        }
    }
}

/// Write one workbook's annotated copy; one line per outcome for stderr, and
/// whether it failed. Nothing is written once `cancelled` is set.
fn annotate_file(
    file: &Path,
    linted: &lint::Linted,
    knowledge: &crate::knowledge::Knowledge,
    report: &FileReport,
    dir: Option<&Path>,
    cancelled: Option<&std::sync::atomic::AtomicBool>,
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
    if cancelled.is_some_and(|c| c.load(std::sync::atomic::Ordering::SeqCst)) {
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
        assert!(failed);
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(notices[0].contains("time budget"), "{notices:?}");
        std::thread::sleep(std::time::Duration::from_secs(3));
        let copy = dir.path().join("plan.wreslint.xlsx");
        assert!(!copy.exists(), "the abandoned annotation wrote its copy");
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
