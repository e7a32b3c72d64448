//! Hostile files through the binary: each is linted in one invocation with a
//! good workbook after it. For every one the process must end by itself
//! (no panic, no abort, no signal) within a time bound, under a 1 GiB
//! address-space limit, report the hostile file on one line naming the
//! cause, and still lint the good workbook.
//!
//! The files are generated here, part by part, so each hostility is
//! explicit: truncated and corrupted zips, declared and real extents of the
//! whole grid, deflate and overlapping-entry zip bombs, XML entity bombs,
//! invalid UTF-8, deep nesting, an empty file, a directory with a workbook's
//! name, an unreadable file and a compound file that is not a workbook.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a tool for people: it prints
#![cfg(unix)]

use std::io::{Cursor, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The address space each child may use. A debug build lints every good
/// workbook here in well under 200 MiB; anything that tries to allocate
/// what a hostile file claims fails against this limit and aborts, which
/// the tests see as a signal.
const MEMORY_LIMIT: u64 = 1024 * 1024 * 1024;
/// A hang detector, far above what any case takes in a debug build: the
/// 30 MB-cell case takes ~30 s of CPU, and passed 90 s at a load average
/// of 12 on two cores (several builds beside the tests).
const TIMEOUT: Duration = Duration::from_secs(300);

struct Run {
    code: i32,
    json: serde_json::Value,
    stderr: String,
    elapsed: Duration,
}

impl Run {
    /// The report of the file whose path ends with `name`.
    fn file(&self, name: &str) -> &serde_json::Value {
        self.json["files"]
            .as_array()
            .and_then(|files| {
                files
                    .iter()
                    .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(name)))
            })
            .unwrap_or_else(|| panic!("no report for {name} in {}", self.json))
    }
}

/// Runs `wreslint check --format json` with the memory limit and a timeout,
/// and checks what every run must: an exit code (no signal), JSON output,
/// every error on one line.
fn check(args: &[&str], paths: &[&Path]) -> Run {
    check_as(args, paths, None)
}

/// [`check`], run as the user with id `uid` when given (needs root).
fn check_as(args: &[&str], paths: &[&Path], uid: Option<u32>) -> Run {
    let mut command = Command::cargo_bin("wreslint").unwrap();
    command
        .args(["check", "--format", "json", "--color", "never"])
        .args(args)
        .args(paths)
        // Fewer malloc arenas: each reserves 64 MiB of address space.
        .env("MALLOC_ARENA_MAX", "2")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe and touches no shared state.
    unsafe {
        command.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: MEMORY_LIMIT,
                rlim_max: MEMORY_LIMIT,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            if let Some(uid) = uid {
                if libc::setgroups(0, std::ptr::null()) != 0
                    || libc::setgid(uid) != 0
                    || libc::setuid(uid) != 0
                {
                    return Err(std::io::Error::last_os_error());
                }
            }
            Ok(())
        });
    }
    let started = Instant::now();
    let mut child = command.spawn().unwrap();
    // Drain the pipes on threads so a large report cannot block the child.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut v).unwrap();
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut v).unwrap();
        v
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{paths:?}: no answer within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = started.elapsed();
    let stdout = out.join().unwrap();
    let stderr = String::from_utf8_lossy(&err.join().unwrap()).into_owned();
    let code = status.code().unwrap_or_else(|| {
        panic!(
            "{paths:?}: killed by signal {:?} (abort, crash or out of memory); stderr: {stderr}",
            status.signal()
        )
    });
    let json: serde_json::Value = serde_json::from_slice(&stdout).unwrap_or_else(|e| {
        panic!(
            "{paths:?}: exit {code}, output is not JSON ({e}); stderr: {stderr}; stdout: {}",
            String::from_utf8_lossy(&stdout)
        )
    });
    for file in json["files"].as_array().unwrap() {
        if let Some(error) = file["error"].as_str() {
            assert!(
                !error.is_empty() && !error.contains('\n') && error.chars().count() < 300,
                "error is not one short line: {error:?}"
            );
        }
    }
    Run {
        code,
        json,
        stderr,
        elapsed,
    }
}

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// A directory holding a copy of a clean sample plan, `good.xlsx`.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        samples().join("clean-plan.xlsx"),
        dir.path().join("good.xlsx"),
    )
    .unwrap();
    dir
}

