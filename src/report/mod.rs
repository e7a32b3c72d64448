//! Reporters: turn a run's file reports into text for people or machines.
//! They return strings; only the binary writes them out.

pub mod concise;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod text;

use std::collections::BTreeMap;

use crate::diagnostic::Severity;
use crate::lint::{FileOutcome, Status};
use crate::registry::RuleHandle;

/// What every output names: the tool and the rule set that produced it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ToolInfo {
    pub name: &'static str,
    pub version: &'static str,
    /// Changes whenever a rule or the built-in knowledge changes: the crate
    /// version plus a hash of the rule registry and the rule data.
    pub rules_version: String,
}

impl ToolInfo {
    pub fn new(rules: &[RuleHandle]) -> ToolInfo {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        for rule in rules {
            let meta = rule.meta();
            hash.update(format!(
                "{} {} {} {}\n",
                meta.code, meta.name, meta.family, meta.default_severity
            ));
        }
        for data in crate::knowledge::EMBEDDED_DATA {
            hash.update(data.as_bytes());
        }
        let digest: String = hash
            .finalize()
            .iter()
            .take(6)
            .map(|b| format!("{b:02x}"))
            .collect();
        ToolInfo {
            name: "wreslint",
            version: env!("CARGO_PKG_VERSION"),
            rules_version: format!("{}+{digest}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// Counts over a run, for summaries and exit codes.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub linted: usize,
    /// Files that could not be read.
    pub unreadable: usize,
    /// Files on which wreslint itself failed.
    pub internal_errors: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Diagnostics per rule code.
    pub by_rule: BTreeMap<String, usize>,
}

impl Summary {
    pub fn of(files: &[FileOutcome]) -> Summary {
        let mut summary = Summary {
            files: files.len(),
            ..Summary::default()
        };
        for file in files {
            match file.status {
                Status::Linted => summary.linted += 1,
                Status::Error => summary.unreadable += 1,
                Status::InternalError => summary.internal_errors += 1,
            }
            for d in &file.diagnostics {
                match d.severity {
                    Severity::Error => summary.errors += 1,
                    Severity::Warning => summary.warnings += 1,
                    Severity::Info => summary.infos += 1,
                }
                *summary.by_rule.entry(d.code.clone()).or_default() += 1;
            }
        }
        summary
    }

    pub fn diagnostics(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// "Found 12 problems (3 errors, 8 warnings, 1 info) in 5 files; 1 file could not be read."
    pub fn sentence(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut out = if self.diagnostics() == 0 {
            format!(
                "No problems found in {}",
                plural(self.linted, "file", "files")
            )
        } else {
            format!(
                "Found {} ({}, {}, {}) in {}",
                plural(self.diagnostics(), "problem", "problems"),
                plural(self.errors, "error", "errors"),
                plural(self.warnings, "warning", "warnings"),
                plural(self.infos, "info", "infos"),
                plural(self.linted, "file", "files"),
            )
        };
        if self.unreadable > 0 {
            out.push_str(&format!(
                "; {} could not be read",
                plural(self.unreadable, "file", "files")
            ));
        }
        if self.internal_errors > 0 {
            out.push_str(&format!(
                "; wreslint failed on {}",
                plural(self.internal_errors, "file", "files")
            ));
        }
        out.push('.');
        out
    }

    /// `--statistics`: one line per rule with its count, most frequent first.
    pub fn statistics(&self, rules: &[RuleHandle]) -> String {
        let mut rows: Vec<(&String, &usize)> = self.by_rule.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let mut out = String::new();
        for (code, count) in rows {
            let name = rules
                .iter()
                .find(|r| r.meta().code == code.as_str())
                .map(|r| r.meta().name.to_string())
                .unwrap_or_else(|| code.clone());
            // Pack rules' codes and names come from files: shown, not sent.
            let (code, name) = (text::visible(code), text::visible(&name));
            if name == code {
                // A pack rule without a code: its id, once.
                out.push_str(&format!("{count:>5}  {name}\n"));
            } else {
                out.push_str(&format!("{count:>5}  {code:<6} {name}\n"));
            }
        }
        out
    }
}

pub use crate::location::display_path;
