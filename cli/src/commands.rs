//! The commands other than the plumbing in `lib.rs`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use std::fmt::Write as _;

use bytes::Bytes;
use clap::{Args, Subcommand};
use cloudfn_core::{
    AliasSpec, AliasUpdate, AsyncConfig, Code, Destination, Error, ErrorKind, FunctionRef,
    FunctionSpec, FunctionUpdate, InvokeRequest, Provider, ProviderExt, PublishVersion, Qualifier,
    Result, Runtime, TimerConfig, TriggerConfig, TriggerSpec, VersionWeights,
};
use futures::TryStreamExt;
use serde_json::json;

use crate::output::{Format, Table, opt, write_json};
use crate::{Cli, Command, EXIT_FAILURE, EXIT_OK, Io, usage};

fn io_err(e: &std::io::Error) -> Error {
    Error::new(ErrorKind::Service, format!("writing output: {e}"))
}

fn parse_fn(arg: &str, s: &str) -> Result<FunctionRef> {
    s.parse::<FunctionRef>()
        .map_err(|_| usage(arg, format!("expected NAMESPACE/FUNCTION, got `{s}`")))
}

fn parse_q(arg: &str, s: Option<&str>) -> Result<Qualifier> {
    match s {
        None => Ok(Qualifier::Latest),
        Some(s) => s.parse::<Qualifier>().map_err(|_| {
            usage(
                arg,
                format!("expected `latest`, `version:ID` or `alias:NAME`, got `{s}`"),
            )
        }),
    }
}

fn parse_weights(list: &[String]) -> Result<VersionWeights> {
    let mut w = VersionWeights::new();
    for item in list {
        let (v, f) = item.split_once('=').ok_or_else(|| {
            usage(
                "--weight",
                format!("expected VERSION=FRACTION, got `{item}`"),
            )
        })?;
        let f: f64 = f
            .parse()
            .ok()
            .filter(|f: &f64| f.is_finite() && (0.0..=1.0).contains(f))
            .ok_or_else(|| {
                usage(
                    "--weight",
                    format!("`{item}`: the weight must be a fraction between 0 and 1"),
                )
            })?;
        w.insert(v.to_owned(), f);
    }
    Ok(w)
}

/// `ls`.
#[derive(Debug, Args)]
pub struct LsArgs {
    /// Nothing (namespaces), `NS` (functions) or `NS/FN` (versions, aliases, triggers, async configs).
    pub target: Option<String>,
}

/// `get`.
#[derive(Debug, Args)]
pub struct GetArgs {
    /// `NS/FN`.
    pub function: String,
    /// `latest`, `version:ID` or `alias:NAME`.
    #[arg(short, long)]
    pub qualifier: Option<String>,
}

/// `deploy`.
#[derive(Debug, Args)]
pub struct DeployArgs {
    /// `NS/FN`.
    pub function: String,
    /// A directory to zip (deterministically).
    #[arg(long, conflicts_with = "zip", required_unless_present = "zip")]
    pub dir: Option<PathBuf>,
    /// An existing ZIP file.
    #[arg(long)]
    pub zip: Option<PathBuf>,
    /// Runtime (neutral id: python3.9, nodejs14, java11, custom, ...); required to create.
    #[arg(long)]
    pub runtime: Option<String>,
    /// Handler (e.g. index.handler); required to create.
    #[arg(long)]
    pub handler: Option<String>,
    /// Memory in MB.
    #[arg(long)]
    pub memory: Option<u32>,
    /// Timeout in seconds.
    #[arg(long)]
    pub timeout_secs: Option<u64>,
    /// Description.
    #[arg(long)]
    pub description: Option<String>,
    /// Environment variable `KEY=VALUE` (repeatable; replaces all variables on update).
    #[arg(long = "env", value_name = "KEY=VALUE")]
    pub env: Vec<String>,
}

