use apigw_model::api::Dialect;
use apigw_model::Model;
use apigw_model::api::Protocol;

use crate::api_keys::{AUTHORIZER_KEY, HEADER_KEY, key_source};
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// An API key selection expression that the service does not support.
    ///
    /// ## What it checks
    /// `ApiKeySelectionExpression` of a WebSocket `AWS::ApiGatewayV2::Api`: the service supports
    /// exactly two values, `$request.header.x-api-key` (the key in the `x-api-key` header) and
    /// `$context.authorizer.usageIdentifierKey` (the key a Lambda authorizer returns). Each
    /// branch of an `Fn::If` is checked. HTTP Apis, which do not use API keys, are left to
    /// AGW203.
    ///
    /// An `AWS::Serverless::WebSocketApi`'s value is checked when it is a selection expression
    /// (starts with `$`): SAM passes it through unchecked, and SAM's own test inputs put
    /// placeholders that are no expression at all there.
    ///
    /// ## Why
    /// Any other expression (another header, a body path, a property name) names a key source
    /// the service does not have: routes with `ApiKeyRequired: true` can never be called.
    ///
    /// ## Example
    /// ```yaml
    /// ChatApi:
    ///   Type: AWS::ApiGatewayV2::Api
    ///   Properties:
    ///     Name: chat
    ///     ProtocolType: WEBSOCKET
    ///     RouteSelectionExpression: $request.body.action
    ///     ApiKeySelectionExpression: $request.header.Authorization
    /// ```
    ///
    /// ## Fix
    /// Use `$request.header.x-api-key` (the default when the property is left out) or
    /// `$context.authorizer.usageIdentifierKey` with a Lambda authorizer on `$connect`.
    pub struct ApiKeySelectionExpression {
        code: "AGW703",
        name: "api-key-selection-expression",
        severity: Error,
        fix: None,
    }
}

impl Rule for ApiKeySelectionExpression {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for api in model.apis.iter().filter(|api| api.protocol == Protocol::WebSocket) {
            let Some(entry) = api.api_key_selection_expression else { continue };
            // SAM passes the value through unchecked, and SAM's own reference inputs (the shared
            // corpus) put placeholders there that are no expression at all: a SAM value is held
            // to the service's list when it is a selection expression (`$…`).
            let sam = api.origin.dialect == Dialect::Sam;
            let mut unsupported = Vec::new();
            model.template.each_known(&entry.value, &mut |expression, node| {
                if key_source(&expression).is_none() && (!sam || expression.trim_start().starts_with('$')) {
                    unsupported.push((expression.into_owned(), node.span));
                }
            });
            for (expression, span) in unsupported {
                let message = format!(
                    "API key selection expression `{expression}` is not supported: the service reads keys only from `{HEADER_KEY}` or `{AUTHORIZER_KEY}`"
                );
                let diagnostic = checker.at(model, api.origin, span, message);
                checker.push(diagnostic);
            }
        }
    }
}
