//! What a provider can do and the rules its input must follow, declared as data.
//!
//! Adapters check every call against their [`Capabilities`] before anything is sent: a spec that breaks a rule
//! fails with [`ErrorKind::InvalidArgument`](crate::ErrorKind) naming the field and the rule; a call the provider
//! cannot serve fails with [`ErrorKind::Unsupported`](crate::ErrorKind). The conformance suite selects its
//! scenarios from the same struct, and `cloudfn_conformance::capability_matrix` renders it as the
//! table in docs/architecture.md §6.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::serde_util::duration_secs;
use crate::{
    AliasSpec, AliasUpdate, AsyncConfig, Code, Destination, DestinationKind, Error, FunctionSpec,
    FunctionUpdate, InvocationType, InvokeRequest, NamespaceSpec, PublishVersion, Qualifier,
    Result, Runtime, TriggerConfig, TriggerKind, TriggerSpec, TriggerUpdate, VersionWeights,
};

/// Where a published version lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionScope {
    /// A version snapshots the whole namespace; aliases are namespace-wide (Alibaba FC).
    Namespace,
    /// A version snapshots one function; aliases belong to one function (FunctionGraph).
    Function,
}

/// Whether namespaces are resources of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NamespaceModel {
    /// Created, updated and deleted explicitly (FC services).
    Explicit,
    /// Exist while a function names them (FunctionGraph packages): `create_namespace` is unsupported;
    /// use [`ProviderExt::ensure_namespace`](crate::ProviderExt::ensure_namespace), which is a no-op.
    Implicit,
}

/// Which memory sizes a function may have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemoryRule {
    /// Exactly one of these sizes (MB).
    Sizes(Vec<u32>),
    /// A multiple of `step` between `min` and `max` (MB, inclusive).
    Step {
        /// Smallest size.
        min: u32,
        /// Largest size.
        max: u32,
        /// Sizes are multiples of this.
        step: u32,
    },
}

impl MemoryRule {
    /// Whether `mb` is allowed.
    pub fn allows(&self, mb: u32) -> bool {
        match self {
            MemoryRule::Sizes(sizes) => sizes.contains(&mb),
            MemoryRule::Step { min, max, step } => {
                mb >= *min && mb <= *max && *step > 0 && mb % step == 0
            }
        }
    }

    /// The smallest allowed size.
    pub fn min(&self) -> u32 {
        match self {
            MemoryRule::Sizes(s) => s.iter().copied().min().unwrap_or(0),
            MemoryRule::Step { min, .. } => *min,
        }
    }
}

impl fmt::Display for MemoryRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MemoryRule::Sizes(sizes) => {
                let list: Vec<String> = sizes.iter().map(u32::to_string).collect();
                write!(f, "one of {} MB", list.join(", "))
            }
            MemoryRule::Step { min, max, step } => {
                write!(f, "a multiple of {step} MB from {min} to {max} MB")
            }
        }
    }
}

/// An inclusive range of durations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DurationRange {
    /// Shortest allowed, in seconds in JSON.
    #[serde(with = "duration_secs")]
    pub min: Duration,
    /// Longest allowed, in seconds in JSON.
    #[serde(with = "duration_secs")]
    pub max: Duration,
}

impl DurationRange {
    /// `min..=max` in whole seconds.
    pub const fn secs(min: u64, max: u64) -> Self {
        DurationRange {
            min: Duration::from_secs(min),
            max: Duration::from_secs(max),
        }
    }

    /// Whether `d` is inside the range.
    pub fn contains(&self, d: Duration) -> bool {
        d >= self.min && d <= self.max
    }

    fn check(&self, field: &str, d: Duration) -> Result<()> {
        if self.contains(d) {
            return Ok(());
        }
        Err(Error::invalid_argument(
            field,
            format_args!(
                "must be between {} and {} seconds, got {}",
                fmt_secs(self.min),
                fmt_secs(self.max),
                fmt_secs(d)
            ),
        ))
    }
}

fn fmt_secs(d: Duration) -> String {
    if d.subsec_nanos() == 0 {
        d.as_secs().to_string()
    } else {
        format!("{:.3}", d.as_secs_f64())
    }
}

/// A set of characters allowed at some position of a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharClass {
    /// ASCII letters.
    pub letters: bool,
    /// ASCII digits.
    pub digits: bool,
    /// Other allowed characters.
    pub extra: String,
}

impl CharClass {
    /// A class of letters/digits plus `extra`.
    pub fn new(letters: bool, digits: bool, extra: &str) -> Self {
        CharClass {
            letters,
            digits,
            extra: extra.to_owned(),
        }
    }

    /// Whether `c` is in the class.
    pub fn allows(&self, c: char) -> bool {
        (self.letters && c.is_ascii_alphabetic())
            || (self.digits && c.is_ascii_digit())
            || self.extra.contains(c)
    }
}

impl fmt::Display for CharClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if self.letters {
            parts.push("letters".into());
        }
        if self.digits {
            parts.push("digits".into());
        }
        for c in self.extra.chars() {
            parts.push(format!("`{c}`"));
        }
        match parts.len() {
            0 => f.write_str("nothing"),
            1 => f.write_str(&parts[0]),
            n => write!(f, "{} or {}", parts[..n - 1].join(", "), parts[n - 1]),
        }
    }
}

/// The rule a resource name must follow.
///
/// ```
/// use cloudfn_core::{CharClass, NameRule};
///
/// let rule = NameRule::new(1, 64, CharClass::new(true, false, "_"), CharClass::new(true, true, "_-"));
/// assert!(rule.check("function name", "hello-world").is_ok());
/// let err = rule.check("function name", "9lives").unwrap_err();
/// assert_eq!(
///     err.message(),
///     "function name: must start with letters or `_`, got `9lives`"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameRule {
    /// Fewest characters.
    pub min_len: usize,
    /// Most characters.
    pub max_len: usize,
    /// Allowed first characters.
    pub first: CharClass,
    /// Allowed characters anywhere.
    pub rest: CharClass,
    /// Allowed last characters, when stricter than `rest`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<CharClass>,
}

