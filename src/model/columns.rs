//! Column roles from heading and content together.
//!
//! A heading that is one of the standard's synonyms gives its column the
//! role outright. A heading that names a concept only by a word in it
//! ("WRES action", "Lead officer") gives the role when the cells below do
//! not say otherwise. A heading wreslint does not know ("Who", "By",
//! "Comments") or an empty one leaves the column to its cells: mostly dates
//! or timelines → deadline, mostly role titles → owner, mostly indicator
//! references → indicator link, mostly RAG or progress words → status. A
//! column whose cells only point at lettered sub-actions ("Action b, Action
//! d") classifies them; it is never read as actions. The reason is kept in
//! [`RoleSource`] for `wreslint inspect` and messages.

use std::sync::OnceLock;

use regex::Regex;

use crate::knowledge::{layout, normalise, Concept, Knowledge};
use crate::location::CellRef;
use crate::timeline::{self, TimeClass};
use crate::workbook::{Sheet, Value};

use super::header::{Column, Heading};
use super::links::parse_link;

/// Cells of a column looked at to type it: enough for any plan, and a bound
/// on the cost for a 20,000-row one.
const SAMPLE_CELLS: usize = 60;

/// Share of a column's non-empty cells that must agree to type it.
const AGREE: f64 = 0.6;

/// Cells longer than this many words are prose (action text, narrative).
const SHORT_WORDS: usize = 14;

/// Why a column has its role.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "by", rename_all = "kebab-case")]
pub enum RoleSource {
    /// The heading is one of the standard's synonyms.
    Heading,
    /// A word in the heading names the concept, and the cells agree or are
    /// too few to say.
    HeadingWord {
        /// Share of the sampled cells that hold what the role expects.
        agree: Option<Percent>,
    },
    /// The cells say what the column is: the heading names nothing (or
    /// something the cells contradict).
    Content { agree: Percent, cells: usize },
    /// A field label down a block layout ("Lead", "Date" beside their values).
    FieldLabel,
    /// The heading is a period ("Year 2 (2024/25)") over milestones written
    /// as text: each is due at the period's end.
    PeriodHeading {
        #[serde(skip)]
        due: crate::date::Date,
    },
    /// `layout:` in the configuration.
    Configured,
}

/// A share as a whole percentage, for display.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[serde(transparent)]
pub struct Percent(pub u8);

impl Percent {
    fn of(share: f64) -> Percent {
        Percent((share * 100.0).round().clamp(0.0, 100.0) as u8)
    }
}

impl RoleSource {
    /// A short explanation ("heading", "heading word; 80% of cells agree").
    pub fn describe(&self) -> String {
        match self {
            RoleSource::Heading => "heading".to_owned(),
            RoleSource::HeadingWord { agree: None } => "a word in the heading".to_owned(),
            RoleSource::HeadingWord { agree: Some(p) } => {
                format!("a word in the heading; {}% of its cells agree", p.0)
            }
            RoleSource::Content { agree, cells } => {
                format!("content: {}% of {cells} cells", agree.0)
            }
            RoleSource::FieldLabel => "a field label".to_owned(),
            RoleSource::PeriodHeading { due } => {
                format!("a period in the heading: milestones due {due}")
            }
            RoleSource::Configured => "configuration (layout:)".to_owned(),
        }
    }
}

/// A heading cell of a table, before its column has a role.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub col: u32,
    pub header: CellRef,
    pub text: String,
    pub heading: Heading,
}

/// What a column's cells hold, as shares of its non-empty sampled cells.
#[derive(Clone, Copy, Debug, Default)]
struct Profile {
    cells: usize,
    dated: usize,
    owner: usize,
    indicator: usize,
    status: usize,
    sub_action_refs: usize,
    item: usize,
    /// Cells holding a measure's figure: a percentage, a decimal, a count of
    /// ten or more (not a year, not "aims 1, 2 and 3").
    figures: usize,
    /// Cells merged down over two rows or more (a group's label).
    merged_down: usize,
    /// Cells of one sentence or more (eight words or more).
    sentences: usize,
}

/// What the cells of a column say it is, with the share that says so.
fn content_role(p: &Profile) -> Option<(Kind, f64)> {
    if p.cells < 2 {
        return None;
    }
    let share = |n: usize| n as f64 / p.cells as f64;
    [
        (Kind::SubActionRefs, p.sub_action_refs),
        (Kind::Item, p.item),
        (Kind::Role(Concept::Indicator), p.indicator),
        (Kind::Role(Concept::Status), p.status),
        (Kind::Role(Concept::Deadline), p.dated),
        (Kind::Role(Concept::Owner), p.owner),
    ]
    .into_iter()
    .map(|(kind, n)| (kind, share(n)))
    .filter(|(_, s)| *s >= AGREE)
    .max_by(|a, b| a.1.total_cmp(&b.1))
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Role(Concept),
    Item,
    SubActionRefs,
}

