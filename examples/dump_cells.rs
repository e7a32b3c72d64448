//! Print the cells of a workbook as wreslint loads them (a debugging aid):
//! `cargo run --example dump_cells -- FILE [MAX_ROW]`.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a tool for people: it prints
use std::path::Path;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: dump_cells FILE [MAX_ROW]");
        std::process::exit(2);
    };
    let max_row: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(40);
    match wreslint::load::load_path(Path::new(&path), &wreslint::load::Limits::default()) {
        Ok((_, workbook)) => {
            for sheet in &workbook.sheets {
                println!(
                    "== {} ({:?}) merges: {}",
                    sheet.name,
                    sheet.visibility,
                    sheet.merges().len()
                );
                for note in &sheet.notes {
                    println!(
                        "note {}: {:?}",
                        sheet.cell_ref(note.row, note.col).a1(),
                        note.text
                    );
                }
                for cell in sheet.cells().iter().filter(|c| c.row < max_row) {
                    let text: String = cell.text().chars().take(50).collect();
                    println!(
                        "{}  {:?}  fill={:?}",
                        sheet.cell_ref(cell.row, cell.col).a1(),
                        text,
                        cell.fill
                    );
                }
            }
        }
        Err(e) => eprintln!("{path}: {e}"),
    }
}
