//! How items waiting in a block become its actions: the items under a
//! block's title once its fields follow, the one sentence under each of a
//! sheet's dated numbered titles, and an item that a field of its own
//! follows ("- Measure : …" under "- Strengthen career pathways …").

use crate::knowledge::{normalise, Concept};
use crate::workbook::Cell;

use super::lines::without_tag;
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

    /// Keeps a numbered title's place in a two-level numbering: a title
    /// with no text after it ("Equality objective 1 [COVID-19 and
    /// recovery]") heads what follows; one of another name with its text
    /// inline ("Target 1: To ensure …") under such a heading is one of its
    /// steps.
    pub(super) fn note_numbered_title(&mut self, cell: &Cell) {
        let text = cell.text();
        match text.split_once(':') {
            Some((label, rest)) if !rest.trim().is_empty() => {
                let Some(stem) = numbered_stem(label) else {
                    return;
                };
                if self.heading.as_ref().is_some_and(|h| *h != stem) {
                    let start = text.len() - rest.trim_start().len();
                    let at = self.sheet.cell_ref(cell.row, cell.col);
                    let inline = Field::after_label(at, cell, start);
                    self.steps.push((cell.clone(), stem, inline));
                }
            }
            _ => self.heading = numbered_stem(&text),
        }
    }

    /// The steps of a two-level numbering, on a sheet where nothing else
    /// was read as an action: under each numbered objective, its numbered
    /// targets or steps with their text inline ("Equality objective 1" over
    /// "Target 1: To ensure …", "Target 2: …") are the things to be done,
    /// as the items of a list announced by "Our targets are:" would be.
    /// Two at least, of one name: a lone "Objective 1: To tackle …" under
    /// an unnumbered heading is an objective, not a step.
    pub(super) fn adopt_steps(&mut self) {
        let steps = std::mem::take(&mut self.steps);
        let Some((first, stem, _)) = steps.first() else {
            return;
        };
        if steps.len() < 2 || steps.iter().any(|(_, s, _)| s != stem) {
            return;
        }
        let first = first.clone();
        self.note_label(Concept::Action, &first, first.col);
        self.announced = true;
        self.announcing_rows.push(first.row);
        for (_, _, inline) in steps {
            self.announced_rows.push(inline.cell().row);
            self.actions.push(Action::with_text(inline));
        }
        self.block_start = self.actions.len();
    }
}

/// A numbered title's name without its item number or a bracketed tag
/// after it: "Equality objective 1 [COVID-19 and recovery]" → "equality
/// objective", "Target 2" → "target". `None` when the number is no item's
/// ("Equality Objectives 2015 – 2017" names a period).
fn numbered_stem(title: &str) -> Option<String> {
    let words = normalise(without_tag(title));
    let (stem, number) = words.rsplit_once(' ')?;
    let item = number.len() <= 3 && number.bytes().all(|b| b.is_ascii_digit());
    item.then(|| stem.to_owned())
}
