//! OpenAPI 3.0 definitions of HTTP APIs: standalone files, inline bodies (`Body`,
//! `DefinitionBody`) and definition files, read as the routes, integrations, authorizers and
//! CORS configuration an import creates from their `x-amazon-apigateway-*` extensions.

use std::collections::HashMap;

use apigw_syntax::{Entry, Node};

use crate::api::*;
use crate::model::{Builder, FUNCTION_TYPES, VPC_LINK};
use crate::template::{ResourceId, Template};

pub const INTEGRATION: &str = "x-amazon-apigateway-integration";
pub const AUTHORIZER: &str = "x-amazon-apigateway-authorizer";
pub const CORS: &str = "x-amazon-apigateway-cors";
pub const ANY_METHOD: &str = "x-amazon-apigateway-any-method";
pub const ENDPOINT_CONFIGURATION: &str = "x-amazon-apigateway-endpoint-configuration";
/// The security requirement that means no authorization, which no `securitySchemes` entry
/// defines: SAM writes `security: [{NONE: []}]` for an event's `Auth: {Authorizer: NONE}`
/// (samtranslator/open_api/open_api.py, `_set_method_authorizer`), and API Gateway imports it.
pub const NO_AUTHORIZATION_SCHEME: &str = "NONE";

/// The operations of a path item, with the method each is a route for.
pub const METHODS: &[(&str, &str)] = &[
    ("get", "GET"),
    ("put", "PUT"),
    ("post", "POST"),
    ("delete", "DELETE"),
    ("options", "OPTIONS"),
    ("head", "HEAD"),
    ("patch", "PATCH"),
    ("trace", "TRACE"),
    (ANY_METHOD, "ANY"),
];

/// Whether a document is an OpenAPI 3 definition (`openapi: 3.x`).
pub fn is_openapi(root: &Node) -> bool {
    root.get("openapi").and_then(Node::as_str).is_some_and(|version| version.starts_with('3'))
}

/// Whether a document is an OpenAPI or Swagger definition of any version.
pub fn is_definition(root: &Node) -> bool {
    is_openapi(root) || root.get("swagger").is_some() && root.get("paths").is_some()
}

/// Extensions of REST APIs that HTTP APIs do not have, at a definition's root.
pub const REST_ROOT_EXTENSIONS: &[&str] = &[
    "x-amazon-apigateway-api-key-source",
    "x-amazon-apigateway-binary-media-types",
    "x-amazon-apigateway-documentation",
    "x-amazon-apigateway-gateway-responses",
    "x-amazon-apigateway-minimum-compression-size",
    "x-amazon-apigateway-policy",
    "x-amazon-apigateway-request-validators",
];
/// ... on an operation.
pub const REST_OPERATION_EXTENSIONS: &[&str] = &["x-amazon-apigateway-request-validator", "x-amazon-apigateway-auth"];
/// Integration fields of REST APIs: HTTP APIs have only proxy integrations.
pub const REST_INTEGRATION_FIELDS: &[&str] =
    &["requestTemplates", "responses", "passthroughBehavior", "contentHandling", "cacheKeyParameters", "cacheNamespace"];
/// Integration types only REST APIs import (WebSocket APIs import no OpenAPI at all).
const REST_INTEGRATION_TYPES: &[&str] = &["aws", "http", "mock"];
/// Authorizer types only REST APIs have.
const REST_AUTHORIZER_TYPES: &[&str] = &["token", "cognito_user_pools"];

