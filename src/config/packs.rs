//! The rule packs a configuration names: compiled relative to its folder,
//! and, for a discovered configuration, confined to its own folder tree
//! (docs/security.md).

use std::path::{Path, PathBuf};

use serde_saphyr::Spanned;

use super::{problem, Problem, Trust};
use crate::registry::RuleHandle;

/// Compile the packs a configuration names, relative to its directory; a
/// pack that does not compile is a problem at its entry, its own errors kept.
pub(super) fn load_packs(
    entries: &[Spanned<String>],
    config: &Path,
    rules: &[RuleHandle],
    trust: Trust<'_>,
    problems: &mut Vec<Problem>,
) -> (Vec<crate::packs::Pack>, Vec<crate::packs::PackError>) {
    let dir = config.parent().unwrap_or(Path::new(""));
    // A discovered configuration reads packs only inside its own tree.
    let confined_to = match trust {
        Trust::Explicit => None,
        Trust::Discovered { allowed } => {
            let mut roots = vec![resolved(dir)];
            roots.extend(allowed.iter().map(|a| resolved(a)));
            Some(roots)
        }
    };
    let mut taken = crate::packs::Taken::of(rules.iter().map(|r| &**r));
    let mut packs = Vec::new();
    let mut errors = Vec::new();
    let mut seen = Vec::new();
    for entry in entries {
        let path = dir.join(entry.value.trim());
        let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
        if let Some(roots) = &confined_to {
            // Links are followed: a link in the tree to a file outside it is outside.
            let target = resolved(&path);
            if !roots.iter().any(|root| target.starts_with(root)) {
                problems.push(problem(
                    format!(
                        "the rule pack `{}` is outside the folder of this configuration, which \
                         was found beside the workbooks: such a configuration may only name \
                         packs in its own folder tree. Name the pack with --pack, use this file \
                         with --config, or allow its folder with --allow-pack-dir",
                        entry.value
                    ),
                    entry,
                ));
                continue;
            }
        }
        if seen.contains(&canonical) {
            continue;
        }
        seen.push(canonical);
        match crate::packs::load(&path, &mut taken) {
            Ok(pack) => packs.push(pack),
            Err(e) => {
                problems.push(problem(
                    format!(
                        "the rule pack `{}` does not compile: {}",
                        entry.value,
                        e.problems
                            .first()
                            .map(|p| p.message.as_str())
                            .unwrap_or("unknown problem")
                    ),
                    entry,
                ));
                errors.push(e);
            }
        }
    }
    (packs, errors)
}

/// `path` absolute, links resolved where it exists, `..` removed where it
/// does not: what a confinement check compares.
fn resolved(path: &Path) -> PathBuf {
    if let Ok(canonical) = path.canonicalize() {
        return canonical;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in absolute.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    // The nearest existing ancestor, resolved, keeps links honest.
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.as_os_str().is_empty() {
        if let Ok(canonical) = existing.canonicalize() {
            let mut full = canonical;
            full.extend(rest.iter().rev());
            return full;
        }
        match existing.file_name() {
            Some(name) => rest.push(name.to_owned()),
            None => break,
        }
        existing.pop();
    }
    out
}
