//! `.wreslint.yaml`: which rules run, at what severity, on which paths, and
//! the plan period and publication date when the workbook does not say.
//!
//! Raw YAML (unknown keys rejected) → validated [`Config`]; every problem is
//! collected with its byte span in the YAML so the human reporter can
//! underline it.

use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::date::Date;
use crate::diagnostic::Severity;
use crate::problem::yaml_problem;
use crate::registry::{RuleHandle, Selection, Selector};
use crate::suppress::{Origin, Suppression};
use crate::timeline::{self, PlanPeriod};

mod layout;
mod limits;
mod packs;

use packs::load_packs;

/// The file name wreslint looks for, walking up from each linted file.
pub const FILE_NAME: &str = ".wreslint.yaml";

/// The configuration as written, before validation.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default, deserialize_with = "null_as_empty")]
    select: Vec<Spanned<String>>,
    #[serde(default, deserialize_with = "null_as_empty")]
    ignore: Vec<Spanned<String>>,
    severity: Option<Pairs<Spanned<String>, Spanned<String>>>,
    plan_period: Option<Spanned<String>>,
    publication_date: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "null_as_empty")]
    exclude: Vec<Spanned<String>>,
    per_file_ignores: Option<Pairs<Spanned<String>, Vec<Spanned<String>>>>,
    fail_on: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "null_as_empty")]
    packs: Vec<Spanned<String>>,
    standard: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "null_as_empty")]
    suppress: Vec<Spanned<RawSuppression>>,
    limits: Option<limits::RawLimits>,
    #[serde(default, deserialize_with = "null_as_empty")]
    layout: Vec<layout::RawLayout>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pairs: Vec<RawPair>,
    evidence: Option<crate::evidence::thresholds::Overrides>,
}

/// One `pairs:` entry as written: paths relative to the configuration's folder.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPair {
    plan: PathBuf,
    data: Option<PathBuf>,
    previous_data: Option<PathBuf>,
    previous_plan: Option<PathBuf>,
}

/// One `suppress:` entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSuppression {
    rule: Spanned<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    paths: Vec<Spanned<String>>,
    cell: Option<String>,
    reason: Option<String>,
    expires: Option<Spanned<String>>,
}

/// A YAML mapping read in document order (a key written twice is kept twice;
/// the more specific selector decides, so order rarely matters).
#[derive(Debug)]
struct Pairs<K, V>(Vec<(K, V)>);

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Pairs<K, V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<K, V>(std::marker::PhantomData<(K, V)>);
        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<K, V> {
            type Value = Pairs<K, V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry()? {
                    pairs.push(pair);
                }
                Ok(Pairs(pairs))
            }
        }
        deserializer.deserialize_map(Visitor(std::marker::PhantomData))
    }
}

/// `key:` with nothing after it (or only comments) means an empty list.
fn null_as_empty<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// A validated configuration.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The file it came from; `None` for the built-in defaults.
    pub path: Option<PathBuf>,
    pub selection: Selection,
    pub plan_period: Option<PlanPeriod>,
    pub publication_date: Option<Date>,
    /// Paths (relative to the config file's directory) not to lint.
    exclude: Option<GlobSet>,
    /// Paths whose listed rules are switched off.
    per_file_ignores: Vec<(GlobSet, Vec<Selector>)>,
    /// The lowest severity that makes `check` fail; `None` never fails on findings.
    pub fail_on: Option<Severity>,
    /// Accepted findings, each with its reason.
    pub suppressions: Vec<Suppression>,
    /// Rule packs named under `packs:` (paths relative to the config file), compiled.
    pub packs: Vec<crate::packs::Pack>,
    /// The standard under `standard:`; `None` detects it per workbook.
    pub standard: Option<&'static crate::knowledge::Knowledge>,
    /// The loader's guards and the time budget: the defaults, with what
    /// `limits:` sets.
    pub limits: crate::load::Limits,
    /// What `layout:` declares about the template's sheets.
    pub layout: crate::model::Declared,
    /// `pairs:`: plans and their data (paths resolved against the file's folder).
    pub pairs: Vec<crate::evidence::pair::Entry>,
    /// `evidence:`: the cross-checks' thresholds that differ from the built-in ones.
    pub evidence: crate::evidence::thresholds::Overrides,
}

use crate::problem::{within, Located, Problem};

