//! Lint cost against calamine's, measured in the same run.
//!
//! ```text
//! cargo bench --bench lint            # everything (a few minutes)
//! cargo bench --bench lint -- quick   # fewer repetitions, smaller directory
//! cargo bench --bench lint -- pairs   # only the folder of plan-and-data pairs
//! ```
//!
//! For each generated workbook (data tables of 1k, 10k and 100k rows;
//! plans of 50, 500 and 5,000 actions) this binary starts itself as a child
//! process, alternately to *read* the file with calamine (the whole file
//! read, every sheet through `worksheet_range`) and to *lint* it with
//! wreslint (`lint::lint_file` with the default configuration: read, load,
//! model, every rule). Each child times its own work and the parent takes
//! its peak resident memory from `wait4`, so neither side's memory is
//! mixed with the other's. The figures are medians over the repetitions;
//! ratios are lint ÷ read. Then the release binary lints a directory of
//! 1,000 generated plans on every core, and on one. Last, a folder of 100
//! plan-and-data pairs is checked with folder pairing and with `--no-pair`,
//! interleaved, and the share of a lint spent extracting the evidence facts
//! is timed on the same files.
//!
//! Targets (issue 7): lint ≤ 1.3× read time, memory ≤ 2× read memory, cost
//! linear in rows. Linux only (peak memory from `wait4`).
#![allow(clippy::print_stdout, clippy::print_stderr)] // a tool for people: it prints

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--child") {
        child(
            &args[2],
            Path::new(&args[3]),
            args.get(4).map(String::as_str),
        );
        return;
    }
    let quick = args.iter().any(|a| a == "quick");
    let only_pairs = args.iter().any(|a| a == "pairs");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-lint");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    if only_pairs {
        pairs(&dir, quick);
        return;
    }

    println!(
        "wreslint {} benchmark: medians, lint and load ÷ calamine read in the same run",
        env!("CARGO_PKG_VERSION")
    );
    println!(
        "cores: {}",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let idle = measure("idle", Path::new("."), 3);
    println!(
        "a child that does nothing peaks at {:.1} MiB (included in every memory figure)",
        mib(idle.peak_kib)
    );
    let vocab = measure("vocabularies", Path::new("."), 3);
    println!(
        "compiling the vocabularies (knowledge, layout words, lexicons, timeline grammar) adds {:.1} MiB and {:.1} ms",
        mib(vocab.peak_kib.saturating_sub(idle.peak_kib)),
        ms(vocab.first)
    );
    println!("times are per file once warm (each child runs the work twice and the second run is timed);");
    println!("`first +ms` is what the first file of a process costs on top (lazy set-up)\n");
    println!(
        "{:<19} {:>6} {:>7} | {:>8} {:>8} {:>5} {:>8} {:>5} {:>7} | {:>6} {:>6} {:>6} {:>5} | {:>6}",
        "workbook", "KiB", "cells", "read ms", "load ms", "×", "lint ms", "×", "first+",
        "read", "load", "lint", "×", "µs/row"
    );
    println!("{:>45}{:>47}", "", "(peak MiB)");
    let mut rows = Vec::new();
    for (label, units, kind) in [
        ("data 1k rows", 1_000, "gen-data"),
        ("data 10k rows", 10_000, "gen-data"),
        ("data 100k rows", 100_000, "gen-data"),
        ("plan 50 actions", 50, "gen-plan"),
        ("plan 500 actions", 500, "gen-plan"),
        ("plan 5,000 actions", 5_000, "gen-plan"),
    ] {
        let path = dir.join(format!("{}.xlsx", label.replace([' ', ','], "-")));
        // Generated in a child, so this process stays small: a child's peak
        // memory starts from its parent's at fork.
        let cells = generate(kind, &path, units);
        let reps = match (quick, units >= 5_000) {
            (true, _) => 3,
            (false, true) => 5,
            (false, false) => 9,
        };
        let [read, load, lint] = measure_all(&path, reps);
        let row = Row {
            label,
            units,
            size: std::fs::metadata(&path).unwrap().len(),
            cells,
            read,
            load,
            lint,
        };
        row.print();
        rows.push(row);
    }
    println!();
    for (kind, sizes) in [("data", 0..3), ("plan", 3..6)] {
        let (slope, intercept) = fit(&rows[sizes]);
        println!(
            "linear fit ({kind}): lint ms = {intercept:.2} + {:.2} µs × rows (least squares over the three sizes)",
            slope * 1000.0
        );
    }
    for (kind, small, large) in [("data", 1, 2), ("plan", 4, 5)] {
        let (a, b) = (&rows[small], &rows[large]);
        println!(
            "linearity ({kind}, {} → {}): per row, read ×{:.2}, load ×{:.2}, lint ×{:.2} (1.00 = linear)",
            a.label,
            b.label,
            b.per_unit(b.read) / a.per_unit(a.read),
            b.per_unit(b.load) / a.per_unit(a.load),
            b.per_unit(b.lint) / a.per_unit(a.lint),
        );
    }

    let plans = if quick { 200 } else { 1_000 };
    let many = dir.join("plans");
    generate("gen-plans", &many, plans);
    println!();
    for jobs in [None, Some(1)] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_wreslint"));
        command.args(["check", "--format", "json"]);
        if let Some(jobs) = jobs {
            command.args(["--jobs", &jobs.to_string()]);
        }
        command.arg(&many);
        let started = Instant::now();
        let (out, peak_kib) = run_child(command);
        let elapsed = started.elapsed();
        let json: serde_json::Value = serde_json::from_slice(&out).expect("JSON report");
        let linted = json["summary"]["linted"].as_u64().unwrap();
        assert_eq!(linted, plans as u64, "every plan lints");
        println!(
            "directory of {plans} plans of 20-59 actions, wreslint check --format json ({}): {:.2} s, {:.0} files/s, peak {:.1} MiB",
            jobs.map_or("every core".to_owned(), |j| format!("--jobs {j}")),
            elapsed.as_secs_f64(),
            plans as f64 / elapsed.as_secs_f64(),
            mib(peak_kib)
        );
    }
    println!();
    pairs(&dir, quick);
}

