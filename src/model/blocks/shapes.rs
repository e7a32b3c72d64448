//! Shapes of rows that look like a block's fields and are not, or are the
//! fields of one item rather than of the whole block: a table's header on a
//! report page, a theme heading labelled with a target word, and a measure
//! nested under a list item.

use crate::knowledge::{normalise, Concept, Knowledge};
use crate::workbook::{Cell, Sheet};

use crate::model::columns::holds_figure;
use crate::model::header::Heading;

use super::lines::{label, Marker};

/// A table heads this many columns at least: a field is a label and its
/// value, perhaps with one more cell.
const TABLE_COLUMNS: usize = 3;

/// A row that heads a table of its own: three cells or more, and the row
/// right under it fills at least three of the same columns. A findings
/// table on a report page ("WDES Metrics | … | Trend | Summary of Key
/// Findings" over "Metric 1 | … | Improving | …") is a table, not a label
/// with its value beside it: read as a field, its headings linked the
/// report's paragraphs to "Metric 2023".
pub(super) fn heads_a_table(sheet: &Sheet, row: u32, cells: &[Cell]) -> bool {
    let filled = |cells: &[Cell]| -> Vec<u32> {
        cells
            .iter()
            .filter(|c| !c.value.is_empty())
            .map(|c| c.col)
            .collect()
    };
    let here = filled(cells);
    if here.len() < TABLE_COLUMNS {
        return false;
    }
    let under = filled(sheet.row(row + 1));
    here.iter().filter(|col| under.contains(col)).count() >= TABLE_COLUMNS
}

/// A target or baseline named by a word alone ("Aim : Education and
/// Understanding", "Goal | …") whose value holds no figure: a theme's
/// heading over the objectives below it, not a target. The same test types
/// a table's "Aim" column (`model/columns.rs`): a target names a figure.
pub(super) fn is_theme_heading(
    concept: Concept,
    label_text: &str,
    value: &str,
    knowledge: &Knowledge,
) -> bool {
    matches!(concept, Concept::Target | Concept::Baseline)
        && Heading::of(&normalise(label_text), knowledge)
            .synonym
            .is_none()
        && !holds_figure(value)
}

/// A marked line led by a field's label ("- Measure : completion of EDI
/// training 85%+" under "- Strengthen career pathways …"): a web page's
/// nested bullet, pasted flat under the item it belongs to. The field's
/// concept and where its value starts in the text; `None` for anything else
/// (an item, a bullet naming a person, an action's own label).
pub(super) fn item_field(text: &str, knowledge: &Knowledge) -> Option<(Concept, usize)> {
    let Marker::Bullet(mark) = Marker::of(text) else {
        return None;
    };
    let after_mark = text.trim_start().strip_prefix(mark)?;
    let (label_text, rest) = after_mark.split_once(':')?;
    if rest.trim().is_empty() {
        return None;
    }
    match label(label_text, knowledge)? {
        (Some(concept), false) if concept != Concept::Action => {
            let start = text.len() - rest.trim_start().len();
            Some((concept, start))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nested_measure_is_a_field_of_its_item() {
        let wres = Knowledge::wres();
        let text = "- Measure : completion of EDI training 85%+";
        let (concept, start) = item_field(text, wres).unwrap();
        assert_eq!(concept, Concept::Kpi);
        assert_eq!(&text[start..], "completion of EDI training 85%+");
        // A bullet naming a person, or an item of its own, is no field.
        assert_eq!(item_field("- Chief People Officer", wres), None);
        assert_eq!(item_field("- Strengthen career pathways", wres), None);
        // An unmarked "Measure: …" is the block's own field, read as one.
        assert_eq!(item_field("Measure: 85%", wres), None);
    }

    #[test]
    fn an_aim_without_a_figure_heads_a_theme() {
        let wres = Knowledge::wres();
        let theme = "Education and Understanding";
        assert!(is_theme_heading(Concept::Target, "Aim ", theme, wres));
        assert!(!is_theme_heading(
            Concept::Target,
            "Aim ",
            "25% BME staff at band 8a+",
            wres
        ));
        assert!(!is_theme_heading(Concept::Owner, "Lead", theme, wres));
    }
}
