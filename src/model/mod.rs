//! The plan model: what a workbook says, in WRES terms, with every value
//! carrying the cell it came from. Built from a loaded [`Workbook`] with no I/O;
//! rules read only this (and the workbook for cell text).

mod actions;
mod blocks;
mod columns;
pub mod data;
mod declared;
mod field;
mod header;
mod links;
mod period;
mod sub_actions;
mod timelines;

pub use actions::{says_done, Action, ActionTable, Banner};
pub use columns::{Percent, RoleSource};
pub use declared::{Declared, SheetLayout};
pub use field::{Field, Part};
#[cfg(test)]
pub(crate) use header::matrix_number;
pub use header::{Column, Header, Heading, MatrixColumn};
pub use links::{banner_links, parse_link, InvalidLink, InvalidReason, Links};
pub use sub_actions::{sub_actions, SubAction};
pub use timelines::{expressions, names_date, ActionTimeline, DatedSteps, TimelineExpr};

use crate::date::Date;
use crate::knowledge::{Concept, Knowledge};
use crate::location::CellRef;
use crate::timeline::PlanPeriod;
use crate::workbook::{Visibility, Workbook};

/// Everything wreslint understood of one workbook.
#[derive(Clone, Debug, Default)]
pub struct Model {
    pub action_tables: Vec<ActionTable>,
    /// The WRES blocks of a data workbook (indicator tables, survey trends).
    pub data_tables: Vec<data::DataTable>,
    /// Indicators' figures reported without counts (a data report's
    /// summary: "Indicator 2" then "2023: 1.25").
    pub summaries: Vec<data::SummaryTable>,
    /// The period the plan covers: inferred from the workbook, or set by
    /// configuration (the runner overrides it before rules run).
    pub period: Option<Inferred<PlanPeriod>>,
    /// The date the plan was (or will be) published, likewise.
    pub publication: Option<Inferred<Date>>,
    /// Each action's timeline, parsed on first use (see [`Model::timelines`]).
    timelines: timelines::TimelineCache,
    /// The texts the model lexed, for the rules' lexer to go on from.
    lexed: crate::lex::Seen,
}

/// A value wreslint inferred from a cell, or was given by configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct Inferred<T> {
    pub value: T,
    /// The cell it was read from; `None` when configuration gave it.
    pub from: Option<CellRef>,
    /// The text it was read from (for messages: "from the title `… 2023-24`").
    pub text: String,
}

impl Model {
    /// Every action of every table, with its table.
    pub fn actions(&self) -> impl Iterator<Item = (&ActionTable, &Action)> {
        self.action_tables
            .iter()
            .flat_map(|t| t.actions.iter().map(move |a| (t, a)))
    }

    /// The texts the model lexed (each with its tokens): a lexer built
    /// with [`crate::lex::Lexer::continuing`] does not lex them again.
    pub fn lexed(&self) -> &crate::lex::Seen {
        &self.lexed
    }

    /// The period a table's actions are judged against: the table's own
    /// (a progress sheet's), else the plan's.
    pub fn period_of<'a>(&'a self, table: &'a ActionTable) -> Option<&'a Inferred<PlanPeriod>> {
        table.period.as_ref().or(self.period.as_ref())
    }
}

/// Read the model of a workbook, with the plan period and publication date
/// it states (see `docs/periods.md`).
pub fn build(workbook: &Workbook, knowledge: &Knowledge) -> Model {
    build_with(workbook, knowledge, &Declared::default())
}

