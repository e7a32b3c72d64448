//! Candidates: every place a date shape or timeline phrase matches, with
//! what it says. Candidates may overlap; the parser chooses among them.
//!
//! Each shape has its own pattern, so a match rejected here (a figure such as
//! `91.67%`, a count such as `2019 staff`) never hides another shape at the
//! same place.

use std::ops::Range;

use regex::{Captures, Match};

use super::grammar::Grammar;
use super::resolve::{QuarterYear, Reading, Year};

/// A possible time expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Candidate {
    pub span: Range<usize>,
    pub reading: Reading,
    /// Preference among candidates with the same span: lower wins.
    pub rank: u8,
}

/// Every candidate in `text`, in no particular order.
pub(super) fn scan(g: &Grammar, text: &str) -> Vec<Candidate> {
    let mut out = Vec::new();
    // One pass over the text says which shapes occur in it; only those
    // are searched again for their parts.
    let present = g.shapes.matches(text);
    let shapes: [Shape; 11] = [
        numeric,
        iso,
        day_month,
        month_day,
        month_range,
        month_year,
        quarter,
        year_span,
        short_span,
        month_alone,
        year,
    ];
    for (rank, (pattern, shape)) in (0u8..).zip(g.shape_patterns().zip(shapes)) {
        if !present.matched(usize::from(rank)) {
            continue;
        }
        for caps in pattern.captures_iter(text) {
            if let Some((span, reading)) = shape(g, text, &caps) {
                out.push(Candidate {
                    span,
                    reading,
                    rank,
                });
            }
        }
    }
    let phrases = [
        (&g.open_ended, Reading::OpenEnded),
        (&g.recurring, Reading::Recurring),
    ];
    for (rank, (pattern, reading)) in (100u8..).zip(phrases) {
        out.extend(pattern.find_iter(text).map(|m| Candidate {
            span: m.range(),
            reading,
            rank,
        }));
    }
    out.retain(|c| !c.span.is_empty());
    out
}

/// Well-formed financial-year spans, in text order: `(span, first, end)`.
pub(super) fn year_spans(
    g: &Grammar,
    text: &str,
) -> impl Iterator<Item = (Range<usize>, i32, i32)> {
    let mut found: Vec<(Range<usize>, i32, i32)> = [
        (&g.year_span, year_span as Shape),
        (&g.short_span, short_span),
    ]
    .into_iter()
    .flat_map(|(pattern, shape)| {
        pattern
            .captures_iter(text)
            .filter_map(move |caps| match shape(g, text, &caps) {
                Some((span, Reading::Span { first, end })) => Some((span, first, end)),
                _ => None,
            })
    })
    .collect();
    found.sort_by_key(|(span, _, _)| span.start);
    found.into_iter()
}

/// Reads one match of a shape's pattern, or rejects it.
type Shape = fn(&Grammar, &str, &Captures) -> Option<(Range<usize>, Reading)>;

/// `31.10.18`, `31/10/2018`, `31-10-18`, `31.10.018`, and `30.09` after a cue.
fn numeric(g: &Grammar, text: &str, caps: &Captures) -> Option<(Range<usize>, Reading)> {
    let whole = caps.get(0)?;
    let (day, month) = day_and_month(group(caps, "d")?, group(caps, "m")?)?;
    if !figure_free(text, whole.range()) || g.not_date_before(text, whole.start()) {
        return None;
    }
    let year = match caps.name("y") {
        Some(y) => {
            // A date keeps one separator: `31.10/18` is not a date.
            if caps.name("s2")?.as_str() != group(caps, "s1")? {
                return None;
            }
            Some(Year::from_digits(y.as_str())?)
        }
        None => {
            // Without a year `1.25` could be any figure: accept only
            // `dd.mm` or `dd/mm` after a cue word, or as the whole text.
            let padded = group(caps, "d")?.len() == 2
                && group(caps, "m")?.len() == 2
                && group(caps, "s1")? != "-";
            let cued =
                g.cue_before(text, whole.start(), 0).is_some() || text.trim() == whole.as_str();
            if !(padded && cued) {
                return None;
            }
            None
        }
    };
    Some((whole.range(), Reading::Day { day, month, year }))
}