/// Lints `bytes` saved as `name`, then the good plan, in one invocation.
/// The hostile file must be refused with an error containing every one of
/// `cause`, the good one linted, and the exit code must be 2.
fn refused(name: &str, bytes: &[u8], cause: &[&str]) -> Run {
    let dir = workspace();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let run = check(&["--jobs", "1"], &[&path, &dir.path().join("good.xlsx")]);
    let report = run.file(name);
    let error = report["error"].as_str().unwrap_or("");
    assert_eq!(
        report["status"], "error",
        "{name}: expected a one-line error, got {report}"
    );
    for word in cause {
        assert!(
            error.contains(word),
            "{name}: error {error:?} does not name the cause ({word:?})"
        );
    }
    assert_eq!(
        run.file("good.xlsx")["status"],
        "linted",
        "{name}: the batch did not go on"
    );
    assert_eq!(run.code, 2, "{name}: exit code");
    eprintln!("{name}: refused in {:?}: {error}", run.elapsed);
    run
}

/// Lints `bytes` saved as `name`, then the good plan: both must lint.
fn accepted(name: &str, bytes: &[u8]) -> Run {
    let dir = workspace();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let run = check(&["--jobs", "1"], &[&path, &dir.path().join("good.xlsx")]);
    assert_eq!(run.file(name)["status"], "linted", "{name}: {}", run.json);
    assert_eq!(run.file("good.xlsx")["status"], "linted");
    assert_ne!(run.code, 2, "{name}: exit code; stderr {}", run.stderr);
    eprintln!("{name}: linted in {:?}", run.elapsed);
    run
}

// ---------------------------------------------------------------------------
// Building packages part by part
// ---------------------------------------------------------------------------

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const OFFICE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