/// Issue 18: what folder pairing and the cross-checks cost. A folder of
/// 100 sub-folders, each a plan and its data of one trust and year, the
/// plan quoting figures of the data in its text; `check` with pairing
/// against `check --no-pair`, interleaved, on every core and on one; then
/// the share of a lint that extracting the facts takes (both with and
/// without pairing pay it: `lint_file` extracts them for every file).
fn pairs(dir: &Path, quick: bool) {
    const PAIRS: usize = 100;
    let folder = dir.join("pairs");
    generate("gen-pairs", &folder, PAIRS);
    let reps = if quick { 6 } else { 16 };
    println!(
        "folder of {PAIRS} plan-and-data pairs ({} files), wreslint check --format json, medians of {reps}, interleaved (ABBA):",
        2 * PAIRS
    );
    for jobs in [None, Some(1)] {
        // Wall and CPU (user + system, all threads) times, with and without pairing.
        let mut times: [Vec<(Duration, Duration)>; 2] = Default::default();
        for rep in 0..reps {
            let order = if rep % 2 == 0 {
                [false, true]
            } else {
                [true, false]
            };
            for no_pair in order {
                let mut command = Command::new(env!("CARGO_BIN_EXE_wreslint"));
                command.args(["check", "--format", "json"]);
                if no_pair {
                    command.arg("--no-pair");
                }
                if let Some(jobs) = jobs {
                    command.args(["--jobs", &jobs.to_string()]);
                }
                command.arg(&folder);
                let started = Instant::now();
                let (stdout, usage) = run_child_usage(command);
                times[usize::from(no_pair)].push((started.elapsed(), cpu_time(&usage)));
                let json: serde_json::Value = serde_json::from_slice(&stdout).expect("JSON report");
                let files = json["files"].as_array().expect("files");
                assert_eq!(files.len(), 2 * PAIRS, "every file is reported");
                let paired = files
                    .iter()
                    .filter(|f| {
                        f["evidence"]["pairing"][0]["reason"]
                            .as_str()
                            .is_some_and(|r| r.starts_with("same folder and year"))
                    })
                    .count();
                assert_eq!(
                    paired,
                    if no_pair { 0 } else { PAIRS },
                    "every plan finds its data when pairing, none without"
                );
            }
        }
        let median = |t: &[(Duration, Duration)], cpu: bool| {
            let mut t: Vec<Duration> = t.iter().map(|s| if cpu { s.1 } else { s.0 }).collect();
            t.sort();
            t[t.len() / 2]
        };
        for cpu in [false, true] {
            let (with, without) = (median(&times[0], cpu), median(&times[1], cpu));
            // Each round's two runs are neighbours in time: the median of
            // their ratios is less at the mercy of others' load.
            let mut ratios: Vec<f64> = times[0]
                .iter()
                .zip(&times[1])
                .map(|(a, b)| {
                    let pick = |s: &(Duration, Duration)| if cpu { s.1 } else { s.0 };
                    pick(a).as_secs_f64() / pick(b).as_secs_f64()
                })
                .collect();
            ratios.sort_by(f64::total_cmp);
            println!(
                "  {:<11} {} pairing {:>7.1} ms, --no-pair {:>7.1} ms: pairing ÷ --no-pair {:.3} (median of the rounds' ratios {:.3}, range {:.2}-{:.2})",
                jobs.map_or("every core".to_owned(), |j| format!("--jobs {j}")),
                if cpu { "CPU " } else { "wall" },
                ms(with),
                ms(without),
                with.as_secs_f64() / without.as_secs_f64(),
                ratios[ratios.len() / 2],
                ratios[0],
                ratios[ratios.len() - 1],
            );
        }
    }
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--child", "facts"])
        .arg(&folder)
        .arg(reps.to_string());
    let (out, _) = run_child(command);
    let text = String::from_utf8(out).unwrap();
    let numbers: Vec<u64> = text
        .split_whitespace()
        .map(|n| n.parse().unwrap_or_else(|_| panic!("child said {text:?}")))
        .collect();
    let (lint, facts, quoted) = (numbers[0], numbers[1], numbers[2]);
    println!(
        "  facts extraction, one thread, the {} files: lint_file {:.1} ms, evidence::facts::of {:.2} ms ({:.1}% of the lint; {quoted} quoted figures found)",
        2 * PAIRS,
        lint as f64 / 1e6,
        facts as f64 / 1e6,
        100.0 * facts as f64 / lint as f64
    );
}

