//! The standard's built-in knowledge (header synonyms, indicators, link
//! words, placeholders), read from `rules/wres.yaml` compiled into the binary.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

mod data;
mod layout;
mod measure;
mod phrases;
pub use data::{starts_with_phrase, DataVocabulary, Group};
pub use layout::{layout, LayoutWords};
pub use measure::{Better, GroupDef, Groups, IndicatorMeasure, MeasureKind, Ratio};
pub use phrases::Phrases;
use phrases::Tagged;

/// A column concept of an action plan.
/// Every built-in data file compiled into the binary (for the rule-set version).
pub const EMBEDDED_DATA: &[&str] = &[
    include_str!("../rules/wres.yaml"),
    include_str!("../rules/wdes.yaml"),
    include_str!("../rules/timeline.yaml"),
    include_str!("../rules/high-impact-actions.yaml"),
    include_str!("../rules/layout.yaml"),
    include_str!("../rules/evidence.yaml"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Concept {
    Item,
    Indicator,
    Action,
    Owner,
    Kpi,
    KpiTimeline,
    Deadline,
    Baseline,
    Target,
    Status,
}

impl Concept {
    /// The concept as people call it, for messages.
    pub fn label(self) -> &'static str {
        match self {
            Concept::Item => "item number",
            Concept::Indicator => "indicator link",
            Concept::Action => "action",
            Concept::Owner => "owner",
            Concept::Kpi => "KPI / measure",
            Concept::KpiTimeline => "KPI and timeline",
            Concept::Deadline => "deadline",
            Concept::Baseline => "baseline",
            Concept::Target => "target",
            Concept::Status => "status",
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorDef {
    pub number: u8,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// How the indicator's figure is calculated and which way is better.
    #[serde(default)]
    pub measure: Option<IndicatorMeasure>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Knowledge {
    /// "WRES" or "WDES".
    pub standard: String,
    /// "indicator" (WRES) or "metric" (WDES), for messages.
    pub item_word: String,
    pub indicator_count: u8,
    pub indicators: Vec<IndicatorDef>,
    pub indicator_words: Vec<String>,
    pub all_words: Vec<String>,
    headers: HashMap<Concept, Vec<String>>,
    pub placeholders: Vec<String>,
    pub matrix_non_marks: Vec<String>,
    /// Labels of the cell holding the plan's publication date ("Publication
    /// date:", "Published:"), matched as whole leading words.
    pub publication_labels: Vec<String>,
    /// Phrases whose presence in a workbook marks it as this standard's
    /// ("WDES", "Workforce Disability Equality Standard").
    #[serde(default)]
    pub detect: Vec<String>,
    /// The groups a standard compares (focus, reference, unknown), with
    /// their labels and the words tables use for them.
    #[serde(default)]
    pub groups: Option<Groups>,
    /// Data workbooks: row vocabulary and thresholds (groups come from
    /// `groups`).
    #[serde(default)]
    pub data: DataVocabulary,
    /// Phrases that put a target off until later ("will set a target").
    #[serde(default)]
    pub deferred_target_phrases: Vec<String>,
    /// Pack rules of the standard, compiled by `crate::packs`.
    #[serde(default, rename = "rules")]
    _rules: Option<serde::de::IgnoredAny>,
    /// Normalised synonym → concept.
    #[serde(skip)]
    synonyms: HashMap<String, Concept>,
    /// Words in the longest synonym: a header is matched on its first
    /// words only, so a long action text costs no more than a short header.
    #[serde(skip)]
    synonym_words: usize,
    /// `deferred_target_phrases` as one pattern, compiled when the
    /// knowledge loads rather than by each rule for each file.
    #[serde(skip)]
    deferral: Option<regex::Regex>,
    /// Every indicator's measure words and not-words, in one automaton,
    /// with the index in `indicators` and whether it is a not-word.
    #[serde(skip)]
    measure_words: phrases::Tagged<(usize, bool)>,
    /// Characters in the longest placeholder.
    #[serde(skip)]
    placeholder_chars: usize,
    /// The lexer's compiled vocabularies for this knowledge, built on first
    /// use by `crate::lex` (a slot here, so the knowledge need not know the
    /// lexer's types and the module graph stays acyclic).
    #[serde(skip)]
    pub lexicon: Slot,
}

/// A value derived from the knowledge and built once, on first use. A
/// clone starts empty: the clone may be changed, and the value with it.
#[derive(Default)]
pub struct Slot(OnceLock<Box<dyn std::any::Any + Send + Sync>>);

impl Slot {
    /// The value, built by `init` the first time.
    pub fn get_or_init<T: std::any::Any + Send + Sync>(&self, init: impl FnOnce() -> T) -> &T {
        self.0
            .get_or_init(|| Box::new(init()))
            .downcast_ref()
            .expect("a slot holds one type")
    }
}

impl Clone for Slot {
    fn clone(&self) -> Slot {
        Slot::default()
    }
}

impl std::fmt::Debug for Slot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Slot")
    }
}

impl Knowledge {
    /// The WRES knowledge embedded in the binary.
    pub fn wres() -> &'static Knowledge {
        static WRES: OnceLock<Knowledge> = OnceLock::new();
        WRES.get_or_init(|| {
            Knowledge::from_yaml(include_str!("../rules/wres.yaml"))
                .expect("rules/wres.yaml is valid (checked by a unit test)")
        })
    }

    /// The WDES knowledge embedded in the binary.
    pub fn wdes() -> &'static Knowledge {
        static WDES: OnceLock<Knowledge> = OnceLock::new();
        WDES.get_or_init(|| {
            Knowledge::from_yaml(include_str!("../rules/wdes.yaml"))
                .expect("rules/wdes.yaml is valid (checked by a unit test)")
        })
    }

    pub fn from_yaml(text: &str) -> Result<Knowledge, String> {
        let mut knowledge: Knowledge = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
        let mut synonyms = HashMap::new();
        for (concept, words) in &knowledge.headers {
            for word in words {
                if let Some(other) = synonyms.insert(normalise(word), *concept) {
                    if other != *concept {
                        return Err(format!("header synonym `{word}` names two concepts"));
                    }
                }
            }
        }
        knowledge.synonym_words = synonyms
            .keys()
            .map(|s| s.split(' ').count())
            .max()
            .unwrap_or(0);
        knowledge.synonyms = synonyms;
        knowledge.deferral = deferral_pattern(&knowledge.deferred_target_phrases)?;
        knowledge.placeholder_chars = knowledge
            .placeholders
            .iter()
            .map(|p| p.chars().count())
            .max()
            .unwrap_or(0);
        knowledge.prepare_data();
        Ok(knowledge)
    }

    /// The column concept a header text names, if any.
    pub fn header_concept(&self, header: &str) -> Option<Concept> {
        let header = normalise_words(header, self.synonym_words);
        // Whole words only, longest prefix first: "kpis and timelines …" before "kpis".
        std::iter::once(header.len())
            .chain(header.rmatch_indices(' ').map(|(i, _)| i))
            .filter(|&end| end > 0)
            .find_map(|end| self.synonyms.get(&header[..end]).copied())
    }

    /// Every indicator's measure words and not-words (normalised), with the
    /// indicator's index in `indicators` and whether it is a not-word.
    pub fn measure_words(&self) -> impl Iterator<Item = (&str, usize, bool)> + '_ {
        let Tagged { phrases, tags } = &self.measure_words;
        phrases
            .iter()
            .zip(tags)
            .map(|(p, (index, not))| (p.as_str(), *index, *not))
    }

    /// The header synonyms (normalised) with the concept each names.
    pub fn header_synonyms(&self) -> impl Iterator<Item = (&str, Concept)> + '_ {
        self.synonyms.iter().map(|(s, c)| (s.as_str(), *c))
    }

    /// The pattern of the phrases that put a target off until later
    /// ("will set a target"), if the standard lists any.
    pub fn deferral(&self) -> Option<&regex::Regex> {
        self.deferral.as_ref()
    }

    pub fn is_placeholder(&self, text: &str) -> bool {
        let text = text.trim();
        // Lower-casing never makes a text shorter in characters, and a
        // character takes at most four bytes: longer texts (most action
        // texts) cannot be a placeholder, and are not lower-cased.
        if text.len() > 4 * self.placeholder_chars {
            return false;
        }
        let text = text.to_lowercase();
        !text.is_empty() && self.placeholders.contains(&text)
    }

    pub fn indicator(&self, number: u8) -> Option<&IndicatorDef> {
        self.indicators.iter().find(|i| i.number == number)
    }

    /// "indicator 3", or "metric 3" for WDES.
    pub fn item_label(&self, number: u8) -> String {
        format!("{} {number}", self.item_word)
    }
}

