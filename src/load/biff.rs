//! A pre-scan of the xls `Workbook` stream (BIFF5/BIFF8 records), run
//! before calamine parses it.
//!
//! calamine reads an xls whole when it opens it: it reserves room for each
//! sheet's declared `DIMENSIONS` and then allocates the dense rectangle
//! around the cells it found, both sized by numbers from the file. This
//! walk checks those numbers against [`Limits`] first, reading the stream
//! exactly as calamine will (same sheet offsets, same nested-substream
//! skipping). On the way it collects what calamine does not expose for xls:
//! each cell's format (`XF`) record, hence its number format and fill.

use std::collections::HashMap;

use super::numfmt;
use super::sheet::{rgb_hex, Look};
use super::{Limits, LoadError};

const FORMAT: &str = "xls";

/// What the pre-scan learnt.
pub(crate) struct Scan {
    /// Per `XF` index, what the format shows (decimals, fill), if anything.
    pub(crate) xf_looks: Vec<Option<Look>>,
    /// Per sheet, in workbook order (calamine's `sheets_metadata` order).
    pub(crate) sheets: Vec<SheetScan>,
}

#[derive(Default)]
pub(crate) struct SheetScan {
    /// Cells whose `XF` has a look, in record order.
    pub(crate) styled: Vec<Styled>,
}

pub(crate) struct Styled {
    pub(crate) row: u32,
    pub(crate) col: u32,
    pub(crate) xf: u16,
}

#[derive(Clone, Copy, PartialEq)]
enum Biff {
    Biff5,
    Biff8,
}

/// One `XF` record's parts that matter here.
struct Xf {
    ifmt: u16,
    /// Palette index of a solid fill's colour.
    solid_fill: Option<u8>,
}

pub(crate) fn scan(stream: &[u8], limits: &Limits) -> Result<Scan, LoadError> {
    let globals = Globals::read(stream)?;
    let xf_looks = globals.looks();
    let mut sheets = Vec::with_capacity(globals.sheets.len());
    for (offset, name) in &globals.sheets {
        let rest = stream.get(*offset..).ok_or_else(|| {
            LoadError::corrupt(
                FORMAT,
                format!("sheet '{name}' starts past the end of the stream"),
            )
        })?;
        sheets.push(scan_sheet(rest, name, &xf_looks, limits)?);
    }
    Ok(Scan { xf_looks, sheets })
}

/// The workbook globals substream: formats, XFs, palette and sheet offsets.
struct Globals {
    biff: Biff,
    /// Format codes by id; a later record for an id replaces an earlier one.
    formats: HashMap<u16, String>,
    xfs: Vec<Xf>,
    palette: [u32; 56],
    /// `(stream offset, name)` of every sheet, in order.
    sheets: Vec<(usize, String)>,
}

impl Globals {
    fn read(stream: &[u8]) -> Result<Globals, LoadError> {
        let mut globals = Globals {
            biff: Biff::Biff8,
            formats: HashMap::new(),
            xfs: Vec::new(),
            palette: DEFAULT_PALETTE,
            sheets: Vec::new(),
        };
        for record in Records(stream) {
            let (typ, data) = record?;
            match typ {
                BOF => globals.biff = bof_version(data),
                // Even "XOR obfuscation" (type 0) leaves the cells unreadable.
                FILEPASS => return Err(LoadError::Encrypted),
                FORMAT_RECORD => globals.formats.extend(format_record(data, globals.biff)),
                XF => globals.xfs.extend(xf_record(data, globals.biff)),
                PALETTE => globals.read_palette(data),
                BOUNDSHEET => globals.sheets.extend(boundsheet(data, globals.biff)),
                EOF => break,
                _ => (),
            }
        }
        Ok(globals)
    }

    fn read_palette(&mut self, data: &[u8]) {
        let count = usize::from(u16_at(data, 0).unwrap_or(0));
        for (slot, rgb) in self
            .palette
            .iter_mut()
            .zip(data.get(2..).unwrap_or_default().chunks_exact(4))
            .take(count)
        {
            *slot = u32::from_be_bytes([0, rgb[0], rgb[1], rgb[2]]);
        }
    }