/// The first thing in a definition that only a REST API has, as a phrase for people (`None` when
/// nothing says so). A definition that no template names as an HTTP API's is a REST API's when it
/// has one: HTTP rules then leave it alone.
pub fn rest_evidence(root: &Node) -> Option<String> {
    if root.get("swagger").is_some() {
        return Some("it is a Swagger 2.0 document".into());
    }
    if let Some(entry) = root.entries()?.iter().find(|entry| REST_ROOT_EXTENSIONS.contains(&entry.key.text.as_str())) {
        return Some(format!("it has `{}`", entry.key.text));
    }
    let operations = root.get("paths").and_then(Node::entries).unwrap_or_default().iter().flat_map(|path| {
        path.value.entries().unwrap_or_default().iter().filter(|operation| METHODS.iter().any(|(name, _)| *name == operation.key.text))
    });
    let integrations = component_integrations(root).and_then(Node::entries).unwrap_or_default().iter().map(|entry| &entry.value);
    for operation in operations.clone() {
        if let Some(entry) = operation.value.entries().unwrap_or_default().iter().find(|entry| REST_OPERATION_EXTENSIONS.contains(&entry.key.text.as_str())) {
            return Some(format!("an operation has `{}`", entry.key.text));
        }
    }
    for integration in operations.filter_map(|operation| operation.value.get(INTEGRATION)).chain(integrations) {
        if let Some(kind) = integration.get("type").and_then(Node::as_str).filter(|kind| REST_INTEGRATION_TYPES.iter().any(|rest| rest.eq_ignore_ascii_case(kind))) {
            return Some(format!("an integration has type `{kind}`"));
        }
        if let Some(entry) = integration.entries().unwrap_or_default().iter().find(|entry| REST_INTEGRATION_FIELDS.contains(&entry.key.text.as_str())) {
            return Some(format!("an integration has `{}`", entry.key.text));
        }
        let parameters = integration.get("requestParameters").and_then(Node::entries).unwrap_or_default();
        if let Some(entry) = parameters.iter().find(|entry| entry.key.text.starts_with("integration.request.")) {
            return Some(format!("an integration maps `{}`", entry.key.text));
        }
    }
    let schemes = root.get("components").and_then(|components| components.get("securitySchemes")).and_then(Node::entries).unwrap_or_default();
    for scheme in schemes {
        let auth_type = scheme.value.get("x-amazon-apigateway-authtype").and_then(Node::as_str);
        let authorizer_type = scheme.value.get(AUTHORIZER).and_then(|authorizer| authorizer.get("type")).and_then(Node::as_str);
        if let Some(kind) = [auth_type, authorizer_type].into_iter().flatten().find(|kind| REST_AUTHORIZER_TYPES.iter().any(|rest| rest.eq_ignore_ascii_case(kind))) {
            return Some(format!("the security scheme `{}` is of type `{kind}`", scheme.key.text));
        }
    }
    None
}

/// A path that names a file next to the template rather than an S3 object or URL.
pub fn is_local_path(path: &str) -> bool {
    !path.trim().is_empty() && !path.contains("://")
}

/// The `Location` of an `Fn::Transform` of `AWS::Include`.
pub fn include_location(node: &Node) -> Option<&Node> {
    let transform = node.get("Fn::Transform")?;
    (transform.get("Name").and_then(Node::as_str) == Some("AWS::Include")).then_some(())?;
    transform.get("Parameters")?.get("Location")
}

/// The local definition files a template names for HTTP APIs (each path as written): what a
/// caller reads before building the model with [`crate::Model::build_with`].
pub fn definition_files(root: &Node) -> Vec<String> {
    let Some(template) = Template::read(root) else { return Vec::new() };
    named_files(&template, &[("AWS::ApiGatewayV2::Api", "Body", "BodyS3Location"), (crate::sam::HTTP_API, "DefinitionBody", "DefinitionUri")])
}

/// The local definition files a template names for REST APIs: files that are not linted, even
/// where their content alone would not tell.
pub fn rest_definition_files(template: &Template) -> Vec<String> {
    named_files(template, &[("AWS::ApiGateway::RestApi", "Body", "BodyS3Location"), ("AWS::Serverless::Api", "DefinitionBody", "DefinitionUri")])
}

/// The local files that the resources of the given types name: (type, body property, location property).
fn named_files(template: &Template, properties: &[(&str, &str, &str)]) -> Vec<String> {
    let mut paths = Vec::new();
    for resource in &template.resources {
        let Some(&(_, body, location)) = properties.iter().find(|(type_name, _, _)| resource.type_name == Some(type_name)) else {
            continue;
        };
        let included = resource.property(body).and_then(|entry| include_location(&entry.value));
        let located = resource.property(location).map(|entry| &entry.value);
        for node in [included, located].into_iter().flatten() {
            if let Some(path) = node.as_str().filter(|path| is_local_path(path)) {
                paths.push(path.to_string());
            }
        }
    }
    paths.sort();
    paths.dedup();
    paths
}

impl<'t, 'a> Builder<'t, 'a> {
    /// A standalone definition file: one Api with everything its definition says.
    pub(crate) fn standalone_spec(&mut self, root: &'a Node) {
        let Some(version) = root.entry("openapi") else { return };
        let origin = Origin { dialect: Dialect::OpenApi, resource: None, span: version.key.span, fields: None };
        self.elements.apis.push(Api {
            origin,
            protocol: Protocol::Http,
            protocol_type: None,
            name: root.get("info").and_then(|info| info.entry("title")),
            body: None,
            body_s3_location: None,
            cors: None,
            route_selection_expression: None,
            api_key_selection_expression: None,
            disable_execute_api_endpoint: None,
            target: None,
            route_key: None,
            definition: None,
        });
        self.spec(self.elements.apis.len() - 1, root, None);
    }

