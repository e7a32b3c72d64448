//! The `layout:` section: what a governance team declares about its
//! template when the reading cannot know it (see `docs/layouts.md`).
//!
//! ```yaml
//! layout:
//!   - sheets: "Action Plan*"      # sheet names (glob, case ignored); default "*"
//!     header_row: 4               # the header's row as Excel numbers it
//!     columns:                    # a heading → its role
//!       "Who": owner
//!       "By": deadline
//!     plan_period: 2023/24        # the sheet's own plan period
//! ```

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{parse_period, problem, Pairs, Problem};
use crate::knowledge::{normalise, Concept};
use crate::model::{Declared, SheetLayout};

/// One `layout:` entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLayout {
    sheets: Option<Spanned<String>>,
    header_row: Option<Spanned<String>>,
    columns: Option<Pairs<Spanned<String>, Spanned<String>>>,
    plan_period: Option<Spanned<String>>,
}

/// The roles a column may be given, as written in `layout:`.
const ROLES: &[(&str, Concept)] = &[
    ("item", Concept::Item),
    ("indicator", Concept::Indicator),
    ("action", Concept::Action),
    ("owner", Concept::Owner),
    ("kpi", Concept::Kpi),
    ("kpi_timeline", Concept::KpiTimeline),
    ("deadline", Concept::Deadline),
    ("baseline", Concept::Baseline),
    ("target", Concept::Target),
    ("status", Concept::Status),
];

pub(super) fn compile(raw: &[RawLayout], problems: &mut Vec<Problem>) -> Declared {
    let mut declared = Declared::default();
    for entry in raw {
        let pattern = entry.sheets.as_ref().map_or("*", |s| s.value.as_str());
        let sheets = match globset::GlobBuilder::new(pattern)
            .case_insensitive(true)
            .build()
        {
            Ok(glob) => glob.compile_matcher(),
            Err(e) => {
                if let Some(at) = &entry.sheets {
                    problems.push(problem(format!("`{pattern}` is not a valid glob: {e}"), at));
                }
                continue;
            }
        };
        let header_row =
            entry
                .header_row
                .as_ref()
                .and_then(|at| match at.value.trim().parse::<u32>() {
                    Ok(n) if n >= 1 => Some(n - 1),
                    _ => {
                        problems.push(problem(
                            format!("`{}` is not a row number (1 is the first row)", at.value),
                            at,
                        ));
                        None
                    }
                });
        let mut columns = Vec::new();
        for (heading, role) in entry.columns.iter().flat_map(|c| &c.0) {
            let wanted = role
                .value
                .trim()
                .to_ascii_lowercase()
                .replace(['-', ' '], "_");
            match ROLES.iter().find(|(name, _)| *name == wanted) {
                Some((_, concept)) => columns.push((normalise(&heading.value), *concept)),
                None => problems.push(problem(
                    format!(
                        "`{}` is not a column role ({})",
                        role.value,
                        ROLES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                    ),
                    role,
                )),
            }
        }
        let plan_period = entry.plan_period.as_ref().and_then(|at| {
            let period = parse_period(&at.value);
            if period.is_none() {
                problems.push(problem(
                    format!("`{}` is not a plan period (write e.g. 2023/24)", at.value),
                    at,
                ));
            }
            period
        });
        declared.sheets.push(SheetLayout {
            sheets,
            header_row,
            columns,
            plan_period,
        });
    }
    declared
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::knowledge::Concept;
    use crate::registry::all_rules;
    use std::path::Path;

    fn parse(text: &str) -> Result<Config, crate::config::ConfigError> {
        Config::parse(text, Path::new(".wreslint.yaml"), &all_rules(&[]))
    }

    #[test]
    fn a_declared_layout_reads() {
        let config = parse(
            "layout:\n  - sheets: 'Plan*'\n    header_row: 4\n    columns:\n      Who: owner\n      'By when?': deadline\n    plan_period: 2023/24\n",
        )
        .unwrap();
        let sheet = config.layout.for_sheet("plan 2023").unwrap();
        assert_eq!(sheet.header_row, Some(3));
        assert_eq!(sheet.role_of("WHO"), Some(Concept::Owner));
        assert_eq!(sheet.role_of("By when"), Some(Concept::Deadline));
        assert_eq!(sheet.plan_period.map(|p| p.label()), Some("2023/24".into()));
        assert!(config.layout.for_sheet("Data").is_none());
    }

    #[test]
    fn every_layout_problem_is_located() {
        let text = "layout:\n  - sheets: '[oops'\n  - header_row: zero\n    columns:\n      Who: boss\n    plan_period: someday\n";
        let err = parse(text).unwrap_err();
        let located: Vec<(&str, &str)> = err
            .problems
            .iter()
            .map(|p| (p.message.as_str(), &text[p.span.clone().unwrap()]))
            .collect();
        assert_eq!(located.len(), 4, "{located:?}");
        assert!(located[0].0.contains("not a valid glob") && located[0].1.contains("[oops"));
        assert!(located[1].0.contains("not a row number") && located[1].1 == "zero");
        assert!(located[2].0.contains("not a column role") && located[2].1 == "boss");
        assert!(located[3].0.contains("not a plan period") && located[3].1 == "someday");
    }
}
