//! Small trend tables: a "Year" column and one column per group's share or
//! rate, one row per year ("31 March 2020 | 21.0%"). Data reports put one
//! under an indicator's table to show the years before; the cross-checks
//! read them for last year's figure and for restated figures.

use crate::knowledge::{normalise, Group, Knowledge, MeasureKind};
use crate::model::data::{read, year_in, Figure, Reading};
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

/// Comparator groups of an indicator-by-year table: their columns are not
/// the trust's own figures.
const COMPARATORS: [&str; 6] = [
    "national",
    "england",
    "benchmark",
    "average",
    "nhs",
    "region",
];

/// Indicator-by-year tables: a header row of years (possibly twice, under a
/// group row such as "National" and the trust's "MEH"), then one row per
/// indicator whose first cell is its number, a label, and for survey
/// indicators the group ("BME", "White"). The trust's columns are those not
/// under a comparator group. Sub-rows (a blank number, "VSM") are skipped.
pub fn read_by_year(workbook: &Workbook, knowledge: &Knowledge, out: &mut Vec<DataFigure>) {
    for sheet in &workbook.sheets {
        let rows: Vec<(u32, &[Cell])> = sheet.rows().collect();
        for (i, (_, cells)) in rows.iter().enumerate() {
            // Most rows hold no year at all: count before collecting.
            if cells
                .iter()
                .filter(|c| year_cell(c).is_some())
                .take(3)
                .count()
                < 3
            {
                continue;
            }
            let years: Vec<(u32, u16)> = cells
                .iter()
                .filter_map(|c| Some((c.col, year_cell(c)?)))
                .collect();
            // Years left to right, at least three, starting after a label
            // column, each the one before plus one (or a new run starting
            // again), and nothing else numeric on the row: a row of counts
            // that happen to lie between 2000 and 2100 is not a header.
            let numbers = cells
                .iter()
                .filter(|c| matches!(c.value, Value::Number(_)))
                .count();
            let runs_of_years = years
                .windows(2)
                .all(|w| w[1].1 == w[0].1 + 1 || w[1].1 < w[0].1);
            if years.len() < 3
                || years.first().is_some_and(|(col, _)| *col == 0)
                || !runs_of_years
                || numbers > years.len()
            {
                continue;
            }
            // The group row above, if any: which columns are a comparator's.
            let groups: Vec<(u32, bool)> = i
                .checked_sub(1)
                .and_then(|j| rows.get(j))
                .map(|(_, above)| {
                    above
                        .iter()
                        .filter_map(|c| {
                            let t = normalise(c.value.as_text()?);
                            Some((
                                c.col,
                                COMPARATORS.iter().any(|w| t.split(' ').any(|x| x == *w)),
                            ))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let comparator = |col: u32| {
                groups
                    .iter()
                    .filter(|(c, _)| *c <= col)
                    .max_by_key(|(c, _)| *c)
                    .is_some_and(|(_, national)| *national)
            };
            let own: Vec<(u32, u16)> = years.into_iter().filter(|(c, _)| !comparator(*c)).collect();
            if own.len() < 2 {
                continue;
            }
            // An indicator table is short: nine indicators and their sub-rows.
            for (row, cells) in rows[i + 1..].iter().take(MAX_INDICATOR_ROWS) {
                let Some(indicator) = cells
                    .first()
                    .filter(|c| c.col == 0)
                    .and_then(indicator_number)
                    .filter(|n| (1..=knowledge.indicator_count).contains(n))
                else {
                    if cells.is_empty() {
                        break;
                    }
                    continue;
                };
                let kind = knowledge
                    .indicator(indicator)
                    .and_then(|d| d.measure.as_ref())
                    .map(|m| m.kind);
                let group = cells
                    .iter()
                    .filter(|c| c.col > 0 && c.col < own[0].0)
                    .filter_map(|c| c.value.as_text())
                    .find_map(|t| knowledge.data.group(t));
                let what = match (kind, group) {
                    (Some(MeasureKind::RelativeLikelihood), _) => What::RelativeLikelihood,
                    (
                        Some(MeasureKind::SurveyPercent),
                        Some(g @ (Group::Focus | Group::Reference)),
                    ) => What::Rate(g),
                    (Some(MeasureKind::Share), _) => What::Share,
                    _ => continue,
                };
                for &(col, year) in &own {
                    let cell = cells.iter().find(|c| c.col == col);
                    let at = sheet.cell_ref(*row, col);
                    let reading = match read(at.clone(), cell) {
                        Reading::Nothing if what == What::RelativeLikelihood => cell
                            .and_then(|c| ratio_in_sentence(at, c))
                            .map_or(Reading::Nothing, Reading::Figure),
                        reading => reading,
                    };
                    if let Reading::Figure(figure) = reading {
                        let percent_kind = !matches!(what, What::RelativeLikelihood);
                        if figure.percent == percent_kind {
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

/// Most rows read below an indicator-by-year header.
const MAX_INDICATOR_ROWS: usize = 40;

/// A header cell that is a year: "2023" as text or a whole number, or a
/// financial year ("2020/21", "2020-21", "2020/2021"; its first year, as
/// `year_in` reads it).
fn year_cell(cell: &Cell) -> Option<u16> {
    let year = match &cell.value {
        Value::Text(t) if t.trim().len() == 4 => t.trim().parse::<u16>().ok()?,
        Value::Text(t) => financial_year(t.trim())?,
        Value::Number(n) if n.fract() == 0.0 => *n as u16,
        _ => return None,
    };
    (2000..2100).contains(&year).then_some(year)
}

/// "2020/21", "2020-21", "2020 / 2021": the first year, when the second
/// follows it.
fn financial_year(text: &str) -> Option<u16> {
    let (first, second) = text.split_once(['/', '-', '–'])?;
    let (first, second) = (first.trim(), second.trim());
    if first.len() != 4 || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !matches!(second.len(), 2 | 4) || !second.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let start: u16 = first.parse().ok()?;
    let end: u16 = second.parse().ok()?;
    let next = start + 1;
    (end == next || end == next % 100).then_some(start)
}

/// An indicator's number standing alone in a cell ("1", 2, "3."), or
/// leading its name ("2 - Recruitment", "3: Capability").
fn indicator_number(cell: &Cell) -> Option<u8> {
    match &cell.value {
        Value::Number(n) if n.fract() == 0.0 && (1.0..=20.0).contains(n) => Some(*n as u8),
        Value::Text(t) => {
            let t = t.trim();
            let digits = t.bytes().take_while(u8::is_ascii_digit).count();
            let rest = t[digits..].trim_start();
            let named = rest.is_empty()
                || rest == "."
                || (rest.starts_with(['-', '–', ':', ')'])
                    && rest[rest.chars().next()?.len_utf8()..]
                        .trim_start()
                        .starts_with(char::is_alphabetic));
            (matches!(digits, 1 | 2) && named)
                .then(|| t[..digits].parse().ok())
                .flatten()
        }
        _ => None,
    }
}

/// A relative likelihood written in a sentence in its year's cell
/// ("Non-Disabled staff are 1.79 times more likely to be appointed …"):
/// the one number of a text that speaks of likelihood or times.
fn ratio_in_sentence(at: crate::location::CellRef, cell: &Cell) -> Option<Figure> {
    let text = cell.value.as_text()?;
    let words = normalise(text);
    if !(words.contains("likely") || words.contains("likelihood") || words.contains("times")) {
        return None;
    }
    let numbers = crate::model::data::numbers_in_text(text);
    let [number] = numbers.as_slice() else {
        return None;
    };
    (!number.percent && !number.points).then_some(Figure {
        cell: at,
        shown: number.shown,
        decimals: number.decimals,
        percent: false,
        source: crate::model::data::Source::Text,
    })
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

    /// COCH's WDES 2023-24 metrics (tests/fixtures/data/coch-wdes-2023-24.yaml):
    /// financial years as headings, "2 - Recruitment", the ratio in a sentence.
    #[test]
    fn financial_years_named_metrics_and_ratios_in_sentences() {
        let text = |r, c, t: &str| Cell::new(r, c, Value::Text(t.into()));
        let cells = vec![
            text(0, 0, "Indicator"),
            text(0, 1, "Comparator"),
            text(0, 2, "2020/21"),
            text(0, 3, "2021/22"),
            text(0, 4, "2022/23"),
            text(1, 0, "1 - Representation"),
            text(1, 2, "See table above"),
            text(2, 0, "2 - Recruitment"),
            text(
                2,
                2,
                "Non-Disabled staff are 1.79 times more likely to be appointed.",
            ),
            text(
                2,
                3,
                "Non-Disabled staff are 1.59 times more likely to be appointed.",
            ),
            text(2, 4, "Between 1.2 and 1.3 times as likely"),
        ];
        let workbook = Workbook {
            sheets: vec![Sheet::new("Data", cells, Vec::new())],
            ..Workbook::default()
        };
        let mut out = Vec::new();
        read_by_year(&workbook, Knowledge::wdes(), &mut out);
        let read: Vec<(u8, Option<u16>, f64)> = out
            .iter()
            .map(|f| (f.indicator, f.year, f.figure.shown))
            .collect();
        // Two numbers in a sentence are not one ratio.
        assert_eq!(read, vec![(2, Some(2020), 1.79), (2, Some(2021), 1.59)]);
        assert_eq!(financial_year("2020-2021"), Some(2020));
        assert_eq!(financial_year("2020/22"), None);
        let label = |t: &str| indicator_number(&text(0, 0, t));
        assert_eq!(label("3: Capability"), Some(3));
        assert_eq!(label("2023"), None);
        assert_eq!(label("1.5"), None);
        assert_eq!(label("2 staff"), None);
    }

    #[test]
    fn an_indicator_by_year_table_gives_the_trusts_columns_not_the_national() {
        let text = |r, c, t: &str| Cell::new(r, c, Value::Text(t.into()));
        let number = |r, c, n: f64| Cell::new(r, c, Value::Number(n));
        let cells = vec![
            text(0, 0, "WRES"),
            text(0, 2, "National"),
            text(0, 4, "Trust"),
            text(1, 0, "Indicator"),
            text(1, 2, "2022"),
            text(1, 3, "2023"),
            text(1, 4, "2022"),
            text(1, 5, "2023"),
            text(2, 0, "2"),
            text(
                2,
                1,
                "Relative likelihood of white applicants being appointed",
            ),
            number(2, 2, 1.54),
            number(2, 3, 1.59),
            number(2, 4, 1.38),
            number(2, 5, 1.21),
        ];
        let workbook = Workbook {
            sheets: vec![Sheet::new("Data", cells, Vec::new())],
            ..Workbook::default()
        };
        let mut out = Vec::new();
        read_by_year(&workbook, Knowledge::wres(), &mut out);
        let read: Vec<(u8, Option<u16>, f64)> = out
            .iter()
            .map(|f| (f.indicator, f.year, f.figure.shown))
            .collect();
        assert_eq!(read, vec![(2, Some(2022), 1.38), (2, Some(2023), 1.21)]);
        // A row of counts between 2000 and 2100 is not a header of years.
        let counts = vec![
            text(0, 0, "Band"),
            number(0, 1, 2041.0),
            number(0, 2, 2042.0),
            number(0, 3, 2043.0),
            number(0, 4, 5.0),
            text(1, 0, "2"),
            number(1, 1, 1.5),
            number(1, 2, 1.5),
            number(1, 3, 1.5),
        ];
        let workbook = Workbook {
            sheets: vec![Sheet::new("Data", counts, Vec::new())],
            ..Workbook::default()
        };
        let mut out = Vec::new();
        read_by_year(&workbook, Knowledge::wres(), &mut out);
        assert!(out.is_empty(), "{out:?}");
    }
}
