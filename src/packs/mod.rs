//! Rule packs: rules written in YAML by governance teams, and the built-in
//! standards' own rules (the `rules:` of `rules/wdes.yaml`).
//!
//! Compile, then run: a pack's YAML is parsed into a node tree with spans
//! ([`node`]), checked and turned into [`PackRule`]s ([`compile`]), every
//! problem collected with its position into a [`PackError`]. Only packs that
//! compile run; their rules implement [`crate::rules::Rule`] and go through
//! the same registry, selection, severities and reporters as built-in rules.
//! The language is described in `docs/packs.md`; `docs/pack.schema.json` is
//! its JSON Schema ([`schema`]).

mod compile;
mod docs;
pub mod kinds;
mod message;
pub mod node;
mod rule;
pub mod schema;
pub mod selftest;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

pub use compile::{compile, Kind, Pack, Taken};
pub use message::Var;
pub use rule::{Case, PackField, PackRule, SheetFilter};

use crate::problem::{Located, Problem};
use crate::rules::Rule;

/// Everything wrong with one pack file.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{}: {}", path.display(), summary(problems))]
pub struct PackError {
    pub path: PathBuf,
    /// The YAML text, for rendering spans.
    pub text: String,
    pub problems: Vec<Problem>,
}

impl PackError {
    /// The file's problems, for rendering.
    pub fn located(&self) -> Located<'_> {
        Located {
            code: "pack",
            path: &self.path,
            text: &self.text,
            problems: &self.problems,
        }
    }
}

fn summary(problems: &[Problem]) -> String {
    crate::problem::summary(problems, "invalid rule pack")
}

/// The built-in standards' packs (their `rules:`), compiled once.
pub fn builtin_packs() -> &'static [Pack] {
    static PACKS: OnceLock<Vec<Pack>> = OnceLock::new();
    PACKS.get_or_init(|| {
        let mut taken = Taken::builtin();
        let sources = [
            ("rules/wres.yaml", include_str!("../../rules/wres.yaml")),
            ("rules/wdes.yaml", include_str!("../../rules/wdes.yaml")),
        ];
        sources
            .into_iter()
            .map(|(path, text)| {
                let knowledge = crate::knowledge::Knowledge::from_yaml(text)
                    .expect("built-in standard files are valid (checked by a unit test)");
                compile(text, path, Kind::Standard(&knowledge.standard), &mut taken)
                    .expect("built-in rule packs compile (checked by a unit test)")
            })
            .collect()
    })
}

/// The built-in packs' rules, for the registry.
pub fn builtin() -> Vec<Arc<dyn Rule>> {
    builtin_packs().iter().flat_map(Pack::rules).collect()
}

/// The ids user packs cannot use: built-in rules' codes and names, built-in
/// pack rules, families and `all`.
pub fn taken() -> Taken {
    let mut taken = Taken::builtin();
    for pack in builtin_packs() {
        for rule in &pack.rules {
            let owner = format!("a rule of built-in pack {}", pack.name);
            taken.insert(&rule.meta.code, owner.clone());
            taken.insert(&rule.meta.name, owner);
        }
    }
    taken
}

/// Compile a user pack's text; `path` names it in errors.
pub fn compile_text(text: &str, path: &Path, taken: &mut Taken) -> Result<Pack, PackError> {
    // A file that is not a YAML mapping is refused without showing it.
    if let Err(message) = crate::guard::check_yaml(text, path, "rule pack") {
        return Err(PackError {
            path: path.to_owned(),
            text: String::new(),
            problems: vec![Problem {
                message,
                span: None,
            }],
        });
    }
    let name = path.to_string_lossy();
    let mut pack = compile(text, &name, Kind::User, taken).map_err(|problems| PackError {
        path: path.to_owned(),
        text: text.to_owned(),
        problems: crate::problem::within(text, problems),
    })?;
    pack.path = path.to_owned();
    Ok(pack)
}

/// Read and compile a user pack.
pub fn load(path: &Path, taken: &mut Taken) -> Result<Pack, PackError> {
    let text =
        crate::guard::read_text(path, crate::guard::MAX_PACK_BYTES).map_err(|e| PackError {
            path: path.to_owned(),
            text: String::new(),
            problems: vec![Problem {
                message: format!("cannot read the rule pack: {e}"),
                span: None,
            }],
        })?;
    compile_text(&text, path, taken)
}

/// Read and compile several packs (a file named twice is read once), with
/// every error of every pack.
pub fn load_all(paths: &[PathBuf], taken: &mut Taken) -> Result<Vec<Pack>, Vec<PackError>> {
    let mut seen = Vec::new();
    let mut packs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
        if seen.contains(&canonical) {
            continue;
        }
        seen.push(canonical);
        match load(path, taken) {
            Ok(pack) => packs.push(pack),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(packs)
    } else {
        Err(errors)
    }
}

/// The rules of several packs, for the registry.
pub fn rules_of(packs: &[Pack]) -> Vec<Arc<dyn Rule>> {
    packs.iter().flat_map(Pack::rules).collect()
}

#[cfg(test)]
mod tests;
