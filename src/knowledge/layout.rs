//! Layout vocabulary shared by every standard (`rules/layout.yaml`): the
//! words that name a column concept anywhere in a heading, and the words
//! that show what a column's cells hold (role titles, RAG words).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::Deserialize;

use super::phrases::{Phrases, Tagged};
use super::{normalise, Concept};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    heading_words: HashMap<Concept, Vec<String>>,
    heading_stop_words: Vec<String>,
    owner_words: Vec<String>,
    status_words: Vec<String>,
    unnamed_owners: Vec<String>,
    observable_words: Vec<String>,
    commitment_openings: Vec<String>,
    undertaking_verbs: Vec<String>,
    outcome_openings: Vec<String>,
    metadata_labels: Vec<String>,
    cover_sheet_labels: Vec<String>,
    group_words: Vec<String>,
}

/// The compiled layout vocabulary.
#[derive(Debug)]
pub struct LayoutWords {
    heading: Tagged<Concept>,
    stop_words: HashSet<String>,
    owner: Phrases,
    status: Phrases,
    observable: Phrases,
    /// How a list item that commits to an action opens ("we will").
    commitment_openings: Vec<String>,
    /// Verbs whose passive ends a lead-in over things to do ("actioned").
    undertaking_verbs: Vec<String>,
    /// How a list item stating an outcome opens ("improved").
    outcome_openings: Vec<String>,
    /// Labels of a document's metadata ("Date range", "Version").
    metadata_labels: Vec<String>,
    /// Labels of a committee paper's cover ("Meeting date", "Agenda item").
    cover_sheet_labels: Vec<String>,
    /// Nouns naming groups of actions ("areas", "themes").
    group_words: HashSet<String>,
    /// Normalised, plus the raw (trimmed, lower-cased) forms of entries
    /// that normalise to nothing ("-", "—").
    unnamed_owners: HashSet<String>,
}

/// The embedded layout vocabulary.
pub fn layout() -> &'static LayoutWords {
    static LAYOUT: OnceLock<LayoutWords> = OnceLock::new();
    LAYOUT.get_or_init(|| {
        LayoutWords::from_yaml(include_str!("../../rules/layout.yaml"))
            .expect("rules/layout.yaml is valid (checked by a unit test)")
    })
}

impl LayoutWords {
    pub fn from_yaml(text: &str) -> Result<LayoutWords, String> {
        let raw: Raw = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
        // Sorted by concept, so the automaton is built the same way every run.
        let mut concepts: Vec<(&Concept, &Vec<String>)> = raw.heading_words.iter().collect();
        concepts.sort_by_key(|(c, _)| **c);
        let heading = Tagged::new(
            concepts
                .into_iter()
                .flat_map(|(c, words)| words.iter().map(move |w| (w.as_str(), *c))),
        );
        let unnamed_owners = raw
            .unnamed_owners
            .iter()
            .map(|w| {
                let n = normalise(w);
                if n.is_empty() {
                    w.trim().to_lowercase()
                } else {
                    n
                }
            })
            .collect();
        Ok(LayoutWords {
            heading,
            stop_words: raw
                .heading_stop_words
                .iter()
                .map(|w| normalise(w))
                .collect(),
            owner: Phrases::new(raw.owner_words),
            status: Phrases::new(raw.status_words),
            observable: Phrases::new(raw.observable_words),
            commitment_openings: raw
                .commitment_openings
                .iter()
                .map(|w| normalise(w))
                .collect(),
            undertaking_verbs: raw.undertaking_verbs.iter().map(|w| normalise(w)).collect(),
            outcome_openings: raw.outcome_openings.iter().map(|w| normalise(w)).collect(),
            metadata_labels: raw.metadata_labels.iter().map(|w| normalise(w)).collect(),
            cover_sheet_labels: raw
                .cover_sheet_labels
                .iter()
                .map(|w| normalise(w))
                .collect(),
            group_words: raw.group_words.iter().map(|w| normalise(w)).collect(),
            unnamed_owners,
        })
    }

    /// Whether a label names the document's metadata ("Date range",
    /// "Version"), not a field of an action; `normalised` is the label
    /// after [`normalise`].
    pub fn is_metadata_label(&self, normalised: &str) -> bool {
        starts_with_any(normalised, &self.metadata_labels)
    }

