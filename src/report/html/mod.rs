//! A report a committee can read (`--format html`): one self-contained
//! HTML5 file with a summary, and per workbook the pairing, the indicator
//! table (this year, last year, the non-adverse range, whether adverse, the
//! change, and the actions per indicator shaded as a heat-map) and the
//! findings with their cells and related cells.
//!
//! Self-contained: the only style is the inline `<style>` element, there is
//! no script, no image and no address outside the file, and a
//! Content-Security-Policy in the page allows nothing else (that one style
//! element, by its hash), so a browser fetches nothing when it opens it.
//! Prints on A4 (`@media print`): each workbook on a new page, table headers
//! repeated on each page, colours kept.
//!
//! Every text that a workbook, a path or a rule pack supplies passes through
//! [`escape`]: controls and bidirectional overrides shown as
//! [`visible`](crate::report::text::visible) shows them, then `& < > " '`
//! escaped, so no workbook text becomes markup, a link, a script or a style.
//! Attributes carry only wreslint's own words and numbered ids.
//!
//! Colour is never the only signal: each severity has a word and a symbol,
//! adverse indicators and the direction of change are written out, and the
//! heat-map cells give the number of actions. The output is deterministic:
//! no date, no time, no random id.

use std::fmt::Write;

mod indicators;

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::{FileOutcome, Status};
use crate::location::Location;
use crate::report::text::visible;
use crate::report::{display_path, Summary, ToolInfo};

/// The page's only style, allowed by its hash in the page's policy.
const STYLE: &str = include_str!("style.css");

