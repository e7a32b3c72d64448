//! `wreslint check` (and each round of `watch`), in phases: read the
//! options, gather the files and their configurations, lint them in parallel
//! (annotating each as it is linted), then report and choose the exit code.

mod annotate;
mod configs;
mod lint_files;
mod pairing;

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use self::configs::{parse_fail_on, CliOverrides, Configs};
use self::lint_files::{annotate_deferred, lint_all, FileRules, Linted};
use self::pairing::Pairs;
use super::{
    compile_packs, period_arg, standard_arg, CheckArgs, ColorChoice, Hooks, Outcome, OutputFormat,
    EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE,
};
use crate::accepted::AcceptedFindings;
use crate::config::Config;
use crate::knowledge::Knowledge;
use crate::lint::{FileOutcome, Status};
use crate::registry::{all_rules, RuleHandle};
use crate::report::{self, human, Summary, ToolInfo};
use crate::walk::{self, WalkError};

pub fn check(args: CheckArgs, rules: &[RuleHandle], hooks: &Hooks<'_>) -> Outcome {
    run(&args, rules, hooks).unwrap_or_else(|outcome| outcome)
}

/// The phases in order; an `Err` is an outcome that ends the run early.
fn run(args: &CheckArgs, rules: &[RuleHandle], hooks: &Hooks<'_>) -> Result<Outcome, Outcome> {
    let packs = compile_packs(&args.pack, human_style(args.color))?;
    let pack_rules = crate::packs::rules_of(&packs);
    let with_packs = all_rules(&pack_rules);
    let rules = if packs.is_empty() { rules } else { &with_packs };
    let mut options = Options::read(args, rules)?;
    let mut gathered = gather(&args.paths, &mut options)?;
    // Files named for pairing (--data, --previous, pairs:) are linted too.
    let pairs = Pairs::gather(args, &mut options, &mut gathered.jobs)?;
    let file_rules = FileRules {
        rules,
        pack_rules: &pack_rules,
    };
    let mut linted = lint_all(args, &options, &file_rules, &gathered.jobs, &pairs, hooks);
    pairing::cross_check(
        &mut linted.reports,
        &gathered.jobs,
        &pairs.request,
        options.standard,
        &|config| file_rules.of(config),
        args.no_suppressions,
    );
    annotate_deferred(
        args,
        &options,
        &file_rules,
        &gathered.jobs,
        &pairs,
        &mut linted,
    );
    // Last year's files were read for their figures, not to be reported.
    pairs.drop_hidden(&mut linted.reports, &mut gathered.jobs);
    if let Some(path) = &args.write_accepted {
        return Ok(write_accepted(path, &linted.reports));
    }
    Ok(report(args, &options, rules, &gathered, linted))
}

/// What the command line asks, checked before any workbook is read.
struct Options<'r> {
    /// `--standard`: `None` picks it per workbook (or from configuration).
    standard: Option<&'static Knowledge>,
    today: Option<crate::date::Date>,
    /// `--timeout-per-file`, overriding the configuration's `limits:`;
    /// `Some(None)` is no budget.
    timeout: Option<Option<Duration>>,
    accepted: Option<AcceptedFindings>,
    style: human::Style,
    configs: Configs<'r>,
}

