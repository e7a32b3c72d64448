//! Which files to lint: named files as given, directories walked for
//! workbooks (by extension, case-insensitively), honouring `.gitignore` and
//! `.wreslintignore`, skipping Office lock files and wreslint's own outputs.

use std::path::{Path, PathBuf};

/// Extensions wreslint lints when walking a directory.
pub const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// Whether a directory walk should pick up this file name.
pub fn is_candidate(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if name.starts_with("~$") || name.starts_with(".~lock.") || lower.contains(".wreslint.") {
        return false;
    }
    // Temporary names editors and sync tools use while saving.
    if lower.ends_with(".tmp") || lower.starts_with("~") {
        return false;
    }
    Path::new(&lower)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|ext| EXTENSIONS.contains(&ext))
}

/// A path the user named that could not be walked.
#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub struct WalkError {
    pub path: PathBuf,
    pub message: String,
}

/// Expand the given paths into files, sorted within each directory so the
/// order never depends on the file system. Named files are kept whatever
/// their extension (content decides the format).
pub fn collect(
    paths: &[PathBuf],
    excluded: &dyn Fn(&Path) -> bool,
) -> (Vec<PathBuf>, Vec<WalkError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if !path.exists() {
            errors.push(WalkError {
                path: path.clone(),
                message: "no such file or directory".into(),
            });
            continue;
        }
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .hidden(false)
            .git_global(false)
            .require_git(false)
            .add_custom_ignore_filename(".wreslintignore")
            .sort_by_file_name(|a, b| a.cmp(b))
            .filter_entry(|e| e.file_name() != ".git")
            .build();
        let mut found = Vec::new();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let is_file = entry.file_type().is_some_and(|t| t.is_file());
                    let name = entry.file_name().to_string_lossy();
                    if is_file && is_candidate(&name) && !excluded(entry.path()) {
                        found.push(entry.into_path());
                    }
                }
                Err(e) => errors.push(WalkError {
                    path: path.clone(),
                    message: e.to_string(),
                }),
            }
        }
        found.sort();
        files.extend(found);
    }
    (files, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_workbooks_and_skips_lock_files_and_outputs() {
        assert!(is_candidate("Plan 2023.XLSX"));
        assert!(is_candidate("data.ods"));
        assert!(!is_candidate("~$Plan 2023.xlsx"));
        assert!(!is_candidate(".~lock.plan.ods#"));
        assert!(!is_candidate("plan.wreslint.xlsx"));
        assert!(!is_candidate("notes.docx"));
        assert!(!is_candidate("plan.xlsx.tmp"));
    }

    #[test]
    fn walks_in_sorted_order_honouring_ignore_files() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.xlsx", "a.xls", "skip/c.ods", "~$b.xlsx", "notes.txt"] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, b"x").unwrap();
        }
        std::fs::write(dir.path().join(".wreslintignore"), "skip/\n").unwrap();
        let (files, errors) = collect(&[dir.path().to_path_buf()], &|_| false);
        assert!(errors.is_empty());
        let names: Vec<_> = files
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.xls", "b.xlsx"]);
    }
}
