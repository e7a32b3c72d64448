//! One line per finding, like compilers and ruff's concise output:
//! `path:Sheet!C5: severity[CODE] message`.

use crate::lint::{FileOutcome, Status};
use crate::report::text::visible;
use crate::report::{display_path, Summary};

pub fn render(files: &[FileOutcome]) -> String {
    let mut out = String::new();
    for file in files {
        // Every piece of text is shown through `visible`: one finding, one line.
        let mut path = visible(&display_path(&file.path)).into_owned();
        // A line that starts with "::" is a workflow command to GitHub
        // Actions: a file named "::error …" must not forge one.
        if path.starts_with(':') {
            path.insert_str(0, "./");
        }
        if file.status != Status::Linted {
            if let Some(error) = &file.error {
                out.push_str(&format!(
                    "{path}: error[{}] {error}\n",
                    status_code(file.status),
                    error = visible(error)
                ));
            }
            if file.status == Status::Error {
                continue;
            }
        }
        for d in &file.diagnostics {
            // One line per finding: related cells go on the same line.
            let related: String = crate::report::text::visible_related(d)
                .iter()
                .map(|see| format!(" ({see})"))
                .collect();
            out.push_str(&format!(
                "{path}:{}: {}[{}] {}{related}\n",
                visible(&d.location.to_string()),
                d.severity,
                visible(&d.code),
                visible(&d.message)
            ));
        }
    }
    out.push_str(&Summary::of(files).sentence());
    out.push('\n');
    out
}

pub(crate) fn status_code(status: Status) -> &'static str {
    match status {
        Status::Linted => "ok",
        Status::Error => "unreadable",
        Status::InternalError => "internal-error",
    }
}
