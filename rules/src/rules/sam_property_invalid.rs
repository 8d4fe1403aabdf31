use apigw_model::Model;
use apigw_model::api::Dialect;
use apigw_model::sam::{HTTP_API, WEBSOCKET_API};
use apigw_model::template::Resource;
use apigw_syntax::{Entry, Node, Span};

use crate::{Checker, Rule, declare_rule};

/// HttpApi properties SAM writes into the definition, so that it needs an inline one.
const NEED_INLINE_DEFINITION: &[&str] = &["CorsConfiguration", "Auth", "Tags", "DisableExecuteApiEndpoint", "Description", "Name"];
const AUTH_KEYS: &[&str] = &["Authorizers", "DefaultAuthorizer", "EnableIamAuthorizer"];
const JWT_ONLY: &[&str] = &["JwtConfiguration", "IdentitySource", "AuthorizationScopes"];
const LAMBDA_ONLY: &[&str] = &[
    "FunctionArn",
    "FunctionInvokeRole",
    "Identity",
    "AuthorizerPayloadFormatVersion",
    "EnableSimpleResponses",
    "EnableFunctionDefaultPermissions",
];
const WEBSOCKET_SPECIAL_ROUTES: &[&str] = &["$connect", "$disconnect", "$default"];

declare_rule! {
    /// ## What it checks
    /// SAM properties of `AWS::Serverless::HttpApi` and `AWS::Serverless::WebSocketApi` that
    /// the SAM transform rejects:
    /// - `DefinitionUri` together with `DefinitionBody`; `CorsConfiguration`, `Auth`, `Tags`,
    ///   `DisableExecuteApiEndpoint`, `Description` or `Name` with a `DefinitionUri` (SAM writes
    ///   them into the definition, which it can only do inline);
    /// - `Auth` keys other than `Authorizers`, `DefaultAuthorizer` and `EnableIamAuthorizer`; a
    ///   JWT authorizer without `IdentitySource`, a Lambda authorizer without `FunctionArn` or
    ///   `AuthorizerPayloadFormatVersion`, and keys of one kind on the other; a
    ///   `DefaultAuthorizer` or an event's `Auth.Authorizer` naming no authorizer;
    /// - a custom domain's `EndpointConfiguration` other than `REGIONAL`, and a `BasePath` with
    ///   characters other than letters, digits, `-`, `_` and `/`;
    /// - WebSocket: `Auth` without a `$connect` route, an `AuthType` other than `NONE`,
    ///   `AWS_IAM` and `CUSTOM` (which needs `AuthArn`), route keys other than `$connect`,
    ///   `$disconnect`, `$default` and letters and digits, a route without `FunctionArn`, a
    ///   stage named `$default`, and mutual TLS on the domain.
    ///
    /// ## Why
    /// `sam deploy` and CloudFormation's transform stop on each of these before anything is
    /// created; finding them in the editor saves the round trip.
    ///
    /// ## Example
    /// ```yaml
    /// OrdersApi:
    ///   Type: AWS::Serverless::HttpApi
    ///   Properties:
    ///     DefinitionUri: ./openapi.yaml
    ///     CorsConfiguration: {AllowOrigins: [https://example.com]}
    /// ```
    ///
    /// ## Fix
    /// Follow the message: move the setting into the definition (`x-amazon-apigateway-cors`),
    /// inline the definition with `DefinitionBody` and `AWS::Include`, or correct the value.
    pub struct SamPropertyInvalid {
        code: "AGW806",
        name: "sam-property-invalid",
        severity: Error,
        fix: None,
    }
}

impl Rule for SamPropertyInvalid {
    fn check(&self, model: &Model, checker: &mut Checker) {
        let mut found: Vec<(Option<usize>, Span, String)> = Vec::new();
        for (id, resource) in model.template.resources.iter().enumerate() {
            let mut report = |span, message: String| found.push((Some(id), span, message));
            if resource.is_type(HTTP_API) {
                http_api(resource, &mut report);
            } else if resource.is_type(WEBSOCKET_API) {
                websocket_api(resource, &mut report);
            }
        }
        // An event's `Auth.Authorizer` that its Api does not define.
        for route in model.routes.iter().filter(|route| route.origin.dialect == Dialect::Sam) {
            let Some(link) = route.authorizer.filter(|link| link.target.is_none()) else { continue };
            let Some(name) = link.entry.value.as_str() else { continue };
            if route.api.and_then(|api| api.target).is_some() {
                let message = format!("the Api defines no authorizer named `{name}` in `Auth.Authorizers`");
                found.push((route.origin.resource, link.entry.value.span, message));
            }
        }
        for (resource, span, message) in found {
            let diagnostic = checker.diagnostic(span, message).for_resource(resource.map(|id| model.template.resources[id].id));
            checker.push(diagnostic);
        }
    }
}

