//! The Huawei FunctionGraph v2 protocol and the IAM token service it relies on.
//!
//! [`FgEngine::handle`] answers every request under `/v2/` (FunctionGraph, `/v2/{project_id}/fgs/…`) and
//! `/v3/` (IAM: `POST /v3/auth/tokens`, `GET /v3/projects`). Each request is authenticated
//! ([`auth`]: `SDK-HMAC-SHA256` signatures or IAM tokens), routed ([`routes`]) and answered by an
//! operation (module `ops`) over one mutex-guarded [`state::State`]. Every response carries `X-Request-Id`;
//! every error is `{"error_code","error_msg"}` with the status the API reference gives for the code.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, Utc};
use http::{Method, StatusCode};

use crate::engine::Shared;
use crate::wire::{WireRequest, WireResponse};

pub mod auth;
pub mod iam;
mod ops;
pub mod reply;
pub mod routes;
pub mod state;
mod util;

#[cfg(test)]
mod tests;

pub use reply::FgError;
pub use state::State;

use reply::FgResult;
use routes::Op;

/// The FunctionGraph + IAM protocol engine.
#[derive(Debug)]
pub struct FgEngine {
    shared: Arc<Shared>,
    state: Mutex<State>,
}

/// What an operation gets: the request, the shared emulator state, the request id and the clock.
#[derive(Debug)]
pub(crate) struct Ctx<'a> {
    /// The request.
    pub(crate) req: &'a WireRequest,
    /// The shared state (config, behaviours, blobs, objects).
    pub(crate) shared: &'a Shared,
    /// The id of this request (`X-Request-Id`).
    pub(crate) request_id: String,
    /// The time the request arrived.
    pub(crate) now: DateTime<Utc>,
}

impl Ctx<'_> {
    /// The configured project id.
    pub(crate) fn project(&self) -> &str {
        &self.shared.config.fg_project_id
    }

    /// The configured region.
    pub(crate) fn region(&self) -> &str {
        &self.shared.config.fg_region
    }
}

impl FgEngine {
    /// An engine over the shared state.
    pub fn new(shared: Arc<Shared>) -> FgEngine {
        FgEngine {
            shared,
            state: Mutex::new(State::default()),
        }
    }

    /// Forgets every resource and every issued token.
    pub fn reset(&self) {
        *self.lock() = State::default();
    }

    /// The whole FunctionGraph state as JSON, for the admin API's dump (secrets left out).
    pub fn dump(&self) -> serde_json::Value {
        self.lock().dump(Utc::now())
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Answers one FunctionGraph (`/v2/…`) or IAM (`/v3/…`) request. Never panics on any input.
    pub fn handle(&self, req: &WireRequest) -> WireResponse {
        let ctx = Ctx {
            req,
            shared: &self.shared,
            request_id: util::new_uuid(),
            now: Utc::now(),
        };
        let request_id = ctx.request_id.clone();
        let result = self.dispatch(&ctx);
        let resp = match result {
            Ok(resp) => resp,
            Err(e) => e.into_response(),
        };
        let resp = if resp.headers.contains_key("x-request-id") {
            resp
        } else {
            resp.with_header("X-Request-Id", &request_id)
        };
        // The gateway's clock, which clients use to correct a skewed clock after `signature expired`.
        let resp = if resp.headers.contains_key("date") {
            resp
        } else {
            resp.with_header(
                "Date",
                &ctx.now.format("%a, %d %b %Y %H:%M:%S GMT").to_string(),
            )
        };
        if req.method == Method::HEAD {
            return WireResponse {
                body: bytes::Bytes::new(),
                ..resp
            };
        }
        resp
    }

    fn dispatch(&self, ctx: &Ctx<'_>) -> FgResult {
        let segments = routes::segments(&ctx.req.path);
        if segments.first().map(String::as_str) == Some("v3") {
            return iam::handle(self, ctx, &segments[1..]);
        }
        let route = routes::route(&ctx.req.method, &segments)?;
        auth::authenticate(self, ctx)?;
        let project = routes::project_of(&segments);
        if !(project == ctx.project() || project == routes::PROJECT_PLACEHOLDER) {
            return Err(FgError::with_status(
                StatusCode::FORBIDDEN,
                "FSS.0403",
                format!(
                    "project `{project}` is not accessible with these credentials (this emulator serves project `{}`)",
                    ctx.project()
                ),
            ));
        }
        if matches!(route.op, Op::Invoke | Op::InvokeAsync | Op::InvokeReserved) {
            // Invocations run the behaviour outside the state lock (a behaviour never blocks, but keep
            // the lock short anyway).
            return ops::invoke::handle(self, ctx, &route);
        }
        let mut state = self.lock();
        ops::handle(&mut state, ctx, &route)
    }
}
