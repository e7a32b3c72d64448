//! Knowledge for data workbooks and measures: the groups a standard's tables
//! report, row-label vocabulary and thresholds, read from the `groups:` and
//! `data:` sections of `rules/wres.yaml` (or `rules/wdes.yaml`); and what the
//! rules need from each indicator's `measure:` (see [`super::measure`]).

use serde::Deserialize;

use super::measure::{Better, IndicatorMeasure, MeasureKind, Ratio};
use super::normalise;
use super::phrases::{Phrases, Tagged};

/// A group as a standard's tables report it: the reference group (WRES:
/// White; WDES: non-disabled), the focus group (BME; Disabled), those not
/// recorded, and the total. Names for messages come from the standard
/// ([`super::Knowledge::group_label`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    Reference,
    Focus,
    Unknown,
    Total,
}

impl Group {
    pub const ALL: [Group; 4] = [Group::Reference, Group::Focus, Group::Unknown, Group::Total];

    pub fn index(self) -> usize {
        match self {
            Group::Reference => 0,
            Group::Focus => 1,
            Group::Unknown => 2,
            Group::Total => 3,
        }
    }
}

impl Better {
    /// Whether moving from `from` to `to` goes the wrong way; `None` when
    /// the indicator has no single direction.
    pub fn is_wrong_way(self, from: f64, to: f64) -> Option<bool> {
        const EPS: f64 = 1e-9;
        Some(match self {
            Better::Lower => to > from + EPS,
            Better::Higher => to < from - EPS,
            Better::Parity => (to - 1.0).abs() > (from - 1.0).abs() + EPS,
            Better::Zero => to.abs() > from.abs() + EPS,
            Better::Representative | Better::None => return None,
        })
    }

    /// How a better figure compares with the one before, to be followed by
    /// that figure: "below", "closer to 1.00 than".
    pub fn describe(self) -> &'static str {
        match self {
            Better::Lower => "below",
            Better::Higher => "above",
            Better::Parity => "closer to 1.00 than",
            Better::Zero => "closer to 0 than",
            Better::Representative => "closer to the overall share than",
            Better::None => "other than",
        }
    }
}

impl Ratio {
    /// (numerator group, denominator group) of the relative likelihood.
    pub fn groups(self) -> (Group, Group) {
        match self {
            Ratio::ReferenceOverFocus => (Group::Reference, Group::Focus),
            Ratio::FocusOverReference => (Group::Focus, Group::Reference),
        }
    }
}

/// Row labels of data tables, by what the row holds.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowWords {
    pub total: Phrases,
    pub workforce: Phrases,
    pub likelihood: Phrases,
    pub relative_likelihood: Phrases,
    pub bands: Phrases,
    pub board_voting: Phrases,
    pub executive: Phrases,
    pub non_executive: Phrases,
}

/// The vocabulary and thresholds of data workbooks.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataVocabulary {
    /// Words for the total column or row.
    pub total_words: Phrases,
    /// With a group's words, a share column ("% BME").
    pub share_words: Phrases,
    pub difference_words: Phrases,
    pub response_words: Phrases,
    pub rows: RowWords,
    pub small_numerator: f64,
    pub small_survey_group: f64,
    pub unknown_share: f64,
    pub share_includes_unknown: bool,
    /// The words of every group: the standard's `groups:` and
    /// `total_words`, in [`Group::ALL`] order, with the group of each.
    #[serde(skip)]
    group_words: Tagged<Group>,
}

impl DataVocabulary {
    /// The group a header or row label names: the whole text is one of the
    /// group's phrases, or starts with one followed by at most two words
    /// ("BME staff in post" is not a group; "White (n)" is).
    pub fn group(&self, text: &str) -> Option<Group> {
        self.group_normalised(&normalise(text))
    }

    /// [`DataVocabulary::group`] of an already normalised text.
    pub fn group_normalised(&self, text: &str) -> Option<Group> {
        let mut best: Option<(usize, Group)> = None;
        let words = &self.group_words;
        for (phrase, &group) in words.phrases.iter().zip(&words.tags) {
            if best.is_none_or(|(len, _)| phrase.len() > len) && starts_with_phrase(text, phrase) {
                best = Some((phrase.len(), group));
            }
        }
        let (len, group) = best?;
        let rest_words = text[len..].split_whitespace().count();
        (rest_words <= 2).then_some(group)
    }

