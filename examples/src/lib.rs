//! Runnable examples of cloudfn: see `examples/` (`cargo run --example quickstart`).
//!
//! This crate also compiles and runs the code in the repository's README, so the README cannot drift from
//! the API.

#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
