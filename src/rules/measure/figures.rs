//! The figures of an action's measure: its baseline and targets, from the
//! plan's baseline and target columns, or from "from X to Y" in its KPI text;
//! and which indicator's figure the measure is.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::knowledge::{Better, MeasureKind};
use crate::lex::Lexer;
use crate::location::CellRef;
use crate::model::data::{numbers_in_text, read, Reading, TextNumber};
use crate::model::{Action, Field};
use crate::rules::Context;

/// A baseline or target as the plan states it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Stated {
    pub cell: CellRef,
    /// The number as shown (28.4 for "28.4%").
    pub shown: f64,
    pub decimals: u8,
    pub percent: bool,
    /// The span of the number in the cell's text, when read from text.
    pub span: Option<Range<usize>>,
}

impl Stated {
    /// The number as a plain value: a fraction for a percentage.
    pub fn value(&self) -> f64 {
        if self.percent {
            self.shown / 100.0
        } else {
            self.shown
        }
    }

    pub fn display(&self) -> String {
        let mut text = crate::model::data::fmt_decimal(self.shown, self.decimals);
        if self.percent {
            text.push('%');
        }
        text
    }
}

/// An action's measure figures.
#[derive(Clone, Debug)]
pub(crate) struct MeasureFigures {
    pub baseline: Option<Stated>,
    pub targets: Vec<Stated>,
    /// Read from "from X to Y" in the KPI text rather than from columns.
    pub from_text: bool,
}

/// The figure a field states: a number cell (its format decides the unit),
/// or the first number in its text.
pub(crate) fn field_figure(cx: &Context<'_>, field: &Field) -> Option<Stated> {
    for part in &field.parts {
        if let Reading::Figure(f) = read(part.cell.clone(), cx.workbook.cell(&part.cell)) {
            return Some(Stated {
                cell: f.cell,
                shown: f.shown,
                decimals: f.decimals,
                percent: f.percent,
                span: None,
            });
        }
    }
    let number = numbers_in_text(&field.text).into_iter().next()?;
    Some(from_text(field, &number))
}

fn from_text(field: &Field, number: &TextNumber) -> Stated {
    let (cell, span) = field.locate(number.span.clone());
    Stated {
        cell,
        shown: number.shown,
        decimals: number.decimals,
        percent: number.percent,
        span: Some(span),
    }
}

/// "from 1.55 to 1.25", "down from 27.5% to 25.0%", "from -10.5 to -6.0
/// percentage points": the pairs in a KPI text.
pub(crate) fn pairs_in_text(field: &Field) -> Vec<(Stated, Stated)> {
    static FROM_TO: OnceLock<Regex> = OnceLock::new();
    let re = FROM_TO.get_or_init(|| {
        Regex::new(
            r"(?i)\bfrom\s+(?:an?\s+|the\s+)?(?:baseline\s+of\s+)?(?P<from>[-+−–]?\d[\d,]*(?:\.\d+)?\s*%?)\s+(?:to|down\s+to|up\s+to)\s+(?:at\s+least\s+|at\s+most\s+|below\s+|under\s+|above\s+|over\s+)?(?P<to>[-+−–]?\d[\d,]*(?:\.\d+)?(?:\s*(?:%|pp\b|percentage\s+points?\b))?)",
        )
        .expect("a valid pattern")
    });
    let mut pairs = Vec::new();
    for captures in re.captures_iter(&field.text) {
        let (Some(from), Some(to)) = (captures.name("from"), captures.name("to")) else {
            continue;
        };
        let read = |m: regex::Match<'_>| {
            numbers_in_text(&field.text[m.start()..])
                .into_iter()
                .next()
                .filter(|n| n.span.start == 0)
                .map(|mut n| {
                    n.span = m.start() + n.span.start..m.start() + n.span.end;
                    n
                })
        };
        if let (Some(a), Some(b)) = (read(from), read(to)) {
            pairs.push((from_text(field, &a), from_text(field, &b)));
        }
    }
    pairs
}

/// The baseline and targets of an action: its columns when the plan has
/// them and they hold figures, else the first "from X to Y" of its KPI.
pub(crate) fn measure_figures(cx: &Context<'_>, action: &Action) -> MeasureFigures {
    let baseline = action.baseline.as_ref().and_then(|f| field_figure(cx, f));
    let targets: Vec<Stated> = action
        .targets
        .iter()
        .filter_map(|f| field_figure(cx, f))
        .collect();
    if baseline.is_some() || !targets.is_empty() {
        return MeasureFigures {
            baseline,
            targets,
            from_text: false,
        };
    }
    let pair = action
        .kpi
        .as_ref()
        .and_then(|kpi| pairs_in_text(kpi).into_iter().next());
    match pair {
        Some((from, to)) => MeasureFigures {
            baseline: Some(from),
            targets: vec![to],
            from_text: true,
        },
        None => MeasureFigures {
            baseline: None,
            targets: Vec::new(),
            from_text: false,
        },
    }
}

/// The indicator figure an action's KPI measures, and which way it should
/// go: an indicator the action links to whose measure words the KPI text
/// uses (or, unlinked, the only indicator whose words it uses). `None` when
/// the KPI measures something else or the candidates disagree.
pub(crate) fn measured_indicator(
    action: &Action,
    lexer: &Lexer,
) -> Option<(u8, MeasureKind, Better)> {
    let knowledge = lexer.knowledge();
    let named = lexer
        .lex(&action.kpi.as_ref()?.text)
        .measures_named(knowledge);
    let linked: Vec<u8> = if action.links.is_linked() {
        named
            .iter()
            .copied()
            .filter(|n| action.links.covers(*n))
            .collect()
    } else {
        named
    };
    let mut found: Option<(u8, MeasureKind, Better)> = None;
    for number in linked {
        let measure = knowledge.measure(number)?;
        match found {
            None => found = Some((number, measure.kind, measure.better)),
            Some((_, kind, better)) if kind == measure.kind && better == measure.better => {}
            Some(_) => return None,
        }
    }
    found
}

/// The KPI speaks of a relative likelihood.
pub(crate) fn is_relative_likelihood(text: &str, lexer: &Lexer) -> bool {
    lexer.lex(text).names_relative_likelihood()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn field(text: &str) -> Field {
        let sheet: Arc<str> = Arc::from("P");
        let cell = crate::workbook::Cell::new(0, 3, crate::workbook::Value::Text(text.into()));
        Field::from_cell(CellRef::new(&sheet, 0, 3), Some(&cell))
    }

    #[test]
    fn from_to_pairs_in_kpi_text() {
        let show = |text: &str| -> Vec<String> {
            pairs_in_text(&field(text))
                .iter()
                .map(|(a, b)| format!("{} → {}", a.display(), b.display()))
                .collect()
        };
        assert_eq!(show("RL down from 1.38 to 1.20 by March"), ["1.38 → 1.20"]);
        assert_eq!(
            show("from patients down from 27.5% to 25.0%, and from colleagues down from 25.8% to 23.0%"),
            ["27.5% → 25.0%", "25.8% → 23.0%"]
        );
        assert_eq!(
            show("narrowed from -10.5 to -6.0 percentage points"),
            ["−10.5 → −6.0"]
        );
        assert_eq!(
            show("Raise the share from 91.7% to at least 95%"),
            ["91.7% → 95%"]
        );
        assert!(show("from April 2024 to March 2025").is_empty());
    }
}
