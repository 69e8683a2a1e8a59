//! FunctionGraph error responses → [`cloudfn_core::Error`].
//!
//! # Body forms
//!
//! A 4xx/5xx body is decoded the way the official SDK (`huaweicloudsdkcore` 3.1.219,
//! `DefaultExceptionHandler`) does, in this order (official-sdks.md §2.6):
//!
//! 1. `encoded_authorization_message` is kept when present (IAM policy denials);
//! 2. `{"error_code": ..., "error_msg": ...}` — both keys required (the FunctionGraph form, §5.1);
//! 3. else `{"errorCode": ..., "errorMsg": ...}`;
//! 4. else `{"code": ..., "message": ...}` (the API Gateway form, e.g. `APIGW.0301`);
//! 5. else the same search in each object-valued member, e.g. `{"error": {"code": ..., "message": ...}}`.
//!
//! When nothing matches (no JSON, a lone `error_code`, an empty body) the message is the body text (or
//! the status's reason phrase when empty) and there is no code; the SDK would report the status as the
//! code, cloudfn keeps [`Error::status`] and [`Error::code`] apart. Non-string values are turned into
//! their JSON text. Nothing here panics, whatever the bytes.
//!
//! The request id comes from `X-Request-Id` (what the SDK reads), then `X-Cff-Request-Id` (set on
//! invocations), then a `request_id` member of the body (API Gateway puts one there).
//!
//! # Codes → [`ErrorKind`]
//!
//! [`FSS_CODES`] is the full error-code table of the API reference (huawei-functiongraph.md §5.2, all
//! 185 rows: status, code, message, remedy) with the kind each code maps to. The kind follows the status
//! class, except where the code's meaning says otherwise (the table itself has "already exists" under 400
//! and 403, quota limits under 400 and 403, "does not exist" under 400, an invalid name under 502):
//!
//! | status | default kind | codes with another kind |
//! |---|---|---|
//! | 400 | `InvalidArgument` | `AlreadyExists`: 1031, 1038, 1307 · `NotFound`: 1301, 1308 · `QuotaExceeded`: 1076, 1306 · `PreconditionFailed`: 1016 (nothing changed since the last publication), 1026, 1028, 1077, 1311 · `PayloadTooLarge`: 1023 · `Unauthenticated`: 1303, 1310 · `Service`: 1304 |
//! | 401 | `Unauthenticated` | `PermissionDenied`: 1118 (not in the whitelist) |
//! | 403 | `PermissionDenied` | `QuotaExceeded`: 1041–1045, 1047–1049, 1068, 1123, 1124 · `AlreadyExists`: 1073, 1108 · `PreconditionFailed`: 1046, 1094, 1154 · `PayloadTooLarge`: 1069 · `InvalidArgument`: 1096 |
//! | 404 | `NotFound` | `InvalidArgument`: 1137 (invalid trigger type, as 1101) |
//! | 406 | `InvalidArgument` | |
//! | 408, 504 | `Timeout` | |
//! | 409 | `AlreadyExists` | `PreconditionFailed`: 1066 (version already used by another alias) |
//! | 410 | `NotFound` | |
//! | 412, 428 | `PreconditionFailed` | |
//! | 413 | `PayloadTooLarge` | |
//! | 424 | `InvalidArgument` | |
//! | 426 | `Unsupported` | |
//! | 429 | `Throttled` | |
//! | 500, 502, 503 | `Service` (retryable) | `InvalidArgument`: 1319 (invalid trigger name, 502), 1170 (DDS authentication, 503) |
//!
//! External resources named in a request that do not exist (a VPC, an image, a DB instance under 400) are
//! `InvalidArgument`; FunctionGraph's own resources that do not exist are `NotFound`.
//!
//! [`EXTRA_CODES`] adds codes seen outside that table: `FSS.1128` (UpdateTracing's "function not
//! existed", 400), and the API Gateway codes `APIGW.0101`, `APIGW.0301` (authentication: bad signature,
//! bad or expired token, expired signature) and `APIGW.0308` (throttled). Other codes, and the `APIGW`
//! codes not listed, map by HTTP status ([`ErrorKind::from_status`]). Codes are matched
//! case-insensitively; the `FGS.` prefix of the generic example is read as `FSS.`, and the newer `APIG.`
//! prefix as `APIGW.`.
//!
//! # Signature failures and clock skew
//!
//! `APIGW.0301` messages get a hint appended: for `verify aksk signature fail`, to check the secret key;
//! for `signature expired` (the request's `X-Sdk-Date` is more than 15 minutes from the server's clock),
//! to check the local clock. [`is_clock_skew`] recognises the latter so the transport can correct its
//! clock and re-sign once, and [`clock_skew_server_time`] reads the server time the message carries
//! (`... signature time:20211217T064303Z,server time:20211217T065804Z`).
//!
//! ```
//! use cloudfn_core::ErrorKind;
//! use cloudfn_huawei::error::error_from_response;
//! use http::HeaderMap;
//!
//! let mut headers = HeaderMap::new();
//! headers.insert("x-request-id", "rid-1".parse().unwrap());
//! let err = error_from_response(404, &headers, br#"{"error_code":"FSS.1051","error_msg":"Not found the function"}"#);
//! assert_eq!(err.kind(), ErrorKind::NotFound);
//! assert_eq!(err.code(), Some("FSS.1051"));
//! assert_eq!(err.message(), "Not found the function");
//! assert_eq!(err.request_id(), Some("rid-1"));
//! assert_eq!(err.status(), Some(404));
//! ```

