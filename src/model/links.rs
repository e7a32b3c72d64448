//! Reading which indicators an action links to, from a link cell
//! ("Metric 1, 2 & 7", "All Metric", "Indicator 5: Bullying …") or from an
//! indicator matrix.

use std::ops::Range;

use crate::knowledge::{normalise, Knowledge};

/// The indicators one action is linked to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Links {
    /// "All" (every indicator).
    pub all: bool,
    /// Valid indicator numbers, ascending, no duplicates.
    pub numbers: Vec<u8>,
    /// References that name no valid indicator.
    pub invalid: Vec<InvalidLink>,
    /// The cell names the other standard's items only ("WDES 4" in a joint
    /// WRES and WDES plan read as WRES): the action serves that standard.
    pub other: bool,
}

impl Links {
    pub fn is_linked(&self) -> bool {
        self.all || !self.numbers.is_empty()
    }

    pub fn covers(&self, number: u8) -> bool {
        self.all || self.numbers.contains(&number)
    }

    pub fn add(&mut self, number: u8) {
        if let Err(i) = self.numbers.binary_search(&number) {
            self.numbers.insert(i, number);
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct InvalidLink {
    /// Byte span of the offending text in the link cell.
    pub span: Range<usize>,
    pub reason: InvalidReason,
}

#[derive(Clone, Debug, PartialEq)]
pub enum InvalidReason {
    /// The text names no indicator ("Separate WRES Analysis").
    NoIndicator,
    /// The text looks cut off ("Indicato Equal opportu").
    Truncated { word: String, full: String },
    /// A number outside 1..=N ("Indicator 10").
    OutOfRange(u32),
}

#[derive(Debug)]
enum Token<'a> {
    Word(&'a str),
    Number(u32),
    Sep(char),
}

/// Tokens of a link cell with their byte spans.
fn tokenize(text: &str) -> Vec<(Token<'_>, Range<usize>)> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_ascii_digit() {
            let mut end = start + 1;
            while let Some(&(i, d)) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                end = i + 1;
                chars.next();
            }
            let number = text[start..end].parse().unwrap_or(u32::MAX);
            tokens.push((Token::Number(number), start..end));
        } else if c.is_alphabetic() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, d)) = chars.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            tokens.push((Token::Word(&text[start..end]), start..end));
        } else if !c.is_whitespace() {
            tokens.push((Token::Sep(c), start..start + c.len_utf8()));
        }
    }
    tokens
}

