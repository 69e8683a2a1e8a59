//! Invocation: programmable handlers, weighted alias routing, log tails, and async invocation records.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, Utc};

use super::InMemory;
use super::fault::Operation;
use super::state::{Handler, State, check_async_invocation_id, resolve, resolve_version};
use crate::{
    AsyncConfig, Destination, Error, ErrorKind, Function, FunctionError, FunctionErrorKind,
    FunctionRef, InvocationType, InvokeRequest, InvokeResponse, Qualifier, Result,
};

/// What a handler registered with [`InMemory::set_handler`] is called with.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Invocation {
    /// The function invoked.
    pub function: FunctionRef,
    /// The qualifier the caller asked for.
    pub qualifier: Qualifier,
    /// The version that runs (`None` for latest); behind a weighted alias, the version routing chose.
    pub executed_version: Option<String>,
    /// The event.
    pub payload: Bytes,
    /// Sync or async.
    pub invocation_type: InvocationType,
    /// The request id the response (or the async record) carries.
    pub request_id: String,
    /// The async invocation id (async only).
    pub async_invocation_id: Option<String>,
    /// 1 for the first attempt; async invocations are retried per their async config.
    pub attempt: u32,
    /// The function's configuration at the executed version (memory, environment, ...).
    pub config: Function,
}

/// What a handler answers: a payload or a function error, optionally a log and a delay.
///
/// ```
/// use std::time::Duration;
/// use cloudfn_core::FunctionErrorKind;
/// use cloudfn_core::memory::HandlerResult;
///
/// let ok = HandlerResult::ok("done").with_log("processed 3 items").with_delay(Duration::from_millis(20));
/// assert!(ok.error.is_none());
/// let failed = HandlerResult::error(FunctionErrorKind::Unhandled, "out of memory");
/// assert_eq!(failed.payload, "out of memory");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct HandlerResult {
    /// What the function returns (for an error, the error payload; the message unless replaced).
    pub payload: Bytes,
    /// Set when the function fails.
    pub error: Option<FunctionError>,
    /// The function's log for this invocation (returned as the log tail when asked for).
    pub log: Option<String>,
    /// How long the function runs before it answers (capped by the function's timeout).
    pub delay: Option<Duration>,
}

impl HandlerResult {
    /// The function succeeds and returns `payload`.
    pub fn ok(payload: impl Into<Bytes>) -> Self {
        HandlerResult {
            payload: payload.into(),
            error: None,
            log: None,
            delay: None,
        }
    }

    /// The function fails with `kind` and `message` (also the payload).
    pub fn error(kind: FunctionErrorKind, message: impl Into<String>) -> Self {
        let message = message.into();
        HandlerResult {
            payload: Bytes::from(message.clone()),
            error: Some(FunctionError::new(kind, Some(message))),
            log: None,
            delay: None,
        }
    }

    /// Replaces the payload (e.g. a JSON error body).
    pub fn with_payload(mut self, payload: impl Into<Bytes>) -> Self {
        self.payload = payload.into();
        self
    }

    /// Sets the log.
    pub fn with_log(mut self, log: impl Into<String>) -> Self {
        self.log = Some(log.into());
        self
    }

    /// Makes the function run for `delay` (`tokio::time::sleep`) before it answers.
    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }
}

/// Where an async invocation stands.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum AsyncOutcome {
    /// Still running (a handler delay is being waited out).
    Running,
    /// The last attempt succeeded.
    Succeeded {
        /// What the function returned.
        payload: Bytes,
    },
    /// Every attempt failed.
    Failed {
        /// The last attempt's error.
        error: FunctionError,
        /// The last attempt's payload.
        payload: Bytes,
    },
}

impl AsyncOutcome {
    /// Whether the invocation has finished (succeeded or failed).
    pub fn is_finished(&self) -> bool {
        !matches!(self, AsyncOutcome::Running)
    }

    /// Whether it finished successfully.
    pub fn is_success(&self) -> bool {
        matches!(self, AsyncOutcome::Succeeded { .. })
    }
}

/// One asynchronous invocation, as [`InMemory::async_invocations`] reports it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct AsyncInvocationRecord {
    /// The async invocation id (the caller's where it chose one).
    pub id: String,
    /// The request id of the invoke call.
    pub request_id: String,
    /// The function.
    pub function: FunctionRef,
    /// The qualifier asked for.
    pub qualifier: Qualifier,
    /// The version that ran (`None` for latest).
    pub executed_version: Option<String>,
    /// The event.
    pub payload: Bytes,
    /// How it went.
    pub outcome: AsyncOutcome,
    /// How many times the handler ran (1 + retries).
    pub attempts: u32,
    /// Where the result would be delivered per the async config of the invoked qualifier (`on_success` or
    /// `on_failure`); `None` while running or when no destination is configured.
    pub destination: Option<Destination>,
    /// When the invocation was accepted.
    pub queued_at: DateTime<Utc>,
    /// When it finished.
    pub finished_at: Option<DateTime<Utc>>,
}

