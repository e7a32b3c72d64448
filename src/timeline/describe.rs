//! One sentence per expression saying how it was read, for diagnostics:
//! "read `by March` as 31 March 2024 from the plan period 2023/24".

use crate::date::Date;

use super::resolve::fy_of;
use super::{fy_label, Context, CueKind, Issue, TimeClass, TimeExpr};

pub(super) fn describe(expr: &TimeExpr, text: &str, ctx: &Context) -> String {
    let quoted = format!("`{}`", quote(expr, text));
    let sentence = match expr.issue {
        Some(issue) => describe_issue(expr, issue, &quoted, text, ctx),
        None => describe_class(expr, &quoted, text),
    };
    match expr.cue.as_ref().filter(|c| c.kind == CueKind::Hedge) {
        Some(cue) => format!(
            "{sentence}; hedged by `{}`",
            text.get(cue.span.clone()).unwrap_or("")
        ),
        None => sentence,
    }
}

/// The expression's text, with a cue word that leads into it (`by March`).
fn quote<'t>(expr: &TimeExpr, text: &'t str) -> &'t str {
    if expr.span.is_empty() {
        return "(date cell)";
    }
    let leads_in = expr.cue.as_ref().filter(|c| {
        matches!(c.kind, CueKind::Deadline | CueKind::During | CueKind::From)
            && c.span.end <= expr.span.start
    });
    let start = leads_in.map_or(expr.span.start, |c| c.span.start);
    text.get(start..expr.span.end).unwrap_or("")
}

fn describe_class(expr: &TimeExpr, quoted: &str, text: &str) -> String {
    match expr.class {
        TimeClass::Recurring => format!("{quoted} is recurring and sets no completion date"),
        TimeClass::OpenEnded => match expr.start {
            Some(start) => {
                format!("{quoted} is open-ended from {start} and sets no completion date")
            }
            None => format!("{quoted} is open-ended and sets no completion date"),
        },
        TimeClass::Historical => describe_history(expr, quoted, text),
        TimeClass::YearSpan => match (expr.start, expr.due) {
            (Some(start), Some(due)) if due.year == start.year + 1 => {
                format!("{quoted} is the financial year {start} – {due}")
            }
            (Some(start), Some(due)) => {
                format!("{quoted} spans the financial years {start} – {due}")
            }
            _ => format!("{quoted} is a financial year"),
        },
        _ => format!("{quoted} is {}", reading(expr)),
    }
}

fn describe_history(expr: &TimeExpr, quoted: &str, text: &str) -> String {
    let cue = expr.cue.as_ref();
    let word = cue.and_then(|c| text.get(c.span.clone())).unwrap_or("");
    match cue.map(|c| c.kind) {
        Some(CueKind::Reference) => {
            format!("{quoted} names a data set or document (`{word}`), not a deadline")
        }
        Some(_) => format!("{quoted} follows `{word}`: a past date, not a deadline"),
        None => format!("{quoted} is a past date, not a deadline"),
    }
}

fn describe_issue(
    expr: &TimeExpr,
    issue: Issue,
    quoted: &str,
    text: &str,
    ctx: &Context,
) -> String {
    let period = ctx.period.map(|p| p.label()).unwrap_or_default();
    let history =
        || (expr.class == TimeClass::Historical).then(|| describe_history(expr, quoted, text));
    match issue {
        Issue::MissingYear {
            assumed_from_period: true,
        }
        | Issue::DayMonthNoYear {
            assumed_from_period: true,
        } => match single_day_or_month(expr) {
            Some(due) => format!("read {quoted} as {due} from the plan period {period}"),
            None => format!(
                "read {quoted} from the plan period {period} as {}",
                reading(expr)
            ),
        },
        Issue::MissingYear {
            assumed_from_period: false,
        }
        | Issue::DayMonthNoYear {
            assumed_from_period: false,
        } => {
            format!("{quoted} has no year, and no plan period is known to supply one")
        }
        Issue::ThreeDigitYear => match expr.due {
            Some(_) => format!("{quoted} has a 3-digit year; read as {}", reading(expr)),
            None => format!("{quoted} has a 3-digit year that cannot be read"),
        },
        Issue::TwoDigitYearMonth => {
            let day = expr
                .text(text)
                .rsplit(|c: char| !c.is_ascii_digit())
                .next()
                .unwrap_or("");
            let month = expr.due.map(|d| d.month_name()).unwrap_or("");
            format!(
                "read {quoted} as {}; it could also mean {day} {month}",
                reading(expr)
            )
        }
        Issue::YearOnly => history().unwrap_or_else(|| {
            let due = expr.due.map(|d| d.to_string()).unwrap_or_default();
            format!("{quoted} names only a year; read as due {due}")
        }),
        Issue::InvalidDate => format!("{quoted} is not a date in the calendar"),
        Issue::ReversedRange => format!("{quoted} ends before it starts"),
        Issue::CalendarYearQuarter => {
            let fy = expr.start.map(|s| fy_label(fy_of(s))).unwrap_or_default();
            format!(
                "{quoted} gives a calendar year, not a financial year: read in {fy} as {}",
                reading(expr)
            )
        }
    }
}

/// The due date of an expression covering one day or one month.
fn single_day_or_month(expr: &TimeExpr) -> Option<Date> {
    let (start, due) = expr.start.zip(expr.due)?;
    ((start.year, start.month) == (due.year, due.month)).then_some(due)
}

/// The dates an expression covers, in words: "31 March 2024", "January –
/// March 2024, due 31 March 2024".
fn reading(expr: &TimeExpr) -> String {
    match (expr.start, expr.due) {
        (Some(start), Some(due)) if start == due => due.to_string(),
        (Some(start), Some(due))
            if expr.class != TimeClass::FullDate && is_whole_months(start, due) =>
        {
            if (start.year, start.month) == (due.year, due.month) {
                format!("{} {} (due {due})", due.month_name(), due.year)
            } else {
                format!("{}, due {due}", month_span(start, due))
            }
        }
        (Some(start), Some(due)) => format!("{start} – {due}"),
        (None, Some(due)) => due.to_string(),
        (Some(start), None) => format!("from {start}"),
        (None, None) => "no date".to_owned(),
    }
}

fn is_whole_months(start: Date, due: Date) -> bool {
    start.day == 1 && Date::end_of_month(due.year, due.month) == Some(due)
}

/// "January – March 2024", "October 2023 – March 2024".
fn month_span(start: Date, due: Date) -> String {
    if start.year == due.year {
        format!("{} – {} {}", start.month_name(), due.month_name(), due.year)
    } else {
        format!(
            "{} {} – {} {}",
            start.month_name(),
            start.year,
            due.month_name(),
            due.year
        )
    }
}