    /// The routes of every Api whose definition was read.
    pub(crate) fn definition_routes(&mut self) {
        for index in 0..self.elements.apis.len() {
            let api = &self.elements.apis[index];
            if let Some(Definition { state: DefinitionState::Read(root), .. }) = api.definition
                && is_openapi(root)
            {
                let resource = api.origin.resource;
                self.spec(index, root, resource);
            }
        }
    }

    /// What a definition adds to its Api: CORS and the endpoint setting where the Api's own
    /// properties leave them out, authorizers, routes and their integrations.
    fn spec(&mut self, api: usize, root: &'a Node, resource: Option<ResourceId>) {
        self.elements.specs.push(Spec { root, api, sam_schemes: Vec::new() });
        let origin = |span| Origin { dialect: Dialect::OpenApi, resource, span, fields: None };
        if self.elements.apis[api].cors.is_none() {
            self.elements.apis[api].cors = root.entry(CORS).filter(|entry| entry.value.entries().is_some()).map(openapi_cors);
        }
        if self.elements.apis[api].disable_execute_api_endpoint.is_none() {
            let servers = root.get("servers").and_then(Node::items).unwrap_or_default();
            self.elements.apis[api].disable_execute_api_endpoint = servers
                .iter()
                .find_map(|server| server.get(ENDPOINT_CONFIGURATION)?.entry("disableExecuteApiEndpoint"));
        }
        let schemes = self.spec_authorizers(api, root, resource);
        let default_security = root.get("security");
        let integrations = component_integrations(root);
        let paths = root.get("paths").and_then(Node::entries).unwrap_or_default();
        for path in paths {
            for operation in path.value.entries().unwrap_or_default() {
                let Some(&(_, method)) = METHODS.iter().find(|(name, _)| *name == operation.key.text) else { continue };
                let default_route = operation.value.get("isDefaultRoute").and_then(Node::as_bool) == Some(true)
                    || path.key.text.trim_start_matches('/') == "$default";
                let key = if default_route { "$default".to_string() } else { format!("{method} {}", path.key.text) };
                let link = Some(Link { entry: operation, target: Some(api) });
                // An integration given by `$ref` is one of `components`, if that names one.
                let reference = operation.value.get(INTEGRATION).and_then(|written| written.entry("$ref"));
                let integration = operation.value.entry(INTEGRATION).and_then(|entry| {
                    let written = match reference {
                        Some(_) => referenced(&entry.value, integrations)?,
                        None => &entry.value,
                    };
                    Some(self.spec_integration(origin(entry.key.span), link, written))
                });
                let security = operation.value.get("security").or(default_security);
                let scheme = security.and_then(first_scheme);
                let implied_authorization = match (security, scheme) {
                    (_, Some(scheme)) if scheme.key.text == NO_AUTHORIZATION_SCHEME => Some("NONE"),
                    (_, Some(scheme)) => schemes.get(scheme.key.text.as_str()).map(|(_, kind)| *kind).unwrap_or(None),
                    _ => Some("NONE"),
                };
                let authorizer = scheme.map(|scheme| Link {
                    entry: scheme,
                    target: schemes.get(scheme.key.text.as_str()).and_then(|(index, _)| *index),
                });
                let route_key = RouteKey { text: Some(key), span: path.key.span, node: None };
                self.elements.routes.push(Route {
                    target: reference,
                    authorizer: authorizer.filter(|link| link.target.is_some()),
                    authorization_scopes: scheme.filter(|scheme| scheme.value.items().is_some_and(|items| !items.is_empty())),
                    implied_authorization,
                    ..Route::implied(origin(operation.key.span), link, route_key, integration)
                });
            }
        }
    }