/// One case-insensitive pattern of the deferral phrases, any whitespace
/// between words; `None` for an empty list.
fn deferral_pattern(phrases: &[String]) -> Result<Option<regex::Regex>, String> {
    let alternatives: Vec<String> = phrases
        .iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            p.split_whitespace()
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect();
    if alternatives.is_empty() {
        return Ok(None);
    }
    regex::Regex::new(&format!(r"(?i)\b(?:{})\b", alternatives.join("|")))
        .map(Some)
        .map_err(|e| format!("deferred_target_phrases: {e}"))
}

/// Lower case, punctuation as spaces, single spaces: "KPIs & Timelines:" → "kpis timelines".
pub fn normalise(text: &str) -> String {
    normalise_words(text, usize::MAX)
}

/// [`normalise`] of the first `max` words only.
pub fn normalise_words(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max.saturating_mul(16)));
    for word in text
        .split(|c: char| !(c.is_alphanumeric() || c == '#'))
        .filter(|w| !w.is_empty())
        .take(max)
    {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            // Most cells are ASCII: lower-casing bytes is several times
            // faster than char-by-char Unicode case mapping.
            let start = out.len();
            out.push_str(word);
            out[start..].make_ascii_lowercase();
        } else {
            out.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_wres_knowledge_parses() {
        let k = Knowledge::from_yaml(include_str!("../rules/wres.yaml")).unwrap();
        assert_eq!(k.indicators.len(), 9);
        assert_eq!(k.indicator_count, 9);
    }

    #[test]
    fn headers_match_real_plan_wordings() {
        let k = Knowledge::wres();
        let cases = [
            ("WRES Indicators", Some(Concept::Indicator)),
            ("Link to WRES Metric", Some(Concept::Indicator)),
            ("Agreed Actions", Some(Concept::Action)),
            ("Activity/Work Piece", Some(Concept::Action)),
            (
                "KPIs and Timelines for monitoring actions",
                Some(Concept::KpiTimeline),
            ),
            ("KPIs", Some(Concept::Kpi)),
            ("Outcomes to be achieved", Some(Concept::Kpi)),
            ("Expected date of completion", Some(Concept::Deadline)),
            ("Responsible for action", Some(Concept::Owner)),
            ("Lead/s", Some(Concept::Owner)),
            ("Baseline (2022/23)", Some(Concept::Baseline)),
            ("Item", Some(Concept::Item)),
            ("How will actions be made sustainable", None),
            ("Actionable insight", None),
            ("", None),
        ];
        for (header, expected) in cases {
            assert_eq!(k.header_concept(header), expected, "{header}");
        }
    }

    #[test]
    fn placeholders_are_whole_cell_matches() {
        let k = Knowledge::wres();
        assert!(k.is_placeholder(" TBC "));
        assert!(k.is_placeholder("·"));
        assert!(!k.is_placeholder("TBC by March"));
        assert!(!k.is_placeholder(""));
    }
}