impl NameRule {
    /// A rule of length `min_len..=max_len`, first character in `first`, all others in `rest`.
    pub fn new(min_len: usize, max_len: usize, first: CharClass, rest: CharClass) -> Self {
        NameRule {
            min_len,
            max_len,
            first,
            rest,
            last: None,
        }
    }

    /// Requires the last character to be in `last`.
    pub fn with_last(mut self, last: CharClass) -> Self {
        self.last = Some(last);
        self
    }

    /// Checks `value`, naming `field` in the error.
    pub fn check(&self, field: &str, value: &str) -> Result<()> {
        let len = value.chars().count();
        if len < self.min_len || len > self.max_len {
            return Err(Error::invalid_argument(
                field,
                format_args!(
                    "must be {} to {} characters long, got {len} (`{}`)",
                    self.min_len,
                    self.max_len,
                    truncate(value)
                ),
            ));
        }
        let mut chars = value.chars();
        if let Some(c) = chars.next() {
            if !self.first.allows(c) {
                return Err(Error::invalid_argument(
                    field,
                    format_args!("must start with {}, got `{}`", self.first, truncate(value)),
                ));
            }
        }
        if let Some(bad) = value.chars().skip(1).find(|c| !self.rest.allows(*c)) {
            return Err(Error::invalid_argument(
                field,
                format_args!(
                    "may only contain {}, got {bad:?} in `{}`",
                    self.rest,
                    truncate(value)
                ),
            ));
        }
        if let (Some(last), Some(c)) = (&self.last, value.chars().last()) {
            if !last.allows(c) {
                return Err(Error::invalid_argument(
                    field,
                    format_args!("must end with {last}, got `{}`", truncate(value)),
                ));
            }
        }
        Ok(())
    }
}

fn truncate(s: &str) -> String {
    const MAX: usize = 80;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(MAX).collect();
        t.push('…');
        t
    }
}

/// Name rules per resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameRules {
    /// Namespace (service / package) names.
    pub namespace: NameRule,
    /// Function names.
    pub function: NameRule,
    /// Alias names.
    pub alias: NameRule,
    /// Trigger names.
    pub trigger: NameRule,
    /// Caller-chosen version names, where allowed.
    pub version: NameRule,
}

/// What a provider can do and the rules its input must follow.
///
/// ```
/// use cloudfn_core::{Capabilities, VersionScope};
///
/// let fc = Capabilities::alibaba_fc();
/// assert_eq!(fc.version_scope, VersionScope::Namespace);
/// assert!(!fc.quotas);
/// let fg = Capabilities::huawei_functiongraph();
/// assert_eq!(fg.alias_weight_step, Some(0.01));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Capabilities {
    /// Whether namespaces are resources of their own.
    pub namespace_model: NamespaceModel,
    /// Where versions and aliases live.
    pub version_scope: VersionScope,
    /// Whether [`PublishVersion::name`] may choose the version id.
    pub caller_named_versions: bool,
    /// Whether a version can be deleted.
    pub delete_version: bool,
    /// Smallest step of an alias weight (`Some(0.01)` = whole percents); `None` = any fraction.
    pub alias_weight_step: Option<f64>,
    /// Most extra versions one alias may route to; `None` = no stated limit.
    pub max_alias_extra_versions: Option<usize>,
    /// Whether an alias may point at the latest, unpublished code (version `latest`).
    pub alias_to_latest: bool,
    /// Whether updates and publishing accept an `if_match` entity tag (FC ETags; FunctionGraph has none).
    /// The neutral deletes take none.
    pub conditional_updates: bool,
    /// Trigger kinds accepted.
    pub trigger_kinds: Vec<TriggerKind>,
    /// Provider trigger types known to pass through [`TriggerConfig::Raw`] (informational).
    pub raw_trigger_types: Vec<String>,
    /// Whether an HTTP trigger's path is configurable.
    pub http_trigger_path: bool,
    /// Most HTTP methods one HTTP trigger accepts (`None` = any number; FunctionGraph's APIG trigger takes
    /// one method or `ANY`).
    pub max_http_trigger_methods: Option<usize>,
    /// Trigger kinds that can be disabled (`enabled: false`). For [`TriggerKind::Raw`] the provider type
    /// decides further (FunctionGraph: DDS, DMS, KAFKA and LTS only).
    pub disable_trigger_kinds: Vec<TriggerKind>,
    /// Whether a trigger's config, qualifier and description can change after creation (FC: yes;
    /// FunctionGraph: only its status).
    pub trigger_config_updates: bool,
    /// Whether [`Quotas::list_quotas`](crate::Quotas::list_quotas) works.
    pub quotas: bool,
    /// Runtimes offered (a [`Runtime::Other`] is passed through unchecked).
    pub runtimes: Vec<Runtime>,
    /// Allowed memory sizes.
    pub memory: MemoryRule,
    /// Allowed function timeouts.
    pub timeout: DurationRange,
    /// Allowed initializer timeouts.
    pub initializer_timeout: DurationRange,
    /// Largest inline ZIP in bytes.
    pub max_inline_code_bytes: Option<u64>,
    /// Largest total size of environment keys and values in bytes.
    pub max_environment_bytes: Option<usize>,
    /// Most environment variables.
    pub max_environment_variables: Option<usize>,
    /// Longest description.
    pub max_description_len: Option<usize>,
    /// Whether the handler must have the `file.function` form (contain a `.`).
    pub handler_requires_dot: bool,
    /// Longest handler.
    pub max_handler_len: Option<usize>,
    /// Whether asynchronous invocation works.
    pub async_invoke: bool,
    /// Whether a log tail can be asked for.
    pub log_tail: bool,
    /// Whether a function error says if the function reported it or the runtime did
    /// ([`FunctionErrorKind::Handled`](crate::FunctionErrorKind) vs `Unhandled`). FunctionGraph reports
    /// only a failed status, which reads as `Unhandled`.
    pub function_error_kinds: bool,
    /// Whether an invocation reports which version ran (FC `x-fc-invocation-code-version`; FunctionGraph
    /// does not say).
    pub reports_executed_version: bool,
    /// Whether an async invocation can carry a caller-chosen id.
    pub caller_async_invocation_id: bool,
    /// Most async retries allowed in [`AsyncConfig::max_retries`].
    pub async_max_retries: u32,
    /// Allowed [`AsyncConfig::max_event_age`].
    pub async_event_age: DurationRange,
    /// Destination kinds accepted in async configs.
    pub destination_kinds: Vec<DestinationKind>,
    /// Whether async configs can be attached per qualifier (else only to latest).
    pub async_config_per_qualifier: bool,
    /// Largest page a list call returns.
    pub max_page_size: u32,
    /// Name rules.
    pub names: NameRules,
}

