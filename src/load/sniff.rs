//! Which format a file is, decided by its content: extensions lie and
//! calamine's extension matching is case-sensitive (`PLAN.XLSX`).

use std::io::{Cursor, Read, Seek};

use zip::ZipArchive;

use super::cfb::{self, Cfb};
use super::LoadError;
use crate::workbook::Format;

const ZIP_LOCAL_HEADER: &[u8] = b"PK\x03\x04";
const ZIP_EMPTY_ARCHIVE: &[u8] = b"PK\x05\x06";
const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
/// How much of `[Content_Types].xml` is searched for the macro content type;
/// the main part's override comes first in every writer seen.
const CONTENT_TYPES_PREFIX: u64 = 1024 * 1024;

/// The container a spreadsheet arrives in, opened once and handed on.
pub(crate) enum Container<'a> {
    Zip(ZipArchive<Cursor<&'a [u8]>>),
    Cfb(Cfb<'a>),
}

impl<'a> Container<'a> {
    /// Recognises the container by its magic bytes and parses its directory
    /// (zip central directory or CFB FAT + directory) without inflating.
    pub(crate) fn open(bytes: &'a [u8]) -> Result<Container<'a>, LoadError> {
        if bytes.is_empty() {
            return Err(LoadError::Empty);
        }
        if bytes.starts_with(ZIP_LOCAL_HEADER) || bytes.starts_with(ZIP_EMPTY_ARCHIVE) {
            let zip = ZipArchive::new(Cursor::new(bytes))
                .map_err(|e| LoadError::corrupt("zip package", e))?;
            return Ok(Container::Zip(zip));
        }
        if cfb::is_cfb(bytes) {
            let cfb = Cfb::parse(bytes).map_err(|e| LoadError::corrupt("OLE compound file", e))?;
            return Ok(Container::Cfb(cfb));
        }
        Err(LoadError::NotASpreadsheet)
    }

    /// The spreadsheet format inside, or why there is none.
    pub(crate) fn format(&mut self) -> Result<Format, LoadError> {
        match self {
            Container::Zip(zip) => zip_format(zip),
            Container::Cfb(cfb) => cfb_format(cfb),
        }
    }
}

/// The format of a file from its content alone.
///
/// Zip packages are told apart by their parts (`workbook.xml`,
/// `workbook.bin`, the ods `mimetype`), compound files by their streams: an
/// `EncryptionInfo` stream is a password-encrypted xlsx/xlsb/xlsm, which is
/// [`LoadError::Encrypted`]. Anything else is [`LoadError::NotASpreadsheet`].
pub fn sniff(bytes: &[u8]) -> Result<Format, LoadError> {
    Container::open(bytes)?.format()
}

fn zip_format<R: Read + Seek>(zip: &mut ZipArchive<R>) -> Result<Format, LoadError> {
    if is_ods(zip) {
        return Ok(Format::Ods);
    }
    let (mut workbook_xml, mut workbook_bin, mut vba) = (false, false, false);
    for raw in zip.file_names_raw() {
        // Some writers use backslashes or odd case; calamine tolerates both.
        let name: String = raw
            .iter()
            .map(|&b| {
                if b == b'\\' {
                    '/'
                } else {
                    b.to_ascii_lowercase() as char
                }
            })
            .collect();
        let file = name.rsplit('/').next().unwrap_or(&name);
        workbook_xml |= file == "workbook.xml";
        workbook_bin |= file == "workbook.bin";
        vba |= file == "vbaproject.bin";
    }
    if workbook_bin {
        Ok(Format::Xlsb)
    } else if workbook_xml && (vba || declares_macros(zip)) {
        Ok(Format::Xlsm)
    } else if workbook_xml {
        Ok(Format::Xlsx)
    } else {
        Err(LoadError::NotASpreadsheet)
    }
}

fn is_ods<R: Read + Seek>(zip: &mut ZipArchive<R>) -> bool {
    let Ok(entry) = zip.by_name("mimetype") else {
        return false;
    };
    let mut head = Vec::with_capacity(ODS_MIMETYPE.len());
    entry
        .take(ODS_MIMETYPE.len() as u64)
        .read_to_end(&mut head)
        .is_ok()
        && head == ODS_MIMETYPE
}

/// An xlsm without a VBA part still says so in its content types.
fn declares_macros<R: Read + Seek>(zip: &mut ZipArchive<R>) -> bool {
    let Ok(entry) = zip.by_name("[Content_Types].xml") else {
        return false;
    };
    let mut text = Vec::new();
    if entry
        .take(CONTENT_TYPES_PREFIX)
        .read_to_end(&mut text)
        .is_err()
    {
        return false;
    }
    text.windows(b"macroenabled.main".len())
        .any(|w| w.eq_ignore_ascii_case(b"macroEnabled.main"))
}

fn cfb_format(cfb: &Cfb<'_>) -> Result<Format, LoadError> {
    if cfb.has("EncryptionInfo") || cfb.has("EncryptedPackage") {
        Err(LoadError::Encrypted)
    } else if cfb.has("Workbook") || cfb.has("Book") {
        Ok(Format::Xls)
    } else {
        Err(LoadError::NotASpreadsheet)
    }
}
