//! The committed sample workbooks are exactly what the generator writes today.

#[path = "../examples/gen_samples.rs"]
mod gen_samples;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

const STALE: &str = "samples are stale: run `cargo run --example gen_samples`";

/// The `.xlsx` files under a directory (its folders too), as paths relative
/// to it with `/` separators, sorted.
fn workbooks(dir: &Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut folders = vec![String::new()];
    while let Some(folder) = folders.pop() {
        let path = dir.join(&folder);
        for entry in
            fs::read_dir(&path).unwrap_or_else(|e| panic!("cannot list {}: {e}", path.display()))
        {
            let entry = entry.expect("directory entry");
            let name = format!("{folder}{}", entry.file_name().to_string_lossy());
            if entry.path().is_dir() {
                folders.push(format!("{name}/"));
            } else if name.ends_with(".xlsx") {
                found.insert(name);
            }
        }
    }
    found
}

#[test]
fn committed_samples_match_the_generator() {
    let fresh = tempfile::tempdir().expect("a temporary directory");
    gen_samples::write_all(fresh.path()).expect("the generator runs");
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");

    let generated = workbooks(fresh.path());
    assert!(!generated.is_empty(), "the generator wrote no workbook");
    assert!(
        generated.contains("template/drifted-plan.xlsx"),
        "{generated:?}"
    );
    assert_eq!(workbooks(&committed), generated, "{STALE}");

    for name in &generated {
        let new = fs::read(fresh.path().join(name)).expect("a generated sample");
        let old = fs::read(committed.join(name)).expect("a committed sample");
        assert!(old == new, "{STALE} ({name} differs)");
    }
}

#[test]
fn generator_is_reproducible() {
    let (first, second) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    gen_samples::write_all(first.path()).unwrap();
    gen_samples::write_all(second.path()).unwrap();
    for name in workbooks(first.path()) {
        let a = fs::read(first.path().join(&name)).unwrap();
        let b = fs::read(second.path().join(&name)).unwrap();
        assert!(a == b, "{name} differs between two runs of the generator");
    }
}
