//! Qualifiers and ARNs: the neutral [`Qualifier`] and [`Destination`] against FC's
//! `{serviceName}.{qualifier}` segments and `acs:...` resource names (alibaba-fc.md §1.4, §6.6, §6.14).

use cloudfn_core::{Destination, Error, FunctionRef, Qualifier, Result};

/// The `LATEST` qualifier FC understands for the unpublished head.
pub(crate) const LATEST: &str = "LATEST";

/// The wire qualifier of `q`: `None` for the latest (no `.qualifier` in the path), the version id or
/// the alias name otherwise.
pub(crate) fn wire_qualifier(q: &Qualifier) -> Option<&str> {
    match q {
        Qualifier::Latest => None,
        Qualifier::Version(v) => Some(v),
        Qualifier::Alias(a) => Some(a),
    }
}

/// The qualifier a trigger or ARN carries explicitly: `LATEST` for the latest.
pub(crate) fn explicit_qualifier(q: &Qualifier) -> &str {
    wire_qualifier(q).unwrap_or(LATEST)
}

/// Reads a qualifier FC reports: empty → `None`; `LATEST` (any case) → the latest; all digits → a
/// version (FC numbers versions; alias names cannot start with a digit); anything else → an alias.
pub(crate) fn parse_qualifier(value: Option<&str>) -> Option<Qualifier> {
    let v = value.map(str::trim).filter(|v| !v.is_empty())?;
    Some(if v.eq_ignore_ascii_case(LATEST) {
        Qualifier::Latest
    } else if v.bytes().all(|b| b.is_ascii_digit()) {
        Qualifier::version(v)
    } else {
        Qualifier::alias(v)
    })
}

/// The account and region ARNs are built for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ArnScope {
    pub(crate) account_id: String,
    pub(crate) region: String,
}

/// The parts of `acs:{service}:{region}:{account}:{resource}`.
struct Arn<'a> {
    service: &'a str,
    region: &'a str,
    account: &'a str,
    resource: &'a str,
}

fn split_arn(arn: &str) -> Option<Arn<'_>> {
    let mut parts = arn.splitn(5, ':');
    if parts.next()? != "acs" {
        return None;
    }
    let service = parts.next().filter(|s| !s.is_empty())?;
    let region = parts.next()?;
    let account = parts.next()?;
    let resource = parts.next()?;
    Some(Arn {
        service,
        region,
        account,
        resource,
    })
}

/// The `Destination::Raw::provider_type` of a destination string: `acs:{service}` for an ARN,
/// `unknown` for a string that is not one.
pub(crate) fn arn_provider_type(target: &str) -> String {
    split_arn(target).map_or_else(|| "unknown".to_owned(), |a| format!("acs:{}", a.service))
}

impl ArnScope {
    /// `acs:oss:{region}:{account}:{bucket}`: the `sourceArn` of an OSS trigger.
    pub(crate) fn oss_bucket_arn(&self, bucket: &str) -> String {
        format!("acs:oss:{}:{}:{bucket}", self.region, self.account_id)
    }

    /// The bucket of an OSS `sourceArn` (any region and account).
    pub(crate) fn bucket_of(arn: &str) -> Option<String> {
        let a = split_arn(arn)?;
        (a.service == "oss" && !a.resource.is_empty() && !a.resource.contains('/'))
            .then(|| a.resource.to_owned())
    }

    fn local(&self, a: &Arn<'_>) -> bool {
        a.region == self.region && a.account == self.account_id
    }

    /// The FC ARN of a destination (alibaba-fc.md §6.6, §6.14; docs/concepts.md §11.2). `field` names
    /// the destination in errors.
    pub(crate) fn destination_arn(&self, field: &str, d: &Destination) -> Result<String> {
        let (region, account) = (&self.region, &self.account_id);
        match d {
            Destination::Function {
                function,
                qualifier,
            } => {
                let svc = match qualifier {
                    None => function.namespace.clone(),
                    Some(q) => format!("{}.{}", function.namespace, explicit_qualifier(q)),
                };
                Ok(format!(
                    "acs:fc:{region}:{account}:services/{svc}/functions/{}",
                    function.name
                ))
            }
            Destination::Queue { name } => {
                check_mns_name(&format!("{field}.name"), name)?;
                Ok(format!(
                    "acs:mns:{region}:{account}:/queues/{name}/messages"
                ))
            }
            Destination::Topic { name } => {
                check_mns_name(&format!("{field}.name"), name)?;
                Ok(format!(
                    "acs:mns:{region}:{account}:/topics/{name}/messages"
                ))
            }
            Destination::Raw {
                provider_type,
                target,
            } => {
                if split_arn(target).is_none() {
                    return Err(Error::invalid_argument(
                        &format!("{field}.target"),
                        format_args!(
                            "must be an Alibaba Cloud ARN `acs:{{service}}:{{region}}:{{account}}:{{resource}}`, got `{target}`"
                        ),
                    ));
                }
                let expected = arn_provider_type(target);
                if *provider_type != expected {
                    return Err(Error::invalid_argument(
                        &format!("{field}.provider_type"),
                        format_args!(
                            "must be the ARN's service part `{expected}` on FC, got `{provider_type}`"
                        ),
                    ));
                }
                Ok(target.clone())
            }
            other => Err(Error::unsupported(
                crate::error::PROVIDER,
                format_args!("{:?} destinations ({field})", other.kind()),
            )),
        }
    }