/// The workbooks of a pairs folder, in path order.
fn pair_files(folder: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).unwrap())
        .map(|f| f.unwrap().path())
        .collect();
    files.sort();
    files
}

/// The child side of the facts share: every file of the folder linted
/// (`lint_file`, as `check` runs it) and its facts extracted from a model
/// built beforehand, interleaved, `reps` rounds after a warm-up; prints the
/// median total nanoseconds of each and the number of quoted figures.
fn facts_share(folder: &Path, reps: usize) {
    use wreslint::config::Config;
    use wreslint::lint::lint_file;
    use wreslint::load::{load_path, Limits};
    use wreslint::registry::all_rules;
    use wreslint::{evidence, model, standard};

    let files = pair_files(folder);
    let config = Config::defaults();
    let rules = all_rules(&[]);
    let settings = check_settings(&config, &rules);
    let built: Vec<_> = files
        .iter()
        .map(|path| {
            let (_, workbook) = load_path(path, &Limits::default()).expect("loads");
            let knowledge = standard::detect(&workbook);
            let model = model::build_with(&workbook, knowledge, &config.layout);
            let _ = model.timelines();
            (workbook, knowledge, model)
        })
        .collect();
    let lint_all = || {
        let started = Instant::now();
        for path in &files {
            drop(lint_file(path, &settings));
        }
        started.elapsed()
    };
    let facts_all = || {
        let started = Instant::now();
        let mut quoted = 0;
        for (workbook, knowledge, model) in &built {
            let facts = evidence::facts::of(model, knowledge, workbook);
            quoted += facts.banner_quotes.len()
                + facts.actions.iter().map(|a| a.quoted.len()).sum::<usize>();
        }
        (started.elapsed(), quoted)
    };
    lint_all();
    let (_, quoted) = facts_all();
    let mut lints = Vec::new();
    let mut facts = Vec::new();
    for _ in 0..reps {
        lints.push(lint_all());
        facts.push(facts_all().0);
    }
    lints.sort();
    facts.sort();
    println!(
        "{} {} {quoted}",
        lints[reps / 2].as_nanos(),
        facts[reps / 2].as_nanos()
    );
}

struct Row {
    label: &'static str,
    units: usize,
    size: u64,
    cells: usize,
    read: Sample,
    load: Sample,
    lint: Sample,
}

impl Row {
    fn print(&self) {
        let ratio = |a: Sample| a.time.as_secs_f64() / self.read.time.as_secs_f64();
        println!(
            "{:<19} {:>6} {:>7} | {:>8.1} {:>8.1} {:>5.2} {:>8.1} {:>5.2} {:>7.1} | {:>6.1} {:>6.1} {:>6.1} {:>5.2} | {:>6.1}",
            self.label,
            self.size / 1024,
            self.cells,
            ms(self.read.time),
            ms(self.load.time),
            ratio(self.load),
            ms(self.lint.time),
            ratio(self.lint),
            ms(self.lint.first.saturating_sub(self.lint.time)),
            mib(self.read.peak_kib),
            mib(self.load.peak_kib),
            mib(self.lint.peak_kib),
            self.lint.peak_kib as f64 / self.read.peak_kib as f64,
            self.per_unit(self.lint),
        );
    }

    /// Microseconds per data row or plan action.
    fn per_unit(&self, sample: Sample) -> f64 {
        sample.time.as_secs_f64() * 1e6 / self.units as f64
    }
}

