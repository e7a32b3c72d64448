//! The compiled patterns of the timeline parser: fixed date shapes, with the
//! words of a [`Vocabulary`] spliced in. Built once and cached, since
//! compiling takes far longer than parsing a cell.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::date::Date;

use super::vocabulary::{Vocabulary, NUMBER_PLACEHOLDER, WORDS_PLACEHOLDER};
use super::{Context, Cue, CueKind, PlanPeriod, TimeExpr};

/// How far before an expression the parser looks for a cue word (bytes).
const CUE_WINDOW: usize = 64;
/// How far before an expression it looks for a history word (bytes).
const TRIGGER_WINDOW: usize = 120;
/// How far after an expression it looks for a label or count noun (bytes).
const AFTER_WINDOW: usize = 48;

/// The shortest month-to-month span read as a plan period (about six months).
const MIN_PERIOD_DAYS: i64 = 180;

/// The separators of a year span or range: slash, hyphen, en and em dash.
const DASH: &str = r"[/\-–—]";

/// A vocabulary compiled into regular expressions.
#[derive(Debug)]
pub struct Grammar {
    months: HashMap<String, u8>,
    /// Lower-case month names other than the first of each entry (`sept`).
    abbreviations: Vec<String>,
    verb_like_months: Vec<String>,
    pub(super) numeric: Regex,
    pub(super) iso: Regex,
    pub(super) day_month: Regex,
    pub(super) month_day: Regex,
    pub(super) month_range: Regex,
    pub(super) month_year: Regex,
    pub(super) month_alone: Regex,
    pub(super) quarter: Regex,
    pub(super) year_span: Regex,
    pub(super) short_span: Regex,
    pub(super) year: Regex,
    /// The date shapes above in one set, in the order [`super::scan`] tries
    /// them: one pass tells which of them occur in a text at all.
    pub(super) shapes: regex::RegexSet,
    /// A period written month to month: "April 2023 – March 2024".
    month_span: Regex,
    pub(super) recurring: Regex,
    pub(super) open_ended: Regex,
    cue: Regex,
    trigger: Regex,
    future_marker: Regex,
    gap_stop: Regex,
    reference_before: Regex,
    reference_after: Regex,
    count_noun: Regex,
    not_date_before: Regex,
    pub(super) max_gap_words: usize,
}

/// A period written "2019 to 2022" (a title's words, not a deadline's):
/// financial years from the first to the second.
fn years_to_years(text: &str) -> Option<(PlanPeriod, Range<usize>)> {
    static TO: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r"\b(20\d\d)\s+to\s+(20\d\d)\b").expect("valid period pattern")
    });
    let caps = TO.captures(text)?;
    let (first, end): (i32, i32) = (caps[1].parse().ok()?, caps[2].parse().ok()?);
    let period = PlanPeriod::financial_years(first, end)?;
    Some((period, caps.get(0)?.range()))
}

