use std::sync::Arc;

use crate::diagnostic::Finding;
use crate::location::Location;
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a sheet the workbook lists that wreslint could not read,
    /// while it read and linted the others: today, an Excel 4.0 (XLM)
    /// macro sheet. Nothing on that sheet is checked.
    ///
    /// ## Why is this bad?
    /// A plan or a figure on that sheet goes unchecked, and the report
    /// would otherwise look complete. An XLM macro sheet is also unusual in
    /// a WRES workbook: such macros run when the workbook is opened, and
    /// are a common way to carry malware.
    ///
    /// ## Example
    /// A `.xlsm` whose sheet `Macro1` is an XLM macro sheet.
    ///
    /// Use instead: keep the plan and its data on ordinary worksheets; remove
    /// macro sheets before the workbook is shared.
    pub struct SheetNotRead {
        code: "TP007",
        name: "sheet-not-read",
        family: Template,
        severity: Warning,
        summary: "A sheet could not be read, so it was not linted",
    }
}

impl Rule for SheetNotRead {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for sheet in &cx.workbook.unread {
            out.push(
                Finding::new(
                    Location::Sheet(Arc::from(sheet.name.as_str())),
                    format!("The sheet is not linted: {}", sheet.why),
                )
                .help("Check this sheet by hand, or move its content to an ordinary worksheet"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{workbook, SheetBuilder};
    use crate::model::Model;
    use crate::workbook::UnreadSheet;

    fn check(wb: &crate::workbook::Workbook) -> Vec<Finding> {
        let model = Model::default();
        let cx = Context::new(wb, &model, crate::knowledge::Knowledge::wres());
        let mut out = Vec::new();
        SheetNotRead.check(&cx, &mut out);
        out
    }

    #[test]
    fn fires_on_each_sheet_left_out() {
        let mut wb = workbook(vec![SheetBuilder::new("Plan").row(&["x"])]);
        wb.unread.push(UnreadSheet {
            name: "Macro1".into(),
            why: "it is an Excel 4.0 (XLM) macro sheet".into(),
        });
        let out = check(&wb);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].location.to_string(), "Macro1");
        assert_eq!(
            out[0].message,
            "The sheet is not linted: it is an Excel 4.0 (XLM) macro sheet"
        );
    }

    #[test]
    fn quiet_when_every_sheet_was_read() {
        let wb = workbook(vec![SheetBuilder::new("Plan").row(&["x"])]);
        assert!(check(&wb).is_empty());
    }
}
