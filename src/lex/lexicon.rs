//! The vocabularies of one standard, compiled into one automaton.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::knowledge::{layout, normalise, normalise_words, Knowledge};

use super::tokens::{Kind, Lexed, Token};

/// Every phrase the lexer looks for, normalised, with the kinds of token
/// each gives (a phrase may be in several vocabularies).
pub struct Lexicon {
    /// `None` when there is no phrase at all.
    matcher: Option<AhoCorasick>,
    /// `kinds[i]` are the tokens phrase `i` gives, in the order its
    /// vocabularies list it.
    kinds: Vec<Vec<Kind>>,
    /// The words that may precede an indicator's number in a matrix
    /// heading ("indicator", "wres"), as the knowledge writes them.
    indicator_words: Vec<String>,
    /// Words of the longest indicator word, plus the number after it.
    indicator_words_max: usize,
    indicator_count: u8,
}

impl Lexicon {
    /// The lexicon of a knowledge, compiled on first use and kept with it.
    pub fn of(knowledge: &Knowledge) -> &Lexicon {
        knowledge.lexicon.get_or_init(|| Lexicon::new(knowledge))
    }

    pub fn new(knowledge: &Knowledge) -> Lexicon {
        let mut phrases: Vec<String> = Vec::new();
        let mut kinds: Vec<Vec<Kind>> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut add = |phrase: &str, kind: Kind| {
            if phrase.is_empty() {
                return;
            }
            let i = *index.entry(phrase.to_owned()).or_insert_with(|| {
                phrases.push(phrase.to_owned());
                kinds.push(Vec::new());
                phrases.len() - 1
            });
            if !kinds[i].contains(&kind) {
                kinds[i].push(kind);
            }
        };
        // Sorted, so the automaton is built the same way every run.
        let mut synonyms: Vec<_> = knowledge.header_synonyms().collect();
        synonyms.sort();
        for (phrase, concept) in synonyms {
            add(phrase, Kind::Synonym(concept));
        }
        for (phrase, concept) in layout().heading_words() {
            add(phrase, Kind::HeadingWord(concept));
        }
        // Stop words and standards' names are compared with one word.
        let mut stops: Vec<&str> = layout().stop_words().filter(|w| !w.contains(' ')).collect();
        stops.sort();
        for word in stops {
            add(word, Kind::Stop);
        }
        for (phrase, index, not) in knowledge.measure_words() {
            let indicator = u8::try_from(index).expect("fewer than 256 indicators");
            add(phrase, Kind::Measure { indicator, not });
        }
        for phrase in knowledge.data.rows.relative_likelihood.iter() {
            add(phrase, Kind::RelativeLikelihood);
        }
        for name in crate::standard::names() {
            if !name.eq_ignore_ascii_case(&knowledge.standard) && !name.contains(' ') {
                add(&name, Kind::OtherStandard);
            }
        }
        // Standard match kind: the overlapping search sees every
        // occurrence, so a phrase that is not whole words here never hides
        // one that is.
        let matcher = (!phrases.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&phrases)
                .expect("the vocabularies' phrases compile")
        });
        Lexicon {
            matcher,
            kinds,
            indicator_words: knowledge.indicator_words.clone(),
            indicator_words_max: knowledge
                .indicator_words
                .iter()
                .map(|w| w.split(' ').count())
                .max()
                .unwrap_or(0)
                + 1,
            indicator_count: knowledge.indicator_count,
        }
    }

    /// Reads one text: normalised once, scanned once.
    pub fn lex(&self, text: &str) -> Lexed {
        let norm = normalise(text);
        let bytes = norm.as_bytes();
        let mut tokens = Vec::new();
        for m in self
            .matcher
            .iter()
            .flat_map(|ac| ac.find_overlapping_iter(&norm))
        {
            let whole = (m.start() == 0 || bytes[m.start() - 1] == b' ')
                && (m.end() == bytes.len() || bytes[m.end()] == b' ');
            if !whole {
                continue;
            }
            let one_word = !norm[m.start()..m.end()].contains(' ');
            for &kind in &self.kinds[m.pattern().as_usize()] {
                if matches!(kind, Kind::Stop | Kind::OtherStandard) && !one_word {
                    continue;
                }
                tokens.push(Token {
                    kind,
                    start: m.start() as u32,
                    end: m.end() as u32,
                });
            }
        }
        if let Some(number) = self.indicator_number(&norm) {
            tokens.push(Token {
                kind: Kind::IndicatorNumber(number),
                start: 0,
                end: norm.len() as u32,
            });
        }
        Lexed {
            tokens: tokens.into_boxed_slice(),
            chars: saturate(text.chars().count()),
            raw_words: saturate(text.split_whitespace().count()),
            words: saturate(memchr::memchr_iter(b' ', norm.as_bytes()).count() + 1),
        }
    }

    /// [`Lexicon::indicator_number`] of a text not normalised, normalising
    /// only as many words as an indicator heading can have, plus one (a
    /// long text, prose, is never lexed whole for this).
    pub fn indicator_number_of(&self, text: &str) -> Option<u8> {
        let head = normalise_words(text, self.indicator_words_max + 1);
        // More words than "indicator word + number": no indicator heading,
        // whatever follows.
        if head.split(' ').count() > self.indicator_words_max {
            return None;
        }
        self.indicator_number(&head)
    }

    /// The indicator a whole text names by number: "3", "Indicator 3",
    /// "WRES 3" (a column of an indicator matrix); `norm` is normalised.
    pub fn indicator_number(&self, norm: &str) -> Option<u8> {
        let number = match norm.rsplit_once(' ') {
            Some((word, number)) if self.indicator_words.iter().any(|w| *w == word) => number,
            Some(_) => return None,
            None => norm,
        };
        let number: u8 = number.parse().ok()?;
        (1..=self.indicator_count)
            .contains(&number)
            .then_some(number)
    }
}

/// A count as a token field holds it.
fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
