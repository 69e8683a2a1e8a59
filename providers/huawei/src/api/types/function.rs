//! Function lifecycle (§3.6) and the function model (§4.1).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{AsyncInvokeConfig, Dependency, Extra, NumberOrString, QueryBuilder, ToQuery};
use crate::Secret;

/// `code_type`: inline code (Base64 source or ZIP in `func_code.file`).
pub const CODE_TYPE_INLINE: &str = "inline";
/// `code_type`: a ZIP file in `func_code.file`.
pub const CODE_TYPE_ZIP: &str = "zip";
/// `code_type`: a JAR file (Java).
pub const CODE_TYPE_JAR: &str = "jar";
/// `code_type`: code in an OBS bucket (`code_url`).
pub const CODE_TYPE_OBS: &str = "obs";

wire_struct! {
    /// A function's code (`func_code`, and its CamelCase duplicate `FuncCode`).
    pub struct FuncCode {
        /// The code, Base64 (inline source, or ZIP/JAR bytes). Responses other than the code
        /// operations send it empty.
        file: String,
        /// A code URL.
        link: String,
    }
}

wire_struct! {
    /// The VPC a function is attached to (`func_vpc`; `null` when none).
    pub struct FuncVpc {
        /// The VPC name.
        vpc_name: String,
        /// The VPC id (required when `func_vpc` is set).
        vpc_id: String,
        /// The subnet name.
        subnet_name: String,
        /// The subnet id (required when `func_vpc` is set).
        subnet_id: String,
        /// The subnet CIDR.
        cidr: String,
        /// The gateway.
        gateway: String,
    }
}

wire_struct! {
    /// The user and group the function's file-system mounts run as. The model types the ids as Int, the
    /// operations as String ("non-0 integer from −1 to 65534"); both are accepted and written back as
    /// received.
    pub struct MountUser {
        /// The user id.
        user_id: NumberOrString,
        /// The group id.
        user_group_id: NumberOrString,
    }
}

wire_struct! {
    /// One file-system mount.
    pub struct FuncMount {
        /// `sfs`, `sfsTurbo` or `ecs`.
        mount_type: String,
        /// The cloud resource id.
        mount_resource: String,
        /// The share path (required for `ecs`, e.g. `192.168.0.12:/data`).
        mount_share_path: String,
        /// The path inside the function.
        local_mount_path: String,
    }
}

wire_struct! {
    /// A function's file-system mounts (`mount_config`; `null` when none).
    pub struct MountConfig {
        /// The user the mounts run as.
        mount_user: MountUser,
        /// The mounts.
        func_mounts: Vec<FuncMount>,
    }
}

wire_struct! {
    /// Instance limits (`strategy_config`, and its CamelCase duplicate `StrategyConfig`).
    pub struct StrategyConfig {
        /// Maximum instances: v1 functions only `0` (disabled) or `-1` (enabled, unlimited); v2 `-1`..`1000`.
        concurrency: i32,
        /// Maximum concurrent requests per instance (v2 only, `-1`..`200000`).
        concurrent_num: i32,
    }
}

wire_struct! {
    /// A custom container image (`custom_image`).
    pub struct CustomImage {
        /// Whether the function runs the image.
        enabled: bool,
        /// The image address.
        image: String,
        /// The start command.
        command: String,
        /// The command-line arguments.
        args: String,
        /// The working directory.
        working_dir: String,
        /// The user id.
        uid: String,
        /// The group id.
        gid: String,
    }
}