    /// Whether a sentence ends on a commitment's opening words ("This
    /// means we will", "… over the next year we aim to"); `normalised` is
    /// the sentence after [`normalise`].
    pub fn ends_in_commitment(&self, normalised: &str) -> bool {
        self.commitment_openings.iter().any(|o| {
            normalised
                .strip_suffix(o.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.ends_with(' '))
        })
    }

    /// Whether a lead-in ends by saying, in the passive, that what it
    /// lists is to be done ("… the following are actioned", "… will be
    /// taken forward"); `normalised` is the lead-in after [`normalise`].
    /// The past ("were completed") reports what is done, not a plan.
    pub fn ends_in_undertaking(&self, normalised: &str) -> bool {
        self.undertaking_verbs.iter().any(|verb| {
            normalised
                .strip_suffix(verb.as_str())
                .and_then(|rest| rest.strip_suffix(' '))
                .is_some_and(|rest| {
                    ["are", "is", "be"]
                        .iter()
                        .any(|aux| rest == *aux || rest.ends_with(&format!(" {aux}")))
                })
        })
    }

    /// Whether a word names a group of actions ("areas", "themes").
    pub fn is_group_word(&self, word: &str) -> bool {
        self.group_words.contains(word)
    }

    /// Whether a label is one of a committee paper's cover sheet ("Meeting
    /// date", "Outcome required"); `normalised` is the label after
    /// [`normalise`].
    pub fn is_cover_sheet_label(&self, normalised: &str) -> bool {
        starts_with_any(normalised, &self.cover_sheet_labels)
    }

    /// Whether a list item commits to an action by its opening words ("We
    /// will track progress …", "2. We aim to …"); `normalised` is the item
    /// after [`normalise`], a leading item number allowed.
    pub fn is_commitment(&self, normalised: &str) -> bool {
        let text = normalised.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
        starts_with_any(text, &self.commitment_openings)
    }

    /// Whether a list item states an outcome by its opening word
    /// ("Improved staff experience", "2. Better access …") rather than an
    /// action; `normalised` is the item after [`normalise`].
    pub fn is_outcome(&self, normalised: &str) -> bool {
        let text = normalised.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
        let first = text.split(' ').next().unwrap_or_default();
        self.outcome_openings.iter().any(|o| o == first)
    }

    /// The concept a heading names by one of its words, the head noun
    /// winning: the last concept word before the first preposition ("Date
    /// of completion" → deadline, "WRES action" → action, "Action lead" →
    /// owner). `normalised` is the heading after [`normalise`].
    pub fn heading_concept(&self, normalised: &str) -> Option<Concept> {
        self.heading_concepts(normalised).first().copied()
    }

    /// Every concept a heading's words name, the head noun's first
    /// ("Timeframes/Progress": status, deadline): a heading that lists two
    /// leaves the choice to the column's cells.
    pub fn heading_concepts(&self, normalised: &str) -> Vec<Concept> {
        // The byte where the head's describing words start.
        let mut stop = normalised.len();
        let mut at = 0;
        for word in normalised.split(' ') {
            if at > 0 && self.stop_words.contains(word) {
                stop = at;
                break;
            }
            at += word.len() + 1;
        }
        let head = &normalised[..stop.min(normalised.len())];
        // Longest, then last, occurrence first.
        let ranked = |text: &str| {
            let mut found: Vec<(usize, usize, usize)> =
                self.heading.phrases.occurrences(text).collect();
            found.sort_by_key(|(_, start, end)| {
                std::cmp::Reverse((*end, std::cmp::Reverse(*start)))
            });
            found
        };
        let mut concepts: Vec<Concept> = Vec::new();
        for (i, _, _) in ranked(head).into_iter().chain(ranked(normalised)) {
            let concept = self.heading.tags[i];
            if !concepts.contains(&concept) {
                concepts.push(concept);
            }
        }
        concepts
    }

