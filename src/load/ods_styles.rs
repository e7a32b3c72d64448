//! ods cell styles, resolved to what wreslint reads from them: decimals
//! shown (from the data style) and a background fill. calamine reads no
//! ods styles, so this follows ODF 1.2 §16 directly: a cell style names a
//! data style and may set `fo:background-color`, inheriting what it does
//! not set from its parent style.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Seek};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use zip::ZipArchive;

use super::ods_scan::{attr, unescape};
use super::sheet::Look;
use crate::workbook::Shown;

/// Deepest parent chain followed; real chains are two or three long.
const MAX_PARENT_DEPTH: usize = 16;

#[derive(Default)]
pub(crate) struct OdsStyles {
    cell_styles: HashMap<String, CellStyle>,
    /// Data style name → what it shows (`None`: general, text, dates).
    data_styles: HashMap<String, Option<Shown>>,
    /// The style being read, with the element that opened it.
    open: Option<Open>,
    /// Resolved looks, and each resolved style name's index into them.
    looks: Vec<Look>,
    resolved: HashMap<String, Option<u32>>,
}

#[derive(Default)]
struct CellStyle {
    parent: Option<String>,
    data_style: Option<String>,
    /// `Some(None)`: explicitly transparent.
    fill: Option<Option<String>>,
}

enum Open {
    Cell(String, CellStyle),
    Data {
        name: String,
        tag: String,
        percent: bool,
        shown: Option<Shown>,
    },
}

impl OdsStyles {
    /// Reads the named and default styles of `styles.xml`; the automatic
    /// styles of `content.xml` are fed in by the content scan.
    pub(crate) fn from_styles_part<R: Read + Seek>(zip: &mut ZipArchive<R>) -> OdsStyles {
        let mut styles = OdsStyles::default();
        let Ok(part) = zip.by_name("styles.xml") else {
            return styles;
        };
        let mut xml = Reader::from_reader(BufReader::new(part));
        // Styles only decorate cells: an unreadable styles part costs the
        // looks, not the workbook.
        let _ = styles.read_all(&mut xml);
        styles.open = None;
        styles
    }

    fn read_all<B: BufRead>(&mut self, xml: &mut Reader<B>) -> quick_xml::Result<()> {
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf)? {
                Event::Start(e) => self.start(&e, false),
                Event::Empty(e) => self.start(&e, true),
                Event::End(e) => self.end(e.name().as_ref()),
                Event::Eof => return Ok(()),
                _ => (),
            }
        }
    }

    /// An element outside the tables: a style definition or a part of one.
    pub(crate) fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        let name = e.name();
        match name.as_ref() {
            "style:style" if attr(e, "style:family").is_some_and(|f| f == "table-cell") => {
                let Some(style_name) = attr(e, "style:name").map(|n| unescape(&n)) else {
                    return;
                };
                let style = CellStyle {
                    parent: attr(e, "style:parent-style-name").map(|n| unescape(&n)),
                    data_style: attr(e, "style:data-style-name").map(|n| unescape(&n)),
                    fill: None,
                };
                self.open = Some(Open::Cell(style_name, style));
            }
            "style:table-cell-properties" => {
                if let (Some(Open::Cell(_, style)), Some(colour)) =
                    (&mut self.open, attr(e, "fo:background-color"))
                {
                    style.fill = Some(hex_colour(&colour));
                }
            }
            tag @ ("number:number-style" | "number:percentage-style" | "number:currency-style") => {
                let Some(style_name) = attr(e, "style:name").map(|n| unescape(&n)) else {
                    return;
                };
                let percent = tag == "number:percentage-style";
                // A percentage style without digits still shows `0%`.
                let shown = percent.then_some(Shown {
                    decimals: 0,
                    percent,
                });
                self.open = Some(Open::Data {
                    name: style_name,
                    tag: tag.to_owned(),
                    percent,
                    shown,
                });
            }
            "number:number" | "number:scientific-number" => {
                if let Some(Open::Data { percent, shown, .. }) = &mut self.open {
                    // Without `decimal-places` the number shows as General.
                    if let Some(places) =
                        attr(e, "number:decimal-places").and_then(|p| p.parse::<u8>().ok())
                    {
                        *shown = Some(Shown {
                            decimals: places.min(30),
                            percent: *percent,
                        });
                    }
                }
            }
            "number:fraction" => {
                if let Some(Open::Data { shown, .. }) = &mut self.open {
                    *shown = None;
                }
            }
            _ => (),
        }
        if empty {
            self.end(name.as_ref());
        }
    }

    pub(crate) fn end(&mut self, name: &str) {
        let closes = match &self.open {
            Some(Open::Cell(..)) => name == "style:style",
            Some(Open::Data { tag, .. }) => name == tag,
            None => false,
        };
        if !closes {
            return;
        }
        match self.open.take() {
            Some(Open::Cell(style_name, style)) => {
                self.cell_styles.insert(style_name, style);
            }
            Some(Open::Data { name, shown, .. }) => {
                self.data_styles.insert(name, shown);
            }
            None => (),
        }
    }

    /// The index of a cell style's look in [`OdsStyles::looks`], if it has one.
    pub(crate) fn look_of(&mut self, style: &str) -> Option<u32> {
        if let Some(&known) = self.resolved.get(style) {
            return known;
        }
        let index = self.resolve(style).map(|look| {
            let index = self
                .looks
                .iter()
                .position(|l| *l == look)
                .unwrap_or(self.looks.len());
            if index == self.looks.len() {
                self.looks.push(look);
            }
            index as u32
        });
        self.resolved.insert(style.to_owned(), index);
        index
    }

    fn resolve(&self, style: &str) -> Option<Look> {
        let (mut fill, mut data_style) = (None, None);
        let mut name = Some(style);
        for _ in 0..MAX_PARENT_DEPTH {
            let Some(current) = name.and_then(|n| self.cell_styles.get(n)) else {
                break;
            };
            if fill.is_none() {
                fill.clone_from(&current.fill);
            }
            if data_style.is_none() {
                data_style = current.data_style.as_deref();
            }
            name = current.parent.as_deref();
        }
        let shown = data_style.and_then(|d| self.data_styles.get(d).copied().flatten());
        Look::new(shown, fill.flatten())
    }

    pub(crate) fn into_looks(self) -> Vec<Look> {
        self.looks
    }
}