/// "Action b, Action d", "a, c", "b & e": cells that refer to lettered
/// sub-actions and say nothing else.
fn is_sub_action_refs(text: &str) -> bool {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    let pattern = PATTERN.get_or_init(|| {
        Regex::new(
            r"(?i)^\s*(?:(?:sub[- ]?)?actions?\s*)?\(?[a-z]\)?\.?(?:\s*(?:,|&|/|and)\s*(?:(?:sub[- ]?)?actions?\s*)?\(?[a-z]\)?\.?)*\s*$",
        )
        .expect("a valid pattern")
    });
    text.len() <= 80 && pattern.is_match(text)
}

/// An item number: "1", "1.2", "3a", "iv", "A".
fn is_item(text: &str) -> bool {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    let pattern = PATTERN.get_or_init(|| {
        Regex::new(r"(?i)^\s*(?:\d{1,3}(?:\.\d{1,3})*[a-z]?|[a-z]|[ivx]{1,5})[.)]?\s*$")
            .expect("a valid pattern")
    });
    pattern.is_match(text)
}

fn profile(
    sheet: &Sheet,
    col: u32,
    rows: impl Iterator<Item = u32>,
    knowledge: &Knowledge,
) -> Profile {
    let words = layout();
    let ctx = timeline::Context::default();
    let mut p = Profile::default();
    for row in rows {
        let Some(cell) = sheet.cell(row, col) else {
            continue;
        };
        if sheet
            .merge_at(row, col)
            .is_some_and(|m| m.first_row == row && m.last_row > row)
        {
            p.merged_down += 1;
        }
        if cell
            .value
            .as_text()
            .is_some_and(|t| t.split_whitespace().count() >= 8)
        {
            p.sentences += 1;
        }
        match &cell.value {
            Value::Date(_) => {
                p.cells += 1;
                p.dated += 1;
            }
            Value::Number(n) => {
                p.cells += 1;
                if n.fract() != 0.0 || *n >= 10.0 || cell.shown.is_some_and(|s| s.percent) {
                    p.figures += 1;
                }
                if n.fract() == 0.0 && (1.0..=999.0).contains(n) {
                    p.item += 1;
                    if (1.0..=f64::from(knowledge.indicator_count)).contains(n) {
                        p.indicator += 1;
                    }
                }
            }
            Value::Text(text) if !text.trim().is_empty() => {
                p.cells += 1;
                if holds_figure(text) {
                    p.figures += 1;
                }
                let normalised = normalise(text);
                let word_count = normalised.split(' ').count();
                if word_count > SHORT_WORDS {
                    continue;
                }
                if is_sub_action_refs(text) {
                    p.sub_action_refs += 1;
                }
                if is_item(text) {
                    p.item += 1;
                }
                if word_count <= 8 && parse_link(text, knowledge).is_linked() {
                    p.indicator += 1;
                }
                if word_count <= 6 && words.is_status(&normalised) {
                    p.status += 1;
                }
                if words.names_owner(&normalised) || words.is_unnamed_owner(text) {
                    p.owner += 1;
                }
                let dated = timeline::parse(text, &ctx)
                    .iter()
                    .any(|e| e.class != TimeClass::Historical);
                if dated {
                    p.dated += 1;
                }
            }
            _ => {
                if cell.fill.is_some() {
                    p.cells += 1;
                    p.status += 1;
                }
            }
        }
        if p.cells >= SAMPLE_CELLS {
            break;
        }
    }
    p
}

/// A measure's figure in a text: "20%", "1.25", "50 staff"; not a year
/// ("by 2025") nor a list of small numbers ("Equality aims 1, 2 and 3").
pub(super) fn holds_figure(text: &str) -> bool {
    crate::model::data::numbers_in_text(text).iter().any(|n| {
        n.percent || n.decimals > 0 || (n.shown >= 10.0 && !(1990.0..=2100.0).contains(&n.shown))
    })
}

/// The number of sampled cells of the candidate column at `col`.
fn profiles_cells(candidates: &[Candidate], profiles: &[Profile], col: u32) -> usize {
    candidates
        .iter()
        .zip(profiles)
        .find(|(c, _)| c.col == col)
        .map_or(0, |(_, p)| p.cells)
}

