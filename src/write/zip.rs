//! A zip archive of stored (uncompressed) entries, for the learning-system packages.
//!
//! Written here rather than taken from a crate: a stored archive is a few headers and a
//! CRC-32 per file, every learning system and unzip tool reads it, and the packages
//! (HTML, CSS, JavaScript) are small enough that compression gains little. The output
//! depends only on the entries: fixed timestamps, entries in the order given.

/// The CRC-32 (IEEE 802.3, as zip uses it) of `bytes`.
pub fn crc32(bytes: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut t = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            t[i] = c;
            i += 1;
        }
        t
    };
    let mut c = !0u32;
    for &b in bytes {
        c = TABLE[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8);
    }
    !c
}

/// Why an archive could not be written.
#[derive(Debug, PartialEq, Eq)]
pub enum ZipError {
    /// Over the 4 GiB or 65,535 entries of a zip without the Zip64 extension.
    TooLarge,
    /// A name that is empty, absolute, climbs with `..` or is too long.
    BadName(String),
}

/// 1980-01-01 00:00, the earliest MS-DOS date: every entry gets it, so that two exports of
/// the same scheme are byte-identical.
const DOS_DATE: u16 = (1 << 5) | 1;

/// An archive of `entries` (name, bytes), in their order, stored without compression.
pub fn stored(entries: &[(String, Vec<u8>)]) -> Result<Vec<u8>, ZipError> {
    let count = u16::try_from(entries.len()).map_err(|_| ZipError::TooLarge)?;
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, bytes) in entries {
        if name.is_empty()
            || name.starts_with('/')
            || name.split('/').any(|c| c == ".." || c.is_empty())
        {
            return Err(ZipError::BadName(name.clone()));
        }
        let name_len = u16::try_from(name.len()).map_err(|_| ZipError::BadName(name.clone()))?;
        let size = u32::try_from(bytes.len()).map_err(|_| ZipError::TooLarge)?;
        let offset = u32::try_from(out.len()).map_err(|_| ZipError::TooLarge)?;
        let crc = crc32(bytes);
        // Local file header.
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        let common = |b: &mut Vec<u8>| {
            b.extend_from_slice(&10u16.to_le_bytes()); // version needed: 1.0
            b.extend_from_slice(&0x0800u16.to_le_bytes()); // flags: names are UTF-8
            b.extend_from_slice(&0u16.to_le_bytes()); // method: stored
            b.extend_from_slice(&0u16.to_le_bytes()); // time
            b.extend_from_slice(&DOS_DATE.to_le_bytes());
            b.extend_from_slice(&crc.to_le_bytes());
            b.extend_from_slice(&size.to_le_bytes()); // compressed size
            b.extend_from_slice(&size.to_le_bytes()); // uncompressed size
            b.extend_from_slice(&name_len.to_le_bytes());
            b.extend_from_slice(&0u16.to_le_bytes()); // extra field length
        };
        common(&mut out);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(bytes);
        // Central directory record.
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&(0x0300u16 | 20).to_le_bytes()); // made by: Unix, 2.0
        common(&mut central);
        central.extend_from_slice(&0u16.to_le_bytes()); // comment length
        central.extend_from_slice(&0u16.to_le_bytes()); // disk number
        central.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        central.extend_from_slice(&(0o100_644u32 << 16).to_le_bytes()); // rw-r--r--
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let central_at = u32::try_from(out.len()).map_err(|_| ZipError::TooLarge)?;
    let central_len = u32::try_from(central.len()).map_err(|_| ZipError::TooLarge)?;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // this disk
    out.extend_from_slice(&0u16.to_le_bytes()); // disk of the central directory
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&central_len.to_le_bytes());
    out.extend_from_slice(&central_at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // comment length
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        // The check value of CRC-32/ISO-HDLC for "123456789".
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn archive_has_headers_names_and_bytes_in_order() {
        let z = stored(&[
            ("imsmanifest.xml".into(), b"<m/>".to_vec()),
            ("a/b.html".into(), b"hi".to_vec()),
        ])
        .unwrap();
        assert!(z.starts_with(b"PK\x03\x04"));
        assert_eq!(&z[30..45], b"imsmanifest.xml");
        assert_eq!(&z[45..49], b"<m/>");
        let end = &z[z.len() - 22..];
        assert!(end.starts_with(b"PK\x05\x06"));
        assert_eq!(u16::from_le_bytes([end[10], end[11]]), 2);
        assert_eq!(
            z,
            stored(&[
                ("imsmanifest.xml".into(), b"<m/>".to_vec()),
                ("a/b.html".into(), b"hi".to_vec())
            ])
            .unwrap()
        );
    }

    #[test]
    fn refuses_names_that_leave_the_archive() {
        for bad in ["", "/etc/x", "a/../b", "a//b"] {
            assert_eq!(
                stored(&[(bad.into(), vec![])]),
                Err(ZipError::BadName(bad.into()))
            );
        }
    }
}
