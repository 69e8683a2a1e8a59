//! Query options of the `list_*` operations (alibaba-fc.md §5.0.1, official-sdks.md §1.8).
//!
//! Like the official SDK, a parameter is sent only when it is set and "truthy": an empty string or a
//! zero `limit` is left out. `nextToken` comes from the previous page's response; the `*_stream`
//! methods of [`FcClient`](super::FcClient) follow it for you.

use std::collections::BTreeMap;

use super::client::Query;

/// `limit`, `nextToken`, `prefix`, `startKey`: the name-keyed lists (functions, triggers, aliases,
/// custom domains, layers, on-demand configs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListOptions {
    /// At most this many items (server default 20, max 100).
    pub limit: Option<u32>,
    /// Continue where the previous page ended.
    pub next_token: Option<String>,
    /// Only names starting with this.
    pub prefix: Option<String>,
    /// Start at the first name ≥ this (inclusive).
    pub start_key: Option<String>,
}

impl ListOptions {
    pub(crate) fn query(&self) -> Query {
        let mut q = Query::new();
        q.num("limit", self.limit)
            .str("prefix", self.prefix.as_deref())
            .str("nextToken", self.next_token.as_deref())
            .str("startKey", self.start_key.as_deref());
        q
    }
}

/// Options of `ListServices`: [`ListOptions`] plus tag filters, sent as `tag_{key}={value}` as the SDK
/// does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListServicesOptions {
    /// At most this many items (server default 20, max 100).
    pub limit: Option<u32>,
    /// Continue where the previous page ended.
    pub next_token: Option<String>,
    /// Only names starting with this.
    pub prefix: Option<String>,
    /// Start at the first name ≥ this (inclusive).
    pub start_key: Option<String>,
    /// Only services carrying all these tags.
    pub tags: BTreeMap<String, String>,
}

impl ListServicesOptions {
    pub(crate) fn query(&self) -> Query {
        let mut q = Query::new();
        q.num("limit", self.limit)
            .str("prefix", self.prefix.as_deref())
            .str("nextToken", self.next_token.as_deref())
            .str("startKey", self.start_key.as_deref());
        for (k, v) in &self.tags {
            q.raw(format!("tag_{k}"), v.clone());
        }
        q
    }
}

/// The order of `ListServiceVersions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Ascending version numbers (`FORWARD`).
    Forward,
    /// Descending version numbers (`BACKWARD`, the server's default).
    Backward,
}

impl Direction {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Forward => "FORWARD",
            Direction::Backward => "BACKWARD",
        }
    }
}

/// Options of `ListServiceVersions`: no `prefix`, but a `direction` (left out unless set, as the SDK
/// does; the server then lists newest first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListVersionsOptions {
    /// At most this many items (server default 20, max 100).
    pub limit: Option<u32>,
    /// Continue where the previous page ended.
    pub next_token: Option<String>,
    /// Start at this version number (inclusive, in `direction` order).
    pub start_key: Option<String>,
    /// The order; `None` sends nothing (server default `BACKWARD`).
    pub direction: Option<Direction>,
}

impl ListVersionsOptions {
    pub(crate) fn query(&self) -> Query {
        let mut q = Query::new();
        q.num("limit", self.limit)
            .str("nextToken", self.next_token.as_deref())
            .str("startKey", self.start_key.as_deref())
            .str("direction", self.direction.map(Direction::as_str));
        q
    }
}

/// `limit` and `nextToken` only: `ListFunctionAsyncInvokeConfigs`, `ListReservedCapacities`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageOptions {
    /// At most this many items (server default 20, max 100).
    pub limit: Option<u32>,
    /// Continue where the previous page ended.
    pub next_token: Option<String>,
}

impl PageOptions {
    pub(crate) fn query(&self) -> Query {
        let mut q = Query::new();
        q.num("limit", self.limit)
            .str("nextToken", self.next_token.as_deref());
        q
    }
}

/// Options of `ListProvisionConfigs`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListProvisionConfigsOptions {
    /// At most this many items (server default 20, max 100).
    pub limit: Option<u32>,
    /// Continue where the previous page ended.
    pub next_token: Option<String>,
    /// Only this service's configs.
    pub service_name: Option<String>,
    /// Only this alias (meaningful with `service_name`; the SDK refuses it alone, and so does
    /// [`FcClient::list_provision_configs`](super::FcClient::list_provision_configs)).
    pub qualifier: Option<String>,
}

impl ListProvisionConfigsOptions {
    pub(crate) fn query(&self) -> Query {
        let mut q = Query::new();
        q.str("serviceName", self.service_name.as_deref())
            .str("qualifier", self.qualifier.as_deref())
            .num("limit", self.limit)
            .str("nextToken", self.next_token.as_deref());
        q
    }
}

/// Options of `ListStatefulAsyncInvocations` (alibaba-fc.md §5.10).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListStatefulAsyncInvocationsOptions {
    /// At most this many items (server default 50, range 1..=100).
    pub limit: Option<u32>,
    /// Continue where the previous page ended.
    pub next_token: Option<String>,
    /// Only invocation ids starting with this.
    pub invocation_id_prefix: Option<String>,
    /// Started at or after this time, epoch milliseconds.
    pub started_time_begin: Option<i64>,
    /// Started at or before this time, epoch milliseconds.
    pub started_time_end: Option<i64>,
    /// `asc` or `desc`.
    pub sort_order_by_time: Option<String>,
    /// Whether to include each invocation's payload (sent when set, `true` or `false`).
    pub include_payload: Option<bool>,
    /// Only invocations in this status (SDK-only filter; see
    /// [`invocation_status`](super::types::invocation_status)).
    pub status: Option<String>,
}

impl ListStatefulAsyncInvocationsOptions {
    pub(crate) fn query(&self) -> Query {
        let mut q = Query::new();
        q.str("invocationIdPrefix", self.invocation_id_prefix.as_deref())
            .num("limit", self.limit)
            .str("nextToken", self.next_token.as_deref())
            .num("startedTimeBegin", self.started_time_begin)
            .num("startedTimeEnd", self.started_time_end)
            .str("sortOrderByTime", self.sort_order_by_time.as_deref())
            .str("status", self.status.as_deref());
        if let Some(p) = self.include_payload {
            q.raw("includePayload", p.to_string());
        }
        q
    }
}

/// Options of `ListLayerVersions`: paged by version number, not by token.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListLayerVersionsOptions {
    /// The first version to return (the previous page's `nextVersion`).
    pub start_version: Option<i64>,
    /// At most this many items (server default 20, max 100).
    pub limit: Option<u32>,
}

impl ListLayerVersionsOptions {
    pub(crate) fn query(&self) -> Query {
        let mut q = Query::new();
        q.num("startVersion", self.start_version)
            .num("limit", self.limit);
        q
    }
}

/// Options of `ListInstances`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListInstancesOptions {
    /// Only these instances, sent as repeated `instanceIds=` parameters (as the SDK does).
    pub instance_ids: Vec<String>,
    /// At most this many items (range 0..=1000).
    pub limit: Option<u32>,
    /// Continue where the previous page ended (the Go SDK's object response shape).
    pub next_token: Option<String>,
}

impl ListInstancesOptions {
    pub(crate) fn query(&self) -> Query {
        let mut q = Query::new();
        q.num("limit", self.limit)
            .str("nextToken", self.next_token.as_deref());
        for id in &self.instance_ids {
            q.raw("instanceIds", id.clone());
        }
        q
    }
}