/// Concepts a table has at most one column of; the others (action details,
/// targets by year) may repeat.
fn single(concept: Concept) -> bool {
    !matches!(concept, Concept::Action | Concept::Target)
}

/// Give each heading cell's column its role, from its heading and from the
/// cells below the header (`last_header_row` exclusive, up to `end_row`).
pub fn assign(
    sheet: &Sheet,
    last_header_row: u32,
    end_row: Option<u32>,
    candidates: Vec<Candidate>,
    knowledge: &Knowledge,
) -> Vec<Column> {
    let end = end_row.unwrap_or(u32::MAX);
    let body = || {
        sheet
            .rows()
            .map(|(r, _)| r)
            .skip_while(move |r| *r <= last_header_row)
            .take_while(move |r| *r < end)
    };
    let mut columns: Vec<Column> = Vec::new();
    let taken = |columns: &[Column], concept: Concept| {
        single(concept) && columns.iter().any(|c| c.concept == concept)
    };
    let column = |c: &Candidate, concept, source| Column {
        concept,
        col: c.col,
        header: c.header.clone(),
        header_text: c.text.clone(),
        source,
    };
    let profiles: Vec<Profile> = candidates
        .iter()
        .map(|c| {
            if c.heading.synonym.is_some() && c.heading.synonym != Some(Concept::Action) {
                Profile::default()
            } else {
                profile(sheet, c.col, body(), knowledge)
            }
        })
        .collect();

    // 1. Synonyms: the role outright, unless an action column holds only
    // references to sub-actions.
    for (c, p) in candidates.iter().zip(&profiles) {
        if let Some(concept) = c.heading.synonym {
            if c.heading.declared {
                columns.push(column(c, concept, RoleSource::Configured));
                continue;
            }
            let refs = matches!(content_role(p), Some((Kind::SubActionRefs, _)));
            if !(concept == Concept::Action && refs) {
                columns.push(column(c, concept, RoleSource::Heading));
            }
        }
    }
    // 2. A word in the heading: the role unless the cells say otherwise.
    for (c, p) in candidates.iter().zip(&profiles) {
        let (None, Some(word)) = (c.heading.synonym, c.heading.word) else {
            continue;
        };
        let content = content_role(p);
        let agreed = |share: f64| RoleSource::HeadingWord {
            agree: Some(Percent::of(share)),
        };
        // A baseline or target column named by a word alone ("Aim",
        // "Goal") must hold figures: "Meets Equality aims 1, 2 and 3" cites
        // the trust's aims, it sets no target.
        let figures = p.cells >= 2 && p.figures as f64 / p.cells as f64 >= 0.3;
        let role = match content {
            Some((Kind::SubActionRefs, _)) => None,
            _ if matches!(word, Concept::Target | Concept::Baseline)
                && p.cells >= 2
                && !figures =>
            {
                None
            }
            // A heading naming two concepts: the cells choose.
            Some((Kind::Role(found), share)) if c.heading.or == Some(found) => {
                Some((found, agreed(share)))
            }
            // An action-like heading over dates or indicator references.
            Some((Kind::Role(found), share))
                if found != word
                    && share >= 0.8
                    && matches!(word, Concept::Action | Concept::Item)
                    && matches!(found, Concept::Deadline | Concept::Indicator) =>
            {
                Some((
                    found,
                    RoleSource::Content {
                        agree: Percent::of(share),
                        cells: p.cells,
                    },
                ))
            }
            Some((Kind::Item, share)) if word == Concept::Item => Some((word, agreed(share))),
            _ if word == Concept::Item => None,
            Some((Kind::Role(found), share)) if found == word => Some((word, agreed(share))),
            _ => Some((word, RoleSource::HeadingWord { agree: None })),
        };
        if let Some((concept, source)) = role {
            // A word alone never adds a second action column: "How will
            // actions be made sustainable" beside "Agreed actions" is not one.
            let second_action =
                concept == Concept::Action && columns.iter().any(|c| c.concept == concept);
            if !taken(&columns, concept) && !second_action {
                columns.push(column(c, concept, source));
            }
        }
    }
    // 2b. An action column named by a word alone whose cells are merged
    // down over several rows ("Objectives" over four "How" items) labels
    // groups: the actions are the finer column beside it, unnamed, with a
    // sentence on each row.
    let word_action = columns.iter().position(|c| {
        c.concept == Concept::Action && matches!(c.source, RoleSource::HeadingWord { .. })
    });
    if let Some(i) = word_action {
        let col = columns[i].col;
        let grouped = candidates
            .iter()
            .zip(&profiles)
            .find(|(c, _)| c.col == col)
            .is_some_and(|(_, p)| p.cells >= 1 && p.merged_down * 2 >= p.cells);
        let finer = candidates.iter().zip(&profiles).find(|(c, p)| {
            c.col > col
                && c.heading.concept().is_none()
                && !c.heading.other_standard
                && !columns.iter().any(|x| x.col == c.col)
                && p.merged_down == 0
                && p.cells > profiles_cells(&candidates, &profiles, col)
                && p.sentences * 10 >= p.cells * 6
        });
        if let (true, Some((c, p))) = (grouped, finer) {
            columns.remove(i);
            columns.push(column(
                c,
                Concept::Action,
                RoleSource::Content {
                    agree: Percent::of(p.sentences as f64 / p.cells as f64),
                    cells: p.cells,
                },
            ));
        }
    }
    // 3. Headings that name nothing: the cells decide.
    for (c, p) in candidates.iter().zip(&profiles) {
        if c.heading.concept().is_some() || c.heading.other_standard {
            continue;
        }
        if let Some((Kind::Role(concept), share)) = content_role(p) {
            if !taken(&columns, concept) {
                columns.push(column(
                    c,
                    concept,
                    RoleSource::Content {
                        agree: Percent::of(share),
                        cells: p.cells,
                    },
                ));
            }
        }
    }
    // 4. Periods as headings ("Year 1 (2023/24)", "2024/25") over
    // milestones written as text, not figures: the last period's column
    // dates each action, due at the period's end.
    if !taken(&columns, Concept::Deadline) {
        let mut milestones = candidates.iter().zip(&profiles).filter_map(|(c, p)| {
            let free = c.heading.concept().is_none()
                && !c.heading.other_standard
                && !columns.iter().any(|x| x.col == c.col);
            let text = p.cells >= 2 && p.figures * 2 < p.cells && p.dated * 2 < p.cells;
            (free && text).then_some(())?;
            period_end(&c.text).map(|due| (c, due))
        });
        if let Some((c, due)) = milestones.next_back() {
            columns.push(column(
                c,
                Concept::Deadline,
                RoleSource::PeriodHeading { due },
            ));
        }
    }
    columns.sort_by_key(|c| c.col);
    columns
}

