//! docs/rules/ is generated from the rule registry; this test fails when it is
//! stale. Regenerate with `WRESLINT_UPDATE_DOCS=1 cargo test --test rule_docs`.

use std::path::PathBuf;

use wreslint::cli::rule_page;
use wreslint::registry::all_rules;

fn expected() -> Vec<(PathBuf, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let rules = all_rules(&[]);
    let mut index = String::from(
        "# Rules\n\nGenerated from the rule registry by `WRESLINT_UPDATE_DOCS=1 cargo test --test rule_docs`;\n\
         do not edit by hand. `wreslint rules` prints this list and `wreslint explain CODE` a page.\n\n\
         | Code | Name | Family | Default severity | Summary |\n|---|---|---|---|---|\n",
    );
    let mut pages = Vec::new();
    for rule in &rules {
        let m = rule.meta();
        index.push_str(&format!(
            "| {} | [{}]({}.md) | {} | {} | {} |\n",
            m.code, m.name, m.name, m.family, m.default_severity, m.summary
        ));
        let mut page = rule_page(&**rule);
        if !page.ends_with('\n') {
            page.push('\n');
        }
        pages.push((dir.join(format!("{}.md", m.name)), page));
    }
    pages.push((dir.join("README.md"), index));
    pages
}

#[test]
fn rule_docs_are_current() {
    let pages = expected();
    if std::env::var_os("WRESLINT_UPDATE_DOCS").is_some() {
        let dir = pages[0].0.parent().unwrap().to_path_buf();
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (path, text) in &pages {
            std::fs::write(path, text).unwrap();
        }
    }
    let mut stale = Vec::new();
    for (path, text) in &pages {
        if std::fs::read_to_string(path).ok().as_deref() != Some(text.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    let dir = pages[0].0.parent().unwrap();
    let on_disk = std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0);
    assert!(
        stale.is_empty() && on_disk == pages.len(),
        "docs/rules is stale ({} pages expected, {on_disk} on disk; differing: {stale:?}); \
         run `WRESLINT_UPDATE_DOCS=1 cargo test --test rule_docs`",
        pages.len()
    );
}
