//! Timelines: the dates, periods and schedules written in an action plan's
//! cells, read as typed time expressions.
//!
//! Plans write deadlines in free text: `by 30.09.18`, `Q3/Q4 2023/24`,
//! `during Q4 2023/24, however this may carry over into 2024/25`,
//! `twice a year`, `Ongoing`. [`parse`] finds every such expression in a
//! cell's text, in text order, and resolves each to the dates it covers:
//!
//! ```
//! # use wreslint::timeline::{parse, Context, PlanPeriod, TimeClass};
//! let ctx = Context { period: Some(PlanPeriod::financial_year(2023)) };
//! let found = parse("Campaign to launch by March; reviewed quarterly", &ctx);
//! assert_eq!(found[0].class, TimeClass::MonthYear);
//! assert_eq!(found[0].due.unwrap().to_string(), "31 March 2024");
//! assert_eq!(found[1].class, TimeClass::Recurring);
//! ```
//!
//! The rules of the domain (WRES.md §4):
//! - a financial year (FY) runs 1 April – 31 March; `2023/24`, `2023-24`,
//!   `2023/2024`, `2022 / 23`, `21/22`, `2018 – 2019` all name one;
//!   `2023 - 2025` names two;
//! - quarters are FY quarters: Q1 April–June … Q4 January–March of the
//!   following calendar year;
//! - numeric dates are UK day-first (`31.10.18` is 31 October 2018), never
//!   month-first; 2-digit years are 20xx;
//! - a month or day without a year takes its year from the plan period in
//!   [`Context`], and the assumption is reported in [`TimeExpr::issue`];
//! - a date after a past-tense trigger (`introduced August 2023`) is
//!   [`TimeClass::Historical`], never a deadline, unless a deadline word
//!   stands between them (`to be commenced by September 2018`).
//!
//! The parser is pure: no I/O, no clock. Deadlines are judged against the
//! plan period, never today's date, so a run is reproducible. It never
//! panics, and its work grows linearly with the length of the text.
//!
//! The words it relies on (month names, `by`, `ongoing`, `introduced`, …)
//! are data in `rules/timeline.yaml`, see [`Vocabulary`].

mod describe;
mod grammar;
mod parser;
mod resolve;
mod scan;
mod vocabulary;

#[cfg(test)]
mod tests;

use std::ops::Range;

use crate::date::Date;

pub use grammar::Grammar;
pub use parser::parse;
pub use vocabulary::Vocabulary;

/// The period an action plan covers; deadlines are judged against it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PlanPeriod {
    /// First day of the period.
    pub start: Date,
    /// Last day of the period.
    pub end: Date,
}

impl PlanPeriod {
    /// The financial year starting 1 April `start_year`: `financial_year(2023)`
    /// is 2023/24, 1 April 2023 – 31 March 2024.
    pub fn financial_year(start_year: i32) -> PlanPeriod {
        PlanPeriod {
            start: Date {
                year: start_year,
                month: 4,
                day: 1,
            },
            end: Date {
                year: start_year + 1,
                month: 3,
                day: 31,
            },
        }
    }

    /// The financial years from 1 April `first_year` to 31 March `end_year`
    /// (`2023 - 2025` is `financial_years(2023, 2025)`), if `end_year` is later.
    pub fn financial_years(first_year: i32, end_year: i32) -> Option<PlanPeriod> {
        (end_year > first_year).then_some(PlanPeriod {
            start: Date {
                year: first_year,
                month: 4,
                day: 1,
            },
            end: Date {
                year: end_year,
                month: 3,
                day: 31,
            },
        })
    }

    /// Whether `date` falls inside the period (both ends included).
    pub fn contains(&self, date: Date) -> bool {
        self.start <= date && date <= self.end
    }

    /// `2023/24` for one financial year, `2023/24–2024/25` for several, and
    /// the two dates for a period that is not made of financial years.
    pub fn label(&self) -> String {
        let aligned = (self.start.month, self.start.day) == (4, 1)
            && (self.end.month, self.end.day) == (3, 31)
            && self.end.year > self.start.year;
        if !aligned {
            return format!("{} – {}", self.start, self.end);
        }
        let first = fy_label(self.start.year);
        if self.end.year == self.start.year + 1 {
            first
        } else {
            format!("{first}–{}", fy_label(self.end.year - 1))
        }
    }
}

/// `2023/24` for the financial year starting in 2023.
pub(crate) fn fy_label(start_year: i32) -> String {
    format!("{start_year}/{:02}", (start_year + 1).rem_euclid(100))
}

/// What the parser knows beyond the text itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// The plan period, used to resolve a missing year (`by March`, `30.09`,
    /// `Q2`). Without it such expressions keep no dates.
    pub period: Option<PlanPeriod>,
}

/// The shape of a time expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TimeClass {
    /// A day: `31.10.18`, `31st March 2024`, `30.09` (with an issue).
    FullDate,
    /// A month: `Nov 2018`, `by March` (with an issue), `April – June 2024`.
    MonthYear,
    /// One FY quarter: `Q4 2023/24`, `Q2` (with an issue).
    QuarterFy,
    /// Consecutive FY quarters: `Q3/Q4 2023/24`, `Q3 and Q4 2023/2024`.
    QuarterRange,
    /// One or more financial years: `2023/24`, `21/22`, `2023 - 2025`.
    YearSpan,
    /// A bare year: `2025`; vague, so always with [`Issue::YearOnly`].
    YearOnly,
    /// Repeats without end: `quarterly`, `twice a year`, `every 2 months`.
    Recurring,
    /// Continues without end: `ongoing`, `as and when needed`, `from 01.04.18`.
    OpenEnded,
    /// A past or reference date: `introduced August 2023`, `WRES Data 2018`.
    Historical,
    /// Looks like a date but cannot be one as written: `31.10.018`,
    /// `31.02.2024`, `2023/22`.
    Malformed,
}

