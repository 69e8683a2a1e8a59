//! The FunctionGraph v2 REST API, typed.
//!
//! So far this holds the wire types ([`types`]): the request and response bodies and query parameters of
//! every operation of huawei-functiongraph.md §3 and every model of §4, named after the cloud's own
//! models. The typed client (one method per operation) comes later.

pub mod types;
