//! Patching `styles.xml`: a few fonts and solid fills are appended, plus
//! one cell style per look of the generated sheets and one clone per
//! (existing style, severity) of the flagged cells — the clone keeps the
//! cell's number format, font, border and alignment and changes only its
//! fill. Nothing already there is renumbered or changed, except the
//! `count` attributes of the lists that grow.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Writer;

use super::summary_sheets::Look;
use super::xml::{attr, prefix_of, qualified, reader, with_attrs, xml_fail};
use super::{Fail, COVERED_FILL, ERROR_FILL, INFO_FILL, WARNING_FILL};
use crate::diagnostic::Severity;

/// Top-level children of a stylesheet in schema order.
const ORDER: [&str; 11] = [
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
];
/// The lists the patch appends to or, when missing, creates.
const LISTS: [&str; 5] = ["fonts", "fills", "borders", "cellStyleXfs", "cellXfs"];
const HEADER_FILL: &str = "D9D9D9";
const LINK_COLOUR: &str = "0563C1";
/// Font children kept when deriving the bold and link fonts from font 0.
const FONT_KEEP: [&str; 5] = ["sz", "name", "family", "charset", "scheme"];

/// One existing cell format: its start tag and raw children.
#[derive(Clone, Debug)]
struct Xf {
    start: String,
    inner: Option<String>,
}

#[derive(Debug)]
pub(crate) struct Styles {
    /// The original part; `None` when the package has none.
    original: Option<Vec<u8>>,
    part: String,
    prefix: String,
    /// Children each list already has.
    have: HashMap<&'static str, usize>,
    /// Lists present (possibly empty).
    present: Vec<&'static str>,
    /// Raw children of font 0 worth keeping.
    font0: Option<String>,
    xfs: Vec<Xf>,
    /// Clones in the order they were asked for.
    clones: Vec<(u32, Severity)>,
    clone_index: HashMap<(u32, Severity), u32>,
}

impl Styles {
    pub(crate) fn parse(original: Option<Vec<u8>>, part: &str) -> Result<Styles, Fail> {
        let mut styles = Styles {
            original: None,
            part: part.to_owned(),
            prefix: String::new(),
            have: HashMap::new(),
            present: Vec::new(),
            font0: None,
            xfs: Vec::new(),
            clones: Vec::new(),
            clone_index: HashMap::new(),
        };
        if let Some(bytes) = &original {
            styles.scan(bytes)?;
        }
        styles.original = original;
        Ok(styles)
    }

