//! The parts of an xlsx package around its sheets, found and read as
//! calamine 0.38 finds and reads them when it opens the package: the sheet
//! parts, the number formats' date classification, and the cell notes
//! (which calamine does not read at all).
//!
//! calamine keeps these private, so the single pass ([`super::xlsx_sheet`])
//! needs its own copy; each function here is a port of the calamine code it
//! names, over the same quick-xml configuration, and returns `None` where
//! it does not follow the package (the caller then uses calamine alone).

use std::collections::HashMap;
use std::io::{Read, Seek};

use calamine::{Sheet, Style};
use quick_xml::events::Event as XmlEvent;
use quick_xml::Reader;
use zip::ZipArchive;

use super::xlsx_xml::{attribute, attributes, Attributes, Bail, Event, Flow, Tokenizer};

/// Largest relationships, workbook or styles part read.
const MAX_INDEX_PART: u64 = 64 * 1024 * 1024;

/// Where a package's workbook and sheets are.
pub(crate) struct Package {
    names: EntryNames,
    /// The workbook part's folder with its `/` (calamine's `xl_path`).
    dir: String,
    /// Sheet name and part path, in workbook order.
    sheets: Vec<(String, String)>,
}

impl Package {
    /// calamine's `read_package_relationships`, `read_relationships` and
    /// the sheet list of `read_workbook`; `None` unless the sheets found are
    /// the ones calamine listed in `metadata`.
    pub(crate) fn read<R: Read + Seek>(
        zip: &mut ZipArchive<R>,
        metadata: &[Sheet],
    ) -> Option<Package> {
        let names = EntryNames::new(zip);
        let document = office_document(&names.read(zip, "_rels/.rels")?)?;
        let (dir, file) = match document.rfind('/') {
            Some(at) => document.split_at(at + 1),
            None => ("", document.as_str()),
        };
        let dir = dir.strip_prefix('/').unwrap_or(dir).to_owned();
        let file = if file.is_empty() {
            "workbook.xml"
        } else {
            file
        };
        let rels = relationships(&names.read(zip, &format!("{dir}_rels/{file}.rels"))?)?;
        let sheets = sheets(&names.read(zip, &format!("{dir}{file}"))?, &rels, &dir)?;
        let listed = sheets.iter().map(|(name, _)| name.as_str());
        if !listed.eq(metadata.iter().map(|m| m.name.as_str())) {
            return None;
        }
        Some(Package { names, dir, sheets })
    }

    /// The zip entry of a sheet (the first of that name, as calamine looks
    /// it up).
    pub(crate) fn sheet_part(&self, name: &str) -> Option<&str> {
        let (_, path) = self.sheets.iter().find(|(n, _)| n == name)?;
        Some(self.names.entry(path))
    }

    /// The zip entry of a workbook-level part, `styles.xml` say, as
    /// calamine names it (in the workbook's folder).
    pub(crate) fn workbook_part(&self, file: &str) -> String {
        self.names.entry(&format!("{}{file}", self.dir)).to_owned()
    }
}

/// Relationship types of Excel 4.0 (XLM) macro sheets, which calamine
/// 0.38 does not know: it refuses the whole workbook for one of them.
fn is_macro_sheet(kind: &str) -> bool {
    kind.ends_with("/xlMacrosheet") || kind.ends_with("/xlIntlMacrosheet")
}

