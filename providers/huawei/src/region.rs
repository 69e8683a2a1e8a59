//! FunctionGraph regions and their endpoints.
//!
//! [`REGIONS`] is the official SDK's built-in FunctionGraph region table (`huaweicloudsdkfunctiongraph`
//! 3.1.219, official-sdks.md §2.1): 27 regions, each served at
//! `https://functiongraph.{region}.myhuaweicloud.com`.

use cloudfn_core::{Error, ErrorKind, Result};

use crate::PROVIDER;

/// The FunctionGraph regions of the official SDK's table, in its order.
pub const REGIONS: &[&str] = &[
    "cn-north-4",
    "cn-north-1",
    "cn-east-2",
    "cn-east-3",
    "cn-south-1",
    "ap-southeast-2",
    "ap-southeast-1",
    "ap-southeast-3",
    "af-south-1",
    "cn-southwest-2",
    "sa-brazil-1",
    "la-south-2",
    "na-mexico-1",
    "la-north-2",
    "ap-southeast-4",
    "eu-west-101",
    "tr-west-1",
    "cn-north-9",
    "cn-north-11",
    "me-east-1",
    "my-kualalumpur-1",
    "cn-south-4",
    "ru-moscow-1",
    "cn-east-4",
    "ae-ad-1",
    "ap-southeast-5",
    "cn-southwest-3",
];

/// Whether `region` is in [`REGIONS`].
pub fn is_known_region(region: &str) -> bool {
    REGIONS.contains(&region)
}

/// Checks the form of a region id: non-empty, lower-case ASCII letters, digits and `-`, not starting or
/// ending with `-` (what can safely go into a host name).
pub fn check_region_syntax(region: &str) -> Result<()> {
    let ok = !region.is_empty()
        && region.len() <= 63
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !region.starts_with('-')
        && !region.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(Error::new(
            ErrorKind::Config,
            format!(
                "`{region}` is not a region id (lower-case letters, digits and `-`, e.g. `cn-north-4`)"
            ),
        )
        .with_provider(PROVIDER))
    }
}

/// Checks that `region` is a known FunctionGraph region, unless `allow_unknown` (a region newer than
/// this table), in which case only its form is checked.
///
/// ```
/// use cloudfn_huawei::region::check_region;
///
/// assert!(check_region("cn-north-4", false).is_ok());
/// let err = check_region("cn-north-99", false).unwrap_err();
/// assert!(err.message().contains("cn-north-99"));
/// assert!(check_region("cn-north-99", true).is_ok());
/// assert!(check_region("CN North", true).is_err());
/// ```
pub fn check_region(region: &str, allow_unknown: bool) -> Result<()> {
    check_region_syntax(region)?;
    if allow_unknown || is_known_region(region) {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::Config,
        format!(
            "unknown FunctionGraph region `{region}`; known regions: {}. For a newer region allow unknown \
             regions (FunctionGraphBuilder::with_allow_unknown_region) or set the endpoint explicitly",
            REGIONS.join(", ")
        ),
    )
    .with_provider(PROVIDER))
}

/// The FunctionGraph endpoint of `region`: `https://functiongraph.{region}.myhuaweicloud.com`.
///
/// ```
/// assert_eq!(
///     cloudfn_huawei::region::functiongraph_endpoint("cn-north-4"),
///     "https://functiongraph.cn-north-4.myhuaweicloud.com"
/// );
/// ```
pub fn functiongraph_endpoint(region: &str) -> String {
    format!("https://functiongraph.{region}.myhuaweicloud.com")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_the_sdk_regions() {
        assert_eq!(REGIONS.len(), 27);
        for r in REGIONS {
            assert!(check_region(r, false).is_ok(), "{r}");
        }
        for bad in ["", "-a", "a-", "cn_north_4", "cn-north-4.evil.com", "a/b"] {
            assert!(check_region(bad, true).is_err(), "{bad}");
        }
    }
}
