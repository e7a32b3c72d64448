//! GitHub Actions workflow commands: each finding becomes an annotation on the
//! workbook in the run summary and the pull request's file list.

use crate::diagnostic::Severity;
use crate::lint::{FileOutcome, Status};
use crate::report::{display_path, ToolInfo};

/// Escape a workflow-command property value (`%`, CR, LF, `:` and `,`).
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Escape a workflow-command message (`%`, CR, LF); every other control
/// character is shown as an escape (the log viewer renders ANSI sequences).
fn data(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\n' | '\r') {
            shown.push(c);
        } else {
            shown.push_str(&crate::report::text::visible(c.encode_utf8(&mut [0; 4])));
        }
    }
    shown
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

pub fn render(files: &[FileOutcome], tool: &ToolInfo) -> String {
    let mut out = String::new();
    for file in files {
        let path = display_path(&file.path);
        if file.status != Status::Linted {
            out.push_str(&format!(
                "::error file={},title={}::{}\n",
                property(&path),
                property("wreslint: cannot lint"),
                data(file.error.as_deref().unwrap_or("could not be linted"))
            ));
        }
        for d in &file.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let title = format!("{} {} ({})", d.code, d.name, d.location);
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str(&format!("\n{help}"));
            }
            for see in crate::report::text::visible_related(d) {
                message.push_str(&format!("\n{see}"));
            }
            out.push_str(&format!(
                "::{command} file={},title={}::{}\n",
                property(&path),
                property(&title),
                data(&message)
            ));
        }
    }
    out.push_str(&format!(
        "{} {} (rules {}): {}\n",
        tool.name,
        tool.version,
        tool.rules_version,
        crate::report::Summary::of(files).sentence()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_properties_and_messages() {
        assert_eq!(property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
    }
}