/// For a package whose workbook lists XLM macro sheets: their names, and a
/// copy of the package in which their relationships say `dialogsheet`
/// (which calamine lists and the loader skips), every other entry copied
/// raw. `None` when there is none, or the package cannot be followed.
pub(crate) fn retype_macro_sheets<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
) -> Option<(Vec<String>, Vec<u8>)> {
    use std::io::Write;
    let names = EntryNames::new(zip);
    let document = office_document(&names.read(zip, "_rels/.rels")?)?;
    let (dir, file) = match document.rfind('/') {
        Some(at) => document.split_at(at + 1),
        None => ("", document.as_str()),
    };
    let dir = dir.strip_prefix('/').unwrap_or(dir).to_owned();
    let file = if file.is_empty() {
        "workbook.xml"
    } else {
        file
    };
    let rels_entry = names.entry(&format!("{dir}_rels/{file}.rels")).to_owned();
    let rels_xml = read_entry(zip, &rels_entry)?;
    let rels = relationships(&rels_xml)?;
    let macro_ids: Vec<&String> = rels
        .iter()
        .filter(|(_, (_, kind))| is_macro_sheet(kind))
        .map(|(id, _)| id)
        .collect();
    if macro_ids.is_empty() {
        return None;
    }
    let path_of = |target: &str| match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("{dir}{target}"),
    };
    let macro_paths: Vec<String> = macro_ids.iter().map(|id| path_of(&rels[*id].0)).collect();
    let listed = sheets(&names.read(zip, &format!("{dir}{file}"))?, &rels, &dir)?;
    let macro_names: Vec<String> = listed
        .into_iter()
        .filter(|(_, path)| macro_paths.contains(path))
        .map(|(name, _)| name)
        .collect();
    let text = String::from_utf8(rels_xml).ok()?;
    let mut patched = text;
    for kind in ["xlMacrosheet", "xlIntlMacrosheet"] {
        for quote in ['"', '\''] {
            patched = patched.replace(&format!("/{kind}{quote}"), &format!("/dialogsheet{quote}"));
        }
    }
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for index in 0..zip.len() {
        let is_rels = matches!(zip.name_for_index(index), Some(Ok(name)) if name == rels_entry);
        if is_rels {
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            out.start_file(rels_entry.as_str(), options).ok()?;
            out.write_all(patched.as_bytes()).ok()?;
        } else {
            out.raw_copy_file(zip.by_index_raw(index).ok()?).ok()?;
        }
    }
    Some((macro_names, out.finish().ok()?.into_inner()))
}

/// Calls `visit` with each event of a whole part (as calamine's quick-xml
/// reader gives them; see [`super::xlsx_xml`]) until it stops; `None` if
/// the part is not followed, or ends before `visit` stops.
fn each_event(xml: &[u8], mut visit: impl FnMut(Event<'_>) -> Option<Flow>) -> Option<()> {
    let mut visit = |event: Event<'_>| visit(event).ok_or(Bail);
    let (_, stopped) = Tokenizer::default().feed(xml, true, &mut visit).ok()?;
    stopped.then_some(())
}

/// The target of the package's (last) office document relationship
/// (calamine's `read_package_relationships`).
fn office_document(xml: &[u8]) -> Option<String> {
    let mut inside = false;
    let mut target = None;
    each_event(xml, |event| {
        match event {
            Event::Start {
                local: "Relationships",
                ..
            } if !inside => inside = true,
            Event::Start {
                local: "Relationship",
                attributes: raw,
                ..
            } if inside => {
                let [kind, found] = attributes(raw, ["Type", "Target"]).ok()?;
                if kind.is_some_and(|k| k.ends_with("/relationships/officeDocument")) {
                    if let Some(found) = found {
                        target = Some(quick_xml::escape::unescape(found).ok()?.into_owned());
                    }
                }
            }
            Event::End {
                local: "Relationships",
                ..
            } if inside => return Some(Flow::Stop),
            _ => (),
        }
        Some(Flow::More)
    })?;
    target
}

/// Relationship id → (raw target, raw type); a later id replaces an
/// earlier (calamine's `read_relationships`).
fn relationships(xml: &[u8]) -> Option<HashMap<String, (String, String)>> {
    let mut out = HashMap::new();
    each_event(xml, |event| {
        match event {
            Event::Start {
                local: "Relationship",
                attributes: raw,
                ..
            } => {
                let [id, kind, target] = attributes(raw, ["Id", "Type", "Target"]).ok()?;
                if let Some(id) = id {
                    let target = target.unwrap_or_default().to_owned();
                    out.insert(id.to_owned(), (target, kind.unwrap_or_default().to_owned()));
                }
            }
            Event::End {
                local: "Relationships",
                ..
            } => return Some(Flow::Stop),
            _ => (),
        }
        Some(Flow::More)
    })?;
    Some(out)
}

/// `(name, part path)` of each `<sheet>` of the workbook part (calamine's
/// `read_workbook`).
fn sheets(
    xml: &[u8],
    rels: &HashMap<String, (String, String)>,
    dir: &str,
) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    // calamine reads a defined name's text up to the end tag of its name.
    let mut defined_name: Option<String> = None;
    each_event(xml, |event| {
        if let Some(end) = &defined_name {
            if matches!(event, Event::End { name, .. } if name == end) {
                defined_name = None;
            }
            return Some(Flow::More);
        }
        match event {
            Event::Start {
                local: "sheet",
                attributes: raw,
                ..
            } => {
                let mut name = None;
                let mut id = "";
                for item in Attributes::new(raw) {
                    let (key, value) = item.ok()?;
                    match key {
                        "name" => {
                            name = Some(quick_xml::escape::unescape(value).ok()?.into_owned())
                        }
                        "state" => (),
                        key if key == "id" || key.ends_with(":id") => id = value,
                        _ => (),
                    }
                }
                let (target, _) = rels.get(id)?;
                let path = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_owned(),
                    None => format!("{dir}{target}"),
                };
                out.push((name.unwrap_or_default(), path));
            }
            Event::Start {
                name,
                local: "definedName",
                attributes: raw,
            } if attribute(raw, "name").ok()?.is_some() => {
                defined_name = Some(name.to_owned());
            }
            Event::End {
                local: "workbook", ..
            } => return Some(Flow::Stop),
            _ => (),
        }
        Some(Flow::More)
    })?;
    Some(out)
}

