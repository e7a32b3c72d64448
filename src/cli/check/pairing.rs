//! `check`'s second pass: pair the linted files (plan and data, this year
//! and last) and add the cross-checks to each paired file's report.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Options;
use crate::cli::{CheckArgs, Outcome, EXIT_TROUBLE};
use crate::config::Config;
use crate::evidence::pair::{self, Candidate, Pairing, Paths, Request};
use crate::evidence::{self, PairRole, Paired, Side};
use crate::knowledge::Knowledge;
use crate::lint::{self, FileOutcome};
use crate::registry::RuleHandle;
use crate::report::human;

/// What pairing asks of the run: the request, the files added for it, and
/// the folders' sizes for pairing by folder.
pub(super) struct Pairs {
    pub(super) request: Request,
    /// Jobs read for their figures only, not reported (last year's files).
    hidden: Vec<usize>,
    /// Files per folder.
    folders: HashMap<PathBuf, usize>,
    /// Whether files are paired by name (`--data`, `--previous`, `pairs:`).
    named: bool,
}

impl Pairs {
    /// The request, with the files it names that the walk did not list
    /// added to `jobs` (each with its configuration).
    pub(super) fn gather(
        args: &CheckArgs,
        options: &mut Options<'_>,
        jobs: &mut Vec<(PathBuf, Config)>,
    ) -> Result<Pairs, Outcome> {
        let request = request(args, jobs);
        let listed: Vec<PathBuf> = jobs.iter().map(|(p, _)| p.clone()).collect();
        let mut hidden = Vec::new();
        for (path, shown) in extra_files(&request, &listed) {
            match options.configs.for_file(&path) {
                Ok(config) => {
                    if !shown {
                        hidden.push(jobs.len());
                    }
                    jobs.push((path, config));
                }
                Err(e) => {
                    return Err(Outcome {
                        stdout: String::new(),
                        stderr: human::render_problems(&e.located(), options.style),
                        code: EXIT_TROUBLE,
                    })
                }
            }
        }
        let folders = jobs.iter().fold(HashMap::new(), |mut m, (p, _)| {
            *m.entry(p.parent().unwrap_or(Path::new("")).to_path_buf())
                .or_default() += 1;
            m
        });
        let named =
            request.data.is_some() || !request.previous.is_empty() || !request.pairs.is_empty();
        Ok(Pairs {
            request,
            hidden,
            folders,
            named,
        })
    }

    /// Whether a file may be paired (so its annotation waits for the
    /// cross-checks): a plan or data workbook, paired by name, holding both,
    /// or in a folder of several files paired by folder.
    pub(super) fn may_pair(&self, file: &Path, facts: Option<&evidence::Facts>) -> bool {
        let Some(facts) = facts else { return false };
        (facts.is_plan() || facts.is_data())
            && (self.named
                || (facts.is_plan() && facts.is_data())
                || (self.request.by_folder
                    && self
                        .folders
                        .get(file.parent().unwrap_or(Path::new("")))
                        .is_some_and(|&n| n > 1)))
    }

    pub(super) fn is_hidden(&self, job: usize) -> bool {
        self.hidden.contains(&job)
    }

    /// Leave out the files read for their figures only.
    pub(super) fn drop_hidden(
        &self,
        reports: &mut Vec<FileOutcome>,
        jobs: &mut Vec<(PathBuf, Config)>,
    ) {
        for &i in self.hidden.iter().rev() {
            reports.remove(i);
            jobs.remove(i);
        }
    }
}

/// What the flags and configurations ask of pairing.
fn request(args: &CheckArgs, jobs: &[(PathBuf, Config)]) -> Request {
    let mut pairs = Vec::new();
    for (_, config) in jobs {
        for entry in &config.pairs {
            if !pairs.contains(entry) {
                pairs.push(entry.clone());
            }
        }
    }
    Request {
        data: args.data.clone(),
        previous: args.previous.clone(),
        pairs,
        by_folder: !args.no_pair,
        required: args.pair,
    }
}

