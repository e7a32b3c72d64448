//! From what the text says (a [`Reading`]) to the dates it covers, using the
//! plan period for whatever the text leaves out.

use crate::date::Date;

use super::{Context, Issue, PlanPeriod, TimeClass};

/// A year as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Year {
    /// Four digits, or two digits read as 20xx.
    Full(i32),
    /// Three digits (`018`): the year if it can be recovered.
    ThreeDigit(Option<i32>),
}

impl Year {
    /// A year from its digits: 2 digits are 20xx; 3 digits starting with 0
    /// (`018`) are a dropped or extra digit of 20xx; anything else has no reading.
    pub fn from_digits(digits: &str) -> Option<Year> {
        let value: i32 = digits.parse().ok()?;
        match digits.len() {
            2 => Some(Year::Full(2000 + value)),
            3 => Some(Year::ThreeDigit(
                digits.starts_with('0').then_some(2000 + value),
            )),
            4 => Some(Year::Full(value)),
            _ => None,
        }
    }
}

/// The year part of a quarter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuarterYear {
    /// A financial year, by its start year (`2023/24` → 2023).
    Fy(i32),
    /// A calendar year (`Q4 2023`), read as the FY starting that year.
    Calendar(i32),
    Missing,
}

/// What an expression says, before the plan period fills any gap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    Day {
        day: u8,
        month: u8,
        year: Option<Year>,
    },
    /// `spaced_short_year`: a 2-digit year after a space (`Dec 18`), which
    /// may also be a day.
    Month {
        month: u8,
        year: Option<Year>,
        spaced_short_year: bool,
    },
    /// `March 2023/24`: a month inside a financial year.
    MonthInFy {
        month: u8,
        fy: i32,
    },
    /// `April – June 2024`: the year belongs to the last month.
    MonthRange {
        first: u8,
        last: u8,
        year: i32,
    },
    Quarter {
        first: u8,
        last: u8,
        year: QuarterYear,
    },
    /// Financial years from 1 April `first` to 31 March `end`.
    Span {
        first: i32,
        end: i32,
    },
    Year(i32),
    Recurring,
    OpenEnded,
    /// Date-shaped text that cannot be a date.
    Broken(Issue),
}

/// The dates a reading covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub class: TimeClass,
    pub start: Option<Date>,
    pub due: Option<Date>,
    pub issue: Option<Issue>,
}

impl Resolved {
    fn new(class: TimeClass, range: Option<(Date, Date)>, issue: Option<Issue>) -> Resolved {
        Resolved {
            class,
            start: range.map(|r| r.0),
            due: range.map(|r| r.1),
            issue,
        }
    }

    fn malformed(issue: Issue) -> Resolved {
        Resolved::new(TimeClass::Malformed, None, Some(issue))
    }
}

impl Reading {
    /// Whether the reading names dates (as opposed to a schedule phrase).
    pub fn is_dated(self) -> bool {
        !matches!(self, Reading::Recurring | Reading::OpenEnded)
    }

    /// Whether the reading already spans from one point to another
    /// (`April – June 2024`, `Q3/Q4`, `2023 - 2025`), so a `from` before it
    /// gives its start, not an open end.
    pub fn is_range(self) -> bool {
        match self {
            Reading::MonthRange { .. } => true,
            Reading::Quarter { first, last, .. } => first != last,
            Reading::Span { first, end } => end > first + 1,
            _ => false,
        }
    }

    pub fn resolve(self, ctx: &Context) -> Resolved {
        match self {
            Reading::Day { day, month, year } => resolve_day(day, month, year, ctx),
            Reading::Month {
                month,
                year,
                spaced_short_year,
            } => resolve_month(month, year, spaced_short_year, ctx),
            Reading::MonthInFy { month, fy } => {
                let year = if month >= 4 { fy } else { fy + 1 };
                Resolved::new(
                    TimeClass::MonthYear,
                    month_range(year, month, year, month),
                    None,
                )
            }
            Reading::MonthRange { first, last, year } => {
                // "November – February 2024" starts in the year before.
                let first_year = if first <= last { year } else { year - 1 };
                Resolved::new(
                    TimeClass::MonthYear,
                    month_range(first_year, first, year, last),
                    None,
                )
            }
            Reading::Quarter { first, last, year } => resolve_quarter(first, last, year, ctx),
            Reading::Span { first, end } => {
                let range = (Date::new(first, 4, 1), Date::new(end, 3, 31));
                let range = range.0.zip(range.1);
                Resolved::new(TimeClass::YearSpan, range, None)
            }
            Reading::Year(year) => {
                let range = Date::new(year, 1, 1).zip(Date::new(year, 12, 31));
                Resolved::new(TimeClass::YearOnly, range, Some(Issue::YearOnly))
            }
            Reading::Recurring => Resolved::new(TimeClass::Recurring, None, None),
            Reading::OpenEnded => Resolved::new(TimeClass::OpenEnded, None, None),
            Reading::Broken(issue) => Resolved::malformed(issue),
        }
    }
}

