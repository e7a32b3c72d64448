use crate::diagnostic::Finding;
use crate::knowledge::{Group, Knowledge};
use crate::location::Location;
use crate::model::data::{GroupTable, Line, Role, TableKind};
use crate::rules::{declare_rule, Context, Rule, RuleMeta};

use super::count_text;

declare_rule! {
    /// ## What it does
    /// Checks that head counts add up, in both directions:
    /// - across a row, White + BME + Unknown = Total;
    /// - down a column, the lines above a table's single Total line (bands,
    ///   grades) add up to it, for each group;
    /// - on the board, executive + non-executive = voting membership.
    ///
    /// Likelihood and share lines are not sums and are left out.
    ///
    /// ## Why is this bad?
    /// Every WRES share and ratio divides by these totals. A total that is
    /// not the sum of its parts means one of them is wrong, and so is every
    /// figure computed from it.
    ///
    /// ## Example
    /// | Band | White | BME | Unknown | Total |
    /// |---|---|---|---|---|
    /// | Band 6 | 420 | 118 | 24 | 561 |
    ///
    /// 420 + 118 + 24 = `562`.
    pub struct GroupSumMismatch {
        code: "AR001",
        name: "group-sum-mismatch",
        family: Arithmetic,
        severity: Error,
        summary: "Counts do not add up to their total",
    }
}

impl Rule for GroupSumMismatch {
    fn meta(&self) -> &RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for table in cx.model.group_tables() {
            for line in table.lines.iter().filter(|l| l.role.is_counts()) {
                across(line, cx.knowledge, out);
            }
            down(table, cx.knowledge, out);
            board(table, cx.knowledge, out);
        }
    }
}

const PARTS: [Group; 3] = [Group::Reference, Group::Focus, Group::Unknown];

fn across(line: &Line, knowledge: &Knowledge, out: &mut Vec<Finding>) {
    let (Some(total), Some(stated)) = (line.value(Group::Total), line.count(Group::Total)) else {
        return;
    };
    let parts: Option<Vec<f64>> = PARTS.iter().map(|g| line.count(*g)).collect();
    let Some(parts) = parts else { return };
    let sum: f64 = parts.iter().sum();
    if sum != stated {
        let terms: Vec<String> = parts.iter().map(|p| count_text(*p)).collect();
        out.push(
            Finding::new(
                Location::Cell(total.cell.clone()),
                format!(
                    "{}: {} = {} = {}, stated total {}",
                    line.name(),
                    PARTS.map(|g| knowledge.group_label(g)).join(" + "),
                    terms.join(" + "),
                    count_text(sum),
                    count_text(stated)
                ),
            )
            .help("Correct the total or the group that is wrong"),
        );
    }
}

fn down(table: &GroupTable, knowledge: &Knowledge, out: &mut Vec<Finding>) {
    if !matches!(table.kind, TableKind::Bands | TableKind::Other) {
        return;
    }
    let totals: Vec<usize> = table
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.role == Role::Total)
        .map(|(i, _)| i)
        .collect();
    let [at] = totals.as_slice() else { return };
    let total = &table.lines[*at];
    let members: Vec<&Line> = table.lines[..*at]
        .iter()
        .filter(|l| matches!(l.role, Role::Band | Role::Other))
        .collect();
    if members.len() < 2 {
        return;
    }
    for group in Group::ALL {
        let (Some(cell), Some(stated)) = (total.value(group), total.count(group)) else {
            continue;
        };
        let counts: Option<Vec<f64>> = members.iter().map(|l| l.count(group)).collect();
        let Some(counts) = counts else { continue };
        let sum: f64 = counts.iter().sum();
        if sum != stated {
            out.push(
                Finding::new(
                    Location::Cell(cell.cell.clone()),
                    format!(
                        "{} column: the {} lines above {} add up to {}, stated {}",
                        knowledge.group_label(group),
                        members.len(),
                        total.name(),
                        count_text(sum),
                        count_text(stated)
                    ),
                )
                .help("Correct the total, or the line above that is wrong"),
            );
        }
    }
}

fn board(table: &GroupTable, knowledge: &Knowledge, out: &mut Vec<Finding>) {
    let find = |role| table.lines_with(role).next();
    let (Some(voting), Some(executive), Some(non_executive)) = (
        find(Role::BoardVoting),
        find(Role::Executive),
        find(Role::NonExecutive),
    ) else {
        return;
    };
    for group in Group::ALL {
        let (Some(cell), Some(stated), Some(e), Some(n)) = (
            voting.value(group),
            voting.count(group),
            executive.count(group),
            non_executive.count(group),
        ) else {
            continue;
        };
        if e + n != stated {
            out.push(
                Finding::new(
                    Location::Cell(cell.cell.clone()),
                    format!(
                        "{} {}: executive + non-executive = {} + {} = {}, stated {}",
                        voting.name(),
                        knowledge.group_label(group),
                        count_text(e),
                        count_text(n),
                        count_text(e + n),
                        count_text(stated)
                    ),
                )
                .help("The voting membership is the executive and non-executive voting members together"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::arithmetic::fixtures::{bands, table};
    use crate::rules::test_support::findings;

    #[test]
    fn fires_on_a_row_and_the_column_it_breaks() {
        // Band 6: 420 + 118 + 24 = 562, stated 561; the Total column then
        // adds up to 561 + 376 = 937, not the stated 938.
        let sheet = bands(&[
            &["Band 3", "265", "96", "15", "376"],
            &["Band 6", "420", "118", "24", "561"],
            &["Total", "685", "214", "39", "938"],
        ]);
        insta::assert_snapshot!(findings(&GroupSumMismatch, vec![sheet]), @r"
        group-sum-mismatch  Ind1!E5  Band 6: White + BME + Unknown = 420 + 118 + 24 = 562, stated total 561
        group-sum-mismatch  Ind1!E6  Total column: the 2 lines above Total add up to 937, stated 938
        ");
    }

    #[test]
    fn fires_on_counts_stored_as_text_with_separators_and_on_the_board() {
        let sheet = table(
            "Ind9",
            "Indicator 9",
            &[
                &["Group", "White", "BME", "Unknown", "Total"],
                &["Overall workforce", "2,919", "844", "147", "3,901"],
                &["Board voting membership", "11", "3", "0", "14"],
                &["Executive", "5", "1", "0", "6"],
                &["Non-executive", "6", "1", "0", "7"],
            ],
        );
        insta::assert_snapshot!(findings(&GroupSumMismatch, vec![sheet]), @r"
        group-sum-mismatch  Ind9!C5  Board voting membership BME: executive + non-executive = 1 + 1 = 2, stated 3
        group-sum-mismatch  Ind9!E4  Overall workforce: White + BME + Unknown = 2919 + 844 + 147 = 3910, stated total 3901
        group-sum-mismatch  Ind9!E5  Board voting membership Total: executive + non-executive = 6 + 7 = 13, stated 14
        ");
    }

    #[test]
    fn quiet_when_everything_adds_up_or_a_group_is_missing() {
        let sheet = bands(&[
            &["Band 3", "265", "96", "15", "376"],
            &["Band 6", "420", "118", "", "538"],
            &["Total", "685", "214", "15", "914"],
        ]);
        assert_eq!(findings(&GroupSumMismatch, vec![sheet]), "");
    }
}
