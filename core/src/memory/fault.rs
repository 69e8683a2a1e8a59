//! Fault injection: make the next calls of an operation fail or slow down.

use std::fmt;
use std::time::Duration;

use crate::ErrorKind;

macro_rules! operations {
    ($( $(#[$doc:meta])* $variant:ident ),+ $(,)?) => {
        /// One operation of the provider traits, for [`InMemory::inject_fault`](super::InMemory::inject_fault)
        /// and [`InMemory::calls`](super::InMemory::calls).
        ///
        /// [`Operation::as_str`] is also the operation name `InMemory` puts in its errors.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Operation {
            $( $(#[$doc])* $variant, )+
        }

        impl Operation {
            /// Every operation, in trait order.
            pub const ALL: &'static [Operation] = &[ $( Operation::$variant, )+ ];

            /// The operation's name, e.g. `CreateFunction` (the name errors carry).
            pub fn as_str(self) -> &'static str {
                match self {
                    $( Operation::$variant => stringify!($variant), )+
                }
            }
        }
    };
}

operations! {
    /// [`Namespaces::create_namespace`](crate::Namespaces::create_namespace).
    CreateNamespace,
    /// [`Namespaces::get_namespace`](crate::Namespaces::get_namespace).
    GetNamespace,
    /// [`Namespaces::update_namespace`](crate::Namespaces::update_namespace).
    UpdateNamespace,
    /// [`Namespaces::delete_namespace`](crate::Namespaces::delete_namespace).
    DeleteNamespace,
    /// [`Namespaces::list_namespaces_page`](crate::Namespaces::list_namespaces_page).
    ListNamespaces,
    /// [`Functions::create_function`](crate::Functions::create_function).
    CreateFunction,
    /// [`Functions::get_function`](crate::Functions::get_function).
    GetFunction,
    /// [`Functions::update_function`](crate::Functions::update_function).
    UpdateFunction,
    /// [`Functions::delete_function`](crate::Functions::delete_function).
    DeleteFunction,
    /// [`Functions::list_functions_page`](crate::Functions::list_functions_page).
    ListFunctions,
    /// [`Functions::get_function_code`](crate::Functions::get_function_code).
    GetFunctionCode,
    /// [`Versions::publish_version`](crate::Versions::publish_version).
    PublishVersion,
    /// [`Versions::list_versions_page`](crate::Versions::list_versions_page).
    ListVersions,
    /// [`Versions::delete_version`](crate::Versions::delete_version).
    DeleteVersion,
    /// [`Aliases::create_alias`](crate::Aliases::create_alias).
    CreateAlias,
    /// [`Aliases::get_alias`](crate::Aliases::get_alias).
    GetAlias,
    /// [`Aliases::update_alias`](crate::Aliases::update_alias).
    UpdateAlias,
    /// [`Aliases::delete_alias`](crate::Aliases::delete_alias).
    DeleteAlias,
    /// [`Aliases::list_aliases_page`](crate::Aliases::list_aliases_page).
    ListAliases,
    /// [`Triggers::create_trigger`](crate::Triggers::create_trigger).
    CreateTrigger,
    /// [`Triggers::get_trigger`](crate::Triggers::get_trigger).
    GetTrigger,
    /// [`Triggers::update_trigger`](crate::Triggers::update_trigger).
    UpdateTrigger,
    /// [`Triggers::delete_trigger`](crate::Triggers::delete_trigger).
    DeleteTrigger,
    /// [`Triggers::list_triggers_page`](crate::Triggers::list_triggers_page).
    ListTriggers,
    /// [`AsyncConfigs::put_async_config`](crate::AsyncConfigs::put_async_config).
    PutAsyncConfig,
    /// [`AsyncConfigs::get_async_config`](crate::AsyncConfigs::get_async_config).
    GetAsyncConfig,
    /// [`AsyncConfigs::delete_async_config`](crate::AsyncConfigs::delete_async_config).
    DeleteAsyncConfig,
    /// [`AsyncConfigs::list_async_configs_page`](crate::AsyncConfigs::list_async_configs_page).
    ListAsyncConfigs,
    /// [`Quotas::list_quotas`](crate::Quotas::list_quotas).
    ListQuotas,
    /// [`Invoker::invoke`](crate::Invoker::invoke) (sync and async).
    Invoke,
}

impl Operation {
    /// How many operations there are.
    pub(crate) const COUNT: usize = Operation::ALL.len();

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum FaultKind {
    Fail(ErrorKind),
    Latency(Duration),
}

/// A fault to inject into the next calls of one [`Operation`].
///
/// Faults of the same kind queue up in the order they were injected; a latency fault and a failure
/// fault combine (the call first waits, then fails). A call that fails validation consumes no fault: a real
/// client checks its input before anything is sent.
///
/// ```
/// use std::time::Duration;
/// use cloudfn_core::ErrorKind;
/// use cloudfn_core::memory::Fault;
///
/// let throttled_twice = Fault::fail(ErrorKind::Throttled, 2);
/// let slow_once = Fault::latency(Duration::from_millis(250), 1);
/// assert_eq!(throttled_twice.remaining(), 2);
/// assert_eq!(slow_once.remaining(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    kind: FaultKind,
    remaining: usize,
}

impl Fault {
    /// The next `times` calls fail with an error of `kind` whose message says the fault was injected.
    pub fn fail(kind: ErrorKind, times: usize) -> Self {
        Fault {
            kind: FaultKind::Fail(kind),
            remaining: times,
        }
    }

    /// The next `times` calls wait `delay` (with `tokio::time::sleep`) before they are served.
    pub fn latency(delay: Duration, times: usize) -> Self {
        Fault {
            kind: FaultKind::Latency(delay),
            remaining: times,
        }
    }

    /// How many more calls this fault applies to.
    pub fn remaining(&self) -> usize {
        self.remaining
    }
}

/// What one call has to suffer.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(crate) struct Injected {
    pub(crate) delay: Option<Duration>,
    pub(crate) fail: Option<ErrorKind>,
}

/// The pending faults, per operation.
#[derive(Debug, Default)]
pub(crate) struct FaultBook {
    faults: Vec<(Operation, Fault)>,
}

impl FaultBook {
    pub(crate) fn push(&mut self, op: Operation, fault: Fault) {
        if fault.remaining > 0 {
            self.faults.push((op, fault));
        }
    }

    pub(crate) fn clear(&mut self) {
        self.faults.clear();
    }

    pub(crate) fn pending(&self) -> usize {
        self.faults.len()
    }

    /// Consumes one use of the first latency fault and of the first failure fault of `op`.
    pub(crate) fn take(&mut self, op: Operation) -> Injected {
        let mut out = Injected::default();
        for (o, fault) in &mut self.faults {
            if *o != op || fault.remaining == 0 {
                continue;
            }
            match fault.kind {
                FaultKind::Latency(d) if out.delay.is_none() => {
                    out.delay = Some(d);
                    fault.remaining -= 1;
                }
                FaultKind::Fail(k) if out.fail.is_none() => {
                    out.fail = Some(k);
                    fault.remaining -= 1;
                }
                _ => {}
            }
        }
        self.faults.retain(|(_, f)| f.remaining > 0);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_are_indexed_densely_and_named() {
        for (i, op) in Operation::ALL.iter().enumerate() {
            assert_eq!(op.index(), i);
        }
        assert_eq!(Operation::COUNT, 30);
        assert_eq!(Operation::CreateFunction.as_str(), "CreateFunction");
        assert_eq!(Operation::Invoke.to_string(), "Invoke");
    }

    #[test]
    fn faults_queue_by_kind_and_combine_across_kinds() {
        let mut book = FaultBook::default();
        book.push(Operation::Invoke, Fault::fail(ErrorKind::Throttled, 1));
        book.push(Operation::Invoke, Fault::fail(ErrorKind::Service, 1));
        book.push(Operation::Invoke, Fault::latency(Duration::from_secs(1), 1));
        book.push(Operation::GetFunction, Fault::fail(ErrorKind::Timeout, 0));
        assert_eq!(book.pending(), 3);
        let first = book.take(Operation::Invoke);
        assert_eq!(first.fail, Some(ErrorKind::Throttled));
        assert_eq!(first.delay, Some(Duration::from_secs(1)));
        let second = book.take(Operation::Invoke);
        assert_eq!(second.fail, Some(ErrorKind::Service));
        assert_eq!(second.delay, None);
        assert_eq!(book.take(Operation::Invoke), Injected::default());
        assert_eq!(book.take(Operation::GetFunction), Injected::default());
    }
}
