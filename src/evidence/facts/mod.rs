//! What one workbook says about each indicator, kept small enough to hold
//! for every file of a run: its figures (read from the data tables and
//! summaries the model found) and its plan (each action's links, status and
//! the figures its text quotes). Pairing and the evidence rules read only
//! this, never the workbook again.

use std::sync::Arc;

use crate::knowledge::{Group, Knowledge};
use crate::location::CellRef;
use crate::model::data::Figure;
use crate::model::{Action, Links, Model};
use crate::workbook::Workbook;

use super::quoted::{self, Quoted};

mod tables;

/// What a workbook says, for the cross-checks.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    /// "WRES" or "WDES".
    pub standard: String,
    /// The year the workbook reports on (the plan's first year, the data's
    /// year), when it says.
    pub year: Option<u16>,
    /// The indicators' figures, as stated (or computed from counts).
    pub figures: Vec<DataFigure>,
    /// The plan's actions, in reading order.
    pub actions: Vec<ActionFacts>,
    /// Cells that name an indicator above its actions (banners) and quote figures.
    pub banner_quotes: Vec<Quoted>,
    /// Where the plan's first table is, for plan-level findings.
    pub plan_sheet: Option<Arc<str>>,
    /// Sheet names in workbook order, for sorting findings.
    pub sheets: Vec<Arc<str>>,
    /// The date suppression expiry was judged against for this workbook.
    pub reference: Option<crate::date::Date>,
    /// The texts of the cells findings may point at (quotes, stated
    /// figures), clipped, for reporters that show them.
    pub texts: std::collections::HashMap<CellRef, Arc<str>>,
}

impl Facts {
    pub fn is_plan(&self) -> bool {
        !self.actions.is_empty()
    }

    pub fn is_data(&self) -> bool {
        !self.figures.is_empty()
    }

    /// The figures stated for one indicator, measure and year.
    pub fn figures_of(&self, indicator: u8, what: What) -> impl Iterator<Item = &DataFigure> {
        self.figures
            .iter()
            .filter(move |f| f.indicator == indicator && f.what == what)
    }

    /// The indicator's headline figure for the latest year the workbook gives.
    pub fn headline(&self, indicator: u8) -> Option<Headline<'_>> {
        self.headline_in(indicator, None)
    }

    /// The indicator's headline figure for one year (`None`: the latest).
    pub fn headline_in(&self, indicator: u8, year: Option<u16>) -> Option<Headline<'_>> {
        let latest = |what: What| {
            self.figures_of(indicator, what)
                .filter(|f| year.is_none() || f.year == year)
                // The indicator's own table first; a trend row only when
                // nothing else gives the figure (or for a year before).
                .max_by_key(|f| {
                    (
                        std::cmp::Reverse(f.trend && year.is_none()),
                        f.year.unwrap_or(0),
                        std::cmp::Reverse(f.computed),
                    )
                })
        };
        if let Some(rl) = latest(What::RelativeLikelihood) {
            return Some(Headline::Ratio(rl));
        }
        if let (Some(focus), Some(reference)) = (
            latest(What::Rate(Group::Focus)),
            latest(What::Rate(Group::Reference)),
        ) {
            if focus.year == reference.year {
                return Some(Headline::Rates { focus, reference });
            }
        }
        if let Some(points) = latest(What::Points) {
            return Some(Headline::Points(points));
        }
        latest(What::Share).map(Headline::Share)
    }

    /// Actions linked to an indicator, directly or by "All".
    pub fn actions_for(&self, indicator: u8) -> impl Iterator<Item = &ActionFacts> {
        self.actions
            .iter()
            .filter(move |a| a.links.covers(indicator))
    }
}

/// Which figure of an indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum What {
    /// A relative likelihood (indicators 2-4).
    RelativeLikelihood,
    /// The focus group's share of the workforce, in % (indicator 1).
    Share,
    /// A group's rate, in % (a survey percentage, indicators 5-8).
    Rate(Group),
    /// A difference in percentage points (indicator 9).
    Points,
    /// The focus group's share of the voting board, in % (indicator 9's
    /// first term, when a plan states it apart from the workforce's).
    BoardShare,
}

