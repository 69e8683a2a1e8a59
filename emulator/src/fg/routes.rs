//! The FunctionGraph routing table (huawei-functiongraph.md §3.14): method + path → operation.
//!
//! The raw path is split on `/` first and each segment percent-decoded after, so a `%2F` inside a URN
//! never separates segments (official-sdks.md §2.3). Literal segments under `/functions/` (`statistics`,
//! `enable-lts-logs`, `import`, ...) are matched before the `{function_urn}` wildcard.

use http::Method;

use super::reply::FgError;

/// The literal `{project_id}` an official SDK client built without a project id puts in paths; served
/// as the configured project (official-sdks.md §4.13).
pub const PROJECT_PLACEHOLDER: &str = "{project_id}";

/// The path's segments, each percent-decoded (invalid UTF-8 replaced), without the leading empty
/// segment(s) and without one trailing empty segment.
pub fn segments(path: &str) -> Vec<String> {
    let trimmed = path.trim_start_matches('/');
    let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
    trimmed
        .split('/')
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect()
}

/// The project id segment of a `/v2/{project_id}/…` path (empty when absent).
pub fn project_of(segments: &[String]) -> &str {
    segments.get(1).map_or("", String::as_str)
}

/// A FunctionGraph operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Op {
    ListQuotas,
    ListDependencies,
    CreateDependency,
    ShowDependency,
    UpdateDependency,
    DeleteDependency,
    ListFunctions,
    CreateFunction,
    ListStatistics,
    EnableLtsLogs,
    ImportFunction,
    DeleteFunction,
    Invoke,
    InvokeAsync,
    InvokeReserved,
    StopAsyncInvocation,
    ShowCode,
    UpdateCode,
    ShowConfig,
    UpdateConfig,
    UpdateMaxInstance,
    UpdateReserved,
    ShowTracing,
    UpdateTracing,
    ListEvents,
    CreateEvent,
    ShowEvent,
    UpdateEvent,
    DeleteEvent,
    ListAliases,
    CreateAlias,
    ShowAlias,
    UpdateAlias,
    DeleteAlias,
    ListVersions,
    PublishVersion,
    FunctionStatistics,
    LtsLogDetail,
    ExportFunction,
    ShowAsyncConfig,
    UpdateAsyncConfig,
    DeleteAsyncConfig,
    ListAsyncConfigs,
    ListAsyncInvocations,
    ListTriggers,
    CreateTrigger,
    DeleteTriggers,
    ShowTrigger,
    UpdateTrigger,
    DeleteTrigger,
}

/// A routed request: the operation and its path parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The operation.
    pub op: Op,
    /// The `{function_urn}` segment, decoded.
    pub urn: String,
    /// The second parameter (`depend_id`, `event_id`, `alias_name`, `period`, `trigger_type_code`).
    pub id: String,
    /// The third parameter (`trigger_id`).
    pub id2: String,
}

impl Route {
    fn new(op: Op) -> Route {
        Route {
            op,
            urn: String::new(),
            id: String::new(),
            id2: String::new(),
        }
    }

    fn urn(op: Op, urn: &str) -> Route {
        Route {
            urn: urn.to_owned(),
            ..Route::new(op)
        }
    }

    fn urn_id(op: Op, urn: &str, id: &str) -> Route {
        Route {
            urn: urn.to_owned(),
            id: id.to_owned(),
            ..Route::new(op)
        }
    }
}

