//! A number as a workbook states it: read from a number cell (its precision
//! from the number format) or from text ("23.9%", "0.99", "1,234"), always
//! with the cell it came from. And the WRES.md §1.2 rounding judgement:
//! compare at the precision the cell shows, tolerating half a unit in the
//! last shown place; a value that is the truncated result is told apart.

use std::fmt;
use std::ops::Range;

use crate::location::CellRef;
use crate::workbook::{Cell, Value};

/// Most decimals a `General` cell is taken to show.
const GENERAL_DECIMALS: u8 = 9;
/// Slack for binary floating point when comparing decimal figures.
const EPS: f64 = 1e-9;

/// Where a figure's number came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Number,
    /// A number stored as text.
    Text,
    /// A formula's cached result.
    Formula,
}

/// A number stated in a cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub cell: CellRef,
    /// The number as the cell shows it, before rounding to `decimals`:
    /// 22.1 for 0.221 under a `0.0%` format, 23.9 for the text "23.9%".
    pub shown: f64,
    /// Digits shown after the decimal point.
    pub decimals: u8,
    /// Shown with a `%` (number format or text).
    pub percent: bool,
    pub source: Source,
}

/// What a cell holds, as far as figures go.
#[derive(Clone, Debug, PartialEq)]
pub enum Reading {
    Figure(Figure),
    /// A formula whose result was never saved: nothing to check.
    Uncalculated(CellRef),
    /// Empty, or text that is not a number ("n/a", "*").
    Nothing,
}

impl Figure {
    /// The number as stored: a fraction for a percentage (0.221 for 22.1 %).
    pub fn value(&self) -> f64 {
        if self.percent {
            self.shown / 100.0
        } else {
            self.shown
        }
    }

    /// One unit in the last shown place (0.1 for one decimal).
    pub fn unit(&self) -> f64 {
        10f64.powi(-i32::from(self.decimals))
    }

    /// Judge the figure against the exact result `expected`, given in the
    /// figure's own shown unit (percent when it shows a `%`).
    pub fn judge(&self, expected: f64) -> Verdict {
        judge(self.shown, self.decimals, expected)
    }

    /// Judge a figure whose expected result is a plain number (a ratio, a
    /// fraction): a `%` figure is compared as the number it stores.
    pub fn judge_value(&self, expected: f64) -> Verdict {
        if self.percent {
            judge(self.shown, self.decimals, expected * 100.0)
        } else {
            judge(self.shown, self.decimals, expected)
        }
    }

    /// The figure as the cell shows it: "22.1%", "0.70", "2,686".
    pub fn display(&self) -> String {
        let mut text = fmt_decimal(round_half_up(self.shown, self.decimals), self.decimals);
        if self.percent {
            text.push('%');
        }
        text
    }

    /// `expected` (in the figure's shown unit) at the figure's precision.
    pub fn display_like(&self, expected: f64) -> String {
        let mut text = fmt_decimal(round_half_up(expected, self.decimals), self.decimals);
        if self.percent {
            text.push('%');
        }
        text
    }

    /// A plain `expected` value shown as this figure shows numbers.
    pub fn display_value_like(&self, expected: f64) -> String {
        if self.percent {
            self.display_like(expected * 100.0)
        } else {
            self.display_like(expected)
        }
    }