/// Everything needed to run one invocation, gathered under the lock.
pub(crate) struct Plan {
    invocation: Invocation,
    handler: Option<Handler>,
    timeout: Duration,
    max_retries: u32,
    async_config: Option<AsyncConfig>,
}

/// Decrements the in-flight count when a synchronous invocation ends, however it ends.
struct InFlight(InMemory);

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut st = self.0.lock();
        st.in_flight = st.in_flight.saturating_sub(1);
    }
}

const LOG_TAIL_BYTES: usize = 4096;

/// The last 4 KB of `log`, cut at a character boundary (both clouds return the last 4 KB).
fn tail(log: &str) -> String {
    if log.len() <= LOG_TAIL_BYTES {
        return log.to_owned();
    }
    let mut start = log.len() - LOG_TAIL_BYTES;
    while !log.is_char_boundary(start) {
        start += 1;
    }
    log[start..].to_owned()
}

/// Runs the handler (or echoes), turning a panic into an unhandled function error.
fn call_handler(handler: Option<&Handler>, invocation: &Invocation) -> HandlerResult {
    let Some(handler) = handler else {
        return HandlerResult::ok(invocation.payload.clone());
    };
    match catch_unwind(AssertUnwindSafe(|| handler(invocation))) {
        Ok(result) => result,
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            HandlerResult::error(
                FunctionErrorKind::Unhandled,
                format!("the handler panicked: {msg}"),
            )
        }
    }
}

/// Applies the function timeout: a handler that runs longer is cut off at the timeout with an unhandled
/// error. Returns the result and how long to wait.
fn apply_timeout(result: HandlerResult, timeout: Duration) -> (HandlerResult, Duration) {
    let delay = result.delay.unwrap_or_default();
    if delay > timeout {
        let secs = if timeout.subsec_nanos() == 0 {
            timeout.as_secs().to_string()
        } else {
            format!("{:.3}", timeout.as_secs_f64())
        };
        let mut timed_out = HandlerResult::error(
            FunctionErrorKind::Unhandled,
            format!("Function timed out after {secs} seconds"),
        );
        timed_out.log = result.log;
        (timed_out, timeout)
    } else {
        (result, delay)
    }
}

/// Sleeps `d` when there is something to wait and a tokio runtime to wait on.
async fn pause(d: Duration) {
    if !d.is_zero() && tokio::runtime::Handle::try_current().is_ok() {
        tokio::time::sleep(d).await;
    }
}

fn route(main: &str, weights: &crate::VersionWeights, draw: f64) -> String {
    let mut cumulative = 0.0;
    for (version, w) in weights {
        cumulative += w;
        if draw < cumulative {
            return version.clone();
        }
    }
    main.to_owned()
}

impl InMemory {
    /// [`Invoker::invoke`](crate::Invoker::invoke).
    pub(crate) async fn invoke_impl(
        &self,
        function: &FunctionRef,
        request: InvokeRequest,
    ) -> Result<InvokeResponse> {
        let op = Operation::Invoke;
        self.enter(op, |cfg| {
            cfg.check_ref(function)?;
            cfg.caps.check_invoke(cfg.name, &request)?;
            if let Some(id) = &request.async_invocation_id {
                check_async_invocation_id(id)?;
            }
            Ok(())
        })
        .await?;
        let plan = {
            let mut st = self.lock();
            self.plan(&mut st, function, &request)
                .map_err(|e| self.ctx(op, e))?
        };
        let mut response = match request.invocation_type {
            InvocationType::Sync => self.run_sync(plan, request.log_tail).await,
            InvocationType::Async => self.run_async(plan),
        };
        // Report only what the shaped-like cloud reports.
        let caps = &self.inner.config.caps;
        if !caps.reports_executed_version {
            response.executed_version = None;
        }
        if !caps.function_error_kinds
            && let Some(e) = &mut response.function_error
        {
            e.kind = FunctionErrorKind::Unhandled;
        }
        Ok(response)
    }

