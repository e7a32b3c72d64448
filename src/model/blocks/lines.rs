//! What one row of a block layout is: a banner, a title, a field (a label
//! and its value, beside it or after a colon, or a whole block in one
//! cell), a list's label, or an item.

use crate::knowledge::{layout, normalise, Concept, Knowledge};
use crate::workbook::{Cell, Sheet};

use crate::model::field::Field;
use crate::model::header::Heading;
use crate::model::links::banner_links;

use super::shapes;

/// A label is a short cell: this many words at most.
const LABEL_WORDS: usize = 6;

/// A label is a short cell: a longer one is not read word by word.
const MAX_LABEL_CHARS: usize = 80;

/// What one row of a block layout is.
pub(super) enum Line<'a> {
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
    /// A field on a marked line of its own ("- Measure : …"): the field of
    /// the item above it, not of the whole block.
    ItemField {
        concept: Concept,
        label: &'a Cell,
        value: Field,
    },
}

/// How a list item is marked: a bullet, a number, or not at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Marker {
    Bullet(char),
    Number,
    Plain,
}

impl Marker {
    pub(super) fn of(text: &str) -> Marker {
        let text = text.trim_start();
        match text.chars().next() {
            Some(c @ ('-' | '•' | '*' | '–' | '·' | '○' | '▪')) => Marker::Bullet(c),
            Some(c) if c.is_ascii_digit() => {
                let digits = text.bytes().take_while(u8::is_ascii_digit).count();
                match text.as_bytes().get(digits) {
                    Some(b'.' | b')') if digits <= 3 => Marker::Number,
                    _ => Marker::Plain,
                }
            }
            _ => Marker::Plain,
        }
    }
}

/// A committee paper's cover ("Meeting Date: | …", "Agenda item", "Report
/// author | …"): two rows or more open with a cover sheet's label. Its
/// lines describe a paper about a plan, and are not read as one.
pub(super) fn is_cover_sheet(sheet: &Sheet) -> bool {
    let covers = sheet.rows().filter(|(_, cells)| {
        let Some(text) = cells.iter().find_map(|c| c.value.as_text()) else {
            return false;
        };
        let label = text.split_once(':').map_or(text, |(label, _)| label);
        label.split_whitespace().count() <= LABEL_WORDS
            && layout().is_cover_sheet_label(&normalise(label))
    });
    covers.take(2).count() == 2
}

/// Whether a list item carries a list's mark: a bullet ("- ", "•") or an
/// item number ("1.", "2)").
pub(super) fn is_marked(text: &str) -> bool {
    Marker::of(text) != Marker::Plain
}

/// A list item that names rather than says: a few words, no full stop.
pub(super) fn is_short_name(text: &str) -> bool {
    let text = text.trim();
    text.split_whitespace().count() <= 8 && !text.ends_with('.')
}

/// A sentence of some length that ends as sentences do.
pub(super) fn is_paragraph(text: &str) -> bool {
    let text = text.trim();
    text.split_whitespace().count() >= 12 && text.ends_with(['.', '!'])
}

/// A label's words: its concept, and whether a number follows ("Action 2").
pub(super) fn label(text: &str, knowledge: &Knowledge) -> Option<(Option<Concept>, bool)> {
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
        .filter(|c| *c != Concept::Indicator || names_an_indicator(&stem, knowledge))
        .filter(|c| *c != Concept::Item || !is_a_count(&stem));
    // "Objective 1:", "Priority 2": a numbered title, not a field.
    if numbered {
        return Some((
            concept.filter(|c| *c == Concept::Action && is_action_word(&stem)),
            true,
        ));
    }
    concept.map(|c| (Some(c), false))
}

/// "Number of new counterparties", "Total no. of staff": a count, not an
/// item's number ("No.", "Ref number"). Read as a field label, a data
/// page's counts made its other rows a plan's field blocks.
fn is_a_count(stem: &str) -> bool {
    let words: Vec<&str> = stem.split(' ').collect();
    words
        .windows(2)
        .any(|pair| matches!(pair[0], "number" | "no") && pair[1] == "of")
}

