//! Notes: the comments part (the text; the boxes Excel shows are in
//! [`super::vml`]). A cell that already has a note keeps it, with the findings
//! appended after a blank line; a note holding an earlier wreslint block has
//! that block replaced. Cells without a note get a new one and a new shape.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use quick_xml::events::Event;
use quick_xml::Writer;

use super::xml::{a1, attr, escape, parse_a1, prefix_of, qualified, reader, xml_fail};
use super::{Fail, NOTE_MARKER};

const AUTHOR: &str = "wreslint";

/// One note to place: its cell (0-based) and text.
#[derive(Clone, Debug)]
pub(crate) struct Note {
    pub row: u32,
    pub col: u32,
    /// The bold first line, starting with [`NOTE_MARKER`].
    pub head: String,
    pub body: String,
}

impl Note {
    pub(crate) fn lines(&self) -> usize {
        1 + self
            .body
            .lines()
            .map(|l| 1 + l.chars().count() / 48)
            .sum::<usize>()
    }
}

/// What patching a comments part found.
#[derive(Debug, Default)]
pub(crate) struct Patched {
    pub bytes: Vec<u8>,
    /// Flagged cells that already had a comment (they need no new shape).
    pub had_comment: BTreeSet<(u32, u32)>,
    /// Flagged cells whose comment is the stub of a threaded comment.
    pub threaded: Vec<(u32, u32)>,
}

fn raw(event: &Event<'_>) -> String {
    let mut w = Writer::new(Vec::new());
    let _ = w.write_event(event.borrow());
    String::from_utf8_lossy(&w.into_inner()).into_owned()
}

/// Our runs: the bold head and the body, in Excel's default note font.
fn runs(p: &str, sep: &str, note: &Note) -> String {
    let q = |l: &str| qualified(p, l);
    let rpr = |bold: bool| {
        format!(
            r#"<{rpr}>{b}<{sz} val="9"/><{color} indexed="81"/><{font} val="Tahoma"/><{family} val="2"/></{rpr}>"#,
            rpr = q("rPr"),
            b = if bold {
                format!("<{}/>", q("b"))
            } else {
                String::new()
            },
            sz = q("sz"),
            color = q("color"),
            font = q("rFont"),
            family = q("family"),
        )
    };
    format!(
        r#"<{r}>{}<{t} xml:space="preserve">{}</{t}></{r}><{r}>{}<{t} xml:space="preserve">{}</{t}></{r}>"#,
        rpr(true),
        escape(&format!("{sep}{}", note.head)),
        rpr(false),
        escape(&note.body),
        r = q("r"),
        t = q("t"),
    )
}

fn new_comment(p: &str, author: usize, note: &Note) -> String {
    format!(
        r#"<{c} ref="{}" authorId="{author}"><{text}>{}</{text}></{c}>"#,
        a1(note.row, note.col),
        runs(p, "", note),
        c = qualified(p, "comment"),
        text = qualified(p, "text"),
    )
}

/// A new comments part holding `notes`.
pub(crate) fn new_part(notes: &[Note], main_ns: &str) -> Vec<u8> {
    let mut out = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<comments xmlns="{main_ns}"><authors><author>{AUTHOR}</author></authors><commentList>"#
    );
    for note in notes {
        out.push_str(&new_comment("", 0, note));
    }
    out.push_str("</commentList></comments>");
    out.into_bytes()
}

