//! Test data: a real (stored, uncompressed) ZIP with an echo handler, sample destinations and triggers, and
//! a few comparison helpers.

use std::time::Duration;

use bytes::Bytes;
use cloudfn_core::{
    Capabilities, Destination, DestinationKind, FunctionRef, HttpAuth, HttpConfig, HttpMethod,
    MemoryRule, ObjectEvent, ObjectStorageConfig, RawTrigger, TimerConfig, TriggerConfig,
    TriggerKind, TriggerSpec,
};

use cloudfn_core::zip::{Entry, zip_entries};

use crate::Ctx;

/// A ZIP archive holding `index.py` with a Python handler that returns its event, plus a comment carrying
/// `tag` so that different tags give different code packages.
///
/// It is a valid archive (stored entries, CRC-32, central directory), so a real cloud accepts it.
///
/// ```
/// let zip = cloudfn_conformance::echo_zip("v1");
/// assert_eq!(&zip[..4], b"PK\x03\x04");
/// assert_ne!(zip, cloudfn_conformance::echo_zip("v2"));
/// ```
pub fn echo_zip(tag: &str) -> Bytes {
    let source = format!(
        "# cloudfn conformance echo function ({tag})\n\
         def handler(event, context):\n    return event\n"
    );
    zip_stored(&[("index.py", source.as_bytes())])
}

/// Builds a ZIP archive of uncompressed entries with core's deterministic writer.
pub(crate) fn zip_stored(files: &[(&str, &[u8])]) -> Bytes {
    let entries: Vec<Entry> = files
        .iter()
        .map(|(name, data)| Entry::file(*name, data.to_vec()))
        .collect();
    // A few small fixture files are far below every ZIP limit.
    Bytes::from(zip_entries(&entries).unwrap_or_default())
}

/// A memory size the rule does not allow, above its minimum (for the invalid-input scenario).
pub(crate) fn disallowed_memory(rule: &MemoryRule) -> u32 {
    let min = rule.min();
    (min + 1..min + 4096)
        .find(|mb| !rule.allows(*mb))
        .unwrap_or(match rule {
            MemoryRule::Step { max, .. } => max.saturating_add(1),
            MemoryRule::Sizes(sizes) => sizes.iter().copied().max().unwrap_or(0) + 1,
        })
}

/// A memory size the rule allows other than its minimum (to observe an update), or the minimum.
pub(crate) fn second_memory(rule: &MemoryRule) -> u32 {
    let min = rule.min();
    (min + 1..min.saturating_mul(4).max(min + 4096))
        .find(|mb| rule.allows(*mb))
        .unwrap_or(min)
}

/// A destination of `kind`, or `None` for a kind this suite does not know how to build.
pub(crate) fn sample_destination(
    kind: DestinationKind,
    ctx: &Ctx,
    sibling: &FunctionRef,
) -> Option<Destination> {
    Some(match kind {
        DestinationKind::Function => Destination::function(sibling.clone()),
        DestinationKind::Queue => Destination::Queue {
            name: format!("{}queue", ctx.prefix()),
        },
        DestinationKind::Topic => Destination::Topic {
            name: format!("{}topic", ctx.prefix()),
        },
        DestinationKind::ObjectStorage => Destination::ObjectStorage {
            bucket: ctx.bucket().to_owned(),
            prefix: Some("async/".to_owned()),
            // Zero means "never expire": a real value that must not come back as unset.
            expires_days: Some(0),
        },
        DestinationKind::Stream => Destination::Stream {
            name: format!("{}stream", ctx.prefix()),
        },
        DestinationKind::Raw => match ctx.raw_destination() {
            Some(d) => d.clone(),
            None => Destination::Raw {
                provider_type: "conformance".to_owned(),
                target: format!("{}raw-target", ctx.prefix()),
            },
        },
        _ => return None,
    })
}

