//! How items waiting in a block become its actions: the items under a
//! block's title once its fields follow, the one sentence under each of a
//! sheet's dated numbered titles, and an item that a field of its own
//! follows ("- Measure : …" under "- Strengthen career pathways …").

use crate::knowledge::{normalise, Concept};
use crate::workbook::Cell;

use super::{Action, Field, Reader};

impl Reader<'_> {
    /// Unlabelled items under a block's title, followed by the block's
    /// fields ("Timescale", "Leads"): they were its actions.
    pub(super) fn adopt_pending(&mut self) {
        if self.pending.is_empty() || self.actions.len() > self.block_start {
            return;
        }
        if let Some(title) = self.title.clone() {
            let col = self.pending[0].cell().col;
            self.note_label(Concept::Action, &title, col);
        }
        for item in std::mem::take(&mut self.pending) {
            self.start_action(item);
        }
        self.field_block = false;
    }

    /// A sheet of numbered titles ("Objective 1" … "Objective 4"), each
    /// over one sentence and nothing else, most of the sentences dated ("by
    /// 2016", "in 2012/13"): the sentences are the plan's actions, the way a
    /// list announced by "Our objectives are:" would be. Undated ones
    /// ("Priority 1" over an aim) are a key or a vision, not a plan.
    pub(super) fn adopt_titled(&mut self) {
        let titled = std::mem::take(&mut self.titled);
        let stem = |cell: &Cell| {
            let words = normalise(&cell.text());
            words.rsplit_once(' ').map(|(stem, _)| stem.to_owned())
        };
        let Some(first) = titled.first() else {
            return;
        };
        let same_stem = titled
            .iter()
            .all(|(title, _)| stem(title).is_some() && stem(title) == stem(&first.0));
        let no_period = crate::timeline::Context { period: None };
        let dated = titled
            .iter()
            .filter(|(_, item)| {
                crate::model::timelines::expressions(item, &no_period)
                    .iter()
                    .any(crate::model::timelines::names_date)
            })
            .count();
        if titled.len() < 2 || !same_stem || 2 * dated < titled.len() {
            return;
        }
        let label = first.0.clone();
        self.note_label(Concept::Action, &label, label.col);
        self.announced = true;
        self.announcing_rows.push(label.row);
        for (_, item) in titled {
            self.announced_rows.push(item.cell().row);
            self.actions.push(Action::with_text(item));
        }
        self.block_start = self.actions.len();
    }

    /// A field on a marked line under an item ("- Measure : …"): the item's
    /// own, as a nested bullet is. An item with a measure of its own is a
    /// step someone takes, so the items waiting under the block's title
    /// become its actions (adopted as the block's fields would adopt them),
    /// and the field goes to the last of them alone, not to the block.
    pub(super) fn item_field(&mut self, concept: Concept, label: &Cell, value: Field) {
        if !self.pending.is_empty() {
            if self.actions.len() == self.block_start {
                if let Some(title) = self.title.clone() {
                    let col = self.pending[0].cell().col;
                    self.note_label(Concept::Action, &title, col);
                }
            }
            for item in std::mem::take(&mut self.pending) {
                self.start_action(item);
            }
        }
        self.note_label(concept, label, value.cell().col);
        let in_block = self.actions.len() > self.block_start;
        let was = std::mem::replace(&mut self.field_block, in_block);
        self.set(concept, &value);
        self.field_block = was;
    }
}
