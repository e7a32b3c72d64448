//! A problem in a YAML file (a configuration or a rule pack), located by
//! its byte span: the type both readers report and the human report
//! underlines. It sits below `config` and `packs` so that neither needs the
//! other for it, and below `report` so that rendering needs neither.

use std::ops::Range;
use std::path::Path;

/// One problem in a YAML file, with where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub message: String,
    /// Byte span in the YAML text, when known.
    pub span: Option<Range<usize>>,
}

/// A YAML file and what is wrong with it, as a renderer takes it.
#[derive(Clone, Copy, Debug)]
pub struct Located<'a> {
    /// What the file is, shown as the problem's code: `config` or `pack`.
    pub code: &'static str,
    pub path: &'a Path,
    /// The YAML text, for rendering spans.
    pub text: &'a str,
    pub problems: &'a [Problem],
}

/// Problems with their spans kept inside `text` and on character boundaries
/// (a problem "at the end" may point one past it), so renderers can slice.
pub fn within(text: &str, mut problems: Vec<Problem>) -> Vec<Problem> {
    for problem in &mut problems {
        if let Some(span) = problem.span.take() {
            let mut end = span.end.min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let mut start = span.start.min(end);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            // An empty span at the very end still marks the place.
            problem.span = Some(start..end);
        }
    }
    problems
}

/// A YAML syntax error as a problem with its position.
pub fn yaml_problem(err: &serde_saphyr::Error) -> Problem {
    if let Some(message) = crate::guard::budget_message(err) {
        return Problem {
            message,
            span: None,
        };
    }
    let message = err.render_with_options(
        serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off },
    );
    let span = err.location().and_then(|l| {
        let span = l.span();
        span.byte_offset()
            .map(|start| start as usize..(start + span.byte_len().unwrap_or(1).max(1)) as usize)
    });
    Problem {
        message: message.lines().next().unwrap_or("invalid YAML").to_owned(),
        span,
    }
}

/// The first problem, and how many more: an error's one-line message.
/// `none` says what is wrong when no problem was recorded.
pub fn summary(problems: &[Problem], none: &str) -> String {
    match problems {
        [one] => one.message.clone(),
        [first, rest @ ..] => format!("{} (and {} more problems)", first.message, rest.len()),
        [] => none.to_owned(),
    }
}
