use std::path::PathBuf;
use std::sync::Arc;

use super::*;
use crate::diagnostic::{Family, Related};
use crate::evidence::Paired;
use crate::evidence::{Change, IndicatorRow, PairRole, ShownFigure, Summary as Evidence};
use crate::location::CellRef;
use crate::registry::all_rules;

fn tool() -> ToolInfo {
    ToolInfo::new(&all_rules(&[]))
}

fn cell(sheet: &str, row: u32, col: u32) -> Location {
    Location::Cell(CellRef::new(&Arc::from(sheet), row, col))
}

fn diagnostic(severity: Severity, location: Location, message: &str) -> Diagnostic {
    Diagnostic {
        subject: None,
        code: "EV002".into(),
        name: "quoted-figure-differs".into(),
        family: Family::Measure,
        severity,
        location,
        message: message.into(),
        help: Some("Quote the published figure".into()),
        span: None,
        related: Vec::new(),
        cell_text: None,
    }
}

fn report(path: &str, diagnostics: Vec<Diagnostic>) -> FileOutcome {
    FileOutcome {
        path: PathBuf::from(path),
        sha256: Some("ab".repeat(32)),
        format: Some(crate::workbook::Format::Xlsx),
        status: Status::Linted,
        error: None,
        diagnostics,
        checked: Vec::new(),
        suppressed: 0,
        config_suppressions_used: Vec::new(),
        evidence: None,
        facts: None,
        workbook_suppressions: Vec::new(),
    }
}

fn figure(text: &str, cell: &str, file: Option<&str>) -> ShownFigure {
    ShownFigure {
        text: text.into(),
        value: 1.0,
        year: Some(2023),
        file: file.map(PathBuf::from),
        cell: cell.into(),
    }
}

fn evidence() -> Evidence {
    let row = |indicator, name: &str, adverse, change, actions| IndicatorRow {
        indicator,
        name: name.into(),
        current: Some(figure("1.52", "'Indicators 2-4'!B7", Some("data.xlsx"))),
        previous: Some(figure("1.31", "'Indicators 2-4'!B7", Some("last.xlsx"))),
        fair: "0.80 to 1.25".into(),
        adverse,
        change,
        actions,
    };
    Evidence {
        has_plan: true,
        has_data: false,
        pairing: vec![Paired {
            role: PairRole::Data,
            path: PathBuf::from("data.xlsx"),
            reason: "same folder and year (2023)".into(),
        }],
        indicators: vec![
            row(
                2,
                "Shortlisting to appointment",
                Some(true),
                Some(Change::Worse),
                0,
            ),
            row(
                3,
                "Formal disciplinary process",
                Some(false),
                Some(Change::Better),
                3,
            ),
            IndicatorRow {
                current: None,
                previous: None,
                ..row(4, "Non-mandatory training", None, None, 1)
            },
        ],
    }
}

#[test]
fn escaping_leaves_no_markup_and_shows_controls() {
    assert_eq!(
        escape("<script>alert(\"x\")</script> & 'y'"),
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
    );
    // Controls and bidirectional overrides as every text format shows them.
    assert_eq!(
        escape("a\u{0}b\u{1b}[2J\r\n\u{202e}evil\u{2066}\u{85}"),
        "a\\u{0}b\\u{1b}[2J\\r\\n\\u{202e}evil\\u{2066}\\u{85}"
    );
    assert_eq!(escape("£ 14.9% – BME"), "£ 14.9% – BME");
}