/// `2024-03-31`, as a spreadsheet writes a date cell turned to text.
fn iso(_: &Grammar, text: &str, caps: &Captures) -> Option<(Range<usize>, Reading)> {
    let whole = caps.get(0)?;
    let (day, month) = day_and_month(group(caps, "d")?, group(caps, "m")?)?;
    let year = Year::from_digits(group(caps, "y")?)?;
    // A date-time as text (`2023-10-31T00:00:00`) keeps only its date.
    let timed = text
        .get(whole.end()..)
        .is_some_and(|rest| rest.starts_with('T'));
    let alone = clear_before(text, whole.start()) && (timed || clear_after(text, whole.end()));
    alone.then_some((
        whole.range(),
        Reading::Day {
            day,
            month,
            year: Some(year),
        },
    ))
}

/// `31st March 2024`, `1 st September 2018`, `23 June 2023`, `1st April`.
fn day_month(g: &Grammar, text: &str, caps: &Captures) -> Option<(Range<usize>, Reading)> {
    let whole = caps.get(0)?;
    let mon = caps.name("mon")?;
    let month = g.month(mon.as_str())?;
    let day: u8 = group(caps, "d")?.parse().ok()?;
    if !(1..=31).contains(&day) || g.not_date_before(text, whole.start()) {
        return None;
    }
    let (year, end) = match caps.name("y") {
        // "1 April 30 staff": the number counts staff, it is not a year.
        Some(y) if y.len() == 2 && g.count_noun_after(text, y.end()) => {
            (None, month_end(g, text, mon))
        }
        Some(y) => (Some(Year::from_digits(y.as_str())?), whole.end()),
        None => (None, month_end(g, text, mon)),
    };
    let four_digit_year = year.is_some() && four_digits(caps.name("y"));
    if g.is_verb_like(mon.as_str()) && !four_digit_year {
        return None;
    }
    Some((whole.start()..end, Reading::Day { day, month, year }))
}

/// `March 31st 2024`, `March 31, 2024`.
fn month_day(g: &Grammar, _: &str, caps: &Captures) -> Option<(Range<usize>, Reading)> {
    let whole = caps.get(0)?;
    let month = g.month(group(caps, "mon")?)?;
    let day: u8 = group(caps, "d")?.parse().ok()?;
    let year = Year::from_digits(group(caps, "y")?)?;
    if !(1..=31).contains(&day) {
        return None;
    }
    Some((
        whole.range(),
        Reading::Day {
            day,
            month,
            year: Some(year),
        },
    ))
}

/// `April – June 2024`, `Jan/Feb 2024`.
fn month_range(g: &Grammar, text: &str, caps: &Captures) -> Option<(Range<usize>, Reading)> {
    let whole = caps.get(0)?;
    let (first, last) = (
        g.month(group(caps, "mon")?)?,
        g.month(group(caps, "mon2")?)?,
    );
    let y = caps.name("y")?;
    let short = y.len() == 2;
    let verb_like = g.is_verb_like(group(caps, "mon")?) || g.is_verb_like(group(caps, "mon2")?);
    if short && (verb_like || g.count_noun_after(text, y.end())) {
        return None;
    }
    let Year::Full(year) = Year::from_digits(y.as_str())? else {
        return None;
    };
    Some((whole.range(), Reading::MonthRange { first, last, year }))
}

