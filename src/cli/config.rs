//! `wreslint config --show FILE`: the effective configuration for a workbook.

use std::path::Path;

use super::Outcome;
use crate::config::{self, Config};
use crate::lint;
use crate::load::Limits;
use crate::registry::{all_rules, RuleHandle};
use crate::report::{self, human};

pub(super) fn show_config(file: &Path, explicit: Option<&Path>, rules: &[RuleHandle]) -> Outcome {
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
            Err(e) => {
                return Outcome::error(human::render_problems(&e.located(), human::Style::plain()))
            }
        },
        None => Config::defaults(),
    };
    let set =
        crate::registry::RuleSet::new(all_rules(&config.pack_rules()), &config.selection_for(file));
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
