//! SAM: `AWS::Serverless::HttpApi` and `AWS::Serverless::WebSocketApi` resources, and the
//! `HttpApi` events of functions, read as the elements the SAM transform turns them into (the
//! stage, custom domain, mappings, authorizers, routes and Lambda integrations). Each element
//! points at the SAM source that implies it, and links the way the generated resources would.

use std::collections::HashMap;

use apigw_syntax::{Entry, Node};

use crate::api::*;
use crate::model::{API, Builder, FUNCTION_TYPES, cors};
use crate::openapi::first_scheme;
use crate::template::{ResourceId, Template};

pub const HTTP_API: &str = "AWS::Serverless::HttpApi";
pub const WEBSOCKET_API: &str = "AWS::Serverless::WebSocketApi";
const FUNCTION: &str = "AWS::Serverless::Function";

/// The logical id SAM gives the Api it creates for `HttpApi` events without `ApiId`.
pub const IMPLICIT_HTTP_API: &str = "ServerlessHttpApi";

/// The stage name SAM gives a WebSocket Api without `StageName` (HTTP Apis get `$default`).
const WEBSOCKET_DEFAULT_STAGE: &str = "default";

/// The `ApiMappingKey` SAM makes of a `BasePath`: the path without the `/` around it, so `/` is
/// the empty (unkeyed) one.
pub fn base_path_key(path: &str) -> &str {
    path.trim_matches('/')
}

/// The kinds of source a SAM Lambda authorizer's `Identity` lists, and the prefix SAM writes
/// each source of the kind with.
pub const IDENTITY_KINDS: &[(&str, &str)] =
    &[("Headers", "$request.header."), ("QueryStrings", "$request.querystring."), ("StageVariables", "$stageVariables."), ("Context", "$context.")];

/// The logical id of the `AWS::ApiGatewayV2::Stage` that SAM generates for an Api's stage, where
/// SAM's documented naming makes it certain: `<Api><StageName>Stage` for a name of letters and
/// digits, `<Api>ApiGatewayDefaultStage` for an HTTP Api's `$default`. (Other HTTP names get a
/// hash; for a WebSocket Api's `default` the documentation and the translator disagree.)
pub fn stage_logical_id(api_id: &str, protocol: Protocol, stage_name: &str) -> Option<String> {
    match (protocol, stage_name) {
        (Protocol::Http, "$default") => Some(format!("{api_id}ApiGatewayDefaultStage")),
        (Protocol::WebSocket, WEBSOCKET_DEFAULT_STAGE) => None,
        (Protocol::Http | Protocol::WebSocket, name) => rest_stage_logical_id(api_id, name),
        _ => None,
    }
}

/// The logical id of the `AWS::ApiGateway::Stage` SAM generates for an `AWS::Serverless::Api`:
/// `<Api><StageName>Stage` for a name of letters and digits (Python's `str.isalnum`), else one
/// with a hash (samtranslator `api_generator.py`, `_construct_stage`). HTTP and WebSocket Apis
/// name such stages the same way.
pub fn rest_stage_logical_id(api_id: &str, stage_name: &str) -> Option<String> {
    (!stage_name.is_empty() && stage_name.chars().all(char::is_alphanumeric)).then(|| format!("{api_id}{stage_name}Stage"))
}

/// A SAM Api: an explicit resource, or the implicit one (whose properties all come from `Globals`).
#[derive(Clone, Copy)]
struct SamApi<'a> {
    resource: Option<ResourceId>,
    index: usize,
    websocket: bool,
    /// Where elements the Api implies point when no property of theirs is written.
    origin: Origin<'a>,
    /// The entry generated elements link to the Api by: the resource's `Type`, or for the implicit
    /// Api the first event's `Type: HttpApi`.
    link_entry: &'a Entry,
}

