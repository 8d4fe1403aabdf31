use apigw_model::Model;

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// An `HTTP_PROXY` integration without `IntegrationMethod`.
    ///
    /// ## What it checks
    /// An `AWS::ApiGatewayV2::Integration` of `IntegrationType: HTTP_PROXY` with no
    /// `IntegrationMethod`, on HTTP and WebSocket APIs alike; in OpenAPI, an
    /// `x-amazon-apigateway-integration` of `type: http_proxy` with no `httpMethod`.
    ///
    /// ## Why
    /// API Gateway needs to know which method to call the backend with; only `MOCK` integrations
    /// may leave it out. The integration fails to create.
    ///
    /// ## Example
    /// ```yaml
    /// Integration:
    ///   Type: AWS::ApiGatewayV2::Integration
    ///   Properties:
    ///     ApiId: !Ref Api
    ///     IntegrationType: HTTP_PROXY
    ///     IntegrationUri: https://backend.example.com/{proxy}
    ///     PayloadFormatVersion: "1.0"
    /// ```
    ///
    /// ## Fix
    /// Add `IntegrationMethod`: `ANY` passes the client's method through, or name one method.
    pub struct HttpProxyMethodMissing {
        code: "AGW209",
        name: "http-proxy-method-missing",
        severity: Error,
        fix: None,
    }
}

impl Rule for HttpProxyMethodMissing {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for integration in &model.integrations {
            if integration.integration_method.is_none() && model.integration_type(integration).as_deref() == Some("HTTP_PROXY") {
                let method = integration.origin.dialect.spelling("IntegrationMethod");
                let message = format!("this `HTTP_PROXY` integration has no `{method}`: the service needs the method to call the backend with");
                let diagnostic = checker.at(model, integration.origin, integration.origin.span, message);
                checker.push(diagnostic);
            }
        }
    }
}
