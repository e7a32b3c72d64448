//! Compiling packs: every error at its place; each check firing and quiet.

use super::*;

#[test]
fn builtin_packs_compile() {
    assert!(builtin_packs().iter().any(|p| !p.rules.is_empty()));
}