/// One figure of an indicator as the data state it.
#[derive(Clone, Debug, PartialEq)]
pub struct DataFigure {
    pub indicator: u8,
    pub year: Option<u16>,
    pub what: What,
    /// The number as shown (22.1 for 22.1 %), its decimals and cell.
    pub figure: Figure,
    /// Worked out from counts (no cell states it); `figure.cell` is then
    /// the first cell of the counts.
    pub computed: bool,
    /// A row of a trend table ("31 March 2020 | 21.0%"): a year before, or
    /// the current year again under a date that may count years another way.
    pub trend: bool,
}

impl DataFigure {
    /// As printed: "1.52", "22.1%".
    pub fn display(&self) -> String {
        self.what.display(self.figure.shown, self.figure.decimals)
    }
}

impl What {
    /// A number of this kind as printed: "1.52", "22.1%", "-4 points".
    pub fn display(self, shown: f64, decimals: u8) -> String {
        let number = crate::model::data::fmt_decimal(shown, decimals);
        match self {
            What::RelativeLikelihood => number,
            What::Points => format!("{number} points"),
            What::Share | What::Rate(_) | What::BoardShare => format!("{number}%"),
        }
    }
}

/// An indicator's figure that is judged adverse or not.
#[derive(Clone, Copy, Debug)]
pub enum Headline<'a> {
    Ratio(&'a DataFigure),
    /// Both groups' survey rates of one year.
    Rates {
        focus: &'a DataFigure,
        reference: &'a DataFigure,
    },
    Points(&'a DataFigure),
    Share(&'a DataFigure),
}

impl<'a> Headline<'a> {
    /// The figure whose cell a finding names.
    pub fn figure(&self) -> &'a DataFigure {
        match *self {
            Headline::Ratio(f) | Headline::Points(f) | Headline::Share(f) => f,
            Headline::Rates { focus, .. } => focus,
        }
    }

    pub fn year(&self) -> Option<u16> {
        self.figure().year
    }

    /// As a message quotes it: "1.52", or both groups' rates joined by
    /// `joiner` ("BME 27.0% against White 24.1%").
    pub fn display(&self, joiner: &str) -> String {
        match *self {
            Headline::Rates { focus, reference } => {
                format!(
                    "BME {}{joiner}White {}",
                    focus.display(),
                    reference.display()
                )
            }
            _ => self.figure().display(),
        }
    }
}

/// One action of the plan, as the cross-checks need it.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionFacts {
    /// The action's text cell.
    pub cell: CellRef,
    /// The action's text, first line, shortened: to name it in messages
    /// and to find it again in next year's plan.
    pub name: String,
    pub links: Links,
    /// Its status or RAG says it is complete.
    pub done: bool,
    /// It has a status or progress cell at all.
    pub has_status: bool,
    /// Figures its cells quote, with the indicator each is about.
    pub quoted: Vec<Quoted>,
}

/// Read the facts of a linted workbook.
pub fn of(model: &Model, knowledge: &Knowledge, workbook: &Workbook) -> Facts {
    let mut facts = Facts {
        standard: knowledge.standard.clone(),
        sheets: workbook.sheets.iter().map(|s| s.name.clone()).collect(),
        ..Facts::default()
    };
    tables::read_figures(model, knowledge, &mut facts.figures);
    super::trend::read_all(workbook, knowledge, &mut facts.figures);
    super::trend::read_by_year(workbook, knowledge, &mut facts.figures);
    for (table, action) in model.actions() {
        if facts.plan_sheet.is_none() {
            facts.plan_sheet = Some(table.sheet.clone());
        }
        facts.actions.push(action_facts(action, knowledge));
    }
    // Prose is read in plans, and in workbooks with no table of figures (a
    // data summary written as text); a data workbook's tables are its data.
    if facts.is_plan() || facts.figures.is_empty() {
        prose_quotes(model, knowledge, workbook, &mut facts);
    }
    facts.year = year_of(model, &facts.figures);
    let stated = stated_in_prose(&facts);
    facts.figures.extend(stated);
    if let Some(points) = board_difference(&facts) {
        facts.figures.push(points);
    }
    let cells: Vec<CellRef> = facts
        .actions
        .iter()
        .flat_map(|a| a.quoted.iter().map(|q| q.cell.clone()))
        .chain(facts.banner_quotes.iter().map(|q| q.cell.clone()))
        .chain(facts.figures.iter().map(|f| f.figure.cell.clone()))
        .collect();
    for cell in cells {
        if let Some(text) = workbook.cell(&cell).map(crate::workbook::Cell::text) {
            facts
                .texts
                .entry(cell)
                .or_insert_with(|| Arc::from(crate::diagnostic::clip_cell_text(text)));
        }
    }
    facts
}

