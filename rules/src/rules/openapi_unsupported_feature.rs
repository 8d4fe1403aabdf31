use apigw_model::Model;
use apigw_model::api::{DefinitionState, Protocol};
use apigw_model::openapi::{AUTHORIZER, ENDPOINT_CONFIGURATION, INTEGRATION, METHODS, REST_INTEGRATION_FIELDS, REST_OPERATION_EXTENSIONS, REST_ROOT_EXTENSIONS};
use apigw_syntax::{Node, Span};

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Parts of an OpenAPI definition of an HTTP API that HTTP APIs do not support: a Swagger 2.0
    /// document, REST API extensions (`x-amazon-apigateway-request-validators`,
    /// `-gateway-responses`, `-binary-media-types`, `-api-key-source`, `-policy`,
    /// `-minimum-compression-size`, `-documentation`, an operation's `-request-validator`),
    /// REST integration fields (`requestTemplates`, `responses`, `passthroughBehavior`,
    /// `contentHandling`, `cacheKeyParameters`, `cacheNamespace`), an authorizer's
    /// `identityValidationExpression`, `vpcEndpointIds` in the endpoint configuration, and an
    /// `x-amazon-apigateway-importexport-version` other than `1.0`.
    ///
    /// ## Why
    /// HTTP APIs import only OpenAPI 3.0, and only the extensions of HTTP APIs: the rest is
    /// ignored or reported as an import warning (which fails the import with `FailOnWarnings`).
    /// Request validation, gateway responses or a resource policy written here protect nothing.
    ///
    /// It reports only in definitions of HTTP APIs: one a template names from an
    /// `AWS::ApiGatewayV2::Api` or `AWS::Serverless::HttpApi`, or a standalone file without
    /// REST-only parts. A file named from a REST API (`AWS::Serverless::Api`,
    /// `AWS::ApiGateway::RestApi`), or standalone with a REST-only part, is a REST API's and is
    /// left alone, unless `apigw-lint.toml` declares it an HTTP API's (`openapi = "http"`).
    ///
    /// ## Example
    /// ```yaml
    /// openapi: 3.0.1
    /// x-amazon-apigateway-request-validators:
    ///   all: {validateRequestBody: true, validateRequestParameters: true}
    /// ```
    ///
    /// ## Fix
    /// Remove the REST-only parts, or define the API as a REST API (`AWS::ApiGateway::RestApi`,
    /// `AWS::Serverless::Api`) if you need them.
    pub struct OpenapiUnsupportedFeature {
        code: "AGW801",
        name: "openapi-unsupported-feature",
        severity: Warning,
        fix: None,
    }
}

impl Rule for OpenapiUnsupportedFeature {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for api in model.apis.iter().filter(|api| api.protocol != Protocol::WebSocket) {
            let Some(definition) = api.definition else { continue };
            if let DefinitionState::Read(root) = definition.state
                && let Some(swagger) = root.entry("swagger")
            {
                let message = "HTTP APIs import only OpenAPI 3.0 definitions, not Swagger 2.0";
                checker.push(checker.at(model, api.origin, swagger.key.span, message));
            }
        }
        for spec in model.specs.iter().filter(|spec| model.apis[spec.api].protocol != Protocol::WebSocket) {
            let mut found: Vec<(Span, String)> = Vec::new();
            let rest = |span, what: &str| (span, format!("{what} is a REST API feature: HTTP APIs do not support it, and import ignores it or warns"));
            for entry in spec.root.entries().unwrap_or_default() {
                if REST_ROOT_EXTENSIONS.contains(&entry.key.text.as_str()) {
                    found.push(rest(entry.key.span, &format!("`{}`", entry.key.text)));
                }
            }
            if let Some(version) = spec.root.entry("x-amazon-apigateway-importexport-version")
                && version.value.as_str().is_some_and(|text| text != "1.0")
            {
                found.push((version.value.span, "the only import/export version is `1.0`".into()));
            }
            for server in spec.root.get("servers").and_then(Node::items).unwrap_or_default() {
                if let Some(ids) = server.get(ENDPOINT_CONFIGURATION).and_then(|config| config.entry("vpcEndpointIds")) {
                    found.push(rest(ids.key.span, "`vpcEndpointIds` (private endpoints)"));
                }
            }
            for path in spec.root.get("paths").and_then(Node::entries).unwrap_or_default() {
                for operation in path.value.entries().unwrap_or_default() {
                    if !METHODS.iter().any(|(name, _)| *name == operation.key.text) {
                        continue;
                    }
                    for entry in operation.value.entries().unwrap_or_default() {
                        if REST_OPERATION_EXTENSIONS.contains(&entry.key.text.as_str()) {
                            found.push(rest(entry.key.span, &format!("`{}`", entry.key.text)));
                        }
                    }
                    for entry in operation.value.get(INTEGRATION).and_then(Node::entries).unwrap_or_default() {
                        if REST_INTEGRATION_FIELDS.contains(&entry.key.text.as_str()) {
                            found.push(rest(entry.key.span, &format!("the integration field `{}`", entry.key.text)));
                        }
                    }
                }
            }
            let schemes = spec.root.get("components").and_then(|components| components.get("securitySchemes"));
            for scheme in schemes.and_then(Node::entries).unwrap_or_default() {
                if let Some(entry) = scheme.value.get(AUTHORIZER).and_then(|authorizer| authorizer.entry("identityValidationExpression")) {
                    found.push(rest(entry.key.span, "`identityValidationExpression`"));
                }
            }
            let origin = model.apis[spec.api].origin;
            for (span, message) in found {
                checker.push(checker.at(model, origin, span, message));
            }
        }
    }
}
