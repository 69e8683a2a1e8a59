//! Backoff and the HTTP date / `Retry-After` parsing the retry loop relies on.

use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};

use super::RetryPolicy;
use crate::rng::SplitMix64;

/// Decorrelated-jitter backoff: each wait is uniform in `[initial, 3 × previous)`, capped at `max`.
#[derive(Debug, Clone)]
pub(crate) struct Backoff {
    initial: f64,
    max: f64,
    prev: f64,
    rng: SplitMix64,
}

impl Backoff {
    pub(crate) fn new(policy: &RetryPolicy, seed: u64) -> Self {
        let initial = policy.initial_backoff().as_secs_f64();
        Backoff {
            initial,
            max: policy.max_backoff().as_secs_f64(),
            prev: initial,
            rng: SplitMix64::new(seed),
        }
    }

    /// The next wait.
    pub(crate) fn next_delay(&mut self) -> Duration {
        let upper = (self.prev * 3.0).max(self.initial);
        let drawn = self.initial + self.rng.next_f64() * (upper - self.initial);
        let delay = drawn.min(self.max).max(0.0);
        self.prev = delay;
        Duration::try_from_secs_f64(delay).unwrap_or(Duration::MAX)
    }
}

/// Parses an HTTP date: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the obsolete RFC 850
/// (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`) forms. Anything else is
/// `None`.
///
/// ```
/// use cloudfn_core::transport::parse_http_date;
///
/// let d = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
/// assert_eq!(d.to_rfc3339(), "1994-11-06T08:49:37+00:00");
/// assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), Some(d));
/// assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), Some(d));
/// assert_eq!(parse_http_date("yesterday"), None);
/// ```
pub fn parse_http_date(value: &str) -> Option<DateTime<Utc>> {
    let value = value.trim();
    if let Ok(d) = DateTime::parse_from_rfc2822(value) {
        return Some(d.with_timezone(&Utc));
    }
    for format in ["%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(value, format) {
            return Some(d.and_utc());
        }
    }
    None
}

/// Formats `date` as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form of the `Date` header.
///
/// ```
/// use cloudfn_core::transport::{format_http_date, parse_http_date};
///
/// let d = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
/// assert_eq!(format_http_date(d), "Sun, 06 Nov 1994 08:49:37 GMT");
/// ```
pub fn format_http_date(date: DateTime<Utc>) -> String {
    date.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// Parses a `Retry-After` value as a wait from `now`: delta-seconds (`120`) or an HTTP date (a date in
/// the past is a zero wait). Garbage (negative, fractional, unparsable) is `None`, i.e. ignored.
///
/// ```
/// use cloudfn_core::transport::{parse_http_date, parse_retry_after};
/// use std::time::Duration;
///
/// let now = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
/// assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
/// assert_eq!(
///     parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", now),
///     Some(Duration::from_secs(30))
/// );
/// assert_eq!(parse_retry_after("soon", now), None);
/// ```
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More digits than fit a u64 are "forever": saturate rather than ignore.
        return Some(Duration::from_secs(
            value.parse::<u64>().unwrap_or(u64::MAX),
        ));
    }
    let date = parse_http_date(value)?;
    Some((date - now).to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn policy() -> RetryPolicy {
        RetryPolicy::default()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_secs(10))
    }

    #[test]
    fn backoff_is_deterministic_under_a_seed() {
        let mut a = Backoff::new(&policy(), 42);
        let mut b = Backoff::new(&policy(), 42);
        let xs: Vec<Duration> = (0..20).map(|_| a.next_delay()).collect();
        let ys: Vec<Duration> = (0..20).map(|_| b.next_delay()).collect();
        assert_eq!(xs, ys);
        let mut c = Backoff::new(&policy(), 43);
        let zs: Vec<Duration> = (0..20).map(|_| c.next_delay()).collect();
        assert_ne!(xs, zs);
    }

    #[test]
    fn backoff_is_bounded_and_grows() {
        let mut b = Backoff::new(&policy(), 1);
        let mut prev = Duration::from_millis(100);
        let mut delays = Vec::new();
        for _ in 0..200 {
            let d = b.next_delay();
            assert!(d >= Duration::from_millis(100), "{d:?}");
            assert!(d <= Duration::from_secs(10), "{d:?}");
            assert!(d <= prev * 3, "{d:?} after {prev:?}");
            prev = d;
            delays.push(d);
        }
        // Decorrelated jitter wanders upwards: it reaches seconds and then the cap region.
        assert!(delays.iter().any(|d| *d > Duration::from_secs(2)));
        // The first wait is in [initial, 3 × initial).
        let first = Backoff::new(&policy(), 9).next_delay();
        assert!(first >= Duration::from_millis(100) && first < Duration::from_millis(300));
    }

    #[test]
    fn backoff_survives_absurd_policies() {
        let p = RetryPolicy::default()
            .with_initial_backoff(Duration::MAX)
            .with_max_backoff(Duration::MAX);
        let mut b = Backoff::new(&p, 3);
        for _ in 0..5 {
            let _ = b.next_delay();
        }
        let p = RetryPolicy::default()
            .with_initial_backoff(Duration::from_secs(5))
            .with_max_backoff(Duration::from_secs(1));
        let mut b = Backoff::new(&p, 3);
        assert_eq!(b.next_delay(), Duration::from_secs(1));
        let p = RetryPolicy::default()
            .with_initial_backoff(Duration::ZERO)
            .with_max_backoff(Duration::ZERO);
        assert_eq!(Backoff::new(&p, 3).next_delay(), Duration::ZERO);
    }

    #[test]
    fn retry_after_seconds() {
        let now = Utc::now();
        assert_eq!(parse_retry_after("0", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
    }

    #[test]
    fn retry_after_http_date() {
        let now = parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:05 GMT", now),
            Some(Duration::from_secs(5))
        );
        // In the past: no wait.
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn retry_after_garbage_is_ignored() {
        let now = Utc::now();
        for garbage in [
            "",
            " ",
            "-1",
            "1.5",
            "soon",
            "5s",
            "Wed, 32 Oct 2015 07:28:00 GMT",
            "0x10",
        ] {
            assert_eq!(parse_retry_after(garbage, now), None, "{garbage:?}");
        }
    }

    #[test]
    fn http_date_round_trip() {
        let d = parse_http_date("Thu, 01 Jan 2026 12:00:00 GMT").unwrap();
        assert_eq!(format_http_date(d), "Thu, 01 Jan 2026 12:00:00 GMT");
        assert_eq!(parse_http_date(&format_http_date(d)), Some(d));
    }

    proptest! {
        #[test]
        fn retry_after_never_panics(s in ".{0,64}") {
            let _ = parse_retry_after(&s, Utc::now());
        }

        #[test]
        fn backoff_always_within_bounds(seed in any::<u64>(), init_ms in 0u64..5_000, max_ms in 0u64..60_000) {
            let p = RetryPolicy::default()
                .with_initial_backoff(Duration::from_millis(init_ms))
                .with_max_backoff(Duration::from_millis(max_ms));
            let mut b = Backoff::new(&p, seed);
            for _ in 0..16 {
                let d = b.next_delay();
                prop_assert!(d <= Duration::from_millis(max_ms) + Duration::from_micros(1));
                prop_assert!(d >= Duration::from_millis(init_ms.min(max_ms)).saturating_sub(Duration::from_micros(1)));
            }
        }
    }
}
