//! Versions and aliases (huawei-functiongraph.md §3.7, §4.4, §4.5).

use std::collections::BTreeMap;

use cloudfn_huawei::api::types::{
    AliasConfig, CreateFunctionVersionRequest, CreateVersionAliasRequest, FunctionConfig,
    ListFunctionVersionsResponse, UpdateVersionAliasRequest,
};

use super::functions::{base_urn, list_view, view};
use crate::fg::Ctx;
use crate::fg::reply::{FgError, FgResult, body, no_content, ok};
use crate::fg::state::{Function, State, Version, parse_urn};
use crate::fg::util;

/// The most aliases a function may have (FSS.1043).
pub(crate) const MAX_ALIASES: usize = 10;

/// `GET /functions/{urn}/versions`: `latest` first, then the published versions in publish order;
/// paged with `marker` and `maxitems` (the reference's `maxitens` spelling accepted too).
pub(crate) fn list_versions(state: &State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let f = state.function(&r)?;
    let marker = util::query_int(ctx.req, "marker")?.unwrap_or(0);
    let size = match util::query_int(ctx.req, "maxitems")? {
        Some(n) => Some(n),
        None => util::query_int(ctx.req, "maxitens")?,
    };
    let size = match size {
        None | Some(0) => 400,
        Some(n) => n.min(400),
    };
    let mut names = vec!["latest".to_owned()];
    names.extend(f.versions.iter().map(|v| v.name.clone()));
    let (page, next, total) = util::page(&names, marker, size);
    let versions = page
        .iter()
        .map(|v| {
            let mut c = list_view(ctx, f, v);
            c.function_async_config = f.async_configs.get(v.as_str()).cloned();
            c
        })
        .collect();
    ok(&ListFunctionVersionsResponse {
        versions: Some(versions),
        next_marker: Some(next as i64),
        count: Some(total as i64),
        ..ListFunctionVersionsResponse::default()
    })
}

/// The parts of a configuration that make a version different from another (not the URN, names,
/// times or image).
fn comparable(c: &FunctionConfig, code_digest: &str) -> serde_json::Value {
    let mut v = serde_json::to_value(c).unwrap_or_default();
    if let Some(m) = v.as_object_mut() {
        for k in [
            "func_urn",
            "version",
            "image_name",
            "last_modified",
            "last_modified_utc",
            "version_description",
            "func_code",
            "FuncCode",
        ] {
            m.remove(k);
        }
        m.insert("__code".to_owned(), serde_json::Value::from(code_digest));
    }
    v
}

fn valid_version_name(name: &str) -> bool {
    let chars: Vec<char> = name.chars().collect();
    !chars.is_empty()
        && chars.len() <= 64
        && name != "latest"
        && chars[0].is_ascii_alphanumeric()
        && chars
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || ['-', '_', '.'].contains(c))
}