/// Routes a `/v2/…` request (`segments` from [`segments`]); `404 APIGW.0101` when nothing matches.
pub fn route(method: &Method, segments: &[String]) -> Result<Route, FgError> {
    let fail = || FgError::no_route(method.as_str(), &format!("/{}", segments.join("/")));
    if segments.len() < 4 || segments[0] != "v2" || segments[2] != "fgs" {
        return Err(fail());
    }
    let rest: Vec<&str> = segments[3..].iter().map(String::as_str).collect();
    let m = method.clone();
    let get = m == Method::GET || m == Method::HEAD;
    let post = m == Method::POST;
    let put = m == Method::PUT;
    let delete = m == Method::DELETE;
    use Op as O;
    let route = match rest.as_slice() {
        ["quotas"] if get => Route::new(O::ListQuotas),
        ["dependencies"] if get => Route::new(O::ListDependencies),
        ["dependencies"] if post => Route::new(O::CreateDependency),
        ["dependencies", id] if get => Route::urn_id(O::ShowDependency, "", id),
        ["dependencies", id] if put => Route::urn_id(O::UpdateDependency, "", id),
        ["dependencies", id] if delete => Route::urn_id(O::DeleteDependency, "", id),
        ["functions"] if get => Route::new(O::ListFunctions),
        ["functions"] if post => Route::new(O::CreateFunction),
        ["functions", "statistics"] if get => Route::new(O::ListStatistics),
        ["functions", "enable-lts-logs"] if post => Route::new(O::EnableLtsLogs),
        ["functions", "import"] if post => Route::new(O::ImportFunction),
        ["functions", urn] if delete => Route::urn(O::DeleteFunction, urn),
        ["functions", urn, tail] => {
            let op = match (*tail, get, post, put, delete) {
                ("invocations", _, true, _, _) => O::Invoke,
                ("invocations-async", _, true, _, _) => O::InvokeAsync,
                ("reserved-invocations", _, true, _, _) => O::InvokeReserved,
                ("cancel", _, true, _, _) => O::StopAsyncInvocation,
                ("code", true, ..) => O::ShowCode,
                ("code", _, _, true, _) => O::UpdateCode,
                ("config", true, ..) => O::ShowConfig,
                ("config", _, _, true, _) => O::UpdateConfig,
                ("config-max-instance", _, _, true, _) => O::UpdateMaxInstance,
                ("reservedinstances", _, _, true, _) => O::UpdateReserved,
                ("tracing", true, ..) => O::ShowTracing,
                ("tracing", _, _, true, _) => O::UpdateTracing,
                ("events", true, ..) => O::ListEvents,
                ("events", _, true, _, _) => O::CreateEvent,
                ("aliases", true, ..) => O::ListAliases,
                ("aliases", _, true, _, _) => O::CreateAlias,
                ("versions", true, ..) => O::ListVersions,
                ("versions", _, true, _, _) => O::PublishVersion,
                ("lts-log-detail", true, ..) => O::LtsLogDetail,
                ("export", true, ..) => O::ExportFunction,
                ("async-invoke-config", true, ..) => O::ShowAsyncConfig,
                ("async-invoke-config", _, _, true, _) => O::UpdateAsyncConfig,
                ("async-invoke-config", _, _, _, true) => O::DeleteAsyncConfig,
                ("async-invoke-configs", true, ..) => O::ListAsyncConfigs,
                ("async-invocations", true, ..) => O::ListAsyncInvocations,
                _ => return Err(fail()),
            };
            Route::urn(op, urn)
        }
        ["functions", urn, kind, id] => {
            let op = match (*kind, get, put, delete) {
                ("events", true, _, _) => O::ShowEvent,
                ("events", _, true, _) => O::UpdateEvent,
                ("events", _, _, true) => O::DeleteEvent,
                ("aliases", true, _, _) => O::ShowAlias,
                ("aliases", _, true, _) => O::UpdateAlias,
                ("aliases", _, _, true) => O::DeleteAlias,
                ("statistics", true, _, _) => O::FunctionStatistics,
                _ => return Err(fail()),
            };
            Route::urn_id(op, urn, id)
        }
        ["triggers", urn] if get => Route::urn(O::ListTriggers, urn),
        ["triggers", urn] if post => Route::urn(O::CreateTrigger, urn),
        ["triggers", urn] if delete => Route::urn(O::DeleteTriggers, urn),
        ["triggers", urn, kind, id] => {
            let op = if get {
                O::ShowTrigger
            } else if put {
                O::UpdateTrigger
            } else if delete {
                O::DeleteTrigger
            } else {
                return Err(fail());
            };
            Route {
                id2: (*id).to_owned(),
                ..Route::urn_id(op, urn, kind)
            }
        }
        _ => return Err(fail()),
    };
    Ok(route)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(clippy::needless_pass_by_value)]
    fn r(method: Method, path: &str) -> Result<Route, FgError> {
        route(&method, &segments(path))
    }

    #[test]
    fn literals_before_urns() {
        assert_eq!(
            r(Method::GET, "/v2/p/fgs/functions/statistics").map(|r| r.op),
            Ok(Op::ListStatistics)
        );
        assert_eq!(
            r(Method::POST, "/v2/p/fgs/functions/import").map(|r| r.op),
            Ok(Op::ImportFunction)
        );
        let del = r(Method::DELETE, "/v2/p/fgs/functions/statistics").unwrap();
        assert_eq!(
            (del.op, del.urn.as_str()),
            (Op::DeleteFunction, "statistics")
        );
    }

    #[test]
    fn encoded_urns_stay_one_segment() {
        let got = r(
            Method::GET,
            "/v2/p/fgs/functions/urn%3Afss%3Ar%3Ap%3Afunction%3Adefault%3Aa%2Fb/config",
        )
        .unwrap();
        assert_eq!(got.op, Op::ShowConfig);
        assert_eq!(got.urn, "urn:fss:r:p:function:default:a/b");
        let t = r(Method::PUT, "/v2/p/fgs/triggers/u/TIMER/abc/").unwrap();
        assert_eq!(
            (t.op, t.id.as_str(), t.id2.as_str()),
            (Op::UpdateTrigger, "TIMER", "abc")
        );
    }

    #[test]
    fn unknown_routes_are_apigw_404() {
        for (m, p) in [
            (Method::GET, "/v2/p"),
            (Method::GET, "/v2/p/xyz/functions"),
            (Method::PATCH, "/v2/p/fgs/functions"),
            (Method::GET, "/v2/p/fgs/functions/u/invocations"),
            (Method::GET, "/v2/p/fgs/functions/u/a/b/c/d"),
        ] {
            let e = r(m, p).unwrap_err();
            assert_eq!(e.code, "APIGW.0101");
            assert_eq!(e.status.as_u16(), 404);
        }
    }
}