use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use cloudfn_core::{Error, ErrorKind};
use http::HeaderMap;
use serde_json::{Map, Value};

use crate::PROVIDER;

use ErrorKind as K;

/// One documented error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    /// The code, e.g. `FSS.1051`.
    pub code: &'static str,
    /// The HTTP status the API reference gives for it.
    pub status: u16,
    /// The neutral kind it maps to.
    pub kind: ErrorKind,
    /// The API reference's message (servers often send a different text for the same code).
    pub message: &'static str,
    /// The API reference's remedy, when it says more than "check the item named".
    pub remedy: Option<&'static str>,
}

const fn code(
    code: &'static str,
    status: u16,
    kind: ErrorKind,
    message: &'static str,
    remedy: Option<&'static str>,
) -> CodeInfo {
    CodeInfo {
        code,
        status,
        kind,
        message,
        remedy,
    }
}

/// Every row of the FunctionGraph error-code table (huawei-functiongraph.md §5.2, [SRC 7.2]), in its
/// order, with the kind each code maps to (see the module docs for the rules).
#[rustfmt::skip]
pub static FSS_CODES: &[CodeInfo] = &[
    code("FSS.0400", 400, K::InvalidArgument, "Invalid parameter.", Some("Check the request parameters.")),
    code("FSS.1001", 400, K::InvalidArgument, "Invalid query parameter.", Some("Check the query parameters.")),
    code("FSS.1002", 400, K::InvalidArgument, "Invalid function name.", None),
    code("FSS.1003", 400, K::InvalidArgument, "Invalid function handler.", None),
    code("FSS.1004", 400, K::InvalidArgument, "Invalid function package.", None),
    code("FSS.1005", 400, K::InvalidArgument, "Invalid runtime.", None),
    code("FSS.1006", 400, K::InvalidArgument, "Invalid function code entry mode.", None),
    code("FSS.1007", 400, K::InvalidArgument, "Invalid function memory.", None),
    code("FSS.1008", 400, K::InvalidArgument, "Invalid function timeout.", None),
    code("FSS.1009", 400, K::InvalidArgument, "Invalid environment variable.", None),
    code("FSS.1010", 400, K::InvalidArgument, "Invalid URL.", None),
    code("FSS.1011", 400, K::InvalidArgument, "Invalid function code.", None),
    code("FSS.1012", 400, K::InvalidArgument, "The function code cannot be left blank.", None),
    code("FSS.1013", 400, K::InvalidArgument, "Invalid file type.", None),
    code("FSS.1014", 400, K::InvalidArgument, "Invalid function alias.", None),
    code("FSS.1015", 400, K::InvalidArgument, "Invalid function version.", None),
    code("FSS.1016", 400, K::PreconditionFailed, "The function cannot be published because no changes have been made since last publication.", None),
    code("FSS.1017", 400, K::InvalidArgument, "The number of environment variables exceeds the maximum allowed limit (20).", None),
    code("FSS.1018", 400, K::InvalidArgument, "The total size of environment variables exceeds the maximum allowed limit (2 KB).", None),
    code("FSS.1019", 400, K::InvalidArgument, "The description exceeds the maximum allowed limit (512 characters).", None),
    code("FSS.1022", 400, K::InvalidArgument, "Only one YAML file is allowed.", None),
    code("FSS.1023", 400, K::PayloadTooLarge, "The file exceeds the maximum allowed limit.", None),
    code("FSS.1024", 400, K::InvalidArgument, "Invalid dependency.", None),
    code("FSS.1025", 400, K::InvalidArgument, "Invalid YAML file.", None),
    code("FSS.1026", 400, K::PreconditionFailed, "A function cannot be enabled or disabled when function configuration is being modified.", Some("Do not enable/disable the function while its configuration is being modified.")),
    code("FSS.1027", 400, K::InvalidArgument, "Invalid package or app name.", None),
    code("FSS.1028", 400, K::PreconditionFailed, "The app with functions cannot be deleted.", Some("Delete the app's functions before deleting the app.")),
    code("FSS.1029", 400, K::InvalidArgument, "The default app cannot be deleted.", Some("The default app cannot be deleted.")),
    code("FSS.1031", 400, K::AlreadyExists, "The dependency already exists.", Some("Check the dependency (source wording: 'check whether it exists').")),
    code("FSS.1032", 400, K::InvalidArgument, "Invalid dependency type. You can only upload ZIP files locally or from OBS.", None),
    code("FSS.1034", 400, K::InvalidArgument, "Invalid image URL.", None),
    code("FSS.1035", 400, K::InvalidArgument, "The image does not exist.", None),
    code("FSS.1036", 400, K::InvalidArgument, "The VPC does not exist.", None),
    code("FSS.1037", 400, K::InvalidArgument, "No matched subnet.", None),
    code("FSS.1038", 400, K::AlreadyExists, "The file system configuration already exists.", None),
    code("FSS.1039", 400, K::InvalidArgument, "Invalid mount path.", None),
    code("FSS.1058", 400, K::InvalidArgument, "The app name and function name cannot be the same in the YAML file.", Some("Make sure app name and function name differ in the YAML file.")),
    code("FSS.1074", 400, K::InvalidArgument, "Invalid event parameters.", None),
    code("FSS.1075", 400, K::InvalidArgument, "The user ID and group ID must be an integer from - 1 to 65,534, except 0, 1000, or 1002.", None),
    code("FSS.1076", 400, K::QuotaExceeded, "The number of reserved instances exceeds the maximum allowed limit.", None),
    code("FSS.1077", 400, K::PreconditionFailed, "The code and configuration of the function cannot be updated because the function has at least one reserved instance.", None),
    code("FSS.1091", 400, K::InvalidArgument, "Invalid additional version.", None),
    code("FSS.1092", 400, K::InvalidArgument, "The weight of the additional version is invalid.", None),
    code("FSS.1093", 400, K::InvalidArgument, "The major version and the additional version cannot be the same.", None),
    code("FSS.1101", 400, K::InvalidArgument, "Invalid trigger type.", None),
    code("FSS.1102", 400, K::InvalidArgument, "Invalid SMN trigger parameters.", None),
    code("FSS.1103", 400, K::InvalidArgument, "Invalid DMS trigger parameters.", None),
    code("FSS.1104", 400, K::InvalidArgument, "Invalid DIS trigger parameters.", None),
    code("FSS.1106", 400, K::InvalidArgument, "Invalid OBS trigger parameters.", None),
    code("FSS.1107", 400, K::InvalidArgument, "Invalid APIG trigger parameters.", None),
    code("FSS.1109", 400, K::InvalidArgument, "Invalid timer trigger parameters.", None),
    code("FSS.1110", 400, K::InvalidArgument, "Invalid LTS trigger parameters.", None),
    code("FSS.1112", 400, K::InvalidArgument, "Invalid Kafka trigger parameters.", None),
    code("FSS.1113", 400, K::InvalidArgument, "The corresponding username and password must be configured if Kafka SASL_SSL is enabled.", None),
    code("FSS.1114", 400, K::InvalidArgument, "The subnet of the function must be the same as that of the Kafka instance.", None),
    code("FSS.1116", 400, K::InvalidArgument, "Kafka instance configuration error. Check whether the username and password are correct.", None),
    code("FSS.1117", 400, K::InvalidArgument, "Failed to query messages from the Kafka instance.", None),
    code("FSS.1164", 400, K::InvalidArgument, "Invalid DDS trigger parameters.", None),
    code("FSS.1172", 400, K::InvalidArgument, "The database instance does not exist.", None),
    code("FSS.1173", 400, K::InvalidArgument, "DDS DB instance configuration error. Contact DDS technical support.", Some("Contact DDS technical support.")),
    code("FSS.1301", 400, K::NotFound, "The CTS trigger does not exist.", None),
    code("FSS.1303", 400, K::Unauthenticated, "Access denied due to an authentication failure.", None),
    code("FSS.1304", 400, K::Service, "Failed to process the request.", Some("Contact CTS technical support.")),
    code("FSS.1305", 400, K::InvalidArgument, "Invalid CTS trigger parameters.", None),
    code("FSS.1306", 400, K::QuotaExceeded, "The number of triggers exceeds the maximum allowed limit.", None),
    code("FSS.1307", 400, K::AlreadyExists, "The trigger name already exists.", None),
    code("FSS.1308", 400, K::NotFound, "The operation resource does not exist.", None),
    code("FSS.1309", 400, K::InvalidArgument, "Invalid function URN.", None),
    code("FSS.1310", 400, K::Unauthenticated, "Token authentication failed.", Some("Check permissions.")),
    code("FSS.1311", 400, K::PreconditionFailed, "You have not enabled the CTS service.", None),
    code("FSS.1312", 400, K::InvalidArgument, "The notification name cannot be left blank.", None),
    code("FSS.1313", 400, K::InvalidArgument, "The number of resources to be operated has reached the maximum allowed limit (100).", None),
    code("FSS.1314", 400, K::InvalidArgument, "The resource to be operated cannot be left blank.", None),
    code("FSS.1316", 400, K::InvalidArgument, "The operation has already been selected.", None),
    code("FSS.1317", 400, K::InvalidArgument, "The trigger name is too long.", None),
    code("FSS.1318", 400, K::InvalidArgument, "Invalid trigger operation.", None),
    code("FSS.1404", 400, K::InvalidArgument, "Invalid function initializer.", None),
    code("FSS.1405", 400, K::InvalidArgument, "Invalid initialization timeout.", None),
    code("FSS.0401", 401, K::Unauthenticated, "Unauthorized access.", Some("Check your permissions.")),
    code("FSS.1118", 401, K::PermissionDenied, "Access denied. You are not in the whitelist.", Some("Check the whitelist configuration.")),
    code("FSS.0403", 403, K::PermissionDenied, "Forbidden.", Some("Check your operation permissions.")),
    code("FSS.1040", 403, K::PermissionDenied, "The agency does not have permissions to mount the resources.", None),
    code("FSS.1041", 403, K::QuotaExceeded, "The number of functions exceeds the maximum allowed limit (400).", None),
    code("FSS.1042", 403, K::QuotaExceeded, "The total code size of functions exceeds the maximum allowed limit (20 GB).", None),
    code("FSS.1043", 403, K::QuotaExceeded, "The number of aliases exceeds the maximum allowed limit.", None),
    code("FSS.1044", 403, K::QuotaExceeded, "The number of apps exceeds the maximum allowed limit (400).", None),
    code("FSS.1045", 403, K::QuotaExceeded, "The number of dependencies exceeds the maximum allowed limit.", None),
    code("FSS.1046", 403, K::PreconditionFailed, "The dependency is unavailable.", None),
    code("FSS.1047", 403, K::QuotaExceeded, "The number of bound VPCs exceeds the maximum limit allowed for a tenant.", None),
    code("FSS.1048", 403, K::QuotaExceeded, "The number of bound VPCs exceeds the maximum limit allowed for a project.", None),
    code("FSS.1049", 403, K::QuotaExceeded, "The number of file systems mounted to the function exceeds the maximum allowed limit (5).", None),
    code("FSS.1068", 403, K::QuotaExceeded, "The number of events configured for the function exceeds the maximum allowed limit.", None),
    code("FSS.1069", 403, K::PayloadTooLarge, "The size of events exceeds the maximum allowed limit (4 KB).", None),
    code("FSS.1073", 403, K::AlreadyExists, "The event already exists.", None),
    code("FSS.1094", 403, K::PreconditionFailed, "The version cannot be deleted when it is used as the additional version of an alias.", None),
    code("FSS.1096", 403, K::InvalidArgument, "The file sharing protocol of the mounted resource must be NFS.", None),
    code("FSS.1108", 403, K::AlreadyExists, "The bucket configuration of the current trigger conflicts with that of an existing OBS trigger.", None),
    code("FSS.1121", 403, K::PermissionDenied, "Access denied. Check whether the DMS agency has been configured.", None),
    code("FSS.1122", 403, K::PermissionDenied, "Access denied. Check whether the DIS agency has been configured.", None),
    code("FSS.1123", 403, K::QuotaExceeded, "The number of pull triggers exceeds the maximum allowed limit (10).", None),
    code("FSS.1124", 403, K::QuotaExceeded, "The number of APIs exceeds the maximum allowed limit.", None),
    code("FSS.1125", 403, K::PermissionDenied, "Access denied. Check whether the LTS agency has been configured.", None),
    code("FSS.1126", 403, K::PermissionDenied, "You do not have permissions to call the API.", None),
    code("FSS.1127", 403, K::PermissionDenied, "The EPS user does not have permissions to call the API.", Some("Check permissions.")),
    code("FSS.1154", 403, K::PreconditionFailed, "The alias with triggers cannot be deleted.", Some("Delete the alias's triggers first.")),
    code("FSS.0404", 404, K::NotFound, "The specified resource cannot be found.", None),
    code("FSS.1050", 404, K::NotFound, "The mounted resource cannot be found.", None),
    code("FSS.1051", 404, K::NotFound, "The function does not exist.", None),
    code("FSS.1052", 404, K::NotFound, "The version does not exist.", None),
    code("FSS.1053", 404, K::NotFound, "The alias does not exist.", None),
    code("FSS.1054", 404, K::NotFound, "The function code package does not exist in OBS.", None),
    code("FSS.1055", 404, K::NotFound, "The function app does not exist in OBS.", None),
    code("FSS.1056", 404, K::NotFound, "The dependency does not exist.", Some("Check the dependency (source wording: 'check whether it exists').")),
    code("FSS.1057", 404, K::NotFound, "The function name does not exist in the YAML file.", None),
    code("FSS.1059", 404, K::NotFound, "The function template does not exist.", None),
    code("FSS.1060", 404, K::NotFound, "The event template does not exist.", None),
    code("FSS.1070", 404, K::NotFound, "The event does not exist.", None),
    code("FSS.1111", 404, K::NotFound, "The Kafka resource cannot be found.", None),
    code("FSS.1130", 404, K::NotFound, "The DIS stream does not exist.", None),
    code("FSS.1131", 404, K::NotFound, "The trigger does not exist.", None),
    code("FSS.1132", 404, K::NotFound, "The SMN trigger does not exist.", None),
    code("FSS.1133", 404, K::NotFound, "The DMS trigger does not exist.", None),
    code("FSS.1134", 404, K::NotFound, "The DIS trigger does not exist.", None),
    code("FSS.1135", 404, K::NotFound, "The DMS queue does not exist.", None),
    code("FSS.1136", 404, K::NotFound, "The OBS trigger does not exist.", None),
    code("FSS.1137", 404, K::InvalidArgument, "Invalid trigger type.", None),
    code("FSS.1138", 404, K::NotFound, "The APIG trigger does not exist.", None),
    code("FSS.1139", 404, K::NotFound, "The DMS consumer group does not exist.", None),
    code("FSS.1140", 404, K::NotFound, "The timer trigger does not exist.", None),
    code("FSS.1160", 404, K::NotFound, "The LTS trigger does not exist.", None),
    code("FSS.1161", 404, K::NotFound, "The LTS log topic does not exist.", None),
    code("FSS.1163", 404, K::NotFound, "The DDS trigger does not exist.", None),
    code("FSS.1171", 404, K::NotFound, "The SMN topic does not exist.", None),
    code("FSS.1174", 404, K::NotFound, "The Kafka trigger does not exist.", None),
    code("FSS.0406", 406, K::InvalidArgument, "Invalid request.", Some("Check the request body.")),
    code("FSS.1151", 406, K::InvalidArgument, "The OBS bucket is not in the current region.", Some("Use an OBS bucket in the current region.")),
    code("FSS.0408", 408, K::Timeout, "Request timeout.", Some("Check the network.")),
    code("FSS.0409", 409, K::AlreadyExists, "The specified resource already exists.", None),
    code("FSS.1061", 409, K::AlreadyExists, "The function already exists.", None),
    code("FSS.1062", 409, K::AlreadyExists, "The function version already exists.", None),
    code("FSS.1063", 409, K::AlreadyExists, "The function alias already exists.", None),
    code("FSS.1064", 409, K::AlreadyExists, "The function app already exists.", None),
    code("FSS.1065", 409, K::AlreadyExists, "The dependency already exists.", None),
    code("FSS.1066", 409, K::PreconditionFailed, "The version has already been used by another alias.", None),
    code("FSS.1067", 409, K::AlreadyExists, "The function template already exists.", None),
    code("FSS.1141", 409, K::AlreadyExists, "The SMN trigger already exists.", None),
    code("FSS.1142", 409, K::AlreadyExists, "The DMS trigger already exists.", None),
    code("FSS.1143", 409, K::AlreadyExists, "The DIS trigger already exists.", None),
    code("FSS.1145", 409, K::AlreadyExists, "The OBS trigger already exists.", None),
    code("FSS.1146", 409, K::AlreadyExists, "The APIG trigger already exists.", None),
    code("FSS.1147", 409, K::AlreadyExists, "The API name already exists in the API group.", None),
    code("FSS.1148", 409, K::AlreadyExists, "The timer trigger already exists.", None),
    code("FSS.1149", 409, K::AlreadyExists, "The LTS trigger already exists.", None),
    code("FSS.1150", 409, K::AlreadyExists, "The Kafka trigger already exists.", None),
    code("FSS.1166", 409, K::AlreadyExists, "The DDS trigger already exists.", None),
    code("FSS.0410", 410, K::NotFound, "The specified resource does not exist.", Some("Check whether the specified resource exists (source wording: 'already exists').")),
    code("FSS.1033", 412, K::PreconditionFailed, "The dependency cannot be deleted because it is in use.", Some("Make sure the dependency is not in use before deleting it.")),
    code("FSS.1090", 412, K::PreconditionFailed, "The subnet is not in the ACTIVE state.", None),
    code("FSS.1095", 412, K::PreconditionFailed, "The mounted resource is not ready.", Some("Make sure the mounted resource is ready.")),
    code("FSS.1153", 412, K::PreconditionFailed, "The trigger to be enabled or disabled has already been enabled or disabled.", None),
    code("FSS.0413", 413, K::PayloadTooLarge, "The request body is too large.", Some("Check the request body.")),
    code("FSS.1071", 413, K::PayloadTooLarge, "The size of the code package to be uploaded exceeds the maximum allowed limit (50 MB).", None),
    code("FSS.1072", 413, K::PayloadTooLarge, "The size of the inline code exceeds the maximum allowed limit (10 KB).", None),
    code("FSS.1201", 413, K::PayloadTooLarge, "The request body is too large.", Some("Check the request body.")),
    code("FSS.0424", 424, K::InvalidArgument, "Invalid dependency.", None),
    code("FSS.0426", 426, K::Unsupported, "This operation is not supported. Please perform an upgrade.", Some("Contact technical support.")),
    code("FSS.1152", 426, K::Unsupported, "The selected bucket cannot be used to create a trigger.", Some("Contact technical support.")),
    code("FSS.0428", 428, K::PreconditionFailed, "The preconditions have not been met.", Some("Check the preconditions.")),
    code("FSS.0429", 429, K::Throttled, "Too many requests.", Some("Retry later.")),
    code("FSS.0500", 500, K::Service, "Internal service error.", Some("Retry later.")),
    code("FSS.1162", 500, K::Service, "The operation cannot take effect immediately due to a service error.", Some("Contact technical support.")),
    code("FSS.1202", 500, K::Service, "Invalid response body.", Some("Contact technical support.")),
    code("FSS.1302", 500, K::Service, "Failed to save the data.", Some("Retry later or contact technical support.")),
    code("FSS.1315", 500, K::Service, "Server error.", Some("Contact CTS technical support.")),
    code("FSS.1510", 500, K::Service, "the VIP node is overload and unavailable now", Some("Contact technical support.")),
    code("FSS.0502", 502, K::Service, "Bad gateway.", Some("Contact technical support.")),
    code("FSS.1319", 502, K::InvalidArgument, "Invalid trigger name.", Some("Use another trigger name.")),
    code("FSS.0503", 503, K::Service, "Service unavailable.", Some("Contact technical support.")),
    code("FSS.1115", 503, K::Service, "Network unreachable.", Some("Check the network.")),
    code("FSS.1169", 503, K::Service, "Network unreachable.", Some("Check the network.")),
    code("FSS.1170", 503, K::InvalidArgument, "Authentication failed. Check DDS configuration.", None),
    code("FSS.1401", 503, K::Service, "Failed to obtain the image.", None),
    code("FSS.1402", 503, K::Service, "Failed to pull the image to create a container.", None),
    code("FSS.1403", 503, K::Service, "Failed to pull the image to delete a container.", None),
    code("FSS.0504", 504, K::Timeout, "Gateway timeout.", Some("Check the network.")),
];

