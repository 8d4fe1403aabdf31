use apigw_model::Model;
use apigw_model::api::{Protocol, Route};

use crate::authorization::{self, Authorization, method_and_path};
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A route of an HTTP Api without authorization (`AuthorizationType` `NONE` or not set) while
    /// other routes of the same Api use JWT, Lambda or IAM authorization.
    ///
    /// Routes are also SAM `HttpApi` events (authorized by their `Auth.Authorizer` or the Api's
    /// `DefaultAuthorizer`) and OpenAPI operations (by their own or the document's `security`).
    ///
    /// ## Why
    /// When most routes are protected, an open one is usually an authorizer forgotten on a route
    /// added later, and it exposes its integration to anyone. Public routes that are meant to be
    /// public (health checks, sign-up) can keep the warning suppressed in the route's
    /// `Metadata`.
    ///
    /// Not reported, because they are open on purpose:
    /// - `OPTIONS` routes: CORS preflights carry no credentials, so they must be open.
    /// - WebSocket APIs: only `$connect` takes authorization, and it covers the connection.
    /// - `$default`, unless it sends requests to an integration that an authorized route also
    ///   uses: then every path the authorized routes do not match reaches that backend without
    ///   authorization. A `$default` with its own integration (a "not found" handler) is fine.
    ///
    /// Routes under conditions are compared only with routes that certainly exist with them.
    ///
    /// ## Example
    /// ```yaml
    /// GetOrders:
    ///   Type: AWS::ApiGatewayV2::Route
    ///   Properties: {ApiId: !Ref Api, RouteKey: GET /orders, AuthorizationType: JWT, AuthorizerId: !Ref Jwt, Target: !Sub integrations/${Orders}}
    /// DeleteOrder:
    ///   Type: AWS::ApiGatewayV2::Route
    ///   Properties: {ApiId: !Ref Api, RouteKey: DELETE /orders/{id}, Target: !Sub integrations/${Orders}}
    /// ```
    ///
    /// ## Fix
    /// Give the route the authorization its neighbours have, or suppress the warning where the
    /// route is public on purpose.
    pub struct RouteWithoutAuthorization {
        code: "AGW608",
        name: "route-without-authorization",
        severity: Warning,
        fix: None,
    }
}

impl Rule for RouteWithoutAuthorization {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for (index, api) in model.apis.iter().enumerate() {
            if api.protocol != Protocol::Http {
                continue;
            }
            let routes: Vec<(&Route, Authorization)> =
                model.routes_of(index).filter_map(|route| Some((route, authorization::of_route(model, route)?))).collect();
            for &(route, authorization) in &routes {
                if authorization != Authorization::None {
                    continue;
                }
                let key = route.route_key.as_ref().and_then(|key| key.text.as_deref());
                if key.and_then(method_and_path).is_some_and(|(method, _)| method == "OPTIONS") {
                    continue;
                }
                let is_default = key == Some("$default");
                let protected = routes.iter().find(|&&(other, other_authorization)| {
                    other_authorization != Authorization::None
                        && model.coexist(route.origin, other.origin)
                        && (!is_default || (route.integration.is_some() && route.integration == other.integration))
                });
                let Some(&(protected, protected_authorization)) = protected else { continue };
                let name = key.map_or_else(|| "this route".to_string(), |key| format!("`{key}`"));
                let message = if is_default {
                    format!("{name} has no authorization but sends requests to the integration of authorized routes: every path they do not match reaches it unauthorized")
                } else {
                    format!("{name} has no authorization while other routes of this Api use it")
                };
                let span = route.authorization_type.map_or(route.origin.span, |entry| entry.value.span);
                let other = model.route_name(protected);
                let diagnostic = checker
                    .at(model, route.origin, span, message)
                    .with_related(protected.origin.span, format!("`{other}` uses `{}` authorization", protected_authorization.name()));
                checker.push(diagnostic);
            }
        }
    }
}
