//! Wire structs: the JSON FunctionGraph v2 sends and accepts, field for field.
//!
//! Conventions (huawei-functiongraph.md §3–§4, official-sdks.md §2):
//!
//! - JSON keys are snake_case exactly as on the wire; Rust fields carry the same names (`type` is
//!   `r#type`).
//! - Every response field is an `Option` that also accepts JSON `null` (the server sends `null` for unset
//!   members such as `func_vpc`, `app_xrole`, `depend_list`); `None` is never serialised.
//! - Every struct keeps the members it does not model in `extra` (`#[serde(flatten)]`) and writes them
//!   back, so a round trip loses nothing, whatever the server adds.
//! - Request structs have the required members as plain fields, the optional ones as `Option`.
//! - Documented irregularities are tolerated: the CamelCase duplicates `FuncCode` / `StrategyConfig`,
//!   `user_data` as JSON text in a string, `status` next to `trigger_status`, `topic_id` next to
//!   `topic_ids`, numbers or strings in `mount_user`, a literal `null` body (UpdateDependency,
//!   StopAsyncInvocation: decode as `Option<T>`), bare JSON arrays (ListVersionAliases,
//!   ListFunctionTriggers).
//! - Query parameters are structs implementing [`ToQuery`]; the pairs are decoded values, to be signed
//!   and sent with [`crate::signer::encode_query`].
//! - Secrets (`tracing_sk`, `encrypted_user_data`, trigger passwords) are [`Secret`](crate::Secret)s, so
//!   `Debug` never shows them.

use serde::{Deserialize, Serialize};

/// Generates an all-optional wire struct: every field becomes `Option<T>` (skipped when `None`, `null`
/// accepted), plus the `extra` map of unknown members.
macro_rules! wire_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$fmeta:meta])*
                $field:ident : $ty:ty
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
            /// Members this version of cloudfn does not model, kept and written back verbatim.
            #[serde(flatten)]
            pub extra: serde_json::Map<String, serde_json::Value>,
        }
    };
}

mod async_config;
mod dependency;
mod event;
mod function;
mod iam;
mod import_export;
mod invoke;
mod logs;
mod metrics;
mod quota;
mod reserved;
mod tracing_config;
mod trigger;
mod version;

pub use async_config::*;
pub use dependency::*;
pub use event::*;
pub use function::*;
pub use iam::*;
pub use import_export::*;
pub use invoke::*;
pub use logs::*;
pub use metrics::*;
pub use quota::*;
pub use reserved::*;
pub use tracing_config::*;
pub use trigger::*;
pub use version::*;

/// Unknown members of a wire object.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// Query parameters of a request.
pub trait ToQuery {
    /// The decoded `(name, value)` pairs, unset parameters left out.
    fn to_query(&self) -> Vec<(String, String)>;
}

/// Builds query pairs, skipping unset values.
#[derive(Debug, Default)]
pub(crate) struct QueryBuilder(Vec<(String, String)>);

impl QueryBuilder {
    pub(crate) fn opt<T: ToString>(mut self, name: &str, value: Option<&T>) -> Self {
        if let Some(v) = value {
            self.0.push((name.to_owned(), v.to_string()));
        }
        self
    }

    pub(crate) fn set<T: ToString>(mut self, name: &str, value: &T) -> Self {
        self.0.push((name.to_owned(), value.to_string()));
        self
    }

    pub(crate) fn build(self) -> Vec<(String, String)> {
        self.0
    }
}

/// An integer the server sends either as a JSON number or as a numeric string (`mount_user`'s ids: the
/// model says Int, the operations String). It is written back the way it came.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum NumberOrString {
    /// A JSON number.
    Number(i64),
    /// A JSON string (normally numeric).
    String(String),
}

impl NumberOrString {
    /// The integer value, when it is a number or a string holding one.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            NumberOrString::Number(n) => Some(*n),
            NumberOrString::String(s) => s.trim().parse().ok(),
        }
    }
}

impl From<i64> for NumberOrString {
    fn from(n: i64) -> Self {
        NumberOrString::Number(n)
    }
}

/// A boolean the server may send as `true`/`false` or as the strings `"true"`/`"false"`; written back
/// the way it came.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum BoolOrString {
    /// A JSON boolean.
    Bool(bool),
    /// A JSON string.
    String(String),
}

impl BoolOrString {
    /// The boolean value (`"true"`/`"false"` in any case for strings).
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            BoolOrString::Bool(b) => Some(*b),
            BoolOrString::String(s) if s.trim().eq_ignore_ascii_case("true") => Some(true),
            BoolOrString::String(s) if s.trim().eq_ignore_ascii_case("false") => Some(false),
            BoolOrString::String(_) => None,
        }
    }
}

impl From<bool> for BoolOrString {
    fn from(b: bool) -> Self {
        BoolOrString::Bool(b)
    }
}

/// One string or a list of strings (Kafka's `topic_id`, the trigger-type model's `event_codes`); written
/// back the way it came.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StringOrList {
    /// A single string.
    One(String),
    /// A list of strings.
    Many(Vec<String>),
}

impl StringOrList {
    /// The strings, as a list.
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            StringOrList::One(s) => vec![s.clone()],
            StringOrList::Many(v) => v.clone(),
        }
    }
}

/// Debug-formats a JSON value with the values of keys that look secret (`password`, `secret`, `token`,
/// `_sk`) replaced by `***`, at any depth.
pub(crate) struct RedactedJson<'a>(pub(crate) &'a serde_json::Value);

impl std::fmt::Debug for RedactedJson<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn redact(v: &serde_json::Value) -> serde_json::Value {
            match v {
                serde_json::Value::Object(map) => serde_json::Value::Object(
                    map.iter()
                        .map(|(k, v)| {
                            let lower = k.to_ascii_lowercase();
                            let secret = ["password", "secret", "token"]
                                .iter()
                                .any(|s| lower.contains(s))
                                || lower.ends_with("_sk");
                            let v = if secret && !v.is_null() {
                                serde_json::Value::String("***".to_owned())
                            } else {
                                redact(v)
                            };
                            (k.clone(), v)
                        })
                        .collect(),
                ),
                serde_json::Value::Array(items) => {
                    serde_json::Value::Array(items.iter().map(redact).collect())
                }
                other => other.clone(),
            }
        }
        write!(f, "{}", redact(self.0))
    }
}