impl TimeClass {
    /// The class as people call it, for messages.
    pub fn label(self) -> &'static str {
        match self {
            TimeClass::FullDate => "full date",
            TimeClass::MonthYear => "month",
            TimeClass::QuarterFy => "quarter",
            TimeClass::QuarterRange => "range of quarters",
            TimeClass::YearSpan => "financial year",
            TimeClass::YearOnly => "year",
            TimeClass::Recurring => "recurring timeline",
            TimeClass::OpenEnded => "open-ended timeline",
            TimeClass::Historical => "past or reference date",
            TimeClass::Malformed => "malformed date",
        }
    }

    /// Classes that name dates (everything but recurring and open-ended).
    pub fn is_dated(self) -> bool {
        !matches!(self, TimeClass::Recurring | TimeClass::OpenEnded)
    }
}

/// What was ambiguous or wrong in an expression, and what was assumed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Issue {
    /// `31.10.018`: resolved to 2018 when the year starts with 0.
    ThreeDigitYear,
    /// A month or quarter without a year (`by March`, `Q2`).
    MissingYear { assumed_from_period: bool },
    /// `Dec 18`: read as December 2018, though it may mean 18 December.
    TwoDigitYearMonth,
    /// A day and month without a year (`30.09`).
    DayMonthNoYear { assumed_from_period: bool },
    /// Only a year (`by 2025`): due 31 December, but vague.
    YearOnly,
    /// A day that does not exist (`31.02.2024`, `29.02.2023`).
    InvalidDate,
    /// A range that ends before it starts (`2023/22`, `Q4–Q2 2023/24`).
    ReversedRange,
    /// A quarter with a calendar year (`Q4 2023`), read as the quarter of the
    /// financial year that starts in that year (Q4 2023/24).
    CalendarYearQuarter,
}

impl Issue {
    /// A stable kebab-case name, for tests and machine output.
    pub fn code(self) -> &'static str {
        match self {
            Issue::ThreeDigitYear => "three-digit-year",
            Issue::MissingYear { .. } => "missing-year",
            Issue::TwoDigitYearMonth => "two-digit-year-month",
            Issue::DayMonthNoYear { .. } => "day-month-no-year",
            Issue::YearOnly => "year-only",
            Issue::InvalidDate => "invalid-date",
            Issue::ReversedRange => "reversed-range",
            Issue::CalendarYearQuarter => "calendar-year-quarter",
        }
    }
}

/// The word before an expression that says how to read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CueKind {
    /// `by`, `no later than`, `before`, `By:`, `*by`: a completion deadline.
    Deadline,
    /// `during`, `in`, `within`: the work happens inside the period.
    During,
    /// `from`, `with effect from`: a start, not an end.
    From,
    /// `may carry over into`: a hedge on an earlier deadline.
    Hedge,
    /// `introduced`, `created`, `dated`, …: the date is in the past.
    Historical,
    /// `WRES Data 2018`, `2018 action plans`: the year names a data set or
    /// document.
    Reference,
}

/// A cue word and where it stands in the text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Cue {
    pub kind: CueKind,
    /// Byte span of the cue words in the text.
    pub span: Range<usize>,
}

/// One time expression found in a text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TimeExpr {
    /// Byte span of the expression in the text (cue words excluded, except
    /// for `from …`, which is part of an open-ended expression). Always on
    /// char boundaries; `0..0` for a date-typed cell.
    pub span: Range<usize>,
    pub class: TimeClass,
    /// First day covered, where meaningful.
    pub start: Option<Date>,
    /// Last day covered: the due date of a deadline (end of the month,
    /// quarter or financial year; the later end of a range). `None` when
    /// there is none or it could not be resolved. A historical expression
    /// keeps the last day it refers to.
    pub due: Option<Date>,
    /// What was ambiguous or malformed, and what was assumed.
    pub issue: Option<Issue>,
    /// The cue word before the expression, if any.
    pub cue: Option<Cue>,
}

impl TimeExpr {
    /// Whether the expression sets a completion date: it resolved to a due
    /// date and is not historical, recurring or open-ended.
    pub fn is_deadline(&self) -> bool {
        self.class.is_dated() && self.class != TimeClass::Historical && self.due.is_some()
    }

    /// Whether the expression hedges an earlier deadline (`may carry over into 2024/25`).
    pub fn is_hedged(&self) -> bool {
        self.cue.as_ref().is_some_and(|c| c.kind == CueKind::Hedge)
    }

    /// The text of the expression (empty for a date-typed cell).
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.span.clone()).unwrap_or("")
    }

    /// One sentence saying how the expression was read, e.g. "read `by
    /// March` as 31 March 2024 from the plan period 2023/24".
    pub fn describe(&self, text: &str, ctx: &Context) -> String {
        describe::describe(self, text, ctx)
    }
}

/// A date-typed cell: a full date with no text to point at (span `0..0`).
pub fn from_date_cell(date: Date) -> TimeExpr {
    TimeExpr {
        span: 0..0,
        class: TimeClass::FullDate,
        start: Some(date),
        due: Some(date),
        issue: None,
        cue: None,
    }
}

/// Find a plan period in a title, heading or metadata text ("Action Plan
/// 2023-24", "2018 – 2019", "for 21/22", "2023 - 2025", "2023/2024",
/// "April 2023 – March 2024"): the first well-formed financial year, span
/// of financial years or month-to-month span, and the byte span it was
/// read from.
pub fn find_period(text: &str) -> Option<(PlanPeriod, Range<usize>)> {
    Grammar::builtin().find_period(text)
}
