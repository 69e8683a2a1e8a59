//! Markdown tables generated from [`Capabilities`] (the matrix in docs/architecture.md §6).

use std::fmt::Write as _;
use std::time::Duration;

use cloudfn_core::{Capabilities, DurationRange, NameRule, NamespaceModel, VersionScope};

use crate::registry::scenarios;

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_owned()
}

fn secs(d: Duration) -> String {
    let s = d.as_secs();
    if d.subsec_nanos() != 0 {
        format!("{:.3} s", d.as_secs_f64())
    } else if s >= 86_400 && s % 86_400 == 0 {
        format!("{} d", s / 86_400)
    } else if s >= 3600 && s % 3600 == 0 {
        format!("{} h", s / 3600)
    } else if s >= 60 && s % 60 == 0 {
        format!("{} min", s / 60)
    } else {
        format!("{s} s")
    }
}

fn range(r: &DurationRange) -> String {
    format!("{} – {}", secs(r.min), secs(r.max))
}

fn bytes(b: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if b >= MIB && b % MIB == 0 {
        format!("{} MiB", b / MIB)
    } else if b >= 1024 && b % 1024 == 0 {
        format!("{} KiB", b / 1024)
    } else {
        format!("{b} B")
    }
}

fn opt<T>(v: Option<T>, f: impl Fn(T) -> String, none: &str) -> String {
    v.map_or_else(|| none.to_owned(), f)
}

fn list<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.iter().map(f).collect::<Vec<_>>().join(", ")
    }
}

fn name_rule(r: &NameRule) -> String {
    let mut s = format!(
        "{}–{} chars; first: {}; then: {}",
        r.min_len, r.max_len, r.first, r.rest
    );
    if let Some(last) = &r.last {
        let _ = write!(s, "; last: {last}");
    }
    s
}

/// The rows: (label, the JSON keys of `Capabilities` it covers, renderer).
type Row = (
    &'static str,
    &'static [&'static str],
    fn(&Capabilities) -> String,
);

fn row(
    label: &'static str,
    keys: &'static [&'static str],
    render: fn(&Capabilities) -> String,
) -> Row {
    (label, keys, render)
}

