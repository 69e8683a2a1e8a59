//! End-to-end tests of the `cloudfn` CLI on loopback emulators.

#![allow(clippy::unwrap_used, missing_docs)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use cloudfn_cli::Io;
use cloudfn_core::env::{Env, MapEnv};
use cloudfn_core::{
    AliasSpec, AsyncConfig, Code, Destination, FunctionRef, FunctionSpec, FunctionUpdate, HttpAuth,
    HttpConfig, HttpMethod, NamespaceSpec, Provider, ProviderExt, PublishVersion, RawTrigger,
    Runtime, TimerConfig, TriggerConfig, TriggerSpec,
};
use cloudfn_emulator::{Emulator, FaultRule};
use futures::TryStreamExt;

fn env() -> Arc<dyn Env> {
    let home = std::env::temp_dir().join("cloudfn-cli-test-home-none");
    Arc::new(
        MapEnv::new()
            .with_home(home)
            .with_var("ALIBABA_CLOUD_ACCESS_KEY_ID", "test")
            .with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "test")
            .with_var("HUAWEICLOUD_SDK_AK", "test")
            .with_var("HUAWEICLOUD_SDK_SK", "test"),
    )
}

struct Run {
    code: i32,
    out: String,
    err: String,
}

async fn cli_with(env: Arc<dyn Env>, args: &[&str]) -> Run {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let mut stdin: &[u8] = b"{\"from\":\"stdin\"}";
    let mut io = Io {
        out: &mut out,
        err: &mut err,
        stdin: &mut stdin,
        env,
        tty: false,
    };
    let code = cloudfn_cli::run(
        std::iter::once("cloudfn").chain(args.iter().copied()),
        &mut io,
    )
    .await;
    Run {
        code,
        out: String::from_utf8_lossy(&out).into_owned(),
        err: String::from_utf8_lossy(&err).into_owned(),
    }
}

async fn cli(args: &[&str]) -> Run {
    cli_with(env(), args).await
}

fn fc_url(e: &Emulator) -> String {
    let c = e.config();
    format!(
        "fc+http://{}?account={}&region={}",
        e.addr(),
        c.fc_account_id,
        c.fc_region
    )
}

fn fg_url(e: &Emulator) -> String {
    let c = e.config();
    format!(
        "fgs+http://{}?project={}&region={}",
        e.addr(),
        c.fg_project_id,
        c.fg_region
    )
}

async fn provider(url: &str) -> Arc<dyn Provider> {
    let t = cloudfn_cli::providers::Transport {
        retries: 2,
        timeout: Duration::from_secs(30),
    };
    cloudfn_cli::providers::resolve(
        "test",
        url,
        &cloudfn_cli::providers::ConfigFile::default(),
        &env(),
        &t,
    )
    .await
    .unwrap()
}

fn code(tag: &str) -> Code {
    let src = format!("# {tag}\ndef handler(event, context):\n    return event\n");
    Code::zip(
        cloudfn_core::zip::zip_entries(&[cloudfn_core::zip::Entry::file(
            "index.py",
            src.into_bytes(),
        )])
        .unwrap(),
    )
}

fn spec(name: &str, tag: &str) -> FunctionSpec {
    FunctionSpec::new(name, Runtime::Python39, "index.handler", code(tag))
        .with_memory_mb(256)
        .with_timeout(Duration::from_secs(30))
        .with_env("NAME", name)
}