/// Read the indicators a link cell names.
///
/// The first list of numbers counts ("Metric 1, 2 & 7", "Indicators 5-8");
/// numbers after a colon or other words are part of a label, not links.
pub fn parse_link(text: &str, knowledge: &Knowledge) -> Links {
    let mut links = Links::default();
    let tokens = tokenize(text);
    let is_word = |w: &str, list: &[String]| list.iter().any(|x| x.eq_ignore_ascii_case(w));
    // "All", "All Metric", "All indicators": in the link's first words, not
    // in a label after it ("Indicator 2: … across all posts").
    links.all = tokens
        .iter()
        .take_while(|(t, _)| !matches!(t, Token::Sep(':' | '–' | '—' | '(')))
        .take(4)
        .any(|(t, _)| matches!(t, Token::Word(w) if is_word(w, &knowledge.all_words)));

    // Find the first number that is not preceded by a non-indicator word run too long to be a label prefix.
    let first_number = tokens
        .iter()
        .position(|(t, _)| matches!(t, Token::Number(_)));
    // Numbers after another standard's name ("WDES 4" in a joint plan) are
    // that standard's items, until this standard is named again.
    let standard_of = |w: &str| -> Option<bool> {
        if w.eq_ignore_ascii_case(&knowledge.standard) {
            Some(true)
        } else {
            other_standards()
                .iter()
                .any(|o| o.eq_ignore_ascii_case(w) && !o.eq_ignore_ascii_case(&knowledge.standard))
                .then_some(false)
        }
    };
    let mut ours = first_number.is_none_or(|first| {
        tokens[..first]
            .iter()
            .rev()
            .find_map(|(t, _)| match t {
                Token::Word(w) => standard_of(w),
                _ => None,
            })
            .unwrap_or(true)
    });
    let mut skipped = false;
    if let Some(first) = first_number {
        let mut range_from: Option<u32> = None;
        let mut i = first;
        while i < tokens.len() {
            match &tokens[i].0 {
                Token::Number(_) if !ours => skipped = true,
                Token::Number(n) => {
                    let from = range_from.take().unwrap_or(*n);
                    for number in from.min(*n)..=(*n).max(from) {
                        push_number(&mut links, number, tokens[i].1.clone(), knowledge);
                    }
                }
                Token::Word(w) if standard_of(w).is_some() => {
                    ours = standard_of(w) == Some(true);
                }
                // A sub-metric letter of the other standard ("WDES 9b").
                Token::Word(w) if !ours && w.len() == 1 => {}
                Token::Sep('-' | '–' | '—') => range_from = previous_number(&tokens, i),
                Token::Word(w) if w.eq_ignore_ascii_case("to") => {
                    range_from = previous_number(&tokens, i);
                }
                Token::Sep(',' | '&' | '/' | '+' | ';') => {}
                Token::Word(w) if w.eq_ignore_ascii_case("and") => {}
                Token::Word(w) if is_word(w, &knowledge.indicator_words) => {}
                _ => break,
            }
            i += 1;
        }
    }

    if skipped && !links.is_linked() && links.invalid.is_empty() {
        links.other = true;
        return links;
    }
    if !links.is_linked() && links.invalid.is_empty() {
        if let Some(number) = alias_match(text, knowledge) {
            links.add(number);
        } else if !text.trim().is_empty() {
            let span = trimmed_span(text);
            let reason = truncated_word(&tokens, knowledge)
                .map(|(word, full)| InvalidReason::Truncated { word, full })
                .unwrap_or(InvalidReason::NoIndicator);
            // A cut-off label still says which indicator it was
            // ("Indicato Equal opportu"): the actions keep their link, and
            // the label is reported once as truncated.
            if matches!(reason, InvalidReason::Truncated { .. }) {
                if let Some(number) = truncated_alias(text, knowledge) {
                    links.add(number);
                }
            }
            links.invalid.push(InvalidLink { span, reason });
        }
    }
    links
}

/// A link cell of an action (its table's indicator column, its block's
/// indicator field): as [`parse_link`], and a cell that names no indicator
/// by number or by a leading name is read by the indicator's wording
/// inside it ("Relative likelihood of staff being appointed from
/// Shortlisting" → 2), when that wording names exactly one indicator.
/// Only here: a column is not typed as a link column by wording alone.
pub fn parse_link_cell(text: &str, knowledge: &Knowledge) -> Links {
    let links = parse_link(text, knowledge);
    let unnamed = matches!(
        links.invalid.as_slice(),
        [InvalidLink {
            reason: InvalidReason::NoIndicator,
            ..
        }]
    );
    if links.is_linked() || links.other || !unnamed {
        return links;
    }
    match alias_within(text, knowledge) {
        Some(number) => {
            let mut links = Links::default();
            links.add(number);
            links
        }
        None => links,
    }
}

/// The one indicator whose name or an alias stands, as whole words,
/// anywhere in the text.
fn alias_within(text: &str, knowledge: &Knowledge) -> Option<u8> {
    let text = format!(" {} ", normalise(text));
    let mut named = knowledge.indicators.iter().filter(|indicator| {
        std::iter::once(&indicator.name)
            .chain(&indicator.aliases)
            .any(|name| text.contains(&format!(" {} ", normalise(name))))
    });
    let first = named.next()?;
    named.next().is_none().then_some(first.number)
}

