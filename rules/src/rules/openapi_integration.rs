use apigw_model::Model;
use apigw_model::api::Dialect;
use apigw_model::openapi::INTEGRATION;

use crate::{Checker, Rule, declare_rule};

const TYPES: &[&str] = &["AWS_PROXY", "HTTP_PROXY", "AWS", "HTTP", "MOCK"];
const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY"];

declare_rule! {
    /// ## What it checks
    /// An `x-amazon-apigateway-integration` of an OpenAPI definition without a `type` or with
    /// an unknown one, without a `uri` (unless an `integrationSubtype` names an AWS service
    /// action), a `VPC_LINK` connection without `connectionId`, an `httpMethod` that is not an
    /// HTTP method (or, for a Lambda proxy integration, not `POST`), or a `payloadFormatVersion`
    /// other than `1.0` and `2.0`. The type is read in any case: SAM writes `aws_proxy`.
    ///
    /// ## Why
    /// The import fails on these, or creates an integration that answers every request with an
    /// error: Lambda is invoked only with `POST`, and a private integration needs its VPC link.
    ///
    /// ## Example
    /// ```yaml
    /// x-amazon-apigateway-integration:
    ///   type: aws_proxy
    ///   httpMethod: GET
    ///   uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations
    ///   payloadFormatVersion: "2.0"
    /// ```
    ///
    /// ## Fix
    /// Set `httpMethod: POST` for Lambda, and give every integration a `type`, a `uri` and a
    /// `payloadFormatVersion` of `1.0` or `2.0`.
    pub struct OpenapiIntegration {
        code: "AGW802",
        name: "openapi-integration",
        severity: Error,
        fix: None,
    }
}

impl Rule for OpenapiIntegration {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for integration in model.integrations.iter().filter(|integration| integration.origin.dialect == Dialect::OpenApi) {
            let mut found = Vec::new();
            let kind = model.integration_type(integration);
            match (integration.integration_type, &kind) {
                (None, _) => found.push((integration.origin.span, format!("`{INTEGRATION}` has no `type`: `aws_proxy` or `http_proxy`"))),
                (Some(entry), Some(kind)) if !TYPES.contains(&kind.as_str()) => {
                    let written = model.known(Some(entry)).unwrap_or_default();
                    found.push((entry.value.span, format!("unknown integration type `{written}`: HTTP APIs take `aws_proxy` or `http_proxy`")));
                }
                _ => {}
            }
            if integration.integration_uri.is_none() && integration.integration_subtype.is_none() {
                found.push((integration.origin.span, format!("`{INTEGRATION}` has no `uri`: the import needs the Lambda ARN or URL it calls")));
            }
            let vpc_link = model.known(integration.connection_type).is_some_and(|connection| connection == "VPC_LINK");
            if let (true, Some(entry), None) = (vpc_link, integration.connection_type, integration.connection_id) {
                found.push((entry.value.span, "a `VPC_LINK` connection needs `connectionId`, the VPC link's id".to_string()));
            }
            if let Some(entry) = integration.integration_method
                && let Some(method) = model.known(Some(entry))
            {
                let lambda = kind.as_deref() == Some("AWS_PROXY")
                    && integration.integration_subtype.is_none()
                    && (integration.function.is_some() || model.known(integration.integration_uri).is_some_and(|uri| uri.contains(":lambda:")));
                if !METHODS.contains(&method.to_ascii_uppercase().as_str()) {
                    found.push((entry.value.span, format!("`{method}` is not an HTTP method")));
                } else if lambda && !method.eq_ignore_ascii_case("POST") {
                    found.push((entry.value.span, format!("Lambda functions are invoked with `POST`, not `{method}`: the route would fail on every call")));
                }
            }
            if let Some(entry) = integration.payload_format_version
                && let Some(version) = model.known(Some(entry)).filter(|version| version != "1.0" && version != "2.0")
            {
                found.push((entry.value.span, format!("payload format `{version}` does not exist: use `1.0` or `2.0`")));
            }
            for (span, message) in found {
                checker.push(checker.at(model, integration.origin, span, message));
            }
        }
    }
}
