//! Reading the actions of an action table, row by row, coping with the
//! layouts real plans use: an indicator label merged (or left blank) down over
//! its actions, continuation rows split off by a page break, repeated headers,
//! section label rows and indicator matrices.

use crate::knowledge::{Concept, Knowledge};
use crate::location::CellRef;
use crate::workbook::{Cell, Sheet};

use super::field::Field;
use super::header::{is_header, read_header, Header};
use super::links::{parse_link, Links};

/// One action of a plan (a row, plus its continuation rows).
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    pub first_row: u32,
    pub last_row: u32,
    pub item: Option<Field>,
    /// The link cell, when the plan has an indicator column.
    pub indicator: Option<Field>,
    pub text: Field,
    /// Further action-like columns ("Key actions" beside "Activity/Work Piece").
    pub details: Vec<Field>,
    pub owner: Option<Field>,
    pub kpi: Option<Field>,
    /// The KPI column also holds the timeline ("KPIs and Timelines").
    pub kpi_has_timeline: bool,
    pub deadline: Option<Field>,
    pub baseline: Option<Field>,
    pub targets: Vec<Field>,
    pub status: Option<Field>,
    /// Matrix cells that mark an indicator.
    pub matrix_marks: Vec<(u8, CellRef)>,
    pub links: Links,
}

impl Action {
    /// Every field of the action with its concept, for rules that scan them all.
    pub fn fields(&self) -> impl Iterator<Item = (Concept, &Field)> {
        let kpi_concept = if self.kpi_has_timeline {
            Concept::KpiTimeline
        } else {
            Concept::Kpi
        };
        [
            (Concept::Item, self.item.as_ref()),
            (Concept::Indicator, self.indicator.as_ref()),
            (Concept::Action, Some(&self.text)),
            (Concept::Owner, self.owner.as_ref()),
            (kpi_concept, self.kpi.as_ref()),
            (Concept::Deadline, self.deadline.as_ref()),
            (Concept::Baseline, self.baseline.as_ref()),
            (Concept::Status, self.status.as_ref()),
        ]
        .into_iter()
        .filter_map(|(concept, field)| field.map(|f| (concept, f)))
        .chain(self.details.iter().map(|f| (Concept::Action, f)))
        .chain(self.targets.iter().map(|f| (Concept::Target, f)))
    }
}

/// An action plan table: its header and actions.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionTable {
    pub sheet: std::sync::Arc<str>,
    pub header: Header,
    pub actions: Vec<Action>,
    /// The table's own plan period, when its sheet states one different from
    /// the workbook's (a progress sheet for a later year). Rules judge the
    /// table's actions against it first; see [`super::Model::period_of`].
    pub period: Option<super::Inferred<crate::timeline::PlanPeriod>>,
}

impl ActionTable {
    pub fn has(&self, concept: Concept) -> bool {
        self.header.column(concept).is_some()
            || (concept == Concept::Kpi && self.header.column(Concept::KpiTimeline).is_some())
            || (concept == Concept::Indicator && !self.header.matrix.is_empty())
    }
}

/// Read the action table whose header starts at `header_row`, stopping before
/// `end_row` (the next table's header) if given.
pub fn read_table(
    sheet: &Sheet,
    header_row: u32,
    end_row: Option<u32>,
    knowledge: &Knowledge,
) -> ActionTable {
    let header = read_header(sheet, header_row, end_row, knowledge);
    let mut reader = TableReader {
        sheet,
        header: &header,
        knowledge,
        actions: Vec::new(),
        carried: None,
    };
    let last = end_row.unwrap_or(u32::MAX);
    let rows: Vec<u32> = sheet
        .rows()
        .map(|(r, _)| r)
        .filter(|r| *r > header.last_row && *r < last)
        .collect();
    for row in rows {
        reader.read_row(row);
    }
    let actions = reader.finish();
    ActionTable {
        sheet: sheet.name.clone(),
        header,
        actions,
        period: None,
    }
}

struct TableReader<'a> {
    sheet: &'a Sheet,
    header: &'a Header,
    knowledge: &'a Knowledge,
    actions: Vec<Action>,
    /// An indicator label carried down over the actions below it.
    carried: Option<Field>,
}

