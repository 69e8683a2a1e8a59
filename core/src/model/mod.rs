//! The provider-neutral model: what cloudfn users read and write.
//!
//! Conventions: `*Spec` is what you create, the bare name is what the provider reports, `*Update` is a patch
//! where `None` means "leave as is". Unset (`None`) is always distinct from zero. Every type keeps the
//! provider's untyped fields in `extensions`.

mod async_config;
mod function;
mod invoke;
mod namespace;
mod quota;
mod refs;
mod runtime;
mod trigger;
mod version;

pub use async_config::{AsyncConfig, Destination, DestinationKind};
pub use function::{Code, Function, FunctionSpec, FunctionUpdate, Initializer};
pub use invoke::{FunctionError, FunctionErrorKind, InvocationType, InvokeRequest, InvokeResponse};
pub use namespace::{Namespace, NamespaceSpec, NamespaceUpdate};
pub use quota::{Quota, QuotaKind};
pub use refs::{Extensions, FunctionRef, Qualifier};
pub use runtime::Runtime;
pub use trigger::{
    HttpAuth, HttpConfig, HttpMethod, ObjectEvent, ObjectStorageConfig, RawTrigger, Schedule,
    TimerConfig, Trigger, TriggerConfig, TriggerKind, TriggerSpec, TriggerUpdate,
};
pub use version::{Alias, AliasSpec, AliasUpdate, PublishVersion, Version, VersionWeights};