/// Least-squares line of lint time (ms) against rows: (slope, intercept).
fn fit(rows: &[Row]) -> (f64, f64) {
    let n = rows.len() as f64;
    let xs: Vec<f64> = rows.iter().map(|r| r.units as f64).collect();
    let ys: Vec<f64> = rows.iter().map(|r| ms(r.lint.time)).collect();
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let sxy: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = xs.iter().map(|x| (x - mx) * (x - mx)).sum();
    let slope = sxy / sxx;
    (slope, my - slope * mx)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// One measurement: the warm time, the first (cold) time, the peak RSS.
#[derive(Clone, Copy, Debug)]
struct Sample {
    time: Duration,
    first: Duration,
    peak_kib: u64,
}

fn generate(mode: &str, path: &Path, n: usize) -> usize {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command.args(["--child", mode]).arg(path).arg(n.to_string());
    let (out, _) = run_child(command);
    String::from_utf8(out).unwrap().trim().parse().unwrap()
}

/// Read, load and lint children in turn, `reps` rounds; medians of each.
fn measure_all(path: &Path, reps: usize) -> [Sample; 3] {
    let modes = ["read", "load", "lint"];
    let mut samples: [Vec<Sample>; 3] = Default::default();
    for _ in 0..reps {
        for (mode, out) in modes.iter().zip(samples.iter_mut()) {
            out.push(once(mode, path));
        }
    }
    samples.map(median)
}

fn measure(mode: &str, path: &Path, reps: usize) -> Sample {
    median((0..reps).map(|_| once(mode, path)).collect())
}

fn median(mut samples: Vec<Sample>) -> Sample {
    let mid = samples.len() / 2;
    samples.sort_by_key(|s| s.time);
    let time = samples[mid].time;
    samples.sort_by_key(|s| s.first);
    let first = samples[mid].first;
    samples.sort_by_key(|s| s.peak_kib);
    Sample {
        time,
        first,
        peak_kib: samples[mid].peak_kib,
    }
}

fn once(mode: &str, path: &Path) -> Sample {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command.args(["--child", mode]).arg(path);
    let (out, peak_kib) = run_child(command);
    let text = String::from_utf8(out).unwrap();
    let numbers: Vec<u64> = text
        .split_whitespace()
        .map(|n| n.parse().unwrap_or_else(|_| panic!("child said {text:?}")))
        .collect();
    Sample {
        time: Duration::from_nanos(numbers[0]),
        first: Duration::from_nanos(numbers[1]),
        peak_kib,
    }
}

/// `n` in letters, `A`…`Z`, `BA`… (base 26, no digits).
fn letters(mut n: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (n % 26) as u8);
        n /= 26;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

/// Runs a child to the end; its stdout and its peak resident memory (KiB).
fn run_child(command: Command) -> (Vec<u8>, u64) {
    let (out, usage) = run_child_usage(command);
    // ru_maxrss is in KiB on Linux.
    (out, usage.ru_maxrss as u64)
}

/// The CPU time (user and system) of a child's resource usage.
fn cpu_time(usage: &libc::rusage) -> Duration {
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// Runs a child to the end; its stdout and its resource usage.
#[allow(clippy::zombie_processes)] // reaped by wait4, which std cannot see
fn run_child_usage(mut command: Command) -> (Vec<u8>, libc::rusage) {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut out = Vec::new();
    child.stdout.take().unwrap().read_to_end(&mut out).unwrap();
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value; wait4 fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, which std has not reaped.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) <= 1,
        "child failed: status {status}"
    );
    (out, usage)
}

/// The child side. Generators write a workbook and print its cell count;
/// measurements do the work twice, untimed then timed, and print the
/// nanoseconds of both (the first pays one-off costs: page faults for the
/// allocator, lazily compiled patterns; the second is what each further
/// file of a batch costs).
fn child(mode: &str, path: &Path, arg: Option<&str>) {
    use wreslint::config::Config;
    use wreslint::lint::{lint_file, Status};
    use wreslint::load::{load_path, Limits};
    use wreslint::registry::all_rules;

    let n = || arg.and_then(|a| a.parse::<usize>().ok()).expect("a count");
    let twice = |work: &dyn Fn()| {
        let started = Instant::now();
        work();
        let first = started.elapsed();
        let started = Instant::now();
        work();
        let second = started.elapsed();
        println!("{} {}", second.as_nanos(), first.as_nanos());
    };
    match mode {
        "gen-data" => println!("{}", data_workbook(path, n(), None).0),
        "gen-plan" => println!("{}", plan_workbook(path, n(), 0, None)),
        "gen-plans" => {
            std::fs::create_dir_all(path).unwrap();
            for i in 0..n() {
                plan_workbook(
                    &path.join(format!("plan-{i:04}.xlsx")),
                    20 + i % 40,
                    i,
                    None,
                );
            }
            println!("{}", n());
        }
        "gen-pairs" => {
            for i in 0..n() {
                let trust = path.join(format!("trust-{i:03}"));
                std::fs::create_dir_all(&trust).unwrap();
                let (_, share) =
                    data_workbook(&trust.join("data-2023.xlsx"), 60 + i % 80, Some(2023));
                // One plan in ten misquotes its data.
                let quotes = Quotes {
                    share,
                    ratio: if i % 10 == 9 { 1.54 } else { 1.45 },
                };
                plan_workbook(
                    &trust.join("plan-2023-24.xlsx"),
                    20 + i % 40,
                    i,
                    Some(&quotes),
                );
            }
            println!("{}", n());
        }
        "facts" => facts_share(path, n()),
        "idle" => println!("0 0"),
        "vocabularies" => {
            // What every lint pays once, whatever the file: the standards'
            // knowledge, the layout words, their lexicons, the timeline grammar.
            let started = Instant::now();
            for knowledge in [
                wreslint::knowledge::Knowledge::wres(),
                wreslint::knowledge::Knowledge::wdes(),
            ] {
                let lexed =
                    wreslint::lex::Lexicon::of(knowledge).lex("Expected date of completion");
                assert!(lexed.header_synonym().is_some());
            }
            let ctx = wreslint::timeline::Context::default();
            assert!(!wreslint::timeline::parse("by March 2024", &ctx).is_empty());
            println!("0 {}", started.elapsed().as_nanos());
        }
        "read" => twice(&|| assert!(calamine_read(path) > 0)),
        "load" => twice(&|| {
            let (_, workbook) = load_path(path, &Limits::default()).expect("loads");
            assert!(!workbook.sheets.is_empty());
        }),
        "lint" => {
            // Set-up paid once per run, not per file.
            let config = Config::defaults();
            let rules = all_rules(&[]);
            let settings = check_settings(&config, &rules);
            twice(&|| {
                let (report, _) = lint_file(path, &settings);
                assert_eq!(report.status, Status::Linted, "{:?}", report.error);
            });
        }
        "phases" => phases(path),
        "folder" => folder(path),
        other => panic!("unknown mode {other}"),
    }
}

