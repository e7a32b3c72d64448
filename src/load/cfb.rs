//! A small, defensive reader of the OLE compound file (CFB) container.
//!
//! It does two jobs calamine cannot be trusted with on hostile input: list
//! stream names (an xls workbook and a password-encrypted OOXML file share
//! this container), and hand the xls `Workbook` stream to the pre-scan.
//! Every sector chain is walked with a step bound and checked against the
//! file, so a cycle or a wild sector number is an error here instead of an
//! endless loop or a giant allocation inside calamine, which walks the same
//! chains without those checks.

const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const HEADER_LEN: usize = 512;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
/// Sector numbers at or above this are markers, not sectors.
const FIRST_MARKER: u32 = 0xFFFF_FFFB;
const DIRECTORY_ENTRY_LEN: usize = 128;
const MINI_SECTOR_LEN: usize = 64;
/// Streams shorter than this live in the mini stream (as calamine assumes).
const MINI_STREAM_CUTOFF: u64 = 4096;

/// Does the content start with the CFB signature?
pub(crate) fn is_cfb(bytes: &[u8]) -> bool {
    bytes.starts_with(&SIGNATURE)
}

/// A parsed compound file borrowing its bytes.
pub(crate) struct Cfb<'a> {
    bytes: &'a [u8],
    sector_len: usize,
    fat: Vec<u32>,
    entries: Vec<Entry>,
    /// First sector of the mini FAT, read only when a short stream is.
    mini_fat_start: u32,
}

struct Entry {
    name: String,
    start: u32,
    size: u64,
}

