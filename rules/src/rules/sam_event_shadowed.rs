use apigw_model::Model;

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A SAM function event of `Type: HttpApi` for a route (method and path) that the Api's
    /// `DefinitionBody` already defines with its own `x-amazon-apigateway-integration`.
    ///
    /// ## Why
    /// SAM adds the event's Lambda integration only where the definition has none. Where it has
    /// one, SAM silently keeps it: the event's function is never invoked by that route, though
    /// the template reads as if it were.
    ///
    /// ## Example
    /// ```yaml
    /// OrdersApi:
    ///   Type: AWS::Serverless::HttpApi
    ///   Properties:
    ///     DefinitionBody:
    ///       openapi: 3.0.1
    ///       paths:
    ///         /orders:
    ///           get:
    ///             x-amazon-apigateway-integration: {type: http_proxy, httpMethod: GET, uri: https://legacy.example.com/orders, payloadFormatVersion: "1.0"}
    /// ListOrders:
    ///   Type: AWS::Serverless::Function
    ///   Properties:
    ///     Events:
    ///       List: {Type: HttpApi, Properties: {ApiId: !Ref OrdersApi, Path: /orders, Method: get}}
    /// ```
    ///
    /// ## Fix
    /// Remove the integration from the definition (SAM then adds the function's), or remove the
    /// event.
    pub struct SamEventShadowed {
        code: "AGW807",
        name: "sam-event-shadowed",
        severity: Warning,
        fix: None,
    }
}

impl Rule for SamEventShadowed {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for event in &model.shadowed_events {
            let route = &model.routes[event.route];
            let key = model.route_name(route);
            let message = format!(
                "the definition already integrates `{key}`: SAM keeps that integration, so this event's function is never invoked by the route"
            );
            let diagnostic = checker
                .at(model, event.origin, event.origin.span, message)
                .with_related(route.route_key.as_ref().map_or(route.origin.span, |key| key.span), format!("`{key}` is defined here"));
            checker.push(diagnostic);
        }
    }
}