#[test]
fn hostile_workbook_text_never_becomes_markup() {
    let hostile =
        "<script>alert(1)</script><img src=http://x/a.png><a href=\"javascript:x\">&amp;\u{202e}";
    let mut d = diagnostic(Severity::Error, cell(hostile, 2, 3), hostile);
    d.code = hostile.into();
    d.name = hostile.into();
    d.help = Some(hostile.into());
    d.related.push(Related {
        file: Some(PathBuf::from(hostile)),
        location: cell(hostile, 0, 0),
        message: hostile.into(),
    });
    let mut file = report(hostile, vec![d]);
    file.error = Some(hostile.into());
    file.status = Status::InternalError;
    let mut evidence = evidence();
    evidence.pairing[0].path = PathBuf::from(hostile);
    evidence.pairing[0].reason = hostile.into();
    evidence.indicators[0].name = hostile.into();
    evidence.indicators[0].fair = hostile.into();
    evidence.indicators[0].current = Some(figure(hostile, hostile, Some(hostile)));
    file.evidence = Some(Arc::new(evidence));
    let out = render(&[file], &tool());
    for bad in [
        "<script",
        "<img",
        "<a href=\"javascript",
        "\u{202e}",
        "\u{0}",
    ] {
        assert!(!out.contains(bad), "{bad:?} in\n{out}");
    }
    assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(out.contains("\\u{202e}"));
    // The only links are the summary's to the file sections.
    // (A raw `"` never comes from text: it is escaped.)
    assert_eq!(out.matches("href=\"").count(), 1);
    assert!(out.contains("href=\"#file-1\""));
}

