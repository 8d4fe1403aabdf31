use apigw_model::Model;
use apigw_model::api::Route;

use crate::authorization::{self, Authorization, authorizer_of, identity_sources, method_and_path};
use crate::{Checker, Rule, cors, declare_rule};

declare_rule! {
    /// ## What it checks
    /// An HTTP Api with a `CorsConfiguration` whose preflight requests reach a route that requires
    /// authorization: an `OPTIONS` route, an `ANY` route or the `$default` route with JWT, Lambda
    /// (`CUSTOM`) or IAM authorization.
    ///
    /// SAM and OpenAPI routes count with the authorization they imply: a SAM event's
    /// `Auth.Authorizer` or the Api's `DefaultAuthorizer` (which SAM leaves off `OPTIONS`
    /// routes), an operation's or the definition's `security`. CORS is configured by a SAM
    /// `CorsConfiguration` (also `true`) or `x-amazon-apigateway-cors`.
    ///
    /// ## Why
    /// With CORS configured, API Gateway answers preflight `OPTIONS` requests itself "even if
    /// there isn't an OPTIONS route configured", but a route that matches them gets them: "The
    /// `$default` route catches requests for all methods and routes that you haven't explicitly
    /// defined, including `OPTIONS` requests. To support unauthorized `OPTIONS` requests, add an
    /// `OPTIONS /{proxy+}` route to your API that doesn't require authorization" (Configuring CORS
    /// for an HTTP API with a `$default` route and JWT authorizer). An `OPTIONS` route matches
    /// them by definition, and an `ANY` route matches every method; authorized `ANY` routes
    /// failing preflights is the commonly reported case (sst issue 5493, "Fixing up CORS errors
    /// in HTTP API").
    /// Browsers send preflights without credentials, so the authorizer answers 401 or 403 and the
    /// browser blocks the real request ("Response to preflight request doesn't pass access
    /// control check").
    ///
    /// A route is reported only where the preflight really fails:
    /// - `ANY /path` is not reported when an `OPTIONS` route without authorization serves the
    ///   same path (or a greedy `{proxy+}` path above it); `$default` is not reported when an
    ///   `OPTIONS` or `ANY` route without authorization has a greedy path.
    /// - a JWT authorizer that reads the token from the query string, and a Lambda authorizer
    ///   whose identity sources a preflight also carries (query strings, context and stage
    ///   variables, headers browsers send themselves) or that has none, may let the preflight
    ///   through: such routes are not reported, nor routes whose authorizer is not in the template.
    ///
    /// ## Example
    /// ```yaml
    /// ProxyRoute:
    ///   Type: AWS::ApiGatewayV2::Route
    ///   Properties:
    ///     ApiId: !Ref Api  # Api has a CorsConfiguration
    ///     RouteKey: ANY /{proxy+}
    ///     AuthorizationType: JWT
    ///     AuthorizerId: !Ref JwtAuthorizer
    /// ```
    ///
    /// ## Fix
    /// Use method-specific routes (`GET /{proxy+}`, `POST /{proxy+}`), which leave preflights to
    /// API Gateway, or add an `OPTIONS` route for the same path with `AuthorizationType: NONE`
    /// and an integration that answers it.
    pub struct CorsPreflightAuthorized {
        code: "AGW506",
        name: "cors-preflight-authorized",
        severity: Warning,
        fix: None,
    }
}

