//! Write a real-layout fixture (`tests/fixtures/plans/*.yaml`) as a workbook,
//! to run `wreslint check` or `wreslint inspect` on it by hand:
//! `cargo run --example fixture_xlsx -- tests/fixtures/plans/SLUG.yaml OUT.xlsx`.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a tool for people: it prints

#[path = "../tests/common/plan_fixture.rs"]
mod plan_fixture;

use std::path::PathBuf;

fn main() {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: fixture_xlsx FIXTURE.yaml OUT.xlsx");
        std::process::exit(2);
    };
    plan_fixture::write_xlsx(&plan_fixture::read(input), output);
    println!("wrote {}", output.display());
}
