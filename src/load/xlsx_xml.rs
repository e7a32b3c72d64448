//! The XML of xlsx parts as calamine sees it, read by our own code.
//!
//! calamine reads a part with quick-xml (`check_end_names` off, empty
//! elements expanded into a start and an end, text untrimmed) and
//! interprets the events with small helpers of its own: raw attribute
//! values, entity and `_xHHHH_` unescaping, A1 references. This module
//! gives the same events from a chunked buffer, found with `memchr`, and
//! ports those helpers, so that [`super::xlsx_sheet`] can read a sheet in
//! one pass and still yield exactly what calamine yields.
//!
//! Anything quick-xml or calamine would reject (a dangling `&`, an end tag
//! without a start, a `<!DOCTYPE`, bytes that are not UTF-8, a reference
//! whose arithmetic would overflow) and anything this port does not follow
//! stops the pass with [`Bail`]: the caller then reads the part with
//! calamine, which reports or tolerates it as it always has. Bailing is
//! always safe; yielding something calamine would not is the one thing
//! this module must never do.

use std::borrow::Cow;

use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::BytesRef;

/// The single pass cannot follow this part; calamine must read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Bail;

pub(crate) type Follow<T> = Result<T, Bail>;

/// One quick-xml event, as calamine's reader configuration produces it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Event<'a> {
    /// A start tag, or an empty element (then followed by its [`Event::End`]):
    /// the qualified name, its [`local`] part and the raw attributes after it.
    Start {
        name: &'a str,
        local: &'a str,
        attributes: &'a str,
    },
    /// An end tag: its name, trailing whitespace trimmed, and its local part.
    End { name: &'a str, local: &'a str },
    /// Raw text between markup and references (never empty).
    Text(&'a str),
    /// The name of an entity or character reference, between `&` and `;`.
    Ref(&'a str),
    /// The content of a CDATA section.
    CData(&'a str),
    /// A comment, processing instruction or XML declaration.
    Other,
}

/// Whether the visitor wants more events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flow {
    More,
    Stop,
}

/// Splits a part into events, chunk by chunk. Tracks what quick-xml tracks
/// across chunks: how many elements are open (an end tag with none open is
/// an error) and whether the byte order mark has been looked at.
#[derive(Default)]
pub(crate) struct Tokenizer {
    depth: u64,
    started: bool,
}

impl Tokenizer {
    /// Calls `visit` for each complete construct in `buf`, which holds the
    /// part from where the previous call stopped consuming; `eof` says no
    /// more bytes follow. Returns how many bytes were consumed (the caller
    /// keeps the rest for the next call) and whether `visit` stopped.
    pub(crate) fn feed<F>(&mut self, buf: &[u8], eof: bool, visit: &mut F) -> Follow<(usize, bool)>
    where
        F: FnMut(Event<'_>) -> Follow<Flow>,
    {
        let mut start = 0;
        if !self.started {
            if buf.len() < 4 && !eof {
                return Ok((0, false));
            }
            self.started = true;
            // quick-xml skips a UTF-8 byte order mark; UTF-16 is not followed.
            if buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
                start = 3;
            } else if buf.starts_with(&[0xFE, 0xFF])
                || buf.starts_with(&[0xFF, 0xFE])
                || buf.starts_with(&[0x00, b'<', 0x00, b'?'])
                || buf.starts_with(&[b'<', 0x00, b'?', 0x00])
            {
                return Err(Bail);
            }
        }
        // Everything up to the last `<` is complete UTF-8 if it is UTF-8 at
        // all (`<` never falls inside a character); quick-xml refuses the
        // part otherwise.
        let end = if eof {
            buf.len()
        } else {
            memchr::memrchr(b'<', &buf[start..]).map_or(start, |at| start + at)
        };
        let text = std::str::from_utf8(&buf[start..end]).map_err(|_| Bail)?;
        let (consumed, stopped) = self.events(text, eof, visit)?;
        Ok((start + consumed, stopped))
    }

    fn events<F>(&mut self, text: &str, eof: bool, visit: &mut F) -> Follow<(usize, bool)>
    where
        F: FnMut(Event<'_>) -> Follow<Flow>,
    {
        let bytes = text.as_bytes();
        let mut at = 0;
        // A construct that runs past the end: wait for more, or refuse.
        let incomplete = |at: usize| if eof { Err(Bail) } else { Ok((at, false)) };
        while at < bytes.len() {
            let rest = &bytes[at..];
            let flow = match rest[0] {
                b'<' => {
                    let Some(&second) = rest.get(1) else {
                        return incomplete(at);
                    };
                    match second {
                        b'!' => {
                            let (len, event) = if rest.starts_with(b"<!--") {
                                // quick-xml ends a comment at the first `-->`
                                // whose `>` is at least six bytes in.
                                match find(&rest[4..], b"-->") {
                                    Some(end) => (4 + end + 3, Event::Other),
                                    None => return incomplete(at),
                                }
                            } else if rest.starts_with(b"<![CDATA[") {
                                match find(&rest[9..], b"]]>") {
                                    Some(end) => {
                                        (9 + end + 3, Event::CData(&text[at + 9..at + 9 + end]))
                                    }
                                    None => return incomplete(at),
                                }
                            } else if rest.len() < 9
                                && (b"<![CDATA[".starts_with(rest) || b"<!--".starts_with(rest))
                            {
                                return incomplete(at);
                            } else {
                                // DOCTYPE, or markup quick-xml rejects.
                                return Err(Bail);
                            };
                            at += len;
                            visit(event)?
                        }
                        b'?' => {
                            // `<?>` is an error to quick-xml, `<??>` is not.
                            match find(&rest[1..], b"?>") {
                                Some(0) => return Err(Bail),
                                Some(end) => at += 1 + end + 2,
                                None => return incomplete(at),
                            }
                            visit(Event::Other)?
                        }
                        b'/' => {
                            let Some(len) = tag_len(rest) else {
                                return incomplete(at);
                            };
                            let name = text[at + 2..at + len - 1].trim_end_matches(is_space);
                            self.depth = self.depth.checked_sub(1).ok_or(Bail)?;
                            at += len;
                            visit(Event::End {
                                name,
                                local: local(name),
                            })?
                        }
                        _ => {
                            let Some(len) = tag_len(rest) else {
                                return incomplete(at);
                            };
                            let content = &text[at + 1..at + len - 1];
                            let (content, empty) = match content.strip_suffix('/') {
                                Some(content) => (content, true),
                                None => (content, false),
                            };
                            let name_len = content
                                .bytes()
                                .position(|b| is_space(char::from(b)))
                                .unwrap_or(content.len());
                            let (name, attributes) = content.split_at(name_len);
                            let local = local(name);
                            at += len;
                            self.depth += 1;
                            let flow = visit(Event::Start {
                                name,
                                local,
                                attributes,
                            })?;
                            if empty && flow == Flow::More {
                                self.depth -= 1;
                                visit(Event::End { name, local })?
                            } else {
                                flow
                            }
                        }
                    }
                }
                b'&' => {
                    // A reference ends at `;`; a `&` or `<` first is an
                    // unclosed reference, an error to quick-xml.
                    match memchr::memchr3(b';', b'&', b'<', &rest[1..]) {
                        Some(end) if rest[1 + end] == b';' => {
                            let name = &text[at + 1..at + 1 + end];
                            at += end + 2;
                            visit(Event::Ref(name))?
                        }
                        _ => return Err(Bail),
                    }
                }
                _ => {
                    let len = memchr::memchr2(b'<', b'&', rest).unwrap_or(rest.len());
                    // Without `eof`, the text ends at the `<` that ends `text`.
                    let raw = &text[at..at + len];
                    at += len;
                    visit(Event::Text(raw))?
                }
            };
            if flow == Flow::Stop {
                return Ok((at, true));
            }
        }
        Ok((at, false))
    }
}

/// XML whitespace, as quick-xml counts it.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\r' | '\n' | '\t')
}

/// Length of the tag at the start of `rest`, up to its `>` outside quotes
/// (quick-xml's `ElementParser`, which starts after the `<`). Tags are
/// short: a plain loop beats setting up a vector search for each.
fn tag_len(rest: &[u8]) -> Option<usize> {
    let mut quote = None;
    for (at, &b) in rest.iter().enumerate().skip(1) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => (),
            None if b == b'>' => return Some(at + 1),
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None => (),
        }
    }
    None
}

pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// The part of a qualified name after the first `:` (quick-xml's `local_name`).
pub(crate) fn local(name: &str) -> &str {
    match name.bytes().position(|b| b == b':') {
        Some(at) => &name[at + 1..],
        None => name,
    }
}

/// Attributes `key="value"` of a tag, raw (not unescaped), as calamine's
/// `RawAttrIter` reads them: a key without `=` or a value without quotes
/// is an error.
pub(crate) struct Attributes<'a> {
    raw: &'a str,
    at: usize,
}

impl<'a> Attributes<'a> {
    pub(crate) fn new(raw: &'a str) -> Attributes<'a> {
        Attributes { raw, at: 0 }
    }
}

impl<'a> Iterator for Attributes<'a> {
    type Item = Follow<(&'a str, &'a str)>;

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.raw.as_bytes();
        let len = bytes.len();
        let mut at = self.at;
        while at < len && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        if at >= len {
            self.at = len;
            return None;
        }
        let key_start = at;
        while at < len && bytes[at] != b'=' {
            at += 1;
        }
        if at >= len {
            self.at = len;
            return Some(Err(Bail));
        }
        let key = self.raw[key_start..at].trim_ascii_end();
        at += 1;
        while at < len && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let quote = match bytes.get(at) {
            Some(&quote @ (b'"' | b'\'')) => quote,
            _ => {
                self.at = len;
                return Some(Err(Bail));
            }
        };
        at += 1;
        let value_start = at;
        while at < len && bytes[at] != quote {
            at += 1;
        }
        let value = &self.raw[value_start..at];
        self.at = (at + 1).min(len);
        Some(Ok((key, value)))
    }
}

