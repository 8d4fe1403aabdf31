use apigw_model::Model;
use apigw_model::api::Dialect;
use apigw_model::api::DefinitionState;
use apigw_model::sam::{self, HTTP_API, WEBSOCKET_API};
use apigw_model::template::Resource;
use apigw_model::{ResourceId, intrinsic};
use apigw_syntax::{Entry, Node, ScalarKind, Span, Value};

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
/// The keys of SAM's `CorsProperties` (samtranslator `http_api_generator.py`).
const CORS_KEYS: &[&str] = &["AllowMethods", "AllowHeaders", "AllowOrigins", "MaxAge", "ExposeHeaders", "AllowCredentials"];
const MUTUAL_TLS_KEYS: &[&str] = &["TruststoreUri", "TruststoreVersion"];
/// HttpApi properties SAM writes into an inline definition with its OpenAPI editor, which
/// accepts only OpenAPI 3 documents (`OpenApiEditor.is_valid`).
const EDITED_INTO_DEFINITION: &[&str] = &["CorsConfiguration", "Auth", "Tags", "DisableExecuteApiEndpoint", "Description"];

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
    /// - an inline `DefinitionBody` that is not an OpenAPI 3 document (an `openapi: 3.x` version
    ///   and a `paths` mapping) while SAM has to edit it for `CorsConfiguration`, `Auth`, `Tags`,
    ///   `DisableExecuteApiEndpoint`, `Description` or the Api's `HttpApi` events; a definition
    ///   whose `tags` is not a list (SAM adds its own tag); `Name` with a `DefinitionBody`, whose
    ///   title SAM refuses to set; `Description` when the definition has one;
    /// - `CorsConfiguration` keys other than SAM's six, an authorizer's `OpenIdConnectUrl`;
    /// - `HttpApi` events with a `Path` and no `Method` or the reverse, an event `Auth` without
    ///   `Authorizer` or with `Authorizer: NONE` on an Api that has no `DefaultAuthorizer`;
    /// - a custom domain's `EndpointConfiguration` other than `REGIONAL`, a `BasePath` with
    ///   characters other than letters, digits, `-`, `_` and `/`, `MutualTlsAuthentication` keys
    ///   other than `TruststoreUri` and `TruststoreVersion`, and `Route53` without
    ///   `HostedZoneId` or `HostedZoneName`;
    /// - WebSocket: no route, `Auth` without a `$connect` route, an `AuthType` other than
    ///   `NONE`, `AWS_IAM` and `CUSTOM` (which needs `AuthArn`), other `Auth` keys with `NONE` or
    ///   `AWS_IAM`, route keys other than `$connect`, `$disconnect`, `$default` and letters and
    ///   digits, a route without `FunctionArn`, `RequestParameters` on a route other than
    ///   `$connect`, an `IpAddressType` other than `ipv4` and `dualstack`, a stage named
    ///   `$default`, and mutual TLS on the domain.
    ///
    /// ## Why
    /// `sam deploy` and CloudFormation's transform stop on each of these before anything is
    /// created; finding them in the editor saves the round trip. Each is an error the SAM
    /// translator raises (`http_api_generator.py`, `websocket_api_generator.py`,
    /// `apiv2_generator.py`, `eventsources/push.py`, `implicit_api_plugin.py`), checked against
    /// aws-sam-translator 1.115.0.
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
                http_api_definition(model, id, resource, &mut report);
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
        for event in sam::function_events(&model.template, "HttpApi") {
            http_api_event(model, &event, &mut |span, message| found.push((Some(event.function), span, message)));
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
    if let Some(cors) = property("CorsConfiguration").filter(|entry| is_plain_mapping(&entry.value)) {
        unknown_keys(cors, CORS_KEYS, report);
    }
    if let Some(auth) = property("Auth").filter(|entry| entry.value.entries().is_some()) {
        unknown_keys(auth, AUTH_KEYS, report);
        let authorizers = auth.value.get("Authorizers");
        for authorizer in authorizers.and_then(Node::entries).unwrap_or_default() {
            if let Some(url) = authorizer.value.entry("OpenIdConnectUrl") {
                report(url.key.span, "SAM no longer supports `OpenIdConnectUrl`: give the issuer as `JwtConfiguration.issuer`".into());
            }
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
    match domain.value.entry("MutualTlsAuthentication") {
        Some(mtls) if websocket => report(mtls.key.span, "mutual TLS is not supported for the custom domain of a WebSocket API".into()),
        Some(mtls) if is_plain_mapping(&mtls.value) => unknown_keys(mtls, MUTUAL_TLS_KEYS, report),
        _ => {}
    }
    if let Some(route53) = domain.value.entry("Route53").filter(|entry| is_plain_mapping(&entry.value))
        && route53.value.entry("HostedZoneId").is_none()
        && route53.value.entry("HostedZoneName").is_none()
    {
        report(route53.key.span, "`Route53` needs `HostedZoneId` or `HostedZoneName`: SAM adds the record to that zone".into());
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
    if let Some(entry) = property("Routes").filter(|entry| entry.value.entries().is_some_and(<[Entry]>::is_empty)) {
        report(entry.value.span, "a WebSocket API needs at least one route".into());
    }
    if let Some(entry) = property("IpAddressType")
        && let Some(text) = entry.value.as_str()
        && !matches!(text, "ipv4" | "dualstack")
    {
        report(entry.value.span, format!("`{text}` is not an `IpAddressType`: `ipv4` or `dualstack`"));
    }
    for route in routes {
        let key = route.key.text.as_str();
        if !WEBSOCKET_SPECIAL_ROUTES.contains(&key) && !key.chars().all(|ch| ch.is_alphanumeric()) {
            report(route.key.span, format!("route key `{key}` must be letters and digits: the only special routes are `$connect`, `$disconnect` and `$default`"));
        }
        if route.value.entries().is_some() && route.value.entry("FunctionArn").is_none() {
            report(route.key.span, format!("route `{key}` has no `FunctionArn`: SAM routes every WebSocket route to a function"));
        }
        if key != "$connect"
            && let Some(parameters) = route.value.entry("RequestParameters").filter(|entry| is_set(&entry.value))
        {
            report(parameters.key.span, format!("`RequestParameters` apply only to the `$connect` route, not to `{key}`"));
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
                Some(kind_name @ ("AWS_IAM" | "NONE")) => {
                    for extra in auth.value.entries().unwrap_or_default().iter().filter(|entry| entry.key.text != "AuthType") {
                        report(extra.key.span, format!("`{}` is not a setting of `AuthType: {kind_name}`, which takes no other keys", extra.key.text));
                    }
                }
                Some("CUSTOM") | None => {}
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
        let name = key.key.text.as_str();
        if !known.contains(&name) {
            let hint = match crate::suggest::closest(name, known.iter().copied()) {
                Some(meant) => format!("did you mean `{meant}`?"),
                None => format!("its keys are {}", known.join(", ")),
            };
            report(key.key.span, format!("`{name}` is not a key of `{}`: {hint}", entry.key.text));
        }
    }
}

/// Checks of an HttpApi's inline definition (written in place or included), which SAM edits.
fn http_api_definition(model: &Model, id: ResourceId, resource: &Resource, report: &mut dyn FnMut(Span, String)) {
    let Some((index, api)) = model.apis.iter().enumerate().find(|(_, api)| api.origin.resource == Some(id)) else { return };
    let Some(definition) = api.definition.filter(|definition| definition.entry.key.text == "DefinitionBody") else { return };
    let DefinitionState::Read(body) = definition.state else { return };
    let edited_by = EDITED_INTO_DEFINITION
        .iter()
        .find(|name| resource.property(name).is_some_and(|entry| **name == "DisableExecuteApiEndpoint" || is_set(&entry.value)))
        .map(|name| format!("`{name}`"))
        .or_else(|| {
            let has_events = model.integrations.iter().any(|integration| {
                integration.origin.dialect == Dialect::Sam && integration.api.and_then(|link| link.target) == Some(index)
            });
            has_events.then(|| "the routes of its `HttpApi` events".to_string())
        });
    match openapi3_problem(body) {
        Some(problem) => {
            if let Some(edited_by) = edited_by {
                report(
                    definition.entry.key.span,
                    format!("SAM writes {edited_by} into `DefinitionBody` and edits only OpenAPI 3 documents: this one {problem}"),
                );
            }
        }
        None => {
            if let Some(tags) = body.entry("tags").filter(|tags| is_set(&tags.value) && tags.value.items().is_none() && intrinsic::call(&tags.value).is_none()) {
                report(tags.key.span, "the definition's `tags` must be a list: SAM adds its `httpapi:createdBy` tag to it".into());
            }
        }
    }
    let info = body.get("info");
    if let Some(name) = resource.property("Name").filter(|entry| is_set(&entry.value)) {
        // SAM sets the title only over the placeholder of a definition it generates.
        let placeholder = info
            .and_then(|info| info.get("title"))
            .and_then(intrinsic::reference)
            .is_some_and(|reference| reference.target == "AWS::StackName" && reference.attribute.is_none());
        if !placeholder {
            report(name.key.span, "SAM sets `Name` as the title only of a definition it generates: with a `DefinitionBody`, write the name as its `info.title` and drop `Name`".into());
        }
    }
    if let Some(description) = resource.property("Description").filter(|entry| is_set(&entry.value))
        && info.and_then(|info| info.get("description")).is_some_and(is_set)
    {
        report(description.key.span, "the `DefinitionBody` has an `info.description` of its own, which SAM refuses to replace: keep one of them".into());
    }
}

/// Why SAM's OpenAPI editor refuses a definition: it needs an `openapi` version matching
/// `3.x` or `3.x.y` and a `paths` mapping. `None` when it accepts it or when an intrinsic
/// function leaves it unknown.
fn openapi3_problem(body: &Node) -> Option<String> {
    if intrinsic::call(body).is_some() {
        return None;
    }
    if body.entries().is_none() {
        return Some("is not a mapping".into());
    }
    match body.get("openapi") {
        None if body.get("swagger").is_some() => return Some("is Swagger 2.0".into()),
        None => return Some("has no `openapi` version".into()),
        Some(version) => match version.scalar() {
            Some(scalar) if version.tag.is_none() && !is_openapi3_version(&scalar.text, scalar.kind) => {
                return Some(format!("has `openapi: {}`, not a 3.x version", scalar.text));
            }
            _ => {}
        },
    }
    match body.get("paths") {
        None => Some("has no `paths`".into()),
        Some(paths) if paths.entries().is_none() && intrinsic::call(paths).is_none() => Some("has a `paths` that is not a mapping".into()),
        Some(_) => None,
    }
}

/// SAM's `\A3(\.\d)(\.\d)?$` on the version as Python prints it; a YAML number such as `3.10`
/// prints differently (`3.1`), so numbers are only held to their leading `3.`.
fn is_openapi3_version(text: &str, kind: ScalarKind) -> bool {
    if kind == ScalarKind::Number {
        return text.starts_with("3.");
    }
    let mut parts = text.split('.');
    let single_digit = |part: &str| part.len() == 1 && part.chars().all(|ch| ch.is_ascii_digit());
    parts.next() == Some("3") && parts.next().is_some_and(single_digit) && parts.next().is_none_or(single_digit) && parts.next().is_none()
}

/// An `HttpApi` event's `Path` and `Method` (SAM needs both or neither) and its `Auth`, which
/// SAM applies only with an authorizer, written or the Api's default.
fn http_api_event(model: &Model, event: &sam::Event, report: &mut dyn FnMut(Span, String)) {
    match (event.property("Path"), event.property("Method")) {
        (Some(path), None) => report(path.key.span, "`Path` needs a `Method`: SAM takes both, or neither for the `$default` route".into()),
        (None, Some(method)) => report(method.key.span, "`Method` needs a `Path`: SAM takes both, or neither for the `$default` route".into()),
        _ => {}
    }
    let Some(auth) = event.property("Auth").filter(|entry| is_set(&entry.value) && entry.value.entries().is_some()) else { return };
    // SAM adds an event's auth to the definition it edits; an Api read from `DefinitionUri` has none.
    let template = &model.template;
    let api_auth = match event.property("ApiId") {
        None => template.global("HttpApi", "DefinitionUri").is_none().then(|| template.global("HttpApi", "Auth")),
        Some(entry) => {
            let named = entry.value.as_str().or_else(|| intrinsic::reference(&entry.value).map(|reference| reference.target));
            let Some(api) = named.and_then(|name| template.resource(name)).filter(|api| api.is_type(HTTP_API)) else { return };
            let property = |name| api.property(name).or_else(|| template.global("HttpApi", name));
            property("DefinitionUri").is_none().then(|| property("Auth"))
        }
    };
    let Some(api_auth) = api_auth else { return };
    let Some(api_auth) = api_auth.map_or(Some(None), |entry| entry.value.entries().map(|_| Some(&entry.value))) else { return };
    let has_default = api_auth.and_then(|auth| auth.get("DefaultAuthorizer")).is_some_and(is_set);
    if has_default {
        return;
    }
    match auth.value.entry("Authorizer") {
        None => report(auth.key.span, "`Auth` needs an `Authorizer`: the Api has no `DefaultAuthorizer` to apply".into()),
        Some(authorizer) if authorizer.value.as_str() == Some("NONE") => report(
            authorizer.value.span,
            "`Authorizer: NONE` turns off the Api's `DefaultAuthorizer`, and this Api has none: leave `Auth` out".into(),
        ),
        Some(_) => {}
    }
}

/// A mapping that is not an intrinsic function call.
fn is_plain_mapping(node: &Node) -> bool {
    node.entries().is_some() && intrinsic::call(node).is_none()
}

/// Whether Python reads a value as true, as SAM's `if value:` tests do: not null, `false`, an
/// empty string, mapping or list.
fn is_set(node: &Node) -> bool {
    match &node.value {
        Value::Scalar(scalar) => match scalar.kind {
            ScalarKind::Null => false,
            ScalarKind::Bool(value) => value,
            _ => !scalar.text.is_empty(),
        },
        Value::Mapping(entries) => !entries.is_empty(),
        Value::Sequence(items) => !items.is_empty(),
        Value::Alias(_) => true,
    }
}
