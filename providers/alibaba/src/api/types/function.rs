//! Functions (alibaba-fc.md §5.2, §6.2).

use std::collections::BTreeMap;
use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::lenient;

/// A code package to upload: exactly one of {`ossBucketName` + `ossObjectName`} or {`zipFile`}.
///
/// `Debug` shows the length of `zipFile`, not its content.
///
/// ```
/// use cloudfn_alibaba::api::types::Code;
/// let code = Code::zip(b"print(\"hello world\")\n");
/// assert_eq!(code.zip_file.as_deref(), Some("cHJpbnQoImhlbGxvIHdvcmxkIikK"));
/// assert_eq!(serde_json::to_string(&Code::oss("b", "k")).unwrap(), r#"{"ossBucketName":"b","ossObjectName":"k"}"#);
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Code {
    /// OSS bucket holding the ZIP.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oss_bucket_name: Option<String>,
    /// OSS object key of the ZIP.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oss_object_name: Option<String>,
    /// Standard base64 of the ZIP content.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip_file: Option<String>,
    /// Extra fields to send as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Code {
    /// Inline code: the ZIP bytes, base64-encoded as the API wants (standard alphabet, padded).
    pub fn zip(zip_bytes: &[u8]) -> Self {
        Code {
            zip_file: Some(BASE64.encode(zip_bytes)),
            ..Code::default()
        }
    }

    /// Code stored in OSS.
    pub fn oss(bucket: impl Into<String>, object: impl Into<String>) -> Self {
        Code {
            oss_bucket_name: Some(bucket.into()),
            oss_object_name: Some(object.into()),
            ..Code::default()
        }
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Code")
            .field("oss_bucket_name", &self.oss_bucket_name)
            .field("oss_object_name", &self.oss_object_name)
            .field("zip_file_len", &self.zip_file.as_ref().map(String::len))
            .field("extra", &self.extra)
            .finish()
    }
}

/// Custom Container image settings (request form).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CustomContainerConfig {
    /// Image address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Start command as a JSON-array **string**, e.g. `"[\"/code/myserver\"]"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// Start arguments as a JSON-array string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub args: Option<String>,
    /// `Default` (image acceleration on) or `None` (off, the default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acceleration_type: Option<String>,
    /// Container Registry Enterprise Edition instance id (key `instanceID`, capital `ID`).
    #[serde(rename = "instanceID", skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// Extra fields to send as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// State of image acceleration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct AccelerationInfo {
    /// `Preparing` or `Ready`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Custom Container settings as returned (GetFunction adds `accelerationInfo`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CustomContainerConfigInfo {
    /// Image address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Start command (JSON-array string).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// Start arguments (JSON-array string).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub args: Option<String>,
    /// `Default` or `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acceleration_type: Option<String>,
    /// Enterprise registry instance id (key `instanceID`).
    #[serde(rename = "instanceID", skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// Acceleration state.
    #[serde(
        deserialize_with = "lenient::opt_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub acceleration_info: Option<AccelerationInfo>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A function as the cloud returns it (Create/Update/GetFunction, ListFunctions items).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Function {
    /// System-generated id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function_id: Option<String>,
    /// Function name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function_name: Option<String>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Runtime identifier, e.g. `python3`, `custom-container`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
    /// Entry point, e.g. `index.handler`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handler: Option<String>,
    /// Timeout in seconds.
    #[serde(
        deserialize_with = "lenient::opt_i32",
        skip_serializing_if = "Option::is_none"
    )]
    pub timeout: Option<i32>,
    /// Initializer entry point.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initializer: Option<String>,
    /// Initializer timeout in seconds.
    #[serde(
        deserialize_with = "lenient::opt_i32",
        skip_serializing_if = "Option::is_none"
    )]
    pub initialization_timeout: Option<i32>,
    /// Memory in MB.
    #[serde(
        deserialize_with = "lenient::opt_i32",
        skip_serializing_if = "Option::is_none"
    )]
    pub memory_size: Option<i32>,
    /// Package size in bytes.
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub code_size: Option<i64>,
    /// CRC-64 of the package, decimal (see [`crate::checksum`]).
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub code_checksum: Option<String>,
    /// Environment variables.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment_variables: Option<BTreeMap<String, String>>,
    /// Custom Container settings.
    #[serde(
        deserialize_with = "lenient::opt_object",
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_container_config: Option<CustomContainerConfigInfo>,
    /// HTTP port for Custom Runtime / Custom Container.
    #[serde(
        deserialize_with = "lenient::opt_i32",
        skip_serializing_if = "Option::is_none"
    )]
    pub ca_port: Option<i32>,
    /// Layer ARNs (`{hash}#{name}#{version}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layers: Option<Vec<String>>,
    /// Requests one instance may serve at once (SDK field).
    #[serde(
        deserialize_with = "lenient::opt_i32",
        skip_serializing_if = "Option::is_none"
    )]
    pub instance_concurrency: Option<i32>,
    /// Instance type (SDK field; no enum documented).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    /// Creation time.
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_time: Option<String>,
    /// Last modification time (a string on the wire, although the reference types it Long).
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_modified_time: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Body of `POST /services/{serviceName}/functions` (CreateFunction).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateFunctionRequest {
    /// Function name (required).
    pub function_name: String,
    /// Entry point (required).
    pub handler: String,
    /// Runtime identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
    /// Code package (not for Custom Container).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Memory in MB (multiple of 64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_size: Option<i32>,
    /// Timeout in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i32>,
    /// Initializer entry point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initializer: Option<String>,
    /// Initializer timeout in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initialization_timeout: Option<i32>,
    /// Environment variables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment_variables: Option<BTreeMap<String, String>>,
    /// Custom Container settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_container_config: Option<CustomContainerConfig>,
    /// HTTP port for Custom Runtime / Custom Container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_port: Option<i32>,
    /// Layer ARNs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layers: Option<Vec<String>>,
    /// Per-instance concurrency (SDK field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_concurrency: Option<i32>,
    /// Instance type (SDK field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    /// Extra fields to send as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Body of `PUT /services/{serviceName}/functions/{functionName}` (UpdateFunction).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct UpdateFunctionRequest {
    /// Code package.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    /// Custom Container settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_container_config: Option<CustomContainerConfig>,
    /// Layer ARNs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layers: Option<Vec<String>>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Environment variables (replaces the whole map).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment_variables: Option<BTreeMap<String, String>>,
    /// Entry point.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handler: Option<String>,
    /// Memory in MB.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_size: Option<i32>,
    /// Runtime identifier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
    /// Timeout in seconds; sent as an integer (the reference's one example sends `"60"`, which is also
    /// accepted when reading).
    #[serde(
        deserialize_with = "lenient::opt_i32",
        skip_serializing_if = "Option::is_none"
    )]
    pub timeout: Option<i32>,
    /// Initializer timeout in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initialization_timeout: Option<i32>,
    /// Initializer entry point.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initializer: Option<String>,
    /// HTTP port.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ca_port: Option<i32>,
    /// Per-instance concurrency (SDK field).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_concurrency: Option<i32>,
    /// Instance type (SDK field).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    /// Extra fields to send as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Response of GetFunctionCode.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct FunctionCode {
    /// CRC-64 of the package, decimal.
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub checksum: Option<String>,
    /// Pre-signed OSS URL to download the package.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Fields cloudfn does not model, kept as received.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Response of ListFunctions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ListFunctionsResponse {
    /// This page.
    #[serde(deserialize_with = "lenient::vec_or_null")]
    pub functions: Vec<Function>,
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
