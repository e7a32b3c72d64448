pub mod action_missing_owner;
pub mod owner_column_missing;
pub mod owner_not_identified;