/// An indicator label names the standard's items ("WDES Metric:",
/// "Indicator"), not only the standard ("Our Workforce Race Equality
/// Standard (WRES): Action plan …" is a title).
pub(super) fn names_an_indicator(stem: &str, knowledge: &Knowledge) -> bool {
    stem.split(' ').any(|w| {
        knowledge.indicator_words.iter().any(|i| i == w)
            && w != knowledge.standard.to_lowercase()
            && w != "standard"
            && w != "standards"
    })
}

/// "action", "wres action", "key action": the word that names an action
/// itself (not an objective or a theme over several actions).
pub(super) fn is_action_word(stem: &str) -> bool {
    stem.split(' ')
        .next_back()
        .is_some_and(|w| w == "action" || w == "actions")
}

/// A sentence naming actions themselves ("action", "actions", "steps"),
/// not objectives or themes over them. "Action" as a mass noun after "of"
/// or "to" names a field, not the items ("five key areas of action:",
/// "a call to action:"): the list under it is of areas, not actions.
///
/// A noun naming groups after the last action word says what the list
/// holds ("The actions are focused on four key areas which are:").
pub(super) fn is_action_word_in(stem: &str) -> bool {
    let words: Vec<&str> = stem.split(' ').collect();
    let last_action = words.iter().enumerate().rposition(|(i, w)| match *w {
        "actions" | "steps" => true,
        "action" => !matches!(i.checked_sub(1).map(|p| words[p]), Some("of" | "to")),
        _ => false,
    });
    last_action.is_some_and(|at| !words[at + 1..].iter().any(|w| layout().is_group_word(w)))
}

/// A label over a list of actions: not an objective, aim or plan, which
/// head a block rather than list its steps.
pub(super) fn lists_actions(label: &str) -> bool {
    !normalise(label).split(' ').any(|w| {
        matches!(
            w,
            "objective" | "objectives" | "plan" | "response" | "commitment" | "commitments"
        )
    })
}

pub(super) fn classify<'a>(
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
    // A tag after a numbered title ("Equality objective 1 [COVID-19 and
    // recovery]") names its theme; the title is read without it.
    let label_text = without_tag(label_text);
    let label_words = normalise(label_text);
    let is_publication = knowledge
        .publication_labels
        .iter()
        .any(|p| crate::knowledge::starts_with_phrase(&label_words, &normalise(p)));
    // Document metadata ("Publication date:", "Date range:") describes the
    // document, not an action: a plan page's metadata lines under its title
    // made the intro sentence an action with the date range as deadline.
    if is_publication || layout().is_metadata_label(&label_words) {
        return None;
    }
    if second.is_none() {
        if let Some((concept, start)) = shapes::item_field(sheet, row, text, knowledge) {
            let value = Field::after_label(sheet.cell_ref(row, first.col), first, start);
            return Some(Line::ItemField {
                concept,
                label: first,
                value,
            });
        }
    }
    match label(label_text, knowledge) {
        Some((None, true)) => Some(Line::Title(first)),
        // A report's table (headings over rows filling the same columns)
        // holds no field: its first heading is no label of the cells beside
        // it. A numbered label ("Action 1 | …") starts a block of its own.
        Some((Some(_), false)) if second.is_some() && shapes::heads_a_table(sheet, row, cells) => {
            None
        }
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
                Some(value)
                    if shapes::is_theme_heading(concept, label_text, &value.text, knowledge) =>
                {
                    Some(Line::Title(first))
                }
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
        _ if second.is_none() && text.trim_end().ends_with(':') && lead_in(text).len() <= 60 => {
            // A sentence whose head noun is an action ("The actions we will
            // take are:") announces a list of actions, as a label would; so
            // does one naming the plan's priorities ("For the next year
            // (2022-23), our WRES priorities are:"), or one ending on a
            // commitment. A paragraph is judged by its last clause, the one
            // that leads into the list.
            let stem = normalise(lead_in(text));
            let announces = (layout().heading_concepts(&stem).first() == Some(&Concept::Action)
                && is_action_word_in(&stem)
                && lists_actions(&stem))
                || stem.split(' ').any(|w| w == "priorities")
                // "This means we will:": each item below finishes the
                // sentence with what will be done.
                || layout().ends_in_commitment(&stem)
                // "… the following are actioned:": the items are to be done.
                || layout().ends_in_undertaking(&stem);
            Some(Line::ListLabel {
                concept: announces.then_some(Concept::Action),
                label: first,
                sentence: announces,
            })
        }
        _ => Some(Line::Item(first, second.is_none())),
    }
}

