use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Extensions;

/// A published, immutable version.
///
/// On FC a version belongs to the whole namespace (service) and snapshots every function in it; on
/// FunctionGraph it belongs to one function. [`Capabilities::version_scope`](crate::Capabilities) says which.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Version {
    /// The id the provider gave it (FC `"1"`, `"2"`...; FunctionGraph a caller-chosen or `vYYYYMMDD-HHMMSS` name).
    pub id: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When it was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    /// Provider fields the model does not type.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Version {
    /// A version with only its id known.
    pub fn new(id: impl Into<String>) -> Self {
        Version {
            id: id.into(),
            description: None,
            created_at: None,
            extensions: Extensions::new(),
        }
    }
}

/// How to publish a version.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PublishVersion {
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The id to give the version, where the provider lets the caller choose
    /// ([`Capabilities::caller_named_versions`](crate::Capabilities)); otherwise it must be `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Only publish if the function (FC: the service) still has this entity tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_match: Option<String>,
}

impl PublishVersion {
    /// Publish with provider defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the description.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Asks for a specific version id.
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Makes publishing conditional on the entity tag.
    pub fn if_match(mut self, etag: impl Into<String>) -> Self {
        self.if_match = Some(etag.into());
        self
    }
}

/// Weights of the extra versions an alias splits traffic to: version id → fraction of invocations in
/// `[0, 1]`; the rest goes to the alias's main version. FunctionGraph stores whole percents (a weight step
/// of 0.01, see [`Capabilities::alias_weight_step`](crate::Capabilities)).
pub type VersionWeights = BTreeMap<String, f64>;

/// What to create: an alias.
///
/// ```
/// use cloudfn_core::AliasSpec;
///
/// // 90 % to version 1, 10 % to version 2.
/// let spec = AliasSpec::new("prod", "1").with_weight("2", 0.10);
/// assert_eq!(spec.additional_weights["2"], 0.10);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AliasSpec {
    /// The alias name.
    pub name: String,
    /// The main version.
    pub version: String,
    /// Extra versions and the fraction of traffic each gets.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub additional_weights: VersionWeights,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Provider fields the model does not type.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl AliasSpec {
    /// An alias `name` pointing at `version`.
    pub fn new(name: impl Into<String>, version: impl Into<String>) -> Self {
        AliasSpec {
            name: name.into(),
            version: version.into(),
            additional_weights: VersionWeights::new(),
            description: None,
            extensions: Extensions::new(),
        }
    }

    /// Sends `weight` (a fraction in `[0, 1]`) of the traffic to `version`.
    pub fn with_weight(mut self, version: impl Into<String>, weight: f64) -> Self {
        self.additional_weights.insert(version.into(), weight);
        self
    }

    /// Sets the description.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}

/// An alias as the provider reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Alias {
    /// The alias name.
    pub name: String,
    /// The main version.
    pub version: String,
    /// Extra versions and the fraction of traffic each gets.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub additional_weights: VersionWeights,
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

impl Alias {
    /// An alias with only its name and main version known.
    pub fn new(name: impl Into<String>, version: impl Into<String>) -> Self {
        Alias {
            name: name.into(),
            version: version.into(),
            additional_weights: VersionWeights::new(),
            description: None,
            created_at: None,
            modified_at: None,
            etag: None,
            extensions: Extensions::new(),
        }
    }
}

/// A change to an alias: `None` fields are left as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AliasUpdate {
    /// New main version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// New extra-version weights, replacing the old ones whole (`Some(empty)` clears them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_weights: Option<VersionWeights>,
    /// New description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Provider fields to set.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
    /// Only apply the change if the alias still has this entity tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_match: Option<String>,
}

impl AliasUpdate {
    /// An empty change.
    pub fn new() -> Self {
        Self::default()
    }

    /// Points the alias at another main version.
    pub fn with_version(mut self, version: impl Into<String>) -> Self {
        self.version = Some(version.into());
        self
    }

    /// Replaces the extra-version weights.
    pub fn with_weights(mut self, weights: VersionWeights) -> Self {
        self.additional_weights = Some(weights);
        self
    }

    /// Sets the description.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Makes the change conditional on the entity tag.
    pub fn if_match(mut self, etag: impl Into<String>) -> Self {
        self.if_match = Some(etag.into());
        self
    }
}