/// calamine's classification of a number format, which decides whether a
/// number in a cell of that style is read as a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CellFormat {
    Other,
    DateTime,
    TimeDelta,
}

/// What one `<xf>` of `cellXfs` gives: calamine's classification, and
/// the number format it sets on the style (id and code), to check that
/// the two lists line up.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Xf {
    pub(crate) format: CellFormat,
    pub(crate) number_format: Option<(u32, String)>,
}

/// The classification of every style, as calamine's `read_styles` builds
/// its `formats`; `None` if this port's styles do not line up with
/// calamine's (`styles`, from any of its cell readers).
pub(crate) fn cell_formats<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    package: &Package,
    styles: &[Style],
) -> Option<Vec<CellFormat>> {
    let xfs = match zip.by_name(&package.workbook_part("styles.xml")) {
        Ok(entry) => xfs(&read_all(entry)?)?,
        Err(zip::result::ZipError::FileNotFound) => Vec::new(),
        Err(_) => return None,
    };
    let agree = xfs.len() == styles.len()
        && xfs.iter().zip(styles).all(|(xf, style)| {
            let theirs = style.number_format.as_ref();
            match (&xf.number_format, theirs) {
                (None, None) => true,
                (Some((id, code)), Some(theirs)) => {
                    theirs.format_id == Some(*id) && theirs.format_code == *code
                }
                _ => false,
            }
        });
    agree.then(|| xfs.into_iter().map(|xf| xf.format).collect())
}

