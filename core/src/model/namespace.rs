use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Extensions;

/// What to create: a namespace (FC service; FunctionGraph package).
///
/// ```
/// use cloudfn_core::NamespaceSpec;
///
/// let spec = NamespaceSpec::new("shop").with_description("checkout and cart");
/// assert_eq!(spec.name, "shop");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NamespaceSpec {
    /// The namespace name.
    pub name: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Provider fields the model does not type (FC `role`, `logConfig`, `vpcConfig`...).
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl NamespaceSpec {
    /// A namespace called `name`.
    pub fn new(name: impl Into<String>) -> Self {
        NamespaceSpec {
            name: name.into(),
            description: None,
            extensions: Extensions::new(),
        }
    }

    /// Sets the description.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets one provider field the model does not type.
    pub fn with_extension(mut self, key: impl Into<String>, value: serde_json::Value) -> Self {
        self.extensions.insert(key.into(), value);
        self
    }
}

/// A namespace as the provider reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Namespace {
    /// The namespace name.
    pub name: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When it was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    /// When it was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_at: Option<DateTime<Utc>>,
    /// The entity tag for `if_match` on updates, where the provider has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// Provider fields the model does not type.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Namespace {
    /// A namespace called `name` with nothing else known.
    pub fn new(name: impl Into<String>) -> Self {
        Namespace {
            name: name.into(),
            description: None,
            created_at: None,
            modified_at: None,
            etag: None,
            extensions: Extensions::new(),
        }
    }
}

/// A change to a namespace: `None` fields are left as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NamespaceUpdate {
    /// New description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Provider fields to set (merged key by key).
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
    /// Only apply the change if the namespace still has this entity tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_match: Option<String>,
}

impl NamespaceUpdate {
    /// An empty change.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the description.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets one provider field.
    pub fn with_extension(mut self, key: impl Into<String>, value: serde_json::Value) -> Self {
        self.extensions.insert(key.into(), value);
        self
    }

    /// Makes the change conditional on the entity tag.
    pub fn if_match(mut self, etag: impl Into<String>) -> Self {
        self.if_match = Some(etag.into());
        self
    }
}
