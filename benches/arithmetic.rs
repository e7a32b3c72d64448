//! Benchmark (not a test): rule evaluation on a generated WRES data workbook
//! of over 100,000 rows, as a ratio to the time calamine needs to read the
//! same file, both measured in this run.
//!
//! ```sh
//! cargo bench --bench arithmetic            # 100,000+ rows
//! cargo bench --bench arithmetic -- 20000   # about that many rows
//! ```
//!
//! Each round times, in turn: calamine reading every sheet; wreslint's
//! loader (for reference); the model (data and action tables); the data
//! tables alone; the arithmetic and measure rules. Ratios are taken within a
//! round (a busy machine slows all stages of a round alike) and the medians
//! over the rounds are printed. The target: rule evaluation < 30 % of the
//! calamine read.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a tool for people: it prints

use std::hint::black_box;
use std::io::Cursor;
use std::time::{Duration, Instant};

use calamine::{Reader, Xlsx};
use rust_xlsxwriter::{Format, Workbook};
use wreslint::diagnostic::Family;
use wreslint::knowledge::Knowledge;
use wreslint::load::{load_bytes, Limits};
use wreslint::rules::{Context, BUILTIN};

/// Measured rounds, after one warm-up round.
const RUNS: usize = 9;

/// Rows between the tops of two generated blocks (see `block`)...
const BLOCK_ROWS: u32 = 38;
/// ...of which this many hold cells.
const USED_ROWS: u32 = 33;

fn main() {
    let rows: u32 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let bytes = generate(rows);

    let limits = Limits::default();
    let workbook = load_bytes(&bytes, &limits).expect("wreslint loads it");
    let filled: usize = workbook.sheets.iter().map(|s| s.rows().count()).sum();
    let cells: usize = workbook.sheets.iter().map(|s| s.cells().len()).sum();
    println!(
        "workbook: {filled} rows holding {cells} cells on {} sheets, {:.1} MB",
        workbook.sheets.len(),
        bytes.len() as f64 / 1e6
    );
    let knowledge = Knowledge::wres();
    let rules: Vec<_> = BUILTIN
        .iter()
        .filter(|r| matches!(r.meta().family, Family::Arithmetic | Family::Measure))
        .collect();

    // The stages run in turn within each round, so a busy machine slows
    // them alike; each round gives its own ratios and the medians are shown.
    let mut rounds: Vec<[Duration; 5]> = Vec::new();
    let mut summary = String::new();
    for round in 0..=RUNS {
        let calamine = timed(|| {
            let mut workbook = Xlsx::new(Cursor::new(&bytes)).expect("calamine opens it");
            let sheets: Vec<_> = workbook
                .sheet_names()
                .iter()
                .map(|name| workbook.worksheet_range(name).expect("calamine reads it"))
                .collect();
            sheets
        });
        let load = timed(|| load_bytes(&bytes, &limits).expect("wreslint loads it"));
        let data = timed(|| wreslint::model::data::find_tables(&workbook, knowledge));
        let (model_time, model) = timed_keep(|| wreslint::model::build(&workbook, knowledge));
        let (rules_time, findings) = timed_keep(|| {
            let cx = Context::new(&workbook, &model, knowledge);
            let mut out = Vec::new();
            for rule in &rules {
                rule.check(&cx, &mut out);
            }
            out
        });
        if round == 0 {
            // Warm-up round: not counted.
            summary = format!(
                "data tables found: {}; findings: {} from {} rules",
                model.data_tables.len(),
                findings.len(),
                rules.len()
            );
            continue;
        }
        rounds.push([calamine, load, model_time, data, rules_time]);
    }
    println!("{summary}; {RUNS} rounds, medians:");
    let median_of = |f: &dyn Fn(&[Duration; 5]) -> f64| {
        let mut values: Vec<f64> = rounds.iter().map(f).collect();
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    let ms = |i: usize| median_of(&|r| r[i].as_secs_f64() * 1e3);
    let pct = |i: usize| median_of(&|r| 100.0 * r[i].as_secs_f64() / r[0].as_secs_f64());
    println!("calamine read (all sheets):      {:8.1} ms  (100 %)", ms(0));
    println!(
        "wreslint load (for reference):   {:8.1} ms  ({:.1} %)",
        ms(1),
        pct(1)
    );
    println!(
        "model (data + action tables):    {:8.1} ms  ({:.1} %)",
        ms(2),
        pct(2)
    );
    println!(
        "  of which data tables:          {:8.1} ms  ({:.1} %)",
        ms(3),
        pct(3)
    );
    println!(
        "arithmetic + measure rules:      {:8.1} ms  ({:.1} %)",
        ms(4),
        pct(4)
    );
    println!(
        "rule evaluation / calamine read = {:.1} % (target < 30 %); with the model: {:.1} %",
        pct(4),
        median_of(&|r| 100.0 * (r[2] + r[4]).as_secs_f64() / r[0].as_secs_f64())
    );
}

/// The wall time of `f`, its result dropped outside the timing.
fn timed<T>(f: impl FnOnce() -> T) -> Duration {
    let (time, value) = timed_keep(f);
    drop(black_box(value));
    time
}

fn timed_keep<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let value = black_box(f());
    (start.elapsed(), value)
}

