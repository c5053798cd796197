//! Reads the stored zip archives irbook exports: every entry, its CRC-32 checked.

use std::path::Path;

fn u16_at(b: &[u8], i: usize) -> usize {
    usize::from(u16::from_le_bytes([b[i], b[i + 1]]))
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

/// The entries of `zip` (name, bytes) in archive order; panics on anything but a
/// well-formed stored archive whose central directory agrees with its local headers.
pub(crate) fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let end = zip.len() - 22;
    assert_eq!(u32_at(zip, end), 0x0605_4b50, "no end of central directory");
    let count = u16_at(zip, end + 10);
    let mut at = u32_at(zip, end + 16) as usize;
    let mut out = Vec::new();
    for _ in 0..count {
        assert_eq!(u32_at(zip, at), 0x0201_4b50, "bad central directory record");
        assert_eq!(u16_at(zip, at + 10), 0, "entries are stored");
        let crc = u32_at(zip, at + 16);
        let size = u32_at(zip, at + 24) as usize;
        let name_len = u16_at(zip, at + 28);
        let extra = u16_at(zip, at + 30);
        let comment = u16_at(zip, at + 32);
        let local = u32_at(zip, at + 42) as usize;
        let name = String::from_utf8(zip[at + 46..at + 46 + name_len].to_vec()).unwrap();
        assert_eq!(u32_at(zip, local), 0x0403_4b50, "{name}: bad local header");
        assert_eq!(u16_at(zip, local + 26), name_len, "{name}: names differ");
        let data = local + 30 + name_len + u16_at(zip, local + 28);
        let bytes = zip[data..data + size].to_vec();
        assert_eq!(irbook::write::zip::crc32(&bytes), crc, "{name}: CRC-32");
        out.push((name, bytes));
        at += 46 + name_len + extra + comment;
    }
    out
}

/// Writes the entries of `zip` under `dir`.
pub(crate) fn extract(zip: &[u8], dir: &Path) {
    for (name, bytes) in entries(zip) {
        assert!(!name.contains(".."), "{name}");
        let p = dir.join(&name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}