/// Fills FC namespace `ns` with `n` functions (plus `dead` and one python3.7 function), two service
/// versions, an alias with a canary weight, triggers and async configs.
async fn seed_fc(fc: &dyn Provider, ns: &str, n: usize) {
    fc.ensure_namespace(NamespaceSpec::new(ns).with_description("seeded"))
        .await
        .unwrap();
    for i in 0..n {
        fc.create_function(ns, spec(&format!("f{i:02}"), "v1"))
            .await
            .unwrap();
    }
    fc.create_function(ns, spec("dead", "dead")).await.unwrap();
    let mut old = spec("legacy", "legacy");
    old.runtime = Runtime::Python37;
    fc.create_function(ns, old).await.unwrap();
    let f0 = FunctionRef::new(ns, "f00");
    let v1 = fc
        .publish_version(&f0, PublishVersion::new().with_description("first"))
        .await
        .unwrap();
    for i in (0..n).step_by(3) {
        fc.update_function(
            &FunctionRef::new(ns, format!("f{i:02}")),
            FunctionUpdate::new()
                .with_code(code("v2"))
                .with_memory_mb(512),
        )
        .await
        .unwrap();
    }
    let v2 = fc
        .publish_version(&f0, PublishVersion::new().with_description("second"))
        .await
        .unwrap();
    fc.create_alias(
        &f0,
        AliasSpec::new("prod", &v2.id).with_weight(&v1.id, 0.25),
    )
    .await
    .unwrap();
    fc.create_alias(&f0, AliasSpec::new("stable", &v1.id))
        .await
        .unwrap();
    for i in (0..n).step_by(5) {
        let r = FunctionRef::new(ns, format!("f{i:02}"));
        fc.create_trigger(
            &r,
            TriggerSpec::new(
                "every5",
                TriggerConfig::Timer(
                    TimerConfig::rate(Duration::from_secs(300)).with_payload("{}"),
                ),
            )
            .with_qualifier(cloudfn_core::Qualifier::alias("prod")),
        )
        .await
        .unwrap();
        fc.put_async_config(
            &r,
            &cloudfn_core::Qualifier::Latest,
            AsyncConfig::new()
                .with_max_retries(5)
                .with_max_event_age(Duration::from_secs(3600))
                .with_on_failure(Destination::function(FunctionRef::new(ns, "dead"))),
        )
        .await
        .unwrap();
    }
    let f1 = FunctionRef::new(ns, "f01");
    fc.create_trigger(
        &f1,
        TriggerSpec::new(
            "web",
            TriggerConfig::Http(HttpConfig::new(
                HttpAuth::Anonymous,
                [HttpMethod::Get, HttpMethod::Post],
            )),
        ),
    )
    .await
    .unwrap();
    fc.create_trigger(
        &f1,
        TriggerSpec::new(
            "logs",
            TriggerConfig::Raw(RawTrigger::new(
                "log",
                serde_json::json!({"logConfig": {"project": "p", "logstore": "s"}}),
            )),
        )
        .with_extension(
            "sourceArn",
            serde_json::json!("acs:log:cn-hangzhou:1234567890123456:project/p"),
        )
        .with_extension(
            "invocationRole",
            serde_json::json!("acs:ram::1234567890123456:role/r"),
        ),
    )
    .await
    .unwrap();
    fc.put_async_config(
        &f1,
        &cloudfn_core::Qualifier::Latest,
        AsyncConfig::new().with_on_success(Destination::Queue { name: "q1".into() }),
    )
    .await
    .unwrap();
}

fn json(r: &Run) -> serde_json::Value {
    serde_json::from_str(&r.out).unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", r.out, r.err))
}