/// `Nov 2018`, `Sept 2018`, `Dec 18`, `Dec-18`, `Dec 018`, `March 2023/24`.
fn month_year(g: &Grammar, text: &str, caps: &Captures) -> Option<(Range<usize>, Reading)> {
    let whole = caps.get(0)?;
    let mon = caps.name("mon")?;
    let month = g.month(mon.as_str())?;
    if let (Some(a), Some(b)) = (caps.name("fy1"), caps.name("fy2")) {
        let first: i32 = a.as_str().parse().ok()?;
        return Some(match check_span(first, b.as_str()) {
            SpanCheck::Span(fy, end) if end == fy + 1 => {
                (whole.range(), Reading::MonthInFy { month, fy })
            }
            // "March 2023 - 2025": keep the month and its year, leave the rest.
            _ => (
                whole.start()..a.end(),
                month_reading(month, Year::Full(first), false),
            ),
        });
    }
    let y = caps.name("y")?;
    let short = y.len() == 2;
    if (short && g.count_noun_after(text, y.end()))
        || (g.is_verb_like(mon.as_str()) && !four_digits(Some(y)))
    {
        return None;
    }
    // "Dec-18" and "Dec '18" are clearly years; "Dec 18" may be a day.
    let spaced = short && !group(caps, "sep")?.contains(['-', '\'', '’']);
    Some((
        whole.range(),
        month_reading(month, Year::from_digits(y.as_str())?, spaced),
    ))
}

fn month_reading(month: u8, year: Year, spaced_short_year: bool) -> Reading {
    Reading::Month {
        month,
        year: Some(year),
        spaced_short_year,
    }
}

/// `by March`, `in December`, `end of Sept`: a month without a year counts
/// only after a cue word, since `March` and `May` are also words.
fn month_alone(g: &Grammar, text: &str, caps: &Captures) -> Option<(Range<usize>, Reading)> {
    let mon = caps.name("mon")?;
    let month = g.month(mon.as_str())?;
    let next = text
        .get(mon.end()..)
        .and_then(|rest| rest.trim_start().chars().next());
    if g.is_verb_like(mon.as_str()) || next.is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    g.cue_before(text, mon.start(), 0)?;
    let reading = Reading::Month {
        month,
        year: None,
        spaced_short_year: false,
    };
    Some((mon.start()..month_end(g, text, mon), reading))
}

/// `Q4 2023/24`, `Q3/Q4 2023/24`, `Q3 and Q4 2023/2024`, `Q4 23/24`,
/// `Q4 2023` (calendar year), `Q2` (no year), `first quarter 2020`.
fn quarter(_: &Grammar, _: &str, caps: &Captures) -> Option<(Range<usize>, Reading)> {
    let whole = caps.get(0)?;
    // "Q3", or "third quarter" / "3rd quarter".
    let first = match (group(caps, "q1"), group(caps, "qw")) {
        (Some(q), _) => digit(q)?,
        (None, Some(word)) => match word.to_ascii_lowercase().as_str() {
            "first" | "1st" => 1,
            "second" | "2nd" => 2,
            "third" | "3rd" => 3,
            _ => 4,
        },
        (None, None) => return None,
    };
    let last = caps.name("q2").map_or(Some(first), |q| digit(q.as_str()))?;
    let fy = match (
        caps.name("fy1"),
        caps.name("fy2"),
        caps.name("sy1"),
        caps.name("sy2"),
    ) {
        (Some(a), Some(b), _, _) => a
            .as_str()
            .parse()
            .ok()
            .map(|first: i32| check_span(first, b.as_str())),
        (_, _, Some(a), Some(b)) => Some(check_short_span(a.as_str(), b.as_str())),
        _ => None,
    };
    let calendar = caps
        .name("cy")
        .and_then(|y| y.as_str().parse().ok())
        .filter(|y| (1990..=2099).contains(y));
    let year = match (fy, calendar) {
        (Some(SpanCheck::Span(fy, end)), _) if end == fy + 1 => QuarterYear::Fy(fy),
        (None, Some(year)) => QuarterYear::Calendar(year),
        _ => QuarterYear::Missing,
    };
    // A year part that is not one financial year belongs to someone else.
    let end = match (year, caps.name("year")) {
        (QuarterYear::Missing, Some(y)) => y.start(),
        _ => whole.end(),
    };
    Some((whole.start()..end, Reading::Quarter { first, last, year }))
}

