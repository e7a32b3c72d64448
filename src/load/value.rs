//! calamine's cell values, normalised across formats: whole numbers from xls
//! are numbers, Excel and ISO dates are dates, durations are numbers (days).

use calamine::{Data, DataRef, ExcelDateTime};

use crate::date::Date;
use crate::workbook::Value;

/// A value read from a borrowing (streaming) xlsx/xlsb reader.
pub(crate) fn from_data_ref(data: DataRef<'_>, is_1904: bool) -> Value {
    match data {
        DataRef::Empty => Value::Empty,
        DataRef::String(text) => Value::Text(text.into()),
        DataRef::SharedString(text) => Value::Text(text.into()),
        DataRef::Float(n) => Value::Number(n),
        DataRef::Int(n) => Value::Number(n as f64),
        DataRef::Bool(b) => Value::Bool(b),
        DataRef::DateTime(dt) => excel_date(dt, is_1904),
        DataRef::DateTimeIso(text) => iso_date(text),
        DataRef::DurationIso(text) => iso_duration(text),
        DataRef::Error(e) => Value::Error(e.to_string().into()),
    }
}

/// A value taken out of a dense xls/ods range.
pub(crate) fn from_data(data: Data, is_1904: bool) -> Value {
    match data {
        Data::Empty => Value::Empty,
        Data::String(text) => Value::Text(text.into()),
        Data::Float(n) => Value::Number(n),
        Data::Int(n) => Value::Number(n as f64),
        Data::Bool(b) => Value::Bool(b),
        Data::DateTime(dt) => excel_date(dt, is_1904),
        Data::DateTimeIso(text) => iso_date(text),
        Data::DurationIso(text) => iso_duration(text),
        Data::Error(e) => Value::Error(e.to_string().into()),
    }
}

/// A date-formatted serial is a date when it names a day Excel can show;
/// durations, times of day (serial below 1) and out-of-range serials stay
/// numbers so nothing is lost.
fn excel_date(dt: ExcelDateTime, is_1904: bool) -> Value {
    let serial = dt.as_f64();
    if dt.is_duration() || serial < 1.0 {
        return Value::Number(serial);
    }
    Date::from_excel_serial(serial, is_1904).map_or(Value::Number(serial), Value::Date)
}

/// ods dates and xlsx `t="d"` cells: `2024-03-31` or `2024-03-31T10:00:00`.
fn iso_date(text: String) -> Value {
    Date::parse_iso(&text).map_or_else(|| Value::Text(text.into()), Value::Date)
}

/// ods times and durations, `PT10H30M00S` or `-P1DT2H`, as days (Excel's
/// unit for times); anything else (years, months) stays text.
fn iso_duration(text: String) -> Value {
    parse_iso_duration(&text).map_or_else(|| Value::Text(text.into()), Value::Number)
}

fn parse_iso_duration(text: &str) -> Option<f64> {
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, text),
    };
    let rest = rest.strip_prefix('P')?;
    let (date_part, time_part) = rest.split_once('T').unwrap_or((rest, ""));
    let mut days = 0.0;
    for (amount, unit) in designators(date_part)? {
        match unit {
            'D' => days += amount,
            'W' => days += amount * 7.0,
            _ => return None,
        }
    }
    for (amount, unit) in designators(time_part)? {
        days += match unit {
            'H' => amount / 24.0,
            'M' => amount / 1440.0,
            'S' => amount / 86_400.0,
            _ => return None,
        };
    }
    Some(sign * days)
}

/// `12H30M` → `[(12, 'H'), (30, 'M')]`; `None` if malformed.
fn designators(part: &str) -> Option<Vec<(f64, char)>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (at, c) in part.char_indices() {
        if c.is_ascii_alphabetic() {
            out.push((part[start..at].parse().ok()?, c));
            start = at + 1;
        }
    }
    (start == part.len()).then_some(out)
}

#[cfg(test)]
mod tests {
    use calamine::{CellErrorType, ExcelDateTimeType};

    use super::*;

    #[test]
    fn numbers_and_errors() {
        assert_eq!(from_data(Data::Int(7), false), Value::Number(7.0));
        assert_eq!(
            from_data(Data::Error(CellErrorType::Div0), false),
            Value::Error("#DIV/0!".into())
        );
        assert_eq!(
            from_data_ref(DataRef::SharedString("a"), false),
            Value::Text("a".into())
        );
    }

    #[test]
    fn dates_respect_the_epoch_and_range() {
        let dt = |v| ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false);
        assert_eq!(
            from_data(Data::DateTime(dt(45382.0)), false),
            Value::Date(Date {
                year: 2024,
                month: 3,
                day: 31
            })
        );
        assert_eq!(from_data(Data::DateTime(dt(0.0)), true), Value::Number(0.0));
        assert_eq!(
            from_data(Data::DateTime(dt(1.0)), true),
            Value::Date(Date {
                year: 1904,
                month: 1,
                day: 2
            })
        );
        assert_eq!(
            from_data(Data::DateTime(dt(0.5)), false),
            Value::Number(0.5)
        );
        assert_eq!(
            from_data(Data::DateTime(dt(3e6)), false),
            Value::Number(3e6)
        );
        let span = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(from_data(Data::DateTime(span), false), Value::Number(1.5));
    }

    #[test]
    fn iso_strings() {
        let iso = |s: &str| from_data(Data::DateTimeIso(s.into()), false);
        assert_eq!(
            iso("2023-10-31T00:00:00"),
            Value::Date(Date {
                year: 2023,
                month: 10,
                day: 31
            })
        );
        assert_eq!(iso("31/10/2023"), Value::Text("31/10/2023".into()));
        let dur = |s: &str| from_data(Data::DurationIso(s.into()), false);
        assert_eq!(dur("PT12H00M00S"), Value::Number(0.5));
        assert_eq!(dur("-P1DT6H"), Value::Number(-1.25));
        assert_eq!(dur("P1Y"), Value::Text("P1Y".into()));
        assert_eq!(dur("PT1H30"), Value::Text("PT1H30".into()));
    }
}