/// The settings `wreslint check` uses by default: the standard read from
/// the workbook, the default guards and time budget, suppressions honoured.
fn check_settings<'a>(
    config: &'a wreslint::config::Config,
    rules: &'a [wreslint::registry::RuleHandle],
) -> wreslint::lint::Settings<'a> {
    wreslint::lint::Settings {
        config,
        rules,
        knowledge: None,
        limits: wreslint::load::Limits::default(),
        no_suppressions: false,
        today: None,
    }
}

/// Where a lint's time goes, for profiling by hand:
/// `cargo bench --bench lint -- --child phases FILE` prints the warm
/// median CPU time of each step (load, standard detection, model, timelines, every
/// rule on its own), slowest rules first.
/// Every xlsx of a folder read by calamine, loaded and linted (without a
/// time budget, so all in this thread): CPU ms of each over the folder,
/// the median of 5 rounds (41 for a folder read in under 20 ms), and load
/// and lint ÷ read.
fn folder(dir: &Path) {
    use wreslint::config::Config;
    use wreslint::lint::lint_file;
    use wreslint::load::{load_path, Limits};
    use wreslint::registry::all_rules;

    let cpu = || {
        // SAFETY: a zeroed timespec is valid; clock_gettime fills it.
        let mut t: libc::timespec = unsafe { std::mem::zeroed() };
        // SAFETY: a valid clock id and a pointer to a live timespec.
        unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
        Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
    };
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("a folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    files.sort();
    let config = Config::defaults();
    let rules = all_rules(&[]);
    let mut settings = check_settings(&config, &rules);
    settings.limits.time_per_file = None;
    // A warm-up, which also says how many rounds a steady median needs.
    let started = cpu();
    files.iter().for_each(|p| assert!(calamine_read(p) > 0));
    let rounds = if cpu() - started < Duration::from_millis(20) {
        41
    } else {
        5
    };
    let time = |work: &dyn Fn(&Path)| {
        let mut times: Vec<Duration> = (0..rounds)
            .map(|_| {
                let started = cpu();
                files.iter().for_each(|p| work(p));
                cpu().saturating_sub(started)
            })
            .collect();
        times.sort();
        times[rounds / 2]
    };
    let read = time(&|p| assert!(calamine_read(p) > 0));
    let load = time(&|p| drop(load_path(p, &Limits::default()).expect("loads")));
    let lint = time(&|p| drop(lint_file(p, &settings)));
    let ratio = |d: Duration| d.as_secs_f64() / read.as_secs_f64();
    println!(
        "{} files: read {:.3} ms, load {:.3} ms ({:.2}× read), lint {:.3} ms ({:.2}× read)",
        files.len(),
        ms(read),
        ms(load),
        ratio(load),
        ms(lint),
        ratio(lint)
    );
}

fn phases(path: &Path) {
    use wreslint::load::{load_path, Limits};
    use wreslint::registry::{all_rules, RuleSet, Selection};
    use wreslint::runner::run;
    use wreslint::{model, standard};

    // CPU time of this thread, not wall time: on a shared machine a
    // preempted step would otherwise be charged for others' work.
    let cpu = || {
        // SAFETY: a zeroed timespec is valid; clock_gettime fills it.
        let mut t: libc::timespec = unsafe { std::mem::zeroed() };
        // SAFETY: a valid clock id and a pointer to a live timespec.
        unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
        Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
    };
    let time = |work: &mut dyn FnMut()| {
        let mut times: Vec<Duration> = (0..7)
            .map(|_| {
                let started = cpu();
                work();
                cpu().saturating_sub(started)
            })
            .collect();
        times.sort();
        times[3]
    };
    let read = time(&mut || assert!(calamine_read(path) > 0));
    let (_, workbook) = load_path(path, &Limits::default()).expect("loads");
    let load = time(&mut || drop(load_path(path, &Limits::default())));
    let knowledge = standard::detect(&workbook);
    let detect = time(&mut || assert!(!standard::detect(&workbook).standard.is_empty()));
    let build = time(&mut || drop(model::build(&workbook, knowledge)));
    let timelines = time(&mut || {
        let model = model::build(&workbook, knowledge);
        assert!(model.timelines().len() <= model.actions().count());
    })
    .saturating_sub(build);
    let model = model::build(&workbook, knowledge);
    let _ = model.timelines();
    let mut rules: Vec<(String, Duration)> = all_rules(&[])
        .into_iter()
        .map(|rule| {
            let name = format!("{} {}", rule.meta().code, rule.meta().name);
            let set = RuleSet::new(vec![rule], &Selection::default());
            (
                name,
                time(&mut || drop(run(&set, &workbook, &model, knowledge))),
            )
        })
        .collect();
    rules.sort_by_key(|r| std::cmp::Reverse(r.1));
    let whole = {
        use wreslint::config::Config;
        use wreslint::lint::{lint_file, Settings};
        let config = Config::defaults();
        let rules = all_rules(&[]);
        let settings = check_settings(&config, &rules);
        // Wall time: lint_file works on a thread of its own (the time budget).
        let wall = |settings: &Settings<'_>| {
            let mut times: Vec<Duration> = (0..7)
                .map(|_| {
                    let started = Instant::now();
                    drop(lint_file(path, settings));
                    started.elapsed()
                })
                .collect();
            times.sort();
            times[3]
        };
        let unbudgeted = Settings {
            limits: Limits {
                time_per_file: None,
                ..Limits::default()
            },
            ..settings
        };
        (wall(&settings), wall(&unbudgeted))
    };
    let all_rules: Duration = rules.iter().map(|r| r.1).sum();
    let line = |name: &str, d: Duration| {
        println!(
            "{name:<48} {:>9.2} ms {:>6.2}× read",
            ms(d),
            d.as_secs_f64() / read.as_secs_f64()
        )
    };
    line("calamine read", read);
    line("lint_file, everything (wall time)", whole.0);
    line(
        "  the same without a time budget (no worker thread)",
        whole.1,
    );
    line("load", load);
    line("standard detection", detect);
    line("model", build);
    line("timelines (parsed on first use)", timelines);
    line("rules (each run alone, summed)", all_rules);
    for (name, d) in rules.iter().filter(|r| r.1 * 100 > all_rules) {
        line(&format!("  {name}"), *d);
    }
}

