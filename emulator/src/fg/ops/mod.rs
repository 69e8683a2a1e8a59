//! The FunctionGraph operations, one function each, over the locked [`State`].

use super::Ctx;
use super::reply::FgResult;
use super::routes::{Op, Route};
use super::state::State;

pub(crate) mod asyncs;
pub(crate) mod functions;
pub(crate) mod invoke;
pub(crate) mod misc;
pub(crate) mod triggers;
pub(crate) mod versions;

/// Runs the (non-invocation) operation `route` names.
pub(crate) fn handle(state: &mut State, ctx: &Ctx<'_>, route: &Route) -> FgResult {
    use Op as O;
    let urn = route.urn.as_str();
    let id = route.id.as_str();
    match route.op {
        O::ListQuotas => misc::list_quotas(state, ctx),
        O::ListDependencies => misc::list_dependencies(state, ctx),
        O::CreateDependency => misc::create_dependency(state, ctx),
        O::ShowDependency => misc::show_dependency(state, id),
        O::UpdateDependency => misc::update_dependency(state, ctx, id),
        O::DeleteDependency => misc::delete_dependency(state, id),
        O::ListFunctions => functions::list(state, ctx),
        O::CreateFunction => functions::create(state, ctx),
        O::ListStatistics => misc::list_statistics(state, ctx),
        O::EnableLtsLogs => misc::enable_lts(state),
        O::ImportFunction => functions::import(state, ctx),
        O::DeleteFunction => functions::delete(state, ctx, urn),
        O::ShowCode => functions::show_code(state, ctx, urn),
        O::UpdateCode => functions::update_code(state, ctx, urn),
        O::ShowConfig => functions::show_config(state, ctx, urn),
        O::UpdateConfig => functions::update_config(state, ctx, urn),
        O::UpdateMaxInstance => functions::update_max_instance(state, ctx, urn),
        O::UpdateReserved => functions::update_reserved(state, ctx, urn),
        O::ExportFunction => functions::export(state, ctx, urn),
        O::ShowTracing => misc::show_tracing(state, ctx, urn),
        O::UpdateTracing => misc::update_tracing(state, ctx, urn),
        O::ListEvents => misc::list_events(state, ctx, urn),
        O::CreateEvent => misc::create_event(state, ctx, urn),
        O::ShowEvent => misc::show_event(state, ctx, urn, id),
        O::UpdateEvent => misc::update_event(state, ctx, urn, id),
        O::DeleteEvent => misc::delete_event(state, ctx, urn, id),
        O::FunctionStatistics => misc::function_statistics(state, ctx, urn),
        O::LtsLogDetail => misc::lts_log_detail(state, ctx, urn),
        O::ListAliases => versions::list_aliases(state, ctx, urn),
        O::CreateAlias => versions::create_alias(state, ctx, urn),
        O::ShowAlias => versions::show_alias(state, ctx, urn, id),
        O::UpdateAlias => versions::update_alias(state, ctx, urn, id),
        O::DeleteAlias => versions::delete_alias(state, ctx, urn, id),
        O::ListVersions => versions::list_versions(state, ctx, urn),
        O::PublishVersion => versions::publish(state, ctx, urn),
        O::ShowAsyncConfig => asyncs::show_config(state, ctx, urn),
        O::UpdateAsyncConfig => asyncs::update_config(state, ctx, urn),
        O::DeleteAsyncConfig => asyncs::delete_config(state, ctx, urn),
        O::ListAsyncConfigs => asyncs::list_configs(state, ctx, urn),
        O::ListAsyncInvocations => asyncs::list_invocations(state, ctx, urn),
        O::StopAsyncInvocation => asyncs::stop_invocation(state, ctx, urn),
        O::ListTriggers => triggers::list(state, ctx, urn),
        O::CreateTrigger => triggers::create(state, ctx, urn),
        O::DeleteTriggers => triggers::delete_all(state, ctx, urn),
        O::ShowTrigger => triggers::show(state, ctx, urn, id, &route.id2),
        O::UpdateTrigger => triggers::update(state, ctx, urn, id, &route.id2),
        O::DeleteTrigger => triggers::delete(state, ctx, urn, id, &route.id2),
        O::Invoke | O::InvokeAsync | O::InvokeReserved => Err(super::FgError::invalid(
            "invocations are handled outside the state lock",
        )),
    }
}
