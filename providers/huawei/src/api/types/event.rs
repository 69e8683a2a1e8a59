//! Test events (§3.4, §4.10): named payloads stored per function.

use serde::{Deserialize, Serialize};

use super::Extra;

wire_struct! {
    /// An item of ListEvents.
    pub struct TestEventSummary {
        /// The test event id.
        id: String,
        /// The last update time (Unix seconds; a JSON number, kept exact).
        last_modified: serde_json::Number,
        /// The test event name.
        name: String,
    }
}

wire_struct! {
    /// The response of ListEvents (`GET /functions/{urn}/events`).
    pub struct ListEventsResponse {
        /// The total number of test events.
        count: i64,
        /// The test events.
        events: Vec<TestEventSummary>,
        /// The marker of the next page.
        next_marker: i64,
    }
}

/// The body of CreateEvent (`POST /functions/{urn}/events`).
///
/// `content` is stored and returned verbatim; the console (and cloudfn) send the Base64 of the event's
/// JSON text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateEventRequest {
    /// The name: starts with a letter; letters, digits, `-`, `_`.
    pub name: String,
    /// The event content.
    pub content: String,
    /// Additional members, sent verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The body of UpdateEvent (`PUT /functions/{urn}/events/{event_id}`); the name cannot change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateEventRequest {
    /// The new content.
    pub content: String,
    /// Additional members, sent verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

wire_struct! {
    /// The response of CreateEvent and UpdateEvent.
    pub struct CreateEventResponse {
        /// The test event id.
        id: String,
        /// The test event name.
        name: String,
    }
}

/// The response of UpdateEvent.
pub type UpdateEventResponse = CreateEventResponse;

wire_struct! {
    /// A test event: the response of ShowEvent (`GET /functions/{urn}/events/{event_id}`).
    pub struct TestEvent {
        /// The test event id.
        id: String,
        /// The test event name.
        name: String,
        /// The content, verbatim (Base64 of the event JSON in practice).
        content: String,
        /// The last update time (Unix seconds).
        last_modified: serde_json::Number,
    }
}

/// The SDK's name for an item of ListEvents.
pub type ListEventsResult = TestEventSummary;
/// The response of ShowEvent.
pub type ShowEventResponse = TestEvent;
