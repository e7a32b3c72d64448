//! The words of timelines (`rules/timeline.yaml`), as data.
//!
//! The date *shapes* (`31.10.18`, `Q3/Q4 2023/24`) are fixed patterns in
//! [`super::grammar`]; the words around them change with each plan a
//! governance lead reads, so they live in YAML compiled into the binary.

use std::sync::OnceLock;

use serde::Deserialize;

/// The timeline vocabulary; see `rules/timeline.yaml` for what each list means.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    /// Twelve entries, January first; each lists every spelling of the month.
    pub months: Vec<Vec<String>>,
    /// Month names that are also everyday words ("may", "march").
    pub verb_like_months: Vec<String>,
    /// Number words accepted for `<number>`.
    pub number_words: Vec<String>,
    pub deadline_cues: Vec<String>,
    pub during_cues: Vec<String>,
    pub from_cues: Vec<String>,
    pub hedges: Vec<String>,
    pub historical_triggers: Vec<String>,
    pub historical_max_gap_words: usize,
    pub future_markers: Vec<String>,
    pub historical_gap_stops: Vec<String>,
    pub reference_before: Vec<String>,
    pub reference_after: Vec<String>,
    pub count_nouns: Vec<String>,
    pub not_date_before: Vec<String>,
    pub recurring: Vec<String>,
    pub open_ended: Vec<String>,
}

/// The placeholders a phrase may contain, as written in the YAML.
pub const NUMBER_PLACEHOLDER: &str = "<number>";
pub const WORDS_PLACEHOLDER: &str = "<words>";

impl Vocabulary {
    /// The vocabulary embedded in the binary.
    pub fn builtin() -> &'static Vocabulary {
        static BUILTIN: OnceLock<Vocabulary> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Vocabulary::from_yaml(include_str!("../../rules/timeline.yaml"))
                .expect("rules/timeline.yaml is valid (checked by a unit test)")
        })
    }

    /// Read and check a vocabulary; the error names the first problem found.
    pub fn from_yaml(text: &str) -> Result<Vocabulary, String> {
        let vocabulary: Vocabulary = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
        vocabulary.validate()?;
        Ok(vocabulary)
    }

    /// Checks serde cannot express: list sizes and phrase shapes.
    fn validate(&self) -> Result<(), String> {
        if self.months.len() != 12 {
            return Err(format!(
                "months: expected 12 entries, found {}",
                self.months.len()
            ));
        }
        if let Some(n) = self.months.iter().position(Vec::is_empty) {
            return Err(format!("months: entry {} has no names", n + 1));
        }
        for (list, phrases) in self.phrase_lists() {
            if phrases.is_empty() {
                return Err(format!("{list}: the list is empty"));
            }
            for phrase in phrases {
                check_phrase(list, phrase)?;
            }
        }
        Ok(())
    }

    /// Every list of phrases, by its YAML key, for validation.
    fn phrase_lists(&self) -> [(&'static str, &[String]); 15] {
        [
            ("verb_like_months", &self.verb_like_months),
            ("number_words", &self.number_words),
            ("deadline_cues", &self.deadline_cues),
            ("during_cues", &self.during_cues),
            ("from_cues", &self.from_cues),
            ("hedges", &self.hedges),
            ("historical_triggers", &self.historical_triggers),
            ("future_markers", &self.future_markers),
            ("historical_gap_stops", &self.historical_gap_stops),
            ("reference_before", &self.reference_before),
            ("reference_after", &self.reference_after),
            ("count_nouns", &self.count_nouns),
            ("not_date_before", &self.not_date_before),
            ("recurring", &self.recurring),
            ("open_ended", &self.open_ended),
        ]
    }
}

/// A phrase must start and end with a letter, a digit or a placeholder, so
/// that whole-word matching means what it says, and `<words>` may not start
/// or end it (the gap would swallow the words around the phrase).
fn check_phrase(list: &str, phrase: &str) -> Result<(), String> {
    let trimmed = phrase.trim();
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '<' || c == '>');
    if trimmed.is_empty() || !edge_ok(trimmed.chars().next()) || !edge_ok(trimmed.chars().last()) {
        return Err(format!(
            "{list}: `{phrase}` must start and end with a letter or digit"
        ));
    }
    // Plain words only, so a phrase can never be read as a pattern.
    let allowed = |c: char| c.is_alphanumeric() || c.is_whitespace() || "-'’/.&,<>".contains(c);
    if let Some(c) = trimmed.chars().find(|c| !allowed(*c)) {
        return Err(format!(
            "{list}: `{phrase}` contains `{c}`; use letters, digits, spaces and - ' / . & ,"
        ));
    }
    let unknown = trimmed
        .split_whitespace()
        .filter(|w| w.starts_with('<') || w.ends_with('>'))
        .find(|w| *w != NUMBER_PLACEHOLDER && *w != WORDS_PLACEHOLDER);
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    if words.first() == Some(&WORDS_PLACEHOLDER) || words.last() == Some(&WORDS_PLACEHOLDER) {
        return Err(format!(
            "{list}: `{phrase}` may not start or end with {WORDS_PLACEHOLDER}"
        ));
    }
    if let Some(word) = unknown {
        return Err(format!(
            "{list}: `{phrase}` uses `{word}`; only {NUMBER_PLACEHOLDER} and {WORDS_PLACEHOLDER} are placeholders"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMBEDDED: &str = include_str!("../../rules/timeline.yaml");

    #[test]
    fn embedded_vocabulary_parses_and_validates() {
        let vocabulary = Vocabulary::from_yaml(EMBEDDED).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(vocabulary.months[8], ["September", "Sept", "Sep"]);
        assert!(vocabulary
            .deadline_cues
            .iter()
            .any(|c| c == "no later than"));
        assert!(vocabulary
            .recurring
            .iter()
            .any(|c| c == "every <number> months"));
    }

    #[test]
    fn builtin_is_the_embedded_file() {
        assert_eq!(Vocabulary::builtin().months.len(), 12);
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let text = format!("{EMBEDDED}\nmonths_extra: [Smarch]\n");
        let err = Vocabulary::from_yaml(&text).unwrap_err();
        assert!(err.contains("months_extra"), "{err}");
    }

    #[test]
    fn wrong_month_count_is_rejected() {
        let text = EMBEDDED.replace("  - [December, Dec]\n", "");
        let err = Vocabulary::from_yaml(&text).unwrap_err();
        assert!(err.contains("expected 12 entries"), "{err}");
    }

    #[test]
    fn malformed_phrases_are_rejected() {
        assert!(check_phrase("recurring", "every <n> months").is_err());
        assert!(check_phrase("recurring", "*by").is_err());
        assert!(check_phrase("recurring", " ").is_err());
        assert!(check_phrase("recurring", r"every\b month").is_err());
        assert!(check_phrase("recurring", "every (other) month").is_err());
        assert!(check_phrase("deadline_cues", "no later than").is_ok());
        assert!(check_phrase("recurring", "every <number> months").is_ok());
        assert!(check_phrase("open_ended", "from <words> onwards").is_ok());
        assert!(check_phrase("open_ended", "<words> onwards").is_err());
    }
}
