//! Reading everything that migrates from the source provider.

use bytes::Bytes;
use cloudfn_core::{
    Alias, AsyncConfig, ErrorKind, Function, FunctionRef, Namespace, Provider, ProviderExt,
    Qualifier, Result, Trigger, Version, VersionScope,
};
use futures::{StreamExt, TryStreamExt};
use indicatif::ProgressBar;

/// The marker cloudfn appends to the description of a version it published on a target that numbers
/// its own versions, so that a re-run recognises it: ` [cloudfn-migrate:KEY]`.
pub const MARKER_PREFIX: &str = " [cloudfn-migrate:";

/// The description marker for a version key.
pub fn marker(key: &str) -> String {
    format!("{MARKER_PREFIX}{key}]")
}

/// A description without a cloudfn marker (`None` when nothing else is left).
pub fn strip_marker(description: Option<&str>) -> Option<String> {
    let d = description?;
    let base = match d.find(MARKER_PREFIX.trim_start()) {
        Some(i) if d.ends_with(']') => d[..i].trim_end(),
        _ => d,
    };
    (!base.is_empty()).then(|| base.to_owned())
}

/// One published version of one function, with its configuration and code.
#[derive(Debug, Clone)]
pub struct SourceVersion {
    /// The source's version id.
    pub id: String,
    /// Its description (markers stripped).
    pub description: Option<String>,
    /// The function as it was in this version.
    pub function: Function,
    /// Its code.
    pub code: Bytes,
}

/// One function and everything attached to it.
#[derive(Debug, Clone)]
pub struct SourceFunction {
    /// The latest function.
    pub latest: Function,
    /// Its latest code.
    pub code: Bytes,
    /// Its versions, oldest first (on a namespace-scoped source: the namespace versions it exists in).
    pub versions: Vec<SourceVersion>,
    /// Its aliases (empty on a namespace-scoped source: see [`SourceNamespace::ns_aliases`]).
    pub aliases: Vec<Alias>,
    /// Its triggers.
    pub triggers: Vec<Trigger>,
    /// Its async configs.
    pub async_configs: Vec<AsyncConfig>,
}

/// One namespace with its functions.
#[derive(Debug, Clone)]
pub struct SourceNamespace {
    /// The namespace.
    pub namespace: Namespace,
    /// Its functions, by name.
    pub functions: Vec<SourceFunction>,
    /// Namespace-wide versions, oldest first (namespace-scoped sources only).
    pub ns_versions: Vec<Version>,
    /// Namespace-wide aliases (namespace-scoped sources only).
    pub ns_aliases: Vec<Alias>,
}

fn not_found_is_none<T>(r: Result<T>) -> Result<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Lists the namespaces to migrate: `only` when given, else every namespace of the source.
pub async fn namespaces(p: &dyn Provider, only: &[String]) -> Result<Vec<Namespace>> {
    if only.is_empty() {
        let mut all: Vec<Namespace> = p.list_namespaces().try_collect().await?;
        all.sort_by(|a, b| a.name.cmp(&b.name));
        return Ok(all);
    }
    let mut out = Vec::new();
    for name in only {
        out.push(p.get_namespace(name).await?);
    }
    Ok(out)
}

/// Reads one namespace completely (code included), `concurrency` functions at a time.
pub async fn read_namespace(
    p: &dyn Provider,
    namespace: Namespace,
    concurrency: usize,
    bar: &ProgressBar,
) -> Result<SourceNamespace> {
    let functions: Vec<Function> = p.list_functions(&namespace.name).try_collect().await?;
    bar.inc_length(functions.len() as u64);
    let scope = p.capabilities().version_scope;
    let (ns_versions, ns_aliases) = match (scope, functions.first()) {
        (VersionScope::Namespace, Some(first)) => {
            let r = first.reference();
            let v: Vec<Version> = p.list_versions(&r).try_collect().await?;
            let a: Vec<Alias> = p.list_aliases(&r).try_collect().await?;
            (v, a)
        }
        _ => (Vec::new(), Vec::new()),
    };
    let ns_versions_ref = &ns_versions;
    let mut read: Vec<SourceFunction> = futures::stream::iter(functions)
        .map(|f| async move {
            let r = read_function(p, f.reference(), scope, ns_versions_ref).await;
            bar.inc(1);
            r
        })
        .buffer_unordered(concurrency.max(1))
        .try_collect()
        .await?;
    read.sort_by(|a, b| a.latest.name.cmp(&b.latest.name));
    Ok(SourceNamespace {
        namespace,
        functions: read,
        ns_versions,
        ns_aliases,
    })
}

async fn read_function(
    p: &dyn Provider,
    r: FunctionRef,
    scope: VersionScope,
    ns_versions: &[Version],
) -> Result<SourceFunction> {
    let latest = p.get_function(&r, &Qualifier::Latest).await?;
    let code = p.get_function_code(&r, &Qualifier::Latest).await?;
    let listed: Vec<Version> = match scope {
        VersionScope::Namespace => ns_versions.to_vec(),
        VersionScope::Function => p.list_versions(&r).try_collect().await?,
    };
    let mut versions = Vec::new();
    for v in listed {
        let q = Qualifier::version(&v.id);
        let Some(function) = not_found_is_none(p.get_function(&r, &q).await)? else {
            continue;
        };
        let Some(code) = not_found_is_none(p.get_function_code(&r, &q).await)? else {
            continue;
        };
        versions.push(SourceVersion {
            description: strip_marker(v.description.as_deref()),
            id: v.id,
            function,
            code,
        });
    }
    let aliases = match scope {
        VersionScope::Namespace => Vec::new(),
        VersionScope::Function => p.list_aliases(&r).try_collect().await?,
    };
    let triggers: Vec<Trigger> = p.list_triggers(&r).try_collect().await?;
    let async_configs: Vec<AsyncConfig> = p.list_async_configs(&r).try_collect().await?;
    Ok(SourceFunction {
        latest,
        code,
        versions,
        aliases,
        triggers,
        async_configs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_stripped() {
        assert_eq!(
            strip_marker(Some("first [cloudfn-migrate:3]")).as_deref(),
            Some("first")
        );
        assert_eq!(strip_marker(Some(" [cloudfn-migrate:#2]")), None);
        assert_eq!(strip_marker(Some("plain")).as_deref(), Some("plain"));
        assert_eq!(strip_marker(None), None);
    }
}
