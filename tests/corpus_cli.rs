//! The binary over every real-world spreadsheet in the shared corpus: each
//! file either lints or fails with one line naming the cause; none panics,
//! aborts or hangs, and none needs more than 1 GiB of address space (an
//! allocation past it aborts, which shows as a signal). None of these files is
//! a WRES or WDES plan (they are calamine's test workbooks: trading reports,
//! formats, edge cases), so none may raise an error or a warning: a linter
//! run by a pre-commit hook over every spreadsheet of a shared drive must
//! leave what is not a plan alone.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a tool for people: it prints

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;

/// Far above the slowest corpus file in a debug build; a hang shows as a failure.
const PER_FILE_TIMEOUT: Duration = Duration::from_secs(120);
/// The address space each run may use.
const MEMORY_LIMIT: u64 = 1024 * 1024 * 1024;

/// Caps the child's address space before it starts.
#[cfg(unix)]
fn limit_memory(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    // Fewer malloc arenas: each reserves 64 MiB of address space.
    command.env("MALLOC_ARENA_MAX", "2");
    // SAFETY: setrlimit is async-signal-safe and touches no shared state.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: MEMORY_LIMIT,
                rlim_max: MEMORY_LIMIT,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn limit_memory(_: &mut Command) {}

fn corpus_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/third-party/calamine-tests");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("corpus not found at {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_corpus_file_lints_or_fails_on_one_line() {
    let files = corpus_files();
    assert!(files.len() > 100, "only {} corpus files", files.len());
    let (mut linted, mut refused) = (0, 0);
    let mut problems = Vec::new();
    for file in &files {
        let mut command = Command::cargo_bin("wreslint").unwrap();
        command
            .args(["check", "--format", "json", "--jobs", "1"])
            .arg(file)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        limit_memory(&mut command);
        let mut child = command.spawn().unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > PER_FILE_TIMEOUT {
                let _ = child.kill();
                problems.push(format!(
                    "{}: no answer within {PER_FILE_TIMEOUT:?}",
                    file.display()
                ));
                break child.wait().unwrap();
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let output = child.wait_with_output().unwrap();
        let name = file.file_name().unwrap().to_string_lossy();
        let Some(code) = status.code() else {
            problems.push(format!(
                "{name}: killed by a signal (abort or crash): {status:?}"
            ));
            continue;
        };
        let json: serde_json::Value = match serde_json::from_slice(&output.stdout) {
            Ok(json) => json,
            Err(e) => {
                problems.push(format!("{name}: exit {code}, output is not JSON ({e})"));
                continue;
            }
        };
        let report = &json["files"][0];
        match report["status"].as_str() {
            Some("linted") => {
                linted += 1;
                if code == 2 {
                    problems.push(format!("{name}: linted but exit 2"));
                }
                let raised = report["diagnostics"].as_array().into_iter().flatten();
                for finding in raised.filter(|d| d["severity"] != "info") {
                    problems.push(format!(
                        "{name}: not a plan, yet {} {}: {}",
                        finding["code"], finding["location"]["text"], finding["message"]
                    ));
                }
            }
            Some("error") => {
                refused += 1;
                let error = report["error"].as_str().unwrap_or("");
                if error.is_empty() || error.contains('\n') || code != 2 {
                    problems.push(format!(
                        "{name}: error must be one line with exit 2, got {code}: {error:?}"
                    ));
                }
            }
            other => problems.push(format!("{name}: status {other:?}: {}", report["error"])),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        linted >= 120,
        "only {linted} of {} corpus files linted",
        files.len()
    );
    eprintln!("corpus: {linted} linted, {refused} refused with a one-line error");
}