impl Grammar {
    /// The grammar of the built-in vocabulary.
    pub fn builtin() -> &'static Grammar {
        static BUILTIN: OnceLock<Grammar> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Grammar::new(Vocabulary::builtin())
                .expect("rules/timeline.yaml compiles (checked by a unit test)")
        })
    }

    /// Compile a vocabulary.
    pub fn new(v: &Vocabulary) -> Result<Grammar, regex::Error> {
        let number = format!(r"\d{{1,2}}|{}", alternation(&v.number_words, ""));
        let phrases = |list: &[String]| alternation(list, &number);
        let month = month_alternation(&v.months);
        let fy = format!(r"(?P<fy1>\d{{4}})\s*{DASH}\s*(?P<fy2>\d{{4}}|\d{{2}})");
        // ASCII word boundaries: Unicode ones stop the regex engine's fast
        // DFA at the first non-ASCII character (a dash, a curly quote), and
        // cost 10-20× on real plan text. An ASCII boundary never splits a
        // character, and the words it bounds here are ASCII.
        let re =
            |pattern: String| Regex::new(&format!("(?i){}", pattern.replace(r"\b", r"(?-u:\b)")));
        let mut grammar = Grammar {
            months: month_lookup(&v.months),
            abbreviations: v
                .months
                .iter()
                .flat_map(|names| names.iter().skip(1))
                .map(|n| n.to_lowercase())
                .collect(),
            verb_like_months: v
                .verb_like_months
                .iter()
                .map(|m| m.to_lowercase())
                .collect(),
            numeric: re(
                r"\b(?P<d>\d{1,2})(?P<s1>[./\-])(?P<m>\d{1,2})(?:(?P<s2>[./\-])(?P<y>\d{2,4}))?\b"
                    .into(),
            )?,
            // No `\b` at the end: a date-time `2023-10-31T00:00` is checked in code.
            iso: re(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})".into())?,
            day_month: re(format!(
                r"\b(?P<d>\d{{1,2}})\s?(?:st|nd|rd|th)?\s*(?:of\s+)?(?P<mon>{month})\b\.?(?:,?\s*(?P<y>\d{{2,4}})\b)?"
            ))?,
            month_day: re(format!(
                r"\b(?P<mon>{month})\b\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b"
            ))?,
            month_range: re(format!(
                r"\b(?P<mon>{month})\b\.?\s*(?:[\-–—/&]|\bto\b|\buntil\b|\btill\b|\band\b)\s*(?P<mon2>{month})\b\.?(?:\s*[,'’\-]\s*|\s+)(?P<y>\d{{4}}|\d{{2}})\b"
            ))?,
            month_year: re(format!(
                r"\b(?P<mon>{month})\b\.?(?P<sep>\s*[,'’\-]\s*|\s+)(?:{fy}|(?P<y>\d{{2,4}}))\b"
            ))?,
            month_alone: re(format!(r"\b(?P<mon>{month})\b"))?,
            quarter: re(format!(
                r"\b(?:(?:Q|Quarter\s*)(?P<q1>[1-4])|(?P<qw>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter)(?:\s*(?:[/\-–—&+]|\band\b|\bto\b|\bor\b)\s*(?:Q|Quarter\s*)?(?P<q2>[1-4]))?\b(?P<year>\s*(?:of\s+)?(?:(?:FY|financial\s+year)\s*)?(?:{fy}|(?P<sy1>\d{{2}})/(?P<sy2>\d{{2}})|(?P<cy>\d{{4}}))\b)?"
            ))?,
            year_span: re(format!(
                r"\b(?:FY\s*)?(?P<a>\d{{4}})\s*{DASH}\s*(?P<b>\d{{4}}|\d{{2}})\b"
            ))?,
            short_span: re(format!(
                r"\b(?:FY\s*(?P<fa>\d{{2}})\s*{DASH}\s*(?P<fb>\d{{2}})|(?P<a>\d{{2}})/(?P<b>\d{{2}}))\b"
            ))?,
            year: re(r"\b(?P<y>\d{4})\b".into())?,
            recurring: re(format!(r"\b(?:{})\b", phrases(&v.recurring)))?,
            open_ended: re(format!(r"\b(?:{})\b", phrases(&v.open_ended)))?,
            cue: re(format!(
                r"(?:\b(?P<deadline>{})|\b(?P<during>{})|\b(?P<from>{})|\b(?P<hedge>{}))[\s:*(\-–—]*(?:\bthe\s+)?$",
                phrases(&v.deadline_cues),
                phrases(&v.during_cues),
                phrases(&v.from_cues),
                phrases(&v.hedges),
            ))?,
            trigger: re(format!(r"\b(?:{})\b", phrases(&v.historical_triggers)))?,
            future_marker: re(format!(r"\b(?:{})\s+$", phrases(&v.future_markers)))?,
            gap_stop: re(format!(r"\b(?:{})\b", phrases(&v.historical_gap_stops)))?,
            reference_before: re(format!(r"\b(?P<w>{})[\s:]*$", phrases(&v.reference_before)))?,
            reference_after: re(format!(r"^[\s:]*(?P<w>{})\b", phrases(&v.reference_after)))?,
            count_noun: re(format!(r"^\s*(?:{})\b", phrases(&v.count_nouns)))?,
            not_date_before: re(format!(r"\b(?:{})\.?\s*$", phrases(&v.not_date_before)))?,
            max_gap_words: v.historical_max_gap_words,
            shapes: regex::RegexSet::empty(),
            month_span: re(format!(
                r"\b(?P<m1>{month})\b\.?,?\s*(?P<y1>\d{{4}})\s*(?:{DASH}|\bto\b|\buntil\b)\s*(?P<m2>{month})\b\.?,?\s*(?P<y2>\d{{4}})\b"
            ))?,
        };
        grammar.shapes = regex::RegexSet::new(grammar.shape_patterns().map(Regex::as_str))?;
        Ok(grammar)
    }

    /// The date shapes, in the order [`super::scan`] ranks them.
    pub(super) fn shape_patterns(&self) -> impl Iterator<Item = &Regex> {
        [
            &self.numeric,
            &self.iso,
            &self.day_month,
            &self.month_day,
            &self.month_range,
            &self.month_year,
            &self.quarter,
            &self.year_span,
            &self.short_span,
            &self.month_alone,
            &self.year,
        ]
        .into_iter()
    }

    /// Parse a text with this grammar; see [`super::parse`].
    pub fn parse(&self, text: &str, ctx: &Context) -> Vec<TimeExpr> {
        super::parser::parse_with(self, text, ctx)
    }

    /// See [`super::find_period`].
    pub fn find_period(&self, text: &str) -> Option<(PlanPeriod, Range<usize>)> {
        let mut spans = super::scan::year_spans(self, text).filter_map(|(span, first, end)| {
            PlanPeriod::financial_years(first, end).map(|period| (period, span))
        });
        let years = spans
            .next()
            .map(|first| joined_years(text, first, spans.next()));
        let months = self.month_spans(text);
        // Whichever the text names first.
        match (years, months) {
            (Some(y), Some(m)) => Some(if m.1.start < y.1.start { m } else { y }),
            (None, None) => years_to_years(text),
            (y, m) => y.or(m),
        }
    }

    /// The first period written month to month ("April 2023 – March 2024",
    /// "Jan 2024 to Dec 2024"): from the first day of the first month to the
    /// last day of the second, which must come six months to five years
    /// later (a shorter span, "April – June 2024", is a phase of work, not a
    /// plan's period).
    fn month_spans(&self, text: &str) -> Option<(PlanPeriod, Range<usize>)> {
        self.month_span.captures_iter(text).find_map(|caps| {
            let month = |name| self.month(caps.name(name)?.as_str());
            let year = |name| caps.name(name)?.as_str().parse::<i32>().ok();
            let start = Date::new(year("y1")?, month("m1")?, 1)?;
            let end = Date::end_of_month(year("y2")?, month("m2")?)?;
            let days = end.to_days() - start.to_days();
            ((MIN_PERIOD_DAYS..=5 * 366).contains(&days)).then(|| {
                let whole = caps.get(0).expect("a match has group 0");
                (PlanPeriod { start, end }, whole.range())
            })
        })
    }

    /// The month a name stands for (`Sept` → 9), any case.
    pub(super) fn month(&self, name: &str) -> Option<u8> {
        self.months.get(&name.to_lowercase()).copied()
    }

    /// Whether a month name is an abbreviation (`Sept`), which may take a full stop.
    pub(super) fn is_abbreviation(&self, name: &str) -> bool {
        let name = name.to_lowercase();
        self.abbreviations.contains(&name)
    }

    /// A month name written as an everyday word: lower-case `may`, `march`.
    pub(super) fn is_verb_like(&self, name: &str) -> bool {
        name.chars().all(|c| !c.is_uppercase()) && self.verb_like_months.iter().any(|m| m == name)
    }

    /// The cue word just before `at`, not reaching back before `floor`.
    pub(super) fn cue_before(&self, text: &str, at: usize, floor: usize) -> Option<Cue> {
        let lo = window_start(text, at, CUE_WINDOW, floor);
        let caps = self.cue.captures(text.get(lo..at)?)?;
        let kinds = [
            ("deadline", CueKind::Deadline),
            ("during", CueKind::During),
            ("from", CueKind::From),
            ("hedge", CueKind::Hedge),
        ];
        kinds.into_iter().find_map(|(group, kind)| {
            caps.name(group).map(|m| Cue {
                kind,
                span: lo + m.start()..lo + m.end(),
            })
        })
    }

    /// The last history word in `text[lo..at]` that is not made future by
    /// the word before it ("to be launched"), as a span in `text`.
    pub(super) fn last_trigger(&self, text: &str, lo: usize, at: usize) -> Option<Range<usize>> {
        let window = text.get(lo..at)?;
        let found = self.trigger.find_iter(window).last()?;
        let before = window.get(..found.start())?;
        if self.future_marker.is_match(before) {
            return None;
        }
        Some(lo + found.start()..lo + found.end())
    }

    /// Whether words between a history word and its date break the link.
    pub(super) fn gap_breaks_history(&self, gap: &str) -> bool {
        gap.contains(',')
            || gap.split_whitespace().count() > self.max_gap_words
            || self.gap_stop.is_match(gap)
    }

    /// The start of the window a history word is searched in.
    pub(super) fn trigger_window(&self, text: &str, at: usize, floor: usize) -> usize {
        let lo = window_start(text, at, TRIGGER_WINDOW, floor);
        clause_start(text, lo, at)
    }

    /// A label just before `at` that makes a year a reference ("WRES Data 2018").
    pub(super) fn reference_before(
        &self,
        text: &str,
        at: usize,
        floor: usize,
    ) -> Option<Range<usize>> {
        let lo = window_start(text, at, CUE_WINDOW, floor);
        let m = self
            .reference_before
            .captures(text.get(lo..at)?)?
            .name("w")?;
        Some(lo + m.start()..lo + m.end())
    }

    /// A label just after `at` that makes a year a reference ("2018 action plans").
    pub(super) fn reference_after(&self, text: &str, at: usize) -> Option<Range<usize>> {
        let hi = window_end(text, at, AFTER_WINDOW);
        let m = self
            .reference_after
            .captures(text.get(at..hi)?)?
            .name("w")?;
        Some(at + m.start()..at + m.end())
    }

    /// Whether a count noun follows `at` ("2019 staff", "Dec 18 colleagues").
    pub(super) fn count_noun_after(&self, text: &str, at: usize) -> bool {
        let hi = window_end(text, at, AFTER_WINDOW);
        text.get(at..hi)
            .is_some_and(|after| self.count_noun.is_match(after))
    }

    /// Whether a reference-number word precedes `at` ("version 1.2.18").
    pub(super) fn not_date_before(&self, text: &str, at: usize) -> bool {
        let lo = window_start(text, at, CUE_WINDOW, 0);
        text.get(lo..at)
            .is_some_and(|before| self.not_date_before.is_match(before))
    }
}

