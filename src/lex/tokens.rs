//! A lexed text: its normalised form and the tokens found in it, and the
//! answers the model's readers take from them.

use crate::knowledge::{Concept, Knowledge};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One of the standard's header synonyms ("expected date of completion").
    Synonym(Concept),
    /// A heading word of the layout vocabulary ("lead", "timescale").
    HeadingWord(Concept),
    /// A word that ends a heading's head noun ("of", "for").
    Stop,
    /// The name of another standard ("wdes" read under WRES).
    OtherStandard,
    /// The whole text names an indicator by number ("Indicator 3", "3").
    IndicatorNumber(u8),
    /// A measure word of an indicator (its index in the knowledge's
    /// indicators), or one of its not-words.
    Measure { indicator: u8, not: bool },
    /// Words for a relative likelihood ("relative likelihood", "rl").
    RelativeLikelihood,
}

/// One token: its kind and its byte span in the normalised text
/// (`knowledge::normalise`: lower case, words separated by single spaces).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub start: u32,
    pub end: u32,
}

/// One text, read once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lexed {
    /// In the order found: by end, then as the vocabularies list them.
    pub tokens: Box<[Token]>,
    /// Characters of the text as written.
    pub chars: u32,
    /// Whitespace-separated words of the text as written.
    pub raw_words: u32,
    /// Words of the normalised text (1 for an empty one, as `split` counts).
    pub words: u32,
}

impl Lexed {
    /// Words of the normalised text (1 for an empty one, as `split` counts).
    pub fn words(&self) -> usize {
        self.words as usize
    }

    /// The indicators whose measure words the text uses and whose
    /// not-words it does not, in the standard's order
    /// (`Knowledge::measures_named`).
    pub fn measures_named(&self, knowledge: &Knowledge) -> Vec<u8> {
        let mut named = vec![false; knowledge.indicators.len()];
        let mut excluded = vec![false; knowledge.indicators.len()];
        for token in self.tokens.iter() {
            if let Kind::Measure { indicator, not } = token.kind {
                let flags = if not { &mut excluded } else { &mut named };
                if let Some(flag) = flags.get_mut(usize::from(indicator)) {
                    *flag = true;
                }
            }
        }
        knowledge
            .indicators
            .iter()
            .enumerate()
            .filter(|&(i, _)| named[i] && !excluded[i])
            .map(|(_, indicator)| indicator.number)
            .collect()
    }

    /// The text speaks of a relative likelihood.
    pub fn names_relative_likelihood(&self) -> bool {
        self.tokens
            .iter()
            .any(|t| t.kind == Kind::RelativeLikelihood)
    }

    /// The concept of the longest header synonym the text starts with, as
    /// whole words (`Knowledge::header_concept`).
    pub fn header_synonym(&self) -> Option<Concept> {
        self.tokens
            .iter()
            .filter(|t| t.start == 0)
            .filter_map(|t| match t.kind {
                Kind::Synonym(c) => Some((t.end, c)),
                _ => None,
            })
            .max_by_key(|(end, _)| *end)
            .map(|(_, c)| c)
    }

    /// Every concept the heading words name, the head noun's first
    /// (`LayoutWords::heading_concepts`): occurrences before the first stop
    /// word after the first word, then all, each longest and last first.
    pub fn heading_concepts(&self) -> Vec<Concept> {
        let stop = self
            .tokens
            .iter()
            .filter(|t| t.kind == Kind::Stop && t.start > 0)
            .map(|t| t.start)
            .min();
        let words = self.tokens.iter().filter_map(|t| match t.kind {
            Kind::HeadingWord(c) => Some((t.start, t.end, c)),
            _ => None,
        });
        let ranked = |in_head: bool| {
            let mut found: Vec<(u32, u32, Concept)> = words
                .clone()
                .filter(|(_, end, _)| !in_head || stop.is_none_or(|s| *end < s))
                .collect();
            found.sort_by_key(|(start, end, _)| {
                std::cmp::Reverse((*end, std::cmp::Reverse(*start)))
            });
            found
        };
        let mut concepts: Vec<Concept> = Vec::new();
        for (_, _, concept) in ranked(true).into_iter().chain(ranked(false)) {
            if !concepts.contains(&concept) {
                concepts.push(concept);
            }
        }
        concepts
    }

    /// Some word is another standard's name.
    pub fn names_other_standard(&self) -> bool {
        self.tokens.iter().any(|t| t.kind == Kind::OtherStandard)
    }

    /// The indicator the whole text names by number.
    pub fn indicator_number(&self) -> Option<u8> {
        self.tokens.iter().find_map(|t| match t.kind {
            Kind::IndicatorNumber(n) => Some(n),
            _ => None,
        })
    }
}