    /// The neutral destination of an FC ARN: a function, MNS queue or topic of this account and region
    /// is typed; anything else is [`Destination::Raw`] with the ARN verbatim.
    pub(crate) fn destination_from_arn(&self, arn: &str) -> Destination {
        let raw = || Destination::Raw {
            provider_type: arn_provider_type(arn),
            target: arn.to_owned(),
        };
        let Some(a) = split_arn(arn) else {
            return raw();
        };
        if !self.local(&a) {
            return raw();
        }
        match a.service {
            "fc" => parse_function_resource(a.resource).unwrap_or_else(raw),
            "mns" => {
                if let Some(name) = mns_name(a.resource, "queues") {
                    Destination::Queue { name }
                } else if let Some(name) = mns_name(a.resource, "topics") {
                    Destination::Topic { name }
                } else {
                    raw()
                }
            }
            _ => raw(),
        }
    }
}

fn check_mns_name(field: &str, name: &str) -> Result<()> {
    if name.is_empty() || name.contains('/') || name.contains(':') {
        return Err(Error::invalid_argument(
            field,
            format_args!("an MNS name must be non-empty without `/` or `:`, got `{name}`"),
        ));
    }
    Ok(())
}

fn mns_name(resource: &str, kind: &str) -> Option<String> {
    let rest = resource
        .strip_prefix('/')?
        .strip_prefix(kind)?
        .strip_prefix('/')?;
    let name = rest.strip_suffix("/messages")?;
    (!name.is_empty() && !name.contains('/')).then(|| name.to_owned())
}