    /// The group a header names anywhere in its words ("2023 BME", "% BME").
    pub fn group_within(&self, text: &str) -> Option<Group> {
        self.group_within_normalised(&normalise(text))
    }

    /// [`DataVocabulary::group_within`] of an already normalised text. The
    /// longest phrase found wins ("non disabled" over "disabled"), the first
    /// written among equals.
    pub fn group_within_normalised(&self, text: &str) -> Option<Group> {
        let (_, _, index) = self
            .group_words
            .phrases
            .occurrences(text)
            .map(|(index, start, end)| (end - start, std::cmp::Reverse(index), index))
            .max()?;
        Some(self.group_words.tags[index])
    }

    /// The header marks a share ("% BME", "BME share"); `normalised` is
    /// `raw` normalised.
    pub fn is_share(&self, raw: &str, normalised: &str) -> bool {
        raw.contains('%') || self.share_words.found_in(normalised)
    }

    /// The (normalised) header marks a difference.
    pub fn is_difference(&self, normalised: &str) -> bool {
        self.difference_words.found_in(normalised)
    }

    /// The (normalised) header marks response counts.
    pub fn is_responses(&self, normalised: &str) -> bool {
        self.response_words.found_in(normalised)
    }

    /// Take the groups' words from the standard's `groups:` (every other
    /// list was normalised and compiled as it was read).
    fn prepare(&mut self, groups: Option<&super::Groups>) {
        let mut words: Vec<(&str, Group)> = Vec::new();
        for group in Group::ALL {
            let list: &[String] = match (group, groups) {
                (Group::Total, _) => &self.total_words,
                (Group::Reference, Some(g)) => &g.reference.words,
                (Group::Focus, Some(g)) => &g.focus.words,
                (Group::Unknown, Some(g)) => &g.unknown.words,
                (_, None) => &[],
            };
            words.extend(list.iter().map(|w| (w.as_str(), group)));
        }
        self.group_words = Tagged::new(words);
    }
}

/// `phrase` occurs in `text` as whole words (both normalised, so words are
/// separated by single spaces). The reference that [`super::Phrases`], one
/// automaton for a whole list, is tested against.
#[cfg(test)]
pub(crate) fn contains_phrase(text: &str, phrase: &str) -> bool {
    if phrase.is_empty() || phrase.len() > text.len() {
        return false;
    }
    let (bytes, wanted) = (text.as_bytes(), phrase.as_bytes());
    // Tried at each word start, first byte before the rest: building a
    // substring searcher costs more than this on the short labels of data
    // tables, and this stays cheap on long KPI texts.
    std::iter::once(0)
        .chain(memchr::memchr_iter(b' ', bytes).map(|i| i + 1))
        .take_while(|&start| start + wanted.len() <= bytes.len())
        .any(|start| {
            let end = start + wanted.len();
            bytes[start] == wanted[0]
                && &bytes[start..end] == wanted
                && (end == bytes.len() || bytes[end] == b' ')
        })
}

/// `text` is `phrase` or starts with it as whole words (both normalised).
pub fn starts_with_phrase(text: &str, phrase: &str) -> bool {
    !phrase.is_empty()
        && text.starts_with(phrase)
        && (text.len() == phrase.len() || text.as_bytes()[phrase.len()] == b' ')
}

impl super::Knowledge {
    /// Compile the groups' and the measures' words, once, when the
    /// knowledge loads.
    pub(super) fn prepare_data(&mut self) {
        let groups = self.groups.clone();
        self.data.prepare(groups.as_ref());
        let mut words: Vec<(&str, (usize, bool))> = Vec::new();
        for (index, indicator) in self.indicators.iter().enumerate() {
            let Some(measure) = &indicator.measure else {
                continue;
            };
            for (list, not) in [(&measure.words, false), (&measure.not_words, true)] {
                words.extend(list.iter().map(|w| (w.as_str(), (index, not))));
            }
        }
        self.measure_words = Tagged::new(words);
    }