/// calamine reading a whole workbook as its documentation shows: open it,
/// then every sheet's range. Returns the number of non-empty cells.
fn calamine_read(path: &Path) -> usize {
    use calamine::{open_workbook_auto, Reader};
    let mut workbook = open_workbook_auto(path).expect("calamine opens the file");
    let names = workbook.sheet_names().to_vec();
    names
        .iter()
        .map(|name| {
            let range = workbook
                .worksheet_range(name)
                .expect("calamine reads the sheet");
            range.used_cells().count()
        })
        .sum()
}

// ---------------------------------------------------------------------------
// Generated workbooks, in the layouts of examples/gen_samples.rs
// ---------------------------------------------------------------------------

struct Styles {
    title: Format,
    header: Format,
    text: Format,
    centre: Format,
    date: Format,
    count: Format,
    ratio: Format,
    percent: Format,
}

impl Styles {
    fn new() -> Styles {
        let cell = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin);
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            header: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xD9D9D9)),
            text: cell.clone(),
            centre: cell.clone().set_align(FormatAlign::Center),
            date: cell.clone().set_num_format("dd/mm/yyyy"),
            count: cell.clone().set_num_format("#,##0"),
            ratio: cell.clone().set_num_format("0.00"),
            percent: cell.set_num_format("0.0%"),
        }
    }
}

