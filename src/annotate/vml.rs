//! The VML drawing of notes: the boxes Excel shows for the comments part's
//! notes, one shape per note, with shape ids that no other drawing of the
//! workbook uses.

use std::collections::BTreeSet;

use super::comments::Note;
use super::Fail;

const VML_NS: &str = r#"xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel""#;

const SHAPETYPE: &str = r##"<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>"##;

/// The VML shape of a note box at a cell, hidden until hovered.
fn shape(id: u32, note: &Note, z: usize, declare: bool) -> String {
    let (row, col) = (note.row, note.col);
    let top = row.saturating_sub(1);
    let height = note.lines().clamp(4, 24) as u32;
    format!(
        r##"<v:shape{ns} id="_x0000_s{id}" type="#_x0000_t202" style="position:absolute;margin-left:{ml}pt;margin-top:{mt}pt;width:240pt;height:{h}pt;z-index:{z};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{c1}, 15, {top}, 10, {c2}, 15, {bottom}, 4</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData></v:shape>"##,
        ns = if declare {
            format!(" {VML_NS}")
        } else {
            String::new()
        },
        ml = (col + 1) * 48 + 11,
        mt = top as f64 * 15.0 + 1.5,
        h = height * 15,
        c1 = col + 1,
        c2 = col + 5,
        bottom = top + height,
    )
}

/// Shape ids wreslint may use: `count` ids from `first`, and the 1024-id
/// blocks they fall in (VML's `o:idmap`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ids {
    pub first: u32,
    pub count: u32,
}

impl Ids {
    fn blocks(&self) -> Vec<u32> {
        let last = self.first + self.count.max(1) - 1;
        (self.first / 1024..=last / 1024).collect()
    }
}

/// A new VML drawing with a shape per note.
pub(crate) fn new_drawing(notes: &[&Note], ids: Ids) -> Vec<u8> {
    let blocks: Vec<String> = ids.blocks().iter().map(u32::to_string).collect();
    let mut out = format!(
        r#"<xml {VML_NS}><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{}"/></o:shapelayout>{SHAPETYPE}"#,
        blocks.join(",")
    );
    for (i, note) in notes.iter().enumerate() {
        out.push_str(&shape(ids.first + i as u32, note, i + 1, false));
    }
    out.push_str("</xml>");
    out.into_bytes()
}

/// Appends shapes to an existing VML drawing (VML is not always
/// well-formed XML, so this works on the text).
pub(crate) fn append(
    existing: &[u8],
    notes: &[&Note],
    ids: Ids,
    part: &str,
) -> Result<Vec<u8>, Fail> {
    let text = String::from_utf8_lossy(existing);
    let lower = text.to_ascii_lowercase();
    let Some(end) = lower.rfind("</xml>") else {
        return Err(Fail::Unsupported(format!(
            "{part}: VML drawing without </xml>"
        )));
    };
    let declare = !(lower.contains("urn:schemas-microsoft-com:vml")
        && lower.contains("urn:schemas-microsoft-com:office:excel")
        && lower.contains("urn:schemas-microsoft-com:office:office")
        && lower.contains("xmlns:v=")
        && lower.contains("xmlns:x=")
        && lower.contains("xmlns:o="));
    let mut insert = String::new();
    if !text.contains("_x0000_t202") {
        if declare {
            insert.push_str(&SHAPETYPE.replacen(
                "<v:shapetype",
                &format!("<v:shapetype {VML_NS}"),
                1,
            ));
        } else {
            insert.push_str(SHAPETYPE);
        }
    }
    let z0 = count_shapes(&text);
    for (i, note) in notes.iter().enumerate() {
        insert.push_str(&shape(ids.first + i as u32, note, z0 + i + 1, declare));
    }
    let mut out = String::with_capacity(text.len() + insert.len() + 32);
    out.push_str(&text[..end]);
    out.push_str(&insert);
    out.push_str(&text[end..]);
    // Record the new id blocks in the drawing's idmap.
    if let Some(data_at) = idmap_data_value(&out) {
        let (start, len) = data_at;
        let mut value = out[start..start + len].to_owned();
        for b in ids.blocks() {
            if !value.split(',').any(|v| v.trim() == b.to_string()) {
                if !value.is_empty() {
                    value.push(',');
                }
                value.push_str(&b.to_string());
            }
        }
        out.replace_range(start..start + len, &value);
    }
    Ok(out.into_bytes())
}

fn count_shapes(text: &str) -> usize {
    text.matches("<v:shape ").count() + text.matches("<v:shape>").count()
}

/// Byte range of the `data` value of the first `o:idmap`.
fn idmap_data_value(text: &str) -> Option<(usize, usize)> {
    let at = text.find("idmap")?;
    let rest = &text[at..];
    let close = rest.find('>')?;
    let data = rest[..close].find("data=")?;
    let quote = rest.as_bytes().get(data + 5).copied()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let start = at + data + 6;
    let len = text[start..].find(quote as char)?;
    Some((start, len))
}

/// Cells that already have a note shape in a VML drawing.
pub(crate) fn note_cells(existing: &[u8]) -> BTreeSet<(u32, u32)> {
    let text = String::from_utf8_lossy(existing);
    let mut cells = BTreeSet::new();
    for (at, _) in text.match_indices("ObjectType=\"Note\"") {
        let rest = &text[at..];
        let end = rest.find("ClientData>").unwrap_or(rest.len());
        let block = &rest[..end];
        let number = |tag: &str| {
            let open = format!("<x:{tag}>");
            let start = block.find(&open)? + open.len();
            let len = block[start..].find('<')?;
            block[start..start + len].trim().parse::<u32>().ok()
        };
        if let (Some(row), Some(col)) = (number("Row"), number("Column")) {
            cells.insert((row, col));
        }
    }
    cells
}

/// The highest shape id and id block a VML drawing uses.
pub(crate) fn used_ids(existing: &[u8]) -> u32 {
    let text = String::from_utf8_lossy(existing);
    let mut max = 0u32;
    for (at, m) in text.match_indices("_x0000_s") {
        let digits: String = text[at + m.len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if let Ok(n) = digits.parse::<u32>() {
            max = max.max(n);
        }
    }
    if let Some((start, len)) = idmap_data_value(&text) {
        for block in text[start..start + len].split(',') {
            if let Ok(b) = block.trim().parse::<u32>() {
                max = max.max(b.saturating_mul(1024).saturating_add(1023));
            }
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::comments::test_note as note;

    #[test]
    fn vml_shapes_get_fresh_ids_and_blocks() {
        let existing = br#"<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout><v:shape id="_x0000_s1025"><x:ClientData ObjectType="Note"><x:Row>1</x:Row><x:Column>1</x:Column></x:ClientData></v:shape></xml>"#;
        assert_eq!(used_ids(existing), 2047);
        assert_eq!(note_cells(existing), BTreeSet::from([(1, 1)]));
        let n = note(5, 0);
        let out = append(
            existing,
            &[&n],
            Ids {
                first: 2049,
                count: 1,
            },
            "v.vml",
        )
        .unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains(r#"data="1,2""#), "{out}");
        assert!(out.contains(r#"id="_x0000_s2049""#));
        assert!(out.contains("_x0000_t202"));
        assert!(out.ends_with("</xml>"));
        let fresh = String::from_utf8(new_drawing(
            &[&n],
            Ids {
                first: 3073,
                count: 1,
            },
        ))
        .unwrap();
        assert!(fresh.contains(r#"data="3""#), "{fresh}");
    }
}