/// `publish`.
#[derive(Debug, Args)]
pub struct PublishArgs {
    /// `NS/FN`.
    pub function: String,
    /// Version description.
    #[arg(long)]
    pub description: Option<String>,
    /// Version name (providers with caller-named versions only).
    #[arg(long)]
    pub name: Option<String>,
}

/// `alias`.
#[derive(Debug, Subcommand)]
pub enum AliasCmd {
    /// Create an alias.
    Create {
        /// `NS/FN`.
        function: String,
        /// Alias name.
        name: String,
        /// Main version.
        #[arg(long)]
        version: String,
        /// Extra version weight `VERSION=FRACTION` (repeatable).
        #[arg(long = "weight")]
        weights: Vec<String>,
        /// Description.
        #[arg(long)]
        description: Option<String>,
    },
    /// Re-point an alias or change its weights.
    Update {
        /// `NS/FN`.
        function: String,
        /// Alias name.
        name: String,
        /// New main version.
        #[arg(long)]
        version: Option<String>,
        /// Extra version weights `VERSION=FRACTION` (replace all).
        #[arg(long = "weight")]
        weights: Vec<String>,
        /// Remove every extra version.
        #[arg(long, conflicts_with = "weights")]
        clear_weights: bool,
    },
    /// Delete an alias.
    Delete {
        /// `NS/FN`.
        function: String,
        /// Alias name.
        name: String,
    },
}

/// `trigger`.
#[derive(Debug, Subcommand)]
pub enum TriggerCmd {
    /// Create a trigger.
    Create {
        /// `NS/FN`.
        function: String,
        /// Trigger name.
        name: String,
        /// A timer with this cron expression.
        #[arg(long, group = "kind")]
        cron: Option<String>,
        /// A timer firing every N minutes.
        #[arg(long, group = "kind", value_name = "MINUTES")]
        rate: Option<u64>,
        /// Any trigger, as neutral JSON (`{"kind":"http","auth":"anonymous","methods":["GET"]}`).
        #[arg(long, group = "kind", value_name = "JSON")]
        config: Option<String>,
        /// Timer payload.
        #[arg(long)]
        payload: Option<String>,
        /// `latest`, `version:ID` or `alias:NAME`.
        #[arg(short, long)]
        qualifier: Option<String>,
        /// Create it disabled.
        #[arg(long)]
        disabled: bool,
    },
    /// Delete a trigger by id.
    Delete {
        /// `NS/FN`.
        function: String,
        /// Trigger id (see `ls NS/FN`).
        id: String,
    },
}

/// `async-config`.
#[derive(Debug, Subcommand)]
pub enum AsyncCmd {
    /// Create or replace.
    Put {
        /// `NS/FN`.
        function: String,
        /// `latest`, `version:ID` or `alias:NAME`.
        #[arg(short, long)]
        qualifier: Option<String>,
        /// Retries of a failed async invocation.
        #[arg(long)]
        max_retries: Option<u32>,
        /// Maximum event age in seconds.
        #[arg(long)]
        max_event_age: Option<u64>,
        /// On-success destination: `function:NS/FN` or neutral JSON.
        #[arg(long)]
        on_success: Option<String>,
        /// On-failure destination: `function:NS/FN` or neutral JSON.
        #[arg(long)]
        on_failure: Option<String>,
    },
    /// Show.
    Get {
        /// `NS/FN`.
        function: String,
        /// Qualifier.
        #[arg(short, long)]
        qualifier: Option<String>,
    },
    /// Delete.
    Delete {
        /// `NS/FN`.
        function: String,
        /// Qualifier.
        #[arg(short, long)]
        qualifier: Option<String>,
    },
}

/// `invoke`.
#[derive(Debug, Args)]
pub struct InvokeArgs {
    /// `NS/FN`.
    pub function: String,
    /// The payload text.
    #[arg(long, conflicts_with = "payload_file")]
    pub payload: Option<String>,
    /// A file holding the payload (`-` for standard input).
    #[arg(long)]
    pub payload_file: Option<PathBuf>,
    /// Qualifier.
    #[arg(short, long)]
    pub qualifier: Option<String>,
    /// Queue the invocation instead of waiting.
    #[arg(long = "async")]
    pub asynchronous: bool,
    /// Show the log tail.
    #[arg(long)]
    pub log: bool,
}