/// [`build`], with what `layout:` declares about the template's sheets.
pub fn build_with(workbook: &Workbook, knowledge: &Knowledge, declared: &Declared) -> Model {
    let mut model = Model {
        data_tables: data::find_tables(workbook, knowledge),
        ..Model::default()
    };
    // Headings are read from tokens, each distinct text lexed once.
    let lexer = crate::lex::Lexer::new(knowledge);
    for sheet in &workbook.sheets {
        // wreslint's own sheets in an annotated copy hold no plan.
        if sheet.visibility == Visibility::VeryHidden
            || crate::workbook::is_summary_sheet(&sheet.name)
        {
            continue;
        }
        let layout = declared.for_sheet(&sheet.name);
        let header_rows = match layout.and_then(|l| l.header_row) {
            Some(row) => vec![row],
            None => header::find_header_rows(sheet, &lexer, layout),
        };
        // A header that repeats the table's own columns (after a page break) does
        // not start a new table.
        let mut starts: Vec<(u32, Vec<Concept>)> = Vec::new();
        for row in header_rows {
            let concepts = header::heading_concepts(sheet, row, &lexer, layout);
            if starts.last().is_none_or(|(_, last)| *last != concepts) {
                starts.push((row, concepts));
            }
        }
        for (i, (row, _)) in starts.iter().enumerate() {
            let end = starts.get(i + 1).map(|(next, _)| *next);
            model
                .action_tables
                .push(actions::read_table(sheet, *row, end, &lexer, layout));
        }
        // A sheet of counted data tables is no plan written as blocks (and
        // reading a 100,000-row data sheet as blocks doubled its lint time).
        let data_sheet = model.data_tables.iter().any(|t| **t.sheet() == *sheet.name);
        if starts.is_empty() && !data_sheet {
            model.action_tables.extend(blocks::read(sheet, knowledge));
        }
    }
    for sheet in &workbook.sheets {
        let hidden = sheet.visibility == Visibility::VeryHidden
            || crate::workbook::is_summary_sheet(&sheet.name);
        // Sheets with counted data tables are read by those.
        if hidden || model.data_tables.iter().any(|t| **t.sheet() == *sheet.name) {
            continue;
        }
        let stop = model
            .action_tables
            .iter()
            .filter(|t| *t.sheet == *sheet.name)
            // A block layout's labels may start above its figures (a "Date
            // range:" line): its first action is where the plan starts.
            .map(|t| {
                t.actions
                    .iter()
                    .map(|a| a.first_row)
                    .min()
                    .unwrap_or(t.header.first_row)
            })
            .min();
        model
            .summaries
            .extend(data::summary::read_sheet(sheet, stop, knowledge));
    }
    model.lexed = lexer.seen();
    period::infer(workbook, knowledge, &mut model);
    // A period `layout:` declares for a sheet beats what the sheet says.
    for table in &mut model.action_tables {
        if let Some(period) = declared.for_sheet(&table.sheet).and_then(|l| l.plan_period) {
            table.period = Some(Inferred {
                value: period,
                from: None,
                text: period.label(),
            });
        }
    }
    model
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{workbook, SheetBuilder};

    /// One line per action: rows, item, links, owner, the start of its text.
    fn outline(model: &Model) -> String {
        let mut out = String::new();
        for (table, action) in model.actions() {
            let owner = action
                .owner
                .as_ref()
                .map(|f| f.text.as_str())
                .unwrap_or("-");
            let item = action.item.as_ref().map(|f| f.text.as_str()).unwrap_or("-");
            let text: String = action.text.text.chars().take(24).collect();
            out.push_str(&format!(
                "{}!{}-{} item={item} links={}{:?} owner={owner} text={text:?}\n",
                table.sheet,
                action.first_row + 1,
                action.last_row + 1,
                if action.links.all { "all" } else { "" },
                action.links.numbers,
            ));
        }
        out
    }

    #[test]
    fn a_column_with_no_heading_is_typed_by_its_cells() {
        let sheet = SheetBuilder::new("Plan")
            .row(&["Action", "Responsible", "", "1", "2", "3"])
            .row(&[
                "Reverse mentoring",
                "Chief Executive",
                "31/03/2023",
                "✓",
                "",
                "",
            ])
            .row(&["Case review", "Head of ER", "30/09/2022", "", "", "✓"]);
        let model = build(&workbook(vec![sheet]), Knowledge::wres());
        let (table, action) = model.actions().next().unwrap();
        assert_eq!(
            table.header.column(Concept::Deadline).map(|c| c.col),
            Some(2)
        );
        assert_eq!(action.deadline.as_ref().unwrap().text, "31/03/2023");
    }

    #[test]
    fn banner_under_the_header_notes_and_measures_in_the_action_cell() {
        let sheet = SheetBuilder::new("Plan")
            .row(&["No.", "WRES indicator", "Action", "Lead", "Deadline"])
            .row(&["Indicator 2 – Appointment from shortlisting"])
            .row(&[
                "1",
                "2",
                "Diverse panels\nMeasure: 100% of panels diverse",
                "HR",
                "June 2023",
            ])
            .row(&["Note: progress is reported quarterly to the People Committee."])
            .row(&["2", "9", "Board target", "Chair", "March 2024"])
            .row(&["* RAG: green complete, amber in progress"])
            .merge(1, 0, 1, 4)
            .merge(3, 0, 3, 4);
        let model = build(&workbook(vec![sheet]), Knowledge::wres());
        insta::assert_snapshot!(outline(&model), @r#"
        Plan!3-3 item=1 links=[2] owner=HR text="Diverse panels\nMeasure: "
        Plan!5-5 item=2 links=[9] owner=Chair text="Board target"
        "#);
        let kpis: Vec<&str> = model
            .actions()
            .map(|(_, a)| a.kpi.as_ref().map_or("none", |f| f.text.as_str()))
            .collect();
        assert_eq!(kpis, ["100% of panels diverse", ""]);
    }

    #[test]
    fn numbered_items_with_repeated_header_and_continuation_row() {
        let header = [
            "Item",
            "Activity/Work Piece",
            "Outcomes to be achieved",
            "Link to WRES Metric",
            "Expected date of completion",
            "Responsible for action",
        ];
        let sheet = SheetBuilder::new("Plan")
            .row(&["WRES Action Plan 2018 – 2019"])
            .row(&header)
            .row(&[
                "1",
                "Share the data pack",
                "Pack issued",
                "All Metric",
                "31.12.18",
                "HR",
            ])
            .row(&[
                "2",
                "Mentoring for board members",
                "Mentors report",
                "Metric 1 & 7",
                "31.10.18",
                "HR",
            ])
            .row(&header)
            .row(&["", "which continues here", "more outcomes", "", "", ""])
            .row(&[
                "3",
                "Review recruitment data",
                "Report",
                "Separate WRES Analysis",
                "",
                "",
            ]);
        let model = build(&workbook(vec![sheet]), Knowledge::wres());
        assert_eq!(model.action_tables.len(), 1);
        assert_eq!(
            outline(&model),
            "Plan!3-3 item=1 links=all[] owner=HR text=\"Share the data pack\"\n\
             Plan!4-6 item=2 links=[1, 7] owner=HR text=\"Mentoring for board memb\"\n\
             Plan!7-7 item=3 links=[] owner= text=\"Review recruitment data\"\n"
        );
        let (_, second) = model.actions().nth(1).unwrap();
        assert_eq!(
            second.text.text,
            "Mentoring for board members\nwhich continues here"
        );
    }

    #[test]
    fn two_level_header_with_merged_indicator_labels() {
        let sheet = SheetBuilder::new("Action Plan")
            .row(&["WRES Action Plan 2023-24"])
            .row(&[
                "WRES Indicator",
                "Agreed actions",
                "Delivery",
                "",
                "Measures",
            ])
            .row(&["", "", "Lead", "Deadline", "Measure of success"])
            .row(&[
                "Indicator 1: Representation",
                "Launch a mentoring scheme",
                "Head of OD",
                "31 March 2024",
                "30 mentees",
            ])
            .row(&[
                "",
                "Audit interview panels",
                "Head of Recruitment",
                "Q3 2023/24",
                "All panels audited",
            ])
            .row(&[
                "Indicator 2: Appointments",
                "Anonymise shortlisting",
                "Head of Recruitment",
                "Q4 2023/24",
                "RL 1.25",
            ])
            .merge(1, 0, 2, 0)
            .merge(1, 1, 2, 1)
            .merge(1, 2, 1, 3)
            .merge(3, 0, 4, 0);
        let model = build(&workbook(vec![sheet]), Knowledge::wres());
        let table = &model.action_tables[0];
        let concepts: Vec<_> = table
            .header
            .columns
            .iter()
            .map(|c| (c.col, c.concept))
            .collect();
        assert_eq!(
            concepts,
            vec![
                (0, Concept::Indicator),
                (1, Concept::Action),
                (2, Concept::Owner),
                (3, Concept::Deadline),
                (4, Concept::Kpi)
            ]
        );
        assert_eq!(
            outline(&model),
            "Action Plan!4-4 item=- links=[1] owner=Head of OD text=\"Launch a mentoring schem\"\n\
             Action Plan!5-5 item=- links=[1] owner=Head of Recruitment text=\"Audit interview panels\"\n\
             Action Plan!6-6 item=- links=[2] owner=Head of Recruitment text=\"Anonymise shortlisting\"\n"
        );
    }

    #[test]
    fn an_objective_merged_down_over_finer_steps_labels_them() {
        // Walsall's equality objectives: "Objectives" (a heading word for
        // actions) merged down over four "How" steps, each with its own
        // timescale: the steps are the actions.
        let step = |n: u32| {
            format!("Step {n} sets up the staff network and reports to the board on progress")
        };
        let (s1, s2, s3) = (step(1), step(2), step(3));
        let sheet = SheetBuilder::new("P")
            .row(&["Objectives", "How", "Timescale"])
            .row(&["Empowerment and support", &s1, "April 2024"])
            .row(&["", &s2, "July 2024"])
            .row(&["", &s3, "March 2025"])
            .merge(1, 0, 3, 0);
        let model = build(&workbook(vec![sheet]), Knowledge::wres());
        let table = &model.action_tables[0];
        assert_eq!(table.actions.len(), 3);
        assert!(table.actions[0].text.text.starts_with("Step 1"));
        // Not merged down: the heading word's column stays the action.
        let plain = SheetBuilder::new("P")
            .row(&["Objectives", "How", "Timescale"])
            .row(&["Grow the network", &s1, "April 2024"])
            .row(&["Report to the board", &s2, "July 2024"]);
        let model = build(&workbook(vec![plain]), Knowledge::wres());
        assert!(model.action_tables[0].actions[0]
            .text
            .text
            .starts_with("Grow"));
    }

    #[test]
    fn blank_indicator_cells_inherit_the_label_above_and_brackets_continue() {
        let sheet = SheetBuilder::new("P")
            .row(&[
                "WRES Indicators",
                "Agreed Actions",
                "KPIs and Timelines for monitoring actions",
            ])
            .row(&[
                "Indicator 3: Disciplinary",
                "Implement a dashboard",
                "Live in Q4 2023/24",
            ])
            .row(&["", "(New)", ""])
            .row(&["", "Continue case reviews", "Monthly"])
            .row(&[
                "Indicator 4: Education",
                "Refresh appraisal",
                "Policy by March 2024",
            ]);
        let model = build(&workbook(vec![sheet]), Knowledge::wres());
        assert_eq!(
            outline(&model),
            "P!2-3 item=- links=[3] owner=- text=\"Implement a dashboard\\n(N\"\n\
             P!4-4 item=- links=[3] owner=- text=\"Continue case reviews\"\n\
             P!5-5 item=- links=[4] owner=- text=\"Refresh appraisal\"\n"
        );
        let (_, first) = model.actions().next().unwrap();
        assert!(first.kpi_has_timeline);
    }

    #[test]
    fn indicator_matrix_marks_by_text_and_fill() {
        let sheet = SheetBuilder::new("Plan")
            .row(&["", "", "", "WRES indicators"])
            .row(&["No.", "Action", "Lead", "1", "2", "3", "4"])
            .row(&["1", "Mentoring", "OD", "✓", "", "X", ""])
            .row(&["2", "Panels", "HR", "", "Amber", "", ""])
            .row(&["3", "Training", "L&D", "", "", "", ""])
            .fill(4, 6, "FFC000")
            .row(&["4", "Nothing marked", "HR", "", "", "n/a", ""])
            .merge(0, 3, 0, 6);
        let model = build(&workbook(vec![sheet]), Knowledge::wres());
        assert_eq!(model.action_tables[0].header.matrix.len(), 4);
        let links: Vec<_> = model
            .actions()
            .map(|(_, a)| a.links.numbers.clone())
            .collect();
        assert_eq!(links, vec![vec![1, 3], vec![2], vec![4], vec![]]);
    }
}
