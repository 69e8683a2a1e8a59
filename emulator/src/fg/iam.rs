//! The IAM v3 endpoints FunctionGraph clients use (huawei-functiongraph.md §1.2, §1.5; official-sdks.md
//! §2.2): `POST /v3/auth/tokens` (password identity, project scope → `201` + `X-Subject-Token`) and
//! `GET /v3/projects[?name={region}]` (the configured project, for the SDK's project-id lookup).

use chrono::{DateTime, TimeDelta, Utc};
use cloudfn_huawei::api::types::TokenRequest;
use http::{Method, StatusCode};
use serde_json::json;

use super::reply::{FgError, FgResult, body, json};
use super::state::IssuedToken;
use super::{Ctx, FgEngine, auth, util};
use crate::wire::WireResponse;

fn iam_error(status: StatusCode, code: &str, message: &str) -> FgError {
    FgError::with_status(status, code, message)
}

/// The domain (account) id of a domain name: stable, 32 hex digits.
pub(crate) fn domain_id(domain: &str) -> String {
    util::etag(format!("domain:{domain}").as_bytes())
}

/// The domain the emulator's project belongs to: the first IAM user's.
fn project_domain(ctx: &Ctx<'_>) -> String {
    ctx.shared
        .config
        .iam_users
        .first()
        .map_or_else(|| "emulator".to_owned(), |u| u.domain.clone())
}

/// Answers `/v3/…` (`rest` = the segments after `v3`).
pub(crate) fn handle(engine: &FgEngine, ctx: &Ctx<'_>, rest: &[String]) -> FgResult {
    let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
    let m = &ctx.req.method;
    match rest.as_slice() {
        ["auth", "tokens"] if *m == Method::POST => create_token(engine, ctx),
        ["projects"] | ["auth", "projects"] if *m == Method::GET || *m == Method::HEAD => {
            auth::authenticate(engine, ctx)?;
            list_projects(ctx)
        }
        _ => Err(FgError::no_route(m.as_str(), &ctx.req.path)),
    }
}

fn create_token(engine: &FgEngine, ctx: &Ctx<'_>) -> FgResult {
    let request: TokenRequest = body(&ctx.req.body).map_err(|e| {
        iam_error(
            StatusCode::BAD_REQUEST,
            "IAM.0011",
            &format!("Request parameter error: {}", e.message),
        )
    })?;
    let identity = &request.auth.identity;
    let password = identity
        .password
        .as_ref()
        .filter(|_| identity.methods.iter().any(|m| m == "password"));
    let Some(password) = password else {
        return Err(iam_error(
            StatusCode::BAD_REQUEST,
            "IAM.0011",
            "Request parameter error: only the password identity method is supported",
        ));
    };
    let user = &password.user;
    let domain_name = user.domain.as_ref().and_then(|d| d.name.clone());
    let domain_ref = user.domain.as_ref().and_then(|d| d.id.clone());
    let found = ctx.shared.config.iam_users.iter().find(|u| {
        let name_ok = user.name.as_deref() == Some(u.name.as_str())
            || user.id.as_deref() == Some(domain_id(&format!("{}/{}", u.domain, u.name)).as_str());
        let domain_ok = domain_name.as_deref() == Some(u.domain.as_str())
            || domain_ref.as_deref() == Some(domain_id(&u.domain).as_str());
        name_ok && domain_ok && user.password.expose() == u.password
    });
    let Some(found) = found else {
        return Err(iam_error(
            StatusCode::UNAUTHORIZED,
            "IAM.0007",
            "The username or password is wrong.",
        ));
    };
    let project = request.auth.scope.as_ref().and_then(|s| s.project.as_ref());
    let Some(project) = project else {
        return Err(iam_error(
            StatusCode::BAD_REQUEST,
            "IAM.0011",
            "Request parameter error: auth.scope must name a project (FunctionGraph needs a project-scoped token)",
        ));
    };
    let by_name = project.name.as_deref().filter(|n| !n.is_empty());
    let by_id = project.id.as_deref().filter(|n| !n.is_empty());
    let matches = match (by_id, by_name) {
        (Some(id), _) => id == ctx.project(),
        (None, Some(name)) => name == ctx.region(),
        (None, None) => false,
    };
    if !matches {
        return Err(iam_error(
            StatusCode::BAD_REQUEST,
            "IAM.0011",
            &format!(
                "Request parameter error: no such project (this emulator has project `{}` named `{}`)",
                ctx.project(),
                ctx.region()
            ),
        ));
    }
    let lifetime = TimeDelta::from_std(ctx.shared.config.token_lifetime).unwrap_or(TimeDelta::MAX);
    let expires = ctx
        .now
        .checked_add_signed(lifetime)
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    let token = format!(
        "MIIEMU{}{}",
        util::new_hex_id().to_uppercase(),
        util::new_hex_id()
    );
    engine.lock().tokens.insert(
        token.clone(),
        IssuedToken {
            user: found.name.clone(),
            project_id: ctx.project().to_owned(),
            expires_at: expires,
        },
    );
    let stamp = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    let did = domain_id(&found.domain);
    let base = ctx
        .shared
        .base_url
        .as_str()
        .trim_end_matches('/')
        .to_owned();
    let body = json!({
        "token": {
            "expires_at": stamp(expires),
            "issued_at": stamp(ctx.now),
            "methods": ["password"],
            "catalog": [{
                "type": "functiongraph",
                "id": util::etag(b"functiongraph"),
                "name": "functiongraph",
                "endpoints": [{
                    "id": util::etag(base.as_bytes()),
                    "interface": "public",
                    "region": ctx.region(),
                    "region_id": ctx.region(),
                    "url": format!("{base}/v2/{}", ctx.project()),
                }],
            }],
            "project": {
                "id": ctx.project(),
                "name": ctx.region(),
                "domain": { "id": did, "name": found.domain },
            },
            "user": {
                "id": domain_id(&format!("{}/{}", found.domain, found.name)),
                "name": found.name,
                "domain": { "id": did, "name": found.domain },
                "password_expires_at": "",
            },
            "roles": [{ "id": "0", "name": "te_admin" }],
        }
    });
    let resp: WireResponse = json(StatusCode::CREATED, &body)?;
    Ok(resp.with_header("X-Subject-Token", &token))
}

fn list_projects(ctx: &Ctx<'_>) -> FgResult {
    let base = ctx
        .shared
        .base_url
        .as_str()
        .trim_end_matches('/')
        .to_owned();
    let did = domain_id(&project_domain(ctx));
    let wanted = ctx.req.query_param("name");
    let projects = if wanted.as_deref().is_none_or(|n| n == ctx.region()) {
        vec![json!({
            "id": ctx.project(),
            "name": ctx.region(),
            "domain_id": did,
            "is_domain": false,
            "parent_id": did,
            "description": "",
            "enabled": true,
            "links": {
                "next": null,
                "previous": null,
                "self": format!("{base}/v3/projects/{}", ctx.project()),
            },
        })]
    } else {
        Vec::new()
    };
    let resp = json(
        StatusCode::OK,
        &json!({
            "projects": projects,
            "links": { "next": null, "previous": null, "self": format!("{base}/v3/projects") },
        }),
    )?;
    Ok(resp.with_header("X-IAM-Trace-Id", &ctx.request_id))
}