/// `at - width`, moved forward to a char boundary and not before `floor`.
pub(super) fn window_start(text: &str, at: usize, width: usize, floor: usize) -> usize {
    let mut lo = at.saturating_sub(width).max(floor).min(at);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    lo
}

/// `at + width`, moved back to a char boundary and not past the end.
fn window_end(text: &str, at: usize, width: usize) -> usize {
    let mut hi = at.saturating_add(width).min(text.len());
    while !text.is_char_boundary(hi) {
        hi -= 1;
    }
    hi.max(at)
}

/// The start of the clause containing `at`, searching back no further than
/// `lo`: after the last `;`, `!`, `?`, line break, bullet, or full stop
/// followed by a space.
fn clause_start(text: &str, lo: usize, at: usize) -> usize {
    let Some(window) = text.get(lo..at) else {
        return at;
    };
    let mut start = lo;
    let mut chars = window.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_is_space = chars.peek().is_none_or(|(_, n)| n.is_whitespace());
        let breaks = matches!(c, ';' | '!' | '?' | '\n' | '\r' | '\t' | '•' | '·' | '|')
            || (c == '.' && next_is_space);
        if breaks {
            start = lo + i + c.len_utf8();
        }
    }
    start
}

/// Lower-case month name → month number.
fn month_lookup(months: &[Vec<String>]) -> HashMap<String, u8> {
    let mut lookup = HashMap::new();
    for (number, names) in (1u8..).zip(months) {
        for name in names {
            lookup.insert(name.to_lowercase(), number);
        }
    }
    lookup
}

