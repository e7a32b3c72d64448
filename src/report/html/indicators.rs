//! The pairing and the indicator table of one workbook's section: this
//! year's and last year's figures, the range that is not adverse, the change
//! and the actions per indicator shaded as a heat-map.

use std::fmt::Write;

use crate::evidence::{Change, IndicatorRow, PairRole, ShownFigure, Summary as Evidence};
use crate::report::display_path;

use super::{capitalised, escape, plural};

pub(super) fn pairing(out: &mut String, index: usize, evidence: &Evidence) {
    let _ = writeln!(out, "<h3 id=\"file-{index}-pairing\">Paired workbooks</h3>");
    if evidence.pairing.is_empty() {
        out.push_str("<p class=\"note\">Not paired with any other workbook.</p>\n");
        return;
    }
    let _ = writeln!(
        out,
        "<ul class=\"pairing\" aria-labelledby=\"file-{index}-pairing\">"
    );
    for paired in &evidence.pairing {
        let _ = writeln!(
            out,
            "<li><strong>{}</strong>: <span class=\"path\">{}</span> <span class=\"muted\">(paired because: {})</span></li>",
            capitalised(paired.role.as_str()),
            escape(&display_path(&paired.path)),
            escape(&paired.reason)
        );
    }
    out.push_str("</ul>\n");
}

/// Which columns of the indicator table mean something for this workbook.
#[derive(Clone, Copy)]
struct Columns {
    /// A figure for any indicator, this year or last.
    figures: bool,
    /// A figure for last year (and so a change).
    last_year: bool,
    /// The workbook holds a plan whose actions can be counted.
    actions: bool,
}

impl Columns {
    fn of(evidence: &Evidence) -> Columns {
        let rows = &evidence.indicators;
        // A data workbook is not a plan with nothing covered: "no action"
        // there would be noise, or wrong.
        Columns {
            figures: rows
                .iter()
                .any(|r| r.current.is_some() || r.previous.is_some()),
            last_year: rows.iter().any(|r| r.previous.is_some()),
            actions: evidence.has_plan,
        }
    }
}

pub(super) fn indicators(out: &mut String, index: usize, evidence: &Evidence) {
    let _ = writeln!(out, "<h3 id=\"file-{index}-indicators\">Indicators</h3>");
    let columns = Columns::of(evidence);
    if evidence.indicators.is_empty() || !(columns.figures || columns.actions) {
        out.push_str("<p class=\"note\">No indicator figures.</p>\n");
        return;
    }
    let has = |role| evidence.pairing.iter().any(|p| p.role == role);
    let mut notes = Vec::new();
    if !columns.figures {
        notes.push(if has(PairRole::Data) {
            "The paired data give no figure for any indicator: the table shows the plan's actions only."
        } else {
            "No data workbook is paired with this one: the table shows the plan's actions only."
        });
    } else if !columns.last_year {
        notes.push(if has(PairRole::PreviousData) {
            "The previous year's data give no figure, so no change is shown."
        } else {
            "No previous year's data are paired, so no change is shown."
        });
    }
    if !columns.actions {
        notes.push("This workbook holds no action plan, so no actions are counted.");
    }
    for note in notes {
        let _ = writeln!(out, "<p class=\"note\">{note}</p>");
    }
    let mut said = Vec::new();
    let mut heads = vec!["Indicator"];
    if columns.figures {
        said.push("this year's figure");
        heads.push("This year");
        if columns.last_year {
            said.push("last year's");
            heads.push("Last year");
        }
        said.push("the range that is not adverse");
        said.push("whether this year's figure is adverse");
        heads.extend(["Not adverse when", "Adverse?"]);
        if columns.last_year {
            said.push("how it changed");
            heads.push("Change");
        }
    }
    if columns.actions {
        said.push("how many of the plan's actions address it");
        heads.push("Actions");
    }
    let caption = match said.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}, and {last}", rest.join(", ")),
        _ => said.join(""),
    };
    let _ = write!(
        out,
        "<table class=\"indicators{}\">\n<caption>Each indicator: {caption}</caption>\n<thead><tr>",
        if columns.figures { "" } else { " compact" }
    );
    for head in heads {
        let _ = write!(out, "<th scope=\"col\">{head}</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &evidence.indicators {
        indicator_row(out, row, columns);
    }
    out.push_str("</tbody>\n</table>\n");
    if columns.actions {
        out.push_str("<p class=\"key\">Actions column, darker for more actions: ");
        if columns.figures {
            out.push_str(
                "<span class=\"heat-0 gap\">none</span> an adverse indicator with no action, ",
            );
        }
        out.push_str(
            "<span class=\"heat-0\">none</span>, <span class=\"heat-1\">1</span>, \
             <span class=\"heat-2\">2</span>, <span class=\"heat-3\">3-4</span>, \
             <span class=\"heat-4\">5 or more</span>.</p>\n",
        );
    }
}

