//! Authentication as the API Gateway in front of FunctionGraph does it: an `SDK-HMAC-SHA256` signature
//! for a configured access key (official-sdks.md §2.5, §4.15–16), or an `X-Auth-Token` issued by this
//! emulator's IAM. Every failure is `401 APIGW.0301` with the gateway's message; a stale `X-Sdk-Date`
//! says `signature expired, signature time:…,server time:…` (the form cloudfn's client reads to correct
//! its clock).

use chrono::{DateTime, Utc};
use cloudfn_huawei::Secret;
use cloudfn_huawei::signer::{
    ALGORITHM, HEADER_CONTENT_SHA256, canonical_query_string, canonical_uri, encode_path_segment,
    format_sdk_date, parse_query, parse_sdk_date, payload_hash, signature, string_to_sign,
};
use http::StatusCode;

use super::reply::FgError;
use super::{Ctx, FgEngine};
use crate::wire::WireRequest;

/// The gateway's authentication failure code.
pub const AUTH_FAILED: &str = "APIGW.0301";

fn denied(detail: &str) -> FgError {
    FgError::with_status(
        StatusCode::UNAUTHORIZED,
        AUTH_FAILED,
        format!("Incorrect IAM authentication information: {detail}"),
    )
}

/// Who made a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// Signature checking is off.
    Anonymous,
    /// An access key id whose signature verified.
    AccessKey(String),
    /// An IAM user, through a token.
    Token {
        /// The user name.
        user: String,
        /// The project the token is scoped to.
        project_id: String,
    },
}

/// Authenticates `ctx.req`: `Ok` with who sent it, or the gateway's `401`.
pub(crate) fn authenticate(engine: &FgEngine, ctx: &Ctx<'_>) -> Result<Principal, FgError> {
    let config = &ctx.shared.config;
    if !config.check_signatures {
        return Ok(Principal::Anonymous);
    }
    let req = ctx.req;
    if let Some(token) = header_text(req, "x-auth-token") {
        let token = token.trim();
        if !token.is_empty() {
            return engine
                .lock()
                .verify_token(token, ctx.now)
                .map_err(|why| denied(&why));
        }
    }
    let Some(authorization) = header_text(req, "authorization") else {
        return Err(denied("Authorization not found"));
    };
    let principal =
        verify_signature(req, &authorization, ctx.now, config).map(Principal::AccessKey)?;
    if req.body.len() > MAX_AKSK_BODY {
        return Err(FgError::with_status(
            StatusCode::PAYLOAD_TOO_LARGE,
            "FSS.0413",
            format!(
                "The request body is too large: an AK/SK-signed request carries at most {MAX_AKSK_BODY} bytes; use token authentication for larger bodies"
            ),
        ));
    }
    Ok(principal)
}

/// The largest body of an AK/SK-signed request (huawei-functiongraph.md §1.6): 12 MB.
pub const MAX_AKSK_BODY: usize = 12 * 1024 * 1024;

fn header_text(req: &WireRequest, name: &str) -> Option<String> {
    let values: Vec<String> = req
        .headers
        .get_all(name)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    if values.is_empty() {
        None
    } else {
        Some(values.join(","))
    }
}

/// The three parts of an `SDK-HMAC-SHA256` `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedAuthorization {
    /// `Access=`.
    pub access: String,
    /// `SignedHeaders=`, lower-cased names.
    pub signed_headers: Vec<String>,
    /// `Signature=`.
    pub signature: String,
}

/// Parses `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…` (separators `,` with optional
/// spaces, parts in any order).
pub fn parse_authorization(value: &str) -> Result<ParsedAuthorization, String> {
    let value = value.trim();
    let Some((scheme, rest)) = value.split_once(' ') else {
        return Err("the Authorization header is not an SDK-HMAC-SHA256 signature".to_owned());
    };
    if scheme != ALGORITHM {
        return Err(format!(
            "unsupported signing algorithm `{scheme}`: only {ALGORITHM} is verified"
        ));
    }
    let (mut access, mut signed, mut sig) = (None, None, None);
    for part in rest.split(',') {
        let part = part.trim();
        if let Some(v) = part.strip_prefix("Access=") {
            access = Some(v.trim().to_owned());
        } else if let Some(v) = part.strip_prefix("SignedHeaders=") {
            signed = Some(
                v.trim()
                    .split(';')
                    .filter(|h| !h.is_empty())
                    .map(str::to_ascii_lowercase)
                    .collect::<Vec<_>>(),
            );
        } else if let Some(v) = part.strip_prefix("Signature=") {
            sig = Some(v.trim().to_owned());
        }
    }
    match (access, signed, sig) {
        (Some(access), Some(signed_headers), Some(signature))
            if !access.is_empty() && !signature.is_empty() =>
        {
            Ok(ParsedAuthorization {
                access,
                signed_headers,
                signature,
            })
        }
        _ => Err("the Authorization header lacks Access, SignedHeaders or Signature".to_owned()),
    }
}

