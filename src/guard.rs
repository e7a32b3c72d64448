//! Guards for the small files wreslint reads besides workbooks: the
//! configuration, rule packs and the accepted findings. Any of them may come from a
//! shared folder (a `.wreslint.yaml` is discovered beside the workbooks), so
//! each is treated as untrusted input: only a regular file is read (never a
//! FIFO, device or socket, which would hang or never end), its size is
//! capped, and a file that is not what it claims is refused without
//! showing what it holds. See docs/security.md.

use std::fs;
use std::io::Read;
use std::path::Path;

/// Largest configuration file read: a real one is a few KiB.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;
/// Largest rule pack read: the built-in ones are ~20 KiB.
pub const MAX_PACK_BYTES: u64 = 4 * 1024 * 1024;
/// Largest file of accepted findings read: ~150 bytes a finding, so some 400,000 findings.
pub const MAX_ACCEPTED_BYTES: u64 = 64 * 1024 * 1024;

/// Why a path is not a regular file, in words; `None` when it is one.
/// Symbolic links are followed (a link to a regular file is fine).
pub fn not_regular(metadata: &fs::Metadata) -> Option<&'static str> {
    let kind = metadata.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Reads a small text file: a regular file of at most `max` bytes, UTF-8.
/// The error is one line, without the path (the caller names the file).
pub fn read_text(path: &Path, max: u64) -> Result<String, String> {
    let metadata = fs::metadata(path).map_err(|e| e.to_string())?;
    if let Some(kind) = not_regular(&metadata) {
        return Err(format!("{kind}, not a regular file: refused"));
    }
    let too_large = |size: u64| {
        format!("{size} bytes, more than the {max} bytes such a file may have: refused")
    };
    if metadata.len() > max {
        return Err(too_large(metadata.len()));
    }
    let file = fs::File::open(path).map_err(|e| e.to_string())?;
    // Checked again on the open file: the path may have been swapped.
    let opened = file.metadata().map_err(|e| e.to_string())?;
    if let Some(kind) = not_regular(&opened) {
        return Err(format!("{kind}, not a regular file: refused"));
    }
    let mut bytes = Vec::new();
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text: refused".to_owned())
}

/// Checks YAML text before it is parsed for real, so that an error never
/// echoes a file that is not what it claims. `Err` with the one problem to
/// report, without the text, when the text is not a YAML mapping (a
/// password file, a key, any document a hostile configuration names) or
/// trips a YAML safety budget. A syntax error in a file named `.yaml` or
/// `.yml` passes, so the real parser can show it in place.
pub fn check_yaml(text: &str, path: &Path, what: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        return Ok(());
    }
    match serde_saphyr::from_str::<Shape>(text) {
        Ok(Shape::Mapping) => Ok(()),
        Ok(Shape::Other) => Err(not_a_mapping(what)),
        Err(e) => match budget_message(&e) {
            Some(message) => Err(message),
            None if is_yaml_name(path) => Ok(()),
            None => Err(not_a_mapping(what)),
        },
    }
}

fn is_yaml_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// The message for a YAML file that is not a mapping (contents not shown).
pub fn not_a_mapping(what: &str) -> String {
    format!(
        "this is not a YAML mapping, so it cannot be a {what}; its contents are not shown \
         (a {what} starts with keys such as `{}:`)",
        if what.contains("pack") {
            "rules"
        } else {
            "select"
        }
    )
}

/// The top-level shape of a YAML document.
enum Shape {
    Mapping,
    Other,
}

impl<'de> serde::Deserialize<'de> for Shape {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Shape, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Shape;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Shape, A::Error> {
                use serde::de::IgnoredAny;
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Shape::Mapping)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Shape, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Shape::Other)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
            fn visit_str<E>(self, _: &str) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
            fn visit_unit<E>(self) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
            fn visit_none<E>(self) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// A YAML safety budget that tripped, said plainly: which limit, and what
/// to do. `None` for any other error.
pub fn budget_message(err: &serde_saphyr::Error) -> Option<String> {
    use serde_saphyr::budget::BudgetBreach;
    let mut err = err;
    while let serde_saphyr::Error::WithSnippet { error, .. } = err {
        err = error;
    }
    let serde_saphyr::Error::Budget { breach, .. } = err else {
        return None;
    };
    let limits = serde_saphyr::Budget::default();
    let what = match breach {
        BudgetBreach::Nodes { .. } => format!(
            "more than {} YAML nodes (values, lists and mappings)",
            limits.max_nodes
        ),
        BudgetBreach::Events { .. } => {
            format!("more than {} YAML parser events", limits.max_events)
        }
        BudgetBreach::Depth { .. } => format!(
            "lists or mappings nested more than {} deep",
            limits.max_depth
        ),
        BudgetBreach::Aliases { .. } | BudgetBreach::Anchors { .. } => format!(
            "more than {} anchors or aliases (`&name`, `*name`), or aliases out of proportion to them",
            limits.max_aliases
        ),
        other => format!("more YAML than wreslint reads in one file ({other:?})"),
    };
    Some(format!(
        "the file has {what}, past the safety limit for a configuration or rule pack; \
         this is not a file wreslint can read: shorten it, split a large pack into several, \
         or expand repeated anchors"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_mappings_are_shown() {
        let shown = |text: &str, path: &str| check_yaml(text, Path::new(path), "configuration");
        assert!(shown("select: [ALL]\n", "/etc/passwd").is_ok());
        assert!(shown("", "/etc/passwd").is_ok());
        let err = shown("root:x:0:0:root:/root:/bin/bash\n", "/etc/passwd").unwrap_err();
        assert!(!err.contains("root"), "{err}");
        assert!(shown("- a\n- b\n", "x.yaml").is_err());
        let err = shown("[default]\naws_key = secret\n", "credentials").unwrap_err();
        assert!(!err.contains("secret"), "{err}");
        assert!(shown("select: [ALL\n", "x.yaml").is_ok());
    }

    #[test]
    fn the_node_budget_is_said_plainly() {
        let text = format!("x: [{}]\n", "1,".repeat(300_000));
        let err = serde_saphyr::from_str::<serde::de::IgnoredAny>(&text).unwrap_err();
        let message = budget_message(&err).expect("a budget error");
        assert!(message.contains("250000 YAML nodes"), "{message}");
        assert!(!message.contains("budget breached"), "{message}");
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_fifos_are_refused_and_size_is_capped() {
        let err = read_text(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(err.contains("a device"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.yaml");
        fs::write(&big, "x".repeat(2048)).unwrap();
        let err = read_text(&big, 1024).unwrap_err();
        assert!(err.contains("2048 bytes"), "{err}");
        assert_eq!(read_text(&big, 4096).unwrap().len(), 2048);
    }
}
