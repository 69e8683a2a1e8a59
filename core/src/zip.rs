//! A deterministic ZIP writer for code packages: stored (uncompressed) entries sorted by name, every
//! timestamp fixed at 1980-01-01 00:00, UTF-8 names, no extra fields. The same files always give the same
//! bytes, so a package's checksum changes only when its content does.
//!
//! ```
//! use cloudfn_core::zip::{Entry, zip_entries};
//!
//! let zip = zip_entries(&[Entry::file("index.py", b"def handler(e, c):\n    return e\n".to_vec())])?;
//! assert_eq!(&zip[..4], b"PK\x03\x04");
//! assert_eq!(zip, zip_entries(&[Entry::file("index.py", b"def handler(e, c):\n    return e\n".to_vec())])?);
//! # Ok::<(), cloudfn_core::Error>(())
//! ```

use crate::{Error, ErrorKind, Result};

const DOS_DATE_1980_01_01: u16 = 0x21;

const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 == 1 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

/// CRC-32 (IEEE) of `data`, as ZIP uses it.
pub fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for b in data {
        c = CRC_TABLE[((c ^ u32::from(*b)) & 0xFF) as usize] ^ (c >> 8);
    }
    c ^ 0xFFFF_FFFF
}

/// One file of an archive: its `/`-separated path and content, and whether it is executable.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Entry {
    /// Path inside the archive, `/`-separated, relative.
    pub name: String,
    /// File content.
    pub data: Vec<u8>,
    /// Unix mode 0755 instead of 0644.
    pub executable: bool,
}

/// Builds a stored ZIP of `entries`, sorted by name (the input order does not matter).
pub fn zip_entries(entries: &[Entry]) -> Result<Vec<u8>> {
    fn u16le(out: &mut Vec<u8>, v: u16) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    fn u32le(out: &mut Vec<u8>, v: u32) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let too_big = |what: &str| {
        Error::new(
            ErrorKind::InvalidArgument,
            format!("zip: {what} is too large for a ZIP without ZIP64 (4 GiB / 65535 entries)"),
        )
    };
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
    let count = u16::try_from(sorted.len()).map_err(|_| too_big("the directory"))?;
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in sorted {
        let crc = crc32(&e.data);
        let offset = u32::try_from(out.len()).map_err(|_| too_big("the archive"))?;
        let name_len = u16::try_from(e.name.len()).map_err(|_| too_big(&e.name))?;
        let size = u32::try_from(e.data.len()).map_err(|_| too_big(&e.name))?;
        u32le(&mut out, 0x0403_4b50);
        u16le(&mut out, 20);
        u16le(&mut out, 0x0800); // flags: UTF-8 names
        u16le(&mut out, 0); // stored
        u16le(&mut out, 0); // time 00:00
        u16le(&mut out, DOS_DATE_1980_01_01);
        u32le(&mut out, crc);
        u32le(&mut out, size);
        u32le(&mut out, size);
        u16le(&mut out, name_len);
        u16le(&mut out, 0);
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(&e.data);

        u32le(&mut central, 0x0201_4b50);
        u16le(&mut central, 0x0314); // made by: Unix, 2.0
        u16le(&mut central, 20);
        u16le(&mut central, 0x0800);
        u16le(&mut central, 0);
        u16le(&mut central, 0);
        u16le(&mut central, DOS_DATE_1980_01_01);
        u32le(&mut central, crc);
        u32le(&mut central, size);
        u32le(&mut central, size);
        u16le(&mut central, name_len);
        u16le(&mut central, 0); // extra
        u16le(&mut central, 0); // comment
        u16le(&mut central, 0); // disk
        u16le(&mut central, 0); // internal attributes
        let mode: u32 = if e.executable { 0o100_755 } else { 0o100_644 };
        u32le(&mut central, mode << 16);
        u32le(&mut central, offset);
        central.extend_from_slice(e.name.as_bytes());
    }
    let cd_offset = u32::try_from(out.len()).map_err(|_| too_big("the archive"))?;
    let cd_size = u32::try_from(central.len()).map_err(|_| too_big("the archive"))?;
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, count);
    u16le(&mut out, count);
    u32le(&mut out, cd_size);
    u32le(&mut out, cd_offset);
    u16le(&mut out, 0);
    Ok(out)
}

impl Entry {
    /// A regular (mode 0644) file.
    pub fn file(name: impl Into<String>, data: Vec<u8>) -> Self {
        Entry {
            name: name.into(),
            data,
            executable: false,
        }
    }

    /// An executable (mode 0755) file.
    pub fn executable(name: impl Into<String>, data: Vec<u8>) -> Self {
        Entry {
            executable: true,
            ..Entry::file(name, data)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_the_reference_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn order_of_input_does_not_matter() {
        let a = Entry::file("a.py", b"a".to_vec());
        let b = Entry::executable("b/c.py", b"bc".to_vec());
        let one = zip_entries(&[a.clone(), b.clone()]).unwrap();
        let two = zip_entries(&[b, a]).unwrap();
        assert_eq!(one, two);
        assert_eq!(&one[..4], b"PK\x03\x04");
    }
}