wire_struct! {
    /// A function (or function version) as the server describes it: the union of ListFunctionResult,
    /// the FunctionConfig returned by CreateFunction, ShowFunctionConfig, UpdateFunctionConfig and
    /// UpdateFunctionMaxInstanceConfig, ListFunctionVersionResult, the CreateFunctionVersion response,
    /// ImportFunction's response, and the model examples of §4.1. Each operation fills a subset.
    ///
    /// `func_urn` is qualified (`...:latest`) in single-object reads and unqualified in lists; compare
    /// URNs after parsing them ([`FunctionUrn`](crate::urn::FunctionUrn)).
    pub struct FunctionConfig {
        /// The function URN.
        func_urn: String,
        /// The function name.
        func_name: String,
        /// The account (domain) id.
        domain_id: String,
        /// The project id.
        namespace: String,
        /// The project name (the region name).
        project_name: String,
        /// The package (function group).
        package: String,
        /// The runtime (`Python3.9`, `Node.js14.18`, `Custom`, ...).
        runtime: String,
        /// The timeout in seconds (3–900).
        timeout: i32,
        /// The handler (`file.function`).
        handler: String,
        /// The memory in MB.
        memory_size: i32,
        /// The CPU in millicores (derived from the memory).
        cpu: i32,
        /// `inline`, `zip`, `obs` or `jar`.
        code_type: String,
        /// The OBS URL of the code (`obs`).
        code_url: String,
        /// The code file name.
        code_filename: String,
        /// The code size in bytes.
        code_size: i64,
        /// The environment variables: a JSON object **serialised into a string** (see
        /// [`FunctionConfig::user_data_map`]).
        user_data: String,
        /// The encrypted environment variables (never shown by `Debug`).
        encrypted_user_data: Secret,
        /// The SHA-512 hex digest of the code.
        digest: String,
        /// `latest` or the version name.
        version: String,
        /// An internal version identifier.
        image_name: String,
        /// The IAM agency the function uses.
        xrole: String,
        /// The IAM agency of the function's app.
        app_xrole: String,
        /// The description.
        description: String,
        /// The description of the version.
        version_description: String,
        /// The last modification, ISO-8601 with offset.
        last_modified: String,
        /// The last modification, Unix seconds (in examples only).
        last_modified_utc: i64,
        /// The code (empty outside the code operations).
        func_code: FuncCode,
        /// The CamelCase duplicate `FuncCode` some responses carry.
        #[serde(rename = "FuncCode")]
        func_code_duplicate: FuncCode,
        /// The VPC.
        func_vpc: FuncVpc,
        /// The internal VPC id (list results carry it instead of `func_vpc`).
        func_vpc_id: String,
        /// The file-system mounts.
        mount_config: MountConfig,
        /// The ids of the dependencies.
        depend_list: Vec<String>,
        /// The dependencies.
        dependencies: Vec<Dependency>,
        /// The instance limits.
        strategy_config: StrategyConfig,
        /// The CamelCase duplicate `StrategyConfig` some responses carry.
        #[serde(rename = "StrategyConfig")]
        strategy_config_duplicate: StrategyConfig,
        /// Top-level copy of `strategy_config.concurrency` (`0` disabled, `-1` enabled).
        concurrency: i32,
        /// Top-level per-instance concurrency.
        concurrent_num: i32,
        /// Extension configuration.
        extend_config: String,
        /// The initializer (`file.function`).
        initializer_handler: String,
        /// The initializer timeout in seconds (1–300).
        initializer_timeout: i32,
        /// The enterprise project (`"0"` is the default one).
        enterprise_project_id: String,
        /// Whether long timeouts are allowed.
        long_time: bool,
        /// The LTS log group id.
        log_group_id: String,
        /// The LTS log stream id.
        log_stream_id: String,
        /// `v1` or `v2`.
        r#type: String,
        /// Failed executions in the last day (lists only).
        fail_count: i32,
        /// Whether dynamic memory is enabled.
        enable_dynamic_memory: bool,
        /// Whether the function is stateful (v2 only).
        is_stateful_function: bool,
        /// Whether authentication in the request header is allowed.
        enable_auth_in_header: bool,
        /// Whether cloud debugging is enabled (typed String by the API).
        enable_cloud_debug: String,
        /// Idle mode of reserved instances.
        reserved_instance_idle_mode: bool,
        /// Private domain names resolved for the function.
        domain_names: String,
        /// The custom image.
        custom_image: CustomImage,
        /// The asynchronous-invocation settings (versions and publish).
        function_async_config: AsyncInvokeConfig,
    }
}

impl FunctionConfig {
    /// The instance limits: `strategy_config`, else its CamelCase duplicate.
    pub fn strategy(&self) -> Option<&StrategyConfig> {
        self.strategy_config
            .as_ref()
            .or(self.strategy_config_duplicate.as_ref())
    }

