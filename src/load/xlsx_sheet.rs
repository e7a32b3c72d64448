//! An xlsx sheet read in one pass: every cell's position, value, formula
//! flag and style, and the merged regions, from one inflate of the part.
//!
//! calamine's streaming reader yields values, style ids and formula flags
//! only in separate passes, each a full inflate and parse of the sheet. This
//! reader is a port of calamine 0.38's `XlsxCellReader` (its
//! `next_cell_with_formula_metadata`, `read_value`, `read_v` and
//! `read_string`) and of its merged-region reader, driven by the events of
//! [`super::xlsx_xml`], so that it yields exactly the cells calamine yields,
//! converted by the same [`from_data_ref`]. The shared strings part is read
//! here too, the same way ([`SharedStrings`]).
//!
//! Whatever calamine would report as an error, and whatever the port does
//! not follow, ends the pass with [`Failure::Bail`]: the caller then reads
//! the sheet with calamine, so errors on broken files are calamine's, as
//! before.

use std::io::{Read, Seek};

use calamine::{CellErrorType, DataRef, ExcelDateTime, ExcelDateTimeType};
use zip::ZipArchive;

use super::sheet::{is_blank, Look};
use super::value::from_data_ref;
use super::xlsx_parts::CellFormat;
use super::xlsx_xml::{
    attribute, attributes, cell_position, dimension, push_ref, push_text, row_position,
    unescape_excel, Bail, Event, Flow, Follow, Tokenizer,
};
use super::{Limits, LoadError};
use crate::workbook::{Cell, Merge, Value};

/// First read size; doubled whenever one construct outgrows the buffer,
/// so a huge string costs linear, not quadratic, time.
const CHUNK: usize = 256 * 1024;

/// Most cells reserved before reading (4 M cells, ~220 MiB of address
/// space, touched only as cells arrive); a sheet with more grows its vector.
const MAX_RESERVED_CELLS: u64 = 4 * 1024 * 1024;
/// The fewest bytes of XML a kept cell takes (`<c r="A1"><v>1</v></c>` is
/// 22): the part's size over this bounds its cells.
const MIN_CELL_BYTES: u64 = 20;

/// Why a sheet was not read in one pass.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Not followed: read the sheet with calamine.
    Bail,
    /// A resource guard tripped, as it would have on calamine's path.
    Limit(LoadError),
}

impl From<Bail> for Failure {
    fn from(_: Bail) -> Failure {
        Failure::Bail
    }
}

/// What a sheet's cells are read against: the workbook's parts that
/// calamine reads when it opens the package.
pub(crate) struct Context<'a> {
    pub(crate) strings: &'a SharedStrings,
    /// calamine's date classification of each style's number format.
    pub(crate) formats: &'a [CellFormat],
    /// What each style contributes (decimals shown, fill), by style id.
    pub(crate) looks: &'a [Option<Look>],
    pub(crate) is_1904: bool,
}

/// Reads the sheet in zip entry `part`: its cells (sparse, as the calamine
/// path keeps them) and merged regions.
pub(crate) fn read_sheet<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    part: &str,
    context: &Context<'_>,
    limits: &Limits,
) -> Result<(Vec<Cell>, Vec<Merge>), Failure> {
    let mut entry = zip.by_name(part).map_err(|_| Bail)?;
    let size = entry.size();
    read_part(&mut entry, size, context, limits)
}

/// A sheet part of `size` bytes (as the zip directory says).
fn read_part(
    part: &mut impl Read,
    size: u64,
    context: &Context<'_>,
    limits: &Limits,
) -> Result<(Vec<Cell>, Vec<Merge>), Failure> {
    let reserve = (size / MIN_CELL_BYTES)
        .min(limits.max_cells)
        .min(MAX_RESERVED_CELLS);
    let mut reader = SheetReader::new(context, limits, reserve as usize);
    stream(part, size, &mut |event| reader.event(event))?;
    if let Some(error) = reader.limit_error {
        return Err(Failure::Limit(error));
    }
    // calamine's readers fail on a part that ends inside what they read.
    if reader.state != State::Done || reader.merges == Merges::Inside {
        return Err(Failure::Bail);
    }
    let mut cells = reader.cells;
    if cells.capacity() - cells.len() > cells.len() / 8 {
        cells.shrink_to_fit();
    }
    Ok((cells, reader.merge_list))
}

