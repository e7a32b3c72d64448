//! Resource guards, checked before calamine is given a chance to allocate.
//!
//! calamine trusts sizes it reads from the file (declared dimensions,
//! shared-string counts, repeat counts); a few kilobytes can ask for hundreds
//! of gigabytes and abort the process, which no `catch_unwind` can stop. So
//! every size that drives an allocation is checked here first.

use std::io::{Read, Seek};
use std::time::Duration;

use zip::ZipArchive;

use super::LoadError;

/// Upper bounds on what one workbook may cost to load.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Most cells one sheet may declare (rows × columns of its used area),
    /// checked before anything is materialised, and most cells actually read.
    pub max_cells: u64,
    /// Largest total uncompressed size of a zip package (xlsx, xlsb, ods),
    /// and the most text ods repeat counts may expand to.
    pub max_decompressed_bytes: u64,
    /// Largest uncompressed ÷ compressed ratio of a sizeable zip entry.
    pub max_compression_ratio: f64,
    /// Longest one file may take to lint (read, model and rules); `None` for
    /// no budget. Not enforced by [`super::load_bytes`] itself: a running
    /// thread cannot be stopped, so [`crate::lint::lint_file`] runs the file
    /// on a worker thread, stops waiting when the budget is spent, reports
    /// the file as too slow and moves on (the abandoned thread finishes, or
    /// ends with the process; the other guards bound what it can hold).
    pub time_per_file: Option<Duration>,
    /// Most findings of one rule reported on one sheet; the rest are
    /// counted in one summary finding. Bounds memory and output by the
    /// number of rules and sheets, not by the rows of a workbook.
    pub max_findings: usize,
}

impl Default for Limits {
    /// Measured: every real workbook of the calamine corpus is under
    /// 0.5 MiB, expands to under 0.4 MiB, deflates at most 20:1 and uses
    /// under 10 000 cells per sheet (one declares the whole 1 048 576 ×
    /// 16 384 grid for 22 cells, hence the used area, not the declared
    /// `<dimension>`, is what xlsx is checked by). A trust-wide staff
    /// extract is ~30 000 rows × 50 columns, 1.5 M cells. So:
    ///
    /// - 200 MiB file: xls and ods are parsed whole in memory, so the file
    ///   size bounds their cost; a 200 MiB xlsx is already millions of rows.
    /// - 20 M cells (a million rows × 20 columns): a cell costs 56 bytes
    ///   here; calamine's dense xls/ods ranges cost 56 bytes per position
    ///   (value + formula) and are copied once, so the worst accepted sheet
    ///   needs ~2 GiB and ~15 s, which a CI runner survives.
    /// - 2 GiB decompressed: XML is ~10× the data it carries.
    /// - ratio 200: spreadsheet XML deflates 5–20:1 (very repetitive sheets
    ///   reach ~100:1); deflate bombs run at ~1000:1.
    /// - 60 s per file: the slowest corpus file lints in milliseconds, a
    ///   100 000-row data workbook in about a second (docs/performance.md);
    ///   only a file near the other limits comes close.
    /// - 1,000 findings of a rule per sheet: a real plan has a few dozen
    ///   actions; a data sheet with a recurring error shows the pattern in
    ///   far fewer (docs/security.md has the memory this bounds).
    fn default() -> Limits {
        Limits {
            max_file_bytes: 200 * 1024 * 1024,
            max_cells: 20_000_000,
            max_decompressed_bytes: 2 * 1024 * 1024 * 1024,
            max_compression_ratio: 200.0,
            time_per_file: Some(Duration::from_secs(60)),
            max_findings: 1_000,
        }
    }
}

/// Entries smaller than this are not ratio-checked: a tiny part that
/// compresses well (an empty sheet, a repeated style) amplifies nothing.
const RATIO_CHECK_MIN_BYTES: u64 = 1024 * 1024;

impl Limits {
    pub(crate) fn check_file_size(&self, bytes: u64) -> Result<(), LoadError> {
        if bytes > self.max_file_bytes {
            return Err(LoadError::TooLarge {
                guard: "file size in bytes",
                value: bytes,
                limit: self.max_file_bytes,
            });
        }
        Ok(())
    }

    /// Checks a sheet's declared extent (`rows × cols`) against `max_cells`.
    pub(crate) fn check_extent(&self, sheet: &str, rows: u64, cols: u64) -> Result<(), LoadError> {
        if rows.saturating_mul(cols) > self.max_cells {
            return Err(LoadError::sheet_too_large(
                sheet,
                rows,
                cols,
                self.max_cells,
            ));
        }
        Ok(())
    }

    /// Checks a count of cells actually read (or about to be allocated).
    pub(crate) fn check_cell_count(&self, count: u64) -> Result<(), LoadError> {
        if count > self.max_cells {
            return Err(LoadError::TooLarge {
                guard: "number of cells in a sheet",
                value: count,
                limit: self.max_cells,
            });
        }
        Ok(())
    }

    /// Inspects the central directory only (nothing is inflated): the sum of
    /// declared sizes and each sizeable entry's ratio. zip enforces declared
    /// sizes while inflating, so these bounds hold for calamine's reads too.
    pub(crate) fn check_zip<R: Read + Seek>(&self, zip: &ZipArchive<R>) -> Result<(), LoadError> {
        let mut total: u64 = 0;
        for index in 0..zip.len() {
            let entry = zip
                .by_index_data(index)
                .map_err(|e| LoadError::corrupt("zip", e))?;
            total = total.saturating_add(entry.size());
            if entry.size() >= RATIO_CHECK_MIN_BYTES {
                let ratio = entry.size() as f64 / entry.compressed_size().max(1) as f64;
                if ratio > self.max_compression_ratio {
                    return Err(LoadError::TooLarge {
                        guard: "compression ratio of a zip entry",
                        value: ratio.round() as u64,
                        limit: self.max_compression_ratio.round() as u64,
                    });
                }
            }
        }
        if total > self.max_decompressed_bytes {
            return Err(LoadError::TooLarge {
                guard: "decompressed size in bytes",
                value: total,
                limit: self.max_decompressed_bytes,
            });
        }
        Ok(())
    }
}