    fn scan(&mut self, bytes: &[u8]) -> Result<(), Fail> {
        let mut r = reader(bytes);
        let mut buf = Vec::new();
        let mut stack: Vec<String> = Vec::new();
        // Capture of the element being recorded: (list, depth, start, writer).
        let mut capture: Option<(&'static str, usize, String, Writer<Vec<u8>>)> = None;
        loop {
            let event = r
                .read_event_into(&mut buf)
                .map_err(|e| xml_fail(&self.part, e))?;
            let depth = stack.len();
            match &event {
                Event::Start(e) | Event::Empty(e) => {
                    let local = e.local_name().as_ref().to_owned();
                    if depth == 0 {
                        self.prefix = prefix_of(e.name().as_ref()).to_owned();
                    } else if depth == 1 {
                        if let Some(list) = LISTS.iter().find(|l| **l == local) {
                            self.present.push(list);
                            self.have.insert(list, 0);
                        }
                    } else if depth == 2 {
                        let parent = stack[1].as_str();
                        let child_of = |list: &str, child: &str| parent == list && local == child;
                        for (list, child) in [
                            ("fonts", "font"),
                            ("fills", "fill"),
                            ("borders", "border"),
                            ("cellStyleXfs", "xf"),
                            ("cellXfs", "xf"),
                        ] {
                            if child_of(list, child) {
                                let list = LISTS.iter().find(|l| **l == list).copied();
                                if let Some(list) = list {
                                    *self.have.entry(list).or_default() += 1;
                                    let record = list == "cellXfs"
                                        || (list == "fonts" && self.have[list] == 1);
                                    if record {
                                        if matches!(event, Event::Empty(_)) {
                                            self.record(list, e.to_string(), None);
                                        } else {
                                            capture = Some((
                                                list,
                                                depth,
                                                e.to_string(),
                                                Writer::new(Vec::new()),
                                            ));
                                        }
                                    }
                                }
                            }
                        }
                    } else if let Some((_, _, _, w)) = capture.as_mut() {
                        w.write_event(event.borrow())
                            .map_err(|e| xml_fail(&self.part, e))?;
                    }
                    if let Event::Start(_) = event {
                        stack.push(local);
                    }
                }
                Event::End(_) => {
                    stack.pop();
                    let done = capture
                        .as_ref()
                        .is_some_and(|(_, d, _, _)| *d == stack.len());
                    if done {
                        if let Some((list, _, start, w)) = capture.take() {
                            let inner = String::from_utf8_lossy(&w.into_inner()).into_owned();
                            self.record(list, start, Some(inner));
                        }
                    } else if let Some((_, _, _, w)) = capture.as_mut() {
                        w.write_event(event.borrow())
                            .map_err(|e| xml_fail(&self.part, e))?;
                    }
                }
                Event::Eof => break,
                other => {
                    if let Some((_, _, _, w)) = capture.as_mut() {
                        w.write_event(other.borrow())
                            .map_err(|e| xml_fail(&self.part, e))?;
                    }
                }
            }
            buf.clear();
        }
        Ok(())
    }

    fn record(&mut self, list: &str, start: String, inner: Option<String>) {
        if list == "fonts" {
            self.font0 = Some(keep_font_basics(inner.as_deref().unwrap_or("")));
        } else {
            self.xfs.push(Xf { start, inner });
        }
    }

    fn count(&self, list: &str) -> usize {
        self.have.get(list).copied().unwrap_or(0)
    }

    /// Defaults a list needs before anything is appended (Excel reserves
    /// fills 0 and 1; every other list needs an entry 0).
    fn defaults(&self, list: &str) -> Vec<String> {
        let p = &self.prefix;
        let have = self.count(list);
        match list {
            "fills" => [
                format!(
                    r#"<{f}><{pf} patternType="none"/></{f}>"#,
                    f = qualified(p, "fill"),
                    pf = qualified(p, "patternFill")
                ),
                format!(
                    r#"<{f}><{pf} patternType="gray125"/></{f}>"#,
                    f = qualified(p, "fill"),
                    pf = qualified(p, "patternFill")
                ),
            ]
            .into_iter()
            .skip(have)
            .collect(),
            _ if have > 0 => Vec::new(),
            "fonts" => vec![format!(
                "<{f}>{}</{f}>",
                self.font_base(),
                f = qualified(p, "font")
            )],
            "borders" => vec![format!(
                "<{b}><{l}/><{r}/><{t}/><{bo}/><{d}/></{b}>",
                b = qualified(p, "border"),
                l = qualified(p, "left"),
                r = qualified(p, "right"),
                t = qualified(p, "top"),
                bo = qualified(p, "bottom"),
                d = qualified(p, "diagonal")
            )],
            "cellStyleXfs" | "cellXfs" => vec![format!(
                r#"<{} numFmtId="0" fontId="0" fillId="0" borderId="0"/>"#,
                qualified(p, "xf")
            )],
            _ => Vec::new(),
        }
    }

    fn font_base(&self) -> String {
        let p = &self.prefix;
        match &self.font0 {
            Some(kept) if !kept.is_empty() => kept.clone(),
            _ => format!(
                r#"<{} val="11"/><{} val="Calibri"/><{} val="2"/>"#,
                qualified(p, "sz"),
                qualified(p, "name"),
                qualified(p, "family")
            ),
        }
    }

    /// Index of the first entry this patch appends to a list.
    fn first_added(&self, list: &str) -> usize {
        self.count(list) + self.defaults(list).len()
    }

    fn fill_id(&self, colour: &str) -> usize {
        let base = self.first_added("fills");
        base + [
            ERROR_FILL,
            WARNING_FILL,
            INFO_FILL,
            COVERED_FILL,
            HEADER_FILL,
        ]
        .iter()
        .position(|c| *c == colour)
        .unwrap_or(0)
    }

    fn severity_fill(&self, severity: Severity) -> usize {
        self.fill_id(match severity {
            Severity::Error => ERROR_FILL,
            Severity::Warning => WARNING_FILL,
            Severity::Info => INFO_FILL,
        })
    }

    /// The cell style of a look of the generated sheets.
    pub(crate) fn look(&self, look: Look) -> u32 {
        match Look::ADDED.iter().position(|l| *l == look) {
            Some(i) => (self.first_added("cellXfs") + i) as u32,
            None => 0,
        }
    }

    /// The cell style for a flagged cell whose style was `base`.
    pub(crate) fn flagged(&mut self, base: u32, severity: Severity) -> u32 {
        let base = if (base as usize) < self.xfs.len() {
            base
        } else {
            0
        };
        if let Some(&index) = self.clone_index.get(&(base, severity)) {
            return index;
        }
        let index = (self.first_added("cellXfs") + Look::ADDED.len() + self.clones.len()) as u32;
        self.clones.push((base, severity));
        self.clone_index.insert((base, severity), index);
        index
    }

    fn added(&self, list: &str) -> Vec<String> {
        let p = &self.prefix;
        let mut out = self.defaults(list);
        match list {
            "fonts" => {
                let base = self.font_base();
                let font = qualified(p, "font");
                out.push(format!("<{font}><{}/>{base}</{font}>", qualified(p, "b")));
                out.push(format!(
                    r#"<{font}><{}/>{base}<{} rgb="FF{LINK_COLOUR}"/></{font}>"#,
                    qualified(p, "u"),
                    qualified(p, "color")
                ));
            }
            "fills" => {
                for colour in [
                    ERROR_FILL,
                    WARNING_FILL,
                    INFO_FILL,
                    COVERED_FILL,
                    HEADER_FILL,
                ] {
                    out.push(format!(
                        r#"<{f}><{pf} patternType="solid"><{fg} rgb="FF{colour}"/><{bg} indexed="64"/></{pf}></{f}>"#,
                        f = qualified(p, "fill"),
                        pf = qualified(p, "patternFill"),
                        fg = qualified(p, "fgColor"),
                        bg = qualified(p, "bgColor"),
                    ));
                }
            }
            "cellXfs" => {
                let fonts = self.first_added("fonts");
                let (bold, link) = (fonts, fonts + 1);
                let xf = qualified(p, "xf");
                let plain = |font: usize, fill: usize| {
                    format!(
                        r#"<{xf} numFmtId="0" fontId="{font}" fillId="{fill}" borderId="0" xfId="0" applyFont="1" applyFill="1"/>"#
                    )
                };
                for look in Look::ADDED {
                    out.push(match look {
                        Look::Header => plain(bold, self.fill_id(HEADER_FILL)),
                        Look::Link => plain(link, 0),
                        Look::Severity(s) => plain(0, self.severity_fill(s)),
                        Look::Covered => plain(0, self.fill_id(COVERED_FILL)),
                        Look::Uncovered => plain(bold, self.fill_id(ERROR_FILL)),
                        Look::Plain => plain(0, 0),
                    });
                }
                let all_xfs: Vec<Xf> = if self.xfs.is_empty() {
                    vec![Xf {
                        start: format!(
                            r#"{} numFmtId="0" fontId="0" fillId="0" borderId="0""#,
                            qualified(p, "xf")
                        ),
                        inner: None,
                    }]
                } else {
                    self.xfs.clone()
                };
                for (base, severity) in &self.clones {
                    let xf = &all_xfs[(*base as usize).min(all_xfs.len() - 1)];
                    let start = BytesStart::from_content(xf.start.as_str(), name_len(&xf.start));
                    let fill = self.severity_fill(*severity).to_string();
                    let tag = with_attrs(
                        &start,
                        &[("fillId", Some(fill.as_str())), ("applyFill", Some("1"))],
                    );
                    out.push(match &xf.inner {
                        Some(inner) => {
                            format!("<{tag}>{inner}</{}>", start.name().as_ref())
                        }
                        None => format!("<{tag}/>"),
                    });
                }
            }
            _ => {}
        }
        out
    }

    /// The new `styles.xml`.
    pub(crate) fn finish(&self, main_ns: &str) -> Result<Vec<u8>, Fail> {
        let empty = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{main_ns}"></styleSheet>"#
        );
        let source: &[u8] = self.original.as_deref().unwrap_or(empty.as_bytes());
        let mut r = reader(source);
        let mut w = Writer::new(Vec::with_capacity(source.len() + 4096));
        let mut buf = Vec::new();
        let mut depth = 0usize;
        let mut done: Vec<&str> = Vec::new();
        let write = |w: &mut Writer<Vec<u8>>, text: &str| {
            w.get_mut().extend_from_slice(text.as_bytes());
        };
        loop {
            let event = r
                .read_event_into(&mut buf)
                .map_err(|e| xml_fail(&self.part, e))?;
            match &event {
                Event::Start(e) | Event::Empty(e) if depth == 1 => {
                    let local = e.local_name().as_ref().to_owned();
                    self.insert_missing_before(&mut w, Some(&local), &mut done);
                    if let Some(list) = LISTS.iter().find(|l| **l == local) {
                        done.push(list);
                        let added = self.added(list);
                        let count = (self.count(list) + added.len()).to_string();
                        let tag = with_attrs(e, &[("count", Some(count.as_str()))]);
                        write(&mut w, &format!("<{tag}>"));
                        if let Event::Empty(_) = event {
                            write(&mut w, &added.concat());
                            write(&mut w, &format!("</{}>", e.name().as_ref()));
                        } else {
                            depth += 1;
                        }
                    } else {
                        w.write_event(event.borrow())
                            .map_err(|e| xml_fail(&self.part, e))?;
                        if let Event::Start(_) = event {
                            depth += 1;
                        }
                    }
                }
                Event::Start(_) => {
                    depth += 1;
                    w.write_event(event.borrow())
                        .map_err(|e| xml_fail(&self.part, e))?;
                }
                Event::End(e) => {
                    if depth == 2 {
                        let local = e.local_name().as_ref().to_owned();
                        if let Some(list) = LISTS.iter().find(|l| **l == local) {
                            write(&mut w, &self.added(list).concat());
                        }
                    } else if depth == 1 {
                        self.insert_missing_before(&mut w, None, &mut done);
                    }
                    depth = depth.saturating_sub(1);
                    w.write_event(event.borrow())
                        .map_err(|e| xml_fail(&self.part, e))?;
                }
                Event::Eof => break,
                _ => w
                    .write_event(event.borrow())
                    .map_err(|e| xml_fail(&self.part, e))?,
            }
            buf.clear();
        }
        if done.len() < LISTS.len() {
            return Err(Fail::Corrupt(format!(
                "{} has no styleSheet element",
                self.part
            )));
        }
        Ok(w.into_inner())
    }

