//! Where an annotated copy goes, and writing it so that the input is never
//! touched and an existing output is only ever replaced by a complete one.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use super::AnnotateError;
use crate::workbook::Format;

/// The annotated copy's path: `<stem>.wreslint.xlsx` beside the input, or
/// in `dir`. A macro-enabled input (`format` Xlsm, as in
/// [`super::Annotated::format`]) keeps its macros, so its copy is
/// `<stem>.wreslint.xlsm`: Excel refuses a macro-enabled package named `.xlsx`.
pub fn output_path(input: &Path, format: Format, dir: Option<&Path>) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "workbook".to_owned());
    let extension = if format == Format::Xlsm {
        "xlsm"
    } else {
        "xlsx"
    };
    let name = format!("{stem}.wreslint.{extension}");
    match dir {
        Some(dir) => dir.join(name),
        None => input.with_file_name(name),
    }
}

/// Writes `bytes` to `out` through a temporary file in the same folder and
/// a rename, so `out` is either its old self or the complete new file.
/// Refuses when `out` is the input: the same path, a link to it, or a hard
/// link of it.
pub fn write_atomically(bytes: &[u8], out: &Path, input: &Path) -> Result<(), AnnotateError> {
    let fail = |cause: String| AnnotateError::Write {
        file: out.to_path_buf(),
        cause,
    };
    if same_file(out, input) {
        return Err(AnnotateError::SameAsInput {
            file: out.to_path_buf(),
        });
    }
    replace_file(bytes, out).map_err(fail)
}

/// Writes `bytes` to `out` through a new temporary file in the same folder
/// (created exclusively, with a short unique name, never following a link
/// planted in its place) and a rename, so `out` is either its old self or
/// the complete new file. Refuses an `out` that is a folder, a FIFO, a
/// device or a socket. The error is one line, in plain words.
pub fn replace_file(bytes: &[u8], out: &Path) -> Result<(), String> {
    if let Ok(metadata) = fs::metadata(out) {
        if let Some(kind) = crate::guard::not_regular(&metadata) {
            return Err(if metadata.is_dir() {
                "a folder of that name exists".to_owned()
            } else {
                format!("it is {kind}, not a regular file: refused")
            });
        }
    }
    if out.file_name().is_none() {
        return Err("the path names no file".to_owned());
    }
    let folder = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(format!("the folder {} does not exist", folder.display()));
    }
    let (temp_path, mut temp) = create_temp(&folder).map_err(|e| describe(&e))?;
    let written = temp.write_all(bytes).and_then(|()| temp.sync_all());
    drop(temp);
    if let Err(e) = written {
        let _ = fs::remove_file(&temp_path);
        return Err(describe(&e));
    }
    if let Err(e) = fs::rename(&temp_path, out) {
        let _ = fs::remove_file(&temp_path);
        return Err(describe(&e));
    }
    // Make the rename itself durable where the platform allows.
    if let Ok(dir) = File::open(&folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A new temporary file in `folder`. Its name does not repeat the output's
/// (an output name of 255 bytes is legal, a longer temporary one is not):
/// `.wreslint-<pid>-<n>.tmp`, at most 37 bytes. `create_new` fails on any
/// existing entry, a planted link included.
fn create_temp(folder: &Path) -> io::Result<(PathBuf, File)> {
    let pid = std::process::id();
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = folder.join(format!(".wreslint-{pid}-{n}.tmp"));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < u32::MAX - 1 => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Do two paths name one file? Compares canonical paths (so links and
/// `..` are seen through) and, on Unix, device and inode (hard links).
fn same_file(out: &Path, input: &Path) -> bool {
    let canonical = |p: &Path| -> Option<PathBuf> {
        if let Ok(c) = fs::canonicalize(p) {
            return Some(c);
        }
        // A path that does not exist yet: canonicalise its folder.
        let parent = match p.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        Some(fs::canonicalize(parent).ok()?.join(p.file_name()?))
    };
    if let (Some(a), Some(b)) = (canonical(out), canonical(input)) {
        if a == b {
            return true;
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (fs::metadata(out), fs::metadata(input)) {
            return a.dev() == b.dev() && a.ino() == b.ino();
        }
    }
    false
}

/// An I/O error in plain words, without the `(os error N)` suffix.
fn describe(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => {
            "permission denied (is the folder read-only?)".to_owned()
        }
        io::ErrorKind::StorageFull => "no space left on the device".to_owned(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(cut) => text[..cut].to_owned(),
                None => text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_names_follow_the_input() {
        let p = output_path(Path::new("/data/plan.xlsx"), Format::Xlsx, None);
        assert_eq!(p, Path::new("/data/plan.wreslint.xlsx"));
        let p = output_path(Path::new("/data/macro.xlsm"), Format::Xlsm, None);
        assert_eq!(p, Path::new("/data/macro.wreslint.xlsm"));
        let p = output_path(
            Path::new("/data/old.xls"),
            Format::Xlsx,
            Some(Path::new("/out")),
        );
        assert_eq!(p, Path::new("/out/old.wreslint.xlsx"));
        let p = output_path(Path::new("PLAN"), Format::Xlsx, None);
        assert_eq!(p, Path::new("PLAN.wreslint.xlsx"));
    }

    #[test]
    fn writes_replace_and_refuse_the_input() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("plan.xlsx");
        fs::write(&input, b"input").unwrap();
        let out = dir.path().join("plan.wreslint.xlsx");
        write_atomically(b"first", &out, &input).unwrap();
        write_atomically(b"second", &out, &input).unwrap();
        assert_eq!(fs::read(&out).unwrap(), b"second");
        // No temporary files are left behind.
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");

        let err = write_atomically(b"x", &input, &input).unwrap_err();
        assert!(matches!(err, AnnotateError::SameAsInput { .. }));
        let dotted = dir.path().join(".").join("plan.xlsx");
        assert!(matches!(
            write_atomically(b"x", &dotted, &input).unwrap_err(),
            AnnotateError::SameAsInput { .. }
        ));
        #[cfg(unix)]
        {
            let hard = dir.path().join("hard.xlsx");
            fs::hard_link(&input, &hard).unwrap();
            assert!(matches!(
                write_atomically(b"x", &hard, &input).unwrap_err(),
                AnnotateError::SameAsInput { .. }
            ));
            let soft = dir.path().join("soft.xlsx");
            std::os::unix::fs::symlink(&input, &soft).unwrap();
            assert!(matches!(
                write_atomically(b"x", &soft, &input).unwrap_err(),
                AnnotateError::SameAsInput { .. }
            ));
        }
        assert_eq!(fs::read(&input).unwrap(), b"input");
        let msg = err.to_string();
        assert!(msg.contains("plan.xlsx") && !msg.contains('\n'), "{msg}");
    }

    #[test]
    fn a_missing_folder_is_one_line_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("plan.xlsx");
        fs::write(&input, b"input").unwrap();
        let out = dir.path().join("nope").join("plan.wreslint.xlsx");
        let msg = write_atomically(b"x", &out, &input)
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("plan.wreslint.xlsx") && msg.contains("does not exist"),
            "{msg}"
        );
    }
}
