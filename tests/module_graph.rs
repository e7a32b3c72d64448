//! The graph of the crate's top-level modules has no cycle: data flows one
//! way (docs/design.md, "Module graph"). Run it alone with
//!
//! ```text
//! cargo test --test module_graph -- --nocapture
//! ```
//!
//! which also prints the modules in layers, each using only those above it.
//!
//! A module "uses" another when its code (outside comments, string literals
//! and `#[cfg(test)]` items) names a `crate::other` path, in a `use` or
//! inline. Tests may reach anywhere; only the shipped code is held to the
//! order.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a tool for people: it prints

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Edges allowed against the order, each with its reason. Keep it empty if
/// at all possible: an edge listed here is a cycle the compiler accepts and
/// the design does not.
const EXCEPTIONS: &[(&str, &str, &str)] = &[];

/// Modules every layer may use: the command line sits on top of all, and
/// nothing uses it.
const TOP: &[&str] = &["cli"];

#[test]
fn top_level_modules_form_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = module_graph(&src);
    let allowed: BTreeSet<(&str, &str)> = EXCEPTIONS.iter().map(|(a, b, _)| (*a, *b)).collect();
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (from, tos) in &graph {
        let entry = edges.entry(from.as_str()).or_default();
        for to in tos {
            if !allowed.contains(&(from.as_str(), to.as_str())) {
                entry.insert(to.as_str());
            }
        }
    }
    for top in TOP {
        for (from, tos) in &edges {
            assert!(
                !tos.contains(top),
                "`{from}` uses `{top}`, which only the binary may use"
            );
        }
    }
    println!("Module graph (each module -> the modules it uses):");
    for (from, tos) in &edges {
        println!(
            "  {from} -> {}",
            tos.iter().copied().collect::<Vec<_>>().join(" ")
        );
    }
    match layers(&edges) {
        Ok(layers) => {
            println!("Module layers (each uses only modules in layers above it):");
            for (i, layer) in layers.iter().enumerate() {
                println!("  {i}: {}", layer.join(", "));
            }
        }
        Err(cycle) => panic!(
            "the module graph has a cycle: {}\n(see docs/design.md, \"Module graph\")",
            cycle.join(" -> ")
        ),
    }
}

/// The modules in layers: layer 0 uses nothing of the crate, layer n only
/// modules of lower layers. A cycle is returned as its path instead.
fn layers<'a>(
    edges: &BTreeMap<&'a str, BTreeSet<&'a str>>,
) -> Result<Vec<Vec<&'a str>>, Vec<&'a str>> {
    let mut placed: BTreeMap<&str, usize> = BTreeMap::new();
    let mut layers: Vec<Vec<&str>> = Vec::new();
    loop {
        let ready: Vec<&str> = edges
            .iter()
            .filter(|(m, tos)| {
                !placed.contains_key(*m)
                    && tos
                        .iter()
                        .all(|t| placed.contains_key(t) || !edges.contains_key(t))
            })
            .map(|(m, _)| *m)
            .collect();
        if ready.is_empty() {
            break;
        }
        for m in &ready {
            placed.insert(m, layers.len());
        }
        layers.push(ready);
    }
    if placed.len() == edges.len() {
        return Ok(layers);
    }
    // Walk the unplaced modules until one repeats: that is a cycle.
    let mut path: Vec<&str> = Vec::new();
    let mut at = *edges.keys().find(|m| !placed.contains_key(*m)).unwrap();
    loop {
        if let Some(i) = path.iter().position(|m| *m == at) {
            let mut cycle = path[i..].to_vec();
            cycle.push(at);
            return Err(cycle);
        }
        path.push(at);
        at = edges[at]
            .iter()
            .find(|t| edges.contains_key(*t) && !placed.contains_key(*t))
            .unwrap();
    }
}

/// Top-level module → the top-level modules its shipped code names.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(src) {
        let relative = file.strip_prefix(src).unwrap();
        let first = relative.components().next().unwrap();
        let module = first
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        if matches!(module.as_str(), "lib" | "main" | "watch") {
            continue; // the crate root and the binary's own modules
        }
        let uses = graph.entry(module.clone()).or_default();
        if is_test_file(&file) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for used in crate_paths(&shipped_code(&text)) {
            if used != module {
                uses.insert(used);
            }
        }
    }
    graph
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// A file that is a test module by name (`tests.rs`, `tests/…`), included
/// under `#[cfg(test)]` by its parent.
fn is_test_file(file: &Path) -> bool {
    file.components().any(|c| c.as_os_str() == "tests")
        || file.file_stem().is_some_and(|s| s == "tests")
}

