//! # cloudfn-emulator
//!
//! One local server speaking the Alibaba Function Compute 2016-08-15 and Huawei FunctionGraph v2 wire
//! protocols (plus the IAM token service), accepted by the official SDKs: cloudfn's vendor-neutral test
//! double for any language.
//!
//! The protocol engines are plain functions from [`WireRequest`] to [`WireResponse`] behind one
//! [`Engine`], so the same code serves HTTP (axum) and wiremock-backed tests.

pub mod behaviour;
pub mod blobs;
pub mod config;
pub mod engine;
pub mod faults;
pub mod fc;
pub mod fg;
pub mod file_config;
mod ids;
pub mod server;
pub mod wire;

pub use behaviour::{Action, Behaviour, Behaviours, Cloud, FunctionFailure, Outcome};
pub use config::{AccessKey, EmulatorConfig, IamUser};
pub use engine::{Engine, ProgramRequest, Shared};
pub use faults::FaultRule;
pub use server::{Emulator, EmulatorBuilder, router};
pub use wire::{WireRequest, WireResponse};
