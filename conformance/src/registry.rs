//! The scenario registry, and running the whole suite against one provider.

use std::fmt;
use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use cloudfn_core::{Capabilities, Provider, TriggerKind};
use futures::FutureExt;
use futures::future::BoxFuture;

use crate::{Ctx, Outcome, scenarios as s};

/// A scenario as a function pointer: `run(provider, ctx)`.
pub type ScenarioFn = for<'a> fn(&'a dyn Provider, &'a Ctx) -> BoxFuture<'a, Outcome>;

/// One entry of the registry.
#[derive(Clone, Copy)]
pub struct Scenario {
    /// The scenario's name (the name of its `pub async fn`).
    pub name: &'static str,
    /// What the scenario needs, in words (shown when it does not apply).
    pub requires: &'static str,
    /// Whether the scenario applies to a provider with these capabilities.
    pub applies: fn(&Capabilities) -> bool,
    /// Runs the scenario.
    pub run: ScenarioFn,
}

impl fmt::Debug for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scenario")
            .field("name", &self.name)
            .field("requires", &self.requires)
            .finish_non_exhaustive()
    }
}

fn always(_: &Capabilities) -> bool {
    true
}

macro_rules! scenario {
    ($name:ident) => {
        scenario!($name, always, "")
    };
    ($name:ident, $applies:expr, $requires:literal) => {{
        fn run<'a>(p: &'a dyn Provider, ctx: &'a Ctx) -> BoxFuture<'a, Outcome> {
            Box::pin(s::$name(p, ctx))
        }
        Scenario {
            name: stringify!($name),
            requires: $requires,
            applies: $applies,
            run,
        }
    }};
}

/// Every scenario of the suite, in the order [`run_all`] runs them.
///
/// ```
/// let names: Vec<&str> = cloudfn_conformance::scenarios().iter().map(|s| s.name).collect();
/// assert!(names.contains(&"functions_paging"));
/// ```
pub fn scenarios() -> Vec<Scenario> {
    vec![
        scenario!(namespaces_lifecycle),
        scenario!(namespaces_paging),
        scenario!(functions_lifecycle),
        scenario!(functions_unset_vs_empty),
        scenario!(functions_invalid_input),
        scenario!(function_code),
        scenario!(functions_paging),
        scenario!(
            unsupported_calls,
            |c| !s::declared_unsupported(c).is_empty(),
            "something declared unsupported"
        ),
        scenario!(versions_publish_snapshot),
        scenario!(versions_scope),
        scenario!(aliases_lifecycle),
        scenario!(alias_weights),
        scenario!(alias_routing),
        scenario!(
            delete_version_under_alias,
            |c| c.delete_version,
            "deletable versions"
        ),
        scenario!(
            triggers_timer,
            |c| c.supports_trigger(TriggerKind::Timer),
            "timer triggers"
        ),
        scenario!(
            triggers_http,
            |c| c.supports_trigger(TriggerKind::Http),
            "HTTP triggers"
        ),
        scenario!(
            triggers_object_storage,
            |c| c.supports_trigger(TriggerKind::ObjectStorage),
            "object-storage triggers"
        ),
        scenario!(
            triggers_raw,
            |c| c.supports_trigger(TriggerKind::Raw) && !c.raw_trigger_types.is_empty(),
            "raw triggers with a known provider type"
        ),
        scenario!(
            triggers_listing,
            |c| !c.trigger_kinds.is_empty(),
            "at least one trigger kind"
        ),
        scenario!(
            async_configs_lifecycle,
            |c| c.async_invoke,
            "asynchronous invocation"
        ),
        scenario!(
            async_config_limits,
            |c| c.async_invoke,
            "asynchronous invocation"
        ),
        scenario!(quotas),
        scenario!(invoke_sync_echo),
        scenario!(invoke_async, |c| c.async_invoke, "asynchronous invocation"),
        scenario!(invoke_function_errors),
        scenario!(invoke_log_tail, |c| c.log_tail, "log tails"),
        scenario!(invoke_not_found),
        scenario!(invoke_invalid_requests),
    ]
}