impl<'t, 'a> Builder<'t, 'a> {
    /// A SAM property, or its `Globals` value when the resource does not set it.
    fn sam_property(&self, resource: Option<ResourceId>, section: &str, name: &str) -> Field<'a> {
        resource.and_then(|id| self.field(id, name)).or_else(|| self.template.global(section, name))
    }

    fn sam_origin(&self, id: ResourceId, fields: Option<&'a Node>) -> Origin<'a> {
        Origin { dialect: Dialect::Sam, fields, ..self.origin(id) }
    }

    /// An `AWS::Serverless::HttpApi` or `AWS::Serverless::WebSocketApi` resource as its Api.
    pub(crate) fn sam_api(&self, id: ResourceId) -> Api<'a> {
        self.sam_api_with(self.origin(id), self.template.resources[id].is_type(WEBSOCKET_API))
    }

    fn sam_api_with(&self, origin: Origin<'a>, websocket: bool) -> Api<'a> {
        let section = if websocket { "WebSocketApi" } else { "HttpApi" };
        let property = |name| self.sam_property(origin.resource, section, name);
        Api {
            origin: Origin { dialect: Dialect::Sam, ..origin },
            protocol: if websocket { Protocol::WebSocket } else { Protocol::Http },
            protocol_type: None,
            name: property("Name"),
            body: property("DefinitionBody"),
            body_s3_location: property("DefinitionUri"),
            // `CorsConfiguration: true` allows every origin: CORS is on, with no setting written.
            cors: property("CorsConfiguration")
                .filter(|entry| entry.value.entries().is_some() || entry.value.as_bool() == Some(true))
                .map(|entry| Cors { dialect: Dialect::Sam, ..cors(entry) }),
            route_selection_expression: property("RouteSelectionExpression"),
            api_key_selection_expression: property("ApiKeySelectionExpression"),
            disable_execute_api_endpoint: property("DisableExecuteApiEndpoint"),
            target: None,
            route_key: None,
            definition: self.definition(property("DefinitionBody"), property("DefinitionUri")),
        }
    }

    /// The elements SAM resources and events imply, appended after those of resources.
    pub(crate) fn sam_elements(&mut self) {
        let mut apis: Vec<SamApi<'a>> = Vec::new();
        for id in self.of_types(&[HTTP_API, WEBSOCKET_API]) {
            let resource = &self.template.resources[id];
            let (Some(index), Some(link_entry)) = (self.element(API, id), resource.type_entry) else { continue };
            let origin = Origin { dialect: Dialect::Sam, ..self.origin(id) };
            apis.push(SamApi { resource: Some(id), index, websocket: resource.is_type(WEBSOCKET_API), origin, link_entry });
        }
        let events = function_events(self.template, "HttpApi");
        if let Some(implicit) = self.implicit_http_api(&events) {
            apis.push(implicit);
        }
        let mut authorizers: HashMap<(usize, &'a str), usize> = HashMap::new();
        for api in &apis {
            self.sam_stage_and_domain(*api);
            for (name, index) in self.sam_authorizers(*api) {
                authorizers.insert((api.index, name), index);
            }
            if api.websocket {
                self.websocket_routes(*api, &authorizers);
            }
        }
        for event in events {
            self.http_api_event(&event, &apis, &authorizers);
        }
        for api in apis.iter().filter(|api| !api.websocket) {
            self.definition_auth(*api, &authorizers);
        }
        self.function_policies();
    }

    /// The policy documents in SAM functions' `Policies`: one document, or a list whose items
    /// are documents, managed policy names and policy templates (only documents have a
    /// `Statement`).
    fn function_policies(&mut self) {
        for function in self.of_types(&[FUNCTION]) {
            let Some(policies) = self.field(function, "Policies") else { continue };
            let items = match policies.value.items() {
                Some(items) => items.iter().collect(),
                None => vec![&policies.value],
            };
            let documents: Vec<&'a Node> = items
                .into_iter()
                .flat_map(|item| self.template.branches(item))
                .filter(|document| document.get("Statement").is_some())
                .collect();
            let origin = self.sam_origin(function, None);
            for document in documents {
                self.elements.policies.push(PolicyDocument { origin, document });
            }
        }
    }

    /// The `HttpApi` events of every SAM function.
    /// The Api SAM creates for `HttpApi` events that name none.
    fn implicit_http_api(&mut self, events: &[Event<'a>]) -> Option<SamApi<'a>> {
        let first = events.iter().find(|event| event.property("ApiId").is_none())?;
        let link_entry = first.entry.value.entry("Type")?;
        let origin = Origin { dialect: Dialect::Sam, resource: None, span: first.entry.key.span, fields: None };
        let api = self.sam_api_with(origin, false);
        self.elements.apis.push(api);
        Some(SamApi { resource: None, index: self.elements.apis.len() - 1, websocket: false, origin, link_entry })
    }

    fn sam_api_property(&self, api: SamApi<'a>, name: &str) -> Field<'a> {
        self.sam_property(api.resource, if api.websocket { "WebSocketApi" } else { "HttpApi" }, name)
    }

    /// The stage every SAM Api gets, and its custom domain with one mapping per base path.
    fn sam_stage_and_domain(&mut self, api: SamApi<'a>) {
        let property = |name| self.sam_api_property(api, name);
        let link = Some(Link { entry: api.link_entry, target: Some(api.index) });
        let stage_name = property("StageName");
        let stage = Stage {
            origin: Origin { span: stage_name.map_or(api.origin.span, |entry| entry.key.span), ..api.origin },
            api: link,
            stage_name,
            deployment: None,
            auto_deploy: None,
            access_log_settings: property("AccessLogSettings"),
            default_route_settings: property("DefaultRouteSettings"),
            route_settings: property("RouteSettings"),
            stage_variables: property("StageVariables"),
            implied_name: stage_name.is_none().then_some(if api.websocket { WEBSOCKET_DEFAULT_STAGE } else { "$default" }),
        };
        let Some(domain) = property("Domain").filter(|entry| entry.value.entries().is_some()) else {
            self.elements.stages.push(stage);
            return;
        };
        self.elements.stages.push(stage);
        let in_domain = |name| domain.value.entry(name);
        let mutual_tls = in_domain("MutualTlsAuthentication");
        let in_mtls = |name| mutual_tls.and_then(|entry| entry.value.entry(name));
        let domain_origin = Origin { span: domain.key.span, fields: None, ..api.origin };
        // SAM names the domain resource after the domain name: Apis with the same name share it.
        let known_name = |entry: Option<&'a Entry>| entry.and_then(|entry| self.template.text(&entry.value).known().map(str::to_string));
        let name = known_name(in_domain("DomainName"));
        let shared = name.as_ref().and_then(|name| {
            self.elements.domain_names.iter().position(|other| other.origin.dialect == Dialect::Sam && known_name(other.domain_name).as_ref() == Some(name))
        });
        self.elements.domain_names.push(DomainName {
            origin: domain_origin,
            kind: DomainKind::V2,
            domain_name: in_domain("DomainName"),
            endpoint_type: in_domain("EndpointConfiguration"),
            security_policy: in_domain("SecurityPolicy"),
            certificate_arn: in_domain("CertificateArn"),
            mutual_tls,
            truststore_uri: in_mtls("TruststoreUri"),
            truststore_version: in_mtls("TruststoreVersion"),
        });
        let domain_index = shared.unwrap_or(self.elements.domain_names.len() - 1);
        let domain_link = Some(Link { entry: in_domain("DomainName").unwrap_or(domain), target: Some(domain_index) });
        // SAM strips `/` from base paths: `/` (or none) is the unkeyed mapping.
        let base_paths: Vec<Option<&'a Node>> = match in_domain("BasePath") {
            None => vec![None],
            Some(entry) => match entry.value.items() {
                Some(items) => items.iter().map(Some).collect(),
                None => vec![Some(&entry.value)],
            },
        };
        let mut seen = Vec::new();
        for path in base_paths {
            let stripped = path.and_then(Node::as_str).map(base_path_key);
            let key = path.filter(|_| stripped != Some(""));
            // SAM names a mapping after its base path: a repeated path is one mapping.
            if stripped.is_some() && seen.contains(&stripped) {
                continue;
            }
            seen.push(stripped);
            self.elements.api_mappings.push(ApiMapping {
                origin: Origin { span: path.map_or(domain.key.span, |node| node.span), ..domain_origin },
                api: link,
                domain: domain_link,
                stage: None,
                api_mapping_key: key,
            });
        }
    }

    /// The authorizers of a SAM Api's `Auth`, by name.
    fn sam_authorizers(&mut self, api: SamApi<'a>) -> Vec<(&'a str, usize)> {
        let Some(auth) = self.sam_api_property(api, "Auth") else { return Vec::new() };
        let link = Some(Link { entry: api.link_entry, target: Some(api.index) });
        let mut named = Vec::new();
        if api.websocket {
            let field = |name| auth.value.entry(name);
            let custom = field("AuthType").and_then(|entry| entry.value.as_str()).is_some_and(|t| t.eq_ignore_ascii_case("CUSTOM"));
            if custom {
                let authorizer_uri = field("AuthArn");
                self.elements.authorizers.push(Authorizer {
                    origin: Origin { span: auth.key.span, fields: None, ..api.origin },
                    api: link,
                    name: field("Name"),
                    authorizer_type: None,
                    authorizer_uri,
                    identity_source: field("IdentitySource"),
                    jwt_configuration: None,
                    payload_format_version: None,
                    enable_simple_responses: None,
                    result_ttl_in_seconds: None,
                    // SAM grants API Gateway the invoke permission on a WebSocket authorizer itself.
                    function: None,
                    credentials_arn: field("InvokeRole"),
                    implied_type: Some("REQUEST"),
                });
                named.push(("$connect", self.elements.authorizers.len() - 1));
            }
            return named;
        }
        let entries = auth.value.get("Authorizers").and_then(Node::entries).unwrap_or_default();
        // SAM grants API Gateway the invoke permission itself when asked to, for every authorizer
        // of the Api (`SourceArn` `…/authorizers/*`): also those that use the same function.
        let granted: Vec<usize> = entries
            .iter()
            .filter(|entry| entry.value.get("EnableFunctionDefaultPermissions").and_then(Node::as_bool) == Some(true))
            .filter_map(|entry| self.resolve(FUNCTION_TYPES, entry.value.get("FunctionArn")?))
            .collect();
        for entry in entries {
            let field = |name| entry.value.entry(name);
            let jwt = field("JwtConfiguration");
            let authorizer_uri = field("FunctionArn");
            let invoke_role = field("FunctionInvokeRole").filter(|entry| entry.value.as_str() != Some("NONE"));
            let identity = field("Identity");
            self.elements.authorizers.push(Authorizer {
                origin: Origin { span: entry.key.span, fields: None, ..api.origin },
                api: link,
                name: None,
                authorizer_type: None,
                authorizer_uri,
                // Lambda authorizers list their sources under `Identity`; one that lists none
                // (only `ReauthorizeEvery`) gets an empty `identitySource`.
                identity_source: if jwt.is_some() { field("IdentitySource") } else { identity.filter(|entry| lists_sources(entry)) },
                jwt_configuration: jwt,
                payload_format_version: field("AuthorizerPayloadFormatVersion"),
                enable_simple_responses: field("EnableSimpleResponses"),
                result_ttl_in_seconds: identity.and_then(|identity| identity.value.entry("ReauthorizeEvery")),
                function: authorizer_uri
                    .and_then(|entry| self.resolve(FUNCTION_TYPES, &entry.value))
                    .filter(|function| !granted.contains(function)),
                credentials_arn: invoke_role,
                implied_type: Some(if jwt.is_some() { "JWT" } else { "REQUEST" }),
            });
            named.push((entry.key.text.as_str(), self.elements.authorizers.len() - 1));
        }
        named
    }

    /// The routes of a SAM WebSocket Api's `Routes`, each with its Lambda integration.
    fn websocket_routes(&mut self, api: SamApi<'a>, authorizers: &HashMap<(usize, &'a str), usize>) {
        let Some(routes) = self.sam_api_property(api, "Routes").and_then(|entry| entry.value.entries()) else { return };
        let auth_type = self.sam_api_property(api, "Auth").and_then(|auth| auth.value.get("AuthType")).and_then(Node::as_str);
        let link = Some(Link { entry: api.link_entry, target: Some(api.index) });
        for entry in routes {
            let field = |name| entry.value.entry(name);
            let function_arn = field("FunctionArn");
            let origin = Origin { span: entry.key.span, fields: None, ..api.origin };
            let connect = entry.key.text == "$connect";
            self.elements.integrations.push(Integration {
                function: function_arn.and_then(|arn| self.resolve(FUNCTION_TYPES, &arn.value)),
                timeout_in_millis: field("IntegrationTimeout"),
                implied_type: Some("AWS_PROXY"),
                ..lambda_integration(origin, link)
            });
            let key = RouteKey { text: Some(entry.key.text.clone()), span: entry.key.span, node: None };
            let integration = Some(self.elements.integrations.len() - 1);
            self.elements.routes.push(Route {
                authorizer: authorizers
                    .get(&(api.index, "$connect"))
                    .filter(|_| connect)
                    .map(|&index| Link { entry: api.link_entry, target: Some(index) }),
                api_key_required: field("ApiKeyRequired"),
                route_response_selection_expression: field("RouteResponseSelectionExpression"),
                request_models: field("RequestModels"),
                request_parameters: field("RequestParameters"),
                model_selection_expression: field("ModelSelectionExpression"),
                implied_authorization: if connect { auth_type.map_or(Some("NONE"), authorization_name) } else { Some("NONE") },
                ..Route::implied(origin, link, key, integration)
            });
        }
    }

    /// A function's `HttpApi` event as its route and Lambda proxy integration.
    fn http_api_event(&mut self, event: &Event<'a>, apis: &[SamApi<'a>], authorizers: &HashMap<(usize, &'a str), usize>) {
        let api_id = event.property("ApiId");
        let api = match api_id {
            None => apis.iter().find(|api| api.resource.is_none()),
            Some(entry) => {
                // SAM also takes the bare logical id.
                let resource = match entry.value.as_str() {
                    Some(id) => self.template.resource_id(id),
                    None => self.template.referenced(&entry.value).map(|(id, _)| id),
                };
                resource.and_then(|id| apis.iter().find(|api| api.resource == Some(id)))
            }
        };
        let link = match api {
            Some(api) => Some(Link { entry: api_id.unwrap_or(api.link_entry), target: Some(api.index) }),
            None => api_id.map(|entry| Link { entry, target: None }),
        };
        let origin = Origin { dialect: Dialect::Sam, span: event.entry.key.span, ..self.sam_origin(event.function, None) };
        self.elements.integrations.push(Integration {
            origin: Origin { fields: event.properties, ..origin },
            payload_format_version: event.property("PayloadFormatVersion"),
            timeout_in_millis: event.property("TimeoutInMillis"),
            function: self.element(FUNCTION_TYPES, event.function),
            implied_type: Some("AWS_PROXY"),
            implied_payload_format_version: Some("2.0"),
            ..lambda_integration(origin, link)
        });
        // SAM fills in the integration of an operation the definition leaves without one, and
        // leaves alone one that has its own (written in place or by `$ref`).
        let integration = self.elements.integrations.len() - 1;
        let key = event.route_key().text;
        let operation = self.elements.routes.iter().position(|route| {
            route.origin.dialect == Dialect::OpenApi
                && link.is_some_and(|link| link.target.is_some())
                && route.api.and_then(|link| link.target) == link.and_then(|link| link.target)
                && route.route_key.as_ref().and_then(|key| key.text.as_ref()) == key.as_ref()
        });
        if let Some(index) = operation {
            let route = &mut self.elements.routes[index];
            match (route.integration, route.target) {
                (None, None) => route.integration = Some(integration),
                _ => self.elements.shadowed_events.push(ShadowedEvent { origin, route: index }),
            }
            return;
        }
        let auth = event.property("Auth");
        let authorizer_entry = auth.and_then(|auth| auth.value.entry("Authorizer"));
        // SAM puts the default authorizer on every method but `options`, so preflights pass.
        let options = event.property("Method").and_then(|entry| entry.value.as_str()).is_some_and(|m| m.eq_ignore_ascii_case("options"));
        let default_authorizer = api
            .filter(|_| !options)
            .and_then(|api| self.sam_api_property(*api, "Auth"))
            .and_then(|auth| auth.value.entry("DefaultAuthorizer"));
        let named = authorizer_entry.or(default_authorizer);
        let authorizer_name = named.and_then(|entry| entry.value.as_str());
        let (authorizer, implied_authorization) = match named {
            Some(entry) => self.named_authorization(api.map(|api| api.index), entry, authorizer_name, authorizers),
            None => (None, Some("NONE")),
        };
        self.elements.routes.push(Route {
            authorizer,
            // SAM writes an event's scopes only for an authorizer of `Authorizers`: it drops them
            // for `NONE` and `AWS_IAM`.
            authorization_scopes: auth
                .and_then(|auth| auth.value.entry("AuthorizationScopes"))
                .filter(|_| authorizer_name.is_some_and(|name| !matches!(name, "NONE" | "AWS_IAM"))),
            implied_authorization,
            route_settings: event.property("RouteSettings"),
            ..Route::implied(origin, link, event.route_key(), Some(integration))
        });
    }

    /// The authorizer and authorization of a route that names `name` (written at `entry`): SAM's
    /// built-in `NONE` and `AWS_IAM`, or one of its Api's `Auth.Authorizers`.
    fn named_authorization(
        &self,
        api: Option<usize>,
        entry: &'a Entry,
        name: Option<&'a str>,
        authorizers: &HashMap<(usize, &'a str), usize>,
    ) -> (Option<Link<'a>>, Option<&'static str>) {
        match name {
            Some("NONE") => (None, Some("NONE")),
            Some("AWS_IAM") => (None, Some("AWS_IAM")),
            _ => {
                let target = api.zip(name).and_then(|key| authorizers.get(&key).copied());
                let authorization = match target.map(|index| self.elements.authorizers[index].implied_type) {
                    Some(Some("JWT")) => Some("JWT"),
                    Some(Some(_)) => Some("CUSTOM"),
                    _ => None,
                };
                (Some(Link { entry, target }), authorization)
            }
        }
    }

    /// What a SAM HttpApi's `Auth` does to the operations of its `DefinitionBody`: its
    /// authorizers become security schemes the operations may name, and `DefaultAuthorizer`
    /// secures every operation with an integration and no `security` of its own, but `options`
    /// (SAM's `set_path_default_authorizer`; an empty `security: []` does not opt out).
    fn definition_auth(&mut self, api: SamApi<'a>, authorizers: &HashMap<(usize, &'a str), usize>) {
        let Some(spec) = self.elements.specs.iter().position(|spec| spec.api == api.index) else { return };
        let auth = self.sam_api_property(api, "Auth");
        let mut schemes: Vec<&'a str> = authorizers.keys().filter(|(index, _)| *index == api.index).map(|(_, name)| *name).collect();
        if auth.and_then(|auth| auth.value.get("EnableIamAuthorizer")).and_then(Node::as_bool) == Some(true) {
            schemes.push("AWS_IAM");
        }
        let default_authorizer = auth.and_then(|auth| auth.value.entry("DefaultAuthorizer"));
        let root_security = self.elements.specs[spec].root.get("security");
        for index in 0..self.elements.routes.len() {
            let route = &self.elements.routes[index];
            let Some(operation) = route.api.filter(|link| route.origin.dialect == Dialect::OpenApi && link.target == Some(api.index)) else {
                continue;
            };
            let own = operation.entry.value.get("security").filter(|security| security.items().is_some_and(|items| !items.is_empty()));
            let options = route.route_key.as_ref().and_then(|key| key.text.as_deref()).is_some_and(|key| key.starts_with("OPTIONS "));
            let integrated = route.integration.is_some() || route.target.is_some();
            let default = default_authorizer.filter(|_| own.is_none() && integrated && !options);
            // The default authorizer's entry holds its name; a security requirement's key is one.
            let (entry, name) = match default {
                Some(default) => (default, default.value.as_str()),
                None => {
                    let scheme = own.or(root_security).and_then(first_scheme).filter(|scheme| schemes.contains(&scheme.key.text.as_str()));
                    let Some(scheme) = scheme else { continue };
                    (scheme, Some(scheme.key.text.as_str()))
                }
            };
            let (authorizer, authorization) = self.named_authorization(Some(api.index), entry, name, authorizers);
            let route = &mut self.elements.routes[index];
            route.authorizer = authorizer;
            route.implied_authorization = authorization;
            if default.is_some() {
                // The default replaces the document's `security`, scopes and all.
                route.authorization_scopes = None;
            }
        }
        self.elements.specs[spec].sam_schemes = schemes;
    }
}

/// A function event of `Type: HttpApi`.
/// An event of a SAM function (`Events: {Name: {Type, Properties}}`).
pub struct Event<'a> {
    pub function: ResourceId,
    pub entry: &'a Entry,
    /// `Properties`, when a mapping.
    pub properties: Option<&'a Node>,
}

/// The events of one `Type` (`HttpApi`, `Api`, …) of the template's SAM functions.
pub fn function_events<'a>(template: &Template<'a>, event_type: &str) -> Vec<Event<'a>> {
    let mut events = Vec::new();
    for (function, resource) in template.resources.iter().enumerate().filter(|(_, resource)| resource.is_type(FUNCTION)) {
        for entry in resource.property("Events").and_then(|entry| entry.value.entries()).unwrap_or_default() {
            if entry.value.get("Type").and_then(Node::as_str) == Some(event_type) {
                let properties = entry.value.get("Properties").filter(|node| node.entries().is_some());
                events.push(Event { function, entry, properties });
            }
        }
    }
    events
}

