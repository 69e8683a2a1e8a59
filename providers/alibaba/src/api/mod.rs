//! The FC 2016-08-15 REST API layer.
//!
//! So far this holds the wire structs ([`types`]); the typed client with one method per operation comes
//! later, on top of the shared transport of `cloudfn-core`.

pub mod types;
