//! Every text output format on arbitrary workbook text (issue 19): the
//! cell text, message, help, sheet name, file name and load error of a
//! report come from the input. The human, concise and GitHub outputs print
//! no raw control character (newlines aside, which the concise and GitHub
//! formats never take from the text: one finding, one line), colours off;
//! JUnit is XML 1.0 with no forbidden character; nothing panics, whatever
//! the span.
//!
//! Run with `RUSTC_BOOTSTRAP=1 cargo fuzz run report_text` from the crate root.
#![no_main]

use std::path::PathBuf;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use wreslint::diagnostic::{Diagnostic, Family, Severity};
use wreslint::lint::{FileReport, Status};
use wreslint::location::{CellRef, Location};
use wreslint::report::text::is_unsafe;
use wreslint::report::{concise, github, human, junit, ToolInfo};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(5, '\u{1f}');
    let mut next = || parts.next().unwrap_or("").to_owned();
    let (sheet, message, cell, file, error) = (next(), next(), next(), next(), next());
    let sheet: Arc<str> = Arc::from(sheet.as_str());
    let span = data.first().map(|&b| {
        let start = usize::from(b) % (cell.len() + 1);
        start..(start + usize::from(data.len() as u8 % 7)).min(cell.len())
    });
    let diagnostic = Diagnostic {
        code: "TL001".into(),
        name: "action-missing-deadline".into(),
        family: Family::Timeline,
        severity: Severity::Warning,
        location: Location::Cell(CellRef::new(&sheet, 1, 1)),
        message: message.clone(),
        help: Some(message),
        span,
        cell_text: Some(Arc::from(cell.as_str())),
    };
    let linted = FileReport {
        path: PathBuf::from(&file),
        sha256: None,
        format: None,
        status: Status::Linted,
        error: None,
        diagnostics: vec![diagnostic],
        checked: vec![("TL001".into(), "action-missing-deadline".into())],
        suppressed: 0,
        config_suppressions_used: Vec::new(),
    };
    let broken = FileReport {
        status: Status::Error,
        error: Some(error),
        diagnostics: Vec::new(),
        ..linted.clone()
    };
    let files = [linted, broken];
    let tool = ToolInfo::new(&wreslint::runner::all_rules(&[]));
    let human = human::render(&files, human::Style::plain());
    assert!(!human.chars().any(|c| is_unsafe(c) && c != '\n'), "{human:?}");
    for out in [concise::render(&files), github::render(&files, &tool)] {
        assert_eq!(out.lines().count(), 3, "{out:?}");
        assert!(!out.chars().any(|c| is_unsafe(c) && c != '\n'), "{out:?}");
    }
    let xml = junit::render(&files, &tool);
    assert!(
        xml.chars().all(|c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)),
        "{xml:?}"
    );
});