/// Verifies an `SDK-HMAC-SHA256` signature; `Ok` with the access key id.
pub(crate) fn verify_signature(
    req: &WireRequest,
    authorization: &str,
    now: DateTime<Utc>,
    config: &crate::config::EmulatorConfig,
) -> Result<String, FgError> {
    let parsed = parse_authorization(authorization).map_err(|why| denied(&why))?;
    let Some(secret) = config.secret_for(&parsed.access) else {
        return Err(denied("access key id does not exist (AK access failed)"));
    };
    let Some(date_text) = header_text(req, "x-sdk-date") else {
        return Err(denied("the X-Sdk-Date header is missing"));
    };
    let date_text = date_text.trim().to_owned();
    let Ok(date) = parse_sdk_date(&date_text) else {
        return Err(denied(&format!(
            "X-Sdk-Date `{date_text}` is not in the format YYYYMMDDTHHMMSSZ"
        )));
    };
    if !parsed.signed_headers.iter().any(|h| h == "x-sdk-date") {
        return Err(denied("the X-Sdk-Date header is not signed"));
    }
    let skew = (now - date).abs();
    let max = chrono::TimeDelta::from_std(config.max_clock_skew).unwrap_or(chrono::TimeDelta::MAX);
    if skew > max {
        return Err(denied(&format!(
            "signature expired, signature time:{date_text},server time:{}",
            format_sdk_date(now)
        )));
    }
    let mut canonical_headers = String::new();
    for name in &parsed.signed_headers {
        let value = header_text(req, name).unwrap_or_default();
        canonical_headers.push_str(name);
        canonical_headers.push(':');
        canonical_headers.push_str(value.trim());
        canonical_headers.push('\n');
    }
    let signed_list = parsed.signed_headers.join(";");
    let query = canonical_query_string(&parse_query(&req.query));
    let content_sha = header_text(req, HEADER_CONTENT_SHA256);
    let hash = payload_hash(&req.body, content_sha.as_deref());
    let secret = Secret::new(secret);
    // The decode-then-encode canonical URI (the Python SDK) and the encode-raw-segments one (the Node
    // SDK, which double-encodes escaped characters) are both accepted.
    let raw_uri = {
        let mut uri = req
            .path
            .split('/')
            .map(encode_path_segment)
            .collect::<Vec<_>>()
            .join("/");
        if !uri.ends_with('/') {
            uri.push('/');
        }
        uri
    };
    for uri in [canonical_uri(&req.path), raw_uri] {
        let canonical = format!(
            "{}\n{uri}\n{query}\n{canonical_headers}\n{signed_list}\n{hash}",
            req.method.as_str().to_uppercase()
        );
        let expected = signature(&secret, &string_to_sign(&date_text, &canonical));
        if constant_time_eq(expected.as_bytes(), parsed.signature.as_bytes()) {
            return Ok(parsed.access);
        }
    }
    Err(denied("verify aksk signature fail"))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_authorization() {
        let p = parse_authorization(
            "SDK-HMAC-SHA256 Access=AK, SignedHeaders=Host;x-sdk-date, Signature=abc",
        )
        .unwrap();
        assert_eq!(p.access, "AK");
        assert_eq!(p.signed_headers, vec!["host", "x-sdk-date"]);
        assert_eq!(p.signature, "abc");
        assert!(
            parse_authorization("SDK-HMAC-SM3 Access=a, SignedHeaders=b, Signature=c").is_err()
        );
        assert!(parse_authorization("garbage").is_err());
        assert!(
            parse_authorization("SDK-HMAC-SHA256 Access=, SignedHeaders=, Signature=").is_err()
        );
    }
}
