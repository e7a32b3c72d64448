//! The plan period and the publication date, read from the workbook.
//!
//! Both are searched in a fixed order, and the first match wins, so the same
//! workbook always gives the same answer:
//!
//! - **Plan period**: on each sheet holding an action table (in sheet order),
//!   the title and metadata cells above its first header (row by row, left to
//!   right), then the sheet's name, then its header texts ("Progress
//!   2023/24"; baseline headers such as "Baseline (2022/23)" are skipped, as
//!   they name a past year). Only when none of those names a period are the
//!   other sheets tried: their first rows, then their names. A period is a
//!   financial year or a span of them, read by [`timeline::find_period`]
//!   ("Action Plan 2023-24", "2018 – 2019", "for 21/22", "2023 - 2025").
//! - **A table's own period**: a progress sheet may state a period different
//!   from the workbook's ("Progress 2024/25" beside a 2023/24 plan). Its tables
//!   then carry it in [`ActionTable::period`], and rules judge their actions
//!   against it first.
//! - **Publication date**: a cell starting with one of the labels in
//!   `rules/wres.yaml` (`publication_labels`: "Publication date:",
//!   "Published:", "Date published", …), with the date in the same cell after
//!   the label, else in the next cell to the right, else in the cell below;
//!   as a date-typed cell or as text. Cells inside action tables are not
//!   searched.
//!
//! Configuration (`plan_period`, `publication_date`, `--plan-period`)
//! overrides both: the runner sets [`Model::period`] and
//! [`Model::publication`] with `from: None` before rules run.

use std::ops::Range;

use crate::date::Date;
use crate::knowledge::{Concept, Knowledge};
use crate::timeline::{self, PlanPeriod, TimeClass};
use crate::workbook::{Cell, Sheet, Value, Visibility, Workbook};

use super::{ActionTable, Inferred, Model};

/// On a sheet without an action table, how many rows from the top count as
/// its title and metadata.
const COVER_ROWS: u32 = 12;

/// Fill the model's period and publication date, and each table's own
/// period, from the workbook.
pub(super) fn infer(workbook: &Workbook, knowledge: &Knowledge, model: &mut Model) {
    let sheets: Vec<&Sheet> = workbook
        .sheets
        .iter()
        .filter(|s| s.visibility != Visibility::VeryHidden)
        .collect();
    let tables_of = |sheet: &Sheet| -> Vec<usize> {
        (0..model.action_tables.len())
            .filter(|&i| *model.action_tables[i].sheet == *sheet.name)
            .collect()
    };

    let mut own: Vec<(Vec<usize>, Option<Inferred<PlanPeriod>>)> = Vec::new();
    for sheet in &sheets {
        let tables = tables_of(sheet);
        if !tables.is_empty() {
            let found = {
                let refs: Vec<&ActionTable> =
                    tables.iter().map(|&i| &model.action_tables[i]).collect();
                plan_sheet_period(sheet, &refs)
            };
            own.push((tables, found));
        }
    }
    let period = own.iter().find_map(|(_, found)| found.clone()).or_else(|| {
        sheets
            .iter()
            .filter(|s| tables_of(s).is_empty())
            .find_map(|s| cover_sheet_period(s))
    });
    for (tables, found) in own {
        let Some(found) = found else { continue };
        if period.as_ref().is_some_and(|p| p.value != found.value) {
            for i in tables {
                model.action_tables[i].period = Some(found.clone());
            }
        }
    }
    model.period = period;

    model.publication = sheets.iter().find_map(|sheet| {
        let first_header = model
            .action_tables
            .iter()
            .filter(|t| *t.sheet == *sheet.name)
            .map(|t| t.header.first_row)
            .min();
        publication_on(sheet, first_header, knowledge)
    });
}

