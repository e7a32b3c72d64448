//! Tests of data-table recognition.
