use apigw_model::{Model, ResourceId};

use apigw_model::references::{dependencies, reachable};
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// An `AWS::ApiGatewayV2::Deployment` that does not depend on the `AWS::ApiGatewayV2::Route`
    /// resources of its Api, neither through `DependsOn` nor through references, directly or
    /// through other resources.
    ///
    /// Routes under a condition that the deployment does not share are left out: a `DependsOn` on
    /// a resource that may not exist is an error of its own.
    ///
    /// ## Why
    /// Nothing orders a deployment after the routes, so CloudFormation creates them in parallel.
    /// A deployment created before any route fails with "At least one route is required before
    /// deploying the Api"; one created before some of the routes deploys an API without them, and
    /// they answer 404 until the next deployment.
    ///
    /// ## Example
    /// ```yaml
    /// Deployment:
    ///   Type: AWS::ApiGatewayV2::Deployment
    ///   Properties:
    ///     ApiId: !Ref WebSocketApi
    /// ConnectRoute:
    ///   Type: AWS::ApiGatewayV2::Route
    ///   Properties:
    ///     ApiId: !Ref WebSocketApi
    ///     RouteKey: $connect
    /// ```
    ///
    /// ## Fix
    /// Add the routes to the deployment's `DependsOn` (the safe fix), or use a stage with
    /// `AutoDeploy: true` instead of a Deployment resource.
    pub struct DeploymentBeforeRoutes {
        code: "AGW106",
        name: "deployment-before-routes",
        severity: Warning,
        fix: Safe,
    }
}

const ROUTE: &str = "AWS::ApiGatewayV2::Route";

/// How many routes a diagnostic names; an Api with thousands of routes gets a readable message.
const MAX_LISTED: usize = 10;

/// `A`, `B` and `C`, or the first ones and how many more.
fn listed(names: &[&str]) -> String {
    let shown: Vec<String> = names.iter().take(MAX_LISTED).map(|name| format!("`{name}`")).collect();
    match names.len().saturating_sub(MAX_LISTED) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

impl Rule for DeploymentBeforeRoutes {
    fn check(&self, model: &Model, checker: &mut Checker) {
        let template = &model.template;
        let mut graph = None;
        for deployment in &model.deployments {
            let (Some(api), Some(id)) = (deployment.api.and_then(|link| link.target), deployment.origin.resource) else { continue };
            let resource = &template.resources[id];
            // A route under another condition may not exist: the deployment cannot depend on it.
            let routes: Vec<ResourceId> = model
                .routes_of(api)
                .filter_map(|route| route.origin.resource)
                .filter(|&route| template.resources[route].is_type(ROUTE))
                .filter(|&route| template.resources[route].condition.is_none() || template.coexist(route, id))
                .collect();
            if routes.is_empty() {
                continue;
            }
            let graph = graph.get_or_insert_with(|| dependencies(template));
            let reached = reachable(graph, id);
            let missing: Vec<ResourceId> = routes.iter().copied().filter(|&route| !reached[route]).collect();
            if missing.is_empty() {
                continue;
            }
            let api_id = model.resource_id(model.apis[api].origin).unwrap_or("its Api");
            let missing_ids: Vec<&str> = missing.iter().map(|&route| template.resources[route].id).collect();
            let names = listed(&missing_ids);
            let message = if missing.len() == routes.len() {
                format!(
                    "this deployment of `{api_id}` does not depend on its routes: it may be created first and fail with \"At least one route is required before deploying the Api\""
                )
            } else {
                format!("this deployment of `{api_id}` does not depend on {names}: the deployment may miss these routes")
            };
            let span = resource.depends_on_entry.map_or(resource.id_span, |entry| entry.value.span);
            let fix = checker.fix(format!("Add {names} to `DependsOn`"), [checker.editor.add_depends_on_all(resource, &missing_ids)]);
            let mut diagnostic = checker.at(model, deployment.origin, span, message).with_fix(fix);
            for &route in missing.iter().take(MAX_LISTED) {
                let route = &template.resources[route];
                diagnostic = diagnostic.with_related(route.id_span, format!("`{}` is a route of `{api_id}`", route.id));
            }
            checker.push(diagnostic);
        }
    }
}
