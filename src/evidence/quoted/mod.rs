//! Figures a plan quotes from its data: "a relative likelihood of 1.6 in
//! 2023", "1.52 times as likely", "14.9% of our workforce", "BME staff:
//! 27.0%". Each is read with the indicator it is about (the action's link,
//! else the words beside it), the year when one is written next to it, and
//! whether it is a target ("reduce to 1.25") rather than a figure of fact.
//!
//! Only these shapes are read: a number with no such words beside it is
//! never taken for a quoted figure, since a false "does not match the
//! data" on a real plan costs more than a missed one.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::knowledge::{Group, Knowledge};
use crate::location::CellRef;
use crate::model::data::year_in;
use crate::model::Links;

use super::facts::What;

/// A figure quoted in a plan's text.
#[derive(Clone, Debug, PartialEq)]
pub struct Quoted {
    pub cell: CellRef,
    /// The number's bytes in the cell's text.
    pub span: Range<usize>,
    pub indicator: u8,
    pub what: What,
    /// As written: 1.6, 14.9.
    pub shown: f64,
    pub decimals: u8,
    /// The year written beside it ("in 2023").
    pub year: Option<u16>,
    /// A figure to reach, not one reached.
    pub target: bool,
    /// It stands under its own indicator's banner or sheet (not quoted on
    /// another indicator's page, nor told by words alone).
    pub own_page: bool,
    /// The words quoted, for messages: "relative likelihood of 1.6".
    pub phrase: String,
}

impl Quoted {
    pub fn display(&self) -> String {
        self.what.display(self.shown, self.decimals)
    }
}

/// What stands around a cell: the label at the start of its row ("As of
/// 31 March 2020:") and the heading just above ("Current workforce:").
#[derive(Clone, Copy, Debug, Default)]
pub struct Context<'a> {
    pub label: Option<&'a str>,
    pub heading: Option<&'a str>,
}

const NUMBER: &str = r"(\d{1,3}(?:\.\d{1,3})?)";

static RATIO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:relative\s+likelihood|RL)\b[^\d\n.;]{0,40}?(\d{1,2}\.\d{1,3})\b|\b(\d{1,2}\.\d{1,3})\s*(?:x\s+|times\s+)(?:more\s+|less\s+)?(?:as\s+)?likely",
    )
    .expect("valid ratio pattern")
});

static PERCENT_AFTER_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<group>{GROUPS})(?:\s+(?:staff|colleagues|employees|respondents|applicants|people))?(?:\s+(?:now|currently|still))?\s*(?:[:\-–=(]|\bis\b|\bwas\b|\bat\b|\bof\b|\bmake\s+up\b|\bmakes\s+up\b|\brepresent\w*\b|\baccount\s+for\b)?\s*{NUMBER}\s?%"
    ))
    .expect("valid group pattern")
});

static PERCENT_BEFORE_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i){NUMBER}\s?%\s+(?:of\s+)?(?:our\s+|all\s+|the\s+)?(?P<group>{GROUPS})\b"
    ))
    .expect("valid group pattern")
});

static SHARE_TARGET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\btargets?\s+(?:of\s+|is\s+|at\s+)?(?:at\s+least\s+)?{NUMBER}\s?%"
    ))
    .expect("valid target pattern")
});

static WORKFORCE_SHARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i){NUMBER}\s?%\s+of\s+(?:our|the)\s+(?:total\s+|overall\s+|whole\s+)?(?:work\s?force|staff)\b"
    ))
    .expect("valid share pattern")
});

/// Group words, focus first; the reference group is told apart below.
const GROUPS: &str = r"BME|BAME|ethnic\s+minority|minority\s+ethnic|global\s+majority|black\s+and\s+minority\s+ethnic|White";

static YEAR_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^%?\s*\)?\s*(?:\(|,)?\s*(?:in|for|at|as\s+at|as\s+of|during)?\s*(?:the\s+)?(?:(?:31\s+)?march\s+)?(20\d\d)\b")
        .expect("valid year pattern")
});