impl<'a> Event<'a> {
    pub fn property(&self, name: &str) -> Field<'a> {
        self.properties?.entry(name)
    }

    /// `Method` and `Path` as a route key; neither means the `$default` route.
    fn route_key(&self) -> RouteKey<'a> {
        let (method, path) = (self.property("Method"), self.property("Path"));
        let span = path.or(method).map_or(self.entry.key.span, |entry| entry.value.span);
        let text = match (method, path) {
            (None, None) => Some("$default".to_string()),
            (Some(method), Some(path)) => match (method.value.as_str(), path.value.as_str()) {
                (Some(method), Some(path)) => Some(format!("{} {path}", method.to_ascii_uppercase())),
                _ => None,
            },
            _ => None,
        };
        RouteKey { text, span, node: None }
    }
}

/// Whether a Lambda authorizer's `Identity` names a source: a list of `Headers`, `QueryStrings`,
/// `StageVariables` or `Context` that is not empty (or not known).
fn lists_sources(identity: &Entry) -> bool {
    IDENTITY_KINDS
        .iter()
        .filter_map(|(kind, _)| identity.value.get(kind))
        .any(|sources| match sources.items() {
            Some(items) => !items.is_empty(),
            None => !sources.is_null(),
        })
}

fn authorization_name(text: &str) -> Option<&'static str> {
    ["NONE", "AWS_IAM", "CUSTOM"].into_iter().find(|name| name.eq_ignore_ascii_case(text))
}

/// A Lambda proxy integration with nothing written but what the caller sets.
fn lambda_integration<'a>(origin: Origin<'a>, api: Option<Link<'a>>) -> Integration<'a> {
    Integration {
        origin,
        api,
        integration_type: None,
        integration_uri: None,
        integration_subtype: None,
        integration_method: None,
        payload_format_version: None,
        connection_type: None,
        connection_id: None,
        timeout_in_millis: None,
        request_parameters: None,
        response_parameters: None,
        request_templates: None,
        template_selection_expression: None,
        passthrough_behavior: None,
        content_handling_strategy: None,
        credentials_arn: None,
        function: None,
        implied_type: Some("AWS_PROXY"),
        implied_payload_format_version: None,
    }
}
