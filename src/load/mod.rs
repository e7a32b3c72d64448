//! The loader: bytes in, [`Workbook`] out. The only code that touches
//! calamine.
//!
//! A file goes through, in order: a size check; container recognition by
//! magic bytes (zip or OLE compound file, never the extension); the zip
//! central directory guard; format detection from the parts inside; a
//! format-specific pre-scan where calamine would otherwise trust sizes from
//! the file; and the read itself, inside `catch_unwind` so a panic in a
//! reader becomes [`LoadError::Corrupt`]. Allocations that would abort the
//! process cannot be caught, which is why the guards run first.
//!
//! Cells come out sparse (empty cells skipped, except formula cells without
//! a cached value and coloured blank cells), at absolute 0-based positions,
//! with values normalised across formats.

mod biff;
mod cfb;
mod error;
mod limits;
mod numfmt;
mod ods;
mod ods_scan;
mod ods_styles;
mod sheet;
mod sniff;
mod value;
mod xls;
mod xlsb;
mod xlsx;
mod xlsx_package;
mod xlsx_scan;

use std::any::Any;
use std::fs;
use std::io::Read;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

pub use error::LoadError;
pub use limits::Limits;
pub use sniff::sniff;

use crate::workbook::{Format, Workbook};
use sniff::Container;

/// Loads a workbook from its bytes, whatever its extension.
pub fn load_bytes(bytes: &[u8], limits: &Limits) -> Result<Workbook, LoadError> {
    load_bytes_with(bytes, limits, true)
}

/// [`load_bytes`] with every xlsx and xlsm sheet read by calamine's three
/// passes, never by one pass and the scan (`xlsx.rs`): the reference the
/// fuzz target holds the one pass to. Slower; not for general use.
#[doc(hidden)]
pub fn load_bytes_by_calamine(bytes: &[u8], limits: &Limits) -> Result<Workbook, LoadError> {
    load_bytes_with(bytes, limits, false)
}

fn load_bytes_with(bytes: &[u8], limits: &Limits, once: bool) -> Result<Workbook, LoadError> {
    limits.check_file_size(bytes.len() as u64)?;
    let mut container = Container::open(bytes)?;
    if let Container::Zip(zip) = &container {
        limits.check_zip(zip)?;
    }
    let format = container.format()?;
    let mut workbook = contain_panics(format, || match (container, format) {
        (Container::Cfb(cfb), _) => xls::load(bytes, &cfb, limits),
        (Container::Zip(_), Format::Xlsb) => xlsb::load(bytes, limits),
        (Container::Zip(mut zip), Format::Ods) => ods::load(bytes, &mut zip, limits),
        (Container::Zip(mut zip), _) => xlsx::load(bytes, &mut zip, format, limits, once),
    })?;
    workbook.format = Some(format);
    Ok(workbook)
}

/// Reads a file once (its size checked from metadata first) and loads it.
/// The bytes come back too, so the caller can hash exactly what was linted.
pub fn load_path(path: &Path, limits: &Limits) -> Result<(Vec<u8>, Workbook), LoadError> {
    let bytes = read_bounded(path, limits)?;
    let workbook = load_bytes(&bytes, limits)?;
    Ok((bytes, workbook))
}

fn read_bounded(path: &Path, limits: &Limits) -> Result<Vec<u8>, LoadError> {
    let metadata = fs::metadata(path)?;
    if metadata.is_dir() {
        return Err(LoadError::IsADirectory);
    }
    // A FIFO named on the command line (pre-commit passes names as they
    // are) would block the open forever; a device would never end.
    if let Some(kind) = crate::guard::not_regular(&metadata) {
        return Err(LoadError::NotAFile(kind));
    }
    limits.check_file_size(metadata.len())?;
    let expected = usize::try_from(metadata.len()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(expected);
    let file = fs::File::open(path)?;
    // Checked again on what was opened: the path may have been swapped.
    if let Some(kind) = crate::guard::not_regular(&file.metadata()?) {
        return Err(LoadError::NotAFile(kind));
    }
    // The file may grow between the metadata call and the read.
    file.take(limits.max_file_bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    limits.check_file_size(bytes.len() as u64)?;
    Ok(bytes)
}

/// Runs a reader, turning a panic into an error about the file. calamine
/// indexes into file-derived buffers in places; a malformed file must not
/// take the whole run down. (The default panic hook still prints to stderr;
/// a binary that minds can install a quiet hook.)
fn contain_panics(
    format: Format,
    read: impl FnOnce() -> Result<Workbook, LoadError>,
) -> Result<Workbook, LoadError> {
    panic::catch_unwind(AssertUnwindSafe(read)).unwrap_or_else(|payload| {
        Err(LoadError::corrupt(
            format.name(),
            format!("the reader crashed: {}", panic_message(&*payload)),
        ))
    })
}

fn panic_message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("unknown panic")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_reader_becomes_a_corrupt_file() {
        let err = contain_panics(Format::Xlsb, || panic!("index out of bounds")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "corrupt xlsb: the reader crashed: index out of bounds"
        );
        let err = contain_panics(Format::Xls, || panic!("{} > {}", 3, 2)).unwrap_err();
        assert_eq!(err.to_string(), "corrupt xls: the reader crashed: 3 > 2");
    }
}