impl TableReader<'_> {
    fn col(&self, concept: Concept) -> Option<u32> {
        self.header.column(concept).map(|c| c.col)
    }

    /// The cell showing at a position (through merges) and its reference.
    fn field(&self, row: u32, col: u32) -> Field {
        let merged = self.sheet.merge_at(row, col);
        let cell = self.sheet.shown_cell(row, col);
        let mut field = Field::from_cell(self.sheet.cell_ref(row, col), cell);
        if let Some(merge) = merged {
            if merge.first_row != row {
                // Shown through a merge from above: the label belongs to the top cell.
                field.parts[0].cell = self.sheet.cell_ref(merge.first_row, merge.first_col);
                field.inherited = true;
            }
        }
        field
    }

    fn text_at(&self, row: u32, col: Option<u32>) -> String {
        col.and_then(|c| self.sheet.cell(row, c))
            .map(Cell::text)
            .unwrap_or_default()
    }

    fn read_row(&mut self, row: u32) {
        let cells = self.sheet.row(row);
        if is_header(cells, self.knowledge) {
            return; // a header repeated after a page break
        }
        let used: Vec<&Cell> = cells
            .iter()
            .filter(|c| !c.value.is_empty() || c.fill.is_some())
            .collect();
        if used.is_empty() {
            return;
        }
        let indicator_col = self.col(Concept::Indicator);
        let action_col = self.col(Concept::Action);
        let item_col = self.col(Concept::Item);
        // The indicator label is a group label when it stands left of the actions.
        let carries = matches!((indicator_col, action_col), (Some(i), Some(a)) if i < a);

        let indicator_text = self.text_at(row, indicator_col);
        let only_label = used
            .iter()
            .all(|c| Some(c.col) == indicator_col || self.is_beyond_table(c.col));
        if carries && !indicator_text.trim().is_empty() {
            self.carried = Some(self.field(row, indicator_col.unwrap_or_default()));
            if only_label {
                return; // a section label row ("Indicator 1: Representation")
            }
        }

        let item_text = self.text_at(row, item_col);
        let action_text = self.text_at(row, action_col);
        let new_indicator_label = carries
            && !indicator_text.trim().is_empty()
            && self
                .sheet
                .cell(row, indicator_col.unwrap_or_default())
                .is_some();
        let starts_action = if item_col.is_some() {
            !item_text.trim().is_empty() || self.actions.is_empty()
        } else {
            new_indicator_label
                || self.actions.is_empty()
                || (!action_text.trim().is_empty() && !looks_like_continuation(&action_text))
        };
        if starts_action {
            let action = self.new_action(row);
            self.actions.push(action);
        } else {
            self.continue_action(row);
        }
    }

    fn is_beyond_table(&self, col: u32) -> bool {
        !self.header.columns.iter().any(|c| c.col == col)
            && !self.header.matrix.iter().any(|m| m.col == col)
    }

    fn new_action(&self, row: u32) -> Action {
        let field_of = |concept| self.col(concept).map(|col| self.field(row, col));
        let (kpi, kpi_has_timeline) = match self.col(Concept::KpiTimeline) {
            Some(col) => (Some(self.field(row, col)), true),
            None => (field_of(Concept::Kpi), false),
        };
        let mut indicator = field_of(Concept::Indicator);
        if let (Some(field), Some(carried)) = (&indicator, &self.carried) {
            if field.is_blank() && self.col(Concept::Indicator) < self.col(Concept::Action) {
                let mut inherited = carried.clone();
                inherited.inherited = true;
                indicator = Some(inherited);
            }
        }
        let columns_of = |concept: Concept| {
            self.header
                .columns
                .iter()
                .filter(move |c| c.concept == concept)
                .map(|c| c.col)
        };
        let text = field_of(Concept::Action)
            .unwrap_or_else(|| Field::from_cell(self.sheet.cell_ref(row, 0), None));
        let mut action = Action {
            first_row: row,
            last_row: row,
            item: field_of(Concept::Item),
            indicator,
            text,
            details: columns_of(Concept::Action)
                .skip(1)
                .map(|col| self.field(row, col))
                .collect(),
            owner: field_of(Concept::Owner),
            kpi,
            kpi_has_timeline,
            deadline: field_of(Concept::Deadline),
            baseline: field_of(Concept::Baseline),
            targets: columns_of(Concept::Target)
                .map(|col| self.field(row, col))
                .collect(),
            status: field_of(Concept::Status),
            matrix_marks: Vec::new(),
            links: Links::default(),
        };
        self.mark_matrix(row, &mut action);
        // Collected through a filter, so reserved four at a time.
        action.details.shrink_to_fit();
        action.targets.shrink_to_fit();
        action
    }

    /// Append a continuation row's cells to the last action.
    fn continue_action(&mut self, row: u32) {
        let columns: Vec<(Concept, u32)> = self
            .header
            .columns
            .iter()
            .map(|c| (c.concept, c.col))
            .collect();
        let sheet = self.sheet;
        let mut marks = Vec::new();
        let Some(action) = self.actions.last_mut() else {
            return;
        };
        action.last_row = row;
        let mut seen_action = false;
        let mut target_index = 0;
        for (concept, col) in columns {
            let at = sheet.cell_ref(row, col);
            // Only cells really on this row: a merge from above was read already.
            let cell = sheet.cell(row, col);
            let field = match concept {
                Concept::Item => action.item.as_mut(),
                Concept::Indicator => action.indicator.as_mut().filter(|f| !f.inherited),
                Concept::Action if !seen_action => {
                    seen_action = true;
                    Some(&mut action.text)
                }
                Concept::Action => action
                    .details
                    .iter_mut()
                    .find(|f| f.parts[0].cell.col == col),
                Concept::Owner => action.owner.as_mut(),
                Concept::Kpi | Concept::KpiTimeline => action.kpi.as_mut(),
                Concept::Deadline => action.deadline.as_mut(),
                Concept::Baseline => action.baseline.as_mut(),
                Concept::Target => {
                    target_index += 1;
                    action.targets.get_mut(target_index - 1)
                }
                Concept::Status => action.status.as_mut(),
            };
            if let Some(field) = field {
                if field.parts[0].cell.col == col {
                    field.push(at, cell);
                }
            }
        }
        for column in &self.header.matrix {
            if is_mark(sheet.cell(row, column.col), self.knowledge) {
                marks.push((column.indicator, sheet.cell_ref(row, column.col)));
            }
        }
        action.matrix_marks.extend(marks);
    }

    fn mark_matrix(&self, row: u32, action: &mut Action) {
        for column in &self.header.matrix {
            if is_mark(self.sheet.cell(row, column.col), self.knowledge) {
                action
                    .matrix_marks
                    .push((column.indicator, self.sheet.cell_ref(row, column.col)));
            }
        }
    }

    fn finish(mut self) -> Vec<Action> {
        for action in &mut self.actions {
            let mut links = match &action.indicator {
                Some(field) => parse_link(&field.text, self.knowledge),
                None => Links::default(),
            };
            for (number, _) in &action.matrix_marks {
                links.add(*number);
            }
            action.links = links;
        }
        // The model lives as long as the lint: no growth slack.
        self.actions.shrink_to_fit();
        self.actions
    }
}

/// A matrix cell marks its indicator when it holds a mark or a solid fill.
fn is_mark(cell: Option<&Cell>, knowledge: &Knowledge) -> bool {
    let Some(cell) = cell else { return false };
    if cell.fill.is_some() {
        return true;
    }
    let text = cell.text().trim().to_lowercase();
    !text.is_empty() && !knowledge.matrix_non_marks.contains(&text)
}

/// Text that continues an action split by a page break: starts in lower case,
/// with a bracket ("(New)") or with a list dash.
fn looks_like_continuation(text: &str) -> bool {
    let first = text.trim_start().chars().next();
    matches!(first, Some(c) if c.is_lowercase() || matches!(c, '(' | '-' | '–' | '•' | '·' | ';' | ','))
}