/// One attribute by its exact key (calamine's `raw_attr`): an error met
/// before it is found is an error.
pub(crate) fn attribute<'a>(raw: &'a str, key: &str) -> Follow<Option<&'a str>> {
    for item in Attributes::new(raw) {
        let (k, v) = item?;
        if k == key {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

/// Several attributes in one pass (calamine's `get_attrs!`): the scan stops
/// as soon as as many matches as keys were seen, so a repeated key can
/// hide a later one, as it does for calamine.
pub(crate) fn attributes<'a, const N: usize>(
    raw: &'a str,
    keys: [&str; N],
) -> Follow<[Option<&'a str>; N]> {
    let mut values = [None; N];
    let mut found = 0;
    for item in Attributes::new(raw) {
        let (k, v) = item?;
        if let Some(index) = keys.iter().position(|key| *key == k) {
            values[index] = Some(v);
            found += 1;
            if found == N {
                break;
            }
        }
    }
    Ok(values)
}

/// Appends text with XML 1.0 line ends normalised (quick-xml's
/// `xml10_content`): `\r\n` and a lone `\r` become `\n`.
pub(crate) fn push_text(out: &mut String, raw: &str) {
    let mut rest = raw;
    while let Some(at) = memchr::memchr(b'\r', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        out.push('\n');
        let skip = if rest.as_bytes().get(at + 1) == Some(&b'\n') {
            2
        } else {
            1
        };
        rest = &rest[at + skip..];
    }
    out.push_str(rest);
}

/// Appends what a reference stands for (calamine's
/// `unescape_entity_to_buffer`): the five XML entities and character
/// references; anything else is an error.
pub(crate) fn push_ref(out: &mut String, name: &str) -> Follow<()> {
    if let Some(text) = resolve_xml_entity(name) {
        out.push_str(text);
        return Ok(());
    }
    match BytesRef::new(name).resolve_char_ref() {
        Ok(Some(c)) => {
            out.push(c);
            Ok(())
        }
        _ => Err(Bail),
    }
}

const ESCAPE_LEN: usize = 7;

/// Excel's `_xHHHH_` escapes of UTF-16 code units (calamine's
/// `unescape_xml`): a surrogate pair makes one character, a lone surrogate
/// U+FFFD; `_x005F_` is a literal `_`.
pub(crate) fn unescape_excel(original: &str) -> Cow<'_, str> {
    let Some((mut index, mut unit)) = find_escape(original, 0) else {
        return Cow::Borrowed(original);
    };
    let mut out = String::with_capacity(original.len());
    let mut copied = 0;
    loop {
        out.push_str(&original[copied..index]);
        index += ESCAPE_LEN;
        match unit {
            0xD800..=0xDBFF => match parse_escape(original, index) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let code =
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                    index += ESCAPE_LEN;
                }
                _ => out.push(char::REPLACEMENT_CHARACTER),
            },
            0xDC00..=0xDFFF => out.push(char::REPLACEMENT_CHARACTER),
            _ => out.push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
        copied = index;
        match find_escape(original, index) {
            Some(next) => (index, unit) = next,
            None => break,
        }
    }
    out.push_str(&original[copied..]);
    Cow::Owned(out)
}