/// Files named for pairing that the walk did not list: (path, shown in
/// the report). `--data` is reported like any file named on the command
/// line; last year's files are read for their figures only.
fn extra_files(request: &Request, listed: &[PathBuf]) -> Vec<(PathBuf, bool)> {
    let listed = Paths::new(listed.iter().map(PathBuf::as_path));
    let mut extra: Vec<(PathBuf, bool)> = Vec::new();
    for (path, shown) in request.named_files() {
        let one = Paths::new([path.as_path()]);
        let known = (0..listed.len()).any(|l| listed.same(l, &one, 0))
            || extra
                .iter()
                .any(|(e, _)| Paths::new([e.as_path()]).same(0, &one, 0));
        if !known {
            extra.push((path.clone(), shown));
        }
    }
    extra
}

/// Pair the files, run the cross-checks and attach each file's evidence
/// summary. Returns the indices of the files whose findings changed.
pub(super) fn cross_check(
    reports: &mut [FileOutcome],
    jobs: &[(PathBuf, Config)],
    request: &Request,
    standard: Option<&'static Knowledge>,
    rules_of: &dyn Fn(&Config) -> Vec<RuleHandle>,
    no_suppressions: bool,
) -> Vec<usize> {
    let facts: Vec<Option<Arc<evidence::Facts>>> =
        reports.iter().map(|r| r.facts.clone()).collect();
    let candidates: Vec<Candidate<'_>> = reports
        .iter()
        .zip(&facts)
        .map(|(r, f)| Candidate {
            path: &r.path,
            facts: f.as_deref(),
        })
        .collect();
    let pairings = pair::pair(&candidates, request);
    let paths: Vec<PathBuf> = reports.iter().map(|r| r.path.clone()).collect();
    let mut changed = Vec::new();
    for (i, pairing) in pairings.iter().enumerate() {
        let Some(this) = facts[i].as_deref() else {
            continue;
        };
        let config = &jobs[i].1;
        let knowledge = standard
            .or(config.standard)
            .unwrap_or(if this.standard == "WDES" {
                Knowledge::wdes()
            } else {
                Knowledge::wres()
            });
        let thresholds = evidence::Thresholds::default().with(&config.evidence);
        let side = |slot: &Option<(usize, String)>| -> Option<Side<'_>> {
            let (j, _) = slot.as_ref()?;
            Some(Side {
                facts: facts[*j].as_deref()?,
                file: (*j != i).then(|| paths[*j].as_path()),
            })
        };
        // A data workbook is its own data in the indicator table.
        let data = side(&pairing.data).or_else(|| {
            this.is_data().then_some(Side {
                facts: this,
                file: None,
            })
        });
        let cx = evidence::Context {
            this,
            data,
            previous_data: side(&pairing.previous_data),
            previous_plan: side(&pairing.previous_plan),
            knowledge,
            thresholds: &thresholds,
            unpaired: pairing.unpaired,
        };
        let before = reports[i].diagnostics.len();
        if !pairing.is_empty() || pairing.unpaired {
            let rules = rules_of(config);
            lint::cross_check(&mut reports[i], &cx, config, &rules, no_suppressions);
        }
        if reports[i].diagnostics.len() != before {
            changed.push(i);
        }
        reports[i].evidence = Some(Arc::new(evidence::summary::build(
            &cx,
            paired_list(pairing, &paths, i),
        )));
    }
    changed
}

fn paired_list(pairing: &Pairing, paths: &[PathBuf], i: usize) -> Vec<Paired> {
    [
        (PairRole::Data, &pairing.data),
        (PairRole::PreviousData, &pairing.previous_data),
        (PairRole::PreviousPlan, &pairing.previous_plan),
    ]
    .into_iter()
    .filter_map(|(role, slot)| {
        let (j, reason) = slot.as_ref()?;
        Some(Paired {
            role,
            path: if *j == i {
                paths[i].clone()
            } else {
                paths[*j].clone()
            },
            reason: reason.clone(),
        })
    })
    .collect()
}
