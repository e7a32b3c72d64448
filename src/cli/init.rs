//! `wreslint init`: write a commented starter `.wreslint.yaml`.

use std::path::Path;

use super::Outcome;
use crate::config;

pub(super) fn init(path: &Path, force: bool) -> Outcome {
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