    /// The number, if it is a whole count.
    pub fn count(&self) -> Option<f64> {
        let v = self.value();
        (v.fract() == 0.0 && v >= 0.0 && !self.percent).then_some(v)
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

/// How a stated figure compares with its recomputed value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Within half a unit in the last shown place.
    Agrees,
    /// Equal to the result cut off, not rounded, at the shown precision.
    Truncated,
    Differs,
}

/// `stated` (showing `decimals` places) against the exact `expected`.
pub fn judge(stated: f64, decimals: u8, expected: f64) -> Verdict {
    if !stated.is_finite() || !expected.is_finite() {
        return Verdict::Differs;
    }
    let unit = 10f64.powi(-i32::from(decimals));
    let slack = EPS * expected.abs().max(1.0);
    if (stated - expected).abs() <= unit / 2.0 + slack {
        return Verdict::Agrees;
    }
    let shown = round_half_up(stated, decimals);
    if (shown - truncate(expected, decimals)).abs() <= slack + unit * 1e-6 {
        Verdict::Truncated
    } else {
        Verdict::Differs
    }
}

/// Round half away from zero (Excel's ROUND) to `decimals` places.
pub fn round_half_up(x: f64, decimals: u8) -> f64 {
    let scale = 10f64.powi(i32::from(decimals));
    let scaled = x * scale;
    // Nudge by a hair so 22.05 stored as 22.04999… still rounds up.
    let nudged = scaled + scaled.signum() * EPS * scaled.abs().max(1.0);
    nudged.round() / scale
}

/// Cut off toward zero at `decimals` places.
pub fn truncate(x: f64, decimals: u8) -> f64 {
    let scale = 10f64.powi(i32::from(decimals));
    let scaled = x * scale;
    let nudged = scaled + scaled.signum() * EPS * scaled.abs().max(1.0);
    nudged.trunc() / scale
}

/// A number with exactly `decimals` places and thousands separators in its
/// whole part when it has four or more digits ("2,686", "−7.3").
pub fn fmt_decimal(x: f64, decimals: u8) -> String {
    let text = format!("{:.*}", usize::from(decimals), x.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let negative = x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    let mut out = String::new();
    if negative {
        out.push('−');
    }
    out.push_str(&grouped);
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

/// Read a cell as a figure.
pub fn read(at: CellRef, cell: Option<&Cell>) -> Reading {
    let Some(cell) = cell else {
        return Reading::Nothing;
    };
    let source = if cell.formula {
        Source::Formula
    } else {
        Source::Number
    };
    match &cell.value {
        Value::Number(n) if n.is_finite() => {
            let (decimals, percent) = match cell.shown {
                Some(shown) => (shown.decimals, shown.percent),
                None => (general_decimals(*n), false),
            };
            let shown = if percent { n * 100.0 } else { *n };
            Reading::Figure(Figure {
                cell: at,
                shown,
                decimals,
                percent,
                source,
            })
        }
        Value::Text(text) => match parse_number_text(text) {
            Some(parsed) => Reading::Figure(Figure {
                cell: at,
                shown: parsed.shown,
                decimals: parsed.decimals,
                percent: parsed.percent,
                source: if cell.formula {
                    Source::Formula
                } else {
                    Source::Text
                },
            }),
            None => Reading::Nothing,
        },
        Value::Empty if cell.formula => Reading::Uncalculated(at),
        _ => Reading::Nothing,
    }
}

/// Decimals a `General` cell shows for a number: those of its shortest
/// decimal form, at most [`GENERAL_DECIMALS`].
fn general_decimals(n: f64) -> u8 {
    let text = format!("{n}");
    match text.split_once('.') {
        Some((_, fraction)) if !text.contains('e') => u8::try_from(fraction.len())
            .unwrap_or(u8::MAX)
            .min(GENERAL_DECIMALS),
        _ => 0,
    }
}

/// A number written as text.
#[derive(Clone, Debug, PartialEq)]
pub struct TextNumber {
    pub shown: f64,
    pub decimals: u8,
    pub percent: bool,
    /// Followed by "pp" or "percentage points".
    pub points: bool,
    /// Byte span within the text it was found in.
    pub span: Range<usize>,
}

/// A whole cell of text that is one number: "23.9%", " 0.99 ", "1,234",
/// "−7.3", "-6.2 pp". Anything else is not a figure.
pub fn parse_number_text(text: &str) -> Option<TextNumber> {
    let trimmed = text.trim();
    let start = text.len() - text.trim_start().len();
    let number = scan_number(trimmed, 0)?;
    (number.span.end == trimmed.len()).then(|| TextNumber {
        span: number.span.start + start..number.span.end + start,
        ..number
    })
}

/// Every number in free text, with its span, skipping parts of dates
/// ("31.03.24", "2023/24") and bare years ("2024").
pub fn numbers_in_text(text: &str) -> Vec<TextNumber> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let c = bytes[at];
        let starts = c.is_ascii_digit()
            || ((c == b'-' || c == b'+') && bytes.get(at + 1).is_some_and(u8::is_ascii_digit))
            || text[at..].starts_with('−')
                && text[at + '−'.len_utf8()..].starts_with(|c: char| c.is_ascii_digit());
        let after_word = at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'.');
        if starts && !after_word {
            if let Some(number) = scan_number(text, at) {
                let end = number.span.end;
                let next = text[end..].chars().next();
                let date_like = matches!(next, Some('.' | '/' | ':'))
                    && text[end + 1..].starts_with(|c: char| c.is_ascii_digit());
                let letter_follows = next.is_some_and(|c| c.is_alphanumeric());
                let is_year = !number.percent
                    && !number.points
                    && number.decimals == 0
                    && (1900.0..=2100.0).contains(&number.shown)
                    && text[number.span.clone()]
                        .chars()
                        .all(|c| c.is_ascii_digit());
                if !date_like && !letter_follows && !is_year {
                    found.push(number);
                }
                at = end.max(at + 1);
                // Skip the rest of a date or code.
                while at < bytes.len()
                    && (bytes[at].is_ascii_digit() || matches!(bytes[at], b'.' | b'/' | b':'))
                {
                    at += 1;
                }
                continue;
            }
        }
        at += text[at..].chars().next().map_or(1, char::len_utf8);
    }
    found
}