fn http_api<'a>(resource: &Resource<'a>, report: &mut dyn FnMut(Span, String)) {
    let property = |name| resource.property(name);
    if let (Some(uri), Some(_)) = (property("DefinitionUri"), property("DefinitionBody")) {
        report(uri.key.span, "`DefinitionUri` and `DefinitionBody` exclude each other: keep one".into());
    } else if property("DefinitionUri").is_some() {
        for name in NEED_INLINE_DEFINITION {
            if let Some(entry) = property(name) {
                report(entry.key.span, format!("`{name}` works only with an inline `DefinitionBody`: SAM cannot add it to a `DefinitionUri` file"));
            }
        }
    }
    if let Some(auth) = property("Auth").filter(|entry| entry.value.entries().is_some()) {
        unknown_keys(auth, AUTH_KEYS, report);
        let authorizers = auth.value.get("Authorizers");
        for authorizer in authorizers.and_then(Node::entries).unwrap_or_default() {
            lambda_or_jwt(authorizer, report);
        }
        if let Some(default) = auth.value.entry("DefaultAuthorizer")
            && let Some(name) = default.value.as_str()
        {
            let iam = name == "AWS_IAM" && auth.value.get("EnableIamAuthorizer").and_then(Node::as_bool) == Some(true);
            if !iam && authorizers.and_then(|authorizers| authorizers.get(name)).is_none() {
                report(default.value.span, format!("`DefaultAuthorizer` names `{name}`, which `Authorizers` does not define"));
            }
        }
    }
    domain(resource, false, report);
}

fn lambda_or_jwt(authorizer: &Entry, report: &mut dyn FnMut(Span, String)) {
    let Some(entries) = authorizer.value.entries() else { return };
    let name = &authorizer.key.text;
    let jwt = authorizer.value.entry("JwtConfiguration").is_some();
    let (required, foreign, kind): (&[&str], &[&str], _) =
        if jwt { (&["IdentitySource"], LAMBDA_ONLY, "JWT") } else { (&["FunctionArn", "AuthorizerPayloadFormatVersion"], JWT_ONLY, "Lambda") };
    for key in required {
        if authorizer.value.entry(key).is_none() {
            report(authorizer.key.span, format!("the {kind} authorizer `{name}` needs `{key}`"));
        }
    }
    for entry in entries.iter().filter(|entry| foreign.contains(&entry.key.text.as_str())) {
        // `AuthorizationScopes` is JWT-only; `JwtConfiguration` itself makes the authorizer JWT.
        report(entry.key.span, format!("`{}` is not a setting of a {kind} authorizer", entry.key.text));
    }
}

fn domain(resource: &Resource, websocket: bool, report: &mut dyn FnMut(Span, String)) {
    let Some(domain) = resource.property("Domain").filter(|entry| entry.value.entries().is_some()) else { return };
    if let Some(endpoint) = domain.value.entry("EndpointConfiguration")
        && endpoint.value.as_str().is_some_and(|text| text != "REGIONAL")
    {
        report(endpoint.value.span, "SAM custom domains of HTTP and WebSocket APIs are `REGIONAL` only".into());
    }
    if websocket && let Some(mtls) = domain.value.entry("MutualTlsAuthentication") {
        report(mtls.key.span, "mutual TLS is not supported for the custom domain of a WebSocket API".into());
    }
    let base_paths = domain.value.get("BasePath");
    let paths = base_paths.and_then(Node::items).map_or_else(|| base_paths.into_iter().collect(), |items| items.iter().collect::<Vec<_>>());
    for path in paths {
        if let Some(text) = path.as_str()
            && !text.chars().all(is_base_path_char)
        {
            report(path.span, format!("base path `{text}` may hold only letters, digits, `-`, `_` and `/`"));
        }
    }
}

/// Whether SAM accepts a character in a custom domain's `BasePath`.
pub(crate) fn is_base_path_char(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '/')
}

fn websocket_api(resource: &Resource, report: &mut dyn FnMut(Span, String)) {
    let property = |name| resource.property(name);
    let routes = property("Routes").and_then(|entry| entry.value.entries()).unwrap_or_default();
    for route in routes {
        let key = route.key.text.as_str();
        if !WEBSOCKET_SPECIAL_ROUTES.contains(&key) && !key.chars().all(|ch| ch.is_alphanumeric()) {
            report(route.key.span, format!("route key `{key}` must be letters and digits: the only special routes are `$connect`, `$disconnect` and `$default`"));
        }
        if route.value.entries().is_some() && route.value.entry("FunctionArn").is_none() {
            report(route.key.span, format!("route `{key}` has no `FunctionArn`: SAM routes every WebSocket route to a function"));
        }
    }
    if let Some(auth) = property("Auth").filter(|entry| entry.value.entries().is_some()) {
        if !routes.iter().any(|route| route.key.text == "$connect") {
            report(auth.key.span, "`Auth` applies to the `$connect` route, and this Api has none".into());
        }
        match auth.value.entry("AuthType") {
            None => report(auth.key.span, "`Auth` needs an `AuthType`: `NONE`, `AWS_IAM` or `CUSTOM`".into()),
            Some(kind) => match kind.value.as_str().map(str::to_ascii_uppercase).as_deref() {
                Some("CUSTOM") if auth.value.entry("AuthArn").is_none() => {
                    report(kind.value.span, "`CUSTOM` authorization needs `AuthArn`, the authorizer function".into());
                }
                Some("CUSTOM" | "AWS_IAM" | "NONE") | None => {}
                Some(other) => report(kind.value.span, format!("`{other}` is not an `AuthType`: `NONE`, `AWS_IAM` or `CUSTOM`")),
            },
        }
    }
    if let Some(stage) = property("StageName")
        && stage.value.as_str() == Some("$default")
    {
        report(stage.value.span, "a WebSocket stage cannot be named `$default`".into());
    }
    domain(resource, true, report);
}

fn unknown_keys(entry: &Entry, known: &[&str], report: &mut dyn FnMut(Span, String)) {
    for key in entry.value.entries().unwrap_or_default() {
        if !known.contains(&key.key.text.as_str()) {
            report(key.key.span, format!("`{}` is not a key of `{}`: {}", key.key.text, entry.key.text, known.join(", ")));
        }
    }
}