#[test]
fn page_is_self_contained_accessible_and_deterministic() {
    let mut d = diagnostic(
        Severity::Warning,
        cell("WRES Action Plan", 6, 4),
        "Baseline \"RL 1.6\" differs from the data's 1.52",
    );
    d.related.push(Related {
        file: Some(PathBuf::from("data.xlsx")),
        location: cell("Indicators 2-4", 6, 1),
        message: "the data give 1.52".into(),
    });
    // As the runner writes it for the text formats.
    d.help = Some("Quote the published figure".into());
    let files = vec![
        FileOutcome {
            evidence: Some(Arc::new(evidence())),
            ..report("plans/plan.xlsx", vec![d])
        },
        report("plans/clean.xlsx", Vec::new()),
    ];
    let out = render(&files, &tool());
    assert_eq!(out, render(&files, &tool()));
    assert!(out.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(out.ends_with("</html>\n"));
    for absent in ["<script", "<link", "<img", "src=", "url(", "@import", "://"] {
        assert!(!out.contains(absent), "{absent} in the page");
    }
    assert!(out.contains("@media print"));
    assert!(out.contains("size: A4"));
    // The summary: the findings count, then a section per workbook.
    assert!(out.contains("<span class=\"k\">1</span> finding</li>"));
    assert!(out.contains("<h2 id=\"file-1-h\"><span class=\"path\">plans/plan.xlsx</span></h2>"));
    assert!(out.contains("<h2 id=\"file-2-h\"><span class=\"path\">plans/clean.xlsx</span></h2>"));
    // Findings: a caption, column headers, severity as a word and a symbol.
    assert!(out.contains("<caption>1 finding in"));
    assert!(out.contains("<th scope=\"col\">Severity</th>"));
    assert!(out.contains("<span aria-hidden=\"true\">▲ </span>Warning</td>"));
    assert!(out.contains("<th scope=\"col\">Related cells</th>"));
    // Related cells have their own column, not a "see …" in the help.
    assert!(out.contains("<p class=\"help\">Help: Quote the published figure</p>"));
    assert!(!out.contains("see data.xlsx"));
    assert!(out.contains(
        "<li><span class=\"cell\">data.xlsx: &#39;Indicators 2-4&#39;!B7</span>: the data give 1.52</li>"
    ));
    assert!(
        out.contains("<span class=\"sheet\">WRES Action Plan</span><span class=\"addr\">E7</span>")
    );
    // The indicator table: a row header per indicator, adverse and the
    // change in words as well as colour, the actions as a heat-map.
    assert_eq!(out.matches("<th scope=\"row\"><strong>").count(), 3);
    assert!(out.contains("<th scope=\"row\"><strong>2</strong> Shortlisting to appointment</th>"));
    assert!(out.contains("</span>Adverse</td>"));
    assert!(out.contains("</span>Not adverse</td>"));
    assert!(out.contains("</span>Worse</td>"));
    assert!(out.contains("</span>Better</td>"));
    assert!(out.contains("<td class=\"heat heat-0 gap\">none<br><span class=\"where\">adverse, no action</span></td>"));
    assert!(out.contains("<td class=\"heat heat-3\">3 actions</td>"));
    assert!(out.contains("<span class=\"value\"><span class=\"fig\">1.52</span> (2023)</span><span class=\"where\">data.xlsx</span><span class=\"where\">&#39;Indicators 2-4&#39;!B7</span>"));
    // The pairing.
    assert!(out.contains("<li><strong>Data</strong>: <span class=\"path\">data.xlsx</span> <span class=\"muted\">(paired because: same folder and year (2023))</span></li>"));
    // Without evidence: said, and only the findings shown.
    let clean = &out[out.find("id=\"file-2\"").unwrap()..];
    assert!(clean.contains("No indicator figures for this workbook."));
    assert!(clean.contains("No findings."));
    assert!(!clean.contains("class=\"indicators"));
}

#[test]
fn the_table_shows_the_columns_the_evidence_fills() {
    let table = |evidence: Evidence| {
        let file = FileOutcome {
            evidence: Some(Arc::new(evidence)),
            ..report("x.xlsx", Vec::new())
        };
        let out = render(&[file], &tool());
        let at = out.find("<h3 id=\"file-1-indicators\">").unwrap();
        out[at..out.find("<h3 id=\"file-1-findings\">").unwrap()].to_owned()
    };
    let heads = |html: &str| -> Vec<String> {
        html.split("<th scope=\"col\">")
            .skip(1)
            .map(|h| h[..h.find('<').unwrap()].to_owned())
            .collect()
    };
    // A data workbook on its own: its figures, no change, no actions.
    let mut data = evidence();
    data.pairing.clear();
    (data.has_plan, data.has_data) = (false, true);
    for row in &mut data.indicators {
        row.actions = 0;
        row.previous = None;
        row.change = None;
        if let Some(f) = &mut row.current {
            f.file = None;
        }
    }
    let html = table(data);
    assert_eq!(
        heads(&html),
        ["Indicator", "This year", "Not adverse when", "Adverse?"]
    );
    assert!(html.contains("No previous year's data are paired"));
    assert!(html.contains("This workbook holds no action plan"));
    assert!(!html.contains("adverse, no action"));
    assert!(html.contains("<caption>Each indicator: this year's figure, the range that is not adverse, and whether this year's figure is adverse</caption>"));
    // A plan without data: the actions per indicator only.
    let mut plan = evidence();
    plan.pairing.clear();
    for row in &mut plan.indicators {
        (row.current, row.previous, row.adverse, row.change) = (None, None, None, None);
    }
    let html = table(plan);
    assert_eq!(heads(&html), ["Indicator", "Actions"]);
    assert!(html.contains("No data workbook is paired with this one"));
    assert!(html
        .contains("<caption>Each indicator: how many of the plan's actions address it</caption>"));
    // Everything: every column.
    assert_eq!(heads(&table(evidence())).len(), 7);
}

#[test]
fn unreadable_files_say_why() {
    let mut file = report("broken.xlsx", Vec::new());
    file.status = Status::Error;
    file.error = Some("not a spreadsheet".into());
    file.sha256 = None;
    let out = render(&[file], &tool());
    assert!(out.contains("Not checked: not a spreadsheet"));
    assert!(out.contains("no: could not be read"));
    assert!(out.contains("<span class=\"k\">1</span> not checked</li>"));
    assert!(!out.contains("No indicator figures"));
}

#[test]
fn the_policy_allows_exactly_the_style() {
    assert_eq!(base64(b""), "");
    assert_eq!(base64(b"f"), "Zg==");
    assert_eq!(base64(b"fo"), "Zm8=");
    assert_eq!(base64(b"foo"), "Zm9v");
    assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    let out = render(&[], &tool());
    assert!(out.contains(&format!("style-src '{}'", style_hash())));
    assert!(out.contains(&format!("<style>{STYLE}</style>")));
    assert!(out.contains("No workbooks were found."));
}
