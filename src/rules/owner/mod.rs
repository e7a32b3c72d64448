pub mod action_missing_owner;
pub mod owner_column_missing;
