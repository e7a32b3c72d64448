//! What a configuration declares about a template's layout (`layout:` in
//! `.wreslint.yaml`), for when the reading cannot know it: the header row
//! of a sheet, the role of a heading wreslint does not recognise, a
//! sheet's own plan period. The model takes it as given, and `inspect` says
//! so ("configuration (layout:)").

use crate::knowledge::{normalise, Concept};
use crate::timeline::PlanPeriod;

/// Every `layout:` entry, in the order written; the first whose sheet
/// pattern matches a sheet decides for it.
#[derive(Clone, Debug, Default)]
pub struct Declared {
    pub sheets: Vec<SheetLayout>,
}

#[derive(Clone, Debug)]
pub struct SheetLayout {
    /// Matches sheet names (a glob: `*`, `?`, `[…]`; case ignored).
    pub sheets: globset::GlobMatcher,
    /// The header row, 0-based.
    pub header_row: Option<u32>,
    /// Normalised heading → role.
    pub columns: Vec<(String, Concept)>,
    pub plan_period: Option<PlanPeriod>,
}

impl Declared {
    /// The entry for a sheet, if any.
    pub fn for_sheet(&self, name: &str) -> Option<&SheetLayout> {
        self.sheets.iter().find(|s| s.sheets.is_match(name))
    }
}

impl SheetLayout {
    /// The role declared for a heading.
    pub fn role_of(&self, heading: &str) -> Option<Concept> {
        let heading = normalise(heading);
        self.columns
            .iter()
            .find(|(h, _)| *h == heading)
            .map(|(_, c)| *c)
    }
}
