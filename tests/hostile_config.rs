//! Configuration is untrusted input (issue 19, part 3): a `.wreslint.yaml`
//! discovered beside the workbooks is written by whoever can write that
//! folder. It cannot read files outside its own tree through `packs:`,
//! cannot loosen the resource guards, and no configuration, pack or
//! baseline file is read when it is a device or FIFO, too large, or (in an
//! error) echoed when it is not a YAML mapping.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;

/// A repository with one clean workbook, and an outside folder holding a
/// secret that is a valid-looking text file.
struct Setup {
    _dir: tempfile::TempDir,
    repo: PathBuf,
    secret: PathBuf,
}

const SECRET: &str = "root:x:0:0:hunter2-SECRET:/root:/bin/bash\n";

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/clean-plan.xlsx"),
        repo.join("plan.xlsx"),
    )
    .unwrap();
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    let secret = outside.join("passwd");
    std::fs::write(&secret, SECRET).unwrap();
    Setup {
        _dir: dir,
        repo,
        secret,
    }
}

/// Runs `wreslint` in `dir` with a timeout: a hang is a failure.
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
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("wreslint {args:?} did not finish (it hangs)");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output, stderr)
}

fn check(dir: &Path, extra: &[&str]) -> (Output, String) {
    let mut args = vec!["check", "--format", "concise", "--color", "never"];
    args.extend_from_slice(extra);
    args.push("plan.xlsx");
    run(dir, &args)
}

#[test]
fn a_discovered_config_cannot_read_a_pack_outside_its_tree() {
    let s = setup();
    let secret = s.secret.display().to_string();
    std::fs::write(
        s.repo.join(".wreslint.yaml"),
        format!("packs: [{secret}, ../outside/passwd]\n"),
    )
    .unwrap();
    let (out, stderr) = check(&s.repo, &[]);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("outside the folder"), "{stderr}");
    assert!(stderr.contains("--allow-pack-dir"), "{stderr}");
    assert!(
        !stderr.contains("hunter2"),
        "the secret was echoed: {stderr}"
    );

    // A link inside the tree to the file outside is outside too.
    std::os::unix::fs::symlink(&s.secret, s.repo.join("pack.yaml")).unwrap();
    std::fs::write(s.repo.join(".wreslint.yaml"), "packs: [pack.yaml]\n").unwrap();
    let (out, stderr) = check(&s.repo, &[]);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("outside the folder"), "{stderr}");
    assert!(
        !stderr.contains("hunter2"),
        "the secret was echoed: {stderr}"
    );

    // Allowed on the command line, it is read, but as it is not a YAML
    // mapping, it is still not shown.
    let outside = s.secret.parent().unwrap().display().to_string();
    let (out, stderr) = check(&s.repo, &["--allow-pack-dir", &outside]);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("not a YAML mapping"), "{stderr}");
    assert!(
        !stderr.contains("hunter2"),
        "the secret was echoed: {stderr}"
    );
}

#[test]
fn a_file_that_is_not_yaml_is_never_echoed() {
    let s = setup();
    let secret = s.secret.display().to_string();
    for args in [
        vec!["--pack", secret.as_str()],
        vec!["--config", secret.as_str()],
        vec!["--baseline", secret.as_str()],
    ] {
        let (out, stderr) = check(&s.repo, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("hunter2"),
            "{args:?} echoed the secret: {stderr}"
        );
        assert!(
            stderr.contains("passwd"),
            "{args:?} does not name the file: {stderr}"
        );
    }
}

#[test]
fn a_discovered_config_may_tighten_but_not_loosen_the_guards() {
    let s = setup();
    let config = s.repo.join(".wreslint.yaml");
    std::fs::write(
        &config,
        "limits:\n  max_compression_ratio: 100000\n  timeout_per_file: 0\n  max_cells: 1000000\n",
    )
    .unwrap();
    let (out, stderr) = check(&s.repo, &[]);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("max_compression_ratio: 100000"), "{stderr}");
    assert!(stderr.contains("timeout_per_file: 0"), "{stderr}");
    assert_eq!(
        stderr.matches("loosens a resource guard").count(),
        2,
        "{stderr}"
    );
    assert!(stderr.contains("--config"), "{stderr}");
    // Named explicitly, the same file is used as written.
    let (out, stderr) = check(&s.repo, &["--config", ".wreslint.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // Tightening alone is fine.
    std::fs::write(
        &config,
        "limits:\n  max_cells: 1000000\n  max_findings: 10\n",
    )
    .unwrap();
    let (out, stderr) = check(&s.repo, &[]);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

#[test]
fn devices_fifos_and_huge_files_are_refused_not_read() {
    let s = setup();
    let fifo = s.repo.join("fifo.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let fifo = fifo.display().to_string();
    let big = s.repo.join("big.yaml");
    std::fs::write(&big, format!("# {}\n", "x".repeat(5 * 1024 * 1024))).unwrap();
    let big = big.display().to_string();
    for (args, why) in [
        (vec!["--config", "/dev/zero"], "a device"),
        (vec!["--pack", "/dev/zero"], "a device"),
        (vec!["--baseline", "/dev/zero"], "a device"),
        (vec!["--config", fifo.as_str()], "FIFO"),
        (vec!["--pack", fifo.as_str()], "FIFO"),
        (vec!["--baseline", fifo.as_str()], "FIFO"),
        (vec!["--config", big.as_str()], "bytes"),
        (vec!["--pack", big.as_str()], "bytes"),
    ] {
        let (out, stderr) = check(&s.repo, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(why), "{args:?}: {stderr}");
    }
    // Named by a discovered configuration, inside its own tree.
    std::fs::write(s.repo.join(".wreslint.yaml"), "packs: [fifo.yaml]\n").unwrap();
    let (out, stderr) = check(&s.repo, &[]);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("FIFO"), "{stderr}");
}

#[test]
fn the_yaml_node_budget_is_explained() {
    let s = setup();
    let config = s.repo.join(".wreslint.yaml");
    std::fs::write(&config, format!("select: [{}ALL]\n", "a,".repeat(260_000))).unwrap();
    let (out, stderr) = check(&s.repo, &[]);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("250000 YAML nodes"), "{stderr}");
    assert!(stderr.contains(".wreslint.yaml"), "{stderr}");
    assert!(stderr.contains("shorten it"), "{stderr}");
    assert!(!stderr.contains("budget breached"), "{stderr}");
}