    /// Writes the lists this stylesheet lacks that belong before `next`
    /// (`None`: the end of the stylesheet).
    fn insert_missing_before(
        &self,
        w: &mut Writer<Vec<u8>>,
        next: Option<&str>,
        done: &mut Vec<&'static str>,
    ) {
        let next_order = next.and_then(|n| ORDER.iter().position(|o| *o == n));
        if next.is_some() && next_order.is_none() {
            return;
        }
        for list in LISTS {
            if done.contains(&list) || self.present.contains(&list) {
                continue;
            }
            let order = ORDER.iter().position(|o| *o == list).unwrap_or(0);
            if next_order.is_none_or(|n| order < n) {
                let added = self.added(list);
                let name = qualified(&self.prefix, list);
                w.get_mut().extend_from_slice(
                    format!(
                        r#"<{name} count="{}">{}</{name}>"#,
                        added.len(),
                        added.concat()
                    )
                    .as_bytes(),
                );
                done.push(list);
            }
        }
    }
}

/// Font 0's size, name, family, charset and scheme elements: colour, bold
/// and the rest are for the derived fonts to set.
fn keep_font_basics(inner: &str) -> String {
    let mut r = reader(inner.as_bytes());
    let mut w = Writer::new(Vec::new());
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let mut keeping = false;
    while let Ok(event) = r.read_event_into(&mut buf) {
        match &event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if depth == 0 => {
                keeping = FONT_KEEP.contains(&e.local_name().as_ref());
                if keeping {
                    let _ = w.write_event(event.borrow());
                }
                if let Event::Start(_) = event {
                    depth += 1;
                }
            }
            Event::Start(_) => {
                depth += 1;
                if keeping {
                    let _ = w.write_event(event.borrow());
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if keeping {
                    let _ = w.write_event(event.borrow());
                }
            }
            _ => {
                if keeping && depth > 0 {
                    let _ = w.write_event(event.borrow());
                }
            }
        }
        buf.clear();
    }
    String::from_utf8_lossy(&w.into_inner()).into_owned()
}

