//! Streaming rewrite of one flagged worksheet. Everything is copied event
//! by event as written, except:
//!
//! - each flagged cell's `s` points at a clone of its style with the
//!   severity fill (a flagged position the sheet lacks gets an empty cell,
//!   and a row, in order);
//! - `<dimension>` grows to cover such new cells;
//! - `<legacyDrawing r:id>` (which shows notes) is inserted at its schema
//!   position when the sheet has none.
//!
//! Only rows holding flagged cells are buffered, so memory stays flat
//! however long the sheet is.

use std::io::{BufRead, Write};

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;
use quick_xml::Writer;

use super::flags::SheetFlags;
use super::styles::{style_of, Styles};
use super::xml::{
    a1, attr, bound_prefix, parse_a1, prefix_of, qualified, reader, with_attrs, xml_fail,
};
use super::Fail;
use crate::diagnostic::Severity;

/// Children of a worksheet that come after `<legacyDrawing>` in the
/// schema; `AlternateContent` is how Excel wraps controls and OLE objects.
const AFTER_LEGACY: [&str; 9] = [
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
    "AlternateContent",
];

/// What the rewrite found out about the sheet.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// The `r:id` of the sheet's own `<legacyDrawing>`, if it had one.
    pub existing_legacy: Option<String>,
    /// A `<legacyDrawing>` with the planned id was inserted.
    pub inserted_legacy: bool,
}

struct RowBuf {
    start: BytesStart<'static>,
    row: u32,
    events: Vec<Event<'static>>,
}

struct State<'p> {
    part: &'p str,
    /// Flagged cells in row-major order, and the next one not yet written.
    flags: Vec<((u32, u32), Severity)>,
    next: usize,
    main_prefix: String,
    rel_prefix: Option<String>,
    rel_ns: &'p str,
    legacy_id: &'p str,
    cols: Vec<(u32, u32, u32)>,
    outcome: Outcome,
}

