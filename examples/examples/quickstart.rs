//! Quickstart: the whole life of a function through the provider-neutral API.
//!
//! Deploys a function, publishes two versions, routes 10 % of an alias's traffic to the newer one, adds a
//! timer trigger, sets the async configuration, invokes it (sync, through the alias, and async), lists what
//! exists, and cleans up — printing each step.
//!
//! It starts the embedded cloudfn emulator on a loopback port and runs the same neutral code twice through
//! the real adapters — once as Alibaba Function Compute (FC-signed requests), once as Huawei FunctionGraph
//! (IAM token obtained from the emulator's IAM) — so you can see the one API meet both clouds' rules
//! (namespace-wide vs per-function versions, explicit vs implicit namespaces). No cloud account needed:
//! `cargo run --example quickstart`. Point the same code at a real cloud by building the providers with
//! `AlibabaFcBuilder::from_env()` / `FunctionGraphBuilder::from_env()` instead.

use std::sync::Arc;
use std::time::Duration;

use cloudfn_alibaba::AlibabaFcBuilder;
use cloudfn_alibaba::signer::FcCredentials;
use cloudfn_core::{
    AliasSpec, AsyncConfig, Code, Destination, FunctionRef, FunctionSpec, FunctionUpdate,
    InvokeRequest, NamespaceModel, NamespaceSpec, Provider, ProviderExt, PublishVersion, Qualifier,
    Runtime, TimerConfig, TriggerConfig, TriggerSpec, VersionScope,
};
use cloudfn_emulator::Emulator;
use cloudfn_huawei::FunctionGraphBuilder;
use futures::TryStreamExt;

/// A tiny valid ZIP archive (an empty one: the end-of-central-directory record alone).
const EMPTY_ZIP: [u8; 22] = [
    0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
];

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The embedded emulator: both clouds' wire protocols and IAM on one loopback port, default keys.
    let emulator = Emulator::start().await?;
    let config = emulator.config();
    let url = emulator.url().as_str();
    println!("emulator listening on {url}\n");

    // Alibaba FC: account id + region, requests signed with the FC scheme.
    let alibaba = AlibabaFcBuilder::new()
        .with_endpoint(url)
        .with_allow_http(true)
        .with_account_id(&config.fc_account_id)
        .with_region(&config.fc_region)
        .with_credentials(FcCredentials::new("test", "test"))
        .build_provider()?;
    // Huawei FunctionGraph: a project in a region, authenticated with an IAM password token.
    let huawei = FunctionGraphBuilder::new()
        .with_endpoint(url)
        .with_iam_endpoint(url)
        .with_allow_http(true)
        .with_region(&config.fg_region)
        .with_project_id(&config.fg_project_id)
        .with_password_auth("test", "test", "test")
        .build_provider()
        .await?;

    let providers: Vec<Arc<dyn Provider>> = vec![Arc::new(alibaba), Arc::new(huawei)];
    for provider in providers {
        println!("== {} ==", provider.name());
        run(provider.as_ref()).await?;
        println!();
    }
    emulator.shutdown().await;
    Ok(())
}