static YEAR_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:in|for|at|as\s+at|during)\s+(?:(?:31\s+)?march\s+)?(20\d\d)\b[,:]?[^.\d;]{0,50}$")
        .expect("valid year pattern")
});

/// Words just before a number that make it a target, and words that make it a fact.
static LAST_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(to|target|targets|below|under|than|least|reach|achieve|towards|aim|from|baseline|currently|current|was|is|were|are|of|at|remains)\b")
        .expect("valid word pattern")
});

const TARGET_WORDS: [&str; 10] = [
    "to", "target", "targets", "below", "under", "than", "least", "reach", "achieve", "towards",
];

/// Every figure quoted in one text. `locate` turns a span of `text` into
/// the cell and the span in that cell's own text.
pub fn find(
    text: &str,
    locate: &dyn Fn(Range<usize>) -> (CellRef, usize),
    links: &Links,
    knowledge: &Knowledge,
    context: &Context<'_>,
) -> Vec<Quoted> {
    // Most cells quote nothing: a byte scan first, before any pattern.
    if knowledge.standard != "WRES"
        || !text.bytes().any(|b| b.is_ascii_digit())
        || !(text.contains('%') || text.contains("ikel") || text.contains("RL"))
    {
        return Vec::new();
    }
    if let Some(answer) = answer(text, locate, context) {
        return vec![answer];
    }
    let mut out = Vec::new();
    let mut push = |range: Range<usize>, indicator: u8, what: What, phrase: Range<usize>| {
        let number = &text[range.clone()];
        if is_part_of_date(text, &range) {
            return;
        }
        let Ok(shown) = number.parse::<f64>() else {
            return;
        };
        let decimals = decimals_of(number);
        if out.iter().any(|q: &Quoted| {
            q.span.start <= range.start && range.start < q.span.end + 1 && q.what == what
        }) {
            return;
        }
        let (cell, offset) = locate(range.clone());
        let start = offset;
        let target = is_target(text, range.start);
        // A target's year before it is the baseline's ("from 1.6 in 2023 to 1.25").
        let year = year_after(text, &range)
            .or_else(|| (!target).then(|| year_before(text, &range)).flatten())
            .or_else(|| {
                (!target)
                    .then(|| context.label.and_then(crate::model::data::year_in))
                    .flatten()
            });
        out.push(Quoted {
            cell,
            span: start..start + range.len(),
            indicator,
            what,
            shown,
            decimals,
            year,
            target,
            own_page: !links.all && links.numbers == [indicator],
            phrase: text[phrase].trim().to_owned(),
        });
    };
    for caps in RATIO.captures_iter(text) {
        let Some(number) = caps.get(1).or_else(|| caps.get(2)) else {
            continue;
        };
        let whole = caps.get(0).expect("match");
        let sentence = sentence_around(text, whole.range());
        let Some(indicator) = ratio_indicator(links, &text[sentence.clone()]) else {
            continue;
        };
        push(
            number.range(),
            indicator,
            What::RelativeLikelihood,
            whole.range(),
        );
        // "… from 1.6 to 1.3": the figures after the first in the sentence.
        let rest = whole.end()..sentence.end;
        for later in LATER_RATIO.captures_iter(&text[rest.clone()]) {
            let m = later.get(1).expect("group");
            let range = rest.start + m.start()..rest.start + m.end();
            push(
                range.clone(),
                indicator,
                What::RelativeLikelihood,
                whole.start()..range.end,
            );
        }
    }
    // "a target of 22%, set from the BME share of the workforce"
    for caps in SHARE_TARGET.captures_iter(text) {
        let number = caps.get(1).expect("group");
        let sentence = &text[sentence_around(text, number.range())];
        let lower = sentence.to_lowercase();
        if focus_named(sentence) && lower.contains("workforce") && !lower.contains("band") {
            push(
                number.range(),
                1,
                What::Share,
                caps.get(0).expect("match").range(),
            );
        }
    }
    for caps in WORKFORCE_SHARE.captures_iter(text) {
        let number = caps.get(1).expect("group");
        let sentence = &text[sentence_around(text, number.range())];
        if focus_named(sentence) {
            push(
                number.range(),
                1,
                What::Share,
                caps.get(0).expect("match").range(),
            );
        }
    }
    for pattern in [&*PERCENT_AFTER_GROUP, &*PERCENT_BEFORE_GROUP] {
        for caps in pattern.captures_iter(text) {
            let whole = caps.get(0).expect("match");
            let number = caps
                .iter()
                .skip(1)
                .flatten()
                .find(|m| m.as_str().starts_with(|c: char| c.is_ascii_digit()))
                .expect("a number group");
            let group_word = caps.name("group").expect("group").as_str().to_lowercase();
            let group = if group_word == "white" {
                Group::Reference
            } else {
                Group::Focus
            };
            let sentence = &text[sentence_around(text, whole.range())];
            let lower = sentence.to_lowercase();
            let around = format!(
                "{lower} {} {}",
                context.label.unwrap_or_default().to_lowercase(),
                context.heading.unwrap_or_default().to_lowercase()
            );
            // A share of the whole workforce says so, or stands under an
            // indicator-1 banner with no band or staff group named around
            // it ("BAME = 1.75%" under "Clinical Band 7 and above" is one
            // band's share).
            let part_of_workforce = ["band", "clinical", "medical", "grade", "board", "applicant"]
                .iter()
                .any(|w| around.contains(w));
            let board_heading = context
                .heading
                .is_some_and(|h| h.to_lowercase().contains("board"));
            let (indicator, what) =
                if group == Group::Focus && board_heading && only_link(links, 9..=9).is_some() {
                    (9, What::BoardShare)
                } else if group == Group::Focus
                    && !part_of_workforce
                    && only_link(links, 5..=8).is_none()
                    && (around.contains("workforce") || only_link(links, 1..=1).is_some())
                {
                    (1, What::Share)
                } else if let Some(n) = survey_indicator(links, &lower) {
                    (n, What::Rate(group))
                } else {
                    continue;
                };
            push(number.range(), indicator, what, whole.range());
            // "… 23.5% of the workforce, down from 24.7% in 2020": the same
            // figure at another time, up to the next group word.
            let rest = whole.end()..sentence_around(text, whole.range()).end;
            for later in LATER_PERCENT.captures_iter(&text[rest.clone()]) {
                let m = later.get(1).expect("group");
                let range = rest.start + m.start()..rest.start + m.end();
                let after = &text[range.end..(range.end + 12).min(text.len())];
                if GROUP_WORD.is_match(after) || !text.is_char_boundary(range.end) {
                    break;
                }
                push(range.clone(), indicator, what, whole.start()..range.end + 1);
            }
        }
    }
    out.sort_by_key(|q| q.span.start);
    out
}