/// One child of a comment's `<text>`: a plain `<t>`, a run `<r>`, or
/// anything else (phonetic runs), with the raw XML around its text.
struct Segment {
    kind: SegKind,
    before: String,
    text: String,
    after: String,
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum SegKind {
    T,
    R,
    Other,
}

/// Appends a note to an existing comment (its events, `<comment>` to
/// `</comment>`), replacing an earlier wreslint block. Also tells whether
/// the comment is the stub Excel writes for a threaded comment.
fn patch_comment(events: &[Event<'static>], p: &str, note: &Note) -> (String, bool) {
    let last = events.len().saturating_sub(1);
    let mut out = raw(&events[0]);
    let mut threaded = false;
    let mut wrote_note = false;
    let mut depth = 0usize;
    let mut i = 1;
    while i < last {
        let event = &events[i];
        match event {
            Event::Start(e) if depth == 0 && e.local_name().as_ref() == "text" => {
                let (segments, end) = text_segments(events, i + 1, last);
                threaded |= segments
                    .iter()
                    .any(|s| s.text.contains("[Threaded comment]"));
                out.push_str(&raw(event));
                out.push_str(&finish_text(segments, p, note));
                out.push_str(&raw(&events[end]));
                wrote_note = true;
                i = end + 1;
                continue;
            }
            Event::Empty(e) if depth == 0 && e.local_name().as_ref() == "text" => {
                let name = e.name().as_ref().to_owned();
                out.push_str(&format!("<{}>{}</{name}>", &**e, runs(p, "", note)));
                wrote_note = true;
            }
            Event::Start(_) => {
                depth += 1;
                out.push_str(&raw(event));
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                out.push_str(&raw(event));
            }
            _ => out.push_str(&raw(event)),
        }
        i += 1;
    }
    if !wrote_note {
        let text = qualified(p, "text");
        out.push_str(&format!("<{text}>{}</{text}>", runs(p, "", note)));
    }
    out.push_str(&raw(&events[last]));
    (out, threaded)
}

/// Index of the end event matching the start event at `start`.
fn matching_end(events: &[Event<'static>], start: usize, limit: usize) -> usize {
    let mut depth = 0usize;
    for (k, event) in events.iter().enumerate().take(limit + 1).skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    limit
}

fn raws(events: &[Event<'static>]) -> String {
    events.iter().map(raw).collect()
}

/// The children of a `<text>` whose first child event is at `from`; also
/// the index of `</text>`.
fn text_segments(events: &[Event<'static>], from: usize, limit: usize) -> (Vec<Segment>, usize) {
    let mut segments = Vec::new();
    let mut k = from;
    while k < limit {
        let event = &events[k];
        let (kind, end) = match event {
            Event::End(_) => return (segments, k),
            Event::Start(e) | Event::Empty(e) => {
                let kind = match e.local_name().as_ref() {
                    "t" => SegKind::T,
                    "r" => SegKind::R,
                    _ => SegKind::Other,
                };
                let end = match event {
                    Event::Start(_) => matching_end(events, k, limit),
                    _ => k,
                };
                (kind, end)
            }
            _ => (SegKind::Other, k),
        };
        let all = &events[k..=end];
        let segment = match kind {
            SegKind::T if end > k => Segment {
                kind,
                before: raw(&all[0]),
                text: raws(&all[1..all.len() - 1]),
                after: raw(&all[all.len() - 1]),
            },
            SegKind::R => {
                let t = (1..all.len()).find(
                    |&j| matches!(&all[j], Event::Start(e) if e.local_name().as_ref() == "t"),
                );
                match t {
                    Some(ts) => {
                        let te = matching_end(all, ts, all.len() - 1);
                        Segment {
                            kind,
                            before: raws(&all[..=ts]),
                            text: raws(&all[ts + 1..te]),
                            after: raws(&all[te..]),
                        }
                    }
                    None => Segment {
                        kind,
                        before: raws(all),
                        text: String::new(),
                        after: String::new(),
                    },
                }
            }
            _ => Segment {
                kind,
                before: raws(all),
                text: String::new(),
                after: String::new(),
            },
        };
        segments.push(segment);
        k = end + 1;
    }
    (segments, limit)
}

/// The children of `<text>`: the existing runs up to any earlier wreslint
/// block, then ours.
fn finish_text(mut segments: Vec<Segment>, p: &str, note: &Note) -> String {
    if let Some(i) = segments
        .iter()
        .position(|s| s.kind != SegKind::Other && s.text.contains(NOTE_MARKER))
    {
        let cut = segments[i].text.find(NOTE_MARKER).unwrap_or(0);
        segments[i].text.truncate(cut);
        let keep_i = !trim_newlines(&mut segments[i].text).is_empty();
        let mut index = 0;
        segments.retain(|s| {
            let keep =
                index < i || (index == i && keep_i) || (index > i && s.kind == SegKind::Other);
            index += 1;
            keep
        });
    }
    let has_text = segments
        .iter()
        .any(|s| s.kind != SegKind::Other && !s.text.trim().is_empty());
    let mut out = String::new();
    let mut others = String::new();
    for s in segments {
        let xml = format!("{}{}{}", s.before, s.text, s.after);
        match s.kind {
            // A plain <t> before runs is valid, but Excel only writes one or
            // the other: wrap it in a run.
            SegKind::T => {
                let _ = write!(out, "<{r}>{xml}</{r}>", r = qualified(p, "r"));
            }
            SegKind::R => out.push_str(&xml),
            SegKind::Other => others.push_str(&xml),
        }
    }
    out.push_str(&runs(p, if has_text { "\n\n" } else { "" }, note));
    out.push_str(&others);
    out
}

/// Drops trailing line breaks (literal or as character references).
fn trim_newlines(text: &mut String) -> &str {
    loop {
        let before = text.len();
        for tail in [
            "\n", "\r", "&#10;", "&#xA;", "&#xa;", "&#13;", "&#xD;", "&#xd;", "_x000D_",
        ] {
            if text.ends_with(tail) {
                text.truncate(text.len() - tail.len());
            }
        }
        if text.len() == before {
            break;
        }
    }
    text.as_str()
}

/// Patches an existing comments part: our author added once, notes on
/// cells with a comment appended to it, new comments after the others.
pub(crate) fn patch_part(existing: &[u8], notes: &[Note], part: &str) -> Result<Patched, Fail> {
    let by_cell: BTreeMap<(u32, u32), &Note> = notes.iter().map(|n| ((n.row, n.col), n)).collect();
    let authors = author_names(existing, part)?;
    let (author, add_author) = match authors.iter().position(|a| a == AUTHOR) {
        Some(i) => (i, false),
        None => (authors.len(), true),
    };
    let mut patched = Patched::default();
    let mut r = reader(existing);
    let mut w = Writer::new(Vec::with_capacity(existing.len() + notes.len() * 400));
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let mut p = String::new();
    let mut comment: Option<((u32, u32), Vec<Event<'static>>)> = None;
    let mut saw_list = false;
    let mut saw_authors = false;
    let fail = |e: std::io::Error| Fail::Corrupt(format!("writing {part}: {e}"));
    let write_raw =
        |w: &mut Writer<Vec<u8>>, text: &str| w.get_mut().extend_from_slice(text.as_bytes());
    let author_xml = |p: &str| format!("<{a}>{AUTHOR}</{a}>", a = qualified(p, "author"));
    let remaining = |had: &BTreeSet<(u32, u32)>, p: &str| {
        notes
            .iter()
            .filter(|n| !had.contains(&(n.row, n.col)))
            .map(|n| new_comment(p, author, n))
            .collect::<String>()
    };
    loop {
        let event = r.read_event_into(&mut buf).map_err(|e| xml_fail(part, e))?;
        if let Some((at, events)) = comment.as_mut() {
            match &event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                Event::Eof => return Err(Fail::Corrupt(format!("{part} ends inside a comment"))),
                _ => {}
            }
            events.push(event.into_owned());
            if depth == 2 {
                let at = *at;
                let (_, events) = comment.take().expect("comment");
                let (xml, threaded) = patch_comment(&events, &p, by_cell[&at]);
                if threaded {
                    patched.threaded.push(at);
                }
                write_raw(&mut w, &xml);
            }
            buf.clear();
            continue;
        }
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                let local = e.local_name().as_ref().to_owned();
                if depth == 0 {
                    p = prefix_of(e.name().as_ref()).to_owned();
                }
                if depth == 1 && local == "commentList" && !saw_authors {
                    saw_authors = true;
                    let a = qualified(&p, "authors");
                    write_raw(&mut w, &format!("<{a}>{}</{a}>", author_xml(&p)));
                }
                match (depth, local.as_str(), empty) {
                    (1, "authors", true) => {
                        saw_authors = true;
                        let name = e.name().as_ref().to_owned();
                        write_raw(&mut w, &format!("<{}>{}</{name}>", &**e, author_xml(&p)));
                    }
                    (1, "commentList", true) => {
                        saw_list = true;
                        let name = e.name().as_ref().to_owned();
                        let rest = remaining(&patched.had_comment, &p);
                        write_raw(&mut w, &format!("<{}>{rest}</{name}>", &**e));
                    }
                    (2, "comment", _) => {
                        let at = attr(e, "ref").and_then(|r| parse_a1(&r));
                        match at.filter(|at| by_cell.contains_key(at)) {
                            Some(at) if !patched.had_comment.contains(&at) => {
                                patched.had_comment.insert(at);
                                if empty {
                                    let xml = new_comment(&p, author, by_cell[&at]);
                                    write_raw(&mut w, &xml);
                                } else {
                                    comment = Some((at, vec![event.clone().into_owned()]));
                                }
                            }
                            _ => w.write_event(event.borrow()).map_err(fail)?,
                        }
                    }
                    _ => w.write_event(event.borrow()).map_err(fail)?,
                }
                if !empty {
                    depth += 1;
                    if local == "authors" && depth == 2 {
                        saw_authors = true;
                    }
                    if local == "commentList" && depth == 2 {
                        saw_list = true;
                    }
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                let local = e.local_name().as_ref().to_owned();
                if depth == 1 && local == "authors" && add_author {
                    write_raw(&mut w, &author_xml(&p));
                } else if depth == 1 && local == "commentList" {
                    let rest = remaining(&patched.had_comment, &p);
                    write_raw(&mut w, &rest);
                } else if depth == 0 && !saw_list {
                    let l = qualified(&p, "commentList");
                    let rest = remaining(&patched.had_comment, &p);
                    write_raw(&mut w, &format!("<{l}>{rest}</{l}>"));
                }
                w.write_event(event.borrow()).map_err(fail)?;
            }
            Event::Eof => break,
            _ => w.write_event(event.borrow()).map_err(fail)?,
        }
        buf.clear();
    }
    patched.bytes = w.into_inner();
    Ok(patched)
}

fn author_names(bytes: &[u8], part: &str) -> Result<Vec<String>, Fail> {
    let mut r = reader(bytes);
    let mut buf = Vec::new();
    let mut names = Vec::new();
    let mut current: Option<String> = None;
    loop {
        match r.read_event_into(&mut buf).map_err(|e| xml_fail(part, e))? {
            Event::Start(e) if e.local_name().as_ref() == "author" => current = Some(String::new()),
            Event::Empty(e) if e.local_name().as_ref() == "author" => names.push(String::new()),
            Event::Text(t) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&g.xml10_content());
                }
            }
            Event::End(e) if e.local_name().as_ref() == "author" => {
                names.extend(current.take());
            }
            Event::End(e) if e.local_name().as_ref() == "authors" => break,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(names)
}

/// A note for tests: one finding, with text that needs escaping.
#[cfg(test)]
pub(crate) fn test_note(row: u32, col: u32) -> Note {
    Note {
        row,
        col,
        head: "[wreslint] 1 finding".to_owned(),
        body: "\nerror X001 x: bad <thing>".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::test_note as note;
    use super::*;

    #[test]
    fn appends_to_existing_comments_once() {
        let existing = r#"<?xml version="1.0"?><comments xmlns="m"><authors><author>Ann</author></authors><commentList><comment ref="B2" authorId="0"><text><t>Check this</t></text></comment><comment ref="C3" authorId="0"><text><r><rPr><b/></rPr><t>Ann:</t></r><r><t xml:space="preserve"> keep</t></r></text></comment></commentList></comments>"#;
        let notes = vec![note(1, 1), note(5, 0)];
        let patched = patch_part(existing.as_bytes(), &notes, "c.xml").unwrap();
        let out = String::from_utf8(patched.bytes.clone()).unwrap();
        assert_eq!(patched.had_comment, BTreeSet::from([(1, 1)]));
        assert!(
            out.contains("<authors><author>Ann</author><author>wreslint</author></authors>"),
            "{out}"
        );
        assert!(
            out.contains(
                r#"<comment ref="B2" authorId="0"><text><r><t>Check this</t></r><r><rPr><b/>"#
            ),
            "{out}"
        );
        assert!(out.contains("\n\n[wreslint] 1 finding"), "{out}");
        assert!(out.contains("bad &lt;thing&gt;"), "{out}");
        assert!(out.contains(r#"<comment ref="C3" authorId="0"><text><r><rPr><b/></rPr><t>Ann:</t></r><r><t xml:space="preserve"> keep</t></r></text></comment>"#), "{out}");
        assert!(out.contains(r#"<comment ref="A6" authorId="1">"#), "{out}");
        // Annotating the annotated part again replaces the block: no duplicates.
        let again = patch_part(&patched.bytes, &notes, "c.xml").unwrap();
        let again_text = String::from_utf8(again.bytes.clone()).unwrap();
        assert_eq!(again_text.matches("[wreslint]").count(), 2, "{again_text}");
        assert_eq!(again_text.matches("<author>wreslint</author>").count(), 1);
        assert_eq!(again_text.matches("Check this").count(), 1);
        assert_eq!(again_text, out);
    }

    #[test]
    fn a_new_part_has_one_comment_per_note() {
        let out = String::from_utf8(new_part(&[note(0, 0), note(2, 3)], "m")).unwrap();
        assert_eq!(out.matches("<comment ").count(), 2);
        assert!(out.contains(r#"<comment ref="D3" authorId="0">"#));
    }
}
