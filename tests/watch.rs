//! `wreslint watch`: a workbook saved into a watched folder is linted; Office
//! lock files are not.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;

#[test]
fn a_saved_workbook_is_relinted_and_lock_files_are_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::cargo_bin("wreslint")
        .unwrap()
        .args(["watch", "--format", "concise"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let tx2 = tx.clone();
    std::thread::spawn(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .for_each(|l| drop(tx.send(l)))
    });
    std::thread::spawn(move || {
        BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .for_each(|l| drop(tx2.send(l)))
    });
    let wait_for = |needle: &str, seen: &mut Vec<String>| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
                let hit = line.contains(needle);
                seen.push(line);
                if hit {
                    return true;
                }
            }
        }
        false
    };
    let mut seen = Vec::new();
    assert!(
        wait_for("watching", &mut seen),
        "watcher did not start: {seen:?}"
    );
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/draft-plan.xlsx");
    std::fs::write(dir.path().join("~$plan.xlsx"), b"lock").unwrap();
    std::fs::copy(&sample, dir.path().join("plan.xlsx")).unwrap();
    let found = wait_for("plan.xlsx:'WRES Action Plan'!A9", &mut seen);
    let _ = child.kill();
    let _ = child.wait();
    assert!(found, "no findings for the saved workbook: {seen:?}");
    assert!(
        !seen.iter().any(|l| l.contains("~$plan")),
        "the lock file was linted: {seen:?}"
    );
}
