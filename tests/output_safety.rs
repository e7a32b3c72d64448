//! Text from a workbook never acts on the output (issue 19, part 1): over
//! generated text in cell text, messages, help, sheet names, file names and
//! load errors, the line formats print no raw control character (ESC, CR,
//! NUL, C1, line separators, bidi overrides), each finding of the concise
//! format is one line, the JUnit report is well-formed XML 1.0, and the
//! HTML page's markup does not depend on the text.

use std::path::PathBuf;
use std::sync::Arc;

use proptest::prelude::*;
use wreslint::diagnostic::{Diagnostic, Family, Related, Severity};
use wreslint::lint::{FileOutcome, Status};
use wreslint::location::{CellRef, Location};
use wreslint::registry::all_rules;
use wreslint::report::text::is_unsafe;
use wreslint::report::{self, human, ToolInfo};

/// Text a hostile workbook could hold: printable words mixed with every
/// kind of character that must not reach a terminal or a log raw.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z £'\"<>&:%,]{0,8}",
        Just("\u{1b}[2J".to_owned()),
        Just("\u{1b}]0;title\u{7}".to_owned()),
        Just("\u{1b}]8;;http://x\u{1b}\\".to_owned()),
        Just("\n::error file=x::forged\n".to_owned()),
        Just("\r".to_owned()),
        Just("\r\n".to_owned()),
        Just("\u{0}".to_owned()),
        Just("\u{85}".to_owned()),
        Just("\u{9b}31m".to_owned()),
        Just("\u{7f}".to_owned()),
        Just("\u{2028}\u{2029}".to_owned()),
        Just("\u{202e}\u{2066}".to_owned()),
        Just("\u{b}\u{c}\u{1}".to_owned()),
        Just("\u{fffe}\u{ffff}".to_owned()),
        any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..6).prop_map(|p| p.concat())
}

fn reports(
    file: String,
    sheet: String,
    message: String,
    cell: String,
    error: String,
) -> Vec<FileOutcome> {
    let sheet: Arc<str> = Arc::from(sheet.as_str());
    let cell_ref = CellRef::new(&sheet, 4, 2);
    let related_cell = CellRef::new(&sheet, 9, 5);
    let span = cell
        .char_indices()
        .nth(1)
        .map(|(at, c)| at..at + c.len_utf8());
    let diagnostic = |location: Location, span: Option<std::ops::Range<usize>>| Diagnostic {
        subject: None,
        code: "TL001".into(),
        name: "action-missing-deadline".into(),
        family: Family::Timeline,
        severity: Severity::Warning,
        location,
        message: format!("Action \"{message}\" has no deadline"),
        help: Some(format!("Add a date to \"{message}\".")),
        span,
        // A cell of another workbook, named and described by hostile text.
        related: vec![Related {
            file: Some(PathBuf::from(format!("{file}-data.xlsx"))),
            location: Location::Cell(related_cell.clone()),
            message: format!("the data give {message}"),
        }],
        cell_text: Some(cell.as_str().into()),
    };
    let linted = FileOutcome {
        path: PathBuf::from(format!("{file}.xlsx")),
        sha256: None,
        format: None,
        status: Status::Linted,
        error: None,
        diagnostics: vec![
            diagnostic(Location::Cell(cell_ref.clone()), span),
            diagnostic(Location::Cell(cell_ref), None),
            diagnostic(Location::Sheet(sheet), None),
        ],
        checked: vec![("TL001".into(), "action-missing-deadline".into())],
        suppressed: 0,
        config_suppressions_used: Vec::new(),
        evidence: None,
        facts: None,
        workbook_suppressions: Vec::new(),
    };
    let broken = FileOutcome {
        path: PathBuf::from(format!("{file}.xls")),
        status: Status::Error,
        error: Some(error),
        diagnostics: Vec::new(),
        checked: Vec::new(),
        ..linted.clone()
    };
    vec![linted, broken]
}

fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Reads the whole document; `Err` when it is not well-formed.
fn parse_xml(text: &str) -> Result<usize, String> {
    if let Some(c) = text.chars().find(|&c| !xml_char(c)) {
        return Err(format!("character {c:?} is not allowed in XML 1.0"));
    }
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut elements = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return Ok(elements),
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                for attribute in e.attributes() {
                    let attribute = attribute.map_err(|e| e.to_string())?;
                    attribute
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| format!("attribute: {e}"))?;
                }
                elements += 1;
            }
            Ok(quick_xml::events::Event::GeneralRef(r)) => {
                let name = r.to_string();
                if !matches!(name.as_str(), "amp" | "lt" | "gt" | "quot" | "apos")
                    && !name.starts_with('#')
                {
                    return Err(format!("unknown entity &{name};"));
                }
            }
            Ok(_) => {}
            Err(e) => return Err(e.to_string()),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 200,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn concise_prints_one_line_per_finding_and_no_control(
        file in hostile_text(), sheet in hostile_text(), message in hostile_text(),
        cell in hostile_text(), error in hostile_text(),
    ) {
        let files = reports(file, sheet, message, cell, error);
        let out = report::concise::render(&files);
        // Three findings, one unreadable file, the summary.
        prop_assert_eq!(out.lines().count(), 5, "{}", out);
        prop_assert!(out.ends_with('\n'));
        let bad: Vec<char> = out.trim_end_matches('\n').chars()
            .filter(|&c| is_unsafe(c) && c != '\n').collect();
        prop_assert!(bad.is_empty(), "raw {:?} in {}", bad, out);
        for line in out.lines() {
            prop_assert!(!line.starts_with("::"), "forged line {:?}", line);
        }
    }

    #[test]
    fn human_prints_no_control_and_no_forged_line(
        file in hostile_text(), sheet in hostile_text(), message in hostile_text(),
        cell in hostile_text(), error in hostile_text(),
    ) {
        let files = reports(file, sheet, message, cell, error);
        for style in [human::Style::plain(), human::Style { color: false, unicode: true, width: 100 }] {
            let out = human::render(&files, style);
            let bad: Vec<char> = out.chars()
                .filter(|&c| is_unsafe(c) && c != '\n').collect();
            prop_assert!(bad.is_empty(), "raw {:?} in {}", bad, out);
            // Only text behind the source gutter may span lines: no line
            // may begin with what the workbook wrote.
            for line in out.lines() {
                prop_assert!(!line.trim_start().starts_with("::"), "forged line {:?} in {}", line, out);
            }
        }
    }

    #[test]
    fn colours_are_the_only_escape_sequences(
        sheet in hostile_text(), message in hostile_text(), cell in hostile_text(),
    ) {
        let files = reports("plan".into(), sheet, message, cell, String::new());
        let plain = human::render(&files, human::Style { color: false, unicode: true, width: 100 });
        let coloured = human::render(&files, human::Style { color: true, unicode: true, width: 100 });
        prop_assert!(!plain.contains('\u{1b}'), "ESC in plain output");
        // Every ESC in the coloured output starts an SGR colour sequence.
        for (at, _) in coloured.match_indices('\u{1b}') {
            let rest = &coloured[at + 1..];
            prop_assert!(rest.starts_with('['), "ESC not starting CSI in {:?}", coloured);
            let end = rest[1..].find(|c: char| !(c.is_ascii_digit() || c == ';'));
            prop_assert!(end.is_some_and(|e| rest[1 + e..].starts_with('m')), "not SGR in {:?}", coloured);
        }
    }

    #[test]
    fn junit_is_well_formed_xml(
        file in hostile_text(), sheet in hostile_text(), message in hostile_text(),
        cell in hostile_text(), error in hostile_text(),
    ) {
        let files = reports(file, sheet, message, cell, error);
        let tool = ToolInfo::new(&all_rules(&[]));
        let out = report::junit::render(&files, &tool);
        let parsed = parse_xml(&out);
        prop_assert!(parsed.is_ok(), "{:?} in {}", parsed, out);
    }

    #[test]
    fn html_markup_is_the_same_whatever_the_text(
        file in hostile_text(), sheet in hostile_text(), message in hostile_text(),
        cell in hostile_text(), error in hostile_text(),
    ) {
        // The page's markup depends on the findings, never on their text:
        // the characters that open, close or quote markup come out the same
        // number of times as for plain text, and no control is sent.
        let tool = ToolInfo::new(&all_rules(&[]));
        let out = report::html::render(&reports(file, sheet, message, cell, error), &tool);
        let plain = report::html::render(
            &reports("f".into(), "s".into(), "m".into(), "c".into(), "e".into()),
            &tool,
        );
        for c in ['<', '>', '"', '\''] {
            prop_assert_eq!(out.matches(c).count(), plain.matches(c).count(), "{:?} in {}", c, out);
        }
        let bad: Vec<char> = out.chars().filter(|&c| is_unsafe(c) && c != '\n').collect();
        prop_assert!(bad.is_empty(), "raw {:?} in {}", bad, out);
    }

    #[test]
    fn github_commands_stay_one_per_line(
        file in hostile_text(), sheet in hostile_text(), message in hostile_text(),
        cell in hostile_text(), error in hostile_text(),
    ) {
        let files = reports(file, sheet, message, cell, error);
        let tool = ToolInfo::new(&all_rules(&[]));
        let out = report::github::render(&files, &tool);
        prop_assert_eq!(out.lines().count(), 5, "{}", out);
        let bad: Vec<char> = out.trim_end_matches('\n').chars().filter(|&c| is_unsafe(c) && c != '\n').collect();
        prop_assert!(bad.is_empty(), "raw {:?} in {}", bad, out);
    }
}

#[test]
fn statistics_show_pack_names_visibly() {
    let mut summary = report::Summary::default();
    summary.by_rule.insert("evil\u{1b}[2J\nname".into(), 3);
    let out = summary.statistics(&all_rules(&[]));
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("evil\\u{1b}[2J\\nname"), "{out}");
}

/// Found by the property above: an unreadable file named "::…" began its
/// error line with the name, which GitHub Actions reads as a command.
#[test]
fn a_file_named_like_a_workflow_command_starts_no_line() {
    let files = reports(
        "::error::x".into(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    );
    for out in [
        human::render(&files, human::Style::plain()),
        report::concise::render(&files),
    ] {
        assert!(out.lines().all(|l| !l.starts_with("::")), "{out}");
    }
}
