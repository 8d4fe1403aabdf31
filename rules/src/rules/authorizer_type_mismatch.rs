use apigw_model::Model;

use crate::authorization::{self, authorizer_of};
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A route whose `AuthorizationType` does not fit the `AuthorizerType` of the authorizer its
    /// `AuthorizerId` names: `JWT` routes need a `JWT` authorizer, `CUSTOM` routes a `REQUEST`
    /// (Lambda) authorizer.
    ///
    /// ## Why
    /// The service rejects the route: "Setting the authorization type to JWT requires a valid JWT
    /// authorizer", and the same for `CUSTOM`. The stack rolls back after creating the
    /// authorizer.
    ///
    /// ## Example
    /// ```yaml
    /// LambdaAuthorizer:
    ///   Type: AWS::ApiGatewayV2::Authorizer
    ///   Properties: {ApiId: !Ref Api, Name: lambda, AuthorizerType: REQUEST, ...}
    /// Route:
    ///   Type: AWS::ApiGatewayV2::Route
    ///   Properties:
    ///     ApiId: !Ref Api
    ///     RouteKey: GET /orders
    ///     AuthorizationType: JWT
    ///     AuthorizerId: !Ref LambdaAuthorizer
    /// ```
    ///
    /// ## Fix
    /// Use `AuthorizationType: CUSTOM` for a Lambda authorizer and `JWT` for a JWT authorizer.
    pub struct AuthorizerTypeMismatch {
        code: "AGW602",
        name: "authorizer-type-mismatch",
        severity: Error,
        fix: None,
    }
}

impl Rule for AuthorizerTypeMismatch {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for route in &model.routes {
            let (Some(authorization), Some(type_entry)) = (authorization::of_route(model, route), route.authorization_type)
            else {
                continue;
            };
            let (Some(expected), Some(authorizer)) = (authorization.authorizer_type(), authorizer_of(model, route)) else {
                continue;
            };
            let Some(actual_entry) = authorizer.authorizer_type else { continue };
            let Some(actual) = model.known(Some(actual_entry)) else { continue };
            if actual.eq_ignore_ascii_case(expected) {
                continue;
            }
            let id = model.resource_id(authorizer.origin).unwrap_or("the authorizer");
            let message = format!(
                "`{}` authorization needs a `{expected}` authorizer, but `{id}` is a `{actual}` authorizer",
                authorization.name()
            );
            let diagnostic = checker
                .at(model, route.origin, type_entry.value.span, message)
                .with_related(actual_entry.value.span, format!("`{id}` is a `{actual}` authorizer"));
            checker.push(diagnostic);
        }
    }
}
