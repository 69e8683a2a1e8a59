//! Path → operation: the routes of alibaba-fc.md §5.0, the SDK-only routes of official-sdks.md §1.2, and
//! the HTTP-trigger proxy.

use percent_encoding::percent_decode_str;

/// A service segment `{serviceName[.qualifier]}` split at the first `.`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Svc {
    pub name: String,
    pub qualifier: Option<String>,
}

impl Svc {
    fn parse(segment: &str) -> Svc {
        match segment.split_once('.') {
            Some((n, q)) => Svc {
                name: n.to_owned(),
                qualifier: Some(q.to_owned()),
            },
            None => Svc {
                name: segment.to_owned(),
                qualifier: None,
            },
        }
    }
}

/// A function-scoped resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FnRes {
    Function,
    Code,
    Invocations,
    Triggers,
    Trigger(String),
    ProvisionConfig,
    OnDemandConfig,
    AsyncConfig,
    AsyncConfigs,
    StatefulInvocations,
    StatefulInvocation(String),
    Instances,
}

/// Where a request goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route {
    Services,
    Service(Svc),
    Functions(Svc),
    Function(Svc, String, FnRes),
    Versions(Svc),
    Version(Svc, String),
    Aliases(Svc),
    Alias(Svc, String),
    CustomDomains,
    CustomDomain(String),
    ProvisionConfigs,
    OnDemandConfigs,
    Tag,
    Layers,
    LayerVersions(String),
    LayerVersion(String, String),
    AccountSettings,
    ReservedCapacities,
    /// `/proxy/{svcq}/{fn}/{rest}`: the rest of the path (decoded, starting with `/`).
    Proxy(Svc, String, String),
}

/// Collapses leading duplicate slashes (`//2016-08-15/…` from an endpoint with a trailing `/`).
pub(crate) fn normalize_path(path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    format!("/{trimmed}")
}

fn decode(segment: &str) -> String {
    percent_decode_str(segment).decode_utf8_lossy().into_owned()
}

/// Parses a normalized path (starting with `/2016-08-15/`). `None` = no such route.
pub(crate) fn parse(path: &str) -> Option<Route> {
    let rest = path.strip_prefix("/2016-08-15/")?;
    let raw: Vec<&str> = rest.split('/').collect();
    if raw.first() == Some(&"proxy") {
        if raw.len() < 3 {
            return None;
        }
        let svc = Svc::parse(&decode(raw[1]));
        let func = decode(raw[2]);
        let tail: Vec<String> = raw[3..].iter().map(|s| decode(s)).collect();
        let tail = format!("/{}", tail.join("/"));
        return Some(Route::Proxy(svc, func, tail));
    }
    let mut segs: Vec<String> = raw.iter().map(|s| decode(s)).collect();
    if segs.len() > 1 && segs.last().is_some_and(String::is_empty) {
        segs.pop();
    }
    if segs.iter().any(String::is_empty) {
        return None;
    }
    let s: Vec<&str> = segs.iter().map(String::as_str).collect();
    Some(match s.as_slice() {
        ["services"] => Route::Services,
        ["services", svc] => Route::Service(Svc::parse(svc)),
        ["services", svc, "functions"] => Route::Functions(Svc::parse(svc)),
        ["services", svc, "functions", f, tail @ ..] => {
            let res = match tail {
                [] => FnRes::Function,
                ["code"] => FnRes::Code,
                ["invocations"] => FnRes::Invocations,
                ["triggers"] => FnRes::Triggers,
                ["triggers", t] => FnRes::Trigger((*t).to_owned()),
                ["provision-config"] => FnRes::ProvisionConfig,
                ["on-demand-config"] => FnRes::OnDemandConfig,
                ["async-invoke-config"] => FnRes::AsyncConfig,
                ["async-invoke-configs"] => FnRes::AsyncConfigs,
                ["stateful-async-invocations"] => FnRes::StatefulInvocations,
                ["stateful-async-invocations", id] => FnRes::StatefulInvocation((*id).to_owned()),
                ["instances"] => FnRes::Instances,
                _ => return None,
            };
            Route::Function(Svc::parse(svc), (*f).to_owned(), res)
        }
        ["services", svc, "versions"] => Route::Versions(Svc::parse(svc)),
        ["services", svc, "versions", v] => Route::Version(Svc::parse(svc), (*v).to_owned()),
        ["services", svc, "aliases"] => Route::Aliases(Svc::parse(svc)),
        ["services", svc, "aliases", a] => Route::Alias(Svc::parse(svc), (*a).to_owned()),
        ["custom-domains"] => Route::CustomDomains,
        ["custom-domains", d] => Route::CustomDomain((*d).to_owned()),
        ["provision-configs"] => Route::ProvisionConfigs,
        ["on-demand-configs"] => Route::OnDemandConfigs,
        ["tag"] => Route::Tag,
        ["layers"] => Route::Layers,
        ["layers", l, "versions"] => Route::LayerVersions((*l).to_owned()),
        ["layers", l, "versions", v] => Route::LayerVersion((*l).to_owned(), (*v).to_owned()),
        ["account-settings"] => Route::AccountSettings,
        ["reservedCapacities"] => Route::ReservedCapacities,
        _ => return None,
    })
}