/// A WRES data workbook whose indicator 1 table has `rows` rows (one per
/// team and band): label, directorate, White, BME, Unknown, Total and
/// % BME, a SUM formula (with its cached value) closing the table, and a
/// small indicator 2 table of relative likelihoods (1.45). With a `year`,
/// the titles name it. Returns the cell count and the % BME of the total
/// line as shown (one decimal).
fn data_workbook(path: &Path, rows: usize, year: Option<u16>) -> (usize, f64) {
    let titled = |title: &str| match year {
        Some(year) => format!("{title}, {year}"),
        None => title.to_owned(),
    };
    let s = Styles::new();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Indicator 1").unwrap();
    sheet
        .write_string_with_format(
            0,
            0,
            titled("Indicator 1: BME staff in each pay band compared with the overall workforce"),
            &s.title,
        )
        .unwrap();
    let header = [
        "Team and band",
        "Directorate",
        "White",
        "BME",
        "Unknown",
        "Total",
        "% BME",
    ];
    for (col, label) in (0u16..).zip(header) {
        sheet
            .write_string_with_format(2, col, label, &s.header)
            .unwrap();
    }
    let directorates = [
        "Community",
        "Mental Health",
        "Corporate",
        "Children's Services",
    ];
    let mut cells = 1 + header.len();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let (mut white_sum, mut bme_sum, mut unknown_sum) = (0u64, 0u64, 0u64);
    for i in 0..rows {
        let row = 3 + i as u32;
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let white = 20 + state % 300;
        let bme = 5 + (state >> 16) % 120;
        let unknown = (state >> 32) % 15;
        let total = white + bme + unknown;
        white_sum += white;
        bme_sum += bme;
        unknown_sum += unknown;
        let band = 2 + i % 8;
        sheet
            .write_string_with_format(row, 0, format!("Team {} Band {band}", i / 8 + 1), &s.text)
            .unwrap();
        sheet
            .write_string_with_format(row, 1, directorates[i % directorates.len()], &s.text)
            .unwrap();
        for (col, value) in [(2, white), (3, bme), (4, unknown), (5, total)] {
            sheet
                .write_number_with_format(row, col, value as f64, &s.count)
                .unwrap();
        }
        let share = (bme as f64 / total as f64 * 1000.0).round() / 1000.0;
        sheet
            .write_number_with_format(row, 6, share, &s.percent)
            .unwrap();
        cells += 7;
    }
    let total_row = 3 + rows as u32;
    sheet
        .write_string_with_format(total_row, 0, "Total", &s.header)
        .unwrap();
    for (col, sum) in [(2u16, white_sum), (3, bme_sum), (4, unknown_sum)] {
        sheet
            .write_number_with_format(total_row, col, sum as f64, &s.count)
            .unwrap();
    }
    let grand = white_sum + bme_sum + unknown_sum;
    sheet
        .write_formula_with_format(
            total_row,
            5,
            Formula::new(format!("=SUM(F4:F{total_row})")).set_result(grand.to_string()),
            &s.count,
        )
        .unwrap();
    let share = (bme_sum as f64 / grand as f64 * 1000.0).round() / 1000.0;
    sheet
        .write_number_with_format(total_row, 6, share, &s.percent)
        .unwrap();
    cells += 6;

    let sheet = workbook.add_worksheet().set_name("Indicator 2").unwrap();
    sheet
        .write_string_with_format(
            0,
            0,
            titled("Indicator 2: Relative likelihood of appointment from shortlisting"),
            &s.title,
        )
        .unwrap();
    for (col, label) in (0u16..).zip(["", "White", "BME"]) {
        sheet
            .write_string_with_format(2, col, label, &s.header)
            .unwrap();
    }
    for (row, (label, white, bme)) in (3u32..).zip([
        ("Shortlisted", 1200.0, 800.0),
        ("Appointed", 240.0, 110.0),
        ("Likelihood", 0.2, 0.1375),
    ]) {
        sheet
            .write_string_with_format(row, 0, label, &s.text)
            .unwrap();
        sheet
            .write_number_with_format(row, 1, white, &s.count)
            .unwrap();
        sheet
            .write_number_with_format(row, 2, bme, &s.count)
            .unwrap();
    }
    sheet
        .write_string_with_format(6, 0, "Relative likelihood", &s.text)
        .unwrap();
    sheet
        .write_number_with_format(6, 1, 1.45, &s.ratio)
        .unwrap();
    cells += 1 + 3 + 9 + 2;
    workbook.save(path).unwrap();
    (cells, share * 100.0)
}

/// The figures a paired plan quotes from its data.
struct Quotes {
    /// Indicator 1: % BME of the workforce.
    share: f64,
    /// Indicator 2: the relative likelihood.
    ratio: f64,
}

const ACTIONS: [&str; 8] = [
    "Require every interview panel for a post at Band 8a or above to include a member from an ethnic minority background who has completed fair selection training.",
    "Launch the Stepping Up development programme for BME colleagues at Bands 5 to 7:\na. agree the programme content with the Race Equality Network by 30 November 2023;\nb. open applications for the first cohort by 31 January 2024;\nc. start the first cohort by 31 March 2024.",
    "Audit appointment outcomes from shortlisting by ethnicity for each directorate, and report the themes found and the remedial actions agreed to the People and Culture Committee.",
    "Introduce a pre-formal checklist, signed off by a senior HR adviser who is independent of the case, before any employee relations case can enter the formal disciplinary process.",
    "Advertise all non-mandatory training and CPD funding on one intranet page, and track applications and approvals by ethnicity.",
    "Run a zero-tolerance campaign against racist abuse from patients and visitors, with posters in all clinics and guidance for staff on reporting incidents.",
    "Open a second cohort of the reciprocal mentoring programme, pairing members of the senior leadership team with BME colleagues.",
    "Use diverse selection panels and advertise through community and professional networks for all executive and non-executive board appointments.",
];

const LEADS: [&str; 5] = [
    "Head of Recruitment",
    "Deputy Director of People",
    "Head of Employee Relations",
    "Head of Learning and Development",
    "Freedom to Speak Up Guardian",
];

