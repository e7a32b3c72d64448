//! The national deadlines of the EDI improvement plan's high impact actions
//! (`rules/high-impact-actions.yaml`), and how a plan refers to them.

use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use crate::date::Date;
use crate::model::Action;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    reference_words: Vec<String>,
    national_cues: Vec<String>,
    actions: Vec<RawAction>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAction {
    number: u8,
    theme: String,
    deadlines: Vec<RawDeadline>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeadline {
    due: String,
    what: String,
    #[serde(default = "yes")]
    confirmed: bool,
}

fn yes() -> bool {
    true
}

/// One deadline set nationally.
#[derive(Clone, Debug, PartialEq)]
pub struct NationalDeadline {
    pub due: Date,
    pub what: String,
    /// `false` when the date is recalled rather than read from the published plan.
    pub confirmed: bool,
}

/// One high impact action.
#[derive(Clone, Debug, PartialEq)]
pub struct HighImpactAction {
    pub number: u8,
    pub theme: String,
    pub deadlines: Vec<NationalDeadline>,
}

impl HighImpactAction {
    /// The latest of its national deadlines.
    pub fn latest(&self) -> Option<Date> {
        self.deadlines.iter().map(|d| d.due).max()
    }
}

/// The high impact actions and the words that refer to them.
#[derive(Debug)]
pub struct NationalDeadlines {
    pub actions: Vec<HighImpactAction>,
    reference: Regex,
    /// The first word of each reference phrase, case ignored: most texts
    /// name no high impact action, and this says so faster than
    /// `reference`, whose own literal search stops at every "hi" of
    /// running text. (First words only: `reference` allows any spacing
    /// between a phrase's words.)
    mentions: aho_corasick::AhoCorasick,
    national_cue: Regex,
}

/// How far before a date a national cue may stand (bytes, same line).
const CUE_WINDOW: usize = 100;

impl NationalDeadlines {
    /// The table embedded in the binary.
    pub fn builtin() -> &'static NationalDeadlines {
        static BUILTIN: OnceLock<NationalDeadlines> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            NationalDeadlines::from_yaml(include_str!("../../../rules/high-impact-actions.yaml"))
                .expect("rules/high-impact-actions.yaml is valid (checked by a unit test)")
        })
    }

    /// Read and check a table; the error names the first problem found.
    pub fn from_yaml(text: &str) -> Result<NationalDeadlines, String> {
        let raw: RawTable = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
        let mut actions: Vec<HighImpactAction> = Vec::new();
        for action in raw.actions {
            if actions.iter().any(|a| a.number == action.number) {
                return Err(format!("actions: number {} appears twice", action.number));
            }
            if action.deadlines.is_empty() {
                return Err(format!("actions: {} has no deadlines", action.number));
            }
            let mut deadlines = Vec::new();
            for d in action.deadlines {
                let due = Date::parse_iso(&d.due).ok_or_else(|| {
                    format!(
                        "actions: {}: `{}` is not a date (year-month-day)",
                        action.number, d.due
                    )
                })?;
                deadlines.push(NationalDeadline {
                    due,
                    what: d.what,
                    confirmed: d.confirmed,
                });
            }
            actions.push(HighImpactAction {
                number: action.number,
                theme: action.theme,
                deadlines,
            });
        }
        let reference = format!(
            // ASCII word boundaries and digits: Unicode ones stop the fast
            // regex engine at the first non-ASCII character of a cell.
            r"(?i)(?-u:\b)(?:{})\s*(?:no\.?\s*|number\s*)?([0-9]{{1,2}}(?:\s*(?:,|&|\+|/|and|or)\s*[0-9]{{1,2}})*)(?-u:\b)",
            alternation(&raw.reference_words)?
        );
        let national_cue = format!(
            r"(?i)\b(?:{})\b(?:[^\w\n]+\w+){{0,3}}[^\w\n]*$",
            alternation(&raw.national_cues)?
        );
        let mentions = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(
                raw.reference_words
                    .iter()
                    .filter_map(|w| w.split_whitespace().next()),
            )
            .map_err(|e| e.to_string())?;
        Ok(NationalDeadlines {
            actions,
            reference: Regex::new(&reference).map_err(|e| e.to_string())?,
            mentions,
            national_cue: Regex::new(&national_cue).map_err(|e| e.to_string())?,
        })
    }

    pub fn action(&self, number: u8) -> Option<&HighImpactAction> {
        self.actions.iter().find(|a| a.number == number)
    }

    /// The high impact actions a text names ("HIA 2", "High Impact Actions
    /// 1 and 6"), in order, each once; unknown numbers are left out.
    pub fn referenced(&self, text: &str) -> Vec<u8> {
        let mut numbers = Vec::new();
        if !self.mentions.is_match(text) {
            return numbers;
        }
        for caps in self.reference.captures_iter(text) {
            let Some(list) = caps.get(1) else { continue };
            for number in list
                .as_str()
                .split(|c: char| !c.is_ascii_digit())
                .filter_map(|n| n.parse::<u8>().ok())
            {
                if self.action(number).is_some() && !numbers.contains(&number) {
                    numbers.push(number);
                }
            }
        }
        numbers
    }

    /// Whether the date starting at byte `at` is quoted as a national
    /// deadline: a national cue stands before it on the same line, with at
    /// most three words between ("national deadline is by March 2024").
    pub fn quoted_as_national(&self, text: &str, at: usize) -> bool {
        let Some(before) = text.get(..at) else {
            return false;
        };
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let mut start = line_start.max(at.saturating_sub(CUE_WINDOW));
        while !before.is_char_boundary(start) {
            start += 1;
        }
        self.national_cue.is_match(&before[start..])
    }
}

