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
    let read = crate::inspect::inspect(&path, &model, knowledge, &workbook);
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