fn rows() -> Vec<Row> {
    vec![
        row("Namespaces", &["namespace_model"], |c| {
            match c.namespace_model {
                NamespaceModel::Explicit => "explicit (created and deleted)",
                NamespaceModel::Implicit => "implicit (exist while a function names them)",
            }
            .to_owned()
        }),
        row("Version and alias scope", &["version_scope"], |c| {
            match c.version_scope {
                VersionScope::Namespace => "namespace",
                VersionScope::Function => "function",
            }
            .to_owned()
        }),
        row("Caller-named versions", &["caller_named_versions"], |c| {
            yes_no(c.caller_named_versions)
        }),
        row("Delete a version", &["delete_version"], |c| {
            yes_no(c.delete_version)
        }),
        row("Alias weight step", &["alias_weight_step"], |c| {
            opt(c.alias_weight_step, |s| s.to_string(), "any fraction")
        }),
        row(
            "Extra versions per alias",
            &["max_alias_extra_versions"],
            |c| {
                opt(
                    c.max_alias_extra_versions,
                    |n| n.to_string(),
                    "no stated limit",
                )
            },
        ),
        row("Alias on `latest`", &["alias_to_latest"], |c| {
            yes_no(c.alias_to_latest)
        }),
        row(
            "Conditional updates (`if_match`)",
            &["conditional_updates"],
            |c| yes_no(c.conditional_updates),
        ),
        row("Trigger kinds", &["trigger_kinds"], |c| {
            list(&c.trigger_kinds, ToString::to_string)
        }),
        row("Raw trigger types", &["raw_trigger_types"], |c| {
            list(&c.raw_trigger_types, |t| format!("`{t}`"))
        }),
        row("HTTP trigger path", &["http_trigger_path"], |c| {
            yes_no(c.http_trigger_path)
        }),
        row(
            "HTTP methods per trigger",
            &["max_http_trigger_methods"],
            |c| opt(c.max_http_trigger_methods, |n| n.to_string(), "any number"),
        ),
        row(
            "Trigger kinds that can be disabled",
            &["disable_trigger_kinds"],
            |c| list(&c.disable_trigger_kinds, |k| format!("`{k}`")),
        ),
        row(
            "Trigger config changes after creation",
            &["trigger_config_updates"],
            |c| yes_no(c.trigger_config_updates),
        ),
        row("Quotas", &["quotas"], |c| yes_no(c.quotas)),
        row("Runtimes", &["runtimes"], |c| {
            list(&c.runtimes, |r| format!("`{r}`"))
        }),
        row("Memory", &["memory"], |c| c.memory.to_string()),
        row("Timeout", &["timeout"], |c| range(&c.timeout)),
        row("Initializer timeout", &["initializer_timeout"], |c| {
            range(&c.initializer_timeout)
        }),
        row("Inline code", &["max_inline_code_bytes"], |c| {
            opt(c.max_inline_code_bytes, bytes, "no stated limit")
        }),
        row("Environment size", &["max_environment_bytes"], |c| {
            opt(
                c.max_environment_bytes,
                |b| bytes(b as u64),
                "no stated limit",
            )
        }),
        row(
            "Environment variables",
            &["max_environment_variables"],
            |c| {
                opt(
                    c.max_environment_variables,
                    |n| n.to_string(),
                    "no stated limit",
                )
            },
        ),
        row("Description length", &["max_description_len"], |c| {
            opt(c.max_description_len, |n| n.to_string(), "no stated limit")
        }),
        row(
            "Handler form `file.function` required",
            &["handler_requires_dot"],
            |c| yes_no(c.handler_requires_dot),
        ),
        row("Handler length", &["max_handler_len"], |c| {
            opt(c.max_handler_len, |n| n.to_string(), "no stated limit")
        }),
        row("Async invocation", &["async_invoke"], |c| {
            yes_no(c.async_invoke)
        }),
        row("Log tail", &["log_tail"], |c| yes_no(c.log_tail)),
        row(
            "Handled vs unhandled function errors",
            &["function_error_kinds"],
            |c| yes_no(c.function_error_kinds),
        ),
        row(
            "Reports the version that ran",
            &["reports_executed_version"],
            |c| yes_no(c.reports_executed_version),
        ),
        row(
            "Caller-chosen async invocation id",
            &["caller_async_invocation_id"],
            |c| yes_no(c.caller_async_invocation_id),
        ),
        row("Async retries", &["async_max_retries"], |c| {
            format!("0 – {}", c.async_max_retries)
        }),
        row("Async event age", &["async_event_age"], |c| {
            range(&c.async_event_age)
        }),
        row("Destination kinds", &["destination_kinds"], |c| {
            list(&c.destination_kinds, |k| {
                serde_json::to_value(k)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_else(|| format!("{k:?}"))
            })
        }),
        row(
            "Async config per qualifier",
            &["async_config_per_qualifier"],
            |c| yes_no(c.async_config_per_qualifier),
        ),
        row("Largest page", &["max_page_size"], |c| {
            c.max_page_size.to_string()
        }),
        row("Namespace names", &["names"], |c| {
            name_rule(&c.names.namespace)
        }),
        row("Function names", &[], |c| name_rule(&c.names.function)),
        row("Alias names", &[], |c| name_rule(&c.names.alias)),
        row("Trigger names", &[], |c| name_rule(&c.names.trigger)),
        row("Version names", &[], |c| name_rule(&c.names.version)),
    ]
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn raw_json(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => format!("`{other}`"),
    }
}

