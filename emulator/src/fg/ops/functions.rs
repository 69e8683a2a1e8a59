//! Function lifecycle (huawei-functiongraph.md §3.6), reserved instances (§3.10), import/export
//! (§3.11), and the function views the other operations share.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use bytes::Bytes;
use cloudfn_huawei::api::types::{
    CODE_TYPE_INLINE, CODE_TYPE_JAR, CODE_TYPE_OBS, CODE_TYPE_ZIP, CreateFunctionRequest, FuncCode,
    FunctionCode, FunctionConfig, ImportFunctionRequest, ListFunctionsResponse, StrategyConfig,
    UpdateFunctionCodeRequest, UpdateFunctionConfigRequest, UpdateFunctionMaxInstanceConfigRequest,
    UpdateReservedInstancesRequest, decode_user_data,
};
use cloudfn_huawei::urn::UrnQualifier;

use crate::behaviour::Cloud;
use crate::fg::Ctx;
use crate::fg::reply::{FgError, FgResult, body, no_content, ok};
use crate::fg::state::{Function, State, Target, parse_urn};
use crate::fg::util;

/// The runtimes the API accepts (the union of the operation enums, `Custom` included).
pub(crate) const RUNTIMES: &[&str] = &[
    "Java8",
    "Java11",
    "Java17",
    "Node.js6.10",
    "Node.js8.10",
    "Node.js10.16",
    "Node.js12.13",
    "Node.js14.18",
    "Node.js16.17",
    "Node.js18.15",
    "Python2.7",
    "Python3.6",
    "Python3.9",
    "Python3.10",
    "Go1.8",
    "Go1.x",
    "C#(.NET Core 2.0)",
    "C#(.NET Core 2.1)",
    "C#(.NET Core 3.1)",
    "PHP7.3",
    "Custom",
    "http",
    "Custom Image",
];

/// The memory sizes (MB) the API accepts.
pub(crate) const MEMORY_SIZES: &[i32] = &[
    128, 256, 512, 768, 1024, 1280, 1536, 1792, 2048, 2560, 3072, 3584, 4096,
];

/// The most functions a project may have (FSS.1041).
pub(crate) const MAX_FUNCTIONS: usize = 400;
/// The largest code package (FSS.1071): 50 MB.
pub(crate) const MAX_PACKAGE: usize = 50 * 1024 * 1024;
/// The largest inline source (FSS.1072): 10 KB.
pub(crate) const MAX_INLINE: usize = 10 * 1024;

/// `urn:fss:{region}:{project}:function:{package}:{name}`.
pub(crate) fn base_urn(ctx: &Ctx<'_>, package: &str, name: &str) -> String {
    format!(
        "urn:fss:{}:{}:function:{package}:{name}",
        ctx.region(),
        ctx.project()
    )
}

/// The blob id under which code with `digest` is served.
pub(crate) fn blob_id(digest: &str) -> String {
    format!("fg-{}", &digest[..digest.len().min(40)])
}

/// Stores `code` in the shared blob store; returns its download URL.
pub(crate) fn publish_blob(ctx: &Ctx<'_>, code: &Bytes) -> String {
    let id = blob_id(&util::sha512_hex(code));
    ctx.shared.blobs.put(&id, code.clone());
    ctx.shared.code_url(&id)
}

/// The configuration of `version` of `f` as a single-object read shows it: qualified `func_urn`,
/// `func_code: {}`, the top-level `concurrency` copy.
pub(crate) fn view(ctx: &Ctx<'_>, f: &Function, version: &str, qualified: bool) -> FunctionConfig {
    let mut c = f
        .version(version)
        .map_or_else(|| f.config.clone(), |(c, _)| c.clone());
    let package = c.package.clone().unwrap_or_default();
    let name = c.func_name.clone().unwrap_or_default();
    let base = base_urn(ctx, &package, &name);
    c.func_urn = Some(if qualified {
        format!("{base}:{version}")
    } else {
        base
    });
    c.func_code = Some(FuncCode::default());
    c.concurrency = c.strategy_config.as_ref().and_then(|s| s.concurrency);
    c
}

/// The list form: unqualified URN, no `func_code`.
pub(crate) fn list_view(ctx: &Ctx<'_>, f: &Function, version: &str) -> FunctionConfig {
    let mut c = view(ctx, f, version, false);
    c.func_code = None;
    c
}

