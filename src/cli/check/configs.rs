//! Each file's configuration: written (explicit, discovered or the
//! defaults), read once per configuration file, with the command line's
//! overrides applied.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::config::{self, Config, ConfigError};
use crate::diagnostic::Severity;
use crate::registry::RuleHandle;

/// The configuration for each file, loaded once per config file.
pub(super) struct Configs<'a> {
    explicit: Option<Config>,
    found: HashMap<PathBuf, Config>,
    defaults: Config,
    rules: &'a [RuleHandle],
    cli: CliOverrides,
    /// Where discovered configurations may name packs besides their own tree.
    allowed_pack_dirs: Vec<PathBuf>,
}

#[derive(Default)]
pub(super) struct CliOverrides {
    pub(super) select: Vec<crate::registry::Selector>,
    pub(super) ignore: Vec<crate::registry::Selector>,
    pub(super) plan_period: Option<crate::timeline::PlanPeriod>,
    pub(super) publication_date: Option<crate::date::Date>,
    pub(super) fail_on: Option<Option<Severity>>,
}

impl<'a> Configs<'a> {
    pub(super) fn new(
        explicit: Option<Config>,
        rules: &'a [RuleHandle],
        cli: CliOverrides,
        allowed_pack_dirs: Vec<PathBuf>,
    ) -> Configs<'a> {
        Configs {
            explicit,
            found: HashMap::new(),
            defaults: Config::defaults(),
            rules,
            cli,
            allowed_pack_dirs,
        }
    }

    /// The file's configuration as written: explicit, or discovered and read
    /// once per configuration file.
    pub(super) fn written_for(&mut self, file: &Path) -> Result<&Config, ConfigError> {
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
    pub(super) fn for_file(&mut self, file: &Path) -> Result<Config, ConfigError> {
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

pub(super) fn parse_fail_on(text: &str) -> Option<Option<Severity>> {
    if text == "never" {
        Some(None)
    } else {
        Severity::parse(text).map(Some)
    }
}