/// How one scenario ended.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ScenarioOutcome {
    /// Every assertion held.
    Passed,
    /// An assertion did not hold or the provider failed; the message says what differed.
    Failed(String),
    /// Not run: it does not apply to the provider's capabilities, or the run lacks what it needs.
    Skipped(String),
}

/// One scenario's result in a [`Report`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ScenarioResult {
    /// The scenario's name.
    pub name: &'static str,
    /// How it ended.
    pub outcome: ScenarioOutcome,
    /// How long it ran.
    pub elapsed: Duration,
}

/// The results of [`run_all`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Report {
    /// The provider's [`Provider::name`].
    pub provider: String,
    /// One result per registered scenario, in registry order.
    pub results: Vec<ScenarioResult>,
}

impl Report {
    /// Whether no scenario failed.
    pub fn is_success(&self) -> bool {
        self.failures().next().is_none()
    }

    /// The failed scenarios.
    pub fn failures(&self) -> impl Iterator<Item = &ScenarioResult> {
        self.results
            .iter()
            .filter(|r| matches!(r.outcome, ScenarioOutcome::Failed(_)))
    }

    /// How many scenarios passed.
    pub fn passed(&self) -> usize {
        self.results
            .iter()
            .filter(|r| r.outcome == ScenarioOutcome::Passed)
            .count()
    }

    /// How many scenarios were skipped.
    pub fn skipped(&self) -> usize {
        self.results
            .iter()
            .filter(|r| matches!(r.outcome, ScenarioOutcome::Skipped(_)))
            .count()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}: {} passed, {} failed, {} skipped",
            self.provider,
            self.passed(),
            self.failures().count(),
            self.skipped()
        )?;
        for r in &self.results {
            match &r.outcome {
                ScenarioOutcome::Passed => {
                    writeln!(f, "  PASS {} ({} ms)", r.name, r.elapsed.as_millis())?;
                }
                ScenarioOutcome::Failed(m) => writeln!(f, "  FAIL {}: {m}", r.name)?,
                ScenarioOutcome::Skipped(m) => writeln!(f, "  SKIP {}: {m}", r.name)?,
            }
        }
        Ok(())
    }
}

/// Runs one scenario, turning a panic or an overrun of [`Ctx::with_scenario_timeout`] into a failure.
pub async fn run_scenario(scenario: &Scenario, p: &dyn Provider, ctx: &Ctx) -> ScenarioResult {
    let start = Instant::now();
    let outcome = if (scenario.applies)(p.capabilities()) {
        let fut = AssertUnwindSafe((scenario.run)(p, ctx)).catch_unwind();
        let finished = match ctx.scenario_timeout() {
            Some(limit) => tokio::time::timeout(limit, fut).await.map_err(|_| limit),
            None => Ok(fut.await),
        };
        match finished {
            Err(limit) => ScenarioOutcome::Failed(format!("did not finish within {limit:?}")),
            Ok(Err(panic)) => {
                let msg = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a panic with no message".to_owned());
                ScenarioOutcome::Failed(format!("panicked: {msg}"))
            }
            Ok(Ok(Ok(()))) => ScenarioOutcome::Passed,
            Ok(Ok(Err(f))) if f.is_skip() => ScenarioOutcome::Skipped(f.message().to_owned()),
            Ok(Ok(Err(f))) => ScenarioOutcome::Failed(f.to_string()),
        }
    } else {
        ScenarioOutcome::Skipped(format!(
            "does not apply to {}: needs {}",
            p.name(),
            scenario.requires
        ))
    };
    ScenarioResult {
        name: scenario.name,
        outcome,
        elapsed: start.elapsed(),
    }
}

/// Runs every registered scenario that applies to `p`'s capabilities, one after the other, and reports.
pub async fn run_all(p: &dyn Provider, ctx: &Ctx) -> Report {
    let mut results = Vec::new();
    for scenario in scenarios() {
        results.push(run_scenario(&scenario, p, ctx).await);
    }
    Report {
        provider: p.name().to_owned(),
        results,
    }
}
