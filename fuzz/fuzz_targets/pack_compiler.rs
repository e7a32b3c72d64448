//! The rule-pack compiler on arbitrary YAML: it must answer with a pack or
//! with located problems, never panic, and every problem's span must lie
//! inside the text on character boundaries (miette slices the text with it).
//!
//! Run with `cargo fuzz run pack_compiler fuzz/seeds/pack_compiler` from the crate root.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut taken = wreslint::packs::taken();
    if let Err(error) = wreslint::packs::compile_text(text, Path::new("fuzz.yaml"), &mut taken) {
        let _ = error.to_string();
        assert!(!error.problems.is_empty(), "an error names at least one problem");
        for problem in &error.problems {
            if let Some(span) = &problem.span {
                assert!(span.start <= span.end && span.end <= text.len(), "{span:?} outside the text");
                assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{span:?}");
            }
        }
    }
});
