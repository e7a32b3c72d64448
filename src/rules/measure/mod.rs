pub mod action_missing_kpi;
pub mod kpi_column_missing;
