use apigw_model::Model;
use apigw_model::api::{Protocol, Route};

use crate::api_keys::{AUTHORIZER_KEY, key_source};
use crate::authorization::{self, Authorization};
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// A WebSocket route that requires an API key its Api can never select.
    ///
    /// ## What it checks
    /// A route with `ApiKeyRequired: true` on a WebSocket Api whose `ApiKeySelectionExpression`
    /// is `$context.authorizer.usageIdentifierKey`, while the Api's `$connect` route has no
    /// Lambda (`CUSTOM`) authorizer in the template. In SAM: a `Routes` entry with
    /// `ApiKeyRequired: true` on an `AWS::Serverless::WebSocketApi` whose `Auth.AuthType` is not
    /// `CUSTOM`.
    ///
    /// An Api without `ApiKeySelectionExpression` is fine: the service then reads the key from
    /// the `x-api-key` header (`$request.header.x-api-key` is the default).
    ///
    /// ## Why
    /// With `$context.authorizer.usageIdentifierKey` the key is whatever a Lambda authorizer
    /// returns as `usageIdentifierKey` when the client connects. Without such an authorizer
    /// there is no key, and every call of a route that requires one is rejected with 403.
    ///
    /// ## Example
    /// ```yaml
    /// ChatApi:
    ///   Type: AWS::ApiGatewayV2::Api
    ///   Properties:
    ///     Name: chat
    ///     ProtocolType: WEBSOCKET
    ///     RouteSelectionExpression: $request.body.action
    ///     ApiKeySelectionExpression: $context.authorizer.usageIdentifierKey
    /// ConnectRoute:
    ///   Type: AWS::ApiGatewayV2::Route
    ///   Properties: {ApiId: !Ref ChatApi, RouteKey: $connect, ApiKeyRequired: true}
    /// ```
    ///
    /// ## Fix
    /// Authorize `$connect` with a Lambda authorizer that returns `usageIdentifierKey`, or read
    /// the key from the `x-api-key` header (remove `ApiKeySelectionExpression`).
    pub struct ApiKeyRequiredWithoutSelection {
        code: "AGW704",
        name: "api-key-required-without-selection",
        severity: Warning,
        fix: None,
    }
}

impl Rule for ApiKeyRequiredWithoutSelection {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for route in &model.routes {
            let Some(api_index) = route.api.and_then(|link| link.target) else { continue };
            let api = &model.apis[api_index];
            let (Some(required), Some(selection)) = (route.api_key_required, api.api_key_selection_expression) else {
                continue;
            };
            let requires_key = model.known(Some(required)).is_some_and(|value| value.eq_ignore_ascii_case("true"));
            let from_authorizer = model.known(Some(selection)).is_some_and(|value| key_source(&value) == Some(AUTHORIZER_KEY));
            if api.protocol != Protocol::WebSocket || !requires_key || !from_authorizer {
                continue;
            }
            let connect = model.routes_of(api_index).find(|other| route_key(other) == Some("$connect"));
            // Written (`AuthorizationType`) or implied (SAM's `Auth.AuthType`).
            let connect_authorized = match connect.map(|connect| authorization::of_route(model, connect)) {
                None => false,
                Some(Some(authorization)) => authorization == Authorization::Custom,
                // Set by a parameter or condition: it may well be CUSTOM.
                Some(None) => continue,
            };
            if connect_authorized {
                continue;
            }
            let key = route_key(route).unwrap_or("this route");
            let mut diagnostic = checker
                .at(
                    model,
                    route.origin,
                    required.value.span,
                    format!(
                        "route `{key}` requires an API key that is never found: the Api reads keys from a Lambda authorizer's `usageIdentifierKey`, and its `$connect` route has no `CUSTOM` authorizer"
                    ),
                )
                .with_related(selection.value.span, format!("keys are selected by `{AUTHORIZER_KEY}`"));
            if let Some(connect) = connect {
                diagnostic = diagnostic.with_related(connect.origin.span, "`$connect` is not authorized by a Lambda authorizer");
            }
            checker.push(diagnostic);
        }
    }
}

fn route_key<'r>(route: &'r Route) -> Option<&'r str> {
    route.route_key.as_ref().and_then(|key| key.text.as_deref())
}
