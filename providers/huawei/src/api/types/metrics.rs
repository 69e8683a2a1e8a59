//! Function metrics (§3.8, §4.13).

use super::{QueryBuilder, ToQuery};

wire_struct! {
    /// One bucket of a metric series. `value` is `-1` for a bucket without data.
    pub struct SlaReportsValue {
        /// The bucket start, epoch **milliseconds**.
        timestamp: i64,
        /// The value (an integer in ListStatistics, a double in ListFunctionStatistics).
        value: f64,
    }
}

wire_struct! {
    /// A monthly usage figure.
    pub struct MonthUsed {
        /// The month.
        date: String,
        /// The value.
        value: f64,
    }
}

wire_struct! {
    /// The metric series of a function or tenant: the `statistics` member of ListStatistics and the whole
    /// (unwrapped) response of ListFunctionStatistics (`GET /functions/{urn}/statistics/{period}`).
    pub struct FunctionStatistics {
        /// Invocations.
        count: Vec<SlaReportsValue>,
        /// Average duration (ms).
        duration: Vec<SlaReportsValue>,
        /// Failures.
        fail_count: Vec<SlaReportsValue>,
        /// Maximum duration (ms).
        max_duration: Vec<SlaReportsValue>,
        /// Minimum duration (ms).
        min_duration: Vec<SlaReportsValue>,
        /// Throttled invocations.
        reject_count: Vec<SlaReportsValue>,
    }
}

/// The response of ListFunctionStatistics.
pub type ListFunctionStatisticsResponse = FunctionStatistics;

/// `filter` of ListStatistics: detailed statistics.
pub const STATISTICS_FILTER_MONITOR_DATA: &str = "monitor_data";
/// `filter` of ListStatistics: monthly statistics.
pub const STATISTICS_FILTER_MONTHLY_REPORT: &str = "monthly_report";

/// Query parameters of ListStatistics (`GET /functions/statistics`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListStatisticsQuery {
    /// `monitor_data` or `monthly_report` (required).
    pub filter: String,
    /// The period in minutes.
    pub period: Option<String>,
    /// With `monthly_report`: `0` this month, `1` last month, `2` last three, `3` last six.
    pub option: Option<String>,
    /// Page size (sent by the SDK).
    pub limit: Option<u32>,
    /// Page marker (sent by the SDK).
    pub marker: Option<String>,
}

impl ToQuery for ListStatisticsQuery {
    fn to_query(&self) -> Vec<(String, String)> {
        QueryBuilder::default()
            .set("filter", &self.filter)
            .opt("period", self.period.as_ref())
            .opt("option", self.option.as_ref())
            .opt("limit", self.limit.as_ref())
            .opt("marker", self.marker.as_ref())
            .build()
    }
}

wire_struct! {
    /// The response of ListStatistics.
    pub struct ListStatisticsResponse {
        /// Monthly invocation counts.
        count: Vec<MonthUsed>,
        /// Monthly resource usage (GB-seconds).
        gbs: Vec<MonthUsed>,
        /// The metric series.
        statistics: FunctionStatistics,
    }
}