    /// The code: `func_code`, else its CamelCase duplicate.
    pub fn code(&self) -> Option<&FuncCode> {
        self.func_code
            .as_ref()
            .or(self.func_code_duplicate.as_ref())
    }

    /// The environment variables decoded from `user_data` (empty when unset or `""`).
    pub fn user_data_map(&self) -> Result<BTreeMap<String, String>, serde_json::Error> {
        decode_user_data(self.user_data.as_deref().unwrap_or_default())
    }
}

/// Decodes `user_data` (a JSON object serialised into a string) into name → value. `""` is no variables;
/// a non-string value is kept as its JSON text.
///
/// ```
/// use cloudfn_huawei::api::types::{decode_user_data, encode_user_data};
///
/// let vars = decode_user_data(r#"{"obs_address":"obs.example.com","n":1}"#).unwrap();
/// assert_eq!(vars["obs_address"], "obs.example.com");
/// assert_eq!(vars["n"], "1");
/// assert_eq!(decode_user_data("").unwrap().len(), 0);
/// assert_eq!(encode_user_data(&vars), r#"{"n":"1","obs_address":"obs.example.com"}"#);
/// ```
pub fn decode_user_data(user_data: &str) -> Result<BTreeMap<String, String>, serde_json::Error> {
    if user_data.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(user_data)?;
    Ok(map
        .into_iter()
        .map(|(k, v)| {
            let v = match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            (k, v)
        })
        .collect())
}

/// Encodes environment variables as the `user_data` string (a JSON object's text).
pub fn encode_user_data(vars: &BTreeMap<String, String>) -> String {
    serde_json::Value::Object(
        vars.iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect(),
    )
    .to_string()
}

/// An item of ListFunctions.
pub type ListFunctionResult = FunctionConfig;
/// The response of CreateFunction, ShowFunctionConfig, UpdateFunctionConfig and
/// UpdateFunctionMaxInstanceConfig.
pub type FunctionConfigResponse = FunctionConfig;

wire_struct! {
    /// A function's code: the response of ShowFunctionCode and UpdateFunctionCode (`GET`/`PUT
    /// /functions/{urn}/code`).
    pub struct FunctionCode {
        /// The function URN (qualified).
        func_urn: String,
        /// The function name.
        func_name: String,
        /// The account (domain) id.
        domain_id: String,
        /// The runtime.
        runtime: String,
        /// `inline`, `zip`, `obs` or `jar`.
        code_type: String,
        /// The OBS URL of the code.
        code_url: String,
        /// The code file name.
        code_filename: String,
        /// The code size in bytes.
        code_size: i64,
        /// The SHA-512 hex digest of the code.
        digest: String,
        /// The last modification, ISO-8601.
        last_modified: String,
        /// The code (`file`: Base64).
        func_code: FuncCode,
        /// The ids of the dependencies.
        depend_list: Vec<String>,
        /// The instance limits.
        strategy_config: StrategyConfig,
        /// The dependencies.
        dependencies: Vec<Dependency>,
    }
}

/// Query parameters of ListFunctions (`GET /functions`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFunctionsQuery {
    /// Where the previous page ended (`next_marker`); `0` for the first page.
    pub marker: Option<String>,
    /// Functions per page (at most 400; absent or 0 means 400).
    pub maxitems: Option<u32>,
    /// Package filter.
    pub package_name: Option<String>,
    /// Function name filter (sent by the SDK; not in the API reference).
    pub func_name: Option<String>,
}

impl ToQuery for ListFunctionsQuery {
    fn to_query(&self) -> Vec<(String, String)> {
        QueryBuilder::default()
            .opt("marker", self.marker.as_ref())
            .opt("maxitems", self.maxitems.as_ref())
            .opt("package_name", self.package_name.as_ref())
            .opt("func_name", self.func_name.as_ref())
            .build()
    }
}

wire_struct! {
    /// The response of ListFunctions.
    pub struct ListFunctionsResponse {
        /// The functions.
        functions: Vec<FunctionConfig>,
        /// The marker of the next page.
        next_marker: i64,
        /// The total number of functions matching.
        count: i64,
    }
}

