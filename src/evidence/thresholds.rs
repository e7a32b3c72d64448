//! The thresholds of the cross-checks: when an indicator is adverse, when it
//! worsened. Data (`rules/evidence.yaml`, compiled in), changed per project
//! under `evidence:` in `.wreslint.yaml`.

use serde::Deserialize;

use super::facts::{Headline, What};
use super::summary::Change;

/// See `rules/evidence.yaml` for what each means.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    pub non_adverse: [f64; 2],
    pub survey_margin: f64,
    pub board_margin: f64,
    pub worsened_ratio: f64,
    pub worsened_points: f64,
}

/// The same, every key optional: what `evidence:` in a configuration sets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    pub non_adverse: Option<[f64; 2]>,
    pub survey_margin: Option<f64>,
    pub board_margin: Option<f64>,
    pub worsened_ratio: Option<f64>,
    pub worsened_points: Option<f64>,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        *builtin()
    }
}

/// The built-in thresholds.
pub fn builtin() -> &'static Thresholds {
    static BUILTIN: std::sync::LazyLock<Thresholds> = std::sync::LazyLock::new(|| {
        serde_saphyr::from_str(include_str!("../../rules/evidence.yaml"))
            .expect("rules/evidence.yaml is valid")
    });
    &BUILTIN
}

impl Thresholds {
    pub fn with(mut self, o: &Overrides) -> Thresholds {
        if let Some(v) = o.non_adverse {
            self.non_adverse = v;
        }
        if let Some(v) = o.survey_margin {
            self.survey_margin = v;
        }
        if let Some(v) = o.board_margin {
            self.board_margin = v;
        }
        if let Some(v) = o.worsened_ratio {
            self.worsened_ratio = v;
        }
        if let Some(v) = o.worsened_points {
            self.worsened_points = v;
        }
        self
    }

    /// The non-adverse range in words, for messages and reports.
    pub fn fair(&self, headline_what: Option<What>, better_higher: bool) -> String {
        match headline_what {
            Some(What::RelativeLikelihood) => {
                format!("{:.2} to {:.2}", self.non_adverse[0], self.non_adverse[1])
            }
            Some(What::Rate(_)) => format!(
                "BME at most {:.1} points {} White",
                self.survey_margin,
                if better_higher { "below" } else { "above" }
            ),
            Some(What::Points) => format!(
                "board at most {:.1} points below the workforce",
                self.board_margin
            ),
            Some(What::Share | What::BoardShare) | None => "no single range".to_owned(),
        }
    }

    /// Whether the headline figure is adverse; `None` when it cannot be
    /// judged (indicator 1: no single direction). `higher_is_better` is the
    /// survey indicator's direction (WRES 7).
    pub fn is_adverse(&self, headline: &Headline<'_>, higher_is_better: bool) -> Option<bool> {
        const EPS: f64 = 1e-9;
        match *headline {
            Headline::Ratio(f) => {
                let v = f.figure.shown;
                Some(v < self.non_adverse[0] - EPS || v > self.non_adverse[1] + EPS)
            }
            Headline::Rates { focus, reference } => Some(
                self.gap(focus.figure.shown, reference.figure.shown, higher_is_better)
                    > self.survey_margin + EPS,
            ),
            Headline::Points(f) => Some(f.figure.shown < -self.board_margin - EPS),
            Headline::Share(_) => None,
        }
    }

    /// How far the focus group is worse off, in points (negative: better off).
    pub fn gap(&self, focus: f64, reference: f64, higher_is_better: bool) -> f64 {
        if higher_is_better {
            reference - focus
        } else {
            focus - reference
        }
    }

    /// How an indicator moved between two headlines of the same kind.
    pub fn change(
        &self,
        before: &Headline<'_>,
        now: &Headline<'_>,
        higher_is_better: bool,
    ) -> Option<(Change, f64)> {
        let (distance_before, distance_now, margin) = match (*before, *now) {
            (Headline::Ratio(a), Headline::Ratio(b)) => (
                (a.figure.shown - 1.0).abs(),
                (b.figure.shown - 1.0).abs(),
                self.worsened_ratio,
            ),
            (
                Headline::Rates {
                    focus: af,
                    reference: ar,
                },
                Headline::Rates {
                    focus: bf,
                    reference: br,
                },
            ) => (
                self.gap(af.figure.shown, ar.figure.shown, higher_is_better)
                    .max(0.0),
                self.gap(bf.figure.shown, br.figure.shown, higher_is_better)
                    .max(0.0),
                self.worsened_points,
            ),
            (Headline::Points(a), Headline::Points(b)) => (
                (-a.figure.shown).max(0.0),
                (-b.figure.shown).max(0.0),
                self.worsened_points,
            ),
            _ => return None,
        };
        let moved = distance_now - distance_before;
        let change = if moved > margin + 1e-9 {
            Change::Worse
        } else if moved < -margin - 1e-9 {
            Change::Better
        } else {
            Change::Same
        };
        Some((change, moved))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_thresholds_load() {
        let t = builtin();
        assert_eq!(t.non_adverse, [0.80, 1.25]);
        assert!(t.survey_margin > 0.0);
    }

    #[test]
    fn overrides_replace_only_what_they_set() {
        let t = builtin().with(&Overrides {
            survey_margin: Some(5.0),
            ..Overrides::default()
        });
        assert_eq!(t.survey_margin, 5.0);
        assert_eq!(t.non_adverse, builtin().non_adverse);
    }
}