/// The high impact actions an action names in any of its cells.
pub(crate) fn referenced_by(action: &Action) -> Vec<u8> {
    let table = NationalDeadlines::builtin();
    let mut numbers: Vec<u8> = Vec::new();
    for (_, field) in action.fields() {
        for number in table.referenced(&field.text) {
            if !numbers.contains(&number) {
                numbers.push(number);
            }
        }
    }
    numbers
}

/// "HIA 2" or "HIAs 1 and 6", for messages.
pub(crate) fn hia_label(numbers: &[u8]) -> String {
    let list: Vec<String> = numbers.iter().map(u8::to_string).collect();
    match list.as_slice() {
        [one] => format!("HIA {one}"),
        [head @ .., last] => format!("HIAs {} and {last}", head.join(", ")),
        [] => "no HIA".to_owned(),
    }
}

/// "31 March 2024, 30 June 2024 or 31 March 2025".
pub(crate) fn date_list(dates: &[Date], last_word: &str) -> String {
    let words: Vec<String> = dates.iter().map(Date::to_string).collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [head @ .., last] => format!("{} {last_word} {last}", head.join(", ")),
    }
}

/// `a|b|c` of escaped phrases, longest first, spaces matching any whitespace.
fn alternation(phrases: &[String]) -> Result<String, String> {
    if phrases.iter().any(|p| p.trim().is_empty()) || phrases.is_empty() {
        return Err("a word list is empty or holds an empty entry".to_owned());
    }
    let mut sorted: Vec<&String> = phrases.iter().collect();
    sorted.sort_by_key(|p| std::cmp::Reverse(p.len()));
    Ok(sorted
        .iter()
        .map(|p| {
            p.split_whitespace()
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect::<Vec<_>>()
        .join("|"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMBEDDED: &str = include_str!("../../../rules/high-impact-actions.yaml");

    #[test]
    fn embedded_table_parses() {
        let table = NationalDeadlines::from_yaml(EMBEDDED).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(table.actions.len(), 6);
        let hia1 = table.action(1).unwrap();
        assert_eq!(hia1.latest().unwrap().to_string(), "31 March 2025");
        assert_eq!(
            table.action(2).unwrap().latest().unwrap().to_string(),
            "30 June 2025"
        );
    }

    #[test]
    fn bad_tables_are_rejected_with_the_reason() {
        let bad_date = EMBEDDED.replace("2023-10-31", "October 2023");
        let err = NationalDeadlines::from_yaml(&bad_date).unwrap_err();
        assert!(err.contains("`October 2023` is not a date"), "{err}");
        let unknown = format!("{EMBEDDED}\nextra: 1\n");
        assert!(NationalDeadlines::from_yaml(&unknown).is_err());
        let twice = EMBEDDED.replace("number: 2", "number: 1");
        let err = NationalDeadlines::from_yaml(&twice).unwrap_err();
        assert!(err.contains("number 1 appears twice"), "{err}");
    }

    #[test]
    fn references_name_known_actions() {
        let table = NationalDeadlines::builtin();
        assert_eq!(table.referenced("Deliver HIA 2 of the EDI plan"), [2]);
        assert_eq!(table.referenced("HIA1 and HIA6"), [1, 6]);
        assert_eq!(table.referenced("High Impact Actions 1, 3 & 4"), [1, 3, 4]);
        assert_eq!(table.referenced("high impact action no. 5"), [5]);
        assert!(table.referenced("HIA 9; HIA 2023; hiatus 2").is_empty());
        assert!(table.referenced("Band 2 actions").is_empty());
    }

    #[test]
    fn national_quotes_need_a_cue_on_the_same_line() {
        let table = NationalDeadlines::builtin();
        let quoted =
            |text: &str, date: &str| table.quoted_as_national(text, text.find(date).unwrap());
        assert!(quoted("HIA 1 (national deadline: March 2024)", "March"));
        assert!(quoted("NHS England deadline is by June 2024", "June"));
        assert!(quoted("Set nationally – 31.03.24", "31"));
        assert!(!quoted("national deadline\nby March 2024", "March"));
        assert!(!quoted("Our deadline: March 2024", "March"));
        assert!(!quoted(
            "national deadline noted, but we will finish the work by March 2024",
            "March"
        ));
    }
}