/// Text for an element or an attribute value: controls and bidirectional
/// overrides shown as escapes (as every text format shows them), then the
/// characters HTML gives a meaning escaped.
pub fn escape(text: &str) -> String {
    let shown = visible(text);
    let mut out = String::with_capacity(shown.len() + 8);
    for c in shown.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn render(files: &[FileOutcome], tool: &ToolInfo) -> String {
    let summary = Summary::of(files);
    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '{}'; base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"{} {}\">\n\
         <title>wreslint report: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        style_hash(),
        tool.name,
        escape(tool.version),
        plural(summary.diagnostics(), "finding", "findings"),
    );
    out.push_str("<header>\n<h1>wreslint report</h1>\n");
    let _ = writeln!(
        out,
        "<p class=\"tool\">Workforce Race (and Disability) Equality Standard action plans and data, checked by {} {} (rule set {}).</p>\n</header>\n<main>",
        tool.name,
        escape(tool.version),
        escape(&tool.rules_version)
    );
    summary_section(&mut out, files, &summary);
    for (index, file) in files.iter().enumerate() {
        file_section(&mut out, index + 1, file);
    }
    by_rule(&mut out, files, &summary);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn summary_section(out: &mut String, files: &[FileOutcome], summary: &Summary) {
    out.push_str("<section aria-labelledby=\"summary\">\n<h2 id=\"summary\">Summary</h2>\n");
    let _ = writeln!(
        out,
        "<p class=\"sentence\">{}</p>",
        escape(&summary.sentence())
    );
    out.push_str("<ul class=\"counts\">\n");
    let tiles = [
        ("all", summary.files, "workbook", "workbooks"),
        ("all", summary.diagnostics(), "finding", "findings"),
        ("error", summary.errors, "error", "errors"),
        ("warning", summary.warnings, "warning", "warnings"),
        ("info", summary.infos, "info", "infos"),
    ];
    for (class, count, one, many) in tiles {
        let _ = writeln!(
            out,
            "<li class=\"{class}\"><span class=\"k\">{count}</span> {}</li>",
            if count == 1 { one } else { many }
        );
    }
    let unreadable = summary.unreadable + summary.internal_errors;
    if unreadable > 0 {
        let _ = writeln!(
            out,
            "<li class=\"unreadable\"><span class=\"k\">{unreadable}</span> not checked</li>"
        );
    }
    out.push_str("</ul>\n");
    if files.is_empty() {
        out.push_str("<p class=\"note\">No workbooks were found.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<table class=\"files\">\n<caption>Workbooks checked, with their findings by severity</caption>\n\
         <thead><tr><th scope=\"col\">Workbook</th><th scope=\"col\" class=\"n\">Errors</th>\
         <th scope=\"col\" class=\"n\">Warnings</th><th scope=\"col\" class=\"n\">Infos</th>\
         <th scope=\"col\">Checked</th></tr></thead>\n<tbody>\n",
    );
    for (index, file) in files.iter().enumerate() {
        let count = |severity| {
            file.diagnostics
                .iter()
                .filter(|d| d.severity == severity)
                .count()
        };
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><a class=\"path\" href=\"#file-{}\">{}</a></th>",
            index + 1,
            escape(&display_path(&file.path))
        );
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            let n = count(severity);
            let zero = if n == 0 { " zero" } else { "" };
            let _ = write!(out, "<td class=\"n{zero}\">{n}</td>");
        }
        let _ = writeln!(out, "<td>{}</td></tr>", status_words(file.status));
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// The end of the page: how many findings each rule made over every workbook.
fn by_rule(out: &mut String, files: &[FileOutcome], summary: &Summary) {
    if summary.by_rule.is_empty() {
        return;
    }
    out.push_str(
        "<section class=\"rules\" aria-labelledby=\"by-rule\">\n<h2 id=\"by-rule\">Findings by rule</h2>\n\
         <table class=\"by-rule\">\n<caption>How many findings each rule made over all the workbooks, most first</caption>\n\
         <thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Rule</th>\
         <th scope=\"col\" class=\"n\">Findings</th></tr></thead>\n<tbody>\n",
    );
    let mut rows: Vec<(&String, &usize)> = summary.by_rule.iter().collect();
    rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (code, count) in rows {
        let name = files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .find(|d| &d.code == code)
            .map(|d| d.name.as_str())
            .filter(|name| name != code)
            .unwrap_or("");
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td class=\"n\">{count}</td></tr>",
            escape(code),
            escape(name)
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn status_words(status: Status) -> &'static str {
    match status {
        Status::Linted => "yes",
        Status::Error => "<span class=\"failed\">no: could not be read</span>",
        Status::InternalError => "<span class=\"failed\">no: wreslint failed</span>",
    }
}

fn file_section(out: &mut String, index: usize, file: &FileOutcome) {
    let path = escape(&display_path(&file.path));
    let _ = writeln!(
        out,
        "<section class=\"file\" id=\"file-{index}\" aria-labelledby=\"file-{index}-h\">\n\
         <h2 id=\"file-{index}-h\"><span class=\"path\">{path}</span></h2>"
    );
    let mut meta = Vec::new();
    if let Some(format) = file.format {
        meta.push(format!("{} workbook", format.name()));
    }
    let counts = [Severity::Error, Severity::Warning, Severity::Info]
        .map(|s| file.diagnostics.iter().filter(|d| d.severity == s).count());
    meta.push(format!(
        "{}: {}, {}, {}",
        plural(file.diagnostics.len(), "finding", "findings"),
        plural(counts[0], "error", "errors"),
        plural(counts[1], "warning", "warnings"),
        plural(counts[2], "info", "infos"),
    ));
    if file.suppressed > 0 {
        meta.push(format!(
            "{} suppressed",
            plural(file.suppressed, "finding", "findings")
        ));
    }
    let _ = write!(out, "<p class=\"meta\">{}", meta.join(" · "));
    if let Some(sha) = &file.sha256 {
        let _ = write!(
            out,
            "<br>SHA-256 <span class=\"sha\">{}</span>",
            escape(sha)
        );
    }
    out.push_str("</p>\n");
    if file.status != Status::Linted {
        let why = file.error.as_deref().unwrap_or("could not be linted");
        let _ = writeln!(
            out,
            "<p class=\"failed\" role=\"note\">Not checked: {}</p>",
            escape(why)
        );
    }
    match &file.evidence {
        Some(evidence) => {
            indicators::pairing(out, index, evidence);
            indicators::indicators(out, index, evidence);
        }
        None if file.status == Status::Linted => {
            out.push_str("<p class=\"note\">No indicator figures for this workbook.</p>\n");
        }
        None => {}
    }
    findings(out, index, file, &path);
    out.push_str("</section>\n");
}

fn findings(out: &mut String, index: usize, file: &FileOutcome, path: &str) {
    let _ = writeln!(out, "<h3 id=\"file-{index}-findings\">Findings</h3>");
    if file.diagnostics.is_empty() {
        let text = if file.status == Status::Linted {
            "No findings."
        } else {
            "No findings: the workbook was not checked."
        };
        let _ = writeln!(out, "<p class=\"note\">{text}</p>");
        return;
    }
    let with_related = file.diagnostics.iter().any(|d| !d.related.is_empty());
    let _ = write!(
        out,
        "<table class=\"findings\">\n<caption>{} in <span class=\"path\">{path}</span>, in the order of the workbook's sheets, rows and columns</caption>\n\
         <thead><tr><th scope=\"col\">Severity</th><th scope=\"col\">Code</th>\
         <th scope=\"col\">Rule</th><th scope=\"col\">Cell</th><th scope=\"col\">Finding</th>",
        capitalised(&plural(file.diagnostics.len(), "finding", "findings"))
    );
    if with_related {
        out.push_str("<th scope=\"col\">Related cells</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for d in &file.diagnostics {
        finding_row(out, d, with_related);
    }
    out.push_str("</tbody>\n</table>\n");
}

fn finding_row(out: &mut String, d: &Diagnostic, with_related: bool) {
    let (symbol, word) = match d.severity {
        Severity::Error => ("✖", "Error"),
        Severity::Warning => ("▲", "Warning"),
        Severity::Info => ("ℹ", "Info"),
    };
    let _ = write!(
        out,
        "<tr><td class=\"sev {}\"><span aria-hidden=\"true\">{symbol} </span>{word}</td><td><code>{}</code></td>",
        d.severity.as_str(),
        escape(&d.code)
    );
    // A pack rule without a code is named by its id alone.
    if d.name == d.code {
        out.push_str("<td></td>");
    } else {
        let _ = write!(out, "<td>{}</td>", escape(&d.name));
    }
    let _ = write!(
        out,
        "<td>{}</td><td>{}",
        location(&d.location),
        escape(&d.message)
    );
    if let Some(help) = d.help.clone().filter(|h| !h.is_empty()) {
        let _ = write!(out, "<p class=\"help\">Help: {}</p>", escape(&help));
    }
    out.push_str("</td>");
    if with_related {
        out.push_str("<td>");
        if !d.related.is_empty() {
            out.push_str("<ul class=\"related\">");
            for related in &d.related {
                let place = match &related.file {
                    Some(file) => format!("{}: {}", display_path(file), related.location),
                    None => related.location.to_string(),
                };
                let _ = write!(out, "<li><span class=\"cell\">{}</span>", escape(&place));
                if !related.message.is_empty() {
                    let _ = write!(out, ": {}", escape(&related.message));
                }
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
        out.push_str("</td>");
    }
    out.push_str("</tr>\n");
}

/// A finding's place for people: the sheet's name on its own line (no
/// quotes to read past), then the cell's address.
fn location(location: &Location) -> String {
    match location {
        Location::Workbook => "<span class=\"muted\">whole workbook</span>".to_owned(),
        Location::Sheet(sheet) => format!(
            "<span class=\"sheet\">{}</span><span class=\"muted\">whole sheet</span>",
            escape(sheet)
        ),
        Location::Cell(cell) => format!(
            "<span class=\"sheet\">{}</span><span class=\"addr\">{}</span>",
            escape(&cell.sheet),
            cell.a1()
        ),
        Location::Range { start, end } => format!(
            "<span class=\"sheet\">{}</span><span class=\"addr\">{}:{}</span>",
            escape(&start.sheet),
            start.a1(),
            end.a1()
        ),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The policy's source for the style element: `sha256-` and the base64 of
/// the SHA-256 of its text, so that no other style (and nothing else) applies.
fn style_hash() -> String {
    use sha2::{Digest, Sha256};
    format!("sha256-{}", base64(&Sha256::digest(STYLE.as_bytes())))
}

/// Standard base64 with padding (RFC 4648), for the one hash above.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