/// The `<xf>` records of `cellXfs`, after the `<numFmt>`s of `numFmts`
/// (calamine's `read_styles`, which reads the other sections' children up
/// to their end tags).
fn xfs(xml: &[u8]) -> Option<Vec<Xf>> {
    // Custom formats by their raw id, as calamine keys them.
    let mut custom: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    // The section whose children are being read, and the child being skipped.
    let mut section: Option<&'static str> = None;
    let mut skipping: Option<&'static str> = None;
    each_event(xml, |event| {
        if let Some(child) = skipping {
            if matches!(event, Event::End { local, .. } if local == child) {
                skipping = None;
            }
            return Some(Flow::More);
        }
        let Some(current) = section else {
            match event {
                Event::Start { local, .. } => {
                    section = ["numFmts", "fonts", "fills", "borders", "cellXfs"]
                        .into_iter()
                        .find(|s| *s == local);
                }
                Event::End {
                    local: "styleSheet",
                    ..
                } => return Some(Flow::Stop),
                _ => (),
            }
            return Some(Flow::More);
        };
        let (local, raw) = match event {
            Event::End { local, .. } if local == current => {
                section = None;
                return Some(Flow::More);
            }
            Event::Start {
                local, attributes, ..
            } => (local, attributes),
            _ => return Some(Flow::More),
        };
        match (current, local) {
            ("numFmts", "numFmt") => {
                if let [Some(id), Some(code)] = attributes(raw, ["numFmtId", "formatCode"]).ok()? {
                    let code = quick_xml::escape::unescape(code).ok()?.into_owned();
                    custom.insert(id.to_owned(), code);
                }
            }
            ("fonts", "font") => skipping = Some("font"),
            ("fills", "fill") => skipping = Some("fill"),
            ("borders", "border") => skipping = Some("border"),
            ("cellXfs", "xf") => {
                let id = attribute(raw, "numFmtId").ok()?;
                let format = id.map_or(CellFormat::Other, |id| match custom.get(id) {
                    Some(code) => detect_custom_number_format(code),
                    None => builtin_format_by_id(id),
                });
                // calamine takes the style's number format from a second
                // scan of the attributes (a repeated key can differ).
                let [id, ..] =
                    attributes(raw, ["numFmtId", "fontId", "fillId", "borderId"]).ok()?;
                let number_format = id.and_then(|raw_id| {
                    let id = atoi_simd::parse::<u32, true, false>(raw_id.as_bytes()).ok()?;
                    let code = match custom.get(raw_id) {
                        Some(code) => code.clone(),
                        None => builtin_format_code_by_id(id)
                            .unwrap_or("General")
                            .to_owned(),
                    };
                    Some((id, code))
                });
                out.push(Xf {
                    format,
                    number_format,
                });
                skipping = Some("xf");
            }
            _ => (),
        }
        Some(Flow::More)
    })?;
    Some(out)
}

/// Port of calamine 0.38's `detect_custom_number_format`: the first
/// section's date and time tokens outside quotes, escapes and brackets make
/// a date; an elapsed-time bracket (`[h]`, `[mm]`, `[s]`) a duration.
pub(crate) fn detect_custom_number_format(format: &str) -> CellFormat {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return CellFormat::Other,
            ('[', ..) => brackets = brackets.saturating_add(1),
            (']', .., 1) if hms => return CellFormat::TimeDelta,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return CellFormat::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return CellFormat::DateTime
            }
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    CellFormat::Other
}

/// Port of calamine's `builtin_format_by_id`, on the raw id text.
fn builtin_format_by_id(id: &str) -> CellFormat {
    match id {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "45" | "47" => {
            CellFormat::DateTime
        }
        "27" | "28" | "29" | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51"
        | "52" | "53" | "54" | "55" | "56" | "57" | "58" => CellFormat::DateTime,
        "46" => CellFormat::TimeDelta,
        _ => CellFormat::Other,
    }
}

/// Port of calamine's `builtin_format_code_by_id` (ECMA-376 18.8.30).
fn builtin_format_code_by_id(id: u32) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        12 => "# ?/?",
        13 => "# ??/??",
        14 => "mm-dd-yy",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18 => "h:mm AM/PM",
        19 => "h:mm:ss AM/PM",
        20 => "h:mm",
        21 => "h:mm:ss",
        22 => "m/d/yy h:mm",
        37 => "#,##0 ;(#,##0)",
        38 => "#,##0 ;[Red](#,##0)",
        39 => "#,##0.00;(#,##0.00)",
        40 => "#,##0.00;[Red](#,##0.00)",
        41 => "_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)",
        42 => "_($* #,##0_);_($* (#,##0);_($* \"-\"_);_(@_)",
        43 => "_(* #,##0.00_);_(* (#,##0.00);_(* \"-\"??_);_(@_)",
        44 => "_($* #,##0.00_);_($* (#,##0.00);_($* \"-\"??_);_(@_)",
        45 => "mm:ss",
        46 => "[h]:mm:ss",
        47 => "mmss.0",
        48 => "##0.0E+0",
        49 => "@",
        _ => return None,
    })
}