/// A link cell written as a label with its indicators after it, in brackets
/// or after a dash ("Leadership (Metric 1 and 9)", "Culture – metrics 3, 4"):
/// it names indicators, but its first word is neither a number, nor an
/// indicator word, nor the standard's name, nor "all".
pub fn label_first(text: &str, knowledge: &Knowledge) -> bool {
    let tokens = tokenize(text);
    let is_word = |w: &str, list: &[String]| list.iter().any(|x| x.eq_ignore_ascii_case(w));
    let first_is_label = matches!(tokens.first(), Some((Token::Word(w), _))
        if !is_word(w, &knowledge.indicator_words)
            && !is_word(w, &knowledge.all_words)
            && !w.eq_ignore_ascii_case(&knowledge.standard));
    first_is_label && !parse_link(text, knowledge).numbers.is_empty()
}

/// The longest label that may open a banner paragraph ("WRES Indicator 1").
const BANNER_HEAD_CHARS: usize = 40;

/// The indicators a banner names: a row that spans a table, or a sheet's
/// name or title, that starts with an indicator word and a number
/// ("Metric 3: Disciplinary", "Indicator 5 – Bullying", "WRES indicator 2",
/// "WDES Metric 4a", "Indicators 5-8"). A title such as "WRES Action Plan
/// 2023-24" names none.
pub fn banner_links(text: &str, knowledge: &Knowledge) -> Option<Links> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if text.len() > 240 {
        // A paragraph that opens with its indicator's label ("WRES Indicator
        // 1: Percentage of staff in each of the AfC Bands 1-9 …") is a
        // banner, linked by that label alone: the numbers in the wording
        // after it ("Bands 1-9") are no links.
        // Only the label's length is searched for its colon: a cell of
        // megabytes is not scanned for one.
        let (colon, _) = text
            .char_indices()
            .take(BANNER_HEAD_CHARS + 1)
            .find(|(_, c)| *c == ':')?;
        return banner_links(&text[..colon], knowledge);
    }
    let tokens = tokenize(text);
    let is_word = |w: &str, list: &[String]| list.iter().any(|x| x.eq_ignore_ascii_case(w));
    let mut words = tokens.iter().map(|(t, _)| t);
    // An optional standard name before the indicator word ("WRES Indicator 2").
    let mut first = words.next()?;
    if matches!(first, Token::Word(w) if w.eq_ignore_ascii_case(&knowledge.standard)) {
        if let Some(next @ Token::Word(w)) = words.clone().next() {
            if is_word(w, &knowledge.indicator_words) {
                first = next;
                words.next();
            }
        }
    }
    let starts_with_indicator_word =
        matches!(first, Token::Word(w) if is_word(w, &knowledge.indicator_words));
    let number_follows = matches!(words.next(), Some(Token::Number(_)));
    if !(starts_with_indicator_word && number_follows) {
        return None;
    }
    let links = parse_link(text, knowledge);
    (!links.numbers.is_empty()).then_some(links)
}

fn other_standards() -> &'static [String] {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    NAMES.get_or_init(crate::standard::names)
}

