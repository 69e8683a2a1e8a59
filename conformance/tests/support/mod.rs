//! Wire-level stubs for the provider adapters: a wiremock server whose one responder hands every
//! request to the emulator's protocol engines, so an adapter talks real FC or FunctionGraph HTTP to a
//! stateful stub. Plus a [`Programmer`] that programs the engines' function behaviour.
#![allow(dead_code, unreachable_pub)]

use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use cloudfn_conformance::{Behaviour, Ctx, Programmer};
use cloudfn_core::{
    Destination, FunctionErrorKind, FunctionRef, Qualifier, RawTrigger, Result, TriggerKind,
};
use cloudfn_emulator::{Cloud, EmulatorConfig, Engine, WireRequest};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Answers every request with the emulator engine.
pub struct EngineResponder(pub Engine);

impl Respond for EngineResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let wire = WireRequest {
            method: request.method.clone(),
            path: request.url.path().to_owned(),
            query: request.url.query().unwrap_or_default().to_owned(),
            headers: request.headers.clone(),
            body: Bytes::from(request.body.clone()),
        };
        let response = self.0.handle(&wire);
        let mut template = ResponseTemplate::new(response.status.as_u16());
        for (name, value) in &response.headers {
            template = template.append_header(name.clone(), value.clone());
        }
        template = template.set_body_bytes(response.body.to_vec());
        if let Some(delay) = response.delay {
            template = template.set_delay(delay);
        }
        template
    }
}

/// A wiremock server answering with a fresh emulator engine (default keys `test`/`test`).
pub async fn stub() -> (MockServer, Engine) {
    let server = MockServer::start().await;
    let url = url::Url::parse(&server.uri()).expect("wiremock URI");
    let engine = Engine::new(EmulatorConfig::default(), url);
    Mock::given(wiremock::matchers::any())
        .respond_with(EngineResponder(engine.clone()))
        .mount(&server)
        .await;
    (server, engine)
}

/// Programs function behaviour in the engine, the way the emulator's admin API does.
pub struct EngineProgrammer {
    pub engine: Engine,
    pub cloud: Cloud,
}

impl EngineProgrammer {
    pub fn new(engine: Engine, cloud: Cloud) -> Arc<Self> {
        Arc::new(EngineProgrammer { engine, cloud })
    }
}

/// The qualifier text the engines look behaviours up by.
fn qualifier_text(cloud: Cloud, q: &Qualifier) -> String {
    match q {
        Qualifier::Latest => match cloud {
            Cloud::Fc => "LATEST".to_owned(),
            Cloud::Fg => "latest".to_owned(),
        },
        Qualifier::Version(v) => v.clone(),
        Qualifier::Alias(a) => a.clone(),
    }
}

#[async_trait]
impl Programmer for EngineProgrammer {
    async fn program(
        &self,
        function: &FunctionRef,
        qualifier: Option<&Qualifier>,
        behaviour: Behaviour,
    ) -> Result<()> {
        let programmed = match behaviour {
            Behaviour::Respond(bytes) => {
                cloudfn_emulator::Behaviour::respond(String::from_utf8_lossy(&bytes).into_owned())
            }
            Behaviour::Fail { kind, message } => {
                cloudfn_emulator::Behaviour::fail(kind == FunctionErrorKind::Handled, message)
            }
            Behaviour::Log(text) => cloudfn_emulator::Behaviour::echo().with_log(text),
            _ => cloudfn_emulator::Behaviour::echo(),
        };
        let q = qualifier.map(|q| qualifier_text(self.cloud, q));
        self.engine.program(
            self.cloud,
            &function.namespace,
            &function.name,
            q.as_deref(),
            programmed,
        );
        Ok(())
    }

    async fn put_object(&self, bucket: &str, key: &str, bytes: Bytes) -> Result<()> {
        self.engine.put_object(bucket, key, bytes);
        Ok(())
    }
}

/// How the FunctionGraph adapter authenticates.
#[derive(Debug, Clone, Copy)]
pub enum Auth {
    /// AK/SK request signing.
    AkSk,
    /// IAM password token (`X-Auth-Token`).
    Token,
}

/// The FC adapter against an emulator at `url` with its default key, no retries.
pub fn alibaba_on(url: &str, config: &EmulatorConfig) -> cloudfn_alibaba::AlibabaFc {
    cloudfn_alibaba::AlibabaFcBuilder::new()
        .with_endpoint(url)
        .with_allow_http(true)
        .with_account_id(config.fc_account_id.clone())
        .with_region(config.fc_region.clone())
        .with_credentials(cloudfn_alibaba::signer::FcCredentials::new("test", "test"))
        .with_retry(cloudfn_core::transport::RetryPolicy::none())
        .build_provider()
        .expect("FC adapter for the emulator")
}

/// The FunctionGraph adapter against an emulator (API and IAM) at `url`, no retries.
pub async fn huawei_on(
    url: &str,
    config: &EmulatorConfig,
    auth: Auth,
) -> cloudfn_huawei::FunctionGraph {
    let builder = cloudfn_huawei::FunctionGraphBuilder::new()
        .with_endpoint(url)
        .with_iam_endpoint(url)
        .with_allow_http(true)
        .with_region(config.fg_region.clone())
        .with_project_id(config.fg_project_id.clone())
        .with_retry(cloudfn_core::transport::RetryPolicy::none());
    let builder = match auth {
        Auth::AkSk => {
            builder.with_aksk(cloudfn_huawei::signer::AkSkCredentials::new("test", "test"))
        }
        Auth::Token => builder.with_password_auth("test", "test", "test"),
    };
    builder
        .build_provider()
        .await
        .expect("FunctionGraph adapter for the emulator")
}

/// What FC needs beyond the neutral config: a role on OSS and raw triggers, a source ARN on raw ones,
/// and raw destinations in FC's own form (an ARN of another account, so it stays raw).
pub fn fc_ctx(ctx: Ctx, account: &str, region: &str) -> Ctx {
    let role = serde_json::json!(format!(
        "acs:ram::{account}:role/aliyunosseventnotificationrole"
    ));
    ctx.with_trigger_extension(TriggerKind::ObjectStorage, "invocationRole", role.clone())
        .with_trigger_extension(TriggerKind::Raw, "invocationRole", role)
        .with_trigger_extension(
            TriggerKind::Raw,
            "sourceArn",
            serde_json::json!(format!(
                "acs:log:{region}:{account}:project/cloudfn-conformance"
            )),
        )
        .with_raw_destination(Destination::Raw {
            provider_type: "acs:mns".to_owned(),
            target: format!("acs:mns:{region}:1111111111111111:/queues/elsewhere/messages"),
        })
}

/// What FunctionGraph needs beyond the neutral config: an API group for APIG triggers, a raw trigger
/// type that can be disabled (LTS), and a raw destination whose `param` the typed forms cannot carry.
pub fn fg_ctx(ctx: Ctx) -> Ctx {
    ctx.with_raw_trigger(RawTrigger::new(
        "LTS",
        serde_json::json!({
            "log_group_id": "0f3b2c1d-0000-4000-8000-000000000001",
            "log_topic_id": "0f3b2c1d-0000-4000-8000-000000000002"
        }),
    ))
    .with_trigger_extension(
        TriggerKind::Http,
        "group_id",
        serde_json::json!("a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4"),
    )
    .with_raw_destination(Destination::Raw {
        provider_type: "DIS".to_owned(),
        target: r#"{"stream_name":"dis-0123","partition_key":"k1"}"#.to_owned(),
    })
}