/// A cell of a Baseline or Target column that holds only a ratio ("1.52",
/// "1.25 by 2025"): the relative likelihood of the action's one indicator
/// among 2-4.
pub fn bare_ratio(
    text: &str,
    locate: &dyn Fn(Range<usize>) -> (CellRef, usize),
    links: &Links,
    knowledge: &Knowledge,
) -> Option<Quoted> {
    static BARE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^\s*(?:RL\s*[:=]?\s*)?(\d{1,2}\.\d{1,3})\s*(?:\(?(?:in|by|for)?\s*(20\d\d)\)?)?\s*$",
        )
        .expect("valid bare-ratio pattern")
    });
    if knowledge.standard != "WRES" {
        return None;
    }
    let indicator = only_link(links, 2..=4)?;
    let caps = BARE.captures(text)?;
    let number = caps.get(1)?;
    let shown: f64 = number.as_str().parse().ok()?;
    if !(0.05..20.0).contains(&shown) {
        return None;
    }
    let (cell, offset) = locate(number.range());
    Some(Quoted {
        cell,
        span: offset..offset + number.len(),
        indicator,
        what: What::RelativeLikelihood,
        shown,
        decimals: decimals_of(number.as_str()),
        year: caps.get(2).and_then(|y| y.as_str().parse().ok()),
        target: false,
        own_page: false,
        phrase: text.trim().to_owned(),
    })
}

