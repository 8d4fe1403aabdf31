use apigw_model::Model;
use apigw_model::api::Protocol;

use crate::values::true_presence;
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A Lambda (`REQUEST`) authorizer of an HTTP Api with `EnableSimpleResponses: true` and an
    /// `AuthorizerPayloadFormatVersion` other than `2.0`, or none.
    ///
    /// The same keys in a SAM Lambda authorizer, and `enableSimpleResponses` with
    /// `authorizerPayloadFormatVersion` in OpenAPI's `x-amazon-apigateway-authorizer`.
    ///
    /// ## Why
    /// Simple responses (`{"isAuthorized": true}`) exist only in payload format 2.0: "If you
    /// choose the 2.0 format version, you can return a Boolean value or an IAM policy ... To
    /// return a Boolean value, enable simple responses" (Working with AWS Lambda authorizers for
    /// HTTP APIs). The service refuses simple responses for format 1.0, and the version is
    /// required for HTTP API Lambda authorizers anyway.
    ///
    /// ## Example
    /// ```yaml
    /// LambdaAuthorizer:
    ///   Type: AWS::ApiGatewayV2::Authorizer
    ///   Properties:
    ///     ApiId: !Ref Api
    ///     Name: lambda
    ///     AuthorizerType: REQUEST
    ///     AuthorizerUri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${AuthFunction.Arn}/invocations
    ///     AuthorizerPayloadFormatVersion: "1.0"
    ///     EnableSimpleResponses: true
    /// ```
    ///
    /// ## Fix
    /// Set `AuthorizerPayloadFormatVersion: "2.0"` (and read the 2.0 event in the function), or
    /// return IAM policies and drop `EnableSimpleResponses`.
    pub struct SimpleResponsesNeedV2 {
        code: "AGW605",
        name: "simple-responses-need-v2",
        severity: Error,
        fix: None,
    }
}

impl Rule for SimpleResponsesNeedV2 {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for authorizer in &model.authorizers {
            if model.authorizer_type(authorizer).as_deref() != Some("REQUEST")
                || model.api_of(authorizer.api).is_some_and(|api| api.protocol == Protocol::WebSocket)
            {
                continue;
            }
            let Some(simple) = authorizer.enable_simple_responses else { continue };
            let Some(true_at) = true_presence(model, &simple.value).at else { continue };
            let diagnostic = match authorizer.payload_format_version {
                None => checker.at(
                    model,
                    authorizer.origin,
                    true_at.span,
                    format!(
                        "simple responses need `{}: \"2.0\"`, which is not set",
                        authorizer.origin.dialect.spelling("AuthorizerPayloadFormatVersion")
                    ),
                ),
                Some(version) => match model.known(Some(version)) {
                    Some(text) if text != "2.0" => checker
                        .at(
                            model,
                            authorizer.origin,
                            version.value.span,
                            format!("simple responses need payload format version `2.0`, not `{text}`"),
                        )
                        .with_related(true_at.span, "simple responses are enabled here"),
                    _ => continue,
                },
            };
            checker.push(diagnostic);
        }
    }
}