/// Everything wrong with one configuration file.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{}: {}", path.display(), summary(problems))]
pub struct ConfigError {
    pub path: PathBuf,
    /// The YAML text, for rendering spans.
    pub text: String,
    pub problems: Vec<Problem>,
    /// The rule packs named under `packs:` that do not compile.
    pub packs: Vec<crate::packs::PackError>,
}

impl ConfigError {
    /// The file's problems, then those of each pack it names, for rendering.
    pub fn located(&self) -> Vec<Located<'_>> {
        let own = Located {
            code: "config",
            path: &self.path,
            text: &self.text,
            problems: &self.problems,
        };
        std::iter::once(own)
            .chain(self.packs.iter().map(crate::packs::PackError::located))
            .collect()
    }
}

fn summary(problems: &[Problem]) -> String {
    crate::problem::summary(problems, "invalid configuration")
}

/// Where a configuration came from, and so what it may do.
#[derive(Clone, Copy, Debug)]
pub enum Trust<'a> {
    /// Named by the user (`--config`): it may do anything the command line can.
    Explicit,
    /// Discovered beside the workbooks, so written by whoever can write
    /// that folder: its `packs:` must lie inside its own folder tree (or
    /// under one of `allowed`, from `--allow-pack-dir`), and its `limits:`
    /// may only tighten the resource guards.
    Discovered { allowed: &'a [PathBuf] },
}

impl Config {
    pub fn defaults() -> Config {
        Config {
            fail_on: Some(Severity::Warning),
            ..Config::default()
        }
    }

    /// Read and validate a configuration file the user named.
    pub fn load(path: &Path, rules: &[RuleHandle]) -> Result<Config, ConfigError> {
        Config::load_with(path, rules, Trust::Explicit)
    }

    /// Read and validate a configuration file: a regular file of at most
    /// [`crate::guard::MAX_CONFIG_BYTES`], allowed what `trust` allows.
    pub fn load_with(
        path: &Path,
        rules: &[RuleHandle],
        trust: Trust<'_>,
    ) -> Result<Config, ConfigError> {
        let text = crate::guard::read_text(path, crate::guard::MAX_CONFIG_BYTES).map_err(|e| {
            ConfigError {
                path: path.to_owned(),
                text: String::new(),
                problems: vec![Problem {
                    message: format!("cannot read: {e}"),
                    span: None,
                }],
                packs: Vec::new(),
            }
        })?;
        let mut config = Config::parse_with(&text, path, rules, trust)?;
        // Globs are relative to the file's folder, compared with canonical paths.
        config.path = Some(path.canonicalize().unwrap_or_else(|_| path.to_owned()));
        Ok(config)
    }

    /// Validate configuration text; `path` names it in errors and anchors
    /// relative globs.
    pub fn parse(text: &str, path: &Path, rules: &[RuleHandle]) -> Result<Config, ConfigError> {
        Config::parse_with(text, path, rules, Trust::Explicit)
    }

