//! Text from a workbook, a file name or a rule pack, made safe to print.
//!
//! Everything a workbook's author typed reaches the text outputs: cell text
//! quoted in messages, sheet names in locations, file names. Printed raw, an
//! ESC sequence clears the terminal or sets its title, a CR overwrites the
//! line before it, and a newline starts a line of its own, which CI reads
//! as a workflow command (`::error …`). Every text format passes such text
//! through [`visible`] (or [`visible_lines`] for a quoted cell that keeps its
//! own lines behind a gutter), so that wreslint's own colours are the only
//! escape sequences it prints and every finding stays on its line.
//!
//! Shown visibly, as Rust writes them: `\n`, `\r`, `\t`, and `\u{1b}` for
//! every other C0 and C1 control, DEL, the Unicode line and paragraph
//! separators, the bidirectional overrides and isolates (which reorder what
//! a reader sees), and the non-characters U+FFFE and U+FFFF (which XML 1.0
//! forbids).

use std::borrow::Cow;
use std::fmt::Write;
use std::ops::Range;

/// Whether `c` must not be printed as it is.
pub fn is_unsafe(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            // Arabic letter mark, left-to-right and right-to-left marks.
            | '\u{61c}'
            | '\u{200e}'
            | '\u{200f}'
            // Line and paragraph separators.
            | '\u{2028}'
            | '\u{2029}'
            // Bidirectional embeddings, overrides and isolates.
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{fffe}'
            | '\u{ffff}'
    )
}

/// `text` with every unsafe character (newlines too) shown as an escape:
/// one line, no control sequence.
/// The other cells a finding points at, one "see data.xlsx: 'Ind 1'!F13:
/// the data give 24.7%" line each, made visible like any workbook text.
/// (Placed above [`visible`]'s own docs would steal them, hence this order.)
pub fn visible_related(d: &crate::diagnostic::Diagnostic) -> Vec<String> {
    d.related
        .iter()
        .map(|r| visible(&format!("see {}: {}", r.place(), r.message)).into_owned())
        .collect()
}

pub fn visible(text: &str) -> Cow<'_, str> {
    escape_where(text, is_unsafe)
}

/// A cell's text to quote over several lines behind a gutter: newlines and
/// tabs are kept, everything else unsafe is shown as an escape. `span`, a
/// byte range of `text`, comes back as the same characters' range in the
/// result.
pub fn visible_lines(text: &str, span: Option<Range<usize>>) -> (String, Option<Range<usize>>) {
    let keep = |c: char| is_unsafe(c) && c != '\n' && c != '\t';
    if !text.chars().any(keep) {
        return (text.to_owned(), span);
    }
    let shown = escape_where(text, keep).into_owned();
    let span = span.filter(|s| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    });
    let span = span.map(|s| {
        let start = escape_where(&text[..s.start], keep).len();
        start..start + escape_where(&text[s.start..s.end], keep).len()
    });
    (shown, span)
}

fn escape_where(text: &str, unsafe_char: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if !unsafe_char(c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_not_sent() {
        assert_eq!(visible("plain £ text"), "plain £ text");
        assert_eq!(
            visible("a\u{1b}[2Jb\r\n::error::x\u{0}\u{7f}\u{85}\u{2028}\u{202e}"),
            "a\\u{1b}[2Jb\\r\\n::error::x\\u{0}\\u{7f}\\u{85}\\u{2028}\\u{202e}"
        );
        assert!(matches!(visible("no change"), Cow::Borrowed(_)));
    }

    #[test]
    fn quoted_lines_keep_newlines_and_move_the_span() {
        let text = "a\u{1b}b\nword";
        let at = text.find("word").unwrap();
        let (shown, span) = visible_lines(text, Some(at..at + 4));
        assert_eq!(shown, "a\\u{1b}b\nword");
        assert_eq!(&shown[span.unwrap()], "word");
        assert_eq!(visible_lines("x\ty", None).0, "x\ty");
    }
}
