//! Plan and data together: what each workbook says about each indicator
//! (its figures, the plan's actions and the figures its text quotes), which
//! workbooks belong together, and the view that reports show.

pub mod context;
pub mod facts;
pub mod pair;
pub mod quoted;
pub mod summary;
pub mod thresholds;
pub mod trend;

pub use context::{Context, Side};
pub use facts::{ActionFacts, DataFigure, Facts, Headline, What};
pub use quoted::Quoted;
pub use summary::{Change, IndicatorRow, PairRole, Paired, ShownFigure, Summary};
pub use thresholds::Thresholds;
