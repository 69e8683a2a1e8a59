//! Wire-level stubs for the provider adapters: a wiremock server whose one responder hands every
//! request to the emulator's protocol engines, so an adapter talks real FC or FunctionGraph HTTP to a
//! stateful stub. Plus a [`Programmer`] that programs the engines' function behaviour.
#![allow(dead_code, unreachable_pub)]

use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use cloudfn_conformance::{Behaviour, Programmer};
use cloudfn_core::{FunctionErrorKind, FunctionRef, Qualifier, Result};
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
