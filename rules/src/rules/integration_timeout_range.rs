use apigw_model::Model;
use apigw_model::api::Protocol;

use crate::api_protocol::{describe, protocol_of, with_protocol_note};
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// An integration `TimeoutInMillis` outside what the Api's protocol allows.
    ///
    /// ## What it checks
    /// `TimeoutInMillis` of an `AWS::ApiGatewayV2::Integration` or of a SAM `HttpApi` event,
    /// `timeoutInMillis` of an OpenAPI `x-amazon-apigateway-integration`, `IntegrationTimeout` of
    /// a SAM WebSocket route: 50 to 30000 for HTTP APIs, 50 to 29000 for WebSocket APIs. When the
    /// protocol is not known, only values outside 50 to 30000 are reported. Values that are not
    /// integers are AGW007's business.
    ///
    /// ## Why
    /// The service rejects other values and the stack rolls back. The WebSocket limit is lower:
    /// 30000 deploys on an HTTP API and fails on a WebSocket API.
    ///
    /// ## Example
    /// ```yaml
    /// Integration:
    ///   Type: AWS::ApiGatewayV2::Integration
    ///   Properties:
    ///     ApiId: !Ref WebSocketApi
    ///     IntegrationType: AWS_PROXY
    ///     IntegrationUri: !Sub arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Handler.Arn}/invocations
    ///     TimeoutInMillis: 30000
    /// ```
    ///
    /// ## Fix
    /// Use a timeout within the range; for longer work, respond early and continue asynchronously.
    pub struct IntegrationTimeoutRange {
        code: "AGW205",
        name: "integration-timeout-range",
        severity: Error,
        fix: None,
    }
}

const MIN: i64 = 50;

impl Rule for IntegrationTimeoutRange {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for integration in &model.integrations {
            let Some(entry) = integration.timeout_in_millis else { continue };
            let protocol = protocol_of(model, integration.api);
            let max = if protocol == Protocol::WebSocket { 29_000 } else { 30_000 };
            let mut out_of_range = Vec::new();
            model.template.each_known(&entry.value, &mut |text, node| {
                if let Ok(value) = text.trim().parse::<i64>()
                    && !(MIN..=max).contains(&value)
                {
                    out_of_range.push((value, node.span));
                }
            });
            for (value, span) in out_of_range {
                let of = if protocol == Protocol::Unknown { String::new() } else { format!(" for {}", describe(protocol)) };
                // The key as written: `timeoutInMillis` in OpenAPI, `IntegrationTimeout` on SAM WebSocket routes.
                let message = format!("`{}` must be between {MIN} and {max}{of}, not {value}", entry.key.text);
                let diagnostic = checker.at(model, integration.origin, span, message);
                checker.push(with_protocol_note(model, diagnostic, model.api_of(integration.api)));
            }
        }
    }
}
