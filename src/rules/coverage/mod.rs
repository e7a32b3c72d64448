pub mod action_missing_indicator;
pub mod indicator_column_missing;
pub mod indicator_not_covered;
pub mod invalid_indicator_reference;
