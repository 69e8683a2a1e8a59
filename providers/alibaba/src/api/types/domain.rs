//! Custom domains (alibaba-fc.md §5.6, §6.10).

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::lenient;

/// HTTPS certificate of a custom domain. `Debug` never shows the private key.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CertConfig {
    /// Free-form certificate name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cert_name: Option<String>,
    /// PEM certificate (chain concatenated in order).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
    /// PEM private key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_key: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl fmt::Debug for CertConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CertConfig")
            .field("cert_name", &self.cert_name)
            .field("certificate", &self.certificate)
            .field("private_key", &self.private_key.as_ref().map(|_| "***"))
            .field("extra", &self.extra)
            .finish()
    }
}

/// One route of a custom domain: path pattern → function.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PathConfig {
    /// Path pattern, e.g. `/login/*`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Service name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    /// Function name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function_name: Option<String>,
    /// Version or alias.
    #[serde(
        deserialize_with = "lenient::opt_qualifier",
        skip_serializing_if = "Option::is_none"
    )]
    pub qualifier: Option<String>,
    /// Allowed HTTP methods.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub methods: Option<Vec<String>>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Routing table of a custom domain.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RouteConfig {
    /// Routes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routes: Option<Vec<PathConfig>>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A custom domain as the cloud returns it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CustomDomain {
    /// Domain name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_name: Option<String>,
    /// Account id.
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub account_id: Option<String>,
    /// API version (`2016-08-15`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// `HTTP` or `HTTP,HTTPS`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// HTTPS certificate.
    #[serde(
        deserialize_with = "lenient::opt_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub cert_config: Option<CertConfig>,
    /// Routes.
    #[serde(
        deserialize_with = "lenient::opt_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub route_config: Option<RouteConfig>,
    /// Creation time.
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_time: Option<String>,
    /// Last modification time.
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_modified_time: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Body of CreateCustomDomain.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateCustomDomainRequest {
    /// Domain name (required).
    pub domain_name: String,
    /// `HTTP` or `HTTP,HTTPS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// HTTPS certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_config: Option<CertConfig>,
    /// Routes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_config: Option<RouteConfig>,
    /// Extra fields to send as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Body of UpdateCustomDomain (fields present are changed; the reference marks them all required, the SDK
/// sends only those given).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct UpdateCustomDomainRequest {
    /// Domain name (the path already names it; the SDK does not send it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_name: Option<String>,
    /// `HTTP` or `HTTP,HTTPS`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// HTTPS certificate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cert_config: Option<CertConfig>,
    /// Routes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route_config: Option<RouteConfig>,
    /// Extra fields to send as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Response of ListCustomDomains.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ListCustomDomainsResponse {
    /// This page.
    #[serde(deserialize_with = "lenient::vec_or_null")]
    pub custom_domains: Vec<CustomDomain>,
    /// Token for the next page.
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub next_token: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
