//! `InMemory`: the vendor-neutral test double (being written).
