//! Import and export (§3.11).

use serde::{Deserialize, Serialize};

use super::{Extra, FunctionConfig, QueryBuilder, ToQuery};

/// Query parameters of ExportFunction (`GET /functions/{urn}/export`). The response body is the export
/// package itself (raw bytes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportFunctionQuery {
    /// Export the configuration.
    pub config: Option<bool>,
    /// Export the code.
    pub code: Option<bool>,
    /// Compatibility mode: `code` or `config`.
    pub r#type: Option<String>,
}

impl ToQuery for ExportFunctionQuery {
    fn to_query(&self) -> Vec<(String, String)> {
        QueryBuilder::default()
            .opt("config", self.config.as_ref())
            .opt("code", self.code.as_ref())
            .opt("type", self.r#type.as_ref())
            .build()
    }
}

/// The body of ImportFunction (`POST /functions/import`). Its response is a [`FunctionConfig`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportFunctionRequest {
    /// The function name.
    pub func_name: String,
    /// The package file name (e.g. `test.zip`).
    pub file_name: String,
    /// The file type (e.g. `zip`).
    pub file_type: String,
    /// The package, Base64.
    pub file_code: String,
    /// The package (function group); `default` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    /// Additional members, sent verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The response of ImportFunction.
pub type ImportFunctionResponse = FunctionConfig;
