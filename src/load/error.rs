//! Why a workbook could not be loaded. Every variant displays as one line
//! naming the cause in plain words; the caller prefixes the file name.

use std::fmt::Display;
use std::io;

/// A workbook that could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The file could not be read from disk.
    #[error("cannot read the file: {0}")]
    Io(#[from] io::Error),
    /// The path names a directory.
    #[error("is a directory")]
    IsADirectory,
    /// The path names a FIFO, a device or a socket: reading it could hang
    /// or never end, so it is not opened.
    #[error("{0}, not a regular file: refused")]
    NotAFile(&'static str),
    /// The file holds no bytes at all.
    #[error("empty file (0 bytes)")]
    Empty,
    /// The content carries no spreadsheet signature.
    #[error("not a spreadsheet (no xlsx/xlsm/xlsb/xls/ods signature)")]
    NotASpreadsheet,
    /// The workbook is encrypted with a password.
    #[error("encrypted workbook (password protected): wreslint cannot read it")]
    Encrypted,
    /// The container or its parts are malformed.
    #[error("corrupt {format}: {cause}")]
    Corrupt { format: &'static str, cause: String },
    /// Well-formed, but uses something the reader cannot handle.
    #[error("unsupported {format} content: {cause}")]
    Unsupported { format: &'static str, cause: String },
    /// A guard in [`super::Limits`] stopped the load before memory was spent.
    #[error("too large: {guard} is {value}, more than the limit of {limit}")]
    TooLarge {
        guard: &'static str,
        value: u64,
        limit: u64,
    },
    /// A sheet's declared extent would need more cells than the limit.
    #[error("sheet '{sheet}' declares {rows} × {cols} cells, more than the limit of {limit}")]
    SheetTooLarge {
        sheet: String,
        rows: u64,
        cols: u64,
        limit: u64,
    },
}

impl LoadError {
    /// A corrupt-file error whose cause is squeezed onto one short line:
    /// calamine and zip messages sometimes carry newlines or dumps.
    pub(crate) fn corrupt(format: &'static str, cause: impl Display) -> LoadError {
        LoadError::Corrupt {
            format,
            cause: one_line(&cause.to_string()),
        }
    }

    pub(crate) fn unsupported(format: &'static str, cause: impl Display) -> LoadError {
        LoadError::Unsupported {
            format,
            cause: one_line(&cause.to_string()),
        }
    }

    pub(crate) fn sheet_too_large(sheet: &str, rows: u64, cols: u64, limit: u64) -> LoadError {
        LoadError::SheetTooLarge {
            sheet: one_line(sheet),
            rows,
            cols,
            limit,
        }
    }
}

/// Longest cause kept in a message; longer ones are cut at a char boundary.
const MAX_CAUSE_CHARS: usize = 200;

/// Collapses all whitespace runs (newlines included) to single spaces and
/// caps the length, so any message fits on one terminal line.
pub(crate) fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_CAUSE_CHARS + 3));
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
        if out.chars().count() > MAX_CAUSE_CHARS {
            let cut = out
                .char_indices()
                .nth(MAX_CAUSE_CHARS)
                .map_or(out.len(), |(at, _)| at);
            out.truncate(cut);
            out.push('…');
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_line() {
        let err = LoadError::corrupt("xls", "Record = 0x0006\n01 02 03\n\tend");
        assert_eq!(err.to_string(), "corrupt xls: Record = 0x0006 01 02 03 end");
        let long = "x ".repeat(500);
        let msg = LoadError::corrupt("xlsx", long).to_string();
        assert!(msg.chars().count() < 220 && msg.ends_with('…'));
    }

    #[test]
    fn sheet_limit_message_names_the_sheet() {
        let err = LoadError::sheet_too_large("Data", 1_048_576, 16_384, 50_000_000);
        assert_eq!(
            err.to_string(),
            "sheet 'Data' declares 1048576 × 16384 cells, more than the limit of 50000000"
        );
    }
}
