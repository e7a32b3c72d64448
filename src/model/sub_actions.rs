//! Lettered sub-actions inside one cell: "a. Advertise … b. Book … c. Review".

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// One letter marker of a lettered list and the text it introduces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubAction {
    pub letter: char,
    /// Byte span of the marker ("a." or "(a)") in the text.
    pub marker: Range<usize>,
    /// Byte span of the sub-action's own text, up to the next marker.
    pub body: Range<usize>,
}

/// A marker starts a line or follows a space or `;`: "a.", "a)", "(a)".
/// "e.g. " and "i.e. " do not match: their letters follow a full stop.
static MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)(?:^|[\s;])(\(?([a-z])[.)])\s").expect("valid marker regex"));

/// The lettered sub-actions of a text, in order. A text is a lettered list only
/// when its first marker is "a" and it has at least two markers; otherwise
/// (a single "a." or prose) the result is empty.
pub fn sub_actions(text: &str) -> Vec<SubAction> {
    let mut markers: Vec<(char, Range<usize>, usize)> = Vec::new();
    for caps in MARKER.captures_iter(text) {
        let (Some(marker), Some(letter)) = (caps.get(1), caps.get(2)) else {
            continue;
        };
        let letter = letter.as_str().chars().next().unwrap_or('a');
        // "(a." or "a)" are both accepted, but a bracket must close what it opened.
        if marker.as_str().starts_with('(') && !marker.as_str().ends_with(')') {
            continue;
        }
        let body_start = caps.get(0).map_or(marker.end(), |m| m.end());
        markers.push((letter, marker.range(), body_start));
    }
    if markers.len() < 2 || markers[0].0 != 'a' {
        return Vec::new();
    }
    let ends: Vec<usize> = markers
        .iter()
        .skip(1)
        .map(|(_, m, _)| m.start)
        .chain([text.len()])
        .collect();
    markers
        .into_iter()
        .zip(ends)
        .map(|((letter, marker, start), end)| {
            let end = start.max(start + text[start..end].trim_end().len());
            SubAction {
                letter,
                body: start..end,
                marker,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letters(text: &str) -> String {
        sub_actions(text).iter().map(|s| s.letter).collect()
    }

    #[test]
    fn splits_lines_and_inline_markers() {
        assert_eq!(letters("a. Advertise\nb. Book\nd. Review"), "abd");
        assert_eq!(letters("a) agree content; b) run it"), "ab");
        assert_eq!(letters("(a) agree (b) run (c) review"), "abc");
        let text = "a. Agree the format\nb. Hold the events";
        let subs = sub_actions(text);
        assert_eq!(&text[subs[0].body.clone()], "Agree the format");
        assert_eq!(&text[subs[1].marker.clone()], "b.");
    }

    #[test]
    fn prose_is_not_a_list() {
        assert_eq!(
            letters("Run workshops, e.g. for managers, i.e. all bands"),
            ""
        );
        assert_eq!(letters("a. only one marker"), "");
        assert_eq!(letters("Plan b. then c. later"), "");
        assert_eq!(letters(""), "");
    }
}