/// `2023/24`, `2023-24`, `2023/2024`, `2022 / 23`, `2018 – 2019`, `2023 - 2025`.
fn year_span(g: &Grammar, text: &str, caps: &Captures) -> Option<(Range<usize>, Reading)> {
    let whole = caps.get(0)?;
    if !figure_free(text, whole.range()) || g.not_date_before(text, whole.start()) {
        return None;
    }
    let first: i32 = group(caps, "a")?.parse().ok()?;
    match check_span(first, group(caps, "b")?) {
        SpanCheck::Span(first, end) => Some((whole.range(), Reading::Span { first, end })),
        SpanCheck::Reversed => Some((whole.range(), Reading::Broken(super::Issue::ReversedRange))),
        SpanCheck::NotASpan => None,
    }
}

/// `21/22`, `FY23/24`, `FY 23-24`.
fn short_span(g: &Grammar, text: &str, caps: &Captures) -> Option<(Range<usize>, Reading)> {
    let whole = caps.get(0)?;
    if !figure_free(text, whole.range()) || g.not_date_before(text, whole.start()) {
        return None;
    }
    let (a, b) = match (caps.name("fa"), caps.name("fb")) {
        (Some(a), Some(b)) => (a, b),
        _ => (caps.name("a")?, caps.name("b")?),
    };
    match check_short_span(a.as_str(), b.as_str()) {
        SpanCheck::Span(first, end) => Some((whole.range(), Reading::Span { first, end })),
        _ => None,
    }
}

/// `2025`, when it looks like a year: 1990–2099, not a figure (`2019 staff`,
/// `£2018`, `2018%`) and not part of something longer.
fn year(g: &Grammar, text: &str, caps: &Captures) -> Option<(Range<usize>, Reading)> {
    let whole = caps.get(0)?;
    let year: i32 = whole.as_str().parse().ok()?;
    // "2000-2500" is a range of figures, not a year (a real span of years
    // was taken by the span pattern before this one).
    let dashed = text.get(whole.end()..).is_some_and(|rest| {
        let mut chars = rest.chars();
        matches!(chars.next(), Some('-' | '–' | '—'))
            && chars.next().is_some_and(|c| c.is_ascii_digit())
    });
    if !(1990..=2099).contains(&year) || dashed || !figure_free(text, whole.range()) {
        return None;
    }
    let counted =
        g.count_noun_after(text, whole.end()) && g.reference_after(text, whole.end()).is_none();
    if counted || g.not_date_before(text, whole.start()) {
        return None;
    }
    Some((whole.range(), Reading::Year(year)))
}

/// Whether the span stands alone rather than inside a figure.
fn figure_free(text: &str, span: Range<usize>) -> bool {
    clear_before(text, span.start) && clear_after(text, span.end)
}

/// Not after a letter, digit, `.`, `/`, `#`, `=`, `+` or currency sign.
fn clear_before(text: &str, at: usize) -> bool {
    let before = text.get(..at).and_then(|t| t.chars().next_back());
    !before.is_some_and(|c| c.is_alphanumeric() || "./£$€#=+".contains(c))
}

/// Not before `%`, a letter or digit, or `.` or `/` and a digit
/// (`1.2.18.5`, `2018/19/20`).
fn clear_after(text: &str, at: usize) -> bool {
    let mut after = text.get(at..).unwrap_or("").chars();
    match (after.next(), after.next()) {
        (Some(c), _) if c == '%' || c.is_alphanumeric() => false,
        (Some(c), Some(d)) if "./".contains(c) && d.is_ascii_digit() => false,
        _ => true,
    }
}

/// Day and month numbers, if they could be a day and a month.
fn day_and_month(day: &str, month: &str) -> Option<(u8, u8)> {
    let (day, month): (u8, u8) = (day.parse().ok()?, month.parse().ok()?);
    ((1..=31).contains(&day) && (1..=12).contains(&month)).then_some((day, month))
}