    /// The indicators whose measure words a (normalised) text uses and
    /// whose not-words it does not, in the standard's order.
    pub fn measures_named(&self, text: &str) -> Vec<u8> {
        let Tagged { phrases, tags } = &self.measure_words;
        let mut named = vec![false; self.indicators.len()];
        let mut excluded = vec![false; self.indicators.len()];
        for (phrase, _, _) in phrases.occurrences(text) {
            let (index, not) = tags[phrase];
            if not {
                excluded[index] = true;
            } else {
                named[index] = true;
            }
        }
        self.indicators
            .iter()
            .enumerate()
            .filter(|&(i, _)| named[i] && !excluded[i])
            .map(|(_, indicator)| indicator.number)
            .collect()
    }

    /// How an indicator's figure is calculated and judged.
    pub fn measure(&self, number: u8) -> Option<&IndicatorMeasure> {
        self.indicator(number).and_then(|i| i.measure.as_ref())
    }

    /// The first indicator whose figure is of `kind` (WRES: share → 1,
    /// percentage points → 9; WDES: 1 and 10).
    pub fn indicator_of(&self, kind: MeasureKind) -> Option<u8> {
        self.indicators
            .iter()
            .find(|i| i.measure.as_ref().is_some_and(|m| m.kind == kind))
            .map(|i| i.number)
    }

    /// A group as the standard names it: "BME", "White", "Disabled", "Total".
    pub fn group_label(&self, group: Group) -> &str {
        match (group, &self.groups) {
            (Group::Total, _) => "Total",
            (Group::Reference, Some(g)) => &g.reference.label,
            (Group::Focus, Some(g)) => &g.focus.label,
            (Group::Unknown, Some(g)) => &g.unknown.label,
            (Group::Reference, None) => "reference group",
            (Group::Focus, None) => "focus group",
            (Group::Unknown, None) => "Unknown",
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::knowledge::Knowledge;

    use super::*;

    #[test]
    fn group_headers_and_synonyms() {
        let data = &Knowledge::wres().data;
        let cases = [
            ("White", Some(Group::Reference)),
            ("BAME", Some(Group::Focus)),
            ("Ethnic minority staff", Some(Group::Focus)),
            ("Global majority", Some(Group::Focus)),
            ("Prefer not to say", Some(Group::Unknown)),
            ("Not stated", Some(Group::Unknown)),
            ("Unknown/Null", Some(Group::Unknown)),
            ("Total", Some(Group::Total)),
            ("White (n)", Some(Group::Reference)),
            ("Band", None),
            ("BME staff in post across the trust", None),
            ("Whiteboard", None),
        ];
        for (text, expected) in cases {
            assert_eq!(data.group(text), expected, "{text}");
        }
        assert_eq!(data.group_within("2023 BME"), Some(Group::Focus));
        assert_eq!(data.group_within("% BME"), Some(Group::Focus));
        assert!(data.is_share("% BME", "bme") && data.is_share("BME share", "bme share"));
        assert!(!data.is_share("BME", "bme"));
        assert!(data.is_difference("difference percentage points"));
        assert!(contains_phrase("likelihood of appointment", "appointment"));
        assert!(contains_phrase(
            "likelihood of appointment",
            "likelihood of"
        ));
        assert!(!contains_phrase("appointments made", "appointment"));
        assert!(!contains_phrase("disappointed", "appointed"));
        // A false start overlapping the real one.
        assert!(contains_phrase("xab ab ab", "ab ab"));
        assert!(!contains_phrase("xab abx", "ab ab"));
    }

    #[test]
    fn better_directions() {
        assert_eq!(Better::Lower.is_wrong_way(0.284, 0.25), Some(false));
        assert_eq!(Better::Lower.is_wrong_way(0.25, 0.284), Some(true));
        assert_eq!(Better::Higher.is_wrong_way(0.44, 0.40), Some(true));
        assert_eq!(Better::Parity.is_wrong_way(1.45, 1.25), Some(false));
        assert_eq!(Better::Parity.is_wrong_way(0.80, 0.70), Some(true));
        assert_eq!(Better::Parity.is_wrong_way(1.10, 0.95), Some(false));
        assert_eq!(Better::Zero.is_wrong_way(-12.3, -8.0), Some(false));
        assert_eq!(Better::Zero.is_wrong_way(-6.0, -10.5), Some(true));
        assert_eq!(Better::Representative.is_wrong_way(0.1, 0.2), None);
    }
}
