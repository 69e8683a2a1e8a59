//! [`Secret`]: a string that never shows itself in `Debug`, shared by every provider crate.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A secret string: a secret access key, a security token, an APM secret key, a password.
///
/// `Debug` prints `Secret("***")` whatever the value, and there is deliberately no `Display`, so a secret
/// cannot end up in a log line or an error message by accident. Read the value with
/// [`expose`](Secret::expose) where it is really needed (signing, the request body).
///
/// It serialises and deserialises as a plain JSON string, so wire structs can hold one (e.g.
/// `tracing_sk`) and still be safe to `{:?}`.
///
/// ```
/// use cloudfn_core::Secret;
///
/// let sk = Secret::new("my-secret-key");
/// assert_eq!(format!("{sk:?}"), r#"Secret("***")"#);
/// assert_eq!(sk.expose(), "my-secret-key");
/// ```
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret value. Call it only where the value must be used.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"***\")")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("hunter2");
        assert!(!format!("{s:?}").contains("hunter2"));
        assert!(!format!("{:?}", Some(&s)).contains("hunter2"));
        assert!(!format!("{:#?}", vec![s.clone()]).contains("hunter2"));
    }

    #[test]
    fn serde_is_a_plain_string() {
        let s: Secret = serde_json::from_str("\"abc\"").unwrap();
        assert_eq!(s.expose(), "abc");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"abc\"");
        assert!(Secret::default().is_empty());
    }
}
