//! What annotating costs next to a plain read (a benchmark, not a test).
//!
//! Generates a WRES action plan of 100 000 actions (one row each), of which
//! one in a hundred has no lead and one in two hundred no deadline, so the
//! built-in rules report well over 1 000 findings; then, in this one run,
//! measures:
//!
//! - calamine reading the file (`worksheet_range` of every sheet): the baseline;
//! - wreslint's own loader, for reference;
//! - annotating it (everything `annotate` does, up to the finished bytes).
//!
//! Time is the median of several runs; peak memory is the most heap in use
//! at once above what was in use when the phase started, counted by a
//! global allocator wrapper in this binary. Both are printed as ratios to
//! calamine. Targets: ≤ 3× the time, ≤ 2× the memory.
//!
//! ```text
//! cargo bench --bench annotate [-- ROWS]
//! ```
#![allow(clippy::print_stdout, clippy::print_stderr)] // a tool for people: it prints

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Cursor;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use calamine::{open_workbook_from_rs, Reader, Xlsx};
use rust_xlsxwriter::Workbook as XlsxWriter;
use wreslint::annotate::{annotate, Annotation};
use wreslint::diagnostic::Diagnostic;
use wreslint::knowledge::Knowledge;
use wreslint::load::{load_bytes, Limits};
use wreslint::model;
use wreslint::rules::{Context, BUILTIN};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size > layout.size() {
                let grow = new_size - layout.size();
                let now = CURRENT.fetch_add(grow, Ordering::Relaxed) + grow;
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f`, returning its result, its time and the peak heap it added.
fn measure<T>(f: impl FnOnce() -> T) -> (T, Duration, usize) {
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let out = f();
    let time = start.elapsed();
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    (out, time, peak)
}

fn generate(rows: u32) -> Vec<u8> {
    let mut wb = XlsxWriter::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("Action Plan").unwrap();
    sheet
        .write_string(0, 0, "WRES Action Plan 2023-24")
        .unwrap();
    let header = [
        "Ref",
        "Agreed actions",
        "WRES Indicator",
        "Lead",
        "Deadline",
        "Measure of success",
        "Baseline",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    let leads = [
        "Head of OD",
        "HR Director",
        "Chief People Officer",
        "Head of EDI",
    ];
    for i in 0..rows {
        let r = i + 2;
        sheet.write_number(r, 0, f64::from(i + 1)).unwrap();
        sheet
            .write_string(
                r,
                1,
                format!(
                    "Run session {} to close the gap on appointments and training",
                    i + 1
                ),
            )
            .unwrap();
        sheet
            .write_string(r, 2, format!("Indicator {}", i % 9 + 1))
            .unwrap();
        if i % 100 != 7 {
            sheet.write_string(r, 3, leads[i as usize % 4]).unwrap();
        }
        if i % 200 != 11 {
            sheet.write_string(r, 4, "31 March 2024").unwrap();
        }
        sheet
            .write_string(r, 5, "Relative likelihood below 1.25")
            .unwrap();
        sheet
            .write_number(r, 6, 1.0 + f64::from(i % 50) / 100.0)
            .unwrap();
    }
    wb.save_to_buffer().unwrap()
}

fn diagnostics(workbook: &wreslint::workbook::Workbook, model: &model::Model) -> Vec<Diagnostic> {
    let cx = Context::new(workbook, model, Knowledge::wres());
    let mut out = Vec::new();
    for rule in BUILTIN {
        let meta = rule.meta();
        let mut findings = Vec::new();
        rule.check(&cx, &mut findings);
        out.extend(findings.into_iter().map(|f| Diagnostic {
            subject: None,
            code: meta.code.to_string(),
            name: meta.name.to_string(),
            family: meta.family,
            severity: meta.default_severity,
            location: f.location,
            message: f.message,
            help: f.help,
            span: f.span,
            related: f.related,
            cell_text: None,
        }));
    }
    out
}

fn calamine_read(bytes: &[u8]) -> usize {
    let mut xlsx: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let mut cells = 0;
    let names = xlsx.sheet_names().to_vec();
    let mut ranges = Vec::new();
    for name in names {
        let range = xlsx.worksheet_range(&name).unwrap();
        cells += range.get_size().0 * range.get_size().1;
        ranges.push(range);
    }
    // The ranges are alive until here, as they would be for a reader.
    std::hint::black_box(&ranges);
    cells
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn main() {
    let rows: u32 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let runs = 5;
    let bytes = generate(rows);
    let workbook = load_bytes(&bytes, &Limits::default()).unwrap();
    let model = model::build(&workbook, Knowledge::wres());
    let diagnostics = diagnostics(&workbook, &model);
    let on_cells = diagnostics
        .iter()
        .filter(|d| d.location.anchor().is_some())
        .count();
    println!(
        "workbook: {rows} action rows, {:.1} MiB xlsx, {} findings ({on_cells} on cells)",
        mib(bytes.len()),
        diagnostics.len()
    );
    assert!(diagnostics.len() >= 1_000, "fewer than 1000 findings");

    let annotation = Annotation {
        input_path: Path::new("bench.xlsx"),
        input: &bytes,
        workbook: &workbook,
        model: &model,
        knowledge: Knowledge::wres(),
        diagnostics: &diagnostics,
        tool_version: env!("CARGO_PKG_VERSION"),
        evidence: None,
    };
    let (mut t_cal, mut t_load, mut t_ann) = (Vec::new(), Vec::new(), Vec::new());
    let (mut m_cal, mut m_load, mut m_ann) = (0, 0, 0);
    let mut out_len = 0;
    for _ in 0..runs {
        let (cells, t, m) = measure(|| calamine_read(&bytes));
        std::hint::black_box(cells);
        t_cal.push(t);
        m_cal = m_cal.max(m);
        let (wb, t, m) = measure(|| load_bytes(&bytes, &Limits::default()).unwrap());
        drop(std::hint::black_box(wb));
        t_load.push(t);
        m_load = m_load.max(m);
        let (out, t, m) = measure(|| annotate(&annotation).unwrap());
        out_len = out.bytes.len();
        drop(std::hint::black_box(out));
        t_ann.push(t);
        m_ann = m_ann.max(m);
    }
    // Where annotation time goes: the flagged sheet's rewrite (no actions,
    // so a short coverage sheet) and the coverage sheet (no findings).
    let no_actions = model::Model::default();
    let no_findings: Vec<Diagnostic> = Vec::new();
    let parts = [
        (
            "annotate, findings only",
            Annotation {
                model: &no_actions,
                ..annotation
            },
        ),
        (
            "annotate, coverage only",
            Annotation {
                diagnostics: &no_findings,
                ..annotation
            },
        ),
    ];
    let mut part_times = Vec::new();
    for (label, a) in parts {
        let times: Vec<Duration> = (0..runs)
            .map(|_| measure(|| annotate(&a).unwrap()).1)
            .collect();
        part_times.push((label, median(times)));
    }
    let (t_cal, t_load, t_ann) = (median(t_cal), median(t_load), median(t_ann));
    let ratio_t = t_ann.as_secs_f64() / t_cal.as_secs_f64();
    let ratio_m = m_ann as f64 / m_cal as f64;
    println!("median of {runs} runs; peak heap above the start of each phase");
    println!(
        "calamine read            {:>8.3} s  {:>8.1} MiB",
        t_cal.as_secs_f64(),
        mib(m_cal)
    );
    println!(
        "wreslint load            {:>8.3} s  {:>8.1} MiB  ({:.2}× / {:.2}× calamine)",
        t_load.as_secs_f64(),
        mib(m_load),
        t_load.as_secs_f64() / t_cal.as_secs_f64(),
        m_load as f64 / m_cal as f64
    );
    println!(
        "annotate                 {:>8.3} s  {:>8.1} MiB  ({:.2}× / {:.2}× calamine; output {:.1} MiB)",
        t_ann.as_secs_f64(),
        mib(m_ann),
        ratio_t,
        ratio_m,
        mib(out_len)
    );
    for (label, t) in part_times {
        println!(
            "{label:<24} {:>8.3} s  ({:.2}× calamine)",
            t.as_secs_f64(),
            t.as_secs_f64() / t_cal.as_secs_f64()
        );
    }
    println!(
        "targets: time ≤ 3× ({}), memory ≤ 2× ({})",
        if ratio_t <= 3.0 { "met" } else { "MISSED" },
        if ratio_m <= 2.0 { "met" } else { "MISSED" }
    );
}