fn code_filename_default(runtime: &str) -> &'static str {
    if runtime.starts_with("Python") {
        "index.py"
    } else if runtime.starts_with("Node") {
        "index.js"
    } else if runtime.starts_with("Java") {
        "index.jar"
    } else if runtime.starts_with("Go") {
        "index.go"
    } else if runtime.starts_with("PHP") {
        "index.php"
    } else if runtime.starts_with("C#") {
        "index.dll"
    } else {
        "bootstrap"
    }
}

fn default_code(runtime: &str) -> Bytes {
    let text = if runtime.starts_with("Python") {
        "# -*- coding:utf-8 -*-\ndef handler(event, context):\n    return event\n"
    } else if runtime.starts_with("Node") {
        "exports.handler = async (event, context) => event;\n"
    } else {
        "default code of the FunctionGraph emulator\n"
    };
    Bytes::from_static(text.as_bytes())
}

/// Finds the object an OBS URL names in the emulated object storage: `https://{bucket}.{endpoint}/{key}`,
/// `https://{endpoint}/{bucket}/{key}`, `obs://{bucket}/{key}` or `{base}/_emulator/objects/{bucket}/{key}`.
pub(crate) fn obs_object(ctx: &Ctx<'_>, url: &str) -> Result<Bytes, FgError> {
    let parsed = url::Url::parse(url.trim())
        .map_err(|e| FgError::new("FSS.1010", format!("Invalid URL `{url}`: {e}")))?;
    let host = parsed.host_str().unwrap_or_default().to_owned();
    let segments: Vec<String> = parsed
        .path_segments()
        .map(|s| {
            s.map(|x| {
                percent_encoding::percent_decode_str(x)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .collect()
        })
        .unwrap_or_default();
    let mut candidates: Vec<(String, String)> = Vec::new();
    if parsed.scheme() == "obs" {
        candidates.push((host.clone(), segments.join("/")));
    }
    if segments.first().map(String::as_str) == Some("_emulator")
        && segments.get(1).map(String::as_str) == Some("objects")
        && segments.len() >= 4
    {
        candidates.push((segments[2].clone(), segments[3..].join("/")));
    }
    if let Some((bucket, _)) = host.split_once('.') {
        candidates.push((bucket.to_owned(), segments.join("/")));
    }
    if segments.len() >= 2 {
        candidates.push((segments[0].clone(), segments[1..].join("/")));
    }
    candidates
        .iter()
        .find_map(|(b, k)| ctx.shared.object(b, k))
        .ok_or_else(|| {
            FgError::new(
                "FSS.1054",
                format!("The function code package does not exist in OBS: {url} (store it first with PUT /_emulator/objects/{{bucket}}/{{key}})"),
            )
        })
}

/// The code a create/update request carries: `(bytes, code_filename, code_url)`.
fn read_code(
    ctx: &Ctx<'_>,
    code_type: &str,
    code_url: Option<&str>,
    code_filename: Option<&str>,
    func_code: Option<&FuncCode>,
    runtime: &str,
) -> Result<(Bytes, String, String), FgError> {
    let file = func_code
        .and_then(|c| c.file.as_deref())
        .map(str::trim)
        .unwrap_or_default();
    let link = func_code
        .and_then(|c| c.link.as_deref())
        .map(str::trim)
        .unwrap_or_default();
    let code_url = code_url.map(str::trim).unwrap_or_default();
    let filename = code_filename.map(str::trim).unwrap_or_default();
    let url_name = |u: &str| {
        u.rsplit('/')
            .next()
            .map(|s| s.split('?').next().unwrap_or(s).to_owned())
            .filter(|s| !s.is_empty())
    };
    match code_type {
        CODE_TYPE_OBS => {
            let url = if code_url.is_empty() { link } else { code_url };
            if url.is_empty() {
                return Err(FgError::new(
                    "FSS.1010",
                    "Invalid URL: code_url is required when code_type is obs",
                ));
            }
            let bytes = obs_object(ctx, url)?;
            if bytes.len() > MAX_PACKAGE {
                return Err(FgError::new("FSS.1071", "The code package exceeds 50 MB"));
            }
            let name = if filename.is_empty() {
                url_name(url).unwrap_or_else(|| "code.zip".to_owned())
            } else {
                filename.to_owned()
            };
            Ok((bytes, name, url.to_owned()))
        }
        CODE_TYPE_INLINE | CODE_TYPE_ZIP | CODE_TYPE_JAR => {
            let bytes = if !file.is_empty() {
                let compact: String = file.chars().filter(|c| !c.is_whitespace()).collect();
                Bytes::from(B64.decode(compact.as_bytes()).map_err(|e| {
                    FgError::new(
                        "FSS.1011",
                        format!("Invalid function code: func_code.file is not Base64: {e}"),
                    )
                })?)
            } else if !link.is_empty() {
                obs_object(ctx, link)?
            } else if code_type == CODE_TYPE_INLINE {
                default_code(runtime)
            } else {
                return Err(FgError::new(
                    "FSS.1012",
                    format!("The function code cannot be left blank (code_type {code_type})"),
                ));
            };
            if bytes.len() > MAX_PACKAGE {
                return Err(FgError::new("FSS.1071", "The code package exceeds 50 MB"));
            }
            if code_type == CODE_TYPE_INLINE
                && !bytes.starts_with(b"PK\x03\x04")
                && bytes.len() > MAX_INLINE
            {
                return Err(FgError::new(
                    "FSS.1072",
                    "The size of the inline code exceeds the maximum allowed limit (10 KB)",
                ));
            }
            let name = if !filename.is_empty() {
                filename.to_owned()
            } else if code_type == CODE_TYPE_INLINE {
                code_filename_default(runtime).to_owned()
            } else {
                return Err(FgError::invalid(format!(
                    "code_filename is required when code_type is {code_type}"
                )));
            };
            Ok((bytes, name, String::new()))
        }
        other => Err(FgError::new(
            "FSS.1006",
            format!("Invalid code type `{other}`: expected inline, zip, obs or jar"),
        )),
    }
}

fn set_code(c: &mut FunctionConfig, code: &Bytes, code_type: &str, filename: String, url: String) {
    c.code_type = Some(code_type.to_owned());
    c.code_filename = Some(filename);
    c.code_url = Some(url);
    c.code_size = Some(code.len() as i64);
    c.digest = Some(util::sha512_hex(code));
}

fn touch(c: &mut FunctionConfig, ctx: &Ctx<'_>) {
    c.last_modified = Some(util::iso(ctx.now));
    c.last_modified_utc = Some(ctx.now.timestamp());
    c.image_name = Some(format!(
        "latest-{}@{}",
        ctx.now.format("%y%m%d%H%M%S"),
        &util::new_hex_id()[..5]
    ));
}

/// Checks the rules of huawei-functiongraph.md §3.6/§4.1 on a whole configuration.
pub(crate) fn validate(c: &FunctionConfig) -> Result<(), FgError> {
    let name = c.func_name.as_deref().unwrap_or_default();
    if !util::valid_name(name, 60, &['-', '_']) {
        return Err(FgError::new(
            "FSS.1002",
            format!(
                "Invalid function name `{name}`: 1-60 letters, digits, `-` or `_`, starting with a letter and ending with a letter or digit"
            ),
        ));
    }
    let package = c.package.as_deref().unwrap_or_default();
    if !util::valid_name(package, 60, &['-', '_']) {
        return Err(FgError::new(
            "FSS.1004",
            format!("Invalid function package `{package}`"),
        ));
    }
    let runtime = c.runtime.as_deref().unwrap_or_default();
    if !RUNTIMES.contains(&runtime) {
        return Err(FgError::new(
            "FSS.1005",
            format!("Invalid runtime `{runtime}`"),
        ));
    }
    let handler = c.handler.as_deref().unwrap_or_default();
    let custom = runtime.starts_with("Custom") || runtime == "http";
    if handler.is_empty() || handler.len() > 128 || (!custom && !handler.contains('.')) {
        return Err(FgError::new(
            "FSS.1003",
            format!(
                "Invalid function handler `{handler}`: `file.function`, at most 128 characters"
            ),
        ));
    }
    let memory = c.memory_size.unwrap_or_default();
    if !MEMORY_SIZES.contains(&memory) {
        return Err(FgError::new(
            "FSS.1007",
            format!("Invalid memory size {memory}: one of {MEMORY_SIZES:?} MB"),
        ));
    }
    let timeout = c.timeout.unwrap_or_default();
    if !(3..=900).contains(&timeout) {
        return Err(FgError::new(
            "FSS.1008",
            format!("Invalid timeout {timeout}: 3-900 seconds"),
        ));
    }
    if c.description.as_deref().unwrap_or_default().chars().count() > 512 {
        return Err(FgError::new(
            "FSS.1019",
            "The description exceeds the maximum allowed limit (512 characters)",
        ));
    }
    let user_data = c.user_data.as_deref().unwrap_or_default();
    let vars = decode_user_data(user_data).map_err(|e| {
        FgError::invalid(format!(
            "user_data must be a JSON object serialised into a string: {e}"
        ))
    })?;
    if vars.len() > 20 {
        return Err(FgError::new(
            "FSS.1017",
            "The number of environment variables exceeds the maximum allowed limit (20)",
        ));
    }
    if user_data.len() > 4096 {
        return Err(FgError::new(
            "FSS.1018",
            "The total size of environment variables exceeds the maximum allowed limit",
        ));
    }
    if let Some(h) = c.initializer_handler.as_deref() {
        if !h.is_empty() && (!h.contains('.') || h.len() > 128) {
            return Err(FgError::new(
                "FSS.1404",
                format!("Invalid initializer handler `{h}`"),
            ));
        }
    }
    if let Some(t) = c.initializer_timeout {
        if !(1..=300).contains(&t) {
            return Err(FgError::new(
                "FSS.1405",
                format!("Invalid initializer timeout {t}: 1-300 seconds"),
            ));
        }
    }
    let kind = c.r#type.as_deref().unwrap_or("v2");
    if kind != "v1" && kind != "v2" {
        return Err(FgError::invalid(format!("Invalid type `{kind}`: v1 or v2")));
    }
    if let Some(s) = &c.strategy_config {
        validate_strategy(s, kind)?;
    }
    if let Some(vpc) = &c.func_vpc {
        if vpc.vpc_id.as_deref().unwrap_or_default().is_empty()
            || vpc.subnet_id.as_deref().unwrap_or_default().is_empty()
        {
            return Err(FgError::invalid("func_vpc needs vpc_id and subnet_id"));
        }
    }
    if let Some(m) = &c.mount_config {
        if let Some(u) = &m.mount_user {
            for id in [&u.user_id, &u.user_group_id].into_iter().flatten() {
                let ok = id
                    .as_i64()
                    .is_some_and(|n| (-1..=65534).contains(&n) && ![0, 1000, 1002].contains(&n));
                if !ok {
                    return Err(FgError::new(
                        "FSS.1075",
                        "The user ID and group ID must be an integer from -1 to 65534, except 0, 1000 and 1002",
                    ));
                }
            }
        }
        if m.func_mounts.as_ref().is_some_and(|v| v.len() > 5) {
            return Err(FgError::new(
                "FSS.1049",
                "The number of file systems mounted to the function exceeds the maximum allowed limit (5)",
            ));
        }
    }
    Ok(())
}

fn validate_strategy(s: &StrategyConfig, kind: &str) -> Result<(), FgError> {
    if let Some(c) = s.concurrency {
        let ok = if kind == "v1" {
            c == 0 || c == -1
        } else {
            (-1..=1000).contains(&c)
        };
        if !ok {
            return Err(FgError::invalid(format!(
                "strategy_config.concurrency {c} is out of range ({})",
                if kind == "v1" {
                    "0 or -1 for v1"
                } else {
                    "-1..1000"
                }
            )));
        }
    }
    if let Some(n) = s.concurrent_num {
        if !(-1..=200_000).contains(&n) {
            return Err(FgError::invalid(format!(
                "strategy_config.concurrent_num {n} is out of range (-1..200000)"
            )));
        }
    }
    Ok(())
}

/// Resolves `depend_list` against the dependencies (`404 FSS.1056` for an unknown id).
fn resolve_dependencies(
    state: &State,
    ids: Option<&Vec<String>>,
) -> Result<Option<Vec<cloudfn_huawei::api::types::Dependency>>, FgError> {
    let Some(ids) = ids else {
        return Ok(None);
    };
    if ids.len() > 20 {
        return Err(FgError::invalid(
            "a function can use at most 20 dependencies",
        ));
    }
    ids.iter()
        .map(|id| {
            state
                .dependencies
                .iter()
                .find(|d| d.id.as_deref() == Some(id.as_str()))
                .cloned()
                .ok_or_else(|| {
                    FgError::new("FSS.1056", format!("The dependency {id} does not exist"))
                })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// `GET /functions`: paged with `marker`/`maxitems` (absent, 0 or > 400 → 400), filtered by
/// `package_name` (and `func_name`, which the SDK sends).
pub(crate) fn list(state: &State, ctx: &Ctx<'_>) -> FgResult {
    let marker = util::query_int(ctx.req, "marker")?.unwrap_or(0);
    let maxitems = match util::query_int(ctx.req, "maxitems")? {
        None | Some(0) => 400,
        Some(n) => n.min(400),
    };
    let package = ctx
        .req
        .query_param("package_name")
        .filter(|p| !p.is_empty());
    let name = ctx.req.query_param("func_name").filter(|p| !p.is_empty());
    let all: Vec<&Function> = state
        .functions
        .iter()
        .filter(|((p, n), _)| {
            package.as_deref().is_none_or(|x| x == p)
                && name.as_deref().is_none_or(|x| n.contains(x))
        })
        .map(|(_, f)| f)
        .collect();
    let (page, next, total) = util::page(&all, marker, maxitems);
    let functions = page
        .into_iter()
        .map(|f| {
            let mut c = list_view(ctx, f, "latest");
            c.fail_count = Some(0);
            c
        })
        .collect();
    ok(&ListFunctionsResponse {
        functions: Some(functions),
        next_marker: Some(next as i64),
        count: Some(total as i64),
        ..ListFunctionsResponse::default()
    })
}

fn domain_id(ctx: &Ctx<'_>) -> String {
    let domain = ctx
        .shared
        .config
        .iam_users
        .first()
        .map_or_else(|| "emulator".to_owned(), |u| u.domain.clone());
    crate::fg::iam::domain_id(&domain)
}

/// `POST /functions`.
pub(crate) fn create(state: &mut State, ctx: &Ctx<'_>) -> FgResult {
    // `package` is required by the reference but `default` unless set: a body without it is read
    // with `default`.
    let mut raw: serde_json::Value = body(&ctx.req.body)?;
    if let Some(m) = raw.as_object_mut() {
        if m.get("package").is_none_or(serde_json::Value::is_null) {
            m.insert("package".to_owned(), serde_json::Value::from("default"));
        }
    }
    let req: CreateFunctionRequest = serde_json::from_value(raw)
        .map_err(|e| FgError::invalid(format!("invalid request body: {e}")))?;
    let package = if req.package.trim().is_empty() {
        "default".to_owned()
    } else {
        req.package.clone()
    };
    let mut c = FunctionConfig {
        func_name: Some(req.func_name.clone()),
        package: Some(package.clone()),
        runtime: Some(req.runtime.clone()),
        timeout: Some(req.timeout),
        handler: Some(req.handler.clone()),
        memory_size: Some(req.memory_size),
        user_data: req.user_data.clone(),
        encrypted_user_data: req.encrypted_user_data.clone(),
        xrole: req.xrole.clone(),
        app_xrole: req.app_xrole.clone(),
        description: Some(req.description.clone().unwrap_or_default()),
        initializer_handler: req.initializer_handler.clone(),
        initializer_timeout: req.initializer_timeout,
        enterprise_project_id: Some(
            req.enterprise_project_id
                .clone()
                .unwrap_or_else(|| "0".to_owned()),
        ),
        r#type: Some(req.r#type.clone().unwrap_or_else(|| "v2".to_owned())),
        func_vpc: req.func_vpc.clone(),
        mount_config: req.mount_config.clone(),
        strategy_config: Some(req.strategy_config.clone().unwrap_or(StrategyConfig {
            concurrency: Some(-1),
            concurrent_num: Some(1),
            ..StrategyConfig::default()
        })),
        depend_list: req.depend_list.clone(),
        extend_config: req.extend_config.clone(),
        domain_names: req.domain_names.clone(),
        ..FunctionConfig::default()
    };
    validate(&c)?;
    if !["inline", "zip", "obs", "jar"].contains(&req.code_type.as_str()) {
        return Err(FgError::new(
            "FSS.1006",
            format!("Invalid code type `{}`", req.code_type),
        ));
    }
    let key = (package.clone(), req.func_name.clone());
    if state.functions.contains_key(&key) {
        return Err(FgError::new(
            "FSS.1061",
            format!("The function has existed: {package}/{}", req.func_name),
        ));
    }
    if state.functions.len() >= MAX_FUNCTIONS {
        return Err(FgError::new(
            "FSS.1041",
            "The number of functions exceeds the maximum allowed limit (400)",
        ));
    }
    c.dependencies = resolve_dependencies(state, req.depend_list.as_ref())?;
    let (code, filename, url) = read_code(
        ctx,
        &req.code_type,
        req.code_url.as_deref(),
        req.code_filename.as_deref(),
        req.func_code.as_ref(),
        &req.runtime,
    )?;
    set_code(&mut c, &code, &req.code_type, filename, url);
    publish_blob(ctx, &code);
    fill_identity(ctx, &mut c, &package, &req.func_name);
    touch(&mut c, ctx);
    let f = Function {
        config: c,
        code,
        versions: Vec::new(),
        aliases: BTreeMap::new(),
        triggers: Vec::new(),
        async_configs: BTreeMap::new(),
        invocations: Vec::new(),
        events: Vec::new(),
        tracing: None,
        reserved: BTreeMap::new(),
    };
    let out = view(ctx, &f, "latest", true);
    state.functions.insert(key, f);
    ok(&out)
}

fn fill_identity(ctx: &Ctx<'_>, c: &mut FunctionConfig, package: &str, name: &str) {
    c.func_urn = Some(base_urn(ctx, package, name));
    c.domain_id = Some(domain_id(ctx));
    c.namespace = Some(ctx.project().to_owned());
    c.project_name = Some(ctx.region().to_owned());
    c.version = Some("latest".to_owned());
    c.cpu = c.memory_size.map(|m| m / 128 * 100 + 200);
    c.long_time = Some(false);
    c.enable_dynamic_memory = Some(false);
    c.is_stateful_function = Some(c.is_stateful_function.unwrap_or(false));
    c.enable_auth_in_header = Some(false);
    c.log_group_id = Some(util::etag(
        format!("lts-group:{}", ctx.project()).as_bytes(),
    ));
    c.log_stream_id = Some(util::etag(
        format!("lts-stream:{package}:{name}").as_bytes(),
    ));
}

/// `DELETE /functions/{urn}`: unqualified → the function with everything; a version (or the version an
/// alias points to) → that version and its triggers; `latest` → `400 FSS.1015`.
pub(crate) fn delete(state: &mut State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let f = state.function_mut(&r)?;
    if r.unqualified() {
        state.functions.remove(&r.key());
        ctx.shared
            .behaviours
            .remove_function(Cloud::Fg, &r.package, &r.name);
        return no_content();
    }
    let target = f.target(&r.qualifier)?;
    let version = match &target {
        Target::Latest => {
            return Err(FgError::new(
                "FSS.1015",
                "Invalid function version: the latest version cannot be deleted on its own; delete the function with an unqualified URN",
            ));
        }
        Target::Version(v) | Target::Alias { version: v, .. } => v.clone(),
    };
    if version == "latest" {
        return Err(FgError::new(
            "FSS.1015",
            "Invalid function version: the alias points to latest, which cannot be deleted on its own",
        ));
    }
    let alias_name = match &target {
        Target::Alias { name, .. } => Some(name.clone()),
        _ => None,
    };
    let others = || {
        f.aliases
            .iter()
            .filter(|(name, _)| Some(*name) != alias_name.as_ref())
    };
    if let Some((name, _)) = others().find(|(_, a)| {
        a.additional_version_weights
            .as_ref()
            .is_some_and(|w| w.contains_key(&version))
    }) {
        return Err(FgError::new(
            "FSS.1094",
            format!(
                "The version {version} cannot be deleted: it is the additional version of alias {name}"
            ),
        ));
    }
    if let Some((name, _)) = others().find(|(_, a)| a.version.as_deref() == Some(version.as_str()))
    {
        return Err(FgError::new(
            "FSS.1066",
            format!(
                "The version {version} is used by alias {name}; update or delete the alias first"
            ),
        ));
    }
    f.versions.retain(|v| v.name != version);
    f.triggers.retain(|t| t.qualifier != version);
    f.async_configs.remove(&version);
    f.reserved.remove(&version);
    if let Some(a) = alias_name {
        f.aliases.remove(&a);
        let q = format!("!{a}");
        f.triggers.retain(|t| t.qualifier != q);
        f.async_configs.remove(&a);
    }
    no_content()
}

fn code_view(ctx: &Ctx<'_>, f: &Function, version: &str, with_file: bool) -> FunctionCode {
    let (c, code) = f
        .version(version)
        .map_or((&f.config, &f.code), |(c, b)| (c, b));
    let link = publish_blob(ctx, code);
    let file = if with_file || c.code_type.as_deref() == Some(CODE_TYPE_INLINE) {
        B64.encode(code)
    } else {
        String::new()
    };
    FunctionCode {
        func_urn: Some(format!(
            "{}:{version}",
            base_urn(
                ctx,
                c.package.as_deref().unwrap_or_default(),
                c.func_name.as_deref().unwrap_or_default()
            )
        )),
        func_name: c.func_name.clone(),
        domain_id: c.domain_id.clone(),
        runtime: c.runtime.clone(),
        code_type: c.code_type.clone(),
        code_url: c.code_url.clone(),
        code_filename: c.code_filename.clone(),
        code_size: c.code_size,
        digest: c.digest.clone(),
        last_modified: c.last_modified.clone(),
        func_code: Some(FuncCode {
            file: Some(file),
            link: Some(link),
            ..FuncCode::default()
        }),
        depend_list: c.depend_list.clone(),
        strategy_config: c.strategy_config.clone(),
        dependencies: c.dependencies.clone(),
        ..FunctionCode::default()
    }
}

/// `GET /functions/{urn}/code`: the code of the version the URN names, with `func_code.link` the
/// emulator's download URL.
pub(crate) fn show_code(state: &State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let f = state.function(&r)?;
    let t = f.target(&r.qualifier)?;
    ok(&code_view(ctx, f, t.version(), false))
}

fn latest_only(f: &Function, q: &UrnQualifier) -> Result<(), FgError> {
    match f.target(q)? {
        Target::Latest => Ok(()),
        other => Err(FgError::new(
            "FSS.1015",
            format!(
                "Invalid function version: only latest can be modified, not `{}`",
                other.urn_qualifier()
            ),
        )),
    }
}

/// `PUT /functions/{urn}/code` (latest only).
pub(crate) fn update_code(state: &mut State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let req: UpdateFunctionCodeRequest = body(&ctx.req.body)?;
    let dependencies = resolve_dependencies(state, req.depend_list.as_ref())?;
    let f = state.function_mut(&r)?;
    latest_only(f, &r.qualifier)?;
    let runtime = f.config.runtime.clone().unwrap_or_default();
    let (code, filename, url) = read_code(
        ctx,
        &req.code_type,
        req.code_url.as_deref(),
        req.code_filename.as_deref(),
        Some(&req.func_code),
        &runtime,
    )?;
    set_code(&mut f.config, &code, &req.code_type, filename, url);
    if req.depend_list.is_some() {
        f.config.depend_list.clone_from(&req.depend_list);
        f.config.dependencies = dependencies;
    }
    f.code = code;
    touch(&mut f.config, ctx);
    ok(&code_view(ctx, f, "latest", true))
}

/// `GET /functions/{urn}/config`.
pub(crate) fn show_config(state: &State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let f = state.function(&r)?;
    let t = f.target(&r.qualifier)?;
    ok(&view(ctx, f, t.version(), true))
}

/// `PUT /functions/{urn}/config` (latest only; `func_name` must be the URN's).
pub(crate) fn update_config(state: &mut State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let req: UpdateFunctionConfigRequest = body(&ctx.req.body)?;
    let f = state.function_mut(&r)?;
    latest_only(f, &r.qualifier)?;
    if !req.func_name.is_empty() && req.func_name != r.name {
        return Err(FgError::new(
            "FSS.1002",
            format!(
                "Invalid function name: func_name `{}` is not the URN's `{}` (functions cannot be renamed)",
                req.func_name, r.name
            ),
        ));
    }
    let mut c = f.config.clone();
    c.runtime = Some(req.runtime.clone());
    c.timeout = Some(req.timeout);
    c.handler = Some(req.handler.clone());
    c.memory_size = Some(req.memory_size);
    c.cpu = Some(req.memory_size / 128 * 100 + 200);
    macro_rules! set_opt {
        ($($field:ident),*) => {$(
            if req.$field.is_some() {
                c.$field = req.$field.clone();
            }
        )*};
    }
    set_opt!(
        user_data,
        encrypted_user_data,
        xrole,
        app_xrole,
        description,
        func_vpc,
        mount_config,
        strategy_config,
        extend_config,
        initializer_handler,
        initializer_timeout,
        enterprise_project_id,
        is_stateful_function,
        domain_names
    );
    validate(&c)?;
    touch(&mut c, ctx);
    f.config = c;
    let mut out = view(ctx, f, "latest", false);
    out.depend_list = None;
    ok(&out)
}

/// `PUT /functions/{urn}/config-max-instance`: stored as `strategy_config.concurrency`.
pub(crate) fn update_max_instance(state: &mut State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let req: UpdateFunctionMaxInstanceConfigRequest = body(&ctx.req.body)?;
    let f = state.function_mut(&r)?;
    latest_only(f, &r.qualifier)?;
    let n = req
        .max_instance_num
        .ok_or_else(|| FgError::invalid("max_instance_num is required"))?;
    let mut strategy = f.config.strategy_config.clone().unwrap_or_default();
    strategy.concurrency = Some(n);
    validate_strategy(&strategy, f.config.r#type.as_deref().unwrap_or("v2"))?;
    f.config.strategy_config = Some(strategy);
    touch(&mut f.config, ctx);
    let mut out = view(ctx, f, "latest", false);
    out.depend_list = None;
    ok(&out)
}

/// `PUT /functions/{urn}/reservedinstances`: stored per qualifier, echoed.
pub(crate) fn update_reserved(state: &mut State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let req: UpdateReservedInstancesRequest = body(&ctx.req.body)?;
    let f = state.function_mut(&r)?;
    let t = f.target(&r.qualifier)?;
    if !(0..=1000).contains(&req.count) {
        return Err(FgError::new(
            "FSS.1076",
            format!(
                "The number of reserved instances {} is out of range (0-1000)",
                req.count
            ),
        ));
    }
    let stored = cloudfn_huawei::api::types::ReservedInstancesConfig {
        count: Some(req.count),
        idle_mode: Some(req.idle_mode.unwrap_or(false)),
        tactics_config: req.tactics_config.clone(),
        ..Default::default()
    };
    f.reserved.insert(t.key().to_owned(), stored.clone());
    ok(&stored)
}

/// `GET /functions/{urn}/export`: a ZIP-free export: the configuration (`config`, `type=config`) and/or
/// the code (`code`, `type=code`) as JSON; with neither flag, both.
pub(crate) fn export(state: &State, ctx: &Ctx<'_>, urn: &str) -> FgResult {
    let r = parse_urn(urn, ctx.project())?;
    let f = state.function(&r)?;
    let t = f.target(&r.qualifier)?;
    let flag = |name: &str| {
        ctx.req
            .query_param(name)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    };
    let kind = ctx.req.query_param("type").unwrap_or_default();
    let mut want_config = flag("config") || kind == "config";
    let mut want_code = flag("code") || kind == "code";
    if !want_config && !want_code {
        want_config = true;
        want_code = true;
    }
    let mut out = serde_json::Map::new();
    if want_config {
        out.insert(
            "config".to_owned(),
            serde_json::to_value(view(ctx, f, t.version(), true)).unwrap_or_default(),
        );
    }
    if want_code {
        out.insert(
            "code".to_owned(),
            serde_json::to_value(code_view(ctx, f, t.version(), true)).unwrap_or_default(),
        );
    }
    ok(&out)
}

/// `POST /functions/import`: a function from a Base64 package, with the defaults of the console
/// (Python 3.9, `index.handler`, 128 MB, 3 s) since the package carries no configuration the emulator
/// reads.
pub(crate) fn import(state: &mut State, ctx: &Ctx<'_>) -> FgResult {
    let req: ImportFunctionRequest = body(&ctx.req.body)?;
    let package = req
        .package
        .clone()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "default".to_owned());
    let code_type = match req.file_type.as_str() {
        "zip" | "jar" => req.file_type.clone(),
        other => {
            return Err(FgError::new(
                "FSS.1013",
                format!("Invalid file type `{other}`: zip or jar"),
            ));
        }
    };
    let request = serde_json::json!({
        "func_name": req.func_name,
        "package": package,
        "runtime": "Python3.9",
        "timeout": 3,
        "handler": "index.handler",
        "memory_size": 128,
        "code_type": code_type,
        "code_filename": req.file_name,
        "func_code": { "file": req.file_code },
    });
    let inner = crate::wire::WireRequest {
        body: Bytes::from(request.to_string()),
        ..ctx.req.clone()
    };
    let inner_ctx = Ctx {
        req: &inner,
        shared: ctx.shared,
        request_id: ctx.request_id.clone(),
        now: ctx.now,
    };
    create(state, &inner_ctx)
}