/// The API Gateway authentication failure code (bad signature, bad or expired token, expired signature).
pub const APIGW_AUTH_FAILED: &str = "APIGW.0301";

/// Codes seen outside the §5.2 table: in operation examples and from the API Gateway in front of the
/// service.
#[rustfmt::skip]
pub static EXTRA_CODES: &[CodeInfo] = &[
    code("FSS.1128", 400, K::NotFound, "function[xxx] not existed", Some("UpdateTracing's answer for an unknown function.")),
    code("APIGW.0101", 404, K::NotFound, "The API does not exist or has not been published in the environment.", Some("Check the endpoint, method and path.")),
    code(APIGW_AUTH_FAILED, 401, K::Unauthenticated, "Incorrect IAM authentication information.", Some("Check the AK/SK or token and the local clock.")),
    code("APIGW.0308", 429, K::Throttled, "The throttling threshold has been reached.", Some("Retry later.")),
];

/// The documented entry for `code`, from [`FSS_CODES`] or [`EXTRA_CODES`].
///
/// Case-insensitive; `FGS.nnnn` finds `FSS.nnnn` and `APIG.nnnn` finds `APIGW.nnnn`.
///
/// ```
/// use cloudfn_core::ErrorKind;
/// use cloudfn_huawei::error::lookup;
///
/// assert_eq!(lookup("FSS.1061").unwrap().kind, ErrorKind::AlreadyExists);
/// assert_eq!(lookup("fgs.1061").unwrap().code, "FSS.1061");
/// assert_eq!(lookup("APIG.0301").unwrap().code, "APIGW.0301");
/// assert!(lookup("FSS.9999").is_none());
/// ```
pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    let code = normalize_code(code);
    FSS_CODES.iter().chain(EXTRA_CODES).find(|c| c.code == code)
}