fn previous_number(tokens: &[(Token<'_>, Range<usize>)], i: usize) -> Option<u32> {
    match tokens.get(i.checked_sub(1)?) {
        Some((Token::Number(n), _)) => Some(*n),
        _ => None,
    }
}

fn push_number(links: &mut Links, number: u32, span: Range<usize>, knowledge: &Knowledge) {
    match u8::try_from(number) {
        Ok(n) if (1..=knowledge.indicator_count).contains(&n) => links.add(n),
        _ => links.invalid.push(InvalidLink {
            span,
            reason: InvalidReason::OutOfRange(number),
        }),
    }
}

/// An indicator whose name or alias the whole label starts with
/// ("Bullying Harassment from Staff").
fn alias_match(text: &str, knowledge: &Knowledge) -> Option<u8> {
    let text = normalise(text);
    knowledge.indicators.iter().find_map(|indicator| {
        let names = std::iter::once(&indicator.name).chain(&indicator.aliases);
        names
            .map(|name| normalise(name))
            .any(|name| text == name || text.starts_with(&format!("{name} ")))
            .then_some(indicator.number)
    })
}

/// The indicator whose name or alias a cut-off label abbreviates word by
/// word ("Indicato Equal opportu" → equal opportunities), after any leading
/// (cut-off) indicator word.
fn truncated_alias(text: &str, knowledge: &Knowledge) -> Option<u8> {
    let normalised = normalise(text);
    let words: Vec<&str> = normalised
        .split(' ')
        .skip_while(|w| {
            knowledge
                .indicator_words
                .iter()
                .any(|iw| iw.starts_with(*w) || w.chars().all(|c| c.is_ascii_digit()))
        })
        .collect();
    let letters: usize = words.iter().map(|w| w.len()).sum();
    if words.is_empty() || letters < 6 {
        return None;
    }
    let mut found = knowledge.indicators.iter().filter(|indicator| {
        std::iter::once(&indicator.name)
            .chain(&indicator.aliases)
            .any(|name| {
                let name = normalise(name);
                let alias: Vec<&str> = name.split(' ').collect();
                words.len() <= alias.len()
                    && words
                        .iter()
                        .zip(&alias)
                        .all(|(w, a)| w.len() >= 3 && a.starts_with(*w))
            })
    });
    let first = found.next()?;
    // Only when the abbreviation names one indicator.
    found.next().is_none().then_some(first.number)
}

/// A word that is a strict prefix (4+ letters) of a word the standard uses,
/// and not itself such a word: "Indicato", "opportu".
fn truncated_word(
    tokens: &[(Token<'_>, Range<usize>)],
    knowledge: &Knowledge,
) -> Option<(String, String)> {
    let vocabulary: Vec<String> = knowledge
        .indicator_words
        .iter()
        .chain(knowledge.indicators.iter().flat_map(|i| i.aliases.iter()))
        .flat_map(|phrase| {
            normalise(phrase)
                .split(' ')
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|w| w.len() > 4)
        .collect();
    tokens.iter().find_map(|(token, _)| {
        let Token::Word(word) = token else {
            return None;
        };
        let lower = word.to_lowercase();
        if lower.len() < 4 || vocabulary.contains(&lower) {
            return None;
        }
        vocabulary
            .iter()
            .find(|full| full.starts_with(&lower) && full.len() > lower.len())
            .map(|full| ((*word).to_owned(), full.clone()))
    })
}

fn trimmed_span(text: &str) -> Range<usize> {
    let start = text.len() - text.trim_start().len();
    start..text.trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> String {
        let links = parse_link(text, Knowledge::wres());
        let mut out = String::new();
        if links.all {
            out.push_str("all ");
        }
        out.push_str(&format!("{:?}", links.numbers));
        for invalid in &links.invalid {
            out.push_str(&format!(
                " invalid `{}` {:?}",
                &text[invalid.span.clone()],
                invalid.reason
            ));
        }
        out
    }

    #[test]
    fn an_action_link_cell_may_name_its_indicator_by_wording() {
        let wres = Knowledge::wres();
        let wording = "Relative likelihood of staff being appointed from Shortlisting";
        assert_eq!(parse_link_cell(wording, wres).numbers, [2]);
        assert!(parse_link_cell(wording, wres).invalid.is_empty());
        // Not when a column is being typed: the plain reading says nothing.
        assert!(parse_link(wording, wres).numbers.is_empty());
        // Wording of two indicators (6's and 8's) or of none stays an
        // invalid link.
        let two = parse_link_cell("Survey: harassment from staff and discrimination", wres);
        assert!(two.numbers.is_empty() && two.invalid.len() == 1);
        let none = parse_link_cell("Culture and engagement", wres);
        assert!(none.numbers.is_empty() && none.invalid.len() == 1);
    }

    #[test]
    fn link_cells_from_real_plans() {
        assert_eq!(read("All Metric"), "all []");
        assert_eq!(read("Metric 1 & 7"), "[1, 7]");
        assert_eq!(read("Metric 1, 2 & 7"), "[1, 2, 7]");
        assert_eq!(read("Indicator 1: Recruitment and Promotion"), "[1]");
        assert_eq!(
            read("Indicator 5: Bullying Harassment from the Public"),
            "[5]"
        );
        assert_eq!(read("Indicators 5-8"), "[5, 6, 7, 8]");
        assert_eq!(read("WRES 3 and 4"), "[3, 4]");
        assert_eq!(read("7"), "[7]");
        assert_eq!(read("Bullying Harassment from Staff"), "[6]");
        assert_eq!(
            read("Separate WRES Analysis"),
            "[] invalid `Separate WRES Analysis` NoIndicator"
        );
        assert_eq!(read("Indicator 10"), "[] invalid `10` OutOfRange(10)");
        assert_eq!(
            read("Indicato Equal opportu"),
            "[7] invalid `Indicato Equal opportu` Truncated { word: \"Indicato\", full: \"indicator\" }"
        );
        assert_eq!(read("  "), "[]");
        assert_eq!(
            read("Indicator 2: appointed from shortlisting across all posts"),
            "[2]"
        );
        assert_eq!(read("All metrics"), "all []");
        assert_eq!(read("WRES 2, WDES 2"), "[2]");
        assert_eq!(read("WDES 2, WRES 4"), "[4]");
        assert!(parse_link("WDES 9b", Knowledge::wres()).other);
        assert!(parse_link("WDES 4", Knowledge::wres()).numbers.is_empty());
    }

    #[test]
    fn labels_with_their_indicators_after_them() {
        let k = Knowledge::wres();
        assert!(label_first("Leadership\n(Metric 1 and 9)", k));
        assert!(label_first(
            "Culture and Staff experience (Metric 3, 4, 6 and 7)",
            k
        ));
        assert!(!label_first("Metric 1 & 7", k));
        assert!(!label_first("All Metric", k));
        assert!(!label_first("WRES 3 and 4", k));
        assert!(!label_first("Attraction of B.A.M.E. applicants", k));
    }

    #[test]
    fn banners_name_an_indicator_first() {
        let k = Knowledge::wres();
        let numbers = |text: &str| banner_links(text, k).map(|l| l.numbers);
        assert_eq!(numbers("Metric 3: Disciplinary"), Some(vec![3]));
        assert_eq!(
            numbers("Indicator 5 – Bullying from the public"),
            Some(vec![5])
        );
        assert_eq!(numbers("WRES indicator 2: appointments"), Some(vec![2]));
        assert_eq!(numbers("WRES 4"), Some(vec![4]));
        assert_eq!(
            numbers("Indicators 5-8: Staff Survey"),
            Some(vec![5, 6, 7, 8])
        );
        assert_eq!(numbers("WRES Action Plan 2023-24"), None);
        assert_eq!(numbers("Improve indicator 3 by March"), None);
        assert_eq!(numbers("Indicator 12"), None);
        assert_eq!(numbers("WRES 2023"), None);
    }

    #[test]
    fn a_paragraph_opening_with_its_indicator_is_linked_by_its_label() {
        let k = Knowledge::wres();
        let numbers = |text: &str| banner_links(text, k).map(|l| l.numbers);
        let wording = "Percentage of staff in each of the AfC Bands 1-9 and VSM \
            (including executive Board members) compared with the percentage of \
            BME staff in the overall workforce. The overall percentage difference \
            between White and BME staff in clinical and non-clinical roles is:";
        assert_eq!(
            numbers(&format!("WRES Indicator 1: {wording}")),
            Some(vec![1])
        );
        // A long sentence that only mentions an indicator is no banner.
        assert_eq!(
            numbers(&format!("We will report on Indicator 1 and {wording}")),
            None
        );
        assert_eq!(numbers(&format!("{wording}: Indicator 1")), None);
    }
}
