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
use super::header::{Column, Header, Heading};
use super::links::{banner_links, parse_link, Links};

/// A label is a short cell: this many words at most.
const LABEL_WORDS: usize = 6;

/// What one row of a block layout is.
enum Line<'a> {
    Banner(&'a Cell),
    /// A numbered title that is not an action ("Objective 2:",
    /// "Workstream 1: Improve …").
    Title(&'a Cell),
    /// A label with its value: beside it, or after a colon in its cell.
    Field {
        concept: Concept,
        label: &'a Cell,
        value: Field,
        numbered: bool,
    },
    /// A label alone on its row, over a list; `sentence` when it is a
    /// sentence announcing the actions ("The immediate action we will take
    /// includes:").
    ListLabel {
        concept: Option<Concept>,
        label: &'a Cell,
        sentence: bool,
    },
    /// A row's first cell, and whether it stands alone on its row.
    Item(&'a Cell, bool),
}

/// A label's words: its concept, and whether a number follows ("Action 2").
fn label(text: &str, knowledge: &Knowledge) -> Option<(Option<Concept>, bool)> {
    // A numbered entry ("2. Date of report"), a bullet ("- Chief People
    // Officer") or a question ("… at the date of the report?") is a form's
    // item or answer, not a field label: the national WRES reporting
    // template is written so, and is not a plan.
    let trimmed = text.trim();
    let enumerated = trimmed.split_once(['.', ')']).is_some_and(|(n, rest)| {
        !n.is_empty()
            && n.len() <= 3
            && n.bytes().all(|b| b.is_ascii_digit())
            && rest.starts_with(' ')
    });
    if enumerated || trimmed.starts_with(['-', '•', '*', '–']) || trimmed.ends_with('?') {
        return None;
    }
    let normalised = normalise(text);
    let words: Vec<&str> = normalised.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() || words.len() > LABEL_WORDS {
        return None;
    }
    let numbered = words
        .last()
        .is_some_and(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))
        && words.len() >= 2;
    let stem = if numbered {
        words[..words.len() - 1].join(" ")
    } else {
        normalised.clone()
    };
    let concept = Heading::of(&stem, knowledge)
        .concept()
        .filter(|c| *c != Concept::Action || numbered || lists_actions(&stem))
        .filter(|c| *c != Concept::Indicator || names_an_indicator(&stem, knowledge));
    // "Objective 1:", "Priority 2": a numbered title, not a field.
    if numbered {
        return Some((
            concept.filter(|c| *c == Concept::Action && is_action_word(&stem)),
            true,
        ));
    }
    concept.map(|c| (Some(c), false))
}

/// An indicator label names the standard's items ("WDES Metric:",
/// "Indicator"), not only the standard ("Our Workforce Race Equality
/// Standard (WRES): Action plan …" is a title).
fn names_an_indicator(stem: &str, knowledge: &Knowledge) -> bool {
    stem.split(' ').any(|w| {
        knowledge.indicator_words.iter().any(|i| i == w)
            && w != knowledge.standard.to_lowercase()
            && w != "standard"
            && w != "standards"
    })
}

/// "action", "wres action", "key action": the word that names an action
/// itself (not an objective or a theme over several actions).
fn is_action_word(stem: &str) -> bool {
    stem.split(' ')
        .next_back()
        .is_some_and(|w| w == "action" || w == "actions")
}

/// A sentence naming actions themselves ("action", "actions", "steps"),
/// not objectives or themes over them.
fn is_action_word_in(stem: &str) -> bool {
    stem.split(' ')
        .any(|w| matches!(w, "action" | "actions" | "steps"))
}

/// A label over a list of actions: not an objective, aim or plan, which
/// head a block rather than list its steps.
fn lists_actions(label: &str) -> bool {
    !normalise(label).split(' ').any(|w| {
        matches!(
            w,
            "objective" | "objectives" | "plan" | "response" | "commitment" | "commitments"
        )
    })
}

fn classify<'a>(
    sheet: &Sheet,
    row: u32,
    cells: &'a [Cell],
    knowledge: &Knowledge,
) -> Option<Line<'a>> {
    let mut used = cells.iter().filter(|c| !c.value.is_empty());
    let first = used.next()?;
    let second = used.next();
    let text = first.value.as_text().unwrap_or_default();
    if second.is_none() && banner_links(text, knowledge).is_some() {
        return Some(Line::Banner(first));
    }
    // "Lead: HR Business Partner" in one cell.
    let (label_text, after_colon) = match text.split_once(':') {
        Some((l, rest)) if !rest.trim().is_empty() && second.is_none() => (l, Some(rest)),
        Some((l, _)) => (l, None),
        None => (text, None),
    };
    let is_publication = knowledge
        .publication_labels
        .iter()
        .any(|p| crate::knowledge::starts_with_phrase(&normalise(label_text), &normalise(p)));
    // Document metadata ("Publication date:", "Date range:") describes the
    // document, not an action: a plan page's metadata lines under its title
    // made the intro sentence an action with the date range as deadline.
    if is_publication || layout().is_metadata_label(&normalise(label_text)) {
        return None;
    }
    match label(label_text, knowledge) {
        Some((None, true)) => Some(Line::Title(first)),
        Some((Some(concept), numbered)) => {
            let value = if let Some(value_cell) = second {
                let mut field =
                    Field::from_cell(sheet.cell_ref(row, value_cell.col), Some(value_cell));
                for more in cells
                    .iter()
                    .filter(|c| c.col > value_cell.col && !c.value.is_empty())
                {
                    field.push(sheet.cell_ref(row, more.col), Some(more));
                }
                Some(field)
            } else if let Some(rest) = after_colon {
                let start = text.len() - rest.trim_start().len();
                Some(Field::after_label(
                    sheet.cell_ref(row, first.col),
                    first,
                    start,
                ))
            } else {
                None
            };
            match value {
                Some(value) => Some(Line::Field {
                    concept,
                    label: first,
                    value,
                    numbered,
                }),
                None if numbered => Some(Line::Field {
                    concept,
                    label: first,
                    value: Field::from_cell(sheet.cell_ref(row, first.col + 1), None),
                    numbered,
                }),
                None => Some(Line::ListLabel {
                    concept: Some(concept),
                    label: first,
                    sentence: false,
                }),
            }
        }
        _ if second.is_none() && text.trim_end().ends_with(':') && text.len() <= 60 => {
            // A sentence whose head noun is an action ("The actions we will
            // take are:") announces a list of actions, as a label would.
            let stem = normalise(text);
            let announces = layout().heading_concepts(&stem).first() == Some(&Concept::Action)
                && is_action_word_in(&stem)
                && lists_actions(&stem);
            Some(Line::ListLabel {
                concept: announces.then_some(Concept::Action),
                label: first,
                sentence: announces,
            })
        }
        _ => Some(Line::Item(first, second.is_none())),
    }
}