/// The body of CreateFunction (`POST /functions`).
///
/// The API reference's request table stops at `type`; the members after it are those §7.76 says the
/// server accepts and stores when sent (they are otherwise set with UpdateFunctionConfig/Code).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateFunctionRequest {
    /// The function name.
    pub func_name: String,
    /// The package (`default` unless set).
    pub package: String,
    /// The runtime.
    pub runtime: String,
    /// The timeout in seconds (3–900).
    pub timeout: i32,
    /// The handler (`file.function`).
    pub handler: String,
    /// The memory in MB.
    pub memory_size: i32,
    /// `inline`, `zip`, `obs` or `jar`.
    pub code_type: String,
    /// The OBS URL of the code (`obs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_url: Option<String>,
    /// The code file name (required for `zip` and `jar`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_filename: Option<String>,
    /// The environment variables as JSON text ([`encode_user_data`]); at most 20, 4 KB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_data: Option<String>,
    /// Encrypted environment variables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted_user_data: Option<Secret>,
    /// The IAM agency the function uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xrole: Option<String>,
    /// The IAM agency of the function's app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_xrole: Option<String>,
    /// The description (at most 512 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The code (`file`: Base64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub func_code: Option<FuncCode>,
    /// The initializer (`file.function`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initializer_handler: Option<String>,
    /// The initializer timeout in seconds (1–300).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initializer_timeout: Option<i32>,
    /// The enterprise project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise_project_id: Option<String>,
    /// `v1` or `v2` (default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// The VPC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub func_vpc: Option<FuncVpc>,
    /// The file-system mounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mount_config: Option<MountConfig>,
    /// The instance limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy_config: Option<StrategyConfig>,
    /// The ids of the dependencies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depend_list: Option<Vec<String>>,
    /// Extension configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extend_config: Option<String>,
    /// Private domain names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain_names: Option<String>,
    /// Additional members, sent verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The body of UpdateFunctionCode (`PUT /functions/{urn}/code`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateFunctionCodeRequest {
    /// `inline`, `zip`, `obs` or `jar`.
    pub code_type: String,
    /// The OBS URL of the code (`obs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_url: Option<String>,
    /// The code file name (required for `zip` and `jar`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_filename: Option<String>,
    /// The code (`file`: Base64; empty means the default code).
    pub func_code: FuncCode,
    /// The ids of the dependencies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depend_list: Option<Vec<String>>,
    /// Additional members, sent verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The body of UpdateFunctionConfig (`PUT /functions/{urn}/config`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateFunctionConfigRequest {
    /// The function name (must be the URN's).
    pub func_name: String,
    /// The runtime.
    pub runtime: String,
    /// The timeout in seconds (3–900).
    pub timeout: i32,
    /// The handler.
    pub handler: String,
    /// The memory in MB.
    pub memory_size: i32,
    /// The environment variables as JSON text ([`encode_user_data`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_data: Option<String>,
    /// Encrypted environment variables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted_user_data: Option<Secret>,
    /// The IAM agency the function uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xrole: Option<String>,
    /// The IAM agency of the function's app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_xrole: Option<String>,
    /// The description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The VPC (`vpc_id` and `subnet_id` required when set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub func_vpc: Option<FuncVpc>,
    /// The file-system mounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mount_config: Option<MountConfig>,
    /// The instance limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy_config: Option<StrategyConfig>,
    /// Extension configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extend_config: Option<String>,
    /// The initializer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initializer_handler: Option<String>,
    /// The initializer timeout in seconds (1–300).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initializer_timeout: Option<i32>,
    /// The enterprise project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise_project_id: Option<String>,
    /// Whether the function is stateful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_stateful_function: Option<bool>,
    /// Private domain names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain_names: Option<String>,
    /// Additional members, sent verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

wire_struct! {
    /// The body of UpdateFunctionMaxInstanceConfig (`PUT /functions/{urn}/config-max-instance`).
    pub struct UpdateFunctionMaxInstanceConfigRequest {
        /// The maximum number of instances.
        max_instance_num: i32,
    }
}