    fn plan(&self, st: &mut State, f: &FunctionRef, req: &InvokeRequest) -> Result<Plan> {
        let cfg = &self.inner.config;
        // Route first (the alias's weights), then resolve what runs.
        let alias_target = {
            let (ns, function) = st.func(cfg, f)?;
            match &req.qualifier {
                Qualifier::Alias(name) => {
                    let alias = ns
                        .scope_of(cfg, function)
                        .aliases
                        .get(name)
                        .ok_or_else(|| super::state::alias_not_found(cfg, f, name))?;
                    Some((alias.version.clone(), alias.additional_weights.clone()))
                }
                _ => None,
            }
        };
        let chosen = alias_target.map(|(main, weights)| {
            if weights.is_empty() {
                main
            } else {
                let draw = st.route_rng.next_f64();
                route(&main, &weights, draw)
            }
        });
        let (ns, function) = st.func(cfg, f)?;
        let resolved = match &chosen {
            Some(v) => resolve_version(cfg, ns, function, f, v)?,
            None => resolve(cfg, ns, function, f, &req.qualifier)?,
        };
        let async_config = function.async_configs.get(&req.qualifier).cloned();
        let config = resolved
            .record
            .view(&f.namespace, &f.name, resolved.version.as_deref());
        let timeout = resolved
            .record
            .content
            .timeout
            .unwrap_or_else(|| cfg.default_timeout());

        // The most specific handler: the version that runs (or latest), then the alias asked for, then any.
        let mut keys = vec![(
            f.clone(),
            Some(
                resolved
                    .version
                    .clone()
                    .map_or(Qualifier::Latest, Qualifier::Version),
            ),
        )];
        if let Qualifier::Alias(_) = &req.qualifier {
            keys.push((f.clone(), Some(req.qualifier.clone())));
        }
        keys.push((f.clone(), None));
        let handler = keys.iter().find_map(|k| st.handlers.get(k).cloned());

        let async_id = match req.invocation_type {
            InvocationType::Async => {
                let id = match &req.async_invocation_id {
                    Some(id) => {
                        if st
                            .async_records
                            .iter()
                            .any(|r| r.function == *f && r.id == *id)
                        {
                            return Err(Error::already_exists(format_args!(
                                "async invocation `{id}` of function `{f}`"
                            )));
                        }
                        id.clone()
                    }
                    None => st.uuid(),
                };
                Some(id)
            }
            InvocationType::Sync => {
                if let Some(limit) = cfg.limits.concurrency {
                    if st.in_flight >= limit {
                        return Err(Error::new(
                            ErrorKind::Throttled,
                            format!(
                                "concurrency quota exhausted: {limit} invocations are already running"
                            ),
                        ));
                    }
                }
                st.in_flight += 1;
                None
            }
        };
        let request_id = st.uuid();
        let invocation = Invocation {
            function: f.clone(),
            qualifier: req.qualifier.clone(),
            executed_version: resolved.version.clone(),
            payload: req.payload.clone(),
            invocation_type: req.invocation_type,
            request_id: request_id.clone(),
            async_invocation_id: async_id.clone(),
            attempt: 1,
            config,
        };
        if let Some(id) = async_id {
            st.async_records.push(AsyncInvocationRecord {
                id,
                request_id,
                function: f.clone(),
                qualifier: req.qualifier.clone(),
                executed_version: resolved.version,
                payload: req.payload.clone(),
                outcome: AsyncOutcome::Running,
                attempts: 0,
                destination: None,
                queued_at: Utc::now(),
                finished_at: None,
            });
            st.pending_async += 1;
        }
        let max_retries = async_config
            .as_ref()
            .and_then(|c| c.max_retries)
            .unwrap_or(0);
        Ok(Plan {
            invocation,
            handler,
            timeout,
            max_retries,
            async_config,
        })
    }

    async fn run_sync(&self, plan: Plan, log_tail: bool) -> InvokeResponse {
        let _in_flight = InFlight(self.clone());
        let started = tokio::time::Instant::now();
        let raw = call_handler(plan.handler.as_ref(), &plan.invocation);
        let (result, wait) = apply_timeout(raw, plan.timeout);
        pause(wait).await;
        let inv = plan.invocation;
        let mut response = InvokeResponse::new(result.payload);
        response.function_error = result.error;
        if log_tail {
            let log = result.log.unwrap_or_else(|| {
                format!(
                    "START RequestId: {id}\nEND RequestId: {id}\n",
                    id = inv.request_id
                )
            });
            response.log_tail = Some(tail(&log));
        }
        response.request_id = Some(inv.request_id);
        response.executed_version = inv.executed_version;
        response.duration = Some(started.elapsed());
        response
    }