impl<'r> Options<'r> {
    fn read(args: &CheckArgs, rules: &'r [RuleHandle]) -> Result<Options<'r>, Outcome> {
        let standard = standard_arg(args.standard.as_deref())?;
        let cli = overrides(args, rules)?;
        let today = args.today.as_deref().map(date_arg).transpose()?;
        let timeout = match args.timeout_per_file {
            None => None,
            Some(0.0) => Some(None),
            Some(s) => match Duration::try_from_secs_f64(s) {
                Ok(d) => Some(Some(d)),
                Err(_) => {
                    return Err(Outcome::error(format!(
                        "wreslint: `{s}` is not a number of seconds for --timeout-per-file"
                    )))
                }
            },
        };
        let accepted = match &args.accepted {
            Some(path) => Some(
                AcceptedFindings::load(path)
                    .map_err(|e| Outcome::error(format!("wreslint: {e}")))?,
            ),
            None => None,
        };
        let style = human_style(args.color);
        let explicit = match &args.config {
            Some(path) => Some(
                Config::load(path, rules)
                    .map_err(|e| Outcome::error(human::render_problems(&e.located(), style)))?,
            ),
            None => None,
        };
        Ok(Options {
            standard,
            today,
            timeout,
            accepted,
            style,
            configs: Configs::new(explicit, rules, cli, args.allow_pack_dir.clone()),
        })
    }
}

/// `--select`, `--ignore`, `--plan-period`, `--publication-date` and
/// `--fail-on`: what the command line sets over every configuration.
fn overrides(args: &CheckArgs, rules: &[RuleHandle]) -> Result<CliOverrides, Outcome> {
    let mut cli = CliOverrides::default();
    for (list, out) in [
        (&args.select, &mut cli.select),
        (&args.ignore, &mut cli.ignore),
    ] {
        for item in list {
            match crate::registry::Selector::parse(item, rules) {
                Some(s) => out.push(s),
                None => {
                    return Err(Outcome::error(format!(
                        "wreslint: `{item}` is not a rule code, rule name, family or ALL (run `wreslint rules`)"
                    )))
                }
            }
        }
    }
    if let Some(text) = &args.plan_period {
        cli.plan_period = Some(period_arg(text)?);
    }
    if let Some(text) = &args.publication_date {
        cli.publication_date = Some(date_arg(text)?);
    }
    if let Some(text) = &args.fail_on {
        match parse_fail_on(text) {
            Some(f) => cli.fail_on = Some(f),
            None => {
                return Err(Outcome::error(format!(
                    "wreslint: `{text}` is not error, warning, info or never"
                )))
            }
        }
    }
    Ok(cli)
}

/// `--publication-date` and `--today`.
fn date_arg(text: &str) -> Result<crate::date::Date, Outcome> {
    crate::date::Date::parse_iso(text).ok_or_else(|| {
        Outcome::error(format!(
            "wreslint: `{text}` is not a date (write YYYY-MM-DD)"
        ))
    })
}

/// The files to lint, each with its configuration, and what could not be walked.
struct Gathered {
    jobs: Vec<(PathBuf, Config)>,
    walk_errors: Vec<WalkError>,
}

/// Walk, leaving out what each file's configuration excludes; every broken
/// configuration is reported (once each) before any workbook is read.
fn gather(paths: &[PathBuf], options: &mut Options<'_>) -> Result<Gathered, Outcome> {
    let configs = &mut options.configs;
    let (files, walk_errors) = {
        // Each configuration is read once; a broken one is reported below.
        let configs = std::cell::RefCell::new(&mut *configs);
        let excluded = |path: &Path| {
            configs
                .borrow_mut()
                .written_for(path)
                .is_ok_and(|c| c.excludes(path))
        };
        walk::collect(paths, &excluded)
    };
    let mut config_errors = Vec::new();
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
            stderr.push_str(&human::render_problems(&e.located(), options.style));
        }
        return Err(Outcome {
            stdout: String::new(),
            stderr,
            code: EXIT_TROUBLE,
        });
    }
    Ok(Gathered { jobs, walk_errors })
}

/// `--write-accepted`: today's findings, accepted; exit 0.
fn write_accepted(path: &Path, reports: &[FileOutcome]) -> Outcome {
    let accepted = AcceptedFindings::from_outcomes(reports);
    match accepted.save(path) {
        Ok(()) => Outcome {
            stdout: format!(
                "Accepted {} findings: wrote them to {}\n",
                accepted.len(),
                path.display()
            ),
            ..Outcome::default()
        },
        Err(e) => Outcome::error(format!("wreslint: {e}")),
    }
}

/// The report in the chosen format, the notices, and the exit code.
fn report(
    args: &CheckArgs,
    options: &Options<'_>,
    rules: &[RuleHandle],
    gathered: &Gathered,
    linted: Linted,
) -> Outcome {
    let Gathered { jobs, walk_errors } = gathered;
    let reports = &linted.reports;
    let mut stderr = linted.annotate_notices;
    stderr.push_str(&unused_config_suppressions(reports, jobs));

    let tool = ToolInfo::new(rules);
    let mut stdout = match args.format {
        OutputFormat::Human => human::render(reports, options.style),
        OutputFormat::Concise => report::concise::render(reports),
        OutputFormat::Json => report::json::render(reports, &tool, rules),
        OutputFormat::Sarif => report::sarif::render(reports, &tool, rules),
        OutputFormat::Github => report::github::render(reports, &tool),
        OutputFormat::Junit => report::junit::render(reports, &tool),
        OutputFormat::Html => report::html::render(reports, &tool),
    };
    let summary = Summary::of(reports);
    // The HTML page has its own table of findings by rule.
    if args.statistics && args.format != OutputFormat::Html {
        stdout.push_str(&summary.statistics(rules));
    }
    for e in walk_errors {
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
    let code = exit_code(reports, jobs, walk_errors, linted.annotate_failed);
    Outcome {
        stdout,
        stderr,
        code,
    }
}

/// 2 when something could not be checked (a file, a folder, an annotated
/// copy), else 1 when a file has a finding at or above its fail level, else 0.
fn exit_code(
    reports: &[FileOutcome],
    jobs: &[(PathBuf, Config)],
    walk_errors: &[WalkError],
    annotate_failed: bool,
) -> i32 {
    let failing = reports.iter().zip(jobs).any(|(report, (_, config))| {
        config
            .fail_on
            .is_some_and(|level| report.worst().is_some_and(|worst| worst >= level))
    });
    let trouble = annotate_failed
        || !walk_errors.is_empty()
        || reports.iter().any(|r| r.status != Status::Linted);
    if trouble {
        EXIT_TROUBLE
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
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
fn unused_config_suppressions(reports: &[FileOutcome], jobs: &[(PathBuf, Config)]) -> String {
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
                crate::registry::Selector::All => "ALL".to_owned(),
                crate::registry::Selector::Family(f) => f.to_string(),
                crate::registry::Selector::Rule(code) => code.clone(),
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
