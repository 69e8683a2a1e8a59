//! Percent-encoding exactly as Python's `urllib.parse.quote` / `unquote`, which the official
//! `huaweicloudsdkcore` uses for path parameters, the canonical URI and the canonical query string.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Everything but RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded. This is both
/// `quote(s, safe='')` and `quote(s, safe='~')`: Python 3.7+ always keeps `~`.
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `urllib.parse.quote(s, safe='')`: UTF-8, upper-case hex, only unreserved characters kept.
pub(crate) fn quote(s: &str) -> String {
    utf8_percent_encode(s, NOT_UNRESERVED).to_string()
}

/// `urllib.parse.unquote(s)`: `%XX` decoded (either hex case), malformed escapes kept as they are, `+`
/// kept, invalid UTF-8 replaced by U+FFFD.
pub(crate) fn unquote(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_matches_python() {
        assert_eq!(quote("urn:fss:a b/ü~_.-"), "urn%3Afss%3Aa%20b%2F%C3%BC~_.-");
        assert_eq!(quote("v*~+!%"), "v%2A~%2B%21%25");
        assert_eq!(quote("函数"), "%E5%87%BD%E6%95%B0");
    }

    #[test]
    fn unquote_matches_python() {
        assert_eq!(unquote("a%20b+c"), "a b+c");
        assert_eq!(unquote("%zz%4"), "%zz%4");
        assert_eq!(unquote("%c3%bc"), "ü");
        assert_eq!(unquote("%C3"), "\u{FFFD}");
        assert_eq!(unquote("%2F"), "/");
    }
}