async fn run(p: &dyn Provider) -> Result<(), Box<dyn std::error::Error>> {
    let caps = p.capabilities();
    println!(
        "   versions are {} scoped; namespaces are {}",
        match caps.version_scope {
            VersionScope::Namespace => "namespace",
            VersionScope::Function => "function",
        },
        match caps.namespace_model {
            NamespaceModel::Explicit => "explicit resources",
            NamespaceModel::Implicit => "implicit (they exist while a function names them)",
        }
    );

    // 1. A namespace (FC service / FunctionGraph package) and a function in it.
    let ns = p
        .ensure_namespace(NamespaceSpec::new("quickstart").with_description("cloudfn demo"))
        .await?;
    println!("1. namespace `{}` ready", ns.name);

    let spec = FunctionSpec::new(
        "hello",
        Runtime::Python39,
        "index.handler",
        Code::zip(EMPTY_ZIP.to_vec()),
    )
    .with_memory_mb(256)
    .with_timeout(Duration::from_secs(30))
    .with_env("GREETING", "hello");
    let f = p.create_function(&ns.name, spec).await?;
    let hello = f.reference();
    println!(
        "   deployed `{hello}` ({}, {} MB, {} bytes of code)",
        f.runtime,
        f.memory_mb.unwrap_or_default(),
        f.code_size.unwrap_or_default()
    );

    // 2. Two versions: the second after a configuration change.
    let v1 = p
        .publish_version(&hello, PublishVersion::new().with_description("first"))
        .await?;
    p.update_function(&hello, FunctionUpdate::new().with_memory_mb(512))
        .await?;
    let v2 = p
        .publish_version(
            &hello,
            PublishVersion::new().with_description("more memory"),
        )
        .await?;
    println!("2. published versions {} and {}", v1.id, v2.id);

    // 3. An alias sending 90 % to v1 and 10 % to v2 (a canary).
    let alias = p
        .create_alias(
            &hello,
            AliasSpec::new("prod", &v1.id).with_weight(&v2.id, 0.10),
        )
        .await?;
    println!(
        "3. alias `{}` -> {} with {:?} of traffic to the canary",
        alias.name, alias.version, alias.additional_weights
    );

    // 4. A timer trigger every five minutes, invoking the alias.
    let trigger = p
        .create_trigger(
            &hello,
            TriggerSpec::new(
                "every-5m",
                TriggerConfig::Timer(
                    TimerConfig::rate(Duration::from_secs(300)).with_payload("{}"),
                ),
            )
            .with_qualifier(Qualifier::alias("prod")),
        )
        .await?;
    println!(
        "4. trigger `{}` (id {}) fires every 5 minutes",
        trigger.name, trigger.id
    );

    // 5. Async configuration: no retries, failures go to another function.
    let dead_letters = FunctionRef::new(&ns.name, "dead-letters");
    p.create_function(
        &ns.name,
        FunctionSpec::new(
            "dead-letters",
            Runtime::Python39,
            "index.handler",
            Code::zip(EMPTY_ZIP.to_vec()),
        ),
    )
    .await?;
    let cfg = p
        .put_async_config(
            &hello,
            &Qualifier::Latest,
            AsyncConfig::new()
                .with_max_retries(0)
                .with_max_event_age(Duration::from_secs(3600))
                .with_on_failure(Destination::function(dead_letters.clone())),
        )
        .await?;
    println!(
        "5. async config: {} retries, failures to {:?}",
        cfg.max_retries.unwrap_or_default(),
        cfg.on_failure.as_ref().map(Destination::kind)
    );

    // 6. Invocations: sync at latest, sync through the alias (see which version ran), async.
    let out = p
        .invoke(
            &hello,
            InvokeRequest::new(r#"{"name":"world"}"#).with_log_tail(true),
        )
        .await?;
    println!(
        "6. sync invoke returned {} (request {})",
        out.payload_text(),
        out.request_id.as_deref().unwrap_or_default()
    );
    let mut ran_v2 = 0;
    for _ in 0..100 {
        let r = p
            .invoke(
                &hello,
                InvokeRequest::new("{}").with_qualifier(Qualifier::alias("prod")),
            )
            .await?;
        if r.executed_version.as_deref() == Some(v2.id.as_str()) {
            ran_v2 += 1;
        }
    }
    if caps.reports_executed_version {
        println!(
            "   100 invocations of `prod`: {ran_v2} ran the canary version {}",
            v2.id
        );
    } else {
        println!("   100 invocations of `prod` (this cloud does not report which version ran)");
    }
    let queued = p
        .invoke(&hello, InvokeRequest::new("{}").asynchronous())
        .await?;
    println!(
        "   async invoke queued as {}",
        queued.async_invocation_id.unwrap_or_default()
    );

    // 7. Listing follows pages for you.
    let names: Vec<String> = p
        .list_functions(&ns.name)
        .map_ok(|f| f.name)
        .try_collect()
        .await?;
    let versions: Vec<String> = p
        .list_versions(&hello)
        .map_ok(|v| v.id)
        .try_collect()
        .await?;
    println!("7. functions {names:?}, versions {versions:?}");

    // 8. Clean up: trigger, alias, async config, versions, functions, namespace.
    // The trigger first: FunctionGraph refuses to delete an alias a trigger still invokes.
    p.delete_trigger(&hello, &trigger.id).await?;
    p.delete_alias(&hello, "prod").await?;
    p.delete_async_config(&hello, &Qualifier::Latest).await?;
    for v in [&v2.id, &v1.id] {
        p.delete_version(&hello, v).await?;
    }
    p.delete_function(&hello).await?;
    p.delete_function(&dead_letters).await?;
    if caps.namespace_model == NamespaceModel::Explicit {
        p.delete_namespace(&ns.name).await?;
    }
    println!("8. cleaned up");
    Ok(())
}
