use apigw_model::Model;
use apigw_model::api::Protocol;

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// Authorization on a WebSocket route other than `$connect`.
    ///
    /// ## What it checks
    /// An `AWS::ApiGatewayV2::Route` of a WebSocket Api whose `AuthorizationType` is anything
    /// but `NONE` (`AWS_IAM`, `CUSTOM`) while its `RouteKey` is not `$connect`, including a
    /// Route added to an `AWS::Serverless::WebSocketApi`. Each branch of an `Fn::If` is checked.
    /// (SAM's own `Auth` applies to `$connect` only.)
    ///
    /// ## Why
    /// A WebSocket client is authorized once, when it connects; the messages that follow carry
    /// no credentials. API Gateway rejects the route with "Currently, authorization is
    /// restricted to the $connect route only" (BadRequestException), and the stack rolls back.
    ///
    /// ## Example
    /// ```yaml
    /// SendMessageRoute:
    ///   Type: AWS::ApiGatewayV2::Route
    ///   Properties:
    ///     ApiId: !Ref ChatApi
    ///     RouteKey: sendmessage
    ///     AuthorizationType: CUSTOM
    ///     AuthorizerId: !Ref ConnectAuthorizer
    /// ```
    ///
    /// ## Fix
    /// Authorize the `$connect` route and leave the other routes on `AuthorizationType: NONE`;
    /// a backend that needs the caller's identity on later messages can store it by connection
    /// id when `$connect` succeeds.
    pub struct WebsocketAuthorizerNotConnect {
        code: "AGW702",
        name: "websocket-authorizer-not-connect",
        severity: Error,
        fix: None,
    }
}

impl Rule for WebsocketAuthorizerNotConnect {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for route in &model.routes {
            if model.api_of(route.api).is_none_or(|api| api.protocol != Protocol::WebSocket) {
                continue;
            }
            let (Some(key), Some(authorization)) =
                (route.route_key.as_ref().and_then(|key| key.text.as_deref()), route.authorization_type)
            else {
                continue;
            };
            if key == "$connect" {
                continue;
            }
            let connect = route.api.and_then(|link| link.target).and_then(|api| {
                model.routes_of(api).find(|other| other.route_key.as_ref().and_then(|k| k.text.as_deref()) == Some("$connect"))
            });
            let mut authorized = Vec::new();
            model.template.each_known(&authorization.value, &mut |value, node| {
                if value != "NONE" {
                    authorized.push((value.into_owned(), node.span));
                }
            });
            for (value, span) in authorized {
                let mut diagnostic = checker.at(
                    model,
                    route.origin,
                    span,
                    format!("`{value}` authorization on WebSocket route `{key}`: the service authorizes only the `$connect` route"),
                );
                if let Some(connect) = connect {
                    diagnostic = diagnostic.with_related(connect.origin.span, "the `$connect` route, where authorization belongs");
                }
                checker.push(diagnostic);
            }
        }
    }
}