fn parse_function_resource(resource: &str) -> Option<Destination> {
    let rest = resource.strip_prefix("services/")?;
    let (svc, function) = rest.split_once("/functions/")?;
    if svc.is_empty() || function.is_empty() || function.contains('/') {
        return None;
    }
    let (namespace, qualifier) = match svc.split_once('.') {
        Some((ns, q)) if !ns.is_empty() && !q.is_empty() => (ns, parse_qualifier(Some(q))),
        Some(_) => return None,
        None => (svc, None),
    };
    Some(Destination::Function {
        function: FunctionRef::new(namespace, function),
        qualifier,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudfn_core::ErrorKind;
    use proptest::prelude::*;

    fn any_qualifier() -> impl Strategy<Value = Option<Qualifier>> {
        prop_oneof![
            Just(None),
            Just(Some(Qualifier::Latest)),
            "[1-9][0-9]{0,4}".prop_map(|v| Some(Qualifier::version(v))),
            "[A-Za-z_][A-Za-z0-9_-]{0,12}"
                .prop_filter("not LATEST", |a| !a.eq_ignore_ascii_case("latest"))
                .prop_map(|a| Some(Qualifier::alias(a))),
        ]
    }

    proptest! {
        #[test]
        fn any_function_destination_round_trips(
            ns in "[A-Za-z_][A-Za-z0-9_-]{0,20}",
            name in "[A-Za-z_][A-Za-z0-9_-]{0,20}",
            qualifier in any_qualifier(),
        ) {
            let s = scope();
            let d = Destination::Function { function: FunctionRef::new(ns, name), qualifier };
            let arn = s.destination_arn("on_success", &d).unwrap();
            prop_assert_eq!(s.destination_from_arn(&arn), d);
        }

        #[test]
        fn any_mns_destination_round_trips(name in "[A-Za-z0-9][A-Za-z0-9_-]{0,30}", topic in any::<bool>()) {
            let s = scope();
            let d = if topic { Destination::Topic { name } } else { Destination::Queue { name } };
            let arn = s.destination_arn("on_failure", &d).unwrap();
            prop_assert_eq!(s.destination_from_arn(&arn), d);
        }
    }

    fn scope() -> ArnScope {
        ArnScope {
            account_id: "123".into(),
            region: "cn-hangzhou".into(),
        }
    }

    #[test]
    fn qualifiers_read_back_as_written() {
        for q in [
            Qualifier::Latest,
            Qualifier::version("12"),
            Qualifier::alias("prod"),
        ] {
            assert_eq!(parse_qualifier(Some(explicit_qualifier(&q))), Some(q));
        }
        assert_eq!(parse_qualifier(Some("")), None);
        assert_eq!(parse_qualifier(None), None);
        assert_eq!(parse_qualifier(Some("latest")), Some(Qualifier::Latest));
        assert_eq!(wire_qualifier(&Qualifier::Latest), None);
    }

    #[test]
    fn destinations_round_trip_through_arns() {
        let s = scope();
        let cases = [
            Destination::function(FunctionRef::new("svc", "fn")),
            Destination::Function {
                function: FunctionRef::new("svc", "fn"),
                qualifier: Some(Qualifier::alias("prod")),
            },
            Destination::Function {
                function: FunctionRef::new("svc", "fn"),
                qualifier: Some(Qualifier::version("3")),
            },
            Destination::Function {
                function: FunctionRef::new("svc", "fn"),
                qualifier: Some(Qualifier::Latest),
            },
            Destination::Queue { name: "q1".into() },
            Destination::Topic { name: "t1".into() },
            Destination::Raw {
                provider_type: "acs:eventbridge".into(),
                target: "acs:eventbridge:cn-hangzhou:123:eventbus/default".into(),
            },
        ];
        for d in cases {
            let arn = s.destination_arn("on_success", &d).unwrap();
            assert_eq!(s.destination_from_arn(&arn), d, "{arn}");
        }
    }

    #[test]
    fn arns_have_the_documented_shape() {
        let s = scope();
        assert_eq!(
            s.destination_arn("f", &Destination::Queue { name: "q".into() })
                .unwrap(),
            "acs:mns:cn-hangzhou:123:/queues/q/messages"
        );
        assert_eq!(
            s.destination_arn(
                "f",
                &Destination::Function {
                    function: FunctionRef::new("s", "f"),
                    qualifier: Some(Qualifier::alias("prod"))
                }
            )
            .unwrap(),
            "acs:fc:cn-hangzhou:123:services/s.prod/functions/f"
        );
        assert_eq!(s.oss_bucket_arn("b"), "acs:oss:cn-hangzhou:123:b");
        assert_eq!(
            ArnScope::bucket_of("acs:oss:cn-shanghai:9:bkt").as_deref(),
            Some("bkt")
        );
        assert_eq!(ArnScope::bucket_of("acs:log:cn-shanghai:9:p/x"), None);
    }

    #[test]
    fn foreign_or_odd_arns_stay_raw() {
        let s = scope();
        for arn in [
            "acs:fc:cn-shanghai:123:services/s/functions/f",
            "acs:mns:cn-hangzhou:999:/queues/q/messages",
            "acs:mns:cn-hangzhou:123:/queues/q",
            "acs:fc:cn-hangzhou:123:services/s./functions/f",
        ] {
            assert_eq!(
                s.destination_from_arn(arn),
                Destination::Raw {
                    provider_type: arn_provider_type(arn),
                    target: arn.into()
                },
                "{arn}"
            );
        }
        assert_eq!(
            s.destination_from_arn("not-an-arn"),
            Destination::Raw {
                provider_type: "unknown".into(),
                target: "not-an-arn".into()
            }
        );
    }

    #[test]
    fn raw_destinations_must_be_consistent_arns() {
        let s = scope();
        let bad_type = Destination::Raw {
            provider_type: "eventbridge".into(),
            target: "acs:eventbridge:cn-hangzhou:123:eventbus/default".into(),
        };
        let err = s.destination_arn("on_failure", &bad_type).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidArgument);
        assert!(
            err.message().starts_with("on_failure.provider_type"),
            "{err}"
        );
        let not_arn = Destination::Raw {
            provider_type: "x".into(),
            target: "queue-1".into(),
        };
        let err = s.destination_arn("on_failure", &not_arn).unwrap_err();
        assert!(err.message().starts_with("on_failure.target"), "{err}");
        let err = s
            .destination_arn("on_success", &Destination::Stream { name: "s".into() })
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
    }
}
