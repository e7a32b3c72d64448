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

/// A row that heads a table of its own: three cells or more, and the two
/// rows right under it fill at least three of the same columns. A findings
/// table on a report page ("WDES Metrics | … | Trend | Summary of Key
/// Findings" over "Metric 1 | … | Improving | …", "Metric 2 | …") is a
/// table, not a label with its value beside it: read as a field, its
/// headings linked the report's paragraphs to "Metric 2023". (A field with
/// a value in two cells is followed by the block's other fields, not by
/// rows of the same shape.)
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
    (1..=2).all(|below| {
        let under = filled(sheet.row(row + below));
        here.iter().filter(|col| under.contains(col)).count() >= TABLE_COLUMNS
    })
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
/// training 85%+" right under "- Strengthen career pathways …"): a web
/// page's nested bullet, pasted flat under the item it belongs to. The
/// field's concept and where its value starts in the text; `None` for
/// anything else (an item, a bullet naming a person, an action's own
/// label), and for a labelled bullet that is no item's: the national
/// reporting template answers its numbered questions so ("2. Date of
/// report" over "- Month: May"), and is no plan.
pub(super) fn item_field(
    sheet: &Sheet,
    row: u32,
    text: &str,
    knowledge: &Knowledge,
) -> Option<(Concept, usize)> {
    let found = bulleted_field(text, knowledge)?;
    nests_under_item(sheet, row, text, knowledge, NESTED_FIELDS).then_some(found)
}

/// How many labelled bullets may follow one item ("- Measure : …", "-
/// Lead : …").
const NESTED_FIELDS: usize = 3;

/// A bulleted line led by a label of a field other than the action.
fn bulleted_field(text: &str, knowledge: &Knowledge) -> Option<(Concept, usize)> {
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

/// Whether the row above is an item marked as this line is ("- Strengthen
/// career pathways …") and not itself a label and value, or another field
/// of that same item.
fn nests_under_item(
    sheet: &Sheet,
    row: u32,
    text: &str,
    knowledge: &Knowledge,
    depth: usize,
) -> bool {
    let Some(above_row) = row.checked_sub(1) else {
        return false;
    };
    let Some(above) = sheet.row(above_row).iter().find_map(|c| c.value.as_text()) else {
        return false;
    };
    if Marker::of(above) != Marker::of(text) {
        return false;
    }
    if bulleted_field(above, knowledge).is_some() {
        return depth > 0 && nests_under_item(sheet, above_row, above, knowledge, depth - 1);
    }
    !labelled(above)
}

/// A line written as a label and its value ("- Month: May"): a colon
/// within its first few words.
fn labelled(text: &str) -> bool {
    text.split_once(':')
        .is_some_and(|(head, _)| head.split_whitespace().count() <= LABEL_WORDS)
}

/// The words a label may have (`lines::label` reads no more).
const LABEL_WORDS: usize = 6;

#[cfg(test)]
mod tests {
    use super::*;

    fn page(lines: &[&str]) -> Sheet {
        let mut sheet = crate::fixture::SheetBuilder::new("Page");
        for line in lines {
            sheet = sheet.row(&[line]);
        }
        crate::fixture::workbook(vec![sheet]).sheets.remove(0)
    }

    #[test]
    fn a_nested_measure_is_a_field_of_its_item() {
        let wres = Knowledge::wres();
        let text = "- Measure : completion of EDI training 85%+";
        let sheet = page(&["- Strengthen career pathways", text]);
        let (concept, start) = item_field(&sheet, 1, text, wres).unwrap();
        assert_eq!(concept, Concept::Kpi);
        assert_eq!(&text[start..], "completion of EDI training 85%+");
        // A bullet naming a person, or an item of its own, is no field.
        let sheet = page(&["- Strengthen career pathways", "- Chief People Officer"]);
        assert_eq!(item_field(&sheet, 1, "- Chief People Officer", wres), None);
        // An unmarked "Measure: …" is the block's own field, read as one.
        let sheet = page(&["- Strengthen career pathways", "Measure: 85%"]);
        assert_eq!(item_field(&sheet, 1, "Measure: 85%", wres), None);
    }

    #[test]
    fn a_templates_labelled_answers_belong_to_no_item() {
        let wres = Knowledge::wres();
        let sheet = page(&[
            "2. Date of report",
            "- Month: May",
            "- Year: 2023",
            "6. This report has been signed off on behalf of the board on",
            "- Date: 25 May 2023",
            "- Name: Chief People Officer",
        ]);
        for row in [1, 2, 4, 5] {
            let text = sheet.row(row)[0].text();
            assert_eq!(item_field(&sheet, row, &text, wres), None, "{text}");
        }
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
