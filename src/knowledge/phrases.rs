//! Phrase lists matched as whole words in normalised text.
//!
//! Data-table labels and KPI texts are checked against a dozen lists of
//! phrases each; a loop over a list's phrases scanned the text once per
//! phrase, which was most of the cost of reading a long data table. Each
//! list now compiles its phrases into one Aho-Corasick automaton (the crate
//! the `regex` crate already builds on), so a text is scanned once per list.

use std::ops::Deref;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;

use super::normalise;

/// Normalised phrases (words separated by single spaces, lower case), in
/// the order written. Derefs to the phrases, for messages and docs.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(from = "Vec<String>")]
pub struct Phrases {
    words: Vec<String>,
    /// `None` for an empty list.
    matcher: Option<AhoCorasick>,
}

impl From<Vec<String>> for Phrases {
    fn from(words: Vec<String>) -> Phrases {
        Phrases::new(words)
    }
}

impl Deref for Phrases {
    type Target = [String];

    fn deref(&self) -> &[String] {
        &self.words
    }
}

impl PartialEq for Phrases {
    fn eq(&self, other: &Phrases) -> bool {
        self.words == other.words
    }
}

impl Phrases {
    /// Normalises every phrase and drops those left empty.
    pub fn new<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> Phrases {
        Tagged::new(words.into_iter().map(|w| (w, ()))).phrases
    }

    /// Compiles phrases already normalised and non-empty.
    fn compile(words: Vec<String>) -> Phrases {
        // Standard match kind: the overlapping search below sees every
        // occurrence, so a phrase that is not whole words here ("rl" in
        // "girls") never hides one that is.
        let matcher = (!words.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&words)
                .expect("a few short phrases always compile")
        });
        Phrases { words, matcher }
    }

    /// Every whole-word occurrence in `text` (normalised): `(phrase index,
    /// start, end)`, by end position.
    pub fn occurrences<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
        let bytes = text.as_bytes();
        self.matcher
            .iter()
            .flat_map(move |ac| ac.find_overlapping_iter(text))
            .filter(move |m| {
                (m.start() == 0 || bytes[m.start() - 1] == b' ')
                    && (m.end() == bytes.len() || bytes[m.end()] == b' ')
            })
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
    }

    /// Some phrase occurs in `text` (normalised) as whole words.
    pub fn found_in(&self, text: &str) -> bool {
        self.occurrences(text).next().is_some()
    }

    /// `text` (normalised) is one of the phrases or starts with one as
    /// whole words.
    pub fn start(&self, text: &str) -> bool {
        self.words
            .iter()
            .any(|p| super::data::starts_with_phrase(text, p))
    }
}

/// Phrases that each carry a tag (the group a word names, the indicator a
/// measure word belongs to): `tags[i]` is the tag of phrase `i`, kept in
/// step when phrases that normalise to nothing are dropped.
#[derive(Clone, Debug)]
pub struct Tagged<T> {
    pub phrases: Phrases,
    pub tags: Vec<T>,
}

impl<T> Default for Tagged<T> {
    fn default() -> Tagged<T> {
        Tagged {
            phrases: Phrases::default(),
            tags: Vec::new(),
        }
    }
}

impl<T> Tagged<T> {
    pub fn new<S: AsRef<str>>(items: impl IntoIterator<Item = (S, T)>) -> Tagged<T> {
        let (words, tags): (Vec<String>, Vec<T>) = items
            .into_iter()
            .map(|(w, tag)| (normalise(w.as_ref()), tag))
            .filter(|(w, _)| !w.is_empty())
            .unzip();
        Tagged {
            phrases: Phrases::compile(words),
            tags,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::data::contains_phrase;
    use proptest::prelude::*;

    #[test]
    fn whole_words_only() {
        let p = Phrases::new(["RL", "relative likelihood", "White"]);
        assert_eq!(&p[..], ["rl", "relative likelihood", "white"]);
        assert!(p.found_in("the rl of"));
        assert!(p.found_in("rl"));
        assert!(!p.found_in("girls and boys"));
        // A false start overlapping a true one.
        assert!(p.found_in("whites white"));
        assert!(p.start("relative likelihood ratio"));
        assert!(!p.start("the relative likelihood"));
        assert!(!Phrases::new(Vec::<String>::new()).found_in("anything"));
        assert!(!Phrases::new([" ", "%"]).found_in("x"));
        let tagged = Tagged::new([("White", 0), ("%", 1), ("BME", 2)]);
        assert_eq!(&tagged.phrases[..], ["white", "bme"]);
        assert_eq!(tagged.tags, [0, 2]);
    }

    proptest! {
        /// The automaton agrees with a search for each phrase in turn.
        #[test]
        fn agrees_with_the_phrase_loop(
            words in prop::collection::vec("[ab]{1,3}( [ab]{1,2})?", 0..6),
            text in "[ab ]{0,24}",
        ) {
            let p = Phrases::new(&words);
            let text = normalise(&text);
            prop_assert_eq!(p.found_in(&text), p.iter().any(|w| contains_phrase(&text, w)));
        }
    }
}