const DUES: [&str; 6] = [
    "by 31 March 2024",
    "Q3 2023/24",
    "31.01.24",
    "March 2024",
    "Q4 2023/24",
    "by 31 December 2023",
];

/// A WRES action plan with `actions` rows in the layout of the clean
/// sample plan: title rows, a two-level header, then indicator, ref,
/// action, lead, deadline (a date or text), measure, baseline, target and
/// status. `variant` shifts the texts so that plans differ. With `quotes`,
/// an introduction above the table and the actions of indicators 1 and 2
/// quote the data's figures for 2023, and the baselines are the data's
/// relative likelihood. Returns the cell count.
fn plan_workbook(path: &Path, actions: usize, variant: usize, quotes: Option<&Quotes>) -> usize {
    let s = Styles::new();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Action Plan").unwrap();
    for (row, text) in (0u32..).zip([
        "Workforce Race Equality Standard (WRES) Action Plan 2023-24",
        "Riverside Community Health NHS Trust",
        "Publication date: 31 October 2023",
    ]) {
        sheet
            .write_string_with_format(row, 0, text, &s.title)
            .unwrap();
    }
    for (col, label) in [
        (0, "WRES Indicator"),
        (1, "Ref"),
        (2, "Agreed actions"),
        (8, "Status"),
    ] {
        sheet.merge_range(5, col, 6, col, label, &s.header).unwrap();
    }
    sheet
        .merge_range(5, 3, 5, 4, "Delivery", &s.header)
        .unwrap();
    sheet
        .merge_range(5, 5, 5, 7, "Measures", &s.header)
        .unwrap();
    for (col, label) in (3u16..).zip([
        "Lead",
        "Deadline",
        "Measure of success",
        "Baseline (2022/23)",
        "Target (2023/24)",
    ]) {
        sheet
            .write_string_with_format(6, col, label, &s.header)
            .unwrap();
    }
    let mut cells = 3 + 4 + 2 + 5;
    if let Some(q) = quotes {
        sheet
            .write_string_with_format(
                3,
                0,
                format!(
                    "In 2023, BME staff make up {:.1}% of our workforce, and the relative likelihood of White applicants being appointed from shortlisting compared to BME applicants is {:.2}.",
                    q.share, q.ratio
                ),
                &s.text,
            )
            .unwrap();
        cells += 1;
    }
    for i in 0..actions {
        let row = 7 + i as u32;
        let k = i + variant;
        let indicator = 1 + (i * 9) / actions.max(1);
        sheet
            .write_string_with_format(row, 0, format!("Indicator {indicator}"), &s.text)
            .unwrap();
        sheet
            .write_number_with_format(row, 1, (i + 1) as f64, &s.centre)
            .unwrap();
        // Each action's text its own, as in a real plan (a parse of the
        // same text is reused across a table), with a tag of letters so
        // that it adds no figure or date.
        let quote = match (quotes, indicator) {
            (Some(q), 1) => format!(" BME staff: {:.1}% in 2023.", q.share),
            (Some(q), 2) => format!(
                " The relative likelihood of {:.2} in 2023 should fall to 1.25 by 2025.",
                q.ratio
            ),
            _ => String::new(),
        };
        let action = format!(
            "{}{quote} (workstream {})",
            ACTIONS[k % ACTIONS.len()],
            letters(k)
        );
        sheet
            .write_string_with_format(row, 2, action, &s.text)
            .unwrap();
        sheet
            .write_string_with_format(row, 3, LEADS[k % LEADS.len()], &s.text)
            .unwrap();
        if k.is_multiple_of(3) {
            let day = ExcelDateTime::from_ymd(2024, 1 + (k % 3) as u8, 1 + (k % 28) as u8).unwrap();
            sheet
                .write_datetime_with_format(row, 4, &day, &s.date)
                .unwrap();
        } else {
            sheet
                .write_string_with_format(row, 4, DUES[k % DUES.len()], &s.text)
                .unwrap();
        }
        sheet
            .write_string_with_format(
                row,
                5,
                "Relative likelihood of White applicants being appointed from shortlisting compared to BME applicants",
                &s.text,
            )
            .unwrap();
        // A paired plan's baseline is its data's figure (a bare ratio under
        // a likelihood measure is read as a quote of it), its target nearer 1.
        let (base, target) = match quotes {
            Some(q) => (q.ratio, 1.25),
            None => {
                let base = 1.2 + (k % 7) as f64 / 10.0;
                (base, base - 0.15)
            }
        };
        sheet
            .write_number_with_format(row, 6, base, &s.ratio)
            .unwrap();
        sheet
            .write_number_with_format(row, 7, target, &s.ratio)
            .unwrap();
        sheet
            .write_string_with_format(
                row,
                8,
                if k.is_multiple_of(2) {
                    "(New)"
                } else {
                    "(Ongoing)"
                },
                &s.centre,
            )
            .unwrap();
        cells += 9;
    }
    workbook.save(path).unwrap();
    cells
}
