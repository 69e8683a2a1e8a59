//! Wire structs for the FC 2016-08-15 JSON bodies: every data model of alibaba-fc.md §6, the request bodies
//! of §5 and the SDK-only routes of official-sdks.md §1.2.
//!
//! Conventions:
//! * Keys are exactly the cloud's (lower camelCase, with the documented irregulars: `instanceID`,
//!   `vSwitchIds`, `logstore`, `availableAZs`, layer `createTime`).
//! * Every optional field is an `Option` and is left out of the JSON when `None`. Responses have no
//!   required fields at all: the cloud omits fields freely.
//! * Every struct has `#[serde(flatten)] extra`, so unknown fields are kept on decode and written back on
//!   encode (on a request, use it to send a field cloudfn does not model).
//! * Decoding is tolerant where the cloud or its documentation is inconsistent: timestamps, version ids and
//!   checksums are read as text whether they arrive as strings or numbers; integers also from numeric
//!   strings (`"current":"1"`, `"timeout":"60"`); `triggerConfig` as an object or a JSON string;
//!   trigger `qualifier` `null` or `"null"`; NAS `userId`/`groupId` as numbers or strings (kept as sent,
//!   [`NumOrString`]); nested objects sent as `null` or `""`; lists sent as `null`; the spellings
//!   `logStore`, `versionID`, `InvocationPayload`, and the SDK docstrings' `service`/`function`/`createTime`
//!   in async configs.
//! * Timestamps stay strings; [`parse_timestamp`] reads both formats the cloud uses.
//! * `ETag` and request ids are response headers, not part of these bodies.

mod async_config;
mod capacity;
mod domain;
mod function;
mod layer;
pub(crate) mod lenient;
mod misc;
mod service;
mod trigger;
mod version;

use chrono::{DateTime, NaiveDateTime, Utc};

pub use async_config::{
    AsyncInvokeConfig, Destination, DestinationConfig, ListAsyncInvokeConfigsResponse,
    ListStatefulAsyncInvocationsResponse, PutAsyncInvokeConfigRequest, StatefulAsyncInvocation,
    invocation_status,
};
pub use capacity::{
    AccountSettings, ListOnDemandConfigsResponse, ListProvisionConfigsResponse,
    ListReservedCapacitiesResponse, OnDemandConfig, ProvisionConfig, PutOnDemandConfigRequest,
    PutProvisionConfigRequest, ReservedCapacity, ScheduledAction, TargetTrackingPolicy,
};
pub use domain::{
    CertConfig, CreateCustomDomainRequest, CustomDomain, ListCustomDomainsResponse, PathConfig,
    RouteConfig, UpdateCustomDomainRequest,
};
pub use function::{
    AccelerationInfo, Code, CreateFunctionRequest, CustomContainerConfig,
    CustomContainerConfigInfo, Function, FunctionCode, ListFunctionsResponse,
    UpdateFunctionRequest,
};
pub use layer::{
    Layer, LayerCode, ListLayerVersionsResponse, ListLayersResponse, PublishLayerVersionRequest,
};
pub use lenient::{NumOrString, parse_embedded_json};
pub use misc::{
    Acknowledgement, Instance, ListInstancesResponse, ResourceTags, TagResourceRequest,
    UntagResourceRequest,
};
pub use service::{
    CreateServiceRequest, ListServicesResponse, LogConfig, MountPoint, NasConfig, Service,
    TracingConfig, UpdateServiceRequest, VpcConfig,
};
pub use trigger::{
    CdnEventsTriggerConfig, CreateTriggerRequest, HttpTriggerConfig, ListTriggersResponse,
    LogTriggerConfig, LogTriggerJobConfig, LogTriggerLogConfig, LogTriggerSourceConfig,
    MnsTopicTriggerConfig, OssFilter, OssKeyFilter, OssTriggerConfig, TablestoreTriggerConfig,
    TimerTriggerConfig, Trigger, UpdateTriggerRequest, trigger_type,
};
pub use version::{
    Alias, CreateAliasRequest, ListAliasesResponse, ListVersionsResponse, PublishVersionRequest,
    UpdateAliasRequest, Version,
};

/// Parses a resource timestamp in either format the cloud uses: RFC 3339 (`2020-04-03T05:57:28Z`) or
/// `2016-08-15T15:00:00.000+0000` (offset without a colon). Returns `None` for anything else.
///
/// ```
/// use cloudfn_alibaba::api::types::parse_timestamp;
/// let a = parse_timestamp("2016-08-15T15:00:00.000+0000").unwrap();
/// let b = parse_timestamp("2016-08-15T15:00:00Z").unwrap();
/// assert_eq!(a, b);
/// assert!(parse_timestamp("15/08/2016").is_none());
/// ```
pub fn parse_timestamp(value: &str) -> Option<DateTime<Utc>> {
    let value = value.trim();
    DateTime::parse_from_rfc3339(value)
        .or_else(|_| DateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            // No offset at all: the cloud means UTC.
            NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S%.f")
                .ok()
                .map(|t| t.and_utc())
        })
}