    fn looks(&self) -> Vec<Option<Look>> {
        self.xfs
            .iter()
            .map(|xf| {
                let custom = self.formats.get(&xf.ifmt).map(String::as_str);
                let code = custom.or_else(|| numfmt::builtin_code(xf.ifmt.into()));
                let fill = xf.solid_fill.and_then(|index| self.colour(index));
                Look::new(code.and_then(numfmt::shown), fill)
            })
            .collect()
    }

    /// RGB of a palette index: 0–7 are fixed, 8–63 the (possibly
    /// customised) palette, 64 and up the system's automatic colours.
    fn colour(&self, index: u8) -> Option<String> {
        let rgb = match index {
            0..=7 => DEFAULT_PALETTE[usize::from(index)],
            8..=63 => self.palette[usize::from(index - 8)],
            _ => return None,
        };
        let [_, r, g, b] = rgb.to_be_bytes();
        Some(rgb_hex(r, g, b))
    }
}

/// Walks one sheet substream, checking calamine's allocations-to-be and
/// noting styled cells.
fn scan_sheet(
    stream: &[u8],
    name: &str,
    xf_looks: &[Option<Look>],
    limits: &Limits,
) -> Result<SheetScan, LoadError> {
    let mut sheet = SheetScan::default();
    let mut bounds = Bounds::default();
    let (mut seen_bof, mut nested) = (false, 0usize);
    for record in Records(stream) {
        let (typ, data) = record?;
        // Embedded charts are nested BOF..EOF substreams; calamine skips them.
        if nested > 0 {
            match typ {
                BOF => nested += 1,
                EOF => nested -= 1,
                _ => (),
            }
            continue;
        }
        let mut note = |row: u16, col: u16, xf: u16| {
            if xf_looks.get(usize::from(xf)).is_some_and(Option::is_some) {
                sheet.styled.push(Styled {
                    row: row.into(),
                    col: col.into(),
                    xf,
                });
            }
        };
        match typ {
            BOF if seen_bof => nested += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS => {
                if let Some((rows, cols)) = declared_dimensions(data) {
                    limits.check_extent(name, rows, cols)?;
                }
            }
            NUMBER | LABEL | RSTRING | LABELSST | RK | BOOLERR | FORMULA => {
                if let Some((row, col, xf)) = cell_header(data) {
                    bounds.add(row, col);
                    note(row, col, xf);
                }
            }
            BLANK => {
                if let Some((row, col, xf)) = cell_header(data) {
                    note(row, col, xf);
                }
            }
            MULRK | MULBLANK => {
                let step = if typ == MULRK { 6 } else { 2 };
                for (row, col, xf) in multiple_cells(data, step) {
                    if typ == MULRK {
                        bounds.add(row, col);
                    }
                    note(row, col, xf);
                }
            }
            _ => (),
        }
    }
    if let Some((rows, cols)) = bounds.extent() {
        limits.check_extent(name, rows, cols)?;
    }
    Ok(sheet)
}

