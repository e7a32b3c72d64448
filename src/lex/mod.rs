//! The lexing stage, between `load` and `model`: a cell's text is read once
//! into typed tokens that the model's readers share, instead of each reader
//! normalising and scanning the text again.
//!
//! A [`Lexicon`] compiles the vocabularies of one standard (header synonyms,
//! heading words and their stop words, the other standards' names,
//! indicator numbers) into one Aho-Corasick automaton, once per knowledge.
//! A [`Lexer`] lexes each distinct text of a workbook once ([`Lexed`]: the
//! normalised text and its tokens, with byte spans into it) and hands the
//! same result to every reader that asks again: a header repeated after a
//! page break, an owner or deadline written the same way down a table.

mod lexicon;
mod tokens;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::knowledge::Knowledge;

pub use lexicon::Lexicon;
pub use tokens::{Kind, Lexed, Token};

/// Distinct texts kept at most: a 100,000-row data sheet of unique labels
/// is lexed as it is read rather than held whole.
const MAX_KEPT: usize = 1 << 14;

/// The texts a [`Lexer`] has lexed, kept after it is dropped: the model
/// keeps its lexer's table, and the rules' lexer goes on from it, so a
/// text the model read is not lexed again for the rules.
#[derive(Clone, Default)]
pub struct Seen {
    /// The lexicon the texts were lexed with, by address (a table lexed
    /// under one standard is not handed to a lexer of another).
    lexicon: usize,
    texts: Arc<Mutex<HashMap<Box<str>, Arc<Lexed>>>>,
}

impl std::fmt::Debug for Seen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("lex::Seen")
    }
}

/// Lexes the texts of one workbook, each distinct text once.
pub struct Lexer<'k> {
    knowledge: &'k Knowledge,
    lexicon: &'k Lexicon,
    /// Shared by the rules, which may run on other threads than the model.
    seen: Arc<Mutex<HashMap<Box<str>, Arc<Lexed>>>>,
}

impl<'k> Lexer<'k> {
    pub fn new(knowledge: &'k Knowledge) -> Lexer<'k> {
        Lexer {
            knowledge,
            lexicon: Lexicon::of(knowledge),
            seen: Arc::default(),
        }
    }

    /// A lexer that goes on from the texts another lexer of the same
    /// knowledge has lexed (a fresh one for another knowledge's).
    pub fn continuing(knowledge: &'k Knowledge, seen: &Seen) -> Lexer<'k> {
        let lexicon = Lexicon::of(knowledge);
        let seen = if seen.lexicon == address(lexicon) {
            Arc::clone(&seen.texts)
        } else {
            Arc::default()
        };
        Lexer {
            knowledge,
            lexicon,
            seen,
        }
    }

    /// The texts lexed so far, for a lexer to continue from.
    pub fn seen(&self) -> Seen {
        Seen {
            lexicon: address(self.lexicon),
            texts: Arc::clone(&self.seen),
        }
    }

    fn table(&self) -> std::sync::MutexGuard<'_, HashMap<Box<str>, Arc<Lexed>>> {
        self.seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The compiled vocabularies it lexes with.
    pub fn lexicon(&self) -> &'k Lexicon {
        self.lexicon
    }

    /// The knowledge whose vocabularies it reads.
    pub fn knowledge(&self) -> &'k Knowledge {
        self.knowledge
    }

    /// The tokens of `text`, lexed the first time it is seen.
    pub fn lex(&self, text: &str) -> Arc<Lexed> {
        // A panicking rule cannot leave the table half-written: poisoning
        // is ignored.
        if let Some(lexed) = self.table().get(text) {
            return Arc::clone(lexed);
        }
        let lexed = Arc::new(self.lexicon.lex(text));
        let mut table = self.table();
        if table.len() < MAX_KEPT {
            table.insert(text.into(), Arc::clone(&lexed));
        }
        lexed
    }
}

/// A lexicon's identity while it lives (it is kept with its knowledge).
fn address(lexicon: &Lexicon) -> usize {
    std::ptr::from_ref(lexicon) as usize
}

#[cfg(test)]
mod tests;