/// `rm`.
#[derive(Debug, Args)]
pub struct RmArgs {
    /// `NS/FN` or `NS`.
    pub target: String,
    /// Delete this version instead of the function.
    #[arg(long)]
    pub version: Option<String>,
}

/// `emulator`.
#[derive(Debug, Args)]
pub struct EmulatorArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:9000")]
    pub listen: std::net::SocketAddr,
}

/// `migrate`.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Source provider (URL or profile).
    #[arg(long)]
    pub from: String,
    /// Target provider (URL or profile).
    #[arg(long)]
    pub to: String,
    /// Only this namespace (repeatable; default: all).
    #[arg(long = "namespace", short = 'n')]
    pub namespaces: Vec<String>,
    /// Print the plan with every approximation and loss; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Functions worked on at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub concurrency: u32,
    /// API Gateway group id to create HTTP triggers in when the target is FunctionGraph (APIG
    /// triggers need one; without it HTTP triggers are reported as not movable).
    #[arg(long, value_name = "ID", env = "CLOUDFN_FG_APIG_GROUP", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub fg_apig_group: Option<String>,
}

async fn provider(
    cli: &Cli,
    io: &Io<'_>,
    arg: &str,
    spec: Option<&str>,
) -> Result<Arc<dyn Provider>> {
    let spec = spec.ok_or_else(|| {
        usage(
            arg,
            "required: a provider URL or profile name (or set CLOUDFN_PROVIDER)",
        )
    })?;
    let config = crate::providers::load_config(cli.global.config.as_ref(), io.env.as_ref())?;
    crate::providers::resolve(arg, spec, &config, &io.env, &crate::transport(&cli.global)).await
}

