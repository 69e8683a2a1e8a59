//! Conformance scenarios (being written).
