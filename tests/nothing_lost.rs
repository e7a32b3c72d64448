//! Nothing lost: every command leaves the workbooks it reads byte-for-byte
//! as they were (same hash, same modification time, same permissions), and
//! writes nothing but the outputs it is asked for. An output that cannot be
//! written is a clear one-line error, never a half-written file.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a tool for people: it prints

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use assert_cmd::cargo::CommandCargoExt;
use sha2::{Digest, Sha256};

/// What identifies a file's content and whether it was touched.
#[derive(Debug, PartialEq)]
struct Snapshot {
    sha256: Vec<u8>,
    modified: SystemTime,
    mode: u32,
}

/// Every file under `dir`, by path relative to it.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Snapshot> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path);
                continue;
            }
            out.insert(
                path.strip_prefix(dir).unwrap().to_path_buf(),
                Snapshot {
                    sha256: Sha256::digest(std::fs::read(&path).unwrap()).to_vec(),
                    modified: meta.modified().unwrap(),
                    mode: meta.permissions().mode(),
                },
            );
        }
    }
    out
}

/// A directory of inputs in every format wreslint reads, readable and not:
/// the sample plans and data workbooks, corpus files (xls, xlsb, xlsm, ods,
/// an encrypted xlsx) and a truncated copy, in `inputs/` of a temporary
/// directory (so outputs can be written beside it).
fn inputs() -> (tempfile::TempDir, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let outer = tempfile::tempdir().unwrap();
    let dir = outer.path().join("inputs");
    std::fs::create_dir(&dir).unwrap();
    for entry in std::fs::read_dir(root.join("samples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "xlsx") {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    let corpus = root.join("tests/corpus/third-party/calamine-tests");
    std::fs::create_dir(dir.join("corpus")).unwrap();
    for name in [
        "any_sheets.xls",
        "any_sheets.xlsb",
        "any_sheets.ods",
        "issue221.xlsm",
        "pass_protected.xlsx",
        "merge_cells.xls",
    ] {
        std::fs::copy(corpus.join(name), dir.join("corpus").join(name)).unwrap();
    }
    let plan = std::fs::read(root.join("samples/draft-plan.xlsx")).unwrap();
    std::fs::write(dir.join("corpus/truncated.xlsx"), &plan[..plan.len() / 2]).unwrap();
    (outer, dir)
}

fn wreslint(dir: &Path, args: &[&str]) -> std::process::Output {
    wreslint_as(dir, args, None)
}

/// The user id of `nobody`, which root can switch to.
const NOBODY: u32 = 65534;

/// Runs wreslint in `dir`, as the user with id `uid` when given (needs root).
fn wreslint_as(dir: &Path, args: &[&str], uid: Option<u32>) -> std::process::Output {
    let mut command = Command::cargo_bin("wreslint").unwrap();
    command.current_dir(dir).args(args);
    if let Some(uid) = uid {
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            command.pre_exec(move || {
                if libc::setgroups(0, std::ptr::null()) != 0
                    || libc::setgid(uid) != 0
                    || libc::setuid(uid) != 0
                {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    command.output().unwrap()
}

#[test]
fn every_command_leaves_the_inputs_untouched() {
    let (outer, work) = inputs();
    let before = snapshot(&work);
    assert!(before.len() >= 12, "{before:?}");
    let mut commands: Vec<Vec<&str>> = ["human", "concise", "json", "sarif", "github", "junit"]
        .iter()
        .map(|format| vec!["check", "--format", format, "--statistics", "."])
        .collect();
    commands.extend([
        vec![
            "check",
            "--format",
            "json",
            "--no-suppressions",
            "--jobs",
            "1",
            ".",
        ],
        // The baseline goes beside the inputs' directory, not among them.
        vec!["check", "--write-baseline", "../baseline.json", "."],
        vec!["check", "--baseline", "../baseline.json", "."],
        vec!["config", "--show", "draft-plan.xlsx"],
        vec!["rules"],
        vec!["explain", "action-missing-owner"],
    ]);
    for args in &commands {
        let output = wreslint(&work, args);
        let code = output.status.code();
        assert!(
            matches!(code, Some(0..=2)),
            "{args:?}: {code:?} {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            snapshot(&work),
            before,
            "{args:?} changed, added or removed a file among its inputs"
        );
    }
    assert!(outer.path().join("baseline.json").is_file());

    // `init` writes its one file and nothing else.
    let output = wreslint(&work, &["init"]);
    assert_eq!(output.status.code(), Some(0));
    let mut after = snapshot(&work);
    assert!(after.remove(Path::new(".wreslint.yaml")).is_some());
    assert_eq!(after, before);
}

/// Whether this user can create files in a directory without write
/// permission (root can).
fn writes_ignore_permissions(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    let ok = std::fs::write(&probe, b"").is_ok();
    let _ = std::fs::remove_file(&probe);
    ok
}

#[test]
fn an_output_that_cannot_be_written_is_a_clear_error() {
    let (outer, dir) = inputs();
    let locked = outer.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root writes through a read-only directory: for root the writes must
    // succeed, and the refusal is checked as `nobody` instead.
    let root = writes_ignore_permissions(&locked);
    let baseline = locked.join("baseline.json");
    let baseline_arg = format!("--write-baseline={}", baseline.display());
    let before = snapshot(&dir);
    let user = if root {
        eprintln!("root writes through read-only directories: asserting the writes succeed for root, and fail for `nobody`");
        let output = wreslint(&dir, &["check", &baseline_arg, "."]);
        assert_eq!(output.status.code(), Some(0));
        assert!(baseline.is_file());
        assert_eq!(wreslint(&locked, &["init"]).status.code(), Some(0));
        for path in [&baseline, &locked.join(".wreslint.yaml")] {
            std::fs::remove_file(path).unwrap();
        }
        std::fs::set_permissions(outer.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        Some(NOBODY)
    } else {
        None
    };
    let output = wreslint_as(&dir, &["check", &baseline_arg, "."], user);
    let init = wreslint_as(&locked, &["init"], user);
    assert_eq!(snapshot(&dir), before);
    for (what, output) in [("--write-baseline", &output), ("init", &init)] {
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{what}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{what}: {stderr}");
        assert!(stderr.contains("ermission denied"), "{what}: {stderr}");
        eprintln!("{what}: {}", stderr.trim_end());
    }
    assert!(std::fs::read_dir(&locked).unwrap().next().is_none());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
}
