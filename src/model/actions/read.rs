//! Reading an action table's rows: actions, their continuation rows,
//! banners and section labels, repeated headers and indicator matrices.

use crate::knowledge::{Concept, Knowledge};
use crate::lex::Lexer;
use crate::workbook::{Cell, Sheet};

use crate::model::columns::RoleSource;
use crate::model::declared::SheetLayout;
use crate::model::field::Field;
use crate::model::header::{is_header, read_header, Header};
use crate::model::links::{banner_links, parse_link_cell, Links};

use super::{Action, ActionTable, Banner};

/// How far above a header a title or banner naming the table's indicator is
/// looked for.
const BANNER_ROWS_ABOVE: u32 = 4;

/// Read the action table whose header starts at `header_row`, stopping before
/// `end_row` (the next table's header) if given.
pub fn read_table(
    sheet: &Sheet,
    header_row: u32,
    end_row: Option<u32>,
    lexer: &Lexer,
    declared: Option<&SheetLayout>,
) -> ActionTable {
    let knowledge = lexer.knowledge();
    let header = read_header(sheet, header_row, end_row, lexer, declared);
    let mut reader = TableReader {
        sheet,
        header: &header,
        knowledge,
        lexer,
        actions: Vec::new(),
        carried: None,
        declared,
        banner: None,
        banners: Vec::new(),
        block_start: false,
    };
    // A title or banner just above the header, else the sheet's name
    // ("Indicator 3"), names the indicator of the first actions.
    let above = (header_row.saturating_sub(BANNER_ROWS_ABOVE)..header_row)
        .rev()
        .find_map(|row| reader.banner_at(row));
    if let Some(banner) = above {
        reader.banners.push(Banner {
            cell: Some(banner.cell().clone()),
            text: banner.text.clone(),
        });
        reader.banner = Some(banner);
    } else if banner_links(&sheet.name, knowledge).is_some() {
        let mut field = Field::from_cell(sheet.cell_ref(header_row, 0), None);
        field.text = sheet.name.to_string();
        reader.banners.push(Banner {
            cell: None,
            text: sheet.name.to_string(),
        });
        reader.banner = Some(field);
    }
    let last = end_row.unwrap_or(u32::MAX);
    let rows: Vec<u32> = sheet
        .rows()
        .map(|(r, _)| r)
        .filter(|r| *r > header.last_row && *r < last)
        .collect();
    for row in rows {
        reader.read_row(row);
    }
    let banners = std::mem::take(&mut reader.banners);
    let mut actions = reader.finish();
    let mut in_cell = Vec::new();
    if header.column(Concept::Owner).is_none() {
        for action in &mut actions {
            action.owner = labelled_line(&action.text, Concept::Owner, knowledge);
        }
        if actions.iter().any(|a| a.owner.is_some()) {
            in_cell.push(Concept::Owner);
        }
    }
    // Likewise measures written as a labelled line of the action
    // ("Measure: 100% of panels diverse", "KPI: RL below 1.25").
    if !table_has_kpi(&header) {
        for action in &mut actions {
            action.kpi = labelled_line(&action.text, Concept::Kpi, knowledge);
        }
        if actions.iter().any(|a| a.kpi.is_some()) {
            in_cell.push(Concept::Kpi);
            // The others state no measure: an empty one, at their text.
            for action in actions.iter_mut().filter(|a| a.kpi.is_none()) {
                action.kpi = Some(Field::from_cell(action.text.cell().clone(), None));
            }
        }
    }
    ActionTable {
        sheet: sheet.name.clone(),
        header,
        actions,
        period: None,
        banners,
        in_cell,
    }
}

