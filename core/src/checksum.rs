//! CRC-64/XZ (ECMA-182 polynomial, reflected, initial value and final XOR all ones): the code checksum
//! Alibaba FC and OSS use. Its check value for the ASCII bytes `123456789` is `0x995DC9BBDF1939FA`.
//!
//! ```
//! use cloudfn_core::checksum::{Crc64, crc64};
//!
//! assert_eq!(crc64(b"123456789"), 0x995D_C9BB_DF19_39FA);
//! let mut c = Crc64::new();
//! c.update(b"1234");
//! c.update(b"56789");
//! assert_eq!(c.finish(), crc64(b"123456789"));
//! ```

/// Reflected ECMA-182 polynomial.
const POLY: u64 = 0xC96C_5795_D787_0F42;

const TABLE: [u64; 256] = build_table();

const fn build_table() -> [u64; 256] {
    let mut table = [0u64; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u64;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ POLY
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
}

/// An incremental CRC-64/XZ computation, for code packages read in chunks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crc64 {
    state: u64,
}

impl Default for Crc64 {
    fn default() -> Self {
        Crc64::new()
    }
}

impl Crc64 {
    /// A fresh computation (no bytes yet).
    pub const fn new() -> Self {
        Crc64 { state: u64::MAX }
    }

    /// Feeds more bytes.
    pub fn update(&mut self, data: &[u8]) {
        let mut crc = self.state;
        for &byte in data {
            crc = TABLE[((crc ^ u64::from(byte)) & 0xFF) as usize] ^ (crc >> 8);
        }
        self.state = crc;
    }

    /// The CRC of everything fed so far (the computation can continue afterwards).
    pub const fn finish(&self) -> u64 {
        !self.state
    }
}

/// The CRC-64/XZ of `data`.
pub fn crc64(data: &[u8]) -> u64 {
    let mut c = Crc64::new();
    c.update(data);
    c.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_value_and_empty_input() {
        assert_eq!(crc64(b"123456789"), 0x995D_C9BB_DF19_39FA);
        assert_eq!(crc64(b""), 0);
    }
}
