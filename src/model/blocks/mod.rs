//! Plans written as labelled blocks down a sheet rather than as a table:
//!
//! - **Field blocks**: one action per block, its fields labelled down a
//!   column with the value beside the label (`WRES action 1` | text, `Lead` |
//!   name, `Date` | May 2020, `Progress` | …), or after a colon in the label's
//!   own cell (`Lead: HR Business Partner`).
//! - **List blocks**: a label alone on its row (`Actions`, `Strategies`,
//!   `Target criteria`, `Measures`) over a list of items, one per row; each
//!   item under an action label is an action, and the items under other
//!   labels belong to every action of the block.
//!
//! A block ends at a banner naming an indicator ("Indicator 3: Disciplinary",
//! which links the actions below it), at a numbered title that is not an
//! action ("Objective 2:"), or at the next numbered action label. Sheets that
//! hold an action table are read as tables; this reader only sees the others.

use crate::knowledge::{layout, normalise, Concept, Knowledge};
use crate::location::CellRef;
use crate::workbook::{Cell, Sheet};

use super::actions::{Action, ActionTable, Banner};
use super::columns::RoleSource;
use super::field::Field;
use super::header::{Column, Header};
use super::links::{banner_links, parse_link_cell, Links};

mod adopt;
mod lines;
mod shapes;

use lines::{
    classify, fields_in_cell, is_marked, is_paragraph, is_short_name, label_row, Line, Marker,
};

/// Fields shared by every action of a block (a list of measures under the
/// actions, a baseline above them).
#[derive(Default)]
struct Shared {
    owner: Option<Field>,
    kpi: Option<Field>,
    deadline: Option<Field>,
    baseline: Option<Field>,
    targets: Vec<Field>,
    status: Option<Field>,
    /// The block's own link ("WDES Metric: | 8" under its actions).
    indicator: Option<Field>,
}

fn append(slot: &mut Option<Field>, value: &Field) {
    match slot {
        Some(field) => field.append(value),
        None => *slot = Some(value.clone()),
    }
}

struct Reader<'a> {
    sheet: &'a Sheet,
    actions: Vec<Action>,
    /// Where the actions of the current block start in `actions`.
    block_start: usize,
    shared: Shared,
    /// The current action was started by a numbered or inline action label:
    /// fields below belong to it alone.
    field_block: bool,
    list: Option<Option<Concept>>,
    /// Items under a block's title with no label over them yet.
    pending: Vec<Field>,
    /// The current block's title cell ("Workstream 1: …").
    title: Option<Cell>,
    banner: Option<Field>,
    banners: Vec<Banner>,
    /// The first cell labelling each concept, for the table's header.
    labels: Vec<(Concept, CellRef, String, u32)>,
    /// A sentence announced a list of actions.
    announced: bool,
    /// The list being read was announced by a sentence.
    in_announced: bool,
    /// The list being read opened with a marked item ("- …", "1. …"): a
    /// row without a mark after it is no longer an item of it.
    marked_list: Option<bool>,
    /// Whether the announced list being read started with a short name.
    short_names: Option<bool>,
    /// The colon-ended sentence over the list being read, when it names no
    /// concept ("Our priority areas in the South East:").
    sentence: Option<Cell>,
    /// Rows of the actions listed under an announcing sentence, and of the
    /// sentences.
    announced_rows: Vec<u32>,
    announcing_rows: Vec<u32>,
    /// An item was read since the last colon-ended sentence.
    item_under_sentence: bool,
    /// The list of actions was started by a commitment under a sentence
    /// that named none: how its first item was marked.
    committed: Option<Marker>,
    /// Numbered titles with one sentence right under them and nothing else
    /// in their block ("Objective 3" over "We will act on the staff survey
    /// … by 2016"): the title, and the sentence.
    titled: Vec<(Cell, Field)>,
    /// The stem of the last numbered heading ("equality objective"), and
    /// the numbered lines of another stem under such headings, each with
    /// its text inline ("Target 1: To ensure …"): see `adopt_steps`.
    heading: Option<String>,
    steps: Vec<(Cell, String, Field)>,
}

