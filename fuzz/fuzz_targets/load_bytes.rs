//! Fuzz the workbook loader: any bytes load, or fail with a one-line
//! error; never a panic, never an allocation past tight limits, never more
//! cells than the limit. An xlsx or xlsm also loads exactly as it does with
//! calamine's passes alone (the reference of the one pass with the formula
//! and merge scan), or fails as it.
//!
//! Run with `RUSTC_BOOTSTRAP=1 cargo fuzz run load_bytes fuzz/seeds/load_bytes`
//! from the crate root (see docs/fuzzing.md).

#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;
use wreslint::load::{load_bytes, load_bytes_by_calamine, sniff, Limits, LoadError};
use wreslint::workbook::Format;

/// libfuzzer-sys aborts on every panic, even one that is caught. The loader
/// runs calamine inside `catch_unwind` by design (a panicking reader becomes
/// a "corrupt" error), so a panic raised in calamine's code is let through
/// to that handler; any other panic (wreslint's own code, zip, a calamine
/// panic that escapes) still aborts and is reported as a crash.
fn let_calamine_panics_reach_the_loader() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_calamine = info
                .location()
                .is_some_and(|at| at.file().contains("/calamine-"));
            if !in_calamine {
                abort(info);
            }
        }));
    });
}

fuzz_target!(|bytes: &[u8]| {
    let_calamine_panics_reach_the_loader();
    // Tight enough that a file's claims cannot take the fuzzer's 2 GiB: any
    // allocation past them is a missing guard.
    let limits = Limits {
        max_file_bytes: 1024 * 1024,
        max_cells: 100_000,
        max_decompressed_bytes: 16 * 1024 * 1024,
        max_compression_ratio: 200.0,
        time_per_file: None,
        ..Limits::default()
    };
    let loaded = load_bytes(bytes, &limits);
    if matches!(sniff(bytes), Ok(Format::Xlsx | Format::Xlsm)) {
        agrees_with_calamine(&loaded, &load_bytes_by_calamine(bytes, &limits));
    }
    match loaded {
        Ok(workbook) => {
            for sheet in &workbook.sheets {
                assert!(sheet.cells().len() as u64 <= limits.max_cells);
            }
        }
        Err(error) => {
            let message = error.to_string();
            assert!(
                !message.is_empty() && !message.contains('\n'),
                "{message:?}"
            );
        }
    }
});

/// The one pass gives the workbook calamine's passes give, or fails where
/// they fail (it hands every sheet it cannot vouch for to them).
fn agrees_with_calamine(
    loaded: &Result<wreslint::workbook::Workbook, LoadError>,
    reference: &Result<wreslint::workbook::Workbook, LoadError>,
) {
    match (loaded, reference) {
        (Ok(a), Ok(b)) => assert_eq!(format!("{a:?}"), format!("{b:?}")),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (a, b) => panic!("one pass {:?}, calamine {:?}", a.as_ref().err(), b.as_ref().err()),
    }
}
