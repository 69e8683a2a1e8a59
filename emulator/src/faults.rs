//! Injected faults: the next N requests matching a method and path fail with a status, or are delayed,
//! so that client retry logic can be tested against a real server.

use std::sync::{Mutex, PoisonError};

use http::StatusCode;
use serde::{Deserialize, Serialize};

use crate::wire::{WireRequest, WireResponse};

/// One fault rule (`POST /_emulator/faults`).
///
/// ```json
/// {"method": "POST", "path_prefix": "/2016-08-15/services", "count": 2, "status": 503}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FaultRule {
    /// Only requests with this method (any when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Only requests whose raw path starts with this (any when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_prefix: Option<String>,
    /// How many matching requests the rule applies to (default 1).
    #[serde(default = "one")]
    pub count: u32,
    /// Answer with this status instead of serving the request (the cloud's error body for it). When
    /// absent the request is served normally, after `delay_ms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The error code in the body (default: FC `ResourceExhausted` / FunctionGraph `FSS.0429` for 429,
    /// `InternalServerError` / `FSS.0500` otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// A `Retry-After` header value, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
    /// Wait this long before answering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
}

fn one() -> u32 {
    1
}

impl FaultRule {
    /// A rule failing the next `count` requests under `path_prefix` with `status`.
    pub fn fail(path_prefix: impl Into<String>, count: u32, status: u16) -> Self {
        FaultRule {
            method: None,
            path_prefix: Some(path_prefix.into()),
            count,
            status: Some(status),
            error_code: None,
            retry_after_secs: None,
            delay_ms: None,
        }
    }

    /// Only for requests with this method.
    pub fn with_method(mut self, method: impl Into<String>) -> Self {
        self.method = Some(method.into());
        self
    }

    /// Also delay the answer.
    pub fn with_delay_ms(mut self, delay_ms: u64) -> Self {
        self.delay_ms = Some(delay_ms);
        self
    }

    /// Send `Retry-After: secs` with the failure.
    pub fn with_retry_after(mut self, secs: u64) -> Self {
        self.retry_after_secs = Some(secs);
        self
    }

    fn matches(&self, req: &WireRequest) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(req.method.as_str()))
            && self
                .path_prefix
                .as_deref()
                .is_none_or(|p| req.path.starts_with(p))
    }

    /// Checks the rule's values; the error names the field.
    pub fn validate(&self) -> Result<(), String> {
        if self.count == 0 {
            return Err("count: must be at least 1".into());
        }
        if let Some(s) = self.status
            && StatusCode::from_u16(s).is_err()
        {
            return Err(format!("status: {s} is not an HTTP status code"));
        }
        if self.status.is_none() && self.delay_ms.is_none() {
            return Err("a fault needs a status, a delay_ms, or both".into());
        }
        Ok(())
    }
}

/// What a fault does to one request.
#[derive(Debug)]
pub(crate) enum Injection {
    /// Answer with this instead of serving.
    Replace(WireResponse),
    /// Serve, then delay the answer.
    Delay(std::time::Duration),
}

/// The armed rules.
#[derive(Debug, Default)]
pub struct Faults {
    rules: Mutex<Vec<FaultRule>>,
}

impl Faults {
    /// Arms a rule.
    pub fn add(&self, rule: FaultRule) {
        self.rules
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(rule);
    }

    /// The rules still armed.
    pub fn list(&self) -> Vec<FaultRule> {
        self.rules
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Disarms every rule.
    pub fn clear(&self) {
        self.rules
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// Consumes one use of the first rule matching `req`.
    pub(crate) fn take(&self, req: &WireRequest) -> Option<Injection> {
        let mut rules = self.rules.lock().unwrap_or_else(PoisonError::into_inner);
        let index = rules.iter().position(|r| r.matches(req))?;
        let rule = rules[index].clone();
        if rules[index].count <= 1 {
            rules.remove(index);
        } else {
            rules[index].count -= 1;
        }
        drop(rules);
        let delay = rule.delay_ms.map(std::time::Duration::from_millis);
        match rule.status {
            Some(status) => {
                let status =
                    StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
                let fc = crate::engine::is_fc_path(&req.path);
                let code = rule.error_code.clone().unwrap_or_else(|| {
                    match (fc, status == StatusCode::TOO_MANY_REQUESTS) {
                        (true, true) => "ResourceExhausted".into(),
                        (true, false) => "InternalServerError".into(),
                        (false, true) => "FSS.0429".into(),
                        (false, false) => "FSS.0500".into(),
                    }
                });
                let message = format!("fault injected by the emulator ({status})");
                let mut response = crate::engine::cloud_error(&req.path, status, &code, &message)
                    .with_delay(delay);
                if let Some(secs) = rule.retry_after_secs {
                    response = response.with_header("retry-after", &secs.to_string());
                }
                Some(Injection::Replace(response))
            }
            None => delay.map(Injection::Delay),
        }
    }
}
