use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Error, ErrorKind};

/// Provider fields the neutral model does not type, kept verbatim so that a round trip through cloudfn
/// loses nothing (keys are the provider's own JSON keys).
pub type Extensions = serde_json::Map<String, serde_json::Value>;

/// Names one function: the namespace it lives in and its name.
///
/// On Alibaba FC the namespace is the service; on FunctionGraph it is the package (`default` unless set).
///
/// ```
/// use cloudfn_core::FunctionRef;
///
/// let f = FunctionRef::new("shop", "checkout");
/// assert_eq!(f.to_string(), "shop/checkout");
/// assert_eq!("shop/checkout".parse::<FunctionRef>().unwrap(), f);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FunctionRef {
    /// The namespace (FC service, FunctionGraph package).
    pub namespace: String,
    /// The function name.
    pub name: String,
}

impl FunctionRef {
    /// A reference to function `name` in `namespace`.
    pub fn new(namespace: impl Into<String>, name: impl Into<String>) -> Self {
        FunctionRef {
            namespace: namespace.into(),
            name: name.into(),
        }
    }
}

impl fmt::Display for FunctionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.namespace, self.name)
    }
}

impl FromStr for FunctionRef {
    type Err = Error;

    /// Parses `namespace/name`.
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.split_once('/') {
            Some((ns, name)) if !ns.is_empty() && !name.is_empty() && !name.contains('/') => {
                Ok(FunctionRef::new(ns, name))
            }
            _ => Err(Error::new(
                ErrorKind::InvalidArgument,
                format!("function reference: expected `namespace/name`, got `{s}`"),
            )),
        }
    }
}

/// Which variant of a function a call addresses.
///
/// ```
/// use cloudfn_core::Qualifier;
///
/// assert_eq!("latest".parse::<Qualifier>().unwrap(), Qualifier::Latest);
/// assert_eq!("version:3".parse::<Qualifier>().unwrap(), Qualifier::Version("3".into()));
/// assert_eq!("alias:prod".parse::<Qualifier>().unwrap(), Qualifier::Alias("prod".into()));
/// assert_eq!(Qualifier::Alias("prod".into()).to_string(), "alias:prod");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// The unpublished, editable head (FC `LATEST`, FunctionGraph `latest`).
    #[default]
    Latest,
    /// A published, immutable version, by the id the provider gave it.
    Version(String),
    /// An alias, by name.
    Alias(String),
}

impl Qualifier {
    /// A version qualifier.
    pub fn version(id: impl Into<String>) -> Self {
        Qualifier::Version(id.into())
    }

    /// An alias qualifier.
    pub fn alias(name: impl Into<String>) -> Self {
        Qualifier::Alias(name.into())
    }

    /// Whether this is [`Qualifier::Latest`].
    pub fn is_latest(&self) -> bool {
        matches!(self, Qualifier::Latest)
    }
}

impl fmt::Display for Qualifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Qualifier::Latest => f.write_str("latest"),
            Qualifier::Version(v) => write!(f, "version:{v}"),
            Qualifier::Alias(a) => write!(f, "alias:{a}"),
        }
    }
}

impl FromStr for Qualifier {
    type Err = Error;

    /// Parses `latest`, `version:{id}` or `alias:{name}` (case-insensitive prefix).
    fn from_str(s: &str) -> Result<Self, Error> {
        if s.eq_ignore_ascii_case("latest") {
            return Ok(Qualifier::Latest);
        }
        let bad = || {
            Error::new(
                ErrorKind::InvalidArgument,
                format!("qualifier: expected `latest`, `version:ID` or `alias:NAME`, got `{s}`"),
            )
        };
        let (kind, value) = s.split_once(':').ok_or_else(bad)?;
        if value.is_empty() {
            return Err(bad());
        }
        if kind.eq_ignore_ascii_case("version") {
            Ok(Qualifier::Version(value.to_owned()))
        } else if kind.eq_ignore_ascii_case("alias") {
            Ok(Qualifier::Alias(value.to_owned()))
        } else {
            Err(bad())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_ref_rejects_malformed() {
        for s in ["", "a", "/a", "a/", "a/b/c"] {
            let err = s.parse::<FunctionRef>().unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{s}");
        }
    }

    #[test]
    fn qualifier_round_trips_through_display() {
        for q in [
            Qualifier::Latest,
            Qualifier::version("12"),
            Qualifier::alias("blue:green"),
        ] {
            assert_eq!(q.to_string().parse::<Qualifier>().unwrap(), q);
        }
        assert!("version:".parse::<Qualifier>().is_err());
        assert!("tag:x".parse::<Qualifier>().is_err());
    }

    #[test]
    fn qualifier_serde_shape() {
        assert_eq!(
            serde_json::to_string(&Qualifier::Latest).unwrap(),
            "\"latest\""
        );
        assert_eq!(
            serde_json::to_string(&Qualifier::version("2")).unwrap(),
            "{\"version\":\"2\"}"
        );
    }
}