fn normalize_code(code: &str) -> String {
    let code = code.trim().to_ascii_uppercase();
    if let Some(rest) = code.strip_prefix("FGS.") {
        format!("FSS.{rest}")
    } else if let Some(rest) = code.strip_prefix("APIG.") {
        format!("APIGW.{rest}")
    } else {
        code
    }
}

/// The kind of an error with cloud `code` (when any) and HTTP `status`: the code's documented kind, else
/// the status's.
pub fn kind_for(code: Option<&str>, status: u16) -> ErrorKind {
    code.and_then(lookup)
        .map_or_else(|| ErrorKind::from_status(status), |c| c.kind)
}

/// An error body decoded as the official SDK does (see the module docs for the order of the forms).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorBody {
    /// The error code (`FSS.1051`, `APIGW.0301`, ...).
    pub error_code: Option<String>,
    /// The error message.
    pub error_msg: Option<String>,
    /// `encoded_authorization_message`: an encoded IAM policy-denial explanation.
    pub encoded_authorization_message: Option<String>,
    /// A `request_id` member of the body (the API Gateway sends one).
    pub request_id: Option<String>,
}

/// How deep [`ErrorBody::parse`] looks into nested objects.
const MAX_DEPTH: usize = 8;

/// Key pairs tried in order at each level.
const PAIRS: &[(&str, &str)] = &[
    ("error_code", "error_msg"),
    ("errorCode", "errorMsg"),
    ("code", "message"),
];

