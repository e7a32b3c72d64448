//! Fuzz the timeline parser: any UTF-8 text, with or without a plan period,
//! parses without panicking into ordered, non-overlapping spans on char
//! boundaries, and every expression can be described.
//!
//! Run with `cargo fuzz run timeline_parser` from the crate root.

#![no_main]

use libfuzzer_sys::fuzz_target;
use wreslint::timeline::{find_period, parse, Context, PlanPeriod};

fuzz_target!(|input: (u8, &str)| {
    let (choice, text) = input;
    // One byte picks the plan period: none, one financial year, or two.
    let start_year = 1990 + i32::from(choice % 110);
    let period = match choice % 3 {
        0 => None,
        1 => Some(PlanPeriod::financial_year(start_year)),
        _ => PlanPeriod::financial_years(start_year, start_year + 2),
    };
    let ctx = Context { period };

    let mut end = 0;
    for expr in parse(text, &ctx) {
        assert!(expr.span.start >= end, "spans overlap or are out of order");
        assert!(expr.span.start < expr.span.end, "empty span");
        assert!(text.get(expr.span.clone()).is_some(), "span off a char boundary");
        if let Some(cue) = &expr.cue {
            assert!(text.get(cue.span.clone()).is_some(), "cue off a char boundary");
        }
        if let (Some(start), Some(due)) = (expr.start, expr.due) {
            assert!(start <= due, "range ends before it starts");
        }
        let _ = expr.describe(text, &ctx);
        end = expr.span.end;
    }
    if let Some((_, span)) = find_period(text) {
        assert!(text.get(span).is_some(), "period span off a char boundary");
    }
});