/// Feeds the events of a part of about `size` bytes to `visit` until it
/// stops or the part ends.
fn stream<F>(part: &mut impl Read, size: u64, visit: &mut F) -> Follow<()>
where
    F: FnMut(Event<'_>) -> Follow<Flow>,
{
    let mut tokenizer = Tokenizer::default();
    // A small part is read whole (and its end seen) in one buffer.
    let len = usize::try_from(size.saturating_add(1)).map_or(CHUNK, |len| len.clamp(64, CHUNK));
    let mut buf = vec![0; len];
    let mut filled = 0;
    loop {
        if filled == buf.len() {
            // One construct fills the buffer: make room for its end.
            buf.resize(buf.len() * 2, 0);
        }
        let mut eof = false;
        while filled < buf.len() {
            let read = part.read(&mut buf[filled..]).map_err(|_| Bail)?;
            if read == 0 {
                eof = true;
                break;
            }
            filled += read;
        }
        let (consumed, stopped) = tokenizer.feed(&buf[..filled], eof, visit)?;
        if stopped || eof {
            return Ok(());
        }
        buf.copy_within(consumed..filled, 0);
        filled -= consumed;
    }
}

/// Where the reader is, as the nesting of calamine's loops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Before `<sheetData>` (`XlsxCellReader::new`).
    Prolog,
    /// In `sheetData`, between cells.
    Rows,
    /// In a `<c>`, between its children.
    Cell,
    /// In an `<f>`, up to the end tag of its name.
    Formula,
    /// Just after a `<v>` of a number, shared string, boolean or error
    /// cell: calamine looks at one event only.
    ValueStart,
    /// Skipping to the end of the `<v>` (quick-xml's `read_to_end`).
    SkipValue { depth: u32 },
    /// Collecting a `<v>` of a `str`, `d` or other type, entities resolved.
    ValueText,
    /// In an `<is>` inline string.
    Inline,
    /// After `</sheetData>`.
    Done,
}

/// calamine's merged-region reader: the first `<mergeCells>`, wherever it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Merges {
    Looking,
    Inside,
    Found,
}

/// The `t` attribute of a cell, as calamine's `read_value` branches on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// No `t`: a number, or text when it is not one.
    Absent,
    Number,
    Shared,
    Bool,
    Error,
    /// `inlineStr` or `is`: any `<v>` is ignored.
    Inline,
    Str,
    Date,
    /// Any other value: an error once a `<v>` is read.
    Unknown,
}

impl Kind {
    fn of(t: Option<&str>) -> Kind {
        match t {
            None => Kind::Absent,
            Some("n") => Kind::Number,
            Some("s") => Kind::Shared,
            Some("b") => Kind::Bool,
            Some("e") => Kind::Error,
            Some("inlineStr" | "is") => Kind::Inline,
            Some("str") => Kind::Str,
            Some("d") => Kind::Date,
            Some(_) => Kind::Unknown,
        }
    }
}

/// The cell being read.
struct Draft {
    row: u32,
    col: u32,
    /// The `s` attribute read as calamine reads it (a non-number is 0),
    /// `None` when absent.
    style: Option<usize>,
    kind: Kind,
    value: Value,
    formula: bool,
}

struct SheetReader<'w> {
    context: &'w Context<'w>,
    limits: &'w Limits,
    state: State,
    /// calamine's `row_index` and `col_index`: where a cell without `r` goes.
    row: u32,
    col: u32,
    /// Where the previous cell was.
    last: Option<(u32, u32)>,
    draft: Draft,
    /// Full name of the `<f>` or `<v>` whose end tag is awaited.
    element: String,
    /// Text of a `<v>` being collected.
    text: String,
    inline: StringReader,
    cells: Vec<Cell>,
    merges: Merges,
    merge_list: Vec<Merge>,
    limit_error: Option<LoadError>,
}

