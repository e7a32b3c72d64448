//! `wreslint test-rules`: run the self-tests of rule packs.

use std::path::{Path, PathBuf};

use super::{compile_packs, Outcome, EXIT_CLEAN, EXIT_FINDINGS};
use crate::config::{self, Config};
use crate::registry::RuleHandle;
use crate::report::human;

/// `wreslint test-rules`: run packs' self-tests; exit 1 when a case fails,
/// 2 when a pack does not compile.
pub(super) fn test_rules(paths: &[PathBuf], rules: &[RuleHandle]) -> Outcome {
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
                Err(e) => return Outcome::error(human::render_problems(&e.located(), style)),
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