    /// [`Config::parse`], allowed what `trust` allows.
    pub fn parse_with(
        text: &str,
        path: &Path,
        rules: &[RuleHandle],
        trust: Trust<'_>,
    ) -> Result<Config, ConfigError> {
        // A file that is not a YAML mapping is refused without showing it:
        // it may be any file at all.
        if let Err(message) = crate::guard::check_yaml(text, path, "wreslint configuration") {
            return Err(ConfigError {
                path: path.to_owned(),
                text: String::new(),
                problems: vec![Problem {
                    message,
                    span: None,
                }],
                packs: Vec::new(),
            });
        }
        let fail = |problems| ConfigError {
            path: path.to_owned(),
            text: text.to_owned(),
            problems: within(text, problems),
            packs: Vec::new(),
        };
        let raw: Raw = if text.trim().is_empty() {
            Raw::default()
        } else {
            serde_saphyr::from_str(text).map_err(|e| fail(vec![yaml_problem(&e)]))?
        };
        let mut problems = Vec::new();
        // Packs first: `select:` and `severity:` may name their rules.
        let (packs, pack_errors) = load_packs(&raw.packs, path, rules, trust, &mut problems);
        let mut with_packs = rules.to_vec();
        with_packs.extend(
            crate::packs::rules_of(&packs)
                .into_iter()
                .map(RuleHandle::Owned),
        );
        let rules = with_packs.as_slice();
        let selectors = |items: &[Spanned<String>], problems: &mut Vec<Problem>| -> Vec<Selector> {
            items
                .iter()
                .filter_map(|item| {
                    let found = Selector::parse(&item.value, rules);
                    if found.is_none() {
                        problems.push(problem(
                            format!(
                                "`{}` is not a rule code, rule name, family or ALL",
                                item.value
                            ),
                            item,
                        ));
                    }
                    found
                })
                .collect()
        };
        let mut config = Config::defaults();
        config.path = Some(path.to_owned());
        config.packs = packs;
        if let Some(name) = &raw.standard {
            match crate::standard::by_name(&name.value) {
                Some(knowledge) => config.standard = Some(knowledge),
                None if name.value.trim() == "auto" => {}
                None => problems.push(problem(
                    format!(
                        "`{}` is not a standard ({} or auto)",
                        name.value,
                        crate::standard::names().join(", ")
                    ),
                    name,
                )),
            }
        }
        config.selection.select = selectors(&raw.select, &mut problems);
        config.selection.ignore = selectors(&raw.ignore, &mut problems);
        for (who, level) in raw.severity.iter().flat_map(|p| &p.0) {
            let who = selectors(std::slice::from_ref(who), &mut problems);
            match Severity::parse(&level.value) {
                Some(severity) => config
                    .selection
                    .severity
                    .extend(who.into_iter().map(|s| (s, severity))),
                None => problems.push(problem(
                    format!("`{}` is not a severity (error, warning, info)", level.value),
                    level,
                )),
            }
        }
        if let Some(period) = &raw.plan_period {
            match parse_period(&period.value) {
                Some(p) => config.plan_period = Some(p),
                None => problems.push(problem(
                    format!(
                        "`{}` is not a plan period (write e.g. 2023/24 or 2023-2025)",
                        period.value
                    ),
                    period,
                )),
            }
        }
        config.layout = layout::compile(&raw.layout, &mut problems);
        let folder = path.parent().unwrap_or(Path::new(""));
        config.pairs = raw
            .pairs
            .iter()
            .map(|p| crate::evidence::pair::Entry {
                plan: folder.join(&p.plan),
                data: p.data.as_ref().map(|d| folder.join(d)),
                previous_data: p.previous_data.as_ref().map(|d| folder.join(d)),
                previous_plan: p.previous_plan.as_ref().map(|d| folder.join(d)),
            })
            .collect();
        if let Some(evidence) = raw.evidence {
            if let Some([low, high]) = evidence.non_adverse {
                if !(low > 0.0 && low <= 1.0 && high >= 1.0 && high.is_finite()) {
                    problems.push(Problem {
                        message: format!(
                            "evidence: non_adverse must be [low, high] with 0 < low <= 1 <= high (got [{low}, {high}])"
                        ),
                        span: None,
                    });
                }
            }
            config.evidence = evidence;
        }
        if let Some(written) = &raw.limits {
            config.limits = written.apply(config.limits, &mut problems);
            if let Trust::Discovered { .. } = trust {
                problems.extend(written.raised(&config.limits, &crate::load::Limits::default()));
            }
        }
        if let Some(date) = &raw.publication_date {
            match Date::parse_iso(date.value.trim()) {
                Some(d) => config.publication_date = Some(d),
                None => problems.push(problem(
                    format!("`{}` is not a date (write YYYY-MM-DD)", date.value),
                    date,
                )),
            }
        }
        if let Some(level) = &raw.fail_on {
            match level.value.trim() {
                "never" => config.fail_on = None,
                other => match Severity::parse(other) {
                    Some(s) => config.fail_on = Some(s),
                    None => problems.push(problem(
                        format!(
                            "`{}` is not a severity (error, warning, info) or `never`",
                            level.value
                        ),
                        level,
                    )),
                },
            }
        }
        config.exclude = globs(&raw.exclude, &mut problems);
        for (pattern, rules_off) in raw.per_file_ignores.iter().flat_map(|p| &p.0) {
            let set = globs(std::slice::from_ref(pattern), &mut problems);
            let off = selectors(rules_off, &mut problems);
            if let Some(set) = set {
                config.per_file_ignores.push((set, off));
            }
        }
        for entry in &raw.suppress {
            let raw_entry = &entry.value;
            let rule = selectors(std::slice::from_ref(&raw_entry.rule), &mut problems);
            let reason = raw_entry.reason.as_deref().map(str::trim).unwrap_or("");
            if reason.is_empty() {
                problems.push(problem(
                    format!(
                        "the suppression of `{}` needs a `reason`",
                        raw_entry.rule.value
                    ),
                    &raw_entry.rule,
                ));
            }
            let expires = match &raw_entry.expires {
                Some(text) => match Date::parse_iso(text.value.trim()) {
                    Some(d) => Some(d),
                    None => {
                        problems.push(problem(
                            format!("`{}` is not a date (write YYYY-MM-DD)", text.value),
                            text,
                        ));
                        None
                    }
                },
                None => None,
            };
            let paths = globs(&raw_entry.paths, &mut problems);
            if let (Some(rule), false) = (rule.into_iter().next(), reason.is_empty()) {
                config.suppressions.push(Suppression {
                    rule,
                    paths,
                    cell: raw_entry.cell.clone().filter(|c| !c.trim().is_empty()),
                    reason: reason.to_owned(),
                    expires,
                    origin: Origin::Config {
                        path: path.to_owned(),
                        span: span_of(&raw_entry.rule),
                    },
                });
            }
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            let mut error = fail(problems);
            error.packs = pack_errors;
            Err(error)
        }
    }