    /// The authorizers of `components.securitySchemes`, by scheme name, with the authorization
    /// type routes that require the scheme get (`None` when it is not known).
    fn spec_authorizers(
        &mut self,
        api: usize,
        root: &'a Node,
        resource: Option<ResourceId>,
    ) -> HashMap<&'a str, (Option<usize>, Option<&'static str>)> {
        let mut schemes = HashMap::new();
        let entries = root.get("components").and_then(|c| c.get("securitySchemes")).and_then(Node::entries).unwrap_or_default();
        for scheme in entries {
            if scheme.value.get("x-amazon-apigateway-authtype").and_then(Node::as_str).is_some_and(|t| t.eq_ignore_ascii_case("awsSigv4")) {
                schemes.insert(scheme.key.text.as_str(), (None, Some("AWS_IAM")));
                continue;
            }
            let Some(authorizer) = scheme.value.entry(AUTHORIZER) else {
                schemes.insert(scheme.key.text.as_str(), (None, None));
                continue;
            };
            let field = |name| authorizer.value.entry(name);
            let authorizer_uri = field("authorizerUri");
            let element = Authorizer {
                origin: Origin { dialect: Dialect::OpenApi, resource, span: scheme.key.span, fields: None },
                api: Some(Link { entry: authorizer, target: Some(api) }),
                name: None,
                authorizer_type: field("type"),
                authorizer_uri,
                identity_source: field("identitySource"),
                jwt_configuration: field("jwtConfiguration"),
                payload_format_version: field("authorizerPayloadFormatVersion"),
                enable_simple_responses: field("enableSimpleResponses"),
                result_ttl_in_seconds: field("authorizerResultTtlInSeconds"),
                function: authorizer_uri.and_then(|entry| self.resolve(FUNCTION_TYPES, &entry.value)),
                credentials_arn: field("authorizerCredentials"),
                implied_type: None,
            };
            let kind = match field("type").and_then(|entry| entry.value.as_str()) {
                Some(kind) if kind.eq_ignore_ascii_case("jwt") => Some("JWT"),
                Some(kind) if kind.eq_ignore_ascii_case("request") => Some("CUSTOM"),
                _ => None,
            };
            self.elements.authorizers.push(element);
            schemes.insert(scheme.key.text.as_str(), (Some(self.elements.authorizers.len() - 1), kind));
        }
        schemes
    }

    fn spec_integration(&mut self, origin: Origin<'a>, api: Option<Link<'a>>, written: &'a Node) -> usize {
        let field = |name| written.entry(name);
        let integration_uri = field("uri");
        self.elements.integrations.push(Integration {
            origin,
            api,
            integration_type: field("type"),
            integration_uri,
            integration_subtype: field("integrationSubtype"),
            integration_method: field("httpMethod"),
            payload_format_version: field("payloadFormatVersion"),
            connection_type: field("connectionType"),
            connection_id: self.link(VPC_LINK, field("connectionId")),
            timeout_in_millis: field("timeoutInMillis"),
            request_parameters: field("requestParameters"),
            response_parameters: field("responseParameters"),
            request_templates: field("requestTemplates"),
            template_selection_expression: None,
            passthrough_behavior: field("passthroughBehavior"),
            content_handling_strategy: field("contentHandling"),
            credentials_arn: field("credentials"),
            function: integration_uri.and_then(|entry| self.resolve(FUNCTION_TYPES, &entry.value)),
            implied_type: None,
            implied_payload_format_version: None,
        });
        self.elements.integrations.len() - 1
    }
}

/// How a `$ref` names an integration of `components.x-amazon-apigateway-integrations`.
pub const INTEGRATION_REF: &str = "#/components/x-amazon-apigateway-integrations/";

/// A definition's reusable integrations, by name.
pub fn component_integrations(root: &Node) -> Option<&Node> {
    root.get("components")?.get("x-amazon-apigateway-integrations")
}

/// The first scheme a `security` list names: an operation takes one.
pub(crate) fn first_scheme(security: &Node) -> Option<&Entry> {
    security.items()?.first()?.entries()?.first()
}

/// The integration a `$ref: '#/components/x-amazon-apigateway-integrations/NAME'` names.
fn referenced<'a>(node: &'a Node, integrations: Option<&'a Node>) -> Option<&'a Node> {
    let target = node.get("$ref")?.as_str()?;
    let name = target.strip_prefix(INTEGRATION_REF)?;
    integrations?.get(name)
}

/// `x-amazon-apigateway-cors`: CloudFormation's `CorsConfiguration` in camel case.
fn openapi_cors(entry: &Entry) -> Cors<'_> {
    let field = |name| entry.value.entry(name);
    Cors {
        dialect: Dialect::OpenApi,
        entry,
        allow_origins: field("allowOrigins"),
        allow_methods: field("allowMethods"),
        allow_headers: field("allowHeaders"),
        expose_headers: field("exposeHeaders"),
        allow_credentials: field("allowCredentials"),
        max_age: field("maxAge"),
    }
}
