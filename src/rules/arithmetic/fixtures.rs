//! Small data workbooks for arithmetic and measure rule tests, written as
//! text cells (numbers stored as text are read like number cells).

use crate::fixture::SheetBuilder;

/// A sheet: a title in A1, a blank row, then `rows` from row 3.
pub fn table(name: &str, title: &str, rows: &[&[&str]]) -> SheetBuilder {
    let mut sheet = SheetBuilder::new(name).row(&[title]).blank_row();
    for row in rows {
        sheet = sheet.row(row);
    }
    sheet
}

pub const BAND_HEADER: &[&str] = &["Band", "White", "BME", "Unknown", "Total", "% BME"];
pub const GROUP_HEADER: &[&str] = &["", "Total", "White", "BME", "Unknown"];

/// Indicator 1 with the given band rows under [`BAND_HEADER`] (row 3).
pub fn bands(rows: &[&[&str]]) -> SheetBuilder {
    let mut all: Vec<&[&str]> = vec![BAND_HEADER];
    all.extend_from_slice(rows);
    table("Ind1", "Indicator 1: staff by band", &all)
}

/// Indicator 2 (shortlisted 1000 W / 400 B, appointed 300 / 60) with the
/// stated relative likelihood on the line under the table (B7).
pub fn shortlisting(rl: &str) -> SheetBuilder {
    table(
        "Ind2",
        "Indicator 2: appointment from shortlisting",
        &[
            GROUP_HEADER,
            &["Shortlisted applicants", "1450", "1000", "400", "50"],
            &["Appointed from shortlisting", "370", "300", "60", "10"],
            &["Likelihood of appointment", "25.5%", "30.0%", "15.0%"],
            &["Relative likelihood of White applicants being appointed compared to BME applicants", rl],
        ],
    )
}