/// Largest comments part read for cell notes.
const MAX_NOTES_PART: u64 = 64 * 1024 * 1024;

/// The notes (legacy comments) of a sheet part: `(row, col, text)`. Best
/// effort: a package whose notes cannot be followed simply has none.
pub(crate) fn sheet_notes<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    package: &Package,
    part: &str,
) -> Vec<(u32, u32, String)> {
    let names = &package.names;
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
    let Some(rels) = names.read(zip, &format!("{dir}/_rels/{file}.rels")) else {
        return Vec::new();
    };
    let mut notes = Vec::new();
    for (kind, target) in note_relationships(&rels) {
        if !kind.ends_with("/comments") {
            continue;
        }
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_owned(),
            None => resolve(dir, &target),
        };
        let Some(actual) = names.actual(&path).map(str::to_owned) else {
            continue;
        };
        let Ok(entry) = zip.by_name(&actual) else {
            continue;
        };
        let mut xml = Vec::new();
        if entry.take(MAX_NOTES_PART).read_to_end(&mut xml).is_err() {
            continue;
        }
        notes.extend(comments(&xml));
    }
    notes
}

/// `(type, target)` of each relationship, unescaped.
fn note_relationships(xml: &[u8]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(XmlEvent::Start(e) | XmlEvent::Empty(e))
                if e.local_name().as_ref() == "Relationship" =>
            {
                let mut kind = String::new();
                let mut target = String::new();
                for a in e.attributes().with_checks(false).flatten() {
                    let value = super::ods_scan::unescape(&a.value);
                    match a.key.local_name().as_ref() {
                        "Type" => kind = value,
                        "Target" => target = value,
                        _ => (),
                    }
                }
                out.push((kind, target));
            }
            Ok(XmlEvent::Eof) | Err(_) => return out,
            _ => (),
        }
    }
}

/// `dir` joined with a relative target that may climb with `..`.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for piece in target.split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// The `<comment ref="B3">…<t>text</t>…</comment>` entries of a comments part.
fn comments(xml: &[u8]) -> Vec<(u32, u32, String)> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut current: Option<((u32, u32), String)> = None;
    let mut in_text = false;
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(XmlEvent::Start(e)) if e.local_name().as_ref() == "comment" => {
                let at = e
                    .attributes()
                    .with_checks(false)
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "ref")
                    .and_then(|a| cell_ref(&a.value));
                current = at.map(|at| (at, String::new()));
            }
            Ok(XmlEvent::Start(e)) if e.local_name().as_ref() == "t" => in_text = true,
            Ok(XmlEvent::End(e)) if e.local_name().as_ref() == "t" => in_text = false,
            Ok(XmlEvent::Text(t)) if in_text => {
                if let Some((_, text)) = current.as_mut() {
                    text.push_str(&super::ods_scan::unescape(&t));
                }
            }
            Ok(XmlEvent::GeneralRef(r)) if in_text => {
                if let Some((_, text)) = current.as_mut() {
                    let name: &str = &r;
                    text.push_str(&super::ods_scan::unescape(&format!("&{name};")));
                }
            }
            Ok(XmlEvent::End(e)) if e.local_name().as_ref() == "comment" => {
                if let Some(((row, col), text)) = current.take() {
                    out.push((row, col, text));
                }
            }
            Ok(XmlEvent::Eof) | Err(_) => return out,
            _ => (),
        }
    }
}