/// A data workbook of `rows` rows or a little more: blocks of the WRES
/// tables one under another on four sheets, counts varied per block, one
/// block in ten with a fault for the rules to find.
fn generate(rows: u32) -> Vec<u8> {
    let count = Format::new().set_num_format("#,##0");
    let percent = Format::new().set_num_format("0.0%");
    let ratio = Format::new().set_num_format("0.00");
    let points = Format::new().set_num_format("0.0");
    let mut workbook = Workbook::new();
    let blocks = rows.div_ceil(USED_ROWS);
    let sheets = 4;
    let per_sheet = blocks.div_ceil(sheets);
    let mut block_no = 0;
    for s in 0..sheets {
        let sheet = workbook.add_worksheet();
        sheet
            .set_name(format!("Data {}", s + 1))
            .expect("a sheet name");
        for b in 0..per_sheet {
            if block_no >= blocks {
                break;
            }
            let top = b * BLOCK_ROWS;
            let seed = u64::from(block_no);
            let faulty = block_no % 10 == 9;
            block(
                sheet,
                top,
                seed,
                faulty,
                (&count, &percent, &ratio, &points),
            )
            .expect("a block");
            block_no += 1;
        }
    }
    workbook.save_to_buffer().expect("the workbook")
}

type Formats<'a> = (&'a Format, &'a Format, &'a Format, &'a Format);

