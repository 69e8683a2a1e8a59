//! The code checksum `InMemory` reports: CRC-64/XZ (ECMA-182 polynomial, reflected, init and final XOR all
//! ones), the variant Alibaba OSS and FC use, printed as 16 lowercase hex digits.

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

/// CRC-64/XZ of `data`.
pub(crate) fn crc64(data: &[u8]) -> u64 {
    let mut crc = !0u64;
    for &byte in data {
        crc = TABLE[((crc ^ u64::from(byte)) & 0xff) as usize] ^ (crc >> 8);
    }
    !crc
}

/// CRC-64/XZ of `data` as 16 lowercase hex digits.
pub(crate) fn checksum_hex(data: &[u8]) -> String {
    format!("{:016x}", crc64(data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_crc64_xz_check_value() {
        assert_eq!(crc64(b"123456789"), 0x995D_C9BB_DF19_39FA);
        assert_eq!(checksum_hex(b"123456789"), "995dc9bbdf1939fa");
        assert_eq!(crc64(b""), 0);
    }
}
