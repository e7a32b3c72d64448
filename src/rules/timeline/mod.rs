pub mod action_missing_deadline;

use crate::model::{Action, Field};
use crate::timeline::{self, TimeExpr};

/// Where an action's timeline is read from, in order of preference: the date
/// column, the shared KPI-and-timeline column (or a measure column), then the
/// action text and its details. The first source that holds any time
/// expression other than a historical one is the action's timeline.
pub(crate) fn timeline_sources(action: &Action) -> Vec<&Field> {
    action
        .deadline
        .iter()
        .chain(action.kpi.iter())
        .chain(std::iter::once(&action.text))
        .chain(action.details.iter())
        .collect()
}

/// The time expressions of a field: its date-typed cells, then its text.
pub(crate) fn expressions(field: &Field, cx: &timeline::Context) -> Vec<TimeExpr> {
    let mut exprs: Vec<TimeExpr> = field
        .dates
        .iter()
        .map(|d| timeline::from_date_cell(*d))
        .collect();
    if field.dates.is_empty() {
        exprs.extend(timeline::parse(&field.text, cx));
    }
    exprs
}

/// Whether an expression says anything about when the action happens (a
/// historical or reference date does not).
pub(crate) fn is_timing(expr: &TimeExpr) -> bool {
    expr.class != timeline::TimeClass::Historical
}