impl Rule for CorsPreflightAuthorized {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for (index, api) in model.apis.iter().enumerate() {
            let Some(cors) = cors::configured(api) else { continue };
            let routes: Vec<&Route> = model.routes_of(index).collect();
            // Routes that let an OPTIONS request through without authorization, by method and path.
            let open: Vec<(&str, &str)> = routes
                .iter()
                .filter(|route| authorization::of_route(model, route) == Some(Authorization::None))
                .filter_map(|route| method_and_path(route.route_key.as_ref()?.text.as_deref()?))
                .filter(|(method, _)| matches!(*method, "OPTIONS" | "ANY"))
                .collect();
            for route in &routes {
                let Some(key) = route.route_key.as_ref().and_then(|key| key.text.as_deref()) else { continue };
                let Some(authorization) = authorization::of_route(model, route) else { continue };
                if authorization == Authorization::None || !preflight_denied(model, route, authorization) {
                    continue;
                }
                let catches_preflight = match method_and_path(key) {
                    Some(("OPTIONS", _)) => true,
                    Some(("ANY", path)) => {
                        !open.iter().any(|(method, open_path)| *method == "OPTIONS" && covers(open_path, path))
                    }
                    Some(_) => false,
                    None => key == "$default" && !open.iter().any(|(_, open_path)| greedy_prefix(open_path).is_some()),
                };
                if !catches_preflight {
                    continue;
                }
                // SAM and OpenAPI do not spell CloudFormation's authorization types.
                let requirement = match (route.authorization_type, authorization) {
                    (Some(_), _) => format!("`{}` authorization", authorization.name()),
                    (None, Authorization::Jwt) => "a JWT authorizer".to_string(),
                    (None, Authorization::Custom) => "a Lambda authorizer".to_string(),
                    (None, _) => "IAM authorization".to_string(),
                };
                let message = format!(
                    "`{key}` receives the CORS preflight `OPTIONS` requests and requires {requirement}: browsers send preflights without credentials, so they fail"
                );
                // A SAM event or an OpenAPI operation implies its authorization: point at the
                // route, and at the authorizer it names (`Auth.Authorizer`, `DefaultAuthorizer`,
                // a `security` requirement).
                let (span, implied_by) = match route.authorization_type {
                    Some(entry) => (entry.value.span, None),
                    None => (route.origin.span, route.authorizer.map(|link| link.entry.key.span)),
                };
                let mut diagnostic = checker.at(model, route.origin, span, message);
                if let Some(span) = implied_by {
                    diagnostic = diagnostic.with_related(span, "the route's authorizer is named here");
                }
                checker.push(diagnostic.with_related(cors.entry.key.span, "CORS is configured here"));
            }
        }
    }
}

/// Whether an authorization certainly rejects a preflight. IAM needs a signature no preflight
/// has; a JWT or Lambda authorizer rejects it when its identity source is a header that a
/// preflight does not carry.
fn preflight_denied(model: &Model, route: &Route, authorization: Authorization) -> bool {
    if authorization == Authorization::AwsIam {
        return true;
    }
    let Some(sources) = authorizer_of(model, route).and_then(|authorizer| identity_sources(model, authorizer)) else {
        return false;
    };
    // A Lambda authorizer is skipped when any identity source is missing; a JWT authorizer has one.
    sources.iter().any(|source| {
        source
            .strip_prefix("$request.header.")
            .is_some_and(|header| !sent_with_preflights(&header.to_ascii_lowercase()))
    })
}

/// Headers browsers send with every preflight, which a token can therefore not be expected in.
fn sent_with_preflights(header: &str) -> bool {
    matches!(header, "origin" | "host" | "user-agent" | "accept" | "accept-language" | "accept-encoding" | "referer" | "connection")
        || header.starts_with("access-control-request-")
        || header.starts_with("sec-")
}

/// The path above a greedy variable (`/api/{proxy+}` → `/api`), for greedy paths.
fn greedy_prefix(path: &str) -> Option<&str> {
    let (prefix, last) = path.rsplit_once('/')?;
    (last.starts_with('{') && last.ends_with("+}")).then_some(prefix)
}

/// Whether a route path serves every request path that `path` serves: the same path, or a
/// greedy path above it.
fn covers(open: &str, path: &str) -> bool {
    open == path
        || greedy_prefix(open).is_some_and(|prefix| {
            path.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/') && rest.len() > 1)
        })
}

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn greedy_paths_cover_paths_below() {
        assert!(covers("/{proxy+}", "/{proxy+}"));
        assert!(covers("/{proxy+}", "/orders"));
        assert!(covers("/api/{proxy+}", "/api/orders/{id}"));
        assert!(!covers("/api/{proxy+}", "/apis"));
        assert!(!covers("/orders", "/orders/{id}"));
    }
}
