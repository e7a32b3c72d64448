use crate::diagnostic::Finding;
use crate::location::{CellRef, Location};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};
use crate::workbook::Value;

/// Excel's limit on the characters in one cell.
pub const EXCEL_MAX_CELL_CHARS: usize = 32_767;

declare_rule! {
    /// ## What it does
    /// Reports a cell whose text is longer than Excel's limit of 32,767
    /// characters. Such a cell was not typed or saved by Excel: another
    /// program wrote it, and Excel cuts it (or refuses the file) when it is
    /// opened. Other findings on the cell quote only its first 32 KiB.
    ///
    /// ## Why is this bad?
    /// What the author sees in Excel is not what the file holds, so a
    /// reviewer and the published plan disagree. A text this long is also
    /// the shape of a file built to slow down or exhaust the tools that read
    /// it.
    ///
    /// ## Example
    /// A cell of 10 MB of text in the action column.
    ///
    /// Use instead: keep each cell under 32,767 characters; put long
    /// material in a linked document.
    pub struct CellTextTooLong {
        code: "TP006",
        name: "cell-text-too-long",
        family: Template,
        severity: Warning,
        summary: "Cell holds more than Excel's 32,767 characters",
    }
}

impl Rule for CellTextTooLong {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for sheet in &cx.workbook.sheets {
            for cell in sheet.cells() {
                let Value::Text(text) = &cell.value else {
                    continue;
                };
                // Bytes bound characters from above: count only long ones.
                if text.len() <= EXCEL_MAX_CELL_CHARS {
                    continue;
                }
                let chars = text.chars().count();
                if chars <= EXCEL_MAX_CELL_CHARS {
                    continue;
                }
                out.push(
                    Finding::new(
                        Location::Cell(CellRef::new(&sheet.name, cell.row, cell.col)),
                        format!(
                            "The cell holds {chars} characters, more than Excel's limit of {EXCEL_MAX_CELL_CHARS}"
                        ),
                    )
                    .help("Shorten the cell: Excel cuts or refuses it, so readers do not see what the file holds"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{workbook, SheetBuilder};
    use crate::model::Model;

    fn check(cells: &[&str]) -> Vec<Finding> {
        let wb = workbook(vec![SheetBuilder::new("Plan").row(cells)]);
        let model = Model::default();
        let cx = Context::new(&wb, &model, crate::knowledge::Knowledge::wres());
        let mut out = Vec::new();
        CellTextTooLong.check(&cx, &mut out);
        out
    }

    #[test]
    fn fires_past_excels_limit() {
        let long = "é".repeat(EXCEL_MAX_CELL_CHARS + 1);
        let out = check(&["short", &long]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].location.to_string(), "Plan!B1");
        assert!(
            out[0].message.contains("32768 characters"),
            "{}",
            out[0].message
        );
    }

    #[test]
    fn quiet_up_to_the_limit_even_when_the_bytes_exceed_it() {
        let fits = "é".repeat(EXCEL_MAX_CELL_CHARS);
        assert!(fits.len() > EXCEL_MAX_CELL_CHARS);
        assert!(check(&[&fits, "short"]).is_empty());
    }
}
