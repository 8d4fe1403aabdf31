use apigw_model::Model;
use apigw_model::api::{Api, Dialect, Field, Origin, Protocol};
use apigw_syntax::{Span, Value};

use crate::api_protocol::{protocol_of, with_protocol_note};
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// A property or value that the Api's protocol (HTTP or WebSocket) does not support.
    ///
    /// ## What it checks
    /// - on a WebSocket Api: `CorsConfiguration`; an integration with `PayloadFormatVersion: "2.0"`
    ///   (WebSocket integrations take only `1.0`);
    /// - on an HTTP Api: a `RouteSelectionExpression` other than `${request.method} ${request.path}`;
    ///   routes with `ApiKeyRequired: true`, `RouteResponseSelectionExpression`, `RequestModels` or
    ///   `ModelSelectionExpression`; integrations with `RequestTemplates` or
    ///   `TemplateSelectionExpression`, or of `IntegrationType` `AWS`, `HTTP` or `MOCK` (HTTP APIs
    ///   take only the proxy types `AWS_PROXY` and `HTTP_PROXY`); in an OpenAPI definition, an
    ///   `x-amazon-apigateway-integration` of `type` `aws`, `http` or `mock` (its
    ///   `requestTemplates` are AGW801's).
    ///
    /// In SAM each protocol has its own resource type, so a property of the other protocol is
    /// also an unknown property there (AGW005).
    ///
    /// Nothing is reported when the protocol is not known (a parameter) or the Api is not in the
    /// template.
    ///
    /// ## Why
    /// The service rejects these ("Currently, an API with a protocol type of HTTP may only be
    /// associated with proxy integrations") and the stack rolls back, or the setting has no effect
    /// on that kind of API. An OpenAPI import reports a non-proxy integration as a warning, since
    /// HTTP APIs support only Lambda proxy and HTTP proxy integrations; with `FailOnWarnings` the
    /// import fails.
    ///
    /// ## Example
    /// ```yaml
    /// Api:
    ///   Type: AWS::ApiGatewayV2::Api
    ///   Properties: {Name: pets, ProtocolType: HTTP}
    /// MockIntegration:
    ///   Type: AWS::ApiGatewayV2::Integration
    ///   Properties: {ApiId: !Ref Api, IntegrationType: MOCK}
    /// ```
    ///
    /// ## Fix
    /// Remove the property, or use what the protocol supports: `HTTP_PROXY`/`AWS_PROXY`
    /// integrations and parameter mapping on HTTP APIs, `ProtocolType: WEBSOCKET` for templates
    /// and models.
    pub struct ProtocolMismatch {
        code: "AGW203",
        name: "protocol-mismatch",
        severity: Error,
        fix: None,
    }
}

const HTTP_ROUTE_SELECTION: &str = "${request.method} ${request.path}";

/// How messages about properties that only WebSocket APIs support end.
const WEBSOCKET_ONLY: &str = "is supported only for WebSocket APIs";

impl Rule for ProtocolMismatch {
    fn check(&self, model: &Model, checker: &mut Checker) {
        // (the element, its Api, the wrong range, the message)
        let mut found: Vec<(Origin, Option<&Api>, Span, String)> = Vec::new();
        for api in &model.apis {
            let (origin, api_element) = (api.origin, Some(api));
            match api.protocol {
                Protocol::WebSocket => {
                    if let Some(cors) = &api.cors {
                        found.push((origin, api_element, cors.entry.key.span, "`CorsConfiguration` is supported only for HTTP APIs".into()));
                    }
                }
                Protocol::Http => {
                    if let Some(entry) = api.route_selection_expression {
                        model.template.each_known(&entry.value, &mut |expression, node| {
                            if expression != HTTP_ROUTE_SELECTION {
                                let message = format!(
                                    "an HTTP API's `RouteSelectionExpression` must be `{HTTP_ROUTE_SELECTION}`, not `{expression}`"
                                );
                                found.push((origin, api_element, node.span, message));
                            }
                        });
                    }
                }
                Protocol::Unknown => {}
            }
        }
        for route in &model.routes {
            if protocol_of(model, route.api) != Protocol::Http {
                continue;
            }
            let (origin, api) = (route.origin, model.api_of(route.api));
            if let Some(entry) = route.api_key_required {
                for node in model.template.branches(&entry.value) {
                    if node.as_bool() == Some(true) {
                        found.push((origin, api, node.span, format!("`ApiKeyRequired: true` {WEBSOCKET_ONLY}: HTTP APIs have no API keys")));
                    }
                }
            }
            for (name, field) in [
                ("RouteResponseSelectionExpression", route.route_response_selection_expression),
                ("RequestModels", route.request_models),
                ("ModelSelectionExpression", route.model_selection_expression),
            ] {
                if let Some(span) = set(field) {
                    found.push((origin, api, span, format!("`{name}` {WEBSOCKET_ONLY}")));
                }
            }
        }
        for integration in &model.integrations {
            let (origin, api) = (integration.origin, model.api_of(integration.api));
            match protocol_of(model, integration.api) {
                Protocol::Http => {
                    // An OpenAPI import ignores templates: AGW801 reports them there.
                    let templates = [
                        ("RequestTemplates", integration.request_templates),
                        ("TemplateSelectionExpression", integration.template_selection_expression),
                    ];
                    for (name, field) in templates.into_iter().filter(|_| integration.origin.dialect != Dialect::OpenApi) {
                        if let Some(span) = set(field) {
                            found.push((origin, api, span, format!("`{name}` {WEBSOCKET_ONLY}: HTTP APIs use parameter mapping")));
                        }
                    }
                    if let Some(entry) = integration.integration_type {
                        model.template.each_known(&entry.value, &mut |kind, node| {
                            if matches!(kind.to_ascii_uppercase().as_str(), "AWS" | "HTTP" | "MOCK") {
                                let message = format!(
                                    "`{kind}` integrations are supported only for WebSocket APIs: HTTP APIs take only `AWS_PROXY` and `HTTP_PROXY`"
                                );
                                found.push((origin, api, node.span, message));
                            }
                        });
                    }
                }
                Protocol::WebSocket => {
                    if let Some(entry) = integration.payload_format_version {
                        model.template.each_known(&entry.value, &mut |version, node| {
                            if version == "2.0" {
                                let message = "payload format `2.0` is supported only for HTTP APIs: WebSocket integrations take `1.0`";
                                found.push((origin, api, node.span, message.into()));
                            }
                        });
                    }
                }
                Protocol::Unknown => {}
            }
        }
        for (origin, api, span, message) in found {
            let diagnostic = checker.at(model, origin, span, message);
            checker.push(with_protocol_note(model, diagnostic, api));
        }
    }
}

/// The key range of a property that is set to something: an empty mapping, list or null sets
/// nothing the service could reject.
fn set(field: Field) -> Option<Span> {
    let entry = field?;
    let empty = match &entry.value.value {
        Value::Mapping(entries) => entries.is_empty(),
        Value::Sequence(items) => items.is_empty(),
        _ => entry.value.is_null(),
    };
    (!empty).then_some(entry.key.span)
}
