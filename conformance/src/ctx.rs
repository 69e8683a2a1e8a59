//! The run context: unique names, fixtures, and the optional hook that programs function behaviour.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use cloudfn_core::{
    Destination, Error, ErrorKind, Extensions, FunctionErrorKind, FunctionRef, Qualifier,
    RawTrigger, Result, Runtime, TriggerKind,
};

use crate::fixtures;

/// What a programmed function does when invoked.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Behaviour {
    /// Return the payload unchanged (the default of every function).
    Echo,
    /// Return these bytes.
    Respond(Bytes),
    /// Fail: a handled error (the function's own code reported it) or an unhandled one (the runtime failed
    /// it), with this message.
    Fail {
        /// Handled or unhandled.
        kind: FunctionErrorKind,
        /// The error message.
        message: String,
    },
    /// Echo the payload and write this text to the function's log.
    Log(String),
}

/// Programs how functions behave, for scenarios that need more than an echo (function errors, logs).
///
/// The InMemory test double implements it with `set_handler`; an emulator implements it through its admin
/// API. Against a real cloud there is usually none, and the scenarios that need it are skipped.
#[async_trait]
pub trait Programmer: Send + Sync {
    /// Makes `function` (at `qualifier`, or at every qualifier when `None`) behave as `behaviour`.
    async fn program(
        &self,
        function: &FunctionRef,
        qualifier: Option<&Qualifier>,
        behaviour: Behaviour,
    ) -> Result<()>;

    /// Stores an object in the provider's object storage, so code can be deployed from a bucket.
    ///
    /// The default says `Unsupported`, and the scenario skips that part.
    async fn put_object(&self, bucket: &str, key: &str, bytes: Bytes) -> Result<()> {
        let _ = (bucket, key, bytes);
        Err(Error::new(
            ErrorKind::Unsupported,
            "this programmer cannot store objects",
        ))
    }
}

/// The run context every scenario takes: where to create things, with what code, and the optional
/// [`Programmer`].
///
/// Every resource a scenario creates lives in a namespace named from the run id (`cf<run id>-<tag><n>`),
/// so runs against a live cloud do not collide, and every scenario cleans its namespace up.
///
/// ```
/// use cloudfn_conformance::Ctx;
///
/// let ctx = Ctx::with_run_id("t1");
/// let ns = ctx.namespace("fn");
/// assert!(ns.starts_with("cft1-fn"));
/// assert_ne!(ns, ctx.namespace("fn"));
/// ```
pub struct Ctx {
    run_id: String,
    counter: AtomicU32,
    programmer: Option<Arc<dyn Programmer>>,
    require_executed_version: bool,
    routing_invocations: u32,
    bucket: String,
    runtime: Runtime,
    handler: String,
    raw_trigger: Option<RawTrigger>,
    trigger_extensions: Vec<(TriggerKind, Extensions)>,
    raw_destination: Option<Destination>,
    quota_fill_limit: u64,
    scenario_timeout: Option<Duration>,
}

impl fmt::Debug for Ctx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ctx")
            .field("run_id", &self.run_id)
            .field("programmer", &self.programmer.is_some())
            .field("require_executed_version", &self.require_executed_version)
            .field("routing_invocations", &self.routing_invocations)
            .field("bucket", &self.bucket)
            .field("runtime", &self.runtime)
            .field("handler", &self.handler)
            .field("raw_trigger", &self.raw_trigger)
            .field("trigger_extensions", &self.trigger_extensions)
            .field("raw_destination", &self.raw_destination)
            .field("quota_fill_limit", &self.quota_fill_limit)
            .field("scenario_timeout", &self.scenario_timeout)
            .finish_non_exhaustive()
    }
}

impl Default for Ctx {
    fn default() -> Self {
        Ctx::new()
    }
}

impl Ctx {
    /// A context with a fresh random run id.
    pub fn new() -> Self {
        Ctx::with_run_id(random_run_id())
    }

