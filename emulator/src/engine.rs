//! The dispatcher: one [`Engine`] holds the shared state and routes each request to the FC protocol,
//! the FunctionGraph + IAM protocol, or the emulator's own admin API.

use std::sync::Arc;

use bytes::Bytes;
use http::{Method, StatusCode};
use url::Url;

use crate::behaviour::{Behaviour, Behaviours, Cloud};
use crate::blobs::{Blobs, CODE_PATH};
use crate::config::EmulatorConfig;
use crate::faults::{FaultRule, Faults, Injection};
use crate::wire::{WireRequest, WireResponse};
use crate::{fc, fg};

/// What both protocol engines share.
#[derive(Debug)]
pub struct Shared {
    /// The configuration.
    pub config: EmulatorConfig,
    /// Where the emulator is reached (`http://127.0.0.1:9000`), for URLs it hands out.
    pub base_url: Url,
    /// Programmed function behaviours.
    pub behaviours: Behaviours,
    /// Code packages served under [`CODE_PATH`].
    pub blobs: Blobs,
    /// The emulated object storage (OSS / OBS), keyed `{bucket}/{key}`.
    pub objects: Blobs,
    /// Armed fault rules.
    pub faults: Faults,
}

impl Shared {
    /// The URL under which the code package `id` is served.
    pub fn code_url(&self, id: &str) -> String {
        let base = self.base_url.as_str().trim_end_matches('/');
        format!("{base}{CODE_PATH}{id}")
    }

    /// An object of the emulated object storage.
    pub fn object(&self, bucket: &str, key: &str) -> Option<Bytes> {
        self.objects.get(&format!("{bucket}/{key}"))
    }
}

/// The whole emulator as a function from request to response.
#[derive(Debug, Clone)]
pub struct Engine {
    shared: Arc<Shared>,
    fc: Arc<fc::FcEngine>,
    fg: Arc<fg::FgEngine>,
}

impl Engine {
    /// An engine with `config`, handing out URLs under `base_url`.
    pub fn new(config: EmulatorConfig, base_url: Url) -> Engine {
        let shared = Arc::new(Shared {
            config,
            base_url,
            behaviours: Behaviours::default(),
            blobs: Blobs::default(),
            objects: Blobs::default(),
            faults: Faults::default(),
        });
        Engine {
            fc: Arc::new(fc::FcEngine::new(Arc::clone(&shared))),
            fg: Arc::new(fg::FgEngine::new(Arc::clone(&shared))),
            shared,
        }
    }

    /// The shared state.
    pub fn shared(&self) -> &Shared {
        &self.shared
    }

    /// The configuration.
    pub fn config(&self) -> &EmulatorConfig {
        &self.shared.config
    }

    /// Programs a function's behaviour (see [`Behaviours::set`]).
    pub fn program(
        &self,
        cloud: Cloud,
        namespace: &str,
        function: &str,
        qualifier: Option<&str>,
        behaviour: Behaviour,
    ) {
        self.shared
            .behaviours
            .set(cloud, namespace, function, qualifier, behaviour);
    }

    /// Stores an object in the emulated object storage (for code deployed from OSS / OBS).
    pub fn put_object(&self, bucket: &str, key: &str, bytes: Bytes) {
        self.shared.objects.put(&format!("{bucket}/{key}"), bytes);
    }

    /// Forgets every resource, behaviour, object and token.
    pub fn reset(&self) {
        self.fc.reset();
        self.fg.reset();
        self.shared.behaviours.clear();
        self.shared.blobs.clear();
        self.shared.objects.clear();
        self.shared.faults.clear();
    }

    /// Everything the emulator holds, as JSON (`GET /_emulator/state`): `{"fc": …, "fg": …}`, secrets
    /// left out.
    pub fn dump(&self) -> serde_json::Value {
        serde_json::json!({ "fc": self.fc.dump(), "fg": self.fg.dump() })
    }

    /// Arms a fault rule: the next matching requests fail or are delayed.
    pub fn inject_fault(&self, rule: FaultRule) {
        self.shared.faults.add(rule);
    }