/// Indicator 9 from a page that states the board's share and the
/// workforce's apart ("Board members: BAME 17%", "Current workforce: BAME
/// 21%"): the difference, at the board's cell, when no table gives it.
fn board_difference(facts: &Facts) -> Option<DataFigure> {
    if facts
        .figures
        .iter()
        .any(|f| f.indicator == 9 && f.what == What::Points)
    {
        return None;
    }
    let board = facts
        .banner_quotes
        .iter()
        .find(|q| q.what == What::BoardShare && !q.target)?;
    // The workforce's share on the same sheet, else the indicator 1 figure.
    let workforce_here = facts
        .banner_quotes
        .iter()
        .find(|q| q.what == What::Share && !q.target && q.cell.sheet == board.cell.sheet);
    let workforce = workforce_here.map(|q| (q.shown, q.decimals)).or_else(|| {
        facts
            .figures
            .iter()
            .filter(|f| f.indicator == 1 && f.what == What::Share)
            .max_by_key(|f| f.year.unwrap_or(0))
            .map(|f| (f.figure.shown, f.figure.decimals))
    })?;
    let decimals = board.decimals.max(workforce.1);
    Some(DataFigure {
        indicator: 9,
        year: board.year.or(facts.year),
        what: What::Points,
        figure: Figure {
            cell: board.cell.clone(),
            shown: crate::model::data::round_half_up(board.shown - workforce.0, decimals),
            decimals,
            percent: false,
            source: crate::model::data::Source::Text,
        },
        computed: true,
        trend: false,
    })
}

/// A plan that states an indicator's figures in prose ("44.5% of BAME
/// staff believe … against 61.3% of white staff", a commentary beside the
/// actions, an analysis under the indicator's heading) publishes its data
/// there: those figures are its data, where no table gives that figure.
/// Only prose cells under the indicator's own banner or sheet count (action
/// cells hold targets; another indicator's page may quote it second-hand),
/// and a figure with no year beside it is of the plan's year.
fn stated_in_prose(facts: &Facts) -> Vec<DataFigure> {
    let in_tables: std::collections::HashSet<(u8, What)> = facts
        .figures
        .iter()
        .map(|f| (f.indicator, f.what))
        .collect();
    facts
        .banner_quotes
        .iter()
        .filter(|q| !q.target && q.own_page && !in_tables.contains(&(q.indicator, q.what)))
        .map(|q| DataFigure {
            indicator: q.indicator,
            year: q.year.or(facts.year),
            what: q.what,
            figure: Figure {
                cell: q.cell.clone(),
                shown: q.shown,
                decimals: q.decimals,
                percent: matches!(q.what, What::Share | What::Rate(_)),
                source: crate::model::data::Source::Text,
            },
            computed: false,
            trend: false,
        })
        .collect()
}

/// Figures quoted in the plan's other text cells (an introduction, a
/// commentary column, an analysis paragraph above the actions): their
/// indicator from the words beside them, else the sheet's name ("Indicator
/// 1") or the last banner above them.
fn text_of(cell: &crate::workbook::Cell) -> Option<&str> {
    match &cell.value {
        crate::workbook::Value::Text(t) => Some(t),
        _ => None,
    }
}