impl ErrorBody {
    /// Decodes `body`. A body that is not a JSON object gives an empty `ErrorBody`.
    pub fn parse(body: &[u8]) -> ErrorBody {
        let Ok(Value::Object(obj)) = serde_json::from_slice::<Value>(body) else {
            return ErrorBody::default();
        };
        let mut out = ErrorBody {
            encoded_authorization_message: obj.get("encoded_authorization_message").and_then(text),
            request_id: obj.get("request_id").and_then(text),
            ..ErrorBody::default()
        };
        if let Some((code, msg)) = find_pair(&obj, 0) {
            out.error_code = code;
            out.error_msg = msg;
        }
        out
    }

    /// Whether a code/message pair was found.
    pub fn is_recognised(&self) -> bool {
        self.error_code.is_some() || self.error_msg.is_some()
    }
}

type Pair = (Option<String>, Option<String>);

fn find_pair(obj: &Map<String, Value>, depth: usize) -> Option<Pair> {
    for (code_key, msg_key) in PAIRS {
        if let (Some(code), Some(msg)) = (obj.get(*code_key), obj.get(*msg_key)) {
            return Some((text(code), text(msg)));
        }
    }
    if depth >= MAX_DEPTH {
        return None;
    }
    obj.values().find_map(|v| match v {
        Value::Object(inner) => find_pair(inner, depth + 1),
        _ => None,
    })
}

