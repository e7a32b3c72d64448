//! The evidence family: a plan against the data it answers, and a year
//! against the last. These rules see [`crate::evidence::Context`] (the
//! facts of the linted workbook and of the workbooks paired with it); their
//! per-workbook `check` finds nothing.

pub mod adverse_indicator_without_action;
pub mod figure_restated;
pub mod indicator_worsened_without_action;
pub mod pairing_not_found;
pub mod quoted_figure_mismatch;
pub mod target_already_met;
pub mod target_away_from_parity;
pub mod unfinished_action_dropped;

use crate::evidence::{Context, DataFigure, Quoted, What};
use crate::model::data::{judge, Verdict};

/// Whether a quoted figure and a data figure agree at the precision
/// printed: the coarser of the two, tolerating half a unit there.
pub(crate) fn agrees(quoted: &Quoted, data: &DataFigure) -> bool {
    same_as_printed(
        (quoted.shown, quoted.decimals),
        (data.figure.shown, data.figure.decimals),
    )
}

/// Two printed numbers (value, decimals) agree at the coarser precision:
/// the coarser judged against the finer as the data's own rounding rule
/// judges a stated figure ([`judge`]).
pub(crate) fn same_as_printed(a: (f64, u8), b: (f64, u8)) -> bool {
    let (coarse, fine) = if a.1 <= b.1 { (a, b) } else { (b, a) };
    judge(coarse.0, coarse.1, fine.0) == Verdict::Agrees
}

/// The data figures a quoted figure is to be compared with: the same
/// indicator and measure, of the year it names (or of every year when it
/// names none).
pub(crate) fn candidates<'a>(cx: &'a Context<'_>, quoted: &'a Quoted) -> Vec<&'a DataFigure> {
    let Some(data) = cx.data else {
        return Vec::new();
    };
    data.facts
        .figures_of(quoted.indicator, quoted.what)
        .filter(|f| match quoted.year {
            // A quote with no year is of the plan's year: compared only with
            // the data's own figure (not a trend row's, whose year may be
            // counted another way: "31 March 2021" in a 2020/21 report) of
            // that year, or when either year is unknown.
            None => {
                !f.trend
                    && match (f.year.or(data.facts.year), cx.this.year) {
                        (Some(a), Some(b)) => a == b,
                        _ => true,
                    }
            }
            Some(year) => f.year.or(data.facts.year) == Some(year),
        })
        .collect()
}

/// What a target of the plan is, against the data's current figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TargetVerdict {
    /// The data are already at the target or better.
    AlreadyMet,
    /// A relative likelihood target outside the non-adverse range and
    /// further from 1.00 than today's: reaching it would widen the gap.
    AwayFromParity,
}

/// Every target the plan sets that the data judge, with the verdict and
/// the data figure it was judged against.
pub(crate) fn judged_targets<'a>(
    cx: &'a Context<'_>,
) -> Vec<(&'a Quoted, TargetVerdict, &'a DataFigure)> {
    use crate::knowledge::{Better, Group};
    let Some(data) = cx.data else {
        return Vec::new();
    };
    let targets = cx
        .this
        .actions
        .iter()
        .flat_map(|a| &a.quoted)
        .chain(&cx.this.banner_quotes)
        .filter(|q| q.target);
    let mut out = Vec::new();
    for quoted in targets {
        let Some(figure) = data
            .facts
            .figures_of(quoted.indicator, quoted.what)
            .max_by_key(|f| f.year.unwrap_or(0))
        else {
            continue;
        };
        let (now, target) = (figure.figure.shown, quoted.shown);
        const EPS: f64 = 1e-9;
        let verdict = match quoted.what {
            What::RelativeLikelihood => {
                let [low, high] = cx.thresholds.non_adverse;
                let outside = target < low - EPS || target > high + EPS;
                if outside && (target - 1.0).abs() > (now - 1.0).abs() + EPS {
                    Some(TargetVerdict::AwayFromParity)
                } else if (now - 1.0).abs() <= (target - 1.0).abs() + EPS {
                    Some(TargetVerdict::AlreadyMet)
                } else {
                    None
                }
            }
            // A target for the focus group's share of the workforce raises it.
            What::Share => (now >= target - EPS).then_some(TargetVerdict::AlreadyMet),
            What::Rate(Group::Focus) => match cx.better(quoted.indicator) {
                Some(Better::Lower) => (now <= target + EPS).then_some(TargetVerdict::AlreadyMet),
                Some(Better::Higher) => (now >= target - EPS).then_some(TargetVerdict::AlreadyMet),
                _ => None,
            },
            _ => None,
        };
        if let Some(verdict) = verdict {
            out.push((quoted, verdict, figure));
        }
    }
    out
}

/// A finding on a quoted figure's words, naming the data's figure it was
/// judged against in the data workbook.
pub(crate) fn on_quote(
    data: crate::evidence::Side<'_>,
    quoted: &Quoted,
    figure: &DataFigure,
    message: String,
    help: &str,
) -> crate::diagnostic::Finding {
    crate::diagnostic::Finding::new(
        crate::location::Location::Cell(quoted.cell.clone()),
        message,
    )
    .span(quoted.span.clone())
    .help(help)
    .related(data.related(
        &figure.figure.cell,
        format!("the data give {}", figure.display()),
    ))
}