impl<'w> SheetReader<'w> {
    fn new(context: &'w Context<'w>, limits: &'w Limits, reserve: usize) -> SheetReader<'w> {
        SheetReader {
            context,
            limits,
            state: State::Prolog,
            row: 0,
            col: 0,
            last: None,
            draft: Draft {
                row: 0,
                col: 0,
                style: None,
                kind: Kind::Absent,
                value: Value::Empty,
                formula: false,
            },
            element: String::new(),
            text: String::new(),
            inline: StringReader::default(),
            cells: Vec::with_capacity(reserve),
            merges: Merges::Looking,
            merge_list: Vec::new(),
            limit_error: None,
        }
    }

    fn event(&mut self, event: Event<'_>) -> Follow<Flow> {
        self.merge_event(&event)?;
        self.cell_event(&event)?;
        if self.limit_error.is_some() || (self.state == State::Done && self.merges == Merges::Found)
        {
            return Ok(Flow::Stop);
        }
        Ok(Flow::More)
    }

    fn merge_event(&mut self, event: &Event<'_>) -> Follow<()> {
        match (self.merges, *event) {
            (
                Merges::Looking,
                Event::Start {
                    local: "mergeCells",
                    ..
                },
            ) => {
                self.merges = Merges::Inside;
            }
            (
                Merges::Inside,
                Event::Start {
                    local: "mergeCell",
                    attributes,
                    ..
                },
            ) => {
                if let Some(reference) = attribute(attributes, "ref")? {
                    let ((first_row, first_col), (last_row, last_col)) = dimension(reference)?;
                    self.merge_list.push(Merge {
                        first_row,
                        first_col,
                        last_row,
                        last_col,
                    });
                }
            }
            (
                Merges::Inside,
                Event::End {
                    local: "mergeCells",
                    ..
                },
            ) => {
                self.merges = Merges::Found;
            }
            _ => (),
        }
        Ok(())
    }

    fn cell_event(&mut self, event: &Event<'_>) -> Follow<()> {
        match (self.state, *event) {
            (
                State::Prolog,
                Event::Start {
                    local, attributes, ..
                },
            ) => match local {
                // calamine parses the declared dimension, and fails on a bad one.
                "dimension" => {
                    dimension(attribute(attributes, "ref")?.ok_or(Bail)?)?;
                }
                "sheetData" => self.state = State::Rows,
                _ => (),
            },
            (
                State::Rows,
                Event::Start {
                    local, attributes, ..
                },
            ) => match local {
                "row" => {
                    if let Some(r) = attribute(attributes, "r")? {
                        self.row = row_position(r)?;
                    }
                }
                "c" => self.start_cell(attributes)?,
                _ => (),
            },
            (State::Rows, Event::End { local, .. }) => match local {
                "row" => {
                    self.row = self.row.checked_add(1).ok_or(Bail)?;
                    self.col = 0;
                }
                "sheetData" => self.state = State::Done,
                _ => (),
            },
            (
                State::Cell,
                Event::Start {
                    name,
                    local,
                    attributes,
                },
            ) => self.start_child(name, local, attributes)?,
            (State::Cell, Event::End { local: "c", .. }) => self.end_cell()?,
            (State::Formula, Event::Ref(reference)) => {
                // The formula's text is not kept, but calamine resolves it.
                self.text.clear();
                push_ref(&mut self.text, reference)?;
            }
            (State::Formula, Event::End { name, .. }) if name == self.element => {
                self.draft.formula = true;
                self.state = State::Cell;
            }
            (State::ValueStart, event) => {
                self.draft.value = Value::Empty;
                self.state = State::SkipValue { depth: 0 };
                match event {
                    Event::Text(raw) => self.draft.value = self.value(raw)?,
                    Event::End { name, .. } if name == self.element => self.state = State::Cell,
                    _ => (),
                }
            }
            (State::SkipValue { depth }, Event::Start { name, .. }) if name == self.element => {
                self.state = State::SkipValue {
                    depth: depth.checked_add(1).ok_or(Bail)?,
                };
            }
            (State::SkipValue { depth }, Event::End { name, .. }) if name == self.element => {
                self.state = match depth.checked_sub(1) {
                    Some(depth) => State::SkipValue { depth },
                    None => State::Cell,
                };
            }
            (State::ValueText, Event::Text(raw)) => push_text(&mut self.text, raw),
            (State::ValueText, Event::Ref(reference)) => push_ref(&mut self.text, reference)?,
            (State::ValueText, Event::End { name, .. }) if name == self.element => {
                let text = std::mem::take(&mut self.text);
                self.draft.value = self.value(&text)?;
                self.text = text;
                self.state = State::Cell;
            }
            (State::Inline, event) => {
                if let Some(text) = self.inline.event(&event)? {
                    self.draft.value = from_data_ref(DataRef::String(text), false);
                    self.state = State::Cell;
                }
            }
            _ => (),
        }
        Ok(())
    }

    fn start_cell(&mut self, attrs: &str) -> Follow<()> {
        let [r, s, t] = attributes(attrs, ["r", "s", "t"])?;
        let (row, col) = match r {
            Some(r) => {
                let (row, col) = cell_position(r)?;
                self.col = col;
                (row, col)
            }
            None => (self.row, self.col),
        };
        // calamine's path finds a cell's style by its position, once its
        // values are read: a position met twice, or out of order, is
        // combined in ways only those passes reproduce.
        if self.last.is_some_and(|last| (row, col) <= last) {
            return Err(Bail);
        }
        self.last = Some((row, col));
        self.draft = Draft {
            row,
            col,
            style: s.map(|s| atoi_simd::parse::<usize, true, false>(s.as_bytes()).unwrap_or(0)),
            kind: Kind::of(t),
            value: Value::Empty,
            formula: false,
        };
        self.state = State::Cell;
        Ok(())
    }

    /// calamine's `read_formula_record` and `read_value`, by element.
    fn start_child(&mut self, name: &str, local: &str, attrs: &str) -> Follow<()> {
        self.element.clear();
        self.element.push_str(name);
        match local {
            "f" => {
                let [t, si, reference] = attributes(attrs, ["t", "si", "ref"])?;
                if t == Some("shared") {
                    let si = si.ok_or(Bail)?;
                    atoi_simd::parse::<usize, true, false>(si.as_bytes()).map_err(|_| Bail)?;
                    if let Some(reference) = reference {
                        dimension(reference)?;
                    }
                }
                self.state = State::Formula;
            }
            "is" => {
                self.inline.start(name);
                self.state = State::Inline;
            }
            "v" => {
                self.state = match self.draft.kind {
                    Kind::Inline => {
                        self.draft.value = Value::Empty;
                        State::SkipValue { depth: 0 }
                    }
                    Kind::Absent | Kind::Number | Kind::Shared | Kind::Bool | Kind::Error => {
                        State::ValueStart
                    }
                    Kind::Str | Kind::Date | Kind::Unknown => {
                        self.text.clear();
                        State::ValueText
                    }
                };
            }
            _ => return Err(Bail),
        }
        Ok(())
    }

    /// calamine's `read_v`: a `<v>`'s text as the cell's type and style
    /// make it, then converted as calamine's values are.
    fn value(&self, v: &str) -> Follow<Value> {
        let context = self.context;
        let data = match self.draft.kind {
            Kind::Shared => {
                if v.is_empty() {
                    return Ok(Value::Empty);
                }
                let index = atoi_simd::parse::<usize, true, false>(v.as_bytes()).unwrap_or(0);
                DataRef::SharedString(context.strings.get(index).ok_or(Bail)?)
            }
            Kind::Bool => {
                let value = v.trim();
                if value.is_empty() {
                    DataRef::Empty
                } else if value == "0" || value.eq_ignore_ascii_case("false") {
                    DataRef::Bool(false)
                } else if value == "1" || value.eq_ignore_ascii_case("true") {
                    DataRef::Bool(true)
                } else {
                    return Err(Bail);
                }
            }
            Kind::Date => DataRef::DateTimeIso(v.to_owned()),
            Kind::Error => DataRef::Error(v.parse::<CellErrorType>().map_err(|_| Bail)?),
            Kind::Str => DataRef::String(unescape_excel(v).into_owned()),
            Kind::Absent | Kind::Number => {
                if v.is_empty() {
                    return Ok(Value::Empty);
                }
                match fast_float2::parse::<f64, _>(v.as_bytes()) {
                    Ok(number) => {
                        let format = match self.draft.style {
                            Some(id) => context.formats.get(id),
                            None => Some(&CellFormat::Other),
                        };
                        let typ = match format {
                            Some(CellFormat::DateTime) => Some(ExcelDateTimeType::DateTime),
                            Some(CellFormat::TimeDelta) => Some(ExcelDateTimeType::TimeDelta),
                            _ => None,
                        };
                        match typ {
                            Some(typ) => {
                                DataRef::DateTime(ExcelDateTime::new(number, typ, context.is_1904))
                            }
                            None => DataRef::Float(number),
                        }
                    }
                    Err(_) if self.draft.kind == Kind::Absent => DataRef::String(v.to_owned()),
                    Err(_) => return Err(Bail),
                }
            }
            Kind::Inline | Kind::Unknown => return Err(Bail),
        };
        Ok(from_data_ref(data, context.is_1904))
    }

    /// A finished cell kept as the calamine path keeps it: with a value or
    /// a formula, or blank with a fill.
    fn end_cell(&mut self) -> Follow<()> {
        self.col = self.col.checked_add(1).ok_or(Bail)?;
        self.state = State::Rows;
        let draft = &mut self.draft;
        let look = draft
            .style
            .filter(|&id| id > 0)
            .and_then(|id| self.context.looks.get(id)?.as_ref());
        let value = std::mem::replace(&mut draft.value, Value::Empty);
        let cell = if draft.formula || !is_blank(&value) {
            let mut cell = Cell {
                row: draft.row,
                col: draft.col,
                value,
                shown: None,
                formula: draft.formula,
                fill: None,
            };
            if let Some(look) = look {
                look.apply_to(&mut cell);
            }
            cell
        } else {
            match look.and_then(|look| look.blank_cell(draft.row, draft.col)) {
                Some(cell) => cell,
                None => return Ok(()),
            }
        };
        self.cells.push(cell);
        if let Err(error) = self.limits.check_cell_count(self.cells.len() as u64) {
            self.limit_error = Some(error);
        }
        Ok(())
    }
}

/// calamine's `read_string`, for `<is>` and `<si>`: the text of every `<t>`
/// not inside a phonetic run `<rPh>`, each trimmed unless
/// `xml:space="preserve"`, then `_xHHHH_` unescaped, concatenated.
#[derive(Default)]
struct StringReader {
    /// Full name of the element the string ends with.
    closing: String,
    phonetic: bool,
    /// In a `<t>`: whether it preserves space; its full name is `t_name`.
    t: Option<bool>,
    t_name: String,
    raw: String,
    text: String,
}

impl StringReader {
    fn start(&mut self, closing: &str) {
        self.closing.clear();
        self.closing.push_str(closing);
        self.phonetic = false;
        self.t = None;
        self.text.clear();
    }