/// The text of a named group, if it took part in the match. (Indexing
/// `caps["name"]` would panic if a pattern edit made the group optional.)
fn group<'t>(caps: &Captures<'t>, name: &str) -> Option<&'t str> {
    caps.name(name).map(|m| m.as_str())
}

fn digit(text: &str) -> Option<u8> {
    text.parse().ok()
}

fn four_digits(year: Option<Match>) -> bool {
    year.is_some_and(|y| y.len() == 4)
}

/// The end of a month name, with the full stop of an abbreviation (`Sept.`)
/// but not a sentence's (`by March.`).
fn month_end(g: &Grammar, text: &str, mon: Match) -> usize {
    let dotted = text
        .get(mon.end()..)
        .is_some_and(|rest| rest.starts_with('.'));
    if dotted && g.is_abbreviation(mon.as_str()) {
        mon.end() + 1
    } else {
        mon.end()
    }
}

/// What a pair of years separated by a dash or slash is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SpanCheck {
    /// Financial years from 1 April `.0` to 31 March `.1`.
    Span(i32, i32),
    /// `2023/22`: ends before it starts.
    Reversed,
    /// Two numbers that are not a year span (`2000-2500`).
    NotASpan,
}

/// `first` followed by `end` as written (2 or 4 digits). Spans longer than
/// ten years are taken for figures.
pub(super) fn check_span(first: i32, end: &str) -> SpanCheck {
    let Ok(value) = end.parse::<i32>() else {
        return SpanCheck::NotASpan;
    };
    if !(1990..=2099).contains(&first) {
        return SpanCheck::NotASpan;
    }
    let end = if end.len() == 2 {
        let same_century = first - first % 100 + value;
        // "2099/00" rolls into the next century; "2023/22" does not.
        if same_century <= first && same_century + 100 - first <= 10 {
            same_century + 100
        } else {
            same_century
        }
    } else {
        value
    };
    match end - first {
        1..=10 => SpanCheck::Span(first, end),
        -10..=0 => SpanCheck::Reversed,
        _ => SpanCheck::NotASpan,
    }
}

/// `21/22`: two 2-digit years, the second following the first.
fn check_short_span(a: &str, b: &str) -> SpanCheck {
    match (a.parse::<i32>(), b.parse::<i32>()) {
        (Ok(a), Ok(b)) if (a + 1) % 100 == b => SpanCheck::Span(2000 + a, 2000 + a + 1),
        _ => SpanCheck::NotASpan,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_checked() {
        assert_eq!(check_span(2023, "24"), SpanCheck::Span(2023, 2024));
        assert_eq!(check_span(2023, "2025"), SpanCheck::Span(2023, 2025));
        assert_eq!(check_span(2099, "00"), SpanCheck::Span(2099, 2100));
        assert_eq!(check_span(2023, "22"), SpanCheck::Reversed);
        assert_eq!(check_span(2023, "2023"), SpanCheck::Reversed);
        assert_eq!(check_span(2000, "2500"), SpanCheck::NotASpan);
        assert_eq!(check_span(2023, "99"), SpanCheck::NotASpan);
        assert_eq!(check_span(1850, "51"), SpanCheck::NotASpan);
        assert_eq!(check_short_span("21", "22"), SpanCheck::Span(2021, 2022));
        assert_eq!(check_short_span("99", "00"), SpanCheck::Span(2099, 2100));
        assert_eq!(check_short_span("21", "23"), SpanCheck::NotASpan);
    }

    #[test]
    fn figures_are_not_dates() {
        assert!(figure_free("by 31.10.18.", 3..11));
        assert!(!figure_free("91.67%", 1..5));
        assert!(!figure_free("v1.2.18.5", 1..7));
        assert!(!figure_free("2018%", 0..4));
        assert!(!figure_free("£2018", 2..6));
    }
}
