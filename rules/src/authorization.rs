//! Route authorization as the AGW5xx and AGW6xx rules read it.

use apigw_model::Model;
use apigw_model::api::{Authorizer, Dialect, Route};
use apigw_model::sam::IDENTITY_KINDS;

use crate::values::known_items;

/// A route's `AuthorizationType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Authorization {
    None,
    Jwt,
    Custom,
    AwsIam,
}

impl Authorization {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "NONE" => Some(Authorization::None),
            "JWT" => Some(Authorization::Jwt),
            "CUSTOM" => Some(Authorization::Custom),
            "AWS_IAM" => Some(Authorization::AwsIam),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Authorization::None => "NONE",
            Authorization::Jwt => "JWT",
            Authorization::Custom => "CUSTOM",
            Authorization::AwsIam => "AWS_IAM",
        }
    }

    /// JWT and Lambda authorization name their authorizer; NONE and AWS_IAM have none.
    pub fn uses_authorizer(self) -> bool {
        matches!(self, Authorization::Jwt | Authorization::Custom)
    }

    /// The `AuthorizerType` an authorizer must have for routes of this authorization.
    pub fn authorizer_type(self) -> Option<&'static str> {
        match self {
            Authorization::Jwt => Some("JWT"),
            Authorization::Custom => Some("REQUEST"),
            Authorization::None | Authorization::AwsIam => None,
        }
    }
}

/// A route's authorization when it is certainly known. A CloudFormation route without
/// `AuthorizationType` has none (the property defaults to `NONE`); a SAM or OpenAPI route
/// without an implied authorization names an authorizer that is not known.
pub fn of_route(model: &Model, route: &Route) -> Option<Authorization> {
    match (route.authorization_type, route.implied_authorization) {
        (Some(entry), _) => Authorization::parse(model.template.text(&entry.value).known()?),
        (None, Some(implied)) => Authorization::parse(implied),
        (None, None) if route.origin.dialect == Dialect::CloudFormation => Some(Authorization::None),
        (None, None) => None,
    }
}

/// The authorizer in the template that a route's `AuthorizerId` names.
pub fn authorizer_of<'m, 'a>(model: &'m Model<'a>, route: &Route<'a>) -> Option<&'m Authorizer<'a>> {
    route.authorizer?.target.map(|index| &model.authorizers[index])
}

/// An authorizer's identity sources when certainly known: a list (CloudFormation), a
/// comma-separated string (OpenAPI's `identitySource`, SAM's JWT `IdentitySource`), or SAM's
/// Lambda `Identity` (`Headers`, `QueryStrings`, `StageVariables`, `Context`).
pub fn identity_sources(model: &Model, authorizer: &Authorizer) -> Option<Vec<String>> {
    let entry = authorizer.identity_source?;
    let value = &entry.value;
    if value.items().is_some() {
        return Some(known_items(model, value)?.into_iter().map(|(source, _)| source).collect());
    }
    if entry.key.text != "Identity" {
        let text = model.template.text(value);
        return Some(text.known()?.split(',').map(|source| source.trim().to_string()).collect());
    }
    let mut sources = Vec::new();
    for (key, prefix) in IDENTITY_KINDS {
        if let Some(list) = value.get(key) {
            sources.extend(known_items(model, list)?.into_iter().map(|(name, _)| format!("{prefix}{name}")));
        }
    }
    Some(sources)
}

/// A route key's method and path (`GET /pets` → `GET`, `/pets`); `None` for `$default` and
/// WebSocket keys.
pub fn method_and_path(key: &str) -> Option<(&str, &str)> {
    key.split_once(' ').filter(|(_, path)| path.starts_with('/'))
}