/// A Markdown table of the capabilities of each `(name, capabilities)` column, one row per capability.
///
/// Every field of [`Capabilities`] appears: fields this renderer does not know yet are added at the end
/// with their JSON value, so the table never silently omits a new capability.
///
/// ```
/// use cloudfn_core::Capabilities;
///
/// let fc = Capabilities::alibaba_fc();
/// let fg = Capabilities::huawei_functiongraph();
/// let table = cloudfn_conformance::capability_matrix(&[("Alibaba FC", &fc), ("Huawei FunctionGraph", &fg)]);
/// assert!(table.starts_with("| Capability | Alibaba FC | Huawei FunctionGraph |"));
/// assert!(table.contains("| Version and alias scope | namespace | function |"));
/// ```
pub fn capability_matrix(providers: &[(&str, &Capabilities)]) -> String {
    let mut out = String::from("| Capability |");
    for (name, _) in providers {
        let _ = write!(out, " {} |", cell(name));
    }
    out.push_str("\n|---|");
    for _ in providers {
        out.push_str("---|");
    }
    out.push('\n');
    let rows = rows();
    for (label, _, render) in &rows {
        let _ = write!(out, "| {} |", cell(label));
        for (_, caps) in providers {
            let _ = write!(out, " {} |", cell(&render(caps)));
        }
        out.push('\n');
    }
    // Fields not covered above, straight from the serialised struct.
    let covered: Vec<&str> = rows
        .iter()
        .flat_map(|(_, keys, _)| keys.iter().copied())
        .collect();
    let json: Vec<serde_json::Map<String, serde_json::Value>> = providers
        .iter()
        .map(|(_, caps)| match serde_json::to_value(caps) {
            Ok(serde_json::Value::Object(m)) => m,
            _ => serde_json::Map::new(),
        })
        .collect();
    let mut extra: Vec<&String> = json
        .iter()
        .flat_map(serde_json::Map::keys)
        .filter(|k| !covered.contains(&k.as_str()))
        .collect();
    extra.sort();
    extra.dedup();
    for key in extra {
        let _ = write!(out, "| `{}` |", cell(key));
        for m in &json {
            let v = m.get(key).map_or_else(|| "—".to_owned(), raw_json);
            let _ = write!(out, " {} |", cell(&v));
        }
        out.push('\n');
    }
    out
}

/// A Markdown table of which scenarios run for each provider (`runs`, or `—` with what it needs).
///
/// ```
/// use cloudfn_core::Capabilities;
///
/// let fc = Capabilities::alibaba_fc();
/// let table = cloudfn_conformance::scenario_matrix(&[("Alibaba FC", &fc)]);
/// assert!(table.contains("| `quotas` | runs |"));
/// ```
pub fn scenario_matrix(providers: &[(&str, &Capabilities)]) -> String {
    let mut out = String::from("| Scenario |");
    for (name, _) in providers {
        let _ = write!(out, " {} |", cell(name));
    }
    out.push_str("\n|---|");
    for _ in providers {
        out.push_str("---|");
    }
    out.push('\n');
    for s in scenarios() {
        let _ = write!(out, "| `{}` |", s.name);
        for (_, caps) in providers {
            if (s.applies)(caps) {
                out.push_str(" runs |");
            } else {
                let _ = write!(out, " — (needs {}) |", cell(s.requires));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_capability_field_has_a_row() {
        let fc = Capabilities::alibaba_fc();
        let fg = Capabilities::huawei_functiongraph();
        let table = capability_matrix(&[("FC", &fc), ("FG", &fg)]);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines[0], "| Capability | FC | FG |");
        assert_eq!(lines[1], "|---|---|---|");
        // No field falls through to the raw JSON rows today: each is rendered by a named row.
        assert!(
            !lines.iter().any(|l| l.starts_with("| `")),
            "a capability field has no named row:\n{table}"
        );
        assert!(table.contains("| Alias weight step | any fraction | 0.01 |"));
        assert!(table.contains("| Timeout | 1 s – 1 d | 3 s – 15 min |"));
        assert!(table.contains("| Quotas | no | yes |"));
        assert!(
            table.contains("| Memory | a multiple of 64 MB from 128 to 32768 MB | one of 128,")
        );
        for line in &lines[2..] {
            assert_eq!(line.matches(" |").count(), 3, "malformed row: {line}");
        }
    }

    #[test]
    fn scenario_matrix_says_what_is_missing() {
        let mut caps = Capabilities::alibaba_fc();
        caps.async_invoke = false;
        let table = scenario_matrix(&[("X", &caps)]);
        assert!(table.contains("| `invoke_async` | — (needs asynchronous invocation) |"));
        assert!(table.contains("| `functions_lifecycle` | runs |"));
    }
}
