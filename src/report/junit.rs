//! JUnit XML for CI test dashboards: one test suite per workbook, one test
//! case per rule that ran on it, failing when the rule reported anything.

use crate::report::text::visible;

use crate::lint::{FileOutcome, Status};
use crate::report::{display_path, ToolInfo};

/// Text for an attribute or element: every character XML 1.0 forbids (and
/// every other control) shown as an escape, then `&<>"'` escaped, so the
/// document stays well-formed whatever a workbook holds.
fn escape(text: &str) -> String {
    quick_xml::escape::escape(visible(text)).into_owned()
}

pub fn render(files: &[FileOutcome], tool: &ToolInfo) -> String {
    let mut suites = String::new();
    let (mut tests, mut failures, mut errors) = (0usize, 0usize, 0usize);
    for file in files {
        let path = display_path(&file.path);
        let mut cases = String::new();
        let (mut suite_tests, mut suite_failures, mut suite_errors) = (0usize, 0usize, 0usize);
        if file.status != Status::Linted {
            suite_tests += 1;
            suite_errors += 1;
            cases.push_str(&format!(
                "    <testcase name=\"load\" classname=\"{}\">\n      <error message=\"{}\"/>\n    </testcase>\n",
                escape(&path),
                escape(file.error.as_deref().unwrap_or("could not be linted"))
            ));
        }
        for (code, name) in &file.checked {
            suite_tests += 1;
            let found: Vec<_> = file
                .diagnostics
                .iter()
                .filter(|d| &d.code == code)
                .collect();
            // A pack rule without a code is named by its id alone.
            let case = if code == name {
                name.clone()
            } else {
                format!("{code} {name}")
            };
            cases.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{}\"",
                escape(&case),
                escape(&path)
            ));
            if found.is_empty() {
                cases.push_str("/>\n");
                continue;
            }
            suite_failures += 1;
            // One line per finding; the lines are joined by real newlines.
            let body: Vec<String> = found
                .iter()
                .map(|d| {
                    let related: String = crate::report::text::visible_related(d)
                        .iter()
                        .map(|see| format!(" ({see})"))
                        .collect();
                    escape(&format!(
                        "{} {}: {}{related}",
                        d.severity, d.location, d.message
                    ))
                })
                .collect();
            cases.push_str(&format!(
                ">\n      <failure message=\"{} finding(s)\" type=\"{}\">{}</failure>\n    </testcase>\n",
                found.len(),
                escape(name),
                body.join("\n")
            ));
        }
        tests += suite_tests;
        failures += suite_failures;
        errors += suite_errors;
        suites.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{suite_tests}\" failures=\"{suite_failures}\" errors=\"{suite_errors}\">\n{cases}  </testsuite>\n",
            escape(&path)
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{} {} (rules {})\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n{suites}</testsuites>\n",
        tool.name,
        tool.version,
        escape(&tool.rules_version)
    )
}