/// All month names as one alternation, longest first so that `September`
/// wins over `Sep`.
fn month_alternation(months: &[Vec<String>]) -> String {
    let mut names: Vec<&String> = months.iter().flatten().collect();
    names.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    names
        .iter()
        .map(|n| regex::escape(n))
        .collect::<Vec<_>>()
        .join("|")
}

/// Phrases as one alternation, longest first so the longest phrase wins
/// where several match at the same place.
fn alternation(phrases: &[String], number: &str) -> String {
    let mut sorted: Vec<&String> = phrases.iter().collect();
    sorted.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    sorted
        .iter()
        .map(|p| phrase_pattern(p, number))
        .collect::<Vec<_>>()
        .join("|")
}

/// One phrase as a pattern: spaces match any whitespace, a hyphen also
/// matches a space or nothing, `<number>` a number and `<words>` one to six
/// words.
fn phrase_pattern(phrase: &str, number: &str) -> String {
    const WORDS: &str = r"(?:\s+[^\s;!?]+){1,6}?";
    let mut out = String::new();
    for (i, token) in phrase.split_whitespace().enumerate() {
        if token == WORDS_PLACEHOLDER {
            out.push_str(WORDS);
            continue;
        }
        if i > 0 {
            out.push_str(r"\s+");
        }
        if token == NUMBER_PLACEHOLDER {
            out.push_str(&format!("(?:{number})"));
            continue;
        }
        for c in token.chars() {
            match c {
                '-' => out.push_str(r"[\-‐‑\s]?"),
                c => out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
            }
        }
    }
    out
}

