//! wreslint: a spreadsheet-native linter for NHS Workforce Race Equality
//! Standard (WRES) action plans and data workbooks.
//!
//! Data flows one way: [`load`] → [`model`] → [`rules`] → [`diagnostic`] →
//! reporters. The library never prints.

#![forbid(unsafe_code)]

pub mod accepted;
pub mod annotate;
pub mod cli;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod evidence;
#[doc(hidden)]
pub mod fixture;
pub mod guard;
pub mod inspect;
pub mod knowledge;
pub mod lex;
pub mod lint;
pub mod load;
pub mod location;
pub mod model;
pub(crate) mod ooxml;
pub mod packs;
pub mod problem;
pub mod registry;
pub mod report;
pub mod rules;
pub mod runner;
pub mod standard;
pub mod suppress;
pub mod timeline;
pub mod walk;
pub mod workbook;
