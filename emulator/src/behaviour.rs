//! Programmable function behaviour: what an invoked function returns, fails with, logs, and how long it
//! takes. Shared by both protocols, set through the admin API or the Rust API.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use serde::{Deserialize, Serialize};

/// Which wire protocol a function lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cloud {
    /// Alibaba Function Compute (namespace = service).
    Fc,
    /// Huawei FunctionGraph (namespace = package).
    Fg,
}

/// What the function's code does with a payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Action {
    /// Return the payload unchanged (the default).
    Echo,
    /// Return this body.
    Respond {
        /// The body, as text.
        body: String,
    },
    /// The function reports an error itself (FC `x-fc-error-type: HandledInvocationError`).
    HandledError {
        /// The error message.
        message: String,
    },
    /// The runtime fails the function (FC `UnhandledInvocationError`).
    UnhandledError {
        /// The error message.
        message: String,
    },
}

/// A programmed behaviour: an action, an optional log line, an optional delay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Behaviour {
    /// What the function returns.
    pub action: Action,
    /// Text the function writes to its log (returned with a log tail).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log: Option<String>,
    /// How long the function runs, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
}

impl Default for Behaviour {
    fn default() -> Self {
        Behaviour::echo()
    }
}

impl Behaviour {
    /// Echo the payload.
    pub fn echo() -> Self {
        Behaviour {
            action: Action::Echo,
            log: None,
            delay_ms: None,
        }
    }

    /// Return this body.
    pub fn respond(body: impl Into<String>) -> Self {
        Behaviour {
            action: Action::Respond { body: body.into() },
            ..Behaviour::echo()
        }
    }

    /// Fail with a handled (`handled = true`) or unhandled error.
    pub fn fail(handled: bool, message: impl Into<String>) -> Self {
        let message = message.into();
        let action = if handled {
            Action::HandledError { message }
        } else {
            Action::UnhandledError { message }
        };
        Behaviour {
            action,
            ..Behaviour::echo()
        }
    }

    /// Also write this text to the log.
    pub fn with_log(mut self, text: impl Into<String>) -> Self {
        self.log = Some(text.into());
        self
    }

    /// Also take this long.
    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay_ms = Some(u64::try_from(delay.as_millis()).unwrap_or(u64::MAX));
        self
    }

    /// The delay as a `Duration`.
    pub fn delay(&self) -> Option<Duration> {
        self.delay_ms.map(Duration::from_millis)
    }

    /// Runs the behaviour on a payload.
    pub fn run(&self, payload: &Bytes) -> Outcome {
        let (body, error) = match &self.action {
            Action::Echo => (payload.clone(), None),
            Action::Respond { body } => (Bytes::from(body.clone()), None),
            Action::HandledError { message } => (
                error_body(message),
                Some(FunctionFailure {
                    handled: true,
                    message: message.clone(),
                }),
            ),
            Action::UnhandledError { message } => (
                error_body(message),
                Some(FunctionFailure {
                    handled: false,
                    message: message.clone(),
                }),
            ),
        };
        Outcome {
            body,
            error,
            log: self.log.clone().unwrap_or_default(),
            delay: self.delay(),
        }
    }
}

fn error_body(message: &str) -> Bytes {
    Bytes::from(serde_json::json!({ "errorMessage": message, "errorType": "Error" }).to_string())
}

/// A function's failure during an invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionFailure {
    /// The function's code reported it (true) or the runtime did (false).
    pub handled: bool,
    /// The message.
    pub message: String,
}

/// What one invocation produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The response body (for a failure, `{"errorMessage": …, "errorType": "Error"}`).
    pub body: Bytes,
    /// The failure, if the function failed.
    pub error: Option<FunctionFailure>,
    /// What the function wrote to its log (empty when nothing).
    pub log: String,
    /// How long the function ran.
    pub delay: Option<Duration>,
}

type Key = (Cloud, String, String, Option<String>);

/// The programmed behaviours, keyed by cloud, namespace, function and optional qualifier.
#[derive(Debug, Default)]
pub struct Behaviours {
    map: Mutex<HashMap<Key, Behaviour>>,
}

impl Behaviours {
    /// Programs `function` in `namespace` (FC service, FunctionGraph package) at `qualifier` (a version
    /// or alias name as invoked; `None` for every qualifier).
    pub fn set(
        &self,
        cloud: Cloud,
        namespace: &str,
        function: &str,
        qualifier: Option<&str>,
        behaviour: Behaviour,
    ) {
        self.lock().insert(
            (
                cloud,
                namespace.to_owned(),
                function.to_owned(),
                qualifier.map(str::to_owned),
            ),
            behaviour,
        );
    }

    /// The behaviour for an invocation: the first of `qualifiers` (most specific first, e.g. the alias
    /// invoked, then the version it resolved to) that is programmed, else the function's catch-all, else
    /// echo.
    pub fn lookup(
        &self,
        cloud: Cloud,
        namespace: &str,
        function: &str,
        qualifiers: &[&str],
    ) -> Behaviour {
        let map = self.lock();
        let key = |q: Option<&str>| {
            (
                cloud,
                namespace.to_owned(),
                function.to_owned(),
                q.map(str::to_owned),
            )
        };
        qualifiers
            .iter()
            .find_map(|q| map.get(&key(Some(q))))
            .or_else(|| map.get(&key(None)))
            .cloned()
            .unwrap_or_default()
    }

    /// Forgets the behaviours of a function (when it is deleted).
    pub fn remove_function(&self, cloud: Cloud, namespace: &str, function: &str) {
        self.lock()
            .retain(|(c, ns, f, _), _| !(*c == cloud && ns == namespace && f == function));
    }

    /// Forgets everything.
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Behaviour>> {
        self.map.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