fn created_total(report: &serde_json::Value) -> u64 {
    report["counts"]
        .as_object()
        .unwrap()
        .values()
        .map(|c| c["created"].as_u64().unwrap() + c["updated"].as_u64().unwrap())
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fc_to_fg_and_back_on_50_functions() {
    let t0 = Instant::now();
    let a = Emulator::builder().start().await.unwrap();
    let b = Emulator::builder().start().await.unwrap();
    let fc = provider(&fc_url(&a)).await;
    let fg = provider(&fg_url(&a)).await;
    seed_fc(&*fc, "shop", 50).await;

    // FC -> FG.
    let r = cli(&[
        "migrate",
        "--from",
        &fc_url(&a),
        "--to",
        &fg_url(&a),
        "-n",
        "shop",
        "-o",
        "json",
        "--concurrency",
        "8",
    ])
    .await;
    assert_eq!(r.code, 0, "{}\n{}", r.out, r.err);
    let report = json(&r);
    assert_eq!(report["complete"], true);
    let notes = report["notes"].to_string();
    for expected in [
        "runtime `python3.7` is not offered",
        "namespace description: huawei-functiongraph namespaces are implicit",
        "max retries 5 clamped to 3",
        "`log` triggers are event sources",
        "HTTP triggers need an API Gateway group",
        "Queue destination",
        "unchanged since version",
    ] {
        assert!(
            notes.contains(expected),
            "missing note `{expected}` in {notes}"
        );
    }
    let fns: Vec<cloudfn_core::Function> = fg.list_functions("shop").try_collect().await.unwrap();
    assert_eq!(fns.len(), 51, "50 + dead, legacy cannot move");
    // f00 changed between the service versions: two FG versions named after the FC ids.
    let f00 = FunctionRef::new("shop", "f00");
    let vs: Vec<String> = fg
        .list_versions(&f00)
        .map_ok(|v| v.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(vs, ["1", "2"]);
    let prod = fg.get_alias(&f00, "prod").await.unwrap();
    assert_eq!(prod.version, "2");
    assert_eq!(prod.additional_weights.get("1"), Some(&0.25));
    // f01 did not change: one version, and both FC versions map to it.
    let f01 = FunctionRef::new("shop", "f01");
    let vs: Vec<String> = fg
        .list_versions(&f01)
        .map_ok(|v| v.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(vs, ["1"]);
    assert_eq!(fg.get_alias(&f01, "prod").await.unwrap().version, "1");
    let code_fg = fg
        .get_function_code(&f00, &cloudfn_core::Qualifier::Latest)
        .await
        .unwrap();
    let code_fc = fc
        .get_function_code(&f00, &cloudfn_core::Qualifier::Latest)
        .await
        .unwrap();
    assert_eq!(code_fg, code_fc);
    let trig: Vec<cloudfn_core::Trigger> = fg.list_triggers(&f01).try_collect().await.unwrap();
    assert!(
        trig.is_empty(),
        "neither the http nor the log trigger can move: {trig:?}"
    );
    let ac = fg
        .get_async_config(&f00, &cloudfn_core::Qualifier::Latest)
        .await
        .unwrap();
    assert_eq!(ac.max_retries, Some(3));
    assert!(
        matches!(ac.on_failure, Some(Destination::Function { ref function, .. }) if function.name == "dead")
    );

    // Idempotent: a second run changes nothing.
    let r = cli(&[
        "migrate",
        "--from",
        &fc_url(&a),
        "--to",
        &fg_url(&a),
        "-n",
        "shop",
        "-o",
        "json",
    ])
    .await;
    assert_eq!(r.code, 0, "{}\n{}", r.out, r.err);
    assert_eq!(created_total(&json(&r)), 0, "{}", r.out);

    // FG -> FC (another emulator): back again.
    let fc_b = provider(&fc_url(&b)).await;
    let r = cli(&[
        "migrate",
        "--from",
        &fg_url(&a),
        "--to",
        &fc_url(&b),
        "-n",
        "shop",
        "-o",
        "json",
        "--concurrency",
        "8",
    ])
    .await;
    assert_eq!(r.code, 0, "{}\n{}", r.out, r.err);
    let back = json(&r);
    let notes = back["notes"].to_string();
    assert!(
        notes.contains("are published together as one alibaba-fc namespace version"),
        "{notes}"
    );
    let fns: Vec<cloudfn_core::Function> = fc_b.list_functions("shop").try_collect().await.unwrap();
    assert_eq!(fns.len(), 51);
    let vs: Vec<cloudfn_core::Version> = fc_b.list_versions(&f00).try_collect().await.unwrap();
    assert_eq!(vs.len(), 2, "{vs:?}");
    let prod = fc_b.get_alias(&f00, "prod").await.unwrap();
    assert_eq!(prod.version, vs[1].id);
    assert_eq!(prod.additional_weights.get(&vs[0].id), Some(&0.25));
    // The code and configuration survive the round trip.
    for f in ["f00", "f01", "f49"] {
        let r = FunctionRef::new("shop", f);
        let orig = fc.function(&r).await.unwrap();
        let now = fc_b.function(&r).await.unwrap();
        assert_eq!(
            (
                orig.runtime,
                orig.handler,
                orig.memory_mb,
                orig.timeout,
                orig.environment
            ),
            (
                now.runtime,
                now.handler,
                now.memory_mb,
                now.timeout,
                now.environment
            ),
            "{f}"
        );
        assert_eq!(
            fc.get_function_code(&r, &cloudfn_core::Qualifier::Latest)
                .await
                .unwrap(),
            fc_b.get_function_code(&r, &cloudfn_core::Qualifier::Latest)
                .await
                .unwrap()
        );
    }
    let ac = fc_b
        .get_async_config(&f00, &cloudfn_core::Qualifier::Latest)
        .await
        .unwrap();
    assert!(
        matches!(ac.on_failure, Some(Destination::Function { ref function, .. }) if function.name == "dead")
    );
    let trig: Vec<cloudfn_core::Trigger> = fc_b.list_triggers(&f00).try_collect().await.unwrap();
    assert_eq!(trig.len(), 1);
    eprintln!("round-trip trigger: {:?}", trig[0].qualifier);
    // And back is idempotent too.
    let r = cli(&[
        "migrate",
        "--from",
        &fg_url(&a),
        "--to",
        &fc_url(&b),
        "-n",
        "shop",
        "-o",
        "json",
    ])
    .await;
    assert_eq!(r.code, 0, "{}\n{}", r.out, r.err);
    assert_eq!(created_total(&json(&r)), 0, "{}", r.out);
    eprintln!("round trip took {:?}", t0.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_run_prints_the_plan_and_changes_nothing() {
    let a = Emulator::builder().start().await.unwrap();
    let fc = provider(&fc_url(&a)).await;
    seed_fc(&*fc, "small", 2).await;
    let r = cli(&[
        "migrate",
        "--from",
        &fc_url(&a),
        "--to",
        &fg_url(&a),
        "--dry-run",
        "-o",
        "json",
    ])
    .await;
    assert_eq!(r.code, 0, "{}", r.err);
    let plan = json(&r);
    assert_eq!(plan["from"], "alibaba-fc");
    assert_eq!(plan["to"], "huawei-functiongraph");
    let fns = &plan["namespaces"][0]["functions"];
    let names: Vec<&str> = fns
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["dead", "f00", "f01"]);
    assert_eq!(
        fns[1]["versions"],
        serde_json::json!([{"source": "1", "name": "1"}, {"source": "2", "name": "2"}])
    );
    assert_eq!(
        fns[2]["versions"],
        serde_json::json!([{"source": "1", "name": "1"}, {"source": "2", "same_as": "1"}])
    );
    assert_eq!(
        fns[1]["aliases"],
        serde_json::json!([
            {"name": "prod", "main": "version 2", "weights": [["version 1", 0.25]]},
            {"name": "stable", "main": "version 1", "weights": []}
        ])
    );
    assert_eq!(
        fns[1]["triggers"],
        serde_json::json!([{"name": "every5", "kind": "timer", "qualifier": "alias prod"}])
    );
    let subjects: Vec<String> = plan["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            format!(
                "{} | {}",
                n["severity"].as_str().unwrap(),
                n["subject"].as_str().unwrap()
            )
        })
        .collect();
    for s in [
        "unmovable | small/legacy",
        "unmovable | small/f01 trigger logs",
        "unmovable | small/f01 trigger web",
        "dropped | small/f01 async config (latest)",
        "approximated | small/f00 async config (latest)",
        "dropped | small",
    ] {
        assert!(
            subjects.iter().any(|x| x == s),
            "missing `{s}` in {subjects:#?}"
        );
    }
    // The text form, against the expected plan. Which provider extensions the emulator reports is
    // its business: those lines are checked for presence only.
    let r = cli(&[
        "migrate",
        "--from",
        &fc_url(&a),
        "--to",
        &fg_url(&a),
        "--dry-run",
    ])
    .await;
    assert_eq!(r.code, 0);
    let (ext, rest): (Vec<&str>, Vec<&str>) = r
        .out
        .lines()
        .partition(|l| l.contains("extensions are not translated"));
    assert!(
        ext.iter()
            .any(|l| l.starts_with("  [dropped] small/f00: provider extensions")),
        "{}",
        r.out
    );
    let expected = "\
migration plan: alibaba-fc -> huawei-functiongraph
namespace small: 3 functions, 4 versions to publish, 6 aliases, 1 triggers, 2 async configs
  function dead (python3.9, 167 bytes of code): 2 versions, 2 aliases, 0 triggers, 0 async configs
  function f00 (python3.9, 165 bytes of code): 2 versions, 2 aliases, 1 triggers, 1 async configs
  function f01 (python3.9, 165 bytes of code): 2 versions, 2 aliases, 0 triggers, 1 async configs
  [approximated] small: namespace-wide versions become per-function versions on huawei-functiongraph
  [approximated] small/dead: version 2: unchanged since version 1 for this function; mapped to it (a per-function version cannot repeat an unchanged state)
  [approximated] small/dead alias prod: extra version 1 maps to the same target version as the main one; its weight 0.25 is folded into the main version
  [approximated] small/f00 async config (latest): max retries 5 clamped to 3 (huawei-functiongraph's maximum)
  [approximated] small/f01: version 2: unchanged since version 1 for this function; mapped to it (a per-function version cannot repeat an unchanged state)
  [approximated] small/f01 alias prod: extra version 1 maps to the same target version as the main one; its weight 0.25 is folded into the main version
  [dropped] small: namespace description: huawei-functiongraph namespaces are implicit and store none
  [dropped] small/f01 async config (latest): on_success: Queue destination is a alibaba-fc resource with no counterpart on huawei-functiongraph
  [cannot move] small/f01 trigger logs: `log` triggers are event sources of alibaba-fc; huawei-functiongraph has no equivalent
  [cannot move] small/f01 trigger web: huawei-functiongraph HTTP triggers need an API Gateway group (group_id) that alibaba-fc does not have; pass --fg-apig-group ID to create them in an existing group, or add the trigger by hand
  [cannot move] small/legacy: function: runtime `python3.7` is not offered by huawei-functiongraph (runtimes are never guessed)";
    let got: Vec<&str> = rest
        .into_iter()
        .filter(|l| !l.ends_with("approximations and losses:"))
        .collect();
    assert_eq!(got.join("\n"), expected);
    let fg = provider(&fg_url(&a)).await;
    let fns: Vec<cloudfn_core::Function> = fg.list_functions("small").try_collect().await.unwrap();
    assert!(fns.is_empty(), "dry run created {fns:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fc_http_trigger_moves_to_fg_with_an_apig_group() {
    let t0 = Instant::now();
    let a = Emulator::builder().start().await.unwrap();
    let b = Emulator::builder().start().await.unwrap();
    let fc = provider(&fc_url(&a)).await;
    let fg = provider(&fg_url(&b)).await;
    fc.ensure_namespace(NamespaceSpec::new("web"))
        .await
        .unwrap();
    fc.create_function("web", spec("api", "v1")).await.unwrap();
    let api = FunctionRef::new("web", "api");
    fc.create_trigger(
        &api,
        TriggerSpec::new(
            "http",
            TriggerConfig::Http(HttpConfig::new(
                HttpAuth::Anonymous,
                [HttpMethod::Get, HttpMethod::Post],
            )),
        ),
    )
    .await
    .unwrap();
    let group = "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4";
    let args = [
        "migrate",
        "--from",
        &fc_url(&a),
        "--to",
        &fg_url(&b),
        "-n",
        "web",
        "-o",
        "json",
        "--fg-apig-group",
        group,
    ];
    // The plan shows the trigger, with the approximations that got it there.
    let mut dry = args.to_vec();
    dry.push("--dry-run");
    let r = cli(&dry).await;
    assert_eq!(r.code, 0, "{}\n{}", r.out, r.err);
    let plan = json(&r);
    assert_eq!(
        plan["namespaces"][0]["functions"][0]["triggers"],
        serde_json::json!([{"name": "http", "kind": "http", "qualifier": "latest"}]),
        "{plan}"
    );
    let notes = plan["notes"].to_string();
    for expected in [
        "created in API Gateway group `a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4` (--fg-apig-group)",
        "widened to ANY",
        "needs a request path; `/api` chosen",
    ] {
        assert!(
            notes.contains(expected),
            "missing note `{expected}` in {notes}"
        );
    }
    assert!(!notes.contains("cannot move"), "{notes}");

    let r = cli(&args).await;
    assert_eq!(r.code, 0, "{}\n{}", r.out, r.err);
    let report = json(&r);
    assert_eq!(report["complete"], true, "{report}");
    assert_eq!(report["counts"]["triggers"]["created"], 1, "{report}");
    let trig: Vec<cloudfn_core::Trigger> = fg.list_triggers(&api).try_collect().await.unwrap();
    assert_eq!(trig.len(), 1, "{trig:?}");
    assert_eq!(trig[0].name, "http");
    let TriggerConfig::Http(h) = &trig[0].config else {
        panic!("not an HTTP trigger: {trig:?}");
    };
    assert_eq!(h.auth, HttpAuth::Anonymous, "anonymous becomes NONE");
    assert_eq!(h.methods, [HttpMethod::Any]);
    assert_eq!(h.path.as_deref(), Some("/api"));
    assert_eq!(
        trig[0].extensions.get("group_id"),
        Some(&serde_json::json!(group)),
        "{trig:?}"
    );

    // A re-run matches the trigger by content and creates nothing.
    let r = cli(&args).await;
    assert_eq!(r.code, 0, "{}\n{}", r.out, r.err);
    let again = json(&r);
    assert_eq!(created_total(&again), 0, "{}", r.out);
    assert_eq!(again["counts"]["triggers"]["unchanged"], 1, "{again}");
    let trig: Vec<cloudfn_core::Trigger> = fg.list_triggers(&api).try_collect().await.unwrap();
    assert_eq!(trig.len(), 1, "{trig:?}");
    eprintln!("apig migration took {:?}", t0.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interrupted_migration_resumes_without_duplicates() {
    let a = Emulator::builder().start().await.unwrap();
    let fc = provider(&fc_url(&a)).await;
    seed_fc(&*fc, "resume", 10).await;
    let proj = a.config().fg_project_id.clone();
    // Publishing, alias and trigger creation on FunctionGraph fail for a while.
    a.engine().inject_fault(
        FaultRule::fail(format!("/v2/{proj}/fgs/functions/"), 6, 500).with_method("POST"),
    );
    let r = cli(&[
        "migrate",
        "--from",
        &fc_url(&a),
        "--to",
        &fg_url(&a),
        "-o",
        "json",
        "--retries",
        "1",
        "--concurrency",
        "2",
    ])
    .await;
    assert_eq!(r.code, 1, "{}\n{}", r.out, r.err);
    let first = json(&r);
    assert_eq!(first["complete"], false);
    assert!(!first["errors"].as_array().unwrap().is_empty());
    let r = cli(&[
        "migrate",
        "--from",
        &fc_url(&a),
        "--to",
        &fg_url(&a),
        "-o",
        "json",
        "--retries",
        "1",
    ])
    .await;
    assert_eq!(r.code, 0, "{}\n{}", r.out, r.err);
    assert_eq!(json(&r)["complete"], true);
    let fg = provider(&fg_url(&a)).await;
    for i in 0..10 {
        let f = FunctionRef::new("resume", format!("f{i:02}"));
        let vs: Vec<String> = fg
            .list_versions(&f)
            .map_ok(|v| v.id)
            .try_collect()
            .await
            .unwrap();
        let want: &[&str] = if i % 3 == 0 { &["1", "2"] } else { &["1"] };
        assert_eq!(vs, want, "{f}");
        let aliases: Vec<cloudfn_core::Alias> = fg.list_aliases(&f).try_collect().await.unwrap();
        assert_eq!(aliases.len(), 2, "{f}");
        let trig: Vec<cloudfn_core::Trigger> = fg.list_triggers(&f).try_collect().await.unwrap();
        let want = usize::from(i % 5 == 0);
        assert_eq!(trig.len(), want, "{f}: {trig:?}");
    }
    // A third run finds everything in place.
    let r = cli(&[
        "migrate",
        "--from",
        &fc_url(&a),
        "--to",
        &fg_url(&a),
        "-o",
        "json",
    ])
    .await;
    assert_eq!(created_total(&json(&r)), 0, "{}", r.out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_deploy_invoke_and_inspect() {
    let a = Emulator::builder().start().await.unwrap();
    let fc = fc_url(&a);
    let dir = std::env::temp_dir().join(format!("cloudfn-cli-deploy-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("lib")).unwrap();
    std::fs::write(dir.join("index.py"), "def handler(e, c):\n    return e\n").unwrap();
    std::fs::write(dir.join("lib/util.py"), "X = 1\n").unwrap();
    let z1 = cloudfn_cli::zip::zip_dir(&dir).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(dir.join("lib/util.py"), "X = 1\n").unwrap();
    assert_eq!(
        z1,
        cloudfn_cli::zip::zip_dir(&dir).unwrap(),
        "same dir, same bytes"
    );
    let d = dir.to_str().unwrap();
    let r = cli(&[
        "-p",
        &fc,
        "deploy",
        "web/hello",
        "--dir",
        d,
        "--runtime",
        "python3.9",
        "--handler",
        "index.handler",
        "--memory",
        "256",
    ])
    .await;
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.out.starts_with("created web/hello"), "{}", r.out);
    let r = cli(&["-p", &fc, "deploy", "web/hello", "--dir", d]).await;
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.out.starts_with("updated web/hello"));
    let r = cli(&["-p", &fc, "publish", "web/hello", "--description", "one"]).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let r = cli(&[
        "-p",
        &fc,
        "alias",
        "create",
        "web/hello",
        "live",
        "--version",
        "1",
    ])
    .await;
    assert_eq!(r.code, 0, "{}", r.err);
    let r = cli(&[
        "-p",
        &fc,
        "trigger",
        "create",
        "web/hello",
        "tick",
        "--rate",
        "5",
    ])
    .await;
    assert_eq!(r.code, 0, "{}", r.err);
    let r = cli(&[
        "-p",
        &fc,
        "async-config",
        "put",
        "web/hello",
        "--max-retries",
        "1",
    ])
    .await;
    assert_eq!(r.code, 0, "{}", r.err);
    let r = cli(&["-p", &fc, "ls"]).await;
    assert!(r.out.contains("web"), "{}", r.out);
    let r = cli(&["-p", &fc, "ls", "web/hello", "-o", "json"]).await;
    let j = json(&r);
    assert_eq!(j["aliases"][0]["name"], "live");
    assert_eq!(j["triggers"][0]["name"], "tick");
    let r = cli(&[
        "-p",
        &fc,
        "invoke",
        "web/hello",
        "--payload",
        "{\"a\":1}",
        "--log",
    ])
    .await;
    assert_eq!(r.code, 0, "{}", r.err);
    let r = cli(&[
        "-p",
        &fc,
        "invoke",
        "web/hello",
        "--payload-file",
        "-",
        "-o",
        "json",
    ])
    .await;
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(
        json(&r)["payload"].as_str().unwrap().contains("stdin"),
        "{}",
        r.out
    );
    let r = cli(&["-p", &fc, "invoke", "web/hello", "--async"]).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let r = cli(&["-p", &fc, "get", "web/hello", "-o", "json"]).await;
    assert_eq!(json(&r)["memory_mb"], 256);
    let r = cli(&[
        "-p",
        &fc,
        "deploy",
        "web/hello",
        "--dir",
        d,
        "--memory",
        "512",
    ])
    .await;
    assert_eq!(r.code, 0, "{}", r.err);
    let r = cli(&["-p", &fc, "publish", "web/hello", "--description", "two"]).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let r = cli(&[
        "-p",
        &fc,
        "alias",
        "update",
        "web/hello",
        "live",
        "--version",
        "2",
        "--weight",
        "1=0.2",
        "-o",
        "json",
    ])
    .await;
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(json(&r)["additional_weights"]["1"], 0.2);
    let r = cli(&["-p", &fc, "alias", "update", "web/hello", "live"]).await;
    assert_eq!(r.code, 2, "nothing to change: {}", r.err);
    let r = cli(&["-p", &fc, "async-config", "get", "web/hello", "-o", "json"]).await;
    assert_eq!(json(&r)["max_retries"], 1);
    let r = cli(&["-p", &fc, "async-config", "delete", "web/hello"]).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let r = cli(&["-p", &fc, "async-config", "get", "web/hello"]).await;
    assert_eq!(r.code, cloudfn_cli::EXIT_NOT_FOUND, "{}", r.err);
    let r = cli(&["-p", &fc, "trigger", "delete", "web/hello", "tick"]).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let r = cli(&["-p", &fc, "alias", "delete", "web/hello", "live"]).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let r = cli(&["-p", &fc, "rm", "web/hello", "--version", "1"]).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let r = cli(&["-p", &fc, "rm", "web/hello"]).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let r = cli(&["-p", &fc, "get", "web/hello"]).await;
    assert_eq!(r.code, cloudfn_cli::EXIT_NOT_FOUND, "{}", r.err);
    let r = cli(&["-p", &fc, "get", "web/nope"]).await;
    assert_eq!(r.code, cloudfn_cli::EXIT_NOT_FOUND, "{}", r.err);
    let r = cli(&["-p", &fg_url(&a), "quotas", "-o", "json"]).await;
    assert_eq!(r.code, 0, "{}", r.err);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_arguments_and_unreachable_endpoints() {
    let r = cli(&[]).await;
    assert_eq!(r.code, 2);
    let r = cli(&["ls"]).await;
    assert_eq!(r.code, 2);
    assert!(r.err.contains("--provider"), "{}", r.err);
    let r = cli(&["migrate", "--from", "bogus://x", "--to", "mem://"]).await;
    assert_eq!(r.code, 2);
    assert!(
        r.err.contains("--from") && r.err.contains("bogus"),
        "{}",
        r.err
    );
    let r = cli(&["migrate", "--from", "prod", "--to", "mem://"]).await;
    assert_eq!(r.code, 2);
    assert!(r.err.contains("neither a provider URL"), "{}", r.err);
    let r = cli(&["-p", "mem://", "get", "no-slash"]).await;
    assert_eq!(r.code, 2);
    assert!(r.err.contains("NAMESPACE/FUNCTION"), "{}", r.err);
    let r = cli(&[
        "-p",
        "mem://",
        "alias",
        "create",
        "a/b",
        "x",
        "--version",
        "1",
        "--weight",
        "2=7",
    ])
    .await;
    assert_eq!(r.code, 2);
    assert!(r.err.contains("--weight"), "{}", r.err);
    let r = cli(&[
        "-p",
        "fc+http://127.0.0.1:1?account=1&region=cn-hangzhou",
        "--retries",
        "1",
        "ls",
    ])
    .await;
    assert_eq!(r.code, cloudfn_cli::EXIT_UNREACHABLE, "{}", r.err);
    let r = cli(&[
        "migrate",
        "--from",
        "mem://",
        "--to",
        "fgs+http://127.0.0.1:1?project=p1&region=cn-north-4",
        "--retries",
        "1",
    ])
    .await;
    assert_eq!(r.code, cloudfn_cli::EXIT_UNREACHABLE, "{}", r.err);
    assert!(r.err.contains("--to"), "{}", r.err);
    // Wrong credentials.
    let a = Emulator::builder().start().await.unwrap();
    let bad: Arc<dyn Env> = Arc::new(
        MapEnv::new()
            .with_home(std::env::temp_dir().join("cloudfn-cli-test-home-none"))
            .with_var("ALIBABA_CLOUD_ACCESS_KEY_ID", "test")
            .with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "wrong"),
    );
    let r = cli_with(bad, &["-p", &fc_url(&a), "ls"]).await;
    assert_eq!(r.code, cloudfn_cli::EXIT_AUTH, "{}", r.err);
    // Profiles from a config file.
    let cfg = std::env::temp_dir().join(format!("cloudfn-cli-cfg-{}.toml", std::process::id()));
    std::fs::write(&cfg, format!("[profiles.emu]\nurl = \"{}\"\n", fc_url(&a))).unwrap();
    let r = cli(&["--config", cfg.to_str().unwrap(), "-p", "emu", "ls"]).await;
    assert_eq!(r.code, 0, "{}", r.err);
    std::fs::write(&cfg, "[profiles.emu]\nurl = 3\n").unwrap();
    let r = cli(&["--config", cfg.to_str().unwrap(), "-p", "emu", "ls"]).await;
    assert_eq!(r.code, 2);
    assert!(r.err.contains("config file"), "{}", r.err);
    let _ = std::fs::remove_file(&cfg);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_emulator_command_serves_both_clouds() {
    use std::io::BufRead;
    let bin = env!("CARGO_BIN_EXE_cloudfn");
    let status = std::process::Command::new(bin).output().unwrap();
    assert_eq!(status.status.code(), Some(2));
    /// Stops the emulator this test started, even when an assertion fails.
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut child = Kill(
        std::process::Command::new(bin)
            .args(["emulator", "--listen", "127.0.0.1:0"])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let stdout = child.0.stdout.take().unwrap();
    let mut lines = std::io::BufReader::new(stdout).lines();
    let mut fc = None;
    let mut fg = None;
    for line in lines.by_ref().take(12) {
        let line = line.unwrap();
        if let Some(u) = line.strip_prefix("Alibaba FC:") {
            fc = Some(u.trim().to_owned());
        }
        if let Some(u) = line.strip_prefix("Huawei FunctionGraph:") {
            fg = Some(u.trim().to_owned());
            break;
        }
    }
    let (fc, fg) = (fc.unwrap(), fg.unwrap());
    let r = cli(&["-p", &fc, "ls"]).await;
    let r2 = cli(&["-p", &fg, "ls", "-o", "json"]).await;
    drop(child);
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(r2.code, 0, "{}", r2.err);
}
