use apigw_model::Model;
use apigw_model::api::{Link, Origin};
use apigw_syntax::Span;

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A resource of one Api that names a resource of another Api of the template:
    /// - a Route whose `Target` integration or `AuthorizerId` authorizer has another `ApiId`;
    /// - a Stage whose `DeploymentId` names a Deployment of another Api;
    /// - a RouteResponse whose `RouteId` names a Route of another Api.
    ///
    /// Only Apis of the template are compared: an `ApiId` from a parameter or an import is not
    /// known.
    ///
    /// ## Why
    /// Integrations, authorizers, deployments and routes exist inside one Api. The service looks
    /// the id up in the resource's own Api and fails ("Invalid integration identifier specified",
    /// "Invalid Authorizer identifier specified") during the deployment.
    ///
    /// ## Example
    /// ```yaml
    /// OrdersRoute:
    ///   Type: AWS::ApiGatewayV2::Route
    ///   Properties:
    ///     ApiId: !Ref OrdersApi
    ///     RouteKey: GET /orders
    ///     Target: !Sub integrations/${UsersIntegration}   # UsersIntegration has ApiId: !Ref UsersApi
    /// ```
    ///
    /// ## Fix
    /// Name a resource of the same Api, or move the resource to the Api it belongs to.
    pub struct CrossApiReference {
        code: "AGW103",
        name: "cross-api-reference",
        severity: Error,
        fix: None,
    }
}

/// One element that names another: where the name is written, what it names, and the two Apis.
struct Crossing<'a> {
    /// "route", "stage", …
    kind: &'static str,
    origin: Origin<'a>,
    span: Span,
    /// "targets integration", "uses authorizer", …
    relation: &'static str,
    other: Origin<'a>,
    own_api: Option<usize>,
    other_api: Option<Link<'a>>,
}

impl Rule for CrossApiReference {
    fn check(&self, model: &Model, checker: &mut Checker) {
        let target = |link: Option<Link>| link.and_then(|link| link.target);
        let mut crossings = Vec::new();
        for route in &model.routes {
            if let (Some(index), Some(entry)) = (route.integration, route.target) {
                let integration = &model.integrations[index];
                crossings.push(Crossing {
                    kind: "route",
                    origin: route.origin,
                    span: entry.value.span,
                    relation: "targets integration",
                    other: integration.origin,
                    own_api: target(route.api),
                    other_api: integration.api,
                });
            }
            if let Some(link) = route.authorizer
                && let Some(index) = link.target
            {
                let authorizer = &model.authorizers[index];
                crossings.push(Crossing {
                    kind: "route",
                    origin: route.origin,
                    span: link.entry.value.span,
                    relation: "uses authorizer",
                    other: authorizer.origin,
                    own_api: target(route.api),
                    other_api: authorizer.api,
                });
            }
        }
        for stage in &model.stages {
            if let Some(link) = stage.deployment
                && let Some(index) = link.target
            {
                let deployment = &model.deployments[index];
                crossings.push(Crossing {
                    kind: "stage",
                    origin: stage.origin,
                    span: link.entry.value.span,
                    relation: "deploys",
                    other: deployment.origin,
                    own_api: target(stage.api),
                    other_api: deployment.api,
                });
            }
        }
        for response in &model.route_responses {
            if let Some(link) = response.route
                && let Some(index) = link.target
            {
                let route = &model.routes[index];
                crossings.push(Crossing {
                    kind: "route response",
                    origin: response.origin,
                    span: link.entry.value.span,
                    relation: "responds to route",
                    other: route.origin,
                    own_api: target(response.api),
                    other_api: route.api,
                });
            }
        }
        for crossing in crossings {
            let (Some(own), Some(other_link)) = (crossing.own_api, crossing.other_api) else { continue };
            let Some(other) = other_link.target.filter(|&other| other != own) else { continue };
            let name = |origin| model.resource_id(origin).unwrap_or("?");
            let (own_name, other_name) = (name(model.apis[own].origin), name(model.apis[other].origin));
            let message = format!(
                "{} of `{own_name}` {} `{}`, which belongs to `{other_name}`",
                crossing.kind,
                crossing.relation,
                name(crossing.other)
            );
            let diagnostic = checker
                .at(model, crossing.origin, crossing.span, message)
                .with_related(other_link.entry.value.span, format!("`{}` belongs to `{other_name}`", name(crossing.other)));
            checker.push(diagnostic);
        }
    }
}
