//! A civil (calendar) date: all wreslint needs from a date library is ordering,
//! month lengths and Excel serial numbers, so a few lines beat a dependency.

use std::fmt;

/// A proleptic Gregorian calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// A date if `year-month-day` exists in the calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The last day of the given month.
    pub fn end_of_month(year: i32, month: u8) -> Option<Date> {
        if !(1..=12).contains(&month) {
            return None;
        }
        Some(Date {
            year,
            month,
            day: days_in_month(year, month),
        })
    }

    /// Days since 1970-01-01 (negative before); Howard Hinnant's algorithm.
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The date of an Excel serial number (1900 date system, with Excel's
    /// phantom 29 February 1900), or `None` when out of Excel's range.
    pub fn from_excel_serial(serial: f64, is_1904: bool) -> Option<Date> {
        if !serial.is_finite() || !(0.0..=2_958_466.0).contains(&serial) {
            return None;
        }
        let whole = serial.floor() as i64;
        // Serial 25569 is 1970-01-01; serials below 61 precede Excel's phantom leap day.
        // In the 1904 system serial 0 is 1904-01-01, 24107 days before 1970.
        let days = if is_1904 {
            whole - 24_107
        } else if whole < 61 {
            whole - 25_568
        } else {
            whole - 25_569
        };
        Some(Date::from_days(days))
    }

    /// The date in ISO form `2024-03-31` (also accepts a trailing time `T…`).
    pub fn parse_iso(text: &str) -> Option<Date> {
        let date = text.split(['T', ' ']).next()?;
        let mut parts = date.splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Date::new(year, month, day)
    }

    pub fn month_name(self) -> &'static str {
        MONTHS[usize::from(self.month - 1)]
    }
}

/// Days in a month of the Gregorian calendar (0 for an invalid month).
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    /// UK long form, as plans write it: `31 March 2024`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.day, self.month_name(), self.year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        for days in [-800_000, -1, 0, 1, 19_000, 2_000_000] {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
        assert_eq!(Date::new(1970, 1, 1).unwrap().to_days(), 0);
        assert_eq!(Date::new(2024, 3, 31).unwrap().to_days(), 19_813);
    }

    #[test]
    fn excel_serials() {
        assert_eq!(
            Date::from_excel_serial(45382.0, false),
            Date::new(2024, 3, 31)
        );
        assert_eq!(Date::from_excel_serial(1.0, false), Date::new(1900, 1, 1));
        assert_eq!(Date::from_excel_serial(61.0, false), Date::new(1900, 3, 1));
        assert_eq!(Date::from_excel_serial(0.0, true), Date::new(1904, 1, 1));
        assert_eq!(Date::from_excel_serial(-1.0, false), None);
        assert_eq!(Date::from_excel_serial(f64::NAN, false), None);
    }

    #[test]
    fn validity_and_display() {
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2024, 13, 1).is_none());
        assert_eq!(Date::end_of_month(2024, 2).unwrap().day, 29);
        assert_eq!(Date::new(2024, 3, 31).unwrap().to_string(), "31 March 2024");
        assert_eq!(
            Date::parse_iso("2023-10-31T00:00:00"),
            Date::new(2023, 10, 31)
        );
    }
}