/// `#ffcc00` → `FFCC00`; `transparent` or anything else → no fill.
fn hex_colour(value: &str) -> Option<String> {
    let hex = value.strip_prefix('#')?;
    (hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| hex.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styles(xml: &str) -> OdsStyles {
        let mut styles = OdsStyles::default();
        styles.read_all(&mut Reader::from_str(xml)).unwrap();
        styles
    }

    #[test]
    fn resolves_data_styles_fills_and_parents() {
        let mut s = styles(
            r##"<r>
            <number:percentage-style style:name="P1"><number:number number:decimal-places="1"/><number:text>%</number:text></number:percentage-style>
            <number:number-style style:name="N2"><number:number number:decimal-places="2" number:min-integer-digits="1"/></number:number-style>
            <number:number-style style:name="N0"><number:number number:min-integer-digits="1"/></number:number-style>
            <style:style style:name="Default" style:family="table-cell"/>
            <style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="P1"/>
            <style:style style:name="ce2" style:family="table-cell" style:data-style-name="N2"><style:table-cell-properties fo:background-color="#ff0000"/></style:style>
            <style:style style:name="ce3" style:family="table-cell" style:parent-style-name="ce2" style:data-style-name="N0"/>
            <style:style style:name="ce4" style:family="table-cell" style:data-style-name="N0"><style:table-cell-properties fo:background-color="transparent"/></style:style>
            </r>"##,
        );
        let look = |s: &mut OdsStyles, name| s.look_of(name).map(|i| s.looks[i as usize].clone());
        assert_eq!(
            look(&mut s, "ce1"),
            Look::new(
                Some(Shown {
                    decimals: 1,
                    percent: true
                }),
                None
            )
        );
        assert_eq!(
            look(&mut s, "ce2"),
            Look::new(
                Some(Shown {
                    decimals: 2,
                    percent: false
                }),
                Some("FF0000".into())
            )
        );
        assert_eq!(look(&mut s, "ce3"), Look::new(None, Some("FF0000".into())));
        assert_eq!(look(&mut s, "ce4"), None);
        assert_eq!(look(&mut s, "Default"), None);
        assert_eq!(look(&mut s, "missing"), None);
    }
}