impl Reader<'_> {
    fn end_block(&mut self) {
        // The sentence right under the title; a note after it (the page's
        // closing line after the last objective) is no part of it.
        if let (Some(title), [item, ..]) = (&self.title, self.pending.as_slice()) {
            if self.actions.len() == self.block_start && item.cell().row == title.row + 1 {
                self.titled.push((title.clone(), item.clone()));
            }
        }
        let mut shared = std::mem::take(&mut self.shared);
        for field in [
            &mut shared.owner,
            &mut shared.kpi,
            &mut shared.deadline,
            &mut shared.baseline,
            &mut shared.status,
            &mut shared.indicator,
        ]
        .into_iter()
        .flatten()
        .chain(shared.targets.iter_mut())
        {
            field.inherited = true;
        }
        for action in &mut self.actions[self.block_start..] {
            if action.owner.is_none() {
                action.owner = shared.owner.clone();
            }
            if action.kpi.is_none() {
                action.kpi = shared.kpi.clone();
            }
            if action.deadline.is_none() {
                action.deadline = shared.deadline.clone();
            }
            if action.baseline.is_none() {
                action.baseline = shared.baseline.clone();
            }
            if action.targets.is_empty() {
                action.targets = shared.targets.clone();
            }
            if action.status.is_none() {
                action.status = shared.status.clone();
            }
            if action.indicator.is_none() {
                action.indicator = shared.indicator.clone();
            }
        }
        self.block_start = self.actions.len();
        self.field_block = false;
        self.list = None;
        self.pending.clear();
    }

    fn note_label(&mut self, concept: Concept, cell: &Cell, value_col: u32) {
        // A label above the first action ("Date range:" in the title block)
        // stands for the concept only until one among the actions does.
        let noted = (
            concept,
            self.sheet.cell_ref(cell.row, cell.col),
            cell.text(),
            value_col,
        );
        match self.labels.iter().position(|(c, ..)| *c == concept) {
            None => self.labels.push(noted),
            Some(i)
                if self.labels[i].1.row < self.first_action_row() && !self.actions.is_empty() =>
            {
                self.labels[i] = noted;
            }
            Some(_) => {}
        }
    }

    fn first_action_row(&self) -> u32 {
        self.actions.first().map_or(u32::MAX, |a| a.text.cell().row)
    }

    fn start_action(&mut self, text: Field) {
        let mut action = Action::with_text(text);
        if let Some(banner) = &self.banner {
            let mut inherited = banner.clone();
            inherited.inherited = true;
            action.indicator = Some(inherited);
        }
        self.actions.push(action);
    }

    fn set(&mut self, concept: Concept, value: &Field) {
        let target = if self.field_block {
            self.actions.last_mut()
        } else {
            None
        };
        match target {
            Some(action) => match concept {
                Concept::Owner => append(&mut action.owner, value),
                Concept::Kpi | Concept::KpiTimeline => append(&mut action.kpi, value),
                Concept::Deadline => append(&mut action.deadline, value),
                Concept::Baseline => append(&mut action.baseline, value),
                Concept::Target => action.targets.push(value.clone()),
                Concept::Status => append(&mut action.status, value),
                Concept::Action => action.details.push(value.clone()),
                Concept::Item => action.item = Some(value.clone()),
                Concept::Indicator => append(&mut action.indicator, value),
            },
            None => match concept {
                Concept::Owner => append(&mut self.shared.owner, value),
                Concept::Kpi | Concept::KpiTimeline => append(&mut self.shared.kpi, value),
                Concept::Deadline => append(&mut self.shared.deadline, value),
                Concept::Baseline => append(&mut self.shared.baseline, value),
                Concept::Target => self.shared.targets.push(value.clone()),
                Concept::Status => append(&mut self.shared.status, value),
                Concept::Indicator => append(&mut self.shared.indicator, value),
                Concept::Action | Concept::Item => {}
            },
        }
    }

    /// A field read off a row (a label with its value), not numbered.
    fn field_line(&mut self, row: u32, concept: Concept, label: &Cell, value: Field) {
        self.line(
            row,
            Line::Field {
                concept,
                label,
                value,
                numbered: false,
            },
        );
    }

    /// Ends the list being read at an item unlike its items: the page's
    /// text going on after the list, not one more item.
    fn end_list_unless_alike(&mut self, text: &str) {
        // A list that a commitment started goes on only while its
        // items look alike: marked as its first was, and, when
        // unmarked, each a commitment itself. A paragraph after it
        // ("In 2016 the Trust wrote …") is the page going on.
        if let (Some(Some(Concept::Action)), Some(marker)) = (self.list, self.committed) {
            let alike = Marker::of(text) == marker
                && (marker != Marker::Plain || layout().is_commitment(&normalise(text)));
            if !alike {
                self.list = Some(None);
                self.sentence = None;
                self.in_announced = false;
                self.committed = None;
            }
        }
        // A paragraph after a list of bullets ends the list: it is the
        // page's text again, not one more item.
        let marked = is_marked(text);
        if self.list.is_some() && *self.marked_list.get_or_insert(marked) && !marked {
            self.list = None;
            self.in_announced = false;
            self.marked_list = None;
        }
        // So does a paragraph after an announced list of short
        // names ("EDI and Just Culture" … then "Delivery of the
        // actions under each theme is monitored monthly, …").
        if self.in_announced && self.list.is_some() {
            let names = *self.short_names.get_or_insert(is_short_name(text));
            if names && is_paragraph(text) {
                self.list = None;
                self.in_announced = false;
                self.short_names = None;
            }
        }
    }

    fn line(&mut self, row: u32, line: Line<'_>) {
        match line {
            Line::Banner(cell) => {
                self.end_block();
                let field = Field::from_cell(self.sheet.cell_ref(row, cell.col), Some(cell));
                self.banners.push(Banner {
                    cell: Some(field.cell().clone()),
                    text: field.text.clone(),
                });
                self.banner = Some(field);
            }
            Line::Title(cell) => {
                self.end_block();
                self.note_numbered_title(cell);
                self.title = Some(cell.clone());
            }
            Line::Field {
                concept: Concept::Action,
                label,
                value,
                numbered,
            } => {
                if numbered || self.field_block || self.list.is_some() {
                    // Each numbered action is a block of its own.
                    self.end_block();
                }
                self.note_label(Concept::Action, label, value.cell().col);
                self.start_action(value);
                self.field_block = true;
                self.list = None;
            }
            Line::Field {
                concept,
                label,
                value,
                ..
            } => {
                self.adopt_pending();
                self.note_label(concept, label, value.cell().col);
                self.set(concept, &value);
                self.list = None;
            }
            Line::ListLabel {
                concept,
                label,
                sentence,
            } => {
                // An action label ending in a colon ("What we will do
                // next:") announces its list as a sentence does.
                let sentence = sentence
                    || (concept == Some(Concept::Action) && label.text().trim_end().ends_with(':'));
                self.announced |= sentence;
                self.in_announced = sentence;
                self.sentence = (concept.is_none() && label.text().trim_end().ends_with(':'))
                    .then(|| label.clone());
                self.item_under_sentence = false;
                self.committed = None;
                if sentence {
                    self.announcing_rows.push(label.row);
                }
                if concept == Some(Concept::Action)
                    && (self.field_block || self.actions.len() > self.block_start)
                {
                    // A second list of actions in one block starts a new block
                    // only after a field block.
                    if self.field_block {
                        self.end_block();
                    }
                }
                if let Some(concept) = concept {
                    self.note_label(concept, label, label.col);
                }
                if concept == Some(Concept::Action) {
                    self.field_block = false;
                }
                // A year in the sentence that announces the list dates the
                // whole list ("For the next year (2022-23), our priorities
                // are:").
                if sentence
                    && concept == Some(Concept::Action)
                    && crate::model::data::year_in(&label.text()).is_some()
                {
                    let field =
                        Field::from_cell(self.sheet.cell_ref(label.row, label.col), Some(label));
                    self.set(Concept::Deadline, &field);
                }
                self.list = Some(concept);
                self.marked_list = None;
                self.short_names = None;
            }
            Line::ItemField {
                concept,
                label,
                value,
            } => self.item_field(concept, label, value),
            Line::Item(cell, alone) => {
                let field = Field::from_cell(self.sheet.cell_ref(row, cell.col), Some(cell));
                let first_under_sentence = !std::mem::replace(&mut self.item_under_sentence, true);
                self.end_list_unless_alike(&field.text);
                match self.list {
                    // Under a lead-in naming a strategy's priorities, an item
                    // stating an outcome ("Improved staff experience") is an
                    // aim, not a step anyone takes.
                    Some(Some(Concept::Action))
                        if self.in_announced && layout().is_outcome(&normalise(&field.text)) => {}
                    Some(Some(Concept::Action)) => {
                        if self.in_announced {
                            self.announced_rows.push(row);
                        }
                        self.start_action(field)
                    }
                    Some(Some(concept)) => {
                        let was = self.field_block;
                        // Items of a list after the actions belong to the block.
                        self.field_block = was && concept != Concept::Kpi;
                        self.set(concept, &field);
                        self.field_block = was;
                    }
                    // A commitment ("1. We will …") right under a sentence
                    // ending in a colon is an action, whatever the sentence
                    // calls the list; one further down follows headings and
                    // prose the sentence was about ("… as described
                    // below:" | "Services and Patients" | a quoted aim).
                    Some(None) => {
                        let commits = self.sentence.is_some()
                            && first_under_sentence
                            && layout().is_commitment(&normalise(&field.text));
                        if let (true, Some(sentence)) = (commits, self.sentence.clone()) {
                            self.note_label(Concept::Action, &sentence, sentence.col);
                            self.announced = true;
                            if !self.announcing_rows.contains(&sentence.row) {
                                self.announcing_rows.push(sentence.row);
                            }
                            self.announced_rows.push(row);
                            self.committed = Some(Marker::of(&field.text));
                            self.start_action(field);
                            // The rest of the list is the same list of actions.
                            self.list = Some(Some(Concept::Action));
                            self.in_announced = true;
                        }
                    }
                    // Only whole-row items: "Label: | value" rows of a
                    // report's front page are not actions.
                    None if alone => self.pending.push(field),
                    None => {}
                }
            }
        }
    }
}