/// The code without comments, string and char literals, and items under
/// `#[cfg(test)]` (a `mod tests { … }` block or a single item).
fn shipped_code(text: &str) -> String {
    let code = strip_comments_and_strings(text);
    let mut out = String::with_capacity(code.len());
    let mut rest = code.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        rest = skip_item(&rest[at + "#[cfg(test)]".len()..]);
    }
    out.push_str(rest);
    out
}

/// After an attribute: skip the item it is on (to its `;` or its balanced
/// `{ … }`, whichever comes first).
fn skip_item(text: &str) -> &str {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &text[i + 1..];
                }
            }
            ';' if depth == 0 => return &text[i + 1..],
            _ => {}
        }
    }
    ""
}

fn strip_comments_and_strings(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |e| e + 2);
        } else if let Some(len) = raw_string_len(rest) {
            out.push_str("\"\"");
            i += len;
        } else if rest.starts_with('"') {
            let mut j = 1;
            while j < rest.len() {
                match rest.as_bytes()[j] {
                    b'\\' => j += 2,
                    b'"' => break,
                    _ => j += 1,
                }
            }
            out.push_str("\"\"");
            i += (j + 1).min(rest.len());
        } else if let Some(len) = char_literal_len(rest) {
            out.push_str("' '");
            i += len;
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// `r"…"`, `r#"…"#`, `br"…"`: its length, when `text` starts with one.
fn raw_string_len(text: &str) -> Option<usize> {
    let after_b = text.strip_prefix('b').unwrap_or(text);
    let after_r = after_b.strip_prefix('r')?;
    let hashes = after_r.len() - after_r.trim_start_matches('#').len();
    let body = after_r[hashes..].strip_prefix('"')?;
    let close = format!("\"{}", "#".repeat(hashes));
    let end = body.find(&close)?;
    Some(text.len() - body.len() + end + close.len())
}

/// `'x'`, `'\n'`, `'\u{1F600}'` (not a lifetime `'a`).
fn char_literal_len(text: &str) -> Option<usize> {
    let body = text.strip_prefix('\'')?;
    let mut chars = body.char_indices();
    let (_, first) = chars.next()?;
    if first == '\\' {
        let end = body[1..].find('\'')?;
        return Some(end + 3);
    }
    let (i, next) = chars.next()?;
    (next == '\'').then_some(i + 2)
}

/// The top-level modules named after `crate::`, including each in a group
/// (`use crate::{a::X, b};`).
fn crate_paths(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        // `crate` as a whole word only (not `wreslint_crate::`).
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest_trimmed = rest.trim_start();
        if let Some(group) = rest_trimmed.strip_prefix('{') {
            let mut depth = 1;
            let mut item_start = true;
            let mut word = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => {
                        if !word.is_empty() {
                            found.insert(std::mem::take(&mut word));
                        }
                        item_start = true;
                        continue;
                    }
                    _ => {}
                }
                if depth == 1 && item_start {
                    if c.is_alphanumeric() || c == '_' {
                        word.push(c);
                        continue;
                    } else if !word.is_empty() {
                        found.insert(std::mem::take(&mut word));
                        item_start = false;
                    }
                }
            }
            if !word.is_empty() {
                found.insert(word);
            }
        } else {
            let word: String = rest_trimmed
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !word.is_empty() {
                found.insert(word);
            }
        }
    }
    found
}

/// The checker itself: it sees what it must and nothing else.
#[test]
fn the_checker_reads_paths_and_finds_cycles() {
    let code = r#"
use crate::a::X;
use crate::{b::Y, c, d::{e, f}};
// use crate::comment;
/// [`crate::doc`]
fn f() { let s = "crate::string"; crate::g::h(); other_crate::i(); }
#[cfg(test)]
mod tests { use crate::test_only; }
#[cfg(test)]
use crate::test_import;
"#;
    let found: Vec<String> = crate_paths(&shipped_code(code)).into_iter().collect();
    assert_eq!(found, ["a", "b", "c", "d", "g"]);

    let graph = |edges: &[(&'static str, &'static str)]| {
        let mut g: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (from, to) in edges {
            g.entry(from).or_default().insert(to);
            g.entry(to).or_default();
        }
        g
    };
    let acyclic = graph(&[("report", "lint"), ("lint", "model"), ("report", "model")]);
    assert_eq!(
        layers(&acyclic).unwrap(),
        vec![vec!["model"], vec!["lint"], vec!["report"]]
    );
    let cyclic = graph(&[
        ("config", "packs"),
        ("packs", "runner"),
        ("runner", "config"),
        ("cli", "config"),
    ]);
    let cycle = layers(&cyclic).unwrap_err();
    assert_eq!(cycle.first(), cycle.last());
    assert_eq!(cycle.len(), 4, "{cycle:?}");
}
