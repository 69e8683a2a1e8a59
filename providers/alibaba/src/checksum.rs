//! CRC-64 of code packages, as FC reports it in `codeChecksum` and accepts in `X-Fc-Code-Checksum`.
//!
//! FC (like OSS) uses CRC-64/ECMA-182 in the "XZ" parameterisation: reflected polynomial
//! `0xC96C5795D7870F42`, initial value and final XOR `0xFFFFFFFFFFFFFFFF`, printed as an unsigned decimal
//! string. Its check value for the ASCII bytes `123456789` is `0x995DC9BBDF1939FA`
//! (`11051210869376104954`, alibaba-fc.md §6.2.2).
//!
//! ```
//! use cloudfn_alibaba::checksum::{Crc64, code_checksum, crc64};
//!
//! assert_eq!(crc64(b"123456789"), 0x995D_C9BB_DF19_39FA);
//! assert_eq!(code_checksum(b"123456789"), "11051210869376104954");
//!
//! let mut c = Crc64::new();
//! c.update(b"1234");
//! c.update(b"56789");
//! assert_eq!(c.finish(), crc64(b"123456789"));
//! ```

/// The header a client may send on CreateFunction / UpdateFunction with the CRC-64 of the code, and that
/// InvokeFunction returns with the CRC-64 of the code that ran.
pub const CODE_CHECKSUM_HEADER: &str = "x-fc-code-checksum";

pub use cloudfn_core::checksum::{Crc64, crc64};

/// The CRC-64/XZ of `data` as FC writes it: an unsigned decimal string.
pub fn code_checksum(data: &[u8]) -> String {
    crc64(data).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_input_is_zero() {
        assert_eq!(crc64(b""), 0);
        assert_eq!(Crc64::default().finish(), 0);
    }

    #[test]
    fn check_value() {
        assert_eq!(crc64(b"123456789"), 11_051_210_869_376_104_954);
    }
}
