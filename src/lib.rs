//! wreslint: a spreadsheet-native linter for NHS Workforce Race Equality
//! Standard (WRES) action plans and data workbooks.
//!
//! Data flows one way: [`load`] → [`model`] → [`rules`] → [`diagnostic`] →
//! reporters. The library never prints.

pub mod annotate;
pub mod date;
pub mod diagnostic;
#[doc(hidden)]
pub mod fixture;
pub mod knowledge;
pub mod load;
pub mod location;
pub mod model;
pub mod rules;
pub mod timeline;
pub mod workbook;