/// A number starting exactly at `at`: sign, digits (thousands commas
/// allowed), decimals, then an optional `%` or percentage-point suffix.
fn scan_number(text: &str, at: usize) -> Option<TextNumber> {
    let rest = &text[at..];
    let mut i = 0;
    let mut negative = false;
    for sign in ["-", "−", "–", "+"] {
        if let Some(after) = rest.strip_prefix(sign) {
            negative = sign != "+";
            i = rest.len() - after.len();
            break;
        }
    }
    let bytes = rest.as_bytes();
    let mut whole = String::new();
    let mut group_len = 0usize;
    let mut saw_comma = false;
    while i < bytes.len() {
        match bytes[i] {
            b'0'..=b'9' => {
                whole.push(bytes[i] as char);
                group_len += 1;
                i += 1;
            }
            b',' if !whole.is_empty()
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
                && (!saw_comma && group_len <= 3 || saw_comma && group_len == 3)
                && bytes[i + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count()
                    == 3 =>
            {
                saw_comma = true;
                group_len = 0;
                i += 1;
            }
            _ => break,
        }
    }
    if whole.is_empty() || (saw_comma && group_len != 3) {
        return None;
    }
    let mut fraction = String::new();
    if bytes.get(i) == Some(&b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            fraction.push(bytes[i] as char);
            i += 1;
        }
    }
    let mut value: f64 = format!(
        "{whole}.{}",
        if fraction.is_empty() { "0" } else { &fraction }
    )
    .parse()
    .ok()?;
    if negative {
        value = -value;
    }
    let number_end = i;
    let tail = &rest[number_end..];
    let spaced = tail.trim_start();
    let gap = tail.len() - spaced.len();
    let lower = spaced.to_ascii_lowercase();
    let (percent, points, suffix_len) = if spaced.starts_with('%') {
        (true, false, gap + 1)
    } else if let Some(len) = ["percentage points", "percentage point", "pp", "ppt"]
        .iter()
        .find(|s| {
            lower.starts_with(*s)
                && !lower[s.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
        })
        .map(|s| s.len())
    {
        (false, true, gap + len)
    } else {
        (false, false, 0)
    };
    Some(TextNumber {
        shown: value,
        decimals: u8::try_from(fraction.len()).unwrap_or(u8::MAX),
        percent,
        points,
        span: at..at + number_end + suffix_len,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::Shown;
    use std::sync::Arc;

    fn at() -> CellRef {
        CellRef::new(&Arc::from("S"), 0, 0)
    }

    fn figure(value: Value, shown: Option<Shown>) -> Figure {
        let mut cell = Cell::new(0, 0, value);
        cell.shown = shown;
        match read(at(), Some(&cell)) {
            Reading::Figure(f) => f,
            other => panic!("not a figure: {other:?}"),
        }
    }

    #[test]
    fn numbers_keep_the_precision_their_format_shows() {
        let f = figure(
            Value::Number(0.221),
            Some(Shown {
                decimals: 1,
                percent: true,
            }),
        );
        assert!((f.shown - 22.1).abs() < 1e-9);
        assert_eq!(
            (f.decimals, f.percent, f.display()),
            (1, true, "22.1%".into())
        );
        let general = figure(Value::Number(1.4322), None);
        assert_eq!((general.decimals, general.display()), (4, "1.4322".into()));
        assert_eq!(figure(Value::Number(2686.0), None).display(), "2,686");
    }

    #[test]
    fn numbers_stored_as_text_are_read_with_their_digits() {
        let f = figure(Value::Text("23.9%".into()), None);
        assert_eq!(
            (f.shown, f.decimals, f.percent, f.source),
            (23.9, 1, true, Source::Text)
        );
        assert!((f.value() - 0.239).abs() < 1e-12);
        let f = figure(Value::Text(" 0.99 ".into()), None);
        assert_eq!((f.shown, f.decimals, f.percent), (0.99, 2, false));
        let f = figure(Value::Text("1,234".into()), None);
        assert_eq!((f.shown, f.decimals), (1234.0, 0));
        let f = figure(Value::Text("−7.3 pp".into()), None);
        assert_eq!((f.shown, f.decimals, f.percent), (-7.3, 1, false));
        for text in ["n/a", "*", "<5", "12a", "1,23", "1.2.3", ""] {
            let cell = Cell::new(0, 0, Value::Text(text.into()));
            assert_eq!(read(at(), Some(&cell)), Reading::Nothing, "{text}");
        }
    }

    #[test]
    fn a_formula_without_a_cached_value_is_uncalculated() {
        let mut cell = Cell::new(0, 0, Value::Empty);
        cell.formula = true;
        assert_eq!(read(at(), Some(&cell)), Reading::Uncalculated(at()));
        cell.value = Value::Number(13.0);
        assert!(matches!(
            read(at(), Some(&cell)),
            Reading::Figure(Figure {
                source: Source::Formula,
                ..
            })
        ));
    }

    #[test]
    fn rounding_judgement_follows_the_shown_precision() {
        // 58/263 = 22.053…%: 22.1 agrees, 22.0 is truncated, 22.2 differs.
        let exact = 5800.0 / 263.0;
        assert_eq!(judge(22.1, 1, exact), Verdict::Agrees);
        assert_eq!(judge(22.0, 1, exact), Verdict::Truncated);
        assert_eq!(judge(22.2, 1, exact), Verdict::Differs);
        // Half a unit either way is tolerated.
        assert_eq!(judge(2.10, 2, 2.105), Verdict::Agrees);
        assert_eq!(judge(2.11, 2, 2.105), Verdict::Agrees);
        // (300/1000)/(60/400) = 2.00; 2.10 differs.
        assert_eq!(
            judge(2.10, 2, (300.0 / 1000.0) / (60.0 / 400.0)),
            Verdict::Differs
        );
        // Negative: −7.35 truncates toward zero to −7.3, rounds to −7.4.
        assert_eq!(judge(-7.3, 1, -7.36), Verdict::Truncated);
        assert_eq!(judge(-7.4, 1, -7.36), Verdict::Agrees);
        // A figure stored at full precision agrees however few places show.
        assert_eq!(judge(22.053_231_9, 0, exact), Verdict::Agrees);
    }

    #[test]
    fn numbers_in_free_text() {
        let text = "RL down from 1.55 to 1.25 by 31.03.24 (2023/24), 27.5% and −6.0 percentage points in 2024";
        let found: Vec<String> = numbers_in_text(text)
            .iter()
            .map(|n| text[n.span.clone()].to_owned())
            .collect();
        assert_eq!(found, ["1.55", "1.25", "27.5%", "−6.0 percentage points"]);
        assert!(numbers_in_text("Q3 2023/24 and Band 8a")
            .iter()
            .all(|n| n.shown != 2023.0));
    }

    #[test]
    fn display_groups_thousands_and_signs() {
        assert_eq!(fmt_decimal(-7.3, 1), "−7.3");
        assert_eq!(fmt_decimal(-0.04, 1), "0.0");
        assert_eq!(fmt_decimal(1234567.0, 0), "1,234,567");
        assert_eq!(fmt_decimal(0.7, 2), "0.70");
    }
}