fn emit(io: &mut Io<'_>, format: Format, json: &serde_json::Value, table: &str) -> Result<()> {
    match format {
        Format::Json => write_json(io.out, json).map_err(|e| io_err(&e)),
        Format::Table => io.out.write_all(table.as_bytes()).map_err(|e| io_err(&e)),
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

/// Runs the parsed command.
pub async fn dispatch(cli: &Cli, io: &mut Io<'_>) -> Result<i32> {
    let fmt = cli.global.output;
    let pspec = cli.global.provider.as_deref();
    match &cli.command {
        Command::Ls(a) => {
            let prov = provider(cli, io, "--provider", pspec).await?;
            ls(&*prov, a, io, fmt).await
        }
        Command::Get(args) => {
            let prov = provider(cli, io, "--provider", pspec).await?;
            let fref = parse_fn("FUNCTION", &args.function)?;
            let q = parse_q("--qualifier", args.qualifier.as_deref())?;
            let func = prov.get_function(&fref, &q).await?;
            let mut table = Table::new(&["field", "value"]);
            table.row(vec!["name".into(), func.reference().to_string()]);
            table.row(vec!["runtime".into(), func.runtime.to_string()]);
            table.row(vec!["handler".into(), func.handler.clone()]);
            table.row(vec!["memory_mb".into(), opt(func.memory_mb)]);
            table.row(vec![
                "timeout_secs".into(),
                opt(func.timeout.map(|d| d.as_secs())),
            ]);
            table.row(vec!["description".into(), opt(func.description.clone())]);
            table.row(vec!["code_size".into(), opt(func.code_size)]);
            table.row(vec![
                "environment".into(),
                func.environment
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(","),
            ]);
            emit(io, fmt, &to_json(&func), &table.render())?;
            Ok(EXIT_OK)
        }
        Command::Deploy(a) => {
            let prov = provider(cli, io, "--provider", pspec).await?;
            deploy(&*prov, a, io, fmt).await
        }
        Command::Publish(a) => {
            let prov = provider(cli, io, "--provider", pspec).await?;
            let r = parse_fn("FUNCTION", &a.function)?;
            let mut pv = PublishVersion::new();
            if let Some(d) = &a.description {
                pv = pv.with_description(d);
            }
            if let Some(n) = &a.name {
                pv = pv.with_name(n);
            }
            let v = prov.publish_version(&r, pv).await?;
            emit(
                io,
                fmt,
                &to_json(&v),
                &format!("published version {}\n", v.id),
            )?;
            Ok(EXIT_OK)
        }
        Command::Alias(cmd) => {
            let prov = provider(cli, io, "--provider", pspec).await?;
            match cmd {
                AliasCmd::Create {
                    function,
                    name,
                    version,
                    weights,
                    description,
                } => {
                    let r = parse_fn("FUNCTION", function)?;
                    let mut s = AliasSpec::new(name, version);
                    s.additional_weights = parse_weights(weights)?;
                    s.description.clone_from(description);
                    let a = prov.create_alias(&r, s).await?;
                    emit(
                        io,
                        fmt,
                        &to_json(&a),
                        &format!("alias {} -> {}\n", a.name, a.version),
                    )?;
                }
                AliasCmd::Update {
                    function,
                    name,
                    version,
                    weights,
                    clear_weights,
                } => {
                    let r = parse_fn("FUNCTION", function)?;
                    let mut u = AliasUpdate::new();
                    if let Some(v) = version {
                        u = u.with_version(v);
                    }
                    if *clear_weights {
                        u = u.with_weights(VersionWeights::new());
                    } else if !weights.is_empty() {
                        u = u.with_weights(parse_weights(weights)?);
                    }
                    if u.version.is_none() && u.additional_weights.is_none() {
                        return Err(usage(
                            "alias update",
                            "give --version, --weight or --clear-weights",
                        ));
                    }
                    let a = prov.update_alias(&r, name, u).await?;
                    emit(
                        io,
                        fmt,
                        &to_json(&a),
                        &format!(
                            "alias {} -> {} {:?}\n",
                            a.name, a.version, a.additional_weights
                        ),
                    )?;
                }
                AliasCmd::Delete { function, name } => {
                    let r = parse_fn("FUNCTION", function)?;
                    prov.delete_alias(&r, name).await?;
                    emit(
                        io,
                        fmt,
                        &json!({"deleted": name}),
                        &format!("deleted alias {name}\n"),
                    )?;
                }
            }
            Ok(EXIT_OK)
        }
        Command::Trigger(cmd) => {
            let prov = provider(cli, io, "--provider", pspec).await?;
            match cmd {
                TriggerCmd::Create {
                    function,
                    name,
                    cron,
                    rate,
                    config,
                    payload,
                    qualifier,
                    disabled,
                } => {
                    let r = parse_fn("FUNCTION", function)?;
                    let cfg = if let Some(c) = cron {
                        let mut t = TimerConfig::cron(c);
                        t.payload.clone_from(payload);
                        TriggerConfig::Timer(t)
                    } else if let Some(m) = rate {
                        let mut t = TimerConfig::rate(Duration::from_secs(m.saturating_mul(60)));
                        t.payload.clone_from(payload);
                        TriggerConfig::Timer(t)
                    } else if let Some(j) = config {
                        serde_json::from_str(j).map_err(|e| {
                            usage("--config", format!("not a neutral trigger config: {e}"))
                        })?
                    } else {
                        return Err(usage(
                            "trigger create",
                            "give one of --cron, --rate or --config",
                        ));
                    };
                    let mut s = TriggerSpec::new(name, cfg);
                    let q = parse_q("--qualifier", qualifier.as_deref())?;
                    if !q.is_latest() {
                        s = s.with_qualifier(q);
                    }
                    if *disabled {
                        s = s.with_enabled(false);
                    }
                    let t = prov.create_trigger(&r, s).await?;
                    emit(
                        io,
                        fmt,
                        &to_json(&t),
                        &format!("trigger {} (id {})\n", t.name, t.id),
                    )?;
                }
                TriggerCmd::Delete { function, id } => {
                    let r = parse_fn("FUNCTION", function)?;
                    prov.delete_trigger(&r, id).await?;
                    emit(
                        io,
                        fmt,
                        &json!({"deleted": id}),
                        &format!("deleted trigger {id}\n"),
                    )?;
                }
            }
            Ok(EXIT_OK)
        }
        Command::AsyncConfig(cmd) => {
            let prov = provider(cli, io, "--provider", pspec).await?;
            match cmd {
                AsyncCmd::Put {
                    function,
                    qualifier,
                    max_retries,
                    max_event_age,
                    on_success,
                    on_failure,
                } => {
                    let r = parse_fn("FUNCTION", function)?;
                    let q = parse_q("--qualifier", qualifier.as_deref())?;
                    let mut c = AsyncConfig::new();
                    c.max_retries = *max_retries;
                    c.max_event_age = max_event_age.map(Duration::from_secs);
                    c.on_success = on_success
                        .as_deref()
                        .map(|d| parse_dest("--on-success", d))
                        .transpose()?;
                    c.on_failure = on_failure
                        .as_deref()
                        .map(|d| parse_dest("--on-failure", d))
                        .transpose()?;
                    let c = prov.put_async_config(&r, &q, c).await?;
                    emit(
                        io,
                        fmt,
                        &to_json(&c),
                        &format!("async config of {r} ({q}) set\n"),
                    )?;
                }
                AsyncCmd::Get {
                    function,
                    qualifier,
                } => {
                    let r = parse_fn("FUNCTION", function)?;
                    let q = parse_q("--qualifier", qualifier.as_deref())?;
                    let c = prov.get_async_config(&r, &q).await?;
                    let text = serde_json::to_string_pretty(&c).unwrap_or_default();
                    emit(io, fmt, &to_json(&c), &format!("{text}\n"))?;
                }
                AsyncCmd::Delete {
                    function,
                    qualifier,
                } => {
                    let r = parse_fn("FUNCTION", function)?;
                    let q = parse_q("--qualifier", qualifier.as_deref())?;
                    prov.delete_async_config(&r, &q).await?;
                    emit(
                        io,
                        fmt,
                        &json!({"deleted": q.to_string()}),
                        &format!("deleted async config {q}\n"),
                    )?;
                }
            }
            Ok(EXIT_OK)
        }
        Command::Invoke(a) => {
            let prov = provider(cli, io, "--provider", pspec).await?;
            invoke(&*prov, a, io, fmt).await
        }
        Command::Quotas => {
            let prov = provider(cli, io, "--provider", pspec).await?;
            let qs = prov.list_quotas().await?;
            let mut t = Table::new(&["name", "kind", "limit", "used", "unit"]);
            for q in &qs {
                t.row(vec![
                    q.name.clone(),
                    format!("{:?}", q.kind).to_lowercase(),
                    opt(q.limit),
                    opt(q.used),
                    opt(q.unit.clone()),
                ]);
            }
            emit(io, fmt, &to_json(&qs), &t.render())?;
            Ok(EXIT_OK)
        }
        Command::Rm(a) => {
            let prov = provider(cli, io, "--provider", pspec).await?;
            if a.target.contains('/') {
                let r = parse_fn("TARGET", &a.target)?;
                if let Some(v) = &a.version {
                    prov.delete_version(&r, v).await?;
                    emit(
                        io,
                        fmt,
                        &json!({"deleted": format!("{r}@{v}")}),
                        &format!("deleted version {v} of {r}\n"),
                    )?;
                } else {
                    prov.delete_function(&r).await?;
                    emit(
                        io,
                        fmt,
                        &json!({"deleted": r.to_string()}),
                        &format!("deleted function {r}\n"),
                    )?;
                }
            } else {
                if a.version.is_some() {
                    return Err(usage("--version", "needs a function target NS/FN"));
                }
                prov.delete_namespace(&a.target).await?;
                emit(
                    io,
                    fmt,
                    &json!({"deleted": a.target}),
                    &format!("deleted namespace {}\n", a.target),
                )?;
            }
            Ok(EXIT_OK)
        }
        Command::Emulator(a) => {
            let emulator = cloudfn_emulator::Emulator::builder()
                .listen(a.listen)
                .start()
                .await
                .map_err(|e| {
                    Error::new(
                        ErrorKind::Transport,
                        format!("--listen {}: cannot listen: {e}", a.listen),
                    )
                })?;
            let c = emulator.config();
            let host = emulator.addr();
            let fc = format!(
                "fc+http://{host}?account={}&region={}",
                c.fc_account_id, c.fc_region
            );
            let fg = format!(
                "fgs+http://{host}?project={}&region={}",
                c.fg_project_id, c.fg_region
            );
            let j = json!({"url": emulator.url().as_str(), "fc": fc, "fgs": fg, "iam": format!("{}v3", emulator.url())});
            let text = format!(
                "cloudfn emulator listening on {}\n\nAlibaba FC:            {fc}\nHuawei FunctionGraph:  {fg}\nIAM:                   {}v3\n\naccess key test / test (both clouds); IAM user test / test (domain test)\ncredentials: ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET, HUAWEICLOUD_SDK_AK/SK\nCtrl-C stops it.\n",
                emulator.url(),
                emulator.url()
            );
            emit(io, fmt, &j, &text)?;
            let _ = io.out.flush();
            tokio::select! {
                () = emulator.wait() => {},
                _ = tokio::signal::ctrl_c() => {},
            }
            Ok(EXIT_OK)
        }
        Command::Migrate(a) => migrate(cli, a, io).await,
    }
}

fn parse_dest(arg: &str, s: &str) -> Result<Destination> {
    if let Some(f) = s.strip_prefix("function:") {
        return Ok(Destination::function(parse_fn(arg, f)?));
    }
    serde_json::from_str(s).map_err(|e| {
        usage(
            arg,
            format!("expected `function:NS/FN` or a neutral destination JSON: {e}"),
        )
    })
}

async fn ls(prov: &dyn Provider, args: &LsArgs, io: &mut Io<'_>, fmt: Format) -> Result<i32> {
    match args.target.as_deref() {
        None => {
            let list: Vec<cloudfn_core::Namespace> = prov.list_namespaces().try_collect().await?;
            let mut t = Table::new(&["namespace", "description"]);
            for n in &list {
                t.row(vec![n.name.clone(), opt(n.description.clone())]);
            }
            emit(io, fmt, &to_json(&list), &t.render())?;
        }
        Some(ns) if !ns.contains('/') => {
            let list: Vec<cloudfn_core::Function> = prov.list_functions(ns).try_collect().await?;
            let mut t = Table::new(&[
                "function", "runtime", "handler", "memory", "timeout", "code",
            ]);
            for f in &list {
                t.row(vec![
                    f.name.clone(),
                    f.runtime.to_string(),
                    f.handler.clone(),
                    opt(f.memory_mb),
                    opt(f.timeout.map(|d| format!("{}s", d.as_secs()))),
                    opt(f.code_size),
                ]);
            }
            emit(io, fmt, &to_json(&list), &t.render())?;
        }
        Some(s) => {
            let fref = parse_fn("TARGET", s)?;
            let versions: Vec<cloudfn_core::Version> =
                prov.list_versions(&fref).try_collect().await?;
            let aliases: Vec<cloudfn_core::Alias> = prov.list_aliases(&fref).try_collect().await?;
            let triggers: Vec<cloudfn_core::Trigger> =
                prov.list_triggers(&fref).try_collect().await?;
            let asyncs: Vec<AsyncConfig> = prov.list_async_configs(&fref).try_collect().await?;
            let mut vt = Table::new(&["version", "description"]);
            for v in &versions {
                vt.row(vec![v.id.clone(), opt(v.description.clone())]);
            }
            let mut at = Table::new(&["alias", "version", "weights"]);
            for al in &aliases {
                at.row(vec![
                    al.name.clone(),
                    al.version.clone(),
                    format!("{:?}", al.additional_weights),
                ]);
            }
            let mut tt = Table::new(&["trigger", "id", "kind", "qualifier"]);
            for t in &triggers {
                tt.row(vec![
                    t.name.clone(),
                    t.id.clone(),
                    t.config.kind().to_string(),
                    opt(t.qualifier.as_ref()),
                ]);
            }
            let mut ct = Table::new(&[
                "qualifier",
                "max_retries",
                "max_event_age",
                "on_success",
                "on_failure",
            ]);
            for c in &asyncs {
                ct.row(vec![
                    opt(c.qualifier.as_ref()),
                    opt(c.max_retries),
                    opt(c.max_event_age.map(|d| format!("{}s", d.as_secs()))),
                    opt(c.on_success.as_ref().map(|d| format!("{:?}", d.kind()))),
                    opt(c.on_failure.as_ref().map(|d| format!("{:?}", d.kind()))),
                ]);
            }
            let text = format!(
                "versions:\n{}\naliases:\n{}\ntriggers:\n{}\nasync configs:\n{}",
                vt.render(),
                at.render(),
                tt.render(),
                ct.render()
            );
            let j = json!({"versions": versions, "aliases": aliases, "triggers": triggers, "async_configs": asyncs});
            emit(io, fmt, &j, &text)?;
        }
    }
    Ok(EXIT_OK)
}

async fn deploy(
    prov: &dyn Provider,
    args: &DeployArgs,
    io: &mut Io<'_>,
    fmt: Format,
) -> Result<i32> {
    let fref = parse_fn("FUNCTION", &args.function)?;
    let code: Vec<u8> = match (&args.dir, &args.zip) {
        (Some(d), _) => crate::zip::zip_dir(d)?,
        (None, Some(z)) => {
            let b = std::fs::read(z)
                .map_err(|e| usage("--zip", format!("cannot read `{}`: {e}", z.display())))?;
            if !b.starts_with(b"PK") {
                return Err(usage(
                    "--zip",
                    format!("`{}` is not a ZIP archive", z.display()),
                ));
            }
            b
        }
        (None, None) => return Err(usage("deploy", "give --dir or --zip")),
    };
    let mut env = BTreeMap::new();
    for kv in &args.env {
        let (k, v) = kv
            .split_once('=')
            .filter(|(k, _)| !k.is_empty())
            .ok_or_else(|| usage("--env", format!("expected KEY=VALUE, got `{kv}`")))?;
        env.insert(k.to_owned(), v.to_owned());
    }
    let size = code.len();
    let existing = match prov.get_function(&fref, &Qualifier::Latest).await {
        Ok(f) => Some(f),
        Err(e) if e.kind() == ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let (f, verb) = if existing.is_some() {
        let mut u = FunctionUpdate::new().with_code(Code::zip(code));
        if let Some(rt) = &args.runtime {
            u = u.with_runtime(Runtime::from(rt.as_str()));
        }
        if let Some(h) = &args.handler {
            u = u.with_handler(h);
        }
        u.memory_mb = args.memory;
        u.timeout = args.timeout_secs.map(Duration::from_secs);
        u.description.clone_from(&args.description);
        if !env.is_empty() {
            u = u.with_environment(env);
        }
        (prov.update_function(&fref, u).await?, "updated")
    } else {
        let rt = args
            .runtime
            .as_deref()
            .ok_or_else(|| usage("--runtime", format!("required to create {fref}")))?;
        let h = args
            .handler
            .as_deref()
            .ok_or_else(|| usage("--handler", format!("required to create {fref}")))?;
        prov.ensure_namespace(cloudfn_core::NamespaceSpec::new(&fref.namespace))
            .await?;
        let mut s = FunctionSpec::new(&fref.name, Runtime::from(rt), h, Code::zip(code));
        s.memory_mb = args.memory;
        s.timeout = args.timeout_secs.map(Duration::from_secs);
        s.description.clone_from(&args.description);
        s.environment = env;
        (prov.create_function(&fref.namespace, s).await?, "created")
    };
    let j = json!({"action": verb, "function": f, "zip_bytes": size});
    emit(
        io,
        fmt,
        &j,
        &format!("{verb} {fref} ({size} bytes of code)\n"),
    )?;
    Ok(EXIT_OK)
}

async fn invoke(
    prov: &dyn Provider,
    args: &InvokeArgs,
    io: &mut Io<'_>,
    fmt: Format,
) -> Result<i32> {
    let fref = parse_fn("FUNCTION", &args.function)?;
    let payload: Bytes = match (&args.payload, &args.payload_file) {
        (Some(s), _) => Bytes::from(s.clone()),
        (None, Some(path)) if path.as_os_str() == "-" => {
            let mut buf = Vec::new();
            io.stdin
                .read_to_end(&mut buf)
                .map_err(|e| usage("--payload-file", format!("reading standard input: {e}")))?;
            Bytes::from(buf)
        }
        (None, Some(path)) => Bytes::from(std::fs::read(path).map_err(|e| {
            usage(
                "--payload-file",
                format!("cannot read `{}`: {e}", path.display()),
            )
        })?),
        (None, None) => Bytes::from_static(b"{}"),
    };
    let mut req = InvokeRequest::new(payload)
        .with_qualifier(parse_q("--qualifier", args.qualifier.as_deref())?)
        .with_log_tail(args.log);
    if args.asynchronous {
        req = req.asynchronous();
    }
    let resp = prov.invoke(&fref, req).await?;
    let j = json!({
        "payload": resp.payload_text(),
        "function_error": resp.function_error,
        "log_tail": resp.log_tail,
        "request_id": resp.request_id,
        "async_invocation_id": resp.async_invocation_id,
        "executed_version": resp.executed_version,
    });
    let mut text = String::new();
    if let Some(id) = &resp.async_invocation_id {
        let _ = writeln!(text, "queued: {id}");
    } else {
        text.push_str(&resp.payload_text());
        text.push('\n');
    }
    if let Some(fe) = &resp.function_error {
        let _ = writeln!(
            text,
            "function error ({:?}): {}",
            fe.kind,
            fe.message.clone().unwrap_or_default()
        );
    }
    if args.log {
        if let Some(l) = &resp.log_tail {
            text.push_str("--- log tail ---\n");
            text.push_str(l);
            if !l.ends_with('\n') {
                text.push('\n');
            }
        }
    }
    emit(io, fmt, &j, &text)?;
    Ok(if resp.is_success() {
        EXIT_OK
    } else {
        EXIT_FAILURE
    })
}

async fn migrate(cli: &Cli, a: &MigrateArgs, io: &mut Io<'_>) -> Result<i32> {
    let from = provider(cli, io, "--from", Some(&a.from)).await?;
    let to = provider(cli, io, "--to", Some(&a.to)).await?;
    let fmt = cli.global.output;
    let opts = crate::migrate::Options {
        namespaces: a.namespaces.clone(),
        dry_run: a.dry_run,
        concurrency: a.concurrency as usize,
        progress: io.tty && fmt == Format::Table,
        fg_apig_group: a.fg_apig_group.clone(),
    };
    match crate::migrate::migrate(&*from, &*to, &opts).await? {
        crate::migrate::Migration::Planned(plan) => {
            emit(
                io,
                fmt,
                &crate::migrate::plan::to_json(&plan),
                &crate::migrate::plan::to_text(&plan),
            )?;
            Ok(EXIT_OK)
        }
        crate::migrate::Migration::Done(_, report) => {
            emit(
                io,
                fmt,
                &to_json(&report),
                &crate::migrate::report_text(&report),
            )?;
            Ok(if report.complete {
                EXIT_OK
            } else {
                EXIT_FAILURE
            })
        }
    }
}
