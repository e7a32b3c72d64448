//! Fixtures that reproduce real published plans (`tests/fixtures/plans/*.yaml`,
//! format in `tests/fixtures/README.md`): read the description and write the
//! workbook it describes. Shared by `tests/real_layouts.rs` and
//! `examples/fixture_xlsx.rs`.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatPattern, Workbook};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Fixture {
    pub source: Source,
    pub sheets: Vec<SheetSpec>,
    #[serde(default)]
    pub expect: Vec<Expected>,
    /// Data fixtures: the headline figures wreslint should read
    /// (`tests/real_data_layouts.rs`).
    #[serde(default)]
    pub figures: Vec<HeadlineFigure>,
    /// Data fixtures: false findings wreslint is known to raise and cannot
    /// yet avoid safely, each with its cause (`why`): counted as false and
    /// printed, but not a failure, so that a new false finding still is.
    #[serde(default)]
    pub known_false: Vec<Expected>,
}

/// A figure a data fixture says `wreslint inspect` should read: as its
/// evidence line prints it ("indicator 2 relative likelihood 1.28 … [E3]").
#[derive(Clone, Debug, Deserialize)]
pub struct HeadlineFigure {
    pub indicator: u8,
    /// "BME share", "relative likelihood", "BME rate", "White rate", "difference".
    pub what: String,
    /// As printed: "13%", "1.28", "-6.2 points".
    pub value: String,
    /// The cell it stands in ("E3", or "'Sheet'!E3").
    pub cell: String,
    /// Why wreslint cannot read it yet (counted as missed, not a failure).
    #[serde(default)]
    pub gap: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Source {
    pub body: String,
    pub kind: String,
    pub standard: String,
    pub year: String,
    pub document: String,
    #[serde(default)]
    pub url: Option<String>,
    pub retrieved: String,
    pub layout: String,
}

#[derive(Debug, Deserialize)]
pub struct SheetSpec {
    pub name: String,
    #[serde(default)]
    pub merges: Vec<String>,
    #[serde(default)]
    pub fills: BTreeMap<String, String>,
    #[serde(default)]
    pub rows: Vec<RowSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RowSpec {
    Cells(Vec<CellSpec>),
    At { at: String, cells: Vec<CellSpec> },
}

#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum CellSpec {
    Date {
        date: String,
    },
    Number {
        number: f64,
        #[serde(default)]
        format: Option<String>,
    },
    Text(String),
    Float(f64),
    Bool(bool),
    Empty(()),
}

#[derive(Clone, Debug, Deserialize)]
pub struct Expected {
    pub rule: String,
    #[serde(default)]
    pub sheet: Option<String>,
    #[serde(default)]
    pub row: Option<u32>,
    #[serde(default)]
    pub why: Option<String>,
    /// A defect wreslint is known not to find yet, and why: reported by the
    /// test and counted as missed, but not a failure.
    #[serde(default)]
    pub gap: Option<String>,
    /// True of the workbook as built only because the rest of the document
    /// was not retrieved (coverage of the pages not stored): the held-out
    /// harness counts it neither as a defect found nor as a false finding.
    #[serde(default)]
    pub unretrieved: Option<String>,
}

pub fn read(path: &Path) -> Fixture {
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// "C9" → (row 8, col 2), 0-based.
pub fn a1(text: &str) -> (u32, u16) {
    let letters: String = text
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let digits = &text[letters.len()..];
    let col = letters
        .to_ascii_uppercase()
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
        - 1;
    let row: u32 = digits
        .parse()
        .unwrap_or_else(|_| panic!("bad cell reference {text:?}"));
    (row - 1, col as u16)
}

fn range(text: &str) -> ((u32, u16), (u32, u16)) {
    let (first, last) = text.split_once(':').unwrap_or((text, text));
    (a1(first), a1(last))
}

/// The cells of a sheet by (row, col), 0-based.
pub fn cells(sheet: &SheetSpec) -> BTreeMap<(u32, u16), CellSpec> {
    let mut cells = BTreeMap::new();
    for (r, row) in sheet.rows.iter().enumerate() {
        let (row_at, col_at, specs) = match row {
            RowSpec::Cells(specs) => (r as u32, 0u16, specs),
            RowSpec::At { at, cells } => {
                let (row_at, col_at) = a1(at);
                assert_eq!(
                    row_at,
                    r as u32,
                    "{}: `at: {at}` is on row {}, not {}",
                    sheet.name,
                    r + 1,
                    row_at + 1
                );
                (row_at, col_at, cells)
            }
        };
        for (c, spec) in specs.iter().enumerate() {
            if !matches!(spec, CellSpec::Empty(()))
                && !matches!(spec, CellSpec::Text(t) if t.is_empty())
            {
                cells.insert((row_at, col_at + c as u16), spec.clone());
            }
        }
    }
    cells
}

/// Write the fixture as an xlsx workbook.
pub fn write_xlsx(fixture: &Fixture, path: &Path) {
    let mut book = Workbook::new();
    let wrap = Format::new().set_text_wrap();
    for spec in &fixture.sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(&spec.name).unwrap();
        let mut cells = cells(spec);
        let fill_of = |at: (u32, u16)| {
            spec.fills.iter().find_map(|(cell, colour)| {
                (a1(cell) == at).then(|| {
                    let rgb = u32::from_str_radix(colour.trim_start_matches('#'), 16)
                        .unwrap_or_else(|_| panic!("bad colour {colour:?}"));
                    Format::new()
                        .set_text_wrap()
                        .set_pattern(FormatPattern::Solid)
                        .set_background_color(Color::RGB(rgb))
                })
            })
        };
        for merge in &spec.merges {
            let ((r1, c1), (r2, c2)) = range(merge);
            let text = match cells.remove(&(r1, c1)) {
                Some(CellSpec::Text(t)) => t,
                Some(CellSpec::Float(f)) => f.to_string(),
                Some(CellSpec::Number { number, .. }) => number.to_string(),
                Some(CellSpec::Date { date }) => date,
                Some(CellSpec::Bool(b)) => b.to_string(),
                _ => String::new(),
            };
            let format = fill_of((r1, c1)).unwrap_or_else(|| wrap.clone());
            sheet
                .merge_range(r1, c1, r2, c2, &text, &format)
                .unwrap_or_else(|e| panic!("{}: merge {merge}: {e}", spec.name));
            cells.retain(|(r, c), _| !((r1..=r2).contains(r) && (c1..=c2).contains(c)));
        }
        for ((r, c), cell) in &cells {
            let format = fill_of((*r, *c)).unwrap_or_else(|| wrap.clone());
            match cell {
                CellSpec::Text(text) => sheet.write_string_with_format(*r, *c, text, &format),
                CellSpec::Float(n) => sheet.write_number_with_format(*r, *c, *n, &format),
                CellSpec::Bool(b) => {
                    sheet.write_string_with_format(*r, *c, if *b { "Yes" } else { "No" }, &format)
                }
                CellSpec::Number { number, format: f } => {
                    let format = match f {
                        Some(f) => format.clone().set_num_format(f),
                        None => format,
                    };
                    sheet.write_number_with_format(*r, *c, *number, &format)
                }
                CellSpec::Date { date } => {
                    let date = ExcelDateTime::parse_from_str(date)
                        .unwrap_or_else(|e| panic!("bad date {date:?}: {e}"));
                    sheet.write_datetime_with_format(
                        *r,
                        *c,
                        date,
                        &format.set_num_format("dd/mm/yyyy"),
                    )
                }
                CellSpec::Empty(()) => continue,
            }
            .unwrap();
        }
        // Fills on cells with no value.
        for cell in spec.fills.keys() {
            let at = a1(cell);
            if !cells.contains_key(&at)
                && !spec.merges.iter().any(|m| range(m).0 == at)
                && !sheet_has_value(spec, at)
            {
                sheet
                    .write_blank(at.0, at.1, &fill_of(at).unwrap())
                    .unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

fn sheet_has_value(spec: &SheetSpec, at: (u32, u16)) -> bool {
    cells(spec).contains_key(&at)
}
