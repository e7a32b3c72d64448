//! Summary tables: the indicators' figures with no counts behind them, as
//! data reports and annual reports publish them. Under a banner naming an
//! indicator ("Indicator 2: Relative likelihood of …", or a sheet named
//! "Indicator 4"), each row that gives one figure is read:
//!
//! - a label and a figure beside it ("NCIC 2023:" | "1.25%");
//! - a group's rate in one cell ("White staff - 9.6%", "BAME staff: 55.9%");
//! - a relative likelihood in a sentence ("… is 1.1", "1.7 times as likely").
//!
//! What can be checked without counts is then checked: a relative likelihood
//! written as a percentage, a share above 100, and a relative likelihood
//! that disagrees with the two groups' rates printed beside it.

use std::sync::Arc;

use crate::knowledge::{normalise, Group, Knowledge};
use crate::model::links::banner_links;
use crate::workbook::{Cell, Sheet, Value};

use super::figure::{numbers_in_text, parse_number_text, read, Figure, Reading, Source};

/// The figures reported for one indicator.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryTable {
    pub sheet: Arc<str>,
    pub indicator: u8,
    /// The banner's text (or the sheet name).
    pub title: String,
    pub figures: Vec<SummaryFigure>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SummaryFigure {
    pub label: String,
    /// The group the figure is of ("White staff - 9.6%"), if it names one.
    pub group: Option<Group>,
    pub figure: Figure,
}

impl SummaryTable {
    /// The rate stated for a group, if exactly one is.
    pub fn rate_of(&self, group: Group) -> Option<&Figure> {
        let mut rates = self
            .figures
            .iter()
            .filter(|f| f.group == Some(group) && f.figure.percent);
        let first = rates.next()?;
        rates.next().is_none().then_some(&first.figure)
    }
}

/// A figure in one text cell: its number, when the cell holds exactly one
/// (dates and years aside).
fn figure_in_text(sheet: &Sheet, cell: &Cell, text: &str) -> Option<Figure> {
    let numbers = numbers_in_text(text);
    let [number] = numbers.as_slice() else {
        return None;
    };
    Some(Figure {
        cell: sheet.cell_ref(cell.row, cell.col),
        shown: number.shown,
        decimals: number.decimals,
        percent: number.percent,
        source: Source::Text,
    })
}

/// One row's figure under a banner, with its label.
fn row_figure(sheet: &Sheet, cells: &[&Cell], knowledge: &Knowledge) -> Option<SummaryFigure> {
    let groups = &knowledge.data;
    match cells {
        // "Label:" | figure
        [label, value] => {
            let label_text = label.value.as_text()?;
            let figure = match read(sheet.cell_ref(value.row, value.col), Some(value)) {
                Reading::Figure(f) => f,
                _ => return None,
            };
            Some(SummaryFigure {
                label: label_text.trim().to_owned(),
                group: groups.group(label_text.trim().trim_end_matches(':')),
                figure,
            })
        }
        // "White staff - 9.6%" or "… relative likelihood … is 1.1"
        [cell] => {
            let text = cell.value.as_text()?;
            if text.len() > 300 || parse_number_text(text).is_some() {
                return None;
            }
            let figure = figure_in_text(sheet, cell, text)?;
            let before = text
                .split(|c: char| c.is_ascii_digit())
                .next()
                .unwrap_or("");
            let before = before.trim_end_matches(|c: char| !c.is_alphanumeric());
            let group = groups.group(before);
            let normalised = normalise(text);
            let ratio_words = normalised.contains("likelihood")
                || normalised.contains("times")
                || normalised.contains("as likely");
            let ratio = ratio_words && !figure.percent;
            if group.is_none() && !ratio {
                return None;
            }
            // "BAME staff are 1.7 times as likely …" states the ratio, not
            // the BAME group's rate.
            let group = if ratio { None } else { group };
            Some(SummaryFigure {
                label: text.trim().to_owned(),
                group,
                figure,
            })
        }
        _ => None,
    }
}

/// Every summary table on a sheet, above `stop_row` (where an action
/// table starts).
pub fn read_sheet(
    sheet: &Sheet,
    stop_row: Option<u32>,
    knowledge: &Knowledge,
) -> Vec<SummaryTable> {
    let mut tables: Vec<SummaryTable> = Vec::new();
    let mut current = banner_links(&sheet.name, knowledge)
        .and_then(|l| l.numbers.first().copied())
        .map(|indicator| SummaryTable {
            sheet: sheet.name.clone(),
            indicator,
            title: sheet.name.to_string(),
            figures: Vec::new(),
        });
    for (row, cells) in sheet.rows() {
        if stop_row.is_some_and(|stop| row >= stop) {
            break;
        }
        let used: Vec<&Cell> = cells.iter().filter(|c| !c.value.is_empty()).collect();
        if let [first] = used.as_slice() {
            if let Some(links) = first
                .value
                .as_text()
                .and_then(|t| banner_links(t, knowledge))
            {
                if let [indicator] = links.numbers.as_slice() {
                    tables.extend(current.take().filter(|t| !t.figures.is_empty()));
                    current = Some(SummaryTable {
                        sheet: sheet.name.clone(),
                        indicator: *indicator,
                        title: first.text(),
                        figures: Vec::new(),
                    });
                    continue;
                }
            }
        }
        let Some(table) = current.as_mut() else {
            continue;
        };
        if used.len() > 2 || used.iter().any(|c| matches!(c.value, Value::Date(_))) {
            // A wider table is a data table or a plan, read elsewhere.
            tables.extend(current.take().filter(|t| !t.figures.is_empty()));
            continue;
        }
        if let Some(figure) = row_figure(sheet, &used, knowledge) {
            table.figures.push(figure);
        }
    }
    tables.extend(current.filter(|t| !t.figures.is_empty()));
    tables
}