fn indicator_row(out: &mut String, row: &IndicatorRow, columns: Columns) {
    let _ = write!(
        out,
        "<tr><th scope=\"row\"><strong>{}</strong> {}</th>",
        row.indicator,
        escape(&capitalised(&row.name))
    );
    if columns.figures {
        let _ = write!(out, "<td>{}</td>", figure(row.current.as_ref()));
        if columns.last_year {
            let _ = write!(out, "<td>{}</td>", figure(row.previous.as_ref()));
        }
        let _ = write!(out, "<td>{}</td>", escape(&row.fair));
        out.push_str(match row.adverse {
            Some(true) => "<td class=\"adverse\"><span aria-hidden=\"true\">✖ </span>Adverse</td>",
            Some(false) => {
                "<td class=\"fair\"><span aria-hidden=\"true\">✓ </span>Not adverse</td>"
            }
            None => "<td class=\"muted\">no figure</td>",
        });
        if columns.last_year {
            out.push_str(match row.change {
                Some(Change::Better) => {
                    "<td class=\"better\"><span aria-hidden=\"true\">↑ </span>Better</td>"
                }
                Some(Change::Worse) => {
                    "<td class=\"worse\"><span aria-hidden=\"true\">↓ </span>Worse</td>"
                }
                Some(Change::Same) => {
                    "<td class=\"same\"><span aria-hidden=\"true\">→ </span>Same</td>"
                }
                None => "<td class=\"muted\">not known</td>",
            });
        }
    }
    if columns.actions {
        let heat = match row.actions {
            0 => 0,
            1 => 1,
            2 => 2,
            3 | 4 => 3,
            _ => 4,
        };
        if row.actions == 0 && row.adverse == Some(true) {
            out.push_str(
                "<td class=\"heat heat-0 gap\">none<br><span class=\"where\">adverse, no action</span></td>",
            );
        } else if row.actions == 0 {
            out.push_str("<td class=\"heat heat-0\">none</td>");
        } else {
            let _ = write!(
                out,
                "<td class=\"heat heat-{heat}\">{}</td>",
                plural(row.actions, "action", "actions")
            );
        }
    }
    out.push_str("</tr>\n");
}

fn figure(figure: Option<&ShownFigure>) -> String {
    let Some(figure) = figure else {
        return "<span class=\"muted\">no figure</span>".to_owned();
    };
    let mut out = format!(
        "<span class=\"value\"><span class=\"fig\">{}</span>",
        escape(&figure.text)
    );
    if let Some(year) = figure.year {
        let _ = write!(out, " ({year})");
    }
    out.push_str("</span>");
    // The file by its name (the pairing gives its path), then the cell.
    if let Some(name) = figure.file.as_deref().and_then(|f| f.file_name()) {
        let _ = write!(
            out,
            "<span class=\"where\">{}</span>",
            escape(&name.to_string_lossy())
        );
    }
    if !figure.cell.is_empty() {
        let _ = write!(out, "<span class=\"where\">{}</span>", escape(&figure.cell));
    }
    out
}