/// The period a plan sheet states: above its first header, in its name, or in
/// its (non-baseline) header texts.
fn plan_sheet_period(sheet: &Sheet, tables: &[&ActionTable]) -> Option<Inferred<PlanPeriod>> {
    let first_header = tables.iter().map(|t| t.header.first_row).min()?;
    let above = sheet
        .cells()
        .iter()
        .take_while(|c| c.row < first_header)
        .find_map(|c| period_in_cell(sheet, c));
    above.or_else(|| period_in_name(sheet)).or_else(|| {
        tables
            .iter()
            .flat_map(|t| &t.header.columns)
            .filter(|c| c.concept != Concept::Baseline)
            .find_map(|c| {
                timeline::find_period(&c.header_text).map(|(value, _)| Inferred {
                    value,
                    from: Some(c.header.clone()),
                    text: c.header_text.clone(),
                })
            })
    })
}

/// The period on a sheet without an action table (a cover sheet): in its
/// first rows, else its name.
fn cover_sheet_period(sheet: &Sheet) -> Option<Inferred<PlanPeriod>> {
    let first = sheet.cells().first()?.row;
    sheet
        .cells()
        .iter()
        .take_while(|c| c.row < first.saturating_add(COVER_ROWS))
        .find_map(|c| period_in_cell(sheet, c))
        .or_else(|| period_in_name(sheet))
}

fn period_in_cell(sheet: &Sheet, cell: &Cell) -> Option<Inferred<PlanPeriod>> {
    let text = cell.value.as_text()?;
    let (value, _) = timeline::find_period(text)?;
    Some(Inferred {
        value,
        from: Some(sheet.cell_ref(cell.row, cell.col)),
        text: text.to_owned(),
    })
}

/// A sheet name has no cell: `from` stays `None` and `text` says where it
/// came from.
fn period_in_name(sheet: &Sheet) -> Option<Inferred<PlanPeriod>> {
    let (value, _) = timeline::find_period(&sheet.name)?;
    Some(Inferred {
        value,
        from: None,
        text: format!("sheet name `{}`", sheet.name),
    })
}

/// How far down a sheet without an action table metadata is looked for: a
/// publication date sits in the title block, and scanning every cell of a
/// 100,000-row data sheet for labels cost more than all the rules together.
const METADATA_ROWS: u32 = 40;

/// The first publication label on a sheet (above `stop_row`, where an action
/// table starts, or within its first rows) with a date after it, beside it
/// or below it.
fn publication_on(
    sheet: &Sheet,
    stop_row: Option<u32>,
    knowledge: &Knowledge,
) -> Option<Inferred<Date>> {
    let stop = stop_row.unwrap_or(METADATA_ROWS);
    sheet
        .cells()
        .iter()
        .take_while(|c| c.row < stop)
        .find_map(|label_cell| {
            let text = label_cell.value.as_text()?;
            let rest = after_label(text, &knowledge.publication_labels)?;
            if let Some(date) = date_in_text(&text[rest]) {
                return Some(Inferred {
                    value: date,
                    from: Some(sheet.cell_ref(label_cell.row, label_cell.col)),
                    text: text.trim().to_owned(),
                });
            }
            let beside = sheet
                .row(label_cell.row)
                .iter()
                .find(|c| c.col > label_cell.col && !c.value.is_empty());
            let below = sheet.shown_cell(label_cell.row.saturating_add(1), label_cell.col);
            [beside, below].into_iter().flatten().find_map(|value| {
                let date = date_in_cell(value)?;
                Some(Inferred {
                    value: date,
                    from: Some(sheet.cell_ref(value.row, value.col)),
                    text: format!("{} {}", text.trim(), value.text().trim()),
                })
            })
        })
}

/// The byte range after a leading label (as whole words, case and
/// punctuation ignored), with separators such as `:` or `-` skipped.
fn after_label(text: &str, labels: &[String]) -> Option<Range<usize>> {
    let words = word_spans(text);
    labels.iter().find_map(|label| {
        let wanted: Vec<String> = label
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if wanted.is_empty() || words.len() < wanted.len() {
            return None;
        }
        let matches = words
            .iter()
            .zip(&wanted)
            .all(|(span, want)| text[span.clone()].to_lowercase() == *want);
        // Only punctuation and spaces may stand before the label.
        let leading = words.first().map_or(0, |w| w.start);
        let clean_start = text[..leading]
            .chars()
            .all(|c| c.is_whitespace() || c.is_ascii_punctuation());
        (matches && clean_start).then(|| {
            let end = words[wanted.len() - 1].end;
            let skipped = text[end..]
                .find(|c: char| !(c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | '=')))
                .map_or(text.len(), |i| end + i);
            skipped..text.len()
        })
    })
}

