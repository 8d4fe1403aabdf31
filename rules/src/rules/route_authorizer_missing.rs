use apigw_model::api::Dialect;
use apigw_model::Model;

use crate::authorization::Authorization;
use apigw_model::template::alternatives;
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A route with `AuthorizationType` `JWT` or `CUSTOM` and no `AuthorizerId`, or with an
    /// `AuthorizerId` while its `AuthorizationType` is `NONE` or `AWS_IAM` (or not set: it
    /// defaults to `NONE`).
    ///
    /// ## Why
    /// JWT and Lambda authorization need an authorizer: the service rejects the route with
    /// "Invalid authorizer ID specified. Setting the authorization type to JWT requires a valid
    /// JWT authorizer". `NONE` and `AWS_IAM` take no authorizer, so an `AuthorizerId` beside them
    /// means the route is not protected the way the template suggests.
    ///
    /// Each case of an `AuthorizationType` behind `Fn::If` is checked; an `AuthorizerId` that is
    /// itself conditional counts as set only when it is set in every case.
    ///
    /// ## Example
    /// ```yaml
    /// Route:
    ///   Type: AWS::ApiGatewayV2::Route
    ///   Properties:
    ///     ApiId: !Ref Api
    ///     RouteKey: GET /orders
    ///     AuthorizationType: JWT
    /// ```
    ///
    /// ## Fix
    /// Add `AuthorizerId: !Ref JwtAuthorizer`, or set the `AuthorizationType` the authorizer is
    /// for.
    pub struct RouteAuthorizerMissing {
        code: "AGW601",
        name: "route-authorizer-missing",
        severity: Error,
        fix: None,
    }
}

impl Rule for RouteAuthorizerMissing {
    fn check(&self, model: &Model, checker: &mut Checker) {
        // SAM and OpenAPI name authorizers their own way (AGW806, AGW803).
        for route in model.routes.iter().filter(|route| route.origin.dialect == Dialect::CloudFormation) {
            let authorizer = route.authorizer.map(|link| link.entry);
            // Set in every case, and not to an empty string.
            let authorizer_set = authorizer.filter(|entry| {
                alternatives(&entry.value).iter().all(|alternative| {
                    alternative.is_some_and(|node| model.template.text(node).known() != Some(""))
                })
            });
            let Some(type_entry) = route.authorization_type else {
                if let Some(entry) = authorizer_set {
                    let message = "`AuthorizerId` is set, but `AuthorizationType` is not and defaults to `NONE`: the authorizer is not used";
                    checker.push(checker.at(model, route.origin, entry.key.span, message));
                }
                continue;
            };
            let mut found = Vec::new();
            model.template.each_known(&type_entry.value, &mut |text, node| {
                if let Some(authorization) = Authorization::parse(&text) {
                    found.push((authorization, node.span));
                }
            });
            for (authorization, span) in found {
                let name = authorization.name();
                let diagnostic = match (authorization.uses_authorizer(), authorizer, authorizer_set) {
                    (true, None, _) => checker.at(model, route.origin, span, format!("`{name}` authorization needs an `AuthorizerId`")),
                    (false, _, Some(entry)) => checker
                        .at(model, route.origin, span, format!("`{name}` authorization takes no authorizer, but `AuthorizerId` is set"))
                        .with_related(entry.key.span, "the authorizer is named here"),
                    _ => continue,
                };
                checker.push(diagnostic);
            }
        }
    }
}
