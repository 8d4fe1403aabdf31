use apigw_model::Model;
use apigw_model::api::{Dialect, Origin};
use apigw_syntax::Span;
use indexmap::IndexMap;

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// The same route key twice on one Api.
    ///
    /// ## What it checks
    /// Two `AWS::ApiGatewayV2::Route` resources with the same `RouteKey` on the same Api, or a
    /// route that repeats the route a quick-create Api makes from its `Target` (its `RouteKey`,
    /// `$default` when not set). SAM `HttpApi` events (`Method` and `Path`) and the paths of an
    /// OpenAPI definition (`Body`, `DefinitionBody`) count as routes of their Api: two events
    /// with the same route, or a Route resource that repeats a route of the definition, are
    /// reported (the Route resource, since the definition's routes are made with the Api). Route
    /// keys compare exactly: paths are case sensitive, and `GET /pets` and `ANY /pets` are
    /// different routes. Routes under different conditions are not compared, since they may
    /// never exist together.
    ///
    /// ## Why
    /// The service rejects the second route ("Route with key … already exists for this API")
    /// and CloudFormation rolls the stack back; the SAM transform fails on two events with the
    /// same route ("API method … defined multiple times for path …").
    ///
    /// ## Example
    /// ```yaml
    /// ListPets:
    ///   Type: AWS::ApiGatewayV2::Route
    ///   Properties: {ApiId: !Ref Api, RouteKey: GET /pets, Target: !Sub integrations/${List}}
    /// ListPetsV2:
    ///   Type: AWS::ApiGatewayV2::Route
    ///   Properties: {ApiId: !Ref Api, RouteKey: GET /pets, Target: !Sub integrations/${ListV2}}
    /// ```
    ///
    /// ## Fix
    /// Remove one of the routes, or give it another method or path.
    pub struct DuplicateRoute {
        code: "AGW202",
        name: "duplicate-route",
        severity: Error,
        fix: None,
    }
}

/// A route as far as duplicates go: where it is defined, the range of its key, and whether an
/// Api makes it by quick create.
struct Defined<'a> {
    origin: Origin<'a>,
    span: Span,
    quick_create: bool,
}

impl Rule for DuplicateRoute {
    fn check(&self, model: &Model, checker: &mut Checker) {
        let mut by_key: IndexMap<(usize, String), Vec<Defined>> = IndexMap::new();
        for (index, api) in model.apis.iter().enumerate() {
            // Quick create makes one route, `$default` unless `RouteKey` says otherwise.
            let Some(target) = api.target else { continue };
            let (key, span) = match api.route_key {
                Some(entry) => (model.known(Some(entry)), entry.value.span),
                None => (Some("$default".to_string()), target.key.span),
            };
            if let Some(key) = key {
                by_key.entry((index, key)).or_default().push(Defined { origin: api.origin, span, quick_create: true });
            }
        }
        // An OpenAPI definition (SAM events included) makes its routes with the Api, before any
        // Route resource of it: the Route resource is the one the service rejects.
        let mut routes: Vec<_> = model.routes.iter().collect();
        routes.sort_by_key(|route| route.origin.dialect == Dialect::CloudFormation);
        for route in routes {
            let (Some(api), Some(key)) = (route.api.and_then(|link| link.target), route.route_key.as_ref()) else { continue };
            if let Some(text) = &key.text {
                by_key.entry((api, text.clone())).or_default().push(Defined { origin: route.origin, span: key.span, quick_create: false });
            }
        }
        for ((api, key), routes) in &by_key {
            let api_name = model.describe(model.apis[*api].origin);
            for (index, route) in routes.iter().enumerate() {
                let Some(first) = routes[..index].iter().find(|first| model.coexist(first.origin, route.origin)) else { continue };
                let first_name = model.describe(first.origin);
                let note = if first.quick_create {
                    format!("quick create (`Target`) makes {first_name}'s `{key}` route")
                } else {
                    format!("{first_name} defines `{key}` first")
                };
                let diagnostic = checker
                    .at(model, route.origin, route.span, format!("route `{key}` is already defined on {api_name}"))
                    .with_related(first.span, note);
                checker.push(diagnostic);
            }
        }
    }
}