fn prose_quotes(model: &Model, knowledge: &Knowledge, workbook: &Workbook, facts: &mut Facts) {
    let taken: std::collections::HashSet<&CellRef> = facts
        .actions
        .iter()
        .flat_map(|a| a.quoted.iter().map(|q| &q.cell))
        .chain(facts.banner_quotes.iter().map(|q| &q.cell))
        .collect();
    let mut found = Vec::new();
    for sheet in &workbook.sheets {
        let sheet_links = crate::model::banner_links(&sheet.name, knowledge).unwrap_or_default();
        let banners: Vec<(u32, Links)> = model
            .action_tables
            .iter()
            .filter(|t| t.sheet == sheet.name)
            .flat_map(|t| &t.banners)
            .filter_map(|b| {
                let cell = b.cell.as_ref()?;
                Some((cell.row, crate::model::banner_links(&b.text, knowledge)?))
            })
            .collect();
        // The heading just above a row: the text of the last row of one cell.
        let mut heading: Option<(u32, &str)> = None;
        for (row, cells) in sheet.rows() {
            let label = cells.first().and_then(text_of);
            let above = heading.filter(|(r, _)| row <= r + 3).map(|(_, h)| h);
            for cell in cells {
                let Some(text) = text_of(cell) else { continue };
                let at = sheet.cell_ref(cell.row, cell.col);
                if taken.contains(&at) {
                    continue;
                }
                let links = banners
                    .iter()
                    .filter(|(r, _)| *r <= cell.row)
                    .max_by_key(|(r, _)| *r)
                    .map_or(&sheet_links, |(_, l)| l);
                let context = quoted::Context {
                    label: label.filter(|_| cells.first().is_some_and(|f| f.col < cell.col)),
                    heading: above,
                };
                found.extend(quoted::find(
                    text,
                    &|span| (at.clone(), span.start),
                    links,
                    knowledge,
                    &context,
                ));
            }
            if let [only] = cells {
                if let Some(text) = text_of(only) {
                    heading = Some((row, text));
                }
            }
        }
    }
    facts.banner_quotes.extend(found);
}

fn action_facts(action: &Action, knowledge: &Knowledge) -> ActionFacts {
    let done = action
        .status
        .as_ref()
        .is_some_and(|s| crate::model::says_done(&s.text));
    let mut quoted = Vec::new();
    let measures_likelihood = action.kpi.as_ref().is_some_and(|k| {
        let lower = k.text.to_lowercase();
        lower.contains("likelihood")
            || lower.contains("likely")
            || lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == "rl")
    });
    let fields = std::iter::once(&action.text)
        .chain(&action.details)
        .chain(action.kpi.iter())
        .chain(action.baseline.iter())
        .chain(&action.targets);
    for field in fields {
        if field.inherited {
            continue;
        }
        let locate = |span: std::ops::Range<usize>| {
            let (cell, span) = field.locate(span);
            (cell, span.start)
        };
        let mut found = quoted::find(
            &field.text,
            &locate,
            &action.links,
            knowledge,
            &quoted::Context::default(),
        );
        let is_target = action.targets.iter().any(|t| std::ptr::eq(t, field));
        let is_baseline = action
            .baseline
            .as_ref()
            .is_some_and(|b| std::ptr::eq(b, field));
        // A Baseline or Target column typed by its heading: a bare ratio
        // there ("1.52") is the relative likelihood of the action's one
        // indicator 2-4 when its measure says it is one (a baseline of
        // 0.62 beside "Share of managers trained" is not).
        if found.is_empty() && (is_target || is_baseline) && measures_likelihood {
            found.extend(quoted::bare_ratio(
                &field.text,
                &locate,
                &action.links,
                knowledge,
            ));
        }
        if is_target {
            for q in &mut found {
                q.target = true;
            }
        }
        quoted.extend(found);
    }
    ActionFacts {
        cell: action.text.cell().clone(),
        name: short_name(&action.text.text),
        links: action.links.clone(),
        done,
        has_status: action.status.as_ref().is_some_and(|s| !s.is_blank()),
        quoted,
    }
}

/// The first line of an action, at most 80 characters (cut at a word).
pub fn short_name(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    crate::model::data::cut_at_word(line, 80)
}

/// The year a workbook reports on: the plan period's first year, else the
/// publication's, else the latest year its figures are for.
fn year_of(model: &Model, figures: &[DataFigure]) -> Option<u16> {
    if let Some(period) = &model.period {
        return u16::try_from(period.value.start.year).ok();
    }
    if let Some(publication) = &model.publication {
        return u16::try_from(publication.value.year).ok();
    }
    figures.iter().filter_map(|f| f.year).max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_cut_at_a_word() {
        assert_eq!(short_name("\n  Run mentoring\nsecond"), "Run mentoring");
        let long = "word ".repeat(30);
        assert!(short_name(&long).ends_with('…'));
        assert!(short_name(&long).chars().count() <= 81);
    }
}
