//! The terminal report: each finding drawn by miette with the cell's text as
//! its source ("plan.xlsx › 'Action Plan'!E7"), the offending words
//! underlined, and the help beneath. The only module that uses miette.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan, ThemeCharacters,
    ThemeStyles,
};

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::{FileOutcome, Status};
use crate::problem::{Located, Problem};
use crate::report::text::{visible, visible_lines};
use crate::report::{display_path, Summary};

/// How to draw: colours and Unicode, or plain ASCII for logs and pipes.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    pub unicode: bool,
    pub width: usize,
}

impl Style {
    pub fn plain() -> Style {
        Style {
            color: false,
            unicode: false,
            width: 100,
        }
    }

    fn handler(self) -> GraphicalReportHandler {
        let characters = if self.unicode {
            ThemeCharacters::unicode()
        } else {
            ThemeCharacters::ascii()
        };
        let styles = if self.color {
            ThemeStyles::ansi()
        } else {
            ThemeStyles::none()
        };
        let theme = GraphicalTheme { characters, styles };
        GraphicalReportHandler::new_themed(theme)
            .with_width(self.width)
            .with_links(false)
            .without_primary_span_start()
    }
}

/// One diagnostic as a miette diagnostic. Its words (message, help, code)
/// are shown through [`visible`]: workbook text cannot send a control
/// sequence or start a line.
struct Shown<'a> {
    d: &'a Diagnostic,
    source: Option<NamedSource<String>>,
    label: Option<SourceSpan>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&visible(&self.d.message))
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&visible(&self.d.message))
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        // A pack rule's id is both its code and its name: show it once.
        if self.d.code == self.d.name {
            return Some(Box::new(visible(&self.d.code).into_owned()));
        }
        Some(Box::new(
            visible(&format!("{} {}", self.d.code, self.d.name)).into_owned(),
        ))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        // Cells in other workbooks (or elsewhere in this one) are named
        // under the help, one per line.
        let lines: Vec<String> = self
            .d
            .help
            .iter()
            .map(|h| visible(h).into_owned())
            .chain(crate::report::text::visible_related(self.d))
            .collect();
        (!lines.is_empty()).then(|| Box::new(lines.join("\n")) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.label?;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            None, span,
        ))))
    }
}

/// Cell text longer than this is cut when the whole cell is the subject (no span).
const MAX_SHOWN_CHARS: usize = 120;

fn shown<'a>(path: &str, d: &'a Diagnostic) -> Shown<'a> {
    // `path` is already shown through `visible`.
    let name = format!("{path} › {}", visible(&d.location.to_string()));
    let text = d.cell_text.as_deref().filter(|t| !t.trim().is_empty());
    let Some(text) = text else {
        // Nothing to quote: an empty cell, or a whole sheet or workbook.
        let placeholder = match &d.location {
            crate::location::Location::Cell(_) | crate::location::Location::Range { .. } => {
                "(empty cell)"
            }
            _ => "(whole sheet)",
        };
        let placeholder = if matches!(d.location, crate::location::Location::Workbook) {
            "(whole workbook)"
        } else {
            placeholder
        };
        return Shown {
            d,
            source: Some(NamedSource::new(name, placeholder.to_owned())),
            label: Some((0..placeholder.len()).into()),
        };
    };
    let span = d.span.clone().filter(|s| {
        s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
            && !s.is_empty()
    });
    match span {
        Some(span) => {
            // The cell keeps its own lines (behind miette's gutter); every
            // other control is shown, and the underline follows.
            let (text, span) = visible_lines(text, Some(span));
            Shown {
                d,
                source: Some(NamedSource::new(name, text)),
                label: span.map(Into::into),
            }
        }
        None => {
            // The whole cell is the subject: quote its first line, cut short.
            let first = text
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or(text)
                .trim_end();
            let cut: String = first.chars().take(MAX_SHOWN_CHARS).collect();
            let mut quoted = visible(&cut).into_owned();
            if cut.len() < text.trim_end().len() {
                quoted.push('…');
            }
            let len = quoted.len();
            Shown {
                d,
                source: Some(NamedSource::new(name, quoted)),
                label: Some((0..len).into()),
            }
        }
    }
}

/// Render every file's findings and a closing summary line.
pub fn render(files: &[FileOutcome], style: Style) -> String {
    let handler = style.handler();
    let mut out = String::new();
    for file in files {
        let path = visible(&display_path(&file.path)).into_owned();
        if file.status == Status::Error {
            // The line starts with wreslint's words, never with the file
            // name: a name such as "::error" must not read as a CI command.
            out.push_str(&format!(
                "cannot lint {path}: {}\n\n",
                visible(file.error.as_deref().unwrap_or("unknown error"))
            ));
            continue;
        }
        for d in &file.diagnostics {
            let shown = shown(&path, d);
            let mut text = String::new();
            if handler.render_report(&mut text, &shown).is_err() {
                text = format!(
                    "at {path}:{}: {}[{}] {}\n",
                    visible(&d.location.to_string()),
                    d.severity,
                    visible(&d.code),
                    visible(&d.message)
                );
            }
            out.push_str(&text);
            out.push('\n');
        }
    }
    out.push_str(&Summary::of(files).sentence());
    out.push('\n');
    out
}

/// Configurations or rule packs that do not load, each problem underlined
/// in its YAML (a configuration's error lists its own problems, then those
/// of the packs it names: see `ConfigError::located`).
pub fn render_problems(files: &[Located<'_>], style: Style) -> String {
    files
        .iter()
        .map(|file| render_yaml_problems(file.code, file.path, file.text, file.problems, style))
        .collect()
}

fn render_yaml_problems(
    code: &'static str,
    path: &std::path::Path,
    yaml: &str,
    problems: &[Problem],
    style: Style,
) -> String {
    // Unlike a cell, a YAML file is long: keep `file:line:col` in the header.
    let handler = style.handler().with_primary_span_start();
    let path = visible(&display_path(path)).into_owned();
    let mut out = String::new();
    for problem in problems {
        // A configuration on a shared drive is untrusted text too.
        let (shown, span) = visible_lines(yaml, problem.span.clone());
        let report = ConfigShown {
            code,
            path: &path,
            span: span.filter(|s| s.end <= shown.len()),
            source: NamedSource::new(path.clone(), shown),
            message: visible(&problem.message).into_owned(),
        };
        let mut text = String::new();
        if handler.render_report(&mut text, &report).is_err() {
            text = format!("{path}: {}\n", report.message);
        }
        out.push_str(&text);
    }
    out
}

struct ConfigShown<'a> {
    code: &'static str,
    path: &'a str,
    source: NamedSource<String>,
    span: Option<std::ops::Range<usize>>,
    message: String,
}

impl fmt::Debug for ConfigShown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for ConfigShown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for ConfigShown<'_> {}

impl miette::Diagnostic for ConfigShown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.code))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span.clone()?;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some("here".to_owned()),
            span,
        ))))
    }
}