    /// Answers one request. Never panics on any input.
    pub fn handle(&self, req: &WireRequest) -> WireResponse {
        let path = req.path.as_str();
        if req.body.len() > self.shared.config.max_body_bytes {
            return self.body_too_large(req);
        }
        if !path.starts_with("/_emulator/") {
            match self.shared.faults.take(req) {
                Some(Injection::Replace(response)) => return response,
                Some(Injection::Delay(delay)) => {
                    let mut response = self.serve(req);
                    response.delay = Some(response.delay.unwrap_or_default() + delay);
                    return response;
                }
                None => {}
            }
        }
        self.serve(req)
    }

    /// Routes the request; a panic anywhere below becomes a 500 in the cloud's own error format, so one
    /// bad request never takes the server down (state locks recover from poisoning).
    fn serve(&self, req: &WireRequest) -> WireResponse {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.route(req))).unwrap_or_else(
            |_| {
                tracing::error!(path = %req.path, "emulator panicked while serving a request");
                let message = "the emulator failed while serving this request";
                let code = if is_fc_path(&req.path) {
                    "InternalServerError"
                } else {
                    "FSS.0500"
                };
                cloud_error(&req.path, StatusCode::INTERNAL_SERVER_ERROR, code, message)
            },
        )
    }

    fn route(&self, req: &WireRequest) -> WireResponse {
        let path = req.path.as_str();
        // fc2 with an endpoint ending in `/` sends `//2016-08-15/…` (official-sdks.md §4 item 7).
        if is_fc_path(path) {
            self.fc.handle(req)
        } else if path.starts_with("/v2/") || path.starts_with("/v3/") || path == "/v3" {
            self.fg.handle(req)
        } else if let Some(rest) = path.strip_prefix("/_emulator/") {
            self.admin(req, rest)
        } else {
            plain_error(
                StatusCode::NOT_FOUND,
                "NotFound",
                &format!(
                    "no API under {path}: FC is served under /2016-08-15/, FunctionGraph under /v2/{{project_id}}/fgs/, IAM under /v3/, the admin API under /_emulator/"
                ),
            )
        }
    }

    /// The answer to a request whose body exceeds [`EmulatorConfig::max_body_bytes`], in the words of
    /// the cloud its path belongs to.
    pub fn body_too_large(&self, req: &WireRequest) -> WireResponse {
        too_large(&req.path, self.shared.config.max_body_bytes)
    }

    fn admin(&self, req: &WireRequest, rest: &str) -> WireResponse {
        let segments: Vec<String> = rest
            .split('/')
            .map(|s| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .collect();
        match (&req.method, segments.first().map(String::as_str)) {
            (&Method::GET, Some("health")) => {
                WireResponse::json(StatusCode::OK, &serde_json::json!({"status": "ok"}))
            }
            (&Method::GET, Some("code")) if segments.len() == 2 => {
                match self.shared.blobs.get(&segments[1]) {
                    Some(bytes) => WireResponse::new(StatusCode::OK)
                        .with_header("content-type", "application/zip")
                        .with_body(bytes),
                    None => {
                        plain_error(StatusCode::NOT_FOUND, "NoSuchCode", "no such code package")
                    }
                }
            }
            (&Method::PUT, Some("objects")) if segments.len() >= 3 => {
                let key = segments[2..].join("/");
                self.put_object(&segments[1], &key, req.body.clone());
                WireResponse::new(StatusCode::NO_CONTENT)
            }
            (&Method::GET, Some("objects")) if segments.len() >= 3 => {
                let key = segments[2..].join("/");
                match self.shared.object(&segments[1], &key) {
                    Some(bytes) => WireResponse::new(StatusCode::OK).with_body(bytes),
                    None => plain_error(StatusCode::NOT_FOUND, "NoSuchKey", "no such object"),
                }
            }
            (&Method::PUT | &Method::POST, Some("behaviours")) if segments.len() == 1 => {
                match serde_json::from_slice::<ProgramRequest>(&req.body) {
                    Ok(p) => {
                        self.program(
                            p.cloud,
                            &p.namespace,
                            &p.function,
                            p.qualifier.as_deref(),
                            p.behaviour,
                        );
                        WireResponse::new(StatusCode::NO_CONTENT)
                    }
                    Err(e) => plain_error(
                        StatusCode::BAD_REQUEST,
                        "InvalidArgument",
                        &format!("behaviour: {e}"),
                    ),
                }
            }
            (&Method::POST, Some("faults")) if segments.len() == 1 => {
                match serde_json::from_slice::<FaultRule>(&req.body)
                    .map_err(|e| e.to_string())
                    .and_then(|r| r.validate().map(|()| r))
                {
                    Ok(rule) => {
                        self.inject_fault(rule);
                        WireResponse::new(StatusCode::NO_CONTENT)
                    }
                    Err(e) => plain_error(
                        StatusCode::BAD_REQUEST,
                        "InvalidArgument",
                        &format!("fault: {e}"),
                    ),
                }
            }
            (&Method::GET, Some("state")) if segments.len() == 1 => {
                WireResponse::json(StatusCode::OK, &self.dump())
            }
            (&Method::GET, Some("faults")) if segments.len() == 1 => {
                WireResponse::json(StatusCode::OK, &self.shared.faults.list())
            }
            (&Method::DELETE, Some("faults")) if segments.len() == 1 => {
                self.shared.faults.clear();
                WireResponse::new(StatusCode::NO_CONTENT)
            }
            (&Method::POST, Some("reset")) if segments.len() == 1 => {
                self.reset();
                WireResponse::new(StatusCode::NO_CONTENT)
            }
            _ => plain_error(
                StatusCode::NOT_FOUND,
                "NotFound",
                "admin API: GET health, GET state, GET code/{id}, PUT|GET objects/{bucket}/{key}, PUT behaviours, POST|GET|DELETE faults, POST reset",
            ),
        }
    }
}

