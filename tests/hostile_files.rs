//! Files written and read safely on a shared folder (issue 19, part 4):
//! the baseline is written through a unique, exclusive temporary file (a
//! link planted at a predictable name is never followed), targets that are
//! not regular files are refused, a FIFO named on the command line is
//! refused instead of hanging, and output names of 250 bytes work.

#![cfg(unix)]

use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/clean-plan.xlsx"),
        dir.path().join("good.xlsx"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

/// Runs `wreslint` in `dir`; a run that does not end in 60 s is a hang.
fn run(dir: &Path, args: &[&str]) -> (Output, String) {
    let mut child = Command::cargo_bin("wreslint")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("wreslint {args:?} hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output, stderr)
}

fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

#[test]
fn a_link_planted_at_the_baselines_temporary_name_is_not_followed() {
    let dir = workspace();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious\n").unwrap();
    // The names the old code used, and a few more.
    for name in [
        "baseline.wreslint-tmp",
        ".baseline.json.tmp",
        ".wreslint-1-0.tmp",
    ] {
        std::os::unix::fs::symlink(&victim, dir.path().join(name)).unwrap();
    }
    let (out, stderr) = run(
        dir.path(),
        &["check", "--write-baseline", "baseline.json", "good.xlsx"],
    );
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    let written = std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    assert!(written.trim_start().starts_with('{'), "{written}");
    // No temporary file is left behind.
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp") && n.starts_with(".wreslint-") && n != ".wreslint-1-0.tmp")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_baseline_target_that_is_not_a_regular_file_is_refused() {
    let dir = workspace();
    let fifo = dir.path().join("baseline.json");
    mkfifo(&fifo);
    let (out, stderr) = run(
        dir.path(),
        &["check", "--write-baseline", "baseline.json", "good.xlsx"],
    );
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("FIFO"), "{stderr}");
    // Still a FIFO: not replaced by a regular file.
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo());
}

#[test]
fn a_fifo_named_on_the_command_line_is_refused_and_the_rest_linted() {
    let dir = workspace();
    mkfifo(&dir.path().join("pipe.xlsx"));
    let (out, stderr) = run(
        dir.path(),
        &["check", "--format", "concise", "pipe.xlsx", "good.xlsx"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    let line = stdout
        .lines()
        .find(|l| l.starts_with("pipe.xlsx"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        line.contains("FIFO") && line.contains("not a regular file"),
        "{line}"
    );
    assert!(
        stdout.contains("in 1 file; 1 file could not be read"),
        "{stdout}"
    );
}

#[test]
fn long_output_names_are_written() {
    let dir = workspace();
    // `<stem>.wreslint.xlsx` is 250 bytes; so is the baseline's name.
    let stem = "p".repeat(250 - ".wreslint.xlsx".len());
    let input = format!("{stem}.xlsx");
    std::fs::copy(dir.path().join("good.xlsx"), dir.path().join(&input)).unwrap();
    let (out, stderr) = run(dir.path(), &["check", "--annotate", &input]);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let copy = dir.path().join(format!("{stem}.wreslint.xlsx"));
    assert_eq!(copy.file_name().unwrap().len(), 250);
    assert!(copy.is_file(), "{stderr}");
    let baseline = "b".repeat(245) + ".json";
    let (out, stderr) = run(
        dir.path(),
        &["check", "--write-baseline", &baseline, "good.xlsx"],
    );
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(dir.path().join(&baseline).is_file());
}