/// The cells calamine would reserve for a `DIMENSIONS` record, computed as
/// it does, wrapping `u32` arithmetic included (a last row before the first
/// one wraps to four billion rows: exactly the request to refuse).
fn declared_dimensions(data: &[u8]) -> Option<(u64, u64)> {
    let (first_row, last_row, mut first_col, last_col) = match data.len() {
        10 => (
            u16_at(data, 0)?.into(),
            u16_at(data, 2)?.into(),
            u32::from(u16_at(data, 4)?),
            u32::from(u16_at(data, 6)?),
        ),
        14 | 16 => (
            u32_at(data, 0)?,
            u32_at(data, 4)?,
            u32::from(u16_at(data, 8)?),
            u32::from(u16_at(data, 10)?),
        ),
        _ => return None,
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    if last_row < 1 || last_col < 1 {
        return Some((1, 1));
    }
    let span = |first: u32, last: u32| u64::from((last - 1).wrapping_sub(first).wrapping_add(1));
    Some((span(first_row, last_row), span(first_col, last_col)))
}

/// The rectangle around the value cells, which calamine allocates densely.
#[derive(Default)]
struct Bounds(Option<(u16, u16, u16, u16)>);

impl Bounds {
    fn add(&mut self, row: u16, col: u16) {
        self.0 = Some(match self.0 {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    }

    fn extent(&self) -> Option<(u64, u64)> {
        let (r0, r1, c0, c1) = self.0?;
        Some((u64::from(r1 - r0) + 1, u64::from(c1 - c0) + 1))
    }
}

/// Row, column and XF index at the start of a cell record.
fn cell_header(data: &[u8]) -> Option<(u16, u16, u16)> {
    Some((u16_at(data, 0)?, u16_at(data, 2)?, u16_at(data, 4)?))
}

/// `MULRK` (6-byte items: XF + RK) and `MULBLANK` (2-byte XF items): a row,
/// a first column, the items, then the last column.
fn multiple_cells(data: &[u8], step: usize) -> impl Iterator<Item = (u16, u16, u16)> + '_ {
    let row = u16_at(data, 0).unwrap_or(0);
    let first_col = u16_at(data, 2).unwrap_or(0);
    let items = data
        .get(4..data.len().saturating_sub(2))
        .unwrap_or_default();
    items
        .chunks_exact(step)
        .zip(first_col..=u16::MAX)
        .filter_map(move |(item, col)| Some((row, col, u16_at(item, 0)?)))
}

fn bof_version(data: &[u8]) -> Biff {
    match u16_at(data, 0) {
        Some(0x0500) => Biff::Biff5,
        _ => Biff::Biff8,
    }
}

fn format_record(data: &[u8], biff: Biff) -> Option<(u16, String)> {
    let id = u16_at(data, 0)?;
    let code = match biff {
        Biff::Biff8 => unicode_string(data.get(2..)?, usize::from(u16_at(data, 2)?), 2)?,
        Biff::Biff5 => byte_string(data.get(2..)?)?,
    };
    Some((id, code))
}

fn xf_record(data: &[u8], biff: Biff) -> Option<Xf> {
    let ifmt = u16_at(data, 2)?;
    let (pattern, colour) = match biff {
        Biff::Biff8 => ((u32_at(data, 14)? >> 26) & 0x3F, u16_at(data, 18)? & 0x7F),
        Biff::Biff5 => {
            let bits = u32_at(data, 8)?;
            ((bits >> 16) & 0x3F, (bits & 0x7F) as u16)
        }
    };
    let solid_fill = (pattern == 1).then_some(colour as u8);
    Some(Xf { ifmt, solid_fill })
}

fn boundsheet(data: &[u8], biff: Biff) -> Option<(usize, String)> {
    let offset = usize::try_from(u32_at(data, 0)?).ok()?;
    let rest = data.get(6..)?;
    let name = match biff {
        Biff::Biff8 => unicode_string(rest, usize::from(*rest.first()?), 1)?,
        Biff::Biff5 => byte_string(rest)?,
    };
    Some((offset, name))
}

/// An `XLUnicodeString`: a `len_bytes`-byte character count, a flags byte
/// (bit 0: two bytes per character), then the characters.
fn unicode_string(data: &[u8], chars: usize, len_bytes: usize) -> Option<String> {
    let wide = data.get(len_bytes)? & 1 == 1;
    let text = data.get(len_bytes + 1..)?;
    Some(if wide {
        let units: Vec<u16> = text
            .chunks_exact(2)
            .take(chars)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        text.iter().take(chars).map(|&b| char::from(b)).collect()
    })
}

/// A BIFF5 string: a one-byte length, then bytes in the workbook code page
/// (read as Latin-1: these strings only feed format parsing and messages).
fn byte_string(data: &[u8]) -> Option<String> {
    let len = usize::from(*data.first()?);
    Some(
        data.get(1..)?
            .iter()
            .take(len)
            .map(|&b| char::from(b))
            .collect(),
    )
}

/// BIFF records: a type, a length, then that many bytes.
struct Records<'a>(&'a [u8]);

impl<'a> Iterator for Records<'a> {
    type Item = Result<(u16, &'a [u8]), LoadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.0.is_empty() {
            return None;
        }
        let header = self
            .0
            .get(..4)
            .and_then(|h| Some((u16_at(h, 0)?, usize::from(u16_at(h, 2)?))));
        let Some((typ, len)) = header.filter(|&(_, len)| self.0.len() >= 4 + len) else {
            self.0 = &[];
            return Some(Err(LoadError::corrupt(
                FORMAT,
                "a record runs past the end of the workbook stream",
            )));
        };
        let (record, rest) = self.0.split_at(4 + len);
        self.0 = rest;
        Some(Ok((typ, &record[4..])))
    }
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

const EOF: u16 = 0x000A;
const FORMULA: u16 = 0x0006;
const FILEPASS: u16 = 0x002F;
const BOUNDSHEET: u16 = 0x0085;
const PALETTE: u16 = 0x0092;
const MULRK: u16 = 0x00BD;
const MULBLANK: u16 = 0x00BE;
const RSTRING: u16 = 0x00D6;
const XF: u16 = 0x00E0;
const LABELSST: u16 = 0x00FD;
const DIMENSIONS: u16 = 0x0200;
const BLANK: u16 = 0x0201;
const NUMBER: u16 = 0x0203;
const LABEL: u16 = 0x0204;
const BOOLERR: u16 = 0x0205;
const RK: u16 = 0x027E;
const FORMAT_RECORD: u16 = 0x041E;
const BOF: u16 = 0x0809;

/// Excel 97's palette: indices 0–7, then the default of slots 8–63.
const DEFAULT_PALETTE: [u32; 56] = [
    0x000000, 0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF, // 8–15
    0x800000, 0x008000, 0x000080, 0x808000, 0x800080, 0x008080, 0xC0C0C0, 0x808080, // 16–23
    0x9999FF, 0x993366, 0xFFFFCC, 0xCCFFFF, 0x660066, 0xFF8080, 0x0066CC, 0xCCCCFF, // 24–31
    0x000080, 0xFF00FF, 0xFFFF00, 0x00FFFF, 0x800080, 0x800000, 0x008080, 0x0000FF, // 32–39
    0x00CCFF, 0xCCFFFF, 0xCCFFCC, 0xFFFF99, 0x99CCFF, 0xFF99CC, 0xCC99FF, 0xFFCC99, // 40–47
    0x3366FF, 0x33CCCC, 0x99CC00, 0xFFCC00, 0xFF9900, 0xFF6600, 0x666699, 0x969696, // 48–55
    0x003366, 0x339966, 0x003300, 0x333300, 0x993300, 0x993366, 0x333399, 0x333333, // 56–63
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimensions_follow_calamine_arithmetic() {
        let biff8 = |r0: u32, r1: u32, c0: u16, c1: u16| {
            let mut d = Vec::new();
            d.extend(r0.to_le_bytes());
            d.extend(r1.to_le_bytes());
            d.extend(c0.to_le_bytes());
            d.extend(c1.to_le_bytes());
            d.extend([0, 0]);
            declared_dimensions(&d)
        };
        assert_eq!(biff8(0, 10, 0, 3), Some((10, 3)));
        assert_eq!(biff8(0, 0, 0, 0), Some((1, 1)));
        // Last row before the first: calamine would wrap to ~4 billion rows.
        assert_eq!(biff8(5, 2, 0, 1), Some((u64::from(u32::MAX) - 2, 1)));
    }

    #[test]
    fn truncated_records_are_errors() {
        let records: Vec<_> = Records(&[0x09, 0x08, 0x10, 0x00, 1, 2]).collect();
        assert!(matches!(
            records.as_slice(),
            [Err(LoadError::Corrupt { .. })]
        ));
    }

    #[test]
    fn multiple_cells_yield_each_column() {
        // row 3, first col 2, two XF items (7, 8), last col 3
        let data = [3, 0, 2, 0, 7, 0, 8, 0, 3, 0];
        let cells: Vec<_> = multiple_cells(&data, 2).collect();
        assert_eq!(cells, vec![(3, 2, 7), (3, 3, 8)]);
    }
}