/// A field block written in one cell, a label on each line ("Action: …\n
/// Lead: …\nBy when: …"): its fields, the action first. Lines without a
/// label continue the field above them.
fn fields_in_cell(
    sheet: &Sheet,
    row: u32,
    cells: &[Cell],
    knowledge: &Knowledge,
) -> Option<Vec<(Concept, Field)>> {
    let mut used = cells.iter().filter(|c| !c.value.is_empty());
    let cell = used.next()?;
    if used.next().is_some() {
        return None;
    }
    let text = cell.text();
    if !text.contains('\n') {
        return None;
    }
    let at = sheet.cell_ref(row, cell.col);
    let mut fields: Vec<(Concept, Field)> = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let here = start;
        start += line.len() + 1;
        if line.trim().is_empty() {
            continue;
        }
        let labelled = line
            .split_once(':')
            .and_then(|(l, rest)| match label(l, knowledge) {
                Some((Some(concept), false)) if !rest.trim().is_empty() => Some((
                    concept,
                    here + l.len() + 1 + (rest.len() - rest.trim_start().len()),
                )),
                _ => None,
            });
        match labelled {
            Some((concept, skip)) => {
                let value = text[skip..here + line.len()].trim_end().to_owned();
                fields.push((
                    concept,
                    Field {
                        text: value,
                        parts: vec![super::field::Part {
                            cell: at.clone(),
                            offset: 0,
                            skip,
                        }],
                        dates: Vec::new(),
                        inherited: false,
                    },
                ));
            }
            // A line before any label: not a field block.
            None if fields.is_empty() => return None,
            None => {
                let (_, last) = fields.last_mut()?;
                last.text.push('\n');
                last.text.push_str(line.trim_end());
            }
        }
    }
    let action_first = fields.first().is_some_and(|(c, _)| *c == Concept::Action);
    (action_first && fields.len() >= 2).then_some(fields)
}

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
    /// The colon-ended sentence over the list being read, when it names no
    /// concept ("Our priority areas in the South East:").
    sentence: Option<Cell>,
    /// Rows of the actions listed under an announcing sentence, and of the
    /// sentences.
    announced_rows: Vec<u32>,
    announcing_rows: Vec<u32>,
}

impl Reader<'_> {
    fn end_block(&mut self) {
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
                self.list = Some(concept);
            }
            Line::Item(cell, alone) => {
                let field = Field::from_cell(self.sheet.cell_ref(row, cell.col), Some(cell));
                match self.list {
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
                    // A commitment ("1. We will …") under a sentence
                    // ending in a colon is an action, whatever the sentence
                    // calls the list.
                    Some(None) => {
                        let commits = self.sentence.is_some()
                            && layout().is_commitment(&normalise(&field.text));
                        if let (true, Some(sentence)) = (commits, self.sentence.clone()) {
                            self.note_label(Concept::Action, &sentence, sentence.col);
                            self.announced = true;
                            if !self.announcing_rows.contains(&sentence.row) {
                                self.announcing_rows.push(sentence.row);
                            }
                            self.announced_rows.push(row);
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
        sentence: None,
        announced_rows: Vec::new(),
        announcing_rows: Vec::new(),
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
    for (row, cells) in sheet.rows() {
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
            Some(field) => parse_link(&field.text, knowledge),
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
}