/// The body of `PUT /_emulator/behaviours`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ProgramRequest {
    /// `fc` or `fg`.
    pub cloud: Cloud,
    /// The FC service or FunctionGraph package.
    pub namespace: String,
    /// The function name.
    pub function: String,
    /// A version or alias name; absent for every qualifier.
    #[serde(default)]
    pub qualifier: Option<String>,
    /// What the function does.
    pub behaviour: Behaviour,
}

fn plain_error(status: StatusCode, code: &str, message: &str) -> WireResponse {
    WireResponse::json(
        status,
        &serde_json::json!({ "ErrorCode": code, "ErrorMessage": message }),
    )
}

/// Whether `path` is an FC API path (the official SDK sends `//2016-08-15/…` when the endpoint ends in
/// `/`; official-sdks.md §4).
pub(crate) fn is_fc_path(path: &str) -> bool {
    path.trim_start_matches('/').starts_with("2016-08-15/")
}

fn too_large(path: &str, limit: usize) -> WireResponse {
    let message = format!("request body larger than {limit} bytes");
    if is_fc_path(path) {
        // FC answers an oversized body with 400 `EntityTooLarge` (alibaba-fc.md §4.2, §4.5).
        cloud_error(path, StatusCode::BAD_REQUEST, "EntityTooLarge", &message)
    } else {
        cloud_error(path, StatusCode::PAYLOAD_TOO_LARGE, "FSS.0413", &message)
    }
}

/// An error answered before (or instead of) a protocol engine, in the words of the cloud `path` belongs
/// to: FC's `{"ErrorCode","ErrorMessage"}` with `X-Fc-Request-Id`, else FunctionGraph's
/// `{"error_code","error_msg"}` with `X-Request-Id`. Every answer carries a request id (the SDKs report it).
pub(crate) fn cloud_error(
    path: &str,
    status: StatusCode,
    code: &str,
    message: &str,
) -> WireResponse {
    let id = crate::ids::new_uuid();
    if is_fc_path(path) {
        plain_error(status, code, message).with_header("x-fc-request-id", &id)
    } else {
        WireResponse::json(
            status,
            &serde_json::json!({ "error_code": code, "error_msg": message }),
        )
        .with_header("x-request-id", &id)
    }
}