/// A JSON value as text: strings as they are, `null` as absent, anything else as its JSON text.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// The request id of a response: `X-Request-Id`, else `X-Cff-Request-Id` (case-insensitive, non-empty).
pub fn request_id_from_headers(headers: &HeaderMap) -> Option<String> {
    ["x-request-id", "x-cff-request-id"]
        .iter()
        .find_map(|name| {
            headers
                .get(*name)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        })
}

/// How long a `Retry-After` header asks to wait (seconds or an HTTP date relative to `now`).
fn retry_after(headers: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = DateTime::parse_from_rfc2822(value)
        .ok()?
        .with_timezone(&Utc);
    (at - now).to_std().ok()
}

/// At most this many characters of a non-JSON body become the message.
const MAX_MESSAGE_CHARS: usize = 1000;

fn body_text(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    match text.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// The hint appended to an `APIGW.0301` message, by what the message says went wrong.
fn auth_hint(message: &str) -> &'static str {
    let m = message.to_ascii_lowercase();
    if m.contains("signature expired") {
        "hint: the request's X-Sdk-Date is more than 15 minutes away from the server's clock; check the local clock"
    } else if m.contains("token") {
        "hint: check the IAM token (expired, truncated, or issued for another region or project)"
    } else {
        "hint: the signature did not verify; check the secret key (SK) belongs to the access key (AK) \
         and has no stray whitespace, and that no proxy rewrote a signed header, the path or the query"
    }
}

