use apigw_model::Model;
use apigw_model::api::Dialect;
use apigw_model::intrinsic::is_call;

use crate::authorization::{self, Authorization};
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// `AuthorizationScopes` on a route whose `AuthorizationType` is not `JWT` (including a route
    /// without `AuthorizationType`, which defaults to `NONE`).
    ///
    /// In SAM, an `HttpApi` event's `Auth.AuthorizationScopes` when its authorizer (its own or the
    /// Api's `DefaultAuthorizer`) is a Lambda authorizer; SAM drops the scopes of events whose
    /// authorizer is `NONE` or `AWS_IAM`, so those are fine. In OpenAPI, scopes in an operation's
    /// (or the document's) `security` requirement for a scheme that is not a JWT authorizer.
    ///
    /// ## Why
    /// CloudFormation rejects the route: "Authorization Scopes are only valid for
    /// COGNITO_USER_POOLS and JWT". The CDK emits exactly this for a route with
    /// `HttpNoneAuthorizer` on an API that has `defaultAuthorizationScopes`.
    ///
    /// Empty lists and lists from parameters or conditions are left alone.
    ///
    /// ## Example
    /// ```yaml
    /// HealthRoute:
    ///   Type: AWS::ApiGatewayV2::Route
    ///   Properties:
    ///     ApiId: !Ref Api
    ///     RouteKey: GET /health
    ///     AuthorizationType: NONE
    ///     AuthorizationScopes: [orders/read]
    /// ```
    ///
    /// ## Fix
    /// Remove `AuthorizationScopes` (the unsafe fix), or make the route use a JWT authorizer.
    pub struct ScopesWithoutJwt {
        code: "AGW604",
        name: "scopes-without-jwt",
        severity: Error,
        fix: Unsafe,
    }
}

impl Rule for ScopesWithoutJwt {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for route in &model.routes {
            let Some(scopes) = route.authorization_scopes else { continue };
            if is_call(&scopes.value) || scopes.value.items().is_none_or(<[_]>::is_empty) {
                continue;
            }
            let Some(authorization) = authorization::of_route(model, route).filter(|&a| a != Authorization::Jwt) else {
                continue;
            };
            let fix = route
                .origin
                .fields
                .and_then(|fields| checker.fix("Remove `AuthorizationScopes`", [checker.editor.remove_entry(fields, scopes)]));
            // OpenAPI writes the scopes in the route's `security` requirement.
            let scopes_name = match route.origin.dialect {
                Dialect::OpenApi => format!("Scopes in `{}`", route.origin.dialect.spelling("AuthorizationScopes")),
                _ => "`AuthorizationScopes`".to_string(),
            };
            let mut diagnostic = checker
                .at(
                    model,
                    route.origin,
                    scopes.key.span,
                    format!(
                        "{scopes_name} on a route with `{}` authorization: CloudFormation rejects it (\"Authorization Scopes are only valid for COGNITO_USER_POOLS and JWT\")",
                        authorization.name()
                    ),
                )
                .with_fix(fix);
            if let Some(type_entry) = route.authorization_type {
                diagnostic = diagnostic.with_related(type_entry.value.span, "the route's authorization type");
            } else if let Some(link) = route.authorizer.filter(|link| !std::ptr::eq(link.entry, scopes)) {
                diagnostic = diagnostic.with_related(link.entry.value.span, "the route's authorizer");
            }
            checker.push(diagnostic);
        }
    }
}
