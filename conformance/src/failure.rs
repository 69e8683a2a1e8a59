//! What a scenario returns when it does not pass, and the small assertion helpers scenarios use.

use std::fmt;

use cloudfn_core::{Error, ErrorKind, Result};

/// Why a scenario did not pass: an assertion that did not hold, an unexpected [`Error`] from the provider,
/// or a deliberate skip (the scenario needs something the run does not have, e.g. a [`Programmer`]).
///
/// `Debug` prints the same text as `Display`, so `scenario(..).await.unwrap()` in a test shows the message.
///
/// [`Programmer`]: crate::Programmer
pub struct Failure {
    message: String,
    error: Option<Error>,
    skipped: bool,
}

impl Failure {
    /// An assertion that did not hold.
    pub fn new(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            error: None,
            skipped: false,
        }
    }

    /// An unexpected provider error while doing `what`.
    pub fn from_error(what: impl Into<String>, error: Error) -> Self {
        Failure {
            message: what.into(),
            error: Some(error),
            skipped: false,
        }
    }

    /// The scenario cannot run here (reported as skipped, not failed, by [`run_all`](crate::run_all)).
    pub fn skip(reason: impl Into<String>) -> Self {
        Failure {
            message: reason.into(),
            error: None,
            skipped: true,
        }
    }

    /// What went wrong (without the provider error).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The provider error behind the failure, if any.
    pub fn error(&self) -> Option<&Error> {
        self.error.as_ref()
    }

    /// Whether this is a skip rather than a failure.
    pub fn is_skip(&self) -> bool {
        self.skipped
    }

    /// Prefixes the message with `context` (e.g. the cleanup step that failed).
    pub fn context(mut self, context: impl fmt::Display) -> Self {
        self.message = format!("{context}: {}", self.message);
        self
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.skipped {
            f.write_str("skipped: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(e) = &self.error {
            write!(f, ": {e}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Failure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.error
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::from_error("unexpected provider error", error)
    }
}

/// What a scenario returns.
pub type Outcome = std::result::Result<(), Failure>;

/// Adds "while doing X" to a provider error.
pub(crate) trait Context<T> {
    fn context(self, what: impl fmt::Display) -> std::result::Result<T, Failure>;
}

impl<T> Context<T> for Result<T> {
    fn context(self, what: impl fmt::Display) -> std::result::Result<T, Failure> {
        self.map_err(|e| Failure::from_error(what.to_string(), e))
    }
}

/// Fails the scenario with a formatted message unless `cond` holds.
macro_rules! ensure {
    ($cond:expr, $($arg:tt)+) => {
        if !$cond {
            return Err($crate::Failure::new(format!($($arg)+)));
        }
    };
}

/// Fails the scenario unless `actual == expected`, showing both.
macro_rules! ensure_eq {
    ($actual:expr, $expected:expr, $($arg:tt)+) => {
        match (&$actual, &$expected) {
            (actual, expected) => {
                if actual != expected {
                    return Err($crate::Failure::new(format!(
                        "{}: expected {:?}, got {:?}",
                        format!($($arg)+),
                        expected,
                        actual
                    )));
                }
            }
        }
    };
}

pub(crate) use {ensure, ensure_eq};

/// Asserts that `result` failed with `kind`; returns the error for further checks.
pub(crate) fn expect_kind<T: fmt::Debug>(
    result: Result<T>,
    kind: ErrorKind,
    what: impl fmt::Display,
) -> std::result::Result<Error, Failure> {
    match result {
        Ok(v) => Err(Failure::new(format!(
            "{what}: expected a {kind} error, but the call succeeded with {v:?}"
        ))),
        Err(e) if e.kind() == kind => Ok(e),
        Err(e) => Err(Failure::new(format!(
            "{what}: expected a {kind} error, got {} ({e})",
            e.kind()
        ))),
    }
}

/// Asserts that `result` failed with `InvalidArgument` whose message names `field`.
pub(crate) fn expect_invalid<T: fmt::Debug>(
    result: Result<T>,
    field: &str,
    what: impl fmt::Display,
) -> std::result::Result<Error, Failure> {
    let what = what.to_string();
    let e = expect_kind(result, ErrorKind::InvalidArgument, &what)?;
    ensure!(
        e.message().contains(field),
        "{what}: the InvalidArgument error should name the field `{field}`, but says `{}`",
        e.message()
    );
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_shows_message_error_and_skip() {
        let f = Failure::from_error("creating function", Error::new(ErrorKind::NotFound, "gone"));
        assert_eq!(f.to_string(), "creating function: not_found: gone");
        assert_eq!(
            Failure::skip("needs a programmer").to_string(),
            "skipped: needs a programmer"
        );
        assert_eq!(
            Failure::new("x").context("cleanup").to_string(),
            "cleanup: x"
        );
    }

    #[test]
    fn expect_helpers_check_kind_and_field() {
        let ok: Result<u32> = Ok(1);
        assert!(expect_kind(ok, ErrorKind::NotFound, "get").is_err());
        let wrong: Result<u32> = Err(Error::new(ErrorKind::Service, "boom"));
        let f = expect_kind(wrong, ErrorKind::NotFound, "get").unwrap_err();
        assert!(
            f.to_string()
                .contains("expected a not_found error, got service")
        );
        let named: Result<u32> = Err(Error::invalid_argument("memory_mb", "bad"));
        assert!(expect_invalid(named, "memory_mb", "create").is_ok());
        let unnamed: Result<u32> = Err(Error::invalid_argument("timeout", "bad"));
        assert!(expect_invalid(unnamed, "memory_mb", "create").is_err());
    }
}
