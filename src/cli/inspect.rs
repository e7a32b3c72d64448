//! `wreslint inspect FILE`: how a workbook was read (see [`crate::inspect`]).

use super::args::{InspectArgs, InspectFormat};
use super::Outcome;
use crate::config::{self, Config};
use crate::load::Limits;
use crate::registry::RuleHandle;
use crate::report::{self, human};

pub fn inspect(args: &InspectArgs, rules: &[RuleHandle]) -> Outcome {
    let found = args.config.clone().or_else(|| config::discover(&args.file));
    // A configuration found beside the workbook is the folder's, not the
    // user's: it gets the confinement `check` gives it.
    let trust = match &args.config {
        Some(_) => config::Trust::Explicit,
        None => config::Trust::Discovered { allowed: &[] },
    };
    let mut config = match &found {
        Some(path) => match Config::load_with(path, rules, trust) {
            Ok(c) => c,
            Err(e) => {
                return Outcome::error(human::render_problems(&e.located(), human::Style::plain()))
            }
        },
        None => Config::defaults(),
    };
    if let Some(text) = &args.plan_period {
        match super::period_arg(text) {
            Ok(p) => config.plan_period = Some(p),
            Err(outcome) => return outcome,
        }
    }
    let standard = match super::standard_arg(args.standard.as_deref()) {
        Ok(standard) => standard.or(config.standard),
        Err(outcome) => return outcome,
    };
    let path = report::text::visible(&report::display_path(&args.file)).into_owned();
    let workbook = match crate::load::load_path(&args.file, &Limits::default()) {
        Ok((_, workbook)) => workbook,
        Err(e) => return Outcome::error(format!("{path}: {e}")),
    };
    let knowledge = standard.unwrap_or_else(|| crate::standard::detect(&workbook));
    let mut model = crate::model::build_with(&workbook, knowledge, &config.layout);
    crate::lint::apply_overrides(&mut model, &config);
    let this = crate::evidence::facts::of(&model, knowledge, &workbook);
    let mut read = crate::inspect::inspect(&path, &model, knowledge, &this);
    read.pairing = pairing(args, &config, this, standard);
    let stdout = match args.format {
        InspectFormat::Text => read.to_text(),
        InspectFormat::Json => {
            let mut text = serde_json::to_string_pretty(&read).unwrap_or_default();
            text.push('\n');
            text
        }
    };
    Outcome {
        stdout,
        ..Outcome::default()
    }
}

/// Most other workbooks of the folder read to show the pairing: inspect
/// answers at once, and a folder of hundreds is `check`'s work.
const MAX_SIBLINGS: usize = 50;

/// What `check` would pair the inspected file with: the files named by
/// `--data`, `--previous` and `pairs:`, and the workbooks of its folder.
fn pairing(
    args: &InspectArgs,
    config: &Config,
    this: crate::evidence::Facts,
    standard: Option<&'static crate::knowledge::Knowledge>,
) -> Vec<crate::evidence::Paired> {
    use crate::evidence::pair::{self, Candidate, Request};
    let request = Request {
        data: args.data.clone(),
        previous: args.previous.clone(),
        pairs: config.pairs.clone(),
        by_folder: !args.no_pair,
        required: false,
    };
    let mut others: Vec<std::path::PathBuf> =
        request.named_files().map(|(p, _)| p.clone()).collect();
    if request.by_folder {
        let folder = args.file.parent().filter(|p| !p.as_os_str().is_empty());
        let entries = std::fs::read_dir(folder.unwrap_or(std::path::Path::new(".")));
        let mut siblings: Vec<std::path::PathBuf> = entries
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(crate::walk::is_candidate)
                    && p.file_name() != args.file.file_name()
            })
            .map(|p| match folder {
                Some(_) => p,
                None => p.file_name().map(std::path::PathBuf::from).unwrap_or(p),
            })
            .collect();
        siblings.sort();
        siblings.truncate(MAX_SIBLINGS);
        others.extend(siblings);
    }
    let facts: Vec<(std::path::PathBuf, Option<crate::evidence::Facts>)> =
        std::iter::once((args.file.clone(), Some(this)))
            .chain(others.into_iter().map(|path| {
                let facts =
                    crate::load::load_path(&path, &Limits::default())
                        .ok()
                        .map(|(_, workbook)| {
                            let knowledge =
                                standard.unwrap_or_else(|| crate::standard::detect(&workbook));
                            let mut model =
                                crate::model::build_with(&workbook, knowledge, &config.layout);
                            crate::lint::apply_overrides(&mut model, config);
                            crate::evidence::facts::of(&model, knowledge, &workbook)
                        });
                (path, facts)
            }))
            .collect();
    let candidates: Vec<Candidate<'_>> = facts
        .iter()
        .map(|(path, facts)| Candidate {
            path,
            facts: facts.as_ref(),
        })
        .collect();
    let pairing = pair::pair(&candidates, &request).swap_remove(0);
    [
        (crate::evidence::PairRole::Data, pairing.data),
        (
            crate::evidence::PairRole::PreviousData,
            pairing.previous_data,
        ),
        (
            crate::evidence::PairRole::PreviousPlan,
            pairing.previous_plan,
        ),
    ]
    .into_iter()
    .filter_map(|(role, slot)| {
        let (j, reason) = slot?;
        // Beside the inspected file, its name is enough.
        let path = &facts[j].0;
        let beside = path.parent() == args.file.parent();
        Some(crate::evidence::Paired {
            role,
            path: if beside {
                path.file_name()
                    .map_or_else(|| path.clone(), std::path::PathBuf::from)
            } else {
                path.clone()
            },
            reason,
        })
    })
    .collect()
}