/// A period named as two years in a row joined by "and" ("objectives for
/// 2024/25 and 2025/26"): both years, not the first alone, which made a
/// two-year plan's second-year deadlines fall after its period.
fn joined_years(
    text: &str,
    first: (PlanPeriod, Range<usize>),
    next: Option<(PlanPeriod, Range<usize>)>,
) -> (PlanPeriod, Range<usize>) {
    let Some((second, span)) = next else {
        return first;
    };
    let between = text.get(first.1.end..span.start).map(str::trim);
    let follows = second.start.to_days() == first.0.end.to_days() + 1;
    if follows && matches!(between, Some("and" | "&")) {
        let period = PlanPeriod {
            start: first.0.start,
            end: second.end,
        };
        (period, first.1.start..span.end)
    } else {
        first
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_grammar_compiles() {
        let g = Grammar::new(Vocabulary::builtin()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(g.month("Sept"), Some(9));
        assert_eq!(g.month("DECEMBER"), Some(12));
        assert_eq!(g.month("Smarch"), None);
    }

    #[test]
    fn phrases_become_flexible_patterns() {
        let p = Regex::new(&format!(
            "(?i)^(?:{})$",
            phrase_pattern("year-on-year", "x")
        ))
        .unwrap();
        assert!(
            p.is_match("year on year") && p.is_match("Year-on-Year") && p.is_match("yearonyear")
        );
        let p = Regex::new(&format!(
            "(?i)^(?:{})$",
            phrase_pattern("every <number> months", r"\d+|two")
        ))
        .unwrap();
        assert!(p.is_match("every 2 months") && p.is_match("every two  months"));
        let p = Regex::new(&format!(
            "(?i)^(?:{})$",
            phrase_pattern("from <words> onwards", "x")
        ))
        .unwrap();
        assert!(p.is_match("from 1 April 2024 onwards") && !p.is_match("from onwards"));
    }

    #[test]
    fn cue_words_are_found_just_before() {
        let g = Grammar::builtin();
        let text = "to be completed (*By: 31.03.24";
        let cue = g.cue_before(text, text.find("31").unwrap(), 0).unwrap();
        assert_eq!((cue.kind, &text[cue.span]), (CueKind::Deadline, "By"));
        let text = "however this may carry over into 2024/25";
        let cue = g.cue_before(text, text.find("2024").unwrap(), 0).unwrap();
        assert_eq!(
            (cue.kind, &text[cue.span]),
            (CueKind::Hedge, "may carry over into")
        );
        let text = "standby 2024";
        assert_eq!(g.cue_before(text, 8, 0), None);
    }

    #[test]
    fn clauses_end_at_sentence_breaks() {
        let text = "Opened 2021. Review 31.03.24";
        assert_eq!(clause_start(text, 0, text.len()), 12);
        assert_eq!(clause_start("a 31.03.24 b", 0, 12), 0);
    }

    #[test]
    fn windows_stay_on_char_boundaries() {
        let text = "ééééé 2024";
        for at in 0..=text.len() {
            if text.is_char_boundary(at) {
                assert!(text.is_char_boundary(window_start(text, at, 3, 0)));
                assert!(text.is_char_boundary(window_end(text, at, 3)));
            }
        }
    }
}