/// Why a compound file was rejected; the caller adds the format name.
#[derive(Debug)]
pub(crate) struct CfbError(pub(crate) &'static str);

impl std::fmt::Display for CfbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

type Result<T> = std::result::Result<T, CfbError>;

impl<'a> Cfb<'a> {
    /// Parses the header, the FAT and the directory; streams are read lazily.
    pub(crate) fn parse(bytes: &'a [u8]) -> Result<Cfb<'a>> {
        if bytes.len() < HEADER_LEN || !is_cfb(bytes) {
            return Err(CfbError("not an OLE compound file"));
        }
        let sector_len = match u16_at(bytes, 30) {
            9 => 512,
            12 => 4096,
            _ => return Err(CfbError("invalid sector size")),
        };
        let mut cfb = Cfb {
            bytes,
            sector_len,
            fat: Vec::new(),
            entries: Vec::new(),
            mini_fat_start: u32_at(bytes, 60),
        };
        cfb.fat = cfb.read_fat()?;
        cfb.entries = cfb.read_directory(u32_at(bytes, 48))?;
        // calamine loads the mini stream and mini FAT whenever the header
        // declares a mini FAT, so their chains must be sound too.
        if u32_at(bytes, 64) > 0 {
            cfb.mini_stream()?;
            cfb.mini_fat()?;
        }
        Ok(cfb)
    }

    /// Whether a stream or storage of this name exists (ASCII case-insensitive).
    pub(crate) fn has(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    /// The content of a named stream.
    pub(crate) fn stream(&self, name: &str) -> Result<Vec<u8>> {
        let entry = self.find(name).ok_or(CfbError("stream not found"))?;
        if entry.size < MINI_STREAM_CUTOFF {
            let mini = self.mini_stream()?;
            let mini_fat = self.mini_fat()?;
            let sectors = walk(entry.start, &mini_fat, mini.len().div_ceil(MINI_SECTOR_LEN))?;
            let mut out = Vec::with_capacity(entry.size as usize);
            for id in sectors {
                let at = id as usize * MINI_SECTOR_LEN;
                let end = (at + MINI_SECTOR_LEN).min(mini.len());
                out.extend_from_slice(mini.get(at..end).ok_or(CfbError("mini sector past end"))?);
            }
            out.truncate(entry.size as usize);
            Ok(out)
        } else {
            self.chain_bytes(entry.start, entry.size)
        }
    }

    fn find(&self, name: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(name))
    }

    /// Number of (possibly partial) sectors after the header.
    fn sector_count(&self) -> usize {
        self.bytes
            .len()
            .saturating_sub(self.sector_len)
            .div_ceil(self.sector_len)
    }

    fn sector(&self, id: u32) -> Result<&'a [u8]> {
        let start = (id as usize + 1).checked_mul(self.sector_len);
        let start = start
            .filter(|&s| s < self.bytes.len())
            .ok_or(CfbError("sector past end"))?;
        let end = (start + self.sector_len).min(self.bytes.len());
        Ok(&self.bytes[start..end])
    }

    /// The FAT, from the 109 header slots then the DIFAT chain, whose last
    /// slot in each sector links to the next DIFAT sector.
    fn read_fat(&self) -> Result<Vec<u32>> {
        let mut fat_sectors: Vec<u32> = (0..109).map(|i| u32_at(self.bytes, 76 + 4 * i)).collect();
        let mut next = u32_at(self.bytes, 68);
        let mut steps = 0;
        while next < FIRST_MARKER {
            steps += 1;
            if steps > self.sector_count() {
                return Err(CfbError("DIFAT chain loops"));
            }
            let sector = self.sector(next)?;
            let slots: Vec<u32> = sector.chunks_exact(4).map(|c| u32_at(c, 0)).collect();
            let (link, ids) = slots.split_last().ok_or(CfbError("empty DIFAT sector"))?;
            fat_sectors.extend_from_slice(ids);
            next = *link;
        }
        fat_sectors.retain(|&id| id < FIRST_MARKER);
        // Each FAT sector is a distinct sector of the file. A DIFAT listing
        // one sector thousands of times would make the FAT (here and in
        // calamine, which reads it the same way) far larger than the file.
        let mut distinct = fat_sectors.clone();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() != fat_sectors.len() || fat_sectors.len() > self.sector_count() {
            return Err(CfbError(
                "the FAT lists sectors twice or more sectors than the file has",
            ));
        }
        let mut fat = Vec::with_capacity(fat_sectors.len() * self.sector_len / 4);
        for id in fat_sectors {
            fat.extend(self.sector(id)?.chunks_exact(4).map(|c| u32_at(c, 0)));
        }
        Ok(fat)
    }

    fn read_directory(&self, start: u32) -> Result<Vec<Entry>> {
        let raw = self.chain_bytes(start, u64::MAX)?;
        let entries: Vec<Entry> = raw
            .chunks_exact(DIRECTORY_ENTRY_LEN)
            .map(|e| self.entry(e))
            .collect();
        if entries.is_empty() {
            return Err(CfbError("empty directory"));
        }
        Ok(entries)
    }

    fn entry(&self, raw: &[u8]) -> Entry {
        let units: Vec<u16> = raw[..64].chunks_exact(2).map(|c| u16_at(c, 0)).collect();
        let len = units.iter().position(|&u| u == 0).unwrap_or(units.len());
        let name = String::from_utf16_lossy(&units[..len]);
        // Version 3 files (512-byte sectors) keep only 32 bits of the size.
        let size = if self.sector_len == 512 {
            u64::from(u32_at(raw, 120))
        } else {
            u64::from(u32_at(raw, 120)) | u64::from(u32_at(raw, 124)) << 32
        };
        Entry {
            name,
            start: u32_at(raw, 116),
            size,
        }
    }

    /// The root entry's chain: the mini stream holding all short streams.
    fn mini_stream(&self) -> Result<Vec<u8>> {
        let root = &self.entries[0];
        self.chain_bytes(root.start, root.size)
    }

    fn mini_fat(&self) -> Result<Vec<u32>> {
        let raw = self.chain_bytes(self.mini_fat_start, u64::MAX)?;
        Ok(raw.chunks_exact(4).map(|c| u32_at(c, 0)).collect())
    }

    /// The bytes of a FAT chain, at most `size` of them.
    fn chain_bytes(&self, start: u32, size: u64) -> Result<Vec<u8>> {
        let sectors = walk(start, &self.fat, self.sector_count())?;
        let capacity =
            (sectors.len() * self.sector_len).min(usize::try_from(size).unwrap_or(usize::MAX));
        let mut out = Vec::with_capacity(capacity);
        for id in sectors {
            if out.len() >= capacity {
                break;
            }
            out.extend_from_slice(self.sector(id)?);
        }
        out.truncate(capacity);
        Ok(out)
    }
}

/// The sector numbers of a chain, refusing cycles and out-of-table links.
fn walk(start: u32, table: &[u32], sector_count: usize) -> Result<Vec<u32>> {
    let mut sectors = Vec::new();
    let mut id = start;
    while id != ENDOFCHAIN {
        if id as usize >= sector_count || id as usize >= table.len() {
            return Err(CfbError("sector chain points past the end of the file"));
        }
        if sectors.len() >= sector_count {
            return Err(CfbError("sector chain loops"));
        }
        sectors.push(id);
        id = table[id as usize];
    }
    Ok(sectors)
}

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_short_and_foreign_input() {
        assert!(Cfb::parse(&[]).is_err());
        assert!(Cfb::parse(&SIGNATURE).is_err());
        assert!(Cfb::parse(&[0u8; 1024]).is_err());
    }

    #[test]
    fn refuses_a_fat_sector_listed_twice() {
        let mut bytes = tiny(&["Workbook"]);
        // Header DIFAT slot 1 repeats FAT sector 0.
        bytes[80..84].copy_from_slice(&0u32.to_le_bytes());
        let err = Cfb::parse(&bytes).err().map(|e| e.0);
        assert_eq!(
            err,
            Some("the FAT lists sectors twice or more sectors than the file has")
        );
    }

    #[test]
    fn sniffing_tells_encrypted_ooxml_from_xls_and_other_documents() {
        use crate::load::{sniff, LoadError};
        use crate::workbook::Format;
        let encrypted = tiny(&["EncryptionInfo", "EncryptedPackage"]);
        assert!(matches!(sniff(&encrypted), Err(LoadError::Encrypted)));
        assert_eq!(sniff(&tiny(&["Workbook"])).ok(), Some(Format::Xls));
        assert_eq!(sniff(&tiny(&["Book"])).ok(), Some(Format::Xls));
        assert!(matches!(
            sniff(&tiny(&["WordDocument"])),
            Err(LoadError::NotASpreadsheet)
        ));
    }

    #[test]
    fn lists_stream_names() {
        let cfb_bytes = tiny(&["EncryptionInfo", "EncryptedPackage"]);
        let cfb = Cfb::parse(&cfb_bytes).unwrap();
        assert!(cfb.has("encryptioninfo") && cfb.has("EncryptedPackage") && !cfb.has("Workbook"));
    }

    /// A minimal valid compound file: header, one FAT sector (sector 0),
    /// one directory sector (1) holding the root and empty streams.
    fn tiny(names: &[&str]) -> Vec<u8> {
        let mut bytes = vec![0u8; 512 * 3];
        bytes[..8].copy_from_slice(&SIGNATURE);
        bytes[30] = 9;
        bytes[32] = 6;
        for slot in 0..109 {
            let id = if slot == 0 { 0 } else { u32::MAX };
            bytes[76 + 4 * slot..80 + 4 * slot].copy_from_slice(&id.to_le_bytes());
        }
        bytes[68..72].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        bytes[48..52].copy_from_slice(&1u32.to_le_bytes());
        bytes[60..64].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        let fat = 512;
        bytes[fat..fat + 4].copy_from_slice(&0xFFFF_FFFDu32.to_le_bytes());
        bytes[fat + 4..fat + 8].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        for slot in 2..128 {
            bytes[fat + 4 * slot..fat + 4 * slot + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        }
        let entries = std::iter::once("Root Entry").chain(names.iter().copied());
        for (i, name) in entries.take(4).enumerate() {
            let at = 1024 + 128 * i;
            for (j, unit) in name.encode_utf16().enumerate().take(31) {
                bytes[at + 2 * j..at + 2 * j + 2].copy_from_slice(&unit.to_le_bytes());
            }
            bytes[at + 116..at + 120].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        }
        bytes
    }

    #[test]
    fn refuses_a_looping_directory_chain() {
        // Header, one FAT sector (sector 0) and one directory sector (1)
        // whose FAT entry points back at itself.
        let mut bytes = vec![0u8; 512 * 3];
        bytes[..8].copy_from_slice(&SIGNATURE);
        bytes[30] = 9;
        bytes[76..80].copy_from_slice(&0u32.to_le_bytes()); // FAT sector 0
        for slot in 1..109 {
            bytes[76 + 4 * slot..80 + 4 * slot].copy_from_slice(&u32::MAX.to_le_bytes());
        }
        bytes[68..72].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        bytes[48..52].copy_from_slice(&1u32.to_le_bytes()); // directory at 1
        let fat = 512;
        bytes[fat..fat + 4].copy_from_slice(&0xFFFF_FFFDu32.to_le_bytes());
        bytes[fat + 4..fat + 8].copy_from_slice(&1u32.to_le_bytes()); // 1 → 1
        let err = Cfb::parse(&bytes).err().map(|e| e.0);
        assert_eq!(err, Some("sector chain loops"));
    }
}
