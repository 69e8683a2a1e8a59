//! Quotas (§3.2, §4.8).

wire_struct! {
    /// The response of ListQuotas (`GET /quotas`).
    pub struct ListQuotasResponse {
        /// The quotas.
        quotas: ListQuotasResult,
    }
}

wire_struct! {
    /// The `quotas` member of [`ListQuotasResponse`].
    pub struct ListQuotasResult {
        /// One entry per quota type.
        resources: Vec<QuotaResource>,
    }
}

wire_struct! {
    /// One quota.
    pub struct QuotaResource {
        /// The limit.
        quota: i32,
        /// The amount used.
        used: i32,
        /// The quota type: one of the `QUOTA_*` constants.
        r#type: String,
        /// The unit: `MB` for `fgs_func_code_size`, absent otherwise.
        unit: String,
    }
}

/// Quota type: scale-down timeout.
pub const QUOTA_FUNC_SCALE_DOWN_TIMEOUT: &str = "fgs_func_scale_down_timeout";
/// Quota type: concurrent executions.
pub const QUOTA_FUNC_OCCURS: &str = "fgs_func_occurs";
/// Quota type: idle time.
pub const QUOTA_FUNC_PAT_IDLE_TIME: &str = "fgs_func_pat_idle_time";
/// Quota type: number of functions.
pub const QUOTA_FUNC_NUM: &str = "fgs_func_num";
/// Quota type: total code size (MB).
pub const QUOTA_FUNC_CODE_SIZE: &str = "fgs_func_code_size";
/// Quota type: number of workflows.
pub const QUOTA_WORKFLOW_NUM: &str = "fgs_workflow_num";
