//! Relative likelihoods in summary tables (no counts), checked against the
//! two groups' rates printed beside them. The rates are rounded, so the
//! stated ratio is accepted anywhere between the ratios their rounding
//! allows, widened by half a unit of its own last place.

use crate::knowledge::{Group, Knowledge, MeasureKind, Ratio};
use crate::model::data::{Figure, SummaryTable};
use crate::model::Model;

/// What a stated ratio is, against its rates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Judged {
    Agrees,
    /// It matches the reciprocal: the ratio the other way round.
    Reversed,
    Differs,
}

pub(crate) struct SummaryRatio<'a> {
    pub table: &'a SummaryTable,
    pub stated: &'a Figure,
    pub reference: &'a Figure,
    pub focus: &'a Figure,
    /// The ratio of the rates as printed, in the standard's direction.
    pub expected: f64,
    pub judged: Judged,
    /// "White ÷ BME".
    pub direction: String,
}

/// The range of `num / den` given each was rounded to its shown places.
fn ratio_range(num: &Figure, den: &Figure) -> Option<(f64, f64)> {
    let half = |f: &Figure| f.unit() / 2.0;
    let (n_lo, n_hi) = (num.shown - half(num), num.shown + half(num));
    let (d_lo, d_hi) = (den.shown - half(den), den.shown + half(den));
    (d_lo > 0.0 && n_lo >= 0.0).then(|| (n_lo / d_hi, n_hi / d_lo))
}

fn within(stated: &Figure, (lo, hi): (f64, f64)) -> bool {
    let slack = stated.unit() / 2.0 + 1e-9;
    stated.shown >= lo - slack && stated.shown <= hi + slack
}

/// Every stated relative likelihood of a summary table whose two groups'
/// rates are printed, judged against them.
pub(crate) fn summary_ratios<'a>(
    model: &'a Model,
    knowledge: &'a Knowledge,
) -> Vec<SummaryRatio<'a>> {
    let mut out = Vec::new();
    for table in &model.summaries {
        let Some(measure) = knowledge.measure(table.indicator) else {
            continue;
        };
        if measure.kind != MeasureKind::RelativeLikelihood {
            continue;
        }
        let (Some(reference), Some(focus)) =
            (table.rate_of(Group::Reference), table.rate_of(Group::Focus))
        else {
            continue;
        };
        let (num, den, groups) = match measure.ratio {
            Some(Ratio::FocusOverReference) => (focus, reference, (Group::Focus, Group::Reference)),
            _ => (reference, focus, (Group::Reference, Group::Focus)),
        };
        let direction = format!(
            "{} ÷ {}",
            knowledge.group_label(groups.0),
            knowledge.group_label(groups.1)
        );
        let Some(range) = ratio_range(num, den) else {
            continue;
        };
        let reversed = ratio_range(den, num);
        for stated in table
            .figures
            .iter()
            .filter(|f| f.group.is_none() && !f.figure.percent)
            .map(|f| &f.figure)
        {
            let judged = if within(stated, range) {
                Judged::Agrees
            } else if reversed.is_some_and(|r| within(stated, r)) {
                Judged::Reversed
            } else {
                Judged::Differs
            };
            out.push(SummaryRatio {
                table,
                stated,
                reference,
                focus,
                expected: num.shown / den.shown,
                judged,
                direction: direction.clone(),
            });
        }
    }
    out
}