/// Rewrites a worksheet from `input` into `out`.
pub(crate) fn rewrite<R: BufRead, W: Write>(
    input: R,
    out: W,
    flags: &SheetFlags<'_>,
    styles: &mut Styles,
    part: &str,
    rel_ns: &str,
    legacy_id: &str,
) -> Result<Outcome, Fail> {
    let mut st = State {
        part,
        flags: flags.iter().map(|(at, f)| (*at, f.worst)).collect(),
        next: 0,
        main_prefix: String::new(),
        rel_prefix: None,
        rel_ns,
        legacy_id,
        cols: Vec::new(),
        outcome: Outcome::default(),
    };
    let mut r = reader(input);
    let mut w = Writer::new(out);
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let mut in_sheet_data = false;
    let mut in_cols = false;
    let mut saw_sheet_data = false;
    let mut last_row: Option<u32> = None;
    let mut row_buf: Option<RowBuf> = None;
    let mut row_text: Vec<u8> = Vec::new();
    let mut copied_whole = false;
    loop {
        let event = r.read_event_into(&mut buf).map_err(|e| xml_fail(part, e))?;
        if let Some(rb) = row_buf.as_mut() {
            match &event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                Event::Eof => return Err(Fail::Corrupt(format!("{part} ends inside a row"))),
                _ => {}
            }
            if depth == 2 && matches!(event, Event::End(_)) {
                let rb = row_buf.take().expect("row buffer");
                let end = event.into_owned();
                st.write_row(&mut w, styles, rb, Some(end))?;
            } else {
                rb.events.push(event.into_owned());
            }
            buf.clear();
            continue;
        }
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                let local = e.local_name().as_ref().to_owned();
                match depth {
                    0 => {
                        st.main_prefix = prefix_of(e.name().as_ref()).to_owned();
                        st.rel_prefix = bound_prefix(e, rel_ns);
                        st.write(&mut w, &event)?;
                    }
                    1 => {
                        if AFTER_LEGACY.contains(&local.as_str()) {
                            st.insert_legacy(&mut w)?;
                        }
                        match local.as_str() {
                            "dimension" if empty => {
                                let tag = st.dimension(e);
                                st.raw(&mut w, &format!("<{tag}/>"))?;
                            }
                            "sheetData" => {
                                saw_sheet_data = true;
                                if empty {
                                    let name = e.name().as_ref().to_owned();
                                    st.raw(&mut w, &format!("<{}>", &**e))?;
                                    st.new_rows_before(&mut w, styles, u32::MAX)?;
                                    st.raw(&mut w, &format!("</{name}>"))?;
                                } else {
                                    in_sheet_data = true;
                                    st.write(&mut w, &event)?;
                                }
                            }
                            "cols" => {
                                in_cols = !empty;
                                st.write(&mut w, &event)?;
                            }
                            "legacyDrawing" => {
                                st.outcome.existing_legacy = e
                                    .attributes()
                                    .flatten()
                                    .find(|a| a.key.local_name().as_ref() == "id")
                                    .map(|a| a.value.to_string());
                                st.write(&mut w, &event)?;
                            }
                            _ => st.write(&mut w, &event)?,
                        }
                    }
                    2 if in_cols && local == "col" => {
                        st.col(e);
                        st.write(&mut w, &event)?;
                    }
                    2 if in_sheet_data && local == "row" => {
                        let row = attr(e, "r")
                            .and_then(|r| r.trim().parse::<u32>().ok())
                            .filter(|r| *r >= 1)
                            .map(|r| r - 1)
                            .unwrap_or_else(|| last_row.map_or(0, |l| l + 1));
                        last_row = Some(row);
                        st.new_rows_before(&mut w, styles, row)?;
                        if st.has_row(row) {
                            let rb = RowBuf {
                                start: e.clone().into_owned(),
                                row,
                                events: Vec::new(),
                            };
                            if empty {
                                st.write_row(&mut w, styles, rb, None)?;
                            } else {
                                row_buf = Some(rb);
                            }
                        } else if empty {
                            st.write(&mut w, &event)?;
                        } else {
                            // A row without flags is copied whole, as written,
                            // without going event by event through the writer.
                            let name = e.name().as_ref().to_owned();
                            st.raw(&mut w, "<")?;
                            st.raw(&mut w, e)?;
                            st.raw(&mut w, ">")?;
                            row_text.clear();
                            let inner = r
                                .read_text_into(QName(&name), &mut row_text)
                                .map_err(|e| xml_fail(part, e))?;
                            st.raw(&mut w, &inner)?;
                            st.raw(&mut w, "</")?;
                            st.raw(&mut w, &name)?;
                            st.raw(&mut w, ">")?;
                            copied_whole = true;
                        }
                    }
                    _ => st.write(&mut w, &event)?,
                }
                if !empty && !std::mem::take(&mut copied_whole) {
                    depth += 1;
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                let local = e.local_name();
                if depth == 1 && local.as_ref() == "sheetData" {
                    st.new_rows_before(&mut w, styles, u32::MAX)?;
                    in_sheet_data = false;
                } else if depth == 1 && local.as_ref() == "cols" {
                    in_cols = false;
                } else if depth == 0 {
                    st.insert_legacy(&mut w)?;
                }
                st.write(&mut w, &event)?;
            }
            Event::Eof => break,
            _ => st.write(&mut w, &event)?,
        }
        buf.clear();
    }
    if !saw_sheet_data {
        return Err(Fail::Unsupported(format!("{part} has no sheetData")));
    }
    w.into_inner()
        .flush()
        .map_err(|e| Fail::Corrupt(format!("writing {part}: {e}")))?;
    Ok(st.outcome)
}