/// An answer under its question: "10. Proportion of BME staff employed
/// within this organisation at the date of the report?" then "- 14.61%
/// (Full Time Equivalent)" (the national WRES reporting template). The
/// question names the figure, so it is the trust's own.
fn answer(
    text: &str,
    locate: &dyn Fn(Range<usize>) -> (CellRef, usize),
    context: &Context<'_>,
) -> Option<Quoted> {
    let question = context.heading?;
    let caps = BARE_ANSWER.captures(text)?;
    let asked = question.to_lowercase();
    let names_share = focus_named(question)
        && (asked.contains("workforce") || asked.contains("staff employed"))
        && !["band", "board", "clinical", "medical"]
            .iter()
            .any(|w| asked.contains(w));
    if !names_share {
        return None;
    }
    let number = caps.get(1)?;
    let shown: f64 = number.as_str().parse().ok()?;
    let (cell, offset) = locate(number.range());
    Some(Quoted {
        cell,
        span: offset..offset + number.len(),
        indicator: 1,
        what: What::Share,
        shown,
        decimals: decimals_of(number.as_str()),
        year: year_in(question),
        target: false,
        own_page: true,
        phrase: text[..caps.get(0)?.end()].trim().to_owned(),
    })
}

static BARE_ANSWER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^\s*[-•–]?\s*{NUMBER}\s?%")).expect("valid answer pattern")
});

static LATER_PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:from|to|than|target\s+of|compared\s+(?:with|to))\s+(\d{1,3}(?:\.\d{1,3})?)\s?%",
    )
    .expect("valid later-percent pattern")
});

static GROUP_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s?%?\s*(?:of\s+)?(?:our\s+|all\s+|the\s+)?(?:{GROUPS})\b"
    ))
    .expect("valid group-word pattern")
});

static LATER_RATIO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:to|below|under|than|of|target)\s+(?:an?\s+|the\s+)?(?:rl\s+)?(?:of\s+)?(\d{1,2}\.\d{1,3})\b")
        .expect("valid later-ratio pattern")
});

/// Digits after the point of a number as written ("1.52" → 2).
fn decimals_of(number: &str) -> u8 {
    number.split_once('.').map_or(0, |(_, d)| d.len()) as u8
}

/// A number that is a piece of a date ("31.10.2023").
fn is_part_of_date(text: &str, range: &Range<usize>) -> bool {
    let after = &text.as_bytes()[range.end..];
    let before = &text.as_bytes()[..range.start];
    (after.first() == Some(&b'.') && after.get(1).is_some_and(u8::is_ascii_digit))
        || (before.last() == Some(&b'.')
            && before.len() >= 2
            && before[before.len() - 2].is_ascii_digit())
        || (after.first() == Some(&b'/'))
        || (before.last() == Some(&b'/'))
}

/// The sentence (or line) around a span.
fn sentence_around(text: &str, span: Range<usize>) -> Range<usize> {
    let is_stop = |c: char| matches!(c, '\n' | ';' | '•');
    let start = text[..span.start]
        .rfind(|c: char| is_stop(c))
        .map_or(0, |i| i + 1);
    let start = text[start..span.start]
        .rfind(". ")
        .map_or(start, |i| start + i + 2);
    let end = text[span.end..]
        .find(|c: char| is_stop(c))
        .map_or(text.len(), |i| span.end + i);
    let end = text[span.end..end]
        .find(". ")
        .map_or(end, |i| span.end + i + 1);
    start..end
}