fn letters_underscore() -> CharClass {
    CharClass::new(true, false, "_")
}
fn word_dash() -> CharClass {
    CharClass::new(true, true, "_-")
}
fn letters() -> CharClass {
    CharClass::new(true, false, "")
}
fn alnum() -> CharClass {
    CharClass::new(true, true, "")
}

impl Capabilities {
    /// Alibaba Cloud Function Compute, API 2016-08-15.
    pub fn alibaba_fc() -> Self {
        use Runtime as R;
        let fc_name = |max| NameRule::new(1, max, letters_underscore(), word_dash());
        Capabilities {
            namespace_model: NamespaceModel::Explicit,
            version_scope: VersionScope::Namespace,
            caller_named_versions: false,
            delete_version: true,
            alias_weight_step: None,
            max_alias_extra_versions: None,
            alias_to_latest: false,
            conditional_updates: true,
            trigger_kinds: vec![
                TriggerKind::Timer,
                TriggerKind::Http,
                TriggerKind::ObjectStorage,
                TriggerKind::Raw,
            ],
            raw_trigger_types: [
                "log",
                "mns_topic",
                "cdn_events",
                "tablestore",
                "eventbridge",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            http_trigger_path: false,
            max_http_trigger_methods: None,
            // `enable` exists for timer and log triggers only (alibaba-fc.md §6.3 trigger configs).
            disable_trigger_kinds: vec![TriggerKind::Timer, TriggerKind::Raw],
            trigger_config_updates: true,
            quotas: false,
            runtimes: vec![
                R::Nodejs6,
                R::Nodejs8,
                R::Nodejs10,
                R::Nodejs12,
                R::Nodejs14,
                R::Nodejs16,
                R::Python27,
                R::Python36,
                R::Python37,
                R::Python38,
                R::Python39,
                R::Java8,
                R::Java11,
                R::Go1,
                R::Php72,
                R::Dotnetcore21,
                R::Dotnetcore31,
                R::Custom,
                R::CustomContainer,
            ],
            memory: MemoryRule::Step {
                min: 128,
                max: 32768,
                step: 64,
            },
            timeout: DurationRange::secs(1, 86_400),
            initializer_timeout: DurationRange::secs(1, 300),
            max_inline_code_bytes: Some(50 * 1024 * 1024),
            max_environment_bytes: Some(4 * 1024),
            max_environment_variables: None,
            max_description_len: Some(256),
            handler_requires_dot: false,
            max_handler_len: Some(128),
            async_invoke: true,
            log_tail: true,
            function_error_kinds: true,
            reports_executed_version: true,
            caller_async_invocation_id: true,
            async_max_retries: 8,
            async_event_age: DurationRange::secs(1, 2_592_000),
            destination_kinds: vec![
                DestinationKind::Function,
                DestinationKind::Queue,
                DestinationKind::Topic,
                DestinationKind::Raw,
            ],
            async_config_per_qualifier: true,
            max_page_size: 100,
            names: NameRules {
                namespace: fc_name(128),
                function: fc_name(64),
                alias: fc_name(128),
                trigger: fc_name(128),
                version: NameRule::new(1, 32, alnum(), alnum()),
            },
        }
    }

    /// Huawei Cloud FunctionGraph, API v2.
    pub fn huawei_functiongraph() -> Self {
        use Runtime as R;
        let fg_name = |max| NameRule::new(1, max, letters(), word_dash()).with_last(alnum());
        Capabilities {
            namespace_model: NamespaceModel::Implicit,
            version_scope: VersionScope::Function,
            caller_named_versions: true,
            delete_version: true,
            alias_weight_step: Some(0.01),
            max_alias_extra_versions: None,
            alias_to_latest: true,
            conditional_updates: false,
            trigger_kinds: vec![
                TriggerKind::Timer,
                TriggerKind::Http,
                TriggerKind::ObjectStorage,
                TriggerKind::Raw,
            ],
            raw_trigger_types: [
                "SMN",
                "DMS",
                "DIS",
                "LTS",
                "DDS",
                "CTS",
                "KAFKA",
                "DEDICATEDGATEWAY",
                "APIC",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            http_trigger_path: true,
            max_http_trigger_methods: Some(1),
            // Only timer, DDS, DMS, Kafka and LTS triggers can be disabled (huawei-functiongraph.md §3.12).
            disable_trigger_kinds: vec![TriggerKind::Timer, TriggerKind::Raw],
            trigger_config_updates: false,
            quotas: true,
            runtimes: vec![
                R::Nodejs6,
                R::Nodejs8,
                R::Nodejs10,
                R::Nodejs12,
                R::Nodejs14,
                R::Python27,
                R::Python36,
                R::Python39,
                R::Java8,
                R::Java11,
                R::Go1,
                R::Php73,
                R::Dotnetcore20,
                R::Dotnetcore21,
                R::Dotnetcore31,
                R::Custom,
            ],
            memory: MemoryRule::Sizes(vec![
                128, 256, 512, 768, 1024, 1280, 1536, 1792, 2048, 2560, 3072, 3584, 4096,
            ]),
            timeout: DurationRange::secs(3, 900),
            initializer_timeout: DurationRange::secs(1, 300),
            // AK/SK-signed bodies are capped at 12 MB (huawei-functiongraph.md §1.6); 8 MiB of ZIP is
            // 11.2 MB once base64-encoded, leaving room for the rest of the JSON.
            max_inline_code_bytes: Some(8 * 1024 * 1024),
            max_environment_bytes: Some(4 * 1024),
            max_environment_variables: Some(20),
            max_description_len: Some(512),
            handler_requires_dot: true,
            max_handler_len: Some(128),
            async_invoke: true,
            log_tail: true,
            function_error_kinds: false,
            reports_executed_version: false,
            caller_async_invocation_id: false,
            // The request table's ranges (huawei-functiongraph.md §3.13.3, resolution §7).
            async_max_retries: 3,
            async_event_age: DurationRange::secs(1, 86_400),
            destination_kinds: vec![
                DestinationKind::Function,
                DestinationKind::Topic,
                DestinationKind::ObjectStorage,
                DestinationKind::Stream,
                DestinationKind::Raw,
            ],
            async_config_per_qualifier: true,
            max_page_size: 400,
            names: NameRules {
                namespace: fg_name(60),
                function: fg_name(60),
                alias: fg_name(63),
                trigger: NameRule::new(1, 64, letters(), word_dash()),
                version: NameRule::new(1, 42, alnum(), CharClass::new(true, true, "_-.")),
            },
        }
    }

    /// Whether trigger `kind` is accepted.
    pub fn supports_trigger(&self, kind: TriggerKind) -> bool {
        self.trigger_kinds.contains(&kind)
    }

    /// Whether destination `kind` is accepted.
    pub fn supports_destination(&self, kind: DestinationKind) -> bool {
        self.destination_kinds.contains(&kind)
    }

    /// Checks a namespace spec.
    pub fn check_namespace_spec(&self, provider: &'static str, spec: &NamespaceSpec) -> Result<()> {
        if self.namespace_model == NamespaceModel::Implicit {
            return Err(Error::unsupported(
                provider,
                "creating namespaces: they exist while a function names them",
            ));
        }
        self.names.namespace.check("namespace name", &spec.name)?;
        self.check_description(spec.description.as_deref())
    }

    /// Checks a namespace name used to address a resource.
    pub fn check_namespace_name(&self, name: &str) -> Result<()> {
        self.names.namespace.check("namespace name", name)
    }

    /// Checks a function spec.
    pub fn check_function_spec(&self, spec: &FunctionSpec) -> Result<()> {
        self.names.function.check("function name", &spec.name)?;
        self.check_runtime(&spec.runtime)?;
        self.check_handler("handler", &spec.handler)?;
        self.check_code(&spec.code)?;
        if let Some(mb) = spec.memory_mb {
            self.check_memory(mb)?;
        }
        if let Some(t) = spec.timeout {
            self.timeout.check("timeout", t)?;
        }
        self.check_description(spec.description.as_deref())?;
        self.check_environment(spec.environment.iter())?;
        if let Some(init) = &spec.initializer {
            self.check_handler("initializer.handler", &init.handler)?;
            if let Some(t) = init.timeout {
                self.initializer_timeout.check("initializer.timeout", t)?;
            }
        }
        Ok(())
    }

    /// Checks a function update.
    pub fn check_function_update(&self, update: &FunctionUpdate) -> Result<()> {
        if let Some(r) = &update.runtime {
            self.check_runtime(r)?;
        }
        if let Some(h) = &update.handler {
            self.check_handler("handler", h)?;
        }
        if let Some(c) = &update.code {
            self.check_code(c)?;
        }
        if let Some(mb) = update.memory_mb {
            self.check_memory(mb)?;
        }
        if let Some(t) = update.timeout {
            self.timeout.check("timeout", t)?;
        }
        self.check_description(update.description.as_deref())?;
        if let Some(env) = &update.environment {
            self.check_environment(env.iter())?;
        }
        if let Some(init) = &update.initializer {
            self.check_handler("initializer.handler", &init.handler)?;
            if let Some(t) = init.timeout {
                self.initializer_timeout.check("initializer.timeout", t)?;
            }
        }
        Ok(())
    }

    /// Checks a publish request.
    pub fn check_publish(&self, provider: &'static str, publish: &PublishVersion) -> Result<()> {
        if let Some(name) = &publish.name {
            if !self.caller_named_versions {
                return Err(Error::unsupported(
                    provider,
                    "choosing the version id (PublishVersion::name): the provider numbers versions itself",
                ));
            }
            self.names.version.check("version name", name)?;
        }
        self.check_description(publish.description.as_deref())
    }

    /// Checks an alias spec (name and weights).
    pub fn check_alias_spec(&self, spec: &AliasSpec) -> Result<()> {
        self.names.alias.check("alias name", &spec.name)?;
        self.check_alias_target(&spec.version)?;
        self.check_weights(&spec.version, &spec.additional_weights)?;
        self.check_description(spec.description.as_deref())
    }

    /// Checks an alias update against the alias's current main version.
    pub fn check_alias_update(&self, current_version: &str, update: &AliasUpdate) -> Result<()> {
        let version = update.version.as_deref().unwrap_or(current_version);
        self.check_alias_target(version)?;
        if let Some(w) = &update.additional_weights {
            self.check_weights(version, w)?;
        }
        self.check_description(update.description.as_deref())
    }

    fn check_alias_target(&self, version: &str) -> Result<()> {
        check_nonempty("alias version", version)?;
        if !self.alias_to_latest && version.eq_ignore_ascii_case("latest") {
            return Err(Error::invalid_argument(
                "alias version",
                "must be a published version: this provider cannot point an alias at the latest code",
            ));
        }
        Ok(())
    }

    /// Checks that an `if_match` precondition, when given, can be honoured: `Unsupported` where the
    /// provider has no entity tags ([`Capabilities::conditional_updates`]) rather than silently ignoring it.
    pub fn check_if_match(&self, provider: &'static str, if_match: Option<&str>) -> Result<()> {
        match if_match {
            Some(_) if !self.conditional_updates => Err(Error::unsupported(
                provider,
                "conditional updates (`if_match`): it has no entity tags",
            )),
            Some(tag) => check_nonempty("if_match", tag),
            None => Ok(()),
        }
    }

    /// Checks extra-version weights: each in `[0, 1]`, on the weight step, summing to at most 1, not naming
    /// the main version, and not more versions than allowed.
    pub fn check_weights(&self, main_version: &str, weights: &VersionWeights) -> Result<()> {
        if let Some(max) = self.max_alias_extra_versions {
            if weights.len() > max {
                return Err(Error::invalid_argument(
                    "additional_weights",
                    format_args!(
                        "at most {max} extra version{} allowed, got {}",
                        if max == 1 { " is" } else { "s are" },
                        weights.len()
                    ),
                ));
            }
        }
        let mut sum = 0.0;
        for (version, w) in weights {
            let field = format!("additional_weights[{version}]");
            check_nonempty("additional_weights version", version)?;
            if version == main_version {
                return Err(Error::invalid_argument(
                    &field,
                    "must name a version other than the alias's main version",
                ));
            }
            if !w.is_finite() || *w < 0.0 || *w > 1.0 {
                return Err(Error::invalid_argument(
                    &field,
                    format_args!("must be a fraction between 0 and 1, got {w}"),
                ));
            }
            if let Some(step) = self.alias_weight_step {
                let steps = w / step;
                if (steps - steps.round()).abs() > 1e-6 {
                    return Err(Error::invalid_argument(
                        &field,
                        format_args!("must be a multiple of {step}, got {w}"),
                    ));
                }
            }
            sum += w;
        }
        if sum > 1.0 + 1e-9 {
            return Err(Error::invalid_argument(
                "additional_weights",
                format_args!("must sum to at most 1, got {sum}"),
            ));
        }
        Ok(())
    }

    /// Checks a trigger spec.
    pub fn check_trigger_spec(&self, provider: &'static str, spec: &TriggerSpec) -> Result<()> {
        self.names.trigger.check("trigger name", &spec.name)?;
        self.check_trigger_config(provider, &spec.config)?;
        self.check_trigger_enabled(provider, spec.config.kind(), spec.enabled)?;
        if let Some(q) = &spec.qualifier {
            self.check_qualifier("trigger qualifier", q)?;
        }
        self.check_description(spec.description.as_deref())
    }

    /// Checks a trigger update.
    pub fn check_trigger_update(
        &self,
        provider: &'static str,
        update: &TriggerUpdate,
    ) -> Result<()> {
        if !self.trigger_config_updates {
            let fixed = [
                ("config", update.config.is_some()),
                ("qualifier", update.qualifier.is_some()),
                ("description", update.description.is_some()),
            ];
            if let Some((field, _)) = fixed.iter().find(|(_, set)| *set) {
                return Err(Error::unsupported(
                    provider,
                    format_args!(
                        "changing a trigger's `{field}` after creation (only `enabled` can change; delete and re-create the trigger)"
                    ),
                ));
            }
        }
        if let Some(c) = &update.config {
            self.check_trigger_config(provider, c)?;
            self.check_trigger_enabled(provider, c.kind(), update.enabled)?;
        }
        if let Some(q) = &update.qualifier {
            self.check_qualifier("trigger qualifier", q)?;
        }
        self.check_description(update.description.as_deref())
    }

    /// Checks that a trigger of `kind` may be created or set with `enabled` (disabling is declared per
    /// kind in [`Capabilities::disable_trigger_kinds`]).
    ///
    /// ```
    /// use cloudfn_core::{Capabilities, ErrorKind, TriggerKind};
    ///
    /// let fc = Capabilities::alibaba_fc();
    /// assert!(fc.check_trigger_enabled("alibaba-fc", TriggerKind::Timer, Some(false)).is_ok());
    /// let err = fc.check_trigger_enabled("alibaba-fc", TriggerKind::ObjectStorage, Some(false)).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Unsupported);
    /// assert!(fc.check_trigger_enabled("alibaba-fc", TriggerKind::ObjectStorage, Some(true)).is_ok());
    /// ```
    pub fn check_trigger_enabled(
        &self,
        provider: &'static str,
        kind: TriggerKind,
        enabled: Option<bool>,
    ) -> Result<()> {
        if enabled == Some(false) && !self.disable_trigger_kinds.contains(&kind) {
            return Err(Error::unsupported(
                provider,
                format_args!("disabling {kind} triggers (delete the trigger instead)"),
            ));
        }
        Ok(())
    }

    fn check_trigger_config(&self, provider: &'static str, config: &TriggerConfig) -> Result<()> {
        let kind = config.kind();
        if !self.supports_trigger(kind) {
            return Err(Error::unsupported(
                provider,
                format_args!("{kind} triggers"),
            ));
        }
        match config {
            TriggerConfig::Timer(t) => match &t.schedule {
                crate::Schedule::Cron(expr) => check_nonempty("trigger schedule (cron)", expr),
                crate::Schedule::Rate(every) => {
                    if every.as_secs() < 60
                        || every.subsec_nanos() != 0
                        || every.as_secs() % 60 != 0
                    {
                        return Err(Error::invalid_argument(
                            "trigger schedule (rate)",
                            format_args!(
                                "must be a whole number of minutes, at least 1 minute, got {} seconds",
                                fmt_secs(*every)
                            ),
                        ));
                    }
                    Ok(())
                }
            },
            TriggerConfig::Http(h) => {
                if h.methods.is_empty() {
                    return Err(Error::invalid_argument(
                        "trigger methods",
                        "must name at least one HTTP method",
                    ));
                }
                if h.path.is_some() && !self.http_trigger_path {
                    return Err(Error::unsupported(provider, "a path on HTTP triggers"));
                }
                if let Some(max) = self.max_http_trigger_methods
                    && h.methods.len() > max
                {
                    return Err(Error::invalid_argument(
                        "trigger methods",
                        format_args!(
                            "{provider} takes at most {max} HTTP method(s) per trigger (use `Any` for all), got {}",
                            h.methods.len()
                        ),
                    ));
                }
                Ok(())
            }
            TriggerConfig::ObjectStorage(o) => {
                check_nonempty("trigger bucket", &o.bucket)?;
                if o.events.is_empty() {
                    return Err(Error::invalid_argument(
                        "trigger events",
                        "must name at least one object event",
                    ));
                }
                Ok(())
            }
            TriggerConfig::Raw(r) => check_nonempty("trigger provider_type", &r.provider_type),
        }
    }

    /// Checks an async config for `qualifier`.
    pub fn check_async_config(
        &self,
        provider: &'static str,
        qualifier: &Qualifier,
        config: &AsyncConfig,
    ) -> Result<()> {
        if !self.async_invoke {
            return Err(Error::unsupported(provider, "asynchronous invocation"));
        }
        if !qualifier.is_latest() && !self.async_config_per_qualifier {
            return Err(Error::unsupported(
                provider,
                "async configs on a version or alias",
            ));
        }
        self.check_qualifier("async config qualifier", qualifier)?;
        if let Some(r) = config.max_retries {
            if r > self.async_max_retries {
                return Err(Error::invalid_argument(
                    "max_retries",
                    format_args!("must be between 0 and {}, got {r}", self.async_max_retries),
                ));
            }
        }
        if let Some(age) = config.max_event_age {
            self.async_event_age.check("max_event_age", age)?;
        }
        for (field, dest) in [
            ("on_success", &config.on_success),
            ("on_failure", &config.on_failure),
        ] {
            if let Some(d) = dest {
                self.check_destination(provider, field, d)?;
            }
        }
        Ok(())
    }

    fn check_destination(
        &self,
        provider: &'static str,
        field: &str,
        d: &Destination,
    ) -> Result<()> {
        if !self.supports_destination(d.kind()) {
            return Err(Error::unsupported(
                provider,
                format_args!("{:?} destinations ({field})", d.kind()),
            ));
        }
        match d {
            Destination::Function {
                function,
                qualifier,
            } => {
                self.names
                    .namespace
                    .check(&format!("{field}.function.namespace"), &function.namespace)?;
                self.names
                    .function
                    .check(&format!("{field}.function.name"), &function.name)?;
                if let Some(q) = qualifier {
                    self.check_qualifier(&format!("{field}.qualifier"), q)?;
                }
                Ok(())
            }
            Destination::Queue { name }
            | Destination::Topic { name }
            | Destination::Stream { name } => check_nonempty(&format!("{field}.name"), name),
            Destination::ObjectStorage { bucket, .. } => {
                check_nonempty(&format!("{field}.bucket"), bucket)
            }
            Destination::Raw {
                provider_type,
                target,
            } => {
                check_nonempty(&format!("{field}.provider_type"), provider_type)?;
                check_nonempty(&format!("{field}.target"), target)
            }
        }
    }

    /// Checks an invocation request.
    pub fn check_invoke(&self, provider: &'static str, req: &InvokeRequest) -> Result<()> {
        self.check_qualifier("qualifier", &req.qualifier)?;
        match req.invocation_type {
            InvocationType::Async => {
                if !self.async_invoke {
                    return Err(Error::unsupported(provider, "asynchronous invocation"));
                }
                if req.log_tail {
                    return Err(Error::invalid_argument(
                        "log_tail",
                        "a log tail is only returned by synchronous invocations",
                    ));
                }
                if req.async_invocation_id.is_some() && !self.caller_async_invocation_id {
                    return Err(Error::unsupported(
                        provider,
                        "caller-chosen async invocation ids",
                    ));
                }
            }
            InvocationType::Sync => {
                if req.log_tail && !self.log_tail {
                    return Err(Error::unsupported(provider, "log tails"));
                }
                if req.async_invocation_id.is_some() {
                    return Err(Error::invalid_argument(
                        "async_invocation_id",
                        "only applies to asynchronous invocations",
                    ));
                }
            }
        }
        Ok(())
    }

    /// Checks that quotas can be listed.
    pub fn check_quotas(&self, provider: &'static str) -> Result<()> {
        if self.quotas {
            Ok(())
        } else {
            Err(Error::unsupported(provider, "listing quotas"))
        }
    }

    /// Checks a qualifier's version or alias name is well-formed.
    pub fn check_qualifier(&self, field: &str, q: &Qualifier) -> Result<()> {
        match q {
            Qualifier::Latest => Ok(()),
            Qualifier::Version(v) => check_nonempty(field, v),
            Qualifier::Alias(a) => self.names.alias.check(field, a),
        }
    }

    fn check_runtime(&self, runtime: &Runtime) -> Result<()> {
        if matches!(runtime, Runtime::Other(_)) || self.runtimes.contains(runtime) {
            return Ok(());
        }
        let offered: Vec<&str> = self.runtimes.iter().map(Runtime::id).collect();
        Err(Error::invalid_argument(
            "runtime",
            format_args!(
                "`{runtime}` is not offered; choose one of {}",
                offered.join(", ")
            ),
        ))
    }

    fn check_handler(&self, field: &str, handler: &str) -> Result<()> {
        check_nonempty(field, handler)?;
        if let Some(max) = self.max_handler_len {
            if handler.chars().count() > max {
                return Err(Error::invalid_argument(
                    field,
                    format_args!("must be at most {max} characters"),
                ));
            }
        }
        if self.handler_requires_dot && !handler.contains('.') {
            return Err(Error::invalid_argument(
                field,
                format_args!(
                    "must have the form `file.function`, got `{}`",
                    truncate(handler)
                ),
            ));
        }
        Ok(())
    }

    fn check_code(&self, code: &Code) -> Result<()> {
        match code {
            Code::Zip(bytes) => {
                if bytes.is_empty() {
                    return Err(Error::invalid_argument("code", "the ZIP archive is empty"));
                }
                if let Some(max) = self.max_inline_code_bytes {
                    if bytes.len() as u64 > max {
                        return Err(Error::new(
                            crate::ErrorKind::PayloadTooLarge,
                            format!(
                                "code: an inline ZIP may be at most {max} bytes, got {}; upload it to object storage instead",
                                bytes.len()
                            ),
                        ));
                    }
                }
                Ok(())
            }
            Code::ObjectStorage { bucket, key } => {
                check_nonempty("code.bucket", bucket)?;
                check_nonempty("code.key", key)
            }
        }
    }

    fn check_memory(&self, mb: u32) -> Result<()> {
        if self.memory.allows(mb) {
            Ok(())
        } else {
            Err(Error::invalid_argument(
                "memory_mb",
                format_args!("must be {}, got {mb}", self.memory),
            ))
        }
    }

    fn check_description(&self, description: Option<&str>) -> Result<()> {
        if let (Some(max), Some(d)) = (self.max_description_len, description) {
            let len = d.chars().count();
            if len > max {
                return Err(Error::invalid_argument(
                    "description",
                    format_args!("must be at most {max} characters, got {len}"),
                ));
            }
        }
        Ok(())
    }

    fn check_environment<'a>(
        &self,
        env: impl Iterator<Item = (&'a String, &'a String)>,
    ) -> Result<()> {
        let mut total = 0usize;
        let mut count = 0usize;
        for (k, v) in env {
            count += 1;
            if k.is_empty()
                || k.starts_with(|c: char| c.is_ascii_digit())
                || !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                return Err(Error::invalid_argument(
                    "environment",
                    format_args!(
                        "variable names must be letters, digits and `_`, not starting with a digit, got `{}`",
                        truncate(k)
                    ),
                ));
            }
            total += k.len() + v.len();
        }
        if let Some(max) = self.max_environment_variables {
            if count > max {
                return Err(Error::invalid_argument(
                    "environment",
                    format_args!("at most {max} variables are allowed, got {count}"),
                ));
            }
        }
        if let Some(max) = self.max_environment_bytes {
            if total > max {
                return Err(Error::invalid_argument(
                    "environment",
                    format_args!("names and values may total at most {max} bytes, got {total}"),
                ));
            }
        }
        Ok(())
    }
}

