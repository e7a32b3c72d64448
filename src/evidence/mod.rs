//! Plan and data together: what each workbook says about each indicator
//! (its figures, the plan's actions and the figures its text quotes), which
//! workbooks belong together, and the view that reports show.

pub mod summary;

pub use summary::{Change, IndicatorRow, PairRole, Paired, ShownFigure, Summary};