/// Read a sheet laid out as labelled blocks; `None` unless it holds at least
/// one action label and one other field label (a narrative sheet is not a
/// plan).
pub fn read(sheet: &Sheet, knowledge: &Knowledge) -> Option<ActionTable> {
    if lines::is_cover_sheet(sheet) {
        return None;
    }
    let mut reader = Reader {
        sheet,
        actions: Vec::new(),
        block_start: 0,
        shared: Shared::default(),
        field_block: false,
        list: None,
        pending: Vec::new(),
        title: None,
        banner: None,
        banners: Vec::new(),
        labels: Vec::new(),
        announced: false,
        in_announced: false,
        marked_list: None,
        short_names: None,
        sentence: None,
        announced_rows: Vec::new(),
        announcing_rows: Vec::new(),
        item_under_sentence: false,
        committed: None,
        titled: Vec::new(),
        heading: None,
        steps: Vec::new(),
    };
    if banner_links(&sheet.name, knowledge).is_some() {
        let mut field = Field::from_cell(sheet.cell_ref(0, 0), None);
        field.text = sheet.name.to_string();
        reader.banners.push(Banner {
            cell: None,
            text: sheet.name.to_string(),
        });
        reader.banner = Some(field);
    }
    let rows: Vec<(u32, &[Cell])> = sheet.rows().collect();
    let mut values_row = None;
    for (i, &(row, cells)) in rows.iter().enumerate() {
        if values_row == Some(row) {
            // Read with the labels above it.
            continue;
        }
        if let Some(fields) = label_row(sheet, (row, cells), rows.get(i + 1).copied(), knowledge) {
            for (concept, label, value) in fields {
                values_row = Some(value.cell().row);
                reader.field_line(row, concept, label, value);
            }
            continue;
        }
        if let Some(fields) = fields_in_cell(sheet, row, cells, knowledge) {
            for (concept, value) in fields {
                let label = cells.iter().find(|c| !c.value.is_empty());
                if let Some(label) = label {
                    reader.field_line(row, concept, label, value);
                }
            }
            continue;
        }
        if let Some(line) = classify(sheet, row, cells, knowledge) {
            reader.line(row, line);
        }
    }
    reader.end_block();
    if reader.actions.is_empty() {
        reader.adopt_titled();
    }
    if reader.actions.is_empty() {
        reader.adopt_steps();
    }
    // An indicator label that links no action ("Focusing on the following
    // metrics:" over the metrics' descriptions) names no link field.
    if !reader.actions.iter().any(|a| a.indicator.is_some()) {
        reader.labels.retain(|(c, ..)| *c != Concept::Indicator);
    }
    let has_action = reader.labels.iter().any(|(c, ..)| *c == Concept::Action);
    let others = reader
        .labels
        .iter()
        .filter(|(c, ..)| *c != Concept::Action)
        .count();
    // A sentence announcing the actions is as clear a sign of a plan as a
    // second field label.
    if !has_action || (others == 0 && !reader.announced) || reader.actions.is_empty() {
        return None;
    }
    // Read as a plan for its announced list alone: only that list holds
    // actions (a title such as "Inclusion Strategy" over the intro does not).
    if others == 0 {
        let rows = std::mem::take(&mut reader.announced_rows);
        let sentences = std::mem::take(&mut reader.announcing_rows);
        reader.actions.retain(|a| rows.contains(&a.text.cell().row));
        reader
            .labels
            .retain(|(c, at, ..)| *c != Concept::Action || sentences.contains(&at.row));
        if reader.actions.is_empty() || reader.labels.is_empty() {
            return None;
        }
    }
    // A banner over no action (a metric's name heading its description, under
    // the plan's actions) links nothing.
    let actions_ref = &reader.actions;
    reader.banners.retain(|b| {
        b.cell.as_ref().is_none_or(|cell| {
            actions_ref.iter().any(|a| {
                a.indicator
                    .as_ref()
                    .is_some_and(|f| f.inherited && f.cell() == cell)
            })
        })
    });
    let mut header = Header {
        first_row: reader
            .labels
            .iter()
            .map(|(_, at, ..)| at.row)
            .min()
            .unwrap_or(0),
        last_row: reader
            .labels
            .iter()
            .map(|(_, at, ..)| at.row)
            .min()
            .unwrap_or(0),
        ..Header::default()
    };
    reader.labels.sort_by_key(|(_, at, ..)| (at.row, at.col));
    for (concept, at, text, col) in &reader.labels {
        header.columns.push(Column {
            concept: *concept,
            col: *col,
            header: at.clone(),
            header_text: text.clone(),
            source: RoleSource::FieldLabel,
        });
    }
    let mut actions = reader.actions;
    for action in &mut actions {
        action.first_row = action.text.cell().row;
        action.last_row = action.first_row;
        action.links = match &action.indicator {
            Some(field) => parse_link_cell(&field.text, knowledge),
            None => Links::default(),
        };
    }
    Some(ActionTable {
        sheet: sheet.name.clone(),
        header,
        actions,
        period: None,
        banners: reader.banners,
        in_cell: Vec::new(),
    })
}

#[cfg(test)]
mod tests;
