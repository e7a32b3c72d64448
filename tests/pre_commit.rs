//! The pre-commit integration: a real git repository with the hook installed
//! by the `pre-commit` tool blocks a commit of a defective workbook and lets
//! a clean one through. `.ci/run` installs pre-commit from PyPI; where it is
//! missing the test says so and does nothing else.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a tool for people: it prints

use std::path::Path;
use std::process::Command;

fn run(dir: &Path, program: &str, args: &[&str]) -> std::process::Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "EDI lead")
        .env("GIT_AUTHOR_EMAIL", "edi@example.org")
        .env("GIT_COMMITTER_NAME", "EDI lead")
        .env("GIT_COMMITTER_EMAIL", "edi@example.org")
        .env("PRE_COMMIT_HOME", dir.join(".pre-commit-cache"))
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"))
}

#[test]
fn a_defective_workbook_is_blocked_and_a_clean_one_committed() {
    if Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED: the `pre-commit` tool is not installed (pip install pre-commit); .ci/run installs it");
        return;
    }
    let binary = env!("CARGO_BIN_EXE_wreslint");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    assert!(run(repo, "git", &["init", "-q"]).status.success());
    std::fs::write(
        repo.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: local\n    hooks:\n      - id: wreslint\n        name: wreslint\n        \
             entry: {binary} check\n        language: system\n        files: '(?i)\\.(xlsx|xlsm|xlsb|xls|ods)$'\n"
        ),
    )
    .unwrap();
    let installed = run(repo, "pre-commit", &["install"]);
    assert!(
        installed.status.success(),
        "{}",
        String::from_utf8_lossy(&installed.stderr)
    );
    run(repo, "git", &["add", ".pre-commit-config.yaml"]);
    assert!(run(repo, "git", &["commit", "-q", "-m", "hook config"])
        .status
        .success());

    std::fs::copy(samples.join("draft-plan.xlsx"), repo.join("draft.xlsx")).unwrap();
    run(repo, "git", &["add", "draft.xlsx"]);
    let blocked = run(repo, "git", &["commit", "-m", "draft plan"]);
    let said = String::from_utf8_lossy(&blocked.stdout).into_owned()
        + &String::from_utf8_lossy(&blocked.stderr);
    assert!(
        !blocked.status.success(),
        "a defective plan was committed: {said}"
    );
    assert!(said.contains("action-missing-deadline"), "{said}");

    run(repo, "git", &["rm", "-q", "--cached", "draft.xlsx"]);
    std::fs::remove_file(repo.join("draft.xlsx")).unwrap();
    std::fs::copy(samples.join("clean-plan.xlsx"), repo.join("clean.xlsx")).unwrap();
    run(repo, "git", &["add", "clean.xlsx"]);
    let accepted = run(repo, "git", &["commit", "-m", "clean plan"]);
    let said = String::from_utf8_lossy(&accepted.stdout).into_owned()
        + &String::from_utf8_lossy(&accepted.stderr);
    assert!(
        accepted.status.success(),
        "a clean plan was refused: {said}"
    );
}