/// `POST /functions/{urn}/versions`: snapshots `latest` as a new version (caller-named or
/// `vYYYYMMDD-HHMMSS`); unchanged since the last publication → `400 FSS.1016`.
pub(crate) fn publish(state: &mut State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let req: CreateFunctionVersionRequest = body(&ctx.req.body)?;
    let f = state.function_mut(&r)?;
    let digest = f.config.digest.clone().unwrap_or_default();
    if let Some(want) = req.digest.as_deref().filter(|d| !d.is_empty()) {
        if want != digest {
            return Err(FgError::invalid(format!(
                "digest `{want}` is not the digest of the function's current code"
            )));
        }
    }
    if let Some(last) = f.versions.last() {
        let last_digest = last.config.digest.clone().unwrap_or_default();
        if comparable(&last.config, &last_digest) == comparable(&f.config, &digest) {
            return Err(FgError::new(
                "FSS.1016",
                format!(
                    "The function cannot be published because no changes have been made since last publication ({})",
                    last.name
                ),
            ));
        }
    }
    let name = if let Some(v) = req
        .version
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        if !valid_version_name(v) {
            return Err(FgError::new(
                "FSS.1015",
                format!(
                    "Invalid function version `{v}`: 1-64 letters, digits, `-`, `_` or `.`, not `latest`"
                ),
            ));
        }
        if f.versions.iter().any(|x| x.name == v) {
            return Err(FgError::new(
                "FSS.1062",
                format!("The function version already exists: {v}"),
            ));
        }
        v.to_owned()
    } else {
        // The system name has one-second resolution: a second publication within the same second
        // takes the next free second.
        let mut t = ctx.now;
        loop {
            let candidate = format!("v{}", t.format("%Y%m%d-%H%M%S"));
            if !f.versions.iter().any(|x| x.name == candidate) {
                break candidate;
            }
            t += chrono::TimeDelta::seconds(1);
        }
    };
    let mut snapshot = f.config.clone();
    snapshot.version = Some(name.clone());
    snapshot.version_description = Some(req.description.clone().unwrap_or_default());
    snapshot.last_modified = Some(util::iso(ctx.now));
    snapshot.last_modified_utc = Some(ctx.now.timestamp());
    snapshot.image_name = Some(format!(
        "{name}-{}@{}",
        ctx.now.format("%y%m%d%H%M%S"),
        &util::new_hex_id()[..5]
    ));
    f.versions.push(Version {
        name: name.clone(),
        config: snapshot,
        code: f.code.clone(),
    });
    let mut out = view(ctx, f, &name, true);
    out.function_async_config = f.async_configs.get("latest").cloned();
    ok(&out)
}

fn alias_view(ctx: &Ctx<'_>, r_package: &str, r_name: &str, a: &AliasConfig) -> AliasConfig {
    let mut a = a.clone();
    a.alias_urn = Some(format!(
        "{}:!{}",
        base_urn(ctx, r_package, r_name),
        a.name.clone().unwrap_or_default()
    ));
    if a.additional_version_weights.is_none() {
        a.additional_version_weights = Some(BTreeMap::new());
    }
    a
}

fn check_alias_name(f: &Function, name: &str) -> Result<(), FgError> {
    if !util::valid_name(name, 63, &['-', '_']) || name == "latest" {
        return Err(FgError::new(
            "FSS.1014",
            format!(
                "Invalid function alias `{name}`: 1-63 letters, digits, `-` or `_`, starting with a letter and ending with a letter or digit"
            ),
        ));
    }
    if f.versions.iter().any(|v| v.name == name) {
        return Err(FgError::new(
            "FSS.1014",
            format!("Invalid function alias `{name}`: a version has that name"),
        ));
    }
    Ok(())
}

/// Checks an alias's target version and its grey-release weights (integer percentages of traffic sent
/// to other versions, each 1–100, at most 100 in total).
fn check_target(
    f: &Function,
    version: &str,
    weights: Option<&BTreeMap<String, i32>>,
) -> Result<(), FgError> {
    if !f.has_version(version) {
        return Err(FgError::new(
            "FSS.1052",
            format!("Not found the function version: {version}"),
        ));
    }
    let Some(weights) = weights else {
        return Ok(());
    };
    let mut total: i64 = 0;
    for (v, w) in weights {
        if v == version {
            return Err(FgError::new(
                "FSS.1093",
                format!("The major version and the additional version cannot be the same: {v}"),
            ));
        }
        if !f.has_version(v) {
            return Err(FgError::new(
                "FSS.1091",
                format!("Invalid additional version `{v}`: no such version"),
            ));
        }
        if !(1..=100).contains(w) {
            return Err(FgError::new(
                "FSS.1092",
                format!("The weight of the additional version {v} is invalid: {w} (1-100)"),
            ));
        }
        total += i64::from(*w);
    }
    if total > 100 {
        return Err(FgError::new(
            "FSS.1092",
            format!("The weights of the additional versions add up to {total}, more than 100"),
        ));
    }
    Ok(())
}