fn check_nonempty(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        Err(Error::invalid_argument(field, "must not be empty"))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ErrorKind, HttpAuth, HttpConfig, TimerConfig};

    fn spec() -> FunctionSpec {
        FunctionSpec::new(
            "hello",
            Runtime::Python39,
            "index.handler",
            Code::zip(vec![1, 2, 3]),
        )
    }

    #[test]
    fn memory_rules_name_the_rule() {
        let fc = Capabilities::alibaba_fc();
        let err = fc
            .check_function_spec(&spec().with_memory_mb(100))
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidArgument);
        assert_eq!(
            err.message(),
            "memory_mb: must be a multiple of 64 MB from 128 to 32768 MB, got 100"
        );
        let fg = Capabilities::huawei_functiongraph();
        assert!(fg.check_function_spec(&spec().with_memory_mb(192)).is_err());
        assert!(fg.check_function_spec(&spec().with_memory_mb(256)).is_ok());
    }

    #[test]
    fn timeouts_are_checked_against_the_range() {
        let fg = Capabilities::huawei_functiongraph();
        let err = fg
            .check_function_spec(&spec().with_timeout(Duration::from_secs(1000)))
            .unwrap_err();
        assert_eq!(
            err.message(),
            "timeout: must be between 3 and 900 seconds, got 1000"
        );
    }

    #[test]
    fn names_follow_each_provider() {
        let fg = Capabilities::huawei_functiongraph();
        let mut s = spec();
        s.name = "ends-with-dash-".into();
        assert!(
            fg.check_function_spec(&s)
                .unwrap_err()
                .message()
                .contains("must end with")
        );
        let fc = Capabilities::alibaba_fc();
        assert!(fc.check_function_spec(&s).is_ok());
        s.name = "名字".into();
        assert!(fc.check_function_spec(&s).is_err());
    }

    #[test]
    fn handler_form_is_required_where_declared() {
        let fg = Capabilities::huawei_functiongraph();
        let mut s = spec();
        s.handler = "main".into();
        assert!(
            fg.check_function_spec(&s)
                .unwrap_err()
                .message()
                .contains("file.function")
        );
        assert!(Capabilities::alibaba_fc().check_function_spec(&s).is_ok());
    }

    #[test]
    fn weights_are_fractions_summing_under_one_on_the_step() {
        let fg = Capabilities::huawei_functiongraph();
        let ok = AliasSpec::new("prod", "v1").with_weight("v2", 0.25);
        assert!(fg.check_alias_spec(&ok).is_ok());
        let off_step = AliasSpec::new("prod", "v1").with_weight("v2", 0.255);
        assert!(
            fg.check_alias_spec(&off_step)
                .unwrap_err()
                .message()
                .contains("multiple of 0.01")
        );
        let fc = Capabilities::alibaba_fc();
        assert!(fc.check_alias_spec(&off_step).is_ok());
        let too_much = AliasSpec::new("prod", "1")
            .with_weight("2", 0.6)
            .with_weight("3", 0.5);
        assert!(
            fc.check_alias_spec(&too_much)
                .unwrap_err()
                .message()
                .contains("sum to at most 1")
        );
        let negative = AliasSpec::new("prod", "1").with_weight("2", -0.1);
        assert!(fc.check_alias_spec(&negative).is_err());
        let nan = AliasSpec::new("prod", "1").with_weight("2", f64::NAN);
        assert!(fc.check_alias_spec(&nan).is_err());
        let self_weight = AliasSpec::new("prod", "1").with_weight("1", 0.1);
        assert!(fc.check_alias_spec(&self_weight).is_err());
    }

    #[test]
    fn unsupported_calls_say_so() {
        let fc = Capabilities::alibaba_fc();
        assert_eq!(
            fc.check_quotas("alibaba-fc").unwrap_err().kind(),
            ErrorKind::Unsupported
        );
        let err = fc
            .check_publish("alibaba-fc", &PublishVersion::new().with_name("v1"))
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        let fg = Capabilities::huawei_functiongraph();
        assert_eq!(
            fg.check_namespace_spec("huawei-functiongraph", &NamespaceSpec::new("pkg"))
                .unwrap_err()
                .kind(),
            ErrorKind::Unsupported
        );
        let trig = TriggerSpec::new(
            "web",
            TriggerConfig::Http(
                HttpConfig::new(HttpAuth::Anonymous, [crate::HttpMethod::Get]).with_path("/x"),
            ),
        );
        assert_eq!(
            fc.check_trigger_spec("alibaba-fc", &trig)
                .unwrap_err()
                .kind(),
            ErrorKind::Unsupported
        );
    }

    #[test]
    fn alias_to_latest_and_if_match_follow_the_provider() {
        let fc = Capabilities::alibaba_fc();
        let fg = Capabilities::huawei_functiongraph();
        let to_latest = AliasSpec::new("dev", "latest");
        assert_eq!(
            fc.check_alias_spec(&to_latest).unwrap_err().kind(),
            ErrorKind::InvalidArgument
        );
        assert!(fg.check_alias_spec(&to_latest).is_ok());
        assert!(fc.check_if_match("alibaba-fc", Some("etag")).is_ok());
        assert_eq!(
            fg.check_if_match("huawei-functiongraph", Some("etag"))
                .unwrap_err()
                .kind(),
            ErrorKind::Unsupported
        );
        assert!(fg.check_if_match("huawei-functiongraph", None).is_ok());
    }

    #[test]
    fn environment_variable_count_is_capped_where_declared() {
        let fg = Capabilities::huawei_functiongraph();
        let mut s = spec();
        for i in 0..21 {
            s = s.with_env(format!("V{i}"), "x");
        }
        assert!(
            fg.check_function_spec(&s)
                .unwrap_err()
                .message()
                .contains("at most 20 variables")
        );
        assert!(Capabilities::alibaba_fc().check_function_spec(&s).is_ok());
    }

    #[test]
    fn timer_rates_must_be_whole_minutes() {
        let fc = Capabilities::alibaba_fc();
        let bad = TriggerSpec::new(
            "t",
            TriggerConfig::Timer(TimerConfig::rate(Duration::from_secs(90))),
        );
        assert!(fc.check_trigger_spec("alibaba-fc", &bad).is_err());
        let good = TriggerSpec::new(
            "t",
            TriggerConfig::Timer(TimerConfig::rate(Duration::from_secs(120))),
        );
        assert!(fc.check_trigger_spec("alibaba-fc", &good).is_ok());
    }

    #[test]
    fn async_limits_and_invoke_rules() {
        let fg = Capabilities::huawei_functiongraph();
        let cfg = AsyncConfig::new().with_max_retries(9);
        assert!(
            fg.check_async_config("fg", &Qualifier::Latest, &cfg)
                .is_err()
        );
        let cfg = AsyncConfig::new().with_max_retries(0);
        assert!(
            fg.check_async_config("fg", &Qualifier::Latest, &cfg)
                .is_ok()
        );
        let cfg = AsyncConfig::new().with_on_success(Destination::Queue { name: "q".into() });
        assert_eq!(
            fg.check_async_config("fg", &Qualifier::Latest, &cfg)
                .unwrap_err()
                .kind(),
            ErrorKind::Unsupported
        );
        let req = InvokeRequest::new("{}").asynchronous().with_log_tail(true);
        assert_eq!(
            fg.check_invoke("fg", &req).unwrap_err().kind(),
            ErrorKind::InvalidArgument
        );
    }

    #[test]
    fn inline_code_cap_is_payload_too_large() {
        let mut caps = Capabilities::alibaba_fc();
        caps.max_inline_code_bytes = Some(2);
        let err = caps.check_function_spec(&spec()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::PayloadTooLarge);
    }

    #[test]
    fn environment_names_and_size() {
        let fc = Capabilities::alibaba_fc();
        assert!(
            fc.check_function_spec(&spec().with_env("1BAD", "x"))
                .is_err()
        );
        assert!(
            fc.check_function_spec(&spec().with_env("GOOD_1", "x"))
                .is_ok()
        );
        let big = "x".repeat(5000);
        assert!(
            fc.check_function_spec(&spec().with_env("BIG", big))
                .is_err()
        );
    }
}
