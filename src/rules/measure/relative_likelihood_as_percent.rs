use crate::diagnostic::Finding;
use crate::location::Location;
use crate::rules::{declare_rule, quote, Context, Rule, RuleMeta};

use super::figures::{field_figure, is_relative_likelihood, pairs_in_text, Stated};

declare_rule! {
    /// ## What it does
    /// Reports a relative likelihood written as a percentage: a baseline or
    /// target of a measure that speaks of a relative likelihood, a
    /// "from 155% to 125%" in such a KPI, or the relative-likelihood line of
    /// a data table, shown with a `%` format or sign.
    ///
    /// ## Why is this bad?
    /// A relative likelihood is a ratio: 1.25 means 1.25 times as likely.
    /// Printed as "125%" — or worse, "1.25%" — beside percentage targets, it
    /// reads as a share and is compared with the wrong things.
    ///
    /// ## Example
    /// | Measure of success | Baseline | Target |
    /// |---|---|---|
    /// | Relative likelihood of appointment from shortlisting | 1.45 | 125% |
    ///
    /// Use instead: `1.25`.
    pub struct RelativeLikelihoodAsPercent {
        code: "ME006",
        name: "relative-likelihood-as-percent",
        family: Measure,
        severity: Error,
        summary: "Relative likelihood is written as a percentage",
    }
}

impl Rule for RelativeLikelihoodAsPercent {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for (_, action) in cx.model.actions() {
            let Some(kpi) = &action.kpi else { continue };
            if !is_relative_likelihood(&kpi.text, &cx.lexer) {
                continue;
            }
            let mut stated: Vec<Stated> = action
                .baseline
                .iter()
                .chain(&action.targets)
                .filter_map(|f| field_figure(cx, f))
                .collect();
            for (from, to) in pairs_in_text(kpi) {
                stated.push(from);
                stated.push(to);
            }
            for figure in stated.into_iter().filter(|s| s.percent) {
                out.push(percent_finding(
                    &figure,
                    &format!(
                        "Action \"{}\": the relative likelihood",
                        quote(&action.text.text)
                    ),
                ));
            }
        }
        for table in cx.model.group_tables() {
            if let Some(rl) = table
                .relative_likelihood
                .as_ref()
                .filter(|rl| rl.figure.percent)
            {
                let stated = Stated {
                    cell: rl.figure.cell.clone(),
                    shown: rl.figure.shown,
                    decimals: rl.figure.decimals,
                    percent: true,
                    span: None,
                };
                out.push(percent_finding(&stated, "The relative likelihood"));
            }
        }
        // A summary's figure for a likelihood indicator, with a % sign and
        // no group named (a group's own rate is a percentage).
        for table in &cx.model.summaries {
            let kind = cx.knowledge.measure(table.indicator).map(|m| m.kind);
            if kind != Some(crate::knowledge::MeasureKind::RelativeLikelihood) {
                continue;
            }
            for f in table
                .figures
                .iter()
                .filter(|f| f.group.is_none() && f.figure.percent)
            {
                let stated = Stated {
                    cell: f.figure.cell.clone(),
                    shown: f.figure.shown,
                    decimals: f.figure.decimals,
                    percent: true,
                    span: None,
                };
                let subject = format!(
                    "The relative likelihood of {}",
                    cx.knowledge.item_label(table.indicator)
                );
                out.push(percent_finding(&stated, &subject));
            }
        }
    }
}

fn percent_finding(figure: &Stated, subject: &str) -> Finding {
    let ratio = crate::model::data::fmt_decimal(figure.value(), 2);
    let mut finding = Finding::new(
        Location::Cell(figure.cell.clone()),
        format!("{subject} {} is written as a percentage", figure.display()),
    )
    .help(format!(
        "Write relative likelihoods as ratios to two places (here {ratio}, if the cell means {})",
        figure.display()
    ));
    if let Some(span) = &figure.span {
        finding = finding.span(span.clone());
    }
    finding
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::SheetBuilder;
    use crate::rules::arithmetic::fixtures::shortlisting;
    use crate::rules::test_support::findings;

    fn plan(kpi: &str, baseline: &str, target: &str) -> SheetBuilder {
        SheetBuilder::new("P")
            .row(&["Indicator", "Action", "KPI", "Baseline", "Target"])
            .row(&["Indicator 3", "Pre-formal checklist", kpi, baseline, target])
    }

    #[test]
    fn fires_on_percent_targets_and_text_of_a_relative_likelihood() {
        let cells = plan(
            "Relative likelihood of entering the disciplinary process",
            "1.62",
            "130%",
        );
        let text = plan("Relative likelihood falls from 162% to 130%", "", "");
        insta::assert_snapshot!(findings(&RelativeLikelihoodAsPercent, vec![cells]), @r#"relative-likelihood-as-percent  P!E2  Action "Pre-formal checklist": the relative likelihood 130% is written as a percentage"#);
        insta::assert_snapshot!(findings(&RelativeLikelihoodAsPercent, vec![text]), @r#"
        relative-likelihood-as-percent  P!C2  Action "Pre-formal checklist": the relative likelihood 130% is written as a percentage  [130%]
        relative-likelihood-as-percent  P!C2  Action "Pre-formal checklist": the relative likelihood 162% is written as a percentage  [162%]
        "#);
    }

    #[test]
    fn fires_on_a_data_table_line_formatted_as_percent() {
        let sheet = shortlisting("").formatted(6, 1, 2.0, 0, true);
        insta::assert_snapshot!(findings(&RelativeLikelihoodAsPercent, vec![sheet]), @"relative-likelihood-as-percent  Ind2!B7  The relative likelihood 200% is written as a percentage");
    }

    #[test]
    fn quiet_on_ratios_and_on_percentages_of_other_measures() {
        assert_eq!(
            findings(
                &RelativeLikelihoodAsPercent,
                vec![plan("Relative likelihood", "1.62", "1.30")]
            ),
            ""
        );
        assert_eq!(
            findings(
                &RelativeLikelihoodAsPercent,
                vec![plan("Share of cases reviewed", "55%", "100%")]
            ),
            ""
        );
        assert_eq!(
            findings(&RelativeLikelihoodAsPercent, vec![shortlisting("2.00")]),
            ""
        );
    }
}
