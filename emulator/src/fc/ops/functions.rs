//! CreateFunction, UpdateFunction, DeleteFunction, GetFunction, GetFunctionCode, ListFunctions.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use bytes::Bytes;
use cloudfn_alibaba::api::types::{
    AccelerationInfo, Code, CreateFunctionRequest, CustomContainerConfig,
    CustomContainerConfigInfo, Function, FunctionCode, ListFunctionsResponse,
    UpdateFunctionRequest,
};
use cloudfn_alibaba::checksum::{CODE_CHECKSUM_HEADER, code_checksum};
use http::StatusCode;

use super::services::check_description;
use super::{Ctx, no_content, ok, ok_etag};
use crate::behaviour::Cloud;
use crate::fc::fault::{FcError, FcResult};
use crate::fc::route::Svc;
use crate::fc::state::{FunctionRec, Paging, State, check_if_match, check_name, etag_of};
use crate::wire::WireResponse;

/// The runtimes the emulator accepts (alibaba-fc.md §6.2.1 plus the newer identifiers FC documents).
pub(crate) const RUNTIMES: &[&str] = &[
    "nodejs6",
    "nodejs8",
    "nodejs10",
    "nodejs12",
    "nodejs14",
    "nodejs16",
    "nodejs18",
    "nodejs20",
    "python2.7",
    "python3",
    "python3.6",
    "python3.7",
    "python3.8",
    "python3.9",
    "python3.10",
    "java8",
    "java11",
    "php7.2",
    "dotnetcore2.1",
    "dotnetcore3.1",
    "go1",
    "custom",
    "custom.debian10",
    "custom-container",
];

const CUSTOM_CONTAINER: &str = "custom-container";

/// A function's code, decoded and checked.
struct NewCode {
    bytes: Bytes,
    checksum: String,
}

fn load_code(ctx: &Ctx<'_>, code: &Code) -> FcResult<NewCode> {
    let zip = code.zip_file.as_deref().filter(|s| !s.is_empty());
    let bucket = code.oss_bucket_name.as_deref().filter(|s| !s.is_empty());
    let object = code.oss_object_name.as_deref().filter(|s| !s.is_empty());
    let bytes = match (zip, bucket, object) {
        (Some(z), None, None) => Bytes::from(
            BASE64
                .decode(z.trim())
                .map_err(|e| FcError::invalid(format!("code.zipFile is not valid base64: {e}")))?,
        ),
        (None, Some(b), Some(o)) => ctx.shared.object(b, o).ok_or_else(|| {
            FcError::invalid(format!(
                "failed to get the code from OSS: object '{o}' does not exist in bucket '{b}'"
            ))
        })?,
        _ => {
            return Err(FcError::invalid(
                "code must have either zipFile, or both ossBucketName and ossObjectName",
            ));
        }
    };
    let checksum = code_checksum(&bytes);
    if let Some(expected) = ctx.req.header(CODE_CHECKSUM_HEADER).map(str::trim) {
        if !expected.is_empty() && expected != checksum {
            return Err(FcError::invalid(format!(
                "the code checksum '{expected}' in {CODE_CHECKSUM_HEADER} does not match the code's CRC-64 '{checksum}'"
            )));
        }
    }
    Ok(NewCode { bytes, checksum })
}

fn container_info(c: CustomContainerConfig) -> CustomContainerConfigInfo {
    let accelerated = c.acceleration_type.as_deref() == Some("Default");
    CustomContainerConfigInfo {
        image: c.image,
        command: c.command,
        args: c.args,
        acceleration_type: Some(c.acceleration_type.unwrap_or_else(|| "None".into())),
        instance_id: c.instance_id,
        acceleration_info: accelerated.then(|| AccelerationInfo {
            status: Some("Ready".into()),
            ..AccelerationInfo::default()
        }),
        ..CustomContainerConfigInfo::default()
    }
}

fn in_range(name: &str, value: Option<i32>, min: i32, max: i32) -> FcResult<()> {
    match value {
        Some(v) if !(min..=max).contains(&v) => Err(FcError::invalid(format!(
            "{name} {v} is invalid: it must be between {min} and {max}"
        ))),
        _ => Ok(()),
    }
}

