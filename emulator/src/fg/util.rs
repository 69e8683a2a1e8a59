//! Small helpers: ids, times, digests, paging.

use chrono::{DateTime, SecondsFormat, Utc};
use sha2::{Digest, Sha512};

use super::reply::FgError;

pub(crate) use crate::ids::{new_hex_id, new_uuid, random_u64};

/// ISO-8601 with offset, seconds precision (`2019-10-25T15:37:27+00:00`).
pub(crate) fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// `YYYY-MM-DDTHH:mm:ss`, UTC without offset (async invocation records).
pub(crate) fn iso_naive(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// Lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// The SHA-512 hex digest of `bytes` (the function `digest`).
pub(crate) fn sha512_hex(bytes: &[u8]) -> String {
    hex(&Sha512::digest(bytes))
}

/// An MD5-style 32-hex etag (the first 16 bytes of the SHA-512; the emulator has no MD5).
pub(crate) fn etag(bytes: &[u8]) -> String {
    sha512_hex(bytes)[..32].to_owned()
}

/// A non-negative integer query parameter (`marker`, `maxitems`, `limit`): `None` when absent or empty;
/// `FSS.1001` when not an integer or negative.
pub(crate) fn query_int(
    req: &crate::wire::WireRequest,
    name: &str,
) -> Result<Option<u64>, FgError> {
    let value = req.query_param(name);
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => match v.parse::<i64>() {
            Ok(n) if n >= 0 => Ok(Some(n.unsigned_abs())),
            Ok(_) => Err(FgError::bad_query(format!("{name} must not be negative"))),
            Err(_) => Err(FgError::bad_query(format!(
                "{name} must be an integer, got `{v}`"
            ))),
        },
    }
}

/// One page of `items` from offset `marker` with at most `size` items: the page, the next marker (the
/// offset after the last item returned) and the total.
pub(crate) fn page<T: Clone>(items: &[T], marker: u64, size: u64) -> (Vec<T>, u64, u64) {
    let total = items.len() as u64;
    let start = marker.min(total);
    let end = start.saturating_add(size).min(total);
    let page = items
        .get(start as usize..end as usize)
        .map(<[T]>::to_vec)
        .unwrap_or_default();
    (page, end, total)
}

/// A name of 1..=`max` characters that starts with a letter, ends with a letter or digit and has only
/// letters, digits and the characters of `extra`.
pub(crate) fn valid_name(name: &str, max: usize, extra: &[char]) -> bool {
    let chars: Vec<char> = name.chars().collect();
    !chars.is_empty()
        && chars.len() <= max
        && chars[0].is_ascii_alphabetic()
        && chars[chars.len() - 1].is_ascii_alphanumeric()
        && chars
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || extra.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_unique_and_shaped() {
        let a = new_uuid();
        let b = new_uuid();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
    }

    #[test]
    fn paging_clamps() {
        let items: Vec<u32> = (0..5).collect();
        assert_eq!(page(&items, 0, 2), (vec![0, 1], 2, 5));
        assert_eq!(page(&items, 4, 2), (vec![4], 5, 5));
        assert_eq!(page(&items, 9, 2), (vec![], 5, 5));
        assert_eq!(page(&items, u64::MAX, u64::MAX), (vec![], 5, 5));
    }

    #[test]
    fn names() {
        assert!(valid_name("a-b_1", 60, &['-', '_']));
        assert!(!valid_name("1a", 60, &['-', '_']));
        assert!(!valid_name("a-", 60, &['-', '_']));
        assert!(!valid_name("", 60, &['-', '_']));
        assert!(!valid_name("a b", 60, &['-', '_']));
    }
}
