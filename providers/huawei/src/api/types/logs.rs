//! Function logs in LTS (§3.9).

wire_struct! {
    /// The response of ShowFunctionLogGroupAndStream (`GET /functions/{urn}/lts-log-detail`).
    /// EnableLtsLogs (`POST /functions/enable-lts-logs`) has no body either way.
    pub struct LtsLogDetail {
        /// The log group name.
        group_name: String,
        /// The log group id.
        group_id: String,
        /// The log stream id.
        stream_id: String,
        /// The log stream name.
        stream_name: String,
    }
}
