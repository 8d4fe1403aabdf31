//! The CORS configuration of an Api as the AGW5xx rules read it.

use apigw_model::api::{Api, Cors, Protocol};

/// The CORS configuration whose values are checked: set on an Api that is not WebSocket (there,
/// the property itself is AGW203's mistake).
pub fn checked<'m, 'a>(api: &'m Api<'a>) -> Option<&'m Cors<'a>> {
    api.cors.as_ref().filter(|_| api.protocol != Protocol::WebSocket)
}

/// The CORS configuration when the Api certainly has one: written as a mapping (or SAM's
/// `CorsConfiguration: true`), not behind `Fn::If` or a parameter. Rules about what CORS does to
/// routes and integrations need this.
pub fn configured<'m, 'a>(api: &'m Api<'a>) -> Option<&'m Cors<'a>> {
    checked(api).filter(|cors| {
        let value = &cors.entry.value;
        (value.entries().is_some() || value.as_bool() == Some(true)) && value.tag.is_none()
    })
}