impl State<'_> {
    fn write<W: Write>(&self, w: &mut Writer<W>, event: &Event<'_>) -> Result<(), Fail> {
        w.write_event(event.borrow())
            .map_err(|e| Fail::Corrupt(format!("writing {}: {e}", self.part)))
    }

    fn raw<W: Write>(&self, w: &mut Writer<W>, text: &str) -> Result<(), Fail> {
        w.get_mut()
            .write_all(text.as_bytes())
            .map_err(|e| Fail::Corrupt(format!("writing {}: {e}", self.part)))
    }

    fn q(&self, local: &str) -> String {
        qualified(&self.main_prefix, local)
    }

    fn has_row(&self, row: u32) -> bool {
        self.flags
            .get(self.next)
            .is_some_and(|((r, _), _)| *r == row)
    }

    /// The style an empty cell at `col` shows: its column's, else 0.
    fn col_style(&self, col: u32) -> u32 {
        self.cols
            .iter()
            .find(|(min, max, _)| (*min..=*max).contains(&col))
            .map_or(0, |(_, _, s)| *s)
    }

    fn col(&mut self, e: &BytesStart<'_>) {
        let num = |name| attr(e, name).and_then(|v| v.trim().parse::<u32>().ok());
        if let (Some(min), Some(max), Some(style)) = (num("min"), num("max"), num("style")) {
            if min >= 1 && max >= min {
                self.cols.push((min - 1, max - 1, style));
            }
        }
    }

    /// `<dimension ref>` grown to cover every flagged cell.
    fn dimension(&self, e: &BytesStart<'_>) -> String {
        let Some(current) = attr(e, "ref") else {
            return e.to_string();
        };
        let mut parts = current.split(':');
        let first = parts.next().and_then(parse_a1);
        let last = parts.next().and_then(parse_a1).or(first);
        let (Some((r1, c1)), Some((r2, c2))) = (first, last) else {
            return e.to_string();
        };
        let (mut r1, mut c1, mut r2, mut c2) = (r1, c1, r2, c2);
        for ((r, c), _) in &self.flags {
            r1 = r1.min(*r);
            c1 = c1.min(*c);
            r2 = r2.max(*r);
            c2 = c2.max(*c);
        }
        let new = format!("{}:{}", a1(r1, c1), a1(r2, c2));
        if new == current || (r1, c1) == (r2, c2) {
            return e.to_string();
        }
        with_attrs(e, &[("ref", Some(new.as_str()))])
    }

    fn insert_legacy<W: Write>(&mut self, w: &mut Writer<W>) -> Result<(), Fail> {
        if self.outcome.existing_legacy.is_some() || self.outcome.inserted_legacy {
            return Ok(());
        }
        self.outcome.inserted_legacy = true;
        let tag = match &self.rel_prefix {
            Some(p) => format!(
                r#"<{} {p}:id="{}"/>"#,
                self.q("legacyDrawing"),
                self.legacy_id
            ),
            None => format!(
                r#"<{} xmlns:r="{}" r:id="{}"/>"#,
                self.q("legacyDrawing"),
                self.rel_ns,
                self.legacy_id
            ),
        };
        self.raw(w, &tag)
    }

    /// Writes new rows for flagged cells on rows before `row`.
    fn new_rows_before<W: Write>(
        &mut self,
        w: &mut Writer<W>,
        styles: &mut Styles,
        row: u32,
    ) -> Result<(), Fail> {
        while let Some(&((r, _), _)) = self.flags.get(self.next) {
            if r >= row {
                break;
            }
            let mut text = format!(r#"<{} r="{}">"#, self.q("row"), r + 1);
            while let Some(&((r2, c), severity)) = self.flags.get(self.next) {
                if r2 != r {
                    break;
                }
                let s = styles.flagged(self.col_style(c), severity);
                text.push_str(&format!(r#"<{} r="{}" s="{s}"/>"#, self.q("c"), a1(r, c)));
                self.next += 1;
            }
            text.push_str(&format!("</{}>", self.q("row")));
            self.raw(w, &text)?;
        }
        Ok(())
    }

    /// Writes a buffered flagged row: existing cells restyled, missing
    /// flagged cells inserted in column order.
    fn write_row<W: Write>(
        &mut self,
        w: &mut Writer<W>,
        styles: &mut Styles,
        rb: RowBuf,
        end: Option<Event<'static>>,
    ) -> Result<(), Fail> {
        let mut wanted: Vec<(u32, Severity)> = Vec::new();
        while let Some(&((r, c), severity)) = self.flags.get(self.next) {
            if r != rb.row {
                break;
            }
            wanted.push((c, severity));
            self.next += 1;
        }
        // Columns of the cells the row has (a cell without `r` follows the previous one).
        let mut cols = Vec::new();
        {
            let mut depth = 0usize;
            let mut prev: Option<u32> = None;
            for event in &rb.events {
                match event {
                    Event::Start(e) | Event::Empty(e) => {
                        if depth == 0 && e.local_name().as_ref() == "c" {
                            let col = attr(e, "r")
                                .and_then(|r| parse_a1(&r))
                                .map(|(_, c)| c)
                                .unwrap_or_else(|| prev.map_or(0, |p| p + 1));
                            prev = Some(col);
                            cols.push(col);
                        }
                        if let Event::Start(_) = event {
                            depth += 1;
                        }
                    }
                    Event::End(_) => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
        }
        let missing: Vec<(u32, Severity)> = wanted
            .iter()
            .copied()
            .filter(|(c, _)| !cols.contains(c))
            .collect();
        let row_style = {
            let custom = attr(&rb.start, "customFormat").is_some_and(|v| v == "1" || v == "true");
            custom.then(|| style_of(&rb.start))
        };
        let base_for = |st: &Self, col: u32| row_style.unwrap_or_else(|| st.col_style(col));
        let new_cell = |st: &Self, styles: &mut Styles, (col, severity): (u32, Severity)| {
            let s = styles.flagged(base_for(st, col), severity);
            format!(r#"<{} r="{}" s="{s}"/>"#, st.q("c"), a1(rb.row, col))
        };
        // The row tag, its `spans` hint widened if new cells fall outside.
        let start = match (attr(&rb.start, "spans"), missing.is_empty()) {
            (Some(spans), false) => {
                let mut bounds: Vec<u32> = spans
                    .split([' ', ':'])
                    .filter_map(|n| n.parse().ok())
                    .collect();
                bounds.extend(missing.iter().map(|(c, _)| c + 1));
                let (lo, hi) = (
                    bounds.iter().min().copied().unwrap_or(1),
                    bounds.iter().max().copied().unwrap_or(1),
                );
                let spans = format!("{lo}:{hi}");
                with_attrs(&rb.start, &[("spans", Some(spans.as_str()))])
            }
            _ => rb.start.to_string(),
        };
        self.raw(w, &format!("<{start}>"))?;
        let mut pending = missing.iter().copied().peekable();
        let mut depth = 0usize;
        let mut cell_index = 0usize;
        for event in &rb.events {
            match event {
                Event::Start(e) | Event::Empty(e)
                    if depth == 0 && e.local_name().as_ref() == "c" =>
                {
                    let col = cols[cell_index];
                    cell_index += 1;
                    while let Some(m) = pending.next_if(|(c, _)| *c < col) {
                        let text = new_cell(self, styles, m);
                        self.raw(w, &text)?;
                    }
                    match wanted.iter().find(|(c, _)| *c == col) {
                        Some(&(_, severity)) => {
                            let s = styles.flagged(style_of(e), severity).to_string();
                            let tag = with_attrs(e, &[("s", Some(s.as_str()))]);
                            let close = if matches!(event, Event::Empty(_)) {
                                "/>"
                            } else {
                                ">"
                            };
                            self.raw(w, &format!("<{tag}{close}"))?;
                        }
                        None => self.write(w, event)?,
                    }
                    if let Event::Start(_) = event {
                        depth += 1;
                    }
                }
                Event::Start(_) => {
                    depth += 1;
                    self.write(w, event)?;
                }
                Event::End(_) => {
                    depth = depth.saturating_sub(1);
                    self.write(w, event)?;
                }
                _ => self.write(w, event)?,
            }
        }
        for m in pending {
            let text = new_cell(self, styles, m);
            self.raw(w, &text)?;
        }
        match end {
            Some(end) => self.write(w, &end),
            None => {
                let name = rb.start.name().as_ref().to_owned();
                self.raw(w, &format!("</{name}>"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::annotate::flags::Flagged;

    fn run(xml: &str, cells: &[((u32, u32), Severity)], styles: &mut Styles) -> (String, Outcome) {
        let flags: BTreeMap<(u32, u32), Flagged<'_>> = cells
            .iter()
            .map(|(at, s)| {
                (
                    *at,
                    Flagged {
                        worst: *s,
                        diagnostics: Vec::new(),
                    },
                )
            })
            .collect();
        let mut out = Vec::new();
        let outcome = rewrite(
            xml.as_bytes(),
            &mut out,
            &flags,
            styles,
            "sheet1.xml",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
            "rId9",
        )
        .unwrap();
        (String::from_utf8(out).unwrap(), outcome)
    }

    fn styles() -> Styles {
        Styles::parse(None, "styles.xml").unwrap()
    }

    #[test]
    fn restyles_existing_cells_and_inserts_missing_ones_in_order() {
        let xml = r#"<?xml version="1.0"?><worksheet xmlns="m" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:C3"/><cols><col min="4" max="4" width="9" style="1" customWidth="1"/></cols><sheetData><row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="C1" s="1"><v>2</v></c></row><row r="3"><c r="A3"><v>3</v></c></row></sheetData><pageMargins left="0.7"/><tableParts count="1"><tablePart r:id="rId1"/></tableParts></worksheet>"#;
        let mut s = styles();
        let (out, outcome) = run(
            xml,
            &[
                ((0, 1), Severity::Warning),
                ((0, 2), Severity::Error),
                ((1, 3), Severity::Info),
                ((4, 0), Severity::Error),
            ],
            &mut s,
        );
        assert!(outcome.inserted_legacy);
        assert_eq!(
            out,
            r#"<?xml version="1.0"?><worksheet xmlns="m" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:D5"/><cols><col min="4" max="4" width="9" style="1" customWidth="1"/></cols><sheetData><row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" s="8"/><c r="C1" s="9"><v>2</v></c></row><row r="2"><c r="D2" s="10"/></row><row r="3"><c r="A3"><v>3</v></c></row><row r="5"><c r="A5" s="9"/></row></sheetData><pageMargins left="0.7"/><legacyDrawing r:id="rId9"/><tableParts count="1"><tablePart r:id="rId1"/></tableParts></worksheet>"#
        );
    }

    #[test]
    fn keeps_an_existing_legacy_drawing_and_handles_prefixes() {
        let xml = r#"<x:worksheet xmlns:x="m"><x:sheetData><x:row><x:c><x:v>1</x:v></x:c><x:c><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>"#;
        let mut s = styles();
        let (out, outcome) = run(
            xml,
            &[((0, 1), Severity::Error), ((0, 3), Severity::Error)],
            &mut s,
        );
        assert!(outcome.inserted_legacy);
        assert_eq!(
            out,
            r#"<x:worksheet xmlns:x="m"><x:sheetData><x:row><x:c><x:v>1</x:v></x:c><x:c s="8"><x:v>2</x:v></x:c><x:c r="D1" s="8"/></x:row></x:sheetData><x:legacyDrawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId9"/></x:worksheet>"#
        );
        let xml = r#"<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData/><legacyDrawing r:id="rId4"/></worksheet>"#;
        let (out, outcome) = run(xml, &[((1, 1), Severity::Info)], &mut s);
        assert_eq!(outcome.existing_legacy.as_deref(), Some("rId4"));
        assert!(!outcome.inserted_legacy);
        assert_eq!(
            out,
            r#"<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData><row r="2"><c r="B2" s="9"/></row></sheetData><legacyDrawing r:id="rId4"/></worksheet>"#
        );
    }
}
