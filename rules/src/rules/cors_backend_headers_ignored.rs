use apigw_model::Model;
use apigw_syntax::{Node, Span};

use crate::{Checker, Rule, cors, declare_rule};

declare_rule! {
    /// ## What it checks
    /// An integration whose `ResponseParameters` set an `Access-Control-*` header, on an Api that
    /// has a `CorsConfiguration`.
    ///
    /// In OpenAPI, the `responseParameters` of an `x-amazon-apigateway-integration` on an Api with
    /// `x-amazon-apigateway-cors`, or with SAM's `CorsConfiguration` (also `true`).
    ///
    /// ## Why
    /// "If you configure CORS for an API, API Gateway ignores CORS headers returned from your
    /// backend integration" (Configuring CORS for an HTTP API): the API's configuration answers
    /// instead, and the mapping does nothing.
    ///
    /// ## Example
    /// ```yaml
    /// Integration:
    ///   Type: AWS::ApiGatewayV2::Integration
    ///   Properties:
    ///     ApiId: !Ref Api  # Api has a CorsConfiguration
    ///     ResponseParameters:
    ///       "200":
    ///         ResponseParameters:
    ///           - Destination: overwrite:header.Access-Control-Allow-Origin
    ///             Source: "'*'"
    /// ```
    ///
    /// ## Fix
    /// Put the values in the Api's `CorsConfiguration` and remove the mapping.
    pub struct CorsBackendHeadersIgnored {
        code: "AGW505",
        name: "cors-backend-headers-ignored",
        severity: Info,
        fix: None,
    }
}

impl Rule for CorsBackendHeadersIgnored {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for integration in &model.integrations {
            let Some(cors) = model.api_of(integration.api).and_then(cors::configured) else { continue };
            let Some(parameters) = integration.response_parameters else { continue };
            for (header, span) in cors_headers(model, &parameters.value) {
                let diagnostic = checker
                    .at(
                        model,
                        integration.origin,
                        span,
                        format!("`{header}` set by the integration is ignored: the Api has a CORS configuration, which answers instead"),
                    )
                    .with_related(cors.entry.key.span, "the Api's CORS configuration");
                checker.push(diagnostic);
            }
        }
    }
}

/// The `Access-Control-*` headers that response parameters set, with the range of their
/// destination. Both spellings are read: the schema's `{status: {ResponseParameters: [{Destination,
/// Source}]}}` and the API's `{status: {destination: source}}`.
fn cors_headers<'a>(model: &Model<'a>, parameters: &'a Node) -> Vec<(String, Span)> {
    let mut destinations: Vec<(String, Span)> = Vec::new();
    for status in parameters.entries().unwrap_or_default() {
        for entry in status.value.entries().unwrap_or_default() {
            match entry.value.items() {
                Some(list) if entry.key.text == "ResponseParameters" => {
                    for destination in list.iter().filter_map(|item| item.get("Destination")) {
                        if let Some(text) = model.template.text(destination).known() {
                            destinations.push((text.to_string(), destination.span));
                        }
                    }
                }
                _ => destinations.push((entry.key.text.clone(), entry.key.span)),
            }
        }
    }
    destinations
        .into_iter()
        .filter_map(|(destination, span)| {
            let (_, target) = destination.split_once(':')?;
            let header = target.strip_prefix("header.")?;
            header.to_ascii_lowercase().starts_with("access-control-").then(|| (header.to_string(), span))
        })
        .collect()
}