/// A trigger config of `kind` (with the variant's interesting fields set), or `None` for a kind this suite
/// cannot build for this provider.
pub(crate) fn sample_trigger(
    kind: TriggerKind,
    caps: &Capabilities,
    ctx: &Ctx,
) -> Option<TriggerConfig> {
    Some(match kind {
        TriggerKind::Timer => TriggerConfig::Timer(
            TimerConfig::cron("0 0 9 * * ?").with_payload(r#"{"source":"timer"}"#),
        ),
        TriggerKind::Http => {
            let methods = [HttpMethod::Get, HttpMethod::Post];
            let n = caps
                .max_http_trigger_methods
                .unwrap_or(methods.len())
                .max(1);
            let mut http = HttpConfig::new(HttpAuth::Anonymous, methods.into_iter().take(n));
            if caps.http_trigger_path {
                http = http.with_path("/conformance");
            }
            TriggerConfig::Http(http)
        }
        TriggerKind::ObjectStorage => TriggerConfig::ObjectStorage(
            ObjectStorageConfig::new(ctx.bucket(), [ObjectEvent::CreatedPut])
                .with_prefix("incoming/")
                .with_suffix(".json"),
        ),
        TriggerKind::Raw => TriggerConfig::Raw(match ctx.raw_trigger() {
            Some(raw) => raw.clone(),
            None => RawTrigger::new(
                caps.raw_trigger_types.first()?.clone(),
                serde_json::json!({ "conformance": true, "run": ctx.run_id() }),
            ),
        }),
        _ => return None,
    })
}

/// A trigger spec named `name` with `config`, plus the provider fields [`Ctx::with_trigger_extension`]
/// asks for on its kind.
pub(crate) fn trigger_spec(ctx: &Ctx, name: &str, config: TriggerConfig) -> TriggerSpec {
    let extensions = ctx.trigger_extensions(config.kind());
    let mut spec = TriggerSpec::new(name, config);
    for (k, v) in extensions {
        spec = spec.with_extension(k, v);
    }
    spec
}

/// A rate timer config (for updates of timer triggers).
pub(crate) fn rate_timer(minutes: u64) -> TriggerConfig {
    TriggerConfig::Timer(TimerConfig::rate(Duration::from_secs(minutes * 60)))
}

/// Whether two payloads are the same: equal bytes, or equal JSON values (a cloud may re-serialise an echoed
/// JSON event with different spacing).
pub(crate) fn same_payload(a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return true;
    }
    match (
        serde_json::from_slice::<serde_json::Value>(a),
        serde_json::from_slice::<serde_json::Value>(b),
    ) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Rounds `w` to the provider's weight step.
pub(crate) fn on_step(caps: &Capabilities, w: f64) -> f64 {
    match caps.alias_weight_step {
        Some(step) if step > 0.0 => (w / step).round() * step,
        _ => w,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip_layout_is_consistent() {
        let zip = echo_zip("x");
        // End-of-central-directory record at the end, pointing at the central directory.
        let eocd = zip.len() - 22;
        assert_eq!(&zip[eocd..eocd + 4], b"PK\x05\x06");
        let cd_offset = u32::from_le_bytes(zip[eocd + 16..eocd + 20].try_into().unwrap()) as usize;
        assert_eq!(&zip[cd_offset..cd_offset + 4], b"PK\x01\x02");
        assert!(
            zip.windows(b"return event".len())
                .any(|w| w == b"return event")
        );
    }

    #[test]
    fn memory_helpers_follow_the_rule() {
        for caps in [
            Capabilities::alibaba_fc(),
            Capabilities::huawei_functiongraph(),
        ] {
            let bad = disallowed_memory(&caps.memory);
            assert!(!caps.memory.allows(bad), "{bad}");
            let good = second_memory(&caps.memory);
            assert!(
                caps.memory.allows(good) && good != caps.memory.min(),
                "{good}"
            );
        }
    }

    #[test]
    fn payload_comparison_ignores_json_spacing() {
        assert!(same_payload(br#"{"a":1}"#, br#"{ "a": 1 }"#));
        assert!(!same_payload(br#"{"a":1}"#, br#"{"a":2}"#));
        assert!(same_payload(b"raw", b"raw"));
        assert!(!same_payload(b"raw", b"other"));
    }
}
