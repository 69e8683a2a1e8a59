//! The Alibaba FC 2016-08-15 protocol: state, signature checks, every operation.
//!
//! [`FcEngine::handle`] is a plain function from a [`WireRequest`] to a [`WireResponse`]:
//! 1. the path is normalized (leading `//` collapsed) and routed ([`route`]);
//! 2. the request is authenticated ([`auth`]) unless it goes to an anonymous HTTP trigger;
//! 3. the operation ([`ops`]) runs under one lock around the [`state`];
//! 4. every response carries `X-Fc-Request-Id`, `Date` and FC's `Access-Control-Expose-Headers`;
//!    errors are `{"ErrorCode","ErrorMessage"}` ([`fault`]).

mod auth;
mod fault;
mod ops;
mod route;
mod state;
#[cfg(test)]
mod tests;

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, Utc};

pub use fault::FcError;

use crate::engine::Shared;
use crate::wire::{WireRequest, WireResponse};

/// The value FC sends in `Access-Control-Expose-Headers` (alibaba-fc.md §2.2).
pub const EXPOSE_HEADERS: &str = "Date,x-fc-request-id,x-fc-error-type,x-fc-code-checksum,x-fc-invocation-duration,x-fc-max-memory-usage,x-fc-log-result,x-fc-invocation-code-version";

/// The FC protocol engine.
#[derive(Debug)]
pub struct FcEngine {
    shared: Arc<Shared>,
    state: Mutex<state::State>,
}

impl FcEngine {
    /// An engine over the shared state.
    pub fn new(shared: Arc<Shared>) -> FcEngine {
        FcEngine {
            shared,
            state: Mutex::new(state::State::default()),
        }
    }

    /// Forgets every resource.
    pub fn reset(&self) {
        *self.lock() = state::State::default();
    }

    /// A JSON dump of the FC state (services with their functions, triggers, versions, aliases, async
    /// configs and invocations; custom domains; layers), for the admin API.
    pub fn dump(&self) -> serde_json::Value {
        ops::dump(&self.lock())
    }

    /// Answers one FC request (path under `/2016-08-15/`). Never panics.
    pub fn handle(&self, req: &WireRequest) -> WireResponse {
        let request_id = crate::ids::new_uuid();
        let now = Utc::now();
        let result =
            std::panic::catch_unwind(AssertUnwindSafe(|| self.dispatch(req, &request_id, now)));
        let response = match result {
            Ok(Ok(r)) => r,
            Ok(Err(e)) => e.into_response(),
            Err(_) => FcError::internal().into_response(),
        };
        response
            .with_header("x-fc-request-id", &request_id)
            .with_header("date", &cloudfn_alibaba::signer::format_date(now))
            .with_header("access-control-expose-headers", EXPOSE_HEADERS)
    }

    fn dispatch(
        &self,
        req: &WireRequest,
        request_id: &str,
        now: DateTime<Utc>,
    ) -> Result<WireResponse, FcError> {
        let path = route::normalize_path(&req.path);
        let route = route::parse(&path);
        let anonymous = match &route {
            Some(route::Route::Proxy(svc, func, _)) => {
                ops::invoke::proxy_is_anonymous(&self.lock(), svc, func)
            }
            _ => false,
        };
        if !anonymous {
            auth::authenticate(&self.shared.config, req, &path, now)?;
        }
        let Some(route) = route else {
            let decoded = cloudfn_alibaba::signer::decode_path(&path).into_owned();
            return Err(FcError::path_not_supported(req.method.as_str(), &decoded));
        };
        let ctx = ops::Ctx {
            req,
            shared: &self.shared,
            request_id,
            now,
            path: &path,
        };
        let mut st = self.lock();
        ops::dispatch(&ctx, &mut st, route)
    }

    fn lock(&self) -> MutexGuard<'_, state::State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