/// "relative likelihood", "BME share of the workforce", "BME rate".
pub(crate) fn what_name(what: What, cx: &Context<'_>) -> String {
    let groups = cx.knowledge.groups.as_ref();
    let label = |focus: bool| {
        groups
            .map(|g| {
                if focus {
                    g.focus.label.clone()
                } else {
                    g.reference.label.clone()
                }
            })
            .unwrap_or_else(|| if focus { "BME".into() } else { "White".into() })
    };
    match what {
        What::RelativeLikelihood => "relative likelihood".into(),
        What::Share => format!("{} share of the workforce", label(true)),
        What::Rate(crate::knowledge::Group::Reference) => format!("{} figure", label(false)),
        What::Rate(_) => format!("{} figure", label(true)),
        What::Points => "board difference".into(),
        What::BoardShare => format!("{} share of the board", label(true)),
    }
}

/// A year for messages: " (2023)" or nothing.
pub(crate) fn year_note(year: Option<u16>) -> String {
    year.map(|y| format!(" ({y})")).unwrap_or_default()
}

/// Action names compared across years: lower-case words of three letters
/// or more, and whether two names are the same action (most words shared).
pub(crate) fn same_action(a: &str, b: &str) -> bool {
    let words = |s: &str| -> std::collections::BTreeSet<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= 3)
            .map(str::to_lowercase)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let shared = a.intersection(&b).count() as f64;
    shared / (a.len().min(b.len()) as f64) >= 0.7
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_action_reworded_a_little() {
        assert!(same_action(
            "Deliver reverse mentoring for senior leaders",
            "Deliver reverse mentoring for all senior leaders (year 2)"
        ));
        assert!(!same_action(
            "Deliver reverse mentoring",
            "Review disciplinary cases"
        ));
    }
}

/// Facts made by hand for the rules' tests.
#[cfg(test)]
pub(crate) mod test_support {
    use std::sync::Arc;

    use crate::diagnostic::Finding;
    use crate::evidence::{
        ActionFacts, Context, DataFigure, Facts, Quoted, Side, Thresholds, What,
    };
    use crate::knowledge::{Group, Knowledge};
    use crate::location::CellRef;
    use crate::model::data::{Figure, Source};
    use crate::model::Links;
    use crate::rules::Rule;

    pub fn cell(sheet: &str, row: u32) -> CellRef {
        let sheet: Arc<str> = Arc::from(sheet);
        CellRef::new(&sheet, row, 1)
    }

    pub fn figure(
        indicator: u8,
        what: What,
        shown: f64,
        decimals: u8,
        year: Option<u16>,
    ) -> DataFigure {
        DataFigure {
            indicator,
            year,
            what,
            figure: Figure {
                cell: cell("Data", u32::from(indicator)),
                shown,
                decimals,
                percent: matches!(what, What::Share | What::Rate(_)),
                source: Source::Number,
            },
            computed: false,
            trend: false,
        }
    }

    pub fn rates(indicator: u8, bme: f64, white: f64, year: u16) -> [DataFigure; 2] {
        [
            figure(indicator, What::Rate(Group::Focus), bme, 1, Some(year)),
            figure(
                indicator,
                What::Rate(Group::Reference),
                white,
                1,
                Some(year),
            ),
        ]
    }

    pub fn data(year: u16, figures: Vec<DataFigure>) -> Facts {
        Facts {
            standard: "WRES".into(),
            year: Some(year),
            figures,
            ..Facts::default()
        }
    }

    pub fn action(name: &str, links: &[u8], quoted: Vec<Quoted>) -> ActionFacts {
        ActionFacts {
            cell: cell("Plan", 3),
            name: name.into(),
            links: Links {
                numbers: links.to_vec(),
                ..Links::default()
            },
            done: false,
            has_status: false,
            quoted,
        }
    }

    pub fn quote(indicator: u8, what: What, shown: f64, decimals: u8, target: bool) -> Quoted {
        Quoted {
            cell: cell("Plan", 3),
            span: 0..3,
            indicator,
            what,
            shown,
            decimals,
            year: None,
            target,
            own_page: false,
            phrase: String::new(),
        }
    }

    pub fn plan(year: u16, actions: Vec<ActionFacts>) -> Facts {
        Facts {
            standard: "WRES".into(),
            year: Some(year),
            actions,
            plan_sheet: Some(Arc::from("Plan")),
            ..Facts::default()
        }
    }

    /// Run one rule's cross-check: `this` with its data and last year's.
    pub fn run(
        rule: &dyn Rule,
        this: &Facts,
        data: Option<&Facts>,
        previous_data: Option<&Facts>,
        previous_plan: Option<&Facts>,
    ) -> Vec<Finding> {
        fn side<'a>(facts: Option<&'a Facts>, name: &'static str) -> Option<Side<'a>> {
            facts.map(|facts| Side {
                facts,
                file: Some(std::path::Path::new(name)),
            })
        }
        let thresholds = Thresholds::default();
        let cx = Context {
            this,
            data: side(data, "data.xlsx"),
            previous_data: side(previous_data, "last-data.xlsx"),
            previous_plan: side(previous_plan, "last-plan.xlsx"),
            knowledge: Knowledge::wres(),
            thresholds: &thresholds,
            unpaired: data.is_none(),
        };
        let mut out = Vec::new();
        rule.check_pair(&cx, &mut out);
        out
    }
}