    /// The heading words with their concepts, in the order the heading
    /// automaton numbers them (for the lexer's one automaton).
    pub fn heading_words(&self) -> impl Iterator<Item = (&str, Concept)> + '_ {
        self.heading
            .phrases
            .iter()
            .map(String::as_str)
            .zip(self.heading.tags.iter().copied())
    }

    /// The words that end a heading's head noun ("of", "for").
    pub fn stop_words(&self) -> impl Iterator<Item = &str> + '_ {
        self.stop_words.iter().map(String::as_str)
    }

    /// The text names a role or a body that can own an action ("Director of
    /// People", "EDI Steering Group").
    pub fn names_owner(&self, normalised: &str) -> bool {
        self.owner.found_in(normalised)
    }

    /// The text is a progress or RAG word, alone or leading ("Green",
    /// "Complete - launched May 2023").
    pub fn is_status(&self, normalised: &str) -> bool {
        self.status.start(normalised)
    }

    /// The text names a metric or a deliverable a reader could check
    /// ("number of managers trained", "policy approved").
    pub fn names_observable(&self, normalised: &str) -> bool {
        self.observable.found_in(normalised)
    }

    /// The text stands in an owner cell without naming an owner ("N/A",
    /// "—", "Various", "All").
    pub fn is_unnamed_owner(&self, text: &str) -> bool {
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed.len() > 40 {
            return false;
        }
        let n = normalise(trimmed);
        if n.is_empty() {
            return self.unnamed_owners.contains(&trimmed.to_lowercase());
        }
        self.unnamed_owners.contains(&n)
    }
}

/// Whether `normalised` starts with one of the phrases, as whole words.
fn starts_with_any(normalised: &str, phrases: &[String]) -> bool {
    phrases.iter().any(|m| {
        normalised
            .strip_prefix(m.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lead_in_in_the_passive_undertakes_its_items() {
        let words = layout();
        assert!(words.ends_in_undertaking("the following are actioned"));
        assert!(words.ends_in_undertaking("the steps below will be taken forward"));
        assert!(!words.ends_in_undertaking("the following were completed"));
        assert!(!words.ends_in_undertaking("the following are required"));
        assert!(!words.ends_in_undertaking("we have actioned"));
    }

    #[test]
    fn commitments_open_with_we_will() {
        let l = layout();
        assert!(l.is_commitment(&normalise("1. We will track progress quarterly")));
        assert!(l.is_commitment(&normalise("We aim to reduce the gap")));
        assert!(!l.is_commitment(&normalise("Declaration rate")));
        assert!(!l.is_commitment(&normalise("Well-led review")));
    }

    #[test]
    fn outcomes_open_with_a_result() {
        let l = layout();
        assert!(l.is_outcome(&normalise("- Improved staff experience")));
        assert!(l.is_outcome(&normalise("2. Better access to development")));
        assert!(!l.is_outcome(&normalise("Improve the appraisal process")));
        assert!(!l.is_outcome(&normalise("Recruiting and retaining BME staff")));
    }

    #[test]
    fn embedded_layout_vocabulary_parses() {
        LayoutWords::from_yaml(include_str!("../../rules/layout.yaml")).unwrap();
    }

    #[test]
    fn head_noun_names_the_concept() {
        let l = layout();
        let cases = [
            ("WRES action", Some(Concept::Action)),
            ("Action lead", Some(Concept::Owner)),
            ("Date of completion", Some(Concept::Deadline)),
            ("Timescale for completion", Some(Concept::Deadline)),
            ("Lead for action", Some(Concept::Owner)),
            ("Evidence of impact", Some(Concept::Kpi)),
            ("Progress to date", Some(Concept::Status)),
            ("Lead officer", Some(Concept::Owner)),
            ("Completion date", Some(Concept::Deadline)),
            (
                "How will actions be made sustainable",
                Some(Concept::Action),
            ),
            ("Comments", None),
        ];
        for (heading, expected) in cases {
            assert_eq!(
                l.heading_concept(&normalise(heading)),
                expected,
                "{heading}"
            );
        }
    }

    #[test]
    fn unnamed_owners_and_role_titles() {
        let l = layout();
        for text in ["N/A", "—", "-", " Various ", "All", "TBC"] {
            assert!(l.is_unnamed_owner(text), "{text}");
        }
        for text in ["Director of People", "HR", "All managers"] {
            assert!(!l.is_unnamed_owner(text), "{text}");
        }
        assert!(l.names_owner(&normalise("EDI Steering Group")));
        assert!(l.names_owner(&normalise("Deputy Director of Workforce")));
        assert!(!l.names_owner(&normalise("31 March 2024")));
        assert!(l.is_status(&normalise("Green")));
        assert!(l.is_status(&normalise("Complete - launched May 2023")));
        assert!(!l.is_status(&normalise("Run a listening event")));
    }
}
