//! xls, xlsb and ods inputs: their annotated copy is a new xlsx. The
//! loaded workbook's sheets (names, values, merges, solid fills, shown
//! number precision, visibility) are written with umya-spreadsheet, then
//! that xlsx is annotated like any other. What such a copy does not carry
//! is listed in `docs/annotate.md`.

use std::collections::{BTreeMap, HashSet};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;

use umya_spreadsheet::{SheetStateValues, Workbook as Book};

use super::{AnnotateWarning, Annotated, Annotation, Fail};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::location::{CellRef, Location};
use crate::workbook::{Format, Value, Visibility, Workbook};

/// Error values Excel knows; anything else is kept as text.
const ERRORS: [&str; 8] = [
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
];

pub(crate) fn annotate(a: &Annotation<'_>, from: Format) -> Result<Annotated, Fail> {
    let names = sheet_names(a.workbook);
    let bytes =
        panic::catch_unwind(AssertUnwindSafe(|| build(a.workbook, &names))).map_err(|_| {
            Fail::Unsupported("the xlsx writer crashed while copying the sheets".into())
        })??;
    let diagnostics: Vec<Diagnostic> = a.diagnostics.iter().map(|d| rename(d, &names)).collect();
    let mut annotated = super::xlsx::annotate(a, &bytes, &diagnostics)?;
    annotated.format = Format::Xlsx;
    annotated
        .warnings
        .insert(0, AnnotateWarning::Rebuilt { from });
    Ok(annotated)
}

