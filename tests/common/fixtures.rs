//! Workbooks generated for the annotator's tests: a small WRES plan that
//! also carries a table, a chart, a chart sheet, data validation,
//! conditional formatting, sparklines, defined names, hyperlinks, a hidden
//! sheet and notes — everything an annotated copy must not lose.

#![allow(dead_code)]

use std::path::Path;

use rust_xlsxwriter::{
    Chart, ConditionalFormatCell, ConditionalFormatCellRule, DataValidation, Format, Note,
    Sparkline, Table, Workbook,
};

pub const PLAN: &str = "Action Plan";

/// The plan: header on row 2, five actions on rows 3-7. Action 2 has no
/// lead (D4 empty, with a note from the author), action 4's text starts
/// with `=` and is stored as text.
pub fn rich(vba: Option<&Path>) -> Vec<u8> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = wb.add_worksheet();
    sheet.set_name(PLAN).unwrap();
    sheet
        .write_string(0, 0, "WRES Action Plan 2023-24")
        .unwrap();
    let header = [
        "Ref",
        "Agreed actions",
        "WRES Indicator",
        "Lead",
        "Deadline",
        "Measure of success",
        "Score",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet
            .write_string_with_format(1, c as u16, *h, &bold)
            .unwrap();
    }
    let rows: [[&str; 6]; 5] = [
        [
            "1",
            "Launch a reverse mentoring scheme",
            "Indicator 1",
            "Head of OD",
            "31 March 2024",
            "30 mentees",
        ],
        [
            "2",
            "Audit interview panels",
            "Indicator 2",
            "",
            "Q3 2023/24",
            "All panels audited",
        ],
        [
            "3",
            "Publish disciplinary data",
            "Indicator 3",
            "HR Director",
            "31 December 2023",
            "Report published",
        ],
        [
            "4",
            "=Review appraisal uptake",
            "Indicator 4",
            "Head of L&D",
            "Q4 2023/24",
            "+5 points",
        ],
        [
            "5",
            "Board development programme",
            "Indicator 9",
            "Chair",
            "31 March 2024",
            "-",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(r, c as u16, *text).unwrap();
            }
        }
        sheet.write_number(r, 6, f64::from(r) * 1.5).unwrap();
    }
    sheet
        .insert_note(3, 3, &Note::new("Who owns this? & <why>").set_author("Ann"))
        .unwrap();
    sheet
        .insert_note(5, 1, &Note::new("Agreed at board").set_author("Bob"))
        .unwrap();
    sheet
        .add_data_validation(
            2,
            4,
            6,
            4,
            &DataValidation::new()
                .allow_list_strings(&["Q1", "Q2", "Q3", "Q4"])
                .unwrap(),
        )
        .unwrap();
    sheet
        .add_conditional_format(
            2,
            6,
            6,
            6,
            &ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::GreaterThan(5))
                .set_format(Format::new().set_background_color("#FFEB9C")),
        )
        .unwrap();
    sheet
        .add_sparkline(
            8,
            6,
            &Sparkline::new().set_range(("Action Plan", 2, 6, 6, 6)),
        )
        .unwrap();
    sheet.set_freeze_panes(2, 0).unwrap();

    let data = wb.add_worksheet();
    data.set_name("Data").unwrap();
    data.write_row(0, 0, ["Band", "White", "BME"]).unwrap();
    for (i, band) in ["Band 5", "Band 6", "Band 7"].iter().enumerate() {
        let r = i as u32 + 1;
        data.write_string(r, 0, *band).unwrap();
        data.write_number(r, 1, 100.0 + f64::from(r)).unwrap();
        data.write_number(r, 2, 20.0 * f64::from(r)).unwrap();
    }
    data.write_formula(4, 1, "=SUM(B2:B4)").unwrap();
    data.write_url(
        5,
        0,
        "https://www.england.nhs.uk/about/equality/equality-hub/workforce-equality-data-standards/",
    )
    .unwrap();
    data.add_table(0, 0, 3, 2, &Table::new()).unwrap();
    let mut chart = Chart::new_column();
    chart
        .add_series()
        .set_categories(("Data", 1, 0, 3, 0))
        .set_values(("Data", 1, 1, 3, 1));
    data.insert_chart(6, 4, &chart).unwrap();

    let hidden = wb.add_worksheet();
    hidden.set_name("Lists").unwrap();
    hidden.write_string(0, 0, "Q1").unwrap();
    hidden.set_hidden(true);

    let mut chart2 = Chart::new_pie();
    chart2.add_series().set_values(("Data", 1, 2, 3, 2));
    wb.add_chartsheet().insert_chart(0, 0, &chart2).unwrap();

    wb.define_name("Quarters", "=Lists!$A$1").unwrap();
    if let Some(vba) = vba {
        wb.add_vba_project(vba).unwrap();
    }
    wb.save_to_buffer().unwrap()
}
