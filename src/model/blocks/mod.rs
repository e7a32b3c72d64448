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

mod lines;

use lines::{classify, fields_in_cell, label_row, Line, Marker};

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
    /// Items read since the last colon-ended sentence.
    items_under_sentence: usize,
    /// The list of actions was started by a commitment under a sentence
    /// that named none: how its first item was marked.
    committed: Option<Marker>,
    /// Numbered titles with one sentence right under them and nothing else
    /// in their block ("Objective 3" over "We will act on the staff survey
    /// … by 2016"): the title, and the sentence.
    titled: Vec<(Cell, Field)>,
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

    /// Unlabelled items under a block's title, followed by the block's
    /// fields ("Timescale", "Leads"): they were its actions.
    fn adopt_pending(&mut self) {
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
    fn adopt_titled(&mut self) {
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
                self.items_under_sentence = 0;
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
            Line::Item(cell, alone) => {
                let field = Field::from_cell(self.sheet.cell_ref(row, cell.col), Some(cell));
                let first_under_sentence = self.items_under_sentence == 0;
                self.items_under_sentence += 1;
                // A list that a commitment started goes on only while its
                // items look alike: marked as its first was, and, when
                // unmarked, each a commitment itself. A paragraph after it
                // ("In 2016 the Trust wrote …") is the page going on.
                if let (Some(Some(Concept::Action)), Some(marker)) = (self.list, self.committed) {
                    let alike = Marker::of(&field.text) == marker
                        && (marker != Marker::Plain
                            || layout().is_commitment(&normalise(&field.text)));
                    if !alike {
                        self.list = Some(None);
                        self.sentence = None;
                        self.in_announced = false;
                        self.committed = None;
                    }
                }
                // A paragraph after a list of bullets ends the list: it is the
                // page's text again, not one more item.
                let marked = is_marked(&field.text);
                if self.list.is_some() && *self.marked_list.get_or_insert(marked) && !marked {
                    self.list = None;
                    self.in_announced = false;
                    self.marked_list = None;
                }
                // So does a paragraph after an announced list of short
                // names ("EDI and Just Culture" … then "Delivery of the
                // actions under each theme is monitored monthly, …").
                if self.in_announced && self.list.is_some() {
                    let names = *self.short_names.get_or_insert(is_short_name(&field.text));
                    if names && is_paragraph(&field.text) {
                        self.list = None;
                        self.in_announced = false;
                        self.short_names = None;
                    }
                }
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

/// Whether a list item carries a list's mark: a bullet ("- ", "•") or an
/// item number ("1.", "2)").
fn is_marked(text: &str) -> bool {
    Marker::of(text) != Marker::Plain
}

/// A list item that names rather than says: a few words, no full stop.
fn is_short_name(text: &str) -> bool {
    let text = text.trim();
    text.split_whitespace().count() <= 8 && !text.ends_with('.')
}

/// A sentence of some length that ends as sentences do.
fn is_paragraph(text: &str) -> bool {
    let text = text.trim();
    text.split_whitespace().count() >= 12 && text.ends_with(['.', '!'])
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
        items_under_sentence: 0,
        committed: None,
        titled: Vec::new(),
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
                reader.line(
                    row,
                    Line::Field {
                        concept,
                        label,
                        value,
                        numbered: false,
                    },
                );
            }
            continue;
        }
        if let Some(fields) = fields_in_cell(sheet, row, cells, knowledge) {
            for (concept, value) in fields {
                let label = cells.iter().find(|c| !c.value.is_empty());
                if let Some(label) = label {
                    reader.line(
                        row,
                        Line::Field {
                            concept,
                            label,
                            value,
                            numbered: false,
                        },
                    );
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
mod tests {
    use crate::fixture::{workbook, SheetBuilder};
    use crate::knowledge::Knowledge;
    use crate::model::build;

    fn actions(rows: &[&str]) -> Vec<(u32, String)> {
        let mut sheet = SheetBuilder::new("Plan");
        for row in rows {
            sheet = sheet.row(&[row]);
        }
        let model = build(&workbook(vec![sheet]), Knowledge::wdes());
        model
            .actions()
            .map(|(_, a)| {
                (
                    a.first_row + 1,
                    a.links.numbers.iter().map(u8::to_string).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn field_blocks_in_one_cell() {
        let sheet = SheetBuilder::new("Plan")
            .row(&["Indicator 7: Equal opportunities"])
            .row(&["Action: Launch a talent pool\nfor bands 5-7\nLead: Deputy Director of People\nBy when: March 2024"])
            .row(&["Action: Publish promotion rates\nLead: Head of Workforce Information\nBy when: Ongoing"]);
        let model = build(&workbook(vec![sheet]), Knowledge::wres());
        let read: Vec<(String, String, String, Vec<u8>)> = model
            .actions()
            .map(|(_, a)| {
                (
                    a.text.text.clone(),
                    a.owner.as_ref().unwrap().text.clone(),
                    a.deadline.as_ref().unwrap().text.clone(),
                    a.links.numbers.clone(),
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                (
                    "Launch a talent pool\nfor bands 5-7".to_owned(),
                    "Deputy Director of People".to_owned(),
                    "March 2024".to_owned(),
                    vec![7]
                ),
                (
                    "Publish promotion rates".to_owned(),
                    "Head of Workforce Information".to_owned(),
                    "Ongoing".to_owned(),
                    vec![7]
                ),
            ]
        );
    }

    #[test]
    fn lists_announced_by_a_sentence_hold_the_actions() {
        let read = actions(&[
            "Workforce Disability Equality Standard (WDES): Action Plan 2023-24",
            "An introduction that is no action.",
            "Metric 4: Harassment",
            "What we will do next:",
            "- We will relaunch the guardians by September 2023",
            "Metric 8: Reasonable adjustments",
            "Our priorities:",
            "1. We will introduce a passport by December 2023",
            "2. Train line managers by February 2024",
            "Metric 1",
            "Declaration rate",
        ]);
        assert_eq!(
            read,
            [
                (5, "4".to_owned()),
                (8, "8".to_owned()),
                (9, "8".to_owned())
            ]
        );
    }

    #[test]
    fn a_committee_papers_cover_is_not_a_plan() {
        let cover = |rows: &[[&str; 2]]| {
            let mut sheet = SheetBuilder::new("Board");
            for row in rows {
                sheet = sheet.row(row);
            }
            build(&workbook(vec![sheet]), Knowledge::wres())
                .actions()
                .count()
        };
        let lines = [
            ["Meeting Date:", "28 November 2018"],
            ["Executive Lead:", "Director of Workforce"],
            ["Outcome Required:", "Decision"],
            ["Link to Policies and Strategies:", "Workforce Strategy"],
        ];
        assert_eq!(cover(&lines), 0);
        // One cover-like label alone does not make a cover: a field block
        // with its date.
        let block = [
            ["Action:", "Launch a talent pool"],
            ["Lead:", "Director of Workforce"],
            ["Meeting date:", "March 2024"],
        ];
        assert_eq!(cover(&block), 1);
    }

    #[test]
    fn a_paragraph_ends_an_announced_list_of_short_names() {
        let read = actions(&[
            "The actions we will take are:",
            "Reverse mentoring",
            "A talent pool for bands 5-7",
            "Delivery of these actions is monitored every month, and reports go to the Board each quarter.",
            "The WDES is a set of ten metrics that compare the experiences of disabled staff.",
        ]);
        assert_eq!(read.iter().map(|(row, _)| *row).collect::<Vec<_>>(), [2, 3]);
    }

    #[test]
    fn a_lead_in_ending_on_a_commitment_announces_actions() {
        let read = actions(&[
            "Anti-racism statement",
            "Racism exists in our organisation. This means we will:",
            "Provide visible leadership at Board level.",
            "Analyse our data every year to decide where to improve.",
        ]);
        assert_eq!(read.iter().map(|(row, _)| *row).collect::<Vec<_>>(), [3, 4]);
        // "will" inside the sentence is not its end.
        let read = actions(&[
            "We will say more about these later in the year:",
            "Provide visible leadership at Board level.",
        ]);
        assert_eq!(read, []);
    }

    #[test]
    fn a_list_of_areas_is_not_a_list_of_actions() {
        assert!(super::lines::is_action_word_in(
            "the actions we will take are"
        ));
        assert!(!super::lines::is_action_word_in(
            "we have identified five key areas of action"
        ));
        assert!(!super::lines::is_action_word_in("a call to action"));
        assert!(!super::lines::is_action_word_in(
            "the actions are focused on four key areas which are"
        ));
        assert!(super::lines::is_action_word_in(
            "in these areas the actions we will take are"
        ));
        let read = actions(&[
            "Anti-Racism Action Plan",
            "We have identified five key areas of action:",
            "1. Workforce - to make the Trust a fair place to work",
            "2. Service delivery - to end racial disparity in our services",
        ]);
        assert_eq!(read, []);
    }

    #[test]
    fn a_commitment_starts_a_list_only_right_under_the_sentence() {
        // Headings and a quoted aim first: the page's prose, not a list.
        let read = actions(&[
            "Equality Objectives",
            "New objectives were set in two areas, as described below:",
            "Services and Patients",
            "Involve every stakeholder in developing our services.",
            "We will look to recruit staff from the widest range of applicants.",
            "In 2016 the Trust wrote a strategy for 2016 - 2020.",
        ]);
        assert_eq!(read, []);
        // Right under it, the list goes on while its items look alike.
        let read = actions(&[
            "Our response:",
            "- We will relaunch the guardians by September 2023",
            "- Train line managers by February 2024",
            "Progress is reported to the Board in 2024.",
            "- A bullet of the next section",
        ]);
        assert_eq!(read.iter().map(|(row, _)| *row).collect::<Vec<_>>(), [2, 3]);
        let read = actions(&[
            "In the coming year:",
            "We will relaunch the guardians by September 2023.",
            "We will train line managers by February 2024.",
            "In 2016 the Trust wrote a strategy for 2016 - 2020.",
        ]);
        assert_eq!(read.iter().map(|(row, _)| *row).collect::<Vec<_>>(), [2, 3]);
    }

    #[test]
    fn priorities_after_a_dated_lead_in_are_dated_actions() {
        let sheet = SheetBuilder::new("WRES")
            .row(&["Workforce Race Equality Standard (WRES)"])
            .row(&["We set priorities with our providers. For the next year (2022-23), our WRES priorities are:"])
            .row(&["1. Recruiting and retaining BME staff in bands 8a and above"])
            .row(&["2. Support BME staff networks"]);
        let model = build(&workbook(vec![sheet]), Knowledge::wres());
        let read: Vec<(u32, String)> = model
            .actions()
            .map(|(_, a)| (a.first_row + 1, a.deadline.as_ref().unwrap().text.clone()))
            .collect();
        assert_eq!(read.len(), 2, "{read:?}");
        assert_eq!(read[0].0, 3);
        assert!(
            read.iter().all(|(_, d)| d.contains("(2022-23)")),
            "{read:?}"
        );
    }

    #[test]
    fn labels_across_a_row_take_their_values_from_the_row_under_them() {
        let sheet = SheetBuilder::new("Plan")
            .row(&["WRES Indicator 2: Likelihood of BME staff being appointed from shortlisting compared to that of White staff across all posts. The relative likelihood of White staff being appointed is 1.32 times greater than for BME staff in bands 1-9."])
            .row(&["Action: Survey BME applicants shortlisted but not appointed"])
            .row(&["Lead Officer Responsible:", "Key Success Factors:", "Time scale:"])
            .row(&["HR Team", "Survey response rate of 60%", "December 2016"]);
        let model = build(&workbook(vec![sheet]), Knowledge::wres());
        let read: Vec<(String, String, String, String, Vec<u8>)> = model
            .actions()
            .map(|(_, a)| {
                let text = |f: &Option<crate::model::field::Field>| {
                    f.as_ref().map(|f| f.text.clone()).unwrap_or_default()
                };
                (
                    a.text.text.clone(),
                    text(&a.owner),
                    text(&a.kpi),
                    text(&a.deadline),
                    a.links.numbers.clone(),
                )
            })
            .collect();
        assert_eq!(
            read,
            [(
                "Survey BME applicants shortlisted but not appointed".to_owned(),
                "HR Team".to_owned(),
                "Survey response rate of 60%".to_owned(),
                "December 2016".to_owned(),
                vec![2],
            )]
        );
    }

    #[test]
    fn a_row_of_labels_over_more_labels_is_no_field_block() {
        // Two rows of headings (a two-level header) hold no values; a row of
        // labels with nothing under it neither.
        let sheet = workbook(vec![SheetBuilder::new("Plan")
            .row(&["Lead:", "Time scale:"])
            .row(&["Owner", "Deadline"])
            .row(&["Lead:", "Time scale:"])])
        .sheets
        .remove(0);
        let rows: Vec<_> = sheet.rows().collect();
        let k = Knowledge::wres();
        assert!(super::lines::label_row(&sheet, rows[0], Some(rows[1]), k).is_none());
        assert!(super::lines::label_row(&sheet, rows[2], None, k).is_none());
    }

    #[test]
    fn numbered_objectives_each_over_one_dated_sentence_are_actions() {
        let read = actions(&[
            "Equality objectives",
            "They cover the four goals of the Equality Delivery System:",
            "- Empowered, engaged and included staff",
            "Objective 1",
            "We will make satisfaction with our transport service equitable for all users.",
            "Objective 2",
            "We will act on the staff survey and improve the key problems it identifies by 2016.",
            "Objective 3",
            "The steering group will appoint a champion for each protected group by 2014.",
            "Any change to these objectives will be reported in our annual equality report.",
        ]);
        let rows: Vec<u32> = read.iter().map(|(row, _)| *row).collect();
        assert_eq!(rows, [5, 7, 9]);
    }

    #[test]
    fn numbered_titles_over_undated_aims_are_no_plan() {
        let read = actions(&[
            "Priority 1",
            "We will make sure our staff have fair access to jobs and progression.",
            "Priority 2",
            "We will educate and develop our leaders and staff.",
        ]);
        assert!(read.is_empty(), "{read:?}");
    }

    #[test]
    fn a_strategys_outcomes_are_no_actions_and_a_paragraph_ends_a_bullet_list() {
        let read = actions(&[
            "Trust-wide annual plan 2022-2023",
            "Strategic priorities for the trust 2022 – 26 include:",
            "- Improved population health outcomes",
            "- Improved staff experience",
            "The new strategy keeps the mission and the four outcomes of the last one.",
            "Service users, staff and partners told us these outcomes matter to them.",
        ]);
        assert!(read.is_empty(), "{read:?}");
        // The same lead-in over steps: the steps are actions, the paragraph
        // after them is not.
        let read = actions(&[
            "For 2022-23, our priorities are:",
            "- Recruit and retain disabled staff in bands 8a and above",
            "- Improved access to reasonable adjustments",
            "Progress is reported to the Board every quarter.",
        ]);
        let rows: Vec<u32> = read.iter().map(|(row, _)| *row).collect();
        assert_eq!(rows, [2]);
    }

    #[test]
    fn a_lead_in_is_the_last_clause_and_a_year_is_four_digits() {
        assert_eq!(
            super::lines::lead_in("We work together. For 2022-23, our priorities are:"),
            "our priorities are:"
        );
        assert_eq!(super::lines::lead_in("Our priorities:"), "Our priorities:");
        assert!(crate::model::data::year_in("For the next year (2022-23):").is_some());
        assert!(crate::model::data::year_in("bands 8a, 12345 staff, 202").is_none());
    }
}