    /// A context with this run id (lowercase letters and digits, kept short: names have length limits).
    pub fn with_run_id(run_id: impl Into<String>) -> Self {
        let run_id: String = run_id
            .into()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .take(12)
            .collect();
        Ctx {
            run_id,
            counter: AtomicU32::new(0),
            programmer: None,
            require_executed_version: false,
            routing_invocations: 200,
            bucket: "cloudfn-conformance".to_owned(),
            runtime: Runtime::Python39,
            handler: "index.handler".to_owned(),
            raw_trigger: None,
            trigger_extensions: Vec::new(),
            raw_destination: None,
            quota_fill_limit: 8,
            scenario_timeout: None,
        }
    }

    /// Lets scenarios program function behaviour (errors, logs); without it those parts are skipped.
    pub fn with_programmer(mut self, programmer: Arc<dyn Programmer>) -> Self {
        self.programmer = Some(programmer);
        self
    }

    /// Requires invocations of a published version or alias to report
    /// [`InvokeResponse::executed_version`](cloudfn_core::InvokeResponse) (off by default: the clouds do not
    /// always say; turn it on for test doubles and emulators that do). Providers whose capabilities say they
    /// never report it (`reports_executed_version: false`) are not held to it.
    pub fn require_executed_version(mut self, on: bool) -> Self {
        self.require_executed_version = on;
        self
    }

    /// How many invocations the weighted-alias routing check makes (default 200).
    pub fn with_routing_invocations(mut self, n: u32) -> Self {
        self.routing_invocations = n.max(20);
        self
    }

    /// The bucket object-storage triggers and destinations name (default `cloudfn-conformance`).
    pub fn with_bucket(mut self, bucket: impl Into<String>) -> Self {
        self.bucket = bucket.into();
        self
    }

    /// The runtime and handler test functions are created with (default Python 3.9, `index.handler`,
    /// matching the echo ZIP the suite deploys).
    pub fn with_runtime(mut self, runtime: Runtime, handler: impl Into<String>) -> Self {
        self.runtime = runtime;
        self.handler = handler.into();
        self
    }

    /// The raw trigger the raw-trigger scenario creates (default: the first of the provider's
    /// `raw_trigger_types` with a placeholder config, fine for test doubles; a live cloud needs a real one).
    pub fn with_raw_trigger(mut self, raw: RawTrigger) -> Self {
        self.raw_trigger = Some(raw);
        self
    }

    /// Adds a provider field to every trigger of `kind` the suite creates: what a cloud requires beyond
    /// the neutral config (FC wants an `invocationRole` on OSS triggers and a `sourceArn` on every trigger
    /// but timer and HTTP). Extensions are the provider's own JSON keys.
    ///
    /// ```
    /// use cloudfn_conformance::Ctx;
    /// use cloudfn_core::TriggerKind;
    ///
    /// let ctx = Ctx::new().with_trigger_extension(
    ///     TriggerKind::ObjectStorage,
    ///     "invocationRole",
    ///     serde_json::json!("acs:ram::1234567890123456:role/aliyunosseventnotificationrole"),
    /// );
    /// assert_eq!(ctx.trigger_extensions(TriggerKind::ObjectStorage).len(), 1);
    /// assert!(ctx.trigger_extensions(TriggerKind::Timer).is_empty());
    /// ```
    pub fn with_trigger_extension(
        mut self,
        kind: TriggerKind,
        key: impl Into<String>,
        value: serde_json::Value,
    ) -> Self {
        let key = key.into();
        if let Some((_, ext)) = self.trigger_extensions.iter_mut().find(|(k, _)| *k == kind) {
            ext.insert(key, value);
        } else {
            let mut ext = Extensions::new();
            ext.insert(key, value);
            self.trigger_extensions.push((kind, ext));
        }
        self
    }

    /// The raw destination the async-config scenario uses (default: a placeholder, fine for test doubles;
    /// a cloud whose raw destinations are addresses needs one in its own form, e.g. a foreign FC ARN).
    pub fn with_raw_destination(mut self, destination: Destination) -> Self {
        self.raw_destination = Some(destination);
        self
    }

