use apigw_model::Model;
use apigw_model::api::{Dialect, Protocol};
use serde_json::json;

use crate::api_protocol::{protocol_of, with_protocol_note};
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// An `AWS_PROXY` integration of an HTTP API without `PayloadFormatVersion`.
    ///
    /// ## What it checks
    /// An `AWS::ApiGatewayV2::Integration` of `IntegrationType: AWS_PROXY` (a Lambda proxy
    /// integration) on an HTTP Api with no `PayloadFormatVersion`. AWS service integrations
    /// (`IntegrationSubtype`) are not checked.
    ///
    /// ## Why
    /// The console picks the latest version for you, but "if you create a Lambda integration by
    /// using the AWS CLI, CloudFormation, or an SDK, you must specify a payloadFormatVersion"
    /// (API Gateway developer guide); the stack fails to create the integration.
    ///
    /// ## Example
    /// ```yaml
    /// Integration:
    ///   Type: AWS::ApiGatewayV2::Integration
    ///   Properties:
    ///     ApiId: !Ref HttpApi
    ///     IntegrationType: AWS_PROXY
    ///     IntegrationUri: !GetAtt Handler.Arn
    /// ```
    ///
    /// ## Fix
    /// Add `PayloadFormatVersion: "2.0"` (the safe fix), or `"1.0"` when the function expects the
    /// REST API event format.
    pub struct MissingPayloadFormatVersion {
        code: "AGW204",
        name: "missing-payload-format-version",
        severity: Error,
        fix: Safe,
    }
}

impl Rule for MissingPayloadFormatVersion {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for integration in &model.integrations {
            // CloudFormation's requirement; OpenAPI integrations are AGW802's.
            if integration.origin.dialect == Dialect::OpenApi
                || integration.payload_format_version.is_some()
                || integration.implied_payload_format_version.is_some()
                || integration.integration_subtype.is_some()
                || protocol_of(model, integration.api) != Protocol::Http
                || model.integration_type(integration).as_deref() != Some("AWS_PROXY")
            {
                continue;
            }
            let fix = checker.fix(
                "Add `PayloadFormatVersion: \"2.0\"`",
                [integration.origin.fields.and_then(|fields| checker.editor.insert_entry(fields, "PayloadFormatVersion", &json!("2.0")))],
            );
            let message = "this `AWS_PROXY` integration of an HTTP API has no `PayloadFormatVersion`: CloudFormation requires `1.0` or `2.0`";
            let diagnostic = checker.at(model, integration.origin, integration.origin.span, message).with_fix(fix);
            checker.push(with_protocol_note(model, diagnostic, model.api_of(integration.api)));
        }
    }
}
