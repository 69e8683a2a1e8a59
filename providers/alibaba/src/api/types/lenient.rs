//! Tolerant (de)serialisation helpers for fields the cloud (or its documentation) types inconsistently.

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A value the cloud sends either as a JSON number or as a string, kept in the form it arrived in so a
/// round trip is lossless (e.g. NAS `userId`: a string in the API reference, an integer in the SDKs).
///
/// ```
/// use cloudfn_alibaba::api::types::NumOrString;
///
/// let a: NumOrString = serde_json::from_str("100").unwrap();
/// let b: NumOrString = serde_json::from_str(r#""100""#).unwrap();
/// assert_eq!(a.as_i64(), Some(100));
/// assert_eq!(b.as_i64(), Some(100));
/// assert_eq!(serde_json::to_string(&b).unwrap(), r#""100""#);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum NumOrString {
    /// A JSON number.
    Number(serde_json::Number),
    /// A JSON string.
    String(String),
}

impl NumOrString {
    /// The value as an integer, when it is one (a number without fraction, or a string holding one).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            NumOrString::Number(n) => n.as_i64(),
            NumOrString::String(s) => s.trim().parse().ok(),
        }
    }

    /// The value as a float, when it is numeric.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            NumOrString::Number(n) => n.as_f64(),
            NumOrString::String(s) => s.trim().parse().ok(),
        }
    }
}

impl fmt::Display for NumOrString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumOrString::Number(n) => fmt::Display::fmt(n, f),
            NumOrString::String(s) => f.write_str(s),
        }
    }
}

impl From<i64> for NumOrString {
    fn from(value: i64) -> Self {
        NumOrString::Number(value.into())
    }
}

impl From<String> for NumOrString {
    fn from(value: String) -> Self {
        NumOrString::String(value)
    }
}

impl From<&str> for NumOrString {
    fn from(value: &str) -> Self {
        NumOrString::String(value.to_owned())
    }
}

/// `Option<String>` from a string, number or boolean (`null` → `None`).
pub(crate) fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Null => None,
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        other => {
            return Err(de::Error::invalid_type(
                unexpected(&other),
                &"a string or a number",
            ));
        }
    })
}

/// `Option<String>` like [`opt_string`], where the string `"null"` also means unset (trigger `qualifier`).
pub(crate) fn opt_qualifier<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(opt_string(d)?.filter(|s| s != "null"))
}

fn unexpected(value: &Value) -> de::Unexpected<'_> {
    match value {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Number(_) => de::Unexpected::Other("number"),
        Value::String(s) => de::Unexpected::Str(s),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
    }
}

fn value_to_i64<E: de::Error>(value: &Value) -> Result<Option<i64>, E> {
    match value {
        Value::Null => Ok(None),
        Value::Number(n) => n
            .as_i64()
            .or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                    .map(|f| f as i64)
            })
            .map(Some)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Other("number"), &"an integer")),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| E::invalid_value(de::Unexpected::Str(s), &"an integer")),
        other => Err(E::invalid_type(unexpected(other), &"an integer")),
    }
}

/// `Option<i64>` from a number or a numeric string (`null` and `""` → `None`).
pub(crate) fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    value_to_i64(&Value::deserialize(d)?)
}

/// `Option<i32>` from a number or a numeric string.
pub(crate) fn opt_i32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    match value_to_i64::<D::Error>(&Value::deserialize(d)?)? {
        None => Ok(None),
        Some(v) => i32::try_from(v)
            .map(Some)
            .map_err(|_| de::Error::invalid_value(de::Unexpected::Signed(v), &"a 32-bit integer")),
    }
}

/// `Option<f64>` from a number or a numeric string.
pub(crate) fn opt_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::Number(n) => Ok(n.as_f64()),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| de::Error::invalid_value(de::Unexpected::Str(&s), &"a number")),
        other => Err(de::Error::invalid_type(unexpected(&other), &"a number")),
    }
}

/// `Option<bool>` from a boolean or the strings `"true"` / `"false"`.
pub(crate) fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(b)),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) if s.trim().eq_ignore_ascii_case("true") => Ok(Some(true)),
        Value::String(s) if s.trim().eq_ignore_ascii_case("false") => Ok(Some(false)),
        other => Err(de::Error::invalid_type(unexpected(&other), &"a boolean")),
    }
}

/// A nested object that the cloud may also send as `null` or `""` (both → `None`).
pub(crate) fn opt_object<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        other => T::deserialize(other).map(Some).map_err(de::Error::custom),
    }
}

/// A list that may be `null` (→ empty).
pub(crate) fn vec_or_null<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// Turns a JSON value that is a string holding a JSON object or array into that object or array; any other
/// value is returned unchanged (the API reference types `triggerConfig` as a string, the cloud sends an
/// object).
pub fn parse_embedded_json(value: Value) -> Value {
    if let Value::String(s) = &value {
        if let Ok(parsed @ (Value::Object(_) | Value::Array(_))) = serde_json::from_str::<Value>(s)
        {
            return parsed;
        }
    }
    value
}

/// `triggerConfig` as an object, also when sent as a JSON string (`null` → `None`).
pub(crate) fn opt_embedded_json<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Value>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Null => None,
        other => Some(parse_embedded_json(other)),
    })
}

/// `triggerConfig` (required form) as an object, also when sent as a JSON string.
pub(crate) fn embedded_json<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
    Ok(parse_embedded_json(Value::deserialize(d)?))
}
