//! Accepted findings: accept the findings a legacy workbook has today and
//! report only new ones (`--write-accepted`, `--accepted`; the flags were
//! `--write-baseline` and `--baseline`, still accepted, but "baseline" also
//! names a KPI's starting figure). Entries are keyed on content — file name, rule, sheet and a hash
//! of the cell's text and the message — not on the cell address, so inserting
//! a row above a known finding does not make it new.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diagnostic::Diagnostic;
use crate::lint::FileOutcome;

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptedFindings {
    /// Always 1 for now.
    version: u32,
    /// Key → how many findings with that key are accepted.
    findings: BTreeMap<String, usize>,
}

#[derive(Debug, thiserror::Error)]
pub enum AcceptedError {
    #[error("cannot read the accepted findings {path}: {cause}")]
    Read { path: String, cause: String },
    #[error("cannot write the accepted findings {path}: {cause}")]
    Write { path: String, cause: String },
}

fn key(file: &Path, d: &Diagnostic) -> String {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut hash = Sha256::new();
    hash.update(d.cell_text.as_deref().unwrap_or("").trim().as_bytes());
    hash.update([0]);
    hash.update(d.message.as_bytes());
    let digest: String = hash
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    format!(
        "{name} {} {} {digest}",
        d.code,
        d.location.sheet().unwrap_or("")
    )
}

impl AcceptedFindings {
    pub fn from_outcomes(reports: &[FileOutcome]) -> AcceptedFindings {
        let mut accepted = AcceptedFindings {
            version: 1,
            findings: BTreeMap::new(),
        };
        for report in reports {
            for d in &report.diagnostics {
                *accepted.findings.entry(key(&report.path, d)).or_default() += 1;
            }
        }
        accepted
    }

    pub fn len(&self) -> usize {
        self.findings.values().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }

    pub fn load(path: &Path) -> Result<AcceptedFindings, AcceptedError> {
        let fail = |cause: String| AcceptedError::Read {
            path: path.display().to_string(),
            cause,
        };
        let text = crate::guard::read_text(path, crate::guard::MAX_ACCEPTED_BYTES).map_err(fail)?;
        // serde_json quotes what it did not expect: never a file that is
        // not one of ours at all.
        if !text.trim_start().starts_with('{') {
            return Err(fail(
                "not a wreslint file of accepted findings (a JSON object written by --write-accepted); its contents are not shown".into(),
            ));
        }
        serde_json::from_str(&text)
            .map_err(|e| fail(crate::report::text::visible(&e.to_string()).into_owned()))
    }

    /// Written atomically, as the annotated copy is: a new temporary file
    /// beside it (unique, created exclusively, so a link planted there is
    /// never followed), then a rename. A target that is not a regular file
    /// (a FIFO, a device) is refused.
    pub fn save(&self, path: &Path) -> Result<(), AcceptedError> {
        let fail = |cause: String| AcceptedError::Write {
            path: path.display().to_string(),
            cause,
        };
        let text = serde_json::to_string_pretty(self).map_err(|e| fail(e.to_string()))? + "\n";
        crate::annotate::replace_file(text.as_bytes(), path).map_err(fail)
    }

    /// Drop the accepted findings from each report (as many as were accepted per key).
    pub fn filter(&self, reports: &mut [FileOutcome]) {
        let mut left = self.findings.clone();
        for report in reports {
            let path = report.path.clone();
            report
                .diagnostics
                .retain(|d| match left.get_mut(&key(&path, d)) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                });
        }
    }
}