    /// The rules of this configuration's packs.
    pub fn pack_rules(&self) -> Vec<std::sync::Arc<dyn crate::rules::Rule>> {
        crate::packs::rules_of(&self.packs)
    }

    /// The directory paths in this configuration are relative to.
    pub fn root(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }

    /// `file` relative to the configuration's directory (as globs see it).
    /// The directory was found canonicalised, so the file is too, whatever
    /// form (`./plans/x.xlsx`, `x.xlsx`) the walk gave it in.
    pub fn relative(&self, file: &Path) -> PathBuf {
        let Some(root) = self.root().filter(|r| !r.as_os_str().is_empty()) else {
            return file.to_path_buf();
        };
        let absolute = file
            .canonicalize()
            .or_else(|_| std::path::absolute(file))
            .unwrap_or_else(|_| file.to_path_buf());
        match absolute.strip_prefix(root) {
            Ok(relative) => relative.to_path_buf(),
            Err(_) => file.strip_prefix(root).unwrap_or(file).to_path_buf(),
        }
    }

    /// Whether `file` is excluded from linting.
    pub fn excludes(&self, file: &Path) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|set| set.is_match(self.relative(file)))
    }

    /// The rule selection for one file: the configured one plus its per-file ignores.
    pub fn selection_for(&self, file: &Path) -> Selection {
        let mut selection = self.selection.clone();
        let relative = self.relative(file);
        for (set, off) in &self.per_file_ignores {
            if set.is_match(&relative) {
                selection.ignore.extend(off.iter().cloned());
            }
        }
        selection
    }
}

/// Parse a plan period as configured: `2023/24`, `2023-24`, `2023 - 2025`.
pub fn parse_period(text: &str) -> Option<PlanPeriod> {
    timeline::find_period(text)
        .filter(|(_, span)| span.len() == text.trim().len())
        .map(|(p, _)| p)
        .or_else(|| timeline::find_period(text.trim()).map(|(p, _)| p))
}

/// Find the configuration for a file: the nearest `.wreslint.yaml` in its
/// directory or above, stopping at a repository root (a directory holding `.git`).
pub fn discover(file: &Path) -> Option<PathBuf> {
    let start = if file.is_dir() {
        file.to_path_buf()
    } else {
        file.parent()?.to_path_buf()
    };
    let start = if start.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        start
    };
    let start = start.canonicalize().unwrap_or(start);
    for dir in start.ancestors() {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    None
}

fn span_of(at: &Spanned<String>) -> Option<Range<usize>> {
    let span = at.referenced.span();
    span.byte_offset()
        .zip(span.byte_len())
        .map(|(start, len)| start as usize..(start + len.max(1)) as usize)
}

fn problem(message: String, at: &Spanned<String>) -> Problem {
    Problem {
        message,
        span: span_of(at),
    }
}

fn globs(patterns: &[Spanned<String>], problems: &mut Vec<Problem>) -> Option<GlobSet> {
    if patterns.is_empty() {
        return None;
    }
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        match Glob::new(&pattern.value) {
            Ok(glob) => {
                builder.add(glob);
            }
            Err(e) => problems.push(problem(
                format!("`{}` is not a valid glob: {e}", pattern.value),
                pattern,
            )),
        }
    }
    builder.build().ok()
}

/// The starter file `wreslint init` writes.
pub const STARTER: &str = include_str!("../rules/starter.wreslint.yaml");

#[cfg(test)]
mod tests;