fn find_escape(original: &str, mut start: usize) -> Option<(usize, u16)> {
    while let Some(offset) = memchr::memchr(b'_', &original.as_bytes()[start..]) {
        let index = start + offset;
        if let Some(unit) = parse_escape(original, index) {
            return Some((index, unit));
        }
        start = index + 1;
    }
    None
}

fn parse_escape(original: &str, index: usize) -> Option<u16> {
    let bytes = original.as_bytes().get(index..index + ESCAPE_LEN)?;
    if bytes[0] != b'_' || bytes[1] != b'x' || bytes[6] != b'_' {
        return None;
    }
    let hex = &bytes[2..6];
    if !hex.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
}

/// `B12` → `(11, Some(1))`, `12` → `(11, None)` (calamine's
/// `get_row_and_optional_column`). calamine's arithmetic is unchecked, so
/// a reference that would overflow is not followed.
fn row_and_column(reference: &str) -> Follow<(u32, Option<u32>)> {
    let bytes = reference.as_bytes();
    let mut at = 0;
    let mut col: u32 = 0;
    let mut row: u32 = 0;
    while at < bytes.len() {
        let letter = match bytes[at] {
            c @ b'A'..=b'Z' => c - b'A',
            c @ b'a'..=b'z' => c - b'a',
            c @ b'0'..=b'9' => {
                row = u32::from(c - b'0');
                at += 1;
                break;
            }
            _ => return Err(Bail),
        };
        col = col
            .checked_mul(26)
            .and_then(|c| c.checked_add(u32::from(letter) + 1))
            .ok_or(Bail)?;
        at += 1;
    }
    for &c in &bytes[at..] {
        if !c.is_ascii_digit() {
            return Err(Bail);
        }
        row = row
            .checked_mul(10)
            .and_then(|r| r.checked_add(u32::from(c - b'0')))
            .ok_or(Bail)?;
    }
    let row = row.checked_sub(1).ok_or(Bail)?;
    Ok((row, col.checked_sub(1)))
}

/// A cell reference's `(row, col)`, 0-based (calamine's `get_row_column`).
pub(crate) fn cell_position(reference: &str) -> Follow<(u32, u32)> {
    let (row, col) = row_and_column(reference)?;
    Ok((row, col.ok_or(Bail)?))
}

/// A row reference's row, any column ignored (calamine's `get_row`).
pub(crate) fn row_position(reference: &str) -> Follow<u32> {
    row_and_column(reference).map(|(row, _)| row)
}

