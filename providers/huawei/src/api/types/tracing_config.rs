//! Function tracing (APM) configuration (§3.5, §4.11).

use crate::Secret;

wire_struct! {
    /// The APM credentials of a function: the response of ShowTracing and the body of UpdateTracing
    /// (`GET`/`PUT /functions/{urn}/tracing`; both members empty or absent disable tracing).
    pub struct TracingConfig {
        /// The APM access key.
        tracing_ak: String,
        /// The APM secret key (never shown by `Debug`).
        tracing_sk: Secret,
    }
}