/// `C12` → `(11, 2)`.
fn cell_ref(text: &str) -> Option<(u32, u32)> {
    let digits = text.find(|c: char| c.is_ascii_digit())?;
    let (letters, number) = text.split_at(digits);
    let mut col: u32 = 0;
    for b in letters.bytes() {
        let digit = u32::from(b.to_ascii_uppercase().checked_sub(b'A')?) + 1;
        if digit > 26 {
            return None;
        }
        col = col.checked_mul(26)?.checked_add(digit)?;
    }
    let row: u32 = number.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

/// Zip entry names, looked up as calamine does: case-insensitively, with
/// backslashes read as slashes, and a path not found taken as it is.
struct EntryNames(HashMap<String, String>);

impl EntryNames {
    fn new<R: Read + Seek>(zip: &ZipArchive<R>) -> EntryNames {
        let names = zip
            .file_names()
            .filter_map(Result::ok)
            .map(|name| {
                (
                    name.replace('\\', "/").to_ascii_lowercase(),
                    name.into_owned(),
                )
            })
            .collect();
        EntryNames(names)
    }

    fn actual(&self, path: &str) -> Option<&str> {
        self.0.get(&path.to_ascii_lowercase()).map(String::as_str)
    }

    /// calamine's `cached_zip_path`.
    fn entry<'a>(&'a self, path: &'a str) -> &'a str {
        self.actual(path).unwrap_or(path)
    }

    fn read<R: Read + Seek>(&self, zip: &mut ZipArchive<R>, path: &str) -> Option<Vec<u8>> {
        read_entry(zip, self.entry(path))
    }
}

fn read_entry<R: Read + Seek>(zip: &mut ZipArchive<R>, entry: &str) -> Option<Vec<u8>> {
    read_all(zip.by_name(entry).ok()?)
}

fn read_all(entry: zip::read::ZipFile<'_, impl Read>) -> Option<Vec<u8>> {
    if entry.size() > MAX_INDEX_PART {
        return None;
    }
    let mut bytes = Vec::new();
    entry.take(MAX_INDEX_PART).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_parts_as_calamine_finds_them() {
        let package = br#"<?xml version="1.0"?><Relationships xmlns="r">
            <Relationship Id="r1" Type="x/relationships/officeDocument" Target="/xl/wb.xml"/>
            <Relationship Id="r2" Type="x/relationships/officeDocument" Target="book/work&amp;book.xml"/>
            </Relationships>"#;
        // The last office document wins, its target unescaped.
        assert_eq!(
            office_document(package).as_deref(),
            Some("book/work&book.xml")
        );
        let rels = br#"<Relationships><Relationship Id="rId1" Type="t/worksheet" Target="a.xml"/>
            <Relationship Id="rId1" Type="t/worksheet" Target="b.xml"/>
            <Relationship Id="rId2" Type="t/worksheet" Target="/abs/c.xml"/></Relationships>"#;
        let rels = relationships(rels).unwrap();
        assert_eq!(rels["rId1"].0, "b.xml");
        let workbook = br#"<workbook xmlns:r="r"><definedNames><definedName name="x"><sheet name="No" r:id="rId1"/></definedName>
            </definedNames><sheets><sheet name="A &amp; B" sheetId="1" r:id="rId1"/><sheet name="C" state="hidden" id="rId2"/></sheets></workbook>"#;
        let found = sheets(workbook, &rels, "book/").unwrap();
        let found: Vec<(&str, &str)> = found
            .iter()
            .map(|(n, p)| (n.as_str(), p.as_str()))
            .collect();
        assert_eq!(found, [("A & B", "book/b.xml"), ("C", "abs/c.xml")]);
        // A sheet whose relationship is missing: calamine refuses the package.
        assert_eq!(
            sheets(
                br#"<workbook><sheet name="D" r:id="rId9"/></workbook>"#,
                &rels,
                ""
            ),
            None
        );
        assert_eq!(office_document(b"<Relationships><Relationship"), None);
    }

    #[test]
    fn date_formats_as_calamine_classifies_them() {
        use CellFormat::*;
        for (code, format) in [
            ("DD/MM/YY", DateTime),
            ("H:MM:SS;@", DateTime),
            ("#,##0\\ [$\\u20bd-46D]", Other),
            ("m\"M\"d\"D\";@", DateTime),
            ("[h]:mm:ss", TimeDelta),
            ("\"Y: \"0.00\"m\";\"Y: \"-0.00\"m\";\"Y: <num>m\";@", Other),
            ("\"$\"#,##0_);[Red](\"$\"#,##0)", Other),
            ("[$-404]e\"\\xfc\"m\"\\xfc\"d\"\\xfc\"", DateTime),
            ("0_ ;[Red]\\-0\\ ", Other),
            ("\\Y000000", Other),
            ("#,##0.0####\" YMD\"", Other),
            ("[h]", TimeDelta),
            ("[ss]", TimeDelta),
            ("[s].000", TimeDelta),
            ("[mm]", TimeDelta),
            ("[Blue]\\+[h]:mm;[Red]\\-[h]:mm;[Green][h]:mm", TimeDelta),
            ("[>=100][Magenta][s].00", TimeDelta),
            ("[>=100][Magenta].00", Other),
            ("[>=100][Magenta]General", Other),
            ("ha/p\\\\m", DateTime),
            ("#,##0.00\\ _M\"H\"_);[Red]#,##0.00\\ _M\"S\"_)", Other),
            ("#,##0*y", Other),
            ("*-yyyy-mm-dd", DateTime),
            ("General", Other),
            ("0.00%", Other),
            ("dd/mm/yyyy", DateTime),
        ] {
            assert_eq!(detect_custom_number_format(code), format, "{code}");
        }
        assert_eq!(builtin_format_by_id("14"), DateTime);
        assert_eq!(builtin_format_by_id("014"), Other);
        assert_eq!(builtin_format_by_id("46"), TimeDelta);
        assert_eq!(builtin_format_by_id("2"), Other);
    }

    #[test]
    fn styles_number_formats_by_xf() {
        let xml = br#"<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>
            <numFmt numFmtId="165" formatCode="0.0&quot;%&quot;"/></numFmts>
            <fonts><font><b/></font></fonts><fills><fill><patternFill patternType="none"/></fill></fills>
            <cellStyleXfs><xf numFmtId="14"/></cellStyleXfs>
            <cellXfs><xf numFmtId="0"/><xf numFmtId="164"><alignment/></xf><xf numFmtId="165"/><xf numFmtId="014"/>
            <xf/><xf numFmtId="46"/><xf numFmtId="200"/></cellXfs></styleSheet>"#;
        let xfs = xfs(xml).unwrap();
        let found: Vec<_> = xfs
            .iter()
            .map(|xf| (xf.format, xf.number_format.clone()))
            .collect();
        let code = |id, code: &str| Some((id, code.to_owned()));
        assert_eq!(
            found,
            [
                (CellFormat::Other, code(0, "General")),
                (CellFormat::DateTime, code(164, "dd/mm/yyyy")),
                (CellFormat::Other, code(165, "0.0\"%\"")),
                // calamine looks built-in ids up by their text.
                (CellFormat::Other, code(14, "mm-dd-yy")),
                (CellFormat::Other, None),
                (CellFormat::TimeDelta, code(46, "[h]:mm:ss")),
                (CellFormat::Other, code(200, "General")),
            ]
        );
    }

    #[test]
    fn notes_text_and_relative_targets() {
        let xml = br#"<comments><authors><author>A</author></authors><commentList>
            <comment ref="F2" authorId="0"><text><r><rPr><b/></rPr><t>EDI lead:</t></r><r><t xml:space="preserve">
wreslint: ignore OW002 -- Post &amp; role</t></r></text></comment><comment ref="B1"><text><t>x</t></text></comment>
            </commentList></comments>"#;
        assert_eq!(
            comments(xml),
            vec![
                (
                    1,
                    5,
                    "EDI lead:\nwreslint: ignore OW002 -- Post & role".to_owned()
                ),
                (0, 1, "x".to_owned())
            ]
        );
        assert_eq!(
            resolve("xl/worksheets", "../comments1.xml"),
            "xl/comments1.xml"
        );
        assert_eq!(cell_ref("xfd1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell_ref("A0"), None);
    }
}