fn resolve_day(day: u8, month: u8, year: Option<Year>, ctx: &Context) -> Resolved {
    let (year, issue) = match year {
        Some(Year::Full(year)) => (year, None),
        Some(Year::ThreeDigit(Some(year))) => (year, Some(Issue::ThreeDigitYear)),
        Some(Year::ThreeDigit(None)) => return Resolved::malformed(Issue::ThreeDigitYear),
        None => {
            let assumed = ctx.period.map(|p| month_year_in_period(month, &p));
            let issue = Issue::DayMonthNoYear {
                assumed_from_period: assumed.is_some(),
            };
            match assumed {
                Some(year) => (year, Some(issue)),
                None => return Resolved::new(TimeClass::FullDate, None, Some(issue)),
            }
        }
    };
    match Date::new(year, month, day) {
        Some(date) => {
            let class = if issue == Some(Issue::ThreeDigitYear) {
                TimeClass::Malformed
            } else {
                TimeClass::FullDate
            };
            Resolved::new(class, Some((date, date)), issue)
        }
        None => Resolved::malformed(Issue::InvalidDate),
    }
}

fn resolve_month(month: u8, year: Option<Year>, spaced: bool, ctx: &Context) -> Resolved {
    let whole = |year| month_range(year, month, year, month);
    match year {
        Some(Year::Full(year)) => {
            let issue = spaced.then_some(Issue::TwoDigitYearMonth);
            Resolved::new(TimeClass::MonthYear, whole(year), issue)
        }
        Some(Year::ThreeDigit(year)) => Resolved::new(
            TimeClass::Malformed,
            year.and_then(whole),
            Some(Issue::ThreeDigitYear),
        ),
        None => {
            let year = ctx.period.map(|p| month_year_in_period(month, &p));
            let issue = Issue::MissingYear {
                assumed_from_period: year.is_some(),
            };
            Resolved::new(TimeClass::MonthYear, year.and_then(whole), Some(issue))
        }
    }
}

fn resolve_quarter(first: u8, last: u8, year: QuarterYear, ctx: &Context) -> Resolved {
    if last < first {
        return Resolved::malformed(Issue::ReversedRange);
    }
    let (fy, issue) = match year {
        QuarterYear::Fy(fy) => (Some(fy), None),
        QuarterYear::Calendar(year) => (Some(year), Some(Issue::CalendarYearQuarter)),
        QuarterYear::Missing => {
            let fy = ctx.period.map(|p| quarter_fy_in_period(first, &p));
            (
                fy,
                Some(Issue::MissingYear {
                    assumed_from_period: fy.is_some(),
                }),
            )
        }
    };
    let class = if first == last {
        TimeClass::QuarterFy
    } else {
        TimeClass::QuarterRange
    };
    let range = fy.and_then(|fy| {
        let (start, _) = quarter_months(fy, first);
        let (_, end) = quarter_months(fy, last);
        month_range(start.0, start.1, end.0, end.1)
    });
    Resolved::new(class, range, issue)
}

/// First and last (year, month) of quarter `q` of the FY starting in `fy`.
fn quarter_months(fy: i32, q: u8) -> ((i32, u8), (i32, u8)) {
    // Q1 starts in April (month 4); Q4 runs into January–March of fy + 1.
    let first = 4 + 3 * (i32::from(q) - 1);
    let last = first + 2;
    let at = |m: i32| {
        if m > 12 {
            (fy + 1, (m - 12) as u8)
        } else {
            (fy, m as u8)
        }
    };
    (at(first), at(last))
}

