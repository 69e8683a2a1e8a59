//! # cloudfn-conformance
//!
//! One behaviour suite for every cloudfn provider: the `InMemory` test double, the Alibaba FC and Huawei
//! FunctionGraph adapters on the emulator, and the real clouds.
//!
//! Each scenario is a `pub async fn name(p: &dyn Provider, ctx: &Ctx) -> Outcome` (object_store's
//! `integration.rs` style). A scenario creates what it needs in its own namespace named from the [`Ctx`]
//! run id, asserts with messages that say what differed, and cleans up, also when it fails. Scenarios are
//! selected by capability ([`Scenario::applies`]) and take the differences between clouds from
//! [`Provider::capabilities`](cloudfn_core::Provider::capabilities) as parameters, not skips: version
//! scope, alias weight step, namespace model, memory rule, limits, trigger and destination kinds.
//!
//! Function behaviour beyond an echo (errors, logs) comes through a [`Programmer`]; scenarios that need
//! one skip that part (or, when it is the whole point, the scenario) without it.
//!
//! ```no_run
//! # async fn example(provider: &dyn cloudfn_core::Provider) {
//! use cloudfn_conformance::{Ctx, run_all};
//!
//! let report = run_all(provider, &Ctx::new()).await;
//! println!("{report}");
//! assert!(report.is_success());
//! # }
//! ```
//!
//! [`capability_matrix`] and [`scenario_matrix`] render the differences as Markdown (docs/architecture.md §6).

mod cleanup;
mod ctx;
mod failure;
mod fixtures;
mod matrix;
mod registry;
mod scenarios;
mod tests_macro;

pub use cleanup::cleanup;
pub use ctx::{Behaviour, Ctx, Programmer};
pub use failure::{Failure, Outcome};
pub use fixtures::echo_zip;
pub use matrix::{capability_matrix, scenario_matrix};
pub use registry::{
    Report, Scenario, ScenarioFn, ScenarioOutcome, ScenarioResult, run_all, run_scenario, scenarios,
};
pub use scenarios::*;
pub use tests_macro::check_clean;
