//! Small trend tables: a "Year" column and one column per group's share or
//! rate, one row per year ("31 March 2020 | 21.0%"). Data reports put one
//! under an indicator's table to show the years before; the cross-checks
//! read them for last year's figure and for restated figures.

use crate::knowledge::{normalise, Group, Knowledge, MeasureKind};
use crate::model::data::{read, year_in, Reading};
use crate::workbook::{Cell, Value, Workbook};

use super::facts::{DataFigure, What};

/// Header words of the year column.
const YEAR_HEADINGS: [&str; 5] = ["year", "years", "date", "as at", "reporting year"];

/// Every trend table's figures, for indicators whose figure is a share
/// (indicator 1) or a survey rate (5-8): from the sheet's name ("Indicator
/// 1") or the banner above the table.
pub fn read_all(workbook: &Workbook, knowledge: &Knowledge, out: &mut Vec<DataFigure>) {
    for sheet in &workbook.sheets {
        let sheet_indicator = single(crate::model::banner_links(&sheet.name, knowledge));
        let mut banner = sheet_indicator;
        let rows: Vec<(u32, &[Cell])> = sheet.rows().collect();
        for (i, (row, cells)) in rows.iter().enumerate() {
            if let [only] = cells {
                if let Some(n) = only
                    .value
                    .as_text()
                    .and_then(|t| single(crate::model::banner_links(t, knowledge)))
                {
                    banner = Some(n);
                }
            }
            let Some(columns) = header(cells, knowledge) else {
                continue;
            };
            let Some(indicator) = banner else { continue };
            let kind = knowledge
                .indicator(indicator)
                .and_then(|d| d.measure.as_ref())
                .map(|m| m.kind);
            for (below, cells) in rows[i + 1..].iter().take_while(|(r, cells)| {
                !cells.is_empty() && header(cells, knowledge).is_none() && *r > *row
            }) {
                let Some(year) = cells.first().and_then(label_year) else {
                    break;
                };
                for &(col, group) in &columns {
                    let what = match (kind, group) {
                        (Some(MeasureKind::Share), Group::Focus) => What::Share,
                        (Some(MeasureKind::SurveyPercent), Group::Focus | Group::Reference) => {
                            What::Rate(group)
                        }
                        _ => continue,
                    };
                    let cell = cells.iter().find(|c| c.col == col);
                    if let Reading::Figure(figure) = read(sheet.cell_ref(*below, col), cell) {
                        if figure.percent {
                            out.push(DataFigure {
                                indicator,
                                year: Some(year),
                                what,
                                figure,
                                computed: false,
                                trend: true,
                            });
                        }
                    }
                }
            }
        }
    }
}

/// The year of a row's label: a year written in text ("31 March 2020",
/// "2019/20") or a date cell.
fn label_year(cell: &Cell) -> Option<u16> {
    match &cell.value {
        Value::Text(t) => year_in(t),
        Value::Date(d) => u16::try_from(d.year).ok(),
        Value::Number(n) if (2000.0..2100.0).contains(n) && n.fract() == 0.0 => Some(*n as u16),
        _ => None,
    }
}

/// A trend header: a year column first, then columns naming a group's share
/// ("% BME", "White %"); the columns and their groups.
fn header(cells: &[Cell], knowledge: &Knowledge) -> Option<Vec<(u32, Group)>> {
    let (first, rest) = cells.split_first()?;
    // Most rows are not a trend header: a cheap look before normalising.
    let text = first.value.as_text()?.trim_start();
    if text.len() > 20 || !text.starts_with(['Y', 'y', 'D', 'd', 'A', 'a', 'R', 'r']) {
        return None;
    }
    let first = normalise(text);
    if !YEAR_HEADINGS.contains(&first.as_str()) {
        return None;
    }
    let columns: Vec<(u32, Group)> = rest
        .iter()
        .filter_map(|c| {
            let raw = c.value.as_text()?;
            let normalised = normalise(raw);
            let group = knowledge.data.group_within_normalised(&normalised)?;
            knowledge
                .data
                .is_share(raw, &normalised)
                .then_some((c.col, group))
        })
        .collect();
    (!columns.is_empty()).then_some(columns)
}

fn single(links: Option<crate::model::Links>) -> Option<u8> {
    let links = links?;
    match links.numbers.as_slice() {
        [n] if !links.all => Some(*n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::Sheet;

    #[test]
    fn a_year_column_and_a_share_column_under_an_indicator_sheet() {
        let cells = vec![
            Cell::new(0, 0, Value::Text("Year".into())),
            Cell::new(0, 1, Value::Text("% BME".into())),
            Cell::new(1, 0, Value::Text("31 March 2020".into())),
            Cell::new(1, 1, Value::Text("21.0%".into())),
            Cell::new(2, 0, Value::Text("31 March 2021".into())),
            Cell::new(2, 1, Value::Text("24.7%".into())),
        ];
        let workbook = Workbook {
            sheets: vec![Sheet::new("Indicator 1", cells, Vec::new())],
            ..Workbook::default()
        };
        let mut out = Vec::new();
        read_all(&workbook, Knowledge::wres(), &mut out);
        let read: Vec<(u8, Option<u16>, f64, bool)> = out
            .iter()
            .map(|f| (f.indicator, f.year, f.figure.shown, f.trend))
            .collect();
        assert_eq!(
            read,
            vec![(1, Some(2020), 21.0, true), (1, Some(2021), 24.7, true)]
        );
        // Under a sheet that names no indicator, nothing is read.
        let workbook = Workbook {
            sheets: vec![Sheet::new(
                "Trends",
                workbook.sheets[0].cells().to_vec(),
                Vec::new(),
            )],
            ..Workbook::default()
        };
        let mut out = Vec::new();
        read_all(&workbook, Knowledge::wres(), &mut out);
        assert!(out.is_empty());
    }
}
