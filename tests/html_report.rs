//! `--format html` in a real browser (issue 18, part 4): Debian's chromium,
//! headless, loads the page and dumps the DOM it built, and the DOM must
//! show the findings count, the indicator table and the pairing; hostile
//! workbook text must stay text (no element from it); the page must print
//! on A4.
//!
//! Needs `/usr/bin/chromium` (Debian: `apt-get install chromium`; `.ci/run`
//! installs it). Without it each test prints `SKIPPED: chromium not
//! installed` and returns. Set `WRESLINT_HTML_KEEP=DIR` to keep the pages
//! it renders (for screenshots, docs/html-report.md).
#![allow(clippy::print_stdout, clippy::print_stderr)] // a tool for people: it prints

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use assert_cmd::cargo::CommandCargoExt;
use wreslint::diagnostic::{Diagnostic, Family, Related, Severity};
use wreslint::evidence::{Change, IndicatorRow, PairRole, Paired, ShownFigure, Summary};
use wreslint::lint::{FileOutcome, Status};
use wreslint::location::{CellRef, Location};
use wreslint::registry::all_rules;
use wreslint::report::{html, ToolInfo};

const CHROMIUM: &str = "/usr/bin/chromium";

fn chromium() -> Option<&'static Path> {
    let path = Path::new(CHROMIUM);
    if path.exists() {
        Some(path)
    } else {
        println!("SKIPPED: chromium not installed ({CHROMIUM}); install it with `apt-get install chromium`");
        None
    }
}

/// Chromium headless with nothing that reaches the network, in a fresh profile.
fn headless(chromium: &Path, profile: &Path) -> Command {
    let mut command = Command::new(chromium);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    command
}

/// The DOM chromium built from the page, serialised.
fn dump_dom(chromium: &Path, page: &Path) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = headless(chromium, profile.path())
        .arg("--dump-dom")
        .arg(url(page))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dom = String::from_utf8(out.stdout).unwrap();
    assert!(dom.contains("</html>"), "no DOM from chromium: {dom}");
    dom
}

fn url(page: &Path) -> String {
    format!("file://{}", page.canonicalize().unwrap().display())
}

/// Where the pages go: `WRESLINT_HTML_KEEP` or a temporary folder.
fn page_dir() -> (PathBuf, Option<tempfile::TempDir>) {
    match std::env::var_os("WRESLINT_HTML_KEEP") {
        Some(dir) => {
            std::fs::create_dir_all(&dir).unwrap();
            (PathBuf::from(dir), None)
        }
        None => {
            let tmp = tempfile::tempdir().unwrap();
            (tmp.path().to_owned(), Some(tmp))
        }
    }
}

fn samples_page(format: &str) -> String {
    let out = Command::cargo_bin("wreslint")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "samples/", "--format", format])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The text of the first element after `from` whose opening tag starts