/// Excel's rules for sheet names: 1-31 characters, none of `:\/?*[]`, not
/// starting or ending with `'`, unique ignoring case. ods allows more.
fn sheet_names(workbook: &Workbook) -> BTreeMap<String, String> {
    let mut used: HashSet<String> = HashSet::new();
    let mut names = BTreeMap::new();
    for sheet in &workbook.sheets {
        let cleaned: String = sheet
            .name
            .chars()
            .map(|c| {
                if ":\\/?*[]".contains(c) || !super::xml::is_xml_char(c) || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let cleaned = cleaned.trim_matches('\'').to_owned();
        let base: String = if cleaned.trim().is_empty() {
            "Sheet".to_owned()
        } else {
            cleaned.chars().take(31).collect()
        };
        let mut name = base.clone();
        let mut n = 2;
        while used.contains(&name.to_lowercase()) || reserved(&name) {
            let suffix = format!(" ({n})");
            let keep = 31 - suffix.chars().count();
            name = base.chars().take(keep).collect::<String>() + &suffix;
            n += 1;
        }
        used.insert(name.to_lowercase());
        names.insert(sheet.name.to_string(), name);
    }
    names
}

fn reserved(name: &str) -> bool {
    name.eq_ignore_ascii_case("history")
        || name == super::SUMMARY_SHEET
        || name == super::COVERAGE_SHEET
}

fn rename(d: &Diagnostic, names: &BTreeMap<String, String>) -> Diagnostic {
    let sheet = |s: &Arc<str>| -> Arc<str> {
        names
            .get(&**s)
            .map_or_else(|| Arc::clone(s), |n| Arc::from(n.as_str()))
    };
    let cell = |c: &CellRef| CellRef {
        sheet: sheet(&c.sheet),
        row: c.row,
        col: c.col,
    };
    let location = match &d.location {
        Location::Workbook => Location::Workbook,
        Location::Sheet(s) => Location::Sheet(sheet(s)),
        Location::Cell(c) => Location::Cell(cell(c)),
        Location::Range { start, end } => Location::Range {
            start: cell(start),
            end: cell(end),
        },
    };
    Diagnostic {
        subject: None,
        location,
        ..d.clone()
    }
}

/// Days from 1970-01-01 to Excel's serial 0 (1899-12-30 once past the
/// phantom 29 February 1900).
fn excel_serial(date: Date) -> f64 {
    let days = date.to_days();
    if days < -25_508 {
        // Before 1 March 1900: Excel's serials are one lower there.
        (days + 25_568) as f64
    } else {
        (days + 25_569) as f64
    }
}

fn number_format(decimals: u8, percent: bool) -> String {
    let mut code = "0".to_owned();
    if decimals > 0 {
        code.push('.');
        code.push_str(&"0".repeat(usize::from(decimals.min(15))));
    }
    if percent {
        code.push('%');
    }
    code
}

fn build(workbook: &Workbook, names: &BTreeMap<String, String>) -> Result<Vec<u8>, Fail> {
    let mut book: Book = umya_spreadsheet::new_file_empty_worksheet();
    let mut any_visible = false;
    for sheet in &workbook.sheets {
        let name = names
            .get(&*sheet.name)
            .cloned()
            .unwrap_or_else(|| sheet.name.to_string());
        let ws = book
            .new_sheet(name.as_str())
            .map_err(|e| Fail::Unsupported(format!("sheet {name}: {e}")))?;
        for cell in sheet.cells() {
            let at = (cell.col + 1, cell.row + 1);
            match &cell.value {
                Value::Empty => {}
                Value::Text(text) => {
                    // umya writes the string as it is: what XML 1.0 cannot
                    // carry would make the copy's shared strings unreadable.
                    ws.cell_mut(at)
                        .set_value_string(super::xml::ooxml_text(text).into_owned());
                }
                Value::Number(n) => {
                    ws.cell_mut(at).set_value_number(*n);
                    if let Some(shown) = cell.shown {
                        ws.style_mut(at)
                            .number_format_mut()
                            .set_format_code(number_format(shown.decimals, shown.percent));
                    }
                }
                Value::Bool(b) => {
                    ws.cell_mut(at).set_value_bool(*b);
                }
                Value::Date(date) => {
                    ws.cell_mut(at).set_value_number(excel_serial(*date));
                    ws.style_mut(at)
                        .number_format_mut()
                        .set_format_code("yyyy-mm-dd");
                }
                Value::Error(e) => {
                    if ERRORS.contains(&&**e) {
                        ws.cell_mut(at).set_error(&**e);
                    } else {
                        ws.cell_mut(at)
                            .set_value_string(super::xml::ooxml_text(e).into_owned());
                    }
                }
            }
            if let Some(rgb) = cell.fill.as_deref().filter(|c| c.len() == 6) {
                ws.style_mut(at).set_background_color(format!("FF{rgb}"));
            }
        }
        for m in sheet.merges() {
            let range = format!(
                "{}:{}",
                super::xml::a1(m.first_row, m.first_col),
                super::xml::a1(m.last_row, m.last_col)
            );
            ws.add_merge_cells(range);
        }
        match sheet.visibility {
            Visibility::Visible => any_visible = true,
            Visibility::Hidden => {
                ws.set_state(SheetStateValues::Hidden);
            }
            Visibility::VeryHidden => {
                ws.set_state(SheetStateValues::VeryHidden);
            }
        }
    }
    if workbook.sheets.is_empty() {
        book.new_sheet("Sheet1")
            .map_err(|e| Fail::Unsupported(format!("empty workbook: {e}")))?;
    } else if !any_visible {
        if let Ok(first) = book.sheet_mut(0) {
            first.set_state(SheetStateValues::Visible);
        }
    }
    let mut bytes = Vec::new();
    umya_spreadsheet::writer::xlsx::write_writer(&book, &mut bytes)
        .map_err(|e| Fail::Unsupported(format!("writing the new xlsx: {e}")))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_match_excel() {
        assert_eq!(excel_serial(Date::new(2024, 3, 31).unwrap()), 45_382.0);
        assert_eq!(excel_serial(Date::new(1900, 3, 1).unwrap()), 61.0);
        assert_eq!(excel_serial(Date::new(1900, 1, 1).unwrap()), 1.0);
        for serial in [1.0, 59.0, 61.0, 45_382.0] {
            let date = Date::from_excel_serial(serial, false).unwrap();
            assert_eq!(excel_serial(date), serial);
        }
    }

    /// Issue 19: a control character in an ods or xls string made the
    /// copy's shared strings malformed, and every later cell looked empty.
    #[test]
    fn strings_xml_cannot_carry_are_escaped_as_ooxml() {
        use std::io::Read;
        let wb = crate::fixture::workbook(vec![crate::fixture::SheetBuilder::new("S\u{1}heet")
            .row(&[
                "a\u{1b}[2Jb\u{1}c\u{b}",
                "_x0041_ kept",
                "cr\rhere",
                "after",
            ])]);
        let names = sheet_names(&wb);
        let bytes = build(&wb, &names).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        for part in [
            "xl/sharedStrings.xml",
            "xl/workbook.xml",
            "xl/worksheets/sheet1.xml",
        ] {
            let mut text = String::new();
            if let Ok(mut entry) = zip.by_name(part) {
                entry.read_to_string(&mut text).unwrap();
            }
            assert!(
                text.chars().all(super::super::xml::is_xml_char),
                "{part} holds a character XML 1.0 forbids: {text:?}"
            );
            xml.push_str(&text);
        }
        assert!(xml.contains("a_x001B_[2Jb_x0001_c_x000B_"), "{xml}");
        assert!(xml.contains("_x005F_x0041_ kept"), "{xml}");
        assert!(xml.contains("cr_x000D_here"), "{xml}");
        assert!(xml.contains("after"), "{xml}");
        assert_eq!(names["S\u{1}heet"], "S_heet");
    }

    #[test]
    fn sheet_names_follow_excel_rules() {
        let wb = crate::fixture::workbook(vec![
            crate::fixture::SheetBuilder::new("a/b"),
            crate::fixture::SheetBuilder::new("A_B"),
            crate::fixture::SheetBuilder::new(&"x".repeat(40)),
        ]);
        let names = sheet_names(&wb);
        assert_eq!(names["a/b"], "a_b");
        assert_eq!(names["A_B"], "A_B (2)");
        assert_eq!(names[&"x".repeat(40)], "x".repeat(31));
        assert_eq!(number_format(2, true), "0.00%");
        assert_eq!(number_format(0, false), "0");
    }
}
