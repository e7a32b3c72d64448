//! Data-table recognition: blocks found by their text at any position,
//! several per sheet, under synonyms, with numbers stored as text.

use super::*;
use crate::fixture::{workbook, SheetBuilder};
use crate::knowledge::{Group, Knowledge};
use crate::workbook::Value;

/// One line per table and per line: kind, indicator, role, label and figures.
fn outline(sheets: Vec<SheetBuilder>) -> String {
    let workbook = workbook(sheets);
    let mut out = String::new();
    for table in find_tables(&workbook, Knowledge::wres()) {
        match table {
            DataTable::Groups(t) => {
                out.push_str(&format!(
                    "{:?} ind={:?} title={:?}{}\n",
                    t.kind,
                    t.indicator,
                    t.title,
                    if t.transposed { " transposed" } else { "" }
                ));
                for line in &t.lines {
                    let values: Vec<String> = line
                        .values
                        .iter()
                        .map(|v| {
                            v.as_ref().map_or("-".to_owned(), |f| {
                                format!("{}@{}", f.display(), f.cell.a1())
                            })
                        })
                        .collect();
                    let mut extra = String::new();
                    for (group, share) in line.shares() {
                        extra.push_str(&format!(
                            " %{}={}",
                            Knowledge::wres().group_label(group),
                            share.display()
                        ));
                    }
                    if let Some(d) = &line.difference {
                        extra.push_str(&format!(" diff={}", d.display()));
                    }
                    out.push_str(&format!(
                        "  {:?} {:?} [{}]{extra}\n",
                        line.role,
                        line.label,
                        values.join(" ")
                    ));
                }
                if let Some(rl) = &t.relative_likelihood {
                    out.push_str(&format!(
                        "  RL {} at {}\n",
                        rl.figure.display(),
                        rl.figure.cell.a1()
                    ));
                }
                for cell in &t.uncalculated {
                    out.push_str(&format!("  uncalculated {}\n", cell.a1()));
                }
            }
            DataTable::Survey(t) => {
                let years: Vec<String> = t
                    .years
                    .iter()
                    .map(|(y, c)| format!("{y}@{}", c.a1()))
                    .collect();
                out.push_str(&format!("Survey years=[{}]\n", years.join(" ")));
                for row in &t.rows {
                    let values: Vec<String> = row
                        .values
                        .iter()
                        .map(|v| {
                            format!(
                                "{}{}{}={}",
                                v.year.map_or(String::new(), |y| format!("{y} ")),
                                Knowledge::wres().group_label(v.group),
                                if v.responses { " n" } else { "" },
                                v.figure.display()
                            )
                        })
                        .collect();
                    out.push_str(&format!(
                        "  ind={:?} [{}]\n",
                        row.indicator,
                        values.join(", ")
                    ));
                }
            }
        }
    }
    out
}