/// A row of field labels side by side ("Lead Officer Responsible: | Key
/// Success Factors: | Time scale:") with their values in the row right
/// under them, each under its label: a field block laid across the sheet.
/// Every cell of the row must be a label of some field other than the
/// action (a row naming the action too is a table's header, read as one);
/// the row under it must hold values, not more labels. The fields, label by
/// label.
pub(super) fn label_row<'a>(
    sheet: &Sheet,
    (row, cells): (u32, &'a [Cell]),
    under: Option<(u32, &'a [Cell])>,
    knowledge: &Knowledge,
) -> Option<Vec<(Concept, &'a Cell, Field)>> {
    let concept_of = |cell: &Cell| match cell
        .value
        .as_text()
        .filter(|t| t.len() <= MAX_LABEL_CHARS)
        .and_then(|t| label(t.trim_end_matches(':'), knowledge))
    {
        Some((Some(concept), false)) if concept != Concept::Action => Some(concept),
        _ => None,
    };
    let labels: Vec<(Concept, &Cell)> = cells
        .iter()
        .filter(|c| !c.value.is_empty())
        .map(|c| concept_of(c).map(|concept| (concept, c)))
        .collect::<Option<_>>()?;
    let (under_row, values) = under.filter(|(r, _)| *r == row + 1)?;
    if labels.len() < 2 || values.iter().all(|c| concept_of(c).is_some()) {
        return None;
    }
    let fields: Vec<(Concept, &Cell, Field)> = labels
        .into_iter()
        .filter_map(|(concept, label)| {
            let value = values
                .iter()
                .find(|v| v.col == label.col && !v.value.is_empty())?;
            let field = Field::from_cell(sheet.cell_ref(under_row, value.col), Some(value));
            Some((concept, label, field))
        })
        .collect();
    (!fields.is_empty()).then_some(fields)
}

/// A label without a bracketed tag after it: "Equality objective 1
/// [COVID-19 and recovery]" → "Equality objective 1".
pub(super) fn without_tag(label: &str) -> &str {
    label
        .trim_end()
        .strip_suffix(']')
        .and_then(|inner| inner.rsplit_once('['))
        .map_or(label, |(before, _)| before)
}

/// The clause of a paragraph that leads into a list: after its last
/// sentence or clause break ("… in a lasting way. For the next year
/// (2022-23), our WRES priorities are:" → "our WRES priorities are:").
pub(super) fn lead_in(text: &str) -> &str {
    let text = text.trim();
    let cut = [". ", "; ", ", ", ") "]
        .iter()
        .filter_map(|sep| text.rfind(sep).map(|at| at + sep.len()))
        .max()
        .unwrap_or(0);
    text[cut..].trim_start()
}

/// A field block written in one cell, a label on each line ("Action: …\n
/// Lead: …\nBy when: …"): its fields, the action first. Lines without a
/// label continue the field above them.
pub(super) fn fields_in_cell(
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
                        parts: vec![crate::model::field::Part {
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