/// `A1:C3` or `B2` as first and last `(row, col)` (calamine's
/// `get_dimension`). A range whose end precedes its start makes calamine
/// subtract past zero, which it does not check; such a range is not followed.
pub(crate) fn dimension(reference: &str) -> Follow<((u32, u32), (u32, u32))> {
    let mut parts = reference.split(':');
    let first = cell_position(parts.next().unwrap_or_default())?;
    let last = match parts.next() {
        Some(part) => cell_position(part)?,
        None => first,
    };
    if parts.next().is_some() || last.0 < first.0 || last.1 < first.1 {
        return Err(Bail);
    }
    Ok((first, last))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Events as `(kind, text)`, fed in pieces of `step` bytes.
    fn events(xml: &[u8], step: usize) -> Follow<Vec<String>> {
        let mut out = Vec::new();
        let mut tokenizer = Tokenizer::default();
        let mut buf = Vec::new();
        let mut visit = |event: Event<'_>| {
            out.push(match event {
                Event::Start {
                    name,
                    local,
                    attributes,
                } => format!("<{name}|{local}|{attributes}>"),
                Event::End { name, local } => format!("</{name}|{local}>"),
                Event::Text(text) => format!("T{text}"),
                Event::Ref(name) => format!("&{name};"),
                Event::CData(text) => format!("C{text}"),
                Event::Other => "?".to_owned(),
            });
            Ok(Flow::More)
        };
        let mut pieces = xml.chunks(step).peekable();
        while let Some(piece) = pieces.next() {
            buf.extend_from_slice(piece);
            let eof = pieces.peek().is_none();
            let (consumed, _) = tokenizer.feed(&buf, eof, &mut visit)?;
            buf.drain(..consumed);
            if eof && !buf.is_empty() {
                return Err(Bail);
            }
        }
        Ok(out)
    }

    #[test]
    fn events_match_quick_xml_in_any_chunking() {
        let xml =
            "\u{feff}<?xml version=\"1.0\"?><x:a x=\"1>2\" y='\"'><b/>t&amp;u&#x41;<!-- <c> -->\
                   <![CDATA[<d>&]]><e\t/></x:a  >é"
                .as_bytes();
        let expected = [
            "?",
            "<x:a|a| x=\"1>2\" y='\"'>",
            "<b|b|>",
            "</b|b>",
            "Tt",
            "&amp;",
            "Tu",
            "&#x41;",
            "?",
            "C<d>&",
            "<e|e|\t>",
            "</e|e>",
            "</x:a|a>",
            "Té",
        ];
        for step in [1, 2, 3, 7, 1000] {
            assert_eq!(events(xml, step).unwrap(), expected, "step {step}");
        }
    }

    #[test]
    fn what_quick_xml_rejects_is_not_followed() {
        for xml in [
            "<a>x & y</a>",
            "<a>&amp</a>",
            "<a></a></b>",
            "<!DOCTYPE a><a/>",
            "<!x><a/>",
            "<?><a/>",
            "<a",
            "<a><!-- x",
            "<a>\u{0}\u{0}",
        ] {
            let result = events(xml.as_bytes(), 1000);
            if xml.contains('\u{0}') {
                assert!(result.is_ok(), "NUL is valid UTF-8: {xml}");
            } else {
                assert_eq!(result, Err(Bail), "{xml}");
            }
        }
        assert_eq!(events(b"<a>\xff</a>", 1000), Err(Bail));
        assert_eq!(events(b"\xff\xfe<\x00a\x00", 1000), Err(Bail));
        // `<!-->` is not yet the end of a comment for quick-xml.
        assert_eq!(
            events(b"<!-->--><a/>", 1000).unwrap(),
            ["?", "<a|a|>", "</a|a>"]
        );
    }

    #[test]
    fn attributes_as_calamine_reads_them() {
        assert_eq!(attribute(r#" r="A1" s='2'"#, "s"), Ok(Some("2")));
        assert_eq!(attribute(r#" r = "A1" "#, "r"), Ok(Some("A1")));
        assert_eq!(attribute(r#" x=1 r="A1""#, "r"), Err(Bail));
        assert_eq!(attribute(r#" r="A1" x"#, "r"), Ok(Some("A1")));
        assert_eq!(attribute(r#" x:r="A1""#, "r"), Ok(None));
        // The first three matches end the scan, whatever they matched.
        assert_eq!(
            attributes(r#" r="A1" r="B2" s="1" t="s""#, ["r", "s", "t"]),
            Ok([Some("B2"), Some("1"), None])
        );
    }

    #[test]
    fn text_escapes() {
        let mut out = String::new();
        push_text(&mut out, "a\r\nb\rc\n");
        push_ref(&mut out, "lt").unwrap();
        push_ref(&mut out, "#13").unwrap();
        push_ref(&mut out, "#x1F600").unwrap();
        assert_eq!(out, "a\nb\nc\n<\r😀");
        assert_eq!(push_ref(&mut out, "nbsp"), Err(Bail));
        assert_eq!(push_ref(&mut out, "#0"), Err(Bail));
        assert_eq!(push_ref(&mut out, "#xD800"), Err(Bail));
        assert_eq!(unescape_excel("a_x000D_b"), "a\rb");
        assert_eq!(unescape_excel("_x005F_x000D_"), "_x000D_");
        assert_eq!(unescape_excel("_xD83D__xDE00_!"), "😀!");
        assert_eq!(unescape_excel("_xD83D_x"), "\u{FFFD}x");
        assert_eq!(unescape_excel("_x12_ _xZZZZ_"), "_x12_ _xZZZZ_");
    }

    #[test]
    fn references() {
        assert_eq!(cell_position("A1"), Ok((0, 0)));
        assert_eq!(cell_position("xfd1048576"), Ok((1_048_575, 16_383)));
        assert_eq!(cell_position("A0"), Err(Bail));
        assert_eq!(cell_position("12"), Err(Bail));
        assert_eq!(cell_position("$A$1"), Err(Bail));
        assert_eq!(cell_position("A99999999999"), Err(Bail));
        assert_eq!(cell_position("ZZZZZZZZ1"), Err(Bail));
        assert_eq!(row_position("7"), Ok(6));
        assert_eq!(row_position("C7"), Ok(6));
        assert_eq!(dimension("B2:C4"), Ok(((1, 1), (3, 2))));
        assert_eq!(dimension("B2"), Ok(((1, 1), (1, 1))));
        assert_eq!(dimension("C4:B2"), Err(Bail));
        assert_eq!(dimension("A1:B2:C3"), Err(Bail));
        assert_eq!(local("x:c"), "c");
        assert_eq!(local("c"), "c");
    }
}