    fn run_async(&self, mut plan: Plan) -> InvokeResponse {
        let mut response = InvokeResponse::new(Bytes::new());
        response.request_id = Some(plan.invocation.request_id.clone());
        response
            .async_invocation_id
            .clone_from(&plan.invocation.async_invocation_id);
        response
            .executed_version
            .clone_from(&plan.invocation.executed_version);
        // Attempts without a delay run right here, so a test sees the record finished at once; the first
        // delay hands the rest to a task.
        let mut result = call_handler(plan.handler.as_ref(), &plan.invocation);
        loop {
            if result.delay.is_some_and(|d| !d.is_zero()) {
                if let Ok(rt) = tokio::runtime::Handle::try_current() {
                    let this = self.clone();
                    rt.spawn(async move { this.continue_async(plan, result).await });
                    return response;
                }
            }
            let (settled, _) = apply_timeout(result, plan.timeout);
            if self.settle(&mut plan, settled) {
                return response;
            }
            result = call_handler(plan.handler.as_ref(), &plan.invocation);
        }
    }

    async fn continue_async(self, mut plan: Plan, mut result: HandlerResult) {
        loop {
            let (settled, wait) = apply_timeout(result, plan.timeout);
            pause(wait).await;
            if self.settle(&mut plan, settled) {
                return;
            }
            result = call_handler(plan.handler.as_ref(), &plan.invocation);
        }
    }

    /// Records the attempt's result; returns `true` when the invocation is finished, `false` when it is to be
    /// retried (then `plan.invocation.attempt` is advanced).
    fn settle(&self, plan: &mut Plan, result: HandlerResult) -> bool {
        let failed = result.error.is_some();
        if failed && plan.invocation.attempt <= plan.max_retries {
            plan.invocation.attempt += 1;
            return false;
        }
        let destination = plan.async_config.as_ref().and_then(|c| {
            if failed {
                c.on_failure.clone()
            } else {
                c.on_success.clone()
            }
        });
        let outcome = match result.error {
            Some(error) => AsyncOutcome::Failed {
                error,
                payload: result.payload,
            },
            None => AsyncOutcome::Succeeded {
                payload: result.payload,
            },
        };
        let inv = &plan.invocation;
        let idle = {
            let mut st = self.lock();
            if let Some(rec) = st.async_records.iter_mut().find(|r| {
                r.function == inv.function && Some(&r.id) == inv.async_invocation_id.as_ref()
            }) {
                rec.outcome = outcome;
                rec.attempts = inv.attempt;
                rec.destination = destination;
                rec.finished_at = Some(Utc::now());
            }
            st.pending_async = st.pending_async.saturating_sub(1);
            st.pending_async == 0
        };
        if idle {
            self.inner.async_idle.notify_waiters();
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_keeps_the_last_4k_on_a_char_boundary() {
        let short = "hello";
        assert_eq!(tail(short), "hello");
        let long = format!("{}{}", "é".repeat(3000), "end");
        let t = tail(&long);
        assert!(t.len() <= LOG_TAIL_BYTES);
        assert!(t.ends_with("end"));
    }

    #[test]
    fn timeouts_cut_long_handlers() {
        let (r, wait) = apply_timeout(
            HandlerResult::ok("x")
                .with_delay(Duration::from_secs(10))
                .with_log("l"),
            Duration::from_secs(3),
        );
        assert_eq!(wait, Duration::from_secs(3));
        assert_eq!(
            r.error.unwrap().message.as_deref(),
            Some("Function timed out after 3 seconds")
        );
        assert_eq!(r.log.as_deref(), Some("l"));
        let (r, wait) = apply_timeout(HandlerResult::ok("x"), Duration::from_secs(3));
        assert_eq!(wait, Duration::ZERO);
        assert!(r.error.is_none());
    }

    #[test]
    fn routing_follows_cumulative_weights() {
        let mut w = crate::VersionWeights::new();
        w.insert("2".into(), 0.2);
        w.insert("3".into(), 0.3);
        assert_eq!(route("1", &w, 0.1), "2");
        assert_eq!(route("1", &w, 0.45), "3");
        assert_eq!(route("1", &w, 0.5), "1");
        assert_eq!(route("1", &w, 0.99), "1");
    }

    #[test]
    fn a_panicking_handler_is_an_unhandled_error() {
        let h: Handler =
            std::sync::Arc::new(|_inv: &Invocation| -> HandlerResult { panic!("boom") });
        let inv = Invocation {
            function: FunctionRef::new("a", "b"),
            qualifier: Qualifier::Latest,
            executed_version: None,
            payload: Bytes::new(),
            invocation_type: InvocationType::Sync,
            request_id: "r".into(),
            async_invocation_id: None,
            attempt: 1,
            config: Function::new("a", "b", crate::Runtime::Python39, "i.h"),
        };
        let r = call_handler(Some(&h), &inv);
        let err = r.error.unwrap();
        assert_eq!(err.kind, FunctionErrorKind::Unhandled);
        assert_eq!(err.message.as_deref(), Some("the handler panicked: boom"));
    }
}