/// The end of the one period a short heading names ("Year 2 (2024/25)",
/// "2023-24", "2025"), if it names one and nothing else dated.
fn period_end(heading: &str) -> Option<crate::date::Date> {
    if heading.split_whitespace().count() > 5 {
        return None;
    }
    let exprs = crate::timeline::parse(heading, &crate::timeline::Context::default());
    match exprs.as_slice() {
        [one] if one.class.is_dated() => one.due,
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milestones_under_period_headings_are_due_at_the_period_end() {
        use crate::fixture::{workbook, SheetBuilder};
        let sheet = SheetBuilder::new("Plan")
            .row(&[
                "WRES indicator",
                "Action",
                "Lead",
                "Year 1 (2023/24)",
                "Year 2 (2024/25)",
            ])
            .row(&[
                "1",
                "Set band targets",
                "Director of People",
                "Targets agreed",
                "Progress reported to the Board",
            ])
            .row(&[
                "2",
                "Diverse panels",
                "Head of Resourcing",
                "Panel pool trained",
                "All panels include a member",
            ]);
        let model = crate::model::build(&workbook(vec![sheet]), Knowledge::wres());
        let (table, action) = model.actions().next().unwrap();
        let deadline = table.header.column(Concept::Deadline).unwrap();
        assert_eq!(deadline.header_text, "Year 2 (2024/25)");
        assert_eq!(
            action.deadline.as_ref().unwrap().dates,
            [crate::date::Date::new(2025, 3, 31).unwrap()]
        );
        assert_eq!(period_end("Owner"), None);
        assert_eq!(period_end("2023/24 and 2024/25"), None);
    }

    #[test]
    fn sub_action_references() {
        for text in [
            "Action b, Action d",
            "a, c",
            "b & e",
            "Actions a and c",
            "(b)",
        ] {
            assert!(is_sub_action_refs(text), "{text}");
        }
        for text in ["Run a listening event", "All", "31 March 2024", "HR"] {
            assert!(!is_sub_action_refs(text), "{text}");
        }
    }

    #[test]
    fn item_numbers() {
        for text in ["1", "1.2", "3a", "A", "iv", "2."] {
            assert!(is_item(text), "{text}");
        }
        for text in ["Indicator 1", "HR", "2023/24"] {
            assert!(!is_item(text), "{text}");
        }
    }
}
