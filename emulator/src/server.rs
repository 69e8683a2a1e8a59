//! The HTTP server: [`Emulator`] serves an [`Engine`] over axum on one port.

use std::future::IntoFuture;
use std::net::SocketAddr;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::response::Response;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use url::Url;

use crate::behaviour::{Behaviour, Cloud};
use crate::config::{AccessKey, EmulatorConfig};
use crate::engine::Engine;
use crate::wire::{WireRequest, WireResponse};

/// Builds and starts an [`Emulator`].
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let emulator = cloudfn_emulator::Emulator::builder().start().await.unwrap();
/// assert!(emulator.url().as_str().starts_with("http://127.0.0.1:"));
/// # });
/// ```
#[derive(Debug, Clone)]
pub struct EmulatorBuilder {
    config: EmulatorConfig,
    listen: SocketAddr,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        EmulatorBuilder {
            config: EmulatorConfig::default(),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        }
    }
}

impl EmulatorBuilder {
    /// Replaces the whole configuration.
    pub fn config(mut self, config: EmulatorConfig) -> Self {
        self.config = config;
        self
    }

    /// Listens on `addr` (default `127.0.0.1:0`, an ephemeral port).
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// Accepts one more access key pair.
    pub fn access_key(mut self, id: impl Into<String>, secret: impl Into<String>) -> Self {
        self.config.access_keys.push(AccessKey {
            id: id.into(),
            secret: secret.into(),
        });
        self
    }

    /// Turns signature and token checks on or off (default on).
    pub fn check_signatures(mut self, check: bool) -> Self {
        self.config.check_signatures = check;
        self
    }

    /// Binds the port and starts serving in the background.
    pub async fn start(self) -> std::io::Result<Emulator> {
        let listener = TcpListener::bind(self.listen).await?;
        let addr = listener.local_addr()?;
        let base_url = Url::parse(&format!("http://{addr}"))
            .map_err(|e| std::io::Error::other(format!("emulator URL for {addr}: {e}")))?;
        let engine = Engine::new(self.config, base_url.clone());
        let router = router(engine.clone());
        let (tx, rx) = oneshot::channel::<()>();
        let serve = axum::serve(listener, router)
            .with_graceful_shutdown(async move {
                let _ = rx.await;
            })
            .into_future();
        let task = tokio::spawn(async move {
            if let Err(e) = serve.await {
                tracing::error!(error = %e, "emulator server stopped");
            }
        });
        tracing::info!(%addr, "cloudfn emulator listening");
        Ok(Emulator {
            addr,
            url: base_url,
            engine,
            shutdown: Some(tx),
            task: Some(task),
        })
    }
}

/// A running emulator: a real HTTP server on loopback, stopped when dropped.
#[derive(Debug)]
pub struct Emulator {
    addr: SocketAddr,
    url: Url,
    engine: Engine,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Emulator {
    /// A builder with the default configuration on an ephemeral loopback port.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// Starts the default emulator on an ephemeral loopback port.
    pub async fn start() -> std::io::Result<Emulator> {
        Emulator::builder().start().await
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its base URL (`http://127.0.0.1:{port}`): the endpoint for both clouds and IAM.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The engine, to program behaviours, store objects or reset state from Rust.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Programs how a function behaves when invoked (see [`Engine::program`]).
    pub fn program(
        &self,
        cloud: Cloud,
        namespace: &str,
        function: &str,
        qualifier: Option<&str>,
        behaviour: Behaviour,
    ) {
        self.engine
            .program(cloud, namespace, function, qualifier, behaviour);
    }

    /// The configuration it runs with.
    pub fn config(&self) -> &EmulatorConfig {
        self.engine.config()
    }

    /// Stops accepting connections and waits for the server task to end.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Serves until the task ends (used by the binary).
    pub async fn wait(mut self) {
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// The axum router serving `engine` on every path.
pub fn router(engine: Engine) -> Router {
    Router::new().fallback(serve).with_state(engine)
}

async fn serve(State(engine): State<Engine>, request: axum::extract::Request) -> Response {
    let limit = engine.config().max_body_bytes;
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    let query = parts.uri.query().unwrap_or_default().to_owned();
    // Read one byte past the limit so the engine can answer "too large" in the cloud's own words.
    let body = match axum::body::to_bytes(body, limit.saturating_add(1)).await {
        Ok(bytes) => bytes,
        Err(e) => {
            let wire = WireRequest {
                method: parts.method.clone(),
                path: path.clone(),
                query: query.clone(),
                headers: parts.headers.clone(),
                body: bytes::Bytes::new(),
            };
            let too_large = engine.body_too_large(&wire);
            tracing::debug!(error = %e, "request body rejected");
            return into_response(too_large);
        }
    };
    let wire = WireRequest {
        method: parts.method,
        path,
        query,
        headers: parts.headers,
        body,
    };
    // The engines hold their state locks only briefly and never across an await; run them inline.
    let response = engine.handle(&wire);
    if let Some(delay) = response.delay {
        tokio::time::sleep(delay).await;
    }
    into_response(response)
}

fn into_response(wire: WireResponse) -> Response {
    let mut response = Response::new(Body::from(wire.body));
    *response.status_mut() = wire.status;
    *response.headers_mut() = wire.headers;
    response
}