fn only_link(links: &Links, range: std::ops::RangeInclusive<u8>) -> Option<u8> {
    if links.all {
        return None;
    }
    let mut inside = links.numbers.iter().filter(|n| range.contains(n));
    let first = *inside.next()?;
    inside.next().is_none().then_some(first)
}

fn ratio_indicator(links: &Links, sentence: &str) -> Option<u8> {
    if let Some(n) = only_link(links, 2..=4) {
        return Some(n);
    }
    let lower = sentence.to_lowercase();
    let named: Vec<u8> = [
        (2, &["shortlist", "appoint"][..]),
        (3, &["disciplin"][..]),
        (4, &["training", "cpd"][..]),
    ]
    .into_iter()
    .filter(|(_, words)| words.iter().any(|w| lower.contains(w)))
    .map(|(n, _)| n)
    .collect();
    match named.as_slice() {
        [n] => Some(*n),
        _ => None,
    }
}

fn survey_indicator(links: &Links, lower: &str) -> Option<u8> {
    if let Some(n) = only_link(links, 5..=8) {
        return Some(n);
    }
    let named: Vec<u8> = [
        (
            5,
            &[
                "from patients",
                "from the public",
                "relatives or the public",
            ][..],
        ),
        (6, &["from staff", "from colleagues", "from managers"][..]),
        (7, &["equal opportunit", "career progression"][..]),
        (8, &["discriminat"][..]),
    ]
    .into_iter()
    .filter(|(_, words)| words.iter().any(|w| lower.contains(w)))
    .map(|(n, _)| n)
    .collect();
    match named.as_slice() {
        [n] => Some(*n),
        _ => None,
    }
}

fn focus_named(sentence: &str) -> bool {
    static FOCUS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:BME|BAME|ethnic\s+minority|minority\s+ethnic|global\s+majority)\b")
            .expect("valid focus pattern")
    });
    FOCUS.is_match(sentence)
}

/// The year written right after the number ("1.6 in 2023").
fn year_after(text: &str, range: &Range<usize>) -> Option<u16> {
    let after_end = (range.end + 30).min(text.len());
    let after_end = (after_end..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    YEAR_AFTER
        .captures(&text[range.end..after_end])
        .and_then(|caps| caps[1].parse().ok())
}

/// The year written just before the number in the same clause ("in 2023, 1.6").
fn year_before(text: &str, range: &Range<usize>) -> Option<u16> {
    let before_start = range.start.saturating_sub(80);
    let before_start = (before_start..range.start)
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(range.start);
    // Inside brackets that follow a year: "from 2021 (white 90%, BAME 80%)".
    let before = &text[before_start..range.start];
    if let Some(open) = before.rfind('(').filter(|&i| !before[i..].contains(')')) {
        let head = before[..open].trim_end();
        if let Some(year) = head.get(head.len().saturating_sub(4)..) {
            let boundary =
                head.len() < 5 || !head.as_bytes()[head.len() - 5].is_ascii_alphanumeric();
            if boundary && year.starts_with("20") && year.bytes().all(|b| b.is_ascii_digit()) {
                return year.parse().ok();
            }
        }
    }
    YEAR_BEFORE
        .captures(before)
        .and_then(|caps| caps[1].parse().ok())
}

/// Whether the last telling word before the number makes it a target.
fn is_target(text: &str, at: usize) -> bool {
    let start = at.saturating_sub(40);
    let start = (start..at)
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(at);
    let window = &text[start..at];
    let clause = window
        .rfind(['.', ';', '\n', ','])
        .map_or(window, |i| &window[i + 1..]);
    static TARGET_OF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\btargets?\s+(?:of|is|at)?\s*(?:at\s+least\s+)?$").expect("valid pattern")
    });
    if TARGET_OF.is_match(clause) {
        return true;
    }
    LAST_WORD
        .find_iter(clause)
        .last()
        .is_some_and(|m| TARGET_WORDS.contains(&m.as_str().to_lowercase().as_str()))
}

#[cfg(test)]
mod tests;