struct TableReader<'a> {
    sheet: &'a Sheet,
    header: &'a Header,
    knowledge: &'a Knowledge,
    lexer: &'a Lexer<'a>,
    actions: Vec<Action>,
    /// An indicator label carried down over the actions below it.
    carried: Option<Field>,
    declared: Option<&'a SheetLayout>,
    /// The last banner row ("Metric 3: Disciplinary"): the indicator link of
    /// the actions below it that have none of their own.
    banner: Option<Field>,
    banners: Vec<Banner>,
    /// The next used row starts an action (it follows a banner).
    block_start: bool,
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
        if is_header(cells, self.lexer, self.declared) {
            return; // a header repeated after a page break
        }
        if let Some(banner) = self.banner_at(row) {
            self.banners.push(Banner {
                cell: Some(banner.cell().clone()),
                text: banner.text.clone(),
            });
            self.banner = Some(banner);
            self.block_start = true;
            return;
        }
        let used: Vec<&Cell> = cells
            .iter()
            .filter(|c| !c.value.is_empty() || c.fill.is_some())
            .collect();
        // A row with text only outside the table's columns (a page's title
        // repeated, a note in the margin) holds no action.
        if used.iter().all(|c| self.is_beyond_table(c.col)) {
            return;
        }
        if self.is_note_row(&used) {
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
                || (!action_text.trim().is_empty()
                    && (!looks_like_continuation(&action_text) || self.starts_afresh(row)))
        };
        if starts_action || std::mem::take(&mut self.block_start) {
            let action = self.new_action(row);
            self.actions.push(action);
        } else {
            self.continue_action(row);
        }
    }

    /// A row whose action text reads as a continuation ("-review the
    /// training …") but which brings a second value of its own where the
    /// action above has one: a new measure, a new timeframe. A page break
    /// splits a row's cells as it splits its text; it does not give the
    /// action a second deadline. Dash-led lists are how many plans write
    /// each objective's actions.
    fn starts_afresh(&self, row: u32) -> bool {
        let Some(last) = self.actions.last() else {
            return false;
        };
        let filled = |field: &Option<Field>| field.as_ref().is_some_and(|f| !f.is_blank());
        [
            (Concept::Owner, filled(&last.owner)),
            (Concept::Kpi, !last.kpi_has_timeline && filled(&last.kpi)),
            (
                Concept::KpiTimeline,
                last.kpi_has_timeline && filled(&last.kpi),
            ),
            (Concept::Deadline, filled(&last.deadline)),
            (Concept::Baseline, filled(&last.baseline)),
        ]
        .into_iter()
        .filter(|(_, above)| *above)
        .filter_map(|(concept, _)| self.col(concept))
        .any(|col| {
            // Only the row's own cell: one shown through a merge from above
            // is the same value, not a second.
            self.sheet.cell(row, col).is_some_and(|cell| {
                let text = cell.text();
                !text.trim().is_empty() && !looks_like_continuation(&text)
            })
        })
    }

    /// A note or key across the table ("Note: progress is reported
    /// quarterly …", "* RAG: green complete …"): its only text is one cell
    /// merged across the action column and others, or a sentence in the
    /// item column with nothing beside it. It holds no action.
    fn is_note_row(&self, used: &[&Cell]) -> bool {
        let [cell] = used else { return false };
        let text = cell.text();
        if text.trim().is_empty() {
            return false;
        }
        let action_col = self.col(Concept::Action);
        let across = self.sheet.merge_at(cell.row, cell.col).is_some_and(|m| {
            m.last_col >= m.first_col + 2
                && action_col.is_some_and(|a| m.first_col <= a && a <= m.last_col)
        });
        let sentence_as_item = self.col(Concept::Item) == Some(cell.col)
            && Some(cell.col) != action_col
            && text.split_whitespace().count() >= 4;
        across || sentence_as_item
    }

    /// A row whose only text (one cell, or one merged across the table)
    /// names an indicator: a banner over the actions below. A label in the
    /// indicator column itself is read as before (carried down).
    fn banner_at(&self, row: u32) -> Option<Field> {
        let mut texts = self.sheet.row(row).iter().filter(|c| !c.value.is_empty());
        let cell = texts.next()?;
        // The banner may carry the indicator's wording beside it ("Metric 2:
        // Appointments" | "Relative likelihood of …"), but a row with an
        // action is an action, not a banner.
        let rest: Vec<&Cell> = texts.collect();
        let action_col = self.col(Concept::Action);
        if rest.len() > 1 || rest.iter().any(|c| Some(c.col) == action_col) {
            return None;
        }
        if self.col(Concept::Indicator) == Some(cell.col) {
            return None;
        }
        banner_links(cell.value.as_text()?, self.knowledge)?;
        Some(Field::from_cell(
            self.sheet.cell_ref(row, cell.col),
            Some(cell),
        ))
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
        if let Some(banner) = &self.banner {
            if indicator.as_ref().is_none_or(Field::is_blank) {
                let mut inherited = banner.clone();
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
            deadline: field_of(Concept::Deadline).map(|mut field| {
                // A milestone under a period heading is due at its end.
                if let Some(RoleSource::PeriodHeading { due }) = self
                    .header
                    .column(Concept::Deadline)
                    .map(|c| c.source.clone())
                {
                    if !field.is_blank() {
                        field.dates = vec![due];
                    }
                }
                field
            }),
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

    /// A link column written as labels with their indicators after them
    /// ("Leadership (Metric 1 and 9)") holds themes: a cell with a theme and
    /// no indicator ("Attraction of applicants") links its action to none,
    /// rather than citing an invalid indicator.
    fn unlink_bare_labels(&mut self) {
        let knowledge = self.knowledge;
        let cells: Vec<&str> = self
            .actions
            .iter()
            .filter_map(|a| a.indicator.as_ref().map(|f| f.text.as_str()))
            .collect();
        let linked = self.actions.iter().filter(|a| a.links.is_linked()).count();
        let labelled = cells
            .iter()
            .filter(|text| crate::model::links::label_first(text, knowledge))
            .count();
        if labelled < 2 || labelled * 2 < linked {
            return;
        }
        for action in &mut self.actions {
            let bare = !action.links.is_linked()
                && !action.links.invalid.is_empty()
                && action
                    .links
                    .invalid
                    .iter()
                    .all(|i| i.reason == crate::model::links::InvalidReason::NoIndicator);
            if bare {
                action.links.invalid.clear();
            }
        }
    }

    fn finish(mut self) -> Vec<Action> {
        for action in &mut self.actions {
            let mut links = match &action.indicator {
                Some(field) => parse_link_cell(&field.text, self.knowledge),
                None => Links::default(),
            };
            for (number, _) in &action.matrix_marks {
                links.add(*number);
            }
            action.links = links;
        }
        self.unlink_bare_labels();
        // The model lives as long as the lint: no growth slack.
        self.actions.shrink_to_fit();
        self.actions
    }
}

fn table_has_kpi(header: &Header) -> bool {
    header.column(Concept::Kpi).is_some() || header.column(Concept::KpiTimeline).is_some()
}

/// The value of a line inside a field that starts with a label naming
/// `concept` ("LEAD: Strategic OD HR", "Owner – Head of HR").
pub(super) fn labelled_line(
    field: &Field,
    concept: Concept,
    knowledge: &Knowledge,
) -> Option<Field> {
    for (i, part) in field.parts.iter().enumerate() {
        let end = field
            .parts
            .get(i + 1)
            .map_or(field.text.len(), |p| p.offset);
        let cell_text = field.text.get(part.offset..end)?;
        let mut line_start = 0;
        for line in cell_text.split('\n') {
            let here = line_start;
            line_start += line.len() + 1;
            let Some(sep) = line.find([':', '-', '–']) else {
                continue;
            };
            let (label, rest) = line.split_at(sep);
            let value = rest[rest.chars().next().map_or(0, char::len_utf8)..].trim();
            let words = label.split_whitespace().count();
            if value.is_empty() || words == 0 || words > 3 {
                continue;
            }
            if crate::model::header::Heading::of(label, knowledge).concept() != Some(concept) {
                continue;
            }
            let skip = part.skip
                + here
                + (line.len() - rest.len())
                + (rest.len() - rest.trim_start_matches([':', '-', '–']).trim_start().len());
            return Some(Field {
                text: value.to_owned(),
                parts: vec![crate::model::field::Part {
                    cell: part.cell.clone(),
                    offset: 0,
                    skip,
                }],
                dates: Vec::new(),
                inherited: false,
            });
        }
    }
    None
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

#[cfg(test)]
mod tests {
    use crate::fixture::{workbook, SheetBuilder};
    use crate::knowledge::Knowledge;
    use crate::model::build;

    fn rows_of_actions(rows: &[&[&str]]) -> Vec<u32> {
        let mut sheet =
            SheetBuilder::new("Plan").row(&["Metric", "Action", "Measure", "Timeframe"]);
        for row in rows {
            sheet = sheet.row(row);
        }
        let model = build(&workbook(vec![sheet]), Knowledge::wres());
        model.actions().map(|(_, a)| a.first_row + 1).collect()
    }

    #[test]
    fn dash_led_actions_with_their_own_timeframe_are_actions() {
        let read = rows_of_actions(&[
            &[
                "Metric 2",
                "-review recruitment training\n-score interviews",
                "Appointment ratio",
                "2017",
            ],
            &[
                "",
                "-inclusive campaigns\n-analyse leavers",
                "BME staff in post",
                "2020",
            ],
        ]);
        assert_eq!(read, [2, 3]);
    }

    #[test]
    fn a_row_split_by_a_page_break_is_one_action() {
        let read = rows_of_actions(&[
            &[
                "Metric 2",
                "Review the recruitment training for",
                "Appointment ratio",
                "2017",
            ],
            &["", "- all managers, yearly", "", ""],
            &["", "(new) cohort two", "and its uptake", ""],
        ]);
        assert_eq!(read, [2]);
    }
}