/// From the first day of one month to the last day of another.
pub fn month_range(y1: i32, m1: u8, y2: i32, m2: u8) -> Option<(Date, Date)> {
    Date::new(y1, m1, 1).zip(Date::end_of_month(y2, m2))
}

/// The start year of the financial year containing `date`.
pub fn fy_of(date: Date) -> i32 {
    if date.month >= 4 {
        date.year
    } else {
        date.year - 1
    }
}

/// The year in which `month` first falls inside the period (for an FY
/// period: April–December → start year, January–March → end year); when
/// the month does not occur inside a short period, its first occurrence
/// after the period starts.
pub fn month_year_in_period(month: u8, period: &PlanPeriod) -> i32 {
    (period.start.year..=period.end.year)
        .find(|&year| {
            month_range(year, month, year, month)
                .is_some_and(|(first, last)| last >= period.start && first <= period.end)
        })
        .unwrap_or(if month >= period.start.month {
            period.start.year
        } else {
            period.start.year + 1
        })
}

/// The financial year in which quarter `q` first overlaps the period.
fn quarter_fy_in_period(q: u8, period: &PlanPeriod) -> i32 {
    let first_fy = fy_of(period.start);
    (first_fy..=fy_of(period.end))
        .find(|&fy| {
            let ((y1, m1), (y2, m2)) = quarter_months(fy, q);
            month_range(y1, m1, y2, m2)
                .is_some_and(|(first, last)| last >= period.start && first <= period.end)
        })
        .unwrap_or(first_fy)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn quarters_are_financial() {
        assert_eq!(quarter_months(2023, 1), ((2023, 4), (2023, 6)));
        assert_eq!(quarter_months(2023, 3), ((2023, 10), (2023, 12)));
        assert_eq!(quarter_months(2023, 4), ((2024, 1), (2024, 3)));
    }

    #[test]
    fn months_take_their_year_from_the_period() {
        let fy = PlanPeriod::financial_year(2023);
        assert_eq!(month_year_in_period(4, &fy), 2023);
        assert_eq!(month_year_in_period(12, &fy), 2023);
        assert_eq!(month_year_in_period(1, &fy), 2024);
        assert_eq!(month_year_in_period(3, &fy), 2024);
        let two = PlanPeriod::financial_years(2023, 2025).unwrap();
        assert_eq!(month_year_in_period(3, &two), 2024);
        let summer = PlanPeriod {
            start: d(2024, 6, 1),
            end: d(2024, 8, 31),
        };
        assert_eq!(month_year_in_period(12, &summer), 2024);
        assert_eq!(month_year_in_period(2, &summer), 2025);
    }

    #[test]
    fn quarters_take_their_year_from_the_period() {
        let fy = PlanPeriod::financial_year(2018);
        assert_eq!(quarter_fy_in_period(2, &fy), 2018);
        let calendar = PlanPeriod {
            start: d(2024, 1, 1),
            end: d(2024, 12, 31),
        };
        assert_eq!(quarter_fy_in_period(4, &calendar), 2023);
        assert_eq!(quarter_fy_in_period(1, &calendar), 2024);
    }

    #[test]
    fn years_from_digits() {
        assert_eq!(Year::from_digits("18"), Some(Year::Full(2018)));
        assert_eq!(Year::from_digits("2018"), Some(Year::Full(2018)));
        assert_eq!(Year::from_digits("018"), Some(Year::ThreeDigit(Some(2018))));
        assert_eq!(Year::from_digits("201"), Some(Year::ThreeDigit(None)));
        assert_eq!(Year::from_digits("8"), None);
        assert_eq!(Year::from_digits("20188"), None);
    }

    #[test]
    fn invalid_days_are_malformed() {
        let ctx = Context::default();
        let r = Reading::Day {
            day: 31,
            month: 2,
            year: Some(Year::Full(2024)),
        }
        .resolve(&ctx);
        assert_eq!(
            (r.class, r.issue),
            (TimeClass::Malformed, Some(Issue::InvalidDate))
        );
        let r = Reading::Day {
            day: 29,
            month: 2,
            year: None,
        }
        .resolve(&ctx);
        assert_eq!(
            r.issue,
            Some(Issue::DayMonthNoYear {
                assumed_from_period: false
            })
        );
        assert_eq!(r.due, None);
    }
}