/// Checks a function's final configuration with FC's rules.
fn validate(st: &State, f: &Function) -> FcResult<()> {
    let runtime = f.runtime.as_deref().unwrap_or_default();
    if runtime.is_empty() {
        return Err(FcError::invalid("runtime is required"));
    }
    if !RUNTIMES.contains(&runtime) {
        return Err(FcError::invalid(format!(
            "runtime '{runtime}' is not supported; supported runtimes: {}",
            RUNTIMES.join(", ")
        )));
    }
    if runtime != CUSTOM_CONTAINER && f.handler.as_deref().unwrap_or_default().is_empty() {
        return Err(FcError::invalid("handler is required"));
    }
    if let Some(m) = f.memory_size {
        if !(128..=32768).contains(&m) || m % 64 != 0 {
            return Err(FcError::invalid(format!(
                "memorySize {m} is invalid: it must be a multiple of 64 between 128 and 32768 MB"
            )));
        }
    }
    in_range("timeout", f.timeout, 1, 86400)?;
    in_range("initializationTimeout", f.initialization_timeout, 1, 300)?;
    in_range("instanceConcurrency", f.instance_concurrency, 1, 200)?;
    in_range("caPort", f.ca_port, 1, 65535)?;
    check_description(f.description.as_deref())?;
    if let Some(env) = &f.environment_variables {
        for key in env.keys() {
            let ok = key
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
                && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            if !ok {
                return Err(FcError::invalid(format!(
                    "environment variable name '{key}' is invalid: letters, digits and underscores, not starting with a digit"
                )));
            }
        }
        let size: usize = env.iter().map(|(k, v)| k.len() + v.len()).sum();
        if size > 4096 {
            return Err(FcError::invalid(
                "environmentVariables are larger than 4 KB in total",
            ));
        }
    }
    for arn in f.layers.iter().flatten() {
        let mut parts = arn.split('#');
        let (_, name, version) = (parts.next(), parts.next(), parts.next());
        let exists = name
            .zip(version.and_then(|v| v.parse::<i64>().ok()))
            .is_some_and(|(n, v)| {
                st.layers
                    .get(n)
                    .is_some_and(|l| l.versions.contains_key(&v))
            });
        if !exists || parts.next().is_some() {
            return Err(FcError::invalid(format!("layer '{arn}' does not exist")));
        }
    }
    if runtime == CUSTOM_CONTAINER {
        let image = f
            .custom_container_config
            .as_ref()
            .and_then(|c| c.image.as_deref())
            .unwrap_or_default();
        if image.is_empty() {
            return Err(FcError::invalid(
                "customContainerConfig.image is required for runtime custom-container",
            ));
        }
    }
    Ok(())
}

fn store_code(ctx: &Ctx<'_>, st: &mut State, code: NewCode, f: &mut Function) -> String {
    let id = st.new_id();
    f.code_size = Some(code.bytes.len() as i64);
    f.code_checksum = Some(code.checksum);
    ctx.shared.blobs.put(&id, code.bytes);
    id
}

pub(crate) fn create(ctx: &Ctx<'_>, st: &mut State, service: &str) -> FcResult<WireResponse> {
    st.service(service)?;
    let body: CreateFunctionRequest = ctx.body()?;
    check_name("functionName", &body.function_name)?;
    if st
        .service(service)?
        .functions
        .contains_key(&body.function_name)
    {
        return Err(FcError::conflict(
            "FunctionAlreadyExists",
            format!(
                "function '{}' already exists in service '{service}'",
                body.function_name
            ),
        ));
    }
    let runtime = body.runtime.clone().unwrap_or_default();
    let ts = ctx.ts();
    let mut f = Function {
        function_id: Some(st.new_id()),
        function_name: Some(body.function_name.clone()),
        description: Some(body.description.unwrap_or_default()),
        runtime: body.runtime,
        handler: Some(body.handler),
        timeout: Some(body.timeout.unwrap_or(60)),
        initializer: body.initializer,
        initialization_timeout: Some(body.initialization_timeout.unwrap_or(3)),
        memory_size: Some(body.memory_size.unwrap_or(128)),
        code_size: Some(0),
        environment_variables: Some(body.environment_variables.unwrap_or_default()),
        custom_container_config: body.custom_container_config.map(container_info),
        ca_port: body.ca_port.or(Some(9000)),
        layers: body.layers,
        instance_concurrency: Some(body.instance_concurrency.unwrap_or(1)),
        instance_type: Some(body.instance_type.unwrap_or_else(|| "e1".into())),
        created_time: Some(ts.clone()),
        last_modified_time: Some(ts),
        ..Function::default()
    };
    validate(st, &f)?;
    let code = match (&body.code, runtime == CUSTOM_CONTAINER) {
        (Some(code), false) => Some(load_code(ctx, code)?),
        (None, false) => return Err(FcError::invalid("code is required")),
        (Some(c), true) if c.zip_file.is_some() || c.oss_bucket_name.is_some() => {
            return Err(FcError::invalid(
                "a custom-container function takes its code from customContainerConfig.image, not code",
            ));
        }
        _ => None,
    };
    let code_id = code.map(|c| store_code(ctx, st, c, &mut f));
    let rec = FunctionRec {
        etag: etag_of(&f),
        function: f,
        code_id,
    };
    let resp = ok_etag(&rec.function, &rec.etag);
    st.service_mut(service)?
        .functions
        .insert(body.function_name, rec);
    Ok(resp)
}