/// with `open`, tags removed.
fn text_of(dom: &str, open: &str) -> String {
    let start = dom
        .find(open)
        .unwrap_or_else(|| panic!("no {open} in {dom}"));
    let name: String = open[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let end = dom[start..].find(&format!("</{name}>")).unwrap() + start;
    let mut text = String::new();
    let mut in_tag = false;
    for c in dom[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

#[test]
fn the_samples_report_renders_with_its_findings_count() {
    let Some(chromium) = chromium() else { return };
    let json: serde_json::Value = serde_json::from_str(&samples_page("json")).unwrap();
    let files = json["files"].as_array().unwrap();
    let findings: usize = files
        .iter()
        .map(|f| f["diagnostics"].as_array().unwrap().len())
        .sum();
    assert!(findings > 0);
    let (dir, _tmp) = page_dir();
    let page = dir.join("samples.html");
    std::fs::write(&page, samples_page("html")).unwrap();
    let dom = dump_dom(chromium, &page);
    // The findings count, as chromium laid it out.
    assert!(
        dom.contains(&format!(
            "<span class=\"k\">{findings}</span> findings</li>"
        )),
        "no count {findings} in {dom}"
    );
    assert!(text_of(&dom, "<p class=\"sentence\"").contains(&format!("Found {findings} problems")));
    // A section per workbook, each with an indicator table or the note
    // that it has no figures, and its findings.
    let sections: Vec<&str> = dom.split("<section class=\"file\"").skip(1).collect();
    assert_eq!(sections.len(), files.len());
    for (section, file) in sections.iter().zip(files) {
        let path = file["path"].as_str().unwrap();
        assert!(section.contains(&format!("<span class=\"path\">{path}</span></h2>")));
        assert!(
            section.contains("<table class=\"indicators")
                || section.contains("No indicator figures for this workbook."),
            "{path}: neither the indicator table nor its absence"
        );
        if section.contains("<table class=\"indicators") {
            assert!(
                section.contains(">Paired workbooks</h3>"),
                "{path}: no pairing"
            );
        }
        let count = file["diagnostics"].as_array().unwrap().len();
        if count > 0 {
            assert_eq!(
                section.matches("<td class=\"sev ").count(),
                count,
                "{path}: findings rows"
            );
        }
    }
    // The samples' data workbooks give figures. (The samples pair nothing
    // by folder: two WRES data workbooks of one year leave a plan's data
    // ambiguous; the pairing is rendered on the paired page below.)
    assert!(
        dom.contains("<span class=\"fig\">"),
        "no figure in the samples' indicator tables"
    );
    // Nothing but the page's own style: no element that loads or runs.
    for absent in ["<script", "<img", "<link", "<iframe", "<object"] {
        assert!(!dom.contains(absent), "{absent} in the samples' DOM");
    }
}

fn cell(sheet: &str, row: u32, col: u32) -> Location {
    Location::Cell(CellRef::new(&Arc::from(sheet), row, col))
}

fn figure(text: &str, value: f64, year: u16, file: &str) -> ShownFigure {
    ShownFigure {
        text: text.into(),
        value,
        year: Some(year),
        file: Some(PathBuf::from(file)),
        cell: "'Indicators 2-4'!B7".into(),
    }
}

/// A plan paired with its data and last year's data, as the evidence rules
/// will report it: an adverse indicator without an action, a quoted
/// baseline that differs from the data.
/// `hostile`, when given, is written into every text a workbook supplies.
fn paired_plan(hostile: Option<&str>) -> FileOutcome {
    let text = |benign: &str| hostile.unwrap_or(benign).to_owned();
    let indicator =
        |n: u8, name: &str, current: Option<(&str, f64)>, adverse, change, actions| IndicatorRow {
            indicator: n,
            name: name.into(),
            current: current.map(|(t, v)| figure(t, v, 2023, "trust/wres-data-2023.xlsx")),
            previous: current.map(|(_, v)| {
                figure(
                    &format!("{:.2}", v - 0.1),
                    v - 0.1,
                    2022,
                    "trust/wres-data-2022.xlsx",
                )
            }),
            fair: if (2..=4).contains(&n) {
                "0.80 to 1.25".into()
            } else {
                "BME at most 3.0 points worse than White".into()
            },
            adverse,
            change,
            actions,
        };
    let summary = Summary {
        has_plan: true,
        has_data: false,
        pairing: vec![
            Paired {
                role: PairRole::Data,
                path: PathBuf::from("trust/wres-data-2023.xlsx"),
                reason: "same folder and year (2023)".into(),
            },
            Paired {
                role: PairRole::PreviousData,
                path: PathBuf::from("trust/wres-data-2022.xlsx"),
                reason: "--previous".into(),
            },
        ],
        indicators: vec![
            indicator(1, "Workforce by band", None, None, None, 2),
            indicator(
                2,
                "Shortlisting to appointment",
                Some(("1.52", 1.52)),
                Some(true),
                Some(Change::Worse),
                0,
            ),
            indicator(
                3,
                "Formal disciplinary process",
                Some(("1.10", 1.10)),
                Some(false),
                Some(Change::Better),
                3,
            ),
            indicator(
                4,
                &text("Non-mandatory training"),
                Some(("1.00", 1.0)),
                Some(false),
                Some(Change::Same),
                1,
            ),
        ],
    };
    let mut quoted = Diagnostic {
        subject: None,
        code: "EV002".into(),
        name: "quoted-figure-differs".into(),
        family: Family::Measure,
        severity: Severity::Warning,
        location: cell("WRES Action Plan", 6, 4),
        message: format!(
            "The baseline quotes {} for 2023; the data give 1.52",
            text("RL 1.6")
        ),
        help: Some("Quote the published figure".into()),
        span: None,
        related: vec![Related {
            file: Some(PathBuf::from("trust/wres-data-2023.xlsx")),
            location: cell("Indicators 2-4", 6, 1),
            message: "the data give 1.52".into(),
        }],
        cell_text: Some(Arc::from(text("RL 1.6 in 2023").as_str())),
    };
    let adverse = Diagnostic {
        subject: None,
        code: "EV001".into(),
        name: "adverse-indicator-without-action".into(),
        severity: Severity::Error,
        location: Location::Sheet(Arc::from(text("WRES Action Plan").as_str())),
        message: "Indicator 2 is adverse (1.52) and no action is linked to it".into(),
        related: vec![Related {
            file: Some(PathBuf::from(text("trust/wres-data-2023.xlsx"))),
            location: cell(&text("Indicators 2-4"), 6, 1),
            message: text("the relative likelihood 1.52"),
        }],
        ..quoted.clone()
    };
    quoted.related.push(Related {
        file: None,
        location: cell("WRES Action Plan", 2, 0),
        message: "the plan's period".into(),
    });
    FileOutcome {
        path: PathBuf::from("trust/wres-plan-2023.xlsx"),
        sha256: Some("0".repeat(64)),
        format: Some(wreslint::workbook::Format::Xlsx),
        status: Status::Linted,
        error: None,
        diagnostics: vec![adverse, quoted],
        checked: Vec::new(),
        suppressed: 1,
        config_suppressions_used: Vec::new(),
        evidence: Some(Arc::new(summary)),
        facts: None,
        workbook_suppressions: Vec::new(),
    }
}

const HOSTILE: &str =
    "<script>document.title='owned'</script><img src=x onerror=alert(1)><b>bold</b>&amp; \u{202e}";

#[test]
fn a_paired_plan_shows_indicators_pairing_and_related_cells() {
    let Some(chromium) = chromium() else { return };
    let (dir, _tmp) = page_dir();
    let page = dir.join("paired.html");
    let tool = ToolInfo::new(&all_rules(&[]));
    std::fs::write(&page, html::render(&[paired_plan(Some(HOSTILE))], &tool)).unwrap();
    if std::env::var_os("WRESLINT_HTML_KEEP").is_some() {
        // The same without hostile text, for the screenshot in docs/.
        let example = html::render(&[paired_plan(None)], &tool);
        std::fs::write(dir.join("paired-example.html"), example).unwrap();
    }
    let dom = dump_dom(chromium, &page);
    assert!(dom.contains("<span class=\"k\">2</span> findings</li>"));
    // The indicator table: four rows, each with its row header.
    let table = &dom[dom
        .find("<table class=\"indicators\">")
        .expect("indicator table")..];
    let table = &table[..table.find("</table>").unwrap()];
    assert!(table.contains("<caption>Each indicator"));
    assert_eq!(table.matches("<th scope=\"row\">").count(), 4);
    assert_eq!(table.matches("<th scope=\"col\">").count(), 7);
    assert!(text_of(table, "<th scope=\"row\"><strong>2").contains("Shortlisting to appointment"));
    assert!(table.contains("<span class=\"fig\">1.52</span> (2023)"));
    assert!(table.contains("<span class=\"fig\">1.42</span> (2022)"));
    assert!(table.contains("Adverse</td>") && table.contains("Not adverse</td>"));
    assert!(
        table.contains("Worse</td>")
            && table.contains("Better</td>")
            && table.contains("Same</td>")
    );
    assert!(table.contains("adverse, no action"));
    assert!(table.contains("3 actions"));
    // The pairing.
    let pairing = text_of(&dom, "<ul class=\"pairing\"");
    assert!(pairing
        .contains("Data: trust/wres-data-2023.xlsx (paired because: same folder and year (2023))"));
    assert!(
        pairing.contains("Previous data: trust/wres-data-2022.xlsx (paired because: --previous)")
    );
    // The findings with their related cells, this workbook's and another's.
    let findings = &dom[dom.find("<table class=\"findings\">").unwrap()..];
    assert!(findings.contains("<th scope=\"col\">Related cells</th>"));
    assert!(findings.contains("trust/wres-data-2023.xlsx: 'Indicators 2-4'!B7"));
    assert!(findings.contains("'WRES Action Plan'!A3"));
    // Workbook text stayed text: chromium built no element from it, and
    // the title is the page's own.
    for absent in ["<script", "<img", "<b>", "onerror=\""] {
        assert!(!dom.contains(absent), "{absent} in the DOM: {dom}");
    }
    assert!(dom.contains("&lt;script&gt;document.title='owned'&lt;/script&gt;"));
    assert!(dom.contains("<title>wreslint report: 2 findings</title>"));
    assert!(dom.contains("\\u{202e}") && !dom.contains('\u{202e}'));
}

#[test]
fn the_report_prints_on_a4() {
    let Some(chromium) = chromium() else { return };
    let (dir, _tmp) = page_dir();
    let page = dir.join("print.html");
    let tool = ToolInfo::new(&all_rules(&[]));
    std::fs::write(&page, html::render(&[paired_plan(None)], &tool)).unwrap();
    let pdf = dir.join("print.pdf");
    let profile = tempfile::tempdir().unwrap();
    let out = headless(chromium, profile.path())
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(url(&page))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    // A4 is 595 × 842 points; chromium writes each page's box uncompressed.
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("/MediaBox [0 0 594.9") || text.contains("/MediaBox [0 0 595"),
        "not A4: {}",
        text.split("/MediaBox")
            .nth(1)
            .unwrap_or("no MediaBox")
            .chars()
            .take(40)
            .collect::<String>()
    );
}