    /// The quota scenario fills the function-count quota up to its limit (expecting `QuotaExceeded`) only
    /// when at most this many functions are left (default 8).
    pub fn with_quota_fill_limit(mut self, n: u64) -> Self {
        self.quota_fill_limit = n;
        self
    }

    /// Fails a scenario in [`run_all`](crate::run_all) that runs longer than this (no limit by default; needs
    /// a Tokio runtime with time enabled).
    pub fn with_scenario_timeout(mut self, timeout: Duration) -> Self {
        self.scenario_timeout = Some(timeout);
        self
    }

    /// The run id.
    pub fn run_id(&self) -> &str {
        &self.run_id
    }

    /// The prefix of every namespace of this run (`cf<run id>-`).
    pub fn prefix(&self) -> String {
        format!("cf{}-", self.run_id)
    }

    /// A fresh namespace name for `tag` (letters and digits; keep it short), valid on both clouds: starts
    /// with a letter, letters, digits and `-`, ends with a digit.
    pub fn namespace(&self, tag: &str) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed) + 1;
        let tag: String = tag
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .take(10)
            .collect();
        format!("{}{tag}{n}", self.prefix())
    }

    /// The programmer, if any.
    pub fn programmer(&self) -> Option<&dyn Programmer> {
        self.programmer.as_deref()
    }

    /// Whether `executed_version` must be reported.
    pub fn requires_executed_version(&self) -> bool {
        self.require_executed_version
    }

    /// Invocations made by the routing check.
    pub fn routing_invocations(&self) -> u32 {
        self.routing_invocations
    }

    /// The bucket for object-storage triggers and destinations.
    pub fn bucket(&self) -> &str {
        &self.bucket
    }

    /// The runtime of test functions.
    pub fn runtime(&self) -> &Runtime {
        &self.runtime
    }

    /// The handler of test functions.
    pub fn handler(&self) -> &str {
        &self.handler
    }

    /// The raw trigger override, if any.
    pub fn raw_trigger(&self) -> Option<&RawTrigger> {
        self.raw_trigger.as_ref()
    }

    /// The provider fields added to triggers of `kind` (see [`Ctx::with_trigger_extension`]).
    pub fn trigger_extensions(&self, kind: TriggerKind) -> Extensions {
        self.trigger_extensions
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, e)| e.clone())
            .unwrap_or_default()
    }

    /// The raw destination override, if any.
    pub fn raw_destination(&self) -> Option<&Destination> {
        self.raw_destination.as_ref()
    }

    /// The quota fill limit.
    pub fn quota_fill_limit(&self) -> u64 {
        self.quota_fill_limit
    }

    /// The per-scenario timeout of [`run_all`](crate::run_all).
    pub fn scenario_timeout(&self) -> Option<Duration> {
        self.scenario_timeout
    }

    /// A function spec with the run's runtime and handler and an echo ZIP tagged `tag` (different tags give
    /// different bytes).
    pub fn function_spec(&self, name: &str, tag: &str) -> cloudfn_core::FunctionSpec {
        cloudfn_core::FunctionSpec::new(
            name,
            self.runtime.clone(),
            self.handler.clone(),
            cloudfn_core::Code::zip(fixtures::echo_zip(tag)),
        )
    }
}

fn random_run_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let mut rng = cloudfn_core::rng::SplitMix64::new(nanos ^ u64::from(std::process::id()) << 32);
    let mut v = rng.next_u64();
    let mut s = String::new();
    for _ in 0..6 {
        let d = (v % 36) as u32;
        s.push(char::from_digit(d, 36).unwrap_or('x'));
        v /= 36;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudfn_core::Capabilities;

    #[test]
    fn namespace_names_are_valid_on_both_providers() {
        let ctx = Ctx::new();
        for caps in [
            Capabilities::alibaba_fc(),
            Capabilities::huawei_functiongraph(),
        ] {
            for tag in ["ns", "paging", "Weird_Tag!"] {
                let name = ctx.namespace(tag);
                caps.check_namespace_name(&name)
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
            }
        }
        assert_eq!(Ctx::with_run_id("AB_c-9").run_id(), "abc9");
    }
}
