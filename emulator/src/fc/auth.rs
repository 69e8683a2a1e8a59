//! FC request authentication: `Authorization: FC {ak}:{sig}`, the `Date` window, STS tokens
//! (alibaba-fc.md §3, official-sdks.md §4 items 14–19).

use chrono::{DateTime, Utc};
use cloudfn_alibaba::signer::{self, Secret};
use http::StatusCode;

use super::fault::{FcError, FcResult};
use crate::config::EmulatorConfig;
use crate::wire::WireRequest;

/// Verifies a request signed for `path` (normalized, still percent-encoded). Does nothing when signature
/// checks are off.
pub(crate) fn authenticate(
    config: &EmulatorConfig,
    req: &WireRequest,
    path: &str,
    now: DateTime<Utc>,
) -> FcResult<()> {
    if !config.check_signatures {
        return Ok(());
    }
    let Some(auth) = req.header("authorization").map(str::trim) else {
        return Err(FcError::new(
            StatusCode::FORBIDDEN,
            "AccessDenied",
            "the request carries no Authorization header; sign it as 'FC {AccessKeyID}:{signature}'",
        ));
    };
    // One space after `FC` is what every client sends; tolerate none or several.
    let normalized = auth
        .strip_prefix(signer::AUTHORIZATION_SCHEME)
        .map(|rest| format!("{} {}", signer::AUTHORIZATION_SCHEME, rest.trim_start()));
    let Some((id, _)) = normalized.as_deref().and_then(signer::parse_authorization) else {
        return Err(FcError::new(
            StatusCode::FORBIDDEN,
            "AccessDenied",
            "the Authorization header is malformed; expected 'FC {AccessKeyID}:{signature}'",
        ));
    };
    let Some(secret) = config.secret_for(id) else {
        return Err(FcError::new(
            StatusCode::FORBIDDEN,
            "InvalidAccessKeyID",
            format!("invalid access key ID '{id}'"),
        ));
    };
    let Some(date) = req.header("date").map(str::trim).filter(|d| !d.is_empty()) else {
        return Err(FcError::missing_header("Date"));
    };
    let Some(when) = signer::parse_date(date) else {
        return Err(FcError::invalid(format!(
            "the Date header '{date}' is not an RFC 1123 GMT date such as 'Mon, 09 Nov 2020 09:46:33 GMT'"
        )));
    };
    let skew = (now - when).abs();
    let window = chrono::Duration::from_std(config.max_clock_skew).unwrap_or(chrono::Duration::MAX);
    if skew > window {
        return Err(FcError::new(
            StatusCode::FORBIDDEN,
            "RequestTimeTooSkewed",
            format!(
                "the difference between the request time '{date}' and the current time '{}' is too large",
                signer::format_date(now)
            ),
        ));
    }
    let ok = signer::verify(
        &Secret::new(secret),
        req.method.as_str(),
        path,
        signer::header_pairs(&req.headers),
        Some(&req.query),
        normalized.as_deref().unwrap_or_default(),
    );
    if ok {
        Ok(())
    } else {
        Err(FcError::new(
            StatusCode::FORBIDDEN,
            "SignatureNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your access key and signing method",
        ))
    }
}
