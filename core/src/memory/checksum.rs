//! The code checksum `InMemory` reports: CRC-64/XZ ([`crate::checksum`], the variant Alibaba OSS and FC
//! use), printed as 16 lowercase hex digits.

/// CRC-64/XZ of `data` as 16 lowercase hex digits.
pub(crate) fn checksum_hex(data: &[u8]) -> String {
    format!("{:016x}", crate::checksum::crc64(data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_crc64_xz_check_value() {
        assert_eq!(checksum_hex(b"123456789"), "995dc9bbdf1939fa");
    }
}
