pub mod cell_text_too_long;
pub mod invalid_suppression;
pub mod item_number_duplicate;
pub mod item_number_gap;
pub mod layout_uncertain;
pub mod placeholder_text;
pub mod sheet_not_read;
pub mod sub_action_letter_duplicate;
pub mod sub_action_letter_gap;
pub mod unused_suppression;

use crate::model::{sub_actions, Action, ActionTable, Field, SubAction};
use crate::rules::Context;

/// An action's whole-number item ("6", "6.", "Item 6"); dotted numbers such
/// as "1.2" are sub-items and are not checked for sequence.
pub(crate) fn item_number(action: &Action) -> Option<(u32, &Field)> {
    let field = action.item.as_ref()?;
    let text = field.text.trim();
    let text = text
        .strip_prefix("Item")
        .or_else(|| text.strip_prefix("item"))
        .unwrap_or(text)
        .trim();
    let text = text.strip_suffix('.').unwrap_or(text);
    text.parse::<u32>().ok().map(|n| (n, field))
}

/// The numbered items of a table, in row order.
pub(crate) fn numbered_items(table: &ActionTable) -> Vec<(u32, &Field)> {
    table.actions.iter().filter_map(item_number).collect()
}

/// Every field of every action that holds a lettered list, with its list.
pub(crate) fn lettered_fields<'a>(
    cx: &'a Context<'_>,
) -> impl Iterator<Item = (&'a Field, Vec<SubAction>)> {
    cx.model.actions().flat_map(|(_, action)| {
        std::iter::once(&action.text)
            .chain(action.details.iter())
            .map(|field| (field, sub_actions(&field.text)))
            .filter(|(_, subs)| !subs.is_empty())
    })
}