pub(crate) fn update(
    ctx: &Ctx<'_>,
    st: &mut State,
    service: &str,
    function: &str,
) -> FcResult<WireResponse> {
    let current = st
        .service(service)?
        .function_view(service, None, function)?
        .clone();
    check_if_match(ctx.req, &current.etag)?;
    let body: UpdateFunctionRequest = ctx.body()?;
    let mut f = current.function.clone();
    macro_rules! merge {
        ($($field:ident),*) => { $( if let Some(v) = body.$field { f.$field = Some(v); } )* };
    }
    merge!(
        description,
        runtime,
        handler,
        timeout,
        initializer,
        initialization_timeout,
        memory_size,
        environment_variables,
        ca_port,
        layers,
        instance_concurrency,
        instance_type
    );
    if let Some(c) = body.custom_container_config {
        f.custom_container_config = Some(container_info(c));
    }
    validate(st, &f)?;
    let custom = f.runtime.as_deref() == Some(CUSTOM_CONTAINER);
    let mut code_id = current.code_id;
    if let Some(code) = &body.code {
        if !custom {
            let code = load_code(ctx, code)?;
            code_id = Some(store_code(ctx, st, code, &mut f));
        }
    } else if !custom && code_id.is_none() {
        return Err(FcError::invalid(
            "code is required when a custom-container function changes to another runtime",
        ));
    }
    f.last_modified_time = Some(ctx.ts());
    let rec = FunctionRec {
        etag: etag_of(&f),
        function: f,
        code_id,
    };
    let resp = ok_etag(&rec.function, &rec.etag);
    st.service_mut(service)?
        .functions
        .insert(function.to_owned(), rec);
    Ok(resp)
}

pub(crate) fn delete(
    ctx: &Ctx<'_>,
    st: &mut State,
    service: &str,
    function: &str,
) -> FcResult<WireResponse> {
    let rec = st.service(service)?;
    let f = rec.function_view(service, None, function)?;
    check_if_match(ctx.req, &f.etag)?;
    if rec.triggers.get(function).is_some_and(|t| !t.is_empty()) {
        return Err(FcError::new(
            StatusCode::CONFLICT,
            "FunctionNotEmpty",
            format!("function '{function}' is not empty"),
        ));
    }
    let code_id = f.code_id.clone();
    let rec = st.service_mut(service)?;
    rec.functions.remove(function);
    rec.triggers.remove(function);
    rec.async_configs.retain(|(f, _), _| f != function);
    rec.invocations.retain(|(f, _), _| f != function);
    let still_used = rec
        .versions
        .values()
        .any(|v| v.functions.values().any(|f| f.code_id == code_id));
    if let (Some(id), false) = (code_id, still_used) {
        ctx.shared.blobs.remove(&id);
    }
    let same = |s: &String, f: &String| s == service && f == function;
    st.provision.retain(|(s, _, f), _| !same(s, f));
    st.on_demand.retain(|(s, _, f), _| !same(s, f));
    st.instances.retain(|(s, f, _), _| !same(s, f));
    ctx.shared
        .behaviours
        .remove_function(Cloud::Fc, service, function);
    Ok(no_content())
}

pub(crate) fn get(
    _ctx: &Ctx<'_>,
    st: &mut State,
    svc: &Svc,
    function: &str,
) -> FcResult<WireResponse> {
    let rec = st.service(&svc.name)?;
    let view = rec.resolve(&svc.name, svc.qualifier.as_deref())?;
    let f = rec.function_view(&svc.name, view.version, function)?;
    Ok(ok_etag(&f.function, &f.etag))
}

pub(crate) fn get_code(
    ctx: &Ctx<'_>,
    st: &mut State,
    svc: &Svc,
    function: &str,
) -> FcResult<WireResponse> {
    let rec = st.service(&svc.name)?;
    let view = rec.resolve(&svc.name, svc.qualifier.as_deref())?;
    let f = rec.function_view(&svc.name, view.version, function)?;
    let Some(id) = &f.code_id else {
        return Err(FcError::invalid(format!(
            "function '{function}' is a custom-container function and has no code package"
        )));
    };
    Ok(ok(&FunctionCode {
        checksum: f.function.code_checksum.clone(),
        url: Some(ctx.shared.code_url(id)),
        ..FunctionCode::default()
    }))
}

pub(crate) fn list(ctx: &Ctx<'_>, st: &mut State, svc: &Svc) -> FcResult<WireResponse> {
    let rec = st.service(&svc.name)?;
    let view = rec.resolve(&svc.name, svc.qualifier.as_deref())?;
    let paging = Paging::from_request(ctx.req, 20, 100)?;
    let (functions, next_token) = paging.page(
        rec.functions_view(view.version)
            .iter()
            .map(|(n, f)| (n.as_str(), f.function.clone())),
    );
    Ok(ok(&ListFunctionsResponse {
        functions,
        next_token,
        ..ListFunctionsResponse::default()
    }))
}