    /// The string, once its closing tag is seen.
    fn event(&mut self, event: &Event<'_>) -> Follow<Option<String>> {
        if let Some(preserve) = self.t {
            match *event {
                Event::Text(raw) | Event::CData(raw) => push_text(&mut self.raw, raw),
                Event::Ref(reference) => push_ref(&mut self.raw, reference)?,
                Event::End { name, .. } if name == self.t_name => {
                    let raw = if preserve {
                        &self.raw[..]
                    } else {
                        self.raw.trim_matches([' ', '\t', '\r', '\n'])
                    };
                    self.text.push_str(&unescape_excel(raw));
                    self.t = None;
                }
                _ => (),
            }
            return Ok(None);
        }
        match *event {
            Event::Start { local: "rPh", .. } => self.phonetic = true,
            Event::End { name, .. } if name == self.closing => {
                return Ok(Some(std::mem::take(&mut self.text)));
            }
            Event::End { local: "rPh", .. } => self.phonetic = false,
            Event::Start {
                name,
                local: "t",
                attributes,
            } if !self.phonetic => {
                let preserve = attribute(attributes, "xml:space")? == Some("preserve");
                self.raw.clear();
                self.t_name.clear();
                self.t_name.push_str(name);
                self.t = Some(preserve);
            }
            _ => (),
        }
        Ok(None)
    }
}

/// The shared strings of a workbook, in one buffer.
#[derive(Default)]
pub(crate) struct SharedStrings {
    text: String,
    ends: Vec<usize>,
}

impl SharedStrings {
    pub(crate) fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)?;
        let start = match index {
            0 => 0,
            _ => self.ends[index - 1],
        };
        self.text.get(start..end)
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Reads the shared strings part as calamine's `read_shared_strings`
    /// does: each `<si>` after the `<sst>` start, up to its end.
    /// `size`: the part's size in bytes, as the zip directory says.
    pub(crate) fn read(part: &mut impl Read, size: u64) -> Follow<SharedStrings> {
        let mut strings = SharedStrings::default();
        let mut reader = StringReader::default();
        #[derive(Clone, Copy, PartialEq)]
        enum At {
            Before,
            Table,
            String,
            Done,
        }
        let mut at = At::Before;
        let mut visit = |event: Event<'_>| {
            match (at, event) {
                (At::Before, Event::Start { local: "sst", .. }) => at = At::Table,
                (
                    At::Table,
                    Event::Start {
                        name, local: "si", ..
                    },
                ) => {
                    reader.start(name);
                    at = At::String;
                }
                (At::Table, Event::End { local: "sst", .. }) => {
                    at = At::Done;
                    return Ok(Flow::Stop);
                }
                (At::String, event) => {
                    if let Some(text) = reader.event(&event)? {
                        strings.text.push_str(&text);
                        strings.ends.push(strings.text.len());
                        reader.text = text;
                        at = At::Table;
                    }
                }
                _ => (),
            }
            Ok(Flow::More)
        };
        stream(part, size, &mut visit)?;
        if at != At::Done {
            return Err(Bail);
        }
        strings.text.shrink_to_fit();
        strings.ends.shrink_to_fit();
        Ok(strings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    fn strings(xml: &str) -> Follow<Vec<String>> {
        let strings = SharedStrings::read(&mut xml.as_bytes(), xml.len() as u64)?;
        Ok((0..strings.len())
            .map(|i| strings.get(i).unwrap().to_owned())
            .collect())
    }

    #[test]
    fn shared_strings_as_calamine_reads_them() {
        let xml = r#"<?xml version="1.0"?><x:sst xmlns:x="ns" uniqueCount="5">
            <x:si><x:t>plain</x:t></x:si>
            <x:si><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">rich </x:t></x:r><x:r><x:t>runs</x:t></x:r>
                <x:rPh sb="0" eb="1"><x:t>phonetic</x:t></x:rPh></x:si>
            <x:si><x:t>  trimmed&#10; &amp; _x000D_kept_x005F_x000D_ </x:t></x:si>
            <x:si/>
            <x:si><x:t><![CDATA[<cdata>]]>&lt;</x:t><x:t xml:space="preserve"> a&#13;
b </x:t></x:si>
        </x:sst>"#;
        assert_eq!(
            strings(xml).unwrap(),
            [
                "plain",
                "rich runs",
                "trimmed\n & \rkept_x000D_",
                "",
                "<cdata>< a\r\nb "
            ]
        );
        assert_eq!(strings("<sst><si><t>&nbsp;</t></si></sst>"), Err(Bail));
        assert_eq!(strings("<sst><si><t>cut"), Err(Bail));
    }

    /// A sheet's cells as `(row, col, value, formula)`, read with `formats`
    /// for style ids 0, 1, 2 and strings `["zero", "one"]`.
    fn read(sheet_data: &str, is_1904: bool) -> Result<Vec<(u32, u32, Value, bool)>, Failure> {
        let xml = format!(
            r#"<?xml version="1.0"?><worksheet xmlns="main"><dimension ref="A1:C3"/><sheetData>{sheet_data}</sheetData>
            <mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells></worksheet>"#
        );
        let sst = b"<sst><si><t>zero</t></si><si><t>one</t></si></sst>";
        let strings = SharedStrings::read(&mut &sst[..], sst.len() as u64)?;
        let formats = [
            CellFormat::Other,
            CellFormat::DateTime,
            CellFormat::TimeDelta,
        ];
        let context = Context {
            strings: &strings,
            formats: &formats,
            looks: &[],
            is_1904,
        };
        let limits = Limits::default();
        let (cells, merges) = read_part(&mut xml.as_bytes(), 3, &context, &limits)?;
        assert_eq!(
            merges,
            [Merge {
                first_row: 0,
                first_col: 0,
                last_row: 1,
                last_col: 1
            }]
        );
        Ok(cells
            .into_iter()
            .map(|c| (c.row, c.col, c.value, c.formula))
            .collect())
    }

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    #[test]
    fn values_by_type() {
        let cells = read(
            r#"<row r="1"><c r="A1"><v>1.5</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="b"><v>true</v></c>
               <c r="D1" t="e"><v>#N/A</v></c><c r="E1" t="str"><v>a&amp;b_x000D_</v></c>
               <c r="F1" t="d"><v>2024-03-31T00:00:00</v></c><c r="G1"><v>abc</v></c>
               <c r="H1" t="inlineStr"><v>ignored</v><is><r><t>in</t></r><r><t>line</t></r></is></c></row>"#,
            false,
        )
        .unwrap();
        assert_eq!(
            cells,
            [
                (0, 0, Value::Number(1.5), false),
                (0, 1, text("one"), false),
                (0, 2, Value::Bool(true), false),
                (0, 3, Value::Error("#N/A".into()), false),
                (0, 4, text("a&b\r"), false),
                (0, 5, Value::Date(Date::new(2024, 3, 31).unwrap()), false),
                (0, 6, text("abc"), false),
                (0, 7, text("inline"), false),
            ]
        );
    }

    #[test]
    fn positions_without_references_follow_calamine() {
        let cells = read(
            r#"<row r="3"><c><v>1</v></c><c r="E3"/><c><v>2</v></c></row><row><c><v>3</v></c></row>
               <row/><row><c/><c><f>A1</f></c></row>"#,
            false,
        )
        .unwrap();
        assert_eq!(
            cells,
            [
                (2, 0, Value::Number(1.0), false),
                (2, 5, Value::Number(2.0), false),
                (3, 0, Value::Number(3.0), false),
                (5, 1, Value::Empty, true),
            ]
        );
    }

    #[test]
    fn dates_by_style_and_epoch() {
        let data = r#"<row r="1"><c r="A1" s="1"><v>45382</v></c><c r="B1" s="2"><v>1.5</v></c>
                      <c r="C1" s="9"><v>45382</v></c><c r="D1" s="x"><v>1</v></c><c r="E1" s="1"><v>0.25</v></c></row>"#;
        let cells = read(data, false).unwrap();
        assert_eq!(cells[0].2, Value::Date(Date::new(2024, 3, 31).unwrap()));
        // Durations, styles out of range, non-numeric ids (style 0) and
        // times of day stay numbers.
        assert_eq!(cells[1].2, Value::Number(1.5));
        assert_eq!(cells[2].2, Value::Number(45382.0));
        assert_eq!(cells[3].2, Value::Number(1.0));
        assert_eq!(cells[4].2, Value::Number(0.25));
        let cells = read(data, true).unwrap();
        assert_eq!(cells[0].2, Value::Date(Date::new(2028, 4, 1).unwrap()));
    }

    #[test]
    fn empty_and_odd_values() {
        let cells = read(
            r#"<row r="1"><c r="A1"><v/></c><c r="B1" t="s"><v></v></c><c r="C1"><v><!-- x -->1</v></c>
               <c r="D1" t="str"><v><![CDATA[dropped]]>kept</v></c><c r="E1"><v>1</v><v>2</v></c>
               <c r="F1"><f t="shared" si="0" ref="F1:F2">1+1</f><v>2</v></c>
               <c r="G1" t="b"><v> 0 </v></c><c r="H1"><v>1e3</v></c></row>
               <row r="2"><c r="F2"><f t="shared" si="0"/></c></row>"#,
            false,
        )
        .unwrap();
        assert_eq!(
            cells,
            [
                (0, 3, text("kept"), false),
                (0, 4, Value::Number(2.0), false),
                (0, 5, Value::Number(2.0), true),
                (0, 6, Value::Bool(false), false),
                (0, 7, Value::Number(1000.0), false),
                (1, 5, Value::Empty, true),
            ]
        );
    }

    #[test]
    fn what_calamine_rejects_is_left_to_calamine() {
        for data in [
            r#"<row r="1"><c r="A1" t="s"><v>2</v></c></row>"#,
            r#"<row r="1"><c r="A1" t="e"><v>#OOPS!</v></c></row>"#,
            r#"<row r="1"><c r="A1" t="b"><v>yes</v></c></row>"#,
            r#"<row r="1"><c r="A1" t="n"><v>x</v></c></row>"#,
            r#"<row r="1"><c r="A1" t="x"><v>1</v></c></row>"#,
            r#"<row r="1"><c r="A1"><extLst/></c></row>"#,
            r#"<row r="1"><c r="1"><v>1</v></c></row>"#,
            r#"<row r="x"><c><v>1</v></c></row>"#,
            r#"<row r="1"><c r="A1"><f t="shared">A1</f></c></row>"#,
            r#"<row r="1"><c r="A1" t="str"><v>&bogus;</v></c></row>"#,
            r#"<row r="1"><c r="A1"><v>1</v></row>"#,
            r#"<row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>2</v></c></row>"#,
        ] {
            assert!(matches!(read(data, false), Err(Failure::Bail)), "{data}");
        }
    }
}
