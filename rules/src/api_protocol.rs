//! The protocol of the Api an element belongs to: many facts about routes and integrations hold
//! for HTTP APIs and not for WebSocket APIs, or the other way round.

use apigw_model::Model;
use apigw_model::api::{Api, Link, Protocol};

use crate::Diagnostic;

/// The protocol of the Api a link (`ApiId`) names; `Unknown` when the Api is not in the template
/// or its `ProtocolType` is not known.
pub fn protocol_of(model: &Model, api: Option<Link>) -> Protocol {
    model.api_of(api).map_or(Protocol::Unknown, |api| api.protocol)
}

/// "an HTTP API" / "a WebSocket API", for messages.
pub fn describe(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::Http => "an HTTP API",
        Protocol::WebSocket => "a WebSocket API",
        Protocol::Unknown => "an API",
    }
}

/// Adds a related location at the Api's `ProtocolType`, which explains why a value is wrong there
/// (when the protocol is known).
pub fn with_protocol_note(model: &Model, diagnostic: Diagnostic, api: Option<&Api>) -> Diagnostic {
    let Some(api) = api.filter(|api| api.protocol != Protocol::Unknown) else { return diagnostic };
    let Some(entry) = api.protocol_type else { return diagnostic };
    let id = model.resource_id(api.origin).unwrap_or("the Api");
    diagnostic.with_related(entry.value.span, format!("`{id}` is {}", describe(api.protocol)))
}