/// Turns a FunctionGraph (or API Gateway) error response into an [`Error`]: kind from the code (else the
/// status), the cloud's code and message, the HTTP status, the request id, `Retry-After`, and the
/// provider. The caller adds the operation.
pub fn error_from_response(status: u16, headers: &HeaderMap, body: &[u8]) -> Error {
    error_from_parts(
        status,
        request_id_from_headers(headers),
        retry_after(headers, Utc::now()),
        body,
    )
}

/// [`error_from_response`] with the header-derived parts given directly.
pub fn error_from_parts(
    status: u16,
    request_id: Option<String>,
    retry_after: Option<Duration>,
    body: &[u8],
) -> Error {
    let parsed = ErrorBody::parse(body);
    let code = parsed
        .error_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    let info = code.as_deref().and_then(lookup);
    let kind = info.map_or_else(|| ErrorKind::from_status(status), |c| c.kind);
    let mut message = match parsed.error_msg.as_deref().map(str::trim) {
        Some(m) if !m.is_empty() => m.to_owned(),
        _ if parsed.is_recognised() => {
            info.map_or_else(|| format!("HTTP {status}"), |c| c.message.to_owned())
        }
        _ => {
            let t = body_text(body);
            if t.is_empty() {
                http::StatusCode::from_u16(status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .map_or_else(|| format!("HTTP {status}"), str::to_owned)
            } else {
                t
            }
        }
    };
    if info.is_some_and(|c| c.code == APIGW_AUTH_FAILED) {
        let hint = auth_hint(&message);
        message = format!("{message} ({hint})");
    }
    let mut err = Error::new(kind, message)
        .with_provider(PROVIDER)
        .with_status(status);
    if let Some(code) = code {
        err = err.with_code(code);
    }
    if let Some(rid) = request_id.or(parsed.request_id) {
        err = err.with_request_id(rid);
    }
    if let Some(delay) = retry_after {
        err = err.with_retry_after(delay);
    }
    err
}

/// Whether `err` says the request's `X-Sdk-Date` is too far from the server's clock (`APIGW.0301`
/// "signature expired"): re-signing with a corrected clock will fix it.
pub fn is_clock_skew(err: &Error) -> bool {
    err.code()
        .is_some_and(|c| normalize_code(c) == APIGW_AUTH_FAILED)
        && err
            .message()
            .to_ascii_lowercase()
            .contains("signature expired")
}

/// The server time an "signature expired" message reports (`server time:20211217T065804Z`).
pub fn clock_skew_server_time(err: &Error) -> Option<DateTime<Utc>> {
    let message = err.message();
    let lower = message.to_ascii_lowercase();
    let start = lower.find("server time:")? + "server time:".len();
    let rest = message.get(start..)?.trim_start();
    let stamp = rest.get(..16)?;
    NaiveDateTime::parse_from_str(stamp, crate::signer::SDK_DATE_FORMAT)
        .ok()
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_every_row_once() {
        assert_eq!(FSS_CODES.len(), 185);
        let mut codes: Vec<_> = FSS_CODES
            .iter()
            .chain(EXTRA_CODES)
            .map(|c| c.code)
            .collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 185 + EXTRA_CODES.len());
    }

    #[test]
    fn lone_error_code_is_not_a_pair() {
        let b = ErrorBody::parse(br#"{"error_code":"X"}"#);
        assert!(!b.is_recognised());
        let e = error_from_parts(400, None, None, br#"{"error_code":"X"}"#);
        assert_eq!(e.code(), None);
        assert_eq!(e.message(), r#"{"error_code":"X"}"#);
    }

    #[test]
    fn retry_after_seconds_and_date() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", "7".parse().unwrap());
        assert_eq!(retry_after(&h, Utc::now()), Some(Duration::from_secs(7)));
        let now = DateTime::parse_from_rfc2822("Wed, 01 May 2024 12:00:00 GMT")
            .unwrap()
            .with_timezone(&Utc);
        h.insert(
            "retry-after",
            "Wed, 01 May 2024 12:00:30 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(30)));
        h.insert("retry-after", "soon".parse().unwrap());
        assert_eq!(retry_after(&h, now), None);
    }

    #[test]
    fn long_bodies_are_cut() {
        let body = "é".repeat(5000);
        let e = error_from_parts(500, None, None, body.as_bytes());
        assert_eq!(e.message().chars().count(), MAX_MESSAGE_CHARS + 1);
    }
}