fn name_len(start: &str) -> usize {
    start
        .find(|c: char| c.is_ascii_whitespace())
        .unwrap_or(start.len())
}

/// The `s` of a cell start tag, 0 when absent or unreadable.
pub(crate) fn style_of(e: &BytesStart<'_>) -> u32 {
    attr(e, "s").and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: Vec<u8>) -> String {
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn appends_fills_fonts_and_clones_keeping_everything_else() {
        let original = br#"<?xml version="1.0"?><styleSheet xmlns="m"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts><fonts count="1"><font><sz val="10"/><color theme="1"/><name val="Arial"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment wrapText="1"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#;
        let mut styles = Styles::parse(Some(original.to_vec()), "xl/styles.xml").unwrap();
        assert_eq!(styles.look(Look::Header), 2);
        assert_eq!(styles.flagged(1, Severity::Error), 9);
        assert_eq!(styles.flagged(1, Severity::Error), 9);
        assert_eq!(styles.flagged(7, Severity::Info), 10);
        let out = text(styles.finish("m").unwrap());
        assert!(out.contains(r#"<fonts count="3">"#), "{out}");
        assert!(
            out.contains(r#"<font><b/><sz val="10"/><name val="Arial"/></font>"#),
            "{out}"
        );
        assert!(out.contains(r#"<fills count="7">"#), "{out}");
        assert!(out.contains(r#"<cellXfs count="11">"#), "{out}");
        assert!(out.contains(
            r#"<xf numFmtId="164" fontId="0" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFill="1"><alignment wrapText="1"/></xf>"#
        ), "{out}");
        assert!(out.contains(
            r#"<xf numFmtId="0" fontId="0" fillId="4" borderId="0" xfId="0" applyFill="1"/></cellXfs>"#
        ), "{out}");
        assert!(out
            .contains(r#"<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts>"#));
    }

    #[test]
    fn an_empty_stylesheet_gets_the_lists_it_needs() {
        let original = br#"<?xml version="1.0"?><x:styleSheet xmlns:x="m"></x:styleSheet>"#;
        let mut styles = Styles::parse(Some(original.to_vec()), "styles.xml").unwrap();
        assert_eq!(styles.flagged(0, Severity::Warning), 8);
        let out = text(styles.finish("m").unwrap());
        assert!(
            out.contains(r#"<x:fonts count="3"><x:font><x:sz val="11"/>"#),
            "{out}"
        );
        assert!(
            out.contains(r#"<x:fills count="7"><x:fill><x:patternFill patternType="none"/>"#),
            "{out}"
        );
        assert!(
            out.contains(
                r#"<x:cellXfs count="9"><x:xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>"#
            ),
            "{out}"
        );
        let fonts = out.find("x:fonts").unwrap();
        let fills = out.find("x:fills").unwrap();
        let xfs = out.find("x:cellXfs").unwrap();
        assert!(fonts < fills && fills < xfs);
        assert!(out.ends_with("</x:styleSheet>"));
    }

    #[test]
    fn a_missing_stylesheet_is_created() {
        let styles = Styles::parse(None, "xl/styles.xml").unwrap();
        let out = text(styles.finish("main").unwrap());
        assert!(
            out.contains(r#"<styleSheet xmlns="main"><fonts count="3">"#),
            "{out}"
        );
    }
}