/// Byte spans of the words (runs of letters and digits) of a text.
fn word_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push(s..text.len());
    }
    spans
}

fn date_in_cell(cell: &Cell) -> Option<Date> {
    match &cell.value {
        Value::Date(date) => Some(*date),
        Value::Text(text) => date_in_text(text),
        _ => None,
    }
}

/// The first day or month named in a text: `31 October 2023`, `31.10.23`,
/// `October 2023` (its first day, the earliest it can mean).
fn date_in_text(text: &str) -> Option<Date> {
    timeline::parse(text, &timeline::Context::default())
        .into_iter()
        .find_map(|expr| {
            let usable = matches!(
                expr.class,
                TimeClass::FullDate | TimeClass::MonthYear | TimeClass::Historical
            );
            let (start, due) = expr.start.zip(expr.due)?;
            (usable && expr.issue.is_none() && (start.year, start.month) == (due.year, due.month))
                .then_some(start)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{workbook, SheetBuilder};
    use crate::model::build;

    fn plan(title_rows: &[&[&str]], name: &str) -> SheetBuilder {
        let mut sheet = SheetBuilder::new(name);
        for row in title_rows {
            sheet = sheet.row(row);
        }
        sheet.row(&["Item", "Action", "Lead", "Deadline"]).row(&[
            "1",
            "Run workshops",
            "HR",
            "31.03.24",
        ])
    }

    fn period_of(sheets: Vec<SheetBuilder>) -> Option<(String, String, String)> {
        let model = build(&workbook(sheets), Knowledge::wres());
        model.period.map(|p| {
            (
                p.value.label(),
                p.from.map(|c| c.to_string()).unwrap_or_default(),
                p.text,
            )
        })
    }

    fn publication_of(sheets: Vec<SheetBuilder>) -> Option<(String, String)> {
        let model = build(&workbook(sheets), Knowledge::wres());
        model.publication.map(|p| {
            (
                p.value.to_string(),
                p.from.map(|c| c.to_string()).unwrap_or_default(),
            )
        })
    }

    #[test]
    fn period_comes_from_the_title_above_the_header() {
        let got = period_of(vec![plan(
            &[
                &["Riverside NHS Trust"],
                &["WRES Action Plan 2023-24"],
                &["", "Baseline: WRES data 2022/23"],
            ],
            "Plan",
        )]);
        assert_eq!(
            got,
            Some((
                "2023/24".into(),
                "Plan!A2".into(),
                "WRES Action Plan 2023-24".into()
            ))
        );
        let spans = period_of(vec![plan(&[&["Action plan 2023 - 2025"]], "Plan")]);
        assert_eq!(spans.unwrap().0, "2023/24–2024/25");
        let short = period_of(vec![plan(&[&["Our plan for 21/22"]], "Plan")]);
        assert_eq!(short.unwrap().0, "2021/22");
    }

    #[test]
    fn period_falls_back_to_sheet_name_then_headers() {
        let named = period_of(vec![plan(&[&["WRES Action Plan"]], "Plan 2018-19")]);
        assert_eq!(
            named,
            Some((
                "2018/19".into(),
                String::new(),
                "sheet name `Plan 2018-19`".into()
            ))
        );
        let headed = SheetBuilder::new("Plan")
            .row(&["Action", "Baseline (2022/23)", "Progress 2023/24"])
            .row(&["Run workshops", "10", "Done"]);
        let got = period_of(vec![headed]).unwrap();
        assert_eq!((got.0.as_str(), got.1.as_str()), ("2023/24", "Plan!C1"));
    }

    #[test]
    fn plan_sheets_come_before_cover_sheets_and_sheet_order_decides() {
        let cover = SheetBuilder::new("Cover").row(&["Trust report 2019/20"]);
        let first = plan(&[&["Plan 2023/24"]], "A");
        let second = plan(&[&["Plan 2024/25"]], "B");
        let got = period_of(vec![cover, first, second]).unwrap();
        assert_eq!(got.0, "2023/24");
        let cover = SheetBuilder::new("Cover").row(&["Action plan 2019/20"]);
        let untitled = plan(&[], "Plan");
        assert_eq!(period_of(vec![cover, untitled]).unwrap().1, "Cover!A1");
        assert_eq!(
            period_of(vec![plan(&[&["WRES Action Plan"]], "Plan")]),
            None
        );
    }

    #[test]
    fn a_progress_sheet_keeps_its_own_period() {
        let main = plan(&[&["WRES Action Plan 2023/24"]], "Plan");
        let progress = plan(&[&["Progress report 2024/25"]], "Progress");
        let same = plan(&[&["Annex 2023-2024"]], "Annex");
        let model = build(&workbook(vec![main, progress, same]), Knowledge::wres());
        let own: Vec<Option<String>> = model
            .action_tables
            .iter()
            .map(|t| t.period.as_ref().map(|p| p.value.label()))
            .collect();
        assert_eq!(own, vec![None, Some("2024/25".into()), None]);
        let progress = &model.action_tables[1];
        assert_eq!(model.period_of(progress).unwrap().value.label(), "2024/25");
        assert_eq!(
            model
                .period_of(&model.action_tables[0])
                .unwrap()
                .value
                .label(),
            "2023/24"
        );
    }

    #[test]
    fn publication_date_in_the_label_cell_beside_or_below() {
        let inline = plan(&[&["Publication date: 31 October 2023"]], "Plan");
        assert_eq!(
            publication_of(vec![inline]),
            Some(("31 October 2023".into(), "Plan!A1".into()))
        );
        let beside = plan(&[&["Published:", "", "30.09.24"]], "Plan");
        assert_eq!(
            publication_of(vec![beside]),
            Some(("30 September 2024".into(), "Plan!C1".into()))
        );
        let below = SheetBuilder::new("Cover")
            .row(&["Date of publication"])
            .cell(1, 0, Value::Date(Date::new(2023, 10, 27).unwrap()));
        assert_eq!(
            publication_of(vec![below]),
            Some(("27 October 2023".into(), "Cover!A2".into()))
        );
        let month = plan(&[&["Date published - October 2023"]], "Plan");
        assert_eq!(publication_of(vec![month]).unwrap().0, "1 October 2023");
    }

    #[test]
    fn publication_needs_a_label_at_the_start_and_a_date() {
        let cases: &[&[&str]] = &[
            &["The plan will be published by 31 October 2023"],
            &["Published: TBC"],
            &["Date published"],
            &["Publication date: 2023"],
        ];
        for row in cases {
            assert_eq!(publication_of(vec![plan(&[row], "Plan")]), None, "{row:?}");
        }
        // Cells inside the action table are not searched.
        let inside = SheetBuilder::new("Plan")
            .row(&["Action", "Lead", "Deadline"])
            .row(&["Published: 31.10.23", "HR", "31.03.24"]);
        assert_eq!(publication_of(vec![inside]), None);
    }

    #[test]
    fn labels_match_whole_words_ignoring_case_and_punctuation() {
        let labels = vec!["publication date".to_owned(), "published".to_owned()];
        let rest = |t: &str| after_label(t, &labels).map(|r| t[r].to_owned());
        assert_eq!(rest("PUBLICATION DATE: 1.1.24"), Some("1.1.24".into()));
        assert_eq!(rest("* Published – March 2024"), Some("March 2024".into()));
        assert_eq!(rest("Publishedness 2024"), None);
        assert_eq!(rest("Not published"), None);
        assert_eq!(rest("Published"), Some(String::new()));
    }
}