#[test]
fn two_tables_on_one_sheet_at_an_offset_under_synonyms() {
    // Columns start at C; BAME and "Not stated"; counts stored as text with
    // thousands separators; the share as a text percentage.
    let sheet = SheetBuilder::new("Workforce")
        .row(&["", "", "Indicator 1: representation"])
        .blank_row()
        .row(&["", "", "Non-clinical"])
        .row(&[
            "",
            "",
            "AfC band",
            "White",
            "BAME",
            "Not stated",
            "Total",
            "BAME %",
        ])
        .row(&["", "", "Band 5", "1,120", "210", "50", "1,380", "15.2%"])
        .row(&["", "", "Total", "1,120", "210", "50", "1,380", "15.2%"])
        .blank_row()
        .row(&["", "", "Clinical"])
        .row(&[
            "",
            "",
            "Grade",
            "White",
            "Ethnic minority",
            "Unknown",
            "Total",
        ])
        .row(&["", "", "Consultants", "58", "31", "3", "92"]);
    insta::assert_snapshot!(outline(vec![sheet]), @r#"
    Bands ind=Some(1) title=Some("Non-clinical")
      Band "Band 5" [1,120@D5 210@E5 50@F5 1,380@G5] %BME=15.2%
      Total "Total" [1,120@D6 210@E6 50@F6 1,380@G6] %BME=15.2%
    Bands ind=Some(1) title=Some("Clinical")
      Band "Consultants" [58@D10 31@E10 3@F10 92@G10]
    "#);
}

#[test]
fn likelihood_table_with_the_relative_likelihood_below_a_blank_row() {
    let sheet = SheetBuilder::new("Data")
        .row(&["Indicator 3"])
        .row(&["", "Total", "White", "BME", "Unknown"])
        .row(&["Staff in post", "3910", "2919", "844", "147"])
        .row(&[
            "Number entering the formal disciplinary process",
            "21",
            "14",
            "7",
            "0",
        ])
        .row(&["Likelihood", "0.54%", "0.48%", "0.83%"])
        .blank_row()
        .row(&["Relative likelihood", "", "1.73"]);
    insta::assert_snapshot!(outline(vec![sheet]), @r#"
    Likelihood ind=Some(3) title=Some("Indicator 3")
      Workforce "Staff in post" [2,919@C3 844@D3 147@E3 3,910@B3]
      Numerator(3) "Number entering the formal disciplinary process" [14@C4 7@D4 0@E4 21@B4]
      Likelihood "Likelihood" [0.48%@C5 0.83%@D5 - 0.54%@B5]
      RL 1.73 at C7
    "#);
}

#[test]
fn table_with_groups_as_rows() {
    let sheet = SheetBuilder::new("Ind2")
        .row(&[
            "Ethnicity",
            "Shortlisted",
            "Appointed",
            "Likelihood of appointment",
        ])
        .row(&["White", "1240", "338", "27.3%"])
        .row(&["BME", "620", "118", "19.0%"])
        .row(&["Prefer not to say", "38", "9", "23.7%"])
        .row(&["Relative likelihood", "1.43"]);
    insta::assert_snapshot!(outline(vec![sheet]), @r#"
    Likelihood ind=Some(2) title=None transposed
      Denominator(2) "Shortlisted" [1,240@B2 620@B3 38@B4 -]
      Numerator(2) "Appointed" [338@C2 118@C3 9@C4 -]
      Likelihood "Likelihood of appointment" [27.3%@D2 19.0%@D3 23.7%@D4 -]
      RL 1.43 at B5
    "#);
}

/// NCIC's 2025 profile (tests/fixtures/data/ncic-wres-2025.yaml): groups as
/// rows, a column of counts and one of shares, typed by their cells.
#[test]
fn a_workforce_profile_with_groups_as_rows() {
    let sheet = SheetBuilder::new("Profile")
        .row(&["Ethnicity", "Number of colleagues", "% of workforce"])
        .row(&["BME", "990", "13%"])
        .row(&["White", "6,307", "85%"])
        .row(&["Not declared", "125", "2%"]);
    insta::assert_snapshot!(outline(vec![sheet]), @r#"
    Other ind=Some(1) title=None transposed
      Workforce "Number of colleagues" [6,307@B3 990@B2 125@B4 -] %White=85% %BME=13% %Unknown=2%
    "#);
    // Two columns of shares (two years) are a trend, not a profile; a
    // column of rates under a count heading is not one either.
    let years = SheetBuilder::new("Profile")
        .row(&["Ethnicity", "% 2024", "% 2025"])
        .row(&["BME", "12%", "13%"])
        .row(&["White", "86%", "85%"]);
    let rates = SheetBuilder::new("Profile")
        .row(&["Ethnicity", "Staff", "% of workforce"])
        .row(&["BME", "12.5", "13%"])
        .row(&["White", "80.5", "85%"]);
    // Rates of appointment beside the shortlisted counts are not shares of
    // a workforce.
    let appointed = SheetBuilder::new("Ind2")
        .row(&["Ethnicity", "Shortlisted", "% Appointed from shortlisting"])
        .row(&["White", "1240", "27.3%"])
        .row(&["BME", "620", "19.0%"]);
    assert_eq!(outline(vec![years]), "");
    assert_eq!(outline(vec![rates]), "");
    assert_eq!(outline(vec![appointed]), "");
}

#[test]
fn survey_years_in_headers_above_and_down_the_page() {
    let across = SheetBuilder::new("Survey")
        .row(&["", "2022", "", "2023", ""])
        .row(&[
            "Indicator",
            "White",
            "BME",
            "White",
            "BME",
            "BME responses 2023",
        ])
        .row(&["Indicator 8", "6.1%", "9.8%", "5.4%", "9.1%", "9"])
        .merge(0, 1, 0, 2)
        .merge(0, 3, 0, 4);
    let down = SheetBuilder::new("Ind7")
        .row(&["Indicator 7: equal opportunities"])
        .row(&["Year", "White", "BME"])
        .row(&["2022", "57.6%", "44.0%"])
        .row(&["2023", "59.1%", "46.2%"]);
    insta::assert_snapshot!(outline(vec![across, down]), @r"
    Survey years=[2022@B2 2023@D2]
      ind=Some(8) [2022 White=6.1%, 2022 BME=9.8%, 2023 White=5.4%, 2023 BME=9.1%, 2023 BME n=9]
    Survey years=[2022@A3 2023@A4]
      ind=Some(7) [2022 White=57.6%, 2022 BME=44.0%, 2023 White=59.1%, 2023 BME=46.2%]
    ");
}

#[test]
fn board_table_and_an_uncalculated_formula() {
    let sheet = SheetBuilder::new("Indicator 9")
        .row(&[
            "Group",
            "White",
            "BME",
            "Unknown",
            "Total",
            "Difference (pp)",
        ])
        .row(&["Overall workforce", "2919", "844", "147", "3910"])
        .row(&["Voting board members", "11", "2", "0", "", "-6.2"])
        .formula(2, 4, Value::Empty);
    insta::assert_snapshot!(outline(vec![sheet]), @r#"
    Board ind=Some(9) title=None
      Workforce "Overall workforce" [2,919@B2 844@C2 147@D2 3,910@E2]
      BoardVoting "Voting board members" [11@B3 2@C3 0@D3 -] diff=−6.2
      uncalculated E3
    "#);
}

#[test]
fn action_plans_and_prose_are_not_data_tables() {
    let plan = SheetBuilder::new("Plan")
        .row(&["WRES Indicator", "Action", "Lead", "Measure of success"])
        .row(&[
            "Indicator 2",
            "Deliver training to the workforce",
            "Head of L&D",
            "RL 1.25",
        ])
        .row(&[
            "Indicator 5",
            "White and BME staff networks meet",
            "EDI lead",
            "Survey",
        ]);
    let prose = SheetBuilder::new("Notes")
        .row(&["White", "BME"])
        .row(&["The figures for White staff", "and for BME staff follow"]);
    assert_eq!(outline(vec![plan]), "");
    // A White/BME header over prose: no figures, no table.
    assert_eq!(outline(vec![prose]), "");
}

#[test]
fn wdes_tables_use_the_standards_groups() {
    // "Non-disabled" must not be read as "disabled"; cluster rows are bands.
    let sheet = SheetBuilder::new("Metric 1")
        .row(&["Metric 1: Disabled staff by band cluster"])
        .row(&[
            "Cluster",
            "Non-disabled",
            "Disabled",
            "Not declared",
            "Total",
            "% Disabled",
        ])
        .row(&[
            "Cluster 1 (AfC bands 1-4)",
            "900",
            "60",
            "140",
            "1,100",
            "5.5%",
        ]);
    let workbook = workbook(vec![sheet]);
    let tables = find_tables(&workbook, Knowledge::wdes());
    let [DataTable::Groups(table)] = tables.as_slice() else {
        panic!("one group table expected, got {tables:?}");
    };
    assert_eq!((table.kind, table.indicator), (TableKind::Bands, Some(1)));
    let line = &table.lines[0];
    let count = |g| line.count(g);
    assert_eq!(
        (
            count(Group::Reference),
            count(Group::Focus),
            count(Group::Unknown),
            count(Group::Total)
        ),
        (Some(900.0), Some(60.0), Some(140.0), Some(1100.0))
    );
    assert_eq!(
        line.share(Group::Focus).map(|f| f.display()),
        Some("5.5%".to_owned())
    );
    assert_eq!(Knowledge::wdes().group_label(Group::Focus), "Disabled");
}

/// LNWH's WDES metrics page (tests/fixtures/data/lnwh-wdes-2021.yaml): a
/// ratio called a "likelihood" without "relative" or "times" under a
/// metric's banner; a sentence with two figures gives none.
#[test]
fn a_likelihood_in_a_sentence_under_a_banner() {
    let sheet = SheetBuilder::new("WDES metrics")
        .row(&["Metric 3 key: findings formal disciplinary process"])
        .row(&["In 2020, there was a 4.01 likelihood of disabled staff compared to non-disabled staff."])
        .row(&["The likelihood fell from 1.25 and 1.24 respectively"]);
    let workbook = workbook(vec![sheet]);
    let tables = summary::read_sheet(&workbook.sheets[0], None, Knowledge::wdes());
    let read: Vec<(u8, String)> = tables
        .iter()
        .flat_map(|t| {
            t.figures
                .iter()
                .map(move |f| (t.indicator, f.figure.display()))
        })
        .collect();
    assert_eq!(read, vec![(3, "4.01".to_owned())]);
}