fn zip_parts(parts: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in parts {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// The parts of a one-sheet xlsx ("Plan") whose worksheet XML is `sheet`,
/// with `extra` parts (a shared-string table) added.
fn xlsx_parts(sheet: Vec<u8>, extra: &[(&str, Vec<u8>)]) -> Vec<(String, Vec<u8>)> {
    let mut parts = vec![
        (
            "[Content_Types].xml".to_owned(),
            br#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#
                .to_vec(),
        ),
        (
            "_rels/.rels".to_owned(),
            format!(r#"<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#).into_bytes(),
        ),
        (
            "xl/workbook.xml".to_owned(),
            format!(r#"<workbook xmlns="{MAIN_NS}" xmlns:r="{OFFICE}"><sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>"#).into_bytes(),
        ),
        (
            "xl/_rels/workbook.xml.rels".to_owned(),
            format!(r#"<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{OFFICE}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#).into_bytes(),
        ),
        ("xl/worksheets/sheet1.xml".to_owned(), sheet),
    ];
    parts.extend(extra.iter().cloned().map(|(n, b)| (n.to_owned(), b)));
    parts
}

fn xlsx(sheet: Vec<u8>, extra: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let parts = xlsx_parts(sheet, extra);
    let parts: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    zip_parts(&parts, CompressionMethod::Deflated)
}

/// A worksheet part: `prolog` before the root element (a DOCTYPE), then
/// `sheet_data` inside `<sheetData>`.
fn worksheet(prolog: &str, sheet_data: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}<worksheet xmlns="{MAIN_NS}"><sheetData>{sheet_data}</sheetData></worksheet>"#
    )
    .into_bytes()
}

/// A billion-laughs DOCTYPE: `&lol9;` would expand to 10⁹ "lol"s (3 GB).
fn laughs() -> String {
    let mut dtd = String::from(r#"<!DOCTYPE lolz [<!ENTITY lol0 "lol">"#);
    for level in 1..10 {
        let previous = format!("&lol{};", level - 1).repeat(10);
        dtd.push_str(&format!(r#"<!ENTITY lol{level} "{previous}">"#));
    }
    dtd.push_str("]>");
    dtd
}

/// The bitwise CRC-32 zip uses (speed does not matter here).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

/// A zip written by hand: the given stored entries, then `aliases` more
/// central-directory entries all pointing at the last entry's data (the
/// overlapping-file bomb: every alias inflates the same bytes again).
fn overlapping_zip(entries: &[(String, Vec<u8>)], aliases: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let mut count = 0u16;
    let mut record = |central: &mut Vec<u8>, name: &str, data: &[u8], crc: u32, offset: u32| {
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&(data.len() as u32).to_le_bytes());
        central.extend_from_slice(&(data.len() as u32).to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
        count += 1;
    };
    let (mut last, mut last_crc) = (0u32, 0u32);
    for (name, data) in entries {
        last = out.len() as u32;
        last_crc = crc32(data);
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend_from_slice(&last_crc.to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        record(&mut central, name, data, last_crc, last);
    }
    let (_, data) = entries.last().unwrap();
    for i in 0..aliases {
        let name = format!("xl/media/alias{i}.bin");
        record(&mut central, &name, data, last_crc, last);
    }
    let start = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// Pseudo-random bytes (xorshift), which deflate cannot shrink.
fn noise(len: usize) -> Vec<u8> {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

/// An OLE compound file (512-byte sectors) holding one 4 KiB stream called
/// `WordDocument`: the container of a .doc, not of a workbook.
fn compound_file_without_workbook() -> Vec<u8> {
    const END: u32 = 0xFFFF_FFFE;
    const FREE: u32 = 0xFFFF_FFFF;
    const NONE: u32 = 0xFFFF_FFFF;
    let sector = 512;
    let stream_sectors = 8u32;
    let mut header = Vec::with_capacity(sector);
    header.extend_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    header.extend_from_slice(&[0; 16]); // CLSID
    header.extend_from_slice(&0x003Eu16.to_le_bytes()); // minor version
    header.extend_from_slice(&3u16.to_le_bytes()); // major version 3
    header.extend_from_slice(&0xFFFEu16.to_le_bytes()); // byte order
    header.extend_from_slice(&9u16.to_le_bytes()); // 512-byte sectors
    header.extend_from_slice(&6u16.to_le_bytes()); // 64-byte mini sectors
    header.extend_from_slice(&[0; 6]);
    header.extend_from_slice(&0u32.to_le_bytes()); // directory sectors (v3: 0)
    header.extend_from_slice(&1u32.to_le_bytes()); // FAT sectors
    header.extend_from_slice(&1u32.to_le_bytes()); // first directory sector
    header.extend_from_slice(&0u32.to_le_bytes()); // transaction
    header.extend_from_slice(&4096u32.to_le_bytes()); // mini stream cutoff
    header.extend_from_slice(&END.to_le_bytes()); // first mini FAT sector
    header.extend_from_slice(&0u32.to_le_bytes());
    header.extend_from_slice(&END.to_le_bytes()); // first DIFAT sector
    header.extend_from_slice(&0u32.to_le_bytes());
    header.extend_from_slice(&0u32.to_le_bytes()); // DIFAT[0]: the FAT is sector 0
    while header.len() < sector {
        header.extend_from_slice(&FREE.to_le_bytes());
    }
    // Sector 0: the FAT. 0 is the FAT itself, 1 the directory, 2.. the stream.
    let mut fat = vec![0xFFFF_FFFDu32, END];
    for i in 0..stream_sectors {
        fat.push(if i + 1 == stream_sectors { END } else { 3 + i });
    }
    fat.resize(sector / 4, FREE);
    // Sector 1: the directory, four 128-byte entries.
    let entry = |name: &str, kind: u8, child: u32, start: u32, size: u32| {
        let mut e = Vec::with_capacity(128);
        let utf16: Vec<u16> = name.encode_utf16().chain([0]).collect();
        for unit in &utf16 {
            e.extend_from_slice(&unit.to_le_bytes());
        }
        e.resize(64, 0);
        e.extend_from_slice(&((utf16.len() * 2) as u16).to_le_bytes());
        e.push(kind);
        e.push(1); // black
        e.extend_from_slice(&NONE.to_le_bytes()); // left
        e.extend_from_slice(&NONE.to_le_bytes()); // right
        e.extend_from_slice(&child.to_le_bytes());
        e.extend_from_slice(&[0; 16 + 4 + 16]); // CLSID, state bits, times
        e.extend_from_slice(&start.to_le_bytes());
        e.extend_from_slice(&size.to_le_bytes());
        e.extend_from_slice(&0u32.to_le_bytes());
        assert_eq!(e.len(), 128);
        e
    };
    let mut out = header;
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    out.extend(entry("Root Entry", 5, 1, END, 0));
    out.extend(entry("WordDocument", 2, NONE, 2, stream_sectors * 512));
    out.extend(entry("", 0, NONE, 0, 0));
    out.extend(entry("", 0, NONE, 0, 0));
    out.extend(noise(stream_sectors as usize * sector));
    out
}

fn clean_plan() -> Vec<u8> {
    std::fs::read(samples().join("clean-plan.xlsx")).unwrap()
}

// ---------------------------------------------------------------------------
// The cases
// ---------------------------------------------------------------------------

#[test]
fn truncated_and_damaged_zips() {
    let whole = clean_plan();
    let n = whole.len();
    for (label, cut) in [
        ("tenth", n / 10),
        ("half", n / 2),
        ("most", n * 9 / 10),
        ("all-but-one-byte", n - 1),
    ] {
        refused(
            &format!("truncated-{label}.xlsx"),
            &whole[..cut],
            &["corrupt"],
        );
    }
    // The central directory intact, the compressed data in the middle zeroed.
    let mut damaged = whole.clone();
    damaged[n / 3..n / 3 + 2000].fill(0);
    refused("zeroed-middle.xlsx", &damaged, &["corrupt"]);
}

#[test]
fn a_declared_whole_grid_is_read_by_its_cells() {
    // The <dimension> claims A1:XFD1048576; two cells are used.
    let sheet = format!(
        r#"<worksheet xmlns="{MAIN_NS}"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B2"><v>2</v></c></row></sheetData></worksheet>"#
    );
    let run = accepted("dimension-claims-xfd.xlsx", &xlsx(sheet.into_bytes(), &[]));
    assert!(run.elapsed < Duration::from_secs(30));
}

/// Issue 19: a sparse sheet was refused as if dense. Two cells, at A1 and
/// XFD1048576, are two cells: linted and annotated within the memory limit.
#[test]
fn a_cell_in_the_last_corner_is_linted_and_annotated() {
    let sheet = worksheet(
        "",
        r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>"#,
    );
    let run = accepted("cell-at-xfd1048576.xlsx", &xlsx(sheet, &[]));
    assert!(run.elapsed < Duration::from_secs(30));
    // A whole package, as Excel would write it, for the annotator.
    let dir = workspace();
    let path = dir.path().join("corner.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "Owner").unwrap();
    ws.write_string(1_048_575, 16_383, "TBC").unwrap();
    book.save(&path).unwrap();
    let run = check(&["--annotate"], &[&path]);
    assert_eq!(run.file("corner.xlsx")["status"], "linted");
    assert!(
        dir.path().join("corner.wreslint.xlsx").is_file(),
        "{}",
        run.stderr
    );
}

#[test]
fn zip_bombs() {
    // Deflate bomb: 16 MiB of one byte in a few kilobytes.
    let sheet = worksheet("", r#"<row r="1"><c r="A1"><v>1</v></c></row>"#);
    let mut padded = sheet.clone();
    padded.splice(
        padded.len() - "</worksheet>".len()..padded.len() - "</worksheet>".len(),
        std::iter::repeat_n(b' ', 16 * 1024 * 1024),
    );
    let bomb = xlsx(padded, &[]);
    assert!(bomb.len() < 100_000, "{}", bomb.len());
    refused(
        "deflate-bomb.xlsx",
        &bomb,
        &["too large", "compression ratio"],
    );

    // Overlapping entries: 3 000 central-directory entries share one 1 MiB
    // stored part, 3 GiB to inflate from a 1.2 MiB file, no entry compressed.
    let mut parts = xlsx_parts(sheet, &[]);
    parts.push(("xl/media/image1.bin".to_owned(), noise(1024 * 1024)));
    let bomb = overlapping_zip(&parts, 3000);
    assert!(bomb.len() < 2 * 1024 * 1024);
    refused(
        "overlapping-bomb.xlsx",
        &bomb,
        &["too large", "decompressed size"],
    );
}

#[test]
fn entity_bombs_in_the_sheet_and_the_shared_strings() {
    // Entities are not expanded: the file lints with the reference left as
    // it is, or is refused as corrupt; never 3 GB of "lol".
    let sheet = worksheet(
        &laughs(),
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>"#,
    );
    run_either("laughs-in-sheet.xlsx", &xlsx(sheet, &[]));
    let sheet = worksheet("", r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#);
    let sst = format!(
        r#"<?xml version="1.0"?>{}<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>"#,
        laughs()
    );
    run_either(
        "laughs-in-shared-strings.xlsx",
        &xlsx(sheet, &[("xl/sharedStrings.xml", sst.into_bytes())]),
    );
}

#[test]
fn invalid_utf8_in_xml() {
    let bad = b"\xff\xfe\xc3\x28 bad";
    let mut sst =
        format!(r#"<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>"#).into_bytes();
    sst.extend_from_slice(bad);
    sst.extend_from_slice(b"</t></si></sst>");
    let sheet = worksheet("", r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#);
    run_either(
        "invalid-utf8-shared-string.xlsx",
        &xlsx(sheet, &[("xl/sharedStrings.xml", sst)]),
    );

    let mut sheet = worksheet(
        "",
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>X</t></is></c></row>"#,
    );
    let at = sheet.windows(1).position(|w| w == b"X").unwrap();
    sheet.splice(at..at + 1, bad.iter().copied());
    run_either("invalid-utf8-inline.xlsx", &xlsx(sheet, &[]));
}

/// The parts of a one-sheet xlsx, stored: deep nesting compresses too well
/// for the ratio guard, which would refuse it before the XML is read.
fn stored_xlsx(sheet: Vec<u8>) -> Vec<u8> {
    let parts = xlsx_parts(sheet, &[]);
    let parts: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    zip_parts(&parts, CompressionMethod::Stored)
}

/// A file that may lint (the bad bytes replaced) or be refused as corrupt.
fn run_either(name: &str, bytes: &[u8]) {
    let dir = workspace();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let run = check(&["--jobs", "1"], &[&path, &dir.path().join("good.xlsx")]);
    let report = run.file(name);
    match report["status"].as_str() {
        Some("linted") => assert_ne!(run.code, 2),
        Some("error") => {
            assert!(
                report["error"].as_str().unwrap().contains("corrupt"),
                "{report}"
            );
            assert_eq!(run.code, 2);
        }
        other => panic!("{name}: status {other:?}"),
    }
    assert_eq!(run.file("good.xlsx")["status"], "linted");
    eprintln!(
        "{name}: {} in {:?}: {}",
        report["status"], run.elapsed, report["error"]
    );
}

#[test]
fn deeply_nested_xml() {
    let depth = 100_000;
    // Unknown elements nested inside sheetData, and inside a rich string.
    let nested = format!(
        r#"<row r="1"><c r="A1"><v>1</v></c></row>{}{}"#,
        "<x>".repeat(depth),
        "</x>".repeat(depth)
    );
    run_either("deep-sheet.xlsx", &stored_xlsx(worksheet("", &nested)));
    let rich = format!(
        r#"<row r="1"><c r="A1" t="inlineStr"><is>{}<t>deep</t>{}</is></c></row>"#,
        "<r>".repeat(depth),
        "</r>".repeat(depth)
    );
    run_either("deep-rich-text.xlsx", &stored_xlsx(worksheet("", &rich)));
    // Unclosed: the document ends 100 000 levels down.
    run_either(
        "deep-unclosed.xlsx",
        &stored_xlsx(worksheet("", &"<row>".repeat(depth))),
    );
    // ods: spans nested in a paragraph.
    let content = format!(
        r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Plan"><table:table-row><table:table-cell office:value-type="string"><text:p>{}deep{}</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#,
        "<text:span>".repeat(depth),
        "</text:span>".repeat(depth)
    );
    let manifest = r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#;
    let ods = zip_parts(
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("META-INF/manifest.xml", manifest.as_bytes()),
            ("content.xml", content.as_bytes()),
        ],
        CompressionMethod::Stored,
    );
    run_either("deep-spans.ods", &ods);
}

#[test]
fn an_empty_file() {
    refused("empty.xlsx", b"", &["empty file (0 bytes)"]);
}

#[test]
fn a_compound_file_that_is_not_a_workbook() {
    let doc = compound_file_without_workbook();
    refused("word-document.xls", &doc, &["not a spreadsheet"]);
}

#[test]
fn a_directory_named_like_a_workbook_is_walked_not_read() {
    let dir = workspace();
    let fake = dir.path().join("x.xlsx");
    std::fs::create_dir(&fake).unwrap();
    std::fs::copy(samples().join("clean-plan.xlsx"), fake.join("inner.xlsx")).unwrap();
    // Named on the command line and found in a walk.
    for target in [fake.clone(), dir.path().to_path_buf()] {
        let run = check(&["--jobs", "1"], &[&target, &dir.path().join("good.xlsx")]);
        let files = run.json["files"].as_array().unwrap();
        assert!(
            files.iter().all(|f| f["status"] == "linted"),
            "{}",
            run.json
        );
        assert!(files
            .iter()
            .any(|f| f["path"].as_str().unwrap().ends_with("x.xlsx/inner.xlsx")));
        assert_ne!(run.code, 2, "{}", run.stderr);
    }
}

/// The user id of `nobody`, which root can switch to.
const NOBODY: u32 = 65534;

#[test]
fn a_file_without_read_permission() {
    let dir = workspace();
    let locked = dir.path().join("locked.xlsx");
    std::fs::write(&locked, clean_plan()).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let good = dir.path().join("good.xlsx");
    // Root (as in CI containers) reads a mode-000 file: for root it must
    // simply lint, and the refusal is checked as `nobody` instead.
    let root = std::fs::File::open(&locked).is_ok();
    let run = check(&["--jobs", "1"], &[&locked, &good]);
    let as_nobody = if root {
        eprintln!("locked.xlsx: root reads a mode-000 file: asserting it lints for root, and is refused for `nobody`");
        assert_eq!(run.file("locked.xlsx")["status"], "linted", "{}", run.json);
        assert_eq!(run.file("good.xlsx")["status"], "linted");
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        check_as(&["--jobs", "1"], &[&locked, &good], Some(NOBODY))
    } else {
        eprintln!("locked.xlsx: unreadable to this user: asserting a one-line error");
        run
    };
    let report = as_nobody.file("locked.xlsx");
    assert_eq!(report["status"], "error", "{report}");
    let error = report["error"].as_str().unwrap();
    assert!(
        error.starts_with("cannot read the file: ") && error.contains("ermission denied"),
        "{error}"
    );
    assert_eq!(as_nobody.file("good.xlsx")["status"], "linted");
    assert_eq!(as_nobody.code, 2);
    eprintln!("locked.xlsx: refused: {error}");
}

/// A sheet of `rows` × 10 numbers, stored uncompressed (cheap to write,
/// slow to lint in a debug build).
fn big_xlsx(rows: usize) -> Vec<u8> {
    let mut data = String::with_capacity(rows * 120);
    for r in 1..=rows {
        data.push_str(&format!(r#"<row r="{r}">"#));
        for c in 0..10 {
            data.push_str(&format!("<c><v>{}</v></c>", r * 10 + c));
        }
        data.push_str("</row>");
    }
    stored_xlsx(worksheet("", &data))
}

#[test]
fn a_file_over_the_time_budget_is_reported_and_the_batch_goes_on() {
    let dir = workspace();
    let big = dir.path().join("slow.xlsx");
    // 1.5 million cells: about five seconds to lint in a debug build (the
    // xlsx single pass loads 600 000 in two), while the good plan takes a
    // fraction of one; the budget sits between the two.
    std::fs::write(&big, big_xlsx(150_000)).unwrap();
    let budget = 3.0;
    let run = check(
        &["--jobs", "1", "--timeout-per-file", &budget.to_string()],
        &[&big, &dir.path().join("good.xlsx")],
    );
    let report = run.file("slow.xlsx");
    assert_eq!(report["status"], "error", "{report}");
    let error = report["error"].as_str().unwrap();
    assert!(
        error.starts_with("too slow:") && error.contains("3 s"),
        "{error}"
    );
    assert_eq!(run.file("good.xlsx")["status"], "linted");
    assert_eq!(run.code, 2);
    eprintln!("slow.xlsx: reported after {:?}: {error}", run.elapsed);
    let budgeted = run.elapsed;

    // Without a budget the same file lints: it is slow, not broken, and
    // takes longer than the budgeted batch did, so the batch did not wait
    // for the abandoned work.
    let run = check(&["--jobs", "1", "--timeout-per-file", "0"], &[&big]);
    assert_eq!(run.file("slow.xlsx")["status"], "linted");
    assert!(
        run.elapsed > Duration::from_secs_f64(budget) && run.elapsed > budgeted,
        "{:?} (budgeted batch: {budgeted:?})",
        run.elapsed
    );
    eprintln!("slow.xlsx: linted without a budget in {:?}", run.elapsed);
}

#[test]
fn limits_set_in_a_configuration_guard_the_workbooks_beneath_it() {
    let dir = workspace();
    let strict = dir.path().join("strict");
    std::fs::create_dir(&strict).unwrap();
    std::fs::write(
        strict.join(".wreslint.yaml"),
        "limits:\n  max_cells: 50\n  max_file_size: 1 MiB\n",
    )
    .unwrap();
    let copy = strict.join("plan.xlsx");
    std::fs::copy(dir.path().join("good.xlsx"), &copy).unwrap();
    let run = check(&["--jobs", "1"], &[&copy, &dir.path().join("good.xlsx")]);
    let report = run.file("strict/plan.xlsx");
    assert_eq!(report["status"], "error", "{report}");
    let error = report["error"].as_str().unwrap();
    assert!(
        error.contains("cells") && error.contains("50"),
        "the error names the guard and its limit: {error}"
    );
    // The same plan outside the folder keeps the default limits.
    assert_eq!(run.file("good.xlsx")["status"], "linted");
    assert_eq!(run.code, 2);
}

#[test]
fn a_bad_time_budget_is_a_usage_error() {
    for bad in ["-1", "NaN", "1e30"] {
        let output = Command::cargo_bin("wreslint")
            .unwrap()
            .args(["check", &format!("--timeout-per-file={bad}")])
            .arg(samples().join("clean-plan.xlsx"))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{bad}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("--timeout-per-file"), "{bad}: {stderr}");
    }
}

#[test]
fn a_file_that_crashes_calamine_is_contained() {
    // Found by the load_bytes fuzz target: calamine 0.38's xlsb reader
    // panics on it (a missing key in xlsb/mod.rs); the loader catches it.
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz-calamine-xlsb-panic.xlsb"),
    )
    .unwrap();
    refused(
        "calamine-panics.xlsb",
        &bytes,
        &["corrupt xlsb", "the reader crashed"],
    );
}

// ---------------------------------------------------------------------------
// Memory bounded by the file, not by the findings (issue 19, part 2)
// ---------------------------------------------------------------------------

/// An inline-string cell.
fn text_cell(r: usize, col: &str, text: &str) -> String {
    format!(r#"<c r="{col}{r}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>"#)
}

/// An action plan of `rows` actions, each with no owner, no measure and
/// only "Ongoing" as its deadline; `action` gives row r's action text.
fn hostile_plan(rows: usize, action: impl Fn(usize) -> String) -> Vec<u8> {
    let mut data = String::new();
    data.push_str(&format!(
        r#"<row r="1">{}</row><row r="3">{}{}{}{}{}</row>"#,
        text_cell(1, "A", "WRES Action Plan 2023-24"),
        text_cell(3, "A", "Ref"),
        text_cell(3, "B", "Action"),
        text_cell(3, "C", "Lead"),
        text_cell(3, "D", "Deadline"),
        text_cell(3, "E", "Measure of success"),
    ));
    for i in 0..rows {
        let r = i + 4;
        data.push_str(&format!(
            r#"<row r="{r}">{}{}{}</row>"#,
            text_cell(r, "A", &(i + 1).to_string()),
            text_cell(r, "B", &action(i)),
            text_cell(r, "D", "Ongoing"),
        ));
    }
    xlsx(worksheet("", &data), &[])
}

/// Findings per code on one sheet, from a run's JSON.
fn per_code(file: &serde_json::Value) -> std::collections::BTreeMap<String, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for d in file["diagnostics"].as_array().unwrap() {
        *counts
            .entry(d["code"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    counts
}

#[test]
fn findings_are_capped_per_rule_and_sheet_and_summarised() {
    let dir = workspace();
    let path = dir.path().join("many.xlsx");
    std::fs::write(&path, hostile_plan(3_000, |i| format!("Action number {i}"))).unwrap();
    let run = check(&[], &[&path]);
    let file = run.file("many.xlsx");
    assert_eq!(file["status"], "linted", "{file}");
    let counts = per_code(file);
    // Three thousand actions without an owner: a thousand, and one summary.
    assert_eq!(counts.get("OW002"), Some(&1_001), "{counts:?}");
    assert!(counts.values().all(|&n| n <= 1_001), "{counts:?}");
    let summary = file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "OW002" && d["message"].as_str().unwrap().starts_with('…'))
        .unwrap_or_else(|| panic!("no summary finding: {counts:?}"));
    assert_eq!(
        summary["message"], "… and 2,000 more of OW002 on Plan",
        "{summary}"
    );
    // A configuration may set a tighter cap.
    std::fs::write(
        dir.path().join(".wreslint.yaml"),
        "limits:\n  max_findings: 10\n",
    )
    .unwrap();
    let run = check(&[], &[&path]);
    let counts = per_code(run.file("many.xlsx"));
    assert_eq!(counts.get("OW002"), Some(&11), "{counts:?}");
}

#[test]
fn a_cell_past_excels_limit_is_reported_and_never_copied_whole() {
    let dir = workspace();
    let path = dir.path().join("huge-cell.xlsx");
    // 10 MB of text deflate cannot shrink (so the ratio guard lets it by),
    // in the action cell of a few actions with findings of their own.
    let text: String = noise(10 * 1024 * 1024)
        .into_iter()
        .map(|b| char::from(b'a' + b % 26))
        .collect();
    std::fs::write(&path, hostile_plan(3, |_| text.clone())).unwrap();
    // 30 MB of text takes a debug build ~30 s of CPU: no time budget, so a
    // loaded machine cannot turn this into a "too slow" (the budget has its
    // own tests).
    let run = check(&["--timeout-per-file", "0"], &[&path]);
    let file = run.file("huge-cell.xlsx");
    assert_eq!(file["status"], "linted", "{file}");
    let diagnostics = file["diagnostics"].as_array().unwrap();
    let too_long: Vec<_> = diagnostics
        .iter()
        .filter(|d| d["code"] == "TP006")
        .collect();
    assert_eq!(too_long.len(), 3, "{diagnostics:?}");
    assert!(too_long[0]["message"]
        .as_str()
        .unwrap()
        .contains("10485760 characters"));
    for d in diagnostics {
        let quoted = d["cell_text"].as_str().map_or(0, str::len);
        assert!(quoted <= 33 * 1024, "{} quotes {quoted} bytes", d["code"]);
        assert!(d["message"].as_str().unwrap().len() <= 2 * 1024 + 3);
    }
    eprintln!("huge-cell.xlsx: linted in {:?}", run.elapsed);
}

#[test]
fn jobs_are_clamped_to_the_work() {
    let dir = workspace();
    let started = Instant::now();
    let run = check(&["--jobs", "10000"], &[&dir.path().join("good.xlsx")]);
    assert_eq!(run.file("good.xlsx")["status"], "linted");
    // Ten thousand threads took 34 s to start; one file needs one.
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

/// Issue 19: a workbook with an Excel 4.0 (XLM) macro sheet was refused
/// whole ("Unrecognized sheet:type"). The other sheets are linted; the
/// macro sheet is one finding.
#[test]
fn a_macro_sheet_is_one_finding_and_the_other_sheets_are_linted() {
    let plan = hostile_plan(2, |i| format!("Action number {i}"));
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let mut archive = zip::ZipArchive::new(Cursor::new(plan)).unwrap();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        let name = entry.name().unwrap().into_owned();
        let bytes = match name.as_str() {
            "xl/workbook.xml" => String::from_utf8(bytes)
                .unwrap()
                .replace("</sheets>", r#"<sheet name="Macro1" sheetId="2" r:id="rId9"/></sheets>"#)
                .into_bytes(),
            "xl/_rels/workbook.xml.rels" => String::from_utf8(bytes)
                .unwrap()
                .replace(
                    "</Relationships>",
                    r#"<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/></Relationships>"#,
                )
                .into_bytes(),
            _ => bytes,
        };
        parts.push((name, bytes));
    }
    parts.push((
        "xl/macrosheets/sheet1.xml".to_owned(),
        format!(r#"<xm:macrosheet xmlns="{MAIN_NS}" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData><row r="1"><c r="A1" t="str"><f>EXEC("calc")</f><v>x</v></c></row></sheetData></xm:macrosheet>"#).into_bytes(),
    ));
    let parts: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let dir = workspace();
    let path = dir.path().join("macro.xlsx");
    std::fs::write(&path, zip_parts(&parts, CompressionMethod::Deflated)).unwrap();
    let run = check(&[], &[&path]);
    let file = run.file("macro.xlsx");
    assert_eq!(file["status"], "linted", "{file}");
    let counts = per_code(file);
    assert_eq!(counts.get("TP007"), Some(&1), "{counts:?}");
    // The plan's own findings are there: two actions without an owner.
    assert_eq!(counts.get("OW002"), Some(&2), "{counts:?}");
    let finding = file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "TP007")
        .unwrap();
    assert_eq!(finding["location"]["sheet"], "Macro1");
    assert!(finding["message"].as_str().unwrap().contains("XLM"));
}
