//! The Function Compute regions and how a region becomes an endpoint host.
//!
//! FC 2016-08-15 is served per account and region at `{account}.{region}.fc.aliyuncs.com` (public) and
//! `{account}.{region}-internal.fc.aliyuncs.com` (from inside Alibaba Cloud, same region, no traffic
//! charge). [`REGIONS`] lists the 19 regions of the API reference; a newer region can still be used
//! through [`AlibabaFcBuilder::with_unlisted_region`](crate::config::AlibabaFcBuilder::with_unlisted_region).
//!
//! ```
//! use cloudfn_alibaba::region;
//!
//! assert_eq!(region::REGIONS.len(), 19);
//! assert_eq!(region::find("cn-shanghai").map(|r| r.location), Some("China East 2 (Shanghai)"));
//! assert_eq!(
//!     region::endpoint_host("16530750", "cn-shanghai", false),
//!     "16530750.cn-shanghai.fc.aliyuncs.com"
//! );
//! assert_eq!(
//!     region::endpoint_host("16530750", "cn-shanghai", true),
//!     "16530750.cn-shanghai-internal.fc.aliyuncs.com"
//! );
//! ```

/// One FC region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// The region id, e.g. `cn-hangzhou`.
    pub id: &'static str,
    /// Where it is, e.g. `China East 1 (Hangzhou)`.
    pub location: &'static str,
}

/// The domain under which every FC endpoint lives.
pub const ENDPOINT_DOMAIN: &str = "fc.aliyuncs.com";

/// The 19 regions of the FC 2016-08-15 API reference, in its order.
pub const REGIONS: [Region; 19] = [
    Region {
        id: "cn-hangzhou",
        location: "China East 1 (Hangzhou)",
    },
    Region {
        id: "cn-shanghai",
        location: "China East 2 (Shanghai)",
    },
    Region {
        id: "cn-qingdao",
        location: "China North 1 (Qingdao)",
    },
    Region {
        id: "cn-beijing",
        location: "China North 2 (Beijing)",
    },
    Region {
        id: "cn-zhangjiakou",
        location: "China North 3 (Zhangjiakou)",
    },
    Region {
        id: "cn-huhehaote",
        location: "China North 5 (Hohhot)",
    },
    Region {
        id: "cn-shenzhen",
        location: "China South 1 (Shenzhen)",
    },
    Region {
        id: "cn-chengdu",
        location: "China Southwest 1 (Chengdu)",
    },
    Region {
        id: "cn-hongkong",
        location: "Hong Kong (China)",
    },
    Region {
        id: "ap-southeast-1",
        location: "Singapore",
    },
    Region {
        id: "ap-southeast-2",
        location: "Australia (Sydney)",
    },
    Region {
        id: "ap-southeast-3",
        location: "Malaysia (Kuala Lumpur)",
    },
    Region {
        id: "ap-southeast-5",
        location: "Indonesia (Jakarta)",
    },
    Region {
        id: "ap-northeast-1",
        location: "Japan (Tokyo)",
    },
    Region {
        id: "eu-central-1",
        location: "Germany (Frankfurt)",
    },
    Region {
        id: "eu-west-1",
        location: "UK (London)",
    },
    Region {
        id: "us-east-1",
        location: "US (Virginia)",
    },
    Region {
        id: "us-west-1",
        location: "US (Silicon Valley)",
    },
    Region {
        id: "ap-south-1",
        location: "India (Mumbai)",
    },
];

/// The listed region with this id (exact, case-sensitive match).
pub fn find(id: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.id == id)
}

/// The ids of every listed region, comma-separated (for error messages).
pub fn list_ids() -> String {
    REGIONS.iter().map(|r| r.id).collect::<Vec<_>>().join(", ")
}

/// Whether `id` has the shape of a region id: lowercase ASCII letters, digits and inner hyphens, at most
/// 50 characters (so that it is a valid host-name label once `-internal` is appended).
///
/// ```
/// use cloudfn_alibaba::region::is_well_formed;
/// assert!(is_well_formed("me-east-1"));
/// assert!(!is_well_formed("Cn-Hangzhou"));
/// assert!(!is_well_formed("cn-hangzhou.evil.com"));
/// assert!(!is_well_formed("-cn"));
/// ```
pub fn is_well_formed(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 50
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The host name of an account's FC endpoint in `region`: `{account}.{region}.fc.aliyuncs.com`, or
/// `{account}.{region}-internal.fc.aliyuncs.com` when `internal`. The inputs are not validated here.
pub fn endpoint_host(account_id: &str, region: &str, internal: bool) -> String {
    let suffix = if internal { "-internal" } else { "" };
    format!("{account_id}.{region}{suffix}.{ENDPOINT_DOMAIN}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_region_is_unique_and_well_formed() {
        for (i, r) in REGIONS.iter().enumerate() {
            assert!(is_well_formed(r.id), "{}", r.id);
            assert!(
                REGIONS[i + 1..].iter().all(|o| o.id != r.id),
                "duplicate {}",
                r.id
            );
        }
        assert!(find("cn-hangzhou").is_some());
        assert!(find("ap-south-1").is_some());
        assert!(find("CN-HANGZHOU").is_none());
        assert!(find("me-east-1").is_none());
        assert!(list_ids().starts_with("cn-hangzhou, cn-shanghai, "));
        assert!(list_ids().ends_with("us-west-1, ap-south-1"));
    }

    #[test]
    fn shapes() {
        for bad in [
            "",
            "cn_hangzhou",
            "cn hangzhou",
            "cn-",
            "a.b",
            "ü",
            &"a".repeat(51),
        ] {
            assert!(!is_well_formed(bad), "{bad:?}");
        }
    }
}