/// `GET /functions/{urn}/aliases`: a bare JSON array.
pub(crate) fn list_aliases(state: &State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let f = state.function(&r)?;
    let list: Vec<AliasConfig> = f
        .aliases
        .values()
        .map(|a| alias_view(ctx, &r.package, &r.name, a))
        .collect();
    ok(&list)
}

/// `POST /functions/{urn}/aliases`.
pub(crate) fn create_alias(state: &mut State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let req: CreateVersionAliasRequest = body(&ctx.req.body)?;
    let f = state.function_mut(&r)?;
    check_alias_name(f, &req.name)?;
    if f.aliases.contains_key(&req.name) {
        return Err(FgError::new(
            "FSS.1063",
            format!("The function alias already exists: {}", req.name),
        ));
    }
    if f.aliases.len() >= MAX_ALIASES {
        return Err(FgError::new(
            "FSS.1043",
            format!("The number of aliases exceeds the maximum allowed limit ({MAX_ALIASES})"),
        ));
    }
    check_target(f, &req.version, req.additional_version_weights.as_ref())?;
    let alias = AliasConfig {
        name: Some(req.name.clone()),
        version: Some(req.version.clone()),
        description: Some(req.description.clone().unwrap_or_default()),
        last_modified: Some(util::iso(ctx.now)),
        alias_urn: None,
        additional_version_weights: req.additional_version_weights.clone(),
        ..AliasConfig::default()
    };
    f.aliases.insert(req.name.clone(), alias.clone());
    ok(&alias_view(ctx, &r.package, &r.name, &alias))
}

fn alias_of<'a>(f: &'a Function, name: &str) -> Result<&'a AliasConfig, FgError> {
    f.aliases
        .get(name)
        .ok_or_else(|| FgError::new("FSS.1053", format!("Not found the function alias: {name}")))
}

/// `GET /functions/{urn}/aliases/{name}`.
pub(crate) fn show_alias(state: &State, ctx: &Ctx<'_>, urn: &str, name: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let f = state.function(&r)?;
    let a = alias_of(f, name)?;
    ok(&alias_view(ctx, &r.package, &r.name, a))
}

/// `PUT /functions/{urn}/aliases/{name}`: `version` replaced; `description` and
/// `additional_version_weights` replaced when sent (send `{}` to end a grey release).
pub(crate) fn update_alias(state: &mut State, ctx: &Ctx<'_>, urn: &str, name: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let req: UpdateVersionAliasRequest = body(&ctx.req.body)?;
    let f = state.function_mut(&r)?;
    let current = alias_of(f, name)?.clone();
    let weights = req
        .additional_version_weights
        .clone()
        .or(current.additional_version_weights.clone());
    check_target(f, &req.version, weights.as_ref())?;
    let alias = AliasConfig {
        version: Some(req.version.clone()),
        description: req.description.clone().or(current.description.clone()),
        additional_version_weights: weights,
        last_modified: Some(util::iso(ctx.now)),
        ..current
    };
    f.aliases.insert(name.to_owned(), alias.clone());
    ok(&alias_view(ctx, &r.package, &r.name, &alias))
}

/// `DELETE /functions/{urn}/aliases/{name}`: `403 FSS.1154` while triggers use it.
pub(crate) fn delete_alias(state: &mut State, ctx: &Ctx<'_>, urn: &str, name: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let f = state.function_mut(&r)?;
    alias_of(f, name)?;
    let q = format!("!{name}");
    if f.triggers.iter().any(|t| t.qualifier == q) {
        return Err(FgError::new(
            "FSS.1154",
            format!("The alias {name} has triggers; delete them first"),
        ));
    }
    f.aliases.remove(name);
    f.async_configs.remove(name);
    f.reserved.remove(name);
    no_content()
}