/// One block of [`BLOCK_ROWS`] rows: indicator 1 (14 bands and a total),
/// indicator 2 with its relative likelihood, the survey trend and the board.
fn block(
    sheet: &mut rust_xlsxwriter::Worksheet,
    top: u32,
    seed: u64,
    faulty: bool,
    (count, percent, ratio, points): Formats<'_>,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let vary = |n: u64, k: u64| n + (seed * 7 + k * 13) % 11;
    let header = ["Band", "White", "BME", "Unknown", "Total", "% BME"];
    sheet.write_string(top, 0, format!("Indicator 1: block {seed}"))?;
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(top + 1, c as u16, *h)?;
    }
    let mut totals = [0u64; 3];
    for band in 0..14u64 {
        let row = top + 2 + band as u32;
        let (w, b, u) = (
            vary(40 + band * 9, band),
            vary(8 + band * 2, band + 1),
            vary(1, band + 2),
        );
        totals[0] += w;
        totals[1] += b;
        totals[2] += u;
        sheet.write_string(row, 0, format!("Band {}", band + 1))?;
        let mut total = w + b + u;
        if faulty && band == 3 {
            total += 1;
        }
        for (c, v) in [w, b, u, total].into_iter().enumerate() {
            sheet.write_number_with_format(row, c as u16 + 1, v as f64, count)?;
        }
        sheet.write_number_with_format(row, 5, b as f64 / (w + b + u) as f64, percent)?;
    }
    let row = top + 16;
    let all = totals[0] + totals[1] + totals[2];
    sheet.write_string(row, 0, "Total")?;
    for (c, v) in [totals[0], totals[1], totals[2], all]
        .into_iter()
        .enumerate()
    {
        sheet.write_number_with_format(row, c as u16 + 1, v as f64, count)?;
    }
    sheet.write_number_with_format(row, 5, totals[1] as f64 / all as f64, percent)?;

    // Indicator 2.
    let t2 = top + 18;
    sheet.write_string(t2, 0, "Indicator 2: appointment from shortlisting")?;
    for (c, h) in ["", "Total", "White", "BME", "Unknown"].iter().enumerate() {
        sheet.write_string(t2 + 1, c as u16, *h)?;
    }
    let short = [vary(900, 1), vary(400, 2), vary(30, 3)];
    let appointed = [vary(250, 4), vary(80, 5), vary(6, 6)];
    for (r, (label, counts)) in [
        ("Shortlisted applicants", short),
        ("Appointed from shortlisting", appointed),
    ]
    .into_iter()
    .enumerate()
    {
        let row = t2 + 2 + r as u32;
        sheet.write_string(row, 0, label)?;
        sheet.write_number_with_format(row, 1, counts.iter().sum::<u64>() as f64, count)?;
        for (c, v) in counts.into_iter().enumerate() {
            sheet.write_number_with_format(row, c as u16 + 2, v as f64, count)?;
        }
    }
    let row = t2 + 4;
    sheet.write_string(row, 0, "Likelihood of appointment from shortlisting")?;
    let total_l = appointed.iter().sum::<u64>() as f64 / short.iter().sum::<u64>() as f64;
    sheet.write_number_with_format(row, 1, total_l, percent)?;
    for c in 0..3 {
        sheet.write_number_with_format(
            row,
            c as u16 + 2,
            appointed[c] as f64 / short[c] as f64,
            percent,
        )?;
    }
    let rl = (appointed[0] as f64 / short[0] as f64) / (appointed[1] as f64 / short[1] as f64);
    sheet.write_string(
        t2 + 5,
        0,
        "Relative likelihood of White applicants being appointed",
    )?;
    sheet.write_number_with_format(t2 + 5, 1, if faulty { 1.0 / rl } else { rl }, ratio)?;

    // Survey trend.
    let t5 = top + 26;
    sheet.write_string(t5, 0, "Indicators 5 to 8")?;
    let years = [
        "2021 White",
        "2021 BME",
        "2022 White",
        "2022 BME",
        "2023 White",
        "2023 BME",
    ];
    sheet.write_string(t5 + 1, 0, "Indicator")?;
    for (c, h) in years.iter().enumerate() {
        sheet.write_string(t5 + 1, c as u16 + 1, *h)?;
    }
    for i in 0..4u32 {
        sheet.write_string(t5 + 2 + i, 0, format!("Indicator {}", i + 5))?;
        for c in 0..6u16 {
            sheet.write_number_with_format(
                t5 + 2 + i,
                c + 1,
                0.2 + f64::from(c) * 0.01,
                percent,
            )?;
        }
    }

    // Board.
    let t9 = top + 33;
    sheet.write_string(t9, 0, "Indicator 9: board")?;
    for (c, h) in [
        "Group",
        "White",
        "BME",
        "Unknown",
        "Total",
        "% BME",
        "Difference",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(t9 + 1, c as u16, *h)?;
    }
    let board = [
        ("Overall workforce", [totals[0], totals[1], totals[2]]),
        ("Board voting membership", [11, vary(1, 9), 0]),
    ];
    for (r, (label, counts)) in board.into_iter().enumerate() {
        let row = t9 + 2 + r as u32;
        let t: u64 = counts.iter().sum();
        sheet.write_string(row, 0, label)?;
        for (c, v) in counts.into_iter().chain([t]).enumerate() {
            sheet.write_number_with_format(row, c as u16 + 1, v as f64, count)?;
        }
        sheet.write_number_with_format(row, 5, counts[1] as f64 / t as f64, percent)?;
        if r == 1 {
            let d = 100.0 * counts[1] as f64 / t as f64 - 100.0 * totals[1] as f64 / all as f64;
            sheet.write_number_with_format(row, 6, d, points)?;
        }
    }
    Ok(())
}
